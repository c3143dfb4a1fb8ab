/*
 * test_jsonin.c — unit tests of the strict request decoder
 * (src/http/jsonin.c), the problem bodies (src/http/resp.c) and the router
 * (src/http/router.c with the route table of routes.c). The decoder takes
 * one JSON object of declared fields and refuses, with a problem naming
 * the field, an unknown field, a duplicate key, a wrong type, a missing
 * required field, a wrong Content-Type (415), a body nested too deeply and
 * anything that is not an object; problems never echo request bytes, and
 * every 404 is the same bytes. The router tells a path that exists with
 * another method (-2, 405) from one that does not (-1, 404).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/limits.h"
#include "http/http.h"
#include "model/objects.h"
#include "core/banned.h"

struct fx {
	struct http_req req;
	struct http_resp resp;
	const char *title;
	int flag;
	long long n;
	struct strlist list;
	json_t *root;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	buf_init(&f->resp.body, LIM_OUTPUT_MAX);
	f->req.method = "POST";
	f->req.content_type = "application/json";
	f->n = 7;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	json_decref(f->root);
	strlist_release(&f->list);
	buf_release(&f->resp.body);
	free(f);
	return 0;
}

/* Decode body against {title (required), flag, n, list}. */
static int
decode(struct fx *f, const char *body)
{
	const struct jfield fields[] = {
		{"title", J_STR, true, &f->title},
		{"flag", J_BOOL, false, &f->flag},
		{"n", J_INT, false, &f->n},
		{"list", J_STRLIST, false, &f->list},
		{NULL, 0, false, NULL},
	};

	f->req.body = body;
	f->req.body_len = strlen(body);
	json_decref(f->root);
	f->root = NULL;
	return jsonin_decode(&f->req, &f->resp, fields, &f->root);
}

/* The problem in the response: its status, field and detail checked. */
static void
assert_problem(struct fx *f, int status, const char *field, const char *detail_part)
{
	json_error_t e;
	json_t *p = json_loads(buf_str(&f->resp.body), 0, &e);

	assert_non_null(p);
	assert_int_equal(f->resp.status, status);
	assert_string_equal(f->resp.content_type, "application/problem+json");
	assert_string_equal(json_string_value(json_object_get(p, "type")), "about:blank");
	assert_int_equal(json_integer_value(json_object_get(p, "status")), status);
	assert_non_null(json_string_value(json_object_get(p, "title")));
	if (field)
		assert_string_equal(json_string_value(json_object_get(p, "field")), field);
	if (detail_part)
		assert_non_null(strstr(json_string_value(json_object_get(p, "detail")),
			detail_part));
	json_decref(p);
	assert_null(f->root);
}

static void
test_good(void **state)
{
	struct fx *f = *state;

	assert_int_equal(decode(f, "{\"title\": \"SEC \\u00e9\", \"flag\": true, \"n\": -3, "
		"\"list\": [\"a\", \"b\"]}"), 0);
	assert_non_null(f->root);
	assert_string_equal(f->title, "SEC \xc3\xa9");
	assert_int_equal(f->flag, 1);
	assert_int_equal(f->n, -3);
	assert_int_equal(f->list.n, 2);
	assert_string_equal(f->list.v[1], "b");
}

static void
test_absent_optional(void **state)
{
	struct fx *f = *state;

	assert_int_equal(decode(f, "{\"title\": \"x\"}"), 0);
	assert_int_equal(f->flag, -1);   /* absent */
	assert_int_equal(f->n, 7);       /* the caller's default stays */
	assert_int_equal(f->list.n, 0);
	f->req.content_type = "Application/JSON ; charset=utf-8";
	assert_int_equal(decode(f, "{\"title\": \"x\", \"flag\": false}"), 0);
	assert_int_equal(f->flag, 0);
}

