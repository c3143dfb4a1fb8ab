/*
 * message.c — outgoing messages built with GMime from the service's struct
 * outmsg: From, To, Subject, Date, Message-ID, In-Reply-To, References,
 * Auto-Submitted and a text/plain UTF-8 quoted-printable body, or its
 * PGP/MIME form (RFC 3156) through pgp.c. Every header value is cleaned
 * first (no CR, LF, NUL or other control character reaches a header; GMime
 * writes encoded words for non-ASCII and folds long lines), and the result
 * is checked afterwards: CRLF line ends, no bare CR or LF, and exactly the
 * headers vigil writes. The values come from people (names, titles), so
 * they are untrusted here.
 */
#include "mail/internal.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/text.h"
#include "service/mail.h"
#include "core/banned.h"

/* Length of the valid UTF-8 character at s (n bytes left), or 0. */
static size_t
utf8_len(const char *s, size_t n)
{
	for (size_t k = 1; k <= 4 && k <= n; k++)
		if (text_utf8_valid(s, k))
			return k;
	return 0;
}

/* A code point that must not reach a header: C0, DEL, C1, U+2028/2029. */
static bool
is_control(const unsigned char *s, size_t k)
{
	if (k == 1)
		return s[0] < 0x20 || s[0] == 0x7f;
	if (k == 2 && s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return true;
	return k == 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9);
}

char *
mail_header_clean(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0, j = 0;
	char *out = malloc(n + n / 2 + 2);   /* each "=?" may gain a space */
	bool space = false;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_len(s + i, n - i);
		const char *c = s + i;

		if (k == 0) {
			c = "?";
			k = 1;
			i++;
		} else {
			i += k;
		}
		if (is_control((const unsigned char *)c, k) || (k == 1 && *c == ' ')) {
			space = j > 0;
			continue;
		}
		/* "=?" could start an encoded word that a reader decodes into a
		 * line break: "= ?" is plain text to every decoder */
		if (k == 1 && *c == '?' && j > 0 && out[j - 1] == '=' && !space)
			space = true;
		if (j + (space ? 1 : 0) + k > max)
			break;
		if (space)
			out[j++] = ' ';
		space = false;
		memcpy(out + j, c, k);
		j += k;
	}
	out[j] = '\0';
	return out;
}

/* An addr-spec we put in a header or an envelope: printable ASCII, one '@',
 * no blanks, brackets, quotes, commas or semicolons. */
static bool
addr_ok(const char *a)
{
	const char *at = a ? strchr(a, '@') : NULL;

	if (!a || !at || at == a || !at[1] || strchr(at + 1, '@') || strlen(a) > LIM_EMAIL_MAX)
		return false;
	for (; *a; a++)
		if (*a <= ' ' || *a >= 0x7f || strchr("<>()[]\\,;:\"", *a))
			return false;
	return true;
}

/* A Message-ID list: each "<id>" of printable ASCII without blanks; the
 * ids are appended to b (with their brackets). false when one is bad. */
static bool
ids_add(struct buf *b, const char *s, bool one)
{
	size_t count = 0;

	while (s && *s) {
		const char *end;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		if (*s != '<' || !(end = strchr(s, '>')) || end == s + 1)
			return false;
		for (const char *p = s + 1; p < end; p++)
			if (*p <= ' ' || *p >= 0x7f || *p == '<')
				return false;
		if (++count > (one ? 1u : (unsigned)LIM_MAIL_REFERENCES))
			return false;
		if (b->len)
			buf_addc(b, ' ');
		buf_add(b, s, (size_t)(end - s + 1));
		s = end + 1;
	}
	return count > 0;
}

/* Set a content part's bytes (copied) and its transfer encoding. */
static void
part_set_bytes(GMimePart *p, const char *data, size_t len, GMimeContentEncoding enc)
{
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(data, len);
	GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(st,
		GMIME_CONTENT_ENCODING_DEFAULT);

	g_mime_part_set_content(p, w);
	g_mime_part_set_content_encoding(p, enc);
	g_object_unref(w);
	g_object_unref(st);
}

