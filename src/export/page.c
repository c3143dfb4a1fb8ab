/*
 * page.c — the vulnerabilities page (SPEC §8) as reStructuredText or
 * Markdown, shaped like the security pages of projects such as Zephyr: a
 * title, an index, the CVE ids still under embargo (id and end of the
 * embargo, nothing else), then one section per year of publication, newest
 * first, with one entry per published CVE id: the id as heading, the
 * "subsystem: summary" line, the description, then a list of CVSS score
 * and vector, affected versions, the fixing release, one line per branch
 * fix and per backport, the dates and the credit unless anonymous. Text
 * comes from people and is untrusted: put_line() flattens it to one line
 * per paragraph and escapes every character that is markup in the target
 * (and the punctuation that could open a block at the start of a line), so
 * it cannot make headings, lists, links, directives or HTML.
 */
#include "export/page.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "export/html.h"
#include "core/limits.h"
#include "core/banned.h"

int
page_markup_parse(const char *s, enum page_markup *ret)
{
	if (s && strcmp(s, "rst") == 0)
		*ret = PAGE_RST;
	else if (s && strcmp(s, "md") == 0)
		*ret = PAGE_MD;
	else
		return ERR_INVAL;
	return 0;
}

/* Is c markup wherever it stands in a line? */
static bool
special(enum page_markup m, unsigned char c)
{
	if (c == '\0')
		return false;
	if (m == PAGE_RST)
		return strchr("\\*_`|:", c) != NULL;
	return strchr("\\`*_[]<>#&|~:", c) != NULL;
}

/* Does s (n bytes) start with a list enumerator: digits, one letter or a
 * roman numeral, then '.' or ')', then a space or the end? Returns the
 * offset of the '.' or ')', or 0. */
static size_t
enumerator(const char *s, size_t n)
{
	size_t i = 0;
	bool digits = true, roman = true;

	while (i < n && isalnum((unsigned char)s[i])) {
		digits &= isdigit((unsigned char)s[i]) != 0;
		roman &= strchr("ivxlcdmIVXLCDM", s[i]) != NULL;
		i++;
	}
	if (i == 0 || i >= n || (s[i] != '.' && s[i] != ')'))
		return 0;
	if (!digits && !roman && i != 1)
		return 0;
	return i + 1 == n || (unsigned char)s[i + 1] <= ' ' ? i : 0;
}

/*
 * Append s[0..n) as one line: runs of whitespace and control characters
 * become one space, leading and trailing ones go; markup characters get a
 * backslash. At the start of a line (start) also the leading punctuation
 * (bullets, quotes, "..", "#") and an enumerator's '.' or ')' are escaped,
 * and in RST a leading non-ASCII character (RST bullets such as U+2022).
 */
static void
put_line(struct buf *b, enum page_markup m, const char *s, size_t n, bool start)
{
	bool lead = start, space = false, any = false;
	size_t i = 0, en;

	while (i < n && ((unsigned char)s[i] <= ' ' || s[i] == 0x7f))
		i++;
	en = start ? enumerator(s + i, n - i) : 0;
	en = en ? en + i : 0;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool esc = special(m, c) || (en && i == en);

		if (c <= ' ' || c == 0x7f) {
			space = any;
			continue;
		}
		if (space)
			buf_addc(b, ' ');
		space = false;
		if (lead && c < 0x80 && ispunct(c)) {
			esc = true;
		} else if (lead) {
			esc = esc || (m == PAGE_RST && c >= 0x80);
			lead = false;
		}
		if (esc)
			buf_addc(b, '\\');
		buf_addc(b, (char)c);
		any = true;
	}
}

/* put_line() of a whole string in the middle of a line; NULL adds nothing. */
static void
put(struct buf *b, enum page_markup m, const char *s)
{
	if (s)
		put_line(b, m, s, strlen(s), false);
}

/* Append text paragraph by paragraph (split at blank lines), each as one
 * line, separated by a blank line. */
static void
put_text(struct buf *b, enum page_markup m, const char *s)
{
	const char *para = NULL, *pend = NULL, *l = s;
	bool wrote = false;

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
			if (wrote)
				buf_adds(b, "\n\n");
			put_line(b, m, para, (size_t)(pend - para), true);
			wrote = true;
			para = NULL;
		}
		if (!nl)
			break;
		l = nl + 1;
	}
}

/* A heading of level 0 (title), 1 (year) or 2 (entry). RST underlines are
 * as long as the heading in characters (UTF-8 code points). */
