#!/usr/bin/env python3
"""test_web_review.py — a hostile user against the web pages (issue 5):
what the security review of the pages found, each a check that failed
before its fix, and the attacks it tried that must keep failing.

    need to know   every issue route (pages, downloads and every POST form,
                   with empty and plausible fields) answers for a hidden
                   issue byte for byte as for a missing one, and changes
                   nothing; references to a hidden issue (key, CVE id) in
                   a visible text stay plain text without a title; a
                   password-only session of a psirt member with TOTP sees
                   only a reporter's reach on every page.
    markdown       a text too large for the sanitiser to walk to its end is
                   not rendered (it is shown as escaped text): an image or
                   link past the walk's limit never reaches the page.
    report form    signed-out reports (each creates an account and an
                   issue) are limited per client address; the refused one
                   changes nothing.
    forms          hostile multipart file names, field names, percent
                   encodings and bodies are refused cleanly.

People: the cast of vigil_cast.py. Issues: N (rita, net, embargoed, CVE
assigned, internal comment) and O (oscar, fs; its description names N's key
and CVE id).

Usage: test_web_review.py PATH-TO-VIGIL
"""

import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import (API, CheckAbort, HttpHarness, Totp, csrf_of,  # noqa: E402
                         multipart, urlencoded)
from vigil_cast import CVSS_CRITICAL, create_cast  # noqa: E402

T_SETUP = "2026-01-05T10:00:00Z"
T_RUN = "2026-01-06T09:00:00Z"
N, O, MISSING = "SEC-1", "SEC-2", "SEC-999"
CVE = "CVE-2026-0001"
N_TITLE = "net: wombat reassembly overflow"
N_WORD = "wombatword"
N_INTERNAL = "internalsecretword"


# Every POST form below /issues/{key}, with fields that pass the page's own
# checks (so the service is reached) — the hidden issue must still be missing.
ISSUE_FORMS = [
    ("comment", [("text", "hello"), ("visibility", "internal")]),
    ("attachments", None),
    ("ack", []),
    ("assign", [("assignee", "oscar")]),
    ("move", [("state", "review")]),
    ("reject", [("resolution", "duplicate"), ("duplicate_of", O)]),
    ("publish", [("reason", "now")]),
    ("fields", [("title", "renamed"), ("priority", "P1")]),
    ("cvss", [("vector", CVSS_CRITICAL), ("do", "save")]),
    ("cvss", [("vector", CVSS_CRITICAL), ("do", "preview")]),
    ("cves", [("cve", "CVE-2026-0002")]),
    ("fixes", [("url", "https://git.example.org/c/1"), ("branch", "main")]),
    ("fixes/state", [("url", "https://git.example.org/c/1"), ("state", "merged")]),
    ("backports", [("release", "v2.7.0"), ("state", "needed")]),
    ("grants", [("login", "oscar"), ("reason", "curious")]),
    ("grants/revoke", [("login", "oscar")]),
]


