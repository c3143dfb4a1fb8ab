/*
 * issue.h — the issue as the domain sees it (SPEC §2), and the relation of
 * one person to one issue from which visibility and permissions follow.
 * Plain data: the store fills these, model/ decides, front-ends print them.
 */
#ifndef VIGIL_MODEL_ISSUE_H
#define VIGIL_MODEL_ISSUE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/types.h"

#define ISSUE_KEY_MAX 40

struct issue {
	int64_t id;
	char key[ISSUE_KEY_MAX];
	char *title;
	char *description;
	enum state state;
	int priority;               /* 1..4, 0 = not set */
	char *cvss;                 /* canonical vector or NULL */
	double cvss_score;          /* valid when cvss != NULL */
	char *cvss_severity;
	int64_t subsystem_id;       /* 0 = not set */
	char *subsystem;
	int64_t reporter_id;
	char *reporter;             /* login */
	int64_t assignee_id;        /* 0 = none */
	char *assignee;
	enum source source;
	enum embargo embargo;
	int64_t embargo_until;      /* 0 = none */
	int64_t embargo_max;        /* latest allowed end (90 days, or extended) */
	int64_t reported_at;
	int64_t acked_at;           /* 0 = not yet */
	int64_t accepted_at;
	int64_t released_at;
	int64_t published_at;
	char *affected_version;    /* as the reporter gave it */
	char *introduced_in;
	char *fixed_in;             /* release that ships the fix */
	char *credit;               /* name to credit, NULL = reporter's name */
	bool anonymous;
	enum resolution resolution;
	char *duplicate_of;         /* key, for RES_DUPLICATE */
	bool disclosed_unfixed;
	bool tracked_publicly;
	char *public_link;
	int64_t publish_proposed_by; /* psirt person who proposed early publication */
	char *publish_reason;
};

/* Free the strings of an issue and zero it. is may be NULL. */
void issue_release(struct issue *is);

/*
 * How one person stands to one issue. Filled by the store from the
 * database in one query; read only by model/visibility.c and model/policy.c.
 */
struct relation {
	bool anonymous;      /* no person at all */
	bool psirt;
	bool admin;
	bool director;
	bool reporter;       /* reported this issue */
	bool assignee;
	bool maintainer;     /* of the issue's subsystem */
	bool architect;      /* of the issue's subsystem */
	bool release_manager; /* of a release the issue affects or has a backport to */
	bool granted;        /* explicit, unrevoked grant */
};

/* What a person may see of an issue, in increasing order. */
enum view {
	VIEW_NONE,     /* nothing: the issue does not exist for them */
	VIEW_PUBLIC,   /* public fields of a public issue, no comments */
	VIEW_REPORTER, /* their own report: fields and shared comments */
	VIEW_FULL,     /* everything, internal comments included */
};

#endif
