/*
 * meeting.c — meetings of the security committee, attendees and their
 * decisions in the store (see store.h).
 */
#include "store/internal.h"

#include <stdlib.h>

#include "core/err.h"
#include "core/banned.h"

REL_WRAP(meeting)

int
store_meeting_add(struct store *st, int64_t date, const int64_t *attendees, size_t n,
	int64_t by, int64_t at, int64_t *ret_id)
{
	sqlite3_stmt *s = st_get(st, S_MEETING_ADD);
	int64_t id;
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, date);
	st_i64(s, 2, by);
	st_i64(s, 3, at);
	if ((rc = st_exec(s)) < 0)
		return rc;
	id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < n; i++) {
		if (!(s = st_get(st, S_MEETING_ATTENDEE_ADD)))
			return ERR_DB;
		st_i64(s, 1, id);
		st_i64(s, 2, attendees[i]);
		if ((rc = st_exec(s)) < 0)
			return rc;
	}
	*ret_id = id;
	return 0;
}

static int
fill_meeting(sqlite3_stmt *s, void *out)
{
	struct meeting *m = out;

	m->id = col_i64(s, 0);
	m->date = col_i64(s, 1);
	return 0;
}

static int
meeting_details(struct store *st, struct meeting *m)
{
	sqlite3_stmt *s = st_get(st, S_MEETING_ATTENDEES);
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, m->id);
	if ((rc = st_strlist(s, &m->attendees)) < 0)
		return rc;
	if (!(s = st_get(st, S_DECISION_LIST)))
		return ERR_DB;
	st_i64(s, 1, m->id);
	while ((rc = st_step(s)) == 1) {
		struct decision *nd = realloc(m->decisions, (m->ndecisions + 1) * sizeof(*nd));

		if (!nd) {
			rc = ERR_NOMEM;
			break;
		}
		m->decisions = nd;
		nd = &m->decisions[m->ndecisions++];
		nd->id = col_i64(s, 0);
		nd->issue_id = col_i64(s, 1);
		nd->kind = col_dup(s, 2);
		nd->until = col_i64(s, 3);
		nd->reason = col_dup(s, 4);
	}
	sqlite3_reset(s);
	return rc < 0 ? rc : 0;
}

int
store_meeting_get(struct store *st, int64_t id, struct meeting *ret)
{
	sqlite3_stmt *s = st_get(st, S_MEETING_GET);
	struct meeting m = {0};
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	rc = st_step(s);
	if (rc == 1)
		rc = fill_meeting(s, &m);
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	if (rc == 0)
		rc = meeting_details(st, &m);
	if (rc < 0) {
		meeting_release(&m);
		return rc;
	}
	*ret = m;
	return 0;
}

int
store_meeting_list(struct store *st, struct meeting **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_MEETING_LIST);
	struct meeting *arr;
	size_t n;
	int rc;

	if (!s)
		return ERR_DB;
	rc = st_collect(s, sizeof(*arr), fill_meeting, meeting_rel, (void **)&arr, &n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((rc = meeting_details(st, &arr[i])) < 0) {
			OBJ_LIST_FREE(arr, n, meeting_release);
			return rc;
		}
	}
	*ret = arr;
	*ret_n = n;
	return 0;
}

int
store_decision_add(struct store *st, int64_t meeting_id, int64_t issue_id,
	const char *kind, int64_t until, const char *reason, int64_t at)
{
	sqlite3_stmt *s = st_get(st, S_DECISION_ADD);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, meeting_id);
	st_i64(s, 2, issue_id);
	st_text(s, 3, kind);
	st_i64_opt(s, 4, until);
	st_text(s, 5, reason);
	st_i64(s, 6, at);
	return st_exec(s);
}
