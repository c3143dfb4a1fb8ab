/*
 * issue_flow.c — the workflow commands: acknowledge, assign, move, reject
 * and publish (with the two-person rule for early publication). Each
 * checks the person through access.c, then moves through flow_apply().
 */
#include "service/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "model/deadline.h"
#include "core/banned.h"

static int
check_reason(const char *reason, bool required, struct errdetail *d)
{
	if (!reason)
		return required ? err_set(d, ERR_INVAL, "reason", "is required") : 0;
	return text_check(d, "reason", reason, LIM_REASON_MAX, TEXT_MULTILINE);
}

int
svc_issue_ack(struct svc *svc, const char *key, struct errdetail *d)
{
	struct issue is = {0};
	int rc;

	if ((rc = acc_issue_do(svc, key, IA_ACK, &is, NULL, d)) < 0)
		return rc;
	if (is.state != ST_NEW) {
		rc = err_setf(d, ERR_CONFLICT, "state", "is %s; only new issues are acknowledged",
			state_name(is.state));
		goto out;
	}
	if ((rc = svc_begin(svc, d)) == 0)
		rc = svc_end(svc, flow_apply(svc, &is, ST_TRIAGE, NULL, NULL, false, d), d);
out:
	issue_release(&is);
	return rc;
}

int
svc_issue_assign(struct svc *svc, const char *key, const char *login, struct errdetail *d)
{
	struct issue is = {0};
	struct person p = {0};
	char *old = NULL;
	int rc;

	if ((rc = acc_issue_do(svc, key, IA_ASSIGN, &is, NULL, d)) < 0)
		return rc;
	if ((rc = svc_person(svc, "assignee", login, &p, d)) < 0)
		goto out;
	if (is.state == ST_NEW || is.state == ST_PUBLIC || is.state == ST_REJECTED) {
		rc = err_setf(d, ERR_CONFLICT, "state", "is %s; assign issues in triage or later",
			state_name(is.state));
		goto out;
	}
	old = is.assignee;
	is.assignee = NULL;
	is.assignee_id = p.id;
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	if (is.state == ST_TRIAGE) {
		rc = flow_apply(svc, &is, ST_ASSIGNED, NULL, NULL, false, d);
	} else {
		rc = store_issue_update(svc->st, &is);
		if (rc < 0)
			err_set(d, rc, "db", "cannot store the issue");
	}
	if (rc == 0)
		rc = svc_audit(svc, "issue.assign", key, json_pack("{s:s?,s:s}",
			"from", old, "to", login));
	rc = svc_end(svc, rc, d);
out:
	free(old);
	person_release(&p);
	issue_release(&is);
	return rc;
}

int
svc_issue_move(struct svc *svc, const char *key, const char *state, const char *release,
	const char *reason, struct errdetail *d)
{
	struct relation rel;
	struct issue is = {0};
	enum state to;
	enum issue_action act;
	int rc;

	if ((rc = acc_issue(svc, key, &is, &rel, NULL, d)) < 0)
		return rc;
	if (state_parse(state, &to) < 0) {
		rc = err_set(d, ERR_INVAL, "state", "must be one of new, triage, assigned, review, "
			"accepted, released, public, rejected");
		goto out;
	}
	act = flow_move_action(is.state, to);
	if (!policy_issue_allows(act, &rel, is.state)) {
		rc = err_setf(d, ERR_PERM, "issue", "you may not %s this issue",
			policy_issue_action_name(act));
		goto out;
	}
	if (to == ST_REJECTED) {
		rc = err_set(d, ERR_INVAL, "state", "use 'issue reject' with a resolution");
		goto out;
	}
	if ((release && (rc = text_check_version(d, "release", release)) < 0) ||
	    (rc = check_reason(reason, act == IA_MOVE_BACKWARD, d)) < 0)
		goto out;
	if ((rc = svc_begin(svc, d)) == 0)
		rc = svc_end(svc, flow_apply(svc, &is, to, release, reason, false, d), d);
out:
	issue_release(&is);
	return rc;
}

