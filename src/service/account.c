/*
 * account.c — signing in (SPEC §1, issue "serve"): argon2id passwords
 * (libsodium), throttled logins, sessions with CSRF tokens, API tokens with
 * a scope, and the TOTP second factor (RFC 6238, liboath) that every person
 * who can see embargoed data must give before a session gets issue data.
 * The sign-in throttle it calls is in throttle.c.
 * Handles untrusted input (logins, passwords, codes, tokens); secrets are
 * compared only through hashes or constant-time functions.
 */
#include "service/internal.h"

#include <liboath/oath.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/limits.h"
#include "core/text.h"
#include "service/web_support.h"
#include "core/banned.h"

#define SESSION_HOURS 12
#define PASSWORD_MIN 12
#define PASSWORD_MAX 1024
#define TOTP_STEP 30
#define RECOVERY_CODES 10

/* 32 random bytes as 64 hex digits, with an optional prefix. */
static void
random_token(const char *prefix, char out[SVC_TOKEN_MAX])
{
	unsigned char raw[32];
	char hex[65];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	snprintf(out, SVC_TOKEN_MAX, "%s%s", prefix, hex);
	sodium_memzero(raw, sizeof(raw));
}

static void
token_hash(const char *token, char out[CRYPTO_HEX256])
{
	crypto_sha256_hex(token, strlen(token), out);
}

/* Does this person need a second factor for their roles or work? */
static bool
needs_mfa(struct store *st, int64_t id, unsigned roles)
{
	/* every global role, and all work on issues: all of it needs the
	 * factor over the network (access.c, restrict_relation) */
	return roles != 0 || store_person_owns_something(st, id);
}

static int
check_password(const char *pw, struct errdetail *d)
{
	size_t n = pw ? strlen(pw) : 0;

	if (n < PASSWORD_MIN)
		return err_setf(d, ERR_INVAL, "password", "must be at least %d characters",
			PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return err_setf(d, ERR_INVAL, "password", "is longer than %d bytes", PASSWORD_MAX);
	return 0;
}

static int
hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ERR_NOMEM;
	return 0;
}

/* Verify a TOTP code against secret (base32); on success *ret_step is the
 * accepted time step. Codes of steps at or before last are replays. */
static bool
totp_ok(const char *secret_b32, const char *code, int64_t last, int64_t *ret_step)
{
	char *secret = NULL;
	size_t len = 0;
	uint64_t counter = 0;
	int pos = 0, rc;

	if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return false;
	if (oath_base32_decode(secret_b32, strlen(secret_b32), &secret, &len) != OATH_OK)
		return false;
	rc = oath_totp_validate3(secret, len, (time_t)clock_now(), TOTP_STEP, 0, 1, &pos,
		&counter, code);
	sodium_memzero(secret, len);
	free(secret);
	if (rc < 0 || (int64_t)counter <= last)
		return false;
	*ret_step = (int64_t)counter;
	return true;
}

static int
second_factor(struct svc *svc, const struct person_auth *a, const char *otp, bool later,
	bool *ret_mfa)
{
	char hash[CRYPTO_HEX256];
	int64_t step;

	*ret_mfa = false;
	if (!a->totp_enabled)
		return 0; /* not enrolled: a restricted session that may enrol */
	if (!otp && later)
		return 0; /* the web's first step: restricted until the code is given */
	if (!otp)
		return ERR_PERM;
	if (totp_ok(a->totp_secret, otp, a->totp_last_step, &step)) {
		int rc = store_person_set_totp_step(svc->st, a->id, step);

		/* ERR_CONFLICT: another sign-in took this step (or a later one)
		 * since a was read — a replayed code, so a wrong one */
		if (rc == ERR_CONFLICT)
			return ERR_PERM;
		*ret_mfa = rc == 0;
		return rc;
	}
	token_hash(otp, hash);
	if (store_recovery_use(svc->st, a->id, hash, clock_now()) == 0) {
		*ret_mfa = true;
		return 0;
	}
	return ERR_PERM;
}

/* Sign in; later: an enrolled person without otp gets a restricted session
 * that may give its code afterwards (svc_session_second_factor). */
