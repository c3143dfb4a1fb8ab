/*
 * format.c — the names of the advisory formats and of their files; the
 * writers themselves are one file per format (cve5.c, osv.c, csaf.c,
 * openvex.c).
 */
#include "export/export.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/banned.h"

static const char *const names[EXP__COUNT] = {"cve", "osv", "csaf", "openvex"};

int
export_format_parse(const char *s, enum export_format *ret)
{
	for (int i = 0; s && i < EXP__COUNT; i++) {
		if (strcmp(s, names[i]) == 0) {
			*ret = (enum export_format)i;
			return 0;
		}
	}
	return ERR_INVAL;
}

const char *
export_format_name(enum export_format f)
{
	return f < EXP__COUNT ? names[f] : "?";
}

void
export_file_name(const struct advisory *a, enum export_format f, const char *cve,
	char *out, size_t n)
{
	switch (f) {
	case EXP_CVE5:
		snprintf(out, n, "%s.json", cve ? cve : a->key);
		break;
	case EXP_OSV: {
		char id[128];

		export_osv_id(a, id, sizeof(id));
		snprintf(out, n, "%s.json", id);
		break;
	}
	case EXP_CSAF:
		/* CSAF 2.0 §5.1: the lower-cased tracking id */
		snprintf(out, n, "%s.json", a->key);
		for (char *p = out; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		break;
	default:
		snprintf(out, n, "%s.openvex.json", a->key);
		break;
	}
}
