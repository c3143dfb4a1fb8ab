/*
 * cvss.c — the entry point of CVSS scoring: checks and parses a vector
 * string of any supported version against that version's metric table,
 * writes its canonical form and hands it to cvss3.c or cvss4.c for the
 * numbers. Handles untrusted input: the length is checked before anything
 * else, parsing is a cursor over the string that never copies it, and error
 * reasons name only metrics from the table or byte positions, never input.
 */
#include "model/cvss/cvss.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/cvss/cvss_impl.h"

#include "core/banned.h"

#define FIELD "cvss"

struct cvss_prefix {
	const char *text;
	enum cvss_version version;
};

static const struct cvss_prefix prefixes[] = {
	{ "CVSS:3.0/", CVSS_V30 },
	{ "CVSS:3.1/", CVSS_V31 },
	{ "CVSS:4.0/", CVSS_V40 },
};

bool
cvss_vec_set(const struct cvss_vec *v, size_t i)
{
	/* value 0 of every optional metric is X */
	return v->val[i] > 0 ||
	    (v->val[i] == 0 && v->table[i].group == CVSS_GROUP_BASE);
}

const char *
cvss_severity(double score)
{
	long tenths;

	if (!(score > 0.0))     /* also NaN */
		return "None";
	if (score >= 10.0)
		return "Critical";
	tenths = lround(score * 10.0);
	if (tenths == 0)
		return "None";
	if (tenths < 40)
		return "Low";
	if (tenths < 70)
		return "Medium";
	if (tenths < 90)
		return "High";
	return "Critical";
}

const char *
cvss_version_str(enum cvss_version version)
{
	switch (version) {
	case CVSS_V30: return "3.0";
	case CVSS_V31: return "3.1";
	case CVSS_V40: return "4.0";
	default: return "?";
	}
}

/*
 * Match the version prefix. On success set *ret_version and *ret_off (the
 * offset of the first metric).
 */
static int
parse_prefix(const char *s, enum cvss_version *ret_version, size_t *ret_off,
    struct errdetail *d)
{
	size_t i, n;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		n = strlen(prefixes[i].text);
		if (strncmp(s, prefixes[i].text, n) == 0) {
			*ret_version = prefixes[i].version;
			*ret_off = n;
			return 0;
		}
		/* "CVSS:3.1" alone */
		if (strncmp(s, prefixes[i].text, n - 1) == 0 && s[n - 1] == '\0')
			return err_setf(d, ERR_INVAL, FIELD,
			    "no metrics after CVSS:%s",
			    cvss_version_str(prefixes[i].version));
	}
	if (strncmp(s, "CVSS:", 5) == 0)
		return err_set(d, ERR_INVAL, FIELD,
		    "unsupported CVSS version: expected CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");
	return err_set(d, ERR_INVAL, FIELD,
	    "does not start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/ "
	    "(CVSS v2 vectors are not supported)");
}

