/*
 * present.h — the stable JSON shapes of vigil's objects, defined once so
 * that `vigil … --json` and the HTTP API print the same thing
 * (docs/json.md documents them). Input structs come from service/ and are
 * already filtered by need to know; these functions only format.
 * Each returns a new reference (json_decref() it) or NULL on ENOMEM.
 */
#ifndef VIGIL_SERVICE_PRESENT_H
#define VIGIL_SERVICE_PRESENT_H

#include <jansson.h>

#include "service/service.h"

/* date as "YYYY-MM-DD" or null for 0 */
json_t *present_date(int64_t t);
/* time as "YYYY-MM-DDTHH:MM:SSZ" or null for 0 */
json_t *present_time(int64_t t);

json_t *present_issue(struct svc *svc, const struct issue_view *v, bool full);
json_t *present_person(const struct person *p);
json_t *present_subsystem(const struct subsystem *s);
json_t *present_release(const struct release *r);
json_t *present_cve(struct svc *svc, const struct cve *c);
json_t *present_fix(const struct fix *f);
json_t *present_backport(const struct backport *b);
json_t *present_meeting(struct svc *svc, const struct meeting *m);
json_t *present_audit_event(const struct audit_event *e);
json_t *present_tick(const struct tick_result *r);
json_t *present_strlist(const struct strlist *l);
/* an API token without its secret: {name, scope, created, expires, revoked} */
json_t *present_token(const struct api_token *t);

#endif
