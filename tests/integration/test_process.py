#!/usr/bin/env python3
"""test_process.py — the security process over time (SPEC §3, §4, §6, §9),
through the real vigil binary with VIGIL_NOW moving forward: e-mailed reports
start in triage; rejection as a duplicate names the other issue; CVE ids are
assigned once and retired with a reason; the embargo end may move earlier but
not past 90 days after the report unless a meeting with quorum extends it;
`vigil tick` lists overdue acknowledgements and fixes and embargoes ending
within 14 days (only what the caller may see) and publishes every issue whose
embargo ended, flagging one not yet released as disclosed unfixed; `vigil
audit verify` passes on the real log and names the first bad event after the
database is changed behind vigil's back (on copies). Every refused command is
checked to leave the audit log, and psirt's view of the issues and of the CVE
pool, unchanged.

Issues (all reported at 10:00Z):
  SEC-1  rita, 2026-01-05; embargo yes, assigned, never fixed: tick publishes
         it on 2026-04-05 flagged disclosed unfixed.
  SEC-2  oscar, 2026-01-05; embargo yes, fixed and released in v3.6.0: tick
         publishes it on 2026-04-05, not flagged.
  SEC-3  e-mailed by rita, entered by alice 2026-01-06: starts in triage.
  SEC-4  oscar, 2026-01-06; never acknowledged (ack overdue).
  SEC-5  oscar, 2026-01-07; rejected as a duplicate of SEC-4.
  SEC-6  rita, 2026-01-07; embargo moved earlier to 2026-01-25, so it ends
         soon and is published (unfixed) by the tick of that day.
  SEC-7  rita, 2026-01-08; the 90-day limit, and a quorum meeting's extension
         to 2026-05-01.

Usage: test_process.py PATH-TO-VIGIL
"""

import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vigil_harness import Harness  # noqa: E402
from vigil_cast import CVSS_CRITICAL, CVSS_HIGH, create_cast  # noqa: E402

KEYS = ["SEC-%d" % i for i in range(1, 8)]
FIX = "https://github.com/example/product/pull/201"
TICK_FIELDS = {"published", "disclosed_unfixed", "ack_overdue", "fix_overdue",
               "embargo_soon"}


def snapshot(h):
    """psirt's view of every issue and of the CVE pool (reading embargoed
    issues is itself audited, so take it outside the audit count)."""
    shows = [h.run("issue", "show", k, "--json", as_="alice").out for k in KEYS]
    return shows + [h.run("cve", "list", "--json", as_="alice").out]


def unchanged(h, what, fn):
    before = snapshot(h)
    n = h.audit_len()
    fn()
    n2 = h.audit_len()
    after = snapshot(h)
    h.eq(n2, n, "%s: the audit log length is unchanged" % what)
    h.check(after == before, "%s: nothing changed (psirt's show of every issue, CVE pool)"
            % what)


def refuse(h, what, args, as_, field, *words):
    """args run as as_ is refused (exit 1) naming field and words, and
    changes nothing."""
    def go():
        r = h.run(*args, as_=as_)
        h.err_names(r, field, *words, what="%s: refused naming %r%s" % (
            what, field, "".join(" and %r" % w for w in words)))
    unchanged(h, what, go)


def usage_nochange(h, what, args, as_):
    def go():
        h.usage(*args, as_=as_, what="%s: usage error (exit 2)" % what)
    unchanged(h, what, go)


def show(h, key, as_="alice"):
    return h.js("issue", "show", key, "--json", as_=as_)


def tick(h, as_="alice"):
    """tick --json, checking its shape; returns the parsed object."""
    j = h.js("tick", "--json", as_=as_)
    r = h.last
    h.check(isinstance(j, dict) and set(j) == TICK_FIELDS,
            "tick --json has exactly the fields %s" % sorted(TICK_FIELDS), r)
    for f in TICK_FIELDS - {"embargo_soon"}:
        h.check(isinstance(j.get(f), list) and all(isinstance(k, str) for k in j[f]),
                "tick --json: %s is a list of keys" % f, r)
    h.check(isinstance(j.get("embargo_soon"), list) and all(
        isinstance(e, dict) and set(e) == {"key", "embargo_until"}
        for e in j["embargo_soon"]),
        "tick --json: embargo_soon is a list of {key, embargo_until}", r)
    return j


