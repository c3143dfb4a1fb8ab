/*
 * page_report.c — GET/POST /report, "Report a vulnerability" (issue 5):
 * title, description, affected version, an optional proof-of-concept file,
 * credit (a name, or anonymous) and, when signed out, a contact address.
 * The form is multipart/form-data (for the file) and works without script.
 * The service (svc_web_report) files it: under the signed-in person, or
 * under a new reporter account whose login and password this page shows
 * once, signing the new reporter in. An address that already has an
 * account must sign in first. On an error the form comes back with the
 * values given (escaped) and a message naming the field.
 */
#include "web/web.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "http/api.h"
#include "service/web_support.h"
#include "core/banned.h"

/* The value to show again in a field: the form's, on a failed POST. */
static const char *
val(struct http_req *req, const char *name)
{
	const char *v = strcmp(req->method, "POST") == 0 ? web_form(req, name) : NULL;

	return v ? v : "";
}

static void
text_input(struct buf *b, struct http_req *req, const char *name, const char *label,
	const char *hint, bool required, int maxlen)
{
	H(b, "<label for=\"");
	h_attr(b, name);
	H(b, "\">");
	h_text(b, label);
	if (hint) {
		H(b, " <span class=\"hint\">");
		h_text(b, hint);
		H(b, "</span>");
	}
	H(b, "</label><input id=\"");
	h_attr(b, name);
	H(b, "\" name=\"");
	h_attr(b, name);
	H(b, "\" value=\"");
	h_attr(b, val(req, name));
	H(b, "\" maxlength=\"");
	h_int(b, maxlen);
	H(b, "\"");
	if (required)
		H(b, " required");
	if (strcmp(name, "email") == 0)
		H(b, " type=\"email\" autocomplete=\"email\"");
	H(b, ">");
}

static void
contact_fields(struct http_req *req, struct buf *b)
{
	if (req->svc->me.id != 0) {
		H(b, "<p class=\"hint\">You file this report as <strong>");
		h_text(b, req->svc->me.login);
		H(b, "</strong>; it will be in <a href=\"/my\">your reports</a>.</p>");
		return;
	}
	H(b, "<fieldset><legend>How we reach you</legend>");
	text_input(b, req, "email", "Your e-mail address", NULL, true, LIM_EMAIL_MAX);
	text_input(b, req, "name", "Your name", "(optional)", false, LIM_NAME_MAX);
	H(b, "<p class=\"hint\">We create an account for you so you can follow the report "
		"and add information. Already have one? <a href=\"/login\">Sign in</a> "
		"first.</p></fieldset>");
}

static void
report_form(struct http_req *req, struct http_resp *resp, const struct errdetail *err)
{
	struct buf *b = &resp->body;

	web_begin(req, resp, "Report a vulnerability");
	H(b, "<p class=\"lead\">Tell us privately about a security problem. Only the security "
		"team sees your report until it is fixed and published.</p>");
	if (err)
		web_form_error(b, err);
	H(b, "<form class=\"card\" method=\"post\" action=\"/report\" "
		"enctype=\"multipart/form-data\">");
	web_csrf_field(b, req);
	text_input(b, req, "title", "Title", "(one line)", true, LIM_TITLE_MAX);
	H(b, "<label for=\"description\">Description <span class=\"hint\">(what is wrong, "
		"how to reproduce it, what an attacker gains; Markdown)</span></label>"
		"<textarea id=\"description\" name=\"description\" rows=\"12\" required "
		"maxlength=\"65536\">");
	h_text(b, val(req, "description"));
	H(b, "</textarea>");
	text_input(b, req, "version", "Affected version", "(optional, e.g. v3.7.0)", false,
		LIM_VERSION_MAX);
	H(b, "<label for=\"attachment\">Proof of concept <span class=\"hint\">(optional file, "
		"at most 10 MiB)</span></label>"
		"<input id=\"attachment\" name=\"attachment\" type=\"file\">");
	H(b, "<fieldset><legend>Credit</legend>");
	text_input(b, req, "credit", "Credit me as", "(optional; your name or handle)", false,
		LIM_NAME_MAX);
	H(b, "<label class=\"check\"><input type=\"checkbox\" name=\"anonymous\" value=\"1\"");
	if (*val(req, "anonymous"))
		H(b, " checked");
	H(b, "> Do not credit me publicly</label></fieldset>");
	contact_fields(req, b);
	H(b, "<button type=\"submit\">Send report</button></form>");
}

