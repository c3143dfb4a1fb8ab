/*
 * present.c — JSON shapes of vigil's objects (see present.h), built with
 * jansson. Formatting only: what reaches here was filtered by service/.
 */
#include "service/present.h"

#include <string.h>

#include "core/clock.h"
#include "model/deadline.h"
#include "core/banned.h"

json_t *
present_date(int64_t t)
{
	char b[16];

	if (!t)
		return json_null();
	clock_fmt_date(t, b, sizeof(b));
	return json_string(b);
}

json_t *
present_time(int64_t t)
{
	char b[32];

	if (!t)
		return json_null();
	clock_fmt_iso(t, b, sizeof(b));
	return json_string(b);
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *
present_strlist(const struct strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static json_t *
cve_ids(const struct issue_view *v)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < v->ncves; i++)
		if (v->cves[i].state != CVE_REJECTED)
			json_array_append_new(a, json_string(v->cves[i].id));
	return a;
}

static void
add_parts(struct svc *svc, json_t *o, const struct issue_view *v)
{
	json_t *a;

	a = json_array();
	for (size_t i = 0; i < v->ncomments; i++)
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:s,s:o}", "id",
			(json_int_t)v->comments[i].id, "author", v->comments[i].author,
			"visibility", v->comments[i].internal ? "internal" : "shared",
			"text", v->comments[i].body, "at", present_time(v->comments[i].created_at)));
	json_object_set_new(o, "comments", a);
	a = json_array();
	for (size_t i = 0; i < v->nattachments; i++)
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:I,s:s,s:o}", "id",
			(json_int_t)v->attachments[i].id, "name", v->attachments[i].name,
			"sha256", v->attachments[i].sha256, "size", (json_int_t)v->attachments[i].size,
			"uploader", v->attachments[i].uploader,
			"at", present_time(v->attachments[i].created_at)));
	json_object_set_new(o, "attachments", a);
	a = json_array();
	for (size_t i = 0; i < v->nfixes; i++)
		json_array_append_new(a, present_fix(&v->fixes[i]));
	json_object_set_new(o, "fixes", a);
	a = json_array();
	for (size_t i = 0; i < v->nbackports; i++)
		json_array_append_new(a, present_backport(&v->backports[i]));
	json_object_set_new(o, "backports", a);
	if (v->view == VIEW_FULL) {
		a = json_array();
		for (size_t i = 0; i < v->ngrants; i++)
			json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}",
				"person", v->grants[i].person, "granted_by", v->grants[i].granted_by,
				"reason", v->grants[i].reason,
				"granted_at", present_time(v->grants[i].granted_at),
				"revoked_by", str_or_null(v->grants[i].revoked_by),
				"revoked_at", present_time(v->grants[i].revoked_at)));
		json_object_set_new(o, "grants", a);
	}
	a = json_array();
	for (size_t i = 0; i < v->refs.n; i++) {
		const char *tab = strchr(v->refs.v[i], '\t');

		if (tab)
			json_array_append_new(a, json_pack("{s:s%,s:s}", "key", v->refs.v[i],
				(size_t)(tab - v->refs.v[i]), "title", tab + 1));
	}
	json_object_set_new(o, "references", a);
	(void)svc;
}

json_t *
present_issue(struct svc *svc, const struct issue_view *v, bool full)
{
	static const char *const views[] = {"none", "public", "reporter", "full"};
	const struct issue *is = &v->is;
	char key[ISSUE_KEY_MAX], prio[4];
	json_t *o;

	svc_key(svc, is->id, key);
	snprintf(prio, sizeof(prio), "P%d", is->priority);
	o = json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:s,s:o,s:o,s:o,s:s}",
		"key", key, "state", state_name(is->state), "title", is->title,
		"subsystem", str_or_null(is->subsystem),
		"priority", is->priority ? json_string(prio) : json_null(),
		"cvss", str_or_null(is->cvss),
		"cvss_score", is->cvss ? json_real(is->cvss_score) : json_null(),
		"severity", str_or_null(is->cvss_severity),
		"embargo", embargo_name(is->embargo),
		"embargo_until", present_date(is->embargo_until),
		"reported", present_date(is->reported_at),
		"cves", cve_ids(v), "view", views[v->view]);
	if (!o)
		return NULL;
	json_object_set_new(o, "reporter", str_or_null(is->reporter));
	json_object_set_new(o, "assignee", str_or_null(is->assignee));
	json_object_set_new(o, "source", json_string(source_name(is->source)));
	json_object_set_new(o, "ack_due", present_date(v->ack_due));
	json_object_set_new(o, "fix_due", present_date(v->fix_due));
	json_object_set_new(o, "acknowledged", present_date(is->acked_at));
	json_object_set_new(o, "published", present_date(is->published_at));
	json_object_set_new(o, "affected_version", str_or_null(is->affected_version));
	json_object_set_new(o, "introduced_in", str_or_null(is->introduced_in));
	json_object_set_new(o, "fixed_in", str_or_null(is->fixed_in));
	json_object_set_new(o, "credit", str_or_null(is->credit));
	json_object_set_new(o, "anonymous", json_boolean(is->anonymous));
	json_object_set_new(o, "resolution", is->resolution ?
		json_string(resolution_name(is->resolution)) : json_null());
	json_object_set_new(o, "duplicate_of", str_or_null(is->duplicate_of));
	json_object_set_new(o, "disclosed_unfixed", json_boolean(is->disclosed_unfixed));
	json_object_set_new(o, "tracked_publicly", json_boolean(is->tracked_publicly));
	json_object_set_new(o, "public_link", str_or_null(is->public_link));
	json_object_set_new(o, "publish_proposed", json_boolean(is->publish_proposed_by != 0));
	if (full) {
		json_object_set_new(o, "description", json_string(is->description));
		add_parts(svc, o, v);
	}
	return o;
}

