/*
 * track.c — CVE ids, fixes and backports in the store (see store.h).
 */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/err.h"
#include "core/banned.h"

REL_WRAP(cve)
REL_WRAP(fix)
REL_WRAP(backport)

int
store_cve_reserve(struct store *st, int year, int seq, int64_t at)
{
	sqlite3_stmt *s = st_get(st, S_CVE_RESERVE);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, year);
	st_i64(s, 2, seq);
	st_i64(s, 3, at);
	return st_exec(s);
}

static int
fill_cve(sqlite3_stmt *s, void *out)
{
	struct cve *c = out;
	const unsigned char *id = sqlite3_column_text(s, 0);

	snprintf(c->id, sizeof(c->id), "%s", id ? (const char *)id : "");
	c->state = (enum cve_state)col_i64(s, 1);
	c->issue_id = col_i64(s, 2);
	c->reason = col_dup(s, 3);
	c->reserved_at = col_i64(s, 4);
	c->assigned_at = col_i64(s, 5);
	c->published_at = col_i64(s, 6);
	c->retired_at = col_i64(s, 7);
	return 0;
}

static int
cve_one(sqlite3_stmt *s, struct cve *ret)
{
	struct cve c = {0};
	int rc = st_step(s);

	if (rc == 1)
		rc = fill_cve(s, &c);
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	if (rc < 0)
		return rc;
	*ret = c;
	return 0;
}

int
store_cve_get(struct store *st, const char *id, struct cve *ret)
{
	sqlite3_stmt *s = st_get(st, S_CVE_GET);

	if (!s)
		return ERR_DB;
	st_text(s, 1, id);
	return cve_one(s, ret);
}

int
store_cve_next_free(struct store *st, struct cve *ret)
{
	sqlite3_stmt *s = st_get(st, S_CVE_NEXT_FREE);

	if (!s)
		return ERR_DB;
	return cve_one(s, ret);
}

int
store_cve_update(struct store *st, const struct cve *c)
{
	sqlite3_stmt *s = st_get(st, S_CVE_UPDATE);

	if (!s)
		return ERR_DB;
	st_text(s, 1, c->id);
	st_i64(s, 2, c->state);
	st_i64_opt(s, 3, c->issue_id);
	st_text(s, 4, c->reason);
	st_i64_opt(s, 5, c->assigned_at);
	st_i64_opt(s, 6, c->published_at);
	st_i64_opt(s, 7, c->retired_at);
	return st_exec(s);
}

int
store_cve_list(struct store *st, struct cve **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_CVE_LIST);

	if (!s)
		return ERR_DB;
	return st_collect(s, sizeof(struct cve), fill_cve, cve_rel, (void **)ret, ret_n);
}

int
store_cve_list_issue(struct store *st, int64_t issue_id, struct cve **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_CVE_LIST_ISSUE);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	return st_collect(s, sizeof(struct cve), fill_cve, cve_rel, (void **)ret, ret_n);
}

int
store_fix_add(struct store *st, const struct fix *f, int64_t *ret_id)
{
	sqlite3_stmt *s = st_get(st, S_FIX_ADD);
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, f->issue_id);
	st_text(s, 2, f->url);
	st_text(s, 3, f->repo);
	st_text(s, 4, f->branch);
	st_text(s, 5, f->commit);
	st_i64(s, 6, f->state);
	st_i64_opt(s, 7, f->merged_at);
	st_i64(s, 8, f->created_at);
	if ((rc = st_exec(s)) < 0)
		return rc;
	*ret_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
fill_fix(sqlite3_stmt *s, void *out)
{
	struct fix *f = out;

	f->id = col_i64(s, 0);
	f->issue_id = col_i64(s, 1);
	f->url = col_dup(s, 2);
	f->repo = col_dup(s, 3);
	f->branch = col_dup(s, 4);
	f->commit = col_dup(s, 5);
	f->state = (enum fix_state)col_i64(s, 6);
	f->merged_at = col_i64(s, 7);
	f->created_at = col_i64(s, 8);
	return f->url && f->branch ? 0 : ERR_NOMEM;
}

int
store_fix_get(struct store *st, int64_t issue_id, const char *url, struct fix *ret)
{
	sqlite3_stmt *s = st_get(st, S_FIX_GET);
	struct fix f = {0};
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	st_text(s, 2, url);
	rc = st_step(s);
	if (rc == 1)
		rc = fill_fix(s, &f);
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	if (rc < 0) {
		fix_release(&f);
		return rc;
	}
	*ret = f;
	return 0;
}

int
store_fix_update(struct store *st, const struct fix *f)
{
	sqlite3_stmt *s = st_get(st, S_FIX_UPDATE);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, f->id);
	st_text(s, 2, f->commit);
	st_i64(s, 3, f->state);
	st_i64_opt(s, 4, f->merged_at);
	return st_exec(s);
}

int
store_fix_list(struct store *st, int64_t issue_id, struct fix **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_FIX_LIST);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	return st_collect(s, sizeof(struct fix), fill_fix, fix_rel, (void **)ret, ret_n);
}

int
store_backport_add(struct store *st, const struct backport *b)
{
	sqlite3_stmt *s = st_get(st, S_BACKPORT_ADD);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, b->issue_id);
	st_i64(s, 2, b->release_id);
	st_i64(s, 3, b->state);
	st_text(s, 4, b->reason);
	sqlite3_bind_null(s, 5);
	st_i64(s, 6, b->updated_at);
	return st_exec(s);
}

static int
fill_backport(sqlite3_stmt *s, void *out)
{
	struct backport *b = out;

	b->id = col_i64(s, 0);
	b->issue_id = col_i64(s, 1);
	b->release_id = col_i64(s, 2);
	b->release = col_dup(s, 3);
	b->state = (enum backport_state)col_i64(s, 4);
	b->reason = col_dup(s, 5);
	b->fix_url = col_dup(s, 6);
	b->updated_at = col_i64(s, 7);
	return b->release ? 0 : ERR_NOMEM;
}

int
store_backport_get(struct store *st, int64_t issue_id, int64_t release_id,
	struct backport *ret)
{
	sqlite3_stmt *s = st_get(st, S_BACKPORT_GET);
	struct backport b = {0};
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	st_i64(s, 2, release_id);
	rc = st_step(s);
	if (rc == 1)
		rc = fill_backport(s, &b);
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	if (rc < 0) {
		backport_release(&b);
		return rc;
	}
	*ret = b;
	return 0;
}

int
store_backport_update(struct store *st, const struct backport *b)
{
	sqlite3_stmt *s = st_get(st, S_BACKPORT_UPDATE);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, b->id);
	st_i64(s, 2, b->state);
	st_text(s, 3, b->reason);
	st_i64(s, 4, b->issue_id);
	st_text(s, 5, b->fix_url);
	st_i64(s, 6, b->updated_at);
	return st_exec(s);
}

int
store_backport_list(struct store *st, int64_t issue_id, struct backport **ret,
	size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_BACKPORT_LIST);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	return st_collect(s, sizeof(struct backport), fill_backport, backport_rel,
		(void **)ret, ret_n);
}
