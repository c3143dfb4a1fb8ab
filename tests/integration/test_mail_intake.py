#!/usr/bin/env python3
"""test_mail_intake.py — `vigil mail-intake` (SPEC §3, §7; issue 6) with a
corpus of real-world-shaped messages (tests/integration/mail/): a plain
report, multipart/alternative in ISO-8859-1, HTML only (script, style and
title dropped, never rendered), attachments (one with an RFC 2231 name),
encoded-word subjects, ISO-8859-1 and Shift_JIS bodies; replies by
In-Reply-To and by the key in the subject, from the reporter (shared
comment) and from a stranger (nothing); bounces, auto-replies, list mail
and the null sender (no issue, exit 0); a duplicate Message-ID; refused
messages — oversized, broken MIME, nested too deep, too many parts, an
attachment over the limit, no header at all — exit 65 and are kept in the
held directory byte for byte with a .why file; a busy database exits 75
(the MTA retries) and keeps the message too; a Maildir is swept from new/
to cur/. Each check reads the result back with `vigil issue show --json`.

Usage: test_mail_intake.py PATH-TO-VIGIL
"""

import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vigil_harness import Harness  # noqa: E402
from mail_util import (EX_DATAERR, EX_OK, EX_TEMPFAIL, corpus, held_files,  # noqa: E402
                       intake)


def issues(h):
    return h.js("issue", "list", "--json", as_="alice")


def show(h, key):
    return h.js("issue", "show", key, "--json", as_="alice")


def reply(frm, subject, msgid, irt="", refs="", body="A reply."):
    t = corpus("reply_template.eml").decode()
    t = (t.replace("{FROM}", frm).replace("{SUBJECT}", subject).replace("{MSGID}", msgid)
         .replace("{IRT}", irt).replace("{REFS}", refs).replace("{BODY}", body))
    lines = [ln for ln in t.split("\n") if not ln.endswith(": ")]  # drop empty headers
    return "\n".join(lines).encode()


def taken(h, name, data=None, **kw):
    """Feed a corpus file; it must become a new issue. Returns the key."""
    r = intake(h, data if data is not None else corpus(name), **kw)
    h.check(r.rc == EX_OK and "new-issue SEC-" in r.err, "%s: taken in as a new issue" % name, r)
    return r.err.split("new-issue ")[-1].split()[0] if "new-issue " in r.err else "SEC-0"


def refused(h, what, data, code, *words):
    """The message is refused with code, kept in the held directory byte
    for byte, with a .why naming words; no issue is created."""
    n_issues, held = len(issues(h)), held_files(h)
    r = intake(h, data)
    h.check(r.rc == code, "%s: refused with exit %d" % (what, code), r)
    after = held_files(h)
    new = [p for p in after if p not in held]
    h.eq(len(new), 1, "%s: kept in the held directory" % what, r)
    if new:
        with open(new[0], "rb") as f:
            h.check(f.read() == data, "%s: the held copy is the message, byte for byte" % what)
        with open(new[0][:-4] + ".why") as f:
            why = f.read()
        h.check(all(w in why for w in words) and str(code) in why,
                "%s: the .why file names %r and the exit code (got %r)" % (what, words, why))
    h.eq(len(issues(h)), n_issues, "%s: no issue was created" % what)


def nested(depth):
    """A message whose multiparts nest depth levels deep."""
    head = ("From: Deep <deep@example.com>\nTo: security@example.org\nSubject: deep\n"
            "Message-ID: <deep-%d@example.com>\nMIME-Version: 1.0\n" % depth)
    body = "Content-Type: text/plain\n\ninnermost\n"
    for i in range(depth):
        body = ("Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n%s\n--b%d--\n"
                % (i, i, body, i))
    return (head + body).encode()


def many_parts(n):
    """n renderings of one text (multipart/alternative): no attachments."""
    parts = "".join("--p\nContent-Type: text/plain\n\npart %d\n" % i for i in range(n))
    return ("From: Many <many@example.com>\nTo: security@example.org\nSubject: parts\n"
            "Message-ID: <many@example.com>\nMIME-Version: 1.0\n"
            "Content-Type: multipart/alternative; boundary=\"p\"\n\n%s--p--\n"
            % parts).encode()


