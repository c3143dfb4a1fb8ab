/*
 * test_store.c — unit tests of src/store/ against real SQLite files in a
 * temporary directory: a fresh file is migrated to the newest schema
 * (PRAGMA user_version equals the number of files in src/store/schema, and
 * every one of them is embedded, in order), a file from a newer vigil is
 * refused, the connection is set up as STYLE.md demands (WAL,
 * synchronous=FULL, foreign keys, busy timeout, trusted_schema off,
 * defensive, secure_delete), and every statement of the X-macro table in
 * statements.h prepares against the migrated schema — through the store's
 * own check and one by one here, each a single complete statement that
 * returns rows exactly when it is read-only. Then the audit chain: events
 * append and list back intact, a rolled-back append leaves no trace, the
 * triggers refuse UPDATE and DELETE, and after each kind of tampering done
 * behind the store's back (changed field, deleted row at the start, middle
 * or end, swapped or appended rows, forged hash) verification fails naming
 * the first bad sequence number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <sqlite3.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/err.h"
#include "store/internal.h"
#include "store/migrations.h"
#include "store/statements.h"
#include "store/store.h"
#include "core/banned.h"

#ifndef VIGIL_SCHEMA_DIR
#error "VIGIL_SCHEMA_DIR must name src/store/schema"
#endif

#define NEVENTS 6

static char tmpdir[] = "/tmp/vigil-test-store-XXXXXX";

static const struct {
	const char *name;
	const char *sql;
} stmts[] = {
#define X(name, sql) {#name, sql},
	STORE_STATEMENTS(X)
#undef X
};

static int
setup(void **state)
{
	(void)state;
	if (crypto_setup() != 0 || !mkdtemp(tmpdir))
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	DIR *dir = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	(void)state;
	if (!dir)
		return -1;
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(dir);
	return rmdir(tmpdir);
}

/* The path of database name in the temporary directory. */
static const char *
db_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s.db", tmpdir, name);
	return path;
}

static struct store *
open_new(const char *name)
{
	struct store *st = NULL;

	if (store_open(db_path(name), true, &st) != 0 || !st)
		fail_msg("cannot create %s", db_path(name));
	return st;
}

