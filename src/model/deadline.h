/*
 * deadline.h — the clock of SPEC §4: when acknowledgement and fix are due,
 * the longest embargo, and which issues are overdue or ending soon. Pure:
 * "now" is always an argument.
 */
#ifndef VIGIL_MODEL_DEADLINE_H
#define VIGIL_MODEL_DEADLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "model/issue.h"

int64_t deadline_ack_due(const struct issue *is);
int64_t deadline_fix_due(const struct issue *is);
/* The default and maximum embargo end: reported + 90 days. */
int64_t deadline_embargo_default(const struct issue *is);

bool deadline_ack_overdue(const struct issue *is, int64_t now);
bool deadline_fix_overdue(const struct issue *is, int64_t now);
/* Embargo ends within DAYS_EMBARGO_SOON days from now (and not yet over). */
bool deadline_embargo_soon(const struct issue *is, int64_t now);
/* The embargo is over: none was needed, or embargo_until has passed. */
bool deadline_embargo_over(const struct issue *is, int64_t now);

/*
 * May the embargo end be set to end? It must not be before the report nor
 * after is->embargo_max (90 days, or a meeting's extension).
 * 0 or ERR_INVAL/ERR_CONFLICT with detail.
 */
int deadline_check_embargo_end(const struct issue *is, int64_t end, struct errdetail *d);

#endif
