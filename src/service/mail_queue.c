/*
 * mail_queue.c — (mail transport) the length of the mail queue for
 * /metrics: events not yet expanded, messages pending and held. Read-only;
 * the same callers as the queue itself (outbox.c). Reads every row once,
 * which is fine at one pass per minute for the queues vigil keeps.
 */
#include "service/mail_internal.h"
#include "service/mail_queue.h"

#include <stdlib.h>

#include "core/banned.h"

int
svc_outbox_counts(struct svc *svc, struct outbox_counts *ret, struct errdetail *d)
{
	struct outbox_event *ev = NULL;
	struct delivery *dl = NULL;
	struct outbox_counts c = {0};
	size_t nev = 0, ndl = 0;
	int rc;

	if (!mail_is_gateway(svc) && (svc->networked ||
	    !(acc_roles(svc) & (ROLE_PSIRT | ROLE_ADMIN))))
		return err_set(d, ERR_PERM, "as", "you may not read the mail queue");
	if ((rc = store_outbox_event_list(svc->st, &ev, &nev)) < 0 ||
	    (rc = store_delivery_list(svc->st, &dl, &ndl)) < 0) {
		rc = err_set(d, ERR_DB, "db", "cannot read the mail queue");
		goto out;
	}
	for (size_t i = 0; i < nev; i++)
		c.queued += ev[i].expanded_at == 0;
	for (size_t i = 0; i < ndl; i++) {
		c.pending += dl[i].state == DLV_PENDING;
		c.held += dl[i].state == DLV_HELD;
	}
	*ret = c;
out:
	for (size_t i = 0; i < nev; i++)
		outbox_event_release(&ev[i]);
	for (size_t i = 0; i < ndl; i++)
		delivery_release(&dl[i]);
	free(ev);
	free(dl);
	return rc;
}
