/*
 * osv.c — the OSV entry of a public issue (SPEC §8, machine-readable
 * advisories), valid against the OSV schema 1.7 kept in
 * ../shared/schemas/osv. It is built from the struct advisory alone: id
 * OSV_PREFIX-KEY (x_OSV_PREFIX-KEY unless the prefix is a home database
 * the schema knows), the CVE ids as aliases, title and description, the
 * CVSS vector, one affected entry with a GIT range over the project's
 * repository (fixed: the full commit ids of the merged fixes) and a SEMVER
 * range from the introducing version to the fixing release, references to
 * the fixes and the advisory page, and the credit unless anonymous. A C
 * project has no package ecosystem, so the entry names no package: OSV
 * allows that for GIT ranges; the product is in database_specific.
 */
#include "export/export.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/banned.h"

#define OSV_SCHEMA_VERSION "1.7.0"

/* The home-database prefixes of the schema's $defs/prefix that a vigil
 * prefix (capital letters only) can spell; any other needs "x_". */
static const char *const registered[] = {
	"ALPINE", "ALSA", "ALBA", "ALEA", "AZL", "BELL", "BIT", "CGA", "CLEANSTART",
	"CLSA", "CURL", "CVE", "DEBIAN", "DHI", "DRUPAL", "DSA", "DLA", "ELA", "DTSA",
	"ECHO", "EEF", "GHSA", "GO", "GSD", "HSEC", "JLSEC", "KUBE", "LBSEC", "LSN",
	"MAL", "MINI", "MGASA", "OESA", "OSEC", "OSV", "PHSA", "PSF", "PYSEC", "RHBA",
	"RHEA", "RHSA", "RLSA", "RXSA", "RSEC", "ROOT", "RUSTSEC", "UBUNTU", "USN",
};

static bool
prefix_registered(const char *p)
{
	for (size_t i = 0; i < sizeof(registered) / sizeof(registered[0]); i++)
		if (strcmp(p, registered[i]) == 0)
			return true;
	return false;
}

static json_t *
iso_time(int64_t t)
{
	char b[32];

	if (!t)
		return NULL;
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

/* Set key to v, a part every entry has: 0, or -1 when v is NULL (out of
 * memory) or cannot be set. */
static int
set_req(json_t *o, const char *key, json_t *v)
{
	return v ? json_object_set_new(o, key, v) : -1;
}

/* Is s a full commit id (40 or 64 hex digits)? */
static bool
full_commit(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n != 40 && n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Do repo URLs a and b name the same repository (ignoring a trailing
 * "/" or ".git")? A fix without a repo is in the project's repository. */
static bool
same_repo(const char *a, const char *b)
{
	size_t na, nb;

	if (!a || !*a)
		return true;
	na = strlen(a);
	nb = strlen(b);
	while (na > 0 && a[na - 1] == '/')
		na--;
	while (nb > 0 && b[nb - 1] == '/')
		nb--;
	if (na > 4 && strncmp(a + na - 4, ".git", 4) == 0)
		na -= 4;
	if (nb > 4 && strncmp(b + nb - 4, ".git", 4) == 0)
		nb -= 4;
	return na == nb && strncmp(a, b, na) == 0;
}

/* The SEMVER spelling of a release name: without a leading 'v', and
 * MAJOR.MINOR.PATCH with an optional -pre-release or +build part. NULL
 * when name is not one. */
static const char *
semver(const char *name)
{
	const char *p;

	if (!name)
		return NULL;
	if (*name == 'v' || *name == 'V')
		name++;
	p = name;
	for (int part = 0; part < 3; part++) {
		if (!isdigit((unsigned char)*p))
			return NULL;
		if (*p == '0' && isdigit((unsigned char)p[1]))
			return NULL;
		while (isdigit((unsigned char)*p))
			p++;
		if (part < 2 && *p++ != '.')
			return NULL;
	}
	if (*p && *p != '-' && *p != '+')
		return NULL;
	if (*p && !p[1])
		return NULL;
	return name;
}

static json_t *
severity(const struct issue *is)
{
	const char *type;

	if (!is->cvss)
		return NULL;
	if (strncmp(is->cvss, "CVSS:3.", 7) == 0)
		type = "CVSS_V3";
	else if (strncmp(is->cvss, "CVSS:4.", 7) == 0)
		type = "CVSS_V4";
	else
		return NULL;
	return json_pack("[{s:s,s:s}]", "type", type, "score", is->cvss);
}

static json_t *
aliases(const struct issue_view *v)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < v->ncves; i++)
		if (v->cves[i].state != CVE_REJECTED)
			json_array_append_new(a, json_string(v->cves[i].id));
	return a;
}

/* Has fix f landed: merged itself, or named by a merged or released
 * backport (release managers record backports there)? */
static bool
fix_landed(const struct issue_view *v, const struct fix *f)
{
	if (f->state == FIX_MERGED)
		return true;
	if (f->state == FIX_CLOSED)
		return false;
	for (size_t i = 0; i < v->nbackports; i++)
		if ((v->backports[i].state == BP_MERGED || v->backports[i].state == BP_RELEASED) &&
		    v->backports[i].fix_url && strcmp(v->backports[i].fix_url, f->url) == 0)
			return true;
	return false;
}

/* The GIT range: introduced "0" (vigil knows the introducing version, not
 * the commit), fixed by every landed fix with a full commit id in repo. */
