/*
 * page_alert.c — the vulnerability-alerts list (SPEC §7, *Vulnerability
 * Registry*). /alert-list/request is the public request form (anyone, also
 * signed out: organisation, contact addresses, reason, optional OpenPGP
 * key; the anonymous CSRF token of web_run guards it) with a confirmation
 * page. /alert-list is the vetting page for the people the service lets
 * see the list (svc_alert_list: directors and psirt): every request with
 * its organisation, addresses, reason, key (its fingerprint and user ID
 * as GPGME reads them, mail_pgp_inspect(), or why it is unusable) or "no key",
 * status and who vetted it; directors get approve / deny / remove forms
 * with a note (svc_alert_decide decides again). Handles untrusted input:
 * every field of the public form and the stored requests, shown escaped.
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "http/api.h"
#include "service/mail.h"
#include "service/web_support.h"
#include "mail/mail.h"
#include "web/admin_form.h"
#include "core/banned.h"

/* --- the public request form --- */

static int
request_form(struct http_req *req, struct http_resp *resp, const struct form_fail *f)
{
	struct buf *b = &resp->body;

	af_begin(req, resp, "Join the vulnerability alert list", f);
	H(b, "<p>Organisations that ship or run the product can ask to be told about "
		"vulnerabilities before they are published, so that they can prepare fixes. "
		"A director reviews every request; you hear back by e-mail. Messages to the "
		"list are encrypted to your OpenPGP key when you give one.</p>\n"
		"<form method=\"post\" action=\"/alert-list/request\" class=\"card stack\">");
	web_csrf_field(b, req);
	af_error(b, f, "request", NULL);
	H(b, "<label for=\"al-org\">Organisation</label><input id=\"al-org\" name=\"org\" "
		"required maxlength=\"200\" autocomplete=\"organization\"");
	af_value(b, req, f, "request", "org");
	H(b, "><label for=\"al-addr\">Contact addresses (one or more e-mail addresses, "
		"separated by commas or new lines)</label><textarea id=\"al-addr\" "
		"name=\"addresses\" rows=\"2\" required>");
	af_text(b, req, f, "request", "addresses");
	H(b, "</textarea><label for=\"al-reason\">Why your organisation needs early notice"
		"</label><textarea id=\"al-reason\" name=\"reason\" rows=\"4\" required>");
	af_text(b, req, f, "request", "reason");
	H(b, "</textarea><label for=\"al-key\">OpenPGP public key (optional, ASCII armor)"
		"</label><textarea id=\"al-key\" name=\"pgp_key\" rows=\"6\" class=\"mono\" "
		"placeholder=\"-----BEGIN PGP PUBLIC KEY BLOCK-----\">");
	af_text(b, req, f, "request", "pgp_key");
	H(b, "</textarea><button type=\"submit\">Send the request</button></form>\n");
	return web_end(req, resp);
}

int
page_alert_request(struct http_req *req, struct http_resp *resp)
{
	return request_form(req, resp, NULL);
}

int
page_alert_request_post(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "request"};
	struct strlist addrs = {0};
	struct alert_request in = {0};
	int rc;

	rc = af_split(web_form(req, "addresses"), LIM_ALERT_ADDRESSES + 1, &addrs);
	if (rc == ERR_LIMIT)
		rc = err_setf(&f.d, ERR_INVAL, "addresses", "may name at most %d addresses",
			LIM_ALERT_ADDRESSES);
	if (rc == 0) {
		in.org = web_form(req, "org");
		in.addresses = &addrs;
		in.reason = web_form(req, "reason");
		in.pgp_key = af_opt(req, "pgp_key");
		in.addr = req->client_addr;   /* anonymous requests: limited per address */
		/* a key GnuPG cannot use is refused before anything is written */
		rc = mail_pgp_check_key(in.pgp_key, &f.d);
	}
	if (rc == 0) {
		rc = svc_alert_request(req->svc, &in, NULL, &f.d);
	}
	strlist_release(&addrs);
	if (rc == 0)
		return web_redirect(resp, "/alert-list/request/done");
	if (!af_showable(rc))
		return web_fail(req, resp, rc, &f.d);
	f.rc = rc;
	request_form(req, resp, &f);
	/* the per-address limit is a throttle, not a size */
	if (rc == ERR_LIMIT && strcmp(f.d.field, "request") == 0)
		resp->status = 429;
	return resp->status;
}

