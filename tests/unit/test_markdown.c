/*
 * test_markdown.c — unit tests of src/web/markdown.c on a real database
 * built through the service: raw HTML is dropped, links keep only http,
 * https and mailto targets, images become links, and issue keys and CVE
 * ids become links only for a viewer who may see the issue (the reporter
 * of SEC-1 sees SEC-1 but not SEC-2, the other reporter the reverse, psirt
 * both, an anonymous visitor neither) — otherwise they stay plain text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "service/service.h"
#include "web/markdown.h"
#include "core/banned.h"

struct fx {
	char dir[64];
	char db[128];
};

static struct fx fx;

static void
open_as(const char *login, struct svc **ret)
{
	struct errdetail d = {0};

	assert_int_equal(svc_open(fx.db, login, ret, &d), 0);
}

static int
setup(void **state)
{
	struct report_in in = {.title = "Overflow", .description = "details",
		.source = SRC_CLI};
	struct errdetail d = {0};
	char key[ISSUE_KEY_MAX], id[32];
	struct svc *svc = NULL;
	int n = 0;

	setenv("VIGIL_NOW", "2027-03-01T10:00:00Z", 1);
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/vigil-md-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	snprintf(fx.db, sizeof(fx.db), "%s/v.db", fx.dir);
	assert_int_equal(svc_init(fx.db, "admin", "admin@example.org", "SEC", &d), 0);
	open_as("admin", &svc);
	assert_int_equal(svc_user_add(svc, "alice", "alice@example.org", NULL, ROLE_PSIRT, &d),
		0);
	assert_int_equal(svc_user_add(svc, "rep", "rep@example.org", NULL, 0, &d), 0);
	assert_int_equal(svc_user_add(svc, "other", "other@example.org", NULL, 0, &d), 0);
	svc_close(svc);
	open_as("rep", &svc);
	assert_int_equal(svc_report(svc, &in, key, &d), 0);
	assert_string_equal(key, "SEC-1");
	svc_close(svc);
	open_as("other", &svc);
	assert_int_equal(svc_report(svc, &in, key, &d), 0);
	assert_string_equal(key, "SEC-2");
	svc_close(svc);
	open_as("alice", &svc);
	assert_int_equal(svc_cve_reserve(svc, "CVE-2027-0001..CVE-2027-0002", &n, &d), 0);
	assert_int_equal(svc_cve_assign(svc, "SEC-1", "CVE-2027-0001", id, &d), 0);
	svc_close(svc);
	return 0;
}

static int
teardown(void **state)
{
	char path[192];

	snprintf(path, sizeof(path), "%s/v.db", fx.dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/v.db-wal", fx.dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/v.db-shm", fx.dir);
	unlink(path);
	rmdir(fx.dir);
	return 0;
}

/* Render text as login (NULL: anonymous) into out. */
static void
render(const char *login, const char *text, struct buf *out)
{
	struct svc *svc = NULL;

	open_as(login, &svc);
	buf_init(out, 1 << 20);
	h_markdown(out, svc, text);
	assert_int_equal(buf_err(out), 0);
	svc_close(svc);
}

static void
test_raw_html_dropped(void **state)
{
	struct buf b;

	render("rep", "Hello <script>alert(1)</script> and <img src=x onerror=alert(1)>\n\n"
		"<div onclick=\"x()\">block</div>\n\n<iframe src=\"https://evil.example/\">",
		&b);
	assert_null(strstr(buf_str(&b), "<script"));
	assert_null(strstr(buf_str(&b), "<img"));
	assert_null(strstr(buf_str(&b), "<div onclick"));
	assert_null(strstr(buf_str(&b), "<iframe"));
	assert_null(strstr(buf_str(&b), "onerror"));
	assert_non_null(strstr(buf_str(&b), "<p>Hello "));
	assert_non_null(strstr(buf_str(&b), "<div class=\"md\">"));
	buf_release(&b);
}