/* Serialize obj with CRLF line ends into a malloc'ed string. */
static char *
serialize(GMimeObject *obj, size_t *ret_len)
{
	GMimeFormatOptions *fo = g_mime_format_options_new();
	GMimeStream *st = g_mime_stream_mem_new();
	GByteArray *ba;
	char *out;

	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	g_mime_object_write_to_stream(obj, fo, st);
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(st));
	if ((out = malloc(ba->len + 1)) != NULL) {
		memcpy(out, ba->data, ba->len);
		out[ba->len] = '\0';
		*ret_len = ba->len;
	}
	g_object_unref(st);
	g_mime_format_options_free(fo);
	return out;
}

/* The text body: LF or CRLF in, a text/plain UTF-8 quoted-printable part
 * out (QP keeps every line short and every byte 7-bit: dot-safe too, since
 * libcurl dot-stuffs and QP encodes a leading '.' on a line of its own). */
static GMimeObject *
text_part(const char *body)
{
	GMimeTextPart *tp = g_mime_text_part_new_with_subtype("plain");
	char *clean = NULL;
	size_t len;
	size_t n = body ? strlen(body) : 0, j = 0;

	/* bare CR and NUL out; invalid UTF-8 cannot come from the service */
	if ((clean = malloc(n + 1)) == NULL) {
		g_object_unref(tp);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (body[i] != '\r')
			clean[j++] = body[i];
	clean[j] = '\0';
	len = j;
	/* the bytes as they are, labelled UTF-8 (g_mime_text_part_set_text
	 * would pick another charset for text that fits one) */
	g_mime_text_part_set_charset(tp, "utf-8");
	part_set_bytes(GMIME_PART(tp), clean, len, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	free(clean);
	return GMIME_OBJECT(tp);
}

/* Parse bytes back into a MIME entity (GMime keeps them as they are). */
static GMimeObject *
reparse(const char *data, size_t len)
{
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(data, len);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeObject *o = g_mime_parser_construct_part(p, NULL);

	g_object_unref(p);
	g_object_unref(st);
	return o;
}

/* RFC 3156 §4: multipart/encrypted around the armored ciphertext. */
static GMimeObject *
encrypted_part(const char *armored)
{
	GMimeMultipart *mp = g_mime_multipart_new_with_subtype("encrypted");
	GMimePart *v = g_mime_part_new_with_type("application", "pgp-encrypted");
	GMimePart *c = g_mime_part_new_with_type("application", "octet-stream");
	static const char version[] = "Version: 1\n";

	g_mime_object_set_content_type_parameter(GMIME_OBJECT(mp), "protocol",
		"application/pgp-encrypted");
	g_mime_object_set_header(GMIME_OBJECT(v), "Content-Description",
		"PGP/MIME version identification", NULL);
	part_set_bytes(v, version, sizeof(version) - 1, GMIME_CONTENT_ENCODING_7BIT);
	g_mime_object_set_header(GMIME_OBJECT(c), "Content-Description",
		"OpenPGP encrypted message", NULL);
	g_mime_part_set_filename(c, "encrypted.asc");
	g_mime_object_set_content_disposition_parameter(GMIME_OBJECT(c), "filename",
		"encrypted.asc");
	part_set_bytes(c, armored, strlen(armored), GMIME_CONTENT_ENCODING_7BIT);
	g_mime_multipart_add(mp, GMIME_OBJECT(v));
	g_mime_multipart_add(mp, GMIME_OBJECT(c));
	g_object_unref(v);
	g_object_unref(c);
	return GMIME_OBJECT(mp);
}

/* RFC 3156 §5: multipart/signed around the exact signed bytes. */
static int
signed_part(GMimeObject *inner, const struct mail_out_opts *o, GMimeObject **ret,
	struct errdetail *d)
{
	size_t len = 0;
	char *bytes = serialize(inner, &len), *sig = NULL, micalg[32];
	GMimeMultipart *mp;
	GMimePart *s;
	GMimeObject *content;
	int rc;

	if (!bytes)
		return ERR_NOMEM;
	if ((rc = pgp_sign(o->gnupg_home, o->sign_key, bytes, len, &sig, micalg, d)) < 0) {
		free(bytes);
		return rc;
	}
	content = reparse(bytes, len);
	free(bytes);
	if (!content) {
		free(sig);
		return err_set(d, ERR_INTEGRITY, "message", "cannot re-read the signed part");
	}
	mp = g_mime_multipart_new_with_subtype("signed");
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(mp), "protocol",
		"application/pgp-signature");
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(mp), "micalg", micalg);
	s = g_mime_part_new_with_type("application", "pgp-signature");
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(s), "name", "signature.asc");
	g_mime_object_set_header(GMIME_OBJECT(s), "Content-Description",
		"OpenPGP digital signature", NULL);
	part_set_bytes(s, sig, strlen(sig), GMIME_CONTENT_ENCODING_7BIT);
	g_mime_multipart_add(mp, content);
	g_mime_multipart_add(mp, GMIME_OBJECT(s));
	g_object_unref(content);
	g_object_unref(s);
	free(sig);
	*ret = GMIME_OBJECT(mp);
	return 0;
}

