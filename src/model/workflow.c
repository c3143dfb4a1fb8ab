/*
 * workflow.c — moves and guards of the issue state machine (see
 * workflow.h). The forward path is new, triage, assigned, review,
 * accepted, released, public; rejected is reachable from every state
 * before public. Pure: no I/O, no clock.
 */
#include "model/workflow.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/banned.h"

static bool
is_open(enum state s)
{
	return s != ST_PUBLIC && s != ST_REJECTED;
}

bool
workflow_is_backward(enum state from, enum state to)
{
	if (from == ST_REJECTED)
		return to == ST_TRIAGE; /* reopen */
	if (!is_open(from) || from == ST_NEW)
		return false;
	return to >= ST_TRIAGE && to < from && to <= ST_ACCEPTED;
}

bool
workflow_is_move(enum state from, enum state to)
{
	if (to == ST_REJECTED)
		return is_open(from);
	if (is_open(from) && to == from + 1)
		return true;
	return workflow_is_backward(from, to);
}

static void
missing(struct buf *b, const char *what)
{
	buf_adds(b, buf_str(b)[0] ? ", " : "missing: ");
	buf_adds(b, what);
}

static void
guard_forward(const struct issue *is, enum state to, const struct wf_facts *f, struct buf *b)
{
	switch (to) {
	case ST_ASSIGNED:
		if (!is->priority)
			missing(b, "priority");
		if (!is->subsystem_id)
			missing(b, "subsystem");
		if (!is->assignee_id)
			missing(b, "assignee");
		if (!is->cvss)
			missing(b, "CVSS vector");
		if (is->embargo == EMB_UNDECIDED)
			missing(b, "embargo decision");
		break;
	case ST_REVIEW:
		if (f->fixes_linked < 1)
			missing(b, "a linked fix");
		break;
	case ST_ACCEPTED:
		if (!f->fix_merged_main)
			missing(b, "a fix merged into the main branch");
		break;
	case ST_RELEASED:
		if (!f->release_named)
			missing(b, "the release that ships the fix (--release)");
		else if (!f->release_exists)
			missing(b, "an existing release");
		else if (!f->release_has_fix)
			missing(b, "a merged fix in that release");
		break;
	case ST_PUBLIC:
		if (!f->embargo_over && !f->early_confirmed)
			missing(b, "end of embargo, or early publication confirmed by a second psirt member");
		break;
	default:
		break;
	}
}

int
workflow_check(const struct issue *is, enum state to, const struct wf_facts *f,
	struct errdetail *d)
{
	struct buf b;
	int rc = 0;

	if (!workflow_is_move(is->state, to))
		return err_setf(d, ERR_CONFLICT, "state", "cannot move from %s to %s",
			state_name(is->state), state_name(to));
	if (to == ST_REJECTED || workflow_is_backward(is->state, to))
		return 0;
	buf_init(&b, ERRDETAIL_REASON_MAX - 1);
	guard_forward(is, to, f, &b);
	if (buf_str(&b)[0])
		rc = err_setf(d, ERR_CONFLICT, "state", "cannot move to %s: %s",
			state_name(to), buf_str(&b));
	buf_release(&b);
	return rc;
}
