/*
 * person.c — people and their global roles in the store (see store.h).
 */
#include "store/internal.h"

#include <stdlib.h>

#include "core/err.h"
#include "core/banned.h"

REL_WRAP(person)

static int
fill_person(sqlite3_stmt *s, void *out)
{
	struct person *p = out;

	p->id = col_i64(s, 0);
	p->login = col_dup(s, 1);
	p->email = col_dup(s, 2);
	p->name = col_dup(s, 3);
	p->roles = (unsigned)col_i64(s, 4);
	p->disabled = col_i64(s, 5) != 0;
	p->created_at = col_i64(s, 6);
	if (!p->login || !p->email)
		return ERR_NOMEM;
	return 0;
}

int
store_person_add(struct store *st, const struct person *p, int64_t *ret_id)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_ADD);
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, p->login);
	st_text(s, 2, p->email);
	st_text(s, 3, p->name);
	st_i64(s, 4, p->roles);
	st_i64(s, 5, p->created_at);
	if ((rc = st_exec(s)) < 0)
		return rc;
	*ret_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
get_one(sqlite3_stmt *s, struct person *ret)
{
	struct person p = {0};
	int rc = st_step(s);

	if (rc == 1)
		rc = fill_person(s, &p) < 0 ? ERR_NOMEM : 0;
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	if (rc < 0) {
		person_release(&p);
		return rc;
	}
	*ret = p;
	return 0;
}

int
store_person_get(struct store *st, const char *login, struct person *ret)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_GET);

	if (!s)
		return ERR_DB;
	st_text(s, 1, login);
	return get_one(s, ret);
}

int
store_person_get_id(struct store *st, int64_t id, struct person *ret)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_GET_ID);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	return get_one(s, ret);
}

int
store_person_list(struct store *st, struct person **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_LIST);

	if (!s)
		return ERR_DB;
	return st_collect(s, sizeof(struct person), fill_person, person_rel,
		(void **)ret, ret_n);
}

int
store_person_set_roles(struct store *st, int64_t id, unsigned roles)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_SET_ROLES);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	st_i64(s, 2, roles);
	return st_exec(s);
}

int
store_person_set_disabled(struct store *st, int64_t id, bool disabled)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_SET_DISABLED);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	st_i64(s, 2, disabled);
	return st_exec(s);
}

int
store_person_count(struct store *st, int64_t *ret)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_COUNT);
	int rc;

	if (!s)
		return ERR_DB;
	rc = st_step(s);
	if (rc == 1)
		*ret = col_i64(s, 0);
	sqlite3_reset(s);
	return rc < 0 ? rc : 0;
}
