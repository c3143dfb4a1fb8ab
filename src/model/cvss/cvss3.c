/*
 * cvss3.c — the CVSS v3.0 and v3.1 metric table and the base, temporal and
 * environmental equations of both specifications (v3.0 §7, v3.1 §7 and
 * Appendix A). Works only on an already checked struct cvss_vec, never on
 * input bytes. The arithmetic follows the order of operations of FIRST's
 * reference calculators (cvsscalc30.js, cvsscalc31.js) so that binary
 * floating point gives the same results; this file must be compiled
 * without floating-point contraction (see meson.build).
 */
#include <math.h>

#include "model/cvss/cvss_impl.h"

#include "core/banned.h"

/* Metric indexes, in the canonical order of the v3.x table (spec §6). */
enum {
	MT_AV, MT_AC, MT_PR, MT_UI, MT_S, MT_C, MT_I, MT_A,
	MT_E, MT_RL, MT_RC,
	MT_CR, MT_IR, MT_AR, MT_MAV, MT_MAC, MT_MPR, MT_MUI, MT_MS, MT_MC, MT_MI, MT_MA,
	MT_COUNT
};

/*
 * Value lists. A modified metric lists X and then exactly the values of its
 * base metric in the same order, so value k of MAV is value k-1 of AV.
 */
static const char *const v_av[] = { "N", "A", "L", "P", NULL };
static const char *const v_ac[] = { "L", "H", NULL };
static const char *const v_pr[] = { "N", "L", "H", NULL };
static const char *const v_ui[] = { "N", "R", NULL };
static const char *const v_s[] = { "U", "C", NULL };
static const char *const v_cia[] = { "N", "L", "H", NULL };
static const char *const v_e[] = { "X", "H", "F", "P", "U", NULL };
static const char *const v_rl[] = { "X", "U", "W", "T", "O", NULL };
static const char *const v_rc[] = { "X", "C", "R", "U", NULL };
static const char *const v_req[] = { "X", "H", "M", "L", NULL };
static const char *const v_mav[] = { "X", "N", "A", "L", "P", NULL };
static const char *const v_mac[] = { "X", "L", "H", NULL };
static const char *const v_mpr[] = { "X", "N", "L", "H", NULL };
static const char *const v_mui[] = { "X", "N", "R", NULL };
static const char *const v_ms[] = { "X", "U", "C", NULL };
static const char *const v_mcia[] = { "X", "N", "L", "H", NULL };

const struct cvss_metric cvss3_metrics[] = {
	[MT_AV] = { "AV", CVSS_GROUP_BASE, v_av },
	[MT_AC] = { "AC", CVSS_GROUP_BASE, v_ac },
	[MT_PR] = { "PR", CVSS_GROUP_BASE, v_pr },
	[MT_UI] = { "UI", CVSS_GROUP_BASE, v_ui },
	[MT_S] = { "S", CVSS_GROUP_BASE, v_s },
	[MT_C] = { "C", CVSS_GROUP_BASE, v_cia },
	[MT_I] = { "I", CVSS_GROUP_BASE, v_cia },
	[MT_A] = { "A", CVSS_GROUP_BASE, v_cia },
	[MT_E] = { "E", CVSS_GROUP_TEMPORAL, v_e },
	[MT_RL] = { "RL", CVSS_GROUP_TEMPORAL, v_rl },
	[MT_RC] = { "RC", CVSS_GROUP_TEMPORAL, v_rc },
	[MT_CR] = { "CR", CVSS_GROUP_ENV, v_req },
	[MT_IR] = { "IR", CVSS_GROUP_ENV, v_req },
	[MT_AR] = { "AR", CVSS_GROUP_ENV, v_req },
	[MT_MAV] = { "MAV", CVSS_GROUP_ENV, v_mav },
	[MT_MAC] = { "MAC", CVSS_GROUP_ENV, v_mac },
	[MT_MPR] = { "MPR", CVSS_GROUP_ENV, v_mpr },
	[MT_MUI] = { "MUI", CVSS_GROUP_ENV, v_mui },
	[MT_MS] = { "MS", CVSS_GROUP_ENV, v_ms },
	[MT_MC] = { "MC", CVSS_GROUP_ENV, v_mcia },
	[MT_MI] = { "MI", CVSS_GROUP_ENV, v_mcia },
	[MT_MA] = { "MA", CVSS_GROUP_ENV, v_mcia },
};
const size_t cvss3_nmetrics = MT_COUNT;

/* Weights (spec §7.4), indexed like the value lists above. */
static const double w_av[] = { 0.85, 0.62, 0.55, 0.2 };
static const double w_ac[] = { 0.77, 0.44 };
static const double w_pr_unchanged[] = { 0.85, 0.62, 0.27 };
static const double w_pr_changed[] = { 0.85, 0.68, 0.5 };
static const double w_ui[] = { 0.85, 0.62 };
static const double w_cia[] = { 0, 0.22, 0.56 };
static const double w_e[] = { 1, 1, 0.97, 0.94, 0.91 };
static const double w_rl[] = { 1, 1, 0.97, 0.96, 0.95 };
static const double w_rc[] = { 1, 1, 0.96, 0.92 };
static const double w_req[] = { 1, 1.5, 1, 0.5 };

