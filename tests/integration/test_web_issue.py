#!/usr/bin/env python3
"""test_web_issue.py — the dashboard and the issue pages of the web UI
(issue 5, items 3 and 4) against a real `vigil serve`, as every role.

The cast of vigil_cast.py is created with the CLI, the issues below are
filed and worked on with the CLI, then the server runs at T_RUN and
everything else happens over HTTP with browser sessions (the session
cookie of POST /api/v1/login; forms carry the hidden csrf field read from
the page, as a browser sends it):

    alice   psirt (TOTP)            carol  psirt, the second member (TOTP)
    nina    maintainer of net (TOTP)
    frank   maintainer of fs (TOTP) larry  release manager of v2.7.0 (TOTP)
    dave    assignee of N (TOTP)    rita   reporter of N and P (no factor needed)
    oscar   reporter of F and L     anonymous

Issues (keys in filing order: P, L, N, F = SEC-1 .. SEC-4):
  N          rita, net; acknowledged, scored, embargoed until T_RUN + 10
             days, assigned to dave, a backport to v2.7.0 (larry);
             an internal and a shared comment; unique words in each.
  F          oscar, fs; new (reported at T_SETUP: not overdue yet).
  L          oscar, fs; reported long before: acknowledgement and fix overdue.
  X          rita, net; new; title, description and a comment full of markup
  P          rita, net; its embargo ended, `vigil tick` published it; it
             has a shared comment (which the public view never shows).

Checked: which issue pages each role sees (a hidden one answers
byte-for-byte like SEC-999), which sections and which action forms each
gets, that full-text search finds only what the viewer may see (also not
through an internal comment, nor through a comment of a public issue), that
the dashboard counts and lists only visible issues, that every action form
works through a POST with its csrf field and that without it nothing
changes, that attachments download with the right headers, and that the
history card lists every event but the views and counts the views per
person exactly as the audit log holds them (so it does not grow with them).

Usage: test_web_issue.py PATH-TO-VIGIL
"""

import html
import json
import os
import re
import sys
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import API, CheckAbort, HttpHarness, MISSING_KEY, Totp  # noqa: E402
from vigil_cast import CVSS_CRITICAL, create_cast  # noqa: E402

T_OLD = "2025-11-01T10:00:00Z"      # P reported (its embargo ends 2025-12-01)
T_LATE = "2025-12-01T10:00:00Z"     # L reported: overdue at T_RUN
T_SETUP = "2026-01-05T10:00:00Z"
T_RUN = "2026-01-06T09:00:00Z"
P, L, N, F, X = "SEC-1", "SEC-2", "SEC-3", "SEC-4", "SEC-5"   # in filing order
KEYS = [N, F, L, P, X]
XSS = "\"'><script>alert(1)</script>&"
SESSION = ["alice", "carol", "nina", "frank", "larry", "dave", "rita", "oscar"]
NEEDS_FACTOR = ["alice", "carol", "nina", "frank", "larry", "dave"]

# words that occur in exactly one place
W_N_DESC = "kiwiword"
W_N_INTERNAL = "secretinternalword"
W_N_SHARED = "sharedreplyword"
W_F_DESC = "quokkaword"
W_P_DESC = "publicword"
W_P_COMMENT = "publiccommentword"

# who sees which issue, and how (None: not at all)
VIEWS = {
    "alice": {N: "full", F: "full", L: "full", P: "full", X: "full"},
    "carol": {N: "full", F: "full", L: "full", P: "full", X: "full"},
    "nina": {N: "full", P: "full", X: "full"},
    "frank": {F: "full", L: "full", P: "public"},
    "larry": {N: "full", P: "public"},
    "dave": {N: "full", P: "public"},
    "rita": {N: "reporter", P: "reporter", X: "reporter"},
    "oscar": {F: "reporter", L: "reporter", P: "public"},
    None: {P: "public"},
}

CSRF_RE = re.compile(rb'name="csrf" value="([^"]+)"')


def multipart(fields, files):
    """A multipart/form-data body: fields {name: value}, files {name: (filename, bytes)}."""
    boundary = "----vigil%s" % uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" %
                (boundary, k)).encode() + v.encode("utf-8") + b"\r\n"
    for k, (fn, data) in files.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n" % (boundary, k, fn)).encode()
        out += data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=%s" % boundary


