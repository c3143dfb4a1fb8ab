/*
 * alert.c — the vulnerability-alerts list (SPEC §2, §7; *Vulnerability
 * Registry*): anyone, also an anonymous visitor, asks to join with an
 * organisation, contact addresses, a reason and optionally an OpenPGP
 * public key; a director approves, denies or later removes the member,
 * and the member is told by mail (through the outbox). Directors and psirt
 * see the list and keep addresses and keys current. Every field is
 * untrusted input, checked here before anything is written; every change
 * is an audit event in the same transaction.
 */
#include "service/mail_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "core/banned.h"

/* Anonymous requests over HTTP (each adds a member and mails the
 * directors): at most LIM_ALERT_REQUESTS_PER_ADDR per client address in
 * LIM_ANON_WINDOW_SECONDS, counted in the request's own transaction
 * (newcomer.c). The local CLI (no address) is trusted. */
static const struct newcomer_limit request_limit = {
	.mark = "(alert request) ", .per_addr = LIM_ALERT_REQUESTS_PER_ADDR,
	.field = "request", .reason = "too many requests from your address: wait 15 minutes",
};

#define PGP_BEGIN "-----BEGIN PGP PUBLIC KEY BLOCK-----"
#define PGP_END "-----END PGP PUBLIC KEY BLOCK-----"

static int
check_addresses(const struct strlist *l, struct errdetail *d)
{
	int rc;

	if (!l || l->n == 0)
		return err_set(d, ERR_INVAL, "addresses", "must name at least one address");
	if (l->n > LIM_ALERT_ADDRESSES)
		return err_setf(d, ERR_INVAL, "addresses", "may name at most %d addresses",
			LIM_ALERT_ADDRESSES);
	for (size_t i = 0; i < l->n; i++) {
		if ((rc = text_check_email(d, "addresses", l->v[i])) < 0)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(l->v[i], l->v[j]) == 0)
				return err_set(d, ERR_INVAL, "addresses", "names an address twice");
	}
	return 0;
}

/*
 * An armored public key: ASCII, lines without control characters, the
 * BEGIN line first and the END line last (blanks around are trimmed, CR
 * before LF dropped). *ret is the normalised copy; caller frees.
 */
static int
check_key(const char *key, char **ret, struct errdetail *d)
{
	size_t n, o = 0;
	char *c;

	while (*key == ' ' || *key == '\n' || *key == '\r' || *key == '\t')
		key++;
	n = strlen(key);
	while (n > 0 && (key[n - 1] == ' ' || key[n - 1] == '\n' || key[n - 1] == '\r' ||
	    key[n - 1] == '\t'))
		n--;
	if (n > LIM_PGP_KEY_MAX)
		return err_setf(d, ERR_INVAL, "pgp_key", "is longer than %d bytes", LIM_PGP_KEY_MAX);
	if (!(c = malloc(n + 1)))
		return err_set(d, ERR_NOMEM, "pgp_key", "out of memory");
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)key[i];

		if (ch == '\r' && i + 1 < n && key[i + 1] == '\n')
			continue;
		if (ch != '\n' && (ch < 0x20 || ch > 0x7e)) {
			free(c);
			return err_set(d, ERR_INVAL, "pgp_key", "must be ASCII armor (printable "
				"ASCII lines)");
		}
		c[o++] = (char)ch;
	}
	c[o] = '\0';
	if (strncmp(c, PGP_BEGIN "\n", sizeof(PGP_BEGIN)) != 0 || o < sizeof(PGP_END) ||
	    strcmp(c + o - (sizeof(PGP_END) - 1), PGP_END) != 0 ||
	    c[o - sizeof(PGP_END)] != '\n') {
		free(c);
		return err_set(d, ERR_INVAL, "pgp_key", "must be one ASCII-armored OpenPGP "
			"public key block (-----BEGIN PGP PUBLIC KEY BLOCK----- ... END)");
	}
	*ret = c;
	return 0;
}

