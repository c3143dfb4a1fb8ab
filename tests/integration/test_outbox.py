#!/usr/bin/env python3
"""test_outbox.py — the durable outbox and who gets what (SPEC §7), driven
through the real binary: every event is written with the change that causes
it (a refused change leaves no row); at send time ('outbox expand', 'outbox
next') each event becomes one message per recipient address, recipients
computed from the permissions in force then: the actor is not told, a
disabled account and someone whose access was revoked get nothing, the
reporter never an internal comment; each message is rendered as its
recipient ('outbox show'); subjects hold only the key and a fixed phrase;
the alert list hears only key, link, CVE ids, subsystem and severity at
triage. Retries back off, a permanent failure holds the message, a lease
that runs out hands the same message (same Message-ID) out again. An
e-mailed report (vigil mail-intake) is acknowledged, and a reply threads.

Usage: test_outbox.py PATH-TO-VIGIL
"""

import os
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vigil_cast import CVSS_CRITICAL, create_cast  # noqa: E402
from vigil_harness import Harness  # noqa: E402
from mail_util import SmtpSink, _python_with_aiosmtpd  # noqa: E402

T0 = "2026-01-05T10:00:00Z"
TITLE = "ZEBRA overflow in the ARP cache"
DESC = "SECRETDESC: a long ARP reply overflows the cache entry."
BASE = "https://vigil.example.net"
KEY = ""  # a real, usable key made by gpg in make_key() (unusable ones are refused)


def make_key(h):
    """ACME's armored public key (ed25519 + cv25519), without the final newline."""
    global KEY
    home = os.path.join(h.tmp, "gnupg")
    os.makedirs(home, mode=0o700)
    gpg = ["gpg", "--homedir", home, "--batch", "--pinentry-mode", "loopback",
           "--passphrase", ""]
    try:
        subprocess.run(gpg + ["--quick-gen-key", "ACME <sec@acme.example>", "future-default",
                              "default", "never"], check=True, capture_output=True, timeout=60)
        KEY = subprocess.run(gpg + ["--armor", "--export", "sec@acme.example"], check=True,
                             capture_output=True, timeout=60).stdout.decode().rstrip("\n")
    finally:
        subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"], capture_output=True)
SUBJECT = re.compile(r"^\[(SEC-\d+|vigil)\] [A-Z][A-Za-z -]+$")
FIX = "https://git.example.org/product/pull/77"


class Queue:
    """The outbox as psirt sees it; fresh() expands and returns what is new."""

    def __init__(self, h):
        self.h = h
        self.seen = 0

    def all(self):
        return self.h.js("outbox", "list", "--json", as_="alice")

    def fresh(self, what, now=None):
        h = self.h
        h.ok("outbox", "expand", as_="alice", now=now, what="%s: outbox expand" % what)
        q = self.all()
        h.eq([e for e in q if e["state"] == "queued"], [],
             "%s: every due event is expanded" % what, h.last)
        new = [e for e in q if e["id"] > self.seen]
        self.seen = max([self.seen] + [e["id"] for e in q])
        return new

    def expect(self, new, kind, want, what):
        got = sorted(e["recipient"] for e in new if e["kind"] == kind)
        self.h.eq(got, sorted(want), "%s: %s goes to exactly %s" % (what, kind, sorted(want)),
                  self.h.last)

    def show(self, new, kind, recipient):
        ids = [e["id"] for e in new if e["kind"] == kind and e["recipient"] == recipient]
        self.h.check(len(ids) >= 1, "%s has a %s message" % (recipient, kind))
        m = self.h.js("outbox", "show", ids[0] if ids else 0, "--json", as_="alice")
        self.h.check(m and SUBJECT.match(m.get("subject", "")) is not None,
                     "subject %r is [KEY] and a fixed phrase" % (m or {}).get("subject"),
                     self.h.last)
        return m or {}


def setup(h, q):
    h.section = "setup"
    create_cast(h)
    for k, v in (("base_url", BASE), ("mail_from", "security@example.net"),
                 ("mail_domain", "mail.example.net")):
        h.ok("config", "set", k, v, as_="adam")
    h.err_names(h.run("config", "set", "mail_from", "not an address", as_="adam"), "value")
    h.err_names(h.run("config", "set", "digest_days", "-1", as_="adam"), "value")
    keyf = os.path.join(h.tmp, "acme.asc")
    with open(keyf, "w") as f:
        f.write(KEY)
    for org, addrs, key in (("ACME", ["sec@acme.example", "ops@acme.example"], keyf),
                            ("Tiny", ["t@tiny.example"], None),
                            ("Gone", ["g@gone.example"], None),
                            ("Pending", ["p@pending.example"], None),
                            ("Denied", ["d@denied.example"], None)):
        args = ["alert", "request", "--org", org, "--reason", "we ship it"]
        for a in addrs:
            args += ["--address", a]
        if key:
            args += ["--key-file", key]
        h.ok(*args)
    for i, d in ((1, "approve"), (2, "approve"), (3, "approve"), (3, "remove"), (5, "deny")):
        h.ok("alert", d, str(i), as_="dora")
    h.ok("cve", "reserve", "CVE-2026-0100..CVE-2026-0109", as_="alice")
    q.fresh("setup")  # the requests and decisions (test_alert.py checks them)


