#!/usr/bin/env python3
"""test_status.py — the status report (SPEC §8, docs/status-report.md):
`vigil report status [--since D] [--until D] [--format text|json|html]` and
GET /api/v1/reports/status over the publication scenario of
export_scenario.py plus three more issues at other dates:

  SEC-4  reported by other on 2027-03-01, never acknowledged (ack and fix
         overdue on 2027-04-06);
  SEC-5  reported by rep on 2027-03-10, acknowledged two days later,
         embargoed until 2027-04-15 (ends within 14 days);
  SEC-6  reported by other on 2027-03-15, acknowledged the next day,
         rejected on 2027-03-20.

Checks the concrete counts, lists, medians, histogram and monthly states
psirt gets; that a reporter, another reporter and anonymous count only what
they may see (no embargoed issue of others in counts, lists or charts); that
the HTML's SVG charts parse as XML and nothing from data is left unescaped;
that the HTTP answer equals the CLI's JSON; that bad dates are refused; and
that `vigil report --title …` still files a report.

Usage: test_status.py PATH-TO-VIGIL.  Python 3 standard library only.
"""

import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import export_scenario  # noqa: E402
from http_client import API, HttpHarness  # noqa: E402

S = export_scenario
NOW = "2027-04-06T12:00:00Z"
TITLE5 = "EMBARGOED <b>rep's</b> \"quoted\" & more"
ROLES = ("alice", "rep", "other", None)


def more_issues(h):
    h.now = "2027-03-01T09:00:00Z"
    k4 = h.ok("report", "--title", "EMBARGOED other's unacknowledged report",
              "--description", "EMBARGOED four", as_="other").out.strip()
    h.now = "2027-03-10T09:00:00Z"
    k5 = h.ok("report", "--title", TITLE5, "--description", "EMBARGOED five",
              as_="rep").out.strip()
    h.now = "2027-03-12T09:00:00Z"
    h.ok("issue", "ack", k5, as_="alice")
    h.ok("issue", "set", k5, "--embargo", "yes", "--embargo-until", "2027-04-15",
         as_="alice")
    h.now = "2027-03-15T09:00:00Z"
    k6 = h.ok("report", "--title", "EMBARGOED other's rejected report",
              "--description", "EMBARGOED six", as_="other").out.strip()
    h.now = "2027-03-16T09:00:00Z"
    h.ok("issue", "ack", k6, as_="alice")
    h.now = "2027-03-20T09:00:00Z"
    h.ok("issue", "reject", k6, "--resolution", "invalid", as_="alice")
    h.now = NOW
    return k4, k5, k6


def counts(**kw):
    c = {s: 0 for s in ("new", "triage", "assigned", "review", "accepted", "released",
                        "public", "rejected")}
    c.update(kw)
    return c


def keys_of(items, date_name):
    return [(i.get("key"), i.get(date_name)) for i in items]


def check_psirt(h, j, sc, k4, k5, k6):
    k1, k2, k3 = sc["keys"]
    h.eq(j["total"], 6, "psirt: six issues")
    h.eq(j["counts"], counts(new=1, triage=2, public=2, rejected=1), "psirt: counts per state")
    h.eq(keys_of(j["overdue"]["acknowledge"], "due"), [(k4, "2027-03-08")],
         "psirt: SEC-4's acknowledgement is overdue (due 7 days after the report)")
    h.eq(keys_of(j["overdue"]["fix"], "due"), [(k3, "2027-03-03"), (k4, "2027-03-31")],
         "psirt: SEC-3's and SEC-4's fixes are overdue")
    h.eq(keys_of(j["embargo_ending"], "until"), [(k5, "2027-04-15")],
         "psirt: SEC-5's embargo ends within 14 days")
    bp = {b["release"]: b["counts"] for b in j["backports"]}
    h.eq(sorted(bp), ["v3.7.0", "v4.0.0", "v4.1.0"], "psirt: backports of three releases")
    h.eq((bp["v3.7.0"]["merged"], bp["v3.7.0"]["not-needed"], bp["v4.0.0"]["needed"],
          bp["v4.1.0"]["needed"]), (1, 1, 2, 2), "psirt: backport states per release")
    m = j["median_days"]
    h.eq((m["acknowledge"]["issues"], m["acknowledge"]["days"]), (5, 0),
         "psirt: median days to acknowledge over 5 issues (0, 0, 0, 1, 2)")
    h.eq((m["fix"]["issues"], m["fix"]["days"]), (2, 8),
         "psirt: median days to fix (SEC-1 16, SEC-2 0)")
    h.eq((m["publish"]["issues"], m["publish"]["days"]), (2, 45.5),
         "psirt: median days to publish (SEC-1 91, SEC-2 0)")
    hist = [(b["bucket"], b["issues"]) for b in j["charts"]["time_to_fix"]]
    h.eq(hist, [("0-7", 1), ("8-14", 0), ("15-30", 1), ("31-60", 0), ("61-90", 0),
                ("91-180", 0), ("181+", 0)], "psirt: time-to-fix histogram")
    months = {mo["month"]: mo["counts"] for mo in j["charts"]["states_by_month"]}
    h.eq(sorted(months), ["2027-01", "2027-02", "2027-03", "2027-04"],
         "psirt: the chart runs from the first report to now")
    h.eq(months["2027-01"], counts(accepted=1), "psirt: end of January: SEC-1 accepted")
    h.eq(months["2027-03"], counts(new=1, triage=2, released=1, public=1, rejected=1),
         "psirt: end of March: states from the timestamps")
    h.eq(months["2027-04"], j["counts"], "psirt: this month's end is today's counts")


