/*
 * test_clock.c — unit tests of src/core/clock.c: strict parsing of the two
 * date forms vigil accepts ("YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SSZ" or
 * "+00:00"), refusal of impossible dates (2027-02-30, 2027-13-01) and of
 * anything around or after a valid date, the out-parameter left untouched
 * on failure, "now" moved with VIGIL_NOW (set with setenv), whole-day
 * differences rounded down, and formatting (including too-small buffers).
 * These dates are untrusted input everywhere (CLI, API, mail).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/banned.h"

#define T_2027_01_15 INT64_C(1799971200) /* 2027-01-15T00:00:00Z */
#define T_2028_02_29 INT64_C(1835395200)
#define SENTINEL INT64_C(-4242)

static void
parses_to(const char *s, int64_t want)
{
	int64_t t = SENTINEL;
	int rc = clock_parse(s, &t);

	if (rc != 0)
		fail_msg("\"%s\" refused (%d)", s, rc);
	if (t != want)
		fail_msg("\"%s\" -> %lld, want %lld", s, (long long)t, (long long)want);
}

static void
refused(const char *s)
{
	int64_t t = SENTINEL;

	if (clock_parse(s, &t) != ERR_INVAL)
		fail_msg("\"%s\" accepted", s ? s : "(null)");
	assert_int_equal(t, SENTINEL); /* written only on success */
	t = SENTINEL;
	if (clock_parse_date(s, &t) != ERR_INVAL)
		fail_msg("\"%s\" accepted as a date", s ? s : "(null)");
	assert_int_equal(t, SENTINEL);
}

static void
test_parse_date_form(void **state)
{
	int64_t t = SENTINEL;

	(void)state;
	parses_to("2027-01-15", T_2027_01_15);
	parses_to("1970-01-01", 0);
	parses_to("2028-02-29", T_2028_02_29); /* leap year */
	parses_to("2027-12-31", T_2027_01_15 + INT64_C(350) * CLOCK_DAY);
	assert_int_equal(clock_parse_date("2027-01-15", &t), 0);
	assert_int_equal(t, T_2027_01_15);
}

static void
test_parse_time_form(void **state)
{
	int64_t t = SENTINEL;

	(void)state;
	parses_to("2027-01-15T10:00:00Z", T_2027_01_15 + 10 * 3600);
	parses_to("2027-01-15T23:59:59Z", T_2027_01_15 + CLOCK_DAY - 1);
	parses_to("2027-01-15t10:20:30z", T_2027_01_15 + 10 * 3600 + 20 * 60 + 30);
	parses_to("2027-01-15T10:00:00+00:00", T_2027_01_15 + 10 * 3600);
	parses_to("2027-01-15T00:00:00Z", T_2027_01_15);
	/* clock_parse_date takes only the date form */
	assert_int_equal(clock_parse_date("2027-01-15T10:00:00Z", &t), ERR_INVAL);
	assert_int_equal(t, SENTINEL);
}