/* Index of the metric called name[0..len) in v's table, or -1. */
static int
find_metric(const struct cvss_vec *v, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < v->nmetrics; i++)
		if (strlen(v->table[i].name) == len &&
		    memcmp(v->table[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

/* Index of value val[0..len) among m's values, or -1. Case-sensitive. */
static int
find_value(const struct cvss_metric *m, const char *val, size_t len)
{
	int i;

	for (i = 0; m->values[i] != NULL; i++)
		if (strlen(m->values[i]) == len &&
		    memcmp(m->values[i], val, len) == 0)
			return i;
	return -1;
}

/*
 * Parse one "NAME:VALUE" component s[start..end) into v. Positions in
 * messages count from 1.
 */
static int
parse_component(struct cvss_vec *v, const char *s, size_t start, size_t end,
    struct errdetail *d)
{
	const char *colon;
	int mi, vi;
	size_t namelen;

	if (start == end)
		return err_setf(d, ERR_INVAL, FIELD, "empty metric at byte %zu",
		    start + 1);
	colon = memchr(s + start, ':', end - start);
	if (colon == NULL)
		return err_setf(d, ERR_INVAL, FIELD,
		    "metric without ':' at byte %zu", start + 1);
	namelen = (size_t)(colon - (s + start));
	mi = find_metric(v, s + start, namelen);
	if (mi < 0)
		return err_setf(d, ERR_INVAL, FIELD,
		    "unknown metric at byte %zu for CVSS %s", start + 1,
		    cvss_version_str(v->version));
	if (v->val[mi] != CVSS_ABSENT)
		return err_setf(d, ERR_INVAL, FIELD,
		    "metric %s given twice (again at byte %zu)",
		    v->table[mi].name, start + 1);
	vi = find_value(&v->table[mi], colon + 1, end - start - namelen - 1);
	if (vi < 0)
		return err_setf(d, ERR_INVAL, FIELD,
		    "invalid value for metric %s at byte %zu",
		    v->table[mi].name, (size_t)(colon - s) + 2);
	v->val[mi] = (signed char)vi;
	return 0;
}

/*
 * Check and parse s into *ret. Every component is checked in input order,
 * then every base metric must be present.
 */
static int
cvss_parse(const char *s, struct cvss_vec *ret, struct errdetail *d)
{
	struct cvss_vec v;
	const char *slash;
	size_t len, pos = 0, end, i;
	int rc;

	if (s == NULL || s[0] == '\0')
		return err_set(d, ERR_INVAL, FIELD, "vector is empty");
	len = strnlen(s, LIM_CVSS_MAX + 1);
	if (len > LIM_CVSS_MAX)
		return err_setf(d, ERR_INVAL, FIELD,
		    "vector is longer than %d bytes", LIM_CVSS_MAX);

	memset(&v, 0, sizeof(v));
	if ((rc = parse_prefix(s, &v.version, &pos, d)) != 0)
		return rc;
	if (v.version == CVSS_V40) {
		v.table = cvss4_metrics;
		v.nmetrics = cvss4_nmetrics;
	} else {
		v.table = cvss3_metrics;
		v.nmetrics = cvss3_nmetrics;
	}
	for (i = 0; i < CVSS_METRICS_MAX; i++)
		v.val[i] = CVSS_ABSENT;

	for (;;) {
		slash = memchr(s + pos, '/', len - pos);
		end = slash ? (size_t)(slash - s) : len;
		if ((rc = parse_component(&v, s, pos, end, d)) != 0)
			return rc;
		if (slash == NULL)
			break;
		pos = end + 1;
		if (pos == len)
			return err_setf(d, ERR_INVAL, FIELD,
			    "vector ends with '/' at byte %zu", len);
	}

	for (i = 0; i < v.nmetrics; i++)
		if (v.table[i].group == CVSS_GROUP_BASE && v.val[i] == CVSS_ABSENT)
			return err_setf(d, ERR_INVAL, FIELD,
			    "missing base metric %s", v.table[i].name);
	*ret = v;
	return 0;
}

/*
 * Write "CVSS:x.y" and every present metric, X values included, in table
 * order into out (size n).
 */
static int
format_canonical(const struct cvss_vec *v, char *out, size_t n,
    struct errdetail *d)
{
	size_t i, used;
	int w;

	w = snprintf(out, n, "CVSS:%s", cvss_version_str(v->version));
	if (w < 0 || (size_t)w >= n)
		goto toolong;
	used = (size_t)w;
	for (i = 0; i < v->nmetrics; i++) {
		if (v->val[i] == CVSS_ABSENT)
			continue;
		w = snprintf(out + used, n - used, "/%s:%s", v->table[i].name,
		    v->table[i].values[(int)v->val[i]]);
		if (w < 0 || (size_t)w >= n - used)
			goto toolong;
		used += (size_t)w;
	}
	return 0;
toolong:
	/* cannot happen: the canonical form is a permutation of the input */
	return err_setf(d, ERR_INVAL, FIELD,
	    "vector is longer than %d bytes", LIM_CVSS_MAX);
}

int
cvss_score(const char *vector, struct cvss_result *ret, struct errdetail *d)
{
	struct cvss_vec v;
	struct cvss_result r;
	int rc;

	if ((rc = cvss_parse(vector, &v, d)) != 0)
		return rc;
	memset(&r, 0, sizeof(r));
	r.version = v.version;
	if ((rc = format_canonical(&v, r.vector, sizeof(r.vector), d)) != 0)
		return rc;
	if (v.version == CVSS_V40)
		cvss4_compute(&v, &r);
	else
		cvss3_compute(&v, &r);
	r.severity = cvss_severity(r.score);
	*ret = r;
	return 0;
}
