/*
 * mail.c — the mail tables in the store (store/mail.h): alert-list
 * members, outbox events and deliveries, Message-IDs of taken-in mail.
 * Typed access only; every rule is in service/.
 */
#include "store/internal.h"
#include "store/mail.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/banned.h"

REL_WRAP(alert_member)
REL_WRAP(outbox_event)
REL_WRAP(delivery)

/* Run a one-row statement with fill; ERR_NOTFOUND when there is none. */
static int
get_row(sqlite3_stmt *s, int (*fill)(sqlite3_stmt *, void *), void (*release)(void *),
	void *ret)
{
	int rc = st_step(s);

	if (rc == 0)
		rc = ERR_NOTFOUND;
	else if (rc == 1 && (rc = fill(s, ret)) < 0)
		release(ret);
	sqlite3_reset(s);
	return rc < 0 ? rc : 0;
}

/* One integer of a one-row statement (0 for SQL NULL). */
static int
get_i64(sqlite3_stmt *s, int64_t *ret)
{
	int rc = st_step(s);

	if (rc == 1)
		*ret = col_i64(s, 0);
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	return rc < 0 ? rc : 0;
}

static char *
join_lines(const struct strlist *l)
{
	size_t len = 1;
	char *out, *p;

	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->v[i]) + 1;
	if (!(out = malloc(len)))
		return NULL;
	p = out;
	for (size_t i = 0; i < l->n; i++) {
		size_t n = strlen(l->v[i]);

		memcpy(p, l->v[i], n);
		p += n;
		if (i + 1 < l->n)
			*p++ = '\n';
	}
	*p = '\0';
	return out;
}

static int
split_lines(const char *s, struct strlist *ret)
{
	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *one = strndup(s, n);
		int rc;

		if (!one)
			return ERR_NOMEM;
		rc = strlist_add(ret, one);
		free(one);
		if (rc < 0)
			return rc;
		s = e ? e + 1 : s + n;
	}
	return 0;
}

static int
fill_alert(sqlite3_stmt *s, void *out)
{
	struct alert_member *m = out;
	const unsigned char *addr = sqlite3_column_text(s, 2);

	m->id = col_i64(s, 0);
	m->org = col_dup(s, 1);
	m->reason = col_dup(s, 3);
	m->pgp_key = col_dup(s, 4);
	m->status = (enum alert_status)col_i64(s, 5);
	m->vetted_by = col_dup(s, 6);
	m->vetted_at = col_i64(s, 7);
	m->note = col_dup(s, 8);
	m->created_at = col_i64(s, 9);
	m->updated_at = col_i64(s, 10);
	if (!m->org || !m->reason)
		return ERR_NOMEM;
	return split_lines((const char *)addr, &m->addresses);
}

int
store_alert_add(struct store *st, const struct alert_member *m, int64_t *ret_id)
{
	sqlite3_stmt *s = st_get(st, S_ALERT_ADD);
	char *addr = join_lines(&m->addresses);
	int rc = ERR_DB;

	if (!addr)
		return ERR_NOMEM;
	if (s) {
		st_text(s, 1, m->org);
		st_text(s, 2, addr);
		st_text(s, 3, m->reason);
		st_text(s, 4, m->pgp_key);
		st_i64(s, 5, m->created_at);
		if ((rc = st_exec(s)) == 0)
			*ret_id = sqlite3_last_insert_rowid(st->db);
	}
	free(addr);
	return rc;
}

int
store_alert_get(struct store *st, int64_t id, struct alert_member *ret)
{
	sqlite3_stmt *s = st_get(st, S_ALERT_GET);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	return get_row(s, fill_alert, alert_member_rel, ret);
}

int
store_alert_list(struct store *st, int status, struct alert_member **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_ALERT_LIST);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, status);
	return st_collect(s, sizeof(struct alert_member), fill_alert, alert_member_rel,
		(void **)ret, ret_n);
}

int
store_alert_set_status(struct store *st, int64_t id, enum alert_status status, int64_t by,
	int64_t at, const char *note)
{
	sqlite3_stmt *s = st_get(st, S_ALERT_SET_STATUS);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	st_i64(s, 2, status);
	st_i64_opt(s, 3, by);
	st_i64(s, 4, at);
	st_text(s, 5, note);
	return st_exec(s);
}

int
store_alert_set_contact(struct store *st, int64_t id, const struct strlist *addresses,
	const char *pgp_key, int64_t at)
{
	sqlite3_stmt *s = st_get(st, S_ALERT_SET_CONTACT);
	char *addr = join_lines(addresses);
	int rc = ERR_DB;

	if (!addr)
		return ERR_NOMEM;
	if (s) {
		st_i64(s, 1, id);
		st_text(s, 2, addr);
		st_text(s, 3, pgp_key);
		st_i64(s, 4, at);
		rc = st_exec(s);
	}
	free(addr);
	return rc;
}

