/*
 * page_issue_actions.c — the POSTed forms of the issue page. routes.c has
 * already parsed the form and checked its CSRF field; each handler reads
 * its fields, calls the same service function as the JSON API (which
 * decides whether the viewer may and validates every value) and answers
 * 303 back to the issue page with a fixed flash code, or shows the page
 * again with the service's error naming the field. A hidden issue gives
 * the one 404 page, like a missing one. Handles untrusted input.
 */
#include "web/page_issue.h"

#include <string.h>

#include "core/limits.h"
#include "core/banned.h"

/* A required field, or ERR_INVAL naming it. */
static int
need(struct http_req *req, const char *name, const char **ret, struct errdetail *d)
{
	if (!(*ret = issue_opt(req, name)))
		return err_set(d, ERR_INVAL, name, "is required");
	return 0;
}

/* 303 to the issue page with flash code done, or the page with the error. */
static int
answer(struct http_req *req, struct http_resp *resp, int rc, const struct errdetail *d,
	const char *done)
{
	if (rc == 0)
		return web_redirectf(resp, "/issues/%s?done=%s", req->params[0], done);
	/* a hidden issue renders as the one 404 page: svc_issue_show() decides */
	return issue_page_render(req, resp, req->params[0], http_status_for(rc, d), d, NULL);
}

int
page_issue_comment(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	const char *text, *vis = web_form(req, "visibility");
	int rc;

	if ((rc = need(req, "text", &text, &d)) == 0)
		rc = svc_issue_comment(req->svc, req->params[0], text,
			vis && strcmp(vis, "internal") == 0, &d);
	return answer(req, resp, rc, &d, "comment");
}

int
page_issue_upload(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	const char *data = NULL, *name = NULL;
	size_t len = 0;
	int64_t id = 0;
	int rc;

	if (!web_form_file(req, "file", &data, &len, &name))
		rc = err_set(&d, ERR_INVAL, "file", "choose a file that is not empty");
	else
		rc = svc_issue_attach(req->svc, req->params[0], name && *name ? name :
			"attachment", data, len, &id, &d);
	return answer(req, resp, rc, &d, "attached");
}

int
page_issue_ack(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};

	return answer(req, resp, svc_issue_ack(req->svc, req->params[0], &d), &d, "moved");
}

int
page_issue_assign(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	const char *login;
	int rc;

	if ((rc = need(req, "assignee", &login, &d)) == 0)
		rc = svc_issue_assign(req->svc, req->params[0], login, &d);
	return answer(req, resp, rc, &d, "assigned");
}

int
page_issue_move(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	const char *state;
	int rc;

	if ((rc = need(req, "state", &state, &d)) == 0)
		rc = svc_issue_move(req->svc, req->params[0], state, issue_opt(req, "release"),
			issue_opt(req, "reason"), &d);
	return answer(req, resp, rc, &d, "moved");
}

int
page_issue_reject(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	const char *res;
	int rc;

	if ((rc = need(req, "resolution", &res, &d)) == 0)
		rc = svc_issue_reject(req->svc, req->params[0], res, issue_opt(req, "duplicate_of"),
			&d);
	return answer(req, resp, rc, &d, "rejected");
}

int
page_issue_publish(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	bool done = false;
	int rc;

	rc = svc_issue_publish(req->svc, req->params[0], issue_opt(req, "reason"), &done, &d);
	return answer(req, resp, rc, &d, done ? "published" : "proposed");
}

/* "yes" / "no" / empty (keep) of a select: 1, 0, -1; -2 for anything else. */
static int
yes_no(const char *v)
{
	if (!v)
		return -1;
	if (strcmp(v, "yes") == 0)
		return 1;
	return strcmp(v, "no") == 0 ? 0 : -2;
}