static int
sign_in(struct svc *svc, const char *login, const char *password, const char *otp, bool later,
	const char *addr, struct login_result *ret, struct errdetail *d)
{
	char dummy[crypto_pwhash_STRBYTES];
	struct person_auth a = {0};
	struct login_result r = {0};
	char hash[CRYPTO_HEX256];
	int64_t now = clock_now(), attempt = 0;
	bool found, pass_ok, mfa = false;
	int rc, cred;

	if (text_check_login(NULL, "login", login) < 0 || !password ||
	    strlen(password) > PASSWORD_MAX || !addr)
		return err_set(d, ERR_PERM, "login", "wrong login, password or code");
	if ((rc = throttle_enter(svc, login, addr, "login", &attempt, d)) < 0)
		return rc;
	found = store_person_auth(svc->st, login, &a) == 0 && !a.disabled && a.password_hash;
	/* an unknown login costs one argon2id computation too */
	if (found) {
		pass_ok = crypto_pwhash_str_verify(a.password_hash, password,
			strlen(password)) == 0;
	} else {
		(void)hash_password(password, dummy);
		pass_ok = false;   /* whatever the hashing did */
	}

	if (!pass_ok)
		goto failed;
	if ((rc = svc_begin(svc, d)) < 0)
		goto no_failure;
	rc = cred = second_factor(svc, &a, otp, later, &mfa);
	if (rc == 0)   /* right credentials: the attempt was no failure */
		rc = store_login_failure_delete(svc->st, attempt);
	if (rc == 0) {
		random_token("", r.session);
		random_token("", r.csrf);
		token_hash(r.session, hash);
		rc = store_session_add(svc->st, a.id, hash, r.csrf, mfa, now,
			now + SESSION_HOURS * 3600);
	}
	if (rc == 0)
		rc = store_audit_append(svc->st, now, login, "login.success", login,
			mfa ? "{\"mfa\":true}" : "{\"mfa\":false}");
	/* the whole sign-in (a restricted session of an enrolled person is
	 * not: svc_session_second_factor() completes it) */
	if (rc == 0 && (mfa || !a.totp_enabled))
		rc = throttle_remember(svc, login, addr);
	if (rc < 0) {
		store_rollback(svc->st);
		if (cred == ERR_PERM)
			goto failed;
		/* only wrong credentials are a failure: a database error after
		 * right ones must not count against the owner */
		rc = err_set(d, ERR_DB, "db", "cannot complete the sign-in");
		goto no_failure;
	}
	if ((rc = svc_end(svc, 0, d)) < 0)
		goto no_failure;
	r.mfa = mfa;
	r.mfa_enrolled = a.totp_enabled;
	r.mfa_required = needs_mfa(svc->st, a.id, a.roles);
	*ret = r;
	goto out;
failed:
	throttle_failed(svc, login, addr, pass_ok ? "second factor" : "password");
	rc = err_set(d, ERR_PERM, "login", "wrong login, password or code");
	goto out;
no_failure:
	throttle_drop(svc, attempt);
out:
	sodium_memzero(&r, sizeof(r));
	person_auth_release(&a);
	return rc;
}

int
svc_login(struct svc *svc, const char *login_name, const char *password, const char *otp,
	const char *addr, struct login_result *ret, struct errdetail *d)
{
	return sign_in(svc, login_name, password, otp, false, addr, ret, d);
}

/* the first step of the web's two-step sign-in (web_support.h) */
int
svc_login_first_step(struct svc *svc, const char *login_name, const char *password,
	const char *addr, struct login_result *ret, struct errdetail *d)
{
	return sign_in(svc, login_name, password, NULL, true, addr, ret, d);
}

/* the second step (web_support.h) */
int
svc_session_second_factor(struct svc *svc, const char *code, const char *addr,
	struct errdetail *d)
{
	struct person_auth a = {0};
	int64_t attempt = 0;
	bool mfa = false;
	int rc, cred;

