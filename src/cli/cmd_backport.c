/*
 * cmd_backport.c — `vigil backport`: the per-release subtasks of an issue,
 * locally or through /api/v1/issues/KEY/backports (remote mode); the list
 * prints from the one JSON shape both give.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "service/present.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil backport - backport subtasks of an issue\n\n"
	"SYNOPSIS\n"
	"    vigil backport list KEY [--json]\n"
	"    vigil backport set KEY RELEASE STATE [--fix URL] [--reason TEXT]\n\n"
	"DESCRIPTION\n"
	"    STATE is needed, in-review, merged, released, or not-needed (with\n"
	"    --reason). Release managers may change the backports of their own\n"
	"    releases; psirt, the assignee and maintainers may change any. Setting a\n"
	"    release that has no subtask yet creates one.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed, 2 usage.\n";

/* The backports of key as `backport list --json` prints them (local). */
static int
local_backports(struct cli *cli, const char *key, json_t **ret)
{
	struct errdetail d = {0};
	struct backport *b = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_backport_list(cli->svc, key, &b, &n, &d)) < 0)
		return cli_fail("backport list", rc, &d);
	*ret = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*ret, present_backport(&b[i]));
	OBJ_LIST_FREE(b, n, backport_release);
	return EXIT_OK;
}

static int
backport_list(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *a = NULL, *b;
	size_t npos, i;
	int rc;

	if ((rc = args_parse("backport", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("backport", "list needs KEY");
	rc = cli->remote ? cli_remote(cli, "backport list", NF_ISSUE, "GET", NULL, &a, "issues",
		pos[0], "backports", NULL) : local_backports(cli, pos[0], &a);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(a);
	json_array_foreach(a, i, b)
		printf("%-12s %-10s %s\n", cli_jstr(b, "release", ""), cli_jstr(b, "state", ""),
			cli_jstr(b, "reason", ""));
	json_decref(a);
	return EXIT_OK;
}

static int
backport_set(struct cli *cli, int argc, char **argv)
{
	const char *fix = NULL, *reason = NULL, *pos[3];
	const struct opt opts[] = {
		{"fix", OPT_VALUE, &fix},
		{"reason", OPT_VALUE, &reason},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	size_t npos;
	int rc;

	if ((rc = args_parse("backport", argc, argv, 2, opts, pos, 3, &npos)) != 0)
		return rc;
	if (npos != 3)
		return cli_usage("backport", "set needs KEY RELEASE STATE");
	if (cli->remote) {
		json_t *body = json_pack("{s:s}", "state", pos[2]);

		if (body && fix)
			json_object_set_new(body, "fix", json_string(fix));
		if (body && reason)
			json_object_set_new(body, "reason", json_string(reason));
		return cli_remote(cli, "backport set", NF_ISSUE, "PUT", body, NULL, "issues", pos[0],
			"backports", pos[1], NULL);
	}
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_backport_set(cli->svc, pos[0], pos[1], pos[2], fix, reason, &d)) < 0)
		return cli_fail("backport set", rc, &d);
	return EXIT_OK;
}

int
cmd_backport(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return backport_list(cli, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "set") == 0)
		return backport_set(cli, argc, argv);
	return cli_usage("backport", "needs a subcommand: list, set");
}
