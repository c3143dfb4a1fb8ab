/*
 * config.c — the installation's settings that the outside world reads:
 * who publishes advisories (organisation, CNA), what product they are
 * about, where its repository and advisories live. Stored in the setting
 * table; only the keys listed here exist. Admins and psirt change them;
 * every change is an audit event. Values are untrusted text, checked here.
 */
#include "service/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/text.h"
#include "core/banned.h"

enum check { C_LINE, C_URL, C_UUID, C_PREFIX,
	/* mail transport: checks of the SMTP and OpenPGP settings */
	C_SMTP_URL, C_TLS, C_OPT_LINE, C_OPT_PATH, C_OPT_FPR,
	/* mail service: addresses, the mail domain, the digest period */
	C_EMAIL, C_DOMAIN, C_DAYS,
	C_KEEP_DAYS /* outbox retention */ };

static const struct {
	const char *key;
	enum check check;
	const char *def;      /* the value while unset */
	const char *about;
} keys[] = {
	{"org_name", C_LINE, "Example Project", "the organisation that publishes advisories"},
	{"org_id", C_UUID, "00000000-0000-4000-8000-000000000000",
		"the CNA's organisation id (UUID) in CVE records"},
	{"cna_short_name", C_LINE, "example", "the CNA's short name in CVE records"},
	{"vendor", C_LINE, "Example Project", "the vendor named in affected products"},
	{"product", C_LINE, "example", "the product name in affected products"},
	{"repo_url", C_URL, "https://git.example.org/product",
		"the product's git repository (OSV ranges, CVE records)"},
	{"advisory_url", C_URL, "https://security.example.org/advisories",
		"where published advisories live (KEY is appended)"},
	{"osv_prefix", C_PREFIX, "VIGIL", "the prefix of OSV ids (PREFIX-KEY)"},
	/* mail transport (src/mail/, docs/mail-transport.md); "" = unset */
	{"smtp_url", C_SMTP_URL, "", "the SMTP server outgoing mail goes to "
		"(smtp://HOST:PORT or smtps://HOST:PORT; \"\": no mail is sent)"},
	{"smtp_tls", C_TLS, "none", "none, or starttls (required) for smtp:// URLs"},
	{"smtp_user", C_OPT_LINE, "", "the SMTP AUTH user name (\"\": no AUTH)"},
	{"smtp_password_file", C_OPT_PATH, "",
		"file holding the SMTP password (else $VIGIL_SMTP_PASSWORD)"},
	{"smtp_ca_file", C_OPT_PATH, "", "PEM CA certificates for the SMTP server's TLS"},
	{"gnupg_home", C_OPT_PATH, "", "vigil's GnuPG home directory (\"\": DB.gnupg)"},
	{"pgp_sign_key", C_OPT_FPR, "",
		"fingerprint of the key that signs outgoing mail (\"\": unsigned)"},
	/* mail service (service/outbox.c, docs/mail.md) */
	{"base_url", C_URL, "https://vigil.example.org",
		"where vigil serve is reached: links in mail point to BASE/issues/KEY"},
	{"mail_from", C_EMAIL, "security@example.org", "the From: address of outgoing mail"},
	{"mail_domain", C_DOMAIN, "vigil.example.org",
		"the domain of the Message-IDs vigil makes"},
	{"digest_days", C_DAYS, "7",
		"days between the alert list's digests of embargoed issues (0: none)"},
	/* outbox retention (service/outbox_prune.c, docs/mail.md) */
	{"outbox_keep_days", C_KEEP_DAYS, "30",
		"days a finished message (sent or dropped) stays in the outbox, 1 to 3650"},
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static int
find_key(const char *key)
{
	for (size_t i = 0; key && i < NKEYS; i++)
		if (strcmp(keys[i].key, key) == 0)
			return (int)i;
	return -1;
}

static bool
is_uuid(const char *s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++) {
		bool hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');

		if (shape[i] == '-' ? s[i] != '-' : !hex)
			return false;
	}
	return true;
}

/* mail transport: what an SMTP URL may hold */
#define URL_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:/[]%"

