/*
 * test_mail_message.c — unit tests of the pure parts of src/mail/: header
 * value cleaning (mail_header_clean: CR, LF, NUL, C0/C1 controls, DEL,
 * U+2028/2029, "=?" that could start an encoded word, invalid UTF-8, cutting
 * on a character boundary), the output check that guards every outgoing
 * message (mail_check_output: bare CR/LF, NUL, long lines, unknown or
 * repeated headers), building a plain message from a struct outmsg
 * (mail_build: CRLF, quoted-printable UTF-8, the header set, refused
 * addresses and Message-IDs), and the HTML-to-text walk (mail_html_text).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/text.h"
#include "mail/internal.h"
#include "service/mail.h"
#include "core/banned.h"

static void
clean_is(const char *in, size_t max, const char *want)
{
	char *c = mail_header_clean(in, max);

	assert_non_null(c);
	assert_string_equal(c, want);
	assert_true(text_utf8_valid(c, strlen(c)));
	free(c);
}

static void
test_header_clean(void **state)
{
	(void)state;
	clean_is("Eve\r\nBcc: evil@example.com", 200, "Eve Bcc: evil@example.com");
	clean_is("a\tb\x01\x7f" "c", 200, "a b c");
	clean_is("  lead and trail  ", 200, "lead and trail");
	clean_is("x\xc2\x85y", 200, "x y");             /* NEL, a C1 control */
	clean_is("x\xe2\x80\xa8y\xe2\x80\xa9z", 200, "x y z"); /* U+2028, U+2029 */
	clean_is("=?utf-8?q?Eve=0D=0ABcc:_x?=", 200, "= ?utf-8?q?Eve=0D=0ABcc:_x?=");
	clean_is("bad \xff\xfe utf8", 200, "bad ?? utf8");
	clean_is("=?=?=?=?", 200, "= ?= ?= ?= ?");   /* the longest growth */
	clean_is("J\xc3\xb6rg", 2, "J");                /* never half a character */
	clean_is("J\xc3\xb6rg", 3, "J\xc3\xb6");
	clean_is(NULL, 10, "");
}

static const char *const names[] = {"From", "To", "Subject", "Date", "Message-ID",
	"Content-Type", NULL};

static int
check(const char *msg)
{
	struct errdetail d = {0};

	return mail_check_output(msg, strlen(msg), names, 1, &d);
}

static void
test_check_output(void **state)
{
	(void)state;
	assert_int_equal(check("From: a@b.c\r\nTo: x@y.z\r\nSubject: s\r\n\r\nbody\r\n"), 0);
	assert_int_equal(check("From: a@b.c\r\nSubject: long\r\n folded\r\n\r\nbody\r\n"), 0);
	assert_int_equal(check("From: a@b.c\r\nBcc: x@y.z\r\n\r\nbody\r\n"), ERR_INTEGRITY);
	assert_int_equal(check("From: a@b.c\r\nFrom: x@y.z\r\n\r\nbody\r\n"), ERR_INTEGRITY);
	assert_int_equal(check("From: a@b.c\nTo: x@y.z\r\n\r\nbody\r\n"), ERR_INTEGRITY);
	assert_int_equal(check("From: a@b.c\rTo: x@y.z\r\n\r\nbody\r\n"), ERR_INTEGRITY);
	assert_int_equal(check("From: a@b.c\r\nno colon here\r\n\r\nbody\r\n"), ERR_INTEGRITY);
	assert_int_equal(check("From: a@b.c\r\nTo: x@y.z\r\n"), ERR_INTEGRITY); /* no body */
	assert_int_equal(check("To: x@y.z\r\n\r\nbody\r\n"), ERR_INTEGRITY); /* no From */
	{
		char *big = malloc(1200);

		assert_non_null(big);
		memcpy(big, "From: a@b.c\r\n\r\n", 15);
		memset(big + 15, 'x', 1100);
		memcpy(big + 1115, "\r\n", 3);
		assert_int_equal(check(big), ERR_INTEGRITY);
		free(big);
	}
}

