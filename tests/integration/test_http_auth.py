#!/usr/bin/env python3
"""test_http_auth.py — signing in to `vigil serve` (docs/api.md "Signing in",
SPEC §1, §9): passwords, the same answer for an unknown login and a wrong
password, throttling (429, which records nothing), TOTP enrolment and login,
the restricted session before the second factor (admins and psirt alike),
recovery codes, CSRF, API tokens and their scope (and the second factor they
carry; only a session makes tokens), password change and reset (resets of
people who can see embargoed data are for an admin who is also psirt; a
reset ends sessions and tokens), logout, session and token expiry, TLS
cookies, and the audit events of all of it.

People (CLI): adam (admin, password from `vigil init`), paula (admin and
psirt), alice and carol (psirt), nina (maintainer of net), rita and oscar
(reporters), dora (director). Issues (CLI): SEC-1 rita's, published by the
scheduler when its embargo ended (disclosed unfixed), with CVE-2026-0001;
SEC-2 rita's, in review (assigned to nina, a fix linked), with CVE-2026-0002.

Usage: test_http_auth.py PATH-TO-VIGIL
"""

import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import (API, CheckAbort, Client, HttpHarness, MISSING_KEY,  # noqa: E402
                         Totp, iso_plus, parse_line, tls_context_insecure)

T0 = "2026-01-01T09:00:00Z"
T1 = "2026-01-05T10:00:00Z"          # the server's clock for most of the test
CVSS = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
PUB_KEY, EMB_KEY = "SEC-1", "SEC-2"
PUB_TITLE = "net: DNS resolver overflow on a long CNAME chain"
EMB_TITLE = "net: TCP window underflow on a crafted SYN"
FIX = "https://git.example.org/product/pull/7"
LOGIN_FAIL_STATUS = (401, 403)
SECOND_FACTOR_FIRST = "enrol and give your second factor first"
TOKENS_NEED_SESSION = "sign in with a session to create tokens"


