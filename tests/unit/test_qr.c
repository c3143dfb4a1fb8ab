/*
 * test_qr.c — unit tests of src/web/qr.c, the QR code of TOTP enrolment as
 * inline SVG: the SVG is parsed back into a grid of modules and compared
 * with the symbol libqrencode makes for the same text (every module, the
 * quiet zone light, the three finder patterns where ISO/IEC 18004 puts
 * them), its size attributes and accessible name, and the refusals (NULL,
 * empty, too long) that leave the page to show the text alone.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qrencode.h>

#include "core/err.h"
#include "core/limits.h"
#include "web/qr.h"
#include "core/banned.h"

#define URI "otpauth://totp/vigil:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" \
	"&issuer=vigil&algorithm=SHA1&digits=6&period=30"

/* The number after `key="` in s (-1 when missing). */
static long
attr_num(const char *s, const char *key)
{
	const char *p = strstr(s, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

/*
 * Parse the d attribute of the one <path> of svg into grid (size*size,
 * 1 dark) — strictly "MX YhNv1h-Nz" repeated; fails the test otherwise.
 */
static void
parse_path(const char *svg, int size, unsigned char *grid)
{
	const char *p = strstr(svg, "<path fill=\"#000\" d=\"");

	assert_non_null(p);
	assert_null(strstr(p + 1, "<path"));
	p += strlen("<path fill=\"#000\" d=\"");
	memset(grid, 0, (size_t)size * (size_t)size);
	while (*p == 'M') {
		int x, y, n, n2, used = 0;

		assert_int_equal(sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &n2, &used), 4);
		assert_true(used > 0);
		assert_int_equal(n, n2);
		assert_true(n >= 1 && x >= 0 && y >= 0 && x + n <= size && y < size);
		for (int i = 0; i < n; i++) {
			/* runs never overlap */
			assert_int_equal(grid[y * size + x + i], 0);
			grid[y * size + x + i] = 1;
		}
		p += used;
	}
	assert_string_equal(p, "\"/></svg>");
}

/* A finder pattern (7x7: dark ring, light ring, dark 3x3) at (x, y). */
static void
assert_finder(const unsigned char *grid, int size, int x0, int y0)
{
	for (int y = 0; y < 7; y++) {
		for (int x = 0; x < 7; x++) {
			int ring = x < y ? x : y;
			int dark;

			ring = ring < 6 - x ? ring : 6 - x;
			ring = ring < 6 - y ? ring : 6 - y;
			dark = ring != 1;
			assert_int_equal(grid[(y0 + y) * size + x0 + x], dark);
		}
	}
}

static void
test_svg_is_the_symbol(void **state)
{
	struct qr *q = NULL;
	QRcode *ref;
	unsigned char *grid;
	struct buf b;
	int w, size;

	assert_int_equal(qr_make(URI, &q), 0);
	assert_non_null(q);
	ref = QRcode_encodeString(URI, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	assert_non_null(ref);
	w = qr_width(q);
	assert_int_equal(w, ref->width);
	/* 113 bytes at level M, the upper-case stretches in alphanumeric mode:
	 * version 6, 41 modules a side */
	assert_int_equal(w, 41);
	size = w + 2 * QR_QUIET;

	buf_init(&b, 1 << 20);
	qr_svg(&b, q, "QR code");
	assert_int_equal(buf_err(&b), 0);
	assert_true(strncmp(buf_str(&b), "<svg ", 5) == 0);
	assert_int_equal(attr_num(buf_str(&b), "viewBox=\"0 0 "), size);
	assert_non_null(strstr(buf_str(&b), "viewBox=\"0 0 49 49\""));
	assert_int_equal(attr_num(buf_str(&b), " width=\""), size * QR_MODULE_PX);
	assert_int_equal(attr_num(buf_str(&b), " height=\""), size * QR_MODULE_PX);
	assert_non_null(strstr(buf_str(&b), "<rect width=\"49\" height=\"49\" fill=\"#fff\"/>"));
	assert_non_null(strstr(buf_str(&b), " role=\"img\" aria-label=\"QR code\""));
	assert_null(strstr(buf_str(&b), "style"));

	grid = calloc((size_t)size * (size_t)size, 1);
	assert_non_null(grid);
	parse_path(buf_str(&b), size, grid);
	for (int y = 0; y < size; y++) {
		for (int x = 0; x < size; x++) {
			bool inside = x >= QR_QUIET && x < size - QR_QUIET &&
				y >= QR_QUIET && y < size - QR_QUIET;
			int want = inside ?
				ref->data[(y - QR_QUIET) * w + x - QR_QUIET] & 1 : 0;

			assert_int_equal(grid[y * size + x], want);
		}
	}
	/* the finder patterns, each just inside the quiet zone */
	assert_finder(grid, size, QR_QUIET, QR_QUIET);
	assert_finder(grid, size, size - QR_QUIET - 7, QR_QUIET);
	assert_finder(grid, size, QR_QUIET, size - QR_QUIET - 7);
	free(grid);
	QRcode_free(ref);
	buf_release(&b);
	qr_free(q);
}

static void
test_smallest_version(void **state)
{
	struct qr *q = NULL;
	unsigned char grid[29 * 29];
	struct buf b;

	/* a few bytes fit version 1: 21 modules, 29 with the quiet zone */
	assert_int_equal(qr_make("vigil", &q), 0);
	assert_int_equal(qr_width(q), 21);
	buf_init(&b, 1 << 16);
	qr_svg(&b, q, NULL);
	assert_non_null(strstr(buf_str(&b), "viewBox=\"0 0 29 29\" width=\"145\" height=\"145\""));
	assert_non_null(strstr(buf_str(&b), "aria-label=\"QR code\""));
	parse_path(buf_str(&b), 29, grid);
	assert_finder(grid, 29, 4, 4);
	assert_finder(grid, 29, 18, 4);
	assert_finder(grid, 29, 4, 18);
	/* the timing pattern between the top finders: row 6 of the symbol */
	for (int x = 8; x < 13; x++)
		assert_int_equal(grid[(QR_QUIET + 6) * 29 + QR_QUIET + x], x % 2 == 0);
	buf_release(&b);
	qr_free(q);
}

static void
test_label_is_escaped(void **state)
{
	struct qr *q = NULL;
	struct buf b;

	assert_int_equal(qr_make("x", &q), 0);
	buf_init(&b, 1 << 16);
	qr_svg(&b, q, "a\" onload=\"alert(1)<");
	assert_non_null(strstr(buf_str(&b), "aria-label=\"a&quot; onload=&quot;alert(1)&lt;\""));
	assert_null(strstr(buf_str(&b), "onload=\"alert"));
	buf_release(&b);
	qr_free(q);
}

static void
test_refusals(void **state)
{
	struct qr *q = NULL;
	char *big;

	assert_int_equal(qr_make(NULL, &q), ERR_INVAL);
	assert_int_equal(qr_make("", &q), ERR_INVAL);
	assert_null(q);
	/* over the limit: refused before libqrencode is asked */
	big = malloc(LIM_QR_TEXT_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', LIM_QR_TEXT_MAX + 1);
	big[LIM_QR_TEXT_MAX + 1] = '\0';
	assert_int_equal(qr_make(big, &q), ERR_LIMIT);
	assert_null(q);
	/* at the limit it still fits a QR code (version 40 holds 2331 bytes at M) */
	big[LIM_QR_TEXT_MAX] = '\0';
	assert_int_equal(qr_make(big, &q), 0);
	assert_non_null(q);
	assert_true(qr_width(q) > 21 && qr_width(q) <= 177);
	qr_free(q);
	qr_free(NULL);
	free(big);
}

static void
test_buffer_limit_is_sticky(void **state)
{
	struct qr *q = NULL;
	struct buf b;

	assert_int_equal(qr_make(URI, &q), 0);
	buf_init(&b, 100);
	qr_svg(&b, q, "QR code");
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	buf_release(&b);
	qr_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_svg_is_the_symbol),
		cmocka_unit_test(test_smallest_version),
		cmocka_unit_test(test_label_is_escaped),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_buffer_limit_is_sticky),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
