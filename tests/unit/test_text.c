/*
 * test_text.c — unit tests of src/core/text.c, the checks every untrusted
 * text field goes through: text_check (required, length limit, well-formed
 * UTF-8 including overlong forms, surrogates and code points past U+10FFFF,
 * C0/C1 control characters and DEL, leading and trailing blanks on one-line
 * fields), the small formats (login, e-mail address, version, branch, URL,
 * commit id) and text_version_cmp (numeric parts, leading 'v', release
 * candidates before the release). Every refusal must be ERR_INVAL with the
 * caller's field name in the detail and must not echo the value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/limits.h"
#include "core/text.h"
#include "core/banned.h"

/* A string of n copies of c (caller frees). */
static char *
repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* s is refused with ERR_INVAL, field named, reason containing want (if any). */
static void
refused(int rc, const struct errdetail *d, const char *field, const char *want)
{
	assert_int_equal(rc, ERR_INVAL);
	assert_string_equal(d->field, field);
	if (want && !strstr(d->reason, want))
		fail_msg("reason \"%s\" lacks \"%s\"", d->reason, want);
}

static void
line_refused(const char *s, const char *want)
{
	struct errdetail d;

	err_clear(&d);
	refused(text_check(&d, "title", s, LIM_TITLE_MAX, TEXT_LINE), &d, "title", want);
}

static void
line_ok(const char *s)
{
	struct errdetail d;
	int rc;

	err_clear(&d);
	rc = text_check(&d, "title", s, LIM_TITLE_MAX, TEXT_LINE);
	if (rc != 0)
		fail_msg("\"%s\" refused: %s %s", s, d.field, d.reason);
}

static void
test_check_required(void **state)
{
	(void)state;
	line_refused(NULL, "required");
	line_refused("", "required");
	/* d may be NULL: only the code comes back */
	assert_int_equal(text_check(NULL, "x", "", 10, TEXT_LINE), ERR_INVAL);
	assert_int_equal(text_check(NULL, "x", "ok", 10, TEXT_LINE), 0);
}

static void
test_check_length(void **state)
{
	struct errdetail d;
	char *s = repeat('a', LIM_TITLE_MAX);

	(void)state;
	line_ok(s);
	free(s);
	s = repeat('a', LIM_TITLE_MAX + 1);
	line_refused(s, "longer than 200 bytes");
	free(s);
	/* the limit counts bytes, not characters: 100 two-byte letters fit
	 * exactly, one more byte does not */
	s = malloc(2 * 100 + 2);
	assert_non_null(s);
	for (int i = 0; i < 100; i++) {
		s[2 * i] = (char)0xC3;
		s[2 * i + 1] = (char)0xA9; /* é */
	}
	s[200] = '\0';
	line_ok(s);
	s[200] = 'x';
	s[201] = '\0';
	line_refused(s, "longer");
	free(s);
	err_clear(&d);
	refused(text_check(&d, "body", "abcdef", 5, TEXT_MULTILINE), &d, "body", "longer");
}

static void
test_utf8_valid_forms(void **state)
{
	static const char *const good[] = {
		"plain ASCII",
		"caf\xC3\xA9",                   /* é, 2 bytes */
		"\xC2\x80"  "a",                  /* U+0080, smallest 2-byte */
		"\xDF\xBF",                       /* U+07FF, largest 2-byte */
		"\xE0\xA0\x80",                   /* U+0800, smallest 3-byte */
		"\xE6\x97\xA5\xE6\x9C\xAC",       /* 日本 */
		"\xED\x9F\xBF",                   /* U+D7FF, just below surrogates */
		"\xEE\x80\x80",                   /* U+E000, just above surrogates */
		"\xEF\xBF\xBF",                   /* U+FFFF */
		"\xF0\x90\x80\x80",               /* U+10000, smallest 4-byte */
		"\xF0\x9F\x98\x80",               /* emoji */
		"\xF4\x8F\xBF\xBF",               /* U+10FFFF, the last code point */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!text_utf8_valid(good[i], strlen(good[i])))
			fail_msg("good[%zu] refused", i);
	}
	assert_true(text_utf8_valid("", 0));
	/* an explicit length is honoured: the bad byte after it is not read */
	assert_true(text_utf8_valid("ab\xFF", 2));
}

