/*
 * test_workflow.c — unit tests of src/model/workflow.c, the issue state
 * machine of SPEC §3: the complete table of which moves exist (forward one
 * step, recorded steps back, reject from every state before public, reopen
 * rejected -> triage, no skipping, nothing out of public), and every
 * forward guard — refused with ERR_CONFLICT naming every missing
 * requirement in one message, then passing once each is satisfied. Backward
 * moves and rejection need no facts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/workflow.h"
#include "core/banned.h"

#define N ST__COUNT

static const struct wf_facts no_facts;

static void
has(const char *reason, const char *want)
{
	if (!strstr(reason, want))
		fail_msg("reason \"%s\" lacks \"%s\"", reason, want);
}

static void
lacks(const char *reason, const char *what)
{
	if (strstr(reason, what))
		fail_msg("reason \"%s\" names \"%s\" though it is there", reason, what);
}

/* An issue in triage with everything that assigned needs. */
static struct issue
ready_for_assign(void)
{
	static char vector[] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	struct issue is = {0};

	is.state = ST_TRIAGE;
	is.priority = 1;
	is.subsystem_id = 3;
	is.assignee_id = 7;
	is.cvss = vector;
	is.embargo = EMB_YES;
	return is;
}

static int
check(enum state from, enum state to, const struct wf_facts *f, struct errdetail *d)
{
	struct issue is = ready_for_assign();

	is.state = from;
	err_clear(d);
	return workflow_check(&is, to, f, d);
}

static void
test_move_table(void **state)
{
	/* move[from][to]: 1 forward, 2 backward, 3 reject */
	static const int move[N][N] = {
		/*              new tri asg rev acc rel pub rej */
		[ST_NEW]      = {0,  1,  0,  0,  0,  0,  0,  3},
		[ST_TRIAGE]   = {0,  0,  1,  0,  0,  0,  0,  3},
		[ST_ASSIGNED] = {0,  2,  0,  1,  0,  0,  0,  3},
		[ST_REVIEW]   = {0,  2,  2,  0,  1,  0,  0,  3},
		[ST_ACCEPTED] = {0,  2,  2,  2,  0,  1,  0,  3},
		[ST_RELEASED] = {0,  2,  2,  2,  2,  0,  1,  3},
		[ST_PUBLIC]   = {0,  0,  0,  0,  0,  0,  0,  0},
		[ST_REJECTED] = {0,  2,  0,  0,  0,  0,  0,  0},
	};

	(void)state;
	for (int from = 0; from < N; from++) {
		for (int to = 0; to < N; to++) {
			bool want_move = move[from][to] != 0;
			bool want_back = move[from][to] == 2;

			if (workflow_is_move((enum state)from, (enum state)to) != want_move)
				fail_msg("is_move(%s, %s) should be %d", state_name((enum state)from),
					state_name((enum state)to), want_move);
			if (workflow_is_backward((enum state)from, (enum state)to) != want_back)
				fail_msg("is_backward(%s, %s) should be %d",
					state_name((enum state)from), state_name((enum state)to),
					want_back);
		}
	}
}

static void
test_no_skipping(void **state)
{
	struct wf_facts all = {1, true, true, true, true, true, true};
	struct errdetail d;

	(void)state;
	/* even with every fact true, a move that is not in the table is refused */
	assert_int_equal(check(ST_NEW, ST_ASSIGNED, &all, &d), ERR_CONFLICT);
	assert_string_equal(d.field, "state");
	has(d.reason, "cannot move from new to assigned");
	assert_int_equal(check(ST_TRIAGE, ST_REVIEW, &all, &d), ERR_CONFLICT);
	assert_int_equal(check(ST_ASSIGNED, ST_ACCEPTED, &all, &d), ERR_CONFLICT);
	assert_int_equal(check(ST_REVIEW, ST_RELEASED, &all, &d), ERR_CONFLICT);
	assert_int_equal(check(ST_ACCEPTED, ST_PUBLIC, &all, &d), ERR_CONFLICT);
	has(d.reason, "cannot move from accepted to public");
	assert_int_equal(check(ST_NEW, ST_PUBLIC, &all, &d), ERR_CONFLICT);
	/* staying put is not a move */
	for (int s = 0; s < N; s++)
		assert_int_equal(check((enum state)s, (enum state)s, &all, &d), ERR_CONFLICT);
	/* nothing leaves public, nothing goes back to new */
	for (int s = 0; s < N; s++) {
		assert_int_equal(check(ST_PUBLIC, (enum state)s, &all, &d), ERR_CONFLICT);
		assert_int_equal(check((enum state)s, ST_NEW, &all, &d), ERR_CONFLICT);
	}
}

