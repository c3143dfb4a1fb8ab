/*
 * cve5.c — CVE JSON 5.1 records (SPEC §8, machine-readable advisories),
 * valid against CVE_Record_Format_bundled-5.1.1.json in
 * ../shared/schemas/cve-5. A PUBLISHED record per CVE id of a public issue
 * follows the schema's "Published" branch: cveMetadata (cveMetadataPublished)
 * and containers.cna (cnaPublishedContainer: providerMetadata, title,
 * descriptions, affected with one product whose versions hold the range
 * from the introducing version to the fixing release and one entry per
 * release line, problemTypes, metrics with cvssV3_0/cvssV3_1/cvssV4_0,
 * references, credits and timeline). A REJECTED record for a retired id
 * follows the "Rejected" branch (cveMetadataRejected, cnaRejectedContainer
 * with rejectedReasons). Everything comes from the struct advisory — the
 * public view — and the publisher's settings; nothing else is read.
 */
#include "export/export.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "model/cvss/cvss.h"
#include "core/banned.h"

#define CVE5_DATA_VERSION "5.1"
#define CVE5_TEXT_MAX 4096   /* characters in a description value */
#define CVE5_TITLE_MAX 256   /* characters in containers.cna.title */

static json_t *
timestamp(int64_t t)
{
	char b[32];

	clock_fmt_iso(t, b, sizeof(b));
	return json_string(b);
}

/* Set key to v when v is not NULL (json_object_set_new takes v). */
static void
set_opt(json_t *o, const char *key, json_t *v)
{
	if (v)
		json_object_set_new(o, key, v);
}

/*
 * s cut to at most max characters (code points, as JSON Schema counts):
 * a longer text ends in "..." at a character boundary.
 */
static json_t *
text_cut(const char *s, size_t max)
{
	size_t chars = 0, i, cut = 0;
	char *b;
	json_t *j;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (chars == max - 3)
			cut = i;
		chars++;
	}
	if (chars <= max)
		return json_string(s);
	if ((b = malloc(cut + 4)) == NULL)
		return NULL;
	memcpy(b, s, cut);
	memcpy(b + cut, "...", 4);
	j = json_string(b);
	free(b);
	return j;
}

/* The schema's severityType: "None".."Critical" upper-cased. */
static const char *
severity(const char *s)
{
	static const char *const names[][2] = {
		{"None", "NONE"}, {"Low", "LOW"}, {"Medium", "MEDIUM"},
		{"High", "HIGH"}, {"Critical", "CRITICAL"},
	};

	for (size_t i = 0; s && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i][0]) == 0)
			return names[i][1];
	return "NONE";
}

/* metrics: the issue's one CVSS vector, scored again for its base score. */
static json_t *
metrics(const struct issue *is)
{
	struct cvss_result r;
	const char *key;
	json_t *m;

	if (!is->cvss || cvss_score(is->cvss, &r, NULL) < 0)
		return NULL;
	if (r.version == CVSS_V40) {
		key = "cvssV4_0";
		m = json_pack("{s:s,s:s,s:f,s:s}", "version", "4.0", "vectorString", r.vector,
			"baseScore", r.score, "baseSeverity", severity(r.severity));
	} else {
		key = r.version == CVSS_V31 ? "cvssV3_1" : "cvssV3_0";
		m = json_pack("{s:s,s:s,s:f,s:s}", "version", cvss_version_str(r.version),
			"vectorString", r.vector, "baseScore", r.base_score,
			"baseSeverity", severity(r.base_severity));
		if (m && r.has_temporal) {
			json_object_set_new(m, "temporalScore", json_real(r.temporal_score));
			json_object_set_new(m, "temporalSeverity",
				json_string(severity(r.temporal_severity)));
		}
		if (m && r.has_environmental) {
			json_object_set_new(m, "environmentalScore",
				json_real(r.environmental_score));
			json_object_set_new(m, "environmentalSeverity",
				json_string(severity(r.environmental_severity)));
		}
	}
	return json_pack("[{s:s,s:[{s:s,s:s}],s:o}]", "format", "CVSS", "scenarios",
		"lang", "en", "value", "GENERAL", key, m);
}

