/*
 * openvex.c — the OpenVEX 0.2.0 document of a public issue (SPEC §8,
 * "Machine-readable advisories", with the release and backport model of
 * §8 "Backport policy"): one statement for every CVE id of the issue and
 * every release of the product, saying whether that release is fixed (it
 * is the release that ships the fix or a later one, or a backport to it was
 * merged or released), not affected (it predates the release that
 * introduced the vulnerability, or its backport is not needed) or affected
 * (with what to do). It sees only the struct advisory built by
 * service/advisory.c — public fields of a public issue — and must not look
 * anything up elsewhere. No untrusted input: every string comes from the
 * validated database and is escaped by jansson.
 */
#include "export/export.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/limits.h"
#include "core/banned.h"

#define OPENVEX_CONTEXT "https://openvex.dev/ns/v0.2.0"
#define OPENVEX_TOOLING "vigil"
#define CVE_RECORD_URL "https://www.cve.org/CVERecord?id="

/* What one release's statement says. */
enum vex_status { VEX_FIXED, VEX_NOT_AFFECTED, VEX_AFFECTED };

/*
 * Compare two version names by their numeric parts, so that "v3.10.0" is
 * after "v3.9.2" and "v4.0" equals "v4.0.0". Returns -1, 0 or 1 in *ret;
 * false (and *ret untouched) when either name has no digits at all.
 */
static bool
version_cmp(const char *a, const char *b, int *ret)
{
	if (!a || !b || !strpbrk(a, "0123456789") || !strpbrk(b, "0123456789"))
		return false;
	while (*a || *b) {
		unsigned long long x = 0, y = 0;

		while (*a && !isdigit((unsigned char)*a))
			a++;
		while (*b && !isdigit((unsigned char)*b))
			b++;
		for (; isdigit((unsigned char)*a); a++)
			x = x < UINT64_MAX / 10 ? x * 10 + (unsigned)(*a - '0') : x;
		for (; isdigit((unsigned char)*b); b++)
			y = y < UINT64_MAX / 10 ? y * 10 + (unsigned)(*b - '0') : y;
		if (x != y) {
			*ret = x < y ? -1 : 1;
			return true;
		}
	}
	*ret = 0;
	return true;
}

/* a is (comparably) before b. */
static bool
version_before(const char *a, const char *b)
{
	int c;

	return version_cmp(a, b, &c) && c < 0;
}

/* a is (comparably) b or after it. */
static bool
version_at_or_after(const char *a, const char *b)
{
	int c;

	return version_cmp(a, b, &c) && c >= 0;
}

/* The backport of a to the release named rel, or NULL. */
static const struct backport *
find_backport(const struct advisory *a, const char *rel)
{
	for (size_t i = 0; i < a->v.nbackports; i++)
		if (a->v.backports[i].release && strcmp(a->v.backports[i].release, rel) == 0)
			return &a->v.backports[i];
	return NULL;
}

