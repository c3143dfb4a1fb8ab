/*
 * fix.c — fixes and backports: linking a fix moves an assigned issue to
 * review; a fix merged into the main branch moves it to accepted and
 * creates the backport subtasks of the policy (model/backport_policy.c);
 * a fix merged into a release branch marks that release's backport merged.
 */
#include "service/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "model/backport_policy.h"
#include "core/banned.h"

int
svc_fix_add(struct svc *svc, const char *key, const char *url, const char *branch,
	const char *commit, const char *repo, struct errdetail *d)
{
	struct issue is = {0};
	struct fix f = {0};
	int64_t id;
	int rc;

	if ((rc = acc_issue_do(svc, key, IA_FIX, &is, NULL, d)) < 0)
		return rc;
	if ((rc = text_check_url(d, "url", url)) < 0 ||
	    (rc = text_check_branch(d, "branch", branch)) < 0 ||
	    (commit && (rc = text_check_commit(d, "commit", commit)) < 0) ||
	    (repo && (rc = text_check(d, "repo", repo, LIM_URL_MAX, TEXT_LINE)) < 0))
		goto out;
	if (is.state == ST_NEW || is.state == ST_PUBLIC || is.state == ST_REJECTED) {
		rc = err_setf(d, ERR_CONFLICT, "state", "is %s; fixes are linked from triage on",
			state_name(is.state));
		goto out;
	}
	f.issue_id = is.id;
	f.url = (char *)url;
	f.branch = (char *)branch;
	f.commit = (char *)commit;
	f.repo = (char *)repo;
	f.state = FIX_OPEN;
	f.created_at = clock_now();
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_fix_add(svc->st, &f, &id);
	if (rc == ERR_CONFLICT)
		err_set(d, rc, "url", "is already linked to this issue");
	if (rc == 0)
		rc = svc_audit(svc, "fix.add", key, json_pack("{s:s,s:s}", "url", url,
			"branch", branch));
	if (rc == 0 && is.state == ST_ASSIGNED)
		rc = flow_apply(svc, &is, ST_REVIEW, NULL, "fix linked", false, d);
	rc = svc_end(svc, rc, d);
out:
	issue_release(&is);
	return rc;
}

/* Create the backports of the policy that do not exist yet. */
static int
plan_backports(struct svc *svc, const struct issue *is, const char *key)
{
	struct release *rels = NULL;
	struct backport_plan plan[3];
	size_t n = 0, k;
	int64_t now = clock_now();
	int rc;

	if ((rc = store_release_list(svc->st, &rels, &n)) < 0)
		return rc;
	k = backport_plan(rels, n, is->introduced_in, now, plan);
	for (size_t i = 0; i < k && rc == 0; i++) {
		const struct release *r = &rels[plan[i].release];
		struct backport bp = {0};

		if (store_backport_get(svc->st, is->id, r->id, &bp) == 0) {
			backport_release(&bp);
			continue;
		}
		bp.issue_id = is->id;
		bp.release_id = r->id;
		bp.state = plan[i].state;
		bp.reason = plan[i].state == BP_NOT_NEEDED ? plan[i].reason : NULL;
		bp.updated_at = now;
		rc = store_backport_add(svc->st, &bp);
		if (rc == 0)
			rc = svc_audit(svc, "backport.add", key, json_pack("{s:s,s:s}",
				"release", r->name, "state", backport_state_name(bp.state)));
	}
	OBJ_LIST_FREE(rels, n, release_release);
	return rc;
}

