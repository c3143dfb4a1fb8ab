/*
 * test_openapi.c — the embedded OpenAPI document (src/http/openapi.json,
 * served at /api/v1/openapi.json) and the route table (src/http/routes.c)
 * describe exactly the same operations: every (method, path) of the
 * document is a route with the same operationId, and every route is in
 * the document. The document must also be OpenAPI 3.1, declare each path
 * parameter of a route, give every JSON request body a closed schema
 * (additionalProperties: false), answer errors with problem details, and
 * open to anonymous callers exactly the routes marked AUTH_ANY.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <jansson.h>

#include "http/http.h"
#include "core/banned.h"

static const char *const methods[] = {
	"get", "put", "post", "delete", "patch", "head", "options", "trace",
};

static json_t *
load(void)
{
	json_error_t e;
	json_t *doc = json_loads(http_openapi_json, JSON_REJECT_DUPLICATES, &e);

	if (!doc)
		fail_msg("openapi.json line %d: %s", e.line, e.text);
	return doc;
}

/* The operation of route r in the document, or NULL. */
static json_t *
operation_of(json_t *doc, const struct route *r)
{
	char m[16];
	size_t i;

	for (i = 0; r->method[i] && i + 1 < sizeof(m); i++)
		m[i] = (char)(r->method[i] | 0x20);   /* ASCII lower case */
	m[i] = '\0';
	return json_object_get(json_object_get(json_object_get(doc, "paths"), r->pattern), m);
}

static void
test_version(void **state)
{
	json_t *doc = load();

	(void)state;
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	assert_non_null(json_object_get(json_object_get(doc, "info"), "title"));
	assert_non_null(json_object_get(json_object_get(json_object_get(doc, "components"),
		"schemas"), "Problem"));
	json_decref(doc);
}

/* Every route is in the document with its operationId. */
static void
test_routes_documented(void **state)
{
	json_t *doc = load();

	(void)state;
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *r = &http_routes[i];
		json_t *op = operation_of(doc, r);

		if (!op)
			fail_msg("%s %s is not in openapi.json", r->method, r->pattern);
		if (!json_is_string(json_object_get(op, "operationId")) ||
		    strcmp(json_string_value(json_object_get(op, "operationId")),
		    r->operation) != 0)
			fail_msg("%s %s: operationId is not %s", r->method, r->pattern,
				r->operation);
	}
	json_decref(doc);
}

/* Every operation of the document is a route with the same operationId. */
static void
test_operations_routed(void **state)
{
	json_t *doc = load(), *item;
	const char *path;
	size_t nops = 0;

	(void)state;
	json_object_foreach(json_object_get(doc, "paths"), path, item) {
		for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
			json_t *op = json_object_get(item, methods[m]);
			const char *id = json_string_value(json_object_get(op, "operationId"));
			bool found = false;

			if (!op)
				continue;
			nops++;
			if (!id)
				fail_msg("%s %s has no operationId", methods[m], path);
			for (size_t i = 0; i < http_nroutes && !found; i++)
				found = strcasecmp(http_routes[i].method, methods[m]) == 0 &&
				    strcmp(http_routes[i].pattern, path) == 0 &&
				    strcmp(http_routes[i].operation, id) == 0;
			if (!found)
				fail_msg("%s %s (%s) is not in the route table", methods[m], path, id);
		}
	}
	assert_int_equal(nops, http_nroutes);
	json_decref(doc);
}

/* Is name declared as a path parameter of op or of its path item? */
static bool
has_path_param(json_t *item, json_t *op, const char *name)
{
	json_t *lists[2] = {json_object_get(op, "parameters"), json_object_get(item, "parameters")};

	for (size_t l = 0; l < 2; l++) {
		size_t i;
		json_t *p;

		json_array_foreach(lists[l], i, p)
			if (strcmp(json_string_value(json_object_get(p, "in")) ?
			    json_string_value(json_object_get(p, "in")) : "", "path") == 0 &&
			    json_is_true(json_object_get(p, "required")) &&
			    strcmp(json_string_value(json_object_get(p, "name")) ?
			    json_string_value(json_object_get(p, "name")) : "", name) == 0)
				return true;
	}
	return false;
}

static void
test_path_params(void **state)
{
	json_t *doc = load();

	(void)state;
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *r = &http_routes[i];
		json_t *item = json_object_get(json_object_get(doc, "paths"), r->pattern);
		json_t *op = operation_of(doc, r);

		for (const char *s = strchr(r->pattern, '{'); s; s = strchr(s + 1, '{')) {
			const char *e = strchr(s, '}');
			char name[32];

			assert_non_null(e);
			assert_true((size_t)(e - s) < sizeof(name));
			memcpy(name, s + 1, (size_t)(e - s - 1));
			name[e - s - 1] = '\0';
			if (!has_path_param(item, op, name))
				fail_msg("%s %s: path parameter %s is not declared", r->method,
					r->pattern, name);
		}
	}
	json_decref(doc);
}

/* JSON request bodies are closed objects; bodies match the route's limit. */
static void
test_request_bodies(void **state)
{
	json_t *doc = load();

	(void)state;
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *r = &http_routes[i];
		json_t *body = json_object_get(operation_of(doc, r), "requestBody");
		json_t *schema = json_object_get(json_object_get(json_object_get(body, "content"),
			"application/json"), "schema");

		if (body && r->body_max == 0)
			fail_msg("%s %s documents a body it does not take", r->method, r->pattern);
		if (schema && !json_is_false(json_object_get(schema, "additionalProperties")))
			fail_msg("%s %s: the body schema is not additionalProperties: false",
				r->method, r->pattern);
	}
	json_decref(doc);
}

/* Every 4xx answer of every operation is a problem (directly or by $ref). */
static void
test_problem_responses(void **state)
{
	json_t *doc = load();
	json_t *shared = json_object_get(json_object_get(doc, "components"), "responses");

	(void)state;
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *r = &http_routes[i];
		json_t *resps = json_object_get(operation_of(doc, r), "responses"), *v;
		const char *code;

		assert_non_null(resps);
		json_object_foreach(resps, code, v) {
			const char *ref = json_string_value(json_object_get(v, "$ref"));

			if (code[0] != '4')
				continue;
			if (ref && strncmp(ref, "#/components/responses/", 23) == 0)
				v = json_object_get(shared, ref + 23);
			if (!json_object_get(json_object_get(v, "content"), "application/problem+json"))
				fail_msg("%s %s: %s is not a problem", r->method, r->pattern, code);
		}
	}
	json_decref(doc);
}

/* Does the operation (or the document) let an anonymous caller in? */
static bool
anonymous_allowed(json_t *doc, json_t *op)
{
	json_t *sec = json_object_get(op, "security"), *req;
	size_t i;

	if (!sec)
		sec = json_object_get(doc, "security");
	json_array_foreach(sec, i, req)
		if (json_object_size(req) == 0)
			return true;
	return false;
}

/* AUTH_ANY routes, and only they, are open to anonymous callers. */
static void
test_security(void **state)
{
	json_t *doc = load();

	(void)state;
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *r = &http_routes[i];

		if (anonymous_allowed(doc, operation_of(doc, r)) != (r->auth == AUTH_ANY))
			fail_msg("%s %s: security does not match the route's auth", r->method,
				r->pattern);
	}
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_routes_documented),
		cmocka_unit_test(test_operations_routed),
		cmocka_unit_test(test_path_params),
		cmocka_unit_test(test_request_bodies),
		cmocka_unit_test(test_problem_responses),
		cmocka_unit_test(test_security),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
