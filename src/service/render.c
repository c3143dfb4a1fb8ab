/*
 * render.c — a queued message as its recipient sees it, at send time
 * (SPEC §7, §5): a person gets only what their view of the issue shows
 * now (model/visibility.c; a reporter never an internal comment); an
 * alert-list member only the key, link, CVE ids, subsystem and severity
 * (at triage), the CVE <-> fix association and backport plan (fix
 * merged), the embargoed issues with their backport status (digest) and
 * the public advisory (publication). Subjects carry the issue key and a
 * fixed phrase, never report text. Returns ERR_PERM when the recipient
 * may no longer get the message: it is then dropped, not sent.
 */
#include "service/mail_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/limits.h"
#include "core/banned.h"

#define BODY_MAX (1024 * 1024)

struct ctx {
	struct svc *svc;
	const struct outbox_event *e;
	struct buf *b;
	char key[ISSUE_KEY_MAX];
	char *base;                  /* base_url */
};

static void
link_line(struct ctx *c)
{
	buf_addf(c->b, "\n%s/issues/%s\n", c->base, c->key);
}

static void
cve_line(struct ctx *c, int64_t issue_id)
{
	struct cve *cves = NULL;
	size_t n = 0, shown = 0;

	buf_adds(c->b, "CVE ids:   ");
	if (store_cve_list_issue(c->svc->st, issue_id, &cves, &n) == 0)
		for (size_t i = 0; i < n; i++) {
			if (cves[i].state == CVE_REJECTED)
				continue;
			buf_addf(c->b, "%s%s", shown++ ? ", " : "", cves[i].id);
		}
	buf_adds(c->b, shown ? "\n" : "none yet\n");
	OBJ_LIST_FREE(cves, n, cve_release);
}

/* key, CVE ids, subsystem, severity: what the alert list learns at triage */
static void
alert_fields(struct ctx *c, const struct issue *is)
{
	char key[ISSUE_KEY_MAX];

	svc_key(c->svc, is->id, key);
	buf_addf(c->b, "Issue:     %s\n", key);
	cve_line(c, is->id);
	buf_addf(c->b, "Subsystem: %s\n", is->subsystem ? is->subsystem : "not set yet");
	if (is->cvss)
		buf_addf(c->b, "Severity:  %s (%.1f)\n", is->cvss_severity ? is->cvss_severity :
			"?", is->cvss_score);
	else
		buf_adds(c->b, "Severity:  not scored yet\n");
}

static void
backport_lines(struct ctx *c, int64_t issue_id)
{
	struct backport *bp = NULL;
	size_t n = 0;

	if (store_backport_list(c->svc->st, issue_id, &bp, &n) < 0 || n == 0) {
		buf_adds(c->b, "Backports: none planned\n");
		return;
	}
	buf_adds(c->b, "Backports:\n");
	for (size_t i = 0; i < n; i++)
		buf_addf(c->b, "  %-12s %s\n", bp[i].release, backport_state_name(bp[i].state));
	OBJ_LIST_FREE(bp, n, backport_release);
}

static void
fix_lines(struct ctx *c, int64_t issue_id)
{
	struct fix *f = NULL;
	size_t n = 0;

	if (store_fix_list(c->svc->st, issue_id, &f, &n) < 0)
		return;
	buf_adds(c->b, "Fixes:\n");
	for (size_t i = 0; i < n; i++)
		if (f[i].state == FIX_MERGED)
			buf_addf(c->b, "  %s (branch %s%s%s)\n", f[i].url, f[i].branch,
				f[i].commit ? ", commit " : "", f[i].commit ? f[i].commit : "");
	OBJ_LIST_FREE(f, n, fix_release);
}

static bool
is_embargoed(const struct issue *is)
{
	return is->state >= ST_TRIAGE && is->state < ST_PUBLIC && is->embargo != EMB_NO;
}

