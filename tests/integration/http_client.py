"""http_client.py — what the `vigil serve` scenario tests share: a small HTTP
client, a runner for the server process, TOTP codes, and HttpHarness (the
Harness of vigil_harness.py with checks for HTTP answers).

    Client      one caller: a cookie jar (the vigil_session cookie), the
                session's CSRF token (sent as X-CSRF-Token on every
                state-changing request made with the cookie) and/or an API
                token (Authorization: Bearer). Each request uses a new
                connection, so a caller never depends on keep-alive.
    raw()       arbitrary bytes on a raw socket (malformed requests).
    raw_until() bytes on a raw socket, reading only until the status line
                (or another marker) arrives: how long the server took.
    Server      `vigil --db DB serve --listen 127.0.0.1:PORT ...` with
                VIGIL_NOW fixed; waits for "vigil: listening on", stops with
                SIGTERM (exit 0 expected), kills on timeout.
    Totp        RFC 6238 codes (HMAC-SHA1, 6 digits, 30 s), remembering the
                last step used since the server refuses replays.

Python 3 standard library only.
"""

import base64
import calendar
import hashlib
import hmac
import http.client
import json
import os
import re
import socket
import sqlite3
import ssl
import struct
import subprocess
import sys
import time
import traceback
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vigil_harness import Harness, MISSING_KEY  # noqa: E402,F401

API = "/api/v1"
_NOTHING = object()


