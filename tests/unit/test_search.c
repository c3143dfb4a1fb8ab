/*
 * test_search.c — unit tests of the full-text search of src/store/search.c
 * against a real SQLite file migrated to the newest schema: user text is
 * turned into quoted FTS5 phrases (inner quotes doubled, "word*" a prefix,
 * limits on words and bytes), and no input at all — FTS5 operators, column
 * filters, stray quotes, parentheses — is a syntax error or changes what
 * is searched; the search stays inside the sets it is given (issue text of
 * the visible issues, shared comments of the "talk" set, internal comments
 * only of the "full" set); the triggers' queue brings the index up to date
 * before a search (a changed title is found by its new words only), and a
 * committed transaction takes its queue into the index at once (a rolled
 * back one leaves nothing); and snippets carry the match markers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/limits.h"
#include "store/search.h"
#include "store/store.h"
#include "core/banned.h"

static char tmpdir[] = "/tmp/vigil-test-search-XXXXXX";
static char dbfile[600];
static struct store *st;
static int64_t issue_a, issue_b, issue_c;

/* The FTS5 query store_search_query() makes of text (or the error). */
static int
quote(const char *text, char *out, size_t n)
{
	struct buf b;
	int rc;

	buf_init(&b, 4096);
	rc = store_search_query(text, &b);
	snprintf(out, n, "%s", buf_str(&b));
	buf_release(&b);
	return rc;
}

static void
test_quoting(void **state)
{
	char q[1024], big[LIM_SEARCH_MAX + 2], many[256] = "";

	(void)state;
	assert_int_equal(quote("hello", q, sizeof(q)), 0);
	assert_string_equal(q, "\"hello\"");
	assert_int_equal(quote("  two\twords\n", q, sizeof(q)), 0);
	assert_string_equal(q, "\"two\" \"words\"");
	assert_int_equal(quote("say\"hi\"", q, sizeof(q)), 0);
	assert_string_equal(q, "\"say\"\"hi\"\"\"");
	assert_int_equal(quote("zeb*", q, sizeof(q)), 0);
	assert_string_equal(q, "\"zeb\"*");
	assert_int_equal(quote("*", q, sizeof(q)), 0);
	assert_string_equal(q, "\"*\"");
	assert_int_equal(quote("a OR b", q, sizeof(q)), 0);
	assert_string_equal(q, "\"a\" \"OR\" \"b\"");
	assert_int_equal(quote("title:x", q, sizeof(q)), 0);
	assert_string_equal(q, "\"title:x\"");
	assert_int_equal(quote("", q, sizeof(q)), ERR_INVAL);
	assert_int_equal(quote(" \t\n ", q, sizeof(q)), ERR_INVAL);
	assert_int_equal(quote(NULL, q, sizeof(q)), ERR_INVAL);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(quote(big, q, sizeof(q)), ERR_LIMIT);
	big[LIM_SEARCH_MAX] = '\0';
	assert_int_equal(quote(big, q, sizeof(q)), 0);
	for (int i = 0; i <= LIM_SEARCH_TERMS; i++)
		memcpy(many + 2 * i, "w ", 3);
	assert_int_equal(quote(many, q, sizeof(q)), ERR_LIMIT);
	many[2 * LIM_SEARCH_TERMS] = '\0';
	assert_int_equal(quote(many, q, sizeof(q)), 0);
}

static int64_t
add_issue(int64_t reporter, const char *title, const char *desc)
{
	struct issue is = {0};
	int64_t id = 0;

	is.title = (char *)title;
	is.description = (char *)desc;
	is.state = ST_TRIAGE;
	is.reporter_id = reporter;
	is.source = SRC_CLI;
	is.embargo_max = 2000000000;
	is.reported_at = 1700000000;
	assert_int_equal(store_issue_add(st, &is, &id), 0);
	return id;
}

