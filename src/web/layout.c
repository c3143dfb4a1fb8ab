/*
 * layout.c — what every web page shares: the document head (one
 * stylesheet, no inline style or script), the header whose navigation
 * depends on the acting person's roles as the service counts them now
 * (a plain list on wide screens, a "Menu" disclosure on phones),
 * the flash message after a redirect ("?done=CODE" mapped to a fixed text
 * here, never echoing input), the footer, redirects, error pages and state
 * badges. The Content-Security-Policy of pages is set here.
 */
#include "web/web.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "service/web_support.h"
#include "core/banned.h"

#define PAGE_CSP "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; " \
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

/* "?done=CODE" after a redirect: the only texts a flash can show. */
static const struct {
	const char *code;
	const char *text;
} flashes[] = {
	/* sign-in, account and report */
	{"login", "You are signed in."},
	{"logout", "You are signed out."},
	{"password", "Your password is changed. Sign in again with the new one."},
	{"totp", "Your second factor is set up."},
	{"factor", "Second factor accepted."},
	{"reported", "Thank you: your report is filed."},
	/* dashboard and issue pages */
	{"comment", "Your comment is added."},
	{"saved", "Saved."},
	{"moved", "The state is changed."},
	{"attached", "The file is attached."},
	{"assigned", "The assignee is set."},
	{"rejected", "The issue is rejected."},
	{"published", "The issue is published."},
	{"proposed", "Early publication is proposed; a second psirt member must confirm."},
	{"cve", "The CVE id is assigned."},
	{"fix", "The fix is recorded."},
	{"backport", "The backport is updated."},
	{"granted", "Access is granted."},
	{"revoked", "Access is revoked."},
	/* releases, CVEs, meetings, people, alert list */
	{"requested", "Thank you: your request is recorded. A director will review it."},
	{"decided", "The decision is recorded."},
	{"release-added", "The release is added."},
	{"release-ended", "The release has reached its end of life."},
	{"cve-reserved", "The CVE ids are reserved."},
	{"cve-retired", "The CVE id is retired."},
	{"meeting-added", "The meeting is recorded."},
	{"person-added", "The person is added. Give them a password with Reset password."},
	{"person-saved", "Roles and status are saved."},
	{"totp-reset", "The second factor is reset: they enrol again at their next sign-in."},
	{"member-updated", "The member's addresses and key are saved."},
};

static void
flash(struct http_req *req, struct buf *b)
{
	const char *code = req->conn ? http_query(req, "done") : NULL;

	if (!code)
		return;
	for (size_t i = 0; i < sizeof(flashes) / sizeof(flashes[0]); i++) {
		if (strcmp(flashes[i].code, code) == 0) {
			H(b, "<p class=\"flash\" role=\"status\">");
			h_text(b, flashes[i].text);
			H(b, "</p>\n");
			return;
		}
	}
}

/* One navigation link; aria-current on the page we are on. */
static void
nav_link(struct buf *b, struct http_req *req, const char *path, const char *label)
{
	bool here = req->path && strcmp(req->path, path) == 0;

	H(b, "<li><a href=\"");
	h_attr(b, path);
	H(b, "\"");
	if (here)
		H(b, " aria-current=\"page\"");
	H(b, ">");
	h_text(b, label);
	H(b, "</a></li>");
}

/* The links of the navigation for what the acting person may see. */
struct nav_set {
	bool signed_in;
	bool worker;
	unsigned roles;
};

static void
nav_links(struct http_req *req, struct buf *b, const struct nav_set *n)
{
	if (n->worker) {
		nav_link(b, req, "/dashboard", "Dashboard");
		nav_link(b, req, "/releases", "Releases");
	}
	if (n->roles & ROLE_PSIRT) {
		nav_link(b, req, "/cves", "CVE pool");
		nav_link(b, req, "/meetings", "Meetings");
	}
	if (n->roles & (ROLE_PSIRT | ROLE_DIRECTOR))
		nav_link(b, req, "/alert-list", "Alert list");
	if (n->roles & ROLE_ADMIN)
		nav_link(b, req, "/people", "People");
	if (n->signed_in)
		nav_link(b, req, "/my", "My reports");
	nav_link(b, req, "/report", "Report a vulnerability");
	nav_link(b, req, "/vulnerabilities", "Vulnerabilities");
	if (!n->signed_in)
		nav_link(b, req, "/alert-list/request", "Join the alert list");
}

