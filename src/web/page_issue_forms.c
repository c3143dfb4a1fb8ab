/*
 * page_issue_forms.c — the action forms of the issue page. Each is a plain
 * HTML form with the CSRF field that POSTs to /issues/{key}/<action>
 * (page_issue_actions.c) and works without JavaScript. The page writes a
 * form only when the service said the viewer may use it (svc_issue_moves,
 * svc_issue_abilities); a move whose guard does not hold yet is shown
 * disabled with what is missing, in the service's words. Writes untrusted
 * data (escaped); decides nothing.
 */
#include "web/page_issue.h"

#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/banned.h"

/* <form method="post" action="/issues/KEY/ACTION" class="cls"> + csrf */
#define FORM_OPEN(b, req, key, action, cls) do { \
	H(b, "<form method=\"post\" class=\"" cls "\" action=\""); \
	h_url(b, "/issues/%s/" action, key); \
	H(b, "\">"); \
	web_csrf_field(b, req); \
} while (0)

static void
hidden(struct buf *b, const char *name, const char *value)
{
	H(b, "<input type=\"hidden\" name=\"");
	h_attr(b, name);
	H(b, "\" value=\"");
	h_attr(b, value);
	H(b, "\">");
}

/* A labelled text input; id must be unique on the page. */
static void
text_input(struct buf *b, const char *id, const char *name, const char *label,
	const char *type, bool required, const char *hint)
{
	H(b, "<p class=\"field\"><label for=\"");
	h_attr(b, id);
	H(b, "\">");
	h_text(b, label);
	H(b, "</label> <input id=\"");
	h_attr(b, id);
	H(b, "\" name=\"");
	h_attr(b, name);
	H(b, "\" type=\"");
	h_attr(b, type);
	H(b, "\"");
	if (required)
		H(b, " required");
	H(b, ">");
	if (hint) {
		H(b, " <small class=\"muted\">");
		h_text(b, hint);
		H(b, "</small>");
	}
	H(b, "</p>");
}

static void
missing(struct buf *b, const struct issue_move *mv)
{
	H(b, "<p class=\"missing\">");
	h_text(b, mv->missing);
	H(b, "</p>");
}

static void
button(struct buf *b, const struct issue_move *mv, const char *label)
{
	if (mv->ready)
		H(b, "<button type=\"submit\">");
	else
		H(b, "<button type=\"submit\" disabled>");
	h_text(b, label);
	H(b, "</button>");
}

static void
move_reject(struct buf *b, struct http_req *req, const char *key)
{
	static const char *const res[] = {"invalid", "duplicate", "not-a-vulnerability",
		"out-of-scope"};

	FORM_OPEN(b, req, key, "reject", "move reject");
	H(b, "<p class=\"field\"><label for=\"f-resolution\">Resolution</label> "
		"<select id=\"f-resolution\" name=\"resolution\" required>");
	for (size_t i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
		H(b, "<option>");
		h_text(b, res[i]);
		H(b, "</option>");
	}
	H(b, "</select></p>");
	text_input(b, "f-dup", "duplicate_of", "Duplicate of", "text", false,
		"the other issue's key, for a duplicate");
	H(b, "<button type=\"submit\" class=\"danger\">Reject</button></form>");
}

static void
move_publish(struct buf *b, struct http_req *req, const char *key, const struct issue_move *mv)
{
	static const char *const label[] = {"Publish now", "Propose early publication",
		"Confirm early publication", "Waiting for a second psirt member"};

	if (!mv->ready) {
		missing(b, mv);
		return;
	}
	FORM_OPEN(b, req, key, "publish", "move publish");
	text_input(b, "f-pub-reason", "reason", "Reason", "text", mv->publish ==
		PUBLISH_PROPOSE, mv->publish == PUBLISH_PROPOSE ? "why before the embargo ends" :
		"optional");
	button(b, mv, label[mv->publish]);
	H(b, "</form>");
}

