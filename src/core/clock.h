/*
 * clock.h — the one source of "now" in vigil, and UTC date helpers. Nothing
 * else calls time(): tests set VIGIL_NOW (ISO 8601 UTC, e.g.
 * 2027-01-15T10:00:00Z or 2027-01-15) to move the whole program in time.
 * Dates are seconds since the epoch, UTC, as int64_t.
 */
#ifndef VIGIL_CORE_CLOCK_H
#define VIGIL_CORE_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#define CLOCK_DAY 86400

/*
 * The current time: VIGIL_NOW when set (an unparsable VIGIL_NOW makes
 * clock_check_env() fail, and clock_now() falls back to the real clock).
 */
int64_t clock_now(void);

/* 0 when VIGIL_NOW is unset or valid, ERR_INVAL otherwise. */
int clock_check_env(void);

/*
 * Parse "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ" (also with a
 * "+00:00" offset). Rejects impossible dates (2027-02-30). 0 or ERR_INVAL;
 * *ret is written only on success.
 */
int clock_parse(const char *s, int64_t *ret);

/* Parse only the "YYYY-MM-DD" form. */
int clock_parse_date(const char *s, int64_t *ret);

/* Format as "YYYY-MM-DD" into out (at least 11 bytes). */
void clock_fmt_date(int64_t t, char *out, size_t n);
/* Format as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void clock_fmt_iso(int64_t t, char *out, size_t n);

/* Whole days from a to b, rounded down (negative when b is before a). */
int64_t clock_days_between(int64_t a, int64_t b);

#endif
