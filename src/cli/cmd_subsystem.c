/*
 * cmd_subsystem.c — `vigil subsystem`: define the parts of the product,
 * with the source paths they cover, their maintainers and architect.
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
	if ((rc = cli_open(cli)) != 0)
		goto out;
	if ((rc = svc_subsystem_add(cli->svc, pos[0], &paths, &maint, arch, &d)) < 0)
		rc = cli_fail("subsystem add", rc, &d);
	else
		printf("added subsystem %s\n", pos[0]);
out:
	strlist_release(&paths);
	strlist_release(&maint);
	return rc;
}

static int
subsystem_list(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	struct subsystem *s = NULL;
	size_t n = 0, npos;
	int rc;

	if ((rc = args_parse("subsystem", argc, argv, 2, opts, pos, 0, &npos)) != 0 ||
	    (rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_subsystem_list(cli->svc, &s, &n, &d)) < 0)
		return cli_fail("subsystem list", rc, &d);
	if (json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, present_subsystem(&s[i]));
		rc = cli_print_json(a);
	} else {
		for (size_t i = 0; i < n; i++) {
			printf("%s\n  paths:", s[i].name);
			for (size_t k = 0; k < s[i].globs.n; k++)
				printf(" %s", s[i].globs.v[k]);
			printf("\n  maintainers:");
			for (size_t k = 0; k < s[i].maintainers.n; k++)
				printf(" %s", s[i].maintainers.v[k]);
			printf("\n  architect: %s\n", s[i].architect ? s[i].architect : "-");
		}
	}
	OBJ_LIST_FREE(s, n, subsystem_release);
	return rc;
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
