#!/usr/bin/env python3
"""test_export_osv.py — `vigil export osv` (SPEC §8, machine-readable
advisories) over the shared publication scenario of export_scenario.py:
the concrete content of each OSV entry (id, aliases, CVSS, GIT and SEMVER
ranges, references, credits), that --all covers exactly the public issues,
that nothing of the embargoed issue or of internal notes appears, and that
every document validates against the OSV schema in ../shared/schemas.

Usage: test_export_osv.py PATH-TO-VIGIL.  Python 3 standard library only.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import export_scenario  # noqa: E402
from vigil_harness import Harness  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VALIDATE = os.path.join(REPO_ROOT, "..", "shared", "schemas", "validate.py")
NOW = "2027-04-06T12:00:00Z"
ADV = "https://security.example.org/advisories/"
S = export_scenario


def validate(h, paths):
    p = subprocess.run([sys.executable, VALIDATE, "osv"] + paths, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    out = p.stdout.decode("utf-8", "replace")
    h.check(p.returncode == 0, "every OSV document validates against the schema:\n" + out)
    for path in paths:
        h.check("%s: valid" % path in out, "%s is reported valid" % os.path.basename(path))


def ranges_of(doc, kind):
    return [r for a in doc.get("affected", []) for r in a.get("ranges", [])
            if r.get("type") == kind]


def check_sec1(h, doc, key):
    h.eq(doc["id"], "x_EXAMPLE-" + key, "id: x_ + osv_prefix + key (EXAMPLE is no "
         "home database the schema knows)")
    h.eq(doc["schema_version"], "1.7.0", "schema_version")
    h.eq(doc["modified"], NOW, "modified is the time of the export")
    h.eq(doc["published"], "2027-04-05T10:00:00Z", "published: when the tick published it")
    h.eq(doc["aliases"], ["CVE-2027-0001"], "aliases: its CVE id")
    h.eq(doc["summary"], "Buffer overflow in the DNS resolver", "summary: the title")
    h.eq(doc["details"], "A long CNAME chain overflows the name buffer.",
         "details: the description")
    h.eq(doc["severity"], [{"type": "CVSS_V3", "score": S.CVSS31}], "CVSS v3.1 vector")
    h.eq(len(doc["affected"]), 1, "one affected entry")
    h.check("package" not in doc["affected"][0], "no package: a C project has no ecosystem")
    git = ranges_of(doc, "GIT")
    h.eq(len(git), 1, "one GIT range")
    h.eq(git[0]["repo"], S.REPO, "GIT range over repo_url")
    h.eq(git[0]["events"], [{"introduced": "0"}, {"fixed": S.C1}, {"fixed": S.C1_LTS}],
         "GIT events: introduced 0, fixed by the merged main and v3.7 commits")
    h.eq(ranges_of(doc, "SEMVER"), [{"type": "SEMVER", "events": [
        {"introduced": "3.5.0"}, {"fixed": "4.2.0"}]}],
        "SEMVER range v3.5.0..v4.2.0 without the leading v")
    ds = doc["affected"][0]["database_specific"]
    h.eq(ds["product"], "product", "the product is named in database_specific")
    h.eq((ds["introduced_in"], ds["fixed_in"]), ("v3.5.0", "v4.2.0"),
         "the release names as vigil knows them")
    refs = doc["references"]
    h.eq(refs[0], {"type": "ADVISORY", "url": ADV + key}, "first reference: the advisory")
    h.eq(sorted(r["url"] for r in refs if r["type"] == "FIX"),
         [S.REPO + "/pull/101", S.REPO + "/pull/102"], "FIX references: both pull requests")
    h.eq(doc["credits"], [{"name": "Reina Reporter", "type": "FINDER"}], "credit: FINDER")


def check_sec2(h, doc, key):
    h.eq(doc["id"], "x_EXAMPLE-" + key, "id of the second issue")
    h.eq(doc["aliases"], ["CVE-2027-0002", "CVE-2027-0003"], "aliases: both CVE ids")
    h.eq(doc["summary"], "Pairing accepts a zero-length key", "summary")
    h.eq(doc["severity"], [{"type": "CVSS_V4", "score": S.CVSS40_B}],
         "CVSS v4.0 vector (the last one set)")
    h.eq(doc["published"][:10], "2027-02-01", "published early on 2027-02-01")
    git = ranges_of(doc, "GIT")
    h.eq(git[0]["events"], [{"introduced": "0"}, {"fixed": S.C2}],
         "GIT events: only the merged fix (the v3.7 one is still open)")
    h.eq(ranges_of(doc, "SEMVER")[0]["events"], [{"introduced": "4.0.0"}, {"fixed": "4.2.0"}],
         "SEMVER range 4.0.0..4.2.0")
    h.eq(sorted(r["url"] for r in doc["references"] if r["type"] == "FIX"),
         [S.REPO + "/pull/140", S.REPO + "/pull/141"], "FIX references of the second issue")
    h.check("credits" not in doc, "anonymous report: no credits")
    h.check("Otto" not in json.dumps(doc) and "other" not in json.dumps(doc["references"]),
            "the anonymous reporter is named nowhere")


def main():
    h = Harness(sys.argv, "export-osv")
    sc = S.build(h)
    h.now = NOW
    k1, k2 = sc["public"]

    h.section = "single"
    one = h.js("export", "osv", k1, as_="alice")
    check_sec1(h, one, k1)
    check_sec2(h, h.js("export", "osv", k2, as_="alice"), k2)
    h.eq(h.js("export", "osv", k1), one, "anonymous export gives the same document")

    h.section = "all"
    docs = h.js("export", "osv", "--all", as_="alice")
    h.eq([d["database_specific"]["key"] for d in docs], [k1, k2],
         "--all: exactly the public issues, in key order")
    h.eq(docs[0], one, "--all holds the same document as the single export")

    h.section = "files"
    out = os.path.join(h.tmp, "osv")
    r = h.ok("export", "osv", "--all", "--out", out, as_="alice")
    paths = r.out.split()
    h.eq(sorted(os.path.basename(p) for p in paths),
         sorted("x_EXAMPLE-%s.json" % k for k in (k1, k2)),
         "one file per public issue, named by its OSV id")
    h.eq(sorted(os.listdir(out)), sorted(os.path.basename(p) for p in paths),
         "nothing else in the directory")
    validate(h, [os.path.join(h.tmp, p) if not os.path.isabs(p) else p for p in paths])

    h.section = "embargo"
    texts = [json.dumps(d) for d in docs] + [r.out]
    for p in paths:
        with open(os.path.join(h.tmp, p) if not os.path.isabs(p) else p) as f:
            texts.append(f.read())
    forbidden = [sc["embargoed"] + '"', sc["embargoed"] + "/", sc["embargoed"] + ".",
                 sc["embargoed_cve"], sc["retired"],
                 "EMBARGOED secret overflow in the shell", S.C3] + sc["secrets"]
    for word in forbidden:
        h.check(all(word not in t for t in texts), "%r appears in no document" % word)
    h.refused("export", "osv", sc["embargoed"], as_="alice",
              what="the embargoed issue has no OSV entry")
    h.check(h.last.out == "", "no output for the embargoed issue")

    h.section = "short-commit"
    # a fourth issue, published at once, whose only merged fix has a short id
    k4 = h.ok("report", "--title", "Short id", "--description", "Short.",
              as_="rep").out.strip()
    h.ok("issue", "ack", k4, as_="alice")
    h.ok("issue", "set", k4, "--subsystem", "net", "--priority", "P3", "--embargo", "no",
         "--introduced", "4.1", "--cvss", S.CVSS31_B, as_="alice")
    h.ok("issue", "assign", k4, "dev", as_="alice")
    h.ok("fix", "add", k4, S.REPO + "/pull/150", "--branch", "main", "--commit", "abc1234",
         as_="dev")
    h.ok("fix", "merged", k4, S.REPO + "/pull/150", as_="alice")
    h.ok("issue", "move", k4, "released", "--release", "v4.2.0", as_="alice")
    h.run("issue", "publish", k4, as_="alice")
    h.run("tick", as_="alice")
    doc = h.js("export", "osv", k4, as_="alice")
    h.eq(ranges_of(doc, "GIT")[0]["events"], [{"introduced": "0"}],
         "a merged fix with a short commit id is left out of the GIT range")
    h.eq(ranges_of(doc, "SEMVER")[0]["events"], [{"introduced": "0"}, {"fixed": "4.2.0"}],
         "an introduced version that is no semantic version gives introduced 0")
    h.check({"type": "FIX", "url": S.REPO + "/pull/150"} in doc["references"],
            "the short-id fix is still a FIX reference")
    path = os.path.join(h.tmp, "short.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    validate(h, [path])
    h.finish()


if __name__ == "__main__":
    main()
