/*
 * cmd_outbox.c — `vigil outbox`: the mail queue (SPEC §7, docs/mail.md).
 * Lists the queue with states and last errors (psirt, admin), renders one
 * queued message as its recipient would get it (psirt), drives the queue
 * by hand (expand, next, sent, failed) for operators and tests, and puts
 * held messages back in the queue (retry ID, retry --held), and deletes
 * finished messages older than outbox_keep_days (prune); `vigil
 * mail-send` and `vigil serve` drive it over SMTP and prune each pass.
 * Local only.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "service/mail.h"
#include "service/present_mail.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil outbox - the mail queue\n\n"
	"SYNOPSIS\n"
	"    vigil outbox list [--state STATE] [--json]\n"
	"    vigil outbox show ID [--json]\n"
	"    vigil outbox expand\n"
	"    vigil outbox next [--json]\n"
	"    vigil outbox sent ID\n"
	"    vigil outbox failed ID --error TEXT [--permanent]\n"
	"    vigil outbox retry ID | --held\n"
	"    vigil outbox prune [--json]\n\n"
	"DESCRIPTION\n"
	"    Every notification is written to the outbox in the same transaction as\n"
	"    the change that causes it. When mail is sent, each event is expanded\n"
	"    into one message per recipient address, with the recipients computed\n"
	"    then from current permissions, and rendered as that recipient.\n"
	"    'list' (psirt, admin) shows events not yet expanded (state queued) and\n"
	"    every message: pending, sent, held (failed for good, or an unusable\n"
	"    key: never sent in plaintext) or dropped (the recipient lost access);\n"
	"    --state keeps one of queued, pending, sent, held, dropped.\n"
	"    'show' (psirt) renders message ID as its recipient would get it now\n"
	"    (a read recorded in the audit log).\n"
	"    'expand' computes the recipients of the events due now; 'next' hands\n"
	"    out the next due message rendered (psirt; leased for 10 minutes),\n"
	"    'sent' and 'failed' settle it; a temporary failure is retried after\n"
	"    1 minute, doubling up to 6 hours; --permanent holds it. These are what\n"
	"    'vigil mail-send' does; psirt (and, except 'next', admin) on this\n"
	"    machine may drive the queue by hand.\n"
	"    'retry' puts held message ID, or with --held every held message, back\n"
	"    in the queue, due at the next pass, its attempts counted afresh (after\n"
	"    the member's key or the SMTP settings were fixed); it prints how many\n"
	"    (psirt or admin on this machine).\n"
	"    'prune' deletes every message sent or dropped more than\n"
	"    outbox_keep_days days ago (a setting, default 30) with the event it\n"
	"    came from, once all of that event's messages are finished; pending\n"
	"    and held messages stay. It prints how many events and messages went\n"
	"    (psirt or admin on this machine). Every sender pass does the same.\n"
	"    Over HTTP, psirt has list, show and retry as /api/v1/outbox\n"
	"    (docs/api.md); this command works on the database file only.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused, failed or nothing due, 2 usage.\n";

static int
parse_id(const char *s, int64_t *ret)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return -1;
	*ret = v;
	return 0;
}

static int
do_list(struct cli *cli, const char *state, bool json)
{
	struct outbox_entry *v = NULL;
	struct errdetail d = {0};
	size_t n = 0;
	json_t *arr;
	int rc;

	if ((rc = svc_outbox_list_state(cli->svc, state, &v, &n, &d)) < 0)
		return cli_fail("outbox list", rc, &d);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		if (json) {
			json_array_append_new(arr, present_outbox_entry(&v[i]));
			continue;
		}
		printf("%-5lld %-8s %-16s %-10s %-14s %s%s%s\n", (long long)v[i].id, v[i].state,
			v[i].kind, v[i].key[0] ? v[i].key : "-", v[i].recipient ? v[i].recipient : "-",
			v[i].to ? v[i].to : "-", v[i].last_error ? "  error: " : "",
			v[i].last_error ? v[i].last_error : "");
	}
	outbox_entry_list_free(v, n);
	if (json)
		return cli_print_json(arr);
	json_decref(arr);
	return EXIT_OK;
}

static int
print_msg(struct outmsg *m, bool json)
{
	int rc = EXIT_OK;

	if (json) {
		rc = cli_print_json(present_outmsg(m));
	} else {
		printf("Message-ID: %s\nTo: %s\nFrom: %s\nSubject: %s\n", m->message_id, m->to,
			m->from, m->subject);
		if (m->in_reply_to)
			printf("In-Reply-To: %s\n", m->in_reply_to);
		printf("Encrypt: %s\n\n%s", m->encrypt ? "yes" : "no", m->body);
	}
	outmsg_release(m);
	return rc;
}

static int
do_prune(struct cli *cli, bool json)
{
	struct outbox_pruned p = {0};
	struct errdetail d = {0};
	int rc;

	if ((rc = svc_outbox_prune(cli->svc, &p, &d)) < 0)
		return cli_fail("outbox prune", rc, &d);
	if (json)
		return cli_print_json(present_outbox_pruned(&p));
	printf("%zu events, %zu messages pruned (finished more than %d days ago)\n",
		p.events, p.deliveries, p.keep_days);
	return EXIT_OK;
}

/* retry ID, or retry --held */
static int
do_retry(struct cli *cli, const char **pos, size_t npos, bool held)
{
	struct errdetail d = {0};
	int64_t id = 0;
	size_t n = 0;
	int rc;

	if (held ? npos != 1 : (npos != 2 || parse_id(pos[1], &id) < 0))
		return cli_usage("outbox", "retry ID, or retry --held");
	if ((rc = svc_outbox_retry(cli->svc, id, &n, &d)) < 0)
		return cli_fail("outbox retry", rc, &d);
	printf("%zu\n", n);
	return EXIT_OK;
}

