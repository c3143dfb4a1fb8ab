/*
 * page_html.c — the vulnerabilities page (SPEC §8) as one self-contained
 * HTML5 document, served by `vigil serve` at GET /vulnerabilities: the
 * same content and order as the reStructuredText and Markdown page of
 * page.c (an index by year, the CVE ids under embargo with the end of the
 * embargo only, then one entry per published CVE id with its id as
 * heading and anchor, "subsystem: summary", the description, CVSS,
 * affected versions, fixes per branch and backports, dates, and the
 * credit unless anonymous). A <style> block, no scripts, no external
 * resources. Every text from data goes through html_text() (descriptions
 * one <p> per paragraph); URLs become links only by html_url().
 */
#include "export/page.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/err.h"
#include "export/html.h"
#include "core/banned.h"

static const char style[] =
	"<style>\n"
	"body{font-family:sans-serif;margin:2em auto;max-width:60em;color:#222;"
	"line-height:1.4}\n"
	"h3{margin-bottom:0.2em}\n"
	"ul.f{margin-top:0.3em}\n"
	"code{font-size:0.9em;word-break:break-all}\n"
	"</style>\n";

/* Append text paragraph by paragraph (split at blank lines), one <p> each. */
static void
paragraphs(struct buf *b, const char *s)
{
	const char *l = s, *para = NULL, *pend = NULL;

	for (;;) {
		const char *nl = strchr(l, '\n');
		const char *le = nl ? nl : l + strlen(l);
		bool blank = true;

		for (const char *q = l; q < le && blank; q++)
			blank = (unsigned char)*q <= ' ' || *q == 0x7f;
		if (!blank) {
			para = para ? para : l;
			pend = le;
		}
		if ((blank || !nl) && para) {
			buf_adds(b, "<p>");
			html_textn(b, para, (size_t)(pend - para));
			buf_adds(b, "</p>\n");
			para = NULL;
		}
		if (!nl)
			break;
		l = nl + 1;
	}
}

static void
li_date(struct buf *b, const char *label, int64_t t)
{
	char d[16];

	if (!t)
		return;
	clock_fmt_date(t, d, sizeof(d));
	buf_addf(b, "<li>%s: %s</li>\n", label, d);
}

static void
li_affected(struct buf *b, const struct issue *is)
{
	bool in = is->introduced_in && *is->introduced_in;
	bool fixed = is->fixed_in && *is->fixed_in;

	buf_adds(b, "<li>Affected versions: ");
	if (in)
		html_text(b, is->introduced_in);
	if (in && fixed)
		buf_adds(b, " up to (not including) ");
	else if (in)
		buf_adds(b, " and later");
	else if (fixed)
		buf_adds(b, "before ");
	else
		buf_adds(b, "not known");
	if (fixed)
		html_text(b, is->fixed_in);
	buf_adds(b, "</li>\n");
}

/* One item per fix on a branch (closed ones left out), one per backport. */
static void
li_fixes(struct buf *b, const struct issue_view *v)
{
	for (size_t i = 0; i < v->nfixes; i++) {
		const struct fix *f = &v->fixes[i];

		if (f->state == FIX_CLOSED)
			continue;
		buf_adds(b, "<li>Fix on ");
		html_text(b, f->branch ? f->branch : "?");
		buf_adds(b, ": ");
		html_url(b, f->url);
		if (f->commit && *f->commit) {
			buf_adds(b, ", commit <code>");
			html_text(b, f->commit);
			buf_adds(b, "</code>");
		}
		buf_adds(b, f->state == FIX_MERGED ? "</li>\n" : " (not merged yet)</li>\n");
	}
	for (size_t i = 0; i < v->nbackports; i++) {
		const struct backport *bp = &v->backports[i];

		buf_adds(b, "<li>Backport to ");
		html_text(b, bp->release);
		buf_adds(b, ": ");
		html_text(b, backport_state_name(bp->state));
		if (bp->fix_url && *bp->fix_url) {
			buf_adds(b, ", ");
			html_url(b, bp->fix_url);
		}
		buf_adds(b, "</li>\n");
	}
}

