/*
 * status.c — the status report of SPEC §8 ("regular reports of the state
 * of security issues"): counts per state, overdue acknowledgements and
 * fixes, embargoes ending soon, backport status per release, median times
 * to acknowledge, fix and publish, the states month by month and the
 * time-to-fix histogram. Need to know comes first: every issue is passed
 * through visibility_view() before anything is counted, so a number never
 * tells of an issue the caller could not open. Backports are counted only
 * where the caller's view shows them (as svc_issue_show: not to a
 * reporter, unless the issue is public and so shows them to anyone).
 * The monthly states are approximated from the issue's own timestamps;
 * the renderings live in src/export/status*.c.
 */
#include "service/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "model/deadline.h"
#include "core/banned.h"

const int status_bucket_max[STATUS_BUCKETS - 1] = {7, 14, 30, 60, 90, 180};

/* Durations of the issues reported in the period, in whole days. */
struct samples {
	int64_t *ack, *fix, *pub;
	size_t nack, nfix, npub;
};

void
status_report_release(struct status_report *r)
{
	if (!r)
		return;
	free(r->ack_overdue);
	free(r->fix_overdue);
	free(r->embargo_soon);
	for (size_t i = 0; i < r->nreleases; i++)
		free(r->releases[i].name);
	free(r->releases);
	free(r->months);
	memset(r, 0, sizeof(*r));
}

static int
add_item(struct status_item **list, size_t *n, const char *key, int64_t date)
{
	struct status_item *p = realloc(*list, (*n + 1) * sizeof(**list));

	if (!p)
		return ERR_NOMEM;
	*list = p;
	snprintf(p[*n].key, sizeof(p[*n].key), "%s", key);
	p[*n].date = date;
	(*n)++;
	return 0;
}

static int
cmp_release(const void *a, const void *b)
{
	return strcmp(((const struct status_release *)a)->name,
		((const struct status_release *)b)->name);
}

/* Count the backports of issue id by release and state. */
static int
note_backports(struct svc *svc, int64_t id, struct status_report *r)
{
	struct backport *bp = NULL;
	size_t nbp = 0, j;
	int rc;

	if ((rc = store_backport_list(svc->st, id, &bp, &nbp)) < 0)
		return rc;
	for (size_t i = 0; i < nbp && rc == 0; i++) {
		struct status_release *p;

		for (j = 0; j < r->nreleases; j++)
			if (strcmp(r->releases[j].name, bp[i].release) == 0)
				break;
		if (j == r->nreleases) {
			p = realloc(r->releases, (j + 1) * sizeof(*p));
			if (!p || !(p[j].name = strdup(bp[i].release))) {
				if (p)
					r->releases = p;
				rc = ERR_NOMEM;
				break;
			}
			memset(p[j].counts, 0, sizeof(p[j].counts));
			r->releases = p;
			r->nreleases++;
		}
		if ((unsigned)bp[i].state < STATUS_BP_STATES)
			r->releases[j].counts[bp[i].state]++;
	}
	for (size_t i = 0; i < nbp; i++)
		backport_release(&bp[i]);
	free(bp);
	return rc;
}

static int
note_deadlines(struct svc *svc, const struct issue *is, int64_t now, struct status_report *r)
{
	char key[ISSUE_KEY_MAX];
	int rc = 0;

	svc_key(svc, is->id, key);
	if (deadline_ack_overdue(is, now))
		rc = add_item(&r->ack_overdue, &r->nack_overdue, key, deadline_ack_due(is));
	if (rc == 0 && deadline_fix_overdue(is, now))
		rc = add_item(&r->fix_overdue, &r->nfix_overdue, key, deadline_fix_due(is));
	if (rc == 0 && deadline_embargo_soon(is, now))
		rc = add_item(&r->embargo_soon, &r->nembargo_soon, key, is->embargo_until);
	return rc;
}

static int
add_sample(int64_t **v, size_t *n, int64_t days)
{
	int64_t *p = realloc(*v, (*n + 1) * sizeof(**v));

	if (!p)
		return ERR_NOMEM;
	*v = p;
	p[(*n)++] = days;
	return 0;
}