def iso_to_unix(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def unix_to_iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def iso_plus(s, seconds):
    return unix_to_iso(iso_to_unix(s) + seconds)


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _short(b, n=3000):
    if b is None:
        return "(none)"
    if isinstance(b, (bytes, bytearray)):
        b = bytes(b).decode("utf-8", "replace")
    if len(b) > n:
        b = b[:n] + "... (%d more)" % (len(b) - n)
    return b.replace("\n", "\n           ")


# --------------------------------------------------------------------------- answers

class Response:
    """One HTTP exchange: the request as sent and the answer (or the error)."""

    def __init__(self, who, method, path, req_headers, req_body, status=None, reason="",
                 headers=None, body=b"", error=None, seconds=0.0):
        self.who = who
        self.method = method
        self.path = path
        self.req_headers = req_headers or {}
        self.req_body = req_body
        self.status = status
        self.reason = reason
        self.headers = headers or []   # [(name, value)] as received
        self.body = body or b""
        self.error = error
        self.seconds = seconds
        self._json = _NOTHING

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    def headers_except(self, *names):
        drop = {n.lower() for n in names}
        return [(k.lower(), v) for k, v in self.headers if k.lower() not in drop]

    @property
    def ctype(self):
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        """The parsed body, or None when it is not JSON."""
        if self._json is _NOTHING:
            try:
                self._json = json.loads(self.body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                self._json = None
        return self._json

    def jobj(self):
        j = self.json()
        return j if isinstance(j, dict) else {}

    def jlist(self):
        j = self.json()
        return j if isinstance(j, list) else []

    def describe(self):
        hs = []
        for k, v in self.req_headers.items():
            if k.lower() in ("authorization", "cookie", "x-csrf-token") and len(v) > 24:
                v = v[:24] + "..."
            hs.append("%s: %s" % (k, v))
        out = ["  request: %s %s  (as %s)" % (self.method, self.path, self.who)]
        if hs:
            out.append("  headers: " + "; ".join(hs))
        if self.req_body:
            out.append("  body:    " + _short(self.req_body, 600))
        if self.error:
            out.append("  error:   %s" % self.error)
        else:
            out.append("  answer:  %s %s (%.3f s)" % (self.status, self.reason, self.seconds))
            out.append("  headers: " + "; ".join("%s: %s" % kv for kv in self.headers))
            out.append("  body:    " + _short(self.body))
        return "\n".join(out)


# --------------------------------------------------------------------------- callers

class Client:
    """One caller of the API."""

    def __init__(self, port, label="anonymous", host="127.0.0.1", tls=None, timeout=30,
                 source=None):
        self.port = port
        self.host = host
        self.label = label
        self.tls = tls                # an ssl.SSLContext for https, or None
        self.timeout = timeout
        self.source = source          # source address to connect from, or None
        self.cookies = {}
        self.csrf = None
        self.token = None
        self.login_answer = None
        self.last = None

    def copy(self, label=None):
        c = Client(self.port, label or self.label, self.host, self.tls, self.timeout,
                   self.source)
        c.cookies = dict(self.cookies)
        c.csrf = self.csrf
        c.token = self.token
        return c

    def _conn(self):
        sa = (self.source, 0) if self.source else None
        if self.tls is not None:
            return http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout,
                                               context=self.tls, source_address=sa)
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout,
                                          source_address=sa)

    def request(self, method, path, body=None, json_body=_NOTHING, headers=None,
                content_type=None, csrf=True, auth=True):
        """Send one request. json_body is encoded as JSON (Content-Type
        application/json unless content_type says otherwise); body is sent
        as is (bytes or str). csrf=False leaves out X-CSRF-Token; auth=False
        leaves out cookie and token. Never raises: errors land in .error."""
        h = {}
        if json_body is not _NOTHING:
            body = json.dumps(json_body).encode("utf-8")
            h["Content-Type"] = "application/json"
        if isinstance(body, str):
            body = body.encode("utf-8")
        if content_type is not None:
            h["Content-Type"] = content_type
        if auth and self.token:
            h["Authorization"] = "Bearer " + self.token
        if auth and self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
            if csrf and self.csrf and method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = self.csrf
        for k, v in (headers or {}).items():
            if v is None:
                h.pop(k, None)
            else:
                h[k] = v
        t0 = time.monotonic()
        conn = self._conn()
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            resp = Response(self.label, method, path, h, body, r.status, r.reason,
                            r.getheaders(), data, seconds=time.monotonic() - t0)
        except (OSError, http.client.HTTPException) as ex:
            resp = Response(self.label, method, path, h, body, error=repr(ex),
                            seconds=time.monotonic() - t0)
        finally:
            conn.close()
        self._take_cookies(resp)
        self.last = resp
        return resp

    def _take_cookies(self, resp):
        for v in resp.header_all("Set-Cookie"):
            first = v.split(";")[0]
            if "=" not in first:
                continue
            name, val = first.split("=", 1)
            name = name.strip()
            attrs = v.lower()
            if (not val or "max-age=0" in attrs.replace(" ", "") or
                    "expires=thu, 01 jan 1970" in attrs):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val.strip()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, j=_NOTHING, **kw):
        return self.request("POST", path, json_body=j, **kw)

    def patch(self, path, j=_NOTHING, **kw):
        return self.request("PATCH", path, json_body=j, **kw)

    def put(self, path, j=_NOTHING, **kw):
        return self.request("PUT", path, json_body=j, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, login, password, otp=None):
        """POST /api/v1/login; on success keeps the cookie and the CSRF token."""
        body = {"login": login, "password": password}
        if otp is not None:
            body["otp"] = otp
        r = self.request("POST", API + "/login", json_body=body, auth=False)
        if r.status == 200:
            self.login_answer = r.jobj()
            self.csrf = self.login_answer.get("csrf")
        return r


def raw(port, data, host="127.0.0.1", read_timeout=5.0, chunks=None, pause=0.0):
    """Send data (bytes, or a list of byte strings sent with pause seconds
    between them) on a new socket and read until the server closes or
    read_timeout passes without data. Returns (received bytes, closed)."""
    s = socket.create_connection((host, port), timeout=10)
    got = b""
    closed = False
    try:
        parts = data if isinstance(data, list) else [data]
        for i, p in enumerate(parts):
            try:
                s.sendall(p)
            except OSError:
                break
            if pause and i + 1 < len(parts):
                time.sleep(pause)
        s.settimeout(read_timeout)
        while True:
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
    return got, closed


