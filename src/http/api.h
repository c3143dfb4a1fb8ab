/*
 * api.h — the JSON API handlers of src/http (api_issues.c, api_people.c,
 * api_cve.c, api_misc.c) and the small helpers they share. Each handler
 * decodes its input strictly (jsonin.c), calls one service function and
 * answers with present_* JSON or a problem; none decides who may do what.
 * Every handler returns the HTTP status it put into resp.
 */
#ifndef VIGIL_HTTP_API_H
#define VIGIL_HTTP_API_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

/* Is ct (a Content-Type header or NULL) the media type want, with or
 * without parameters? Case-insensitive. */
bool http_media_is(const char *ct, const char *want);

/* Answer {"ok": true} with status. */
int api_ok(struct http_resp *resp, int status);
/* The answer of a change: rc's problem, or {"ok": true} with status. */
int api_answer(struct http_resp *resp, int rc, const struct errdetail *d, int status);
/* For a route whose body must be empty or {}: 0, or the status of the
 * problem already put into resp. */
int api_no_body(struct http_req *req, struct http_resp *resp);

/* Answer 200 with len bytes of data as content_type (a static string). */
int api_bytes(struct http_resp *resp, const char *content_type, const void *data, size_t len);

/* The service names some fields as the CLI spells them ("path", "attendee");
 * give the API's name instead when d->field is from. */
void api_field_rename(struct errdetail *d, const char *from, const char *to);

/* Parse a decimal id (digits only, 1..INT64_MAX); -1 if it is not one. */
long long api_parse_id(const char *s);

/* the one rule for attachment names in downloads. name made
 * safe in a quoted Content-Disposition parameter: A-Za-z0-9._- kept (no
 * leading '.'), every other byte '_', never empty; out has outlen bytes. */
void api_safe_filename(const char *name, char *out, size_t outlen);

/* the one rule for the session cookie (API and pages): set
 * it to value (HttpOnly, SameSite=Strict, Secure behind TLS, 12 hours), or
 * clear it when value is "". */
void api_session_cookie(struct http_req *req, struct http_resp *resp, const char *value);

/* issues (api_issues.c, api_issue_work.c) */
int api_issue_list(struct http_req *req, struct http_resp *resp);
int api_issue_create(struct http_req *req, struct http_resp *resp);
int api_issue_counts(struct http_req *req, struct http_resp *resp);
int api_issue_show(struct http_req *req, struct http_resp *resp);
int api_issue_update(struct http_req *req, struct http_resp *resp);
int api_issue_ack(struct http_req *req, struct http_resp *resp);
int api_issue_assign(struct http_req *req, struct http_resp *resp);
int api_issue_move(struct http_req *req, struct http_resp *resp);
int api_issue_reject(struct http_req *req, struct http_resp *resp);
int api_issue_publish(struct http_req *req, struct http_resp *resp);
int api_comment_list(struct http_req *req, struct http_resp *resp);
int api_comment_create(struct http_req *req, struct http_resp *resp);
int api_attachment_list(struct http_req *req, struct http_resp *resp);
int api_attachment_upload(struct http_req *req, struct http_resp *resp);
int api_attachment_download(struct http_req *req, struct http_resp *resp);
int api_issue_history(struct http_req *req, struct http_resp *resp);
int api_grant_create(struct http_req *req, struct http_resp *resp);
int api_grant_revoke(struct http_req *req, struct http_resp *resp);

/* CVE ids, fixes, backports (api_cve.c) */
int api_issue_cve_assign(struct http_req *req, struct http_resp *resp);
int api_fix_create(struct http_req *req, struct http_resp *resp);
int api_fix_state(struct http_req *req, struct http_resp *resp);
int api_backport_list(struct http_req *req, struct http_resp *resp);
int api_backport_set(struct http_req *req, struct http_resp *resp);
int api_cve_list(struct http_req *req, struct http_resp *resp);
int api_cve_reserve(struct http_req *req, struct http_resp *resp);
int api_cve_retire(struct http_req *req, struct http_resp *resp);
int api_cve_fixes(struct http_req *req, struct http_resp *resp);

/* people, subsystems, releases, meetings (api_people.c) */
int api_person_list(struct http_req *req, struct http_resp *resp);
int api_person_create(struct http_req *req, struct http_resp *resp);
int api_person_update(struct http_req *req, struct http_resp *resp);
int api_person_password_reset(struct http_req *req, struct http_resp *resp);
int api_person_totp_reset(struct http_req *req, struct http_resp *resp);
int api_subsystem_list(struct http_req *req, struct http_resp *resp);
int api_subsystem_create(struct http_req *req, struct http_resp *resp);
int api_release_list(struct http_req *req, struct http_resp *resp);
int api_release_create(struct http_req *req, struct http_resp *resp);
int api_release_eol(struct http_req *req, struct http_resp *resp);
/* the release report (api_release_report.c) */
int api_release_report(struct http_req *req, struct http_resp *resp);
int api_meeting_list(struct http_req *req, struct http_resp *resp);
int api_meeting_create(struct http_req *req, struct http_resp *resp);
int api_meeting_decide(struct http_req *req, struct http_resp *resp);

/* process, audit, scoring (api_misc.c) */
int api_tick(struct http_req *req, struct http_resp *resp);
/* the status report (api_status.c) */
int api_status_report(struct http_req *req, struct http_resp *resp);
int api_audit_verify(struct http_req *req, struct http_resp *resp);
int api_audit_log(struct http_req *req, struct http_resp *resp);
int api_advisory(struct http_req *req, struct http_resp *resp);
int api_cvss(struct http_req *req, struct http_resp *resp);

/* the vulnerability-alerts list (api_alert.c; mail) */
int api_alert_request(struct http_req *req, struct http_resp *resp);
int api_alert_list(struct http_req *req, struct http_resp *resp);
int api_alert_get(struct http_req *req, struct http_resp *resp);
int api_alert_update(struct http_req *req, struct http_resp *resp);
int api_alert_decide(struct http_req *req, struct http_resp *resp);

/* the mail queue (api_outbox.c; mail) */
int api_outbox_list(struct http_req *req, struct http_resp *resp);
int api_outbox_get(struct http_req *req, struct http_resp *resp);
int api_outbox_retry(struct http_req *req, struct http_resp *resp);
int api_outbox_retry_held(struct http_req *req, struct http_resp *resp);

/* full-text search (api_search.c) */
int api_search(struct http_req *req, struct http_resp *resp);

/* HTML pages outside the API (api_pages.c) */
int api_page_release_report(struct http_req *req, struct http_resp *resp);
int api_page_status(struct http_req *req, struct http_resp *resp);

#endif