def big_attachment(nbytes):
    import base64
    b64 = base64.encodebytes(b"A" * nbytes).decode()
    return ("From: Big <big@example.com>\nTo: security@example.org\nSubject: big\n"
            "Message-ID: <big@example.com>\nMIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\nContent-Type: text/plain\n\n"
            "see attachment\n--x\nContent-Type: application/octet-stream\n"
            "Content-Disposition: attachment; filename=\"big.bin\"\n"
            "Content-Transfer-Encoding: base64\n\n%s\n--x--\n" % b64).encode()


def new_reports(h):
    h.section = "new reports"
    k = taken(h, "plain.eml")
    j = show(h, k)
    h.eq((j["state"], j["source"]), ("triage", "email"), "an e-mailed report starts in triage "
         "with source email")
    h.eq(j["title"], "Heap overflow in the TCP option parser", "the subject is the title")
    h.check("tcp_parse_options() reads past the end" in j["description"] and
            "Grüße, Rita" in j["description"] and
            ".leading dot line stays" in j["description"], "the body is the description")
    h.check(j["reporter"] is not None, "the sender is the reporter (account created)")
    users = h.js("user", "list", "--json", as_="admin")
    rita = [u for u in users if u["email"] == "rita@example.net"]
    h.check(len(rita) == 1 and rita[0]["login"] == j["reporter"] and rita[0]["roles"] == [],
            "one account with the sender's address and no role is the reporter")
    keys = {"plain": k}

    k = taken(h, "alternative.eml")
    j = show(h, k)
    h.eq(j["title"], "Speicherfehler im Gerätetreiber", "an ISO-8859-1 encoded-word subject "
         "is decoded")
    h.check("Der Gerätetreiber schreibt über das Ende" in j["description"] and
            "Jörg" in j["description"], "multipart/alternative: the ISO-8859-1 text part, "
            "in UTF-8")
    h.check("HTML-ONLY-MARKER" not in j["description"], "the HTML alternative is not used "
            "when there is a text part")

    k = taken(h, "html_only.eml")
    d = show(h, k)["description"]
    h.check("The shell command" in d and "overflows & crashes." in d,
            "HTML only: its text, entities decoded (got %r)" % d)
    h.check("- first step\n- second step" in d and "the proof <https://example.com/poc>" in d,
            "list items and link targets survive as text")
    h.check(not any(m in d for m in ("<p>", "<b>", "SCRIPT-MARKER", "TITLE-MARKER",
                                     "color: red", "pixel.gif")),
            "no markup, script, style, title or image survives")

    k = taken(h, "attachments.eml")
    j = show(h, k)
    h.eq([(a["name"], a["size"]) for a in j["attachments"]],
         [("poc.py", 27), ("cräsh log.bin", 10)],
         "both attachments kept, with their (RFC 2231) names and decoded sizes")
    out = os.path.join(h.tmp, "poc.out")
    if j["attachments"]:
        h.ok("issue", "attachment", k, str(j["attachments"][0]["id"]), "--out", out,
             as_="alice")
        with open(out, "rb") as f:
            h.eq(f.read(), b'import socket\nprint("PoC")\n', "the attachment's bytes are kept")
    h.eq(j["description"], "Two files attached: the proof of concept and a log.",
         "the text part is the description, not an attachment")

    k = taken(h, "shift_jis.eml")
    j = show(h, k)
    h.eq(j["title"], "脆弱性の報告", "an ISO-2022-JP encoded-word subject is decoded")
    h.check("バッファオーバーフローがあります。" in j["description"],
            "a Shift_JIS body arrives in UTF-8")

    k = taken(h, "latin1.eml")
    j = show(h, k)
    h.eq(j["title"], "Dépassement de tampon – réseau", "adjacent encoded words in two "
         "charsets are decoded and joined")
    h.eq(j["description"], "Le décodeur dépasse le tampon réseau.\nÀ bientôt",
         "an 8-bit ISO-8859-1 body arrives in UTF-8")
    return keys


