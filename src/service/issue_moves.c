/*
 * issue_moves.c — what the acting person may do on one issue, for the
 * issue page: the workflow moves the policy table lets them take, each
 * with whether its guard holds now and what is missing (the same
 * flow_facts() and workflow_check() that svc_issue_move() runs), and the
 * other actions the policy allows them. The page shows only these forms;
 * the service still checks every submitted one again. Also the issue's
 * history as the page shows it, with the views counted per person. A
 * hidden issue is ERR_NOTFOUND like a missing one.
 */
#include "service/internal.h"
#include "service/dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "model/deadline.h"
#include "core/banned.h"

void
issue_moves_release(struct issue_moves *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		strlist_release(&m->v[i].releases);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static enum move_kind
move_kind(enum state from, enum state to)
{
	if (workflow_is_backward(from, to))
		return MOVE_BACK;
	switch (to) {
	case ST_TRIAGE:
		return MOVE_ACK;
	case ST_ASSIGNED:
		return MOVE_ASSIGN;
	case ST_RELEASED:
		return MOVE_RELEASE;
	case ST_PUBLIC:
		return MOVE_PUBLISH;
	case ST_REJECTED:
		return MOVE_REJECT;
	default:
		return MOVE_FORWARD;
	}
}

/* Keep the guard's reason ("cannot move to X: missing: a, b") as missing. */
static void
set_missing(struct issue_move *mv, int rc, const struct errdetail *d)
{
	mv->ready = rc == 0;
	if (rc < 0)
		snprintf(mv->missing, sizeof(mv->missing), "%s", d->reason);
}

/* accepted -> released: the releases whose facts pass the guard. */
static int
release_move(struct svc *svc, const struct issue *is, struct issue_move *mv)
{
	struct release *rels = NULL;
	size_t n = 0;
	int rc;

	if ((rc = store_release_list(svc->st, &rels, &n)) < 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct wf_facts f = {0};
		struct errdetail d = {0};

		if ((rc = flow_facts(svc, is, rels[i].name, &f)) == 0 &&
		    workflow_check(is, ST_RELEASED, &f, &d) == 0)
			rc = strlist_add(&mv->releases, rels[i].name);
	}
	OBJ_LIST_FREE(rels, n, release_release);
	if (rc < 0)
		return rc;
	mv->ready = mv->releases.n > 0;
	if (!mv->ready)
		snprintf(mv->missing, sizeof(mv->missing), "cannot move to released: missing: "
			"a release that contains a merged fix");
	return 0;
}

static void
publish_move(struct svc *svc, const struct issue *is, struct issue_move *mv)
{
	mv->ready = true;
	if (deadline_embargo_over(is, clock_now()))
		mv->publish = PUBLISH_NOW;
	else if (!is->publish_proposed_by)
		mv->publish = PUBLISH_PROPOSE;
	else if (is->publish_proposed_by == svc->me.id)
		mv->publish = PUBLISH_WAITING;
	else
		mv->publish = PUBLISH_CONFIRM;
	if (mv->publish == PUBLISH_PROPOSE && is->state != ST_RELEASED) {
		mv->ready = false;
		snprintf(mv->missing, sizeof(mv->missing), "cannot move to public: missing: end "
			"of embargo, or a released fix and early publication confirmed by a "
			"second psirt member");
	} else if (mv->publish == PUBLISH_WAITING) {
		mv->ready = false;
		snprintf(mv->missing, sizeof(mv->missing), "early publication proposed by you: "
			"a second, different psirt member must confirm");
	}
}

/* The guard of one move, from the facts svc_issue_move() would gather. */
static int
judge(struct svc *svc, struct issue *is, struct issue_move *mv)
{
	struct wf_facts f = {0};
	struct errdetail d = {0};
	int64_t assignee = is->assignee_id;
	int rc;

	switch (mv->kind) {
	case MOVE_RELEASE:
		return release_move(svc, is, mv);
	case MOVE_PUBLISH:
		publish_move(svc, is, mv);
		return 0;
	case MOVE_ACK:
	case MOVE_BACK:
	case MOVE_REJECT:
		mv->ready = true;  /* no guard beyond the form's own fields */
		return 0;
	default:
		break;
	}
	if ((rc = flow_facts(svc, is, NULL, &f)) < 0)
		return rc;
	/* the assign form names the assignee: judge the rest */
	if (mv->kind == MOVE_ASSIGN && !is->assignee_id)
		is->assignee_id = -1;
	set_missing(mv, workflow_check(is, mv->to, &f, &d), &d);
	is->assignee_id = assignee;
	return 0;
}

int
svc_issue_moves(struct svc *svc, const char *key, struct issue_moves *ret,
	struct errdetail *d)
{
	struct issue_moves m = {0};
	struct relation rel;
	struct issue is = {0};
	int rc;

	if ((rc = acc_issue(svc, key, &is, &rel, NULL, d)) < 0)
		return rc;
	m.from = is.state;
	if (!(m.v = calloc(ST__COUNT, sizeof(*m.v)))) {
		rc = ERR_NOMEM;
		goto out;
	}
	for (int s = 0; s < ST__COUNT && !svc->read_only; s++) {
		enum state to = (enum state)s;
		struct issue_move *mv = &m.v[m.n];

		/* once the embargo is over, publication takes any open issue (SPEC §4) */
		bool move = workflow_is_move(is.state, to) || (to == ST_PUBLIC &&
			is.state != ST_REJECTED && is.state != ST_PUBLIC &&
			deadline_embargo_over(&is, clock_now()));

		if (!move || !policy_issue_allows(flow_move_action(is.state, to), &rel, is.state))
			continue;
		mv->to = to;
		mv->kind = move_kind(is.state, to);
		m.n++;
		if ((rc = judge(svc, &is, mv)) < 0) {
			err_set(d, rc, "db", "cannot read the issue's fixes");
			goto out;
		}
	}
	*ret = m;
	memset(&m, 0, sizeof(m));
out:
	issue_moves_release(&m);
	issue_release(&is);
	return rc;
}

int
svc_issue_abilities(struct svc *svc, const char *key, struct issue_abilities *ret,
	struct errdetail *d)
{
	struct issue_abilities a = {0};
	struct relation rel;
	struct issue is = {0};
	enum state st;
	int rc;

	if ((rc = acc_issue(svc, key, &is, &rel, NULL, d)) < 0)
		return rc;
	st = is.state;
	issue_release(&is);
	a.see_internal = policy_issue_allows(IA_SEE_INTERNAL, &rel, st);
	if (!svc->read_only) {
		a.comment_shared = policy_issue_allows(IA_COMMENT_SHARED, &rel, st);
		a.comment_internal = policy_issue_allows(IA_COMMENT_INTERNAL, &rel, st);
		a.attach = policy_issue_allows(IA_ATTACH, &rel, st);
		a.set_triage = policy_issue_allows(IA_SET_TRIAGE, &rel, st);
		a.set_technical = policy_issue_allows(IA_SET_TECHNICAL, &rel, st);
		a.fix = policy_issue_allows(IA_FIX, &rel, st);
		a.backport = policy_issue_allows(IA_BACKPORT, &rel, st);
		a.cve = policy_issue_allows(IA_CVE, &rel, st);
		a.grant = policy_issue_allows(IA_GRANT, &rel, st);
		a.assign = policy_issue_allows(IA_ASSIGN, &rel, st);
	}
	*ret = a;
	return 0;
}

void
issue_history_release(struct issue_history *h)
{
	if (!h)
		return;
	OBJ_LIST_FREE(h->ev, h->n, audit_event_release);
	for (size_t i = 0; i < h->nviewers; i++)
		free(h->viewers[i].who);
	free(h->viewers);
	memset(h, 0, sizeof(*h));
}

int
svc_issue_history_page(struct svc *svc, const char *key, struct issue_history *ret,
	struct errdetail *d)
{
	struct issue_history h = {0};
	struct audit_tally *t = NULL;
	size_t tn = 0;
	int rc;

	/* the gate of svc_issue_history(): the history is for the full view */
	if ((rc = acc_issue_do(svc, key, IA_SEE_INTERNAL, NULL, NULL, d)) < 0)
		return rc;
	if ((rc = store_audit_history(svc->st, key, "issue.view", ISSUE_HISTORY_MAX, &h.ev,
	    &h.n, &t, &tn)) < 0)
		return err_set(d, rc, "db", "cannot read the history");
	if (tn && !(h.viewers = calloc(tn, sizeof(*h.viewers)))) {
		audit_tally_free(t, tn);
		issue_history_release(&h);
		return err_set(d, ERR_NOMEM, "db", "cannot read the history");
	}
	for (size_t i = 0; i < tn; i++) {
		/* the names move over; the tallies' array alone is freed */
		h.viewers[i] = (struct issue_viewer){ .who = t[i].actor, .views = t[i].count,
			.last_at = t[i].last_at };
		t[i].actor = NULL;
	}
	h.nviewers = tn;
	audit_tally_free(t, tn);
	*ret = h;
	return 0;
}
