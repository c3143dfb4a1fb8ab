/*
 * web_support.c — small questions the web pages ask the service (see
 * web_support.h): the roles that count now, whether the person works on
 * issues, and whether a reference to an issue key or a CVE id may become a
 * link for the viewer. Every answer comes from access.c; a malformed,
 * missing or hidden target all give the same "no".
 */
#include "service/web_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/internal.h"
#include "core/banned.h"

unsigned
svc_roles(const struct svc *svc)
{
	return acc_roles(svc);
}

bool
svc_works_on_issues(struct svc *svc)
{
	if (!svc->me.id || (svc->restricted && svc->networked))
		return false;
	return store_person_owns_something(svc->st, svc->me.id);
}

bool
svc_ref_visible(struct svc *svc, const char *key)
{
	int64_t id;

	if (!key || acc_key_parse(svc, key, &id, NULL) < 0)
		return false;
	return acc_can_see(svc, id);
}

bool
svc_cve_issue_visible(struct svc *svc, const char *cve, char ret_key[ISSUE_KEY_MAX])
{
	struct cve c = {0};
	bool ok;

	if (!cve || strlen(cve) > 32 || store_cve_get(svc->st, cve, &c) < 0)
		return false;
	ok = c.issue_id > 0 && acc_can_see(svc, c.issue_id);
	if (ok)
		svc_key(svc, c.issue_id, ret_key);
	cve_release(&c);
	return ok;
}

void
my_reports_free(struct my_report *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++)
		free(r[i].title);
	free(r);
}

/* The time of the newest shared comment of issue id, 0 when none. */
static int64_t
last_shared(struct svc *svc, int64_t id)
{
	struct comment *c = NULL;
	size_t n = 0;
	int64_t t = 0;

	if (store_comment_list(svc->st, id, false, &c, &n) < 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!c[i].internal && c[i].created_at > t)
			t = c[i].created_at;
		comment_release(&c[i]);
	}
	free(c);
	return t;
}

int
svc_my_reports(struct svc *svc, struct my_report **ret, size_t *ret_n, struct errdetail *d)
{
	struct issue_filter f = {.state = -1};
	struct issue_view *v = NULL;
	struct my_report *r = NULL;
	size_t n = 0, k = 0;
	int rc;

	if (!svc->me.id)
		return err_set(d, ERR_PERM, "auth", "not signed in");
	if ((rc = svc_issue_list(svc, &f, &v, &n, d)) < 0)
		return rc;
	if (n && !(r = calloc(n, sizeof(*r)))) {
		rc = err_set(d, ERR_NOMEM, "reports", "out of memory");
		goto out;
	}
	/* newest first: the list comes in key order */
	for (size_t i = n; i-- > 0;) {
		const struct issue *is = &v[i].is;

		if (is->reporter_id != svc->me.id)
			continue;
		svc_key(svc, is->id, r[k].key);
		if (!(r[k].title = strdup(is->title ? is->title : ""))) {
			rc = err_set(d, ERR_NOMEM, "reports", "out of memory");
			goto out;
		}
		r[k].state = is->state;
		r[k].reported_at = is->reported_at;
		r[k].last_shared = last_shared(svc, is->id);
		k++;
	}
	*ret = r;
	*ret_n = k;
	r = NULL;
out:
	if (r)
		my_reports_free(r, k + 1);
	issue_view_list_free(v, n);
	return rc;
}
