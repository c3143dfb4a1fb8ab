/*
 * workflow.h — the issue state machine of SPEC §3: which moves exist, which
 * are backward, and the guard of each move. Pure: the service gathers the
 * facts (fixes, releases, embargo, clock) into struct wf_facts first. A
 * refused move names everything that is missing.
 */
#ifndef VIGIL_MODEL_WORKFLOW_H
#define VIGIL_MODEL_WORKFLOW_H

#include <stdbool.h>

#include "core/err.h"
#include "model/issue.h"

struct wf_facts {
	int fixes_linked;          /* fixes not closed */
	bool fix_merged_main;      /* a fix merged into the main branch */
	bool release_named;        /* a release was given with the move */
	bool release_exists;
	bool release_has_fix;      /* the named release contains a merged fix */
	bool embargo_over;         /* no embargo, or embargo_until has passed */
	bool early_confirmed;      /* two distinct psirt members agreed */
};

/* Is from -> to a move of the workflow at all (forward, backward, reject)? */
bool workflow_is_move(enum state from, enum state to);

/* Is from -> to a recorded step back? */
bool workflow_is_backward(enum state from, enum state to);

/*
 * Check the guard of moving is to state to. 0, or ERR_CONFLICT with d
 * naming every missing requirement ("missing: priority, CVSS vector").
 */
int workflow_check(const struct issue *is, enum state to, const struct wf_facts *f,
	struct errdetail *d);

#endif