def raw_until(port, data, until=b"\r\n", timeout=2.0, host="127.0.0.1"):
    """Send data on a new socket and read only until `until` has arrived or
    timeout seconds have passed since the data was sent; the socket is then
    closed (whatever the request announced is never sent). Returns
    (received bytes, seconds until `until` arrived or None, closed: the
    server ended the connection)."""
    s = socket.create_connection((host, port), timeout=10)
    got = b""
    closed = False
    seconds = None
    try:
        s.sendall(data)
        t0 = time.monotonic()
        while until not in got:
            left = timeout - (time.monotonic() - t0)
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
            got += b
        if until in got:
            seconds = time.monotonic() - t0
    finally:
        s.close()
    return got, seconds, closed


def raw_status(data):
    """The status code of the first HTTP answer in data, or None."""
    if not data.startswith(b"HTTP/1."):
        return None
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


# --------------------------------------------------------------------------- TOTP

class Totp:
    """RFC 6238 codes for one secret; the server refuses a code of a step at
    or before the last one it accepted, so next() never repeats a step."""

    def __init__(self, secret):
        self.secret = secret
        self.last = None

    @staticmethod
    def code_at(secret, counter):
        s = secret.strip().replace(" ", "").upper()
        key = base64.b32decode(s + "=" * (-len(s) % 8))
        mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
        o = mac[-1] & 0x0F
        v = (struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000
        return "%06d" % v

    def code(self, now_iso, offset=0):
        return self.code_at(self.secret, iso_to_unix(now_iso) // 30 + offset)

    def next(self, now_iso):
        """A code the server accepts at now_iso (window +-1 step), never a
        step already used; None when the window is used up."""
        step = iso_to_unix(now_iso) // 30
        for s in (step - 1, step, step + 1):
            if self.last is None or s > self.last:
                self.last = s
                return self.code_at(self.secret, s)
        return None


# --------------------------------------------------------------------------- server

class Server:
    """One run of `vigil serve` on a free port of 127.0.0.1."""

    count = 0

    def __init__(self, vigil, db, tmp, now, args=(), tls=False):
        self.vigil = vigil
        self.db = db
        self.tmp = tmp
        self.now = now
        self.args = list(args)
        self.tls = tls
        self.proc = None
        self.port = None
        Server.count += 1
        self.log_path = os.path.join(tmp, "serve-%d.log" % Server.count)
        self.rc = None
        self.cmd = None

    def start(self, timeout=30):
        """Start and wait for the "listening" line. True when it is serving."""
        self.port = free_port()
        self.cmd = [self.vigil, "--db", self.db, "serve", "--listen",
                    "127.0.0.1:%d" % self.port] + self.args
        env = {k: v for k, v in os.environ.items()
               if k not in ("VIGIL_DB", "VIGIL_USER", "VIGIL_NOW")}
        env["VIGIL_NOW"] = self.now
        env["LC_ALL"] = "C"
        self.logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self.logf,
                                     stderr=subprocess.STDOUT, env=env, cwd=self.tmp)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "vigil: listening on http" in self.log():
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.05)
        return False

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=20):
        """SIGTERM, wait, SIGKILL on timeout. Returns the exit status (None
        when it had to be killed)."""
        if self.proc is None:
            return self.rc
        if self.proc.poll() is None:
            try:
                self.proc.terminate()
                self.rc = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
                self.rc = None
        else:
            self.rc = self.proc.returncode
        self.proc = None
        try:
            self.logf.close()
        except OSError:
            pass
        return self.rc

    def describe(self):
        return "  server:  %s\n  VIGIL_NOW=%s\n  log:     %s" % (
            " ".join(self.cmd or []), self.now, _short(self.log(), 4000))


class _Note:
    """A describe()-able text for checks that have no single answer."""

    def __init__(self, text):
        self.text = text

    def describe(self):
        return "  " + self.text.replace("\n", "\n  ")


# --------------------------------------------------------------------------- harness