int
page_alert_request_done(struct http_req *req, struct http_resp *resp)
{
	web_begin(req, resp, "Request received");
	H(&resp->body, "<p class=\"flash\" role=\"status\">Thank you: your request to join "
		"the alert list is recorded.</p><p>A director will review it and you will hear "
		"back by e-mail at the addresses you gave.</p><p><a href=\"/\">Home</a></p>");
	return web_end(req, resp);
}

/* --- the vetting page --- */

/* "ABCD 1234 ..." from 40 or 64 hex digits. */
static void
fpr_groups(struct buf *b, const char *fpr)
{
	char g[5];

	for (size_t i = 0; fpr[i]; i += 4) {
		snprintf(g, sizeof(g), "%.4s", fpr + i);
		if (i)
			H(b, " ");
		h_text(b, g);
		if (strlen(g) < 4)
			break;
	}
}

/* The member's key as GPGME reads it (in a throw-away GnuPG home). */
static void
key_cell(struct buf *b, const char *key)
{
	struct errdetail d = {0};
	struct mail_pgp_info info;

	if (!key) {
		H(b, "<span class=\"muted\">no key</span>");
		return;
	}
	if (mail_pgp_inspect(key, &info, &d) < 0) {
		H(b, "<span class=\"muted\">the key cannot be read now (GnuPG failed)</span>");
		return;
	}
	if (info.fpr[0]) {
		H(b, "fingerprint <code class=\"fpr\">");
		fpr_groups(b, info.fpr);
		H(b, "</code>");
		if (info.uid[0]) {
			H(b, " ");
			h_text(b, info.uid);
		}
		if (info.expires > 0) {
			H(b, ", expires ");
			h_date(b, info.expires);
		}
	}
	if (!info.usable) {
		H(b, "<p class=\"error\">key unusable: ");
		h_text(b, info.why);
		H(b, " — messages to this member are held, never sent in plaintext</p>");
	}
}

/* The decisions open to a member in status s (the service checks again). */
static void
decision_options(struct buf *b, enum alert_status s)
{
	if (s == ALERT_REQUESTED)
		H(b, "<option value=\"approve\">Approve</option><option value=\"deny\">Deny"
			"</option>");
	else if (s == ALERT_APPROVED)
		H(b, "<option value=\"remove\">Remove from the list</option>");
	else
		H(b, "<option value=\"approve\">Approve after all</option>");
}

static void
decide_form(struct buf *b, struct http_req *req, const struct alert_member *m,
	const struct form_fail *f)
{
	char id[32];

	snprintf(id, sizeof(id), "%lld", (long long)m->id);
	af_error(b, f, "decide", id);
	H(b, "<form method=\"post\" class=\"stack\" action=\"");
	h_url(b, "/alert-list/%lld/decide", (long long)m->id);
	H(b, "\">");
	web_csrf_field(b, req);
	H(b, "<label for=\"ad-");
	h_int(b, m->id);
	H(b, "\">Decision</label><select name=\"decision\" id=\"ad-");
	h_int(b, m->id);
	H(b, "\">");
	decision_options(b, m->status);
	H(b, "</select><label for=\"an-");
	h_int(b, m->id);
	H(b, "\">Note (kept with the member, not mailed)</label><textarea name=\"note\" "
		"rows=\"2\" id=\"an-");
	h_int(b, m->id);
	H(b, "\">");
	if (af_failed(f, "decide", id))
		af_text(b, req, f, "decide", "note");
	H(b, "</textarea><button type=\"submit\">Record the decision</button></form>");
}

