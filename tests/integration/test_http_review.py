#!/usr/bin/env python3
"""test_http_review.py — regression tests of the security review of
`vigil serve`: one section per finding, each asserting the intended
behaviour (docs/api.md, docs/serve.md, docs/need-to-know.md).

 1 the second factor goes with what one sees, not with a role: without a
   TOTP code an assignee or a grantee sees only their own reports and
   public issues; GET /me says mfa_required for every global role,
   maintainer, architect, release manager, assignee and grantee
 2 a token made by a session without a second factor stays restricted
   after its owner becomes psirt
 3 nobody changes their own global roles; over the network an admin who
   is not psirt may not reset the sign-in of someone who sees embargoed
   data (locally it still works)
 4 a release manager may not create a backport to their release (and with
   it their own access) on an issue they cannot work on
 5 a disabled person cannot sign in
 6 an anonymous request to a route that needs a person is answered 401
   at once, before its (announced, never sent) 10 MiB body
 7 one TOTP code used by 8 parallel logins is accepted at most once
 8 /metrics is for admins and psirt
 9 a login refused by the throttle writes no audit event
10 password reset, TOTP reset and `user disable` revoke API tokens; a
   bearer token cannot create tokens
11 `vigil serve --secure-cookies` marks the cookie Secure over plain HTTP
12 a duplicate of a hidden issue does not reveal that issue's key
13 the scheduler inside `vigil serve` counts what it publishes in /metrics

People (CLI, local mode): admin (from `vigil init`), alice and carol
(psirt), dora (director), nina (maintainer of net), archie (architect of
net), larry (release manager of v1.0.0), dan (assignee of SEC-2), gina
(granted SEC-2), rita (a plain reporter), rep (reporter, manager of
v9.1.0), oscar (reporter, the target of resets), dev (a developer who
later becomes psirt, then is disabled), tina (TOTP race), tom (throttle).

Issues (CLI):
  SEC-1  rita's, published by the scheduler (embargo over): public
  SEC-2  rita's, net, embargoed, assigned to dan, granted to gina
  SEC-3  rep's, embargoed (triage)
  SEC-4  oscar's, net, embargoed until 2026-01-20 (for the scheduler)
  SEC-5  rita's, rejected as a duplicate of SEC-3 (which rita cannot see)

The first failed check ends the script unless VIGIL_TEST_KEEP_GOING=1.

Usage: test_http_review.py PATH-TO-VIGIL
"""

import os
import sys
import threading
import urllib.parse
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import (API, CheckAbort, HttpHarness, MISSING_KEY, Server,  # noqa: E402
                         Totp, _Note, parse_line, raw_status, raw_until)

T0 = "2026-01-01T09:00:00Z"
T1 = "2026-01-05T10:00:00Z"           # the main server's clock
T_SCHED = "2026-01-21T10:00:00Z"      # after SEC-4's embargo ended
CVSS = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
PUB, EMB, REP_EMB, SCHED, DUP = "SEC-1", "SEC-2", "SEC-3", "SEC-4", "SEC-5"
EMB_TITLE = "net: TCP window underflow on a crafted SYN"
REP_TITLE = "shell: command injection in the history expansion"
UPLOAD_MAX = 10485760                 # 10 MiB, the attachment route's limit

PEOPLE = [("alice", ["psirt"]), ("carol", ["psirt"]), ("dora", ["director"]),
          ("nina", []), ("archie", []), ("larry", []), ("dan", []), ("gina", []),
          ("rita", []), ("rep", []), ("oscar", []), ("dev", []), ("tina", []),
          ("tom", [])]


def metric(text, name):
    """The value of the unlabelled Prometheus sample `name`, or None."""
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == name:
            try:
                return float(parts[1])
            except ValueError:
                return None
    return None


