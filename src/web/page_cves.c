/*
 * page_cves.c — /cves: the CVE pool. svc_cve_list() decides what each
 * viewer gets (psirt: every id; anyone else: only ids of issues they may
 * see), and an id's issue key is shown as a link only when the viewer may
 * follow it (svc_ref_visible). The CVE <-> fix table follows as the
 * service gives it (psirt's until published). psirt gets the forms to
 * reserve a range and to retire an id with a reason; the service decides
 * again on every POST. Handles untrusted input: form fields, which go to
 * the service as they are and come back escaped.
 */
#include "web/web.h"

#include <string.h>

#include "service/web_support.h"
#include "web/admin_form.h"
#include "core/banned.h"

static void
issue_ref(struct buf *b, struct http_req *req, int64_t issue_id)
{
	char key[ISSUE_KEY_MAX];

	if (!issue_id) {
		H(b, "<span class=\"muted\">none</span>");
		return;
	}
	svc_key(req->svc, issue_id, key);
	if (!svc_ref_visible(req->svc, key)) {
		H(b, "<span class=\"muted\">not shown</span>");
		return;
	}
	H(b, "<a href=\"");
	h_url(b, "/issues/%s", key);
	H(b, "\">");
	h_text(b, key);
	H(b, "</a>");
}

static int64_t
cve_date(const struct cve *c)
{
	switch (c->state) {
	case CVE_RESERVED: return c->reserved_at;
	case CVE_ASSIGNED: return c->assigned_at;
	case CVE_PUBLISHED: return c->published_at;
	case CVE_REJECTED: return c->retired_at;
	}
	return 0;
}

static void
pool(struct buf *b, struct http_req *req, const struct cve *c, size_t n)
{
	int64_t counts[CVE_REJECTED + 1] = {0};

	H(b, "<section aria-labelledby=\"pool-h\"><h2 id=\"pool-h\">CVE ids</h2>\n");
	if (n == 0) {
		H(b, "<p class=\"empty\">No CVE ids you may see.</p></section>\n");
		return;
	}
	for (size_t i = 0; i < n; i++)
		counts[c[i].state]++;
	H(b, "<p class=\"counts\">");
	for (int s = CVE_RESERVED; s <= CVE_REJECTED; s++) {
		if (s != CVE_RESERVED)
			H(b, " \xc2\xb7 ");
		h_int(b, counts[s]);
		H(b, " ");
		h_text(b, cve_state_name((enum cve_state)s));
	}
	H(b, "</p><div class=\"table-wrap\"><table class=\"list cves\"><thead><tr>"
		"<th scope=\"col\">CVE id</th><th scope=\"col\">State</th><th scope=\"col\">"
		"Issue</th><th scope=\"col\">Since</th><th scope=\"col\">Reason</th></tr>"
		"</thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		/* ids, keys and dates never wrap; data-label: the column's
		 * name, shown on a phone (vigil.css) */
		H(b, "<tr><th scope=\"row\">");
		h_text(b, c[i].id);
		H(b, "</th><td data-label=\"State\"><span class=\"badge cve-");
		h_attr(b, cve_state_name(c[i].state));
		H(b, "\">");
		h_text(b, cve_state_name(c[i].state));
		H(b, "</span></td><td class=\"key\" data-label=\"Issue\">");
		issue_ref(b, req, c[i].issue_id);
		H(b, "</td><td class=\"date\" data-label=\"Since\">");
		h_date(b, cve_date(&c[i]));
		H(b, "</td><td data-label=\"Reason\">");
		h_text(b, c[i].reason);
		H(b, "</td></tr>\n");
	}
	H(b, "</tbody></table></div></section>\n");
}

