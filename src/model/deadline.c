/*
 * deadline.c — deadline arithmetic of SPEC §4 (see deadline.h).
 */
#include "model/deadline.h"

#include "core/clock.h"
#include "core/limits.h"
#include "core/banned.h"

int64_t
deadline_ack_due(const struct issue *is)
{
	return is->reported_at + (int64_t)DAYS_ACK * CLOCK_DAY;
}

int64_t
deadline_fix_due(const struct issue *is)
{
	return is->reported_at + (int64_t)DAYS_FIX * CLOCK_DAY;
}

int64_t
deadline_embargo_default(const struct issue *is)
{
	return is->reported_at + (int64_t)DAYS_EMBARGO_MAX * CLOCK_DAY;
}

static bool
is_open(const struct issue *is)
{
	return is->state != ST_PUBLIC && is->state != ST_REJECTED;
}

bool
deadline_ack_overdue(const struct issue *is, int64_t now)
{
	return is_open(is) && is->acked_at == 0 && now > deadline_ack_due(is);
}

bool
deadline_fix_overdue(const struct issue *is, int64_t now)
{
	return is_open(is) && is->state < ST_ACCEPTED && now > deadline_fix_due(is);
}

bool
deadline_embargo_over(const struct issue *is, int64_t now)
{
	if (is->embargo == EMB_NO)
		return true;
	return is->embargo_until != 0 && now >= is->embargo_until;
}

bool
deadline_embargo_soon(const struct issue *is, int64_t now)
{
	/* undecided issues are published at their end too, so they are listed */
	return is_open(is) && is->embargo != EMB_NO && is->embargo_until > now &&
		is->embargo_until - now <= (int64_t)DAYS_EMBARGO_SOON * CLOCK_DAY;
}

int
deadline_check_embargo_end(const struct issue *is, int64_t end, struct errdetail *d)
{
	char max[16];

	if (end < is->reported_at)
		return err_set(d, ERR_INVAL, "embargo_until", "is before the report date");
	if (end > is->embargo_max) {
		clock_fmt_date(is->embargo_max, max, sizeof(max));
		return err_setf(d, ERR_CONFLICT, "embargo_until",
			"is after the latest allowed end %s; only a meeting with quorum can extend it",
			max);
	}
	return 0;
}