/* One integer from sql on db. */
static int64_t
q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = INT64_MIN;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static const char *
q_text(sqlite3 *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *s = NULL;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

/* Run sql on the file behind the store's back (a plain connection). */
static int
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fail_msg("cannot open %s", path);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_migrations(void **state)
{
	char *files[64];
	size_t nfiles = 0;
	DIR *dir;
	struct dirent *e;
	struct store *st, *again = NULL;
	int rc;

	(void)state;
	/* the schema files in the source tree, sorted as they apply */
	assert_non_null(dir = opendir(VIGIL_SCHEMA_DIR));
	while ((e = readdir(dir)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len > 4 && strcmp(e->d_name + len - 4, ".sql") == 0) {
			assert_true(nfiles < 64);
			assert_non_null(files[nfiles++] = strdup(e->d_name));
		}
	}
	closedir(dir);
	assert_true(nfiles >= 2);
	qsort(files, nfiles, sizeof(files[0]), cmp_str);
	/* every one is embedded in the binary, in order (meson.build lists them) */
	assert_int_equal(store_migration_count, (int)nfiles);
	for (size_t i = 0; i < nfiles; i++) {
		char want[32];

		assert_string_equal(store_migrations[i].name, files[i]);
		snprintf(want, sizeof(want), "%04zu-", i + 1);
		if (strncmp(files[i], want, 5) != 0)
			fail_msg("schema file %s is not numbered %s", files[i], want);
	}

	/* a fresh file is at the newest version */
	assert_int_equal(store_open(db_path("missing"), false, &again), ERR_NOTFOUND);
	assert_null(again);
	st = open_new("fresh");
	assert_int_equal(store_schema_version(st), (int)nfiles);
	assert_int_equal(q_int(st->db, "PRAGMA user_version"), (int64_t)nfiles);
	assert_int_equal(store_integrity_check(st), 0);
	store_close(st);

	/* reopening migrates nothing and keeps the data */
	assert_int_equal(store_open(db_path("fresh"), false, &again), 0);
	assert_int_equal(store_schema_version(again), (int)nfiles);
	assert_int_equal(store_setting_set(again, "probe", "kept"), 0);
	store_close(again);
	again = NULL;
	assert_int_equal(store_open(db_path("fresh"), false, &again), 0);
	{
		char *v = NULL;

		assert_int_equal(store_setting_get(again, "probe", &v), 0);
		assert_non_null(v);
		assert_string_equal(v, "kept");
		free(v);
	}
	store_close(again);

	/* a file written by a newer vigil is refused, not downgraded */
	assert_int_equal(raw_exec(db_path("fresh"), "PRAGMA user_version=99"), SQLITE_OK);
	again = NULL;
	rc = store_open(db_path("fresh"), false, &again);
	assert_int_equal(rc, ERR_INTEGRITY);
	assert_null(again);
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
}

static void
test_connection_settings(void **state)
{
	struct store *st = open_new("settings");
	char buf[32];
	int on = -1;

	(void)state;
	assert_string_equal(q_text(st->db, "PRAGMA journal_mode", buf, sizeof(buf)), "wal");
	assert_int_equal(q_int(st->db, "PRAGMA synchronous"), 2); /* FULL */
	assert_int_equal(q_int(st->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q_int(st->db, "PRAGMA trusted_schema"), 0);
	assert_int_equal(q_int(st->db, "PRAGMA secure_delete"), 1);
	assert_true(q_int(st->db, "PRAGMA busy_timeout") >= 1000);
	assert_int_equal(sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, -1, &on),
		SQLITE_OK);
	assert_int_equal(on, 1);
	/* foreign keys are enforced: a comment on no issue by nobody */
	assert_int_not_equal(sqlite3_exec(st->db, "INSERT INTO comment(issue_id, author_id, "
		"internal, body, created_at) VALUES (4242, 4242, 0, 'x', 0)", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(q_int(st->db, "SELECT count(*) FROM comment"), 0);
	store_close(st);

	/* the same settings on a reopened file, not only at creation */
	st = NULL;
	assert_int_equal(store_open(db_path("settings"), false, &st), 0);
	assert_string_equal(q_text(st->db, "PRAGMA journal_mode", buf, sizeof(buf)), "wal");
	assert_int_equal(q_int(st->db, "PRAGMA synchronous"), 2);
	assert_int_equal(q_int(st->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q_int(st->db, "PRAGMA trusted_schema"), 0);
	store_close(st);
}

static void
test_every_statement_prepares(void **state)
{
	struct store *st = open_new("statements");
	const char *bad = "(none)";
	sqlite3 *db = NULL;
	int rc;

	(void)state;
	assert_int_equal(sizeof(stmts) / sizeof(stmts[0]), S__COUNT);
	assert_true(S__COUNT > 50);
	/* through the store, on its own connection and cache */
	rc = store_check_statements(st, &bad);
	if (rc != 0)
		fail_msg("statement %s does not prepare: %s", bad, sqlite3_errmsg(st->db));
	assert_string_equal(bad, "(none)"); /* written only on failure */
	/* and one by one on a plain connection to the migrated file */
	assert_int_equal(sqlite3_open_v2(db_path("statements"), &db, SQLITE_OPEN_READWRITE,
		NULL), SQLITE_OK);
	for (size_t i = 0; i < S__COUNT; i++) {
		sqlite3_stmt *s = NULL;
		const char *tail = NULL;

		for (size_t j = 0; j < i; j++)
			if (strcmp(stmts[j].name, stmts[i].name) == 0)
				fail_msg("statement %s is declared twice", stmts[i].name);
		if (sqlite3_prepare_v2(db, stmts[i].sql, -1, &s, &tail) != SQLITE_OK || !s)
			fail_msg("statement %s does not prepare: %s", stmts[i].name,
				sqlite3_errmsg(db));
		/* one statement, nothing after it that would be silently skipped */
		while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';'))
			tail++;
		if (tail && *tail)
			fail_msg("statement %s has text after its end: %s", stmts[i].name, tail);
		/* rows come back from reads only; writes return none */
		if ((sqlite3_column_count(s) > 0) != (sqlite3_stmt_readonly(s) != 0))
			fail_msg("statement %s: %d result columns but read-only %d", stmts[i].name,
				sqlite3_column_count(s), sqlite3_stmt_readonly(s));
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	store_close(st);

	/* the check really prepares: with a table gone it names a statement */
	assert_int_equal(raw_exec(db_path("statements"), "DROP TABLE setting"), SQLITE_OK);
	st = NULL;
	assert_int_equal(store_open(db_path("statements"), false, &st), 0);
	bad = NULL;
	assert_int_equal(store_check_statements(st, &bad), ERR_DB);
	assert_non_null(bad);
	assert_string_equal(bad, "SETTING_GET");
	store_close(st);
}

/* A database name with NEVENTS events appended, committed, closed. */
static const char *
make_chain(const char *name)
{
	static const char *const details[NEVENTS] = {
		"{}", "{\"from\":\"new\",\"to\":\"triage\"}", "",
		"{\"text\":\"line one\\nline two\"}", "{\"title\":\"\xc3\xa9t\xc3\xa9\"}",
		"{\"n\":6}",
	};
	struct store *st = open_new(name);
	char object[16];
	int64_t count = -1, bad = -1;
	const char *why = NULL;

	assert_int_equal(store_begin(st), 0);
	for (int i = 0; i < NEVENTS; i++) {
		snprintf(object, sizeof(object), "SEC-%d", i % 2 + 1);
		assert_int_equal(store_audit_append(st, 1800000000 + i * 60, i ? "alice" : "system",
			"issue.move", object, details[i]), 0);
	}
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_audit_verify(st, &count, &bad, &why), 0);
	assert_int_equal(count, NEVENTS);
	assert_null(why);
	store_close(st);
	return db_path(name);
}

/* Verification of path fails naming event want with a reason containing why_has. */
static void
verify_bad(const char *path, int64_t want, const char *why_has, const char *what)
{
	struct store *st = NULL;
	int64_t count = -1, bad = -1;
	const char *why = NULL;
	int rc;

	assert_int_equal(store_open(path, false, &st), 0);
	rc = store_audit_verify(st, &count, &bad, &why);
	store_close(st);
	if (rc != ERR_INTEGRITY)
		fail_msg("%s: verification returned %d, want ERR_INTEGRITY", what, rc);
	if (bad != want)
		fail_msg("%s: first bad event %lld, want %lld (%s)", what, (long long)bad,
			(long long)want, why ? why : "");
	if (!why || !strstr(why, why_has))
		fail_msg("%s: reason \"%s\" lacks \"%s\"", what, why ? why : "(null)", why_has);
	assert_int_equal(count, -1); /* written only when intact */
}

/* Tamper with a fresh chain: triggers dropped first, then sql. */
static void
tamper(const char *name, const char *sql, int64_t want, const char *why_has)
{
	const char *path = make_chain(name);
	char all[1024];

	snprintf(all, sizeof(all), "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; "
		"%s", sql);
	if (raw_exec(path, all) != SQLITE_OK)
		fail_msg("%s: tampering failed: %s", name, sql);
	verify_bad(path, want, why_has, name);
}

static void
test_audit_append_list(void **state)
{
	const char *path = make_chain("audit-list");
	struct store *st = NULL;
	struct audit_event *e = NULL;
	size_t n = 0;
	int64_t count = -1, bad = -1;
	const char *why = NULL;

	(void)state;
	assert_int_equal(store_open(path, false, &st), 0);
	assert_int_equal(store_audit_list(st, NULL, 100, &e, &n), 0);
	assert_int_equal(n, NEVENTS);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(e[i].seq, (int64_t)i + 1);
		assert_int_equal(e[i].at, 1800000000 + (int64_t)i * 60);
		assert_string_equal(e[i].actor, i ? "alice" : "system");
		assert_string_equal(e[i].action, "issue.move");
	}
	assert_string_equal(e[2].detail, "");
	assert_string_equal(e[3].detail, "{\"text\":\"line one\\nline two\"}");
	OBJ_LIST_FREE(e, n, audit_event_release);
	/* by object, and limited */
	e = NULL;
	assert_int_equal(store_audit_list(st, "SEC-2", 100, &e, &n), 0);
	assert_int_equal(n, NEVENTS / 2);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(e[i].object, "SEC-2");
		assert_int_equal(e[i].seq, (int64_t)i * 2 + 2);
	}
	OBJ_LIST_FREE(e, n, audit_event_release);
	e = NULL;
	assert_int_equal(store_audit_list(st, NULL, 2, &e, &n), 0);
	assert_int_equal(n, 2);
	OBJ_LIST_FREE(e, n, audit_event_release);

	/* a rolled-back append leaves the chain as it was */
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_audit_append(st, 1900000000, "alice", "issue.set", "SEC-1",
		"{}"), 0);
	store_rollback(st);
	assert_int_equal(store_audit_verify(st, &count, &bad, &why), 0);
	assert_int_equal(count, NEVENTS);
	assert_int_equal(q_int(st->db, "SELECT count(*) FROM audit"), NEVENTS);
	/* and appending carries on from the last committed event */
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_audit_append(st, 1900000000, "carol", "issue.set", "SEC-1",
		"{}"), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_audit_verify(st, &count, &bad, &why), 0);
	assert_int_equal(count, NEVENTS + 1);
	assert_int_equal(q_int(st->db, "SELECT max(seq) FROM audit"), NEVENTS + 1);

	/* the triggers refuse changes, even on the store's own connection */
	assert_int_not_equal(sqlite3_exec(st->db, "UPDATE audit SET detail = 'x' WHERE seq = 2",
		NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(st->db, "DELETE FROM audit WHERE seq = 2", NULL, NULL,
		NULL), SQLITE_OK);
	assert_int_equal(store_audit_verify(st, &count, &bad, &why), 0);
	assert_int_equal(count, NEVENTS + 1);
	store_close(st);
	assert_int_not_equal(raw_exec(path, "UPDATE audit SET actor = 'mallory'"), SQLITE_OK);
	assert_int_not_equal(raw_exec(path, "DELETE FROM audit"), SQLITE_OK);

	/* an empty log verifies, with zero events */
	st = open_new("audit-empty");
	count = -1;
	assert_int_equal(store_audit_verify(st, &count, &bad, &why), 0);
	assert_int_equal(count, 0);
	store_close(st);
}

