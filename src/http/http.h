/*
 * http.h — the HTTP front-end of vigil: requests as the router sees them,
 * responses as handlers build them, and the route table. Handlers decode
 * input strictly, call service/ and encode its answer; they hold no
 * permission logic. Everything here handles untrusted input.
 */
#ifndef VIGIL_HTTP_HTTP_H
#define VIGIL_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/limits.h"
#include "service/service.h"

#define HTTP_MAX_PARAMS 3

enum auth_need {
	AUTH_ANY,       /* anonymous is fine (the service filters) */
	AUTH_PERSON,    /* a signed-in person (session or token) */
	AUTH_SESSION,   /* a signed-in person with a browser session (not a token) */
};

/*
 * The names of vigil's two cookies, the session and the signed-out form
 * token (src/web/form.c). When they are Secure (vigil's own TLS, or
 * --secure-cookies behind a TLS proxy) they carry the __Host- prefix: a
 * browser keeps such a cookie only when it came over HTTPS from this very
 * host with Path=/ and no Domain, so a neighbouring host of the same site
 * cannot plant one here (cookie tossing), and vigil then reads only the
 * prefixed name.
 */
#define HTTP_SESSION_COOKIE(secure) ((secure) ? "__Host-vigil_session" : "vigil_session")
#define HTTP_CSRF_COOKIE(secure) ((secure) ? "__Host-vigil_csrf" : "vigil_csrf")

struct http_req {
	const char *method;
	const char *path;
	const char *params[HTTP_MAX_PARAMS];  /* {…} segments of the route, decoded */
	size_t nparams;
	const char *body;                     /* NUL-terminated; may hold NULs for uploads */
	size_t body_len;
	const char *content_type;             /* or NULL */
	const char *client_addr;              /* text form of the peer address */
	bool tls;                             /* served over vigil's own TLS */
	bool secure_cookies;                  /* cookies get Secure (TLS here or at a proxy) */
	struct svc *svc;                      /* the caller's service session */
	const char *db_path;                  /* for handlers that open sessions (login) */
	void *conn;                           /* struct MHD_Connection */
	/* web pages (src/web) */
	const char *csrf;                     /* the session's CSRF token, "" without one */
	bool via_session;                     /* signed in by the session cookie */
	void *web;                            /* state of the web layer (forms), or NULL */
};

struct http_resp {
	int status;
	const char *content_type;             /* static string */
	struct buf body;
	char set_cookie[256];                 /* "" = none */
	char disposition[320];                /* Content-Disposition, "" = none */
	const char *csp;                      /* static Content-Security-Policy, NULL =
	                                       * "default-src 'none'; frame-ancestors 'none'" */
	/* web pages (src/web) */
	char set_cookie2[256];                /* a second Set-Cookie, "" = none */
	char location[LIM_HTTP_PATH_MAX + 1]; /* Location (redirects), "" = none */
	const char *cache_control;            /* static; NULL = "no-store" */
};

typedef int (*http_handler)(struct http_req *req, struct http_resp *resp);

struct route {
	const char *method;
	const char *pattern;      /* "/api/v1/issues/{key}" */
	http_handler fn;
	size_t body_max;          /* 0: the request takes no body */
	enum auth_need auth;
	const char *operation;    /* OpenAPI operationId */
};

extern const struct route http_routes[];   /* routes.c */
extern const size_t http_nroutes;
extern const char http_openapi_json[];     /* openapi.json, embedded at build time */

/*
 * Match method and path against the table: the route index and its
 * parameters (pointers into a copy owned by scratch). -1 when no pattern
 * matches the path, -2 when a pattern matches but not the method.
 */
int router_match(const char *method, const char *path, char *scratch, size_t scratch_len,
	const char **params, size_t *ret_nparams);
/*
 * Does path fit pattern? Its parameters go to params (pointers into
 * scratch, which holds at least strlen(path) + HTTP_MAX_PARAMS + 1 bytes).
 */
bool router_fits(const char *pattern, const char *path, char *scratch, const char **params,
	size_t *ret_nparams);

/*
 * A second table of routes the server tries after the API's: the web pages
 * (src/web/web.h), handed to server_run() by `vigil serve`, so that http/
 * does not depend on web/. Route indexes are the site's own.
 */
struct http_site {
	/* like router_match() over the site's table */
	int (*match)(const char *method, const char *path, char *scratch, size_t scratch_len,
		const char **params, size_t *ret_nparams);
	/* what the server checks before reading the body of route i */
	size_t (*body_max)(int i);
	/* does route i compute a password hash (argon2id)? Those run a few at a
	 * time, like the API's login */
	bool (*costly)(int i);
	/* run route i on a complete request (forms, CSRF, sign-in need, handler);
	 * returns the status it put into resp */
	int (*run)(int i, struct http_req *req, struct http_resp *resp);
	/* an HTML error page for a request the server refused itself (no route,
	 * wrong method, body too long); req->svc may be NULL */
	int (*error)(struct http_req *req, struct http_resp *resp, int status);
};

/* --- responses (resp.c) --- */

