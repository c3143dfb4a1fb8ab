#!/usr/bin/env python3
"""test_alert.py — the vulnerability-alerts list (SPEC §2, §7) from the
command line: anyone (also anonymous) files a request; directors and psirt
list the members; only a director approves, denies or removes; directors and
psirt change addresses and keys; reporters, maintainers and admins alone are
refused; bad input names the field and changes nothing; every change is an
audit event; the member is told of each decision through the outbox;
anonymous requests over HTTP are limited per client address (429, nothing
written), signed-in callers and the local CLI are not.

Usage: test_alert.py PATH-TO-VIGIL
"""

import os
import re
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import HttpHarness  # noqa: E402
from vigil_cast import create_cast, label  # noqa: E402

# real keys, made by gpg in make_keys(): the front-ends refuse a key
# GnuPG cannot use (mail_pgp_check_key) before the service sees it
KEY = ""           # usable: ed25519 with a cv25519 encryption subkey
OLD = ""           # expired (made in 2020, valid for a day)
TWO = ""           # a block holding two keys
PRIVATE = ""


def make_keys(h):
    global KEY, OLD, TWO, PRIVATE
    home = os.path.join(h.tmp, "gnupg")
    os.makedirs(home, mode=0o700)

    def gpg(*args):
        return subprocess.run(["gpg", "--homedir", home, "--batch", "--pinentry-mode",
                               "loopback", "--passphrase", ""] + list(args), check=True,
                              capture_output=True, timeout=60).stdout.decode()
    try:
        gpg("--quick-gen-key", "ACME PSIRT <sec@acme.example>", "future-default", "default",
            "never")
        gpg("--faked-system-time", "20200101T000000", "--quick-gen-key",
            "Old <old@acme.example>", "future-default", "default", "1d")
        KEY = gpg("--armor", "--export", "sec@acme.example")
        OLD = gpg("--armor", "--export", "old@acme.example")
        TWO = gpg("--armor", "--export", "sec@acme.example", "old@acme.example")
        PRIVATE = KEY.replace("PUBLIC KEY", "PRIVATE KEY")
    finally:
        subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"], capture_output=True)

MAY_SEE = {"dora", "alice", "carol"}        # directors and psirt
MAY_DECIDE = {"dora"}                        # directors only
OTHERS = ["rita", "nina", "archie", "dave", "larry", "adam", None]


def members(h, as_="alice"):
    return h.js("alert", "list", "--json", as_=as_)


def audit(h):
    return h.js("audit", "log", "--json", "--limit", "100000", as_="alice")


