/*
 * server.c — `vigil serve`: the libmicrohttpd daemon. It accepts
 * connections within the limits of core/limits.h, matches each request
 * against the route table, refuses an over-long body before reading it,
 * signs the caller in (bearer token, or session cookie plus CSRF header for
 * changes), hands the handler an opened service session, and sends the
 * answer with the security headers every response carries. It also runs the
 * scheduler (svc_tick) on an interval and stops gracefully on SIGTERM.
 * Everything here reads untrusted bytes; it never decides permissions
 * (service/ does) and never echoes request input.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/limits.h"
#include "core/log.h"
#include "service/service.h"
#include "core/banned.h"


/* One request in flight: its route, its body so far, its timing. */
struct reqstate {
	int route;                     /* index, -1 no path, -2 no method */
	const char *params[HTTP_MAX_PARAMS];
	size_t nparams;
	char scratch[LIM_HTTP_PATH_MAX + HTTP_MAX_PARAMS + 1];
	struct buf body;
	bool begun;                    /* the first call of the handler was made */
	bool answered;                 /* refused before the body was read */
	bool path_too_long;
	struct svc *svc;               /* the caller, signed in before the body is read */
	bool web;                      /* route is an index into the site (web pages) */
	bool via_session;              /* signed in by the session cookie */
	char csrf[SVC_TOKEN_MAX];      /* that session's CSRF token (web forms check it) */
	size_t buffered;               /* body bytes counted in srv.buffered */
	char path[LIM_HTTP_PATH_MAX + 1]; /* the path as sent, still percent-encoded */
	struct timespec start;
};

static struct {
	const struct server_opts *o;
	char *security_txt;
	atomic_int inflight;
	atomic_size_t buffered;        /* request body bytes held, all requests */
	sem_t logins;                  /* sign-ins being computed at once */
	struct proxy_set *proxies;     /* --trusted-proxy addresses, or NULL */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

const char *
server_security_txt(void)
{
	return srv.security_txt;
}

const char *
http_query(struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

static double
elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The client's address as text: the TCP peer, or the client a trusted
 * proxy forwarded for (proxy.c). */
static void
client_addr(struct MHD_Connection *c, char *out, size_t n)
{
	proxy_client_addr(srv.proxies, c, out, n);
}

/* The value of cookie name in the Cookie header, or NULL. */
static const char *
cookie(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_COOKIE_KIND, name);
}

/* Do cookies get Secure (and the __Host- prefix)? With vigil's own TLS, or
 * --secure-cookies behind a TLS proxy. */
static bool
cookies_secure(void)
{
	return srv.o->tls_cert != NULL || srv.o->secure_cookies;
}

static bool
is_safe_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/*
 * Sign the caller in: a bearer token, else a session cookie (with the CSRF
 * header for changes), else anonymous. Returns 0 with *ret set, or an HTTP
 * status with the problem already in resp.
 */
static int
authenticate(struct MHD_Connection *c, const char *method, const struct route *r,
	struct reqstate *rs, struct http_resp *resp, struct svc **ret)
{
	const char *authz = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	const char *sess = cookie(c, HTTP_SESSION_COOKIE(cookies_secure()));
	char csrf[SVC_TOKEN_MAX] = "";
	struct errdetail d = {0};
	struct svc *svc = NULL;
	bool via_session = false;
	int rc = ERR_PERM;   /* no session looked up yet */

