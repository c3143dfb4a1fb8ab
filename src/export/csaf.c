/*
 * csaf.c — the CSAF 2.0 csaf_security_advisory of one public issue (SPEC
 * §8 "Machine-readable advisories"; CSAF 2.0 §3.2.1 document, §3.2.2 product
 * tree, §3.2.3 vulnerabilities, §4.4 the security advisory profile). It is
 * made only from the struct advisory that service/advisory.c hands over —
 * the public view, the releases and the publisher's settings — and must not
 * reach for anything else. Each release is one product_version; each CVE id
 * (or the issue itself when it has none) is one vulnerability whose product
 * status is derived from introduced_in, fixed_in and the backports. CSAF
 * 2.0 carries only CVSS v2/v3, so a v4 vector gives no score. The input is
 * trusted (validated when it was stored); strings go through jansson only.
 */
#include "export/export.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/banned.h"

enum pstatus { PS_AFFECTED, PS_FIXED, PS_NOT_AFFECTED };

static json_t *
iso(int64_t t)
{
	char b[32];

	clock_fmt_iso(t, b, sizeof(b));
	return json_string(b);
}

/* The publication date of a (now, should a public issue lack one). */
static int64_t
published(const struct advisory *a)
{
	return a->v.is.published_at ? a->v.is.published_at : clock_now();
}

/*
 * Compare two release names by their numeric parts ("v3.10" > "v3.9",
 * "4.2" < "v4.2.1"); names with equal numbers fall back to strcmp.
 */
static int
ver_cmp(const char *a, const char *b)
{
	const char *pa = a, *pb = b;

	for (;;) {
		size_t la, lb;
		int c;

		while (*pa && !isdigit((unsigned char)*pa))
			pa++;
		while (*pb && !isdigit((unsigned char)*pb))
			pb++;
		if (!*pa || !*pb)
			break;
		while (*pa == '0' && isdigit((unsigned char)pa[1]))
			pa++;
		while (*pb == '0' && isdigit((unsigned char)pb[1]))
			pb++;
		for (la = 0; isdigit((unsigned char)pa[la]); la++)
			;
		for (lb = 0; isdigit((unsigned char)pb[lb]); lb++)
			;
		if (la != lb)
			return la < lb ? -1 : 1;
		if ((c = strncmp(pa, pb, la)) != 0)
			return c < 0 ? -1 : 1;
		pa += la;
		pb += lb;
	}
	if (*pa || *pb)
		return *pa ? 1 : -1;
	return strcmp(a, b);
}

static int
release_order(const void *x, const void *y)
{
	const struct release *const *a = x, *const *b = y;

	return ver_cmp((*a)->name, (*b)->name);
}

/* The releases of a in version order (free() the array), or NULL. */
static const struct release **
sorted_releases(const struct advisory *a)
{
	const struct release **r;

	if ((r = calloc(a->nreleases ? a->nreleases : 1, sizeof(*r))) == NULL)
		return NULL;
	for (size_t i = 0; i < a->nreleases; i++)
		r[i] = &a->releases[i];
	qsort(r, a->nreleases, sizeof(*r), release_order);
	return r;
}

static const struct backport *
backport_of(const struct advisory *a, const struct release *r)
{
	for (size_t i = 0; i < a->v.nbackports; i++)
		if (a->v.backports[i].release &&
		    strcmp(a->v.backports[i].release, r->name) == 0)
			return &a->v.backports[i];
	return NULL;
}

/*
 * Where release r stands: fixed when it ships the fix (fixed_in or later,
 * or a merged or released backport), else not affected when it came before
 * introduced_in, else affected (also when introduced_in is unknown).
 */
static enum pstatus
release_status(const struct advisory *a, const struct release *r)
{
	const struct issue *is = &a->v.is;
	const struct backport *bp = backport_of(a, r);

	if (is->fixed_in && ver_cmp(r->name, is->fixed_in) >= 0)
		return PS_FIXED;
	if (bp && (bp->state == BP_MERGED || bp->state == BP_RELEASED))
		return PS_FIXED;
	if (is->introduced_in && ver_cmp(r->name, is->introduced_in) < 0)
		return PS_NOT_AFFECTED;
	return PS_AFFECTED;
}

static json_t *
product_id(const struct release *r)
{
	return json_sprintf("CSAFPID-%s", r->name);
}

/* The ids of the releases whose status is in the mask of (1u << enum
 * pstatus) bits, in version order (maybe empty). */
static json_t *
products_at(const struct advisory *a, const struct release **rel, unsigned mask)
{
	json_t *ids = json_array();

	for (size_t i = 0; ids && i < a->nreleases; i++) {
		if ((mask & (1u << release_status(a, rel[i]))) &&
		    json_array_append_new(ids, product_id(rel[i])) < 0) {
			json_decref(ids);
			return NULL;
		}
	}
	return ids;
}

