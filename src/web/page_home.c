/*
 * page_home.c — GET /: sends each person where their work is (psirt and
 * the people working on issues to the dashboard, admins to people,
 * directors to the alert list, reporters to their reports, a session that
 * owes its second factor to the code form) and shows signed-out visitors a
 * short home page. The roles are the service's (svc_roles), as they count
 * now. A "done" flash code is passed on; it only ever selects a fixed text.
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>

#include "service/web_support.h"
#include "core/banned.h"

/* Where a signed-in person starts. */
static const char *
start_page(struct svc *svc)
{
	unsigned roles = svc_roles(svc);
	struct account_info ai = {0};
	struct errdetail d = {0};

	if (svc->restricted && svc_account_info(svc, &ai, &d) == 0 && ai.mfa_enrolled)
		return "/login/totp";
	if ((roles & ROLE_PSIRT) || svc_works_on_issues(svc))
		return "/dashboard";
	if (roles & ROLE_ADMIN)
		return "/people";
	if (roles & ROLE_DIRECTOR)
		return "/alert-list";
	return "/my";
}

/* A flash code worth passing on: a short lowercase word. */
static bool
flash_code(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

int
page_home(struct http_req *req, struct http_resp *resp)
{
	const char *done = http_query(req, "done");
	struct buf *b = &resp->body;

	if (req->svc->me.id != 0) {
		const char *to = start_page(req->svc);
		char url[64];

		if (!flash_code(done))
			return web_redirect(resp, to);
		snprintf(url, sizeof(url), "%s?done=%s", to, done);
		return web_redirect(resp, url);
	}
	web_begin(req, resp, "Security response");
	H(b, "<p class=\"lead\">This is where the project receives vulnerability reports, "
		"works on them under embargo and publishes advisories.</p>"
		"<ul class=\"tiles\">"
		"<li><a class=\"tile\" href=\"/report\"><strong>Report a vulnerability</strong>"
		"<span>Tell us privately. You get an account to follow your report.</span></a></li>"
		"<li><a class=\"tile\" href=\"/vulnerabilities\"><strong>Published "
		"vulnerabilities</strong><span>Advisories, CVE ids and fixes.</span></a></li>"
		"<li><a class=\"tile\" href=\"/alert-list/request\"><strong>Join the alert list"
		"</strong><span>For vendors who ship the project: early notice under embargo."
		"</span></a></li>"
		"<li><a class=\"tile\" href=\"/login\"><strong>Sign in</strong><span>Reporters "
		"and the security team.</span></a></li></ul>");
	return web_end(req, resp);
}
