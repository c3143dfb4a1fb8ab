/*
 * outbox.c — the durable outbox (SPEC §7): events are written by the
 * changes that cause them (outbox_add, in their transaction); at send time
 * svc_outbox_next() expands each event into deliveries, one per recipient
 * address, with recipients computed from the permissions in force then
 * (notify.c), and hands out one delivery at a time, rendered as its
 * recipient. A handed-out delivery is leased; sent/failed settle it, a
 * crash lets the lease run out and the same message (same Message-ID) is
 * handed out again: resent perhaps, lost never. Only the local mail
 * gateway (svc_open_mail) and local psirt/admin drive the queue.
 */
#include "service/mail_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/banned.h"

#define EXPAND_BATCH 50
#define BACKOFF_FIRST 60
#define BACKOFF_MAX (6 * 3600)
#define ERROR_MAX 500

int
svc_open_mail(const char *path, struct svc **ret, struct errdetail *d)
{
	struct svc *svc = NULL;
	int rc;

	if ((rc = svc_open(path, NULL, &svc, d)) < 0)
		return rc;
	svc->system = true;
	svc->mail_gateway = true;
	*ret = svc;
	return 0;
}

bool
mail_is_gateway(const struct svc *svc)
{
	return svc->mail_gateway && !svc->me.id && !svc->networked;
}

char *
mail_setting(struct svc *svc, const char *key)
{
	char *v = NULL;

	if (svc_config_get(svc, key, &v, NULL) < 0)
		return NULL;
	return v;
}

int
outbox_add(struct svc *svc, const char *kind, int64_t issue_id, int64_t member_id,
	json_t *payload)
{
	struct outbox_event e = {0};
	int64_t seq = 0;
	int rc;

	if (!payload)
		payload = json_object();
	e.payload = payload ? json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(payload);
	if (!e.payload)
		return ERR_NOMEM;
	if ((rc = store_audit_last_seq(svc->st, &seq)) < 0 && rc != ERR_NOTFOUND)
		goto out;
	e.kind = (char *)kind;
	e.issue_id = issue_id;
	e.member_id = member_id;
	e.actor_id = svc->system ? 0 : svc->me.id;
	e.audit_seq = seq;
	e.created_at = clock_now();
	rc = store_outbox_event_add(svc->st, &e, NULL);
out:
	free(e.payload);
	return rc;
}

/* Drive the queue: the gateway, or psirt/admin on this machine. */
static int
check_driver(struct svc *svc, struct errdetail *d)
{
	if (mail_is_gateway(svc))
		return 0;
	if (!svc->networked && (acc_roles(svc) & (ROLE_PSIRT | ROLE_ADMIN)))
		return 0;
	return err_set(d, ERR_PERM, "as", "you may not drive the mail queue (the mail gateway, "
		"or psirt or admin on this machine)");
}

int
outbox_check_admin(struct svc *svc, struct errdetail *d)
{
	int rc;

	if (mail_is_gateway(svc))
		return 0;
	if ((rc = acc_global(svc, GA_OUTBOX, d)) < 0)
		return rc;
	/* the queue names the recipients of embargoed issues: over the
	 * network it is psirt's alone (an admin's role gives no issue data) */
	if (svc->networked && !(acc_roles(svc) & ROLE_PSIRT))
		return err_set(d, ERR_PERM, "as", "you may not see the mail queue over the "
			"network (psirt only)");
	return 0;
}

void
outmsg_release(struct outmsg *m)
{
	if (!m)
		return;
	free(m->to);
	free(m->to_name);
	free(m->from);
	free(m->subject);
	free(m->body);
	free(m->message_id);
	free(m->in_reply_to);
	free(m->references);
	free(m->pgp_key);
	memset(m, 0, sizeof(*m));
}

static void
outbox_entry_list_free_one(struct outbox_entry *en)
{
	free(en->kind);
	free(en->recipient);
	free(en->to);
	free(en->state);
	free(en->last_error);
	free(en->message_id);
}

void
outbox_entry_list_free(struct outbox_entry *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		outbox_entry_list_free_one(&v[i]);
	free(v);
}