def report_and_triage(h, q):
    h.section = "report"
    r = h.ok("report", "--title", TITLE, "--description", DESC, as_="rita")
    h.eq(r.out.strip(), "SEC-1", "rita's report is SEC-1", r)
    new = q.fresh("report")
    q.expect(new, "issue.new", ["alice", "carol"], "a new report")
    h.eq(len(new), 2, "a new report tells psirt and nobody else", h.last)
    m = q.show(new, "issue.new", "carol")
    h.check(TITLE in m.get("body", "") and BASE + "/issues/SEC-1" in m.get("body", ""),
            "psirt's notice carries the title in the body and the link", h.last)
    h.eq(m.get("subject"), "[SEC-1] New report", "the subject is fixed", h.last)
    h.check(m.get("message_id", "").endswith("@mail.example.net>"),
            "the Message-ID is at mail_domain", h.last)

    h.section = "triage"
    h.ok("issue", "ack", "SEC-1", as_="alice")
    # fields set after the event and before sending are what the messages show
    h.ok("issue", "set", "SEC-1", "--subsystem", "net", "--priority", "P1", "--cvss",
         CVSS_CRITICAL, "--embargo", "yes", as_="alice")
    h.ok("cve", "assign", "SEC-1", as_="alice")
    new = q.fresh("triage")
    q.expect(new, "issue.state", ["rita", "carol", "nina", "archie"],
             "the move to triage (nina and archie see net issues now)")
    acme = ["alert:1", "alert:1"]
    q.expect(new, "alert.triage", acme + ["alert:2"], "the triage notice")
    h.eq(sorted(e["to"] for e in new if e["kind"] == "alert.triage"),
         ["ops@acme.example", "sec@acme.example", "t@tiny.example"],
         "one message per member address; removed, pending and denied members get none",
         h.last)
    m = q.show(new, "issue.state", "rita")
    h.eq(m.get("subject"), "[SEC-1] Report acknowledged", "the reporter's acknowledgement",
         h.last)
    h.check("Assignee" not in m.get("body", ""), "the reporter's view has no assignee", h.last)
    for rec, enc in (("alert:1", True), ("alert:2", False)):
        m = q.show(new, "alert.triage", rec)
        b = m.get("body", "")
        h.check(all(w in b for w in ("SEC-1", "CVE-2026-0100", "Subsystem: net", "Critical",
                                     BASE + "/issues/SEC-1")),
                "%s: the triage notice has key, CVE id, subsystem, severity, link" % rec,
                h.last)
        h.check(all(w not in b for w in ("ZEBRA", "SECRETDESC", "rita", "Rita", "P1")),
                "%s: no title, description, reporter or priority" % rec, h.last)
        h.eq(m.get("encrypt"), enc, "%s: encrypted exactly when the member has a key" % rec,
             h.last)
    h.eq(q.show(new, "alert.triage", "alert:1").get("pgp_key"), KEY,
         "the encrypted message carries the member's armored key", h.last)


def comments(h, q):
    h.section = "comments"
    h.ok("issue", "comment", "SEC-1", "INTERNALNOTE about the exploit", "--internal",
         as_="alice")
    new = q.fresh("internal comment")
    q.expect(new, "issue.comment", ["carol", "nina", "archie"],
             "an internal comment (never the reporter, not the author)")
    h.check("INTERNALNOTE" in q.show(new, "issue.comment", "nina").get("body", ""),
            "nina reads the internal comment", h.last)
    h.ok("issue", "comment", "SEC-1", "SHAREDNOTE please test the patch", as_="nina")
    new = q.fresh("shared comment")
    q.expect(new, "issue.comment", ["alice", "carol", "archie", "rita"], "a shared comment")
    b = q.show(new, "issue.comment", "rita").get("body", "")
    h.check("SHAREDNOTE" in b and "INTERNALNOTE" not in b,
            "the reporter reads the shared comment and nothing internal", h.last)
    rita_ids = [e["id"] for e in q.all() if e["recipient"] == "rita"]
    bodies = [h.js("outbox", "show", i, "--json", as_="alice").get("body", "")
              for i in rita_ids]
    h.check(bodies and all("INTERNALNOTE" not in b for b in bodies),
            "no message to the reporter holds the internal comment", h.last)
    subjects = [h.js("outbox", "show", e["id"], "--json", as_="alice").get("subject", "")
                for e in q.all() if e["state"] == "pending"]
    h.check(subjects and all(SUBJECT.match(s) and "ZEBRA" not in s and "NOTE" not in s
                             for s in subjects),
            "every subject is the key and a fixed phrase: %r" % sorted(set(subjects)))


def revocation(h, q):
    h.section = "revoked before sending"
    h.ok("issue", "grant", "SEC-1", "rob", "--reason", "backport help", as_="alice")
    h.ok("issue", "comment", "SEC-1", "FORROB details", as_="nina")
    h.ok("issue", "revoke", "SEC-1", "rob", as_="alice")
    new = q.fresh("revoked before expansion")
    q.expect(new, "issue.comment", ["alice", "carol", "archie", "rita"],
             "rob, revoked before sending, gets nothing")

    h.section = "revoked after expansion"
    h.ok("issue", "grant", "SEC-1", "rob", "--reason", "again", as_="alice")
    h.ok("issue", "comment", "SEC-1", "ROBAGAIN", as_="nina")
    new = q.fresh("granted")
    q.expect(new, "issue.comment", ["alice", "carol", "archie", "rita", "rob"],
             "rob with a grant is a recipient")
    rob = [e["id"] for e in new if e["recipient"] == "rob"][0]
    h.ok("issue", "revoke", "SEC-1", "rob", as_="alice")
    h.err_names(h.run("outbox", "show", rob, as_="alice"), "recipient", "no longer",
                what="rob's message no longer renders")
    handed = drain(h)
    h.check(rob not in handed, "rob's message is never handed out for sending")
    st = [e for e in q.all() if e["id"] == rob][0]
    h.eq(st["state"], "dropped", "rob's message is dropped", h.last)
    h.check("no longer" in (st["last_error"] or ""), "and the queue says why", h.last)

    h.section = "disabled account"
    h.ok("user", "disable", "carol", as_="adam")
    h.ok("issue", "assign", "SEC-1", "dave", as_="alice")
    new = q.fresh("assignment")
    q.expect(new, "issue.assign", ["dave", "nina", "archie"],
             "an assignment: not the disabled carol, not the actor, not the reporter")
    h.ok("user", "enable", "carol", as_="adam")


