/*
 * api_status.c — GET /api/v1/reports/status?since=&until=: the status
 * report of SPEC §8 as JSON (export/status.c, the shape of docs/json.md),
 * over the issues the caller may see; anonymous callers get the public
 * issues only. The service decides what counts.
 */
#include "http/api.h"

#include "export/status.h"
#include "core/banned.h"

int
api_status_report(struct http_req *req, struct http_resp *resp)
{
	struct status_report r = {0};
	struct errdetail d = {0};
	json_t *j;
	int rc;

	if ((rc = svc_status(req->svc, http_query(req, "since"), http_query(req, "until"), &r,
	    &d)) < 0)
		return resp_problem(resp, rc, &d);
	j = status_json(&r);
	status_report_release(&r);
	if (!j)
		return resp_problem(resp, ERR_NOMEM, NULL);
	return resp_json(resp, 200, j);
}