/* Append s to b percent-encoded as a purl name or version segment. */
static void
purl_add(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~') {
			buf_addc(b, (char)c);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* The product of release r (NULL: the product as a whole), as a purl. */
static json_t *
product(const struct advisory *a, const struct release *r)
{
	struct buf b;
	json_t *o = NULL;

	buf_init(&b, LIM_URL_MAX);
	buf_adds(&b, "pkg:generic/");
	purl_add(&b, a->cfg[ADV_PRODUCT] ? a->cfg[ADV_PRODUCT] : "product");
	if (r) {
		buf_addc(&b, '@');
		purl_add(&b, r->name);
	}
	if (buf_err(&b) == 0)
		o = json_pack("[{s:s}]", "@id", buf_str(&b));
	buf_release(&b);
	return o;
}

/* The vulnerability object of CVE id cve (or of the issue key alone). */
static json_t *
vulnerability(const struct advisory *a, const char *cve)
{
	if (!cve)
		return json_pack("{s:s,s:s}", "name", a->key, "description",
			a->v.is.title ? a->v.is.title : a->key);
	return json_pack("{s:s+,s:s,s:s,s:[s]}", "@id", CVE_RECORD_URL, cve, "name", cve,
		"description", a->v.is.title ? a->v.is.title : cve, "aliases", a->key);
}

/*
 * Decide the status of release r (NULL: no releases are known). Sets
 * *ret_bp to the release's backport, if any.
 */
static enum vex_status
release_status(const struct advisory *a, const struct release *r,
	const struct backport **ret_bp)
{
	const struct issue *is = &a->v.is;
	const struct backport *bp = r ? find_backport(a, r->name) : NULL;

	*ret_bp = bp;
	if (!r)
		return VEX_AFFECTED;
	if (is->fixed_in && (strcmp(r->name, is->fixed_in) == 0 ||
	    version_at_or_after(r->name, is->fixed_in)))
		return VEX_FIXED;
	if (bp && (bp->state == BP_MERGED || bp->state == BP_RELEASED))
		return VEX_FIXED;
	if (is->introduced_in && version_before(r->name, is->introduced_in))
		return VEX_NOT_AFFECTED;
	if (bp && bp->state == BP_NOT_NEEDED)
		return VEX_NOT_AFFECTED;
	return VEX_AFFECTED;
}

/* What a user of an affected release r should do. */
static json_t *
action(const struct advisory *a, const struct release *r, const struct backport *bp)
{
	const char *fixed = a->v.is.fixed_in;

	if (fixed && r && !r->supported)
		return json_sprintf("Upgrade to %s or later: this release is no longer "
			"supported.", fixed);
	if (fixed && bp)
		return json_sprintf("Upgrade to %s or later; a fix for this release is "
			"pending.", fixed);
	if (fixed)
		return json_sprintf("Upgrade to %s or later.", fixed);
	return json_string("Fix pending for this release.");
}

/* Fill statement st with the status of release r and its reasons. */
static int
set_status(const struct advisory *a, const struct release *r, json_t *st)
{
	const struct backport *bp;
	const char *why;
	bool predates;
	int rc = 0;

	switch (release_status(a, r, &bp)) {
	case VEX_FIXED:
		rc |= json_object_set_new(st, "status", json_string("fixed"));
		break;
	case VEX_NOT_AFFECTED:
		/* r is not NULL here; a not-needed backport gives its reason */
		predates = a->v.is.introduced_in && version_before(r->name,
			a->v.is.introduced_in);
		why = bp && bp->state == BP_NOT_NEEDED && bp->reason && *bp->reason ?
			bp->reason : NULL;
		rc |= json_object_set_new(st, "status", json_string("not_affected"));
		if (predates || !why)
			rc |= json_object_set_new(st, "justification",
				json_string("vulnerable_code_not_present"));
		if (why)
			rc |= json_object_set_new(st, "impact_statement", json_string(why));
		break;
	case VEX_AFFECTED:
		rc |= json_object_set_new(st, "status", json_string("affected"));
		rc |= json_object_set_new(st, "action_statement", action(a, r, bp));
		break;
	}
	return rc ? ERR_NOMEM : 0;
}

/* One statement: CVE id cve (NULL: the issue key) in release r (NULL: any). */
static json_t *
statement(const struct advisory *a, const char *cve, const struct release *r)
{
	json_t *st;

	st = json_pack("{s:o,s:o}", "vulnerability", vulnerability(a, cve),
		"products", product(a, r));
	if (!st)
		return NULL;
	if (a->cfg[ADV_VENDOR] && *a->cfg[ADV_VENDOR] &&
	    json_object_set_new(st, "supplier", json_string(a->cfg[ADV_VENDOR])) < 0)
		goto fail;
	if (set_status(a, r, st) < 0)
		goto fail;
	return st;
fail:
	json_decref(st);
	return NULL;
}

/* Append the statements of CVE id cve (NULL: the key) for every release. */
static int
add_statements(const struct advisory *a, const char *cve, json_t *arr)
{
	if (a->nreleases == 0)
		return json_array_append_new(arr, statement(a, cve, NULL)) < 0 ? ERR_NOMEM : 0;
	for (size_t i = 0; i < a->nreleases; i++)
		if (json_array_append_new(arr, statement(a, cve, &a->releases[i])) < 0)
			return ERR_NOMEM;
	return 0;
}

/* The latest change of what the document says (its last_updated). */
static int64_t
last_change(const struct advisory *a, int64_t published)
{
	int64_t t = published;

	for (size_t i = 0; i < a->v.nbackports; i++)
		if (a->v.backports[i].updated_at > t)
			t = a->v.backports[i].updated_at;
	for (size_t i = 0; i < a->v.nfixes; i++)
		if (a->v.fixes[i].merged_at > t)
			t = a->v.fixes[i].merged_at;
	return t;
}

/* The document's header: @context, @id, author, dates, version, tooling. */
static json_t *
header(const struct advisory *a)
{
	const char *base = a->cfg[ADV_ADVISORY_URL] ? a->cfg[ADV_ADVISORY_URL] : "";
	size_t blen = strlen(base);
	int64_t published = a->v.is.published_at ? a->v.is.published_at : clock_now();
	char ts[32], lu[32];

	while (blen > 0 && base[blen - 1] == '/')
		blen--;
	clock_fmt_iso(published, ts, sizeof(ts));
	clock_fmt_iso(last_change(a, published), lu, sizeof(lu));
	return json_pack("{s:s,s:s%+++,s:s,s:s,s:s,s:i,s:s}",
		"@context", OPENVEX_CONTEXT,
		"@id", base, blen, "/", a->key, ".openvex.json",
		"author", a->cfg[ADV_ORG_NAME] ? a->cfg[ADV_ORG_NAME] : "vigil",
		"timestamp", ts, "last_updated", lu, "version", 1,
		"tooling", OPENVEX_TOOLING);
}

json_t *
export_openvex(const struct advisory *a)
{
	json_t *doc = NULL, *arr = NULL;
	size_t ncve = 0;
	int rc = 0;

	if (!(doc = header(a)) || !(arr = json_array()))
		goto fail;
	for (size_t i = 0; rc == 0 && i < a->v.ncves; i++) {
		if (a->v.cves[i].state == CVE_REJECTED)
			continue;
		rc = add_statements(a, a->v.cves[i].id, arr);
		ncve++;
	}
	if (rc == 0 && ncve == 0)
		rc = add_statements(a, NULL, arr);
	if (rc < 0)
		goto fail;
	if (json_object_set_new(doc, "statements", arr) < 0) {
		arr = NULL;	/* taken, and freed, by json_object_set_new */
		goto fail;
	}
	return doc;
fail:
	json_decref(arr);
	json_decref(doc);
	return NULL;
}