def soon(j):
    return [(e.get("key"), e.get("embargo_until")) for e in j.get("embargo_soon", [])]


def cve_row(h, cid):
    rows = [c for c in h.js("cve", "list", "--json", as_="alice") if c.get("id") == cid]
    h.check(len(rows) == 1, "cve list holds %s once" % cid, h.last)
    return rows[0] if rows else {}


def setup_issues(h):
    h.section = "setup"
    h.now = "2026-01-05T10:00:00Z"
    create_cast(h)
    h.ok("cve", "reserve", "CVE-2026-2000..CVE-2026-2009", as_="alice")
    r = h.ok("report", "--title", "net: use after free in the ARP cache", "--description",
             "An ARP reply races the cache timer.", as_="rita")
    h.eq(r.out.strip(), "SEC-1", "rita's report is SEC-1", r)
    r = h.ok("report", "--title", "fs: path traversal in the shell", "--description",
             "fs ls ../../ escapes the mount point.", as_="oscar")
    h.eq(r.out.strip(), "SEC-2", "oscar's report is SEC-2", r)
    for key, sub, prio, vec in (("SEC-1", "net", "P2", CVSS_CRITICAL),
                                ("SEC-2", "fs", "P3", CVSS_HIGH)):
        h.ok("issue", "ack", key, as_="alice")
        h.ok("issue", "set", key, "--subsystem", sub, "--priority", prio, "--cvss", vec,
             "--embargo", "yes", as_="alice")
        h.ok("issue", "assign", key, "dave", as_="alice")
    h.eq(h.ok("cve", "assign", "SEC-1", as_="alice").out.strip(), "CVE-2026-2000",
         "SEC-1 takes the lowest free id", h.last)
    h.eq(h.ok("cve", "assign", "SEC-2", as_="alice").out.strip(), "CVE-2026-2001",
         "SEC-2 takes the next one", h.last)
    j = show(h, "SEC-1")
    h.check(j.get("state") == "assigned" and j.get("embargo") == "yes" and
            j.get("embargo_until") == "2026-04-05" and j.get("ack_due") == "2026-01-12" and
            j.get("fix_due") == "2026-02-04",
            "SEC-1: embargo ends 90 days after the report, ack due in 7, fix in 30", h.last)


def email_report(h):
    h.section = "e-mailed report"
    h.now = "2026-01-06T10:00:00Z"
    n = len(h.js("issue", "list", "--json", as_="alice"))
    refuse(h, "a maintainer enters an e-mailed report",
           ["report", "--email-from", "rita", "--title", "x", "--description", "y"],
           "nina", "source", "psirt")
    refuse(h, "psirt enters an e-mailed report from nobody",
           ["report", "--email-from", "nobody", "--title", "x", "--description", "y"],
           "alice", "reporter", "no person")
    h.eq(len(h.js("issue", "list", "--json", as_="alice")), n,
         "the refused reports filed nothing")
    r = h.ok("report", "--email-from", "rita", "--title",
             "TLS: timing leak in the record layer", "--description", "Reported by e-mail.",
             as_="alice", what="psirt enters rita's e-mailed report")
    h.eq(r.out.strip(), "SEC-3", "the e-mailed report is SEC-3", r)
    j = show(h, "SEC-3")
    h.eq((j.get("state"), j.get("source"), j.get("reporter"), j.get("acknowledged")),
         ("triage", "email", "rita", "2026-01-06"),
         "an e-mailed report starts in triage, acknowledged, reported by the sender",
         h.last)
    j = show(h, "SEC-3", as_="rita")
    h.eq((j.get("view"), j.get("state")), ("reporter", "triage"),
         "the sender sees the e-mailed report as its reporter", h.last)
    hist = h.js("issue", "history", "SEC-3", "--json", as_="alice")
    h.check(len(hist) >= 1 and hist[0].get("action") == "issue.report" and
            hist[0].get("actor") == "alice" and
            hist[0].get("detail", {}).get("source") == "email",
            "the history records psirt entering an e-mailed report", h.last)
    refuse(h, "acknowledging an issue already in triage", ["issue", "ack", "SEC-3"],
           "alice", "state", "triage")
    r = h.ok("report", "--title", "mqtt: crash on an empty topic", "--description",
             "A zero-length topic crashes the broker.", as_="oscar")
    h.eq(r.out.strip(), "SEC-4", "oscar's second report is SEC-4", r)
    j = show(h, "SEC-4")
    h.eq((j.get("state"), j.get("embargo"), j.get("embargo_until")),
         ("new", "undecided", "2026-04-06"),
         "a report by its reporter starts in new, its embargo ending at the latest 90 "
         "days after the report even before any decision", h.last)


