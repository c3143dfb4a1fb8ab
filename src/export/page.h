/*
 * page.h — the vulnerabilities page (SPEC §8) as a documentation file, in
 * reStructuredText or Markdown (and as an HTML page, page_html.c),
 * rendered from a struct page of
 * service/page.c: one section per year of publication with one entry per
 * published CVE id, and the ids of issues still under embargo with the
 * end of their embargo only. Every text from people (titles, descriptions,
 * names, URLs) is escaped for the markup so it cannot make headings,
 * links, lists or HTML.
 */
#ifndef VIGIL_EXPORT_PAGE_H
#define VIGIL_EXPORT_PAGE_H

#include "core/buf.h"
#include "service/service.h"

enum page_markup { PAGE_RST, PAGE_MD };

/* "rst" or "md": 0, or ERR_INVAL. */
int page_markup_parse(const char *s, enum page_markup *ret);

/* Append the page to b: 0, or the buffer's error (ERR_NOMEM, ERR_LIMIT). */
int export_page(const struct page *p, enum page_markup m, struct buf *b);
/* The same page as one self-contained HTML5 document (page_html.c). */
int export_page_html(const struct page *p, struct buf *b);

/* One entry of the page: a published CVE id of a public issue. */
struct page_entry {
	const struct advisory *a;
	const char *cve;
	char year[8];                 /* of publication */
};
/* The entries in page order (newest year first, then CVE id order);
 * *ret is malloc'd (free()). 0 or ERR_NOMEM. */
int page_entries(const struct page *p, struct page_entry **ret, size_t *ret_n);
/* CVE ids in order: by year, then by number. */
int page_cve_cmp(const char *a, const char *b);

#endif