bool
notify_digest_has_issues(struct svc *svc)
{
	struct issue_rel *rels = NULL;
	size_t n = 0;
	bool any = false;

	if (store_issue_relations(svc->st, 0, 0, &rels, &n) < 0)
		return false;
	for (size_t i = 0; i < n && !any; i++) {
		struct issue is = {0};

		if (store_issue_get(svc->st, rels[i].id, &is) == 0)
			any = is_embargoed(&is);
		issue_release(&is);
	}
	free(rels);
	return any;
}

static int
render_digest(struct ctx *c)
{
	struct issue_rel *rels = NULL;
	size_t n = 0, shown = 0;
	char date[16];

	if (store_issue_relations(c->svc->st, 0, 0, &rels, &n) < 0)
		return ERR_DB;
	buf_adds(c->b, "Embargoed issues and their backport status\n\n");
	for (size_t i = 0; i < n; i++) {
		struct issue is = {0};

		if (store_issue_get(c->svc->st, rels[i].id, &is) == 0 && is_embargoed(&is)) {
			alert_fields(c, &is);
			clock_fmt_date(is.embargo_until, date, sizeof(date));
			buf_addf(c->b, "Embargo:   until %s\n", is.embargo_until ? date : "not set");
			backport_lines(c, is.id);
			buf_adds(c->b, "\n");
			shown++;
		}
		issue_release(&is);
	}
	free(rels);
	return shown ? 0 : ERR_PERM; /* nothing embargoed any more: nothing to say */
}

/* The advisory of a public issue: its public view only. */
static void
render_advisory(struct ctx *c, const struct issue *is)
{
	buf_addf(c->b, "Advisory for %s, now public\n\nTitle:     %s\n", c->key, is->title);
	alert_fields(c, is);
	if (is->cvss)
		buf_addf(c->b, "CVSS:      %s\n", is->cvss);
	if (is->introduced_in)
		buf_addf(c->b, "Introduced in: %s\n", is->introduced_in);
	if (is->fixed_in)
		buf_addf(c->b, "Fixed in:  %s\n", is->fixed_in);
	if (!is->anonymous && is->credit)
		buf_addf(c->b, "Credit:    %s\n", is->credit);
	fix_lines(c, is->id);
	backport_lines(c, is->id);
	buf_addf(c->b, "\n%s\n", is->description);
}

static int
render_member_issue(struct ctx *c, struct outmsg *m)
{
	struct issue is = {0};
	const char *k = c->e->kind, *phrase;
	int rc;

	if ((rc = store_issue_get(c->svc->st, c->e->issue_id, &is)) < 0)
		return rc;
	rc = 0;
	if (strcmp(k, "alert.triage") == 0) {
		phrase = "New security issue";
		if (is.state == ST_REJECTED)
			rc = ERR_PERM; /* rejected before we told anyone: nothing to say */
		buf_adds(c->b, "A security issue is being handled under embargo.\n\n");
		alert_fields(c, &is);
	} else if (strcmp(k, "alert.fix") == 0) {
		phrase = "Fix merged";
		if (is.state == ST_REJECTED)
			rc = ERR_PERM;
		buf_adds(c->b, "A fix was merged. CVE ids, fixes and the backport plan:\n\n");
		alert_fields(c, &is);
		fix_lines(c, is.id);
		backport_lines(c, is.id);
	} else {
		phrase = "Advisory";
		if (is.state != ST_PUBLIC)
			rc = ERR_PERM;
		render_advisory(c, &is);
	}
	link_line(c);
	issue_release(&is);
	if (rc == 0 && !(m->subject = strdup(phrase)))
		rc = ERR_NOMEM;
	return rc;
}

