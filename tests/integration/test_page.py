#!/usr/bin/env python3
"""test_page.py — `vigil export page --format rst|md|html` (SPEC §8, the
vulnerabilities page) over the shared publication scenario of
export_scenario.py plus one more public issue whose title and description
try to inject markup: the concrete content of both formats (year section,
one entry per published CVE id with its fields), the embargoed id with
"Under embargo until" and nothing else of that issue, no retired or pool
ids, no anonymous reporter's name, the same page for every role, escaping,
--out, usage errors, the audit event, the standalone HTML document (one
<style>, no script, escaped text, links only to sections and fixes — the
served /vulnerabilities is a web page, test_pages.py), and (when docutils is
installed)
that the reStructuredText parses without warnings and renders no injected
HTML or link.

Usage: test_page.py PATH-TO-VIGIL.  Python 3 standard library (+ docutils
if present).
"""

import io
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import export_scenario  # noqa: E402
from vigil_harness import Harness  # noqa: E402

S = export_scenario
NOW = "2027-04-06T12:00:00Z"
EVIL = "*bold* _x_ `code` <script>alert(1)</script> [link](javascript:alert(1))"
EVIL_DESC = ("1. first\n\n.. raw:: html\n\n   <b>x</b>\n\n# head\n----\n"
             "[x]: javascript:alert(2)\n\n* item | cell |")
EVIL_RST = ("net: \\*bold\\* \\_x\\_ \\`code\\` <script>alert(1)</script> "
            "[link](javascript\\:alert(1))")
EVIL_MD = ("net: \\*bold\\* \\_x\\_ \\`code\\` \\<script\\>alert(1)\\</script\\> "
           "\\[link\\](javascript\\:alert(1))")


def publish_evil(h):
    """A public issue reported by rep with markup in title and text."""
    k = h.ok("report", "--title", EVIL, "--description", EVIL_DESC, as_="rep").out.strip()
    h.ok("issue", "ack", k, as_="alice")
    h.ok("issue", "set", k, "--embargo", "no", "--subsystem", "net", as_="alice")
    h.ok("cve", "assign", k, "CVE-2027-0005", as_="alice")
    h.ok("issue", "publish", k, "--reason", "no embargo", as_="alice")
    return k


def entry(h, page, cve, md):
    """The text of cve's entry: from its heading to the next heading."""
    head = ("### " + cve + "\n") if md else (cve + "\n" + "=" * len(cve) + "\n")
    i = page.find(head)
    h.check(i >= 0, "%s has its own heading" % cve)
    rest = page[i + len(head):]
    m = re.search(r"^(#{1,3} |\S+\n[=*#]+\n)", rest, re.M)
    return (rest[:m.start()] if m else rest).lstrip("\n")


def check_sec1(h, e, md):
    url = (lambda u: "<%s>" % u) if md else (lambda u: u)
    code = (lambda v: "`%s`" % v) if md else (lambda v: "``%s``" % v)
    lines = [
        "net: Buffer overflow in the DNS resolver",
        "A long CNAME chain overflows the name buffer.",
        "- CVSS: 9.8 (Critical), " + code(S.CVSS31),
        "- Affected versions: v3.5.0 up to (not including) v4.2.0",
        "- Fixed in main for v4.2.0",
        "- Fix on main: %s, commit %s" % (url(S.REPO + "/pull/101"), S.C1),
        "- Fix on v3.7-branch: %s, commit %s (not merged yet)" % (
            url(S.REPO + "/pull/102"), S.C1_LTS),
        "- Backport to v3.7.0: merged, " + url(S.REPO + "/pull/102"),
        "- Reported: 2027-01-04",
        "- Published: 2027-04-05",
        "- Credit: Reina Reporter",
    ]
    got = e.splitlines()
    for line in lines:
        h.check(line in got, "CVE-2027-0001 has the line %r:\n%s" % (line, e))
    h.check(got.index(lines[0]) < got.index(lines[1]) < got.index(lines[2]),
            "title line, then description, then the fields")


