"""test_export_openvex.py — `vigil export openvex` against the shared
publication scenario (export_scenario.py): one OpenVEX 0.2.0 document per
public issue with one statement per CVE id and release, each status derived
from fixed_in, introduced_in and the backports; --all covers exactly the
public issues; the embargoed issue, the retired id and private text appear
in no document; every document validates against the official schema.

Usage: python3 test_export_openvex.py PATH-TO-VIGIL
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_scenario  # noqa: E402
import vigil_harness  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VALIDATE = os.path.join(REPO_ROOT, "..", "shared", "schemas", "validate.py")
BASE = "https://security.example.org/advisories/"

h = vigil_harness.Harness(sys.argv, "export_openvex")
s = export_scenario.build(h)
k1, k2 = s["public"]
k3 = s["embargoed"]
TITLES = {k1: "Buffer overflow in the DNS resolver", k2: "Pairing accepts a zero-length key"}
PUBLISHED = {k1: "2027-04-05T10:00:00Z", k2: "2027-02-01T09:00:00Z"}
PENDING = "Upgrade to v4.2.0 or later; a fix for this release is pending."


def validate(paths, want_ok=True, what=None):
    p = subprocess.run([sys.executable, VALIDATE, "openvex"] + list(paths),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode("utf-8", "replace")
    h.check((p.returncode == 0) == want_ok, (what or "documents validate") + "\n" + out)


def write(name, doc):
    path = os.path.join(h.tmp, name)
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
    return path


def table(doc):
    """{(CVE id, product @id): the statement without its vulnerability}."""
    t = {}
    for st in doc["statements"]:
        rest = {k: v for k, v in st.items() if k != "vulnerability"}
        t[(st["vulnerability"]["name"], st["products"][0]["@id"])] = rest
    return t


def st(product, status, **extra):
    d = {"products": [{"@id": "pkg:generic/product@" + product}],
         "supplier": "Example Project", "status": status}
    d.update(extra)
    return d


def expected(key):
    """The statements of key in the scenario as built."""
    out = {}
    for cve in s["cves"][key]:
        out[(cve, "pkg:generic/product@v4.2.0")] = st("v4.2.0", "fixed")
        for rel in ("v4.1.0", "v4.0.0"):
            out[(cve, "pkg:generic/product@" + rel)] = st(rel, "affected",
                                                           action_statement=PENDING)
        if key == k1:  # a merged backport to the LTS release
            out[(cve, "pkg:generic/product@v3.7.0")] = st("v3.7.0", "fixed")
        else:          # introduced in v4.0.0: the backport is not needed
            out[(cve, "pkg:generic/product@v3.7.0")] = st(
                "v3.7.0", "not_affected", justification="vulnerable_code_not_present",
                impact_statement="introduced in v4.0.0, after this release")
    return out


def check_doc(doc, key, want):
    h.eq(doc.get("@context"), "https://openvex.dev/ns/v0.2.0", key + ": @context")
    h.eq(doc.get("@id"), BASE + key + ".openvex.json", key + ": @id")
    h.eq(doc.get("author"), "Example Project", key + ": author is the org_name")
    h.eq(doc.get("timestamp"), PUBLISHED[key], key + ": timestamp is the publication")
    h.eq(doc.get("last_updated"), PUBLISHED[key], key + ": last_updated")
    h.eq(doc.get("version"), 1, key + ": version")
    h.eq(doc.get("tooling"), "vigil", key + ": tooling")
    for stmt in doc["statements"]:
        cve = stmt["vulnerability"]["name"]
        h.eq(stmt["vulnerability"], {
            "@id": "https://www.cve.org/CVERecord?id=" + cve, "name": cve,
            "description": TITLES[key], "aliases": [key]}, key + ": vulnerability " + cve)
    h.eq(len(doc["statements"]), len(want), key + ": one statement per CVE id and release")
    h.eq(table(doc), want, key + ": status of every CVE id in every release")


h.section = "single"
h.now = "2027-04-06T12:00:00Z"
docs = {}
for key in (k1, k2):
    docs[key] = h.js("export", "openvex", key, as_="alice")
    check_doc(docs[key], key, expected(key))
# anyone may export a public issue's advisory, and sees the same document
h.eq(h.js("export", "openvex", k1), docs[k1], "anonymous export equals psirt export")
# the document does not depend on when it is generated
h.eq(h.js("export", "openvex", k2, as_="alice", now="2027-09-01T00:00:00Z"), docs[k2],
     "re-exporting later gives the same document")

h.section = "embargoed"
h.refused("export", "openvex", k3, as_="alice",
          what="psirt: the embargoed issue has no OpenVEX document")
h.same_as_missing(["export", "openvex", k3], k3, None, "hidden from anonymous")
h.same_as_missing(["export", "openvex", k3], k3, "other", "hidden from another reporter")

h.section = "all"
outdir = os.path.join(h.tmp, "vex")
r = h.ok("export", "openvex", "--all", "--out", outdir, as_="alice")
names = sorted(os.listdir(outdir))
h.eq(names, sorted(k + ".openvex.json" for k in (k1, k2)),
     "--all writes one file per public issue, nothing else")
h.eq(sorted(r.out.split()), sorted(os.path.join(outdir, n) for n in names),
     "--out prints the paths written")
files = [os.path.join(outdir, n) for n in names]
for key in (k1, k2):
    with open(os.path.join(outdir, key + ".openvex.json")) as f:
        h.eq(json.load(f), docs[key], key + ": file equals the single export")
arr = h.js("export", "openvex", "--all", as_="alice")
h.eq(sorted(d["@id"] for d in arr), [BASE + k1 + ".openvex.json", BASE + k2 + ".openvex.json"],
     "--all prints exactly the public issues' documents")
h.eq(h.js("export", "openvex", "--all"), arr, "anonymous --all equals psirt --all")

h.section = "secrets"
texts = [open(p).read() for p in files] + [json.dumps(arr), r.out]
# the anonymous reporter's name and any e-mail address never appear either
forbidden = [k3, s["embargoed_cve"], s["retired"], "EMBARGOED secret overflow in the shell",
             "Otto Reporter", "@example.org"] + s["secrets"]
for word in forbidden:
    h.check(all(word not in t for t in texts), "%r appears in no document" % word)

h.section = "schema"
validate(files, what="every --all document validates against the OpenVEX schema")
bad = dict(docs[k1])
bad["statements"] = [dict(bad["statements"][1])]
del bad["statements"][0]["action_statement"]
validate([write("bad.json", bad)], want_ok=False,
         what="the validator rejects an affected statement without an action")

h.section = "versions"
# numeric comparison (v4.10.0 is after v4.2.0), a release before either
# issue was introduced, and an end-of-life affected release
h.ok("release", "add", "v4.10.0", "--branch", "v4.10-branch", "--date", "2027-06-01",
     as_="alice")
h.ok("release", "add", "v3.4.0", "--branch", "v3.4-branch", "--date", "2023-01-01",
     as_="alice")
h.ok("release", "eol", "v4.0.0", as_="alice")
later = []
for key in (k1, k2):
    doc = h.js("export", "openvex", key, as_="alice")
    want = expected(key)
    for cve in s["cves"][key]:
        want[(cve, "pkg:generic/product@v4.10.0")] = st("v4.10.0", "fixed")
        want[(cve, "pkg:generic/product@v3.4.0")] = st(
            "v3.4.0", "not_affected", justification="vulnerable_code_not_present")
        want[(cve, "pkg:generic/product@v4.0.0")] = st(
            "v4.0.0", "affected", action_statement="Upgrade to v4.2.0 or later: "
            "this release is no longer supported.")
    h.eq(table(doc), want, key + ": statements with v4.10.0, v3.4.0 and v4.0.0 end-of-life")
    later.append(write(key + "-later.json", doc))
validate(later, what="the documents with more releases validate")

h.finish()
