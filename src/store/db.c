/*
 * db.c — opening the SQLite file, connection settings, migrations,
 * transactions and the statement cache (see store.h). Connection setup is in
 * one function: WAL, synchronous=FULL, foreign keys, busy timeout,
 * trusted_schema off and defensive mode.
 */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "store/migrations.h"
#include "store/search.h"
#include "core/banned.h"

static const char *const stmt_sql[S__COUNT] = {
#define X(name, sql) sql,
	STORE_STATEMENTS(X)
#undef X
};

static const char *const stmt_name[S__COUNT] = {
#define X(name, sql) #name,
	STORE_STATEMENTS(X)
#undef X
};

static int
configure(sqlite3 *db)
{
	static const char *const pragmas =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA trusted_schema=OFF;"
		"PRAGMA secure_delete=ON;";

	if (sqlite3_busy_timeout(db, 10000) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, pragmas, NULL, NULL, NULL) != SQLITE_OK)
		return ERR_DB;
	return 0;
}

static int
migrate(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	int version = 0, rc = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return ERR_DB;
	/* a failed read (SQLITE_BUSY past the timeout, I/O) is an error, not
	 * version 0: that would run every migration again on a full database */
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ERR_DB;
	}
	version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version > store_migration_count)
		return ERR_INTEGRITY; /* a newer vigil wrote this file */
	for (int i = version; i < store_migration_count; i++) {
		char pragma[64];

		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return ERR_DB;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", i + 1);
		if (sqlite3_exec(db, store_migrations[i].sql, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, pragma, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			rc = ERR_DB;
			break;
		}
	}
	return rc;
}

int
store_open(const char *path, bool create, struct store **ret)
{
	struct store *st = NULL;
	struct stat sb;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	if (stat(path, &sb) != 0) {
		if (!create)
			return ERR_NOTFOUND;
		flags |= SQLITE_OPEN_CREATE;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		return ERR_NOMEM;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		rc = ERR_IO;
		goto fail;
	}
	if ((rc = configure(st->db)) < 0 || (rc = migrate(st->db)) < 0)
		goto fail;
	*ret = st;
	return 0;
fail:
	store_close(st);
	return rc;
}

void
store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < S__COUNT; i++)
		sqlite3_finalize(st->cache[i]);
	sqlite3_close(st->db);
	free(st);
}

int
store_schema_version(struct store *st)
{
	sqlite3_stmt *s = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

int
store_check_statements(struct store *st, const char **ret_bad_name)
{
	for (int i = 0; i < S__COUNT; i++) {
		if (!st_get(st, (enum stmt_id)i)) {
			if (ret_bad_name)
				*ret_bad_name = stmt_name[i];
			return ERR_DB;
		}
	}
	return 0;
}

sqlite3_stmt *
st_get(struct store *st, enum stmt_id id)
{
	sqlite3_stmt *s = st->cache[id];

	if (!s) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
		    &s, NULL) != SQLITE_OK)
			return NULL;
		st->cache[id] = s;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

static int
exec_simple(struct store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : ERR_DB;
}

int
store_begin(struct store *st)
{
	return exec_simple(st, "BEGIN IMMEDIATE");
}

int
store_commit(struct store *st)
{
	/* the full-text index takes the changes the triggers queued in this
	 * transaction before it commits (search.c, schema 0004) */
	if (store_search_flush(st) < 0)
		return ERR_DB;
	return exec_simple(st, "COMMIT");
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		exec_simple(st, "ROLLBACK");
}

int
store_integrity_check(struct store *st)
{
	sqlite3_stmt *s = NULL;
	int rc = ERR_INTEGRITY;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return ERR_DB;
	if (sqlite3_step(s) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0)
		rc = 0;
	sqlite3_finalize(s);
	return rc;
}

int
store_setting_get(struct store *st, const char *key, char **ret)
{
	sqlite3_stmt *s = st_get(st, S_SETTING_GET);
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, key);
	rc = st_step(s);
	if (rc < 0)
		return rc;
	*ret = rc == 1 ? col_dup(s, 0) : NULL;
	sqlite3_reset(s);
	return 0;
}

int
store_setting_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = st_get(st, S_SETTING_SET);

	if (!s)
		return ERR_DB;
	st_text(s, 1, key);
	st_text(s, 2, value);
	return st_exec(s);
}