/* Expand one batch of due events; *ret_more when a full batch was taken. */
static int
expand_batch(struct svc *svc, int64_t now, size_t *ret_n, bool *ret_more,
	struct errdetail *d)
{
	struct outbox_event *ev = NULL;
	size_t n = 0, made = 0;
	int rc;

	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	rc = store_outbox_event_pending(svc->st, now, EXPAND_BATCH, &ev, &n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t k = 0;

		rc = notify_expand(svc, &ev[i], now, &k);
		if (rc == 0)
			rc = store_outbox_event_expanded(svc->st, ev[i].id, now);
		made += k;
	}
	OBJ_LIST_FREE(ev, n, outbox_event_release);
	if ((rc = svc_end(svc, rc, d)) < 0)
		return rc;
	*ret_n += made;
	*ret_more = n == EXPAND_BATCH;
	return 0;
}

static int
expand_due(struct svc *svc, int64_t now, size_t *ret_n, struct errdetail *d)
{
	size_t made = 0;
	bool more = true;
	int rc = 0;

	while (more && rc == 0)
		rc = expand_batch(svc, now, &made, &more, d);
	if (rc == 0 && ret_n)
		*ret_n = made;
	return rc;
}

int
svc_outbox_expand(struct svc *svc, size_t *ret_n, struct errdetail *d)
{
	int rc;

	if ((rc = check_driver(svc, d)) < 0)
		return rc;
	return expand_due(svc, clock_now(), ret_n, d);
}

/* Fill the message fields that do not depend on the recipient's view. */
static int
render_common(struct svc *svc, const struct outbox_event *e, const struct delivery *dl,
	struct outmsg *m)
{
	char *root = NULL;
	int rc;

	m->id = dl->id;
	m->attempts = dl->attempts;
	if (!(m->to = strdup(dl->address)) || !(m->message_id = strdup(dl->message_id)) ||
	    !(m->from = mail_setting(svc, "mail_from")))
		return ERR_NOMEM;
	if (!e->issue_id)
		return 0;
	rc = store_delivery_thread_root(svc->st, e->issue_id, dl->address, dl->id, &root);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	m->in_reply_to = root;
	return (m->references = strdup(root)) ? 0 : ERR_NOMEM;
}

/* Render dl as its recipient; ERR_PERM when they may no longer get it. */
static int
render(struct svc *svc, const struct delivery *dl, struct outmsg *ret)
{
	struct outbox_event e = {0};
	struct outmsg m = {0};
	int rc;

	if ((rc = store_outbox_event_get(svc->st, dl->event_id, &e)) < 0)
		return rc;
	rc = render_common(svc, &e, dl, &m);
	if (rc == 0)
		rc = notify_render(svc, &e, dl, &m);
	outbox_event_release(&e);
	if (rc < 0) {
		outmsg_release(&m);
		return rc;
	}
	*ret = m;
	return 0;
}

static int
settle(struct svc *svc, struct delivery *dl, const char *action, struct errdetail *d)
{
	struct outbox_event e = {0};
	char obj[ISSUE_KEY_MAX + 16];
	int rc = store_delivery_update(svc->st, dl);

	if (rc == 0)
		rc = store_outbox_event_get(svc->st, dl->event_id, &e);
	if (rc == 0) {
		if (e.issue_id)
			svc_key(svc, e.issue_id, obj);
		else
			snprintf(obj, sizeof(obj), "alert:%lld", (long long)e.member_id);
		rc = svc_audit(svc, action, obj, json_pack("{s:I,s:s,s:s,s:s?}", "delivery",
			(json_int_t)dl->id, "kind", e.kind, "to", dl->address, "error",
			dl->last_error));
	}
	outbox_event_release(&e);
	if (rc < 0)
		err_set(d, rc, "db", "cannot update the mail queue");
	return rc;
}

/* Take the next due delivery: 1 handed out in *ret, 0 dropped one (try
 * again), ERR_NOTFOUND none due. */
static int
take_one(struct svc *svc, int64_t now, struct outmsg *ret, struct errdetail *d)
{
	struct delivery dl = {0};
	int rc;

	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	rc = store_delivery_due(svc->st, now, &dl);
	if (rc == ERR_NOTFOUND) {
		svc_end(svc, ERR_NOTFOUND, NULL);
		return err_set(d, ERR_NOTFOUND, "outbox", "nothing is due");
	}
	if (rc == 0 && (rc = render(svc, &dl, ret)) == ERR_PERM) {
		dl.state = DLV_DROPPED;
		free(dl.last_error);
		dl.last_error = strdup("the recipient may no longer receive this message");
		rc = settle(svc, &dl, "mail.drop", d);
		rc = svc_end(svc, rc, d);
		delivery_release(&dl);
		return rc < 0 ? rc : 0;
	}
	if (rc == 0) {
		/* leased: due again if neither sent nor failed comes in time */
		dl.next_at = now + OUTBOX_LEASE_SECONDS;
		if ((rc = store_delivery_update(svc->st, &dl)) < 0)
			outmsg_release(ret);
	}
	delivery_release(&dl);
	if ((rc = svc_end(svc, rc, d)) < 0)
		return rc;
	return 1;
}

