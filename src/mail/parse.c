/*
 * parse.c — one incoming RFC 5322 message, decoded with GMime into a
 * struct parsed_mail: the sender, the subject with encoded words decoded,
 * the body (text/plain preferred; HTML converted to text by html.c, never
 * rendered), every text converted to UTF-8, the attachments, Message-ID,
 * In-Reply-To and References, and whether it is an auto-reply or a bounce.
 * Everything here is untrusted input: the size and the count of boundary
 * lines are checked before GMime sees a byte, depth, parts and attachment
 * sizes before their content is decoded. It decides nothing about issues.
 */
#include "mail/internal.h"

#include <gmime/gmime.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/text.h"
#include "core/banned.h"

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void
lib_start(void)
{
	g_mime_init();
	xmlInitParser();
}

void
mail_lib_init(void)
{
	pthread_once(&lib_once, lib_start);
}

void
parsed_mail_release(struct parsed_mail *m)
{
	if (!m)
		return;
	free(m->from);
	free(m->from_name);
	free(m->subject);
	free(m->body);
	free(m->message_id);
	free(m->in_reply_to);
	free(m->references);
	for (size_t i = 0; i < m->natt; i++) {
		free(m->att[i].name);
		free(m->att[i].data);
	}
	free(m->att);
	memset(m, 0, sizeof(*m));
}

/* State of one parse: the result being built and what the walk found. */
struct walk {
	struct parsed_mail *m;
	GMimeTextPart *plain;     /* the body candidates (borrowed) */
	GMimeTextPart *html;
	int crit;                 /* a GMIME_CRIT_* warning seen, or 0 */
	int err;
	struct errdetail *d;
};

static void
on_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data)
{
	struct walk *w = data;

	switch (code) {
	case GMIME_CRIT_INVALID_HEADER_NAME:
	case GMIME_CRIT_CONFLICTING_HEADER:
	case GMIME_CRIT_CONFLICTING_PARAMETER:
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
	case GMIME_CRIT_NESTING_OVERFLOW:
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		if (!w->crit)
			w->crit = (int)code;
		break;
	default:
		break;
	}
}

/* What a GMIME_CRIT_* warning means, in vigil's words. */
static const char *
crit_name(int code)
{
	switch (code) {
	case GMIME_CRIT_INVALID_HEADER_NAME:
		return "a header line has an invalid name";
	case GMIME_CRIT_CONFLICTING_HEADER:
		return "a header appears twice with different values";
	case GMIME_CRIT_CONFLICTING_PARAMETER:
		return "a header parameter appears twice with different values";
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
		return "a multipart has no boundary";
	case GMIME_CRIT_NESTING_OVERFLOW:
		return "MIME parts are nested too deep";
	default:
		return "a MIME part has neither headers nor content";
	}
}

/*
 * Before GMime: the message must fit, start with a header line, and hold
 * a bounded number of lines beginning "--" (every MIME part starts with
 * one, so this bounds the objects GMime builds).
 */
static int
precheck(const unsigned char *p, size_t len, struct errdetail *d)
{
	size_t dashes = 0;

	if (len > LIM_MAIL_MESSAGE_MAX)
		return err_setf(d, ERR_LIMIT, "message", "is larger than %d bytes",
			LIM_MAIL_MESSAGE_MAX);
	if (len == 0 || memchr(p, ':', len < 1000 ? len : 1000) == NULL)
		return err_set(d, ERR_INVAL, "message", "does not begin with a header");
	for (size_t i = 0; i + 1 < len; i++) {
		if ((i == 0 || p[i - 1] == '\n') && p[i] == '-' && p[i + 1] == '-' &&
		    ++dashes > LIM_MAIL_BOUNDARY_LINES)
			return err_setf(d, ERR_LIMIT, "mime", "has more than %d boundary lines",
				LIM_MAIL_BOUNDARY_LINES);
	}
	return 0;
}

/*
 * A malloc'ed UTF-8 copy of len bytes: valid UTF-8 is kept, anything else
 * is read as Windows-1252 (what mislabelled mail most often is); NULs are
 * dropped. NULL on allocation failure.
 */
