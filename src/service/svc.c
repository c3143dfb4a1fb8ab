/*
 * svc.c — opening a service session as one person, creating a database with
 * its first admin, transactions that carry their audit event, and small
 * helpers shared by service/ (see service.h, internal.h).
 */
#include "service/internal.h"
#include "service/mail_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "core/banned.h"

static int
load_prefix(struct svc *svc)
{
	char *p = NULL;
	int rc = store_setting_get(svc->st, "key_prefix", &p);

	if (rc < 0)
		return rc;
	snprintf(svc->prefix, sizeof(svc->prefix), "%s", p ? p : "SEC");
	free(p);
	return 0;
}

static int
check_prefix(const char *p, struct errdetail *d)
{
	size_t n = strlen(p);

	if (n < 1 || n > 10)
		return err_set(d, ERR_INVAL, "prefix", "must be 1 to 10 characters");
	for (size_t i = 0; i < n; i++)
		if (p[i] < 'A' || p[i] > 'Z')
			return err_set(d, ERR_INVAL, "prefix", "may hold only A-Z");
	return 0;
}

int
svc_init(const char *path, const char *admin_login, const char *admin_email,
	const char *key_prefix, struct errdetail *d)
{
	struct person p = {0};
	struct svc svc = {0};
	int64_t count = 0, id;
	int rc;

	if ((rc = text_check_login(d, "login", admin_login)) < 0 ||
	    (rc = text_check_email(d, "email", admin_email)) < 0 ||
	    (rc = check_prefix(key_prefix, d)) < 0)
		return rc;
	if ((rc = crypto_setup()) < 0)
		return err_set(d, rc, "crypto", "libsodium failed to start");
	if ((rc = store_open(path, true, &svc.st)) < 0)
		return err_set(d, rc, "db", "cannot open or create the database");
	if ((rc = store_person_count(svc.st, &count)) < 0)
		goto out;
	if (count > 0) {
		rc = err_set(d, ERR_CONFLICT, "db", "is already initialised");
		goto out;
	}
	p.login = (char *)admin_login;
	p.email = (char *)admin_email;
	p.roles = ROLE_ADMIN;
	p.created_at = clock_now();
	if ((rc = store_begin(svc.st)) < 0)
		goto out;
	rc = store_setting_set(svc.st, "key_prefix", key_prefix);
	if (rc == 0)
		rc = store_person_add(svc.st, &p, &id);
	if (rc == 0)
		rc = store_audit_append(svc.st, p.created_at, "system", "init", "db",
			"{\"admin\":\"set\"}");
	if (rc == 0)
		rc = store_commit(svc.st);
	if (rc < 0) {
		store_rollback(svc.st);
		err_set(d, rc, "db", "cannot write the database");
	}
out:
	store_close(svc.st);
	return rc;
}

int
svc_open(const char *path, const char *login, struct svc **ret, struct errdetail *d)
{
	struct svc *svc;
	int rc;

	if ((rc = crypto_setup()) < 0)
		return err_set(d, rc, "crypto", "libsodium failed to start");
	svc = calloc(1, sizeof(*svc));
	if (!svc)
		return ERR_NOMEM;
	if ((rc = store_open(path, false, &svc->st)) < 0) {
		free(svc);
		if (rc == ERR_NOTFOUND)
			return err_set(d, ERR_IO, "db", "does not exist; create it with 'vigil init'");
		if (rc == ERR_INTEGRITY)
			return err_set(d, rc, "db", "was written by a newer vigil");
		return err_set(d, rc, "db", "cannot be opened");
	}
	if ((rc = load_prefix(svc)) < 0)
		goto fail;
	if (login) {
		rc = store_person_get(svc->st, login, &svc->me);
		if (rc == ERR_NOTFOUND || (rc == 0 && svc->me.disabled)) {
			rc = err_set(d, ERR_PERM, "as", "is not an active person of this vigil");
			goto fail;
		}
		if (rc < 0)
			goto fail;
	}
	*ret = svc;
	return 0;
fail:
	svc_close(svc);
	return rc;
}

void
svc_close(struct svc *svc)
{
	if (!svc)
		return;
	person_release(&svc->me);
	store_close(svc->st);
	free(svc);
}

void
svc_key(struct svc *svc, int64_t id, char out[ISSUE_KEY_MAX])
{
	snprintf(out, ISSUE_KEY_MAX, "%s-%lld", svc->prefix, (long long)id);
}

const char *
svc_actor(struct svc *svc)
{
	if (svc->system)
		return "system";
	return svc->me.id ? svc->me.login : "anonymous";
}

int
svc_begin(struct svc *svc, struct errdetail *d)
{
	if (svc->read_only)
		return err_set(d, ERR_PERM, "auth", "this token is read-only");
	return svc_begin_audit(svc, d);
}

int
svc_begin_audit(struct svc *svc, struct errdetail *d)
{
	int rc = store_begin(svc->st);

	if (rc < 0)
		return err_set(d, rc, "db", "cannot start a transaction");
	return 0;
}

int
svc_audit(struct svc *svc, const char *action, const char *object, json_t *detail)
{
	char *text;
	int rc;

	if (!detail)
		detail = json_object();
	text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	if (!text) {
		json_decref(detail);
		return ERR_NOMEM;
	}
	rc = store_audit_append(svc->st, clock_now(), svc_actor(svc), action, object, text);
	/* mail: the notifications this event causes, in its transaction */
	if (rc == 0)
		rc = notify_audit(svc, action, object, detail);
	json_decref(detail);
	free(text);
	return rc;
}

int
svc_end(struct svc *svc, int rc, struct errdetail *d)
{
	if (rc == 0 && (rc = store_commit(svc->st)) < 0)
		err_set(d, rc, "db", "cannot commit the change");
	if (rc < 0) {
		store_rollback(svc->st);
		if (d && !d->field[0])
			err_set(d, rc, "db", err_str(rc));
	}
	return rc;
}

int
svc_person(struct svc *svc, const char *field, const char *login, struct person *ret,
	struct errdetail *d)
{
	int rc;

	if ((rc = text_check_login(d, field, login)) < 0)
		return rc;
	rc = store_person_get(svc->st, login, ret);
	if (rc == ERR_NOTFOUND)
		return err_set(d, ERR_INVAL, field, "names no person of this vigil");
	if (rc < 0)
		return err_set(d, rc, field, "cannot be looked up");
	return 0;
}

int
svc_strset(char **dst, const char *src)
{
	char *c = NULL;

	if (src && !(c = strdup(src)))
		return ERR_NOMEM;
	free(*dst);
	*dst = c;
	return 0;
}
