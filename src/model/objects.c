/*
 * objects.c — release functions of the plain domain objects (objects.h).
 */
#include "model/objects.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/banned.h"

void
strlist_release(struct strlist *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int
strlist_add(struct strlist *l, const char *s)
{
	char **nv;
	char *c = strdup(s);

	if (!c)
		return ERR_NOMEM;
	nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (!nv) {
		free(c);
		return ERR_NOMEM;
	}
	nv[l->n++] = c;
	l->v = nv;
	return 0;
}

bool
strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

void
person_release(struct person *p)
{
	if (!p)
		return;
	free(p->login);
	free(p->email);
	free(p->name);
	memset(p, 0, sizeof(*p));
}

void
subsystem_release(struct subsystem *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->architect);
	strlist_release(&s->globs);
	strlist_release(&s->maintainers);
	memset(s, 0, sizeof(*s));
}

void
release_release(struct release *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->branch);
	strlist_release(&r->managers);
	memset(r, 0, sizeof(*r));
}

void
comment_release(struct comment *c)
{
	if (!c)
		return;
	free(c->author);
	free(c->body);
	memset(c, 0, sizeof(*c));
}

void
attachment_release(struct attachment *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->uploader);
	memset(a, 0, sizeof(*a));
}

void
cve_release(struct cve *c)
{
	if (!c)
		return;
	free(c->reason);
	memset(c, 0, sizeof(*c));
}

void
fix_release(struct fix *f)
{
	if (!f)
		return;
	free(f->url);
	free(f->repo);
	free(f->branch);
	free(f->commit);
	memset(f, 0, sizeof(*f));
}

void
backport_release(struct backport *b)
{
	if (!b)
		return;
	free(b->release);
	free(b->reason);
	free(b->fix_url);
	memset(b, 0, sizeof(*b));
}

void
grant_release(struct grant *g)
{
	if (!g)
		return;
	free(g->person);
	free(g->granted_by);
	free(g->reason);
	free(g->revoked_by);
	memset(g, 0, sizeof(*g));
}

void
meeting_release(struct meeting *m)
{
	if (!m)
		return;
	strlist_release(&m->attendees);
	for (size_t i = 0; i < m->ndecisions; i++) {
		free(m->decisions[i].kind);
		free(m->decisions[i].reason);
	}
	free(m->decisions);
	memset(m, 0, sizeof(*m));
}

void
audit_event_release(struct audit_event *e)
{
	if (!e)
		return;
	free(e->actor);
	free(e->action);
	free(e->object);
	free(e->detail);
	memset(e, 0, sizeof(*e));
}

void
person_auth_release(struct person_auth *a)
{
	if (!a)
		return;
	free(a->password_hash);
	free(a->totp_secret);
	memset(a, 0, sizeof(*a));
}

void
api_token_release(struct api_token *t)
{
	if (!t)
		return;
	free(t->name);
	memset(t, 0, sizeof(*t));
}
