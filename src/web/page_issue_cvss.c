/*
 * page_issue_cvss.c — the CVSS vector editor of the issue page: one select
 * per base metric of CVSS v3.1 and v4.0 (the values of the specifications'
 * tables, with their names), a field to paste a whole vector instead, and
 * two buttons: "Show the score" re-shows the page with the vector scored
 * by the server, "Save" sets it (svc_issue_set). Without JavaScript that is
 * all; static/cvss.js adds the live score by asking POST /api/v1/cvss. A
 * vector is built only from values of the tables below, never from
 * submitted text, except the pasted field, which model/cvss checks.
 * Handles untrusted input (the form).
 */
#include "web/page_issue.h"

#include <stdio.h>
#include <string.h>

#include "model/cvss/cvss.h"
#include "core/banned.h"

struct metric {
	const char *abbr;        /* "AV" */
	const char *name;        /* "Attack Vector" */
	const char *values;      /* "N:Network,A:Adjacent,..." */
};

static const struct metric v31[] = {
	{"AV", "Attack Vector", "N:Network,A:Adjacent,L:Local,P:Physical"},
	{"AC", "Attack Complexity", "L:Low,H:High"},
	{"PR", "Privileges Required", "N:None,L:Low,H:High"},
	{"UI", "User Interaction", "N:None,R:Required"},
	{"S", "Scope", "U:Unchanged,C:Changed"},
	{"C", "Confidentiality", "H:High,L:Low,N:None"},
	{"I", "Integrity", "H:High,L:Low,N:None"},
	{"A", "Availability", "H:High,L:Low,N:None"},
};

static const struct metric v40[] = {
	{"AV", "Attack Vector", "N:Network,A:Adjacent,L:Local,P:Physical"},
	{"AC", "Attack Complexity", "L:Low,H:High"},
	{"AT", "Attack Requirements", "N:None,P:Present"},
	{"PR", "Privileges Required", "N:None,L:Low,H:High"},
	{"UI", "User Interaction", "N:None,P:Passive,A:Active"},
	{"VC", "Vulnerable System Confidentiality", "H:High,L:Low,N:None"},
	{"VI", "Vulnerable System Integrity", "H:High,L:Low,N:None"},
	{"VA", "Vulnerable System Availability", "H:High,L:Low,N:None"},
	{"SC", "Subsequent System Confidentiality", "H:High,L:Low,N:None"},
	{"SI", "Subsequent System Integrity", "H:High,L:Low,N:None"},
	{"SA", "Subsequent System Availability", "H:High,L:Low,N:None"},
};

#define NV31 (sizeof(v31) / sizeof(v31[0]))
#define NV40 (sizeof(v40) / sizeof(v40[0]))

/* The value letter of metric abbr in vector ("CVSS:3.1/AV:N/..."), or 0. */
static char
vector_value(const char *vector, const char *abbr)
{
	size_t n = strlen(abbr);

	for (const char *p = vector ? strchr(vector, '/') : NULL; p; p = strchr(p + 1, '/'))
		if (strncmp(p + 1, abbr, n) == 0 && p[1 + n] == ':' && p[2 + n] &&
		    (p[3 + n] == '/' || p[3 + n] == '\0'))
			return p[2 + n];
	return 0;
}

static bool
is_version(const char *vector, const char *prefix)
{
	return vector && strncmp(vector, prefix, strlen(prefix)) == 0;
}

/* One select: name "vNN_ABBR", options from the table, chosen from vector. */
static void
metric_select(struct buf *b, const char *ver, const struct metric *m, const char *vector)
{
	char id[48], name[32], letter = vector_value(vector, m->abbr);

	snprintf(name, sizeof(name), "%s_%s", ver, m->abbr);
	snprintf(id, sizeof(id), "cvss-%s", name);
	H(b, "<p class=\"field\"><label for=\"");
	h_attr(b, id);
	H(b, "\">");
	h_text(b, m->name);
	H(b, " (");
	h_text(b, m->abbr);
	H(b, ")</label> <select id=\"");
	h_attr(b, id);
	H(b, "\" name=\"");
	h_attr(b, name);
	H(b, "\" data-metric=\"");
	h_attr(b, m->abbr);
	H(b, "\">");
	for (const char *p = m->values; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char v[2] = {p[0], '\0'};

		H(b, "<option value=\"");
		h_attr(b, v);
		H(b, "\"");
		if (letter == p[0])
			H(b, " selected");
		H(b, ">");
		h_textn(b, p + 2, len - 2);
		H(b, "</option>");
		p = comma ? comma + 1 : NULL;
	}
	H(b, "</select></p>");
}

void
issue_cvss_score(struct buf *b, const char *vector)
{
	struct cvss_result r;
	struct errdetail d = {0};
	char score[16];

	if (cvss_score(vector, &r, &d) < 0) {
		web_form_error(b, &d);
		return;
	}
	snprintf(score, sizeof(score), "%.1f", r.score);
	H(b, "<span class=\"score\">");
	h_text(b, score);
	H(b, "</span> <span class=\"badge sev-");
	h_attr(b, r.severity);
	H(b, "\">");
	h_text(b, r.severity);
	H(b, "</span> <span class=\"muted\">(CVSS ");
	h_text(b, cvss_version_str(r.version));
	H(b, ")</span> <code class=\"vector\">");
	h_text(b, r.vector);
	H(b, "</code>");
}