/*
 * The main navigation, written twice: a plain list for wide screens and a
 * "Menu" disclosure (<details>, no script) for phones. The stylesheet shows
 * exactly one of them at any width (display: none takes the other out of
 * the accessibility tree too), so the header of a phone is one line.
 */
static void
nav(struct http_req *req, struct buf *b)
{
	struct svc *svc = req->svc;
	struct nav_set n = {0};

	n.signed_in = svc && svc->me.id != 0;
	n.roles = svc ? svc_roles(svc) : 0;
	n.worker = n.signed_in && ((n.roles & ROLE_PSIRT) || svc_works_on_issues(svc));
	H(b, "<nav class=\"nav\" aria-label=\"Main\"><ul class=\"nav-wide\">");
	nav_links(req, b, &n);
	H(b, "</ul><details class=\"nav-menu\"><summary>Menu</summary><ul>");
	nav_links(req, b, &n);
	H(b, "</ul></details></nav>");
}

/* The signed-in person, their account link and the sign-out button. */
static void
who(struct http_req *req, struct buf *b)
{
	struct svc *svc = req->svc;

	H(b, "<div class=\"who\">");
	if (!svc || svc->me.id == 0) {
		H(b, "<a class=\"button\" href=\"/login\">Sign in</a></div>");
		return;
	}
	if (svc->restricted) {
		struct account_info ai = {0};
		struct errdetail d = {0};

		/* a session owing the factor: say so when it is owed, not to reporters */
		if (svc_account_info(svc, &ai, &d) == 0 && ai.mfa_enrolled)
			H(b, "<a class=\"warn\" href=\"/login/totp\">Give your second factor</a> ");
		else if (ai.mfa_required)
			H(b, "<a class=\"warn\" href=\"/account\">Set up your second factor</a> ");
	}
	H(b, "<a href=\"/account\" title=\"Your account\">");
	h_text(b, svc->me.login);
	H(b, "</a> <form class=\"inline\" method=\"post\" action=\"/logout\">");
	web_csrf_field(b, req);
	H(b, "<button type=\"submit\" class=\"link\">Sign out</button></form></div>");
}

void
web_begin(struct http_req *req, struct http_resp *resp, const char *title)
{
	struct buf *b = &resp->body;

	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	resp->csp = PAGE_CSP;
	H(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		"<meta name=\"referrer\" content=\"no-referrer\"><title>");
	h_text(b, title);
	H(b, " \xe2\x80\x94 vigil</title><link rel=\"stylesheet\" href=\"");
	web_static_url(b, "vigil.css");
	H(b, "\"></head>\n<body><a class=\"skip\" href=\"#main\">Skip to content</a>\n"
		"<header class=\"top\"><a class=\"brand\" href=\"/\">vigil</a>");
	nav(req, b);
	who(req, b);
	H(b, "</header>\n<main id=\"main\"><h1>");
	h_text(b, title);
	H(b, "</h1>\n");
	flash(req, b);
}

int
web_end(struct http_req *req, struct http_resp *resp)
{
	H(&resp->body, "</main>\n<footer class=\"foot\"><p>vigil \xe2\x80\x94 security "
		"response. <a href=\"/.well-known/security.txt\">security.txt</a> \xc2\xb7 "
		"<a href=\"/vulnerabilities\">Published vulnerabilities</a></p></footer>\n"
		"</body></html>\n");
	return resp->status;
}

/* Is url a path of ours: "/" then not "/" or "\", and no control
 * character anywhere (browsers drop tabs and newlines from a URL, so
 * "/\t/host" would be "//host")? */