static int
render_member(struct ctx *c, const struct delivery *dl, struct outmsg *m)
{
	struct alert_member am = {0};
	int rc;

	if ((rc = store_alert_get(c->svc->st, dl->member_id, &am)) < 0)
		return rc == ERR_NOTFOUND ? ERR_PERM : rc;
	if (!notify_member_may(c->e, &am, dl->address)) {
		rc = ERR_PERM;
		goto out;
	}
	if (am.pgp_key) {
		m->encrypt = true;
		if (!(m->pgp_key = strdup(am.pgp_key))) {
			rc = ERR_NOMEM;
			goto out;
		}
	}
	if (!(m->to_name = strdup(am.org))) {
		rc = ERR_NOMEM;
		goto out;
	}
	if (strcmp(c->e->kind, "alert.decision") == 0) {
		json_t *pl = json_loads(c->e->payload, 0, NULL);
		const char *st = json_string_value(json_object_get(pl, "status"));

		/* the decision this event records, not a later one */
		buf_addf(c->b, "Your organisation's membership of the vulnerability-alerts list "
			"is now: %s.\n", st ? st : alert_status_name(am.status));
		json_decref(pl);
		rc = (m->subject = strdup("Alert-list decision")) ? 0 : ERR_NOMEM;
	} else if (strcmp(c->e->kind, "alert.digest") == 0) {
		if ((rc = render_digest(c)) == 0)
			rc = (m->subject = strdup("Embargoed issues digest")) ? 0 : ERR_NOMEM;
	} else {
		rc = render_member_issue(c, m);
	}
out:
	alert_member_release(&am);
	return rc;
}

/* The fixed phrase of a person's message (never report text). */
static const char *
person_phrase(const char *kind, const char *to)
{
	if (strcmp(kind, "issue.new") == 0)
		return "New report";
	if (strcmp(kind, "issue.ack") == 0)
		return "Report acknowledged";
	if (strcmp(kind, "issue.assign") == 0)
		return "Assigned";
	if (strcmp(kind, "issue.comment") == 0)
		return "New comment";
	if (strcmp(kind, "alert.request") == 0)
		return "Alert-list request";
	if (to && strcmp(to, "public") == 0)
		return "Published";
	if (to && strcmp(to, "triage") == 0)
		return "Report acknowledged";
	return "State changed";
}

static int
render_comment(struct ctx *c, const json_t *p, enum view v)
{
	struct comment cm = {0};
	int64_t cid = json_integer_value(json_object_get(p, "comment"));
	int rc = store_comment_get(c->svc->st, c->e->issue_id, cid, &cm);

	if (rc < 0)
		return rc == ERR_NOTFOUND ? ERR_PERM : rc;
	/* a reporter never sees an internal comment, whatever the event said */
	if (cm.internal && v != VIEW_FULL)
		rc = ERR_PERM;
	else
		buf_addf(c->b, "%s wrote%s:\n\n%s\n", cm.author, cm.internal ?
			" (internal: not shown to the reporter)" : "", cm.body);
	comment_release(&cm);
	return rc;
}

static void
person_fields(struct ctx *c, const struct issue *is, enum view v)
{
	buf_addf(c->b, "Issue:     %s\nTitle:     %s\nState:     %s\n", c->key, is->title,
		state_name(is->state));
	if (v == VIEW_FULL)
		buf_addf(c->b, "Assignee:  %s\n", is->assignee ? is->assignee : "nobody yet");
	buf_adds(c->b, "\n");
}

static int
render_person_issue(struct ctx *c, const struct person *p, const json_t *pl,
	struct outmsg *m)
{
	struct svc as = *c->svc;
	struct issue is = {0};
	struct relation rel;
	enum state st;
	enum view v;
	const char *k = c->e->kind, *to = json_string_value(json_object_get(pl, "to"));
	int rc;

