/*
 * cli.h — what every `vigil` subcommand shares: the parsed global options,
 * the open service context, and helpers to print results and errors. Each
 * command lives in cmd_<name>.c and is listed once in the table in main.c.
 * Commands are front-ends: they parse arguments, call service/ and print;
 * they never decide permissions or touch the database directly.
 */
#ifndef VIGIL_CLI_CLI_H
#define VIGIL_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"

struct svc;

/* Exit codes (see docs/cli.md). */
#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

struct cli {
	const char *db_path;   /* --db, $VIGIL_DB, or ./vigil.db */
	const char *as_login;  /* --as, $VIGIL_USER; NULL when unset */
	struct svc *svc;       /* open for commands that need the database */
};

/* A subcommand: argv[0] is the command name. Returns an exit code. */
typedef int (*cli_fn)(struct cli *cli, int argc, char **argv);

/*
 * Print "vigil: <what>: <field> <reason>" (or err_str when there is no
 * detail) on stderr and return the exit code for err.
 */
int cli_fail(const char *what, int err, const struct errdetail *d);

/* Print a usage error "vigil <cmd>: <msg>" and return EXIT_USAGE. */
int cli_usage(const char *cmd, const char *msg);

/* true when argv holds --help or -h; then prints text to stdout. */
bool cli_help(int argc, char **argv, const char *text);

/* Open cli->svc (database path, acting person) if not open yet. */
int cli_open(struct cli *cli);

/* Print j (consumed) as indented JSON on stdout. Returns an exit code. */
struct json_t;
int cli_print_json(struct json_t *j);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_subsystem(struct cli *cli, int argc, char **argv);
int cmd_release(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_issue(struct cli *cli, int argc, char **argv);
int cmd_cve(struct cli *cli, int argc, char **argv);
int cmd_fix(struct cli *cli, int argc, char **argv);
int cmd_backport(struct cli *cli, int argc, char **argv);
int cmd_meeting(struct cli *cli, int argc, char **argv);
int cmd_tick(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_cvss(struct cli *cli, int argc, char **argv);

#endif
