/*
 * matrix.h — the releases matrix (issue 5, item 5): the issues the acting
 * person may see against the supported releases, each cell the state of
 * the issue's backport to that release. Need to know comes first: issues
 * are passed through the gate before anything is loaded, and backports are
 * filled only where the person's view shows them (as svc_issue_show: not
 * to a reporter of a non-public issue). Releases at end of life are left
 * out. Plain data for the front-ends (the web page /releases).
 */
#ifndef VIGIL_SERVICE_MATRIX_H
#define VIGIL_SERVICE_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/service.h"

/* One cell: the backport of one issue to one release, if any. */
struct matrix_cell {
	bool present;                /* a backport subtask exists */
	enum backport_state state;   /* valid when present */
	char *reason;                /* not-needed: the reason recorded, or NULL */
	char *fix_url;               /* its own fix, or NULL */
};

/* One row: an issue the person may see. */
struct matrix_row {
	char key[ISSUE_KEY_MAX];
	char *title;
	enum state state;
	char *severity;              /* NULL when not scored */
	bool embargoed;              /* not public yet */
	bool shown;                  /* the person's view shows backports; when false
	                              * every cell is empty and means "not shown" */
	struct matrix_cell *cells;   /* one per release of the matrix, same order */
};

struct backport_matrix {
	struct release *releases;    /* supported releases, newest first; lts marked */
	size_t nreleases;
	struct matrix_row *rows;     /* visible issues (rejected ones left out), key order */
	size_t nrows;
};

/* Free everything m holds and zero it; m may be NULL. */
void backport_matrix_release(struct backport_matrix *m);

/*
 * Build the matrix as the acting person may see it (anonymous too: the
 * public issues). *ret is owned by the caller (backport_matrix_release).
 * Errors: ERR_NOMEM, ERR_DB (field "db"); nothing is changed.
 */
int svc_backport_matrix(struct svc *svc, struct backport_matrix *ret, struct errdetail *d);

#endif
