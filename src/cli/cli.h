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
#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct svc;
struct remote;
struct json_t;

/* Exit codes (see docs/cli.md). */
#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

struct cli {
	const char *db_path;   /* --db, $VIGIL_DB, or ./vigil.db */
	const char *as_login;  /* --as, $VIGIL_USER; NULL when unset */
	struct svc *svc;       /* open for commands that need the database */
	struct remote *remote; /* remote mode (--server): the API client; NULL: local mode */
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
int cli_print_json(struct json_t *j);

/* --- remote mode (util.c over remote.c; docs/internals/remote.md) --- */

/* What a 404 means for a request: the API answers every 404 with the
 * same bytes, so the command says what it was looking for. */
enum cli_nf {
	NF_ISSUE,       /* "issue: not found" (a hidden issue too) */
	NF_ATTACHMENT,  /* "attachment: not found" */
	NF_TOKEN,       /* "name: names no token of yours in force" */
	NF_ROUTE,       /* the server does not know the route */
	NF_ALERT,       /* "id: names no alert-list member" (mail) */
	NF_MESSAGE,     /* "id: names no message in the mail queue" (outbox) */
};

/*
 * Remote mode: method on /api/v1/SEG/SEG... (the NULL-terminated segments
 * after ret, each percent-encoded) with the JSON body (consumed; NULL:
 * none). On success returns 0 and, when ret is not NULL, the answer in
 * *ret (json_decref it). On failure prints "vigil WHAT: field: reason"
 * built from the problem's field and detail (or from nf for a 404, or
 * what went wrong on the way) and returns the exit code.
 */
int cli_remote(struct cli *cli, const char *what, enum cli_nf nf, const char *method,
	struct json_t *body, struct json_t **ret, ...) __attribute__((sentinel));

/*
 * Remote mode, the general form: method on path (built with
 * remote_path_add / remote_query_add, beginning "/api/v1"), with len
 * bytes of body of type ctype (NULL: none). With want_json the answer
 * goes to *ret_json, else its raw bytes to *ret_bytes and *ret_len.
 * Returns 0 or an exit code after printing the problem, as cli_remote.
 */
int cli_remote_send(struct cli *cli, const char *what, enum cli_nf nf, const char *method,
	const char *path, const char *ctype, const void *body, size_t len, bool want_json,
	struct json_t **ret_json, char **ret_bytes, size_t *ret_len);

/* Print a failed remote request's error err with detail d (filled from
 * nf when it is an empty 404) and return its exit code. */
int cli_remote_fail(const char *what, enum cli_nf nf, int err, struct errdetail *d);

/* A command the HTTP API has no route for: print why (exit 1). */
int cli_remote_missing(const char *what, const char *route);

/*
 * Members of a JSON object as printers need them: never NULL, whatever
 * shape the object has. cli_jstr gives the string or dflt (null, missing
 * or not a string); the others give 0/false when absent or mistyped.
 */
const char *cli_jstr(struct json_t *o, const char *key, const char *dflt);
long long cli_jint(struct json_t *o, const char *key);
double cli_jnum(struct json_t *o, const char *key);
bool cli_jbool(struct json_t *o, const char *key);

/* Print one audit event (JSON as `audit log --json`) as a text line, with
 * its sequence number and object (audit log) or without (issue history). */
void cli_print_event(struct json_t *e, bool with_seq);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_subsystem(struct cli *cli, int argc, char **argv);
int cmd_release(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
/* `vigil report status` (cmd_status.c), reached through cmd_report. */
int cmd_report_status(struct cli *cli, int argc, char **argv);
int cmd_issue(struct cli *cli, int argc, char **argv);
int cmd_cve(struct cli *cli, int argc, char **argv);
int cmd_fix(struct cli *cli, int argc, char **argv);
int cmd_backport(struct cli *cli, int argc, char **argv);
int cmd_meeting(struct cli *cli, int argc, char **argv);
int cmd_tick(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_cvss(struct cli *cli, int argc, char **argv);
int cmd_token(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
/* `vigil export page` (cmd_export_page.c), called by cmd_export. */
int cmd_export_page(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
/* the mail transport (cmd_mail.c) */
int cmd_mail_intake(struct cli *cli, int argc, char **argv);
int cmd_mail_send(struct cli *cli, int argc, char **argv);
/* the alert list and the mail queue (cmd_alert.c, cmd_outbox.c) */
int cmd_alert(struct cli *cli, int argc, char **argv);
int cmd_outbox(struct cli *cli, int argc, char **argv);

#endif
