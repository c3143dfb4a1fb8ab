/*
 * test_cvss_reference.c — checks cvss_score() against every line of the
 * reference vector files (shared/cvss-vectors, see its README.md): the Red
 * Hat test files for CVSS 3.0, 3.1 and 4.0 and the generated files with
 * severities. Every line must match: the scores, the severities where the
 * file gives them, and the canonical vector must score the same and be its
 * own canonical form. CVSS v2 files (vectors_*2) are skipped because vigil
 * does not support v2. Usage: test_cvss_reference DIR. Exits 0 only when at
 * least one line was checked and none mismatched. Reads trusted test data.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/cvss/cvss.h"

#include "core/banned.h"

#define LINE_MAX_LEN 1024
#define PATH_MAX_LEN 4096
#define MAX_FILES 256
#define SHOW_MAX 20

struct totals {
	long lines;
	long mismatches;
	int files;
};

/* Parse a one-decimal score at *p; advance *p. */
static bool
parse_num(const char **p, double *ret)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(*p, &end);
	if (end == *p || errno != 0)
		return false;
	*p = end;
	*ret = x;
	return true;
}

static bool
same(double a, double b)
{
	return lround(a * 10) == lround(b * 10);
}

/* Parse a severity word of at most n-1 bytes ended by '/', NUL or end. */
static bool
parse_word(const char **p, char *out, size_t n)
{
	size_t i = 0;

	while (**p != '\0' && **p != '/' && **p != ' ') {
		if (i + 1 >= n)
			return false;
		out[i++] = *(*p)++;
	}
	out[i] = '\0';
	return i > 0;
}

/*
 * Check a v3 expectation "(B, T, E)" or "(B, T, E) Sb/St/Se" against r.
 * Returns NULL on a match, else what differs.
 */
static const char *
check_v3(const char *exp, const struct cvss_result *r)
{
	double b, t, e;
	char sev[3][16];
	const char *p = exp;

	if (*p++ != '(' || !parse_num(&p, &b) || strncmp(p, ", ", 2) != 0)
		return "bad expectation";
	p += 2;
	if (!parse_num(&p, &t) || strncmp(p, ", ", 2) != 0)
		return "bad expectation";
	p += 2;
	if (!parse_num(&p, &e) || *p++ != ')')
		return "bad expectation";
	if (!same(b, r->base_score))
		return "base score";
	if (!same(t, r->temporal_score))
		return "temporal score";
	if (!same(e, r->environmental_score))
		return "environmental score";
	if (*p == '\0')
		return NULL;
	if (*p++ != ' ' || !parse_word(&p, sev[0], sizeof(sev[0])) ||
	    *p++ != '/' || !parse_word(&p, sev[1], sizeof(sev[1])) ||
	    *p++ != '/' || !parse_word(&p, sev[2], sizeof(sev[2])) || *p != '\0')
		return "bad expectation";
	if (strcmp(sev[0], r->base_severity) != 0)
		return "base severity";
	if (strcmp(sev[1], r->temporal_severity) != 0)
		return "temporal severity";
	if (strcmp(sev[2], r->environmental_severity) != 0)
		return "environmental severity";
	return NULL;
}

/* Check a v4 expectation "S", "(S,)" or "S Severity" against r. */
static const char *
check_v4(const char *exp, const struct cvss_result *r)
{
	const char *p = exp;
	char sev[16];
	double s;
	bool paren = false;

	if (*p == '(') {
		paren = true;
		p++;
	}
	if (!parse_num(&p, &s))
		return "bad expectation";
	if (paren && strcmp(p, ",)") != 0)
		return "bad expectation";
	if (!same(s, r->score))
		return "score";
	if (paren || *p == '\0')
		return NULL;
	if (*p++ != ' ' || !parse_word(&p, sev, sizeof(sev)) || *p != '\0')
		return "bad expectation";
	if (strcmp(sev, r->severity) != 0)
		return "severity";
	return NULL;
}

/* The canonical vector must give the same scores and be canonical itself. */
static const char *
check_canonical(const struct cvss_result *r)
{
	struct cvss_result again;
	struct errdetail d;

	if (cvss_score(r->vector, &again, &d) != 0)
		return "canonical vector rejected";
	if (strcmp(again.vector, r->vector) != 0)
		return "canonical form not stable";
	if (again.score != r->score || again.base_score != r->base_score ||
	    again.temporal_score != r->temporal_score ||
	    again.environmental_score != r->environmental_score)
		return "canonical vector scores differently";
	return NULL;
}

