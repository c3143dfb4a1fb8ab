/*
 * remote.c — the libcurl client of remote mode (see remote.h): one easy
 * handle, http and https only, no redirects, connect and total timeouts,
 * libcurl's TLS verification left at its defaults (on), answers capped at
 * LIM_REMOTE_RESPONSE_MAX bytes. Reads untrusted bytes from the network:
 * an answer is only ever parsed as strict JSON (or kept as opaque bytes
 * for a download); from an error answer nothing but the problem's `field`
 * and `detail` strings is kept, truncated and cleaned of control
 * characters. Never prints: callers report what it returns.
 */
#include "cli/remote.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/banned.h"

/* "Authorization: Bearer " and a token of at most REMOTE_TOKEN_MAX bytes */
#define AUTH_LINE_MAX (32 + REMOTE_TOKEN_MAX)

struct remote {
	CURL *curl;
	char *url;                    /* base URL, no trailing '/' */
	char *ca_file;                /* $VIGIL_CA_FILE: trust these CAs, or NULL */
	char auth[AUTH_LINE_MAX];     /* "Authorization: Bearer vgl_..." or "" */
};

int
remote_new(const char *url, const char *token, struct remote **ret, struct errdetail *d)
{
	static bool global_done;
	struct remote *r;
	const char *ca;

	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return err_set(d, ERR_IO, "server", "libcurl failed to start");
		global_done = true;
	}
	if (!(r = calloc(1, sizeof(*r))))
		return ERR_NOMEM;
	if (token && (size_t)snprintf(r->auth, sizeof(r->auth), "Authorization: Bearer %s",
	    token) >= sizeof(r->auth)) {
		free(r);
		return err_set(d, ERR_INVAL, "token", "is too long");
	}
	ca = getenv("VIGIL_CA_FILE");
	if (!(r->url = strdup(url)) || (ca && *ca && !(r->ca_file = strdup(ca))) ||
	    !(r->curl = curl_easy_init())) {
		remote_free(r);
		return err_set(d, ERR_NOMEM, "server", "cannot start a client");
	}
	*ret = r;
	return 0;
}

void
remote_free(struct remote *r)
{
	if (!r)
		return;
	if (r->curl)
		curl_easy_cleanup(r->curl);
	sodium_memzero(r->auth, sizeof(r->auth));
	free(r->url);
	free(r->ca_file);
	free(r);
}

/* --- paths ---------------------------------------------------------------- */

/* Append s percent-encoded; keep_slash leaves '/' as it is (legal in a
 * query, RFC 3986 section 3.4). */
static void
add_encoded(struct buf *b, const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '~' || (keep_slash && c == '/')) {
			buf_addc(b, (char)c);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

void
remote_path_add(struct buf *path, const char *seg)
{
	buf_addc(path, '/');
	add_encoded(path, seg, false);
}

void
remote_query_add(struct buf *path, const char *name, const char *value)
{
	buf_addc(path, strchr(buf_str(path), '?') ? '&' : '?');
	add_encoded(path, name, false);
	buf_addc(path, '=');
	/* '/' travels unencoded: vigil serve leaves %2F (and %25) undecoded in
	 * query values, so "net/bt" must be sent as it is to arrive as it is */
	add_encoded(path, value, true);
}

/* --- cleaning what the server sent ----------------------------------------- */

/* s with every control character replaced by '?' (a new string), or NULL
 * when s has none. s is valid UTF-8 (jansson checked it). */
static char *
cleaned(const char *s, size_t len)
{
	bool bad = false;
	char *out;
	size_t k = 0;

	for (size_t i = 0; i < len && !bad; i++) {
		unsigned char c = (unsigned char)s[i];

		bad = (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f ||
		    (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f);
	}
	if (!bad || !(out = malloc(len + 1)))
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f) {
			out[k++] = '?';
			i++;
		} else if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f) {
			out[k++] = '?';
		} else {
			out[k++] = (char)c;
		}
	}
	out[k] = '\0';
	return out;
}

