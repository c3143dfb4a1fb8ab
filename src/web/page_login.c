/*
 * page_login.c — signing in and out in the browser: GET/POST /login (login
 * and password), GET/POST /login/totp (the second step: a TOTP or recovery
 * code for a person who has enrolled) and POST /logout. The service checks
 * everything and throttles failures; a wrong login, password or code all
 * give the same message, which never echoes input. The session cookie is
 * HttpOnly, SameSite=Strict, and Secure behind TLS.
 */
#include "web/web.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "http/api.h"
#include "service/web_support.h"
#include "core/banned.h"

static void
login_form(struct http_req *req, struct http_resp *resp, const char *error)
{
	struct buf *b = &resp->body;

	web_begin(req, resp, "Sign in");
	if (error) {
		H(b, "<p class=\"error\" role=\"alert\">");
		h_text(b, error);
		H(b, "</p>");
	}
	H(b, "<form class=\"card narrow\" method=\"post\" action=\"/login\">");
	web_csrf_field(b, req);
	H(b, "<label for=\"login\">Login</label>"
		"<input id=\"login\" name=\"login\" autocomplete=\"username\" required "
		"maxlength=\"64\" autofocus>"
		"<label for=\"password\">Password</label>"
		"<input id=\"password\" name=\"password\" type=\"password\" "
		"autocomplete=\"current-password\" required maxlength=\"1024\">"
		"<button type=\"submit\">Sign in</button></form>"
		"<p class=\"hint\">Reporters: your login and password were shown when you filed "
		"your first report. No account yet? <a href=\"/report\">Report a "
		"vulnerability</a>.</p>");
}

int
page_login(struct http_req *req, struct http_resp *resp)
{
	if (req->svc->me.id != 0)
		return web_redirect(resp, req->svc->restricted ? "/login/totp" : "/");
	login_form(req, resp, NULL);
	return web_end(req, resp);
}

/* Where a fresh session goes next. */
static const char *
after_login(const struct login_result *r)
{
	if (r->mfa_enrolled && !r->mfa)
		return "/login/totp";
	if (r->mfa_required && !r->mfa_enrolled)
		return "/account?done=login";
	return "/?done=login";
}

int
page_login_post(struct http_req *req, struct http_resp *resp)
{
	struct login_result r = {0};
	struct errdetail d = {0};
	struct svc *anon = NULL;
	int rc;

	/* signing in again starts from nobody, whatever session came along */
	if ((rc = svc_open(req->db_path, NULL, &anon, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	rc = svc_login_first_step(anon, web_form(req, "login"), web_form(req, "password"),
		req->client_addr, &r, &d);
	svc_close(anon);
	if (rc < 0 && http_status_for(rc, &d) == 500)
		return web_fail(req, resp, rc, &d);   /* the database's trouble, not a wrong password */
	if (rc == ERR_LIMIT) {
		login_form(req, resp, "Too many failed attempts: wait 15 minutes.");
		resp->status = 429;
		return web_end(req, resp);
	}
	if (rc < 0) {
		login_form(req, resp, "Wrong login or password.");
		resp->status = 401;
		return web_end(req, resp);
	}
	api_session_cookie(req, resp, r.session);
	rc = web_redirect(resp, after_login(&r));
	sodium_memzero(&r, sizeof(r));
	return rc;
}

static void
totp_form(struct http_req *req, struct http_resp *resp, const char *error)
{
	struct buf *b = &resp->body;

	web_begin(req, resp, "Second factor");
	if (error) {
		H(b, "<p class=\"error\" role=\"alert\">");
		h_text(b, error);
		H(b, "</p>");
	}
	H(b, "<form class=\"card narrow\" method=\"post\" action=\"/login/totp\">");
	web_csrf_field(b, req);
	H(b, "<label for=\"code\">Code from your authenticator app, or a recovery code</label>"
		"<input id=\"code\" name=\"code\" autocomplete=\"one-time-code\" "
		"inputmode=\"numeric\" required maxlength=\"80\" autofocus>"
		"<button type=\"submit\">Continue</button></form>"
		"<p class=\"hint\">Until you give it you see only your own reports and public "
		"issues.</p>");
}

int
page_login_totp(struct http_req *req, struct http_resp *resp)
{
	if (!req->svc->restricted)
		return web_redirect(resp, "/");
	totp_form(req, resp, NULL);
	return web_end(req, resp);
}

int
page_login_totp_post(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	int rc;

	rc = svc_session_second_factor(req->svc, web_form(req, "code"), req->client_addr, &d);
	if (rc == ERR_CONFLICT && !req->svc->restricted)
		return web_redirect(resp, "/");
	if (rc == ERR_CONFLICT)
		return web_redirect(resp, "/account");
	if (rc < 0 && http_status_for(rc, &d) == 500)
		return web_fail(req, resp, rc, &d);   /* the database's trouble, not a wrong code */
	if (rc < 0) {
		totp_form(req, resp, rc == ERR_LIMIT ? "Too many failed attempts: wait 15 "
			"minutes." : "Wrong code.");
		resp->status = rc == ERR_LIMIT ? 429 : 401;
		return web_end(req, resp);
	}
	return web_redirect(resp, "/?done=factor");
}

int
page_logout_post(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};

	if (req->via_session)
		(void)svc_logout(req->svc, &d);
	api_session_cookie(req, resp, "");
	return web_redirect(resp, "/?done=logout");
}