static void
heading(struct buf *b, enum page_markup m, int level, const char *text)
{
	struct buf t;
	size_t w = 0;

	buf_init(&t, LIM_OUTPUT_MAX);
	put_line(&t, m, text, strlen(text), true);
	if (m == PAGE_MD) {
		for (int i = 0; i <= level; i++)
			buf_addc(b, '#');
		buf_addc(b, ' ');
		buf_adds(b, buf_str(&t));
	} else {
		buf_adds(b, buf_str(&t));
		buf_addc(b, '\n');
		for (const char *s = buf_str(&t); *s; s++)
			w += ((unsigned char)*s & 0xc0) != 0x80;
		for (size_t i = 0; i < w; i++)
			buf_addc(b, "#*="[level]);
	}
	buf_adds(b, "\n\n");
	if (buf_err(&t) && !b->err)
		b->err = buf_err(&t);
	buf_release(&t);
}

/* A URL as a link when it is a plain http(s) URL that cannot break out of
 * the link syntax, as escaped text otherwise. */
static void
put_url(struct buf *b, enum page_markup m, const char *u)
{
	if (!html_url_plain(u))
		put(b, m, u);
	else if (m == PAGE_MD)
		buf_addf(b, "<%s>", u);
	else
		buf_adds(b, u);
}

/* A CVSS vector as inline code when it holds only vector characters. */
static void
put_code(struct buf *b, enum page_markup m, const char *s)
{
	bool plain = *s != '\0';

	for (const char *p = s; plain && *p; p++)
		plain = isalnum((unsigned char)*p) || *p == ':' || *p == '/' || *p == '.';
	if (!plain)
		put(b, m, s);
	else
		buf_addf(b, m == PAGE_MD ? "`%s`" : "``%s``", s);
}

static void
put_date(struct buf *b, const char *label, int64_t t)
{
	char d[16];

	if (!t)
		return;
	clock_fmt_date(t, d, sizeof(d));
	buf_addf(b, "- %s: %s\n", label, d);
}

static void
affected(struct buf *b, enum page_markup m, const struct issue *is)
{
	bool in = is->introduced_in && *is->introduced_in;
	bool fixed = is->fixed_in && *is->fixed_in;

	buf_adds(b, "- Affected versions: ");
	if (in)
		put(b, m, is->introduced_in);
	if (in && fixed)
		buf_adds(b, " up to (not including) ");
	else if (in)
		buf_adds(b, " and later");
	else if (fixed)
		buf_adds(b, "before ");
	else
		buf_adds(b, "not known");
	if (fixed)
		put(b, m, is->fixed_in);
	buf_addc(b, '\n');
}

/* One line per fix on a branch (closed ones left out), one per backport. */
static void
fixes(struct buf *b, enum page_markup m, const struct issue_view *v)
{
	for (size_t i = 0; i < v->nfixes; i++) {
		const struct fix *f = &v->fixes[i];

		if (f->state == FIX_CLOSED)
			continue;
		buf_adds(b, "- Fix on ");
		put(b, m, f->branch ? f->branch : "?");
		buf_adds(b, ": ");
		put_url(b, m, f->url);
		if (f->commit && *f->commit) {
			buf_adds(b, ", commit ");
			put(b, m, f->commit);
		}
		buf_adds(b, f->state == FIX_MERGED ? "\n" : " (not merged yet)\n");
	}
	for (size_t i = 0; i < v->nbackports; i++) {
		const struct backport *bp = &v->backports[i];

		buf_adds(b, "- Backport to ");
		put(b, m, bp->release);
		buf_addf(b, ": %s", backport_state_name(bp->state));
		if (bp->fix_url && *bp->fix_url) {
			buf_adds(b, ", ");
			put_url(b, m, bp->fix_url);
		}
		buf_addc(b, '\n');
	}
}

/* The entry of one published CVE id. */
static void
entry(struct buf *b, enum page_markup m, const struct page *p, const struct page_entry *e)
{
	const struct issue *is = &e->a->v.is;
	bool sub = is->subsystem && *is->subsystem;

	heading(b, m, 2, e->cve);
	if (sub) {
		put_line(b, m, is->subsystem, strlen(is->subsystem), true);
		buf_adds(b, ": ");
	}
	if (is->title)
		put_line(b, m, is->title, strlen(is->title), !sub);
	buf_adds(b, "\n\n");
	if (is->description && *is->description) {
		put_text(b, m, is->description);
		buf_adds(b, "\n\n");
	}
	if (is->cvss && *is->cvss) {
		buf_addf(b, "- CVSS: %.1f", is->cvss_score);
		if (is->cvss_severity && *is->cvss_severity) {
			buf_adds(b, " (");
			put(b, m, is->cvss_severity);
			buf_addc(b, ')');
		}
		buf_adds(b, ", ");
		put_code(b, m, is->cvss);
		buf_addc(b, '\n');
	}
	affected(b, m, is);
	if (is->fixed_in && *is->fixed_in) {
		buf_adds(b, "- Fixed in ");
		put(b, m, p->main_branch);
		buf_adds(b, " for ");
		put(b, m, is->fixed_in);
		buf_addc(b, '\n');
	}
	fixes(b, m, &e->a->v);
	put_date(b, "Reported", is->reported_at);
	put_date(b, "Published", is->published_at);
	if (!is->anonymous && is->credit && *is->credit) {
		buf_adds(b, "- Credit: ");
		put(b, m, is->credit);
		buf_addc(b, '\n');
	}
	buf_addc(b, '\n');
}