#define SCOPE_CHANGED 1         /* index of "C" in v_s */

double
cvss30_roundup(double x)
{
	double t = x * 10.0, r = round(t);

	/*
	 * v3.0 defines Roundup on exact decimals; the Red Hat reference
	 * computes in decimal arithmetic. A product of the specification's
	 * weights that is exactly one decimal must not become the next one
	 * because binary floating point left it a hair above.
	 */
	if (fabs(t - r) < 1e-6)
		return r / 10.0;
	return ceil(t) / 10.0;
}

double
cvss31_roundup(double x)
{
	long long i = llround(x * 100000.0);

	if (i % 10000 == 0)
		return (double)i / 100000.0;
	return (double)(i / 10000 + 1) / 10.0;
}

/* Value index of a base metric, or of its modified metric when that is set. */
static int
effective(const struct cvss_vec *v, int base, int modified)
{
	if (v->val[modified] > 0)
		return v->val[modified] - 1;
	return v->val[base];
}

/* Value index of an optional metric, 0 (X) when absent. */
static int
optional(const struct cvss_vec *v, int m)
{
	return v->val[m] > 0 ? v->val[m] : 0;
}

/* x times the temporal weights, multiplied in the reference calculators' order */
static double
temporal_mul(const struct cvss_vec *v, double x)
{
	return x * w_e[optional(v, MT_E)] * w_rl[optional(v, MT_RL)] *
	    w_rc[optional(v, MT_RC)];
}

static double
base_score(const struct cvss_vec *v, double (*roundup)(double))
{
	const double *w_pr;
	double iss, impact, expl;
	int changed = v->val[MT_S] == SCOPE_CHANGED;

	w_pr = changed ? w_pr_changed : w_pr_unchanged;
	iss = 1 - ((1 - w_cia[v->val[MT_C]]) * (1 - w_cia[v->val[MT_I]]) *
	    (1 - w_cia[v->val[MT_A]]));
	if (changed)
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	else
		impact = 6.42 * iss;
	expl = 8.22 * w_av[v->val[MT_AV]] * w_ac[v->val[MT_AC]] *
	    w_pr[v->val[MT_PR]] * w_ui[v->val[MT_UI]];
	if (impact <= 0)
		return 0;
	if (changed)
		return roundup(fmin((expl + impact) * 1.08, 10));
	return roundup(fmin(expl + impact, 10));
}

static double
env_score(const struct cvss_vec *v, double (*roundup)(double))
{
	const double *w_pr;
	double miss, impact, expl;
	int changed = effective(v, MT_S, MT_MS) == SCOPE_CHANGED;

	w_pr = changed ? w_pr_changed : w_pr_unchanged;
	miss = fmin(1 - (
	    (1 - w_req[optional(v, MT_CR)] * w_cia[effective(v, MT_C, MT_MC)]) *
	    (1 - w_req[optional(v, MT_IR)] * w_cia[effective(v, MT_I, MT_MI)]) *
	    (1 - w_req[optional(v, MT_AR)] * w_cia[effective(v, MT_A, MT_MA)])),
	    0.915);
	if (!changed)
		impact = 6.42 * miss;
	else if (v->version == CVSS_V30)
		impact = 7.52 * (miss - 0.029) - 3.25 * pow(miss - 0.02, 15);
	else
		impact = 7.52 * (miss - 0.029) -
		    3.25 * pow(miss * 0.9731 - 0.02, 13);
	expl = 8.22 * w_av[effective(v, MT_AV, MT_MAV)] *
	    w_ac[effective(v, MT_AC, MT_MAC)] *
	    w_pr[effective(v, MT_PR, MT_MPR)] *
	    w_ui[effective(v, MT_UI, MT_MUI)];
	if (impact <= 0)
		return 0;
	if (changed)
		return roundup(temporal_mul(v,
		    roundup(fmin(1.08 * (impact + expl), 10))));
	return roundup(temporal_mul(v, roundup(fmin(impact + expl, 10))));
}

void
cvss3_compute(const struct cvss_vec *v, struct cvss_result *ret)
{
	double (*roundup)(double);
	double base;
	size_t i;

	roundup = v->version == CVSS_V30 ? cvss30_roundup : cvss31_roundup;
	base = base_score(v, roundup);
	ret->base_score = base;
	ret->temporal_score = roundup(temporal_mul(v, base));
	ret->environmental_score = env_score(v, roundup);
	ret->base_severity = cvss_severity(ret->base_score);
	ret->temporal_severity = cvss_severity(ret->temporal_score);
	ret->environmental_severity = cvss_severity(ret->environmental_score);

	for (i = 0; i < v->nmetrics; i++) {
		if (!cvss_vec_set(v, i))
			continue;
		if (v->table[i].group == CVSS_GROUP_TEMPORAL)
			ret->has_temporal = true;
		else if (v->table[i].group == CVSS_GROUP_ENV)
			ret->has_environmental = true;
	}
	if (ret->has_environmental)
		ret->score = ret->environmental_score;
	else if (ret->has_temporal)
		ret->score = ret->temporal_score;
	else
		ret->score = base;
}