	if (authz) {
		if (strncmp(authz, "Bearer ", 7) != 0 ||
		    svc_open_token(srv.o->db_path, authz + 7, &svc, &d) < 0)
			return resp_error(resp, 401, "authorization", "the token is unknown, "
				"expired or revoked");
	} else if (sess && (rs->web || r->fn != api_login) &&
	    (rc = svc_open_session(srv.o->db_path, sess, &svc, csrf, &d)) == 0) {
		/* (signing in again ignores the old session: it needs no CSRF token) */
		via_session = true;
	} else if (sess && (rs->web || r->fn != api_login) && rc != ERR_PERM) {
		/* the session could not be checked (database trouble): answering as
		 * if signed out would show a signed-in person a wrong page */
		return resp_problem(resp, rc, &d);
	} else if ((rc = svc_open(srv.o->db_path, NULL, &svc, &d)) < 0) {
		return resp_problem(resp, rc, &d);
	}
	/* web forms carry the token in a field of the body: the site checks
	 * it once the body is read, before the handler runs */
	if (rs->web) {
		rs->via_session = via_session;
		if (via_session)
			memcpy(rs->csrf, csrf, sizeof(rs->csrf));
	} else if (via_session && !is_safe_method(method)) {
		const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");

		if (!h || strlen(h) != strlen(csrf) || sodium_memcmp(h, csrf, strlen(csrf)) != 0) {
			svc_close(svc);
			sodium_memzero(csrf, sizeof(csrf));
			return resp_error(resp, 403, "X-CSRF-Token", "is missing or wrong");
		}
	}
	sodium_memzero(csrf, sizeof(csrf));
	if (!rs->web && ((r->auth == AUTH_PERSON && svc->me.id == 0) ||
	    (r->auth == AUTH_SESSION && !via_session))) {
		svc_close(svc);
		return resp_error(resp, 401, "auth", r->auth == AUTH_SESSION ?
			"needs a signed-in session" : "needs a signed-in person");
	}
	*ret = svc;
	return 0;
}

static enum MHD_Result
add_header(struct MHD_Response *r, const char *name, const char *value)
{
	return MHD_add_response_header(r, name, value);
}

/* A response body handed to libmicrohttpd, wiped when it is done with it:
 * bodies carry session tokens, API tokens and recovery codes. */
struct sent_body {
	char *data;
	size_t len;
};

static void
wipe_body(void *cls)
{
	struct sent_body *b = cls;

	sodium_memzero(b->data, b->len);
	free(b->data);
	free(b);
}

/* Send resp with the headers every answer carries. */
static enum MHD_Result
send_resp(struct MHD_Connection *c, struct http_resp *resp, bool tls)
{
	struct MHD_Response *r;
	struct sent_body *b;
	enum MHD_Result ret;

	if (buf_err(&resp->body)) {
		buf_reset(&resp->body);
		resp_error(resp, 500, "response", "could not be built");
	}
	if (!(b = calloc(1, sizeof(*b))))
		return MHD_NO;
	b->len = resp->body.len;
	if (!(b->data = buf_detach(&resp->body))) {
		free(b);
		return MHD_NO;
	}
	r = MHD_create_response_from_buffer_with_free_callback_cls(b->len, b->data, wipe_body,
		b);
	if (!r) {
		wipe_body(b);
		return MHD_NO;
	}
	add_header(r, "Content-Type", resp->content_type ? resp->content_type :
		"application/json");
	add_header(r, "X-Content-Type-Options", "nosniff");
	add_header(r, "Cache-Control", resp->cache_control ? resp->cache_control : "no-store");
	add_header(r, "Content-Security-Policy", resp->csp ? resp->csp :
		"default-src 'none'; frame-ancestors 'none'");
	add_header(r, "X-Frame-Options", "DENY");
	add_header(r, "Referrer-Policy", "no-referrer");
	if (tls)
		add_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (resp->set_cookie[0])
		add_header(r, "Set-Cookie", resp->set_cookie);
	if (resp->set_cookie2[0])
		add_header(r, "Set-Cookie", resp->set_cookie2);
	if (resp->location[0])
		add_header(r, "Location", resp->location);
	if (resp->disposition[0])
		add_header(r, "Content-Disposition", resp->disposition);
	ret = MHD_queue_response(c, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Count the framing headers of a request. */
static enum MHD_Result
count_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	unsigned *n = cls;

	if (strcasecmp(key, "Content-Length") == 0)
		n[0]++;
	else if (strcasecmp(key, "Transfer-Encoding") == 0)
		n[1]++;
	return MHD_YES;
}

/* Is this a path of the API (JSON answers) rather than of the web pages?
 * Its first segment, however it is spelled ("//API/…"), decides. */
static bool
api_path(const char *path)
{
	const char *p = path + strspn(path, "/");
	size_t n = strcspn(p, "/");

	if (!srv.o->site)
		return true;
	return (n == 3 && strncasecmp(p, "api", 3) == 0) ||
		(n == 11 && strncasecmp(p, ".well-known", 11) == 0) ||
		strcmp(path, "/healthz") == 0 || strcmp(path, "/metrics") == 0;
}

/* Refuse a request no handler ran for: a problem for the API, an HTML page
 * on the web pages' paths. Never echoes input. */
static void
refuse(struct MHD_Connection *c, struct reqstate *rs, const char *method,
	struct http_resp *resp, int status, const char *field, const char *reason)
{
	struct http_req req = {0};

	if (api_path(rs->path)) {
		if (status == 404)
			resp_problem(resp, ERR_NOTFOUND, NULL);
		else
			resp_error(resp, status, field, reason);
		return;
	}
	req.method = method;
	req.path = rs->path;
	req.conn = c;
	req.svc = rs->svc;
	req.csrf = "";
	srv.o->site->error(&req, resp, status);
}

/* Match the path: the API's table first, then the site's (web pages). */
static void
match_route(struct reqstate *rs, const char *method)
{
	/* HEAD is GET without the body */
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	int web;

	rs->route = router_match(m, rs->path, rs->scratch, sizeof(rs->scratch), rs->params,
		&rs->nparams);
	if (rs->route != -1 || !srv.o->site)
		return;
	web = srv.o->site->match(m, rs->path, rs->scratch, sizeof(rs->scratch), rs->params,
		&rs->nparams);
	rs->route = web;
	rs->web = web >= 0;
}

/* The first call of a request: match the route, refuse a body that is
 * too long before reading it. Returns true when the answer was queued. */
static bool
begin_request(struct MHD_Connection *c, struct reqstate *rs, const char *method,
	struct http_resp *resp)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	struct route r = {0};
	unsigned framing[2] = {0, 0};

	/* two lengths, or a length and chunking: ambiguous framing (smuggling) */
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, framing);
	if (framing[0] > 1 || framing[1] > 1 || (framing[0] && framing[1])) {
		rs->route = -1;
		refuse(c, rs, method, resp, 400, "Content-Length", "is ambiguous (given twice, "
			"or with Transfer-Encoding)");
		return true;
	}
	if (rs->path_too_long) {
		rs->route = -1;
		rs->path[0] = '\0';
		resp_problem(resp, ERR_NOTFOUND, NULL);
		return true;
	}
	match_route(rs, method);
	/* answered at once, without reading a body */
	if (rs->route == -1) {
		refuse(c, rs, method, resp, 404, NULL, NULL);
		return true;
	}
	if (rs->route == -2) {
		rs->route = -1;
		refuse(c, rs, method, resp, 405, "method", "is not allowed on this path");
		return true;
	}
	if (rs->web) {
		r.body_max = srv.o->site->body_max(rs->route);
		r.auth = AUTH_ANY;   /* the site sends the signed-out to its login page */
	} else {
		r = http_routes[rs->route];
	}
	buf_init(&rs->body, r.body_max);
	if (cl) {
		char *end = NULL;
		unsigned long long v;

		errno = 0;
		v = strtoull(cl, &end, 10);
		if (errno || end == cl || *end || v > r.body_max) {
			refuse(c, rs, method, resp, 413, "body", "is larger than this route accepts");
			return true;
		}
	}
	/* sign in on the headers alone: nobody's body is read before that */
	if (authenticate(c, method, &r, rs, resp, &rs->svc) != 0)
		return true;
	return false;
}

