/*
 * test_mail_pgp.c — mail_pgp_inspect() and mail_pgp_check_key()
 * (src/mail/pgp.c): keys made here by gpg in a temporary GNUPGHOME — a
 * usable one (its fingerprint and user ID as gpg prints them), an expired
 * one, one without an encryption subkey, a block of two keys, a secret key
 * block, garbage — and that inspecting leaves no temporary GnuPG home
 * behind (TMPDIR is a fresh directory checked empty at the end).
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "mail/mail.h"

static char root[] = "/tmp/vigil-test-pgp-XXXXXX";
static char gnupg[256], tmpdir[256];
static char *good, *expired, *nosub, *two, *secret;
static char good_fpr[64];

/* Everything cmd prints on standard output (malloc'ed), or NULL. */
static char *
run(const char *fmt, ...)
{
	char cmd[1024], *out = NULL;
	size_t len = 0, n;
	char chunk[4096];
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (!(p = popen(cmd, "r")))
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0) {
		out = realloc(out, len + n + 1);
		memcpy(out + len, chunk, n);
		len += n;
		out[len] = '\0';
	}
	if (pclose(p) != 0) {
		free(out);
		return NULL;
	}
	return out ? out : strdup("");
}

/* Run a command for its success only. */
static bool
run_ok(const char *fmt, const char *home)
{
	char *out = run(fmt, home);
	bool ok = out != NULL;

	free(out);
	return ok;
}

#define GPG "gpg --homedir %s --batch --quiet --pinentry-mode loopback --passphrase ''"

static int
setup(void **state)
{
	char *colons, *p;

	(void)state;
	if (!mkdtemp(root))
		return -1;
	snprintf(gnupg, sizeof(gnupg), "%s/gnupg", root);
	snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", root);
	if (mkdir(gnupg, 0700) != 0 || mkdir(tmpdir, 0700) != 0)
		return -1;
	setenv("TMPDIR", tmpdir, 1);
	if (!run_ok(GPG " --quick-gen-key 'Good Org <good@example.org>' future-default default 1y "
	    "2>/dev/null", gnupg) ||
	    !run_ok(GPG " --faked-system-time 20200101T000000 --quick-gen-key "
	    "'Old <old@example.org>' future-default default 1d 2>/dev/null", gnupg) ||
	    !run_ok(GPG " --quick-gen-key 'Sign <sign@example.org>' ed25519 sign never 2>/dev/null",
	    gnupg))
		return -1;
	good = run(GPG " --armor --export good@example.org", gnupg);
	expired = run(GPG " --armor --export old@example.org", gnupg);
	nosub = run(GPG " --armor --export sign@example.org", gnupg);
	two = run(GPG " --armor --export good@example.org old@example.org", gnupg);
	secret = run(GPG " --armor --export-secret-keys good@example.org", gnupg);
	colons = run(GPG " --with-colons --fingerprint good@example.org", gnupg);
	if (!good || !expired || !nosub || !two || !secret || !colons)
		return -1;
	/* fpr:::::::::HEX: — the first one is the primary key's */
	if (!(p = strstr(colons, "\nfpr:::::::::")))
		return -1;
	snprintf(good_fpr, sizeof(good_fpr), "%.40s", p + 13);
	free(colons);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(run("gpgconf --homedir %s --kill gpg-agent", gnupg));
	free(run("rm -rf %s", root));
	free(good);
	free(expired);
	free(nosub);
	free(two);
	free(secret);
	return 0;
}

static void
test_usable(void **state)
{
	struct mail_pgp_info info;
	struct errdetail d = {0};

	(void)state;
	assert_int_equal(mail_pgp_inspect(good, &info, &d), 0);
	assert_true(info.usable);
	assert_null(info.why);
	assert_int_equal(strlen(good_fpr), 40);
	assert_string_equal(info.fpr, good_fpr);
	assert_string_equal(info.uid, "Good Org <good@example.org>");
	/* one year from now, give or take a day */
	assert_true(info.expires > time(NULL) + 364 * 86400);
	assert_true(info.expires < time(NULL) + 367 * 86400);
	assert_int_equal(mail_pgp_check_key(good, &d), 0);
}