def duplicate(h):
    h.section = "reject as duplicate"
    h.now = "2026-01-07T10:00:00Z"
    r = h.ok("report", "--title", "mqtt: crash on an empty topic (again)", "--description",
             "Same as before.", as_="oscar")
    h.eq(r.out.strip(), "SEC-5", "the duplicate report is SEC-5", r)
    base = ["issue", "reject", "SEC-5", "--resolution"]
    refuse(h, "duplicate without --duplicate-of", base + ["duplicate"], "alice",
           "duplicate-of", "required")
    refuse(h, "duplicate of itself", base + ["duplicate", "--duplicate-of", "SEC-5"],
           "alice", "duplicate-of", "another")
    refuse(h, "duplicate of a missing issue",
           base + ["duplicate", "--duplicate-of", "SEC-999"], "alice", "duplicate-of")
    refuse(h, "--duplicate-of with another resolution",
           base + ["invalid", "--duplicate-of", "SEC-4"], "alice", "duplicate-of",
           "duplicate")
    refuse(h, "an unknown resolution", base + ["wontfix"], "alice", "resolution",
           "not-a-vulnerability")
    usage_nochange(h, "reject without --resolution", ["issue", "reject", "SEC-5"], "alice")
    h.ok(*(base + ["duplicate", "--duplicate-of", "SEC-4"]), as_="alice",
         what="psirt rejects SEC-5 as a duplicate of SEC-4")
    j = show(h, "SEC-5")
    h.eq((j.get("state"), j.get("resolution"), j.get("duplicate_of")),
         ("rejected", "duplicate", "SEC-4"), "SEC-5 is rejected as a duplicate of SEC-4",
         h.last)
    j = show(h, "SEC-5", as_="oscar")
    h.eq((j.get("state"), j.get("resolution"), j.get("duplicate_of")),
         ("rejected", "duplicate", "SEC-4"), "its reporter sees why it was rejected",
         h.last)
    refuse(h, "rejecting a rejected issue again",
           base + ["duplicate", "--duplicate-of", "SEC-4"], "alice", "state")

    # SEC-6: an embargo ended early on purpose
    r = h.ok("report", "--title", "net: DNS cache poisoning", "--description",
             "Predictable transaction ids.", as_="rita")
    h.eq(r.out.strip(), "SEC-6", "rita's next report is SEC-6", r)
    h.ok("issue", "ack", "SEC-6", as_="alice")
    h.ok("issue", "set", "SEC-6", "--embargo", "yes", "--embargo-until", "2026-01-25",
         as_="alice", what="psirt ends SEC-6's embargo early (earlier is always allowed)")
    h.eq(show(h, "SEC-6").get("embargo_until"), "2026-01-25", "SEC-6's embargo end",
         h.last)


