/*
 * issue_read.c — reading issues: lists, counts and one issue with what
 * belongs to it. Every read starts from the need-to-know decision of
 * access.c: lists and counts are filtered before anything is searched,
 * counted or sorted, and cross-references in text are resolved only to
 * issues the reader may see.
 */
#include "service/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "model/deadline.h"
#include "core/banned.h"

void
issue_view_release(struct issue_view *v)
{
	if (!v)
		return;
	issue_release(&v->is);
	OBJ_LIST_FREE(v->comments, v->ncomments, comment_release);
	OBJ_LIST_FREE(v->attachments, v->nattachments, attachment_release);
	OBJ_LIST_FREE(v->cves, v->ncves, cve_release);
	OBJ_LIST_FREE(v->fixes, v->nfixes, fix_release);
	OBJ_LIST_FREE(v->backports, v->nbackports, backport_release);
	OBJ_LIST_FREE(v->grants, v->ngrants, grant_release);
	strlist_release(&v->refs);
	memset(v, 0, sizeof(*v));
}

void
issue_view_list_free(struct issue_view *v, size_t n)
{
	OBJ_LIST_FREE(v, n, issue_view_release);
}

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static bool
matches(const struct issue *is, const struct issue_filter *f)
{
	if (f->state >= 0 && (int)is->state != f->state)
		return false;
	if (f->subsystem && (!is->subsystem || strcmp(is->subsystem, f->subsystem) != 0))
		return false;
	if (f->search && !contains_ci(is->title, f->search) &&
	    !contains_ci(is->description, f->search))
		return false;
	return true;
}

static int
check_filter(const struct issue_filter *f, struct errdetail *d)
{
	if (f->search && text_check(d, "search", f->search, LIM_SEARCH_MAX, TEXT_LINE) < 0)
		return ERR_INVAL;
	if (f->subsystem && text_check(d, "subsystem", f->subsystem, LIM_SUBSYSTEM_MAX,
	    TEXT_LINE) < 0)
		return ERR_INVAL;
	return 0;
}

int
svc_issue_list(struct svc *svc, const struct issue_filter *f, struct issue_view **ret,
	size_t *ret_n, struct errdetail *d)
{
	struct issue_rel *rels = NULL;
	struct issue_view *out = NULL;
	size_t nrels = 0, n = 0;
	int rc;

	if ((rc = check_filter(f, d)) < 0)
		return rc;
	if ((rc = acc_relations(svc, &rels, &nrels)) < 0)
		return err_set(d, rc, "db", "cannot list issues");
	out = calloc(nrels + 1, sizeof(*out));
	if (!out) {
		rc = ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < nrels; i++) {
		enum view v = visibility_view(&rels[i].rel, rels[i].state);
		struct issue_view *iv = &out[n];

		if (v == VIEW_NONE)
			continue; /* filtered before anything else looks at it */
		if ((rc = store_issue_get(svc->st, rels[i].id, &iv->is)) < 0) {
			err_set(d, rc, "db", "cannot read an issue");
			goto out;
		}
		iv->view = v;
		if (!matches(&iv->is, f)) {
			issue_view_release(iv);
			continue;
		}
		iv->ack_due = deadline_ack_due(&iv->is);
		iv->fix_due = deadline_fix_due(&iv->is);
		acc_redact(svc, iv);
		if ((rc = store_cve_list_issue(svc->st, iv->is.id, &iv->cves, &iv->ncves)) < 0)
			goto out;
		n++;
	}
	*ret = out;
	*ret_n = n;
	out = NULL;
out:
	if (out)
		issue_view_list_free(out, n);
	free(rels);
	return rc;
}

int
svc_issue_counts(struct svc *svc, int64_t ret_counts[ST__COUNT], struct errdetail *d)
{
	struct issue_rel *rels = NULL;
	size_t n = 0;
	int rc;

	if ((rc = acc_relations(svc, &rels, &n)) < 0)
		return err_set(d, rc, "db", "cannot count issues");
	for (int s = 0; s < ST__COUNT; s++)
		ret_counts[s] = 0;
	for (size_t i = 0; i < n; i++)
		if (visibility_can_see(&rels[i].rel, rels[i].state))
			ret_counts[rels[i].state]++;
	free(rels);
	return 0;
}

