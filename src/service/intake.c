/*
 * intake.c — mail that arrives at the security address (SPEC §3, §7),
 * after src/mail/ has parsed and decoded it. Handles untrusted input: the
 * sender, subject, body, Message-IDs and attachments are all the
 * sender's choice. A reply (In-Reply-To/References naming a message we
 * sent or took in, else the issue key in the subject) becomes a shared
 * comment by the sender's account, only when that account may comment on
 * the issue through the gate (acc_issue_do); otherwise nothing happens and
 * the answer says so without saying why. Anything else is a new report in
 * triage with the sender as reporter. A Message-ID taken in before makes
 * nothing new. Each outcome commits in one transaction with its audit
 * events and outbox rows. Runs as the mail gateway (svc_open_mail).
 */
#include "service/mail_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "model/deadline.h"
#include "core/banned.h"

const char *
mail_outcome_name(enum mail_outcome o)
{
	static const char *const names[] = {"new-issue", "comment", "duplicate", "ignored"};

	return (unsigned)o < sizeof(names) / sizeof(names[0]) ? names[o] : "?";
}

/* The Message-ID "<...>" of s (brackets added when missing), or NULL when
 * s is empty, too long or holds spaces or control characters. */
static char *
norm_msgid(const char *s, size_t len)
{
	char *out;

	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (len && *s == '<') {
		s++;
		len--;
	}
	if (len && s[len - 1] == '>')
		len--;
	if (len == 0 || len + 2 > LIM_MESSAGE_ID_MAX)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f || s[i] == '<' ||
		    s[i] == '>')
			return NULL;
	if (!(out = malloc(len + 3)))
		return NULL;
	out[0] = '<';
	memcpy(out + 1, s, len);
	out[len + 1] = '>';
	out[len + 2] = '\0';
	return out;
}

/* The issue a Message-ID belongs to (a delivery of ours or mail taken in). */
static int64_t
msgid_issue(struct svc *svc, const char *s, size_t len)
{
	char *id = norm_msgid(s, len);
	int64_t issue = 0;

	if (!id)
		return 0;
	if (store_delivery_issue(svc->st, id, &issue) < 0 || !issue)
		if (store_intake_get(svc->st, id, &issue) < 0)
			issue = 0;
	free(id);
	return issue;
}

/* Scan whitespace-separated "<id>"s: the first that names an issue. */
static int64_t
refs_issue(struct svc *svc, const char *refs)
{
	int seen = 0;

	while (refs && *refs && seen < LIM_REFERENCES_MAX) {
		const char *e;
		int64_t issue;

		while (*refs && isspace((unsigned char)*refs))
			refs++;
		for (e = refs; *e && !isspace((unsigned char)*e); e++)
			;
		if (e == refs)
			break;
		if ((issue = msgid_issue(svc, refs, (size_t)(e - refs))) != 0)
			return issue;
		seen++;
		refs = e;
	}
	return 0;
}

/* "PREFIX-n" standing alone in the subject (e.g. "Re: [SEC-12] ..."). */
static int64_t
subject_issue(struct svc *svc, const char *subject)
{
	size_t pl = strlen(svc->prefix);

	for (const char *p = subject; p && *p; p++) {
		char key[ISSUE_KEY_MAX];
		const char *q = p + pl + 1;
		int64_t id = 0;
		size_t n;

		if (strncmp(p, svc->prefix, pl) != 0 || p[pl] != '-' ||
		    (p > subject && isalnum((unsigned char)p[-1])))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		n = (size_t)(q - p);
		if (q == p + pl + 1 || isalnum((unsigned char)*q) || n >= sizeof(key))
			continue;
		memcpy(key, p, n);
		key[n] = '\0';
		if (acc_key_parse(svc, key, &id, NULL) == 0)
			return id;
	}
	return 0;
}

/*
 * Clean untrusted text: valid UTF-8 required (ERR_INVAL naming field);
 * CR dropped, other control characters (and, for one line, LF and TAB)
 * become spaces; blanks trimmed; cut to max bytes on a character
 * boundary. *ret_cut says whether it was cut. Caller frees *ret.
 */