static void
test_empty_body(void **state)
{
	struct fx *f = *state;
	const struct jfield none[] = {{NULL, 0, false, NULL}};

	/* an empty body is {}: fine when nothing is required... */
	f->req.content_type = NULL;
	f->req.body = "";
	f->req.body_len = 0;
	assert_int_equal(jsonin_decode(&f->req, &f->resp, none, &f->root), 0);
	/* ...and names the missing field otherwise */
	assert_int_equal(decode(f, ""), 400);
	assert_problem(f, 400, "title", "is required");
	/* {} is fine for a route that takes no fields, anything else is not */
	f->req.content_type = "application/json";
	f->req.body = "{}";
	f->req.body_len = 2;
	assert_int_equal(jsonin_decode(&f->req, &f->resp, none, &f->root), 0);
	json_decref(f->root);
	f->root = NULL;
	f->req.body = "{\"x\":1}";
	f->req.body_len = 7;
	assert_int_equal(jsonin_decode(&f->req, &f->resp, none, &f->root), 400);
	assert_problem(f, 400, "body", "takes none");
}

static void
test_unknown_field(void **state)
{
	struct fx *f = *state;

	assert_int_equal(decode(f, "{\"title\": \"x\", \"<script>evil\": 1}"), 400);
	assert_problem(f, 400, "body", "allowed: title, flag, n, list");
	/* the unknown key is not echoed */
	assert_null(strstr(buf_str(&f->resp.body), "script"));
	assert_null(strstr(buf_str(&f->resp.body), "evil"));
}

static void
test_duplicate_key(void **state)
{
	struct fx *f = *state;

	assert_int_equal(decode(f, "{\"title\": \"a\", \"title\": \"b\"}"), 400);
	assert_problem(f, 400, "title", "twice");
	/* a duplicate the route does not know is named as the body */
	assert_int_equal(decode(f, "{\"title\": \"a\", \"zz\": 1, \"zz\": 2}"), 400);
	assert_problem(f, 400, "body", "twice");
	assert_null(strstr(buf_str(&f->resp.body), "zz"));
}

static void
test_wrong_type(void **state)
{
	struct fx *f = *state;

	assert_int_equal(decode(f, "{\"title\": 12}"), 400);
	assert_problem(f, 400, "title", "must be a string");
	assert_int_equal(decode(f, "{\"title\": null}"), 400);
	assert_problem(f, 400, "title", "must be a string");
	assert_int_equal(decode(f, "{\"title\": \"x\", \"flag\": \"yes\"}"), 400);
	assert_problem(f, 400, "flag", "true or false");
	assert_int_equal(decode(f, "{\"title\": \"x\", \"n\": 1.5}"), 400);
	assert_problem(f, 400, "n", "integer");
	assert_int_equal(decode(f, "{\"title\": \"x\", \"list\": [\"a\", 2]}"), 400);
	assert_problem(f, 400, "list", "array of strings");
	assert_int_equal(f->list.n, 0);   /* nothing half-filled */
	assert_int_equal(decode(f, "{\"title\": \"x\", \"list\": \"a\"}"), 400);
	assert_problem(f, 400, "list", "array of strings");
}

static void
test_missing_required(void **state)
{
	struct fx *f = *state;

	assert_int_equal(decode(f, "{\"flag\": true, \"list\": [\"a\"]}"), 400);
	assert_problem(f, 400, "title", "is required");
	assert_int_equal(f->list.n, 0);
}

static void
test_content_type(void **state)
{
	struct fx *f = *state;

	f->req.content_type = "text/plain";
	assert_int_equal(decode(f, "{\"title\": \"x\"}"), 415);
	assert_problem(f, 415, "Content-Type", "application/json");
	f->req.content_type = NULL;
	assert_int_equal(decode(f, "{\"title\": \"x\"}"), 415);
	f->req.content_type = "application/jsonp";
	assert_int_equal(decode(f, "{\"title\": \"x\"}"), 415);
	f->req.content_type = "application/x-www-form-urlencoded";
	assert_int_equal(decode(f, "title=x"), 415);
}

