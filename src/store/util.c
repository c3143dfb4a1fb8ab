/*
 * util.c — binding, stepping and column helpers of store/ (internal.h).
 */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/banned.h"

int
st_text(sqlite3_stmt *s, int idx, const char *v)
{
	if (!v)
		return sqlite3_bind_null(s, idx);
	return sqlite3_bind_text(s, idx, v, -1, SQLITE_TRANSIENT);
}

int
st_i64(sqlite3_stmt *s, int idx, int64_t v)
{
	return sqlite3_bind_int64(s, idx, v);
}

int
st_i64_opt(sqlite3_stmt *s, int idx, int64_t v)
{
	if (!v)
		return sqlite3_bind_null(s, idx);
	return sqlite3_bind_int64(s, idx, v);
}

int
st_step(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	sqlite3_reset(s);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return ERR_CONFLICT;
	return ERR_DB;
}

int
st_exec(sqlite3_stmt *s)
{
	int rc = st_step(s);

	sqlite3_reset(s);
	return rc < 0 ? rc : 0;
}

char *
col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t;

	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(s, i);
	return t ? strdup((const char *)t) : NULL;
}

int64_t
col_i64(sqlite3_stmt *s, int i)
{
	return sqlite3_column_int64(s, i);
}

int
st_collect(sqlite3_stmt *s, size_t elem, int (*fill)(sqlite3_stmt *, void *),
	void (*release)(void *), void **ret, size_t *ret_n)
{
	char *arr = NULL;
	size_t n = 0;
	int rc;

	while ((rc = st_step(s)) == 1) {
		char *na = realloc(arr, (n + 1) * elem);

		if (!na) {
			rc = ERR_NOMEM;
			break;
		}
		arr = na;
		memset(arr + n * elem, 0, elem);
		if ((rc = fill(s, arr + n * elem)) < 0) {
			release(arr + n * elem);
			break;
		}
		n++;
	}
	sqlite3_reset(s);
	if (rc < 0) {
		for (size_t i = 0; i < n; i++)
			release(arr + i * elem);
		free(arr);
		return rc;
	}
	*ret = arr;
	*ret_n = n;
	return 0;
}

int
st_strlist(sqlite3_stmt *s, struct strlist *ret)
{
	struct strlist l = {0};
	int rc;

	while ((rc = st_step(s)) == 1) {
		const unsigned char *t = sqlite3_column_text(s, 0);

		if ((rc = strlist_add(&l, t ? (const char *)t : "")) < 0)
			break;
	}
	sqlite3_reset(s);
	if (rc < 0) {
		strlist_release(&l);
		return rc;
	}
	*ret = l;
	return 0;
}
