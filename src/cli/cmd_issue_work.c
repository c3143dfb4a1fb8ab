/*
 * cmd_issue_work.c — the changing subcommands of `vigil issue`:
 * acknowledge, assign, set fields, move, reject, comment, grant, revoke,
 * publish and attach. Each parses its words and calls one service function
 * (local mode) or sends one request to the API (remote mode).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/issue_help.h"
#include "cli/remote.h"
#include "core/limits.h"
#include "service/service.h"
#include "core/banned.h"

const char issue_help[] =
	"NAME\n"
	"    vigil issue - list, show and work on vulnerability issues\n\n"
	"SYNOPSIS\n"
	"    vigil issue list [--state STATE] [--subsystem NAME] [--search TEXT] [--json]\n"
	"    vigil issue show KEY [--json]\n"
	"    vigil issue counts [--json]\n"
	"    vigil issue history KEY [--json]\n"
	"    vigil issue ack KEY\n"
	"    vigil issue assign KEY LOGIN\n"
	"    vigil issue set KEY [--subsystem NAME] [--priority P1..P4] [--cvss VECTOR]\n"
	"                  [--embargo yes|no] [--embargo-until YYYY-MM-DD] [--introduced V]\n"
	"                  [--title TEXT] [--credit NAME] [--anonymous yes|no] [--public-link URL]\n"
	"    vigil issue move KEY STATE [--release NAME] [--reason TEXT]\n"
	"    vigil issue reject KEY --resolution RES [--duplicate-of KEY]\n"
	"    vigil issue comment KEY TEXT [--internal]\n"
	"    vigil issue grant KEY LOGIN --reason TEXT\n"
	"    vigil issue revoke KEY LOGIN\n"
	"    vigil issue publish KEY [--reason TEXT]\n"
	"    vigil issue attach KEY FILE [--name NAME]\n"
	"    vigil issue attachment KEY ID --out FILE\n"
	"    vigil issue counterpart KEY\n\n"
	"DESCRIPTION\n"
	"    States: new, triage, assigned, review, accepted, released, public,\n"
	"    rejected. 'ack' moves new to triage (psirt). 'assign' in triage moves\n"
	"    the issue to assigned and needs priority, subsystem, CVSS vector and the\n"
	"    embargo decision; later it only changes the assignee. Linking a fix\n"
	"    moves assigned to review; a fix merged into main moves review to\n"
	"    accepted. 'move KEY released --release NAME' needs a release that\n"
	"    contains a merged fix. Moving back (e.g. review to assigned) needs\n"
	"    --reason and is recorded.\n\n"
	"    'publish' publishes a released issue once its embargo is over. Before\n"
	"    that, one psirt member proposes with --reason and a second, different\n"
	"    psirt member runs the same command to confirm.\n\n"
	"    'counterpart' prints, for an issue whose embargo decision is 'no', the\n"
	"    sanitised text to file in the project's regular bug tracker (public\n"
	"    fields only, the report as a code block); store the tracker's link with\n"
	"    'set KEY --public-link URL', which marks the issue tracked publicly.\n\n"
	"    Resolutions: invalid, duplicate (with --duplicate-of), not-a-vulnerability,\n"
	"    out-of-scope. Comments are shared with the reporter unless --internal.\n\n"
	"    An issue you may not see behaves exactly like one that does not exist.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed (the message names what is missing), 2 usage.\n";

/* Parse "KEY [ARG]" with opts; exactly want positionals. */
static int
parse(int argc, char **argv, const struct opt *opts, const char **pos, size_t want,
	const char *usage)
{
	size_t npos;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, want, &npos)) != 0)
		return rc;
	if (npos != want)
		return cli_usage("issue", usage);
	return 0;
}

static int
done(const char *what, int rc, const struct errdetail *d)
{
	return rc < 0 ? cli_fail(what, rc, d) : EXIT_OK;
}

/* o with the string member name added when v is set; o for chaining. */
static json_t *
with(json_t *o, const char *name, const char *v)
{
	if (o && v)
		json_object_set_new(o, name, json_string(v));
	return o;
}

/* Remote mode: POST /api/v1/issues/KEY/ACTION with body; prints errors. */
static int
post(struct cli *cli, const char *what, const char *key, const char *action, json_t *body)
{
	return cli_remote(cli, what, NF_ISSUE, "POST", body, NULL, "issues", key, action, NULL);
}

int
issue_ack(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	const struct opt opts[] = {{NULL, 0, NULL}};
	struct errdetail d = {0};
	int rc;

	if ((rc = parse(argc, argv, opts, pos, 1, "ack needs KEY")) != 0)
		return rc;
	if (cli->remote)
		return post(cli, "issue ack", pos[0], "ack", NULL);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	return done("issue ack", svc_issue_ack(cli->svc, pos[0], &d), &d);
}