/* Record the durations of an issue reported in the period. */
static int
note_times(const struct issue *is, struct samples *s, struct status_report *r)
{
	int64_t days;
	int rc = 0;

	if (is->acked_at)
		rc = add_sample(&s->ack, &s->nack, clock_days_between(is->reported_at,
			is->acked_at));
	if (rc == 0 && is->accepted_at) {
		days = clock_days_between(is->reported_at, is->accepted_at);
		rc = add_sample(&s->fix, &s->nfix, days);
		for (int b = 0; rc == 0 && b < STATUS_BUCKETS; b++)
			if (b == STATUS_BUCKETS - 1 || days <= status_bucket_max[b]) {
				r->fix_hist[b]++;
				break;
			}
	}
	if (rc == 0 && is->published_at)
		rc = add_sample(&s->pub, &s->npub, clock_days_between(is->reported_at,
			is->published_at));
	return rc;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static struct status_median
median(int64_t *v, size_t n)
{
	struct status_median m = {n, 0};

	if (n == 0)
		return m;
	qsort(v, n, sizeof(*v), cmp_i64);
	m.days = n % 2 ? (double)v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
	return m;
}

/*
 * The state issue is was in just before end, from its timestamps: the
 * latest of published, released, accepted; acknowledged counts as its
 * current working state (triage, assigned, review) or triage once it has
 * moved on; a rejected issue is rejected from its acknowledgement (or its
 * report when never acknowledged). -1: not reported yet.
 */
static int
state_before(const struct issue *is, int64_t end)
{
	if (is->reported_at >= end)
		return -1;
	if (is->published_at && is->published_at < end)
		return ST_PUBLIC;
	if (is->released_at && is->released_at < end)
		return ST_RELEASED;
	if (is->accepted_at && is->accepted_at < end)
		return ST_ACCEPTED;
	if (is->state == ST_REJECTED && (!is->acked_at || is->acked_at < end))
		return ST_REJECTED;
	if (is->acked_at && is->acked_at < end)
		return is->state >= ST_TRIAGE && is->state <= ST_REVIEW ? (int)is->state :
			ST_TRIAGE;
	return ST_NEW;
}

/* Year and month of t. */
static void
year_month(int64_t t, int *ret_y, int *ret_m)
{
	char date[16];

	clock_fmt_date(t, date, sizeof(date));
	*ret_y = (int)strtol(date, NULL, 10);
	*ret_m = (int)strtol(date + 5, NULL, 10);
}

/* The first second of the month after (y, m). */
static int64_t
month_end(int y, int m)
{
	char date[32];
	int64_t t = 0;

	if (m == 12) {
		y++;
		m = 0;
	}
	snprintf(date, sizeof(date), "%04d-%02d-01", y, m + 1);
	(void)clock_parse_date(date, &t);
	return t;
}

/* Set up the months of the chart: from..to, the last STATUS_MONTHS_MAX. */
static int
months_init(struct status_report *r, int64_t from, int64_t to)
{
	int y, m, ty, tm;
	long total;

	year_month(from, &y, &m);
	year_month(to, &ty, &tm);
	total = (long)(ty - y) * 12 + (tm - m) + 1;
	if (total < 1)
		total = 1;
	if (total > STATUS_MONTHS_MAX) {
		long skip = total - STATUS_MONTHS_MAX;

		y += (int)((m - 1 + skip) / 12);
		m = (int)((m - 1 + skip) % 12) + 1;
		total = STATUS_MONTHS_MAX;
	}
	if (!(r->months = calloc((size_t)total, sizeof(*r->months))))
		return ERR_NOMEM;
	for (long i = 0; i < total; i++) {
		r->months[i].year = y;
		r->months[i].month = m;
		if (++m == 13) {
			m = 1;
			y++;
		}
	}
	r->nmonths = (size_t)total;
	return 0;
}

static void
note_months(const struct issue *is, struct status_report *r)
{
	for (size_t i = 0; i < r->nmonths; i++) {
		int st = state_before(is, month_end(r->months[i].year, r->months[i].month));

		if (st >= 0)
			r->months[i].counts[st]++;
	}
}

static int
parse_period(const char *since, const char *until, struct status_report *r,
	struct errdetail *d)
{
	if (since && clock_parse_date(since, &r->since) < 0)
		return err_set(d, ERR_INVAL, "since", "must be a date YYYY-MM-DD");
	if (until && clock_parse_date(until, &r->until) < 0)
		return err_set(d, ERR_INVAL, "until", "must be a date YYYY-MM-DD");
	if (since && until && r->until < r->since)
		return err_set(d, ERR_INVAL, "until", "is before since");
	return 0;
}

/* The visible issues, loaded: rels filtered by need to know first. */
static int
collect(struct svc *svc, struct status_report *r, struct samples *s, struct issue **ret,
	enum view **ret_views, size_t *ret_n)
{
	struct issue_rel *rels = NULL;
	struct issue *is = NULL;
	enum view *views = NULL;
	size_t nrels = 0, n = 0;
	int64_t until_end = r->until ? r->until + CLOCK_DAY : 0;
	int rc;

	if ((rc = acc_relations(svc, &rels, &nrels)) < 0)
		return rc;
	is = calloc(nrels + 1, sizeof(*is));
	views = calloc(nrels + 1, sizeof(*views));
	if (!is || !views)
		rc = ERR_NOMEM;
	for (size_t i = 0; i < nrels && rc == 0; i++) {
		enum view v = visibility_view(&rels[i].rel, rels[i].state);

		if (v == VIEW_NONE)
			continue; /* filtered before anything looks at it */
		if ((rc = store_issue_get(svc->st, rels[i].id, &is[n])) < 0)
			break;
		views[n++] = v;
		if (is[n - 1].reported_at >= r->since &&
		    (!until_end || is[n - 1].reported_at < until_end))
			rc = note_times(&is[n - 1], s, r);
	}
	free(rels);
	*ret = is;
	*ret_views = views;
	*ret_n = n;
	return rc;
}

static int
build(struct svc *svc, struct status_report *r, struct samples *s, struct issue *is,
	const enum view *views, size_t n)
{
	int64_t first = r->now;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		r->counts[is[i].state]++;
		r->total++;
		if (is[i].reported_at < first)
			first = is[i].reported_at;
		rc = note_deadlines(svc, &is[i], r->now, r);
		/* as svc_issue_show: not to a reporter, unless anyone may see them */
		if (rc == 0 && (views[i] != VIEW_REPORTER || is[i].state == ST_PUBLIC))
			rc = note_backports(svc, is[i].id, r);
	}
	if (rc < 0)
		return rc;
	qsort(r->releases, r->nreleases, sizeof(*r->releases), cmp_release);
	r->to_ack = median(s->ack, s->nack);
	r->to_fix = median(s->fix, s->nfix);
	r->to_publish = median(s->pub, s->npub);
	if ((rc = months_init(r, r->since ? r->since : first, r->until ? r->until :
	    r->now)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		note_months(&is[i], r);
	return 0;
}

int
svc_status(struct svc *svc, const char *since, const char *until,
	struct status_report *ret, struct errdetail *d)
{
	struct status_report r = {0};
	struct samples s = {0};
	struct issue *is = NULL;
	enum view *views = NULL;
	size_t n = 0;
	int rc;

	r.now = clock_now();
	if ((rc = parse_period(since, until, &r, d)) < 0)
		return rc;
	if ((rc = collect(svc, &r, &s, &is, &views, &n)) == 0)
		rc = build(svc, &r, &s, is, views, n);
	for (size_t i = 0; i < n; i++)
		issue_release(&is[i]);
	free(is);
	free(views);
	free(s.ack);
	free(s.fix);
	free(s.pub);
	if (rc < 0) {
		status_report_release(&r);
		return err_set(d, rc, "db", "cannot build the status report");
	}
	*ret = r;
	return 0;
}
