/*
 * api_issues.c — the reading routes of /api/v1/issues (list with paging,
 * counts, one issue, its comments, attachments and history), filing a
 * report, and attachments in and out. Every answer comes from the service
 * layer, already filtered by need to know; a hidden issue answers 404
 * exactly like a missing one because the service says ERR_NOTFOUND for
 * both. Handles untrusted input: query strings, JSON bodies and uploaded
 * bytes, all checked before the service is called. The changing routes are
 * in api_issue_work.c.
 */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "service/present.h"
#include "core/banned.h"

static int
list_filter(struct http_req *req, struct http_resp *resp, struct issue_filter *f,
	long long *ret_limit, long long *ret_offset)
{
	const char *state = http_query(req, "state");

	f->state = -1;
	f->search = http_query(req, "q");
	f->subsystem = http_query(req, "subsystem");
	/* an empty search box filters nothing */
	if (f->search && !*f->search)
		f->search = NULL;
	if (f->subsystem && !*f->subsystem)
		f->subsystem = NULL;
	if (state) {
		enum state s;

		if (state_parse(state, &s) < 0)
			return resp_error(resp, 400, "state", "must be new, triage, assigned, review, "
				"accepted, released, public or rejected");
		f->state = (int)s;
	}
	if (http_query_number(req, "limit", LIM_HTTP_PAGE_DEFAULT, 1, LIM_HTTP_PAGE_MAX,
	    ret_limit) < 0)
		return resp_error(resp, 400, "limit", "must be a number from 1 to 500");
	if (http_query_number(req, "offset", 0, 0, LIM_HTTP_OFFSET_MAX, ret_offset) < 0)
		return resp_error(resp, 400, "offset", "must be a number from 0 to 1000000000");
	return 0;
}

