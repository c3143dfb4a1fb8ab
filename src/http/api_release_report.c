/*
 * api_release_report.c — GET /api/v1/releases/{name}/report: the release
 * report of SPEC §8 (?format=json, the default; md as text/markdown; rst
 * as text/x-rst), written by src/export/release_report.c from what
 * service/release_report.c hands over. Anyone may ask, anonymous too: an
 * embargoed issue shows only its CVE ids and the embargo's end.
 */
#include "http/api.h"

#include "core/limits.h"
#include "export/release_report.h"
#include "service/service.h"
#include "core/banned.h"

int
api_release_report(struct http_req *req, struct http_resp *resp)
{
	const char *format = http_query(req, "format");
	struct release_report r = {0};
	struct errdetail d = {0};
	enum rr_format f = RR_JSON;
	struct buf out;
	int rc;

	if (format && rr_format_parse(format, &f) < 0)
		return resp_error(resp, 400, "format", "is md, rst or json");
	if ((rc = svc_release_report(req->svc, req->params[0], &r, &d)) < 0)
		return resp_problem(resp, rc, &d);
	if (f == RR_JSON) {
		json_t *j = rr_json(&r);

		release_report_release(&r);
		return j ? resp_json(resp, 200, j) : resp_problem(resp, ERR_NOMEM, NULL);
	}
	buf_init(&out, LIM_OUTPUT_MAX);
	rr_text(&r, f, &out);
	release_report_release(&r);
	rc = buf_err(&out) ? resp_problem(resp, buf_err(&out), NULL) :
		api_bytes(resp, f == RR_MD ? "text/markdown; charset=utf-8" :
		"text/x-rst; charset=utf-8", buf_str(&out), out.len);
	buf_release(&out);
	return rc;
}