def drain(h, now=None):
    """Hand out and settle every due message; returns the ids handed out."""
    handed = []
    for _ in range(500):
        r = h.run("outbox", "next", "--json", as_="alice", now=now)
        if r.rc == 1:
            h.check("nothing is due" in r.err, "outbox next: nothing is due", r)
            break
        m = r.json()
        handed.append(m["id"])
        h.ok("outbox", "sent", m["id"], as_="alice", now=now)
    return handed


def refused(h, q):
    h.section = "refused change"
    before, n = q.all(), h.audit_len()
    h.refused("issue", "move", "SEC-1", "released", "--release", "v3.6.0", as_="alice")
    h.refused("issue", "comment", "SEC-1", "hello", as_="oscar")
    h.refused("issue", "ack", "SEC-1", as_="rita")
    h.ok("outbox", "expand", as_="alice")
    h.eq(q.all(), before, "a refused change leaves no outbox row")
    h.eq(h.audit_len(), n, "and no audit event")
    h.refused("outbox", "list", as_="rita")
    h.refused("outbox", "list", as_="dora")
    h.refused("outbox", "next", as_="dave")
    h.err_names(h.run("outbox", "next", as_="adam"), "as", "psirt",
                what="admin may not hand out (read) queued mail")
    h.refused("outbox", "expand", as_="nina")


def same_transaction(h):
    """Each issue event points at the audit event written with it."""
    h.section = "one transaction"
    db = sqlite3.connect(h.db)
    rows = db.execute("SELECT e.kind, e.issue_id, a.action, a.object FROM outbox_event e "
                      "LEFT JOIN audit a ON a.seq = e.audit_seq "
                      "WHERE e.issue_id IS NOT NULL").fetchall()
    db.close()
    cause = {"issue.new": "issue.report", "issue.ack": "issue.report",
             "issue.state": "issue.move", "issue.assign": "issue.assign",
             "issue.comment": "issue.comment", "alert.triage": ("issue.report", "issue.move"),
             "alert.fix": "fix.state", "alert.advisory": "issue.move"}
    bad = [r for r in rows if r[2] not in (cause[r[0]] if isinstance(cause[r[0]], tuple)
                                          else (cause[r[0]],)) or r[3] != "SEC-%d" % r[1]]
    h.check(rows and not bad, "each of %d events names the audit event of its change "
            "(bad: %r)" % (len(rows), bad[:3]))


def fix_merge(h, q):
    h.section = "fix merged"
    h.ok("fix", "add", "SEC-1", FIX, "--branch", "main", as_="dave")
    h.ok("fix", "merged", "SEC-1", FIX, "--commit", "89abcdef0123", as_="dave")
    new = q.fresh("fix merged")
    q.expect(new, "alert.fix", ["alert:1", "alert:1", "alert:2"], "the fix notice")
    b = q.show(new, "alert.fix", "alert:2").get("body", "")
    h.check(all(w in b for w in ("CVE-2026-0100", FIX, "89abcdef0123", "Backports:",
                                 "v2.7.0", "needed")),
            "the alert list learns the CVE <-> fix association and the backport plan", h.last)
    h.check("ZEBRA" not in b, "still no title", h.last)
    drain(h)


