/*
 * cmd_issue.c — `vigil issue`: the subcommand table, and the reading
 * commands (list, show, counts, history, attachment). What they print was
 * filtered by the service layer's need-to-know gate.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/issue_help.h"
#include "core/clock.h"
#include "model/types.h"
#include "service/present.h"
#include "service/service.h"
#include "core/banned.h"

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
	struct errdetail d = {0};
	struct issue_view *v = NULL;
	size_t n = 0, npos;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	if (state) {
		enum state s;

		if (state_parse(state, &s) < 0)
			return cli_usage("issue", "--state must be a state name");
		f.state = (int)s;
	}
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_issue_list(cli->svc, &f, &v, &n, &d)) < 0)
		return cli_fail("issue list", rc, &d);
	if (json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, present_issue(cli->svc, &v[i], false));
		rc = cli_print_json(a);
	} else {
		for (size_t i = 0; i < n; i++) {
			char key[ISSUE_KEY_MAX];

			svc_key(cli->svc, v[i].is.id, key);
			printf("%-10s %-9s %-16s %s\n", key, state_name(v[i].is.state),
				v[i].is.subsystem ? v[i].is.subsystem : "-", v[i].is.title);
		}
	}
	issue_view_list_free(v, n);
	return rc;
}

static void
print_dates(const struct issue_view *v)
{
	char rep[16], ack[16], fix[16], emb[16];

	clock_fmt_date(v->is.reported_at, rep, sizeof(rep));
	clock_fmt_date(v->ack_due, ack, sizeof(ack));
	clock_fmt_date(v->fix_due, fix, sizeof(fix));
	clock_fmt_date(v->is.embargo_until, emb, sizeof(emb));
	printf("reported:   %s   ack due: %s   fix due: %s\n", rep, ack, fix);
	printf("embargo:    %s%s%s\n", embargo_name(v->is.embargo),
		v->is.embargo_until ? " until " : "", v->is.embargo_until ? emb : "");
}

static void
print_show(struct svc *svc, const struct issue_view *v)
{
	const struct issue *is = &v->is;
	char key[ISSUE_KEY_MAX];

	svc_key(svc, is->id, key);
	printf("%s  [%s]  %s\n", key, state_name(is->state), is->title);
	printf("subsystem:  %s\n", is->subsystem ? is->subsystem : "-");
	if (is->priority)
		printf("priority:   P%d\n", is->priority);
	if (is->cvss)
		printf("cvss:       %.1f %s  %s\n", is->cvss_score, is->cvss_severity, is->cvss);
	if (is->reporter)
		printf("reporter:   %s\n", is->reporter);
	if (v->view == VIEW_FULL)
		printf("assignee:   %s\n", is->assignee ? is->assignee : "-");
	print_dates(v);
	if (is->resolution)
		printf("resolution: %s%s%s\n", resolution_name(is->resolution),
			is->duplicate_of ? " of " : "", is->duplicate_of ? is->duplicate_of : "");
	for (size_t i = 0; i < v->ncves; i++)
		printf("cve:        %s (%s)\n", v->cves[i].id, cve_state_name(v->cves[i].state));
	printf("\n%s\n", is->description);
	for (size_t i = 0; i < v->nfixes; i++)
		printf("\nfix: %s  %s  %s\n", v->fixes[i].url, v->fixes[i].branch,
			fix_state_name(v->fixes[i].state));
	for (size_t i = 0; i < v->nbackports; i++)
		printf("backport: %-12s %s%s%s\n", v->backports[i].release,
			backport_state_name(v->backports[i].state),
			v->backports[i].reason ? " - " : "",
			v->backports[i].reason ? v->backports[i].reason : "");
	for (size_t i = 0; i < v->ngrants; i++)
		if (!v->grants[i].revoked_at)
			printf("grant: %s by %s: %s\n", v->grants[i].person, v->grants[i].granted_by,
				v->grants[i].reason);
	for (size_t i = 0; i < v->nattachments; i++)
		printf("attachment %lld: %s (%lld bytes)\n", (long long)v->attachments[i].id,
			v->attachments[i].name, (long long)v->attachments[i].size);
	for (size_t i = 0; i < v->ncomments; i++)
		printf("\n--- %s [%s]\n%s\n", v->comments[i].author,
			v->comments[i].internal ? "internal" : "shared", v->comments[i].body);
}

static int
issue_show(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	struct issue_view v = {0};
	size_t npos;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("issue", "show needs KEY");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_issue_show(cli->svc, pos[0], &v, &d)) < 0)
		return cli_fail("issue show", rc, &d);
	if (json)
		rc = cli_print_json(present_issue(cli->svc, &v, true));
	else
		print_show(cli->svc, &v);
	issue_view_release(&v);
	return rc;
}

static int
issue_counts(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	int64_t counts[ST__COUNT];
	json_t *o;
	size_t npos;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, 0, &npos)) != 0 ||
	    (rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_issue_counts(cli->svc, counts, &d)) < 0)
		return cli_fail("issue counts", rc, &d);
	o = json_object();
	for (int s = 0; s < ST__COUNT; s++) {
		if (json)
			json_object_set_new(o, state_name((enum state)s), json_integer(counts[s]));
		else
			printf("%-9s %lld\n", state_name((enum state)s), (long long)counts[s]);
	}
	if (json)
		return cli_print_json(o);
	json_decref(o);
	return EXIT_OK;
}

static int
issue_history(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *pos[1];
	const struct opt opts[] = {{"json", OPT_FLAG, &json}, {NULL, 0, NULL}};
	struct errdetail d = {0};
	struct audit_event *e = NULL;
	size_t n = 0, npos;
	json_t *a;
	int rc;

	if ((rc = args_parse("issue", argc, argv, 2, opts, pos, 1, &npos)) != 0)
		return rc;
	if (npos != 1)
		return cli_usage("issue", "history needs KEY");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_issue_history(cli->svc, pos[0], &e, &n, &d)) < 0)
		return cli_fail("issue history", rc, &d);
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		char at[32];

		clock_fmt_iso(e[i].at, at, sizeof(at));
		if (json)
			json_array_append_new(a, present_audit_event(&e[i]));
		else
			printf("%s %-10s %-22s %s\n", at, e[i].actor, e[i].action, e[i].detail);
	}
	OBJ_LIST_FREE(e, n, audit_event_release);
	if (json)
		return cli_print_json(a);
	json_decref(a);
	return EXIT_OK;
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
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_issue_attachment(cli->svc, pos[0], id, &a, &data, &d)) < 0)
		return cli_fail("issue attachment", rc, &d);
	f = fopen(out, "wbx");
	if (!f || fwrite(data, 1, (size_t)a.size, f) != (size_t)a.size || fclose(f) != 0) {
		fprintf(stderr, "vigil issue attachment: --out: cannot write a new file there\n");
		rc = EXIT_FAIL;
	}
	free(data);
	attachment_release(&a);
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
	{"attach", issue_attach},
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
