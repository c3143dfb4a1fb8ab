/*
 * search.h — full-text search in the store (search.c, schema 0004): SQLite
 * FTS5 over issue titles and descriptions and over comments. The store
 * decides nothing: the caller (service/search.c) passes the set of issues
 * the viewer may see, and the subset they see with the full view (whose
 * internal comments may be searched); the SQL joins the MATCH to those
 * sets, so nothing outside them is ever searched. User text never reaches
 * FTS5 as syntax: store_search_query() turns it into quoted phrases.
 */
#ifndef VIGIL_STORE_SEARCH_H
#define VIGIL_STORE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "store/store.h"

/* Snippet markers around matched words: a page escapes the snippet and
 * turns these (never valid in stored text) into highlighting. */
#define SEARCH_MARK_OPEN '\x02'
#define SEARCH_MARK_CLOSE '\x03'

/*
 * Turn user text into an FTS5 query that cannot be a syntax error: every
 * word (split at ASCII white space) becomes a quoted phrase "word" with
 * inner quotes doubled; a word ending in '*' (and more than that) becomes
 * a prefix phrase "word"*. Phrases are ANDed. Appends to out. ERR_INVAL
 * when the text holds no word, ERR_LIMIT past LIM_SEARCH_TERMS words or
 * LIM_SEARCH_MAX bytes.
 */
int store_search_query(const char *text, struct buf *out);

/* One issue found: the best match over its title, description and the
 * comments the viewer may search. */
struct search_row {
	int64_t issue_id;
	char *snippet;       /* with SEARCH_MARK_* around matches; malloc'ed */
	double rank;         /* bm25: smaller is better */
	bool in_comment;     /* the snippet comes from a comment */
};
void search_rows_free(struct search_row *rows, size_t n);

/* Bring the index up to date with the changes the triggers queued (in a
 * transaction of its own, or inside the caller's). 0 or ERR_DB. */
int store_search_sync(struct store *st);
/* The same inside the open transaction; store_commit() calls it, so the
 * index commits with the change and a search normally finds the queue
 * empty (and writes nothing). 0 or ERR_DB. */
int store_search_flush(struct store *st);

/*
 * Search text (user input, quoted by store_search_query) in the title and
 * description of the issues in scope->visible, the shared comments of the
 * issues in scope->talk and the internal comments of those in scope->full
 * (each set is the caller's decision; full and talk should be subsets of
 * visible). At most limit rows, best first, one per issue. *ret is the
 * caller's (search_rows_free). ERR_INVAL / ERR_LIMIT from the query, ERR_DB.
 */
struct search_scope {
	const int64_t *visible;  /* title and description searched */
	size_t nvisible;
	const int64_t *talk;     /* shared comments searched */
	size_t ntalk;
	const int64_t *full;     /* internal comments searched too */
	size_t nfull;
};
int store_search(struct store *st, const char *text, const struct search_scope *scope,
	size_t limit, struct search_row **ret, size_t *ret_n);

#endif
