/*
 * page_account.c — /account: the signed-in person's own account: who they
 * are, their second factor, a password change, and TOTP enrolment (the
 * otpauth:// URI as a QR code drawn in inline SVG by qr.c, and the secret
 * and the URI as text for whoever cannot scan; no script; then a code
 * confirms it and the ten recovery codes are shown once). The
 * pages that show secrets answer the POST directly (not a redirect), with
 * Cache-Control: no-store like every page. The service decides and checks
 * everything (service/account.c).
 */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "service/web_support.h"
#include "web/qr.h"
#include "core/banned.h"

static void
roles_line(struct buf *b, struct svc *svc)
{
	unsigned roles = svc->me.roles;
	bool any = false;

	H(b, "<dt>Roles</dt><dd>");
	for (unsigned r = ROLE_PSIRT; r <= ROLE_DIRECTOR; r <<= 1) {
		if (!(roles & r))
			continue;
		if (any)
			H(b, ", ");
		h_text(b, role_name((enum role)r));
		any = true;
	}
	if (!any)
		H(b, "reporter");
	H(b, "</dd>");
}

static void
factor_section(struct http_req *req, struct buf *b, const struct account_info *ai)
{
	H(b, "<section class=\"card\"><h2>Second factor</h2>");
	if (ai->mfa_enrolled) {
		H(b, "<p>An authenticator app (TOTP) is set up.");
		if (!ai->mfa)
			H(b, " This session has not given its code yet: <a href=\"/login/totp\">"
				"give it now</a>.");
		H(b, "</p></section>");
		return;
	}
	if (ai->mfa_required)
		H(b, "<p class=\"warn\" role=\"alert\">Your work needs a second factor: until "
			"you set one up you see only your own reports and public issues.</p>");
	else
		H(b, "<p>Optional for reporters; needed for every role that sees embargoed "
			"issues.</p>");
	H(b, "<form method=\"post\" action=\"/account/totp\">");
	web_csrf_field(b, req);
	H(b, "<button type=\"submit\">Set up an authenticator app</button></form></section>");
}

static void
password_section(struct http_req *req, struct buf *b, const struct errdetail *d)
{
	H(b, "<section class=\"card\"><h2>Change password</h2>");
	if (d)
		web_form_error(b, d);
	H(b, "<form method=\"post\" action=\"/account/password\">");
	web_csrf_field(b, req);
	H(b, "<label for=\"old_password\">Current password</label>"
		"<input id=\"old_password\" name=\"old_password\" type=\"password\" "
		"autocomplete=\"current-password\" maxlength=\"1024\">"
		"<label for=\"new_password\">New password <span class=\"hint\">(at least 12 "
		"characters)</span></label>"
		"<input id=\"new_password\" name=\"new_password\" type=\"password\" "
		"autocomplete=\"new-password\" required minlength=\"12\" maxlength=\"1024\">"
		"<label for=\"new_password2\">New password again</label>"
		"<input id=\"new_password2\" name=\"new_password2\" type=\"password\" "
		"autocomplete=\"new-password\" required minlength=\"12\" maxlength=\"1024\">"
		"<button type=\"submit\">Change password</button></form>"
		"<p class=\"hint\">Changing it signs you out everywhere.</p></section>");
}

