/*
 * release_report.c — the release report of SPEC §8: for one release, the
 * CVE ids of the issues it fixes. An issue is fixed by a release when the
 * release ships its fix (fixed_in) or its backport to the release is
 * merged or released. A public issue gets a full entry through the access
 * gate (acc_issue); an issue still under embargo gives, to everyone, only
 * the projection the spec allows: its CVE ids and the embargo's end, never
 * its key, title or anything else. An embargoed issue without a CVE id
 * does not appear, and rejected issues never do. Public entries come first
 * in key order, embargoed ones after them in CVE id order, so their place
 * says nothing about their keys.
 */
#include "service/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

static void
entry_release(struct release_entry *e)
{
	strlist_release(&e->cves);
	free(e->title);
	free(e->severity);
	free(e->fixed_in);
	memset(e, 0, sizeof(*e));
}

void
release_report_release(struct release_report *r)
{
	if (!r)
		return;
	OBJ_LIST_FREE(r->entries, r->nentries, entry_release);
	free(r->release);
	memset(r, 0, sizeof(*r));
}

/* Does rel fix issue is (it ships the fix, or a backport landed there)? */
static int
fixes(struct svc *svc, const struct issue *is, const struct release *rel, bool *ret)
{
	struct backport *b = NULL;
	size_t n = 0;
	int rc;

	*ret = is->fixed_in && strcmp(is->fixed_in, rel->name) == 0;
	if (*ret)
		return 0;
	if ((rc = store_backport_list(svc->st, is->id, &b, &n)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (b[i].release_id == rel->id &&
		    (b[i].state == BP_MERGED || b[i].state == BP_RELEASED))
			*ret = true;
	OBJ_LIST_FREE(b, n, backport_release);
	return 0;
}

/* The CVE ids of issue id that are not retired. */
static int
cve_ids(struct svc *svc, int64_t id, struct strlist *ret)
{
	struct cve *c = NULL;
	size_t n = 0;
	int rc;

	if ((rc = store_cve_list_issue(svc->st, id, &c, &n)) < 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (c[i].state == CVE_ASSIGNED || c[i].state == CVE_PUBLISHED)
			rc = strlist_add(ret, c[i].id);
	OBJ_LIST_FREE(c, n, cve_release);
	return rc;
}

/* Fill e with the public fields of public issue id, through the gate. */
static int
public_entry(struct svc *svc, int64_t id, struct release_entry *e, bool *ret_seen)
{
	struct issue is = {0};
	struct errdetail ignore = {0};
	int rc;

	*ret_seen = false;
	svc_key(svc, id, e->key);
	rc = acc_issue(svc, e->key, &is, NULL, NULL, &ignore);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	*ret_seen = true;
	rc = svc_strset(&e->title, is.title);
	if (rc == 0 && is.cvss) {
		e->score = is.cvss_score;
		rc = svc_strset(&e->severity, is.cvss_severity);
	}
	if (rc == 0)
		rc = svc_strset(&e->fixed_in, is.fixed_in);
	e->published_at = is.published_at;
	issue_release(&is);
	return rc;
}

/* The entry of issue id for rel, if it has one (*ret_has). */
static int
entry_of(struct svc *svc, int64_t id, const struct release *rel, struct release_entry *e,
	bool *ret_has)
{
	struct issue is = {0};
	bool fixed = false;
	int rc;

	*ret_has = false;
	if ((rc = store_issue_get(svc->st, id, &is)) < 0)
		return rc;
	if (is.state == ST_REJECTED || (rc = fixes(svc, &is, rel, &fixed)) < 0 || !fixed)
		goto out;
	if ((rc = cve_ids(svc, id, &e->cves)) < 0)
		goto out;
	if (is.state == ST_PUBLIC) {
		rc = public_entry(svc, id, e, ret_has);
	} else if (e->cves.n > 0) {
		/* the one projection of an embargoed issue anyone may see */
		e->embargoed = true;
		e->embargo_until = is.embargo_until;
		*ret_has = true;
	}
out:
	issue_release(&is);
	if (rc < 0 || !*ret_has)
		entry_release(e);
	return rc;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct release_entry *x = a, *y = b;

	if (x->embargoed != y->embargoed)
		return x->embargoed ? 1 : -1;
	if (x->embargoed)
		return strcmp(x->cves.v[0], y->cves.v[0]);
	return 0;
}

int
svc_release_report(struct svc *svc, const char *release, struct release_report *ret,
	struct errdetail *d)
{
	struct release_report r = {0};
	struct release rel = {0};
	struct issue_rel *ids = NULL;
	size_t n = 0;
	int rc;

	rc = release ? store_release_get(svc->st, release, &rel) : ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		return err_set(d, ERR_INVAL, "release", "names no release");
	if (rc < 0)
		return err_set(d, rc, "db", "cannot read the release");
	if ((rc = acc_relations(svc, &ids, &n)) < 0)
		goto fail;
	if (n && !(r.entries = calloc(n, sizeof(*r.entries)))) {
		rc = ERR_NOMEM;
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		bool has;

		if ((rc = entry_of(svc, ids[i].id, &rel, &r.entries[r.nentries], &has)) < 0)
			goto fail;
		if (has)
			r.nentries++;
	}
	/* ids come in id order: a stable sort keeps public entries in key order */
	for (size_t i = 1; i < r.nentries; i++)
		for (size_t j = i; j > 0 && entry_cmp(&r.entries[j - 1], &r.entries[j]) > 0; j--) {
			struct release_entry t = r.entries[j];

			r.entries[j] = r.entries[j - 1];
			r.entries[j - 1] = t;
		}
	if ((rc = svc_strset(&r.release, rel.name)) < 0)
		goto fail;
	free(ids);
	release_release(&rel);
	*ret = r;
	return 0;
fail:
	free(ids);
	release_release(&rel);
	release_report_release(&r);
	return err_set(d, rc, "db", "cannot build the release report");
}
