/*
 * fuzz_mail.c — libFuzzer target for the parser of `vigil mail-intake`
 * (src/mail/parse.c over GMime, html.c over libxml2's HTML parser): the
 * input is one message as an MTA would hand it. Besides memory errors it
 * checks what must hold for every input, and aborts otherwise: a parsed
 * message has a sender (unless it is a bounce), every string is valid
 * UTF-8 without NUL, the counts stay within the limits of limits.h; a
 * refused one names a field. The first byte also feeds the HTML path
 * directly, so html.c sees arbitrary markup. The first 2000 bytes are also
 * the recipient's name, the subject and the body of an outgoing message:
 * building it must succeed (the output check never trips: no input can
 * put a line break or an unknown header into what vigil sends).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/buf.h"
#include "core/limits.h"
#include "core/text.h"
#include "mail/internal.h"
#include "service/mail.h"

#include "core/banned.h"

static void
must(int cond)
{
	if (!cond)
		abort();
}

static void
utf8(const char *s)
{
	if (s)
		must(text_utf8_valid(s, strlen(s)));
}

/* Build a message with the input in every free-text field. */
static void
build(const uint8_t *data, size_t size)
{
	struct mail_out_opts o = {.now = 1767607200};
	struct errdetail d = {0};
	struct outmsg m = {0};
	size_t n = size < 2000 ? size : 2000, len = 0;
	char *text = malloc(n + 1), *out = NULL;

	if (!text)
		return;
	memcpy(text, data, n);
	text[n] = '\0';
	m.to = (char *)"rita@example.net";
	m.from = (char *)"security@example.org";
	m.message_id = (char *)"<fuzz@vigil.example.org>";
	m.to_name = text;
	m.subject = text;
	m.body = text;
	must(mail_build(&m, &o, &out, &len, &d) == 0);
	must(strlen(out) == len);
	free(out);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parsed_mail m = {0};
	struct errdetail d = {0};
	struct buf b;
	int rc;

	rc = mail_parse(data, size, NULL, &m, &d);
	if (rc < 0) {
		must(d.field[0] != '\0');
	} else {
		must(m.kind != PARSED_NORMAL || (m.from && *m.from));
		utf8(m.from);
		utf8(m.from_name);
		utf8(m.subject);
		utf8(m.body);
		utf8(m.references);
		must(m.nparts <= LIM_MAIL_PARTS && m.natt <= LIM_MAIL_ATTACHMENTS);
		for (size_t i = 0; i < m.natt; i++)
			must(m.att[i].len <= LIM_MAIL_ATTACHMENT_MAX);
		parsed_mail_release(&m);
	}
	build(data, size);
	if (size > 0 && data[0] == '<') {
		buf_init(&b, LIM_MAIL_MESSAGE_MAX);
		mail_html_text((const char *)data, size, &b);
		must(strlen(buf_str(&b)) == b.len);
		buf_release(&b);
	}
	return 0;
}
