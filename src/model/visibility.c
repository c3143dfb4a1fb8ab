/*
 * visibility.c — the need-to-know decision (see visibility.h). Pure: the
 * caller has already gathered the relation. Admin and director give no view
 * of issue content (separation of privilege, SPEC §1).
 */
#include "model/visibility.h"

#include "core/banned.h"

enum view
visibility_view(const struct relation *rel, enum state st)
{
	if (!rel->anonymous) {
		if (rel->psirt || rel->assignee || rel->maintainer || rel->architect ||
		    rel->release_manager || rel->granted)
			return VIEW_FULL;
		if (rel->reporter)
			return VIEW_REPORTER;
	}
	if (st == ST_PUBLIC)
		return VIEW_PUBLIC;
	return VIEW_NONE;
}

bool
visibility_can_see(const struct relation *rel, enum state st)
{
	return visibility_view(rel, st) != VIEW_NONE;
}