def check_period(h, k5, k6):
    j = h.js("report", "status", "--format", "json", "--since", "2027-03-01", "--until",
             "2027-03-31", as_="alice")
    h.eq((j["since"], j["until"]), ("2027-03-01", "2027-03-31"), "the period is echoed")
    m = j["median_days"]
    h.eq((m["acknowledge"]["issues"], m["acknowledge"]["days"]), (2, 1.5),
         "March: median days to acknowledge over SEC-5 (2) and SEC-6 (1)")
    h.eq((m["fix"]["issues"], m["fix"]["days"]), (0, None), "March: nothing fixed: null")
    h.eq([mo["month"] for mo in j["charts"]["states_by_month"]], ["2027-03"],
         "March: one month in the chart")
    h.eq(sum(b["issues"] for b in j["charts"]["time_to_fix"]), 0, "March: empty histogram")
    h.eq(j["total"], 6, "the period leaves today's counts alone")
    for args, field in ((("--since", "2027-02-30"), "since"), (("--until", "tomorrow"), "until"),
                        (("--since", "2027-04-01", "--until", "2027-03-01"), "until")):
        h.err_names(h.run("report", "status", *args, as_="alice"), field,
                    what="report status %s is refused naming %s" % (" ".join(args), field))
    h.usage("report", "status", "--format", "pdf", as_="alice")


def check_roles(h, outs, sc, k4, k5, k6):
    k1, k2, k3 = sc["keys"]
    j = outs["rep"][0]
    h.eq(j["counts"], counts(triage=2, public=2), "rep: own SEC-3, SEC-5 and the public ones")
    h.eq(keys_of(j["overdue"]["acknowledge"], "due"), [], "rep: no overdue ack of others")
    h.eq([i["key"] for i in j["overdue"]["fix"]], [k3], "rep: only own SEC-3's overdue fix")
    h.eq([i["key"] for i in j["embargo_ending"]], [k5], "rep: own SEC-5's embargo")
    h.eq(j["median_days"]["acknowledge"]["issues"], 4, "rep: medians over 4 issues")
    j = outs["other"][0]
    h.eq(j["counts"], counts(new=1, public=2, rejected=1), "other: own SEC-4, SEC-6 + public")
    h.eq([i["key"] for i in j["overdue"]["fix"]], [k4], "other: only own SEC-4 overdue")
    h.eq(j["embargo_ending"], [], "other: rep's embargo is not listed")
    j = outs[None][0]
    h.eq(j["total"], 2, "anonymous: the two public issues only")
    h.eq(j["counts"], counts(public=2), "anonymous: counts")
    h.eq((j["overdue"], j["embargo_ending"]), ({"acknowledge": [], "fix": []}, []),
         "anonymous: no lists")
    h.eq(j["backports"], outs["alice"][0]["backports"],
         "anonymous sees the public issues' backports like psirt (SEC-3 has none)")
    limit = {"rep": 4, "other": 4, None: 2}
    hidden = {"rep": [k4, k6], "other": [k3, k5], None: [k3, k4, k5, k6]}
    for who in ("rep", "other", None):
        name = who or "anonymous"
        tops = [sum(mo["counts"].values()) for mo in outs[who][0]["charts"]["states_by_month"]]
        h.check(max(tops) <= limit[who], "%s: no month counts more than the %d issues they "
                "may see (%r)" % (name, limit[who], tops))
        for form, text in zip(("json", "text", "html"), (json.dumps(outs[who][0]),) +
                              outs[who][1:]):
            bad = [k for k in hidden[who] if re.search(r"\b%s\b" % k, text)]
            h.eq(bad, [], "%s: %s shows no key of others' embargoed issues" % (name, form))
    for who in ROLES:
        for form, text in zip(("json", "text", "html"), (json.dumps(outs[who][0]),) +
                              outs[who][1:]):
            h.check(not any(s in text for s in sc["secrets"] + ["rep's", "quoted"]),
                    "%s: %s shows no title, description or comment" % (who, form))