	if (!svc->me.id || !svc->session_id)
		return err_set(d, ERR_PERM, "auth", "not signed in with a session");
	if (!svc->restricted)
		return err_set(d, ERR_CONFLICT, "code", "this session has given it already");
	if (!addr || !code || !*code || strlen(code) > PASSWORD_MAX)
		return err_set(d, ERR_PERM, "code", "is wrong");
	if ((rc = store_person_auth(svc->st, svc->me.login, &a)) < 0)
		return err_set(d, rc, "db", "cannot read the account");
	if (!a.totp_enabled) {
		rc = err_set(d, ERR_CONFLICT, "code", "you have not set up a second factor yet");
		goto out;
	}
	if ((rc = throttle_enter(svc, svc->me.login, addr, "code", &attempt, d)) < 0)
		goto out;
	if ((rc = svc_begin(svc, d)) < 0)
		goto no_failure;
	rc = cred = second_factor(svc, &a, code, false, &mfa);
	if (rc == 0)   /* a right code: the attempt was no failure */
		rc = store_login_failure_delete(svc->st, attempt);
	if (rc == 0)
		rc = store_session_set_mfa(svc->st, svc->session_id);
	if (rc == 0)
		rc = svc_audit(svc, "login.success", svc->me.login, json_pack("{s:b,s:s}", "mfa",
			1, "step", "second factor"));
	if (rc == 0)
		rc = throttle_remember(svc, svc->me.login, addr);
	if (rc < 0) {
		store_rollback(svc->st);
		if (cred == ERR_PERM) {
			throttle_failed(svc, svc->me.login, addr, "second factor");
			rc = err_set(d, ERR_PERM, "code", "is wrong");
			goto out;
		}
		/* a database error after a right code is not a failure */
		rc = err_set(d, ERR_DB, "db", "cannot complete the sign-in");
		goto no_failure;
	}
	if ((rc = svc_end(svc, 0, d)) == 0) {
		svc->restricted = false;
		goto out;
	}
no_failure:
	throttle_drop(svc, attempt);
out:
	person_auth_release(&a);
	return rc;
}

/* Make the anonymous session svc act as person id, marking what the
 * sign-in gave; closes svc on failure. One connection per request. */
static int
act_as(struct svc *svc, int64_t person_id, bool mfa, struct svc **ret, struct errdetail *d)
{
	struct person p = {0};

	if (store_person_get_id(svc->st, person_id, &p) < 0 || p.disabled) {
		person_release(&p);
		svc_close(svc);
		return err_set(d, ERR_PERM, "auth", "not signed in");
	}
	person_release(&svc->me);
	svc->me = p;
	svc->restricted = !mfa;
	svc->networked = true;
	*ret = svc;
	return 0;
}

int
svc_open_session(const char *path, const char *session, struct svc **ret,
	char ret_csrf[SVC_TOKEN_MAX], struct errdetail *d)
{
	struct session_row row = {0};
	struct svc *svc = NULL;
	char hash[CRYPTO_HEX256];
	int rc;

	if (!session || strlen(session) != 64)
		return err_set(d, ERR_PERM, "auth", "not signed in");
	if ((rc = svc_open(path, NULL, &svc, d)) < 0)
		return rc;
	token_hash(session, hash);
	rc = store_session_get(svc->st, hash, &row);
	if (rc < 0 && rc != ERR_NOTFOUND) {
		/* the database failed: not the same as "signed out" */
		svc_close(svc);
		return err_set(d, rc, "session", "could not be read");
	}
	if (rc < 0 || row.revoked_at || row.expires_at <= clock_now()) {
		svc_close(svc);
		return err_set(d, ERR_PERM, "auth", "not signed in");
	}
	if ((rc = act_as(svc, row.person_id, row.mfa, ret, d)) < 0)
		return rc;
	(*ret)->session_id = row.id;
	snprintf(ret_csrf, SVC_TOKEN_MAX, "%s", row.csrf);
	return 0;
}

int
svc_open_token(const char *path, const char *token, struct svc **ret, struct errdetail *d)
{
	struct api_token t = {0};
	struct svc *anon = NULL;
	char hash[CRYPTO_HEX256];
	int rc;

	if (!token || strlen(token) != 68 || strncmp(token, "vgl_", 4) != 0)
		return err_set(d, ERR_PERM, "auth", "not signed in");
	if ((rc = svc_open(path, NULL, &anon, d)) < 0)
		return rc;
	token_hash(token, hash);
	rc = store_token_get(anon->st, hash, &t);
	if (rc < 0 || t.revoked_at || t.expires_at <= clock_now()) {
		api_token_release(&t);
		svc_close(anon);
		return err_set(d, ERR_PERM, "auth", "not signed in");
	}
	rc = act_as(anon, t.person_id, t.mfa, ret, d);
	if (rc == 0) {
		(*ret)->read_only = strcmp(t.scope, "read") == 0;
		(*ret)->via_token = true;
	}
	api_token_release(&t);
	return rc;
}

