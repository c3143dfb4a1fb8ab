/*
 * tick.c — the scheduler (SPEC §4): publishes every open issue whose
 * embargo has ended (flagging those not yet released as disclosed
 * unfixed), and lists overdue acknowledgements and fixes and embargoes
 * ending soon. Publication acts as "system"; the lists it returns hold
 * only issues the acting person may see.
 */
#include "service/internal.h"
#include "service/mail_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/clock.h"
#include "model/deadline.h"
#include "core/banned.h"

void
tick_result_release(struct tick_result *r)
{
	if (!r)
		return;
	strlist_release(&r->published);
	strlist_release(&r->disclosed_unfixed);
	strlist_release(&r->ack_overdue);
	strlist_release(&r->fix_overdue);
	strlist_release(&r->embargo_soon);
}

static int
publish_expired(struct svc *svc, struct issue *is, struct tick_result *r,
	struct errdetail *d)
{
	char key[ISSUE_KEY_MAX];
	int rc;

	svc_key(svc, is->id, key);
	if ((rc = svc_begin_audit(svc, d)) < 0)
		return rc;
	svc->system = true;
	rc = flow_apply(svc, is, ST_PUBLIC, NULL, "embargo ended", false, d);
	svc->system = false;
	if ((rc = svc_end(svc, rc, d)) < 0)
		return rc;
	/* published now, so public: everyone may learn that it was */
	if ((rc = strlist_add(&r->published, key)) == 0 && is->disclosed_unfixed)
		rc = strlist_add(&r->disclosed_unfixed, key);
	return rc;
}

static int
note_deadlines(struct svc *svc, const struct issue *is, int64_t now, struct tick_result *r)
{
	char key[ISSUE_KEY_MAX], line[ISSUE_KEY_MAX + 16], date[16];
	int rc = 0;

	svc_key(svc, is->id, key);
	if (deadline_ack_overdue(is, now))
		rc = strlist_add(&r->ack_overdue, key);
	if (rc == 0 && deadline_fix_overdue(is, now))
		rc = strlist_add(&r->fix_overdue, key);
	if (rc == 0 && deadline_embargo_soon(is, now)) {
		clock_fmt_date(is->embargo_until, date, sizeof(date));
		snprintf(line, sizeof(line), "%s\t%s", key, date);
		rc = strlist_add(&r->embargo_soon, line);
	}
	return rc;
}

int
svc_tick(struct svc *svc, struct tick_result *ret, struct errdetail *d)
{
	struct tick_result r = {0};
	struct issue_rel *rels = NULL;
	size_t n = 0;
	int64_t now = clock_now();
	int rc;

	if (svc->read_only)
		return err_set(d, ERR_PERM, "auth", "this token is read-only");
	if ((rc = acc_relations(svc, &rels, &n)) < 0)
		return err_set(d, rc, "db", "cannot list issues");
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct issue is = {0};
		bool visible = visibility_can_see(&rels[i].rel, rels[i].state);

		if (rels[i].state == ST_PUBLIC || rels[i].state == ST_REJECTED)
			continue;
		if ((rc = store_issue_get(svc->st, rels[i].id, &is)) < 0)
			break;
		if (is.embargo_until && now >= is.embargo_until)
			rc = publish_expired(svc, &is, &r, d);
		else if (visible)
			rc = note_deadlines(svc, &is, now, &r);
		issue_release(&is);
	}
	free(rels);
	/* mail: the alert list's periodic digest of embargoed issues */
	if (rc == 0)
		rc = notify_digest_due(svc, now, d);
	if (rc < 0) {
		tick_result_release(&r);
		if (!d || !d->field[0])
			err_set(d, rc, "tick", err_str(rc));
		return rc;
	}
	*ret = r;
	return 0;
}

int
svc_audit_verify(struct svc *svc, int64_t *ret_count, int64_t *ret_bad_seq,
	const char **ret_why, struct errdetail *d)
{
	int rc;

	if ((rc = acc_global(svc, GA_AUDIT, d)) < 0)
		return rc;
	rc = store_audit_verify(svc->st, ret_count, ret_bad_seq, ret_why);
	if (rc < 0 && rc != ERR_INTEGRITY)
		return err_set(d, rc, "db", "cannot read the audit log");
	if (rc == 0) {
		/* the verification itself is recorded, after the walk */
		if ((rc = svc_begin_audit(svc, d)) == 0)
			rc = svc_end(svc, svc_audit(svc, "audit.verify", "audit",
				json_pack("{s:I}", "events", (json_int_t)*ret_count)), d);
	}
	return rc;
}

int
svc_audit_list(struct svc *svc, size_t limit, struct audit_event **ret, size_t *ret_n,
	struct errdetail *d)
{
	int rc;

	/* audit details hold issue data, so reading them is psirt's alone */
	if ((rc = acc_global(svc, GA_SEE_ALL_ISSUES, d)) < 0)
		return rc;
	if ((rc = store_audit_list(svc->st, NULL, limit, ret, ret_n)) < 0)
		return err_set(d, rc, "db", "cannot read the audit log");
	return 0;
}

int
svc_monitor_check(struct svc *svc, struct errdetail *d)
{
	/* request counts per route tell of activity on embargoed issues */
	return acc_global(svc, GA_AUDIT, d);
}