static int
clean_text(const char *s, size_t max, bool one_line, const char *field, char **ret,
	bool *ret_cut, struct errdetail *d)
{
	size_t n = s ? strlen(s) : 0, o = 0, start = 0;
	char *c;

	if (s && !text_utf8_valid(s, n))
		return err_set(d, ERR_INVAL, field, "is not valid UTF-8");
	if (!(c = malloc(n + 1)))
		return err_set(d, ERR_NOMEM, field, "out of memory");
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\r')
			continue;
		if (ch == 0x7f || (ch < 0x20 && (one_line || (ch != '\n' && ch != '\t'))))
			ch = ' ';
		c[o++] = (char)ch;
	}
	while (start < o && (c[start] == ' ' || c[start] == '\n' || c[start] == '\t'))
		start++;
	while (o > start && (c[o - 1] == ' ' || c[o - 1] == '\n' || c[o - 1] == '\t'))
		o--;
	memmove(c, c + start, o - start);
	o -= start;
	*ret_cut = o > max;
	if (o > max) {
		o = max;
		while (o > 0 && ((unsigned char)c[o] & 0xc0) == 0x80)
			o--; /* do not split a character */
	}
	c[o] = '\0';
	*ret = c;
	return 0;
}

static int
check_attachments(const struct mail_in *m, struct errdetail *d)
{
	if (m->nattachments > LIM_INTAKE_ATTACHMENTS)
		return err_setf(d, ERR_LIMIT, "attachment", "more than %d attachments",
			LIM_INTAKE_ATTACHMENTS);
	for (size_t i = 0; i < m->nattachments; i++)
		if (m->attachments[i].len > LIM_ATTACHMENT_MAX)
			return err_setf(d, ERR_LIMIT, "attachment", "is larger than %d bytes",
				LIM_ATTACHMENT_MAX);
	return 0;
}

/* A safe stored name: the sender's when it is a plain one, else attachment-N. */
static void
attachment_name(const char *name, size_t i, char out[LIM_FILENAME_MAX + 1])
{
	if (name && text_check(NULL, "name", name, LIM_FILENAME_MAX, TEXT_LINE) == 0 &&
	    !strchr(name, '/') && !strchr(name, '\\') && strcmp(name, ".") != 0 &&
	    strcmp(name, "..") != 0)
		snprintf(out, LIM_FILENAME_MAX + 1, "%s", name);
	else
		snprintf(out, LIM_FILENAME_MAX + 1, "attachment-%zu", i + 1);
}

/* Store one file on the issue with its audit event (open transaction);
 * actor is the session the event is recorded for. */
static int
store_file(struct svc *actor, int64_t issue_id, int64_t uploader, const char *name,
	const void *data, size_t len)
{
	char key[ISSUE_KEY_MAX];
	int64_t id;
	int rc = store_attachment_add(actor->st, issue_id, name, data, len, uploader,
		clock_now(), &id);

	svc_key(actor, issue_id, key);
	if (rc == 0)
		rc = svc_audit(actor, "issue.attach", key, json_pack("{s:s,s:I,s:s}", "name", name,
			"size", (json_int_t)len, "source", "email"));
	return rc;
}

static int
store_files(struct svc *actor, int64_t issue_id, int64_t uploader, const struct mail_in *m)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < m->nattachments; i++) {
		char name[LIM_FILENAME_MAX + 1];

		attachment_name(m->attachments[i].name, i, name);
		rc = store_file(actor, issue_id, uploader, name, m->attachments[i].data,
			m->attachments[i].len);
	}
	return rc;
}

/* Record that msgid was taken in (nothing when there is none). */
static int
remember(struct svc *svc, const char *msgid, int64_t issue, enum mail_outcome o)
{
	if (!msgid)
		return 0;
	return store_intake_add(svc->st, msgid, issue, mail_outcome_name(o), clock_now());
}

/* Nothing happens but the Message-ID is kept, so a redelivery is a duplicate. */
static int
ignore(struct svc *svc, const char *msgid, struct mail_intake_result *ret,
	struct errdetail *d)
{
	int rc;