static void
test_utf8_invalid_forms(void **state)
{
	static const char *const bad[] = {
		"\x80",                 /* lone continuation byte */
		"a\xBF" "b",            /* continuation byte in ASCII */
		"\xC3",                 /* truncated 2-byte at end */
		"\xC3" "a",             /* 2-byte lead followed by ASCII */
		"\xE6\x97",             /* truncated 3-byte */
		"\xF0\x9F\x98",         /* truncated 4-byte */
		"\xC0\xAF",             /* overlong '/' */
		"\xC0\x80",             /* overlong NUL */
		"\xC1\xBF",             /* overlong 0x7F */
		"\xE0\x80\xAF",         /* overlong '/', 3 bytes */
		"\xE0\x9F\xBF",         /* overlong U+07FF */
		"\xF0\x80\x80\xAF",     /* overlong '/', 4 bytes */
		"\xF0\x8F\xBF\xBF",     /* overlong U+FFFF */
		"\xED\xA0\x80",         /* U+D800, high surrogate */
		"\xED\xAF\xBF",         /* U+DBFF */
		"\xED\xB0\x80",         /* U+DC00, low surrogate */
		"\xED\xBF\xBF",         /* U+DFFF */
		"\xED\xA0\xBD\xED\xB8\x80", /* CESU-8 surrogate pair */
		"\xF4\x90\x80\x80",     /* U+110000 */
		"\xF5\x80\x80\x80",     /* lead byte past the range */
		"\xF8\x88\x80\x80\x80", /* 5-byte form */
		"\xFC\x84\x80\x80\x80\x80", /* 6-byte form */
		"\xFE",
		"\xFF",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (text_utf8_valid(bad[i], strlen(bad[i])))
			fail_msg("bad[%zu] accepted", i);
		line_refused(bad[i], "UTF-8");
	}
	/* an embedded NUL within the given length is valid UTF-8 (U+0000);
	 * text_check itself sees only up to the first NUL */
	assert_true(text_utf8_valid("a\0b", 3));
}

static void
test_check_control_chars(void **state)
{
	struct errdetail d;
	static const char *const ctl[] = {
		"a\x01" "b", "a\x1B[31mred", "a\x7F" "b", "bell\x07", "a\x08" "b",
		"a\x0B" "b", "a\x0C" "b", "a\x1F" "b",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ctl) / sizeof(ctl[0]); i++) {
		line_refused(ctl[i], "control character");
		err_clear(&d);
		refused(text_check(&d, "description", ctl[i], 1000, TEXT_MULTILINE), &d,
			"description", "control character");
	}
	/* newline and tab: refused on one line, allowed in multi-line text */
	line_refused("two\nlines", "control character");
	line_refused("a\tb", "control character");
	line_refused("a\rb", "control character");
	assert_int_equal(text_check(&d, "description", "two\nlines\n\tindented", 1000,
		TEXT_MULTILINE), 0);
	/* text from web forms arrives with CRLF line ends */
	assert_int_equal(text_check(&d, "description", "line one\r\nline two", 1000,
		TEXT_MULTILINE), 0);
}

static void
test_check_c1_controls(void **state)
{
	struct errdetail d;

	(void)state;
	/* U+0080..U+009F are control characters too (U+009B is the 8-bit CSI
	 * that starts terminal escape sequences, U+0085 is NEL) */
	line_refused("a\xC2\x9B" "31mred", "control character");
	line_refused("a\xC2\x85" "b", "control character");
	line_refused("\xC2\x80", "control character");
	line_refused("a\xC2\x9F", "control character");
	err_clear(&d);
	refused(text_check(&d, "description", "x\xC2\x9By", 100, TEXT_MULTILINE), &d,
		"description", "control character");
	/* the neighbours are ordinary letters and signs */
	line_ok("\xC2\xA0non-breaking space inside");
	line_ok("\xC2\xA9 2027");  /* © */
	line_ok("\xC3\x80");      /* À: second byte 0x80, not a C1 control */
}

static void
test_check_blanks(void **state)
{
	struct errdetail d;

	(void)state;
	line_refused(" leading", "leading or trailing blanks");
	line_refused("trailing ", "leading or trailing blanks");
	line_refused(" ", "leading or trailing blanks");
	line_ok("inner blanks are fine");
	line_ok("x");
	/* multi-line text keeps its indentation and trailing newline */
	assert_int_equal(text_check(&d, "description", "  indented\n", 100, TEXT_MULTILINE), 0);
}

static void
test_check_never_echoes(void **state)
{
	struct errdetail d;
	static const char *const evil[] = {
		"<script>alert(1)</script>\x01", " <b>secret</b>", "SECRET\xC0\xAF",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
		err_clear(&d);
		assert_int_equal(text_check(&d, "title", evil[i], 100, TEXT_LINE), ERR_INVAL);
		assert_null(strstr(d.reason, "script"));
		assert_null(strstr(d.reason, "secret"));
		assert_null(strstr(d.reason, "SECRET"));
	}
}

