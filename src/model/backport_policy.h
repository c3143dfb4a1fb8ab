/*
 * backport_policy.h — which releases get a backport subtask when a fix
 * merges (SPEC §8): the current LTS release and the two most recent
 * supported releases, each `needed`, or `not-needed` with a reason when the
 * vulnerability was introduced after that release. Pure: releases and the
 * clock are arguments.
 */
#ifndef VIGIL_MODEL_BACKPORT_POLICY_H
#define VIGIL_MODEL_BACKPORT_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "model/objects.h"

struct backport_plan {
	size_t release;               /* index into the releases given */
	enum backport_state state;    /* BP_NEEDED or BP_NOT_NEEDED */
	char reason[160];             /* for BP_NOT_NEEDED */
};

/*
 * Plan backports among n releases for a vulnerability introduced in
 * introduced (NULL: unknown, so every chosen release is affected). Only
 * supported releases published on or before now count. Writes at most 3
 * entries to ret and returns how many.
 */
size_t backport_plan(const struct release *rels, size_t n, const char *introduced,
	int64_t now, struct backport_plan ret[3]);

#endif
