/*
 * issue_help.h — the manual of `vigil issue` and the subcommands split
 * between cmd_issue.c (reading) and cmd_issue_work.c (changing).
 */
#ifndef VIGIL_CLI_ISSUE_HELP_H
#define VIGIL_CLI_ISSUE_HELP_H

#include "cli/cli.h"

extern const char issue_help[];

int issue_ack(struct cli *cli, int argc, char **argv);
int issue_assign(struct cli *cli, int argc, char **argv);
int issue_set(struct cli *cli, int argc, char **argv);
int issue_move(struct cli *cli, int argc, char **argv);
int issue_reject(struct cli *cli, int argc, char **argv);
int issue_comment(struct cli *cli, int argc, char **argv);
int issue_grant(struct cli *cli, int argc, char **argv);
int issue_revoke(struct cli *cli, int argc, char **argv);
int issue_publish(struct cli *cli, int argc, char **argv);
int issue_attach(struct cli *cli, int argc, char **argv);

#endif
