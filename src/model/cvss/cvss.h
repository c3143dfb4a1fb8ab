/*
 * cvss.h — CVSS v3.0, v3.1 and v4.0 vector parsing and scoring. Pure C: no
 * I/O, no allocation, no mutable globals, so it may be called from any
 * thread. The vector is untrusted input (it arrives by mail, web form, API
 * and command line); it is checked against the specification's metric tables
 * before any work, and error details never contain its bytes. CVSS v2 is not
 * supported. See docs/internals/cvss.md.
 */
#ifndef VIGIL_MODEL_CVSS_H
#define VIGIL_MODEL_CVSS_H

#include <stdbool.h>

#include "core/err.h"
#include "core/limits.h"

enum cvss_version { CVSS_V30 = 30, CVSS_V31 = 31, CVSS_V40 = 40 };

struct cvss_result {
	enum cvss_version version;
	char vector[LIM_CVSS_MAX + 1]; /* canonical order, X values kept */

	/*
	 * The most specific score the vector holds: v4.0 its single score;
	 * v3.x the environmental score when an environmental metric is
	 * present and not X, else the temporal score when a temporal metric
	 * is present and not X, else the base score.
	 */
	double score;
	const char *severity;          /* "None".."Critical" for score */

	/* true when a temporal (v3) or threat (v4) metric is not X */
	bool has_temporal;
	/* true when an environmental metric (v3, v4) is not X */
	bool has_environmental;

	/*
	 * v3.x only (0.0 and NULL for v4.0): the three scores of the
	 * specification, always computed; a missing or X metric takes the
	 * value the specification gives X, so temporal == base when no
	 * temporal metric is set.
	 */
	double base_score;
	const char *base_severity;
	double temporal_score;
	const char *temporal_severity;
	double environmental_score;
	const char *environmental_severity;

	/*
	 * v4.0 only (NULL for v3.x): "CVSS-B", "CVSS-BT", "CVSS-BE" or
	 * "CVSS-BTE", naming the metric groups score was computed from.
	 */
	const char *nomenclature;
	/* v4.0 only: true when a supplemental metric is not X (no effect on score) */
	bool has_supplemental;
};

/*
 * Parse vector (a NUL-terminated string of at most LIM_CVSS_MAX bytes), put
 * its canonical form and scores in *ret. Metrics may come in any order; the
 * canonical form lists them in the specification's order. Returns 0, or
 * ERR_INVAL with d->field "cvss" and a reason naming the offending metric
 * (from the specification's table) or byte position (counted from 1); *ret
 * is written only on success. vector may be NULL (rejected); d may be NULL.
 * All strings in *ret are static.
 */
int cvss_score(const char *vector, struct cvss_result *ret, struct errdetail *d);

/*
 * Qualitative rating of a score: "None" (0.0), "Low" (0.1-3.9), "Medium"
 * (4.0-6.9), "High" (7.0-8.9), "Critical" (9.0-10.0). The score is first
 * rounded to one decimal; negative scores and NaN give "None", scores above
 * 10 give "Critical". Never NULL.
 */
const char *cvss_severity(double score);

/* "3.0", "3.1" or "4.0"; "?" for a value outside the enum. Never NULL. */
const char *cvss_version_str(enum cvss_version version);

#endif