void
remote_clean_json(json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;
	char *c;

	if (json_is_string(j)) {
		if ((c = cleaned(json_string_value(j), json_string_length(j)))) {
			json_string_set(j, c);
			free(c);
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			remote_clean_json(v);
	} else if (json_is_object(j)) {
		json_object_foreach(j, key, v)
			remote_clean_json(v);
	}
}

/* Copy a problem's string member into dst (cleaned, truncated), on one
 * line: an error message is one line whatever the server sent. */
static void
problem_str(json_t *o, const char *name, char *dst, size_t n)
{
	json_t *v = json_object_get(o, name);

	if (!json_is_string(v))
		return;
	snprintf(dst, n, "%s", json_string_value(v));
	for (char *p = dst; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
}

/* Are all object keys in j free of control characters? (vigil's are
 * plain ASCII names; keys cannot be cleaned in place, so others are
 * refused.) */
static bool
keys_ok(json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			if (!keys_ok(v))
				return false;
	} else if (json_is_object(j)) {
		json_object_foreach(j, key, v) {
			for (const unsigned char *p = (const unsigned char *)key; *p; p++)
				if (*p < 0x20 || *p >= 0x7f)
					return false;
			if (!keys_ok(v))
				return false;
		}
	}
	return true;
}

/* --- one request ------------------------------------------------------------ */

struct answer {
	struct buf body;
	bool too_big;
};

static size_t
on_data(char *data, size_t size, size_t n, void *cls)
{
	struct answer *a = cls;

	buf_add(&a->body, data, size * n);
	if (buf_err(&a->body)) {
		a->too_big = buf_err(&a->body) == ERR_LIMIT;
		return 0; /* stops the transfer: CURLE_WRITE_ERROR */
	}
	return size * n;
}

/* A transfer that failed before an HTTP answer: say what, in words of our
 * own (libcurl's message names the failure, never server bytes). */
static int
transport_error(CURLcode cc, const struct answer *a, struct errdetail *d)
{
	switch (cc) {
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (a->too_big || cc == CURLE_FILESIZE_EXCEEDED)
			return err_setf(d, ERR_IO, "server", "sent an answer larger than %d bytes",
				LIM_REMOTE_RESPONSE_MAX);
		return err_set(d, ERR_IO, "server", "the answer could not be stored (out of memory)");
	case CURLE_COULDNT_RESOLVE_HOST:
		return err_set(d, ERR_IO, "server", "cannot resolve the host name of the URL");
	case CURLE_COULDNT_CONNECT:
		return err_set(d, ERR_IO, "server", "cannot connect (is 'vigil serve' running there?)");
	case CURLE_OPERATION_TIMEDOUT:
		return err_setf(d, ERR_IO, "server", "did not answer in time (%d s to connect, "
			"%d s in all)", LIM_REMOTE_CONNECT_SECONDS, LIM_REMOTE_TIMEOUT_SECONDS);
	case CURLE_UNSUPPORTED_PROTOCOL:
		return err_set(d, ERR_IO, "server", "the URL must be http:// or https://");
	case CURLE_PEER_FAILED_VERIFICATION:
		return err_set(d, ERR_IO, "server", "TLS: the server's certificate does not verify "
			"(unknown issuer, expired, or not for this host name)");
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
		return err_set(d, ERR_IO, "server", "TLS: the CA certificates ($VIGIL_CA_FILE, "
			"or the system's) cannot be read");
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_USE_SSL_FAILED:
		return err_setf(d, ERR_IO, "server", "TLS: %s", curl_easy_strerror(cc));
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_PARTIAL_FILE:
		return err_setf(d, ERR_IO, "server", "the connection failed: %s",
			curl_easy_strerror(cc));
	default:
		return err_setf(d, ERR_IO, "server", "the request failed: %s",
			curl_easy_strerror(cc));
	}
}

static int
status_err(long status)
{
	switch (status) {
	case 401:
	case 403:
		return ERR_PERM;
	case 404:
		return ERR_NOTFOUND;
	case 409:
		return ERR_CONFLICT;
	case 413:
	case 429:
		return ERR_LIMIT;
	default:
		return status >= 500 ? ERR_IO : ERR_INVAL;
	}
}

/* Is ct (or NULL) the media type want, parameters allowed? */
static bool
media_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' ||
		ct[n] == ' ');
}

/* Parse len bytes as one strict JSON document (cleaned), or NULL. */
static json_t *
parse_json(const char *data, size_t len)
{
	json_error_t jerr;
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);

	if (j && !keys_ok(j)) {
		json_decref(j);
		return NULL;
	}
	if (j)
		remote_clean_json(j);
	return j;
}

/* An answer that is not 2xx: the err for its status, with the problem's
 * field and detail when it is a problem document. */
static int
error_answer(long status, const char *ct, const struct answer *a, struct errdetail *d)
{
	int err = status_err(status);
	json_t *p = NULL;

	err_clear(d);
	if (status >= 300 && status < 400)
		return err_setf(d, ERR_IO, "server", "answered with a redirect (HTTP %ld); vigil "
			"follows none: give the server's final URL", status);
	if (status < 200)
		return err_setf(d, ERR_IO, "server", "answered HTTP %ld", status);
	if (media_is(ct, "application/problem+json") || media_is(ct, "application/json"))
		p = parse_json(buf_str(&a->body), a->body.len);
	if (json_is_object(p)) {
		problem_str(p, "field", d->field, sizeof(d->field));
		problem_str(p, "detail", d->reason, sizeof(d->reason));
	}
	json_decref(p);
	if (!d->field[0] && !d->reason[0] && status >= 500)
		err_setf(d, err, "server", "failed (HTTP %ld)", status);
	else if (!d->field[0] && !d->reason[0] && !p && status != 404)
		err_setf(d, err, "server", "refused the request (HTTP %ld) without saying why",
			status);
	return err;
}