static int
fill_event(sqlite3_stmt *s, void *out)
{
	struct outbox_event *e = out;

	e->id = col_i64(s, 0);
	e->kind = col_dup(s, 1);
	e->issue_id = col_i64(s, 2);
	e->member_id = col_i64(s, 3);
	e->actor_id = col_i64(s, 4);
	e->audit_seq = col_i64(s, 5);
	e->payload = col_dup(s, 6);
	e->created_at = col_i64(s, 7);
	e->expanded_at = col_i64(s, 8);
	return e->kind && e->payload ? 0 : ERR_NOMEM;
}

int
store_outbox_event_add(struct store *st, const struct outbox_event *e, int64_t *ret_id)
{
	sqlite3_stmt *s = st_get(st, S_OUTBOX_EVENT_ADD);
	int rc;

	if (!s)
		return ERR_DB;
	st_text(s, 1, e->kind);
	st_i64_opt(s, 2, e->issue_id);
	st_i64_opt(s, 3, e->member_id);
	st_i64_opt(s, 4, e->actor_id);
	st_i64_opt(s, 5, e->audit_seq);
	st_text(s, 6, e->payload);
	st_i64(s, 7, e->created_at);
	if ((rc = st_exec(s)) == 0 && ret_id)
		*ret_id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int
store_outbox_event_get(struct store *st, int64_t id, struct outbox_event *ret)
{
	sqlite3_stmt *s = st_get(st, S_OUTBOX_EVENT_GET);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	return get_row(s, fill_event, outbox_event_rel, ret);
}

int
store_outbox_event_pending(struct store *st, int64_t now, size_t max,
	struct outbox_event **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_OUTBOX_EVENT_PENDING);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, now);
	st_i64(s, 2, (int64_t)max);
	return st_collect(s, sizeof(struct outbox_event), fill_event, outbox_event_rel,
		(void **)ret, ret_n);
}

int
store_outbox_event_list(struct store *st, struct outbox_event **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_OUTBOX_EVENT_LIST);

	if (!s)
		return ERR_DB;
	return st_collect(s, sizeof(struct outbox_event), fill_event, outbox_event_rel,
		(void **)ret, ret_n);
}

int
store_outbox_event_expanded(struct store *st, int64_t id, int64_t at)
{
	sqlite3_stmt *s = st_get(st, S_OUTBOX_EVENT_EXPANDED);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	st_i64(s, 2, at);
	return st_exec(s);
}

int
store_outbox_event_last(struct store *st, const char *kind, int64_t *ret_at)
{
	sqlite3_stmt *s = st_get(st, S_OUTBOX_EVENT_LAST);

	if (!s)
		return ERR_DB;
	st_text(s, 1, kind);
	return get_i64(s, ret_at);
}

static int
fill_delivery(sqlite3_stmt *s, void *out)
{
	struct delivery *dl = out;

	dl->id = col_i64(s, 0);
	dl->event_id = col_i64(s, 1);
	dl->person_id = col_i64(s, 2);
	dl->member_id = col_i64(s, 3);
	dl->address = col_dup(s, 4);
	dl->message_id = col_dup(s, 5);
	dl->state = (enum delivery_state)col_i64(s, 6);
	dl->attempts = (int)col_i64(s, 7);
	dl->next_at = col_i64(s, 8);
	dl->last_error = col_dup(s, 9);
	dl->created_at = col_i64(s, 10);
	dl->sent_at = col_i64(s, 11);
	return dl->address && dl->message_id ? 0 : ERR_NOMEM;
}

int
store_delivery_add(struct store *st, const struct delivery *dl, int64_t *ret_id)
{
	sqlite3_stmt *s = st_get(st, S_DELIVERY_ADD);
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, dl->event_id);
	st_i64_opt(s, 2, dl->person_id);
	st_i64_opt(s, 3, dl->member_id);
	st_text(s, 4, dl->address);
	st_text(s, 5, dl->message_id);
	st_i64(s, 6, dl->created_at);
	if ((rc = st_exec(s)) == 0 && ret_id)
		*ret_id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int
store_delivery_get(struct store *st, int64_t id, struct delivery *ret)
{
	sqlite3_stmt *s = st_get(st, S_DELIVERY_GET);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	return get_row(s, fill_delivery, delivery_rel, ret);
}

int
store_delivery_due(struct store *st, int64_t now, struct delivery *ret)
{
	sqlite3_stmt *s = st_get(st, S_DELIVERY_DUE);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, now);
	return get_row(s, fill_delivery, delivery_rel, ret);
}

int
store_delivery_list(struct store *st, struct delivery **ret, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, S_DELIVERY_LIST);

	if (!s)
		return ERR_DB;
	return st_collect(s, sizeof(struct delivery), fill_delivery, delivery_rel,
		(void **)ret, ret_n);
}

int
store_delivery_update(struct store *st, const struct delivery *dl)
{
	sqlite3_stmt *s = st_get(st, S_DELIVERY_UPDATE);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, dl->id);
	st_i64(s, 2, dl->state);
	st_i64(s, 3, dl->attempts);
	st_i64(s, 4, dl->next_at);
	st_text(s, 5, dl->last_error);
	st_i64_opt(s, 6, dl->sent_at);
	return st_exec(s);
}

