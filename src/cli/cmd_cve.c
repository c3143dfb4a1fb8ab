/*
 * cmd_cve.c — `vigil cve`: the pool of reserved CVE ids, assignment to
 * issues, retirement, and the CVE <-> fix table. Locally through
 * service/, remotely through /api/v1/cves and /api/v1/cve-fixes; the lists
 * print from the one JSON shape both give.
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
	if (cli->remote) {
		json_t *a = NULL;

		if ((rc = cli_remote(cli, "cve reserve", NF_ROUTE, "POST", json_pack("{s:s}",
		    "range", pos[0]), &a, "cves", "reserve", NULL)) != 0)
			return rc;
		count = (int)cli_jint(a, "reserved");
		json_decref(a);
	} else if ((rc = cli_open(cli)) != 0) {
		return rc;
	} else if ((rc = svc_cve_reserve(cli->svc, pos[0], &count, &d)) < 0) {
		return cli_fail("cve reserve", rc, &d);
	}
	printf("reserved %d ids\n", count);
	return EXIT_OK;
}

/* A CVE id as the server sent it: "CVE-" and digits and dashes, or NULL. */
static const char *
cve_id_ok(const char *id)
{
	if (!id || strncmp(id, "CVE-", 4) != 0 || strlen(id) >= 32 ||
	    strspn(id + 4, "0123456789-") != strlen(id + 4))
		return NULL;
	return id;
}

static int
remote_assign(struct cli *cli, const char *key, const char *cve)
{
	json_t *body = json_object(), *a = NULL;
	const char *id;
	int rc;

	if (body && cve)
		json_object_set_new(body, "cve", json_string(cve));
	if ((rc = cli_remote(cli, "cve assign", NF_ISSUE, "POST", body, &a, "issues", key, "cves",
	    NULL)) != 0)
		return rc;
	if ((id = cve_id_ok(cli_jstr(a, "cve", NULL))))
		puts(id);
	else
		rc = cli_fail("cve assign", ERR_IO, &(struct errdetail){"server", "answered without "
			"the CVE id"});
	json_decref(a);
	return rc;
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
	if (cli->remote)
		return remote_assign(cli, pos[0], npos == 2 ? pos[1] : NULL);
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
	if (cli->remote)
		return cli_remote(cli, "cve retire", NF_ROUTE, "POST", json_pack("{s:s}", "reason",
			reason), NULL, "cves", pos[0], "retire", NULL);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_cve_retire(cli->svc, pos[0], reason, &d)) < 0)
		return cli_fail("cve retire", rc, &d);
	return EXIT_OK;
}

/* The CVE ids as `cve list --json` prints them (local mode). */
static int
local_cves(struct cli *cli, json_t **ret)
{
	struct errdetail d = {0};
	struct cve *c = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_cve_list(cli->svc, &c, &n, &d)) < 0)
		return cli_fail("cve list", rc, &d);
	*ret = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*ret, present_cve(cli->svc, &c[i]));
	OBJ_LIST_FREE(c, n, cve_release);
	return EXIT_OK;
}

static int
cve_list(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *a = NULL, *o;
	size_t npos, i;
	int rc;

	if ((rc = args_parse("cve", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	rc = cli->remote ? cli_remote(cli, "cve list", NF_ROUTE, "GET", NULL, &a, "cves", NULL) :
		local_cves(cli, &a);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(a);
	json_array_foreach(a, i, o)
		printf("%-16s %-9s %s\n", cli_jstr(o, "id", ""), cli_jstr(o, "state", ""),
			cli_jstr(o, "issue", "-"));
	json_decref(a);
	return EXIT_OK;
}

/* The CVE <-> fix table as `cve fixes --json` prints it (local mode). */
static int
local_fixes(struct cli *cli, json_t **ret)
{
	struct errdetail d = {0};
	struct cve_fix_row *rows = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_cve_fixes(cli->svc, &rows, &n, &d)) < 0)
		return cli_fail("cve fixes", rc, &d);
	*ret = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = present_fix(&rows[i].fix);

		json_object_set_new(o, "cve", json_string(rows[i].cve));
		json_object_set_new(o, "issue", json_string(rows[i].key));
		json_array_append_new(*ret, o);
	}
	cve_fix_rows_free(rows, n);
	return EXIT_OK;
}

static int
cve_fixes(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *a = NULL, *o;
	size_t npos, i;
	int rc;

	if ((rc = args_parse("cve", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	rc = cli->remote ? cli_remote(cli, "cve fixes", NF_ROUTE, "GET", NULL, &a, "cve-fixes",
		NULL) : local_fixes(cli, &a);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(a);
	json_array_foreach(a, i, o)
		printf("%-16s %-10s %-8s %s %s\n", cli_jstr(o, "cve", ""), cli_jstr(o, "issue", ""),
			cli_jstr(o, "state", ""), cli_jstr(o, "branch", ""), cli_jstr(o, "url", ""));
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