int
svc_issue_reject(struct svc *svc, const char *key, const char *resolution,
	const char *duplicate_of, struct errdetail *d)
{
	struct issue is = {0};
	enum resolution res;
	int64_t dup_id;
	int rc;

	if ((rc = acc_issue_do(svc, key, IA_REJECT, &is, NULL, d)) < 0)
		return rc;
	if (resolution_parse(resolution, &res) < 0) {
		rc = err_set(d, ERR_INVAL, "resolution", "must be one of invalid, duplicate, "
			"not-a-vulnerability, out-of-scope");
		goto out;
	}
	if (res == RES_DUPLICATE) {
		if (!duplicate_of) {
			rc = err_set(d, ERR_INVAL, "duplicate-of", "is required for a duplicate");
			goto out;
		}
		if (acc_key_parse(svc, duplicate_of, &dup_id, NULL) < 0 || !acc_can_see(svc, dup_id) ||
		    dup_id == is.id) {
			rc = err_set(d, ERR_INVAL, "duplicate-of", "must name another existing issue");
			goto out;
		}
	} else if (duplicate_of) {
		rc = err_set(d, ERR_INVAL, "duplicate-of", "is only for the resolution duplicate");
		goto out;
	}
	is.resolution = res;
	if ((rc = svc_strset(&is.duplicate_of, duplicate_of)) < 0)
		goto out;
	if ((rc = svc_begin(svc, d)) == 0)
		rc = svc_end(svc, flow_apply(svc, &is, ST_REJECTED, NULL, resolution, false, d), d);
out:
	issue_release(&is);
	return rc;
}

static int
propose(struct svc *svc, struct issue *is, const char *key, const char *reason,
	struct errdetail *d)
{
	int rc;

	if ((rc = check_reason(reason, true, d)) < 0)
		return rc;
	if (is->state != ST_RELEASED)
		return err_setf(d, ERR_CONFLICT, "state", "is %s; early publication needs a "
			"released fix", state_name(is->state));
	is->publish_proposed_by = svc->me.id;
	if ((rc = svc_strset(&is->publish_reason, reason)) < 0 ||
	    (rc = svc_begin(svc, d)) < 0)
		return rc;
	rc = store_issue_update(svc->st, is);
	if (rc == 0)
		rc = svc_audit(svc, "issue.publish.propose", key,
			json_pack("{s:s}", "reason", reason));
	return svc_end(svc, rc, d);
}

int
svc_issue_publish(struct svc *svc, const char *key, const char *reason, bool *ret_done,
	struct errdetail *d)
{
	struct issue is = {0};
	bool early;
	int rc;

	if ((rc = acc_issue_do(svc, key, IA_PUBLISH, &is, NULL, d)) < 0)
		return rc;
	if (is.state == ST_PUBLIC || is.state == ST_REJECTED) {
		rc = err_setf(d, ERR_CONFLICT, "state", "is %s already", state_name(is.state));
		goto out;
	}
	early = !deadline_embargo_over(&is, clock_now());
	if (early && is.publish_proposed_by == 0) {
		rc = propose(svc, &is, key, reason, d);
		*ret_done = false;
		goto out;
	}
	if (early && is.publish_proposed_by == svc->me.id) {
		rc = err_set(d, ERR_CONFLICT, "as", "early publication must be confirmed by a "
			"second, different psirt member");
		goto out;
	}
	if ((rc = check_reason(reason, false, d)) < 0 || (rc = svc_begin(svc, d)) < 0)
		goto out;
	if (early)
		rc = svc_audit(svc, "issue.publish.confirm", key, NULL);
	if (rc == 0)
		rc = flow_apply(svc, &is, ST_PUBLIC, NULL, reason, early, d);
	if ((rc = svc_end(svc, rc, d)) == 0)
		*ret_done = true;
out:
	issue_release(&is);
	return rc;
}
