/*
 * buf.c — growable buffer with a maximum and a sticky error (see buf.h).
 * Handles arbitrary bytes; never interprets them.
 */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/banned.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->err = 0;
}

void
buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int
buf_grow(struct buf *b, size_t extra)
{
	size_t need, ncap;
	char *nd;

	if (b->err)
		return -1;
	if (extra > b->max || b->len > b->max - extra) {
		b->err = ERR_LIMIT;
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap *= 2;
	nd = realloc(b->data, ncap);
	if (!nd) {
		b->err = ERR_NOMEM;
		return -1;
	}
	b->data = nd;
	b->cap = ncap;
	return 0;
}

void
buf_add(struct buf *b, const void *data, size_t len)
{
	if (buf_grow(b, len) < 0)
		return;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err)
		return;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->err = ERR_INVAL;
		return;
	}
	if (buf_grow(b, (size_t)n) < 0)
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

const char *
buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

int
buf_err(const struct buf *b)
{
	return b->err;
}

char *
buf_detach(struct buf *b)
{
	char *p;

	if (b->err) {
		buf_release(b);
		return NULL;
	}
	p = b->data ? b->data : strdup("");
	buf_init(b, b->max);
	return p;
}