def retries(h, q):
    h.section = "retries"
    h.ok("issue", "comment", "SEC-1", "one more", as_="alice")
    q.fresh("retry setup")
    first = h.js("outbox", "next", "--json", as_="alice")
    mid = first["message_id"]
    h.ok("outbox", "failed", first["id"], "--error", "451 4.3.0 try\r\nlater", as_="alice")
    e = [x for x in q.all() if x["id"] == first["id"]][0]
    h.eq((e["state"], e["attempts"], e["next_attempt"], e["last_error"]),
         ("pending", 1, "2026-01-05T10:01:00Z", "451 4.3.0 try  later"),
         "a temporary failure waits a minute (error kept on one line)", h.last)
    others = drain(h)
    h.check(first["id"] not in others, "it is not due before its time")
    again = h.js("outbox", "next", "--json", as_="alice", now="2026-01-05T10:01:00Z")
    h.eq((again["id"], again["message_id"], again["attempts"]), (first["id"], mid, 1),
         "after a minute the same message (same Message-ID) is handed out again", h.last)
    h.ok("outbox", "failed", first["id"], "--error", "451 again", as_="alice",
         now="2026-01-05T10:01:00Z")
    e = [x for x in q.all() if x["id"] == first["id"]][0]
    h.eq((e["attempts"], e["next_attempt"]), (2, "2026-01-05T10:03:00Z"),
         "the wait doubles", h.last)
    h.js("outbox", "next", "--json", as_="alice", now="2026-01-05T10:03:00Z")
    h.ok("outbox", "failed", first["id"], "--error", "key expired", "--permanent",
         as_="alice", now="2026-01-05T10:03:00Z")
    e = [x for x in q.all() if x["id"] == first["id"]][0]
    h.eq((e["state"], e["last_error"]), ("held", "key expired"),
         "a permanent failure holds the message, visible in the queue", h.last)
    h.check(first["id"] not in drain(h, now="2026-02-01T00:00:00Z"),
            "a held message is never sent")
    h.err_names(h.run("outbox", "failed", first["id"], "--error", "x", as_="alice"), "id")
    retry_held(h, q, first)

    h.section = "lease"
    h.ok("issue", "comment", "SEC-1", "lease test", "--internal", as_="alice")
    q.fresh("lease setup")
    a = h.js("outbox", "next", "--json", as_="alice")
    # the sender dies before saying sent: the message is leased, not lost
    h.check(a["id"] not in drain(h), "a leased message is not handed out twice")
    b = h.js("outbox", "next", "--json", as_="alice", now="2026-01-05T10:10:00Z")
    h.eq((b["id"], b["message_id"]), (a["id"], a["message_id"]),
         "after the lease the same message (same Message-ID) comes again", h.last)
    h.ok("outbox", "sent", b["id"], as_="alice", now="2026-01-05T10:10:00Z")
    h.ok("outbox", "sent", b["id"], as_="alice", what="told sent twice: still once")
    e = [x for x in q.all() if x["id"] == a["id"]][0]
    h.eq(e["state"], "sent", "it is sent", h.last)


def retry_held(h, q, first):
    """`vigil outbox retry ID` and `retry --held` put held messages back."""
    h.section = "retry held"
    fid = str(first["id"])
    h.ok("issue", "comment", "SEC-1", "another one", as_="alice")
    q.fresh("retry --held setup")
    second = h.js("outbox", "next", "--json", as_="alice")
    h.ok("outbox", "failed", second["id"], "--error", "550 no such user", "--permanent",
         as_="alice")
    sid = str(second["id"])
    held = sorted(x["id"] for x in q.all() if x["state"] == "held")
    h.eq(held, sorted([first["id"], second["id"]]), "two messages are held", h.last)
    sent = [x["id"] for x in q.all() if x["state"] == "sent"][0]
    n = h.audit_len()

    def refusals():
        h.err_names(h.run("outbox", "retry", fid, as_="rita"), "as",
                    what="a reporter may not retry held mail")
        h.err_names(h.run("outbox", "retry", "--held", as_="nina"), "as",
                    what="a maintainer may not retry held mail")
        h.err_names(h.run("outbox", "retry", "--held"), "as",
                    what="nobody (no --as) may not retry held mail")
        h.err_names(h.run("outbox", "retry", str(sent), as_="alice"), "id", "not held",
                    what="a sent message is not retried")
        h.err_names(h.run("outbox", "retry", "99999", as_="alice"), "id",
                    what="retry of an unknown message")
        for args in (("retry",), ("retry", fid, "--held"), ("retry", "x1"),
                     ("list", "--held")):
            h.eq(h.run("outbox", *args, as_="alice").rc, 2,
                 "outbox %s: a usage error" % " ".join(args), h.last)
    before = q.all()
    refusals()
    h.eq(q.all(), before, "the refused retries change nothing in the queue", h.last)
    h.eq(h.audit_len(), n, "the refused retries write no audit event")

    r = h.ok("outbox", "retry", fid, as_="alice", what="psirt retries one held message")
    h.eq(r.out.strip(), "1", "retry ID prints 1", r)
    e = [x for x in q.all() if str(x["id"]) == fid][0]
    h.eq((e["state"], e["attempts"], e["next_attempt"], e["last_error"]),
         ("pending", 0, T0, "key expired"),
         "it is pending again, due now, attempts afresh, the last error kept", h.last)
    e = [x for x in q.all() if str(x["id"]) == sid][0]
    h.eq(e["state"], "held", "the other one stays held", h.last)
    r = h.ok("outbox", "retry", "--held", as_="adam", what="admin retries every held one")
    h.eq(r.out.strip(), "1", "retry --held put back the one still held", r)
    r = h.ok("outbox", "retry", "--held", as_="alice", what="nothing held any more")
    h.eq(r.out.strip(), "0", "retry --held with nothing held prints 0", r)
    ev = [e for e in h.js("audit", "log", "--json", "--limit", "100000", as_="alice")
          if e.get("action") == "mail.requeue"]
    h.eq(sorted((str(e["detail"].get("delivery")), e["detail"].get("error"), e.get("actor"))
                for e in ev),
         sorted([(fid, "key expired", "alice"), (sid, "550 no such user", "adam")]),
         "each retry is an audit event mail.requeue naming the message and its error",
         h.last)
    handed = drain(h)
    h.check(first["id"] in handed and second["id"] in handed,
            "the next pass hands both out again (with the comment's other messages)",
            h.last)
    e = [x for x in q.all() if str(x["id"]) == fid][0]
    h.eq((e["state"], e["message_id"]), ("sent", first["message_id"]),
         "and sends them, with the same Message-ID", h.last)


