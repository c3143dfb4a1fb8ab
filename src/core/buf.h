/*
 * buf.h — the one growable byte buffer of vigil. A buffer has a mandatory
 * maximum size; an append past it, or a failed allocation, sets a sticky
 * error that every later append keeps, so a renderer can append many times
 * and check once with buf_err(). The contents are always NUL-terminated and
 * buf_str() never returns NULL.
 */
#ifndef VIGIL_CORE_BUF_H
#define VIGIL_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	int err;    /* 0, ERR_LIMIT or ERR_NOMEM; sticky */
};

/* Start an empty buffer that may hold at most max bytes (excluding NUL). */
void buf_init(struct buf *b, size_t max);
/* Free the contents; the buffer may be initialised again. */
void buf_release(struct buf *b);
/* Empty the buffer, keep its memory, clear the error. */
void buf_reset(struct buf *b);

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* The contents, always NUL-terminated ("" for an empty buffer). */
const char *buf_str(const struct buf *b);
/* 0, or the sticky error. */
int buf_err(const struct buf *b);
/*
 * Hand the contents to the caller (free() them) and reset the buffer.
 * Returns NULL after an error or on allocation failure.
 */
char *buf_detach(struct buf *b);

#endif
