/*
 * cmd_status.c — `vigil report status`: the status report of SPEC §8
 * (counts per state, overdue deadlines, embargoes ending soon, backports,
 * median times, charts) as text, JSON or an HTML page with inline SVG.
 * Reached from cmd_report.c when its first argument is "status". Only
 * what the acting person may see is counted (service/status.c). In remote
 * mode it reads GET /api/v1/reports/status, which answers JSON; the text
 * and HTML forms are rendered locally from the struct, so they need the
 * database.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/remote.h"
#include "core/buf.h"
#include "core/limits.h"
#include "export/status.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil report status - the state of security issues\n\n"
	"SYNOPSIS\n"
	"    vigil report status [--since YYYY-MM-DD] [--until YYYY-MM-DD]\n"
	"                        [--format text|json|html]\n\n"
	"DESCRIPTION\n"
	"    Counts per state, overdue acknowledgements and fixes, embargoes ending\n"
	"    within 14 days, backport status per release, median days to acknowledge,\n"
	"    fix and publish, issues by state at each month's end and the time-to-fix\n"
	"    distribution, over the issues you may see. --since and --until (inclusive)\n"
	"    select the issues, by report date, of the medians and the histogram, and\n"
	"    the months of the chart; the rest is the state today. The html format is\n"
	"    a self-contained page with SVG charts.\n\n"
	"EXIT STATUS\n"
	"    0 printed, 1 refused, 2 usage.\n";

static int
remote_status(struct cli *cli, const char *since, const char *until)
{
	struct buf path;
	json_t *a = NULL;
	int rc;

	buf_init(&path, LIM_HTTP_PATH_MAX);
	buf_adds(&path, "/api/v1/reports/status");
	if (since)
		remote_query_add(&path, "since", since);
	if (until)
		remote_query_add(&path, "until", until);
	rc = cli_remote_send(cli, "report status", NF_ROUTE, "GET", buf_str(&path), NULL, NULL,
		0, true, &a, NULL, NULL);
	buf_release(&path);
	if (rc != 0)
		return rc;
	return cli_print_json(a);
}

static int
render(const struct status_report *r, const char *format)
{
	struct buf out;
	int rc;

	if (strcmp(format, "json") == 0) {
		json_t *j = status_json(r);

		return j ? cli_print_json(j) : cli_fail("report status", ERR_NOMEM, NULL);
	}
	buf_init(&out, LIM_OUTPUT_MAX);
	if (strcmp(format, "html") == 0)
		rc = status_html(r, &out);
	else
		rc = status_text(r, &out);
	if (rc == 0)
		fputs(buf_str(&out), stdout);
	buf_release(&out);
	return rc < 0 ? cli_fail("report status", rc, NULL) : EXIT_OK;
}

int
cmd_report_status(struct cli *cli, int argc, char **argv)
{
	const char *since = NULL, *until = NULL, *format = NULL, *pos[1];
	const struct opt opts[] = {
		{"since", OPT_VALUE, &since},
		{"until", OPT_VALUE, &until},
		{"format", OPT_VALUE, &format},
		{NULL, 0, NULL},
	};
	struct status_report r = {0};
	struct errdetail d = {0};
	size_t npos;
	int rc;

	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("report status", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	if (!format)
		format = "text";
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "html") != 0)
		return cli_usage("report status", "--format is text, json or html");
	if (cli->remote) {
		if (strcmp(format, "json") != 0)
			return cli_usage("report status", "remote mode gives --format json only");
		return remote_status(cli, since, until);
	}
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_status(cli->svc, since, until, &r, &d)) < 0)
		return cli_fail("report status", rc, &d);
	rc = render(&r, format);
	status_report_release(&r);
	return rc;
}