static char *
to_utf8(const char *s, size_t len)
{
	char *out, *conv = NULL;
	size_t j = 0;

	if (!text_utf8_valid(s, len)) {
		conv = g_convert(s, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
		if (!conv)
			conv = g_convert_with_fallback(s, (gssize)len, "UTF-8", "ISO-8859-1", "?",
				NULL, NULL, NULL);
		if (conv) {
			s = conv;
			len = strlen(conv);
		}
	}
	if ((out = malloc(len + 1)) == NULL) {
		g_free(conv);
		return NULL;
	}
	for (size_t i = 0; i < len; i++)
		if (s[i] != '\0')
			out[j++] = s[i];
	out[j] = '\0';
	g_free(conv);
	return out;
}

/* A header value made one clean line (NULL stays NULL; *err on ENOMEM). */
static char *
line_dup(const char *s, int *err)
{
	char *u, *c;

	if (!s)
		return NULL;
	if (!(u = to_utf8(s, strlen(s)))) {
		*err = ERR_NOMEM;
		return NULL;
	}
	c = mail_header_clean(u, LIM_MAIL_HEADER_MAX);
	free(u);
	if (!c)
		*err = ERR_NOMEM;
	return c;
}

/* A Message-ID as we keep it: printable ASCII without blanks or angle
 * brackets, wrapped in "<>". false when id is unusable. */
static bool
msgid_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	if (n == 0 || n > 250)
		return false;
	for (size_t i = 0; i < n; i++)
		if (id[i] <= ' ' || id[i] >= 0x7f || id[i] == '<' || id[i] == '>')
			return false;
	return true;
}

static void
msgid_add(struct buf *b, const char *id)
{
	if (!msgid_ok(id))
		return;
	if (b->len)
		buf_addc(b, ' ');
	buf_addf(b, "<%s>", id);
}

/* In-Reply-To (first id) and References (the first and last ids when
 * there are more than LIM_MAIL_REFERENCES). */
static int
take_ids(GMimeMessage *msg, struct parsed_mail *m)
{
	const char *irt = g_mime_object_get_header(GMIME_OBJECT(msg), "In-Reply-To");
	const char *rh = g_mime_object_get_header(GMIME_OBJECT(msg), "References");
	GMimeReferences *r = irt ? g_mime_references_parse(NULL, irt) : NULL;
	GMimeReferences *refs = rh ? g_mime_references_parse(NULL, rh) : NULL;
	struct buf id, in, rf;
	int n = refs ? g_mime_references_length(refs) : 0, rc = 0;

	buf_init(&id, 512);
	buf_init(&in, 512);
	buf_init(&rf, 16 * 1024);
	msgid_add(&id, g_mime_message_get_message_id(msg));
	if (r && g_mime_references_length(r) > 0)
		msgid_add(&in, g_mime_references_get_message_id(r, 0));
	for (int i = 0; i < n; i++) {
		if (n > LIM_MAIL_REFERENCES && i >= LIM_MAIL_REFERENCES / 2 &&
		    i < n - LIM_MAIL_REFERENCES / 2)
			continue;
		msgid_add(&rf, g_mime_references_get_message_id(refs, i));
	}
	if ((id.len && !(m->message_id = buf_detach(&id))) ||
	    (in.len && !(m->in_reply_to = buf_detach(&in))) ||
	    (rf.len && !(m->references = buf_detach(&rf))))
		rc = ERR_NOMEM;
	buf_release(&id);
	buf_release(&in);
	buf_release(&rf);
	if (r)
		g_mime_references_free(r);
	if (refs)
		g_mime_references_free(refs);
	return rc;
}

/* The first header value up to ';' and blanks, lower case, in out. */
static void
header_token(GMimeMessage *msg, const char *name, char *out, size_t n)
{
	const char *v = g_mime_object_get_header(GMIME_OBJECT(msg), name);
	size_t j = 0;

	out[0] = '\0';
	if (!v)
		return;
	while (*v == ' ' || *v == '\t')
		v++;
	for (; *v && *v != ';' && *v != ' ' && *v != '\t' && j + 1 < n; v++)
		out[j++] = (char)((*v >= 'A' && *v <= 'Z') ? *v + 32 : *v);
	out[j] = '\0';
}