static json_t *
git_range(const struct issue_view *v, const char *repo)
{
	json_t *ev = json_pack("[{s:s}]", "introduced", "0");

	for (size_t i = 0; ev && i < v->nfixes; i++) {
		const struct fix *f = &v->fixes[i];
		char c[65];

		if (!fix_landed(v, f) || !full_commit(f->commit) ||
		    !same_repo(f->repo, repo))
			continue;
		for (size_t j = 0; f->commit[j]; j++)
			c[j] = (char)tolower((unsigned char)f->commit[j]);
		c[strlen(f->commit)] = '\0';
		json_array_append_new(ev, json_pack("{s:s}", "fixed", c));
	}
	return json_pack("{s:s,s:s,s:o}", "type", "GIT", "repo", repo, "events", ev);
}

/* The SEMVER range introduced_in..fixed_in, or NULL when fixed_in is set
 * but not a semantic version (an open range would claim every later
 * release is affected). */
static json_t *
semver_range(const struct issue *is)
{
	const char *intro = semver(is->introduced_in), *fixed = semver(is->fixed_in);
	json_t *ev;

	if (is->fixed_in && !fixed)
		return NULL;
	ev = json_pack("[{s:s}]", "introduced", intro ? intro : "0");
	if (ev && fixed)
		json_array_append_new(ev, json_pack("{s:s}", "fixed", fixed));
	return json_pack("{s:s,s:o}", "type", "SEMVER", "events", ev);
}

static json_t *
affected(const struct advisory *a)
{
	const struct issue *is = &a->v.is;
	json_t *ranges = json_array(), *sr, *ds, *bp = json_array();

	json_array_append_new(ranges, git_range(&a->v, a->cfg[ADV_REPO_URL]));
	if ((sr = semver_range(is)) != NULL)
		json_array_append_new(ranges, sr);
	for (size_t i = 0; bp && i < a->v.nbackports; i++)
		json_array_append_new(bp, json_pack("{s:s,s:s}", "release",
			a->v.backports[i].release, "state",
			backport_state_name(a->v.backports[i].state)));
	ds = json_pack("{s:s,s:s,s:o,s:o}", "vendor", a->cfg[ADV_VENDOR],
		"product", a->cfg[ADV_PRODUCT],
		"introduced_in", is->introduced_in ? json_string(is->introduced_in) : json_null(),
		"fixed_in", is->fixed_in ? json_string(is->fixed_in) : json_null());
	if (ds)
		json_object_set_new(ds, "backports", bp);
	else
		json_decref(bp);
	return json_pack("[{s:o,s:o}]", "ranges", ranges, "database_specific", ds);
}

/* Append {type, url} to refs unless url is already there. */
static void
add_ref(json_t *refs, const char *type, const char *url)
{
	size_t i;
	json_t *r;

	if (!url || !*url)
		return;
	json_array_foreach(refs, i, r)
		if (strcmp(json_string_value(json_object_get(r, "url")), url) == 0)
			return;
	json_array_append_new(refs, json_pack("{s:s,s:s}", "type", type, "url", url));
}

static json_t *
references(const struct advisory *a)
{
	json_t *refs = json_array();
	const char *base = a->cfg[ADV_ADVISORY_URL];
	size_t n = strlen(base);
	char url[1024];

	if (!refs)
		return NULL;
	while (n > 0 && base[n - 1] == '/')
		n--;
	if (snprintf(url, sizeof(url), "%.*s/%s", (int)n, base, a->key) < (int)sizeof(url))
		add_ref(refs, "ADVISORY", url);
	for (size_t i = 0; i < a->v.nfixes; i++)
		if (a->v.fixes[i].state != FIX_CLOSED)
			add_ref(refs, "FIX", a->v.fixes[i].url);
	for (size_t i = 0; i < a->v.nbackports; i++)
		add_ref(refs, "FIX", a->v.backports[i].fix_url);
	add_ref(refs, "WEB", a->v.is.public_link);
	return refs;
}

void
export_osv_id(const struct advisory *a, char *out, size_t n)
{
	const char *prefix = a->cfg[ADV_OSV_PREFIX];

	snprintf(out, n, "%s%s-%s", prefix_registered(prefix) ? "" : "x_", prefix, a->key);
}

json_t *
export_osv(const struct advisory *a)
{
	const struct issue *is = &a->v.is;
	char id[128];
	json_t *o;

	export_osv_id(a, id, sizeof(id));
	o = json_pack("{s:s,s:s,s:o}", "schema_version", OSV_SCHEMA_VERSION, "id", id,
		"modified", iso_time(clock_now()));
	if (!o)
		return NULL;
	set_opt(o, "published", iso_time(is->published_at));
	if (set_req(o, "aliases", aliases(&a->v)) < 0 ||
	    set_req(o, "summary", json_string(is->title)) < 0 ||
	    set_req(o, "details", json_string(is->description ? is->description : "")) < 0)
		goto fail;
	set_opt(o, "severity", severity(is));
	if (set_req(o, "affected", affected(a)) < 0 ||
	    set_req(o, "references", references(a)) < 0)
		goto fail;
	if (!is->anonymous && is->credit && *is->credit &&
	    set_req(o, "credits", json_pack("[{s:s,s:s}]", "name", is->credit,
	    "type", "FINDER")) < 0)
		goto fail;
	if (set_req(o, "database_specific", json_pack("{s:s,s:o}", "key", a->key,
	    "cvss_severity", is->cvss_severity ? json_string(is->cvss_severity) :
	    json_null())) < 0)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}
