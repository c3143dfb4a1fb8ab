/*
 * api_misc.c — the process and tool routes: run the scheduler (tick),
 * verify the audit chain, and score a CVSS vector. The service decides
 * who may tick or verify; scoring needs no database and no permission.
 * Handles untrusted input (the CVSS vector is checked by cvss_score(),
 * and only its canonical form, rebuilt from the metric table, is printed).
 */
#include "http/api.h"

#include "model/cvss/cvss.h"
#include "service/present.h"
#include "core/banned.h"

#define END {NULL, 0, false, NULL}

int
api_tick(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct tick_result r = {0};
	int rc;

	if ((rc = api_no_body(req, resp)) != 0)
		return rc;
	if ((rc = svc_tick(req->svc, &r, &d)) < 0)
		return resp_problem(resp, rc, &d);
	rc = resp_json(resp, 200, present_tick(&r));
	tick_result_release(&r);
	return rc;
}

int
api_audit_verify(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	int64_t count = 0, bad = 0;
	const char *why = NULL;
	int rc;

	rc = svc_audit_verify(req->svc, &count, &bad, &why, &d);
	if (rc == ERR_INTEGRITY)
		return resp_json(resp, 200, json_pack("{s:b,s:I,s:I,s:s?}", "ok", 0, "events",
			(json_int_t)count, "bad_seq", (json_int_t)bad, "why", why));
	if (rc < 0)
		return resp_problem(resp, rc, &d);
	return resp_json(resp, 200, json_pack("{s:b,s:I,s:n,s:n}", "ok", 1, "events",
		(json_int_t)count, "bad_seq", "why"));
}

int
api_audit_log(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct audit_event *e = NULL;
	long long limit;
	size_t n = 0;
	json_t *a;
	int rc;

	if (http_query_number(req, "limit", 1000, 1, 1000000, &limit) < 0)
		return resp_error(resp, 400, "limit", "must be a number from 1 to 1000000");
	if ((rc = svc_audit_list(req->svc, (size_t)limit, &e, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_audit_event(&e[i]));
	OBJ_LIST_FREE(e, n, audit_event_release);
	return resp_json(resp, 200, a);
}

/* The object `vigil cvss --json` prints. */
static json_t *
present_cvss(const struct cvss_result *r)
{
	json_t *o = json_pack("{s:s,s:s,s:f,s:s}", "version", cvss_version_str(r->version),
		"vector", r->vector, "score", r->score, "severity", r->severity);

	if (!o)
		return NULL;
	if (r->version == CVSS_V40) {
		json_object_set_new(o, "nomenclature", json_string(r->nomenclature));
		return o;
	}
	json_object_set_new(o, "base_score", json_real(r->base_score));
	json_object_set_new(o, "base_severity", json_string(r->base_severity));
	json_object_set_new(o, "temporal_score", json_real(r->temporal_score));
	json_object_set_new(o, "temporal_severity", json_string(r->temporal_severity));
	json_object_set_new(o, "environmental_score", json_real(r->environmental_score));
	json_object_set_new(o, "environmental_severity",
		json_string(r->environmental_severity));
	return o;
}

int
api_cvss(struct http_req *req, struct http_resp *resp)
{
	const char *vector;
	const struct jfield f[] = {{"vector", J_STR, true, &vector}, END};
	struct errdetail d = {0};
	struct cvss_result r;
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if ((rc = cvss_score(vector, &r, &d)) < 0) {
		api_field_rename(&d, "cvss", "vector");
		rc = resp_problem(resp, rc, &d);
	} else {
		rc = resp_json(resp, 200, present_cvss(&r));
	}
	json_decref(root);
	return rc;
}