/* Auto-replies, list mail and bounces (RFC 3834, RFC 3464). */
static void
classify(GMimeMessage *msg, const char *env_from, struct parsed_mail *m)
{
	GMimeContentType *ct = g_mime_object_get_content_type(g_mime_message_get_mime_part(msg)
		? g_mime_message_get_mime_part(msg) : GMIME_OBJECT(msg));
	const char *rt = ct ? g_mime_content_type_get_parameter(ct, "report-type") : NULL;
	char tok[32];

	m->kind = PARSED_NORMAL;
	if (env_from && (!*env_from || strcmp(env_from, "<>") == 0)) {
		m->kind = PARSED_BOUNCE;
		m->why = "null sender";
		return;
	}
	header_token(msg, "Return-Path", tok, sizeof(tok));
	if (!env_from && strcmp(tok, "<>") == 0) {
		m->kind = PARSED_BOUNCE;
		m->why = "null sender (Return-Path: <>)";
		return;
	}
	if (ct && g_mime_content_type_is_type(ct, "multipart", "report") && rt &&
	    (g_ascii_strcasecmp(rt, "delivery-status") == 0 ||
	     g_ascii_strcasecmp(rt, "disposition-notification") == 0)) {
		m->kind = PARSED_BOUNCE;
		m->why = "delivery or disposition report";
		return;
	}
	if (m->from && g_ascii_strncasecmp(m->from, "mailer-daemon@", 14) == 0) {
		m->kind = PARSED_BOUNCE;
		m->why = "from MAILER-DAEMON";
		return;
	}
	header_token(msg, "Auto-Submitted", tok, sizeof(tok));
	if (tok[0] && strcmp(tok, "no") != 0) {
		m->kind = PARSED_AUTO;
		m->why = "Auto-Submitted";
		return;
	}
	header_token(msg, "Precedence", tok, sizeof(tok));
	if (strcmp(tok, "bulk") == 0 || strcmp(tok, "junk") == 0 || strcmp(tok, "list") == 0) {
		m->kind = PARSED_AUTO;
		m->why = "Precedence bulk, junk or list";
		return;
	}
	if (g_mime_object_get_header(GMIME_OBJECT(msg), "X-Autoreply") ||
	    g_mime_object_get_header(GMIME_OBJECT(msg), "X-Autorespond")) {
		m->kind = PARSED_AUTO;
		m->why = "X-Autoreply";
	}
}

/* The decoded content of a leaf part, at most max bytes: ERR_LIMIT past it. */
static int
part_bytes(GMimePart *part, size_t max, GByteArray **ret)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *raw = w ? g_mime_data_wrapper_get_stream(w) : NULL;
	GMimeStream *out;
	gint64 enc = raw ? g_mime_stream_length(raw) : 0;
	GByteArray *ba;

	/* decoding never grows base64 or quoted-printable: check the encoded size
	 * against a generous bound first, the decoded size exactly after */
	if (enc > (gint64)max * 2 + 4096)
		return ERR_LIMIT;
	if (!(out = g_mime_stream_mem_new()))
		return ERR_NOMEM;
	if (w)
		g_mime_data_wrapper_write_to_stream(w, out);
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
	if (ba->len > max) {
		g_object_unref(out);
		return ERR_LIMIT;
	}
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(out), FALSE);
	g_object_unref(out);
	*ret = ba;
	return 0;
}

static int
add_attachment(struct walk *w, const char *name, const guint8 *data, size_t len)
{
	struct parsed_mail *m = w->m;
	struct parsed_attachment *a;
	char *n;

	if (m->natt >= LIM_MAIL_ATTACHMENTS)
		return err_setf(w->d, ERR_LIMIT, "attachment", "more than %d attachments",
			LIM_MAIL_ATTACHMENTS);
	if (!(a = realloc(m->att, (m->natt + 1) * sizeof(*a))))
		return ERR_NOMEM;
	m->att = a;
	a = &m->att[m->natt];
	if (!(n = name ? line_dup(name, &w->err) : strdup("")))
		return ERR_NOMEM;
	a->name = n;
	a->len = len;
	if (!(a->data = malloc(len ? len : 1))) {
		free(n);
		return ERR_NOMEM;
	}
	if (len)
		memcpy(a->data, data, len);
	m->natt++;
	return 0;
}

/* A leaf part: a body candidate or an attachment. */
static int
leaf(struct walk *w, GMimeObject *obj, bool in_alternative, bool body_allowed)
{
	GMimePart *part = GMIME_PART(obj);
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	bool attach = g_mime_part_is_attachment(part);
	GByteArray *ba = NULL;
	int rc;

	if (body_allowed && !attach && GMIME_IS_TEXT_PART(obj)) {
		if (g_mime_content_type_is_type(ct, "text", "plain") && !w->plain) {
			w->plain = GMIME_TEXT_PART(obj);
			return 0;
		}
		if (g_mime_content_type_is_type(ct, "text", "html") && !w->html) {
			w->html = GMIME_TEXT_PART(obj);
			return 0;
		}
		if (in_alternative)
			return 0;   /* another rendering of the same text */
	}
	if ((rc = part_bytes(part, LIM_MAIL_ATTACHMENT_MAX, &ba)) < 0)
		return rc == ERR_LIMIT ? err_setf(w->d, ERR_LIMIT, "attachment",
			"is larger than %d bytes", LIM_MAIL_ATTACHMENT_MAX) : rc;
	rc = add_attachment(w, g_mime_part_get_filename(part), ba->data, ba->len);
	g_byte_array_free(ba, TRUE);
	return rc;
}

