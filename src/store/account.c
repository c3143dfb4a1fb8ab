/*
 * account.c — sign-in data in the store: password hashes, TOTP seeds and
 * recovery codes, sessions, API tokens, failed logins and the addresses
 * each login completed a sign-in from (see store.h).
 * Tokens are looked up by the hash of the secret; the secret itself is
 * never stored.
 */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/err.h"
#include "core/banned.h"

REL_WRAP(api_token)

int
store_person_auth(struct store *st, const char *login, struct person_auth *ret)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_AUTH);
	struct person_auth a = {0};
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, login);
	rc = st_step(s);
	if (rc == 1) {
		a.id = col_i64(s, 0);
		a.roles = (unsigned)col_i64(s, 1);
		a.disabled = col_i64(s, 2) != 0;
		a.password_hash = col_dup(s, 3);
		a.totp_secret = col_dup(s, 4);
		a.totp_enabled = col_i64(s, 5) != 0;
		a.totp_last_step = col_i64(s, 6);
		rc = 0;
	} else if (rc == 0) {
		rc = ERR_NOTFOUND;
	}
	sqlite3_reset(s);
	if (rc < 0)
		return rc;
	*ret = a;
	return 0;
}

static int
exec_i64_text_i64(struct store *st, enum stmt_id id, int64_t a, const char *b, int64_t c,
	bool has_c)
{
	sqlite3_stmt *s = st_get(st, id);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, a);
	st_text(s, 2, b);
	if (has_c)
		st_i64(s, 3, c);
	return st_exec(s);
}

int
store_person_set_password(struct store *st, int64_t id, const char *hash, int64_t at)
{
	return exec_i64_text_i64(st, S_PERSON_SET_PASSWORD, id, hash, at, true);
}

int
store_person_set_totp(struct store *st, int64_t id, const char *secret, bool enabled)
{
	return exec_i64_text_i64(st, S_PERSON_SET_TOTP, id, secret, enabled, true);
}

int
store_person_set_totp_step(struct store *st, int64_t id, int64_t step)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_SET_TOTP_STEP);
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	st_i64(s, 2, step);
	if ((rc = st_exec(s)) < 0)
		return rc;
	/* an older or equal step was already accepted: a replay, maybe a
	 * concurrent one */
	return sqlite3_changes(st->db) > 0 ? 0 : ERR_CONFLICT;
}

bool
store_person_owns_something(struct store *st, int64_t id)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_OWNS);
	bool yes = true; /* on error, require the second factor */

	if (!s)
		return true;
	st_i64(s, 1, id);
	if (st_step(s) == 1)
		yes = col_i64(s, 0) != 0;
	sqlite3_reset(s);
	return yes;
}

int
store_recovery_clear(struct store *st, int64_t person_id)
{
	sqlite3_stmt *s = st_get(st, S_RECOVERY_CLEAR);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, person_id);
	return st_exec(s);
}

int
store_recovery_add(struct store *st, int64_t person_id, const char *code_hash)
{
	return exec_i64_text_i64(st, S_RECOVERY_ADD, person_id, code_hash, 0, false);
}

int
store_recovery_use(struct store *st, int64_t person_id, const char *code_hash, int64_t at)
{
	int rc = exec_i64_text_i64(st, S_RECOVERY_USE, person_id, code_hash, at, true);

	if (rc < 0)
		return rc;
	return sqlite3_changes(st->db) > 0 ? 0 : ERR_NOTFOUND;
}

int
store_session_add(struct store *st, int64_t person_id, const char *token_hash,
	const char *csrf, bool mfa, int64_t created, int64_t expires)
{
	sqlite3_stmt *s = st_get(st, S_SESSION_ADD);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, person_id);
	st_text(s, 2, token_hash);
	st_text(s, 3, csrf);
	st_i64(s, 4, mfa);
	st_i64(s, 5, created);
	st_i64(s, 6, expires);
	return st_exec(s);
}

int
store_session_get(struct store *st, const char *token_hash, struct session_row *ret)
{
	sqlite3_stmt *s = st_get(st, S_SESSION_GET);
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, token_hash);
	rc = st_step(s);
	if (rc == 1) {
		const unsigned char *csrf = sqlite3_column_text(s, 2);

		ret->id = col_i64(s, 0);
		ret->person_id = col_i64(s, 1);
		snprintf(ret->csrf, sizeof(ret->csrf), "%s", csrf ? (const char *)csrf : "");
		ret->mfa = col_i64(s, 3) != 0;
		ret->expires_at = col_i64(s, 4);
		ret->revoked_at = col_i64(s, 5);
		rc = 0;
	} else if (rc == 0) {
		rc = ERR_NOTFOUND;
	}
	sqlite3_reset(s);
	return rc;
}

static int
exec_id_at(struct store *st, enum stmt_id id, int64_t a, int64_t at, bool has_at)
{
	sqlite3_stmt *s = st_get(st, id);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, a);
	if (has_at)
		st_i64(s, 2, at);
	return st_exec(s);
}

int
store_session_set_mfa(struct store *st, int64_t id)
{
	return exec_id_at(st, S_SESSION_SET_MFA, id, 0, false);
}

int
store_session_revoke(struct store *st, int64_t id, int64_t at)
{
	return exec_id_at(st, S_SESSION_REVOKE, id, at, true);
}

