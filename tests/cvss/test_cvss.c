/*
 * test_cvss.c — unit tests of src/model/cvss: rejected vectors and their
 * error details, canonical order, X values, known scores from the
 * specifications and reference calculators, the choice of the most
 * specific score, rounding functions and severity boundaries. The
 * exhaustive agreement with the reference data is test_cvss_reference.c.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/cvss/cvss.h"
#include "model/cvss/cvss_impl.h"

#include "core/banned.h"

#define V31_BASE "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
#define V40_BASE "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"

/* The score, as tenths, so that comparisons are exact. */
static long
tenths(double x)
{
	return lround(x * 10);
}

/*
 * vector must be rejected with ERR_INVAL, field "cvss" and a reason
 * containing want; *ret must stay untouched.
 */
static void
reject(const char *vector, const char *want)
{
	struct cvss_result r;
	struct errdetail d;
	char before[sizeof(r)];

	memset(&r, 0xa5, sizeof(r));
	memcpy(before, &r, sizeof(r));
	err_clear(&d);
	assert_int_equal(cvss_score(vector, &r, &d), ERR_INVAL);
	assert_string_equal(d.field, "cvss");
	if (strstr(d.reason, want) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", d.reason, want);
	assert_memory_equal(&r, before, sizeof(r));
}

static void
test_reject_empty(void **state)
{
	(void)state;
	reject("", "vector is empty");
	reject(NULL, "vector is empty");
}

static void
test_reject_prefix(void **state)
{
	(void)state;
	reject("AV:N/AC:L/Au:N/C:P/I:P/A:P", "CVSS v2 vectors are not supported");
	reject("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "unsupported CVSS version");
	reject("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unsupported CVSS version");
	reject("cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "does not start with");
	reject(" " V31_BASE, "does not start with");
	reject("CVSS:3.1", "no metrics after CVSS:3.1");
	reject("CVSS:4.0", "no metrics after CVSS:4.0");
	reject("CVSS:3.1/", "empty metric at byte 10");
}

static void
test_reject_missing(void **state)
{
	(void)state;
	reject("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "missing base metric A");
	reject("CVSS:3.1/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "missing base metric AV");
	reject("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:X", "missing base metric S");
	reject("CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
	    "missing base metric AT");
	/* a v3.1 vector under a v4.0 prefix: S is v4.0 Safety, without U */
	reject("CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	    "invalid value for metric S at byte 32");
	reject("CVSS:4.0/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H", "unknown metric at byte 30");
}

static void
test_reject_duplicate(void **state)
{
	(void)state;
	reject(V31_BASE "/AV:N", "metric AV given twice (again at byte 46)");
	reject(V31_BASE "/E:X/E:X", "metric E given twice");
	reject(V40_BASE "/U:Red/U:Red", "metric U given twice");
	reject(V40_BASE "/MSI:X/MSI:S", "metric MSI given twice");
}

static void
test_reject_value(void **state)
{
	(void)state;
	reject("CVSS:3.1/AV:Z/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	    "invalid value for metric AV at byte 13");
	reject("CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "invalid value for metric AV");
	reject("CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "invalid value for metric AV");
	reject("CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "invalid value for metric AV");
	/* X is only for optional metrics */
	reject("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "invalid value for metric AV");
	reject(V40_BASE "/E:F", "invalid value for metric E");     /* a v3 value */
	reject("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:S",
	    "invalid value for metric SA");                          /* S is MSA only */
	reject(V40_BASE "/U:red", "invalid value for metric U");
	reject(V31_BASE "/MS:Z", "invalid value for metric MS");
	reject(V31_BASE "/E:H:H", "invalid value for metric E");
}

static void
test_reject_unknown(void **state)
{
	struct errdetail d;
	struct cvss_result r;

	(void)state;
	reject(V31_BASE "/FOO:X", "unknown metric at byte 46 for CVSS 3.1");
	reject(V31_BASE "/AT:N", "unknown metric at byte 46");  /* v4 metric */
	reject(V40_BASE "/RL:O", "unknown metric at byte");    /* v3 metric */
	reject("CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric at byte 10");
	reject(V31_BASE "/:H", "unknown metric at byte 46");
	reject(V31_BASE "/AVN", "metric without ':' at byte 46");
	/* the reason never repeats the input */
	assert_int_equal(cvss_score(V31_BASE "/EVILPAYLOAD:<script>", &r, &d),
	    ERR_INVAL);
	assert_null(strstr(d.reason, "EVIL"));
	assert_null(strstr(d.reason, "<"));
}

static void
test_reject_slash(void **state)
{
	(void)state;
	reject(V31_BASE "/", "vector ends with '/' at byte 45");
	reject("CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric at byte 10");
	reject("CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric at byte 15");
	reject(V31_BASE " ", "invalid value for metric A");
}

static void
test_reject_long(void **state)
{
	char buf[LIM_CVSS_MAX + 64];
	size_t n;

	(void)state;
	/* a valid vector padded past the limit with repeated X metrics */
	n = (size_t)snprintf(buf, sizeof(buf), "%s", V31_BASE);
	while (n < LIM_CVSS_MAX + 1)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "/E:X");
	buf[LIM_CVSS_MAX + 1] = '\0';
	reject(buf, "longer than 256 bytes");
	/* exactly the limit: rejected, but for what it is, not its length */
	buf[LIM_CVSS_MAX] = '\0';
	reject(buf, "given twice");
}

static void
test_canonical_v3(void **state)
{
	struct cvss_result r;
	struct errdetail d;

	(void)state;
	/* FIRST v3.0 calculator example, out of order with RL:X */
	assert_int_equal(cvss_score("CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X",
	    &r, &d), 0);
	assert_string_equal(r.vector,
	    "CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F/RL:X");
	assert_int_equal(r.version, CVSS_V30);
	assert_int_equal(tenths(r.base_score), 38);
	assert_int_equal(tenths(r.temporal_score), 37);
	assert_int_equal(tenths(r.environmental_score), 37);
	assert_true(r.has_temporal);
	assert_false(r.has_environmental);
	assert_int_equal(tenths(r.score), 37);
	assert_string_equal(r.severity, "Low");
	assert_null(r.nomenclature);

	/* fully reversed */
	assert_int_equal(cvss_score("CVSS:3.1/MA:X/AR:L/RC:X/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N",
	    &r, &d), 0);
	assert_string_equal(r.vector, V31_BASE "/RC:X/AR:L/MA:X");
	assert_false(r.has_temporal);
	assert_true(r.has_environmental);
}

static void
test_canonical_v4(void **state)
{
	struct cvss_result r;
	struct errdetail d;

	(void)state;
	assert_int_equal(cvss_score("CVSS:4.0/U:Red/SA:N/SI:N/SC:N/VA:H/VI:H/VC:H/"
	    "UI:N/PR:N/AT:N/AC:L/AV:N/E:X/MSI:X", &r, &d), 0);
	assert_string_equal(r.vector, V40_BASE "/E:X/MSI:X/U:Red");
	assert_int_equal(r.version, CVSS_V40);
	assert_int_equal(tenths(r.score), 93);
	/* X values do not count: still CVSS-B */
	assert_string_equal(r.nomenclature, "CVSS-B");
	assert_false(r.has_temporal);
	assert_false(r.has_environmental);
	assert_true(r.has_supplemental);
	assert_null(r.base_severity);
}

/* score of vector, in tenths, and its nomenclature (v4) or NULL */
static void
expect(const char *vector, long want, const char *severity, const char *nom)
{
	struct cvss_result r;
	struct errdetail d;

	if (cvss_score(vector, &r, &d) != 0)
		fail_msg("%s: %s", vector, d.reason);
	if (tenths(r.score) != want)
		fail_msg("%s: score %.1f, want %.1f", vector, r.score, want / 10.0);
	assert_string_equal(r.severity, severity);
	if (nom)
		assert_string_equal(r.nomenclature, nom);
}

static void
test_scores_v3(void **state)
{
	struct cvss_result r;
	struct errdetail d;

	(void)state;
	expect(V31_BASE, 98, "Critical", NULL);
	expect("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 75, "High", NULL);
	expect("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 61, "Medium", NULL);
	expect("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0, "None", NULL);
	expect("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 16, "Low", NULL);
	/* temporal: 9.8 x 0.94 x 0.95 = 8.7514 -> 8.8 */
	expect(V31_BASE "/E:P/RL:O/RC:C", 88, "High", NULL);
	/* FIRST v3.0 calculator example with every metric */
	assert_int_equal(cvss_score("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N/E:H/RL:O/"
	    "RC:C/CR:H/IR:H/AR:H/MAV:N/MAC:L/MPR:L/MUI:N/MS:C/MC:H/MI:H/MA:H", &r, &d), 0);
	assert_int_equal(tenths(r.base_score), 93);
	assert_int_equal(tenths(r.temporal_score), 89);
	assert_int_equal(tenths(r.environmental_score), 95);
	assert_int_equal(tenths(r.score), 95);
	assert_string_equal(r.environmental_severity, "Critical");
	assert_string_equal(r.temporal_severity, "High");
	/* environmental metrics set to N: environmental score 0.0 */
	expect("CVSS:3.0/AV:L/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N/MAV:A/MAC:L/MPR:N/MUI:N/"
	    "MS:U/MC:N/MI:N/MA:N", 0, "None", NULL);
}

static void
test_v30_v31_differ(void **state)
{
	struct cvss_result r;
	struct errdetail d;

	(void)state;
	/* 3.1 changed the modified impact for a changed scope */
	assert_int_equal(cvss_score("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", &r, &d), 0);
	assert_int_equal(tenths(r.base_score), 96);
	assert_int_equal(tenths(r.environmental_score), 96);
	assert_int_equal(tenths(r.score), 96);
	assert_int_equal(cvss_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", &r, &d), 0);
	assert_int_equal(tenths(r.base_score), 96);
	assert_int_equal(tenths(r.environmental_score), 97);
	assert_int_equal(tenths(r.score), 96);   /* base only: score is base */
	/*
	 * 3.0 Roundup on exact decimals: 5.0 x 0.92 is 4.6, not the 4.7
	 * that binary ceil(4.6000000000000005 * 10) would give.
	 */
	assert_int_equal(cvss_score("CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N/E:X/RL:X/"
	    "RC:U/CR:L/IR:X/AR:L/MAV:A/MAC:X/MPR:X/MUI:X/MS:X/MC:H/MI:X/MA:H", &r, &d), 0);
	assert_int_equal(tenths(r.environmental_score), 46);
}

static void
test_score_choice_v3(void **state)
{
	struct cvss_result r;
	struct errdetail d;

	(void)state;
	/* only X temporal and environmental metrics: the base score */
	assert_int_equal(cvss_score(V31_BASE "/E:X/RL:X/RC:X/CR:X/MAV:X", &r, &d), 0);
	assert_false(r.has_temporal);
	assert_false(r.has_environmental);
	assert_int_equal(tenths(r.score), 98);
	/* temporal only */
	assert_int_equal(cvss_score(V31_BASE "/E:U/CR:X", &r, &d), 0);
	assert_true(r.has_temporal);
	assert_false(r.has_environmental);
	assert_int_equal(tenths(r.score), tenths(r.temporal_score));
	assert_int_equal(tenths(r.score), 90);
	/* environmental present: the environmental score wins */
	assert_int_equal(cvss_score(V31_BASE "/E:U/MAV:P", &r, &d), 0);
	assert_true(r.has_environmental);
	assert_int_equal(tenths(r.score), tenths(r.environmental_score));
	assert_int_equal(tenths(r.score), 62);
}

static void
test_scores_v4(void **state)
{
	(void)state;
	expect(V40_BASE, 93, "Critical", "CVSS-B");
	expect("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 100,
	    "Critical", "CVSS-B");
	expect("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0,
	    "None", "CVSS-B");
	/* 8.55 before rounding: 8.6 with the fixed reference rounding, not 8.5 */
	expect("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 86,
	    "High", "CVSS-B");
	expect("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", 41,
	    "Medium", "CVSS-BT");
	expect("CVSS:4.0/AV:P/AC:H/AT:P/PR:N/UI:N/VC:L/VI:N/VA:H/SC:L/SI:L/SA:H/CR:H/AR:L/"
	    "MAV:N/MAT:N/MPR:N/MUI:N/MVI:H/MVA:N/MSC:H/MSI:S/MSA:N/S:N/AU:Y/R:A/RE:L/U:Clear",
	    94, "Critical", "CVSS-BE");
	expect("CVSS:4.0/AV:A/AC:L/AT:P/PR:H/UI:A/VC:L/VI:L/VA:H/SC:H/SI:N/SA:L/E:P/CR:H/"
	    "IR:X/AR:L/MAV:N/MAC:L/MAT:P/MPR:L/MUI:A/MVI:L/MVA:H/MSI:S/MSA:S/S:X/AU:Y/"
	    "R:A/V:C/RE:M", 64, "Medium", "CVSS-BTE");
	/* supplemental metrics never change the score */
	expect(V40_BASE "/S:P/AU:Y/R:I/V:C/RE:H/U:Amber", 93, "Critical", "CVSS-B");
}

static void
test_roundup(void **state)
{
	(void)state;
	/* v3.1 Appendix A: Roundup(4.02) = 4.1, Roundup(4.00) = 4.0 */
	assert_int_equal(tenths(cvss31_roundup(4.02)), 41);
	assert_int_equal(tenths(cvss31_roundup(4.0)), 40);
	assert_int_equal(tenths(cvss31_roundup(0.1 + 0.2)), 3);  /* 0.30000000000000004 */
	assert_int_equal(tenths(cvss31_roundup(4.00001)), 41);
	/* 3.1 Roundup works on 5 decimals: 4.000001 counts as 4.0 */
	assert_int_equal(tenths(cvss31_roundup(4.000001)), 40);
	assert_int_equal(tenths(cvss31_roundup(0)), 0);
	assert_int_equal(tenths(cvss31_roundup(10)), 100);
	assert_int_equal(tenths(cvss30_roundup(4.02)), 41);
	assert_int_equal(tenths(cvss30_roundup(4.0)), 40);
	assert_int_equal(tenths(cvss30_roundup(0.1 + 0.2)), 3);
	assert_int_equal(tenths(cvss30_roundup(5.0 * 0.92)), 46);
	assert_int_equal(tenths(cvss30_roundup(4.01)), 41);
	/* v4.0: round half up after adding 1e-6 */
	assert_int_equal(tenths(cvss40_round(8.55)), 86);
	assert_int_equal(tenths(cvss40_round(8.5499995)), 86);
	assert_int_equal(tenths(cvss40_round(8.549)), 85);
	assert_int_equal(tenths(cvss40_round(0)), 0);
}

static void
test_macro_table(void **state)
{
	int a, b, c, e, f, g, n = 0;

	(void)state;
	for (a = 0; a < 3; a++)
	for (b = 0; b < 2; b++)
	for (c = 0; c < 3; c++)
	for (e = 0; e < 3; e++)
	for (f = 0; f < 3; f++)
	for (g = 0; g < 2; g++) {
		double s = cvss4_macro_score(a, b, c, e, f, g);

		if (c == 2 && g == 0) {
			assert_true(s < 0);
			continue;
		}
		assert_true(s > 0 && s <= 10);
		n++;
	}
	assert_int_equal(n, 270);
	assert_int_equal(tenths(cvss4_macro_score(0, 0, 0, 0, 0, 0)), 100);
	assert_int_equal(tenths(cvss4_macro_score(2, 1, 2, 2, 2, 1)), 1);
	assert_int_equal(tenths(cvss4_macro_score(1, 1, 1, 1, 1, 1)), 57);
	assert_true(cvss4_macro_score(3, 0, 0, 0, 0, 0) < 0);
	assert_true(cvss4_macro_score(0, 2, 0, 0, 0, 0) < 0);
	assert_true(cvss4_macro_score(0, 0, 3, 0, 0, 0) < 0);
	assert_true(cvss4_macro_score(-1, 0, 0, 0, 0, 0) < 0);
}

static void
test_severity(void **state)
{
	(void)state;
	assert_string_equal(cvss_severity(0.0), "None");
	assert_string_equal(cvss_severity(0.1), "Low");
	assert_string_equal(cvss_severity(3.9), "Low");
	assert_string_equal(cvss_severity(4.0), "Medium");
	assert_string_equal(cvss_severity(6.9), "Medium");
	assert_string_equal(cvss_severity(7.0), "High");
	assert_string_equal(cvss_severity(8.9), "High");
	assert_string_equal(cvss_severity(9.0), "Critical");
	assert_string_equal(cvss_severity(10.0), "Critical");
	/* computed values a hair off a boundary */
	assert_string_equal(cvss_severity(0.1 + 0.2 + 3.6), "Low");     /* 3.9000000000000004 */
	assert_string_equal(cvss_severity(4.0 - 1e-12), "Medium");
	assert_string_equal(cvss_severity(-0.0), "None");
	assert_string_equal(cvss_severity(-1.0), "None");
	assert_string_equal(cvss_severity(NAN), "None");
	assert_string_equal(cvss_severity(11.0), "Critical");
	assert_string_equal(cvss_version_str(CVSS_V30), "3.0");
	assert_string_equal(cvss_version_str(CVSS_V31), "3.1");
	assert_string_equal(cvss_version_str(CVSS_V40), "4.0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reject_empty),
		cmocka_unit_test(test_reject_prefix),
		cmocka_unit_test(test_reject_missing),
		cmocka_unit_test(test_reject_duplicate),
		cmocka_unit_test(test_reject_value),
		cmocka_unit_test(test_reject_unknown),
		cmocka_unit_test(test_reject_slash),
		cmocka_unit_test(test_reject_long),
		cmocka_unit_test(test_canonical_v3),
		cmocka_unit_test(test_canonical_v4),
		cmocka_unit_test(test_scores_v3),
		cmocka_unit_test(test_v30_v31_differ),
		cmocka_unit_test(test_score_choice_v3),
		cmocka_unit_test(test_scores_v4),
		cmocka_unit_test(test_roundup),
		cmocka_unit_test(test_macro_table),
		cmocka_unit_test(test_severity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
