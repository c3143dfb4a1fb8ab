/*
 * api_pages.c — the HTML pages `vigil serve` answers outside the API (SPEC
 * §8): GET /releases/{name}/report (the release report: ids only while
 * embargoed) and GET /reports/status?since=&until= (the status
 * report over the issues the caller may see; anonymous callers count the
 * public ones only). The service decides what each page holds;
 * src/export writes it as a self-contained HTML document. These answers
 * carry a Content-Security-Policy that allows inline style and nothing
 * else (no scripts, no external resources, no framing).
 */
#include "http/api.h"

#include "core/limits.h"
#include "export/release_report.h"
#include "export/status.h"
#include "service/service.h"
#include "core/banned.h"

#define HTML "text/html; charset=utf-8"
#define HTML_CSP "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"

/* Answer 200 with the HTML document in out (or a problem for its error). */
static int
html_answer(struct http_resp *resp, struct buf *out, int rc)
{
	if (rc == 0)
		rc = buf_err(out);
	if (rc < 0)
		rc = resp_problem(resp, rc, NULL);
	else if ((rc = api_bytes(resp, HTML, buf_str(out), out->len)) == 200)
		resp->csp = HTML_CSP;
	buf_release(out);
	return rc;
}

int
api_page_release_report(struct http_req *req, struct http_resp *resp)
{
	struct release_report r = {0};
	struct errdetail d = {0};
	struct buf out;
	int rc;

	if ((rc = svc_release_report(req->svc, req->params[0], &r, &d)) < 0)
		return resp_problem(resp, rc, &d);
	buf_init(&out, LIM_OUTPUT_MAX);
	rr_html(&r, &out);
	release_report_release(&r);
	return html_answer(resp, &out, 0);
}

int
api_page_status(struct http_req *req, struct http_resp *resp)
{
	struct status_report r = {0};
	struct errdetail d = {0};
	struct buf out;
	int rc;

	if ((rc = svc_status(req->svc, http_query(req, "since"), http_query(req, "until"), &r,
	    &d)) < 0)
		return resp_problem(resp, rc, &d);
	buf_init(&out, LIM_OUTPUT_MAX);
	rc = status_html(&r, &out);
	status_report_release(&r);
	return html_answer(resp, &out, rc);
}
