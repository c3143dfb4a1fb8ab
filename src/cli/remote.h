/*
 * remote.h — the HTTP client behind `vigil --server URL` (remote mode):
 * where the server and the API token come from (--server, $VIGIL_SERVER,
 * $VIGIL_TOKEN, the credentials file), and one libcurl handle that sends
 * requests to the JSON API of a `vigil serve` (docs/api.md). Everything a
 * server answers is untrusted: answers are size-capped, parsed strictly,
 * and cleaned of control characters before anything prints them; an error
 * answer contributes only its problem-details `field` and `detail`.
 * docs/internals/remote.md explains the design.
 */
#ifndef VIGIL_CLI_REMOTE_H
#define VIGIL_CLI_REMOTE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct remote;

/* bytes of an API token: "vgl_" and 64 hex digits today, room to grow */
#define REMOTE_TOKEN_MAX 128

/*
 * Decide between local and remote mode and set up the client. main.c
 * resolves the precedence of the command line and the environment:
 * server is --server or $VIGIL_SERVER (NULL: neither), server_from names
 * which ("--server", "VIGIL_SERVER") for messages, and may_use_file_server
 * says that nothing named a database either, so the server= line of the
 * credentials file may select remote mode.
 *
 * The token is $VIGIL_TOKEN (set but empty: none, anonymous), else the
 * token= line of the credentials file — which goes only to the server that
 * file names (or to any, when it names none).
 *
 * Returns 0 with *ret NULL (local mode) or a new client (remote mode;
 * remote_free it), or EXIT_FAIL after printing "vigil: ...: problem" for a
 * credentials file vigil refuses to read or a malformed URL or token.
 */
int remote_setup(const char *server, const char *server_from, bool may_use_file_server,
	struct remote **ret);

/*
 * A client for the server at url (http:// or https://, already checked by
 * remote_setup) sending token as a bearer token (NULL: anonymous). Both
 * strings are copied. $VIGIL_CA_FILE, when set, names a PEM file of CA
 * certificates to trust instead of the system's (a private CA); TLS
 * verification itself is never turned off. Returns 0, or ERR_NOMEM /
 * ERR_IO with d filled.
 */
int remote_new(const char *url, const char *token, struct remote **ret, struct errdetail *d);

/* Free r (NULL is fine); the token is wiped from memory. */
void remote_free(struct remote *r);

/*
 * Append "/" and seg, percent-encoded (only A-Z a-z 0-9 - _ ~ stay as they
 * are, so "." and ".." cannot become dot-segments), to path.
 */
void remote_path_add(struct buf *path, const char *seg);
/* Append "?name=value" (or "&name=value"), value percent-encoded but for
 * '/', which a query may hold as it is. */
void remote_query_add(struct buf *path, const char *name, const char *value);

/*
 * One request: method ("GET", "POST", "PATCH", "PUT", "DELETE") on path
 * (built with remote_path_add, beginning "/api/v1/"), with len bytes of
 * body of type ctype (NULL: no body).
 *
 * On a 2xx answer returns 0: with want_json, *ret_json is the answer
 * parsed (a new reference) and *ret_bytes is untouched; otherwise
 * *ret_bytes and *ret_len hold the raw answer (free() it). Either out-pointer
 * may be NULL when the caller does not want it.
 *
 * On a problem answer returns the negative err matching its status
 * (400 ERR_INVAL, 401 and 403 ERR_PERM, 404 ERR_NOTFOUND, 409
 * ERR_CONFLICT, 413 and 429 ERR_LIMIT, 5xx ERR_IO) with d holding the
 * problem's field and detail, cleaned — or empty when it has none (every
 * 404: the caller knows what was not found). A network, TLS, timeout,
 * size or format failure returns ERR_IO with d = ("server", what failed).
 */
int remote_call(struct remote *r, const char *method, const char *path, const char *ctype,
	const void *body, size_t len, bool want_json, json_t **ret_json, char **ret_bytes,
	size_t *ret_len, struct errdetail *d);

/*
 * Replace, in place, every control character (C0 but newline, carriage
 * return and tab, DEL, C1) in every string of j by '?'. vigil never stores such
 * characters, so this changes nothing a genuine server sends; it keeps a
 * hostile one from driving the terminal.
 */
void remote_clean_json(json_t *j);

#endif
