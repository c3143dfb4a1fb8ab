/*
 * cmd_outbox.c — `vigil outbox`: the mail queue (SPEC §7, docs/mail.md).
 * Lists the queue with states and last errors (psirt, admin), renders one
 * queued message as its recipient would get it (psirt), drives the queue
 * by hand (expand, next, sent, failed) for operators and tests, and puts
 * held messages back in the queue (retry ID, retry --held), and deletes
 * finished messages older than outbox_keep_days (prune); `vigil
 * mail-send` and `vigil serve` drive it over SMTP and prune each pass.
 * With --server, list, show and retry go through /api/v1/outbox and print
 * exactly what local mode prints; the rest drives the sending machine's
 * queue and stays on its database file.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/remote.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/limits.h"
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
	"    With --server (remote mode), 'list', 'show' and 'retry' go through\n"
	"    the server's /api/v1/outbox (docs/api.md) and print the same; over\n"
	"    the network the queue is psirt's alone, with the second factor (an\n"
	"    admin is refused). 'expand', 'next', 'sent', 'failed' and 'prune'\n"
	"    drive the queue of the machine that sends the mail: with --server\n"
	"    they are a usage error; run them there on the database file.\n\n"
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

/* The list (optionally one state) as JSON, locally or from the server. */
static int
fetch_list(struct cli *cli, const char *state, json_t **ret)
{
	struct outbox_entry *v = NULL;
	struct errdetail d = {0};
	struct buf path;
	size_t n = 0;
	int rc;

	if (cli->remote) {
		buf_init(&path, LIM_HTTP_PATH_MAX);
		buf_adds(&path, "/api/v1/outbox");
		if (state)
			remote_query_add(&path, "state", state);
		if (buf_err(&path))
			rc = cli_fail("outbox list", err_set(&d, ERR_INVAL, "state",
				"must be queued, pending, sent, held or dropped"), &d);
		else
			rc = cli_remote_send(cli, "outbox list", NF_ROUTE, "GET", buf_str(&path),
				NULL, NULL, 0, true, ret, NULL, NULL);
		buf_release(&path);
		return rc;
	}
	if ((rc = svc_outbox_list_state(cli->svc, state, &v, &n, &d)) < 0)
		return cli_fail("outbox list", rc, &d);
	*ret = json_array();
	for (size_t i = 0; *ret && i < n; i++)
		json_array_append_new(*ret, present_outbox_entry(&v[i]));
	outbox_entry_list_free(v, n);
	return *ret ? EXIT_OK : cli_fail("outbox list", ERR_NOMEM, NULL);
}

static int
do_list(struct cli *cli, const char *state, bool json)
{
	json_t *arr = NULL, *e;
	size_t i;
	int rc;

	if ((rc = fetch_list(cli, state, &arr)) != 0)
		return rc;
	if (json)
		return cli_print_json(arr);
	json_array_foreach(arr, i, e) {
		const char *err = cli_jstr(e, "last_error", NULL);

		printf("%-5lld %-8s %-16s %-10s %-14s %s%s%s\n", cli_jint(e, "id"),
			cli_jstr(e, "state", ""), cli_jstr(e, "kind", ""), cli_jstr(e, "key", "-"),
			cli_jstr(e, "recipient", "-"), cli_jstr(e, "to", "-"),
			err ? "  error: " : "", err ? err : "");
	}
	json_decref(arr);
	return EXIT_OK;
}

/* A rendered message (JSON as `outbox show --json`; consumed). */
static int
print_msg(json_t *m, bool json)
{
	const char *irt;

	if (json)
		return cli_print_json(m);
	printf("Message-ID: %s\nTo: %s\nFrom: %s\nSubject: %s\n",
		cli_jstr(m, "message_id", ""), cli_jstr(m, "to", ""), cli_jstr(m, "from", ""),
		cli_jstr(m, "subject", ""));
	if ((irt = cli_jstr(m, "in_reply_to", NULL)))
		printf("In-Reply-To: %s\n", irt);
	printf("Encrypt: %s\n\n%s", cli_jbool(m, "encrypt") ? "yes" : "no",
		cli_jstr(m, "body", ""));
	json_decref(m);
	return EXIT_OK;
}