def replies(h, keys):
    h.section = "replies"
    k = keys["plain"]
    n = len(issues(h))
    r = intake(h, reply("Rita Reporter <rita@example.net>", "Re: Heap overflow", "r1@example.net",
                        irt="<report-plain-1@example.net>", body="REPLY-BY-IRT more details"))
    h.check(r.rc == EX_OK and ("comment " + k) in r.err, "a reply by In-Reply-To from the "
            "reporter is a comment on the issue", r)
    r = intake(h, reply("rita@example.net", "Re: [%s] your report" % k, "r2@example.net",
                        body="REPLY-BY-SUBJECT even more"))
    h.check(r.rc == EX_OK and ("comment " + k) in r.err, "a reply with the key in the subject "
            "from the reporter is a comment", r)
    cs = show(h, k)["comments"]
    texts = [c.get("text", "") for c in cs]
    h.check(any("REPLY-BY-IRT" in t for t in texts) and any("REPLY-BY-SUBJECT" in t
                                                            for t in texts),
            "both replies are comments on %s (got %r)" % (k, texts))
    h.check(all(c.get("visibility") == "shared" for c in cs), "mailed comments are shared, "
            "the reporter sees them")
    rita = show(h, k)["reporter"]
    rv = h.js("issue", "show", k, "--json", as_=rita)
    h.eq(len(rv["comments"]), 2, "the reporter sees both comments")

    r = intake(h, reply("Mallory <mallory@example.com>", "Re: Heap overflow", "m1@example.com",
                        irt="<report-plain-1@example.net>", body="STRANGER-IRT"))
    h.check(r.rc == EX_OK and "ignored" in r.err, "a stranger's reply by In-Reply-To is "
            "ignored (exit 0)", r)
    # a key in a subject proves nothing: a stranger's message naming it is a
    # report of its own (the service's decision, docs/mail.md), never a comment
    r = intake(h, reply("mallory@example.com", "Re: [%s]" % k, "m2@example.com",
                        body="STRANGER-SUBJECT"))
    h.check(r.rc == EX_OK and "new-issue" in r.err and ("comment " + k) not in r.err,
            "a stranger's message naming the key is no comment on it", r)
    r = intake(h, reply("mallory@example.com", "Re: [SEC-999]", "m3@example.com",
                        body="MISSING-KEY"))
    h.check(r.rc == EX_OK, "a reply naming a missing key exits 0", r)
    after = show(h, k)["comments"]
    h.eq(len(after), 2, "no comment from the stranger")
    h.check(not any("STRANGER" in c.get("text", "") for c in after), "the stranger's text "
            "is nowhere on the issue")
    h.eq(len(issues(h)), n + 2, "the messages naming a key (visible or missing alike) made "
         "issues; the stranger's reply by In-Reply-To made none")
    n = len(issues(h))
    r = intake(h, corpus("plain.eml"))
    h.check(r.rc == EX_OK and "duplicate" in r.err, "the same Message-ID again: duplicate, "
            "exit 0", r)
    h.eq(len(issues(h)), n, "a duplicate makes no second issue")


def dropped(h):
    h.section = "bounces and auto-replies"
    n, held = len(issues(h)), held_files(h)
    for name in ("bounce_dsn.eml", "autoreply.eml", "precedence_bulk.eml"):
        r = intake(h, corpus(name))
        h.check(r.rc == EX_OK and "not taken in" in r.err, "%s: exit 0 with a log line" % name,
                r)
    data = corpus("plain.eml").replace(b"report-plain-1@", b"null-sender@")
    r = intake(h, data, sender="")
    h.check(r.rc == EX_OK and "null sender" in r.err, "the null sender (--sender '') is a "
            "bounce", r)
    r = intake(h, data, env={"SENDER": ""})
    h.check(r.rc == EX_OK and "null sender" in r.err, "so is an empty $SENDER (Postfix)", r)
    h.eq(len(issues(h)), n, "none of them made an issue")
    h.eq(held_files(h), held, "none of them is kept as refused")
    data = corpus("autoreply.eml").replace(b"auto-replied", b"no").replace(
        b"X-Autoreply: yes\n", b"").replace(b"ooo-8@", b"ooo-no@")
    taken(h, "Auto-Submitted: no", data)


