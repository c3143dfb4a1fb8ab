/*
 * issue.c — lifecycle of struct issue (see issue.h). No input handling.
 */
#include "model/issue.h"

#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

void
issue_release(struct issue *is)
{
	if (!is)
		return;
	free(is->title);
	free(is->description);
	free(is->cvss);
	free(is->cvss_severity);
	free(is->subsystem);
	free(is->reporter);
	free(is->assignee);
	free(is->affected_version);
	free(is->introduced_in);
	free(is->fixed_in);
	free(is->credit);
	free(is->duplicate_of);
	free(is->public_link);
	free(is->publish_reason);
	memset(is, 0, sizeof(*is));
}
