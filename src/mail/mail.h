/*
 * mail.h — the mail transport of vigil, for the commands that drive it:
 * `vigil mail-intake` (one message on standard input, or a Maildir), and
 * the outbox sender (`vigil mail-send`, and a thread in `vigil serve`).
 * src/mail/ is the only code that sees GMime, GPGME and libxml2; who gets
 * what, and what a message says, is decided by src/service/ (mail.h there).
 * See docs/mail-transport.md.
 */
#ifndef VIGIL_MAIL_MAIL_H
#define VIGIL_MAIL_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct svc;

/* sysexits(3) codes the MTA understands. */
#define MAIL_EX_OK 0
#define MAIL_EX_USAGE 64        /* the command line is wrong */
#define MAIL_EX_DATAERR 65      /* unparsable or over a limit: refused for good */
#define MAIL_EX_UNAVAILABLE 69  /* the service refused it for good */
#define MAIL_EX_TEMPFAIL 75     /* try again later (database busy, disk full...) */

struct mail_intake_opts {
	const char *db_path;
	const char *held_dir;    /* where refused and failed messages are kept */
	const char *sender;      /* envelope sender (--sender, $SENDER), or NULL */
	bool verbose;
};

/*
 * Take in the one message on standard input. Returns a sysexits code; a
 * message that is refused or fails is written to o->held_dir first.
 * Logs one line on standard error.
 */
int mail_intake_stdin(const struct mail_intake_opts *o);

/*
 * Take in the messages in new/ of the Maildir dir (at most
 * LIM_MAIL_MAILDIR_BATCH): each one taken in, refused (and kept in
 * held_dir) or ignored moves to cur/; one that failed temporarily stays in
 * new/ for the next run. Returns the worst sysexits code of the run.
 */
int mail_intake_maildir(const struct mail_intake_opts *o, const char *dir);

/* What one sender pass did. */
struct mail_send_stats {
	size_t sent;
	size_t retry;            /* failed for now: retried with backoff */
	size_t held;             /* failed for good: held and visible in the queue */
	bool smtp_down;          /* the pass stopped early: the server did not answer */
};

/*
 * One pass of the sender on svc (a mail session, svc_open_mail): every
 * message due now (at most LIM_MAIL_SEND_BATCH) built, encrypted when it
 * must be, sent over SMTP and marked sent or failed. db_path names the
 * default GnuPG home (DB.gnupg). 0, or an error with d filled when the
 * settings or the queue cannot be read.
 */
int mail_send_pass(struct svc *svc, const char *db_path, struct mail_send_stats *ret,
	struct errdetail *d);

/* The sender thread of `vigil serve`. */
struct mail_sender;

/*
 * Start a thread that runs a pass on db_path every interval seconds (1 to
 * 86400) until mail_sender_stop(). Block SIGTERM and SIGINT in the calling
 * thread first when they are awaited with sigwait(). 0 or ERR_NOMEM.
 */
int mail_sender_start(const char *db_path, unsigned interval, bool verbose,
	struct mail_sender **ret);

/* Stop the thread (after the message in flight) and free s; NULL is fine. */
void mail_sender_stop(struct mail_sender *s);

/* Totals of the sender thread so far. */
void mail_sender_totals(struct mail_sender *s, struct mail_send_stats *ret);

/* Append the sender's counters and the queue's length (at the last pass)
 * to out, in the Prometheus text format (for /metrics). */
struct buf;
void mail_sender_metrics(struct mail_sender *s, struct buf *out);

/* --- OpenPGP keys sent to vigil (pgp.c) ------------------------------ */

#define MAIL_PGP_FPR_MAX 65     /* 40 (v4) or 64 (v5) hex digits and a NUL */
#define MAIL_PGP_UID_MAX 256    /* a user ID, cut to fit (on a UTF-8 boundary) */

/* What GPGME says of an armored key block (mail_pgp_inspect). */
struct mail_pgp_info {
	char fpr[MAIL_PGP_FPR_MAX]; /* primary key fingerprint, upper-case hex; or "" */
	char uid[MAIL_PGP_UID_MAX]; /* the first user ID, or "" */
	int64_t expires;             /* primary key expiry (Unix time); 0: never */
	bool usable;                 /* pgp_encrypt() would accept it now */
	const char *why;             /* when !usable: a static reason ("has expired") */
};

/*
 * Read the armored block with GPGME, in a private temporary GnuPG home
 * (removed again; vigil's own keyring is never touched, no gpg-agent is
 * started), without importing anything. Usable means what pgp_encrypt()
 * demands: exactly one key, a public one, not revoked, expired, disabled
 * or invalid, with an encryption subkey in force. A block GnuPG cannot
 * read is 0 with usable false (fpr ""). ERR_IO naming "gnupg" when GnuPG
 * cannot run, ERR_NOMEM. Untrusted input: at most LIM_MAIL_KEY_MAX bytes
 * are handed to gpg.
 */
int mail_pgp_inspect(const char *armored, struct mail_pgp_info *ret, struct errdetail *d);

/*
 * The check the alert-list front-ends (web form, API, CLI) make before
 * svc_alert_request() / svc_alert_update(): NULL or "" (no key, or remove
 * the key) is 0; a key that mail_pgp_inspect() finds unusable is ERR_INVAL
 * naming "pgp_key" ("is not a usable OpenPGP public key (has expired)").
 */
int mail_pgp_check_key(const char *armored, struct errdetail *d);

#endif
