#!/usr/bin/env python3
"""test_counterpart.py — the public counterpart of an issue that needs no
embargo (SPEC §4): psirt gets the sanitised Markdown text for the regular
bug tracker; it holds the public fields only (no reporter, no internal
comment, no attachment), reporter text cannot add Markdown structure, an
issue under embargo (or undecided) has none, others may not make it, a
hidden issue answers like a missing key; storing the tracker's link marks
the issue tracked publicly.

Usage: test_counterpart.py PATH-TO-VIGIL
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vigil_harness import Harness  # noqa: E402

TITLE = "Crash in *shell* [x](javascript:alert(1)) <b>#"
DESC = "Line one.\n# Not a heading\n<script>alert(1)</script>\n[link](https://evil.example)"
CVSS = "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L"


def main():
    h = Harness(sys.argv, "counterpart")
    h.ok("init")
    h.ok("user", "add", "alice", "--email", "alice@example.org", "--role", "psirt", as_="admin")
    h.ok("user", "add", "rep", "--email", "rep@example.org", "--name", "Reina Reporter",
         as_="admin")
    h.ok("user", "add", "bob", "--email", "bob@example.org", as_="admin")
    h.ok("subsystem", "add", "shell", "--path", "subsys/shell/**", as_="alice")
    k = h.ok("report", "--title", TITLE, "--description", DESC, "--version", "v4.1.0",
             as_="rep").out.strip()
    h.ok("issue", "ack", k, as_="alice")

    h.section = "undecided or embargoed: none"
    r = h.run("issue", "counterpart", k, as_="alice")
    h.err_names(r, "embargo", "not 'no'", what="undecided: no counterpart")
    h.ok("issue", "set", k, "--embargo", "yes", as_="alice")
    r = h.run("issue", "counterpart", k, as_="alice")
    h.err_names(r, "embargo", what="under embargo: no counterpart")

    h.section = "embargo no"
    h.ok("issue", "set", k, "--embargo", "no", "--subsystem", "shell", "--cvss", CVSS,
         "--introduced", "v4.0.0", as_="alice")
    h.ok("cve", "reserve", "CVE-2027-0100..CVE-2027-0101", as_="alice")
    h.ok("cve", "assign", k, "CVE-2027-0100", as_="alice")
    h.ok("issue", "comment", k, "INTERNAL-NOTE do not share", "--internal", as_="alice")
    r = h.ok("issue", "counterpart", k, as_="alice")
    out = r.out
    first = out.splitlines()[0]
    h.eq(first, "# shell: Crash in \\*shell\\* \\[x\\]\\(javascript:alert\\(1\\)\\) "
         "\\<b\\>\\#", "the heading: subsystem and title, Markdown escaped", r)
    h.check("- Severity: Medium (CVSS 5.3, `%s`)" % CVSS in out, "severity, score and vector", r)
    h.check("- Introduced in: v4\\.0\\.0" in out and "- CVE-2027-0100" in out,
            "introduced-in and CVE id", r)
    h.check("- Security team reference: %s" % k in out, "the issue key as the reference", r)
    body = [line for line in out.splitlines() if line.startswith("    ")]
    h.eq(body, ["    " + line for line in DESC.split("\n")],
         "the report as an indented code block, line by line", r)
    h.check(not any(line.startswith(("#", "<", "[")) for line in out.splitlines()[1:]),
            "no line of reporter text starts Markdown structure", r)
    for secret in ("Reina", "rep@example.org", "INTERNAL-NOTE", "v4.1.0"):
        h.check(secret not in out, "no %r (reporter, internal comment, reported version)"
                % secret, r)

    h.section = "who may"
    for who in ("rep", "bob", None):
        r1 = h.run("issue", "counterpart", k, as_=who)
        if who == "rep":
            h.check(r1.rc == 1 and "may not" in r1.err and r1.out == "",
                    "the reporter may not make the counterpart", r1)
        else:
            r2 = h.run("issue", "counterpart", "SEC-999", as_=who)
            h.check(r1.rc == r2.rc == 1 and r1.err == r2.err and r1.out == "",
                    "%s: answers like a missing key" % (who or "anonymous"), r1)
    r = h.run("issue", "counterpart", k, raw_global=["--server", "http://127.0.0.1:9"],
              env={"VIGIL_TOKEN": ""})
    h.check(r.rc == 1 and "counterpart" in r.err and r.out == "",
            "remote mode says it is made on the server's machine", r)

    h.section = "the stored link"
    h.ok("issue", "set", k, "--public-link", "https://bugs.example.org/issues/4711",
         as_="alice")
    j = h.js("issue", "show", k, "--json", as_="alice")
    h.check(j.get("tracked_publicly") is True and
            j.get("public_link") == "https://bugs.example.org/issues/4711",
            "the link is stored and the issue is tracked publicly", h.last)
    r = h.run("issue", "set", k, "--public-link", "javascript:alert(1)", as_="alice")
    h.err_names(r, "public-link", what="a link that is not a URL is refused")
    h.finish()


if __name__ == "__main__":
    main()
