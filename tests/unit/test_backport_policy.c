/*
 * test_backport_policy.c — unit tests of src/model/backport_policy.c, the
 * backport rule of SPEC §8: when a fix merges, one subtask each for the
 * newest supported LTS release and the two most recent supported releases
 * published by then; end-of-life and future releases do not count; a
 * release older than the version that introduced the vulnerability gets
 * `not-needed` with the reason "introduced in V, after this release"; an
 * LTS that is also one of the two most recent is planned once; no
 * releases, no plan. Versions compare numerically (v3.10 is newer than
 * v3.9), also when two releases share a date. The plan's order is not part
 * of the contract, so these tests look releases up by name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/clock.h"
#include "model/backport_policy.h"
#include "core/banned.h"

#define NOW INT64_C(1767866400) /* 2026-01-08T10:00:00Z */
#define DAY(n) (NOW - INT64_C(n) * CLOCK_DAY)

/* Shorthand for a release: name, date, lts, supported. */
static struct release
rel(const char *name, int64_t date, bool lts, bool supported)
{
	struct release r = {0};

	r.name = (char *)name;
	r.branch = (char *)"b";
	r.date = date;
	r.lts = lts;
	r.supported = supported;
	return r;
}

/*
 * The plan names exactly the releases in want (NULL-terminated, any
 * order), each once; not_needed lists the ones that must be `not-needed`.
 */
static void
expect(const struct release *rels, size_t n, const char *introduced,
	const char *const *want, const char *const *not_needed)
{
	struct backport_plan p[3];
	size_t k, nwant = 0;

	memset(p, 0xa5, sizeof(p));
	k = backport_plan(rels, n, introduced, NOW, p);
	while (want[nwant])
		nwant++;
	if (k != nwant)
		fail_msg("introduced %s: %zu subtasks, want %zu", introduced ? introduced : "-",
			k, nwant);
	for (size_t i = 0; i < k; i++) {
		const char *name;
		bool listed = false, nn = false;

		assert_true(p[i].release < n);
		name = rels[p[i].release].name;
		for (size_t j = 0; j < i; j++)
			if (p[j].release == p[i].release)
				fail_msg("%s planned twice", name);
		for (size_t j = 0; want[j]; j++)
			listed |= strcmp(want[j], name) == 0;
		if (!listed)
			fail_msg("%s planned, but it should not be", name);
		for (size_t j = 0; not_needed && not_needed[j]; j++)
			nn |= strcmp(not_needed[j], name) == 0;
		if (nn) {
			if (p[i].state != BP_NOT_NEEDED)
				fail_msg("%s: want not-needed (introduced %s)", name, introduced);
			if (!strstr(p[i].reason, introduced) ||
			    !strstr(p[i].reason, "after this release"))
				fail_msg("%s: reason \"%s\"", name, p[i].reason);
		} else {
			if (p[i].state != BP_NEEDED)
				fail_msg("%s: want needed (introduced %s), reason \"%s\"", name,
					introduced ? introduced : "-", p[i].reason);
			assert_string_equal(p[i].reason, "");
		}
	}
}

/* The cast of tests/integration: LTS v2.7.0 and four later releases. */
static void
test_lts_and_two_most_recent(void **state)
{
	const struct release rels[] = {
		rel("v3.3.0", DAY(358), false, true),
		rel("v2.7.0", DAY(531), true, true),
		rel("v3.5.0", DAY(49), false, true),
		rel("v3.4.0", DAY(212), false, true),
		rel("v3.6.0", NOW + 24 * CLOCK_DAY, false, true), /* not out yet */
	};

	(void)state;
	expect(rels, 5, NULL, (const char *[]){"v2.7.0", "v3.5.0", "v3.4.0", NULL}, NULL);
	/* the introduced version decides per release */
	expect(rels, 5, "v3.0.0", (const char *[]){"v2.7.0", "v3.5.0", "v3.4.0", NULL},
		(const char *[]){"v2.7.0", NULL});
	expect(rels, 5, "v3.5.0", (const char *[]){"v2.7.0", "v3.5.0", "v3.4.0", NULL},
		(const char *[]){"v2.7.0", "v3.4.0", NULL});
	expect(rels, 5, "v3.4.1", (const char *[]){"v2.7.0", "v3.5.0", "v3.4.0", NULL},
		(const char *[]){"v2.7.0", "v3.4.0", NULL});
	/* introduced in the release itself, or earlier: needed everywhere */
	expect(rels, 5, "v2.7.0", (const char *[]){"v2.7.0", "v3.5.0", "v3.4.0", NULL}, NULL);
	expect(rels, 5, "2.6", (const char *[]){"v2.7.0", "v3.5.0", "v3.4.0", NULL}, NULL);
	/* introduced after every release (only in main): nothing needed */
	expect(rels, 5, "v3.6.0", (const char *[]){"v2.7.0", "v3.5.0", "v3.4.0", NULL},
		(const char *[]){"v2.7.0", "v3.5.0", "v3.4.0", NULL});
}

