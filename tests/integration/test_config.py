#!/usr/bin/env python3
"""test_config.py — `vigil config`, the publisher's settings that advisories
carry: defaults while unset, every value checked with an error naming the
field, only admins and psirt may set, every change an audit event, and
nothing changes on a refusal. Also: `vigil export` of an issue that is not
public is refused, a hidden one answers like a missing key, and export and
config are local-only commands.

Usage: test_config.py PATH-TO-VIGIL
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vigil_harness import Harness  # noqa: E402


def main():
    h = Harness(sys.argv, "config")
    h.ok("init")
    h.ok("user", "add", "alice", "--email", "alice@example.org", "--role", "psirt", as_="admin")
    h.ok("user", "add", "rep", "--email", "rep@example.org", as_="admin")
    h.ok("user", "add", "bob", "--email", "bob@example.org", as_="admin")

    h.section = "defaults"
    j = h.js("config", "list", "--json", as_="rep")
    h.eq(sorted(j), sorted(["org_name", "org_id", "cna_short_name", "vendor", "product",
                            "repo_url", "advisory_url", "osv_prefix",
                            # mail service
                            "base_url", "mail_from", "mail_domain", "digest_days",
                            # mail: outbox retention
                            "outbox_keep_days"]),
         "config list names every setting", h.last)
    h.eq(j.get("osv_prefix"), "VIGIL", "osv_prefix defaults to VIGIL", h.last)
    r = h.ok("config", "get", "repo_url", as_="rep")
    h.eq(r.out.strip(), "https://git.example.org/product", "a default while unset", r)

    h.section = "bad values change nothing"
    n = h.audit_len()
    for args, field, words in (
            (("set", "colour", "blue"), "key", ["not a setting"]),
            (("set", "org_id", "not-a-uuid"), "value", ["UUID"]),
            (("set", "org_id", "3F0C8D9E-1A2B-4C3D-8E4F-5A6B7C8D9E0F"), "value", ["lower"]),
            (("set", "repo_url", "http://git.example.org/x"), "value", ["https"]),
            (("set", "osv_prefix", "vigil"), "value", ["capital"]),
            (("set", "org_name", "two\nlines"), "value", []),
            (("get", "colour"), "key", [])):
        r = h.run("config", *args, as_="alice")
        h.err_names(r, field, *words, what="config %s: refused naming %s" % (
            " ".join(args)[:40], field))
    r = h.run("config", "set", "org_name", "Mallory Corp", as_="rep")
    h.check(r.rc == 1 and "may not" in r.err, "a reporter may not change settings", r)
    r = h.run("config", "set", "org_name", "Mallory Corp")
    h.check(r.rc == 1, "anonymous may not change settings", r)
    h.eq(h.audit_len(), n, "no refused change wrote an audit event", h.last)
    h.eq(h.js("config", "list", "--json", as_="alice").get("org_name"), "Example Project",
         "org_name unchanged", h.last)

    h.section = "set"
    h.ok("config", "set", "org_id", "3f0c8d9e-1a2b-4c3d-8e4f-5a6b7c8d9e0f", as_="alice")
    h.ok("config", "set", "org_name", "Example RTOS Project", as_="admin")
    h.eq(h.ok("config", "get", "org_name", as_="rep").out.strip(), "Example RTOS Project",
         "a set value is read back", h.last)
    h.eq(h.audit_len(), n + 2, "two changes, two audit events", h.last)

    h.section = "export needs a public issue"
    k = h.ok("report", "--title", "SECRET overflow", "--description", "d", as_="rep").out.strip()
    r = h.run("export", "osv", k, as_="alice")
    h.err_names(r, "issue", "not public", what="psirt: an embargoed issue has no advisory")
    for who in ("bob", None):
        r1 = h.run("export", "osv", k, as_=who)
        r2 = h.run("export", "osv", "SEC-999", as_=who)
        h.check(r1.rc == r2.rc == 1 and r1.err == r2.err and r1.out == r2.out == "",
                "%s: a hidden issue's export answers like a missing key" % (who or "anonymous"),
                r1)
        h.check("SECRET" not in r1.out + r1.err, "no title in the answer", r1)
    r = h.run("export", "osv", "--all", as_="bob")
    h.check(r.rc == 0 and json.loads(r.out) == [], "--all with no public issue: []", r)
    r = h.run("export", "pdf", k, as_="alice")
    h.check(r.rc == 2, "an unknown format is a usage error", r)
    r = h.run("export", "osv", as_="alice")
    h.check(r.rc == 2, "KEY or --all is needed", r)
    r = h.run("export", "osv", "--all", raw_global=["--server", "http://127.0.0.1:9"])
    h.check(r.rc == 2 and "--server" in r.err, "export with --server: usage error", r)
    r = h.run("config", "list", raw_global=["--server", "http://127.0.0.1:9"])
    h.check(r.rc == 2 and "--server" in r.err, "config with --server: usage error", r)
    h.finish()


if __name__ == "__main__":
    main()