/* Reply with JSON j (consumed) and status. */
int resp_json(struct http_resp *resp, int status, json_t *j);
/* RFC 9457 problem details for err and d; never echoes request input. */
int resp_problem(struct http_resp *resp, int err, const struct errdetail *d);
/* A problem with a fixed status, field and reason. */
int resp_error(struct http_resp *resp, int status, const char *field, const char *reason);
/* The HTTP status for a service error. */
int http_status_for(int err, const struct errdetail *d);

/* --- strict JSON input (jsonin.c) --- */

enum jtype { J_STR, J_BOOL, J_INT, J_STRLIST };

struct jfield {
	const char *name;
	enum jtype type;
	bool required;
	void *dst;   /* const char **, int * (bool: -1 absent, 0, 1), long long *, struct strlist * */
};

/*
 * Decode the request body as one JSON object holding only the given fields
 * (NULL-terminated): duplicate keys, unknown fields, wrong types, missing
 * required fields and a wrong Content-Type are refused with a problem that
 * names the field. The strings point into *ret_root, which the caller
 * json_decref()s. Returns 0 or the status already put into resp.
 */
int jsonin_decode(struct http_req *req, struct http_resp *resp, const struct jfield *fields,
	json_t **ret_root);

/* Look up a query-string argument (or NULL). */
const char *http_query(struct http_req *req, const char *name);
/* A query number: digits only, min..max, def when absent. 0, or -1 when
 * malformed or out of range (the caller names the parameter). */
int http_query_number(struct http_req *req, const char *name, long long def, long long min,
	long long max, long long *ret);

/* --- handlers the server side owns (api_auth.c, api_meta.c) --- */
int api_login(struct http_req *req, struct http_resp *resp);
int api_logout(struct http_req *req, struct http_resp *resp);
int api_me(struct http_req *req, struct http_resp *resp);
int api_password(struct http_req *req, struct http_resp *resp);
int api_totp_begin(struct http_req *req, struct http_resp *resp);
int api_totp_confirm(struct http_req *req, struct http_resp *resp);
int api_token_list(struct http_req *req, struct http_resp *resp);
int api_token_create(struct http_req *req, struct http_resp *resp);
int api_token_revoke(struct http_req *req, struct http_resp *resp);
int api_healthz(struct http_req *req, struct http_resp *resp);
int api_metrics(struct http_req *req, struct http_resp *resp);
int api_security_txt(struct http_req *req, struct http_resp *resp);
int api_openapi(struct http_req *req, struct http_resp *resp);

/* --- metrics (metrics.c) --- */
void metrics_count(size_t route, int status, double seconds);
void metrics_render(struct buf *out);
void metrics_connection(int delta);
/* The scheduler ran and published n issues. */
void metrics_tick(size_t published);
/* Render fn's lines (complete Prometheus text) at the end of
 * /metrics; for parts outside src/http, such as the mail sender thread
 * that cmd_serve.c starts. Call once, before server_run(). */
void metrics_set_extra(void (*fn)(struct buf *out, void *arg), void *arg);

/* --- the server (server.c) --- */
struct server_opts {
	const char *db_path;
	const char *listen;          /* "127.0.0.1:8080" or "[::1]:8080" */
	const char *tls_cert;        /* PEM paths, or NULL */
	const char *tls_key;
	unsigned tick_seconds;       /* scheduler interval; 0 = off */
	const char *security_txt;    /* file path or NULL */
	bool secure_cookies;         /* Secure cookies on plain HTTP (behind a TLS proxy) */
	const struct http_site *site; /* the web pages, or NULL */
	/* --trusted-proxy values (each an address or a comma-separated list),
	 * or NULL: peers whose X-Forwarded-For names the client (proxy.c) */
	const struct strlist *trusted_proxies;
};

/* Run until SIGTERM or SIGINT. Returns 0 or an err with d filled. */
int server_run(const struct server_opts *o, struct errdetail *d);

/* The security.txt body configured for this server (handlers read it). */
const char *server_security_txt(void);

/* --- trusted reverse proxies (proxy.c) --- */
struct proxy_set;   /* the parsed --trusted-proxy addresses */
/* Are values (each a numeric IPv4 or IPv6 address, or a comma-separated
 * list of them) good --trusted-proxy values? 0, or ERR_INVAL with d naming
 * "trusted-proxy". */
int proxy_check(const struct strlist *values, struct errdetail *d);
/* Parse values (NULL: none) into *ret, which proxy_set_free() frees; *ret
 * is NULL when there are none. 0, or ERR_INVAL / ERR_NOMEM with d filled. */
int proxy_set_new(const struct strlist *values, struct proxy_set **ret, struct errdetail *d);
void proxy_set_free(struct proxy_set *p);
/*
 * The client address of the request on conn (struct MHD_Connection) as
 * text in out (n bytes, NI_MAXHOST is enough): the TCP peer; when that is
 * in p, the right-most X-Forwarded-For address that is not in p, if it is a
 * numeric address. "unknown" when there is none.
 */
void proxy_client_addr(const struct proxy_set *p, void *conn, char *out, size_t n);

#endif
