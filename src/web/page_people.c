/*
 * page_people.c — /people: accounts and their global roles, for the
 * people the service lets list them (svc_user_list: admin or psirt;
 * anyone else gets its refusal). Admins get the forms the API offers:
 * add a person, change roles and the disabled flag (one svc_user_update
 * call: all or nothing), reset a password (the new one is shown once, on
 * the answer itself, never in a URL) and reset the second factor. The
 * page shows no issue content: people, roles and dates only. Handles
 * untrusted input: form fields and the {login} of the URL, which go to
 * the service as they are and come back escaped.
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>

#include "service/web_support.h"
#include "web/admin_form.h"
#include "core/banned.h"

static const struct {
	unsigned role;
	const char *name;
} roles[] = {
	{ROLE_PSIRT, "psirt"},
	{ROLE_ADMIN, "admin"},
	{ROLE_DIRECTOR, "director"},
};
#define NROLES (sizeof(roles) / sizeof(roles[0]))

static void
role_text(struct buf *b, unsigned r)
{
	bool any = false;

	for (size_t i = 0; i < NROLES; i++) {
		if (!(r & roles[i].role))
			continue;
		if (any)
			H(b, ", ");
		h_text(b, roles[i].name);
		any = true;
	}
	if (!any)
		H(b, "<span class=\"muted\">none</span>");
}

/* Role checkboxes named role-NAME, checked for the roles in r. */
static void
role_boxes(struct buf *b, unsigned r)
{
	for (size_t i = 0; i < NROLES; i++) {
		H(b, "<label class=\"check\"><input type=\"checkbox\" name=\"role-");
		h_attr(b, roles[i].name);
		H(b, "\" value=\"yes\"");
		if (r & roles[i].role)
			H(b, " checked");
		H(b, "> ");
		h_text(b, roles[i].name);
		H(b, "</label>");
	}
}

/* The roles ticked in the form. */
static unsigned
roles_ticked(struct http_req *req)
{
	unsigned r = 0;

	for (size_t i = 0; i < NROLES; i++) {
		char name[32];

		snprintf(name, sizeof(name), "role-%s", roles[i].name);
		if (af_opt(req, name))
			r |= roles[i].role;
	}
	return r;
}

static void
actions(struct buf *b, struct http_req *req, const struct person *p,
	const struct form_fail *f)
{
	bool failed = af_failed(f, "update", p->login) || af_failed(f, "password", p->login) ||
		af_failed(f, "totp", p->login);

	H(b, "<details");
	if (failed)
		H(b, " open");
	H(b, "><summary>Change</summary>");
	af_error(b, f, "update", p->login);
	af_error(b, f, "password", p->login);
	af_error(b, f, "totp", p->login);
	H(b, "<form method=\"post\" class=\"stack\" action=\"");
	h_url(b, "/people/%s", p->login);
	H(b, "\">");
	web_csrf_field(b, req);
	H(b, "<fieldset><legend>Roles of ");
	h_text(b, p->login);
	H(b, "</legend>");
	role_boxes(b, p->roles);
	H(b, "</fieldset><label class=\"check\"><input type=\"checkbox\" name=\"disabled\" "
		"value=\"yes\"");
	if (p->disabled)
		H(b, " checked");
	H(b, "> Disabled (ends every session and token)</label>"
		"<button type=\"submit\">Save roles and status</button></form>"
		"<form method=\"post\" class=\"inline\" action=\"");
	h_url(b, "/people/%s/password-reset", p->login);
	H(b, "\">");
	web_csrf_field(b, req);
	H(b, "<button type=\"submit\">Reset password</button></form> "
		"<form method=\"post\" class=\"inline\" action=\"");
	h_url(b, "/people/%s/totp-reset", p->login);
	H(b, "\">");
	web_csrf_field(b, req);
	H(b, "<button type=\"submit\">Reset second factor</button></form></details>");
}

static void
people(struct buf *b, struct http_req *req, const struct person *p, size_t n, bool admin,
	const struct form_fail *f)
{
	H(b, "<section aria-labelledby=\"ppl-h\"><h2 id=\"ppl-h\">People</h2>\n"
		"<div class=\"table-wrap\"><table class=\"list people\"><thead><tr>"
		"<th scope=\"col\">Login</th><th scope=\"col\">Name</th><th scope=\"col\">E-mail"
		"</th><th scope=\"col\">Roles</th><th scope=\"col\">Status</th>"
		"<th scope=\"col\">Since</th>");
	if (admin)
		H(b, "<th scope=\"col\">Actions</th>");
	H(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		H(b, "<tr><th scope=\"row\">");
		h_text(b, p[i].login);
		/* data-label: the column's name, shown on a phone (vigil.css) */
		H(b, "</th><td data-label=\"Name\">");
		h_text(b, p[i].name);
		H(b, "</td><td data-label=\"E-mail\">");
		h_text(b, p[i].email);
		H(b, "</td><td data-label=\"Roles\">");
		role_text(b, p[i].roles);
		H(b, "</td><td data-label=\"Status\">");
		if (p[i].disabled)
			H(b, "<span class=\"badge disabled\">disabled</span>");
		else
			H(b, "<span class=\"badge active\">active</span>");
		H(b, "</td><td class=\"date\" data-label=\"Since\">");
		h_date(b, p[i].created_at);
		H(b, "</td>");
		if (admin) {
			H(b, "<td>");
			actions(b, req, &p[i], f);
			H(b, "</td>");
		}
		H(b, "</tr>\n");
	}
	H(b, "</tbody></table></div></section>\n");
}

