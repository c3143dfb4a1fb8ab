/*
 * cmd_issue.c — `vigil issue`: the subcommand table, and the reading
 * commands (list, show, counts, history, attachment). What they print was
 * filtered by the service layer's need-to-know gate — locally, or on the
 * server in remote mode. Both modes print from the same JSON shapes
 * (service/present.c, which the API returns), so their output is the same.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/issue_help.h"
#include "cli/remote.h"
#include "core/limits.h"
#include "model/types.h"
#include "export/export.h"
#include "core/buf.h"
#include "service/present.h"
#include "service/service.h"
#include "core/banned.h"

/* The issues of f as `issue list --json` prints them (local mode). */
static int
local_list(struct cli *cli, const struct issue_filter *f, json_t **ret)
{
	struct errdetail d = {0};
	struct issue_view *v = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_issue_list(cli->svc, f, &v, &n, &d)) < 0)
		return cli_fail("issue list", rc, &d);
	*ret = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*ret, present_issue(cli->svc, &v[i], false));
	issue_view_list_free(v, n);
	return EXIT_OK;
}

/* The same through GET /api/v1/issues, page after page. */
static int
remote_list(struct cli *cli, const char *state, const struct issue_filter *f, json_t **ret)
{
	struct errdetail d = {0};
	json_t *all = json_array(), *page = NULL;
	long long total;
	struct buf path;
	char off[24];
	int rc = 0;

	buf_init(&path, LIM_HTTP_PATH_MAX);
	for (size_t offset = 0; rc == 0; offset += json_array_size(json_object_get(page,
	    "items"))) {
		json_decref(page);
		page = NULL;
		buf_reset(&path);
		buf_adds(&path, "/api/v1/issues");
		if (state)
			remote_query_add(&path, "state", state);
		if (f->search)
			remote_query_add(&path, "q", f->search);
		if (f->subsystem)
			remote_query_add(&path, "subsystem", f->subsystem);
		snprintf(off, sizeof(off), "%zu", offset);
		remote_query_add(&path, "limit", "500");
		remote_query_add(&path, "offset", off);
		rc = buf_err(&path) ? ERR_NOTFOUND : remote_call(cli->remote, "GET", buf_str(&path),
			NULL, NULL, 0, true, &page, NULL, NULL, &d);
		if (rc < 0) {
			rc = cli_remote_fail("issue list", NF_ROUTE, rc, &d);
			break;
		}
		json_array_extend(all, json_object_get(page, "items"));
		total = cli_jint(page, "total");
		if (json_array_size(json_object_get(page, "items")) == 0 ||
		    (long long)json_array_size(all) >= total)
			break;
	}
	json_decref(page);
	buf_release(&path);
	if (rc == 0)
		*ret = all;
	else
		json_decref(all);
	return rc;
}

static int
issue_list(struct cli *cli, int argc, char **argv)
{
	const char *state = NULL, *pos[1];
	struct issue_filter f = {.state = -1};
	bool json = false;
	const struct opt opts[] = {
		{"state", OPT_VALUE, &state},
		{"search", OPT_VALUE, &f.search},
		{"subsystem", OPT_VALUE, &f.subsystem},
		{"json", OPT_FLAG, &json},
		{NULL, 0, NULL},
	};
	json_t *a = NULL, *o;
	size_t npos, i;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	if (state) {
		enum state s;

		if (state_parse(state, &s) < 0)
			return cli_usage("issue", "--state must be a state name");
		f.state = (int)s;
	}
	rc = cli->remote ? remote_list(cli, state, &f, &a) : local_list(cli, &f, &a);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(a);
	json_array_foreach(a, i, o)
		printf("%-10s %-9s %-16s %s\n", cli_jstr(o, "key", ""), cli_jstr(o, "state", ""),
			cli_jstr(o, "subsystem", "-"), cli_jstr(o, "title", ""));
	json_decref(a);
	return EXIT_OK;
}