/* Addresses and key of a member (directors and psirt: svc_alert_update). */
static void
update_form(struct buf *b, struct http_req *req, const struct alert_member *m,
	const struct form_fail *f)
{
	char id[32];
	bool failed;

	snprintf(id, sizeof(id), "%lld", (long long)m->id);
	failed = af_failed(f, "update", id);
	H(b, "<details");
	if (failed)
		H(b, " open");
	H(b, "><summary>Change addresses or key</summary>");
	af_error(b, f, "update", id);
	H(b, "<form method=\"post\" class=\"stack\" action=\"");
	h_url(b, "/alert-list/%lld/update", (long long)m->id);
	H(b, "\">");
	web_csrf_field(b, req);
	H(b, "<label for=\"aa-");
	h_int(b, m->id);
	H(b, "\">Contact addresses</label><textarea name=\"addresses\" rows=\"2\" "
		"required id=\"aa-");
	h_int(b, m->id);
	H(b, "\">");
	if (failed) {
		h_text(b, web_form(req, "addresses"));
	} else {
		for (size_t i = 0; i < m->addresses.n; i++) {
			if (i)
				H(b, "\n");
			h_text(b, m->addresses.v[i]);
		}
	}
	H(b, "</textarea><label for=\"ak-");
	h_int(b, m->id);
	H(b, "\">New OpenPGP public key (empty: keep the current one)</label>"
		"<textarea name=\"pgp_key\" rows=\"4\" class=\"mono\" id=\"ak-");
	h_int(b, m->id);
	H(b, "\">");
	if (failed)
		h_text(b, web_form(req, "pgp_key"));
	H(b, "</textarea><label class=\"check\"><input type=\"checkbox\" name=\"no_key\" "
		"value=\"yes\"> Remove the key (messages go out unencrypted)</label>"
		"<button type=\"submit\">Save</button></form></details>");
}

static void
member(struct buf *b, struct http_req *req, const struct alert_member *m, bool director,
	const struct form_fail *f)
{
	H(b, "<article class=\"member\" aria-labelledby=\"am-");
	h_int(b, m->id);
	H(b, "\"><h3 id=\"am-");
	h_int(b, m->id);
	H(b, "\">");
	h_text(b, m->org);
	H(b, " <span class=\"badge alert-");
	h_attr(b, alert_status_name(m->status));
	H(b, "\">");
	h_text(b, alert_status_name(m->status));
	H(b, "</span></h3><dl class=\"facts\"><dt>Addresses</dt><dd>");
	for (size_t i = 0; i < m->addresses.n; i++) {
		if (i)
			H(b, ", ");
		h_text(b, m->addresses.v[i]);
	}
	H(b, "</dd><dt>Reason</dt><dd class=\"pre\">");
	h_text(b, m->reason);
	H(b, "</dd><dt>OpenPGP key</dt><dd>");
	key_cell(b, m->pgp_key);
	H(b, "</dd><dt>Requested</dt><dd>");
	h_date(b, m->created_at);
	H(b, "</dd>");
	if (m->vetted_by) {
		H(b, "<dt>Vetted</dt><dd>by ");
		h_text(b, m->vetted_by);
		H(b, " on ");
		h_date(b, m->vetted_at);
		H(b, "</dd>");
	}
	if (m->note) {
		H(b, "<dt>Note</dt><dd class=\"pre\">");
		h_text(b, m->note);
		H(b, "</dd>");
	}
	H(b, "</dl>");
	if (director)
		decide_form(b, req, m, f);
	update_form(b, req, m, f);
	H(b, "</article>\n");
}

/* Pending requests first, then the members, then the rest. */
static const enum alert_status order[] = {ALERT_REQUESTED, ALERT_APPROVED, ALERT_DENIED,
	ALERT_REMOVED};
static const char *const heads[] = {"Pending requests", "Members", "Denied", "Removed"};

