/*
 * service.h — vigil's use cases: the one layer every front-end (CLI, HTTP
 * API, pages, mail, exports) calls. It decides who may do what (through
 * model/policy.c and model/visibility.c, see access.c), validates every
 * input, runs each change and its audit event in one transaction, and
 * returns plain structs. A hidden issue answers exactly like a missing one:
 * ERR_NOTFOUND with the same detail.
 *
 * Conventions: functions return 0 or a negative enum err and fill d with
 * the field and reason on failure; nothing changes on failure. Returned
 * structs are owned by the caller and freed with their *_release().
 */
#ifndef VIGIL_SERVICE_SERVICE_H
#define VIGIL_SERVICE_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/issue.h"
#include "model/objects.h"

struct store;

/* A session of one acting person (or nobody) against one database. */
struct svc {
	struct store *st;
	struct person me;     /* me.id == 0: anonymous */
	char prefix[16];      /* issue key prefix, e.g. "SEC" */
	bool system;          /* acting as the scheduler (audit actor "system") */
	int64_t session_id;   /* signed in through a session (HTTP), else 0 */
	bool restricted;      /* signed in without a second factor: sees and does only what
	                       * a reporter may (their own reports, public issues) */
	bool read_only;       /* signed in with a read-only API token */
	bool via_token;       /* signed in with an API token */
	bool networked;       /* signed in over the network (session or token), not
	                       * trusted like the holder of the database file */
	bool mail_gateway;    /* the local mail gateway and sender (svc_open_mail in
	                       * service/mail.h): no person, acts as "system" */
};

/* --- sessions (svc.c) --- */

/*
 * Create a new database at path with its first admin (login, email) and
 * the issue key prefix (set the admin's password with svc_password_reset).
 * ERR_CONFLICT when the file already holds people.
 */
int svc_init(const char *path, const char *admin_login, const char *admin_email,
	const char *key_prefix, struct errdetail *d);

/*
 * Open the database at path acting as login (NULL: anonymous). An unknown
 * or disabled login is refused with ERR_PERM. *ret is freed with svc_close.
 */
int svc_open(const char *path, const char *login, struct svc **ret, struct errdetail *d);
void svc_close(struct svc *svc);

/* Format issue id as "<PREFIX>-<id>" into out (ISSUE_KEY_MAX). */
void svc_key(struct svc *svc, int64_t id, char out[ISSUE_KEY_MAX]);

/* --- people, subsystems, releases (people.c, product.c) --- */
int svc_user_add(struct svc *svc, const char *login, const char *email, const char *name,
	unsigned roles, struct errdetail *d);
int svc_user_list(struct svc *svc, struct person **ret, size_t *ret_n, struct errdetail *d);
int svc_user_roles(struct svc *svc, const char *login, unsigned add, unsigned remove,
	struct errdetail *d);
int svc_user_disable(struct svc *svc, const char *login, bool disabled, struct errdetail *d);
/* Change roles and the disabled flag of login in one transaction: every
 * check comes before the first change (disabled: -1 unchanged, 0, 1). */
int svc_user_update(struct svc *svc, const char *login, unsigned add, unsigned remove,
	int disabled, struct errdetail *d);

int svc_subsystem_add(struct svc *svc, const char *name, const struct strlist *globs,
	const struct strlist *maintainers, const char *architect, struct errdetail *d);
int svc_subsystem_list(struct svc *svc, struct subsystem **ret, size_t *ret_n,
	struct errdetail *d);
int svc_release_add(struct svc *svc, const char *name, const char *branch, const char *date,
	bool lts, const struct strlist *managers, struct errdetail *d);
/* Every release; a signed-out caller gets no managers. */
int svc_release_list(struct svc *svc, struct release **ret, size_t *ret_n,
	struct errdetail *d);
int svc_release_eol(struct svc *svc, const char *name, struct errdetail *d);

