/*
 * util.c — what every command shares: opening the service as the acting
 * person, printing errors once at the boundary, help text, JSON output.
 */
#include "cli/cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/service.h"
#include "core/banned.h"

int
cli_fail(const char *what, int err, const struct errdetail *d)
{
	if (d && d->field[0])
		fprintf(stderr, "vigil %s: %s: %s\n", what, d->field, d->reason);
	else if (d && d->reason[0])
		fprintf(stderr, "vigil %s: %s\n", what, d->reason);
	else
		fprintf(stderr, "vigil %s: %s\n", what, err_str(err));
	return err_exit_code(err);
}

int
cli_usage(const char *cmd, const char *msg)
{
	fprintf(stderr, "vigil %s: %s (see 'vigil %s --help')\n", cmd, msg, cmd);
	return EXIT_USAGE;
}

bool
cli_help(int argc, char **argv, const char *text)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(text, stdout);
			return true;
		}
	}
	return false;
}

int
cli_open(struct cli *cli)
{
	struct errdetail d = {0};
	int rc;

	if (cli->svc)
		return 0;
	rc = svc_open(cli->db_path, cli->as_login, &cli->svc, &d);
	if (rc < 0)
		return cli_fail("open", rc, &d);
	return 0;
}

int
cli_print_json(json_t *j)
{
	char *s;

	if (!j) {
		fprintf(stderr, "vigil: out of memory\n");
		return EXIT_FAIL;
	}
	s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(j);
	if (!s) {
		fprintf(stderr, "vigil: out of memory\n");
		return EXIT_FAIL;
	}
	puts(s);
	free(s);
	return EXIT_OK;
}