static const char *
check_line(char *line)
{
	struct cvss_result r;
	static char reason[ERRDETAIL_REASON_MAX + 16];
	struct errdetail d;
	char *sep;
	const char *why;

	sep = strstr(line, " - ");
	if (sep == NULL)
		return "no ' - ' separator";
	*sep = '\0';
	if (cvss_score(line, &r, &d) != 0) {
		*sep = ' ';
		snprintf(reason, sizeof(reason), "rejected: %s", d.reason);
		return reason;
	}
	*sep = ' ';
	if (r.version == CVSS_V40)
		why = check_v4(sep + 3, &r);
	else
		why = check_v3(sep + 3, &r);
	if (why == NULL)
		why = check_canonical(&r);
	if (why == NULL && strcmp(r.severity, cvss_severity(r.score)) != 0)
		why = "severity of score";
	return why;
}

/* What vigil computes for the vector part of line, for mismatch reports. */
static void
describe(const char *line, char *out, size_t n)
{
	struct cvss_result r;
	struct errdetail d;
	char vec[LINE_MAX_LEN];
	const char *sep;
	size_t len;

	sep = strstr(line, " - ");
	len = sep ? (size_t)(sep - line) : strlen(line);
	if (len >= sizeof(vec))
		len = sizeof(vec) - 1;
	memcpy(vec, line, len);
	vec[len] = '\0';
	if (cvss_score(vec, &r, &d) != 0)
		snprintf(out, n, "rejected: %s", d.reason);
	else if (r.version == CVSS_V40)
		snprintf(out, n, "%.1f %s", r.score, r.severity);
	else
		snprintf(out, n, "(%.1f, %.1f, %.1f) %s/%s/%s", r.base_score,
		    r.temporal_score, r.environmental_score, r.base_severity,
		    r.temporal_severity, r.environmental_severity);
}

static void
check_file(const char *path, const char *rel, struct totals *t)
{
	char line[LINE_MAX_LEN], ours[ERRDETAIL_REASON_MAX + 64];
	const char *why;
	long n = 0, bad = 0;
	size_t len;
	FILE *f;
	int c;

	if ((f = fopen(path, "r")) == NULL) {
		printf("%s: cannot open: %s\n", rel, strerror(errno));
		t->mismatches++;
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		n++;
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\n') {
			line[--len] = '\0';
			why = check_line(line);
		} else if (!feof(f)) {
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			why = "line too long";
		} else {
			why = check_line(line);
		}
		if (why == NULL)
			continue;
		bad++;
		if (t->mismatches + bad <= SHOW_MAX) {
			describe(line, ours, sizeof(ours));
			printf("MISMATCH %s:%ld [%s]\n  expected: %s\n"
			    "  vigil:    %s\n", rel, n, why, line, ours);
		}
	}
	if (ferror(f)) {
		printf("%s: read error\n", rel);
		bad++;
	}
	fclose(f);
	printf("%-40s %7ld lines, %ld mismatches\n", rel, n, bad);
	t->lines += n;
	t->mismatches += bad;
	t->files++;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* true for files that document the data rather than hold it. */
static bool
is_doc(const char *name)
{
	return strcmp(name, "README.md") == 0 ||
	    strcmp(name, "COPYRIGHT") == 0 ||
	    strncmp(name, "LICENSE", 7) == 0;
}

/* Check every file under dir (relative name rel), in name order. */
static int
walk(const char *dir, const char *rel, struct totals *t)
{
	char *names[MAX_FILES];
	char path[PATH_MAX_LEN], sub[PATH_MAX_LEN];
	struct dirent *de;
	struct stat st;
	size_t n = 0, i, len;
	DIR *dp;
	int rc = 0;

	if ((dp = opendir(dir)) == NULL) {
		printf("%s: cannot open directory: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == MAX_FILES || (names[n] = strdup(de->d_name)) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(dp);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", names[i]);
		len = strlen(names[i]);
		if (stat(path, &st) != 0)
			rc = -1;
		else if (S_ISDIR(st.st_mode))
			rc = walk(path, sub, t);
		else if (is_doc(names[i]))
			printf("%-40s skipped (documentation)\n", sub);
		else if (strncmp(names[i], "vectors_", 8) == 0 &&
		    names[i][len - 1] == '2')
			printf("%-40s skipped (CVSS v2 is not supported)\n", sub);
		else
			check_file(path, sub, t);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	return rc;
}

int
main(int argc, char **argv)
{
	struct totals t = { 0, 0, 0 };

	if (argc != 2) {
		fprintf(stderr, "usage: %s REFERENCE-DIR\n", argv[0]);
		return 2;
	}
	if (walk(argv[1], "", &t) != 0) {
		printf("FAIL: cannot read %s\n", argv[1]);
		return 1;
	}
	printf("total: %d files, %ld lines checked, %ld mismatches\n",
	    t.files, t.lines, t.mismatches);
	if (t.lines == 0) {
		printf("FAIL: no reference lines read\n");
		return 1;
	}
	return t.mismatches == 0 ? 0 : 1;
}
