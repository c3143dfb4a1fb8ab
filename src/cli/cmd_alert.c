/*
 * cmd_alert.c — `vigil alert`: the vulnerability-alerts list (SPEC §7).
 * Anyone files a request; directors and psirt list the members; a director
 * approves, denies or removes; directors and psirt update addresses and
 * keys. Front-end only: service/alert.c checks every field and decides
 * who may do what. With --server the same through the HTTP API
 * (/api/v1/alert-list). Reads a key file named on the command line; a key
 * GnuPG finds unusable (mail_pgp_check_key) is refused before the service.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/remote.h"
#include "core/limits.h"
#include "mail/mail.h"
#include "service/mail.h"
#include "service/present_mail.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil alert - the vulnerability-alerts list\n\n"
	"SYNOPSIS\n"
	"    vigil alert request --org ORG --address ADDR [--address ADDR]...\n"
	"                        --reason TEXT [--key-file FILE]\n"
	"    vigil alert list [--json]\n"
	"    vigil alert show ID [--json]\n"
	"    vigil alert approve|deny|remove ID [--note TEXT]\n"
	"    vigil alert update ID [--address ADDR]... [--key-file FILE | --no-key]\n\n"
	"DESCRIPTION\n"
	"    Organisations that ship the product ask to be told of vulnerabilities\n"
	"    under embargo (the Vulnerability Registry). 'request' files a request:\n"
	"    anyone may, also without --as. The key file holds an ASCII-armored\n"
	"    OpenPGP public key; members with a key get every message encrypted.\n"
	"    'list' and 'show' (directors and psirt) print the members with their\n"
	"    status: requested, approved, denied or removed.\n"
	"    'approve', 'deny' (a pending request) and 'remove' (an approved\n"
	"    member) are for directors; the note stays with the member and is not\n"
	"    mailed; the member is told of the decision by mail.\n"
	"    'update' (directors and psirt) replaces the addresses, sets the key\n"
	"    from a file, or removes it with --no-key.\n"
	"    Approved members get: at triage the issue key, link, CVE ids, subsystem\n"
	"    and severity; when a fix merges the CVE and fix association and the\n"
	"    backport plan; a periodic digest of embargoed issues; at publication\n"
	"    the advisory (docs/mail.md). Every change is an audit event.\n"
	"    With --server URL the same goes through the HTTP API.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed (the message names the field), 2 usage.\n";

/* Read an armored key file: at most LIM_PGP_KEY_MAX + 1 bytes are kept,
 * so the service refuses a longer one by its size. */
static int
read_key(const char *path, char **ret)
{
	FILE *f = fopen(path, "rb");
	char *data;
	size_t n;

	if (!f) {
		fprintf(stderr, "vigil alert: key-file: cannot be opened\n");
		return EXIT_FAIL;
	}
	if (!(data = malloc(LIM_PGP_KEY_MAX + 2))) {
		fclose(f);
		return EXIT_FAIL;
	}
	n = fread(data, 1, LIM_PGP_KEY_MAX + 1, f);
	fclose(f);
	data[n] = '\0';
	if (strlen(data) != n) {
		free(data);
		fprintf(stderr, "vigil alert: key-file: holds a NUL byte\n");
		return EXIT_FAIL;
	}
	*ret = data;
	return 0;
}

static int
parse_id(const char *s, int64_t *ret)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return -1;
	*ret = v;
	return 0;
}

static void
print_member(json_t *m, bool long_form)
{
	json_t *a = json_object_get(m, "addresses"), *v;
	size_t i;

	printf("%-5lld %-10s %-30s", cli_jint(m, "id"), cli_jstr(m, "status", "?"),
		cli_jstr(m, "org", ""));
	json_array_foreach(a, i, v)
		printf("%s%s", i ? ", " : " ", json_string_value(v) ? json_string_value(v) : "");
	printf("%s\n", cli_jstr(m, "pgp_key", NULL) ? "  [key]" : "");
	if (!long_form)
		return;
	printf("reason: %s\n", cli_jstr(m, "reason", ""));
	if (cli_jstr(m, "vetted_by", NULL))
		printf("vetted by: %s\n", cli_jstr(m, "vetted_by", ""));
	if (cli_jstr(m, "note", NULL))
		printf("note: %s\n", cli_jstr(m, "note", ""));
	if (cli_jstr(m, "pgp_key", NULL))
		printf("%s\n", cli_jstr(m, "pgp_key", ""));
}

