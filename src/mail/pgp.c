/*
 * pgp.c — OpenPGP for outgoing mail, over GPGME, in a GnuPG home directory
 * vigil owns (created 0700). Importing a recipient's armored key, checking
 * that it can be used (one key; not revoked, expired, disabled or invalid;
 * an encryption subkey in force), encrypting to it — signed too when a
 * signing key is set — and detached signatures for PGP/MIME signed mail.
 * A key that cannot be used is an error, never a reason to send in
 * plaintext. Keys are untrusted input (from the alert-list registry); they
 * are trusted for encryption because a director vetted the member.
 * mail_pgp_inspect() applies the same rules to a key as it comes in (the
 * alert-list forms, API and CLI, the vetting page), in a throw-away GnuPG
 * home, listing the block without importing it.
 */
#include "mail/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <gpgme.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mail/mail.h"

#include "core/limits.h"
#include "core/banned.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool gpgme_ok;

static void
start(void)
{
	gpgme_ok = gpgme_check_version(NULL) != NULL &&
		gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP) == 0;
}

/* A context on home, armored output, no pinentry (a protected signing key
 * fails instead of waiting for a passphrase). */
static int
ctx_open(const char *home, gpgme_ctx_t *ret, struct errdetail *d)
{
	gpgme_ctx_t ctx = NULL;

	pthread_once(&once, start);
	if (!gpgme_ok)
		return err_set(d, ERR_IO, "gnupg", "GnuPG (gpg) is not installed or too old");
	if (!home || !*home)
		return err_set(d, ERR_INVAL, "gnupg_home", "is not set");
	if (mkdir(home, 0700) != 0 && errno != EEXIST)
		return err_set(d, ERR_IO, "gnupg_home", "cannot be created");
	if (gpgme_new(&ctx) != 0 ||
	    gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, NULL, home) != 0) {
		gpgme_release(ctx);
		return err_set(d, ERR_IO, "gnupg", "cannot start GPGME");
	}
	gpgme_set_armor(ctx, 1);
	gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_LOOPBACK);
	*ret = ctx;
	return 0;
}

/* Can key encrypt now? NULL, or the reason it cannot. */
static const char *
key_unusable(gpgme_key_t k)
{
	bool sub = false;

	if (k->revoked)
		return "is revoked";
	if (k->expired)
		return "has expired";
	if (k->disabled)
		return "is disabled";
	if (k->invalid)
		return "is invalid";
	for (gpgme_subkey_t s = k->subkeys; s; s = s->next)
		if (s->can_encrypt && !s->revoked && !s->expired && !s->disabled && !s->invalid)
			sub = true;
	if (!sub || !k->can_encrypt)
		return "has no encryption subkey in force (expired, revoked or missing)";
	return NULL;
}

/* Import the armored block; it must hold exactly one key, usable now. */
static int
import_key(gpgme_ctx_t ctx, const char *armored, gpgme_key_t *ret, struct errdetail *d)
{
	gpgme_data_t kd = NULL;
	gpgme_import_result_t ir;
	const char *fpr = NULL, *why;
	gpgme_key_t key = NULL;
	size_t len = strlen(armored);

	if (len > LIM_MAIL_KEY_MAX)
		return err_set(d, ERR_CONFLICT, "pgp_key", "is too large");
	if (gpgme_data_new_from_mem(&kd, armored, len, 0) != 0)
		return ERR_NOMEM;
	if (gpgme_op_import(ctx, kd) != 0 || !(ir = gpgme_op_import_result(ctx))) {
		gpgme_data_release(kd);
		return err_set(d, ERR_CONFLICT, "pgp_key", "cannot be imported");
	}
	gpgme_data_release(kd);
	for (gpgme_import_status_t s = ir->imports; s; s = s->next) {
		if (s->result != 0 || !s->fpr)
			continue;
		if (fpr && strcmp(fpr, s->fpr) != 0)
			return err_set(d, ERR_CONFLICT, "pgp_key", "holds more than one key");
		fpr = s->fpr;
	}
	if (!fpr)
		return err_set(d, ERR_CONFLICT, "pgp_key", "holds no usable OpenPGP public key");
	if (gpgme_get_key(ctx, fpr, &key, 0) != 0 || !key)
		return err_set(d, ERR_CONFLICT, "pgp_key", "was imported but cannot be found");
	if ((why = key_unusable(key)) != NULL) {
		gpgme_key_unref(key);
		return err_setf(d, ERR_CONFLICT, "pgp_key", "%s", why);
	}
	*ret = key;
	return 0;
}

