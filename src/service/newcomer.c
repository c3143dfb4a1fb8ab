/*
 * newcomer.c — what the service does for people it does not know yet,
 * shared by the front doors that let them in: the per-address limit of
 * signed-out writes (the report form, report_web.c; anonymous alert-list
 * requests over HTTP, alert.c) and the login made from an e-mail address
 * for a new reporter account (the report form and mail intake, intake.c:
 * one rule, so the same address gets the same login whichever way it
 * comes in). Handles untrusted input: client addresses and e-mail
 * addresses come from strangers.
 */
#include "service/internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "core/banned.h"

#define LOGIN_STEM_MAX 32   /* room left for "-999" within LIM_LOGIN_MAX */
#define LOGIN_TRIES 1000
#define MARK_MAX 128

/* The throttle-table "login" under which the writes of kind l from the
 * address key (svc_addr_key) count:
 * the mark holds "(", ")" and a space, so it can never be a real login. */
static void
limit_mark(const struct newcomer_limit *l, const char *key, char out[MARK_MAX])
{
	snprintf(out, MARK_MAX, "%s%s", l->mark, key);
}

int
newcomer_limit_check(struct svc *svc, const struct newcomer_limit *l, const char *addr,
	struct errdetail *d)
{
	char mark[MARK_MAX], key[SVC_ADDR_KEY_MAX];
	int64_t nl = 0, na = 0;
	int rc;

	svc_addr_key(addr, key);
	limit_mark(l, key, mark);
	if ((rc = store_login_failures(svc->st, mark, key,
	    clock_now() - LIM_ANON_WINDOW_SECONDS, &nl, &na)) < 0)
		return err_set(d, rc, "db", "cannot read the records of your address");
	if (nl >= l->per_addr)
		return err_set(d, ERR_LIMIT, l->field, l->reason);
	return 0;
}

int
newcomer_limit_count(struct svc *svc, const struct newcomer_limit *l, const char *addr)
{
	char mark[MARK_MAX], key[SVC_ADDR_KEY_MAX];
	int64_t now = clock_now();
	int rc;

	svc_addr_key(addr, key);
	limit_mark(l, key, mark);
	if ((rc = store_login_failure_prune(svc->st, now - LIM_ANON_WINDOW_SECONDS)) < 0)
		return rc;
	return store_login_failure_add(svc->st, mark, key, now);
}

/* The stem of a login from the local part of email: lower-case a-z 0-9
 * . _ -, any other character a "-" (one for a run of them), starting with
 * a letter or digit, no separator at the end; "reporter" when nothing is left. */
static void
login_stem(const char *email, char out[LOGIN_STEM_MAX + 1])
{
	size_t n = 0;

	for (const char *p = email; *p && *p != '@' && n < LOGIN_STEM_MAX; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (!plain && c != '.' && c != '_' && c != '-')
			c = '-';
		if (!plain && (n == 0 || out[n - 1] == '-' || out[n - 1] == '.' ||
		    out[n - 1] == '_'))
			continue;
		out[n++] = c;
	}
	while (n > 0 && (out[n - 1] == '-' || out[n - 1] == '.' || out[n - 1] == '_'))
		n--;
	out[n] = '\0';
	if (n == 0)
		snprintf(out, LOGIN_STEM_MAX + 1, "reporter");
}

int
newcomer_login(struct svc *svc, const char *email, char out[LIM_LOGIN_MAX + 1])
{
	char stem[LOGIN_STEM_MAX + 1];

	login_stem(email ? email : "", stem);
	for (int i = 1; i <= LOGIN_TRIES; i++) {
		struct person p = {0};
		int rc;

		if (i == 1)
			snprintf(out, LIM_LOGIN_MAX + 1, "%s", stem);
		else
			snprintf(out, LIM_LOGIN_MAX + 1, "%s-%d", stem, i);
		if (text_check_login(NULL, "login", out) < 0)
			return ERR_INVAL;   /* cannot happen: the stem is made valid above */
		rc = store_person_get(svc->st, out, &p);
		person_release(&p);
		if (rc == ERR_NOTFOUND)
			return 0;
		if (rc < 0)
			return rc;
	}
	return ERR_CONFLICT;
}
