/*
 * cmd_subsystem.c — `vigil subsystem`: define the parts of the product,
 * with the source paths they cover, their maintainers and architect.
 * Locally through service/, remotely through /api/v1/subsystems; the list
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
	"    vigil subsystem - parts of the product and who owns them\n\n"
	"SYNOPSIS\n"
	"    vigil subsystem add NAME --path GLOB... [--maintainer LOGIN]... [--architect LOGIN]\n"
	"    vigil subsystem list [--json]\n\n"
	"DESCRIPTION\n"
	"    A subsystem (for example net/bluetooth) covers source paths given as\n"
	"    globs. Its maintainers and architect see and work on the issues filed\n"
	"    against it. Adding subsystems is configuration: admin or psirt.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed, 2 usage.\n";

static int
subsystem_add(struct cli *cli, int argc, char **argv)
{
	struct strlist paths = {0}, maint = {0};
	const char *arch = NULL, *pos[1];
	const struct opt opts[] = {
		{"path", OPT_MULTI, &paths},
		{"maintainer", OPT_MULTI, &maint},
		{"architect", OPT_VALUE, &arch},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	size_t npos;
	int rc;

	if ((rc = args_parse("subsystem", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		goto out;
	if (npos != 1) {
		rc = cli_usage("subsystem", "add needs NAME");
		goto out;
	}
	if (cli->remote) {
		json_t *body = json_pack("{s:s,s:o,s:o}", "name", pos[0], "paths",
			present_strlist(&paths), "maintainers", present_strlist(&maint));

		if (body && arch)
			json_object_set_new(body, "architect", json_string(arch));
		rc = cli_remote(cli, "subsystem add", NF_ROUTE, "POST", body, NULL, "subsystems",
			NULL);
	} else if ((rc = cli_open(cli)) == 0 &&
	    (rc = svc_subsystem_add(cli->svc, pos[0], &paths, &maint, arch, &d)) < 0) {
		rc = cli_fail("subsystem add", rc, &d);
	}
	if (rc == 0)
		printf("added subsystem %s\n", pos[0]);
out:
	strlist_release(&paths);
	strlist_release(&maint);
	return rc;
}

/* The subsystems as `subsystem list --json` prints them (local mode). */
static int
local_subsystems(struct cli *cli, json_t **ret)
{
	struct errdetail d = {0};
	struct subsystem *s = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_subsystem_list(cli->svc, &s, &n, &d)) < 0)
		return cli_fail("subsystem list", rc, &d);
	*ret = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*ret, present_subsystem(&s[i]));
	OBJ_LIST_FREE(s, n, subsystem_release);
	return EXIT_OK;
}

/* " a b c" for the strings of array a */
static void
print_words(json_t *a)
{
	json_t *v;
	size_t i;

	json_array_foreach(a, i, v)
		printf(" %s", json_is_string(v) ? json_string_value(v) : "");
}

static int
subsystem_list(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *a = NULL, *s;
	size_t npos, i;
	int rc;

	if ((rc = args_parse("subsystem", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	rc = cli->remote ? cli_remote(cli, "subsystem list", NF_ROUTE, "GET", NULL, &a,
		"subsystems", NULL) : local_subsystems(cli, &a);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(a);
	json_array_foreach(a, i, s) {
		printf("%s\n  paths:", cli_jstr(s, "name", ""));
		print_words(json_object_get(s, "paths"));
		printf("\n  maintainers:");
		print_words(json_object_get(s, "maintainers"));
		printf("\n  architect: %s\n", cli_jstr(s, "architect", "-"));
	}
	json_decref(a);
	return EXIT_OK;
}

int
cmd_subsystem(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return subsystem_add(cli, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return subsystem_list(cli, argc, argv);
	return cli_usage("subsystem", "needs a subcommand: add, list");
}
