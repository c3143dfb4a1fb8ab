"""vigil_harness.py — what the CLI scenario tests of tests/integration share.

Each test script imports this module, builds a Harness from argv[1] (the path
of the vigil binary), drives the real binary through subprocess and counts
its checks. The first failed check prints the command, its exit code, stdout
and stderr, and ends the script with exit status 1. At the end the script
prints exactly "N passed, 0 failed" so CI can count the checks.

Set VIGIL_TEST_KEEP_GOING=1 to record failures and carry on instead of
stopping at the first one (for finding every bug in one run); the summary
line then reads "N passed, M failed" and the exit status is 1 when M > 0.
Set VIGIL_TEST_KEEP_TMP=1 to keep the temporary directory.

Python 3 standard library only.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

MISSING_KEY = "SEC-999"  # a key that never exists in these scenarios


class Result:
    """One run of the binary."""

    def __init__(self, cmd, rc, out, err, env_note):
        self.cmd = cmd
        self.rc = rc
        self.out = out
        self.err = err
        self.env_note = env_note

    def describe(self):
        return ("  command: %s\n  env:     %s\n  exit:    %d\n  stdout:  %s\n  stderr:  %s"
                % (" ".join(_quote(c) for c in self.cmd), self.env_note, self.rc,
                   _indent(self.out), _indent(self.err)))

    def json(self):
        return json.loads(self.out)


def _quote(s):
    if s and all(c.isalnum() or c in "-_./:=@+,%" for c in s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


def _indent(s):
    if not s:
        return "(empty)"
    s = s if len(s) <= 6000 else s[:6000] + "\n... (cut)"
    return s.rstrip("\n").replace("\n", "\n           ")


class CheckFailed(Exception):
    pass


class Harness:
    def __init__(self, argv, name):
        if len(argv) < 2:
            sys.stderr.write("usage: %s PATH-TO-VIGIL\n" % argv[0])
            sys.exit(2)
        self.vigil = os.path.abspath(argv[1])
        if not os.access(self.vigil, os.X_OK):
            sys.stderr.write("%s: not an executable: %s\n" % (argv[0], self.vigil))
            sys.exit(2)
        self.name = name
        self.tmp = tempfile.mkdtemp(prefix="vigil-it-%s-" % name)
        self.db = os.path.join(self.tmp, "vigil.db")
        self.now = "2026-01-05T10:00:00Z"
        self.passed = 0
        self.failed = 0
        self.keep_going = os.environ.get("VIGIL_TEST_KEEP_GOING") == "1"
        self.section = ""
        self.last = None

    # --- running the binary -------------------------------------------

    def run(self, *args, as_=None, now=None, db=None, env=None, raw_global=None):
        """Run vigil [--db DB] [--as LOGIN] ARGS with VIGIL_NOW set.
        as_=None runs anonymously (no --as, no $VIGIL_USER)."""
        cmd = [self.vigil]
        if raw_global is not None:
            cmd += list(raw_global)
        else:
            cmd += ["--db", db or self.db]
            if as_:
                cmd += ["--as", as_]
        cmd += [str(a) for a in args]
        e = {k: v for k, v in os.environ.items()
             if k not in ("VIGIL_DB", "VIGIL_USER", "VIGIL_NOW")}
        e["VIGIL_NOW"] = now if now is not None else self.now
        e["LC_ALL"] = "C"
        if env:
            for k, v in env.items():
                if v is None:
                    e.pop(k, None)
                else:
                    e[k] = v
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=e, cwd=self.tmp, timeout=60)
        note = "VIGIL_NOW=%s" % e.get("VIGIL_NOW", "")
        if env:
            note += " " + " ".join("%s=%s" % (k, v) for k, v in env.items())
        r = Result(cmd, p.returncode, p.stdout.decode("utf-8", "replace"),
                   p.stderr.decode("utf-8", "replace"), note)
        self.last = r
        if r.rc not in (0, 1, 2):
            self.check(False, "exit status %d is not 0, 1 or 2 (crash?)" % r.rc, r)
        return r

    def ok(self, *args, what=None, **kw):
        """Run and check exit 0."""
        r = self.run(*args, **kw)
        self.check(r.rc == 0, what or "command succeeds", r)
        return r

    def refused(self, *args, what=None, **kw):
        """Run and check exit 1."""
        r = self.run(*args, **kw)
        self.check(r.rc == 1, what or "command is refused with exit status 1", r)
        return r

    def usage(self, *args, what=None, **kw):
        """Run and check exit 2 (usage error)."""
        r = self.run(*args, **kw)
        self.check(r.rc == 2, what or "usage error exits 2", r)
        return r

    def js(self, *args, **kw):
        """Run a --json read that must succeed; return the parsed JSON."""
        r = self.ok(*args, **kw)
        try:
            return json.loads(r.out)
        except ValueError as ex:
            self.check(False, "stdout is valid JSON (%s)" % ex, r)
            return None

    # --- checks ---------------------------------------------------------

    def check(self, cond, what, result=None):
        if cond:
            self.passed += 1
            return True
        self.failed += 1
        msg = "FAIL [%s%s] %s" % (self.name, ("/" + self.section) if self.section else "",
                                  what)
        if result is not None:
            msg += "\n" + result.describe()
        sys.stdout.write(msg + "\n")
        sys.stdout.flush()
        if not self.keep_going:
            self.finish()
        return False

    def eq(self, got, want, what, result=None):
        if got == want:
            return self.check(True, what)
        return self.check(False, "%s\n  expected: %r\n  actual:   %r" % (what, want, got),
                          result)

    def err_names(self, r, field, *words, what=None):
        """Exit 1 and stderr names the field (": field: ") and each word."""
        ok = r.rc == 1 and (": %s: " % field) in r.err and all(
            w.lower() in r.err.lower() for w in words)
        return self.check(ok, what or "refused (exit 1) naming field %r%s" % (
            field, (" and " + ", ".join(repr(w) for w in words)) if words else ""), r)

    def same_as_missing(self, args_with_key, key, as_, what, missing=MISSING_KEY):
        """The command on key answers exactly like on a key that does not
        exist: exit 1, empty stdout, identical stderr."""
        a = [missing if x == key else x for x in args_with_key]
        r1 = self.run(*args_with_key, as_=as_)
        r2 = self.run(*a, as_=as_)
        good = (r1.rc == 1 and r2.rc == 1 and r1.err == r2.err and r1.out == ""
                and r2.out == "")
        if not good:
            r1.err += "\n  --- the same command on nonexistent %s gave: exit %d, stderr %r" % (
                missing, r2.rc, r2.err)
        self.check(good, "%s: %s on %s behaves exactly like %s (exit 1, same stderr)" % (
            as_ or "anonymous", " ".join(args_with_key[:2]), key, missing) +
            ((" — " + what) if what else ""), r1)
        return r1

    # --- helpers ----------------------------------------------------------

    def audit_len(self, as_="alice", db=None):
        a = self.js("audit", "log", "--json", "--limit", "1000000", as_=as_, db=db)
        return len(a) if a is not None else -1

    def backup(self, dst_name):
        """Consistent copy of the database (WAL included) via SQLite's
        backup API. Returns the new path."""
        dst = os.path.join(self.tmp, dst_name)
        if os.path.exists(dst):
            os.unlink(dst)
        src = sqlite3.connect(self.db)
        out = sqlite3.connect(dst)
        with out:
            src.backup(out)
        src.close()
        out.close()
        return dst

    def finish(self):
        if self.keep_going or self.failed:
            line = "%d passed, %d failed" % (self.passed, self.failed)
        else:
            line = "%d passed, 0 failed" % self.passed
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        if os.environ.get("VIGIL_TEST_KEEP_TMP") == "1":
            sys.stdout.write("(kept %s)\n" % self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
        sys.exit(1 if self.failed else 0)