static void
test_ack_needs_nothing(void **state)
{
	struct issue is = {0};
	struct errdetail d;

	(void)state;
	is.state = ST_NEW;
	assert_int_equal(workflow_check(&is, ST_TRIAGE, &no_facts, &d), 0);
}

static void
test_assign_guard_names_everything(void **state)
{
	struct issue is = {0};
	struct errdetail d;

	(void)state;
	is.state = ST_TRIAGE;
	err_clear(&d);
	assert_int_equal(workflow_check(&is, ST_ASSIGNED, &no_facts, &d), ERR_CONFLICT);
	assert_string_equal(d.field, "state");
	has(d.reason, "assigned");
	has(d.reason, "priority");
	has(d.reason, "subsystem");
	has(d.reason, "assignee");
	has(d.reason, "CVSS vector");
	has(d.reason, "embargo decision");
}

static void
test_assign_guard_each_requirement(void **state)
{
	static const char *const names[] = {
		"priority", "subsystem", "assignee", "CVSS vector", "embargo decision",
	};
	struct errdetail d;

	(void)state;
	for (size_t miss = 0; miss < 5; miss++) {
		struct issue is = ready_for_assign();

		switch (miss) {
		case 0: is.priority = 0; break;
		case 1: is.subsystem_id = 0; break;
		case 2: is.assignee_id = 0; break;
		case 3: is.cvss = NULL; break;
		case 4: is.embargo = EMB_UNDECIDED; break;
		default: break;
		}
		err_clear(&d);
		assert_int_equal(workflow_check(&is, ST_ASSIGNED, &no_facts, &d), ERR_CONFLICT);
		has(d.reason, names[miss]);
		for (size_t other = 0; other < 5; other++)
			if (other != miss)
				lacks(d.reason, names[other]);
	}
	/* satisfied: passes, with embargo yes and with embargo no */
	{
		struct issue is = ready_for_assign();

		assert_int_equal(workflow_check(&is, ST_ASSIGNED, &no_facts, &d), 0);
		is.embargo = EMB_NO;
		assert_int_equal(workflow_check(&is, ST_ASSIGNED, &no_facts, &d), 0);
	}
}

static void
test_review_guard(void **state)
{
	struct wf_facts f = no_facts;
	struct errdetail d;

	(void)state;
	assert_int_equal(check(ST_ASSIGNED, ST_REVIEW, &f, &d), ERR_CONFLICT);
	has(d.reason, "a linked fix");
	f.fixes_linked = 1;
	assert_int_equal(check(ST_ASSIGNED, ST_REVIEW, &f, &d), 0);
	f.fixes_linked = 3;
	assert_int_equal(check(ST_ASSIGNED, ST_REVIEW, &f, &d), 0);
}

static void
test_accepted_guard(void **state)
{
	struct wf_facts f = no_facts;
	struct errdetail d;

	(void)state;
	f.fixes_linked = 1; /* linked but not merged is not enough */
	assert_int_equal(check(ST_REVIEW, ST_ACCEPTED, &f, &d), ERR_CONFLICT);
	has(d.reason, "a fix merged into the main branch");
	f.fix_merged_main = true;
	assert_int_equal(check(ST_REVIEW, ST_ACCEPTED, &f, &d), 0);
}

static void
test_released_guard(void **state)
{
	struct wf_facts f = no_facts;
	struct errdetail d;

	(void)state;
	assert_int_equal(check(ST_ACCEPTED, ST_RELEASED, &f, &d), ERR_CONFLICT);
	has(d.reason, "the release that ships the fix");
	has(d.reason, "--release");
	f.release_named = true;
	assert_int_equal(check(ST_ACCEPTED, ST_RELEASED, &f, &d), ERR_CONFLICT);
	has(d.reason, "an existing release");
	f.release_exists = true;
	assert_int_equal(check(ST_ACCEPTED, ST_RELEASED, &f, &d), ERR_CONFLICT);
	has(d.reason, "a merged fix in that release");
	f.release_has_fix = true;
	assert_int_equal(check(ST_ACCEPTED, ST_RELEASED, &f, &d), 0);
}

