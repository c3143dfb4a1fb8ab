/*
 * throttle.c — the sign-in throttle (docs/serve.md "Failed sign-ins",
 * LIM_LOGIN_* in core/limits.h), used by account.c. Failures are counted
 * per login and address, per address, and per login; the last refuses only
 * addresses the login never completed a sign-in from, so a stranger's
 * guesses cannot lock the owner out. An IPv6 client counts as its /64 (its
 * host part changes daily); the newcomer limits (newcomer.c) use the same
 * key. Checking and counting an attempt are one transaction, so parallel
 * guesses cannot all pass. Handles untrusted input: client addresses.
 */
#include "service/internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/banned.h"

/* (internal.h) The audit log keeps the whole address. */
void
svc_addr_key(const char *addr, char out[SVC_ADDR_KEY_MAX])
{
	struct in6_addr a6;
	char net[INET6_ADDRSTRLEN];

	if (!addr)
		addr = "unknown";
	/* (an IPv4-mapped address, which the server writes as IPv4, stays whole) */
	if (inet_pton(AF_INET6, addr, &a6) == 1 && !IN6_IS_ADDR_V4MAPPED(&a6)) {
		memset(a6.s6_addr + 8, 0, 8);
		if (inet_ntop(AF_INET6, &a6, net, sizeof(net))) {
			snprintf(out, SVC_ADDR_KEY_MAX, "%s/64", net);
			return;
		}
	}
	snprintf(out, SVC_ADDR_KEY_MAX, "%s", addr);
}

/*
 * May login be tried from addr now? In one short write transaction: ERR_LIMIT
 * naming field when failures in the window reach a limit (of the pair, of the
 * address, of the login when addr never completed a sign-in to it), writing
 * nothing (a flood must not grow the audit chain); else the attempt counts as
 * a failure at once, so parallel ones cannot all pass: *ret_id, the pending
 * row the result keeps (throttle_failed) or deletes (the success's transaction,
 * throttle_drop). A crash before the result leaves it counted.
 */
int
throttle_enter(struct svc *svc, const char *login, const char *addr, const char *field,
	int64_t *ret_id, struct errdetail *d)
{
	struct login_throttle t = {0};
	char key[SVC_ADDR_KEY_MAX];
	int64_t now = clock_now();
	int rc;

	svc_addr_key(addr, key);
	if ((rc = store_begin(svc->st)) < 0)
		return err_set(d, rc, "db", "cannot start a transaction");
	rc = store_login_throttle(svc->st, login, key, now - LIM_LOGIN_WINDOW_SECONDS,
		now - (int64_t)LIM_LOGIN_KNOWN_DAYS * CLOCK_DAY, &t);
	if (rc == 0 && (t.pair >= LIM_LOGIN_FAILS_PER_PAIR || t.addr >= LIM_LOGIN_FAILS_PER_ADDR ||
	    (t.login >= LIM_LOGIN_FAILS_PER_LOGIN && !t.known))) {
		store_rollback(svc->st);
		return err_set(d, ERR_LIMIT, field, "too many failed attempts; wait 15 minutes");
	}
	if (rc == 0)
		rc = store_login_failure_prune(svc->st, now - LIM_LOGIN_WINDOW_SECONDS);
	if (rc == 0)
		rc = store_login_attempt_add(svc->st, login, key, now, ret_id);
	if (rc == 0)
		rc = store_commit(svc->st);
	if (rc < 0) {
		store_rollback(svc->st);
		return err_set(d, rc, "db", "cannot read login records");
	}
	return 0;
}

/* The attempt of pending row id was no failure (a database error after right
 * credentials): the row goes; should that fail too, it stays counted. */
void
throttle_drop(struct svc *svc, int64_t id)
{
	int rc = store_begin(svc->st);

	if (rc == 0)
		rc = store_login_failure_delete(svc->st, id);
	if (rc == 0)
		rc = store_commit(svc->st);
	if (rc < 0)
		store_rollback(svc->st);
}

/* addr completed a sign-in to login: from now on the cap per login does not
 * refuse it (inside the caller's transaction). */
int
throttle_remember(struct svc *svc, const char *login, const char *addr)
{
	char key[SVC_ADDR_KEY_MAX];
	int64_t now = clock_now();
	int rc = store_login_known_prune(svc->st, now - (int64_t)LIM_LOGIN_KNOWN_DAYS * CLOCK_DAY);

	svc_addr_key(addr, key);
	return rc < 0 ? rc : store_login_known_touch(svc->st, login, key, now);
}

/* A failed attempt of login from addr, already counted by its pending row
 * (throttle_enter): the audit event, with the whole address. */
void
throttle_failed(struct svc *svc, const char *login, const char *addr, const char *why)
{
	int rc = store_begin(svc->st);

	if (rc < 0)
		return;
	rc = svc_audit(svc, "login.failure", login, json_pack("{s:s,s:s}", "addr", addr, "why",
		why));
	(void)svc_end(svc, rc, NULL);
}