def embargo_limits(h):
    h.section = "embargo limit"
    h.now = "2026-01-08T10:00:00Z"
    r = h.ok("report", "--title", "bluetooth: pairing downgrade", "--description",
             "Legacy pairing can be forced.", as_="rita")
    h.eq(r.out.strip(), "SEC-7", "rita's last report is SEC-7", r)
    h.ok("issue", "ack", "SEC-7", as_="alice")
    h.ok("issue", "set", "SEC-7", "--subsystem", "net", "--embargo", "yes", as_="alice")
    h.eq(show(h, "SEC-7").get("embargo_until"), "2026-04-08",
         "the embargo decision sets the end to 90 days after the report", h.last)
    setu = ["issue", "set", "SEC-7", "--embargo-until"]
    refuse(h, "embargo end 91 days after the report", setu + ["2026-04-09"], "alice",
           "embargo_until", "2026-04-08", "quorum")
    refuse(h, "embargo end half a year after the report", setu + ["2026-07-01"], "alice",
           "embargo_until", "2026-04-08")
    refuse(h, "embargo end before the report", setu + ["2026-01-07"], "alice",
           "embargo_until", "before")
    refuse(h, "an impossible date", setu + ["2026-02-30"], "alice", "embargo-until", "date")
    refuse(h, "a maintainer moves the embargo end", setu + ["2026-03-01"], "nina", "issue",
           "may not")
    h.ok(*(setu + ["2026-03-01"]), as_="alice", what="an earlier embargo end is allowed")
    h.eq(show(h, "SEC-7").get("embargo_until"), "2026-03-01", "SEC-7 ends 2026-03-01",
         h.last)
    h.ok(*(setu + ["2026-04-08"]), as_="alice",
         what="back to the 90th day (the latest allowed) is allowed")
    h.eq(show(h, "SEC-7").get("embargo_until"), "2026-04-08", "SEC-7 ends 2026-04-08",
         h.last)

    h.section = "quorum extension"
    m3 = h.ok("meeting", "add", "--date", "2026-01-08", "--attendee", "alice", "--attendee",
              "carol", "--attendee", "nina", as_="alice").out.strip()
    m4 = h.ok("meeting", "add", "--date", "2026-01-08", "--attendee", "alice", "--attendee",
              "carol", "--attendee", "nina", "--attendee", "archie",
              as_="alice").out.strip()
    ext = ["--kind", "extend", "--until", "2026-05-01", "--reason",
           "downstream vendors need a longer window"]
    refuse(h, "a meeting of three extends the embargo",
           ["meeting", "decide", m3, "SEC-7"] + ext, "alice", "meeting", "quorum")
    refuse(h, "an extension that ends before the current latest end",
           ["meeting", "decide", m4, "SEC-7", "--kind", "extend", "--until", "2026-03-01",
            "--reason", "r"], "alice", "until")
    refuse(h, "an extension without an end",
           ["meeting", "decide", m4, "SEC-7", "--kind", "extend", "--reason", "r"], "alice",
           "until", "required")
    refuse(h, "a maintainer records a decision", ["meeting", "decide", m4, "SEC-7"] + ext,
           "nina", "as", "psirt")
    h.ok("meeting", "decide", m4, "SEC-7", *ext, as_="alice",
         what="a meeting of four (quorum) extends the embargo past 90 days")
    h.eq(show(h, "SEC-7").get("embargo_until"), "2026-05-01",
         "the extension moved the embargo end to 2026-05-01", h.last)
    h.ok(*(setu + ["2026-04-20"]), as_="alice",
         what="after the extension, an end past the 90th day is allowed")
    h.eq(show(h, "SEC-7").get("embargo_until"), "2026-04-20", "SEC-7 ends 2026-04-20",
         h.last)
    refuse(h, "past the extended end", setu + ["2026-05-02"], "alice", "embargo_until",
           "2026-05-01")
    h.ok(*(setu + ["2026-05-01"]), as_="alice", what="up to the extended end is allowed")
    h.eq(show(h, "SEC-7").get("embargo_until"), "2026-05-01", "SEC-7 ends 2026-05-01",
         h.last)


