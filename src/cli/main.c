/*
 * main.c — the `vigil` program: global options (--db, --as, --server),
 * the command table, local or remote mode, and dispatch. Every command is
 * one cmd_<name>.c; this file only routes to them. Reads the command line
 * and the environment (VIGIL_DB, VIGIL_USER, VIGIL_SERVER, VIGIL_NOW),
 * all untrusted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/remote.h"
#include "core/clock.h"
#include "core/text.h"
#include "service/service.h"
#include "core/banned.h"

struct command {
	const char *name;
	cli_fn fn;
	const char *summary;
	bool local_only;     /* works on a database file only, never with --server */
};

static const struct command commands[] = {
	{"init", cmd_init, "create a database and its first admin", true},
	{"user", cmd_user, "add people and manage their global roles", false},
	{"subsystem", cmd_subsystem, "define subsystems: paths, maintainers, architect", false},
	{"release", cmd_release, "define releases: branch, date, LTS, managers", false},
	{"report", cmd_report, "report a vulnerability (prints the new key)", false},
	{"issue", cmd_issue, "list, show and work on issues", false},
	{"cve", cmd_cve, "reserve, assign and retire CVE ids", false},
	{"fix", cmd_fix, "link fixes and mark them merged or closed", false},
	{"backport", cmd_backport, "list and update backport subtasks", false},
	{"meeting", cmd_meeting, "record committee meetings and decisions", false},
	{"tick", cmd_tick, "publish issues whose embargo ended; list overdue work", false},
	{"audit", cmd_audit, "verify and read the hash-chained audit log", false},
	{"cvss", cmd_cvss, "score a CVSS v3.0, v3.1 or v4.0 vector", false},
	{"token", cmd_token, "create, list and revoke your API tokens", false},
	{"export", cmd_export, "advisories of public issues: CVE JSON 5, OSV, CSAF, OpenVEX",
		true},
	{"config", cmd_config, "the publisher's settings: names, ids, URLs", true},
	{"serve", cmd_serve, "run the HTTP server: JSON API, sign-in, scheduler", true},
	/* the mail transport (issue 6) */
	{"mail-intake", cmd_mail_intake, "take in an e-mailed report or reply (from the MTA)",
		true},
	{"mail-send", cmd_mail_send, "deliver the outbox over SMTP (one pass, for cron)", true},
	/* the alert list and the mail queue (issue 6) */
	{"alert", cmd_alert, "the vulnerability-alerts list: requests and vetting", false},
	{"outbox", cmd_outbox, "the mail queue: list, render, drive by hand", false},
};

static void
usage(FILE *f)
{
	fputs("usage: vigil [--db PATH] [--as LOGIN] COMMAND [ARGS...]\n"
	      "       vigil --server URL COMMAND [ARGS...]\n\n"
	      "vigil runs a software project's security process: private reports,\n"
	      "triage, fixes, backports, embargo, CVE ids and publication.\n\n"
	      "Global options:\n"
	      "  --db PATH     the database file (default: $VIGIL_DB, else ./vigil.db)\n"
	      "  --as LOGIN    the acting person (default: $VIGIL_USER)\n"
	      "  --server URL  remote mode: run the command through the HTTP API of a\n"
	      "                'vigil serve' at URL, as the owner of the API token\n"
	      "  --version     print the version\n\n"
	      "Environment:\n"
	      "  VIGIL_SERVER  the server when neither --server nor --db is given\n"
	      "  VIGIL_TOKEN   the API token for remote mode (empty: none)\n"
	      "  VIGIL_CA_FILE PEM file of CA certificates to trust for https:// servers\n"
	      "  VIGIL_NOW     pretend the time is this ISO 8601 UTC instant (tests)\n\n"
	      "Remote mode also reads server=URL and token=vgl_... lines from\n"
	      "$XDG_CONFIG_HOME/vigil/credentials (~/.config/vigil/credentials), which\n"
	      "must be yours with mode 0600.\n\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'vigil COMMAND --help' for a command's manual.\n"
	      "Exit status: 0 ok, 1 refused or failed, 2 usage error.\n", f);
}

