/*
 * web.h — vigil's server-rendered web pages (issue 5): the page table,
 * form fields, CSRF, the page layout and the shared answers (redirect,
 * error page). Each page is one file src/web/page_<name>.c with a handler
 * `int fn(struct http_req *req, struct http_resp *resp)` that returns the
 * HTTP status; it calls src/service/ only (the acting person is req->svc)
 * and writes HTML through html.h only. Pages never decide permissions and
 * never see the database. Everything here handles untrusted input.
 *
 * A request reaches a handler only after (src/web/routes.c, web_run):
 * the route's sign-in need is met (AUTH_PERSON: anonymous visitors are
 * sent to /login), and for a POST the form was parsed and its hidden
 * `csrf` field matched (else 403, nothing changed). So handlers need not
 * check CSRF themselves; web_csrf_ok() is there for the rare exception.
 */
#ifndef VIGIL_WEB_WEB_H
#define VIGIL_WEB_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "web/html.h"

/* One line of the page table (src/web/routes.c). */
struct web_page {
	const char *method;      /* "GET" or "POST" */
	const char *pattern;     /* "/issues/{key}" — {name} matches one segment */
	http_handler fn;
	size_t body_max;         /* 0: no body (GET); WEB_FORM or WEB_UPLOAD for POST */
	enum auth_need auth;     /* AUTH_ANY or AUTH_PERSON (signed-out: to /login) */
};

/* Body limits of form routes (core/limits.h). */
#define WEB_FORM LIM_HTTP_BODY_FORM          /* urlencoded: text fields */
#define WEB_UPLOAD LIM_HTTP_BODY_FORM_UPLOAD /* multipart: text fields and a file */

extern const struct web_page web_pages[];
extern const size_t web_npages;

/* The site handed to server_run() (routes.c). */
extern const struct http_site web_site;

/* --- forms (form.c) --- */

/*
 * The value of form field name (urlencoded or multipart), NUL-terminated,
 * or NULL when absent. For a field sent twice, the first. Valid until the
 * handler returns. Fields of GET requests are not read: use http_query().
 */
const char *web_form(struct http_req *req, const char *name);
/*
 * An uploaded file of field name: its bytes, length and file name as sent
 * (untrusted; may be ""). false when no file (or an empty one) was sent.
 */
bool web_form_file(struct http_req *req, const char *name, const char **ret_data,
	size_t *ret_len, const char **ret_filename);
/* Did the form carry the right CSRF token? (web_run already checked it for
 * every POST before the handler ran.) */
bool web_csrf_ok(struct http_req *req);
/* The hidden CSRF field every form carries: <input type="hidden" name="csrf" …>. */
void web_csrf_field(struct buf *b, struct http_req *req);

/* --- layout and answers (layout.c) --- */

/*
 * Start an HTML page with status 200: sets the content type and the CSP,
 * writes the document head, the header with the navigation for the acting
 * person's roles, the flash message of a "?done=" redirect, and opens
 * <main> with an <h1> of title (escaped). Write the content to &resp->body.
 */
void web_begin(struct http_req *req, struct http_resp *resp, const char *title);
/* Close <main>, write the footer. Returns resp->status (sticky buffer
 * errors become a 500 in the server). */
int web_end(struct http_req *req, struct http_resp *resp);
/*
 * 303 See Other to url, a path of ours ("/my", "/issues/SEC-1?done=comment");
 * anything that is not a local path ("//x", "http:…") goes to "/".
 * Returns 303.
 */
int web_redirect(struct http_resp *resp, const char *url);
/*
 * The same with the path built like h_url() (pattern literal, segments
 * percent-encoded), e.g. web_redirectf(resp, "/issues/%s?done=comment", key).
 */
int web_redirect_url(struct http_resp *resp, const char *pattern, ...)
	__attribute__((format(printf, 2, 3)));
#define web_redirectf(resp, ...) web_redirect_url((resp), "" __VA_ARGS__)
/*
 * A whole error page for status with a fixed text, and d's field and reason
 * when given (static strings, escaped). 404 never shows d: a hidden issue
 * and a missing one give the same page. Returns status.
 */
int web_error_page(struct http_req *req, struct http_resp *resp, int status,
	const struct errdetail *d);
/* The error page for a service error rc (http_status_for), with d. */
int web_fail(struct http_req *req, struct http_resp *resp, int rc,
	const struct errdetail *d);
/* A form error on the page being written: <p class="error" role="alert">
 * naming d's field and reason. */
void web_form_error(struct buf *b, const struct errdetail *d);
/* <span class="badge state-NAME">name</span> for an issue state name. */
void web_state_badge(struct buf *b, const char *state);
/* The URL of an embedded static file with its content hash, for a <link>
 * or <script src>: "/static/NAME?v=HASH" (attribute-safe). */