static void
test_parse_impossible_dates(void **state)
{
	static const char *const bad[] = {
		"2027-02-30", "2027-02-29", "2027-02-31", "2027-04-31", "2027-06-31",
		"2027-09-31", "2027-11-31", "2027-13-01", "2027-00-10", "2027-01-00",
		"2027-01-32", "2027-99-99", "2100-02-29", "1969-12-31", "0000-01-01",
		"2027-02-30T10:00:00Z", "2027-13-01T00:00:00Z", "2027-01-15T24:00:00Z",
		"2027-01-15T10:60:00Z", "2027-01-15T23:59:60Z", "2027-12-31T23:59:60Z",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(bad[i]);
}

static void
test_parse_malformed(void **state)
{
	static const char *const bad[] = {
		NULL, "", " ", "2027-01-15x", "2027-01-15 ", " 2027-01-15", "2027-01-15\n",
		"2027-01-15T", "2027-01-15T10:00", "2027-01-15T10:00:00",
		"2027-01-15T10:00:00Zx", "2027-01-15T10:00:00ZZ", "2027-01-15T10:00:00+01:00",
		"2027-01-15T10:00:00-00:00", "2027-01-15T10:00:00.5Z", "2027-01-15 10:00:00Z",
		"2027-1-15", "27-01-15", "2027/01/15", "2027-01-1a", "+027-01-15", "-027-01-15",
		"2027-01-+5", "2027-0x-15", "20270115", "2027-01-15T1a:00:00Z",
		"\xEF\xBC\x92" "027-01-15", /* fullwidth digit */
		"2027-01-15T10:00:00+00:00x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(bad[i]);
}

static void
test_now_env(void **state)
{
	time_t before, after;
	int64_t now;

	(void)state;
	assert_int_equal(setenv("VIGIL_NOW", "2027-01-15T10:00:00Z", 1), 0);
	assert_int_equal(clock_check_env(), 0);
	assert_int_equal(clock_now(), T_2027_01_15 + 10 * 3600);
	assert_int_equal(clock_now(), T_2027_01_15 + 10 * 3600); /* it does not tick */

	assert_int_equal(setenv("VIGIL_NOW", "2028-02-29", 1), 0);
	assert_int_equal(clock_check_env(), 0);
	assert_int_equal(clock_now(), T_2028_02_29);

	/* an unparsable VIGIL_NOW is reported and the real clock is used */
	assert_int_equal(setenv("VIGIL_NOW", "2027-02-30", 1), 0);
	assert_int_equal(clock_check_env(), ERR_INVAL);
	before = time(NULL);
	now = clock_now();
	after = time(NULL);
	assert_true(now >= (int64_t)before && now <= (int64_t)after);

	/* empty and unset: real clock, nothing to report */
	assert_int_equal(setenv("VIGIL_NOW", "", 1), 0);
	assert_int_equal(clock_check_env(), 0);
	assert_int_equal(unsetenv("VIGIL_NOW"), 0);
	assert_int_equal(clock_check_env(), 0);
	before = time(NULL);
	now = clock_now();
	after = time(NULL);
	assert_true(now >= (int64_t)before && now <= (int64_t)after);
}

static void
test_days_between(void **state)
{
	const int64_t t = T_2027_01_15;

	(void)state;
	assert_int_equal(clock_days_between(t, t), 0);
	assert_int_equal(clock_days_between(t, t + 1), 0);
	assert_int_equal(clock_days_between(t, t + CLOCK_DAY - 1), 0);
	assert_int_equal(clock_days_between(t, t + CLOCK_DAY), 1);
	assert_int_equal(clock_days_between(t, t + 90 * CLOCK_DAY), 90);
	assert_int_equal(clock_days_between(t, t + 90 * CLOCK_DAY + 3600), 90);
	/* backwards: rounded down, so one second before is day -1 */
	assert_int_equal(clock_days_between(t, t - 1), -1);
	assert_int_equal(clock_days_between(t, t - CLOCK_DAY), -1);
	assert_int_equal(clock_days_between(t, t - CLOCK_DAY - 1), -2);
	assert_int_equal(clock_days_between(t + 7 * CLOCK_DAY, t), -7);
}

static void
test_fmt(void **state)
{
	char out[32];
	static const int64_t samples[] = {
		0, T_2027_01_15, T_2027_01_15 + 10 * 3600 + 5, T_2028_02_29 + CLOCK_DAY - 1,
	};

	(void)state;
	clock_fmt_date(T_2027_01_15 + 10 * 3600, out, sizeof(out));
	assert_string_equal(out, "2027-01-15");
	clock_fmt_iso(T_2027_01_15 + 10 * 3600 + 62, out, sizeof(out));
	assert_string_equal(out, "2027-01-15T10:01:02Z");
	clock_fmt_date(0, out, sizeof(out));
	assert_string_equal(out, "1970-01-01");
	/* what is formatted parses back to the same time */
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		int64_t back = SENTINEL;

		clock_fmt_iso(samples[i], out, sizeof(out));
		assert_int_equal(clock_parse(out, &back), 0);
		assert_int_equal(back, samples[i]);
		clock_fmt_date(samples[i], out, sizeof(out));
		assert_int_equal(clock_parse_date(out, &back), 0);
		assert_int_equal(back, samples[i] - samples[i] % CLOCK_DAY);
	}
	/* exactly large enough, and too small: empty, never truncated */
	clock_fmt_date(T_2027_01_15, out, 11);
	assert_string_equal(out, "2027-01-15");
	memset(out, 'x', sizeof(out));
	clock_fmt_date(T_2027_01_15, out, 10);
	assert_string_equal(out, "");
	clock_fmt_iso(T_2027_01_15, out, 21);
	assert_string_equal(out, "2027-01-15T00:00:00Z");
	memset(out, 'x', sizeof(out));
	clock_fmt_iso(T_2027_01_15, out, 20);
	assert_string_equal(out, "");
	/* n == 0 writes nothing */
	memset(out, 'x', sizeof(out));
	clock_fmt_date(T_2027_01_15, out, 0);
	assert_int_equal(out[0], 'x');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_date_form),
		cmocka_unit_test(test_parse_time_form),
		cmocka_unit_test(test_parse_impossible_dates),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_now_env),
		cmocka_unit_test(test_days_between),
		cmocka_unit_test(test_fmt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