int
page_report(struct http_req *req, struct http_resp *resp)
{
	report_form(req, resp, NULL);
	return web_end(req, resp);
}

/* An optional field: NULL when empty. */
static const char *
opt(struct http_req *req, const char *name)
{
	const char *v = web_form(req, name);

	return v && *v ? v : NULL;
}

/* Sign the new reporter in, so /my works at once; the page's forms then
 * carry the new session's CSRF token (lr keeps it while the page is written). */
static void
sign_in_new(struct http_req *req, struct http_resp *resp, const struct web_report_result *r,
	struct login_result *lr)
{
	struct errdetail d = {0};
	struct svc *anon = NULL;

	if (svc_open(req->db_path, NULL, &anon, &d) == 0 &&
	    svc_login_first_step(anon, r->login, r->password, req->client_addr, lr, &d) == 0) {
		api_session_cookie(req, resp, lr->session);
		req->csrf = lr->csrf;
		req->via_session = true;
	}
	svc_close(anon);
}

static int
welcome(struct http_req *req, struct http_resp *resp, const struct web_report_result *r,
	const char *title)
{
	struct login_result lr = {0};
	struct buf *b = &resp->body;
	int rc;

	sign_in_new(req, resp, r, &lr);
	web_begin(req, resp, "Thank you: your report is filed");
	H(b, "<p>Your report is <strong>");
	h_text(b, r->key);
	H(b, "</strong>: \xe2\x80\x9c");
	h_text(b, title);
	H(b, "\xe2\x80\x9d. The security team acknowledges it within 7 days.</p>"
		"<section class=\"card\"><h2>Your account</h2><p>Keep these to come back to "
		"your report. <strong>The password is shown only now.</strong></p>"
		"<dl class=\"facts\"><dt>Login</dt><dd><code>");
	h_text(b, r->login);
	H(b, "</code></dd><dt>Password</dt><dd><code class=\"secret\">");
	h_text(b, r->password);
	H(b, "</code></dd></dl><p>You are signed in now. You can change the password in "
		"<a href=\"/account\">your account</a>.</p></section>"
		"<p><a class=\"button\" href=\"/my\">See my reports</a></p>");
	rc = web_end(req, resp);
	req->csrf = "";
	sodium_memzero(&lr, sizeof(lr));
	return rc;
}

int
page_report_post(struct http_req *req, struct http_resp *resp)
{
	struct web_report_in in = {
		.title = web_form(req, "title"),
		.description = web_form(req, "description"),
		.version = opt(req, "version"),
		.email = opt(req, "email"),
		.name = opt(req, "name"),
		.credit = opt(req, "credit"),
		.anonymous = opt(req, "anonymous") != NULL,
		.addr = req->client_addr,
	};
	struct web_report_result r = {0};
	struct errdetail d = {0};
	int rc;

	const char *file = NULL;

	if (web_form_file(req, "attachment", &file, &in.attachment_len, &in.attachment_name))
		in.attachment = file;
	if ((rc = svc_web_report(req->svc, &in, &r, &d)) < 0) {
		/* the per-address limit of signed-out reports is a throttle, not a size */
		int status = rc == ERR_LIMIT && strcmp(d.field, "email") == 0 ? 429 :
			http_status_for(rc, &d);

		report_form(req, resp, &d);
		resp->status = status;
		return web_end(req, resp);
	}
	if (r.login[0]) {
		rc = welcome(req, resp, &r, in.title);
		sodium_memzero(&r, sizeof(r));
		return rc;
	}
	return web_redirectf(resp, "/issues/%s?done=reported", r.key);
}
