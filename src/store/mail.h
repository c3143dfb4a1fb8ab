/*
 * store/mail.h — typed access to the mail tables of schema/0003-mail.sql:
 * alert-list members, outbox events and deliveries, intake Message-IDs.
 * Decides nothing (service/alert.c, outbox.c, intake.c do). Conventions
 * as in store.h: 0 or a negative enum err, ERR_NOTFOUND for no row;
 * returned strings are the caller's (model/mail.h release functions).
 */
#ifndef VIGIL_STORE_MAIL_H
#define VIGIL_STORE_MAIL_H

#include "model/mail.h"
#include "store/store.h"

/* alert list; addresses are kept joined by LF */
int store_alert_add(struct store *st, const struct alert_member *m, int64_t *ret_id);
int store_alert_get(struct store *st, int64_t id, struct alert_member *ret);
/* status < 0: every member */
int store_alert_list(struct store *st, int status, struct alert_member **ret, size_t *ret_n);
int store_alert_set_status(struct store *st, int64_t id, enum alert_status status,
	int64_t by, int64_t at, const char *note);
int store_alert_set_contact(struct store *st, int64_t id, const struct strlist *addresses,
	const char *pgp_key, int64_t at);

/* outbox */
int store_outbox_event_add(struct store *st, const struct outbox_event *e, int64_t *ret_id);
int store_outbox_event_get(struct store *st, int64_t id, struct outbox_event *ret);
/* events not yet expanded created at or before now, oldest first, at most max */
int store_outbox_event_pending(struct store *st, int64_t now, size_t max,
	struct outbox_event **ret, size_t *ret_n);
int store_outbox_event_list(struct store *st, struct outbox_event **ret, size_t *ret_n);
int store_outbox_event_expanded(struct store *st, int64_t id, int64_t at);
/* created_at of the newest event of kind, 0 when none */
int store_outbox_event_last(struct store *st, const char *kind, int64_t *ret_at);

int store_delivery_add(struct store *st, const struct delivery *dl, int64_t *ret_id);
int store_delivery_get(struct store *st, int64_t id, struct delivery *ret);
/* the pending delivery due first at now; ERR_NOTFOUND when none */
int store_delivery_due(struct store *st, int64_t now, struct delivery *ret);
int store_delivery_list(struct store *st, struct delivery **ret, size_t *ret_n);
/* write state, attempts, next_at, last_error and sent_at back */
int store_delivery_update(struct store *st, const struct delivery *dl);
/* the issue of the event a delivery with message_id belongs to */
int store_delivery_issue(struct store *st, const char *message_id, int64_t *ret_issue);
/* the first message sent (or pending) to address about issue before
 * delivery id: the thread root; ERR_NOTFOUND when this is the first */
int store_delivery_thread_root(struct store *st, int64_t issue_id, const char *address,
	int64_t before_id, char **ret_message_id);

/*
 * Outbox retention, inside the caller's transaction: every event expanded
 * before `before` whose deliveries all ended (sent or dropped) before it —
 * or that has none — except the newest alert.digest event, is deleted
 * with its deliveries. The Message-IDs of its sent deliveries about an
 * issue are first kept in intake_message (outcome "sent", no address) so
 * that a late reply still finds its issue. *ret_events, *ret_deliveries:
 * how many rows went.
 */
int store_outbox_prune(struct store *st, int64_t before, size_t *ret_events,
	size_t *ret_deliveries);

/* intake: *ret_issue 0 when the message made nothing */
int store_intake_get(struct store *st, const char *message_id, int64_t *ret_issue);
int store_intake_add(struct store *st, const char *message_id, int64_t issue_id,
	const char *outcome, int64_t at);

/* the person with that address (an active one first) */
int store_person_by_email(struct store *st, const char *email, struct person *ret);
/* the newest comment of an issue (0 when none) and one comment */
int store_comment_last(struct store *st, int64_t issue_id, int64_t *ret_id);
int store_comment_get(struct store *st, int64_t issue_id, int64_t id, struct comment *ret);
/* the sequence number of the newest audit event */
int store_audit_last_seq(struct store *st, int64_t *ret_seq);

#endif