int
svc_logout(struct svc *svc, struct errdetail *d)
{
	int rc;

	if (!svc->session_id)
		return err_set(d, ERR_PERM, "auth", "not signed in with a session");
	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	rc = store_session_revoke(svc->st, svc->session_id, clock_now());
	if (rc == 0)
		rc = svc_audit(svc, "logout", svc->me.login, NULL);
	return svc_end(svc, rc, d);
}

static int
set_password(struct svc *svc, int64_t id, const char *login, const char *pw, const char *act,
	struct errdetail *d)
{
	char hash[crypto_pwhash_STRBYTES];
	int64_t now = clock_now();
	int rc;

	if ((rc = hash_password(pw, hash)) < 0)
		return err_set(d, rc, "password", "cannot be hashed");
	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	rc = store_person_set_password(svc->st, id, hash, now);
	if (rc == 0)
		rc = store_session_revoke_all(svc->st, id, now);
	/* a reset by someone else ends the person's tokens too */
	if (rc == 0 && id != svc->me.id)
		rc = store_token_revoke_all(svc->st, id, now);
	if (rc == 0)
		rc = svc_audit(svc, act, login, NULL);
	return svc_end(svc, rc, d);
}

int
svc_password_change(struct svc *svc, const char *old, const char *new_password,
	struct errdetail *d)
{
	struct person_auth a = {0};
	int rc;
	if (svc->read_only)
		return err_set(d, ERR_PERM, "auth", "this token is read-only");

	if (!svc->me.id)
		return err_set(d, ERR_PERM, "auth", "not signed in");
	if ((rc = check_password(new_password, d)) < 0)
		return rc;
	if ((rc = store_person_auth(svc->st, svc->me.login, &a)) < 0)
		return err_set(d, rc, "db", "cannot read the account");
	/* the web's first sign-in step leaves an enrolled person's
	 * session restricted; the password alone must not take the account */
	if (svc->networked && svc->restricted && a.totp_enabled)
		rc = err_set(d, ERR_PERM, "auth", "give your second factor first");
	else if (a.password_hash && (!old || crypto_pwhash_str_verify(a.password_hash, old,
	    strlen(old)) != 0))
		rc = err_set(d, ERR_PERM, "old_password", "is wrong");
	else
		rc = set_password(svc, a.id, svc->me.login, new_password, "password.change", d);
	person_auth_release(&a);
	return rc;
}

/*
 * Over the network, new credentials for someone who can see embargoed data
 * would let an admin become them: that takes an admin who is psirt too.
 * (On the database file itself anyone can read everything anyway.)
 */
static int
may_reset(struct svc *svc, const struct person *p, struct errdetail *d)
{
	if (svc->networked && p->id != svc->me.id && !(acc_roles(svc) & ROLE_PSIRT) &&
	    ((p->roles & ROLE_PSIRT) || store_person_owns_something(svc->st, p->id)))
		return err_set(d, ERR_PERM, "login", "can see embargoed issues: only an admin "
			"who is also psirt may reset their sign-in");
	return 0;
}

int
svc_password_reset(struct svc *svc, const char *login, char ret_password[SVC_TOKEN_MAX],
	struct errdetail *d)
{
	unsigned char raw[18];
	char pw[SVC_TOKEN_MAX];
	struct person p = {0};
	int rc;

