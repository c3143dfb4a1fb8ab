/*
 * mail.h — the service side of mail (SPEC §7, issue 6): the vetted
 * alert list (registry requests and a director's decisions), the durable
 * outbox (notifications written in the same transaction as the event that
 * causes them; recipients and content computed at send time, as the
 * recipient), and the intake of e-mailed reports and replies. src/mail/
 * (GMime, GPGME, SMTP) calls these; it never decides who gets what.
 * See docs/mail.md for the model and the who-gets-what table.
 *
 * Conventions as in service.h: 0 or a negative enum err with d naming the
 * field; nothing changes on failure; returned structs are the caller's.
 */
#ifndef VIGIL_SERVICE_MAIL_H
#define VIGIL_SERVICE_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/mail.h"
#include "service/service.h"

/*
 * Open the database as the trusted local mail gateway and sender
 * (`vigil mail-intake`, `vigil mail-send`, the sender loop of
 * `vigil serve`): no person, audit actor "system". *ret: svc_close().
 */
int svc_open_mail(const char *path, struct svc **ret, struct errdetail *d);

/* ------------------------------------------------------------------ */
/* Alert list (alert.c)                                                */
/* ------------------------------------------------------------------ */

/* struct alert_member, enum alert_status and their release functions:
 * model/mail.h. */

struct alert_request {
	const char *org;             /* 1..LIM_ALERT_ORG_MAX, one line */
	const struct strlist *addresses; /* 1..LIM_ALERT_ADDRESSES e-mail addresses */
	const char *reason;          /* 1..LIM_REASON_MAX, may span lines */
	const char *pgp_key;         /* NULL or "": none; else an armored public key block */
	const char *addr;            /* the client's network address: HTTP front-ends
	                              * must give it; NULL only for the trusted local CLI */
};

/*
 * File a request to join the alert list. Anyone may, also anonymous
 * visitors. ERR_INVAL naming "org", "addresses", "reason" or "pgp_key".
 * Anonymous requests with an addr are limited per address
 * (LIM_ALERT_REQUESTS_PER_ADDR in LIM_ANON_WINDOW_SECONDS): ERR_LIMIT
 * naming "request" (HTTP: 429), nothing written.
 * *ret_id (may be NULL) gets the new member's id. Directors are told.
 */
int svc_alert_request(struct svc *svc, const struct alert_request *in, int64_t *ret_id,
	struct errdetail *d);

/* Every member in every status, by id (director and psirt only). */
int svc_alert_list(struct svc *svc, struct alert_member **ret, size_t *ret_n,
	struct errdetail *d);
/* One member (director and psirt only); ERR_NOTFOUND naming "id". */
int svc_alert_get(struct svc *svc, int64_t id, struct alert_member *ret,
	struct errdetail *d);

/*
 * A director's decision: "approve" or "deny" a requested member, "remove"
 * an approved one (approving a denied or removed one again is allowed).
 * note: optional (NULL), kept with the member, not mailed. The member is
 * told of the decision by mail through the outbox. ERR_PERM unless
 * director; ERR_CONFLICT naming "decision" when the status does not allow it.
 */
int svc_alert_decide(struct svc *svc, int64_t id, const char *decision, const char *note,
	struct errdetail *d);

struct alert_update {
	const struct strlist *addresses; /* NULL: unchanged */
	const char *pgp_key;         /* NULL: unchanged; "": remove the key */
};
/* Change a member's addresses or key (director or psirt). */
int svc_alert_update(struct svc *svc, int64_t id, const struct alert_update *u,
	struct errdetail *d);

/* ------------------------------------------------------------------ */
/* Outbox (outbox.c, notify.c)                                         */
/* ------------------------------------------------------------------ */

/*
 * One message for one recipient address, rendered as that recipient.
 * Every string is UTF-8 and free of CR, LF and NUL except body, which
 * uses LF line ends (the sender converts to CRLF and dot-stuffs).
 */