int
page_issue_fields(struct http_req *req, struct http_resp *resp)
{
	struct issue_changes c = {.anonymous = -1};
	struct errdetail d = {0};
	int rc = 0;

	c.title = issue_opt(req, "title");
	c.subsystem = issue_opt(req, "subsystem");
	c.priority = issue_opt(req, "priority");
	c.embargo = issue_opt(req, "embargo");
	c.embargo_until = issue_opt(req, "embargo_until");
	c.introduced = issue_opt(req, "introduced");
	c.credit = issue_opt(req, "credit");
	c.public_link = issue_opt(req, "public_link");
	c.anonymous = yes_no(issue_opt(req, "anonymous"));
	if (c.anonymous == -2)
		rc = err_set(&d, ERR_INVAL, "anonymous", "must be yes or no");
	else if (!c.title && !c.subsystem && !c.priority && !c.embargo && !c.embargo_until &&
	    !c.introduced && !c.credit && !c.public_link && c.anonymous < 0)
		rc = err_set(&d, ERR_INVAL, "form", "change at least one field");
	else
		rc = svc_issue_set(req->svc, req->params[0], &c, &d);
	return answer(req, resp, rc, &d, "saved");
}

int
page_issue_cvss(struct http_req *req, struct http_resp *resp)
{
	struct issue_changes c = {.anonymous = -1};
	struct errdetail d = {0};
	const char *what = web_form(req, "do");
	struct buf vec;
	int rc;

	buf_init(&vec, LIM_CVSS_MAX + 16);
	if ((rc = issue_cvss_from_form(req, &vec, &d)) < 0) {
		rc = answer(req, resp, rc, &d, "saved");
	} else if (what && strcmp(what, "save") == 0) {
		c.cvss = buf_str(&vec);
		rc = answer(req, resp, svc_issue_set(req->svc, req->params[0], &c, &d), &d, "saved");
	} else {
		/* a preview: the page again, the editor showing this vector scored */
		rc = issue_page_render(req, resp, req->params[0], 200, NULL, buf_str(&vec));
	}
	buf_release(&vec);
	return rc;
}

int
page_issue_cve(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	char id[32];

	return answer(req, resp, svc_cve_assign(req->svc, req->params[0], issue_opt(req, "cve"),
		id, &d), &d, "cve");
}

int
page_issue_fix_add(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	const char *url, *branch;
	int rc;

	if ((rc = need(req, "url", &url, &d)) == 0 && (rc = need(req, "branch", &branch, &d)) == 0)
		rc = svc_fix_add(req->svc, req->params[0], url, branch, issue_opt(req, "commit"),
			issue_opt(req, "repo"), &d);
	return answer(req, resp, rc, &d, "fix");
}

int
page_issue_fix_state(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	const char *url, *state;
	int rc;

	if ((rc = need(req, "url", &url, &d)) == 0 && (rc = need(req, "state", &state, &d)) == 0)
		rc = svc_fix_state(req->svc, req->params[0], url, state, issue_opt(req, "commit"),
			&d);
	return answer(req, resp, rc, &d, "fix");
}

int
page_issue_backport(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	const char *release, *state;
	int rc;

	if ((rc = need(req, "release", &release, &d)) == 0 &&
	    (rc = need(req, "state", &state, &d)) == 0)
		rc = svc_backport_set(req->svc, req->params[0], release, state,
			issue_opt(req, "fix"), issue_opt(req, "reason"), &d);
	return answer(req, resp, rc, &d, "backport");
}

int
page_issue_grant(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	const char *login, *reason;
	int rc;

	if ((rc = need(req, "login", &login, &d)) == 0 &&
	    (rc = need(req, "reason", &reason, &d)) == 0)
		rc = svc_issue_grant(req->svc, req->params[0], login, reason, &d);
	return answer(req, resp, rc, &d, "granted");
}

int
page_issue_revoke(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	const char *login;
	int rc;

	if ((rc = need(req, "login", &login, &d)) == 0)
		rc = svc_issue_revoke(req->svc, req->params[0], login, &d);
	return answer(req, resp, rc, &d, "revoked");
}