def digest(h, q):
    h.section = "digest"
    h.ok("tick", as_="alice")
    new = q.fresh("digest")
    q.expect(new, "alert.digest", ["alert:1", "alert:1", "alert:2"], "the digest")
    b = q.show(new, "alert.digest", "alert:2").get("body", "")
    h.check("SEC-1" in b and "Embargo:" in b and "v2.7.0" in b and "ZEBRA" not in b,
            "the digest lists the embargoed issue with its backports, no title", h.last)
    h.ok("tick", as_="alice", now="2026-01-08T10:00:00Z")
    h.eq([e for e in q.fresh("digest again", now="2026-01-08T10:00:00Z")
          if e["kind"] == "alert.digest"], [],
         "no second digest within digest_days", h.last)
    h.ok("tick", as_="alice", now="2026-01-12T10:00:00Z")
    q.expect(q.fresh("a week later", now="2026-01-12T10:00:00Z"), "alert.digest", ["alert:1", "alert:1", "alert:2"],
             "a week later the next digest")


def publication(h, q):
    h.section = "publication"
    h.ok("tick", as_="alice", now="2026-04-10T10:00:00Z")
    h.eq(h.js("issue", "show", "SEC-1", "--json", as_="alice")["state"], "public",
         "the embargo ended: SEC-1 is public")
    new = q.fresh("publication", now="2026-04-10T10:00:00Z")
    q.expect(new, "alert.advisory", ["alert:1", "alert:1", "alert:2"], "the advisory")
    b = q.show(new, "alert.advisory", "alert:2").get("body", "")
    h.check(TITLE in b and "CVE-2026-0100" in b and "SECRETDESC" in b and FIX in b,
            "the advisory carries the public text", h.last)
    h.check("INTERNALNOTE" not in b, "and nothing internal", h.last)
    m = q.show(new, "issue.state", "rita")
    h.eq(m.get("subject"), "[SEC-1] Published", "the reporter is told of publication",
         h.last)


def intake(h, q):
    h.section = "mail intake"

    def mail(text, sender):
        env = {k: v for k, v in os.environ.items() if k not in ("VIGIL_DB", "VIGIL_USER")}
        env["VIGIL_NOW"] = "2026-04-10T11:00:00Z"
        p = subprocess.run([h.vigil, "--db", h.db, "mail-intake", "--sender", sender],
                           input=text.replace("\n", "\r\n").encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, timeout=60)
        h.check(p.returncode == 0, "mail-intake takes the message in (exit %d: %s)" % (
            p.returncode, p.stderr.decode(errors="replace")))
    mail("From: Eve <eve@ext.example>\nTo: security@example.net\nSubject: Parser crash\n"
         "Message-ID: <first@ext.example>\n\nThe parser crashes on input X.\n",
         "eve@ext.example")
    j = h.js("issue", "show", "SEC-2", "--json", as_="alice")
    h.eq((j["state"], j["source"], j["reporter"]), ("triage", "email", "eve"),
         "an e-mailed report is an issue in triage, source email, reporter eve")
    new = q.fresh("intake", now="2026-04-10T11:00:00Z")
    q.expect(new, "issue.ack", ["eve"], "the acknowledgement")
    q.expect(new, "issue.new", ["alice", "carol"], "psirt's notice")
    q.expect(new, "alert.triage", ["alert:1", "alert:1", "alert:2"], "the triage notice")
    ack = q.show(new, "issue.ack", "eve")
    mail("From: Eve <eve@ext.example>\nTo: security@example.net\nSubject: Re: whatever\n"
         "Message-ID: <second@ext.example>\nIn-Reply-To: %s\n\nMore details: REPLYTEXT\n"
         % ack["message_id"], "eve@ext.example")
    cm = h.js("issue", "show", "SEC-2", "--json", as_="alice")["comments"]
    h.check(len(cm) == 1 and "REPLYTEXT" in cm[0].get("text", "") and
            cm[0].get("visibility") == "shared" and cm[0].get("author") == "eve",
            "the reply is a shared comment by eve", h.last)
    mail("From: Eve <eve@ext.example>\nTo: security@example.net\nSubject: Re: whatever\n"
         "Message-ID: <second@ext.example>\nIn-Reply-To: %s\n\nMore details: REPLYTEXT\n"
         % ack["message_id"], "eve@ext.example")
    h.eq(len(h.js("issue", "show", "SEC-2", "--json", as_="alice")["comments"]), 1,
         "the same Message-ID again makes nothing new", h.last)
    mail("From: Mallory <mallory@evil.example>\nTo: security@example.net\nSubject: Re: x\n"
         "Message-ID: <third@evil.example>\nIn-Reply-To: %s\n\nINJECTED\n"
         % ack["message_id"], "mallory@evil.example")
    h.eq(len(h.js("issue", "show", "SEC-2", "--json", as_="alice")["comments"]), 1,
         "a reply by someone who may not see the issue changes nothing", h.last)
    h.eq(len(h.js("issue", "list", "--json", as_="alice")), 2, "and makes no issue", h.last)
    q.expect(q.fresh("after the reply", now="2026-04-10T11:00:00Z"), "issue.comment", ["alice", "carol"],
             "eve's reply tells psirt, not eve herself")
    intake_more(h, q, mail, ack["message_id"])


