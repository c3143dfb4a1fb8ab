/*
 * cmd_report.c — `vigil report`: file a vulnerability report as the acting
 * person (or, for psirt, on behalf of a reporter who e-mailed it). In
 * remote mode the report goes to POST /api/v1/issues, which records its
 * source as "api" (or "email" with --email-from) instead of "cli".
 * `vigil report status` is the status report of cmd_status.c.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil report - report a vulnerability\n\n"
	"SYNOPSIS\n"
	"    vigil report status [--since DATE] [--until DATE] [--format text|json|html]\n"
	"    vigil report --title TEXT --description TEXT [--subsystem NAME] [--version V]\n"
	"                 [--credit NAME | --anonymous] [--email-from LOGIN]\n\n"
	"DESCRIPTION\n"
	"    Files a private report and prints its key (for example SEC-12). The\n"
	"    report starts in state new; the security team acknowledges it within\n"
	"    7 days. Only the reporter, the security team and the people it brings\n"
	"    in can see it until it is published.\n\n"
	"OPTIONS\n"
	"    --title TEXT         one line, at most 200 bytes\n"
	"    --description TEXT   Markdown, at most 64 KiB\n"
	"    --subsystem NAME     the part of the product affected, if known\n"
	"    --version V          the version in which you found it\n"
	"    --credit NAME        how to credit you when published (default: your name)\n"
	"    --anonymous          credit nobody\n"
	"    --email-from LOGIN   psirt only: enter a report that LOGIN sent by e-mail;\n"
	"                         it starts in triage (source email)\n\n"
	"EXIT STATUS\n"
	"    0 filed, 1 refused, 2 usage.\n";

/* Add the optional string member name when v is set. */
static void
opt_str(json_t *o, const char *name, const char *v)
{
	if (o && v)
		json_object_set_new(o, name, json_string(v));
}

static int
remote_report(struct cli *cli, const struct report_in *in)
{
	json_t *body = json_pack("{s:s,s:s,s:b}", "title", in->title, "description",
		in->description, "anonymous", in->anonymous), *a = NULL;
	const char *key;
	int rc;

	opt_str(body, "subsystem", in->subsystem);
	opt_str(body, "version", in->version);
	opt_str(body, "credit", in->credit);
	opt_str(body, "on_behalf_of", in->on_behalf_of);
	if ((rc = cli_remote(cli, "report", NF_ROUTE, "POST", body, &a, "issues", NULL)) != 0)
		return rc;
	key = cli_jstr(a, "key", NULL);
	if (key && strlen(key) < ISSUE_KEY_MAX && !strpbrk(key, " \t\n"))
		puts(key);
	else
		rc = cli_fail("report", ERR_IO, &(struct errdetail){"server", "answered without "
			"the new key"});
	json_decref(a);
	return rc;
}

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	struct report_in in = {0};
	const char *pos[1];
	const struct opt opts[] = {
		{"title", OPT_VALUE, &in.title},
		{"description", OPT_VALUE, &in.description},
		{"subsystem", OPT_VALUE, &in.subsystem},
		{"version", OPT_VALUE, &in.version},
		{"credit", OPT_VALUE, &in.credit},
		{"anonymous", OPT_FLAG, &in.anonymous},
		{"email-from", OPT_VALUE, &in.on_behalf_of},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	char key[ISSUE_KEY_MAX];
	size_t npos;
	int rc;

	if (argc > 1 && strcmp(argv[1], "status") == 0)
		return cmd_report_status(cli, argc, argv);
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("report", argc, argv, 1, opts, pos, 0, &npos)) != 0)
		return rc;
	if (!in.title || !in.description)
		return cli_usage("report", "needs --title and --description");
	in.source = in.on_behalf_of ? SRC_EMAIL : SRC_CLI;
	if (cli->remote)
		return remote_report(cli, &in);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_report(cli->svc, &in, key, &d)) < 0)
		return cli_fail("report", rc, &d);
	puts(key);
	return EXIT_OK;
}
