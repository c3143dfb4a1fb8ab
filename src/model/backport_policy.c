/*
 * backport_policy.c — the backport policy of SPEC §8 (see
 * backport_policy.h). Versions compare with text_version_cmp().
 */
#include "model/backport_policy.h"

#include <stdio.h>

#include "core/text.h"
#include "core/banned.h"

static bool
eligible(const struct release *r, int64_t now)
{
	return r->supported && r->date <= now;
}

/* Is release a newer than b? By date, then by version. */
static bool
newer(const struct release *a, const struct release *b)
{
	if (a->date != b->date)
		return a->date > b->date;
	return text_version_cmp(a->name, b->name) > 0;
}

static size_t
add(struct backport_plan ret[3], size_t k, size_t idx)
{
	for (size_t i = 0; i < k; i++)
		if (ret[i].release == idx)
			return k;
	ret[k].release = idx;
	return k + 1;
}

size_t
backport_plan(const struct release *rels, size_t n, const char *introduced,
	int64_t now, struct backport_plan ret[3])
{
	size_t k = 0, lts = n, first = n, second = n;

	for (size_t i = 0; i < n; i++) {
		if (!eligible(&rels[i], now))
			continue;
		if (rels[i].lts && (lts == n || newer(&rels[i], &rels[lts])))
			lts = i;
		if (first == n || newer(&rels[i], &rels[first])) {
			second = first;
			first = i;
		} else if (second == n || newer(&rels[i], &rels[second])) {
			second = i;
		}
	}
	if (lts != n)
		k = add(ret, k, lts);
	if (first != n)
		k = add(ret, k, first);
	if (second != n)
		k = add(ret, k, second);
	for (size_t i = 0; i < k; i++) {
		const struct release *r = &rels[ret[i].release];

		ret[i].reason[0] = '\0';
		ret[i].state = BP_NEEDED;
		if (introduced && text_version_cmp(introduced, r->name) > 0) {
			ret[i].state = BP_NOT_NEEDED;
			snprintf(ret[i].reason, sizeof(ret[i].reason),
				"introduced in %s, after this release", introduced);
		}
	}
	return k;
}
