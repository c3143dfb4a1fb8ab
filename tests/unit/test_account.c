/*
 * test_account.c — unit tests of src/service/account.c on a real SQLite
 * file: password sign-in with one answer for every wrong credential,
 * throttling (per login and address, per login for addresses it never
 * signed in from), sessions (expiry, logout, revocation on password
 * change), the TOTP second factor (a person who must give one and has not
 * sees issues like an anonymous visitor and may do nothing else; enrolment;
 * replayed codes refused; recovery codes used once), and API tokens (read
 * scope refuses changes, revocation and expiry take effect on the next
 * open). Time is moved with VIGIL_NOW; TOTP codes come from liboath.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <liboath/oath.h>

#include "core/clock.h"
#include "service/service.h"
#include "core/banned.h"

#define T0 "2027-03-01T10:00:00Z"

struct fx {
	char dir[64];
	char db[128];
	char pw_alice[SVC_TOKEN_MAX];
	char pw_rep[SVC_TOKEN_MAX];
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct report_in in = {.title = "Overflow in the parser", .description = "details",
		.source = SRC_CLI};
	char key[ISSUE_KEY_MAX];
	struct svc *svc = NULL;
	struct errdetail d = {0};

	assert_non_null(fx);
	setenv("VIGIL_NOW", T0, 1);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/vigil-account-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->db, sizeof(fx->db), "%s/v.db", fx->dir);
	assert_int_equal(svc_init(fx->db, "admin", "admin@example.org", "SEC", &d), 0);
	assert_int_equal(svc_open(fx->db, "admin", &svc, &d), 0);
	assert_int_equal(svc_user_add(svc, "alice", "alice@example.org", NULL, ROLE_PSIRT, &d), 0);
	assert_int_equal(svc_user_add(svc, "rep", "rep@example.org", NULL, 0, &d), 0);
	assert_int_equal(svc_password_reset(svc, "alice", fx->pw_alice, &d), 0);
	assert_int_equal(svc_password_reset(svc, "rep", fx->pw_rep, &d), 0);
	svc_close(svc);
	assert_int_equal(svc_open(fx->db, "rep", &svc, &d), 0);
	assert_int_equal(svc_report(svc, &in, key, &d), 0);
	svc_close(svc);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	char path[160];

	snprintf(path, sizeof(path), "%s/v.db", fx->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/v.db-wal", fx->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/v.db-shm", fx->dir);
	unlink(path);
	rmdir(fx->dir);
	free(fx);
	unsetenv("VIGIL_NOW");
	return 0;
}

/* Sign in as an anonymous session on the database. */
static int
login(struct fx *fx, const char *who, const char *pw, const char *otp,
	struct login_result *r, struct errdetail *d)
{
	struct svc *anon = NULL;
	int rc;

	assert_int_equal(svc_open(fx->db, NULL, &anon, d), 0);
	rc = svc_login(anon, who, pw, otp, "192.0.2.1", r, d);
	svc_close(anon);
	return rc;
}

/* The TOTP code of a base32 secret at time t. */
static void
totp_at(const char *b32, int64_t t, char code[7])
{
	char *secret = NULL;
	size_t len = 0;

	assert_int_equal(oath_base32_decode(b32, strlen(b32), &secret, &len), OATH_OK);
	assert_int_equal(oath_totp_generate(secret, len, (time_t)t, 30, 0, 6, code), OATH_OK);
	free(secret);
}

static size_t
visible_issues(struct svc *svc)
{
	struct issue_view *v = NULL;
	struct issue_filter f = {.state = -1};
	struct errdetail d = {0};
	size_t n = 0;

	assert_int_equal(svc_issue_list(svc, &f, &v, &n, &d), 0);
	issue_view_list_free(v, n);
	return n;
}

static void
test_wrong_credentials_answer_alike(void **state)
{
	struct fx *fx = *state;
	struct login_result r;
	struct errdetail d1 = {0}, d2 = {0}, d3 = {0};

	assert_int_equal(login(fx, "rep", "wrong password!!", NULL, &r, &d1), ERR_PERM);
	assert_int_equal(login(fx, "nobody", "wrong password!!", NULL, &r, &d2), ERR_PERM);
	assert_int_equal(login(fx, "rep", "", NULL, &r, &d3), ERR_PERM);
	assert_string_equal(d1.field, d2.field);
	assert_string_equal(d1.reason, d2.reason);
	assert_string_equal(d1.reason, d3.reason);
}