struct outmsg {
	int64_t id;                  /* the delivery id (for sent/failed) */
	char *to;                    /* one addr-spec */
	char *to_name;               /* display name, or NULL */
	char *from;                  /* the setting mail_from (addr-spec) */
	char *subject;               /* "[SEC-12] State changed": key + fixed phrase */
	char *body;                  /* text/plain; charset=utf-8 */
	char *message_id;            /* "<...@mail_domain>", stable across retries */
	char *in_reply_to;           /* "<...>" or NULL */
	char *references;            /* "<...> <...>" or NULL */
	bool encrypt;                /* must go out PGP/MIME encrypted to pgp_key; if
	                              * that is impossible: svc_outbox_failed(permanent) */
	char *pgp_key;               /* the recipient's armored public key, when encrypt */
	int attempts;                /* failed attempts so far */
};
void outmsg_release(struct outmsg *m);

/*
 * The next message due at now, rendered for its one recipient. First
 * expands events not yet expanded into deliveries (recipients computed
 * now, from current permissions); a delivery whose recipient lost access
 * or was disabled is dropped, not returned. The delivery is leased for
 * OUTBOX_LEASE_SECONDS: call svc_outbox_sent() or svc_outbox_failed()
 * before then, or it becomes due again (a crash may resend, with the
 * same Message-ID, but never loses). ERR_NOTFOUND when nothing is due.
 * Only the mail svc (svc_open_mail) or local psirt may call it (it renders
 * issue data); sent, failed and expand also local admin.
 * *ret: outmsg_release().
 */
#define OUTBOX_LEASE_SECONDS 600
int svc_outbox_next(struct svc *svc, int64_t now, struct outmsg *ret, struct errdetail *d);

/* The SMTP server accepted delivery id: state "sent" (audit "mail.sent"). */
int svc_outbox_sent(struct svc *svc, int64_t id, struct errdetail *d);

/*
 * Delivery id failed with why (one line, kept as last_error). Temporary
 * failures are retried with exponential backoff (1 minute doubling up to
 * 6 hours, for OUTBOX_MAX_ATTEMPTS attempts, then held); permanent
 * (e.g. a 5xx answer, an unusable OpenPGP key) holds it at once. Held
 * deliveries stay in the queue listing and are never sent in plaintext.
 */
#define OUTBOX_MAX_ATTEMPTS 20
int svc_outbox_failed(struct svc *svc, int64_t id, const char *why, bool permanent,
	struct errdetail *d);

/*
 * Put held deliveries back in the queue (after the key or the SMTP
 * settings were fixed): delivery id (> 0), which must be held, else
 * ERR_CONFLICT naming "id"; or, with id 0, every held delivery. Each
 * becomes pending, due now, with its attempts counted afresh; an audit
 * event "mail.requeue" each. The mail svc, or psirt or admin on this
 * machine, or psirt over the network; id < 0: ERR_NOTFOUND naming "id"
 * (after the permission check). *ret_n (may be NULL): how many were put
 * back.
 */
int svc_outbox_retry(struct svc *svc, int64_t id, size_t *ret_n, struct errdetail *d);

/* One delivery in the queue listing. */
struct outbox_entry {
	int64_t id;                  /* delivery id; 0 for an event not yet expanded */
	int64_t event_id;
	char *kind;                  /* event kind, e.g. "issue.state", "alert.triage" */
	char key[ISSUE_KEY_MAX];     /* issue key, or "" */
	char *recipient;             /* login, "alert:<member id>", or NULL (not expanded) */
	char *to;                    /* address, or NULL */
	char *state;                 /* "queued" (not expanded), "pending", "sent", "held",
	                              * "dropped" */
	int attempts;
	int64_t created_at, next_at, sent_at;
	char *last_error;            /* or NULL */
	char *message_id;            /* or NULL */
};
void outbox_entry_list_free(struct outbox_entry *v, size_t n);

/* The queue: events not yet expanded and every delivery, newest last
 * (psirt or admin on this machine; psirt alone over the network). */
int svc_outbox_list(struct svc *svc, struct outbox_entry **ret, size_t *ret_n,
	struct errdetail *d);
/* The same, only the entries in state ("queued", "pending", "sent",
 * "held", "dropped"; NULL: all). Another state: ERR_INVAL naming "state"
 * (after the permission check). */
int svc_outbox_list_state(struct svc *svc, const char *state, struct outbox_entry **ret,
	size_t *ret_n, struct errdetail *d);

/* What one retention pass removed. */
struct outbox_pruned {
	size_t events;               /* outbox events deleted */
	size_t deliveries;           /* their deliveries deleted */
	int keep_days;               /* the setting outbox_keep_days in force */
	int64_t before;              /* cutoff: finished before this time (UTC seconds) */
};