def cves(h):
    h.section = "CVE ids"
    h.ok("cve", "assign", "SEC-7", "CVE-2026-2002", as_="alice")
    refuse(h, "an id assigned to SEC-7 is given to SEC-2",
           ["cve", "assign", "SEC-2", "CVE-2026-2002"], "alice", "cve", "assigned")
    refuse(h, "SEC-1's id is given to SEC-7", ["cve", "assign", "SEC-7", "CVE-2026-2000"],
           "alice", "cve", "assigned")
    h.eq(show(h, "SEC-2").get("cves"), ["CVE-2026-2001"], "SEC-2 keeps only its own id",
         h.last)
    h.eq(cve_row(h, "CVE-2026-2002").get("issue"), "SEC-7", "CVE-2026-2002 stays SEC-7's")
    refuse(h, "a rejected issue gets an id", ["cve", "assign", "SEC-5"], "alice", "state",
           "rejected")

    refuse(h, "retire with an empty reason",
           ["cve", "retire", "CVE-2026-2009", "--reason", ""], "alice", "reason")
    usage_nochange(h, "retire without --reason", ["cve", "retire", "CVE-2026-2009"], "alice")
    refuse(h, "retire an id not in the pool",
           ["cve", "retire", "CVE-2026-2999", "--reason", "typo"], "alice", "cve", "pool")
    refuse(h, "a maintainer retires an id",
           ["cve", "retire", "CVE-2026-2009", "--reason", "unused"], "nina", "as", "psirt")
    h.ok("cve", "retire", "CVE-2026-2009", "--reason", "reserved by mistake", as_="alice",
         what="psirt retires an unused id with a reason")
    c = cve_row(h, "CVE-2026-2009")
    h.eq((c.get("state"), c.get("reason"), c.get("issue")),
         ("rejected", "reserved by mistake", None), "the retired id keeps its reason")
    refuse(h, "retire a retired id again",
           ["cve", "retire", "CVE-2026-2009", "--reason", "again"], "alice", "cve",
           "rejected")
    refuse(h, "assign a retired id", ["cve", "assign", "SEC-7", "CVE-2026-2009"], "alice",
           "cve", "not reserved")
    h.ok("cve", "assign", "SEC-7", "CVE-2026-2003", as_="alice")
    h.ok("cve", "retire", "CVE-2026-2003", "--reason", "one id is enough for SEC-7",
         as_="alice", what="psirt retires an id assigned in error")
    c = cve_row(h, "CVE-2026-2003")
    h.eq((c.get("state"), c.get("reason")), ("rejected", "one id is enough for SEC-7"),
         "the retired assigned id is rejected with its reason")
    h.eq(show(h, "SEC-7").get("cves"), ["CVE-2026-2002"],
         "a retired id no longer counts among the issue's ids", h.last)
    r = h.ok("cve", "assign", "SEC-3", as_="alice",
             what="the next free id skips the retired ones")
    h.eq(r.out.strip(), "CVE-2026-2004", "SEC-3 gets CVE-2026-2004", r)


