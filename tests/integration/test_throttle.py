#!/usr/bin/env python3
"""test_throttle.py — the sign-in throttle and the client address behind a
trusted reverse proxy (docs/serve.md "Failed sign-ins", "Behind a reverse
proxy"), on the real `vigil serve`.

The server runs with --trusted-proxy 127.0.0.1 (and a comma list of two
more), so a test client on loopback stands in for a proxy and names the
client in X-Forwarded-For: that is how one test process acts from many
addresses. Checked: five failures of one login from one address block
that pair only, and the owner signing in from an address of theirs (or any
other) still gets in; thirty failures from one address block the address;
twenty failures of one login from many addresses block it only for
addresses that never completed a sign-in to it; the web form and the
second-factor step follow the same rule; a refused attempt writes nothing;
an IPv6 client counts as its /64 (a stranger walking through the /64
is one address, the owner's next privacy address is known); a database
error after the right password is an error, not a failure; twelve
parallel wrong passwords of one pair get exactly five 401s (the check and
the count are one step), each audited; X-Forwarded-For
counts only from a trusted peer and only its right-most address that is
not a trusted proxy, written in canonical form, with garbage falling back
to the peer; --trusted-proxy refuses what is not a
numeric address (exit 2); a database of schema 4 (made from the first four
migrations) gains the table of known addresses.

People (CLI): adam (admin), olga, pete, quinn, wes, ivy, xena, ruth (reporters),
sam (psirt, enrols TOTP).

Usage: test_throttle.py PATH-TO-VIGIL
"""

import glob
import ipaddress
import json
import os
import socket
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import (API, CheckAbort, HttpHarness, Server, Totp,  # noqa: E402
                         csrf_of, urlencoded)

T0 = "2026-01-01T09:00:00Z"
T1 = "2026-01-05T10:00:00Z"
FAIL = (401, 403)
EXTRA_PROXY = "192.0.2.254"
SCHEMA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src",
                          "store", "schema")
PROXY_ARGS = ["--trusted-proxy", "127.0.0.1", "--trusted-proxy", " ::1, " + EXTRA_PROXY]