static int
check_value(int k, const char *v, struct errdetail *d)
{
	int rc;

	switch (keys[k].check) {
	case C_LINE:
		return text_check(d, "value", v, LIM_NAME_MAX, TEXT_LINE);
	case C_URL:
		if ((rc = text_check_url(d, "value", v)) < 0)
			return rc;
		if (strncmp(v, "https://", 8) != 0)
			return err_set(d, ERR_INVAL, "value", "must be an https:// URL");
		return 0;
	case C_UUID:
		if (!v || !is_uuid(v))
			return err_set(d, ERR_INVAL, "value", "must be a UUID in lower case "
				"(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
		return 0;
	case C_PREFIX:
		if (!v || !*v || strlen(v) > 16 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") !=
		    strlen(v))
			return err_set(d, ERR_INVAL, "value", "must be 1 to 16 capital letters");
		return 0;
	/* mail transport */
	case C_SMTP_URL:
		if (v && !*v)
			return 0;
		if (!v || (strncmp(v, "smtp://", 7) != 0 && strncmp(v, "smtps://", 8) != 0) ||
		    strlen(v) > LIM_URL_MAX || strspn(v, URL_CHARS) != strlen(v))
			return err_set(d, ERR_INVAL, "value", "must be smtp://HOST:PORT or "
				"smtps://HOST:PORT");
		return 0;
	case C_TLS:
		if (!v || (strcmp(v, "none") != 0 && strcmp(v, "starttls") != 0))
			return err_set(d, ERR_INVAL, "value", "must be none or starttls");
		return 0;
	case C_OPT_LINE:
		return v && !*v ? 0 : text_check(d, "value", v, LIM_NAME_MAX, TEXT_LINE);
	case C_OPT_PATH:
		if (v && *v && (v[0] != '/' || strlen(v) > 1024 || !text_utf8_valid(v, strlen(v)) ||
		    text_check(d, "value", v, 1024, TEXT_LINE) < 0))
			return err_set(d, ERR_INVAL, "value", "must be an absolute path (or empty)");
		return 0;
	/* mail service */
	case C_EMAIL:
		return text_check_email(d, "value", v);
	case C_DOMAIN:
		if (!v || !*v || strlen(v) > 200 || strspn(v, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789.-") != strlen(v) || v[0] == '.' || v[0] == '-' || !strchr(v, '.'))
			return err_set(d, ERR_INVAL, "value", "must be a domain name in lower case");
		return 0;
	case C_DAYS:
		if (!v || !*v || strlen(v) > 3 || strspn(v, "0123456789") != strlen(v))
			return err_set(d, ERR_INVAL, "value", "must be a number of days, 0 to 999");
		return 0;
	case C_KEEP_DAYS:
		if (!v || !*v || strlen(v) > 4 || strspn(v, "0123456789") != strlen(v) ||
		    strtol(v, NULL, 10) < 1 || strtol(v, NULL, 10) > LIM_OUTBOX_KEEP_DAYS_MAX)
			return err_set(d, ERR_INVAL, "value", "must be a number of days, 1 to 3650");
		return 0;
	case C_OPT_FPR:
		if (v && *v && (strlen(v) != 40 || strspn(v, "0123456789ABCDEF") != 40))
			return err_set(d, ERR_INVAL, "value", "must be a fingerprint of 40 hex digits "
				"in capitals (or empty)");
		return 0;
	}
	return err_set(d, ERR_INVAL, "value", "cannot be checked");
}

int
svc_config_set(struct svc *svc, const char *key, const char *value, struct errdetail *d)
{
	int k = find_key(key), rc;

	if ((rc = acc_global(svc, GA_CONFIGURE, d)) < 0)
		return rc;
	if (k < 0)
		return err_set(d, ERR_INVAL, "key", "is not a setting (see 'vigil config list')");
	if ((rc = check_value(k, value, d)) < 0)
		return rc;
	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	rc = store_setting_set(svc->st, keys[k].key, value);
	if (rc == 0)
		rc = svc_audit(svc, "config.set", keys[k].key, json_pack("{s:s}", "value", value));
	return svc_end(svc, rc, d);
}

/* mail transport: the SMTP and OpenPGP settings name files and
 * accounts of the installation; only those who configure it (and the mail
 * gateway itself, a system session) read them. */
static bool
is_private(int k)
{
	return strncmp(keys[k].key, "smtp_", 5) == 0 || strcmp(keys[k].key, "gnupg_home") == 0 ||
		strcmp(keys[k].key, "pgp_sign_key") == 0;
}

static bool
may_read(struct svc *svc, int k)
{
	return !is_private(k) || svc->system || acc_global(svc, GA_CONFIGURE, NULL) == 0;
}

int
svc_config_get(struct svc *svc, const char *key, char **ret, struct errdetail *d)
{
	char *v = NULL;
	int k = find_key(key);

	if (k < 0)
		return err_set(d, ERR_INVAL, "key", "is not a setting (see 'vigil config list')");
	if (!may_read(svc, k))
		return err_set(d, ERR_PERM, "key", "is read by admins and psirt only");
	if (store_setting_get(svc->st, keys[k].key, &v) < 0)
		return err_set(d, ERR_DB, "db", "cannot read the settings");
	if (!v && !(v = strdup(keys[k].def)))
		return err_set(d, ERR_NOMEM, "config", "out of memory");
	*ret = v;
	return 0;
}

int
svc_config_list(struct svc *svc, struct strlist *ret, struct errdetail *d)
{
	struct strlist l = {0};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < NKEYS; i++) {
		char *v = NULL;

		if (!may_read(svc, (int)i))
			continue;   /* mail transport */
		if ((rc = svc_config_get(svc, keys[i].key, &v, d)) == 0) {
			if ((rc = strlist_add(&l, keys[i].key)) == 0)
				rc = strlist_add(&l, v);
			free(v);
		}
	}
	if (rc < 0) {
		strlist_release(&l);
		return rc;
	}
	*ret = l;
	return 0;
}

const char *
svc_config_about(const char *key)
{
	int k = find_key(key);

	return k < 0 ? NULL : keys[k].about;
}
