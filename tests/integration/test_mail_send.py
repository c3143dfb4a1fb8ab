#!/usr/bin/env python3
"""test_mail_send.py — the outbox sender (SPEC §7; issue 6) against a real
SMTP server on loopback (Debian's python3-aiosmtpd, tests/integration/mail/
smtp_sink.py, started here and stopped by its PID), with OpenPGP keys made
here by GnuPG (gpg --quick-gen-key, no passphrase):

- a report mailed in becomes an issue in triage; the reporter gets the
  acknowledgement; approved alert-list members get the triage notice — the
  one with a key PGP/MIME-encrypted (RFC 3156, decrypted here with gpg),
  the one without in plain text; the member whose key expired gets nothing
  and the message is held, visible in the queue with the reason; a denied
  request gets no notice;
- every message: CRLF, lines of at most 998 bytes, the headers vigil writes
  and no other, each once, Auto-Submitted: auto-generated, one recipient;
  text lines beginning with '.' arrive intact (dot-stuffing);
- 5xx for a recipient holds its message; 451 retries it;
- the SMTP server stopped mid-run: messages wait and are retried with
  backoff (VIGIL_NOW moves time), delivered after it returns, each once;
- the sender killed while a message is in flight: nothing is lost (the
  message is sent again after its lease, with the same Message-ID);
- a header-injection corpus: CR, LF, NUL and encoded-word tricks in every
  user value that reaches a message (names, organisations, titles,
  subsystems, addresses, comments) give 0 injected headers and no smuggled
  SMTP command;
- signing with the project's key (pgp_sign_key): multipart/signed that gpg
  verifies; `vigil serve` sends the outbox from its own thread.

Usage: test_mail_send.py PATH-TO-VIGIL
"""

import email
import email.header
import email.policy
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vigil_harness import Harness  # noqa: E402
from mail_util import EX_OK, SmtpSink, corpus, free_port, intake  # noqa: E402

ALLOWED = {"date", "from", "to", "subject", "message-id", "in-reply-to", "references",
           "auto-submitted", "mime-version", "content-type", "content-transfer-encoding"}
T0 = "2026-01-05T10:00:00Z"


def at(minutes):
    """T0 plus minutes, as VIGIL_NOW."""
    t = time.strptime(T0, "%Y-%m-%dT%H:%M:%SZ")
    import calendar
    s = calendar.timegm(t) + minutes * 60
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(s))


