"""smtp_sink.py — a real SMTP server on loopback for the mail tests
(Debian's python3-aiosmtpd).
Usage: smtp_sink.py PORT DIR [--starttls CERT KEY | --smtps CERT KEY]
                             [--auth USER:PASSWORD]

--starttls requires STARTTLS before MAIL; --smtps speaks TLS from the first
byte; --auth requires AUTH (PLAIN or LOGIN, after TLS) with that password.

Every accepted message is stored as DIR/<n>.eml (the bytes as received,
after the SMTP transparency dots are removed) with DIR/<n>.json holding
the envelope (mail_from, rcpt_tos), each written under a temporary name
and renamed. Recipients whose local part starts with "reject" get a
permanent 550, "later" a temporary 451; a message holding the text
REJECT-THIS-CONTENT a 554 after DATA. Runs until killed (SIGTERM).
"""

import asyncio
import json
import os
import signal
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.n = len([f for f in os.listdir(outdir) if f.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 no such user here"
        if local.startswith("later"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # a file SLOW in the directory makes every answer to DATA wait, so
        # that a test can kill the sender while a message is in flight
        if os.path.exists(os.path.join(self.outdir, "SLOW")):
            await asyncio.sleep(3)
        # content filter: a message holding this word is refused for good
        if b"REJECT-THIS-CONTENT" in envelope.original_content:
            return "554 5.7.1 content rejected"
        self.n += 1
        base = os.path.join(self.outdir, "%06d-%d" % (self.n, os.getpid()))
        for ext, data in ((".json", json.dumps({"mail_from": envelope.mail_from,
                                                "rcpt_tos": envelope.rcpt_tos}).encode()),
                          (".eml", envelope.original_content)):
            with open(base + ext + ".tmp", "wb") as f:
                f.write(data)
            os.rename(base + ext + ".tmp", base + ext)
        return "250 OK stored"


def options(args):
    kw, i = {}, 0
    while i < len(args):
        if args[i] in ("--starttls", "--smtps"):
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(args[i + 1], args[i + 2])
            if args[i] == "--starttls":
                kw.update(tls_context=ctx, require_starttls=True)
            else:
                kw.update(ssl_context=ctx)
            i += 3
        elif args[i] == "--auth":
            user, password = args[i + 1].split(":", 1)

            def check(server, session, envelope, mechanism, data, u=user, p=password):
                ok = (isinstance(data, LoginPassword) and data.login == u.encode()
                      and data.password == p.encode())
                return AuthResult(success=ok, handled=False)
            kw.update(authenticator=check, auth_required=True)
            i += 2
        else:
            raise SystemExit("smtp_sink.py: unknown option " + args[i])
    return kw


def main():
    port, outdir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    kw = options(sys.argv[3:])
    # decode_data=False keeps the bytes; no SMTPUTF8 games
    c = Controller(Sink(outdir), hostname="127.0.0.1", port=port, decode_data=False,
                   data_size_limit=10 * 1024 * 1024, **kw)
    c.start()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    while not stop:
        time.sleep(0.1)
    c.stop()


if __name__ == "__main__":
    main()
