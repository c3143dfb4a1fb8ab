/*
 * search.c — full-text search for the dashboard (see dashboard.h). The
 * need-to-know gate speaks first: the relation of the acting person to
 * every issue gives three sets (issues they see; of those, the ones whose
 * shared comments they see; of those, the ones they see with the full
 * view, whose internal comments they may search), and only then does the
 * store run the MATCH, joined to those sets. Nothing outside them is ever
 * searched, so neither a hit nor its absence tells anything about a hidden
 * issue. Handles untrusted input (the search text).
 */
#include "service/internal.h"
#include "service/dashboard.h"

#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/text.h"
#include "store/search.h"
#include "core/banned.h"

_Static_assert(SEARCH_HIT_MARK_OPEN == SEARCH_MARK_OPEN &&
	SEARCH_HIT_MARK_CLOSE == SEARCH_MARK_CLOSE, "snippet markers of store and service");

void
search_hits_free(struct search_hit *h, size_t n)
{
	for (size_t i = 0; h && i < n; i++) {
		free(h[i].title);
		free(h[i].snippet);
	}
	free(h);
}

/* The three sets of struct search_scope for the acting person. */
struct scope_ids {
	int64_t *visible, *talk, *full;
	size_t nvisible, ntalk, nfull;
};

static void
scope_release(struct scope_ids *s)
{
	free(s->visible);
	free(s->talk);
	free(s->full);
}

static int
scope_build(struct svc *svc, struct scope_ids *ret)
{
	struct issue_rel *rels = NULL;
	struct scope_ids s = {0};
	size_t n = 0;
	int rc;

	if ((rc = acc_relations(svc, &rels, &n)) < 0)
		return rc;
	s.visible = calloc(n + 1, sizeof(int64_t));
	s.talk = calloc(n + 1, sizeof(int64_t));
	s.full = calloc(n + 1, sizeof(int64_t));
	if (!s.visible || !s.talk || !s.full) {
		scope_release(&s);
		free(rels);
		return ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		enum view v = visibility_view(&rels[i].rel, rels[i].state);

		if (v == VIEW_NONE)
			continue;
		s.visible[s.nvisible++] = rels[i].id;
		if (v >= VIEW_REPORTER)
			s.talk[s.ntalk++] = rels[i].id;
		if (v == VIEW_FULL)
			s.full[s.nfull++] = rels[i].id;
	}
	free(rels);
	*ret = s;
	return 0;
}

static int
check_q(const char *q, struct errdetail *d)
{
	struct buf probe;
	int rc;

	if (!q)
		return err_setf(d, ERR_INVAL, "q", "is required, at most %d bytes", LIM_SEARCH_MAX);
	if (text_check(d, "q", q, LIM_SEARCH_MAX, TEXT_LINE) < 0)
		return ERR_INVAL;
	buf_init(&probe, 4 * LIM_SEARCH_MAX + 2 * LIM_SEARCH_TERMS + 16);
	rc = store_search_query(q, &probe);
	buf_release(&probe);
	if (rc == ERR_INVAL)
		return err_set(d, ERR_INVAL, "q", "has no word to search for");
	if (rc == ERR_LIMIT)
		return err_setf(d, ERR_INVAL, "q", "has more than %d words", LIM_SEARCH_TERMS);
	return rc < 0 ? err_set(d, rc, "q", "cannot be searched") : 0;
}

static int
fill_hit(struct svc *svc, const struct search_row *r, struct search_hit *h)
{
	struct issue is = {0};
	int rc;

	if ((rc = store_issue_get(svc->st, r->issue_id, &is)) < 0)
		return rc;
	h->id = is.id;
	svc_key(svc, is.id, h->key);
	h->state = is.state;
	h->title = is.title;
	is.title = NULL;
	h->snippet = strdup(r->snippet ? r->snippet : "");
	h->in_comment = r->in_comment;
	issue_release(&is);
	return h->snippet ? 0 : ERR_NOMEM;
}

/* q without the blanks around it (a search box's stray spaces are no
 * error); NULL when it does not fit. */
static char *
trimmed(const char *q, char *out, size_t n)
{
	size_t len;

	if (!q)
		return NULL;
	while (*q == ' ' || *q == '\t')
		q++;
	len = strlen(q);
	while (len && (q[len - 1] == ' ' || q[len - 1] == '\t'))
		len--;
	if (len >= n)
		return NULL;
	memcpy(out, q, len);
	out[len] = '\0';
	return out;
}

int
svc_search(struct svc *svc, const char *q_in, struct search_hit **ret, size_t *ret_n,
	struct errdetail *d)
{
	char qbuf[LIM_SEARCH_MAX + 1];
	const char *q = trimmed(q_in, qbuf, sizeof(qbuf));
	struct scope_ids ids = {0};
	struct search_scope scope;
	struct search_row *rows = NULL;
	struct search_hit *hits = NULL;
	size_t nrows = 0, n = 0;
	int rc;

	if ((rc = check_q(q, d)) < 0)
		return rc;
	/* the gate first: the sets the search may look into */
	if ((rc = scope_build(svc, &ids)) < 0)
		return err_set(d, rc, "db", "cannot list issues");
	scope = (struct search_scope){ids.visible, ids.nvisible, ids.talk, ids.ntalk, ids.full,
		ids.nfull};
	if ((rc = store_search(svc->st, q, &scope, LIM_SEARCH_RESULTS, &rows, &nrows)) < 0) {
		err_set(d, rc, "q", rc == ERR_DB ? "cannot be searched now" : "cannot be searched");
		goto out;
	}
	if (!(hits = calloc(nrows + 1, sizeof(*hits)))) {
		rc = err_set(d, ERR_NOMEM, "q", "out of memory");
		goto out;
	}
	for (; n < nrows; n++) {
		if ((rc = fill_hit(svc, &rows[n], &hits[n])) < 0) {
			err_set(d, rc, "db", "cannot read an issue");
			goto out;
		}
	}
	*ret = hits;
	*ret_n = n;
	hits = NULL;
out:
	if (hits) {
		/* fill_hit() may have set parts of hits[n] before failing */
		search_hits_free(hits, n + (n < nrows ? 1 : 0));
	}
	search_rows_free(rows, nrows);
	scope_release(&ids);
	return rc;
}
