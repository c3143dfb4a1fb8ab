/*
 * fuzz_http.c — libFuzzer target for the two parsers of `vigil serve` that
 * read request bytes before any service call: the router (router_match()
 * on a raw, still percent-encoded path) and the strict JSON decoder
 * (jsonin_decode()). The first input byte picks the parser and the method;
 * the rest is the path or the body. Besides memory errors it checks what
 * must hold for every input, and aborts otherwise: a matched route's
 * parameters are non-empty and hold no '/' or NUL; the decoder answers 0
 * with every required field set, or a 4xx problem with a body; nothing
 * leaks (LeakSanitizer in the libFuzzer build).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http/http.h"
#include "core/limits.h"

#include "core/banned.h"

static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};

static void
fuzz_router(unsigned char sel, const char *path, size_t len)
{
	char scratch[LIM_HTTP_PATH_MAX + HTTP_MAX_PARAMS + 1];
	const char *params[HTTP_MAX_PARAMS];
	size_t np = 0;
	int r;

	r = router_match(methods[sel % 6], path, scratch, sizeof(scratch), params, &np);
	if (r < -2 || r >= (int)http_nroutes)
		abort();
	if (r < 0)
		return;
	if (np > HTTP_MAX_PARAMS)
		abort();
	for (size_t i = 0; i < np; i++)
		if (!params[i][0] || strchr(params[i], '/') || strlen(params[i]) > len)
			abort();
}

static void
fuzz_json(const char *body, size_t len)
{
	const char *s = NULL;
	int b = -1;
	long long n = 7;
	struct strlist l = {0};
	const struct jfield f[] = {
		{"s", J_STR, true, &s},
		{"b", J_BOOL, false, &b},
		{"n", J_INT, false, &n},
		{"l", J_STRLIST, false, &l},
		{NULL, 0, false, NULL},
	};
	struct http_req req = {.method = "POST", .path = "/", .body = body, .body_len = len,
		.content_type = "application/json"};
	struct http_resp resp = {0};
	json_t *root = NULL;
	int rc;

	buf_init(&resp.body, LIM_OUTPUT_MAX);
	rc = jsonin_decode(&req, &resp, f, &root);
	if (rc == 0 && (!root || !s || b < -1 || b > 1))
		abort();
	if (rc != 0 && (root || rc < 400 || rc > 499 || resp.body.len == 0))
		abort();
	json_decref(root);
	strlist_release(&l);
	buf_release(&resp.body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1 || size > 65536)
		return 0;
	/* a NUL-terminated copy: the server hands both parsers C strings */
	if (!(s = malloc(size)))
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if (data[0] & 1)
		fuzz_json(s, size - 1);
	else
		fuzz_router((unsigned char)(data[0] >> 1), s, size - 1);
	free(s);
	return 0;
}