static bool
local_path(const char *url)
{
	if (!url || url[0] != '/' || url[1] == '/' || url[1] == '\\' ||
	    strlen(url) >= LIM_HTTP_PATH_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

int
web_redirect(struct http_resp *resp, const char *url)
{
	snprintf(resp->location, sizeof(resp->location), "%s", local_path(url) ? url : "/");
	resp->status = 303;
	resp->content_type = "text/html; charset=utf-8";
	resp->csp = PAGE_CSP;
	buf_reset(&resp->body);
	H(&resp->body, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>See other</title></head><body><p>Continue to <a href=\"");
	h_attr(&resp->body, resp->location);
	H(&resp->body, "\">the next page</a>.</p></body></html>\n");
	return 303;
}

int
web_redirect_url(struct http_resp *resp, const char *pattern, ...)
{
	struct buf u;
	va_list ap;
	int rc;

	/* html_url percent-encodes the segments; the pattern's own '&' must
	 * stay a '&' in a Location header, so the arguments are encoded here */
	buf_init(&u, LIM_HTTP_PATH_MAX);
	va_start(ap, pattern);
	for (const char *p = pattern; *p; p++) {
		if (strncmp(p, "%s", 2) == 0) {
			h_url_fmt(&u, "%s", va_arg(ap, const char *));
			p++;
		} else if (strncmp(p, "%lld", 4) == 0) {
			buf_addf(&u, "%lld", va_arg(ap, long long));
			p += 3;
		} else {
			buf_addc(&u, *p);
		}
	}
	va_end(ap);
	rc = web_redirect(resp, buf_err(&u) ? "/" : buf_str(&u));
	buf_release(&u);
	return rc;
}

static const char *
status_text(int status)
{
	switch (status) {
	case 400: return "The request was malformed.";
	case 401: return "Please sign in first.";
	case 403: return "This form has expired or did not come from this site, or you may "
		"not do this. Go back, reload the page and try again.";
	case 404: return "There is nothing here.";
	case 405: return "This page does not take that method.";
	case 409: return "This cannot be done in the current state.";
	case 413: return "What you sent is too large.";
	case 415: return "The form was sent in an encoding this page does not take.";
	case 429: return "Too many attempts. Wait 15 minutes and try again.";
	case 503: return "The server is busy. Try again in a moment.";
	default: return status >= 500 ? "Something went wrong on our side." :
		"The request could not be handled.";
	}
}

int
web_error_page(struct http_req *req, struct http_resp *resp, int status,
	const struct errdetail *d)
{
	buf_reset(&resp->body);
	resp->location[0] = '\0';
	web_begin(req, resp, status == 404 ? "Not found" : status == 403 ? "Not allowed" :
		"Something is wrong");
	resp->status = status;
	H(&resp->body, "<p class=\"error\" role=\"alert\">");
	h_text(&resp->body, status_text(status));
	H(&resp->body, "</p>");
	if (status != 404 && d && d->field[0])
		web_form_error(&resp->body, d);
	H(&resp->body, "<p><a href=\"/\">Home</a></p>");
	return web_end(req, resp);
}

int
web_fail(struct http_req *req, struct http_resp *resp, int rc, const struct errdetail *d)
{
	return web_error_page(req, resp, http_status_for(rc, d), d);
}

void
web_form_error(struct buf *b, const struct errdetail *d)
{
	H(b, "<p class=\"error\" role=\"alert\"><strong>");
	h_text(b, d && d->field[0] ? d->field : "form");
	H(b, "</strong>: ");
	h_text(b, d && d->reason[0] ? d->reason : "is not valid");
	H(b, "</p>");
}

void
web_state_badge(struct buf *b, const char *state)
{
	H(b, "<span class=\"badge state-");
	h_attr(b, state);
	H(b, "\">");
	h_text(b, state);
	H(b, "</span>");
}

void
web_static_url(struct buf *b, const char *name)
{
	const struct web_static *s = web_static_find(name);

	h_url(b, "/static/%s", name);
	if (s) {
		H(b, "?v=");
		h_attr(b, s->hash);
	}
}

void
web_script(struct buf *b, const char *name)
{
	H(b, "<script src=\"");
	web_static_url(b, name);
	H(b, "\" defer></script>");
}
