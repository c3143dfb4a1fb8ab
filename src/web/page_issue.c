/*
 * page_issue.c — the issue page, GET /issues/{key}, and attachment
 * downloads, GET /issues/{key}/attachments/{id}. The page shows what
 * svc_issue_show() returns for the viewer (the service has already
 * redacted it to their view): every field, the description and comments as
 * safe Markdown, attachments as download links, CVE ids, fixes, backports,
 * grants and — with the full view — the history from the audit log (the
 * views of the issue counted per person, not listed one by one); and
 * the action forms the service says the viewer may use (svc_issue_moves,
 * svc_issue_abilities). A hidden issue and a missing one give the one 404
 * page. Attachments are always sent as application/octet-stream with
 * Content-Disposition: attachment, never inline. Handles untrusted input
 * (the key and id in the path) and writes untrusted data (escaped).
 */
#include "web/page_issue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "http/api.h"
#include "web/markdown.h"
#include "core/banned.h"

const char *
issue_opt(struct http_req *req, const char *name)
{
	const char *v = web_form(req, name);

	return v && *v ? v : NULL;
}

/* <dt>label</dt><dd>text</dd> when text is set. */
static void
field(struct buf *b, const char *label, const char *text)
{
	if (!text || !*text)
		return;
	H(b, "<dt>");
	h_text(b, label);
	H(b, "</dt><dd>");
	h_text(b, text);
	H(b, "</dd>");
}

static void
field_date(struct buf *b, const char *label, int64_t t)
{
	if (!t)
		return;
	H(b, "<dt>");
	h_text(b, label);
	H(b, "</dt><dd><time>");
	h_date(b, t);
	H(b, "</time></dd>");
}

static void
cvss_field(struct buf *b, const struct issue *is)
{
	char score[16];

	H(b, "<dt>CVSS</dt><dd>");
	if (!is->cvss) {
		H(b, "<span class=\"muted\">not scored</span></dd>");
		return;
	}
	snprintf(score, sizeof(score), "%.1f", is->cvss_score);
	H(b, "<span class=\"score\">");
	h_text(b, score);
	H(b, "</span> <span class=\"badge sev-");
	h_attr(b, is->cvss_severity ? is->cvss_severity : "None");
	H(b, "\">");
	h_text(b, is->cvss_severity);
	H(b, "</span><br><code class=\"vector\">");
	h_text(b, is->cvss);
	H(b, "</code></dd>");
}

static void
embargo_field(struct buf *b, const struct issue *is)
{
	int64_t now = clock_now();

	H(b, "<dt>Embargo</dt><dd>");
	h_text(b, is->embargo == EMB_YES ? "yes" : is->embargo == EMB_NO ? "no" :
		"not decided yet");
	if (is->embargo_until) {
		H(b, ", until <time>");
		h_date(b, is->embargo_until);
		H(b, "</time>");
		if (is->state != ST_PUBLIC && is->state != ST_REJECTED) {
			H(b, " <span class=\"countdown\">");
			if (is->embargo_until > now) {
				h_int(b, (is->embargo_until - now + CLOCK_DAY - 1) / CLOCK_DAY);
				H(b, " days left");
			} else {
				H(b, "ended");
			}
			H(b, "</span>");
		}
	}
	if (is->embargo_max && is->state != ST_PUBLIC) {
		H(b, " <span class=\"muted\">(latest allowed end <time>");
		h_date(b, is->embargo_max);
		H(b, "</time>)</span>");
	}
	H(b, "</dd>");
}

/* A link to another visible issue ("KEY"), as the service resolved it. */
static void
issue_link(struct buf *b, const char *key)
{
	H(b, "<a href=\"");
	h_url(b, "/issues/%s", key);
	H(b, "\">");
	h_text(b, key);
	H(b, "</a>");
}

