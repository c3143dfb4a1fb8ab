/*
 * cve.c — the CVE id pool (SPEC §6): reserve a block, assign ids to issues,
 * retire unused ones with a reason, and the CVE <-> fix table. Lists go
 * through the need-to-know gate: an id assigned to an issue the reader
 * cannot see does not exist for them.
 */
#include "service/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/text.h"
#include "core/banned.h"

/* "CVE-YYYY-NNNN" with 4 to 7 sequence digits. */
static int
cve_parse(const char *s, int *ret_year, int *ret_seq)
{
	int year = 0, seq = 0;
	size_t n;

	if (!s || strncmp(s, "CVE-", 4) != 0)
		return ERR_INVAL;
	for (int i = 4; i < 8; i++) {
		if (!isdigit((unsigned char)s[i]))
			return ERR_INVAL;
		year = year * 10 + (s[i] - '0');
	}
	if (s[8] != '-' || year < 1999)
		return ERR_INVAL;
	n = strlen(s + 9);
	if (n < 4 || n > 7)
		return ERR_INVAL;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[9 + i]))
			return ERR_INVAL;
		seq = seq * 10 + (s[9 + i] - '0');
	}
	*ret_year = year;
	*ret_seq = seq;
	return 0;
}

int
svc_cve_reserve(struct svc *svc, const char *range, int *ret_count, struct errdetail *d)
{
	char first[32] = "", *dots;
	int y1, s1, y2, s2, rc;
	int64_t now = clock_now();

	if ((rc = acc_global(svc, GA_CVE_POOL, d)) < 0)
		return rc;
	if (!range || strlen(range) > 40)
		return err_set(d, ERR_INVAL, "range", "must be CVE-YYYY-NNNN or CVE-YYYY-NNNN..CVE-YYYY-MMMM");
	dots = strstr(range, "..");
	snprintf(first, sizeof(first), "%.*s", dots ? (int)(dots - range) : (int)strlen(range),
		range);
	if (cve_parse(first, &y1, &s1) < 0 || cve_parse(dots ? dots + 2 : first, &y2, &s2) < 0)
		return err_set(d, ERR_INVAL, "range", "must be CVE-YYYY-NNNN or CVE-YYYY-NNNN..CVE-YYYY-MMMM");
	if (y1 != y2 || s2 < s1)
		return err_set(d, ERR_INVAL, "range", "must run forward within one year");
	if (s2 - s1 + 1 > LIM_CVE_RESERVE_MAX)
		return err_setf(d, ERR_INVAL, "range", "holds more than %d ids", LIM_CVE_RESERVE_MAX);
	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	for (int s = s1; s <= s2 && rc == 0; s++) {
		rc = store_cve_reserve(svc->st, y1, s, now);
		if (rc == ERR_CONFLICT)
			err_setf(d, rc, "range", "CVE-%d-%04d is already in the pool", y1, s);
	}
	if (rc == 0)
		rc = svc_audit(svc, "cve.reserve", range, json_pack("{s:i}", "count", s2 - s1 + 1));
	if ((rc = svc_end(svc, rc, d)) == 0)
		*ret_count = s2 - s1 + 1;
	return rc;
}

int
svc_cve_assign(struct svc *svc, const char *key, const char *cve, char ret_id[32],
	struct errdetail *d)
{
	struct issue is = {0};
	struct cve c = {0};
	int y, s, rc;

