#!/usr/bin/env python3
"""test_web_admin.py — the web pages of the releases matrix, the CVE pool,
the meetings, people and roles, and the alert list (issue 5, item 5, and
the public alert-list request form of item 1; docs/web.md), against a real
`vigil serve`, through plain HTML forms as a browser without JavaScript
sends them. The scenario is made with the CLI (like test_http_api.py);
every change a form makes is checked with the CLI's --json, and every
refused form (no CSRF field, a wrong one, bad input, a role that may not)
must change nothing at all (no row, no audit event).

People (vigil_cast.py): alice psirt (session with TOTP), carol psirt
(session WITHOUT the second factor: she counts as a reporter), adam admin,
dora director, larry release manager of v2.7.0 (LTS), nina maintainer of
net, frank maintainer of fs, rita reporter, and anonymous visitors. Every
role that must give a second factor enrols TOTP over the API first.

Issues:
  SEC-1  rita's net report, embargoed, fix merged: backports to v2.7.0
         (in review, by larry), v3.5.0 (needed) and v3.4.0 (not needed,
         with a reason). CVE-2026-0001.
  SEC-2  oscar's fs report, embargoed, in triage. CVE-2026-0002.
  SEC-3  rita's net report, published early (two psirt members), with
         backports. CVE-2026-0003.

Usage: test_web_admin.py PATH-TO-VIGIL
"""

import html.parser
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import API, HttpHarness, Totp  # noqa: E402
from vigil_cast import CVSS_CRITICAL, CVSS_HIGH, create_cast  # noqa: E402

T_SETUP = "2026-01-05T10:00:00Z"
T_MERGE = "2026-01-20T10:00:00Z"
T_RUN = "2026-01-21T09:00:00Z"
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
EVIL = "\"'><script>alert(1)</script>&"
SHORT_KEY_SECONDS = 8  # a key that expires during the alert-list section

T1 = "NETSECRET heap overflow in the IPv6 fragment reassembly"
T2 = "FSSECRET littlefs mount overflow"
T3 = "Public DNS resolver CNAME loop"
REPO = "https://github.com/example/product"
ENROL = ["alice", "adam", "dora", "larry", "nina", "frank"]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Balance(html.parser.HTMLParser):
    """Every element opened is closed, in order (void elements aside)."""

    def __init__(self):
        html.parser.HTMLParser.__init__(self)
        self.stack = []
        self.problem = None

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.problem is None and (not self.stack or self.stack[-1] != tag):
            self.problem = "</%s> closes <%s> at line %d" % (
                tag, self.stack[-1] if self.stack else "nothing", self.getpos()[0])
        elif self.stack:
            self.stack.pop()


def unbalanced(text):
    b = Balance()
    b.feed(text)
    b.close()
    if b.problem:
        return b.problem
    return "left open: %s" % b.stack if b.stack else None


def csrf_of(r):
    m = re.search(rb'name="csrf" value="([0-9a-f]*)"', r.body)
    return m.group(1).decode() if m else ""


def urlencoded(fields):
    return urllib.parse.urlencode(fields).encode()


def row_of(body, key):
    """The <tr> of the matrix row of key, or ""."""
    m = re.search(r'<tr><th scope="row"><a href="/issues/%s">%s</a>.*?</tr>' % (key, key),
                  body, re.S)
    return m.group(0) if m else ""


def matrix_head(body):
    m = re.search(r'<table class="matrix">.*?<thead>(.*?)</thead>', body, re.S)
    return m.group(1) if m else ""


def cells(row):
    """The texts of the backport cells of a matrix row, in column order."""
    return [re.sub(r"<[^>]+>", "", c) for c in
            re.findall(r'<td class="bp bp-[a-z-]+" data-label="[^"]*">(.*?)</td>', row,
                       re.S)]


