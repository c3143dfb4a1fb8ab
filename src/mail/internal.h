/*
 * internal.h — what the files of src/mail/ share: the parsed form of an
 * incoming message (parse.c, over GMime), HTML to text (html.c, over
 * libxml2's HTML parser), building outgoing messages (message.c), OpenPGP
 * (pgp.c, over GPGME) and SMTP (smtp.c, over libcurl). Only src/mail/
 * includes GMime, GPGME and libxml2; nothing here decides who gets what.
 * parse.c and html.c handle untrusted bytes.
 */
#ifndef VIGIL_MAIL_INTERNAL_H
#define VIGIL_MAIL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/objects.h"

struct outmsg;

/* Start GMime once per process (thread-safe, idempotent). */
void mail_lib_init(void);

/* --- parse.c --------------------------------------------------------- */

enum parsed_kind {
	PARSED_NORMAL,     /* a message from a person: a report or a reply */
	PARSED_AUTO,       /* Auto-Submitted, Precedence bulk/junk/list: no issue */
	PARSED_BOUNCE,     /* null sender or a delivery-status report: no issue */
};

struct parsed_attachment {
	char *name;        /* as sent, decoded; may be empty */
	unsigned char *data;
	size_t len;
};

/* An incoming message, decoded: every string is UTF-8 (invalid sequences
 * replaced), NUL-terminated, and free of NUL. */
struct parsed_mail {
	enum parsed_kind kind;
	const char *why;          /* static: why it is not PARSED_NORMAL */
	char *from;               /* addr-spec, or NULL (null sender) */
	char *from_name;          /* display name, or NULL */
	char *subject;            /* encoded words decoded, or NULL */
	char *body;               /* text; HTML-only messages converted; or NULL */
	bool body_from_html;
	char *message_id;         /* "<id>", or NULL */
	char *in_reply_to;        /* "<id>", or NULL */
	char *references;         /* "<a> <b>" (at most LIM_MAIL_REFERENCES), or NULL */
	struct parsed_attachment *att;
	size_t natt;
	size_t nparts;            /* MIME parts seen */
};
void parsed_mail_release(struct parsed_mail *m);

/*
 * Parse one RFC 5322 message of len bytes. Limits (size, boundary lines,
 * MIME depth, parts, attachments and their size) are checked before the
 * work they guard: ERR_LIMIT naming "message", "mime" or "attachment".
 * An unparsable message (no headers, a multipart without a boundary, no
 * From) is ERR_INVAL naming the field. The envelope sender env_from (as an
 * MTA passes it; NULL: unknown, "" or "<>": the null sender) decides bounces.
 * *ret: parsed_mail_release(), written only on success.
 */
int mail_parse(const void *data, size_t len, const char *env_from, struct parsed_mail *ret,
	struct errdetail *d);

/* --- html.c ---------------------------------------------------------- */

/*
 * Append the text of an HTML document (UTF-8) to out: text nodes with
 * whitespace collapsed, block elements as line breaks, list items as
 * "- ", links as "text <url>"; script, style and head dropped. Nothing is
 * rendered or fetched. 0, or ERR_INVAL / ERR_LIMIT / ERR_NOMEM.
 */
int mail_html_text(const char *html, size_t len, struct buf *out);

/* --- text helpers (message.c) ---------------------------------------- */

/*
 * A copy of s fit for one header value: CR, LF, NUL, other C0 controls
 * and DEL become spaces, runs of spaces one, invalid UTF-8 '?', "=?" (the
 * start of an encoded word) "= ?", cut at max bytes on a character
 * boundary; leading and trailing spaces dropped.
 * NULL on allocation failure (NULL s gives "").
 */
char *mail_header_clean(const char *s, size_t max);

/* --- message.c: outgoing --------------------------------------------- */

struct mail_out_opts {
	int64_t now;              /* the Date: header */
	const char *gnupg_home;   /* for encryption and signing */
	const char *sign_key;     /* fingerprint or user id of the signing key, or NULL */
};

/*
 * Build the RFC 5322 message for m: headers through GMime with every value
 * cleaned (mail_header_clean), text/plain UTF-8 quoted-printable, CRLF line
 * ends; PGP/MIME encrypted when m->encrypt (and signed when o->sign_key).
 * The header block is checked afterwards: only the headers vigil writes,
 * each once. *ret (free()) and *ret_len on success. A recipient key that
 * cannot be used is ERR_CONFLICT naming "pgp_key" (hold, never plaintext).
 */
int mail_build(const struct outmsg *m, const struct mail_out_opts *o, char **ret,
	size_t *ret_len, struct errdetail *d);

/*
 * Check a built message: CRLF everywhere, no bare CR or LF, no NUL, lines
 * of at most 998 bytes, and a header block that holds only the given
 * header names (NULL-terminated, at most 32), each at most once, the first
 * `required` of them present. 0 or ERR_INTEGRITY naming "message".
 */
int mail_check_output(const char *msg, size_t len, const char *const *headers,
	size_t required, struct errdetail *d);

/* --- pgp.c ----------------------------------------------------------- */

/*
 * Encrypt plain (a serialized MIME entity) to the one key in the armored
 * block key_armored, imported into the GnuPG home directory home (created
 * 0700 when missing); signed too when sign_key is not NULL. The key must
 * be valid, not revoked, expired or disabled, and able to encrypt:
 * otherwise ERR_CONFLICT naming "pgp_key" with the reason. On success
 * *ret gets the ASCII-armored ciphertext (free()).
 */
int pgp_encrypt(const char *home, const char *key_armored, const char *sign_key,
	const char *plain, size_t len, char **ret, struct errdetail *d);

/*
 * A detached, ASCII-armored signature of data by sign_key (in home), and
 * the hash name for micalg ("pgp-sha256"...). *ret: free().
 */
int pgp_sign(const char *home, const char *sign_key, const char *data, size_t len,
	char **ret, char ret_micalg[32], struct errdetail *d);

/* --- smtp.c ---------------------------------------------------------- */

enum smtp_tls { SMTP_TLS_NONE, SMTP_TLS_STARTTLS, SMTP_TLS_IMPLICIT };

struct smtp_conf {
	char *url;                /* smtp://host:port or smtps://host:port */
	char *user;               /* or NULL: no AUTH */
	char *password;           /* or NULL */
	enum smtp_tls tls;
	char *ca_file;            /* PEM CA bundle, or NULL: the system's */
	char *envelope_from;      /* MAIL FROM */
};
void smtp_conf_release(struct smtp_conf *c);

/* What an SMTP transaction ended in. */
enum smtp_outcome { SMTP_SENT, SMTP_TEMPORARY, SMTP_PERMANENT };

/*
 * Send msg (CRLF, not dot-stuffed: libcurl stuffs) to the one recipient
 * rcpt. Returns the outcome; why (at least 256 bytes) says what went wrong
 * in words vigil made (the server's code, curl's error name).
 */
enum smtp_outcome smtp_send(const struct smtp_conf *c, const char *rcpt, const char *msg,
	size_t len, char *why, size_t why_len);

#endif