void web_static_url(struct buf *b, const char *name);
/* <script src="/static/NAME?v=…" defer></script> — scripts are files only. */
void web_script(struct buf *b, const char *name);

/* --- static files (static.c) --- */
struct web_static {
	const char *name;        /* "vigil.css" */
	const char *type;        /* "text/css; charset=utf-8" */
	const char *data;
	size_t len;
	const char *hash;        /* short content hash, for cache busting */
};
extern const struct web_static web_statics[];   /* generated from static/ */
extern const size_t web_nstatics;
const struct web_static *web_static_find(const char *name);

/* --- the pages (one file each) --- */
/* public, reporter, account (page_home.c, page_login.c, page_account.c,
 * page_report.c, page_my.c, static.c) */
int page_home(struct http_req *req, struct http_resp *resp);
int page_login(struct http_req *req, struct http_resp *resp);
int page_login_post(struct http_req *req, struct http_resp *resp);
int page_login_totp(struct http_req *req, struct http_resp *resp);
int page_login_totp_post(struct http_req *req, struct http_resp *resp);
int page_logout_post(struct http_req *req, struct http_resp *resp);
int page_account(struct http_req *req, struct http_resp *resp);
int page_account_password(struct http_req *req, struct http_resp *resp);
int page_account_totp(struct http_req *req, struct http_resp *resp);
int page_account_totp_confirm(struct http_req *req, struct http_resp *resp);
int page_report(struct http_req *req, struct http_resp *resp);
int page_report_post(struct http_req *req, struct http_resp *resp);
int page_my(struct http_req *req, struct http_resp *resp);
int page_static(struct http_req *req, struct http_resp *resp);

/* dashboard and issue pages (page_dashboard.c, page_issue*.c) */
int page_dashboard(struct http_req *req, struct http_resp *resp);
int page_issue(struct http_req *req, struct http_resp *resp);
int page_issue_attachment(struct http_req *req, struct http_resp *resp);
int page_issue_comment(struct http_req *req, struct http_resp *resp);
int page_issue_upload(struct http_req *req, struct http_resp *resp);
int page_issue_ack(struct http_req *req, struct http_resp *resp);
int page_issue_assign(struct http_req *req, struct http_resp *resp);
int page_issue_move(struct http_req *req, struct http_resp *resp);
int page_issue_reject(struct http_req *req, struct http_resp *resp);
int page_issue_publish(struct http_req *req, struct http_resp *resp);
int page_issue_fields(struct http_req *req, struct http_resp *resp);
int page_issue_cvss(struct http_req *req, struct http_resp *resp);
int page_issue_cve(struct http_req *req, struct http_resp *resp);
int page_issue_fix_add(struct http_req *req, struct http_resp *resp);
int page_issue_fix_state(struct http_req *req, struct http_resp *resp);
int page_issue_backport(struct http_req *req, struct http_resp *resp);
int page_issue_grant(struct http_req *req, struct http_resp *resp);
int page_issue_revoke(struct http_req *req, struct http_resp *resp);

/* releases, CVEs, meetings, people, alert list (page_releases.c,
 * page_cves.c, page_meetings.c, page_people.c, page_alert.c) */
int page_releases(struct http_req *req, struct http_resp *resp);
int page_releases_add(struct http_req *req, struct http_resp *resp);
int page_releases_eol(struct http_req *req, struct http_resp *resp);
int page_cves(struct http_req *req, struct http_resp *resp);
int page_cves_reserve(struct http_req *req, struct http_resp *resp);
int page_cves_retire(struct http_req *req, struct http_resp *resp);
int page_meetings(struct http_req *req, struct http_resp *resp);
int page_meetings_add(struct http_req *req, struct http_resp *resp);
int page_meetings_decide(struct http_req *req, struct http_resp *resp);
int page_people(struct http_req *req, struct http_resp *resp);
int page_people_add(struct http_req *req, struct http_resp *resp);
int page_people_update(struct http_req *req, struct http_resp *resp);
int page_people_password(struct http_req *req, struct http_resp *resp);
int page_people_totp(struct http_req *req, struct http_resp *resp);
int page_alert_request(struct http_req *req, struct http_resp *resp);
int page_alert_request_post(struct http_req *req, struct http_resp *resp);
int page_alert_request_done(struct http_req *req, struct http_resp *resp);
int page_alert_list(struct http_req *req, struct http_resp *resp);
int page_alert_decide(struct http_req *req, struct http_resp *resp);
int page_alert_update(struct http_req *req, struct http_resp *resp);

/* the public vulnerabilities page (page_vulnerabilities.c) */
int page_vulnerabilities(struct http_req *req, struct http_resp *resp);

#endif
