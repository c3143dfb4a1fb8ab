/*
 * matrix.c — the releases matrix: visible issues × supported releases,
 * each cell the issue's backport to that release. Need to know comes
 * first: every issue's relation is gathered and passed through
 * visibility_view() before the issue is loaded, as svc_issue_list does;
 * backports are read only where the view shows them (not to a reporter
 * of a non-public issue, as svc_issue_show). Releases at end of life are
 * left out; rejected issues too (nothing is backported for them). Reads
 * only; no audit event (the matrix shows no more than the issue list).
 */
#include "service/matrix.h"

#include <stdlib.h>
#include <string.h>

#include "service/internal.h"
#include "core/banned.h"

static void
cell_release(struct matrix_cell *c)
{
	free(c->reason);
	free(c->fix_url);
	memset(c, 0, sizeof(*c));
}

static void
row_release(struct matrix_row *r, size_t ncells)
{
	free(r->title);
	free(r->severity);
	for (size_t i = 0; r->cells && i < ncells; i++)
		cell_release(&r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

void
backport_matrix_release(struct backport_matrix *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nrows; i++)
		row_release(&m->rows[i], m->nreleases);
	free(m->rows);
	OBJ_LIST_FREE(m->releases, m->nreleases, release_release);
	memset(m, 0, sizeof(*m));
}

/* Keep the supported releases of the list (in place). */
static void
keep_supported(struct backport_matrix *m)
{
	size_t k = 0;

	for (size_t i = 0; i < m->nreleases; i++) {
		if (m->releases[i].supported)
			m->releases[k++] = m->releases[i];
		else
			release_release(&m->releases[i]);
	}
	m->nreleases = k;
}

static int
dup_or_null(char **dst, const char *src)
{
	*dst = NULL;
	if (src && !(*dst = strdup(src)))
		return ERR_NOMEM;
	return 0;
}

/* Fill the cells of row from the backports of issue id. */
static int
fill_cells(struct svc *svc, const struct backport_matrix *m, int64_t id, struct matrix_row *row)
{
	struct backport *bp = NULL;
	size_t nbp = 0;
	int rc;

	if ((rc = store_backport_list(svc->st, id, &bp, &nbp)) < 0)
		return rc;
	for (size_t i = 0; i < nbp && rc == 0; i++) {
		for (size_t j = 0; j < m->nreleases; j++) {
			struct matrix_cell *c = &row->cells[j];

			if (m->releases[j].id != bp[i].release_id)
				continue;
			c->present = true;
			c->state = bp[i].state;
			if ((rc = dup_or_null(&c->reason, bp[i].reason)) == 0)
				rc = dup_or_null(&c->fix_url, bp[i].fix_url);
			break;
		}
	}
	OBJ_LIST_FREE(bp, nbp, backport_release);
	return rc;
}

/* Load the row of a visible issue. */
static int
fill_row(struct svc *svc, const struct backport_matrix *m, const struct issue_rel *r,
	enum view v, struct matrix_row *row)
{
	struct issue is = {0};
	int rc;

	if ((rc = store_issue_get(svc->st, r->id, &is)) < 0)
		return rc;
	svc_key(svc, r->id, row->key);
	row->state = is.state;
	row->embargoed = is.state != ST_PUBLIC;
	/* as svc_issue_show: backports are not part of the reporter's view */
	row->shown = v != VIEW_REPORTER || is.state == ST_PUBLIC;
	if (!(row->cells = calloc(m->nreleases + 1, sizeof(*row->cells))))
		rc = ERR_NOMEM;
	if (rc == 0)
		rc = dup_or_null(&row->title, is.title);
	if (rc == 0)
		rc = dup_or_null(&row->severity, is.cvss ? is.cvss_severity : NULL);
	if (rc == 0 && row->shown)
		rc = fill_cells(svc, m, r->id, row);
	issue_release(&is);
	return rc;
}

static int
build_rows(struct svc *svc, struct backport_matrix *m)
{
	struct issue_rel *rels = NULL;
	size_t nrels = 0;
	int rc;

	if ((rc = acc_relations(svc, &rels, &nrels)) < 0)
		return rc;
	if (!(m->rows = calloc(nrels + 1, sizeof(*m->rows))))
		rc = ERR_NOMEM;
	for (size_t i = 0; i < nrels && rc == 0; i++) {
		enum view v = visibility_view(&rels[i].rel, rels[i].state);

		if (v == VIEW_NONE)
			continue; /* filtered before anything else looks at it */
		if (rels[i].state == ST_REJECTED)
			continue;
		rc = fill_row(svc, m, &rels[i], v, &m->rows[m->nrows]);
		m->nrows++; /* counted even when half filled, so it is freed */
	}
	free(rels);
	return rc;
}

int
svc_backport_matrix(struct svc *svc, struct backport_matrix *ret, struct errdetail *d)
{
	struct backport_matrix m = {0};
	int rc;

	if ((rc = store_release_list(svc->st, &m.releases, &m.nreleases)) < 0)
		return err_set(d, rc, "db", "cannot list releases");
	keep_supported(&m);
	if ((rc = build_rows(svc, &m)) < 0) {
		backport_matrix_release(&m);
		return err_set(d, rc, "db", "cannot build the releases matrix");
	}
	*ret = m;
	return 0;
}
