/*
 * router.c — matching a request path against the route table (see
 * http.h). Paths are compared segment by segment; {name} segments match
 * one non-empty segment, percent-decoded, without '/' or NUL. Reads
 * untrusted paths; never allocates.
 */
#include "http/http.h"

#include <ctype.h>
#include <string.h>

#include "core/banned.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode segment [s, e) into out; -1 on a bad escape, NUL or '/'. */
static int
decode(const char *s, const char *e, char *out)
{
	size_t k = 0;

	for (; s < e; s++) {
		int c = (unsigned char)*s;

		if (c == '%') {
			int h, l;

			if (e - s < 3 || (h = hexval(s[1])) < 0 || (l = hexval(s[2])) < 0)
				return -1;
			c = h * 16 + l;
			s += 2;
		}
		if (c == 0 || c == '/')
			return -1;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	return k ? 0 : -1;
}

bool
router_fits(const char *pattern, const char *path, char *scratch, const char **params,
	size_t *np)
{
	size_t n = 0;

	while (*pattern && *path) {
		const char *pe, *se;

		if (*pattern != '/' || *path != '/')
			return false;
		pattern++;
		path++;
		pe = strchr(pattern, '/');
		se = strchr(path, '/');
		if (!pe)
			pe = pattern + strlen(pattern);
		if (!se)
			se = path + strlen(path);
		if (*pattern == '{') {
			if (n == HTTP_MAX_PARAMS || decode(path, se, scratch) < 0)
				return false;
			params[n++] = scratch;
			scratch += strlen(scratch) + 1;
		} else if ((size_t)(pe - pattern) != (size_t)(se - path) ||
		    strncmp(pattern, path, (size_t)(pe - pattern)) != 0) {
			return false;
		}
		pattern = pe;
		path = se;
	}
	if (*pattern || *path)
		return false;
	*np = n;
	return true;
}

int
router_match(const char *method, const char *path, char *scratch, size_t scratch_len,
	const char **params, size_t *ret_nparams)
{
	bool path_seen = false;

	/* every decoded parameter is shorter than the path itself */
	if (strlen(path) + HTTP_MAX_PARAMS + 1 > scratch_len)
		return -1;
	for (size_t i = 0; i < http_nroutes; i++) {
		if (!router_fits(http_routes[i].pattern, path, scratch, params, ret_nparams))
			continue;
		if (strcmp(http_routes[i].method, method) == 0)
			return (int)i;
		path_seen = true;
	}
	return path_seen ? -2 : -1;
}
