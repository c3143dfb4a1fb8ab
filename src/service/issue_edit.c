/*
 * issue_edit.c — changing an issue's fields, comments, attachments and
 * access grants. Each field is validated and permission-checked before any
 * change; all changes of one call commit together with their audit events.
 */
#include "service/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "model/cvss/cvss.h"
#include "model/deadline.h"
#include "core/banned.h"

static bool
has_triage_change(const struct issue_changes *c)
{
	return c->title || c->subsystem || c->priority || c->embargo || c->embargo_until ||
		c->credit || c->anonymous >= 0 || c->public_link;
}

static int
set_cvss(struct issue *is, const char *vector, struct errdetail *d)
{
	struct cvss_result r;
	int rc;

	if (strlen(vector) > LIM_CVSS_MAX)
		return err_setf(d, ERR_INVAL, "cvss", "is longer than %d characters", LIM_CVSS_MAX);
	if ((rc = cvss_score(vector, &r, d)) < 0)
		return rc;
	is->cvss_score = r.score;
	if ((rc = svc_strset(&is->cvss, r.vector)) < 0)
		return rc;
	return svc_strset(&is->cvss_severity, r.severity);
}

static int
set_embargo(struct issue *is, const struct issue_changes *c, struct errdetail *d)
{
	enum embargo e;
	int64_t until;
	int rc;

	if ((c->embargo || c->embargo_until) && (is->state == ST_PUBLIC ||
	    is->state == ST_REJECTED))
		return err_setf(d, ERR_CONFLICT, "embargo", "cannot change on a %s issue",
			state_name(is->state));
	if (c->embargo) {
		if (embargo_parse(c->embargo, &e) < 0 || e == EMB_UNDECIDED)
			return err_set(d, ERR_INVAL, "embargo", "must be yes or no");
		is->embargo = e;
		if (e == EMB_YES && !is->embargo_until)
			is->embargo_until = is->embargo_max;
	}
	if (c->embargo_until) {
		if (clock_parse_date(c->embargo_until, &until) < 0)
			return err_set(d, ERR_INVAL, "embargo-until", "must be a date YYYY-MM-DD");
		if ((rc = deadline_check_embargo_end(is, until, d)) < 0)
			return rc;
		is->embargo_until = until;
	}
	return 0;
}

static int
apply_changes(struct svc *svc, struct issue *is, const struct issue_changes *c,
	struct errdetail *d)
{
	struct subsystem sub = {0};
	int rc = 0;

	if (c->title && ((rc = text_check(d, "title", c->title, LIM_TITLE_MAX, TEXT_LINE)) < 0 ||
	    (rc = svc_strset(&is->title, c->title)) < 0))
		return rc;
	if (c->subsystem) {
		rc = store_subsystem_get(svc->st, c->subsystem, &sub);
		if (rc < 0)
			return err_set(d, ERR_INVAL, "subsystem", "names no subsystem");
		is->subsystem_id = sub.id;
		subsystem_release(&sub);
	}
	if (c->priority && priority_parse(c->priority, &is->priority) < 0)
		return err_set(d, ERR_INVAL, "priority", "must be P1, P2, P3 or P4");
	if (c->cvss && (rc = set_cvss(is, c->cvss, d)) < 0)
		return rc;
	if ((rc = set_embargo(is, c, d)) < 0)
		return rc;
	if (c->introduced && ((rc = text_check_version(d, "introduced", c->introduced)) < 0 ||
	    (rc = svc_strset(&is->introduced_in, c->introduced)) < 0))
		return rc;
	if (c->credit && ((rc = text_check(d, "credit", c->credit, LIM_NAME_MAX,
	    TEXT_LINE)) < 0 || (rc = svc_strset(&is->credit, c->credit)) < 0))
		return rc;
	if (c->anonymous >= 0)
		is->anonymous = c->anonymous;
	if (is->anonymous && c->credit)
		return err_set(d, ERR_INVAL, "credit", "cannot be given for an anonymous report");
	if (c->public_link) {
		if ((rc = text_check_url(d, "public-link", c->public_link)) < 0 ||
		    (rc = svc_strset(&is->public_link, c->public_link)) < 0)
			return rc;
		is->tracked_publicly = true;
	}
	return 0;
}