class HttpHarness(Harness):
    """Harness with the server's life cycle and checks of HTTP answers."""

    def __init__(self, argv, name):
        Harness.__init__(self, argv, name)
        self.server = None
        self.servers = []
        self.t_start = time.monotonic()

    # --- the server -------------------------------------------------------

    def start_server(self, now, args=(), tls=False, what=None):
        if self.server is not None:
            self.stop_server()
        s = Server(self.vigil, self.db, self.tmp, now, args, tls)
        self.servers.append(s)
        ok = s.start()
        self.check(ok, what or "vigil serve starts and prints 'vigil: listening on' (%s)" %
                   now, s)
        self.server = s if ok else None
        if not ok:
            s.stop()
            raise CheckAbort("the server did not start")
        return s

    def stop_server(self, what=None):
        s = self.server
        if s is None:
            return None
        self.server = None
        rc = s.stop()
        self.eq(rc, 0, what or "vigil serve stops cleanly on SIGTERM (exit 0)", s)
        return rc

    def client(self, label="anonymous", **kw):
        return Client(self.server.port, label, **kw)

    def finish(self):
        for s in self.servers:
            if s.proc is not None:
                s.stop()
        sys.stdout.write("(%s took %.1f s)\n" % (self.name, time.monotonic() - self.t_start))
        Harness.finish(self)

    def section_run(self, name, fn, *args):
        """Run one part of the scenario; an exception in it counts as one
        failed check and the script goes on with the next part."""
        self.section = name
        try:
            return fn(*args)
        except CheckAbort as ex:
            self.check(False, "section stopped: %s" % ex)
        except SystemExit:
            raise
        except Exception:  # noqa: BLE001 — a bug in the answer or the test
            self.check(False, "section raised an exception:\n" + traceback.format_exc())
        return None

    # --- checks of answers --------------------------------------------------

    def status(self, r, want, what):
        """r answered with status want (an int or a tuple of ints)."""
        wants = want if isinstance(want, tuple) else (want,)
        return self.check(r.status in wants, "%s -> %s" % (what, "/".join(map(str, wants))),
                          r)

    def ok_json(self, r, want, what, kind=None):
        """Status want and a JSON body (of kind dict or list); returns it."""
        good = r.status == want and r.ctype == "application/json"
        j = r.json()
        if kind is not None:
            good = good and isinstance(j, kind)
        else:
            good = good and j is not None
        self.check(good, "%s -> %d with a JSON body" % (what, want), r)
        if kind is dict:
            return j if isinstance(j, dict) else {}
        if kind is list:
            return j if isinstance(j, list) else []
        return j

    def problem(self, r, want, what, field=None, detail=None):
        """An RFC 9457 problem: the status, Content-Type
        application/problem+json, a body with that status and, when given,
        the field named and words of the detail."""
        wants = want if isinstance(want, tuple) else (want,)
        j = r.jobj()
        good = (r.status in wants and r.ctype == "application/problem+json" and
                j.get("status") == r.status and isinstance(j.get("title"), str))
        if field is not None:
            fields = field if isinstance(field, tuple) else (field,)
            good = good and j.get("field") in fields
        if detail is not None:
            good = good and detail.lower() in str(j.get("detail", "")).lower()
        return self.check(good, "%s -> %s problem%s%s" % (
            what, "/".join(map(str, wants)),
            (" naming field %r" % (field,)) if field is not None else "",
            (" saying %r" % detail) if detail else ""), r)

    def same_answer(self, r1, r2, what):
        """Byte-identical answers: status, body and every header but Date."""
        good = (r1.error is None and r2.error is None and r1.status == r2.status and
                r1.body == r2.body and r1.headers_except("date") == r2.headers_except("date"))
        if not good:
            note = _Note("%s\n  --- compared with:\n%s" % (r1.describe().strip(),
                                                          r2.describe().strip()))
            return self.check(False, what, note)
        return self.check(True, what)

    def not_in(self, r, texts, what):
        bad = [t for t in texts if t and t.encode("utf-8") in r.body]
        return self.check(not bad, "%s (found %r)" % (what, bad) if bad else what, r)

    # --- the database, read-only ------------------------------------------

    def sql(self, query, args=()):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=10)
        try:
            return con.execute(query, args).fetchall()
        finally:
            con.close()

    def db_state(self):
        """Every row of every table but the audit log (counted apart): what
        a refused request must leave as it was."""
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=10)
        try:
            out = {}
            names = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                "'sqlite_%' AND name NOT IN ('audit', 'audit_head') ORDER BY name")]
            for t in names:
                rows = con.execute('SELECT * FROM "%s"' % t.replace('"', '""')).fetchall()
                out[t] = sorted(rows, key=repr)
            return out
        finally:
            con.close()

    def unchanged(self, what, fn, extra=None):
        """Run fn (requests that must be refused) and check that no row of
        the database changed and no audit event was written. extra() may
        add a view to compare (e.g. psirt's JSON of an issue)."""
        before = (self.db_state(), extra() if extra else None)
        n = self.audit_count()
        fn()
        n2 = self.audit_count()
        after = (self.db_state(), extra() if extra else None)
        if n2 != n:
            ev = self.audit_since(self.audit_max() - (n2 - n)) if n2 > n else []
            self.eq(n2, n, "%s: no audit event written (new: %r)" % (what, ev[:5]))
        else:
            self.check(True, "%s: no audit event written" % what)
        if after[0] != before[0]:
            diff = sorted(t for t in set(before[0]) | set(after[0])
                          if before[0].get(t) != after[0].get(t))
            self.check(False, "%s: nothing changed in the database (changed tables: %s)" %
                       (what, ", ".join(diff)))
        else:
            self.check(True, "%s: nothing changed in the database" % what)
        if extra:
            self.check(after[1] == before[1], "%s: nothing changed (%s)" % (
                what, getattr(extra, "__doc__", None) or "the view compared"))

    def audit_count(self):
        return self.sql("SELECT count(*) FROM audit")[0][0]

    def audit_since(self, seq):
        """Audit events after seq: [(seq, actor, action, object, detail)]."""
        return self.sql("SELECT seq, actor, action, object, detail FROM audit WHERE seq > ? "
                        "ORDER BY seq", (seq,))

    def audit_max(self):
        return self.sql("SELECT coalesce(max(seq), 0) FROM audit")[0][0]

    # --- accounts, through the CLI ------------------------------------------

    def cli_password(self, login, as_="adam"):
        """`vigil --as ADMIN user password LOGIN`: the new password."""
        r = self.ok("user", "password", login, as_=as_,
                    what="admin gives %s a new password (user password)" % login)
        return parse_line(r.out, "password")

    def cli_token(self, login, name, scope="write", days=None):
        args = ["token", "create", name, "--scope", scope]
        if days is not None:
            args += ["--days", str(days)]
        r = self.ok(*args, as_=login, what="%s creates a %s token %s (CLI)" % (login, scope,
                                                                                 name))
        tok = parse_line(r.out, "token")
        self.check(tok is not None and tok.startswith("vgl_"),
                   "token create prints 'token: vgl_...'", r)
        return tok


class CheckAbort(Exception):
    """A part of the scenario cannot go on (its failure is already counted)."""


def parse_line(out, name):
    """The value of a line "name: VALUE" in out, or None."""
    for line in out.splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    return None


def tls_context_insecure():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


# --------------------------------------------------------------------------- web forms
# (shared by the web page scripts)

_CSRF_FIELD = re.compile(rb'name="csrf" value="([0-9a-f]*)"')


def csrf_of(r):
    """The hidden csrf field of the form in page r ("" when none)."""
    m = _CSRF_FIELD.search(r.body)
    return m.group(1).decode() if m else ""


def urlencoded(fields):
    """An application/x-www-form-urlencoded body of [(name, value)]."""
    return urllib.parse.urlencode(fields).encode()


def multipart(fields, files=()):
    """A multipart/form-data body and its Content-Type: fields [(name, value)],
    files [(name, filename, bytes)]."""
    b = "vigilbound" + uuid.uuid4().hex
    out = []
    for k, v in fields:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" %
                    (b, k, v)).encode())
    for k, fn, data in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n" % (b, k, fn)).encode() +
                   data + b"\r\n")
    out.append(("--%s--\r\n" % b).encode())
    return b"".join(out), "multipart/form-data; boundary=" + b