static int
dispatch(struct cli *cli, const char **pos, size_t npos, bool json, const char *error,
	bool permanent, bool held, const char *state)
{
	struct outmsg m = {0};
	struct errdetail d = {0};
	int64_t id = 0;
	size_t n = 0;
	int rc;

	if (strcmp(pos[0], "retry") == 0)
		return do_retry(cli, pos, npos, held);
	if (held)
		return cli_usage("outbox", "--held goes with retry only");
	if (state && strcmp(pos[0], "list") != 0)
		return cli_usage("outbox", "--state goes with list only");
	if (strcmp(pos[0], "list") == 0 && npos == 1)
		return do_list(cli, state, json);
	if (strcmp(pos[0], "prune") == 0 && npos == 1)
		return do_prune(cli, json);
	if (strcmp(pos[0], "expand") == 0 && npos == 1) {
		if ((rc = svc_outbox_expand(cli->svc, &n, &d)) < 0)
			return cli_fail("outbox expand", rc, &d);
		printf("%zu\n", n);
		return EXIT_OK;
	}
	if (strcmp(pos[0], "next") == 0 && npos == 1) {
		if ((rc = svc_outbox_next(cli->svc, clock_now(), &m, &d)) < 0)
			return cli_fail("outbox next", rc, &d);
		return print_msg(&m, json);
	}
	if (npos != 2 || parse_id(pos[1], &id) < 0)
		return cli_usage("outbox", "list, expand, next, prune, or show|sent|failed|retry ID");
	if (strcmp(pos[0], "show") == 0) {
		if ((rc = svc_outbox_show(cli->svc, id, &m, &d)) < 0)
			return cli_fail("outbox show", rc, &d);
		return print_msg(&m, json);
	}
	if (strcmp(pos[0], "sent") == 0)
		rc = svc_outbox_sent(cli->svc, id, &d);
	else if (strcmp(pos[0], "failed") == 0 && error)
		rc = svc_outbox_failed(cli->svc, id, error, permanent, &d);
	else
		return cli_usage("outbox", "sent ID, or failed ID --error TEXT [--permanent]");
	return rc < 0 ? cli_fail("outbox", rc, &d) : EXIT_OK;
}

int
cmd_outbox(struct cli *cli, int argc, char **argv)
{
	bool json = false, permanent = false, held = false;
	const char *error = NULL, *state = NULL;
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {"error", OPT_VALUE, &error},
		{"permanent", OPT_FLAG, &permanent}, {"held", OPT_FLAG, &held},
		{"state", OPT_VALUE, &state}, {NULL, 0, NULL}};
	const char *pos[3];
	size_t npos;
	int rc;

	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("outbox", argc, argv, 1, opts, pos, 3, &npos)) != 0)
		return rc;
	if (npos < 1)
		return cli_usage("outbox", "needs a subcommand: list, show, expand, next, sent, "
			"failed, retry, prune");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	return dispatch(cli, pos, npos, json, error, permanent, held, state);
}
