/*
 * cmd_audit.c — `vigil audit`: verify the hash chain of the audit log and
 * read it. In remote mode 'verify' asks GET /api/v1/audit/verify; the API
 * has no route to read the log, so 'log' says so and fails.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/remote.h"
#include "core/buf.h"
#include "core/limits.h"
#include "core/clock.h"
#include "service/present.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil audit - the append-only, hash-chained audit log\n\n"
	"SYNOPSIS\n"
	"    vigil audit verify\n"
	"    vigil audit log [--limit N] [--json]\n\n"
	"DESCRIPTION\n"
	"    Every security-relevant event (state and field changes, grants, views\n"
	"    of embargoed issues, configuration changes) is one entry, chained to\n"
	"    the previous one by a BLAKE2b hash. 'verify' walks the chain and names\n"
	"    the first entry that was changed, removed or reordered; it exits 1\n"
	"    when the log was tampered with. admin and psirt may verify; the log\n"
	"    itself holds issue data and is psirt's to read.\n\n"
	"EXIT STATUS\n"
	"    0 intact, 1 tampered or refused, 2 usage.\n";

static int
remote_verify(struct cli *cli)
{
	json_t *o = NULL;
	int rc;

	if ((rc = cli_remote(cli, "audit verify", NF_ROUTE, "GET", NULL, &o, "audit", "verify",
	    NULL)) != 0)
		return rc;
	if (json_is_true(json_object_get(o, "ok"))) {
		printf("audit log intact: %lld events\n", cli_jint(o, "events"));
	} else if (json_is_false(json_object_get(o, "ok"))) {
		fprintf(stderr, "vigil audit verify: event %lld: %s\n", cli_jint(o, "bad_seq"),
			cli_jstr(o, "why", "changed"));
		rc = EXIT_FAIL;
	} else {
		rc = cli_fail("audit verify", ERR_IO, &(struct errdetail){"server", "answered "
			"without the result"});
	}
	json_decref(o);
	return rc;
}

static int
audit_verify(struct cli *cli)
{
	struct errdetail d = {0};
	int64_t count = 0, bad = 0;
	const char *why = NULL;
	int rc;

	if (cli->remote)
		return remote_verify(cli);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	rc = svc_audit_verify(cli->svc, &count, &bad, &why, &d);
	if (rc == ERR_INTEGRITY) {
		fprintf(stderr, "vigil audit verify: event %lld: %s\n", (long long)bad, why);
		return EXIT_FAIL;
	}
	if (rc < 0)
		return cli_fail("audit verify", rc, &d);
	printf("audit log intact: %lld events\n", (long long)count);
	return EXIT_OK;
}

static int
audit_log(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *limit = NULL, *pos[1];
	const struct opt opts[] = {
		{"json", OPT_FLAG, &json},
		{"limit", OPT_VALUE, &limit},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	struct audit_event *e = NULL;
	size_t n = 0, npos, i;
	long long lim = 1000;
	json_t *a, *o;
	int rc;

	if ((rc = args_parse("audit", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	if (limit) {
		char *end;

		lim = strtoll(limit, &end, 10);
		if (*end || lim < 1 || lim > 1000000)
			return cli_usage("audit", "--limit must be 1 to 1000000");
	}
	if (cli->remote) {
		struct buf path;
		char lims[24];

		snprintf(lims, sizeof(lims), "%lld", lim);
		buf_init(&path, LIM_HTTP_PATH_MAX);
		buf_adds(&path, "/api/v1/audit/log");
		remote_query_add(&path, "limit", lims);
		a = NULL;
		rc = cli_remote_send(cli, "audit log", NF_ROUTE, "GET", buf_str(&path), NULL, NULL,
			0, true, &a, NULL, NULL);
		buf_release(&path);
		if (rc != 0)
			return rc;
	} else {
		if ((rc = cli_open(cli)) != 0)
			return rc;
		if ((rc = svc_audit_list(cli->svc, (size_t)lim, &e, &n, &d)) < 0)
			return cli_fail("audit log", rc, &d);
		a = json_array();
		for (size_t k = 0; k < n; k++)
			json_array_append_new(a, present_audit_event(&e[k]));
		OBJ_LIST_FREE(e, n, audit_event_release);
	}
	if (json)
		return cli_print_json(a);
	json_array_foreach(a, i, o)
		cli_print_event(o, true);
	json_decref(a);
	return EXIT_OK;
}

int
cmd_audit(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if (argc == 2 && strcmp(argv[1], "verify") == 0)
		return audit_verify(cli);
	if (argc >= 2 && strcmp(argv[1], "log") == 0)
		return audit_log(cli, argc, argv);
	return cli_usage("audit", "needs a subcommand: verify, log");
}