static void
test_audit_tampering(void **state)
{
	(void)state;
	/* changed content: each field of the hashed event */
	tamper("t-detail", "UPDATE audit SET detail = '{\"to\":\"public\"}' WHERE seq = 3",
		3, "content changed");
	tamper("t-detail-last", "UPDATE audit SET detail = '{}' WHERE seq = 6", 6,
		"content changed");
	tamper("t-actor", "UPDATE audit SET actor = 'mallory' WHERE seq = 2", 2,
		"content changed");
	tamper("t-action", "UPDATE audit SET action = 'issue.view' WHERE seq = 4", 4,
		"content changed");
	tamper("t-object", "UPDATE audit SET object = 'SEC-9' WHERE seq = 1", 1,
		"content changed");
	tamper("t-at", "UPDATE audit SET at = at + 1 WHERE seq = 5", 5, "content changed");
	tamper("t-hash", "UPDATE audit SET hash = replace(hash, substr(hash, 1, 1), "
		"CASE substr(hash, 1, 1) WHEN '0' THEN '1' ELSE '0' END) WHERE seq = 4", 4,
		"content changed");
	/* two changes: the first one is named */
	tamper("t-two", "UPDATE audit SET detail = 'x' WHERE seq = 5; "
		"UPDATE audit SET detail = 'y' WHERE seq = 2", 2, "content changed");
	/* removed events: first, middle, last, all */
	tamper("t-del-first", "DELETE FROM audit WHERE seq = 1", 1, "missing");
	tamper("t-del-mid", "DELETE FROM audit WHERE seq = 4", 4, "missing");
	tamper("t-del-two", "DELETE FROM audit WHERE seq IN (3, 5)", 3, "missing");
	tamper("t-del-last", "DELETE FROM audit WHERE seq = 6", 6, "end");
	tamper("t-del-all", "DELETE FROM audit", 1, "end");
	/* removed from the end with the head rewound to match the count */
	tamper("t-del-last-head", "DELETE FROM audit WHERE seq = 6; "
		"UPDATE audit_head SET seq = 5", 6, "end");
	/* reordered: two rows swap their sequence numbers */
	tamper("t-swap", "UPDATE audit SET seq = -2 WHERE seq = 2; "
		"UPDATE audit SET seq = 2 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = -2",
		2, "reordered");
	tamper("t-swap-adjacent", "UPDATE audit SET seq = -3 WHERE seq = 3; "
		"UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -3",
		3, "reordered");
	/* removed and the later ones renumbered to close the gap */
	tamper("t-del-renumber", "DELETE FROM audit WHERE seq = 3; "
		"UPDATE audit SET seq = seq - 1 WHERE seq > 3", 3, "reordered");
	/* an event slipped in at the end without the chain */
	tamper("t-append", "INSERT INTO audit SELECT 7, at, actor, action, object, detail, "
		"prev, hash FROM audit WHERE seq = 6", 7, "reordered");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrations),
		cmocka_unit_test(test_connection_settings),
		cmocka_unit_test(test_every_statement_prepares),
		cmocka_unit_test(test_audit_append_list),
		cmocka_unit_test(test_audit_tampering),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