def ticks(h):
    h.section = "fix and release SEC-2"
    h.now = "2026-01-10T10:00:00Z"
    h.ok("fix", "add", "SEC-2", FIX, "--branch", "main", as_="dave")

    h.section = "tick 2026-01-14"
    h.now = "2026-01-14T12:00:00Z"
    n = h.audit_len()
    j = tick(h)
    h.eq(j["published"], [], "nothing published on 01-14", h.last)
    h.eq(j["disclosed_unfixed"], [], "nothing disclosed on 01-14", h.last)
    h.eq(j["ack_overdue"], ["SEC-4"],
         "SEC-4 (new since 01-06, due 01-13) is the only overdue acknowledgement", h.last)
    h.eq(j["fix_overdue"], [], "no fix is overdue yet", h.last)
    h.eq(soon(j), [("SEC-6", "2026-01-25")], "only SEC-6's embargo ends within 14 days",
         h.last)
    h.eq(h.audit_len(), n, "a tick that publishes nothing writes no audit event")
    t = h.ok("tick", as_="alice")
    lines = t.out.splitlines()
    h.check("ack-overdue SEC-4" in lines and "embargo-ends SEC-6\t2026-01-25" in lines and
            not any(l.startswith("published") for l in lines),
            "tick (text) lists the overdue ack and the embargo ending soon", t)
    # the lists hold only what the caller may see
    j = tick(h, as_="rita")
    h.eq((j["ack_overdue"], soon(j)), ([], [("SEC-6", "2026-01-25")]),
         "rita's tick: her SEC-6 ends soon; oscar's SEC-4 is not hers", h.last)
    j = tick(h, as_="oscar")
    h.eq((j["ack_overdue"], soon(j)), (["SEC-4"], []),
         "oscar's tick: his SEC-4 is overdue; rita's SEC-6 is not his", h.last)
    for who in ("frank", "adam", None):
        j = tick(h, as_=who)
        h.eq(j, {f: [] for f in TICK_FIELDS}, "%s's tick lists nothing" % (who or
             "anonymous"), h.last)

    h.section = "tick 2026-01-24/25"
    h.now = "2026-01-20T10:00:00Z"
    h.ok("fix", "merged", "SEC-2", FIX, "--commit", "89abcdef0123", as_="dave")
    h.eq(show(h, "SEC-2").get("state"), "accepted", "SEC-2 is accepted", h.last)
    h.now = "2026-01-24T23:59:59Z"
    j = tick(h)
    h.eq((j["published"], soon(j)), ([], [("SEC-6", "2026-01-25")]),
         "one second before its end SEC-6 is still embargoed, ending soon", h.last)
    h.now = "2026-01-25T00:00:00Z"
    j = tick(h, as_="frank")
    h.eq((j["published"], j["disclosed_unfixed"]), (["SEC-6"], ["SEC-6"]),
         "frank's tick publishes SEC-6 and names it: it is public now", h.last)
    j = show(h, "SEC-6")
    h.eq((j.get("state"), j.get("disclosed_unfixed"), j.get("published")),
         ("public", True, "2026-01-25"),
         "at its embargo end SEC-6 (still in triage) is public, disclosed unfixed",
         h.last)
    hist = h.js("issue", "history", "SEC-6", "--json", as_="alice")
    last = hist[-1] if hist else {}
    h.check(last.get("action") == "issue.move" and last.get("actor") == "system" and
            last.get("detail", {}).get("to") == "public" and
            last.get("detail", {}).get("disclosed_unfixed") is True,
            "the publication is recorded as a move by system, flagged", h.last)
    j = show(h, "SEC-6", as_="oscar")
    h.eq((j.get("view"), j.get("state")), ("public", "public"),
         "everyone sees SEC-6 once public", h.last)
    n = h.audit_len()
    j = tick(h)
    h.eq((j["published"], j["disclosed_unfixed"], soon(j)), ([], [], []),
         "the next tick publishes nothing again", h.last)
    h.eq(h.audit_len(), n, "and writes nothing")
    refuse(h, "moving a public issue's embargo end",
           ["issue", "set", "SEC-6", "--embargo-until", "2026-03-01"], "alice", "embargo",
           "public")

    h.section = "tick 2026-02-10"
    h.now = "2026-02-02T10:00:00Z"
    h.ok("issue", "move", "SEC-2", "released", "--release", "v3.6.0", as_="alice")
    h.now = "2026-02-10T12:00:00Z"
    j = tick(h)
    h.eq(j["ack_overdue"], ["SEC-4"], "SEC-4 is still unacknowledged", h.last)
    h.eq(j["fix_overdue"], ["SEC-1", "SEC-3", "SEC-4", "SEC-7"],
         "fixes overdue after 30 days: every open issue not yet accepted "
         "(not SEC-2, released; not SEC-5, rejected; not SEC-6, public)", h.last)
    h.eq((j["published"], soon(j)), ([], []), "nothing published or ending soon on 02-10",
         h.last)

    h.section = "tick 2026-03-25"
    h.now = "2026-03-25T10:00:00Z"
    j = tick(h)
    h.eq(soon(j), [("SEC-1", "2026-04-05"), ("SEC-2", "2026-04-05"), ("SEC-3", "2026-04-06"),
                   ("SEC-4", "2026-04-06")],
         "SEC-1 and SEC-2 end within 14 days, and SEC-3 and SEC-4, undecided, are "
         "published on their 90th day too; SEC-7 (extended to 05-01) is not listed", h.last)
    h.eq(j["published"], [], "nothing published on 03-25", h.last)

    h.section = "tick 2026-04-05"
    h.now = "2026-04-05T09:59:59Z"
    j = tick(h)
    h.eq(j["published"], [], "one second before the end nothing is published", h.last)
    h.now = "2026-04-05T10:00:00Z"
    n = h.audit_len()
    j = tick(h)
    h.eq(j["published"], ["SEC-1", "SEC-2"], "at the embargo end SEC-1 and SEC-2 are "
         "published", h.last)
    h.eq(j["disclosed_unfixed"], ["SEC-1"],
         "SEC-1 (assigned, never released) is flagged disclosed unfixed; SEC-2 is not",
         h.last)
    h.eq(h.audit_len(), n + 2, "each publication is one audit event")
    j1, j2 = show(h, "SEC-1"), show(h, "SEC-2")
    h.eq((j1.get("state"), j1.get("disclosed_unfixed"), j1.get("published")),
         ("public", True, "2026-04-05"), "SEC-1 is public, disclosed unfixed")
    h.eq((j2.get("state"), j2.get("disclosed_unfixed"), j2.get("published"),
          j2.get("fixed_in")), ("public", False, "2026-04-05", "v3.6.0"),
         "SEC-2 is public, fixed in v3.6.0, not flagged")
    h.eq(cve_row(h, "CVE-2026-2000").get("state"), "published",
         "publishing SEC-1 published its CVE id")
    h.eq(cve_row(h, "CVE-2026-2001").get("state"), "published",
         "publishing SEC-2 published its CVE id")
    j = show(h, "SEC-1", as_=None)
    h.eq((j.get("view"), j.get("reporter")), ("public", None),
         "anonymous visitors see SEC-1's public view", h.last)
    refuse(h, "retire a published id",
           ["cve", "retire", "CVE-2026-2000", "--reason", "too late"], "alice", "cve",
           "published")
    h.eq(show(h, "SEC-7").get("state"), "triage",
         "SEC-7, extended by the meeting, stays embargoed", h.last)
    h.eq(show(h, "SEC-5").get("state"), "rejected", "rejected SEC-5 is never published",
         h.last)

    h.section = "tick after 90 days without a decision"
    h.now = "2026-04-06T10:00:00Z"
    j = tick(h)
    h.eq((j["published"], j["disclosed_unfixed"]), (["SEC-3", "SEC-4"], ["SEC-3", "SEC-4"]),
         "90 days after their report SEC-3 and SEC-4 (no embargo decision) are published,"
         " unfixed", h.last)
    h.eq(show(h, "SEC-5").get("state"), "rejected", "rejected SEC-5 stays rejected",
         h.last)

    h.section = "tick 2026-05-01"
    h.now = "2026-04-30T23:59:59Z"
    h.eq(tick(h)["published"], [], "the extended embargo holds to its end", h.last)
    h.now = "2026-05-01T00:00:00Z"
    j = tick(h)
    h.eq((j["published"], j["disclosed_unfixed"]), (["SEC-7"], ["SEC-7"]),
         "SEC-7 is published at its extended end", h.last)