/* show ID: message id rendered now, locally or by the server */
static int
do_show(struct cli *cli, int64_t id, bool json)
{
	struct outmsg m = {0};
	struct errdetail d = {0};
	char idtext[24];
	json_t *j = NULL;
	int rc;

	if (cli->remote) {
		snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
		if ((rc = cli_remote(cli, "outbox show", NF_MESSAGE, "GET", NULL, &j, "outbox",
			idtext, NULL)) != 0)
			return rc;
		return print_msg(j, json);
	}
	if ((rc = svc_outbox_show(cli->svc, id, &m, &d)) < 0)
		return cli_fail("outbox show", rc, &d);
	j = present_outmsg(&m);
	outmsg_release(&m);
	return j ? print_msg(j, json) : cli_fail("outbox show", ERR_NOMEM, NULL);
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

/* retry ID, or retry --held (id 0): how many went back in the queue */
static int
retry_count(struct cli *cli, int64_t id, long long *ret)
{
	struct errdetail d = {0};
	char idtext[24];
	json_t *j = NULL;
	size_t n = 0;
	int rc;

	if (cli->remote) {
		snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
		rc = id ? cli_remote(cli, "outbox retry", NF_MESSAGE, "POST", NULL, &j, "outbox",
				idtext, "retry", NULL) :
			cli_remote(cli, "outbox retry", NF_ROUTE, "POST", NULL, &j, "outbox",
				"retry-held", NULL);
		if (rc == 0)
			*ret = cli_jint(j, "requeued");
		json_decref(j);
		return rc;
	}
	if ((rc = svc_outbox_retry(cli->svc, id, &n, &d)) < 0)
		return cli_fail("outbox retry", rc, &d);
	*ret = (long long)n;
	return EXIT_OK;
}

static int
do_retry(struct cli *cli, const char **pos, size_t npos, bool held)
{
	long long n = 0;
	int64_t id = 0;
	int rc;

	if (held ? npos != 1 : (npos != 2 || parse_id(pos[1], &id) < 0))
		return cli_usage("outbox", "retry ID, or retry --held");
	if ((rc = retry_count(cli, id, &n)) != 0)
		return rc;
	printf("%lld\n", n);
	return EXIT_OK;
}

static int
dispatch(struct cli *cli, const char **pos, size_t npos, bool json, const char *error,
	bool permanent, bool held, const char *state)
{
	struct outmsg m = {0};
	struct errdetail d = {0};
	json_t *j;
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
		j = present_outmsg(&m);
		outmsg_release(&m);
		return j ? print_msg(j, json) : cli_fail("outbox next", ERR_NOMEM, NULL);
	}
	if (npos != 2 || parse_id(pos[1], &id) < 0)
		return cli_usage("outbox", "list, expand, next, prune, or show|sent|failed|retry ID");
	if (strcmp(pos[0], "show") == 0)
		return do_show(cli, id, json);
	if (strcmp(pos[0], "sent") == 0)
		rc = svc_outbox_sent(cli->svc, id, &d);
	else if (strcmp(pos[0], "failed") == 0 && error)
		rc = svc_outbox_failed(cli->svc, id, error, permanent, &d);
	else
		return cli_usage("outbox", "sent ID, or failed ID --error TEXT [--permanent]");
	return rc < 0 ? cli_fail("outbox", rc, &d) : EXIT_OK;
}

/*
 * What stays on the database file with --server: expand, next, sent and
 * failed drive the queue of the machine that sends the mail (leases and
 * SMTP results belong to it), and prune is that machine's retention,
 * which every sender pass does anyway. The HTTP API has no routes for
 * them (docs/mail.md).
 */
static bool
remote_local_only(const char *sub)
{
	static const char *const local[] = {"expand", "next", "sent", "failed", "prune"};

	for (size_t i = 0; i < sizeof(local) / sizeof(local[0]); i++)
		if (strcmp(sub, local[i]) == 0)
			return true;
	return false;
}

static int
rc_local_only(const char *sub)
{
	fprintf(stderr, "vigil outbox %s: works on the database file of the machine that "
		"sends the mail only; it cannot run with --server (remote mode has list, show "
		"and retry; see 'vigil outbox --help')\n", sub);
	return EXIT_USAGE;
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
	if (cli->remote)
		return remote_local_only(pos[0]) ? rc_local_only(pos[0]) :
			dispatch(cli, pos, npos, json, error, permanent, held, state);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	return dispatch(cli, pos, npos, json, error, permanent, held, state);
}