/* Add "KEY\tTitle" for every issue key mentioned in text that the reader
 * may see; hidden or missing keys are left out entirely. */
static int
collect_refs(struct svc *svc, const char *text, int64_t self, struct strlist *refs)
{
	size_t pl = strlen(svc->prefix);

	for (const char *p = text; p && *p; p++) {
		struct issue other = {0};
		char key[ISSUE_KEY_MAX], line[ISSUE_KEY_MAX + LIM_TITLE_MAX + 2];
		const char *q;
		int64_t id = 0;

		if (strncmp(p, svc->prefix, pl) != 0 || p[pl] != '-' ||
		    (p > text && isalnum((unsigned char)p[-1])))
			continue;
		for (q = p + pl + 1; isdigit((unsigned char)*q) && q - p < 20; q++)
			id = id * 10 + (*q - '0');
		if (q == p + pl + 1 || id == self || isalnum((unsigned char)*q))
			continue;
		svc_key(svc, id, key);
		if (!acc_can_see(svc, id) || store_issue_get(svc->st, id, &other) < 0)
			continue;
		snprintf(line, sizeof(line), "%s\t%s", key, other.title);
		issue_release(&other);
		if (!strlist_has(refs, line) && strlist_add(refs, line) < 0)
			return ERR_NOMEM;
	}
	return 0;
}

static int
load_parts(struct svc *svc, struct issue_view *v)
{
	int64_t id = v->is.id;
	int rc = 0;

	if (v->view >= VIEW_REPORTER) {
		rc = store_comment_list(svc->st, id, v->view == VIEW_FULL, &v->comments,
			&v->ncomments);
		if (rc == 0)
			rc = store_attachment_list(svc->st, id, &v->attachments, &v->nattachments);
	}
	if (rc == 0)
		rc = store_cve_list_issue(svc->st, id, &v->cves, &v->ncves);
	if (rc == 0)
		rc = store_fix_list(svc->st, id, &v->fixes, &v->nfixes);
	if (rc == 0 && v->view != VIEW_REPORTER)
		rc = store_backport_list(svc->st, id, &v->backports, &v->nbackports);
	if (rc == 0 && v->view == VIEW_FULL)
		rc = store_grant_list(svc->st, id, &v->grants, &v->ngrants);
	if (rc == 0)
		rc = collect_refs(svc, v->is.title, id, &v->refs);
	if (rc == 0)
		rc = collect_refs(svc, v->is.description, id, &v->refs);
	for (size_t i = 0; rc == 0 && i < v->ncomments; i++)
		rc = collect_refs(svc, v->comments[i].body, id, &v->refs);
	return rc;
}

int
svc_issue_show(struct svc *svc, const char *key, struct issue_view *ret,
	struct errdetail *d)
{
	struct issue_view v = {0};
	int rc;

	if ((rc = acc_issue(svc, key, &v.is, NULL, &v.view, d)) < 0)
		return rc;
	v.ack_due = deadline_ack_due(&v.is);
	v.fix_due = deadline_fix_due(&v.is);
	if ((rc = load_parts(svc, &v)) < 0) {
		err_set(d, rc, "db", "cannot read the issue");
		goto fail;
	}
	if (v.is.state != ST_PUBLIC) {
		/* a read of embargoed data is itself an audit event */
		if ((rc = svc_begin_audit(svc, d)) < 0)
			goto fail;
		rc = svc_audit(svc, "issue.view", key, NULL);
		if ((rc = svc_end(svc, rc, d)) < 0)
			goto fail;
	}
	acc_redact(svc, &v);
	*ret = v;
	return 0;
fail:
	issue_view_release(&v);
	return rc;
}

int
svc_issue_history(struct svc *svc, const char *key, struct audit_event **ret,
	size_t *ret_n, struct errdetail *d)
{
	int rc;

	if ((rc = acc_issue_do(svc, key, IA_SEE_INTERNAL, NULL, NULL, d)) < 0)
		return rc;
	if ((rc = store_audit_list(svc->st, key, 10000, ret, ret_n)) < 0)
		return err_set(d, rc, "db", "cannot read the history");
	return 0;
}