/* "KEY  [state]  title" and the fields above the description. */
static void
print_head(json_t *o, json_t *cves)
{
	const char *until = cli_jstr(o, "embargo_until", NULL);
	const char *res = cli_jstr(o, "resolution", NULL), *dup = cli_jstr(o, "duplicate_of", NULL);
	json_t *c;
	size_t i;

	printf("%s  [%s]  %s\n", cli_jstr(o, "key", ""), cli_jstr(o, "state", ""),
		cli_jstr(o, "title", ""));
	printf("subsystem:  %s\n", cli_jstr(o, "subsystem", "-"));
	if (cli_jstr(o, "priority", NULL))
		printf("priority:   %s\n", cli_jstr(o, "priority", ""));
	if (cli_jstr(o, "cvss", NULL))
		printf("cvss:       %.1f %s  %s\n", cli_jnum(o, "cvss_score"),
			cli_jstr(o, "severity", ""), cli_jstr(o, "cvss", ""));
	if (cli_jstr(o, "reporter", NULL))
		printf("reporter:   %s\n", cli_jstr(o, "reporter", ""));
	if (strcmp(cli_jstr(o, "view", ""), "full") == 0)
		printf("assignee:   %s\n", cli_jstr(o, "assignee", "-"));
	printf("reported:   %s   ack due: %s   fix due: %s\n", cli_jstr(o, "reported", ""),
		cli_jstr(o, "ack_due", ""), cli_jstr(o, "fix_due", ""));
	printf("embargo:    %s%s%s\n", cli_jstr(o, "embargo", ""), until ? " until " : "",
		until ? until : "");
	if (res)
		printf("resolution: %s%s%s\n", res, dup ? " of " : "", dup ? dup : "");
	json_array_foreach(cves, i, c)
		printf("cve:        %s (%s)\n", cli_jstr(c, "id", ""), cli_jstr(c, "state", ""));
}

/*
 * Print `issue show` from the issue's JSON (as `issue show --json`) and
 * cves, every CVE id of the issue with its state ([{id, state}], retired
 * ones too, which the issue's own "cves" leaves out).
 */
static void
print_show(json_t *o, json_t *cves)
{
	json_t *x;
	size_t i;

	print_head(o, cves);
	printf("\n%s\n", cli_jstr(o, "description", ""));
	json_array_foreach(json_object_get(o, "fixes"), i, x)
		printf("\nfix: %s  %s  %s\n", cli_jstr(x, "url", ""), cli_jstr(x, "branch", ""),
			cli_jstr(x, "state", ""));
	json_array_foreach(json_object_get(o, "backports"), i, x) {
		const char *reason = cli_jstr(x, "reason", NULL);

		printf("backport: %-12s %s%s%s\n", cli_jstr(x, "release", ""),
			cli_jstr(x, "state", ""), reason ? " - " : "", reason ? reason : "");
	}
	json_array_foreach(json_object_get(o, "grants"), i, x)
		if (!cli_jstr(x, "revoked_at", NULL))
			printf("grant: %s by %s: %s\n", cli_jstr(x, "person", ""),
				cli_jstr(x, "granted_by", ""), cli_jstr(x, "reason", ""));
	json_array_foreach(json_object_get(o, "attachments"), i, x)
		printf("attachment %lld: %s (%lld bytes)\n", cli_jint(x, "id"),
			cli_jstr(x, "name", ""), cli_jint(x, "size"));
	json_array_foreach(json_object_get(o, "comments"), i, x)
		printf("\n--- %s [%s]\n%s\n", cli_jstr(x, "author", ""),
			cli_jstr(x, "visibility", ""), cli_jstr(x, "text", ""));
}

/* The issue and its CVE ids with their states (local mode). */
static int
local_show(struct cli *cli, const char *key, json_t **ret, json_t **ret_cves)
{
	struct errdetail d = {0};
	struct issue_view v = {0};
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_issue_show(cli->svc, key, &v, &d)) < 0)
		return cli_fail("issue show", rc, &d);
	*ret = present_issue(cli->svc, &v, true);
	*ret_cves = json_array();
	for (size_t i = 0; i < v.ncves; i++)
		json_array_append_new(*ret_cves, present_cve(cli->svc, &v.cves[i]));
	issue_view_release(&v);
	return EXIT_OK;
}

