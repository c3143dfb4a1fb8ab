/*
 * main.c — the `vigil` program: global options (--db, --as), the command
 * table, and dispatch. Every command is one cmd_<name>.c; this file only
 * routes to them. Reads the command line and the environment (VIGIL_DB,
 * VIGIL_USER, VIGIL_NOW), all untrusted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "service/service.h"
#include "core/banned.h"

struct command {
	const char *name;
	cli_fn fn;
	const char *summary;
};

static const struct command commands[] = {
	{"init", cmd_init, "create a database and its first admin"},
	{"user", cmd_user, "add people and manage their global roles"},
	{"subsystem", cmd_subsystem, "define subsystems: paths, maintainers, architect"},
	{"release", cmd_release, "define releases: branch, date, LTS, managers"},
	{"report", cmd_report, "report a vulnerability (prints the new key)"},
	{"issue", cmd_issue, "list, show and work on issues"},
	{"cve", cmd_cve, "reserve, assign and retire CVE ids"},
	{"fix", cmd_fix, "link fixes and mark them merged or closed"},
	{"backport", cmd_backport, "list and update backport subtasks"},
	{"meeting", cmd_meeting, "record committee meetings and decisions"},
	{"tick", cmd_tick, "publish issues whose embargo ended; list overdue work"},
	{"audit", cmd_audit, "verify and read the hash-chained audit log"},
	{"cvss", cmd_cvss, "score a CVSS v3.0, v3.1 or v4.0 vector"},
};

static void
usage(FILE *f)
{
	fputs("usage: vigil [--db PATH] [--as LOGIN] COMMAND [ARGS...]\n\n"
	      "vigil runs a software project's security process: private reports,\n"
	      "triage, fixes, backports, embargo, CVE ids and publication.\n\n"
	      "Global options:\n"
	      "  --db PATH     the database file (default: $VIGIL_DB, else ./vigil.db)\n"
	      "  --as LOGIN    the acting person (default: $VIGIL_USER)\n"
	      "  --version     print the version\n\n"
	      "Environment:\n"
	      "  VIGIL_NOW     pretend the time is this ISO 8601 UTC instant (tests)\n\n"
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

int
main(int argc, char **argv)
{
	struct cli cli = {0};
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
		} else if (strncmp(argv[i], "--db", 4) == 0 && (!argv[i][4] || argv[i][4] == '=')) {
			if ((rc = global_value(argc, argv, &i, &cli.db_path)) != 0)
				return rc;
		} else if (strncmp(argv[i], "--as", 4) == 0 && (!argv[i][4] || argv[i][4] == '=')) {
			if ((rc = global_value(argc, argv, &i, &cli.as_login)) != 0)
				return rc;
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
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
		if (strcmp(argv[i], commands[k].name) == 0) {
			rc = commands[k].fn(&cli, argc - i, argv + i);
			svc_close(cli.svc);
			return rc;
		}
	}
	fprintf(stderr, "vigil: no such command (see 'vigil --help')\n");
	return EXIT_USAGE;
}
