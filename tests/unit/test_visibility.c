/*
 * test_visibility.c — unit tests of need to know (SPEC §1, §5):
 * src/model/visibility.c decides what a person sees of an issue and
 * src/model/policy.c what they may do with it. Table-driven: every kind
 * of relation (anonymous, plain person, reporter, assignee, maintainer,
 * architect, release manager, explicit grant, psirt, admin alone, director
 * alone, admin who is also the reporter, ...) against all eight states,
 * then the action table for each kind on an embargoed and a public issue,
 * and the global actions per role. Admin and director alone see nothing
 * unless the issue is public; a public issue shows anonymous visitors its
 * public view and its reporter their reporter view; default deny.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/policy.h"
#include "model/visibility.h"
#include "core/banned.h"

enum kind {
	K_ANONYMOUS,
	K_ANON_FLAGS,   /* anonymous, with stray role bits: must not count */
	K_PLAIN,
	K_REPORTER,
	K_ASSIGNEE,
	K_MAINTAINER,
	K_ARCHITECT,
	K_RELEASE_MANAGER,
	K_GRANTED,
	K_PSIRT,
	K_ADMIN,
	K_DIRECTOR,
	K_ADMIN_DIRECTOR,
	K_ADMIN_REPORTER,
	K_REPORTER_GRANTED,
	K__COUNT
};

static const char *const kind_names[K__COUNT] = {
	"anonymous", "anonymous+flags", "plain", "reporter", "assignee", "maintainer",
	"architect", "release manager", "granted", "psirt", "admin", "director",
	"admin+director", "admin+reporter", "reporter+granted",
};

static struct relation
rel_of(enum kind k)
{
	struct relation r = {0};

	switch (k) {
	case K_ANONYMOUS: r.anonymous = true; break;
	case K_ANON_FLAGS:
		r.anonymous = true;
		r.psirt = r.reporter = r.assignee = r.maintainer = r.granted = true;
		break;
	case K_PLAIN: break;
	case K_REPORTER: r.reporter = true; break;
	case K_ASSIGNEE: r.assignee = true; break;
	case K_MAINTAINER: r.maintainer = true; break;
	case K_ARCHITECT: r.architect = true; break;
	case K_RELEASE_MANAGER: r.release_manager = true; break;
	case K_GRANTED: r.granted = true; break;
	case K_PSIRT: r.psirt = true; break;
	case K_ADMIN: r.admin = true; break;
	case K_DIRECTOR: r.director = true; break;
	case K_ADMIN_DIRECTOR: r.admin = r.director = true; break;
	case K_ADMIN_REPORTER: r.admin = r.reporter = true; break;
	case K_REPORTER_GRANTED: r.reporter = r.granted = true; break;
	case K__COUNT: break;
	}
	return r;
}

/* The view of each kind on an issue that is not public, and on a public one. */
static const struct {
	enum view embargoed;
	enum view public;
} views[K__COUNT] = {
	[K_ANONYMOUS] = {VIEW_NONE, VIEW_PUBLIC},
	[K_ANON_FLAGS] = {VIEW_NONE, VIEW_PUBLIC},
	[K_PLAIN] = {VIEW_NONE, VIEW_PUBLIC},
	[K_REPORTER] = {VIEW_REPORTER, VIEW_REPORTER},
	[K_ASSIGNEE] = {VIEW_FULL, VIEW_FULL},
	[K_MAINTAINER] = {VIEW_FULL, VIEW_FULL},
	[K_ARCHITECT] = {VIEW_FULL, VIEW_FULL},
	[K_RELEASE_MANAGER] = {VIEW_FULL, VIEW_FULL},
	[K_GRANTED] = {VIEW_FULL, VIEW_FULL},
	[K_PSIRT] = {VIEW_FULL, VIEW_FULL},
	[K_ADMIN] = {VIEW_NONE, VIEW_PUBLIC},
	[K_DIRECTOR] = {VIEW_NONE, VIEW_PUBLIC},
	[K_ADMIN_DIRECTOR] = {VIEW_NONE, VIEW_PUBLIC},
	[K_ADMIN_REPORTER] = {VIEW_REPORTER, VIEW_REPORTER},
	[K_REPORTER_GRANTED] = {VIEW_FULL, VIEW_FULL},
};

static void
test_view_every_kind_every_state(void **state)
{
	(void)state;
	for (int k = 0; k < K__COUNT; k++) {
		struct relation r = rel_of((enum kind)k);

		for (int s = 0; s < ST__COUNT; s++) {
			enum view want = s == ST_PUBLIC ? views[k].public : views[k].embargoed;
			enum view got = visibility_view(&r, (enum state)s);

			if (got != want)
				fail_msg("%s on a %s issue: view %d, want %d", kind_names[k],
					state_name((enum state)s), got, want);
			assert_int_equal(visibility_can_see(&r, (enum state)s), want != VIEW_NONE);
		}
	}
}

