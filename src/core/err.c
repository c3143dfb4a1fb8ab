/*
 * err.c — names of error codes and the helpers that fill struct errdetail.
 * Handles no untrusted input itself; callers promise static or generated text.
 */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/banned.h"

const char *
err_str(int err)
{
	switch (err) {
	case ERR_OK: return "ok";
	case ERR_NOMEM: return "out of memory";
	case ERR_INVAL: return "invalid input";
	case ERR_NOTFOUND: return "not found";
	case ERR_PERM: return "permission denied";
	case ERR_CONFLICT: return "refused";
	case ERR_LIMIT: return "too large";
	case ERR_IO: return "input/output error";
	case ERR_DB: return "database error";
	case ERR_INTEGRITY: return "integrity check failed";
	default: return "error";
	}
}

static void
copy_trunc(char *dst, size_t n, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (len >= n)
		len = n - 1;
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

int
err_set(struct errdetail *d, int code, const char *field, const char *reason)
{
	if (d) {
		copy_trunc(d->field, sizeof(d->field), field);
		copy_trunc(d->reason, sizeof(d->reason), reason);
	}
	return code;
}

int
err_setf(struct errdetail *d, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (d) {
		copy_trunc(d->field, sizeof(d->field), field);
		va_start(ap, fmt);
		vsnprintf(d->reason, sizeof(d->reason), fmt, ap);
		va_end(ap);
	}
	return code;
}

void
err_clear(struct errdetail *d)
{
	if (d) {
		d->field[0] = '\0';
		d->reason[0] = '\0';
	}
}

int
err_exit_code(int err)
{
	return err == 0 ? 0 : 1;
}
