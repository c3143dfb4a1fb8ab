/*
 * proxy.c — the client address of a request (see http.h, "trusted
 * reverse proxies"): the TCP peer, or, when that peer is one of the
 * --trusted-proxy addresses, the client it names in X-Forwarded-For (the
 * right-most address there that is not a trusted proxy itself). The header
 * is untrusted input: only numeric IPv4 and IPv6 addresses count, anything
 * else falls back to the peer, and a peer that is not trusted is never
 * asked. Addresses are written in one canonical text form (inet_ntop,
 * IPv4-mapped IPv6 as IPv4), so that one client is one key of the sign-in
 * throttle however its address was spelt.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "core/banned.h"

#define XFF_HEADERS 16   /* X-Forwarded-For headers looked at: the last ones */

/* A numeric address; an IPv4-mapped IPv6 address is held as IPv4. */
struct ipaddr {
	int family;      /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} u;
};

struct proxy_set {
	struct ipaddr *v;
	size_t n;
};

static void
ip_unmap(struct ipaddr *a)
{
	if (a->family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&a->u.v6)) {
		struct in_addr v4;

		memcpy(&v4, a->u.v6.s6_addr + 12, sizeof(v4));
		a->u.v4 = v4;
		a->family = AF_INET;
	}
}

/* The n bytes at s, spaces and tabs around them ignored, as a numeric IPv4
 * or IPv6 address (no zone, brackets or port). */
static bool
ip_parse(const char *s, size_t n, struct ipaddr *ret)
{
	char tmp[INET6_ADDRSTRLEN];
	struct ipaddr a;

	memset(&a, 0, sizeof(a));
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET, tmp, &a.u.v4) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, tmp, &a.u.v6) == 1)
		a.family = AF_INET6;
	else
		return false;
	ip_unmap(&a);
	*ret = a;
	return true;
}

static bool
ip_from_sockaddr(const struct sockaddr *sa, struct ipaddr *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (sa->sa_family == AF_INET) {
		ret->family = AF_INET;
		ret->u.v4 = ((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	} else if (sa->sa_family == AF_INET6) {
		ret->family = AF_INET6;
		ret->u.v6 = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		ip_unmap(ret);
	} else {
		return false;
	}
	return true;
}

static bool
ip_trusted(const struct proxy_set *p, const struct ipaddr *a)
{
	size_t len = a->family == AF_INET ? sizeof(a->u.v4) : sizeof(a->u.v6);

	for (size_t i = 0; p && i < p->n; i++)
		if (p->v[i].family == a->family && memcmp(&p->v[i].u, &a->u, len) == 0)
			return true;
	return false;
}

/*
 * Parse --trusted-proxy values (each one address or a comma-separated
 * list) into out[] (NULL: only count them); *ret_n is their number.
 * ERR_INVAL when one is not a numeric address.
 */
static int
proxies_parse(const struct strlist *values, struct ipaddr *out, size_t *ret_n)
{
	size_t n = 0;

	for (size_t i = 0; values && i < values->n; i++) {
		const char *s = values->v[i];

		for (;;) {
			const char *comma = strchr(s, ',');
			size_t len = comma ? (size_t)(comma - s) : strlen(s);
			struct ipaddr a;

			if (!ip_parse(s, len, &a))
				return ERR_INVAL;
			if (out)
				out[n] = a;
			n++;
			if (!comma)
				break;
			s = comma + 1;
		}
	}
	*ret_n = n;
	return 0;
}

int
proxy_check(const struct strlist *values, struct errdetail *d)
{
	size_t n;

	if (proxies_parse(values, NULL, &n) < 0)
		return err_set(d, ERR_INVAL, "trusted-proxy", "must be numeric IPv4 or IPv6 "
			"addresses (one per option, or separated by commas)");
	return 0;
}

int
proxy_set_new(const struct strlist *values, struct proxy_set **ret, struct errdetail *d)
{
	struct proxy_set *p = NULL;
	size_t n = 0;
	int rc;

	*ret = NULL;
	if ((rc = proxy_check(values, d)) < 0)
		return rc;
	(void)proxies_parse(values, NULL, &n);
	if (n == 0)
		return 0;
	if (!(p = calloc(1, sizeof(*p))) || !(p->v = calloc(n, sizeof(*p->v)))) {
		free(p);
		return err_set(d, ERR_NOMEM, "trusted-proxy", "cannot be kept (out of memory)");
	}
	(void)proxies_parse(values, p->v, &p->n);
	*ret = p;
	return 0;
}

void
proxy_set_free(struct proxy_set *p)
{
	if (!p)
		return;
	free(p->v);
	free(p);
}

/* The X-Forwarded-For headers of a request: the last XFF_HEADERS of them
 * (v is a ring; n counts them all). */
struct xff {
	const char *v[XFF_HEADERS];
	size_t n;
};

static enum MHD_Result
xff_collect(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct xff *x = cls;

	(void)kind;
	if (key && value && strcasecmp(key, "X-Forwarded-For") == 0)
		x->v[x->n++ % XFF_HEADERS] = value;
	return MHD_YES;
}

/*
 * The client a trusted proxy forwarded for: right to left through the
 * X-Forwarded-For headers (several are one list, in the order they came),
 * the first address that is not a trusted proxy itself; when all are, the
 * left-most one looked at. false when there is no header, or when the
 * element reached is not a numeric address.
 */
static bool
forwarded_for(const struct proxy_set *p, struct MHD_Connection *c, struct ipaddr *ret)
{
	struct xff x;
	bool found = false;

	memset(&x, 0, sizeof(x));
	MHD_get_connection_values(c, MHD_HEADER_KIND, xff_collect, &x);
	for (size_t k = 0; k < x.n && k < XFF_HEADERS; k++) {
		const char *v = x.v[(x.n - 1 - k) % XFF_HEADERS];
		size_t end = strlen(v);

		for (;;) {
			size_t start = end;
			struct ipaddr a;

			while (start > 0 && v[start - 1] != ',')
				start--;
			if (!ip_parse(v + start, end - start, &a))
				return false;
			*ret = a;
			found = true;
			if (!ip_trusted(p, &a))
				return true;
			if (start == 0)
				break;
			end = start - 1;
		}
	}
	return found;
}

void
proxy_client_addr(const struct proxy_set *p, void *conn, char *out, size_t n)
{
	struct MHD_Connection *c = conn;
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct ipaddr a, fwd;

	snprintf(out, n, "unknown");
	if (!ci || !ci->client_addr || !ip_from_sockaddr(ci->client_addr, &a))
		return;
	if (p && ip_trusted(p, &a) && forwarded_for(p, c, &fwd))
		a = fwd;
	if (!inet_ntop(a.family, &a.u, out, (socklen_t)n))
		snprintf(out, n, "unknown");
}