static void
test_view_spot_checks(void **state)
{
	struct relation r;

	(void)state;
	r = rel_of(K_ADMIN);
	assert_int_equal(visibility_view(&r, ST_REVIEW), VIEW_NONE);
	assert_int_equal(visibility_view(&r, ST_REJECTED), VIEW_NONE);
	assert_int_equal(visibility_view(&r, ST_PUBLIC), VIEW_PUBLIC);
	r = rel_of(K_DIRECTOR);
	assert_int_equal(visibility_view(&r, ST_NEW), VIEW_NONE);
	r = rel_of(K_ANONYMOUS);
	assert_int_equal(visibility_view(&r, ST_PUBLIC), VIEW_PUBLIC);
	assert_int_equal(visibility_view(&r, ST_RELEASED), VIEW_NONE);
	r = rel_of(K_REPORTER);
	assert_int_equal(visibility_view(&r, ST_PUBLIC), VIEW_REPORTER);
	assert_int_equal(visibility_view(&r, ST_REJECTED), VIEW_REPORTER);
}

/* Bit set of actions. */
#define A(x) (1u << (x))
#define ALL_ISSUE_ACTIONS ((1u << IA__COUNT) - 1)
#define TALK (A(IA_COMMENT_SHARED) | A(IA_ATTACH))
#define INSIDE (TALK | A(IA_COMMENT_INTERNAL) | A(IA_SEE_INTERNAL))

/* What each kind may do on an issue that is not public. */
static const unsigned allowed[K__COUNT] = {
	[K_ANONYMOUS] = 0,
	[K_ANON_FLAGS] = 0,
	[K_PLAIN] = 0,
	[K_REPORTER] = TALK,
	[K_ASSIGNEE] = INSIDE | A(IA_SET_TECHNICAL) | A(IA_MOVE_FORWARD) |
		A(IA_MOVE_BACKWARD) | A(IA_FIX) | A(IA_BACKPORT),
	[K_MAINTAINER] = INSIDE | A(IA_SET_TECHNICAL) | A(IA_MOVE_FORWARD) | A(IA_FIX) |
		A(IA_BACKPORT),
	[K_ARCHITECT] = INSIDE,
	[K_RELEASE_MANAGER] = INSIDE | A(IA_BACKPORT),
	[K_GRANTED] = INSIDE,
	[K_PSIRT] = ALL_ISSUE_ACTIONS,
	[K_ADMIN] = 0,
	[K_DIRECTOR] = 0,
	[K_ADMIN_DIRECTOR] = 0,
	[K_ADMIN_REPORTER] = TALK,
	[K_REPORTER_GRANTED] = INSIDE,
};

static void
test_issue_actions_table(void **state)
{
	(void)state;
	for (int k = 0; k < K__COUNT; k++) {
		struct relation r = rel_of((enum kind)k);

		for (int s = 0; s < ST__COUNT; s++) {
			/* on a public issue, a public view gives no action at all */
			unsigned want = (s == ST_PUBLIC && views[k].public == VIEW_PUBLIC) ?
				0 : allowed[k];

			for (int a = 0; a < IA__COUNT; a++) {
				bool w = (want & A(a)) != 0;

				if (policy_issue_allows((enum issue_action)a, &r, (enum state)s) != w)
					fail_msg("%s on a %s issue: \"%s\" should be %s",
						kind_names[k], state_name((enum state)s),
						policy_issue_action_name((enum issue_action)a),
						w ? "allowed" : "refused");
			}
		}
	}
}

static void
test_issue_actions_named_cases(void **state)
{
	struct relation r;

	(void)state;
	/* reporter: shared comments, not internal ones, no workflow */
	r = rel_of(K_REPORTER);
	assert_true(policy_issue_allows(IA_COMMENT_SHARED, &r, ST_ASSIGNED));
	assert_false(policy_issue_allows(IA_COMMENT_INTERNAL, &r, ST_ASSIGNED));
	assert_false(policy_issue_allows(IA_SEE_INTERNAL, &r, ST_ASSIGNED));
	assert_false(policy_issue_allows(IA_MOVE_FORWARD, &r, ST_ASSIGNED));
	assert_false(policy_issue_allows(IA_PUBLISH, &r, ST_RELEASED));
	/* maintainer: links fixes, may not reject, publish, grant or step back */
	r = rel_of(K_MAINTAINER);
	assert_true(policy_issue_allows(IA_FIX, &r, ST_ASSIGNED));
	assert_false(policy_issue_allows(IA_REJECT, &r, ST_ASSIGNED));
	assert_false(policy_issue_allows(IA_PUBLISH, &r, ST_RELEASED));
	assert_false(policy_issue_allows(IA_GRANT, &r, ST_ASSIGNED));
	assert_false(policy_issue_allows(IA_MOVE_BACKWARD, &r, ST_REVIEW));
	/* release manager: backports, nothing of triage or workflow */
	r = rel_of(K_RELEASE_MANAGER);
	assert_true(policy_issue_allows(IA_BACKPORT, &r, ST_ACCEPTED));
	assert_false(policy_issue_allows(IA_FIX, &r, ST_ACCEPTED));
	assert_false(policy_issue_allows(IA_MOVE_FORWARD, &r, ST_ACCEPTED));
	/* admin: nothing on issues, public or not */
	r = rel_of(K_ADMIN);
	for (int a = 0; a < IA__COUNT; a++) {
		assert_false(policy_issue_allows((enum issue_action)a, &r, ST_TRIAGE));
		assert_false(policy_issue_allows((enum issue_action)a, &r, ST_PUBLIC));
	}
	/* anonymous: nothing, not even on a public issue */
	r = rel_of(K_ANONYMOUS);
	for (int a = 0; a < IA__COUNT; a++)
		assert_false(policy_issue_allows((enum issue_action)a, &r, ST_PUBLIC));
	/* psirt: everything */
	r = rel_of(K_PSIRT);
	assert_true(policy_issue_allows(IA_PUBLISH, &r, ST_RELEASED));
	assert_true(policy_issue_allows(IA_GRANT, &r, ST_NEW));
}