static void
test_login(void **state)
{
	struct errdetail d;
	static const char *const good[] = {"alice", "a", "0day", "a.b_c-1", "bob-the.builder"};
	static const char *const bad[] = {
		"", "Alice", "aLice", "-abc", ".abc", "_abc", "a b", "a@b", "a/b", "caf\xC3\xA9",
		"a\nb", "a;b", "a:b",
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(text_check_login(&d, "login", good[i]), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&d);
		refused(text_check_login(&d, "login", bad[i]), &d, "login", NULL);
	}
	err_clear(&d);
	refused(text_check_login(&d, "as", NULL), &d, "as", "required");
	s = repeat('a', LIM_LOGIN_MAX);
	assert_int_equal(text_check_login(&d, "login", s), 0);
	free(s);
	s = repeat('a', LIM_LOGIN_MAX + 1);
	refused(text_check_login(&d, "login", s), &d, "login", "longer");
	free(s);
}

static void
test_email(void **state)
{
	struct errdetail d;
	static const char *const good[] = {
		"a@example.org", "first.last+tag@sub.example.co.uk", "x_y-z@a.io",
	};
	static const char *const bad[] = {
		"", "a", "a@b", "@example.org", "a@", "a@@example.org", "a@b@example.org",
		"a@example.org.", "a@.example.org", "a b@example.org", "<a@example.org>",
		"a@example.org,b@example.org", "a@example.org;", "\"a\"@example.org",
		"a@exa\nmple.org", "caf\xC3\xA9@example.org", "a(b)@example.org",
		"a\\b@example.org",
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(text_check_email(&d, "email", good[i]), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&d);
		refused(text_check_email(&d, "email", bad[i]), &d, "email", NULL);
	}
	/* 254 bytes fit (RFC 5321), 255 do not */
	s = repeat('a', LIM_EMAIL_MAX);
	memcpy(s + LIM_EMAIL_MAX - 12, "@example.org", 12);
	assert_int_equal(text_check_email(&d, "email", s), 0);
	free(s);
	s = repeat('a', LIM_EMAIL_MAX + 1);
	memcpy(s + LIM_EMAIL_MAX + 1 - 12, "@example.org", 12);
	refused(text_check_email(&d, "email", s), &d, "email", "longer");
	free(s);
}

static void
test_version(void **state)
{
	struct errdetail d;
	static const char *const good[] = {
		"v3.7.0", "3.7.0", "3.7.0-rc1", "1.0+build.5", "2027_01", "V4", "0",
	};
	static const char *const bad[] = {
		"", "-1", ".1", "_1", "+1", "v3 7", "v3/7", "v3.7\n", "v3:7", "v3~7", "caf\xC3\xA9",
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(text_check_version(&d, "version", good[i]), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&d);
		refused(text_check_version(&d, "introduced", bad[i]), &d, "introduced", NULL);
	}
	s = repeat('1', LIM_VERSION_MAX);
	assert_int_equal(text_check_version(&d, "version", s), 0);
	free(s);
	s = repeat('1', LIM_VERSION_MAX + 1);
	refused(text_check_version(&d, "version", s), &d, "version", "longer");
	free(s);
}

static void
test_branch(void **state)
{
	struct errdetail d;
	static const char *const good[] = {
		"main", "v3.7-branch", "release/v3.7", "collab-x/feature_1", "stable-3.x",
	};
	static const char *const bad[] = {
		"", "-main", "/main", "main/", "a..b", "a//b", "a b", "a~b", "a^b", "a:b",
		"a?b", "a*b", "a[b", "a\\b", "a\tb", "caf\xC3\xA9", "a\x7F",
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(text_check_branch(&d, "branch", good[i]), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&d);
		refused(text_check_branch(&d, "branch", bad[i]), &d, "branch", NULL);
	}
	s = repeat('b', LIM_BRANCH_MAX);
	assert_int_equal(text_check_branch(&d, "branch", s), 0);
	free(s);
	s = repeat('b', LIM_BRANCH_MAX + 1);
	refused(text_check_branch(&d, "branch", s), &d, "branch", "longer");
	free(s);
}

