/*
 * cmd_release.c — `vigil release`: versions of the product with their
 * branch, date, LTS flag, support status and release managers. Locally
 * through service/, remotely through /api/v1/releases; the list prints
 * from the one JSON shape both give.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/remote.h"
#include "core/limits.h"
#include "export/release_report.h"
#include "service/present.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil release - releases of the product\n\n"
	"SYNOPSIS\n"
	"    vigil release add NAME --branch BRANCH --date YYYY-MM-DD [--lts] [--manager LOGIN]...\n"
	"    vigil release list [--json]\n"
	"    vigil release eol NAME\n"
	"    vigil release report NAME [--format md|rst|json]\n\n"
	"DESCRIPTION\n"
	"    When a fix merges into the main branch, vigil opens backport subtasks\n"
	"    for the newest supported LTS release and the two most recent supported\n"
	"    releases dated on or before today. Their release managers then see the\n"
	"    issue. 'eol' marks a release end-of-life: it gets no more backports.\n\n"
	"    'report' lists the CVE ids NAME fixes (it ships the fix, or a backport\n"
	"    to it is merged or released): a full entry for each public issue, and\n"
	"    for each issue still under embargo only its CVE ids and \"Under embargo\n"
	"    until YYYY-MM-DD\". Markdown unless --format says otherwise.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed, 2 usage.\n";

static int
release_add(struct cli *cli, int argc, char **argv)
{
	struct strlist managers = {0};
	const char *branch = NULL, *date = NULL, *pos[1];
	bool lts = false;
	const struct opt opts[] = {
		{"branch", OPT_VALUE, &branch},
		{"date", OPT_VALUE, &date},
		{"lts", OPT_FLAG, &lts},
		{"manager", OPT_MULTI, &managers},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	size_t npos;
	int rc;

	if ((rc = args_parse("release", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		goto out;
	if (npos != 1 || !branch || !date) {
		rc = cli_usage("release", "add needs NAME, --branch and --date");
		goto out;
	}
	if (cli->remote)
		rc = cli_remote(cli, "release add", NF_ROUTE, "POST", json_pack("{s:s,s:s,s:s,s:b,"
			"s:o}", "name", pos[0], "branch", branch, "date", date, "lts", lts, "managers",
			present_strlist(&managers)), NULL, "releases", NULL);
	else if ((rc = cli_open(cli)) == 0 &&
	    (rc = svc_release_add(cli->svc, pos[0], branch, date, lts, &managers, &d)) < 0)
		rc = cli_fail("release add", rc, &d);
	if (rc == 0)
		printf("added release %s\n", pos[0]);
out:
	strlist_release(&managers);
	return rc;
}

/* The releases as `release list --json` prints them (local mode). */
static int
local_releases(struct cli *cli, json_t **ret)
{
	struct errdetail d = {0};
	struct release *r = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_release_list(cli->svc, &r, &n, &d)) < 0)
		return cli_fail("release list", rc, &d);
	*ret = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*ret, present_release(&r[i]));
	OBJ_LIST_FREE(r, n, release_release);
	return EXIT_OK;
}

static int
release_list(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *a = NULL, *r;
	size_t npos, i;
	int rc;

	if ((rc = args_parse("release", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	rc = cli->remote ? cli_remote(cli, "release list", NF_ROUTE, "GET", NULL, &a, "releases",
		NULL) : local_releases(cli, &a);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(a);
	json_array_foreach(a, i, r)
		printf("%-12s %-20s %s %s%s\n", cli_jstr(r, "name", ""), cli_jstr(r, "branch", ""),
			cli_jstr(r, "date", ""), strcmp(cli_jstr(r, "support", ""), "supported") == 0 ?
			"supported" : "eol", cli_jbool(r, "lts") ? " LTS" : "");
	json_decref(a);
	return EXIT_OK;
}

static int
release_eol(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	const struct opt opts[] = {{NULL, 0, NULL}};
	struct errdetail d = {0};
	size_t npos;
	int rc;

	if ((rc = args_parse("release", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("release", "eol needs NAME");
	if (cli->remote)
		return cli_remote(cli, "release eol", NF_ROUTE, "POST", NULL, NULL, "releases",
			pos[0], "eol", NULL);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_release_eol(cli->svc, pos[0], &d)) < 0)
		return cli_fail("release eol", rc, &d);
	return EXIT_OK;
}

/* Remote mode: the server renders; JSON is printed as the local one is. */
static int
remote_report(struct cli *cli, const char *name, enum rr_format f, const char *format)
{
	struct buf path;
	json_t *j = NULL;
	char *bytes = NULL;
	size_t len = 0;
	int rc;

	buf_init(&path, LIM_HTTP_PATH_MAX);
	buf_adds(&path, "/api/v1");
	remote_path_add(&path, "releases");
	remote_path_add(&path, name);
	remote_path_add(&path, "report");
	remote_query_add(&path, "format", format);
	if (buf_err(&path)) {
		buf_release(&path);
		return cli_usage("release", "report: the release name is too long");
	}
	rc = cli_remote_send(cli, "release report", NF_ROUTE, "GET", buf_str(&path), NULL, NULL,
		0, f == RR_JSON, &j, &bytes, &len);
	buf_release(&path);
	if (rc != 0)
		return rc;
	if (f == RR_JSON)
		return cli_print_json(j);
	fwrite(bytes, 1, len, stdout);
	free(bytes);
	return EXIT_OK;
}

static int
release_report(struct cli *cli, int argc, char **argv)
{
	const char *format = NULL, *pos[1];
	const struct opt opts[] = {{"format", OPT_VALUE, &format}, {NULL, 0, NULL}};
	struct release_report r = {0};
	struct errdetail d = {0};
	enum rr_format f;
	struct buf out;
	size_t npos;
	int rc;

	if ((rc = args_parse("release", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("release", "report needs NAME");
	if (!format)
		format = "md";
	if (rr_format_parse(format, &f) < 0)
		return cli_usage("release", "report: --format is md, rst or json");
	if (cli->remote)
		return remote_report(cli, pos[0], f, format);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_release_report(cli->svc, pos[0], &r, &d)) < 0)
		return cli_fail("release report", rc, &d);
	if (f == RR_JSON) {
		json_t *j = rr_json(&r);

		release_report_release(&r);
		return j ? cli_print_json(j) : cli_fail("release report", ERR_NOMEM, NULL);
	}
	buf_init(&out, LIM_OUTPUT_MAX);
	rr_text(&r, f, &out);
	release_report_release(&r);
	if ((rc = buf_err(&out)) == 0)
		fputs(buf_str(&out), stdout);
	buf_release(&out);
	return rc ? cli_fail("release report", rc, NULL) : EXIT_OK;
}

int
cmd_release(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return release_add(cli, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return release_list(cli, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "eol") == 0)
		return release_eol(cli, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "report") == 0)
		return release_report(cli, argc, argv);
	return cli_usage("release", "needs a subcommand: add, list, eol, report");
}
