/*
 * html.h — the small HTML helpers the HTML renderings share (the
 * vulnerabilities page, the release report, the status report): text and
 * attribute escaping, and the rule for which URLs may become links. Every
 * text that comes from data goes through html_text() or html_attr().
 */
#ifndef VIGIL_EXPORT_HTML_H
#define VIGIL_EXPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Append s (NULL: nothing) with & < > " ' escaped and control characters
 * as spaces: safe in HTML text, and in XML (inline SVG). */
void html_text(struct buf *b, const char *s);
/* The same for at most n bytes of s. */
void html_textn(struct buf *b, const char *s, size_t n);
/* Append s escaped for a double-quoted attribute value. */
void html_attr(struct buf *b, const char *s);
/*
 * Is u a plain http(s) URL of safe characters only (letters, digits and
 * -._~/?#=&%+:), ending in a letter, digit or '/'? Only such URLs become
 * links; others are shown as text.
 */
bool html_url_plain(const char *u);
/* A link to u when html_url_plain(u), else u as escaped text. */
void html_url(struct buf *b, const char *u);

#endif
