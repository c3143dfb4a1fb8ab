/*
 * notify.c — who gets what (SPEC §7, docs/mail.md). Two halves: when an
 * audit event is written, notify_audit() adds the outbox events it causes
 * in the same transaction; at send time, notify_expand() computes each
 * event's recipients from the permissions in force then — people by the
 * need-to-know function (model/visibility.c), never the actor themself,
 * never a disabled account; alert-list members by their status. Rendering
 * as the recipient is in render.c.
 */
#include "service/mail_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/banned.h"

static const char *
jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int
on_report(struct svc *svc, int64_t id, const json_t *detail)
{
	const char *state = jstr(detail, "state");
	int rc = outbox_add(svc, "issue.new", id, 0, NULL);

	/* an e-mailed report starts in triage: acknowledged at once, and the
	 * alert list hears of it as of any issue entering triage */
	if (rc == 0 && state && strcmp(state, "triage") == 0)
		rc = outbox_add(svc, "issue.ack", id, 0, NULL);
	if (rc == 0 && state && strcmp(state, "triage") == 0)
		rc = outbox_add(svc, "alert.triage", id, 0, NULL);
	return rc;
}

static int
on_move(struct svc *svc, int64_t id, const json_t *detail)
{
	const char *to = jstr(detail, "to"), *from = jstr(detail, "from");
	int rc;

	if (!to || !from)
		return 0;
	rc = outbox_add(svc, "issue.state", id, 0, json_pack("{s:s,s:s}", "from", from,
		"to", to));
	if (rc == 0 && strcmp(to, "triage") == 0 && strcmp(from, "new") == 0)
		rc = outbox_add(svc, "alert.triage", id, 0, NULL);
	if (rc == 0 && strcmp(to, "public") == 0)
		rc = outbox_add(svc, "alert.advisory", id, 0, NULL);
	return rc;
}

static int
on_comment(struct svc *svc, int64_t id, const json_t *detail)
{
	int64_t cid = 0;
	int rc = store_comment_last(svc->st, id, &cid);

	if (rc < 0)
		return rc;
	return outbox_add(svc, "issue.comment", id, 0, json_pack("{s:I,s:b}", "comment",
		(json_int_t)cid, "internal", json_is_true(json_object_get(detail, "internal"))));
}

int
notify_audit(struct svc *svc, const char *action, const char *object, const json_t *detail)
{
	int64_t id = 0;

	if (strncmp(action, "issue.", 6) != 0 && strcmp(action, "fix.state") != 0)
		return 0;
	if (acc_key_parse(svc, object, &id, NULL) < 0)
		return 0;
	if (strcmp(action, "issue.report") == 0)
		return on_report(svc, id, detail);
	if (strcmp(action, "issue.move") == 0)
		return on_move(svc, id, detail);
	if (strcmp(action, "issue.assign") == 0)
		return outbox_add(svc, "issue.assign", id, 0, NULL);
	if (strcmp(action, "issue.comment") == 0)
		return on_comment(svc, id, detail);
	if (strcmp(action, "fix.state") == 0 && jstr(detail, "state") &&
	    strcmp(jstr(detail, "state"), "merged") == 0)
		return outbox_add(svc, "alert.fix", id, 0, json_pack("{s:s?}", "url",
			jstr(detail, "url")));
	return 0;
}

int
notify_digest_due(struct svc *svc, int64_t now, struct errdetail *d)
{
	char *days = mail_setting(svc, "digest_days");
	int64_t last = 0, period;
	bool was_system = svc->system;
	int rc;

	if (!days)
		return err_set(d, ERR_NOMEM, "digest_days", "out of memory");
	period = strtoll(days, NULL, 10) * CLOCK_DAY;
	free(days);
	if (period <= 0)
		return 0; /* 0: no digest */
	if ((rc = store_outbox_event_last(svc->st, "alert.digest", &last)) < 0 &&
	    rc != ERR_NOTFOUND)
		return err_set(d, rc, "db", "cannot read the outbox");
	if (last && now < last + period)
		return 0;
	if ((rc = svc_begin_audit(svc, d)) < 0)
		return rc;
	svc->system = true;
	rc = outbox_add(svc, "alert.digest", 0, 0, NULL);
	svc->system = was_system;
	return svc_end(svc, rc, d);
}

/* ---------------------------------------------------------------- */

enum audience {
	AUD_FULL,            /* people who see everything of the issue */
	AUD_FULL_REPORTER,   /* those and the reporter */
	AUD_REPORTER,        /* the reporter alone */
	AUD_MEMBERS,         /* approved alert-list members */
	AUD_MEMBER,          /* the event's member, whatever its status */
	AUD_DIRECTORS,       /* people with the director role */
	AUD_NONE,
};

