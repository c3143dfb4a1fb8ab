/*
 * policy.h — who may do what (SPEC §1, §3): the decision table that
 * service/ consults before every change and every restricted read. Pure:
 * it decides from a relation (model/issue.h) or a person's global roles.
 * Default deny: an action missing from the table is refused.
 */
#ifndef VIGIL_MODEL_POLICY_H
#define VIGIL_MODEL_POLICY_H

#include <stdbool.h>

#include "model/issue.h"

/* Actions on one issue. */
enum issue_action {
	IA_ACK,               /* new -> triage */
	IA_ASSIGN,            /* set or change the assignee */
	IA_SET_TRIAGE,        /* priority, subsystem, embargo, credit, public link */
	IA_SET_TECHNICAL,     /* CVSS vector, introduced-in version */
	IA_MOVE_FORWARD,      /* assigned->review->accepted->released */
	IA_MOVE_BACKWARD,     /* any recorded step back */
	IA_REJECT,
	IA_PUBLISH,           /* released->public, early publication */
	IA_GRANT,             /* grant and revoke access */
	IA_COMMENT_SHARED,
	IA_COMMENT_INTERNAL,
	IA_ATTACH,
	IA_FIX,               /* link fixes, mark them merged or closed */
	IA_BACKPORT,          /* change a backport of a release (rel.release_manager
	                         means: manages that release) */
	IA_CVE,               /* assign CVE ids to the issue */
	IA_SEE_INTERNAL,      /* internal comments, grants, history, CVE<->fix table */
	IA__COUNT
};

/* Actions that concern no single issue. */
enum global_action {
	GA_MANAGE_PEOPLE,     /* add people, change global roles */
	GA_CONFIGURE,         /* subsystems, releases, settings */
	GA_CVE_POOL,          /* reserve and retire CVE ids, see the pool */
	GA_MEETING,           /* record meetings and their decisions */
	GA_AUDIT,             /* verify and read the audit log */
	GA_REPORT,            /* file a vulnerability report */
	GA_SEE_ALL_ISSUES,    /* see every issue regardless of relation */
	/* mail: the alert list and the outbox */
	GA_ALERT_SEE,         /* see the alert-list members (director, psirt) */
	GA_ALERT_MANAGE,      /* change a member's addresses and key (director, psirt) */
	GA_ALERT_VET,         /* approve, deny, remove members (director) */
	GA_OUTBOX,            /* see the mail queue (psirt, admin) */
	GA__COUNT
};

/* May a person standing as rel to an issue in state st do act? */
bool policy_issue_allows(enum issue_action act, const struct relation *rel, enum state st);

/* May a person with global role flags roles (enum role) do act? anonymous
 * is true when nobody is signed in. */
bool policy_global_allows(enum global_action act, unsigned roles, bool anonymous);

/* Name of an action, for messages ("assign", "publish", ...). */
const char *policy_issue_action_name(enum issue_action act);

#endif
