/*
 * util.c — what every command shares: opening the service as the acting
 * person, printing errors once at the boundary, help text, JSON output,
 * and the requests of remote mode (over remote.c) with the safe JSON
 * getters their printers use.
 */
#include "cli/cli.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/remote.h"
#include "core/limits.h"
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
	if (cli->remote) {
		/* a command without a remote branch must never fall back to a file */
		fprintf(stderr, "vigil: this command works on a database file only; it cannot "
			"run with --server\n");
		return EXIT_FAIL;
	}
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

/* --- remote mode --------------------------------------------------------- */

/* The detail of a 404 for what the request looked for. */
static void
not_found(enum cli_nf nf, struct errdetail *d)
{
	switch (nf) {
	case NF_ISSUE:
		err_set(d, ERR_NOTFOUND, "issue", "not found");
		break;
	case NF_ATTACHMENT:
		err_set(d, ERR_NOTFOUND, "attachment", "not found");
		break;
	case NF_TOKEN:
		err_set(d, ERR_NOTFOUND, "name", "names no token of yours in force");
		break;
	case NF_ROUTE:
		err_set(d, ERR_NOTFOUND, "server", "does not know this request (HTTP 404); is it "
			"an older 'vigil serve'?");
		break;
	case NF_ALERT:
		err_set(d, ERR_NOTFOUND, "id", "names no alert-list member");
		break;
	case NF_MESSAGE:
		err_set(d, ERR_NOTFOUND, "id", "names no message in the mail queue");
		break;
	}
}

/*
 * Fields the API names after its JSON members where the service (and so
 * local mode) names them after the command's options: the API's name
 * goes back to the command's, so both modes print the same message.
 */
static const struct {
	const char *what, *api, *cli;
} renames[] = {
	{"issue list", "q", "search"},
	{"subsystem add", "paths", "path"},
	{"subsystem add", "maintainers", "maintainer"},
	{"release add", "managers", "manager"},
	{"meeting add", "attendees", "attendee"},
	{"cvss", "vector", "cvss"},
	{"issue set", "embargo_until", "embargo-until"},
	{"issue set", "public_link", "public-link"},
	{"issue reject", "duplicate_of", "duplicate-of"},
};

int
cli_remote_fail(const char *what, enum cli_nf nf, int err, struct errdetail *d)
{
	if (err == ERR_NOTFOUND && !d->field[0] && !d->reason[0])
		not_found(nf, d);
	for (size_t i = 0; i < sizeof(renames) / sizeof(renames[0]); i++)
		if (strcmp(renames[i].what, what) == 0 && strcmp(renames[i].api, d->field) == 0)
			snprintf(d->field, sizeof(d->field), "%s", renames[i].cli);
	return cli_fail(what, err, d);
}

int
cli_remote_send(struct cli *cli, const char *what, enum cli_nf nf, const char *method,
	const char *path, const char *ctype, const void *body, size_t len, bool want_json,
	json_t **ret_json, char **ret_bytes, size_t *ret_len)
{
	struct errdetail d = {0};
	int rc;

	rc = remote_call(cli->remote, method, path, ctype, body, len, want_json, ret_json,
		ret_bytes, ret_len, &d);
	return rc < 0 ? cli_remote_fail(what, nf, rc, &d) : EXIT_OK;
}

int
cli_remote(struct cli *cli, const char *what, enum cli_nf nf, const char *method,
	json_t *body, json_t **ret, ...)
{
	struct buf path;
	const char *seg;
	char *text = NULL;
	va_list ap;
	int rc;

	buf_init(&path, LIM_HTTP_PATH_MAX);
	buf_adds(&path, "/api/v1");
	va_start(ap, ret);
	while ((seg = va_arg(ap, const char *)))
		remote_path_add(&path, seg);
	va_end(ap);
	if (body && !(text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
		json_decref(body);
		buf_release(&path);
		return cli_fail(what, ERR_NOMEM, NULL);
	}
	json_decref(body);
	if (buf_err(&path)) {
		/* longer than any server takes: it would answer 404 */
		struct errdetail d = {0};

		not_found(nf, &d);
		rc = cli_fail(what, ERR_NOTFOUND, &d);
	} else {
		rc = cli_remote_send(cli, what, nf, method, buf_str(&path),
			text ? "application/json" : NULL, text, text ? strlen(text) : 0, true, ret,
			NULL, NULL);
	}
	free(text);
	buf_release(&path);
	return rc;
}

int
cli_remote_missing(const char *what, const char *route)
{
	fprintf(stderr, "vigil %s: server: the HTTP API has no route for this (%s); run the "
		"command on the server's database instead\n", what, route);
	return EXIT_FAIL;
}

const char *
cli_jstr(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : dflt;
}

long long
cli_jint(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

double
cli_jnum(json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

bool
cli_jbool(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}