static int
render(struct http_req *req, struct http_resp *resp, const struct form_fail *f)
{
	struct errdetail d = {0};
	struct alert_member *m = NULL;
	size_t n = 0;
	bool director = (svc_roles(req->svc) & ROLE_DIRECTOR) != 0, placed = false;
	int rc;

	if ((rc = svc_alert_list(req->svc, &m, &n, &d)) < 0)
		return web_fail(req, resp, rc, &d);
	af_begin(req, resp, "Alert list", f);
	for (size_t i = 0; f && f->item && (director || strcmp(f->form, "update") == 0) &&
	    i < n; i++) {
		char id[32];

		snprintf(id, sizeof(id), "%lld", (long long)m[i].id);
		placed = placed || strcmp(id, f->item) == 0;
	}
	if (f && f->form && !placed)
		web_form_error(&resp->body, &f->d);
	for (size_t s = 0; s < 4; s++) {
		size_t k = 0;

		H(&resp->body, "<section><h2>");
		h_text(&resp->body, heads[s]);
		H(&resp->body, "</h2>\n");
		for (size_t i = 0; i < n; i++) {
			if (m[i].status != order[s])
				continue;
			member(&resp->body, req, &m[i], director, f);
			k++;
		}
		if (k == 0)
			H(&resp->body, "<p class=\"empty\">None.</p>");
		H(&resp->body, "</section>\n");
	}
	alert_member_list_free(m, n);
	return web_end(req, resp);
}

int
page_alert_list(struct http_req *req, struct http_resp *resp)
{
	return render(req, resp, NULL);
}

int
page_alert_decide(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "decide", .item = req->params[0]};
	long long id = api_parse_id(req->params[0]);
	int rc;

	if (id < 0)
		rc = err_set(&f.d, ERR_INVAL, "id", "names no alert-list member");
	else
		rc = svc_alert_decide(req->svc, id, web_form(req, "decision"),
			af_opt(req, "note"), &f.d);
	if (rc == 0)
		return web_redirect(resp, "/alert-list?done=decided");
	if (!af_showable(rc))
		return web_fail(req, resp, rc, &f.d);
	f.rc = rc;
	return render(req, resp, &f);
}

/* A new key for member id: only for those who may see the member (the
 * service's gate, svc_alert_get), then GPGME must find it usable. */
static int
key_check(struct svc *svc, int64_t id, const char *key, struct errdetail *d)
{
	struct alert_member m = {0};
	int rc;

	if (!key || !*key)
		return 0;
	if ((rc = svc_alert_get(svc, id, &m, d)) < 0)
		return rc;
	alert_member_release(&m);
	return mail_pgp_check_key(key, d);
}

int
page_alert_update(struct http_req *req, struct http_resp *resp)
{
	struct form_fail f = {.form = "update", .item = req->params[0]};
	long long id = api_parse_id(req->params[0]);
	struct strlist addrs = {0};
	struct alert_update u = {0};
	int rc;

	rc = af_split(web_form(req, "addresses"), LIM_ALERT_ADDRESSES + 1, &addrs);
	if (rc == ERR_LIMIT)
		rc = err_setf(&f.d, ERR_INVAL, "addresses", "may name at most %d addresses",
			LIM_ALERT_ADDRESSES);
	if (rc == 0 && id < 0)
		rc = err_set(&f.d, ERR_INVAL, "id", "names no alert-list member");
	if (rc == 0) {
		u.addresses = &addrs;
		u.pgp_key = af_opt(req, "no_key") ? "" : af_opt(req, "pgp_key");
		rc = key_check(req->svc, id, u.pgp_key, &f.d);
	}
	if (rc == 0) {
		rc = svc_alert_update(req->svc, id, &u, &f.d);
	}
	strlist_release(&addrs);
	if (rc == 0)
		return web_redirect(resp, "/alert-list?done=member-updated");
	if (!af_showable(rc))
		return web_fail(req, resp, rc, &f.d);
	f.rc = rc;
	return render(req, resp, &f);
}