/* --- reports and issues (report.c, issue_*.c) --- */
struct report_in {
	const char *title;
	const char *description;
	const char *subsystem;       /* optional */
	const char *version;         /* optional: affected version as reported */
	const char *credit;          /* optional: name to credit */
	bool anonymous;              /* credit nobody */
	enum source source;
	const char *on_behalf_of;    /* psirt only: login of the reporter */
};
int svc_report(struct svc *svc, const struct report_in *in, char ret_key[ISSUE_KEY_MAX],
	struct errdetail *d);

struct issue_filter {
	int state;                   /* -1: any */
	const char *search;          /* substring of title or description, or NULL */
	const char *subsystem;       /* or NULL */
};

/* One issue as a person may see it, with what belongs to it. */
struct issue_view {
	struct issue is;             /* redacted to view */
	enum view view;
	int64_t ack_due, fix_due;
	struct comment *comments;    /* internal ones only with VIEW_FULL */
	size_t ncomments;
	struct attachment *attachments;
	size_t nattachments;
	struct cve *cves;
	size_t ncves;
	struct fix *fixes;
	size_t nfixes;
	struct backport *backports;
	size_t nbackports;
	struct grant *grants;        /* VIEW_FULL only */
	size_t ngrants;
	struct strlist refs;         /* "KEY\tTitle" of issues mentioned and visible */
};
void issue_view_release(struct issue_view *v);

/* Issues the acting person may see, matching f, in key order. Only the
 * issue fields are filled (no comments...). */
int svc_issue_list(struct svc *svc, const struct issue_filter *f, struct issue_view **ret,
	size_t *ret_n, struct errdetail *d);
void issue_view_list_free(struct issue_view *v, size_t n);
/* Counts per state of the issues the acting person may see. */
int svc_issue_counts(struct svc *svc, int64_t ret_counts[ST__COUNT], struct errdetail *d);
int svc_issue_show(struct svc *svc, const char *key, struct issue_view *ret,
	struct errdetail *d);

int svc_issue_ack(struct svc *svc, const char *key, struct errdetail *d);
int svc_issue_assign(struct svc *svc, const char *key, const char *login,
	struct errdetail *d);

struct issue_changes {
	const char *title;
	const char *subsystem;
	const char *priority;        /* "P1".."P4" */
	const char *cvss;
	const char *embargo;         /* "yes" | "no" */
	const char *embargo_until;   /* YYYY-MM-DD */
	const char *introduced;
	const char *credit;
	int anonymous;               /* -1 unchanged, 0, 1 */
	const char *public_link;
};
int svc_issue_set(struct svc *svc, const char *key, const struct issue_changes *c,
	struct errdetail *d);
int svc_issue_move(struct svc *svc, const char *key, const char *state,
	const char *release, const char *reason, struct errdetail *d);
int svc_issue_reject(struct svc *svc, const char *key, const char *resolution,
	const char *duplicate_of, struct errdetail *d);
/*
 * Publish: when the embargo is over, publishes at once. Otherwise the first
 * psirt member proposes early publication with a reason (*ret_done false),
 * and a second, different psirt member confirms (*ret_done true).
 */
int svc_issue_publish(struct svc *svc, const char *key, const char *reason, bool *ret_done,
	struct errdetail *d);
int svc_issue_comment(struct svc *svc, const char *key, const char *text, bool internal,
	struct errdetail *d);
int svc_issue_grant(struct svc *svc, const char *key, const char *login, const char *reason,
	struct errdetail *d);
int svc_issue_revoke(struct svc *svc, const char *key, const char *login,
	struct errdetail *d);
int svc_issue_attach(struct svc *svc, const char *key, const char *name, const void *data,
	size_t len, int64_t *ret_id, struct errdetail *d);
int svc_issue_attachment(struct svc *svc, const char *key, int64_t id,
	struct attachment *ret, void **ret_data, struct errdetail *d);
/* The audit events of an issue (VIEW_FULL only). */
int svc_issue_history(struct svc *svc, const char *key, struct audit_event **ret,
	size_t *ret_n, struct errdetail *d);

/* --- CVE ids (cve.c) --- */
int svc_cve_reserve(struct svc *svc, const char *range, int *ret_count, struct errdetail *d);
int svc_cve_assign(struct svc *svc, const char *key, const char *cve, char ret_id[32],
	struct errdetail *d);