def check_html(h, html, who):
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    h.eq(len(svgs), 2, "%s: two inline SVG charts" % who)
    for s in svgs:
        try:
            root = ET.fromstring(s)
            ok = root.tag == "{http://www.w3.org/2000/svg}svg" and len(root.findall(
                ".//{http://www.w3.org/2000/svg}rect")) > 0
        except ET.ParseError as ex:
            ok = False
            s += "\n" + str(ex)
        h.check(ok, "%s: the SVG parses as XML and draws bars" % who)
    try:
        ET.fromstring(html.split("\n", 1)[1])
        whole = True
    except ET.ParseError:
        whole = False
    h.check(whole, "%s: the whole page is well-formed XML" % who)
    h.check("<script" not in html.lower() and "on" + "load=" not in html,
            "%s: no scripts" % who)
    h.check(re.search(r"&(?!(amp|lt|gt|quot|#39);)", html) is None,
            "%s: every & starts an entity" % who)
    h.check("<style>" in html and "http://" not in html.replace(
        "http://www.w3.org/2000/svg", ""), "%s: self-contained (no external resources)" % who)


def local(h, sc, k4, k5, k6):
    outs = {}
    for who in ROLES:
        j = h.js("report", "status", "--format", "json", as_=who)
        text = h.ok("report", "status", as_=who).out
        html = h.ok("report", "status", "--format", "html", as_=who).out
        outs[who] = (j, text, html)
        check_html(h, html, who or "anonymous")
    check_psirt(h, outs["alice"][0], sc, k4, k5, k6)
    t = outs["alice"][1]
    for line in ("Issues: 6", "  triage       2", "  %-12s due 2027-03-08" % k4,
                 "  %-12s ends 2027-04-15" % k5, "  publish      45.5 days (2 issues)",
                 "  15-30        1"):
        h.check(line in t.splitlines(), "psirt text has the line %r" % line)
    h.check("<td>%s</td><td>2027-04-15</td>" % k5 in outs["alice"][2],
            "psirt HTML lists SEC-5's embargo end")
    check_roles(h, outs, sc, k4, k5, k6)
    check_period(h, k5, k6)
    return outs


def report_still_files(h):
    k = h.ok("report", "--title", "status", "--description", "a report titled status",
             as_="rep").out.strip()
    h.check(re.fullmatch(r"SEC-\d+", k) is not None, "report --title status still files", h.last)
    h.usage("report", as_="rep", what="report without --title is still a usage error")


def http(h, outs):
    h.start_server(NOW)
    c = h.client()
    r = c.get(API + "/reports/status")
    j = h.ok_json(r, 200, "anonymous GET /reports/status", dict)
    h.eq(j, outs[None][0], "anonymous: the HTTP answer is the CLI's JSON")
    r = c.get(API + "/reports/status?since=2027-13-01")
    h.problem(r, 400, "a bad since", field="since")
    tok = h.cli_token("rep", "st", scope="read")
    r = c.request("GET", API + "/reports/status", headers={"Authorization": "Bearer " + tok})
    h.eq(h.ok_json(r, 200, "rep's GET /reports/status", dict), outs["rep"][0],
         "rep over HTTP: the same as the CLI")
    url = "http://127.0.0.1:%d" % h.server.port
    r = h.run("report", "status", "--format", "json", raw_global=["--server", url], now=NOW)
    h.check(r.rc == 0 and json.loads(r.out or "null") == outs[None][0],
            "remote mode: the same JSON", r)
    h.stop_server()


def main():
    h = HttpHarness(sys.argv, "status")
    sc = S.build(h)
    h.section = "setup"
    k4, k5, k6 = more_issues(h)
    h.now = NOW
    h.section = "local"
    outs = local(h, sc, k4, k5, k6)
    h.section_run("http", http, h, outs)
    h.section = "report"
    report_still_files(h)
    h.finish()


if __name__ == "__main__":
    main()
