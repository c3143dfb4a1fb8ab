/*
 * export.h — the machine-readable advisories of a public issue, each in
 * its own file: CVE JSON 5.1 records (cve5.c), OSV (osv.c), CSAF 2.0
 * security advisories (csaf.c) and OpenVEX documents (openvex.c). Writers
 * see only a struct advisory from service/advisory.c — the public view of
 * a public issue, the releases and the publisher's settings — so they
 * cannot show anything else. Each returns a new JSON reference (the caller
 * json_decref()s it) or NULL when out of memory. Documents must validate
 * against the official schemas in ../shared/schemas (tests do that).
 */
#ifndef VIGIL_EXPORT_EXPORT_H
#define VIGIL_EXPORT_EXPORT_H

#include <jansson.h>

#include "core/buf.h"

#include "service/service.h"

enum export_format { EXP_CVE5, EXP_OSV, EXP_CSAF, EXP_OPENVEX, EXP__COUNT };

/* "cve", "osv", "csaf", "openvex": 0, or ERR_INVAL. */
int export_format_parse(const char *s, enum export_format *ret);
const char *export_format_name(enum export_format f);

/* One CVE record (state PUBLISHED) for the CVE id cve of a. */
json_t *export_cve5(const struct advisory *a, const char *cve);
/* A REJECTED record for a retired id, with its reason. cfg: the publisher's
 * settings (struct advisory's cfg). */
json_t *export_cve5_rejected(char *const cfg[ADVISORY_CFG__COUNT], const struct cve *c);
/* The OSV entry of a (id: export_osv_id(), aliases: its CVE ids). */
json_t *export_osv(const struct advisory *a);
/* The OSV id of a: PREFIX-KEY, with "x_" in front unless PREFIX is a
 * database the OSV schema knows (the schema's own rule for other ids). */
void export_osv_id(const struct advisory *a, char *out, size_t n);
/* The CSAF 2.0 csaf_security_advisory of a (CVSS v3.1 only: 2.0 has no v4). */
json_t *export_csaf(const struct advisory *a);
/* The OpenVEX document of a: one statement per release and CVE id. */
json_t *export_openvex(const struct advisory *a);

/*
 * The public counterpart (Markdown) of the issue view v, which must come
 * from svc_issue_counterpart(), appended to out. 0, or out's error.
 */
int export_counterpart(const struct issue_view *v, const char *key, struct buf *out);

/* The file name of a's document in format f (one per CVE id for cve5:
 * give the id), e.g. "CVE-2027-0001.json", "VIGIL-SEC-1.json". */
void export_file_name(const struct advisory *a, enum export_format f, const char *cve,
	char *out, size_t n);

#endif