class Review:
    def __init__(self, h):
        self.h = h
        self.pw = {}
        self.totp = {}
        self.c = {}

    # ---------------------------------------------------------------- helpers

    def form(self, c, path, fields, token=None, files=None, page=None):
        """POST a form with the csrf field of the page at page (or path)."""
        if token is None:
            token = csrf_of(c.get(page or path))
        fields = list(fields) + [("csrf", token)]
        if files is not None:
            body, ctype = multipart(fields, files)
        else:
            body, ctype = urlencoded(fields), "application/x-www-form-urlencoded"
        return c.request("POST", path, body=body, content_type=ctype, csrf=False)

    def same(self, a, b, what):
        self.h.check(a.status == b.status and a.body == b.body and
                     a.header("Content-Type") == b.header("Content-Type") and
                     a.header("Location") == b.header("Location"),
                     "%s: the hidden issue answers exactly like a missing one (%d / %d)" %
                     (what, a.status, b.status), a)

    def web_session(self, login):
        """A browser session through the login form (password only)."""
        c = self.h.client(login + " (web)")
        r = self.form(c, "/login", [("login", login), ("password", self.pw[login])])
        self.h.check(r.status == 303, "%s signs in with the login form" % login, r)
        return c

    # ---------------------------------------------------------------- setup

    def setup(self):
        h = self.h
        h.now = T_SETUP
        create_cast(h)
        for login in ("alice", "oscar", "rita", "nina"):
            self.pw[login] = h.cli_password(login)
        h.ok("cve", "reserve", "CVE-2026-0001..CVE-2026-0003", as_="alice")
        r = h.ok("report", "--title", N_TITLE, "--description",
                 "A crafted train overflows (%s)." % N_WORD, "--subsystem", "net", as_="rita")
        h.eq(r.out.strip(), N, "the first report is %s" % N, r)
        h.ok("issue", "ack", N, as_="alice")
        h.ok("issue", "set", N, "--embargo", "yes", "--embargo-until", "2026-01-20",
             "--cvss", CVSS_CRITICAL, as_="alice")
        h.ok("cve", "assign", N, CVE, as_="alice")
        h.ok("issue", "comment", N, "Only us: %s." % N_INTERNAL, "--internal", as_="alice")
        desc = ("Looks like %s and %s, see [the other one](https://example.org/%s "
                "\"%s\")." % (N, CVE, N, N))
        r = h.ok("report", "--title", "fs: oscar's bug", "--description", desc,
                 "--subsystem", "fs", as_="oscar")
        h.eq(r.out.strip(), O, "the second report is %s" % O, r)

    def sign_in(self):
        h = self.h
        h.now = T_RUN
        h.start_server(T_RUN)
        for login in ("alice", "oscar", "nina"):
            c = h.client(login)
            r = c.login(login, self.pw[login])
            h.status(r, 200, "%s signs in (API)" % login)
            if login in ("alice", "nina"):
                r = c.post(API + "/me/totp")
                secret = r.jobj().get("secret")
                if not secret:
                    raise CheckAbort("no TOTP secret for %s" % login)
                self.totp[login] = Totp(secret)
                r = c.post(API + "/me/totp/confirm", {"code": self.totp[login].next(h.now)})
                h.status(r, 200, "%s enrols TOTP and gives the factor" % login)
            self.c[login] = c

    # ---------------------------------------------------------------- sections

    def hidden_like_missing(self, o=None, who="oscar"):
        """oscar may not see N: every route answers as for SEC-999."""
        h = self.h
        o = o or self.c["oscar"]
        self.same(o.get("/issues/" + N), o.get("/issues/" + MISSING), "GET /issues/{key}")
        self.same(o.get("/issues/%s/attachments/1" % N),
                  o.get("/issues/%s/attachments/1" % MISSING), "GET an attachment")
        token = csrf_of(o.get("/dashboard"))

        def refused():
            for action, fields in ISSUE_FORMS:
                for variant in ("empty", "filled"):
                    answers = []
                    for key in (N, MISSING):
                        path = "/issues/%s/%s" % (key, action)
                        if fields is None:
                            files = [] if variant == "empty" else [("file", "a.txt", b"x")]
                            r = self.form(o, path, [], token=token, files=files)
                        else:
                            r = self.form(o, path, fields if variant == "filled" else [],
                                          token=token)
                        answers.append(r)
                    self.same(answers[0], answers[1], "POST %s (%s)" % (action, variant))
        h.unchanged("%s's forms on a hidden issue" % who, refused)

    def references(self):
        """O's description names N and its CVE id: oscar sees plain text."""
        h = self.h
        body = self.c["oscar"].get("/issues/" + O).body.decode("utf-8", "replace")
        h.check(N in body and CVE in body, "oscar's description shows the words", None)
        h.check('href="/issues/%s"' % N not in body and N_TITLE not in body and
                N_WORD not in body, "no link to, nor title of, the hidden issue", None)
        body = self.c["alice"].get("/issues/" + O).body.decode("utf-8", "replace")
        h.check(body.count('href="/issues/%s"' % N) >= 2,
                "psirt gets both references as links", None)

    def password_only(self):
        """alice (psirt, TOTP) signed in with the password only."""
        h = self.h
        a = self.web_session("alice")
        h.check(a.last.header("Location") == "/login/totp", "she is asked for the code",
                a.last)
        o = self.c["oscar"]
        self.same(a.get("/issues/" + N), a.get("/issues/" + MISSING), "password-only psirt")
        body = a.get("/dashboard").body.decode("utf-8", "replace")
        h.check(N_TITLE not in body and N not in body, "her dashboard has no N", a.last)
        h.check('id="total">0</span>' in body, "her dashboard counts nothing", a.last)
        body = self.c["alice"].get("/dashboard").body.decode("utf-8", "replace")
        h.check('id="total">2</span>' in body, "with the factor she counts both issues", None)
        r = a.get("/dashboard?q=" + N_WORD)
        h.check(N_TITLE not in r.body.decode("utf-8", "replace"),
                "her search does not find N", r)
        for path in ("/cves", "/releases"):
            r = a.get(path)
            body = r.body.decode("utf-8", "replace")
            h.check(r.status == 200 and CVE not in body and N_TITLE not in body and
                    'href="/issues/%s"' % N not in body,
                    "%s shows her nothing of N" % path, r)
        for path in ("/meetings", "/people", "/alert-list"):
            r = a.get(path)
            h.check(r.status == 403, "%s refuses a password-only psirt session" % path, r)
        token = csrf_of(a.get("/dashboard"))

        def refused():
            for path, fields in (("/cves/reserve", [("range", "CVE-2026-0010")]),
                                 ("/cves/retire", [("cve", "CVE-2026-0003"),
                                                   ("reason", "typo")]),
                                 ("/meetings", [("date", "2026-01-06"),
                                                ("attendees", "alice carol nina frank")]),
                                 ("/releases", [("name", "v9.9.9"), ("branch", "main"),
                                                ("date", "2026-02-01")])):
                r = self.form(a, path, fields, token=token)
                h.check(r.status == 403, "%s refuses a password-only psirt session" % path, r)
        h.unchanged("psirt forms without the second factor", refused)
        r = a.get("/issues/" + O)
        h.check(r.status == 404 or 'href="/issues/%s"' % N not in r.body.decode(),
                "no reference link on other pages either", r)
        h.check(o.get("/dashboard").status == 200, "oscar's dashboard answers", None)
        self.hidden_like_missing(a, "password-only alice")

    def release_managers(self):
        """Who manages a release may see embargoed issues: not for strangers."""
        h = self.h
        anon = h.client()
        r = anon.get("/releases")
        body = r.body.decode("utf-8", "replace")
        h.check(r.status == 200 and "v2.7.0" in body and "larry" not in body and
                "rob" not in body, "the public releases page names no release manager", r)
        r = anon.get(API + "/releases")
        h.check(r.status == 401, "as the API gives the list to signed-in people only", r)
        body = self.c["oscar"].get("/releases").body.decode("utf-8", "replace")
        h.check("larry" in body, "a signed-in person sees the managers", None)

    def markdown_walk(self):
        """A comment whose image lies past the sanitiser's node limit."""
        h = self.h
        o = self.c["oscar"]
        text = ">" * 60000 + "\n\n![x](https://evil.example/x.png) [y](/logout)\n"
        r = self.form(o, "/issues/%s/comment" % O, [("text", text)], page="/issues/" + O)
        h.check(r.status == 303, "oscar comments a deeply nested text", r)
        r = o.get("/issues/" + O)
        body = r.body.decode("utf-8", "replace")
        h.check(r.status == 200 and "<img" not in body and 'href="/logout"' not in body and
                "https://evil.example/x.png" in body,
                "the text too large to check is shown escaped: no image, no link", r)
        h.check(self.c["alice"].get("/issues/" + O).status == 200, "psirt's page renders", None)

    def report_race(self):
        """Two signed-out reports for one new address at the same moment:
        one account, the other refused (the check is in the transaction)."""
        h = self.h
        clients = [h.client("racer %d" % i) for i in range(3)]
        prepared = []
        for i, c in enumerate(clients):
            fields = [("title", "race %d" % i), ("description", "x"),
                      ("email", "racer@example.org"), ("csrf", csrf_of(c.get("/report")))]
            prepared.append((c, multipart(fields)))
        answers = [None] * len(prepared)

        def send(i):
            c, (body, ctype) = prepared[i]
            answers[i] = c.request("POST", "/report", body=body, content_type=ctype,
                                   csrf=False)
        threads = [threading.Thread(target=send, args=(i,)) for i in range(len(prepared))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        statuses = sorted(a.status for a in answers if a is not None)
        h.eq(h.sql("SELECT count(*) FROM person WHERE lower(email) = 'racer@example.org'")[0][0],
             1, "one account for the address (answers %r)" % statuses)
        h.check(statuses.count(200) == 1, "one report filed, the others refused (%r)" %
                statuses, None)

    def report_limit(self):
        """Signed-out reports are limited per client address."""
        h = self.h
        c = h.client("flood")
        n = h.sql("SELECT count(*) FROM issue")[0][0]
        # the reports of earlier sections (the race) count towards the ten
        done = h.sql("SELECT count(*) FROM login_failure WHERE login LIKE '(report form) %'")[0][0]
        for i in range(10 - done):
            r = self.form(c, "/report", [("title", "flood %d" % i), ("description", "x"),
                                         ("email", "flood%d@example.org" % i)], files=[],
                          page="/report")
            h.check(r.status == 200, "signed-out report %d is filed" % (i + 1), r)
            c.cookies.pop("vigil_session", None)
        h.eq(h.sql("SELECT count(*) FROM issue")[0][0], n + 10 - done,
             "ten signed-out reports from one address, ten issues")

        def refused():
            r = self.form(c, "/report", [("title", "flood 11"), ("description", "x"),
                                         ("email", "flood11@example.org")], files=[],
                          page="/report")
            body = r.body.decode("utf-8", "replace")
            h.check(r.status == 429 and "too many reports" in body and
                    'value="flood 11"' in body,
                    "the eleventh is refused (429), the form kept", r)
        h.unchanged("a report over the address's limit", refused)
        s = self.c["oscar"]
        r = self.form(s, "/report", [("title", "signed in"), ("description", "x")],
                      page="/report")
        h.check(r.status == 303, "a signed-in reporter is not limited", r)

    # ---------------------------------------------------------------- main


def main():
    h = HttpHarness(sys.argv, "web-review")
    w = Review(h)
    h.section_run("setup", w.setup)
    h.section_run("sign in", w.sign_in)
    if h.server:
        h.section_run("hidden like missing", w.hidden_like_missing)
        h.section_run("references", w.references)
        h.section_run("password only", w.password_only)
        h.section_run("release managers", w.release_managers)
        h.section_run("markdown walk", w.markdown_walk)
        h.section_run("report race", w.report_race)
        h.section_run("report limit", w.report_limit)
        h.stop_server()
    h.finish()


main()
