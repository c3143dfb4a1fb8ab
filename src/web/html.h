/*
 * html.h — the only way vigil's web pages write HTML. Markup is written
 * with H(), which accepts string literals only (a char * variable does not
 * compile); everything that comes from data goes through an escaping call
 * chosen by its context: h_text() for element content, h_attr() for a
 * double-quoted attribute value, h_int() for numbers, h_url() for links to
 * our own pages built from a literal pattern with percent-encoded segments,
 * h_link() for outside http(s) links. Sanitised HTML is the distinct,
 * opaque type struct html_safe, which only src/web/markdown.c makes; it is
 * written with h_safe(). There is no call that writes a raw char *.
 * Appends follow struct buf: errors are sticky, check buf_err() once.
 */
#ifndef VIGIL_WEB_HTML_H
#define VIGIL_WEB_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Write literal markup. Use H(); html_lit() is its implementation. */
void html_lit(struct buf *b, const char *lit);
/* H(b, "<p>") — the "" on both sides only compile around a string literal. */
#define H(b, s) html_lit((b), "" s "")

/* Element content: & < > " ' escaped, control characters as spaces,
 * invalid UTF-8 as U+FFFD. NULL writes nothing. */
void h_text(struct buf *b, const char *s);
/* The same for at most n bytes of s. */
void h_textn(struct buf *b, const char *s, size_t n);
/* A double-quoted attribute value (write the quotes with H()). */
void h_attr(struct buf *b, const char *s);
/* A decimal number. */
void h_int(struct buf *b, long long v);
/* A date "YYYY-MM-DD" (UTC) for a time in seconds; 0 writes "—". */
void h_date(struct buf *b, int64_t t);

/*
 * A URL of our own pages, for an href/action attribute value: the pattern
 * is a string literal where each "%s" becomes the next argument (a const
 * char *, NULL as "") percent-encoded (everything but A-Z a-z 0-9 - . _ ~),
 * and "%lld" the next argument, a long long. No other % directives; "%%"
 * is a '%'. Example:
 *   H(b, "<a href=\""); h_url(b, "/issues/%s", key); H(b, "\">");
 */
void h_url_fmt(struct buf *b, const char *pattern, ...)
	__attribute__((format(printf, 2, 3)));
#define h_url(b, ...) h_url_fmt((b), "" __VA_ARGS__)
/* A link to an outside URL: <a href="u" rel="noopener noreferrer">text</a>
 * when u is a plain http(s) URL (export/html.h: html_url_plain), else text
 * alone as escaped text (text NULL: u itself). */
void h_link(struct buf *b, const char *u, const char *text);

/* Sanitised HTML: made only by markdown.c (md_render), freed with
 * html_safe_free(). */
struct html_safe;
void h_safe(struct buf *b, const struct html_safe *s);
void html_safe_free(struct html_safe *s);

#endif