static void
test_eol_and_future_skipped(void **state)
{
	const struct release rels[] = {
		rel("v2.7.0", DAY(531), true, false),  /* LTS, end of life */
		rel("v2.3.0", DAY(900), true, true),   /* older LTS, still supported */
		rel("v3.5.0", DAY(49), false, false),  /* newest, but end of life */
		rel("v3.4.0", DAY(212), false, true),
		rel("v3.3.0", DAY(358), false, true),
		rel("v3.2.0", DAY(400), false, true),
		rel("v4.0.0", NOW + 1, true, true),    /* an LTS one second in the future */
	};

	(void)state;
	expect(rels, 7, NULL, (const char *[]){"v2.3.0", "v3.4.0", "v3.3.0", NULL}, NULL);
	/* released exactly now counts */
	{
		const struct release r2[] = {
			rel("v3.4.0", DAY(212), false, true),
			rel("v3.3.0", DAY(358), false, true),
			rel("v3.6.0", NOW, false, true),
		};

		expect(r2, 3, NULL, (const char *[]){"v3.6.0", "v3.4.0", NULL}, NULL);
	}
}

static void
test_lts_among_most_recent(void **state)
{
	const struct release newest_lts[] = {
		rel("v3.4.0", DAY(212), false, true),
		rel("v3.5.0", DAY(49), true, true),
		rel("v3.3.0", DAY(358), false, true),
	};
	const struct release second_lts[] = {
		rel("v3.3.0", DAY(358), false, true),
		rel("v3.4.0", DAY(212), true, true),
		rel("v3.5.0", DAY(49), false, true),
		rel("v2.7.0", DAY(531), true, true),
	};

	(void)state;
	/* the LTS is the newest: it and the next most recent, once each */
	expect(newest_lts, 3, NULL, (const char *[]){"v3.5.0", "v3.4.0", NULL}, NULL);
	/* the newer of two LTS releases is the second most recent */
	expect(second_lts, 4, NULL, (const char *[]){"v3.5.0", "v3.4.0", NULL}, NULL);
	expect(second_lts, 4, "v3.5.0", (const char *[]){"v3.5.0", "v3.4.0", NULL},
		(const char *[]){"v3.4.0", NULL});
}

static void
test_few_releases(void **state)
{
	const struct release one[] = {rel("v1.0.0", DAY(10), false, true)};
	const struct release only_eol[] = {
		rel("v1.0.0", DAY(10), true, false),
		rel("v1.1.0", DAY(5), false, false),
	};
	const struct release only_future[] = {rel("v9.0.0", NOW + CLOCK_DAY, true, true)};
	struct backport_plan p[3];

	(void)state;
	assert_int_equal(backport_plan(NULL, 0, NULL, NOW, p), 0);
	assert_int_equal(backport_plan(NULL, 0, "v1.0", NOW, p), 0);
	expect(one, 1, NULL, (const char *[]){"v1.0.0", NULL}, NULL);
	expect(one, 1, "v1.0.1", (const char *[]){"v1.0.0", NULL},
		(const char *[]){"v1.0.0", NULL});
	assert_int_equal(backport_plan(only_eol, 2, NULL, NOW, p), 0);
	assert_int_equal(backport_plan(only_future, 1, NULL, NOW, p), 0);
}

static void
test_version_order(void **state)
{
	/* same date: the newer version wins, numerically */
	const struct release same_day[] = {
		rel("v3.9.0", DAY(30), false, true),
		rel("v3.10.0", DAY(30), false, true),
		rel("v3.8.0", DAY(30), false, true),
		rel("v3.2.0", DAY(30), true, true),
		rel("v3.11.0", DAY(30), true, true),
	};
	const struct release tens[] = {
		rel("v3.9", DAY(100), false, true),
		rel("v3.10", DAY(20), false, true),
		rel("v3.8", DAY(200), false, true),
		rel("v2.10", DAY(400), true, true),
		rel("v2.9", DAY(300), true, true),
	};

	(void)state;
	/* v3.11.0 is the newest LTS and the newest release; then v3.10.0 */
	expect(same_day, 5, NULL, (const char *[]){"v3.11.0", "v3.10.0", NULL}, NULL);
	/* LTS v2.9 is newer by date than v2.10: date decides before version */
	expect(tens, 5, NULL, (const char *[]){"v2.9", "v3.10", "v3.9", NULL}, NULL);
	/* v3.10 was introduced after v3.9 (not before it, as text would say) */
	expect(tens, 5, "v3.10", (const char *[]){"v2.9", "v3.10", "v3.9", NULL},
		(const char *[]){"v2.9", "v3.9", NULL});
	expect(tens, 5, "v3.9.1", (const char *[]){"v2.9", "v3.10", "v3.9", NULL},
		(const char *[]){"v2.9", "v3.9", NULL});
	/* without the leading v, and with a longer version of the same release */
	expect(tens, 5, "3.9", (const char *[]){"v2.9", "v3.10", "v3.9", NULL},
		(const char *[]){"v2.9", NULL});
	expect(tens, 5, "v2.10", (const char *[]){"v2.9", "v3.10", "v3.9", NULL},
		(const char *[]){"v2.9", NULL});
	/* a pre-release of v3.10 predates v3.10 itself */
	expect(tens, 5, "v3.10-rc1", (const char *[]){"v2.9", "v3.10", "v3.9", NULL},
		(const char *[]){"v2.9", "v3.9", NULL});
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lts_and_two_most_recent),
		cmocka_unit_test(test_eol_and_future_skipped),
		cmocka_unit_test(test_lts_among_most_recent),
		cmocka_unit_test(test_few_releases),
		cmocka_unit_test(test_version_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
