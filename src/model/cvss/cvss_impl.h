/*
 * cvss_impl.h — what the files of src/model/cvss/ share and nobody else
 * includes (the unit tests do, to reach the rounding functions): the metric
 * tables of each version and the parsed form of a vector. A parsed vector
 * holds only indexes into the tables, never bytes of the input.
 */
#ifndef VIGIL_MODEL_CVSS_IMPL_H
#define VIGIL_MODEL_CVSS_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "model/cvss/cvss.h"

enum cvss_group {
	CVSS_GROUP_BASE,        /* mandatory */
	CVSS_GROUP_TEMPORAL,    /* v3 temporal, v4 threat */
	CVSS_GROUP_ENV,         /* environmental */
	CVSS_GROUP_SUPP,        /* v4 supplemental */
};

/*
 * One metric of a specification's table. values lists the defined values,
 * NULL-terminated; for every optional metric values[0] is "X" (Not
 * Defined). The tables list metrics in the specification's canonical order.
 */
struct cvss_metric {
	const char *name;
	enum cvss_group group;
	const char *const *values;
};

#define CVSS_METRICS_MAX 32     /* v4.0 has 32 metrics, v3.x 22 */
#define CVSS_ABSENT (-1)

/* A parsed vector: for each metric of table, the index of its value or CVSS_ABSENT. */
struct cvss_vec {
	enum cvss_version version;
	const struct cvss_metric *table;
	size_t nmetrics;
	signed char val[CVSS_METRICS_MAX];
};

/* The tables, in canonical order (cvss3.c, cvss4.c). */
extern const struct cvss_metric cvss3_metrics[];
extern const size_t cvss3_nmetrics;
extern const struct cvss_metric cvss4_metrics[];
extern const size_t cvss4_nmetrics;

/* true when metric i is present with a value other than X. */
bool cvss_vec_set(const struct cvss_vec *v, size_t i);

/* Score a parsed v3.0/v3.1 vector into ret (all score fields). */
void cvss3_compute(const struct cvss_vec *v, struct cvss_result *ret);
/* Score a parsed v4.0 vector into ret (score, nomenclature, flags). */
void cvss4_compute(const struct cvss_vec *v, struct cvss_result *ret);

/* CVSS v3.0 Roundup (spec v3.0 §7.4): smallest one-decimal number >= x. */
double cvss30_roundup(double x);
/* CVSS v3.1 Roundup (spec v3.1 Appendix A): the same on integers. */
double cvss31_roundup(double x);
/* The fixed v4.0 reference calculator's rounding: round(x + 1e-6) to one decimal. */
double cvss40_round(double x);

/*
 * The v4.0 macrovector score for eq1..eq6, or a negative value when that
 * macrovector does not exist (out of range, or EQ3=2 with EQ6=0).
 */
double cvss4_macro_score(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6);

#endif