def intake_more(h, q, mail, ack_id):
    """Threading by References and by the key in the subject; a key in a
    stranger's subject is a new report; attachments; a disabled sender."""
    def comments():
        return h.js("issue", "show", "SEC-2", "--json", as_="alice")["comments"]

    mail("From: eve@ext.example\nTo: security@example.net\nSubject: more\n"
         "Message-ID: <m4@ext.example>\nReferences: <nobody@x.example> %s\n\nREFS\n"
         % ack_id, "eve@ext.example")
    h.check("REFS" in comments()[-1].get("text", ""), "References thread a reply", h.last)
    mail("From: eve@ext.example\nTo: security@example.net\nSubject: Re: [SEC-2] news\n"
         "Message-ID: <m5@ext.example>\n\nBYSUBJECT\n", "eve@ext.example")
    h.check("BYSUBJECT" in comments()[-1].get("text", ""),
            "the key in the subject threads a reply by someone who may see the issue", h.last)
    mail("From: mallory@evil.example\nTo: security@example.net\n"
         "Subject: Same bug as SEC-2?\nMessage-ID: <m6@evil.example>\n\nMALLORYREPORT\n",
         "mallory@evil.example")
    h.eq(len(comments()), 3, "a stranger's subject naming SEC-2 adds nothing to it", h.last)
    j = h.js("issue", "show", "SEC-3", "--json", as_="alice")
    h.check(j.get("reporter") == "mallory" and "MALLORYREPORT" in j.get("description", "")
            and j.get("state") == "triage",
            "it is a new report by mallory instead (a report is never lost)", h.last)
    mail("From: Zed <zed@ext.example>\nTo: security@example.net\nSubject: With a PoC\n"
         "Message-ID: <m7@ext.example>\nMIME-Version: 1.0\n"
         "Content-Type: multipart/mixed; boundary=XX\n\n--XX\n"
         "Content-Type: text/plain; charset=utf-8\n\nSee the file.\n--XX\n"
         "Content-Type: application/octet-stream\n"
         "Content-Disposition: attachment; filename=poc.bin\n"
         "Content-Transfer-Encoding: base64\n\nAAECAw==\n--XX--\n", "zed@ext.example")
    j = h.js("issue", "show", "SEC-4", "--json", as_="alice")
    h.eq([(a.get("name"), a.get("size")) for a in j.get("attachments", [])],
         [("poc.bin", 4)], "the attachment is kept with the new issue", h.last)
    h.ok("user", "disable", "eve", as_="adam")
    mail("From: eve@ext.example\nTo: security@example.net\nSubject: Another one\n"
         "Message-ID: <m8@ext.example>\n\nDISABLEDREPORT\n", "eve@ext.example")
    h.eq(len(h.js("issue", "list", "--json", as_="alice")), 4,
         "mail from a disabled account makes no issue", h.last)


T_OLD = "2026-04-11T10:00:00Z"      # held and pending messages, older than 30 days
T_RECENT = "2026-05-25T10:00:00Z"   # a message finished within the last 30 days
T_PRUNE = "2026-06-01T10:00:00Z"    # cutoff 2026-05-02T10:00:00Z


def sql(h, query, *args):
    db = sqlite3.connect(h.db)
    try:
        return db.execute(query, args).fetchall()
    finally:
        db.close()


def outbox_rows(h):
    return (sql(h, "SELECT * FROM outbox_event ORDER BY id"),
            sql(h, "SELECT * FROM outbox_delivery ORDER BY id"),
            sql(h, "SELECT * FROM intake_message ORDER BY message_id"))


def prune_setting(h):
    """outbox_keep_days: 1..3650 days; anything else names the field and
    changes nothing."""
    h.section = "prune: the setting"
    before, n = outbox_rows(h), h.audit_len()
    for bad in ("0", "-1", "abc", "3651", "", "30d", "99999"):
        h.err_names(h.run("config", "set", "outbox_keep_days", bad, as_="adam"), "value",
                    "1 to 3650", what="outbox_keep_days %r is refused naming the value" % bad)
    r = h.ok("config", "get", "outbox_keep_days", as_="adam")
    h.eq(r.out.strip(), "30", "outbox_keep_days is still its default, 30", r)
    h.eq(h.audit_len(), n, "the refused settings write no audit event")
    h.eq(outbox_rows(h), before, "and change nothing in the outbox")


def prune_fixtures(h, q):
    """Everything so far sent; then, older than 30 days at T_PRUNE: an event
    with a held message and one with pending messages; within 30 days: one
    sent. Returns (held event, pending event, recent event)."""
    h.section = "prune: fixtures"
    drain(h, now="2026-04-10T12:00:00Z")
    h.ok("issue", "comment", "SEC-1", "HELDNOTE", "--internal", as_="alice", now=T_OLD)
    h.ok("outbox", "expand", as_="alice", now=T_OLD)
    m = h.js("outbox", "next", "--json", as_="alice", now=T_OLD)
    h.ok("outbox", "failed", m["id"], "--error", "550 gone", "--permanent", as_="alice",
         now=T_OLD)
    drain(h, now=T_OLD)
    held_ev = [e["event"] for e in q.all() if e["id"] == m["id"]][0]
    # an event that expands to no message: SEC-2's only other full viewer is away
    h.ok("user", "disable", "carol", as_="adam", now="2026-04-11T11:00:00Z")
    h.ok("issue", "comment", "SEC-2", "NOBODYNOTE", "--internal", as_="alice",
         now="2026-04-11T11:00:00Z")
    h.eq(h.run("outbox", "expand", as_="alice", now="2026-04-11T11:00:00Z").out, "0\n",
         "fixtures: alice's note to nobody expands to no message", h.last)
    h.ok("user", "enable", "carol", as_="adam", now="2026-04-11T11:00:00Z")
    h.ok("issue", "comment", "SEC-1", "PENDINGNOTE", "--internal", as_="alice",
         now="2026-04-12T10:00:00Z")
    h.ok("outbox", "expand", as_="alice", now="2026-04-12T10:00:00Z")
    pending_ev = max(e["event"] for e in q.all())
    h.ok("issue", "comment", "SEC-1", "RECENTNOTE", "--internal", as_="alice", now=T_RECENT)
    h.ok("outbox", "expand", as_="alice", now=T_RECENT)
    recent_ev = max(e["event"] for e in q.all())
    # settle everything but the pending event's messages
    for e in q.all():
        if e["event"] == recent_ev and e["state"] == "pending":
            h.ok("outbox", "sent", e["id"], as_="alice", now=T_RECENT)
    states = {(e["event"], e["state"]) for e in q.all() if e["event"] in
              (held_ev, pending_ev, recent_ev)}
    h.check((held_ev, "held") in states and (held_ev, "sent") in states and
            (pending_ev, "pending") in states and (recent_ev, "sent") in states and
            (pending_ev, "sent") not in states and (recent_ev, "pending") not in states,
            "fixtures: a held (and a sent) message, pending ones, recent sent ones", h.last)
    return held_ev, pending_ev, recent_ev


