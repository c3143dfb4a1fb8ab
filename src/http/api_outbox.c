/*
 * api_outbox.c — the mail queue over HTTP (docs/api.md, docs/mail.md):
 * the list (optionally one state), one message rendered as its recipient
 * would get it now, and putting held messages back in the queue — what
 * `vigil outbox list|show|retry` do. service/outbox.c decides who may
 * (psirt with the second factor over the network; the refusal comes
 * before any id is looked up, so it never depends on the id). Handles
 * untrusted input: the {id} path parameter, the state query and bodies
 * that must be empty.
 */
#include "http/api.h"

#include "service/mail.h"
#include "service/present_mail.h"
#include "core/banned.h"

int
api_outbox_list(struct http_req *req, struct http_resp *resp)
{
	struct outbox_entry *v = NULL;
	struct errdetail d = {0};
	size_t n = 0;
	json_t *a;
	int rc;

	rc = svc_outbox_list_state(req->svc, http_query(req, "state"), &v, &n, &d);
	if (rc < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_outbox_entry(&v[i]));
	outbox_entry_list_free(v, n);
	return resp_json(resp, 200, a);
}

/* The {id} path parameter; -1 (no message, for the service to say so
 * after its permission check) when it is not a number. */
static int64_t
message_id(struct http_req *req)
{
	long long id = api_parse_id(req->params[0]);

	return id > 0 ? id : -1;
}

int
api_outbox_get(struct http_req *req, struct http_resp *resp)
{
	struct outmsg m = {0};
	struct errdetail d = {0};
	int rc;

	if ((rc = svc_outbox_show(req->svc, message_id(req), &m, &d)) < 0)
		return resp_problem(resp, rc, &d);
	rc = resp_json(resp, 200, present_outmsg(&m));
	outmsg_release(&m);
	return rc;
}

/* retry one (id > 0) or every held message (id 0): {"requeued": n} */
static int
retry(struct http_req *req, struct http_resp *resp, int64_t id)
{
	struct errdetail d = {0};
	size_t n = 0;
	int rc;

	if ((rc = api_no_body(req, resp)) != 0)
		return rc;
	if ((rc = svc_outbox_retry(req->svc, id, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	return resp_json(resp, 200, json_pack("{s:I}", "requeued", (json_int_t)n));
}

int
api_outbox_retry(struct http_req *req, struct http_resp *resp)
{
	return retry(req, resp, message_id(req));
}

int
api_outbox_retry_held(struct http_req *req, struct http_resp *resp)
{
	return retry(req, resp, 0);
}
