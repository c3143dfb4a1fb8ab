/*
 * release_report.c — the writers of the release report (SPEC §8): JSON,
 * Markdown, reStructuredText and an HTML page (rr_html(), served at
 * GET /releases/{name}/report) from a struct release_report. Public
 * issues get their CVE ids, key, title, severity and score, fixed-in
 * release and publication date; embargoed ones their CVE ids and "Under
 * embargo until YYYY-MM-DD" only, which is all the struct holds of them.
 * Titles are reporter text: Markdown and RST markup in them is escaped
 * and line breaks become spaces, so a title cannot add structure; in
 * HTML every text goes through html_text().
 */
#include "export/release_report.h"

#include <string.h>

#include "core/clock.h"
#include "core/err.h"
#include "export/html.h"
#include "core/banned.h"

int
rr_format_parse(const char *s, enum rr_format *ret)
{
	static const char *const names[] = {"md", "rst", "json"};

	for (size_t i = 0; s && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*ret = (enum rr_format)i;
			return 0;
		}
	return ERR_INVAL;
}

static json_t *
jdate(int64_t t)
{
	char s[16];

	if (!t)
		return json_null();
	clock_fmt_date(t, s, sizeof(s));
	return json_string(s);
}

static json_t *
entry_json(const struct release_entry *e)
{
	json_t *cves = json_array();

	for (size_t i = 0; cves && i < e->cves.n; i++)
		json_array_append_new(cves, json_string(e->cves.v[i]));
	if (e->embargoed)
		return json_pack("{s:o,s:o}", "cves", cves, "embargo_until",
			jdate(e->embargo_until));
	return json_pack("{s:o,s:s,s:s?,s:s?,s:o,s:s?,s:o}", "cves", cves, "key", e->key,
		"title", e->title, "severity", e->severity, "score", e->severity ?
		json_real(e->score) : json_null(), "fixed_in", e->fixed_in, "published",
		jdate(e->published_at));
}

