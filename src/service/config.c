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

enum check { C_LINE, C_URL, C_UUID, C_PREFIX };

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

int
svc_config_get(struct svc *svc, const char *key, char **ret, struct errdetail *d)
{
	char *v = NULL;
	int k = find_key(key);

	if (k < 0)
		return err_set(d, ERR_INVAL, "key", "is not a setting (see 'vigil config list')");
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
