/*
 * objects.h — the other objects of SPEC §2 besides the issue: people,
 * subsystems, releases, comments, attachments, CVE ids, fixes, backports,
 * grants, meetings and audit events, as plain structs with *_release()
 * functions that free their strings (each accepts NULL). Lists are a
 * pointer and a count; list_free-style helpers free every element.
 */
#ifndef VIGIL_MODEL_OBJECTS_H
#define VIGIL_MODEL_OBJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/types.h"

struct strlist {
	char **v;
	size_t n;
};
void strlist_release(struct strlist *l);
/* Append a copy of s. 0 or ERR_NOMEM. */
int strlist_add(struct strlist *l, const char *s);
bool strlist_has(const struct strlist *l, const char *s);

struct person {
	int64_t id;
	char *login;
	char *email;
	char *name;
	unsigned roles;          /* enum role flags */
	bool disabled;
	int64_t created_at;
};
void person_release(struct person *p);

struct subsystem {
	int64_t id;
	char *name;
	char *architect;         /* login or NULL */
	struct strlist globs;
	struct strlist maintainers;
};
void subsystem_release(struct subsystem *s);

struct release {
	int64_t id;
	char *name;
	char *branch;
	int64_t date;
	bool lts;
	bool supported;
	struct strlist managers;
};
void release_release(struct release *r);

struct comment {
	int64_t id;
	char *author;
	bool internal;
	char *body;
	int64_t created_at;
};
void comment_release(struct comment *c);

struct attachment {
	int64_t id;
	char *name;
	char sha256[65];
	int64_t size;
	char *uploader;
	int64_t created_at;
};
void attachment_release(struct attachment *a);

struct cve {
	char id[32];
	enum cve_state state;
	int64_t issue_id;        /* 0 when in the pool or retired unused */
	char *reason;            /* retirement reason */
	int64_t reserved_at;
	int64_t assigned_at;
	int64_t published_at;
	int64_t retired_at;
};
void cve_release(struct cve *c);

struct fix {
	int64_t id;
	int64_t issue_id;
	char *url;
	char *repo;
	char *branch;
	char *commit;
	enum fix_state state;
	int64_t merged_at;
	int64_t created_at;
};
void fix_release(struct fix *f);

struct backport {
	int64_t id;
	int64_t issue_id;
	int64_t release_id;
	char *release;
	enum backport_state state;
	char *reason;
	char *fix_url;
	int64_t updated_at;
};
void backport_release(struct backport *b);

struct grant {
	int64_t id;
	char *person;
	char *granted_by;
	char *reason;
	int64_t granted_at;
	char *revoked_by;
	int64_t revoked_at;      /* 0 = in force */
};
void grant_release(struct grant *g);

struct decision {
	int64_t id;
	int64_t issue_id;
	char *kind;              /* embargo-yes, embargo-no, extend, publish */
	int64_t until;
	char *reason;
};

struct meeting {
	int64_t id;
	int64_t date;
	struct strlist attendees;
	struct decision *decisions;
	size_t ndecisions;
};
void meeting_release(struct meeting *m);

struct audit_event {
	int64_t seq;
	int64_t at;
	char *actor;
	char *action;
	char *object;
	char *detail;
};
void audit_event_release(struct audit_event *e);

/* Sign-in data of one person (never leaves service/). */
struct person_auth {
	int64_t id;
	unsigned roles;
	bool disabled;
	char *password_hash;     /* argon2id string or NULL */
	char *totp_secret;       /* base32 or NULL */
	bool totp_enabled;
	int64_t totp_last_step;  /* last accepted TOTP time step (replay guard) */
};
void person_auth_release(struct person_auth *a);

struct session_row {
	int64_t id;
	int64_t person_id;
	char csrf[65];
	bool mfa;
	int64_t expires_at;
	int64_t revoked_at;
};

struct api_token {
	int64_t id;
	int64_t person_id;
	char *name;
	char scope[8];           /* "read" or "write" */
	bool mfa;
	int64_t created_at;
	int64_t expires_at;
	int64_t revoked_at;
};
void api_token_release(struct api_token *t);

/* Free an array of n objects with their release function, then the array. */
#define OBJ_LIST_FREE(arr, n, fn)                    \
	do {                                         \
		for (size_t i_ = 0; i_ < (n); i_++) \
			fn(&(arr)[i_]);              \
		free(arr);                           \
	} while (0)

#endif
