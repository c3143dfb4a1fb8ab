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

/* A person who must give a second factor and has not sees issues only as
 * an anonymous visitor would. */
static int64_t
effective_person(const struct svc *svc)
{
	return svc->restricted ? 0 : svc->me.id;
}

unsigned
acc_roles(const struct svc *svc)
{
	return svc->restricted || !svc->me.id ? 0 : svc->me.roles;
}

int
acc_relation(struct svc *svc, int64_t id, struct relation *ret, enum state *ret_state)
{
	return store_issue_relation(svc->st, id, effective_person(svc), acc_roles(svc), ret,
		ret_state);
}

int
acc_relations(struct svc *svc, struct issue_rel **ret, size_t *ret_n)
{
	return store_issue_relations(svc->st, effective_person(svc), acc_roles(svc), ret, ret_n);
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
	if (svc->restricted && act != IA_SEE_INTERNAL) {
		issue_release(&is);
		return err_set(d, ERR_PERM, "auth", "enrol and give your second factor first");
	}
	if (!policy_issue_allows(act, &rel, is.state)) {
		issue_release(&is);
		return err_setf(d, ERR_PERM, "issue", "you may not %s this issue",
			policy_issue_action_name(act));
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
	};

	if (svc->restricted && act != GA_REPORT)
		return err_set(d, ERR_PERM, "auth", "enrol and give your second factor first");
	if (policy_global_allows(act, acc_roles(svc), svc->me.id == 0))
		return 0;
	return err_setf(d, ERR_PERM, "as", "you may not %s", what[act]);
}

void
acc_redact(struct issue_view *v)
{
	struct issue *is = &v->is;

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