static void
fields(struct buf *b, const struct issue_view *v)
{
	const struct issue *is = &v->is;
	char prio[8];

	H(b, "<section class=\"card\" aria-labelledby=\"h-fields\"><h2 id=\"h-fields\">"
		"Details</h2><dl class=\"fields\"><dt>State</dt><dd>");
	web_state_badge(b, state_name(is->state));
	if (is->disclosed_unfixed)
		H(b, " <span class=\"badge warn\">disclosed unfixed</span>");
	H(b, "</dd>");
	if (v->view == VIEW_FULL) {
		snprintf(prio, sizeof(prio), "P%d", is->priority);
		field(b, "Priority", is->priority ? prio : "not set");
	}
	cvss_field(b, is);
	field(b, "Subsystem", is->subsystem ? is->subsystem : "not set");
	field(b, "Reporter", is->reporter);
	if (v->view == VIEW_FULL)
		field(b, "Assignee", is->assignee ? is->assignee : "nobody yet");
	if (v->view >= VIEW_REPORTER)
		field(b, "Source", source_name(is->source));
	embargo_field(b, is);
	field_date(b, "Reported", is->reported_at);
	field_date(b, "Acknowledged", is->acked_at);
	if (v->view >= VIEW_REPORTER && is->state < ST_PUBLIC) {
		field_date(b, "Acknowledgement due", v->ack_due);
		field_date(b, "Fix due", v->fix_due);
	}
	field_date(b, "Accepted", is->accepted_at);
	field_date(b, "Released", is->released_at);
	field_date(b, "Published", is->published_at);
	field(b, "Affected version (as reported)", is->affected_version);
	field(b, "Introduced in", is->introduced_in);
	field(b, "Fixed in", is->fixed_in);
	field(b, "Credit", is->anonymous ? "anonymous" : is->credit);
	if (is->state == ST_REJECTED) {
		field(b, "Resolution", resolution_name(is->resolution));
		if (is->duplicate_of) {
			H(b, "<dt>Duplicate of</dt><dd>");
			issue_link(b, is->duplicate_of);
			H(b, "</dd>");
		}
	}
	if (is->public_link) {
		H(b, "<dt>Public tracker</dt><dd>");
		h_link(b, is->public_link, NULL);
		H(b, "</dd>");
	}
	if (v->view == VIEW_FULL && is->publish_proposed_by)
		field(b, "Early publication proposed", is->publish_reason);
	H(b, "</dl></section>\n");
}

static void
description(struct buf *b, struct svc *svc, const struct issue_view *v)
{
	H(b, "<section class=\"card\" aria-labelledby=\"h-desc\"><h2 id=\"h-desc\">"
		"Description</h2>");
	h_markdown(b, svc, v->is.description);
	if (v->refs.n) {
		H(b, "<p class=\"refs\">Mentions: ");
		for (size_t i = 0; i < v->refs.n; i++) {
			const char *tab = strchr(v->refs.v[i], '\t');
			char key[ISSUE_KEY_MAX];

			snprintf(key, sizeof(key), "%.*s", tab ? (int)(tab - v->refs.v[i]) :
				(int)strlen(v->refs.v[i]), v->refs.v[i]);
			if (i)
				H(b, ", ");
			issue_link(b, key);
			if (tab) {
				H(b, " ");
				h_text(b, tab + 1);
			}
		}
		H(b, "</p>");
	}
	H(b, "</section>\n");
}

static void
comments(struct buf *b, struct http_req *req, const struct issue_view *v,
	const struct issue_abilities *a)
{
	if (v->view < VIEW_REPORTER)
		return;
	H(b, "<section class=\"card\" id=\"comments\" aria-labelledby=\"h-comments\">"
		"<h2 id=\"h-comments\">Comments</h2>");
	if (!v->ncomments)
		H(b, "<p class=\"muted\">No comments yet.</p>");
	H(b, "<ol class=\"comments\">");
	for (size_t i = 0; i < v->ncomments; i++) {
		const struct comment *c = &v->comments[i];

		if (c->internal)
			H(b, "<li class=\"comment internal\"><p class=\"meta\"><span class=\"badge "
				"internal\">internal</span> ");
		else
			H(b, "<li class=\"comment shared\"><p class=\"meta\"><span class=\"badge "
				"shared\">shared with the reporter</span> ");
		h_text(b, c->author);
		H(b, ", <time>");
		h_date(b, c->created_at);
		H(b, "</time></p>");
		h_markdown(b, req->svc, c->body);
		H(b, "</li>");
	}
	H(b, "</ol>");
	issue_form_comment(b, req, v->is.key, a);
	H(b, "</section>\n");
}