static void
test_session_login_expiry_logout(void **state)
{
	struct fx *fx = *state;
	struct login_result r = {0};
	char csrf[SVC_TOKEN_MAX];
	struct errdetail d = {0};
	struct svc *svc = NULL;

	assert_int_equal(login(fx, "rep", fx->pw_rep, NULL, &r, &d), 0);
	assert_false(r.mfa_required);
	assert_int_equal(strlen(r.session), 64);
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), 0);
	assert_string_equal(svc->me.login, "rep");
	assert_string_equal(csrf, r.csrf);
	/* no second factor: a reporter's reach, which is all a reporter has */
	assert_true(svc->restricted);
	assert_int_equal(visible_issues(svc), 1);   /* their own report */
	assert_int_equal(svc_issue_comment(svc, "SEC-1", "more details", false, &d), 0);
	svc_close(svc);
	/* a forged session of the right length is refused */
	assert_int_equal(svc_open_session(fx->db,
		"0000000000000000000000000000000000000000000000000000000000000000", &svc, csrf, &d),
		ERR_PERM);
	/* 13 hours later the session has expired */
	setenv("VIGIL_NOW", "2027-03-01T23:00:01Z", 1);
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), ERR_PERM);
	setenv("VIGIL_NOW", T0, 1);
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), 0);
	assert_int_equal(svc_logout(svc, &d), 0);
	svc_close(svc);
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), ERR_PERM);
}

static void
test_throttling(void **state)
{
	struct fx *fx = *state;
	struct login_result r;
	struct errdetail d = {0};

	for (int i = 0; i < 5; i++)
		assert_int_equal(login(fx, "rep", "not the password", NULL, &r, &d), ERR_PERM);
	/* even the right password is refused now, with its own error */
	assert_int_equal(login(fx, "rep", fx->pw_rep, NULL, &r, &d), ERR_LIMIT);
	/* another person is not affected */
	assert_int_equal(login(fx, "alice", fx->pw_alice, NULL, &r, &d), 0);
	/* 15 minutes later the login works again */
	setenv("VIGIL_NOW", "2027-03-01T10:15:01Z", 1);
	assert_int_equal(login(fx, "rep", fx->pw_rep, NULL, &r, &d), 0);
}

/* Sign in from addr. */
static int
login_from(struct fx *fx, const char *who, const char *pw, const char *addr)
{
	struct login_result r = {0};
	struct errdetail d = {0};
	struct svc *anon = NULL;
	int rc;

	assert_int_equal(svc_open(fx->db, NULL, &anon, &d), 0);
	rc = svc_login(anon, who, pw, NULL, addr, &r, &d);
	svc_close(anon);
	return rc;
}

/* The cap per login spares the addresses the login signed in from, for
 * 90 days after the last sign-in there (the rest of the throttle is
 * tested on the real server, tests/integration/test_throttle.py). */
static void
test_throttle_known_address(void **state)
{
	struct fx *fx = *state;
	char addr[32];

	assert_int_equal(login_from(fx, "rep", fx->pw_rep, "192.0.2.10"), 0);
	/* 91 days on, 192.0.2.10 is forgotten; 203.0.113.2 signs in then */
	setenv("VIGIL_NOW", "2027-05-31T10:00:00Z", 1);
	assert_int_equal(login_from(fx, "rep", fx->pw_rep, "203.0.113.2"), 0);
	for (int i = 0; i < 20; i++) {
		snprintf(addr, sizeof(addr), "198.51.100.%d", i + 1);
		assert_int_equal(login_from(fx, "rep", "not the password", addr), ERR_PERM);
	}
	assert_int_equal(login_from(fx, "rep", fx->pw_rep, "198.51.100.99"), ERR_LIMIT);
	assert_int_equal(login_from(fx, "rep", fx->pw_rep, "192.0.2.10"), ERR_LIMIT);
	assert_int_equal(login_from(fx, "rep", fx->pw_rep, "203.0.113.2"), 0);
}

