/*
 * mail_queue.h — (mail transport) how long the mail queue is, for the
 * sender thread of `vigil serve` to put into /metrics. Counts only: no
 * address, no issue, nothing a recipient could be told.
 */
#ifndef VIGIL_SERVICE_MAIL_QUEUE_H
#define VIGIL_SERVICE_MAIL_QUEUE_H

#include <stdint.h>

#include "service/service.h"

struct outbox_counts {
	int64_t queued;    /* events whose recipients are not computed yet */
	int64_t pending;   /* messages waiting to be sent (or retried) */
	int64_t held;      /* messages that failed for good */
};

/*
 * Count the queue (the mail gateway, or psirt/admin on this machine, as
 * for svc_outbox_next). 0, ERR_PERM or ERR_DB with d filled.
 */
int svc_outbox_counts(struct svc *svc, struct outbox_counts *ret, struct errdetail *d);

#endif