/* Strict semver core "X.Y.Z" (no "v", no leading zeros). */
static bool
is_semver(const char *s)
{
	for (int part = 0; part < 3; part++) {
		if (!isdigit((unsigned char)*s) || (s[0] == '0' && isdigit((unsigned char)s[1])))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
		if (part < 2 && *s++ != '.')
			return false;
	}
	return *s == '\0';
}

/*
 * Compare two version names numerically ("v3.10.0" after "v3.9.1"), the
 * leading non-digits ignored; names that are not dotted numbers compare
 * as strings.
 */
static int
version_cmp(const char *a, const char *b)
{
	const char *p = a, *q = b;

	while (*p && !isdigit((unsigned char)*p))
		p++;
	while (*q && !isdigit((unsigned char)*q))
		q++;
	while (*p && *q) {
		char *pe, *qe;
		unsigned long x = strtoul(p, &pe, 10), y = strtoul(q, &qe, 10);

		if (pe == p || qe == q)
			return strcmp(a, b);
		if (x != y)
			return x < y ? -1 : 1;
		p = *pe == '.' ? pe + 1 : pe;
		q = *qe == '.' ? qe + 1 : qe;
		if ((*p && !isdigit((unsigned char)*p)) || (*q && !isdigit((unsigned char)*q)))
			return strcmp(p, q);
	}
	return *p ? 1 : *q ? -1 : 0;
}

/* The status of release r: unaffected when the backport was not needed,
 * it predates the introducing version or ships the fix, else affected. */
static const char *
release_status(const struct advisory *a, const struct release *r)
{
	const struct issue *is = &a->v.is;

	for (size_t i = 0; i < a->v.nbackports; i++)
		if (strcmp(a->v.backports[i].release, r->name) == 0 &&
		    a->v.backports[i].state == BP_NOT_NEEDED)
			return "unaffected";
	if (is->introduced_in && version_cmp(r->name, is->introduced_in) < 0)
		return "unaffected";
	if (is->fixed_in && version_cmp(r->name, is->fixed_in) >= 0)
		return "unaffected";
	return "affected";
}

static int
release_cmp(const void *x, const void *y)
{
	const struct release *const *a = x, *const *b = y;

	return version_cmp((*a)->name, (*b)->name);
}

/*
 * versions: the range [introduced, fixed) as affected (from "0" when the
 * introducing version is unknown, up to "*" while unfixed), then one
 * entry per release line, oldest first, with its own status.
 */
static json_t *
versions(const struct advisory *a)
{
	const struct issue *is = &a->v.is;
	const char *from = is->introduced_in ? is->introduced_in : "0";
	const char *to = is->fixed_in ? is->fixed_in : "*";
	bool semver = is_semver(from) && (!is->fixed_in || is_semver(to));
	const struct release **rel;
	json_t *v;

	if ((rel = calloc(a->nreleases + 1, sizeof(*rel))) == NULL)
		return NULL;
	for (size_t i = 0; i < a->nreleases; i++)
		rel[i] = &a->releases[i];
	qsort(rel, a->nreleases, sizeof(*rel), release_cmp);
	v = json_pack("[{s:s,s:s,s:s,s:s}]", "version", from, "status", "affected",
		"lessThan", to, "versionType", semver ? "semver" : "custom");
	for (size_t i = 0; v && i < a->nreleases; i++)
		json_array_append_new(v, json_pack("{s:s,s:s}", "version", rel[i]->name,
			"status", release_status(a, rel[i])));
	free(rel);
	return v;
}

static json_t *
affected(const struct advisory *a)
{
	return json_pack("[{s:s,s:s,s:s,s:o,s:s}]", "vendor", a->cfg[ADV_VENDOR],
		"product", a->cfg[ADV_PRODUCT], "repo", a->cfg[ADV_REPO_URL],
		"versions", versions(a),
		"defaultStatus", a->v.is.fixed_in ? "unaffected" : "unknown");
}

