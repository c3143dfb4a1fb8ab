/*
 * store.h — vigil's persistent state in one SQLite file. This directory is
 * the only code that includes <sqlite3.h>. Every statement is named once in
 * statements.h, prepared once and cached, and bound with parameters; SQL is
 * never built from input. Changes happen inside store_begin()/store_commit()
 * so that an operation and its audit event commit together or not at all.
 *
 * Functions return 0 or a negative enum err. ERR_NOTFOUND means no row;
 * ERR_CONFLICT a uniqueness clash; ERR_DB anything else from SQLite.
 * Strings in returned structs are malloc'ed and owned by the caller, who
 * frees them with the matching *_release() of model/.
 */
#ifndef VIGIL_STORE_STORE_H
#define VIGIL_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/issue.h"
#include "model/objects.h"

struct store;

/* --- opening, schema, transactions (db.c) --- */

/*
 * Open the database at path. With create, a missing file is created and
 * migrated; without, a missing file is ERR_NOTFOUND. An existing database
 * is migrated to the newest schema. *ret owns the connection.
 */
int store_open(const char *path, bool create, struct store **ret);
void store_close(struct store *st);
/* Schema version (PRAGMA user_version). */
int store_schema_version(struct store *st);
/* Prepare every named statement; 0 or ERR_DB naming none (for tests). */
int store_check_statements(struct store *st, const char **ret_bad_name);

int store_begin(struct store *st);   /* BEGIN IMMEDIATE */
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* PRAGMA integrity_check == "ok" */
int store_integrity_check(struct store *st);

/* settings: value or NULL when unset; caller frees */
int store_setting_get(struct store *st, const char *key, char **ret);
int store_setting_set(struct store *st, const char *key, const char *value);

/* --- people (person.c) --- */
int store_person_add(struct store *st, const struct person *p, int64_t *ret_id);
int store_person_get(struct store *st, const char *login, struct person *ret);
int store_person_get_id(struct store *st, int64_t id, struct person *ret);
int store_person_list(struct store *st, struct person **ret, size_t *ret_n);
int store_person_set_roles(struct store *st, int64_t id, unsigned roles);
int store_person_set_disabled(struct store *st, int64_t id, bool disabled);
int store_person_count(struct store *st, int64_t *ret);

/* --- subsystems and releases (product.c) --- */
int store_subsystem_add(struct store *st, const struct subsystem *s, int64_t architect_id,
	const int64_t *maintainer_ids, size_t nmaint, int64_t *ret_id);
int store_subsystem_get(struct store *st, const char *name, struct subsystem *ret);
int store_subsystem_list(struct store *st, struct subsystem **ret, size_t *ret_n);
int store_release_add(struct store *st, const struct release *r, const int64_t *manager_ids,
	size_t nman, int64_t *ret_id);
int store_release_get(struct store *st, const char *name, struct release *ret);
int store_release_list(struct store *st, struct release **ret, size_t *ret_n);
int store_release_set_supported(struct store *st, int64_t id, bool supported);
bool store_release_is_manager(struct store *st, int64_t release_id, int64_t person_id);

/* --- issues (issue.c) --- */
int store_issue_add(struct store *st, const struct issue *is, int64_t *ret_id);
int store_issue_get(struct store *st, int64_t id, struct issue *ret);
/* Write every mutable field of is back (state, fields, dates). */
int store_issue_update(struct store *st, const struct issue *is);
/*
 * The relation of person_id (0 = anonymous) to issue id, and its state.
 */
int store_issue_relation(struct store *st, int64_t id, int64_t person_id, unsigned roles,
	struct relation *ret, enum state *ret_state);
/*
 * Every issue id with the person's relation and the state, in id order:
 * the input of the need-to-know filter for lists and counts.
 */
struct issue_rel {
	int64_t id;
	enum state state;
	struct relation rel;
};
int store_issue_relations(struct store *st, int64_t person_id, unsigned roles,
	struct issue_rel **ret, size_t *ret_n);

