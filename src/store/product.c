/*
 * product.c — subsystems (paths, maintainers, architect) and releases
 * (branch, date, LTS, support, managers) in the store (see store.h).
 */
#include "store/internal.h"

#include <stdlib.h>

#include "core/err.h"
#include "core/banned.h"

REL_WRAP(subsystem)
REL_WRAP(release)

static int
add_links(struct store *st, enum stmt_id id, int64_t owner, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *s = st_get(st, id);
		int rc;

		if (!s)
			return ERR_DB;
		st_i64(s, 1, owner);
		st_i64(s, 2, ids[i]);
		if ((rc = st_exec(s)) < 0)
			return rc;
	}
	return 0;
}

int
store_subsystem_add(struct store *st, const struct subsystem *sub, int64_t architect_id,
	const int64_t *maintainer_ids, size_t nmaint, int64_t *ret_id)
{
	sqlite3_stmt *s = st_get(st, S_SUBSYSTEM_ADD);
	int64_t id;
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, sub->name);
	st_i64_opt(s, 2, architect_id);
	if ((rc = st_exec(s)) < 0)
		return rc;
	id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < sub->globs.n; i++) {
		if (!(s = st_get(st, S_SUBSYSTEM_PATH_ADD)))
			return ERR_DB;
		st_i64(s, 1, id);
		st_text(s, 2, sub->globs.v[i]);
		if ((rc = st_exec(s)) < 0)
			return rc;
	}
	if ((rc = add_links(st, S_SUBSYSTEM_MAINT_ADD, id, maintainer_ids, nmaint)) < 0)
		return rc;
	*ret_id = id;
	return 0;
}

static int
fill_subsystem(sqlite3_stmt *s, void *out)
{
	struct subsystem *sub = out;

	sub->id = col_i64(s, 0);
	sub->name = col_dup(s, 1);
	sub->architect = col_dup(s, 2);
	return sub->name ? 0 : ERR_NOMEM;
}

static int
subsystem_details(struct store *st, struct subsystem *sub)
{
	sqlite3_stmt *s;
	int rc;

	if (!(s = st_get(st, S_SUBSYSTEM_PATHS)))
		return ERR_DB;
	st_i64(s, 1, sub->id);
	if ((rc = st_strlist(s, &sub->globs)) < 0)
		return rc;
	if (!(s = st_get(st, S_SUBSYSTEM_MAINTS)))
		return ERR_DB;
	st_i64(s, 1, sub->id);
	return st_strlist(s, &sub->maintainers);
}

int
store_subsystem_get(struct store *st, const char *name, struct subsystem *ret)
{
	sqlite3_stmt *s = st_get(st, S_SUBSYSTEM_GET);
	struct subsystem sub = {0};
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, name);
	rc = st_step(s);
	if (rc == 1)
		rc = fill_subsystem(s, &sub);
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	if (rc == 0)
		rc = subsystem_details(st, &sub);
	if (rc < 0) {
		subsystem_release(&sub);
		return rc;
	}
	*ret = sub;
	return 0;
}

int
store_subsystem_list(struct store *st, struct subsystem **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_SUBSYSTEM_LIST);
	struct subsystem *arr;
	size_t n;
	int rc;

	if (!s)
		return ERR_DB;
	rc = st_collect(s, sizeof(*arr), fill_subsystem, subsystem_rel, (void **)&arr, &n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((rc = subsystem_details(st, &arr[i])) < 0) {
			OBJ_LIST_FREE(arr, n, subsystem_release);
			return rc;
		}
	}
	*ret = arr;
	*ret_n = n;
	return 0;
}

int
store_release_add(struct store *st, const struct release *r, const int64_t *manager_ids,
	size_t nman, int64_t *ret_id)
{
	sqlite3_stmt *s = st_get(st, S_RELEASE_ADD);
	int64_t id;
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, r->name);
	st_text(s, 2, r->branch);
	st_i64(s, 3, r->date);
	st_i64(s, 4, r->lts);
	st_i64(s, 5, r->supported);
	if ((rc = st_exec(s)) < 0)
		return rc;
	id = sqlite3_last_insert_rowid(st->db);
	if ((rc = add_links(st, S_RELEASE_MANAGER_ADD, id, manager_ids, nman)) < 0)
		return rc;
	*ret_id = id;
	return 0;
}

static int
fill_release(sqlite3_stmt *s, void *out)
{
	struct release *r = out;

	r->id = col_i64(s, 0);
	r->name = col_dup(s, 1);
	r->branch = col_dup(s, 2);
	r->date = col_i64(s, 3);
	r->lts = col_i64(s, 4) != 0;
	r->supported = col_i64(s, 5) != 0;
	return r->name && r->branch ? 0 : ERR_NOMEM;
}

static int
release_managers(struct store *st, struct release *r)
{
	sqlite3_stmt *s = st_get(st, S_RELEASE_MANAGERS);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, r->id);
	return st_strlist(s, &r->managers);
}

int
store_release_get(struct store *st, const char *name, struct release *ret)
{
	sqlite3_stmt *s = st_get(st, S_RELEASE_GET);
	struct release r = {0};
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, name);
	rc = st_step(s);
	if (rc == 1)
		rc = fill_release(s, &r);
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	if (rc == 0)
		rc = release_managers(st, &r);
	if (rc < 0) {
		release_release(&r);
		return rc;
	}
	*ret = r;
	return 0;
}

int
store_release_list(struct store *st, struct release **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_RELEASE_LIST);
	struct release *arr;
	size_t n;
	int rc;

	if (!s)
		return ERR_DB;
	rc = st_collect(s, sizeof(*arr), fill_release, release_rel, (void **)&arr, &n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((rc = release_managers(st, &arr[i])) < 0) {
			OBJ_LIST_FREE(arr, n, release_release);
			return rc;
		}
	}
	*ret = arr;
	*ret_n = n;
	return 0;
}

int
store_release_set_supported(struct store *st, int64_t id, bool supported)
{
	sqlite3_stmt *s = st_get(st, S_RELEASE_SET_SUPPORTED);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	st_i64(s, 2, supported);
	return st_exec(s);
}

bool
store_release_is_manager(struct store *st, int64_t release_id, int64_t person_id)
{
	sqlite3_stmt *s = st_get(st, S_RELEASE_IS_MANAGER);
	int rc;

	if (!s)
		return false;
	st_i64(s, 1, release_id);
	st_i64(s, 2, person_id);
	rc = st_step(s);
	sqlite3_reset(s);
	return rc == 1;
}
