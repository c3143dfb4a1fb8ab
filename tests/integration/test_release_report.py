#!/usr/bin/env python3
"""test_release_report.py — the release report (SPEC §8): `vigil release
report NAME [--format md|rst|json]` and GET /api/v1/releases/{name}/report
over the shared publication scenario of export_scenario.py, with SEC-3 (still
embargoed, CVE-2027-0004) moved to released in v4.2.0 and a fourth issue,
embargoed and fixed in v4.2.0 but without a CVE id.

Checks: which issues each release lists (fixed_in, or a backport merged or
released; a needed backport does not count), the full entries of public
issues, and that an embargoed issue shows — to psirt, its reporter, another
reporter and anonymous alike — only its CVE id and "Under embargo until
YYYY-MM-DD", never its key, title or anything else; an embargoed issue without
a CVE id not at all. Every format, locally, over HTTP (anonymous) and in
remote mode.

Usage: test_release_report.py PATH-TO-VIGIL.  Python 3 standard library only.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import export_scenario  # noqa: E402
from http_client import API, HttpHarness  # noqa: E402

S = export_scenario
NOW = "2027-04-06T12:00:00Z"
UNTIL = "2027-05-01"
ROLES = ("alice", "rep", "other", None)


def embargo_sec3(h, k3):
    """Give SEC-3 a fixed_in of v4.2.0 while it stays under embargo."""
    h.ok("issue", "set", k3, "--embargo", "yes", "--embargo-until", UNTIL, "--subsystem",
         "net", "--priority", "P2", "--cvss", S.CVSS31_B, as_="alice")
    h.ok("issue", "assign", k3, "dev", as_="alice")
    h.ok("fix", "add", k3, S.REPO + "/pull/160", "--branch", "main", "--commit", S.C3,
         as_="dev")
    h.ok("fix", "merged", k3, S.REPO + "/pull/160", as_="alice")
    h.ok("issue", "move", k3, "released", "--release", "v4.2.0", as_="alice")
    # a fourth issue, embargoed and fixed in v4.2.0, but with no CVE id
    k4 = h.ok("report", "--title", "NOCVE hidden flaw", "--description", "NOCVE details.",
              as_="rep").out.strip()
    h.ok("issue", "ack", k4, as_="alice")
    h.ok("issue", "set", k4, "--embargo", "yes", "--subsystem", "net", "--priority", "P3",
         "--cvss", S.CVSS31_B, as_="alice")
    h.ok("issue", "assign", k4, "dev", as_="alice")
    h.ok("fix", "add", k4, S.REPO + "/pull/170", "--branch", "main", as_="dev")
    h.ok("fix", "merged", k4, S.REPO + "/pull/170", as_="alice")
    h.ok("issue", "move", k4, "released", "--release", "v4.2.0", as_="alice")
    return k4


def forbidden(sc, k4):
    k3 = sc["embargoed"]
    return [k3 + "\n", k3 + ":", k3 + '"', k3 + " ", "EMBARGOED", "NOCVE", k4 + "\n",
            k4 + ":", k4 + '"', k4 + " ", S.C3, "pull/160", sc["retired"]] + sc["secrets"]


def check_json(h, j, sc, who):
    k1, k2 = sc["public"]
    h.eq(j.get("release"), "v4.2.0", "%s: release named" % who)
    e = j.get("entries", [])
    h.eq(len(e), 3, "%s: SEC-1, SEC-2 and the embargoed SEC-3 (not the issue without "
         "a CVE id)" % who)
    if len(e) != 3:
        return
    h.eq(e[0], {"cves": ["CVE-2027-0001"], "key": k1,
                "title": "Buffer overflow in the DNS resolver", "severity": "Critical",
                "score": 9.8, "fixed_in": "v4.2.0", "published": "2027-04-05"},
         "%s: SEC-1's full entry" % who)
    h.eq((e[1]["cves"], e[1]["key"], e[1]["title"], e[1]["fixed_in"], e[1]["published"]),
         (["CVE-2027-0002", "CVE-2027-0003"], k2, "Pairing accepts a zero-length key",
          "v4.2.0", "2027-02-01"), "%s: SEC-2's entry" % who)
    h.check(isinstance(e[1]["score"], float) and e[1]["severity"] == "High", "%s: SEC-2 is scored" % who)
    h.eq(e[2], {"cves": ["CVE-2027-0004"], "embargo_until": UNTIL},
         "%s: the embargoed entry holds its CVE id and the embargo's end, nothing else" % who)


def check_md(h, out, sc, who):
    k1, k2 = sc["public"]
    h.check(out.startswith("# Release report: v4.2.0\n"), "%s md: a title" % who)
    h.check("## Fixed vulnerabilities" in out and "## Under embargo" in out,
            "%s md: both sections" % who)
    h.check("- **CVE-2027-0001** \u2014 %s: Buffer overflow in the DNS resolver\n" % k1
            in out, "%s md: SEC-1's line" % who)
    h.check("- **CVE-2027-0002**, **CVE-2027-0003** \u2014 %s: Pairing" % k2 in out,
            "%s md: SEC-2's line with both ids" % who)
    h.check("  - Severity: Critical (9.8)\n  - Fixed in: v4.2.0\n"
            "  - Published: 2027-04-05\n" in out, "%s md: SEC-1's details" % who)
    h.check("- **CVE-2027-0004**: Under embargo until %s\n" % UNTIL in out,
            "%s md: the embargoed line" % who)
    h.check(out.index("Fixed vulnerabilities") < out.index("Under embargo"),
            "%s md: public entries first" % who)


def check_rst(h, out, sc, who):
    k1 = sc["public"][0]
    title = "Release report: v4.2.0"
    h.check(out.startswith(title + "\n" + "=" * len(title) + "\n\n"),
            "%s rst: a title underlined to its length" % who)
    h.check("Fixed vulnerabilities\n---------------------\n" in out and
            "Under embargo\n-------------\n" in out, "%s rst: both sections" % who)
    h.check("- **CVE-2027-0001** \u2014 %s: Buffer overflow in the DNS resolver\n\n"
            "  - Severity: Critical (9.8)\n" % k1 in out,
            "%s rst: SEC-1's entry with a nested list after a blank line" % who)
    h.check("- **CVE-2027-0004**: Under embargo until %s\n" % UNTIL in out,
            "%s rst: the embargoed line" % who)


def local(h, sc, k4):
    bad = forbidden(sc, k4)
    outs = {}
    for who in ROLES:
        label = who or "anonymous"
        j = h.js("release", "report", "v4.2.0", "--format", "json", as_=who)
        check_json(h, j or {}, sc, label)
        md = h.ok("release", "report", "v4.2.0", as_=who).out
        check_md(h, md, sc, label)
        rst = h.ok("release", "report", "v4.2.0", "--format", "rst", as_=who).out
        check_rst(h, rst, sc, label)
        for fmt, text in (("json", json.dumps(j)), ("md", md), ("rst", rst)):
            for w in bad:
                h.check(w not in text, "%s %s: %r does not appear" % (label, fmt, w))
        outs[who] = (j, md, rst)
    h.check(all(outs[w] == outs[None] for w in ROLES),
            "psirt, the reporter, another reporter and anonymous get the same report")
    return outs


def other_releases(h, sc):
    k1 = sc["public"][0]
    j = h.js("release", "report", "v3.7.0", "--format", "json")
    h.eq([(e.get("key"), e["cves"]) for e in j["entries"]], [(k1, ["CVE-2027-0001"])],
         "v3.7.0: SEC-1 through its merged backport, not SEC-2 (its backport is "
         "not needed)")
    h.eq(j["entries"][0].get("fixed_in"), "v4.2.0", "v3.7.0: fixed_in stays the main "
         "release")
    j = h.js("release", "report", "v4.0.0", "--format", "json")
    h.eq(j, {"release": "v4.0.0", "entries": []}, "v4.0.0 fixes nothing")
    md = h.ok("release", "report", "v4.0.0").out
    h.check("fixes no known vulnerability" in md and "Under embargo" not in md,
            "v4.0.0 md says it fixes nothing", h.last)
    r = h.run("release", "report", "v9.9.9")
    h.err_names(r, "release", "names no release", what="an unknown release: refused "
                "naming release")
    h.check(r.out == "", "nothing on stdout for an unknown release", r)
    h.usage("release", "report", "v4.2.0", "--format", "html",
            what="--format html: usage error")
    h.usage("release", "report", what="report without NAME: usage error")
    # a backport still needed does not count; once merged it does
    j = h.js("release", "report", "v4.1.0", "--format", "json")
    h.eq(j["entries"], [], "v4.1.0: SEC-1's and SEC-2's backports are only needed")
    h.ok("backport", "set", sc["anonymous"], "v4.1.0", "merged", "--fix",
         S.REPO + "/pull/141", as_="alice")
    j = h.js("release", "report", "v4.1.0", "--format", "json")
    h.eq([(e.get("key"), e["cves"]) for e in j["entries"]],
         [(sc["anonymous"], ["CVE-2027-0002", "CVE-2027-0003"])],
         "v4.1.0 lists SEC-2 once its backport is merged")


def http(h, sc, k4, outs):
    h.start_server(NOW)
    c = h.client()
    base = API + "/releases/v4.2.0/report"
    r = c.get(base)
    j = h.ok_json(r, 200, "anonymous GET " + base, dict)
    h.eq(j, outs[None][0], "the JSON answer is the CLI's JSON")
    r = c.get(base + "?format=json")
    h.eq(r.json(), outs[None][0], "?format=json: the same")
    r = c.get(base + "?format=md")
    h.check(r.status == 200 and r.ctype == "text/markdown", "?format=md: text/markdown", r)
    h.eq(r.text, outs[None][1], "?format=md: the CLI's Markdown")
    r = c.get(base + "?format=rst")
    h.check(r.status == 200 and r.ctype == "text/x-rst", "?format=rst: text/x-rst", r)
    h.eq(r.text, outs[None][2], "?format=rst: the CLI's reStructuredText")
    for fmt in ("", "?format=md", "?format=rst"):
        r = c.get(base + fmt)
        h.not_in(r, forbidden(sc, k4), "GET %s%s shows nothing more of the embargoed "
                 "issues" % (base, fmt))
    h.problem(c.get(base + "?format=html"), 400, "?format=html", field="format")
    h.problem(c.get(API + "/releases/v9.9.9/report"), 400, "an unknown release",
              field="release")
    url = "http://127.0.0.1:%d" % h.server.port
    r = h.run("release", "report", "v4.2.0", "--format", "rst", raw_global=["--server", url],
              now=NOW)
    h.check(r.rc == 0 and r.out == outs[None][2], "remote mode: the same RST", r)
    r = h.run("release", "report", "v4.2.0", "--format", "json",
              raw_global=["--server", url], now=NOW)
    h.check(r.rc == 0 and json.loads(r.out or "null") == outs[None][0],
            "remote mode: the same JSON", r)
    r = h.run("release", "report", "v9.9.9", raw_global=["--server", url], now=NOW)
    h.err_names(r, "release", what="remote mode: an unknown release names release")
    h.stop_server()


def main():
    h = HttpHarness(sys.argv, "release-report")
    sc = S.build(h)
    h.section = "setup"
    k4 = embargo_sec3(h, sc["embargoed"])
    h.now = NOW
    h.section = "local"
    outs = local(h, sc, k4)
    h.section = "releases"
    other_releases(h, sc)
    h.section_run("http", http, h, sc, k4, outs)
    h.finish()


if __name__ == "__main__":
    main()