static void
fieldset(struct buf *b, const char *ver, const char *legend, const struct metric *m,
	size_t n, const char *vector)
{
	H(b, "<fieldset class=\"cvss-metrics\" data-version=\"");
	h_attr(b, ver);
	H(b, "\"><legend>");
	h_text(b, legend);
	H(b, "</legend>");
	for (size_t i = 0; i < n; i++)
		metric_select(b, ver, &m[i], vector);
	H(b, "</fieldset>");
}

void
issue_form_cvss(struct buf *b, struct http_req *req, const char *key, const char *current,
	const char *preview)
{
	const char *shown = preview ? preview : current;
	bool v4 = is_version(shown, "CVSS:4.0/");

	H(b, "<h3>CVSS vector</h3><form method=\"post\" class=\"cvss\" id=\"cvss-editor\" "
		"action=\"");
	h_url(b, "/issues/%s/cvss", key);
	H(b, "\">");
	web_csrf_field(b, req);
	H(b, "<fieldset class=\"choice\"><legend>Version</legend><label><input type=\"radio\" "
		"name=\"version\" value=\"3.1\"");
	if (!v4)
		H(b, " checked");
	H(b, "> CVSS 3.1</label> <label><input type=\"radio\" name=\"version\" value=\"4.0\"");
	if (v4)
		H(b, " checked");
	H(b, "> CVSS 4.0</label></fieldset><div class=\"cvss-grid\">");
	fieldset(b, "v31", "CVSS 3.1 base metrics", v31, NV31, is_version(shown, "CVSS:3.1/") ?
		shown : NULL);
	fieldset(b, "v40", "CVSS 4.0 base metrics", v40, NV40, v4 ? shown : NULL);
	H(b, "</div><p class=\"field\"><label for=\"cvss-vector\">Or paste a whole vector</label> "
		"<input id=\"cvss-vector\" name=\"vector\" type=\"text\" size=\"60\" maxlength=\"");
	h_int(b, LIM_CVSS_MAX);
	H(b, "\"></p><p class=\"cvss-result\" aria-live=\"polite\"><output id=\"cvss-live\" "
		"for=\"cvss-editor\">");
	if (preview)
		issue_cvss_score(b, preview);
	else if (current)
		issue_cvss_score(b, current);
	H(b, "</output></p><button type=\"submit\" name=\"do\" value=\"preview\" "
		"class=\"secondary\">Show the score</button> <button type=\"submit\" name=\"do\" "
		"value=\"save\">Save the vector</button></form>");
	web_script(b, "cvss.js");
}

/* Append "/ABBR:V" for each metric of table from the form; the value must
 * be one of the table's letters. */
static int
from_selects(struct http_req *req, const char *ver, const struct metric *m, size_t n,
	struct buf *out, struct errdetail *d)
{
	for (size_t i = 0; i < n; i++) {
		char name[32];
		const char *v;
		bool ok;

		snprintf(name, sizeof(name), "%s_%s", ver, m[i].abbr);
		v = web_form(req, name);
		/* the letter must start one of the table's "L:Name" entries */
		ok = v && strlen(v) == 1 && m[i].values[0] == v[0] && m[i].values[1] == ':';
		for (const char *p = strchr(m[i].values, ','); v && !ok && p; p = strchr(p + 1, ','))
			ok = strlen(v) == 1 && p[1] == v[0] && p[2] == ':';
		if (!ok)
			return err_setf(d, ERR_INVAL, "cvss", "choose a value for %s", m[i].name);
		buf_addf(out, "/%s:%c", m[i].abbr, v[0]);
	}
	return buf_err(out) ? err_set(d, ERR_INVAL, "cvss", "is too long") : 0;
}

int
issue_cvss_from_form(struct http_req *req, struct buf *out, struct errdetail *d)
{
	const char *pasted = issue_opt(req, "vector");
	const char *ver = web_form(req, "version");

	if (pasted) {
		if (strlen(pasted) > LIM_CVSS_MAX)
			return err_setf(d, ERR_INVAL, "cvss", "is longer than %d characters",
				LIM_CVSS_MAX);
		buf_adds(out, pasted);
		return buf_err(out) ? err_set(d, ERR_INVAL, "cvss", "is too long") : 0;
	}
	if (ver && strcmp(ver, "3.1") == 0) {
		buf_adds(out, "CVSS:3.1");
		return from_selects(req, "v31", v31, NV31, out, d);
	}
	if (ver && strcmp(ver, "4.0") == 0) {
		buf_adds(out, "CVSS:4.0");
		return from_selects(req, "v40", v40, NV40, out, d);
	}
	return err_set(d, ERR_INVAL, "version", "must be 3.1 or 4.0");
}