/* Set key of o to v when v is a non-empty array; drop it when empty. */
static int
set_nonempty(json_t *o, const char *key, json_t *v)
{
	if (v && json_array_size(v) == 0) {
		json_decref(v);
		return 0;
	}
	return json_object_set_new(o, key, v);
}

/* The URL of a's advisory page: advisory_url/KEY. */
static json_t *
self_url(const struct advisory *a)
{
	const char *base = a->cfg[ADV_ADVISORY_URL];
	size_t n = strlen(base);

	return json_sprintf("%s%s%s", base, n && base[n - 1] == '/' ? "" : "/", a->key);
}

/* The document references: the advisory itself, the fixes, the public link. */
static json_t *
references(const struct advisory *a)
{
	json_t *refs;
	int bad = 0;

	refs = json_pack("[{s:s,s:o,s:s}]", "category", "self", "url", self_url(a),
		"summary", "This advisory");
	if (!refs)
		return NULL;
	for (size_t i = 0; i < a->v.nfixes; i++) {
		const struct fix *f = &a->v.fixes[i];

		if (f->state == FIX_CLOSED || !f->url)
			continue;
		bad |= json_array_append_new(refs, json_pack("{s:s,s:s,s:o}",
			"category", "external", "url", f->url, "summary",
			json_sprintf("Fix on branch %s", f->branch ? f->branch : "unknown")));
	}
	if (a->v.is.public_link && *a->v.is.public_link)
		bad |= json_array_append_new(refs, json_pack("{s:s,s:s,s:s}", "category",
			"external", "url", a->v.is.public_link, "summary", "Public report"));
	if (bad) {
		json_decref(refs);
		return NULL;
	}
	return refs;
}

static const char *
title_of(const struct advisory *a)
{
	return a->v.is.title && *a->v.is.title ? a->v.is.title : a->key;
}

/* Notes: the title as summary, the description when there is one. */
static json_t *
notes(const struct advisory *a, const char *summary_category)
{
	const char *desc = a->v.is.description;
	json_t *n;

	n = json_pack("[{s:s,s:s,s:s}]", "category", summary_category, "title", "Summary",
		"text", title_of(a));
	if (n && desc && *desc && json_array_append_new(n, json_pack("{s:s,s:s,s:s}",
	    "category", "description", "title", "Description", "text", desc)) < 0) {
		json_decref(n);
		return NULL;
	}
	return n;
}

static json_t *
tracking(const struct advisory *a)
{
	int64_t pub = published(a);

	return json_pack("{s:s,s:s,s:s,s:o,s:o,s:[{s:s,s:o,s:s}],s:{s:o,s:{s:s}}}",
		"id", a->key, "status", "final", "version", "1",
		"initial_release_date", iso(pub), "current_release_date", iso(pub),
		"revision_history", "number", "1", "date", iso(pub), "summary",
		"Initial release", "generator", "date", iso(clock_now()), "engine", "name",
		"vigil");
}

/* The document section (CSAF 2.0 §3.2.1). */
static json_t *
document(const struct advisory *a)
{
	const struct issue *is = &a->v.is;
	json_t *d;
	int bad = 0;

	d = json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:{s:s,s:{s:s,s:s}}}",
		"category", "csaf_security_advisory", "csaf_version", "2.0",
		"title", title_of(a), "lang", "en",
		"publisher", "category", "vendor", "name", a->cfg[ADV_ORG_NAME],
		"namespace", a->cfg[ADV_ADVISORY_URL],
		"distribution", "text", "Public advisory.", "tlp", "label", "WHITE",
		"url", "https://www.first.org/tlp/");
	if (!d)
		return NULL;
	bad |= json_object_set_new(d, "tracking", tracking(a));
	bad |= json_object_set_new(d, "notes", notes(a, "summary"));
	bad |= json_object_set_new(d, "references", references(a));
	if (is->cvss && is->cvss_severity && *is->cvss_severity)
		bad |= json_object_set_new(d, "aggregate_severity",
			json_pack("{s:s}", "text", is->cvss_severity));
	if (bad) {
		json_decref(d);
		return NULL;
	}
	return d;
}

/* vendor -> product_name -> product_version, one per release (§3.2.2). */
static json_t *
product_tree(const struct advisory *a, const struct release **rel)
{
	json_t *versions = json_array();

	for (size_t i = 0; versions && i < a->nreleases; i++) {
		if (json_array_append_new(versions, json_pack("{s:s,s:s,s:{s:o,s:o}}",
		    "category", "product_version", "name", rel[i]->name, "product",
		    "name", json_sprintf("%s %s %s", a->cfg[ADV_VENDOR], a->cfg[ADV_PRODUCT],
		    rel[i]->name), "product_id", product_id(rel[i]))) < 0) {
			json_decref(versions);
			return NULL;
		}
	}
	return json_pack("{s:[{s:s,s:s,s:[{s:s,s:s,s:o}]}]}", "branches",
		"category", "vendor", "name", a->cfg[ADV_VENDOR], "branches",
		"category", "product_name", "name", a->cfg[ADV_PRODUCT], "branches", versions);
}

