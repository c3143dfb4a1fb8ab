/*
 * resp.c — the bodies of API responses: JSON documents and RFC 9457
 * problem details, and the one table mapping service errors to HTTP
 * status codes. A problem carries only a fixed title, the status, and the
 * errdetail field and reason, which are composed from static strings and
 * vigil-generated values (core/err.h): nothing here echoes request input.
 * Every 404 has the same bytes, so a hidden object answers exactly like a
 * missing one. Server errors (5xx) are logged here, once, and their
 * detail is kept out of the body.
 */
#include "http/api.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/log.h"
#include "core/banned.h"

#define CT_JSON "application/json"
#define CT_PROBLEM "application/problem+json"

/* The one body of every 404, whatever was asked for. */
static const char notfound_body[] =
	"{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}";

/* The last resort when even a problem cannot be built. */
static const char nomem_body[] =
	"{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}";

static const struct {
	int status;
	const char *title;
} titles[] = {
	{400, "Bad Request"},
	{401, "Unauthorized"},
	{403, "Forbidden"},
	{404, "Not Found"},
	{405, "Method Not Allowed"},
	{409, "Conflict"},
	{411, "Length Required"},
	{413, "Content Too Large"},
	{415, "Unsupported Media Type"},
	{429, "Too Many Requests"},
	{500, "Internal Server Error"},
	{503, "Service Unavailable"},
};

static const char *
status_title(int status)
{
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (titles[i].status == status)
			return titles[i].title;
	return status >= 500 ? "Internal Server Error" : "Bad Request";
}

/* Put len bytes of s into the body (the server may not have set it up). */
static int
body_set(struct http_resp *resp, const void *s, size_t len)
{
	if (resp->body.max == 0 && resp->body.data == NULL)
		buf_init(&resp->body, LIM_OUTPUT_MAX);
	buf_reset(&resp->body);
	buf_add(&resp->body, s, len);
	return buf_err(&resp->body);
}

static int
fixed(struct http_resp *resp, int status, const char *body)
{
	resp->status = status;
	resp->content_type = CT_PROBLEM;
	resp->disposition[0] = '\0';
	if (body_set(resp, body, strlen(body)) != 0)
		resp->status = 500;
	return resp->status;
}

int
http_status_for(int err, const struct errdetail *d)
{
	switch (err) {
	case ERR_OK:
		return 200;
	case ERR_INVAL:
		return 400;
	case ERR_NOTFOUND:
		return 404;
	case ERR_PERM:
		return 403;
	case ERR_CONFLICT:
		return 409;
	case ERR_LIMIT:
		/* the sign-in throttle (service/throttle.c) is not a size */
		if (d && strcmp(d->field, "login") == 0)
			return 429;
		return 413;
	case ERR_NOMEM:
	case ERR_IO:
	case ERR_DB:
	case ERR_INTEGRITY:
	default:
		return 500;
	}
}

int
resp_json(struct http_resp *resp, int status, json_t *j)
{
	char *s = NULL;
	int rc;

	if (!j)
		return fixed(resp, 500, nomem_body);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(j);
	if (!s)
		return fixed(resp, 500, nomem_body);
	resp->status = status;
	resp->content_type = CT_JSON;
	rc = body_set(resp, s, strlen(s));
	if (rc != 0)
		log_msg(LOG_ERROR, "http: response of %zu bytes: %s", strlen(s), err_str(rc));
	/* answers carry session tokens, API tokens, recovery codes: wipe them */
	sodium_memzero(s, strlen(s));
	free(s);
	if (rc != 0)
		return fixed(resp, 500, nomem_body);
	return status;
}

/* The problem object for status with optional field and reason. */
static int
problem(struct http_resp *resp, int status, const char *field, const char *reason)
{
	json_t *o;
	char *s;
	int rc;

	if (status == 404)
		return fixed(resp, 404, notfound_body);
	o = json_pack("{s:s,s:s,s:i}", "type", "about:blank", "title", status_title(status),
		"status", status);
	if (!o)
		return fixed(resp, 500, nomem_body);
	if (field && field[0])
		json_object_set_new(o, "field", json_string(field));
	if (reason && reason[0])
		json_object_set_new(o, "detail", json_string(reason));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s)
		return fixed(resp, 500, nomem_body);
	resp->status = status;
	resp->content_type = CT_PROBLEM;
	resp->disposition[0] = '\0';
	rc = body_set(resp, s, strlen(s));
	free(s);
	if (rc != 0)
		return fixed(resp, 500, nomem_body);
	return status;
}

int
resp_problem(struct http_resp *resp, int err, const struct errdetail *d)
{
	int status = http_status_for(err, d);

	if (status >= 500) {
		log_msg(LOG_ERROR, "http: %s%s%s%s%s", err_str(err), d && d->field[0] ? ": " : "",
			d ? d->field : "", d && d->reason[0] ? ": " : "", d ? d->reason : "");
		return problem(resp, status, NULL, NULL);
	}
	if (d) {
		/* service fields carry the CLI's option names (embargo-until);
		 * the API names the same field with underscores (embargo_until) */
		struct errdetail api = *d;

		for (char *p = api.field; *p; p++)
			if (*p == '-')
				*p = '_';
		return problem(resp, status, api.field, api.reason);
	}
	return problem(resp, status, NULL, NULL);
}

int
resp_error(struct http_resp *resp, int status, const char *field, const char *reason)
{
	return problem(resp, status, field, reason);
}

int
api_ok(struct http_resp *resp, int status)
{
	return resp_json(resp, status, json_pack("{s:b}", "ok", 1));
}

int
api_answer(struct http_resp *resp, int rc, const struct errdetail *d, int status)
{
	return rc < 0 ? resp_problem(resp, rc, d) : api_ok(resp, status);
}

int
api_bytes(struct http_resp *resp, const char *content_type, const void *data, size_t len)
{
	int rc;

	if ((rc = body_set(resp, data, len)) != 0) {
		log_msg(LOG_ERROR, "http: response of %zu bytes: %s", len, err_str(rc));
		return fixed(resp, 500, nomem_body);
	}
	resp->status = 200;
	resp->content_type = content_type;
	return 200;
}

void
api_field_rename(struct errdetail *d, const char *from, const char *to)
{
	if (strcmp(d->field, from) == 0)
		snprintf(d->field, sizeof(d->field), "%s", to);
}
