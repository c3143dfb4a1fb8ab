/*
 * cmd_token.c — `vigil token`: API tokens of the acting person for
 * automation (CI jobs, scripts, `vigil --server`). A token is shown once
 * when created and stored only as a hash; it has a name, a scope (read or
 * write) and an expiry, and can be revoked. The service layer decides who
 * may create one; this file only parses and prints. In remote mode the
 * requests go to /api/v1/me/tokens as the owner of the token in use.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/remote.h"
#include "service/present.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil token - API tokens for automation\n\n"
	"SYNOPSIS\n"
	"    vigil token create NAME --scope read|write [--days N]\n"
	"    vigil token list [--json]\n"
	"    vigil token revoke NAME\n\n"
	"DESCRIPTION\n"
	"    A token lets a program act as you against 'vigil serve' with the header\n"
	"    'Authorization: Bearer vgl_...', or 'vigil --server URL' with the token\n"
	"    in $VIGIL_TOKEN. 'create' prints it once, on a line 'token: vgl_...';\n"
	"    vigil keeps only its hash. A read token can only read: every change\n"
	"    made with it is refused. Tokens expire after --days days (1 to 365,\n"
	"    default 90) and can be revoked by name at any time.\n\n"
	"    A token created from the command line on the database file counts as\n"
	"    having given the second factor (whoever can open the file can read it).\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed, 2 usage.\n";

/* Remote mode: POST /api/v1/me/tokens; prints the new token once. */
static int
remote_create(struct cli *cli, const char *name, const char *scope, int days)
{
	json_t *o = NULL;
	const char *tok;
	int rc;

	if ((rc = cli_remote(cli, "token create", NF_ROUTE, "POST", json_pack("{s:s,s:s,s:i}",
	    "name", name, "scope", scope, "days", days), &o, "me", "tokens", NULL)) != 0)
		return rc;
	tok = cli_jstr(o, "token", "");
	if (strncmp(tok, "vgl_", 4) == 0 && strlen(tok) < SVC_TOKEN_MAX &&
	    strspn(tok + 4, "0123456789abcdefABCDEF") == strlen(tok + 4))
		printf("token: %s\n", tok);
	else
		rc = cli_fail("token create", ERR_IO, &(struct errdetail){"server", "answered "
			"without a token"});
	json_decref(o);
	return rc;
}

static int
token_create(struct cli *cli, int argc, char **argv)
{
	const char *scope = NULL, *days_s = NULL, *pos[1];
	const struct opt opts[] = {
		{"scope", OPT_VALUE, &scope},
		{"days", OPT_VALUE, &days_s},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	char tok[SVC_TOKEN_MAX];
	size_t npos;
	int rc, days = 90;

	if ((rc = args_parse("token", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("token", "create needs NAME");
	if (!scope)
		return cli_usage("token", "create needs --scope read|write");
	if (days_s) {
		char *end = NULL;
		long v = strtol(days_s, &end, 10);

		if (!*days_s || *end || v < 1 || v > 365)
			return cli_usage("token", "--days must be a number from 1 to 365");
		days = (int)v;
	}
	if (cli->remote)
		return remote_create(cli, pos[0], scope, days);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_token_create(cli->svc, pos[0], scope, days, tok, &d)) < 0)
		return cli_fail("token create", rc, &d);
	printf("token: %s\n", tok);
	return EXIT_OK;
}

static int
token_list(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	bool json = false;
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	struct api_token *t = NULL;
	size_t n = 0, npos;
	json_t *a = NULL;
	int rc;

	if ((rc = args_parse("token", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	if (cli->remote) {
		if ((rc = cli_remote(cli, "token list", NF_ROUTE, "GET", NULL, &a, "me", "tokens",
		    NULL)) != 0)
			return rc;
	} else {
		if ((rc = cli_open(cli)) != 0)
			return rc;
		if ((rc = svc_token_list(cli->svc, &t, &n, &d)) < 0)
			return cli_fail("token list", rc, &d);
		a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, present_token(&t[i]));
	}
	if (json) {
		rc = cli_print_json(a);
	} else {
		size_t i;
		json_t *o;

		json_array_foreach(a, i, o) {
			printf("%-20s %-5s expires %s%s\n", cli_jstr(o, "name", ""),
				cli_jstr(o, "scope", ""), cli_jstr(o, "expires", ""),
				cli_jstr(o, "revoked", NULL) ? "  (revoked)" : "");
		}
		json_decref(a);
		rc = EXIT_OK;
	}
	OBJ_LIST_FREE(t, n, api_token_release);
	return rc;
}

static int
token_revoke(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	const struct opt opts[] = {{NULL, 0, NULL}};
	struct errdetail d = {0};
	size_t npos;
	int rc;

	if ((rc = args_parse("token", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("token", "revoke needs NAME");
	if (cli->remote)
		return cli_remote(cli, "token revoke", NF_TOKEN, "DELETE", NULL, NULL, "me", "tokens",
			pos[0], NULL);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_token_revoke(cli->svc, pos[0], &d)) < 0)
		return cli_fail("token revoke", rc, &d);
	return EXIT_OK;
}

int
cmd_token(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if (argc < 2)
		return cli_usage("token", "needs a subcommand: create, list, revoke");
	if (strcmp(argv[1], "create") == 0)
		return token_create(cli, argc, argv);
	if (strcmp(argv[1], "list") == 0)
		return token_list(cli, argc, argv);
	if (strcmp(argv[1], "revoke") == 0)
		return token_revoke(cli, argc, argv);
	return cli_usage("token", "unknown subcommand");
}