/* Set up the handle for one request; *headers is built here, freed by the caller. */
static int
prepare(struct remote *r, const char *method, const char *url, const char *ctype,
	const void *body, size_t len, struct answer *a, struct curl_slist **headers)
{
	char ctline[96];
	/* "Expect:" and an empty "Content-Type:" remove what libcurl would add */
	const char *lines[] = {"Accept: application/json, application/problem+json", ctline,
		"Expect:", r->auth[0] ? r->auth : NULL};
	CURL *c = r->curl;
	CURLcode cc = CURLE_OK;

	curl_easy_reset(c);
	snprintf(ctline, sizeof(ctline), "Content-Type:%s%s", ctype ? " " : "",
		ctype ? ctype : "");
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct curl_slist *t;

		if (!lines[i])
			continue;
		if (!(t = curl_slist_append(*headers, lines[i])))
			return ERR_NOMEM;
		*headers = t;
	}
#define SET(opt, val) do { if (cc == CURLE_OK) cc = curl_easy_setopt(c, opt, val); } while (0)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_PATH_AS_IS, 1L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, (long)LIM_REMOTE_CONNECT_SECONDS);
	SET(CURLOPT_TIMEOUT, (long)LIM_REMOTE_TIMEOUT_SECONDS);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)LIM_REMOTE_RESPONSE_MAX);
	/* another trust anchor, never less verification */
	if (r->ca_file)
		SET(CURLOPT_CAINFO, r->ca_file);
	SET(CURLOPT_USERAGENT, "vigil/" VIGIL_VERSION);
	SET(CURLOPT_HTTPHEADER, *headers);
	SET(CURLOPT_WRITEFUNCTION, on_data);
	SET(CURLOPT_WRITEDATA, a);
	if (strcmp(method, "GET") == 0) {
		SET(CURLOPT_HTTPGET, 1L);
	} else {
		/* POSTFIELDS with an explicit size sends bytes as they are, NULs too */
		SET(CURLOPT_POST, 1L);
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? len : 0));
		SET(CURLOPT_POSTFIELDS, body ? body : "");
		if (strcmp(method, "POST") != 0)
			SET(CURLOPT_CUSTOMREQUEST, method);
	}
#undef SET
	return cc == CURLE_OK ? 0 : ERR_IO;
}

int
remote_call(struct remote *r, const char *method, const char *path, const char *ctype,
	const void *body, size_t len, bool want_json, json_t **ret_json, char **ret_bytes,
	size_t *ret_len, struct errdetail *d)
{
	struct answer a = {.too_big = false};
	struct curl_slist *headers = NULL;
	struct buf url;
	const char *ct = NULL;
	long status = 0;
	CURLcode cc;
	json_t *j;
	int rc;

	buf_init(&a.body, LIM_REMOTE_RESPONSE_MAX);
	buf_init(&url, LIM_REMOTE_URL_MAX + LIM_HTTP_PATH_MAX);
	buf_adds(&url, r->url);
	buf_adds(&url, path);
	if (buf_err(&url)) {
		/* longer than any server accepts: it would answer 404 */
		rc = ERR_NOTFOUND;
		err_clear(d);
		goto out;
	}
	if ((rc = prepare(r, method, buf_str(&url), ctype, body, len, &a, &headers)) < 0) {
		err_set(d, rc, "server", "cannot set up the request");
		goto out;
	}
	if ((cc = curl_easy_perform(r->curl)) != CURLE_OK) {
		rc = transport_error(cc, &a, d);
		goto out;
	}
	curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(r->curl, CURLINFO_CONTENT_TYPE, &ct);
	if (status < 200 || status > 299) {
		rc = error_answer(status, ct, &a, d);
		goto out;
	}
	if (!want_json) {
		if (ret_len)
			*ret_len = a.body.len;
		if (ret_bytes && !(*ret_bytes = buf_detach(&a.body)))
			rc = err_set(d, ERR_NOMEM, "server", "the answer could not be stored");
		goto out;
	}
	if (!media_is(ct, "application/json") || !(j = parse_json(buf_str(&a.body), a.body.len))) {
		rc = err_setf(d, ERR_IO, "server", "answered HTTP %ld with something that is not "
			"JSON (is the URL that of a 'vigil serve'?)", status);
		goto out;
	}
	if (ret_json)
		*ret_json = j;
	else
		json_decref(j);
out:
	curl_slist_free_all(headers);
	buf_release(&a.body);
	buf_release(&url);
	return rc;
}
