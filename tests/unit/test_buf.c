/*
 * test_buf.c — unit tests of src/core/buf.c, the one growable buffer: an
 * empty buffer reads as "", appends of bytes, strings, characters and
 * printf formats grow it past its first allocation, the mandatory maximum
 * is enforced exactly (an append that does not fit leaves the contents as
 * they were and sets ERR_LIMIT), the error is sticky for every later
 * append until buf_reset, and buf_detach hands over the contents or, after
 * an error, NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/banned.h"

static void
test_empty(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 100);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_err(&b), 0);
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_release(&b);
	buf_release(&b); /* twice is fine */
}

static void
test_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1000);
	buf_adds(&b, "SEC-");
	buf_addf(&b, "%d", 12);
	buf_addc(&b, ':');
	buf_add(&b, " title", 6);
	buf_addf(&b, " [%s/%03d]", "P1", 7);
	buf_add(&b, NULL, 0);
	buf_adds(&b, "");
	assert_int_equal(buf_err(&b), 0);
	assert_string_equal(buf_str(&b), "SEC-12: title [P1/007]");
	assert_int_equal(b.len, strlen("SEC-12: title [P1/007]"));
	buf_release(&b);
}

static void
test_binary_bytes(void **state)
{
	struct buf b;
	static const char bytes[] = {'a', '\0', 'b', (char)0xFF};

	(void)state;
	buf_init(&b, 100);
	buf_add(&b, bytes, sizeof(bytes));
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, bytes, 4);
	assert_int_equal(b.data[4], '\0'); /* still terminated */
	buf_release(&b);
}

static void
test_growth(void **state)
{
	struct buf b;
	char big[5000];

	(void)state;
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_init(&b, 100000);
	for (int i = 0; i < 1000; i++)
		buf_addc(&b, (char)('a' + i % 26));
	buf_addf(&b, "%s", big);
	buf_adds(&b, big);
	assert_int_equal(buf_err(&b), 0);
	assert_int_equal(b.len, 1000 + 2 * (sizeof(big) - 1));
	assert_int_equal(strlen(buf_str(&b)), b.len);
	assert_true(b.cap > b.len);
	assert_int_equal(buf_str(&b)[0], 'a');
	assert_int_equal(buf_str(&b)[999], 'a' + 999 % 26);
	assert_int_equal(buf_str(&b)[b.len - 1], 'z');
	buf_release(&b);
}

static void
test_limit_exact(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 5);
	buf_adds(&b, "hello");          /* exactly the maximum */
	assert_int_equal(buf_err(&b), 0);
	assert_string_equal(buf_str(&b), "hello");
	buf_add(&b, "", 0);             /* nothing more still fits */
	assert_int_equal(buf_err(&b), 0);
	buf_addc(&b, '!');              /* one byte too many */
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	assert_string_equal(buf_str(&b), "hello");
	assert_int_equal(b.len, 5);
	buf_release(&b);
}

static void
test_limit_no_partial(void **state)
{
	struct buf b;

	(void)state;
	/* an append that does not fit writes nothing at all */
	buf_init(&b, 8);
	buf_adds(&b, "abc");
	buf_adds(&b, "defghi");
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	assert_string_equal(buf_str(&b), "abc");
	buf_release(&b);

	buf_init(&b, 8);
	buf_adds(&b, "abc");
	buf_addf(&b, "%s-%d", "defg", 12345);
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	assert_string_equal(buf_str(&b), "abc");
	buf_release(&b);

	/* a maximum of 0 holds only the empty string */
	buf_init(&b, 0);
	buf_add(&b, "", 0);
	assert_int_equal(buf_err(&b), 0);
	buf_addc(&b, 'x');
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);

	/* a length that would overflow size_t arithmetic is a limit too */
	buf_init(&b, 16);
	buf_adds(&b, "abc");
	buf_add(&b, "x", SIZE_MAX);
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	assert_string_equal(buf_str(&b), "abc");
	buf_release(&b);
}

static void
test_limit_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	buf_adds(&b, "0123456789X");    /* too long: error, nothing written */
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	/* every later append is refused even though it would fit */
	buf_adds(&b, "ok");
	buf_addc(&b, 'c');
	buf_add(&b, "xy", 2);
	buf_addf(&b, "%d", 1);
	buf_add(&b, "", 0);
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	/* buf_reset clears it and the buffer works again */
	buf_reset(&b);
	assert_int_equal(buf_err(&b), 0);
	buf_adds(&b, "again");
	assert_int_equal(buf_err(&b), 0);
	assert_string_equal(buf_str(&b), "again");
	buf_reset(&b);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void
test_detach(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 64);
	buf_addf(&b, "%s=%d", "count", 3);
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "count=3");
	free(s);
	/* the buffer is empty and usable, with the same maximum */
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 64);
	buf_adds(&b, "next");
	assert_string_equal(buf_str(&b), "next");
	buf_release(&b);
}

static void
test_detach_after_error(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	buf_adds(&b, "abc");
	buf_adds(&b, "defg");
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	/* a half-built document never escapes */
	assert_null(buf_detach(&b));
	/* and the buffer starts over, empty and without the error */
	assert_int_equal(buf_err(&b), 0);
	assert_string_equal(buf_str(&b), "");
	buf_adds(&b, "ok");
	assert_string_equal(buf_str(&b), "ok");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_binary_bytes),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_limit_exact),
		cmocka_unit_test(test_limit_no_partial),
		cmocka_unit_test(test_limit_sticky),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_detach_after_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
