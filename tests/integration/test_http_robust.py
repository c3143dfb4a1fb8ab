#!/usr/bin/env python3
"""test_http_robust.py — bad input to `vigil serve` (SPEC §12, docs/api.md
"Errors"): every malformed request gets a 4xx answer (a JSON problem where
the API answers) and changes nothing (the audit log length and psirt's view
of the issue stay the same); the server keeps serving under floods, huge
bodies and slow clients; a flood of throttled logins records nothing (no
audit event, no login_failure row); /healthz, /metrics (admins and psirt
only), /.well-known/security.txt and /api/v1/openapi.json answer as
documented.

Slow clients are opened first and left stalled while everything else runs;
at the end they must have been dropped (the server's idle timeout is
LIM_HTTP_TIMEOUT, 30 s).

Usage: test_http_robust.py PATH-TO-VIGIL
"""

import os
import re
import select
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import (API, CheckAbort, HttpHarness, _Note, raw, raw_status)  # noqa: E402

T1 = "2026-01-05T10:00:00Z"
KEY = "SEC-1"
TITLE = "net: DNS resolver overflow on a long CNAME chain"
IDLE_TIMEOUT = 30          # LIM_HTTP_TIMEOUT in src/core/limits.h
SECURITY_TXT = (b"Contact: mailto:security@example.org\n"
                b"Expires: 2027-12-31T23:59:59Z\n"
                b"Encryption: https://example.org/pgp-key.txt\n"
                b"Preferred-Languages: en\n"
                b"Policy: https://example.org/security-policy\n")
DOCS_API = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs",
                        "api.md")


def drain(s):
    """What is left in a socket's receive queue after the peer reset it."""
    got = b""
    s.setblocking(False)
    while True:
        try:
            b = s.recv(65536)
        except OSError:
            return got
        if not b:
            return got
        got += b