	if ((rc = acc_issue_do(svc, key, IA_CVE, &is, NULL, d)) < 0)
		return rc;
	if (is.state == ST_REJECTED) {
		rc = err_set(d, ERR_CONFLICT, "state", "is rejected; rejected issues get no CVE id");
		goto out;
	}
	if (cve && cve_parse(cve, &y, &s) < 0) {
		rc = err_set(d, ERR_INVAL, "cve", "must be CVE-YYYY-NNNN");
		goto out;
	}
	rc = cve ? store_cve_get(svc->st, cve, &c) : store_cve_next_free(svc->st, &c);
	if (rc == ERR_NOTFOUND) {
		rc = err_set(d, ERR_CONFLICT, "cve", cve ? "is not in the pool" :
			"the pool has no reserved id left; reserve more with 'vigil cve reserve'");
		goto out;
	}
	if (rc < 0)
		goto out;
	if (c.state != CVE_RESERVED) {
		rc = err_setf(d, ERR_CONFLICT, "cve", "is %s, not reserved", cve_state_name(c.state));
		goto out;
	}
	c.state = is.state == ST_PUBLIC ? CVE_PUBLISHED : CVE_ASSIGNED;
	c.issue_id = is.id;
	c.assigned_at = clock_now();
	if (c.state == CVE_PUBLISHED)
		c.published_at = c.assigned_at;
	if ((rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_cve_update(svc->st, &c);
	if (rc == 0)
		rc = svc_audit(svc, "cve.assign", key, json_pack("{s:s}", "cve", c.id));
	if ((rc = svc_end(svc, rc, d)) == 0)
		snprintf(ret_id, 32, "%s", c.id);
out:
	cve_release(&c);
	issue_release(&is);
	return rc;
}

int
svc_cve_retire(struct svc *svc, const char *cve, const char *reason, struct errdetail *d)
{
	struct cve c = {0};
	int y, s, rc;

	if ((rc = acc_global(svc, GA_CVE_POOL, d)) < 0)
		return rc;
	if (cve_parse(cve, &y, &s) < 0)
		return err_set(d, ERR_INVAL, "cve", "must be CVE-YYYY-NNNN");
	if ((rc = text_check(d, "reason", reason, LIM_REASON_MAX, TEXT_MULTILINE)) < 0)
		return rc;
	if ((rc = store_cve_get(svc->st, cve, &c)) == ERR_NOTFOUND)
		return err_set(d, ERR_INVAL, "cve", "is not in the pool");
	if (rc < 0)
		return rc;
	if (c.state == CVE_PUBLISHED || c.state == CVE_REJECTED) {
		rc = err_setf(d, ERR_CONFLICT, "cve", "is %s and cannot be retired",
			cve_state_name(c.state));
		goto out;
	}
	c.state = CVE_REJECTED;
	c.retired_at = clock_now();
	if ((rc = svc_strset(&c.reason, reason)) < 0 || (rc = svc_begin(svc, d)) < 0)
		goto out;
	rc = store_cve_update(svc->st, &c);
	if (rc == 0)
		rc = svc_audit(svc, "cve.retire", cve, json_pack("{s:s}", "reason", reason));
	rc = svc_end(svc, rc, d);
out:
	cve_release(&c);
	return rc;
}

/* May the acting person see this CVE id at all? */
static bool
cve_visible(struct svc *svc, const struct cve *c)
{
	if (acc_roles(svc) & ROLE_PSIRT)
		return true;
	return c->issue_id && acc_can_see(svc, c->issue_id);
}

int
svc_cve_list(struct svc *svc, struct cve **ret, size_t *ret_n, struct errdetail *d)
{
	struct cve *all = NULL;
	size_t n = 0, k = 0;
	int rc;

	if ((rc = store_cve_list(svc->st, &all, &n)) < 0)
		return err_set(d, rc, "db", "cannot list CVE ids");
	for (size_t i = 0; i < n; i++) {
		if (cve_visible(svc, &all[i]))
			all[k++] = all[i];
		else
			cve_release(&all[i]);
	}
	*ret = all;
	*ret_n = k;
	return 0;
}

void
cve_fix_rows_free(struct cve_fix_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fix_release(&rows[i].fix);
	free(rows);
}

int
svc_cve_fixes(struct svc *svc, struct cve_fix_row **ret, size_t *ret_n, struct errdetail *d)
{
	struct cve *cves = NULL;
	struct cve_fix_row *rows = NULL;
	size_t n = 0, nrows = 0;
	bool psirt = acc_roles(svc) & ROLE_PSIRT;
	int rc;

	if ((rc = svc_cve_list(svc, &cves, &n, d)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct fix *fixes = NULL;
		size_t nf = 0;

		if (!cves[i].issue_id || (!psirt && cves[i].state != CVE_PUBLISHED))
			continue; /* the embargoed table is psirt's alone */
		if ((rc = store_fix_list(svc->st, cves[i].issue_id, &fixes, &nf)) < 0)
			break;
		for (size_t f = 0; f < nf; f++) {
			struct cve_fix_row *nr = realloc(rows, (nrows + 1) * sizeof(*nr));

			if (!nr) {
				rc = ERR_NOMEM;
				fix_release(&fixes[f]);
				continue;
			}
			rows = nr;
			snprintf(rows[nrows].cve, sizeof(rows[nrows].cve), "%s", cves[i].id);
			svc_key(svc, cves[i].issue_id, rows[nrows].key);
			rows[nrows++].fix = fixes[f];
		}
		free(fixes);
	}
	OBJ_LIST_FREE(cves, n, cve_release);
	if (rc < 0) {
		cve_fix_rows_free(rows, nrows);
		return err_set(d, rc, "db", "cannot read fixes");
	}
	*ret = rows;
	*ret_n = nrows;
	return 0;
}