class Auth:
    def __init__(self, h):
        self.h = h
        self.pw = {}

    # ------------------------------------------------------------------ helpers

    def unchanged(self, what, fn):
        """fn makes refused requests: no row of the database changes and no
        audit event is written."""
        self.h.unchanged(what, fn)

    def login_ok(self, c, login, password, otp=None, what=None):
        r = c.login(login, password, otp)
        return self.h.ok_json(r, 200, what or "%s signs in" % login, dict)

    def login_refused(self, c, login, password, otp=None, what=None):
        r = c.login(login, password, otp)
        self.h.problem(r, LOGIN_FAIL_STATUS, what or "%s's login is refused" % login)
        self.h.check(not r.header_all("Set-Cookie") or
                     all("vigil_session=;" in v or "max-age=0" in v.lower()
                         for v in r.header_all("Set-Cookie")),
                     "a refused login sets no session cookie", r)
        return r

    def enrol(self, c, login):
        """c (a session of login) enrols TOTP; returns its Totp."""
        h = self.h
        r = c.post(API + "/me/totp")
        j = h.ok_json(r, 200, "%s starts enrolment" % login, dict)
        t = Totp(j.get("secret") or "")
        r = c.post(API + "/me/totp/confirm", {"code": t.next(T1)})
        j = h.ok_json(r, 200, "%s confirms with the current code" % login, dict)
        h.check(len(j.get("recovery_codes") or []) == 10, "ten recovery codes", r)
        r = c.get(API + "/me")
        h.check(r.jobj().get("mfa") is True and r.jobj().get("mfa_enrolled") is True,
                "%s's session is upgraded (mfa: true)" % login, r)
        return t

    # ------------------------------------------------------------------ setup

    def setup(self):
        h = self.h
        h.now = T0
        r = h.ok("init", "--admin", "adam", "--email", "adam@example.org",
                 what="vigil init creates the database")
        self.pw["adam"] = parse_line(r.out, "password")
        h.check(self.pw["adam"] is not None and len(self.pw["adam"]) >= 12,
                "vigil init prints the admin's password on a line 'password: ...'", r)
        for login, roles in (("alice", ["psirt"]), ("carol", ["psirt"]), ("nina", []),
                             ("rita", []), ("oscar", []), ("dora", ["director"]),
                             ("paula", ["admin", "psirt"])):
            args = ["user", "add", login, "--email", "%s@example.org" % login]
            for ro in roles:
                args += ["--role", ro]
            h.ok(*args, as_="adam", what="admin adds %s" % login)
        h.ok("subsystem", "add", "net", "--path", "subsys/net/**", "--maintainer", "nina",
             as_="alice", what="psirt adds net, maintained by nina")
        h.ok("release", "add", "v1.0.0", "--branch", "main", "--date", "2025-06-01",
             as_="alice", what="psirt adds a release")
        h.ok("cve", "reserve", "CVE-2026-0001..CVE-2026-0005", as_="alice",
             what="psirt reserves CVE ids")
        h.ok("report", "--title", PUB_TITLE, "--description", "A long CNAME chain.",
             as_="rita", what="rita reports SEC-1")
        h.now = "2026-01-02T09:00:00Z"
        h.ok("issue", "ack", PUB_KEY, as_="alice", what="psirt acknowledges SEC-1")
        h.ok("issue", "set", PUB_KEY, "--subsystem", "net", "--embargo", "yes",
             "--embargo-until", "2026-01-03", as_="alice",
             what="psirt sets an early end of SEC-1's embargo")
        h.ok("cve", "assign", PUB_KEY, "CVE-2026-0001", as_="alice", what="CVE for SEC-1")
        h.ok("report", "--title", EMB_TITLE, "--description", "Window scaling.",
             "--subsystem", "net", as_="rita", what="rita reports SEC-2")
        h.ok("issue", "ack", EMB_KEY, as_="alice", what="psirt acknowledges SEC-2")
        h.ok("issue", "set", EMB_KEY, "--priority", "P2", "--cvss", CVSS, "--embargo", "yes",
             as_="alice", what="psirt triages SEC-2")
        h.ok("cve", "assign", EMB_KEY, "CVE-2026-0002", as_="alice", what="CVE for SEC-2")
        h.ok("issue", "assign", EMB_KEY, "nina", as_="alice", what="SEC-2 assigned to nina")
        h.ok("fix", "add", EMB_KEY, FIX, "--branch", "main", as_="nina",
             what="nina links a fix to SEC-2")
        h.now = "2026-01-04T09:00:00Z"
        h.ok("tick", as_="alice", what="the scheduler publishes SEC-1 (embargo over)")
        j = h.js("issue", "show", PUB_KEY, "--json")
        h.check(j and j.get("state") == "public", "SEC-1 is public", h.last)
        h.now = T1
        for login in ("alice", "carol", "nina", "rita", "oscar", "dora", "paula"):
            self.pw[login] = h.cli_password(login)
        self.cli_read_token = h.cli_token("rita", "rita-cli-read", "read", 30)

    # ------------------------------------------------------------------ parts

    def passwords(self):
        h = self.h
        h.start_server(T1)
        c = h.client("adam")
        j = self.login_ok(c, "adam", self.pw["adam"], what="adam signs in with the password "
                          "`vigil init` printed")
        h.check(j.get("mfa") is False and j.get("mfa_enrolled") is False,
                "adam's first login: no second factor given, none enrolled", c.last)
        h.eq(j.get("mfa_required"), True, "an admin must give a second factor "
             "(mfa_required: true)", c.last)
        # without it, every admin action is refused for the missing factor
        for m, p, b in (("GET", "/people", None),
                        ("POST", "/people", {"login": "zed", "email": "zed@example.org"}),
                        ("POST", "/people/rita/password-reset", None),
                        ("PATCH", "/people/oscar", {"disabled": True}),
                        ("POST", "/subsystems", {"name": "usb", "paths": ["usb/**"]}),
                        ("GET", "/audit/verify", None)):
            self.unchanged("adam before his second factor: %s %s" % (m, p),
                           lambda m=m, p=p, b=b: h.problem(
                               c.request(m, API + p, json_body=b) if b is not None else
                               c.request(m, API + p), 403,
                               "adam before his second factor: %s %s" % (m, p), field="auth",
                               detail=SECOND_FACTOR_FIRST))
        self.unchanged("adam before his second factor: POST /cves/reserve", lambda: h.problem(
            c.post(API + "/cves/reserve", {"range": "CVE-2026-0100..CVE-2026-0101"}), 403,
            "adam: the CVE pool is psirt's, whatever the factor", field="as"))
        self.adam_totp = self.enrol(c, "adam")
        r = c.get(API + "/people")
        h.ok_json(r, 200, "with the second factor adam lists people", list)
        r = c.post(API + "/logout")
        h.ok_json(r, 200, "adam signs out", dict)

        h.section = "login failures"
        a = h.client("anonymous")
        t = time.monotonic()
        r1 = self.login_refused(a, "ghost", "correct horse battery staple",
                                what="an unknown login")
        t1 = time.monotonic() - t
        t = time.monotonic()
        r2 = self.login_refused(a, "rita", "correct horse battery staple",
                                what="a wrong password")
        t2 = time.monotonic() - t
        h.same_answer(r1, r2, "an unknown login and a wrong password answer byte-identically")
        h.check(t1 > 0.25 * t2, "an unknown login takes about as long as a wrong password "
                "(%.3f s vs %.3f s: both hash)" % (t1, t2))
        for body, field, what in (({"login": "rita"}, "password", "no password"),
                                  ({"password": "x"}, "login", "no login"),
                                  ({"login": "rita", "password": 5}, "password",
                                   "a number as password"),
                                  ({"login": "rita", "password": "x", "remember": True},
                                   "body", "an unknown field")):
            r = a.request("POST", API + "/login", json_body=body, auth=False)
            h.problem(r, 400, "login with %s" % what, field=field)
        r = a.request("POST", API + "/login", body="login=rita&password=x",
                      content_type="application/x-www-form-urlencoded", auth=False)
        h.problem(r, 415, "a login that is not JSON")
        h.eq(len(h.sql("SELECT id FROM login_failure")), 2,
             "only the two real attempts count as failed logins")

        h.section = "login success"
        rita = h.client("rita")
        j = self.login_ok(rita, "rita", self.pw["rita"])
        h.check(j.get("login") == "rita" and isinstance(j.get("csrf"), str) and
                len(j["csrf"]) >= 16 and j.get("mfa") is False and
                j.get("mfa_required") is False and j.get("mfa_enrolled") is False,
                "the answer {login, csrf, mfa, mfa_required, mfa_enrolled}", rita.last)
        ck = rita.last.header_all("Set-Cookie")
        cs = " ".join(ck).lower()
        h.check(len(ck) == 1 and ck[0].startswith("vigil_session=") and "httponly" in cs and
                "samesite=strict" in cs and "path=/" in cs and "secure" not in cs,
                "Set-Cookie: vigil_session=...; HttpOnly; SameSite=Strict; Path=/", rita.last)
        h.check(rita.cookies.get("vigil_session", "") not in rita.last.text and
                rita.cookies.get("vigil_session", "") != j.get("csrf"),
                "the session secret is not in the body and differs from the CSRF token",
                rita.last)
        r = rita.get(API + "/me")
        j = h.ok_json(r, 200, "rita: GET /me", dict)
        h.check(j.get("login") == "rita" and j.get("via") == "session" and
                j.get("email") == "rita@example.org" and j.get("roles") == [],
                "GET /me: login, email, roles, via session", r)
        r = rita.get(API + "/issues/" + EMB_KEY)
        j = h.ok_json(r, 200, "rita reads her embargoed report", dict)
        h.eq(j.get("view"), "reporter", "with the reporter view", r)
        self.rita = rita

    def csrf(self):
        h = self.h
        h.section = "CSRF"
        rita = self.rita
        other = h.client("rita (2nd session)")
        self.login_ok(other, "rita", self.pw["rita"], what="rita signs in a second time")
        h.check(other.csrf != rita.csrf, "each session has its own CSRF token", other.last)
        path = API + "/issues/%s/comments" % PUB_KEY
        for hdr, what in ((None, "without X-CSRF-Token"),
                          ("", "with an empty X-CSRF-Token"),
                          ("0" * 64, "with a wrong X-CSRF-Token"),
                          (other.csrf, "with the CSRF token of another session"),
                          (rita.csrf + "x", "with the CSRF token and one byte more")):
            def go(hdr=hdr, what=what):
                r = rita.request("POST", path, json_body={"text": "csrf?"}, csrf=False,
                                 headers={"X-CSRF-Token": hdr} if hdr is not None else None)
                h.problem(r, 403, "a POST with the session cookie %s" % what)
            self.unchanged("comment %s" % what, go)
        self.unchanged("PATCH without CSRF", lambda: h.problem(
            rita.request("PATCH", API + "/issues/" + EMB_KEY, json_body={"title": "x"},
                         csrf=False), 403, "a PATCH with the cookie and no CSRF token"))
        self.unchanged("token creation without CSRF", lambda: h.problem(
            rita.request("POST", API + "/me/tokens", json_body={"name": "x", "scope": "read"},
                         csrf=False), 403, "creating a token with the cookie and no CSRF"))
        self.unchanged("password change without CSRF", lambda: h.problem(
            rita.request("POST", API + "/me/password", json_body={
                "old": self.pw["rita"], "new": "pwned-password-123"}, csrf=False), 403,
            "changing the password with the cookie and no CSRF"))
        r = rita.request("POST", API + "/logout", csrf=False)
        h.problem(r, 403, "logout without the CSRF token")
        r = rita.get(API + "/me")
        h.ok_json(r, 200, "the session survives a logout without CSRF", dict)
        r = rita.get(API + "/issues/%s/comments" % PUB_KEY)
        h.ok_json(r, 200, "a GET needs no CSRF token", list)
        r = rita.post(API + "/issues/%s/comments" % PUB_KEY, {"text": "with CSRF"})
        h.ok_json(r, 201, "the same POST with the right CSRF token", dict)
        # a foreign page cannot use the CSRF token without the cookie
        a = h.client("anonymous with rita's CSRF token")
        r = a.request("POST", path, json_body={"text": "x"},
                      headers={"X-CSRF-Token": rita.csrf})
        h.problem(r, 401, "the CSRF token alone signs in nobody")
        self.other = other

    def tokens(self):
        h = self.h
        h.section = "API tokens"
        rita = self.rita
        n0 = h.audit_max()
        for body, field in (({"name": "t1", "scope": "admin"}, "scope"),
                            ({"name": "t1", "scope": "read", "days": 0}, "days"),
                            ({"name": "t1", "scope": "read", "days": 366}, "days"),
                            ({"name": "t1", "scope": "read", "days": "7"}, "days"),
                            ({"name": "bad name!", "scope": "read"}, "name"),
                            ({"scope": "read"}, "name")):
            r = rita.post(API + "/me/tokens", body)
            h.problem(r, 400, "token %r" % body, field=field)
        r = rita.post(API + "/me/tokens", {"name": "ci-write", "scope": "write", "days": 30})
        j = h.ok_json(r, 201, "rita creates a write token", dict)
        wtok = j.get("token") or ""
        h.check(wtok.startswith("vgl_") and len(wtok) == 68, "a token vgl_ + 64 hex digits", r)
        r = rita.post(API + "/me/tokens", {"name": "ci-read", "scope": "read"})
        j = h.ok_json(r, 201, "rita creates a read token (default days)", dict)
        rtok = j.get("token") or ""
        r = rita.post(API + "/me/tokens", {"name": "ci-read", "scope": "read"})
        h.problem(r, 409, "a second token of the same name", field="name")
        r = rita.post(API + "/me/tokens", {"name": "short", "scope": "read", "days": 1})
        self.short_token = r.jobj().get("token")
        h.ok_json(r, 201, "rita creates a one-day token", dict)
        r = rita.get(API + "/me/tokens")
        lst = h.ok_json(r, 200, "rita lists her tokens", list)
        names = sorted(t.get("name") for t in lst if isinstance(t, dict))
        h.eq(names, ["ci-read", "ci-write", "rita-cli-read", "short"], "her four tokens", r)
        h.check(all(set(t) >= {"name", "scope", "created", "expires", "revoked"}
                    for t in lst if isinstance(t, dict)),
                "each has name, scope, created, expires, revoked", r)
        h.not_in(r, [wtok, rtok, wtok[4:], rtok[4:]], "the list shows no token secret")
        bw = h.client("rita's write token")
        bw.token = wtok
        br = h.client("rita's read token")
        br.token = rtok
        r = bw.get(API + "/me")
        j = h.ok_json(r, 200, "GET /me with the write token", dict)
        h.check(j.get("login") == "rita" and j.get("via") == "token" and
                j.get("scope") == "write", "via token, scope write", r)
        r = br.get(API + "/me")
        h.check(r.jobj().get("scope") == "read", "the read token has scope read", r)
        r = bw.post(API + "/issues/%s/comments" % PUB_KEY, {"text": "from the CI"})
        h.ok_json(r, 201, "a write token comments without any CSRF token", dict)
        # a token cannot make tokens: a leaked one could outlive its expiry
        self.unchanged("write token makes a token", lambda: h.problem(
            bw.post(API + "/me/tokens", {"name": "child", "scope": "read", "days": 1}), 403,
            "a write token may not make a token", field="auth", detail=TOKENS_NEED_SESSION))
        r = br.get(API + "/issues/" + EMB_KEY)
        h.ok_json(r, 200, "the read token reads", dict)
        for m, p, b in (("POST", "/issues/%s/comments" % PUB_KEY, {"text": "x"}),
                        ("PATCH", "/issues/" + EMB_KEY, {"title": "x"}),
                        ("POST", "/issues", {"title": "t", "description": "d"}),
                        ("POST", "/me/tokens", {"name": "more", "scope": "write"}),
                        ("DELETE", "/me/tokens/ci-write", None),
                        ("POST", "/me/password", {"old": self.pw["rita"],
                                                  "new": "pwned-password-123"}),
                        ("POST", "/me/totp", None)):
            self.unchanged("read token %s %s" % (m, p), lambda m=m, p=p, b=b: h.problem(
                br.request(m, API + p, json_body=b) if b is not None else
                br.request(m, API + p), 403, "a read-only token may not %s %s" % (m, p)))
        cli = h.client("rita's CLI read token")
        cli.token = self.cli_read_token
        r = cli.get(API + "/issues/" + EMB_KEY)
        h.ok_json(r, 200, "a token made by the CLI works over HTTP", dict)
        r = cli.get(API + "/me")
        h.check(r.status == 200 and r.jobj().get("mfa") is True,
                "a token made by the CLI counts as having the second factor", r)
        self.unchanged("CLI token makes a token", lambda: h.problem(
            cli.post(API + "/me/tokens", {"name": "child", "scope": "read"}), 403,
            "a token made by the CLI may not make a token", field="auth",
            detail=TOKENS_NEED_SESSION))
        r = rita.delete(API + "/me/tokens/ci-write")
        h.ok_json(r, 200, "rita revokes the write token", dict)
        r = bw.get(API + "/me")
        h.problem(r, 401, "the revoked token answers 401")
        r = bw.get(API + "/issues/" + PUB_KEY)
        h.problem(r, 401, "the revoked token answers 401 even on a public issue")
        r = rita.delete(API + "/me/tokens/ci-write")
        h.problem(r, 404, "revoking it again")
        r = rita.delete(API + "/me/tokens/nope")
        h.problem(r, 404, "revoking a token that never existed")
        r = rita.get(API + "/me/tokens")
        t = [t for t in r.jlist() if isinstance(t, dict) and t.get("name") == "ci-write"]
        h.check(t and t[0].get("revoked") is not None, "the list marks it revoked", r)
        oscar = h.client("oscar")
        self.login_ok(oscar, "oscar", self.pw["oscar"])
        r = oscar.delete(API + "/me/tokens/ci-read")
        h.problem(r, 404, "oscar cannot revoke rita's token (names no token of his)")
        r = br.get(API + "/me")
        h.ok_json(r, 200, "rita's read token still works", dict)
        for bad in ("vgl_" + "0" * 64, "vgl_short", "x" * 68, "", "vgl_" + "g" * 64):
            c = h.client("a made-up token")
            c.token = bad
            r = c.get(API + "/me")
            h.problem(r, 401, "a made-up token %r" % bad[:12])
        r = h.client().request("GET", API + "/me", headers={"Authorization": "Basic cml0YTp4"})
        h.problem(r, 401, "Basic authentication is no sign-in")
        ev = h.audit_since(n0)
        h.check(any(a == "token.create" and act == "rita" and "ci-write" in d
                    for _, act, a, o, d in ev),
                "audit: token.create by rita, naming the token", None)
        h.check(any(a == "token.revoke" and act == "rita" and "ci-write" in d
                    for _, act, a, o, d in ev), "audit: token.revoke by rita")
        h.check(not any(wtok in d or rtok in d for _, _, _, _, d in ev),
                "audit: no token secret in the details")
        self.read_token = br
        self.oscar = oscar

    def restricted(self):
        h = self.h
        h.section = "restricted session"
        nina = h.client("nina (no second factor yet)")
        j = self.login_ok(nina, "nina", self.pw["nina"])
        h.check(j.get("mfa") is False and j.get("mfa_required") is True and
                j.get("mfa_enrolled") is False,
                "a maintainer's first login: mfa false, required, not enrolled", nina.last)
        alice = h.client("alice (no second factor yet)")
        j = self.login_ok(alice, "alice", self.pw["alice"])
        h.check(j.get("mfa_required") is True, "psirt must give a second factor", alice.last)
        dora = h.client("dora (no second factor)")
        j = self.login_ok(dora, "dora", self.pw["dora"])
        h.eq((j.get("mfa"), j.get("mfa_required")), (False, True),
             "a director must give a second factor too (mfa false, mfa_required true)",
             dora.last)
        r = self.oscar.get(API + "/me")
        h.eq((r.jobj().get("mfa"), r.jobj().get("mfa_required")), (False, False),
             "a reporter with nothing of his own needs no second factor", r)
        # a grant is something owned: it needs the second factor, and without
        # it the session sees nothing of the granted issue
        h.ok("issue", "grant", EMB_KEY, "oscar", "--reason", "second opinion", as_="alice",
             what="psirt grants oscar access to SEC-2 (CLI)")
        r = self.oscar.get(API + "/me")
        h.eq((r.jobj().get("mfa"), r.jobj().get("mfa_required")), (False, True),
             "holding a grant, oscar must give a second factor (mfa_required true)", r)
        r1 = self.oscar.get(API + "/issues/" + EMB_KEY)
        r2 = self.oscar.get(API + "/issues/" + MISSING_KEY)
        h.same_answer(r1, r2, "oscar's session without the second factor: the granted "
                      "SEC-2 answers like %s" % MISSING_KEY)
        r = self.read_token.get(API + "/issues/" + EMB_KEY)
        h.ok_json(r, 200, "meanwhile rita, without a second factor, still reads her own "
                  "report", dict)
        h.eq(r.jobj().get("view"), "reporter", "with the reporter view", r)
        h.ok("issue", "revoke", EMB_KEY, "oscar", as_="alice",
             what="psirt revokes oscar's grant (CLI)")
        r = self.oscar.get(API + "/me")
        h.eq(r.jobj().get("mfa_required"), False,
             "without the grant oscar needs no second factor again", r)
        anon = h.client("anonymous")
        for c in (nina, alice):
            r = c.get(API + "/me")
            j = h.ok_json(r, 200, "%s: GET /me" % c.label, dict)
            h.check(j.get("mfa") is False and j.get("mfa_required") is True,
                    "GET /me says the second factor is missing", r)
            r = c.get(API + "/issues/" + PUB_KEY)
            j = h.ok_json(r, 200, "%s reads the public issue" % c.label, dict)
            h.eq(j.get("view"), "public", "%s sees it as the public does" % c.label, r)
            for p in ("/issues/{k}", "/issues/{k}/comments", "/issues/{k}/history",
                      "/issues/{k}/backports", "/issues/{k}/attachments"):
                r1 = c.get(API + p.replace("{k}", EMB_KEY))
                r2 = c.get(API + p.replace("{k}", MISSING_KEY))
                h.same_answer(r1, r2, "%s: GET %s of the embargoed issue answers like %s" % (
                    c.label, p, MISSING_KEY))
                h.not_in(r1, [EMB_TITLE], "no embargoed title")
            r = c.get(API + "/issues")
            j = h.ok_json(r, 200, "%s lists issues" % c.label, dict)
            h.eq([(i.get("key"), i.get("view")) for i in j.get("items", [])
                  if isinstance(i, dict)], [(PUB_KEY, "public")],
                 "%s's list holds only the public issue" % c.label, r)
            h.eq(j.get("total"), 1, "total 1", r)
            h.not_in(r, [EMB_TITLE], "no embargoed title in the list")
            r = c.get(API + "/issues/counts")
            cnt = r.jobj()
            h.check(cnt.get("public") == 1 and sum(v for v in cnt.values()
                                                   if isinstance(v, int)) == 1,
                    "%s's counts hold only the public issue" % c.label, r)
            r = c.get(API + "/cves")
            h.eq(sorted((x.get("id"), x.get("issue")) for x in r.jlist() if isinstance(x, dict)),
                 [("CVE-2026-0001", PUB_KEY)],
                 "%s's CVE list: only the public issue's id (as anonymous: %s)" % (
                     c.label, anon.get(API + "/cves").text[:200]), r)
            r = c.get(API + "/cve-fixes")
            h.eq(r.json(), [], "%s's CVE <-> fix table is empty (no fix of a public issue)" %
                 c.label, r)
            h.not_in(r, [FIX, "CVE-2026-0002"], "no embargoed CVE <-> fix row")
            r = c.post(API + "/tick")
            if r.status == 200:
                h.not_in(r, [EMB_KEY], "%s's tick names no embargoed issue" % c.label)
            else:
                h.problem(r, 403, "%s may not tick" % c.label)
            for m, p, b in (("POST", "/issues/%s/comments" % PUB_KEY, {"text": "x"}),
                            ("POST", "/issues/%s/comments" % EMB_KEY, {"text": "x"}),
                            ("PATCH", "/issues/" + EMB_KEY, {"cvss": CVSS}),
                            ("POST", "/issues/%s/fixes" % EMB_KEY,
                             {"url": FIX + "0", "branch": "main"})):
                def go(c=c, m=m, p=p, b=b):
                    r = c.request(m, API + p, json_body=b)
                    h.problem(r, (403, 404), "%s: %s %s is refused" % (c.label, m, p))
                    if r.status == 403:
                        h.check("second factor" in r.jobj().get("detail", ""),
                                "the refusal says 'enrol and give your second factor first'",
                                r)
                self.unchanged("%s: %s %s" % (c.label, m, p), go)
        for m, p, b in (("POST", "/cves/reserve", {"range": "CVE-2026-0100..CVE-2026-0101"}),
                        ("GET", "/people", None), ("GET", "/meetings", None),
                        ("GET", "/audit/verify", None), ("GET", "/audit/log", None),
                        ("POST", "/meetings", {"date": "2026-01-05", "attendees": ["alice"]})):
            def go(m=m, p=p, b=b):
                r = alice.request(m, API + p, json_body=b) if b is not None else \
                    alice.request(m, API + p)
                h.problem(r, 403, "restricted psirt: %s %s" % (m, p),
                          detail="second factor")
            self.unchanged("restricted psirt: %s %s" % (m, p), go)
        # a token made from a restricted session is no better than it
        r = nina.post(API + "/me/tokens", {"name": "from-restricted", "scope": "read"})
        j = h.ok_json(r, 201, "a session without the second factor makes a token", dict)
        t = h.client("nina's token made before her second factor")
        t.token = j.get("token")
        r = t.get(API + "/me")
        h.check(r.status == 200 and r.jobj().get("mfa") is False and
                r.jobj().get("mfa_required") is True,
                "the token lacks the second factor its session lacked", r)
        r1 = t.get(API + "/issues/" + EMB_KEY)
        r2 = t.get(API + "/issues/" + MISSING_KEY)
        h.same_answer(r1, r2, "a token made before the second factor sees no embargoed "
                      "issue")
        self.nina_early_token = t
        self.nina = nina
        self.alice = alice

    def totp(self):
        h = self.h
        h.section = "TOTP"
        nina = self.nina
        r = nina.post(API + "/me/totp/confirm", {"code": "123456"})
        h.problem(r, 409, "confirming before enrolment started", field="totp")
        r = nina.post(API + "/me/totp")
        j = h.ok_json(r, 200, "nina starts enrolment", dict)
        secret = j.get("secret") or ""
        uri = j.get("uri") or ""
        h.check(secret and uri.startswith("otpauth://totp/") and "secret=" + secret in uri and
                "nina" in uri, "{secret, uri}: an otpauth:// URI naming nina and the secret",
                r)
        t = Totp(secret)
        self.nina_totp = t
        wrong = "%06d" % ((int(t.code(T1)) + 1) % 1000000)
        r = nina.post(API + "/me/totp/confirm", {"code": wrong})
        h.problem(r, 400, "a wrong code", field="code")
        r = nina.post(API + "/me/totp/confirm", {"code": 123456})
        h.problem(r, 400, "a code that is a number, not a string", field="code")
        r = nina.get(API + "/issues/" + EMB_KEY)
        h.problem(r, 404, "still restricted after a wrong code")
        n0 = h.audit_max()
        r = nina.post(API + "/me/totp/confirm", {"code": t.next(T1)})
        j = h.ok_json(r, 200, "nina confirms with the current code", dict)
        codes = j.get("recovery_codes") or []
        h.check(len(codes) == 10 and len(set(codes)) == 10 and
                all(isinstance(x, str) and len(x) >= 8 for x in codes),
                "ten distinct recovery codes", r)
        r = nina.get(API + "/issues/" + EMB_KEY)
        j = h.ok_json(r, 200, "the same session now reads the embargoed issue", dict)
        h.eq(j.get("view"), "full", "with the full view (maintainer and assignee)", r)
        r = nina.get(API + "/me")
        h.check(r.jobj().get("mfa") is True and r.jobj().get("mfa_enrolled") is True,
                "GET /me: mfa and mfa_enrolled", r)
        r = nina.post(API + "/me/totp")
        h.problem(r, 409, "enrolling twice", field="totp")
        # the token made before enrolling stays without the second factor
        early = self.nina_early_token
        r1 = early.get(API + "/issues/" + EMB_KEY)
        r2 = early.get(API + "/issues/" + MISSING_KEY)
        h.same_answer(r1, r2, "the token made before the second factor still sees no "
                      "embargoed issue after nina enrolled (restricted for good)")
        h.check(early.get(API + "/me").jobj().get("mfa") is False,
                "GET /me with it: still mfa false", early.last)
        r = nina.post(API + "/me/tokens", {"name": "after-enrol", "scope": "read"})
        j = h.ok_json(r, 201, "nina's upgraded session makes a token", dict)
        late = h.client("nina's token made after her second factor")
        late.token = j.get("token")
        r = late.get(API + "/issues/" + EMB_KEY)
        j = h.ok_json(r, 200, "a token made with the second factor reads the embargoed issue",
                      dict)
        h.eq(j.get("view"), "full", "with the full view", r)
        h.check(late.get(API + "/me").jobj().get("mfa") is True,
                "GET /me with it: mfa true", late.last)
        self.nina_tokens = [early, late]
        ev = h.audit_since(n0)
        h.check(any(a == "totp.enrol" and act == "nina" for _, act, a, o, d in ev),
                "audit: totp.enrol by nina")
        h.check(not any(secret in d or any(c in d for c in codes) for *_, d in ev),
                "audit: neither the secret nor a recovery code is recorded")

        c = h.client("nina")
        wrongpw = self.login_refused(c, "nina", "not-her-password-at-all",
                                     what="nina with a wrong password")
        r = self.login_refused(c, "nina", self.pw["nina"],
                               what="an enrolled person without a code")
        h.same_answer(r, wrongpw, "a missing code answers exactly like a wrong password")
        r = self.login_refused(c, "nina", self.pw["nina"], Totp.code_at(secret, t.last),
                               what="a replayed code (the step used to confirm)")
        h.same_answer(r, wrongpw, "a replayed code answers exactly like a wrong password")
        j = self.login_ok(c, "nina", self.pw["nina"], t.next(T1),
                          what="nina signs in with the next code")
        h.check(j.get("mfa") is True and j.get("mfa_enrolled") is True,
                "mfa true, enrolled", c.last)
        r = c.get(API + "/issues/" + EMB_KEY)
        h.ok_json(r, 200, "the new session reads the embargoed issue", dict)
        c2 = h.client("nina (recovery code)")
        j = self.login_ok(c2, "nina", self.pw["nina"], codes[0],
                          what="nina signs in with a recovery code")
        h.check(j.get("mfa") is True, "a recovery code gives the second factor", c2.last)
        self.login_refused(h.client(), "nina", self.pw["nina"], codes[0],
                           what="the same recovery code a second time")
        self.login_ok(h.client(), "nina", self.pw["nina"], codes[1],
                      what="another recovery code works once")
        self.nina_codes = codes
        self.nina = c

        h.section = "TOTP reset"
        adam = h.client("adam")
        j = self.login_ok(adam, "adam", self.pw["adam"], self.adam_totp.next(T1),
                          what="adam signs in with password and code")
        h.check(j.get("mfa") is True, "adam's session has the second factor", adam.last)
        self.unchanged("psirt resets a second factor", lambda: h.problem(
            self.rita.post(API + "/people/nina/totp-reset"), 403,
            "a reporter may not reset a second factor"))
        # nina can see embargoed data (maintainer, assignee), alice is psirt:
        # a plain admin may not give anyone a way in as them
        for who, what in (("nina", "totp-reset"), ("nina", "password-reset"),
                          ("alice", "totp-reset"), ("alice", "password-reset")):
            self.unchanged("adam: %s of %s" % (what, who), lambda who=who, what=what: h.problem(
                adam.post(API + "/people/%s/%s" % (who, what)), 403,
                "a plain admin may not %s %s (can see embargoed data)" % (what, who),
                field="login"))
        paula = h.client("paula (admin and psirt)")
        j = self.login_ok(paula, "paula", self.pw["paula"])
        h.check(j.get("mfa") is False and j.get("mfa_required") is True,
                "paula's first login: the second factor is required and missing", paula.last)
        self.unchanged("paula resets before her second factor", lambda: h.problem(
            paula.post(API + "/people/nina/totp-reset"), 403,
            "an admin and psirt without the second factor may not reset either",
            field="auth", detail=SECOND_FACTOR_FIRST))
        self.enrol(paula, "paula")
        r = paula.post(API + "/people/nina/totp-reset")
        h.ok_json(r, 200, "an admin who is also psirt resets nina's second factor", dict)
        for x in (c, c2):
            r = x.get(API + "/me")
            h.problem(r, 401, "the reset revokes nina's sessions (%s)" % x.label)
        for x in self.nina_tokens:
            r = x.get(API + "/me")
            h.problem(r, 401, "the reset revokes nina's API tokens (%s)" % x.label)
        c3 = h.client("nina (after reset)")
        j = self.login_ok(c3, "nina", self.pw["nina"],
                          what="after the reset nina signs in with the password alone")
        h.check(j.get("mfa") is False and j.get("mfa_enrolled") is False,
                "... into a restricted session again", c3.last)
        r = c3.get(API + "/issues/" + EMB_KEY)
        h.problem(r, 404, "restricted again")
        # a director's second factor is a plain admin's to reset
        r = adam.post(API + "/people/dora/totp-reset")
        h.ok_json(r, 200, "adam resets the second factor of dora (director)", dict)
        self.adam = adam
        self.paula = paula

    def password_change(self):
        h = self.h
        h.section = "password change"
        rita, other = self.rita, self.other
        n0 = h.audit_max()
        self.unchanged("password change with a wrong old password", lambda: h.problem(
            rita.post(API + "/me/password", {"old": "wrong-old-password",
                                             "new": "brand-new-password-1"}),
            (400, 403), "a wrong old password", field=("old", "old_password")))
        self.unchanged("password change to a short one", lambda: h.problem(
            rita.post(API + "/me/password", {"old": self.pw["rita"], "new": "short"}),
            400, "a new password of 5 characters", field=("new", "password")))
        r = rita.post(API + "/me/password", {"old": self.pw["rita"],
                                             "new": "brand-new-password-1"})
        h.ok_json(r, 200, "rita changes her password", dict)
        for c in (rita, other):
            r = c.get(API + "/me")
            h.problem(r, 401, "the change revokes every session of rita (%s)" % c.label)
        r = self.read_token.get(API + "/me")
        h.check(r.status in (200, 401), "rita's API token after the change: works or is "
                "revoked (%s)" % r.status, r)
        self.login_refused(h.client(), "rita", self.pw["rita"],
                           what="the old password no longer works")
        self.pw["rita"] = "brand-new-password-1"
        rita = h.client("rita")
        self.login_ok(rita, "rita", self.pw["rita"], what="the new password works")
        ev = h.audit_since(n0)
        h.check(any(a == "password.change" and act == "rita" for _, act, a, o, d in ev),
                "audit: password.change by rita")
        h.check(not any("brand-new-password-1" in d for *_, d in ev),
                "audit: the password is not recorded")

        h.section = "password reset"
        r = rita.post(API + "/me/tokens", {"name": "after-change", "scope": "write",
                                           "days": 30})
        j = h.ok_json(r, 201, "rita makes a token after her password change", dict)
        wt = h.client("rita's token made after the change")
        wt.token = j.get("token")
        h.ok_json(wt.get(API + "/me"), 200, "the token works", dict)
        cli = h.client("rita's CLI read token")
        cli.token = self.cli_read_token
        r = self.adam.post(API + "/people/rita/password-reset")
        j = h.ok_json(r, 200, "admin resets rita's password (a reporter)", dict)
        r2 = rita.get(API + "/me")
        h.problem(r2, 401, "the reset revokes rita's sessions")
        for t in (wt, cli, self.read_token):
            h.problem(t.get(API + "/me"), 401, "the reset revokes rita's API tokens too (%s)" %
                      t.label)
        pw = j.get("password") or ""
        self.login_refused(h.client(), "rita", self.pw["rita"],
                           what="the password before the reset no longer works")
        self.pw["rita"] = pw
        rita = h.client("rita")
        self.login_ok(rita, "rita", pw, what="the reset password works")
        self.rita = rita
        # the one-day token of the expiry part, made anew by the new session
        r = rita.post(API + "/me/tokens", {"name": "short-2", "scope": "read", "days": 1})
        j = h.ok_json(r, 201, "rita makes a new one-day token", dict)
        self.short_token = j.get("token")

        h.section = "logout"
        sess = rita.cookies.get("vigil_session")
        csrf = rita.csrf
        r = rita.post(API + "/logout")
        h.ok_json(r, 200, "rita signs out", dict)
        ck = " ".join(r.header_all("Set-Cookie")).lower()
        h.check("vigil_session=" in ck and ("max-age=0" in ck.replace(" ", "") or
                                            "expires=thu, 01 jan 1970" in ck),
                "logout clears the cookie", r)
        stale = h.client("rita's signed-out cookie")
        stale.cookies["vigil_session"] = sess
        stale.csrf = csrf
        r = stale.get(API + "/me")
        h.problem(r, 401, "a signed-out session answers 401")
        r = stale.post(API + "/issues/%s/comments" % PUB_KEY, {"text": "ghost"})
        h.problem(r, 401, "a signed-out session cannot write")
        self.rita = h.client("rita")
        self.login_ok(self.rita, "rita", pw)

    def throttling(self):
        h = self.h
        h.section = "throttling"
        a = h.client("anonymous")
        n0 = h.audit_max()
        for i in range(5):
            self.login_refused(a, "oscar", "wrong-password-%d" % i,
                               what="oscar's wrong password #%d" % (i + 1))
        h.eq(len(h.sql("SELECT id FROM login_failure WHERE login = 'oscar'")), 5,
             "the five failures are recorded (login_failure)")
        h.eq(len([e for e in h.audit_since(n0) if e[2] == "login.failure" and
                  e[3] == "oscar"]), 5, "the five failures are in the audit log")
        got = {}

        def throttled():
            got["right"] = a.login("oscar", self.pw["oscar"])
            h.problem(got["right"], 429,
                      "the 6th attempt within 15 minutes, with the right password")
            got["wrong"] = a.login("oscar", "wrong-password-again")
            h.problem(got["wrong"], 429, "and with a wrong one")
            for i in range(10):
                h.problem(a.login("oscar", "flood-%d" % i), 429,
                          "throttled attempt #%d of a flood" % (i + 1))
        # a throttled login writes no audit event and no login_failure row
        self.unchanged("throttled logins", throttled)
        r_right, r_wrong = got["right"], got["wrong"]
        h.same_answer(r_right, r_wrong, "a throttled login does not tell whether the "
                      "password was right")
        h.not_in(r_right, ["csrf"], "no session for a throttled login")
        r = self.oscar.get(API + "/me")
        h.ok_json(r, 200, "oscar's existing session still works", dict)
        self.login_ok(h.client(), "dora", self.pw["dora"],
                      what="another login from the same address still signs in")

        # per address: 30 failures from 127.0.0.2 (a different client address)
        src = h.client("from 127.0.0.2", source="127.0.0.2")
        r = src.get("/healthz")
        if r.error is not None:
            h.check(False, "a client from 127.0.0.2 reaches the server (per-address "
                    "throttling needs a second loopback address)")
            return
        for i in range(30):
            r = src.login("ghost%d" % i, "whatever-password")
            if r.status == 429:
                break
        h.problem(r, LOGIN_FAIL_STATUS, "the 30th failure from 127.0.0.2 is still refused "
                  "as a failure, not throttled")
        self.unchanged("throttled logins from 127.0.0.2", lambda: h.problem(
            src.login("carol", self.pw["carol"]), 429,
            "after 30 failures from 127.0.0.2 even carol's right password is throttled "
            "from there"))
        self.login_ok(h.client(), "carol", self.pw["carol"],
                      what="carol signs in from 127.0.0.1 meanwhile")
        rows = h.sql("SELECT count(*) FROM login_failure WHERE addr LIKE '%127.0.0.2%'")
        h.eq(rows[0][0], 30, "the 30 failures are recorded with the client address (the "
             "throttled attempt is not)")

    def expiry(self):
        h = self.h
        h.section = "expiry"
        dora = h.client("dora (session of %s)" % T1)
        self.login_ok(dora, "dora", self.pw["dora"], what="dora signs in at %s" % T1)
        short = h.client("rita's one-day token")
        short.token = self.short_token
        h.stop_server()
        later = iso_plus(T1, 16 * 60)
        h.start_server(later)
        for c in (dora, short):
            c.port = h.server.port
        self.login_ok(h.client(), "oscar", self.pw["oscar"],
                      what="16 minutes later oscar may sign in again")
        src = h.client("from 127.0.0.2", source="127.0.0.2")
        if src.get("/healthz").error is None:
            self.login_ok(src, "carol", self.pw["carol"],
                          what="16 minutes later 127.0.0.2 may sign in again")
        h.stop_server()
        h.start_server(iso_plus(T1, 11 * 3600))
        for c in (dora, short):
            c.port = h.server.port
        h.ok_json(dora.get(API + "/me"), 200, "dora's session after 11 hours", dict)
        h.ok_json(short.get(API + "/me"), 200, "the one-day token after 11 hours", dict)
        h.stop_server()
        h.start_server(iso_plus(T1, 13 * 3600))
        for c in (dora, short):
            c.port = h.server.port
        h.problem(dora.get(API + "/me"), 401, "dora's session after 13 hours (12 h limit)")
        r = dora.post(API + "/logout")
        h.problem(r, 401, "an expired session cannot even sign out")
        h.ok_json(short.get(API + "/me"), 200, "the one-day token after 13 hours", dict)
        h.stop_server()
        h.start_server(iso_plus(T1, 25 * 3600))
        short.port = h.server.port
        h.problem(short.get(API + "/me"), 401, "the one-day token after 25 hours")
        h.problem(short.get(API + "/issues/" + PUB_KEY), 401,
                  "an expired token answers 401 even on a public issue")
        h.stop_server()

    def audit(self):
        h = self.h
        h.section = "audit"
        log = h.js("audit", "log", "--json", "--limit", "1000000", as_="alice")
        if not isinstance(log, list):
            return
        acts = [(e.get("actor"), e.get("action"), e.get("object"), str(e.get("detail")))
                for e in log if isinstance(e, dict)]
        for action, obj, what in (("login.success", "rita", "a successful login"),
                                  ("login.success", "nina", "a login with TOTP"),
                                  ("login.failure", "ghost", "a login of nobody"),
                                  ("login.failure", "rita", "a wrong password"),
                                  ("login.failure", "oscar", "oscar's wrong passwords"),
                                  ("token.create", "rita", "token creation"),
                                  ("token.revoke", "rita", "token revocation"),
                                  ("logout", "rita", "a logout"),
                                  ("password.change", "rita", "a password change"),
                                  ("password.reset", "rita", "a password reset"),
                                  ("totp.enrol", "nina", "TOTP enrolment"),
                                  ("totp.reset", "nina", "a TOTP reset")):
            h.check(any(a == action and o == obj for _, a, o, _ in acts),
                    "the audit log records %s (%s on %s)" % (what, action, obj))
        h.check(any(actor == "paula" and a == "totp.reset" and o == "nina"
                    for actor, a, o, _ in acts), "the TOTP reset of nina is paula's")
        fails = [d for _, a, o, d in acts if a == "login.failure"]
        h.check(any("127.0.0.1" in d for d in fails) and any("password" in d for d in fails),
                "failed logins record the address and why (e.g. password)")
        h.check(not any("throttl" in d for d in fails),
                "no failure is recorded for a throttled login")
        h.eq(len([1 for _, a, o, _ in acts if a == "login.failure" and o == "oscar"]), 5,
             "oscar's failures: the five wrong passwords, none of the throttled attempts")
        h.eq(len([1 for _, a, o, d in acts if a == "login.failure" and o == "carol"]), 0,
             "carol's throttled login from 127.0.0.2 left no failure")
        blob = "\n".join(d for *_, d in acts)
        secrets = [v for v in self.pw.values() if v] + list(self.nina_codes or [])
        h.check(not any(s in blob for s in secrets),
                "no password or recovery code appears in the audit log")
        h.ok("audit", "verify", as_="adam", what="the audit chain is intact")

    def tls(self):
        h = self.h
        h.section = "TLS"
        openssl = shutil.which("openssl")
        if not openssl:
            h.check(False, "openssl is installed (scripts/install-deps.sh) to test TLS")
            return
        key = os.path.join(h.tmp, "key.pem")
        cert = os.path.join(h.tmp, "cert.pem")
        p = subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out",
                            cert, "-days", "2", "-subj", "/CN=127.0.0.1"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            h.check(False, "openssl makes a test certificate: %s" % p.stderr[-300:])
            return
        h.start_server(T1, ["--tls-cert", cert, "--tls-key", key], tls=True)
        h.check("https://" in h.server.log(), "the server says it listens on https://",
                h.server)
        c = Client(h.server.port, "rita over TLS", tls=tls_context_insecure())
        r = c.get("/healthz")
        h.check(r.status == 200, "GET /healthz over TLS", r)
        j = self.login_ok(c, "rita", self.pw["rita"], what="rita signs in over TLS")
        ck = " ".join(c.last.header_all("Set-Cookie")).lower()
        h.check("secure" in ck and "httponly" in ck and "samesite=strict" in ck,
                "under TLS the cookie is Secure; HttpOnly; SameSite=Strict", c.last)
        h.check(ck.startswith("__host-vigil_session=") and "path=/" in ck and
                "domain" not in ck, "under TLS the session cookie is __Host-vigil_session "
                "(Path=/, no Domain): no other host of the site can plant one", c.last)
        sess = c.cookies.get("__Host-vigil_session")
        tossed = Client(h.server.port, "a tossed cookie over TLS", tls=tls_context_insecure())
        tossed.cookies["vigil_session"] = sess or "x"
        r = tossed.get(API + "/me")
        h.problem(r, 401, "under TLS the unprefixed vigil_session cookie is not read, "
                  "even with a live session in it")
        h.check((c.last.header("Strict-Transport-Security") or "").startswith("max-age="),
                "under TLS answers carry Strict-Transport-Security", c.last)
        r = c.get(API + "/me")
        h.ok_json(r, 200, "the session works over TLS", dict)
        plain = h.client("plain HTTP to the TLS port")
        r = plain.get("/healthz")
        h.check(r.status != 200, "plain HTTP on the TLS port gets no answer", r)
        h.stop_server()

    def no_security_txt(self):
        h = self.h
        h.start_server(T1)
        r = h.client().get("/.well-known/security.txt")
        h.status(r, 404, "GET /.well-known/security.txt without --security-txt")
        h.stop_server()


def main():
    h = HttpHarness(sys.argv, "http-auth")
    a = Auth(h)
    a.nina_codes = []
    try:
        h.section_run("setup", a.setup)
        if h.section_run("passwords", a.passwords) is None and not hasattr(a, "rita"):
            raise CheckAbort("no session")
        for name, fn in (("CSRF", a.csrf), ("tokens", a.tokens),
                         ("restricted", a.restricted), ("TOTP", a.totp),
                         ("password", a.password_change), ("throttling", a.throttling),
                         ("expiry", a.expiry), ("audit", a.audit), ("TLS", a.tls),
                         ("security.txt", a.no_security_txt)):
            needs_server = name not in ("expiry", "audit", "TLS", "security.txt")
            if needs_server and h.server is None:
                h.check(False, "the server is not running; %s skipped" % name)
                continue
            h.section_run(name, fn)
    except CheckAbort:
        pass
    h.finish()


if __name__ == "__main__":
    main()