/* Call fn, a few at a time when it computes password hashes. */
static void
run_costly(struct http_req *req, struct http_resp *resp, bool costly,
	const struct reqstate *rs)
{
	if (!costly) {
		if (rs->web)
			srv.o->site->run(rs->route, req, resp);
		else
			http_routes[rs->route].fn(req, resp);
		return;
	}
	/* argon2id is costly on purpose: a few at a time, so a flood of
	 * logins cannot take every worker thread */
	if (sem_trywait(&srv.logins) != 0) {
		if (rs->web)
			srv.o->site->error(req, resp, 503);
		else
			resp_error(resp, 503, "login", "too many sign-ins at once; try again");
		return;
	}
	if (rs->web)
		srv.o->site->run(rs->route, req, resp);
	else
		http_routes[rs->route].fn(req, resp);
	sem_post(&srv.logins);
}

/* Run the handler of a complete request. */
static void
run_handler(struct MHD_Connection *c, struct reqstate *rs, const char *method,
	struct http_resp *resp)
{
	size_t body_max = rs->web ? srv.o->site->body_max(rs->route) :
		http_routes[rs->route].body_max;
	bool costly = rs->web ? srv.o->site->costly(rs->route) :
		http_routes[rs->route].fn == api_login;
	struct http_req req = {0};
	char addr[NI_MAXHOST];