	if ((rc = acc_global(svc, GA_MANAGE_PEOPLE, d)) < 0 ||
	    (rc = svc_person(svc, "login", login, &p, d)) < 0)
		return rc;
	if ((rc = may_reset(svc, &p, d)) < 0) {
		person_release(&p);
		return rc;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(pw, sizeof(pw), raw, sizeof(raw),
		sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	rc = set_password(svc, p.id, login, pw, "password.reset", d);
	if (rc == 0)
		snprintf(ret_password, SVC_TOKEN_MAX, "%s", pw);
	sodium_memzero(pw, sizeof(pw));
	person_release(&p);
	return rc;
}

int
svc_totp_begin(struct svc *svc, char **ret_secret, char **ret_uri, struct errdetail *d)
{
	struct person_auth a = {0};
	unsigned char raw[20];
	char *b32 = NULL;
	size_t len = 0;
	struct buf uri;
	int rc;
	if (svc->read_only)
		return err_set(d, ERR_PERM, "auth", "this token is read-only");

	if (!svc->me.id)
		return err_set(d, ERR_PERM, "auth", "not signed in");
	if ((rc = store_person_auth(svc->st, svc->me.login, &a)) < 0)
		return err_set(d, rc, "db", "cannot read the account");
	if (a.totp_enabled) {
		person_auth_release(&a);
		return err_set(d, ERR_CONFLICT, "totp", "is already enrolled; an admin can reset it");
	}
	person_auth_release(&a);
	randombytes_buf(raw, sizeof(raw));
	if (oath_base32_encode((const char *)raw, sizeof(raw), &b32, &len) != OATH_OK)
		return err_set(d, ERR_NOMEM, "totp", "cannot encode the secret");
	sodium_memzero(raw, sizeof(raw));
	if ((rc = svc_begin(svc, d)) == 0) {
		rc = store_person_set_totp(svc->st, svc->me.id, b32, false);
		if (rc == 0)
			rc = svc_audit(svc, "totp.begin", svc->me.login, NULL);
		rc = svc_end(svc, rc, d);
	}
	buf_init(&uri, 1024);
	buf_addf(&uri, "otpauth://totp/vigil:%s?secret=%s&issuer=vigil&algorithm=SHA1"
		"&digits=6&period=%d", svc->me.login, b32, TOTP_STEP);
	if (rc == 0 && !(*ret_uri = buf_detach(&uri)))
		rc = ERR_NOMEM;
	buf_release(&uri);
	if (rc < 0) {
		free(b32);
		return rc;
	}
	*ret_secret = b32;
	return 0;
}

static int
new_recovery_codes(struct svc *svc, struct strlist *codes)
{
	int rc = store_recovery_clear(svc->st, svc->me.id);

	for (int i = 0; rc == 0 && i < RECOVERY_CODES; i++) {
		unsigned char raw[8];
		char code[32], hash[CRYPTO_HEX256];

		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(code, sizeof(code), raw, sizeof(raw));
		token_hash(code, hash);
		if ((rc = store_recovery_add(svc->st, svc->me.id, hash)) == 0)
			rc = strlist_add(codes, code);
	}
	return rc;
}

int
svc_totp_confirm(struct svc *svc, const char *code, struct strlist *ret_codes,
	struct errdetail *d)
{
	struct person_auth a = {0};
	struct strlist codes = {0};
	int64_t step;
	int rc;
	if (svc->read_only)
		return err_set(d, ERR_PERM, "auth", "this token is read-only");

	if (!svc->me.id)
		return err_set(d, ERR_PERM, "auth", "not signed in");
	if ((rc = store_person_auth(svc->st, svc->me.login, &a)) < 0)
		return err_set(d, rc, "db", "cannot read the account");
	if (a.totp_enabled || !a.totp_secret) {
		rc = err_set(d, ERR_CONFLICT, "totp", a.totp_enabled ? "is already enrolled" :
			"enrolment was not started");
		goto out;
	}
	if (!totp_ok(a.totp_secret, code, 0, &step)) {
		rc = err_set(d, ERR_INVAL, "code", "is not the current code of this secret");
		goto out;
	}
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_person_set_totp(svc->st, a.id, a.totp_secret, true);
	if (rc == 0)
		rc = store_person_set_totp_step(svc->st, a.id, step);
	if (rc == 0)
		rc = new_recovery_codes(svc, &codes);
	if (rc == 0 && svc->session_id)
		rc = store_session_set_mfa(svc->st, svc->session_id);
	if (rc == 0)
		rc = svc_audit(svc, "totp.enrol", svc->me.login, NULL);
	if ((rc = svc_end(svc, rc, d)) == 0) {
		svc->restricted = false;
		*ret_codes = codes;
		codes = (struct strlist){0};
	}
out:
	strlist_release(&codes);
	person_auth_release(&a);
	return rc;
}

int
svc_totp_reset(struct svc *svc, const char *login, struct errdetail *d)
{
	struct person p = {0};
	int rc;

	if ((rc = acc_global(svc, GA_MANAGE_PEOPLE, d)) < 0 ||
	    (rc = svc_person(svc, "login", login, &p, d)) < 0)
		return rc;
	if ((rc = may_reset(svc, &p, d)) < 0) {
		person_release(&p);
		return rc;
	}
	if ((rc = svc_begin(svc, d)) == 0) {
		rc = store_person_set_totp(svc->st, p.id, NULL, false);
		if (rc == 0)
			rc = store_session_revoke_all(svc->st, p.id, clock_now());
		if (rc == 0)
			rc = store_token_revoke_all(svc->st, p.id, clock_now());
		if (rc == 0)
			rc = svc_audit(svc, "totp.reset", login, NULL);
		rc = svc_end(svc, rc, d);
	}
	person_release(&p);
	return rc;
}

int
svc_token_create(struct svc *svc, const char *name, const char *scope, int days,
	char ret_token[SVC_TOKEN_MAX], struct errdetail *d)
{
	struct api_token t = {0};
	char tok[SVC_TOKEN_MAX], hash[CRYPTO_HEX256];
	int rc;

	/* a token cannot make tokens: that would let a leaked one outlive its
	 * expiry and revocation */
	if (!svc->me.id || svc->via_token)
		return err_set(d, ERR_PERM, "auth", "sign in with a session to create tokens");
	if ((rc = text_check_login(d, "name", name)) < 0)
		return rc;
	if (!scope || (strcmp(scope, "read") != 0 && strcmp(scope, "write") != 0))
		return err_set(d, ERR_INVAL, "scope", "must be read or write");
	if (days < 1 || days > 365)
		return err_set(d, ERR_INVAL, "days", "must be 1 to 365");
	random_token("vgl_", tok);
	token_hash(tok, hash);
	t.person_id = svc->me.id;
	t.name = (char *)name;
	snprintf(t.scope, sizeof(t.scope), "%s", scope);
	t.mfa = !svc->restricted;
	t.created_at = clock_now();
	t.expires_at = t.created_at + (int64_t)days * CLOCK_DAY;
	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	rc = store_token_add(svc->st, &t, hash);
	if (rc == ERR_CONFLICT)
		err_set(d, rc, "name", "you have a token of that name");
	if (rc == 0)
		rc = svc_audit(svc, "token.create", svc->me.login, json_pack("{s:s,s:s,s:i}",
			"name", name, "scope", scope, "days", days));
	if ((rc = svc_end(svc, rc, d)) == 0)
		snprintf(ret_token, SVC_TOKEN_MAX, "%s", tok);
	sodium_memzero(tok, sizeof(tok));
	return rc;
}

int
svc_token_list(struct svc *svc, struct api_token **ret, size_t *ret_n, struct errdetail *d)
{
	int rc;

	if (!svc->me.id)
		return err_set(d, ERR_PERM, "auth", "not signed in");
	if ((rc = store_token_list(svc->st, svc->me.id, ret, ret_n)) < 0)
		return err_set(d, rc, "db", "cannot list tokens");
	return 0;
}

int
svc_token_revoke(struct svc *svc, const char *name, struct errdetail *d)
{
	int rc;

	if (!svc->me.id || svc->read_only)
		return err_set(d, ERR_PERM, "auth", "not signed in");
	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	rc = store_token_revoke(svc->st, svc->me.id, name, clock_now());
	if (rc == ERR_NOTFOUND)
		err_set(d, rc, "name", "names no token of yours in force");
	if (rc == 0)
		rc = svc_audit(svc, "token.revoke", svc->me.login, json_pack("{s:s}", "name", name));
	return svc_end(svc, rc, d);
}

int
svc_account_info(struct svc *svc, struct account_info *ret, struct errdetail *d)
{
	struct person_auth a = {0};
	int rc;

	if (!svc->me.id)
		return err_set(d, ERR_PERM, "auth", "not signed in");
	if ((rc = store_person_auth(svc->st, svc->me.login, &a)) < 0)
		return err_set(d, rc, "db", "cannot read the account");
	ret->mfa_enrolled = a.totp_enabled;
	ret->mfa_required = needs_mfa(svc->st, a.id, a.roles);
	ret->mfa = !svc->restricted;
	person_auth_release(&a);
	return 0;
}
