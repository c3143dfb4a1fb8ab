/*
 * people.c — people and their global roles (admin's work), subsystems and
 * releases (configuration: admin or psirt). Validates every field.
 */
#include "service/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "core/banned.h"

/*
 * Over the network, only an admin who is psirt may give the psirt role:
 * otherwise an admin alone could make an account that sees every
 * embargoed issue. (On the database file itself, anything goes.)
 */
static int
may_give_psirt(struct svc *svc, unsigned roles, struct errdetail *d)
{
	if (svc->networked && (roles & ROLE_PSIRT) && !(acc_roles(svc) & ROLE_PSIRT))
		return err_set(d, ERR_PERM, "roles", "only an admin who is also psirt may give "
			"the psirt role");
	return 0;
}

int
svc_user_add(struct svc *svc, const char *login, const char *email, const char *name,
	unsigned roles, struct errdetail *d)
{
	struct person p = {0};
	int64_t id;
	int rc;

	if ((rc = acc_global(svc, GA_MANAGE_PEOPLE, d)) < 0 ||
	    (rc = text_check_login(d, "login", login)) < 0 ||
	    (rc = text_check_email(d, "email", email)) < 0 ||
	    (name && (rc = text_check(d, "name", name, LIM_NAME_MAX, TEXT_LINE)) < 0) ||
	    (rc = may_give_psirt(svc, roles, d)) < 0)
		return rc;
	p.login = (char *)login;
	p.email = (char *)email;
	p.name = (char *)name;
	p.roles = roles;
	p.created_at = clock_now();
	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	rc = store_person_add(svc->st, &p, &id);
	if (rc == ERR_CONFLICT)
		err_set(d, rc, "login", "is taken");
	if (rc == 0)
		rc = svc_audit(svc, "person.add", login, json_pack("{s:i}", "roles", (int)roles));
	return svc_end(svc, rc, d);
}

int
svc_user_list(struct svc *svc, struct person **ret, size_t *ret_n, struct errdetail *d)
{
	int rc;

	if ((rc = acc_global(svc, GA_CONFIGURE, d)) < 0)
		return rc;
	if ((rc = store_person_list(svc->st, ret, ret_n)) < 0)
		return err_set(d, rc, "db", "cannot list people");
	return 0;
}

int
svc_user_update(struct svc *svc, const char *login, unsigned add, unsigned remove,
	int disabled, struct errdetail *d)
{
	struct person p = {0};
	int64_t now = clock_now();
	unsigned roles;
	int rc;

	if ((rc = acc_global(svc, GA_MANAGE_PEOPLE, d)) < 0 ||
	    (rc = svc_person(svc, "login", login, &p, d)) < 0)
		return rc;
	/* every refusal before the first change: all of it, or nothing */
	if ((add || remove) && svc->networked && p.id == svc->me.id) {
		/* over the network an admin could otherwise make themselves psirt */
		rc = err_set(d, ERR_PERM, "login", "you may not change your own roles");
		goto out;
	}
	if ((rc = may_give_psirt(svc, add, d)) < 0)
		goto out;
	if (disabled >= 0 && p.id == svc->me.id) {
		rc = err_set(d, ERR_CONFLICT, "login", "you cannot disable yourself");
		goto out;
	}
	roles = (p.roles | add) & ~remove;
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	if (add || remove) {
		rc = store_person_set_roles(svc->st, p.id, roles);
		if (rc == 0)
			rc = svc_audit(svc, "person.roles", login,
				json_pack("{s:i,s:i}", "from", (int)p.roles, "to", (int)roles));
	}
	if (rc == 0 && disabled >= 0) {
		rc = store_person_set_disabled(svc->st, p.id, disabled == 1);
		/* a disabled person's sign-ins stay dead when they are enabled again */
		if (rc == 0 && disabled == 1)
			rc = store_session_revoke_all(svc->st, p.id, now);
		if (rc == 0 && disabled == 1)
			rc = store_token_revoke_all(svc->st, p.id, now);
		if (rc == 0)
			rc = svc_audit(svc, disabled == 1 ? "person.disable" : "person.enable",
				login, NULL);
	}
	rc = svc_end(svc, rc, d);
out:
	person_release(&p);
	return rc;
}

int
svc_user_roles(struct svc *svc, const char *login, unsigned add, unsigned remove,
	struct errdetail *d)
{
	return svc_user_update(svc, login, add, remove, -1, d);
}

int
svc_user_disable(struct svc *svc, const char *login, bool disabled, struct errdetail *d)
{
	return svc_user_update(svc, login, 0, 0, disabled ? 1 : 0, d);
}

/* Resolve a list of logins to ids, naming field on an unknown one. */
static int
resolve_people(struct svc *svc, const char *field, const struct strlist *logins,
	int64_t **ret, struct errdetail *d)
{
	int64_t *ids;
	int rc;

	if (logins->n > LIM_PEOPLE_PER_LIST)
		return err_setf(d, ERR_INVAL, field, "lists more than %d people",
			LIM_PEOPLE_PER_LIST);
	ids = calloc(logins->n + 1, sizeof(*ids));
	if (!ids)
		return ERR_NOMEM;
	for (size_t i = 0; i < logins->n; i++) {
		struct person p = {0};

		if ((rc = svc_person(svc, field, logins->v[i], &p, d)) < 0) {
			free(ids);
			return rc;
		}
		ids[i] = p.id;
		person_release(&p);
		for (size_t k = 0; k < i; k++)
			if (ids[k] == ids[i]) {
				free(ids);
				return err_set(d, ERR_INVAL, field, "names the same person twice");
			}
	}
	*ret = ids;
	return 0;
}

