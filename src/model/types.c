/*
 * types.c — name tables of the domain enumerations (see types.h). The
 * *_parse() functions read untrusted text and accept only exact names.
 */
#include "model/types.h"

#include <string.h>

#include "core/err.h"
#include "model/objects.h"
#include "core/banned.h"

#define NAMES(fn, type, table)                                           \
	const char *fn##_name(type v)                                        \
	{                                                                     \
		if ((unsigned)v < sizeof(table) / sizeof(table[0]) && table[v]) \
			return table[v];                                          \
		return "?";                                                       \
	}                                                                     \
	int fn##_parse(const char *s, type *ret)                             \
	{                                                                     \
		for (unsigned i = 0; s && i < sizeof(table) / sizeof(table[0]); i++) \
			if (table[i] && strcmp(s, table[i]) == 0) {               \
				*ret = (type)i;                                   \
				return 0;                                         \
			}                                                         \
		return ERR_INVAL;                                                 \
	}

static const char *const state_names[] = {
	"new", "triage", "assigned", "review", "accepted", "released", "public", "rejected",
};
static const char *const resolution_names[] = {
	"", "invalid", "duplicate", "not-a-vulnerability", "out-of-scope",
};
static const char *const source_names[] = {"web", "email", "api", "cli"};
static const char *const cve_state_names[] = {"reserved", "assigned", "published", "rejected"};
static const char *const fix_state_names[] = {"open", "merged", "closed"};
static const char *const backport_state_names[] = {
	"needed", "in-review", "merged", "released", "not-needed",
};
static const char *const embargo_names[] = {"undecided", "yes", "no"};

NAMES(state, enum state, state_names)
NAMES(source, enum source, source_names)
NAMES(cve_state, enum cve_state, cve_state_names)
NAMES(fix_state, enum fix_state, fix_state_names)
NAMES(backport_state, enum backport_state, backport_state_names)
NAMES(embargo, enum embargo, embargo_names)

const char *
resolution_name(enum resolution r)
{
	if (r > RES_NONE && r <= RES_OUT_OF_SCOPE)
		return resolution_names[r];
	return "";
}

int
resolution_parse(const char *s, enum resolution *ret)
{
	for (int i = RES_INVALID; s && i <= RES_OUT_OF_SCOPE; i++)
		if (strcmp(s, resolution_names[i]) == 0) {
			*ret = (enum resolution)i;
			return 0;
		}
	return ERR_INVAL;
}

const char *
role_name(enum role r)
{
	switch (r) {
	case ROLE_PSIRT: return "psirt";
	case ROLE_ADMIN: return "admin";
	case ROLE_DIRECTOR: return "director";
	}
	return "?";
}

int
role_parse(const char *s, enum role *ret)
{
	static const enum role all[] = {ROLE_PSIRT, ROLE_ADMIN, ROLE_DIRECTOR};

	for (unsigned i = 0; s && i < 3; i++)
		if (strcmp(s, role_name(all[i])) == 0) {
			*ret = all[i];
			return 0;
		}
	return ERR_INVAL;
}

int
priority_parse(const char *s, int *ret)
{
	if (s && (s[0] == 'P' || s[0] == 'p') && s[1] >= '1' && s[1] <= '4' && !s[2]) {
		*ret = s[1] - '0';
		return 0;
	}
	return ERR_INVAL;
}

int
roles_parse(const struct strlist *l, unsigned *ret)
{
	unsigned roles = 0;

	for (size_t i = 0; i < l->n; i++) {
		enum role r;

		if (role_parse(l->v[i], &r) < 0)
			return ERR_INVAL;
		roles |= (unsigned)r;
	}
	*ret = roles;
	return 0;
}