def check_sec2(h, page, md):
    for cve in S.SEC2_CVES:
        e = entry(h, page, cve, md)
        got = e.splitlines()
        for line in ("net: Pairing accepts a zero-length key",
                     "Pairing with a zero-length key succeeds.",
                     "- Affected versions: v4.0.0 up to (not including) v4.2.0",
                     "- Fixed in main for v4.2.0", "- Backport to v3.7.0: not-needed",
                     "- Reported: 2027-02-01", "- Published: 2027-02-01"):
            h.check(line in got, "%s has the line %r:\n%s" % (cve, line, e))
        h.check(any(line.startswith("- CVSS: ") and S.CVSS40_B in line for line in got),
                "%s shows the v4.0 vector" % cve)
        h.check(not any(line.startswith("- Credit") for line in got),
                "%s (anonymous) has no credit line" % cve)


def check_common(h, page, sc, md, evil_key):
    h.check(page.startswith("# Vulnerabilities\n" if md else
                            "Vulnerabilities\n###############\n"), "the title")
    if md:
        h.check("- [Under embargo](#under-embargo)\n- [2027](#2027)\n" in page,
                "index: the embargo section and one line per year")
    else:
        h.check(".. contents:: Index\n   :local:\n   :depth: 1\n" in page,
                "index: the contents directive over the year sections")
    year = "## 2027\n" if md else "2027\n****\n"
    h.eq(page.count(year), 1, "one section for 2027")
    emb = "## Under embargo\n" if md else "Under embargo\n*************\n"
    h.check(emb in page and page.index(emb) < page.index(year),
            "the embargo section comes before the years")
    cve3 = sc["embargoed_cve"]
    h.eq(entry(h, page, cve3, md).strip(), "Under embargo until 2027-05-02",
         "the embargoed CVE id shows only the end of its embargo")
    order = [page.find(("### " if md else "") + c + "\n") for c in
             ("CVE-2027-0001", "CVE-2027-0002", "CVE-2027-0003", "CVE-2027-0005")]
    h.check(all(x >= 0 for x in order) and order == sorted(order),
            "one entry per published CVE id, in id order")
    check_sec1(h, entry(h, page, "CVE-2027-0001", md), md)
    check_sec2(h, page, md)
    for s in sc["secrets"] + [sc["retired"], "CVE-2027-0006", "CVE-2027-0020",
                              "Otto Reporter", "other@", "shell"]:
        h.check(s not in page, "%r does not appear on the page" % s)
    for k in sc["keys"] + [evil_key]:
        h.check(not re.search(re.escape(k) + r"\b", page), "no issue key (%s) on the page" % k)
    e = entry(h, page, "CVE-2027-0005", md)
    h.eq(e.splitlines()[0] if e else "", EVIL_MD if md else EVIL_RST,
         "the hostile title is escaped for the markup")
    h.check("\n1\\. first\n" in e, "an enumerator at a paragraph start is escaped")
    h.check("\n\\.\\. raw\\:\\: html\n" in e, "a leading '..' (directive) is escaped")
    want = ("\n\\# head ---- \\[x\\]\\: javascript\\:alert(2)\n" if md else
            "\n\\# head ---- [x]\\: javascript\\:alert(2)\n")
    h.check(want in e, "a heading, its underline and a link definition are flattened "
            "into one escaped paragraph:\n" + e)
    h.check("\n\\* item \\| cell \\|\n" in e, "a bullet and table bars are escaped")
    for line in page.splitlines():
        h.check(not re.match(r"\s*(\.\. |<|\[[^\]]*\]:)", line) or
                line.startswith(".. contents::"),
                "no line opens a directive, HTML block or link definition: %r" % line)


def check_rst_parses(h, page):
    try:
        import docutils.core
    except ImportError:
        sys.stdout.write("docutils not installed: rst parse check skipped\n")
        return
    warn = io.StringIO()
    html = docutils.core.publish_string(page, writer_name="html", settings_overrides={
        "report_level": 1, "halt_level": 5, "warning_stream": warn}).decode("utf-8")
    h.eq(warn.getvalue(), "", "docutils parses the page without warnings or errors")
    heads = re.findall(r"<h(\d)[^>]*>(?:<a [^>]*>)?([^<]*)", html)
    h.eq([t for _, t in heads], ["Vulnerabilities", "Under embargo", "CVE-2027-0004", "2027",
                                 "CVE-2027-0001", "CVE-2027-0002", "CVE-2027-0003",
                                 "CVE-2027-0005"], "exactly the expected headings")
    h.check("<script" not in html and "<b>" not in html, "no injected HTML in the rendering")
    hrefs = re.findall(r'href="([^"]*)"', html)
    h.check(hrefs and all(u.startswith("#") or u.startswith(S.REPO + "/pull/") for u in hrefs),
            "links only to sections and the fixes: %r" % hrefs)
    h.check("*bold* _x_ `code` &lt;script&gt;alert(1)&lt;/script&gt; "
            "[link](javascript:alert(1))" in html, "the title renders as the plain text")


