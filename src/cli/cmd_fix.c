/*
 * cmd_fix.c — `vigil fix`: link the pull requests or commits that fix an
 * issue, and record when they merge or close (locally, or through
 * /api/v1/issues/KEY/fixes in remote mode).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil fix - fixes of an issue\n\n"
	"SYNOPSIS\n"
	"    vigil fix add KEY URL --branch BRANCH [--commit SHA] [--repo REPO]\n"
	"    vigil fix merged KEY URL [--commit SHA]\n"
	"    vigil fix closed KEY URL\n\n"
	"DESCRIPTION\n"
	"    Linking a fix to an assigned issue moves it to review. A fix merged\n"
	"    into the main branch moves the issue to accepted and opens backport\n"
	"    subtasks for the current LTS and the two most recent releases (see\n"
	"    'vigil backport'). A fix merged into a release branch marks that\n"
	"    release's backport merged. Allowed to psirt, the assignee and the\n"
	"    subsystem's maintainers.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed, 2 usage.\n";

/* The string member name of o when v is set. */
static void
opt_str(json_t *o, const char *name, const char *v)
{
	if (o && v)
		json_object_set_new(o, name, json_string(v));
}

static int
remote_fix(struct cli *cli, bool add, const char *state, const char **pos, const char *branch,
	const char *commit, const char *repo)
{
	json_t *body;

	if (add) {
		body = json_pack("{s:s,s:s}", "url", pos[1], "branch", branch);
		opt_str(body, "repo", repo);
	} else {
		body = json_pack("{s:s,s:s}", "url", pos[1], "state", state);
	}
	opt_str(body, "commit", commit);
	return cli_remote(cli, "fix", NF_ISSUE, "POST", body, NULL, "issues", pos[0], "fixes",
		add ? NULL : "state", NULL);
}

int
cmd_fix(struct cli *cli, int argc, char **argv)
{
	const char *branch = NULL, *commit = NULL, *repo = NULL, *pos[2];
	const struct opt add_opts[] = {
		{"branch", OPT_VALUE, &branch},
		{"commit", OPT_VALUE, &commit},
		{"repo", OPT_VALUE, &repo},
		{NULL, 0, NULL},
	};
	const struct opt state_opts[] = {{"commit", OPT_VALUE, &commit}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	bool add;
	size_t npos;
	int rc;

	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "merged") != 0 &&
	    strcmp(argv[1], "closed") != 0))
		return cli_usage("fix", "needs a subcommand: add, merged, closed");
	add = strcmp(argv[1], "add") == 0;
	if ((rc = args_parse("fix", argc, argv, 2, add ? add_opts : state_opts, pos, 2,
	    &npos)) != 0)
		return rc;
	if (npos != 2 || (add && !branch))
		return cli_usage("fix", add ? "add needs KEY URL --branch BRANCH" : "needs KEY URL");
	if (cli->remote)
		return remote_fix(cli, add, argv[1], pos, branch, commit, repo);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if (add)
		rc = svc_fix_add(cli->svc, pos[0], pos[1], branch, commit, repo, &d);
	else
		rc = svc_fix_state(cli->svc, pos[0], pos[1], argv[1], commit, &d);
	return rc < 0 ? cli_fail("fix", rc, &d) : EXIT_OK;
}