def refusals(h):
    h.section = "refused and kept"
    refused(h, "broken MIME", corpus("broken_mime.eml"), EX_DATAERR, "boundary")
    refused(h, "no header", corpus("no_header.eml"), EX_DATAERR, "header")
    refused(h, "nested too deep", nested(12), EX_DATAERR, "nested")
    refused(h, "too many parts", many_parts(80), EX_DATAERR, "parts")
    refused(h, "attachment over 10 MiB", big_attachment(10 * 1024 * 1024 + 1), EX_DATAERR,
            "attachment")
    no_from = corpus("plain.eml").replace(b"From: Rita Reporter <rita@example.net>\n", b"")
    refused(h, "no From", no_from, EX_DATAERR, "from")
    odd = corpus("plain.eml").replace(
        b"From: Rita Reporter <rita@example.net>",
        b"From: =?utf-8?q?Odd=0D=0ABcc:_evil@example.com?= <odd@example.net>").replace(
        b"report-plain-1@", b"odd-name-1@")
    k = taken(h, "a sender name GMime cannot parse", odd)
    j = show(h, k)
    users = h.js("user", "list", "--json", as_="admin")
    h.check([u["email"] for u in users if u["login"] == j["reporter"]] == ["odd@example.net"],
            "the address of the raw From: header is the reporter")
    pad = b"X" * 76 + b"\n"
    big = corpus("plain.eml") + pad * (16 * 1024 * 1024 // len(pad) + 10)
    refused(h, "over 16 MiB", big, EX_DATAERR, "larger")
    taken(h, "nested 6 deep is fine", nested(6))


def busy(h):
    h.section = "database busy"
    lock_held = threading.Event()
    release = threading.Event()

    def locker():
        c = sqlite3.connect(h.db, timeout=30, isolation_level=None)
        c.execute("BEGIN EXCLUSIVE")
        lock_held.set()
        release.wait(60)
        c.execute("ROLLBACK")
        c.close()

    t = threading.Thread(target=locker)
    t.start()
    lock_held.wait(10)
    data = corpus("plain.eml").replace(b"report-plain-1@", b"busy-1@")
    held = held_files(h)
    r = intake(h, data)
    release.set()
    t.join()
    h.check(r.rc == EX_TEMPFAIL, "a locked database: exit 75, the MTA tries again", r)
    h.eq(len(held_files(h)), len(held) + 1, "the message is kept in the held directory too")
    time.sleep(0.2)
    taken(h, "the MTA's retry", data)


def maildir(h):
    h.section = "maildir"
    md = os.path.join(h.tmp, "Maildir")
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(md, sub))
    msgs = {"1.a:x": corpus("plain.eml").replace(b"report-plain-1@", b"maildir-1@"),
            "2.b": corpus("broken_mime.eml"), "3.c": corpus("bounce_dsn.eml")}
    for name, data in msgs.items():
        with open(os.path.join(md, "new", name), "wb") as f:
            f.write(data)
    n, held = len(issues(h)), len(held_files(h))
    r = intake(h, b"", "--maildir", md)
    h.eq(r.rc, EX_DATAERR, "a sweep with one refused message exits 65", r)
    h.eq(os.listdir(os.path.join(md, "new")), [], "new/ is empty afterwards")
    h.eq(sorted(os.listdir(os.path.join(md, "cur"))), ["1.a:x", "2.b:2,S", "3.c:2,S"],
         "every message moved to cur/")
    h.eq(len(issues(h)), n + 1, "the report became an issue")
    h.eq(len(held_files(h)), held + 1, "the broken one is kept in the held directory")
    r = intake(h, b"", "--maildir", md)
    h.eq(r.rc, EX_OK, "an empty new/ exits 0", r)
    keep = os.path.join(h.tmp, "held-elsewhere")
    r = intake(h, corpus("broken_mime.eml"), "--keep", keep)
    h.check(r.rc == EX_DATAERR and len(held_files(h, keep)) == 1, "--keep names the held "
            "directory", r)
    r = intake(h, b"", "--bogus")
    h.eq(r.rc, 64, "a usage error exits 64 (EX_USAGE)", r)


def logins(h):
    """New senders' logins follow the one rule the web report form uses too
    (newcomer_login, src/service/newcomer.c)."""
    h.section = "logins"
    for addr, want in (("Nora.N+Sec@example.net", "nora.n-sec"),
                       ("_x..y+-+z+@example.net", "x.y-z"),
                       ("+++@example.net", "reporter"),
                       ("nora.n.sec@example.net", "nora.n.sec"),
                       ("nora.n+sec@other.example", "nora.n-sec-2")):
        msg = corpus("plain.eml").replace(
            b"From: Rita Reporter <rita@example.net>", ("From: <%s>" % addr).encode()).replace(
            b"report-plain-1@", ("login-%s@" % want).encode())
        j = show(h, taken(h, "a report from %s" % addr, msg))
        h.eq(j["reporter"], want, "the sender %s gets the login %s" % (addr, want))


def main():
    h = Harness(sys.argv, "mail-intake")
    h.ok("init")
    h.ok("user", "add", "alice", "--email", "alice@example.org", "--role", "psirt", as_="admin")
    keys = new_reports(h)
    replies(h, keys)
    dropped(h)
    refusals(h)
    logins(h)
    busy(h)
    maildir(h)
    h.finish()


if __name__ == "__main__":
    main()
