/*
 * test_deadline.c — unit tests of src/model/deadline.c, the clock of
 * SPEC §4: acknowledgement due 7 days and fix due 30 days after the
 * report, embargo end by default and at most 90 days after it, across
 * month ends, year ends and leap days (each expected instant is written out
 * as a calendar date); the overdue and "ending soon" predicates at their
 * exact boundaries and for closed issues; and the embargo-end check: any
 * day from the report to the latest end is allowed, earlier than the
 * report or later than the latest end is refused naming embargo_until,
 * unless a meeting raised the latest end (embargo_max). Pure functions, no
 * untrusted input beyond the dates the service has already parsed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/limits.h"
#include "model/deadline.h"
#include "core/banned.h"

/* The instant an ISO 8601 UTC string names; the test fails on a typo. */
static int64_t
at(const char *s)
{
	int64_t t = 0;

	if (clock_parse(s, &t) != 0)
		fail_msg("bad date in the test: %s", s);
	return t;
}

static void
eq_date(int64_t got, const char *want, const char *what)
{
	char g[32];

	clock_fmt_iso(got, g, sizeof(g));
	if (got != at(want))
		fail_msg("%s: got %s, want %s", what, g, want);
}

/* An issue in state st reported at reported, as report.c files it. */
static struct issue
reported(const char *when, enum state st)
{
	struct issue is = {0};

	is.state = st;
	is.reported_at = at(when);
	is.embargo_max = deadline_embargo_default(&is);
	return is;
}

static void
test_limits_are_the_spec(void **state)
{
	(void)state;
	assert_int_equal(DAYS_ACK, 7);
	assert_int_equal(DAYS_FIX, 30);
	assert_int_equal(DAYS_EMBARGO_MAX, 90);
	assert_int_equal(DAYS_EMBARGO_SOON, 14);
}