static json_t *
changes_json(const struct issue_changes *c)
{
	json_t *j = json_object();

	if (!j)
		return NULL;
#define PUT(name, v) if (v) json_object_set_new(j, name, json_string(v))
	PUT("title", c->title);
	PUT("subsystem", c->subsystem);
	PUT("priority", c->priority);
	PUT("cvss", c->cvss);
	PUT("embargo", c->embargo);
	PUT("embargo_until", c->embargo_until);
	PUT("introduced", c->introduced);
	PUT("credit", c->credit);
	PUT("public_link", c->public_link);
#undef PUT
	if (c->anonymous >= 0)
		json_object_set_new(j, "anonymous", json_boolean(c->anonymous));
	return j;
}

int
svc_issue_set(struct svc *svc, const char *key, const struct issue_changes *c,
	struct errdetail *d)
{
	struct relation rel;
	struct issue is = {0};
	int rc;

	if ((rc = acc_issue(svc, key, &is, &rel, NULL, d)) < 0)
		return rc;
	if (svc->read_only)
		rc = err_set(d, ERR_PERM, "auth", "this token is read-only");
	else if (svc->restricted && !has_triage_change(c) && !c->cvss && !c->introduced)
		rc = err_set(d, ERR_INVAL, "set", "names no field to change");
	else if (svc->restricted)
		/* nobody may set fields without a second factor (reporters never may) */
		rc = err_set(d, ERR_PERM, "auth", rel.reporter && !svc->me.roles ?
			"you may not change the fields of this issue" :
			"enrol and give your second factor first");
	else if (has_triage_change(c) && !policy_issue_allows(IA_SET_TRIAGE, &rel, is.state))
		rc = err_set(d, ERR_PERM, "issue", "you may not change triage fields of this issue");
	else if ((c->cvss || c->introduced) &&
	    !policy_issue_allows(IA_SET_TECHNICAL, &rel, is.state))
		rc = err_set(d, ERR_PERM, "issue", "you may not change technical fields of this issue");
	else if (!has_triage_change(c) && !c->cvss && !c->introduced)
		rc = err_set(d, ERR_INVAL, "set", "names no field to change");
	if (rc < 0 || (rc = apply_changes(svc, &is, c, d)) < 0)
		goto out;
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_issue_update(svc->st, &is);
	if (rc == 0)
		rc = svc_audit(svc, "issue.set", key, changes_json(c));
	rc = svc_end(svc, rc, d);
out:
	issue_release(&is);
	return rc;
}

int
svc_issue_comment(struct svc *svc, const char *key, const char *text, bool internal,
	struct errdetail *d)
{
	struct issue is = {0};
	int rc;

