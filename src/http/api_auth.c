/*
 * api_auth.c — the account routes of the API: login and logout (the
 * session cookie), who am I, password change, TOTP enrolment, and API
 * tokens. Each decodes its body strictly and calls service/account.c,
 * which decides everything; secrets the service returns (session, CSRF
 * token, API token, recovery codes) are sent once and wiped here.
 */
#include "http/api.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/present.h"
#include "service/service.h"
#include "core/banned.h"

#define SESSION_MAX_AGE (12 * 3600)

void
api_session_cookie(struct http_req *req, struct http_resp *resp, const char *value)
{
	snprintf(resp->set_cookie, sizeof(resp->set_cookie),
		"%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
		HTTP_SESSION_COOKIE(req->secure_cookies), value, *value ? SESSION_MAX_AGE : 0,
		req->secure_cookies ? "; Secure" : "");
}

int
api_login(struct http_req *req, struct http_resp *resp)
{
	const char *login = NULL, *password = NULL, *otp = NULL;
	const struct jfield f[] = {
		{"login", J_STR, true, &login},
		{"password", J_STR, true, &password},
		{"otp", J_STR, false, &otp},
		{NULL, 0, false, NULL},
	};
	struct login_result r = {0};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = svc_login(req->svc, login, password, otp, req->client_addr, &r, &d);
	if (rc == ERR_LIMIT) {
		resp_error(resp, 429, "login", "too many failed attempts; wait 15 minutes");
	} else if (http_status_for(rc, &d) == 500) {
		/* the server's trouble (the database), not the caller's: not a 401
		 * that would send them to retype a right password */
		resp_problem(resp, rc, &d);
	} else if (rc < 0) {
		/* one answer for an unknown login, a wrong password and a wrong code */
		resp_error(resp, 401, "login", "wrong login, password or code");
	} else {
		api_session_cookie(req, resp, r.session);
		resp_json(resp, 200, json_pack("{s:s,s:s,s:b,s:b,s:b}", "login", login,
			"csrf", r.csrf, "mfa", r.mfa, "mfa_required", r.mfa_required,
			"mfa_enrolled", r.mfa_enrolled));
	}
	sodium_memzero(&r, sizeof(r));
	json_decref(root);
	return 0;
}

int
api_logout(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	int rc;

	if ((rc = svc_logout(req->svc, &d)) < 0)
		return resp_problem(resp, rc, &d);
	api_session_cookie(req, resp, "");
	return api_ok(resp, 200);
}

int
api_me(struct http_req *req, struct http_resp *resp)
{
	struct account_info ai = {0};
	struct errdetail d = {0};
	json_t *o;
	int rc;

	if ((rc = svc_account_info(req->svc, &ai, &d)) < 0)
		return resp_problem(resp, rc, &d);
	if (!(o = present_person(&req->svc->me)))
		return resp_error(resp, 500, "response", "could not be built");
	json_object_set_new(o, "mfa", json_boolean(ai.mfa));
	json_object_set_new(o, "mfa_required", json_boolean(ai.mfa_required));
	json_object_set_new(o, "mfa_enrolled", json_boolean(ai.mfa_enrolled));
	json_object_set_new(o, "via", json_string(req->svc->session_id ? "session" : "token"));
	json_object_set_new(o, "scope", json_string(req->svc->read_only ? "read" : "write"));
	return resp_json(resp, 200, o);
}

int
api_password(struct http_req *req, struct http_resp *resp)
{
	const char *old = NULL, *new_pw = NULL;
	const struct jfield f[] = {
		{"old", J_STR, false, &old},
		{"new", J_STR, true, &new_pw},
		{NULL, 0, false, NULL},
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if ((rc = svc_password_change(req->svc, old, new_pw, &d)) < 0) {
		resp_problem(resp, rc, &d);
	} else {
		/* every session of the person, this one too, has ended */
		if (req->svc->session_id)
			api_session_cookie(req, resp, "");
		api_ok(resp, 200);
	}
	json_decref(root);
	return 0;
}

int
api_totp_begin(struct http_req *req, struct http_resp *resp)
{
	char *secret = NULL, *uri = NULL;
	struct errdetail d = {0};
	int rc;

	if ((rc = svc_totp_begin(req->svc, &secret, &uri, &d)) < 0)
		return resp_problem(resp, rc, &d);
	resp_json(resp, 200, json_pack("{s:s,s:s}", "secret", secret, "uri", uri));
	sodium_memzero(secret, strlen(secret));
	free(secret);
	free(uri);
	return 0;
}

int
api_totp_confirm(struct http_req *req, struct http_resp *resp)
{
	const char *code = NULL;
	const struct jfield f[] = {
		{"code", J_STR, true, &code},
		{NULL, 0, false, NULL},
	};
	struct strlist codes = {0};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if ((rc = svc_totp_confirm(req->svc, code, &codes, &d)) < 0)
		resp_problem(resp, rc, &d);
	else
		resp_json(resp, 200, json_pack("{s:o}", "recovery_codes", present_strlist(&codes)));
	for (size_t i = 0; i < codes.n; i++)
		sodium_memzero(codes.v[i], strlen(codes.v[i]));
	strlist_release(&codes);
	json_decref(root);
	return 0;
}

int
api_token_list(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct api_token *t = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_token_list(req->svc, &t, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_token(&t[i]));
	OBJ_LIST_FREE(t, n, api_token_release);
	return resp_json(resp, 200, a);
}

int
api_token_create(struct http_req *req, struct http_resp *resp)
{
	const char *name = NULL, *scope = NULL;
	long long days = 90;
	const struct jfield f[] = {
		{"name", J_STR, true, &name},
		{"scope", J_STR, true, &scope},
		{"days", J_INT, false, &days},
		{NULL, 0, false, NULL},
	};
	struct errdetail d = {0};
	char tok[SVC_TOKEN_MAX];
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if (days < 1 || days > 365)
		resp_error(resp, 400, "days", "must be 1 to 365");
	else if ((rc = svc_token_create(req->svc, name, scope, (int)days, tok, &d)) < 0)
		resp_problem(resp, rc, &d);
	else
		resp_json(resp, 201, json_pack("{s:s}", "token", tok));
	sodium_memzero(tok, sizeof(tok));
	json_decref(root);
	return 0;
}

int
api_token_revoke(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	int rc;

	if ((rc = svc_token_revoke(req->svc, req->params[0], &d)) < 0)
		return resp_problem(resp, rc, &d);
	return api_ok(resp, 200);
}