/* The entry of one published CVE id (ids are CVE-YYYY-NNNN: safe as ids). */
static void
entry(struct buf *b, const struct page *p, const struct page_entry *e)
{
	const struct issue *is = &e->a->v.is;

	buf_adds(b, "<section id=\"");
	html_attr(b, e->cve);
	buf_adds(b, "\">\n<h3>");
	html_text(b, e->cve);
	buf_adds(b, "</h3>\n<p class=\"t\">");
	if (is->subsystem && *is->subsystem) {
		html_text(b, is->subsystem);
		buf_adds(b, ": ");
	}
	html_text(b, is->title);
	buf_adds(b, "</p>\n");
	if (is->description && *is->description)
		paragraphs(b, is->description);
	buf_adds(b, "<ul class=\"f\">\n");
	if (is->cvss && *is->cvss) {
		buf_addf(b, "<li>CVSS: %.1f", is->cvss_score);
		if (is->cvss_severity && *is->cvss_severity) {
			buf_adds(b, " (");
			html_text(b, is->cvss_severity);
			buf_addc(b, ')');
		}
		buf_adds(b, ", <code>");
		html_text(b, is->cvss);
		buf_adds(b, "</code></li>\n");
	}
	li_affected(b, is);
	if (is->fixed_in && *is->fixed_in) {
		buf_adds(b, "<li>Fixed in ");
		html_text(b, p->main_branch);
		buf_adds(b, " for ");
		html_text(b, is->fixed_in);
		buf_adds(b, "</li>\n");
	}
	li_fixes(b, &e->a->v);
	li_date(b, "Reported", is->reported_at);
	li_date(b, "Published", is->published_at);
	if (!is->anonymous && is->credit && *is->credit) {
		buf_adds(b, "<li>Credit: ");
		html_text(b, is->credit);
		buf_adds(b, "</li>\n");
	}
	buf_adds(b, "</ul>\n</section>\n");
}

static int
emb_cmp(const void *x, const void *y)
{
	return page_cve_cmp(((const struct page_embargoed *)x)->cve,
		((const struct page_embargoed *)y)->cve);
}

/* The index and the CVE ids under embargo (id and end date only). */
static int
front(struct buf *b, const struct page *p, const struct page_entry *e, size_t n)
{
	struct page_embargoed *emb;

	if (p->nemb || n) {
		buf_adds(b, "<nav>\n<ul>\n");
		if (p->nemb)
			buf_adds(b, "<li><a href=\"#under-embargo\">Under embargo</a></li>\n");
		for (size_t i = 0; i < n; i++)
			if (i == 0 || strcmp(e[i].year, e[i - 1].year) != 0)
				buf_addf(b, "<li><a href=\"#y%s\">%s</a></li>\n", e[i].year,
					e[i].year);
		buf_adds(b, "</ul>\n</nav>\n");
	}
	if (!p->nemb)
		return 0;
	if (!(emb = malloc(p->nemb * sizeof(*emb))))
		return ERR_NOMEM;
	memcpy(emb, p->emb, p->nemb * sizeof(*emb));
	qsort(emb, p->nemb, sizeof(*emb), emb_cmp);
	buf_adds(b, "<h2 id=\"under-embargo\">Under embargo</h2>\n");
	for (size_t i = 0; i < p->nemb; i++) {
		char d[16];

		clock_fmt_date(emb[i].until, d, sizeof(d));
		buf_adds(b, "<section id=\"");
		html_attr(b, emb[i].cve);
		buf_adds(b, "\">\n<h3>");
		html_text(b, emb[i].cve);
		buf_addf(b, "</h3>\n<p>Under embargo%s%s</p>\n</section>\n",
			emb[i].until ? " until " : "", emb[i].until ? d : "");
	}
	free(emb);
	return 0;
}

int
export_page_html(const struct page *p, struct buf *b)
{
	struct page_entry *e = NULL;
	size_t n = 0;

	if (page_entries(p, &e, &n) < 0)
		return ERR_NOMEM;
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		"<title>Vulnerabilities</title>\n");
	buf_adds(b, style);
	buf_adds(b, "</head>\n<body>\n<h1>Vulnerabilities</h1>\n<p>The published "
		"vulnerabilities by year of publication, newest first, one entry per CVE id. "
		"CVE ids of issues still under embargo are listed with the end of their "
		"embargo only.</p>\n");
	if (front(b, p, e, n) < 0) {
		free(e);
		return ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(e[i].year, e[i - 1].year) != 0)
			buf_addf(b, "<h2 id=\"y%s\">%s</h2>\n", e[i].year, e[i].year);
		entry(b, p, &e[i]);
	}
	if (!n && !p->nemb)
		buf_adds(b, "<p>No vulnerabilities have been published.</p>\n");
	buf_adds(b, "</body>\n</html>\n");
	free(e);
	return buf_err(b);
}
