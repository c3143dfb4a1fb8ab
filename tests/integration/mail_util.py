"""mail_util.py — what the mail tests (test_mail_intake.py, test_mail_send.py)
share: feeding a message to `vigil mail-intake` (which answers with sysexits
codes, not vigil's 0/1/2), the corpus directory, and a real SMTP server on
loopback (Debian's python3-aiosmtpd, run by mail/smtp_sink.py in its own
process, stopped by its PID) whose stored messages the tests read back.

Python 3 standard library only (the SMTP server runs under an interpreter
that has aiosmtpd: this one, or Debian's /usr/bin/python3).
"""

import email
import email.policy
import glob
import json
import os
import signal
import socket
import subprocess
import sys
import time

from vigil_harness import Result

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "mail")

EX_OK, EX_DATAERR, EX_UNAVAILABLE, EX_TEMPFAIL = 0, 65, 69, 75


def corpus(name):
    with open(os.path.join(CORPUS, name), "rb") as f:
        return f.read()


def intake(h, data, *args, sender=None, env=None, now=None):
    """Run `vigil --db DB mail-intake ARGS` with data on stdin; return a
    Result (rc is the sysexits code)."""
    cmd = [h.vigil, "--db", h.db, "mail-intake"] + list(args)
    if sender is not None:
        cmd += ["--sender", sender]
    e = {k: v for k, v in os.environ.items()
         if k not in ("VIGIL_DB", "VIGIL_USER", "VIGIL_NOW", "SENDER")}
    e["VIGIL_NOW"] = now or h.now
    e["LC_ALL"] = "C"
    if env:
        e.update(env)
    p = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=e, cwd=h.tmp, timeout=120)
    r = Result(cmd, p.returncode, p.stdout.decode("utf-8", "replace"),
               p.stderr.decode("utf-8", "replace"), "VIGIL_NOW=%s (stdin: %d bytes)" % (
                   e["VIGIL_NOW"], len(data)))
    h.last = r
    return r


def held_files(h, held=None):
    """The .eml files kept in the held directory (sorted)."""
    d = held or h.db + ".mail-held"
    return sorted(glob.glob(os.path.join(d, "*.eml")))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _python_with_aiosmtpd():
    for py in (sys.executable, "/usr/bin/python3"):
        if py and subprocess.run([py, "-c", "import aiosmtpd"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL).returncode == 0:
            return py
    return None


class SmtpSink:
    """The loopback SMTP server: start(), stop() (by PID), messages()."""

    def __init__(self, outdir, port=None):
        self.outdir = outdir
        self.port = port or free_port()
        self.proc = None
        self.args = []     # e.g. ["--starttls", CERT, KEY, "--auth", "user:password"]
        self.python = _python_with_aiosmtpd()
        if not self.python:
            sys.stdout.write("SKIP: python3-aiosmtpd is not installed\n")
            sys.exit(77)

    def start(self):
        self.proc = subprocess.Popen([self.python, os.path.join(CORPUS, "smtp_sink.py"),
                                      str(self.port), self.outdir] + self.args,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = self.proc.stdout.readline()
        if b"ready" not in line:
            raise RuntimeError("the SMTP sink did not start")
        # the server answers once the controller is up
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the SMTP sink does not answer")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def messages(self):
        """[(envelope dict, raw bytes, email.message.Message)] in arrival order."""
        out = []
        for p in sorted(glob.glob(os.path.join(self.outdir, "*.eml"))):
            with open(p, "rb") as f:
                raw = f.read()
            with open(p[:-4] + ".json") as f:
                env = json.load(f)
            out.append((env, raw, email.message_from_bytes(raw, policy=email.policy.compat32)))
        return out