/* The body entity: plain, signed, or encrypted (and signed). */
static int
body_entity(const struct outmsg *m, const struct mail_out_opts *o, GMimeObject **ret,
	struct errdetail *d)
{
	GMimeObject *plain = text_part(m->body);
	char *bytes = NULL, *armored = NULL;
	size_t len = 0;
	int rc;

	if (!plain)
		return ERR_NOMEM;
	if (!m->encrypt) {
		if (!o->sign_key) {
			*ret = plain;
			return 0;
		}
		rc = signed_part(plain, o, ret, d);
		g_object_unref(plain);
		return rc;
	}
	if (!m->pgp_key || !*m->pgp_key) {
		g_object_unref(plain);
		return err_set(d, ERR_CONFLICT, "pgp_key", "the recipient must get encrypted mail "
			"but has no OpenPGP key");
	}
	bytes = serialize(plain, &len);
	g_object_unref(plain);
	if (!bytes)
		return ERR_NOMEM;
	rc = pgp_encrypt(o->gnupg_home, m->pgp_key, o->sign_key, bytes, len, &armored, d);
	free(bytes);
	if (rc < 0)
		return rc;
	*ret = encrypted_part(armored);
	free(armored);
	return 0;
}

/* In-Reply-To and References: only well-formed "<id>" lists pass. */
static int
reply_headers(GMimeMessage *msg, const struct outmsg *m)
{
	struct buf b;

	buf_init(&b, 8192);
	if (m->in_reply_to && ids_add(&b, m->in_reply_to, true) && !buf_err(&b))
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", buf_str(&b), NULL);
	buf_reset(&b);
	if (m->references && ids_add(&b, m->references, false) && !buf_err(&b))
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", buf_str(&b), NULL);
	buf_release(&b);
	return 0;
}

/* The headers of the message, every value checked or cleaned. */
static int
headers(GMimeMessage *msg, const struct outmsg *m, const struct mail_out_opts *o,
	struct errdetail *d)
{
	char *name = NULL, *subject = NULL, id[300];
	GDateTime *date;
	struct buf b;
	size_t n;
	int rc = 0;

	if (!addr_ok(m->from))
		return err_set(d, ERR_INVAL, "from", "is not a plain e-mail address");
	if (!addr_ok(m->to))
		return err_set(d, ERR_INVAL, "to", "is not a plain e-mail address");
	n = m->message_id ? strlen(m->message_id) : 0;
	buf_init(&b, sizeof(id) - 1);
	if (n < 3 || !ids_add(&b, m->message_id, true) || buf_err(&b)) {
		buf_release(&b);
		return err_set(d, ERR_INVAL, "message_id", "is not one <id>");
	}
	snprintf(id, sizeof(id), "%.*s", (int)(b.len - 2), buf_str(&b) + 1);
	buf_release(&b);
	if (!(name = mail_header_clean(m->to_name, LIM_NAME_MAX)) ||
	    !(subject = mail_header_clean(m->subject, LIM_MAIL_HEADER_MAX))) {
		rc = ERR_NOMEM;
		goto out;
	}
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, NULL, m->from);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, *name ? name : NULL, m->to);
	g_mime_message_set_subject(msg, *subject ? subject : "(no subject)", "utf-8");
	date = g_date_time_new_from_unix_utc(o->now);
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	g_mime_message_set_message_id(msg, id);
	rc = reply_headers(msg, m);
	g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted", "auto-generated", NULL);