static void
attachments(struct buf *b, struct http_req *req, const struct issue_view *v,
	const struct issue_abilities *a)
{
	if (v->view < VIEW_REPORTER)
		return;
	H(b, "<section class=\"card\" id=\"attachments\" aria-labelledby=\"h-att\">"
		"<h2 id=\"h-att\">Attachments</h2>");
	if (!v->nattachments)
		H(b, "<p class=\"muted\">No attachments.</p>");
	H(b, "<ul class=\"attachments\">");
	for (size_t i = 0; i < v->nattachments; i++) {
		const struct attachment *at = &v->attachments[i];

		H(b, "<li><a download href=\"");
		h_url(b, "/issues/%s/attachments/%lld", v->is.key, (long long)at->id);
		H(b, "\">");
		h_text(b, at->name);
		H(b, "</a> <span class=\"muted\">");
		h_int(b, at->size);
		H(b, " bytes, ");
		h_text(b, at->uploader);
		H(b, ", ");
		h_date(b, at->created_at);
		H(b, "</span></li>");
	}
	H(b, "</ul>");
	if (a->attach)
		issue_form_upload(b, req, v->is.key);
	H(b, "</section>\n");
}

static void
cves(struct buf *b, struct http_req *req, const struct issue_view *v,
	const struct issue_abilities *a)
{
	H(b, "<section class=\"card\" id=\"cves\" aria-labelledby=\"h-cves\"><h2 id=\"h-cves\">"
		"CVE ids</h2>");
	if (!v->ncves)
		H(b, "<p class=\"muted\">None assigned.</p>");
	H(b, "<ul class=\"cves\">");
	for (size_t i = 0; i < v->ncves; i++) {
		H(b, "<li><code>");
		h_text(b, v->cves[i].id);
		H(b, "</code> ");
		web_state_badge(b, cve_state_name(v->cves[i].state));
		H(b, "</li>");
	}
	H(b, "</ul>");
	if (a->cve)
		issue_form_cve(b, req, v->is.key);
	H(b, "</section>\n");
}