static int
setup(void **state)
{
	struct person p = {0};
	int64_t pid = 0;

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(dbfile, sizeof(dbfile), "%s/search.db", tmpdir);
	if (store_open(dbfile, true, &st) != 0)
		return -1;
	p.login = "rita";
	p.email = "rita@example.org";
	p.created_at = 1700000000;
	if (store_person_add(st, &p, &pid) != 0)
		return -1;
	issue_a = add_issue(pid, "net: heap overflow in reassembly", "The aardvark packet.");
	issue_b = add_issue(pid, "fs: double free", "Embargoed quokkaword inside.");
	issue_c = add_issue(pid, "usb: stall", "Nothing special here.");
	if (store_comment_add(st, issue_c, pid, false, "shared wombatword note", 1700000100) ||
	    store_comment_add(st, issue_c, pid, true, "internal numbatword note", 1700000200))
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char path[700];

	(void)state;
	store_close(st);
	for (const char *sfx = "\0-wal\0-shm\0"; ; sfx += strlen(sfx) + 1) {
		snprintf(path, sizeof(path), "%s%s", dbfile, sfx);
		unlink(path);
		if (strcmp(sfx, "-shm") == 0)
			break;
	}
	return rmdir(tmpdir);
}

/* The issue ids found for text in the given sets; -1 on error. */
static int
found(const char *text, const int64_t *vis, size_t nv, const int64_t *talk, size_t nt,
	const int64_t *full, size_t nf, int64_t *ids, size_t max, char *snip, size_t snipn)
{
	struct search_scope scope = {vis, nv, talk, nt, full, nf};
	struct search_row *rows = NULL;
	size_t n = 0;
	int rc = store_search(st, text, &scope, 50, &rows, &n);

	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n && i < max; i++)
		ids[i] = rows[i].issue_id;
	if (snip)
		snprintf(snip, snipn, "%s", n ? rows[0].snippet : "");
	search_rows_free(rows, n);
	return (int)n;
}

static void
test_scope(void **state)
{
	int64_t all[3] = {issue_a, issue_b, issue_c}, ids[8];
	int64_t only_a[1] = {issue_a}, only_c[1] = {issue_c};
	char snip[256];

	(void)state;
	/* the issue text is searched only in the visible set */
	assert_int_equal(found("quokkaword", all, 3, NULL, 0, NULL, 0, ids, 8, NULL, 0), 1);
	assert_int_equal(ids[0], issue_b);
	assert_int_equal(found("quokkaword", only_a, 1, only_a, 1, only_a, 1, ids, 8, NULL, 0), 0);
	assert_int_equal(found("quokkaword", NULL, 0, NULL, 0, NULL, 0, ids, 8, NULL, 0), 0);
	/* shared comments only in talk, internal ones only in full */
	assert_int_equal(found("wombatword", all, 3, NULL, 0, NULL, 0, ids, 8, NULL, 0), 0);
	assert_int_equal(found("wombatword", all, 3, only_c, 1, NULL, 0, ids, 8, NULL, 0), 1);
	assert_int_equal(found("numbatword", all, 3, only_c, 1, NULL, 0, ids, 8, NULL, 0), 0);
	assert_int_equal(found("numbatword", all, 3, only_c, 1, only_c, 1, ids, 8, snip,
		sizeof(snip)), 1);
	assert_int_equal(ids[0], issue_c);
	assert_non_null(strstr(snip, "\x02numbatword\x03"));
	/* every word must occur; a prefix finds the longer word */
	assert_int_equal(found("heap reassembly", all, 3, NULL, 0, NULL, 0, ids, 8, snip,
		sizeof(snip)), 1);
	assert_int_equal(ids[0], issue_a);
	assert_int_equal(found("heap quokkaword", all, 3, NULL, 0, NULL, 0, ids, 8, NULL, 0), 0);
	assert_int_equal(found("aard*", all, 3, NULL, 0, NULL, 0, ids, 8, NULL, 0), 1);
	assert_int_equal(found("aard", all, 3, NULL, 0, NULL, 0, ids, 8, NULL, 0), 0);
}

