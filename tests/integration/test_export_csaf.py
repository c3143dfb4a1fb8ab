"""test_export_csaf.py — `vigil export csaf`: the CSAF 2.0 security advisory
of each public issue (SPEC §8, src/export/csaf.c).

Builds the shared publication scenario (export_scenario.py) with the real
binary, exports every public issue, and checks the concrete content of each
document (document, product tree, product status per release, remediations,
CVSS v3.1 score, credit), that --all covers exactly the public issues, that
nothing of the embargoed issue, no internal comment and no retired id
appears anywhere, and that every document validates against the official
CSAF 2.0 schema (../shared/schemas/validate.py).

Usage: python3 tests/integration/test_export_csaf.py PATH-TO-VIGIL
Python 3 standard library only.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import export_scenario  # noqa: E402
from export_scenario import C1, C1_LTS, C2, C2_LTS, CVSS31, REPO  # noqa: E402
from vigil_harness import Harness  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VALIDATE = os.path.join(REPO_ROOT, "..", "shared", "schemas", "validate.py")
ADV = "https://security.example.org/advisories"
NOW = "2027-04-05T10:00:00Z"


def pid(release):
    return "CSAFPID-" + release


def validate(h, paths, what):
    p = subprocess.run([sys.executable, VALIDATE, "csaf"] + list(paths),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode("utf-8", "replace")
    h.check(p.returncode == 0, "%s validate against the CSAF 2.0 schema\n%s" % (what, out))


def check_document(h, doc, key, title, published):
    d = doc["document"]
    h.eq(d["category"], "csaf_security_advisory", key + ": category")
    h.eq(d["csaf_version"], "2.0", key + ": csaf_version")
    h.eq(d["title"], title, key + ": title")
    h.eq(d["lang"], "en", key + ": lang")
    h.eq(d["publisher"], {"category": "vendor", "name": "Example Project",
                          "namespace": ADV}, key + ": publisher")
    h.eq(d["distribution"]["tlp"]["label"], "WHITE", key + ": TLP:WHITE")
    t = d["tracking"]
    h.eq((t["id"], t["status"], t["version"]), (key, "final", "1"), key + ": tracking id")
    h.eq(t["initial_release_date"], published, key + ": initial release = published")
    h.eq(t["current_release_date"], published, key + ": current release date")
    h.eq(t["revision_history"], [{"number": "1", "date": published,
                                  "summary": "Initial release"}], key + ": revisions")
    h.eq(t["generator"]["date"], NOW, key + ": generated at VIGIL_NOW")
    h.eq([(n["category"], n["text"]) for n in d["notes"]][:1], [("summary", title)],
         key + ": summary note")
    refs = d["references"]
    h.eq(refs[0], {"category": "self", "url": ADV + "/" + key,
                   "summary": "This advisory"}, key + ": self reference")
    return [r["url"] for r in refs if r.get("category") == "external"]


def check_tree(h, doc, key, releases):
    vendor = doc["product_tree"]["branches"]
    h.eq([(b["category"], b["name"]) for b in vendor], [("vendor", "Example Project")],
         key + ": vendor branch")
    prod = vendor[0]["branches"]
    h.eq([(b["category"], b["name"]) for b in prod], [("product_name", "product")],
         key + ": product_name branch")
    got = [(b["category"], b["name"], b["product"]["product_id"],
            b["product"]["name"]) for b in prod[0]["branches"]]
    h.eq(got, [("product_version", r, pid(r), "Example Project product " + r)
               for r in releases], key + ": one product_version per release, in order")


def remediation_by_url(v):
    return {r.get("url"): r for r in v.get("remediations", [])
            if r["category"] == "vendor_fix" and "commit" in r["details"]}


def check_sec1(h, doc, key, cves):
    ext = check_document(h, doc, key, "Buffer overflow in the DNS resolver",
                         "2027-04-05T10:00:00Z")
    h.eq(ext, [REPO + "/pull/101", REPO + "/pull/102"], key + ": fix references")
    h.eq(doc["document"]["aggregate_severity"], {"text": "Critical"}, key + ": severity")
    check_tree(h, doc, key, ["v3.7.0", "v4.0.0", "v4.1.0", "v4.2.0"])
    vs = doc["vulnerabilities"]
    h.eq([v["cve"] for v in vs], cves, key + ": one vulnerability per CVE id")
    v = vs[0]
    h.eq(v["title"], "Buffer overflow in the DNS resolver", key + ": vulnerability title")
    h.eq(v["product_status"], {
        "known_affected": [pid("v4.0.0"), pid("v4.1.0")],
        "fixed": [pid("v3.7.0"), pid("v4.2.0")],
    }, key + ": introduced in v3.5.0, fixed in v4.2.0 and by the merged v3.7 backport")
    rem = remediation_by_url(v)
    h.eq(sorted(rem), [REPO + "/pull/101", REPO + "/pull/102"], key + ": a fix per remediation")
    h.check(C1 in rem[REPO + "/pull/101"]["details"], key + ": main fix names its commit")
    h.eq(rem[REPO + "/pull/101"]["product_ids"], [pid("v4.2.0")], key + ": main fix ships in v4.2.0")
    h.check(C1_LTS in rem[REPO + "/pull/102"]["details"], key + ": backport names its commit")
    h.eq(rem[REPO + "/pull/102"]["product_ids"], [pid("v3.7.0")], key + ": backport ships in v3.7.0")
    upd = [r for r in v["remediations"] if r["details"] == "Update to v4.2.0 or later."]
    h.eq([(r["category"], r["product_ids"]) for r in upd],
         [("vendor_fix", [pid("v4.0.0"), pid("v4.1.0")])], key + ": affected releases update")
    h.eq(v["scores"], [{"cvss_v3": {"version": "3.1", "vectorString": CVSS31,
                                    "baseScore": 9.8, "baseSeverity": "CRITICAL"},
                        "products": [pid("v3.7.0"), pid("v4.0.0"), pid("v4.1.0"),
                                     pid("v4.2.0")]}], key + ": CVSS v3.1 score")
    h.eq(v["acknowledgments"], [{"names": ["Reina Reporter"],
                                 "summary": "finding and reporting the vulnerability"}],
         key + ": the reporter is credited")
    h.eq(v["release_date"], "2027-04-05T10:00:00Z", key + ": release date")


def check_sec2(h, doc, key, cves):
    ext = check_document(h, doc, key, "Pairing accepts a zero-length key",
                         "2027-02-01T09:00:00Z")
    h.eq(ext, [REPO + "/pull/140", REPO + "/pull/141"], key + ": fix references")
    check_tree(h, doc, key, ["v3.7.0", "v4.0.0", "v4.1.0", "v4.2.0"])
    vs = doc["vulnerabilities"]
    h.eq([v["cve"] for v in vs], cves, key + ": one vulnerability per CVE id")
    for v in vs:
        c = v["cve"]
        h.eq(v["product_status"], {
            "known_affected": [pid("v4.0.0"), pid("v4.1.0")],
            "fixed": [pid("v4.2.0")],
            "known_not_affected": [pid("v3.7.0")],
        }, c + ": introduced in v4.0.0 (v3.7.0 not affected), fixed in v4.2.0")
        rem = remediation_by_url(v)
        h.eq(sorted(rem), [REPO + "/pull/140"], c + ": only the shipped fix remediates")
        h.check(C2 in rem[REPO + "/pull/140"]["details"], c + ": fix names its commit")
        h.eq(rem[REPO + "/pull/140"]["product_ids"], [pid("v4.2.0")], c + ": fix ships in v4.2.0")
        h.check("scores" not in v, c + ": no score (CVSS v4.0 only, CSAF 2.0 cannot carry it)")
        h.check("acknowledgments" not in v, c + ": anonymous reporter is not credited")
    text = json.dumps(doc)
    h.check("CVSS:4.0" not in text, key + ": no v4 vector anywhere")
    h.check(C2_LTS not in text, key + ": the open fix of an unaffected branch remediates nothing")
    for word in ("Otto Reporter", '"other"', "other@example.org"):
        h.check(word not in text, key + ": the anonymous reporter %s appears nowhere" % word)


def main():
    h = Harness(sys.argv, "export_csaf")
    h.section = "scenario"
    s = export_scenario.build(h)
    k1, k2 = s["public"]
    h.now = NOW

    h.section = "all"
    out = os.path.join(h.tmp, "csaf")
    r = h.ok("export", "csaf", "--all", "--out", out, as_="alice")
    paths = r.out.split()
    h.eq([os.path.basename(p) for p in paths], [k.lower() + ".json" for k in s["public"]],
         "--all writes exactly one file per public issue", r)
    h.eq(sorted(os.listdir(out)), sorted(k.lower() + ".json" for k in s["public"]),
         "nothing else is written")
    docs = {}
    for p in paths:
        with open(p) as f:
            doc = json.load(f)
        docs[doc["document"]["tracking"]["id"]] = doc
    h.eq(sorted(docs), sorted(s["public"]), "--all covers exactly the public issues")
    validate(h, paths, "--all documents")
    printed = h.js("export", "csaf", "--all", as_="alice")
    h.eq(printed, [docs[k] for k in s["public"]], "--all printed equals the written files")

    h.section = "content"
    check_sec1(h, docs[k1], k1, s["cves"][k1])
    check_sec2(h, docs[k2], k2, s["cves"][k2])

    h.section = "one"
    one = h.js("export", "csaf", k1)
    h.eq(one, docs[k1], "one KEY, anonymously, prints the same document")
    path = os.path.join(h.tmp, "one.json")
    with open(path, "w") as f:
        json.dump(one, f)
    validate(h, [path], "the printed document")

    h.section = "embargo"
    h.same_as_missing(["export", "csaf", s["embargoed"]], s["embargoed"], None,
                      "the embargoed issue does not exist for the public")
    r = h.refused("export", "csaf", s["embargoed"], as_="alice",
                  what="psirt: the embargoed issue has no advisory yet")
    h.eq(r.out, "", "nothing printed for the embargoed issue")
    everything = "".join(json.dumps(d) for d in printed) + "".join(
        open(p).read() for p in paths)
    leaks = [s["embargoed"], s["embargoed_cve"], s["retired"],
             "EMBARGOED secret overflow in the shell"] + s["secrets"]
    for w in leaks:
        h.check(w not in everything, "%r appears in no document" % w)

    h.section = "versions"
    # v4.10.0 sorts after v4.9.0 and v4.2.0 (numeric parts, not strcmp):
    # both ship the fix of v4.2.0
    for name, date in (("v4.10.0", "2027-09-01"), ("v4.9.0", "2027-06-01")):
        h.ok("release", "add", name, "--branch", name[:4] + "-branch", "--date", date,
             as_="alice")
    doc = h.js("export", "csaf", k1, as_="alice")
    check_tree(h, doc, k1, ["v3.7.0", "v4.0.0", "v4.1.0", "v4.2.0", "v4.9.0", "v4.10.0"])
    h.eq(doc["vulnerabilities"][0]["product_status"]["fixed"],
         [pid("v3.7.0"), pid("v4.2.0"), pid("v4.9.0"), pid("v4.10.0")],
         "releases after fixed_in (v4.10.0 > v4.9.0 > v4.2.0) are fixed")
    path = os.path.join(h.tmp, "versions.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    validate(h, [path], "the document with more releases")
    h.finish()


if __name__ == "__main__":
    main()
