/*
 * release_report.h — the release report (SPEC §8) written as Markdown,
 * reStructuredText or JSON from the struct release_report of
 * service/release_report.c: full entries for public issues, and for
 * embargoed ones only their CVE ids and "Under embargo until YYYY-MM-DD".
 * The writers see nothing else, so they cannot show anything else.
 */
#ifndef VIGIL_EXPORT_RELEASE_REPORT_H
#define VIGIL_EXPORT_RELEASE_REPORT_H

#include <jansson.h>

#include "core/buf.h"
#include "service/service.h"

enum rr_format { RR_MD, RR_RST, RR_JSON };

/* "md", "rst", "json": 0, or ERR_INVAL. */
int rr_format_parse(const char *s, enum rr_format *ret);

/* {"release": NAME, "entries": [{cves, key, title, severity, score,
 * fixed_in, published} | {cves, embargo_until}]}; NULL when out of memory. */
json_t *rr_json(const struct release_report *r);

/* The report as Markdown (RR_MD) or reStructuredText (RR_RST) into out;
 * check buf_err(out) afterwards. */
void rr_text(const struct release_report *r, enum rr_format f, struct buf *out);
/* The report as one self-contained HTML5 document into out; check
 * buf_err(out) afterwards. */
void rr_html(const struct release_report *r, struct buf *out);

#endif
