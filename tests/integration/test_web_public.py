#!/usr/bin/env python3
"""test_web_public.py — the public, reporter and account web pages of
`vigil serve` (issue 5, docs/web.md), through plain HTML forms as a browser
without JavaScript would send them: the home page and where it sends each
role, signing in with the password and then the TOTP code (and a recovery
code), TOTP enrolment on /account, the password change, the "Report a
vulnerability" form (multipart, with a proof-of-concept file) that creates
the reporter's account and an issue in `new`, "My reports" (the reporter's
own only), CSRF refusals that change nothing (signed in and signed out),
the headers of every HTML answer (CSP without inline script or style,
nosniff, frame-ancestors, Referrer-Policy), the stylesheet, error pages,
and hostile input that only ever comes back escaped.

People (CLI): adam (admin), alice (psirt), rita and oscar (reporters).

Usage: test_web_public.py PATH-TO-VIGIL
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import (HttpHarness, Totp, csrf_of, multipart,  # noqa: E402
                         parse_line, urlencoded)

T0 = "2026-01-01T09:00:00Z"
T1 = "2026-01-05T10:00:00Z"
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
EVIL = "\"'><script>alert(1)</script>&"
EVIL_ESCAPED = "&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;"
JS_LINK = "[click](javascript:alert(1))"
POC = b"#!/bin/sh\n# proof of concept\nprintf '\\x00\\xff' | nc target 53\n\x00\x01\x02"


class Web:
    def __init__(self, h):
        self.h = h
        self.pw = {}
        self.totp = None
        self.recovery = []

    # ---------------------------------------------------------------- helpers

    def html(self, r, what, status=200):
        """An HTML answer with every header a page must carry."""
        h = self.h
        h.status(r, status, what)
        h.check(r.ctype == "text/html", "%s: Content-Type text/html" % what, r)
        h.check(r.header("Content-Security-Policy") == CSP,
                "%s: the pages' Content-Security-Policy" % what, r)
        h.check(r.header("X-Content-Type-Options") == "nosniff", "%s: nosniff" % what, r)
        h.check(r.header("Referrer-Policy") == "no-referrer", "%s: Referrer-Policy" % what, r)
        h.check(r.header("X-Frame-Options") == "DENY", "%s: X-Frame-Options" % what, r)
        body = r.body.decode("utf-8", "replace")
        h.check(not re.search(r"<script(?![^>]*\bsrc=)", body) and " style=" not in body
                and "<style" not in body, "%s: no inline script or style" % what, r)
        return body

    def get_page(self, c, path, what, status=200):
        return self.html(c.get(path), what, status)

    def form(self, c, path, fields, what=None, token=None, files=None):
        """POST a form (urlencoded, or multipart with files) with the csrf
        field taken from the page at path (GET) unless token is given."""
        if token is None:
            token = csrf_of(c.get(path if path != "/logout" else "/report"))
        fields = list(fields) + ([("csrf", token)] if token != "" else [])
        if files is not None:
            body, ctype = multipart(fields, files)
        else:
            body, ctype = urlencoded(fields), "application/x-www-form-urlencoded"
        return c.request("POST", path, body=body, content_type=ctype, csrf=False)

    def redirect(self, r, where, what):
        self.h.check(r.status == 303 and r.header("Location") == where,
                     "%s -> 303 to %s" % (what, where), r)

    def web_login(self, c, login, password, expect):
        r = self.form(c, "/login", [("login", login), ("password", password)])
        self.redirect(r, expect, "%s signs in with the login form" % login)
        return r

    # ---------------------------------------------------------------- setup

    def setup(self):
        h = self.h
        h.now = T0
        r = h.ok("init", "--admin", "adam", "--email", "adam@example.org",
                 what="vigil init creates the database")
        self.pw["adam"] = parse_line(r.out, "password")
        for login, roles in (("alice", ["psirt"]), ("rita", []), ("oscar", [])):
            args = ["user", "add", login, "--email", "%s@example.org" % login]
            for ro in roles:
                args += ["--role", ro]
            h.ok(*args, as_="adam", what="admin adds %s" % login)
            self.pw[login] = h.cli_password(login)
        h.ok("report", "--title", "rita's earlier report", "--description", "See SEC-1.",
             as_="rita", what="rita reports SEC-1 (CLI)")
        h.now = T1
        h.start_server(T1)

    # ---------------------------------------------------------------- sections

    def anonymous_pages(self):
        h = self.h
        c = h.client()
        body = self.get_page(c, "/", "anonymous GET /")
        for link in ('href="/report"', 'href="/vulnerabilities"', 'href="/login"',
                     'href="/alert-list/request"'):
            h.check(link in body, "the home page links %s" % link)
        h.check('href="/dashboard"' not in body and 'href="/my"' not in body,
                "an anonymous visitor's navigation has no dashboard or my reports")
        h.check("vigil_csrf" in c.cookies and len(c.cookies["vigil_csrf"]) == 64,
                "a signed-out visitor gets the double-submit CSRF cookie", c.last)
        set_cookie = " ".join(c.last.header_all("Set-Cookie")).lower()
        h.check("httponly" in set_cookie and "samesite=strict" in set_cookie,
                "the CSRF cookie is HttpOnly and SameSite=Strict", c.last)
        body = self.get_page(c, "/login", "anonymous GET /login")
        h.check('<label for="login">' in body and '<label for="password">' in body,
                "the login form labels its fields")
        h.check(csrf_of(c.last) == c.cookies.get("vigil_csrf"),
                "the login form's csrf field is the cookie's token")
        body = self.get_page(c, "/report", "anonymous GET /report")
        h.check('enctype="multipart/form-data"' in body and 'type="file"' in body and
                'name="email"' in body, "the report form takes a file and a contact address")
        for path in ("/my", "/account", "/login/totp"):
            r = c.get(path)
            self.redirect(r, "/login", "anonymous GET %s" % path)
        self.get_page(c, "/no/such/page", "GET of an unknown page", 404)
        self.get_page(c, "/static/nothing.css", "GET of an unknown static file", 404)
        r = c.request("PUT", "/login", body=b"")
        self.html(r, "PUT /login", 405)
        r = c.get("/static/vigil.css")
        h.status(r, 200, "GET /static/vigil.css")
        h.check(r.header("Content-Type") == "text/css; charset=utf-8",
                "the stylesheet is text/css", r)
        h.check("max-age=31536000" in (r.header("Cache-Control") or ""),
                "the stylesheet is cached for long", r)
        h.check(b"@media" in r.body and b".badge" in r.body and b":focus" in r.body,
                "the stylesheet is responsive, has badges and focus outlines", r)
        r = c.get("/vulnerabilities")
        h.status(r, 200, "the existing vulnerabilities page still answers")
        h.check(r.ctype == "text/html" and "frame-ancestors 'none'" in
                (r.header("Content-Security-Policy") or "") and
                r.header("X-Content-Type-Options") == "nosniff",
                "the vulnerabilities page keeps its CSP and nosniff", r)
        r = c.get("/api/v1/nothing")
        h.check(r.status == 404 and r.ctype == "application/problem+json",
                "an unknown API path still answers with a JSON problem", r)

    def csrf_refusals(self):
        h = self.h
        c = h.client()
        c.get("/login")
        token = c.cookies.get("vigil_csrf")

        def refused():
            for what, tok in (("no csrf field", ""), ("a wrong token", "0" * 64)):
                r = self.form(c, "/login", [("login", "rita"),
                                            ("password", self.pw["rita"])], token=tok)
                self.html(r, "login form with %s" % what, 403)
                h.check("vigil_session" not in c.cookies, "no session after %s" % what, r)
            bare = h.client()
            r = self.form(bare, "/login", [("login", "rita"), ("password", self.pw["rita"])],
                          token=token)
            self.html(r, "login form with the token but without the cookie", 403)
            body, ctype = multipart([("title", "forged"), ("description", "forged"),
                                     ("email", "forger@example.org"), ("csrf", "1" * 64)])
            r = c.request("POST", "/report", body=body, content_type=ctype, csrf=False)
            self.html(r, "report form with a wrong token", 403)
        h.unchanged("signed-out forms with a missing or wrong CSRF token", refused)
        h.check(not h.sql("SELECT 1 FROM person WHERE email = 'forger@example.org'"),
                "the forged report created no account")

        s = h.client("rita")
        self.web_login(s, "rita", self.pw["rita"], "/?done=login")

        def refused_signed_in():
            r = self.form(s, "/logout", [], token=token)
            self.html(r, "logout with the signed-out token instead of the session's", 403)
            r = self.form(s, "/report", [("title", "x"), ("description", "y")], token="")
            self.html(r, "signed-in report without a csrf field", 403)
            r = s.request("POST", "/report", body=urlencoded([("title", "x"),
                          ("description", "y"), ("csrf", csrf_of(s.get("/report")))]),
                          content_type="text/plain", csrf=False)
            self.html(r, "a form in an encoding forms do not use", 415)
        h.unchanged("signed-in forms with a wrong CSRF token", refused_signed_in)
        r = s.get("/my")
        self.html(r, "rita's session still works after the refused logout")

    def login_flow(self):
        h = self.h
        c = h.client("rita")
        r = self.form(c, "/login", [("login", EVIL), ("password", EVIL)])
        body = self.html(r, "a wrong login", 401)
        h.check("Wrong login or password." in body, "a wrong login says so", r)
        h.check(EVIL not in body and "alert(1)" not in body,
                "the wrong login is not echoed", r)
        self.web_login(c, "rita", self.pw["rita"], "/?done=login")
        r = c.get("/?done=login")
        self.redirect(r, "/my?done=login", "a reporter's home")
        body = self.get_page(c, "/my?done=login", "rita's /my")
        h.check("You are signed in." in body, "the flash message after signing in", c.last)
        h.check("rita&#39;s earlier report" in body and "badge state-new" in body,
                "rita's report is listed with its state badge", c.last)
        h.check('href="/issues/SEC-1"' in body, "the report links its issue page")
        h.check('href="/dashboard"' not in body, "a reporter's navigation has no dashboard")
        r = c.get("/?done=%3Cscript%3E")
        self.redirect(r, "/my", "a flash code that is not a word is dropped")
        body = self.get_page(c, "/my?done=%3Cscript%3Ealert(1)", "a /my with a strange done")
        h.check("alert(1)" not in body, "the done parameter is never echoed", c.last)
        self.form(c, "/logout", [], token=csrf_of(c.get("/my")))
        self.redirect(c.last, "/?done=logout", "rita signs out")
        h.check("vigil_session" not in c.cookies, "signing out clears the cookie", c.last)
        body = self.get_page(c, "/?done=logout", "home after signing out")
        h.check("You are signed out." in body, "the flash after signing out", c.last)
        r = c.get("/my")
        self.redirect(r, "/login", "after signing out /my asks to sign in")

    def totp_flow(self):
        h = self.h
        a = h.client("alice")
        self.web_login(a, "alice", self.pw["alice"], "/account?done=login")
        body = self.get_page(a, "/account?done=login", "alice's account page")
        h.check("Your work needs a second factor" in body,
                "psirt without a second factor is told to set one up", a.last)
        h.check('href="/dashboard"' not in body,
                "before the second factor psirt's navigation has no dashboard", a.last)
        r = self.form(a, "/account/totp", [], token=csrf_of(a.last))
        body = self.html(r, "alice starts the TOTP enrolment")
        m = re.search(r'<code class="secret">([A-Z2-7]+)</code>', body)
        h.check(m is not None and "otpauth://totp/" in body,
                "the secret and the otpauth URI are shown as text", r)
        if not m:
            return
        self.totp = Totp(m.group(1))
        r = self.form(a, "/account/totp/confirm", [("code", "000000")], token=csrf_of(r))
        self.html(r, "a wrong enrolment code", 400)
        r = self.form(a, "/account/totp/confirm", [("code", self.totp.next(T1))],
                      token=csrf_of(r))
        body = self.html(r, "alice confirms the enrolment")
        self.recovery = re.findall(r"<li><code>([0-9a-f]+)</code></li>", body)
        h.check(len(self.recovery) == 10, "ten recovery codes are shown once", r)
        body = self.get_page(a, "/account", "alice's account after enrolling")
        h.check('href="/dashboard"' in body and 'href="/cves"' in body,
                "with the second factor psirt's navigation has the dashboard and CVEs", a.last)
        h.check("Set up an authenticator app" not in body, "no second enrolment offered")

        # a new session: the password, then the code
        b = h.client("alice")
        self.web_login(b, "alice", self.pw["alice"], "/login/totp")
        r = self.form(b, "/account/password", [("old_password", self.pw["alice"]),
                                               ("new_password", "taken over by a thief"),
                                               ("new_password2", "taken over by a thief")],
                      token=csrf_of(b.get("/account")))
        body = self.html(r, "the password alone cannot change an enrolled person's password",
                         403)
        h.check("give your second factor first" in body, "it says to give the code first", r)
        body = self.get_page(b, "/login/totp", "the second step's form")
        h.check('autocomplete="one-time-code"' in body, "the code field is labelled for OTP")
        r = b.get("/")
        self.redirect(r, "/login/totp", "home sends a session owing its code to the code form")

        def wrong_code():
            r = self.form(b, "/login/totp", [("code", "123456")])
            body = self.html(r, "a wrong second-factor code", 401)
            h.check("Wrong code." in body, "a wrong code says so", r)
        seq = h.audit_max()
        wrong_code()
        h.check(any(e[2] == "login.failure" for e in h.audit_since(seq)),
                "a wrong code is recorded as a login failure")
        r = self.form(b, "/login/totp", [("code", self.totp.next(T1))])
        self.redirect(r, "/?done=factor", "the right code upgrades the session")
        r = b.get("/?done=factor")
        self.redirect(r, "/dashboard?done=factor", "psirt's home is the dashboard")
        r = b.get("/login/totp")
        self.redirect(r, "/", "an upgraded session is not asked again")
        r = b.get("/api/v1/me")
        h.check(r.status == 200 and r.jobj().get("mfa") is True,
                "the API sees the web session's second factor", r)

        # a recovery code works once
        c = h.client("alice")
        self.web_login(c, "alice", self.pw["alice"], "/login/totp")
        r = self.form(c, "/login/totp", [("code", self.recovery[0])])
        self.redirect(r, "/?done=factor", "a recovery code is a second factor")
        d = h.client("alice")
        self.web_login(d, "alice", self.pw["alice"], "/login/totp")
        r = self.form(d, "/login/totp", [("code", self.recovery[0])])
        self.html(r, "a used recovery code", 401)

    def report_form(self):
        h = self.h
        c = h.client("newcomer")
        n_issues = h.sql("SELECT count(*) FROM issue")[0][0]
        title = "dns: overflow " + EVIL
        desc = "Steps:\n\n1. " + EVIL + "\n2. " + JS_LINK + "\n"
        r = self.form(c, "/report", [("title", title), ("description", desc),
                                     ("version", "v1.2.0"), ("email", "Nora.N@example.org"),
                                     ("name", "Nora " + EVIL), ("credit", "Nora N")],
                      files=[("attachment", "poc.sh", POC)])
        body = self.html(r, "a signed-out visitor files a report with a file (multipart)")
        m = re.search(r"Your report is <strong>(SEC-\d+)</strong>", body)
        login = re.search(r"<dt>Login</dt><dd><code>([a-z0-9._-]+)</code>", body)
        pw = re.search(r'<dt>Password</dt><dd><code class="secret">([A-Za-z0-9_-]+)</code>',
                       body)
        h.check(m and login and pw, "the confirmation shows the key, the login and the "
                "password once", r)
        if not (m and login and pw):
            return
        key, self.nora, self.pw["nora"] = m.group(1), login.group(1), pw.group(1)
        self.nora_key = key
        h.eq(self.nora, "nora.n", "the login comes from the address")
        h.eq(h.sql("SELECT count(*) FROM issue")[0][0], n_issues + 1, "one issue more")
        row = h.sql("SELECT i.state, i.title, i.affected_version, p.login, p.email, p.roles "
                    "FROM issue i JOIN person p ON p.id = i.reporter_id "
                    "WHERE i.id = ?", (int(key.split("-")[1]),))
        h.check(row and row[0][0] == 0 and row[0][1] == title and row[0][2] == "v1.2.0" and
                row[0][3] == "nora.n" and row[0][4] == "Nora.N@example.org" and row[0][5] == 0,
                "the issue is in new, filed by the new reporter account (no role)", None)
        att = h.sql("SELECT name, size FROM attachment WHERE issue_id = ?",
                    (int(key.split("-")[1]),)) if h.sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'attachment' AND "
            "sql LIKE '%size%'") else h.sql(
            "SELECT name, length(data) FROM attachment WHERE issue_id = ?",
            (int(key.split("-")[1]),))
        h.check(att == [("poc.sh", len(POC))], "the proof of concept is attached, byte for "
                "byte the size sent (%r)" % (att,))
        acts = [e[2] for e in h.audit_since(0) if e[1] == "nora.n"]
        h.check("person.add" in acts and "issue.report" in acts and "issue.attach" in acts,
                "the account, the report and the file are audit events by the reporter "
                "(%r)" % acts)
        h.check("vigil_session" in c.cookies, "the new reporter is signed in", r)
        h.check(EVIL not in body and "overflow " + EVIL_ESCAPED in body,
                "the hostile title is escaped on the confirmation page", r)
        body = self.get_page(c, "/my", "the new reporter's /my")
        h.check(key in body and "badge state-new" in body,
                "the new report is in the reporter's list with state new", c.last)
        h.check("<script>alert(1)</script>" not in body and
                "dns: overflow &quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in body,
                "the hostile title is escaped in /my", c.last)
        # the shown password works through the login form
        d = h.client("nora")
        self.web_login(d, "nora.n", self.pw["nora"], "/?done=login")
        # another reporter does not see it
        o = h.client("oscar")
        self.web_login(o, "oscar", self.pw["oscar"], "/?done=login")
        body = self.get_page(o, "/my", "oscar's /my")
        h.check(key not in body and "dns: overflow" not in body,
                "another reporter's /my does not list it", o.last)
        h.check("You have not reported anything yet." in body, "oscar has no reports")

        # an address with an account must sign in first
        e = h.client()
        def taken():
            r = self.form(e, "/report", [("title", "again"), ("description", "again"),
                                         ("email", "RITA@example.org")], files=[])
            body = self.html(r, "a report for an address that has an account", 409)
            h.check("sign in first" in body and 'value="again"' in body,
                    "it says to sign in first and keeps what was typed", r)
            r = self.form(e, "/report", [("title", ""), ("description", EVIL),
                                         ("email", "x@example.org")], files=[])
            body = self.html(r, "a report without a title", 400)
            h.check("<strong>title</strong>" in body, "the error names the field", r)
            h.check(EVIL_ESCAPED in body and EVIL not in body,
                    "the description comes back escaped in the textarea", r)
            r = self.form(e, "/report", [("title", "x"), ("description", "y"),
                                         ("email", "not-an-address")], files=[])
            self.html(r, "a report with a bad address", 400)
        h.unchanged("refused reports", taken)

        # a signed-in reporter files under their account (urlencoded form)
        s = h.client("rita")
        self.web_login(s, "rita", self.pw["rita"], "/?done=login")
        r = self.form(s, "/report", [("title", "rita again"), ("description", "More."),
                                     ("anonymous", "1")])
        h.check(r.status == 303 and re.fullmatch(r"/issues/SEC-\d+\?done=reported",
                                                 r.header("Location") or ""),
                "a signed-in report redirects to its issue page", r)
        row = h.sql("SELECT p.login, i.anonymous, i.source FROM issue i JOIN person p "
                    "ON p.id = i.reporter_id WHERE i.title = 'rita again'")
        h.check(row and row[0][0] == "rita" and row[0][1] == 1,
                "it is filed under rita, anonymous credit", None)
        h.check(h.sql("SELECT count(*) FROM person WHERE email LIKE 'rita%'")[0][0] == 1,
                "no second account for a signed-in reporter")

    def account_password(self):
        h = self.h
        c = h.client("oscar")
        self.web_login(c, "oscar", self.pw["oscar"], "/?done=login")
        tok = csrf_of(c.get("/account"))
        r = self.form(c, "/account/password", [("old_password", "wrong-password-1"),
                                               ("new_password", "a new long password"),
                                               ("new_password2", "a new long password")],
                      token=tok)
        body = self.html(r, "a password change with a wrong old password", 403)
        h.check("old_password" in body, "the error names the old password", r)
        r = self.form(c, "/account/password", [("old_password", self.pw["oscar"]),
                                               ("new_password", "a new long password"),
                                               ("new_password2", "another one entirely")],
                      token=tok)
        self.html(r, "a password change whose two new passwords differ", 400)
        r = self.form(c, "/account/password", [("old_password", self.pw["oscar"]),
                                               ("new_password", "a new long password"),
                                               ("new_password2", "a new long password")],
                      token=tok)
        self.redirect(r, "/login?done=password", "oscar changes his password")
        r = c.get("/my")
        self.redirect(r, "/login", "the change ended the session")
        d = h.client("oscar")
        self.web_login(d, "oscar", "a new long password", "/?done=login")


def main():
    h = HttpHarness(sys.argv, "web-public")
    w = Web(h)
    h.section_run("setup", w.setup)
    if h.server:
        h.section_run("anonymous pages", w.anonymous_pages)
        h.section_run("csrf", w.csrf_refusals)
        h.section_run("login", w.login_flow)
        h.section_run("totp", w.totp_flow)
        h.section_run("report form", w.report_form)
        h.section_run("account password", w.account_password)
        h.stop_server()
    h.finish()


main()
