/*
 * audit.c — the append-only, hash-chained audit log (SPEC §9). Each event's
 * hash is BLAKE2b-256 over the previous event's hash and the event's own
 * fields, each length-prefixed so no two events serialise alike. The newest
 * sequence number and hash are also kept in audit_head, written in the same
 * transaction, so that removing events from the end is caught too. Triggers
 * refuse UPDATE and DELETE; verification catches what bypasses them.
 */
#include "store/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "core/err.h"
#include "core/banned.h"

static const char genesis[CRYPTO_HEX256] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void
field(struct buf *b, const char *v)
{
	buf_addf(b, "%zu:", strlen(v));
	buf_adds(b, v);
	buf_addc(b, '\n');
}

static int
event_hash(const char *prev, int64_t seq, int64_t at, const char *actor,
	const char *action, const char *object, const char *detail, char out[CRYPTO_HEX256])
{
	struct buf b;
	int rc;

	buf_init(&b, 16 * 1024 * 1024);
	buf_adds(&b, "vigil-audit-v1\n");
	field(&b, prev);
	buf_addf(&b, "%" PRId64 "\n%" PRId64 "\n", seq, at);
	field(&b, actor);
	field(&b, action);
	field(&b, object);
	field(&b, detail);
	rc = buf_err(&b);
	if (rc == 0)
		crypto_blake2b_hex(buf_str(&b), b.len, out);
	buf_release(&b);
	return rc;
}

static int
head_get(struct store *st, int64_t *ret_seq, char ret_hash[CRYPTO_HEX256])
{
	sqlite3_stmt *s = st_get(st, S_AUDIT_HEAD);
	int rc;

	if (!s)
		return ERR_DB;
	rc = st_step(s);
	if (rc == 1) {
		const unsigned char *h = sqlite3_column_text(s, 1);

		*ret_seq = col_i64(s, 0);
		snprintf(ret_hash, CRYPTO_HEX256, "%s", h ? (const char *)h : "");
		rc = 0;
	} else if (rc == 0) {
		*ret_seq = 0;
		memcpy(ret_hash, genesis, CRYPTO_HEX256);
	}
	sqlite3_reset(s);
	return rc;
}

int
store_audit_append(struct store *st, int64_t at, const char *actor, const char *action,
	const char *object, const char *detail)
{
	char prev[CRYPTO_HEX256], hash[CRYPTO_HEX256];
	sqlite3_stmt *s;
	int64_t seq;
	int rc;

	if ((rc = head_get(st, &seq, prev)) < 0)
		return rc;
	seq++;
	if ((rc = event_hash(prev, seq, at, actor, action, object, detail, hash)) < 0)
		return rc;
	if (!(s = st_get(st, S_AUDIT_ADD)))
		return ERR_DB;
	st_i64(s, 1, seq);
	st_i64(s, 2, at);
	st_text(s, 3, actor);
	st_text(s, 4, action);
	st_text(s, 5, object);
	st_text(s, 6, detail);
	st_text(s, 7, prev);
	st_text(s, 8, hash);
	if ((rc = st_exec(s)) < 0)
		return rc;
	if (!(s = st_get(st, S_AUDIT_HEAD_SET)))
		return ERR_DB;
	st_i64(s, 1, seq);
	st_text(s, 2, hash);
	return st_exec(s);
}

