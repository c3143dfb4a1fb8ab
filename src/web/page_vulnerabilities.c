/*
 * page_vulnerabilities.c — GET /vulnerabilities, the public vulnerabilities
 * page (SPEC §8) inside the site's layout: the same content and order as
 * `vigil export page` (src/export/page_html.c, which keeps writing the
 * standalone file): an index by year, the CVE ids of issues still under
 * embargo as "CVE-… — under embargo until DATE" and nothing else of them,
 * then one entry per published CVE id (its id as heading and anchor, the
 * severity badge, "subsystem: summary", the description as Markdown, CVSS,
 * affected and fixed versions, fixes and backports, dates, the credit
 * unless anonymous, and links to the issue and its advisories).
 *
 * The input is svc_page(), the same for whoever asks; descriptions are
 * rendered with the safe Markdown renderer without a viewer (md_render with
 * svc NULL: no reference becomes a link), so the page's content is the
 * same for everyone — only the layout's navigation follows the visitor.
 * Writes untrusted data (escaped, or sanitised Markdown).
 */
#include "web/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "export/page.h"
#include "web/markdown.h"
#include "core/banned.h"

static void
fact_start(struct buf *b, const char *term)
{
	H(b, "<dt>");
	h_text(b, term);
	H(b, "</dt><dd>");
}

static void
fact_date(struct buf *b, const char *term, int64_t t)
{
	if (!t)
		return;
	fact_start(b, term);
	h_date(b, t);
	H(b, "</dd>");
}

/* "v3.5.0 up to (not including) v4.2.0", as the exported page says it. */
static void
fact_affected(struct buf *b, const struct page *p, const struct issue *is)
{
	bool in = is->introduced_in && *is->introduced_in;
	bool fixed = is->fixed_in && *is->fixed_in;

	fact_start(b, "Affected versions");
	if (in)
		h_text(b, is->introduced_in);
	if (in && fixed)
		H(b, " up to (not including) ");
	else if (in)
		H(b, " and later");
	else if (fixed)
		H(b, "before ");
	else
		H(b, "not known");
	if (fixed)
		h_text(b, is->fixed_in);
	H(b, "</dd>");
	if (fixed) {
		fact_start(b, "Fixed in");
		h_text(b, is->fixed_in);
		if (p->main_branch && *p->main_branch) {
			H(b, " (on <code>");
			h_text(b, p->main_branch);
			H(b, "</code>)");
		}
		H(b, "</dd>");
	}
}

static void
fact_cvss(struct buf *b, const struct issue *is)
{
	char score[16];

	if (!is->cvss || !*is->cvss)
		return;
	fact_start(b, "CVSS");
	snprintf(score, sizeof(score), "%.1f", is->cvss_score);
	h_text(b, score);
	if (is->cvss_severity && *is->cvss_severity) {
		H(b, " (");
		h_text(b, is->cvss_severity);
		H(b, ")");
	}
	H(b, " <code class=\"vector\">");
	h_text(b, is->cvss);
	H(b, "</code></dd>");
}

/* One item per fix (closed ones left out), one per backport. */
static void
fact_fixes(struct buf *b, const struct issue_view *v)
{
	size_t open = 0;

	for (size_t i = 0; i < v->nfixes; i++)
		open += v->fixes[i].state != FIX_CLOSED;
	if (open) {
		fact_start(b, "Fixes");
		H(b, "<ul class=\"plain\">");
		for (size_t i = 0; i < v->nfixes; i++) {
			const struct fix *f = &v->fixes[i];

			if (f->state == FIX_CLOSED)
				continue;
			H(b, "<li><code>");
			h_text(b, f->branch ? f->branch : "?");
			H(b, "</code>: ");
			h_link(b, f->url, NULL);
			if (f->commit && *f->commit) {
				H(b, ", commit <code class=\"commit\">");
				h_text(b, f->commit);
				H(b, "</code>");
			}
			if (f->state != FIX_MERGED)
				H(b, " (not merged yet)");
			H(b, "</li>");
		}
		H(b, "</ul></dd>");
	}
	if (!v->nbackports)
		return;
	fact_start(b, "Backports");
	H(b, "<ul class=\"plain\">");
	for (size_t i = 0; i < v->nbackports; i++) {
		const struct backport *bp = &v->backports[i];

		H(b, "<li>");
		h_text(b, bp->release);
		H(b, ": ");
		h_text(b, backport_state_name(bp->state));
		if (bp->fix_url && *bp->fix_url) {
			H(b, ", ");
			h_link(b, bp->fix_url, NULL);
		}
		H(b, "</li>");
	}
	H(b, "</ul></dd>");
}

/* Links to the issue's page and its advisories in every format. */
static void
fact_links(struct buf *b, const char *key)
{
	static const char *const label[EXP__COUNT] = {
		[EXP_CVE5] = "CVE JSON 5", [EXP_OSV] = "OSV", [EXP_CSAF] = "CSAF",
		[EXP_OPENVEX] = "OpenVEX",
	};

	fact_start(b, "Issue");
	H(b, "<a href=\"");
	h_url(b, "/issues/%s", key);
	H(b, "\">");
	h_text(b, key);
	H(b, "</a></dd>");
	fact_start(b, "Advisories");
	for (int f = 0; f < EXP__COUNT; f++) {
		if (f)
			H(b, " \xc2\xb7 ");
		H(b, "<a href=\"");
		h_url(b, "/api/v1/issues/%s/advisories/%s", key,
			export_format_name((enum export_format)f));
		H(b, "\">");
		h_text(b, label[f]);
		H(b, "</a>");
	}
	H(b, "</dd>");
}

