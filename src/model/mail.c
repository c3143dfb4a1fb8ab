/*
 * mail.c — names and release functions of the mail objects (mail.h).
 */
#include "model/mail.h"

#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

const char *
alert_status_name(enum alert_status s)
{
	static const char *const names[] = {"requested", "approved", "denied", "removed"};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

const char *
delivery_state_name(enum delivery_state s)
{
	static const char *const names[] = {"pending", "sent", "held", "dropped"};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

void
alert_member_release(struct alert_member *m)
{
	if (!m)
		return;
	free(m->org);
	strlist_release(&m->addresses);
	free(m->reason);
	free(m->pgp_key);
	free(m->vetted_by);
	free(m->note);
	memset(m, 0, sizeof(*m));
}

void
alert_member_list_free(struct alert_member *v, size_t n)
{
	OBJ_LIST_FREE(v, n, alert_member_release);
}

void
outbox_event_release(struct outbox_event *e)
{
	if (!e)
		return;
	free(e->kind);
	free(e->payload);
	memset(e, 0, sizeof(*e));
}

void
delivery_release(struct delivery *dl)
{
	if (!dl)
		return;
	free(dl->address);
	free(dl->message_id);
	free(dl->last_error);
	memset(dl, 0, sizeof(*dl));
}