static void
test_hostile_text(void **state)
{
	static const char *const inputs[] = {
		"AND", "OR", "NOT", "a AND", "NEAR(heap overflow)", "\"", "\"\"", "heap\"",
		"title:heap", "{title description}:heap", "^heap", "-heap", "+heap", "(", ")",
		"heap)", "*", "**", "heap**", "\\", "'; DROP TABLE issue; --", "col:", ":",
		"NEAR", "a NOT b", "\xc3\xa9t\xc3\xa9", "ab*c",
	};
	int64_t all[3] = {issue_a, issue_b, issue_c}, ids[8];

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		int n = found(inputs[i], all, 3, all, 3, all, 3, ids, 8, NULL, 0);

		if (n < 0)
			fail_msg("search for [%s] failed with %d", inputs[i], n);
	}
	/* operators are words, not syntax: "heap OR quokkaword" needs all three */
	assert_int_equal(found("heap OR quokkaword", all, 3, all, 3, all, 3, ids, 8, NULL, 0), 0);
	/* a column filter is a phrase too: "title" then "heap" occurs nowhere... */
	assert_int_equal(found("title:heap", all, 3, all, 3, all, 3, ids, 8, NULL, 0), 0);
	/* ...while "net:heap" is the phrase "net heap" of issue A's title */
	assert_int_equal(found("net:heap", all, 3, all, 3, all, 3, ids, 8, NULL, 0), 1);
	assert_int_equal(ids[0], issue_a);
	assert_int_equal(found("'; DROP TABLE issue; --", all, 3, all, 3, all, 3, ids, 8, NULL,
		0), 0);
	assert_int_equal(found("heap", all, 3, all, 3, all, 3, ids, 8, NULL, 0), 1);
}

static void
test_sync(void **state)
{
	int64_t all[3] = {issue_a, issue_b, issue_c}, ids[8];
	struct issue is = {0};

	(void)state;
	assert_int_equal(store_issue_get(st, issue_c, &is), 0);
	free(is.title);
	is.title = strdup("usb: pangolinword hang");
	assert_int_equal(store_issue_update(st, &is), 0);
	issue_release(&is);
	assert_int_equal(found("pangolinword", all, 3, NULL, 0, NULL, 0, ids, 8, NULL, 0), 1);
	assert_int_equal(ids[0], issue_c);
	/* the old title's word is gone from the index, the description stays */
	assert_int_equal(found("stall", all, 3, NULL, 0, NULL, 0, ids, 8, NULL, 0), 0);
	assert_int_equal(found("special", all, 3, NULL, 0, NULL, 0, ids, 8, NULL, 0), 1);
	/* a second search finds the queue empty and answers the same */
	assert_int_equal(store_search_sync(st), 0);
	assert_int_equal(found("pangolinword", all, 3, NULL, 0, NULL, 0, ids, 8, NULL, 0), 1);
}

/* One integer from sql on a plain connection to the test's file. */
static int64_t
raw_int(const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t v = -1;

	if (sqlite3_open_v2(dbfile, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fail_msg("cannot open %s", dbfile);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void
test_commit_flushes(void **state)
{
	(void)state;
	/* a change made in a transaction reaches the index when it commits:
	 * a later search finds the queue empty and writes nothing */
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_comment_add(st, issue_a, 1, false, "a flushword comment",
		1700000300), 0);
	assert_int_equal(raw_int("SELECT count(*) FROM search_pending"), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(raw_int("SELECT count(*) FROM search_pending"), 0);
	assert_int_equal(raw_int("SELECT count(*) FROM comment_fts WHERE comment_fts MATCH "
		"'\"flushword\"'"), 1);
	/* a rolled-back change leaves neither queue nor index behind */
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_comment_add(st, issue_a, 1, false, "a rollbackword comment",
		1700000400), 0);
	store_rollback(st);
	assert_int_equal(raw_int("SELECT count(*) FROM search_pending"), 0);
	assert_int_equal(raw_int("SELECT count(*) FROM comment_fts WHERE comment_fts MATCH "
		"'\"rollbackword\"'"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_sync),
		cmocka_unit_test(test_commit_flushes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