static void
test_too_deep(void **state)
{
	struct fx *f = *state;
	char body[256] = "{\"list\": ";
	size_t k = strlen(body);

	for (int i = 0; i < LIM_JSON_DEPTH; i++)
		body[k++] = '[';
	for (int i = 0; i < LIM_JSON_DEPTH; i++)
		body[k++] = ']';
	body[k++] = '}';
	body[k] = '\0';
	assert_int_equal(decode(f, body), 400);
	assert_problem(f, 400, "body", "nested too deeply");
	/* brackets inside strings do not count */
	assert_int_equal(decode(f, "{\"title\": \"[[[[[[[[[[[[[[[[{{{{{{{{{{\"}"), 0);
}

static void
test_not_an_object(void **state)
{
	struct fx *f = *state;

	assert_int_equal(decode(f, "[1, 2]"), 400);
	assert_problem(f, 400, "body", "JSON object");
	assert_int_equal(decode(f, "\"title\""), 400);
	assert_problem(f, 400, "body", NULL);
	assert_int_equal(decode(f, "{\"title\": \"x\"} {}"), 400);
	assert_problem(f, 400, "body", "not valid JSON");
	assert_int_equal(decode(f, "{\"title\": 'secretvalue'}"), 400);
	assert_problem(f, 400, "body", "not valid JSON");
	assert_null(strstr(buf_str(&f->resp.body), "secretvalue"));
	assert_int_equal(decode(f, "{\"title\": \"a\\u0000b\"}"), 400);
	assert_problem(f, 400, "body", NULL);
}

static void
test_not_found_is_one_body(void **state)
{
	struct fx *f = *state;
	struct errdetail d1 = {0}, d2 = {0};
	char *first;

	err_set(&d1, ERR_NOTFOUND, "issue", "SEC-1 is hidden");
	err_set(&d2, ERR_NOTFOUND, "attachment", "not found");
	assert_int_equal(resp_problem(&f->resp, ERR_NOTFOUND, &d1), 404);
	first = strdup(buf_str(&f->resp.body));
	assert_int_equal(resp_problem(&f->resp, ERR_NOTFOUND, &d2), 404);
	assert_string_equal(first, buf_str(&f->resp.body));
	assert_int_equal(resp_error(&f->resp, 404, "x", "y"), 404);
	assert_string_equal(first, buf_str(&f->resp.body));
	assert_int_equal(resp_problem(&f->resp, ERR_NOTFOUND, NULL), 404);
	assert_string_equal(first, buf_str(&f->resp.body));
	assert_null(strstr(first, "SEC-1"));
	free(first);
}

static void
test_status_table(void **state)
{
	struct fx *f = *state;
	struct errdetail d = {0};

	assert_int_equal(http_status_for(ERR_INVAL, NULL), 400);
	assert_int_equal(http_status_for(ERR_NOTFOUND, NULL), 404);
	assert_int_equal(http_status_for(ERR_PERM, NULL), 403);
	assert_int_equal(http_status_for(ERR_CONFLICT, NULL), 409);
	assert_int_equal(http_status_for(ERR_LIMIT, NULL), 413);
	assert_int_equal(http_status_for(ERR_NOMEM, NULL), 500);
	assert_int_equal(http_status_for(ERR_IO, NULL), 500);
	assert_int_equal(http_status_for(ERR_DB, NULL), 500);
	assert_int_equal(http_status_for(ERR_INTEGRITY, NULL), 500);
	err_set(&d, ERR_LIMIT, "login", "too many failed attempts");
	assert_int_equal(http_status_for(ERR_LIMIT, &d), 429);
	err_set(&d, ERR_CONFLICT, "state", "needs a linked fix");
	assert_int_equal(resp_problem(&f->resp, ERR_CONFLICT, &d), 409);
	assert_problem(f, 409, "state", "needs a linked fix");
	/* a server error keeps its detail out of the body */
	err_set(&d, ERR_DB, "db", "cannot read table secrets");
	assert_int_equal(resp_problem(&f->resp, ERR_DB, &d), 500);
	assert_null(strstr(buf_str(&f->resp.body), "secrets"));
}