static void
test_second_factor(void **state)
{
	struct fx *fx = *state;
	struct login_result r = {0};
	struct strlist codes = {0};
	char csrf[SVC_TOKEN_MAX], code[7], key[ISSUE_KEY_MAX];
	char *secret = NULL, *uri = NULL;
	struct errdetail d = {0};
	struct svc *svc = NULL, *local = NULL;
	int64_t now;
	int count = 0;

	/* psirt with only a password: a restricted session */
	assert_int_equal(login(fx, "alice", fx->pw_alice, NULL, &r, &d), 0);
	assert_true(r.mfa_required);
	assert_false(r.mfa);
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), 0);
	assert_true(svc->restricted);
	assert_int_equal(visible_issues(svc), 0);  /* the embargoed report is hidden */
	assert_int_equal(svc_issue_ack(svc, "SEC-1", &d), ERR_NOTFOUND);
	assert_int_equal(svc_cve_reserve(svc, "CVE-2027-0001..CVE-2027-0002", &count, &d), ERR_PERM);
	assert_string_equal(d.field, "auth");
	/* the same person, locally, sees it: the restriction is the session's */
	assert_int_equal(svc_open(fx->db, "alice", &local, &d), 0);
	assert_int_equal(visible_issues(local), 1);
	svc_close(local);

	/* enrol: a wrong code is refused, the current one enables TOTP */
	assert_int_equal(svc_totp_begin(svc, &secret, &uri, &d), 0);
	assert_non_null(strstr(uri, "otpauth://totp/"));
	assert_int_equal(svc_totp_confirm(svc, "000000x", &codes, &d), ERR_INVAL);
	now = clock_now();
	totp_at(secret, now, code);
	assert_int_equal(svc_totp_confirm(svc, code, &codes, &d), 0);
	assert_int_equal(codes.n, 10);
	assert_false(svc->restricted);
	assert_int_equal(visible_issues(svc), 1);
	svc_close(svc);
	/* the session itself was upgraded */
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), 0);
	assert_false(svc->restricted);
	svc_close(svc);

	/* now a password alone is not enough, and a used code is a replay */
	assert_int_equal(login(fx, "alice", fx->pw_alice, NULL, &r, &d), ERR_PERM);
	assert_int_equal(login(fx, "alice", fx->pw_alice, code, &r, &d), ERR_PERM);
	totp_at(secret, now + 30, code);
	assert_int_equal(login(fx, "alice", fx->pw_alice, code, &r, &d), 0);
	assert_true(r.mfa);
	/* a recovery code works once */
	assert_int_equal(login(fx, "alice", fx->pw_alice, codes.v[0], &r, &d), 0);
	assert_int_equal(login(fx, "alice", fx->pw_alice, codes.v[0], &r, &d), ERR_PERM);
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), 0);
	assert_false(svc->restricted);
	assert_int_equal(svc_issue_ack(svc, "SEC-1", &d), 0);
	/* a password change ends every session */
	assert_int_equal(svc_password_change(svc, fx->pw_alice, "short", &d), ERR_INVAL);
	assert_string_equal(d.field, "password");
	assert_int_equal(svc_password_change(svc, "wrong old password", "a new long password",
		&d), ERR_PERM);
	assert_int_equal(svc_password_change(svc, fx->pw_alice, "a new long password", &d), 0);
	svc_close(svc);
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), ERR_PERM);
	(void)key;
	free(secret);
	free(uri);
	strlist_release(&codes);
}

static void
test_tokens(void **state)
{
	struct fx *fx = *state;
	char rtok[SVC_TOKEN_MAX], wtok[SVC_TOKEN_MAX];
	struct errdetail d = {0};
	struct svc *svc = NULL, *t = NULL;
	struct api_token *list = NULL;
	size_t n = 0;

	assert_int_equal(svc_open(fx->db, "alice", &svc, &d), 0);
	assert_int_equal(svc_token_create(svc, "ci", "read", 30, rtok, &d), 0);
	assert_int_equal(svc_token_create(svc, "ci", "write", 30, wtok, &d), ERR_CONFLICT);
	assert_int_equal(svc_token_create(svc, "bot", "admin", 30, wtok, &d), ERR_INVAL);
	assert_string_equal(d.field, "scope");
	assert_int_equal(svc_token_create(svc, "bot", "write", 0, wtok, &d), ERR_INVAL);
	assert_string_equal(d.field, "days");
	assert_int_equal(svc_token_create(svc, "bot", "write", 365, wtok, &d), 0);
	assert_int_equal(strncmp(rtok, "vgl_", 4), 0);
	assert_int_equal(svc_token_list(svc, &list, &n, &d), 0);
	assert_int_equal(n, 2);
	OBJ_LIST_FREE(list, n, api_token_release);

	/* read scope: sees, cannot change */
	assert_int_equal(svc_open_token(fx->db, rtok, &t, &d), 0);
	assert_true(t->read_only);
	assert_int_equal(visible_issues(t), 1);
	assert_int_equal(svc_issue_ack(t, "SEC-1", &d), ERR_PERM);
	svc_close(t);
	/* write scope changes */
	assert_int_equal(svc_open_token(fx->db, wtok, &t, &d), 0);
	assert_false(t->read_only);
	assert_int_equal(svc_issue_ack(t, "SEC-1", &d), 0);
	svc_close(t);
	/* revoked: refused on the next open */
	assert_int_equal(svc_token_revoke(svc, "bot", &d), 0);
	assert_int_equal(svc_token_revoke(svc, "bot", &d), ERR_NOTFOUND);
	assert_int_equal(svc_open_token(fx->db, wtok, &t, &d), ERR_PERM);
	svc_close(svc);
	/* expired after its days */
	setenv("VIGIL_NOW", "2027-04-01T10:00:00Z", 1);
	assert_int_equal(svc_open_token(fx->db, rtok, &t, &d), ERR_PERM);
	/* a malformed or unknown token */
	assert_int_equal(svc_open_token(fx->db, "vgl_nope", &t, &d), ERR_PERM);
}

