/*
 * page_meetings.c — /meetings: the security committee's meetings as the
 * service lists them (psirt only; anyone else gets the service's refusal):
 * date, attendees, whether the meeting has quorum (more than three
 * attendees) in words, and its decisions per issue, an issue key linked
 * only when the viewer may follow it. Forms to record a meeting and, per
 * meeting, a decision; the service decides again on every POST. Handles
 * untrusted input: form fields and the {id} of the URL, which go to the
 * service and come back escaped.
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "http/api.h"
#include "service/web_support.h"
#include "web/admin_form.h"
#include "core/banned.h"

static const char *const kinds[][2] = {
	{"embargo-yes", "Embargo: yes"},
	{"embargo-no", "Embargo: no (tracked publicly)"},
	{"extend", "Extend the embargo (give the new end)"},
	{"publish", "Publish now"},
};

static void
issue_ref(struct buf *b, struct http_req *req, int64_t id)
{
	char key[ISSUE_KEY_MAX];

	svc_key(req->svc, id, key);
	if (!svc_ref_visible(req->svc, key)) {
		H(b, "<span class=\"muted\">an issue you may not see</span>");
		return;
	}
	H(b, "<a href=\"");
	h_url(b, "/issues/%s", key);
	H(b, "\">");
	h_text(b, key);
	H(b, "</a>");
}

static void
quorum(struct buf *b, const struct meeting *m)
{
	if (m->attendees.n >= MEETING_QUORUM_MIN) {
		H(b, "<p class=\"quorum yes\"><strong>Quorum: yes</strong> \xe2\x80\x94 ");
		h_int(b, (long long)m->attendees.n);
		H(b, " attendees (more than three).</p>");
	} else {
		H(b, "<p class=\"quorum no\"><strong>No quorum</strong> \xe2\x80\x94 ");
		h_int(b, (long long)m->attendees.n);
		if (m->attendees.n == 1)
			H(b, " attendee");
		else
			H(b, " attendees");
		H(b, "; a decision needs more than three.</p>");
	}
}

static void
decisions(struct buf *b, struct http_req *req, const struct meeting *m)
{
	if (m->ndecisions == 0) {
		H(b, "<p class=\"empty\">No decisions recorded.</p>");
		return;
	}
	H(b, "<table class=\"list\"><thead><tr><th scope=\"col\">Issue</th>"
		"<th scope=\"col\">Decision</th>"
		"<th scope=\"col\">Until</th><th scope=\"col\">Reason</th></tr></thead><tbody>");
	for (size_t i = 0; i < m->ndecisions; i++) {
		const struct decision *dc = &m->decisions[i];

		/* data-label: the column's name, shown on a phone (vigil.css) */
		H(b, "<tr><td class=\"key\">");
		issue_ref(b, req, dc->issue_id);
		H(b, "</td><td data-label=\"Decision\">");
		h_text(b, dc->kind);
		H(b, "</td><td class=\"date\" data-label=\"Until\">");
		h_date(b, dc->until);
		H(b, "</td><td data-label=\"Reason\">");
		h_text(b, dc->reason);
		H(b, "</td></tr>");
	}
	H(b, "</tbody></table>");
}

static void
decide_form(struct buf *b, struct http_req *req, const struct meeting *m,
	const struct form_fail *f)
{
	char id[32];
	bool failed;
	const char *kind;

	snprintf(id, sizeof(id), "%lld", (long long)m->id);
	failed = af_failed(f, "decide", id);
	kind = failed ? web_form(req, "kind") : NULL;
	H(b, "<details");
	if (failed)
		H(b, " open");
	H(b, "><summary>Record a decision</summary><form method=\"post\" class=\"stack\" "
		"action=\"");
	h_url(b, "/meetings/%lld/decisions", (long long)m->id);
	H(b, "\">");
	web_csrf_field(b, req);
	af_error(b, f, "decide", id);
	H(b, "<label for=\"dk-");
	h_int(b, m->id);
	H(b, "\">Issue key</label><input name=\"issue\" required placeholder=\"SEC-12\" id=\"dk-");
	h_int(b, m->id);
	H(b, "\"");
	if (failed)
		af_value(b, req, f, "decide", "issue");
	H(b, "><label for=\"dd-");
	h_int(b, m->id);
	H(b, "\">Decision</label><select name=\"kind\" id=\"dd-");
	h_int(b, m->id);
	H(b, "\">");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		H(b, "<option value=\"");
		h_attr(b, kinds[i][0]);
		H(b, "\"");
		if (kind && strcmp(kind, kinds[i][0]) == 0)
			H(b, " selected");
		H(b, ">");
		h_text(b, kinds[i][1]);
		H(b, "</option>");
	}
	H(b, "</select><label for=\"du-");
	h_int(b, m->id);
	H(b, "\">Until (for an extension)</label><input type=\"date\" name=\"until\" id=\"du-");
	h_int(b, m->id);
	H(b, "\"");
	if (failed)
		af_value(b, req, f, "decide", "until");
	H(b, "><label for=\"dr-");
	h_int(b, m->id);
	H(b, "\">Reason</label><textarea name=\"reason\" rows=\"2\" required id=\"dr-");
	h_int(b, m->id);
	H(b, "\">");
	if (failed)
		af_text(b, req, f, "decide", "reason");
	H(b, "</textarea><button type=\"submit\">Record the decision</button></form></details>");
}