json_t *
present_person(const struct person *p)
{
	json_t *roles = json_array();

	if (p->roles & ROLE_PSIRT)
		json_array_append_new(roles, json_string("psirt"));
	if (p->roles & ROLE_ADMIN)
		json_array_append_new(roles, json_string("admin"));
	if (p->roles & ROLE_DIRECTOR)
		json_array_append_new(roles, json_string("director"));
	return json_pack("{s:s,s:s,s:o,s:o,s:b}", "login", p->login, "email", p->email,
		"name", str_or_null(p->name), "roles", roles, "disabled", p->disabled);
}

json_t *
present_subsystem(const struct subsystem *s)
{
	return json_pack("{s:s,s:o,s:o,s:o}", "name", s->name, "paths",
		present_strlist(&s->globs), "maintainers", present_strlist(&s->maintainers),
		"architect", str_or_null(s->architect));
}

json_t *
present_release(const struct release *r)
{
	return json_pack("{s:s,s:s,s:o,s:b,s:s,s:o}", "name", r->name, "branch", r->branch,
		"date", present_date(r->date), "lts", r->lts,
		"support", r->supported ? "supported" : "eol",
		"managers", present_strlist(&r->managers));
}

json_t *
present_cve(struct svc *svc, const struct cve *c)
{
	char key[ISSUE_KEY_MAX];

	if (c->issue_id)
		svc_key(svc, c->issue_id, key);
	return json_pack("{s:s,s:s,s:o,s:o,s:o,s:o}", "id", c->id,
		"state", cve_state_name(c->state),
		"issue", c->issue_id ? json_string(key) : json_null(),
		"reason", str_or_null(c->reason),
		"assigned", present_date(c->assigned_at),
		"published", present_date(c->published_at));
}

json_t *
present_fix(const struct fix *f)
{
	return json_pack("{s:s,s:o,s:s,s:o,s:s,s:o}", "url", f->url, "repo",
		str_or_null(f->repo), "branch", f->branch, "commit", str_or_null(f->commit),
		"state", fix_state_name(f->state), "merged", present_date(f->merged_at));
}

json_t *
present_backport(const struct backport *b)
{
	return json_pack("{s:s,s:s,s:o,s:o}", "release", b->release,
		"state", backport_state_name(b->state), "reason", str_or_null(b->reason),
		"fix", str_or_null(b->fix_url));
}

json_t *
present_meeting(struct svc *svc, const struct meeting *m)
{
	json_t *dec = json_array();

	for (size_t i = 0; dec && i < m->ndecisions; i++) {
		char key[ISSUE_KEY_MAX];

		svc_key(svc, m->decisions[i].issue_id, key);
		json_array_append_new(dec, json_pack("{s:s,s:s,s:o,s:s}", "issue", key,
			"kind", m->decisions[i].kind, "until", present_date(m->decisions[i].until),
			"reason", m->decisions[i].reason));
	}
	return json_pack("{s:I,s:o,s:o,s:b,s:o}", "id", (json_int_t)m->id,
		"date", present_date(m->date), "attendees", present_strlist(&m->attendees),
		"quorum", m->attendees.n >= 4, "decisions", dec);
}

json_t *
present_audit_event(const struct audit_event *e)
{
	json_t *detail = json_loads(e->detail, 0, NULL);

	return json_pack("{s:I,s:o,s:s,s:s,s:s,s:o}", "seq", (json_int_t)e->seq,
		"at", present_time(e->at), "actor", e->actor, "action", e->action,
		"object", e->object, "detail", detail ? detail : json_string(e->detail));
}

json_t *
present_tick(const struct tick_result *r)
{
	json_t *soon = json_array();

	for (size_t i = 0; soon && i < r->embargo_soon.n; i++) {
		const char *tab = strchr(r->embargo_soon.v[i], '\t');

		if (tab)
			json_array_append_new(soon, json_pack("{s:s%,s:s}", "key",
				r->embargo_soon.v[i], (size_t)(tab - r->embargo_soon.v[i]),
				"embargo_until", tab + 1));
	}
	return json_pack("{s:o,s:o,s:o,s:o,s:o}",
		"published", present_strlist(&r->published),
		"disclosed_unfixed", present_strlist(&r->disclosed_unfixed),
		"ack_overdue", present_strlist(&r->ack_overdue),
		"fix_overdue", present_strlist(&r->fix_overdue),
		"embargo_soon", soon);
}

json_t *
present_token(const struct api_token *t)
{
	return json_pack("{s:s,s:s,s:o,s:o,s:o}", "name", t->name, "scope", t->scope,
		"created", present_time(t->created_at), "expires", present_time(t->expires_at),
		"revoked", present_time(t->revoked_at));
}
