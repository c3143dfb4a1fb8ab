/*
 * fuzz_cvss.c — libFuzzer target for cvss_score(), which parses untrusted
 * vectors. Besides memory errors (found by the sanitizers) it checks what
 * must hold for every input: an accepted vector has a canonical form that
 * is accepted again, unchanged, with the same scores; scores lie in 0..10
 * with one decimal; a rejected vector leaves an error detail for field
 * "cvss". Any violation aborts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "model/cvss/cvss.h"

#include "core/banned.h"

static void
check_score(double score, const char *severity)
{
	if (!(score >= 0 && score <= 10))
		abort();
	if (fabs(score * 10 - round(score * 10)) > 1e-9)
		abort();
	if (severity == NULL || strcmp(severity, cvss_severity(score)) != 0)
		abort();
}

static void
check_result(const struct cvss_result *r)
{
	struct cvss_result again;
	struct errdetail d;

	check_score(r->score, r->severity);
	if (r->version == CVSS_V40) {
		if (r->nomenclature == NULL || r->base_severity != NULL)
			abort();
	} else {
		check_score(r->base_score, r->base_severity);
		check_score(r->temporal_score, r->temporal_severity);
		check_score(r->environmental_score, r->environmental_severity);
		if (r->nomenclature != NULL)
			abort();
	}
	if (strlen(r->vector) > LIM_CVSS_MAX)
		abort();
	if (cvss_score(r->vector, &again, &d) != 0)
		abort();
	if (strcmp(again.vector, r->vector) != 0 || again.score != r->score ||
	    again.base_score != r->base_score ||
	    again.temporal_score != r->temporal_score ||
	    again.environmental_score != r->environmental_score ||
	    again.version != r->version)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cvss_result r;
	struct errdetail d;
	char *s;
	int rc;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	memset(&d, 0, sizeof(d));
	rc = cvss_score(s, &r, &d);
	if (rc == 0)
		check_result(&r);
	else if (rc != ERR_INVAL || strcmp(d.field, "cvss") != 0 ||
	    d.reason[0] == '\0')
		abort();
	free(s);
	return 0;
}