int
svc_outbox_next(struct svc *svc, int64_t now, struct outmsg *ret, struct errdetail *d)
{
	struct outmsg m = {0};
	int rc;

	if ((rc = check_driver(svc, d)) < 0)
		return rc;
	/* it renders issue data: psirt's (or the gateway's) alone, as show */
	if (!mail_is_gateway(svc) && !(acc_roles(svc) & ROLE_PSIRT))
		return err_set(d, ERR_PERM, "as", "you may not read queued mail (psirt on this "
			"machine only)");
	if ((rc = expand_due(svc, now, NULL, d)) < 0)
		return rc;
	while ((rc = take_one(svc, now, &m, d)) == 0)
		;
	if (rc < 0)
		return rc;
	*ret = m;
	return 0;
}

static int
load_delivery(struct svc *svc, int64_t id, struct delivery *ret, struct errdetail *d)
{
	int rc = store_delivery_get(svc->st, id, ret);

	if (rc == ERR_NOTFOUND)
		return err_set(d, rc, "id", "names no message in the mail queue");
	if (rc < 0)
		return err_set(d, rc, "db", "cannot read the mail queue");
	return 0;
}

int
svc_outbox_sent(struct svc *svc, int64_t id, struct errdetail *d)
{
	struct delivery dl = {0};
	int rc;

	if ((rc = check_driver(svc, d)) < 0 || (rc = load_delivery(svc, id, &dl, d)) < 0)
		return rc;
	if (dl.state == DLV_SENT)
		goto out; /* told twice: once is enough */
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	dl.state = DLV_SENT;
	dl.sent_at = clock_now();
	free(dl.last_error);
	dl.last_error = NULL;
	rc = svc_end(svc, settle(svc, &dl, "mail.sent", d), d);
out:
	delivery_release(&dl);
	return rc;
}

