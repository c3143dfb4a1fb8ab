/*
 * cmd_user.c — `vigil user`: add people, list them, change their global
 * roles (psirt, admin, director), disable and enable accounts, reset
 * passwords and second factors. Locally through service/, remotely through
 * /api/v1/people; the list prints from the one JSON shape both give.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/remote.h"
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
	"    vigil user disable LOGIN | vigil user enable LOGIN\n"
	"    vigil user password LOGIN\n"
	"    vigil user totp-reset LOGIN\n\n"
	"DESCRIPTION\n"
	"    ROLE is psirt, admin or director. Maintainers, architects and release\n"
	"    managers are set on subsystems and releases; reporters and assignees on\n"
	"    issues. Only admins add people and change roles; admins and psirt list\n"
	"    them. A disabled person can no longer act (--as is refused).\n\n"
	"    'password' (admin) gives LOGIN a new random password, printed once on a\n"
	"    line 'password: ...', and signs them out everywhere. 'totp-reset'\n"
	"    (admin) removes LOGIN's second factor so they can enrol again; their\n"
	"    sessions end. People change their own password and enrol TOTP through\n"
	"    'vigil serve' (docs/api.md).\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed, 2 usage.\n";

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

	if ((rc = args_parse("user", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		goto out;
	if (roles_parse(&roles, &r) < 0) {
		rc = cli_usage("user", "--role must be psirt, admin or director");
		goto out;
	}
	if (npos != 1 || !email) {
		rc = cli_usage("user", "add needs LOGIN and --email");
		goto out;
	}
	if (cli->remote) {
		json_t *body = json_pack("{s:s,s:s,s:o}", "login", pos[0], "email", email,
			"roles", present_strlist(&roles));

		if (body && name)
			json_object_set_new(body, "name", json_string(name));
		rc = cli_remote(cli, "user add", NF_ROUTE, "POST", body, NULL, "people", NULL);
	} else if ((rc = cli_open(cli)) == 0 &&
	    (rc = svc_user_add(cli->svc, pos[0], email, name, r, &d)) < 0) {
		rc = cli_fail("user add", rc, &d);
	}
	if (rc == 0)
		printf("added %s\n", pos[0]);
out:
	strlist_release(&roles);
	return rc;
}

/* The people as `user list --json` prints them (local mode). */
static int
local_users(struct cli *cli, json_t **ret)
{
	struct errdetail d = {0};
	struct person *ps = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_user_list(cli->svc, &ps, &n, &d)) < 0)
		return cli_fail("user list", rc, &d);
	*ret = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*ret, present_person(&ps[i]));
	OBJ_LIST_FREE(ps, n, person_release);
	return EXIT_OK;
}

/* Does the person object p hold role r? */
static bool
has_role(json_t *p, const char *r)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(p, "roles"), i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), r) == 0)
			return true;
	return false;
}

static int
user_list(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *a = NULL, *p;
	size_t npos, i;
	int rc;

	if ((rc = args_parse("user", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	rc = cli->remote ? cli_remote(cli, "user list", NF_ROUTE, "GET", NULL, &a, "people", NULL)
		: local_users(cli, &a);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(a);
	json_array_foreach(a, i, p)
		printf("%-20s %-30s %s%s%s%s\n", cli_jstr(p, "login", ""), cli_jstr(p, "email", ""),
			has_role(p, "psirt") ? "psirt " : "", has_role(p, "admin") ? "admin " : "",
			has_role(p, "director") ? "director " : "",
			cli_jbool(p, "disabled") ? "(disabled)" : "");
	json_decref(a);
	return EXIT_OK;
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

	if ((rc = args_parse("user", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		goto out;
	if (roles_parse(&add, &a) < 0 || roles_parse(&rem, &r) < 0) {
		rc = cli_usage("user", "--add and --remove take psirt, admin or director");
		goto out;
	}
	if (npos != 1 || (!a && !r)) {
		rc = cli_usage("user", "role needs LOGIN and --add or --remove");
		goto out;
	}
	if (cli->remote)
		rc = cli_remote(cli, "user role", NF_ROUTE, "PATCH", json_pack("{s:o,s:o}",
			"add_roles", present_strlist(&add), "remove_roles", present_strlist(&rem)),
			NULL, "people", pos[0], NULL);
	else if ((rc = cli_open(cli)) == 0 &&
	    (rc = svc_user_roles(cli->svc, pos[0], a, r, &d)) < 0)
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
	if (cli->remote)
		return cli_remote(cli, "user", NF_ROUTE, "PATCH", json_pack("{s:b}", "disabled",
			disabled), NULL, "people", pos[0], NULL);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_user_disable(cli->svc, pos[0], disabled, &d)) < 0)
		return cli_fail("user", rc, &d);
	return EXIT_OK;
}

/* A password as the server sent it: printable ASCII only, or NULL. */
static const char *
password_ok(json_t *o)
{
	const char *pw = cli_jstr(o, "password", NULL);

	if (!pw || !*pw || strlen(pw) >= SVC_TOKEN_MAX)
		return NULL;
	for (const char *p = pw; *p; p++)
		if (*p <= ' ' || *p > '~')
			return NULL;
	return pw;
}

static int
remote_secret(struct cli *cli, const char *login, bool totp)
{
	const char *what = totp ? "user totp-reset" : "user password", *pw;
	json_t *o = NULL;
	int rc;

	rc = cli_remote(cli, what, NF_ROUTE, "POST", NULL, &o, "people", login,
		totp ? "totp-reset" : "password-reset", NULL);
	if (rc != 0 || totp) {
		json_decref(o);
		return rc;
	}
	if ((pw = password_ok(o)))
		printf("password: %s\n", pw);
	else
		rc = cli_fail(what, ERR_IO, &(struct errdetail){"server", "answered without a "
			"password"});
	json_decref(o);
	return rc;
}

/* user password LOGIN / user totp-reset LOGIN (admin) */
static int
user_secret(struct cli *cli, int argc, char **argv, bool totp)
{
	const char *pos[1];
	const struct opt opts[] = {{NULL, 0, NULL}};
	struct errdetail d = {0};
	char pw[SVC_TOKEN_MAX];
	size_t npos;
	int rc;

	if ((rc = args_parse("user", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("user", "needs LOGIN");
	if (cli->remote)
		return remote_secret(cli, pos[0], totp);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if (totp) {
		if ((rc = svc_totp_reset(cli->svc, pos[0], &d)) < 0)
			return cli_fail("user totp-reset", rc, &d);
		return EXIT_OK;
	}
	if ((rc = svc_password_reset(cli->svc, pos[0], pw, &d)) < 0)
		return cli_fail("user password", rc, &d);
	printf("password: %s\n", pw);
	return EXIT_OK;
}

int
cmd_user(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if (argc < 2)
		return cli_usage("user", "needs a subcommand: add, list, role, disable, enable, password, totp-reset");
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
	if (strcmp(argv[1], "password") == 0)
		return user_secret(cli, argc, argv, false);
	if (strcmp(argv[1], "totp-reset") == 0)
		return user_secret(cli, argc, argv, true);
	return cli_usage("user", "unknown subcommand");
}
