/*
 * page_dashboard.c — the dashboard, GET /dashboard?state=&subsystem=
 * &priority=&q=: issue counts and queues by state, overdue
 * acknowledgements and fixes, embargoes ending within 14 days with the
 * days left, unassigned and unscored issues, filters and full-text search.
 * Everything comes from svc_dashboard(), which counts and lists only what
 * the signed-in person may see (psirt: everything). The filter form is a
 * GET form: it changes nothing. Handles untrusted input (the query) and
 * writes untrusted data (escaped; search snippets are escaped text with
 * the matches marked).
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>

#include "service/dashboard.h"
#include "core/banned.h"

/* An optional query parameter: NULL when absent or empty. */
static const char *
query(struct http_req *req, const char *name)
{
	const char *v = http_query(req, name);

	return v && *v ? v : NULL;
}

static void
key_link(struct buf *b, const char *key)
{
	H(b, "<a href=\"");
	h_url(b, "/issues/%s", key);
	H(b, "\">");
	h_text(b, key);
	H(b, "</a>");
}

/* The snippet as escaped text, the matches in <mark>. */
static void
snippet(struct buf *b, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, "\x02\x03");

		h_textn(b, s, n);
		s += n;
		if (*s == SEARCH_HIT_MARK_OPEN)
			H(b, "<mark>");
		else if (*s == SEARCH_HIT_MARK_CLOSE)
			H(b, "</mark>");
		if (*s)
			s++;
	}
}

static void
select_opt(struct buf *b, const char *value, const char *label, const char *current)
{
	H(b, "<option value=\"");
	h_attr(b, value);
	H(b, "\"");
	if (current && strcmp(current, value) == 0)
		H(b, " selected");
	H(b, ">");
	h_text(b, label);
	H(b, "</option>");
}

static void
filters(struct buf *b, const struct dash_filter *f, const struct dashboard *db)
{
	static const char *const prio[] = {"P1", "P2", "P3", "P4"};

	H(b, "<form method=\"get\" action=\"/dashboard\" class=\"filters\" role=\"search\">"
		"<p class=\"field\"><label for=\"q\">Search</label> <input id=\"q\" name=\"q\" "
		"type=\"search\" maxlength=\"");
	h_int(b, LIM_SEARCH_MAX);
	H(b, "\" value=\"");
	h_attr(b, f->q ? f->q : "");
	H(b, "\" placeholder=\"words in titles, descriptions, comments\"></p>"
		"<p class=\"field\"><label for=\"f-state\">State</label> <select id=\"f-state\" "
		"name=\"state\">");
	select_opt(b, "", "any", f->state);
	for (int s = 0; s < ST__COUNT; s++)
		select_opt(b, state_name((enum state)s), state_name((enum state)s), f->state);
	H(b, "</select></p><p class=\"field\"><label for=\"f-sub\">Subsystem</label> "
		"<select id=\"f-sub\" name=\"subsystem\">");
	select_opt(b, "", "any", f->subsystem);
	for (size_t i = 0; i < db->subsystems.n; i++)
		select_opt(b, db->subsystems.v[i], db->subsystems.v[i], f->subsystem);
	H(b, "</select></p><p class=\"field\"><label for=\"f-prio\">Priority</label> "
		"<select id=\"f-prio\" name=\"priority\">");
	select_opt(b, "", "any", f->priority);
	for (size_t i = 0; i < 4; i++)
		select_opt(b, prio[i], prio[i], f->priority);
	H(b, "</select></p><button type=\"submit\">Filter</button> "
		"<a href=\"/dashboard\">Clear</a></form>\n");
}

static void
hits(struct buf *b, const struct dashboard *db)
{
	H(b, "<section class=\"card\" aria-labelledby=\"h-hits\"><h2 id=\"h-hits\">"
		"Search results <span class=\"count\">");
	h_int(b, (long long)db->nhits);
	H(b, "</span></h2>");
	if (!db->nhits)
		H(b, "<p class=\"muted\">Nothing found.</p>");
	H(b, "<ol class=\"hits\">");
	for (size_t i = 0; i < db->nhits; i++) {
		const struct search_hit *h = &db->hits[i];

		H(b, "<li>");
		key_link(b, h->key);
		H(b, " ");
		web_state_badge(b, state_name(h->state));
		H(b, " <strong>");
		h_text(b, h->title);
		H(b, "</strong><p class=\"snippet\">");
		if (h->in_comment)
			H(b, "<span class=\"muted\">in a comment:</span> ");
		snippet(b, h->snippet);
		H(b, "</p></li>");
	}
	H(b, "</ol></section>\n");
}

static void
counts(struct buf *b, const struct dashboard *db)
{
	H(b, "<section class=\"card\" aria-labelledby=\"h-counts\"><h2 id=\"h-counts\">"
		"Issues by state <span class=\"count\" id=\"total\">");
	h_int(b, (long long)db->total);
	H(b, "</span></h2><ul class=\"tiles counts\">");
	for (int s = 0; s < ST__COUNT; s++) {
		const char *name = state_name((enum state)s);

		H(b, "<li class=\"tile\"><a href=\"");
		h_url(b, "/dashboard?state=%s", name);
		H(b, "\"><span class=\"n\" data-state=\"");
		h_attr(b, name);
		H(b, "\">");
		h_int(b, (long long)db->counts[s]);
		H(b, "</span> ");
		web_state_badge(b, name);
		H(b, "</a></li>");
	}
	H(b, "</ul></section>\n");
}

