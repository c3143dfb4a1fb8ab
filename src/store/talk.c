/*
 * talk.c — comments, attachments (content-addressed blobs) and access
 * grants in the store (see store.h). Attachment bytes are stored once per
 * SHA-256, in the database file itself so that they share its durability.
 */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/banned.h"

REL_WRAP(comment)
REL_WRAP(attachment)
REL_WRAP(grant)

int
store_comment_add(struct store *st, int64_t issue_id, int64_t author_id, bool internal,
	const char *body, int64_t at)
{
	sqlite3_stmt *s = st_get(st, S_COMMENT_ADD);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	st_i64(s, 2, author_id);
	st_i64(s, 3, internal);
	st_text(s, 4, body);
	st_i64(s, 5, at);
	return st_exec(s);
}

static int
fill_comment(sqlite3_stmt *s, void *out)
{
	struct comment *c = out;

	c->id = col_i64(s, 0);
	c->author = col_dup(s, 1);
	c->internal = col_i64(s, 2) != 0;
	c->body = col_dup(s, 3);
	c->created_at = col_i64(s, 4);
	return c->author && c->body ? 0 : ERR_NOMEM;
}

int
store_comment_list(struct store *st, int64_t issue_id, bool include_internal,
	struct comment **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_COMMENT_LIST);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	st_i64(s, 2, include_internal);
	return st_collect(s, sizeof(struct comment), fill_comment, comment_rel,
		(void **)ret, ret_n);
}

int
store_attachment_add(struct store *st, int64_t issue_id, const char *name,
	const void *data, size_t len, int64_t uploader_id, int64_t at, int64_t *ret_id)
{
	char hex[CRYPTO_HEX256];
	sqlite3_stmt *s = st_get(st, S_BLOB_ADD);
	int rc;

	if (!s)
		return ERR_DB;
	crypto_sha256_hex(data, len, hex);
	st_text(s, 1, hex);
	st_i64(s, 2, (int64_t)len);
	sqlite3_bind_blob64(s, 3, len ? data : "", len, SQLITE_STATIC);
	if ((rc = st_exec(s)) < 0)
		return rc;
	if (!(s = st_get(st, S_ATTACHMENT_ADD)))
		return ERR_DB;
	st_i64(s, 1, issue_id);
	st_text(s, 2, name);
	st_text(s, 3, hex);
	st_i64(s, 4, (int64_t)len);
	st_i64(s, 5, uploader_id);
	st_i64(s, 6, at);
	if ((rc = st_exec(s)) < 0)
		return rc;
	*ret_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
fill_attachment(sqlite3_stmt *s, void *out)
{
	struct attachment *a = out;
	const unsigned char *h;

	a->id = col_i64(s, 0);
	a->name = col_dup(s, 1);
	h = sqlite3_column_text(s, 2);
	snprintf(a->sha256, sizeof(a->sha256), "%s", h ? (const char *)h : "");
	a->size = col_i64(s, 3);
	a->uploader = col_dup(s, 4);
	a->created_at = col_i64(s, 5);
	return a->name && a->uploader ? 0 : ERR_NOMEM;
}

int
store_attachment_list(struct store *st, int64_t issue_id, struct attachment **ret,
	size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_ATTACHMENT_LIST);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	return st_collect(s, sizeof(struct attachment), fill_attachment, attachment_rel,
		(void **)ret, ret_n);
}

static int
blob_get(struct store *st, const char *sha, size_t size, void **ret)
{
	sqlite3_stmt *s = st_get(st, S_BLOB_GET);
	void *copy;
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, sha);
	rc = st_step(s);
	if (rc != 1) {
		sqlite3_reset(s);
		return rc < 0 ? rc : ERR_NOTFOUND;
	}
	if ((size_t)sqlite3_column_bytes(s, 0) != size) {
		sqlite3_reset(s);
		return ERR_INTEGRITY;
	}
	copy = malloc(size ? size : 1);
	if (copy && size)
		memcpy(copy, sqlite3_column_blob(s, 0), size);
	sqlite3_reset(s);
	if (!copy)
		return ERR_NOMEM;
	*ret = copy;
	return 0;
}

int
store_attachment_get(struct store *st, int64_t issue_id, int64_t id,
	struct attachment *ret, void **ret_data)
{
	sqlite3_stmt *s = st_get(st, S_ATTACHMENT_GET);
	struct attachment a = {0};
	char hex[CRYPTO_HEX256];
	void *data = NULL;
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	st_i64(s, 2, id);
	rc = st_step(s);
	if (rc == 1)
		rc = fill_attachment(s, &a);
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	if (rc == 0)
		rc = blob_get(st, a.sha256, (size_t)a.size, &data);
	if (rc == 0) {
		crypto_sha256_hex(data, (size_t)a.size, hex);
		if (!crypto_hex_equal(hex, a.sha256))
			rc = ERR_INTEGRITY;
	}
	if (rc < 0) {
		free(data);
		attachment_release(&a);
		return rc;
	}
	*ret = a;
	*ret_data = data;
	return 0;
}

int
store_grant_add(struct store *st, int64_t issue_id, int64_t person_id, int64_t by,
	const char *reason, int64_t at)
{
	sqlite3_stmt *s = st_get(st, S_GRANT_ADD);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	st_i64(s, 2, person_id);
	st_i64(s, 3, by);
	st_text(s, 4, reason);
	st_i64(s, 5, at);
	return st_exec(s);
}

int
store_grant_revoke(struct store *st, int64_t issue_id, int64_t person_id, int64_t by,
	int64_t at)
{
	sqlite3_stmt *s = st_get(st, S_GRANT_REVOKE);
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	st_i64(s, 2, person_id);
	st_i64(s, 3, by);
	st_i64(s, 4, at);
	if ((rc = st_exec(s)) < 0)
		return rc;
	return sqlite3_changes(st->db) > 0 ? 0 : ERR_NOTFOUND;
}

static int
fill_grant(sqlite3_stmt *s, void *out)
{
	struct grant *g = out;

	g->id = col_i64(s, 0);
	g->person = col_dup(s, 1);
	g->granted_by = col_dup(s, 2);
	g->reason = col_dup(s, 3);
	g->granted_at = col_i64(s, 4);
	g->revoked_by = col_dup(s, 5);
	g->revoked_at = col_i64(s, 6);
	return g->person && g->granted_by && g->reason ? 0 : ERR_NOMEM;
}

int
store_grant_list(struct store *st, int64_t issue_id, struct grant **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_GRANT_LIST);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	return st_collect(s, sizeof(struct grant), fill_grant, grant_rel, (void **)ret, ret_n);
}
