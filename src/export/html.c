/*
 * html.c — escaping for the HTML renderings of src/export: html_text() and
 * html_attr() escape the five characters that are markup in HTML text or
 * in a quoted attribute (& < > " ') and turn control characters into
 * spaces, which also keeps inline SVG well-formed XML; html_url_plain() is
 * the one rule for which URLs become links (page.c uses it for its
 * Markdown and RST links too), so a URL can never carry a javascript:
 * scheme or break out of an attribute.
 */
#include "export/html.h"

#include <ctype.h>
#include <string.h>

#include "core/banned.h"

void
html_textn(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; s && i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default:
			/* control characters are not allowed in XML: a space */
			if ((c < ' ' && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				c = ' ';
			buf_addc(b, (char)c);
			break;
		}
	}
}

void
html_text(struct buf *b, const char *s)
{
	if (s)
		html_textn(b, s, strlen(s));
}

void
html_attr(struct buf *b, const char *s)
{
	html_text(b, s);
}

bool
html_url_plain(const char *u)
{
	size_t n = u ? strlen(u) : 0;
	bool plain = n > 8 && (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0);

	for (size_t i = 0; plain && i < n; i++)
		plain = isalnum((unsigned char)u[i]) || strchr("-._~/?#=&%+:", u[i]);
	return plain && (isalnum((unsigned char)u[n - 1]) || u[n - 1] == '/');
}

void
html_url(struct buf *b, const char *u)
{
	if (!html_url_plain(u)) {
		html_text(b, u);
		return;
	}
	buf_adds(b, "<a href=\"");
	html_attr(b, u);
	buf_adds(b, "\">");
	html_text(b, u);
	buf_adds(b, "</a>");
}