/* CVE ids in order: by year, then by number. */
int
page_cve_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int c = strncmp(a, b, 9);

	if (c || la == lb)
		return c ? c : strcmp(a, b);
	return la < lb ? -1 : 1;
}

static int
entry_cmp(const void *x, const void *y)
{
	const struct page_entry *a = x, *b = y;
	int c = strcmp(b->year, a->year);

	return c ? c : page_cve_cmp(a->cve, b->cve);
}

static int
emb_cmp(const void *x, const void *y)
{
	return page_cve_cmp(((const struct page_embargoed *)x)->cve,
		((const struct page_embargoed *)y)->cve);
}

int
page_entries(const struct page *p, struct page_entry **ret, size_t *ret_n)
{
	struct page_entry *e = NULL;
	size_t n = 0;

	for (size_t i = 0; i < p->npub; i++) {
		const struct issue_view *v = &p->pub[i].v;

		for (size_t c = 0; c < v->ncves; c++) {
			struct page_entry *ne;
			char d[16];

			if (v->cves[c].state != CVE_PUBLISHED)
				continue;
			if (!(ne = realloc(e, (n + 1) * sizeof(*e)))) {
				free(e);
				return ERR_NOMEM;
			}
			e = ne;
			e[n].a = &p->pub[i];
			e[n].cve = v->cves[c].id;
			clock_fmt_date(v->is.published_at ? v->is.published_at :
				v->cves[c].published_at, d, sizeof(d));
			memcpy(e[n].year, d, 4);
			e[n++].year[4] = '\0';
		}
	}
	if (n)
		qsort(e, n, sizeof(*e), entry_cmp);
	*ret = e;
	*ret_n = n;
	return 0;
}

/* The index of the sections, and the CVE ids under embargo. */
static int
front(struct buf *b, enum page_markup m, const struct page *p, const struct page_entry *e,
	size_t n)
{
	struct page_embargoed *emb = NULL;

	if (m == PAGE_RST) {
		buf_adds(b, ".. contents:: Index\n   :local:\n   :depth: 1\n\n");
	} else {
		if (p->nemb)
			buf_adds(b, "- [Under embargo](#under-embargo)\n");
		for (size_t i = 0; i < n; i++)
			if (i == 0 || strcmp(e[i].year, e[i - 1].year) != 0)
				buf_addf(b, "- [%s](#%s)\n", e[i].year, e[i].year);
		buf_addc(b, '\n');
	}
	if (!p->nemb)
		return 0;
	if (!(emb = malloc(p->nemb * sizeof(*emb))))
		return ERR_NOMEM;
	memcpy(emb, p->emb, p->nemb * sizeof(*emb));
	qsort(emb, p->nemb, sizeof(*emb), emb_cmp);
	heading(b, m, 1, "Under embargo");
	for (size_t i = 0; i < p->nemb; i++) {
		char d[16];

		heading(b, m, 2, emb[i].cve);
		clock_fmt_date(emb[i].until, d, sizeof(d));
		buf_addf(b, "Under embargo%s%s\n\n", emb[i].until ? " until " : "",
			emb[i].until ? d : "");
	}
	free(emb);
	return 0;
}

int
export_page(const struct page *p, enum page_markup m, struct buf *b)
{
	struct page_entry *e = NULL;
	size_t n = 0;

	if (page_entries(p, &e, &n) < 0)
		return ERR_NOMEM;
	heading(b, m, 0, "Vulnerabilities");
	buf_adds(b, "The published vulnerabilities by year of publication, newest first, "
		"one entry per CVE id. CVE ids of issues still under embargo are listed "
		"with the end of their embargo only.\n\n");
	if (front(b, m, p, e, n) < 0) {
		free(e);
		return ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(e[i].year, e[i - 1].year) != 0)
			heading(b, m, 1, e[i].year);
		entry(b, m, p, &e[i]);
	}
	if (!n && !p->nemb)
		buf_adds(b, "No vulnerabilities have been published.\n");
	free(e);
	return buf_err(b);
}
