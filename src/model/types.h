/*
 * types.h — the enumerations of vigil's domain (SPEC §1–§3): roles, issue
 * states, priorities, resolutions, CVE, fix and backport states, sources.
 * Each has a name table; *_parse() maps untrusted text to a value and
 * refuses anything else. Pure: no I/O.
 */
#ifndef VIGIL_MODEL_TYPES_H
#define VIGIL_MODEL_TYPES_H

#include <stdbool.h>

/* Global roles held by a person (bit flags). The other roles — maintainer,
 * architect, release manager, assignee, reporter — are relations to
 * subsystems, releases and issues, not flags. */
enum role {
	ROLE_PSIRT = 1 << 0,
	ROLE_ADMIN = 1 << 1,
	ROLE_DIRECTOR = 1 << 2,
};

enum state {
	ST_NEW,
	ST_TRIAGE,
	ST_ASSIGNED,
	ST_REVIEW,
	ST_ACCEPTED,
	ST_RELEASED,
	ST_PUBLIC,
	ST_REJECTED,
	ST__COUNT
};

enum resolution {
	RES_NONE,
	RES_INVALID,
	RES_DUPLICATE,
	RES_NOT_A_VULNERABILITY,
	RES_OUT_OF_SCOPE,
};

enum source { SRC_WEB, SRC_EMAIL, SRC_API, SRC_CLI };

enum cve_state { CVE_RESERVED, CVE_ASSIGNED, CVE_PUBLISHED, CVE_REJECTED };

enum fix_state { FIX_OPEN, FIX_MERGED, FIX_CLOSED };

enum backport_state {
	BP_NEEDED,
	BP_IN_REVIEW,
	BP_MERGED,
	BP_RELEASED,
	BP_NOT_NEEDED,
};

enum embargo { EMB_UNDECIDED, EMB_YES, EMB_NO };

const char *role_name(enum role r);
int role_parse(const char *s, enum role *ret);
struct strlist;
/* Role names to flags; ERR_INVAL on a name that is not a global role.
 * *ret is written only on success. */
int roles_parse(const struct strlist *l, unsigned *ret);

const char *state_name(enum state s);
int state_parse(const char *s, enum state *ret);

const char *resolution_name(enum resolution r);
int resolution_parse(const char *s, enum resolution *ret);

const char *source_name(enum source s);
int source_parse(const char *s, enum source *ret);

const char *cve_state_name(enum cve_state s);
int cve_state_parse(const char *s, enum cve_state *ret);

const char *fix_state_name(enum fix_state s);
int fix_state_parse(const char *s, enum fix_state *ret);

const char *backport_state_name(enum backport_state s);
int backport_state_parse(const char *s, enum backport_state *ret);

const char *embargo_name(enum embargo e);
int embargo_parse(const char *s, enum embargo *ret);

/* Priority 1..4 from "P1".."P4"; 0 or ERR_INVAL. */
int priority_parse(const char *s, int *ret);

#endif