static int
global_value(int argc, char **argv, int *i, const char **dst)
{
	const char *a = argv[*i];
	const char *eq = strchr(a, '=');

	if (eq) {
		*dst = eq + 1;
		return 0;
	}
	if (*i + 1 >= argc) {
		fprintf(stderr, "vigil: %s needs a value\n", a);
		return EXIT_USAGE;
	}
	*dst = argv[++*i];
	return 0;
}

/* A global option NAME or NAME=VALUE? */
static bool
is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return strncmp(arg, name, n) == 0 && (!arg[n] || arg[n] == '=');
}

/*
 * Local or remote mode (docs/cli.md): --server, else --db, else
 * $VIGIL_SERVER, else $VIGIL_DB, else the credentials file's server=
 * line, else ./vigil.db. Returns 0 or an exit code (message printed).
 */
static int
choose_mode(struct cli *cli, const struct command *cmd, const char *server_flag, bool db_flag,
	bool as_flag)
{
	const char *env_server = getenv("VIGIL_SERVER"), *env_db = getenv("VIGIL_DB");
	const char *server = server_flag, *from = "--server";
	int rc;

	if (server_flag && db_flag) {
		fprintf(stderr, "vigil: --server and --db exclude each other: a command runs either "
			"through a server or on a database file\n");
		return EXIT_USAGE;
	}
	if (server_flag && cmd->local_only) {
		fprintf(stderr, "vigil %s: works on a database file only; it cannot run with "
			"--server (see 'vigil %s --help')\n", cmd->name, cmd->name);
		return EXIT_USAGE;
	}
	if (cmd->local_only || db_flag)
		return 0;
	if (!server && env_server && *env_server) {
		server = env_server;
		from = "VIGIL_SERVER";
	}
	rc = remote_setup(server, from, !server && !(env_db && *env_db), &cli->remote);
	if (rc != 0)
		return rc;
	if (cli->remote && as_flag) {
		fprintf(stderr, "vigil: --as names the acting person of local mode; with a server "
			"the API token says who you are\n");
		return EXIT_USAGE;
	}
	return 0;
}

/* Remote mode sends text as JSON, which holds only UTF-8: refuse anything
 * else before sending (local mode refuses it too, naming the field). */
static int
check_utf8(const char *cmd, int argc, char **argv)
{
	for (int k = 0; k < argc; k++) {
		if (!text_utf8_valid(argv[k], strlen(argv[k]))) {
			fprintf(stderr, "vigil %s: argument %d: is not valid UTF-8\n", cmd, k);
			return EXIT_FAIL;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli cli = {0};
	const char *server = NULL;
	const struct command *cmd = NULL;
	bool db_flag = false, as_flag = false;
	int i, rc;

	cli.db_path = getenv("VIGIL_DB");
	cli.as_login = getenv("VIGIL_USER");
	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--version") == 0) {
			puts("vigil " VIGIL_VERSION);
			return EXIT_OK;
		} else if (is_opt(argv[i], "--db")) {
			if ((rc = global_value(argc, argv, &i, &cli.db_path)) != 0)
				return rc;
			db_flag = true;
		} else if (is_opt(argv[i], "--as")) {
			if ((rc = global_value(argc, argv, &i, &cli.as_login)) != 0)
				return rc;
			as_flag = true;
		} else if (is_opt(argv[i], "--server")) {
			if ((rc = global_value(argc, argv, &i, &server)) != 0)
				return rc;
			if (!*server) {
				fprintf(stderr, "vigil: --server needs a URL\n");
				return EXIT_USAGE;
			}
		} else {
			fprintf(stderr, "vigil: unknown global option (see 'vigil --help')\n");
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!cli.db_path || !*cli.db_path)
		cli.db_path = "vigil.db";
	if (cli.as_login && !*cli.as_login)
		cli.as_login = NULL;
	if (clock_check_env() < 0) {
		fprintf(stderr, "vigil: VIGIL_NOW: must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ\n");
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			cmd = &commands[k];
	if (!cmd) {
		fprintf(stderr, "vigil: no such command (see 'vigil --help')\n");
		return EXIT_USAGE;
	}
	if ((rc = choose_mode(&cli, cmd, server, db_flag, as_flag)) == 0 &&
	    (!cli.remote || (rc = check_utf8(cmd->name, argc - i, argv + i)) == 0))
		rc = cmd->fn(&cli, argc - i, argv + i);
	svc_close(cli.svc);
	remote_free(cli.remote);
	return rc;
}