int svc_cve_retire(struct svc *svc, const char *cve, const char *reason, struct errdetail *d);
/* CVE ids the acting person may see (the pool for psirt; others only ids
 * of issues they can see). */
int svc_cve_list(struct svc *svc, struct cve **ret, size_t *ret_n, struct errdetail *d);

/* One row of the CVE <-> fix table. */
struct cve_fix_row {
	char cve[32];
	char key[ISSUE_KEY_MAX];
	struct fix fix;
};
int svc_cve_fixes(struct svc *svc, struct cve_fix_row **ret, size_t *ret_n,
	struct errdetail *d);
void cve_fix_rows_free(struct cve_fix_row *rows, size_t n);

/* --- fixes and backports (fix.c) --- */
int svc_fix_add(struct svc *svc, const char *key, const char *url, const char *branch,
	const char *commit, const char *repo, struct errdetail *d);
/* Mark a fix merged (optionally with its commit) or closed. */
int svc_fix_state(struct svc *svc, const char *key, const char *url, const char *state,
	const char *commit, struct errdetail *d);
int svc_backport_list(struct svc *svc, const char *key, struct backport **ret,
	size_t *ret_n, struct errdetail *d);
int svc_backport_set(struct svc *svc, const char *key, const char *release,
	const char *state, const char *fix_url, const char *reason, struct errdetail *d);

/* --- meetings (meeting.c) --- */
int svc_meeting_add(struct svc *svc, const char *date, const struct strlist *attendees,
	int64_t *ret_id, struct errdetail *d);
/* kind: "embargo-yes", "embargo-no", "extend" (until required), "publish". */
int svc_meeting_decide(struct svc *svc, int64_t meeting, const char *key, const char *kind,
	const char *until, const char *reason, struct errdetail *d);
int svc_meeting_list(struct svc *svc, struct meeting **ret, size_t *ret_n,
	struct errdetail *d);

/* --- scheduler (tick.c) --- */
struct tick_result {
	struct strlist published;        /* keys published now */
	struct strlist disclosed_unfixed; /* of those, published before release */
	struct strlist ack_overdue;
	struct strlist fix_overdue;
	struct strlist embargo_soon;      /* "KEY\tYYYY-MM-DD" */
};
void tick_result_release(struct tick_result *r);
/*
 * Publish every issue whose embargo has ended and list overdue
 * acknowledgements and fixes. Runs as the system (no acting person needed);
 * the lists are filtered by what the acting person may see.
 */
int svc_tick(struct svc *svc, struct tick_result *ret, struct errdetail *d);

/* --- status report (status.c, SPEC §8) --- */
#define STATUS_MONTHS_MAX 120   /* months in the state-over-time chart */
#define STATUS_BUCKETS 7        /* time-to-fix histogram: 0-7, 8-14, 15-30, 31-60,
                                 * 61-90, 91-180, 181+ days */
#define STATUS_BP_STATES 5      /* enum backport_state values */

struct status_item {
	char key[ISSUE_KEY_MAX];
	int64_t date;                /* due date (overdue) or embargo end */
};
struct status_release {
	char *name;
	int64_t counts[STATUS_BP_STATES]; /* by enum backport_state */
};
struct status_month {
	int year, month;             /* state at the end of this month */
	int64_t counts[ST__COUNT];
};
struct status_median {
	size_t n;                    /* issues it was taken over */
	double days;                 /* valid when n > 0 */
};
/* What the acting person may see of the state of security issues. Only
 * issues they may see are counted; backports only where their view shows
 * them. since/until (0: unbounded) select the issues of the medians and
 * the histogram (by report date) and the months of the chart. */
struct status_report {
	int64_t now, since, until;
	int64_t total;
	int64_t counts[ST__COUNT];
	struct status_item *ack_overdue, *fix_overdue, *embargo_soon;
	size_t nack_overdue, nfix_overdue, nembargo_soon;
	struct status_release *releases;
	size_t nreleases;
	struct status_median to_ack, to_fix, to_publish;
	int64_t fix_hist[STATUS_BUCKETS];
	struct status_month *months;
	size_t nmonths;
};
void status_report_release(struct status_report *r);
/* The bucket limits of fix_hist (the last is open): 7, 14, 30, 60, 90, 180. */
extern const int status_bucket_max[STATUS_BUCKETS - 1];
/*
 * Build the status report; since and until are "YYYY-MM-DD" or NULL
 * (until is inclusive). ERR_INVAL naming "since" or "until" otherwise.
 */