static void
test_url(void **state)
{
	struct errdetail d;
	static const char *const good[] = {
		"https://github.com/org/repo/pull/1", "http://x", "https://example.org/a?b=c&d=e#f",
	};
	static const char *const bad[] = {
		"", "https://", "http://", "ftp://example.org", "javascript:alert(1)",
		"example.org", "//example.org", "https://exa mple.org", "https://example.org/\"x",
		"https://example.org/<x>", "https://example.org/a\\b", "https://example.org/\n",
		"https://caf\xC3\xA9.org", " https://example.org", "data:text/html,hi",
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(text_check_url(&d, "url", good[i]), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&d);
		refused(text_check_url(&d, "public-link", bad[i]), &d, "public-link", NULL);
	}
	s = repeat('a', LIM_URL_MAX);
	memcpy(s, "https://", 8);
	assert_int_equal(text_check_url(&d, "url", s), 0);
	free(s);
	s = repeat('a', LIM_URL_MAX + 1);
	memcpy(s, "https://", 8);
	refused(text_check_url(&d, "url", s), &d, "url", "longer");
	free(s);
}

static void
test_commit(void **state)
{
	struct errdetail d;
	char *s;

	(void)state;
	assert_int_equal(text_check_commit(&d, "commit", "abcdef0"), 0);
	assert_int_equal(text_check_commit(&d, "commit",
		"0123456789abcdef0123456789abcdef01234567"), 0);
	s = repeat('f', 64);
	assert_int_equal(text_check_commit(&d, "commit", s), 0);
	free(s);
	s = repeat('f', 65);
	refused(text_check_commit(&d, "commit", s), &d, "commit", "7 to 64");
	free(s);
	refused(text_check_commit(&d, "commit", "abcdef"), &d, "commit", "7 to 64");
	refused(text_check_commit(&d, "commit", ""), &d, "commit", "required");
	refused(text_check_commit(&d, "commit", NULL), &d, "commit", "required");
	refused(text_check_commit(&d, "commit", "ABCDEF0"), &d, "commit", "lower-case");
	refused(text_check_commit(&d, "commit", "abcdefg"), &d, "commit", NULL);
	refused(text_check_commit(&d, "commit", "abc def0"), &d, "commit", NULL);
	refused(text_check_commit(&d, "commit", "-abcdef0"), &d, "commit", NULL);
}

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

static void
test_version_cmp(void **state)
{
	/* strictly increasing */
	static const char *const order[] = {
		"0.9", "1.0-rc1", "1.0-rc2", "1.0-rc10", "1.0", "1.0.1", "1.2", "v1.10",
		"v2.0", "3.7.0", "v3.8.0-rc1", "v3.8.0", "3.9", "v3.10.0-rc1", "3.10.0", "10.0",
	};
	size_t n = sizeof(order) / sizeof(order[0]);

	(void)state;
	/* the two cases of the contract */
	assert_true(text_version_cmp("v3.7.0", "3.10") < 0);
	assert_true(text_version_cmp("3.10", "v3.7.0") > 0);
	assert_true(text_version_cmp("1.0-rc1", "1.0") < 0);
	assert_true(text_version_cmp("1.0", "1.0-rc1") > 0);
	/* equal: leading v or V is ignored */
	assert_int_equal(text_version_cmp("v1.2.3", "1.2.3"), 0);
	assert_int_equal(text_version_cmp("V1.2.3", "v1.2.3"), 0);
	assert_int_equal(text_version_cmp("", ""), 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(text_version_cmp(order[i], order[i]), 0);
		for (size_t j = i + 1; j < n; j++) {
			if (text_version_cmp(order[i], order[j]) >= 0 ||
			    text_version_cmp(order[j], order[i]) <= 0)
				fail_msg("%s should sort before %s", order[i], order[j]);
			/* antisymmetric */
			assert_int_equal(sign(text_version_cmp(order[i], order[j])),
				-sign(text_version_cmp(order[j], order[i])));
		}
	}
	/* very long numeric parts do not crash (they wrap, but compare) */
	assert_true(text_version_cmp("1.99999999999999999999999", "1.0") != 0);
}

static void
test_dup(void **state)
{
	char *c;

	(void)state;
	assert_null(text_dup(NULL));
	c = text_dup("copy me");
	assert_non_null(c);
	assert_string_equal(c, "copy me");
	free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_required),
		cmocka_unit_test(test_check_length),
		cmocka_unit_test(test_utf8_valid_forms),
		cmocka_unit_test(test_utf8_invalid_forms),
		cmocka_unit_test(test_check_control_chars),
		cmocka_unit_test(test_check_c1_controls),
		cmocka_unit_test(test_check_blanks),
		cmocka_unit_test(test_check_never_echoes),
		cmocka_unit_test(test_login),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_branch),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_commit),
		cmocka_unit_test(test_version_cmp),
		cmocka_unit_test(test_dup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
