/*
 * form.h — the parsed form of one web request (form.c), private to
 * src/web: routes.c parses it before a POST handler runs and hangs it on
 * req->web; pages read it through web_form() / web_form_file() (web.h).
 */
#ifndef VIGIL_WEB_FORM_H
#define VIGIL_WEB_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/limits.h"
#include "http/http.h"

#define WEB_FIELD_NAME_MAX 64

struct web_field {
	char name[WEB_FIELD_NAME_MAX + 1];
	char *filename;          /* a file part: its name as sent, else NULL */
	struct buf value;
};

struct web_form_state {
	struct web_field fields[LIM_FORM_FIELDS];
	size_t n;
	int err;                 /* the first problem met while parsing: an HTTP status */
	char anon_csrf[SVC_TOKEN_MAX]; /* the double-submit token of an anonymous visitor */
};

void web_form_init(struct web_form_state *f);
void web_form_release(struct web_form_state *f);
/*
 * Parse req's body (application/x-www-form-urlencoded or multipart/form-data)
 * into f with the limits of core/limits.h. 0, or the HTTP status to answer
 * with (400 malformed, 413 a field too long or too many, 415 another type).
 */
int web_form_parse(struct http_req *req, struct web_form_state *f);
/*
 * Prepare the anonymous CSRF token (double-submit cookie): the visitor's
 * vigil_csrf cookie when it is well-formed, else a new one, which is then
 * set on resp (HttpOnly, SameSite=Strict).
 */
void web_form_anon_csrf(struct http_req *req, struct http_resp *resp,
	struct web_form_state *f);

#endif