static json_t *
addresses_json(const struct strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static void
member_object(int64_t id, char out[32])
{
	snprintf(out, 32, "alert:%lld", (long long)id);
}

int
svc_alert_request(struct svc *svc, const struct alert_request *in, int64_t *ret_id,
	struct errdetail *d)
{
	struct alert_member m = {0};
	char *key = NULL, obj[32];
	bool limited = svc->me.id == 0 && in->addr;
	int64_t id = 0;
	int rc;

	if ((rc = text_check(d, "org", in->org, LIM_ALERT_ORG_MAX, TEXT_LINE)) < 0 ||
	    (rc = check_addresses(in->addresses, d)) < 0 ||
	    (rc = text_check(d, "reason", in->reason, LIM_REASON_MAX, TEXT_MULTILINE)) < 0)
		return rc;
	if (in->pgp_key && *in->pgp_key && (rc = check_key(in->pgp_key, &key, d)) < 0)
		return rc;
	m.org = (char *)in->org;
	m.addresses = *in->addresses;
	m.reason = (char *)in->reason;
	m.pgp_key = key;
	m.created_at = clock_now();
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	if (limited && (rc = newcomer_limit_check(svc, &request_limit, in->addr, d)) == 0)
		rc = newcomer_limit_count(svc, &request_limit, in->addr);
	if (rc == 0)
		rc = store_alert_add(svc->st, &m, &id);
	member_object(id, obj);
	if (rc == 0)
		rc = svc_audit(svc, "alert.request", obj, json_pack("{s:s,s:o,s:b}", "org",
			in->org, "addresses", addresses_json(in->addresses), "pgp_key", key != NULL));
	if (rc == 0)
		rc = outbox_add(svc, "alert.request", 0, id, NULL);
	if ((rc = svc_end(svc, rc, d)) == 0 && ret_id)
		*ret_id = id;
out:
	free(key);
	return rc;
}

int
svc_alert_list(struct svc *svc, struct alert_member **ret, size_t *ret_n,
	struct errdetail *d)
{
	int rc;

	if ((rc = acc_global(svc, GA_ALERT_SEE, d)) < 0)
		return rc;
	if ((rc = store_alert_list(svc->st, -1, ret, ret_n)) < 0)
		return err_set(d, rc, "db", "cannot read the alert list");
	return 0;
}

static int
load_member(struct svc *svc, int64_t id, struct alert_member *ret, struct errdetail *d)
{
	int rc = store_alert_get(svc->st, id, ret);

	if (rc == ERR_NOTFOUND)
		return err_set(d, rc, "id", "names no alert-list member");
	if (rc < 0)
		return err_set(d, rc, "db", "cannot read the alert list");
	return 0;
}

int
svc_alert_get(struct svc *svc, int64_t id, struct alert_member *ret, struct errdetail *d)
{
	int rc;

	if ((rc = acc_global(svc, GA_ALERT_SEE, d)) < 0)
		return rc;
	return load_member(svc, id, ret, d);
}

/* The status a decision leads to from cur; -1 when it does not apply. */
static int
decision_target(const char *decision, enum alert_status cur, struct errdetail *d)
{
	if (!decision)
		return err_set(d, ERR_INVAL, "decision", "must be approve, deny or remove");
	if (strcmp(decision, "approve") == 0)
		return cur == ALERT_APPROVED ? err_set(d, ERR_CONFLICT, "decision",
			"the member is approved already") : ALERT_APPROVED;
	if (strcmp(decision, "deny") == 0)
		return cur != ALERT_REQUESTED ? err_set(d, ERR_CONFLICT, "decision",
			"only a pending request can be denied") : ALERT_DENIED;
	if (strcmp(decision, "remove") == 0)
		return cur != ALERT_APPROVED ? err_set(d, ERR_CONFLICT, "decision",
			"only an approved member can be removed") : ALERT_REMOVED;
	return err_set(d, ERR_INVAL, "decision", "must be approve, deny or remove");
}

int
svc_alert_decide(struct svc *svc, int64_t id, const char *decision, const char *note,
	struct errdetail *d)
{
	struct alert_member m = {0};
	char obj[32];
	int rc, to;

	if ((rc = acc_global(svc, GA_ALERT_VET, d)) < 0)
		return rc;
	if (note && *note && (rc = text_check(d, "note", note, LIM_REASON_MAX,
	    TEXT_MULTILINE)) < 0)
		return rc;
	if (note && !*note)
		note = NULL;
	if ((rc = load_member(svc, id, &m, d)) < 0)
		return rc;
	if ((rc = to = decision_target(decision, m.status, d)) < 0)
		goto out;
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	member_object(id, obj);
	rc = store_alert_set_status(svc->st, id, (enum alert_status)to, svc->me.id,
		clock_now(), note);
	if (rc == 0)
		rc = svc_audit(svc, "alert.decide", obj, json_pack("{s:s,s:s,s:s,s:s?}",
			"decision", decision, "from", alert_status_name(m.status), "to",
			alert_status_name((enum alert_status)to), "note", note));
	if (rc == 0)
		rc = outbox_add(svc, "alert.decision", 0, id, json_pack("{s:s}", "status",
			alert_status_name((enum alert_status)to)));
	rc = svc_end(svc, rc, d);
out:
	alert_member_release(&m);
	return rc;
}

int
svc_alert_update(struct svc *svc, int64_t id, const struct alert_update *u,
	struct errdetail *d)
{
	struct alert_member m = {0};
	const struct strlist *addr;
	char *key = NULL, obj[32];
	const char *newkey;
	json_t *detail;
	int rc;

	if ((rc = acc_global(svc, GA_ALERT_MANAGE, d)) < 0)
		return rc;
	if (!u->addresses && !u->pgp_key)
		return err_set(d, ERR_INVAL, "addresses", "nothing to change (give addresses or "
			"a key)");
	if (u->addresses && (rc = check_addresses(u->addresses, d)) < 0)
		return rc;
	if (u->pgp_key && *u->pgp_key && (rc = check_key(u->pgp_key, &key, d)) < 0)
		return rc;
	if ((rc = load_member(svc, id, &m, d)) < 0)
		goto out;
	addr = u->addresses ? u->addresses : &m.addresses;
	newkey = u->pgp_key ? key : m.pgp_key;
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	member_object(id, obj);
	rc = store_alert_set_contact(svc->st, id, addr, newkey, clock_now());
	detail = json_object();
	if (detail && u->addresses)
		json_object_set_new(detail, "addresses", addresses_json(u->addresses));
	if (detail && u->pgp_key)
		json_object_set_new(detail, "pgp_key", json_string(key ? "set" : "removed"));
	if (rc == 0)
		rc = svc_audit(svc, "alert.update", obj, detail);
	else
		json_decref(detail);
	rc = svc_end(svc, rc, d);
out:
	free(key);
	alert_member_release(&m);
	return rc;
}