json_t *
rr_json(const struct release_report *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < r->nentries; i++)
		if (json_array_append_new(a, entry_json(&r->entries[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	return a ? json_pack("{s:s,s:o}", "release", r->release, "entries", a) : NULL;
}

/* Append s with markup escaped (md: Markdown, else RST), one line. */
static void
escape(struct buf *out, const char *s, bool md)
{
	/* only what is active inside a line: user text never starts one */
	const char *active = md ? "\\`*_[]<>|~&" : "\\`*_|:<>[]";

	for (; s && *s; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t') {
			buf_addc(out, ' ');
			continue;
		}
		if (strchr(active, *s))
			buf_addc(out, '\\');
		buf_addc(out, *s);
	}
}

/* A heading: "# text" in Markdown, text over an underline of c in RST. */
static void
heading(struct buf *out, const char *text, const char *name, bool md, int level)
{
	size_t cols = 0;

	if (md) {
		buf_addf(out, "%s %s", level == 1 ? "#" : "##", text);
		escape(out, name, true);
		buf_adds(out, "\n\n");
		return;
	}
	buf_adds(out, text);
	escape(out, name, false);
	buf_addc(out, '\n');
	/* the underline counts characters, not bytes, and the escapes too */
	for (const char *p = text; *p; p++)
		cols += ((unsigned char)*p & 0xc0) != 0x80;
	for (const char *p = name ? name : ""; *p; p++)
		cols += (((unsigned char)*p & 0xc0) != 0x80) + (strchr("\\`*_|:<>[]", *p) != NULL);
	for (size_t i = 0; i < cols; i++)
		buf_addc(out, level == 1 ? '=' : '-');
	buf_adds(out, "\n\n");
}

/* The CVE ids in bold (the same markup in Markdown and RST). */
static void
cve_list(struct buf *out, const struct release_entry *e)
{
	for (size_t i = 0; i < e->cves.n; i++)
		buf_addf(out, "%s**%s**", i ? ", " : "", e->cves.v[i]);
	if (!e->cves.n)
		buf_adds(out, "*no CVE id*");
}

static void
public_text(struct buf *out, const struct release_entry *e, bool md)
{
	char date[16];
	const char *ind = "  ";

	buf_adds(out, "- ");
	cve_list(out, e);
	/* the key is PREFIX-N, made by vigil: nothing to escape */
	buf_addf(out, " \xe2\x80\x94 %s: ", e->key);
	escape(out, e->title, md);
	buf_adds(out, md ? "\n" : "\n\n");
	if (e->severity) {
		buf_addf(out, "%s- Severity: ", ind);
		escape(out, e->severity, md);
		buf_addf(out, " (%.1f)\n", e->score);
	} else {
		buf_addf(out, "%s- Severity: not scored\n", ind);
	}
	buf_addf(out, "%s- Fixed in: ", ind);
	escape(out, e->fixed_in ? e->fixed_in : "-", md);
	buf_addc(out, '\n');
	if (e->published_at)
		clock_fmt_date(e->published_at, date, sizeof(date));
	buf_addf(out, "%s- Published: %s\n", ind, e->published_at ? date : "-");
	if (!md)
		buf_addc(out, '\n');
}

static void
embargoed_text(struct buf *out, const struct release_entry *e)
{
	char date[16];

	buf_adds(out, "- ");
	cve_list(out, e);
	if (e->embargo_until) {
		clock_fmt_date(e->embargo_until, date, sizeof(date));
		buf_addf(out, ": Under embargo until %s\n", date);
	} else {
		buf_adds(out, ": Under embargo\n");
	}
}

void
rr_text(const struct release_report *r, enum rr_format f, struct buf *out)
{
	bool md = f == RR_MD;
	size_t npublic = 0;

	heading(out, "Release report: ", r->release, md, 1);
	for (size_t i = 0; i < r->nentries; i++)
		npublic += !r->entries[i].embargoed;
	if (!r->nentries)
		buf_adds(out, "This release fixes no known vulnerability.\n");
	if (npublic) {
		heading(out, "Fixed vulnerabilities", NULL, md, 2);
		for (size_t i = 0; i < r->nentries; i++)
			if (!r->entries[i].embargoed)
				public_text(out, &r->entries[i], md);
		if (md)
			buf_addc(out, '\n');
	}
	if (npublic < r->nentries) {
		heading(out, "Under embargo", NULL, md, 2);
		for (size_t i = 0; i < r->nentries; i++)
			if (r->entries[i].embargoed)
				embargoed_text(out, &r->entries[i]);
		buf_addc(out, '\n');
	}
}

/* The CVE ids of e as <strong> items (they are CVE-YYYY-NNNN, escaped anyway). */
static void
cve_html(struct buf *out, const struct release_entry *e)
{
	for (size_t i = 0; i < e->cves.n; i++) {
		buf_adds(out, i ? ", <strong>" : "<strong>");
		html_text(out, e->cves.v[i]);
		buf_adds(out, "</strong>");
	}
	if (!e->cves.n)
		buf_adds(out, "<em>no CVE id</em>");
}

static void
public_html(struct buf *out, const struct release_entry *e)
{
	char date[16];

	buf_adds(out, "<li>");
	cve_html(out, e);
	buf_adds(out, " \xe2\x80\x94 ");
	html_text(out, e->key);
	buf_adds(out, ": ");
	html_text(out, e->title);
	buf_adds(out, "\n<ul>\n<li>Severity: ");
	if (e->severity) {
		html_text(out, e->severity);
		buf_addf(out, " (%.1f)</li>\n", e->score);
	} else {
		buf_adds(out, "not scored</li>\n");
	}
	buf_adds(out, "<li>Fixed in: ");
	html_text(out, e->fixed_in ? e->fixed_in : "-");
	if (e->published_at)
		clock_fmt_date(e->published_at, date, sizeof(date));
	buf_addf(out, "</li>\n<li>Published: %s</li>\n</ul>\n</li>\n",
		e->published_at ? date : "-");
}

static void
embargoed_html(struct buf *out, const struct release_entry *e)
{
	char date[16];

	buf_adds(out, "<li>");
	cve_html(out, e);
	if (e->embargo_until) {
		clock_fmt_date(e->embargo_until, date, sizeof(date));
		buf_addf(out, ": Under embargo until %s</li>\n", date);
	} else {
		buf_adds(out, ": Under embargo</li>\n");
	}
}

void
rr_html(const struct release_report *r, struct buf *out)
{
	size_t npublic = 0;

	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		"<title>Release report: ");
	html_text(out, r->release);
	buf_adds(out, "</title>\n<style>\nbody{font-family:sans-serif;margin:2em auto;"
		"max-width:60em;color:#222;line-height:1.4}\n</style>\n</head>\n<body>\n"
		"<h1>Release report: ");
	html_text(out, r->release);
	buf_adds(out, "</h1>\n");
	for (size_t i = 0; i < r->nentries; i++)
		npublic += !r->entries[i].embargoed;
	if (!r->nentries)
		buf_adds(out, "<p>This release fixes no known vulnerability.</p>\n");
	if (npublic) {
		buf_adds(out, "<h2>Fixed vulnerabilities</h2>\n<ul>\n");
		for (size_t i = 0; i < r->nentries; i++)
			if (!r->entries[i].embargoed)
				public_html(out, &r->entries[i]);
		buf_adds(out, "</ul>\n");
	}
	if (npublic < r->nentries) {
		buf_adds(out, "<h2>Under embargo</h2>\n<ul>\n");
		for (size_t i = 0; i < r->nentries; i++)
			if (r->entries[i].embargoed)
				embargoed_html(out, &r->entries[i]);
		buf_adds(out, "</ul>\n");
	}
	buf_adds(out, "</body>\n</html>\n");
}
