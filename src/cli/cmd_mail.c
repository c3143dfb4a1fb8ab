/*
 * cmd_mail.c — `vigil mail-intake` (an MTA hands one message on standard
 * input, or a Maildir is swept) and `vigil mail-send` (one pass of the
 * outbox sender for cron, or --loop). Parses options and calls src/mail/;
 * the work and every decision happen there and in the service. mail-intake
 * answers with sysexits codes, because its caller is an MTA.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "core/log.h"
#include "mail/mail.h"
#include "service/mail.h"
#include "service/service.h"
#include "core/banned.h"

static const char intake_help[] =
	"NAME\n"
	"    vigil mail-intake - take in e-mailed reports and replies\n\n"
	"SYNOPSIS\n"
	"    vigil [--db PATH] mail-intake [--sender ADDR] [--keep DIR] [--verbose]\n"
	"    vigil [--db PATH] mail-intake --maildir DIR [--keep DIR] [--verbose]\n\n"
	"DESCRIPTION\n"
	"    Reads one RFC 5322 message on standard input, the way an MTA hands\n"
	"    mail to a program (alias: security: \"|vigil --db /var/lib/vigil/vigil.db\n"
	"    mail-intake\"). A new message becomes an issue in triage with the sender\n"
	"    as reporter; a reply (In-Reply-To, References, or the key in the subject)\n"
	"    a shared comment when the sender may comment. Auto-replies, list mail and\n"
	"    bounces are logged and dropped. With --maildir, every message in DIR/new\n"
	"    is taken in and moved to DIR/cur (one that failed for now stays).\n\n"
	"    A message that is refused or fails is first kept in the held directory\n"
	"    (--keep, default DB.mail-held/) with a .why file, never lost.\n\n"
	"OPTIONS\n"
	"    --sender ADDR   the envelope sender (default $SENDER, as Postfix and Exim\n"
	"                    set it; empty: the null sender of a bounce)\n"
	"    --keep DIR      where refused and failed messages are kept\n"
	"    --maildir DIR   sweep DIR/new instead of reading standard input\n"
	"    --verbose       log more\n\n"
	"EXIT STATUS (sysexits)\n"
	"    0 taken in (or dropped as auto-reply/bounce), 64 usage, 65 unparsable or\n"
	"    over a limit, 69 refused by vigil, 75 temporary failure: try again later.\n";

static const char send_help[] =
	"NAME\n"
	"    vigil mail-send - deliver the outbox over SMTP\n\n"
	"SYNOPSIS\n"
	"    vigil [--db PATH] mail-send [--loop [--interval SECONDS]] [--verbose]\n\n"
	"DESCRIPTION\n"
	"    Sends every message that is due: each rendered as its recipient now,\n"
	"    PGP/MIME-encrypted when the recipient has a key (never in plaintext\n"
	"    when that fails: the message is held), over the SMTP server of the\n"
	"    settings smtp_url, smtp_tls, smtp_user, smtp_password_file (or\n"
	"    $VIGIL_SMTP_PASSWORD), smtp_ca_file. Temporary failures are retried\n"
	"    with backoff, permanent ones held and listed in the queue. One pass by\n"
	"    default (for cron); --loop repeats every --interval seconds (default 60)\n"
	"    until SIGTERM or SIGINT. 'vigil serve' runs the same loop itself.\n\n"
	"EXIT STATUS\n"
	"    0 the pass ran (failed deliveries are in the queue), 1 the settings or\n"
	"    the queue could not be read, 2 usage.\n";

int
cmd_mail_intake(struct cli *cli, int argc, char **argv)
{
	const char *keep = NULL, *maildir = NULL, *sender = NULL, *pos[1];
	struct mail_intake_opts o = {0};
	char held[4096];
	bool verbose = false;
	const struct opt opts[] = {
		{"keep", OPT_VALUE, &keep},
		{"maildir", OPT_VALUE, &maildir},
		{"sender", OPT_VALUE, &sender},
		{"verbose", OPT_FLAG, &verbose},
		{NULL, 0, NULL},
	};
	size_t npos;

	if (cli_help(argc, argv, intake_help))
		return EXIT_OK;
	if (args_parse("mail-intake", argc, argv, 1, opts, pos, 0, &npos) != 0)
		return MAIL_EX_USAGE;
	if (maildir && sender) {
		fprintf(stderr, "vigil mail-intake: --sender goes with standard input, not "
			"--maildir\n");
		return MAIL_EX_USAGE;
	}
	if (!keep) {
		if (snprintf(held, sizeof(held), "%s.mail-held", cli->db_path) >= (int)sizeof(held))
			return MAIL_EX_USAGE;
		keep = held;
	}
	o.db_path = cli->db_path;
	o.held_dir = keep;
	o.sender = sender;
	o.verbose = verbose;
	/* an MTA keeps what a program says: one line per message */
	log_set_level(verbose ? LOG_DEBUG : LOG_INFO);
	return maildir ? mail_intake_maildir(&o, maildir) : mail_intake_stdin(&o);
}

/* --loop: the sender thread until SIGTERM or SIGINT. */
static int
send_loop(struct cli *cli, unsigned interval, bool verbose)
{
	struct mail_sender *s = NULL;
	sigset_t set;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (mail_sender_start(cli->db_path, interval, verbose, &s) < 0)
		return cli_fail("mail-send", ERR_NOMEM, NULL);
	while (sigwait(&set, &sig) != 0 || (sig != SIGTERM && sig != SIGINT))
		;
	mail_sender_stop(s);
	return EXIT_OK;
}

int
cmd_mail_send(struct cli *cli, int argc, char **argv)
{
	const char *interval = NULL, *pos[1];
	struct mail_send_stats st = {0};
	struct errdetail d = {0};
	struct svc *svc = NULL;
	bool loop = false, verbose = false;
	const struct opt opts[] = {
		{"loop", OPT_FLAG, &loop},
		{"interval", OPT_VALUE, &interval},
		{"verbose", OPT_FLAG, &verbose},
		{NULL, 0, NULL},
	};
	unsigned every = 60;
	size_t npos;
	int rc;

	if (cli_help(argc, argv, send_help))
		return EXIT_OK;
	if ((rc = args_parse("mail-send", argc, argv, 1, opts, pos, 0, &npos)) != 0)
		return rc;
	if (interval) {
		char *end = NULL;
		long v = strtol(interval, &end, 10);

		if (!loop)
			return cli_usage("mail-send", "--interval goes with --loop");
		if (!*interval || *end || v < 1 || v > 86400)
			return cli_usage("mail-send", "--interval must be 1 to 86400 seconds");
		every = (unsigned)v;
	}
	if (verbose)
		log_set_level(LOG_INFO);
	if (loop)
		return send_loop(cli, every, verbose);
	if ((rc = svc_open_mail(cli->db_path, &svc, &d)) < 0)
		return cli_fail("mail-send", rc, &d);
	rc = mail_send_pass(svc, cli->db_path, &st, &d);
	svc_close(svc);
	if (rc < 0)
		return cli_fail("mail-send", rc, &d);
	printf("%zu sent, %zu to retry, %zu held%s\n", st.sent, st.retry, st.held,
		st.smtp_down ? " (the SMTP server did not answer: the pass stopped)" : "");
	return EXIT_OK;
}