static void
test_due_dates(void **state)
{
	static const struct {
		const char *reported, *ack, *fix, *embargo;
	} cases[] = {
		/* plain */
		{"2027-03-01T09:00:00Z", "2027-03-08T09:00:00Z", "2027-03-31T09:00:00Z",
		 "2027-05-30T09:00:00Z"},
		/* month end, February of a common year */
		{"2027-01-31T23:30:00Z", "2027-02-07T23:30:00Z", "2027-03-02T23:30:00Z",
		 "2027-05-01T23:30:00Z"},
		/* the same in a leap year: one day earlier after February */
		{"2028-01-31T23:30:00Z", "2028-02-07T23:30:00Z", "2028-03-01T23:30:00Z",
		 "2028-04-30T23:30:00Z"},
		/* across 29 February */
		{"2028-02-25T10:00:00Z", "2028-03-03T10:00:00Z", "2028-03-26T10:00:00Z",
		 "2028-05-25T10:00:00Z"},
		{"2027-02-25T10:00:00Z", "2027-03-04T10:00:00Z", "2027-03-27T10:00:00Z",
		 "2027-05-26T10:00:00Z"},
		/* the embargo lands on the leap day */
		{"2027-12-01T00:00:00Z", "2027-12-08T00:00:00Z", "2027-12-31T00:00:00Z",
		 "2028-02-29T00:00:00Z"},
		/* year end */
		{"2026-12-31T12:00:00Z", "2027-01-07T12:00:00Z", "2027-01-30T12:00:00Z",
		 "2027-03-31T12:00:00Z"},
		{"2028-12-03T00:00:00Z", "2028-12-10T00:00:00Z", "2029-01-02T00:00:00Z",
		 "2029-03-03T00:00:00Z"},
		/* the last second of a day stays on that time of day */
		{"2027-06-30T23:59:59Z", "2027-07-07T23:59:59Z", "2027-07-30T23:59:59Z",
		 "2027-09-28T23:59:59Z"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct issue is = reported(cases[i].reported, ST_NEW);

		eq_date(deadline_ack_due(&is), cases[i].ack, cases[i].reported);
		eq_date(deadline_fix_due(&is), cases[i].fix, cases[i].reported);
		eq_date(deadline_embargo_default(&is), cases[i].embargo, cases[i].reported);
		/* they depend on the report date only */
		is.acked_at = at("2030-01-01");
		is.embargo_until = at("2030-01-01");
		is.embargo = EMB_YES;
		is.state = ST_RELEASED;
		eq_date(deadline_ack_due(&is), cases[i].ack, "after ack");
		eq_date(deadline_embargo_default(&is), cases[i].embargo, "after embargo set");
	}
}

static void
test_ack_overdue(void **state)
{
	struct issue is = reported("2027-01-28T10:00:00Z", ST_NEW);

	(void)state;
	assert_false(deadline_ack_overdue(&is, at("2027-01-28T10:00:00Z")));
	assert_false(deadline_ack_overdue(&is, at("2027-02-04T09:59:59Z")));
	/* due at the instant, overdue only after it */
	assert_false(deadline_ack_overdue(&is, at("2027-02-04T10:00:00Z")));
	assert_true(deadline_ack_overdue(&is, at("2027-02-04T10:00:01Z")));
	assert_true(deadline_ack_overdue(&is, at("2027-06-01")));
	/* entered by psirt from an e-mail (triage, unacknowledged) counts too */
	is.state = ST_TRIAGE;
	assert_true(deadline_ack_overdue(&is, at("2027-02-05")));
	/* acknowledged, even late: no longer overdue */
	is.acked_at = at("2027-02-10");
	assert_false(deadline_ack_overdue(&is, at("2027-02-11")));
	/* closed issues are never overdue */
	is.acked_at = 0;
	is.state = ST_PUBLIC;
	assert_false(deadline_ack_overdue(&is, at("2027-02-11")));
	is.state = ST_REJECTED;
	assert_false(deadline_ack_overdue(&is, at("2027-02-11")));
}

static void
test_fix_overdue(void **state)
{
	struct issue is = reported("2028-02-10T08:00:00Z", ST_ASSIGNED);

	(void)state;
	is.acked_at = is.reported_at;
	/* 30 days over the leap day: due 2028-03-11 08:00 */
	assert_false(deadline_fix_overdue(&is, at("2028-03-11T08:00:00Z")));
	assert_true(deadline_fix_overdue(&is, at("2028-03-11T08:00:01Z")));
	assert_false(deadline_fix_overdue(&is, at("2028-03-10T08:00:01Z")));
	/* every state before accepted is overdue, accepted and later are not */
	for (int s = ST_NEW; s < ST__COUNT; s++) {
		bool want = s < ST_ACCEPTED;

		is.state = (enum state)s;
		if (deadline_fix_overdue(&is, at("2028-04-01")) != want)
			fail_msg("fix overdue in state %s: want %d", state_name(is.state), want);
	}
}

static void
test_embargo_soon(void **state)
{
	struct issue is = reported("2027-01-05T10:00:00Z", ST_ASSIGNED);

	(void)state;
	is.embargo = EMB_YES;
	is.embargo_until = at("2027-04-05");
	/* exactly 14 days before: soon; one second more: not yet */
	assert_true(deadline_embargo_soon(&is, at("2027-03-22T00:00:00Z")));
	assert_false(deadline_embargo_soon(&is, at("2027-03-21T23:59:59Z")));
	assert_true(deadline_embargo_soon(&is, at("2027-04-04T23:59:59Z")));
	/* ended: not "soon" any more, but over */
	assert_false(deadline_embargo_soon(&is, at("2027-04-05T00:00:00Z")));
	assert_false(deadline_embargo_soon(&is, at("2027-05-01")));
	/* no embargo: nothing ends */
	is.embargo = EMB_NO;
	assert_false(deadline_embargo_soon(&is, at("2027-03-30")));
	/* undecided: published at the 90-day end all the same, so listed */
	is.embargo = EMB_UNDECIDED;
	assert_true(deadline_embargo_soon(&is, at("2027-03-30")));
	/* closed issues are not listed */
	is.embargo = EMB_YES;
	is.state = ST_PUBLIC;
	assert_false(deadline_embargo_soon(&is, at("2027-03-30")));
	is.state = ST_REJECTED;
	assert_false(deadline_embargo_soon(&is, at("2027-03-30")));
	is.state = ST_RELEASED;
	assert_true(deadline_embargo_soon(&is, at("2027-03-30")));
	/* across February of a leap year: 2028-03-01 minus 14 days is 02-16 */
	is.embargo_until = at("2028-03-01");
	assert_true(deadline_embargo_soon(&is, at("2028-02-16T00:00:00Z")));
	assert_false(deadline_embargo_soon(&is, at("2028-02-15T23:59:59Z")));
}

static void
test_embargo_over(void **state)
{
	struct issue is = reported("2027-01-05T10:00:00Z", ST_RELEASED);

	(void)state;
	/* no embargo needed: over at once */
	is.embargo = EMB_NO;
	assert_true(deadline_embargo_over(&is, is.reported_at));
	/* undecided and no end: not over */
	is.embargo = EMB_UNDECIDED;
	assert_false(deadline_embargo_over(&is, at("2030-01-01")));
	is.embargo = EMB_YES;
	assert_false(deadline_embargo_over(&is, at("2030-01-01")));
	/* over from the instant embargo_until is reached */
	is.embargo_until = at("2027-04-05");
	assert_false(deadline_embargo_over(&is, at("2027-04-04T23:59:59Z")));
	assert_true(deadline_embargo_over(&is, at("2027-04-05T00:00:00Z")));
	assert_true(deadline_embargo_over(&is, at("2027-04-06")));
}

static int
check_end(const struct issue *is, const char *end, struct errdetail *d)
{
	err_clear(d);
	return deadline_check_embargo_end(is, at(end), d);
}

static void
test_embargo_end_check(void **state)
{
	struct issue is = reported("2027-12-01T10:00:00Z", ST_TRIAGE);
	struct errdetail d;

	(void)state;
	eq_date(is.embargo_max, "2028-02-29T10:00:00Z", "latest end over the leap day");
	/* earlier is allowed, down to the report itself */
	assert_int_equal(check_end(&is, "2028-02-29T10:00:00Z", &d), 0);
	assert_int_equal(check_end(&is, "2028-02-29T00:00:00Z", &d), 0);
	assert_int_equal(check_end(&is, "2028-01-15", &d), 0);
	assert_int_equal(check_end(&is, "2027-12-01T10:00:00Z", &d), 0);
	/* later is refused with the latest allowed date in the reason */
	assert_int_equal(check_end(&is, "2028-02-29T10:00:01Z", &d), ERR_CONFLICT);
	assert_string_equal(d.field, "embargo_until");
	if (!strstr(d.reason, "2028-02-29") || !strstr(d.reason, "quorum"))
		fail_msg("reason \"%s\" lacks the latest end or the quorum hint", d.reason);
	assert_int_equal(check_end(&is, "2028-03-01", &d), ERR_CONFLICT);
	assert_string_equal(d.field, "embargo_until");
	assert_int_equal(check_end(&is, "2029-01-01", &d), ERR_CONFLICT);
	/* before the report is invalid */
	assert_int_equal(check_end(&is, "2027-12-01T09:59:59Z", &d), ERR_INVAL);
	assert_string_equal(d.field, "embargo_until");
	assert_int_equal(check_end(&is, "2027-11-30", &d), ERR_INVAL);

	/* a quorum meeting extended the latest end to 120 days */
	is.embargo_max = at("2028-03-30T10:00:00Z");
	assert_int_equal(check_end(&is, "2028-03-01", &d), 0);
	assert_int_equal(check_end(&is, "2028-03-30T10:00:00Z", &d), 0);
	assert_int_equal(check_end(&is, "2028-03-31", &d), ERR_CONFLICT);
	if (!strstr(d.reason, "2028-03-30"))
		fail_msg("reason \"%s\" lacks the extended latest end", d.reason);
	/* and a NULL detail is allowed */
	assert_int_equal(deadline_check_embargo_end(&is, at("2029-01-01"), NULL), ERR_CONFLICT);
	assert_int_equal(deadline_check_embargo_end(&is, at("2028-01-01"), NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits_are_the_spec),
		cmocka_unit_test(test_due_dates),
		cmocka_unit_test(test_ack_overdue),
		cmocka_unit_test(test_fix_overdue),
		cmocka_unit_test(test_embargo_soon),
		cmocka_unit_test(test_embargo_over),
		cmocka_unit_test(test_embargo_end_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