/* One line of at most ERROR_MAX bytes, control characters replaced. */
static char *
error_line(const char *why)
{
	size_t n = why ? strlen(why) : 0;
	char *c;

	if (n > ERROR_MAX)
		n = ERROR_MAX;
	if (!(c = malloc(n + 1)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		c[i] = (unsigned char)why[i] < 0x20 || why[i] == 0x7f ? ' ' : why[i];
	c[n] = '\0';
	return c;
}

int
svc_outbox_failed(struct svc *svc, int64_t id, const char *why, bool permanent,
	struct errdetail *d)
{
	struct delivery dl = {0};
	int64_t wait;
	int rc;

	if ((rc = check_driver(svc, d)) < 0 || (rc = load_delivery(svc, id, &dl, d)) < 0)
		return rc;
	if (dl.state != DLV_PENDING) {
		rc = err_set(d, ERR_CONFLICT, "id", "is not waiting to be sent");
		goto out;
	}
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	dl.attempts++;
	free(dl.last_error);
	dl.last_error = error_line(why ? why : "failed");
	wait = BACKOFF_FIRST;
	for (int i = 1; i < dl.attempts && wait < BACKOFF_MAX; i++)
		wait *= 2;
	dl.next_at = clock_now() + (wait < BACKOFF_MAX ? wait : BACKOFF_MAX);
	if (permanent || dl.attempts >= OUTBOX_MAX_ATTEMPTS)
		dl.state = DLV_HELD;
	rc = svc_end(svc, settle(svc, &dl, dl.state == DLV_HELD ? "mail.held" : "mail.retry",
		d), d);
out:
	delivery_release(&dl);
	return rc;
}

/* Held delivery dl back to pending, due now, with a fresh count of
 * attempts (audit "mail.requeue", naming the last error). */
static int
requeue(struct svc *svc, struct delivery *dl, struct errdetail *d)
{
	dl->state = DLV_PENDING;
	dl->attempts = 0;
	dl->next_at = clock_now();
	return settle(svc, dl, "mail.requeue", d);
}

int
svc_outbox_retry(struct svc *svc, int64_t id, size_t *ret_n, struct errdetail *d)
{
	struct delivery *dl = NULL, one = {0};
	size_t ndl = 0, n = 0;
	int rc;

	if ((rc = outbox_check_admin(svc, d)) < 0)
		return rc;
	if (svc->read_only)
		return err_set(d, ERR_PERM, "auth", "this token is read-only");
	if (id < 0)
		return err_set(d, ERR_NOTFOUND, "id", "names no message in the mail queue");
	if (id > 0) {
		if ((rc = load_delivery(svc, id, &one, d)) < 0)
			return rc;
		if (one.state != DLV_HELD) {
			rc = err_set(d, ERR_CONFLICT, "id", "is not held");
			goto out;
		}
		if ((rc = svc_begin(svc, d)) < 0)
			goto out;
		rc = svc_end(svc, requeue(svc, &one, d), d);
		n = 1;
		goto out;
	}
	if ((rc = store_delivery_list(svc->st, &dl, &ndl)) < 0) {
		rc = err_set(d, rc, "db", "cannot read the mail queue");
		goto out;
	}
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	for (size_t i = 0; rc == 0 && i < ndl; i++)
		if (dl[i].state == DLV_HELD && (rc = requeue(svc, &dl[i], d)) == 0)
			n++;
	rc = svc_end(svc, rc, d);
out:
	delivery_release(&one);
	OBJ_LIST_FREE(dl, ndl, delivery_release);
	if (rc == 0 && ret_n)
		*ret_n = n;
	return rc;
}

static int
entry_strings(struct outbox_entry *en, const char *kind, const char *state)
{
	en->kind = strdup(kind);
	en->state = strdup(state);
	return en->kind && en->state ? 0 : ERR_NOMEM;
}

static int
list_events(struct svc *svc, struct outbox_event *ev, size_t nev, struct outbox_entry *out,
	size_t *k)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < nev; i++) {
		struct outbox_entry *en;

		if (ev[i].expanded_at)
			continue;
		en = &out[(*k)++];
		en->event_id = ev[i].id;
		en->created_at = ev[i].created_at;
		en->next_at = ev[i].created_at;
		if (ev[i].issue_id)
			svc_key(svc, ev[i].issue_id, en->key);
		rc = entry_strings(en, ev[i].kind, "queued");
	}
	return rc;
}

static const struct outbox_event *
find_event(const struct outbox_event *ev, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ev[i].id == id)
			return &ev[i];
	return NULL;
}

static int
list_delivery(struct svc *svc, const struct delivery *dl, const struct outbox_event *e,
	struct outbox_entry *en)
{
	struct person p = {0};
	char who[48];

	en->id = dl->id;
	en->event_id = dl->event_id;
	en->attempts = dl->attempts;
	en->created_at = dl->created_at;
	en->next_at = dl->next_at;
	en->sent_at = dl->sent_at;
	if (e && e->issue_id)
		svc_key(svc, e->issue_id, en->key);
	if (dl->person_id && store_person_get_id(svc->st, dl->person_id, &p) == 0) {
		en->recipient = strdup(p.login);
	} else {
		snprintf(who, sizeof(who), "alert:%lld", (long long)dl->member_id);
		en->recipient = strdup(who);
	}
	person_release(&p);
	en->to = strdup(dl->address);
	en->message_id = strdup(dl->message_id);
	en->last_error = dl->last_error ? strdup(dl->last_error) : NULL;
	if (!en->recipient || !en->to || !en->message_id)
		return ERR_NOMEM;
	return entry_strings(en, e ? e->kind : "?", delivery_state_name(dl->state));
}

/* Keep the entries in state (all when NULL); frees the others. */
static size_t
keep_state(struct outbox_entry *v, size_t n, const char *state)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (!state || strcmp(v[i].state, state) == 0)
			v[k++] = v[i];
		else
			outbox_entry_list_free_one(&v[i]);
	}
	return k;
}

int
svc_outbox_list(struct svc *svc, struct outbox_entry **ret, size_t *ret_n,
	struct errdetail *d)
{
	return svc_outbox_list_state(svc, NULL, ret, ret_n, d);
}