	/* the recipient's own view, now */
	as.me = *p;
	as.system = as.restricted = as.read_only = as.via_token = as.networked = false;
	as.mail_gateway = false;
	if ((rc = acc_relation(&as, c->e->issue_id, &rel, &st)) < 0)
		return rc == ERR_NOTFOUND ? ERR_PERM : rc;
	v = visibility_view(&rel, st);
	if (v < VIEW_REPORTER || (rc = store_issue_get(c->svc->st, c->e->issue_id, &is)) < 0)
		return v < VIEW_REPORTER ? ERR_PERM : rc;
	person_fields(c, &is, v);
	if (strcmp(k, "issue.comment") == 0)
		rc = render_comment(c, pl, v);
	else if (strcmp(k, "issue.new") == 0)
		buf_addf(c->b, "A new vulnerability report arrived (source: %s).\n",
			source_name(is.source));
	else if (strcmp(k, "issue.ack") == 0 || (to && strcmp(to, "triage") == 0 &&
	    v == VIEW_REPORTER))
		buf_adds(c->b, "Your report was received and is being triaged. Reply to this "
			"message to add\ninformation: your reply is added to the report.\n");
	else if (strcmp(k, "issue.assign") == 0)
		buf_adds(c->b, "The issue's assignee changed (see above).\n");
	else
		buf_addf(c->b, "The issue moved from %s to %s.\n",
			json_string_value(json_object_get(pl, "from")) ?
			json_string_value(json_object_get(pl, "from")) : "?", to ? to : "?");
	link_line(c);
	issue_release(&is);
	if (rc == 0 && !(m->subject = strdup(person_phrase(k, to))))
		rc = ERR_NOMEM;
	return rc;
}

static int
render_person(struct ctx *c, const struct delivery *dl, struct outmsg *m)
{
	struct person p = {0};
	json_t *pl = json_loads(c->e->payload, 0, NULL);
	int rc;

	if (!pl)
		return ERR_NOMEM;
	if ((rc = store_person_get_id(c->svc->st, dl->person_id, &p)) < 0) {
		rc = rc == ERR_NOTFOUND ? ERR_PERM : rc;
		goto out;
	}
	/* disabled, lost the role or the access, or changed address: nothing */
	if (!notify_person_may(c->svc, c->e, &p) || strcmp(p.email, dl->address) != 0) {
		rc = ERR_PERM;
		goto out;
	}
	if (p.name && !(m->to_name = strdup(p.name))) {
		rc = ERR_NOMEM;
		goto out;
	}
	if (strcmp(c->e->kind, "alert.request") == 0) {
		buf_addf(c->b, "A request to join the vulnerability-alerts list (member %lld) "
			"waits for a director's decision.\n\n%s/alert-list\n",
			(long long)c->e->member_id, c->base);
		rc = (m->subject = strdup(person_phrase(c->e->kind, NULL))) ? 0 : ERR_NOMEM;
	} else {
		rc = render_person_issue(c, &p, pl, m);
	}
out:
	person_release(&p);
	json_decref(pl);
	return rc;
}

static int
finish(struct ctx *c, struct outmsg *m)
{
	char *org = mail_setting(c->svc, "org_name");
	struct buf s;
	int rc;

	buf_adds(c->b, "\n-- \nvigil, the security process");
	if (org)
		buf_addf(c->b, " of %s", org);
	buf_adds(c->b, ". This message was sent to you alone;\nplease do not forward it "
		"while an issue it names is under embargo.\n");
	free(org);
	buf_init(&s, 256);
	buf_addf(&s, "[%s] %s", c->key[0] ? c->key : "vigil", m->subject);
	if ((rc = buf_err(c->b)) < 0 || (rc = buf_err(&s)) < 0) {
		buf_release(&s);
		return rc;
	}
	free(m->subject);
	m->subject = buf_detach(&s);
	m->body = buf_detach(c->b);
	return m->subject && m->body ? 0 : ERR_NOMEM;
}

int
notify_render(struct svc *svc, const struct outbox_event *e, const struct delivery *dl,
	struct outmsg *m)
{
	struct buf b;
	struct ctx c = {svc, e, &b, "", NULL};
	int rc;

	if (!(c.base = mail_setting(svc, "base_url")))
		return ERR_NOMEM;
	if (e->issue_id)
		svc_key(svc, e->issue_id, c.key);
	buf_init(&b, BODY_MAX);
	if (dl->member_id)
		rc = render_member(&c, dl, m);
	else if (dl->person_id)
		rc = render_person(&c, dl, m);
	else
		rc = ERR_PERM;
	if (rc == 0)
		rc = finish(&c, m);
	buf_release(&b);
	free(c.base);
	return rc;
}
