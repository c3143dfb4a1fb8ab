/*
 * cvss4.c — the CVSS v4.0 metric table and score (specification §8, "CVSS
 * v4.0 Scoring"): the vector's macrovector (equivalence classes EQ1..EQ6)
 * gives a score from the table in cvss4_table.c, which is lowered by the
 * vector's severity distance from the highest-severity vectors of its
 * macrovector, interpolated towards the next lower macrovectors. Works only
 * on an already checked struct cvss_vec, never on input bytes. The
 * arithmetic repeats the fixed reference calculator cvss40.js step for step
 * (same constants, same order of operations, rounding with +1e-6) so that
 * binary floating point gives the same one-decimal results; this file must
 * be compiled without floating-point contraction (see meson.build).
 */
#include <math.h>
#include <string.h>

#include "model/cvss/cvss_impl.h"

#include "core/banned.h"

/* Metric indexes, in the canonical order of the v4.0 table (spec §7). */
enum {
	MT_AV, MT_AC, MT_AT, MT_PR, MT_UI, MT_VC, MT_VI, MT_VA, MT_SC, MT_SI, MT_SA,
	MT_E,
	MT_CR, MT_IR, MT_AR,
	MT_MAV, MT_MAC, MT_MAT, MT_MPR, MT_MUI, MT_MVC, MT_MVI, MT_MVA, MT_MSC,
	MT_MSI, MT_MSA,
	MT_S, MT_AU, MT_R, MT_V, MT_RE, MT_U,
	MT_COUNT
};

static const char *const v_av[] = { "N", "A", "L", "P", NULL };
static const char *const v_ac[] = { "L", "H", NULL };
static const char *const v_at[] = { "N", "P", NULL };
static const char *const v_pr[] = { "N", "L", "H", NULL };
static const char *const v_ui[] = { "N", "P", "A", NULL };
static const char *const v_cia[] = { "H", "L", "N", NULL };
static const char *const v_e[] = { "X", "A", "P", "U", NULL };
static const char *const v_req[] = { "X", "H", "M", "L", NULL };
static const char *const v_mav[] = { "X", "N", "A", "L", "P", NULL };
static const char *const v_mac[] = { "X", "L", "H", NULL };
static const char *const v_mat[] = { "X", "N", "P", NULL };
static const char *const v_mpr[] = { "X", "N", "L", "H", NULL };
static const char *const v_mui[] = { "X", "N", "P", "A", NULL };
static const char *const v_mcia[] = { "X", "H", "L", "N", NULL };
static const char *const v_msia[] = { "X", "S", "H", "L", "N", NULL };
static const char *const v_s[] = { "X", "N", "P", NULL };
static const char *const v_au[] = { "X", "N", "Y", NULL };
static const char *const v_r[] = { "X", "A", "U", "I", NULL };
static const char *const v_v[] = { "X", "D", "C", NULL };
static const char *const v_re[] = { "X", "L", "M", "H", NULL };
static const char *const v_u[] = { "X", "Clear", "Green", "Amber", "Red", NULL };

const struct cvss_metric cvss4_metrics[] = {
	[MT_AV] = { "AV", CVSS_GROUP_BASE, v_av },
	[MT_AC] = { "AC", CVSS_GROUP_BASE, v_ac },
	[MT_AT] = { "AT", CVSS_GROUP_BASE, v_at },
	[MT_PR] = { "PR", CVSS_GROUP_BASE, v_pr },
	[MT_UI] = { "UI", CVSS_GROUP_BASE, v_ui },
	[MT_VC] = { "VC", CVSS_GROUP_BASE, v_cia },
	[MT_VI] = { "VI", CVSS_GROUP_BASE, v_cia },
	[MT_VA] = { "VA", CVSS_GROUP_BASE, v_cia },
	[MT_SC] = { "SC", CVSS_GROUP_BASE, v_cia },
	[MT_SI] = { "SI", CVSS_GROUP_BASE, v_cia },
	[MT_SA] = { "SA", CVSS_GROUP_BASE, v_cia },
	[MT_E] = { "E", CVSS_GROUP_TEMPORAL, v_e },
	[MT_CR] = { "CR", CVSS_GROUP_ENV, v_req },
	[MT_IR] = { "IR", CVSS_GROUP_ENV, v_req },
	[MT_AR] = { "AR", CVSS_GROUP_ENV, v_req },
	[MT_MAV] = { "MAV", CVSS_GROUP_ENV, v_mav },
	[MT_MAC] = { "MAC", CVSS_GROUP_ENV, v_mac },
	[MT_MAT] = { "MAT", CVSS_GROUP_ENV, v_mat },
	[MT_MPR] = { "MPR", CVSS_GROUP_ENV, v_mpr },
	[MT_MUI] = { "MUI", CVSS_GROUP_ENV, v_mui },
	[MT_MVC] = { "MVC", CVSS_GROUP_ENV, v_mcia },
	[MT_MVI] = { "MVI", CVSS_GROUP_ENV, v_mcia },
	[MT_MVA] = { "MVA", CVSS_GROUP_ENV, v_mcia },
	[MT_MSC] = { "MSC", CVSS_GROUP_ENV, v_mcia },
	[MT_MSI] = { "MSI", CVSS_GROUP_ENV, v_msia },
	[MT_MSA] = { "MSA", CVSS_GROUP_ENV, v_msia },
	[MT_S] = { "S", CVSS_GROUP_SUPP, v_s },
	[MT_AU] = { "AU", CVSS_GROUP_SUPP, v_au },
	[MT_R] = { "R", CVSS_GROUP_SUPP, v_r },
	[MT_V] = { "V", CVSS_GROUP_SUPP, v_v },
	[MT_RE] = { "RE", CVSS_GROUP_SUPP, v_re },
	[MT_U] = { "U", CVSS_GROUP_SUPP, v_u },
};
const size_t cvss4_nmetrics = MT_COUNT;