/* --- comments, attachments, grants (talk.c) --- */
int store_comment_add(struct store *st, int64_t issue_id, int64_t author_id, bool internal,
	const char *body, int64_t at);
int store_comment_list(struct store *st, int64_t issue_id, bool include_internal,
	struct comment **ret, size_t *ret_n);
int store_attachment_add(struct store *st, int64_t issue_id, const char *name,
	const void *data, size_t len, int64_t uploader_id, int64_t at, int64_t *ret_id);
int store_attachment_list(struct store *st, int64_t issue_id, struct attachment **ret,
	size_t *ret_n);
/* The attachment id of issue_id and its bytes (malloc'ed). */
int store_attachment_get(struct store *st, int64_t issue_id, int64_t id,
	struct attachment *ret, void **ret_data);
int store_grant_add(struct store *st, int64_t issue_id, int64_t person_id, int64_t by,
	const char *reason, int64_t at);
/* Revoke every grant in force; ERR_NOTFOUND when none was. */
int store_grant_revoke(struct store *st, int64_t issue_id, int64_t person_id, int64_t by,
	int64_t at);
int store_grant_list(struct store *st, int64_t issue_id, struct grant **ret, size_t *ret_n);

/* --- CVE ids, fixes, backports (track.c) --- */
int store_cve_reserve(struct store *st, int year, int seq, int64_t at);
int store_cve_get(struct store *st, const char *id, struct cve *ret);
int store_cve_next_free(struct store *st, struct cve *ret);
int store_cve_update(struct store *st, const struct cve *c);
int store_cve_list(struct store *st, struct cve **ret, size_t *ret_n);
int store_cve_list_issue(struct store *st, int64_t issue_id, struct cve **ret, size_t *ret_n);

int store_fix_add(struct store *st, const struct fix *f, int64_t *ret_id);
int store_fix_get(struct store *st, int64_t issue_id, const char *url, struct fix *ret);
int store_fix_update(struct store *st, const struct fix *f);
int store_fix_list(struct store *st, int64_t issue_id, struct fix **ret, size_t *ret_n);

int store_backport_add(struct store *st, const struct backport *b);
int store_backport_get(struct store *st, int64_t issue_id, int64_t release_id,
	struct backport *ret);
int store_backport_update(struct store *st, const struct backport *b);
int store_backport_list(struct store *st, int64_t issue_id, struct backport **ret,
	size_t *ret_n);

/* --- meetings (meeting.c) --- */
int store_meeting_add(struct store *st, int64_t date, const int64_t *attendees, size_t n,
	int64_t by, int64_t at, int64_t *ret_id);
int store_meeting_get(struct store *st, int64_t id, struct meeting *ret);
int store_meeting_list(struct store *st, struct meeting **ret, size_t *ret_n);
int store_decision_add(struct store *st, int64_t meeting_id, int64_t issue_id,
	const char *kind, int64_t until, const char *reason, int64_t at);

/* --- accounts (account.c) --- */
int store_person_auth(struct store *st, const char *login, struct person_auth *ret);
int store_person_set_password(struct store *st, int64_t id, const char *hash, int64_t at);
int store_person_set_totp(struct store *st, int64_t id, const char *secret, bool enabled);
/* Record the accepted TOTP step: 0, or ERR_CONFLICT when that step or a
 * later one was accepted already (a replay). */
int store_person_set_totp_step(struct store *st, int64_t id, int64_t step);
/* Does the person maintain, architect or manage anything, or is assigned
 * an issue or granted access to one (needs a second factor)? */
bool store_person_owns_something(struct store *st, int64_t id);
int store_recovery_clear(struct store *st, int64_t person_id);
int store_recovery_add(struct store *st, int64_t person_id, const char *code_hash);
/* Use an unused recovery code: 0, or ERR_NOTFOUND. */
int store_recovery_use(struct store *st, int64_t person_id, const char *code_hash, int64_t at);
int store_session_add(struct store *st, int64_t person_id, const char *token_hash,
	const char *csrf, bool mfa, int64_t created, int64_t expires);