static const char *
txt(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

int
store_audit_verify(struct store *st, int64_t *ret_count, int64_t *ret_bad_seq,
	const char **ret_why)
{
	char prev[CRYPTO_HEX256], hash[CRYPTO_HEX256], head[CRYPTO_HEX256];
	sqlite3_stmt *s;
	int64_t expect = 1, head_seq, bad = 0;
	const char *why = NULL;
	int rc;

	if ((rc = head_get(st, &head_seq, head)) < 0)
		return rc;
	if (!(s = st_get(st, S_AUDIT_WALK)))
		return ERR_DB;
	memcpy(prev, genesis, CRYPTO_HEX256);
	while (!why && (rc = st_step(s)) == 1) {
		int64_t seq = col_i64(s, 0);

		if (seq != expect) {
			why = seq > expect ? "event missing before this one" : "events out of order";
			bad = expect;
		} else if (!crypto_hex_equal(txt(s, 6), prev)) {
			why = "link to the previous event broken (event removed or reordered)";
			bad = seq;
		} else if (event_hash(prev, seq, col_i64(s, 1), txt(s, 2), txt(s, 3), txt(s, 4),
		    txt(s, 5), hash) < 0 || !crypto_hex_equal(hash, txt(s, 7))) {
			why = "event content changed";
			bad = seq;
		} else {
			memcpy(prev, hash, CRYPTO_HEX256);
			expect++;
		}
	}
	sqlite3_reset(s);
	if (rc < 0)
		return rc;
	if (!why && (head_seq != expect - 1 || !crypto_hex_equal(head, prev))) {
		why = "events removed from the end of the log";
		bad = expect;
	}
	if (why) {
		*ret_bad_seq = bad;
		*ret_why = why;
		return ERR_INTEGRITY;
	}
	*ret_count = expect - 1;
	return 0;
}

static int
fill_event(sqlite3_stmt *s, void *out)
{
	struct audit_event *e = out;

	e->seq = col_i64(s, 0);
	e->at = col_i64(s, 1);
	e->actor = col_dup(s, 2);
	e->action = col_dup(s, 3);
	e->object = col_dup(s, 4);
	e->detail = col_dup(s, 5);
	return e->actor && e->action && e->object && e->detail ? 0 : ERR_NOMEM;
}

REL_WRAP(audit_event)

int
store_audit_list(struct store *st, const char *object, size_t limit,
	struct audit_event **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, object ? S_AUDIT_LIST_OBJECT : S_AUDIT_LIST);
	int i = 1;

	if (!s)
		return ERR_DB;
	if (object)
		st_text(s, i++, object);
	st_i64(s, i, (int64_t)limit);
	return st_collect(s, sizeof(struct audit_event), fill_event, audit_event_rel,
		(void **)ret, ret_n);
}

/* --- the issue page's history --- */

void
audit_tally_free(struct audit_tally *t, size_t n)
{
	if (!t)
		return;
	for (size_t i = 0; i < n; i++)
		free(t[i].actor);
	free(t);
}

static int
fill_tally(sqlite3_stmt *s, void *out)
{
	struct audit_tally *t = out;

	t->actor = col_dup(s, 0);
	t->count = col_i64(s, 1);
	t->last_at = col_i64(s, 2);
	return t->actor ? 0 : ERR_NOMEM;
}

static void
tally_rel(void *p)
{
	free(((struct audit_tally *)p)->actor);
}

int
store_audit_history(struct store *st, const char *object, const char *tallied,
	size_t limit, struct audit_event **ret, size_t *ret_n, struct audit_tally **ret_t,
	size_t *ret_tn)
{
	sqlite3_stmt *s = st_get(st, S_AUDIT_OBJECT_EVENTS);
	struct audit_event *ev = NULL;
	size_t n = 0;
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, object);
	st_text(s, 2, tallied);
	st_i64(s, 3, (int64_t)limit);
	if ((rc = st_collect(s, sizeof(*ev), fill_event, audit_event_rel, (void **)&ev, &n)) < 0)
		return rc;
	if (!(s = st_get(st, S_AUDIT_OBJECT_TALLY))) {
		OBJ_LIST_FREE(ev, n, audit_event_release);
		return ERR_DB;
	}
	st_text(s, 1, object);
	st_text(s, 2, tallied);
	if ((rc = st_collect(s, sizeof(**ret_t), fill_tally, tally_rel, (void **)ret_t,
	    ret_tn)) < 0) {
		OBJ_LIST_FREE(ev, n, audit_event_release);
		return rc;
	}
	*ret = ev;
	*ret_n = n;
	return 0;
}