def write(h, name, text):
    path = os.path.join(h.tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def unchanged(h, what, fn):
    """fn runs refused commands: the member list and the audit log stay."""
    before = (members(h), len(audit(h)))
    fn()
    after = (members(h), len(audit(h)))
    h.eq(after[0], before[0], "%s: the alert list is unchanged" % what)
    h.eq(after[1], before[1], "%s: no audit event is written" % what)


def request(h):
    h.section = "request"
    key = write(h, "acme.asc", KEY)
    r = h.ok("alert", "request", "--org", "ACME Routers", "--address", "sec@acme.example",
             "--address", "psirt@acme.example", "--reason", "We ship the product in routers.",
             "--key-file", key, what="an anonymous visitor files a request with a key")
    h.eq(r.out.strip(), "1", "the first request gets id 1", r)
    r = h.ok("alert", "request", "--org", "Tiny Vendor", "--address", "a@tiny.example",
             "--reason", "We embed it.", as_="rita", what="a reporter files a request")
    h.eq(r.out.strip(), "2", "the second request gets id 2", r)
    h.ok("alert", "request", "--org", "Third Co", "--address", "x@third.example",
         "--reason", "line one\nline two", as_="nina")
    m = members(h, "dora")
    h.eq([(x["id"], x["org"], x["status"]) for x in m],
         [(1, "ACME Routers", "requested"), (2, "Tiny Vendor", "requested"),
          (3, "Third Co", "requested")], "dora lists the three requests", h.last)
    h.eq(m[0]["addresses"], ["sec@acme.example", "psirt@acme.example"],
         "both addresses are kept in order", h.last)
    h.eq(m[0]["pgp_key"], KEY.rstrip("\n"), "the armored key is kept (blanks trimmed)", h.last)
    h.eq(m[1]["pgp_key"], None, "no key: null", h.last)
    h.eq(m[0]["vetted_by"], None, "nobody vetted it yet", h.last)
    a = [e for e in audit(h) if e.get("action") == "alert.request"]
    h.eq([(e.get("actor"), e.get("object")) for e in a],
         [("anonymous", "alert:1"), ("rita", "alert:2"), ("nina", "alert:3")],
         "each request is an audit event by its actor")


def bad_input(h):
    h.section = "bad input"
    big = write(h, "big.asc", KEY.replace("-----END", "A" * 70000 + "\n-----END"))
    priv = write(h, "priv.asc", PRIVATE)
    junk = write(h, "junk.asc", "hello\n")
    old = write(h, "old.asc", OLD)
    two = write(h, "two.asc", TWO)
    base = ["alert", "request", "--org", "O", "--address", "o@example.org", "--reason", "r"]
    cases = [
        (["alert", "request", "--address", "o@example.org", "--reason", "r"], "org", []),
        (["alert", "request", "--org", "O\nX", "--address", "o@example.org", "--reason", "r"],
         "org", []),
        (["alert", "request", "--org", "O", "--reason", "r"], "addresses", ["at least one"]),
        (["alert", "request", "--org", "O", "--address", "not an address", "--reason", "r"],
         "addresses", ["address"]),
        (["alert", "request", "--org", "O", "--address", "o@example.org", "--address",
          "o@example.org", "--reason", "r"], "addresses", ["twice"]),
        (["alert", "request", "--org", "O", "--address", "o@example.org"], "reason", []),
        (["alert", "request", "--org", "O", "--address", "o@example.org", "--reason",
          "x" * 2001], "reason", []),
        (base + ["--key-file", big], "pgp_key", ["not a usable OpenPGP public key"]),
        (base + ["--key-file", priv], "pgp_key", []),
        (base + ["--key-file", junk], "pgp_key", ["not a usable OpenPGP public key"]),
        (base + ["--key-file", old], "pgp_key", ["not a usable OpenPGP public key",
                                                  "expired"]),
        (base + ["--key-file", two], "pgp_key", ["more than one key"]),
        (["alert", "request", "--org", "O", "--address",
          ",".join("a%d@example.org" % i for i in range(2)), "--reason", "r"], "addresses", []),
    ]

    def go():
        for args, field, words in cases:
            h.err_names(h.run(*args), field, *words)
        many = ["alert", "request", "--org", "O", "--reason", "r"]
        for i in range(11):
            many += ["--address", "a%d@example.org" % i]
        h.err_names(h.run(*many), "addresses", "at most")
        h.err_names(h.run("alert", "approve", "99", as_="dora"), "id", "no alert-list member")
        h.err_names(h.run("alert", "approve", "1", "--note", "bad\x01note", as_="dora"), "note")
        h.usage("alert", "approve", "x1", as_="dora")
        h.usage("alert", "frobnicate", "1", as_="dora")
        h.err_names(h.run("alert", "update", "1", as_="alice"), "addresses", "nothing to change")
        h.err_names(h.run("alert", "update", "1", "--address", "bad", as_="alice"), "addresses")
        # GnuPG's verdict on a new key, only for those who may see the member
        h.err_names(h.run("alert", "update", "1", "--key-file", old, as_="alice"), "pgp_key",
                    "not a usable OpenPGP public key (has expired)")
        h.err_names(h.run("alert", "update", "1", "--key-file", junk, as_="dora"), "pgp_key",
                    "not a usable")
        r = h.run("alert", "update", "1", "--key-file", old, as_="rita")
        h.check(r.rc == 1 and "pgp_key" not in r.err,
                "a reporter's update with an expired key is refused for the role, "
                "not the key", r)
    unchanged(h, "bad input", go)


def refusals(h):
    h.section = "refusals"

    def go():
        for who in OTHERS:
            r = h.run("alert", "list", "--json", as_=who)
            h.check(r.rc == 1 and r.out == "", "%s may not list the alert list" % label(who), r)
            h.check(r.rc == 1 and r.out == "" and "ACME" not in r.err,
                    "%s: the refusal shows no member" % label(who), r)
            h.err_names(h.run("alert", "show", "1", as_=who), "as")
            h.err_names(h.run("alert", "update", "1", "--address", "evil@example.org",
                              as_=who), "as")
        for who in OTHERS + ["alice", "carol"]:
            for d in ("approve", "deny", "remove"):
                r = h.run("alert", d, "1", as_=who)
                h.err_names(r, "as", "director", what="%s may not %s a member" % (label(who), d))
    unchanged(h, "refused roles", go)
    for who in sorted(MAY_SEE):
        m = members(h, who)
        h.eq(len(m), 3, "%s lists every member" % label(who), h.last)
        j = h.js("alert", "show", "2", "--json", as_=who)
        h.eq(j.get("org"), "Tiny Vendor", "%s shows member 2" % label(who), h.last)


def decisions(h):
    h.section = "decisions"
    h.ok("alert", "approve", "1", "--note", "known vendor, checked by phone", as_="dora")
    h.ok("alert", "deny", "2", as_="dora")
    m = {x["id"]: x for x in members(h)}
    h.eq((m[1]["status"], m[1]["vetted_by"], m[1]["note"]),
         ("approved", "dora", "known vendor, checked by phone"),
         "member 1 is approved by dora with her note", h.last)
    h.check(m[1]["vetted_at"] == "2026-01-05T10:00:00Z", "the vetting time is recorded",
            h.last)
    h.eq((m[2]["status"], m[2]["vetted_by"], m[2]["note"]), ("denied", "dora", None),
         "member 2 is denied", h.last)

    def go():
        h.err_names(h.run("alert", "approve", "1", as_="dora"), "decision", "already")
        h.err_names(h.run("alert", "deny", "1", as_="dora"), "decision", "pending")
        h.err_names(h.run("alert", "remove", "2", as_="dora"), "decision", "approved")
        h.err_names(h.run("alert", "deny", "2", as_="dora"), "decision", "pending")
    unchanged(h, "decisions the status does not allow", go)
    h.ok("alert", "remove", "1", "--note", "left the market", as_="dora",
         what="an approved member is removed")
    h.eq(members(h)[0]["status"], "removed", "member 1 is removed", h.last)
    h.ok("alert", "approve", "1", as_="dora", what="a removed member may be approved again")
    h.eq(members(h)[0]["status"], "approved", "member 1 is approved again", h.last)
    ev = [(e.get("actor"), e.get("object"), e.get("detail", {}).get("decision"))
          for e in audit(h) if e.get("action") == "alert.decide"]
    h.eq(ev, [("dora", "alert:1", "approve"), ("dora", "alert:2", "deny"),
              ("dora", "alert:1", "remove"), ("dora", "alert:1", "approve")],
         "each decision is an audit event")


def updates(h):
    h.section = "updates"
    h.ok("alert", "update", "1", "--address", "new@acme.example", as_="alice",
         what="psirt replaces the addresses")
    h.ok("alert", "update", "1", "--no-key", as_="dora", what="a director removes the key")
    m = members(h)[0]
    h.eq((m["addresses"], m["pgp_key"]), (["new@acme.example"], None),
         "addresses replaced, key removed", h.last)
    key = write(h, "k2.asc", KEY.replace("\n", "\r\n"))
    h.ok("alert", "update", "1", "--key-file", key, as_="carol", what="psirt sets a key")
    h.eq(members(h)[0]["pgp_key"], KEY.rstrip("\n"), "CR LF line ends are normalised",
         h.last)
    h.usage("alert", "update", "1", "--key-file", key, "--no-key", as_="alice")
    ev = [(e.get("actor"), e.get("detail")) for e in audit(h)
          if e.get("action") == "alert.update"]
    h.eq(ev, [("alice", {"addresses": ["new@acme.example"]}), ("dora", {"pgp_key": "removed"}),
              ("carol", {"pgp_key": "set"})], "each update is an audit event (no key text)")


def told(h):
    """The member is told of each decision; directors of each request."""
    h.section = "told by mail"
    h.ok("outbox", "expand", as_="alice")
    q = h.js("outbox", "list", "--json", as_="adam")
    req = sorted((e["recipient"], e["to"]) for e in q if e["kind"] == "alert.request")
    h.eq(req, [("dora", "dora@example.org")] * 3, "dora (the one director) hears of each "
         "request", h.last)
    dec = [(e["recipient"], e["to"]) for e in q if e["kind"] == "alert.decision"]
    h.eq(dec, [("alert:1", "new@acme.example"), ("alert:2", "a@tiny.example"),
               ("alert:1", "new@acme.example"), ("alert:1", "new@acme.example")],
         "each decision is mailed to the member's addresses (current ones)", h.last)
    ids = [e["id"] for e in q if e["kind"] == "alert.decision"]
    m = h.js("outbox", "show", ids[1], "--json", as_="alice")
    h.eq(m.get("subject"), "[vigil] Alert-list decision", "a fixed subject", h.last)
    h.check("denied" in m.get("body", "") and "note" not in m.get("body", ""),
            "the denial says denied and not the director's note", h.last)
    m = h.js("outbox", "show", ids[2], "--json", as_="alice")
    h.check("removed" in m.get("body", "") and "left the market" not in m.get("body", ""),
            "the removal says removed, without the note", h.last)
    h.eq((m.get("encrypt"), m.get("pgp_key")), (True, KEY.rstrip("\n")),
         "member 1 has a key now: its messages must be encrypted to it", h.last)
    h.err_names(h.run("outbox", "show", ids[0], as_="adam"), "as",
                what="admin may not read queued messages")


def remote(h):
    """`vigil --server URL alert ...` prints what local mode prints."""
    h.section = "remote mode"
    tokens = {who: h.cli_token(who, "t-" + who) for who in ("alice", "dora", "rita")}
    tokens[None] = ""
    xdg = os.path.join(h.tmp, "xdg")
    os.makedirs(xdg, exist_ok=True)
    h.start_server("2026-01-05T10:00:00Z")
    url = "http://127.0.0.1:%d" % h.server.port

    def rem(who, *args):
        return h.run(*args, raw_global=["--server", url], env={
            "VIGIL_TOKEN": tokens[who], "XDG_CONFIG_HOME": xdg, "VIGIL_SERVER": None})

    def same(who, *args):
        lr, rr = h.run(*args, as_=who), rem(who, *args)
        h.check((lr.rc, lr.out, lr.err) == (rr.rc, rr.out, rr.err),
                "%s: %s: remote mode prints what local mode prints" % (
                    label(who), " ".join(args)),
                rr if (lr.rc, lr.out, lr.err) != (rr.rc, rr.out, rr.err) else None)
        if (lr.rc, lr.out, lr.err) != (rr.rc, rr.out, rr.err):
            sys.stdout.write("  --- local mode gave:\n" + lr.describe() + "\n")

    def go():
        for who in ("alice", "dora", "rita"):
            for args in (("list",), ("list", "--json"), ("show", "1"), ("show", "1", "--json"),
                         ("show", "99"), ("deny", "1"), ("remove", "3"), ("approve", "99"),
                         ("update", "1"), ("update", "1", "--address", "bad"),
                         ("request", "--org", "O", "--reason", "r"),
                         ("request", "--org", "O", "--address", "o@example.org")):
                same(who, "alert", *args)
        same(None, "alert", "request", "--org", "O", "--reason", "r")
        # the API refuses an expired key and garbage like local mode does
        old = write(h, "old-remote.asc", OLD)
        junk = write(h, "junk-remote.asc", "hello\n")
        for who in (None, "rita"):
            for path in (old, junk):
                same(who, "alert", "request", "--org", "O", "--address", "o@example.org",
                     "--reason", "r", "--key-file", path)
        for who in ("alice", "dora", "rita"):
            for path in (old, junk):
                same(who, "alert", "update", "1", "--key-file", path)
        r = rem(None, "alert", "request", "--org", "O", "--address", "o@example.org",
                "--reason", "r", "--key-file", old)
        h.err_names(r, "pgp_key", "not a usable OpenPGP public key (has expired)",
                    what="the API refuses an expired key naming pgp_key")
        r = rem("alice", "alert", "update", "1", "--key-file", junk)
        h.err_names(r, "pgp_key", "not a usable OpenPGP public key",
                    what="the API refuses garbage as a key naming pgp_key")
        # the API asks anonymous callers to sign in first (401) where the
        # database file names the missing role: both refuse
        for args in (("list",), ("show", "1"), ("approve", "1")):
            r = rem(None, "alert", *args)
            h.err_names(r, "auth", "signed-in", what="anonymous remote alert %s: 401" %
                        args[0])
    unchanged(h, "remote refusals", go)
    r = rem(None, "alert", "request", "--org", "Remote Co", "--address", "r@remote.example",
            "--reason", "filed over HTTP")
    h.eq((r.rc, r.out.strip()), (0, "4"), "an anonymous remote request gets id 4", r)
    h.check(rem("dora", "alert", "approve", "4", "--note", "ok").rc == 0,
            "dora approves remotely", h.last)
    h.check(rem("alice", "alert", "update", "4", "--address", "s@remote.example").rc == 0,
            "alice updates remotely", h.last)
    m = [x for x in members(h) if x["id"] == 4]
    h.eq([(x["status"], x["vetted_by"], x["addresses"]) for x in m],
         [("approved", "dora", ["s@remote.example"])], "the remote changes are made", h.last)
    h.stop_server()


# anonymous requests over HTTP are
# limited per client address (LIM_ALERT_REQUESTS_PER_ADDR in 15 minutes)
PER_ADDR = 10
REQ = "/api/v1/alert-list/requests"


def request_limit(h):
    """The 11th anonymous request from one address in 15 minutes is refused
    with 429 naming "request", and writes nothing: no member, no outbox row,
    no audit event. Signed-in callers and the local CLI are not limited."""
    h.section = "per-address limit"
    rita = h.cli_token("rita", "t-rita-limit")
    h.start_server("2026-01-05T10:05:00Z")
    c = h.client()
    # the anonymous requests of earlier sections (remote mode) count too
    done = h.sql("SELECT count(*) FROM login_failure WHERE login LIKE '(alert request) %'")[0][0]
    h.check(0 < done < PER_ADDR, "earlier anonymous HTTP requests were counted (%d)" % done)
    n0 = len(members(h))
    for i in range(PER_ADDR - done):
        r = c.post(REQ, {"org": "Flood %d" % i, "addresses": ["f%d@flood.example" % i],
                         "reason": "r"})
        h.status(r, 201, "anonymous request %d of %d from one address" % (done + i + 1,
                                                                           PER_ADDR))
    h.eq(len(members(h)), n0 + PER_ADDR - done, "each allowed request adds a member")

    def count(q):
        return h.sql(q)[0][0]
    rows = ("SELECT count(*) FROM alert_member", "SELECT count(*) FROM outbox_event",
            "SELECT count(*) FROM outbox_delivery",
            "SELECT count(*) FROM audit WHERE action = 'alert.request'")
    before = [count(q) for q in rows]
    # the web form counts under the same address: it is refused too
    w = h.client("anonymous (web)")
    form = w.get("/alert-list/request")
    m = re.search(rb'name="csrf" value="([0-9a-f]+)"', form.body or b"")
    h.check(form.status == 200 and m, "the web request form has a csrf field", form)
    tok = m.group(1).decode() if m else ""

    def refused():
        r = w.request("POST", "/alert-list/request", body=urllib.parse.urlencode(
            [("org", "Flood Web"), ("addresses", "fw@flood.example"), ("reason", "r"),
             ("csrf", tok)]), content_type="application/x-www-form-urlencoded", csrf=False)
        h.check(r.status == 429 and b"<strong>request</strong>" in r.body and
                b"too many requests from your address" in r.body,
                "the web form over the limit: 429, the form again naming request", r)
        for body in ({"org": "Flood 11", "addresses": ["f11@flood.example"], "reason": "r"},
                     {"org": "Flood 12", "addresses": ["f12@flood.example"], "reason": "r",
                      "pgp_key": KEY}):
            r = c.post(REQ, body)
            h.problem(r, 429, "anonymous request %d from the address" % (PER_ADDR + 1),
                      field="request", detail="too many requests")
    h.unchanged("refused anonymous requests over the limit", refused)
    h.eq([count(q) for q in rows], before,
         "refused: no member row, no outbox row, no alert.request audit event")
    h.check(not h.sql("SELECT 1 FROM alert_member WHERE org LIKE 'Flood 1_'"),
            "the refused organisations are nowhere")
    r = c.post(REQ, {"org": "Signed In Co", "addresses": ["s@signed.example"], "reason": "r"},
               headers={"Authorization": "Bearer " + rita})
    h.status(r, 201, "a signed-in reporter is not limited by the address's count")
    r = h.ok("alert", "request", "--org", "Local Co", "--address", "l@local.example",
             "--reason", "r", what="the local CLI (trusted, no address) is not limited")
    h.eq(len(members(h)), n0 + PER_ADDR - done + 2, "the two unlimited requests are kept")
    h.stop_server()


def main():
    h = HttpHarness(sys.argv, "alert")
    make_keys(h)
    create_cast(h)
    request(h)
    bad_input(h)
    refusals(h)
    decisions(h)
    updates(h)
    told(h)
    remote(h)
    request_limit(h)
    h.finish()


if __name__ == "__main__":
    main()
