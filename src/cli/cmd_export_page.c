/*
 * cmd_export_page.c — `vigil export page --format rst|md|html [--out FILE]`:
 * the vulnerabilities page (SPEC §8) as a documentation file, or as one
 * self-contained HTML document (export/page_html.c, for a static site;
 * `vigil serve` shows the page as a web page of its own). The input
 * comes from service/page.c (public views of the public issues, and only
 * id and embargo end of the CVE ids still under embargo), the markup from
 * export/page.c. Printed, or written to FILE; recorded in the audit log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/limits.h"
#include "export/page.h"
#include "service/service.h"
#include "core/banned.h"

static const char help[] =
	"NAME\n"
	"    vigil export page - the vulnerabilities page as a documentation file\n\n"
	"SYNOPSIS\n"
	"    vigil export page --format rst|md|html [--out FILE]\n\n"
	"DESCRIPTION\n"
	"    One section per year of publication, one entry per published CVE id:\n"
	"    subsystem and summary, description, CVSS, affected versions, the\n"
	"    fixing release, fixes per branch and backports, dates and credit\n"
	"    (unless anonymous). CVE ids of issues still under embargo appear\n"
	"    with 'Under embargo until DATE' only. Text is escaped for the markup\n"
	"    (reStructuredText or Markdown); html is one self-contained HTML\n"
	"    document (inline style, no scripts, no outside resources). Without\n"
	"    --out the page is printed.\n"
	"    Every export is recorded in the audit log.\n\n"
	"EXIT STATUS\n"
	"    0 ok, 1 failed, 2 usage.\n";

static int
write_out(const char *path, const struct buf *b)
{
	FILE *f = path ? fopen(path, "w") : stdout;
	int bad;

	if (!f) {
		fprintf(stderr, "vigil export page: out: cannot open the file\n");
		return EXIT_FAIL;
	}
	bad = fwrite(buf_str(b), 1, b->len, f) != b->len;
	bad |= path ? fclose(f) != 0 : fflush(f) != 0;
	if (bad) {
		fprintf(stderr, "vigil export page: out: cannot write the page\n");
		return EXIT_FAIL;
	}
	if (path)
		puts(path);
	return EXIT_OK;
}

int
cmd_export_page(struct cli *cli, int argc, char **argv)
{
	const char *out = NULL, *format = NULL, *pos[1];
	const struct opt opts[] = {
		{"format", OPT_VALUE, &format},
		{"out", OPT_VALUE, &out},
		{NULL, 0, NULL},
	};
	struct errdetail d = {0};
	struct page p = {0};
	enum page_markup m = PAGE_MD;
	bool html;
	struct buf b;
	size_t npos;
	int rc;

	if (cli_help(argc, argv, help))
		return EXIT_OK;
	if ((rc = args_parse("export page", argc, argv, 2, opts, pos, 0, &npos)) != 0)
		return rc;
	html = format && strcmp(format, "html") == 0;
	if (!format || (!html && page_markup_parse(format, &m) < 0))
		return cli_usage("export page", "--format is rst, md or html");
	if ((rc = cli_open(cli)) != 0)
		return rc;
	if ((rc = svc_page(cli->svc, &p, &d)) < 0)
		return cli_fail("export page", rc, &d);
	buf_init(&b, LIM_OUTPUT_MAX);
	rc = html ? export_page_html(&p, &b) : export_page(&p, m, &b);
	page_release(&p);
	if (rc == 0)
		rc = svc_export_record(cli->svc, html ? "page-html" : m == PAGE_RST ? "page-rst" :
			"page-md", 1, &d);
	if (rc < 0)
		rc = cli_fail("export page", rc, &d);
	else
		rc = write_out(out, &b);
	buf_release(&b);
	return rc;
}
