#!/usr/bin/env python3
"""test_export_cve5.py — `vigil export cve`: CVE JSON 5.1 records.

Builds the shared publication scenario (export_scenario.py) and checks the
records of its public issues: one record per CVE id with the concrete
content (ids, publisher, versions per release line, fix URLs and commit
ids, CVSS 3.1 and 4.0 scores, credit present or absent, dates), that
`--all` covers exactly the public issues' ids plus a REJECTED record for
the retired id, that `--out DIR` writes one file per id, that nothing of
the embargoed issue or of the secrets leaks, and that every document is
valid against the CVE 5.1.1 schema (../shared/schemas/validate.py).

Usage: test_export_cve5.py PATH-TO-VIGIL
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import export_scenario  # noqa: E402
from export_scenario import C1, C1_LTS, C2, C2_LTS, CVSS31, CVSS40_B, ORG_ID, REPO  # noqa: E402
from vigil_harness import Harness  # noqa: E402

REPO_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VALIDATE = os.path.join(REPO_ROOT, "..", "shared", "schemas", "validate.py")
ADVISORIES = "https://security.example.org/advisories"

h = Harness(sys.argv, "export-cve5")
exp = export_scenario.build(h)
k1, k2 = exp["public"]
k3 = exp["embargoed"]
documents = []  # every document seen, for validation and the leak checks
texts = []      # every raw output


def export(*args, as_="alice"):
    r = h.ok("export", "cve", *args, as_=as_)
    texts.append(r.out)
    try:
        got = json.loads(r.out)
    except ValueError as ex:
        h.check(False, "export prints JSON (%s)" % ex, r)
        return None
    documents.extend(got if isinstance(got, list) else [got])
    return got


def cna(doc):
    return doc["containers"]["cna"]


def versions(doc):
    return cna(doc)["affected"][0]["versions"]


def release_status(doc):
    return {v["version"]: v["status"] for v in versions(doc) if "lessThan" not in v}


def refs(doc):
    return {r["url"]: r for r in cna(doc)["references"]}


def timeline(doc):
    return {t["value"]: t["time"] for t in cna(doc).get("timeline", [])}


# --- one issue, one id ---------------------------------------------------
h.section = "SEC-1"
d1 = export(k1)
h.check(isinstance(d1, dict), "one id: a single record, not an array")
h.eq(d1["dataType"], "CVE_RECORD", "dataType")
h.eq(d1["dataVersion"], "5.1", "dataVersion")
meta = d1["cveMetadata"]
h.eq(meta["cveId"], "CVE-2027-0001", "cveId")
h.eq(meta["state"], "PUBLISHED", "state")
h.eq(meta["assignerOrgId"], ORG_ID, "assignerOrgId from org_id")
h.eq(meta["assignerShortName"], "example", "assignerShortName from cna_short_name")
h.eq(meta["datePublished"], "2027-04-05T10:00:00Z", "datePublished: the scheduler's publication")
h.eq(meta["dateUpdated"], h.now, "dateUpdated: now")
c = cna(d1)
h.eq(c["providerMetadata"]["orgId"], ORG_ID, "providerMetadata.orgId")
h.eq(c["title"], "Buffer overflow in the DNS resolver", "title")
h.eq(c["descriptions"], [{"lang": "en",
                          "value": "A long CNAME chain overflows the name buffer."}],
     "descriptions: the issue description in English")
aff = c["affected"]
h.eq(len(aff), 1, "one affected product")
h.eq((aff[0]["vendor"], aff[0]["product"], aff[0]["repo"]),
     ("Example Project", "product", REPO), "vendor, product and repo from the settings")
h.eq(aff[0]["defaultStatus"], "unaffected", "defaultStatus unaffected once fixed")
h.eq(versions(d1)[0], {"version": "v3.5.0", "status": "affected", "lessThan": "v4.2.0",
                       "versionType": "custom"},
     "range: introduced v3.5.0, affected, lessThan the fixing release v4.2.0")
h.eq(release_status(d1), {"v3.7.0": "affected", "v4.0.0": "affected", "v4.1.0": "affected",
                          "v4.2.0": "unaffected"},
     "one entry per release line: the lines before the fix affected, v4.2.0 not")
h.eq([v["version"] for v in versions(d1)[1:]], ["v3.7.0", "v4.0.0", "v4.1.0", "v4.2.0"],
     "release lines oldest first")
h.eq(c["problemTypes"][0]["descriptions"][0]["lang"], "en", "problemTypes: a text entry")
m = c["metrics"][0]
h.check("cvssV4_0" not in m and "cvssV3_0" not in m, "a v3.1 vector gives only cvssV3_1")
h.eq(m["cvssV3_1"], {"version": "3.1", "vectorString": CVSS31, "baseScore": 9.8,
                     "baseSeverity": "CRITICAL"}, "cvssV3_1: vector, base score, severity")
r1 = refs(d1)
h.eq(r1.get(ADVISORIES + "/" + k1, {}).get("tags"), ["vendor-advisory"],
     "reference: the advisory page, tagged vendor-advisory")
for url, commit, branch in ((REPO + "/pull/101", C1, "main"),
                            (REPO + "/pull/102", C1_LTS, "v3.7-branch")):
    h.eq(r1.get(url, {}).get("tags"), ["patch"], "fix %s tagged patch" % url)
    h.check(commit in r1.get(url, {}).get("name", "") and branch in r1[url]["name"],
            "fix %s names its branch %s and full commit id" % (url, branch))
h.eq(c.get("credits"), [{"lang": "en", "value": exp["credit"][k1], "type": "finder"}],
     "credits: the reporter as finder")
tl = timeline(d1)
h.eq(tl.get("Reported to Example Project"), "2027-01-04T09:00:00Z", "timeline: reported")
h.eq(tl.get("Advisory published"), "2027-04-05T10:00:00Z", "timeline: published")
h.eq(tl.get("Fix released in v4.2.0"), "2027-02-20T10:00:00Z", "timeline: fix released")
h.eq(tl.get("Fix merged on main"), "2027-01-20T10:00:00Z", "timeline: fix merged")
h.eq([t["time"] for t in c["timeline"]], sorted(t["time"] for t in c["timeline"]),
     "timeline in order")

# --- one issue, two ids, anonymous, CVSS 4.0 -------------------------------
h.section = "SEC-2"
d2 = export(k2)
h.check(isinstance(d2, list) and len(d2) == 2, "two ids: an array of two records")
h.eq([d["cveMetadata"]["cveId"] for d in d2], exp["cves"][k2], "one record per CVE id")
for d in d2:
    cid = d["cveMetadata"]["cveId"]
    c = cna(d)
    h.eq(c["title"], "Pairing accepts a zero-length key", "%s: title" % cid)
    h.check("credits" not in c, "%s: anonymous reporter: no credits" % cid)
    h.eq(c["metrics"][0].get("cvssV4_0"), {"version": "4.0", "vectorString": CVSS40_B,
                                           "baseScore": 8.6, "baseSeverity": "HIGH"},
         "%s: cvssV4_0 with the v4.0 vector and its score" % cid)
    h.check("cvssV3_1" not in c["metrics"][0], "%s: the replaced v3.1 vector is gone" % cid)
    h.eq(versions(d)[0], {"version": "v4.0.0", "status": "affected", "lessThan": "v4.2.0",
                          "versionType": "custom"}, "%s: range v4.0.0 .. v4.2.0" % cid)
    h.eq(release_status(d), {"v3.7.0": "unaffected", "v4.0.0": "affected",
                             "v4.1.0": "affected", "v4.2.0": "unaffected"},
         "%s: v3.7.0 unaffected (introduced later), v4.0/v4.1 affected" % cid)
    r2 = refs(d)
    h.check(C2 in r2.get(REPO + "/pull/140", {}).get("name", "") and
            C2_LTS in r2.get(REPO + "/pull/141", {}).get("name", ""),
            "%s: both fixes with their commit ids" % cid)
    h.check(ADVISORIES + "/" + k2 in r2, "%s: the advisory page" % cid)
    h.eq(d["cveMetadata"]["datePublished"], "2027-02-01T09:00:00Z",
         "%s: published early" % cid)
s2 = json.dumps(d2)
for who in ("Otto", "other@example.org", '"other"'):
    h.check(who not in s2, "anonymous reporter %r appears nowhere" % who)

# --- the embargoed issue has no record -------------------------------------
h.section = "embargoed"
r = h.refused("export", "cve", k3, as_="alice")
texts.append(r.out + r.err)
h.check("CVE-2027-0004" not in r.out + r.err, "refusal does not name the embargoed id")

# --- --all -------------------------------------------------------------------
h.section = "all"
docs = export("--all")
ids = [d["cveMetadata"]["cveId"] for d in docs]
h.eq(sorted(ids), ["CVE-2027-0001", "CVE-2027-0002", "CVE-2027-0003", exp["retired"]],
     "--all: the public issues' ids and the retired id, nothing else")
h.check(exp["embargoed_cve"] not in ids, "--all: not the embargoed issue's id")
h.eq({d["cveMetadata"]["cveId"]: d["cveMetadata"]["state"] for d in docs},
     {"CVE-2027-0001": "PUBLISHED", "CVE-2027-0002": "PUBLISHED",
      "CVE-2027-0003": "PUBLISHED", exp["retired"]: "REJECTED"}, "--all: states")
rej = [d for d in docs if d["cveMetadata"]["state"] == "REJECTED"][0]
h.eq(cna(rej)["rejectedReasons"], [{"lang": "en", "value": "reserved twice by mistake"}],
     "REJECTED record: the retire reason")
h.eq(rej["cveMetadata"]["dateRejected"], "2027-02-01T09:00:00Z",
     "REJECTED record: dateRejected when retired")
h.eq((rej["cveMetadata"]["assignerOrgId"], cna(rej)["providerMetadata"]["orgId"]),
     (ORG_ID, ORG_ID), "REJECTED record: the publisher's org id")
h.check(set(cna(rej)) == {"providerMetadata", "rejectedReasons"},
        "REJECTED record: no vulnerability content")
anon = export("--all", as_=None)
h.eq(sorted(d["cveMetadata"]["cveId"] for d in anon),
     ["CVE-2027-0001", "CVE-2027-0002", "CVE-2027-0003"],
     "--all anonymously: the public records (retired ids are the CNA's)")

# --- --out DIR -----------------------------------------------------------
h.section = "out"
outdir = os.path.join(h.tmp, "cve-out")
r = h.ok("export", "cve", "--all", "--out", outdir, as_="alice")
want = sorted(["CVE-2027-0001.json", "CVE-2027-0002.json", "CVE-2027-0003.json",
               exp["retired"] + ".json"])
h.eq(sorted(os.listdir(outdir)), want, "--out: one file per id, named CVE-….json")
h.eq(sorted(os.path.basename(p) for p in r.out.split()), want, "--out prints the paths")
for name in want:
    with open(os.path.join(outdir, name)) as f:
        d = json.load(f)
    texts.append(json.dumps(d))
    h.eq(d["cveMetadata"]["cveId"] + ".json", name, "%s holds its own record" % name)
outdir2 = os.path.join(h.tmp, "cve-out-2")
r = h.ok("export", "cve", k2, "--out", outdir2, as_="alice")
h.eq(sorted(os.listdir(outdir2)), ["CVE-2027-0002.json", "CVE-2027-0003.json"],
     "--out for one issue with two ids: two files")

# --- nothing of the embargoed issue, nothing secret --------------------------
h.section = "leaks"
everything = "\n".join(texts) + json.dumps(documents)
for s in [k3 + '"', k3 + "/", exp["embargoed_cve"], "secret overflow in the shell"] + \
        exp["secrets"]:
    h.check(s not in everything, "%r appears in no output" % s)

# --- schema ------------------------------------------------------------------
h.section = "schema"
files = []
for i, d in enumerate(documents):
    p = os.path.join(h.tmp, "doc-%d.json" % i)
    with open(p, "w") as f:
        json.dump(d, f)
    files.append(p)
files += [os.path.join(outdir, n) for n in want]
files += [os.path.join(outdir2, n) for n in os.listdir(outdir2)]
p = subprocess.run([sys.executable, VALIDATE, "cve5"] + files, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT)
out = p.stdout.decode("utf-8", "replace")
h.check(p.returncode == 0, "every record validates against CVE 5.1.1:\n" + out)
h.eq(out.count(": valid"), len(files), "validate.py checked all %d documents" % len(files))

h.finish()
