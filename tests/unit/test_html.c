/*
 * test_html.c — unit tests of src/web/html.c, the only HTML emitter of the
 * web pages: text and attribute escaping of the five markup characters,
 * control characters and invalid UTF-8, numbers and dates, URLs of our own
 * pages with percent-encoded segments, outside links limited to plain
 * http(s) URLs, and the sticky limit of the buffer. (That H() accepts only
 * string literals is checked when the build is configured:
 * src/web/meson.build.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "web/html.h"
#include "web/web.h"
#include "core/banned.h"

#define EVIL "\"'><script>alert(1)</script>&"

static void
test_text_escapes_markup(void **state)
{
	struct buf b;

	buf_init(&b, 4096);
	h_text(&b, EVIL);
	assert_string_equal(buf_str(&b),
		"&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;");
	buf_reset(&b);
	h_attr(&b, "a\" onmouseover=\"x");
	assert_string_equal(buf_str(&b), "a&quot; onmouseover=&quot;x");
	buf_reset(&b);
	h_text(&b, NULL);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
}

static void
test_text_controls_and_utf8(void **state)
{
	struct buf b;

	buf_init(&b, 4096);
	/* control characters become spaces; newlines and tabs stay */
	h_text(&b, "a\x01" "b\x7f" "c\nd\te");
	assert_string_equal(buf_str(&b), "a b c\nd\te");
	buf_reset(&b);
	/* valid UTF-8 passes, invalid bytes become U+FFFD */
	h_text(&b, "gr\xc3\xbc\xc3\x9f \xe2\x82\xac");
	assert_string_equal(buf_str(&b), "gr\xc3\xbc\xc3\x9f \xe2\x82\xac");
	buf_reset(&b);
	h_text(&b, "x\xff" "y\xc0\xaf" "z\xed\xa0\x80");
	assert_string_equal(buf_str(&b), "x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbdz"
		"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	buf_reset(&b);
	/* a truncated sequence at the end of a counted string */
	h_textn(&b, "ab\xc3\xbc", 3);
	assert_string_equal(buf_str(&b), "ab\xef\xbf\xbd");
	buf_release(&b);
}

static void
test_literal_int_date(void **state)
{
	struct buf b;

	buf_init(&b, 4096);
	H(&b, "<p class=\"x\">");
	h_int(&b, -42);
	H(&b, " ");
	h_date(&b, 1767225600);   /* 2026-01-01T00:00:00Z */
	H(&b, " ");
	h_date(&b, 0);
	H(&b, "</p>");
	assert_string_equal(buf_str(&b), "<p class=\"x\">-42 2026-01-01 \xe2\x80\x94</p>");
	buf_release(&b);
}

static void
test_url_segments(void **state)
{
	struct buf b;

	buf_init(&b, 4096);
	h_url(&b, "/issues/%s/attachments/%lld?tab=%s", "SEC-1", 7LL, "a b&c");
	assert_string_equal(buf_str(&b), "/issues/SEC-1/attachments/7?tab=a%20b%26c");
	buf_reset(&b);
	/* a segment cannot leave its place: / ? # " < are all encoded */
	h_url(&b, "/issues/%s", "../admin?x=\"<y>#z");
	assert_string_equal(buf_str(&b), "/issues/..%2Fadmin%3Fx%3D%22%3Cy%3E%23z");
	buf_reset(&b);
	h_url(&b, "/my");
	assert_string_equal(buf_str(&b), "/my");
	buf_reset(&b);
	/* the '&' of a literal pattern is written as an attribute needs it */
	h_url(&b, "/x?a=%s&b=1", "v");
	assert_string_equal(buf_str(&b), "/x?a=v&amp;b=1");
	assert_int_equal(buf_err(&b), 0);
	buf_release(&b);
}

static void
test_links(void **state)
{
	struct buf b;

	buf_init(&b, 4096);
	h_link(&b, "https://git.example.org/pr/7", NULL);
	assert_string_equal(buf_str(&b), "<a href=\"https://git.example.org/pr/7\" "
		"rel=\"noopener noreferrer\">https://git.example.org/pr/7</a>");
	buf_reset(&b);
	h_link(&b, "javascript:alert(1)", "click");
	assert_string_equal(buf_str(&b), "click");
	buf_reset(&b);
	h_link(&b, "https://x.example/\"onmouseover=alert(1)", NULL);
	assert_null(strstr(buf_str(&b), "<a"));
	assert_null(strstr(buf_str(&b), "\"onmouseover"));
	buf_reset(&b);
	h_link(&b, "data:text/html,<script>alert(1)</script>", NULL);
	assert_string_equal(buf_str(&b), "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;");
	buf_release(&b);
}

static void
test_limit_is_sticky(void **state)
{
	struct buf b;

	buf_init(&b, 8);
	h_text(&b, "<<<<");          /* 16 bytes escaped: over the limit */
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	H(&b, "x");
	assert_int_equal(buf_err(&b), ERR_LIMIT);
	buf_release(&b);
}

/* web_redirect() (layout.c, security review): only a path of ours, never a
 * target a browser would read as another host. */
static void
test_redirect_local_only(void **state)
{
	static const char *const bad[] = {"https://evil.example/", "//evil.example/",
		"/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/a\rb", "/a\x7f",
		"/a\x01", "evil.example", "", NULL};
	struct http_resp resp;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&resp, 0, sizeof(resp));
		buf_init(&resp.body, 4096);
		assert_int_equal(web_redirect(&resp, bad[i]), 303);
		assert_string_equal(resp.location, "/");
		buf_release(&resp.body);
	}
	memset(&resp, 0, sizeof(resp));
	buf_init(&resp.body, 4096);
	web_redirect(&resp, "/issues/SEC-1?done=moved");
	assert_string_equal(resp.location, "/issues/SEC-1?done=moved");
	buf_release(&resp.body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escapes_markup),
		cmocka_unit_test(test_text_controls_and_utf8),
		cmocka_unit_test(test_literal_int_date),
		cmocka_unit_test(test_url_segments),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_limit_is_sticky),
		cmocka_unit_test(test_redirect_local_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
