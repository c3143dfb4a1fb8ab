/*
 * clock.c — VIGIL_NOW-aware clock and strict UTC date parsing (see clock.h).
 * Parses untrusted date strings: every character is checked, and the parsed
 * date must round-trip through timegm() to be accepted.
 */
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "core/banned.h"

static int
digits(const char *s, int n, int *ret)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*ret = v;
	return 0;
}

static int
make_time(int y, int mo, int d, int h, int mi, int se, int64_t *ret)
{
	struct tm tm = {0}, back;
	time_t t;

	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || se > 60)
		return ERR_INVAL;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	t = timegm(&tm);
	if (t == (time_t)-1 || !gmtime_r(&t, &back))
		return ERR_INVAL;
	if (back.tm_mday != d || back.tm_mon != mo - 1)
		return ERR_INVAL; /* 2027-02-30 normalises to March */
	*ret = (int64_t)t;
	return 0;
}

int
clock_parse_date(const char *s, int64_t *ret)
{
	int y, mo, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d))
		return ERR_INVAL;
	return make_time(y, mo, d, 0, 0, 0, ret);
}

int
clock_parse(const char *s, int64_t *ret)
{
	int y, mo, d, h, mi, se;
	size_t len;

	if (!s)
		return ERR_INVAL;
	len = strlen(s);
	if (len == 10)
		return clock_parse_date(s, ret);
	if (len != 20 && len != 25)
		return ERR_INVAL;
	if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
	    s[13] != ':' || s[16] != ':')
		return ERR_INVAL;
	if (len == 20 && s[19] != 'Z' && s[19] != 'z')
		return ERR_INVAL;
	if (len == 25 && strcmp(s + 19, "+00:00") != 0)
		return ERR_INVAL;
	if (digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
	    digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &se))
		return ERR_INVAL;
	return make_time(y, mo, d, h, mi, se, ret);
}

int
clock_check_env(void)
{
	const char *e = getenv("VIGIL_NOW");
	int64_t t;

	if (!e || !*e)
		return 0;
	return clock_parse(e, &t);
}

int64_t
clock_now(void)
{
	const char *e = getenv("VIGIL_NOW");
	int64_t t;

	if (e && *e && clock_parse(e, &t) == 0)
		return t;
	return (int64_t)time(NULL);
}

void
clock_fmt_date(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || strftime(out, n, "%Y-%m-%d", &tm) == 0) {
		if (n)
			out[0] = '\0';
	}
}

void
clock_fmt_iso(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		if (n)
			out[0] = '\0';
	}
}

int64_t
clock_days_between(int64_t a, int64_t b)
{
	int64_t d = b - a;

	if (d >= 0)
		return d / CLOCK_DAY;
	return -((-d + CLOCK_DAY - 1) / CLOCK_DAY);
}