static const struct release *
release_named(const struct advisory *a, const char *name)
{
	for (size_t i = 0; name && i < a->nreleases; i++)
		if (strcmp(a->releases[i].name, name) == 0)
			return &a->releases[i];
	return NULL;
}

/* Is f the fix on the branch of the release that first shipped it? */
static bool
mainline_fix(const struct advisory *a, const struct fix *f)
{
	const struct release *r = release_named(a, a->v.is.fixed_in);

	return r && r->branch && f->branch && strcmp(r->branch, f->branch) == 0;
}

/*
 * Does fix f ship in the fixed release r? A backport that names its fix
 * decides; otherwise the fix on r's branch, or the mainline fix for
 * fixed_in and later.
 */
static bool
fix_covers(const struct advisory *a, const struct fix *f, const struct release *r)
{
	const struct backport *bp = backport_of(a, r);

	if (bp && bp->fix_url && (bp->state == BP_MERGED || bp->state == BP_RELEASED))
		return strcmp(bp->fix_url, f->url) == 0;
	if (r->branch && f->branch && strcmp(r->branch, f->branch) == 0)
		return true;
	return a->v.is.fixed_in && ver_cmp(r->name, a->v.is.fixed_in) >= 0 &&
	    mainline_fix(a, f);
}

/*
 * Append to rem the vendor_fix remediation of fix f for the fixed releases
 * it ships in (nothing when it ships in none). 0, or -1 when out of memory.
 */
static int
add_fix_remediation(json_t *rem, const struct advisory *a, const struct release **rel,
	const struct fix *f)
{
	json_t *ids = json_array(), *o;

	for (size_t i = 0; ids && i < a->nreleases; i++)
		if (release_status(a, rel[i]) == PS_FIXED && fix_covers(a, f, rel[i]) &&
		    json_array_append_new(ids, product_id(rel[i])) < 0)
			goto fail;
	if (!ids)
		return -1;
	if (json_array_size(ids) == 0) {
		json_decref(ids);
		return 0;
	}
	o = json_pack("{s:s,s:o,s:s,s:o}", "category", "vendor_fix", "details",
		f->commit ? json_sprintf("Fixed by commit %s on branch %s.", f->commit,
		f->branch ? f->branch : "unknown") : json_sprintf("Fixed on branch %s.",
		f->branch ? f->branch : "unknown"), "url", f->url, "product_ids", ids);
	if (o && f->merged_at && json_object_set_new(o, "date", iso(f->merged_at)) < 0) {
		json_decref(o);
		return -1;
	}
	return json_array_append_new(rem, o);
fail:
	json_decref(ids);
	return -1;
}

/* What the affected releases should do: update to fixed_in, or nothing yet. */
static json_t *
affected_remediation(const struct advisory *a, json_t *affected)
{
	const char *fixed_in = a->v.is.fixed_in;
	json_t *o;

	if (!fixed_in)
		return json_pack("{s:s,s:s,s:O}", "category", "none_available", "details",
			"No fixed release is available yet.", "product_ids", affected);
	o = json_pack("{s:s,s:o,s:O}", "category", "vendor_fix", "details",
		json_sprintf("Update to %s or later.", fixed_in), "product_ids", affected);
	for (size_t i = 0; o && i < a->v.nfixes; i++) {
		const struct fix *f = &a->v.fixes[i];

		if (f->state != FIX_CLOSED && f->url && mainline_fix(a, f)) {
			if (json_object_set_new(o, "url", json_string(f->url)) < 0) {
				json_decref(o);
				return NULL;
			}
			break;
		}
	}
	return o;
}

/* Remediations: one per fix that ships in a release, one for the affected. */
static json_t *
remediations(const struct advisory *a, const struct release **rel, json_t *affected)
{
	json_t *rem = json_array();
	int bad = !rem;

	for (size_t i = 0; !bad && i < a->v.nfixes; i++) {
		const struct fix *f = &a->v.fixes[i];

		if (f->state != FIX_CLOSED && f->url)
			bad |= add_fix_remediation(rem, a, rel, f);
	}
	if (!bad && json_array_size(affected) > 0)
		bad |= json_array_append_new(rem, affected_remediation(a, affected));
	if (bad) {
		json_decref(rem);
		return NULL;
	}
	return rem;
}

/* Does the issue's vector get a score? Only CVSS v3.1: CSAF 2.0 cannot
 * carry v4, and v3.0 vectors are left out for now. */