struct alert_args {
	struct strlist addr;
	const char *org, *reason, *key_file, *note;
	bool json, no_key;
};

static json_t *
strlist_json(const struct strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static int
do_request(struct cli *cli, struct alert_args *a)
{
	/* addr NULL: the local CLI is trusted (no per-address limit); over
	 * --server the API handler gives the service the client's address */
	struct alert_request in = {a->org, &a->addr, a->reason, NULL, NULL};
	struct errdetail d = {0};
	json_t *body, *ans = NULL;
	char *key = NULL;
	int64_t id = 0;
	int rc;

	if (a->key_file && (rc = read_key(a->key_file, &key)) != 0)
		return rc;
	in.pgp_key = key;
	if (cli->remote) {
		/* the API names missing fields like the service does */
		body = json_object();
		if (a->org)
			json_object_set_new(body, "org", json_string(a->org));
		json_object_set_new(body, "addresses", strlist_json(&a->addr));
		if (a->reason)
			json_object_set_new(body, "reason", json_string(a->reason));
		if (key)
			json_object_set_new(body, "pgp_key", json_string(key));
		free(key);
		if ((rc = cli_remote(cli, "alert request", NF_ROUTE, "POST", body, &ans,
		    "alert-list", "requests", NULL)) != 0)
			return rc;
		printf("%lld\n", cli_jint(ans, "id"));
		json_decref(ans);
		return EXIT_OK;
	}
	/* a key GnuPG cannot use is refused before anything is written */
	if ((rc = mail_pgp_check_key(key, &d)) == 0)
		rc = svc_alert_request(cli->svc, &in, &id, &d);
	free(key);
	if (rc < 0)
		return cli_fail("alert request", rc, &d);
	printf("%lld\n", (long long)id);
	return EXIT_OK;
}

/* The members (id 0) or one member as JSON, locally or from the server. */
static int
fetch(struct cli *cli, const char *what, const char *idtext, int64_t id, json_t **ret)
{
	struct alert_member *v = NULL, m = {0};
	struct errdetail d = {0};
	size_t n = 0;
	int rc;

	if (cli->remote)
		return cli_remote(cli, what, id ? NF_ALERT : NF_ROUTE, "GET", NULL, ret,
			"alert-list", idtext, NULL);
	if (id == 0) {
		if ((rc = svc_alert_list(cli->svc, &v, &n, &d)) < 0)
			return cli_fail(what, rc, &d);
		*ret = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(*ret, present_alert_member(&v[i]));
		alert_member_list_free(v, n);
		return EXIT_OK;
	}
	if ((rc = svc_alert_get(cli->svc, id, &m, &d)) < 0)
		return cli_fail(what, rc, &d);
	*ret = present_alert_member(&m);
	alert_member_release(&m);
	return EXIT_OK;
}

static int
do_read(struct cli *cli, struct alert_args *a, const char *idtext, int64_t id)
{
	json_t *j = NULL, *v;
	size_t i;
	int rc;

	if ((rc = fetch(cli, id ? "alert show" : "alert list", idtext, id, &j)) != 0)
		return rc;
	if (a->json)
		return cli_print_json(j);
	if (id)
		print_member(j, true);
	else
		json_array_foreach(j, i, v)
			print_member(v, false);
	json_decref(j);
	return EXIT_OK;
}

static int
do_update(struct cli *cli, struct alert_args *a, const char *idtext, int64_t id)
{
	struct alert_update u = {a->addr.n ? &a->addr : NULL, NULL};
	struct errdetail d = {0};
	json_t *body;
	char *key = NULL;
	int rc;

	if (a->no_key && a->key_file)
		return cli_usage("alert", "--key-file and --no-key exclude each other");
	if (a->key_file && (rc = read_key(a->key_file, &key)) != 0)
		return rc;
	u.pgp_key = a->no_key ? "" : key;
	if (cli->remote) {
		body = json_object();
		if (u.addresses)
			json_object_set_new(body, "addresses", strlist_json(u.addresses));
		if (u.pgp_key)
			json_object_set_new(body, "pgp_key", json_string(u.pgp_key));
		free(key);
		return cli_remote(cli, "alert update", NF_ALERT, "PATCH", body, NULL,
			"alert-list", idtext, NULL);
	}
	/* only someone who may see the member learns what GnuPG says */
	rc = 0;
	if (key) {
		struct alert_member m = {0};

		if ((rc = svc_alert_get(cli->svc, id, &m, &d)) == 0) {
			alert_member_release(&m);
			rc = mail_pgp_check_key(key, &d);
		}
	}
	if (rc == 0)
		rc = svc_alert_update(cli->svc, id, &u, &d);
	free(key);
	if (rc < 0)
		return cli_fail("alert update", rc, &d);
	return EXIT_OK;
}

static int
do_decide(struct cli *cli, struct alert_args *a, const char *decision, const char *idtext,
	int64_t id)
{
	struct errdetail d = {0};
	int rc;

	if (cli->remote) {
		json_t *body = json_pack("{s:s}", "decision", decision);

		if (body && a->note)
			json_object_set_new(body, "note", json_string(a->note));
		return cli_remote(cli, "alert", NF_ALERT, "POST", body, NULL, "alert-list",
			idtext, "decision", NULL);
	}
	if ((rc = svc_alert_decide(cli->svc, id, decision, a->note, &d)) < 0)
		return cli_fail("alert", rc, &d);
	return EXIT_OK;
}

static int
dispatch(struct cli *cli, struct alert_args *a, const char **pos, size_t npos)
{
	int64_t id = 0;

	if (strcmp(pos[0], "request") == 0 && npos == 1)
		return do_request(cli, a);
	if (strcmp(pos[0], "list") == 0 && npos == 1)
		return do_read(cli, a, NULL, 0);
	if (npos != 2 || parse_id(pos[1], &id) < 0)
		return cli_usage("alert", "request, list, or show|approve|deny|remove|update ID");
	if (strcmp(pos[0], "show") == 0)
		return do_read(cli, a, pos[1], id);
	if (strcmp(pos[0], "update") == 0)
		return do_update(cli, a, pos[1], id);
	if (strcmp(pos[0], "approve") == 0 || strcmp(pos[0], "deny") == 0 ||
	    strcmp(pos[0], "remove") == 0)
		return do_decide(cli, a, pos[0], pos[1], id);
	return cli_usage("alert", "request, list, or show|approve|deny|remove|update ID");
}

int
cmd_alert(struct cli *cli, int argc, char **argv)
{
	struct alert_args a = {0};
	const struct opt opts[] = {
		{"org", OPT_VALUE, &a.org}, {"address", OPT_MULTI, &a.addr},
		{"reason", OPT_VALUE, &a.reason}, {"key-file", OPT_VALUE, &a.key_file},
		{"no-key", OPT_FLAG, &a.no_key}, {"note", OPT_VALUE, &a.note},
		{"json", OPT_FLAG, &a.json}, {NULL, 0, NULL}};
	const char *pos[3];
	size_t npos;
	int rc;

	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("alert", argc, argv, 1, opts, pos, 3, &npos)) != 0)
		goto out;
	if (npos < 1) {
		rc = cli_usage("alert", "needs a subcommand: request, list, show, approve, deny, "
			"remove, update");
		goto out;
	}
	if (cli->remote || (rc = cli_open(cli)) == 0)
		rc = dispatch(cli, &a, pos, npos);
out:
	strlist_release(&a.addr);
	return rc;
}