out:
	free(name);
	free(subject);
	return rc;
}

/* The header names of a built message, each allowed once; the first
 * five must be there. */
static const char *const out_headers[] = {
	"From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
	"Auto-Submitted", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", NULL,
};
#define OUT_REQUIRED 5

/* Index in names (n of them) of the header named by line[0..colon), or -1. */
static int
header_index(const char *const *names, size_t n, const char *line, const char *colon)
{
	size_t len = (size_t)(colon - line);

	for (size_t j = 0; j < n; j++)
		if (strlen(names[j]) == len && strncasecmp(names[j], line, len) == 0)
			return (int)j;
	return -1;
}

/* Line ends: CRLF only, and no NUL. */
static int
check_bytes(const char *msg, size_t len, struct errdetail *d)
{
	for (size_t k = 0; k < len; k++) {
		if (msg[k] == '\0')
			return err_set(d, ERR_INTEGRITY, "message", "holds a NUL byte");
		if (msg[k] == '\r' && (k + 1 >= len || msg[k + 1] != '\n'))
			return err_set(d, ERR_INTEGRITY, "message", "holds a bare CR");
		if (msg[k] == '\n' && (k == 0 || msg[k - 1] != '\r'))
			return err_set(d, ERR_INTEGRITY, "message", "holds a bare LF");
	}
	return 0;
}

int
mail_check_output(const char *msg, size_t len, const char *const *names, size_t required,
	struct errdetail *d)
{
	int seen[32] = {0}, rc;
	size_t nnames = 0, i = 0, line = 0;
	bool in_headers = true;

	while (names[nnames] && nnames < 32)
		nnames++;
	if ((rc = check_bytes(msg, len, d)) < 0)
		return rc;
	while (i < len) {
		const char *eol = memchr(msg + i, '\n', len - i), *colon;
		size_t n = eol ? (size_t)(eol - (msg + i)) : len - i;
		int j;

		line++;
		if (n > 999)   /* 998 and the CR */
			return err_set(d, ERR_INTEGRITY, "message", "holds a line over 998 bytes");
		if (in_headers && n <= 1) {
			in_headers = false;
		} else if (in_headers && msg[i] != ' ' && msg[i] != '\t') {
			colon = memchr(msg + i, ':', n);
			if (!colon || (j = header_index(names, nnames, msg + i, colon)) < 0)
				return err_setf(d, ERR_INTEGRITY, "message", "header line %zu "
					"is not one vigil writes", line);
			if (++seen[j] > 1)
				return err_setf(d, ERR_INTEGRITY, "message", "header %s appears "
					"twice", names[j]);
		}
		i += n + 1;
	}
	for (size_t j = 0; j < required && j < nnames; j++)
		if (!seen[j])
			return err_setf(d, ERR_INTEGRITY, "message", "lacks the %s header",
				names[j]);
	return in_headers ? err_set(d, ERR_INTEGRITY, "message", "has no body") : 0;
}

int
mail_build(const struct outmsg *m, const struct mail_out_opts *o, char **ret,
	size_t *ret_len, struct errdetail *d)
{
	GMimeMessage *msg;
	GMimeObject *body = NULL;
	char *out = NULL;
	size_t len = 0;
	int rc;

	mail_lib_init();
	msg = g_mime_message_new(TRUE);
	if ((rc = headers(msg, m, o, d)) < 0 || (rc = body_entity(m, o, &body, d)) < 0)
		goto out;
	g_mime_message_set_mime_part(msg, body);
	if (!(out = serialize(GMIME_OBJECT(msg), &len))) {
		rc = ERR_NOMEM;
		goto out;
	}
	if (len > LIM_MAIL_OUT_MAX) {
		rc = err_setf(d, ERR_LIMIT, "message", "is larger than %d bytes", LIM_MAIL_OUT_MAX);
		goto out;
	}
	if ((rc = mail_check_output(out, len, out_headers, OUT_REQUIRED, d)) < 0)
		goto out;
	*ret = out;
	*ret_len = len;
	out = NULL;
out:
	if (rc == ERR_NOMEM)
		err_set(d, ERR_NOMEM, "message", "out of memory");
	free(out);
	if (body)
		g_object_unref(body);
	g_object_unref(msg);
	return rc;
}