class Web:
    def __init__(self, h):
        self.h = h
        self.pw = {}
        self.c = {}

    # ---------------------------------------------------------------- helpers

    def html(self, r, what, status=200):
        """An HTML answer with the status and the headers every page carries."""
        h = self.h
        h.status(r, status, what)
        h.check(r.ctype == "text/html" and r.header("Content-Security-Policy") == CSP and
                r.header("X-Content-Type-Options") == "nosniff",
                "%s: HTML with the pages' CSP and nosniff" % what, r)
        body = r.body.decode("utf-8", "replace")
        bad = unbalanced(body)
        h.check(bad is None, "%s: every element is closed in order (%s)" % (what, bad), r)
        return body

    def page(self, who, path, what=None, status=200):
        c = self.c[who] if who else self.h.client()
        return self.html(c.get(path), what or "%s: GET %s" % (who or "anonymous", path),
                         status)

    def post(self, c, path, fields, token):
        fields = list(fields) + ([("csrf", token)] if token else [])
        return c.request("POST", path, body=urlencoded(fields),
                         content_type="application/x-www-form-urlencoded", csrf=False)

    def form(self, who, page, action, fields, token=None):
        """POST fields to action with the csrf field of page (GET first)."""
        c = self.c[who]
        if token is None:
            token = csrf_of(c.get(page))
        return self.post(c, action, fields, token)

    def redirect(self, r, where, what):
        self.h.check(r.status == 303 and r.header("Location") == where,
                     "%s -> 303 to %s" % (what, where), r)

    def refused(self, what, who, page, action, fields, status, field=None, words=()):
        """The form is refused with status (naming field), and nothing changes."""
        h = self.h
        token = csrf_of(self.c[who].get(page)) if who else ""
        out = {}

        def send():
            r = self.post(self.c[who], action, fields, token)
            out["r"] = r
            body = self.html(r, "%s: %s" % (who, what), status)
            if field is not None:
                h.check(("<strong>%s</strong>:" % field) in body and
                        all(w in body for w in words),
                        "%s: the page names the field %r%s" % (
                            what, field, (" and says " + ", ".join(words)) if words else ""),
                        r)
        h.unchanged(what, send)
        return out.get("r")

    def no_csrf(self, what, who, action, fields):
        """Without the csrf field, or with a wrong one: 403 and nothing changes."""
        def send():
            for tok in ("", "0" * 64):
                r = self.post(self.c[who], action, fields, tok)
                self.html(r, "%s: %s with %s" % (who, what,
                                                 "a wrong csrf" if tok else "no csrf"), 403)
        self.h.unchanged("%s without a valid CSRF token" % what, send)

    def js(self, *args, as_="alice"):
        return self.h.js(*args, "--json", as_=as_)

    # ---------------------------------------------------------------- setup

    def scenario(self):
        h = self.h
        h.now = T_SETUP
        create_cast(h)

        def ok(who, *args):
            return h.ok(*args, as_=who)
        k1 = ok("rita", "report", "--title", T1, "--description", "fragments").out.strip()
        k2 = ok("oscar", "report", "--title", T2, "--description", "mount").out.strip()
        k3 = ok("rita", "report", "--title", T3, "--description", "loop").out.strip()
        h.eq([k1, k2, k3], ["SEC-1", "SEC-2", "SEC-3"], "the three reports get SEC-1..3")
        ok("alice", "cve", "reserve", "CVE-2026-0001..CVE-2026-0010")
        for k, sub in ((k1, "net"), (k2, "fs"), (k3, "net")):
            ok("alice", "issue", "ack", k)
            ok("alice", "issue", "set", k, "--subsystem", sub, "--priority", "P2",
               "--embargo", "yes", "--cvss", CVSS_HIGH if k != k3 else CVSS_CRITICAL)
        ok("alice", "cve", "assign", k1, "CVE-2026-0001")
        ok("alice", "cve", "assign", k2, "CVE-2026-0002")
        ok("alice", "cve", "assign", k3, "CVE-2026-0003")
        for k, n in ((k1, 101), (k3, 103)):
            ok("alice", "issue", "assign", k, "dave")
            ok("dave", "fix", "add", k, "%s/pull/%d" % (REPO, n), "--branch", "main",
               "--commit", "%040x" % n)
        h.now = T_MERGE
        for k, n in ((k1, 101), (k3, 103)):
            ok("nina", "fix", "merged", k, "%s/pull/%d" % (REPO, n))
        ok("larry", "backport", "set", k1, "v2.7.0", "in-review")
        ok("alice", "backport", "set", k1, "v3.4.0", "not-needed", "--reason",
           "introduced after this release")
        ok("alice", "issue", "move", k3, "released", "--release", "v3.6.0")
        ok("alice", "issue", "publish", k3, "--reason", "fix released")
        ok("carol", "issue", "publish", k3)
        bps = {b["release"]: b["state"] for b in self.js("backport", "list", k1)}
        h.eq(bps, {"v2.7.0": "in-review", "v3.5.0": "needed", "v3.4.0": "not-needed"},
             "SEC-1's backports as the policy and the CLI made them")
        m1 = ok("alice", "meeting", "add", "--date", "2026-01-15", "--attendee", "alice",
                "--attendee", "carol", "--attendee", "dora", "--attendee", "adam").out.strip()
        ok("alice", "meeting", "add", "--date", "2026-01-16", "--attendee", "alice",
           "--attendee", "carol")
        ok("alice", "meeting", "decide", m1, k1, "--kind", "embargo-yes", "--reason",
           "vendors need time")
        for who in ENROL + ["carol", "rita"]:
            self.pw[who] = h.cli_password(who, as_="adam")
        h.now = T_RUN
        h.start_server(T_RUN)
        for who in ENROL + ["carol", "rita"]:
            c = h.client(who)
            r = c.login(who, self.pw[who])
            h.status(r, 200, "%s signs in (API)" % who)
            self.c[who] = c
        for who in ENROL:
            self.enrol(who)

    def enrol(self, who):
        h = self.h
        c = self.c[who]
        r = c.post(API + "/me/totp")
        j = h.ok_json(r, 200, "%s starts TOTP enrolment" % who, dict)
        t = Totp(j.get("secret") or "")
        r = c.post(API + "/me/totp/confirm", {"code": t.next(h.now)})
        h.ok_json(r, 200, "%s confirms TOTP: the session gives the second factor" % who,
                  dict)

    # ---------------------------------------------------------------- releases

    def releases(self):
        h = self.h
        # who sees which rows: need to know first
        sees = {"alice": {"SEC-1", "SEC-2", "SEC-3"}, "nina": {"SEC-1", "SEC-3"},
                "frank": {"SEC-2", "SEC-3"}, "larry": {"SEC-1", "SEC-3"},
                "rita": {"SEC-1", "SEC-3"}, "carol": {"SEC-3"}, "adam": {"SEC-3"},
                "dora": {"SEC-3"}, None: {"SEC-3"}}
        titles = {"SEC-1": "NETSECRET", "SEC-2": "FSSECRET", "SEC-3": T3}
        for who, keys in sees.items():
            body = self.page(who, "/releases")
            got = {k for k in titles if row_of(body, k)}
            h.eq(got, keys, "%s: the matrix has exactly the rows of the issues they may "
                 "see" % (who or "anonymous"))
            for k in set(titles) - keys:
                h.check(titles[k] not in body and ('href="/issues/%s"' % k) not in body,
                        "%s: nothing of %s on /releases" % (who or "anonymous", k))
        body = self.page("alice", "/releases")
        head = matrix_head(body)
        cols = re.findall(r'<th scope="col">(v[0-9.]+)', head)
        h.eq(cols, ["v3.6.0", "v3.5.0", "v3.4.0", "v3.3.0", "v2.7.0"],
             "the matrix has a column per supported release, newest first")
        h.check(re.search(r'v2\.7\.0 <span class="badge lts"[^>]*>LTS</span>', head) and
                head.count(">LTS<") == 1, "the LTS release (only it) is marked LTS", h.server)
        row = row_of(body, "SEC-1")
        h.eq(cells(row), ["none", "needed", "not needed: introduced after this release",
                          "none", "in review"],
             "psirt: SEC-1's cells give each backport state in words (reason included)")
        # on a phone the matrix is stacked; each cell names its release
        h.eq(re.findall(r'<td class="bp bp-[a-z-]+" data-label="([^"]*)">', row),
             ["v3.6.0", "v3.5.0", "v3.4.0", "v3.3.0", "v2.7.0 (LTS)"],
             "each cell of SEC-1's row names its release (data-label)")
        h.check('class="bp bp-in-review"' in row and 'class="bp bp-needed"' in row and
                'class="bp bp-not-needed"' in row, "the cells carry state classes (colour)")
        h.check('<ul class="legend"' in body, "the matrix has a legend")
        h.check("<caption>" in body and '<th scope="row">' in body,
                "the matrix is an accessible table (caption, row and column headers)")
        row = row_of(self.page("rita", "/releases"), "SEC-1")
        h.eq(set(cells(row)), {"not shown"},
             "rita (reporter of embargoed SEC-1): backports are not part of her view")
        row = row_of(self.page(None, "/releases"), "SEC-3")
        h.check("needed" in " ".join(cells(row)),
                "anonymous: the public SEC-3 shows its backports", h.server)
        row = row_of(self.page("larry", "/releases"), "SEC-1")
        h.eq(cells(row)[-1], "in review", "larry sees the backport to his LTS release")
        for who in ("alice", "adam"):
            body = self.page(who, "/releases")
            h.check('action="/releases"' in body and 'action="/releases/v3.3.0/eol"' in body,
                    "%s (may configure releases) gets the add and end-of-life forms" % who)
        for who in ("nina", "larry", "rita", None):
            body = self.page(who, "/releases")
            h.check('action="/releases' not in body,
                    "%s gets no release forms" % (who or "anonymous"))

        # forms
        add = [("name", "v3.7.0"), ("branch", "v3.7-branch"), ("date", "2026-03-01"),
               ("managers", "larry, rob"), ("lts", "yes")]
        self.no_csrf("add a release", "alice", "/releases", add)
        self.refused("a release with a bad date", "alice", "/releases", "/releases",
                     [("date", "2026-13-45") if k == "date" else (k, v) for k, v in add],
                     400, "date")
        self.refused("a release with an unknown manager", "alice", "/releases", "/releases",
                     [("managers", "larry nobody")] + add[:3], 400, "managers")
        self.refused("nina adds a release", "nina", "/releases", "/releases", add, 403)
        body = self.refused("a release with a hostile name", "alice", "/releases",
                            "/releases", [("name", EVIL)] + add[1:], 400, "name")
        h.check(body is not None and EVIL.encode() not in body.body and
                b"&lt;script&gt;" in body.body,
                "the refused form comes back filled, escaped", body)
        r = self.form("alice", "/releases", "/releases", add)
        self.redirect(r, "/releases?done=release-added", "alice adds v3.7.0")
        rel = {x["name"]: x for x in self.js("release", "list")}
        h.check("v3.7.0" in rel and rel["v3.7.0"].get("lts") is True and
                rel["v3.7.0"].get("branch") == "v3.7-branch" and
                sorted(rel["v3.7.0"].get("managers") or []) == ["larry", "rob"],
                "release list --json: v3.7.0, LTS, its branch and managers", h.last)
        body = self.page("alice", "/releases?done=release-added")
        h.check("The release is added." in body, "the flash message after adding")
        self.refused("adding v3.7.0 again", "alice", "/releases", "/releases", add, 409,
                     "name")
        self.refused("nina ends v3.3.0", "nina", "/releases", "/releases/v3.3.0/eol", [],
                     403)
        self.refused("ending an unknown release", "alice", "/releases",
                     "/releases/v9.9.9/eol", [], 400, "release")
        self.no_csrf("end a release", "alice", "/releases/v3.3.0/eol", [])
        r = self.form("alice", "/releases", "/releases/v3.3.0/eol", [])
        self.redirect(r, "/releases?done=release-ended", "alice ends v3.3.0")
        rel = {x["name"]: x for x in self.js("release", "list")}
        h.check(rel["v3.3.0"].get("support") == "eol", "release list --json: v3.3.0 is "
                "no longer supported", h.last)
        body = self.page("alice", "/releases")
        cols = re.findall(r'<th scope="col">(v[0-9.]+)', matrix_head(body))
        h.check("v3.3.0" not in cols and "v3.7.0" in cols,
                "the matrix leaves out the release at end of life (and has the new one)")
        h.check("end of life" in body, "the release list still names v3.3.0, end of life")

    # ---------------------------------------------------------------- CVEs

    def cves(self):
        h = self.h
        ids = ["CVE-2026-%04d" % i for i in range(1, 11)]

        def listed(body):
            return {i for i in ids if ("<th scope=\"row\">%s</th>" % i) in body}
        body = self.page("alice", "/cves")
        h.eq(listed(body), set(ids), "psirt sees every id of the pool")
        h.check(re.search(r'CVE-2026-0002</th>.*?<a href="/issues/SEC-2">SEC-2</a>', body,
                          re.S) is not None, "psirt sees CVE-2026-0002 with SEC-2 linked")
        h.check('action="/cves/reserve"' in body and 'action="/cves/retire"' in body,
                "psirt gets the reserve and retire forms")
        sees = {"nina": {"CVE-2026-0001", "CVE-2026-0003"},
                "frank": {"CVE-2026-0002", "CVE-2026-0003"},
                "larry": {"CVE-2026-0001", "CVE-2026-0003"},
                "rita": {"CVE-2026-0001", "CVE-2026-0003"},
                "carol": {"CVE-2026-0003"}, "adam": {"CVE-2026-0003"},
                "dora": {"CVE-2026-0003"}, None: {"CVE-2026-0003"}}
        for who, want in sees.items():
            body = self.page(who, "/cves")
            h.eq(listed(body), want, "%s sees only the ids of issues they may see" %
                 (who or "anonymous"))
            h.check("CVE-2026-0002" in want or ("CVE-2026-0002" not in body and
                                               'href="/issues/SEC-2"' not in body),
                    "%s: the embargoed SEC-2's id appears nowhere on the page" %
                    (who or "anonymous"))
            h.check('action="/cves/' not in body, "%s gets no pool forms" %
                    (who or "anonymous"))
        # the CLI agrees with the page
        for who in ("nina", "frank"):
            got = {c["id"] for c in self.js("cve", "list", as_=who)}
            h.eq(got, sees[who], "cve list --json as %s: the same ids as the page" % who)

        self.no_csrf("reserve ids", "alice", "/cves/reserve",
                     [("range", "CVE-2026-0100..CVE-2026-0105")])
        self.refused("a malformed range", "alice", "/cves", "/cves/reserve",
                     [("range", "CVE-26-1..x")], 400, "range")
        self.refused("a range that overlaps the pool", "alice", "/cves", "/cves/reserve",
                     [("range", "CVE-2026-0009..CVE-2026-0012")], 409, "range")
        self.refused("nina reserves ids", "nina", "/cves", "/cves/reserve",
                     [("range", "CVE-2026-0100..CVE-2026-0105")], 403)
        r = self.form("alice", "/cves", "/cves/reserve",
                      [("range", "CVE-2026-0100..CVE-2026-0105")])
        self.redirect(r, "/cves?done=cve-reserved", "psirt reserves CVE-2026-0100..0105")
        pool = {c["id"]: c for c in self.js("cve", "list")}
        h.check(all(("CVE-2026-%04d" % i) in pool and
                    pool["CVE-2026-%04d" % i]["state"] == "reserved" for i in range(100, 106)),
                "cve list --json: the six new ids are reserved", h.last)

        self.refused("retiring without a reason", "alice", "/cves", "/cves/retire",
                     [("cve", "CVE-2026-0005"), ("reason", "")], 400, "reason")
        self.refused("retiring a malformed id", "alice", "/cves", "/cves/retire",
                     [("cve", EVIL), ("reason", "x")], 400, "cve")
        self.refused("frank retires an id", "frank", "/cves", "/cves/retire",
                     [("cve", "CVE-2026-0005"), ("reason", "x")], 403)
        self.no_csrf("retire an id", "alice", "/cves/retire",
                     [("cve", "CVE-2026-0005"), ("reason", "reserved twice")])
        r = self.form("alice", "/cves", "/cves/retire",
                      [("cve", "CVE-2026-0005"), ("reason", "reserved twice")])
        self.redirect(r, "/cves?done=cve-retired", "psirt retires CVE-2026-0005")
        pool = {c["id"]: c for c in self.js("cve", "list")}
        h.check(pool["CVE-2026-0005"]["state"] == "rejected",
                "cve list --json: CVE-2026-0005 is rejected", h.last)
        body = self.page("alice", "/cves")
        h.check(re.search(r"CVE-2026-0005</th>.*?rejected.*?reserved twice", body, re.S)
                is not None, "the page shows the retired id with its reason")

    # ---------------------------------------------------------------- meetings

    def meetings(self):
        h = self.h
        body = self.page("alice", "/meetings")
        h.check(re.search(r"Meeting 1 on 2026-01-15</h3><p class=\"quorum yes\"><strong>"
                          r"Quorum: yes</strong>", body) is not None,
                "meeting 1 (four attendees) shows quorum in words")
        h.check(re.search(r"Meeting 2 on 2026-01-16</h3><p class=\"quorum no\"><strong>"
                          r"No quorum</strong> \u2014 2 attendees", body) is not None,
                "meeting 2 (two attendees) shows no quorum in words")
        h.check("alice, carol, dora, adam" in body or "adam, alice, carol, dora" in body,
                "the attendees are listed")
        h.check(re.search(r'<a href="/issues/SEC-1">SEC-1</a></td><td data-label="Decision">'
                          r'embargo-yes</td>.*?'
                          r"vendors need time", body, re.S) is not None,
                "the decision names SEC-1 (linked), its kind and reason")
        h.check('action="/meetings/1/decisions"' in body and
                'action="/meetings/2/decisions"' not in body and
                "Decisions need a meeting with quorum." in body,
                "a decision form only for the meeting with quorum; the other says why")
        for who in ("nina", "adam", "dora", "larry", "rita", "carol"):
            self.page(who, "/meetings", status=403)
        r = h.client().get("/meetings")
        self.redirect(r, "/login", "anonymous GET /meetings")

        add = [("date", "2026-01-21"), ("attendees", "alice carol, dora adam larry")]
        self.no_csrf("record a meeting", "alice", "/meetings", add)
        self.refused("a meeting with an unknown attendee", "alice", "/meetings",
                     "/meetings", [("date", "2026-01-21"), ("attendees", "alice nobody")],
                     400, "attendees")
        self.refused("a meeting without a date", "alice", "/meetings", "/meetings",
                     [("attendees", "alice")], 400, "date")
        self.refused("nina records a meeting", "nina", "/releases", "/meetings", add, 403)
        r = self.form("alice", "/meetings", "/meetings", add)
        self.redirect(r, "/meetings?done=meeting-added", "psirt records meeting 3")
        ms = {m.get("id"): m for m in self.js("meeting", "list")}
        h.check(len(ms) == 3 and ms.get(3, {}).get("date") == "2026-01-21" and
                len(ms[3].get("attendees") or []) == 5 and ms[3].get("quorum") is True,
                "meeting list --json: meeting 3 with five attendees and quorum", h.last)

        dec = [("issue", "SEC-2"), ("kind", "embargo-yes"), ("until", ""),
               ("reason", "the fs maintainers need time")]
        self.refused("a decision in a meeting without quorum", "alice", "/meetings",
                     "/meetings/2/decisions", dec, 409, "meeting", ["quorum"])
        self.refused("a decision on a missing issue", "alice", "/meetings",
                     "/meetings/3/decisions", [("issue", "SEC-99")] + dec[1:], 404, "issue")
        self.refused("a decision of an unknown kind", "alice", "/meetings",
                     "/meetings/3/decisions", [("kind", "maybe")] + dec[:1] + dec[2:],
                     400, "kind")
        self.refused("a decision in an unknown meeting", "alice", "/meetings",
                     "/meetings/x1/decisions", dec, 400, "meeting")
        self.no_csrf("record a decision", "alice", "/meetings/3/decisions", dec)
        r = self.form("alice", "/meetings", "/meetings/3/decisions", dec)
        self.redirect(r, "/meetings?done=decided", "psirt records a decision on SEC-2")
        ms = {m.get("id"): m for m in self.js("meeting", "list")}
        d = (ms.get(3, {}).get("decisions") or [{}])[0]
        h.check(d.get("issue") == "SEC-2" and d.get("kind") == "embargo-yes" and
                d.get("reason") == "the fs maintainers need time",
                "meeting list --json: meeting 3 holds the decision", h.last)

    # ---------------------------------------------------------------- people

    def people(self):
        h = self.h
        body = self.page("adam", "/people")
        for login in ("alice", "dora", "rita", "larry"):
            h.check(("<th scope=\"row\">%s</th>" % login) in body,
                    "admin's /people lists %s" % login)
        for t in (T1, T2, T3, "NETSECRET", "FSSECRET", "SEC-1", "SEC-2", "SEC-3",
                  "CVE-2026"):
            h.check(t not in body, "admin's /people shows no issue content (%s)" % t)
        h.check('action="/people"' in body and 'action="/people/dora/totp-reset"' in body and
                'action="/people/rita/password-reset"' in body and
                'action="/people/dora"' in body, "admin gets the people forms")
        # the page answers as the API does (the service decides)
        for who in ("alice", "nina", "dora", "rita", "larry", "carol"):
            api = self.c[who].get(API + "/people").status
            r = self.c[who].get("/people")
            h.eq(r.status, api, "%s: /people answers %d like GET /api/v1/people" % (who, api),
                 r)
            if r.status == 200:
                h.check("action=\"/people" not in r.text and T1 not in r.text,
                        "%s lists people without forms or issue content" % who, r)
        r = h.client().get("/people")
        self.redirect(r, "/login", "anonymous GET /people")

        self.no_csrf("add a person", "adam", "/people", [("login", "zoe"),
                                                        ("email", "zoe@example.org")])
        self.refused("a person with a bad e-mail", "adam", "/people", "/people",
                     [("login", "zoe"), ("email", "not an address")], 400, "email")
        self.refused("a person whose login is taken", "adam", "/people", "/people",
                     [("login", "rita"), ("email", "r2@example.org")], 409, "login")
        self.refused("admin gives the psirt role", "adam", "/people", "/people",
                     [("login", "zoe"), ("email", "zoe@example.org"),
                      ("role-psirt", "yes")], 403, "roles")
        self.refused("alice (psirt, not admin) adds a person", "alice", "/people",
                     "/people", [("login", "zoe"), ("email", "zoe@example.org")], 403)
        r = self.form("adam", "/people", "/people", [("login", "zoe"), ("name", "Zoe"),
                                                     ("email", "zoe@example.org"),
                                                     ("role-director", "yes")])
        self.redirect(r, "/people?done=person-added", "admin adds zoe, a director")
        ppl = {p["login"]: p for p in self.js("user", "list", as_="adam")}
        h.check("zoe" in ppl and ppl["zoe"].get("roles") == ["director"] and
                ppl["zoe"].get("email") == "zoe@example.org",
                "user list --json: zoe, director", h.last)

        # roles and the disabled flag: the ticked boxes are what the person gets
        self.refused("admin changes their own roles", "adam", "/people", "/people/adam",
                     [("role-admin", "yes"), ("role-director", "yes")], 403, "login")
        self.refused("a form that changes nothing", "adam", "/people", "/people/rob", [],
                     400, "roles")
        self.refused("admin gives rob psirt", "adam", "/people", "/people/rob",
                     [("role-psirt", "yes")], 403, "roles")
        self.refused("roles of nobody", "adam", "/people", "/people/nobody",
                     [("role-director", "yes")], 400, "login")
        self.no_csrf("change roles", "adam", "/people/rob", [("role-director", "yes")])
        r = self.form("adam", "/people", "/people/rob", [("role-director", "yes")])
        self.redirect(r, "/people?done=person-saved", "admin makes rob a director")
        r = self.form("adam", "/people", "/people/oscar", [("disabled", "yes")])
        self.redirect(r, "/people?done=person-saved", "admin disables oscar")
        ppl = {p["login"]: p for p in self.js("user", "list", as_="adam")}
        h.check(ppl["rob"].get("roles") == ["director"] and ppl["oscar"].get("disabled") is
                True and ppl["rob"].get("disabled") is False,
                "user list --json: rob is a director, oscar is disabled", h.last)
        r = self.form("adam", "/people", "/people/rob", [])
        self.redirect(r, "/people?done=person-saved", "admin takes the roles of rob again")
        ppl = {p["login"]: p for p in self.js("user", "list", as_="adam")}
        h.eq(ppl["rob"].get("roles"), [], "user list --json: rob has no role again", h.last)

        # resets
        self.refused("admin resets psirt's password", "adam", "/people",
                     "/people/alice/password-reset", [], 403, "login", ["embargoed"])
        self.no_csrf("reset a password", "adam", "/people/rita/password-reset", [])
        r = self.form("adam", "/people", "/people/rita/password-reset", [])
        body = self.html(r, "admin resets rita's password")
        m = re.search(r'<code class="secret">([^<]+)</code>', body)
        h.check(m is not None and (r.header("Cache-Control") or "") == "no-store",
                "the new password is shown once, on a no-store answer", r)
        if m:
            c = h.client("rita")
            h.status(c.login("rita", m.group(1)), 200, "rita signs in with the new password")
            r = h.client().login("rita", self.pw["rita"])
            h.check(r.status != 200, "rita's old password no longer works", r)
        r = self.c["rita"].get("/my")
        h.check(r.status in (303, 401), "rita's old session has ended", r)
        if m:
            self.pw["rita"] = m.group(1)
            self.c["rita"] = c
        self.refused("admin resets psirt's second factor", "adam", "/people",
                     "/people/alice/totp-reset", [], 403, "login")
        self.no_csrf("reset a second factor", "adam", "/people/zoe/totp-reset", [])
        r = self.form("adam", "/people", "/people/zoe/totp-reset", [])
        self.redirect(r, "/people?done=totp-reset", "admin resets zoe's second factor")

    # ---------------------------------------------------------------- alert list

    def gpg_key(self, uid="Example Org <psirt@org.example>", expired=False, seconds=None):
        """An ed25519 key with a cv25519 encryption subkey made by gpg in a private
        home: (armor, fingerprint); expired: made in 2020, valid for a day;
        seconds: valid for that many seconds from now."""
        gpg = shutil.which("gpg")
        if not gpg:
            return None, None
        home = os.path.join(self.h.tmp, "gnupg")
        os.makedirs(home, mode=0o700, exist_ok=True)
        env = dict(os.environ, GNUPGHOME=home)
        when = ["--faked-system-time", "20200101T000000"] if expired else []
        try:
            subprocess.run([gpg, "--batch", "--pinentry-mode", "loopback", "--passphrase",
                            ""] + when + ["--quick-gen-key", uid, "future-default", "default",
                                          "1d" if expired else
                                          "seconds=%d" % seconds if seconds else "never"],
                           env=env, check=True, capture_output=True, timeout=60)
            armor = subprocess.run([gpg, "--armor", "--export", uid], env=env, check=True,
                                   capture_output=True, timeout=60).stdout.decode()
            out = subprocess.run([gpg, "--with-colons", "--fingerprint", uid], env=env,
                                 check=True, capture_output=True, timeout=60).stdout.decode()
        finally:
            subprocess.run(["gpgconf", "--kill", "all"], env=env, capture_output=True)
        fpr = [ln.split(":")[9] for ln in out.splitlines() if ln.startswith("fpr:")][0]
        return armor, " ".join(fpr[i:i + 4] for i in range(0, len(fpr), 4))

    def alert_list(self):
        h = self.h
        anon = h.client()
        body = self.page(None, "/alert-list/request")
        anon.get("/alert-list/request")
        token = csrf_of(anon.last)
        h.check(token and token == anon.cookies.get("vigil_csrf") and
                all(('name="%s"' % f) in body for f in ("org", "addresses", "reason",
                                                        "pgp_key")),
                "the public request form: organisation, addresses, reason, key, and the "
                "signed-out CSRF token", anon.last)
        good = [("org", "Example Org"), ("addresses", "psirt@org.example\nsec@org.example"),
                ("reason", "We ship the product in routers.")]

        def count():
            return len(self.js("alert", "list", as_="dora"))

        def forged():
            for tok in ("", "0" * 64):
                r = self.post(anon, "/alert-list/request", good, tok)
                self.html(r, "an anonymous request with %s" % ("a wrong csrf" if tok else
                                                                "no csrf"), 403)
            r = self.post(h.client(), "/alert-list/request", good, token)
            self.html(r, "an anonymous request with the token but not its cookie", 403)
        h.unchanged("alert-list requests without a valid CSRF token", forged)

        def bad(what, fields, field):
            def send():
                r = self.post(anon, "/alert-list/request", fields, token)
                body = self.html(r, what, 400)
                h.check(("<strong>%s</strong>:" % field) in body and
                        EVIL.encode() not in r.body, "%s: names %r, echoes nothing raw" %
                        (what, field), r)
            h.unchanged(what, send)
        bad("a request without addresses", good[:1] + good[2:], "addresses")
        bad("a request with a bad address", [("org", "X"), ("addresses", EVIL),
                                             ("reason", "r")], "addresses")
        bad("a request without an organisation", good[1:], "org")
        bad("a request with a key that is not armor", good + [("pgp_key", "hello")],
            "pgp_key")
        # GnuPG reads the key before anything is written
        old, _ = self.gpg_key("Old Org <old@org.example>", expired=True)
        if old:
            bad("a request with an expired key", good + [("pgp_key", old)], "pgp_key")
            r = self.post(anon, "/alert-list/request", good + [("pgp_key", old)], token)
            h.check(b"not a usable OpenPGP public key (has expired)" in r.body,
                    "the expired key is refused with GnuPG's reason", r)
        n0 = count()
        r = self.post(anon, "/alert-list/request", good, token)
        self.redirect(r, "/alert-list/request/done", "an anonymous request")
        body = self.html(anon.get("/alert-list/request/done"), "the confirmation page")
        h.check("your request to join the alert list is recorded" in body,
                "the confirmation page thanks the visitor")
        armor, fpr = self.gpg_key()
        h.check(armor is not None and "BEGIN PGP PUBLIC KEY BLOCK" in armor and fpr,
                "gpg made an OpenPGP key for the request (gnupg is a test dependency)")
        if armor:
            r = self.post(anon, "/alert-list/request",
                          [("org", "Keyed Org"), ("addresses", "keys@keyed.example"),
                           ("reason", "encrypt please"), ("pgp_key", armor)], token)
            self.redirect(r, "/alert-list/request/done", "a request with an OpenPGP key")
        # a key that is usable when it comes in and expires soon after:
        # the vetting page must then call it unusable
        short, _ = self.gpg_key("Short Org <short@org.example>", seconds=SHORT_KEY_SECONDS)
        short_expires = time.time() + SHORT_KEY_SECONDS
        if short:
            r = self.post(anon, "/alert-list/request",
                          [("org", "Short Org"), ("addresses", "short@org.example"),
                           ("reason", "short-lived key"), ("pgp_key", short)], token)
            self.redirect(r, "/alert-list/request/done", "a request with a short-lived key")
        r = self.post(anon, "/alert-list/request", [("org", EVIL), ("addresses",
                      "evil@evil.example"), ("reason", EVIL + "\n" + EVIL)], token)
        self.redirect(r, "/alert-list/request/done", "a request with hostile text")
        members = self.js("alert", "list", as_="dora")
        h.eq(len(members), n0 + (3 if armor else 2) + (1 if short else 0),
             "alert list --json: the requests are recorded", h.last)
        first = [m for m in members if m.get("org") == "Example Org"]
        h.check(first and first[0].get("status") == "requested" and
                first[0].get("addresses") == ["psirt@org.example", "sec@org.example"],
                "the request holds its organisation, both addresses, status requested",
                h.last)
        mid = first[0]["id"] if first else 0

        body = self.page("dora", "/alert-list")
        h.check("Example Org" in body and "psirt@org.example, sec@org.example" in body and
                "We ship the product in routers." in body and "no key" in body,
                "the director sees organisation, addresses, reason and 'no key'")
        if armor:
            h.check(('<code class="fpr">%s</code>' % fpr) in body,
                    "the key's fingerprint is shown as gpg computes it (%s)" % fpr)
        h.check(('action="/alert-list/%d/decide"' % mid) in body,
                "the director gets the decision forms")
        h.check(EVIL not in body and "<script>alert" not in body and
                "&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in body,
                "the hostile organisation and reason are shown escaped only")
        body = self.page("alice", "/alert-list")
        h.check("Example Org" in body and "/decide" not in body,
                "psirt sees the list but no decision forms")
        for who in ("nina", "adam", "rita", "larry", "carol"):
            self.page(who, "/alert-list", status=403)
        self.redirect(h.client().get("/alert-list"), "/login", "anonymous GET /alert-list")

        path = "/alert-list/%d/decide" % mid
        self.refused("psirt decides", "alice", "/alert-list", path,
                     [("decision", "approve")], 403)
        self.refused("an unknown decision", "dora", "/alert-list", path,
                     [("decision", "maybe")], 400, "decision")
        self.refused("removing a member not yet approved", "dora", "/alert-list", path,
                     [("decision", "remove")], 409, "decision")
        self.refused("deciding on an unknown member", "dora", "/alert-list",
                     "/alert-list/999/decide", [("decision", "approve")], 404, "id")
        self.no_csrf("decide on a request", "dora", path, [("decision", "approve")])
        r = self.form("dora", "/alert-list", path, [("decision", "approve"),
                                                    ("note", "known vendor")])
        self.redirect(r, "/alert-list?done=decided", "the director approves")
        m = self.js("alert", "show", str(mid), as_="dora")
        h.check(m.get("status") == "approved" and m.get("vetted_by") == "dora" and
                m.get("note") == "known vendor",
                "alert show --json: approved by dora with the note", h.last)
        self.refused("denying an approved member", "dora", "/alert-list", path,
                     [("decision", "deny")], 409, "decision")
        r = self.form("dora", "/alert-list", path, [("decision", "remove")])
        self.redirect(r, "/alert-list?done=decided", "the director removes the member")
        h.eq(self.js("alert", "show", str(mid), as_="dora").get("status"), "removed",
             "alert show --json: removed", h.last)

        # addresses and key: directors and psirt
        path = "/alert-list/%d/update" % mid
        self.refused("an update with a bad address", "alice", "/alert-list", path,
                     [("addresses", "psirt@org.example nope")], 400, "addresses")
        self.refused("an update with a bad key", "alice", "/alert-list", path,
                     [("addresses", "psirt@org.example"), ("pgp_key", "not a key")], 400,
                     "pgp_key")
        if old:
            self.refused("an update with an expired key", "alice", "/alert-list", path,
                         [("addresses", "psirt@org.example"), ("pgp_key", old)], 400,
                         "pgp_key")
            self.refused("nina updates a member with an expired key", "nina", "/releases",
                         path, [("addresses", "x@org.example"), ("pgp_key", old)], 403)
        self.refused("nina updates a member", "nina", "/releases", path,
                     [("addresses", "x@org.example")], 403)
        self.no_csrf("update a member", "alice", path, [("addresses", "x@org.example")])
        fields = [("addresses", "new@org.example, other@org.example")]
        if armor:
            fields.append(("pgp_key", armor))
        r = self.form("alice", "/alert-list", path, fields)
        self.redirect(r, "/alert-list?done=member-updated", "psirt updates the member")
        m = self.js("alert", "show", str(mid), as_="dora")
        h.check(m.get("addresses") == ["new@org.example", "other@org.example"] and
                (not armor or "BEGIN PGP PUBLIC KEY BLOCK" in (m.get("pgp_key") or "")),
                "alert show --json: the new addresses and key", h.last)
        if armor:
            # the short-lived key may expire while the page is made: it is the
            # only key that may be called unusable here
            gone_before = bool(short) and time.time() >= short_expires
            body = self.page("dora", "/alert-list")
            gone_after = bool(short) and time.time() >= short_expires
            h.check(body.count('fingerprint <code class="fpr">%s</code>' % fpr) == 2 and
                    "Example Org &lt;psirt@org.example&gt;" in body and
                    int(gone_before) <= body.count("key unusable") <= int(gone_after),
                    "the member now shows the key's fingerprint and user ID too, "
                    "usable")
        r = self.form("dora", "/alert-list", path, [("addresses", "new@org.example"),
                                                    ("no_key", "yes")])
        self.redirect(r, "/alert-list?done=member-updated", "the director removes the key")
        m = self.js("alert", "show", str(mid), as_="dora")
        h.check(m.get("addresses") == ["new@org.example"] and m.get("pgp_key") is None,
                "alert show --json: one address, no key", h.last)
        if short:
            time.sleep(max(0.0, short_expires + 1 - time.time()))
            body = self.page("dora", "/alert-list")
            h.check("Short Org &lt;short@org.example&gt;" in body and
                    "key unusable: has expired" in body,
                    "a stored key that expired since shows 'key unusable: has expired'")


def main():
    h = HttpHarness(sys.argv, "web-admin")
    w = Web(h)
    h.section_run("scenario", w.scenario)
    if h.server is not None:
        for name in ("releases", "cves", "meetings", "people", "alert_list"):
            h.section_run(name, getattr(w, name))
        h.stop_server()
    h.finish()


if __name__ == "__main__":
    main()