static void
test_links_limited(void **state)
{
	struct buf b;
	const char *s;

	render("rep", "[a](javascript:alert(1)) [b](https://ok.example/x?y=1&z=2) "
		"[c](mailto:sec@example.org) [d](/admin) [e](data:text/html,hi) "
		"<javascript:alert(2)> [f](JAVASCRIPT:alert(3)) [g](vbscript:x) "
		"![pic](https://img.example/p.png) ![bad](javascript:alert(4))", &b);
	s = buf_str(&b);
	/* no dangerous target anywhere, not even emptied: the link is gone */
	assert_null(strstr(s, "href=\"javascript"));
	assert_null(strstr(s, "JAVASCRIPT:"));
	assert_null(strstr(s, "vbscript"));
	assert_null(strstr(s, "data:"));
	assert_null(strstr(s, "href=\"\""));
	/* an autolink with a bad scheme stays as its text, not a link */
	assert_non_null(strstr(s, " javascript:alert(2) "));
	assert_null(strstr(s, "href=\"/admin\""));
	assert_null(strstr(s, "<img"));
	assert_non_null(strstr(s, "<a href=\"https://ok.example/x?y=1&amp;z=2\">b</a>"));
	assert_non_null(strstr(s, "<a href=\"mailto:sec@example.org\">c</a>"));
	assert_non_null(strstr(s, "<a href=\"https://img.example/p.png\">pic</a>"));
	/* the text of a dropped link stays */
	assert_non_null(strstr(s, "a "));
	assert_non_null(strstr(s, " d "));
	assert_non_null(strstr(s, "bad"));
	buf_release(&b);
}

static const char refs[] = "See SEC-1, SEC-2 and CVE-2027-0001; not SEC-999, XSEC-1, "
	"SEC-1x, SEC-01 or CVE-2027-0002. `SEC-1` [SEC-2 here](https://x.example/)";

static void
test_refs_reporter(void **state)
{
	struct buf b;
	const char *s;

	render("rep", refs, &b);
	s = buf_str(&b);
	assert_non_null(strstr(s, "See <a href=\"/issues/SEC-1\">SEC-1</a>, SEC-2 and "
		"<a href=\"/issues/SEC-1\">CVE-2027-0001</a>; not SEC-999, XSEC-1, SEC-1x, "
		"SEC-01 or CVE-2027-0002."));
	assert_null(strstr(s, "/issues/SEC-2"));
	assert_null(strstr(s, "title="));
	/* code spans and link texts are left alone */
	assert_non_null(strstr(s, "<code>SEC-1</code>"));
	assert_non_null(strstr(s, "<a href=\"https://x.example/\">SEC-2 here</a>"));
	buf_release(&b);
}

static void
test_refs_other_reporter(void **state)
{
	struct buf b;
	const char *s;

	render("other", refs, &b);
	s = buf_str(&b);
	assert_non_null(strstr(s, "See SEC-1, <a href=\"/issues/SEC-2\">SEC-2</a> and "
		"CVE-2027-0001;"));
	assert_null(strstr(s, "/issues/SEC-1"));
	buf_release(&b);
}

static void
test_refs_psirt_and_anonymous(void **state)
{
	struct buf b;
	const char *s;

	render("alice", refs, &b);
	s = buf_str(&b);
	assert_non_null(strstr(s, "See <a href=\"/issues/SEC-1\">SEC-1</a>, "
		"<a href=\"/issues/SEC-2\">SEC-2</a> and <a href=\"/issues/SEC-1\">CVE-2027-0001</a>"));
	/* an id in the pool names no issue */
	assert_non_null(strstr(s, "or CVE-2027-0002."));
	buf_release(&b);
	render(NULL, refs, &b);
	s = buf_str(&b);
	assert_null(strstr(s, "/issues/"));
	assert_non_null(strstr(s, "See SEC-1, SEC-2 and CVE-2027-0001;"));
	buf_release(&b);
}

/* no viewer (svc NULL, the public vulnerabilities page, the same for
 * everyone): no reference becomes a link, even one psirt would get; the
 * rest is rendered as for anyone. */
static void
test_refs_no_viewer(void **state)
{
	struct buf b;
	const char *s;

	buf_init(&b, 1 << 20);
	h_markdown(&b, NULL, refs);
	assert_int_equal(buf_err(&b), 0);
	s = buf_str(&b);
	assert_null(strstr(s, "/issues/"));
	assert_non_null(strstr(s, "See SEC-1, SEC-2 and CVE-2027-0001;"));
	assert_non_null(strstr(s, "<code>SEC-1</code>"));
	assert_non_null(strstr(s, "<a href=\"https://x.example/\">SEC-2 here</a>"));
	buf_release(&b);
}

static void
test_escaping_in_text(void **state)
{
	struct buf b;

	render("rep", "\"'><b>x</b>& SEC-1<", &b);
	assert_non_null(strstr(buf_str(&b), "&quot;'&gt;"));
	assert_null(strstr(buf_str(&b), "<b>"));
	assert_non_null(strstr(buf_str(&b), "<a href=\"/issues/SEC-1\">SEC-1</a>&lt;"));
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_html_dropped),
		cmocka_unit_test(test_links_limited),
		cmocka_unit_test(test_refs_reporter),
		cmocka_unit_test(test_refs_other_reporter),
		cmocka_unit_test(test_refs_psirt_and_anonymous),
		cmocka_unit_test(test_refs_no_viewer),
		cmocka_unit_test(test_escaping_in_text),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
