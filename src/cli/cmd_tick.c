/*
 * cmd_tick.c — `vigil tick`: the scheduler run from cron (vigil serve runs
 * it on an interval): publishes issues whose embargo ended and lists
 * overdue work the acting person may see. In remote mode the server runs
 * it (POST /api/v1/tick); both modes print from the same JSON.
 */
#include <jansson.h>
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

/* "title KEY" for every string of the member name of o */
static void
print_list(json_t *o, const char *name, const char *title)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(o, name), i, v)
		printf("%s %s\n", title, json_is_string(v) ? json_string_value(v) : "");
}

/* The tick as `tick --json` prints it (local mode). */
static int
local_tick(struct cli *cli, json_t **ret)
{
	struct errdetail d = {0};
	struct tick_result r = {0};
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_tick(cli->svc, &r, &d)) < 0)
		return cli_fail("tick", rc, &d);
	*ret = present_tick(&r);
	tick_result_release(&r);
	return EXIT_OK;
}

int
cmd_tick(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *o = NULL, *e;
	size_t npos, i;
	int rc;

	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("tick", argc, argv, 1, opts, pos, 0, &npos)) != 0)
		return rc;
	rc = cli->remote ? cli_remote(cli, "tick", NF_ROUTE, "POST", NULL, &o, "tick", NULL) :
		local_tick(cli, &o);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(o);
	print_list(o, "published", "published");
	print_list(o, "disclosed_unfixed", "disclosed-unfixed");
	print_list(o, "ack_overdue", "ack-overdue");
	print_list(o, "fix_overdue", "fix-overdue");
	json_array_foreach(json_object_get(o, "embargo_soon"), i, e)
		printf("embargo-ends %s\t%s\n", cli_jstr(e, "key", ""),
			cli_jstr(e, "embargo_until", ""));
	json_decref(o);
	return EXIT_OK;
}