/* The index of the route with method and pattern. */
static int
route_of(const char *method, const char *pattern)
{
	for (size_t i = 0; i < http_nroutes; i++)
		if (strcmp(http_routes[i].method, method) == 0 &&
		    strcmp(http_routes[i].pattern, pattern) == 0)
			return (int)i;
	return -100;
}

static int
match(const char *method, const char *path, const char **params, size_t *np)
{
	static char scratch[LIM_HTTP_PATH_MAX + HTTP_MAX_PARAMS + 1];

	return router_match(method, path, scratch, sizeof(scratch), params, np);
}

static void
test_router(void **state)
{
	const char *p[HTTP_MAX_PARAMS];
	size_t np = 99;

	(void)state;
	assert_int_equal(match("GET", "/api/v1/issues", p, &np), route_of("GET", "/api/v1/issues"));
	assert_int_equal(np, 0);
	assert_int_equal(match("GET", "/api/v1/issues/SEC-12", p, &np),
		route_of("GET", "/api/v1/issues/{key}"));
	assert_int_equal(np, 1);
	assert_string_equal(p[0], "SEC-12");
	/* the literal route wins over {key} */
	assert_int_equal(match("GET", "/api/v1/issues/counts", p, &np),
		route_of("GET", "/api/v1/issues/counts"));
	assert_int_equal(match("POST", "/api/v1/cves/reserve", p, &np),
		route_of("POST", "/api/v1/cves/reserve"));
	/* parameters are percent-decoded; two of them */
	assert_int_equal(match("GET", "/api/v1/issues/SEC%2d3/attachments/42", p, &np),
		route_of("GET", "/api/v1/issues/{key}/attachments/{id}"));
	assert_int_equal(np, 2);
	assert_string_equal(p[0], "SEC-3");
	assert_string_equal(p[1], "42");
	assert_int_equal(match("PUT", "/api/v1/issues/SEC-3/backports/v3.7.0", p, &np),
		route_of("PUT", "/api/v1/issues/{key}/backports/{release}"));
	assert_string_equal(p[1], "v3.7.0");
	/* the path exists, the method does not: 405 */
	assert_int_equal(match("DELETE", "/api/v1/issues", p, &np), -2);
	assert_int_equal(match("PUT", "/api/v1/issues/SEC-1/comments", p, &np), -2);
	assert_int_equal(match("GET", "/api/v1/cvss", p, &np), -2);
	/* no such path: 404 */
	assert_int_equal(match("GET", "/api/v1/nothing", p, &np), -1);
	assert_int_equal(match("GET", "/api/v1/issues/SEC-1/nothing", p, &np), -1);
	assert_int_equal(match("GET", "/api/v1/issues/", p, &np), -1);
	assert_int_equal(match("GET", "/api/v1/issues//comments", p, &np), -1);
	assert_int_equal(match("GET", "/api/v1/issues/SEC-1/comments/", p, &np), -1);
	assert_int_equal(match("GET", "/api/v1/issues/a%2Fb", p, &np), -1);
	assert_int_equal(match("GET", "/api/v1/issues/a%00b", p, &np), -1);
	assert_int_equal(match("GET", "/api/v1/issues/a%zz", p, &np), -1);
	assert_int_equal(match("GET", "api/v1/issues", p, &np), -1);
}

static void
test_route_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *r = &http_routes[i];

		assert_non_null(r->fn);
		assert_non_null(r->operation);
		/* a GET or DELETE takes no body; a change that does has a limit */
		if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "DELETE") == 0)
			assert_int_equal(r->body_max, 0);
		else
			assert_true(r->body_max > 0);
		for (size_t k = 0; k < i; k++) {
			assert_string_not_equal(http_routes[k].operation, r->operation);
			assert_false(strcmp(http_routes[k].method, r->method) == 0 &&
				strcmp(http_routes[k].pattern, r->pattern) == 0);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absent_optional, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_content_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_deep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_an_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found_is_one_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_table, setup, teardown),
		cmocka_unit_test(test_router),
		cmocka_unit_test(test_route_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