/*
 * The metrics that take part in scoring, in the order of the reference
 * calculator's METRIC_LEVELS (the order in which severity distances are
 * checked does not matter; the sums below name them explicitly).
 */
enum { L_AV, L_PR, L_UI, L_AC, L_AT, L_VC, L_VI, L_VA, L_SC, L_SI, L_SA,
	L_CR, L_IR, L_AR, L_E, L_COUNT };

/* The first letter of each value of a metric (all scoring values are one letter). */
static char
letter(const struct cvss_vec *v, int m)
{
	return v->table[m].values[(int)v->val[m]][0];
}

/*
 * Effective values (reference calculator getEffectiveMetricValue): E, CR,
 * IR, AR absent or X count as their worst case (A, H, H, H); a base metric
 * is replaced by its modified metric when that is set.
 */
static void
effective_values(const struct cvss_vec *v, char eff[L_COUNT])
{
	static const struct { int lvl, base, mod; } map[] = {
		{ L_AV, MT_AV, MT_MAV }, { L_PR, MT_PR, MT_MPR },
		{ L_UI, MT_UI, MT_MUI }, { L_AC, MT_AC, MT_MAC },
		{ L_AT, MT_AT, MT_MAT }, { L_VC, MT_VC, MT_MVC },
		{ L_VI, MT_VI, MT_MVI }, { L_VA, MT_VA, MT_MVA },
		{ L_SC, MT_SC, MT_MSC }, { L_SI, MT_SI, MT_MSI },
		{ L_SA, MT_SA, MT_MSA },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		eff[map[i].lvl] = v->val[map[i].mod] > 0 ?
		    letter(v, map[i].mod) : letter(v, map[i].base);
	eff[L_CR] = v->val[MT_CR] > 0 ? letter(v, MT_CR) : 'H';
	eff[L_IR] = v->val[MT_IR] > 0 ? letter(v, MT_IR) : 'H';
	eff[L_AR] = v->val[MT_AR] > 0 ? letter(v, MT_AR) : 'H';
	eff[L_E] = v->val[MT_E] > 0 ? letter(v, MT_E) : 'A';
}

/* Severity level of a value (reference calculator METRIC_LEVELS). */
static double
level(int l, char c)
{
	switch (l) {
	case L_AV:
		return c == 'N' ? 0.0 : c == 'A' ? 0.1 : c == 'L' ? 0.2 : 0.3;
	case L_PR:
	case L_UI:
		return c == 'N' ? 0.0 : (c == 'L' || c == 'P') ? 0.1 : 0.2;
	case L_AC:
		return c == 'L' ? 0.0 : 0.1;
	case L_AT:
		return c == 'N' ? 0.0 : 0.1;
	case L_VC:
	case L_VI:
	case L_VA:
		return c == 'H' ? 0.0 : c == 'L' ? 0.1 : 0.2;
	case L_SC:
	case L_SI:
	case L_SA:
		return c == 'S' ? 0.0 : c == 'H' ? 0.1 : c == 'L' ? 0.2 : 0.3;
	case L_CR:
	case L_IR:
	case L_AR:
		return c == 'H' ? 0.0 : c == 'M' ? 0.1 : 0.2;
	default: /* L_E */
		return c == 'A' ? 0.0 : c == 'P' ? 0.1 : 0.2;
	}
}

/* The six equivalence classes (spec §8, Tables 24-29). */
static void
equivalence_classes(const char e[L_COUNT], int eq[6])
{
	if (e[L_AV] == 'N' && e[L_PR] == 'N' && e[L_UI] == 'N')
		eq[0] = 0;
	else if ((e[L_AV] == 'N' || e[L_PR] == 'N' || e[L_UI] == 'N') &&
	    e[L_AV] != 'P')
		eq[0] = 1;
	else
		eq[0] = 2;
	eq[1] = (e[L_AC] == 'L' && e[L_AT] == 'N') ? 0 : 1;
	if (e[L_VC] == 'H' && e[L_VI] == 'H')
		eq[2] = 0;
	else if (e[L_VC] == 'H' || e[L_VI] == 'H' || e[L_VA] == 'H')
		eq[2] = 1;
	else
		eq[2] = 2;
	if (e[L_SI] == 'S' || e[L_SA] == 'S')
		eq[3] = 0;
	else if (e[L_SC] == 'H' || e[L_SI] == 'H' || e[L_SA] == 'H')
		eq[3] = 1;
	else
		eq[3] = 2;
	eq[4] = e[L_E] == 'A' ? 0 : e[L_E] == 'P' ? 1 : 2;
	eq[5] = ((e[L_CR] == 'H' && e[L_VC] == 'H') ||
	    (e[L_IR] == 'H' && e[L_VI] == 'H') ||
	    (e[L_AR] == 'H' && e[L_VA] == 'H')) ? 0 : 1;
}

/*
 * The highest-severity vectors of each macrovector (reference calculator
 * MAX_COMPOSED), as value letters: EQ1 AV PR UI; EQ2 AC AT; EQ3 with EQ6
 * VC VI VA CR IR AR; EQ4 SC SI SA; EQ5 E. NULL ends each list.
 */
static const char *const max_eq1[3][4] = {
	{ "NNN", NULL },
	{ "ANN", "NLN", "NNP", NULL },
	{ "PNN", "ALP", NULL },
};
static const char *const max_eq2[2][3] = {
	{ "LN", NULL },
	{ "HN", "LP", NULL },
};
static const char *const max_eq3eq6[3][2][6] = {
	{ { "HHHHHH", NULL }, { "HHLMMH", "HHHMMM", NULL } },
	{ { "LHHHHH", "HLHHHH", NULL },
	  { "LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM", NULL } },
	{ { NULL }, { "LLLHHH", NULL } },
};
static const char *const max_eq4[3] = { "HSS", "HHH", "LLL" };
static const char *const max_eq5[3] = { "A", "P", "U" };

/* Depth of each macrovector, in steps of 0.1 (reference MAX_SEVERITY). */
static const int depth_eq1[3] = { 1, 4, 5 };
static const int depth_eq2[2] = { 1, 2 };
static const int depth_eq3eq6[3][2] = { { 7, 6 }, { 8, 8 }, { 0, 10 } };
static const int depth_eq4[3] = { 6, 5, 4 };

/*
 * Severity distances of eff from the first highest-severity vector of the
 * macrovector that eff does not exceed in any metric (the reference
 * calculator keeps the last candidate when none fits; so do we).
 */
static void
severity_distances(const char eff[L_COUNT], const int eq[6], double dist[L_COUNT])
{
	char max[L_COUNT];
	const char *const *p1, *const *p2, *const *p3;
	int l, ok;

	memset(dist, 0, sizeof(double) * L_COUNT);
	for (p1 = max_eq1[eq[0]]; *p1; p1++)
	for (p2 = max_eq2[eq[1]]; *p2; p2++)
	for (p3 = max_eq3eq6[eq[2]][eq[5]]; *p3; p3++) {
		max[L_AV] = (*p1)[0];
		max[L_PR] = (*p1)[1];
		max[L_UI] = (*p1)[2];
		max[L_AC] = (*p2)[0];
		max[L_AT] = (*p2)[1];
		max[L_VC] = (*p3)[0];
		max[L_VI] = (*p3)[1];
		max[L_VA] = (*p3)[2];
		max[L_CR] = (*p3)[3];
		max[L_IR] = (*p3)[4];
		max[L_AR] = (*p3)[5];
		max[L_SC] = max_eq4[eq[3]][0];
		max[L_SI] = max_eq4[eq[3]][1];
		max[L_SA] = max_eq4[eq[3]][2];
		max[L_E] = max_eq5[eq[4]][0];
		ok = 1;
		for (l = 0; l < L_COUNT; l++) {
			dist[l] = level(l, eff[l]) - level(l, max[l]);
			if (dist[l] < 0)
				ok = 0;
		}
		if (ok)
			return;
	}
}

double
cvss40_round(double x)
{
	return round((x + 1e-6) * 10) / 10;
}

/* Score of the next lower macrovector for EQ3 and EQ6 together, or < 0. */
static double
lower_eq3eq6(const int q[6])
{
	double left, right;

	if (q[2] == 0 && q[5] == 0) {
		left = cvss4_macro_score(q[0], q[1], q[2], q[3], q[4], q[5] + 1);
		right = cvss4_macro_score(q[0], q[1], q[2] + 1, q[3], q[4], q[5]);
		return fmax(left, right);
	}
	if (q[2] == 1 && q[5] == 0)
		return cvss4_macro_score(q[0], q[1], q[2], q[3], q[4], q[5] + 1);
	if (q[2] == 2)  /* 21 -> 32, which does not exist */
		return cvss4_macro_score(q[0], q[1], q[2] + 1, q[3], q[4], q[5] + 1);
	return cvss4_macro_score(q[0], q[1], q[2] + 1, q[3], q[4], q[5]);
}

/*
 * Add the proportional distance for one EQ: the maximal scoring difference
 * to the next lower macrovector (when it exists) times the share of the
 * macrovector's depth that dist covers.
 */
static void
add_part(double value, double lower, double dist, int depth, double *sum,
    int *n)
{
	if (lower < 0)
		return;
	(*n)++;
	*sum += (value - lower) * (dist / (depth * 0.1));
}

static double
score(const char eff[L_COUNT])
{
	double dist[L_COUNT], value, sum;
	int q[6], n;

	if (eff[L_VC] == 'N' && eff[L_VI] == 'N' && eff[L_VA] == 'N' &&
	    eff[L_SC] == 'N' && eff[L_SI] == 'N' && eff[L_SA] == 'N')
		return 0.0;
	equivalence_classes(eff, q);
	value = cvss4_macro_score(q[0], q[1], q[2], q[3], q[4], q[5]);
	severity_distances(eff, q, dist);

	sum = 0;
	n = 0;
	add_part(value, cvss4_macro_score(q[0] + 1, q[1], q[2], q[3], q[4], q[5]),
	    dist[L_AV] + dist[L_PR] + dist[L_UI], depth_eq1[q[0]], &sum, &n);
	add_part(value, cvss4_macro_score(q[0], q[1] + 1, q[2], q[3], q[4], q[5]),
	    dist[L_AC] + dist[L_AT], depth_eq2[q[1]], &sum, &n);
	add_part(value, lower_eq3eq6(q),
	    dist[L_VC] + dist[L_VI] + dist[L_VA] + dist[L_CR] + dist[L_IR] +
	    dist[L_AR], depth_eq3eq6[q[2]][q[5]], &sum, &n);
	add_part(value, cvss4_macro_score(q[0], q[1], q[2], q[3] + 1, q[4], q[5]),
	    dist[L_SC] + dist[L_SI] + dist[L_SA], depth_eq4[q[3]], &sum, &n);
	/* EQ5 counts in the mean but always with a proportion of 0 */
	if (cvss4_macro_score(q[0], q[1], q[2], q[3], q[4] + 1, q[5]) >= 0) {
		n++;
		sum += (value - cvss4_macro_score(q[0], q[1], q[2], q[3],
		    q[4] + 1, q[5])) * 0;
	}
	if (n > 0)
		value -= sum / n;
	return cvss40_round(fmax(0, fmin(10, value)));
}

void
cvss4_compute(const struct cvss_vec *v, struct cvss_result *ret)
{
	char eff[L_COUNT];
	size_t i;

	effective_values(v, eff);
	ret->score = score(eff);
	for (i = 0; i < v->nmetrics; i++) {
		if (!cvss_vec_set(v, i))
			continue;
		if (v->table[i].group == CVSS_GROUP_TEMPORAL)
			ret->has_temporal = true;
		else if (v->table[i].group == CVSS_GROUP_ENV)
			ret->has_environmental = true;
		else if (v->table[i].group == CVSS_GROUP_SUPP)
			ret->has_supplemental = true;
	}
	if (ret->has_temporal && ret->has_environmental)
		ret->nomenclature = "CVSS-BTE";
	else if (ret->has_temporal)
		ret->nomenclature = "CVSS-BT";
	else if (ret->has_environmental)
		ret->nomenclature = "CVSS-BE";
	else
		ret->nomenclature = "CVSS-B";
}