static enum audience
audience_of(const struct outbox_event *e)
{
	const char *k = e->kind;

	if (strcmp(k, "issue.new") == 0 || strcmp(k, "issue.assign") == 0)
		return AUD_FULL;
	if (strcmp(k, "issue.state") == 0)
		return AUD_FULL_REPORTER;
	if (strcmp(k, "issue.ack") == 0)
		return AUD_REPORTER;
	if (strcmp(k, "issue.comment") == 0) {
		json_t *p = json_loads(e->payload, 0, NULL);
		bool internal = !p || json_is_true(json_object_get(p, "internal"));

		json_decref(p);
		return internal ? AUD_FULL : AUD_FULL_REPORTER;
	}
	if (strcmp(k, "alert.decision") == 0)
		return AUD_MEMBER;
	if (strcmp(k, "alert.request") == 0)
		return AUD_DIRECTORS;
	if (strncmp(k, "alert.", 6) == 0)
		return AUD_MEMBERS;
	return AUD_NONE;
}

/* May person p get a message of audience a about issue (now)? */
bool
notify_person_may(struct svc *svc, const struct outbox_event *e, const struct person *p)
{
	struct relation rel;
	enum audience a = audience_of(e);
	enum state st;
	enum view v;

	if (p->disabled || !p->email || !*p->email)
		return false;
	if (a == AUD_DIRECTORS)
		return (p->roles & ROLE_DIRECTOR) != 0;
	if (!e->issue_id || (a != AUD_FULL && a != AUD_FULL_REPORTER && a != AUD_REPORTER))
		return false;
	if (store_issue_relation(svc->st, e->issue_id, p->id, p->roles, &rel, &st) < 0)
		return false;
	v = visibility_view(&rel, st);
	switch (a) {
	case AUD_FULL:
		return v == VIEW_FULL;
	case AUD_FULL_REPORTER:
		return v == VIEW_FULL || v == VIEW_REPORTER;
	case AUD_REPORTER:
		return v == VIEW_REPORTER || (v == VIEW_FULL && rel.reporter);
	default:
		return false;
	}
}

/* May member m get event e now (approved, or the decision of its own)? */
bool
notify_member_may(const struct outbox_event *e, const struct alert_member *m,
	const char *address)
{
	enum audience a = audience_of(e);

	if (address && !strlist_has(&m->addresses, address))
		return false;
	if (a == AUD_MEMBER)
		return e->member_id == m->id;
	return a == AUD_MEMBERS && m->status == ALERT_APPROVED;
}

static int
add_delivery(struct svc *svc, const struct outbox_event *e, int64_t person, int64_t member,
	const char *address, int64_t now)
{
	struct delivery dl = {0};
	int rc;

	if ((rc = outbox_message_id(svc, &dl.message_id)) < 0)
		return rc;
	dl.event_id = e->id;
	dl.person_id = person;
	dl.member_id = member;
	dl.address = (char *)address;
	dl.created_at = now;
	rc = store_delivery_add(svc->st, &dl, NULL);
	free(dl.message_id);
	return rc;
}

static int
expand_people(struct svc *svc, const struct outbox_event *e, int64_t now, size_t *n)
{
	struct person *ps = NULL;
	size_t np = 0;
	int rc;

	if ((rc = store_person_list(svc->st, &ps, &np)) < 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < np; i++) {
		/* nobody is told of their own action */
		if (ps[i].id == e->actor_id || !notify_person_may(svc, e, &ps[i]))
			continue;
		if ((rc = add_delivery(svc, e, ps[i].id, 0, ps[i].email, now)) == 0)
			(*n)++;
	}
	OBJ_LIST_FREE(ps, np, person_release);
	return rc;
}

static int
expand_members(struct svc *svc, const struct outbox_event *e, int64_t now, size_t *n)
{
	struct alert_member *ms = NULL;
	size_t nm = 0;
	int rc;

	if ((rc = store_alert_list(svc->st, -1, &ms, &nm)) < 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < nm; i++) {
		if (!notify_member_may(e, &ms[i], NULL))
			continue;
		/* one message per address: each is encrypted on its own */
		for (size_t j = 0; rc == 0 && j < ms[i].addresses.n; j++)
			if ((rc = add_delivery(svc, e, 0, ms[i].id, ms[i].addresses.v[j], now)) == 0)
				(*n)++;
	}
	alert_member_list_free(ms, nm);
	return rc;
}

int
notify_expand(struct svc *svc, const struct outbox_event *e, int64_t now, size_t *ret_n)
{
	enum audience a = audience_of(e);
	size_t n = 0;
	int rc = 0;

	/* a digest with no embargoed issue in it tells nothing */
	if (strcmp(e->kind, "alert.digest") == 0 && !notify_digest_has_issues(svc))
		a = AUD_NONE;
	if (a == AUD_MEMBERS || a == AUD_MEMBER)
		rc = expand_members(svc, e, now, &n);
	else if (a != AUD_NONE)
		rc = expand_people(svc, e, now, &n);
	*ret_n = n;
	return rc;
}
