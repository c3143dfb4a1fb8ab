/*
 * cmd_init.c — `vigil init`: create the database file with its schema and
 * the first admin.
 */
#include <stdio.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil init - create a vigil database and its first admin\n\n"
	"SYNOPSIS\n"
	"    vigil [--db PATH] init [--admin LOGIN] [--email ADDR] [--prefix PREFIX]\n\n"
	"DESCRIPTION\n"
	"    Creates the database file (default ./vigil.db), applies the schema and\n"
	"    adds the first person with the admin role. The admin manages people and\n"
	"    configuration but sees no issue content; give yourself the psirt role\n"
	"    with 'vigil user role' to work on issues. A random password for the\n"
	"    admin is printed once, on a line 'password: ...': use it to sign in to\n"
	"    'vigil serve' (and change it there, or with 'vigil user password').\n\n"
	"OPTIONS\n"
	"    --admin LOGIN    login of the first admin (default: admin)\n"
	"    --email ADDR     the admin's address (default: admin@localhost.localdomain)\n"
	"    --prefix PREFIX  issue key prefix, A-Z (default: SEC, keys SEC-1, SEC-2...)\n\n"
	"EXIT STATUS\n"
	"    0 created, 1 refused (for example: already initialised), 2 usage.\n";

int
cmd_init(struct cli *cli, int argc, char **argv)
{
	const char *admin = NULL, *email = NULL, *prefix = NULL, *pos[1];
	const struct opt opts[] = {
		{"admin", OPT_VALUE, &admin},
		{"email", OPT_VALUE, &email},
		{"prefix", OPT_VALUE, &prefix},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	char pw[SVC_TOKEN_MAX];
	struct svc *svc = NULL;
	size_t npos;
	int rc;

	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("init", argc, argv, 1, opts, pos, 0, &npos)) != 0)
		return rc;
	if (!admin)
		admin = "admin";
	if (!email)
		email = "admin@localhost.localdomain";
	if (!prefix)
		prefix = "SEC";
	if ((rc = svc_init(cli->db_path, admin, email, prefix, &d)) < 0)
		return cli_fail("init", rc, &d);
	if ((rc = svc_open(cli->db_path, admin, &svc, &d)) == 0)
		rc = svc_password_reset(svc, admin, pw, &d);
	svc_close(svc);
	if (rc < 0)
		return cli_fail("init", rc, &d);
	printf("created %s with admin '%s'\n", cli->db_path, admin);
	printf("login: %s\npassword: %s\n", admin, pw);
	printf("next: vigil --db %s --as %s user add LOGIN --email ADDR --role psirt\n",
		cli->db_path, admin);
	return EXIT_OK;
}