class Gpg:
    """A GnuPG home of the test: makes keys, decrypts and verifies."""

    def __init__(self, home):
        self.home = home
        os.makedirs(home, mode=0o700)

    def run(self, *args, inp=None, check=True):
        p = subprocess.run(["gpg", "--homedir", self.home, "--batch", "--yes",
                            "--pinentry-mode", "loopback", "--passphrase", ""] + list(args),
                           input=inp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
        if check and p.returncode != 0:
            raise RuntimeError("gpg %s: %s" % (" ".join(args), p.stderr.decode()))
        return p

    def make_key(self, uid, expire="never", faked=None):
        args = ["--quick-gen-key", uid, "default", "default", expire]
        if faked:
            args = ["--faked-system-time", faked] + args
        self.run(*args)
        return self.run("--armor", "--export", uid).stdout.decode()

    def fingerprint(self, uid):
        out = self.run("--with-colons", "--list-keys", uid).stdout.decode()
        return [ln.split(":")[9] for ln in out.splitlines() if ln.startswith("fpr:")][0]

    def stop(self):
        subprocess.run(["gpgconf", "--homedir", self.home, "--kill", "all"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def send(h, now=T0, expect_ok=True):
    r = h.run("mail-send", now=now)
    if expect_ok:
        h.check(r.rc == 0, "mail-send runs", r)
    return r


def counts(r):
    """(sent, retry, held) from mail-send's summary line."""
    try:
        w = r.out.split()
        return int(w[0]), int(w[2]), int(w[5])
    except (IndexError, ValueError):
        return (-1, -1, -1)


def to_of(env):
    return env["rcpt_tos"][0].lower() if env["rcpt_tos"] else ""


def for_rcpt(sink, addr):
    return [m for m in sink.messages() if to_of(m[0]) == addr.lower()]


def check_shape(h, sink, seen):
    """Every message received since the last call: transport shape and the
    header set. Returns the number of injected headers found."""
    injected = 0
    for env, raw, msg in sink.messages():
        mid = msg.get("Message-ID", "")
        if (raw, mid) in seen:
            continue
        seen.add((raw, mid))
        head = raw.split(b"\r\n\r\n", 1)[0]
        lines = raw.split(b"\r\n")
        h.check(b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b"")
                and b"\0" not in raw, "%s: CRLF only, no bare CR/LF, no NUL" % mid)
        h.check(max(len(ln) for ln in lines) <= 998, "%s: lines of at most 998 bytes" % mid)
        names = [k.lower() for k in msg.keys()]
        bad = [n for n in names if n not in ALLOWED] + [n for n in set(names)
                                                        if names.count(n) > 1]
        injected += len(bad)
        h.check(not bad, "%s: only vigil's headers, each once (extra: %r)" % (mid, bad))
        for k, v in msg.items():
            v = re.sub(r"\r?\n(?=[ \t])", "", v)   # unfold: folding is no line break
            dec = str(email.header.make_header(email.header.decode_header(v)))
            if "\r" in dec or "\n" in dec or "\0" in dec:
                injected += 1
                h.check(False, "%s: header %s decodes to a line break (%r)" % (mid, k, dec))
        h.check(msg.get("Auto-Submitted") == "auto-generated", "%s: Auto-Submitted: "
                "auto-generated" % mid)
        h.check(len(env["rcpt_tos"]) == 1 and env["rcpt_tos"][0].lower() in
                msg.get("To", "").lower(), "%s: one envelope recipient, the one in To:" % mid)
        h.check(head.count(b"\r\nBcc") == 0 and b"evil@example.com>" not in head,
                "%s: no Bcc, no smuggled address" % mid)
    return injected


def text_of(msg):
    """The decoded text/plain body of a plain message."""
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode("utf-8")
    return ""


OLD_KEY_SECONDS = 20
OLD_KEY_EXPIRES = [0.0]


def setup(h, sink, gpg):
    h.ok("init")
    for login, mail, role in (("alice", "alice@example.org", "psirt"),
                              ("bob", "bob@example.org", "psirt"),
                              ("dora", "dora@example.org", "director")):
        h.ok("user", "add", login, "--email", mail, "--role", role, as_="admin")
    h.ok("config", "set", "smtp_url", sink.url(), as_="admin")
    # an expired key is refused when it comes in (mail_pgp_check_key), so
    # Old Corp's key is registered while valid and expires OLD_KEY_SECONDS
    # later, before the first send (report_flow waits for it)
    keys = {"acme": gpg.make_key("Acme PSIRT <psirt@acme.example>"),
            "old": gpg.make_key("Old Corp <sec@old.example>",
                                "seconds=%d" % OLD_KEY_SECONDS)}
    OLD_KEY_EXPIRES[0] = time.time() + OLD_KEY_SECONDS
    for org, addr, key in (("Acme", "psirt@acme.example", "acme"),
                           ("Plain Co", "sec@plain.example", None),
                           ("Old Corp", "sec@old.example", "old"),
                           ("Denied Inc", "sec@denied.example", None)):
        args = ["alert", "request", "--org", org, "--address", addr, "--reason",
                "we ship the product"]
        if key:
            path = os.path.join(h.tmp, key + ".asc")
            with open(path, "w") as f:
                f.write(keys[key])
            args += ["--key-file", path]
        h.ok(*args)
    members = h.js("alert", "list", "--json", as_="dora")
    ids = {m["org"]: str(m["id"]) for m in members}
    for org in ("Acme", "Plain Co", "Old Corp"):
        h.ok("alert", "approve", ids[org], "--note", "vetted", as_="dora")
    h.ok("alert", "deny", ids["Denied Inc"], as_="dora")
    return ids


def report_flow(h, sink, gpg, seen):
    h.section = "a mailed report"
    time.sleep(max(0.0, OLD_KEY_EXPIRES[0] + 1 - time.time()))
    r = intake(h, corpus("plain.eml"))
    h.check(r.rc == EX_OK and "new-issue SEC-1" in r.err, "the report becomes SEC-1", r)
    h.eq(h.js("issue", "show", "SEC-1", "--json", as_="alice")["state"], "triage",
         "SEC-1 is in triage")
    r = send(h)
    sent, retry, held = counts(r)
    h.check(sent > 0 and retry == 0, "the pass sent its messages (%s)" % r.out.strip(), r)
    ack = for_rcpt(sink, "rita@example.net")
    h.eq(len(ack), 1, "the reporter got one message (the acknowledgement)")
    if ack:
        m = ack[0][2]
        h.check("[SEC-1]" in m["Subject"], "its subject names the key")
        h.check("Heap overflow" not in m["Subject"], "the subject carries no report text")
        h.check(m.get_content_type() == "text/plain" and "SEC-1" in text_of(m),
                "a plain text acknowledgement naming SEC-1")
        h.check(m.get_content_charset() == "utf-8" and
                m["Content-Transfer-Encoding"] == "quoted-printable",
                "text/plain; charset=utf-8, quoted-printable")

    enc = for_rcpt(sink, "psirt@acme.example")
    tri = [x for x in enc if "SEC-1" in x[2]["Subject"]]
    h.eq(len(tri), 1, "the member with a key got the triage notice")
    if tri:
        m, raw = tri[0][2], tri[0][1]
        h.check(m.get_content_type() == "multipart/encrypted" and
                m.get_param("protocol") == "application/pgp-encrypted",
                "PGP/MIME: multipart/encrypted; protocol=application/pgp-encrypted")
        parts = m.get_payload()
        h.check(len(parts) == 2 and parts[0].get_content_type() == "application/pgp-encrypted"
                and "Version: 1" in parts[0].get_payload() and
                parts[1].get_content_type() == "application/octet-stream" and
                "-----BEGIN PGP MESSAGE-----" in parts[1].get_payload(),
                "RFC 3156 parts: Version: 1, then the armored message")
        h.check(b"/issues/SEC-1" not in raw, "the body is not in the clear")
        p = gpg.run("--decrypt", inp=parts[1].get_payload().encode(), check=False)
        plain = p.stdout.decode("utf-8", "replace")
        h.check(p.returncode == 0 and "Content-Type: text/plain" in plain and
                "SEC-1" in email.message_from_string(plain).get_payload(decode=True).decode(),
                "gpg decrypts it to a text/plain part naming SEC-1 (%s)" % p.stderr[-200:])
    pl = [x for x in for_rcpt(sink, "sec@plain.example") if "SEC-1" in x[2]["Subject"]]
    h.check(len(pl) == 1 and pl[0][2].get_content_type() == "text/plain",
            "the member without a key got it in plain text")
    h.eq([x for x in for_rcpt(sink, "sec@old.example")], [],
         "the member with an expired key got nothing at all")
    h.eq(for_rcpt(sink, "sec@denied.example")[1:], [],
         "the denied request got at most the decision, no notice")
    h.check(all("SEC-1" not in x[2]["Subject"] for x in for_rcpt(sink, "sec@denied.example")),
            "no triage notice to the denied request")
    q = h.js("outbox", "list", "--json", as_="alice")
    old = [e for e in q if e.get("to") == "sec@old.example"]
    h.check(old and all(e["state"] == "held" for e in old) and
            all("expired" in (e.get("last_error") or "") for e in old),
            "its messages are held with the reason (key expired): %r" % old)
    h.eq(check_shape(h, sink, seen), 0, "no injected header so far")


def dots_and_codes(h, sink, seen):
    h.section = "dots, 5xx and 4xx"
    text = "first line\n.\n..two dots\n.leading dot\n. \nlast line"
    h.ok("issue", "comment", "SEC-1", text, as_="alice")
    send(h)
    got = [x for x in for_rcpt(sink, "rita@example.net") if "comment" in x[2]["Subject"].lower()]
    h.eq(len(got), 1, "the reporter got the shared comment")
    if got:
        body = text_of(got[0][2]).replace("\r\n", "\n")
        h.check("\n.\n..two dots\n.leading dot\n. \nlast line" in body,
                "lines beginning with '.' arrive intact (got %r)" % body)
    for who in ("reject-me@example.net", "later@example.net"):
        data = corpus("plain.eml").replace(b"rita@example.net", who.encode()).replace(
            b"report-plain-1@", (who.split("@")[0] + "-1@").encode())
        h.check(intake(h, data).rc == EX_OK, "a report from %s" % who, h.last)
    r = send(h)
    q = h.js("outbox", "list", "--json", as_="alice")
    rej = [e for e in q if e.get("to") == "reject-me@example.net"]
    lat = [e for e in q if e.get("to") == "later@example.net"]
    h.check(rej and rej[0]["state"] == "held" and "550" in (rej[0].get("last_error") or ""),
            "a 550 for the recipient holds the message: %r" % rej, r)
    h.check(lat and lat[0]["state"] == "pending" and lat[0]["attempts"] == 1 and
            "451" in (lat[0].get("last_error") or ""), "a 451 keeps it pending, one attempt "
            "made: %r" % lat, r)
    h.eq(check_shape(h, sink, seen), 0, "no injected header")


def server_down(h, sink, seen):
    h.section = "SMTP server stopped"
    sink.stop()
    h.ok("issue", "comment", "SEC-1", "while the server is down", as_="alice", now=at(1))
    r = send(h, now=at(1))
    sent, retry, held = counts(r)
    h.check(sent == 0 and retry >= 1 and "did not answer" in r.out, "nothing sent, the "
            "pass stops at the first refused connection", r)
    q = h.js("outbox", "list", "--json", as_="alice")
    waiting = [e for e in q if e["state"] == "pending"]
    h.check(len(waiting) >= 1, "messages wait in the queue")
    for _ in range(30):   # each pass tries one message while the server is down
        r = send(h, now=at(1))
        if counts(r)[1] == 0:
            break
    h.eq(counts(r)[:2], (0, 0), "once each waiting message was tried, nothing is due at "
         "the same moment (backoff)", r)
    sink.start()
    r = send(h, now=at(1))
    h.eq(counts(r)[0], 0, "the server is back, but the backoff has not passed", r)
    for minutes in (4, 30, 120, 600):
        send(h, now=at(minutes))
    q = h.js("outbox", "list", "--json", as_="alice")
    left = [e for e in q if e["state"] == "pending" and e.get("to") != "later@example.net"]
    h.eq(left, [], "after the backoff every waiting message went out")
    down = [x for x in for_rcpt(sink, "rita@example.net")
            if "while the server is down" in text_of(x[2])]
    h.eq(len(down), 1, "the comment made while the server was down arrived, once")
    mids = [m["Message-ID"] for _, _, m in sink.messages()]
    dup = sorted({x for x in mids if mids.count(x) > 1})
    h.check(not dup and len(mids) > 20, "each of the %d messages so far arrived exactly once "
            "(duplicated Message-IDs: %r)" % (len(mids), dup))
    h.eq(check_shape(h, sink, seen), 0, "no injected header")


def killed(h, sink, seen):
    h.section = "sender killed mid-send"
    data = corpus("plain.eml").replace(b"rita@example.net", b"kim@example.net").replace(
        b"report-plain-1@", b"kill-1@")
    h.check(intake(h, data, now=at(700)).rc == EX_OK, "a report from kim", h.last)
    open(os.path.join(sink.outdir, "SLOW"), "w").close()
    e = dict(os.environ, VIGIL_NOW=at(700), LC_ALL="C")
    e.pop("VIGIL_DB", None)
    p = subprocess.Popen([h.vigil, "--db", h.db, "mail-send"], env=e,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    os.unlink(os.path.join(sink.outdir, "SLOW"))
    time.sleep(2.5)   # the sink finishes the message in flight
    send(h, now=at(700))
    send(h, now=at(712))   # after the lease of the one in flight
    q = h.js("outbox", "list", "--json", as_="alice")
    kim = [e for e in q if e.get("to") == "kim@example.net"]
    h.check(kim and all(e["state"] == "sent" for e in kim), "kim's acknowledgement is sent "
            "in the end: %r" % kim)
    got = for_rcpt(sink, "kim@example.net")
    h.check(len(got) >= 1 and len({x[2]["Message-ID"] for x in got}) == 1,
            "kim got it (a resend, if any, has the same Message-ID): %d copies" % len(got))
    ids = {}
    for env, raw, m in sink.messages():
        ids.setdefault(m["Message-ID"], set()).add(to_of(env))
    sent = [e for e in q if e["state"] == "sent"]
    h.check(all(e.get("message_id") in ids for e in sent), "every delivery marked sent "
            "was received")
    h.eq(check_shape(h, sink, seen), 0, "no injected header")


def injection(h, sink, seen):
    h.section = "header injection"
    evil = ["Eve\r\nBcc: evil@example.com", "Eve\nBcc: evil@example.com", "Eve\0Bcc",
            "=?utf-8?q?Eve=0D=0ABcc:_evil@example.com?=",
            "=?utf-8?b?RXZlDQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?=",
            "Eve\u2028Bcc: evil@example.com", "Eve\u0085Bcc: evil@example.com"]
    accepted = 0
    for i, name in enumerate(evil):
        login = "eve%d" % i
        try:
            r = h.run("user", "add", login, "--email", "%s@example.com" % login, "--name", name,
                      "--role", "psirt", as_="admin")
        except ValueError:   # NUL cannot even be an argument
            continue
        if r.rc == 0:
            accepted += 1
    h.check(accepted >= 2, "some tricky names are accepted (the encoded-word ones): %d"
            % accepted)
    for org in ("Org\r\nBcc: evil@example.com", "=?utf-8?q?Org=0D=0ABcc:_evil@example.com?="):
        r = h.run("alert", "request", "--org", org, "--address", "org@example.net",
                  "--reason", "x")
    for addr in ("x@example.com\r\nBcc: evil@example.com", "x@example.com>,<evil@example.com",
                 "<evil@example.com>", "x@example.com\nRCPT TO:<evil@example.com>"):
        r = h.run("alert", "request", "--org", "Addr Co", "--address", addr, "--reason", "x")
        h.check(r.rc != 0, "an address with CR/LF or brackets is refused (%r)" % addr, r)
    for sub in ("net\r\nBcc: evil@example.com", "net=?utf-8?q?=0D=0ABcc:_e@example.com?="):
        h.run("subsystem", "add", sub, "--path", "net/**", as_="alice")
    members = h.js("alert", "list", "--json", as_="dora")
    for m in members:
        if m["status"] == "requested":
            h.run("alert", "approve", str(m["id"]), as_="dora")
    smuggle = ("Rex <rex@example.net>",
               "=?utf-8?q?Rex=0D=0ABcc:_evil@example.com?= <rex2@example.net>")
    body = ("Text\r\n.\r\nMAIL FROM:<evil@example.com>\r\nRCPT TO:<evil@example.com>\r\nDATA\r\n"
            "Subject: smuggled\r\n\r\nx\r\n.\r\nQUIT\r\n")
    for i, frm in enumerate(smuggle):
        msg = ("From: %s\r\nTo: security@example.org\r\nSubject: =?utf-8?q?Title=0D=0A"
               "Bcc:_evil@example.com=0D=0A.=0D=0A?=\r\nMessage-ID: <inj-%d@example.net>\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\n%s" % (frm, i, body)).encode()
        r = intake(h, msg, now=at(720))
        h.check(r.rc == EX_OK, "a report with a tricky sender name, subject and body is "
                "taken in", r)
    h.ok("issue", "comment", "SEC-1", body.replace("\r", ""), as_="alice", now=at(720))
    keys = [i["key"] for i in h.js("issue", "list", "--json", as_="alice")]
    for k in keys[-2:]:
        h.run("issue", "set", k, "--title", "T=?utf-8?q?=0D=0ABcc:_evil@example.com?=",
              as_="alice", now=at(720))
        h.run("issue", "set", k, "--subsystem", "net=?utf-8?q?=0D=0ABcc:_e@example.com?=",
              as_="alice", now=at(720))
        h.run("issue", "assign", k, "eve3", as_="alice", now=at(720))
    for minutes in (721, 725, 760):
        send(h, now=at(minutes))
    n = len(sink.messages())
    bad = check_shape(h, sink, seen)
    h.eq(bad, 0, "0 injected headers in all %d messages received" % n)
    h.check(n > 10, "the corpus reached the SMTP server (%d messages)" % n)
    envs = [e for e, _, _ in sink.messages()]
    h.check(all("evil" not in " ".join(e["rcpt_tos"]) + e["mail_from"] for e in envs),
            "no envelope ever named evil@example.com (no SMTP smuggling)")
    h.check(all("smuggled" != (m["Subject"] or "") for _, _, m in sink.messages()),
            "no smuggled message")
    eve = [x for x in for_rcpt(sink, "eve3@example.com")]
    h.check(len(eve) >= 1, "the person with an encoded-word name got mail")


def signing(h, sink, gpg, seen):
    h.section = "signing"
    vhome = Gpg(h.db + ".gnupg") if not os.path.isdir(h.db + ".gnupg") else None
    home = h.db + ".gnupg"
    sg = vhome or Gpg.__new__(Gpg)
    sg.home = home
    sg.make_key("Example Security <security@example.org>")
    fpr = sg.fingerprint("security@example.org")
    gpg.run("--import", inp=sg.run("--armor", "--export", fpr).stdout)
    h.ok("config", "set", "pgp_sign_key", fpr, as_="admin")
    h.ok("issue", "comment", "SEC-1", "signed comment", as_="alice", now=at(800))
    send(h, now=at(800))
    got = [x for x in for_rcpt(sink, "rita@example.net") if "signed comment" in
           x[1].decode("utf-8", "replace")]
    h.eq(len(got), 1, "the reporter got the signed comment")
    if got:
        raw, m = got[0][1], got[0][2]
        h.check(m.get_content_type() == "multipart/signed" and
                m.get_param("protocol") == "application/pgp-signature" and
                (m.get_param("micalg") or "").startswith("pgp-"), "multipart/signed, "
                "protocol application/pgp-signature, micalg pgp-*")
        boundary = m.get_boundary().encode()
        chunks = raw.split(b"--" + boundary)
        signed = chunks[1][2:-2]   # between the CRLF after the boundary and before the next
        sig = m.get_payload()[1].get_payload()
        sp, dp = os.path.join(h.tmp, "sig.asc"), os.path.join(h.tmp, "signed.txt")
        with open(sp, "w") as f:
            f.write(sig)
        with open(dp, "wb") as f:
            f.write(signed)
        p = gpg.run("--verify", sp, dp, check=False)
        h.check(p.returncode == 0 and b"Good signature" in p.stderr,
                "gpg verifies the signature over the signed part: %s" % p.stderr[-300:])
    data = corpus("plain.eml").replace(b"report-plain-1@", b"signed-1@")
    r = intake(h, data, now=at(801))
    key = r.err.split("new-issue ")[-1].split()[0] if "new-issue " in r.err else "?"
    send(h, now=at(801))
    acme = [x for x in for_rcpt(sink, "psirt@acme.example") if "[%s]" % key in x[2]["Subject"]]
    h.eq(len(acme), 1, "the member with a key got the triage notice of %s" % key)
    if acme:
        enc = acme[0][2].get_payload()[1].get_payload()
        p = gpg.run("--decrypt", inp=enc.encode(), check=False)
        h.check(p.returncode == 0 and b"Good signature" in p.stderr and
                key.encode() in p.stdout, "signed and encrypted: gpg decrypts it and verifies "
                "the project's signature (%s)" % p.stderr[-300:])
    h.eq(check_shape(h, sink, seen), 0, "no injected header")
    h.run("config", "set", "pgp_sign_key", "", as_="admin")
    sg.stop()
    return acme


def tls_auth(h, sink, seen):
    h.section = "refusal stages, STARTTLS, AUTH, smtps"
    h.ok("issue", "comment", "SEC-1", "REJECT-THIS-CONTENT", as_="alice", now=at(850))
    send(h, now=at(850))
    last = [e for e in h.js("outbox", "list", "--json", as_="alice")
            if e.get("to") == "rita@example.net"][-1]
    h.check(last["state"] == "held" and "554" in (last.get("last_error") or "") and
            "the message" in last["last_error"], "a 554 after the message is permanent: "
            "held (%r)" % last)

    cert, key = os.path.join(h.tmp, "cert.pem"), os.path.join(h.tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "30", "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    pw = os.path.join(h.tmp, "smtp-password")
    with open(pw, "w") as f:
        f.write("wrong-password\n")
    tls = SmtpSink(os.path.join(h.tmp, "smtp-tls"))
    tls.args = ["--starttls", cert, key, "--auth", "vigil:s3cret-pw"]
    tls.start()
    try:
        for k, v in (("smtp_url", tls.url()), ("smtp_tls", "none"), ("smtp_user", "vigil"),
                     ("smtp_password_file", pw), ("smtp_ca_file", cert)):
            h.ok("config", "set", k, v, as_="admin", now=at(850))
        h.ok("issue", "comment", "SEC-1", "over STARTTLS", as_="alice", now=at(851))
        send(h, now=at(851))
        e = [x for x in h.js("outbox", "list", "--json", as_="alice")
             if x.get("to") == "rita@example.net"][-1]
        h.check(e["state"] == "pending" and "session setup" in (e.get("last_error") or ""),
                "no STARTTLS where the server requires it: refused at MAIL, retried, not "
                "held (%r)" % e)
        h.ok("config", "set", "smtp_tls", "starttls", as_="admin", now=at(852))
        send(h, now=at(860))
        e = [x for x in h.js("outbox", "list", "--json", as_="alice")
             if x.get("to") == "rita@example.net"][-1]
        h.check(e["state"] == "pending" and e["attempts"] >= 2 and
                ("535" in (e.get("last_error") or "") or "Login" in e["last_error"]),
                "a wrong password: refused login, retried, not held (%r)" % e)
        with open(pw, "w") as f:
            f.write("s3cret-pw\n")
        send(h, now=at(880))
        got = [x for x in for_rcpt(tls, "rita@example.net") if "over STARTTLS" in text_of(x[2])]
        h.eq(len(got), 1, "with STARTTLS and the right password the message is delivered")
        log = h.run("audit", "log", "--json", "--limit", "1000000", as_="alice")
        h.check(log.rc == 0 and "s3cret-pw" not in log.out and "wrong-password" not in log.out,
                "the password is in no audit event (only the file's name)", log)
        h.check(check_shape(h, tls, seen) == 0, "no injected header")
        pub = h.js("config", "list", "--json", as_="kim", now=at(880))
        h.check(pub is not None and not any(k.startswith("smtp_") or k in ("gnupg_home",
                                                                           "pgp_sign_key")
                                            for k in pub),
                "a reporter does not see the SMTP and OpenPGP settings")
        adm = h.js("config", "list", "--json", as_="admin", now=at(880))
        h.eq(adm.get("smtp_password_file"), pw, "an admin does (the file's name, not the "
             "password)")
    finally:
        tls.stop()
    smtps = SmtpSink(os.path.join(h.tmp, "smtp-smtps"))
    smtps.args = ["--smtps", cert, key]
    smtps.start()
    try:
        for k, v in (("smtp_url", "smtps://127.0.0.1:%d" % smtps.port), ("smtp_user", ""),
                     ("smtp_password_file", ""), ("smtp_tls", "none")):
            h.ok("config", "set", k, v, as_="admin", now=at(881))
        h.ok("issue", "comment", "SEC-1", "over smtps", as_="alice", now=at(881))
        send(h, now=at(881))
        got = [x for x in for_rcpt(smtps, "rita@example.net") if "over smtps" in text_of(x[2])]
        h.eq(len(got), 1, "smtps:// (TLS from the first byte) delivers")
        h.ok("config", "set", "smtp_ca_file", "", as_="admin", now=at(882))
        h.ok("issue", "comment", "SEC-1", "unverified", as_="alice", now=at(882))
        send(h, now=at(882))
        got = [x for x in for_rcpt(smtps, "rita@example.net") if "unverified" in text_of(x[2])]
        e = [x for x in h.js("outbox", "list", "--json", as_="alice")
             if x.get("to") == "rita@example.net"][-1]
        h.check(not got and e["state"] == "pending", "a certificate that does not verify: "
                "nothing sent, retried later (%r)" % e)
    finally:
        smtps.stop()
    h.ok("config", "set", "smtp_url", sink.url(), as_="admin", now=at(883))


def serve(h, sink):
    h.section = "vigil serve sends"
    h.ok("issue", "comment", "SEC-1", "sent by serve", as_="alice", now=at(900))
    port = free_port()
    e = dict(os.environ, VIGIL_NOW=at(900), LC_ALL="C")
    p = subprocess.Popen([h.vigil, "--db", h.db, "serve", "--listen", "127.0.0.1:%d" % port,
                          "--mail-interval", "1", "--tick", "0"], env=e,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ok = False
    for _ in range(100):
        if any("sent by serve" in text_of(x[2]) for x in for_rcpt(sink, "rita@example.net")):
            ok = True
            break
        time.sleep(0.1)
    tok = h.ok("token", "create", "metrics", "--scope", "read", as_="alice", now=at(900))
    token = [ln.split(":", 1)[1].strip() for ln in tok.out.splitlines()
             if ln.startswith("token:")]
    metrics = ""
    if token:
        import urllib.request
        req = urllib.request.Request("http://127.0.0.1:%d/metrics" % port,
                                     headers={"Authorization": "Bearer " + token[0]})
        for _ in range(30):
            try:
                metrics = urllib.request.urlopen(req, timeout=10).read().decode()
                if 'vigil_mail_queue{state="pending"}' in metrics:
                    break
            except OSError:
                pass
            time.sleep(0.2)
    sent = [ln for ln in metrics.splitlines() if ln.startswith("vigil_mail_sent_total ")]
    h.check(sent and int(sent[0].split()[1]) >= 1 and
            'vigil_mail_queue{state="held"}' in metrics,
            "/metrics counts the sender's messages and the queue (%r)" % sent)
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = -1
    h.check(ok, "vigil serve's sender thread delivered the comment")
    h.eq(rc, 0, "vigil serve stops cleanly on SIGTERM with the sender thread")

    h.section = "mail-send --loop"
    h.ok("issue", "comment", "SEC-1", "sent by the loop", as_="alice", now=at(901))
    e = dict(os.environ, VIGIL_NOW=at(901), LC_ALL="C")
    p = subprocess.Popen([h.vigil, "--db", h.db, "mail-send", "--loop", "--interval", "1"],
                         env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ok = False
    for _ in range(100):
        if any("sent by the loop" in text_of(x[2]) for x in for_rcpt(sink, "rita@example.net")):
            ok = True
            break
        time.sleep(0.1)
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = -1
    h.check(ok, "mail-send --loop delivered the comment")
    h.eq(rc, 0, "mail-send --loop stops on SIGTERM")
    r = h.run("mail-send", "--interval", "5")
    h.eq(r.rc, 2, "--interval without --loop is a usage error", r)


def main():
    h = Harness(sys.argv, "mail-send")
    if not shutil.which("gpg"):
        sys.stdout.write("SKIP: gpg is not installed\n")
        sys.exit(77)
    sink = SmtpSink(os.path.join(h.tmp, "smtp"))
    gpg = Gpg(os.path.join(h.tmp, "gnupg-test"))
    seen = set()
    sink.start()
    try:
        setup(h, sink, gpg)
        report_flow(h, sink, gpg, seen)
        dots_and_codes(h, sink, seen)
        server_down(h, sink, seen)
        killed(h, sink, seen)
        injection(h, sink, seen)
        signing(h, sink, gpg, seen)
        tls_auth(h, sink, seen)
        serve(h, sink)
    finally:
        sink.stop()
        gpg.stop()
        subprocess.run(["gpgconf", "--homedir", h.db + ".gnupg", "--kill", "all"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    h.finish()


if __name__ == "__main__":
    main()
