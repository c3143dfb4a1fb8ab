/*
 * cmd_tick.c — `vigil tick`: the scheduler run from cron (vigil serve runs
 * it on an interval): publishes issues whose embargo ended and lists
 * overdue work the acting person may see.
 */
#include <stdio.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "service/present.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil tick - publish ended embargoes, list overdue work\n\n"
	"SYNOPSIS\n"
	"    vigil [--as LOGIN] tick [--json]\n\n"
	"DESCRIPTION\n"
	"    Publishes every open issue whose embargo end has passed, whatever its\n"
	"    state; one published before its fix was released is flagged disclosed\n"
	"    unfixed. Then lists overdue acknowledgements (7 days), overdue fixes\n"
	"    (30 days) and embargoes ending within 14 days — only issues the acting\n"
	"    person may see. Run it from cron, e.g. hourly.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 failed, 2 usage.\n";

static void
print_list(const char *title, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		printf("%s %s\n", title, l->v[i]);
}

int
cmd_tick(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	struct tick_result r = {0};
	size_t npos;
	int rc;

	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("tick", argc, argv, 1, opts, pos, 0, &npos)) != 0 ||
	    (rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_tick(cli->svc, &r, &d)) < 0)
		return cli_fail("tick", rc, &d);
	if (json) {
		rc = cli_print_json(present_tick(&r));
	} else {
		print_list("published", &r.published);
		print_list("disclosed-unfixed", &r.disclosed_unfixed);
		print_list("ack-overdue", &r.ack_overdue);
		print_list("fix-overdue", &r.fix_overdue);
		print_list("embargo-ends", &r.embargo_soon);
	}
	tick_result_release(&r);
	return rc;
}