	client_addr(c, addr, sizeof(addr));
	req.method = method;
	req.path = rs->path;
	for (size_t i = 0; i < rs->nparams; i++)
		req.params[i] = rs->params[i];
	req.nparams = rs->nparams;
	req.body = buf_str(&rs->body);
	req.body_len = rs->body.len;
	req.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	req.client_addr = addr;
	req.tls = srv.o->tls_cert != NULL;
	req.secure_cookies = cookies_secure();
	req.svc = rs->svc;
	req.db_path = srv.o->db_path;
	req.conn = c;
	req.csrf = rs->csrf;
	req.via_session = rs->via_session;
	if (body_max == 0 && rs->body.len > 0) {
		if (rs->web)
			srv.o->site->error(&req, resp, 413);
		else
			resp_error(resp, 413, "body", "this route takes no body");
		return;
	}
	run_costly(&req, resp, costly, rs);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
	const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct reqstate *rs = *con_cls;
	struct http_resp resp = {0};
	enum MHD_Result ret;

	buf_init(&resp.body, LIM_OUTPUT_MAX);
	resp.status = 200;
	if (!rs)
		return MHD_NO;  /* uri_logger could not allocate: drop the connection */
	if (!rs->begun) {
		rs->begun = true;
		if (!begin_request(c, rs, method, &resp)) {
			buf_release(&resp.body);
			return MHD_YES;
		}
		rs->answered = true;
		ret = send_resp(c, &resp, srv.o->tls_cert != NULL);
		metrics_count(rs->route >= 0 && !rs->web ? (size_t)rs->route : http_nroutes,
			resp.status, elapsed(&rs->start));
		buf_release(&resp.body);
		return ret;
	}
	if (rs->answered) {
		/* the answer is queued; whatever body follows is not read */
		*upload_size = 0;
		buf_release(&resp.body);
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;

		*upload_size = 0;
		buf_release(&resp.body);
		/* all requests together hold at most LIM_HTTP_BUFFERED_MAX of body */
		if (atomic_fetch_add(&srv.buffered, n) + n > LIM_HTTP_BUFFERED_MAX) {
			atomic_fetch_sub(&srv.buffered, n);
			return MHD_NO;
		}
		rs->buffered += n;
		buf_add(&rs->body, upload, n);
		/* a chunked body past the limit: stop reading, drop the connection */
		return buf_err(&rs->body) ? MHD_NO : MHD_YES;
	}
	run_handler(c, rs, method, &resp);
	if (strcmp(method, "HEAD") == 0)
		buf_reset(&resp.body);
	ret = send_resp(c, &resp, srv.o->tls_cert != NULL);
	/* web pages are counted with the unmatched: the API's routes only */
	metrics_count(rs->web ? http_nroutes : (size_t)rs->route, resp.status,
		elapsed(&rs->start));
	buf_release(&resp.body);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
	enum MHD_RequestTerminationCode toe)
{
	struct reqstate *rs = *con_cls;

