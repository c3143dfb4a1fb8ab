/*
 * issue.c — issues and the relation of a person to them in the store (see
 * store.h). The relation query gathers facts only; what they mean is
 * decided by model/visibility.c.
 */
#include "store/internal.h"

#include <stdlib.h>

#include "core/err.h"
#include "core/banned.h"

int
store_issue_add(struct store *st, const struct issue *is, int64_t *ret_id)
{
	sqlite3_stmt *s = st_get(st, S_ISSUE_ADD);
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, is->title);
	st_text(s, 2, is->description);
	st_i64(s, 3, is->state);
	st_i64(s, 4, is->reporter_id);
	st_i64(s, 5, is->source);
	st_i64(s, 6, is->embargo_max);
	st_i64(s, 7, is->reported_at);
	st_text(s, 8, is->introduced_in);
	st_i64_opt(s, 9, is->subsystem_id);
	st_text(s, 10, is->credit);
	st_i64(s, 11, is->anonymous);
	st_i64_opt(s, 12, is->acked_at);
	st_text(s, 13, is->affected_version);
	st_i64_opt(s, 14, is->embargo_until);
	if ((rc = st_exec(s)) < 0)
		return rc;
	*ret_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
fill_issue(sqlite3_stmt *s, struct issue *is)
{
	is->id = col_i64(s, 0);
	is->title = col_dup(s, 1);
	is->description = col_dup(s, 2);
	is->state = (enum state)col_i64(s, 3);
	is->priority = (int)col_i64(s, 4);
	is->cvss = col_dup(s, 5);
	is->cvss_score = sqlite3_column_double(s, 6);
	is->cvss_severity = col_dup(s, 7);
	is->subsystem_id = col_i64(s, 8);
	is->subsystem = col_dup(s, 9);
	is->reporter_id = col_i64(s, 10);
	is->reporter = col_dup(s, 11);
	is->assignee_id = col_i64(s, 12);
	is->assignee = col_dup(s, 13);
	is->source = (enum source)col_i64(s, 14);
	is->embargo = (enum embargo)col_i64(s, 15);
	is->embargo_until = col_i64(s, 16);
	is->embargo_max = col_i64(s, 17);
	is->reported_at = col_i64(s, 18);
	is->acked_at = col_i64(s, 19);
	is->accepted_at = col_i64(s, 20);
	is->released_at = col_i64(s, 21);
	is->published_at = col_i64(s, 22);
	is->introduced_in = col_dup(s, 23);
	is->fixed_in = col_dup(s, 24);
	is->credit = col_dup(s, 25);
	is->anonymous = col_i64(s, 26) != 0;
	is->resolution = (enum resolution)col_i64(s, 27);
	is->duplicate_of = col_dup(s, 28);
	is->disclosed_unfixed = col_i64(s, 29) != 0;
	is->tracked_publicly = col_i64(s, 30) != 0;
	is->public_link = col_dup(s, 31);
	is->publish_proposed_by = col_i64(s, 32);
	is->publish_reason = col_dup(s, 33);
	is->affected_version = col_dup(s, 34);
	return is->title && is->description && is->reporter ? 0 : ERR_NOMEM;
}

int
store_issue_get(struct store *st, int64_t id, struct issue *ret)
{
	sqlite3_stmt *s = st_get(st, S_ISSUE_GET);
	struct issue is = {0};
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	rc = st_step(s);
	if (rc == 1)
		rc = fill_issue(s, &is);
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	if (rc < 0) {
		issue_release(&is);
		return rc;
	}
	*ret = is;
	return 0;
}

int
store_issue_update(struct store *st, const struct issue *is)
{
	sqlite3_stmt *s = st_get(st, S_ISSUE_UPDATE);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, is->id);
	st_text(s, 2, is->title);
	st_text(s, 3, is->description);
	st_i64(s, 4, is->state);
	st_i64(s, 5, is->priority);
	st_text(s, 6, is->cvss);
	if (is->cvss)
		sqlite3_bind_double(s, 7, is->cvss_score);
	st_text(s, 8, is->cvss_severity);
	st_i64_opt(s, 9, is->subsystem_id);
	st_i64_opt(s, 10, is->assignee_id);
	st_i64(s, 11, is->embargo);
	st_i64_opt(s, 12, is->embargo_until);
	st_i64(s, 13, is->embargo_max);
	st_i64_opt(s, 14, is->acked_at);
	st_i64_opt(s, 15, is->accepted_at);
	st_i64_opt(s, 16, is->released_at);
	st_i64_opt(s, 17, is->published_at);
	st_text(s, 18, is->introduced_in);
	st_text(s, 19, is->fixed_in);
	st_text(s, 20, is->credit);
	st_i64(s, 21, is->anonymous);
	st_i64(s, 22, is->resolution);
	st_text(s, 23, is->duplicate_of);
	st_i64(s, 24, is->disclosed_unfixed);
	st_i64(s, 25, is->tracked_publicly);
	st_text(s, 26, is->public_link);
	st_i64_opt(s, 27, is->publish_proposed_by);
	st_text(s, 28, is->publish_reason);
	return st_exec(s);
}

static void
fill_relation(sqlite3_stmt *s, int64_t person_id, unsigned roles, struct relation *r)
{
	bool anon = person_id == 0;

	r->anonymous = anon;
	r->psirt = !anon && (roles & ROLE_PSIRT);
	r->admin = !anon && (roles & ROLE_ADMIN);
	r->director = !anon && (roles & ROLE_DIRECTOR);
	r->reporter = !anon && col_i64(s, 2);
	r->assignee = !anon && col_i64(s, 3);
	r->maintainer = !anon && col_i64(s, 4);
	r->architect = !anon && col_i64(s, 5);
	r->release_manager = !anon && col_i64(s, 6);
	r->granted = !anon && col_i64(s, 7);
}

int
store_issue_relation(struct store *st, int64_t id, int64_t person_id, unsigned roles,
	struct relation *ret, enum state *ret_state)
{
	sqlite3_stmt *s = st_get(st, S_ISSUE_RELATION);
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, person_id ? person_id : -1);
	st_i64(s, 2, id);
	rc = st_step(s);
	if (rc == 1) {
		struct relation r = {0};

		fill_relation(s, person_id, roles, &r);
		*ret = r;
		*ret_state = (enum state)col_i64(s, 1);
		rc = 0;
	} else if (rc == 0) {
		rc = ERR_NOTFOUND;
	}
	sqlite3_reset(s);
	return rc;
}

int
store_issue_relations(struct store *st, int64_t person_id, unsigned roles,
	struct issue_rel **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_ISSUE_RELATIONS);
	struct issue_rel *arr = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, person_id ? person_id : -1);
	while ((rc = st_step(s)) == 1) {
		if (n == cap) {
			struct issue_rel *na;

			cap = cap ? cap * 2 : 64;
			na = realloc(arr, cap * sizeof(*arr));
			if (!na) {
				rc = ERR_NOMEM;
				break;
			}
			arr = na;
		}
		arr[n].id = col_i64(s, 0);
		arr[n].state = (enum state)col_i64(s, 1);
		arr[n].rel = (struct relation){0};
		fill_relation(s, person_id, roles, &arr[n].rel);
		n++;
	}
	sqlite3_reset(s);
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*ret = arr;
	*ret_n = n;
	return 0;
}
