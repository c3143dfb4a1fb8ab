/*
 * cmd_user.c — `vigil user`: add people, list them, change their global
 * roles (psirt, admin, director), disable and enable accounts.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "model/types.h"
#include "service/present.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil user - people and their global roles\n\n"
	"SYNOPSIS\n"
	"    vigil user add LOGIN --email ADDR [--name NAME] [--role ROLE]...\n"
	"    vigil user list [--json]\n"
	"    vigil user role LOGIN [--add ROLE]... [--remove ROLE]...\n"
	"    vigil user disable LOGIN | vigil user enable LOGIN\n\n"
	"DESCRIPTION\n"
	"    ROLE is psirt, admin or director. Maintainers, architects and release\n"
	"    managers are set on subsystems and releases; reporters and assignees on\n"
	"    issues. Only admins add people and change roles; admins and psirt list\n"
	"    them. A disabled person can no longer act (--as is refused).\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed, 2 usage.\n";

static int
parse_roles(const struct strlist *l, unsigned *ret)
{
	unsigned roles = 0;

	for (size_t i = 0; i < l->n; i++) {
		enum role r;

		if (role_parse(l->v[i], &r) < 0)
			return cli_usage("user", "--role must be psirt, admin or director");
		roles |= r;
	}
	*ret = roles;
	return 0;
}

static int
user_add(struct cli *cli, int argc, char **argv)
{
	const char *email = NULL, *name = NULL, *pos[1];
	struct strlist roles = {0};
	const struct opt opts[] = {
		{"email", OPT_VALUE, &email},
		{"name", OPT_VALUE, &name},
		{"role", OPT_MULTI, &roles},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	unsigned r = 0;
	size_t npos;
	int rc;

	if ((rc = args_parse("user", argc, argv, 2, opts, pos, 1, &npos)) != 0 ||
	    (rc = parse_roles(&roles, &r)) != 0)
		goto out;
	if (npos != 1 || !email) {
		rc = cli_usage("user", "add needs LOGIN and --email");
		goto out;
	}
	if ((rc = cli_open(cli)) != 0)
		goto out;
	if ((rc = svc_user_add(cli->svc, pos[0], email, name, r, &d)) < 0)
		rc = cli_fail("user add", rc, &d);
	else
		printf("added %s\n", pos[0]);
out:
	strlist_release(&roles);
	return rc;
}

static int
user_list(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	struct person *ps = NULL;
	size_t n = 0, npos;
	int rc;

	if ((rc = args_parse("user", argc, argv, 2, opts, pos, 0, &npos)) != 0 ||
	    (rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_user_list(cli->svc, &ps, &n, &d)) < 0)
		return cli_fail("user list", rc, &d);
	if (json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, present_person(&ps[i]));
		rc = cli_print_json(a);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%-20s %-30s %s%s%s%s\n", ps[i].login, ps[i].email,
				ps[i].roles & ROLE_PSIRT ? "psirt " : "",
				ps[i].roles & ROLE_ADMIN ? "admin " : "",
				ps[i].roles & ROLE_DIRECTOR ? "director " : "",
				ps[i].disabled ? "(disabled)" : "");
	}
	OBJ_LIST_FREE(ps, n, person_release);
	return rc;
}

static int
user_role(struct cli *cli, int argc, char **argv)
{
	struct strlist add = {0}, rem = {0};
	const char *pos[1];
	const struct opt opts[] = {
		{"add", OPT_MULTI, &add},
		{"remove", OPT_MULTI, &rem},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	unsigned a = 0, r = 0;
	size_t npos;
	int rc;

	if ((rc = args_parse("user", argc, argv, 2, opts, pos, 1, &npos)) != 0 ||
	    (rc = parse_roles(&add, &a)) != 0 || (rc = parse_roles(&rem, &r)) != 0)
		goto out;
	if (npos != 1 || (!a && !r)) {
		rc = cli_usage("user", "role needs LOGIN and --add or --remove");
		goto out;
	}
	if ((rc = cli_open(cli)) != 0)
		goto out;
	if ((rc = svc_user_roles(cli->svc, pos[0], a, r, &d)) < 0)
		rc = cli_fail("user role", rc, &d);
out:
	strlist_release(&add);
	strlist_release(&rem);
	return rc;
}

static int
user_disable(struct cli *cli, int argc, char **argv, bool disabled)
{
	const char *pos[1];
	const struct opt opts[] = {{NULL, 0, NULL}};
	struct errdetail d = {0};
	size_t npos;
	int rc;

	if ((rc = args_parse("user", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("user", "needs LOGIN");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_user_disable(cli->svc, pos[0], disabled, &d)) < 0)
		return cli_fail("user", rc, &d);
	return EXIT_OK;
}

int
cmd_user(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if (argc < 2)
		return cli_usage("user", "needs a subcommand: add, list, role, disable, enable");
	if (strcmp(argv[1], "add") == 0)
		return user_add(cli, argc, argv);
	if (strcmp(argv[1], "list") == 0)
		return user_list(cli, argc, argv);
	if (strcmp(argv[1], "role") == 0)
		return user_role(cli, argc, argv);
	if (strcmp(argv[1], "disable") == 0)
		return user_disable(cli, argc, argv, true);
	if (strcmp(argv[1], "enable") == 0)
		return user_disable(cli, argc, argv, false);
	return cli_usage("user", "unknown subcommand");
}