	if (!rs)
		return;
	atomic_fetch_sub(&srv.buffered, rs->buffered);
	sodium_memzero(rs->csrf, sizeof(rs->csrf));
	svc_close(rs->svc);
	buf_release(&rs->body);
	free(rs);
	*con_cls = NULL;
	atomic_fetch_sub(&srv.inflight, 1);
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_ctx,
	enum MHD_ConnectionNotificationCode toe)
{
	metrics_connection(toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

/* The scheduler: publish ended embargoes every tick_seconds. */
static void *
tick_loop(void *arg)
{
	pthread_mutex_lock(&srv.lock);
	while (!srv.stopping) {
		struct timespec until;
		struct errdetail d = {0};
		struct tick_result r = {0};
		struct svc *svc = NULL;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += srv.o->tick_seconds;
		pthread_mutex_unlock(&srv.lock);
		if (svc_open(srv.o->db_path, NULL, &svc, &d) == 0 && svc_tick(svc, &r, &d) == 0) {
			metrics_tick(r.published.n);
			for (size_t i = 0; i < r.published.n; i++)
				log_msg(LOG_INFO, "tick: published %s (embargo ended)", r.published.v[i]);
		} else {
			log_msg(LOG_ERROR, "tick: %s %s", d.field, d.reason);
		}
		tick_result_release(&r);
		svc_close(svc);
		pthread_mutex_lock(&srv.lock);
		while (!srv.stopping && pthread_cond_timedwait(&srv.wake, &srv.lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&srv.lock);
	return NULL;
}

/* Read a whole small file into a new string (at most max bytes). */
static int
read_file(const char *path, size_t max, char **ret)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;

	if (!f)
		return ERR_IO;
	buf_init(&b, max);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (buf_err(&b)) {
		int rc = buf_err(&b);

		buf_release(&b);
		return rc;
	}
	*ret = buf_detach(&b);
	return *ret ? 0 : ERR_NOMEM;
}

/* Does text hold a line starting with field (RFC 9116 names are
 * case-insensitive)? */
static bool
has_field(const char *text, const char *field)
{
	for (const char *p = text; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncasecmp(p, field, strlen(field)) == 0)
			return true;
	}
	return false;
}

/* Parse "ADDR:PORT" or "[ADDR6]:PORT" into ss. */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, struct errdetail *d)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *colon, *hs = s, *he;
	char *end = NULL;
	long port;

	memset(ss, 0, sizeof(*ss));
	if (*s == '[') {
		hs = s + 1;
		if (!(he = strchr(s, ']')) || he[1] != ':')
			return err_set(d, ERR_INVAL, "listen", "must be ADDR:PORT or [ADDR]:PORT");
		colon = he + 1;
	} else {
		if (!(colon = strrchr(s, ':')))
			return err_set(d, ERR_INVAL, "listen", "must be ADDR:PORT or [ADDR]:PORT");
		he = colon;
	}
	if ((size_t)(he - hs) >= sizeof(host))
		return err_set(d, ERR_INVAL, "listen", "has an address that is too long");
	memcpy(host, hs, (size_t)(he - hs));
	host[he - hs] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || port < 1 || port > 65535)
		return err_set(d, ERR_INVAL, "listen", "needs a port from 1 to 65535");
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
		((struct sockaddr_in *)ss)->sin_family = AF_INET;
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
	} else {
		return err_set(d, ERR_INVAL, "listen", "needs a numeric IPv4 or IPv6 address");
	}
	return 0;
}

/*
 * Called with the request target as the client sent it, before anything
 * is decoded: keep its path for the router, which decodes each segment
 * once and refuses '/' and NUL inside one (libmicrohttpd hands the access
 * handler a decoded path, where "SEC-1%2Fcomments" and "SEC-1/comments"
 * look alike). The state lives until on_completed().
 */
static void *
uri_logger(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct reqstate *rs = calloc(1, sizeof(*rs));
	size_t n;

	if (!rs)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &rs->start);
	atomic_fetch_add(&srv.inflight, 1);
	n = strcspn(uri, "?#");
	if (n > LIM_HTTP_PATH_MAX)
		rs->path_too_long = true;
	else
		memcpy(rs->path, uri, n);
	return rs;
}