class Review:
    def __init__(self, h):
        self.h = h
        self.pw = {}
        self.tok = {}          # CLI-made tokens (count as a second factor given)
        self.totp = {}         # login -> Totp of who enrolled over HTTP
        self.sess = {}         # login -> Client with a session

    # ------------------------------------------------------------------ helpers

    def login(self, login, otp=None, label=None, what=None):
        """A new session of login (password, and otp when given)."""
        h = self.h
        c = h.client(label or login)
        r = c.login(login, self.pw.get(login, ""), otp)
        h.ok_json(r, 200, what or "%s signs in" % login, dict)
        return c

    def bearer(self, login, name=None):
        """A client with login's CLI-made token (default name LOGIN-ci)."""
        name = name or login + "-ci"
        c = self.h.client("%s's CLI token %s" % (login, name))
        c.token = self.tok[name]
        return c

    def enrol(self, c, login, what=None):
        """Enrol TOTP with the session c (POST /me/totp, /me/totp/confirm)."""
        h = self.h
        r = c.post(API + "/me/totp")
        j = h.ok_json(r, 200, what or "%s starts TOTP enrolment" % login, dict)
        t = Totp(j.get("secret") or "A" * 32)
        r = c.post(API + "/me/totp/confirm", {"code": t.next(T1)})
        if h.ok_json(r, 200, "%s confirms the TOTP code" % login, dict):
            self.totp[login] = t
        return t

    def view(self, c, key):
        """(status, view) of c's GET /issues/KEY."""
        r = c.get(API + "/issues/" + key)
        return (r.status, r.jobj().get("view"))

    def hidden(self, c, key, what):
        """GET of key answers byte-identically like the missing SEC-999 (404)."""
        h = self.h
        r1 = c.get(API + "/issues/" + key)
        r2 = c.get(API + "/issues/" + MISSING_KEY)
        h.check(r1.status == 404, "%s: GET /issues/%s -> 404 (%s)" % (c.label, key, what), r1)
        h.same_answer(r1, r2, "%s: GET /issues/%s answers byte-identically like %s (%s)" % (
            c.label, key, MISSING_KEY, what))
        return r1

    def list_keys(self, c):
        r = c.get(API + "/issues")
        return r, [i.get("key") for i in r.jobj().get("items", []) if isinstance(i, dict)]

    # ------------------------------------------------------------------ setup

    def setup(self):
        h = self.h
        h.section = "setup"
        h.now = T0
        r = h.ok("init", "--admin", "admin", "--email", "admin@example.org",
                 what="vigil init creates the database with the admin 'admin'")
        self.pw["admin"] = parse_line(r.out, "password")
        for login, roles in PEOPLE:
            args = ["user", "add", login, "--email", "%s@example.org" % login]
            for ro in roles:
                args += ["--role", ro]
            h.ok(*args, as_="admin", what="admin adds %s" % login)
        h.ok("subsystem", "add", "net", "--path", "subsys/net/**", "--maintainer", "nina",
             "--architect", "archie", as_="admin", what="admin adds net (nina, archie)")
        h.ok("release", "add", "v1.0.0", "--branch", "main", "--date", "2025-06-01",
             "--manager", "larry", as_="alice", what="psirt adds v1.0.0, managed by larry")
        h.ok("release", "add", "v9.1.0", "--branch", "v9.1-branch", "--date", "2026-06-01",
             "--manager", "rep", as_="alice", what="psirt adds v9.1.0, managed by rep")
        h.ok("cve", "reserve", "CVE-2026-0001..CVE-2026-0009", as_="alice",
             what="psirt reserves CVE ids")
        h.ok("report", "--title", "net: DNS resolver overflow on a long CNAME chain",
             "--description", "A long CNAME chain.", as_="rita", what="rita reports SEC-1")
        h.now = "2026-01-02T09:00:00Z"
        h.ok("issue", "ack", PUB, as_="alice", what="psirt acknowledges SEC-1")
        h.ok("issue", "set", PUB, "--subsystem", "net", "--embargo", "yes",
             "--embargo-until", "2026-01-03", as_="alice", what="SEC-1's embargo ends soon")
        h.ok("cve", "assign", PUB, "CVE-2026-0001", as_="alice", what="CVE for SEC-1")
        h.ok("report", "--title", EMB_TITLE, "--description", "Window scaling.",
             "--subsystem", "net", as_="rita", what="rita reports SEC-2")
        h.ok("issue", "ack", EMB, as_="alice", what="psirt acknowledges SEC-2")
        h.ok("issue", "set", EMB, "--priority", "P2", "--cvss", CVSS, "--embargo", "yes",
             as_="alice", what="psirt triages SEC-2 (embargoed)")
        h.ok("issue", "assign", EMB, "dan", as_="alice", what="SEC-2 assigned to dan")
        h.ok("issue", "grant", EMB, "gina", "--reason", "knows the TCP code", as_="alice",
             what="psirt grants gina SEC-2")
        h.ok("report", "--title", REP_TITLE, "--description", "Via !! expansion.",
             as_="rep", what="rep reports SEC-3")
        h.ok("issue", "ack", REP_EMB, as_="alice", what="psirt acknowledges SEC-3")
        h.ok("issue", "set", REP_EMB, "--embargo", "yes", as_="alice",
             what="SEC-3 is embargoed")
        h.ok("report", "--title", "net: ARP cache poisoning via gratuitous replies",
             "--description", "Gratuitous ARP.", "--subsystem", "net", as_="oscar",
             what="oscar reports SEC-4")
        h.ok("issue", "ack", SCHED, as_="alice", what="psirt acknowledges SEC-4")
        h.ok("issue", "set", SCHED, "--embargo", "yes", "--embargo-until", "2026-01-20",
             as_="alice", what="SEC-4's embargo ends on 2026-01-20")
        h.ok("cve", "assign", SCHED, "CVE-2026-0004", as_="alice", what="CVE for SEC-4")
        h.ok("report", "--title", "shell: history expansion runs commands",
             "--description", "Probably known already.", as_="rita",
             what="rita reports SEC-5")
        h.ok("issue", "ack", DUP, as_="alice", what="psirt acknowledges SEC-5")
        h.ok("issue", "reject", DUP, "--resolution", "duplicate", "--duplicate-of", REP_EMB,
             as_="alice", what="psirt rejects SEC-5 as a duplicate of SEC-3")
        h.now = "2026-01-04T09:00:00Z"
        h.ok("tick", as_="alice", what="the scheduler publishes SEC-1")
        j = h.js("issue", "show", PUB, "--json")
        h.check(j and j.get("state") == "public", "SEC-1 is public", h.last)
        h.now = T1
        for login, _ in PEOPLE:
            self.pw[login] = h.cli_password(login, as_="admin")
        for login, name in (("carol", "carol-ci"), ("rep", "rep-ci"), ("oscar", "oscar-1")):
            self.tok[name] = h.cli_token(login, name, "write")

    # ------------------------------------------------------------------ 1

    def second_factor(self):
        h = self.h
        h.section = "1 second factor"
        for login, why in (("admin", "global role admin"), ("alice", "global role psirt"),
                           ("dora", "global role director"),
                           ("nina", "maintainer of net"), ("archie", "architect of net"),
                           ("larry", "release manager"), ("dan", "assignee of SEC-2"),
                           ("gina", "grant on SEC-2"), ("rita", "a plain reporter")):
            c = self.login(login, label="%s (password only)" % login)
            want = login != "rita"
            h.check(c.login_answer.get("mfa_required") is want,
                    "login answer of %s (%s): mfa_required %s" % (login, why, want), c.last)
            r = c.get(API + "/me")
            j = h.ok_json(r, 200, "%s: GET /me" % login, dict)
            h.check(j.get("mfa_required") is want and j.get("mfa") is False,
                    "GET /me of %s (%s): mfa_required %s, mfa false" % (login, why, want), r)
            self.sess[login] = c
        for login in ("dan", "gina"):
            c = self.sess[login]
            r = self.hidden(c, EMB, "no second factor given")
            h.not_in(r, [EMB_TITLE], "%s sees no embargoed title" % login)
            for p in ("/comments", "/backports", "/history"):
                r1 = c.get(API + "/issues/" + EMB + p)
                r2 = c.get(API + "/issues/" + MISSING_KEY + p)
                h.same_answer(r1, r2, "%s: GET /issues/%s%s answers like %s" % (
                    login, EMB, p, MISSING_KEY))
            r, keys = self.list_keys(c)
            h.eq(keys, [PUB], "%s without a second factor lists only the public SEC-1" % login,
                 r)
            h.not_in(r, [EMB_TITLE], "no embargoed title in %s's list" % login)
        rita = self.sess["rita"]
        h.eq(self.view(rita, EMB), (200, "reporter"),
             "rita (plain reporter, no TOTP) sees her embargoed report SEC-2, reporter view",
             rita.last)
        r = rita.post(API + "/issues/%s/comments" % EMB, {"text": "Any news on this one?"})
        h.ok_json(r, 201, "rita comments on her own report without TOTP", dict)
        r = rita.get(API + "/issues/%s/comments" % EMB)
        h.check(any(isinstance(x, dict) and x.get("text") == "Any news on this one?" and
                    x.get("visibility") == "shared" and x.get("author") == "rita"
                    for x in r.jlist()),
                "rita's comment is there, shared", r)
        dan = self.sess["dan"]
        self.enrol(dan, "dan", "the assignee dan enrols TOTP")
        h.eq(self.view(dan, EMB), (200, "full"),
             "after enrolling dan (assignee) sees SEC-2 in full", dan.last)
        r = dan.get(API + "/me")
        h.check(r.jobj().get("mfa") is True, "dan's GET /me: mfa true after enrolment", r)
        admin = self.sess["admin"]
        self.enrol(admin, "admin", "admin enrols TOTP (for the admin sections)")
        self.admin = admin

    # ------------------------------------------------------------------ 2

    def early_token(self):
        h = self.h
        h.section = "2 token before the second factor"
        dev = self.login("dev", label="dev (no role yet)")
        self.sess["dev"] = dev
        h.check(dev.login_answer.get("mfa_required") is False,
                "dev without any role needs no second factor", dev.last)
        r = dev.post(API + "/me/tokens", {"name": "dev-early", "scope": "read"})
        j = h.ok_json(r, 201, "dev makes a token with his password-only session", dict)
        early = h.client("dev's token made before the second factor")
        early.token = j.get("token")
        h.ok("user", "role", "dev", "--add", "psirt", as_="admin",
             what="admin makes dev psirt (CLI)")
        r = self.hidden(early, EMB, "token made without a second factor, owner now psirt")
        h.not_in(r, [EMB_TITLE], "no embargoed title")
        self.hidden(early, REP_EMB, "the same token on SEC-3")
        r, keys = self.list_keys(early)
        h.check(EMB not in keys and REP_EMB not in keys,
                "the early token lists no embargoed issue (%r)" % keys, r)
        # control: the same person with a token made locally sees it
        self.tok["dev-local"] = h.cli_token("dev", "dev-local", "read")
        r = self.bearer("dev", "dev-local").get(API + "/issues/" + EMB)
        j = h.ok_json(r, 200, "control: dev's CLI token (second factor given) reads SEC-2",
                      dict)
        h.eq(j.get("view"), "full", "control: full view for psirt", r)

    # ------------------------------------------------------------------ 3 (and 10)

    def people(self):
        h = self.h
        h.section = "3 resets by a plain admin"
        admin = getattr(self, "admin", None) or self.login("admin")
        for login, who in (("alice", "psirt"), ("nina", "maintainer"), ("dan", "assignee"),
                           ("gina", "grantee"), ("larry", "release manager")):
            for what in ("password-reset", "totp-reset"):
                h.unchanged("plain admin: %s of %s (%s)" % (what, login, who),
                            lambda login=login, what=what: h.problem(
                                admin.post(API + "/people/%s/%s" % (login, what)), 403,
                                "plain admin POST /people/%s/%s (%s)" % (login, what, who)))
        # the same for a plain reporter target is allowed, and revokes tokens (10)
        oscar = self.login("oscar")
        self.enrol(oscar, "oscar")
        t1 = self.bearer("oscar", "oscar-1")
        h.ok_json(t1.get(API + "/me"), 200, "oscar's CLI token works before the reset", dict)
        r = admin.post(API + "/people/oscar/password-reset")
        j = h.ok_json(r, 200, "plain admin resets the password of oscar (plain reporter)",
                      dict)
        h.check(len(j.get("password") or "") >= 12, "the new password is in the answer", r)
        self.pw["oscar"] = j.get("password") or ""
        h.section = "10 tokens revoked, no token from a token"
        h.problem(t1.get(API + "/me"), 401, "oscar's token after the password reset (HTTP)")
        h.problem(oscar.get(API + "/me"), 401, "oscar's session after the password reset")
        self.tok["oscar-2"] = h.cli_token("oscar", "oscar-2", "write")
        t2 = self.bearer("oscar", "oscar-2")
        h.ok_json(t2.get(API + "/me"), 200, "oscar's new CLI token works", dict)
        h.section = "3 resets by a plain admin"
        r = admin.post(API + "/people/oscar/totp-reset")
        h.ok_json(r, 200, "plain admin resets the TOTP of oscar (plain reporter)", dict)
        h.section = "10 tokens revoked, no token from a token"
        h.problem(t2.get(API + "/me"), 401, "oscar's token after the TOTP reset (HTTP)")
        h.section = "3 resets by a plain admin"
        self.tok["alice-old"] = h.cli_token("alice", "alice-old", "read")
        a_old = self.bearer("alice", "alice-old")
        h.ok_json(a_old.get(API + "/me"), 200, "alice's CLI token works before the reset",
                  dict)
        r = h.ok("user", "password", "alice", as_="admin",
                 what="locally `vigil --as admin user password alice` still works")
        pw = parse_line(r.out, "password")
        h.check(pw is not None and len(pw) >= 12, "it prints 'password: ...'", r)
        self.pw["alice"] = pw or ""
        self.login("alice", what="alice signs in with the password reset locally")
        h.section = "10 tokens revoked, no token from a token"
        h.problem(a_old.get(API + "/me"), 401, "alice's token after the local password reset")
        for login in ("carol", "rep"):
            c = self.bearer(login)
            h.unchanged("%s's write token creates a token" % login, lambda c=c: h.problem(
                c.post(API + "/me/tokens", {"name": "from-token", "scope": "read"}), 403,
                "%s: POST /me/tokens with a bearer write token" % c.label))

    def own_roles(self):
        """Last: should a change of one's own roles get through, it must not
        change what the other sections see."""
        h = self.h
        h.section = "3 own roles"
        admin = getattr(self, "admin", None) or self.login("admin")
        h.unchanged("admin adds psirt to himself", lambda: h.problem(
            admin.patch(API + "/people/admin", {"add_roles": ["psirt"]}), 403,
            "PATCH /people/admin {add_roles: [psirt]} by admin"))
        h.unchanged("admin removes his own admin role", lambda: h.problem(
            admin.patch(API + "/people/admin", {"remove_roles": ["admin"]}), 403,
            "PATCH /people/admin {remove_roles: [admin]} by admin"))
        # control: the same admin session may change another person's roles
        r = admin.patch(API + "/people/oscar", {"add_roles": ["director"]})
        h.ok_json(r, 200, "control: admin gives oscar the director role", dict)
        r = admin.patch(API + "/people/oscar", {"remove_roles": ["director"]})
        h.ok_json(r, 200, "control: admin takes it back", dict)
        # on the database file itself the holder is trusted (docs/need-to-know.md):
        # that is how an installation gets its first psirt member
        h.ok("user", "role", "admin", "--add", "psirt", as_="admin",
             what="locally `vigil --as admin user role admin --add psirt` works")

    # ------------------------------------------------------------------ 4

    def backports(self):
        h = self.h
        h.section = "4 release manager's backport"
        rep = self.bearer("rep")
        h.eq(self.view(rep, PUB), (200, "public"), "rep sees SEC-1 as the public", rep.last)
        h.eq(self.view(rep, REP_EMB), (200, "reporter"), "rep sees his SEC-3 as its reporter",
             rep.last)

        def views():
            """rep's views of SEC-1 and SEC-3 and the backports table"""
            return (self.view(rep, PUB), self.view(rep, REP_EMB),
                    h.sql("SELECT issue_id, release_id, state FROM backport ORDER BY id"))

        for key in (PUB, REP_EMB):
            h.unchanged("rep creates a v9.1.0 backport of %s (HTTP)" % key, lambda key=key: h.check(
                rep.put(API + "/issues/%s/backports/v9.1.0" % key, {"state": "needed"}).status
                in (403, 404),
                "rep (manager of v9.1.0, CLI token): PUT /issues/%s/backports/v9.1.0 "
                "{state: needed} -> 403/404" % key, rep.last), views)
            h.unchanged("rep creates a v9.1.0 backport of %s (CLI)" % key, lambda key=key: h.refused(
                "backport", "set", key, "v9.1.0", "needed", as_="rep",
                what="`vigil --as rep backport set %s v9.1.0 needed` is refused" % key), views)
        h.eq(self.view(rep, PUB), (200, "public"), "rep still sees SEC-1 as the public",
             rep.last)
        h.eq(self.view(rep, REP_EMB), (200, "reporter"), "rep still sees SEC-3 as its reporter",
             rep.last)
        r = rep.get(API + "/issues/" + REP_EMB)
        h.check("backports" not in r.jobj() or r.jobj().get("backports") in ([], None),
                "rep's reporter view of SEC-3 holds no backport", r)
        # control: the same request from psirt is well-formed and accepted
        r = self.bearer("carol").put(API + "/issues/%s/backports/v9.1.0" % PUB,
                                     {"state": "needed"})
        h.ok_json(r, 200, "control: psirt (carol) sets the same backport of SEC-1", dict)

    # ------------------------------------------------------------------ 12

    def duplicate(self):
        h = self.h
        h.section = "12 duplicate of a hidden issue"
        rita = self.sess.get("rita") or self.login("rita")
        r = rita.get(API + "/issues/" + DUP)
        j = h.ok_json(r, 200, "rita reads her rejected SEC-5", dict)
        h.check(j.get("resolution") == "duplicate" and "duplicate_of" in j and
                j.get("duplicate_of") is None,
                "rita's SEC-5: resolution duplicate, duplicate_of null (SEC-3 is hidden)", r)
        h.not_in(r, [REP_EMB, REP_TITLE], "rita's SEC-5 names no SEC-3")
        r = rita.get(API + "/issues?state=rejected")
        h.not_in(r, [REP_EMB, REP_TITLE], "rita's list of rejected issues names no SEC-3")
        j = h.js("issue", "show", DUP, "--json", as_="rita")
        h.check(j is not None and j.get("duplicate_of") is None,
                "CLI: `vigil --as rita issue show SEC-5 --json`: duplicate_of null", h.last)
        r = self.bearer("carol").get(API + "/issues/" + DUP)
        j = h.ok_json(r, 200, "psirt reads SEC-5", dict)
        h.eq(j.get("duplicate_of"), REP_EMB, "psirt sees duplicate_of SEC-3", r)

    # ------------------------------------------------------------------ 8

    def metrics(self):
        h = self.h
        h.section = "8 /metrics"
        r = h.client().get("/metrics")
        h.status(r, 401, "anonymous GET /metrics")
        h.not_in(r, ["vigil_http_requests_total"], "anonymous gets no metrics")
        rita = self.sess.get("rita") or self.login("rita")
        r = rita.get("/metrics")
        h.status(r, 403, "a reporter's (rita's session) GET /metrics")
        h.not_in(r, ["vigil_http_requests_total"], "rita gets no metrics")
        admin = getattr(self, "admin", None) or self.login("admin")
        r = admin.get("/metrics")
        h.check(r.status == 200 and r.ctype == "text/plain" and
                "vigil_http_requests_total" in r.text,
                "admin's session: GET /metrics -> 200 Prometheus text", r)
        r = self.bearer("carol").get("/metrics")
        h.check(r.status == 200 and "vigil_http_requests_total" in r.text,
                "psirt (carol's CLI token): GET /metrics -> 200", r)

    # ------------------------------------------------------------------ 9

    def throttle(self):
        h = self.h
        h.section = "9 throttled logins"
        a = h.client("anonymous")
        n0 = h.audit_max()
        for i in range(5):
            h.problem(a.login("tom", "wrong-password-%d" % i), 401,
                      "tom's wrong password #%d" % (i + 1))
        ev = [e for e in h.audit_since(n0) if e[2] == "login.failure" and e[3] == "tom"]
        h.eq(len(ev), 5, "the 5 real failures are audited (login.failure on tom)")
        n = h.audit_count()
        r = a.login("tom", self.pw["tom"])
        h.problem(r, 429, "the 6th login of tom (right password) is throttled")
        r = a.login("tom", "wrong-password-again")
        h.problem(r, 429, "the 7th (wrong password) is throttled")
        n2 = h.audit_count()
        h.eq(n2, n, "the throttled logins write no audit event (new: %r)" % (
            h.audit_since(h.audit_max() - max(n2 - n, 0))[:4],), r)

    # ------------------------------------------------------------------ 7

    def totp_race(self):
        h = self.h
        h.section = "7 one TOTP code, 8 parallel logins"
        tina = self.login("tina")
        t = self.enrol(tina, "tina")
        code = t.next(T1)
        h.check(code is not None, "a fresh TOTP step is left for tina")
        clients = [h.client("tina #%d" % i) for i in range(8)]
        answers = [None] * 8
        barrier = threading.Barrier(8)

        def go(i):
            try:
                barrier.wait(10)
            except threading.BrokenBarrierError:
                pass
            answers[i] = clients[i].login("tina", self.pw["tina"], code)

        threads = [threading.Thread(target=go, args=(i,)) for i in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(60)
        st = [a.status if a is not None else None for a in answers]
        note = _Note("statuses: %r\n%s" % (st, "\n".join(
            a.describe() for a in answers if a is not None and a.status == 200)))
        # (503: more sign-ins at once than LIM_HTTP_LOGINS_AT_ONCE)
        h.check(all(s in (200, 401, 429, 503) for s in st),
                "all 8 parallel logins are answered 200, 401, 429 or 503 (%r)" % st, note)
        h.check(sum(s in (200, 401) for s in st) >= 2,
                "at least two of them reached the password check (%r)" % st, note)
        h.check(st.count(200) <= 1,
                "one TOTP code is accepted by at most one of 8 parallel logins (%d were)" %
                st.count(200), note)

    # ------------------------------------------------------------------ 6

    def early_401(self):
        h = self.h
        h.section = "6 401 before the body"
        port = h.server.port
        for path, ctype, length in (
                (API + "/issues/%s/attachments?name=poc.bin" % PUB,
                 "application/octet-stream", UPLOAD_MAX),
                (API + "/issues", "application/json", 100000)):
            req = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: %s\r\n"
                   "Content-Length: %d\r\n\r\n" % (path, port, ctype, length)).encode()
            got, secs, closed = raw_until(port, req, b"\r\n", timeout=2.0)
            note = _Note("request: POST %s, Content-Length: %d, no body sent (anonymous)\n"
                         "answer within 2 s: %r%s" % (path, length, got[:300],
                                                      " (closed)" if closed else ""))
            h.check(raw_status(got) == 401 and secs is not None,
                    "anonymous POST %s announcing %d bytes: 401 within 2 s, before any body "
                    "byte (%s)" % (path, length, "%.3f s" % secs if secs is not None else
                                   "no status line"), note)
        h.check(h.client().get("/healthz").status == 200,
                "the server still answers after the abandoned uploads")

    # ------------------------------------------------------------------ 5 (and 10)

    def disabled(self):
        h = self.h
        h.section = "5 disabled person"
        dl = self.bearer("dev", "dev-local")
        h.ok_json(dl.get(API + "/me"), 200, "dev's CLI token works before the disable", dict)
        h.ok("user", "disable", "dev", as_="admin", what="`vigil --as admin user disable dev`")
        r = h.client("dev (disabled)").login("dev", self.pw["dev"])
        h.problem(r, 401, "disabled dev signs in with the right password")
        h.check(not r.header_all("Set-Cookie") or all(
            "vigil_session=;" in v for v in r.header_all("Set-Cookie")),
            "no session cookie for a disabled person", r)
        if "dev" in self.sess:
            h.problem(self.sess["dev"].get(API + "/me"), 401,
                      "dev's session from before the disable")
        h.section = "10 tokens revoked, no token from a token"
        h.problem(dl.get(API + "/me"), 401, "dev's CLI token after `user disable dev`")
        # revoked, not just refused while disabled: enabling dev again does not revive it
        h.ok("user", "enable", "dev", as_="admin", what="`vigil --as admin user enable dev`")
        h.problem(dl.get(API + "/me"), 401,
                  "dev's CLI token made before `user disable dev`, after `user enable dev`")
        rows = h.sql("SELECT t.name, t.revoked_at FROM api_token t JOIN person p ON "
                     "p.id = t.person_id WHERE p.login = 'dev' ORDER BY t.name")
        h.check(rows and all(rev is not None for _, rev in rows),
                "every API token of dev is marked revoked in the database (%r)" % (rows,))
        if "dev" in self.sess:
            h.problem(self.sess["dev"].get(API + "/me"), 401,
                      "dev's session from before the disable, after `user enable dev`")

    # ------------------------------------------------------------------ 11

    def other_server(self, now, args, what):
        h = self.h
        s = Server(h.vigil, h.db, h.tmp, now, args)
        h.servers.append(s)
        ok = s.start()
        h.check(ok, what, s)
        if not ok:
            s.stop()
            return None
        return s

    def secure_cookies(self):
        h = self.h
        h.section = "11 --secure-cookies"
        c = h.client("rita (plain HTTP, no flag)")
        r = c.login("rita", self.pw["rita"])
        ck = " ".join(r.header_all("Set-Cookie")).lower()
        h.check(r.status == 200 and "vigil_session=" in ck and "secure" not in ck,
                "without --secure-cookies on plain HTTP the cookie is not Secure", r)
        s = self.other_server(T1, ["--secure-cookies", "--tick", "0"],
                              "`vigil serve --secure-cookies --tick 0` starts")
        if s is None:
            return
        c = h.client("rita (plain HTTP, --secure-cookies)")
        c.port = s.port
        r = c.login("rita", self.pw["rita"])
        ck = r.header_all("Set-Cookie")
        attrs = [a.strip().lower() for a in (ck[0].split(";")[1:] if ck else [])]
        h.check(r.status == 200 and len(ck) == 1 and
                ck[0].startswith("__Host-vigil_session=") and
                "secure" in attrs and "httponly" in attrs and "samesite=strict" in attrs,
                "with --secure-cookies the cookie is __Host-vigil_session, Secure; HttpOnly; "
                "SameSite=Strict over plain HTTP", r)
        r = c.get(API + "/me")
        h.check(r.status == 200, "the __Host- session cookie signs rita in", r)
        tossed = h.client("a tossed unprefixed cookie (--secure-cookies)")
        tossed.port = s.port
        tossed.cookies["vigil_session"] = c.cookies.get("__Host-vigil_session", "x")
        r = tossed.get(API + "/me")
        h.check(r.status == 401, "with --secure-cookies an unprefixed vigil_session cookie "
                "is not read, even with a live session in it", r)
        # the signed-out form token: __Host-vigil_csrf, and only that one counts
        anon = h.client("anonymous (--secure-cookies)")
        anon.port = s.port
        r = anon.get("/login")
        ck = " ".join(r.header_all("Set-Cookie"))
        token = anon.cookies.get("__Host-vigil_csrf")
        h.check(r.status == 200 and ck.startswith("__Host-vigil_csrf=") and "Secure" in ck and
                token is not None and "vigil_csrf" not in anon.cookies,
                "a signed-out visitor gets the form token as __Host-vigil_csrf; Secure", r)
        planted = h.client("anonymous with a planted unprefixed form token")
        planted.port = s.port
        planted.cookies["vigil_csrf"] = "a" * 64
        r = planted.request("POST", "/login", body=urllib.parse.urlencode(
            {"csrf": "a" * 64, "login": "rita", "password": self.pw["rita"]}).encode(),
            content_type="application/x-www-form-urlencoded")
        h.check(r.status == 403 and "__Host-vigil_session" not in " ".join(
            r.header_all("Set-Cookie")), "a sign-in form whose token matches only a planted "
            "unprefixed vigil_csrf cookie is refused (403), nobody signed in", r)
        r = anon.request("POST", "/login", body=urllib.parse.urlencode(
            {"csrf": token or "", "login": "rita", "password": self.pw["rita"]}).encode(),
            content_type="application/x-www-form-urlencoded")
        h.check(r.status == 303 and "__Host-vigil_session=" in " ".join(
            r.header_all("Set-Cookie")), "the same form with the __Host- token signs rita in", r)
        r = c.post(API + "/logout")
        ck = " ".join(r.header_all("Set-Cookie")).lower()
        h.check(r.status == 200 and "secure" in ck,
                "the logout's clearing cookie is Secure too", r)
        h.eq(s.stop(), 0, "the --secure-cookies server stops cleanly", s)

    # ------------------------------------------------------------------ 13

    def scheduler(self):
        h = self.h
        h.section = "13 scheduler metrics"
        j = h.js("issue", "show", SCHED, "--json", as_="carol")
        h.check(j is not None and j.get("state") != "public",
                "SEC-4 is not public before its embargo ends", h.last)
        s = self.other_server(T_SCHED, ["--tick", "1"],
                              "`vigil serve --tick 1` starts at %s" % T_SCHED)
        if s is None:
            return
        c = h.client("admin at %s" % T_SCHED)
        c.port = s.port
        t = self.totp.get("admin")
        r = c.login("admin", self.pw["admin"], t.next(T_SCHED) if t else None)
        h.ok_json(r, 200, "admin signs in to the second server", dict)
        deadline = time.monotonic() + 4.0
        val = None
        while time.monotonic() < deadline:
            time.sleep(0.5)
            r = c.get("/metrics")
            val = metric(r.text, "vigil_scheduler_published_total")
            if r.status == 200 and val is not None and val >= 1:
                break
        h.check(r.status == 200 and val is not None and val >= 1,
                "vigil_scheduler_published_total >= 1 after the scheduler published SEC-4 "
                "(read %r)" % val, r)
        runs = metric(r.text, "vigil_scheduler_runs_total")
        h.check(runs is not None and runs >= 1, "vigil_scheduler_runs_total >= 1 (%r)" % runs,
                r)
        j = h.js("issue", "show", SCHED, "--json", now=T_SCHED)
        h.check(j is not None and j.get("state") == "public",
                "SEC-4 is public: the scheduler did publish it", h.last)
        h.eq(s.stop(), 0, "the --tick 1 server stops cleanly", s)


def main():
    h = HttpHarness(sys.argv, "http-review")
    rv = Review(h)
    try:
        h.section_run("setup", rv.setup)
        h.start_server(T1)
        for name, fn in (("1", rv.second_factor), ("2", rv.early_token),
                         ("3+10", rv.people), ("4", rv.backports), ("12", rv.duplicate),
                         ("8", rv.metrics), ("9", rv.throttle), ("7", rv.totp_race),
                         ("6", rv.early_401), ("5", rv.disabled),
                         ("11", rv.secure_cookies), ("13", rv.scheduler),
                         ("3 own roles", rv.own_roles)):
            if h.server is None or not h.server.running():
                h.check(False, "the server is not running; finding %s skipped" % name,
                        h.servers[-1] if h.servers else None)
                continue
            h.section_run(name, fn)
        h.stop_server()
    except CheckAbort:
        pass
    h.finish()


if __name__ == "__main__":
    main()