/*
 * Outbox retention: delete, in one transaction, every event whose
 * deliveries all ended (sent or dropped) — or that expanded to none —
 * more than outbox_keep_days days ago, with its deliveries. Pending and
 * held deliveries (and their events), events not yet expanded and the
 * newest digest are never deleted. The Message-IDs of deleted sent
 * messages about an issue stay (without address) so replies still find
 * their issue. An audit event "mail.prune" with the counts when anything
 * went. The mail svc (each sender pass), or psirt or admin on this
 * machine, or psirt over the network. *ret (may be NULL): what went.
 */
int svc_outbox_prune(struct svc *svc, struct outbox_pruned *ret, struct errdetail *d);

/*
 * Render delivery id as its recipient now, without changing it (psirt —
 * over the network with the second factor — or the mail svc); a person's
 * read is an audit event "mail.show". Permission is decided before the id
 * is looked up. ERR_NOTFOUND naming "id"; a recipient who may no longer
 * see it renders as ERR_CONFLICT naming "recipient".
 */
int svc_outbox_show(struct svc *svc, int64_t id, struct outmsg *ret, struct errdetail *d);

/*
 * Expand due events now (what svc_outbox_next() does first): mail svc or
 * local psirt/admin. *ret_n (may be NULL): deliveries created.
 */
int svc_outbox_expand(struct svc *svc, size_t *ret_n, struct errdetail *d);

/* ------------------------------------------------------------------ */
/* Intake (intake.c)                                                   */
/* ------------------------------------------------------------------ */

struct mail_attachment {
	const char *name;            /* file name as sent (checked; bad ones renamed) */
	const void *data;
	size_t len;                  /* <= LIM_ATTACHMENT_MAX */
};

/* A parsed, decoded incoming message (src/mail/ does the MIME work). */
struct mail_in {
	const char *from;            /* sender addr-spec (envelope or From:) */
	const char *from_name;       /* display name, UTF-8, or NULL */
	const char *subject;         /* decoded, UTF-8, or NULL */
	const char *body;            /* text, UTF-8 (HTML already converted), or NULL */
	const char *message_id;      /* "<id>" or "id"; NULL: none (no duplicate check) */
	const char *in_reply_to;     /* or NULL */
	const char *references;      /* whitespace-separated "<id>"s, or NULL */
	const struct mail_attachment *attachments;
	size_t nattachments;         /* <= LIM_INTAKE_ATTACHMENTS */
};

enum mail_outcome {
	MAIL_NEW_ISSUE,              /* a new issue in triage; key set */
	MAIL_COMMENT,                /* a shared comment on key */
	MAIL_DUPLICATE,              /* this Message-ID was taken in before: nothing new */
	MAIL_IGNORED,                /* a reply (by In-Reply-To/References) the sender
	                              * may not make: nothing happened */
};
struct mail_intake_result {
	enum mail_outcome outcome;
	char key[ISSUE_KEY_MAX];     /* MAIL_NEW_ISSUE, MAIL_COMMENT: the issue; else "" */
};
/* "new-issue", "comment", "duplicate", "ignored". */
const char *mail_outcome_name(enum mail_outcome o);

/*
 * Take in one message (mail svc only: svc_open_mail()). A reply —
 * In-Reply-To or References naming a Message-ID we sent or took in, else
 * the issue key in the subject — becomes a shared comment by the sender's
 * account when that account may comment on the issue. Otherwise: a reply
 * found by In-Reply-To or References is ignored (MAIL_IGNORED, saying
 * nothing about the issue); a message that names the key only in its
 * subject is taken as a new report (MAIL_NEW_ISSUE: a key in a subject
 * proves nothing and a report must not be lost; a missing and a hidden
 * key behave the same). Anything else is a new report too: the sender's
 * account (created, with no role and no password, when no person has that
 * address), an issue in triage with source email, the attachments, and
 * the acknowledgement in the outbox, in one transaction. ERR_INVAL naming "from", "body", "subject",
 * "attachment" for input src/mail/ must not pass on (bad UTF-8...).
 */
int svc_mail_intake(struct svc *svc, const struct mail_in *m,
	struct mail_intake_result *ret, struct errdetail *d);

#endif