static void
fixes(struct buf *b, struct http_req *req, const struct cve_fix_row *r, size_t n)
{
	if (n == 0)
		return;
	H(b, "<section aria-labelledby=\"fix-h\"><h2 id=\"fix-h\">CVE ids and their fixes"
		"</h2><div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		"<th scope=\"col\">CVE id</th>"
		"<th scope=\"col\">Issue</th><th scope=\"col\">Fix</th><th scope=\"col\">Branch"
		"</th><th scope=\"col\">State</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		H(b, "<tr><td class=\"nowrap\">");
		h_text(b, r[i].cve);
		H(b, "</td><td class=\"key\" data-label=\"Issue\">");
		issue_ref(b, req, r[i].fix.issue_id);
		H(b, "</td><td class=\"url\" data-label=\"Fix\">");
		h_link(b, r[i].fix.url, NULL);
		H(b, "</td><td data-label=\"Branch\">");
		h_text(b, r[i].fix.branch);
		H(b, "</td><td data-label=\"State\">");
		h_text(b, fix_state_name(r[i].fix.state));
		H(b, "</td></tr>\n");
	}
	H(b, "</tbody></table></div></section>\n");
}

static void
forms(struct buf *b, struct http_req *req, const struct form_fail *f)
{
	H(b, "<section class=\"card\" aria-labelledby=\"res-h\"><h2 id=\"res-h\">Reserve ids</h2>\n"
		"<form method=\"post\" action=\"/cves/reserve\" class=\"stack\">");
	web_csrf_field(b, req);
	af_error(b, f, "reserve", NULL);
	H(b, "<label for=\"cve-range\">Range of ids (CVE-2027-0001..CVE-2027-0050, or one id)"
		"</label><input id=\"cve-range\" name=\"range\" required "
		"placeholder=\"CVE-2027-0001..CVE-2027-0050\"");
	af_value(b, req, f, "reserve", "range");
	H(b, "><button type=\"submit\">Reserve</button></form></section>\n"
		"<section class=\"card\" aria-labelledby=\"ret-h\">"
		"<h2 id=\"ret-h\">Retire an id</h2>\n"
		"<form method=\"post\" action=\"/cves/retire\" class=\"stack\">");
	web_csrf_field(b, req);
	af_error(b, f, "retire", NULL);
	H(b, "<label for=\"cve-id\">CVE id</label><input id=\"cve-id\" name=\"cve\" required "
		"placeholder=\"CVE-2027-0007\"");
	af_value(b, req, f, "retire", "cve");
	H(b, "><label for=\"cve-reason\">Reason</label><textarea id=\"cve-reason\" "
		"name=\"reason\" rows=\"2\" required>");
	af_text(b, req, f, "retire", "reason");
	H(b, "</textarea><button type=\"submit\" class=\"danger\">Retire</button></form>"
		"</section>\n");
}

static int
render(struct http_req *req, struct http_resp *resp, const struct form_fail *f)
{
	struct errdetail d = {0};
	struct cve *c = NULL;
	struct cve_fix_row *fx = NULL;
	size_t n = 0, nfx = 0;
	int rc;

	if ((rc = svc_cve_list(req->svc, &c, &n, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	if ((rc = svc_cve_fixes(req->svc, &fx, &nfx, &d)) < 0) {
		OBJ_LIST_FREE(c, n, cve_release);
		return web_fail(req, resp, rc, &d);
	}
	af_begin(req, resp, "CVE pool", f);
	if (svc_roles(req->svc) & ROLE_PSIRT)
		forms(&resp->body, req, f);
	else if (f && f->form)
		af_error(&resp->body, f, f->form, NULL);
	pool(&resp->body, req, c, n);
	fixes(&resp->body, req, fx, nfx);
	cve_fix_rows_free(fx, nfx);
	OBJ_LIST_FREE(c, n, cve_release);
	return web_end(req, resp);
}

int
page_cves(struct http_req *req, struct http_resp *resp)
{
	return render(req, resp, NULL);
}

int
page_cves_reserve(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "reserve"};
	int count = 0;
	int rc;

	if ((rc = svc_cve_reserve(req->svc, web_form(req, "range"), &count, &f.d)) == 0)
		return web_redirect(resp, "/cves?done=cve-reserved");
	if (!af_showable(rc))
		return web_fail(req, resp, rc, &f.d);
	f.rc = rc;
	return render(req, resp, &f);
}

int
page_cves_retire(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "retire"};
	int rc;

	rc = svc_cve_retire(req->svc, web_form(req, "cve"), web_form(req, "reason"), &f.d);
	if (rc == 0)
		return web_redirect(resp, "/cves?done=cve-retired");
	if (!af_showable(rc))
		return web_fail(req, resp, rc, &f.d);
	f.rc = rc;
	return render(req, resp, &f);
}
