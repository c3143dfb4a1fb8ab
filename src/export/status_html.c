/*
 * status_html.c — the status report as one self-contained HTML page: a
 * <style> block, tables, and two charts drawn here as inline SVG (issues
 * by state at each month's end as stacked bars, and the time-to-fix
 * histogram). No scripts, no external resources. Every text that comes
 * from data goes through html_text() (export/html.c), which escapes
 * & < > " ' for HTML and XML alike, so the SVG parts are well-formed XML
 * whatever the data holds.
 */
#include "export/status.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "export/html.h"
#include "core/banned.h"

#define CHART_W 720
#define CHART_H 260
#define PAD_L 48
#define PAD_B 48
#define PAD_T 16

static const char *const colors[ST__COUNT] = {
	"#d62728", "#ff7f0e", "#bcbd22", "#9467bd", "#1f77b4", "#17becf", "#2ca02c",
	"#7f7f7f",
};

static const char style[] =
	"<style>\n"
	"body{font-family:sans-serif;margin:2em;color:#222}\n"
	"table{border-collapse:collapse;margin:0.5em 0 1.5em}\n"
	"th,td{border:1px solid #ccc;padding:0.2em 0.6em;text-align:left}\n"
	"td.n{text-align:right}\n"
	"svg{display:block;margin:0.5em 0 1.5em}\n"
	"svg text{font-size:11px;font-family:sans-serif}\n"
	"</style>\n";

static void
date_cell(struct buf *b, int64_t t)
{
	char date[16];

	clock_fmt_date(t, date, sizeof(date));
	buf_adds(b, "<td>");
	html_text(b, date);
	buf_adds(b, "</td>");
}

static void
item_table(struct buf *b, const char *title, const char *col,
	const struct status_item *v, size_t n)
{
	buf_addf(b, "<h2>%s (%zu)</h2>\n", title, n);
	if (!n) {
		buf_adds(b, "<p>None.</p>\n");
		return;
	}
	buf_addf(b, "<table><tr><th>Issue</th><th>%s</th></tr>\n", col);
	for (size_t i = 0; i < n; i++) {
		buf_adds(b, "<tr><td>");
		html_text(b, v[i].key);
		buf_adds(b, "</td>");
		date_cell(b, v[i].date);
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</table>\n");
}

static void
counts_table(struct buf *b, const struct status_report *r)
{
	buf_addf(b, "<h2>Issues by state (%lld)</h2>\n<table>\n", (long long)r->total);
	for (int s = 0; s < ST__COUNT; s++) {
		buf_adds(b, "<tr><th>");
		html_text(b, state_name((enum state)s));
		buf_addf(b, "</th><td class=\"n\">%lld</td></tr>\n", (long long)r->counts[s]);
	}
	buf_adds(b, "</table>\n");
}

static void
backport_table(struct buf *b, const struct status_report *r)
{
	buf_adds(b, "<h2>Backports per release</h2>\n");
	if (!r->nreleases) {
		buf_adds(b, "<p>None.</p>\n");
		return;
	}
	buf_adds(b, "<table><tr><th>Release</th>");
	for (int s = 0; s < STATUS_BP_STATES; s++) {
		buf_adds(b, "<th>");
		html_text(b, backport_state_name((enum backport_state)s));
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr>\n");
	for (size_t i = 0; i < r->nreleases; i++) {
		buf_adds(b, "<tr><td>");
		html_text(b, r->releases[i].name);
		buf_adds(b, "</td>");
		for (int s = 0; s < STATUS_BP_STATES; s++)
			buf_addf(b, "<td class=\"n\">%lld</td>", (long long)r->releases[i].counts[s]);
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</table>\n");
}

static void
median_rows(struct buf *b, const struct status_report *r)
{
	const struct status_median *m[3] = {&r->to_ack, &r->to_fix, &r->to_publish};
	const char *what[3] = {"acknowledge", "fix", "publish"};

	buf_adds(b, "<h2>Median days (issues reported in the period)</h2>\n<table>\n"
		"<tr><th>To</th><th>Days</th><th>Issues</th></tr>\n");
	for (int i = 0; i < 3; i++) {
		buf_addf(b, "<tr><th>%s</th>", what[i]);
		if (m[i]->n)
			buf_addf(b, "<td class=\"n\">%.1f</td>", m[i]->days);
		else
			buf_adds(b, "<td class=\"n\">-</td>");
		buf_addf(b, "<td class=\"n\">%zu</td></tr>\n", m[i]->n);
	}
	buf_adds(b, "</table>\n");
}

/* The y axis of a chart whose tallest bar is top (at least 1). */
static void
axis(struct buf *b, int64_t top)
{
	int plot_h = CHART_H - PAD_T - PAD_B;

	buf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>\n",
		PAD_L, PAD_T, PAD_L, PAD_T + plot_h);
	buf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>\n",
		PAD_L, PAD_T + plot_h, CHART_W - 8, PAD_T + plot_h);
	buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld</text>\n", PAD_L - 4,
		PAD_T + 10, (long long)top);
	buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>\n", PAD_L - 4,
		PAD_T + plot_h);
}

