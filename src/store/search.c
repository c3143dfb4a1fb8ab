/*
 * search.c — full-text search over issues and comments with SQLite FTS5
 * (see search.h and schema/0004-search.sql). The triggers of the schema
 * queue every change of an issue's text or of a comment; store_search_sync()
 * applies the queue to the index before each search. User text is turned
 * into quoted FTS5 phrases here, so no input can be FTS5 syntax, and the
 * searched set is bound from the caller's visible ids: this file searches
 * only where the service allowed and decides nothing itself. Handles
 * untrusted input (the search text).
 */
#include "store/internal.h"
#include "store/search.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/limits.h"
#include "core/banned.h"

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int
store_search_query(const char *text, struct buf *out)
{
	size_t words = 0;
	const char *p = text ? text : "";

	if (strlen(p) > LIM_SEARCH_MAX)
		return ERR_LIMIT;
	while (*p) {
		size_t n;
		bool prefix;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		for (n = 0; p[n] && !is_space(p[n]); n++)
			;
		if (++words > LIM_SEARCH_TERMS)
			return ERR_LIMIT;
		prefix = n > 1 && p[n - 1] == '*';
		if (words > 1)
			buf_addc(out, ' ');
		buf_addc(out, '"');
		for (size_t i = 0; i < n - (prefix ? 1 : 0); i++) {
			if (p[i] == '"')
				buf_addc(out, '"');
			buf_addc(out, p[i]);
		}
		buf_addc(out, '"');
		if (prefix)
			buf_addc(out, '*');
		p += n;
	}
	if (words == 0)
		return ERR_INVAL;
	return buf_err(out);
}

void
search_rows_free(struct search_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		free(rows[i].snippet);
	free(rows);
}

static int
run(struct store *st, enum stmt_id id)
{
	sqlite3_stmt *s = st_get(st, id);

	return s ? st_exec(s) : ERR_DB;
}

static int
apply_pending(struct store *st)
{
	static const enum stmt_id steps[] = {
		S_SEARCH_SYNC_ISSUE_DEL, S_SEARCH_SYNC_ISSUE_ADD,
		S_SEARCH_SYNC_COMMENT_DEL, S_SEARCH_SYNC_COMMENT_ADD, S_SEARCH_SYNC_CLEAR,
	};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(steps) / sizeof(steps[0]); i++)
		rc = run(st, steps[i]);
	return rc < 0 ? ERR_DB : 0;
}

/* Is anything queued? 1, 0, or ERR_DB. */
static int
pending(struct store *st)
{
	sqlite3_stmt *s = st_get(st, S_SEARCH_PENDING);
	int rc;

	if (!s)
		return ERR_DB;
	rc = st_step(s);
	if (rc == 1)
		rc = col_i64(s, 0) != 0;
	else if (rc == 0)
		rc = ERR_DB;
	sqlite3_reset(s);
	return rc < 0 ? ERR_DB : rc;
}

int
store_search_flush(struct store *st)
{
	int rc = pending(st);

	return rc <= 0 ? rc : apply_pending(st);
}

int
store_search_sync(struct store *st)
{
	int rc = pending(st);

	if (rc <= 0)
		return rc;     /* nothing queued: no write transaction needed */
	if (!sqlite3_get_autocommit(st->db))
		return apply_pending(st);
	if (store_begin(st) < 0)
		return ERR_DB;
	/* store_commit() applies the queue before it commits */
	if ((rc = store_commit(st)) < 0)
		store_rollback(st);
	return rc < 0 ? ERR_DB : 0;
}

/* ids as a JSON array "[1,2,3]": bound as a parameter, never SQL text. */
static int
id_array(const int64_t *ids, size_t n, struct buf *out)
{
	buf_addc(out, '[');
	for (size_t i = 0; i < n; i++)
		buf_addf(out, i ? ",%lld" : "%lld", (long long)ids[i]);
	buf_addc(out, ']');
	return buf_err(out);
}

