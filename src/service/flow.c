/*
 * flow.c — moving issues through the workflow (SPEC §3): the facts the
 * guards need, and the one function that applies a move with its side
 * effects and audit event. Every front-end move (ack, assign, move,
 * publish, the scheduler, fix events) ends here.
 */
#include "service/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "model/deadline.h"
#include "core/banned.h"

enum issue_action
flow_move_action(enum state from, enum state to)
{
	if (workflow_is_backward(from, to))
		return IA_MOVE_BACKWARD;
	if (to == ST_TRIAGE)
		return IA_ACK;
	if (to == ST_ASSIGNED)
		return IA_ASSIGN;
	if (to == ST_PUBLIC)
		return IA_PUBLISH;
	if (to == ST_REJECTED)
		return IA_REJECT;
	return IA_MOVE_FORWARD;
}

char *
flow_main_branch(struct svc *svc)
{
	char *b = NULL;

	if (store_setting_get(svc->st, "main_branch", &b) < 0 || !b)
		b = strdup("main");
	return b;
}

static bool
release_has_fix(struct svc *svc, const struct release *r, const struct fix *fixes, size_t n,
	const char *main_branch, int64_t issue_id)
{
	struct backport bp = {0};
	bool yes = false;

	for (size_t i = 0; i < n && !yes; i++) {
		if (fixes[i].state != FIX_MERGED)
			continue;
		if (strcmp(fixes[i].branch, r->branch) == 0)
			yes = true; /* merged straight into the release branch */
		else if (strcmp(fixes[i].branch, main_branch) == 0 &&
		    strcmp(r->branch, main_branch) == 0 && r->date >= fixes[i].merged_at -
		    (fixes[i].merged_at % CLOCK_DAY))
			yes = true; /* cut from main on or after the merge day */
	}
	if (!yes && store_backport_get(svc->st, issue_id, r->id, &bp) == 0) {
		yes = bp.state == BP_MERGED || bp.state == BP_RELEASED;
		backport_release(&bp);
	}
	return yes;
}

int
flow_facts(struct svc *svc, const struct issue *is, const char *release,
	struct wf_facts *ret)
{
	struct wf_facts f = {0};
	struct fix *fixes = NULL;
	struct release r = {0};
	size_t n = 0;
	char *main_branch = flow_main_branch(svc);
	int rc;

	if (!main_branch)
		return ERR_NOMEM;
	if ((rc = store_fix_list(svc->st, is->id, &fixes, &n)) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (fixes[i].state != FIX_CLOSED)
			f.fixes_linked++;
		if (fixes[i].state == FIX_MERGED && strcmp(fixes[i].branch, main_branch) == 0)
			f.fix_merged_main = true;
	}
	f.release_named = release != NULL;
	if (release && store_release_get(svc->st, release, &r) == 0) {
		f.release_exists = true;
		f.release_has_fix = release_has_fix(svc, &r, fixes, n, main_branch, is->id);
	}
	f.embargo_over = deadline_embargo_over(is, clock_now());
	*ret = f;
out:
	OBJ_LIST_FREE(fixes, n, fix_release);
	release_release(&r);
	free(main_branch);
	return rc;
}

/* Publishing an issue publishes its assigned CVE ids (SPEC §6). */
static int
publish_cves(struct svc *svc, const struct issue *is, int64_t now)
{
	struct cve *cves = NULL;
	size_t n = 0;
	int rc;

	if ((rc = store_cve_list_issue(svc->st, is->id, &cves, &n)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (cves[i].state != CVE_ASSIGNED)
			continue;
		cves[i].state = CVE_PUBLISHED;
		cves[i].published_at = now;
		rc = store_cve_update(svc->st, &cves[i]);
	}
	OBJ_LIST_FREE(cves, n, cve_release);
	return rc;
}

/* A release that ships the fix marks its backport released. */
static int
release_backport(struct svc *svc, const struct issue *is, const char *release, int64_t now)
{
	struct release r = {0};
	struct backport bp = {0};
	int rc;

	if (store_release_get(svc->st, release, &r) < 0)
		return 0;
	rc = store_backport_get(svc->st, is->id, r.id, &bp);
	if (rc == 0 && bp.state != BP_NOT_NEEDED) {
		bp.state = BP_RELEASED;
		bp.updated_at = now;
		rc = store_backport_update(svc->st, &bp);
	} else if (rc == ERR_NOTFOUND) {
		rc = 0;
	}
	backport_release(&bp);
	release_release(&r);
	return rc;
}

static int
apply_effects(struct svc *svc, struct issue *is, enum state to, const char *release,
	int64_t now)
{
	int rc = 0;

	switch (to) {
	case ST_TRIAGE:
		if (!is->acked_at)
			is->acked_at = now;
		break;
	case ST_ACCEPTED:
		is->accepted_at = now;
		break;
	case ST_RELEASED:
		is->released_at = now;
		if ((rc = svc_strset(&is->fixed_in, release)) == 0)
			rc = release_backport(svc, is, release, now);
		break;
	case ST_PUBLIC:
		is->published_at = now;
		is->disclosed_unfixed = is->state < ST_RELEASED;
		rc = publish_cves(svc, is, now);
		break;
	default:
		break;
	}
	return rc;
}

int
flow_apply(struct svc *svc, struct issue *is, enum state to, const char *release,
	const char *reason, bool early_confirmed, struct errdetail *d)
{
	struct wf_facts f = {0};
	enum state from = is->state;
	char key[ISSUE_KEY_MAX];
	int64_t now = clock_now();
	json_t *detail;
	int rc;

	if ((rc = flow_facts(svc, is, release, &f)) < 0)
		return err_set(d, rc, "db", "cannot read the issue's fixes");
	/* early publication is confirmed only by svc_issue_publish(); once
	 * the embargo has ended an issue is published whatever its state
	 * (SPEC §4), and flagged when it was not released yet */
	f.early_confirmed = early_confirmed;
	if (to == ST_PUBLIC && f.embargo_over && from != ST_PUBLIC && from != ST_REJECTED)
		rc = 0;
	else
		rc = workflow_check(is, to, &f, d);
	if (rc < 0)
		return rc;
	if ((rc = apply_effects(svc, is, to, release, now)) < 0)
		return err_set(d, rc, "db", "cannot apply the move");
	is->state = to;
	if ((rc = store_issue_update(svc->st, is)) < 0)
		return err_set(d, rc, "db", "cannot store the issue");
	svc_key(svc, is->id, key);
	detail = json_pack("{s:s,s:s}", "from", state_name(from), "to", state_name(to));
	if (detail && reason)
		json_object_set_new(detail, "reason", json_string(reason));
	if (detail && release)
		json_object_set_new(detail, "release", json_string(release));
	if (detail && to == ST_PUBLIC && is->disclosed_unfixed)
		json_object_set_new(detail, "disclosed_unfixed", json_true());
	return svc_audit(svc, "issue.move", key, detail);
}
