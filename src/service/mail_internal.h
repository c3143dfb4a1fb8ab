/*
 * mail_internal.h — what the mail files of service/ share (alert.c,
 * outbox.c, notify.c, intake.c, svc.c's audit hook). Not for front-ends.
 */
#ifndef VIGIL_SERVICE_MAIL_INTERNAL_H
#define VIGIL_SERVICE_MAIL_INTERNAL_H

#include "service/internal.h"
#include "service/mail.h"
#include "store/mail.h"

/*
 * Add an outbox event of kind inside the caller's open transaction.
 * payload (may be NULL) is taken over. The acting person is recorded as
 * the actor (not told of their own action).
 */
int outbox_add(struct svc *svc, const char *kind, int64_t issue_id, int64_t member_id,
	json_t *payload);

/*
 * The audit hook (called by svc_audit() in the same transaction): turns
 * the audit events that SPEC §7 names into outbox events. detail is
 * borrowed. 0 when the action notifies nobody.
 */
int notify_audit(struct svc *svc, const char *action, const char *object,
	const json_t *detail);

/* Enqueue the alert-list digest when digest_days have passed since the
 * last one (the scheduler, tick.c). Opens its own transaction. */
int notify_digest_due(struct svc *svc, int64_t now, struct errdetail *d);

/*
 * Who gets event e now: appends deliveries to the open transaction
 * (recipients computed from current permissions). *ret_n: how many.
 */
int notify_expand(struct svc *svc, const struct outbox_event *e, int64_t now, size_t *ret_n);

/*
 * Render delivery dl of event e as its recipient into m (to, subject,
 * body, encrypt and key). ERR_PERM when the recipient may no longer get
 * it (lost access, disabled, member no longer approved).
 */
int notify_render(struct svc *svc, const struct outbox_event *e, const struct delivery *dl,
	struct outmsg *m);

/* May person p / member m (at address, or any when NULL) get event e
 * now? The one rule expansion and rendering both ask. */
bool notify_person_may(struct svc *svc, const struct outbox_event *e, const struct person *p);
bool notify_member_may(const struct outbox_event *e, const struct alert_member *m,
	const char *address);
/* Is any issue under embargo now (the digest has something to say)? */
bool notify_digest_has_issues(struct svc *svc);

/* Who may look after the queue (list, retry, prune): the mail gateway,
 * psirt or admin on this machine, psirt alone over the network. */
int outbox_check_admin(struct svc *svc, struct errdetail *d);

/* A setting of config.c as a fresh string (its default when unset). */
char *mail_setting(struct svc *svc, const char *key);

/* A new stable Message-ID "<hex.vigil@mail_domain>"; caller frees. */
int outbox_message_id(struct svc *svc, char **ret);

/* Is this the mail gateway's session (svc_open_mail)? */
bool mail_is_gateway(const struct svc *svc);

#endif
