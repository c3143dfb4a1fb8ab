/*
 * internal.h — what the files of service/ share: the access gate (need to
 * know and permissions, access.c), transactions with their audit events,
 * and input checks. Not for front-ends.
 */
#ifndef VIGIL_SERVICE_INTERNAL_H
#define VIGIL_SERVICE_INTERNAL_H

#include <jansson.h>

#include "core/limits.h"
#include "model/policy.h"
#include "model/workflow.h"
#include "model/visibility.h"
#include "service/service.h"
#include "store/store.h"

/* --- access.c: the single gate --- */

/* Parse "<PREFIX>-<n>"; a malformed key is ERR_NOTFOUND like a missing one. */
int acc_key_parse(struct svc *svc, const char *key, int64_t *ret_id, struct errdetail *d);

/* Every issue's id, state and the acting person's relation to it: the
 * input of every list and count, filtered by visibility_view() first. */
int acc_relations(struct svc *svc, struct issue_rel **ret, size_t *ret_n);

/* The acting person's global roles as they count now: none for anonymous
 * and for a session that still owes its second factor. Every role check
 * in service/ goes through this, never svc->me.roles. */
unsigned acc_roles(const struct svc *svc);

/* The acting person's relation to issue id, and the issue's state. */
int acc_relation(struct svc *svc, int64_t id, struct relation *ret, enum state *ret_state);

/*
 * Load the issue key if the acting person may see it. Hidden and missing
 * issues give the same ERR_NOTFOUND "issue: not found". ret_rel and
 * ret_view may be NULL.
 */
int acc_issue(struct svc *svc, const char *key, struct issue *ret, struct relation *ret_rel,
	enum view *ret_view, struct errdetail *d);

/* Like acc_issue(), and also require that the person may do act:
 * ERR_PERM "you may not <act> this issue" otherwise. */
int acc_issue_do(struct svc *svc, const char *key, enum issue_action act, struct issue *ret,
	struct relation *ret_rel, struct errdetail *d);

/* Require a global permission: 0 or ERR_PERM. */
int acc_global(struct svc *svc, enum global_action act, struct errdetail *d);

/* May the acting person see issue id? (for cross-references and CVEs) */
bool acc_can_see(struct svc *svc, int64_t id);

/* Reduce v to the public view: no comments, attachments, grants or
 * references, and the public fields only. */
void acc_publicize(struct svc *svc, struct issue_view *v);

/* Remove from v what its view does not show, and a duplicate_of key the
 * reader may not see. */
void acc_redact(struct svc *svc, struct issue_view *v);

/* --- svc.c: transactions and audit --- */

/* The acting person's login, or "anonymous". */
const char *svc_actor(struct svc *svc);

/* Start a change: refused for read-only tokens. */
int svc_begin(struct svc *svc, struct errdetail *d);
/* Start a transaction that only records a read in the audit log. */
int svc_begin_audit(struct svc *svc, struct errdetail *d);
/* Append an audit event in the open transaction; takes ownership of detail
 * (a JSON object, may be NULL). */
int svc_audit(struct svc *svc, const char *action, const char *object, json_t *detail);
/* Commit; on failure roll back. rc is the result so far: when it is an
 * error the transaction is rolled back and rc returned. */
int svc_end(struct svc *svc, int rc, struct errdetail *d);

/* Look up a person by login for a field; ERR_INVAL "unknown person". */
int svc_person(struct svc *svc, const char *field, const char *login, struct person *ret,
	struct errdetail *d);

/* Set all string fields of an issue update helper: replace *dst with a copy
 * of src. 0 or ERR_NOMEM. */
int svc_strset(char **dst, const char *src);

/* --- flow.c: moving issues --- */

/* Gather the facts the workflow guards need (release may be NULL). */
int flow_facts(struct svc *svc, const struct issue *is, const char *release,
	struct wf_facts *ret);
/*
 * Move is to state to inside the caller's transaction: check the guard,
 * set the dates and side effects (fixed-in release, published CVEs), store
 * the issue and append the audit event. is is updated in place.
 * early_confirmed: two psirt members agreed to publish before the embargo ends.
 */
