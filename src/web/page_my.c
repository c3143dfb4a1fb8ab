/*
 * page_my.c — GET /my, "My reports": the issues the signed-in person
 * reported, newest first, each with its key, title, state badge, the date
 * reported and the date of the newest shared comment, linking to the issue
 * page (/issues/{key}: the reporter view, with shared comments and a form
 * to add information). The service (svc_my_reports) picks them.
 */
#include "web/web.h"

#include "service/web_support.h"
#include "core/banned.h"

int
page_my(struct http_req *req, struct http_resp *resp)
{
	struct my_report *r = NULL;
	struct errdetail d = {0};
	struct buf *b = &resp->body;
	size_t n = 0;
	int rc;

	if ((rc = svc_my_reports(req->svc, &r, &n, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	web_begin(req, resp, "My reports");
	if (n == 0) {
		H(b, "<p class=\"empty\">You have not reported anything yet. "
			"<a href=\"/report\">Report a vulnerability</a>.</p>");
		my_reports_free(r, n);
		return web_end(req, resp);
	}
	H(b, "<table class=\"list\"><caption class=\"sr-only\">Your reports</caption><thead><tr>"
		"<th scope=\"col\">Key</th><th scope=\"col\">Title</th>"
		"<th scope=\"col\">State</th><th scope=\"col\">Reported</th>"
		"<th scope=\"col\">Last reply</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		H(b, "<tr><td class=\"key\"><a href=\"");
		h_url(b, "/issues/%s", r[i].key);
		H(b, "\">");
		h_text(b, r[i].key);
		H(b, "</a></td><td class=\"title\"><a href=\"");
		h_url(b, "/issues/%s", r[i].key);
		H(b, "\">");
		h_text(b, r[i].title);
		/* data-label: the column's name, shown on a phone (vigil.css) */
		H(b, "</a></td><td data-label=\"State\">");
		web_state_badge(b, state_name(r[i].state));
		H(b, "</td><td class=\"date\" data-label=\"Reported\">");
		h_date(b, r[i].reported_at);
		H(b, "</td><td class=\"date\" data-label=\"Last reply\">");
		h_date(b, r[i].last_shared);
		H(b, "</td></tr>");
	}
	H(b, "</tbody></table><p><a class=\"button\" href=\"/report\">Report another "
		"vulnerability</a></p>");
	my_reports_free(r, n);
	return web_end(req, resp);
}
