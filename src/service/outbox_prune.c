/*
 * outbox_prune.c — outbox retention (docs/mail.md "Retention"): a
 * finished outbox event (every delivery sent or dropped, or none at all)
 * holds the payload its messages were rendered from — possibly embargoed
 * text — and the addresses it went to; after the setting
 * outbox_keep_days it is deleted with its deliveries, in one transaction.
 * Pending and held messages are never deleted. What a sent message's
 * Message-ID pointed to stays (store_outbox_prune), so a late reply still
 * threads. Runs in every sender pass (src/mail/send.c) and as `vigil
 * outbox prune`. Handles no untrusted input beyond the setting.
 */
#include "service/mail_internal.h"

#include <stdlib.h>

#include "core/clock.h"
#include "core/limits.h"
#include "core/banned.h"

/* The setting in force; config.c refuses anything but 1..3650, so a
 * value outside that (a database edited by hand) falls back to 30. */
static int
keep_days(struct svc *svc)
{
	char *v = mail_setting(svc, "outbox_keep_days"), *end = NULL;
	long n = v ? strtol(v, &end, 10) : 0;

	if (!v || !end || *end || n < 1 || n > LIM_OUTBOX_KEEP_DAYS_MAX)
		n = LIM_OUTBOX_KEEP_DAYS_DEFAULT;
	free(v);
	return (int)n;
}

int
svc_outbox_prune(struct svc *svc, struct outbox_pruned *ret, struct errdetail *d)
{
	struct outbox_pruned p = {0};
	int rc;

	if ((rc = outbox_check_admin(svc, d)) < 0)
		return rc;
	p.keep_days = keep_days(svc);
	p.before = clock_now() - (int64_t)p.keep_days * CLOCK_DAY;
	if ((rc = svc_begin(svc, d)) < 0)
		return rc;
	rc = store_outbox_prune(svc->st, p.before, &p.events, &p.deliveries);
	if (rc < 0)
		err_set(d, rc, "db", "cannot prune the mail queue");
	else if (p.events)
		rc = svc_audit(svc, "mail.prune", "outbox", json_pack("{s:I,s:I,s:i}", "events",
			(json_int_t)p.events, "deliveries", (json_int_t)p.deliveries, "keep_days",
			p.keep_days));
	if ((rc = svc_end(svc, rc, d)) < 0)
		return rc;
	if (ret)
		*ret = p;
	return 0;
}