/* Append {url, name?, tags:[tag]} unless url is already listed. */
static void
ref_add(json_t *refs, const char *url, const char *name, const char *tag)
{
	size_t i;
	json_t *r;

	if (!url || !*url)
		return;
	json_array_foreach(refs, i, r)
		if (strcmp(json_string_value(json_object_get(r, "url")), url) == 0)
			return;
	r = json_pack("{s:s,s:[s]}", "url", url, "tags", tag);
	if (r && name)
		json_object_set_new(r, "name", json_string(name));
	json_array_append_new(refs, r);
}

/* references: the advisory page, every fix not closed (named by branch
 * and commit), backport fixes, and the public tracking link. */
static json_t *
references(const struct advisory *a)
{
	const char *base = a->cfg[ADV_ADVISORY_URL];
	size_t blen = strlen(base);
	json_t *refs = json_array();
	char url[2048], name[256];

	if (!refs)
		return NULL;
	snprintf(url, sizeof(url), "%s%s%s", base, blen && base[blen - 1] == '/' ? "" : "/",
		a->key);
	ref_add(refs, url, NULL, "vendor-advisory");
	for (size_t i = 0; i < a->v.nfixes; i++) {
		const struct fix *f = &a->v.fixes[i];

		if (f->state == FIX_CLOSED)
			continue;
		if (f->commit)
			snprintf(name, sizeof(name), "Fix on %s, commit %s", f->branch, f->commit);
		else
			snprintf(name, sizeof(name), "Fix on %s", f->branch);
		ref_add(refs, f->url, name, "patch");
	}
	for (size_t i = 0; i < a->v.nbackports; i++) {
		snprintf(name, sizeof(name), "Backport to %s", a->v.backports[i].release);
		ref_add(refs, a->v.backports[i].fix_url, name, "patch");
	}
	ref_add(refs, a->v.is.public_link, NULL, "issue-tracking");
	return refs;
}

struct event {
	int64_t at;
	char what[160];
};

static int
event_cmp(const void *x, const void *y)
{
	const struct event *a = x, *b = y;

	return a->at < b->at ? -1 : a->at > b->at;
}

/* timeline: reported, fixes merged, fix released, published, by time. */
static json_t *
timeline(const struct advisory *a)
{
	const struct issue *is = &a->v.is;
	struct event *ev;
	size_t n = 0;
	json_t *t;

	if ((ev = calloc(a->v.nfixes + 3, sizeof(*ev))) == NULL)
		return NULL;
	if (is->reported_at) {
		ev[n].at = is->reported_at;
		snprintf(ev[n++].what, sizeof(ev->what), "Reported to %s", a->cfg[ADV_ORG_NAME]);
	}
	for (size_t i = 0; i < a->v.nfixes; i++) {
		if (a->v.fixes[i].state != FIX_MERGED || !a->v.fixes[i].merged_at)
			continue;
		ev[n].at = a->v.fixes[i].merged_at;
		snprintf(ev[n++].what, sizeof(ev->what), "Fix merged on %s", a->v.fixes[i].branch);
	}
	if (is->released_at && is->fixed_in) {
		ev[n].at = is->released_at;
		snprintf(ev[n++].what, sizeof(ev->what), "Fix released in %s", is->fixed_in);
	}
	if (is->published_at) {
		ev[n].at = is->published_at;
		snprintf(ev[n++].what, sizeof(ev->what), "Advisory published");
	}
	qsort(ev, n, sizeof(*ev), event_cmp);
	t = n ? json_array() : NULL;
	for (size_t i = 0; t && i < n; i++)
		json_array_append_new(t, json_pack("{s:o,s:s,s:s}", "time", timestamp(ev[i].at),
			"lang", "en", "value", ev[i].what));
	free(ev);
	return t;
}

static const struct cve *
find_cve(const struct advisory *a, const char *id)
{
	for (size_t i = 0; i < a->v.ncves; i++)
		if (strcmp(a->v.cves[i].id, id) == 0)
			return &a->v.cves[i];
	return NULL;
}