/* The same through the API: the issue, then the CVE ids the reader may see
 * (GET /api/v1/cves), of which those of this issue (only when wanted). */
static int
remote_show(struct cli *cli, const char *key, json_t **ret, json_t **ret_cves)
{
	json_t *all = NULL, *c;
	size_t i;
	int rc;

	if ((rc = cli_remote(cli, "issue show", NF_ISSUE, "GET", NULL, ret, "issues", key,
	    NULL)) != 0 || !ret_cves)
		return rc;
	if ((rc = cli_remote(cli, "issue show", NF_ROUTE, "GET", NULL, &all, "cves", NULL)) != 0) {
		json_decref(*ret);
		return rc;
	}
	*ret_cves = json_array();
	json_array_foreach(all, i, c)
		if (strcmp(cli_jstr(c, "issue", ""), cli_jstr(*ret, "key", "-")) == 0)
			json_array_append(*ret_cves, c);
	json_decref(all);
	return EXIT_OK;
}

static int
issue_show(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *o = NULL, *cves = NULL;
	size_t npos;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("issue", "show needs KEY");
	rc = cli->remote ? remote_show(cli, pos[0], &o, json ? NULL : &cves) :
		local_show(cli, pos[0], &o, &cves);
	if (rc != 0)
		return rc;
	if (json) {
		json_decref(cves);
		return cli_print_json(o);
	}
	print_show(o, cves);
	json_decref(o);
	json_decref(cves);
	return EXIT_OK;
}

/* Counts per state as `issue counts --json` prints them (local mode). */
static int
local_counts(struct cli *cli, json_t **ret)
{
	struct errdetail d = {0};
	int64_t counts[ST__COUNT];
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_issue_counts(cli->svc, counts, &d)) < 0)
		return cli_fail("issue counts", rc, &d);
	*ret = json_object();
	for (int s = 0; s < ST__COUNT; s++)
		json_object_set_new(*ret, state_name((enum state)s), json_integer(counts[s]));
	return EXIT_OK;
}

static int
issue_counts(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *o = NULL;
	size_t npos;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	rc = cli->remote ? cli_remote(cli, "issue counts", NF_ROUTE, "GET", NULL, &o, "issues",
		"counts", NULL) : local_counts(cli, &o);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(o);
	for (int s = 0; s < ST__COUNT; s++)
		printf("%-9s %lld\n", state_name((enum state)s), cli_jint(o, state_name((enum state)s)));
	json_decref(o);
	return EXIT_OK;
}

/* The events of an issue as `issue history --json` prints them (local). */
static int
local_history(struct cli *cli, const char *key, json_t **ret)
{
	struct errdetail d = {0};
	struct audit_event *e = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_issue_history(cli->svc, key, &e, &n, &d)) < 0)
		return cli_fail("issue history", rc, &d);
	*ret = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*ret, present_audit_event(&e[i]));
	OBJ_LIST_FREE(e, n, audit_event_release);
	return EXIT_OK;
}

void
cli_print_event(json_t *e, bool with_seq)
{
	json_t *detail = json_object_get(e, "detail");
	char *text = NULL;

	/* the detail as it was stored: compact JSON with sorted keys */
	if (detail && !json_is_string(detail))
		text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (with_seq)
		printf("%6lld %s %-10s %-22s %-12s %s\n", cli_jint(e, "seq"), cli_jstr(e, "at", ""),
			cli_jstr(e, "actor", ""), cli_jstr(e, "action", ""), cli_jstr(e, "object", ""),
			text ? text : cli_jstr(e, "detail", ""));
	else
		printf("%s %-10s %-22s %s\n", cli_jstr(e, "at", ""), cli_jstr(e, "actor", ""),
			cli_jstr(e, "action", ""), text ? text : cli_jstr(e, "detail", ""));
	free(text);
}

static int
issue_history(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	json_t *a = NULL, *e;
	size_t npos, i;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("issue", "history needs KEY");
	rc = cli->remote ? cli_remote(cli, "issue history", NF_ISSUE, "GET", NULL, &a, "issues",
		pos[0], "history", NULL) : local_history(cli, pos[0], &a);
	if (rc != 0)
		return rc;
	if (json)
		return cli_print_json(a);
	json_array_foreach(a, i, e)
		cli_print_event(e, false);
	json_decref(a);
	return EXIT_OK;
}

