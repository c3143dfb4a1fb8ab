#!/usr/bin/env python3
"""test_roles.py — one vulnerability from report to public, through the real
vigil binary, checking at EVERY step what each role sees and at several steps
what each role may do (SPEC §1, §3, §5, §6).

Issues:
  SEC-1 (O)  reported by oscar against fs; stays in triage; never public.
  SEC-2 (M)  reported by rita; its description mentions SEC-1 and SEC-999.
             new -> triage -> assigned -> review -> accepted -> released
             -> public (early publication by alice + carol).

At every step, for every person of the cast and for anonymous:
  issue show KEY --json   (each issue: the view, the fields the view allows,
                           comments, backports, CVE ids, references; a hidden
                           issue answers exactly like SEC-999)
  issue list --json, issue counts --json, cve list --json
  issue show (text) / issue list (text): hidden data absent.

Usage: test_roles.py PATH-TO-VIGIL
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vigil_harness import Harness, MISSING_KEY  # noqa: E402
from vigil_cast import PEOPLE, CVSS_CRITICAL, CVSS_HIGH, create_cast, label  # noqa: E402

STEPS = ["new", "triage", "assigned", "review", "accepted", "released", "public"]
STATES = ["new", "triage", "assigned", "review", "accepted", "released", "public",
          "rejected"]
VIEWERS = [p[0] for p in PEOPLE] + [None]
PSIRT = {"alice", "carol"}

O_KEY, M_KEY = "SEC-1", "SEC-2"
O_TITLE = "fs: zebra-stripe overflow when mounting a crafted littlefs image"
M_TITLE = "net: heap overflow in IPv6 fragment reassembly"
M_DESC = ("A crafted IPv6 fragment train overflows the reassembly buffer in "
          "subsys/net/ip/ipv6_fragment.c.\n\nPossibly the same root cause as SEC-1; "
          "see also SEC-999.")
FIX_MAIN = "https://github.com/example/product/pull/101"
FIX_LTS = "https://github.com/example/product/pull/102"

# What each person sees of M at each step: full, reporter, public or - (nothing).
M_VIEWS_TABLE = """
person     new       triage    assigned  review    accepted  released  public
alice      full      full      full      full      full      full      full
carol      full      full      full      full      full      full      full
rita       reporter  reporter  reporter  reporter  reporter  reporter  reporter
oscar      -         -         -         -         -         -         public
nina       -         full      full      full      full      full      full
frank      -         -         -         -         -         -         public
archie     -         full      full      full      full      full      full
dave       -         -         full      full      full      full      full
larry      -         -         -         -         full      full      full
rob        -         -         -         -         -         -         public
adam       -         -         -         -         -         -         public
dora       -         -         -         -         -         -         public
anonymous  -         -         -         -         -         -         public
"""

# O never changes: psirt, its reporter and the fs maintainer; nobody else.
O_VIEWS = {"alice": "full", "carol": "full", "oscar": "reporter", "frank": "full"}


def parse_table(text):
    rows = [l.split() for l in text.strip().splitlines()]
    head = rows[0][1:]
    out = {}
    for r in rows[1:]:
        who = None if r[0] == "anonymous" else r[0]
        out[who] = {step: (None if v == "-" else v) for step, v in zip(head, r[1:])}
    return out


M_VIEWS = parse_table(M_VIEWS_TABLE)


class World:
    """What the scenario has done so far: the expected facts of each issue."""

    def __init__(self):
        self.step = None
        self.issues = {
            O_KEY: dict(title=O_TITLE, state="new", reporter="oscar", subsystem="fs",
                        assignee=None, priority=None, cvss=None, comments=[],
                        fixes=[], backports=[], mentions=[], embargo_until=None),
            M_KEY: dict(title=M_TITLE, state="new", reporter="rita", subsystem=None,
                        assignee=None, priority=None, cvss=None, comments=[],
                        fixes=[], backports=[], mentions=[O_KEY], embargo_until=None),
        }
        self.pool = {}  # CVE id -> [state, issue key or None]
        self.granted = set()  # (login, key) with a grant in force

    def view(self, who, key):
        if (who, key) in self.granted:
            return "full"
        if key == M_KEY:
            return M_VIEWS[who][self.step]
        return O_VIEWS.get(who)

    def cves_of(self, key):
        return sorted(c for c, (st, k) in self.pool.items() if k == key and st != "rejected")


def cve_sort_key(cid):
    _, year, seq = cid.split("-")
    return (int(year), int(seq))


def check_show(h, w, who, key, view):
    iss = w.issues[key]
    r = h.ok("issue", "show", key, "--json", as_=who,
             what="%s can show %s (view %s)" % (label(who), key, view))
    j = r.json()
    h.eq(j.get("key"), key, "%s: key" % key, r)
    h.eq(j.get("view"), view, "%s sees %s with view %r" % (label(who), key, view), r)
    h.eq(j.get("state"), iss["state"], "%s sees %s in state %s" % (label(who), key,
                                                                    iss["state"]), r)
    h.eq(j.get("title"), iss["title"], "%s: title" % key, r)
    h.eq(j.get("subsystem"), iss["subsystem"], "%s: subsystem" % key, r)
    h.eq(j.get("cvss"), iss["cvss"], "%s: cvss vector" % key, r)
    h.eq(j.get("cves"), w.cves_of(key), "%s: CVE ids shown to %s" % (key, label(who)), r)
    if iss["embargo_until"] is not None:
        h.eq(j.get("embargo_until"), iss["embargo_until"], "%s: embargo_until" % key, r)

    # comments: internal only in the full view, none at all in the public view
    want = [(a, t, "internal" if i else "shared") for a, t, i in iss["comments"]
            if view == "full" or (view == "reporter" and not i)]
    got = [(c.get("author"), c.get("text"), c.get("visibility"))
           for c in j.get("comments", [])]
    h.eq(got, want, "%s: comments %s sees on %s" % (view, label(who), key), r)
    for a, t, i in iss["comments"]:
        if i and view != "full":
            h.check(t not in r.out, "internal comment %r never reaches %s" % (t, label(who)),
                    r)

    if view == "full":
        h.eq(j.get("assignee"), iss["assignee"], "%s: assignee (full view)" % key, r)
        h.eq(j.get("priority"), iss["priority"], "%s: priority (full view)" % key, r)
        h.check("grants" in j, "%s: grants are shown in the full view" % key, r)
    else:
        h.eq(j.get("assignee"), None, "%s: no assignee in the %s view" % (key, view), r)
        h.eq(j.get("priority"), None, "%s: no priority in the %s view" % (key, view), r)
        h.check("grants" not in j, "%s: no grants in the %s view" % (key, view), r)
    if view == "public":
        h.eq(j.get("reporter"), None, "%s: no reporter in the public view" % key, r)
        h.eq(j.get("attachments"), [], "%s: no attachments in the public view" % key, r)
        h.eq(j.get("affected_version"), None,
             "%s: no affected_version in the public view" % key, r)
    else:
        h.eq(j.get("reporter"), iss["reporter"], "%s: reporter" % key, r)
    got_bp = [(b.get("release"), b.get("state")) for b in j.get("backports", [])]
    h.eq(got_bp, [] if view == "reporter" else iss["backports"],
         "%s: backports %s sees (none in the reporter view)" % (key, label(who)), r)
    got_fix = [(f.get("url"), f.get("state")) for f in j.get("fixes", [])]
    h.eq(got_fix, iss["fixes"], "%s: fixes" % key, r)

    # cross-references: only issues the reader may see, with their title
    want_refs = [{"key": k, "title": w.issues[k]["title"]} for k in iss["mentions"]
                 if w.view(who, k)]
    h.eq(j.get("references"), want_refs,
         "%s: references %s may follow" % (key, label(who)), r)
    for k in iss["mentions"]:
        if not w.view(who, k):
            h.check(w.issues[k]["title"] not in r.out,
                    "%s's title does not appear in 'issue show %s --json' for %s" % (
                        k, key, label(who)), r)
    h.check(MISSING_KEY + "\t" not in r.out and all(
        ref.get("key") != MISSING_KEY for ref in j.get("references", [])),
        "%s: a mention of a nonexistent key resolves to nothing" % key, r)

    # the text form must not leak what the JSON hides
    t = h.ok("issue", "show", key, as_=who, what="%s: text show for %s" % (key, label(who)))
    for a, text, i in iss["comments"]:
        if i and view != "full":
            h.check(text not in t.out, "text show: internal comment hidden from %s" % (
                label(who)), t)
    for k in iss["mentions"]:
        if not w.view(who, k):
            h.check(w.issues[k]["title"] not in t.out,
                    "text show: %s's title hidden from %s" % (k, label(who)), t)


def check_everyone(h, w):
    """The full matrix of one step."""
    h.section = "step %s" % w.step
    for who in VIEWERS:
        visible = {}
        for key in (O_KEY, M_KEY):
            view = w.view(who, key)
            if view:
                check_show(h, w, who, key, view)
                visible[key] = view
            else:
                h.same_as_missing(["issue", "show", key, "--json"], key, who,
                                  "step %s" % w.step)
                t = h.run("issue", "show", key, as_=who)
                h.check(t.rc == 1 and t.out == "" and
                        w.issues[key]["title"] not in t.err,
                        "text show of hidden %s for %s: exit 1, nothing printed" % (
                            key, label(who)), t)

        lst = h.js("issue", "list", "--json", as_=who)
        got = {i.get("key"): i.get("view") for i in lst}
        h.eq(got, visible, "issue list --json for %s at %s: exactly the visible issues "
             "with their views" % (label(who), w.step), h.last)
        for i in lst:
            h.eq(i.get("state"), w.issues[i["key"]]["state"], "list: state of %s" % i["key"],
                 h.last)
        t = h.ok("issue", "list", as_=who)
        for key in (O_KEY, M_KEY):
            if key not in visible:
                h.check(w.issues[key]["title"] not in t.out,
                        "text list hides %s from %s" % (key, label(who)), t)

        counts = h.js("issue", "counts", "--json", as_=who)
        want = {s: 0 for s in STATES}
        for key in visible:
            want[w.issues[key]["state"]] += 1
        h.eq(counts, want, "issue counts --json for %s at %s" % (label(who), w.step),
             h.last)

        cves = h.js("cve", "list", "--json", as_=who)
        got = [(c.get("id"), c.get("state"), c.get("issue")) for c in cves]
        want = []
        for cid in sorted(w.pool, key=cve_sort_key):
            st, k = w.pool[cid]
            if who in PSIRT or (k is not None and k in visible):
                want.append((cid, st, k))
        h.eq(got, want, "cve list --json for %s at %s: %s" % (
            label(who), w.step, "the whole pool" if who in PSIRT else
            "only ids of issues they can see"), h.last)
    h.section = "after %s" % w.step


def snapshot(h):
    return (h.run("issue", "show", O_KEY, "--json", as_="alice").out,
            h.run("issue", "show", M_KEY, "--json", as_="alice").out,
            h.run("cve", "list", "--json", as_="alice").out,
            h.run("issue", "list", "--json", as_="alice").out)


def unchanged(h, what, fn):
    """Run fn (a refused command) and check that nothing changed: psirt's
    view of every issue and of the CVE pool, and the audit log length."""
    before = snapshot(h)
    n = h.audit_len()
    fn()
    n2 = h.audit_len()
    after = snapshot(h)
    h.eq(n2, n, "%s: no audit event written" % what)
    h.check(after == before, "%s: nothing changed (psirt's show/list of every issue, "
            "CVE pool)" % what)


def denied(h, args, who, what):
    """who sees the issue but may not do this: exit 1, 'may not', no change."""
    def go():
        r = h.run(*args, as_=who)
        h.check(r.rc == 1 and "may not" in r.err,
                "%s may not %s (exit 1, message says so)" % (label(who), what), r)
    unchanged(h, "%s: %s" % (label(who), what), go)


def hidden(h, args, key, who, what):
    """who may not see key: the command answers like on SEC-999, no change."""
    unchanged(h, "%s: %s" % (label(who), what),
              lambda: h.same_as_missing(list(args), key, who, what))


def main():
    h = Harness(sys.argv, "roles")
    w = World()

    # ------------------------------------------------------------------ setup
    h.section = "setup"
    h.now = "2026-01-05T10:00:00Z"
    create_cast(h)
    r = h.ok("report", "--title", O_TITLE, "--description",
             "Mounting a crafted image overflows a stack buffer.", "--subsystem", "fs",
             as_="oscar", what="oscar reports O against fs")
    h.eq(r.out.strip(), O_KEY, "the first report gets key SEC-1", r)
    r = h.ok("cve", "reserve", "CVE-2026-1000..CVE-2026-1004", as_="alice",
             what="psirt reserves a block of five CVE ids")
    for n in range(1000, 1005):
        w.pool["CVE-2026-%d" % n] = ["reserved", None]
    r = h.refused("report", "--title", "anonymous report", "--description", "x",
                  what="an anonymous person cannot file a report (no account)")
    h.check("sign in" in r.err, "the refusal says to sign in", r)

    # ------------------------------------------------------------------- new
    h.now = "2026-01-06T09:00:00Z"
    r = h.ok("report", "--title", M_TITLE, "--description", M_DESC, "--version", "v3.5.0",
             as_="rita", what="rita reports M")
    h.eq(r.out.strip(), M_KEY, "the second report gets key SEC-2", r)
    h.ok("issue", "comment", M_KEY, "Reporter: a PoC is available on request.", as_="rita",
         what="the reporter comments on her own report")
    w.issues[M_KEY]["comments"].append(("rita", "Reporter: a PoC is available on request.",
                                        False))
    w.step = "new"
    h.section = "do at new"
    denied(h, ["issue", "ack", M_KEY], "rita", "acknowledge her own report")
    denied(h, ["issue", "comment", M_KEY, "psst", "--internal"], "rita",
           "comment internally")
    hidden(h, ["issue", "ack", M_KEY], M_KEY, "nina",
           "ack an issue of no subsystem yet (not hers)")
    hidden(h, ["issue", "comment", M_KEY, "me too"], M_KEY, "oscar",
           "comment on another reporter's issue")
    hidden(h, ["issue", "comment", O_KEY, "me too"], O_KEY, "rita",
           "comment on another reporter's issue")
    hidden(h, ["issue", "show", M_KEY], M_KEY, "adam", "admin reads issue content")
    hidden(h, ["issue", "history", M_KEY, "--json"], M_KEY, "dora",
           "director reads the history")
    check_everyone(h, w)

    # ---------------------------------------------------------------- triage
    h.now = "2026-01-07T09:00:00Z"
    h.section = "to triage"
    h.ok("issue", "ack", M_KEY, as_="alice", what="psirt acknowledges M")
    h.ok("issue", "ack", O_KEY, as_="alice", what="psirt acknowledges O")
    w.issues[M_KEY]["state"] = w.issues[O_KEY]["state"] = "triage"
    h.ok("issue", "set", M_KEY, "--subsystem", "net", "--priority", "P2", "--cvss",
         CVSS_CRITICAL, "--embargo", "yes", as_="alice",
         what="psirt sets subsystem, priority, CVSS and the embargo on M")
    w.issues[M_KEY].update(subsystem="net", priority="P2", cvss=CVSS_CRITICAL,
                           embargo_until="2026-04-06")
    h.ok("issue", "comment", M_KEY, "INTERNAL-M1: exploit confirmed on qemu_x86; "
         "same pattern as SEC-1", "--internal", as_="alice",
         what="psirt comments internally")
    w.issues[M_KEY]["comments"].append(
        ("alice", "INTERNAL-M1: exploit confirmed on qemu_x86; same pattern as SEC-1", True))
    h.ok("issue", "comment", M_KEY, "Thanks, we confirmed the issue.", as_="alice",
         what="psirt answers the reporter (shared comment)")
    w.issues[M_KEY]["comments"].append(("alice", "Thanks, we confirmed the issue.", False))
    h.ok("issue", "comment", O_KEY, "INTERNAL-O1: fs triage note", "--internal",
         as_="alice", what="psirt comments internally on O")
    w.issues[O_KEY]["comments"].append(("alice", "INTERNAL-O1: fs triage note", True))

    r = h.ok("cve", "assign", M_KEY, as_="alice", what="psirt assigns the lowest free id")
    h.eq(r.out.strip(), "CVE-2026-1000", "cve assign prints the id it took", r)
    w.pool["CVE-2026-1000"] = ["assigned", M_KEY]
    h.ok("cve", "assign", O_KEY, "CVE-2026-1001", as_="alice", what="a named id to O")
    w.pool["CVE-2026-1001"] = ["assigned", O_KEY]
    h.ok("cve", "assign", M_KEY, "CVE-2026-1003", as_="alice",
         what="a second id on the same issue")
    w.pool["CVE-2026-1003"] = ["assigned", M_KEY]
    h.ok("cve", "retire", "CVE-2026-1004", "--reason", "reserved twice by mistake",
         as_="alice", what="psirt retires an unused id with a reason")
    w.pool["CVE-2026-1004"] = ["rejected", None]
    pool = h.js("cve", "list", "--json", as_="alice")
    ret = [c for c in pool if c.get("id") == "CVE-2026-1004"]
    h.check(len(ret) == 1 and ret[0].get("reason") == "reserved twice by mistake",
            "the retired id keeps its reason", h.last)

    w.step = "triage"
    h.section = "do at triage"
    r = h.refused("cve", "assign", M_KEY, "CVE-2026-1001", as_="alice",
                  what="an id belongs to one issue at most")
    h.err_names(r, "cve", "assigned")
    denied(h, ["cve", "assign", M_KEY], "nina", "assign CVE ids (psirt only)")
    denied(h, ["issue", "set", M_KEY, "--priority", "P1"], "nina",
           "change the priority (a triage field)")
    denied(h, ["issue", "assign", M_KEY, "dave"], "nina", "assign")
    denied(h, ["fix", "add", M_KEY, FIX_MAIN, "--branch", "main"], "archie",
           "link a fix (architect)")
    denied(h, ["issue", "assign", M_KEY, "dave"], "rita", "assign her own report")
    hidden(h, ["issue", "comment", M_KEY, "hello from fs"], M_KEY, "frank",
           "comment on an issue of another subsystem")
    hidden(h, ["issue", "set", M_KEY, "--cvss", CVSS_HIGH], M_KEY, "frank",
           "set the CVSS of an issue of another subsystem")
    hidden(h, ["issue", "comment", M_KEY, "hi"], M_KEY, "adam", "admin comments")
    hidden(h, ["issue", "comment", M_KEY, "hi"], M_KEY, "dora", "director comments")
    h.ok("issue", "set", M_KEY, "--cvss", CVSS_HIGH, as_="nina",
         what="the maintainer may change the CVSS vector (a technical field)")
    w.issues[M_KEY]["cvss"] = CVSS_HIGH
    h.ok("issue", "comment", M_KEY, "ARCH-INTERNAL: net_pkt design flaw", "--internal",
         as_="archie", what="the architect comments internally")
    w.issues[M_KEY]["comments"].append(("archie", "ARCH-INTERNAL: net_pkt design flaw",
                                        True))
    # search and filters run over visible issues only
    got = h.js("issue", "list", "--json", "--search", "IPv6", as_="frank")
    h.eq(got, [], "frank's search for a word of M's title finds nothing", h.last)
    got = h.js("issue", "list", "--json", "--subsystem", "net", as_="rita")
    h.eq([i.get("key") for i in got], [M_KEY], "rita's filter by net finds her report",
         h.last)
    got = h.js("issue", "list", "--json", "--search", "zebra", as_="nina")
    h.eq(got, [], "nina's search for a word of O's title finds nothing", h.last)
    check_everyone(h, w)

    # -------------------------------------------------------------- assigned
    h.now = "2026-01-08T09:00:00Z"
    h.section = "to assigned"
    h.ok("issue", "assign", M_KEY, "dave", as_="alice", what="psirt assigns M to dave")
    w.issues[M_KEY].update(state="assigned", assignee="dave")
    w.step = "assigned"
    h.section = "grant at assigned"
    hidden(h, ["issue", "show", M_KEY, "--json"], M_KEY, "rob", "before any grant")
    denied(h, ["issue", "grant", M_KEY, "rob", "--reason", "help"], "nina",
           "grant access (psirt only)")
    h.ok("issue", "grant", M_KEY, "rob", "--reason", "assess impact on v3.3", as_="alice",
         what="psirt grants rob access to M")
    w.granted.add(("rob", M_KEY))
    check_show(h, w, "rob", M_KEY, "full")
    lst = h.js("issue", "list", "--json", as_="rob")
    h.eq([i.get("key") for i in lst], [M_KEY], "with the grant, rob's list holds M", h.last)
    cnt = h.js("issue", "counts", "--json", as_="rob")
    h.eq(cnt.get("assigned"), 1, "with the grant, rob's counts include M", h.last)
    cves = h.js("cve", "list", "--json", as_="rob")
    h.eq([c.get("id") for c in cves], w.cves_of(M_KEY),
         "with the grant, rob's cve list holds M's ids", h.last)
    j = h.js("issue", "show", M_KEY, "--json", as_="alice")
    g = j.get("grants", [])
    h.check(len(g) == 1 and g[0].get("person") == "rob" and g[0].get("granted_by") ==
            "alice" and g[0].get("reason") == "assess impact on v3.3" and
            g[0].get("revoked_at") is None,
            "the grant records who, by whom and why", h.last)
    h.ok("issue", "revoke", M_KEY, "rob", as_="alice", what="psirt revokes rob's grant")
    w.granted.discard(("rob", M_KEY))
    hidden(h, ["issue", "show", M_KEY, "--json"], M_KEY, "rob",
           "right after the revocation")
    lst = h.js("issue", "list", "--json", as_="rob")
    h.eq(lst, [], "after the revocation rob's list is empty", h.last)
    cves = h.js("cve", "list", "--json", as_="rob")
    h.eq(cves, [], "after the revocation rob's cve list is empty", h.last)
    j = h.js("issue", "show", M_KEY, "--json", as_="alice")
    g = j.get("grants", [])
    h.check(len(g) == 1 and g[0].get("revoked_by") == "alice" and
            g[0].get("revoked_at") is not None,
            "the revoked grant stays on record with who revoked it and when", h.last)
    r = h.refused("issue", "revoke", M_KEY, "rob", as_="alice",
                  what="revoking a grant that is no longer in force is refused")
    h.err_names(r, "login")
    h.section = "do at assigned"
    denied(h, ["fix", "add", M_KEY, FIX_MAIN, "--branch", "main"], "rita",
           "link a fix (reporter)")
    hidden(h, ["fix", "add", M_KEY, FIX_MAIN, "--branch", "main"], M_KEY, "frank",
           "link a fix to an issue of another subsystem")
    h.ok("issue", "comment", M_KEY, "DAVE-INTERNAL: root cause found", "--internal",
         as_="dave", what="the assignee comments internally")
    w.issues[M_KEY]["comments"].append(("dave", "DAVE-INTERNAL: root cause found", True))
    check_everyone(h, w)

    # ---------------------------------------------------------------- review
    h.now = "2026-01-10T09:00:00Z"
    h.section = "to review"
    h.ok("fix", "add", M_KEY, FIX_MAIN, "--branch", "main", as_="dave",
         what="the assignee links a fix")
    w.issues[M_KEY].update(state="review", fixes=[(FIX_MAIN, "open")])
    w.step = "review"
    h.section = "meetings at review"
    r = h.ok("meeting", "add", "--date", "2026-01-10", "--attendee", "alice", "--attendee",
             "carol", "--attendee", "nina", as_="alice",
             what="psirt records a meeting of three")
    m3 = r.out.strip()

    def go3():
        r = h.run("meeting", "decide", m3, M_KEY, "--kind", "extend", "--until",
                  "2026-05-06", "--reason", "vendors need more time", as_="alice")
        h.err_names(r, "meeting", "quorum",
                    what="a meeting of three cannot extend the embargo (no quorum)")
    unchanged(h, "decision of a three-person meeting", go3)
    r = h.refused("meeting", "add", "--date", "2026-01-10", "--attendee", "alice",
                  "--attendee", "carol", "--attendee", "nina", "--attendee", "archie",
                  as_="nina", what="a maintainer cannot record meetings")
    h.err_names(r, "as", "psirt")
    r = h.ok("meeting", "add", "--date", "2026-01-10", "--attendee", "alice", "--attendee",
             "carol", "--attendee", "nina", "--attendee", "archie", as_="alice",
             what="psirt records a meeting of four (quorum)")
    m4 = r.out.strip()
    h.ok("meeting", "decide", m4, M_KEY, "--kind", "extend", "--until", "2026-05-06",
         "--reason", "LTS vendors need 120 days", as_="alice",
         what="the quorum meeting extends the embargo beyond 90 days")
    w.issues[M_KEY]["embargo_until"] = "2026-05-06"
    j = h.js("issue", "show", M_KEY, "--json", as_="alice")
    h.eq(j.get("embargo_until"), "2026-05-06", "the embargo now ends 120 days after the "
         "report", h.last)
    ms = h.js("meeting", "list", "--json", as_="alice")
    byid = {str(m.get("id")): m for m in ms}
    h.check(byid.get(m3, {}).get("quorum") is False and byid.get(m4, {}).get("quorum")
            is True, "meeting list marks which meeting had quorum", h.last)
    dec = byid.get(m4, {}).get("decisions", [])
    h.check(len(dec) == 1 and dec[0].get("kind") == "extend" and dec[0].get("until") ==
            "2026-05-06" and dec[0].get("issue") == M_KEY and byid.get(m3, {}).get(
                "decisions") == [], "only the quorum meeting holds a decision", h.last)
    check_everyone(h, w)

    # -------------------------------------------------------------- accepted
    h.now = "2026-01-20T09:00:00Z"
    h.section = "to accepted"
    h.ok("fix", "merged", M_KEY, FIX_MAIN, "--commit", "0123abcd4567ef", as_="dave",
         what="the fix merges into main")
    w.issues[M_KEY].update(state="accepted", fixes=[(FIX_MAIN, "merged")],
                           backports=[("v3.5.0", "needed"), ("v3.4.0", "needed"),
                                      ("v2.7.0", "needed")])
    w.step = "accepted"
    j = h.js("backport", "list", M_KEY, "--json", as_="alice")
    h.eq([(b.get("release"), b.get("state")) for b in j], w.issues[M_KEY]["backports"],
         "backports opened for the LTS and the two most recent releases", h.last)
    h.section = "do at accepted"
    rows = h.js("cve", "fixes", "--json", as_="alice")
    h.eq(sorted((x.get("cve"), x.get("url")) for x in rows),
         [("CVE-2026-1000", FIX_MAIN), ("CVE-2026-1003", FIX_MAIN)],
         "psirt sees the embargoed CVE <-> fix table", h.last)
    for who in ("nina", "dave", "larry", "rita", None):
        rows = h.js("cve", "fixes", "--json", as_=who)
        h.eq(rows, [], "the embargoed CVE <-> fix table is psirt's alone (%s)" % label(who),
             h.last)
    h.ok("backport", "set", M_KEY, "v2.7.0", "in-review", as_="larry",
         what="the LTS release manager updates the backport of his release")
    denied(h, ["backport", "set", M_KEY, "v3.4.0", "merged"], "larry",
           "set the backport of another release")
    denied(h, ["issue", "move", M_KEY, "released", "--release", "v2.7.0"], "larry",
           "move the issue forward")
    hidden(h, ["backport", "set", M_KEY, "v3.3.0", "needed"], M_KEY, "rob",
           "set a backport for his own release of an issue he cannot see")
    h.ok("fix", "add", M_KEY, FIX_LTS, "--branch", "v2.7-branch", as_="dave",
         what="the assignee links the LTS backport fix")
    denied(h, ["fix", "merged", M_KEY, FIX_LTS], "larry", "mark a fix merged")
    h.ok("fix", "merged", M_KEY, FIX_LTS, as_="dave", what="the LTS backport fix merges")
    w.issues[M_KEY]["fixes"] = [(FIX_MAIN, "merged"), (FIX_LTS, "merged")]
    w.issues[M_KEY]["backports"] = [("v3.5.0", "needed"), ("v3.4.0", "needed"),
                                    ("v2.7.0", "merged")]
    h.ok("issue", "comment", M_KEY, "LARRY-INTERNAL: v2.7 backport merged", "--internal",
         as_="larry", what="the release manager comments internally")
    w.issues[M_KEY]["comments"].append(("larry", "LARRY-INTERNAL: v2.7 backport merged",
                                        True))
    check_everyone(h, w)

    # -------------------------------------------------------------- released
    h.now = "2026-02-02T09:00:00Z"
    h.section = "to released"
    h.ok("issue", "move", M_KEY, "released", "--release", "v3.6.0", as_="alice",
         what="psirt moves M to released with v3.6.0 (cut from main after the merge)")
    w.issues[M_KEY]["state"] = "released"
    w.step = "released"
    j = h.js("issue", "show", M_KEY, "--json", as_="alice")
    h.eq(j.get("fixed_in"), "v3.6.0", "fixed_in names the release", h.last)
    h.section = "do at released"
    denied(h, ["issue", "publish", M_KEY, "--reason", "done"], "dave",
           "publish (assignee)")
    denied(h, ["issue", "publish", M_KEY, "--reason", "done"], "rita",
           "publish (reporter)")
    hidden(h, ["issue", "publish", M_KEY, "--reason", "done"], M_KEY, "oscar",
           "publish someone else's issue")
    check_everyone(h, w)

    # ---------------------------------------------------------------- public
    h.now = "2026-02-03T09:00:00Z"
    h.section = "early publication"
    r = h.ok("issue", "publish", M_KEY, "--reason", "fix shipped in v3.6.0; vendors ready",
             as_="alice", what="alice proposes early publication")
    h.check("second" in r.out, "the proposal says a second member must confirm", r)
    j = h.js("issue", "show", M_KEY, "--json", as_="alice")
    h.check(j.get("state") == "released" and j.get("publish_proposed") is True,
            "after the proposal M is still released, proposal recorded", h.last)

    def again():
        r = h.run("issue", "publish", M_KEY, "--reason", "again", as_="alice")
        h.check(r.rc == 1 and "second" in r.err and "different" in r.err,
                "the same psirt member cannot confirm her own proposal", r)
    unchanged(h, "alice confirms her own proposal", again)
    denied(h, ["issue", "publish", M_KEY], "nina", "confirm publication (maintainer)")
    r = h.ok("issue", "publish", M_KEY, as_="carol",
             what="a second, different psirt member confirms")
    h.check("public" in r.out, "confirmation publishes M", r)
    w.issues[M_KEY]["state"] = "public"
    for cid in w.cves_of(M_KEY):
        w.pool[cid][0] = "published"
    w.step = "public"
    j = h.js("issue", "show", M_KEY, "--json", as_="alice")
    h.check(j.get("published") == "2026-02-03" and j.get("disclosed_unfixed") is False,
            "published today, not disclosed unfixed", h.last)
    h.section = "do at public"
    r = h.refused("issue", "comment", M_KEY, "anonymous hello",
                  what="anonymous cannot comment on a public issue")
    denied(h, ["issue", "comment", M_KEY, "fs says hi"], "frank",
           "comment on a public issue he has no relation to")
    hidden(h, ["issue", "show", O_KEY, "--json"], O_KEY, None,
           "anonymous reads a non-public issue")
    h.ok("issue", "comment", M_KEY, "Reporter: thanks for the quick fix!", as_="rita",
         what="the reporter still comments on her public report")
    w.issues[M_KEY]["comments"].append(("rita", "Reporter: thanks for the quick fix!",
                                        False))
    rows = h.js("cve", "fixes", "--json")
    h.eq(sorted((x.get("cve"), x.get("url")) for x in rows),
         sorted([("CVE-2026-1000", FIX_MAIN), ("CVE-2026-1003", FIX_MAIN),
                 ("CVE-2026-1000", FIX_LTS), ("CVE-2026-1003", FIX_LTS)]),
         "once public, everyone (anonymous too) sees the CVE <-> fix rows", h.last)
    check_everyone(h, w)

    h.section = "end"
    r = h.ok("audit", "verify", as_="adam", what="the audit chain of the whole run is intact")
    h.finish()


if __name__ == "__main__":
    main()
