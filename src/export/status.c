/*
 * status.c — the JSON and text renderings of the status report (see
 * status.h); the HTML page with its charts is status_html.c.
 */
#include "export/status.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/banned.h"

void
status_bucket_label(int b, char *out, size_t n)
{
	int lo = b == 0 ? 0 : status_bucket_max[b - 1] + 1;

	if (b >= STATUS_BUCKETS - 1)
		snprintf(out, n, "%d+", lo);
	else
		snprintf(out, n, "%d-%d", lo, status_bucket_max[b]);
}

static json_t *
date_or_null(int64_t t)
{
	char date[16];

	if (!t)
		return json_null();
	clock_fmt_date(t, date, sizeof(date));
	return json_string(date);
}

static json_t *
state_counts(const int64_t *counts)
{
	json_t *o = json_object();

	for (int s = 0; o && s < ST__COUNT; s++)
		json_object_set_new(o, state_name((enum state)s), json_integer(counts[s]));
	return o;
}

static json_t *
items(const struct status_item *v, size_t n, const char *date_name)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:o}", "key", v[i].key, date_name,
			date_or_null(v[i].date)));
	return a;
}

static json_t *
releases(const struct status_report *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < r->nreleases; i++) {
		json_t *c = json_object();

		for (int s = 0; c && s < STATUS_BP_STATES; s++)
			json_object_set_new(c, backport_state_name((enum backport_state)s),
				json_integer(r->releases[i].counts[s]));
		json_array_append_new(a, json_pack("{s:s,s:o}", "release", r->releases[i].name,
			"counts", c));
	}
	return a;
}

static json_t *
median_json(const struct status_median *m)
{
	return json_pack("{s:I,s:o}", "issues", (json_int_t)m->n, "days",
		m->n ? json_real(m->days) : json_null());
}

static json_t *
charts(const struct status_report *r)
{
	json_t *months = json_array(), *hist = json_array();
	char label[32];

	for (size_t i = 0; months && i < r->nmonths; i++) {
		snprintf(label, sizeof(label), "%04d-%02d", r->months[i].year, r->months[i].month);
		json_array_append_new(months, json_pack("{s:s,s:o}", "month", label, "counts",
			state_counts(r->months[i].counts)));
	}
	for (int b = 0; hist && b < STATUS_BUCKETS; b++) {
		status_bucket_label(b, label, sizeof(label));
		json_array_append_new(hist, json_pack("{s:s,s:i,s:o,s:I}", "bucket", label,
			"min_days", b == 0 ? 0 : status_bucket_max[b - 1] + 1, "max_days",
			b < STATUS_BUCKETS - 1 ? json_integer(status_bucket_max[b]) : json_null(),
			"issues", (json_int_t)r->fix_hist[b]));
	}
	return json_pack("{s:o,s:o}", "states_by_month", months, "time_to_fix", hist);
}

json_t *
status_json(const struct status_report *r)
{
	return json_pack("{s:o,s:o,s:o,s:I,s:o,s:{s:o,s:o},s:o,s:o,s:{s:o,s:o,s:o},s:o}",
		"generated", date_or_null(r->now), "since", date_or_null(r->since),
		"until", date_or_null(r->until), "total", (json_int_t)r->total,
		"counts", state_counts(r->counts),
		"overdue", "acknowledge", items(r->ack_overdue, r->nack_overdue, "due"),
		"fix", items(r->fix_overdue, r->nfix_overdue, "due"),
		"embargo_ending", items(r->embargo_soon, r->nembargo_soon, "until"),
		"backports", releases(r),
		"median_days", "acknowledge", median_json(&r->to_ack), "fix",
		median_json(&r->to_fix), "publish", median_json(&r->to_publish),
		"charts", charts(r));
}

static void
text_items(struct buf *b, const char *title, const char *what,
	const struct status_item *v, size_t n)
{
	char date[16];

	buf_addf(b, "\n%s: %zu\n", title, n);
	for (size_t i = 0; i < n; i++) {
		clock_fmt_date(v[i].date, date, sizeof(date));
		buf_addf(b, "  %-12s %s %s\n", v[i].key, what, date);
	}
}

static void
text_median(struct buf *b, const char *what, const struct status_median *m)
{
	if (m->n)
		buf_addf(b, "  %-12s %.1f days (%zu issues)\n", what, m->days, m->n);
	else
		buf_addf(b, "  %-12s -\n", what);
}

static void
text_backports(struct buf *b, const struct status_report *r)
{
	buf_addf(b, "\nBackports per release:\n");
	if (!r->nreleases)
		buf_adds(b, "  none\n");
	for (size_t i = 0; i < r->nreleases; i++) {
		buf_addf(b, "  %-12s", r->releases[i].name);
		for (int s = 0; s < STATUS_BP_STATES; s++)
			buf_addf(b, " %s %lld", backport_state_name((enum backport_state)s),
				(long long)r->releases[i].counts[s]);
		buf_addc(b, '\n');
	}
}

int
status_text(const struct status_report *r, struct buf *b)
{
	char now[16], since[16] = "start", until[16] = "now", label[32];

	clock_fmt_date(r->now, now, sizeof(now));
	if (r->since)
		clock_fmt_date(r->since, since, sizeof(since));
	if (r->until)
		clock_fmt_date(r->until, until, sizeof(until));
	buf_addf(b, "Status of security issues on %s (period %s to %s)\n\n", now, since, until);
	buf_addf(b, "Issues: %lld\n", (long long)r->total);
	for (int s = 0; s < ST__COUNT; s++)
		buf_addf(b, "  %-12s %lld\n", state_name((enum state)s), (long long)r->counts[s]);
	text_items(b, "Overdue acknowledgements", "due", r->ack_overdue, r->nack_overdue);
	text_items(b, "Overdue fixes", "due", r->fix_overdue, r->nfix_overdue);
	text_items(b, "Embargoes ending within 14 days", "ends", r->embargo_soon,
		r->nembargo_soon);
	text_backports(b, r);
	buf_adds(b, "\nMedian days (issues reported in the period):\n");
	text_median(b, "acknowledge", &r->to_ack);
	text_median(b, "fix", &r->to_fix);
	text_median(b, "publish", &r->to_publish);
	buf_adds(b, "\nTime to fix (days):\n");
	for (int i = 0; i < STATUS_BUCKETS; i++) {
		status_bucket_label(i, label, sizeof(label));
		buf_addf(b, "  %-12s %lld\n", label, (long long)r->fix_hist[i]);
	}
	return buf_err(b);
}
