/*
 * err.h — vigil's error codes and the validation detail that travels with
 * them. Every function that can fail returns 0 or a negative enum err; a
 * function that validates input also fills a struct errdetail naming the
 * field and the problem. errdetail text is composed only from static strings
 * and values vigil itself generated, never from user input, so printing it
 * can never echo an attacker's bytes.
 */
#ifndef VIGIL_CORE_ERR_H
#define VIGIL_CORE_ERR_H

#include <stddef.h>

enum err {
	ERR_OK = 0,
	ERR_NOMEM = -1,     /* allocation failed */
	ERR_INVAL = -2,     /* bad input: errdetail names field and reason */
	ERR_NOTFOUND = -3,  /* no such object, or one the caller may not see */
	ERR_PERM = -4,      /* the caller may see the object but not do this */
	ERR_CONFLICT = -5,  /* state does not allow it (guard refused, duplicate) */
	ERR_LIMIT = -6,     /* a size limit from limits.h was hit */
	ERR_IO = -7,        /* file or system error */
	ERR_DB = -8,        /* database error */
	ERR_INTEGRITY = -9, /* stored data failed verification */
};

#define ERRDETAIL_FIELD_MAX 64
#define ERRDETAIL_REASON_MAX 512

struct errdetail {
	char field[ERRDETAIL_FIELD_MAX];
	char reason[ERRDETAIL_REASON_MAX];
};

/* Human name of an error code ("not found", "permission denied"...). */
const char *err_str(int err);

/*
 * Set detail to (field, reason) and return code. Both strings are copied and
 * truncated to fit. Callers pass static strings or vigil-generated values
 * (keys, state names), never raw user input. d may be NULL.
 */
int err_set(struct errdetail *d, int code, const char *field, const char *reason);

/* Like err_set() with a printf-style reason. */
int err_setf(struct errdetail *d, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Empty the detail. d may be NULL. */
void err_clear(struct errdetail *d);

/* CLI exit code for an error: 0 ok, 1 refused or failed. (2 is usage.) */
int err_exit_code(int err);

#endif
