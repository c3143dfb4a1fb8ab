/*
 * page.c — what the vulnerabilities page (SPEC §8) is made from: the
 * advisory input (public view, see advisory.c) of every public issue, and
 * for every issue still under embargo only the CVE ids assigned to it with
 * the date its embargo ends. That projection is the one channel the spec
 * allows to name an embargoed CVE id to anybody; it carries nothing else
 * (no key, title, text or subsystem), whoever asks. Retired ids, ids still
 * in the pool and the ids of rejected issues do not appear.
 */
#include "service/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

void
page_release(struct page *p)
{
	if (!p)
		return;
	OBJ_LIST_FREE(p->pub, p->npub, advisory_release);
	free(p->emb);
	free(p->main_branch);
	memset(p, 0, sizeof(*p));
}

/* Append CVE id c of an issue under embargo until until to p. */
static int
add_embargoed(struct page *p, const char *id, int64_t until)
{
	struct page_embargoed *n = realloc(p->emb, (p->nemb + 1) * sizeof(*n));

	if (!n)
		return ERR_NOMEM;
	p->emb = n;
	snprintf(n[p->nemb].cve, sizeof(n[p->nemb].cve), "%s", id);
	n[p->nemb++].until = until;
	return 0;
}

/* The id+date projection of the CVE ids of issues not yet public. The
 * store answers without a visibility filter on purpose: only the id and
 * the end of the embargo leave this function. */
static int
embargoed_ids(struct svc *svc, struct page *p, struct errdetail *d)
{
	struct cve *c = NULL;
	size_t n = 0;
	int rc;

	if ((rc = store_cve_list(svc->st, &c, &n)) < 0)
		return err_set(d, rc, "db", "cannot list CVE ids");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct issue is = {0};

		if (c[i].state != CVE_ASSIGNED || !c[i].issue_id)
			continue;
		if ((rc = store_issue_get(svc->st, c[i].issue_id, &is)) < 0) {
			rc = err_set(d, rc, "db", "cannot read an issue");
			break;
		}
		if (is.state != ST_PUBLIC && is.state != ST_REJECTED &&
		    (rc = add_embargoed(p, c[i].id, is.embargo_until)) < 0)
			rc = err_set(d, rc, "page", "out of memory");
		issue_release(&is);
	}
	OBJ_LIST_FREE(c, n, cve_release);
	return rc;
}

int
svc_page(struct svc *svc, struct page *ret, struct errdetail *d)
{
	struct page p = {0};
	struct strlist keys = {0};
	int rc;

	if ((rc = svc_advisory_keys(svc, &keys, d)) < 0)
		return rc;
	if (keys.n && !(p.pub = calloc(keys.n, sizeof(*p.pub)))) {
		rc = err_set(d, ERR_NOMEM, "page", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < keys.n; i++) {
		if ((rc = svc_advisory(svc, keys.v[i], &p.pub[p.npub], d)) < 0)
			goto out;
		p.npub++;
	}
	if ((rc = embargoed_ids(svc, &p, d)) < 0)
		goto out;
	if (!(p.main_branch = flow_main_branch(svc)))
		rc = err_set(d, ERR_NOMEM, "page", "out of memory");
out:
	strlist_release(&keys);
	if (rc < 0)
		page_release(&p);
	else
		*ret = p;
	return rc;
}
