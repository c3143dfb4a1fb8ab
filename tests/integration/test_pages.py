#!/usr/bin/env python3
"""test_pages.py — the public HTML pages of `vigil serve` (SPEC §8): the
web page GET /vulnerabilities (src/web/page_vulnerabilities.c, inside the
site layout) and the export pages GET /releases/{name}/report and
GET /reports/status (docs/api.md "Outside the API"), over the shared
publication scenario of export_scenario.py with SEC-3 (embargoed,
CVE-2027-0004) fixed in v4.2.0 and a fourth public issue whose title and
description try to inject HTML.

Checks: 200 text/html; charset=utf-8 with the security headers (nosniff;
the web pages' CSP for /vulnerabilities — the one stylesheet, no inline
style —, a CSP that allows inline style only for the export pages; no
framing); a complete document whose tags balance (python's html.parser);
the concrete entries (the description rendered as safe Markdown, links to
the issue and its advisories); the embargoed CVE id only as "CVE-… — under
embargo until DATE" and nothing else of its issue (key, title, secrets,
fix) for psirt, the reporter, another reporter and anonymous alike, and the
same <main> for all of them; the hostile title as escaped text and the
hostile description's raw HTML dropped (no <script>, no event attribute,
links only to sections, the fixes, the public issues and their
advisories); the status page counting, for each caller, exactly the issues
the JSON API counts for it (anonymous and another reporter: the public ones
only).

Usage: test_pages.py PATH-TO-VIGIL.  Python 3 standard library only.
"""

import html.parser
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import export_scenario  # noqa: E402
from http_client import API, Client, HttpHarness  # noqa: E402

S = export_scenario
NOW = "2027-04-06T12:00:00Z"
UNTIL = "2027-05-01"
EVIL = "*x* <script>alert(1)</script> \"'&"
EVIL_DESC = ("<img src=x onerror=alert(2)>\n\nsecond <b>para</b> & more\n\n"
             "A crafted **DNS answer** makes `dns_unpack()` crash:\n\n"
             "1. send the answer\n2. watch it crash\n\nSee SEC-1 and CVE-2027-0001.\n")
CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
WEB_CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
FORMATS = ("cve", "osv", "csaf", "openvex")
VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed",
        "source", "track", "wbr"}
BLOCKS = {"h1", "h2", "h3", "p", "li", "title", "th", "td", "dt", "dd"}