class Throttle:
    def __init__(self, h):
        self.h = h
        self.pw = {}
        self.sam_codes = []

    # ---------------------------------------------------------------- helpers

    def login(self, login, password, addr, otp=None, c=None):
        """POST /api/v1/login through the "proxy" for client addr (None: no
        X-Forwarded-For)."""
        c = c or self.h.client("%s from %s" % (login, addr))
        body = {"login": login, "password": password}
        if otp is not None:
            body["otp"] = otp
        hdr = {"X-Forwarded-For": addr} if addr is not None else None
        return c.request("POST", API + "/login", json_body=body, headers=hdr, auth=False)

    def ok(self, login, addr, what):
        r = self.login(login, self.pw[login], addr)
        self.h.ok_json(r, 200, what, dict)
        return r

    def fail(self, login, addr, what, password="not the password at all"):
        r = self.login(login, password, addr)
        self.h.problem(r, FAIL, what)
        return r

    def limited(self, login, addr, what, password=None):
        """A throttled attempt: 429, the generic text, no session, and
        nothing written (no row, no audit event)."""
        got = {}

        def attempt():
            got["r"] = self.login(login, password or self.pw[login], addr)
            self.h.problem(got["r"], 429, what, field="login",
                           detail="too many failed attempts")
        self.h.unchanged(what, attempt)
        self.h.not_in(got["r"], ["csrf"], "%s: no session" % what)
        return got["r"]

    def failures(self, login, addr=None):
        if addr is None:
            return self.h.sql("SELECT count(*) FROM login_failure WHERE login = ?",
                              (login,))[0][0]
        return self.h.sql("SELECT count(*) FROM login_failure WHERE login = ? AND addr = ?",
                          (login, addr))[0][0]

    def known(self, login, addr):
        return bool(self.h.sql("SELECT 1 FROM login_known WHERE login = ? AND addr = ?",
                               (login, addr)))

    def web_post(self, c, path, fields, addr, page=None):
        """POST a form through the "proxy" for addr, the csrf field taken
        from page (GET, default path)."""
        token = csrf_of(c.get(page or path))
        body = urlencoded(list(fields) + [("csrf", token)])
        return c.request("POST", path, body=body,
                         content_type="application/x-www-form-urlencoded", csrf=False,
                         headers={"X-Forwarded-For": addr})

    def web_login(self, c, login, password, addr):
        return self.web_post(c, "/login", [("login", login), ("password", password)], addr)

    # ---------------------------------------------------------------- setup

    def setup(self):
        h = self.h
        h.now = T0
        h.ok("init", "--admin", "adam", "--email", "adam@example.org",
             what="vigil init creates the database")
        for login, roles in (("olga", []), ("pete", []), ("quinn", []), ("wes", []),
                             ("ivy", []), ("xena", []), ("ruth", []),
                             ("sam", ["psirt"])):
            args = ["user", "add", login, "--email", "%s@example.org" % login]
            for ro in roles:
                args += ["--role", ro]
            h.ok(*args, as_="adam", what="admin adds %s" % login)
        h.now = T1
        for login in ("olga", "pete", "quinn", "wes", "ivy", "xena", "ruth", "sam"):
            self.pw[login] = h.cli_password(login)
        h.start_server(T1, args=PROXY_ARGS,
                       what="vigil serve starts with --trusted-proxy 127.0.0.1 and a list")

    # ---------------------------------------------------------------- sections

    def stranger(self):
        """A stranger's five failures lock only the stranger out."""
        h = self.h
        home, thief = "198.51.100.7", "203.0.113.66"
        self.ok("olga", home, "olga signs in from her usual address")
        h.check(self.known("olga", home), "her address is remembered (login_known)")
        n0 = h.audit_max()
        for i in range(5):
            self.fail("olga", thief, "a stranger's wrong password #%d for olga" % (i + 1))
        h.eq(self.failures("olga", thief), 5,
             "the five failures are recorded with the stranger's address from "
             "X-Forwarded-For")
        ev = [e for e in h.audit_since(n0) if e[2] == "login.failure" and e[3] == "olga"]
        h.check(len(ev) == 5 and all(thief in (e[4] or "") for e in ev),
                "the five failures are audited with the stranger's address")
        r_right = self.limited("olga", thief, "the stranger's 6th try, right password")
        r_wrong = self.limited("olga", thief, "the stranger's 7th try, wrong password",
                               password="wrong again and again")
        h.same_answer(r_right, r_wrong, "a throttled try does not tell whether the "
                      "password was right")
        self.ok("olga", home, "olga still signs in from her usual address")
        self.ok("olga", "192.0.2.1", "olga also signs in from an address new to her")
        h.check(not self.known("olga", thief), "the stranger's address is not known")

    def pair(self):
        """Five failures of one pair block that pair, even from an address
        the login knows; other addresses and other logins go on."""
        h = self.h
        home = "198.51.100.8"
        self.ok("pete", home, "pete signs in from his usual address")
        for i in range(5):
            self.fail("pete", home, "pete's own typo #%d" % (i + 1))
        self.limited("pete", home, "pete's 6th try from that address (a known one)")
        self.ok("pete", "192.0.2.2", "pete signs in from another address")
        self.ok("olga", home, "another login from pete's blocked address signs in")

    def per_login(self):
        """Twenty failures of a login from twenty addresses: unknown
        addresses are refused, the owner's known address is not."""
        h = self.h
        home = "198.51.100.9"
        self.ok("quinn", home, "quinn signs in from her usual address")
        for i in range(20):
            self.fail("quinn", "10.0.0.%d" % (i + 1),
                      "a wrong password for quinn from address #%d (one try each)" % (i + 1))
        h.eq(self.failures("quinn"), 20, "twenty failures of quinn are recorded")
        self.limited("quinn", "10.0.0.21", "quinn's right password from a 21st address")
        self.limited("quinn", "10.0.0.1", "and from one of the twenty")
        self.limited("quinn", "192.0.2.3", "and from an address that never tried")
        self.ok("quinn", home, "quinn signs in from her known address")
        self.fail("quinn", home, "a wrong password from her known address is a failure, "
                  "not throttled")

    def per_address(self):
        """Thirty failures from one address block it, whatever the login."""
        h = self.h
        src = "192.0.2.50"
        for i in range(30):
            self.fail("ghost%d" % i, src, "failure #%d from %s (a new login each)" % (i + 1,
                                                                                     src))
        h.eq(self.h.sql("SELECT count(*) FROM login_failure WHERE addr = ?", (src,))[0][0],
             30, "the thirty failures are recorded with that address")
        self.limited("olga", src, "olga's right password from that address")
        self.ok("olga", "198.51.100.7", "olga from her own address meanwhile")

    def untrusted(self):
        """X-Forwarded-For from a peer that is not a trusted proxy is
        ignored: the peer is the client."""
        h = self.h
        # the same request to the trusted server and to one without --trusted-proxy
        self.fail("uma", "203.0.113.77", "uma's wrong password through the trusted server")
        other = Server(h.vigil, h.db, h.tmp, T1, args=[])
        started = other.start()
        h.servers.append(other)
        h.check(started, "a second vigil serve starts without --trusted-proxy", other)
        if not started:
            return
        try:
            c = h.client("to the server without --trusted-proxy")
            c.port = other.port
            for i in range(5):
                r = self.login("vera", "not the password at all", "203.0.113.%d" % (100 + i),
                               c=c.copy())
                h.problem(r, FAIL, "vera's wrong password #%d, each with another "
                          "X-Forwarded-For" % (i + 1))
            h.eq((self.failures("uma", "203.0.113.77"), self.failures("vera", "127.0.0.1"),
                  self.failures("vera") - self.failures("vera", "127.0.0.1")), (1, 5, 0),
                 "the trusted server counts the forwarded address, the other one the "
                 "peer (127.0.0.1) whatever the header says")
            r = self.login("vera", "not the password at all", "203.0.113.200", c=c.copy())
            h.problem(r, 429, "so vera's 6th try there is throttled, under yet another "
                      "X-Forwarded-For")
        finally:
            other.stop()
        # a peer that is not trusted, to the trusted server (needs 127.0.0.2)
        src = h.client("from 127.0.0.2", source="127.0.0.2")
        if src.get("/healthz").error is not None:
            h.check(False, "a client from 127.0.0.2 reaches the server")
            return
        r = self.login("wanda", "not the password at all", "198.51.100.9", c=src)
        h.problem(r, FAIL, "wanda's wrong password from 127.0.0.2 naming 198.51.100.9")
        h.eq((self.failures("wanda", "127.0.0.2"), self.failures("wanda")), (1, 1),
             "a peer that is not a trusted proxy is the client (127.0.0.2)")

    def chains(self):
        """Which address of X-Forwarded-For counts."""
        h = self.h
        peer = "127.0.0.1"
        cases = [
            ("203.0.113.5", "203.0.113.5", "one address"),
            ("  203.0.113.6 \t", "203.0.113.6", "spaces and a tab around it"),
            ("1.1.1.1, 203.0.113.7", "203.0.113.7", "the right-most address"),
            ("1.1.1.1,203.0.113.8,127.0.0.1", "203.0.113.8",
             "a trusted proxy on the right is skipped"),
            ("203.0.113.9, 127.0.0.1, ::1, " + EXTRA_PROXY, "203.0.113.9",
             "three trusted proxies (one given in a comma list) are skipped"),
            ("198.51.100.1, 127.0.0.1, 203.0.113.10", "203.0.113.10",
             "a trusted address in the middle does not make the left one count"),
            ("garbage, 203.0.113.11", "203.0.113.11",
             "garbage left of the client is never looked at"),
            ("2001:db8::1", "2001:db8::1", "IPv6"),
            ("2001:DB8:0:0::2", "2001:db8::2", "IPv6 in another spelling, canonical"),
            ("::ffff:203.0.113.12", "203.0.113.12", "IPv4-mapped IPv6 as IPv4"),
            ("127.0.0.1", peer, "only trusted proxies: the left-most of them"),
            ("garbage", peer, "garbage: the peer"),
            ("203.0.113.13, garbage", peer, "garbage on the right: the peer"),
            ("203.0.113.14:8080", peer, "an address with a port: the peer"),
            ("[2001:db8::3]", peer, "IPv6 in brackets: the peer"),
            ("fe80::1%eth0", peer, "an IPv6 zone: the peer"),
            ("999.1.1.1", peer, "an IPv4 octet over 255: the peer"),
            ("203.0.113.15,", peer, "an empty element on the right: the peer"),
            ("", peer, "an empty header: the peer"),
            (None, peer, "no header: the peer"),
        ]
        for i, (hdr, want, what) in enumerate(cases):
            login = "chain%d" % i
            n0 = h.audit_max()
            self.fail(login, hdr, "a failure with X-Forwarded-For: %r" % (hdr,))
            ev = [json.loads(e[4] or "{}").get("addr") for e in h.audit_since(n0)
                  if e[2] == "login.failure" and e[3] == login]
            h.eq(ev, [want], "%r is audited as %s (%s)" % (hdr, want, what))
            rows = h.sql("SELECT addr FROM login_failure WHERE login = ?", (login,))
            h.eq([a for (a,) in rows], [key_of(want)],
                 "%r counts as %s (%s)" % (hdr, key_of(want), what))
        # two headers are one list, in the order they came
        body = b'{"login": "chain-two", "password": "not the password at all"}'
        req = (b"POST " + API.encode() + b"/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Content-Type: application/json\r\nContent-Length: " +
               str(len(body)).encode() + b"\r\nX-Forwarded-For: 203.0.113.16\r\n"
               b"X-Forwarded-For: 203.0.113.17, 127.0.0.1\r\nConnection: close\r\n\r\n" +
               body)
        got = send_raw(h.server.port, req)
        h.check(got.startswith(b"HTTP/1.1 401") or got.startswith(b"HTTP/1.1 403"),
                "a login with two X-Forwarded-For headers is refused as a failure")
        rows = h.sql("SELECT addr FROM login_failure WHERE login = 'chain-two'")
        h.eq([a for (a,) in rows], ["203.0.113.17"],
             "two X-Forwarded-For headers: the right-most address of the last one")
        # a client's twenty forged headers before the one its proxy added
        body = b'{"login": "chain-many", "password": "not the password at all"}'
        forged = b"".join(b"X-Forwarded-For: 198.51.100.%d, 127.0.0.1\r\n" % (i + 1)
                          for i in range(20))
        req = (b"POST " + API.encode() + b"/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Content-Type: application/json\r\nContent-Length: " +
               str(len(body)).encode() + b"\r\n" + forged +
               b"X-Forwarded-For: 203.0.113.18\r\nConnection: close\r\n\r\n" + body)
        got = send_raw(h.server.port, req)
        h.check(got.startswith(b"HTTP/1.1 401") or got.startswith(b"HTTP/1.1 403"),
                "a login with 21 X-Forwarded-For headers is refused as a failure")
        rows = h.sql("SELECT addr FROM login_failure WHERE login = 'chain-many'")
        h.eq([a for (a,) in rows], ["203.0.113.18"],
             "21 X-Forwarded-For headers: the proxy's last one counts, not a forged one")

    def web(self):
        """The /login form follows the same rule."""
        h = self.h
        home, thief = "198.51.100.20", "203.0.113.20"
        r = self.web_login(h.client("wes"), "wes", self.pw["wes"], home)
        h.check(r.status == 303, "wes signs in with the web form from his address", r)
        h.check(self.known("wes", home), "the web sign-in remembers his address")
        for i in range(5):
            r = self.web_login(h.client("stranger"), "wes", "not the password at all", thief)
            h.check(r.status == 401 and b"Wrong login or password." in r.body,
                    "a stranger's wrong password #%d in the form -> 401" % (i + 1), r)
        h.eq(self.failures("wes", thief), 5, "recorded with the stranger's address")
        got = {}

        def attempt():
            got["r"] = self.web_login(h.client("stranger"), "wes", self.pw["wes"], thief)
        h.unchanged("the stranger's 6th try in the form", attempt)
        r = got["r"]
        h.check(r.status == 429 and b"Too many failed attempts: wait 15 minutes." in r.body
                and "vigil_session" not in " ".join(r.header_all("Set-Cookie")),
                "the stranger's 6th try in the form (right password) -> 429, no session", r)
        r = self.web_login(h.client("wes"), "wes", self.pw["wes"], home)
        h.check(r.status == 303, "wes still signs in with the form from his address", r)

    def second_factor(self):
        """The code step: a stranger who has the password is throttled
        there, the owner is not; only a whole sign-in makes an address known."""
        h = self.h
        home, thief, new = "198.51.100.30", "203.0.113.30", "192.0.2.77"
        c = h.client("sam")
        r = self.login("sam", self.pw["sam"], home, c=c)
        j = h.ok_json(r, 200, "sam signs in from his address (not enrolled yet)", dict)
        c.csrf = j.get("csrf")
        j = h.ok_json(c.post(API + "/me/totp"), 200, "sam starts enrolment", dict)
        t = Totp(j.get("secret") or "")
        r = c.post(API + "/me/totp/confirm", {"code": t.next(T1)})
        codes = h.ok_json(r, 200, "sam confirms TOTP", dict).get("recovery_codes") or []
        self.sam_codes = codes
        h.check(len(codes) == 10, "ten recovery codes", r)

        s = h.client("stranger with sam's password")
        r = self.web_login(s, "sam", self.pw["sam"], thief)
        h.check(r.status == 303 and r.header("Location") == "/login/totp",
                "the stranger's password step -> the code form", r)
        h.check(not self.known("sam", thief), "a password alone does not make an address "
                "known when the person has a second factor")
        for i in range(5):
            r = self.web_post(s, "/login/totp", [("code", "%06d" % (111111 * (i + 1) % 10**6))],
                              thief)
            h.check(r.status == 401 and b"Wrong code." in r.body,
                    "the stranger's wrong code #%d -> 401" % (i + 1), r)
        h.eq(self.failures("sam", thief), 5, "the wrong codes are recorded with his address")
        got = {}

        def attempt():
            got["r"] = self.web_post(s, "/login/totp", [("code", t.code(T1, 1))], thief)
        h.unchanged("the stranger's 6th code", attempt)
        h.check(got["r"].status == 429 and
                b"Too many failed attempts: wait 15 minutes." in got["r"].body,
                "the stranger's 6th code (a right one) -> 429", got["r"])
        r = s.get(API + "/me")
        h.check(r.status == 200 and r.jobj().get("mfa") is False,
                "the stranger's session stays without the second factor", r)

        o = h.client("sam")
        r = self.web_login(o, "sam", self.pw["sam"], home)
        h.check(r.status == 303 and r.header("Location") == "/login/totp",
                "sam's own password step from his address -> the code form", r)
        r = self.web_post(o, "/login/totp", [("code", t.next(T1))], home)
        h.check(r.status == 303 and r.header("Location") == "/?done=factor",
                "sam's code from his address is accepted", r)
        o2 = h.client("sam elsewhere")
        r = self.web_login(o2, "sam", self.pw["sam"], new)
        h.check(r.status == 303 and not self.known("sam", new),
                "sam's password from a new address: not known before the code", r)
        r = self.web_post(o2, "/login/totp", [("code", codes[0])], new)
        h.check(r.status == 303 and r.header("Location") == "/?done=factor",
                "a recovery code completes the sign-in there", r)
        h.check(self.known("sam", new), "after the second factor the new address is known")
        # the API's one-step sign-in with a code remembers the address too
        r = self.login("sam", self.pw["sam"], "192.0.2.78", otp=t.next(T1))
        h.ok_json(r, 200, "sam signs in over the API with password and code", dict)
        h.check(self.known("sam", "192.0.2.78"), "that address is known")

    def ipv6(self):
        """An IPv6 client counts as its /64: the owner's next privacy
        address in the /64 she signed in from is known, and a stranger who
        walks through his /64 is one address."""
        h = self.h
        self.ok("ivy", "2001:db8:1:2::a", "ivy signs in from an IPv6 address")
        h.check(self.known("ivy", "2001:db8:1:2::/64"), "her /64 is remembered")
        for i in range(20):
            self.fail("ivy", "2001:db8:ff:%x::1" % (i + 1),
                      "a wrong password for ivy from /64 #%d" % (i + 1))
        self.limited("ivy", "2001:db8:ff:99::1", "ivy's right password from a new /64")
        self.ok("ivy", "2001:db8:1:2:8d3c:11ff:fe00:7", "ivy signs in from her next "
                "privacy address in her /64 (never seen before)")
        for i in range(5):
            self.fail("nobody-v6", "2001:db8:9:9::%x" % (i + 1),
                      "a stranger's wrong password #%d from a new address of one /64"
                      % (i + 1))
        h.eq(self.failures("nobody-v6", "2001:db8:9:9::/64"), 5,
             "his five failures count for his /64")
        self.limited("nobody-v6", "2001:db8:9:9::6", "his 6th try, from yet another "
                     "address of that /64", password="not the password either")

    def newcomer_ipv6(self):
        """The limits on signed-out writes count an IPv6 client as its /64
        too: ten anonymous alert-list requests from ten addresses of one
        /64 use up its allowance, and the next address of that /64 is
        refused while another /64 is not."""
        h = self.h
        c = h.client("anonymous alert-list requests over IPv6")

        def req(addr, i):
            return c.request("POST", API + "/alert-list/requests", json_body={
                "org": "V6 %d" % i, "addresses": ["v6-%d@example.org" % i], "reason": "r"},
                headers={"X-Forwarded-For": addr}, auth=False)
        for i in range(10):
            h.status(req("2001:db8:77:1::%x" % (i + 1), i), 201,
                     "anonymous request %d from a new address of one /64" % (i + 1))
        n = h.sql("SELECT count(*) FROM alert_member")[0][0]
        r = req("2001:db8:77:1:abcd::99", 10)
        h.status(r, 429, "the 11th request, from yet another address of that /64")
        h.eq(h.sql("SELECT count(*) FROM alert_member")[0][0], n,
             "the refused request added no member")
        h.status(req("2001:db8:77:2::1", 11), 201, "a request from the next /64 is taken")

    def parallel(self):
        """Twelve wrong passwords for one login from one address at once:
        the check and the count are one step, so no more than five are
        answered 401 (each one a failure row and a login.failure event with
        the address), the rest 429. An attempt answered 503 (more sign-ins
        at once than the server computes) is sent again at once, so that
        both places are always taken while the five fill up."""
        h = self.h
        src, n = "198.51.100.70", 12
        n0 = h.audit_max()
        clients = [h.client("ruth #%d" % i) for i in range(n)]
        answers, busy = [None] * n, [0] * n
        barrier = threading.Barrier(n)

        def go(i):
            try:
                barrier.wait(10)
            except threading.BrokenBarrierError:
                pass
            for _ in range(5000):
                r = self.login("ruth", "wrong guess %d" % i, src, c=clients[i])
                answers[i] = r
                if r.status != 503:
                    break
                busy[i] += 1
                time.sleep(0.002)   # (a 503 comes at once: do not flood the server)

        threads = [threading.Thread(target=go, args=(i,)) for i in range(n)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(300)
        st = [a.status if a is not None else None for a in answers]
        h.check(all(s in (401, 429) for s in st),
                "each of the %d parallel attempts is answered 401 or 429 in the end "
                "(%r; 503s before: %r)" % (n, st, busy))
        h.eq(st.count(401), 5, "exactly five of the %d parallel wrong passwords are "
             "answered 401, the others 429 (%r)" % (n, st))
        h.eq(self.failures("ruth", src), st.count(401),
             "one failure row for each 401, none for a 429")
        ev = [e for e in h.audit_since(n0) if e[2] == "login.failure" and e[3] == "ruth"]
        h.eq(len(ev), st.count(401), "one login.failure event for each 401")
        h.check(all(src in (e[4] or "") for e in ev),
                "the failures are audited with the address (%r)" % [e[4] for e in ev])
        self.limited("ruth", src, "ruth's right password from that address afterwards")
        self.ok("ruth", "192.0.2.70", "ruth signs in from another address")
        h.eq(self.failures("ruth"), 5, "her right password left no failure row")

    def db_error(self):
        """A database error after the right password is an error, not a
        failure: the owner is not counted (and so not locked out)."""
        h = self.h
        con = sqlite3.connect(h.db, timeout=10)
        try:
            con.execute("CREATE TRIGGER test_known_fails BEFORE INSERT ON login_known "
                        "BEGIN SELECT RAISE(ABORT, 'test: cannot remember'); END")
            con.commit()
        finally:
            con.close()
        try:
            for i in range(6):
                r = self.login("xena", self.pw["xena"], "198.51.100.60")
                h.problem(r, 500, "xena's right password while the database fails "
                          "#%d: a server error (not 'wrong password'), never throttled"
                          % (i + 1))
            h.eq(self.failures("xena"), 0, "no failure is recorded for xena")
            # the pending row cannot even be deleted: the try stays counted
            con = sqlite3.connect(h.db, timeout=10)
            try:
                con.execute("CREATE TRIGGER test_failure_stays BEFORE DELETE ON login_failure "
                            "BEGIN SELECT RAISE(ABORT, 'test: cannot forget'); END")
                con.commit()
            finally:
                con.close()
            n0 = h.audit_max()
            try:
                r = self.login("xena", self.pw["xena"], "198.51.100.62")
                h.problem(r, 500, "xena's right password when even the pending failure "
                          "cannot be deleted: a server error")
            finally:
                con = sqlite3.connect(h.db, timeout=10)
                try:
                    con.execute("DROP TRIGGER test_failure_stays")
                    con.commit()
                finally:
                    con.close()
            h.eq(self.failures("xena", "198.51.100.62"), 1, "that try stays counted as a "
                 "failure (docs/serve.md: the rule errs on the side of the limit)")
            h.check(not [e for e in h.audit_since(n0) if e[2] == "login.failure"],
                    "and no login.failure event is written for it")
            h.check(not self.known("xena", "198.51.100.60"), "her address is not "
                    "remembered by the sign-in that failed")
            # the code step: a right recovery code while the database fails
            c = h.client("sam while the database fails")
            r = self.web_login(c, "sam", self.pw["sam"], "198.51.100.61")
            h.check(r.status == 303 and r.header("Location") == "/login/totp",
                    "sam's password step (nothing to remember yet) -> the code form", r)
            code = (self.sam_codes or ["none"])[-1]
            for i in range(6):
                r = self.web_post(c, "/login/totp", [("code", code)], "198.51.100.61")
                h.check(r.status == 500 and b"Wrong code" not in r.body,
                        "sam's right recovery code while the database fails #%d: "
                        "the error page (not 'Wrong code'), never throttled" % (i + 1), r)
            h.eq(self.failures("sam", "198.51.100.61"), 0, "no failure is recorded for sam")
        finally:
            con = sqlite3.connect(h.db, timeout=10)
            try:
                con.execute("DROP TRIGGER test_known_fails")
                con.commit()
            finally:
                con.close()
        self.ok("xena", "198.51.100.60", "xena signs in there once the database works")
        h.check(self.known("xena", "198.51.100.60"), "and her address is remembered")
        r = self.web_post(c, "/login/totp", [("code", code)], "198.51.100.61")
        h.check(r.status == 303 and r.header("Location") == "/?done=factor",
                "sam's recovery code, unused by the failed steps, works now", r)
        h.check(self.known("sam", "198.51.100.61"), "and his address is remembered")

    def migration(self):
        """A database of schema 4 (before the table of known addresses),
        made from the first four migrations themselves, so that later
        migrations run on it as they would on a real one."""
        h = self.h
        old = os.path.join(h.tmp, "schema4.db")
        files = sorted(glob.glob(os.path.join(SCHEMA_DIR, "[0-9][0-9][0-9][0-9]-*.sql")))
        h.check(len(files) >= 5 and os.path.basename(files[4]).startswith("0005-"),
                "the migrations are found in src/store/schema", files)
        con = sqlite3.connect(old)
        try:
            for i, f in enumerate(files[:4]):
                with open(f, encoding="utf-8") as fh:
                    con.executescript(fh.read())
                con.execute("PRAGMA user_version = %d" % (i + 1))
            con.executescript("INSERT INTO person(login, email, roles, created_at) "
                              "VALUES ('adam', 'adam@example.org', 2, 1767603600); "
                              "INSERT INTO login_failure(login, addr, at) "
                              "VALUES ('adam', '192.0.2.9', 1767603600);")
            con.commit()
        finally:
            con.close()
        h.ok("user", "list", as_="adam", db=old, what="vigil opens the schema-4 database")
        con = sqlite3.connect(old)
        try:
            ver = con.execute("PRAGMA user_version").fetchone()[0]
            tables = [n for (n,) in con.execute(
                "SELECT name FROM sqlite_master WHERE name IN ('login_known', "
                "'login_known_last', 'login_failure_pair') ORDER BY name")]
            rows = con.execute("SELECT login, addr FROM login_failure").fetchall()
        finally:
            con.close()
        h.eq(ver, len(files), "it is migrated to the latest schema (%d)" % len(files))
        h.eq(tables, ["login_failure_pair", "login_known", "login_known_last"],
             "with the new table and indexes")
        h.eq(rows, [("adam", "192.0.2.9")], "the failures recorded before are kept")

    def usage(self):
        h = self.h
        for bad in ("localhost", "127.0.0.1,,10.0.0.1", "10.0.0.0/8", "[::1]", "",
                    "127.0.0.1:80"):
            r = h.usage("serve", "--listen", "127.0.0.1:1", "--trusted-proxy", bad,
                        what="vigil serve --trusted-proxy %r exits 2" % bad)
            h.check("--trusted-proxy" in r.err and "numeric" in r.err,
                    "the error names --trusted-proxy and says what it needs", r)
        r = h.run("serve", "--help")
        h.check(r.rc == 0 and "--trusted-proxy ADDR" in r.out and "X-Forwarded-For" in r.out,
                "vigil serve --help explains --trusted-proxy", r)


def key_of(addr):
    """The throttle's key of a client address: an IPv6 address as its /64."""
    try:
        a = ipaddress.ip_address(addr)
    except ValueError:
        return addr
    if a.version == 6:
        return str(ipaddress.ip_network(addr + "/64", strict=False))
    return addr


def send_raw(port, data):
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    try:
        s.sendall(data)
        got = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            got += b
        return got
    except OSError:
        return b""
    finally:
        s.close()


def main():
    h = HttpHarness(sys.argv, "throttle")
    t = Throttle(h)
    try:
        h.section_run("setup", t.setup)
        if h.server is None:
            raise CheckAbort("the server did not start")
        for name, fn in (("stranger", t.stranger), ("pair", t.pair),
                         ("per login", t.per_login), ("per address", t.per_address),
                         ("untrusted peer", t.untrusted), ("chains", t.chains),
                         ("web", t.web), ("second factor", t.second_factor),
                         ("ipv6", t.ipv6), ("newcomer ipv6", t.newcomer_ipv6),
                         ("parallel", t.parallel),
                         ("database error", t.db_error)):
            h.section_run(name, fn)
        h.stop_server()
        h.section_run("migration", t.migration)
        h.section_run("usage", t.usage)
    except CheckAbort:
        pass
    h.finish()


if __name__ == "__main__":
    main()