static void
fixes(struct buf *b, struct http_req *req, const struct issue_view *v,
	const struct issue_abilities *a)
{
	H(b, "<section class=\"card\" id=\"fixes\" aria-labelledby=\"h-fixes\">"
		"<h2 id=\"h-fixes\">Fixes</h2>");
	if (!v->nfixes)
		H(b, "<p class=\"muted\">No fix linked yet.</p>");
	else
		H(b, "<table class=\"list\"><thead><tr><th scope=\"col\">Fix</th>"
			"<th scope=\"col\">Branch</th><th scope=\"col\">Commit</th>"
			"<th scope=\"col\">State</th><th scope=\"col\">Merged</th>"
			"<th scope=\"col\"><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
	for (size_t i = 0; i < v->nfixes; i++) {
		const struct fix *f = &v->fixes[i];

		/* data-label: the column's name, shown on a phone (vigil.css) */
		H(b, "<tr><td class=\"url\">");
		h_link(b, f->url, NULL);
		H(b, "</td><td data-label=\"Branch\"><code>");
		h_text(b, f->branch);
		H(b, "</code></td><td data-label=\"Commit\"><code>");
		h_text(b, f->commit ? f->commit : "");
		H(b, "</code></td><td data-label=\"State\">");
		web_state_badge(b, fix_state_name(f->state));
		H(b, "</td><td class=\"date\" data-label=\"Merged\">");
		h_date(b, f->merged_at);
		H(b, "</td><td>");
		if (a->fix && f->state == FIX_OPEN)
			issue_forms_fix(b, req, v->is.key, f);
		H(b, "</td></tr>");
	}
	if (v->nfixes)
		H(b, "</tbody></table>");
	if (a->fix)
		issue_form_fix_add(b, req, v->is.key);
	H(b, "</section>\n");
}

static void
backports(struct buf *b, struct http_req *req, const struct issue_view *v,
	const struct issue_abilities *a)
{
	if (v->view == VIEW_REPORTER)
		return;
	H(b, "<section class=\"card\" id=\"backports\" aria-labelledby=\"h-bp\">"
		"<h2 id=\"h-bp\">Backports</h2>");
	if (!v->nbackports)
		H(b, "<p class=\"muted\">No backport subtasks.</p>");
	else
		H(b, "<table class=\"list\"><thead><tr><th scope=\"col\">Release</th>"
			"<th scope=\"col\">State</th><th scope=\"col\">Fix</th>"
			"<th scope=\"col\">Reason</th><th scope=\"col\"><span class=\"sr-only\">Actions"
			"</span></th></tr></thead><tbody>");
	for (size_t i = 0; i < v->nbackports; i++) {
		const struct backport *bp = &v->backports[i];

		H(b, "<tr><th scope=\"row\">");
		h_text(b, bp->release);
		H(b, "</th><td data-label=\"State\">");
		web_state_badge(b, backport_state_name(bp->state));
		H(b, "</td><td class=\"url\" data-label=\"Fix\">");
		if (bp->fix_url)
			h_link(b, bp->fix_url, NULL);
		H(b, "</td><td data-label=\"Reason\">");
		h_text(b, bp->reason);
		H(b, "</td><td>");
		if (a->backport)
			issue_form_backport(b, req, v->is.key, bp);
		H(b, "</td></tr>");
	}
	if (v->nbackports)
		H(b, "</tbody></table>");
	if (a->backport && v->view == VIEW_FULL)
		issue_form_backport_add(b, req, v->is.key);
	H(b, "</section>\n");
}

static void
grants(struct buf *b, struct http_req *req, const struct issue_view *v,
	const struct issue_abilities *a)
{
	if (v->view != VIEW_FULL)
		return;
	H(b, "<section class=\"card\" id=\"grants\" aria-labelledby=\"h-grants\">"
		"<h2 id=\"h-grants\">Access grants</h2>");
	if (!v->ngrants)
		H(b, "<p class=\"muted\">No explicit grants.</p>");
	H(b, "<ul class=\"grants\">");
	for (size_t i = 0; i < v->ngrants; i++) {
		const struct grant *g = &v->grants[i];

		H(b, "<li>");
		h_text(b, g->person);
		H(b, " \xe2\x80\x94 granted by ");
		h_text(b, g->granted_by);
		H(b, " on ");
		h_date(b, g->granted_at);
		H(b, ": ");
		h_text(b, g->reason);
		if (g->revoked_at) {
			H(b, " <span class=\"badge muted\">revoked ");
			h_date(b, g->revoked_at);
			H(b, " by ");
			h_text(b, g->revoked_by);
			H(b, "</span>");
		} else if (a->grant) {
			issue_form_revoke(b, req, v->is.key, g->person);
		}
		H(b, "</li>");
	}
	H(b, "</ul>");
	if (a->grant)
		issue_form_grant(b, req, v->is.key);
	H(b, "</section>\n");
}

/* Who read the issue while it was not public, counted per person. */
static void
viewers(struct buf *b, const struct issue_history *h)
{
	if (!h->nviewers)
		return;
	H(b, "<h3 id=\"h-views\">Views</h3><p class=\"muted\">Every reading of the issue "
		"before it was public is an audit event; they are counted here.</p>"
		"<table class=\"list\" aria-labelledby=\"h-views\"><thead><tr>"
		"<th scope=\"col\">Who</th><th scope=\"col\">Views</th>"
		"<th scope=\"col\">Last</th></tr></thead><tbody>");
	for (size_t i = 0; i < h->nviewers; i++) {
		char when[32];

		clock_fmt_iso(h->viewers[i].last_at, when, sizeof(when));
		H(b, "<tr><th scope=\"row\">");
		h_text(b, h->viewers[i].who);
		H(b, "</th><td data-label=\"Views\">");
		h_int(b, h->viewers[i].views);
		H(b, "</td><td class=\"date\" data-label=\"Last\"><time>");
		h_text(b, when);
		H(b, "</time></td></tr>");
	}
	H(b, "</tbody></table>");
}

/* The history: every event but the views, then the views per person. */
static void
history(struct buf *b, struct http_req *req, const char *key)
{
	struct issue_history h = {0};
	struct errdetail d = {0};

	if (svc_issue_history_page(req->svc, key, &h, &d) < 0)
		return;
	H(b, "<section class=\"card\" id=\"history\" aria-labelledby=\"h-hist\">"
		"<h2 id=\"h-hist\">History</h2><table class=\"list\"><thead><tr>"
		"<th scope=\"col\">When</th><th scope=\"col\">Who</th><th scope=\"col\">What</th>"
		"<th scope=\"col\">Detail</th></tr></thead><tbody>");
	for (size_t i = 0; i < h.n; i++) {
		const struct audit_event *ev = &h.ev[i];
		char when[32];

		clock_fmt_iso(ev->at, when, sizeof(when));
		H(b, "<tr><td class=\"date\"><time>");
		h_text(b, when);
		H(b, "</time></td><td data-label=\"Who\">");
		h_text(b, ev->actor);
		H(b, "</td><td data-label=\"What\">");
		h_text(b, ev->action);
		H(b, "</td><td data-label=\"Detail\"><code>");
		h_text(b, ev->detail);
		H(b, "</code></td></tr>");
	}
	H(b, "</tbody></table>");
	viewers(b, &h);
	H(b, "</section>\n");
	issue_history_release(&h);
}

/* The workflow card: the state and the moves with what each lacks. */
static void
workflow(struct buf *b, struct http_req *req, const struct issue_view *v)
{
	struct issue_moves m = {0};
	struct errdetail d = {0};

	if (svc_issue_moves(req->svc, v->is.key, &m, &d) < 0)
		m.n = 0;
	if (m.n) {
		H(b, "<section class=\"card\" id=\"workflow\" aria-labelledby=\"h-flow\">"
			"<h2 id=\"h-flow\">Workflow</h2>");
		issue_forms_moves(b, req, v->is.key, &m);
		H(b, "</section>\n");
	}
	issue_moves_release(&m);
}

/* The editing card: triage fields, assignee, technical fields, CVSS. */
static void
editing(struct buf *b, struct http_req *req, const struct issue_view *v,
	const struct issue_abilities *a, const char *cvss_preview)
{
	if (!a->set_triage && !a->set_technical && !a->assign)
		return;
	H(b, "<section class=\"card\" id=\"edit\" aria-labelledby=\"h-edit\">"
		"<h2 id=\"h-edit\">Edit</h2>");
	if (a->set_technical)
		issue_form_cvss(b, req, v->is.key, v->is.cvss, cvss_preview);
	issue_forms_triage(b, req, v, a);
	H(b, "</section>\n");
}

int
issue_page_render(struct http_req *req, struct http_resp *resp, const char *key,
	int status, const struct errdetail *err, const char *cvss_preview)
{
	struct issue_view v = {0};
	struct issue_abilities a = {0};
	struct errdetail d = {0};
	char title[ISSUE_KEY_MAX + LIM_TITLE_MAX + 8];
	struct buf *b = &resp->body;
	int rc;

	if ((rc = svc_issue_show(req->svc, key, &v, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	if ((rc = svc_issue_abilities(req->svc, key, &a, &d)) < 0) {
		issue_view_release(&v);
		return web_fail(req, resp, rc, &d);
	}
	svc_key(req->svc, v.is.id, v.is.key);
	snprintf(title, sizeof(title), "%s \xc2\xb7 %s", v.is.key, v.is.title);
	buf_reset(b);
	web_begin(req, resp, title);
	resp->csp = ISSUE_PAGE_CSP;
	resp->status = status;
	if (err)
		web_form_error(b, err);
	fields(b, &v);
	description(b, req->svc, &v);
	workflow(b, req, &v);
	comments(b, req, &v, &a);
	attachments(b, req, &v, &a);
	cves(b, req, &v, &a);
	fixes(b, req, &v, &a);
	backports(b, req, &v, &a);
	editing(b, req, &v, &a, cvss_preview);
	grants(b, req, &v, &a);
	if (a.see_internal)
		history(b, req, v.is.key);
	issue_view_release(&v);
	return web_end(req, resp);
}

int
page_issue(struct http_req *req, struct http_resp *resp)
{
	return issue_page_render(req, resp, req->params[0], 200, NULL, NULL);
}

int
page_issue_attachment(struct http_req *req, struct http_resp *resp)
{
	char name[LIM_FILENAME_MAX + 1];
	struct attachment at = {0};
	struct errdetail d = {0};
	void *data = NULL;
	long long id = api_parse_id(req->params[1]);
	int rc;

	if (id < 0)
		return web_error_page(req, resp, 404, NULL);
	if ((rc = svc_issue_attachment(req->svc, req->params[0], id, &at, &data, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	/* always a download, never rendered: the bytes are the reporter's */
	resp->status = 200;
	resp->content_type = "application/octet-stream";
	resp->csp = "default-src 'none'; sandbox; frame-ancestors 'none'";
	api_safe_filename(at.name, name, sizeof(name));
	snprintf(resp->disposition, sizeof(resp->disposition), "attachment; filename=\"%s\"",
		name);
	buf_reset(&resp->body);
	buf_add(&resp->body, data, (size_t)at.size);
	free(data);
	attachment_release(&at);
	return resp->status;
}
