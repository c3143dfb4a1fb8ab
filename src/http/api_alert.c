/*
 * api_alert.c — the vulnerability-alerts list over HTTP (docs/api.md):
 * the public request (anonymous callers too), the list and one member
 * (directors and psirt), a director's decision, and changes of addresses
 * and key. Handlers decode strictly and call service/alert.c, which checks
 * every field and decides who may do what; an OpenPGP key is first read
 * by GPGME (mail_pgp_check_key) and refused when it cannot be used.
 * Handles untrusted input: JSON bodies and path parameters.
 */
#include "http/api.h"

#include <string.h>

#include "mail/mail.h"
#include "service/mail.h"
#include "service/present_mail.h"
#include "core/banned.h"

#define END {NULL, 0, false, NULL}

int
api_alert_request(struct http_req *req, struct http_resp *resp)
{
	const char *org, *reason, *key;
	struct strlist addr = {0};
	const struct jfield f[] = {
		{"org", J_STR, true, &org},
		{"addresses", J_STRLIST, true, &addr},
		{"reason", J_STR, true, &reason},
		{"pgp_key", J_STR, false, &key},
		END,
	};
	struct alert_request in;
	struct errdetail d = {0};
	json_t *root = NULL;
	int64_t id = 0;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	in.org = org;
	in.addresses = &addr;
	in.reason = reason;
	in.pgp_key = key;
	in.addr = req->client_addr;   /* anonymous requests are limited per address */
	if ((rc = mail_pgp_check_key(key, &d)) < 0 ||
	    (rc = svc_alert_request(req->svc, &in, &id, &d)) < 0)
		/* the per-address limit is a throttle, not a size: 429 */
		rc = rc == ERR_LIMIT && strcmp(d.field, "request") == 0 ?
			resp_error(resp, 429, d.field, d.reason) : resp_problem(resp, rc, &d);
	else
		rc = resp_json(resp, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "status",
			"requested"));
	strlist_release(&addr);
	json_decref(root);
	return rc;
}

int
api_alert_list(struct http_req *req, struct http_resp *resp)
{
	struct alert_member *m = NULL;
	struct errdetail d = {0};
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_alert_list(req->svc, &m, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_alert_member(&m[i]));
	alert_member_list_free(m, n);
	return resp_json(resp, 200, a);
}

/* The {id} path parameter; 404 naming "id" when it is not a number. */
static int
member_id(struct http_req *req, struct http_resp *resp, int64_t *ret)
{
	long long id = api_parse_id(req->params[0]);

	if (id < 0)
		return resp_error(resp, 404, "id", "names no alert-list member");
	*ret = id;
	return 0;
}

int
api_alert_get(struct http_req *req, struct http_resp *resp)
{
	struct alert_member m = {0};
	struct errdetail d = {0};
	int64_t id = 0;
	int rc;

	if ((rc = member_id(req, resp, &id)) != 0)
		return rc;
	if ((rc = svc_alert_get(req->svc, id, &m, &d)) < 0)
		return resp_problem(resp, rc, &d);
	rc = resp_json(resp, 200, present_alert_member(&m));
	alert_member_release(&m);
	return rc;
}

int
api_alert_decide(struct http_req *req, struct http_resp *resp)
{
	const char *decision, *note;
	const struct jfield f[] = {
		{"decision", J_STR, true, &decision},
		{"note", J_STR, false, &note},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int64_t id = 0;
	int rc;

	if ((rc = member_id(req, resp, &id)) != 0)
		return rc;
	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_alert_decide(req->svc, id, decision, note, &d), &d, 200);
	json_decref(root);
	return rc;
}

/* A new key for member id: the caller must be allowed to see the member
 * first (a stranger learns nothing from the key check), then GPGME must
 * find the key usable. */
static int
key_check(struct svc *svc, int64_t id, const char *key, struct errdetail *d)
{
	struct alert_member m = {0};
	int rc;

	if (!key || !*key)
		return 0;
	if ((rc = svc_alert_get(svc, id, &m, d)) < 0)
		return rc;
	alert_member_release(&m);
	return mail_pgp_check_key(key, d);
}

int
api_alert_update(struct http_req *req, struct http_resp *resp)
{
	struct strlist addr = {0};
	const char *key;
	const struct jfield f[] = {
		{"addresses", J_STRLIST, false, &addr},
		{"pgp_key", J_STR, false, &key},
		END,
	};
	struct alert_update u;
	struct errdetail d = {0};
	json_t *root = NULL;
	int64_t id = 0;
	int rc;

	if ((rc = member_id(req, resp, &id)) != 0)
		return rc;
	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	u.addresses = json_object_get(root, "addresses") ? &addr : NULL;
	u.pgp_key = key;
	rc = key_check(req->svc, id, key, &d);
	if (rc == 0)
		rc = svc_alert_update(req->svc, id, &u, &d);
	rc = api_answer(resp, rc, &d, 200);
	strlist_release(&addr);
	json_decref(root);
	return rc;
}
