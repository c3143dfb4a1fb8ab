/*
 * jsonin.c — strict decoding of API request bodies (see http.h): the
 * media type is checked first, the nesting depth is measured before the
 * parser runs, then the body must be exactly one JSON object without
 * duplicate keys whose members are all known, of the declared type, and
 * present when required. Handles untrusted input: problems name only the
 * fields this program declared, never a key or value from the request.
 * Nothing is changed by a failed decode; handlers decode before they call
 * the service.
 */
#include "http/api.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "model/objects.h"
#include "core/banned.h"

bool
http_media_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	if (!ct)
		return false;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, want, n) != 0)
		return false;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

long long
api_parse_id(const char *s)
{
	long long v = 0;

	if (!s || !*s || strlen(s) > 18)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v > 0 ? v : -1;
}

/* Deepest nesting of arrays and objects in [s, s+len), outside strings,
 * stopping early once it passes max. */
static int
json_depth(const char *s, size_t len, int max)
{
	bool in_str = false, esc = false;
	int depth = 0, deepest = 0;

	for (size_t i = 0; i < len && deepest <= max; i++) {
		char c = s[i];

		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > deepest)
				deepest = depth;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return deepest;
}

static const char *
type_reason(enum jtype t)
{
	switch (t) {
	case J_STR:
		return "must be a string";
	case J_BOOL:
		return "must be true or false";
	case J_INT:
		return "must be an integer";
	case J_STRLIST:
		return "must be an array of strings";
	}
	return "has the wrong type";
}

/* The declared field called key, or NULL. */
static const struct jfield *
find_field(const struct jfield *fields, const char *key, size_t len)
{
	for (const struct jfield *f = fields; f->name; f++)
		if (strlen(f->name) == len && memcmp(f->name, key, len) == 0)
			return f;
	return NULL;
}

/* "unknown field (allowed: a, b, c)" — the declared names only. */
static int
unknown_field(struct http_resp *resp, const struct jfield *fields)
{
	char reason[ERRDETAIL_REASON_MAX];
	size_t off;
	int n;

	n = snprintf(reason, sizeof(reason), "has a field this route does not take");
	off = n > 0 ? (size_t)n : 0;
	for (const struct jfield *f = fields; f->name && off < sizeof(reason); f++) {
		n = snprintf(reason + off, sizeof(reason) - off, "%s%s",
			f == fields ? "; allowed: " : ", ", f->name);
		if (n < 0)
			break;
		off += (size_t)n;
	}
	if (!fields->name && off < sizeof(reason))
		snprintf(reason + off, sizeof(reason) - off, "; it takes none");
	return resp_error(resp, 400, "body", reason);
}

/*
 * The parser stopped on a duplicate key; its position is just past the
 * key's closing quote. Name the key only when it is one of ours.
 */
static int
duplicate_key(struct http_resp *resp, const struct jfield *fields, const char *body,
	size_t len, size_t pos)
{
	const struct jfield *f = NULL;
	size_t end, start;

	if (pos >= 2 && pos <= len && body[pos - 1] == '"') {
		end = pos - 1;
		for (start = end; start > 0 && body[start - 1] != '"'; start--)
			;
		if (start > 0)
			f = find_field(fields, body + start, end - start);
	}
	return resp_error(resp, 400, f ? f->name : "body", "is given twice");
}

static int
parse_body(struct http_req *req, struct http_resp *resp, const struct jfield *fields,
	json_t **ret_root)
{
	json_error_t e;
	json_t *root;
	char reason[128];

	if (req->body_len == 0 || !req->body) {
		/* no body: as {} (the required fields are then missing) */
		if (!(*ret_root = json_object()))
			return resp_problem(resp, ERR_NOMEM, NULL);
		return 0;
	}
	if (!http_media_is(req->content_type, "application/json"))
		return resp_error(resp, 415, "Content-Type", "must be application/json");
	if (json_depth(req->body, req->body_len, LIM_JSON_DEPTH) > LIM_JSON_DEPTH)
		return resp_error(resp, 400, "body", "is nested too deeply");
	root = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &e);
	if (!root) {
		if (json_error_code(&e) == json_error_duplicate_key)
			return duplicate_key(resp, fields, req->body, req->body_len,
				(size_t)e.position);
		if (json_error_code(&e) == json_error_out_of_memory)
			return resp_problem(resp, ERR_NOMEM, NULL);
		snprintf(reason, sizeof(reason), "is not valid JSON (line %d, column %d)",
			e.line, e.column);
		return resp_error(resp, 400, "body", reason);
	}
	if (!json_is_object(root)) {
		json_decref(root);
		return resp_error(resp, 400, "body", "must be a JSON object");
	}
	*ret_root = root;
	return 0;
}

