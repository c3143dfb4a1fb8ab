#!/usr/bin/env python3
"""Durability: kill -9 the real vigil binary at random moments during a
stream of writes, repeatedly, then check that every write vigil acknowledged
(exit 0 and a printed key) is in the database, that SQLite's integrity check
passes, and that the audit chain still verifies.

Usage: test_kill.py VIGIL [ROUNDS]"""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time


def run(vigil, env, *args):
    return subprocess.run([vigil, *args], env=env, capture_output=True, text=True)


def main():
    vigil = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    rnd = random.Random(20271)
    tmp = tempfile.mkdtemp(prefix="vigil-kill-")
    env = dict(os.environ, VIGIL_DB=os.path.join(tmp, "v.db"), VIGIL_NOW="2027-03-01")
    env.pop("VIGIL_USER", None)
    checks = 0
    failures = 0

    def check(ok, what):
        nonlocal checks, failures
        checks += 1
        if not ok:
            failures += 1
            print("FAIL:", what)

    assert run(vigil, env, "init").returncode == 0
    assert run(vigil, env, "--as", "admin", "user", "add", "pat", "--email",
               "pat@example.org", "--role", "psirt").returncode == 0
    acked, killed = [], 0
    for i in range(rounds):
        # alternate two kinds of write: a new report, and a comment on an
        # earlier acknowledged report
        if acked and i % 2:
            key = rnd.choice(acked)[0]
            args = ["--as", "pat", "issue", "comment", key, "note %d" % i, "--internal"]
        else:
            args = ["--as", "pat", "report", "--title", "report %d" % i,
                    "--description", "stream write %d" % i]
        p = subprocess.Popen([vigil, *args], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        time.sleep(rnd.uniform(0, 0.006))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
        out, _ = p.communicate()
        if p.returncode == 0:
            if args[2] == "report":
                acked.append((out.strip(), "report %d" % i))
            else:
                acked.append((args[4], None, "note %d" % i))
        elif p.returncode == -signal.SIGKILL:
            killed += 1
        else:
            check(False, "write %d failed without being killed" % i)

    db = sqlite3.connect(env["VIGIL_DB"])
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check")
    titles = {r[0] for r in db.execute("SELECT title FROM issue")}
    notes = {r[0] for r in db.execute("SELECT body FROM comment")}
    db.close()
    for entry in acked:
        if entry[1] is not None:
            check(entry[1] in titles, "acknowledged report %s (%s) missing" % entry)
        else:
            check(entry[2] in notes, "acknowledged comment on %s missing" % entry[0])
    r = run(vigil, env, "--as", "pat", "audit", "verify")
    check(r.returncode == 0, "audit verify after kills: " + r.stderr.strip())
    print("rounds %d, acknowledged %d, killed mid-run %d" % (rounds, len(acked), killed))
    check(killed > 0, "no process was killed mid-run; the test proved nothing")
    print("%d passed, %d failed" % (checks - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