/* An attached message (message/rfc822): kept whole as an attachment. */
static int
attached_message(struct walk *w, GMimeMessagePart *mp)
{
	GMimeMessage *inner = g_mime_message_part_get_message(mp);
	GMimeStream *out;
	GByteArray *ba;
	int rc;

	if (!inner)
		return 0;
	if (!(out = g_mime_stream_mem_new()))
		return ERR_NOMEM;
	g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, out);
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
	if (ba->len > LIM_MAIL_ATTACHMENT_MAX)
		rc = err_setf(w->d, ERR_LIMIT, "attachment", "is larger than %d bytes",
			LIM_MAIL_ATTACHMENT_MAX);
	else
		rc = add_attachment(w, "message.eml", ba->data, ba->len);
	g_object_unref(out);
	return rc;
}

static int walk_tree(struct walk *w, GMimeObject *obj, int depth, bool in_alt, bool body);

/* Count every part below obj (for the limits) without taking content. */
static int
count_inner(struct walk *w, GMimeObject *obj, int depth)
{
	if (depth > LIM_MAIL_MIME_DEPTH)
		return err_setf(w->d, ERR_LIMIT, "mime", "is nested deeper than %d levels",
			LIM_MAIL_MIME_DEPTH);
	if (++w->m->nparts > LIM_MAIL_PARTS)
		return err_setf(w->d, ERR_LIMIT, "mime", "has more than %d parts", LIM_MAIL_PARTS);
	if (GMIME_IS_MULTIPART(obj)) {
		int n = g_mime_multipart_get_count(GMIME_MULTIPART(obj)), rc;

		for (int i = 0; i < n; i++)
			if ((rc = count_inner(w, g_mime_multipart_get_part(GMIME_MULTIPART(obj), i),
			    depth + 1)) < 0)
				return rc;
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *in = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));

		if (in && g_mime_message_get_mime_part(in))
			return count_inner(w, g_mime_message_get_mime_part(in), depth + 1);
	}
	return 0;
}

static int
walk_tree(struct walk *w, GMimeObject *obj, int depth, bool in_alt, bool body)
{
	int rc;

	if (depth > LIM_MAIL_MIME_DEPTH)
		return err_setf(w->d, ERR_LIMIT, "mime", "is nested deeper than %d levels",
			LIM_MAIL_MIME_DEPTH);
	if (++w->m->nparts > LIM_MAIL_PARTS)
		return err_setf(w->d, ERR_LIMIT, "mime", "has more than %d parts", LIM_MAIL_PARTS);
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		bool alt = g_mime_content_type_is_type(g_mime_object_get_content_type(obj),
			"multipart", "alternative");
		int n = g_mime_multipart_get_count(mp);

		for (int i = 0; i < n; i++)
			if ((rc = walk_tree(w, g_mime_multipart_get_part(mp, i), depth + 1, alt,
			    body)) < 0)
				return rc;
		return 0;
	}
	if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *in = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));

		if (in && g_mime_message_get_mime_part(in) &&
		    (rc = count_inner(w, g_mime_message_get_mime_part(in), depth + 1)) < 0)
			return rc;
		return attached_message(w, GMIME_MESSAGE_PART(obj));
	}
	if (GMIME_IS_PART(obj))
		return leaf(w, obj, in_alt, body);
	return 0;
}

/* The text of a text part in UTF-8 (GMime converts from its charset). */
static int
text_of(GMimeTextPart *tp, char **ret)
{
	GByteArray *ba = NULL;
	char *t = NULL;
	int rc;

	/* the size check before the conversion */
	if ((rc = part_bytes(GMIME_PART(tp), LIM_MAIL_MESSAGE_MAX, &ba)) < 0)
		return rc;
	g_byte_array_free(ba, TRUE);
	if (!(t = g_mime_text_part_get_text(tp)))
		t = g_strdup("");
	*ret = to_utf8(t, strlen(t));
	g_free(t);
	return *ret ? 0 : ERR_NOMEM;
}

/* The body: the text/plain part, else the HTML part made text. */
static int
take_body(struct walk *w)
{
	char *t = NULL;
	struct buf b;
	int rc;

	if (w->plain)
		return text_of(w->plain, &w->m->body);
	if (!w->html)
		return 0;
	if ((rc = text_of(w->html, &t)) < 0)
		return rc;
	buf_init(&b, LIM_MAIL_MESSAGE_MAX);
	rc = mail_html_text(t, strlen(t), &b);
	free(t);
	if (rc == 0 && !(w->m->body = buf_detach(&b)))
		rc = ERR_NOMEM;
	buf_release(&b);
	w->m->body_from_html = rc == 0;
	return rc;
}