static void
test_expired(void **state)
{
	struct mail_pgp_info info;
	struct errdetail d = {0};

	(void)state;
	assert_int_equal(mail_pgp_inspect(expired, &info, &d), 0);
	assert_false(info.usable);
	assert_string_equal(info.why, "has expired");
	assert_int_equal(strlen(info.fpr), 40);
	assert_string_equal(info.uid, "Old <old@example.org>");
	assert_int_equal(info.expires, 1577836800 + 86400);
	assert_int_equal(mail_pgp_check_key(expired, &d), ERR_INVAL);
	assert_string_equal(d.field, "pgp_key");
	assert_non_null(strstr(d.reason, "not a usable OpenPGP public key (has expired)"));
}

static void
test_no_encryption_subkey(void **state)
{
	struct mail_pgp_info info;
	struct errdetail d = {0};

	(void)state;
	assert_int_equal(mail_pgp_inspect(nosub, &info, &d), 0);
	assert_false(info.usable);
	assert_non_null(strstr(info.why, "no encryption subkey"));
	assert_int_equal(info.expires, 0);
}

static void
test_two_keys(void **state)
{
	struct mail_pgp_info info;
	struct errdetail d = {0};

	(void)state;
	assert_int_equal(mail_pgp_inspect(two, &info, &d), 0);
	assert_false(info.usable);
	assert_string_equal(info.why, "holds more than one key");
	assert_int_equal(mail_pgp_check_key(two, &d), ERR_INVAL);
	assert_string_equal(d.field, "pgp_key");
}

static void
test_secret(void **state)
{
	struct mail_pgp_info info;
	struct errdetail d = {0};

	(void)state;
	assert_non_null(strstr(secret, "PRIVATE KEY BLOCK"));
	assert_int_equal(mail_pgp_inspect(secret, &info, &d), 0);
	assert_false(info.usable);
	assert_non_null(strstr(info.why, "secret key"));
	assert_string_equal(info.fpr, good_fpr);
}

static void
test_garbage(void **state)
{
	static const char *const bad[] = {
		"hello",
		"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n=AAAA\n"
		"-----END PGP PUBLIC KEY BLOCK-----\n",
		"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!!\n-----END PGP PUBLIC KEY BLOCK-----\n",
	};
	struct mail_pgp_info info;
	struct errdetail d = {0};
	char *cut;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(mail_pgp_inspect(bad[i], &info, &d), 0);
		assert_false(info.usable);
		assert_string_equal(info.fpr, "");
		assert_int_equal(mail_pgp_check_key(bad[i], &d), ERR_INVAL);
		assert_string_equal(d.field, "pgp_key");
	}
	assert_int_equal(mail_pgp_inspect("", &info, &d), 0);
	assert_false(info.usable);
	/* no key, or removing the key, is not refused */
	assert_int_equal(mail_pgp_check_key(NULL, &d), 0);
	assert_int_equal(mail_pgp_check_key("", &d), 0);
	/* a key cut in half */
	cut = strdup(good);
	cut[strlen(cut) / 2] = '\0';
	assert_int_equal(mail_pgp_inspect(cut, &info, &d), 0);
	assert_false(info.usable);
	free(cut);
}

/* Runs last: every temporary GnuPG home was removed again. */
static void
test_nothing_left(void **state)
{
	DIR *dir;
	struct dirent *e;
	size_t n = 0;

	(void)state;
	assert_non_null(dir = opendir(tmpdir));
	while ((e = readdir(dir)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dir);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usable),
		cmocka_unit_test(test_expired),
		cmocka_unit_test(test_no_encryption_subkey),
		cmocka_unit_test(test_two_keys),
		cmocka_unit_test(test_secret),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_nothing_left),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
