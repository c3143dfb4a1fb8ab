/*
 * dashboard.h — what the PSIRT dashboard and the issue page (src/web/)
 * ask the service: full-text search over what the viewer may
 * see (search.c), the dashboard's queues and deadline lists (dashboard.c),
 * and the workflow moves the viewer may take on one issue with what each
 * still lacks, and its history with the views counted (issue_moves.c).
 * Like everything in service/, every answer is
 * filtered by the need-to-know gate (access.c) before anything is
 * searched, counted or listed; a hidden issue is a missing one.
 */
#ifndef VIGIL_SERVICE_DASHBOARD_H
#define VIGIL_SERVICE_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/service.h"

/* --- full-text search (search.c) --- */

/* One issue found. The snippet holds SEARCH_HIT_MARK_OPEN/CLOSE around
 * matched words; everything else in it is text to escape. */
#define SEARCH_HIT_MARK_OPEN '\x02'
#define SEARCH_HIT_MARK_CLOSE '\x03'
struct search_hit {
	char key[ISSUE_KEY_MAX];
	int64_t id;
	char *title;
	enum state state;
	char *snippet;
	bool in_comment;     /* the best match is in a comment */
};
void search_hits_free(struct search_hit *h, size_t n);

/*
 * Search q (words; "word*" for a prefix; every word must occur) in the
 * issues the acting person may see: titles and descriptions of every
 * visible issue, shared comments where they see comments (their own
 * reports, full view), internal comments only where they have the full
 * view. The visible set is computed first and the search runs inside it.
 * At most LIM_SEARCH_RESULTS hits, best first. ERR_INVAL naming "q" for an
 * empty, over-long (LIM_SEARCH_MAX bytes, LIM_SEARCH_TERMS words) or
 * malformed text. *ret: search_hits_free().
 */
int svc_search(struct svc *svc, const char *q, struct search_hit **ret, size_t *ret_n,
	struct errdetail *d);

/* --- the dashboard (dashboard.c) --- */

struct dash_item {
	char key[ISSUE_KEY_MAX];
	int64_t id;
	char *title;
	enum state state;
	enum view view;
	int priority;            /* 0: unset, or not shown to this viewer */
	char *subsystem;         /* or NULL */
	char *assignee;          /* full view only, or NULL */
	char *severity;          /* NULL when not scored */
	double score;
	int64_t reported_at;
	int64_t due;             /* the date of the list: ack/fix due, embargo end */
	int64_t days;            /* whole days overdue (overdue lists) or left (embargo) */
};
struct dash_list {
	struct dash_item *v;
	size_t n;
};
struct dashboard {
	int64_t now;
	int64_t total;                   /* issues shown (after the filters) */
	int64_t counts[ST__COUNT];
	struct dash_list by_state[ST__COUNT];
	struct dash_list ack_overdue;    /* not acknowledged within DAYS_ACK */
	struct dash_list fix_overdue;    /* not fixed within DAYS_FIX */
	struct dash_list embargo_soon;   /* embargo ends within DAYS_EMBARGO_SOON */
	struct dash_list unassigned;     /* open, no assignee (full view only) */
	struct dash_list unscored;       /* open, no CVSS vector */
	bool searched;                   /* q was given */
	struct search_hit *hits;         /* the search hits left after the filters */
	size_t nhits;
	struct strlist subsystems;       /* subsystems of the visible issues (filter choices) */
};
void dashboard_release(struct dashboard *b);

/* Filters; NULL or "" = any. */
struct dash_filter {
	const char *state;       /* a state name */
	const char *subsystem;
	const char *priority;    /* "P1".."P4" (only issues whose priority the viewer sees) */
	const char *q;           /* full-text search (svc_search) */
};

/*
 * The dashboard of the acting person (anyone, anonymous included: they see
 * public issues only): every list and count is over the issues they may
 * see, after the filters. Lists are in key order, deadline lists by date.
 * ERR_INVAL naming "state", "priority", "subsystem" or "q" for bad filters.
 */