static void
month_bars(struct buf *b, const struct status_report *r, int64_t top)
{
	int plot_w = CHART_W - PAD_L - 8, plot_h = CHART_H - PAD_T - PAD_B;
	double bw = (double)plot_w / (double)(r->nmonths ? r->nmonths : 1);
	size_t every = r->nmonths / 12 + 1;
	char label[16];

	for (size_t i = 0; i < r->nmonths; i++) {
		double x = PAD_L + bw * (double)i, y = PAD_T + plot_h;

		snprintf(label, sizeof(label), "%04d-%02d", r->months[i].year, r->months[i].month);
		for (int s = 0; s < ST__COUNT; s++) {
			double h = (double)plot_h * (double)r->months[i].counts[s] / (double)top;

			if (!r->months[i].counts[s])
				continue;
			y -= h;
			buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				"fill=\"%s\"><title>", x + 1, y, bw > 2 ? bw - 2 : bw, h, colors[s]);
			html_text(b, label);
			buf_adds(b, " ");
			html_text(b, state_name((enum state)s));
			buf_addf(b, ": %lld</title></rect>\n", (long long)r->months[i].counts[s]);
		}
		if (i % every == 0) {
			buf_addf(b, "<text x=\"%.1f\" y=\"%d\">", x + 1, PAD_T + plot_h + 14);
			html_text(b, label);
			buf_adds(b, "</text>\n");
		}
	}
}

static void
month_chart(struct buf *b, const struct status_report *r)
{
	int64_t top = 1;

	for (size_t i = 0; i < r->nmonths; i++) {
		int64_t sum = 0;

		for (int s = 0; s < ST__COUNT; s++)
			sum += r->months[i].counts[s];
		if (sum > top)
			top = sum;
	}
	buf_adds(b, "<h2>Issues by state at the end of each month</h2>\n");
	buf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"issues by state per month\">\n",
		CHART_W, CHART_H, CHART_W, CHART_H);
	axis(b, top);
	month_bars(b, r, top);
	for (int s = 0; s < ST__COUNT; s++) {
		int x = PAD_L + s * 84;

		buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\">", x, CHART_H - 16, colors[s], x + 14, CHART_H - 7);
		html_text(b, state_name((enum state)s));
		buf_adds(b, "</text>\n");
	}
	buf_adds(b, "</svg>\n");
}

static void
histogram(struct buf *b, const struct status_report *r)
{
	int plot_w = CHART_W - PAD_L - 8, plot_h = CHART_H - PAD_T - PAD_B;
	double bw = (double)plot_w / STATUS_BUCKETS;
	int64_t top = 1;
	char label[32];

	for (int i = 0; i < STATUS_BUCKETS; i++)
		if (r->fix_hist[i] > top)
			top = r->fix_hist[i];
	buf_adds(b, "<h2>Time to fix (days from report to accepted)</h2>\n");
	buf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"time to fix\">\n",
		CHART_W, CHART_H, CHART_W, CHART_H);
	axis(b, top);
	for (int i = 0; i < STATUS_BUCKETS; i++) {
		double h = (double)plot_h * (double)r->fix_hist[i] / (double)top;
		double x = PAD_L + bw * i;

		status_bucket_label(i, label, sizeof(label));
		buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			"fill=\"#1f77b4\"><title>", x + 4, PAD_T + plot_h - h, bw - 8, h);
		html_text(b, label);
		buf_addf(b, " days: %lld</title></rect>\n", (long long)r->fix_hist[i]);
		buf_addf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x + bw / 2,
			PAD_T + plot_h + 14);
		html_text(b, label);
		buf_addf(b, " (%lld)</text>\n", (long long)r->fix_hist[i]);
	}
	buf_adds(b, "</svg>\n");
}

int
status_html(const struct status_report *r, struct buf *b)
{
	char now[16];

	clock_fmt_date(r->now, now, sizeof(now));
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		"<title>Status of security issues</title>\n");
	buf_adds(b, style);
	buf_adds(b, "</head>\n<body>\n<h1>Status of security issues on ");
	html_text(b, now);
	buf_adds(b, "</h1>\n");
	if (r->since || r->until) {
		buf_adds(b, "<p>Period: ");
		if (r->since)
			clock_fmt_date(r->since, now, sizeof(now));
		html_text(b, r->since ? now : "start");
		buf_adds(b, " to ");
		if (r->until)
			clock_fmt_date(r->until, now, sizeof(now));
		html_text(b, r->until ? now : "now");
		buf_adds(b, "</p>\n");
	}
	counts_table(b, r);
	item_table(b, "Overdue acknowledgements", "Due", r->ack_overdue, r->nack_overdue);
	item_table(b, "Overdue fixes", "Due", r->fix_overdue, r->nfix_overdue);
	item_table(b, "Embargoes ending within 14 days", "Ends", r->embargo_soon,
		r->nembargo_soon);
	backport_table(b, r);
	median_rows(b, r);
	month_chart(b, r);
	histogram(b, r);
	buf_adds(b, "</body>\n</html>\n");
	return buf_err(b);
}