enum col { COL_DUE, COL_LEFT, COL_OVER, COL_QUEUE };

/* One list as a table; id names the section (tests and anchors). */
static void
table(struct buf *b, const char *id, const char *title, const struct dash_list *l,
	enum col col)
{
	H(b, "<section class=\"card\" id=\"");
	h_attr(b, id);
	H(b, "\"><h2>");
	h_text(b, title);
	H(b, " <span class=\"count\">");
	h_int(b, (long long)l->n);
	H(b, "</span></h2>");
	if (!l->n) {
		H(b, "<p class=\"muted\">None.</p></section>\n");
		return;
	}
	H(b, "<table class=\"list\"><thead><tr><th scope=\"col\">Issue</th>"
		"<th scope=\"col\">Title</th>");
	if (col == COL_QUEUE)
		H(b, "<th scope=\"col\">State</th><th scope=\"col\">Severity</th>"
			"<th scope=\"col\">Subsystem</th><th scope=\"col\">Priority</th>"
			"<th scope=\"col\">Assignee</th><th scope=\"col\">Reported</th>");
	else if (col == COL_LEFT)
		H(b, "<th scope=\"col\">Ends</th><th scope=\"col\">Days left</th>");
	else
		H(b, "<th scope=\"col\">Due</th><th scope=\"col\">Days late</th>");
	H(b, "</tr></thead><tbody>");
	for (size_t i = 0; i < l->n; i++) {
		const struct dash_item *it = &l->v[i];
		char prio[8];

		H(b, "<tr><td class=\"key\">");
		key_link(b, it->key);
		H(b, "</td><td class=\"title\">");
		h_text(b, it->title);
		/* data-label: the column's name, shown on a phone (vigil.css) */
		if (col == COL_QUEUE) {
			H(b, "</td><td data-label=\"State\">");
			web_state_badge(b, state_name(it->state));
			H(b, "</td><td data-label=\"Severity\">");
			h_text(b, it->severity ? it->severity : "\xe2\x80\x94");
			H(b, "</td><td data-label=\"Subsystem\">");
			h_text(b, it->subsystem ? it->subsystem : "\xe2\x80\x94");
			snprintf(prio, sizeof(prio), "P%d", it->priority);
			H(b, "</td><td data-label=\"Priority\">");
			h_text(b, it->priority ? prio : "\xe2\x80\x94");
			H(b, "</td><td data-label=\"Assignee\">");
			h_text(b, it->assignee ? it->assignee : "\xe2\x80\x94");
			H(b, "</td><td class=\"date\" data-label=\"Reported\">");
			h_date(b, it->reported_at);
		} else {
			H(b, "</td><td class=\"date\" data-label=\"");
			h_attr(b, col == COL_LEFT ? "Ends" : "Due");
			H(b, "\">");
			h_date(b, it->due);
			H(b, "</td><td class=\"countdown\" data-label=\"");
			h_attr(b, col == COL_LEFT ? "Days left" : "Days late");
			H(b, "\">");
			h_int(b, (long long)it->days);
		}
		H(b, "</td></tr>");
	}
	H(b, "</tbody></table></section>\n");
}

int
page_dashboard(struct http_req *req, struct http_resp *resp)
{
	struct dash_filter f = {query(req, "state"), query(req, "subsystem"),
		query(req, "priority"), query(req, "q")};
	struct dashboard db = {0};
	struct errdetail d = {0};
	struct buf *b = &resp->body;
	int rc, queued = 0;

	rc = svc_dashboard(req->svc, &f, &db, &d);
	web_begin(req, resp, "Dashboard");
	if (rc < 0) {
		/* bad filter: say which, and show the form again (nothing listed) */
		resp->status = http_status_for(rc, &d);
		web_form_error(b, &d);
	}
	filters(b, &f, &db);
	if (rc == 0) {
		if (db.searched)
			hits(b, &db);
		counts(b, &db);
		H(b, "<div class=\"columns\">");
		table(b, "ack-overdue", "Overdue acknowledgements", &db.ack_overdue, COL_OVER);
		table(b, "fix-overdue", "Overdue fixes", &db.fix_overdue, COL_OVER);
		table(b, "embargo-soon", "Embargoes ending within 14 days", &db.embargo_soon,
			COL_LEFT);
		H(b, "</div>");
		table(b, "unassigned", "Unassigned", &db.unassigned, COL_QUEUE);
		table(b, "unscored", "Not scored (no CVSS)", &db.unscored, COL_QUEUE);
		H(b, "<h2>Queues</h2>");
		for (int s = 0; s < ST__COUNT; s++) {
			char id[32];

			if (!db.by_state[s].n)
				continue;
			queued++;
			snprintf(id, sizeof(id), "queue-%s", state_name((enum state)s));
			table(b, id, state_name((enum state)s), &db.by_state[s], COL_QUEUE);
		}
		/* an empty state says so */
		if (!queued)
			H(b, "<p class=\"empty\">No issues yet.</p>");
	}
	dashboard_release(&db);
	return web_end(req, resp);
}