int
svc_subsystem_add(struct svc *svc, const char *name, const struct strlist *globs,
	const struct strlist *maintainers, const char *architect, struct errdetail *d)
{
	struct subsystem sub = {0};
	struct person arch = {0};
	int64_t *mids = NULL, id;
	int rc;

	if ((rc = acc_global(svc, GA_CONFIGURE, d)) < 0 ||
	    (rc = text_check(d, "name", name, LIM_SUBSYSTEM_MAX, TEXT_LINE)) < 0)
		return rc;
	if (globs->n == 0)
		return err_set(d, ERR_INVAL, "path", "at least one path glob is required");
	if (globs->n > LIM_GLOBS_PER_SUBSYSTEM)
		return err_setf(d, ERR_INVAL, "path", "more than %d globs", LIM_GLOBS_PER_SUBSYSTEM);
	for (size_t i = 0; i < globs->n; i++)
		if ((rc = text_check(d, "path", globs->v[i], LIM_GLOB_MAX, TEXT_LINE)) < 0)
			return rc;
	if (architect && (rc = svc_person(svc, "architect", architect, &arch, d)) < 0)
		return rc;
	if ((rc = resolve_people(svc, "maintainer", maintainers, &mids, d)) < 0)
		goto out;
	sub.name = (char *)name;
	sub.globs = *globs;
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_subsystem_add(svc->st, &sub, arch.id, mids, maintainers->n, &id);
	if (rc == ERR_CONFLICT)
		err_set(d, rc, "name", "a subsystem of that name exists");
	if (rc == 0)
		rc = svc_audit(svc, "subsystem.add", name, NULL);
	rc = svc_end(svc, rc, d);
out:
	free(mids);
	person_release(&arch);
	return rc;
}

int
svc_subsystem_list(struct svc *svc, struct subsystem **ret, size_t *ret_n,
	struct errdetail *d)
{
	int rc;

	if (svc->me.id == 0)
		return acc_global(svc, GA_CONFIGURE, d);
	if ((rc = store_subsystem_list(svc->st, ret, ret_n)) < 0)
		return err_set(d, rc, "db", "cannot list subsystems");
	return 0;
}

int
svc_release_add(struct svc *svc, const char *name, const char *branch, const char *date,
	bool lts, const struct strlist *managers, struct errdetail *d)
{
	struct release r = {0};
	int64_t *mids = NULL, id;
	int rc;

	if ((rc = acc_global(svc, GA_CONFIGURE, d)) < 0 ||
	    (rc = text_check_version(d, "name", name)) < 0 ||
	    (rc = text_check_branch(d, "branch", branch)) < 0)
		return rc;
	if (clock_parse_date(date, &r.date) < 0)
		return err_set(d, ERR_INVAL, "date", "must be a date YYYY-MM-DD");
	if ((rc = resolve_people(svc, "manager", managers, &mids, d)) < 0)
		return rc;
	r.name = (char *)name;
	r.branch = (char *)branch;
	r.lts = lts;
	r.supported = true;
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_release_add(svc->st, &r, mids, managers->n, &id);
	if (rc == ERR_CONFLICT)
		err_set(d, rc, "name", "a release of that name exists");
	if (rc == 0)
		rc = svc_audit(svc, "release.add", name,
			json_pack("{s:s,s:b}", "branch", branch, "lts", lts));
	rc = svc_end(svc, rc, d);
out:
	free(mids);
	return rc;
}

int
svc_release_list(struct svc *svc, struct release **ret, size_t *ret_n, struct errdetail *d)
{
	int rc;

	if ((rc = store_release_list(svc->st, ret, ret_n)) < 0)
		return err_set(d, rc, "db", "cannot list releases");
	/* who manages a release (a person who may see embargoed issues) is for
	 * signed-in people: the public releases page names no one */
	for (size_t i = 0; svc->me.id == 0 && i < *ret_n; i++)
		strlist_release(&(*ret)[i].managers);
	return 0;
}

int
svc_release_eol(struct svc *svc, const char *name, struct errdetail *d)
{
	struct release r = {0};
	int rc;

	if ((rc = acc_global(svc, GA_CONFIGURE, d)) < 0)
		return rc;
	rc = store_release_get(svc->st, name, &r);
	if (rc == ERR_NOTFOUND)
		return err_set(d, ERR_INVAL, "release", "names no release");
	if (rc < 0)
		return err_set(d, rc, "db", "cannot read the release");
	if ((rc = svc_begin(svc, d)) == 0) {
		rc = store_release_set_supported(svc->st, r.id, false);
		if (rc == 0)
			rc = svc_audit(svc, "release.eol", name, NULL);
		rc = svc_end(svc, rc, d);
	}
	release_release(&r);
	return rc;
}
