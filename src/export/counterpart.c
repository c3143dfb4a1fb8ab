/*
 * counterpart.c — the public counterpart of an issue that needs no embargo
 * (SPEC §4): the text psirt files in the project's regular bug tracker,
 * in Markdown. It is written from the public view only (service/
 * advisory.c: svc_issue_counterpart), so no reporter identity, internal
 * comment or attachment can reach it. Reporter text is untrusted: the
 * title is escaped and the description goes into an indented code block,
 * so neither can add headings, links, images or HTML to the tracker.
 */
#include "export/export.h"

#include <string.h>

#include "core/clock.h"
#include "core/banned.h"

/* Append s with every Markdown-active ASCII punctuation escaped. */
static void
md_escape(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_{}[]()<>#+-.!|~&\"'", *s))
			buf_addc(out, '\\');
		buf_addc(out, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
}

/* Append text as an indented code block: four spaces before every line. */
static void
md_code_block(struct buf *out, const char *text)
{
	buf_adds(out, "    ");
	for (const char *p = text ? text : ""; *p; p++) {
		if (*p == '\r')
			continue;
		buf_addc(out, *p);
		if (*p == '\n')
			buf_adds(out, "    ");
	}
	buf_addc(out, '\n');
}

int
export_counterpart(const struct issue_view *v, const char *key, struct buf *out)
{
	const struct issue *is = &v->is;
	char date[16];

	buf_adds(out, "# ");
	if (is->subsystem) {
		md_escape(out, is->subsystem);
		buf_adds(out, ": ");
	}
	md_escape(out, is->title);
	buf_adds(out, "\n\n");
	if (is->cvss)
		buf_addf(out, "- Severity: %s (CVSS %.1f, `%s`)\n", is->cvss_severity,
			is->cvss_score, is->cvss);
	if (is->introduced_in) {
		buf_adds(out, "- Introduced in: ");
		md_escape(out, is->introduced_in);
		buf_addc(out, '\n');
	}
	if (is->fixed_in) {
		buf_adds(out, "- Fixed in: ");
		md_escape(out, is->fixed_in);
		buf_addc(out, '\n');
	}
	for (size_t i = 0; i < v->ncves; i++)
		if (v->cves[i].state != CVE_REJECTED)
			buf_addf(out, "- %s\n", v->cves[i].id);
	clock_fmt_date(is->reported_at, date, sizeof(date));
	buf_addf(out, "- Reported: %s\n- Security team reference: %s\n\n", date, key);
	buf_adds(out, "The security team decided that this report needs no embargo. "
		"The report as received:\n\n");
	md_code_block(out, is->description);
	return buf_err(out);
}