static void
test_public_guard(void **state)
{
	struct wf_facts f = no_facts;
	struct errdetail d;

	(void)state;
	assert_int_equal(check(ST_RELEASED, ST_PUBLIC, &f, &d), ERR_CONFLICT);
	has(d.reason, "end of embargo");
	has(d.reason, "second psirt member");
	f.embargo_over = true;
	assert_int_equal(check(ST_RELEASED, ST_PUBLIC, &f, &d), 0);
	f.embargo_over = false;
	f.early_confirmed = true;
	assert_int_equal(check(ST_RELEASED, ST_PUBLIC, &f, &d), 0);
}

static void
test_backward_needs_nothing(void **state)
{
	struct issue is = {0}; /* no priority, no assignee, nothing */
	struct errdetail d;

	(void)state;
	for (int from = ST_TRIAGE; from <= ST_RELEASED; from++) {
		for (int to = ST_TRIAGE; to < from; to++) {
			is.state = (enum state)from;
			assert_true(workflow_is_backward((enum state)from, (enum state)to));
			assert_int_equal(workflow_check(&is, (enum state)to, &no_facts, &d), 0);
		}
	}
	/* e.g. review -> assigned when a fix was closed unmerged */
	is.state = ST_REVIEW;
	assert_int_equal(workflow_check(&is, ST_ASSIGNED, &no_facts, &d), 0);
}

static void
test_reject(void **state)
{
	struct issue is = {0};
	struct errdetail d;

	(void)state;
	/* from every state before public, with no facts at all */
	for (int s = ST_NEW; s <= ST_RELEASED; s++) {
		is.state = (enum state)s;
		assert_true(workflow_is_move((enum state)s, ST_REJECTED));
		assert_false(workflow_is_backward((enum state)s, ST_REJECTED));
		assert_int_equal(workflow_check(&is, ST_REJECTED, &no_facts, &d), 0);
	}
	/* not from public, not twice */
	is.state = ST_PUBLIC;
	err_clear(&d);
	assert_int_equal(workflow_check(&is, ST_REJECTED, &no_facts, &d), ERR_CONFLICT);
	has(d.reason, "cannot move from public to rejected");
	is.state = ST_REJECTED;
	assert_int_equal(workflow_check(&is, ST_REJECTED, &no_facts, &d), ERR_CONFLICT);
}

static void
test_reopen(void **state)
{
	struct issue is = {0};
	struct errdetail d;

	(void)state;
	is.state = ST_REJECTED;
	assert_true(workflow_is_move(ST_REJECTED, ST_TRIAGE));
	assert_true(workflow_is_backward(ST_REJECTED, ST_TRIAGE));
	assert_int_equal(workflow_check(&is, ST_TRIAGE, &no_facts, &d), 0);
	/* only to triage */
	for (int s = 0; s < N; s++) {
		if (s == ST_TRIAGE)
			continue;
		assert_int_equal(workflow_check(&is, (enum state)s, &no_facts, &d),
			ERR_CONFLICT);
	}
}

static void
test_whole_path(void **state)
{
	struct wf_facts f = {1, true, true, true, true, true, false};
	struct issue is = ready_for_assign();
	struct errdetail d;

	(void)state;
	is.state = ST_NEW;
	for (int to = ST_TRIAGE; to <= ST_PUBLIC; to++) {
		if (workflow_check(&is, (enum state)to, &f, &d) != 0)
			fail_msg("%s -> %s refused: %s", state_name(is.state),
				state_name((enum state)to), d.reason);
		is.state = (enum state)to;
	}
	/* the detail pointer may be NULL */
	is.state = ST_NEW;
	assert_int_equal(workflow_check(&is, ST_PUBLIC, &f, NULL), ERR_CONFLICT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_move_table),
		cmocka_unit_test(test_no_skipping),
		cmocka_unit_test(test_ack_needs_nothing),
		cmocka_unit_test(test_assign_guard_names_everything),
		cmocka_unit_test(test_assign_guard_each_requirement),
		cmocka_unit_test(test_review_guard),
		cmocka_unit_test(test_accepted_guard),
		cmocka_unit_test(test_released_guard),
		cmocka_unit_test(test_public_guard),
		cmocka_unit_test(test_backward_needs_nothing),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_reopen),
		cmocka_unit_test(test_whole_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
