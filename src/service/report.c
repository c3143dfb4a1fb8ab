/*
 * report.c — filing a vulnerability report (SPEC §3): a new issue in `new`,
 * or in `triage` when psirt enters it from an e-mail. Validates every field
 * of untrusted input before anything is written.
 */
#include "service/internal.h"

#include <stdlib.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "model/deadline.h"
#include "core/banned.h"

int
report_check(const struct report_in *in, struct errdetail *d)
{
	int rc;

	if ((rc = text_check(d, "title", in->title, LIM_TITLE_MAX, TEXT_LINE)) < 0 ||
	    (rc = text_check(d, "description", in->description, LIM_DESCRIPTION_MAX,
	    TEXT_MULTILINE)) < 0)
		return rc;
	if (in->version && (rc = text_check_version(d, "version", in->version)) < 0)
		return rc;
	if (in->credit && (rc = text_check(d, "credit", in->credit, LIM_NAME_MAX,
	    TEXT_LINE)) < 0)
		return rc;
	if (in->credit && in->anonymous)
		return err_set(d, ERR_INVAL, "credit", "cannot be given for an anonymous report");
	return 0;
}

static int
resolve_reporter(struct svc *svc, const struct report_in *in, struct person *ret,
	struct errdetail *d)
{
	if (!in->on_behalf_of)
		return store_person_get_id(svc->st, svc->me.id, ret) < 0 ?
			err_set(d, ERR_DB, "db", "cannot read the acting person") : 0;
	if (!(acc_roles(svc) & ROLE_PSIRT))
		return err_set(d, ERR_PERM, "reporter", "only psirt may file on behalf of others");
	return svc_person(svc, "reporter", in->on_behalf_of, ret, d);
}

int
svc_report(struct svc *svc, const struct report_in *in, char ret_key[ISSUE_KEY_MAX],
	struct errdetail *d)
{
	struct subsystem sub = {0};
	struct person rep = {0};
	int64_t id = 0;
	int rc;

	if ((rc = acc_global(svc, GA_REPORT, d)) < 0 || (rc = report_check(in, d)) < 0)
		return rc;
	if (in->source == SRC_EMAIL && !(acc_roles(svc) & ROLE_PSIRT))
		return err_set(d, ERR_PERM, "source", "only psirt may enter e-mailed reports");
	if (in->subsystem) {
		rc = store_subsystem_get(svc->st, in->subsystem, &sub);
		if (rc == ERR_NOTFOUND)
			return err_set(d, ERR_INVAL, "subsystem", "names no subsystem");
		if (rc < 0)
			return err_set(d, rc, "db", "cannot read subsystems");
	}
	if ((rc = resolve_reporter(svc, in, &rep, d)) < 0 || (rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = report_write(svc, in, &rep, sub.id, &id);
	if ((rc = svc_end(svc, rc, d)) == 0)
		svc_key(svc, id, ret_key);
out:
	subsystem_release(&sub);
	person_release(&rep);
	return rc;
}

int
report_write(struct svc *svc, const struct report_in *in, const struct person *rep,
	int64_t subsystem_id, int64_t *ret_id)
{
	struct issue is = {0};
	char key[ISSUE_KEY_MAX];
	int64_t id;
	int rc;

	is.title = (char *)in->title;
	is.description = (char *)in->description;
	is.state = in->source == SRC_EMAIL ? ST_TRIAGE : ST_NEW;
	is.reporter_id = rep->id;
	is.source = in->source;
	is.reported_at = clock_now();
	is.acked_at = in->source == SRC_EMAIL ? is.reported_at : 0;
	/* the embargo ends at the latest 90 days after the report (SPEC §4),
	 * whether or not an embargo decision is ever taken */
	is.embargo_max = deadline_embargo_default(&is);
	is.embargo_until = is.embargo_max;
	is.affected_version = (char *)in->version;
	is.subsystem_id = subsystem_id;
	is.anonymous = in->anonymous;
	is.credit = in->anonymous ? NULL : (char *)(in->credit ? in->credit :
		rep->name ? rep->name : rep->login);
	rc = store_issue_add(svc->st, &is, &id);
	if (rc == 0) {
		svc_key(svc, id, key);
		rc = svc_audit(svc, "issue.report", key, json_pack("{s:s,s:s,s:s}",
			"source", source_name(in->source), "reporter", rep->login,
			"state", state_name(is.state)));
	}
	if (rc == 0)
		*ret_id = id;
	return rc;
}
