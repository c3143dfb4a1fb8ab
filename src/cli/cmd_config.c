/*
 * cmd_config.c — `vigil config`: the publisher's settings that advisories
 * carry (organisation, CNA, product, URLs). The service layer decides who
 * may change them and checks each value.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil config - the publisher's settings\n\n"
	"SYNOPSIS\n"
	"    vigil config list [--json]\n"
	"    vigil config get KEY\n"
	"    vigil config set KEY VALUE\n\n"
	"DESCRIPTION\n"
	"    Advisories (vigil export) name who publishes them and what they are\n"
	"    about. 'list' shows every setting with its value (or its default while\n"
	"    unset) and what it is for. Admins and psirt set them; each change is an\n"
	"    audit event. Keys: org_name, org_id (the CNA's UUID), cna_short_name,\n"
	"    vendor, product, repo_url and advisory_url (https:// URLs), osv_prefix\n"
	"    (capital letters).\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed, 2 usage.\n";

int
cmd_config(struct cli *cli, int argc, char **argv)
{
	const char *pos[3];
	bool json = false;
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	size_t npos;
	int rc;

	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("config", argc, argv, 1, opts, pos, 3, &npos)) != 0)
		return rc;
	if (npos < 1)
		return cli_usage("config", "needs a subcommand: list, get, set");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if (strcmp(pos[0], "list") == 0 && npos == 1) {
		struct strlist l = {0};
		json_t *o;

		if ((rc = svc_config_list(cli->svc, &l, &d)) < 0)
			return cli_fail("config list", rc, &d);
		o = json_object();
		for (size_t i = 0; i + 1 < l.n; i += 2) {
			if (json)
				json_object_set_new(o, l.v[i], json_string(l.v[i + 1]));
			else
				printf("%-15s %-40s %s\n", l.v[i], l.v[i + 1],
					svc_config_about(l.v[i]));
		}
		strlist_release(&l);
		if (json)
			return cli_print_json(o);
		json_decref(o);
		return EXIT_OK;
	}
	if (strcmp(pos[0], "get") == 0 && npos == 2) {
		char *v = NULL;

		if ((rc = svc_config_get(cli->svc, pos[1], &v, &d)) < 0)
			return cli_fail("config get", rc, &d);
		puts(v);
		free(v);
		return EXIT_OK;
	}
	if (strcmp(pos[0], "set") == 0 && npos == 3) {
		if ((rc = svc_config_set(cli->svc, pos[1], pos[2], &d)) < 0)
			return cli_fail("config set", rc, &d);
		return EXIT_OK;
	}
	return cli_usage("config", "list, get KEY, or set KEY VALUE");
}