int flow_apply(struct svc *svc, struct issue *is, enum state to, const char *release,
	const char *reason, bool early_confirmed, struct errdetail *d);
/* The configured main branch ("main" unless set). Caller frees. */
char *flow_main_branch(struct svc *svc);
/* Which permission of the policy table moving an issue from state from to
 * state to needs (svc_issue_move() checks it, svc_issue_moves() offers by it). */
enum issue_action flow_move_action(enum state from, enum state to);

/* --- report.c, shared with report_web.c (web) --- */
/* Check the fields of a report: 0 or ERR_INVAL naming the field. */
int report_check(const struct report_in *in, struct errdetail *d);
/* Write a checked report by rep into the open transaction: the issue and
 * its audit event. The caller commits (svc_end). */
int report_write(struct svc *svc, const struct report_in *in, const struct person *rep,
	int64_t subsystem_id, int64_t *ret_id);

/* --- newcomer.c: people the service does not know yet --- */

/*
 * The key a client address counts under in the sign-in throttle and the
 * newcomer limits (throttle.c): addr itself, but an IPv6 address as its
 * /64 ("2001:db8:1:2::/64"), and NULL as "unknown". One host or home
 * network gets a whole /64 and its privacy addresses change at least
 * daily: counted per address, a stranger would walk through their /64
 * past every limit, and the owner's address would not stay known for a day.
 */
#define SVC_ADDR_KEY_MAX 64
void svc_addr_key(const char *addr, char out[SVC_ADDR_KEY_MAX]);

/* The sign-in throttle (throttle.c), for account.c. throttle_enter(): may
 * login try from addr now? ERR_LIMIT naming field, writing nothing; else 0
 * with the attempt already counted as a failure (pending row *ret_id), all
 * in one transaction of its own. The result then either deletes that row in
 * the transaction that completes the sign-in (store_login_failure_delete),
 * or calls throttle_failed() (the audit event, with the whole address), or,
 * for a database error after right credentials, throttle_drop(). A crash in
 * between leaves the try counted. throttle_remember(): addr completed a
 * sign-in to login (inside the caller's transaction). */
int throttle_enter(struct svc *svc, const char *login, const char *addr, const char *field,
	int64_t *ret_id, struct errdetail *d);
void throttle_failed(struct svc *svc, const char *login, const char *addr, const char *why);
void throttle_drop(struct svc *svc, int64_t id);
int throttle_remember(struct svc *svc, const char *login, const char *addr);

/* A limit of signed-out writes per client address: at most per_addr in
 * LIM_ANON_WINDOW_SECONDS, counted in the sign-in throttle's table under
 * mark + address. mark must hold "(" or a space (it can never be a login);
 * refused: ERR_LIMIT naming field with reason (static text). The counts
 * also weigh on the address's allowance of failed sign-ins. */
struct newcomer_limit {
	const char *mark;            /* e.g. "(report form) " */
	int per_addr;                /* a LIM_..._PER_ADDR of core/limits.h */
	const char *field;
	const char *reason;
};
/* 0, or ERR_LIMIT when addr (NULL: "unknown") has used up l. Reads only:
 * call it inside the write transaction that will count the write, so two
 * writes at once cannot both pass. */
int newcomer_limit_check(struct svc *svc, const struct newcomer_limit *l, const char *addr,
	struct errdetail *d);
/* Count one write of addr under l, inside the write's own transaction
 * (a rolled-back write is not counted). */
int newcomer_limit_count(struct svc *svc, const struct newcomer_limit *l, const char *addr);

/*
 * A free login for a new account of email (the report form, mail intake):
 * the local part lower-cased, characters outside a-z 0-9 . _ - made "-"
 * (one for a run), leading and trailing separators dropped, at most 32
 * bytes ("reporter" when nothing is left); "-2", "-3"... appended while
 * taken. Call inside the transaction that creates the account. 0,
 * ERR_CONFLICT when no free login is found, or a store error.
 */
int newcomer_login(struct svc *svc, const char *email, char out[LIM_LOGIN_MAX + 1]);

#endif
