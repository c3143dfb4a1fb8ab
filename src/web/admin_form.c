/*
 * admin_form.c — form helpers of the admin pages (releases, CVE pool,
 * meetings, people, alert list): optional fields, splitting a field that
 * holds a list, and giving a refused form back filled in with the
 * service's error. Reads untrusted form fields; it only splits them and
 * writes them escaped (h_attr, h_text), never decides anything.
 */
#include "web/admin_form.h"

#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

const char *
af_opt(struct http_req *req, const char *name)
{
	const char *v = web_form(req, name);

	if (!v)
		return NULL;
	for (const char *p = v; *p; p++)
		if (!strchr(" \t\r\n", *p))
			return v;
	return NULL;
}

int
af_split(const char *s, size_t max, struct strlist *ret)
{
	static const char sep[] = ",; \t\r\n";
	struct strlist l = {0};
	int rc = 0;

	while (s && *s && rc == 0) {
		size_t n;
		char *part;

		s += strspn(s, sep);
		n = strcspn(s, sep);
		if (n == 0)
			break;
		if (l.n >= max) {
			rc = ERR_LIMIT;
			break;
		}
		if (!(part = strndup(s, n))) {
			rc = ERR_NOMEM;
			break;
		}
		rc = strlist_add(&l, part);
		free(part);
		s += n;
	}
	if (rc < 0) {
		strlist_release(&l);
		return rc;
	}
	*ret = l;
	return 0;
}

bool
af_failed(const struct form_fail *f, const char *form, const char *item)
{
	if (!f || !f->form || strcmp(f->form, form) != 0)
		return false;
	if (!item)
		return true;
	return f->item && strcmp(f->item, item) == 0;
}

void
af_value(struct buf *b, struct http_req *req, const struct form_fail *f, const char *form,
	const char *field)
{
	const char *v;

	if (!af_failed(f, form, NULL) || !(v = web_form(req, field)))
		return;
	H(b, " value=\"");
	h_attr(b, v);
	H(b, "\"");
}

void
af_text(struct buf *b, struct http_req *req, const struct form_fail *f, const char *form,
	const char *field)
{
	if (af_failed(f, form, NULL))
		h_text(b, web_form(req, field));
}

void
af_error(struct buf *b, const struct form_fail *f, const char *form, const char *item)
{
	if (af_failed(f, form, item))
		web_form_error(b, &f->d);
}

void
af_begin(struct http_req *req, struct http_resp *resp, const char *title,
	const struct form_fail *f)
{
	web_begin(req, resp, title);
	if (f && f->form)
		resp->status = http_status_for(f->rc, &f->d);
}

bool
af_showable(int rc)
{
	return rc == ERR_INVAL || rc == ERR_PERM || rc == ERR_CONFLICT || rc == ERR_LIMIT ||
		rc == ERR_NOTFOUND;
}