int
svc_outbox_list_state(struct svc *svc, const char *state, struct outbox_entry **ret,
	size_t *ret_n, struct errdetail *d)
{
	static const char *const states[] = {"queued", "pending", "sent", "held", "dropped"};
	struct outbox_event *ev = NULL;
	struct delivery *dl = NULL;
	struct outbox_entry *out = NULL;
	size_t nev = 0, ndl = 0, k = 0, si;
	int rc;

	if ((rc = outbox_check_admin(svc, d)) < 0)
		return rc;
	for (si = 0; state && si < sizeof(states) / sizeof(states[0]); si++)
		if (strcmp(state, states[si]) == 0)
			break;
	if (state && si == sizeof(states) / sizeof(states[0]))
		return err_set(d, ERR_INVAL, "state", "must be queued, pending, sent, held or "
			"dropped");
	if ((rc = store_outbox_event_list(svc->st, &ev, &nev)) < 0 ||
	    (rc = store_delivery_list(svc->st, &dl, &ndl)) < 0)
		goto out;
	if (!(out = calloc(nev + ndl + 1, sizeof(*out)))) {
		rc = ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; rc == 0 && i < ndl; i++)
		rc = list_delivery(svc, &dl[i], find_event(ev, nev, dl[i].event_id), &out[k++]);
	if (rc == 0)
		rc = list_events(svc, ev, nev, out, &k);
out:
	OBJ_LIST_FREE(ev, nev, outbox_event_release);
	OBJ_LIST_FREE(dl, ndl, delivery_release);
	if (rc < 0) {
		outbox_entry_list_free(out, k);
		return err_set(d, rc, "db", "cannot read the mail queue");
	}
	*ret = out;
	*ret_n = keep_state(out, k, state);
	return 0;
}

/* Who may read a rendered message: the gateway, or psirt (here or, with
 * the second factor, over the network) — psirt sees every issue in full
 * and the alert list, so a message as any recipient shows them nothing
 * new. Decided before the id is looked up: a refusal never depends on it. */
static int
check_reader(struct svc *svc, struct errdetail *d)
{
	if (mail_is_gateway(svc) || (acc_roles(svc) & ROLE_PSIRT))
		return 0;
	if (svc->restricted && (svc->me.roles & ROLE_PSIRT))
		return err_set(d, ERR_PERM, "auth", "enrol and give your second factor first");
	return err_set(d, ERR_PERM, "as", "you may not read queued mail (psirt only)");
}

/* A rendered message shown to a person is a read of its content: an
 * audit event "mail.show" on its issue (or alert:ID). */
static int
audit_show(struct svc *svc, const struct delivery *dl)
{
	struct outbox_event e = {0};
	char obj[ISSUE_KEY_MAX + 16];
	struct errdetail d = {0};
	int rc;

	if ((rc = store_outbox_event_get(svc->st, dl->event_id, &e)) < 0)
		return rc;
	if (e.issue_id)
		svc_key(svc, e.issue_id, obj);
	else
		snprintf(obj, sizeof(obj), "alert:%lld", (long long)e.member_id);
	if ((rc = svc_begin_audit(svc, &d)) == 0)
		rc = svc_end(svc, svc_audit(svc, "mail.show", obj, json_pack("{s:I,s:s}",
			"delivery", (json_int_t)dl->id, "kind", e.kind)), &d);
	outbox_event_release(&e);
	return rc;
}

int
svc_outbox_show(struct svc *svc, int64_t id, struct outmsg *ret, struct errdetail *d)
{
	struct delivery dl = {0};
	int rc;

	if ((rc = check_reader(svc, d)) < 0)
		return rc;
	if ((rc = load_delivery(svc, id, &dl, d)) < 0)
		return rc;
	rc = render(svc, &dl, ret);
	if (rc == 0 && !mail_is_gateway(svc) && (rc = audit_show(svc, &dl)) < 0)
		outmsg_release(ret);
	delivery_release(&dl);
	if (rc == ERR_PERM)
		return err_set(d, ERR_CONFLICT, "recipient", "may no longer receive this message");
	if (rc < 0)
		return err_set(d, rc, "db", "cannot render the message");
	return 0;
}

/* A new stable Message-ID: 128 random bits at the mail domain. */
int
outbox_message_id(struct svc *svc, char **ret)
{
	unsigned char raw[16];
	char hex[33], *dom = mail_setting(svc, "mail_domain"), *out;
	size_t n;

	if (!dom)
		return ERR_NOMEM;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	n = strlen(hex) + strlen(dom) + 16;
	if ((out = malloc(n)))
		snprintf(out, n, "<%s.vigil@%s>", hex, dom);
	free(dom);
	if (!out)
		return ERR_NOMEM;
	*ret = out;
	return 0;
}
