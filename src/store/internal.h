/*
 * internal.h — helpers shared by the files of store/: the connection
 * struct, the statement cache, binding and column reading. Not for use
 * outside src/store/.
 */
#ifndef VIGIL_STORE_INTERNAL_H
#define VIGIL_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/statements.h"
#include "store/store.h"

struct store {
	sqlite3 *db;
	sqlite3_stmt *cache[S__COUNT];
};

/* The cached statement id, reset and with bindings cleared; NULL on error. */
sqlite3_stmt *st_get(struct store *st, enum stmt_id id);

/* Bind helpers: NULL text and 0 ids (for *_opt) bind SQL NULL. */
int st_text(sqlite3_stmt *s, int idx, const char *v);
int st_i64(sqlite3_stmt *s, int idx, int64_t v);
int st_i64_opt(sqlite3_stmt *s, int idx, int64_t v);

/* Step: SQLITE_ROW -> 1, SQLITE_DONE -> 0, constraint -> ERR_CONFLICT, else ERR_DB. */
int st_step(sqlite3_stmt *s);
/* Run a statement that returns no rows: 0 or error. */
int st_exec(sqlite3_stmt *s);

/* Column readers. col_dup returns a malloc'ed copy or NULL for SQL NULL. */
char *col_dup(sqlite3_stmt *s, int i);
int64_t col_i64(sqlite3_stmt *s, int i);

/*
 * Collect rows of a prepared and bound statement into an array of
 * elements of size elem, filling each with fill(). On error frees what was
 * collected with release().
 */
int st_collect(sqlite3_stmt *s, size_t elem, int (*fill)(sqlite3_stmt *, void *),
	void (*release)(void *), void **ret, size_t *ret_n);

/* Fill a strlist from a one-column statement. */
int st_strlist(sqlite3_stmt *s, struct strlist *ret);



/* A void * release wrapper for st_collect(): REL_WRAP(person) defines person_rel(). */
#define REL_WRAP(T) \
	static void T##_rel(void *p) { T##_release(p); }
#endif
