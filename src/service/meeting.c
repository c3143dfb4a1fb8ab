/*
 * meeting.c — meetings of the security committee and their decisions
 * (SPEC §2, §4): an embargo decision or an extension beyond 90 days needs a
 * meeting with quorum (more than three attendees) and a reason; a
 * publication decision with quorum publishes a released issue early.
 */
#include "service/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "core/banned.h"

int
svc_meeting_add(struct svc *svc, const char *date, const struct strlist *attendees,
	int64_t *ret_id, struct errdetail *d)
{
	int64_t when, *ids;
	int rc;

	if ((rc = acc_global(svc, GA_MEETING, d)) < 0)
		return rc;
	if (clock_parse_date(date, &when) < 0)
		return err_set(d, ERR_INVAL, "date", "must be a date YYYY-MM-DD");
	if (attendees->n == 0)
		return err_set(d, ERR_INVAL, "attendee", "at least one attendee is required");
	if (attendees->n > LIM_PEOPLE_PER_LIST)
		return err_setf(d, ERR_INVAL, "attendee", "more than %d attendees",
			LIM_PEOPLE_PER_LIST);
	ids = calloc(attendees->n, sizeof(*ids));
	if (!ids)
		return ERR_NOMEM;
	for (size_t i = 0; i < attendees->n && rc == 0; i++) {
		struct person p = {0};

		if ((rc = svc_person(svc, "attendee", attendees->v[i], &p, d)) < 0)
			break;
		ids[i] = p.id;
		person_release(&p);
		for (size_t k = 0; k < i; k++)
			if (ids[k] == ids[i])
				rc = err_set(d, ERR_INVAL, "attendee", "names the same person twice");
	}
	if (rc == 0 && (rc = svc_begin(svc, d)) == 0) {
		rc = store_meeting_add(svc->st, when, ids, attendees->n, svc->me.id, clock_now(),
			ret_id);
		if (rc == 0)
			rc = svc_audit(svc, "meeting.add", date, json_pack("{s:I,s:I}", "id",
				(json_int_t)*ret_id, "attendees", (json_int_t)attendees->n));
		rc = svc_end(svc, rc, d);
	}
	free(ids);
	return rc;
}

static int
decide(struct svc *svc, struct issue *is, const char *kind, int64_t until,
	const char *reason, struct errdetail *d)
{
	if (strcmp(kind, "embargo-yes") == 0 || strcmp(kind, "embargo-no") == 0) {
		is->embargo = kind[8] == 'y' ? EMB_YES : EMB_NO;
		if (is->embargo == EMB_YES && !is->embargo_until)
			is->embargo_until = is->embargo_max;
		return store_issue_update(svc->st, is);
	}
	if (strcmp(kind, "extend") == 0) {
		if (until <= is->embargo_max)
			return err_set(d, ERR_INVAL, "until",
				"must be after the current latest embargo end");
		is->embargo_max = until;
		is->embargo_until = until;
		return store_issue_update(svc->st, is);
	}
	if (strcmp(kind, "publish") == 0)
		return flow_apply(svc, is, ST_PUBLIC, NULL, reason, true, d);
	return err_set(d, ERR_INVAL, "kind", "must be embargo-yes, embargo-no, extend or publish");
}

int
svc_meeting_decide(struct svc *svc, int64_t meeting, const char *key, const char *kind,
	const char *until, const char *reason, struct errdetail *d)
{
	struct meeting m = {0};
	struct issue is = {0};
	int64_t when = 0;
	int rc;

	if ((rc = acc_global(svc, GA_MEETING, d)) < 0 ||
	    (rc = acc_issue_do(svc, key, IA_SET_TRIAGE, &is, NULL, d)) < 0)
		return rc;
	if ((rc = text_check(d, "reason", reason, LIM_REASON_MAX, TEXT_MULTILINE)) < 0)
		goto out;
	if ((rc = store_meeting_get(svc->st, meeting, &m)) < 0) {
		rc = err_set(d, ERR_INVAL, "meeting", "names no meeting");
		goto out;
	}
	if (m.attendees.n < MEETING_QUORUM_MIN) {
		rc = err_setf(d, ERR_CONFLICT, "meeting", "has %zu attendees; a decision needs "
			"quorum (more than three)", m.attendees.n);
		goto out;
	}
	if (until && clock_parse_date(until, &when) < 0) {
		rc = err_set(d, ERR_INVAL, "until", "must be a date YYYY-MM-DD");
		goto out;
	}
	if (strcmp(kind ? kind : "", "extend") == 0 && !until) {
		rc = err_set(d, ERR_INVAL, "until", "is required for an extension");
		goto out;
	}
	if (is.state == ST_PUBLIC || is.state == ST_REJECTED) {
		rc = err_setf(d, ERR_CONFLICT, "state", "is %s; nothing to decide",
			state_name(is.state));
		goto out;
	}
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = decide(svc, &is, kind ? kind : "", when, reason, d);
	if (rc == 0)
		rc = store_decision_add(svc->st, m.id, is.id, kind, when, reason, clock_now());
	if (rc == 0)
		rc = svc_audit(svc, "meeting.decide", key, json_pack("{s:I,s:s,s:s}", "meeting",
			(json_int_t)m.id, "kind", kind, "reason", reason));
	rc = svc_end(svc, rc, d);
out:
	meeting_release(&m);
	issue_release(&is);
	return rc;
}

int
svc_meeting_list(struct svc *svc, struct meeting **ret, size_t *ret_n, struct errdetail *d)
{
	int rc;

	if ((rc = acc_global(svc, GA_MEETING, d)) < 0)
		return rc;
	if ((rc = store_meeting_list(svc->st, ret, ret_n)) < 0)
		return err_set(d, rc, "db", "cannot list meetings");
	return 0;
}
