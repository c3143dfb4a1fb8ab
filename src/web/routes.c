/*
 * routes.c — the page table of the web pages and how a matched page runs.
 * The server (src/http/server.c) tries the API's table first, then this
 * one, through web_site. web_run() enforces, before any handler runs, the
 * page's sign-in need (signed-out visitors go to /login) and, for every
 * POST, a parsed form whose hidden `csrf` field matches (403 otherwise,
 * nothing changed). Order matters: the first pattern that fits wins, so a
 * literal segment comes before a {param} one that would also match it.
 * The table is grouped by page family. No other logic.
 */
#include "web/web.h"

#include <string.h>

#include "core/limits.h"
#include "web/form.h"
#include "core/banned.h"

#define ANY AUTH_ANY
#define PERSON AUTH_PERSON

const struct web_page web_pages[] = {
	/* public, reporter and account pages */
	{"GET", "/", page_home, 0, ANY},
	{"GET", "/login", page_login, 0, ANY},
	{"POST", "/login", page_login_post, WEB_FORM, ANY},
	{"GET", "/login/totp", page_login_totp, 0, PERSON},
	{"POST", "/login/totp", page_login_totp_post, WEB_FORM, PERSON},
	{"POST", "/logout", page_logout_post, WEB_FORM, ANY},
	{"GET", "/account", page_account, 0, PERSON},
	{"POST", "/account/password", page_account_password, WEB_FORM, PERSON},
	{"POST", "/account/totp", page_account_totp, WEB_FORM, PERSON},
	{"POST", "/account/totp/confirm", page_account_totp_confirm, WEB_FORM, PERSON},
	{"GET", "/report", page_report, 0, ANY},
	{"POST", "/report", page_report_post, WEB_UPLOAD, ANY},
	{"GET", "/my", page_my, 0, PERSON},
	{"GET", "/static/{name}", page_static, 0, ANY},

	/* dashboard and issue pages; "attachments/{id}" and the literal
	 * action segments all sit below /issues/{key} */
	{"GET", "/dashboard", page_dashboard, 0, PERSON},
	{"GET", "/issues/{key}", page_issue, 0, ANY},
	{"GET", "/issues/{key}/attachments/{id}", page_issue_attachment, 0, PERSON},
	{"POST", "/issues/{key}/attachments", page_issue_upload, WEB_UPLOAD, PERSON},
	{"POST", "/issues/{key}/comment", page_issue_comment, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/ack", page_issue_ack, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/assign", page_issue_assign, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/move", page_issue_move, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/reject", page_issue_reject, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/publish", page_issue_publish, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/fields", page_issue_fields, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/cvss", page_issue_cvss, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/cves", page_issue_cve, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/fixes", page_issue_fix_add, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/fixes/state", page_issue_fix_state, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/backports", page_issue_backport, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/grants", page_issue_grant, WEB_FORM, PERSON},
	{"POST", "/issues/{key}/grants/revoke", page_issue_revoke, WEB_FORM, PERSON},

	/* releases, CVEs, meetings, people, alert list */
	{"GET", "/releases", page_releases, 0, ANY},
	{"POST", "/releases", page_releases_add, WEB_FORM, PERSON},
	{"POST", "/releases/{name}/eol", page_releases_eol, WEB_FORM, PERSON},
	{"GET", "/cves", page_cves, 0, ANY},
	{"POST", "/cves/reserve", page_cves_reserve, WEB_FORM, PERSON},
	{"POST", "/cves/retire", page_cves_retire, WEB_FORM, PERSON},
	{"GET", "/meetings", page_meetings, 0, PERSON},
	{"POST", "/meetings", page_meetings_add, WEB_FORM, PERSON},
	{"POST", "/meetings/{id}/decisions", page_meetings_decide, WEB_FORM, PERSON},
	{"GET", "/people", page_people, 0, PERSON},
	{"POST", "/people", page_people_add, WEB_FORM, PERSON},
	{"POST", "/people/{login}", page_people_update, WEB_FORM, PERSON},
	{"POST", "/people/{login}/password-reset", page_people_password, WEB_FORM, PERSON},
	{"POST", "/people/{login}/totp-reset", page_people_totp, WEB_FORM, PERSON},
	{"GET", "/alert-list/request", page_alert_request, 0, ANY},
	{"POST", "/alert-list/request", page_alert_request_post, WEB_FORM, ANY},
	{"GET", "/alert-list/request/done", page_alert_request_done, 0, ANY},
	{"GET", "/alert-list", page_alert_list, 0, PERSON},
	{"POST", "/alert-list/{id}/decide", page_alert_decide, WEB_FORM, PERSON},
	{"POST", "/alert-list/{id}/update", page_alert_update, WEB_FORM, PERSON},

	/* the public vulnerabilities page (was an export page of http/) */
	{"GET", "/vulnerabilities", page_vulnerabilities, 0, ANY},
};

const size_t web_npages = sizeof(web_pages) / sizeof(web_pages[0]);

/* Pages whose POST computes a password hash (argon2id): a few at a time. */
static bool
web_costly(int i)
{
	http_handler fn = web_pages[i].fn;

	return fn == page_login_post || fn == page_login_totp_post || fn == page_report_post ||
		fn == page_account_password;
}

static int
web_match(const char *method, const char *path, char *scratch, size_t scratch_len,
	const char **params, size_t *ret_nparams)
{
	bool path_seen = false;

	if (strlen(path) + HTTP_MAX_PARAMS + 1 > scratch_len)
		return -1;
	for (size_t i = 0; i < web_npages; i++) {
		if (!router_fits(web_pages[i].pattern, path, scratch, params, ret_nparams))
			continue;
		if (strcmp(web_pages[i].method, method) == 0)
			return (int)i;
		path_seen = true;
	}
	return path_seen ? -2 : -1;
}

static size_t
web_body_max(int i)
{
	return web_pages[i].body_max;
}

/* Run page i: sign-in need, form and CSRF, then the handler. */
static int
web_run(int i, struct http_req *req, struct http_resp *resp)
{
	const struct web_page *p = &web_pages[i];
	struct web_form_state form;
	int rc;

	if (p->auth == AUTH_PERSON && req->svc->me.id == 0) {
		if (strcmp(p->method, "GET") == 0)
			return web_redirect(resp, "/login");
		return web_error_page(req, resp, 401, NULL);
	}
	web_form_init(&form);
	req->web = &form;
	/* signed-out visitors' forms carry a double-submit token */
	if (!req->via_session && p->fn != page_static)
		web_form_anon_csrf(req, resp, &form);
	if (strcmp(p->method, "POST") == 0) {
		if ((rc = web_form_parse(req, &form)) != 0) {
			rc = web_error_page(req, resp, rc, NULL);
			goto out;
		}
		if (!web_csrf_ok(req)) {
			rc = web_error_page(req, resp, 403, NULL);
			goto out;
		}
	}
	rc = p->fn(req, resp);
out:
	req->web = NULL;
	web_form_release(&form);
	return rc;
}

static int
web_site_error(struct http_req *req, struct http_resp *resp, int status)
{
	return web_error_page(req, resp, status, NULL);
}

const struct http_site web_site = {
	.match = web_match,
	.body_max = web_body_max,
	.costly = web_costly,
	.run = web_run,
	.error = web_site_error,
};