/* A fix merged into a release branch: that release's backport is merged. */
static int
merge_backport(struct svc *svc, const struct issue *is, const struct fix *f, const char *key)
{
	struct release *rels = NULL;
	size_t n = 0;
	int rc;

	if ((rc = store_release_list(svc->st, &rels, &n)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct backport bp = {0};

		if (strcmp(rels[i].branch, f->branch) != 0)
			continue;
		if (store_backport_get(svc->st, is->id, rels[i].id, &bp) == 0 &&
		    bp.state != BP_RELEASED && bp.state != BP_NOT_NEEDED) {
			bp.state = BP_MERGED;
			bp.updated_at = clock_now();
			if ((rc = svc_strset(&bp.fix_url, f->url)) == 0)
				rc = store_backport_update(svc->st, &bp);
			if (rc == 0)
				rc = svc_audit(svc, "backport.merged", key,
					json_pack("{s:s}", "release", rels[i].name));
		}
		backport_release(&bp);
	}
	OBJ_LIST_FREE(rels, n, release_release);
	return rc;
}

static int
on_merged(struct svc *svc, struct issue *is, const struct fix *f, const char *key,
	struct errdetail *d)
{
	char *main_branch = flow_main_branch(svc);
	int rc = 0;

	if (!main_branch)
		return ERR_NOMEM;
	if (strcmp(f->branch, main_branch) == 0) {
		if ((rc = plan_backports(svc, is, key)) < 0)
			err_set(d, rc, "db", "cannot create backports");
		else if (is->state == ST_REVIEW)
			rc = flow_apply(svc, is, ST_ACCEPTED, NULL, "fix merged", false, d);
	} else if ((rc = merge_backport(svc, is, f, key)) < 0) {
		err_set(d, rc, "db", "cannot update backports");
	}
	free(main_branch);
	return rc;
}

int
svc_fix_state(struct svc *svc, const char *key, const char *url, const char *state,
	const char *commit, struct errdetail *d)
{
	struct issue is = {0};
	struct fix f = {0};
	enum fix_state to;
	int rc;

	if ((rc = acc_issue_do(svc, key, IA_FIX, &is, NULL, d)) < 0)
		return rc;
	if (fix_state_parse(state, &to) < 0 || to == FIX_OPEN) {
		rc = err_set(d, ERR_INVAL, "state", "must be merged or closed");
		goto out;
	}
	if (commit && (rc = text_check_commit(d, "commit", commit)) < 0)
		goto out;
	if ((rc = store_fix_get(svc->st, is.id, url, &f)) == ERR_NOTFOUND) {
		rc = err_set(d, ERR_INVAL, "url", "names no fix of this issue");
		goto out;
	}
	if (rc < 0)
		goto out;
	if (f.state != FIX_OPEN) {
		rc = err_setf(d, ERR_CONFLICT, "url", "the fix is %s already", fix_state_name(f.state));
		goto out;
	}
	f.state = to;
	f.merged_at = to == FIX_MERGED ? clock_now() : 0;
	if ((commit && (rc = svc_strset(&f.commit, commit)) < 0) || (rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_fix_update(svc->st, &f);
	if (rc == 0)
		rc = svc_audit(svc, "fix.state", key, json_pack("{s:s,s:s}", "url", url,
			"state", state));
	if (rc == 0 && to == FIX_MERGED)
		rc = on_merged(svc, &is, &f, key, d);
	rc = svc_end(svc, rc, d);
out:
	fix_release(&f);
	issue_release(&is);
	return rc;
}

int
svc_backport_list(struct svc *svc, const char *key, struct backport **ret, size_t *ret_n,
	struct errdetail *d)
{
	struct issue is = {0};
	int rc;

	if ((rc = acc_issue_do(svc, key, IA_SEE_INTERNAL, &is, NULL, d)) < 0)
		return rc;
	rc = store_backport_list(svc->st, is.id, ret, ret_n);
	issue_release(&is);
	return rc < 0 ? err_set(d, rc, "db", "cannot list backports") : 0;
}

static int
backport_target(struct svc *svc, const char *key, const char *release, struct issue *is,
	struct release *r, struct errdetail *d)
{
	struct relation rel;
	int rc;

	if ((rc = acc_issue(svc, key, is, &rel, NULL, d)) < 0)
		return rc;
	if ((rc = store_release_get(svc->st, release, r)) < 0)
		return err_set(d, ERR_INVAL, "release", "names no release");
	/*
	 * A release manager may change only an existing backport of a release
	 * they manage: creating one (and with it their own access to the issue)
	 * is for psirt and the people working on the issue.
	 */
	if (rel.release_manager) {
		struct backport cur = {0};
		bool exists = store_backport_get(svc->st, is->id, r->id, &cur) == 0;

		backport_release(&cur);
		rel.release_manager = exists && !svc->restricted &&
			store_release_is_manager(svc->st, r->id, svc->me.id);
	}
	if (!policy_issue_allows(IA_BACKPORT, &rel, is->state))
		return err_set(d, ERR_PERM, "issue", "you may not manage backports of this issue");
	return 0;
}

int
svc_backport_set(struct svc *svc, const char *key, const char *release, const char *state,
	const char *fix_url, const char *reason, struct errdetail *d)
{
	struct issue is = {0};
	struct release r = {0};
	struct backport bp = {0};
	struct fix f = {0};
	bool exists;
	int rc;

	if ((rc = backport_target(svc, key, release, &is, &r, d)) < 0)
		goto out;
	if (backport_state_parse(state, &bp.state) < 0) {
		rc = err_set(d, ERR_INVAL, "state", "must be needed, in-review, merged, released "
			"or not-needed");
		goto out;
	}
	if ((bp.state == BP_NOT_NEEDED && !reason) || (reason && (rc = text_check(d, "reason",
	    reason, LIM_REASON_MAX, TEXT_MULTILINE)) < 0)) {
		rc = rc < 0 ? rc : err_set(d, ERR_INVAL, "reason", "is required for not-needed");
		goto out;
	}
	if (fix_url && store_fix_get(svc->st, is.id, fix_url, &f) < 0) {
		rc = err_set(d, ERR_INVAL, "fix", "names no fix of this issue");
		goto out;
	}
	{
		enum backport_state want = bp.state;

		exists = store_backport_get(svc->st, is.id, r.id, &bp) == 0;
		bp.state = want;
	}
	bp.issue_id = is.id;
	bp.release_id = r.id;
	bp.updated_at = clock_now();
	if ((rc = svc_strset(&bp.reason, reason)) < 0 ||
	    (fix_url && (rc = svc_strset(&bp.fix_url, fix_url)) < 0) ||
	    (rc = svc_begin(svc, d)) < 0)
		goto out;
	if (!exists && (rc = store_backport_add(svc->st, &bp)) == 0) {
		struct backport fresh = {0};

		rc = store_backport_get(svc->st, is.id, r.id, &fresh);
		bp.id = fresh.id;
		backport_release(&fresh);
	}
	if (rc == 0)
		rc = store_backport_update(svc->st, &bp);
	if (rc == 0)
		rc = svc_audit(svc, "backport.set", key, json_pack("{s:s,s:s}", "release", release,
			"state", state));
	rc = svc_end(svc, rc, d);
out:
	fix_release(&f);
	backport_release(&bp);
	release_release(&r);
	issue_release(&is);
	return rc;
}