int svc_status(struct svc *svc, const char *since, const char *until,
	struct status_report *ret, struct errdetail *d);

/* --- accounts (account.c) --- */
#define SVC_TOKEN_MAX 80

struct login_result {
	char session[SVC_TOKEN_MAX];  /* the cookie value: shown once */
	char csrf[SVC_TOKEN_MAX];
	bool mfa;                     /* the second factor was given */
	bool mfa_required;            /* this person must give one to see issue data */
	bool mfa_enrolled;
};

/*
 * Sign in: password, and the TOTP code (or a recovery code) when the person
 * has enrolled. Throttled per login and per address (addr). Every wrong
 * login, password or code gives the same ERR_PERM; too many give ERR_LIMIT.
 * svc is an anonymous session on the database.
 */
int svc_login(struct svc *svc, const char *login, const char *password, const char *otp,
	const char *addr, struct login_result *ret, struct errdetail *d);
/* Open the database as the person of a session cookie value. ERR_PERM when
 * the session is unknown, expired or revoked; another error (ERR_DB) when
 * the database could not tell. ret_csrf gets its CSRF token. */
int svc_open_session(const char *path, const char *session, struct svc **ret,
	char ret_csrf[SVC_TOKEN_MAX], struct errdetail *d);
/* Open the database as the person of an API token (Bearer). */
int svc_open_token(const char *path, const char *token, struct svc **ret,
	struct errdetail *d);
int svc_logout(struct svc *svc, struct errdetail *d);
/* Change one's own password (the old one is needed once one is set);
 * revokes every session of the person. */
int svc_password_change(struct svc *svc, const char *old, const char *new_password,
	struct errdetail *d);
/* admin: give login a new random password (printed once); revokes sessions. */
int svc_password_reset(struct svc *svc, const char *login, char ret_password[SVC_TOKEN_MAX],
	struct errdetail *d);
/* Start TOTP enrolment: a new secret (base32) and its otpauth:// URI. */
int svc_totp_begin(struct svc *svc, char **ret_secret, char **ret_uri, struct errdetail *d);
/* Confirm enrolment with a current code: enables TOTP, returns 10 recovery
 * codes (shown once), and upgrades the current session. */
int svc_totp_confirm(struct svc *svc, const char *code, struct strlist *ret_codes,
	struct errdetail *d);
/* admin: remove a person's second factor so they can enrol again. */
int svc_totp_reset(struct svc *svc, const char *login, struct errdetail *d);
/* Create an API token (scope "read" or "write", valid days 1..365); the
 * secret is returned once and stored only hashed. */
int svc_token_create(struct svc *svc, const char *name, const char *scope, int days,
	char ret_token[SVC_TOKEN_MAX], struct errdetail *d);
int svc_token_list(struct svc *svc, struct api_token **ret, size_t *ret_n,
	struct errdetail *d);
int svc_token_revoke(struct svc *svc, const char *name, struct errdetail *d);

/* What the signed-in person's second factor stands at. */
struct account_info {
	bool mfa_required;   /* must give one to see issue data */
	bool mfa_enrolled;
	bool mfa;            /* this session or token gave it */
};
int svc_account_info(struct svc *svc, struct account_info *ret, struct errdetail *d);

/* May the acting person read the server's metrics (admin or psirt)? */
int svc_monitor_check(struct svc *svc, struct errdetail *d);