/*
 * When GMime finds no mailbox in From: (a display name that decodes to
 * something address-like, e.g. an encoded line break), the last "<addr>"
 * of the raw header, without a name; else the envelope sender. A report
 * must not bounce for the sake of its sender's name.
 */
static char *
from_fallback(GMimeMessage *msg, const char *env_from, int *err)
{
	GMimeHeader *hd = g_mime_header_list_get_header(
		g_mime_object_get_header_list(GMIME_OBJECT(msg)), "From");
	const char *raw = hd ? g_mime_header_get_raw_value(hd) : NULL;
	const char *lt = raw ? strrchr(raw, '<') : NULL, *gt = lt ? strchr(lt, '>') : NULL;
	char addr[LIM_EMAIL_MAX + 1];
	size_t n = gt ? (size_t)(gt - lt - 1) : 0;

	if (n > 0 && n <= LIM_EMAIL_MAX) {
		memcpy(addr, lt + 1, n);
		addr[n] = '\0';
		if (strchr(addr, '@') && strcspn(addr, " \t\r\n<>,;\"") == n)
			return line_dup(addr, err);
	}
	if (env_from && strchr(env_from, '@') && strlen(env_from) <= LIM_EMAIL_MAX)
		return line_dup(env_from, err);
	return NULL;
}

/* From: the first mailbox. */
static int
take_from(GMimeMessage *msg, const char *env_from, struct parsed_mail *m, struct walk *w)
{
	InternetAddressList *l = g_mime_message_get_from(msg);
	int n = l ? internet_address_list_length(l) : 0;

	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);

		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		m->from = line_dup(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)),
			&w->err);
		if (internet_address_get_name(ia) && *internet_address_get_name(ia))
			m->from_name = line_dup(internet_address_get_name(ia), &w->err);
		break;
	}
	if (!w->err && (!m->from || !*m->from)) {
		free(m->from);
		free(m->from_name);
		m->from_name = NULL;
		m->from = from_fallback(msg, env_from, &w->err);
	}
	if (w->err)
		return w->err;
	if (!m->from || !*m->from)
		return err_set(w->d, ERR_INVAL, "from", "names no mailbox");
	return 0;
}

static int
parse_message(GMimeMessage *msg, const char *env_from, struct walk *w)
{
	struct parsed_mail *m = w->m;
	GMimeObject *top = g_mime_message_get_mime_part(msg);
	int rc;

	if (w->crit)
		return err_setf(w->d, ERR_INVAL, "mime", "is broken: %s", crit_name(w->crit));
	/* a null sender needs no From: to be recognised as a bounce */
	if ((rc = take_from(msg, env_from, m, w)) < 0 && !(env_from && (!*env_from ||
	    strcmp(env_from, "<>") == 0)))
		return rc;
	err_clear(w->d);
	classify(msg, env_from, m);
	if (m->kind != PARSED_NORMAL)
		return 0;
	if (!(m->subject = line_dup(g_mime_message_get_subject(msg), &w->err)) && w->err)
		return w->err;
	if ((rc = take_ids(msg, m)) < 0)
		return rc;
	if (top && (rc = walk_tree(w, top, 1, false, true)) < 0)
		return rc;
	return take_body(w);
}

int
mail_parse(const void *data, size_t len, const char *env_from, struct parsed_mail *ret,
	struct errdetail *d)
{
	struct parsed_mail m = {0};
	struct walk w = {.m = &m, .d = d};
	GMimeParserOptions *po = NULL;
	GMimeParser *parser = NULL;
	GMimeStream *st = NULL;
	GMimeMessage *msg = NULL;
	int rc;

	if ((rc = precheck(data, len, d)) < 0)
		return rc;
	mail_lib_init();
	st = g_mime_stream_mem_new_with_buffer(data, len);
	parser = g_mime_parser_new_with_stream(st);
	po = g_mime_parser_options_new();
	g_mime_parser_options_set_warning_callback(po, on_warning, &w);
	msg = g_mime_parser_construct_message(parser, po);
	if (!msg)
		rc = err_set(d, ERR_INVAL, "message", "cannot be parsed as RFC 5322");
	else
		rc = parse_message(msg, env_from, &w);
	if (rc == ERR_NOMEM)
		err_set(d, ERR_NOMEM, "message", "out of memory");
	if (msg)
		g_object_unref(msg);
	g_mime_parser_options_free(po);
	g_object_unref(parser);
	g_object_unref(st);
	if (rc < 0) {
		parsed_mail_release(&m);
		return rc;
	}
	*ret = m;
	return 0;
}