/* An assignee (no global role) also needs the second factor to see the
 * issue; a token made without one stays without it; over the network an
 * admin can neither promote themselves nor reset a psirt member's sign-in;
 * resets and disabling end the person's tokens. */
static void
test_factor_and_admin_limits(void **state)
{
	struct fx *fx = *state;
	struct login_result r = {0};
	struct account_info ai = {0};
	char csrf[SVC_TOKEN_MAX], tok[SVC_TOKEN_MAX], pw[SVC_TOKEN_MAX], pw_dev[SVC_TOKEN_MAX];
	char pw_admin[SVC_TOKEN_MAX];
	struct errdetail d = {0};
	struct svc *svc = NULL, *t = NULL, *local = NULL;
	struct strlist codes = {0};
	char *secret = NULL, *uri = NULL, code[7];

	/* locally: dev is added, reports nothing, is assigned SEC-1 */
	assert_int_equal(svc_open(fx->db, "admin", &local, &d), 0);
	assert_int_equal(svc_user_add(local, "dev", "dev@example.org", NULL, 0, &d), 0);
	assert_int_equal(svc_password_reset(local, "dev", pw_dev, &d), 0);
	assert_int_equal(svc_password_reset(local, "admin", pw_admin, &d), 0);
	svc_close(local);
	assert_int_equal(svc_open(fx->db, "dev", &local, &d), 0);
	assert_int_equal(svc_token_create(local, "plain", "read", 30, tok, &d), 0);
	svc_close(local);

	/* a token dev made before any role or work; then an admin makes dev psirt */
	assert_int_equal(login(fx, "dev", pw_dev, NULL, &r, &d), 0);
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), 0);
	assert_int_equal(svc_token_create(svc, "early", "read", 30, tok, &d), 0);
	svc_close(svc);
	assert_int_equal(svc_open(fx->db, "admin", &local, &d), 0);
	assert_int_equal(svc_user_roles(local, "dev", ROLE_PSIRT, 0, &d), 0);
	svc_close(local);
	assert_int_equal(svc_open_token(fx->db, tok, &t, &d), 0);
	assert_true(t->restricted);
	assert_int_equal(visible_issues(t), 0);
	svc_close(t);

	/* dev without psirt again, but assigned: still nothing without the factor */
	assert_int_equal(svc_open(fx->db, "admin", &local, &d), 0);
	assert_int_equal(svc_user_roles(local, "dev", 0, ROLE_PSIRT, &d), 0);
	svc_close(local);
	assert_int_equal(svc_open(fx->db, "alice", &local, &d), 0);
	assert_int_equal(svc_issue_ack(local, "SEC-1", &d), 0);
	svc_close(local);
	assert_int_equal(login(fx, "dev", pw_dev, NULL, &r, &d), 0);
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), 0);
	assert_int_equal(svc_account_info(svc, &ai, &d), 0);
	assert_false(ai.mfa_required);      /* not assigned yet */
	svc_close(svc);

	/* admin over the network: without the second factor, nothing at all */
	assert_int_equal(login(fx, "admin", pw_admin, NULL, &r, &d), 0);
	assert_int_equal(svc_open_session(fx->db, r.session, &svc, csrf, &d), 0);
	assert_int_equal(svc_password_reset(svc, "dev", pw, &d), ERR_PERM);
	assert_string_equal(d.reason, "enrol and give your second factor first");
	assert_int_equal(svc_totp_begin(svc, &secret, &uri, &d), 0);
	totp_at(secret, clock_now(), code);
	assert_int_equal(svc_totp_confirm(svc, code, &codes, &d), 0);
	/* with it: still not their own roles, nor a psirt member's sign-in */
	assert_int_equal(svc_user_roles(svc, "admin", ROLE_PSIRT, 0, &d), ERR_PERM);
	assert_string_equal(d.reason, "you may not change your own roles");
	assert_int_equal(svc_password_reset(svc, "alice", pw, &d), ERR_PERM);
	assert_string_equal(d.field, "login");
	assert_int_equal(svc_totp_reset(svc, "alice", &d), ERR_PERM);
	assert_string_equal(d.field, "login");
	/* a plain reporter's password may be reset; their tokens end */
	assert_int_equal(svc_password_reset(svc, "dev", pw, &d), 0);
	svc_close(svc);
	assert_int_equal(svc_open_token(fx->db, tok, &t, &d), ERR_PERM);
	/* locally the admin may do it all */
	assert_int_equal(svc_open(fx->db, "admin", &local, &d), 0);
	assert_int_equal(svc_password_reset(local, "alice", pw, &d), 0);
	svc_close(local);
	free(secret);
	free(uri);
	strlist_release(&codes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_wrong_credentials_answer_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_login_expiry_logout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_known_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_factor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_factor_and_admin_limits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