/* --- advisories (advisory.c): the input of src/export/ --- */
enum advisory_cfg {
	ADV_ORG_NAME, ADV_ORG_ID, ADV_CNA, ADV_VENDOR, ADV_PRODUCT, ADV_REPO_URL,
	ADV_ADVISORY_URL, ADV_OSV_PREFIX, ADVISORY_CFG__COUNT
};
struct advisory {
	char key[ISSUE_KEY_MAX];
	struct issue_view v;          /* the public view: public fields only */
	struct release *releases;     /* every release of the product */
	size_t nreleases;
	char *cfg[ADVISORY_CFG__COUNT]; /* the settings of config.c, by enum advisory_cfg */
};
void advisory_release(struct advisory *a);
/* The advisory input of a public issue the caller may see. A hidden issue
 * is ERR_NOTFOUND, a visible one not yet public ERR_CONFLICT. */
int svc_advisory(struct svc *svc, const char *key, struct advisory *ret, struct errdetail *d);
/* Keys of the public issues, in key order. */
int svc_advisory_keys(struct svc *svc, struct strlist *ret, struct errdetail *d);
/*
 * The public counterpart of an issue that needs no embargo (SPEC §4): its
 * public view, for the text psirt files in the regular bug tracker (store
 * the link with issue set --public-link). psirt only; ERR_CONFLICT naming
 * "embargo" unless the embargo decision is "no".
 */
int svc_issue_counterpart(struct svc *svc, const char *key, struct issue_view *ret,
	struct errdetail *d);
/* Record an export of ndocs documents in format in the audit log. */
int svc_export_record(struct svc *svc, const char *format, size_t ndocs, struct errdetail *d);

/* --- the vulnerabilities page (page.c): the input of export/page.c --- */
struct page_embargoed {
	char cve[32];                 /* an id assigned to an issue not yet public */
	int64_t until;                /* end of its embargo, 0 = not set */
};
struct page {
	struct advisory *pub;         /* every public issue, key order (public views) */
	size_t npub;
	struct page_embargoed *emb;   /* ids of embargoed issues: id and date only */
	size_t nemb;
	char *main_branch;            /* the configured main branch */
};
void page_release(struct page *p);
/* The page's input, the same for whoever asks. *ret: page_release(). */
int svc_page(struct svc *svc, struct page *ret, struct errdetail *d);

/* --- release report (release_report.c, SPEC §8) --- */
/* One issue a release fixes. An embargoed one carries only its CVE ids and
 * the embargo's end: key, title and the rest stay empty. */
struct release_entry {
	struct strlist cves;          /* its CVE ids (retired ones left out) */
	bool embargoed;               /* not public yet: only cves, embargo_until */
	int64_t embargo_until;        /* embargoed: 0 when no date is set */
	char key[ISSUE_KEY_MAX];      /* public ones only from here on */
	char *title;
	char *severity;               /* NULL when not scored */
	double score;
	char *fixed_in;
	int64_t published_at;
};
struct release_report {
	char *release;
	struct release_entry *entries; /* public ones in key order, then the
	                                * embargoed ones in CVE id order */
	size_t nentries;
};
void release_report_release(struct release_report *r);
/*
 * The issues release fixes (it ships the fix, or a backport to it is
 * merged or released): a full entry per public issue, CVE ids and the
 * embargo's end per embargoed issue with a CVE id, for anyone (anonymous
 * too). An unknown release is ERR_INVAL naming "release".
 */
int svc_release_report(struct svc *svc, const char *release, struct release_report *ret,
	struct errdetail *d);

/* --- configuration (config.c) --- */
/* Set a setting (admin, psirt): ERR_INVAL naming "key" or "value". */
int svc_config_set(struct svc *svc, const char *key, const char *value, struct errdetail *d);
/* A setting's value, or its default while unset; *ret is malloc'd. Anyone. */
int svc_config_get(struct svc *svc, const char *key, char **ret, struct errdetail *d);
/* Every setting as pairs: key, value, key, value... */
int svc_config_list(struct svc *svc, struct strlist *ret, struct errdetail *d);
/* One line about a setting, or NULL for an unknown key. */
const char *svc_config_about(const char *key);

/* --- audit (audit.c) --- */
int svc_audit_verify(struct svc *svc, int64_t *ret_count, int64_t *ret_bad_seq,
	const char **ret_why, struct errdetail *d);
int svc_audit_list(struct svc *svc, size_t limit, struct audit_event **ret, size_t *ret_n,
	struct errdetail *d);

#endif