static void
move_release(struct buf *b, struct http_req *req, const char *key, const struct issue_move *mv)
{
	FORM_OPEN(b, req, key, "move", "move");
	hidden(b, "state", "released");
	if (mv->ready) {
		H(b, "<p class=\"field\"><label for=\"f-release\">Release that ships the fix</label> "
			"<select id=\"f-release\" name=\"release\" required>");
		for (size_t i = 0; i < mv->releases.n; i++) {
			H(b, "<option>");
			h_text(b, mv->releases.v[i]);
			H(b, "</option>");
		}
		H(b, "</select></p>");
	}
	button(b, mv, "Move to released");
	H(b, "</form>");
	if (!mv->ready)
		missing(b, mv);
}

static void
move_one(struct buf *b, struct http_req *req, const char *key, const struct issue_move *mv)
{
	const char *to = state_name(mv->to);

	H(b, "<li class=\"move\"><h4>");
	h_text(b, mv->kind == MOVE_BACK ? "Back to " : "To ");
	web_state_badge(b, to);
	H(b, "</h4>");
	switch (mv->kind) {
	case MOVE_ACK:
		FORM_OPEN(b, req, key, "ack", "move");
		button(b, mv, "Acknowledge the report");
		H(b, "</form>");
		break;
	case MOVE_ASSIGN:
		FORM_OPEN(b, req, key, "assign", "move");
		text_input(b, "f-assignee", "assignee", "Assignee (login)", "text", true, NULL);
		button(b, mv, "Assign and move to assigned");
		H(b, "</form>");
		if (!mv->ready)
			missing(b, mv);
		break;
	case MOVE_RELEASE:
		move_release(b, req, key, mv);
		break;
	case MOVE_PUBLISH:
		move_publish(b, req, key, mv);
		break;
	case MOVE_REJECT:
		move_reject(b, req, key);
		break;
	case MOVE_BACK:
	case MOVE_FORWARD:
		FORM_OPEN(b, req, key, "move", "move");
		hidden(b, "state", to);
		if (mv->kind == MOVE_BACK) {
			H(b, "<p class=\"field\"><label>Reason <input name=\"reason\" type=\"text\" "
				"required></label></p>");
			button(b, mv, "Move back");
		} else {
			button(b, mv, "Move forward");
		}
		H(b, "</form>");
		if (!mv->ready)
			missing(b, mv);
		break;
	}
	H(b, "</li>");
}

void
issue_forms_moves(struct buf *b, struct http_req *req, const char *key,
	const struct issue_moves *m)
{
	H(b, "<p>Current state: ");
	web_state_badge(b, state_name(m->from));
	H(b, "</p>");
	if (!m->n)
		return;
	H(b, "<h3>Moves you may make</h3><ul class=\"moves\">");
	for (size_t i = 0; i < m->n; i++)
		move_one(b, req, key, &m->v[i]);
	H(b, "</ul>");
}

/* <select> with a first "keep" option and the given values. */
static void
keep_select(struct buf *b, const char *id, const char *name, const char *label,
	const char *current, const char *const *values, size_t n)
{
	H(b, "<p class=\"field\"><label for=\"");
	h_attr(b, id);
	H(b, "\">");
	h_text(b, label);
	H(b, "</label> <select id=\"");
	h_attr(b, id);
	H(b, "\" name=\"");
	h_attr(b, name);
	H(b, "\"><option value=\"\">keep (");
	h_text(b, current ? current : "not set");
	H(b, ")</option>");
	for (size_t i = 0; i < n; i++) {
		H(b, "<option>");
		h_text(b, values[i]);
		H(b, "</option>");
	}
	H(b, "</select></p>");
}

static void
subsystem_select(struct buf *b, struct http_req *req, const char *current)
{
	struct subsystem *s = NULL;
	struct errdetail d = {0};
	const char **names;
	size_t n = 0;

	if (svc_subsystem_list(req->svc, &s, &n, &d) < 0)
		return;
	if ((names = calloc(n + 1, sizeof(*names)))) {
		for (size_t i = 0; i < n; i++)
			names[i] = s[i].name;
		keep_select(b, "f-subsystem", "subsystem", "Subsystem", current, names, n);
		free(names);
	}
	OBJ_LIST_FREE(s, n, subsystem_release);
}