/* Store v into f->dst. 0, or 1 for a wrong type, or ERR_NOMEM. */
static int
store_field(const struct jfield *f, json_t *v)
{
	switch (f->type) {
	case J_STR:
		if (!json_is_string(v))
			return 1;
		*(const char **)f->dst = json_string_value(v);
		return 0;
	case J_BOOL:
		if (!json_is_boolean(v))
			return 1;
		*(int *)f->dst = json_is_true(v) ? 1 : 0;
		return 0;
	case J_INT:
		if (!json_is_integer(v))
			return 1;
		*(long long *)f->dst = (long long)json_integer_value(v);
		return 0;
	case J_STRLIST: {
		struct strlist *l = f->dst;
		size_t i;
		json_t *s;

		if (!json_is_array(v))
			return 1;
		json_array_foreach(v, i, s)
			if (!json_is_string(s))
				return 1;
		json_array_foreach(v, i, s)
			if (strlist_add(l, json_string_value(s)) < 0)
				return ERR_NOMEM;
		return 0;
	}
	}
	return 1;
}

/* Set every destination to "absent" first. */
static void
clear_fields(const struct jfield *fields)
{
	for (const struct jfield *f = fields; f->name; f++) {
		switch (f->type) {
		case J_STR:
			*(const char **)f->dst = NULL;
			break;
		case J_BOOL:
			*(int *)f->dst = -1;
			break;
		case J_INT:
			break;   /* the caller's default stays */
		case J_STRLIST:
			strlist_release(f->dst);
			break;
		}
	}
}

int
jsonin_decode(struct http_req *req, struct http_resp *resp, const struct jfield *fields,
	json_t **ret_root)
{
	const struct jfield *f;
	json_t *root = NULL, *v;
	const char *key;
	int rc;

	*ret_root = NULL;
	clear_fields(fields);
	if ((rc = parse_body(req, resp, fields, &root)) != 0)
		return rc;
	json_object_foreach(root, key, v) {
		if (!(f = find_field(fields, key, strlen(key)))) {
			rc = unknown_field(resp, fields);
			goto out;
		}
		if ((rc = store_field(f, v)) != 0) {
			rc = rc < 0 ? resp_problem(resp, rc, NULL) :
			    resp_error(resp, 400, f->name, type_reason(f->type));
			goto out;
		}
	}
	for (f = fields; f->name; f++) {
		if (f->required && !json_object_get(root, f->name)) {
			rc = resp_error(resp, 400, f->name, "is required");
			goto out;
		}
	}
	*ret_root = root;
	root = NULL;
out:
	if (root) {
		clear_fields(fields);
		json_decref(root);
	}
	return rc;
}

int
api_no_body(struct http_req *req, struct http_resp *resp)
{
	const struct jfield none[] = {{NULL, 0, false, NULL}};
	json_t *root = NULL;
	int rc = jsonin_decode(req, resp, none, &root);

	json_decref(root);
	return rc;
}

/* Parse a query number: digits only, min..max; def when absent. */
int
http_query_number(struct http_req *req, const char *name, long long def, long long min,
	long long max, long long *ret)
{
	const char *s = http_query(req, name);
	long long v = 0;

	if (!s) {
		*ret = def;
		return 0;
	}
	if (!*s || strlen(s) > 10)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return -1;
	*ret = v;
	return 0;
}
