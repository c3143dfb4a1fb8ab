/*
 * mail.h — the plain objects of mail (SPEC §2, §7): alert-list members,
 * outbox events and their deliveries, with *_release() functions (each
 * accepts NULL). Pure: no I/O. The use cases are in service/mail.h.
 */
#ifndef VIGIL_MODEL_MAIL_H
#define VIGIL_MODEL_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/objects.h"

enum alert_status { ALERT_REQUESTED, ALERT_APPROVED, ALERT_DENIED, ALERT_REMOVED };

/* "requested", "approved", "denied", "removed". */
const char *alert_status_name(enum alert_status s);

struct alert_member {
	int64_t id;
	char *org;                   /* organisation */
	struct strlist addresses;    /* contact addresses (addr-spec), at least one */
	char *reason;                /* why they ask to be told */
	char *pgp_key;               /* ASCII-armored OpenPGP public key, or NULL */
	enum alert_status status;
	char *vetted_by;             /* login of the director, or NULL */
	int64_t vetted_at;           /* 0 while requested */
	char *note;                  /* the director's note, or NULL */
	int64_t created_at;
	int64_t updated_at;
};
void alert_member_release(struct alert_member *m);
void alert_member_list_free(struct alert_member *v, size_t n);

/* One event in the outbox: what happened, written with the change. */
struct outbox_event {
	int64_t id;
	char *kind;                  /* e.g. "issue.state", "alert.triage" */
	int64_t issue_id;            /* 0: none */
	int64_t member_id;           /* 0: none */
	int64_t actor_id;            /* 0: none (system, anonymous) */
	int64_t audit_seq;
	char *payload;               /* JSON object */
	int64_t created_at;
	int64_t expanded_at;         /* 0: recipients not computed yet */
};
void outbox_event_release(struct outbox_event *e);

enum delivery_state { DLV_PENDING, DLV_SENT, DLV_HELD, DLV_DROPPED };
/* "pending", "sent", "held", "dropped". */
const char *delivery_state_name(enum delivery_state s);

/* One message of an event to one address. */
struct delivery {
	int64_t id;
	int64_t event_id;
	int64_t person_id;           /* a person, or 0 */
	int64_t member_id;           /* an alert-list member, or 0 */
	char *address;
	char *message_id;
	enum delivery_state state;
	int attempts;
	int64_t next_at;
	char *last_error;
	int64_t created_at;
	int64_t sent_at;
};
void delivery_release(struct delivery *dl);

#endif
