/*
 * html.c — the HTML emitter of the web pages (see html.h): literal markup,
 * text and attribute escaping by context, numbers, dates, and URLs of our
 * own pages whose segments are percent-encoded. Escaping is the one rule
 * of src/export/html.c (& < > " ' escaped, control characters as spaces)
 * plus a UTF-8 check: a byte sequence that is not valid UTF-8 becomes
 * U+FFFD, so no page ever carries malformed text. Writes untrusted data;
 * never reads input itself.
 */
#include "web/html.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "export/html.h"
#include "core/banned.h"

void
html_lit(struct buf *b, const char *lit)
{
	buf_adds(b, lit);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong, surrogate or past U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void
h_textn(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (s && i < n && u[i]) {
		size_t k = strnlen(s + i, n - i);
		size_t len = utf8_len(u + i, k);

		if (len == 0) {
			buf_adds(b, "\xef\xbf\xbd");
			i++;
		} else if (len == 1) {
			html_textn(b, s + i, 1);
			i++;
		} else {
			buf_add(b, s + i, len);
			i += len;
		}
	}
}

void
h_text(struct buf *b, const char *s)
{
	if (s)
		h_textn(b, s, strlen(s));
}

void
h_attr(struct buf *b, const char *s)
{
	/* the same five characters are markup in a double-quoted attribute */
	h_text(b, s);
}

void
h_int(struct buf *b, long long v)
{
	buf_addf(b, "%lld", v);
}

void
h_date(struct buf *b, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char s[32];

	if (t == 0 || !gmtime_r(&tt, &tm) || strftime(s, sizeof(s), "%Y-%m-%d", &tm) == 0) {
		buf_adds(b, "\xe2\x80\x94");
		return;
	}
	buf_adds(b, s);
}

/* Append s percent-encoded: only unreserved characters stay. */
static void
url_segment(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			buf_addc(b, (char)*p);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

void
h_url_fmt(struct buf *b, const char *pattern, ...)
{
	va_list ap;

	va_start(ap, pattern);
	for (const char *p = pattern; *p; p++) {
		if (*p != '%') {
			/* the pattern is a literal of ours; escape it all the same */
			html_textn(b, p, 1);
		} else if (strncmp(p, "%s", 2) == 0) {
			url_segment(b, va_arg(ap, const char *));
			p += 1;
		} else if (strncmp(p, "%lld", 4) == 0) {
			buf_addf(b, "%lld", va_arg(ap, long long));
			p += 3;
		} else if (p[1] == '%') {
			buf_adds(b, "%25");
			p += 1;
		} else {
			/* a directive we do not know: a programmer error; stop */
			b->err = b->err ? b->err : ERR_INVAL;
			break;
		}
	}
	va_end(ap);
}

void
h_link(struct buf *b, const char *u, const char *text)
{
	if (!html_url_plain(u)) {
		h_text(b, text ? text : u);
		return;
	}
	buf_adds(b, "<a href=\"");
	h_attr(b, u);
	buf_adds(b, "\" rel=\"noopener noreferrer\">");
	h_text(b, text ? text : u);
	buf_adds(b, "</a>");
}