void
issue_forms_triage(struct buf *b, struct http_req *req, const struct issue_view *v,
	const struct issue_abilities *a)
{
	static const char *const prio[] = {"P1", "P2", "P3", "P4"};
	static const char *const yesno[] = {"yes", "no"};
	const struct issue *is = &v->is;
	char cur[8] = "";
	bool open = is->state != ST_PUBLIC && is->state != ST_REJECTED;

	if (a->set_triage) {
		H(b, "<h3>Triage</h3><p class=\"muted\">Empty fields keep their value.</p>");
		FORM_OPEN(b, req, is->key, "fields", "fields");
		text_input(b, "f-title", "title", "New title", "text", false, NULL);
		if (is->priority)
			cur[0] = 'P', cur[1] = (char)('0' + is->priority), cur[2] = '\0';
		keep_select(b, "f-priority", "priority", "Priority", cur[0] ? cur : NULL, prio, 4);
		subsystem_select(b, req, is->subsystem);
		if (open) {
			keep_select(b, "f-embargo", "embargo", "Embargo", embargo_name(is->embargo),
				yesno, 2);
			text_input(b, "f-until", "embargo_until", "Embargo ends", "date", false,
				"YYYY-MM-DD, not after the latest allowed end");
		}
		text_input(b, "f-credit", "credit", "Credit", "text", false, NULL);
		keep_select(b, "f-anon", "anonymous", "Anonymous credit", is->anonymous ? "yes" :
			"no", yesno, 2);
		text_input(b, "f-link", "public_link", "Public tracker link", "url", false, NULL);
		H(b, "<button type=\"submit\">Save</button></form>");
	}
	if (a->assign && open && is->state != ST_NEW && is->state != ST_TRIAGE) {
		H(b, "<h3>Assignee</h3>");
		FORM_OPEN(b, req, is->key, "assign", "fields");
		text_input(b, "f-reassign", "assignee", "New assignee (login)", "text", true, NULL);
		H(b, "<button type=\"submit\">Reassign</button></form>");
	}
	if (a->set_technical) {
		H(b, "<h3>Technical details</h3>");
		FORM_OPEN(b, req, is->key, "fields", "fields");
		text_input(b, "f-introduced", "introduced", "Introduced in (version)", "text", true,
			is->introduced_in ? is->introduced_in : NULL);
		H(b, "<button type=\"submit\">Save</button></form>");
	}
}

void
issue_form_comment(struct buf *b, struct http_req *req, const char *key,
	const struct issue_abilities *a)
{
	if (!a->comment_shared && !a->comment_internal)
		return;
	H(b, "<h3>");
	h_text(b, a->comment_internal ? "Add a comment" : "Add information");
	H(b, "</h3>");
	FORM_OPEN(b, req, key, "comment", "comment");
	/* a refused comment comes back with its text (only a POST has form fields) */
	H(b, "<p class=\"field\"><label for=\"f-comment\">Text (Markdown)</label>"
		"<textarea id=\"f-comment\" name=\"text\" rows=\"5\" required>");
	h_text(b, web_form(req, "text"));
	H(b, "</textarea></p>");
	if (a->comment_internal)
		H(b, "<fieldset class=\"choice\"><legend>Who sees it</legend>"
			"<label><input type=\"radio\" name=\"visibility\" value=\"internal\" checked> "
			"internal: people with access only</label> "
			"<label><input type=\"radio\" name=\"visibility\" value=\"shared\"> "
			"shared: also the reporter</label></fieldset>");
	else
		hidden(b, "visibility", "shared");
	H(b, "<button type=\"submit\">");
	h_text(b, a->comment_internal ? "Comment" : "Send to the security team");
	H(b, "</button></form>");
}