int
store_session_revoke_all(struct store *st, int64_t person_id, int64_t at)
{
	return exec_id_at(st, S_SESSION_REVOKE_ALL, person_id, at, true);
}

int
store_token_revoke_all(struct store *st, int64_t person_id, int64_t at)
{
	return exec_id_at(st, S_TOKEN_REVOKE_ALL, person_id, at, true);
}

int
store_login_failure_prune(struct store *st, int64_t before)
{
	return exec_id_at(st, S_LOGIN_FAILURE_PRUNE, before, 0, false);
}

int
store_token_add(struct store *st, const struct api_token *t, const char *token_hash)
{
	sqlite3_stmt *s = st_get(st, S_TOKEN_ADD);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, t->person_id);
	st_text(s, 2, t->name);
	st_text(s, 3, token_hash);
	st_text(s, 4, t->scope);
	st_i64(s, 5, t->mfa);
	st_i64(s, 6, t->created_at);
	st_i64(s, 7, t->expires_at);
	return st_exec(s);
}

static int
fill_token(sqlite3_stmt *s, void *out)
{
	struct api_token *t = out;
	const unsigned char *scope = sqlite3_column_text(s, 3);

	t->id = col_i64(s, 0);
	t->person_id = col_i64(s, 1);
	t->name = col_dup(s, 2);
	snprintf(t->scope, sizeof(t->scope), "%s", scope ? (const char *)scope : "");
	t->mfa = col_i64(s, 4) != 0;
	t->created_at = col_i64(s, 5);
	t->expires_at = col_i64(s, 6);
	t->revoked_at = col_i64(s, 7);
	return t->name ? 0 : ERR_NOMEM;
}

int
store_token_get(struct store *st, const char *token_hash, struct api_token *ret)
{
	sqlite3_stmt *s = st_get(st, S_TOKEN_GET);
	struct api_token t = {0};
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, token_hash);
	rc = st_step(s);
	if (rc == 1)
		rc = fill_token(s, &t);
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	if (rc < 0) {
		api_token_release(&t);
		return rc;
	}
	*ret = t;
	return 0;
}

int
store_token_list(struct store *st, int64_t person_id, struct api_token **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_TOKEN_LIST);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, person_id);
	return st_collect(s, sizeof(struct api_token), fill_token, api_token_rel,
		(void **)ret, ret_n);
}

int
store_token_revoke(struct store *st, int64_t person_id, const char *name, int64_t at)
{
	int rc = exec_i64_text_i64(st, S_TOKEN_REVOKE, person_id, name, at, true);

	if (rc < 0)
		return rc;
	return sqlite3_changes(st->db) > 0 ? 0 : ERR_NOTFOUND;
}

int
store_login_failure_add(struct store *st, const char *login, const char *addr, int64_t at)
{
	sqlite3_stmt *s = st_get(st, S_LOGIN_FAILURE_ADD);

	if (!s)
		return ERR_DB;
	st_text(s, 1, login);
	st_text(s, 2, addr);
	st_i64(s, 3, at);
	return st_exec(s);
}

int
store_login_attempt_add(struct store *st, const char *login, const char *addr, int64_t at,
	int64_t *ret_id)
{
	int rc = store_login_failure_add(st, login, addr, at);

	if (rc == 0)
		*ret_id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int
store_login_failure_delete(struct store *st, int64_t id)
{
	return exec_id_at(st, S_LOGIN_FAILURE_DELETE, id, 0, false);
}

int
store_login_failures(struct store *st, const char *login, const char *addr, int64_t since,
	int64_t *ret_login, int64_t *ret_addr)
{
	sqlite3_stmt *s = st_get(st, S_LOGIN_FAILURES);
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, login);
	st_text(s, 2, addr);
	st_i64(s, 3, since);
	rc = st_step(s);
	if (rc == 1) {
		*ret_login = col_i64(s, 0);
		*ret_addr = col_i64(s, 1);
		rc = 0;
	} else if (rc == 0) {
		rc = ERR_DB;
	}
	sqlite3_reset(s);
	return rc;
}

int
store_login_throttle(struct store *st, const char *login, const char *addr, int64_t since,
	int64_t known_since, struct login_throttle *ret)
{
	sqlite3_stmt *s = st_get(st, S_LOGIN_THROTTLE);
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, login);
	st_text(s, 2, addr);
	st_i64(s, 3, since);
	st_i64(s, 4, known_since);
	rc = st_step(s);
	if (rc == 1) {
		ret->pair = col_i64(s, 0);
		ret->addr = col_i64(s, 1);
		ret->login = col_i64(s, 2);
		ret->known = col_i64(s, 3) != 0;
		rc = 0;
	} else if (rc == 0) {
		rc = ERR_DB;
	}
	sqlite3_reset(s);
	return rc;
}

int
store_login_known_touch(struct store *st, const char *login, const char *addr, int64_t at)
{
	sqlite3_stmt *s = st_get(st, S_LOGIN_KNOWN_TOUCH);

	if (!s)
		return ERR_DB;
	st_text(s, 1, login);
	st_text(s, 2, addr);
	st_i64(s, 3, at);
	return st_exec(s);
}

int
store_login_known_prune(struct store *st, int64_t before)
{
	return exec_id_at(st, S_LOGIN_KNOWN_PRUNE, before, 0, false);
}
