/*
 * api_cve.c — CVE ids (the pool, assignment to an issue, retirement, the
 * CVE <-> fix table), fixes of an issue and its backports. Handlers decode
 * strictly, call the service (which filters the lists by need to know and
 * decides who may change what) and print the shapes of `vigil cve|fix|
 * backport … --json`. Handles untrusted input: JSON bodies and path
 * parameters.
 */
#include "http/api.h"

#include "service/present.h"
#include "core/banned.h"

#define END {NULL, 0, false, NULL}

int
api_issue_cve_assign(struct http_req *req, struct http_resp *resp)
{
	const char *cve;
	const struct jfield f[] = {{"cve", J_STR, false, &cve}, END};
	struct errdetail d = {0};
	json_t *root = NULL;
	char id[32];
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if ((rc = svc_cve_assign(req->svc, req->params[0], cve, id, &d)) < 0)
		rc = resp_problem(resp, rc, &d);
	else
		rc = resp_json(resp, 201, json_pack("{s:s}", "cve", id));
	json_decref(root);
	return rc;
}

int
api_fix_create(struct http_req *req, struct http_resp *resp)
{
	const char *url, *branch, *commit, *repo;
	const struct jfield f[] = {
		{"url", J_STR, true, &url},
		{"branch", J_STR, true, &branch},
		{"commit", J_STR, false, &commit},
		{"repo", J_STR, false, &repo},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_fix_add(req->svc, req->params[0], url, branch, commit, repo, &d),
		&d, 201);
	json_decref(root);
	return rc;
}

int
api_fix_state(struct http_req *req, struct http_resp *resp)
{
	const char *url, *state, *commit;
	const struct jfield f[] = {
		{"url", J_STR, true, &url},
		{"state", J_STR, true, &state},
		{"commit", J_STR, false, &commit},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_fix_state(req->svc, req->params[0], url, state, commit, &d), &d,
		200);
	json_decref(root);
	return rc;
}

int
api_backport_list(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct backport *b = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_backport_list(req->svc, req->params[0], &b, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_backport(&b[i]));
	OBJ_LIST_FREE(b, n, backport_release);
	return resp_json(resp, 200, a);
}

int
api_backport_set(struct http_req *req, struct http_resp *resp)
{
	const char *state, *fix, *reason;
	const struct jfield f[] = {
		{"state", J_STR, true, &state},
		{"fix", J_STR, false, &fix},
		{"reason", J_STR, false, &reason},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_backport_set(req->svc, req->params[0], req->params[1], state, fix,
		reason, &d), &d, 200);
	json_decref(root);
	return rc;
}

int
api_cve_list(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct cve *c = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_cve_list(req->svc, &c, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_cve(req->svc, &c[i]));
	OBJ_LIST_FREE(c, n, cve_release);
	return resp_json(resp, 200, a);
}

int
api_cve_reserve(struct http_req *req, struct http_resp *resp)
{
	const char *range;
	const struct jfield f[] = {{"range", J_STR, true, &range}, END};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc, count = 0;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if ((rc = svc_cve_reserve(req->svc, range, &count, &d)) < 0)
		rc = resp_problem(resp, rc, &d);
	else
		rc = resp_json(resp, 201, json_pack("{s:i}", "reserved", count));
	json_decref(root);
	return rc;
}

int
api_cve_retire(struct http_req *req, struct http_resp *resp)
{
	const char *reason;
	const struct jfield f[] = {{"reason", J_STR, true, &reason}, END};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_cve_retire(req->svc, req->params[0], reason, &d), &d, 200);
	json_decref(root);
	return rc;
}

int
api_cve_fixes(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct cve_fix_row *rows = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_cve_fixes(req->svc, &rows, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		json_t *o = present_fix(&rows[i].fix);

		if (o) {
			json_object_set_new(o, "cve", json_string(rows[i].cve));
			json_object_set_new(o, "issue", json_string(rows[i].key));
		}
		json_array_append_new(a, o);
	}
	cve_fix_rows_free(rows, n);
	return resp_json(resp, 200, a);
}
