/*
 * routes.c — the route table of `vigil serve`: every operation of
 * docs/api.md with its method, path pattern, handler, the largest body it
 * takes (a named limit from core/limits.h, 0 for none), who must be
 * signed in, and its OpenAPI operationId (tests/unit/test_openapi.c checks
 * that src/http/openapi.json lists exactly these). router_match() takes
 * the first pattern that fits, so a literal segment comes before a {param}
 * one that would also match it. No logic lives here.
 */
#include "http/api.h"

#include "core/limits.h"
#include "core/banned.h"

#define SMALL LIM_HTTP_BODY_SMALL
#define TEXT LIM_HTTP_BODY_TEXT
#define UPLOAD LIM_HTTP_BODY_UPLOAD

#define ISSUE "/api/v1/issues/{key}"

const struct route http_routes[] = {
	/* issues; "counts" before {key} */
	{"GET", "/api/v1/issues", api_issue_list, 0, AUTH_ANY, "listIssues"},
	{"POST", "/api/v1/issues", api_issue_create, TEXT, AUTH_PERSON, "createIssue"},
	{"GET", "/api/v1/issues/counts", api_issue_counts, 0, AUTH_ANY, "countIssues"},
	/* full-text search over what the caller may see (docs/search.md) */
	{"GET", "/api/v1/search", api_search, 0, AUTH_ANY, "searchIssues"},
	{"GET", ISSUE, api_issue_show, 0, AUTH_ANY, "getIssue"},
	{"PATCH", ISSUE, api_issue_update, SMALL, AUTH_PERSON, "updateIssue"},
	{"POST", ISSUE "/ack", api_issue_ack, SMALL, AUTH_PERSON, "acknowledgeIssue"},
	{"POST", ISSUE "/assign", api_issue_assign, SMALL, AUTH_PERSON, "assignIssue"},
	{"POST", ISSUE "/move", api_issue_move, SMALL, AUTH_PERSON, "moveIssue"},
	{"POST", ISSUE "/reject", api_issue_reject, SMALL, AUTH_PERSON, "rejectIssue"},
	{"POST", ISSUE "/publish", api_issue_publish, SMALL, AUTH_PERSON, "publishIssue"},
	{"GET", ISSUE "/comments", api_comment_list, 0, AUTH_ANY, "listComments"},
	{"POST", ISSUE "/comments", api_comment_create, TEXT, AUTH_PERSON, "createComment"},
	{"GET", ISSUE "/attachments", api_attachment_list, 0, AUTH_ANY, "listAttachments"},
	{"POST", ISSUE "/attachments", api_attachment_upload, UPLOAD, AUTH_PERSON,
		"uploadAttachment"},
	{"GET", ISSUE "/attachments/{id}", api_attachment_download, 0, AUTH_PERSON,
		"downloadAttachment"},
	{"GET", ISSUE "/history", api_issue_history, 0, AUTH_PERSON, "getIssueHistory"},
	{"GET", ISSUE "/advisories/{format}", api_advisory, 0, AUTH_ANY, "getAdvisory"},
	{"POST", ISSUE "/grants", api_grant_create, SMALL, AUTH_PERSON, "grantAccess"},
	{"DELETE", ISSUE "/grants/{login}", api_grant_revoke, 0, AUTH_PERSON, "revokeAccess"},
	{"POST", ISSUE "/cves", api_issue_cve_assign, SMALL, AUTH_PERSON, "assignCve"},
	{"POST", ISSUE "/fixes", api_fix_create, SMALL, AUTH_PERSON, "addFix"},
	{"POST", ISSUE "/fixes/state", api_fix_state, SMALL, AUTH_PERSON, "setFixState"},
	{"GET", ISSUE "/backports", api_backport_list, 0, AUTH_PERSON, "listBackports"},
	{"PUT", ISSUE "/backports/{release}", api_backport_set, SMALL, AUTH_PERSON,
		"setBackport"},

	/* CVE ids; "reserve" before {id} */
	{"GET", "/api/v1/cves", api_cve_list, 0, AUTH_ANY, "listCves"},
	{"POST", "/api/v1/cves/reserve", api_cve_reserve, SMALL, AUTH_PERSON, "reserveCves"},
	{"POST", "/api/v1/cves/{id}/retire", api_cve_retire, SMALL, AUTH_PERSON, "retireCve"},
	{"GET", "/api/v1/cve-fixes", api_cve_fixes, 0, AUTH_ANY, "listCveFixes"},

	/* people, subsystems, releases, meetings */
	{"GET", "/api/v1/people", api_person_list, 0, AUTH_PERSON, "listPeople"},
	{"POST", "/api/v1/people", api_person_create, SMALL, AUTH_PERSON, "createPerson"},
	{"PATCH", "/api/v1/people/{login}", api_person_update, SMALL, AUTH_PERSON,
		"updatePerson"},
	{"POST", "/api/v1/people/{login}/password-reset", api_person_password_reset, SMALL,
		AUTH_PERSON, "resetPassword"},
	{"POST", "/api/v1/people/{login}/totp-reset", api_person_totp_reset, SMALL,
		AUTH_PERSON, "resetTotp"},
	{"GET", "/api/v1/subsystems", api_subsystem_list, 0, AUTH_PERSON, "listSubsystems"},
	{"POST", "/api/v1/subsystems", api_subsystem_create, SMALL, AUTH_PERSON,
		"createSubsystem"},
	{"GET", "/api/v1/releases", api_release_list, 0, AUTH_PERSON, "listReleases"},
	{"POST", "/api/v1/releases", api_release_create, SMALL, AUTH_PERSON, "createRelease"},
	{"GET", "/api/v1/releases/{name}/report", api_release_report, 0, AUTH_ANY,
		"getReleaseReport"},
	{"POST", "/api/v1/releases/{name}/eol", api_release_eol, SMALL, AUTH_PERSON,
		"endRelease"},
	{"GET", "/api/v1/meetings", api_meeting_list, 0, AUTH_PERSON, "listMeetings"},
	{"POST", "/api/v1/meetings", api_meeting_create, SMALL, AUTH_PERSON, "createMeeting"},
	{"POST", "/api/v1/meetings/{id}/decisions", api_meeting_decide, SMALL, AUTH_PERSON,
		"addDecision"},

	/* the vulnerability-alerts list (api_alert.c; mail); "requests"
	 * before {id} */
	{"POST", "/api/v1/alert-list/requests", api_alert_request, TEXT, AUTH_ANY,
		"requestAlertMembership"},
	{"GET", "/api/v1/alert-list", api_alert_list, 0, AUTH_PERSON, "listAlertMembers"},
	{"GET", "/api/v1/alert-list/{id}", api_alert_get, 0, AUTH_PERSON, "getAlertMember"},
	{"PATCH", "/api/v1/alert-list/{id}", api_alert_update, TEXT, AUTH_PERSON,
		"updateAlertMember"},
	{"POST", "/api/v1/alert-list/{id}/decision", api_alert_decide, SMALL, AUTH_PERSON,
		"decideAlertMember"},

	/* the mail queue (api_outbox.c; mail): psirt; "retry-held" before {id} */
	{"GET", "/api/v1/outbox", api_outbox_list, 0, AUTH_PERSON, "listOutbox"},
	{"POST", "/api/v1/outbox/retry-held", api_outbox_retry_held, SMALL, AUTH_PERSON,
		"retryHeldOutbox"},
	{"GET", "/api/v1/outbox/{id}", api_outbox_get, 0, AUTH_PERSON, "getOutboxMessage"},
	{"POST", "/api/v1/outbox/{id}/retry", api_outbox_retry, SMALL, AUTH_PERSON,
		"retryOutboxMessage"},

	/* process, audit, scoring */
	{"POST", "/api/v1/tick", api_tick, SMALL, AUTH_PERSON, "runTick"},
	{"GET", "/api/v1/reports/status", api_status_report, 0, AUTH_ANY, "getStatusReport"},
	{"GET", "/api/v1/audit/verify", api_audit_verify, 0, AUTH_PERSON, "verifyAudit"},
	{"GET", "/api/v1/audit/log", api_audit_log, 0, AUTH_PERSON, "listAudit"},
	{"POST", "/api/v1/cvss", api_cvss, SMALL, AUTH_ANY, "scoreCvss"},

	/* your account (api_auth.c) */
	{"POST", "/api/v1/login", api_login, LIM_HTTP_BODY_AUTH, AUTH_ANY, "login"},
	{"POST", "/api/v1/logout", api_logout, SMALL, AUTH_SESSION, "logout"},
	{"GET", "/api/v1/me", api_me, 0, AUTH_PERSON, "getMe"},
	{"POST", "/api/v1/me/password", api_password, SMALL, AUTH_PERSON, "changePassword"},
	{"POST", "/api/v1/me/totp", api_totp_begin, SMALL, AUTH_PERSON, "beginTotp"},
	{"POST", "/api/v1/me/totp/confirm", api_totp_confirm, SMALL, AUTH_PERSON,
		"confirmTotp"},
	{"GET", "/api/v1/me/tokens", api_token_list, 0, AUTH_PERSON, "listTokens"},
	{"POST", "/api/v1/me/tokens", api_token_create, SMALL, AUTH_PERSON, "createToken"},
	{"DELETE", "/api/v1/me/tokens/{name}", api_token_revoke, 0, AUTH_PERSON,
		"revokeToken"},

	/* outside the API (api_meta.c) */
	{"GET", "/api/v1/openapi.json", api_openapi, 0, AUTH_ANY, "getOpenapi"},
	{"GET", "/healthz", api_healthz, 0, AUTH_ANY, "healthz"},
	{"GET", "/metrics", api_metrics, 0, AUTH_PERSON, "getMetrics"},
	{"GET", "/.well-known/security.txt", api_security_txt, 0, AUTH_ANY, "getSecurityTxt"},

	/* HTML pages (api_pages.c); /vulnerabilities is a web page
	 * (src/web/page_vulnerabilities.c) */
	{"GET", "/releases/{name}/report", api_page_release_report, 0, AUTH_ANY,
		"getReleaseReportPage"},
	{"GET", "/reports/status", api_page_status, 0, AUTH_ANY, "getStatusReportPage"},
};

const size_t http_nroutes = sizeof(http_routes) / sizeof(http_routes[0]);
