/*
 * policy.c — the permission table (see policy.h). Every rule is here and
 * nowhere else; front-ends never repeat it. An action on an issue first
 * requires that the person can see the issue (model/visibility.c).
 */
#include "model/policy.h"

#include "model/visibility.h"
#include "core/banned.h"

static bool
works_on(const struct relation *r)
{
	return r->psirt || r->assignee || r->maintainer;
}

bool
policy_issue_allows(enum issue_action act, const struct relation *r, enum state st)
{
	enum view v = visibility_view(r, st);

	if (v == VIEW_NONE || r->anonymous)
		return false;
	switch (act) {
	case IA_ACK:
	case IA_ASSIGN:
	case IA_SET_TRIAGE:
	case IA_REJECT:
	case IA_PUBLISH:
	case IA_GRANT:
	case IA_CVE:
		return r->psirt;
	case IA_SET_TECHNICAL:
	case IA_MOVE_FORWARD:
	case IA_FIX:
		return works_on(r);
	case IA_MOVE_BACKWARD:
		return r->psirt || r->assignee;
	case IA_BACKPORT:
		return works_on(r) || r->release_manager;
	case IA_COMMENT_SHARED:
	case IA_ATTACH:
		return v >= VIEW_REPORTER;
	case IA_COMMENT_INTERNAL:
	case IA_SEE_INTERNAL:
		return v == VIEW_FULL;
	case IA__COUNT:
		break;
	}
	return false;
}

bool
policy_global_allows(enum global_action act, unsigned roles, bool anonymous)
{
	if (anonymous)
		return false;
	switch (act) {
	case GA_MANAGE_PEOPLE:
		return roles & ROLE_ADMIN;
	case GA_CONFIGURE:
		return roles & (ROLE_ADMIN | ROLE_PSIRT);
	case GA_CVE_POOL:
	case GA_MEETING:
	case GA_SEE_ALL_ISSUES:
		return roles & ROLE_PSIRT;
	case GA_AUDIT:
		return roles & (ROLE_ADMIN | ROLE_PSIRT);
	case GA_REPORT:
		return true;
	case GA_ALERT_SEE:
	case GA_ALERT_MANAGE:
		return roles & (ROLE_DIRECTOR | ROLE_PSIRT);
	case GA_ALERT_VET:
		return roles & ROLE_DIRECTOR;
	case GA_OUTBOX:
		return roles & (ROLE_PSIRT | ROLE_ADMIN);
	case GA__COUNT:
		break;
	}
	return false;
}

const char *
policy_issue_action_name(enum issue_action act)
{
	static const char *const names[IA__COUNT] = {
		"acknowledge", "assign", "change triage fields", "change technical fields",
		"move forward", "move back", "reject", "publish", "grant access",
		"comment", "comment internally", "attach files", "manage fixes",
		"manage backports", "assign CVE ids", "see internal data",
	};
	return (unsigned)act < IA__COUNT ? names[act] : "?";
}
