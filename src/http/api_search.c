/*
 * api_search.c — GET /api/v1/search?q=: the dashboard's full-text search
 * (svc_search, docs/search.md) as JSON. The service searches only inside
 * what the caller may see; this handler reads the query and prints the
 * hits, with the snippet's match markers removed. Handles untrusted input
 * (the query string).
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "service/dashboard.h"
#include "core/banned.h"

/* The snippet as plain text: the match markers dropped. */
static json_t *
plain_snippet(const char *s)
{
	size_t n = strlen(s ? s : "");
	char *t = malloc(n + 1);
	size_t k = 0;
	json_t *j;

	if (!t)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] != SEARCH_HIT_MARK_OPEN && s[i] != SEARCH_HIT_MARK_CLOSE)
			t[k++] = s[i];
	t[k] = '\0';
	j = json_string(t);
	free(t);
	return j;
}

int
api_search(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct search_hit *hits = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_search(req->svc, http_query(req, "q"), &hits, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:o,s:b}", "key", hits[i].key,
			"title", hits[i].title, "state", state_name(hits[i].state), "snippet",
			plain_snippet(hits[i].snippet), "in_comment", hits[i].in_comment));
	search_hits_free(hits, n);
	return resp_json(resp, 200, a);
}
