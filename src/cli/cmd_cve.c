/*
 * cmd_cve.c — `vigil cve`: the pool of reserved CVE ids, assignment to
 * issues, retirement, and the CVE <-> fix table.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "service/present.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil cve - CVE ids: reserve, assign, retire\n\n"
	"SYNOPSIS\n"
	"    vigil cve reserve CVE-YYYY-NNNN[..CVE-YYYY-MMMM]\n"
	"    vigil cve assign KEY [CVE]\n"
	"    vigil cve retire CVE --reason TEXT\n"
	"    vigil cve list [--json]\n"
	"    vigil cve fixes [--json]\n\n"
	"DESCRIPTION\n"
	"    psirt loads blocks of ids reserved with the CNA into the pool and\n"
	"    assigns them to issues: the given id, or the lowest free one. An id\n"
	"    belongs to one issue at most; an issue may hold several. Unused ids are\n"
	"    retired with a reason. Publishing an issue publishes its ids.\n"
	"    'list' shows what you may see: the whole pool for psirt, otherwise the\n"
	"    ids of issues you can see. 'fixes' is the CVE <-> fix table: every row\n"
	"    for psirt, only published ids for everyone else.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed, 2 usage.\n";

static int
cve_reserve(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	const struct opt opts[] = {{NULL, 0, NULL}};
	struct errdetail d = {0};
	size_t npos;
	int rc, count;

	if ((rc = args_parse("cve", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("cve", "reserve needs a range");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_cve_reserve(cli->svc, pos[0], &count, &d)) < 0)
		return cli_fail("cve reserve", rc, &d);
	printf("reserved %d ids\n", count);
	return EXIT_OK;
}

static int
cve_assign(struct cli *cli, int argc, char **argv)
{
	const char *pos[2];
	const struct opt opts[] = {{NULL, 0, NULL}};
	struct errdetail d = {0};
	char id[32];
	size_t npos;
	int rc;

	if ((rc = args_parse("cve", argc, argv, 2, opts, pos, 2, &npos)) != 0)
		return rc;
	if (npos < 1)
		return cli_usage("cve", "assign needs KEY");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_cve_assign(cli->svc, pos[0], npos == 2 ? pos[1] : NULL, id, &d)) < 0)
		return cli_fail("cve assign", rc, &d);
	puts(id);
	return EXIT_OK;
}

static int
cve_retire(struct cli *cli, int argc, char **argv)
{
	const char *reason = NULL, *pos[1];
	const struct opt opts[] = {{"reason", OPT_VALUE, &reason}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	size_t npos;
	int rc;

	if ((rc = args_parse("cve", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1 || !reason)
		return cli_usage("cve", "retire needs CVE and --reason");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_cve_retire(cli->svc, pos[0], reason, &d)) < 0)
		return cli_fail("cve retire", rc, &d);
	return EXIT_OK;
}

static int
cve_list(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	struct cve *c = NULL;
	size_t n = 0, npos;
	json_t *a;
	int rc;

	if ((rc = args_parse("cve", argc, argv, 2, opts, pos, 0, &npos)) != 0 ||
	    (rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_cve_list(cli->svc, &c, &n, &d)) < 0)
		return cli_fail("cve list", rc, &d);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, present_cve(cli->svc, &c[i]));
	OBJ_LIST_FREE(c, n, cve_release);
	if (json)
		return cli_print_json(a);
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *o = json_array_get(a, i);
		const char *issue = json_string_value(json_object_get(o, "issue"));

		printf("%-16s %-9s %s\n", json_string_value(json_object_get(o, "id")),
			json_string_value(json_object_get(o, "state")), issue ? issue : "-");
	}
	json_decref(a);
	return EXIT_OK;
}

static int
cve_fixes(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	struct cve_fix_row *rows = NULL;
	size_t n = 0, npos;
	json_t *a;
	int rc;

	if ((rc = args_parse("cve", argc, argv, 2, opts, pos, 0, &npos)) != 0 ||
	    (rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_cve_fixes(cli->svc, &rows, &n, &d)) < 0)
		return cli_fail("cve fixes", rc, &d);
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = present_fix(&rows[i].fix);

		json_object_set_new(o, "cve", json_string(rows[i].cve));
		json_object_set_new(o, "issue", json_string(rows[i].key));
		json_array_append_new(a, o);
		if (!json)
			printf("%-16s %-10s %-8s %s %s\n", rows[i].cve, rows[i].key,
				fix_state_name(rows[i].fix.state), rows[i].fix.branch, rows[i].fix.url);
	}
	cve_fix_rows_free(rows, n);
	if (json)
		return cli_print_json(a);
	json_decref(a);
	return EXIT_OK;
}

int
cmd_cve(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if (argc < 2)
		return cli_usage("cve", "needs a subcommand");
	if (strcmp(argv[1], "reserve") == 0)
		return cve_reserve(cli, argc, argv);
	if (strcmp(argv[1], "assign") == 0)
		return cve_assign(cli, argc, argv);
	if (strcmp(argv[1], "retire") == 0)
		return cve_retire(cli, argc, argv);
	if (strcmp(argv[1], "list") == 0)
		return cve_list(cli, argc, argv);
	if (strcmp(argv[1], "fixes") == 0)
		return cve_fixes(cli, argc, argv);
	return cli_usage("cve", "unknown subcommand");
}
