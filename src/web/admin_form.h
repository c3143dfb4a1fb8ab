/*
 * admin_form.h — what the admin pages (page_releases.c, page_cves.c,
 * page_meetings.c, page_people.c, page_alert.c) share for their forms:
 * optional fields, lists typed into one field, re-filling a form that
 * failed, and the state of one answered form (which form failed, and the
 * service's error). Private to src/web. Handles untrusted input (form
 * fields), which it only splits and escapes; the service checks it.
 */
#ifndef VIGIL_WEB_ADMIN_FORM_H
#define VIGIL_WEB_ADMIN_FORM_H

#include <stdbool.h>

#include "web/web.h"

/* A form that was sent and refused: its name and the service's answer. */
struct form_fail {
	const char *form;            /* the form's name on the page, NULL: none failed */
	const char *item;            /* for per-row forms: the row it was sent for, or NULL */
	int rc;                      /* the service's error */
	struct errdetail d;
};

/* Field name of the request's form, or NULL when absent or only blanks. */
const char *af_opt(struct http_req *req, const char *name);

/*
 * Split s (logins or addresses typed into one field) at commas, semicolons
 * and white space into *ret (empty parts dropped). s may be NULL. 0 or
 * ERR_NOMEM; ERR_LIMIT beyond max parts. *ret: strlist_release().
 */
int af_split(const char *s, size_t max, struct strlist *ret);

/* Is f the failure of the form named form (and row item, when given)? */
bool af_failed(const struct form_fail *f, const char *form, const char *item);

/*
 * ` value="…"` with the value field had in the failed form f (escaped),
 * or nothing when f is not that form: a refused form comes back filled.
 */
void af_value(struct buf *b, struct http_req *req, const struct form_fail *f,
	const char *form, const char *field);
/* The same as the text of a <textarea>. */
void af_text(struct buf *b, struct http_req *req, const struct form_fail *f,
	const char *form, const char *field);
/* Write the error of f when it is the failure of form (and item). */
void af_error(struct buf *b, const struct form_fail *f, const char *form, const char *item);

/*
 * Start the page of a failed form: web_begin() and the status of the
 * service's error (400, 403, 409...), or 200 when f is NULL or nothing
 * failed.
 */
void af_begin(struct http_req *req, struct http_resp *resp, const char *title,
	const struct form_fail *f);

/* Is rc an error a form can show (bad input, refusal, conflict, limit),
 * rather than a failure of the server? */
bool af_showable(int rc);

#endif
