/*
 * page_issue.h — what the files of the issue page share (page_issue.c
 * renders it, page_issue_forms.c writes its action forms,
 * page_issue_cvss.c the CVSS vector editor, page_issue_actions.c takes the
 * POSTed forms). Private to src/web. Every decision — what the viewer
 * sees, which forms they get, whether a change is allowed — comes from
 * service/; these files only lay it out.
 */
#ifndef VIGIL_WEB_PAGE_ISSUE_H
#define VIGIL_WEB_PAGE_ISSUE_H

#include "service/dashboard.h"
#include "web/web.h"

/* The page's Content-Security-Policy: the pages' own, and the vector
 * editor's script may ask POST /api/v1/cvss for the score. */
#define ISSUE_PAGE_CSP "default-src 'none'; style-src 'self'; script-src 'self'; " \
	"img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; " \
	"frame-ancestors 'none'"

/* A form's optional field: NULL when absent or empty. */
const char *issue_opt(struct http_req *req, const char *name);

/*
 * Write the whole issue page of key for the acting person with status
 * (200, or the 4xx of a refused form), err (a refused form's error, shown
 * at the top, or NULL) and cvss_preview (a vector the editor should show
 * scored, or NULL). A hidden or missing issue gives the one 404 page.
 * Returns the status.
 */
int issue_page_render(struct http_req *req, struct http_resp *resp, const char *key,
	int status, const struct errdetail *err, const char *cvss_preview);

/* --- page_issue_forms.c: the action forms, each shown only when the
 * service says the viewer may use it --- */
void issue_forms_moves(struct buf *b, struct http_req *req, const char *key,
	const struct issue_moves *m);
void issue_forms_triage(struct buf *b, struct http_req *req, const struct issue_view *v,
	const struct issue_abilities *a);
void issue_form_comment(struct buf *b, struct http_req *req, const char *key,
	const struct issue_abilities *a);
void issue_form_upload(struct buf *b, struct http_req *req, const char *key);
void issue_form_cve(struct buf *b, struct http_req *req, const char *key);
void issue_forms_fix(struct buf *b, struct http_req *req, const char *key,
	const struct fix *f);
void issue_form_fix_add(struct buf *b, struct http_req *req, const char *key);
void issue_form_backport(struct buf *b, struct http_req *req, const char *key,
	const struct backport *bp);
void issue_form_backport_add(struct buf *b, struct http_req *req, const char *key);
void issue_form_revoke(struct buf *b, struct http_req *req, const char *key,
	const char *login);
void issue_form_grant(struct buf *b, struct http_req *req, const char *key);

/* --- page_issue_cvss.c --- */
/* The vector editor: one select per metric of v3.1 and v4.0, prefilled from
 * current (the issue's vector or NULL); preview (or NULL) is scored and
 * shown, with its error when it does not parse. */
void issue_form_cvss(struct buf *b, struct http_req *req, const char *key,
	const char *current, const char *preview);
/* The vector a submitted editor form describes: the pasted "vector" field
 * when given, else the selects of the chosen "version". 0, or ERR_INVAL
 * naming the field. */
int issue_cvss_from_form(struct http_req *req, struct buf *out, struct errdetail *d);
/* The score, severity and version of vector in words ("9.8 Critical
 * (CVSS 3.1)"), or its error. */
void issue_cvss_score(struct buf *b, const char *vector);

#endif
