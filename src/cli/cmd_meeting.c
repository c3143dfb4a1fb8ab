/*
 * cmd_meeting.c — `vigil meeting`: security committee meetings, their
 * attendees (quorum: more than three) and decisions on issues. Locally
 * through service/, remotely through /api/v1/meetings; the list prints
 * from the one JSON shape both give.
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
	"    vigil meeting - committee meetings and their decisions\n\n"
	"SYNOPSIS\n"
	"    vigil meeting add --date YYYY-MM-DD --attendee LOGIN...   (prints the id)\n"
	"    vigil meeting decide ID KEY --kind KIND [--until YYYY-MM-DD] --reason TEXT\n"
	"    vigil meeting list [--json]\n\n"
	"DESCRIPTION\n"
	"    A meeting with more than three attendees has quorum. Only such a meeting\n"
	"    can decide on an issue. KIND is embargo-yes or embargo-no (the embargo\n"
	"    decision), extend (move the embargo end past 90 days to --until), or\n"
	"    publish (publish a released issue before its embargo ends). psirt only.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed, 2 usage.\n";

static int
meeting_add(struct cli *cli, int argc, char **argv)
{
	struct strlist att = {0};
	const char *date = NULL, *pos[1];
	const struct opt opts[] = {
		{"date", OPT_VALUE, &date},
		{"attendee", OPT_MULTI, &att},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	int64_t id;
	size_t npos;
	int rc;

	if ((rc = args_parse("meeting", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		goto out;
	if (!date) {
		rc = cli_usage("meeting", "add needs --date");
		goto out;
	}
	if (cli->remote) {
		json_t *a = NULL;

		rc = cli_remote(cli, "meeting add", NF_ROUTE, "POST", json_pack("{s:s,s:o}", "date",
			date, "attendees", present_strlist(&att)), &a, "meetings", NULL);
		id = cli_jint(a, "id");
		json_decref(a);
	} else if ((rc = cli_open(cli)) == 0 &&
	    (rc = svc_meeting_add(cli->svc, date, &att, &id, &d)) < 0) {
		rc = cli_fail("meeting add", rc, &d);
	}
	if (rc == 0)
		printf("%lld\n", (long long)id);
out:
	strlist_release(&att);
	return rc;
}

static int
meeting_decide(struct cli *cli, int argc, char **argv)
{
	const char *kind = NULL, *until = NULL, *reason = NULL, *pos[2];
	const struct opt opts[] = {
		{"kind", OPT_VALUE, &kind},
		{"until", OPT_VALUE, &until},
		{"reason", OPT_VALUE, &reason},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	long long id;
	char *end;
	size_t npos;
	int rc;

	if ((rc = args_parse("meeting", argc, argv, 2, opts, pos, 2, &npos)) != 0)
		return rc;
	if (npos != 2 || !kind || !reason)
		return cli_usage("meeting", "decide needs ID KEY --kind KIND --reason TEXT");
	id = strtoll(pos[0], &end, 10);
	if (*end || id <= 0)
		return cli_usage("meeting", "ID must be a meeting number");
	if (cli->remote) {
		json_t *body = json_pack("{s:s,s:s,s:s}", "issue", pos[1], "kind", kind, "reason",
			reason);
		char ids[24];

		if (body && until)
			json_object_set_new(body, "until", json_string(until));
		snprintf(ids, sizeof(ids), "%lld", id);
		return cli_remote(cli, "meeting decide", NF_ISSUE, "POST", body, NULL, "meetings", ids,
			"decisions", NULL);
	}
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_meeting_decide(cli->svc, id, pos[1], kind, until, reason, &d)) < 0)
		return cli_fail("meeting decide", rc, &d);
	return EXIT_OK;
}

/* The meetings as `meeting list --json` prints them (local mode). */
static int
local_meetings(struct cli *cli, json_t **ret)
{
	struct errdetail d = {0};
	struct meeting *m = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_meeting_list(cli->svc, &m, &n, &d)) < 0)
		return cli_fail("meeting list", rc, &d);
	*ret = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*ret, present_meeting(cli->svc, &m[i]));
	OBJ_LIST_FREE(m, n, meeting_release);
	return EXIT_OK;
}

static int
meeting_list(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *a = NULL, *m;
	size_t npos, i;
	int rc;

	if ((rc = args_parse("meeting", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	rc = cli->remote ? cli_remote(cli, "meeting list", NF_ROUTE, "GET", NULL, &a, "meetings",
		NULL) : local_meetings(cli, &a);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(a);
	json_array_foreach(a, i, m)
		printf("%lld %s attendees %zu%s decisions %zu\n", cli_jint(m, "id"),
			cli_jstr(m, "date", ""), json_array_size(json_object_get(m, "attendees")),
			cli_jbool(m, "quorum") ? " (quorum)" : "",
			json_array_size(json_object_get(m, "decisions")));
	json_decref(a);
	return EXIT_OK;
}

int
cmd_meeting(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return meeting_add(cli, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "decide") == 0)
		return meeting_decide(cli, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return meeting_list(cli, argc, argv);
	return cli_usage("meeting", "needs a subcommand: add, decide, list");
}