def tampered(h, name, sql, want_seq, what):
    """Copy the database, change it behind vigil's back, and check that
    audit verify fails naming event want_seq."""
    path = h.backup(name)
    db = sqlite3.connect(path)
    try:
        db.executescript("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; " +
                         sql)
        db.commit()
    finally:
        db.close()
    r = h.run("audit", "verify", as_="adam", db=path)
    h.check(r.rc == 1 and ("vigil audit verify: event %d: " % want_seq) in r.err and
            r.out == "", "%s: audit verify exits 1 naming event %d" % (what, want_seq), r)


def audit(h):
    h.section = "audit verify"
    h.now = "2026-05-02T10:00:00Z"
    refuse(h, "a maintainer verifies the audit log", ["audit", "verify"], "nina", "as",
           "admin")
    log = h.js("audit", "log", "--json", "--limit", "1000000", as_="alice")
    n = len(log)
    h.eq([e.get("seq") for e in log], list(range(1, n + 1)),
         "the audit log is numbered 1..N without gaps", h.last)
    h.check(n > 100, "the scenario wrote a long audit log (%d events)" % n)
    r = h.ok("audit", "verify", as_="adam", what="audit verify passes on the real log")
    h.eq(r.out.strip(), "audit log intact: %d events" % n, "verify counts every event", r)
    # the verification itself is the next event; do it again to know the count
    n += 1
    r = h.ok("audit", "verify", as_="alice", what="psirt may verify too")
    h.eq(r.out.strip(), "audit log intact: %d events" % n, "verify counts itself", r)
    n += 1

    # the triggers refuse direct changes
    path = h.backup("direct.db")
    db = sqlite3.connect(path)
    for sql in ("UPDATE audit SET detail = '{}' WHERE seq = 5", "DELETE FROM audit WHERE seq = 5"):
        try:
            db.execute(sql)
            db.commit()
            refused_ok = False
        except sqlite3.DatabaseError as ex:
            refused_ok = "append-only" in str(ex)
        h.check(refused_ok, "the audit table refuses %r" % sql.split()[0])
    db.close()
    h.ok("audit", "verify", as_="adam", db=path,
         what="the copy with refused changes still verifies")

    k = n // 2
    tampered(h, "t-detail.db", "UPDATE audit SET detail = '{\"tampered\":1}' "
             "WHERE seq = %d" % k, k, "one event's detail changed")
    tampered(h, "t-actor.db", "UPDATE audit SET actor = 'mallory' WHERE seq = %d" % (k + 7),
             k + 7, "one event's actor changed")
    tampered(h, "t-two.db", "UPDATE audit SET detail = '{\"tampered\":2}' WHERE seq = %d; "
             "UPDATE audit SET detail = '{\"tampered\":3}' WHERE seq = %d" % (k + 9, k - 4),
             k - 4,
             "two events changed (the first is named)")
    tampered(h, "t-delete.db", "DELETE FROM audit WHERE seq = %d" % k, k,
             "one event deleted from the middle")
    tampered(h, "t-delete-first.db", "DELETE FROM audit WHERE seq = 1", 1,
             "the first event deleted")
    tampered(h, "t-delete-last.db", "DELETE FROM audit WHERE seq = %d" % n, n,
             "the last event deleted")
    tampered(h, "t-swap.db", "UPDATE audit SET seq = -1 WHERE seq = %d; "
             "UPDATE audit SET seq = %d WHERE seq = %d; "
             "UPDATE audit SET seq = %d WHERE seq = -1" % (k, k, k + 5, k + 5), k,
             "two events swapped")
    tampered(h, "t-swap-adjacent.db", "UPDATE audit SET seq = -1 WHERE seq = %d; "
             "UPDATE audit SET seq = %d WHERE seq = %d; "
             "UPDATE audit SET seq = %d WHERE seq = -1" % (k + 1, k + 1, k + 2, k + 2), k + 1,
             "two neighbouring events swapped")
    r = h.ok("audit", "verify", as_="adam", what="the real log, untouched by the copies, "
             "still verifies")
    h.eq(r.out.strip(), "audit log intact: %d events" % n, "with every event", r)


def main():
    h = Harness(sys.argv, "process")
    setup_issues(h)
    email_report(h)
    duplicate(h)
    embargo_limits(h)
    cves(h)
    ticks(h)
    audit(h)
    h.finish()


if __name__ == "__main__":
    main()