/* Add the signing key (a secret key in home) to ctx. */
static int
add_signer(gpgme_ctx_t ctx, const char *sign_key, struct errdetail *d)
{
	gpgme_key_t sk = NULL;
	int rc = 0;

	gpgme_signers_clear(ctx);
	if (gpgme_get_key(ctx, sign_key, &sk, 1) != 0 || !sk)
		return err_set(d, ERR_IO, "pgp_sign_key", "names no secret key in the GnuPG home");
	if (!sk->can_sign || sk->revoked || sk->expired || sk->disabled)
		rc = err_set(d, ERR_IO, "pgp_sign_key", "cannot sign (expired, revoked or "
			"disabled)");
	else if (gpgme_signers_add(ctx, sk) != 0)
		rc = err_set(d, ERR_IO, "pgp_sign_key", "cannot be used");
	gpgme_key_unref(sk);
	return rc;
}

/* The bytes of out as a malloc'ed NUL-terminated string; releases out. */
static char *
take_data(gpgme_data_t out)
{
	size_t n = 0;
	char *mem = gpgme_data_release_and_get_mem(out, &n), *s;

	if (!mem)
		return NULL;
	if ((s = malloc(n + 1)) != NULL) {
		memcpy(s, mem, n);
		s[n] = '\0';
	}
	gpgme_free(mem);
	return s;
}

int
pgp_encrypt(const char *home, const char *key_armored, const char *sign_key,
	const char *plain, size_t len, char **ret, struct errdetail *d)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_key_t key = NULL, recp[2] = {NULL, NULL};
	gpgme_data_t in = NULL, out = NULL;
	gpgme_error_t ge;
	char *s;
	int rc;

	if ((rc = ctx_open(home, &ctx, d)) < 0)
		return rc;
	if ((rc = import_key(ctx, key_armored, &key, d)) < 0 ||
	    (sign_key && (rc = add_signer(ctx, sign_key, d)) < 0))
		goto out;
	recp[0] = key;
	if (gpgme_data_new_from_mem(&in, plain, len, 0) != 0 || gpgme_data_new(&out) != 0) {
		rc = ERR_NOMEM;
		goto out;
	}
	ge = sign_key ? gpgme_op_encrypt_sign(ctx, recp, GPGME_ENCRYPT_ALWAYS_TRUST, in, out)
		: gpgme_op_encrypt(ctx, recp, GPGME_ENCRYPT_ALWAYS_TRUST, in, out);
	if (ge != 0) {
		rc = err_setf(d, ERR_CONFLICT, "pgp_key", "encryption failed: %s",
			gpgme_strerror(ge));
		goto out;
	}
	s = take_data(out);
	out = NULL;
	if (!s) {
		rc = ERR_NOMEM;
		goto out;
	}
	*ret = s;
out:
	gpgme_data_release(in);
	gpgme_data_release(out);
	if (key)
		gpgme_key_unref(key);
	gpgme_release(ctx);
	return rc;
}

int
pgp_sign(const char *home, const char *sign_key, const char *data, size_t len, char **ret,
	char ret_micalg[32], struct errdetail *d)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_data_t in = NULL, out = NULL;
	gpgme_sign_result_t sr;
	const char *algo;
	char *s;
	int rc;

	if ((rc = ctx_open(home, &ctx, d)) < 0)
		return rc;
	if ((rc = add_signer(ctx, sign_key, d)) < 0)
		goto out;
	if (gpgme_data_new_from_mem(&in, data, len, 0) != 0 || gpgme_data_new(&out) != 0) {
		rc = ERR_NOMEM;
		goto out;
	}
	if (gpgme_op_sign(ctx, in, out, GPGME_SIG_MODE_DETACH) != 0 ||
	    !(sr = gpgme_op_sign_result(ctx)) || !sr->signatures ||
	    !(algo = gpgme_hash_algo_name(sr->signatures->hash_algo))) {
		rc = err_set(d, ERR_IO, "pgp_sign_key", "signing failed (a passphrase on the "
			"key?)");
		goto out;
	}
	snprintf(ret_micalg, 32, "pgp-%s", algo);
	for (char *p = ret_micalg; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	s = take_data(out);
	out = NULL;
	if (!s) {
		rc = ERR_NOMEM;
		goto out;
	}
	*ret = s;
out:
	gpgme_data_release(in);
	gpgme_data_release(out);
	gpgme_release(ctx);
	return rc;
}

/* --- a key as it comes in: mail_pgp_inspect() ------------------------ */

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* A fresh 0700 directory for a throw-away GnuPG home, whose gpg.conf
 * forbids starting gpg-agent (a secret key block would otherwise start
 * one, left running in a directory about to vanish). */