int store_session_get(struct store *st, const char *token_hash, struct session_row *ret);
int store_session_set_mfa(struct store *st, int64_t id);
int store_session_revoke(struct store *st, int64_t id, int64_t at);
int store_session_revoke_all(struct store *st, int64_t person_id, int64_t at);
int store_token_add(struct store *st, const struct api_token *t, const char *token_hash);
int store_token_get(struct store *st, const char *token_hash, struct api_token *ret);
int store_token_list(struct store *st, int64_t person_id, struct api_token **ret,
	size_t *ret_n);
/* Revoke a person's token by name: 0, or ERR_NOTFOUND. */
int store_token_revoke(struct store *st, int64_t person_id, const char *name, int64_t at);
/* Revoke every token of a person in force. */
int store_token_revoke_all(struct store *st, int64_t person_id, int64_t at);
/* Forget failed logins older than before. */
int store_login_failure_prune(struct store *st, int64_t before);
int store_login_failure_add(struct store *st, const char *login, const char *addr, int64_t at);
/* Count a sign-in attempt as a failure until it proves otherwise: the new
 * row's id in *ret_id (for store_login_failure_delete), or ERR_DB. */
int store_login_attempt_add(struct store *st, const char *login, const char *addr, int64_t at,
	int64_t *ret_id);
/* Forget the login_failure row id (0 when there is none). */
int store_login_failure_delete(struct store *st, int64_t id);
/* Failures since since, for login and for addr. */
int store_login_failures(struct store *st, const char *login, const char *addr, int64_t since,
	int64_t *ret_login, int64_t *ret_addr);

/* What the sign-in throttle weighs for one attempt (service/throttle.c). */
struct login_throttle {
	int64_t pair;     /* failures of this login from this address */
	int64_t addr;     /* failures from this address, any login */
	int64_t login;    /* failures of this login, any address */
	bool known;       /* this address completed a sign-in to this login */
};
/* Failures since since; known when the pair completed a sign-in at or
 * after known_since (store_login_known_touch). Fills *ret, or ERR_DB. */
int store_login_throttle(struct store *st, const char *login, const char *addr, int64_t since,
	int64_t known_since, struct login_throttle *ret);
/* Remember that login completed a sign-in from addr at at (a newer time
 * replaces an older one). */
int store_login_known_touch(struct store *st, const char *login, const char *addr, int64_t at);
/* Forget the addresses whose last sign-in was before before. */
int store_login_known_prune(struct store *st, int64_t before);

/* --- audit log (audit.c) --- */
/* Append an event to the hash chain (inside the caller's transaction). */
int store_audit_append(struct store *st, int64_t at, const char *actor, const char *action,
	const char *object, const char *detail);
/*
 * Walk the chain. 0 when intact (*ret_count events); ERR_INTEGRITY with
 * *ret_bad_seq the first bad event and *ret_why a static reason.
 */
int store_audit_verify(struct store *st, int64_t *ret_count, int64_t *ret_bad_seq,
	const char **ret_why);
/* Events about object (NULL = all), oldest first, at most limit. */
int store_audit_list(struct store *st, const char *object, size_t limit,
	struct audit_event **ret, size_t *ret_n);

/* --- the issue page's history (audit.c) --- */

/* How often one actor caused one kind of event, and when last. */
struct audit_tally {
	char *actor;
	int64_t count;
	int64_t last_at;
};
/* Frees t[0..n) and t; accepts NULL. */
void audit_tally_free(struct audit_tally *t, size_t n);

/*
 * The events about object: those whose action is not `tallied` in *ret
 * (oldest first, at most limit), those whose action is `tallied` counted
 * per actor in *ret_t (latest first, then by actor). With the index of
 * schema 0006 neither reads events about other objects. On success the
 * caller owns both lists (OBJ_LIST_FREE with audit_event_release;
 * audit_tally_free); on error nothing is returned.
 */
int store_audit_history(struct store *st, const char *object, const char *tallied,
	size_t limit, struct audit_event **ret, size_t *ret_n, struct audit_tally **ret_t,
	size_t *ret_tn);
/* --- end of the issue page's history --- */

#endif
