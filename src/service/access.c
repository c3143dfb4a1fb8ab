/*
 * access.c — the single gate of vigil: every service function that shows
 * or changes an issue comes through here. It asks the store for the facts
 * (the person's relation to the issue) and model/visibility.c and
 * model/policy.c for the decision. A hidden issue is reported exactly like
 * a missing one, and the same queries run in both cases, so neither the
 * answer nor (as far as practical) its timing tells them apart.
 */
#include "service/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

static int
not_found(struct errdetail *d)
{
	return err_set(d, ERR_NOTFOUND, "issue", "not found");
}

int
acc_key_parse(struct svc *svc, const char *key, int64_t *ret_id, struct errdetail *d)
{
	size_t pl = strlen(svc->prefix);
	const char *p;
	int64_t id = 0;

	if (!key || strncmp(key, svc->prefix, pl) != 0 || key[pl] != '-')
		return not_found(d);
	p = key + pl + 1;
	if (!*p || *p == '0' || strlen(p) > 12)
		return not_found(d);
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return not_found(d);
		id = id * 10 + (*p - '0');
	}
	*ret_id = id;
	return 0;
}

unsigned
acc_roles(const struct svc *svc)
{
	return svc->restricted || !svc->me.id ? 0 : svc->me.roles;
}

/*
 * Without a second factor a person keeps only what a reporter has: their
 * own reports. Every other relation (assignee, maintainer, architect,
 * release manager, grant) needs the second factor, as the roles do.
 */
static void
restrict_relation(const struct svc *svc, struct relation *rel)
{
	if (!svc->restricted)
		return;
	rel->psirt = rel->admin = rel->director = false;
	rel->assignee = rel->maintainer = rel->architect = false;
	rel->release_manager = rel->granted = false;
}

int
acc_relation(struct svc *svc, int64_t id, struct relation *ret, enum state *ret_state)
{
	int rc = store_issue_relation(svc->st, id, svc->me.id, acc_roles(svc), ret, ret_state);

	if (rc == 0)
		restrict_relation(svc, ret);
	return rc;
}

/* The relation the person would have with their second factor given. */
static int
full_relation(struct svc *svc, int64_t id, struct relation *ret)
{
	enum state st;

	return store_issue_relation(svc->st, id, svc->me.id, svc->me.id ? svc->me.roles : 0,
		ret, &st);
}

int
acc_relations(struct svc *svc, struct issue_rel **ret, size_t *ret_n)
{
	int rc = store_issue_relations(svc->st, svc->me.id, acc_roles(svc), ret, ret_n);

	for (size_t i = 0; rc == 0 && i < *ret_n; i++)
		restrict_relation(svc, &(*ret)[i].rel);
	return rc;
}

bool
acc_can_see(struct svc *svc, int64_t id)
{
	struct relation rel;
	enum state st;

	if (acc_relation(svc, id, &rel, &st) < 0)
		return false;
	return visibility_can_see(&rel, st);
}

int
acc_issue(struct svc *svc, const char *key, struct issue *ret, struct relation *ret_rel,
	enum view *ret_view, struct errdetail *d)
{
	struct relation rel;
	enum state st;
	enum view v;
	int64_t id;
	int rc;

	if ((rc = acc_key_parse(svc, key, &id, d)) < 0)
		return rc;
	rc = acc_relation(svc, id, &rel, &st);
	if (rc == ERR_NOTFOUND)
		return not_found(d);
	if (rc < 0)
		return err_set(d, rc, "db", "cannot read the issue");
	v = visibility_view(&rel, st);
	if (v == VIEW_NONE)
		return not_found(d);
	if (ret && (rc = store_issue_get(svc->st, id, ret)) < 0)
		return err_set(d, rc, "db", "cannot read the issue");
	if (ret_rel)
		*ret_rel = rel;
	if (ret_view)
		*ret_view = v;
	return 0;
}

int
acc_issue_do(struct svc *svc, const char *key, enum issue_action act, struct issue *ret,
	struct relation *ret_rel, struct errdetail *d)
{
	struct relation rel;
	struct issue is = {0};
	int rc;

	if ((rc = acc_issue(svc, key, &is, &rel, NULL, d)) < 0)
		return rc;
	/* a read-only token is refused every change before any guard speaks
	 * (after the visibility check, so a hidden issue still looks missing) */
	if (svc->read_only && act != IA_SEE_INTERNAL) {
		issue_release(&is);
		return err_set(d, ERR_PERM, "auth", "this token is read-only");
	}
	if (!policy_issue_allows(act, &rel, is.state)) {
		struct relation full;

		/* say so when only the missing second factor stands in the way */
		if (svc->restricted && full_relation(svc, is.id, &full) == 0 &&
		    policy_issue_allows(act, &full, is.state))
			rc = err_set(d, ERR_PERM, "auth", "enrol and give your second factor first");
		else
			rc = err_setf(d, ERR_PERM, "issue", "you may not %s this issue",
				policy_issue_action_name(act));
		issue_release(&is);
		return rc;
	}
	if (ret)
		*ret = is;
	else
		issue_release(&is);
	if (ret_rel)
		*ret_rel = rel;
	return 0;
}

int
acc_global(struct svc *svc, enum global_action act, struct errdetail *d)
{
	static const char *const what[GA__COUNT] = {
		"manage people (admin only)",
		"change subsystems, releases or settings (admin or psirt only)",
		"manage the CVE pool (psirt only)",
		"record meetings (psirt only)",
		"read the audit log (admin or psirt only)",
		"file reports (sign in first)",
		"see every issue",
		"see the alert list (director or psirt only)",
		"change alert-list members (director or psirt only)",
		"vet alert-list members (director only)",
		"see the mail queue (psirt or admin only)",
	};

	if (policy_global_allows(act, acc_roles(svc), svc->me.id == 0))
		return 0;
	/* say so when only the missing second factor stands in the way */
	if (svc->restricted && policy_global_allows(act, svc->me.roles, false))
		return err_set(d, ERR_PERM, "auth", "enrol and give your second factor first");
	return err_setf(d, ERR_PERM, "as", "you may not %s", what[act]);
}

void
acc_redact(struct svc *svc, struct issue_view *v)
{
	struct issue *is = &v->is;
	int64_t dup;

	/* "duplicate of SEC-12" must not reveal a key the reader cannot see */
	if (is->duplicate_of && (acc_key_parse(svc, is->duplicate_of, &dup, NULL) < 0 ||
	    !acc_can_see(svc, dup))) {
		free(is->duplicate_of);
		is->duplicate_of = NULL;
	}

	if (v->view == VIEW_FULL)
		return;
	/* reporters and the public never see who works on it or internal notes */
	free(is->assignee);
	is->assignee = NULL;
	is->assignee_id = 0;
	free(is->publish_reason);
	is->publish_reason = NULL;
	is->publish_proposed_by = 0;
	is->priority = 0;
	if (v->view == VIEW_PUBLIC) {
		free(is->reporter);
		is->reporter = NULL;
		is->reporter_id = 0;
		free(is->affected_version);
		is->affected_version = NULL;
		if (is->anonymous) {
			free(is->credit);
			is->credit = NULL;
		}
	}
}