	if (msgid) {
		if ((rc = svc_begin(svc, d)) < 0)
			return rc;
		if ((rc = svc_end(svc, remember(svc, msgid, 0, MAIL_IGNORED), d)) < 0)
			return rc;
	}
	ret->outcome = MAIL_IGNORED;
	return 0;
}

/*
 * A reply to issue. 1 when the issue came only from the subject and the
 * sender may not comment: the message is then a new report (a key in a
 * subject proves nothing, and a report must not be lost; a missing and
 * a hidden key behave the same).
 */
static int
take_reply(struct svc *svc, const struct mail_in *m, const char *msgid, int64_t issue,
	bool by_subject, struct mail_intake_result *ret, struct errdetail *d)
{
	struct svc as = *svc;
	struct person p = {0};
	char key[ISSUE_KEY_MAX], *text = NULL;
	bool cut = false;
	int rc;

	svc_key(svc, issue, key);
	if (store_person_by_email(svc->st, m->from, &p) < 0 || p.disabled)
		goto ignored;
	/* act as the sender: the gate decides, exactly as for any comment */
	as.me = p;
	as.system = as.mail_gateway = false;
	if (acc_issue_do(&as, key, IA_COMMENT_SHARED, NULL, NULL, NULL) < 0 ||
	    (m->nattachments && acc_issue_do(&as, key, IA_ATTACH, NULL, NULL, NULL) < 0))
		goto ignored;
	if ((rc = clean_text(m->body, LIM_COMMENT_MAX, false, "body", &text, &cut, d)) < 0)
		goto out;
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_comment_add(svc->st, issue, p.id, false, *text ? text : "(no text)",
		clock_now());
	if (rc == 0)
		rc = svc_audit(&as, "issue.comment", key, json_pack("{s:b,s:s}", "internal", 0,
			"source", "email"));
	if (rc == 0)
		rc = store_files(&as, issue, p.id, m);
	if (rc == 0 && cut)
		rc = store_file(&as, issue, p.id, "message.txt", m->body, strlen(m->body));
	if (rc == 0)
		rc = remember(svc, msgid, issue, MAIL_COMMENT);
	if ((rc = svc_end(svc, rc, d)) == 0) {
		ret->outcome = MAIL_COMMENT;
		snprintf(ret->key, sizeof(ret->key), "%s", key);
	}
	goto out;
ignored:
	rc = by_subject ? 1 : ignore(svc, msgid, ret, d);
out:
	free(text);
	person_release(&p);
	return rc;
}

/* The sender's account: found by address, or made (no role, no password). */
static int
reporter_account(struct svc *svc, const struct mail_in *m, struct person *ret,
	struct errdetail *d)
{
	char login[LIM_LOGIN_MAX + 1], *name = NULL;
	struct person p = {0};
	bool cut = false;
	int rc = store_person_by_email(svc->st, m->from, ret);

	if (rc != ERR_NOTFOUND)
		return rc < 0 ? err_set(d, rc, "db", "cannot look up the sender") : 0;
	if ((rc = newcomer_login(svc, m->from, login)) < 0)
		return err_set(d, rc, "from", "no login can be made for this address");
	if (m->from_name && clean_text(m->from_name, LIM_NAME_MAX, true, "from_name", &name,
	    &cut, NULL) == 0 && !*name) {
		free(name);
		name = NULL;
	}
	p.login = login;
	p.email = (char *)m->from;
	p.name = name;
	p.created_at = clock_now();
	rc = store_person_add(svc->st, &p, &p.id);
	if (rc == 0)
		rc = svc_audit(svc, "person.add", login, json_pack("{s:i,s:s}", "roles", 0,
			"source", "email"));
	if (rc == 0)
		rc = store_person_get_id(svc->st, p.id, ret);
	free(name);
	return rc < 0 ? err_set(d, rc, "db", "cannot create the reporter's account") : 0;
}

