/*
 * report_web.c — the public "Report a vulnerability" form (issue 5). A
 * signed-in person files under their own account. A signed-out visitor
 * gives a contact address: when no account has it, a reporter account
 * (no global role) is created with a login derived from the address and a
 * random password that is returned once; the account, the issue (state
 * `new`, source `web`), the optional attachment and their audit events are
 * written in one transaction, acting as the new reporter. An address that
 * already has an account is refused (sign in first): a report must never
 * land in someone else's account, and the form must not tell a stranger
 * more than that. Signed-out reports are limited per client address
 * (LIM_WEB_REPORTS_PER_ADDR, newcomer.c). Validates every field of untrusted
 * input first.
 */
#include "service/web_support.h"

#include <sodium.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "service/internal.h"
#include "store/mail.h"
#include "core/banned.h"

/* Signed-out reports (each creates an account and an issue): at most
 * LIM_WEB_REPORTS_PER_ADDR per client address in LIM_ANON_WINDOW_SECONDS,
 * counted in the report's own transaction (newcomer.c). */
static const struct newcomer_limit report_limit = {
	.mark = "(report form) ", .per_addr = LIM_WEB_REPORTS_PER_ADDR, .field = "email",
	.reason = "too many reports from your address: wait 15 minutes, or sign in and report",
};

static int
check_attachment(const struct web_report_in *in, struct errdetail *d)
{
	const char *n = in->attachment_name;
	int rc;

	if (!in->attachment || in->attachment_len == 0)
		return 0;
	if (in->attachment_len > LIM_ATTACHMENT_MAX)
		return err_setf(d, ERR_LIMIT, "attachment", "is larger than %d bytes",
			LIM_ATTACHMENT_MAX);
	if ((rc = text_check(d, "attachment", n, LIM_FILENAME_MAX, TEXT_LINE)) < 0)
		return rc;
	if (strchr(n, '/') || strchr(n, '\\') || strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
		return err_set(d, ERR_INVAL, "attachment", "must have a plain file name");
	return 0;
}

/* Check the contact fields of a signed-out reporter; ERR_CONFLICT when the
 * address has an account. */
static int
check_contact(struct svc *svc, const struct web_report_in *in, struct errdetail *d)
{
	struct person p = {0};
	int rc;

	if ((rc = text_check_email(d, "email", in->email)) < 0)
		return rc;
	if (in->name && (rc = text_check(d, "name", in->name, LIM_NAME_MAX, TEXT_LINE)) < 0)
		return rc;
	rc = store_person_by_email(svc->st, in->email, &p);
	/* a filled row counts as found whatever rc says */
	if (p.id != 0)
		rc = 0;
	person_release(&p);
	if (rc == 0)
		return err_set(d, ERR_CONFLICT, "email", "has an account already: sign in first, "
			"then report");
	return rc == ERR_NOTFOUND ? 0 : err_set(d, rc, "db", "cannot read people");
}

/* Create the reporter account inside the open transaction; svc then acts
 * as it. ret gets the login and the password (shown once). */
static int
new_reporter(struct svc *svc, const struct web_report_in *in, struct web_report_result *ret)
{
	char hash[crypto_pwhash_STRBYTES];
	unsigned char raw[18];
	struct person p = {0};
	int64_t id, now = clock_now();
	int rc;

	if ((rc = newcomer_login(svc, in->email, ret->login)) < 0)
		return rc;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(ret->password, sizeof(ret->password), raw, sizeof(raw),
		sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	if (crypto_pwhash_str(hash, ret->password, strlen(ret->password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ERR_NOMEM;
	p.login = ret->login;
	p.email = (char *)in->email;
	p.name = (char *)(in->name && *in->name ? in->name : NULL);
	p.created_at = now;
	if ((rc = store_person_add(svc->st, &p, &id)) < 0 ||
	    (rc = store_person_set_password(svc->st, id, hash, now)) < 0)
		return rc;
	sodium_memzero(hash, sizeof(hash));
	/* from here on the new reporter acts: the audit names them */
	person_release(&svc->me);
	if ((rc = store_person_get_id(svc->st, id, &svc->me)) < 0)
		return rc;
	svc->restricted = true;   /* a reporter's reach, as a fresh sign-in has */
	return svc_audit(svc, "person.add", ret->login, json_pack("{s:i,s:s}", "roles", 0,
		"via", "report form"));
}

/* A signed-out visitor's account, inside the open write transaction
 * (BEGIN IMMEDIATE): the limit, the address check and the new account
 * are one step, so two reports for one address at once cannot both pass
 * the check. */
static int
new_account(struct svc *svc, const struct web_report_in *in, struct web_report_result *out,
	struct errdetail *d)
{
	int rc;

	if ((rc = newcomer_limit_check(svc, &report_limit, in->addr, d)) < 0 ||
	    (rc = check_contact(svc, in, d)) < 0)
		return rc;
	if ((rc = newcomer_limit_count(svc, &report_limit, in->addr)) < 0 ||
	    (rc = new_reporter(svc, in, out)) < 0)
		err_set(d, rc, "email", rc == ERR_CONFLICT ? "gives no free login; sign up with "
			"another address" : "cannot create the account");
	return rc;
}

/* The report, and its attachment, inside the open transaction. */
static int
write_report(struct svc *svc, const struct report_in *r, const struct web_report_in *in,
	char key[ISSUE_KEY_MAX])
{
	struct person rep = {0};
	int64_t id = 0, att = 0;
	int rc;

	if ((rc = store_person_get_id(svc->st, svc->me.id, &rep)) < 0)
		return rc;
	rc = report_write(svc, r, &rep, 0, &id);
	if (rc == 0)
		svc_key(svc, id, key);
	if (rc == 0 && in->attachment && in->attachment_len) {
		rc = store_attachment_add(svc->st, id, in->attachment_name, in->attachment,
			in->attachment_len, rep.id, clock_now(), &att);
		if (rc == 0)
			rc = svc_audit(svc, "issue.attach", key, json_pack("{s:s,s:I}", "name",
				in->attachment_name, "size", (json_int_t)in->attachment_len));
	}
	person_release(&rep);
	return rc;
}

int
svc_web_report(struct svc *svc, const struct web_report_in *in,
	struct web_report_result *ret, struct errdetail *d)
{
	struct report_in r = {
		.title = in->title, .description = in->description, .version = in->version,
		.credit = in->credit, .anonymous = in->anonymous, .source = SRC_WEB,
	};
	struct web_report_result out = {0};
	bool signed_out = svc->me.id == 0;
	int rc;

	/* signed out, the form itself is the way in (SPEC §1: an account is
	 * created on first report); signed in, the ordinary rule */
	if ((!signed_out && (rc = acc_global(svc, GA_REPORT, d)) < 0) ||
	    (rc = report_check(&r, d)) < 0 || (rc = check_attachment(in, d)) < 0)
		return rc;
	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	if (signed_out)
		rc = new_account(svc, in, &out, d);
	if (rc == 0 && (rc = write_report(svc, &r, in, out.key)) < 0)
		err_set(d, rc, "report", "cannot be stored");
	if ((rc = svc_end(svc, rc, d)) < 0) {
		if (signed_out) {
			/* nobody was created: act as nobody again */
			person_release(&svc->me);
			svc->me = (struct person){0};
		}
		sodium_memzero(&out, sizeof(out));
		return rc;
	}
	*ret = out;
	sodium_memzero(&out, sizeof(out));
	return 0;
}