class Scenario:
    def __init__(self, h):
        self.h = h
        self.passwords = {}
        self.totp = {}
        self.c = {}

    # --- setup through the CLI ------------------------------------------

    def setup(self):
        h = self.h
        h.now = T_SETUP
        create_cast(h)
        for login in SESSION:
            self.passwords[login] = h.cli_password(login)
        h.ok("cve", "reserve", "CVE-2026-0001..CVE-2026-0005", as_="alice")
        # P: long ago, its embargo ends 2025-12-01; published by tick at T_RUN
        r = h.ok("report", "--title", "net: old public bug", "--description",
                 "The %s description." % W_P_DESC, "--subsystem", "net", as_="rita",
                 now=T_OLD)
        h.eq(r.out.strip(), P, "the first report is %s" % P, r)
        r = h.ok("report", "--title", "fs: late overdue bug", "--description",
                 "Nobody looked at this.", "--subsystem", "fs", as_="oscar", now=T_LATE)
        r = h.ok("report", "--title", "net: zebrafish overflow in reassembly",
                 "--description", "A crafted train overflows (%s)." % W_N_DESC,
                 "--subsystem", "net", as_="rita")
        r = h.ok("report", "--title", "fs: quokka journal replay", "--description",
                 "Replay of %s journals frees twice." % W_F_DESC, "--subsystem", "fs",
                 as_="oscar")
        h.ok("report", "--title", "net: %s xsstitleword" % XSS, "--description",
             "Body %s xssbodyword [x](javascript:alert(1))" % XSS, "--subsystem", "net",
             as_="rita")
        h.ok("issue", "comment", X, "Comment %s xsscommentword" % XSS, as_="rita")
        h.ok("issue", "ack", P, as_="alice", now=T_OLD)
        h.ok("issue", "set", P, "--embargo", "yes", "--embargo-until", "2025-12-01",
             as_="alice", now=T_OLD)
        h.ok("issue", "comment", P, "A shared %s note." % W_P_COMMENT, as_="alice", now=T_OLD)
        h.ok("issue", "ack", N, as_="alice")
        h.ok("issue", "set", N, "--priority", "P1", "--cvss", CVSS_CRITICAL, "--embargo", "yes",
             "--embargo-until", "2026-01-16", as_="alice")
        h.ok("issue", "assign", N, "dave", as_="alice")
        h.ok("backport", "set", N, "v2.7.0", "needed", as_="alice")
        h.ok("issue", "comment", N, "Only us: %s." % W_N_INTERNAL, "--internal", as_="alice")
        h.ok("issue", "comment", N, "To the reporter: %s." % W_N_SHARED, as_="alice")

    def sign_in(self):
        h = self.h
        h.now = T_RUN
        h.ok("tick", as_="alice", what="tick publishes P (its embargo ended)")
        h.start_server(T_RUN)
        self.c[None] = h.client("anonymous")
        # a first visit sets the visitor's form token cookie (vigil_csrf);
        # later answers then carry no Set-Cookie and compare byte for byte
        self.c[None].get("/")
        for login in SESSION:
            c = h.client(login)
            r = c.login(login, self.passwords[login])
            h.status(r, 200, "%s signs in" % login)
            if login in NEEDS_FACTOR:
                r = c.post(API + "/me/totp")
                secret = r.jobj().get("secret")
                if not secret:
                    raise CheckAbort("no TOTP secret for %s" % login)
                t = Totp(secret)
                r = c.post(API + "/me/totp/confirm", {"code": t.next(h.now)})
                h.status(r, 200, "%s enrols TOTP and gives the factor" % login)
                self.totp[login] = t
            self.c[login] = c

    # --- helpers ---------------------------------------------------------

    def page(self, who, path, want=200):
        r = self.c[who].get(path)
        self.h.status(r, want, "%s GET %s" % (who or "anonymous", path))
        return r

    def csrf_of(self, who, key):
        r = self.c[who].get("/issues/%s" % key)
        m = CSRF_RE.search(r.body)
        if not m:
            raise CheckAbort("no csrf field on %s's page of %s" % (who, key))
        return html.unescape(m.group(1).decode())

    def form(self, who, path, fields, key=None, csrf=True):
        """POST a urlencoded form (with the page's csrf field unless csrf=False)."""
        f = dict(fields)
        if csrf:
            f["csrf"] = self.csrf_of(who, key or path.split("/")[2])
        body = urllib.parse.urlencode(f)
        return self.c[who].request("POST", path, body=body,
                                   content_type="application/x-www-form-urlencoded",
                                   csrf=False)

    def show(self, key, as_="alice"):
        return self.h.js("issue", "show", key, "--json", as_=as_)

    # --- who sees which page ---------------------------------------------

    def visibility(self):
        h = self.h
        for who, views in VIEWS.items():
            for key in KEYS:
                r = self.c[who].get("/issues/%s" % key)
                if views.get(key):
                    h.status(r, 200, "%s sees the page of %s" % (who or "anonymous", key))
                    h.check(r.ctype == "text/html", "the page is HTML", r)
                else:
                    r2 = self.c[who].get("/issues/%s" % MISSING_KEY)
                    h.status(r, 404, "%s gets 404 for hidden %s" % (who or "anonymous", key))
                    h.same_answer(r, r2, "%s: hidden %s answers byte-for-byte like %s" % (
                        who or "anonymous", key, MISSING_KEY))
        # a malformed key is missing too
        r = self.c["alice"].get("/issues/SEC-0x1")
        r2 = self.c["alice"].get("/issues/%s" % MISSING_KEY)
        h.same_answer(r, r2, "a malformed key answers like a missing one")
        r = self.c["alice"].get("/issues/%s" % N)
        csp = r.header("Content-Security-Policy") or ""
        h.check("script-src 'self'" in csp and "frame-ancestors 'none'" in csp and
                "unsafe-inline" not in csp, "the issue page has a CSP without inline script", r)
        h.check(r.header("X-Content-Type-Options") == "nosniff", "nosniff on pages", r)
        h.check(b"<script>" not in r.body and b"<script " in r.body and
                b"/static/cvss.js" in r.body, "scripts only as files (cvss.js)", r)

    def sections(self):
        h = self.h
        # psirt: everything, history, internal comments marked, every form
        r = self.page("alice", "/issues/%s" % N)
        for want in ['id="history"', W_N_INTERNAL, W_N_SHARED, 'class="badge internal"',
                     'class="badge shared"', 'id="grants"', 'id="backports"',
                     'action="/issues/%s/cves"' % N, 'action="/issues/%s/grants"' % N,
                     'action="/issues/%s/fields"' % N, 'action="/issues/%s/cvss"' % N,
                     'action="/issues/%s/reject"' % N, 'action="/issues/%s/fixes"' % N,
                     'name="visibility" value="internal"', "Moves you may make",
                     "9.8", "Critical", "dave", "days left"]:
            h.check(want.encode() in r.body, "alice's page of N shows %r" % want, r)
        # the move to review is refused for want of a fix, and says so
        h.check(b"missing: a linked fix" in r.body, "a refused move names what is missing", r)
        # the reporter: no internal comment, no history, no grants, no moves
        r = self.page("rita", "/issues/%s" % N)
        h.check(W_N_SHARED.encode() in r.body, "rita sees the shared comment", r)
        h.not_in(r, [W_N_INTERNAL, 'id="history"', 'id="grants"', 'id="backports"',
                     "Moves you may make", 'action="/issues/%s/move"' % N,
                     'value="internal"', 'action="/issues/%s/cves"' % N, "dave",
                     'action="/issues/%s/fields"' % N],
                 "rita's page of N hides internal data and offers no workflow forms")
        h.check(b"Add information" in r.body and b'action="/issues/%s/comment"' % N.encode()
                in r.body, "rita gets the 'add information' form", r)
        h.check(b'enctype="multipart/form-data"' in r.body, "rita may attach files", r)
        # the maintainer works on it: moves, fixes; no grants, no CVE ids
        r = self.page("nina", "/issues/%s" % N)
        h.check(b"Moves you may make" in r.body and
                b'action="/issues/%s/fixes"' % N.encode() in r.body,
                "nina gets moves and the fix form", r)
        h.not_in(r, ['action="/issues/%s/grants"' % N, 'action="/issues/%s/cves"' % N,
                     'action="/issues/%s/reject"' % N],
                 "nina gets no grant, CVE or reject form")
        # the release manager: only the backport form
        r = self.page("larry", "/issues/%s" % N)
        h.check(b'action="/issues/%s/backports"' % N.encode() in r.body,
                "larry gets the backport form", r)
        h.not_in(r, ["Moves you may make", 'action="/issues/%s/fixes"' % N,
                     'action="/issues/%s/grants"' % N],
                 "larry gets no moves, fix or grant forms")
        # the assignee: may move back (with a reason)
        r = self.page("dave", "/issues/%s" % N)
        h.check(b"Move back" in r.body, "dave (assignee) may move back", r)
        # the public view: no comments, no reporter, no attachments, no forms
        for who in (None, "oscar", "frank"):
            r = self.page(who, "/issues/%s" % P)
            h.check(W_P_DESC.encode() in r.body, "%s sees P's description" % who, r)
            h.not_in(r, [W_P_COMMENT, 'id="comments"', 'id="attachments"', "rita",
                         'id="history"', "<form method=\"post\" class=\"comment\""],
                     "%s sees only P's public fields" % (who or "anonymous"))
        r = self.page("rita", "/issues/%s" % P)
        h.check(W_P_COMMENT.encode() in r.body, "rita (reporter) sees P's shared comment", r)

    # --- the history card: changes listed, views counted --------------------

    HIST_RE = re.compile(rb'<tr><td class="date"><time>([^<]*)</time></td>'
                         rb'<td data-label="Who">([^<]*)</td><td data-label="What">([^<]*)</td>')
    VIEWS_RE = re.compile(rb'<tr><th scope="row">([^<]*)</th><td data-label="Views">(\d+)'
                          rb'</td><td class="date" data-label="Last"><time>([^<]*)</time>')

    def history_card(self, r):
        """The rows of the history table and of the views table of a page."""
        i = r.body.find(b'id="history"')
        if i < 0:
            raise CheckAbort("no history card on the page")
        card = r.body[i:r.body.index(b"</section>", i)]
        ev = [tuple(html.unescape(x.decode()) for x in m) for m in self.HIST_RE.findall(card)]
        views = {html.unescape(m[0].decode()): (int(m[1]), m[2].decode())
                 for m in self.VIEWS_RE.findall(card)}
        # its size without the counts, which grow a digit now and then
        return ev, views, len(re.sub(rb'data-label="Views">\d+', b"", card))

    def history(self):
        h = self.h
        # carol reads N through the API and the page: views, each an audit event
        for _ in range(3):
            h.status(self.c["carol"].get(API + "/issues/%s" % N), 200, "carol reads N (API)")
        self.page("carol", "/issues/%s" % N)
        r = self.page("alice", "/issues/%s" % N)
        ev, views, size = self.history_card(r)
        log = h.js("issue", "history", N, "--json", as_="alice")
        want_ev = [(e["at"], e["actor"], e["action"]) for e in log if e["action"] != "issue.view"]
        h.check(len(want_ev) >= 5, "N has a history of changes (%d events)" % len(want_ev))
        h.eq(ev, want_ev, "the history card lists every event of N but the views, in order", r)
        want_views = {}
        for e in log:
            if e["action"] == "issue.view":
                n, _ = want_views.get(e["actor"], (0, ""))
                want_views[e["actor"]] = (n + 1, e["at"])
        h.check(want_views.get("carol", (0,))[0] >= 4 and "alice" in want_views,
                "the audit log holds the views of carol and alice (%r)" % want_views)
        h.eq(views, want_views, "the views table counts every view of N per person, with the "
             "latest (the audit log's issue.view events)", r)
        # reading the page again adds one view to the count and no row anywhere
        r2 = self.page("alice", "/issues/%s" % N)
        ev2, views2, size2 = self.history_card(r2)
        h.eq(ev2, ev, "another view adds no row to the history", r2)
        h.eq(views2.get("alice", (0,))[0], views["alice"][0] + 1,
             "another view adds one to alice's count", r2)
        h.eq(size2, size, "the history card does not grow with views", r2)
        # who may not see the history gets neither table (the gate of the history)
        for who in ("rita", None):
            key = N if who else P
            r = self.page(who, "/issues/%s" % key)
            h.not_in(r, ['id="history"', 'id="h-views"', "issue.view"],
                     "%s's page of %s shows no history and no views" % (who or "anonymous", key))

    def escaping(self):
        """Text with markup from a reporter is escaped on every page here:
        the issue page, the dashboard lists, search results and snippets."""
        h = self.h
        pages = [("alice", "/issues/%s" % X), ("rita", "/issues/%s" % X),
                 ("alice", "/dashboard"), ("rita", "/dashboard"),
                 ("alice", "/dashboard?q=xsstitleword"), ("alice", "/dashboard?q=xssbodyword"),
                 ("alice", "/dashboard?q=xsscommentword"), ("rita", "/dashboard?q=xssbodyword")]
        for who, path in pages:
            r = self.page(who, path)
            h.not_in(r, ["<script>alert(1)", 'href="javascript', "'><"],
                     "%s %s: no payload unescaped" % (who, path))
            h.check(b"&lt;script&gt;alert(1)&lt;/script&gt;" in r.body,
                    "%s %s: the payload shows as text" % (who, path), r)
        r = self.page("alice", "/dashboard?q=xssbodyword")
        h.check(b"<mark>xssbodyword</mark>" in r.body, "the match is marked in the snippet", r)

    # --- search and dashboard -------------------------------------------

    def search(self, who, q):
        r = self.page(who, "/dashboard?q=" + urllib.parse.quote(q))
        sec = r.body.split(b'id="h-hits"', 1)
        if len(sec) < 2:
            return None
        hits = sec[1].split(b"</ol>", 1)[0]
        return sorted(set(k.decode() for k in re.findall(rb'href="/issues/(SEC-\d+)"', hits)))

    def searching(self):
        h = self.h
        cases = [
            ("alice", W_N_DESC, [N]), ("nina", W_N_DESC, [N]), ("frank", W_N_DESC, []),
            ("oscar", W_N_DESC, []), ("rita", W_N_DESC, [N]),
            ("alice", W_N_INTERNAL, [N]), ("nina", W_N_INTERNAL, [N]),
            ("rita", W_N_INTERNAL, []), ("frank", W_N_INTERNAL, []),
            ("rita", W_N_SHARED, [N]), ("frank", W_N_SHARED, []),
            ("frank", W_F_DESC, [F]), ("nina", W_F_DESC, []), ("oscar", W_F_DESC, [F]),
            ("oscar", W_P_DESC, [P]), ("larry", W_P_DESC, [P]),
            ("oscar", W_P_COMMENT, []), ("rita", W_P_COMMENT, [P]),
            ("alice", W_P_COMMENT, [P]),
            ("alice", "zebrafish", [N]), ("alice", "zebra*", [N]), ("frank", "zebra*", []),
            ("alice", "%s %s" % (W_N_DESC, W_F_DESC), []),
        ]
        for who, q, want in cases:
            got = self.search(who, q)
            h.eq(got, want, "%s searching %r finds %s" % (who, q, want or "nothing"),
                 self.c[who].last)
        # the same search through the API (GET /api/v1/search)
        for who, q, want in [("nina", W_N_DESC, [N]), ("frank", W_N_DESC, []),
                             ("rita", W_N_INTERNAL, []), ("alice", W_N_INTERNAL, [N]),
                             (None, W_P_DESC, [P]), (None, W_P_COMMENT, []),
                             (None, W_N_DESC, [])]:
            r = self.c[who].get(API + "/search?q=" + urllib.parse.quote(q))
            got = sorted(x.get("key") for x in r.jlist())
            h.check(r.status == 200 and got == want, "API: %s searching %r finds %s" % (
                who or "anonymous", q, want or "nothing"), r)
        r = self.c["alice"].get(API + "/search?q=" + W_N_DESC)
        hit = (r.jlist() or [{}])[0]
        h.check(W_N_DESC in hit.get("snippet", "") and "\x02" not in hit.get("snippet", "")
                and hit.get("state") == "assigned" and hit.get("in_comment") is False,
                "API: the hit has a plain-text snippet, its state and where it matched", r)
        r = self.c["alice"].get(API + "/search")
        h.check(r.status == 400 and r.jobj().get("field") == "q", "API: q is required", r)
        # FTS syntax in the query is text, never an error
        for q in ['"', 'NEAR(a b)', 'title:zebrafish', 'AND OR NOT', '(', '*', "a\"b'c"]:
            r = self.c["alice"].get("/dashboard?q=" + urllib.parse.quote(q))
            h.status(r, 200, "searching %r is not an error" % q)
        r = self.c["alice"].get("/dashboard?q=" + "w%20" * 17)
        h.status(r, 400, "more than 16 words is refused")
        h.check(b"more than 16 words" in r.body, "the refusal says why", r)
        # the snippet is escaped text with the match marked
        r = self.page("alice", "/dashboard?q=" + W_N_DESC)
        h.check(("<mark>%s</mark>" % W_N_DESC).encode() in r.body, "the match is marked", r)

    def count_of(self, r):
        m = re.search(rb'id="total">(\d+)<', r.body)
        return int(m.group(1)) if m else None

    def section_keys(self, r, sid):
        part = r.body.split(('id="%s"' % sid).encode(), 1)
        if len(part) < 2:
            return None
        part = part[1].split(b"</section>", 1)[0]
        return sorted(set(k.decode() for k in re.findall(rb'href="/issues/(SEC-\d+)"', part)))

    def dashboard(self):
        h = self.h
        r = self.c[None].get("/dashboard")
        h.check(r.status == 303 and (r.header("Location") or "").endswith("/login"),
                "anonymous visitors are sent to sign in", r)
        for who, views in VIEWS.items():
            if who is None:
                continue
            r = self.page(who, "/dashboard")
            h.eq(self.count_of(r), len(views), "%s's dashboard counts only the %d issues "
                 "they may see" % (who, len(views)), r)
            shown = self.section_keys(r, "queue-new") or []
            shown += self.section_keys(r, "queue-triage") or []
            shown += self.section_keys(r, "queue-assigned") or []
            shown += self.section_keys(r, "queue-public") or []
            h.eq(sorted(shown), sorted(views), "%s's queues list exactly their issues" % who, r)
        r = self.page("alice", "/dashboard")
        h.eq(self.section_keys(r, "ack-overdue"), [L], "overdue acknowledgements: L", r)
        h.eq(self.section_keys(r, "fix-overdue"), [L], "overdue fixes: L", r)
        h.eq(self.section_keys(r, "embargo-soon"), [N], "embargo ending soon: N", r)
        soon = r.body.split(b'id="embargo-soon"')[1].split(b"</section>")[0]
        h.check(b"Days left" in soon and b'<td class="countdown" data-label="Days left">10</td>' in soon,
                "N's embargo shows 10 days left", r)
        late = r.body.split(b'id="ack-overdue"')[1].split(b"</section>")[0]
        h.check(b"Days late" in late and b'<td class="countdown" data-label="Days late">28</td>' in late,
                "L's acknowledgement is 28 days late", r)
        h.eq(self.section_keys(r, "unscored"), sorted([F, L, X]), "unscored: F, L and X", r)
        r = self.page("nina", "/dashboard")
        h.eq(self.section_keys(r, "ack-overdue"), [], "nina sees no overdue issue of fs", r)
        h.eq(self.section_keys(r, "embargo-soon"), [N], "nina sees N's embargo", r)
        r = self.page("frank", "/dashboard")
        h.eq(self.section_keys(r, "embargo-soon"), [], "frank does not see N's embargo", r)
        h.eq(self.section_keys(r, "ack-overdue"), [L], "frank sees L overdue", r)
        # filters
        r = self.page("alice", "/dashboard?state=new")
        h.eq(self.count_of(r), 3, "state=new: F, L and X", r)
        r = self.page("alice", "/dashboard?subsystem=net")
        h.eq(self.count_of(r), 3, "subsystem=net: N, P and X", r)
        r = self.page("alice", "/dashboard?priority=P1")
        h.eq(self.count_of(r), 1, "priority=P1: N", r)
        r = self.page("rita", "/dashboard?priority=P1")
        h.eq(self.count_of(r), 0, "rita cannot find N by its priority (not shown to her)", r)
        r = self.c["alice"].get("/dashboard?state=bogus")
        h.status(r, 400, "an unknown state is refused")
        h.check(b"<strong>state</strong>" in r.body, "the error names the field state", r)

    # --- actions ----------------------------------------------------------

    def refused_without_csrf(self, who, path, fields):
        h = self.h
        key = path.split("/")[2]

        def go():
            r = self.form(who, path, fields, csrf=False)
            h.status(r, 403, "%s POST %s without csrf" % (who, path))
            r = self.form(who, path, dict(fields, csrf="x" * 43), csrf=False)
            h.status(r, 403, "%s POST %s with a wrong csrf" % (who, path))
        h.unchanged("%s: %s without a valid csrf field" % (who, path), go)
        del key

    def refused_shown(self, what, fn, status, field):
        """fn() posts a form the service refuses: the page comes again with
        status and the error naming field, and nothing changes but the
        audit event of viewing the (embargoed) issue again."""
        h = self.h
        before = h.db_state()
        seq = h.audit_max()
        r = fn()
        h.status(r, status, what)
        h.check(("<strong>%s</strong>" % field).encode() in r.body,
                "%s: the page names the field %r" % (what, field), r)
        h.check(h.db_state() == before, "%s: nothing changed in the database" % what)
        ev = [e[2] for e in h.audit_since(seq)]
        h.check(all(a == "issue.view" for a in ev),
                "%s: no audit event but the view (%r)" % (what, ev))
        return r

    def done(self, r, key, code, what):
        loc = r.header("Location") or ""
        self.h.check(r.status == 303 and loc == "/issues/%s?done=%s" % (key, code),
                     "%s -> 303 to /issues/%s?done=%s" % (what, key, code), r)

    def actions(self):
        h = self.h
        # comment: rita adds information (shared)
        path = "/issues/%s/comment" % N
        self.refused_without_csrf("rita", path, {"text": "no csrf", "visibility": "shared"})
        r = self.form("rita", path, {"text": "More detail: crashwordinfo", "visibility": "shared"})
        self.done(r, N, "comment", "rita adds information")
        j = self.show(N)
        c = [x for x in j.get("comments", []) if "crashwordinfo" in x.get("text", "")]
        h.check(len(c) == 1 and c[0].get("visibility") == "shared" and
                c[0].get("author") == "rita",
                "rita's comment is stored shared")
        r = self.page("rita", "/issues/%s?done=comment" % N)
        h.check(b"Your comment is added." in r.body and b"crashwordinfo" in r.body,
                "the flash and the comment show", r)
        # rita may not comment internally: the page again, naming the refusal
        r = self.refused_shown("rita's internal comment", lambda: self.form(
            "rita", path, {"text": "sneaky <b>text</b>", "visibility": "internal"}), 403,
            "issue")
        h.check(b'name="text" rows="5" required>sneaky &lt;b&gt;text&lt;/b&gt;</textarea>'
                in r.body, "the refused comment's text comes back in the form, escaped", r)
        # a hidden issue: 404 like a missing one, nothing changes
        def hidden():
            r1 = self.form("frank", path, {"text": "hi", "visibility": "shared"}, key=P)
            r1.path = path
            r2 = self.form("frank", "/issues/%s/comment" % MISSING_KEY,
                           {"text": "hi", "visibility": "shared"}, key=P)
            h.status(r1, 404, "frank comments on hidden N")
            h.check(r1.body == r2.body, "the same page as for a missing issue", r1)
        h.unchanged("frank's comment on hidden N", hidden)
        # upload and download
        data = b"\x00PoC<script>alert(1)</script>\xff" + bytes(range(256))
        body, ctype = multipart({"csrf": self.csrf_of("rita", N)}, {"file": ("poc.html", data)})
        r = self.c["rita"].request("POST", "/issues/%s/attachments" % N, body=body,
                                   content_type=ctype, csrf=False)
        self.done(r, N, "attached", "rita uploads a file")
        body2, ctype2 = multipart({}, {"file": ("x.bin", b"abc")})
        h.unchanged("an upload without csrf", lambda: h.status(
            self.c["rita"].request("POST", "/issues/%s/attachments" % N, body=body2,
                                   content_type=ctype2, csrf=False), 403, "upload without csrf"))
        r = self.page("alice", "/issues/%s" % N)
        m = re.search(rb'href="/issues/%s/attachments/(\d+)">poc.html<' % N.encode(), r.body)
        h.check(m is not None, "the attachment is listed as a link", r)
        if m:
            url = "/issues/%s/attachments/%s" % (N, m.group(1).decode())
            r = self.c["alice"].get(url)
            h.check(r.status == 200 and r.body == data, "alice downloads the exact bytes", r)
            h.eq(r.ctype, "application/octet-stream", "served as application/octet-stream", r)
            h.check((r.header("Content-Disposition") or "").startswith("attachment;"),
                    "with Content-Disposition: attachment", r)
            h.eq(r.header("X-Content-Type-Options"), "nosniff", "and nosniff", r)
            r1 = self.c["frank"].get(url)
            r2 = self.c["frank"].get("/issues/%s/attachments/1" % MISSING_KEY)
            h.status(r1, 404, "frank cannot download N's attachment")
            h.check(r1.body == r2.body, "the same 404 page as a missing issue", r1)
        # fields (psirt)
        path = "/issues/%s/fields" % N
        self.refused_without_csrf("alice", path, {"priority": "P2"})
        r = self.form("alice", path, {"priority": "P2", "title": ""})
        self.done(r, N, "saved", "alice sets the priority")
        h.eq(self.show(N).get("priority"), "P2", "the priority is P2")
        r = self.form("alice", path, {"priority": "P9"})
        h.status(r, 400, "a bad priority re-shows the page")
        h.check(b"<strong>priority</strong>" in r.body and b"must be P1" in r.body,
                "the error names the field", r)
        r = self.form("nina", path, {"priority": "P3"})
        h.status(r, 403, "nina may not change triage fields")
        # the CVSS editor: preview computes the score; save stores the vector
        path = "/issues/%s/cvss" % N
        v31 = {"version": "3.1", "v31_AV": "N", "v31_AC": "L", "v31_PR": "N", "v31_UI": "R",
               "v31_S": "U", "v31_C": "H", "v31_I": "H", "v31_A": "H"}
        before = self.show(N).get("cvss")
        h.eq(before, CVSS_CRITICAL, "N is scored with the critical vector")
        r = self.form("nina", path, dict(v31, do="preview"))
        h.status(r, 200, "nina previews a vector")
        out = r.body.split(b'id="cvss-live"', 1)[-1].split(b"</output>", 1)[0]
        h.check(b"8.8" in out and b"High" in out and
                b"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H" in out,
                "the server computed 8.8 High for the chosen metrics", r)
        h.check(b'<option value="R" selected>' in r.body,
                "the editor keeps the chosen metrics", r)
        h.eq(self.show(N).get("cvss"), before, "a preview stores nothing")
        r = self.form("nina", path, {"version": "4.0", "do": "preview", "vector":
                                     "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/"
                                     "SC:N/SI:N/SA:N"})
        out = r.body.split(b'id="cvss-live"', 1)[-1].split(b"</output>", 1)[0]
        h.check(r.status == 200 and b"9.3" in out and b"Critical" in out,
                "a pasted CVSS 4.0 vector is scored 9.3 Critical", r)
        self.refused_without_csrf("nina", path, dict(v31, do="save"))
        r = self.form("nina", path, dict(v31, do="save"))
        self.done(r, N, "saved", "nina saves the vector")
        h.eq(self.show(N).get("cvss"), "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
             "the vector is stored")
        r = self.form("nina", path, dict(v31, v31_AV="Q", do="save"))
        h.status(r, 400, "a value outside the table is refused")
        h.check(b"Attack Vector" in r.body, "the error names the metric", r)
        # fixes (maintainer): link, then merged
        path = "/issues/%s/fixes" % N
        url = "https://github.com/example/product/pull/7"
        self.refused_without_csrf("nina", path, {"url": url, "branch": "main"})
        r = self.form("nina", path, {"url": url, "branch": "main"})
        self.done(r, N, "fix", "nina links a fix")
        h.eq(self.show(N).get("state"), "review", "linking the fix moved N to review")
        url2 = "https://github.com/example/product/pull/8"
        r = self.form("nina", path, {"url": url2, "branch": "main"})
        self.done(r, N, "fix", "nina links a second fix")
        r = self.form("nina", "/issues/%s/fixes/state" % N, {"url": url2, "state": "closed"})
        self.done(r, N, "fix", "nina closes the second fix unmerged")
        r = self.form("nina", "/issues/%s/fixes/state" % N,
                      {"url": url, "state": "merged", "commit": "a" * 40})
        self.done(r, N, "fix", "nina marks the fix merged")
        h.eq(self.show(N).get("state"), "accepted", "the merge moved N to accepted")
        # backports (release manager)
        path = "/issues/%s/backports" % N
        self.refused_without_csrf("larry", path, {"release": "v2.7.0", "state": "in-review"})
        r = self.form("larry", path, {"release": "v2.7.0", "state": "in-review"})
        self.done(r, N, "backport", "larry sets his backport in review")
        r = self.form("larry", path, {"release": "v3.5.0", "state": "needed"})
        h.status(r, 403, "larry may not touch another release's backport")
        r = self.form("alice", path, {"release": "v3.3.0", "state": "not-needed",
                                      "reason": "introduced after v3.3.0"})
        self.done(r, N, "backport", "alice adds a not-needed backport with a reason")
        bps = h.js("backport", "list", N, "--json", as_="alice") or []
        got = sorted((b.get("release"), b.get("state")) for b in bps)
        h.check(("v2.7.0", "in-review") in got and ("v3.3.0", "not-needed") in got,
                "the backports are stored (%r)" % (got,))
        # CVE ids (psirt)
        path = "/issues/%s/cves" % N
        self.refused_without_csrf("alice", path, {"cve": ""})
        r = self.form("nina", path, {"cve": ""})
        h.status(r, 403, "nina may not assign CVE ids")
        r = self.form("alice", path, {"cve": ""})
        self.done(r, N, "cve", "alice assigns the next CVE id")
        h.check("CVE-2026-0001" in json.dumps(self.show(N)), "CVE-2026-0001 is N's")
        # grants (psirt): frank gets access, then loses it
        path = "/issues/%s/grants" % N
        self.refused_without_csrf("alice", path, {"login": "frank", "reason": "fs overlap"})
        r = self.form("alice", path, {"login": "frank", "reason": "fs overlap"})
        self.done(r, N, "granted", "alice grants frank access")
        self.page("frank", "/issues/%s" % N, 200)
        r = self.form("alice", "/issues/%s/grants/revoke" % N, {"login": "frank"})
        self.done(r, N, "revoked", "alice revokes it")
        self.page("frank", "/issues/%s" % N, 404)
        # moves: dave moves back with a reason; alice acknowledges F
        r = self.form("dave", "/issues/%s/move" % N, {"state": "review"})
        h.status(r, 400, "moving back without a reason is refused")
        h.check(b"<strong>reason</strong>" in r.body, "naming the reason", r)
        r = self.form("dave", "/issues/%s/move" % N, {"state": "review", "reason": "retest"})
        self.done(r, N, "moved", "dave moves N back to review")
        h.eq(self.show(N).get("state"), "review", "N is in review again")
        r = self.page("nina", "/issues/%s" % N)
        h.check(b'<input type="hidden" name="state" value="accepted"><button type="submit">'
                in r.body, "nina's move to accepted is ready (the fix is merged)", r)
        r = self.form("nina", "/issues/%s/move" % N, {"state": "accepted"})
        self.done(r, N, "moved", "nina moves N forward to accepted")
        r = self.page("alice", "/issues/%s" % N)
        rel = r.body.split(b'id="f-release"', 1)[-1].split(b"</select>", 1)[0]
        h.check(b"<option>v3.6.0</option>" in rel and b"v2.7.0" not in rel,
                "the release move offers only v3.6.0 (cut from main after the merge)", r)
        r = self.form("alice", "/issues/%s/move" % N, {"state": "released", "release": "v3.4.0"})
        h.status(r, 409, "a release without the fix is refused")
        h.check(b"missing: a merged fix in that release" in r.body, "naming what is missing", r)
        r = self.form("alice", "/issues/%s/move" % N, {"state": "released", "release": "v3.6.0"})
        self.done(r, N, "moved", "alice moves N to released in v3.6.0")
        h.eq(self.show(N).get("state"), "released", "N is released")
        # early publication: alice proposes, then waits; carol confirms
        r = self.form("alice", "/issues/%s/publish" % N, {})
        h.status(r, 400, "a proposal without a reason is refused")
        r = self.form("alice", "/issues/%s/publish" % N, {"reason": "vendors are ready"})
        self.done(r, N, "proposed", "alice proposes early publication")
        r = self.page("alice", "/issues/%s" % N)
        h.check(b"a second, different psirt member must confirm" in r.body and
                b'action="/issues/%s/publish"' % N.encode() not in r.body,
                "alice waits for a second member (no publish button)", r)
        r = self.page("carol", "/issues/%s" % N)
        h.check(b"Confirm early publication" in r.body, "carol is asked to confirm", r)
        self.refused_without_csrf("carol", "/issues/%s/publish" % N, {})
        r = self.form("carol", "/issues/%s/publish" % N, {})
        self.done(r, N, "published", "carol confirms: N is published")
        h.eq(self.show(N).get("state"), "public", "N is public")
        r = self.page(None, "/issues/%s" % N)
        h.not_in(r, [W_N_INTERNAL, W_N_SHARED, "crashwordinfo"],
                 "anonymous sees public N without any comment")
        self.refused_without_csrf("alice", "/issues/%s/ack" % F, {})
        r = self.form("oscar", "/issues/%s/ack" % F, {})
        h.status(r, 403, "the reporter may not acknowledge")
        r = self.form("alice", "/issues/%s/ack" % F, {})
        self.done(r, F, "moved", "alice acknowledges F")
        h.eq(self.show(F).get("state"), "triage", "F is in triage")
        r = self.page("alice", "/issues/%s" % F)
        h.check(b"missing: priority" in r.body, "the assign move says what is missing", r)
        r = self.form("alice", "/issues/%s/assign" % F, {"assignee": "dave"})
        h.status(r, 409, "assigning before triage is complete is refused")
        h.check(b"missing: priority" in r.body, "naming what is missing", r)
        # reject (psirt)
        self.refused_without_csrf("alice", "/issues/%s/reject" % L, {"resolution": "invalid"})
        r = self.form("alice", "/issues/%s/reject" % L, {"resolution": "nonsense"})
        h.status(r, 400, "an unknown resolution is refused")
        r = self.form("alice", "/issues/%s/reject" % L, {"resolution": "invalid"})
        self.done(r, L, "rejected", "alice rejects L")
        h.eq(self.show(L).get("state"), "rejected", "L is rejected")
        h.ok("audit", "verify", as_="adam", what="the audit chain is intact")


def main():
    h = HttpHarness(sys.argv, "web-issue")
    s = Scenario(h)
    try:
        h.section_run("setup", s.setup)
        h.section_run("sign-in", s.sign_in)
        h.section_run("visibility", s.visibility)
        h.section_run("sections", s.sections)
        h.section_run("history", s.history)
        h.section_run("escaping", s.escaping)
        h.section_run("search", s.searching)
        h.section_run("dashboard", s.dashboard)
        h.section_run("actions", s.actions)
    finally:
        h.stop_server()
    h.finish()


if __name__ == "__main__":
    main()