static struct MHD_Daemon *
start_daemon(const struct sockaddr_storage *ss, const char *cert, const char *key)
{
	/* poll(), not epoll: libmicrohttpd 0.9.75's MHD_quiesce_daemon() takes the
	 * listen socket out of each worker's epoll set while a worker at its
	 * connection limit may be doing the same, and the loser's failed
	 * EPOLL_CTL_DEL is a fatal error (an abort at a graceful stop after
	 * heavy connection churn). poll() has no such set, and with at most
	 * LIM_HTTP_CONNECTIONS / LIM_HTTP_THREADS connections a worker it costs
	 * nothing measurable. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_POLL;

	if (ss->ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (cert)
		flags |= MHD_USE_TLS;
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)LIM_HTTP_THREADS,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)LIM_HTTP_CONNECTIONS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)LIM_HTTP_PER_IP,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)LIM_HTTP_TIMEOUT,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LIM_HTTP_HEADER_MEMORY,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
		MHD_OPTION_STRICT_FOR_CLIENT, 1,
		MHD_OPTION_URI_LOG_CALLBACK, uri_logger, NULL,
		cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
		MHD_OPTION_HTTPS_MEM_KEY, key,
		MHD_OPTION_END);
}

/* Wait for SIGTERM or SIGINT (blocked in every thread). */
static void
wait_for_signal(const sigset_t *set)
{
	int sig = 0;

	while (sigwait(set, &sig) != 0 || (sig != SIGTERM && sig != SIGINT))
		;
}

int
server_run(const struct server_opts *o, struct errdetail *d)
{
	struct sockaddr_storage ss;
	struct MHD_Daemon *daemon = NULL;
	char *cert = NULL, *key = NULL;
	pthread_t ticker;
	bool ticking = false;
	sigset_t set;
	int rc;

	srv.o = o;
	if ((rc = parse_listen(o->listen, &ss, d)) < 0)
		return rc;
	if (sem_init(&srv.logins, 0, LIM_HTTP_LOGINS_AT_ONCE) != 0)
		return err_set(d, ERR_NOMEM, "serve", "cannot start");
	if (o->security_txt && read_file(o->security_txt, LIM_SECURITY_TXT_MAX,
	    &srv.security_txt) < 0)
		return err_set(d, ERR_IO, "security-txt", "cannot be read (or is over 8 KiB)");
	if (srv.security_txt && (!has_field(srv.security_txt, "Contact:") ||
	    !has_field(srv.security_txt, "Expires:"))) {
		rc = err_set(d, ERR_INVAL, "security-txt", "needs a Contact: and an Expires: line "
			"(RFC 9116)");
		goto out;
	}
	if (o->tls_cert && (!o->tls_key || read_file(o->tls_cert, 1 << 20, &cert) < 0 ||
	    read_file(o->tls_key, 1 << 20, &key) < 0)) {
		rc = err_set(d, ERR_IO, "tls", "--tls-cert and --tls-key must be readable PEM files");
		goto out;
	}
	if (cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		rc = err_set(d, ERR_INVAL, "tls", "this libmicrohttpd has no TLS support");
		goto out;
	}
	if ((rc = proxy_set_new(o->trusted_proxies, &srv.proxies, d)) < 0)
		goto out;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!(daemon = start_daemon(&ss, cert, key))) {
		rc = err_set(d, ERR_IO, "listen", "cannot listen there (in use, or not an address "
			"of this host)");
		goto out;
	}
	if (o->tick_seconds && pthread_create(&ticker, NULL, tick_loop, NULL) == 0)
		ticking = true;
	if (getenv("VIGIL_NOW"))
		fprintf(stderr, "vigil: warning: VIGIL_NOW is set: the clock stands still (sessions "
			"and tokens do not expire, the scheduler does not move); for tests only\n");
	fprintf(stderr, "vigil: listening on %s://%s\n", cert ? "https" : "http", o->listen);
	fflush(stderr);
	wait_for_signal(&set);
	log_msg(LOG_INFO, "stopping: finishing requests in flight");
	MHD_quiesce_daemon(daemon);
	for (int i = 0; i < LIM_HTTP_DRAIN_SECONDS * 10 && atomic_load(&srv.inflight) > 0; i++)
		usleep(100 * 1000);
	MHD_stop_daemon(daemon);
	pthread_mutex_lock(&srv.lock);
	srv.stopping = true;
	pthread_cond_broadcast(&srv.wake);
	pthread_mutex_unlock(&srv.lock);
	if (ticking)
		pthread_join(ticker, NULL);
	log_msg(LOG_INFO, "stopped");
	rc = 0;
out:
	if (key)
		sodium_memzero(key, strlen(key));
	free(key);
	free(cert);
	free(srv.security_txt);
	srv.security_txt = NULL;
	proxy_set_free(srv.proxies);
	srv.proxies = NULL;
	sem_destroy(&srv.logins);
	return rc;
}