/* The new issue: in triage (SPEC §3: e-mailed reports), acknowledged now. */
static int
add_issue(struct svc *svc, const struct person *rep, const char *title, const char *desc,
	int64_t *ret_id)
{
	struct issue is = {0};
	char key[ISSUE_KEY_MAX];
	int rc;

	is.title = (char *)title;
	is.description = (char *)desc;
	is.state = ST_TRIAGE;
	is.reporter_id = rep->id;
	is.source = SRC_EMAIL;
	is.reported_at = clock_now();
	is.acked_at = is.reported_at;
	is.embargo_max = deadline_embargo_default(&is);
	is.embargo_until = is.embargo_max;
	is.credit = rep->name ? rep->name : rep->login;
	if ((rc = store_issue_add(svc->st, &is, ret_id)) < 0)
		return rc;
	svc_key(svc, *ret_id, key);
	/* the audit hook (notify.c) queues the acknowledgement, psirt's notice
	 * and the alert list's triage notice in this transaction */
	return svc_audit(svc, "issue.report", key, json_pack("{s:s,s:s,s:s}", "source",
		"email", "reporter", rep->login, "state", "triage"));
}

static int
take_report(struct svc *svc, const struct mail_in *m, const char *msgid,
	struct mail_intake_result *ret, struct errdetail *d)
{
	struct person rep = {0};
	char *title = NULL, *desc = NULL;
	bool tcut = false, dcut = false;
	int64_t id = 0;
	int rc;

	if ((rc = clean_text(m->subject, LIM_TITLE_MAX, true, "subject", &title, &tcut, d)) < 0 ||
	    (rc = clean_text(m->body, LIM_DESCRIPTION_MAX - 100, false, "body", &desc, &dcut,
	    d)) < 0)
		goto out;
	if (dcut) {
		size_t n = strlen(desc);
		char *c = realloc(desc, n + 100);

		if (!c) {
			rc = err_set(d, ERR_NOMEM, "body", "out of memory");
			goto out;
		}
		desc = c;
		snprintf(desc + n, 100, "\n\n[cut here: the whole message is attached as "
			"message.txt]");
	}
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	if ((rc = reporter_account(svc, m, &rep, d)) < 0 || rep.disabled) {
		svc_end(svc, rc < 0 ? rc : ERR_PERM, NULL);
		if (rc == 0)
			rc = ignore(svc, msgid, ret, d);
		goto out;
	}
	rc = add_issue(svc, &rep, *title ? title : "(no subject)", *desc ? desc :
		"(empty message)", &id);
	if (rc == 0)
		rc = store_files(svc, id, rep.id, m);
	if (rc == 0 && dcut)
		rc = store_file(svc, id, rep.id, "message.txt", m->body, strlen(m->body));
	if (rc == 0)
		rc = remember(svc, msgid, id, MAIL_NEW_ISSUE);
	if ((rc = svc_end(svc, rc, d)) == 0) {
		ret->outcome = MAIL_NEW_ISSUE;
		svc_key(svc, id, ret->key);
	}
out:
	free(title);
	free(desc);
	person_release(&rep);
	return rc;
}

int
svc_mail_intake(struct svc *svc, const struct mail_in *m, struct mail_intake_result *ret,
	struct errdetail *d)
{
	struct mail_intake_result r = {0};
	char *msgid = NULL;
	int64_t issue = 0;
	bool by_subject = false;
	int rc;

	if (!mail_is_gateway(svc))
		return err_set(d, ERR_PERM, "as", "only the mail gateway takes in mail");
	if ((rc = text_check_email(d, "from", m->from)) < 0 ||
	    (rc = check_attachments(m, d)) < 0)
		return rc;
	if (m->message_id && !(msgid = norm_msgid(m->message_id, strlen(m->message_id))))
		return err_set(d, ERR_INVAL, "message_id", "is not a Message-ID");
	if (msgid && store_intake_get(svc->st, msgid, &issue) == 0) {
		r.outcome = MAIL_DUPLICATE;
		goto done;
	}
	issue = 0;
	if (m->in_reply_to)
		issue = refs_issue(svc, m->in_reply_to);
	if (!issue && m->references)
		issue = refs_issue(svc, m->references);
	if (!issue && m->subject)
		by_subject = (issue = subject_issue(svc, m->subject)) != 0;
	rc = issue ? take_reply(svc, m, msgid, issue, by_subject, &r, d) : 1;
	if (rc == 1)
		rc = take_report(svc, m, msgid, &r, d);
done:
	free(msgid);
	if (rc == 0)
		*ret = r;
	return rc;
}