static bool
cvss31(const struct issue *is)
{
	return is->cvss && strncmp(is->cvss, "CVSS:3.1/", 9) == 0 && is->cvss_severity;
}

/* The CVSS v3.1 score of a (cvss31() holds) for the non-empty products. */
static json_t *
scores(const struct advisory *a, json_t *products)
{
	const struct issue *is = &a->v.is;
	char sev[16];
	size_t i;

	for (i = 0; is->cvss_severity[i] && i < sizeof(sev) - 1; i++)
		sev[i] = (char)toupper((unsigned char)is->cvss_severity[i]);
	sev[i] = '\0';
	return json_pack("[{s:{s:s,s:s,s:f,s:s},s:O}]", "cvss_v3", "version", "3.1",
		"vectorString", is->cvss, "baseScore", is->cvss_score, "baseSeverity", sev,
		"products", products);
}

/* The credit, unless the reporter asked to stay anonymous. */
static json_t *
acknowledgments(const struct advisory *a)
{
	const struct issue *is = &a->v.is;

	if (is->anonymous || !is->credit || !*is->credit)
		return NULL;
	return json_pack("[{s:[s],s:s}]", "names", is->credit, "summary",
		"finding and reporting the vulnerability");
}

/* Product status, remediations and scores of one vulnerability. */
static int
add_products(json_t *v, const struct advisory *a, const struct release **rel)
{
	json_t *affected, *fixed, *scored, *st;
	int bad = 0;

	affected = products_at(a, rel, 1u << PS_AFFECTED);
	fixed = products_at(a, rel, 1u << PS_FIXED);
	scored = products_at(a, rel, (1u << PS_AFFECTED) | (1u << PS_FIXED));
	if (!affected || !fixed || !scored || (st = json_object()) == NULL) {
		bad = -1;
		goto out;
	}
	bad |= set_nonempty(st, "known_affected", json_incref(affected));
	bad |= set_nonempty(st, "fixed", json_incref(fixed));
	bad |= set_nonempty(st, "known_not_affected", products_at(a, rel, 1u << PS_NOT_AFFECTED));
	if (json_object_size(st) > 0)
		bad |= json_object_set_new(v, "product_status", st);
	else
		json_decref(st);
	bad |= set_nonempty(v, "remediations", remediations(a, rel, affected));
	if (cvss31(&a->v.is) && json_array_size(scored) > 0)
		bad |= json_object_set_new(v, "scores", scores(a, scored));
out:
	json_decref(affected);
	json_decref(fixed);
	json_decref(scored);
	return bad ? -1 : 0;
}

/* One vulnerability: the CVE id cve, or the issue itself when cve is NULL. */
static json_t *
vulnerability(const struct advisory *a, const struct release **rel, const char *cve)
{
	const struct issue *is = &a->v.is;
	json_t *v, *ack;
	int bad = 0;

	if ((v = json_pack("{s:s}", "title", title_of(a))) == NULL)
		return NULL;
	if (cve)
		bad |= json_object_set_new(v, "cve", json_string(cve));
	else
		bad |= json_object_set_new(v, "ids", json_pack("[{s:s,s:s}]", "system_name",
			a->cfg[ADV_ORG_NAME], "text", a->key));
	bad |= json_object_set_new(v, "notes", notes(a, "summary"));
	if (is->reported_at)
		bad |= json_object_set_new(v, "discovery_date", iso(is->reported_at));
	bad |= json_object_set_new(v, "release_date", iso(published(a)));
	if (a->nreleases > 0)
		bad |= add_products(v, a, rel);
	if ((ack = acknowledgments(a)) != NULL)
		bad |= json_object_set_new(v, "acknowledgments", ack);
	if (bad) {
		json_decref(v);
		return NULL;
	}
	return v;
}

json_t *
export_csaf(const struct advisory *a)
{
	const struct release **rel;
	json_t *doc = NULL, *vulns;
	size_t nvulns = 0;
	int bad = 0;

	if ((rel = sorted_releases(a)) == NULL)
		return NULL;
	if ((doc = json_pack("{s:o}", "document", document(a))) == NULL)
		goto out;
	if (a->nreleases > 0)
		bad |= json_object_set_new(doc, "product_tree", product_tree(a, rel));
	vulns = json_array();
	for (size_t i = 0; vulns && i < a->v.ncves; i++) {
		if (a->v.cves[i].state == CVE_REJECTED)
			continue;
		bad |= json_array_append_new(vulns, vulnerability(a, rel, a->v.cves[i].id));
		nvulns++;
	}
	if (vulns && nvulns == 0)
		bad |= json_array_append_new(vulns, vulnerability(a, rel, NULL));
	bad |= json_object_set_new(doc, "vulnerabilities", vulns);
	if (bad) {
		json_decref(doc);
		doc = NULL;
	}
out:
	free(rel);
	return doc;
}
