#!/usr/bin/env python3
"""test_http_api.py — the whole process of docs/api.md over HTTP, against a
real `vigil serve`, checking every route as every role (SPEC §1, §3, §5, §6,
§12; docs/api.md).

The cast of vigil_cast.py is created with the CLI (local mode), each person
gets a password (`user password`) or an API token (`token create`), then
the server runs at one fixed clock (VIGIL_NOW) and everything else happens
over HTTP:

    alice, carol  psirt: sessions, TOTP enrolled over HTTP
    adam          admin: session, TOTP enrolled over HTTP (before that every
                  admin action is refused: "enrol and give your second factor")
    paula         admin and psirt (added by the CLI; not one of the viewers):
                  session with TOTP; the only one who may give the psirt role
                  and reset the sign-in of people who can see embargoed data
    rita, oscar, dora: sessions without a second factor (restricted: they
                  see and do what a reporter may, which is all they may anyway)
    dave          session; assigned M, he owes the second factor and sees
                  nothing of M until he enrols over HTTP
    nina, frank, archie, larry, rob: write tokens made by the CLI (a token
                  made locally counts as having the second factor)
    alice-ro      a read-only token of alice
    rita's HTTP-made token, revoked half way (then answers 401 everywhere)
    expired sessions: the server restarted 13 hours later

Issues:
  SEC-1 (O)  oscar's report against fs (CLI); acknowledged, stays in triage.
  SEC-2 (M)  rita's report over HTTP; mentions SEC-1 and SEC-999; goes
             new -> triage -> assigned -> review -> accepted -> released -> public.
  SEC-3 (E)  entered by psirt from an e-mail of oscar (straight into triage),
             then rejected as invalid.

At every step, for every person and anonymous: GET of each issue and its
comments, attachments, history and backports (a hidden issue answers
byte-for-byte like SEC-999, headers too, but Date), the list, the counts,
the CVE list and the CVE <-> fix table; the issue JSON equals what
`vigil --as WHO issue show KEY --json` prints. At two steps every issue
route (GET, POST, PATCH, PUT, DELETE) is tried on every hidden issue.

Usage: test_http_api.py PATH-TO-VIGIL
"""

import hashlib
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import (API, CheckAbort, HttpHarness, MISSING_KEY, Totp,  # noqa: E402
                         iso_plus)
from vigil_cast import CVSS_CRITICAL, CVSS_HIGH, PEOPLE, create_cast  # noqa: E402
from vigil_cast import label as cast_label  # noqa: E402

T_SETUP = "2026-01-05T10:00:00Z"
T_RUN = "2026-01-06T09:00:00Z"
T_LATE = iso_plus(T_RUN, 13 * 3600)     # every session of T_RUN has expired

STATES = ["new", "triage", "assigned", "review", "accepted", "released", "public",
          "rejected"]
VIEWERS = [p[0] for p in PEOPLE] + [None]
PSIRT = {"alice", "carol"}
SESSION_PEOPLE = ["alice", "carol", "rita", "oscar", "dave", "adam", "dora", "paula"]
TOKEN_PEOPLE = ["nina", "frank", "archie", "larry", "rob"]
ADMIN_PSIRT = "paula"      # admin and psirt, not in PEOPLE (vigil_cast.py)
# who must give a second factor (GET /me mfa_required): a global role...
GLOBAL_ROLES = {"alice", "carol", "adam", "dora", ADMIN_PSIRT}
# ...or something to own: a subsystem, a release (and later an issue, a grant)
OWNERS = {"nina", "frank", "archie", "larry", "rob"}
# the sessions that enrol TOTP while signing in
ENROL_AT_SIGN_IN = ["adam", "alice", "carol", ADMIN_PSIRT]
SECOND_FACTOR_FIRST = "enrol and give your second factor first"
TOKENS_NEED_SESSION = "sign in with a session to create tokens"


def label(login):
    if login == ADMIN_PSIRT:
        return "%s (admin and psirt)" % login
    return cast_label(login)

O_KEY, M_KEY, E_KEY = "SEC-1", "SEC-2", "SEC-3"
KEYS = [O_KEY, M_KEY, E_KEY]
O_TITLE = "fs: zebra-stripe overflow when mounting a crafted littlefs image"
M_TITLE = "net: heap overflow in IPv6 fragment reassembly"
M_DESC = ("A crafted IPv6 fragment train overflows the reassembly buffer in "
          "subsys/net/ip/ipv6_fragment.c.\n\nPossibly the same root cause as SEC-1; "
          "see also SEC-999.")
E_TITLE = "fs: quokka journal replay double free (reported by e-mail)"
FIX_MAIN = "https://github.com/example/product/pull/101"
FIX_LTS = "https://github.com/example/product/pull/102"
FIX_NOPE = "https://github.com/example/product/pull/999"
POC = b"\x00\x01PoC\r\n<html><script>alert(1)</script></html>\xff\xfe" + bytes(range(256))
POC_NAME = "poc-ipv6.bin"

M_VIEWS_TABLE = """
person     new       triage    assigned  review    accepted  released  public
alice      full      full      full      full      full      full      full
carol      full      full      full      full      full      full      full
rita       reporter  reporter  reporter  reporter  reporter  reporter  reporter
oscar      -         -         -         -         -         -         public
nina       -         full      full      full      full      full      full
frank      -         -         -         -         -         -         public
archie     -         full      full      full      full      full      full
dave       -         -         full      full      full      full      full
larry      -         -         -         -         full      full      full
rob        -         -         -         -         -         -         public
adam       -         -         -         -         -         -         public
dora       -         -         -         -         -         -         public
anonymous  -         -         -         -         -         -         public
"""
# O and E never change: psirt, their reporter and the fs maintainer.
O_VIEWS = {"alice": "full", "carol": "full", "oscar": "reporter", "frank": "full"}
E_VIEWS = O_VIEWS


def parse_table(text):
    rows = [line.split() for line in text.strip().splitlines()]
    head = rows[0][1:]
    out = {}
    for r in rows[1:]:
        who = None if r[0] == "anonymous" else r[0]
        out[who] = {step: (None if v == "-" else v) for step, v in zip(head, r[1:])}
    return out


M_VIEWS = parse_table(M_VIEWS_TABLE)


def cve_sort_key(cid):
    _, year, seq = cid.split("-")
    return (int(year), int(seq))


class World:
    """The expected facts of each issue so far."""

    def __init__(self):
        self.step = None
        self.exists = {O_KEY}
        self.issues = {
            O_KEY: dict(title=O_TITLE, state="new", reporter="oscar", subsystem="fs",
                        assignee=None, priority=None, cvss=None, comments=[], fixes=[],
                        backports=[], mentions=[], embargo_until=None, attachments=[]),
            M_KEY: dict(title=M_TITLE, state="new", reporter="rita", subsystem=None,
                        assignee=None, priority=None, cvss=None, comments=[], fixes=[],
                        backports=[], mentions=[O_KEY], embargo_until=None, attachments=[]),
            E_KEY: dict(title=E_TITLE, state="triage", reporter="oscar", subsystem="fs",
                        assignee=None, priority=None, cvss=None, comments=[], fixes=[],
                        backports=[], mentions=[], embargo_until=None, attachments=[]),
        }
        self.pool = {}          # CVE id -> [state, key or None]
        self.granted = set()    # (login, key)

    def view(self, who, key):
        if key not in self.exists:
            return None
        if (who, key) in self.granted:
            return "full"
        if key == M_KEY:
            return M_VIEWS[who][self.step]
        return (O_VIEWS if key == O_KEY else E_VIEWS).get(who)

    def cves_of(self, key):
        return sorted((c for c, (st, k) in self.pool.items() if k == key and st != "rejected"),
                      key=cve_sort_key)


# What anonymous callers may use (docs/api.md "Who must be signed in");
# every other route answers 401 to them.
ANON_ROUTES = {("GET", "/issues"), ("GET", "/issues/counts"), ("GET", "/issues/{k}"),
               ("GET", "/issues/{k}/comments"), ("GET", "/issues/{k}/attachments"),
               ("GET", "/cves"), ("GET", "/cve-fixes"), ("POST", "/cvss"),
               ("GET", "/search"),  # full-text search
               ("GET", "/issues/{k}/advisories/osv"), ("GET", "/issues/{k}/advisories/cve"),
               # mail: the public request to join the alert list
               ("POST", "/alert-list/requests")}


def anon_may(method, path_t):
    return (method, path_t.split("?")[0]) in ANON_ROUTES


def issue_routes():
    """Every route of an issue, with a body the route accepts: (method,
    path with {k}, JSON body or raw bytes, content type)."""
    j = "application/json"
    o = "application/octet-stream"
    return [
        ("GET", "/issues/{k}", None, None),
        ("PATCH", "/issues/{k}", {"cvss": CVSS_HIGH}, j),
        ("PATCH", "/issues/{k}", {"priority": "P1", "embargo": "no"}, j),
        ("POST", "/issues/{k}/ack", {}, j),
        ("POST", "/issues/{k}/assign", {"assignee": "dave"}, j),
        ("POST", "/issues/{k}/move", {"state": "review"}, j),
        ("POST", "/issues/{k}/reject", {"resolution": "invalid"}, j),
        ("POST", "/issues/{k}/publish", {"reason": "vendors are ready"}, j),
        ("GET", "/issues/{k}/comments", None, None),
        ("POST", "/issues/{k}/comments", {"text": "hello there"}, j),
        ("POST", "/issues/{k}/comments", {"text": "psst", "internal": True}, j),
        ("GET", "/issues/{k}/attachments", None, None),
        ("POST", "/issues/{k}/attachments?name=x.bin", b"\x00abc", o),
        ("GET", "/issues/{k}/attachments/1", None, None),
        ("GET", "/issues/{k}/history", None, None),
        ("GET", "/issues/{k}/advisories/osv", None, None),
        ("GET", "/issues/{k}/advisories/cve", None, None),
        ("POST", "/issues/{k}/grants", {"login": "rob", "reason": "help"}, j),
        ("DELETE", "/issues/{k}/grants/rob", None, None),
        ("POST", "/issues/{k}/cves", {}, j),
        ("POST", "/issues/{k}/fixes", {"url": FIX_NOPE, "branch": "main"}, j),
        ("POST", "/issues/{k}/fixes/state", {"url": FIX_MAIN, "state": "merged"}, j),
        ("GET", "/issues/{k}/backports", None, None),
        ("PUT", "/issues/{k}/backports/v2.7.0", {"state": "needed"}, j),
    ]


def other_routes():
    """Every route that is not one issue's."""
    j = "application/json"
    return [
        ("GET", "/issues", None, None),
        ("GET", "/issues?q=overflow&limit=5", None, None),
        ("POST", "/issues", {"title": "t t t", "description": "d d d"}, j),
        ("GET", "/issues/counts", None, None),
        ("GET", "/search?q=overflow", None, None),  # full-text search
        ("GET", "/cves", None, None),
        ("POST", "/cves/reserve", {"range": "CVE-2026-3000..CVE-2026-3001"}, j),
        ("POST", "/cves/CVE-2026-1002/retire", {"reason": "not needed"}, j),
        ("GET", "/cve-fixes", None, None),
        ("GET", "/people", None, None),
        ("POST", "/people", {"login": "zed", "email": "zed@example.org"}, j),
        ("PATCH", "/people/rita", {"disabled": True}, j),
        ("POST", "/people/rita/password-reset", None, None),
        ("POST", "/people/nina/totp-reset", None, None),
        ("GET", "/subsystems", None, None),
        ("POST", "/subsystems", {"name": "zz", "paths": ["zz/**"]}, j),
        ("GET", "/releases", None, None),
        ("POST", "/releases", {"name": "v8.0.0", "branch": "v8-branch",
                               "date": "2027-01-01"}, j),
        ("POST", "/releases/v3.3.0/eol", None, None),
        ("GET", "/meetings", None, None),
        ("POST", "/meetings", {"date": "2026-01-06", "attendees": ["alice"]}, j),
        ("POST", "/meetings/1/decisions", {"issue": M_KEY, "kind": "embargo-no",
                                           "reason": "x"}, j),
        ("POST", "/tick", None, None),
        ("GET", "/audit/verify", None, None),
        ("GET", "/audit/log", None, None),
        ("POST", "/cvss", {"vector": CVSS_HIGH}, j),
        ("GET", "/me", None, None),
        ("POST", "/me/password", {"old": "not the password", "new": "a-new-password-1234"}, j),
        ("POST", "/me/totp", None, None),
        ("POST", "/me/totp/confirm", {"code": "123456"}, j),
        ("GET", "/me/tokens", None, None),
        ("POST", "/me/tokens", {"name": "sneaky", "scope": "write"}, j),
        ("DELETE", "/me/tokens/sneaky", None, None),
        # mail: the vulnerability-alerts list (member 1 is made in setup)
        ("POST", "/alert-list/requests", {"org": "Sneaky", "addresses": ["s@example.org"],
                                          "reason": "r"}, j),
        ("GET", "/alert-list", None, None),
        ("GET", "/alert-list/1", None, None),
        ("PATCH", "/alert-list/1", {"addresses": ["sec@acme.example"]}, j),
        ("POST", "/alert-list/1/decision", {"decision": "approve"}, j),
        # mail: the queue (psirt only over HTTP; message 1 is made in outbox())
        ("GET", "/outbox", None, None),
        ("GET", "/outbox?state=held", None, None),
        ("GET", "/outbox/1", None, None),
        ("POST", "/outbox/1/retry", None, None),
        ("POST", "/outbox/retry-held", None, None),
    ]


