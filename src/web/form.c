/*
 * form.c — form fields of web requests and their CSRF check. A POST body
 * (already buffered within the route's limit by the server) is parsed with
 * libmicrohttpd's MHD_PostProcessor, which handles both
 * application/x-www-form-urlencoded and multipart/form-data; this file
 * only collects the fields it reports, within LIM_FORM_FIELDS fields,
 * LIM_DESCRIPTION_MAX bytes per text field and LIM_ATTACHMENT_MAX per file.
 * Text fields may not hold NUL bytes. CSRF: a signed-in session's forms
 * carry its CSRF token; anonymous forms carry a random token that is also
 * in the vigil_csrf cookie (__Host-vigil_csrf when Secure: HTTP_CSRF_COOKIE;
 * double submit; the cookie is HttpOnly and
 * SameSite=Strict). Tokens are compared in constant time. Reads untrusted
 * input.
 */
#include "web/form.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"
#include "core/banned.h"

#define CSRF_HEX 64

void
web_form_init(struct web_form_state *f)
{
	memset(f, 0, sizeof(*f));
}

void
web_form_release(struct web_form_state *f)
{
	for (size_t i = 0; i < f->n; i++) {
		sodium_memzero(f->fields[i].value.data, f->fields[i].value.len);
		buf_release(&f->fields[i].value);
		free(f->fields[i].filename);
	}
	sodium_memzero(f->anon_csrf, sizeof(f->anon_csrf));
	f->n = 0;
}

/* Start a new field (the first chunk of a value, off == 0). */
static struct web_field *
new_field(struct web_form_state *f, const char *key, const char *filename)
{
	struct web_field *w;

	if (f->n == LIM_FORM_FIELDS || strlen(key) > WEB_FIELD_NAME_MAX) {
		f->err = 413;
		return NULL;
	}
	w = &f->fields[f->n];
	snprintf(w->name, sizeof(w->name), "%s", key);
	buf_init(&w->value, filename ? LIM_ATTACHMENT_MAX : LIM_DESCRIPTION_MAX);
	if (filename && !(w->filename = strdup(filename))) {
		buf_release(&w->value);
		f->err = 500;
		return NULL;
	}
	f->n++;
	return w;
}

static enum MHD_Result
on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
	const char *content_type, const char *transfer_encoding, const char *data,
	uint64_t off, size_t size)
{
	struct web_form_state *f = cls;
	struct web_field *w;

	if (f->err || !key)
		return MHD_NO;
	if (off == 0 || f->n == 0 || strcmp(f->fields[f->n - 1].name, key) != 0) {
		if (!(w = new_field(f, key, filename)))
			return MHD_NO;
	} else {
		w = &f->fields[f->n - 1];
	}
	if (!w->filename && size && memchr(data, '\0', size)) {
		f->err = 400;
		return MHD_NO;
	}
	buf_add(&w->value, data, size);
	if (buf_err(&w->value)) {
		f->err = 413;
		return MHD_NO;
	}
	return MHD_YES;
}

int
web_form_parse(struct http_req *req, struct web_form_state *f)
{
	struct MHD_PostProcessor *pp;
	enum MHD_Result ok;

	if (!req->content_type)
		return 415;
	if (req->body_len == 0)
		return 0;
	/* reads the Content-Type (and the multipart boundary) from the request */
	if (!(pp = MHD_create_post_processor(req->conn, 8192, on_field, f)))
		return 415;
	ok = MHD_post_process(pp, req->body, req->body_len);
	if (MHD_destroy_post_processor(pp) != MHD_YES)
		ok = MHD_NO;
	if (f->err)
		return f->err;
	return ok == MHD_YES ? 0 : 400;
}

static const struct web_field *
field(struct http_req *req, const char *name, bool file)
{
	struct web_form_state *f = req->web;

	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0 && (f->fields[i].filename != NULL) == file)
			return &f->fields[i];
	return NULL;
}

const char *
web_form(struct http_req *req, const char *name)
{
	const struct web_field *w = field(req, name, false);

	return w ? buf_str(&w->value) : NULL;
}

bool
web_form_file(struct http_req *req, const char *name, const char **ret_data, size_t *ret_len,
	const char **ret_filename)
{
	const struct web_field *w = field(req, name, true);

	if (!w || w->value.len == 0)
		return false;
	*ret_data = buf_str(&w->value);
	*ret_len = w->value.len;
	*ret_filename = w->filename;
	return true;
}

static bool
well_formed(const char *t)
{
	size_t n = t ? strlen(t) : 0;

	if (n != CSRF_HEX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", t[i]))
			return false;
	return true;
}

void
web_form_anon_csrf(struct http_req *req, struct http_resp *resp, struct web_form_state *f)
{
	const char *c = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND,
		HTTP_CSRF_COOKIE(req->secure_cookies));
	unsigned char raw[CSRF_HEX / 2];

	if (well_formed(c)) {
		snprintf(f->anon_csrf, sizeof(f->anon_csrf), "%s", c);
		return;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(f->anon_csrf, sizeof(f->anon_csrf), raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	snprintf(resp->set_cookie2, sizeof(resp->set_cookie2),
		"%s=%s; Path=/; HttpOnly; SameSite=Strict%s", HTTP_CSRF_COOKIE(req->secure_cookies),
		f->anon_csrf, req->secure_cookies ? "; Secure" : "");
}

/* The token this visitor's forms carry: the session's, or the anonymous one. */
static const char *
expected_token(struct http_req *req)
{
	struct web_form_state *f = req->web;

	if (req->via_session)
		return req->csrf && req->csrf[0] ? req->csrf : NULL;
	return f && f->anon_csrf[0] ? f->anon_csrf : NULL;
}

bool
web_csrf_ok(struct http_req *req)
{
	const char *want = expected_token(req);
	const char *got = web_form(req, "csrf");
	const char *cookie;

	if (!want || !got || strlen(got) != strlen(want) ||
	    sodium_memcmp(got, want, strlen(want)) != 0)
		return false;
	if (req->via_session)
		return true;
	/* double submit: the token must also be the one in the visitor's cookie
	 * (a new token made for this request is in no form yet) */
	cookie = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND,
		HTTP_CSRF_COOKIE(req->secure_cookies));
	return cookie && strlen(cookie) == strlen(want) &&
		sodium_memcmp(cookie, want, strlen(want)) == 0;
}

void
web_csrf_field(struct buf *b, struct http_req *req)
{
	H(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	h_attr(b, expected_token(req));
	H(b, "\">");
}