void
issue_form_upload(struct buf *b, struct http_req *req, const char *key)
{
	H(b, "<form method=\"post\" class=\"upload\" enctype=\"multipart/form-data\" action=\"");
	h_url(b, "/issues/%s/attachments", key);
	H(b, "\">");
	web_csrf_field(b, req);
	H(b, "<p class=\"field\"><label for=\"f-file\">File</label> <input id=\"f-file\" "
		"name=\"file\" type=\"file\" required> <small class=\"muted\">at most ");
	h_int(b, LIM_ATTACHMENT_MAX / (1024 * 1024));
	H(b, " MiB</small></p><button type=\"submit\">Attach</button></form>");
}

void
issue_form_cve(struct buf *b, struct http_req *req, const char *key)
{
	FORM_OPEN(b, req, key, "cves", "cve");
	text_input(b, "f-cve", "cve", "CVE id", "text", false,
		"empty: the next free id of the pool");
	H(b, "<button type=\"submit\">Assign a CVE id</button></form>");
}

void
issue_forms_fix(struct buf *b, struct http_req *req, const char *key, const struct fix *f)
{
	FORM_OPEN(b, req, key, "fixes/state", "inline");
	hidden(b, "url", f->url);
	hidden(b, "state", "merged");
	H(b, "<label>Commit <input name=\"commit\" type=\"text\" size=\"12\"></label> "
		"<button type=\"submit\">Merged</button></form> ");
	FORM_OPEN(b, req, key, "fixes/state", "inline");
	hidden(b, "url", f->url);
	hidden(b, "state", "closed");
	H(b, "<button type=\"submit\" class=\"secondary\">Closed unmerged</button></form>");
}

void
issue_form_fix_add(struct buf *b, struct http_req *req, const char *key)
{
	H(b, "<h3>Link a fix</h3>");
	FORM_OPEN(b, req, key, "fixes", "fix");
	text_input(b, "f-fix-url", "url", "Pull request or commit URL", "url", true, NULL);
	text_input(b, "f-fix-branch", "branch", "Target branch", "text", true, NULL);
	text_input(b, "f-fix-commit", "commit", "Commit id", "text", false, "optional");
	text_input(b, "f-fix-repo", "repo", "Repository", "text", false, "optional");
	H(b, "<button type=\"submit\">Link the fix</button></form>");
}

static void
backport_fields(struct buf *b, const char *current)
{
	static const char *const states[] = {"needed", "in-review", "merged", "released",
		"not-needed"};

	H(b, "<label>State <select name=\"state\">");
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		if (current && strcmp(current, states[i]) == 0)
			H(b, "<option selected>");
		else
			H(b, "<option>");
		h_text(b, states[i]);
		H(b, "</option>");
	}
	H(b, "</select></label> <label>Fix URL <input name=\"fix\" type=\"url\"></label> "
		"<label>Reason <input name=\"reason\" type=\"text\"></label> ");
}

void
issue_form_backport(struct buf *b, struct http_req *req, const char *key,
	const struct backport *bp)
{
	FORM_OPEN(b, req, key, "backports", "inline backport");
	hidden(b, "release", bp->release);
	backport_fields(b, backport_state_name(bp->state));
	H(b, "<button type=\"submit\">Set</button></form>");
}

void
issue_form_backport_add(struct buf *b, struct http_req *req, const char *key)
{
	H(b, "<h3>Add a backport</h3>");
	FORM_OPEN(b, req, key, "backports", "backport");
	text_input(b, "f-bp-release", "release", "Release", "text", true, NULL);
	backport_fields(b, NULL);
	H(b, "<button type=\"submit\">Add</button></form>");
}

void
issue_form_revoke(struct buf *b, struct http_req *req, const char *key, const char *login)
{
	H(b, " ");
	FORM_OPEN(b, req, key, "grants/revoke", "inline");
	hidden(b, "login", login);
	H(b, "<button type=\"submit\" class=\"secondary\">Revoke</button></form>");
}

void
issue_form_grant(struct buf *b, struct http_req *req, const char *key)
{
	H(b, "<h3>Grant access</h3>");
	FORM_OPEN(b, req, key, "grants", "grant");
	text_input(b, "f-grant-login", "login", "Person (login)", "text", true, NULL);
	text_input(b, "f-grant-reason", "reason", "Reason", "text", true, NULL);
	H(b, "<button type=\"submit\">Grant</button></form>");
}
