/*
 * api_meta.c — the routes outside the issue API: /healthz (the database
 * answers), /metrics (Prometheus text), /.well-known/security.txt (RFC
 * 9116, from the file given to `vigil serve --security-txt`) and the
 * embedded OpenAPI document. None of them shows issue data; the metrics
 * (activity per route) are for admins and psirt.
 */
#include "http/http.h"

#include <string.h>

#include "service/service.h"
#include "core/banned.h"

int
api_healthz(struct http_req *req, struct http_resp *resp)
{
	int64_t counts[ST__COUNT];
	struct errdetail d = {0};

	/* counts as an anonymous visitor: a real query, and public data only */
	if (svc_issue_counts(req->svc, counts, &d) < 0)
		return resp_error(resp, 503, "database", "does not answer");
	resp->content_type = "text/plain; charset=utf-8";
	buf_adds(&resp->body, "ok\n");
	return 0;
}

int
api_metrics(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	int rc;

	if ((rc = svc_monitor_check(req->svc, &d)) < 0)
		return resp_problem(resp, rc, &d);
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	metrics_render(&resp->body);
	return 0;
}

int
api_security_txt(struct http_req *req, struct http_resp *resp)
{
	const char *txt = server_security_txt();

	if (!txt)
		return resp_problem(resp, ERR_NOTFOUND, NULL);
	resp->content_type = "text/plain; charset=utf-8";
	buf_adds(&resp->body, txt);
	return 0;
}

int
api_openapi(struct http_req *req, struct http_resp *resp)
{
	resp->content_type = "application/json";
	buf_adds(&resp->body, http_openapi_json);
	return 0;
}