static struct outmsg
msg(char *to, char *to_name, char *subject, char *id)
{
	struct outmsg m = {0};

	m.id = 1;
	m.to = to;
	m.to_name = to_name;
	m.from = (char *)"security@example.org";
	m.subject = subject;
	m.body = (char *)"Issue: SEC-1\n.\n..dots\nTitle: caf\xc3\xa9\n";
	m.message_id = id;
	m.in_reply_to = (char *)"<root@example.org>";
	m.references = (char *)"<root@example.org> <x\r\nBcc: y@z>";
	return m;
}

static void
test_build(void **state)
{
	struct mail_out_opts o = {.now = 1767607200};
	struct errdetail d = {0};
	struct outmsg m = msg((char *)"rita@example.net", (char *)"Rita\r\nBcc: e@x",
		(char *)"[SEC-1] New\ncomment", (char *)"<abc@vigil.example.org>");
	char *out = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(mail_build(&m, &o, &out, &len, &d), 0);
	assert_non_null(strstr(out, "\r\nTo: \"Rita Bcc: e@x\" <rita@example.net>\r\n"));
	assert_non_null(strstr(out, "Subject: [SEC-1] New comment\r\n"));
	assert_non_null(strstr(out, "Auto-Submitted: auto-generated\r\n"));
	assert_non_null(strstr(out, "In-Reply-To: <root@example.org>\r\n"));
	assert_null(strstr(out, "References"));          /* a bad list is left out whole */
	assert_non_null(strstr(out, "charset=utf-8"));
	assert_non_null(strstr(out, "caf=C3=A9"));
	assert_null(strstr(out, "\r\nBcc"));
	free(out);

	m = msg((char *)"rita@example.net>,<evil@example.com", NULL, (char *)"s",
		(char *)"<abc@x>");
	assert_int_equal(mail_build(&m, &o, &out, &len, &d), ERR_INVAL);
	assert_string_equal(d.field, "to");
	m = msg((char *)"rita@example.net", NULL, (char *)"s", (char *)"<a b@x>");
	assert_int_equal(mail_build(&m, &o, &out, &len, &d), ERR_INVAL);
	assert_string_equal(d.field, "message_id");
	m = msg((char *)"rita@example.net", NULL, (char *)"s", (char *)"<abc@x>");
	m.encrypt = true;   /* but no key: held, never plaintext */
	assert_int_equal(mail_build(&m, &o, &out, &len, &d), ERR_CONFLICT);
	assert_string_equal(d.field, "pgp_key");
}

static void
html_is(const char *html, const char *want)
{
	struct buf b;

	buf_init(&b, 1 << 20);
	assert_int_equal(mail_html_text(html, strlen(html), &b), 0);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

static void
test_html(void **state)
{
	struct buf b;
	char *deep;

	(void)state;
	html_is("<p>One &amp; <b>two</b></p><p>three</p>", "One & two\n\nthree");
	html_is("<script>x()</script><style>p{}</style>text", "text");
	html_is("<ul><li>a</li><li>b</li></ul>", "- a\n- b");
	html_is("<a href=\"https://e.org/\">link</a> <a href=\"javascript:x\">js</a>",
		"link <https://e.org/> js");
	html_is("line<br>next", "line\nnext");
	/* nesting far past any recursion limit costs no stack */
	deep = malloc(200001);
	assert_non_null(deep);
	for (size_t i = 0; i < 200000; i += 5)
		memcpy(deep + i, "<div>", 5);
	deep[200000] = '\0';
	buf_init(&b, 1 << 20);
	assert_int_equal(mail_html_text(deep, strlen(deep), &b), 0);
	buf_release(&b);
	free(deep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_clean),
		cmocka_unit_test(test_check_output),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_html),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
