/*
 * page_releases.c — /releases: the releases matrix (the issues the viewer
 * may see × the supported releases, each cell the backport state, in text
 * and colour, the LTS release marked) from svc_backport_matrix(), which
 * applies need to know; then every release with its branch, date, support
 * and managers. People the service lets configure releases (admin, psirt)
 * get the forms to add a release and to end one's support; the service
 * decides again on every POST. Handles untrusted input: form fields, which
 * go to the service as they are and come back escaped.
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "service/matrix.h"
#include "service/web_support.h"
#include "web/admin_form.h"
#include "core/banned.h"

/* The label of a backport state, as the legend and the cells read it. */
static const char *
bp_label(enum backport_state s)
{
	switch (s) {
	case BP_NEEDED: return "needed";
	case BP_IN_REVIEW: return "in review";
	case BP_MERGED: return "merged";
	case BP_RELEASED: return "released";
	case BP_NOT_NEEDED: return "not needed";
	}
	return "";
}

static void
legend(struct buf *b)
{
	H(b, "<ul class=\"legend\" aria-label=\"Legend\">");
	for (int s = BP_NEEDED; s <= BP_NOT_NEEDED; s++) {
		H(b, "<li><span class=\"bp bp-");
		h_attr(b, backport_state_name((enum backport_state)s));
		H(b, "\">");
		h_text(b, bp_label((enum backport_state)s));
		H(b, "</span></li>");
	}
	H(b, "<li><span class=\"bp bp-none\">none</span> no backport subtask</li>"
		"<li><span class=\"bp bp-hidden\">not shown</span> your view of the issue does "
		"not show backports</li></ul>\n");
}

/* <td class="bp bp-KIND" data-label="RELEASE">: on a phone, where the
 * matrix is stacked, the label names the cell's release (vigil.css). */
static void
cell_open(struct buf *b, const struct release *rel, const char *kind)
{
	H(b, "<td class=\"bp bp-");
	h_attr(b, kind);
	H(b, "\" data-label=\"");
	h_attr(b, rel->name);
	if (rel->lts)
		H(b, " (LTS)");
	H(b, "\">");
}

static void
cell(struct buf *b, const struct release *rel, const struct matrix_row *row,
	const struct matrix_cell *c)
{
	if (!row->shown) {
		cell_open(b, rel, "hidden");
		H(b, "not shown</td>");
		return;
	}
	if (!c->present) {
		cell_open(b, rel, "none");
		H(b, "none</td>");
		return;
	}
	cell_open(b, rel, backport_state_name(c->state));
	H(b, "<span class=\"bp-state\">");
	h_text(b, bp_label(c->state));
	H(b, "</span>");
	if (c->state == BP_NOT_NEEDED && c->reason) {
		H(b, "<span class=\"bp-reason\">: ");
		h_text(b, c->reason);
		H(b, "</span>");
	}
	if (c->fix_url) {
		H(b, " <span class=\"bp-fix\">(");
		h_link(b, c->fix_url, "fix");
		H(b, ")</span>");
	}
	H(b, "</td>");
}

static void
matrix_head(struct buf *b, const struct backport_matrix *m)
{
	H(b, "<thead><tr><th scope=\"col\">Issue</th><th scope=\"col\">State</th>");
	for (size_t j = 0; j < m->nreleases; j++) {
		H(b, "<th scope=\"col\">");
		h_text(b, m->releases[j].name);
		if (m->releases[j].lts)
			H(b, " <span class=\"badge lts\" title=\"long-term support\">LTS</span>");
		H(b, "<br><span class=\"muted\">");
		h_text(b, m->releases[j].branch);
		H(b, "</span></th>");
	}
	H(b, "</tr></thead>\n");
}

static void
matrix(struct buf *b, const struct backport_matrix *m)
{
	H(b, "<section aria-labelledby=\"matrix-h\"><h2 id=\"matrix-h\">Backports</h2>\n");
	if (m->nreleases == 0 || m->nrows == 0) {
		H(b, "<p class=\"empty\">");
		h_text(b, m->nreleases == 0 ? "No supported releases." :
			"No issues you may see.");
		H(b, "</p></section>\n");
		return;
	}
	legend(b);
	H(b, "<div class=\"table-wrap\"><table class=\"matrix\"><caption>Backport state of "
		"each issue you may see, per supported release</caption>\n");
	matrix_head(b, m);
	H(b, "<tbody>\n");
	for (size_t i = 0; i < m->nrows; i++) {
		const struct matrix_row *r = &m->rows[i];

		H(b, "<tr><th scope=\"row\"><a href=\"");
		h_url(b, "/issues/%s", r->key);
		H(b, "\">");
		h_text(b, r->key);
		H(b, "</a> <span class=\"issue-title\">");
		h_text(b, r->title);
		H(b, "</span></th><td data-label=\"State\">");
		web_state_badge(b, state_name(r->state));
		H(b, "</td>");
		for (size_t j = 0; j < m->nreleases; j++)
			cell(b, &m->releases[j], r, &r->cells[j]);
		H(b, "</tr>\n");
	}
	H(b, "</tbody></table></div></section>\n");
}

static void
eol_form(struct buf *b, struct http_req *req, const struct release *r)
{
	H(b, "<form method=\"post\" class=\"inline\" action=\"");
	h_url(b, "/releases/%s/eol", r->name);
	H(b, "\">");
	web_csrf_field(b, req);
	H(b, "<button type=\"submit\" class=\"danger\">End support of ");
	h_text(b, r->name);
	H(b, "</button></form>");
}

