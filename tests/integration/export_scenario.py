"""export_scenario.py — the publication scenario the advisory tests share.

build(h) drives the real vigil binary (a vigil_harness.Harness) to make:
  SEC-1  public, reported by rep (credited), one CVE id, a fix on main with a
         full commit id, backports by policy (one merged with its own fix),
         introduced in v3.5.0, released in v4.2.0;
  SEC-2  public early (two psirt members), reported anonymously by other,
         two CVE ids, CVSS v3.1 and v4.0 vectors, fixes on main and on the
         v3.7 branch, introduced in v4.0.0;
  SEC-3  still embargoed, with a CVE id and a fix: must never appear
         beyond its id;
  CVE-2027-0019 retired (rejected) with a reason;
and the publisher's settings. It returns a dict of what the documents must
hold. Python 3 standard library only.
"""

C1 = "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c"
C1_LTS = "aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44"
C2 = "0123456789abcdef0123456789abcdef01234567"
C2_LTS = "89abcdef0123456789abcdef0123456789abcdef"
C3 = "feedfacefeedfacefeedfacefeedfacefeedface"
REPO = "https://git.example.org/product"
CVSS31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
CVSS31_B = "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"
CVSS40_B = "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N"
ORG_ID = "3f0c8d9e-1a2b-4c3d-8e4f-5a6b7c8d9e0f"


def build(h):
    def at(t):
        h.now = t

    def as_(who, *args):
        return h.ok(*args, as_=who)

    at("2027-01-04T09:00:00Z")
    h.ok("init", "--admin", "admin", "--email", "admin@example.org")
    for login, role in (("alice", "psirt"), ("carol", "psirt")):
        as_("admin", "user", "add", login, "--email", login + "@example.org", "--role", role)
    for login, name in (("mia", "Mia Maintainer"), ("rita", "Rita RM"), ("dev", "Dev"),
                        ("rep", "Reina Reporter"), ("other", "Otto Reporter")):
        as_("admin", "user", "add", login, "--email", login + "@example.org", "--name", name)
    for k, v in (("org_name", "Example Project"), ("org_id", ORG_ID),
                 ("cna_short_name", "example"), ("vendor", "Example Project"),
                 ("product", "product"), ("repo_url", REPO),
                 ("advisory_url", "https://security.example.org/advisories"),
                 ("osv_prefix", "EXAMPLE")):
        as_("alice", "config", "set", k, v)
    as_("alice", "subsystem", "add", "net", "--path", "subsys/net/**", "--maintainer", "mia")
    as_("alice", "release", "add", "v3.7.0", "--branch", "v3.7-branch", "--date",
        "2024-07-26", "--lts", "--manager", "rita")
    as_("alice", "release", "add", "v4.0.0", "--branch", "v4.0-branch", "--date", "2024-11-15")
    as_("alice", "release", "add", "v4.1.0", "--branch", "v4.1-branch", "--date", "2025-03-07")
    as_("alice", "release", "add", "v4.2.0", "--branch", "main", "--date", "2027-02-20")
    as_("alice", "cve", "reserve", "CVE-2027-0001..CVE-2027-0020")

    # SEC-1: credited, one id, released, published when its embargo is over
    k1 = as_("rep", "report", "--title", "Buffer overflow in the DNS resolver",
             "--description", "A long CNAME chain overflows the name buffer.",
             "--version", "v4.1.0").out.strip()
    as_("alice", "issue", "ack", k1)
    as_("alice", "issue", "set", k1, "--subsystem", "net", "--priority", "P1", "--embargo",
        "yes", "--introduced", "v3.5.0", "--cvss", CVSS31)
    as_("alice", "issue", "assign", k1, "dev")
    as_("alice", "cve", "assign", k1, "CVE-2027-0001")
    as_("dev", "fix", "add", k1, REPO + "/pull/101", "--branch", "main", "--commit", C1)
    as_("alice", "issue", "comment", k1, "INTERNAL-ONLY: the PoC stays private.", "--internal")
    at("2027-01-20T10:00:00Z")
    as_("mia", "fix", "merged", k1, REPO + "/pull/101")
    as_("dev", "fix", "add", k1, REPO + "/pull/102", "--branch", "v3.7-branch", "--commit",
        C1_LTS)
    as_("rita", "backport", "set", k1, "v3.7.0", "merged", "--fix", REPO + "/pull/102")
    at("2027-02-20T10:00:00Z")
    as_("alice", "issue", "move", k1, "released", "--release", "v4.2.0")

    # SEC-2: anonymous, two ids, early publication
    at("2027-02-01T09:00:00Z")
    k2 = as_("other", "report", "--title", "Pairing accepts a zero-length key",
             "--description", "Pairing with a zero-length key succeeds.",
             "--anonymous").out.strip()
    as_("alice", "issue", "ack", k2)
    as_("alice", "issue", "set", k2, "--subsystem", "net", "--priority", "P2", "--embargo",
        "yes", "--introduced", "v4.0.0", "--cvss", CVSS31_B)
    as_("alice", "issue", "set", k2, "--cvss", CVSS40_B)
    as_("alice", "issue", "assign", k2, "dev")
    as_("alice", "cve", "assign", k2, "CVE-2027-0002")
    as_("alice", "cve", "assign", k2, "CVE-2027-0003")
    as_("dev", "fix", "add", k2, REPO + "/pull/140", "--branch", "main", "--commit", C2)
    as_("mia", "fix", "merged", k2, REPO + "/pull/140")
    as_("dev", "fix", "add", k2, REPO + "/pull/141", "--branch", "v3.7-branch", "--commit",
        C2_LTS)
    as_("alice", "issue", "move", k2, "released", "--release", "v4.2.0")
    as_("alice", "issue", "publish", k2, "--reason", "fix released")
    as_("carol", "issue", "publish", k2)

    # SEC-3: embargoed
    k3 = as_("rep", "report", "--title", "EMBARGOED secret overflow in the shell",
             "--description", "EMBARGOED details.").out.strip()
    as_("alice", "issue", "ack", k3)
    as_("alice", "cve", "assign", k3, "CVE-2027-0004")
    as_("alice", "cve", "retire", "CVE-2027-0019", "--reason", "reserved twice by mistake")

    # SEC-1's embargo ends (90 days): the scheduler publishes it
    at("2027-04-05T10:00:00Z")
    as_("alice", "tick")
    return {
        "keys": [k1, k2, k3], "public": [k1, k2], "embargoed": k3,
        "cves": {k1: ["CVE-2027-0001"], k2: ["CVE-2027-0002", "CVE-2027-0003"]},
        "embargoed_cve": "CVE-2027-0004", "retired": "CVE-2027-0019",
        "commits": {k1: [C1, C1_LTS], k2: [C2, C2_LTS]},
        "anonymous": k2, "credit": {k1: "Reina Reporter"},
        "secrets": ["EMBARGOED", "INTERNAL-ONLY"],
    }