static void
meeting(struct buf *b, struct http_req *req, const struct meeting *m,
	const struct form_fail *f)
{
	H(b, "<article class=\"meeting\" aria-labelledby=\"m-");
	h_int(b, m->id);
	H(b, "\"><h3 id=\"m-");
	h_int(b, m->id);
	H(b, "\">Meeting ");
	h_int(b, m->id);
	H(b, " on ");
	h_date(b, m->date);
	H(b, "</h3>");
	quorum(b, m);
	H(b, "<p><strong>Attendees:</strong> ");
	for (size_t i = 0; i < m->attendees.n; i++) {
		if (i)
			H(b, ", ");
		h_text(b, m->attendees.v[i]);
	}
	H(b, "</p>");
	decisions(b, req, m);
	if (m->attendees.n >= MEETING_QUORUM_MIN) {
		decide_form(b, req, m, f);
	} else {
		char id[32];

		/* the service refuses decisions here; say so, and show its refusal */
		snprintf(id, sizeof(id), "%lld", (long long)m->id);
		af_error(b, f, "decide", id);
		H(b, "<p class=\"hint\">Decisions need a meeting with quorum.</p>");
	}
	H(b, "</article>\n");
}

static void
add_form(struct buf *b, struct http_req *req, const struct form_fail *f)
{
	H(b, "<section class=\"card\" aria-labelledby=\"add-h\">"
		"<h2 id=\"add-h\">Record a meeting</h2>\n"
		"<form method=\"post\" action=\"/meetings\" class=\"stack\">");
	web_csrf_field(b, req);
	af_error(b, f, "add", NULL);
	H(b, "<label for=\"m-date\">Date</label><input type=\"date\" id=\"m-date\" "
		"name=\"date\" required");
	af_value(b, req, f, "add", "date");
	H(b, "><label for=\"m-att\">Attendees (logins, separated by commas or spaces; more "
		"than three make quorum)</label><input id=\"m-att\" name=\"attendees\" required");
	af_value(b, req, f, "add", "attendees");
	H(b, "><button type=\"submit\">Record the meeting</button></form></section>\n");
}

static int
render(struct http_req *req, struct http_resp *resp, const struct form_fail *f)
{
	struct errdetail d = {0};
	struct meeting *m = NULL;
	size_t n = 0;
	bool placed = false;
	int rc;

	if ((rc = svc_meeting_list(req->svc, &m, &n, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	af_begin(req, resp, "Meetings", f);
	for (size_t i = 0; f && f->item && i < n; i++) {
		char id[32];

		snprintf(id, sizeof(id), "%lld", (long long)m[i].id);
		placed = placed || strcmp(id, f->item) == 0;
	}
	if (f && f->form && strcmp(f->form, "decide") == 0 && !placed)
		web_form_error(&resp->body, &f->d);
	add_form(&resp->body, req, f);
	H(&resp->body, "<section aria-labelledby=\"list-h\"><h2 id=\"list-h\">Meetings</h2>\n");
	if (n == 0)
		H(&resp->body, "<p class=\"empty\">No meetings recorded.</p>");
	for (size_t i = 0; i < n; i++)
		meeting(&resp->body, req, &m[i], f);
	H(&resp->body, "</section>\n");
	OBJ_LIST_FREE(m, n, meeting_release);
	return web_end(req, resp);
}

int
page_meetings(struct http_req *req, struct http_resp *resp)
{
	return render(req, resp, NULL);
}

int
page_meetings_add(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "add"};
	struct strlist att = {0};
	int64_t id;
	int rc;

	rc = af_split(web_form(req, "attendees"), LIM_PEOPLE_PER_LIST + 1, &att);
	if (rc == ERR_LIMIT)
		rc = err_setf(&f.d, ERR_INVAL, "attendees", "lists more than %d people",
			LIM_PEOPLE_PER_LIST);
	if (rc == 0)
		rc = svc_meeting_add(req->svc, web_form(req, "date"), &att, &id, &f.d);
	strlist_release(&att);
	if (rc == 0)
		return web_redirect(resp, "/meetings?done=meeting-added");
	if (!af_showable(rc))
		return web_fail(req, resp, rc, &f.d);
	if (strcmp(f.d.field, "attendee") == 0)
		snprintf(f.d.field, sizeof(f.d.field), "attendees");
	f.rc = rc;
	return render(req, resp, &f);
}

int
page_meetings_decide(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "decide", .item = req->params[0]};
	long long id = api_parse_id(req->params[0]);
	int rc;

	if (id < 0)
		rc = err_set(&f.d, ERR_INVAL, "meeting", "names no meeting");
	else
		rc = svc_meeting_decide(req->svc, id, web_form(req, "issue"),
			web_form(req, "kind"), af_opt(req, "until"), web_form(req, "reason"),
			&f.d);
	if (rc == 0)
		return web_redirect(resp, "/meetings?done=decided");
	if (!af_showable(rc))
		return web_fail(req, resp, rc, &f.d);
	f.rc = rc;
	return render(req, resp, &f);
}