static void
release_list(struct buf *b, struct http_req *req, const struct release *r, size_t n,
	bool may, const struct form_fail *f)
{
	H(b, "<section aria-labelledby=\"rel-h\"><h2 id=\"rel-h\">Releases</h2>\n");
	af_error(b, f, "eol", NULL);
	if (n == 0) {
		H(b, "<p class=\"empty\">No releases yet.</p></section>\n");
		return;
	}
	H(b, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		"<th scope=\"col\">Release</th>"
		"<th scope=\"col\">Branch</th><th scope=\"col\">Date</th><th scope=\"col\">"
		"Support</th><th scope=\"col\">Managers</th>");
	if (may)
		H(b, "<th scope=\"col\">Action</th>");
	H(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		H(b, "<tr><th scope=\"row\">");
		h_text(b, r[i].name);
		if (r[i].lts)
			H(b, " <span class=\"badge lts\">LTS</span>");
		/* data-label: the column's name, shown on a phone (vigil.css) */
		H(b, "</th><td data-label=\"Branch\">");
		h_text(b, r[i].branch);
		H(b, "</td><td class=\"date\" data-label=\"Date\">");
		h_date(b, r[i].date);
		H(b, "</td><td data-label=\"Support\">");
		if (r[i].supported)
			H(b, "<span class=\"badge supported\">supported</span>");
		else
			H(b, "<span class=\"badge eol\">end of life</span>");
		H(b, "</td><td data-label=\"Managers\">");
		for (size_t k = 0; k < r[i].managers.n; k++) {
			if (k)
				H(b, ", ");
			h_text(b, r[i].managers.v[k]);
		}
		H(b, "</td>");
		if (may) {
			H(b, "<td>");
			if (r[i].supported)
				eol_form(b, req, &r[i]);
			H(b, "</td>");
		}
		H(b, "</tr>\n");
	}
	H(b, "</tbody></table></div></section>\n");
}

static void
create_form(struct buf *b, struct http_req *req, const struct form_fail *f)
{
	H(b, "<section class=\"card\" aria-labelledby=\"add-h\">"
		"<h2 id=\"add-h\">Add a release</h2>\n"
		"<form method=\"post\" action=\"/releases\" class=\"stack\">");
	web_csrf_field(b, req);
	af_error(b, f, "add", NULL);
	H(b, "<label for=\"rel-name\">Name</label><input id=\"rel-name\" name=\"name\" "
		"required placeholder=\"v3.7.0\"");
	af_value(b, req, f, "add", "name");
	H(b, "><label for=\"rel-branch\">Branch</label><input id=\"rel-branch\" "
		"name=\"branch\" required placeholder=\"v3.7-branch\"");
	af_value(b, req, f, "add", "branch");
	H(b, "><label for=\"rel-date\">Date</label><input id=\"rel-date\" name=\"date\" "
		"type=\"date\" required");
	af_value(b, req, f, "add", "date");
	H(b, "><label for=\"rel-managers\">Release managers (logins, separated by commas or "
		"spaces)</label><input id=\"rel-managers\" name=\"managers\"");
	af_value(b, req, f, "add", "managers");
	H(b, "><label class=\"check\"><input type=\"checkbox\" name=\"lts\" value=\"yes\"");
	if (af_failed(f, "add", NULL) && af_opt(req, "lts"))
		H(b, " checked");
	H(b, "> Long-term support (LTS)</label>"
		"<button type=\"submit\">Add the release</button></form></section>\n");
}

static int
render(struct http_req *req, struct http_resp *resp, const struct form_fail *f)
{
	struct errdetail d = {0};
	struct backport_matrix m = {0};
	struct release *rel = NULL;
	size_t nrel = 0;
	bool may = (svc_roles(req->svc) & (ROLE_PSIRT | ROLE_ADMIN)) != 0;
	int rc;

	if ((rc = svc_backport_matrix(req->svc, &m, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	if ((rc = svc_release_list(req->svc, &rel, &nrel, &d)) < 0) {
		backport_matrix_release(&m);
		return web_fail(req, resp, rc, &d);
	}
	af_begin(req, resp, "Releases", f);
	matrix(&resp->body, &m);
	release_list(&resp->body, req, rel, nrel, may, f);
	if (may)
		create_form(&resp->body, req, f);
	OBJ_LIST_FREE(rel, nrel, release_release);
	backport_matrix_release(&m);
	return web_end(req, resp);
}

int
page_releases(struct http_req *req, struct http_resp *resp)
{
	return render(req, resp, NULL);
}

int
page_releases_add(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "add"};
	struct strlist managers = {0};
	int rc;

	rc = af_split(web_form(req, "managers"), LIM_PEOPLE_PER_LIST + 1, &managers);
	if (rc == ERR_LIMIT)
		rc = err_setf(&f.d, ERR_INVAL, "managers", "lists more than %d people",
			LIM_PEOPLE_PER_LIST);
	if (rc == 0)
		rc = svc_release_add(req->svc, web_form(req, "name"), web_form(req, "branch"),
			web_form(req, "date"), af_opt(req, "lts") != NULL, &managers, &f.d);
	strlist_release(&managers);
	if (rc == 0)
		return web_redirect(resp, "/releases?done=release-added");
	if (!af_showable(rc))
		return web_fail(req, resp, rc, &f.d);
	if (strcmp(f.d.field, "manager") == 0)
		snprintf(f.d.field, sizeof(f.d.field), "managers");
	f.rc = rc;
	return render(req, resp, &f);
}

int
page_releases_eol(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "eol", .item = req->params[0]};
	int rc;

	if ((rc = svc_release_eol(req->svc, req->params[0], &f.d)) == 0)
		return web_redirect(resp, "/releases?done=release-ended");
	if (!af_showable(rc))
		return web_fail(req, resp, rc, &f.d);
	f.rc = rc;
	return render(req, resp, &f);
}