/* The entry of one published CVE id (ids are CVE-YYYY-NNNN: safe as ids). */
static void
entry(struct buf *b, const struct page *p, const struct page_entry *e)
{
	const struct issue *is = &e->a->v.is;

	H(b, "<section class=\"card vuln\" id=\"");
	h_attr(b, e->cve);
	H(b, "\"><h3>");
	h_text(b, e->cve);
	if (is->cvss_severity && *is->cvss_severity) {
		H(b, " <span class=\"badge sev-");
		h_attr(b, is->cvss_severity);
		H(b, "\">");
		h_text(b, is->cvss_severity);
		H(b, "</span>");
	}
	H(b, "</h3><p class=\"vuln-title\">");
	if (is->subsystem && *is->subsystem) {
		h_text(b, is->subsystem);
		H(b, ": ");
	}
	h_text(b, is->title);
	H(b, "</p>");
	if (is->description && *is->description)
		h_markdown(b, NULL, is->description);
	H(b, "<dl class=\"fields\">");
	fact_cvss(b, is);
	fact_affected(b, p, is);
	fact_fixes(b, &e->a->v);
	fact_date(b, "Reported", is->reported_at);
	fact_date(b, "Published", is->published_at);
	if (!is->anonymous && is->credit && *is->credit) {
		fact_start(b, "Credit");
		h_text(b, is->credit);
		H(b, "</dd>");
	}
	fact_links(b, e->a->key);
	H(b, "</dl></section>\n");
}

static int
emb_cmp(const void *x, const void *y)
{
	return page_cve_cmp(((const struct page_embargoed *)x)->cve,
		((const struct page_embargoed *)y)->cve);
}

/* The index by year and the CVE ids under embargo (id and end date only). */
static int
front(struct buf *b, const struct page *p, const struct page_entry *e, size_t n)
{
	struct page_embargoed *emb;

	if (p->nemb || n) {
		H(b, "<nav class=\"index\" aria-label=\"On this page\"><ul>");
		if (p->nemb)
			H(b, "<li><a href=\"#under-embargo\">Under embargo</a></li>");
		for (size_t i = 0; i < n; i++) {
			if (i && strcmp(e[i].year, e[i - 1].year) == 0)
				continue;
			H(b, "<li><a href=\"#y");
			h_attr(b, e[i].year);
			H(b, "\">");
			h_text(b, e[i].year);
			H(b, "</a></li>");
		}
		H(b, "</ul></nav>\n");
	}
	if (!p->nemb)
		return 0;
	if (!(emb = malloc(p->nemb * sizeof(*emb))))
		return ERR_NOMEM;
	memcpy(emb, p->emb, p->nemb * sizeof(*emb));
	qsort(emb, p->nemb, sizeof(*emb), emb_cmp);
	H(b, "<section class=\"card\" id=\"under-embargo\" aria-labelledby=\"h-emb\">"
		"<h2 id=\"h-emb\">Under embargo</h2><ul class=\"embargoed\">");
	for (size_t i = 0; i < p->nemb; i++) {
		H(b, "<li id=\"");
		h_attr(b, emb[i].cve);
		H(b, "\"><strong>");
		h_text(b, emb[i].cve);
		H(b, "</strong> \xe2\x80\x94 under embargo");
		if (emb[i].until) {
			H(b, " until ");
			h_date(b, emb[i].until);
		}
		H(b, "</li>");
	}
	H(b, "</ul></section>\n");
	free(emb);
	return 0;
}

int
page_vulnerabilities(struct http_req *req, struct http_resp *resp)
{
	struct page p = {0};
	struct errdetail d = {0};
	struct page_entry *e = NULL;
	struct buf *b = &resp->body;
	size_t n = 0;
	int rc;

	if ((rc = svc_page(req->svc, &p, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	if (page_entries(&p, &e, &n) < 0) {
		page_release(&p);
		return web_fail(req, resp, ERR_NOMEM, NULL);
	}
	web_begin(req, resp, "Vulnerabilities");
	H(b, "<p class=\"lead\">The published vulnerabilities by year of publication, newest "
		"first, one entry per CVE id. CVE ids of issues still under embargo are listed "
		"with the end of their embargo only.</p>\n");
	if (front(b, &p, e, n) < 0)
		resp->status = 500;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(e[i].year, e[i - 1].year) != 0) {
			H(b, "<h2 id=\"y");
			h_attr(b, e[i].year);
			H(b, "\">");
			h_text(b, e[i].year);
			H(b, "</h2>\n");
		}
		entry(b, &p, &e[i]);
	}
	if (!n && !p.nemb)
		H(b, "<p class=\"empty\">No vulnerabilities have been published yet.</p>\n");
	free(e);
	page_release(&p);
	return web_end(req, resp);
}
