/*
 * web_support.h — service functions the web pages need beyond the API's
 * (src/service/web_support.c, report_web.c): the acting person's roles as
 * they count now (for the navigation), whether a reference to an issue or
 * a CVE id may become a link for the viewer, the second sign-in step of a
 * browser session, and the public report form. Like every service
 * function, they decide through access.c and change data in one
 * transaction with its audit event.
 */
#ifndef VIGIL_SERVICE_WEB_SUPPORT_H
#define VIGIL_SERVICE_WEB_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/limits.h"
#include "service/service.h"

/* The acting person's global roles as they count now (ROLE_* flags): none
 * for anonymous and for a session that still owes its second factor. */
unsigned svc_roles(const struct svc *svc);
/* Does the acting person work on issues now (maintainer, architect, release
 * manager, assignee or grantee, with the second factor given when owed)? */
bool svc_works_on_issues(struct svc *svc);
/*
 * May the viewer follow a reference to issue key ("SEC-12")? True only when
 * the key names an issue the viewer may see; a malformed key, a missing
 * issue and a hidden one are all false. Never fails otherwise.
 */
bool svc_ref_visible(struct svc *svc, const char *key);
/*
 * The key of a visible issue that holds CVE id cve ("CVE-2027-0001"): true
 * with ret_key filled when the viewer may see that issue, false otherwise
 * (no such id, not assigned, or a hidden issue).
 */
bool svc_cve_issue_visible(struct svc *svc, const char *cve, char ret_key[ISSUE_KEY_MAX]);

/*
 * The first step of the web's two-step sign-in: like svc_login() without a
 * code, except that a person who has enrolled a second factor also gets a
 * session — a restricted one (reporter reach, like any session that owes
 * its factor) until svc_session_second_factor() is given the code.
 * ret->mfa_enrolled tells the page to ask for it.
 */
int svc_login_first_step(struct svc *svc, const char *login, const char *password,
	const char *addr, struct login_result *ret, struct errdetail *d);

/*
 * Give the second factor to the current browser session: a TOTP code or a
 * recovery code of the signed-in person, who has enrolled. Upgrades the
 * session (svc->session_id) so it counts as having given the factor, and
 * records the sign-in in the audit log. Throttled like svc_login (addr).
 * ERR_PERM for a wrong code, ERR_LIMIT when throttled, ERR_CONFLICT when
 * the person has not enrolled or the session already gave it.
 */
int svc_session_second_factor(struct svc *svc, const char *code, const char *addr,
	struct errdetail *d);

/* One of the acting person's own reports, for "My reports". */
struct my_report {
	char key[ISSUE_KEY_MAX];
	char *title;
	enum state state;
	int64_t reported_at;
	int64_t last_shared;         /* time of the newest shared comment, 0 none */
};
/*
 * The issues the acting person reported and may see, newest first, each
 * with the time of its newest shared comment. *ret: my_reports_free().
 */
int svc_my_reports(struct svc *svc, struct my_report **ret, size_t *ret_n,
	struct errdetail *d);
void my_reports_free(struct my_report *r, size_t n);

/* --- the public report form (report_web.c) --- */
struct web_report_in {
	const char *title;
	const char *description;
	const char *version;         /* optional: affected version */
	const char *email;           /* contact address: required when signed out */
	const char *name;            /* optional display name of a new account */
	const char *credit;          /* optional: name to credit */
	bool anonymous;              /* credit nobody */
	const char *attachment_name; /* optional proof of concept */
	const void *attachment;
	size_t attachment_len;
	const char *addr;            /* the client's address: signed-out reports are
	                              * limited per address (LIM_WEB_REPORTS_PER_ADDR) */
};

struct web_report_result {
	char key[ISSUE_KEY_MAX];
	char login[LIM_LOGIN_MAX + 1];       /* a new account: its login, else "" */
	char password[SVC_TOKEN_MAX];        /* a new account: its password, shown once */
};

/*
 * File a report from the web form. Signed in: under the acting person.
 * Signed out: creates an account with the reporter role for email (login
 * derived from the address, a random password returned once), then the
 * issue — both, with the attachment and their audit events, in one
 * transaction. An address that already belongs to an account is refused
 * with ERR_CONFLICT "email: has an account already; sign in first".
 * Nothing changes on failure.
 */
int svc_web_report(struct svc *svc, const struct web_report_in *in,
	struct web_report_result *ret, struct errdetail *d);

#endif