static int
tmp_home(char ret[PATH_MAX], struct errdetail *d)
{
	const char *tmp = getenv("TMPDIR");
	char conf[PATH_MAX + 16];
	static const char text[] = "no-autostart\n";
	int fd, n;

	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	n = snprintf(ret, PATH_MAX, "%s/vigil-pgp-XXXXXX", tmp);
	if (n < 0 || n >= PATH_MAX || !mkdtemp(ret))
		return err_set(d, ERR_IO, "gnupg", "cannot create a temporary GnuPG home");
	snprintf(conf, sizeof(conf), "%s/gpg.conf", ret);
	fd = open(conf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, sizeof(text) - 1) != (ssize_t)(sizeof(text) - 1)) {
		if (fd >= 0)
			close(fd);
		nftw(ret, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
		return err_set(d, ERR_IO, "gnupg", "cannot create a temporary GnuPG home");
	}
	close(fd);
	return 0;
}

/* Copy s into out (size max): at most max - 1 bytes, cut on a UTF-8
 * boundary, control characters made spaces. */
static void
copy_text(char *out, size_t max, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n >= max) {
		n = max - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7F) ? ' ' : s[i];
	out[n] = '\0';
}

/* What the listing of one block says: the first key's facts, and why it
 * may not be used (NULL: usable). */
static const char *
judge(gpgme_key_t first, size_t n, bool clean, struct mail_pgp_info *ret)
{
	const char *fpr;

	if (!first)
		return "holds no OpenPGP key GnuPG can read";
	fpr = first->subkeys ? first->subkeys->fpr : first->fpr;
	if (fpr)
		for (size_t i = 0; fpr[i] && i < MAIL_PGP_FPR_MAX - 1; i++)
			ret->fpr[i] = (fpr[i] >= 'a' && fpr[i] <= 'f') ? (char)(fpr[i] - 32)
				: fpr[i];
	copy_text(ret->uid, sizeof(ret->uid), first->uids ? first->uids->uid : NULL);
	ret->expires = first->subkeys ? (int64_t)first->subkeys->expires : 0;
	if (n > 1)
		return "holds more than one key";
	if (first->secret || (first->subkeys && first->subkeys->secret))
		return "is a secret key (send the public key only)";
	if (!clean)
		return "cannot be read completely";
	return key_unusable(first);
}

/* List the keys of armored with GPGME in home, without importing them. */
static int
inspect_in(const char *home, const char *armored, size_t len, struct mail_pgp_info *ret,
	struct errdetail *d)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_data_t kd = NULL;
	gpgme_key_t k = NULL, first = NULL;
	gpgme_error_t ge;
	size_t n = 0;
	int rc;

	if ((rc = ctx_open(home, &ctx, d)) < 0)
		return rc;
	if (gpgme_data_new_from_mem(&kd, armored, len, 0) != 0) {
		rc = ERR_NOMEM;
		goto out;
	}
	ge = gpgme_op_keylist_from_data_start(ctx, kd, 0);
	while (ge == 0 && (ge = gpgme_op_keylist_next(ctx, &k)) == 0) {
		if (n++ == 0)
			first = k;
		else
			gpgme_key_unref(k);
	}
	gpgme_op_keylist_end(ctx);
	ret->why = judge(first, n, gpg_err_code(ge) == GPG_ERR_EOF, ret);
	ret->usable = ret->why == NULL;
out:
	if (first)
		gpgme_key_unref(first);
	gpgme_data_release(kd);
	gpgme_release(ctx);
	return rc;
}

int
mail_pgp_inspect(const char *armored, struct mail_pgp_info *ret, struct errdetail *d)
{
	struct mail_pgp_info info = {.usable = false};
	char home[PATH_MAX];
	size_t len = armored ? strlen(armored) : 0;
	int rc;

	if (len == 0)
		info.why = "is empty";
	else if (len > LIM_MAIL_KEY_MAX)
		info.why = "is too large";
	if (info.why) {
		*ret = info;
		return 0;
	}
	if ((rc = tmp_home(home, d)) < 0)
		return rc;
	rc = inspect_in(home, armored, len, &info, d);
	nftw(home, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	if (rc == 0)
		*ret = info;
	return rc;
}

int
mail_pgp_check_key(const char *armored, struct errdetail *d)
{
	struct mail_pgp_info info;
	int rc;

	if (!armored || !*armored)
		return 0;
	if ((rc = mail_pgp_inspect(armored, &info, d)) < 0)
		return rc;
	if (!info.usable)
		return err_setf(d, ERR_INVAL, "pgp_key", "is not a usable OpenPGP public key (%s)",
			info.why);
	return 0;
}