	if ((rc = acc_issue_do(svc, key, internal ? IA_COMMENT_INTERNAL : IA_COMMENT_SHARED,
	    &is, NULL, d)) < 0)
		return rc;
	if ((rc = text_check(d, "text", text, LIM_COMMENT_MAX, TEXT_MULTILINE)) < 0 ||
	    (rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_comment_add(svc->st, is.id, svc->me.id, internal, text, clock_now());
	if (rc == 0)
		rc = svc_audit(svc, "issue.comment", key, json_pack("{s:b}", "internal", internal));
	rc = svc_end(svc, rc, d);
out:
	issue_release(&is);
	return rc;
}

int
svc_issue_grant(struct svc *svc, const char *key, const char *login, const char *reason,
	struct errdetail *d)
{
	struct issue is = {0};
	struct person p = {0};
	struct relation prel;
	enum state st;
	int rc;

	if ((rc = acc_issue_do(svc, key, IA_GRANT, &is, NULL, d)) < 0)
		return rc;
	if ((rc = svc_person(svc, "login", login, &p, d)) < 0 ||
	    (rc = text_check(d, "reason", reason, LIM_REASON_MAX, TEXT_MULTILINE)) < 0)
		goto out;
	if ((rc = store_issue_relation(svc->st, is.id, p.id, p.roles, &prel, &st)) < 0)
		goto out;
	if (prel.granted) {
		rc = err_set(d, ERR_CONFLICT, "login", "already has a grant on this issue");
		goto out;
	}
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_grant_add(svc->st, is.id, p.id, svc->me.id, reason, clock_now());
	if (rc == 0)
		rc = svc_audit(svc, "issue.grant", key, json_pack("{s:s,s:s}", "person", login,
			"reason", reason));
	rc = svc_end(svc, rc, d);
out:
	person_release(&p);
	issue_release(&is);
	return rc;
}

int
svc_issue_revoke(struct svc *svc, const char *key, const char *login, struct errdetail *d)
{
	struct issue is = {0};
	struct person p = {0};
	int rc;

	if ((rc = acc_issue_do(svc, key, IA_GRANT, &is, NULL, d)) < 0)
		return rc;
	if ((rc = svc_person(svc, "login", login, &p, d)) < 0 || (rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_grant_revoke(svc->st, is.id, p.id, svc->me.id, clock_now());
	if (rc == ERR_NOTFOUND)
		err_set(d, ERR_CONFLICT, "login", "has no grant in force on this issue");
	if (rc == 0)
		rc = svc_audit(svc, "issue.revoke", key, json_pack("{s:s}", "person", login));
	rc = svc_end(svc, rc == ERR_NOTFOUND ? ERR_CONFLICT : rc, d);
out:
	person_release(&p);
	issue_release(&is);
	return rc;
}

static int
check_filename(const char *name, struct errdetail *d)
{
	int rc;

	if ((rc = text_check(d, "name", name, LIM_FILENAME_MAX, TEXT_LINE)) < 0)
		return rc;
	if (strchr(name, '/') || strchr(name, '\\') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return err_set(d, ERR_INVAL, "name", "must be a plain file name");
	return 0;
}

int
svc_issue_attach(struct svc *svc, const char *key, const char *name, const void *data,
	size_t len, int64_t *ret_id, struct errdetail *d)
{
	struct issue is = {0};
	int rc;

	if (len > LIM_ATTACHMENT_MAX)
		return err_setf(d, ERR_LIMIT, "file", "is larger than %d bytes", LIM_ATTACHMENT_MAX);
	if ((rc = acc_issue_do(svc, key, IA_ATTACH, &is, NULL, d)) < 0)
		return rc;
	if ((rc = check_filename(name, d)) < 0 || (rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_attachment_add(svc->st, is.id, name, data, len, svc->me.id, clock_now(),
		ret_id);
	if (rc == 0)
		rc = svc_audit(svc, "issue.attach", key, json_pack("{s:s,s:I}", "name", name,
			"size", (json_int_t)len));
	rc = svc_end(svc, rc, d);
out:
	issue_release(&is);
	return rc;
}

int
svc_issue_attachment(struct svc *svc, const char *key, int64_t id, struct attachment *ret,
	void **ret_data, struct errdetail *d)
{
	struct relation rel;
	struct issue is = {0};
	int rc;

	if ((rc = acc_issue(svc, key, &is, &rel, NULL, d)) < 0)
		return rc;
	if (!policy_issue_allows(IA_ATTACH, &rel, is.state))
		rc = err_set(d, ERR_NOTFOUND, "attachment", "not found");
	else if ((rc = store_attachment_get(svc->st, is.id, id, ret, ret_data)) == ERR_NOTFOUND)
		err_set(d, rc, "attachment", "not found");
	else if (rc < 0)
		err_set(d, rc, "attachment", "cannot be read");
	if (rc == 0 && is.state != ST_PUBLIC) {
		int arc = svc_begin_audit(svc, d);

		if (arc == 0)
			arc = svc_end(svc, svc_audit(svc, "issue.attachment.read", key,
				json_pack("{s:I}", "attachment", (json_int_t)id)), d);
		if (arc < 0) {
			attachment_release(ret);
			free(*ret_data);
			rc = arc;
		}
	}
	issue_release(&is);
	return rc;
}
