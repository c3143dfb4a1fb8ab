/*
 * present_mail.h — the JSON shapes of the mail objects (docs/mail.md,
 * docs/api.md), shared by `vigil alert|outbox ... --json` and the HTTP API.
 * Each returns a new reference or NULL on ENOMEM.
 */
#ifndef VIGIL_SERVICE_PRESENT_MAIL_H
#define VIGIL_SERVICE_PRESENT_MAIL_H

#include <jansson.h>

#include "service/mail.h"

/* {id, org, addresses[], reason, pgp_key (armored or null), status,
 *  vetted_by, vetted_at, note, created, updated} */
json_t *present_alert_member(const struct alert_member *m);
/* {id, event, kind, key, recipient, to, state, attempts, created, next_attempt,
 *  sent, last_error, message_id} */
json_t *present_outbox_entry(const struct outbox_entry *e);
/* {id, to, to_name, from, subject, body, message_id, in_reply_to, references,
 *  encrypt, pgp_key, attempts} */
json_t *present_outmsg(const struct outmsg *m);
/* {events, deliveries, keep_days, before}: what one outbox prune removed */
json_t *present_outbox_pruned(const struct outbox_pruned *p);

#endif