int svc_dashboard(struct svc *svc, const struct dash_filter *f, struct dashboard *ret,
	struct errdetail *d);

/* --- the moves of one issue (issue_moves.c) --- */

/* Which form takes a move, and so which service call makes it. */
enum move_kind {
	MOVE_ACK,        /* new -> triage: svc_issue_ack() */
	MOVE_ASSIGN,     /* triage -> assigned: svc_issue_assign() with a login */
	MOVE_FORWARD,    /* svc_issue_move() */
	MOVE_RELEASE,    /* accepted -> released: svc_issue_move() with a release */
	MOVE_BACK,       /* a recorded step back: svc_issue_move() with a reason */
	MOVE_PUBLISH,    /* -> public: svc_issue_publish() */
	MOVE_REJECT,     /* -> rejected: svc_issue_reject() with a resolution */
};

/* How publication stands (MOVE_PUBLISH). */
enum publish_step {
	PUBLISH_NOW,       /* the embargo is over: publishes at once */
	PUBLISH_PROPOSE,   /* early: the first psirt member proposes with a reason */
	PUBLISH_CONFIRM,   /* early: another psirt member proposed; confirming publishes */
	PUBLISH_WAITING,   /* early: proposed by the acting person; a second must confirm */
};

struct issue_move {
	enum state to;
	enum move_kind kind;
	bool ready;                          /* the workflow guard lets it through now */
	char missing[ERRDETAIL_REASON_MAX];  /* when !ready: what is missing (vigil's words) */
	enum publish_step publish;           /* MOVE_PUBLISH only */
	struct strlist releases;             /* MOVE_RELEASE: releases that ship a merged fix */
};
struct issue_moves {
	enum state from;
	struct issue_move *v;
	size_t n;
};
void issue_moves_release(struct issue_moves *m);

/*
 * The moves of issue key that the acting person may take (the policy
 * table allows them; moves they may not take are left out), each with
 * whether its guard holds now and, when not, what is missing, from the
 * same facts and guards svc_issue_move() checks. A hidden issue is
 * ERR_NOTFOUND like a missing one.
 */
int svc_issue_moves(struct svc *svc, const char *key, struct issue_moves *ret,
	struct errdetail *d);

/* What the acting person may do on issue key, by the policy table (for
 * showing only the forms that would be accepted). A hidden issue is
 * ERR_NOTFOUND. */
struct issue_abilities {
	bool comment_shared, comment_internal, attach, set_triage, set_technical, fix,
		backport, cve, grant, see_internal, assign;
};
int svc_issue_abilities(struct svc *svc, const char *key, struct issue_abilities *ret,
	struct errdetail *d);

/* --- the history of one issue as its page shows it (issue_moves.c) --- */

/* One person's views of the issue (issue.view events: each reading of it
 * while it was not public). */
struct issue_viewer {
	char *who;           /* the audit actor: a login */
	int64_t views;
	int64_t last_at;
};
struct issue_history {
	struct audit_event *ev;        /* every other event, oldest first */
	size_t n;
	struct issue_viewer *viewers;  /* latest view first */
	size_t nviewers;
};
void issue_history_release(struct issue_history *h);

/*
 * The history of issue key for its page: the same events and the same
 * gate as svc_issue_history() (the full view's IA_SEE_INTERNAL; a hidden
 * issue is ERR_NOTFOUND, a visible one the person may not see the history
 * of ERR_PERM), but the views are counted per person instead of listed
 * one by one, so the page stays the size of what happened to the issue
 * however often it is read. At most ISSUE_HISTORY_MAX other events.
 * *ret: issue_history_release().
 */
#define ISSUE_HISTORY_MAX 10000
int svc_issue_history_page(struct svc *svc, const char *key, struct issue_history *ret,
	struct errdetail *d);

#endif
