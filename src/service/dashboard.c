/*
 * dashboard.c — the PSIRT dashboard (see dashboard.h): queues by state,
 * overdue acknowledgements and fixes, embargoes ending soon, unassigned
 * and unscored issues. It starts from the need-to-know gate like
 * svc_issue_list(): hidden issues are dropped before any filter, search,
 * count or list looks at them, and each issue is redacted to its viewer's
 * view before the filters compare fields (so a priority filter only ever
 * matches issues whose priority the viewer sees). Handles untrusted input
 * (the filter values).
 */
#include "service/internal.h"
#include "service/dashboard.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "model/deadline.h"
#include "core/banned.h"

static void
item_release(struct dash_item *it)
{
	free(it->title);
	free(it->subsystem);
	free(it->assignee);
	free(it->severity);
}

static void
list_release(struct dash_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		item_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
dashboard_release(struct dashboard *b)
{
	if (!b)
		return;
	for (int s = 0; s < ST__COUNT; s++)
		list_release(&b->by_state[s]);
	list_release(&b->ack_overdue);
	list_release(&b->fix_overdue);
	list_release(&b->embargo_soon);
	list_release(&b->unassigned);
	list_release(&b->unscored);
	search_hits_free(b->hits, b->nhits);
	strlist_release(&b->subsystems);
	memset(b, 0, sizeof(*b));
}

static char *
dup_opt(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Append is (as the viewer sees it) to l with the list's date. */
static int
add_item(struct svc *svc, struct dash_list *l, const struct issue_view *iv, int64_t due,
	int64_t days)
{
	const struct issue *is = &iv->is;
	struct dash_item *na = realloc(l->v, (l->n + 1) * sizeof(*na)), *it;

	if (!na)
		return ERR_NOMEM;
	l->v = na;
	it = &l->v[l->n];
	memset(it, 0, sizeof(*it));
	svc_key(svc, is->id, it->key);
	it->id = is->id;
	it->state = is->state;
	it->view = iv->view;
	it->priority = is->priority;
	it->score = is->cvss_score;
	it->reported_at = is->reported_at;
	it->due = due;
	it->days = days;
	it->title = dup_opt(is->title);
	it->subsystem = dup_opt(is->subsystem);
	it->assignee = dup_opt(is->assignee);
	it->severity = is->cvss ? dup_opt(is->cvss_severity) : NULL;
	l->n++;
	if (!it->title || (is->subsystem && !it->subsystem) ||
	    (is->assignee && !it->assignee))
		return ERR_NOMEM;
	return 0;
}

/* The parsed filters. */
struct dash_match {
	int state;                /* -1: any */
	int priority;             /* 0: any */
	const char *subsystem;    /* NULL: any */
	const struct search_hit *hits;  /* the search, when given */
	size_t nhits;
	bool searched;
};

static bool
blank(const char *s)
{
	return !s || !*s;
}

static int
parse_filter(struct svc *svc, const struct dash_filter *f, struct dash_match *m,
	struct dashboard *b, struct errdetail *d)
{
	enum state st;
	int rc;

	m->state = -1;
	if (!blank(f->state)) {
		if (state_parse(f->state, &st) < 0)
			return err_set(d, ERR_INVAL, "state", "must be one of new, triage, assigned, "
				"review, accepted, released, public, rejected");
		m->state = (int)st;
	}
	if (!blank(f->priority) && priority_parse(f->priority, &m->priority) < 0)
		return err_set(d, ERR_INVAL, "priority", "must be P1, P2, P3 or P4");
	if (!blank(f->subsystem)) {
		if (text_check(d, "subsystem", f->subsystem, LIM_SUBSYSTEM_MAX, TEXT_LINE) < 0)
			return ERR_INVAL;
		m->subsystem = f->subsystem;
	}
	if (!blank(f->q)) {
		/* the search runs inside what the viewer may see (search.c) */
		if ((rc = svc_search(svc, f->q, &b->hits, &b->nhits, d)) < 0)
			return rc;
		b->searched = m->searched = true;
		m->hits = b->hits;
		m->nhits = b->nhits;
	}
	return 0;
}

static bool
matches(const struct dash_match *m, const struct issue *is)
{
	bool found = !m->searched;

	if (m->state >= 0 && (int)is->state != m->state)
		return false;
	if (m->priority && is->priority != m->priority)
		return false;
	if (m->subsystem && (!is->subsystem || strcmp(is->subsystem, m->subsystem) != 0))
		return false;
	for (size_t i = 0; !found && i < m->nhits; i++)
		found = m->hits[i].id == is->id;
	return found;
}

static bool
is_open(enum state s)
{
	return s != ST_PUBLIC && s != ST_REJECTED;
}

/* Whole days from a to b, rounded down (b after a). */
static int64_t
days(int64_t a, int64_t b)
{
	return b > a ? (b - a) / CLOCK_DAY : 0;
}

/* Put one visible, matching issue into every list it belongs to. */
static int
sort_in(struct svc *svc, struct dashboard *b, const struct issue_view *iv)
{
	const struct issue *is = &iv->is;
	int64_t now = b->now;
	int rc;

	b->total++;
	b->counts[is->state]++;
	if ((rc = add_item(svc, &b->by_state[is->state], iv, is->reported_at, 0)) < 0)
		return rc;
	if (deadline_ack_overdue(is, now) && (rc = add_item(svc, &b->ack_overdue, iv,
	    deadline_ack_due(is), days(deadline_ack_due(is), now))) < 0)
		return rc;
	if (deadline_fix_overdue(is, now) && (rc = add_item(svc, &b->fix_overdue, iv,
	    deadline_fix_due(is), days(deadline_fix_due(is), now))) < 0)
		return rc;
	/* days left count the day the embargo ends in: 9.6 days is "10 days left" */
	if (deadline_embargo_soon(is, now) && (rc = add_item(svc, &b->embargo_soon, iv,
	    is->embargo_until, days(now, is->embargo_until + CLOCK_DAY - 1))) < 0)
		return rc;
	/* who works on it is shown only with the full view */
	if (is_open(is->state) && is->state != ST_NEW && iv->view == VIEW_FULL &&
	    !is->assignee_id && (rc = add_item(svc, &b->unassigned, iv, is->reported_at, 0)) < 0)
		return rc;
	if (is_open(is->state) && !is->cvss &&
	    (rc = add_item(svc, &b->unscored, iv, is->reported_at, 0)) < 0)
		return rc;
	return 0;
}

static int
by_due(const void *a, const void *b)
{
	const struct dash_item *x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void
sort_due(struct dash_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), by_due);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Drop the hits the other filters exclude, so the results agree with the lists. */
static void
filter_hits(struct dashboard *b)
{
	size_t keep = 0;

	for (size_t i = 0; i < b->nhits; i++) {
		bool shown = false;

		for (int s = 0; s < ST__COUNT && !shown; s++)
			for (size_t j = 0; j < b->by_state[s].n && !shown; j++)
				shown = b->by_state[s].v[j].id == b->hits[i].id;
		if (shown) {
			b->hits[keep++] = b->hits[i];
		} else {
			free(b->hits[i].title);
			free(b->hits[i].snippet);
		}
	}
	b->nhits = keep;
}

int
svc_dashboard(struct svc *svc, const struct dash_filter *f, struct dashboard *ret,
	struct errdetail *d)
{
	struct dashboard b = {0};
	struct dash_match m = {0};
	struct issue_rel *rels = NULL;
	size_t nrels = 0;
	int rc;

	b.now = clock_now();
	if ((rc = parse_filter(svc, f, &m, &b, d)) < 0)
		goto out;
	if ((rc = acc_relations(svc, &rels, &nrels)) < 0) {
		err_set(d, rc, "db", "cannot list issues");
		goto out;
	}
	for (size_t i = 0; i < nrels; i++) {
		struct issue_view iv = {0};

		iv.view = visibility_view(&rels[i].rel, rels[i].state);
		if (iv.view == VIEW_NONE)
			continue; /* dropped before anything else looks at it */
		if ((rc = store_issue_get(svc->st, rels[i].id, &iv.is)) < 0) {
			err_set(d, rc, "db", "cannot read an issue");
			goto out;
		}
		acc_redact(svc, &iv);
		/* the filter's choices: every subsystem among the visible issues */
		if (iv.is.subsystem && !strlist_has(&b.subsystems, iv.is.subsystem))
			rc = strlist_add(&b.subsystems, iv.is.subsystem);
		if (rc == 0 && matches(&m, &iv.is))
			rc = sort_in(svc, &b, &iv);
		issue_view_release(&iv);
		if (rc < 0) {
			err_set(d, rc, "db", "cannot build the dashboard");
			goto out;
		}
	}
	sort_due(&b.ack_overdue);
	sort_due(&b.fix_overdue);
	sort_due(&b.embargo_soon);
	if (b.subsystems.n)
		qsort(b.subsystems.v, b.subsystems.n, sizeof(char *), by_name);
	if (b.searched)
		filter_hits(&b);
	*ret = b;
	memset(&b, 0, sizeof(b));
out:
	free(rels);
	dashboard_release(&b);
	return rc;
}