/* The account page, with an error of the password form when d is given. */
static int
account_page(struct http_req *req, struct http_resp *resp, const struct errdetail *pw_err)
{
	struct svc *svc = req->svc;
	struct account_info ai = {0};
	struct errdetail d = {0};
	struct buf *b = &resp->body;
	int rc;

	if ((rc = svc_account_info(svc, &ai, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	web_begin(req, resp, "Your account");
	H(b, "<dl class=\"facts\"><dt>Login</dt><dd>");
	h_text(b, svc->me.login);
	H(b, "</dd><dt>Name</dt><dd>");
	h_text(b, svc->me.name ? svc->me.name : "");
	H(b, "</dd><dt>Address</dt><dd>");
	h_text(b, svc->me.email ? svc->me.email : "");
	H(b, "</dd>");
	roles_line(b, svc);
	H(b, "</dl>");
	factor_section(req, b, &ai);
	password_section(req, b, pw_err);
	return web_end(req, resp);
}

int
page_account(struct http_req *req, struct http_resp *resp)
{
	return account_page(req, resp, NULL);
}

int
page_account_password(struct http_req *req, struct http_resp *resp)
{
	const char *old = web_form(req, "old_password");
	const char *pw = web_form(req, "new_password");
	const char *pw2 = web_form(req, "new_password2");
	struct errdetail d = {0};
	int rc;

	if (!pw || !pw2 || strcmp(pw, pw2) != 0) {
		err_set(&d, ERR_INVAL, "new_password2", "does not match the new password");
		rc = account_page(req, resp, &d);
		return resp->status = rc == 200 ? 400 : rc;
	}
	if ((rc = svc_password_change(req->svc, old && *old ? old : NULL, pw, &d)) < 0) {
		int status = http_status_for(rc, &d);

		rc = account_page(req, resp, &d);
		return resp->status = rc == 200 ? status : rc;
	}
	/* every session of the person, this one too, has ended */
	api_session_cookie(req, resp, "");
	return web_redirect(resp, "/login?done=password");
}

static void
confirm_form(struct http_req *req, struct buf *b)
{
	H(b, "<form class=\"card narrow\" method=\"post\" action=\"/account/totp/confirm\">");
	web_csrf_field(b, req);
	H(b, "<label for=\"code\">The 6-digit code your app shows now</label>"
		"<input id=\"code\" name=\"code\" autocomplete=\"one-time-code\" "
		"inputmode=\"numeric\" required maxlength=\"10\">"
		"<button type=\"submit\">Confirm</button></form>");
}

/* The new secret: as a QR code of the URI when qr.c can make one, and as
 * text (the key to type, the URI to paste); without the QR code the text
 * alone. */
static void
totp_secret(struct buf *b, const char *secret, const char *uri)
{
	struct qr *qr = NULL;

	if (qr_make(uri, &qr) == 0) {
		H(b, "<p>Scan this QR code with your authenticator app:</p><p class=\"qr\">");
		qr_svg(b, qr, "QR code of the otpauth URI shown below as text");
		H(b, "</p><p>If you cannot scan it, add an account in the app with this secret "
			"key (time-based, 6 digits, 30 seconds):</p>");
		qr_free(qr);
	} else {
		H(b, "<p>In your authenticator app, add an account with this secret key "
			"(time-based, 6 digits, 30 seconds):</p>");
	}
	H(b, "<p><code class=\"secret\">");
	h_text(b, secret);
	H(b, "</code></p><p>or paste this URI:</p><p><code class=\"secret\">");
	h_text(b, uri);
	H(b, "</code></p>");
}

int
page_account_totp(struct http_req *req, struct http_resp *resp)
{
	char *secret = NULL, *uri = NULL;
	struct errdetail d = {0};
	struct buf *b = &resp->body;
	int rc;

	if ((rc = svc_totp_begin(req->svc, &secret, &uri, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	web_begin(req, resp, "Set up an authenticator app");
	H(b, "<ol class=\"steps\"><li>");
	totp_secret(b, secret, uri);
	H(b, "</li><li>Enter the code it shows to confirm:</li></ol>");
	confirm_form(req, b);
	free(secret);
	free(uri);
	return web_end(req, resp);
}

int
page_account_totp_confirm(struct http_req *req, struct http_resp *resp)
{
	struct strlist codes = {0};
	struct errdetail d = {0};
	struct buf *b = &resp->body;
	int rc;

	if ((rc = svc_totp_confirm(req->svc, web_form(req, "code"), &codes, &d)) < 0) {
		int status = http_status_for(rc, &d);

		if (rc == ERR_CONFLICT)
			return web_fail(req, resp, rc, &d);
		web_begin(req, resp, "Set up an authenticator app");
		web_form_error(b, &d);
		H(b, "<p>Check the time on your device and try the current code.</p>");
		confirm_form(req, b);
		resp->status = status;
		return web_end(req, resp);
	}
	web_begin(req, resp, "Your second factor is set up");
	H(b, "<p>Keep these recovery codes somewhere safe. Each one signs you in once in "
		"place of a code if you lose your device. <strong>They are shown only now."
		"</strong></p><ul class=\"codes\">");
	for (size_t i = 0; i < codes.n; i++) {
		H(b, "<li><code>");
		h_text(b, codes.v[i]);
		H(b, "</code></li>");
	}
	H(b, "</ul><p><a class=\"button\" href=\"/\">Continue</a></p>");
	strlist_release(&codes);
	return web_end(req, resp);
}