static json_t *
cve_metadata(const struct advisory *a, const char *cve, int64_t now)
{
	const struct cve *c = find_cve(a, cve);
	int64_t published = c && c->published_at ? c->published_at : a->v.is.published_at;
	json_t *m;

	m = json_pack("{s:s,s:s,s:s,s:s}", "cveId", cve, "assignerOrgId", a->cfg[ADV_ORG_ID],
		"assignerShortName", a->cfg[ADV_CNA], "state", "PUBLISHED");
	if (!m)
		return NULL;
	if (c && c->reserved_at)
		json_object_set_new(m, "dateReserved", timestamp(c->reserved_at));
	if (published)
		json_object_set_new(m, "datePublished", timestamp(published));
	json_object_set_new(m, "dateUpdated", timestamp(now));
	return m;
}

/* The CNA container of a published record. */
static json_t *
cna_container(const struct advisory *a, const char *cve, int64_t now)
{
	const struct issue *is = &a->v.is;
	const struct cve *c = find_cve(a, cve);
	json_t *cna;

	cna = json_pack("{s:{s:s,s:s,s:o},s:o,s:[{s:s,s:o}],s:o,s:[{s:[{s:s,s:s,s:s}]}]}",
		"providerMetadata", "orgId", a->cfg[ADV_ORG_ID], "shortName", a->cfg[ADV_CNA],
		"dateUpdated", timestamp(now),
		"title", text_cut(is->title, CVE5_TITLE_MAX),
		"descriptions", "lang", "en", "value", text_cut(is->description, CVE5_TEXT_MAX),
		"affected", affected(a),
		"problemTypes", "descriptions", "lang", "en", "type", "text",
		"description", "CWE-noinfo Insufficient Information");
	if (!cna)
		return NULL;
	if (c && c->assigned_at)
		json_object_set_new(cna, "dateAssigned", timestamp(c->assigned_at));
	if (is->published_at)
		json_object_set_new(cna, "datePublic", timestamp(is->published_at));
	set_opt(cna, "metrics", metrics(is));
	json_object_set_new(cna, "references", references(a));
	if (is->credit && *is->credit && !is->anonymous)
		json_object_set_new(cna, "credits", json_pack("[{s:s,s:s,s:s}]", "lang", "en",
			"value", is->credit, "type", "finder"));
	set_opt(cna, "timeline", timeline(a));
	return cna;
}

json_t *
export_cve5(const struct advisory *a, const char *cve)
{
	int64_t now = clock_now();

	return json_pack("{s:s,s:s,s:o,s:{s:o}}", "dataType", "CVE_RECORD",
		"dataVersion", CVE5_DATA_VERSION, "cveMetadata", cve_metadata(a, cve, now),
		"containers", "cna", cna_container(a, cve, now));
}

json_t *
export_cve5_rejected(char *const cfg[ADVISORY_CFG__COUNT], const struct cve *c)
{
	int64_t now = clock_now();
	const char *why = c->reason && *c->reason ? c->reason :
		"This CVE ID has been rejected or withdrawn by its CVE Numbering Authority.";
	json_t *m;

	m = json_pack("{s:s,s:s,s:s,s:s,s:o}", "cveId", c->id, "assignerOrgId",
		cfg[ADV_ORG_ID], "assignerShortName", cfg[ADV_CNA], "state", "REJECTED",
		"dateUpdated", timestamp(now));
	if (!m)
		return NULL;
	if (c->reserved_at)
		json_object_set_new(m, "dateReserved", timestamp(c->reserved_at));
	if (c->published_at)
		json_object_set_new(m, "datePublished", timestamp(c->published_at));
	json_object_set_new(m, "dateRejected", timestamp(c->retired_at ? c->retired_at : now));
	return json_pack("{s:s,s:s,s:o,s:{s:{s:{s:s,s:s,s:o},s:[{s:s,s:o}]}}}",
		"dataType", "CVE_RECORD", "dataVersion", CVE5_DATA_VERSION, "cveMetadata", m,
		"containers", "cna", "providerMetadata", "orgId", cfg[ADV_ORG_ID],
		"shortName", cfg[ADV_CNA], "dateUpdated", timestamp(now),
		"rejectedReasons", "lang", "en", "value", text_cut(why, CVE5_TEXT_MAX));
}