static void
add_form(struct buf *b, struct http_req *req, const struct form_fail *f)
{
	H(b, "<section class=\"card\" aria-labelledby=\"add-h\">"
		"<h2 id=\"add-h\">Add a person</h2>\n"
		"<form method=\"post\" action=\"/people\" class=\"stack\">");
	web_csrf_field(b, req);
	af_error(b, f, "add", NULL);
	H(b, "<label for=\"p-login\">Login</label><input id=\"p-login\" name=\"login\" "
		"required");
	af_value(b, req, f, "add", "login");
	H(b, "><label for=\"p-email\">E-mail</label><input id=\"p-email\" name=\"email\" "
		"type=\"email\" required");
	af_value(b, req, f, "add", "email");
	H(b, "><label for=\"p-name\">Name</label><input id=\"p-name\" name=\"name\"");
	af_value(b, req, f, "add", "name");
	H(b, "><fieldset><legend>Roles</legend>");
	role_boxes(b, af_failed(f, "add", NULL) ? roles_ticked(req) : 0);
	H(b, "</fieldset><button type=\"submit\">Add the person</button></form></section>\n");
}

static int
render(struct http_req *req, struct http_resp *resp, const struct form_fail *f)
{
	struct errdetail d = {0};
	struct person *p = NULL;
	size_t n = 0;
	bool admin = (svc_roles(req->svc) & ROLE_ADMIN) != 0;
	bool placed = false;
	int rc;

	if ((rc = svc_user_list(req->svc, &p, &n, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	af_begin(req, resp, "People and roles", f);
	for (size_t i = 0; f && f->item && admin && i < n; i++)
		placed = placed || strcmp(p[i].login, f->item) == 0;
	/* a refusal that has no row to stand by (or no form: not an admin) */
	if (f && f->form && strcmp(f->form, "add") != 0 && !placed)
		web_form_error(&resp->body, &f->d);
	if (f && f->form && strcmp(f->form, "add") == 0 && !admin)
		web_form_error(&resp->body, &f->d);
	people(&resp->body, req, p, n, admin, f);
	if (admin)
		add_form(&resp->body, req, f);
	OBJ_LIST_FREE(p, n, person_release);
	return web_end(req, resp);
}

int
page_people(struct http_req *req, struct http_resp *resp)
{
	return render(req, resp, NULL);
}

static int
answer(struct http_req *req, struct http_resp *resp, struct form_fail *f, int rc,
	const char *done)
{
	if (rc == 0)
		return web_redirect(resp, done);
	if (!af_showable(rc))
		return web_fail(req, resp, rc, &f->d);
	f->rc = rc;
	return render(req, resp, f);
}

int
page_people_add(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "add"};
	int rc;

	rc = svc_user_add(req->svc, web_form(req, "login"), web_form(req, "email"),
		af_opt(req, "name"), roles_ticked(req), &f.d);
	return answer(req, resp, &f, rc, "/people?done=person-added");
}

/* The roles and disabled flag login has now; false when not listed. */
static bool
current(struct http_req *req, const char *login, unsigned *ret_roles, bool *ret_disabled)
{
	struct person *p = NULL;
	size_t n = 0;
	bool found = false;

	if (svc_user_list(req->svc, &p, &n, NULL) < 0)
		return false;
	for (size_t i = 0; i < n && !found; i++) {
		if (strcmp(p[i].login, login) == 0) {
			*ret_roles = p[i].roles;
			*ret_disabled = p[i].disabled;
			found = true;
		}
	}
	OBJ_LIST_FREE(p, n, person_release);
	return found;
}

int
page_people_update(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "update", .item = req->params[0]};
	unsigned want = roles_ticked(req), have = 0;
	bool want_off = af_opt(req, "disabled") != NULL, is_off = false;
	unsigned add, remove;
	int disabled, rc;

	if (!current(req, req->params[0], &have, &is_off)) {
		/* unknown (or not listable): the service says which */
		have = ~want & (ROLE_PSIRT | ROLE_ADMIN | ROLE_DIRECTOR);
		is_off = !want_off;
	}
	add = want & ~have;
	remove = have & ~want;
	disabled = want_off == is_off ? -1 : want_off;
	if (!add && !remove && disabled < 0)
		rc = err_set(&f.d, ERR_INVAL, "roles", "changes nothing: tick or untick a role "
			"or the disabled box");
	else
		rc = svc_user_update(req->svc, req->params[0], add, remove, disabled, &f.d);
	return answer(req, resp, &f, rc, "/people?done=person-saved");
}

int
page_people_password(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "password", .item = req->params[0]};
	char password[SVC_TOKEN_MAX];
	int rc;

	if ((rc = svc_password_reset(req->svc, req->params[0], password, &f.d)) < 0)
		return answer(req, resp, &f, rc, NULL);
	/* shown once, on this answer (no-store), never in a URL */
	web_begin(req, resp, "New password");
	H(&resp->body, "<p role=\"status\">The new password of <strong>");
	h_text(&resp->body, req->params[0]);
	H(&resp->body, "</strong> is shown only this once. Every session and token of theirs "
		"has ended.</p><p><code class=\"secret\">");
	h_text(&resp->body, password);
	H(&resp->body, "</code></p><p><a href=\"/people\">Back to people</a></p>");
	explicit_bzero(password, sizeof(password));
	return web_end(req, resp);
}

int
page_people_totp(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "totp", .item = req->params[0]};

	return answer(req, resp, &f, svc_totp_reset(req->svc, req->params[0], &f.d),
		"/people?done=totp-reset");
}