int
api_issue_list(struct http_req *req, struct http_resp *resp)
{
	struct issue_filter f = {.state = -1};
	struct errdetail d = {0};
	struct issue_view *v = NULL;
	long long limit, offset;
	size_t n = 0;
	json_t *items = NULL;
	int rc;

	if ((rc = list_filter(req, resp, &f, &limit, &offset)) != 0)
		return rc;
	/* visibility filters inside the service, before anything is counted */
	if ((rc = svc_issue_list(req->svc, &f, &v, &n, &d)) < 0) {
		api_field_rename(&d, "search", "q");
		return resp_problem(resp, rc, &d);
	}
	if (!(items = json_array())) {
		rc = resp_problem(resp, ERR_NOMEM, NULL);
		goto out;
	}
	for (size_t i = (size_t)offset; i < n && i < (size_t)offset + (size_t)limit; i++) {
		if (json_array_append_new(items, present_issue(req->svc, &v[i], false)) < 0) {
			json_decref(items);
			rc = resp_problem(resp, ERR_NOMEM, NULL);
			goto out;
		}
	}
	rc = resp_json(resp, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
out:
	issue_view_list_free(v, n);
	return rc;
}

int
api_issue_counts(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	int64_t counts[ST__COUNT];
	json_t *o;
	int rc;

	if ((rc = svc_issue_counts(req->svc, counts, &d)) < 0)
		return resp_problem(resp, rc, &d);
	if (!(o = json_object()))
		return resp_problem(resp, ERR_NOMEM, NULL);
	for (int s = 0; s < ST__COUNT; s++)
		json_object_set_new(o, state_name((enum state)s), json_integer(counts[s]));
	return resp_json(resp, 200, o);
}

int
api_issue_create(struct http_req *req, struct http_resp *resp)
{
	struct report_in in = {0};
	const char *source = NULL;
	int anonymous = -1;
	const struct jfield f[] = {
		{"title", J_STR, true, &in.title},
		{"description", J_STR, true, &in.description},
		{"subsystem", J_STR, false, &in.subsystem},
		{"version", J_STR, false, &in.version},
		{"credit", J_STR, false, &in.credit},
		{"anonymous", J_BOOL, false, &anonymous},
		{"on_behalf_of", J_STR, false, &in.on_behalf_of},
		{"source", J_STR, false, &source},
		{NULL, 0, false, NULL},
	};
	struct errdetail d = {0};
	char key[ISSUE_KEY_MAX];
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	in.anonymous = anonymous == 1;
	/* through the API a report is "api", or "email" when psirt enters one */
	in.source = in.on_behalf_of ? SRC_EMAIL : SRC_API;
	if (source && strcmp(source, "api") == 0) {
		in.source = SRC_API;
	} else if (source && strcmp(source, "email") == 0) {
		in.source = SRC_EMAIL;
	} else if (source) {
		rc = resp_error(resp, 400, "source", "must be api or email");
		goto out;
	}
	if ((rc = svc_report(req->svc, &in, key, &d)) < 0)
		rc = resp_problem(resp, rc, &d);
	else
		rc = resp_json(resp, 201, json_pack("{s:s}", "key", key));
out:
	json_decref(root);
	return rc;
}

/* The issue as `issue show --json` prints it, or a problem. */
static int
show(struct http_req *req, struct http_resp *resp, json_t **ret)
{
	struct errdetail d = {0};
	struct issue_view v = {0};
	int rc;

	if ((rc = svc_issue_show(req->svc, req->params[0], &v, &d)) < 0)
		return resp_problem(resp, rc, &d);
	*ret = present_issue(req->svc, &v, true);
	issue_view_release(&v);
	if (!*ret)
		return resp_problem(resp, ERR_NOMEM, NULL);
	return 0;
}

int
api_issue_show(struct http_req *req, struct http_resp *resp)
{
	json_t *o = NULL;
	int rc;

	if ((rc = show(req, resp, &o)) != 0)
		return rc;
	return resp_json(resp, 200, o);
}

/* One array member of the issue ("comments", "attachments"); [] when the
 * reader's view has none. */
static int
show_part(struct http_req *req, struct http_resp *resp, const char *part)
{
	json_t *o = NULL, *a;
	int rc;

	if ((rc = show(req, resp, &o)) != 0)
		return rc;
	a = json_object_get(o, part);
	a = a ? json_incref(a) : json_array();
	json_decref(o);
	return resp_json(resp, 200, a);
}

int
api_comment_list(struct http_req *req, struct http_resp *resp)
{
	return show_part(req, resp, "comments");
}

int
api_attachment_list(struct http_req *req, struct http_resp *resp)
{
	return show_part(req, resp, "attachments");
}

int
api_comment_create(struct http_req *req, struct http_resp *resp)
{
	const char *text;
	int internal;
	const struct jfield f[] = {
		{"text", J_STR, true, &text},
		{"internal", J_BOOL, false, &internal},
		{NULL, 0, false, NULL},
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if ((rc = svc_issue_comment(req->svc, req->params[0], text, internal == 1, &d)) < 0)
		rc = resp_problem(resp, rc, &d);
	else
		rc = api_ok(resp, 201);
	json_decref(root);
	return rc;
}

int
api_attachment_upload(struct http_req *req, struct http_resp *resp)
{
	const char *name = http_query(req, "name");
	struct errdetail d = {0};
	int64_t id;
	int rc;

	if (!http_media_is(req->content_type, "application/octet-stream"))
		return resp_error(resp, 415, "Content-Type", "must be application/octet-stream");
	if (!name || !*name)
		return resp_error(resp, 400, "name", "is required (?name=FILE)");
	rc = svc_issue_attach(req->svc, req->params[0], name, req->body ? req->body : "",
		req->body_len, &id, &d);
	if (rc < 0)
		return resp_problem(resp, rc, &d);
	return resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

void
api_safe_filename(const char *name, char *out, size_t outlen)
{
	size_t k = 0;

	for (; *name && k + 1 < outlen; name++) {
		char c = *name;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

		out[k] = ok && !(k == 0 && c == '.') ? c : '_';
		k++;
	}
	if (k == 0 && outlen > 1)
		out[k++] = '_';
	out[k] = '\0';
}

int
api_attachment_download(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct attachment a = {0};
	long long id = api_parse_id(req->params[1]);
	void *data = NULL;
	char name[LIM_FILENAME_MAX + 1];
	int rc;

	/* not a number: no such attachment, the same answer as any other */
	if (id < 0)
		return resp_problem(resp, ERR_NOTFOUND, NULL);
	if ((rc = svc_issue_attachment(req->svc, req->params[0], id, &a, &data, &d)) < 0)
		return resp_problem(resp, rc, &d);
	rc = api_bytes(resp, "application/octet-stream", data, (size_t)a.size);
	if (rc == 200) {
		api_safe_filename(a.name, name, sizeof(name));
		snprintf(resp->disposition, sizeof(resp->disposition),
			"attachment; filename=\"%s\"", name);
	}
	free(data);
	attachment_release(&a);
	return rc;
}

int
api_issue_history(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct audit_event *e = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_issue_history(req->svc, req->params[0], &e, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_audit_event(&e[i]));
	OBJ_LIST_FREE(e, n, audit_event_release);
	return resp_json(resp, 200, a);
}
