/*
 * cmd_serve.c — `vigil serve`: run the HTTP server (JSON API, sign-in,
 * security.txt, health and metrics) on the database, with the scheduler
 * inside, and beside it the mail sender thread of src/mail/ (started
 * here so that src/http does not depend on src/mail). Parses options and
 * hands them to src/http/server.c; --trusted-proxy values are checked here
 * (a usage error) by the same parser the server uses (src/http/proxy.c).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "core/log.h"
#include "http/http.h"
#include "web/web.h"
#include "mail/mail.h"   /* the outbox sender thread */
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil serve - run the vigil server: the JSON API under /api/v1/\n\n"
	"SYNOPSIS\n"
	"    vigil [--db PATH] serve [--listen ADDR:PORT] [--tick SECONDS]\n"
	"          [--security-txt FILE] [--tls-cert PEM --tls-key PEM] [--secure-cookies]\n"
	"          [--verbose] [--mail-interval SECONDS] [--trusted-proxy ADDR]...\n\n"
	"DESCRIPTION\n"
	"    Serves the database (default ./vigil.db) over HTTP until SIGTERM or\n"
	"    SIGINT; then it stops accepting, lets requests in flight finish (up to\n"
	"    10 seconds) and closes the database cleanly. The scheduler publishes\n"
	"    issues whose embargo ended every --tick seconds (default 300; 0 turns\n"
	"    it off, e.g. when 'vigil tick' runs from cron).\n\n"
	"    The usual setup listens on loopback behind a reverse proxy (nginx,\n"
	"    Apache, Caddy) that terminates TLS; --tls-cert and --tls-key serve\n"
	"    HTTPS directly. The routes are described in docs/api.md and at\n"
	"    /api/v1/openapi.json. Sign in with the password 'vigil init' printed.\n\n"
	"OPTIONS\n"
	"    --listen ADDR:PORT  numeric address and port (default 127.0.0.1:8080;\n"
	"                        IPv6 as [::1]:8080)\n"
	"    --tick SECONDS      scheduler interval, 0 to 86400 (default 300)\n"
	"    --security-txt FILE served at /.well-known/security.txt (RFC 9116: needs\n"
	"                        Contact: and Expires: lines)\n"
	"    --tls-cert PEM, --tls-key PEM   serve HTTPS with this certificate\n"
	"    --secure-cookies    mark session cookies Secure although vigil speaks plain\n"
	"                        HTTP: behind a reverse proxy that terminates TLS\n"
	"    --trusted-proxy ADDR  a reverse proxy's numeric IPv4 or IPv6 address\n"
	"                        (repeatable, or a comma-separated list): for requests\n"
	"                        from it the client is the right-most address of\n"
	"                        X-Forwarded-For that is not a trusted proxy; the\n"
	"                        sign-in throttle and the limits of signed-out writes\n"
	"                        count that address (the connection limits still\n"
	"                        count the proxy). Other peers' X-Forwarded-For is\n"
	"                        ignored.\n"
	"    --verbose           log each scheduler run and the shutdown\n"
	"    --mail-interval SECONDS  send the mail outbox every SECONDS, 0 to 86400\n"
	"                        (default 60; 0 turns it off, e.g. when 'vigil\n"
	"                        mail-send' runs from cron; docs/mail-transport.md)\n\n"
	"EXIT STATUS\n"
	"    0 stopped by a signal, 1 could not start, 2 usage.\n";

/* seconds 0 to 86400 from s into *ret: 0, or -1 when malformed */
static int
parse_seconds(const char *s, unsigned *ret)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0 || v > 86400)
		return -1;
	*ret = (unsigned)v;
	return 0;
}

/* the mail sender's lines of /metrics */
static void
mail_metrics(struct buf *out, void *arg)
{
	mail_sender_metrics(arg, out);
}

int
cmd_serve(struct cli *cli, int argc, char **argv)
{
	const char *listen = NULL, *tick = NULL, *pos[1];
	const char *mail_interval = NULL;
	struct mail_sender *sender = NULL;
	unsigned mail_every = 60;
	struct server_opts o = {.site = &web_site};
	struct strlist proxies = {0};
	bool verbose = false;
	const struct opt opts[] = {
		{"listen", OPT_VALUE, &listen},
		{"tick", OPT_VALUE, &tick},
		{"security-txt", OPT_VALUE, &o.security_txt},
		{"tls-cert", OPT_VALUE, &o.tls_cert},
		{"tls-key", OPT_VALUE, &o.tls_key},
		{"secure-cookies", OPT_FLAG, &o.secure_cookies},
		{"verbose", OPT_FLAG, &verbose},
		{"mail-interval", OPT_VALUE, &mail_interval},
		{"trusted-proxy", OPT_MULTI, &proxies},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	size_t npos;
	int rc;

	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("serve", argc, argv, 1, opts, pos, 0, &npos)) != 0)
		goto out;
	o.db_path = cli->db_path;
	o.listen = listen ? listen : "127.0.0.1:8080";
	o.tick_seconds = 300;
	o.trusted_proxies = &proxies;
	if (tick && parse_seconds(tick, &o.tick_seconds) < 0) {
		rc = cli_usage("serve", "--tick must be 0 to 86400 seconds");
		goto out;
	}
	if (mail_interval && parse_seconds(mail_interval, &mail_every) < 0) {
		rc = cli_usage("serve", "--mail-interval must be 0 to 86400 seconds");
		goto out;
	}
	if (!o.tls_cert != !o.tls_key) {
		rc = cli_usage("serve", "--tls-cert and --tls-key go together");
		goto out;
	}
	if (proxy_check(&proxies, &d) < 0) {
		rc = cli_usage("serve", "--trusted-proxy must be numeric IPv4 or IPv6 addresses "
			"(one per option, or separated by commas)");
		goto out;
	}
	if (verbose)
		log_set_level(LOG_INFO);
	/* the database must exist and be current before the first request */
	if ((rc = cli_open(cli)) != 0)
		goto out;
	/* the mail sender runs beside the server; the signals the server
	 * awaits with sigwait() are blocked before the thread starts */
	if (mail_every) {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGINT);
		pthread_sigmask(SIG_BLOCK, &set, NULL);
		if (mail_sender_start(cli->db_path, mail_every, verbose, &sender) < 0) {
			rc = cli_fail("serve", ERR_NOMEM, NULL);
			goto out;
		}
		metrics_set_extra(mail_metrics, sender);
	}
	rc = server_run(&o, &d);
	mail_sender_stop(sender);
	rc = rc < 0 ? cli_fail("serve", rc, &d) : EXIT_OK;
out:
	strlist_release(&proxies);
	return rc;
}