class Scenario:
    def __init__(self, h):
        self.h = h
        self.w = World()
        self.P = {}           # login or None -> Client
        self.passwords = {}
        self.tokens = {}
        self.totp = {}
        self.attach_id = None

    # ------------------------------------------------------------------ helpers

    def send(self, who, method, path, body=None, ctype=None, client=None):
        c = client or self.P[who]
        if body is None:
            return c.request(method, API + path)
        if isinstance(body, (bytes, bytearray)):
            return c.request(method, API + path, body=bytes(body),
                             content_type=ctype or "application/octet-stream")
        return c.request(method, API + path, json_body=body,
                         content_type=ctype if ctype else None)

    def cli_show(self, who, key):
        r = self.h.run("issue", "show", key, "--json", as_=who)
        try:
            return json.loads(r.out) if r.rc == 0 else None
        except ValueError:
            return None

    def unchanged(self, what, fn):
        """fn makes refused requests: no row of the database changes and no
        audit event is written."""
        self.h.unchanged(what, fn)

    def want_refusal(self, who):
        return 401 if who is None else 403

    def denied(self, who, method, path, body, what, detail=None):
        """who sees the issue but may not do this: 403 (401 anonymous)."""
        def go():
            r = self.send(who, method, path, body)
            self.h.problem(r, self.want_refusal(who), "%s may not %s (%s %s)" % (
                label(who), what, method, path), detail=detail)
        self.unchanged("%s: %s" % (label(who), what), go)

    def hidden_same(self, who, method, path_t, body, key, what, ctype=None, client=None):
        """path_t on key answers byte-identically to the same on SEC-999."""
        h = self.h
        r1 = self.send(who, method, path_t.replace("{k}", key), body, ctype, client)
        r2 = self.send(who, method, path_t.replace("{k}", MISSING_KEY), body, ctype, client)
        lab = client.label if client else label(who)
        h.same_answer(r1, r2, "%s: %s %s on hidden %s answers exactly like on %s "
                      "(status, headers but Date, body)%s" % (
                          lab, method, path_t, key, MISSING_KEY,
                          (" — " + what) if what else ""))
        if who is None and client is None and not anon_may(method, path_t):
            h.check(r1.status == 401, "%s: %s %s on hidden %s -> 401 (the route needs a "
                    "signed-in person)" % (lab, method, path_t, key), r1)
        else:
            h.check(r1.status == 404, "%s: %s %s on hidden %s -> 404" % (
                lab, method, path_t, key), r1)
        h.not_in(r1, [self.w.issues[key]["title"]], "%s: the hidden title is absent" % lab)
        return r1

    def hidden(self, who, method, path_t, body, key, what):
        self.unchanged("%s: %s" % (label(who), what),
                       lambda: self.hidden_same(who, method, path_t, body, key, what))

    def ok(self, who, method, path, body, what, status=200, kind=dict):
        r = self.send(who, method, path, body)
        return self.h.ok_json(r, status, "%s: %s (%s %s)" % (label(who), what, method, path),
                              kind)

    # ------------------------------------------------------------------ checks

    def check_issue(self, who, key, view):
        h, w = self.h, self.w
        iss = w.issues[key]
        lab = label(who)
        r = self.send(who, "GET", "/issues/" + key)
        j = h.ok_json(r, 200, "%s reads %s (view %s)" % (lab, key, view), dict)
        h.check("no-store" in (r.header("Cache-Control") or ""),
                "issue data is sent with Cache-Control: no-store", r)
        h.eq(j.get("key"), key, "%s: key" % key, r)
        h.eq(j.get("view"), view, "%s sees %s with view %r" % (lab, key, view), r)
        h.eq(j.get("state"), iss["state"], "%s sees %s in state %s" % (lab, key, iss["state"]),
             r)
        h.eq(j.get("title"), iss["title"], "%s: title" % key, r)
        h.eq(j.get("subsystem"), iss["subsystem"], "%s: subsystem" % key, r)
        h.eq(j.get("cvss"), iss["cvss"], "%s: cvss" % key, r)
        h.eq(j.get("cves"), w.cves_of(key), "%s: CVE ids %s sees" % (key, lab), r)
        if iss["embargo_until"] is not None:
            h.eq(j.get("embargo_until"), iss["embargo_until"], "%s: embargo_until" % key, r)
        want = [(a, t, "internal" if i else "shared") for a, t, i in iss["comments"]
                if view == "full" or (view == "reporter" and not i)]
        got = [(c.get("author"), c.get("text"), c.get("visibility"))
               for c in j.get("comments", []) if isinstance(c, dict)]
        h.eq(got, want, "%s: the comments %s sees (%s view)" % (key, lab, view), r)
        h.not_in(r, [t for a, t, i in iss["comments"] if i and view != "full"],
                 "%s: internal comments never reach %s" % (key, lab))
        if view == "full":
            h.eq(j.get("assignee"), iss["assignee"], "%s: assignee (full view)" % key, r)
            h.eq(j.get("priority"), iss["priority"], "%s: priority (full view)" % key, r)
            h.check("grants" in j, "%s: grants in the full view" % key, r)
        else:
            h.eq(j.get("assignee"), None, "%s: no assignee in the %s view" % (key, view), r)
            h.eq(j.get("priority"), None, "%s: no priority in the %s view" % (key, view), r)
            h.check("grants" not in j, "%s: no grants in the %s view" % (key, view), r)
        if view == "public":
            h.eq(j.get("reporter"), None, "%s: no reporter in the public view" % key, r)
            h.eq(j.get("attachments"), [], "%s: no attachments in the public view" % key, r)
        else:
            h.eq(j.get("reporter"), iss["reporter"], "%s: reporter" % key, r)
            h.eq([(a.get("name"), a.get("size"), a.get("sha256"))
                  for a in j.get("attachments", []) if isinstance(a, dict)],
                 [(n, len(b), hashlib.sha256(b).hexdigest()) for _, n, b in iss["attachments"]],
                 "%s: attachments %s sees (name, size, sha256)" % (key, lab), r)
        got_bp = [(b.get("release"), b.get("state")) for b in j.get("backports", [])
                  if isinstance(b, dict)]
        h.eq(got_bp, [] if view == "reporter" else iss["backports"],
             "%s: backports %s sees (none in the reporter view)" % (key, lab), r)
        h.eq([(f.get("url"), f.get("state")) for f in j.get("fixes", []) if isinstance(f, dict)],
             iss["fixes"], "%s: fixes" % key, r)
        want_refs = [{"key": k, "title": w.issues[k]["title"]} for k in iss["mentions"]
                     if w.view(who, k)]
        h.eq(j.get("references"), want_refs, "%s: references %s may follow" % (key, lab), r)
        h.not_in(r, [w.issues[k]["title"] for k in iss["mentions"] if not w.view(who, k)],
                 "%s: titles of mentioned issues %s may not see are absent" % (key, lab))
        cli = self.cli_show(who, key)
        h.eq(j, cli, "%s: GET /issues/%s equals `vigil --as %s issue show %s --json`" % (
            lab, key, who or "(anonymous)", key), r)

        # the sub-resources agree with the issue
        r2 = self.send(who, "GET", "/issues/%s/comments" % key)
        h.eq(h.ok_json(r2, 200, "%s: comments of %s" % (lab, key), list),
             j.get("comments"), "%s: GET comments of %s equals the issue's" % (lab, key), r2)
        r2 = self.send(who, "GET", "/issues/%s/attachments" % key)
        h.eq(h.ok_json(r2, 200, "%s: attachments of %s" % (lab, key), list),
             j.get("attachments"), "%s: GET attachments of %s equals the issue's" % (lab, key),
             r2)
        r2 = self.send(who, "GET", "/issues/%s/history" % key)
        if view == "full":
            hist = h.ok_json(r2, 200, "%s: history of %s (full view)" % (lab, key), list)
            h.check(len(hist) > 0 and all(isinstance(e, dict) and e.get("object") == key
                                          for e in hist),
                    "%s: the history of %s holds only its own events" % (lab, key), r2)
        else:
            h.problem(r2, self.want_refusal(who), "%s: history of %s in the %s view" % (
                lab, key, view))
        r2 = self.send(who, "GET", "/issues/%s/backports" % key)
        if view == "full":
            h.eq(h.ok_json(r2, 200, "%s: backports of %s" % (lab, key), list),
                 j.get("backports"), "%s: GET backports equals the issue's" % lab, r2)
        elif view == "reporter":
            h.problem(r2, 403, "%s: backports of %s in the reporter view" % (lab, key))
        else:
            if r2.status == 200:
                h.eq(r2.json(), j.get("backports"),
                     "%s: GET backports in the public view equals the issue's" % lab, r2)
            else:
                h.problem(r2, (401, 403), "%s: backports of %s in the public view" % (lab,
                                                                                      key))
        for aid, name, data in iss["attachments"]:
            r2 = self.send(who, "GET", "/issues/%s/attachments/%d" % (key, aid))
            if view in ("full", "reporter"):
                safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)
                h.check(r2.status == 200 and r2.body == data and
                        r2.ctype == "application/octet-stream" and
                        r2.header("Content-Disposition") == 'attachment; filename="%s"' % safe
                        and r2.header("X-Content-Type-Options") == "nosniff",
                        "%s downloads %s of %s: the same bytes, application/octet-stream, "
                        "nosniff, Content-Disposition: attachment; filename=\"%s\"" % (
                            lab, name, key, safe), r2)
            else:
                r3 = self.send(who, "GET", "/issues/%s/attachments/999999" % key)
                h.same_answer(r2, r3, "%s: an attachment of %s in the public view answers "
                              "like a nonexistent attachment" % (lab, key))
                h.check(r2.status in (401, 403, 404) and data not in r2.body,
                        "%s gets no attachment bytes in the public view" % lab, r2)
        return j

    def check_hidden_reads(self, who, key):
        for m, p, b, ct in issue_routes():
            if m == "GET":
                self.hidden_same(who, m, p, b, key, "step %s" % self.w.step)

    def check_everyone(self):
        h, w = self.h, self.w
        h.section = "step %s" % w.step
        for who in VIEWERS:
            lab = label(who)
            visible = {}
            for key in KEYS:
                view = w.view(who, key)
                if view:
                    self.check_issue(who, key, view)
                    visible[key] = view
                elif key in w.exists:
                    self.check_hidden_reads(who, key)
            hidden_titles = [w.issues[k]["title"] for k in w.exists if k not in visible]

            r = self.send(who, "GET", "/issues")
            j = h.ok_json(r, 200, "%s lists issues" % lab, dict)
            items = j.get("items") if isinstance(j.get("items"), list) else []
            h.eq({i.get("key"): i.get("view") for i in items if isinstance(i, dict)}, visible,
                 "GET /issues for %s at %s: exactly the visible issues with their views" % (
                     lab, w.step), r)
            h.eq(j.get("total"), len(visible), "GET /issues total for %s" % lab, r)
            for i in items:
                if isinstance(i, dict) and i.get("key") in w.issues:
                    h.eq(i.get("state"), w.issues[i["key"]]["state"],
                         "list: state of %s" % i.get("key"), r)
                    h.check("description" not in i and "comments" not in i,
                            "list items carry no description or comments", r)
            h.not_in(r, hidden_titles, "GET /issues for %s: hidden titles absent" % lab)

            r = self.send(who, "GET", "/issues/counts")
            want = {s: 0 for s in STATES}
            for key in visible:
                want[w.issues[key]["state"]] += 1
            h.eq(h.ok_json(r, 200, "%s: counts" % lab, dict), want,
                 "GET /issues/counts for %s at %s" % (lab, w.step), r)

            r = self.send(who, "GET", "/cves")
            cves = h.ok_json(r, 200, "%s: CVE list" % lab, list)
            got = [(c.get("id"), c.get("state"), c.get("issue")) for c in cves
                   if isinstance(c, dict)]
            want = []
            for cid in sorted(w.pool, key=cve_sort_key):
                st, k = w.pool[cid]
                if who in PSIRT or (k is not None and k in visible):
                    want.append((cid, st, k))
            h.eq(got, want, "GET /cves for %s at %s: %s" % (
                lab, w.step, "the whole pool" if who in PSIRT else
                "only ids of issues they can see"), r)

            r = self.send(who, "GET", "/cve-fixes")
            rows = h.ok_json(r, 200, "%s: CVE <-> fix table" % lab, list)
            want = []
            for cid, (st, k) in w.pool.items():
                if k is None or st == "rejected":
                    continue
                if who in PSIRT or st == "published":
                    want += [(cid, k, u) for u, _ in w.issues[k]["fixes"]]
            h.eq(sorted((x.get("cve"), x.get("issue"), x.get("url")) for x in rows
                        if isinstance(x, dict)), sorted(want),
                 "GET /cve-fixes for %s at %s: psirt's alone until public" % (lab, w.step), r)
        h.section = "after %s" % w.step

    def sweep_hidden(self):
        """Every issue route on every hidden issue, as everyone who may not
        see it: identical to SEC-999, and nothing changes."""
        w = self.w

        def go():
            for who in VIEWERS:
                for key in KEYS:
                    if key in w.exists and not w.view(who, key):
                        for m, p, b, ct in issue_routes():
                            self.hidden_same(who, m, p, b, key, "route sweep at %s" % w.step,
                                             ct)
        self.unchanged("every issue route on hidden issues at %s" % w.step, go)

    # ------------------------------------------------------------------ the story

    def setup(self):
        h, w = self.h, self.w
        h.now = T_SETUP
        create_cast(h)
        # locally (on the database file) a plain admin may still give psirt
        h.ok("user", "add", ADMIN_PSIRT, "--email", "%s@example.org" % ADMIN_PSIRT, "--name",
             "Paula", "--role", "admin", "--role", "psirt", as_="adam",
             what="admin adds paula (admin and psirt) with the CLI")
        for login in SESSION_PEOPLE:
            self.passwords[login] = h.cli_password(login)
            h.check(self.passwords[login] and len(self.passwords[login]) >= 12,
                    "user password prints 'password: ...' of at least 12 characters",
                    h.last)
        for login in TOKEN_PEOPLE:
            self.tokens[login] = h.cli_token(login, "ci-" + login, "write", 365)
        self.tokens["alice-ro"] = h.cli_token("alice", "alice-ro", "read", 365)
        r = h.ok("report", "--title", O_TITLE, "--description",
                 "Mounting a crafted image overflows a stack buffer.", "--subsystem", "fs",
                 as_="oscar", what="oscar reports O against fs (CLI)")
        h.eq(r.out.strip(), O_KEY, "the first report gets key SEC-1", r)
        # mail: alert-list member 1, a pending request
        r = h.ok("alert", "request", "--org", "ACME", "--address", "sec@acme.example",
                 "--reason", "we ship the product", what="anyone asks to join the alert list")
        h.eq(r.out.strip(), "1", "the first alert-list request gets id 1", r)

    def sign_in(self):
        h = self.h
        h.now = T_RUN
        h.start_server(T_RUN)
        self.P[None] = h.client("anonymous")
        for login in TOKEN_PEOPLE:
            c = h.client(label(login))
            c.token = self.tokens[login]
            self.P[login] = c
        ro = h.client("alice (read-only token)")
        ro.token = self.tokens["alice-ro"]
        self.ro = ro
        for login in SESSION_PEOPLE:
            c = h.client(label(login))
            r = c.login(login, self.passwords[login])
            j = h.ok_json(r, 200, "%s signs in with login and password" % login, dict)
            h.check(isinstance(j.get("csrf"), str) and len(j.get("csrf", "")) >= 16 and
                    j.get("login") == login and j.get("mfa") is False and
                    j.get("mfa_enrolled") is False,
                    "the login answer: {login, csrf, mfa: false, mfa_enrolled: false}", r)
            needs = login in GLOBAL_ROLES
            h.eq(j.get("mfa_required"), needs,
                 "%s's login answer: mfa_required %s (%s)" % (
                     login, str(needs).lower(), "a global role needs the second factor"
                     if needs else "no global role and nothing owned yet"), r)
            ck = " ".join(r.header_all("Set-Cookie"))
            h.check("vigil_session=" in ck and "httponly" in ck.lower() and
                    "samesite=strict" in ck.lower() and "path=/" in ck.lower() and
                    "secure" not in ck.lower(),
                    "the session cookie: HttpOnly; SameSite=Strict; Path=/ (no Secure "
                    "without TLS)", r)
            self.P[login] = c
        # before the second factor: psirt see what anonymous sees, admins may
        # do nothing an admin does; then they enrol over HTTP and the session
        # is upgraded
        for login in ENROL_AT_SIGN_IN:
            c = self.P[login]
            r = c.get(API + "/issues/" + O_KEY)
            h.problem(r, 404, "%s before TOTP sees O only as anonymous would" % login)
            self.before_second_factor(login)
            self.enrol(login)
        self.enrolled = set(ENROL_AT_SIGN_IN)
        for who in VIEWERS:
            if who is None:
                r = self.P[None].get(API + "/me")
                h.problem(r, 401, "anonymous: GET /me")
                continue
            r = self.P[who].get(API + "/me")
            j = h.ok_json(r, 200, "%s: GET /me" % label(who), dict)
            roles = [p[2] for p in PEOPLE if p[0] == who][0]
            h.check(j.get("login") == who and sorted(j.get("roles") or []) == sorted(roles) and
                    j.get("via") == ("token" if who in TOKEN_PEOPLE else "session") and
                    (who not in TOKEN_PEOPLE or j.get("scope") == "write"),
                    "%s: GET /me names the person, roles, via and scope" % label(who), r)
            want = {"mfa_required": who in GLOBAL_ROLES or who in OWNERS,
                    "mfa": who in TOKEN_PEOPLE or who in self.enrolled,
                    "mfa_enrolled": who in self.enrolled}
            h.eq({k: j.get(k) for k in want}, want,
                 "%s: GET /me: mfa_required (a global role or something owned), mfa (a "
                 "token made by the CLI or an enrolled session), mfa_enrolled" % label(who), r)
        r = self.ro.get(API + "/me")
        j = h.ok_json(r, 200, "read-only token: GET /me", dict)
        h.check(j.get("login") == "alice" and j.get("via") == "token" and
                j.get("scope") == "read" and j.get("mfa") is True,
                "GET /me with the read-only token: scope read, mfa true (made by the CLI)", r)

    def enrol(self, login):
        """login's session enrols TOTP over HTTP and is upgraded."""
        h = self.h
        c = self.P[login]
        r = c.post(API + "/me/totp")
        j = h.ok_json(r, 200, "%s starts TOTP enrolment" % login, dict)
        secret = j.get("secret") or ""
        h.check(str(j.get("uri", "")).startswith("otpauth://totp/") and secret and
                secret in j.get("uri", ""), "the answer holds the secret and an "
                "otpauth:// URI with it", r)
        t = Totp(secret)
        self.totp[login] = t
        r = c.post(API + "/me/totp/confirm", {"code": t.next(h.now)})
        j = h.ok_json(r, 200, "%s confirms TOTP with a current code" % login, dict)
        codes = j.get("recovery_codes") or []
        h.check(len(codes) == 10 and len(set(codes)) == 10,
                "ten distinct recovery codes", r)
        r = c.get(API + "/me")
        j = h.ok_json(r, 200, "%s: GET /me" % login, dict)
        h.check(j.get("mfa") is True and j.get("mfa_enrolled") is True and
                j.get("via") == "session",
                "%s's session is upgraded (mfa: true, mfa_enrolled: true, via: session)" %
                login, r)

    def before_second_factor(self, who):
        """A session of an admin (who) without the second factor: every
        admin action is refused with 403 auth "enrol and give your second
        factor first"; what the role alone does not allow is refused for
        the role (field "as"), not for the factor; nothing changes."""
        h = self.h
        j = "application/json"
        configure = [("GET", "/people", None),
                     ("POST", "/subsystems", {"name": "zz", "paths": ["zz/**"]}),
                     ("POST", "/releases", {"name": "v8.0.0", "branch": "v8-branch",
                                            "date": "2027-01-01"}),
                     ("POST", "/releases/v3.3.0/eol", None),
                     ("GET", "/audit/verify", None)]
        manage = [("POST", "/people", {"login": "zed", "email": "zed@example.org"}),
                  ("PATCH", "/people/rita", {"disabled": True}),
                  ("POST", "/people/rita/password-reset", None),
                  ("POST", "/people/oscar/totp-reset", None)]
        psirt_only = [("POST", "/cves/reserve", {"range": "CVE-2026-5000..CVE-2026-5001"}),
                      ("GET", "/meetings", None),
                      ("POST", "/meetings", {"date": "2026-01-06", "attendees": ["alice"]})]
        is_admin = who in ("adam", ADMIN_PSIRT)
        is_psirt = who in PSIRT or who == ADMIN_PSIRT
        factor = configure + (manage if is_admin else []) + (psirt_only if is_psirt else [])
        role = ([] if is_admin else manage) + ([] if is_psirt else psirt_only)

        def go():
            for m, p, b in factor:
                r = self.send(who, m, p, b, j if b is not None else None)
                h.problem(r, 403, "%s before the second factor: %s %s" % (label(who), m, p),
                          field="auth", detail=SECOND_FACTOR_FIRST)
            for m, p, b in role:
                r = self.send(who, m, p, b, j if b is not None else None)
                h.problem(r, 403, "%s before the second factor: %s %s is refused for the "
                          "role, not for the factor" % (label(who), m, p), field="as")
        self.unchanged("%s's actions before the second factor" % label(who), go)

    def eve_reset(self, who, what):
        """who resets eve's password over HTTP; returns the new one."""
        j = self.ok(who, "POST", "/people/eve/password-reset", None, "%s %s" % (who, what))
        pw = j.get("password") or ""
        self.h.check(isinstance(pw, str) and len(pw) >= 12, "a new password, shown once",
                     self.h.last)
        self.eve_pw = pw
        return pw

    def eve_signs_in(self, pw):
        """eve (director, no second factor) signs in and makes an API token
        with her session. Returns (session client, token client)."""
        h = self.h
        ce = h.client("eve")
        r = ce.login("eve", pw)
        j = h.ok_json(r, 200, "eve signs in with the password the admin gave", dict)
        h.eq((j.get("mfa"), j.get("mfa_required")), (False, True),
             "eve's login answer: mfa false, mfa_required true (director: a global role)", r)
        r = ce.get(API + "/issues/" + O_KEY)
        h.problem(r, 404, "eve (director) sees no issue content")
        self.eve_tokens = getattr(self, "eve_tokens", 0) + 1
        r = ce.post(API + "/me/tokens", {"name": "eve-%d" % self.eve_tokens, "scope": "write",
                                         "days": 7})
        j = h.ok_json(r, 201, "eve makes an API token with her session", dict)
        et = h.client("eve's token")
        et.token = j.get("token")
        r = et.get(API + "/me")
        j = h.ok_json(r, 200, "eve's token: GET /me", dict)
        h.check(j.get("login") == "eve" and j.get("via") == "token" and j.get("mfa") is False,
                "eve's token acts as eve, without the second factor her session lacked", r)
        return ce, et

    def eve_gone(self, ce, et, what):
        h = self.h
        h.problem(ce.get(API + "/me"), 401, "after %s eve's session no longer works" % what)
        h.problem(et.get(API + "/me"), 401, "after %s eve's API token no longer works" % what)

    def configuration(self):
        """People, subsystems, releases and the CVE pool, as each role."""
        h, w = self.h, self.w
        P = self.P
        h.section = "people"
        everyone = sorted([p[0] for p in PEOPLE] + [ADMIN_PSIRT])
        for who, want in (("adam", 200), (ADMIN_PSIRT, 200), ("alice", 200), ("rita", 403),
                          ("nina", 403), ("dora", 403), (None, 401)):
            r = P[who].get(API + "/people")
            if want == 200:
                lst = h.ok_json(r, 200, "%s lists people" % label(who), list)
                h.eq(sorted(p.get("login") for p in lst if isinstance(p, dict)),
                     everyone, "GET /people: everyone", r)
                h.check(all("password" not in json.dumps(p) for p in lst),
                        "GET /people shows no password data", r)
            else:
                h.problem(r, want, "%s may not list people" % label(who))
        eve = {"login": "eve", "email": "eve@example.org", "name": "Eve", "roles": ["director"]}
        for who in ("alice", "rita", "dora", None):
            self.unchanged("%s adds a person" % label(who), lambda who=who: h.problem(
                self.send(who, "POST", "/people", eve), self.want_refusal(who),
                "%s may not add people" % label(who)))
        self.ok("adam", "POST", "/people", eve, "admin adds eve (director)", 201)
        r = self.send("adam", "POST", "/people", eve)
        h.problem(r, 409, "adding eve twice is a conflict")
        r = self.send("adam", "POST", "/people", {"login": "eve2", "email": "e@example.org",
                                                  "roles": ["emperor"]})
        h.problem(r, 400, "an unknown role is refused", field="roles")

        # only an admin who is also psirt gives the psirt role over the network
        pia = {"login": "pia", "email": "pia@example.org", "roles": ["psirt"]}
        self.unchanged("adam adds a psirt member", lambda: h.problem(
            self.send("adam", "POST", "/people", pia), 403,
            "a plain admin may not add a person with the psirt role", field="roles"))
        self.unchanged("adam gives eve psirt", lambda: h.problem(
            self.send("adam", "PATCH", "/people/eve", {"add_roles": ["psirt"]}), 403,
            "a plain admin may not give the psirt role", field="roles"))
        self.unchanged("adam enables eve and gives her psirt in one request", lambda: h.problem(
            self.send("adam", "PATCH", "/people/eve", {"disabled": False,
                                                       "add_roles": ["psirt"]}), 403,
            "a plain admin may not give the psirt role, even with another change in the "
            "same request", field="roles"))
        self.ok(ADMIN_PSIRT, "POST", "/people", pia, "an admin who is also psirt adds a psirt "
                "member", 201)
        self.ok(ADMIN_PSIRT, "PATCH", "/people/eve", {"add_roles": ["psirt"]},
                "an admin who is also psirt gives eve psirt")
        r = P["adam"].get(API + "/people")
        e = [p for p in r.jlist() if isinstance(p, dict) and p.get("login") == "eve"]
        h.check(e and sorted(e[0].get("roles") or []) == ["director", "psirt"],
                "eve now holds director and psirt", r)
        e = [p for p in r.jlist() if isinstance(p, dict) and p.get("login") == "pia"]
        h.check(e and e[0].get("roles") == ["psirt"], "pia holds psirt", r)
        # nobody changes their own roles over the network
        for who, body in (("adam", {"add_roles": ["psirt"]}),
                          ("adam", {"remove_roles": ["admin"]}),
                          (ADMIN_PSIRT, {"add_roles": ["director"]}),
                          (ADMIN_PSIRT, {"remove_roles": ["psirt"]})):
            self.unchanged("%s changes their own roles" % who, lambda who=who, body=body:
                           h.problem(self.send(who, "PATCH", "/people/" + who, body), 403,
                                     "%s may not change their own roles (%s)" % (
                                         label(who), json.dumps(body)), field="login"))
        for who in ("alice", "rita"):
            self.unchanged("%s changes roles" % who, lambda who=who: h.problem(
                self.send(who, "PATCH", "/people/eve", {"add_roles": ["admin"]}), 403,
                "%s may not change roles" % who))
        # the sign-in of someone who can see embargoed data: admin and psirt only
        for target, why in (("eve", "holds psirt"), ("alice", "psirt"),
                            ("nina", "maintains a subsystem"), ("archie", "architect"),
                            ("larry", "manages a release")):
            for what in ("password-reset", "totp-reset"):
                self.unchanged("adam: %s of %s" % (what, target), lambda t=target, w=what, y=why:
                               h.problem(self.send("adam", "POST", "/people/%s/%s" % (t, w)),
                                         403, "a plain admin may not %s %s (%s)" % (w, t, y),
                                         field="login"))
        j = self.ok(ADMIN_PSIRT, "POST", "/people/eve/password-reset", None,
                    "an admin who is also psirt resets the password of eve (psirt)")
        h.check(len(j.get("password") or "") >= 12, "a new password, shown once", h.last)
        self.ok(ADMIN_PSIRT, "POST", "/people/eve/totp-reset", None,
                "an admin who is also psirt resets the second factor of eve (psirt)")
        self.ok("adam", "PATCH", "/people/eve", {"remove_roles": ["psirt"]},
                "admin removes psirt")
        r = self.send("adam", "PATCH", "/people/nobody", {"disabled": True})
        h.problem(r, (400, 404), "changing a person who does not exist", field="login")
        for who in ("alice", "rita", "dora"):
            self.unchanged("%s resets a password" % who, lambda who=who: h.problem(
                self.send(who, "POST", "/people/eve/password-reset"), 403,
                "%s may not reset passwords" % who))

        # a director's sign-in is a plain admin's to reset; resets and
        # disabling end the person's sessions and API tokens
        ce, et = self.eve_signs_in(self.eve_reset("adam", "resets eve's password (a "
                                                          "director)"))
        self.eve_reset("adam", "resets eve's password again")
        self.eve_gone(ce, et, "a password reset by an admin")
        ce, et = self.eve_signs_in(self.eve_pw)
        self.unchanged("alice resets a second factor", lambda: h.problem(
            self.send("alice", "POST", "/people/eve/totp-reset"), 403,
            "psirt may not reset a second factor"))
        self.ok("adam", "POST", "/people/eve/totp-reset", None, "admin resets eve's TOTP")
        self.eve_gone(ce, et, "a TOTP reset")
        ce, et = self.eve_signs_in(self.eve_pw)
        self.ok("adam", "PATCH", "/people/eve", {"disabled": True}, "admin disables eve")
        self.eve_gone(ce, et, "disabling her")
        r = h.client("eve").login("eve", self.eve_pw)
        h.problem(r, 401, "a disabled person cannot sign in")
        # revoked, not merely blocked while disabled: enabled again, eve signs
        # in anew, but her old session and token stay dead
        self.ok("adam", "PATCH", "/people/eve", {"disabled": False}, "admin enables eve again")
        self.eve_gone(ce, et, "disabling her and enabling her again")
        h.ok_json(h.client("eve").login("eve", self.eve_pw), 200,
                  "enabled again, eve signs in with her password", dict)
        self.ok("adam", "PATCH", "/people/eve", {"disabled": True}, "admin disables eve for good")

        h.section = "subsystems and releases"
        for who in ("rita", "nina", "adam", "alice"):
            r = P[who].get(API + "/subsystems")
            lst = h.ok_json(r, 200, "%s lists subsystems" % label(who), list)
            h.eq(sorted((s.get("name"), tuple(s.get("maintainers") or []), s.get("architect"))
                        for s in lst if isinstance(s, dict)),
                 [("fs", ("frank",), None), ("net", ("nina",), "archie")],
                 "GET /subsystems", r)
        r = P[None].get(API + "/subsystems")
        h.problem(r, 401, "anonymous may not list subsystems")
        for who in ("nina", "rita", "dora", None):
            self.unchanged("%s adds a subsystem" % label(who), lambda who=who: h.problem(
                self.send(who, "POST", "/subsystems", {"name": "usb", "paths": ["usb/**"]}),
                self.want_refusal(who), "%s may not add subsystems" % label(who)))
        self.ok("alice", "POST", "/subsystems", {"name": "bluetooth", "paths":
                ["subsys/bluetooth/**"]}, "psirt adds a subsystem", 201)
        self.ok("adam", "POST", "/subsystems", {"name": "usb", "paths": ["subsys/usb/**"],
                "maintainers": []}, "admin adds a subsystem", 201)
        r = self.send("alice", "POST", "/subsystems", {"name": "usb", "paths": ["x/**"]})
        h.problem(r, 409, "a subsystem name is taken once")
        r = self.send("alice", "POST", "/subsystems", {"name": "wifi", "paths": ["w/**"],
                                                       "maintainers": ["nobody"]})
        h.problem(r, 400, "an unknown maintainer is refused", field=("maintainer",
                                                                       "maintainers"))
        h.problem(P[None].get(API + "/releases"), 401, "anonymous may not list releases")
        for who in ("rita", "adam"):
            r = P[who].get(API + "/releases")
            lst = h.ok_json(r, 200, "%s lists releases" % label(who), list)
            h.eq(sorted((x.get("name"), x.get("lts"), x.get("support"), x.get("managers"))
                        for x in lst if isinstance(x, dict)),
                 [("v2.7.0", True, "supported", ["larry"]),
                  ("v3.3.0", False, "supported", ["rob"]),
                  ("v3.4.0", False, "supported", []), ("v3.5.0", False, "supported", []),
                  ("v3.6.0", False, "supported", [])], "GET /releases", r)
        # larry manages v9.9.0 too: a release of his that M never gets a
        # backport for unless psirt (or the people working on M) create one
        rel = {"name": "v9.9.0", "branch": "v9.9-branch", "date": "2027-01-01",
               "managers": ["larry"]}
        for who in ("rita", "larry", None):
            self.unchanged("%s adds a release" % label(who), lambda who=who: h.problem(
                self.send(who, "POST", "/releases", rel), self.want_refusal(who),
                "%s may not add releases" % label(who)))
        r = self.send("alice", "POST", "/releases", dict(rel, date="2027-13-45"))
        h.problem(r, 400, "a release with an impossible date", field="date")
        self.ok("alice", "POST", "/releases", rel, "psirt adds release v9.9.0", 201)
        for who in ("larry", "rita"):
            self.unchanged("%s ends a release" % who, lambda who=who: h.problem(
                self.send(who, "POST", "/releases/v9.9.0/eol"), 403,
                "%s may not end a release" % who))
        self.ok("alice", "POST", "/releases/v9.9.0/eol", None, "psirt ends v9.9.0")
        r = P["rita"].get(API + "/releases")
        x = [x for x in r.jlist() if isinstance(x, dict) and x.get("name") == "v9.9.0"]
        h.check(x and x[0].get("support") == "eol", "v9.9.0 is eol", r)
        r = self.send("alice", "POST", "/releases/v0.0.1/eol")
        h.problem(r, (400, 404), "ending a release that does not exist")

        h.section = "CVE pool"
        rng = {"range": "CVE-2026-1000..CVE-2026-1004"}
        for who in ("nina", "rita", "adam", None):
            self.unchanged("%s reserves CVE ids" % label(who), lambda who=who: h.problem(
                self.send(who, "POST", "/cves/reserve", rng), self.want_refusal(who),
                "%s may not reserve CVE ids" % label(who)))
        self.unchanged("read-only token reserves", lambda: h.problem(
            self.ro.post(API + "/cves/reserve", rng), 403, "a read-only token may not write"))
        r = self.send("alice", "POST", "/cves/reserve", {"range": "CVE-2026-1004..CVE-2026-1000"})
        h.problem(r, 400, "a backwards range", field="range")
        j = self.ok("alice", "POST", "/cves/reserve", rng, "psirt reserves five ids", 201)
        h.eq(j.get("reserved"), 5, "reserved: 5", h.last)
        for n in range(1000, 1005):
            w.pool["CVE-2026-%d" % n] = ["reserved", None]
        r = self.send("alice", "POST", "/cves/reserve", rng)
        h.problem(r, 409, "reserving the same ids again")
        h.section = "route matrix"
        self.route_matrix()

        h.section = "cvss, tick, audit"
        for who in (None, "rita", "alice"):
            r = self.send(who, "POST", "/cvss", {"vector": CVSS_CRITICAL})
            j = h.ok_json(r, 200, "%s scores a vector" % label(who), dict)
            cli = self.h.run("cvss", CVSS_CRITICAL, "--json")
            try:
                cj = json.loads(cli.out)
            except ValueError:
                cj = None
            h.eq(j, cj, "POST /cvss equals `vigil cvss --json`", r)
        r = self.send("rita", "POST", "/cvss", {"vector": "CVSS:3.1/AV:X"})
        h.problem(r, 400, "an invalid vector", field="vector")
        for who in ("adam", "alice"):
            j = self.ok(who, "GET", "/audit/verify", None, "%s verifies the audit log" % who)
            h.check(j.get("ok") is True and isinstance(j.get("events"), int) and
                    j.get("events") > 0 and j.get("bad_seq") is None and j.get("why") is None,
                    "audit verify: {ok: true, events: n, bad_seq: null, why: null}", h.last)
        for who in ("rita", "dora", "nina", None):
            r = self.send(who, "GET", "/audit/verify")
            h.problem(r, self.want_refusal(who), "%s may not verify the audit log" % label(who))

    def step_new(self):
        h, w = self.h, self.w
        P = self.P
        h.section = "report"
        r = self.send(None, "POST", "/issues", {"title": M_TITLE, "description": M_DESC})
        h.problem(r, 401, "anonymous may not report over the API (sign in first)")
        r = self.send("rita", "POST", "/issues", {"title": M_TITLE, "description": M_DESC,
                                                  "version": "v3.5.0", "source": "email"})
        h.problem(r, (400, 403), "a reporter may not claim an e-mail source")
        r = self.send("rita", "POST", "/issues", {"title": M_TITLE, "description": M_DESC,
                                                  "version": "v3.5.0"})
        j = h.ok_json(r, 201, "rita reports M over HTTP", dict)
        h.eq(j, {"key": M_KEY}, "the report answers 201 {\"key\": \"SEC-2\"}", r)
        w.exists.add(M_KEY)
        w.step = "new"
        j = self.cli_show("alice", M_KEY) or {}
        h.check(j.get("state") == "new" and j.get("source") == "api" and
                j.get("affected_version") == "v3.5.0",
                "M is new, source api, affected version as reported", h.last)
        self.ok("rita", "POST", "/issues/%s/comments" % M_KEY,
                {"text": "Reporter: a PoC is available on request."},
                "the reporter comments on her report", 201)
        w.issues[M_KEY]["comments"].append(("rita", "Reporter: a PoC is available on request.",
                                            False))
        h.section = "attachments"
        r = P["rita"].request("POST", API + "/issues/%s/attachments?name=%s" % (M_KEY,
                              POC_NAME), body=POC, content_type="application/json")
        h.problem(r, 415, "an upload that is not application/octet-stream")
        r = P["rita"].request("POST", API + "/issues/%s/attachments?name=../../etc/passwd" %
                              M_KEY, body=POC, content_type="application/octet-stream")
        h.problem(r, 400, "an attachment name with a path", field="name")
        r = P["rita"].request("POST", API + "/issues/%s/attachments?name=%s" % (M_KEY,
                              POC_NAME), body=POC, content_type="application/octet-stream")
        j = h.ok_json(r, 201, "the reporter uploads a PoC", dict)
        aid = j.get("id")
        h.check(isinstance(aid, int) and aid > 0, "the upload answers {\"id\": n}", r)
        self.attach_id = aid if isinstance(aid, int) else 1
        w.issues[M_KEY]["attachments"].append((self.attach_id, POC_NAME, POC))
        odd = 'log "final"; v2.txt'
        r = P["rita"].request("POST", API + "/issues/%s/attachments?name=%s" % (
            M_KEY, urllib.parse.quote(odd)), body=b"log\n", content_type="application/octet-stream")
        j = h.ok_json(r, 201, "the reporter uploads a log with quotes in its name", dict)
        if isinstance(j.get("id"), int):
            w.issues[M_KEY]["attachments"].append((j["id"], odd, b"log\n"))
        r = P["rita"].get(API + "/issues/%s/attachments/%d" % (M_KEY, self.attach_id))
        h.check(r.status == 200 and r.body == POC and
                "text/html" not in (r.header("Content-Type") or ""),
                "the PoC comes back byte for byte, never as HTML", r)
        self.hidden("oscar", "GET", "/issues/{k}/attachments/%d" % self.attach_id, None,
                    M_KEY, "another reporter downloads the PoC")

        h.section = "do at new"
        self.denied("rita", "POST", "/issues/%s/ack" % M_KEY, {}, "acknowledge her own report")
        self.denied("rita", "POST", "/issues/%s/comments" % M_KEY,
                    {"text": "psst", "internal": True}, "comment internally")
        self.denied("rita", "PATCH", "/issues/%s" % M_KEY, {"priority": "P1"},
                    "set the priority of her report")
        self.hidden("nina", "POST", "/issues/{k}/ack", {}, M_KEY,
                    "ack an issue of no subsystem yet")
        self.hidden("oscar", "POST", "/issues/{k}/comments", {"text": "me too"}, M_KEY,
                    "comment on another reporter's issue")
        self.hidden("rita", "POST", "/issues/{k}/comments", {"text": "me too"}, O_KEY,
                    "comment on another reporter's issue")
        self.hidden("adam", "GET", "/issues/{k}", None, M_KEY, "admin reads issue content")
        self.hidden("dora", "GET", "/issues/{k}/history", None, M_KEY,
                    "director reads the history")
        self.check_everyone()

    def step_triage(self):
        h, w = self.h, self.w
        h.section = "to triage"
        self.ok("alice", "POST", "/issues/%s/ack" % M_KEY, {}, "psirt acknowledges M")
        r = self.send("alice", "POST", "/issues/%s/ack" % O_KEY)
        h.ok_json(r, 200, "psirt acknowledges O with no body at all", dict)
        w.issues[M_KEY]["state"] = w.issues[O_KEY]["state"] = "triage"
        r = self.send("alice", "POST", "/issues/%s/ack" % M_KEY, {})
        h.problem(r, 409, "acknowledging twice is refused by the workflow")
        r = self.send("alice", "PATCH", "/issues/" + M_KEY, {"priority": "P7"})
        h.problem(r, 400, "an invalid priority", field="priority")
        r = self.send("alice", "PATCH", "/issues/" + M_KEY, {"subsystem": "nope"})
        h.problem(r, 400, "an unknown subsystem", field="subsystem")
        self.ok("alice", "PATCH", "/issues/" + M_KEY, {"subsystem": "net", "priority": "P2",
                "cvss": CVSS_CRITICAL, "embargo": "yes"},
                "psirt sets subsystem, priority, CVSS and the embargo")
        w.issues[M_KEY].update(subsystem="net", priority="P2", cvss=CVSS_CRITICAL,
                               embargo_until="2026-04-06")
        for who, text, internal in (
                ("alice", "INTERNAL-M1: exploit confirmed on qemu_x86; same pattern as SEC-1",
                 True),
                ("alice", "Thanks, we confirmed the issue.", False)):
            self.ok(who, "POST", "/issues/%s/comments" % M_KEY, {"text": text,
                    "internal": internal}, "psirt comments (%s)" % (
                        "internal" if internal else "shared"), 201)
            w.issues[M_KEY]["comments"].append((who, text, internal))
        self.ok("alice", "POST", "/issues/%s/comments" % O_KEY,
                {"text": "INTERNAL-O1: fs triage note", "internal": True},
                "psirt comments internally on O", 201)
        w.issues[O_KEY]["comments"].append(("alice", "INTERNAL-O1: fs triage note", True))

        j = self.ok("alice", "POST", "/issues/%s/cves" % M_KEY, {},
                    "psirt assigns the lowest free id", 201)
        h.eq(j, {"cve": "CVE-2026-1000"}, "the answer names the id taken", h.last)
        w.pool["CVE-2026-1000"] = ["assigned", M_KEY]
        j = self.ok("alice", "POST", "/issues/%s/cves" % O_KEY, {"cve": "CVE-2026-1001"},
                    "a named id to O", 201)
        w.pool["CVE-2026-1001"] = ["assigned", O_KEY]
        self.ok("alice", "POST", "/issues/%s/cves" % M_KEY, {"cve": "CVE-2026-1003"},
                "a second id on the same issue", 201)
        w.pool["CVE-2026-1003"] = ["assigned", M_KEY]
        for who in ("nina", "rita"):
            self.unchanged("%s retires an id" % who, lambda who=who: h.problem(
                self.send(who, "POST", "/cves/CVE-2026-1004/retire", {"reason": "x"}), 403,
                "%s may not retire ids" % who))
        r = self.send("alice", "POST", "/cves/CVE-2026-1004/retire", {})
        h.problem(r, 400, "retiring without a reason", field="reason")
        self.ok("alice", "POST", "/cves/CVE-2026-1004/retire",
                {"reason": "reserved twice by mistake"}, "psirt retires an unused id")
        w.pool["CVE-2026-1004"] = ["rejected", None]
        r = self.send("alice", "GET", "/cves")
        ret = [c for c in r.jlist() if isinstance(c, dict) and c.get("id") == "CVE-2026-1004"]
        h.check(len(ret) == 1 and ret[0].get("reason") == "reserved twice by mistake",
                "the retired id keeps its reason", r)

        h.section = "e-mail report"
        body = {"title": E_TITLE, "description": "Sent to security@ by oscar.",
                "subsystem": "fs", "source": "email", "on_behalf_of": "oscar"}
        r = self.send("nina", "POST", "/issues", body)
        h.problem(r, (400, 403), "a maintainer may not enter reports on behalf of others")
        r = self.send("alice", "POST", "/issues", dict(body, on_behalf_of="nobody"))
        h.problem(r, 400, "on behalf of a person who does not exist",
                  field=("on_behalf_of", "reporter"))
        j = self.ok("alice", "POST", "/issues", body, "psirt enters oscar's e-mail report", 201)
        h.eq(j, {"key": E_KEY}, "the e-mail report gets SEC-3", h.last)
        w.exists.add(E_KEY)
        j = self.cli_show("alice", E_KEY) or {}
        h.check(j.get("state") == "triage" and j.get("source") == "email" and
                j.get("reporter") == "oscar", "an e-mail report starts in triage, reporter "
                "oscar, source email", h.last)

        w.step = "triage"
        h.section = "do at triage"
        r = self.send("alice", "POST", "/issues/%s/cves" % M_KEY, {"cve": "CVE-2026-1001"})
        h.problem(r, 409, "an id belongs to one issue at most", field="cve")
        self.denied("nina", "POST", "/issues/%s/cves" % M_KEY, {}, "assign CVE ids")
        self.denied("nina", "PATCH", "/issues/" + M_KEY, {"priority": "P1"},
                    "change the priority (a triage field)")
        self.denied("nina", "POST", "/issues/%s/assign" % M_KEY, {"assignee": "dave"},
                    "assign")
        self.denied("archie", "POST", "/issues/%s/fixes" % M_KEY,
                    {"url": FIX_MAIN, "branch": "main"}, "link a fix (architect)")
        self.denied("rita", "POST", "/issues/%s/assign" % M_KEY, {"assignee": "dave"},
                    "assign her own report")
        self.hidden("frank", "POST", "/issues/{k}/comments", {"text": "hello from fs"}, M_KEY,
                    "comment on an issue of another subsystem")
        self.hidden("frank", "PATCH", "/issues/{k}", {"cvss": CVSS_HIGH}, M_KEY,
                    "set the CVSS of an issue of another subsystem")
        self.hidden("adam", "POST", "/issues/{k}/comments", {"text": "hi"}, M_KEY,
                    "admin comments")
        self.hidden("dora", "POST", "/issues/{k}/comments", {"text": "hi"}, M_KEY,
                    "director comments")
        self.ok("nina", "PATCH", "/issues/" + M_KEY, {"cvss": CVSS_HIGH},
                "the maintainer changes the CVSS vector (a technical field)")
        w.issues[M_KEY]["cvss"] = CVSS_HIGH
        self.ok("archie", "POST", "/issues/%s/comments" % M_KEY,
                {"text": "ARCH-INTERNAL: net_pkt design flaw", "internal": True},
                "the architect comments internally", 201)
        w.issues[M_KEY]["comments"].append(("archie", "ARCH-INTERNAL: net_pkt design flaw",
                                            True))
        # search, filters, paging: over visible issues only
        for who, q, want in (("frank", "q=IPv6", []), ("rita", "subsystem=net", [M_KEY]),
                             ("nina", "q=zebra", []), ("alice", "state=triage",
                                                      [O_KEY, M_KEY, E_KEY]),
                             ("alice", "q=QUOKKA", [E_KEY]), ("oscar", "q=reassembly", []),
                             ("alice", "limit=1", [O_KEY]),
                             ("alice", "limit=2&offset=1", [M_KEY, E_KEY]),
                             ("frank", "state=triage", [O_KEY, E_KEY])):
            r = self.send(who, "GET", "/issues?" + q)
            j = h.ok_json(r, 200, "%s: GET /issues?%s" % (who, q), dict)
            h.eq([i.get("key") for i in j.get("items", []) if isinstance(i, dict)], want,
                 "%s: GET /issues?%s finds %s" % (who, q, want), r)
            if q.startswith("limit"):
                h.eq(j.get("total"), 3, "the total counts every match, not the page", r)
            else:
                h.eq(j.get("total"), len(want), "%s: GET /issues?%s: total %d (hidden "
                     "matches are not counted)" % (who, q, len(want)), r)
        for q, field in (("limit=0", "limit"), ("limit=501", "limit"), ("limit=x", "limit"),
                         ("offset=-1", "offset"), ("state=nonsense", "state")):
            r = self.send("alice", "GET", "/issues?" + q)
            h.problem(r, 400, "GET /issues?%s" % q, field=field)
        self.sweep_hidden()
        self.timing("frank", M_KEY)
        self.check_everyone()

    def timing(self, who, key):
        """A hidden issue costs about as much to refuse as a missing one
        (SPEC §5: "and timing as far as practical"); generous bounds."""
        h = self.h
        th, tm = [], []
        for _ in range(25):
            th.append(self.send(who, "GET", "/issues/" + key).seconds)
            tm.append(self.send(who, "GET", "/issues/" + MISSING_KEY).seconds)
        th.sort()
        tm.sort()
        mh, mm = th[len(th) // 2], tm[len(tm) // 2]
        h.check(mh <= 3 * mm + 0.005 and mm <= 3 * mh + 0.005,
                "%s: the median time of GET on hidden %s (%.2f ms) is close to that on %s "
                "(%.2f ms)" % (label(who), key, mh * 1000, MISSING_KEY, mm * 1000))

    def route_matrix(self):
        """Every route that is not an issue's, as every role: GETs answer
        200 to whom the service allows, 403 to other people and 401 to
        anonymous; refused changes change nothing."""
        h = self.h
        admins, psirt = {"adam"}, PSIRT
        configure = admins | psirt
        anyone = set(p[0] for p in PEOPLE)
        gets = [("/people", configure), ("/subsystems", anyone), ("/releases", anyone),
                ("/meetings", psirt), ("/audit/verify", configure), ("/me", anyone),
                ("/audit/log?limit=5", psirt),
                ("/issues", anyone | {None}), ("/issues/counts", anyone | {None}),
                ("/cves", anyone | {None}), ("/cve-fixes", anyone | {None}),
                # mail: directors and psirt; dora (director) has not given
                # her second factor in this scenario, so she is refused too
                ("/alert-list", psirt), ("/alert-list/1", psirt)]
        for path, allowed in gets:
            for who in VIEWERS:
                r = self.send(who, "GET", path)
                if who in allowed:
                    h.check(r.status == 200 and r.ctype == "application/json",
                            "%s: GET %s -> 200" % (label(who), path), r)
                else:
                    h.problem(r, self.want_refusal(who), "%s: GET %s" % (label(who), path))
        j = "application/json"
        writes = [("POST", "/people", {"login": "mallory", "email": "m@example.org"}, admins),
                  ("PATCH", "/people/rita", {"disabled": True}, admins),
                  ("POST", "/people/rita/password-reset", None, admins),
                  ("POST", "/people/nina/totp-reset", None, admins),
                  ("POST", "/subsystems", {"name": "mallory", "paths": ["m/**"]}, configure),
                  ("POST", "/releases", {"name": "v7.0.0", "branch": "v7-branch",
                                         "date": "2027-01-01"}, configure),
                  ("POST", "/releases/v3.3.0/eol", None, configure),
                  ("POST", "/meetings", {"date": "2026-01-06", "attendees": ["alice"]}, psirt),
                  ("POST", "/cves/reserve", {"range": "CVE-2026-5000..CVE-2026-5001"}, psirt),
                  ("POST", "/cves/CVE-2026-1002/retire", {"reason": "x"}, psirt),
                  # mail: only a director (with her second factor) decides
                  ("POST", "/alert-list/1/decision", {"decision": "approve"}, set()),
                  ("PATCH", "/alert-list/1", {"addresses": ["m@example.org"]}, psirt)]

        def go():
            for m, p, b, allowed in writes:
                for who in VIEWERS:
                    if who not in allowed:
                        r = self.send(who, m, p, b, j if b is not None else None)
                        h.problem(r, self.want_refusal(who), "%s may not %s %s" % (
                            label(who), m, p))
        self.unchanged("changes by roles that may not make them", go)
        self.alert_list()
        self.outbox()

    def outbox_cli(self, *args):
        return self.h.js("outbox", *args, as_="alice")

    def outbox(self):
        """mail: the queue over HTTP is psirt's (with the second factor): it
        names who is told of embargoed issues and a message holds what its
        recipient may read. Everyone else gets the same refusal whatever the
        id (existing, missing, not a number); psirt gets what `vigil outbox
        list|show --json` print."""
        h = self.h
        h.section = "outbox"
        h.ok("outbox", "expand", as_="alice", what="psirt expands the queue (CLI)")
        held = self.outbox_cli("next", "--json")
        h.ok("outbox", "failed", held.get("id"), "--error", "550 mailbox unavailable",
             "--permanent", as_="alice", what="psirt holds one message (CLI)")
        q = self.outbox_cli("list", "--json")
        msg = [e for e in q if e["state"] == "pending" and e["key"] == O_KEY]
        h.check(q and msg, "the queue holds pending messages about %s" % O_KEY, h.last)
        mid = str(msg[0]["id"]) if msg else "1"
        show = self.outbox_cli("show", mid, "--json")
        hid = str(held.get("id"))
        psirt = PSIRT | {ADMIN_PSIRT}

        def refusals():
            for who in VIEWERS:
                if who in psirt:
                    continue
                want = self.want_refusal(who)
                r = self.send(who, "GET", "/outbox")
                h.problem(r, want, "%s: GET /outbox" % label(who))
                h.not_in(r, [msg[0]["to"] if msg else None, O_TITLE],
                         "%s: GET /outbox shows no recipient" % label(who))
                h.problem(self.send(who, "GET", "/outbox?state=nonsense"), want,
                          "%s: GET /outbox?state=nonsense (refused before the filter is "
                          "checked)" % label(who))
                for path in ("/outbox/%s", "/outbox/%s/retry"):
                    m = "GET" if path == "/outbox/%s" else "POST"
                    r1 = self.send(who, m, path % mid)
                    h.problem(r1, want, "%s: %s %s" % (label(who), m, path % mid))
                    h.not_in(r1, [show.get("subject"), show.get("to"), O_TITLE],
                             "%s: no part of the message" % label(who))
                    for other in ("999999", "abc", "0"):
                        h.same_answer(r1, self.send(who, m, path % other),
                                      "%s: %s %s answers exactly like on %s" % (
                                          label(who), m, path % mid, path % other))
                h.problem(self.send(who, "POST", "/outbox/retry-held"), want,
                          "%s: POST /outbox/retry-held" % label(who))
        self.unchanged("the queue refused to everyone but psirt", refusals)
        self.outbox_psirt(q, mid, show, hid)

    def outbox_psirt(self, q, mid, show, hid):
        h = self.h
        for who in ("alice", ADMIN_PSIRT):
            r = self.send(who, "GET", "/outbox")
            h.eq(h.ok_json(r, 200, "%s: GET /outbox" % label(who), list), q,
                 "%s: GET /outbox equals vigil outbox list --json" % label(who), r)
        r = self.send("alice", "GET", "/outbox?state=held")
        h.eq([e.get("id") for e in h.ok_json(r, 200, "GET /outbox?state=held", list)],
             [int(hid)], "?state=held lists exactly the held message", r)
        h.problem(self.send("alice", "GET", "/outbox?state=lost"), 400,
                  "GET /outbox?state=lost", field="state")
        n = h.audit_len()
        r = self.send("alice", "GET", "/outbox/" + mid)
        h.eq(h.ok_json(r, 200, "psirt: GET /outbox/%s" % mid, dict), show,
             "GET /outbox/{id} equals vigil outbox show --json (rendered as its recipient)",
             r)
        h.eq(h.audit_len(), n + 1, "reading a rendered message is an audit event", h.last)

        def bad():
            for path, m, st in (("/outbox/999999", "GET", 404), ("/outbox/abc", "GET", 404),
                                ("/outbox/999999/retry", "POST", 404),
                                ("/outbox/0/retry", "POST", 404),
                                ("/outbox/abc/retry", "POST", 404),
                                ("/outbox/%s/retry" % mid, "POST", 409)):
                r = self.send("alice", m, path)
                # a missing message: the one fixed 404 body, like a missing issue
                h.problem(r, st, "psirt: %s %s" % (m, path), field="id" if st == 409 else None)
                if st == 404:
                    h.same_answer(r, self.send("alice", "GET", "/outbox/999999"),
                                  "psirt: %s %s answers like a missing message" % (m, path))
            h.problem(self.send(None, "POST", "/outbox/%s/retry" % hid, client=self.ro),
                      403, "alice's read-only token may not retry", field="auth")
        self.unchanged("bad outbox ids and a read-only token", bad)
        j = self.ok("alice", "POST", "/outbox/%s/retry" % hid, None, "psirt retries the "
                    "held message")
        h.eq(j, {"requeued": 1}, "one message back in the queue", h.last)
        st = [e["state"] for e in self.outbox_cli("list", "--json") if str(e["id"]) == hid]
        h.eq(st, ["pending"], "the held message is pending again", h.last)
        j = self.ok("carol", "POST", "/outbox/retry-held", None, "psirt retries every held")
        h.eq(j, {"requeued": 0}, "nothing else was held", h.last)

    def alert_list(self):
        """mail: the public request works anonymously and bad input
        changes nothing; psirt updates a member; the decision needs a director
        with her second factor (dora has none here)."""
        h, j = self.h, "application/json"
        bad = [({"org": "", "addresses": ["a@example.org"], "reason": "r"}, "org"),
               ({"org": "O", "addresses": [], "reason": "r"}, "addresses"),
               ({"org": "O", "addresses": ["not an address"], "reason": "r"}, "addresses"),
               ({"org": "O", "addresses": ["a@example.org"], "reason": ""}, "reason"),
               ({"org": "O", "addresses": ["a@example.org"], "reason": "r",
                 "pgp_key": "not a key"}, "pgp_key")]

        def go():
            for body, field in bad:
                r = self.send(None, "POST", "/alert-list/requests", body, j)
                h.problem(r, 400, "anonymous alert-list request with a bad %s" % field,
                          field=field)
            r = self.send("dora", "POST", "/alert-list/1/decision", {"decision": "approve"}, j)
            h.problem(r, 403, "dora without her second factor may not decide",
                      detail=SECOND_FACTOR_FIRST)
        self.unchanged("bad alert-list requests", go)
        r = self.send(None, "POST", "/alert-list/requests",
                      {"org": "Example Vendor", "addresses": ["psirt@vendor.example"],
                       "reason": "we ship it in routers"}, j)
        got = h.ok_json(r, 201, "anonymous POST /alert-list/requests files a request", dict)
        h.eq(got.get("status") if got else None, "requested", "the new member is requested", r)
        self.ok("alice", "PATCH", "/alert-list/1", {"addresses": ["sec@acme.example",
                                                               "psirt@acme.example"]},
                "psirt updates a member's addresses")
        r = self.send("alice", "GET", "/alert-list/1")
        got = h.ok_json(r, 200, "psirt reads member 1", dict)
        h.eq(got.get("addresses") if got else None, ["sec@acme.example", "psirt@acme.example"],
             "the addresses are replaced", r)

    def step_assigned(self):
        h, w = self.h, self.w
        h.section = "to assigned"
        r = self.send("alice", "POST", "/issues/%s/assign" % M_KEY, {"assignee": "nobody"})
        h.problem(r, 400, "assigning a person who does not exist", field=("assignee", "login"))
        self.ok("alice", "POST", "/issues/%s/assign" % M_KEY, {"assignee": "dave"},
                "psirt assigns M to dave")
        w.issues[M_KEY].update(state="assigned", assignee="dave")
        w.step = "assigned"

        h.section = "the assignee's second factor"
        r = self.P["dave"].get(API + "/me")
        j = h.ok_json(r, 200, "dave: GET /me", dict)
        h.eq((j.get("mfa_required"), j.get("mfa"), j.get("mfa_enrolled")), (True, False, False),
             "dave, assigned an issue, must give a second factor his session has not given "
             "(mfa_required true, mfa false, not enrolled)", r)
        # until he enrols, his session sees and does only what a reporter may
        for m, p, b in (("GET", "/issues/{k}", None), ("GET", "/issues/{k}/history", None),
                        ("POST", "/issues/{k}/comments",
                         {"text": "DAVE: too early", "internal": True}),
                        ("POST", "/issues/{k}/fixes", {"url": FIX_MAIN, "branch": "main"})):
            self.hidden("dave", m, p, b, M_KEY, "the assignee before his second factor")
        r = self.send("dave", "GET", "/issues")
        h.eq(r.jobj().get("items"), [], "dave's list is empty before his second factor", r)
        self.enrol("dave")
        self.enrolled.add("dave")
        self.check_issue("dave", M_KEY, "full")

        h.section = "to assigned"
        r = self.send("alice", "POST", "/issues/%s/reject" % E_KEY, {"resolution": "bogus"})
        h.problem(r, 400, "an unknown resolution", field="resolution")
        self.denied("frank", "POST", "/issues/%s/reject" % E_KEY, {"resolution": "invalid"},
                    "reject (maintainer)")
        self.ok("alice", "POST", "/issues/%s/reject" % E_KEY, {"resolution": "invalid"},
                "psirt rejects E as invalid")
        w.issues[E_KEY]["state"] = "rejected"
        j = self.cli_show("alice", E_KEY) or {}
        h.eq(j.get("resolution"), "invalid", "E's resolution", h.last)

        h.section = "grants"
        self.hidden("rob", "GET", "/issues/{k}", None, M_KEY, "before any grant")
        self.denied("nina", "POST", "/issues/%s/grants" % M_KEY,
                    {"login": "rob", "reason": "help"}, "grant access (psirt only)")
        r = self.send("alice", "POST", "/issues/%s/grants" % M_KEY, {"login": "rob"})
        h.problem(r, 400, "a grant without a reason", field="reason")
        self.ok("alice", "POST", "/issues/%s/grants" % M_KEY,
                {"login": "rob", "reason": "assess impact on v3.3"},
                "psirt grants rob access to M", 201)
        w.granted.add(("rob", M_KEY))
        r = self.send("alice", "POST", "/issues/%s/grants" % M_KEY,
                      {"login": "rob", "reason": "again"})
        h.problem(r, 409, "a second grant while one is in force", field="login")
        self.check_issue("rob", M_KEY, "full")
        r = self.send("rob", "GET", "/issues")
        h.eq([i.get("key") for i in r.jobj().get("items", []) if isinstance(i, dict)],
             [M_KEY], "with the grant, rob's list holds M", r)
        r = self.send("rob", "GET", "/issues/counts")
        h.eq(r.jobj().get("assigned"), 1, "with the grant, rob's counts include M", r)
        r = self.send("rob", "GET", "/cves")
        h.eq([c.get("id") for c in r.jlist() if isinstance(c, dict)], w.cves_of(M_KEY),
             "with the grant, rob's CVE list holds M's ids", r)
        j = self.cli_show("alice", M_KEY) or {}
        g = j.get("grants") or []
        h.check(len(g) == 1 and g[0].get("person") == "rob" and g[0].get("granted_by") ==
                "alice" and g[0].get("reason") == "assess impact on v3.3" and
                g[0].get("revoked_at") is None, "the grant records who, by whom and why",
                h.last)
        self.denied("nina", "DELETE", "/issues/%s/grants/rob" % M_KEY, None,
                    "revoke a grant (psirt only)")
        self.ok("alice", "DELETE", "/issues/%s/grants/rob" % M_KEY, None,
                "psirt revokes rob's grant")
        w.granted.discard(("rob", M_KEY))
        self.hidden("rob", "GET", "/issues/{k}", None, M_KEY, "right after the revocation")
        r = self.send("rob", "GET", "/issues")
        h.eq(r.jobj().get("items"), [], "after the revocation rob's list is empty", r)
        r = self.send("rob", "GET", "/cves")
        h.eq(r.json(), [], "after the revocation rob's CVE list is empty", r)
        r = self.send("alice", "DELETE", "/issues/%s/grants/rob" % M_KEY)
        h.problem(r, 409, "revoking a grant no longer in force", field="login")

        h.section = "do at assigned"
        self.denied("rita", "POST", "/issues/%s/fixes" % M_KEY,
                    {"url": FIX_MAIN, "branch": "main"}, "link a fix (reporter)")
        self.hidden("frank", "POST", "/issues/{k}/fixes", {"url": FIX_MAIN, "branch": "main"},
                    M_KEY, "link a fix to an issue of another subsystem")
        self.ok("dave", "POST", "/issues/%s/comments" % M_KEY,
                {"text": "DAVE-INTERNAL: root cause found", "internal": True},
                "the assignee comments internally", 201)
        w.issues[M_KEY]["comments"].append(("dave", "DAVE-INTERNAL: root cause found", True))
        r = self.send("dave", "POST", "/issues/%s/move" % M_KEY, {"state": "review"})
        h.problem(r, 409, "assigned -> review without a fix", detail="fix")
        self.check_everyone()

    def step_review(self):
        h, w = self.h, self.w
        h.section = "to review"
        r = self.send("dave", "POST", "/issues/%s/fixes" % M_KEY, {"url": "not a url",
                                                                   "branch": "main"})
        h.problem(r, 400, "a fix that is not a URL", field="url")
        self.ok("dave", "POST", "/issues/%s/fixes" % M_KEY,
                {"url": FIX_MAIN, "branch": "main"}, "the assignee links a fix", 201)
        w.issues[M_KEY].update(state="review", fixes=[(FIX_MAIN, "open")])
        w.step = "review"
        h.section = "meetings"
        m3body = {"date": "2026-01-06", "attendees": ["alice", "carol", "nina"]}
        for who in ("nina", "rita", "adam", None):
            self.unchanged("%s records a meeting" % label(who), lambda who=who: h.problem(
                self.send(who, "POST", "/meetings", m3body), self.want_refusal(who),
                "%s may not record meetings" % label(who)))
        r = self.send("alice", "POST", "/meetings", {"date": "2026-01-06",
                                                     "attendees": ["alice", "nobody"]})
        h.problem(r, 400, "a meeting with an unknown attendee", field=("attendee",
                                                                         "attendees"))
        j = self.ok("alice", "POST", "/meetings", m3body, "psirt records a meeting of three",
                    201)
        m3 = j.get("id")
        self.unchanged("decision of a meeting of three", lambda: h.problem(
            self.send("alice", "POST", "/meetings/%s/decisions" % m3,
                      {"issue": M_KEY, "kind": "extend", "until": "2026-05-06",
                       "reason": "vendors need more time"}), 409,
            "a meeting of three cannot extend the embargo", field="meeting", detail="quorum"))
        j = self.ok("alice", "POST", "/meetings", {"date": "2026-01-06", "attendees":
                    ["alice", "carol", "nina", "archie"]},
                    "psirt records a meeting of four", 201)
        m4 = j.get("id")
        self.unchanged("nina decides in a meeting", lambda: h.problem(
            self.send("nina", "POST", "/meetings/%s/decisions" % m4,
                      {"issue": M_KEY, "kind": "extend", "until": "2026-05-06",
                       "reason": "x"}), 403, "a maintainer may not record decisions"))
        self.unchanged("decision on a nonexistent issue", lambda: h.problem(
            self.send("alice", "POST", "/meetings/%s/decisions" % m4,
                      {"issue": MISSING_KEY, "kind": "extend", "until": "2026-05-06",
                       "reason": "x"}), 404, "a decision on SEC-999"))
        self.ok("alice", "POST", "/meetings/%s/decisions" % m4,
                {"issue": M_KEY, "kind": "extend", "until": "2026-05-06",
                 "reason": "LTS vendors need 120 days"},
                "the quorum meeting extends the embargo beyond 90 days", 201)
        w.issues[M_KEY]["embargo_until"] = "2026-05-06"
        r = self.send("alice", "GET", "/meetings")
        ms = h.ok_json(r, 200, "psirt lists meetings", list)
        byid = {m.get("id"): m for m in ms if isinstance(m, dict)}
        h.check(byid.get(m3, {}).get("quorum") is False and
                byid.get(m4, {}).get("quorum") is True, "quorum is marked per meeting", r)
        dec = byid.get(m4, {}).get("decisions") or []
        h.check(len(dec) == 1 and dec[0].get("kind") == "extend" and
                dec[0].get("until") == "2026-05-06" and dec[0].get("issue") == M_KEY,
                "the quorum meeting holds the decision", r)
        for who in ("nina", "rita", "dora", None):
            r = self.send(who, "GET", "/meetings")
            h.problem(r, self.want_refusal(who), "%s may not list meetings" % label(who))
        self.check_everyone()

    def step_accepted(self):
        h, w = self.h, self.w
        h.section = "to accepted"
        r = self.send("dave", "POST", "/issues/%s/fixes/state" % M_KEY,
                      {"url": FIX_MAIN, "state": "sideways"})
        h.problem(r, 400, "an unknown fix state", field="state")
        self.ok("dave", "POST", "/issues/%s/fixes/state" % M_KEY,
                {"url": FIX_MAIN, "state": "merged", "commit": "0123abcd4567ef"},
                "the fix merges into main")
        w.issues[M_KEY].update(state="accepted", fixes=[(FIX_MAIN, "merged")],
                               backports=[("v3.5.0", "needed"), ("v3.4.0", "needed"),
                                          ("v2.7.0", "needed")])
        w.step = "accepted"
        r = self.send("alice", "GET", "/issues/%s/backports" % M_KEY)
        h.eq([(b.get("release"), b.get("state")) for b in r.jlist() if isinstance(b, dict)],
             w.issues[M_KEY]["backports"],
             "backports for the LTS and the two most recent releases", r)
        h.section = "do at accepted"
        self.ok("larry", "PUT", "/issues/%s/backports/v2.7.0" % M_KEY, {"state": "in-review"},
                "the LTS release manager updates his backport")
        r = self.send("larry", "PUT", "/issues/%s/backports/v2.7.0" % M_KEY,
                      {"state": "sideways"})
        h.problem(r, 400, "an unknown backport state", field="state")
        self.denied("larry", "PUT", "/issues/%s/backports/v3.4.0" % M_KEY, {"state": "merged"},
                    "set the backport of another release")
        # a release manager changes only an existing backport of his release:
        # creating one is for psirt and the people working on the issue
        self.denied("larry", "PUT", "/issues/%s/backports/v9.9.0" % M_KEY, {"state": "needed"},
                    "create a backport for a release he manages")
        self.ok("alice", "PUT", "/issues/%s/backports/v9.9.0" % M_KEY,
                {"state": "not-needed", "reason": "v9.9.0 is end of life"},
                "psirt creates the backport of v9.9.0")
        w.issues[M_KEY]["backports"] = [("v9.9.0", "not-needed")] + [
            b for b in w.issues[M_KEY]["backports"] if b[0] != "v9.9.0"]
        self.ok("larry", "PUT", "/issues/%s/backports/v9.9.0" % M_KEY,
                {"state": "not-needed", "reason": "end of life: nothing to backport"},
                "now that it exists, its release manager changes it")
        r = self.send("alice", "GET", "/issues/%s/backports" % M_KEY)
        bp = [b for b in r.jlist() if isinstance(b, dict) and b.get("release") == "v9.9.0"]
        h.check(len(bp) == 1 and bp[0].get("state") == "not-needed" and
                bp[0].get("reason") == "end of life: nothing to backport",
                "the backport of v9.9.0 holds larry's change", r)
        self.denied("larry", "POST", "/issues/%s/move" % M_KEY,
                    {"state": "released", "release": "v2.7.0"}, "move the issue forward")
        self.hidden("rob", "PUT", "/issues/{k}/backports/v3.3.0", {"state": "needed"}, M_KEY,
                    "a backport for his release of an issue he cannot see")
        self.ok("dave", "POST", "/issues/%s/fixes" % M_KEY,
                {"url": FIX_LTS, "branch": "v2.7-branch"}, "the LTS backport fix", 201)
        self.denied("larry", "POST", "/issues/%s/fixes/state" % M_KEY,
                    {"url": FIX_LTS, "state": "merged"}, "mark a fix merged")
        self.ok("dave", "POST", "/issues/%s/fixes/state" % M_KEY,
                {"url": FIX_LTS, "state": "merged"}, "the LTS backport fix merges")
        w.issues[M_KEY]["fixes"] = [(FIX_MAIN, "merged"), (FIX_LTS, "merged")]
        w.issues[M_KEY]["backports"] = [("v9.9.0", "not-needed"), ("v3.5.0", "needed"),
                                        ("v3.4.0", "needed"), ("v2.7.0", "merged")]
        self.ok("larry", "POST", "/issues/%s/comments" % M_KEY,
                {"text": "LARRY-INTERNAL: v2.7 backport merged", "internal": True},
                "the release manager comments internally", 201)
        w.issues[M_KEY]["comments"].append(("larry", "LARRY-INTERNAL: v2.7 backport merged",
                                            True))
        r = self.send("nina", "GET", "/issues/%s/history" % M_KEY)
        hist = r.jlist()
        h.check(any(isinstance(e, dict) and e.get("actor") == "dave" and
                    e.get("action") == "fix.state" for e in hist) and
                any(isinstance(e, dict) and e.get("actor") == "larry" for e in hist),
                "the history names who did what over HTTP (dave, larry)", r)
        self.check_everyone()

    def step_released(self):
        h, w = self.h, self.w
        h.section = "to released"
        r = self.send("alice", "POST", "/issues/%s/move" % M_KEY,
                      {"state": "released", "release": "v3.3.0"})
        h.problem(r, 409, "a release that does not contain the fix")
        self.ok("alice", "POST", "/issues/%s/move" % M_KEY,
                {"state": "released", "release": "v3.6.0"},
                "psirt moves M to released with v3.6.0")
        w.issues[M_KEY]["state"] = "released"
        w.step = "released"
        j = self.cli_show("alice", M_KEY) or {}
        h.eq(j.get("fixed_in"), "v3.6.0", "fixed_in names the release", h.last)
        h.section = "do at released"
        self.denied("dave", "POST", "/issues/%s/publish" % M_KEY, {"reason": "done"},
                    "publish (assignee)")
        self.denied("rita", "POST", "/issues/%s/publish" % M_KEY, {"reason": "done"},
                    "publish (reporter)")
        self.hidden("oscar", "POST", "/issues/{k}/publish", {"reason": "done"}, M_KEY,
                    "publish someone else's issue")
        self.check_everyone()

    def step_public(self):
        h, w = self.h, self.w
        h.section = "early publication"
        j = self.ok("alice", "POST", "/issues/%s/publish" % M_KEY,
                    {"reason": "fix shipped in v3.6.0; vendors ready"},
                    "alice proposes early publication")
        h.eq(j, {"published": False}, "the proposal answers {published: false}", h.last)
        j = self.cli_show("alice", M_KEY) or {}
        h.check(j.get("state") == "released" and j.get("publish_proposed") is True,
                "M is still released, the proposal recorded", h.last)
        self.unchanged("alice confirms her own proposal", lambda: h.problem(
            self.send("alice", "POST", "/issues/%s/publish" % M_KEY, {"reason": "again"}), 409,
            "the same psirt member cannot confirm her own proposal", detail="different"))
        self.denied("nina", "POST", "/issues/%s/publish" % M_KEY, {},
                    "confirm publication (maintainer)")
        self.unchanged("read-only token publishes", lambda: h.problem(
            self.ro.post(API + "/issues/%s/publish" % M_KEY, {}), 403,
            "a read-only token of psirt may not confirm"))
        j = self.ok("carol", "POST", "/issues/%s/publish" % M_KEY, {},
                    "a second psirt member confirms")
        h.eq(j, {"published": True}, "the confirmation answers {published: true}", h.last)
        w.issues[M_KEY]["state"] = "public"
        for cid in w.cves_of(M_KEY):
            w.pool[cid][0] = "published"
        w.step = "public"
        j = self.cli_show("alice", M_KEY) or {}
        h.check(j.get("published") == "2026-01-06" and j.get("disclosed_unfixed") is False,
                "published today, not disclosed unfixed", h.last)
        h.section = "do at public"
        r = self.send(None, "POST", "/issues/%s/comments" % M_KEY, {"text": "anonymous hello"})
        h.problem(r, 401, "anonymous may not comment on a public issue")
        self.denied("frank", "POST", "/issues/%s/comments" % M_KEY, {"text": "fs says hi"},
                    "comment on a public issue he has no relation to")
        self.denied("adam", "POST", "/issues/%s/attachments?name=a.txt" % M_KEY, b"x",
                    "attach to a public issue")
        self.hidden(None, "GET", "/issues/{k}", None, O_KEY, "anonymous reads non-public O")
        self.ok("rita", "POST", "/issues/%s/comments" % M_KEY,
                {"text": "Reporter: thanks for the quick fix!"},
                "the reporter comments on her public report", 201)
        w.issues[M_KEY]["comments"].append(("rita", "Reporter: thanks for the quick fix!",
                                            False))
        for who in (None, "frank", "alice", "rita"):
            r = self.send(who, "POST", "/tick")
            if who is None:
                h.problem(r, 401, "anonymous may not tick")
                continue
            j = h.ok_json(r, 200, "%s: POST /tick" % label(who), dict)
            h.check(all(isinstance(j.get(k), list) for k in ("published", "disclosed_unfixed",
                                                              "ack_overdue", "fix_overdue",
                                                              "embargo_soon")),
                    "the tick result has its five lists", r)
            if who not in PSIRT:
                h.not_in(r, [O_KEY, E_KEY, O_TITLE], "tick for %s names no hidden issue" %
                         label(who))
        self.sweep_hidden()
        self.check_everyone()

    def read_only_and_revoked(self):
        """A read-only token reads like its owner and writes nothing; a token
        revoked over HTTP answers 401 on every route."""
        h = self.h
        h.section = "read-only token"
        for key in KEYS:
            r1 = self.ro.get(API + "/issues/" + key)
            r2 = self.P["alice"].get(API + "/issues/" + key)
            h.check(r1.status == 200 and r1.json() == r2.json() and r1.json() is not None,
                    "the read-only token of alice reads %s as alice does" % key, r1)

        def writes():
            for m, p, b, ct in issue_routes() + other_routes():
                if m == "GET":
                    continue
                p = p.replace("{k}", M_KEY)
                r = self.send(None, m, p, b, ct, client=self.ro)
                if p == "/cvss":
                    h.status(r, (200, 403), "read-only token: POST /cvss computes or refuses")
                    continue
                h.problem(r, 403, "a read-only token may not %s %s" % (m, p))
        self.unchanged("read-only token writes", writes)

        h.section = "revoked token"
        rita = self.P["rita"]
        r = rita.post(API + "/me/tokens", {"name": "rita-script", "scope": "write", "days": 30})
        j = h.ok_json(r, 201, "rita creates a token over HTTP", dict)
        tok = h.client("rita's revoked token")
        tok.token = j.get("token")
        r = tok.get(API + "/issues/" + M_KEY)
        j = h.ok_json(r, 200, "the new token reads rita's report", dict)
        h.eq(j.get("view"), "reporter", "with the reporter view, as her session", r)
        r = tok.get(API + "/me")
        h.check(r.status == 200 and r.jobj().get("mfa") is False and
                r.jobj().get("via") == "token",
                "a token made by a session without the second factor has none either", r)

        h.section = "tokens make no tokens"
        a = self.P["alice"]
        r = a.post(API + "/me/tokens", {"name": "alice-http", "scope": "read", "days": 1})
        j = h.ok_json(r, 201, "alice makes a token with her session (second factor given)",
                      dict)
        at = h.client("alice's HTTP-made token")
        at.token = j.get("token")
        r = at.get(API + "/me")
        h.check(r.status == 200 and r.jobj().get("mfa") is True and
                r.jobj().get("scope") == "read",
                "the token carries the second factor of the session that made it", r)
        r1, r2 = at.get(API + "/issues/" + O_KEY), a.get(API + "/issues/" + O_KEY)
        h.check(r1.status == 200 and r1.json() is not None and r1.json() == r2.json() and
                r1.jobj().get("view") == "full",
                "alice's HTTP-made token reads O as alice does (full view)", r1)
        for who, c in (("rita's HTTP-made token", tok), ("alice's HTTP-made token", at),
                       ("nina's CLI-made token", self.P["nina"]),
                       ("alice's read-only token", self.ro)):
            self.unchanged("%s makes a token" % who, lambda c=c, who=who: h.problem(
                c.post(API + "/me/tokens", {"name": "child", "scope": "read", "days": 1}),
                403, "%s may not make a token (a token makes no tokens)" % who,
                field="auth", detail=TOKENS_NEED_SESSION))
        self.ok("alice", "DELETE", "/me/tokens/alice-http", None, "alice revokes her token")
        h.problem(at.get(API + "/me"), 401, "alice's revoked token")

        h.section = "revoked token"
        self.ok("rita", "DELETE", "/me/tokens/rita-script", None, "rita revokes the token")
        self.revoked = tok

        def sweep():
            for m, p, b, ct in issue_routes() + other_routes():
                for key in (M_KEY, O_KEY):
                    if "{k}" not in p and key == O_KEY:
                        continue
                    r = self.send(None, m, p.replace("{k}", key), b, ct, client=tok)
                    h.problem(r, 401, "revoked token: %s %s" % (m, p.replace("{k}", key)))
                    h.not_in(r, [M_TITLE, O_TITLE], "revoked token: no issue data")
        self.unchanged("every route with a revoked token", sweep)

    def expired_sessions(self):
        """13 hours later every session of T_RUN has expired."""
        h = self.h
        h.section = "expired sessions"
        old = {who: self.P[who].copy(label(who) + " (expired session)")
               for who in SESSION_PEOPLE}
        h.stop_server()
        h.now = T_LATE
        h.start_server(T_LATE)
        anon = h.client("anonymous")
        for who in SESSION_PEOPLE:
            old[who].port = h.server.port
        self.revoked.port = h.server.port
        r = self.revoked.get(API + "/me")
        h.problem(r, 401, "the revoked token after a restart")

        def sweep():
            for who in ("alice", "rita"):
                c = old[who]
                r = c.get(API + "/me")
                h.problem(r, 401, "%s's session of 13 hours ago: GET /me" % who)
                for m, p, b, ct in issue_routes() + other_routes():
                    # (an advisory read is an export: an audit event by design)
                    if "/advisories/" in p:
                        continue
                    # (mail: the public alert-list request is an anonymous
                    # write by design: an expired session files it as anonymous)
                    if p == "/alert-list/requests":
                        continue
                    for key in (M_KEY, O_KEY):
                        if "{k}" not in p and key == O_KEY:
                            continue
                        path = p.replace("{k}", key)
                        r1 = self.send(None, m, path, b, ct, client=c)
                        if r1.status == 401:
                            h.problem(r1, 401, "expired session of %s: %s %s" % (who, m, path))
                            continue
                        r2 = self.send(None, m, path, b, ct, client=anon)
                        h.same_answer(r1, r2, "expired session of %s: %s %s answers 401 or "
                                      "exactly as to anonymous" % (who, m, path))
        self.unchanged("every route with an expired session", sweep)
        # a new login works, with the next TOTP step
        c = h.client("alice")
        r = c.login("alice", self.passwords["alice"], self.totp["alice"].next(T_LATE))
        j = h.ok_json(r, 200, "alice signs in again with password and TOTP", dict)
        h.check(j.get("mfa") is True and j.get("mfa_enrolled") is True,
                "the new session has the second factor", r)
        r = c.get(API + "/issues/" + O_KEY)
        h.ok_json(r, 200, "alice's new session reads O", dict)

    def end(self):
        h = self.h
        h.section = "end"
        h.stop_server()
        r = h.ok("audit", "verify", as_="adam", what="the audit chain of the whole run is intact")
        rows = h.sql("SELECT actor, action, object FROM audit")
        for actor, action, obj in (("rita", "issue.report", M_KEY),
                                   ("alice", "issue.move", M_KEY),
                                   ("carol", "issue.publish.confirm", M_KEY),
                                   ("dave", "fix.add", M_KEY),
                                   ("nina", "issue.set", M_KEY),
                                   ("rita", "issue.attach", M_KEY)):
            h.check(any(a == actor and b == action and o == obj for a, b, o in rows),
                    "the audit log records %s by %s on %s over HTTP" % (action, actor, obj))
        secrets = [v for v in self.passwords.values()] + [v for v in self.tokens.values()]
        dump = "\n".join(" ".join(str(x) for x in row)
                         for row in h.sql("SELECT actor, action, object, detail FROM audit"))
        h.check(not any(s and s in dump for s in secrets),
                "no password or token appears in the audit log")


def main():
    h = HttpHarness(sys.argv, "http-api")
    s = Scenario(h)
    try:
        h.section_run("setup", s.setup)
        if h.section_run("sign in", s.sign_in) is None and h.server is None:
            raise CheckAbort("no server")
        for name, fn in (("configuration", s.configuration), ("new", s.step_new),
                         ("triage", s.step_triage), ("assigned", s.step_assigned),
                         ("review", s.step_review), ("accepted", s.step_accepted),
                         ("released", s.step_released), ("public", s.step_public),
                         ("tokens", s.read_only_and_revoked),
                         ("expiry", s.expired_sessions), ("end", s.end)):
            if h.server is None and name != "end":
                h.check(False, "the server is not running; %s skipped" % name)
                continue
            h.section_run(name, fn)
    except CheckAbort:
        pass
    h.finish()


if __name__ == "__main__":
    main()
