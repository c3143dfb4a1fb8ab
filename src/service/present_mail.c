/*
 * present_mail.c — JSON shapes of alert-list members, queue entries and
 * rendered messages (present_mail.h). Formatting only: the inputs are
 * already what the caller may see.
 */
#include "service/present_mail.h"

#include "service/present.h"
#include "core/banned.h"

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *
present_alert_member(const struct alert_member *m)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < m->addresses.n; i++)
		json_array_append_new(a, json_string(m->addresses.v[i]));
	return json_pack("{s:I,s:s,s:o,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:o}",
		"id", (json_int_t)m->id, "org", m->org, "addresses", a ? a : json_array(),
		"reason", m->reason, "pgp_key", str_or_null(m->pgp_key),
		"status", alert_status_name(m->status), "vetted_by", str_or_null(m->vetted_by),
		"vetted_at", present_time(m->vetted_at), "note", str_or_null(m->note),
		"created", present_time(m->created_at), "updated", present_time(m->updated_at));
}

json_t *
present_outbox_entry(const struct outbox_entry *e)
{
	return json_pack("{s:I,s:I,s:s,s:o,s:o,s:o,s:s,s:i,s:o,s:o,s:o,s:o,s:o}",
		"id", (json_int_t)e->id, "event", (json_int_t)e->event_id, "kind", e->kind,
		"key", e->key[0] ? json_string(e->key) : json_null(),
		"recipient", str_or_null(e->recipient), "to", str_or_null(e->to),
		"state", e->state, "attempts", e->attempts,
		"created", present_time(e->created_at), "next_attempt", present_time(e->next_at),
		"sent", present_time(e->sent_at), "last_error", str_or_null(e->last_error),
		"message_id", str_or_null(e->message_id));
}

json_t *
present_outmsg(const struct outmsg *m)
{
	return json_pack("{s:I,s:s,s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:o,s:i}",
		"id", (json_int_t)m->id, "to", m->to, "to_name", str_or_null(m->to_name),
		"from", m->from, "subject", m->subject, "body", m->body,
		"message_id", m->message_id, "in_reply_to", str_or_null(m->in_reply_to),
		"references", str_or_null(m->references), "encrypt", m->encrypt,
		"pgp_key", str_or_null(m->pgp_key), "attempts", m->attempts);
}

json_t *
present_outbox_pruned(const struct outbox_pruned *p)
{
	return json_pack("{s:I,s:I,s:i,s:o}", "events", (json_int_t)p->events,
		"deliveries", (json_int_t)p->deliveries, "keep_days", p->keep_days,
		"before", present_time(p->before));
}