int
store_delivery_issue(struct store *st, const char *message_id, int64_t *ret_issue)
{
	sqlite3_stmt *s = st_get(st, S_DELIVERY_ISSUE);

	if (!s)
		return ERR_DB;
	st_text(s, 1, message_id);
	return get_i64(s, ret_issue);
}

int
store_delivery_thread_root(struct store *st, int64_t issue_id, const char *address,
	int64_t before_id, char **ret_message_id)
{
	sqlite3_stmt *s = st_get(st, S_DELIVERY_THREAD_ROOT);
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	st_text(s, 2, address);
	st_i64(s, 3, before_id);
	rc = st_step(s);
	if (rc == 1)
		rc = (*ret_message_id = col_dup(s, 0)) ? 0 : ERR_NOMEM;
	else if (rc == 0)
		rc = ERR_NOTFOUND;
	sqlite3_reset(s);
	return rc;
}

int
store_intake_get(struct store *st, const char *message_id, int64_t *ret_issue)
{
	sqlite3_stmt *s = st_get(st, S_INTAKE_GET);

	if (!s)
		return ERR_DB;
	st_text(s, 1, message_id);
	return get_i64(s, ret_issue);
}

int
store_intake_add(struct store *st, const char *message_id, int64_t issue_id,
	const char *outcome, int64_t at)
{
	sqlite3_stmt *s = st_get(st, S_INTAKE_ADD);

	if (!s)
		return ERR_DB;
	st_text(s, 1, message_id);
	st_i64_opt(s, 2, issue_id);
	st_text(s, 3, outcome);
	st_i64(s, 4, at);
	return st_exec(s);
}

static int
fill_person_row(sqlite3_stmt *s, void *out)
{
	struct person *p = out;

	p->id = col_i64(s, 0);
	p->login = col_dup(s, 1);
	p->email = col_dup(s, 2);
	p->name = col_dup(s, 3);
	p->roles = (unsigned)col_i64(s, 4);
	p->disabled = col_i64(s, 5) != 0;
	p->created_at = col_i64(s, 6);
	return p->login && p->email ? 0 : ERR_NOMEM;
}

static void
person_rel_(void *p)
{
	person_release(p);
}

int
store_person_by_email(struct store *st, const char *email, struct person *ret)
{
	sqlite3_stmt *s = st_get(st, S_PERSON_BY_EMAIL);

	if (!s)
		return ERR_DB;
	st_text(s, 1, email);
	return get_row(s, fill_person_row, person_rel_, ret);
}

int
store_comment_last(struct store *st, int64_t issue_id, int64_t *ret_id)
{
	sqlite3_stmt *s = st_get(st, S_COMMENT_LAST);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, issue_id);
	return get_i64(s, ret_id);
}

static int
fill_comment_row(sqlite3_stmt *s, void *out)
{
	struct comment *c = out;

	c->id = col_i64(s, 0);
	c->author = col_dup(s, 1);
	c->internal = col_i64(s, 2) != 0;
	c->body = col_dup(s, 3);
	c->created_at = col_i64(s, 4);
	return c->author && c->body ? 0 : ERR_NOMEM;
}

static void
comment_rel_(void *c)
{
	comment_release(c);
}

int
store_comment_get(struct store *st, int64_t issue_id, int64_t id, struct comment *ret)
{
	sqlite3_stmt *s = st_get(st, S_COMMENT_GET);

	if (!s)
		return ERR_DB;
	st_i64(s, 1, id);
	st_i64(s, 2, issue_id);
	return get_row(s, fill_comment_row, comment_rel_, ret);
}

/* Run prune statement id for cutoff before; *ret_n: rows it changed. */
static int
prune_step(struct store *st, enum stmt_id id, int64_t before, size_t *ret_n)
{
	sqlite3_stmt *s = st_get(st, id);
	int rc;

	if (!s)
		return ERR_DB;
	st_i64(s, 1, before);
	if ((rc = st_exec(s)) < 0)
		return rc;
	*ret_n = (size_t)sqlite3_changes(st->db);
	return 0;
}

int
store_outbox_prune(struct store *st, int64_t before, size_t *ret_events,
	size_t *ret_deliveries)
{
	size_t kept = 0, nd = 0, ne = 0;
	int rc;

	if ((rc = prune_step(st, S_OUTBOX_PRUNE_KEEP_IDS, before, &kept)) < 0 ||
	    (rc = prune_step(st, S_OUTBOX_PRUNE_DELIVERIES, before, &nd)) < 0 ||
	    (rc = prune_step(st, S_OUTBOX_PRUNE_EVENTS, before, &ne)) < 0)
		return rc;
	*ret_events = ne;
	*ret_deliveries = nd;
	return 0;
}

int
store_audit_last_seq(struct store *st, int64_t *ret_seq)
{
	sqlite3_stmt *s = st_get(st, S_AUDIT_LAST_SEQ);

	if (!s)
		return ERR_DB;
	return get_i64(s, ret_seq);
}