/* The bytes of attachment id of key (remote mode). */
static int
remote_attachment(struct cli *cli, const char *key, const char *id, char **ret, size_t *ret_len)
{
	struct buf path;
	int rc;

	buf_init(&path, LIM_HTTP_PATH_MAX);
	buf_adds(&path, "/api/v1/issues");
	remote_path_add(&path, key);
	remote_path_add(&path, "attachments");
	remote_path_add(&path, id);
	if (buf_err(&path)) {
		struct errdetail d = {0};

		rc = cli_remote_fail("issue attachment", NF_ISSUE, ERR_NOTFOUND, &d);
	} else {
		rc = cli_remote_send(cli, "issue attachment", NF_ATTACHMENT, "GET", buf_str(&path),
			NULL, NULL, 0, false, NULL, ret, ret_len);
	}
	buf_release(&path);
	return rc;
}

static int
issue_attachment(struct cli *cli, int argc, char **argv)
{
	const char *out = NULL, *pos[2];
	const struct opt opts[] = {{"out", OPT_VALUE, &out}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	struct attachment a = {0};
	void *data = NULL;
	char *end;
	size_t len = 0;
	long long id;
	size_t npos;
	FILE *f;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, 2, &npos)) != 0)
		return rc;
	if (npos != 2 || !out)
		return cli_usage("issue", "attachment needs KEY ID --out FILE");
	id = strtoll(pos[1], &end, 10);
	if (*end || id <= 0)
		return cli_usage("issue", "attachment ID must be a number");
	if (cli->remote) {
		char ids[24], *bytes = NULL;

		snprintf(ids, sizeof(ids), "%lld", id);
		if ((rc = remote_attachment(cli, pos[0], ids, &bytes, &len)) != 0)
			return rc;
		data = bytes;
	} else {
		if ((rc = cli_open(cli)) != 0)
			return rc;
		if ((rc = svc_issue_attachment(cli->svc, pos[0], id, &a, &data, &d)) < 0)
			return cli_fail("issue attachment", rc, &d);
		len = (size_t)a.size;
	}
	f = fopen(out, "wbx");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "vigil issue attachment: --out: cannot write a new file there\n");
		rc = EXIT_FAIL;
	}
	free(data);
	attachment_release(&a);
	return rc;
}

/* issue counterpart KEY: the sanitised public text (local mode only). */
static int
issue_counterpart(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	const struct opt opts[] = {{NULL, 0, NULL}};
	struct errdetail d = {0};
	struct issue_view v = {0};
	struct buf out;
	size_t npos;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("issue", "counterpart needs KEY");
	if (cli->remote)
		return cli_remote_missing("issue counterpart", "it is made on the server's machine");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_issue_counterpart(cli->svc, pos[0], &v, &d)) < 0)
		return cli_fail("issue counterpart", rc, &d);
	buf_init(&out, LIM_OUTPUT_MAX);
	rc = export_counterpart(&v, pos[0], &out);
	issue_view_release(&v);
	if (rc == 0)
		fputs(buf_str(&out), stdout);
	else
		rc = cli_fail("issue counterpart", rc, NULL);
	buf_release(&out);
	return rc;
}

struct sub {
	const char *name;
	cli_fn fn;
};

static const struct sub subs[] = {
	{"list", issue_list}, {"show", issue_show}, {"counts", issue_counts},
	{"history", issue_history}, {"attachment", issue_attachment},
	{"ack", issue_ack}, {"assign", issue_assign}, {"set", issue_set},
	{"move", issue_move}, {"reject", issue_reject}, {"comment", issue_comment},
	{"grant", issue_grant}, {"revoke", issue_revoke}, {"publish", issue_publish},
	{"attach", issue_attach}, {"counterpart", issue_counterpart},
};

int
cmd_issue(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, issue_help))
		return EXIT_OK;
	for (size_t i = 0; argc >= 2 && i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(cli, argc, argv);
	return cli_usage("issue", "needs a subcommand");
}