/* Add or improve the row of issue id in rows (one row per issue). */
static int
merge_row(struct search_row **rows, size_t *n, int64_t id, const char *snippet, double rank,
	bool in_comment)
{
	struct search_row *r = NULL, *na;
	char *copy;

	for (size_t i = 0; i < *n; i++)
		if ((*rows)[i].issue_id == id)
			r = &(*rows)[i];
	if (r && r->rank <= rank)
		return 0;
	if (!(copy = strdup(snippet ? snippet : "")))
		return ERR_NOMEM;
	if (!r) {
		if (!(na = realloc(*rows, (*n + 1) * sizeof(**rows)))) {
			free(copy);
			return ERR_NOMEM;
		}
		*rows = na;
		r = &(*rows)[(*n)++];
		r->snippet = NULL;
	}
	free(r->snippet);
	r->issue_id = id;
	r->snippet = copy;
	r->rank = rank;
	r->in_comment = in_comment;
	return 0;
}

static int
collect(struct store *st, enum stmt_id id, const char *query, const char *visible,
	const char *full, size_t limit, struct search_row **rows, size_t *n)
{
	sqlite3_stmt *s = st_get(st, id);
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, query);
	st_text(s, 2, visible);
	if (id == S_SEARCH_COMMENTS)
		st_text(s, 3, full);
	st_i64(s, 4, LIM_SEARCH_SNIPPET_TOKENS);
	st_i64(s, 5, (int64_t)limit);
	while ((rc = st_step(s)) == 1) {
		rc = merge_row(rows, n, col_i64(s, 0), (const char *)sqlite3_column_text(s, 1),
			sqlite3_column_double(s, 2), id == S_SEARCH_COMMENTS);
		if (rc < 0)
			break;
	}
	sqlite3_reset(s);
	return rc;
}

static int
by_rank(const void *a, const void *b)
{
	const struct search_row *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->issue_id < y->issue_id ? -1 : x->issue_id > y->issue_id;
}

int
store_search(struct store *st, const char *text, const struct search_scope *scope,
	size_t limit, struct search_row **ret, size_t *ret_n)
{
	struct buf q, vis, talk, fl;
	struct search_row *rows = NULL;
	size_t n = 0;
	int rc;

	buf_init(&q, 4 * LIM_SEARCH_MAX + 2 * LIM_SEARCH_TERMS + 16);
	buf_init(&vis, LIM_OUTPUT_MAX);
	buf_init(&talk, LIM_OUTPUT_MAX);
	buf_init(&fl, LIM_OUTPUT_MAX);
	if ((rc = store_search_query(text, &q)) < 0 ||
	    (rc = id_array(scope->visible, scope->nvisible, &vis)) < 0 ||
	    (rc = id_array(scope->talk, scope->ntalk, &talk)) < 0 ||
	    (rc = id_array(scope->full, scope->nfull, &fl)) < 0)
		goto out;
	if ((rc = store_search_sync(st)) < 0)
		goto out;
	/* one issue may have many matching comments: take more of those */
	if ((rc = collect(st, S_SEARCH_ISSUES, buf_str(&q), buf_str(&vis), NULL, limit, &rows,
	    &n)) < 0 || (rc = collect(st, S_SEARCH_COMMENTS, buf_str(&q), buf_str(&talk),
	    buf_str(&fl), 4 * limit, &rows, &n)) < 0)
		goto out;
	if (n)
		qsort(rows, n, sizeof(*rows), by_rank);
	if (n > limit) {
		for (size_t i = limit; i < n; i++)
			free(rows[i].snippet);
		n = limit;
	}
	*ret = rows;
	*ret_n = n;
	rows = NULL;
out:
	search_rows_free(rows, n);
	buf_release(&q);
	buf_release(&vis);
	buf_release(&talk);
	buf_release(&fl);
	return rc;
}