def push_until_answer(port, head, total, body_chunk, limit_s=20):
    """Send head, then body_chunk again and again (up to total bytes) while
    watching for an answer. Returns (answer bytes, bytes sent, closed
    after the answer, seconds)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    t0 = time.monotonic()
    got = b""
    sent = 0
    closed = False
    try:
        s.sendall(head)
        s.setblocking(False)
        while time.monotonic() - t0 < limit_s and sent < total:
            r, w, _ = select.select([s], [s] if sent < total else [], [], 1.0)
            if r:
                try:
                    b = s.recv(65536)
                except BlockingIOError:
                    b = None
                except OSError:
                    closed = True
                    break
                if b == b"":
                    closed = True
                    break
                if b:
                    got += b
                    if b"\r\n\r\n" in got:
                        break
            if w:
                try:
                    sent += s.send(body_chunk)
                except BlockingIOError:
                    pass
                except OSError:
                    # The server answered and closed while the body was still
                    # coming; its close with unread data resets the
                    # connection. The answer sent before the reset is still
                    # in our receive queue: read it, as curl does.
                    closed = True
                    got += drain(s)
                    break
        if not closed:
            # the answer is there (or not); the server must now close
            s.setblocking(True)
            s.settimeout(10)
            end = time.monotonic() + 10
            while time.monotonic() < end:
                try:
                    b = s.recv(65536)
                except socket.timeout:
                    break
                except OSError:
                    closed = True
                    break
                if not b:
                    closed = True
                    break
                got += b
    finally:
        s.close()
    return got, sent, closed, time.monotonic() - t0


class Robust:
    def __init__(self, h):
        self.h = h
        self.slow = []
        self.slow_started = None

    # ------------------------------------------------------------------ helpers

    def unchanged(self, what, fn):
        """fn makes refused requests: no row of the database changes and no
        audit event is written."""
        self.h.unchanged(what, fn)

    def alive(self, what):
        """The server still answers /healthz, promptly."""
        r = self.h.client().get("/healthz")
        self.h.check(r.status == 200 and r.seconds < 3.0,
                     "the server still answers /healthz promptly after %s" % what, r)

    def req(self, who, method, path, body=None, ctype=None, headers=None):
        c = self.alice if who == "alice" else self.rita if who == "rita" else self.anon
        return c.request(method, path, body=body, content_type=ctype, headers=headers)

    # ------------------------------------------------------------------ setup

    def setup(self):
        h = self.h
        h.now = T1
        h.ok("init", "--admin", "adam", "--email", "adam@example.org", what="init")
        h.ok("user", "add", "alice", "--email", "alice@example.org", "--role", "psirt",
             as_="adam", what="admin adds alice (psirt)")
        h.ok("user", "add", "rita", "--email", "rita@example.org", as_="adam",
             what="admin adds rita")
        h.ok("subsystem", "add", "net", "--path", "subsys/net/**", as_="alice",
             what="psirt adds net")
        h.ok("cve", "reserve", "CVE-2026-0001..CVE-2026-0003", as_="alice", what="CVE pool")
        h.ok("report", "--title", TITLE, "--description", "A long CNAME chain.",
             as_="rita", what="rita reports SEC-1")
        self.tok_alice = h.cli_token("alice", "robust-alice", "write", 30)
        self.tok_rita = h.cli_token("rita", "robust-rita", "write", 30)
        path = os.path.join(h.tmp, "security.txt")
        with open(path, "wb") as f:
            f.write(SECURITY_TXT)
        h.start_server(T1, ["--security-txt", path])
        self.alice = h.client("alice (token)")
        self.alice.token = self.tok_alice
        self.rita = h.client("rita (token)")
        self.rita.token = self.tok_rita
        self.anon = h.client("anonymous")
        r = self.rita.get(API + "/issues/" + KEY)
        h.ok_json(r, 200, "rita reads her report", dict)

    def start_slow_clients(self):
        """Stalled clients: half a request line and headers, or headers and
        half a body. Left open while the rest of the test runs."""
        h = self.h
        port = h.server.port
        parts = [b"GET /healthz HTTP/1.1\r\nHost: x\r\n",
                 b"GET /api/v1/issues HTTP/1.1\r\nHo",
                 b"POST " + API.encode() + b"/issues/" + KEY.encode() +
                 b"/comments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                 self.tok_rita.encode() + b"\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 100\r\n\r\n{\"text\": \"sl",
                 b"G"]
        self.slow_started = time.monotonic()
        for i in range(12):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(parts[i % len(parts)])
            self.slow.append(s)
        t = time.monotonic()
        r = h.client().get("/healthz")
        h.check(r.status == 200 and time.monotonic() - t < 3,
                "with 12 stalled clients the server answers others at once", r)

    def finish_slow_clients(self):
        h = self.h
        h.section = "slow clients dropped"
        deadline = self.slow_started + IDLE_TIMEOUT + 25
        dropped = 0
        for s in self.slow:
            closed = False
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                s.settimeout(left)
                try:
                    b = s.recv(65536)
                except socket.timeout:
                    break
                except OSError:
                    closed = True
                    break
                if not b:
                    closed = True
                    break
            dropped += closed
            s.close()
        h.eq(dropped, len(self.slow), "every stalled client is dropped within %d s of "
             "stalling (idle timeout %d s)" % (IDLE_TIMEOUT + 25, IDLE_TIMEOUT))
        self.alive("the slow clients")

    # ------------------------------------------------------------------ parts

    def json_input(self):
        h = self.h
        p = API + "/issues/%s/comments" % KEY
        J = "application/json"
        cases = [
            (b'{"text": "x"', J, 400, None, "truncated JSON"),
            (b'{"text": "a", "text": "b"}', J, 400, "text", "a duplicate key"),
            (b'{"text": "a", "bogus": 1}', J, 400, "body", "an unknown field (field "
             "'body': a problem never echoes a key the route does not take)"),
            (b'{"text": 5}', J, 400, "text", "a number for a string"),
            (b'{"text": ["a"]}', J, 400, "text", "an array for a string"),
            (b'{"text": "a", "internal": "yes"}', J, 400, "internal", "a string for a bool"),
            (b'{"text": null}', J, 400, "text", "null for a string"),
            (b'{}', J, 400, "text", "a required field missing"),
            (b'[]', J, 400, None, "an array instead of an object"),
            (b'"text"', J, 400, None, "a string instead of an object"),
            (b'null', J, 400, None, "null instead of an object"),
            (b'', J, 400, None, "an empty body"),
            (b'{"text": "a"} x', J, 400, None, "garbage after the object"),
            (b'{}{}', J, 400, None, "two objects"),
            (b'{"text": "\xff\xfe"}', J, 400, None, "invalid UTF-8"),
            (b'{"text": "a\\u0000b"}', J, 400, ("text", "body"), "a NUL in a string"),
            (b'{"text": "a", "internal": 1e999}', J, 400, None, "an out-of-range number"),
            (b"{'text': 'a'}", J, 400, None, "single quotes"),
            (b'{"text": "' + b"a" * 70000 + b'"}', J, (400, 413), None,
             "a comment over its limit"),
            (b'{"text":' + b"[" * 50000 + b"]" * 50000 + b"}", J, (400, 413), None,
             "deeply nested arrays"),
            (b'{"text": "ok"}', "text/plain", 415, None, "Content-Type text/plain"),
            (b'{"text": "ok"}', None, 415, None, "no Content-Type"),
            (b'{"text": "ok"}', "application/x-www-form-urlencoded", 415, None,
             "a form"),
            (b'{"text": "ok"}', "application/jsonx", 415, None, "application/jsonx"),
            (b'{"text": "ok"}', "multipart/form-data; boundary=x", 415, None, "multipart"),
        ]

        def go():
            for body, ct, want, field, what in cases:
                r = self.req("rita", "POST", p, body, ct, headers=None if ct else
                             {"Content-Type": None})
                h.problem(r, want, "POST comments with %s" % what, field=field)
            for body, field, what in (
                    ({"priority": "P9"}, "priority", "an invalid priority"),
                    ({"embargo_until": "tomorrow"}, "embargo_until", "a date that is no date"),
                    ({"embargo": "maybe"}, "embargo", "an embargo that is not yes/no"),
                    ({}, None, "no field at all"),
                    ({"title": ""}, "title", "an empty title"),
                    ({"title": "a\nb"}, "title", "a title with a newline"),
                    ({"title": "a\x1b[31mb"}, "title", "a title with a control character"),
                    ({"cvss": "CVSS:3.1/AV:N/garbage"}, "cvss", "a broken CVSS vector"),
                    ({"anonymous": "no"}, "anonymous", "a string for a bool"),
                    ({"priority": "P1", "state": "public"}, "body", "a field PATCH "
                     "does not take")):
                r = self.alice.patch(API + "/issues/" + KEY, body)
                h.problem(r, 400, "PATCH %s with %s" % (KEY, what), field=field)
            for body, field, what in (
                    ({"title": "x" * 201, "description": "d"}, "title", "a title too long"),
                    ({"title": "t", "description": "d", "subsystem": "nope"}, "subsystem",
                     "an unknown subsystem"),
                    ({"title": "t"}, "description", "no description"),
                    ({"title": "t", "description": "d", "anonymous": True, "credit": "Me"},
                     "credit", "a credit on an anonymous report")):
                r = self.rita.post(API + "/issues", body)
                h.problem(r, 400, "POST /issues with %s" % what, field=field)
            r = self.alice.post(API + "/cves/reserve", {"range": "CVE-2026-0100..CVE-2026-9999"})
            h.problem(r, (400, 413), "reserving 9900 ids at once", field="range")
            r = self.alice.post(API + "/cves/reserve", {"range": "CVE-26-1..CVE-26-2"})
            h.problem(r, 400, "a malformed range", field="range")
            r = self.alice.post(API + "/issues/%s/move" % KEY, {"state": "flying"})
            h.problem(r, 400, "an unknown state", field="state")
            r = self.alice.post(API + "/cvss", {"vector": "CVSS:3.1/" + "AV:N/" * 1000})
            h.problem(r, 400, "a CVSS vector of 5000 bytes", field="vector")
            r = self.alice.get(API + "/issues?q=" + "a" * 300)
            h.problem(r, 400, "a search string over its limit", field=("q", "search"))
            # a body on a route that takes none: alice could acknowledge, so a
            # refusal here is about the body alone
            r = self.alice.request("POST", API + "/issues/%s/ack" % KEY, body=b"x" * 10000,
                                   content_type="application/json")
            h.problem(r, (400, 413), "10 kB of junk on ack (a route that takes no body)")
            r = self.alice.request("POST", API + "/issues/%s/ack" % KEY,
                                   body=b'{"force": true}', content_type="application/json")
            h.problem(r, 400, "an unknown field on ack", field="body")
        self.unchanged("malformed JSON input", go)
        self.alive("malformed JSON")

    def body_limits(self):
        h = self.h
        port = h.server.port
        tok = self.tok_rita.encode()

        def head(path, length, ctype=b"application/json", extra=b""):
            return (b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Authorization: Bearer " + tok + b"\r\nContent-Type: " + ctype +
                    b"\r\nContent-Length: " + str(length).encode() + b"\r\n" + extra + b"\r\n")

        def go():
            cases = [
                (head(b"/api/v1/issues/SEC-1/comments", 200 * 1024 * 1024), 200 * 1024 * 1024,
                 "a 200 MB JSON body"),
                (head(b"/api/v1/login", 1024 * 1024), 1024 * 1024, "a 1 MB login"),
                (head(b"/api/v1/issues/SEC-1/attachments?name=big.bin",
                      10 * 1024 * 1024 + 1, b"application/octet-stream"),
                 10 * 1024 * 1024 + 1, "an attachment one byte over 10 MiB"),
            ]
            for hd, total, what in cases:
                got, sent, closed, secs = push_until_answer(port, hd, total, b"a" * 65536)
                st = raw_status(got)
                h.check(st == 413, "%s -> 413 (got %r after sending %d of %d bytes in "
                        "%.1f s)" % (what, got[:80], sent, total, secs))
                h.check(closed, "%s: the server closes the connection after its answer "
                        "instead of reading on" % what)
            # chunked, without end
            hd = (b"POST /api/v1/issues/SEC-1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Authorization: Bearer " + tok + b"\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
            chunk = b"10000\r\n" + b"a" * 65536 + b"\r\n"
            got, sent, closed, secs = push_until_answer(port, hd, 200 * 1024 * 1024, chunk)
            h.check(raw_status(got) in (400, 413) or (not got and closed),
                    "an endless chunked body -> 413 or the connection ended (got %r "
                    "after %d bytes in %.1f s)" % (got[:80], sent, secs))
            h.check(closed, "the endless chunked body: the connection is closed")
        self.unchanged("huge bodies", go)
        self.alive("huge bodies")

    def header_flood(self):
        h = self.h
        port = h.server.port
        cases = [
            (b"GET /healthz HTTP/1.1\r\nHost: x\r\n" +
             b"".join(b"X-Flood-%d: %s\r\n" % (i, b"a" * 60) for i in range(3000)) + b"\r\n",
             "3000 headers (200 kB)"),
            (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 200000 + b"\r\n\r\n",
             "one header of 200 kB"),
            (b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
             "a request line of 100 kB"),
            (b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + b"v" * 60000 +
             b"\r\n\r\n", "a 60 kB bearer token"),
            (b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nCookie: " +
             b"; ".join(b"c%d=%s" % (i, b"x" * 50) for i in range(2000)) + b"\r\n\r\n",
             "2000 cookies"),
        ]
        for data, what in cases:
            t = time.monotonic()
            try:
                got, closed = raw(port, data, read_timeout=10)
            except OSError as ex:
                got, closed = b"", True
                what += " (%s)" % ex
            st = raw_status(got)
            h.check((st is not None and 400 <= st < 500) or (st is None and closed),
                    "%s -> a 4xx answer or the connection closed (got %r in %.1f s)" % (
                        what, got[:80], time.monotonic() - t))
            self.alive(what)
        # many requests on one connection, pipelined
        data = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" * 200
        got, closed = raw(port, data, read_timeout=5)
        h.check(got.count(b"HTTP/1.1 200") >= 1, "200 pipelined requests: answered (%d) "
                "without harm" % got.count(b"HTTP/1.1 200"))
        self.alive("pipelining")

    def smuggling(self):
        h = self.h
        port = h.server.port
        tok = self.tok_rita.encode()
        base = (b"POST /api/v1/issues/SEC-1/comments HTTP/1.1\r\nHost: x\r\n"
                b"Authorization: Bearer " + tok + b"\r\nContent-Type: application/json\r\n")
        body = b'{"text": "smuggled"}'
        cases = [
            (base + b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n" % len(body) +
             body, "Content-Length and Transfer-Encoding together"),
            (base + b"Content-Length: %d\r\nContent-Length: %d\r\n\r\n" % (len(body),
                                                                         len(body) + 5) +
             body, "two different Content-Length headers"),
            (base + b"Content-Length: -1\r\n\r\n" + body, "a negative Content-Length"),
            (base + b"Content-Length: abc\r\n\r\n" + body, "Content-Length abc"),
            (base + b"Content-Length: 99999999999999999999999\r\n\r\n" + body,
             "a Content-Length beyond 64 bits"),
            (base + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n" + body + b"\r\n0\r\n\r\n",
             "a bad chunk size"),
            (b"POST /api/v1/issues/SEC-1/comments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
             tok + b"\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n" +
             b"POST /api/v1/issues/SEC-1/comments HTTP/1.1\r\nHost: x\r\nAuthorization: "
             b"Bearer " + tok + b"\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n" %
             len(body) + body, "a pipelined request with a wrong Content-Type"),
            (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad Header: 1\r\n\r\n",
             "a header name with a space", {200}),
            (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Nul: a\x00b\r\n\r\n", "a NUL in a header",
             {200}),
            (b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", "HTTP/9.9", {505}),
            (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 100,
             "a TLS ClientHello on the plain port", {"silence"}),
            (b"GET /api/v1/issues/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
             "raw non-UTF-8 bytes in the path"),
        ]

        def go():
            for case in cases:
                data, what = case[0], case[1]
                also = case[2] if len(case) > 2 else set()
                got, closed = raw(port, data, read_timeout=5)
                sts = [int(m) for m in re.findall(rb"HTTP/1\.[01] (\d{3})", got)]
                h.check(all(400 <= s < 500 or s in also for s in sts) and
                        (sts or closed or "silence" in also),
                        "%s -> only 4xx%s answers or a closed connection (got %r)" % (
                            what, "".join("/%s" % a for a in sorted(also, key=str)), got[:120]))
        self.unchanged("request smuggling attempts", go)
        self.alive("smuggling attempts")

    def paths(self):
        h = self.h
        bad = [
            "/api/v1/issues/%2e%2e/people", "/api/v1/issues/SEC-1%2fcomments",
            "/api/v1/issues/SEC-1%00", "/api/v1/issues/%zz", "/api/v1/issues/%",
            "/api/v1/issues/SEC-1/../../people", "/api/v1/issues/../people",
            "/api/v1/./people/", "//api/v1/issues", "/api/v1/issues/",
            "/API/V1/ISSUES", "/api/v1/issues/SEC-1;x=1", "/api/v1/issues/SEC-01",
            "/api/v1/issues/sec-1", "/api/v1/issues/SEC-1%0d%0aX-Injected:%201",
            "/api/v1/issues/SEC-99999999999999999999999", "/api/v1/issues/SEC--1",
            "/.well-known/../../../../etc/passwd", "/.well-known/security.txt/../../etc/passwd",
            "/.well-known/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/.well-known/..%2f..%2fetc%2fpasswd",
            "/api/v1/openapi.json/../../../../etc/passwd", "/static/../../../../etc/passwd",
            "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/api/v1/" + "a" * 5000,
            "/api/v1/issues/" + "%41" * 3000,
        ]
        for p in bad:
            r = self.alice.get(p)
            h.check(r.status in (400, 404, 414) and b"root:" not in r.body and
                    r.header("X-Injected") is None and
                    not (r.json() is not None and isinstance(r.json(), list)),
                    "GET %s -> 404 (or 400/414), no data, no file" % p[:70], r)
            # the API's paths answer with JSON problems; others are the web
            # pages' (docs/web.md), whose 404 is an HTML page
            api = p.lstrip("/").lower().split("/")[0] in ("api", ".well-known")
            if r.status == 404:
                h.check(r.ctype == ("application/problem+json" if api else "text/html"),
                        "GET %s: the 404 is a %s" % (p[:70], "JSON problem" if api else
                                                     "web page"), r)
        r1 = self.alice.get("/api/v1/nothing-here")
        r2 = self.alice.get("/api/v1/issues/SEC-1/nothing")
        h.problem(r1, 404, "an unknown route")
        h.problem(r2, 404, "an unknown sub-route of an issue")
        self.alive("junk paths")

    def methods(self):
        h = self.h
        c = self.alice

        def go():
            for m, p, want in (("DELETE", API + "/issues", 405), ("PUT", "/healthz", 405),
                               ("POST", "/healthz", 405),
                               ("PATCH", API + "/issues/%s/comments" % KEY, 405),
                               ("DELETE", API + "/issues/" + KEY, 405),
                               ("GET", API + "/login", 405),
                               ("BREW", API + "/issues", (405, 400, 501)),
                               ("BREW", "/nowhere", (404, 405, 400, 501)),
                               ("TRACE", API + "/me", (405, 400, 501)),
                               ("CONNECT", "/healthz", (400, 405, 501)),
                               ("OPTIONS", API + "/issues", (200, 204, 404, 405))):
                r = c.request(m, p, body=b"" if m in ("POST", "PUT", "PATCH") else None)
                h.status(r, want, "%s %s" % (m, p))
                h.not_in(r, [self.tok_alice], "%s %s does not reflect the token" % (m, p))
                if r.status == 405:
                    h.check(r.ctype in ("application/problem+json", ""),
                            "%s %s: the 405 is a JSON problem" % (m, p), r)
        self.unchanged("wrong methods", go)
        r = self.anon.request("GET", API + "/issues",
                              headers={"Origin": "https://evil.example"})
        acao = r.header("Access-Control-Allow-Origin")
        h.check(acao in (None, "") or (acao != "*" and "evil" not in acao),
                "no CORS grant to a foreign origin", r)
        r = self.rita.request("GET", API + "/issues", headers={"Origin": "https://evil.example"})
        acao = r.header("Access-Control-Allow-Origin")
        h.check(acao is None or "evil" not in acao, "no CORS grant to a foreign origin "
                "(signed in)", r)
        self.alive("wrong methods")

    def auth_junk(self):
        h = self.h

        def go():
            for hdrs, what in (
                    ({"Authorization": "Bearer"}, "Bearer without a token"),
                    ({"Authorization": "Bearer  " + self.tok_rita}, "two spaces"),
                    ({"Authorization": "bearer " + self.tok_rita + "x"}, "one byte too many"),
                    ({"Authorization": "Bearer " + self.tok_rita[:-1]}, "one byte too few"),
                    ({"Authorization": "Bearer vgl_" + "\u00e9" * 32}, "non-ASCII"),
                    ({"Cookie": "vigil_session=../../../etc/passwd"}, "a junk cookie"),
                    ({"Cookie": "vigil_session=" + "0" * 64}, "an unknown session"),
                    ({"Cookie": "vigil_session=" + "0" * 64 + "; vigil_session=" + "1" * 64},
                     "two session cookies")):
                c = h.client(what)
                try:
                    r = c.request("POST", API + "/issues/%s/comments" % KEY,
                                  json_body={"text": "who am I"}, headers=hdrs)
                except (UnicodeEncodeError, ValueError):
                    continue
                h.problem(r, (400, 401, 403), "a comment with %s is refused" % what)
                r = c.request("GET", API + "/me", headers=hdrs)
                h.problem(r, (400, 401), "GET /me with %s" % what)
        self.unchanged("junk credentials", go)

    def login_flood(self):
        """A flood of logins for one login name: the five failures that
        trip the throttle are recorded; every attempt after them answers
        429 and writes nothing (no audit event, no login_failure row), so a
        flood cannot grow the audit chain or the table."""
        h = self.h
        c = h.client("login flood")
        for i in range(5):
            r = c.login("ghost", "wrong-password-%d" % i)
            h.problem(r, (401, 403), "failed login #%d of ghost" % (i + 1))
        h.eq(h.sql("SELECT count(*) FROM login_failure WHERE login = 'ghost'")[0][0], 5,
             "the five failures are recorded")
        got = []

        def go():
            for i in range(40):
                got.append(c.login("ghost", "wrong-password-again-%d" % i).status)
            h.eq(got, [429] * 40, "40 more attempts within 15 minutes: all 429")
        self.unchanged("a flood of throttled logins", go)
        h.eq(h.sql("SELECT count(*) FROM login_failure WHERE login = 'ghost'")[0][0], 5,
             "the throttled attempts added no login_failure row")
        r = self.rita.get(API + "/me")
        h.ok_json(r, 200, "rita's token still works during the flood", dict)
        self.alive("a login flood")

    def meta(self):
        h = self.h
        h.section = "healthz"
        r = self.anon.get("/healthz")
        h.check(r.status == 200 and r.text.strip() == "ok" and r.ctype == "text/plain",
                "GET /healthz -> 200 text/plain 'ok'", r)

        h.section = "metrics"
        # request counts per route tell of activity on embargoed issues: the
        # metrics are for admins and psirt (docs/api.md), 401 anonymous, 403
        # others; psirt's token (made by the CLI: second factor) reads them
        for c, want, who in ((self.anon, 401, "anonymous"), (self.rita, 403, "a reporter")):
            r = c.get("/metrics")
            h.problem(r, want, "%s may not read /metrics" % who)
            h.not_in(r, ["vigil_http", "# TYPE"], "%s gets no metrics" % who)
        r = self.alice.get("/metrics")
        h.check(r.status == 200 and r.ctype == "text/plain",
                "GET /metrics as psirt -> 200 text/plain", r)
        before = self.metric_requests(r.text)
        h.check(before is not None, "the metrics hold request counters (a *request* metric "
                "with numeric samples)", r)
        h.check("# TYPE" in r.text and "# HELP" in r.text, "Prometheus # HELP and # TYPE "
                "lines", r)
        h.check(re.search(r"(?m)^vigil_http_connections(\{[^}]*\})? [0-9.e+]+$", r.text)
                is not None, "an open-connections gauge", r)
        for _ in range(7):
            self.anon.get("/healthz")
        self.rita.get(API + "/issues/" + KEY)
        self.rita.get(API + "/issues/SEC-424242")
        time.sleep(0.2)
        r = self.alice.get("/metrics")
        after = self.metric_requests(r.text)
        h.check(before is not None and after is not None and after >= before + 9,
                "the request counters grew by the 9 requests made (%r -> %r)" % (before, after),
                r)
        h.check("SEC-" not in r.text and TITLE not in r.text,
                "metrics count routes by pattern, never by issue key", r)
        h.check(re.search(r'(?m)^vigil_http_requests_total\{[^}]*route="/api/v1/issues/\{key\}"',
                          r.text) is not None,
                "vigil_http_requests_total is labelled by route pattern (/api/v1/issues/{key})",
                r)
        h.check("vigil_scheduler_runs_total" in r.text, "the scheduler's runs are counted", r)
        bad = [line for line in r.text.splitlines() if line and not line.startswith("#") and
               not re.match(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})? ([-+0-9.eE]+|NaN|[+-]Inf)'
                            r'( -?[0-9]+)?$', line)]
        h.check(not bad, "every sample line is Prometheus text (%r)" % bad[:3], r)

        h.section = "security.txt"
        r = self.anon.get("/.well-known/security.txt")
        h.check(r.status == 200 and r.body == SECURITY_TXT and r.ctype == "text/plain",
                "GET /.well-known/security.txt -> the --security-txt file, text/plain", r)

        h.section = "openapi"
        r = self.anon.get(API + "/openapi.json")
        j = h.ok_json(r, 200, "GET /api/v1/openapi.json", dict)
        h.check(str(j.get("openapi", "")).startswith("3.1."), "openapi is 3.1.x", r)
        h.check(isinstance(j.get("info"), dict) and isinstance(j.get("paths"), dict),
                "it has info and paths", r)
        ops = set()
        base = ""
        srv = j.get("servers")
        if isinstance(srv, list) and srv and isinstance(srv[0], dict):
            base = str(srv[0].get("url", "")).rstrip("/")
            if base.startswith("http"):
                base = "/" + base.split("/", 3)[3] if base.count("/") >= 3 else ""
        for path, item in (j.get("paths") or {}).items():
            full = path if path.startswith(API) or path.startswith("/.well") or \
                path in ("/healthz", "/metrics") else base + path
            for m in (item or {}):
                if m in ("get", "post", "put", "patch", "delete", "head", "options"):
                    ops.add((m.upper(), re.sub(r"\{[^}]*\}", "{}", full)))
        want = self.documented_ops()
        missing = sorted(want - ops)
        h.check(want and not missing, "every route of docs/api.md is in openapi.json "
                "(missing: %r)" % missing[:10], r)
        extra = sorted(o for o in ops - want if o[1].startswith(API))
        h.check(not extra, "openapi.json lists no API route that docs/api.md does not "
                "(extra: %r)" % extra[:10], r)
        ids = [op.get("operationId") for item in (j.get("paths") or {}).values()
               for m, op in (item or {}).items() if isinstance(op, dict) and
               m in ("get", "post", "put", "patch", "delete")]
        h.check(all(ids) and len(ids) == len(set(ids)),
                "every operation has a unique operationId", r)

    @staticmethod
    def metric_requests(text):
        """The sum of the request counters (*request*_total, else the
        _count of a request histogram), or None."""
        sums = {"_total": None, "_count": None}
        for line in text.splitlines():
            if line.startswith("#"):
                continue
            m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})? ([-+0-9.eE]+)', line)
            if not m or "request" not in m.group(1):
                continue
            for suffix in sums:
                if m.group(1).endswith(suffix):
                    sums[suffix] = (sums[suffix] or 0) + float(m.group(3))
        return sums["_total"] if sums["_total"] is not None else sums["_count"]

    @staticmethod
    def documented_ops():
        ops = set()
        try:
            with open(DOCS_API, encoding="utf-8") as f:
                text = f.read()
        except OSError:
            return ops
        for m in re.finditer(r"`(GET|POST|PUT|PATCH|DELETE) (/[^`\s]+)`", text):
            path = m.group(2).split("?")[0]
            ops.add((m.group(1), re.sub(r"\{[^}]*\}", "{}", path)))
        return ops

    def connections(self):
        """Flood of idle connections from one address: others still get
        served, and after they close 127.0.0.1 is served again."""
        h = self.h
        port = h.server.port
        socks = []
        try:
            for _ in range(60):
                try:
                    s = socket.create_connection(("127.0.0.1", port), timeout=5)
                    socks.append(s)
                except OSError:
                    break
            c2 = h.client("from 127.0.0.2", source="127.0.0.2")
            r = c2.get("/healthz")
            if r.error is None or "Errno 99" not in str(r.error):
                h.check(r.status == 200 and r.seconds < 3,
                        "while 127.0.0.1 holds %d idle connections, 127.0.0.2 is served" %
                        len(socks), r)
        finally:
            for s in socks:
                s.close()
        time.sleep(0.5)
        self.alive("60 idle connections closed")


def main():
    h = HttpHarness(sys.argv, "http-robust")
    t = Robust(h)
    try:
        h.section_run("setup", t.setup)
        if h.server is None:
            raise CheckAbort("no server")
        h.section_run("slow clients", t.start_slow_clients)
        for name, fn in (("JSON input", t.json_input), ("body limits", t.body_limits),
                         ("header flood", t.header_flood), ("smuggling", t.smuggling),
                         ("paths", t.paths), ("methods", t.methods),
                         ("credentials", t.auth_junk), ("login flood", t.login_flood),
                         ("meta", t.meta),
                         ("connections", t.connections),
                         ("slow clients", t.finish_slow_clients)):
            if h.server is None or not h.server.running():
                h.check(False, "the server is no longer running; %s skipped" % name,
                        _Note(h.servers[-1].log() if h.servers else ""))
                break
            h.section_run(name, fn)
        h.section = "end"
        t.alive("everything")
        h.check(h.server is not None and h.server.running(), "the server is still running")
        h.stop_server()
        h.ok("audit", "verify", as_="adam", what="the audit chain is intact")
    except CheckAbort:
        pass
    h.finish()


if __name__ == "__main__":
    main()