def check_html(h, page, sc):
    """The standalone HTML document of export/page_html.c."""
    h.check(page.startswith("<!DOCTYPE html>\n<html lang=\"en\">") and
            page.count("<style>") == 1 and page.rstrip().endswith("</html>"),
            "html: one self-contained document with its own <style>")
    h.check("<script" not in page and "<link" not in page and " src=" not in page and
            " style=" not in page, "html: no script, no outside resource")
    h.check("&lt;script&gt;alert(1)&lt;/script&gt;" in page,
            "html: the hostile title is escaped text")
    hrefs = re.findall(r'href="([^"]*)"', page)
    h.check(hrefs and all(v.startswith("#") or v.startswith(S.REPO + "/pull/")
                          for v in hrefs),
            "html: links only to sections and the fixes (%r)" % hrefs)
    cve3 = sc["embargoed_cve"]
    m = re.search(r'<section id="%s">\n<h3>%s</h3>\n<p>(.*?)</p>\n</section>' % (cve3, cve3),
                  page)
    h.check(m is not None and m.group(1) == "Under embargo until 2027-05-02",
            "html: the embargoed CVE id shows only the end of its embargo")
    h.check('<section id="CVE-2027-0001">' in page and "Credit: Reina Reporter" in page,
            "html: an entry per published CVE id, with the credit")
    h.check(sc["embargoed"] + "<" not in page and "EMBARGOED" not in page and
            "INTERNAL-ONLY" not in page, "html: nothing else of the embargoed issue")


def main():
    h = Harness(sys.argv, "page")
    sc = S.build(h)
    S.SEC2_CVES = sc["cves"][sc["anonymous"]]
    h.now = NOW
    evil = publish_evil(h)
    pages = {}
    for fmt, md in (("rst", False), ("md", True)):
        h.section = fmt
        page = h.ok("export", "page", "--format", fmt, as_="alice").out
        pages[fmt] = page
        check_common(h, page, sc, md, evil)
        for who in ("rep", "other", "mia", None):
            r = h.ok("export", "page", "--format", fmt, as_=who)
            h.eq(r.out, page, "%s gets the same page as psirt" % (who or "anonymous"))
    h.section = "html"
    page = h.ok("export", "page", "--format", "html", as_="alice").out
    check_html(h, page, sc)
    for who in ("rep", "other", None):
        r = h.ok("export", "page", "--format", "html", as_=who)
        h.eq(r.out, page, "html: %s gets the same page as psirt" % (who or "anonymous"))
    h.section = "rst-parse"
    check_rst_parses(h, pages["rst"])
    h.section = "cli"
    path = os.path.join(h.tmp, "vulns.md")
    r = h.ok("export", "page", "--format", "md", "--out", path)
    h.eq(r.out, path + "\n", "--out prints the file name")
    with open(path, encoding="utf-8") as f:
        h.eq(f.read(), pages["md"], "--out writes the page")
    h.usage("export", "page", what="no --format is a usage error")
    h.usage("export", "page", "--format", "pdf", what="--format pdf is a usage error")
    h.usage("export", "page", "--format", "md", "SEC-1", what="no positional arguments")
    h.ok("export", "osv", sc["public"][0], what="the other formats still work")
    log = h.js("audit", "log", "--json", "--limit", "1000000", as_="alice")
    kinds = [e.get("object") for e in log if e.get("action") == "export"]
    h.check("page-rst" in kinds and "page-md" in kinds and "page-html" in kinds,
            "exports are audit events: %r" % kinds)
    h.finish()


if __name__ == "__main__":
    main()
