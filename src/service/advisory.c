/*
 * advisory.c — what an advisory of a public issue is made from: the
 * issue's public view (public fields only, whatever the caller may see
 * besides), the product's releases, and the publishing organisation's
 * settings. The format writers in src/export/ turn it into CVE JSON 5,
 * OSV, CSAF and OpenVEX; they see nothing else. An issue that is not
 * public has no advisory: hidden ones answer like missing ones, visible
 * ones are refused.
 */
#include "service/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

static const char *const config_keys[] = {
	"org_name", "org_id", "cna_short_name", "vendor", "product", "repo_url",
	"advisory_url", "osv_prefix",
};

void
advisory_release(struct advisory *a)
{
	if (!a)
		return;
	issue_view_release(&a->v);
	OBJ_LIST_FREE(a->releases, a->nreleases, release_release);
	for (size_t i = 0; i < sizeof(a->cfg) / sizeof(a->cfg[0]); i++)
		free(a->cfg[i]);
	memset(a, 0, sizeof(*a));
}

/* Reduce v to what everyone may see of a public issue. */
void
acc_publicize(struct svc *svc, struct issue_view *v)
{
	OBJ_LIST_FREE(v->comments, v->ncomments, comment_release);
	OBJ_LIST_FREE(v->attachments, v->nattachments, attachment_release);
	OBJ_LIST_FREE(v->grants, v->ngrants, grant_release);
	v->comments = NULL;
	v->attachments = NULL;
	v->grants = NULL;
	v->ncomments = v->nattachments = v->ngrants = 0;
	strlist_release(&v->refs);
	v->view = VIEW_PUBLIC;
	acc_redact(svc, v);
}

int
svc_advisory(struct svc *svc, const char *key, struct advisory *ret, struct errdetail *d)
{
	struct advisory a = {0};
	int rc;

	if ((rc = svc_issue_show(svc, key, &a.v, d)) < 0)
		return rc;
	if (a.v.is.state != ST_PUBLIC) {
		rc = err_set(d, ERR_CONFLICT, "issue", "is not public: its advisories come at "
			"publication");
		goto fail;
	}
	acc_publicize(svc, &a.v);
	/* a reporter's view leaves the backports out; the public view has them,
	 * so the advisory is the same whoever asks */
	if (!a.v.backports && (rc = store_backport_list(svc->st, a.v.is.id, &a.v.backports,
	    &a.v.nbackports)) < 0) {
		rc = err_set(d, rc, "db", "cannot list backports");
		goto fail;
	}
	svc_key(svc, a.v.is.id, a.key);
	if ((rc = svc_release_list(svc, &a.releases, &a.nreleases, d)) < 0)
		goto fail;
	for (size_t i = 0; i < ADVISORY_CFG__COUNT; i++)
		if ((rc = svc_config_get(svc, config_keys[i], &a.cfg[i], d)) < 0)
			goto fail;
	*ret = a;
	return 0;
fail:
	advisory_release(&a);
	return rc;
}

int
svc_advisory_keys(struct svc *svc, struct strlist *ret, struct errdetail *d)
{
	struct issue_filter f = {.state = ST_PUBLIC};
	struct issue_view *v = NULL;
	struct strlist l = {0};
	size_t n = 0;
	int rc;

	if ((rc = svc_issue_list(svc, &f, &v, &n, d)) < 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char key[ISSUE_KEY_MAX];

		svc_key(svc, v[i].is.id, key);
		rc = strlist_add(&l, key);
	}
	issue_view_list_free(v, n);
	if (rc < 0) {
		strlist_release(&l);
		return err_set(d, rc, "export", "out of memory");
	}
	*ret = l;
	return 0;
}

int
svc_export_record(struct svc *svc, const char *format, size_t ndocs, struct errdetail *d)
{
	int rc;

	if ((rc = svc_begin_audit(svc, d)) < 0)
		return rc;
	rc = svc_audit(svc, "export", format, json_pack("{s:I}", "documents", (json_int_t)ndocs));
	return svc_end(svc, rc, d);
}

int
svc_issue_counterpart(struct svc *svc, const char *key, struct issue_view *ret,
	struct errdetail *d)
{
	struct issue_view v = {0};
	int rc;

	/* who decides the embargo makes the public counterpart (psirt) */
	if ((rc = acc_issue_do(svc, key, IA_SET_TRIAGE, NULL, NULL, d)) < 0)
		return rc;
	if ((rc = svc_issue_show(svc, key, &v, d)) < 0)
		return rc;
	if (v.is.embargo != EMB_NO) {
		issue_view_release(&v);
		return err_set(d, ERR_CONFLICT, "embargo", "is not 'no': an issue under embargo, "
			"or not yet decided, has no public counterpart");
	}
	acc_publicize(svc, &v);
	*ret = v;
	return 0;
}
