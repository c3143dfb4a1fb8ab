/*
 * status.h — the renderings of the status report (SPEC §8): JSON (the
 * shape of docs/json.md, the same for `vigil report status --format json`
 * and GET /api/v1/reports/status), plain text, and a self-contained HTML
 * page with inline SVG charts drawn here (status_html.c). They see only
 * the struct status_report of service/status.c, which holds nothing the
 * caller may not see.
 */
#ifndef VIGIL_EXPORT_STATUS_H
#define VIGIL_EXPORT_STATUS_H

#include <jansson.h>

#include "core/buf.h"
#include "service/service.h"

/* A new JSON object (the caller json_decref()s it), or NULL when out of memory. */
json_t *status_json(const struct status_report *r);
/* Append the text rendering to out; 0 or out's sticky error. */
int status_text(const struct status_report *r, struct buf *out);
/* Append the HTML page to out; 0 or out's sticky error. */
int status_html(const struct status_report *r, struct buf *out);

/* The label of histogram bucket b, e.g. "8-14" or "181+". */
void status_bucket_label(int b, char *out, size_t n);

#endif
