/*
 * api_issue_work.c — the changing routes of one issue: field changes
 * (PATCH), acknowledge, assign, move, reject, publish, and access grants.
 * Each decodes its JSON body strictly into locals, then calls one service
 * function, which decides whether the caller may and validates every
 * value; nothing changes when decoding fails. Handles untrusted input.
 */
#include "http/api.h"

#include "core/banned.h"

#define END {NULL, 0, false, NULL}

int
api_issue_update(struct http_req *req, struct http_resp *resp)
{
	struct issue_changes c = {.anonymous = -1};
	const struct jfield f[] = {
		{"title", J_STR, false, &c.title},
		{"subsystem", J_STR, false, &c.subsystem},
		{"priority", J_STR, false, &c.priority},
		{"cvss", J_STR, false, &c.cvss},
		{"embargo", J_STR, false, &c.embargo},
		{"embargo_until", J_STR, false, &c.embargo_until},
		{"introduced", J_STR, false, &c.introduced},
		{"credit", J_STR, false, &c.credit},
		{"anonymous", J_BOOL, false, &c.anonymous},
		{"public_link", J_STR, false, &c.public_link},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_issue_set(req->svc, req->params[0], &c, &d), &d, 200);
	json_decref(root);
	return rc;
}

int
api_issue_ack(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	int rc;

	if ((rc = api_no_body(req, resp)) != 0)
		return rc;
	return api_answer(resp, svc_issue_ack(req->svc, req->params[0], &d), &d, 200);
}

int
api_issue_assign(struct http_req *req, struct http_resp *resp)
{
	const char *assignee;
	const struct jfield f[] = {{"assignee", J_STR, true, &assignee}, END};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_issue_assign(req->svc, req->params[0], assignee, &d), &d, 200);
	json_decref(root);
	return rc;
}

int
api_issue_move(struct http_req *req, struct http_resp *resp)
{
	const char *state, *release, *reason;
	const struct jfield f[] = {
		{"state", J_STR, true, &state},
		{"release", J_STR, false, &release},
		{"reason", J_STR, false, &reason},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_issue_move(req->svc, req->params[0], state, release, reason, &d),
		&d, 200);
	json_decref(root);
	return rc;
}

int
api_issue_reject(struct http_req *req, struct http_resp *resp)
{
	const char *resolution, *dup;
	const struct jfield f[] = {
		{"resolution", J_STR, true, &resolution},
		{"duplicate_of", J_STR, false, &dup},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_issue_reject(req->svc, req->params[0], resolution, dup, &d), &d,
		200);
	json_decref(root);
	return rc;
}

int
api_issue_publish(struct http_req *req, struct http_resp *resp)
{
	const char *reason;
	const struct jfield f[] = {{"reason", J_STR, false, &reason}, END};
	struct errdetail d = {0};
	bool published = false;
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if ((rc = svc_issue_publish(req->svc, req->params[0], reason, &published, &d)) < 0)
		rc = resp_problem(resp, rc, &d);
	else
		rc = resp_json(resp, 200, json_pack("{s:b}", "published", published));
	json_decref(root);
	return rc;
}

int
api_grant_create(struct http_req *req, struct http_resp *resp)
{
	const char *login, *reason;
	const struct jfield f[] = {
		{"login", J_STR, true, &login},
		{"reason", J_STR, true, &reason},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_issue_grant(req->svc, req->params[0], login, reason, &d), &d, 201);
	json_decref(root);
	return rc;
}

int
api_grant_revoke(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};

	return api_answer(resp, svc_issue_revoke(req->svc, req->params[0], req->params[1], &d), &d,
		200);
}