def prunable(h, cutoff_epoch):
    """The events the retention rule of docs/mail.md removes, read from the
    tables: expanded before the cutoff, every message sent or dropped before
    it, not the newest digest."""
    digest = sql(h, "SELECT max(id) FROM outbox_event WHERE kind = 'alert.digest'")[0][0]
    out = set()
    for eid, expanded in sql(h, "SELECT id, expanded_at FROM outbox_event"):
        dl = sql(h, "SELECT state, sent_at, next_at FROM outbox_delivery WHERE event_id = ?",
                 eid)
        if expanded is not None and expanded < cutoff_epoch and eid != digest and all(
                st in (1, 3) and (sa if sa is not None else na) < cutoff_epoch
                for st, sa, na in dl):
            out.add(eid)
    return out


def prune(h, q):
    """vigil outbox prune: finished old events go with their deliveries in
    one transaction; held, pending and recent ones stay; replies to a
    pruned message still thread; the newest digest stays (the schedule)."""
    prune_setting(h)
    held_ev, pending_ev, recent_ev = prune_fixtures(h, q)
    h.section = "prune"
    cutoff = 1777716000  # 2026-05-02T10:00:00Z
    gone = prunable(h, cutoff)
    events = {r[0] for r in sql(h, "SELECT id FROM outbox_event")}
    empty = {r[0] for r in sql(h, "SELECT id FROM outbox_event e WHERE expanded_at IS NOT "
                                  "NULL AND NOT EXISTS (SELECT 1 FROM outbox_delivery d "
                                  "WHERE d.event_id = e.id)")}
    h.check(len(gone) > 10 and bool(empty & gone) and
            not {held_ev, pending_ev, recent_ev} & gone,
            "fixtures: many old finished events (some that expanded to no message), and "
            "the held, pending and recent ones are not among them (%d old, %d without "
            "message)" % (len(gone), len(empty & gone)))
    ndl = sql(h, "SELECT count(*) FROM outbox_delivery WHERE event_id IN (%s)" %
              ",".join(str(i) for i in gone))[0][0]
    alice_old = sql(h, "SELECT d.message_id FROM outbox_delivery d JOIN outbox_event e ON "
                       "e.id = d.event_id JOIN person p ON p.id = d.person_id WHERE "
                       "p.login = 'alice' AND e.issue_id = 2 AND d.state = 1 ORDER BY d.id "
                       "LIMIT 1")[0][0]
    h.ok("config", "set", "digest_days", "90", as_="adam")
    n = h.audit_len()
    before = outbox_rows(h)

    def refusals():
        for who in ("rita", "nina", "dora", None):
            h.err_names(h.run("outbox", "prune", as_=who, now=T_PRUNE), "as",
                        what="%s may not prune the outbox" % (who or "nobody"))
        h.eq(h.run("outbox", "prune", "7", as_="alice", now=T_PRUNE).rc, 2,
             "outbox prune takes no argument: a usage error", h.last)
        h.eq(h.run("outbox", "show", "1", "--state", "held", as_="alice").rc, 2,
             "--state goes with list only: a usage error", h.last)
    refusals()
    h.eq(outbox_rows(h), before, "refused prunes change nothing")
    h.eq(h.audit_len(), n, "and write no audit event")

    # one transaction: a failure deleting the events undoes the deleted deliveries
    db = sqlite3.connect(h.db)
    db.execute("CREATE TRIGGER no_prune BEFORE DELETE ON outbox_event "
               "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
    db.commit()
    db.close()
    h.err_names(h.run("outbox", "prune", as_="alice", now=T_PRUNE), "db",
                "cannot prune", what="a prune that fails half way is refused")
    sql(h, "DROP TRIGGER no_prune")
    h.eq(outbox_rows(h), before, "and leaves every event, message and Message-ID as it was")
    h.eq(h.audit_len(), n, "and writes no audit event")

    j = h.js("outbox", "prune", "--json", as_="alice", now=T_PRUNE)
    h.eq(j, {"events": len(gone), "deliveries": ndl, "keep_days": 30,
             "before": "2026-05-02T10:00:00Z"},
         "outbox prune --json: how many events and messages went, and the cutoff", h.last)
    left = {r[0] for r in sql(h, "SELECT id FROM outbox_event")}
    h.eq(left, events - gone, "exactly the finished events older than 30 days are gone")
    h.check({held_ev, pending_ev, recent_ev} <= left,
            "the event with a held message, the pending one and the recent one stay")
    h.eq(sql(h, "SELECT count(*) FROM outbox_delivery WHERE event_id NOT IN "
                "(SELECT id FROM outbox_event)")[0][0], 0,
         "their messages went with them (no message without its event)")
    h.check(all(e["event"] not in gone for e in q.all()),
            "outbox list shows none of them", h.last)
    held = [e for e in q.all() if e["event"] == held_ev]
    h.check({"held", "sent"} <= {e["state"] for e in held},
            "the held event keeps all its messages, the sent one too", h.last)
    h.eq(len(h.js("outbox", "list", "--state", "held", "--json", as_="alice")), 1,
         "outbox list --state held lists the held message", h.last)
    h.err_names(h.run("outbox", "list", "--state", "lost", as_="alice"), "state",
                what="outbox list --state with an unknown state names the field")
    ev = [e for e in h.js("audit", "log", "--json", "--limit", "100000", as_="alice")
          if e.get("action") == "mail.prune"]
    h.eq([(e.get("actor"), e["detail"].get("events"), e["detail"].get("deliveries"))
          for e in ev], [("alice", len(gone), ndl)],
         "the prune is one audit event mail.prune with the counts", h.last)
    n = h.audit_len()
    r = h.ok("outbox", "prune", as_="adam", now=T_PRUNE,
             what="admin may prune on this machine")
    h.eq(r.out, "0 events, 0 messages pruned (finished more than 30 days ago)\n",
         "a second prune finds nothing", r)
    h.eq(h.audit_len(), n, "a prune that removes nothing writes no audit event")
    prune_after(h, q, alice_old, pending_ev)


def prune_after(h, q, alice_old, pending_ev):
    """What stays usable after a prune: the digest schedule, replies to a
    pruned message, the pending messages."""
    h.ok("tick", as_="alice", now=T_PRUNE)
    h.eq([e for e in q.fresh("tick after prune", now=T_PRUNE) if e["kind"] == "alert.digest"],
         [], "the newest digest was kept: no digest within digest_days after a prune",
         h.last)
    h.eq(sql(h, "SELECT issue_id, outcome FROM intake_message WHERE message_id = ?",
             alice_old), [(2, "sent")],
         "a pruned sent message's Message-ID is kept for threading (no address)")
    env = {k: v for k, v in os.environ.items() if k not in ("VIGIL_DB", "VIGIL_USER")}
    env["VIGIL_NOW"] = T_PRUNE
    text = ("From: alice@example.org\nTo: security@example.net\nSubject: Re: old\n"
            "Message-ID: <late@example.org>\nIn-Reply-To: %s\n\nLATEREPLY\n" % alice_old)
    p = subprocess.run([h.vigil, "--db", h.db, "mail-intake", "--sender",
                        "alice@example.org"], input=text.replace("\n", "\r\n").encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=60)
    h.check(p.returncode == 0, "mail-intake takes the late reply in")
    cm = h.js("issue", "show", "SEC-2", "--json", as_="alice")["comments"]
    h.check("LATEREPLY" in cm[-1].get("text", "") and cm[-1].get("author") == "alice",
            "a reply to a pruned message still threads to its issue", h.last)
    handed = drain(h, now=T_PRUNE)
    h.check(any(e["event"] == pending_ev for e in q.all() if e["id"] in handed),
            "the pending messages are still sent after the prune", h.last)
    sender_pass(h, pending_ev)


def sender_pass(h, pending_ev):
    """Each pass of `vigil mail-send` prunes too (as the mail gateway)."""
    h.section = "prune: the sender pass"
    if not _python_with_aiosmtpd():
        sys.stdout.write("(python3-aiosmtpd is not installed: the sender pass is not "
                         "checked)\n")
        return
    sink = SmtpSink(os.path.join(h.tmp, "smtp"))
    sink.start()
    try:
        h.ok("config", "set", "smtp_url", sink.url(), as_="adam", now=T_PRUNE)
        h.check(pending_ev in {r[0] for r in sql(h, "SELECT id FROM outbox_event")},
                "before the pass, the event sent on %s is still there" % T_PRUNE)
        h.ok("mail-send", now="2026-07-02T11:00:00Z", what="a sender pass 31 days later")
    finally:
        sink.stop()
    h.check(pending_ev not in {r[0] for r in sql(h, "SELECT id FROM outbox_event")},
            "the pass pruned the event finished more than 30 days before")
    ev = [e for e in h.js("audit", "log", "--json", "--limit", "100000", as_="alice")
          if e.get("action") == "mail.prune"]
    h.eq(ev[-1].get("actor") if ev else None, "system",
         "the pass's prune is an audit event by the mail gateway", h.last)


def main():
    h = Harness(sys.argv, "outbox")
    make_key(h)
    q = Queue(h)
    setup(h, q)
    report_and_triage(h, q)
    comments(h, q)
    revocation(h, q)
    refused(h, q)
    fix_merge(h, q)
    same_transaction(h)
    retries(h, q)
    digest(h, q)
    publication(h, q)
    intake(h, q)
    prune(h, q)
    h.finish()


if __name__ == "__main__":
    main()
