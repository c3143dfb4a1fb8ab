/*
 * cmd_export.c — `vigil export FORMAT KEY|--all`: the machine-readable
 * advisories of public issues (CVE JSON 5, OSV, CSAF, OpenVEX), printed or
 * written one file per document. The documents come from src/export/ over
 * service/advisory.c, which hands over public fields only.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "export/export.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil export - machine-readable advisories of public issues\n\n"
	"SYNOPSIS\n"
	"    vigil export cve|osv|csaf|openvex KEY [--out DIR]\n"
	"    vigil export cve|osv|csaf|openvex --all [--out DIR]\n"
	"    vigil export page --format rst|md [--out FILE]  (see export page --help)\n\n"
	"DESCRIPTION\n"
	"    cve: CVE JSON 5.1 records, one per CVE id of the issue (with --all also\n"
	"    a REJECTED record for every retired id the caller may see); osv: the\n"
	"    OSV entry; csaf: the CSAF 2.0 security advisory; openvex: the OpenVEX\n"
	"    document with one statement per release and CVE id. Only public issues\n"
	"    have advisories, and they hold only public fields. The publisher's\n"
	"    names, ids and URLs come from 'vigil config'.\n\n"
	"    Without --out the document is printed (a JSON array when there are\n"
	"    several); with --out each goes to its own file in DIR, whose names are\n"
	"    printed. Every export is recorded in the audit log.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 refused or failed (not public, not found), 2 usage.\n";

/* Append doc (taken; NULL when a writer ran out of memory) and its name. */
static int
add_doc(json_t *docs, struct strlist *names, json_t *doc, const char *name)
{
	if (!doc || json_array_append_new(docs, doc) < 0)
		return ERR_NOMEM;
	return strlist_add(names, name);
}

/* Append the documents of one issue to docs, their file names to names. */
static int
issue_docs(struct svc *svc, enum export_format f, const char *key, json_t *docs,
	struct strlist *names, struct errdetail *d)
{
	struct advisory a = {0};
	char name[256];
	int rc;

	if ((rc = svc_advisory(svc, key, &a, d)) < 0)
		return rc;
	if (f == EXP_CVE5) {
		for (size_t i = 0; rc == 0 && i < a.v.ncves; i++) {
			if (a.v.cves[i].state == CVE_REJECTED)
				continue;
			export_file_name(&a, f, a.v.cves[i].id, name, sizeof(name));
			rc = add_doc(docs, names, export_cve5(&a, a.v.cves[i].id), name);
		}
	} else {
		export_file_name(&a, f, NULL, name, sizeof(name));
		rc = add_doc(docs, names, f == EXP_OSV ? export_osv(&a) : f == EXP_CSAF ?
			export_csaf(&a) : export_openvex(&a), name);
	}
	advisory_release(&a);
	return rc < 0 ? err_set(d, rc, "export", "out of memory") : 0;
}

/* REJECTED records of the retired ids the caller may see. */
static int
retired_docs(struct svc *svc, json_t *docs, struct strlist *names, struct errdetail *d)
{
	static const char *const keys[ADVISORY_CFG__COUNT] = {"org_name", "org_id",
		"cna_short_name", "vendor", "product", "repo_url", "advisory_url", "osv_prefix"};
	char *cfg[ADVISORY_CFG__COUNT] = {0};
	struct cve *c = NULL;
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < ADVISORY_CFG__COUNT; i++)
		rc = svc_config_get(svc, keys[i], &cfg[i], d);
	if (rc == 0)
		rc = svc_cve_list(svc, &c, &n, d);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char name[64];

		if (c[i].state != CVE_REJECTED)
			continue;
		snprintf(name, sizeof(name), "%s.json", c[i].id);
		rc = add_doc(docs, names, export_cve5_rejected(cfg, &c[i]), name);
	}
	OBJ_LIST_FREE(c, n, cve_release);
	for (size_t i = 0; i < ADVISORY_CFG__COUNT; i++)
		free(cfg[i]);
	return rc;
}

static int
write_files(const char *dir, json_t *docs, const struct strlist *names)
{
	size_t i;
	json_t *doc;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "vigil export: out: cannot create the directory\n");
		return EXIT_FAIL;
	}
	json_array_foreach(docs, i, doc) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir, names->v[i]);
		if (json_dump_file(doc, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(10)) < 0) {
			fprintf(stderr, "vigil export: out: cannot write %s\n", names->v[i]);
			return EXIT_FAIL;
		}
		puts(path);
	}
	return EXIT_OK;
}

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	const char *out = NULL, *pos[2];
	bool all = false;
	const struct opt opts[] = {
		{"all", OPT_FLAG, &all},
		{"out", OPT_VALUE, &out},
		{NULL, 0, NULL},
	};
	struct strlist keys = {0}, names = {0};
	struct errdetail d = {0};
	enum export_format f;
	json_t *docs = NULL;
	size_t npos;
	int rc;

	if (argc > 1 && strcmp(argv[1], "page") == 0)
		return cmd_export_page(cli, argc, argv); /* cmd_export_page.c */
	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("export", argc, argv, 1, opts, pos, 2, &npos)) != 0)
		return rc;
	if (npos < 1 || export_format_parse(pos[0], &f) < 0)
		return cli_usage("export", "needs a format: cve, osv, csaf or openvex");
	if ((all && npos != 1) || (!all && npos != 2))
		return cli_usage("export", "needs KEY or --all");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if (all)
		rc = svc_advisory_keys(cli->svc, &keys, &d);
	else
		rc = strlist_add(&keys, pos[1]);
	if (rc < 0)
		return cli_fail("export", rc, &d);
	docs = json_array();
	for (size_t i = 0; rc == 0 && i < keys.n; i++)
		rc = issue_docs(cli->svc, f, keys.v[i], docs, &names, &d);
	if (rc == 0 && all && f == EXP_CVE5)
		rc = retired_docs(cli->svc, docs, &names, &d);
	if (rc == 0)
		rc = svc_export_record(cli->svc, export_format_name(f), json_array_size(docs), &d);
	if (rc < 0) {
		rc = cli_fail("export", rc, &d);
	} else if (out) {
		rc = write_files(out, docs, &names);
	} else if (!all && json_array_size(docs) == 1) {
		rc = cli_print_json(json_incref(json_array_get(docs, 0)));
	} else {
		rc = cli_print_json(json_incref(docs));
	}
	json_decref(docs);
	strlist_release(&keys);
	strlist_release(&names);
	return rc;
}