class Page(html.parser.HTMLParser):
    """Tags, balance, attributes, and the text of each block element (li, p,
    headings...) with the id of the <section> it is in."""

    def __init__(self, text):
        html.parser.HTMLParser.__init__(self, convert_charrefs=True)
        self.stack, self.errors, self.tags, self.attrs = [], [], [], []
        self.blocks, self.bufs, self.section = [], [], None
        self.decl = None
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append("unclosed at the end: %r" % self.stack)

    def handle_decl(self, decl):
        self.decl = decl

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        if tag == "section":
            self.section = dict(attrs).get("id")
        if tag in BLOCKS:
            self.bufs.append([])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        if tag not in VOID and tag not in ("rect", "line", "path", "circle"):
            self.errors.append("self-closed <%s/>" % tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %r" % (tag, self.stack[-3:]))
            return
        self.stack.pop()
        if tag in BLOCKS and self.bufs:
            text = re.sub(r"\s+", " ", "".join(self.bufs.pop())).strip()
            self.blocks.append((self.section, tag, text))
        if tag == "section":
            self.section = None

    def handle_data(self, data):
        if self.bufs:
            self.bufs[-1].append(data)

    def texts(self, section=None, tag=None):
        return [t for s, g, t in self.blocks if (section is None or s == section) and
                (tag is None or g == tag)]

    def lines(self, section):
        """The blocks of a section in document order, each <dt> joined with
        its <dd> as "term: value" (just "term" when the <dd> holds a list,
        whose items follow as their own lines)."""
        out, term, at = [], None, None
        for s, g, t in self.blocks:
            if s != section:
                continue
            if g == "dt":
                term, at = t, len(out)
                out.append(None)
            elif g == "dd" and at is not None:
                out[at] = "%s: %s" % (term, t) if t else term
                at = None
            else:
                out.append(t)
        return out


def main_part(text):
    """The page's <main> element (the part that does not follow the visitor)."""
    m = re.search(r"<main id=\"main\">.*</main>", text, re.S)
    return m.group(0) if m else ""


def publish_evil(h):
    k = h.ok("report", "--title", EVIL, "--description", EVIL_DESC, as_="rep").out.strip()
    h.ok("issue", "ack", k, as_="alice")
    h.ok("issue", "set", k, "--embargo", "no", "--subsystem", "net", as_="alice")
    h.ok("cve", "assign", k, "CVE-2027-0005", as_="alice")
    h.ok("issue", "publish", k, "--reason", "no embargo", as_="alice")
    return k


def embargo_sec3(h, k3):
    """SEC-3 fixed in v4.2.0 while it stays under embargo until UNTIL."""
    h.ok("issue", "set", k3, "--embargo", "yes", "--embargo-until", UNTIL, "--subsystem",
         "net", "--priority", "P2", "--cvss", S.CVSS31_B, as_="alice")
    h.ok("issue", "assign", k3, "dev", as_="alice")
    h.ok("fix", "add", k3, S.REPO + "/pull/160", "--branch", "main", "--commit", S.C3,
         as_="dev")
    h.ok("fix", "merged", k3, S.REPO + "/pull/160", as_="alice")
    h.ok("issue", "move", k3, "released", "--release", "v4.2.0", as_="alice")


def forbidden(sc):
    k3 = sc["embargoed"]
    return ([S.C3, "pull/160", sc["retired"], "shell"] + sc["secrets"],
            re.compile(re.escape(k3) + r"\b"))


def check_doc(h, r, what):
    """The common answer of every page; returns the parsed Page."""
    h.check(r.status == 200 and r.header("Content-Type") == "text/html; charset=utf-8",
            "%s -> 200 text/html; charset=utf-8" % what, r)
    h.eq(r.header("X-Content-Type-Options"), "nosniff", "%s: nosniff" % what, r)
    h.eq(r.header("Content-Security-Policy"), CSP,
         "%s: CSP allows inline style only, no framing" % what, r)
    h.eq(r.header("X-Frame-Options"), "DENY", "%s: X-Frame-Options DENY" % what, r)
    p = Page(r.text)
    h.check(r.text.startswith("<!DOCTYPE html>\n<html lang=\"en\">"),
            "%s: an HTML5 document in English" % what, r)
    h.check(not p.errors, "%s: the tags balance (%r)" % (what, p.errors[:5]), r)
    h.check(p.tags.count("style") == 1 and "meta" in p.tags,
            "%s: one <style>, a <meta charset>" % what, r)
    h.check(not {"script", "link", "iframe", "img", "object", "embed", "form",
                 "b"} & set(p.tags), "%s: no script, external resource or injected tag (%r)" %
            (what, sorted(set(p.tags))), r)
    ev = [a for a in p.attrs if a[1].startswith("on") or a[1] == "src"]
    h.check(not ev, "%s: no event handler or src attribute (%r)" % (what, ev), r)
    hrefs = [v for t, k, v in p.attrs if k == "href"]
    h.check(all(v.startswith("#") or v.startswith(S.REPO + "/pull/") for v in hrefs),
            "%s: links only to sections and the fixes (%r)" % (what, hrefs), r)
    return p


def check_web_doc(h, r, sc, what):
    """The answer of the web page /vulnerabilities; returns the parsed Page
    of its <main>."""
    h.check(r.status == 200 and r.header("Content-Type") == "text/html; charset=utf-8",
            "%s -> 200 text/html; charset=utf-8" % what, r)
    h.eq(r.header("X-Content-Type-Options"), "nosniff", "%s: nosniff" % what, r)
    h.eq(r.header("Content-Security-Policy"), WEB_CSP,
         "%s: the web pages' CSP (no inline style or script, no framing)" % what, r)
    h.eq(r.header("X-Frame-Options"), "DENY", "%s: X-Frame-Options DENY" % what, r)
    whole = Page(r.text)
    h.check(r.text.startswith("<!DOCTYPE html>\n<html lang=\"en\">"),
            "%s: an HTML5 document in English" % what, r)
    h.check(not whole.errors, "%s: the tags balance (%r)" % (what, whole.errors[:5]), r)
    h.check("style" not in whole.tags and not any(k == "style" for t, k, v in whole.attrs) and
            ("link", "href", "/static/vigil.css") in
            [(t, k, (v or "").split("?")[0]) for t, k, v in whole.attrs],
            "%s: the site's stylesheet, no inline style" % what, r)
    main = main_part(r.text)
    h.check(main != "", "%s: the content is inside the layout's <main>" % what, r)
    p = Page(main)
    h.check(not p.errors, "%s: the <main> balances (%r)" % (what, p.errors[:5]), r)
    h.check(not {"script", "link", "iframe", "img", "object", "embed", "form", "b",
                 "style"} & set(p.tags),
            "%s: no script, external resource or injected tag (%r)" % (
                what, sorted(set(p.tags))), r)
    ev = [a for a in whole.attrs if a[1].startswith("on") or a[1] in ("src", "style")]
    h.check(not ev, "%s: no event handler, src or style attribute (%r)" % (what, ev), r)
    ours = [r"/issues/%s" % k for k in sc["public"] + [sc["evil"]]]
    ours += [r"/api/v1/issues/%s/advisories/%s" % (k, f) for k in sc["public"] + [sc["evil"]]
             for f in FORMATS]
    hrefs = [v for t, k, v in p.attrs if k == "href"]
    h.check(all(v.startswith("#") or v.startswith(S.REPO + "/pull/") or v in ours
                for v in hrefs),
            "%s: links only to sections, the fixes, the public issues and their advisories "
            "(%r)" % (what, hrefs), r)
    return p


def no_secrets(h, r, sc, what):
    texts, key = forbidden(sc)
    h.not_in(r, texts, "%s: nothing of the embargoed issue or the secrets" % what)
    h.check(not key.search(r.text), "%s: no embargoed key %s" % (what, sc["embargoed"]), r)


def check_vulns(h, r, p, sc, evil):
    lines = p.lines("CVE-2027-0001")
    want = [
        "CVE-2027-0001 Critical",
        "net: Buffer overflow in the DNS resolver",
        "A long CNAME chain overflows the name buffer.",
        "CVSS: 9.8 (Critical) " + S.CVSS31,
        "Affected versions: v3.5.0 up to (not including) v4.2.0",
        "Fixed in: v4.2.0 (on main)",
        "Fixes",
        "main: %s/pull/101, commit %s" % (S.REPO, S.C1),
        "v3.7-branch: %s/pull/102, commit %s (not merged yet)" % (S.REPO, S.C1_LTS),
        "Backports",
        "v4.1.0: needed",
        "v4.0.0: needed",
        "v3.7.0: merged, %s/pull/102" % S.REPO,
        "Reported: 2027-01-04",
        "Published: 2027-04-05",
        "Credit: Reina Reporter",
        "Issue: SEC-1",
        "Advisories: CVE JSON 5 \u00b7 OSV \u00b7 CSAF \u00b7 OpenVEX",
    ]
    h.eq(lines, want, "CVE-2027-0001's entry, in order", r)
    for f in FORMATS:
        h.check(('href="/api/v1/issues/SEC-1/advisories/%s"' % f) in r.text,
                "CVE-2027-0001 links SEC-1's %s advisory" % f, r)
    h.check('<span class="badge sev-Critical">Critical</span>' in r.text,
            "the severity is a badge", r)
    for cve in sc["cves"][sc["anonymous"]]:
        e = p.lines(cve)
        for line in ("net: Pairing accepts a zero-length key",
                     "Affected versions: v4.0.0 up to (not including) v4.2.0",
                     "Reported: 2027-02-01", "Published: 2027-02-01", "Issue: SEC-2"):
            h.check(line in e, "%s has %r: %r" % (cve, line, e), r)
        h.check(not any(t.startswith("Credit") for t in e), "%s: anonymous, no credit" % cve)
        h.check(any(t.startswith("CVSS: ") and S.CVSS40_B in t for t in e),
                "%s shows the v4.0 vector" % cve, r)
    h.eq(p.texts("under-embargo", "li"), ["CVE-2027-0004 \u2014 under embargo until " + UNTIL],
         "the embargoed CVE id shows only the end of its embargo", r)
    h.eq(r.text.count("under embargo until"), 1, "one embargoed line", r)
    heads = [t.split()[0] if g == "h3" else t for s, g, t in p.blocks
             if g in ("h1", "h2", "h3")]
    h.eq(heads, ["Vulnerabilities", "Under embargo", "2027", "CVE-2027-0001",
                 "CVE-2027-0002", "CVE-2027-0003", "CVE-2027-0005"],
         "the headings: title, embargo section, year, one per published id", r)
    ids = [v for t, k, v in p.attrs if k == "id"]
    h.check("CVE-2027-0001" in ids and "CVE-2027-0005" in ids and "CVE-2027-0004" in ids and
            len(ids) == len(set(ids)), "each CVE id is an anchor, ids unique (%r)" % ids, r)
    for s in (sc["retired"], "CVE-2027-0006", "Otto Reporter", "other@", evil + ":"):
        h.check(s not in r.text, "%r does not appear on the page" % s, r)
    e = p.lines("CVE-2027-0005")
    h.check(len(e) > 1 and e[1] == "net: " + EVIL, "the hostile title is shown as text", r)
    h.check("second para & more" in e and "onerror" not in r.text and "<b>" not in r.text,
            "the hostile description: its raw HTML dropped by the Markdown renderer, "
            "the text kept (%r)" % e, r)
    h.check("*x* &lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp;" in r.text,
            "the title's & < > \" ' are escaped in the source", r)


def check_markdown(h, r, p, md_cve):
    """The Markdown description of the last issue, rendered."""
    m = main_part(r.text)
    sec = m.split('id="%s"' % md_cve, 1)[-1].split("</section>", 1)[0]
    h.check("<strong>DNS answer</strong>" in sec and "<code>dns_unpack()</code>" in sec,
            "the description's Markdown is rendered (strong, code)", r)
    h.check(p.texts(md_cve, "li") == ["send the answer", "watch it crash"],
            "the numbered list is a list (%r)" % p.texts(md_cve, "li"), r)
    h.check("**" not in sec and 'href="/issues/SEC-1"' not in sec.split("<dl", 1)[0],
            "no raw Markdown; references in the text are no links (the same for everyone)",
            r)


def check_report(h, r, p):
    items = p.texts(tag="li")
    h.check(any(t.startswith("CVE-2027-0001 \u2014 SEC-1: Buffer overflow in the DNS "
                             "resolver") for t in items),
            "v4.2.0 lists SEC-1 in full (%r)" % items, r)
    h.check("Under embargo until " + UNTIL in " ".join(items) and
            "CVE-2027-0004: Under embargo until " + UNTIL in items,
            "the embargoed id with the end of its embargo only", r)
    h.check("Severity: Critical (9.8)" in items and "Published: 2027-04-05" in items,
            "severity and publication date of the public entry", r)
    heads = [t for s, g, t in p.blocks if g in ("h1", "h2")]
    h.eq(heads, ["Release report: v4.2.0", "Fixed vulnerabilities", "Under embargo"],
         "the report's headings", r)


def status_total(p):
    for t in p.texts(tag="h2"):
        m = re.match(r"Issues by state \((\d+)\)$", t)
        if m:
            return int(m.group(1))
    return None


def main():
    h = HttpHarness(sys.argv, "pages")
    sc = S.build(h)
    h.now = NOW
    evil = publish_evil(h)
    sc["evil"] = evil
    embargo_sec3(h, sc["embargoed"])
    callers = {"anonymous": None}
    for who in ("alice", "rep", "other"):
        callers[who] = h.cli_token(who, "pages", scope="read")
    h.start_server(NOW)
    port = h.server.port
    clients = {}
    for who, tok in callers.items():
        clients[who] = Client(port, who)
        clients[who].token = tok

    first = None
    for who, c in clients.items():
        h.section = "vulnerabilities as " + who
        r = c.get("/vulnerabilities")
        p = check_web_doc(h, r, sc, "GET /vulnerabilities as " + who)
        no_secrets(h, r, sc, "/vulnerabilities as " + who)
        if first is None:
            first = main_part(r.text)
            check_vulns(h, r, p, sc, evil)
            check_markdown(h, r, p, "CVE-2027-0005")
        else:
            h.check(main_part(r.text) == first, "%s gets the same <main> as anonymous" % who,
                    r)
    h.section = "advisory links"
    for f in FORMATS:
        r = clients["anonymous"].get("/api/v1/issues/%s/advisories/%s" % (sc["public"][0], f))
        h.check(r.status == 200 and r.jobj() is not None,
                "the page's link to the %s advisory answers for anyone" % f, r)

    for who, c in clients.items():
        h.section = "release report as " + who
        r = c.get("/releases/v4.2.0/report")
        p = check_doc(h, r, "GET /releases/v4.2.0/report as " + who)
        no_secrets(h, r, sc, "/releases/v4.2.0/report as " + who)
        check_report(h, r, p)
    h.section = "release report errors"
    r = clients["anonymous"].get("/releases/v9.9.9/report")
    h.problem(r, 400, "an unknown release", field="release")
    r = clients["anonymous"].get("/releases/v3.7.0/report")
    h.check(r.status == 200 and "CVE-2027-0001" in r.text and "CVE-2027-0004" not in r.text,
            "v3.7.0 lists its merged backport of SEC-1 and not SEC-3", r)

    totals = {}
    for who, c in clients.items():
        h.section = "status as " + who
        r = c.get("/reports/status")
        p = check_doc(h, r, "GET /reports/status as " + who)
        j = c.get(API + "/reports/status").jobj()
        totals[who] = status_total(p)
        h.check(totals[who] is not None and totals[who] == j.get("total"),
                "the page counts what the JSON API counts for %s (%r, %r)" % (
                    who, totals[who], j.get("total")), r)
        if who in ("anonymous", "other"):
            no_secrets(h, r, sc, "/reports/status as " + who)
    h.section = "status counts"
    h.eq(totals.get("anonymous"), 3, "anonymous counts the three public issues only")
    h.eq(totals.get("other"), 3, "another reporter counts the public issues only")
    h.eq(totals.get("alice"), 4, "psirt counts every issue")
    h.eq(totals.get("rep"), 4, "the reporter of SEC-3 counts it too")

    h.section = "methods"
    r = clients["anonymous"].request("POST", "/vulnerabilities", body=b"")
    h.check(r.status == 405, "POST /vulnerabilities -> 405", r)
    h.stop_server()
    h.finish()


if __name__ == "__main__":
    main()