int
issue_assign(struct cli *cli, int argc, char **argv)
{
	const char *pos[2];
	const struct opt opts[] = {{NULL, 0, NULL}};
	struct errdetail d = {0};
	int rc;

	if ((rc = parse(argc, argv, opts, pos, 2, "assign needs KEY LOGIN")) != 0)
		return rc;
	if (cli->remote)
		return post(cli, "issue assign", pos[0], "assign",
			json_pack("{s:s}", "assignee", pos[1]));
	if ((rc = cli_open(cli)) != 0)
		return rc;
	return done("issue assign", svc_issue_assign(cli->svc, pos[0], pos[1], &d), &d);
}

int
issue_set(struct cli *cli, int argc, char **argv)
{
	struct issue_changes c = {.anonymous = -1};
	const char *anon = NULL, *pos[1];
	const struct opt opts[] = {
		{"title", OPT_VALUE, &c.title},
		{"subsystem", OPT_VALUE, &c.subsystem},
		{"priority", OPT_VALUE, &c.priority},
		{"cvss", OPT_VALUE, &c.cvss},
		{"embargo", OPT_VALUE, &c.embargo},
		{"embargo-until", OPT_VALUE, &c.embargo_until},
		{"introduced", OPT_VALUE, &c.introduced},
		{"credit", OPT_VALUE, &c.credit},
		{"anonymous", OPT_VALUE, &anon},
		{"public-link", OPT_VALUE, &c.public_link},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	int rc;

	if ((rc = parse(argc, argv, opts, pos, 1, "set needs KEY")) != 0)
		return rc;
	if (anon) {
		if (strcmp(anon, "yes") != 0 && strcmp(anon, "no") != 0)
			return cli_usage("issue", "--anonymous must be yes or no");
		c.anonymous = anon[0] == 'y';
	}
	if (cli->remote) {
		json_t *body = json_object();

		with(body, "title", c.title);
		with(body, "subsystem", c.subsystem);
		with(body, "priority", c.priority);
		with(body, "cvss", c.cvss);
		with(body, "embargo", c.embargo);
		with(body, "embargo_until", c.embargo_until);
		with(body, "introduced", c.introduced);
		with(body, "credit", c.credit);
		with(body, "public_link", c.public_link);
		if (body && c.anonymous >= 0)
			json_object_set_new(body, "anonymous", json_boolean(c.anonymous));
		return cli_remote(cli, "issue set", NF_ISSUE, "PATCH", body, NULL, "issues", pos[0],
			NULL);
	}
	if ((rc = cli_open(cli)) != 0)
		return rc;
	return done("issue set", svc_issue_set(cli->svc, pos[0], &c, &d), &d);
}

int
issue_move(struct cli *cli, int argc, char **argv)
{
	const char *release = NULL, *reason = NULL, *pos[2];
	const struct opt opts[] = {
		{"release", OPT_VALUE, &release},
		{"reason", OPT_VALUE, &reason},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	int rc;

	if ((rc = parse(argc, argv, opts, pos, 2, "move needs KEY STATE")) != 0)
		return rc;
	if (cli->remote)
		return post(cli, "issue move", pos[0], "move", with(with(json_pack("{s:s}", "state",
			pos[1]), "release", release), "reason", reason));
	if ((rc = cli_open(cli)) != 0)
		return rc;
	return done("issue move", svc_issue_move(cli->svc, pos[0], pos[1], release, reason, &d),
		&d);
}

int
issue_reject(struct cli *cli, int argc, char **argv)
{
	const char *res = NULL, *dup = NULL, *pos[1];
	const struct opt opts[] = {
		{"resolution", OPT_VALUE, &res},
		{"duplicate-of", OPT_VALUE, &dup},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	int rc;

	if ((rc = parse(argc, argv, opts, pos, 1, "reject needs KEY")) != 0)
		return rc;
	if (!res)
		return cli_usage("issue", "reject needs --resolution");
	if (cli->remote)
		return post(cli, "issue reject", pos[0], "reject", with(json_pack("{s:s}",
			"resolution", res), "duplicate_of", dup));
	if ((rc = cli_open(cli)) != 0)
		return rc;
	return done("issue reject", svc_issue_reject(cli->svc, pos[0], res, dup, &d), &d);
}

int
issue_comment(struct cli *cli, int argc, char **argv)
{
	bool internal = false;
	const char *pos[2];
	const struct opt opts[] = {{"internal", OPT_FLAG, &internal}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	int rc;

	if ((rc = parse(argc, argv, opts, pos, 2, "comment needs KEY TEXT")) != 0)
		return rc;
	if (cli->remote)
		return post(cli, "issue comment", pos[0], "comments", json_pack("{s:s,s:b}", "text",
			pos[1], "internal", internal));
	if ((rc = cli_open(cli)) != 0)
		return rc;
	return done("issue comment", svc_issue_comment(cli->svc, pos[0], pos[1], internal, &d),
		&d);
}

int
issue_grant(struct cli *cli, int argc, char **argv)
{
	const char *reason = NULL, *pos[2];
	const struct opt opts[] = {{"reason", OPT_VALUE, &reason}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	int rc;

	if ((rc = parse(argc, argv, opts, pos, 2, "grant needs KEY LOGIN --reason TEXT")) != 0)
		return rc;
	if (!reason)
		return cli_usage("issue", "grant needs --reason");
	if (cli->remote)
		return post(cli, "issue grant", pos[0], "grants", json_pack("{s:s,s:s}", "login",
			pos[1], "reason", reason));
	if ((rc = cli_open(cli)) != 0)
		return rc;
	return done("issue grant", svc_issue_grant(cli->svc, pos[0], pos[1], reason, &d), &d);
}

int
issue_revoke(struct cli *cli, int argc, char **argv)
{
	const char *pos[2];
	const struct opt opts[] = {{NULL, 0, NULL}};
	struct errdetail d = {0};
	int rc;

	if ((rc = parse(argc, argv, opts, pos, 2, "revoke needs KEY LOGIN")) != 0)
		return rc;
	if (cli->remote)
		return cli_remote(cli, "issue revoke", NF_ISSUE, "DELETE", NULL, NULL, "issues",
			pos[0], "grants", pos[1], NULL);
	if ((rc = cli_open(cli)) != 0)
		return rc;
	return done("issue revoke", svc_issue_revoke(cli->svc, pos[0], pos[1], &d), &d);
}

int
issue_publish(struct cli *cli, int argc, char **argv)
{
	const char *reason = NULL, *pos[1];
	const struct opt opts[] = {{"reason", OPT_VALUE, &reason}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	bool published = false;
	int rc;

	if ((rc = parse(argc, argv, opts, pos, 1, "publish needs KEY")) != 0)
		return rc;
	if (cli->remote) {
		json_t *a = NULL;

		if ((rc = cli_remote(cli, "issue publish", NF_ISSUE, "POST", with(json_object(),
		    "reason", reason), &a, "issues", pos[0], "publish", NULL)) != 0)
			return rc;
		published = cli_jbool(a, "published");
		json_decref(a);
	} else if ((rc = cli_open(cli)) != 0) {
		return rc;
	} else if ((rc = svc_issue_publish(cli->svc, pos[0], reason, &published, &d)) < 0) {
		return cli_fail("issue publish", rc, &d);
	}
	if (published)
		printf("%s is public\n", pos[0]);
	else
		printf("early publication of %s proposed; a second psirt member must confirm\n",
			pos[0]);
	return EXIT_OK;
}

static int
read_file(const char *path, char **ret, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0;

	if (!f)
		return -1;
	for (;;) {
		size_t got;

		if (len == cap) {
			char *nd;

			if (cap > LIM_ATTACHMENT_MAX)
				break; /* the service refuses it by size */
			cap = cap ? cap * 2 : 65536;
			if (!(nd = realloc(data, cap)))
				break;
			data = nd;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	fclose(f);
	if (!data)
		data = malloc(1);
	*ret = data;
	*ret_len = len;
	return data ? 0 : -1;
}

/* POST /api/v1/issues/KEY/attachments?name=NAME with the raw bytes. */
static int
remote_attach(struct cli *cli, const char *key, const char *name, const char *data, size_t len)
{
	struct errdetail d = {0};
	json_t *a = NULL;
	struct buf path;
	int rc;

	/* the service checks the size first of all; so does this, with its words */
	if (len > LIM_ATTACHMENT_MAX)
		return cli_fail("issue attach", err_setf(&d, ERR_LIMIT, "file", "is larger than %d "
			"bytes", LIM_ATTACHMENT_MAX), &d);
	buf_init(&path, LIM_HTTP_PATH_MAX);
	buf_adds(&path, "/api/v1/issues");
	remote_path_add(&path, key);
	remote_path_add(&path, "attachments");
	remote_query_add(&path, "name", name);
	if (buf_err(&path))
		rc = cli_remote_fail("issue attach", NF_ISSUE, ERR_NOTFOUND, &d);
	else
		rc = cli_remote_send(cli, "issue attach", NF_ISSUE, "POST", buf_str(&path),
			"application/octet-stream", data, len, true, &a, NULL, NULL);
	if (rc == 0)
		printf("attachment %lld\n", cli_jint(a, "id"));
	json_decref(a);
	buf_release(&path);
	return rc;
}

int
issue_attach(struct cli *cli, int argc, char **argv)
{
	const char *name = NULL, *pos[2], *slash;
	const struct opt opts[] = {{"name", OPT_VALUE, &name}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	char *data = NULL;
	size_t len = 0;
	int64_t id;
	int rc;

	if ((rc = parse(argc, argv, opts, pos, 2, "attach needs KEY FILE")) != 0)
		return rc;
	if (read_file(pos[1], &data, &len) < 0) {
		fprintf(stderr, "vigil issue attach: FILE: cannot be read\n");
		return EXIT_FAIL;
	}
	slash = strrchr(pos[1], '/');
	if (!name)
		name = slash ? slash + 1 : pos[1];
	if (cli->remote) {
		rc = remote_attach(cli, pos[0], name, data, len);
	} else if ((rc = cli_open(cli)) == 0) {
		rc = svc_issue_attach(cli->svc, pos[0], name, data, len, &id, &d);
		if (rc < 0)
			rc = cli_fail("issue attach", rc, &d);
		else
			printf("attachment %lld\n", (long long)id);
	}
	free(data);
	return rc;
}