static void
test_issue_actions_default_deny(void **state)
{
	struct relation r = rel_of(K_PSIRT);

	(void)state;
	/* an action the table does not know is refused even for psirt */
	assert_false(policy_issue_allows(IA__COUNT, &r, ST_TRIAGE));
	assert_false(policy_issue_allows((enum issue_action)(IA__COUNT + 7), &r, ST_TRIAGE));
	assert_string_equal(policy_issue_action_name(IA__COUNT), "?");
	/* every known action has its own name */
	for (int a = 0; a < IA__COUNT; a++) {
		const char *n = policy_issue_action_name((enum issue_action)a);

		assert_string_not_equal(n, "?");
		for (int b = 0; b < a; b++)
			assert_string_not_equal(n, policy_issue_action_name((enum issue_action)b));
	}
	assert_string_equal(policy_issue_action_name(IA_PUBLISH), "publish");
}

static void
test_global_actions(void **state)
{
	static const struct {
		unsigned roles;
		unsigned allowed; /* bit set of enum global_action */
	} table[] = {
		{0, A(GA_REPORT)},
		{ROLE_PSIRT, A(GA_CONFIGURE) | A(GA_CVE_POOL) | A(GA_MEETING) | A(GA_AUDIT) |
			A(GA_REPORT) | A(GA_SEE_ALL_ISSUES) | A(GA_ALERT_SEE) |
			A(GA_ALERT_MANAGE) | A(GA_OUTBOX)},
		{ROLE_ADMIN, A(GA_MANAGE_PEOPLE) | A(GA_CONFIGURE) | A(GA_AUDIT) | A(GA_REPORT) |
			A(GA_OUTBOX)},
		{ROLE_DIRECTOR, A(GA_REPORT) | A(GA_ALERT_SEE) | A(GA_ALERT_MANAGE) |
			A(GA_ALERT_VET)},
		{ROLE_ADMIN | ROLE_DIRECTOR, A(GA_MANAGE_PEOPLE) | A(GA_CONFIGURE) | A(GA_AUDIT) |
			A(GA_REPORT) | A(GA_ALERT_SEE) | A(GA_ALERT_MANAGE) | A(GA_ALERT_VET) |
			A(GA_OUTBOX)},
		/* only a director vets the alert list */
		{ROLE_PSIRT | ROLE_ADMIN, ((1u << GA__COUNT) - 1) & ~A(GA_ALERT_VET)},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		for (int a = 0; a < GA__COUNT; a++) {
			bool w = (table[i].allowed & A(a)) != 0;

			if (policy_global_allows((enum global_action)a, table[i].roles, false) != w)
				fail_msg("roles %#x action %d should be %s", table[i].roles, a,
					w ? "allowed" : "refused");
			/* nobody signed in: nothing, whatever flags are passed */
			assert_false(policy_global_allows((enum global_action)a, table[i].roles,
				true));
		}
		assert_false(policy_global_allows(GA__COUNT, table[i].roles, false));
	}
	/* the admin manages people but sees no issues; psirt the other way round */
	assert_true(policy_global_allows(GA_MANAGE_PEOPLE, ROLE_ADMIN, false));
	assert_false(policy_global_allows(GA_SEE_ALL_ISSUES, ROLE_ADMIN, false));
	assert_false(policy_global_allows(GA_MANAGE_PEOPLE, ROLE_PSIRT, false));
	assert_true(policy_global_allows(GA_SEE_ALL_ISSUES, ROLE_PSIRT, false));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_view_every_kind_every_state),
		cmocka_unit_test(test_view_spot_checks),
		cmocka_unit_test(test_issue_actions_table),
		cmocka_unit_test(test_issue_actions_named_cases),
		cmocka_unit_test(test_issue_actions_default_deny),
		cmocka_unit_test(test_global_actions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
