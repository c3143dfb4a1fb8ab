/*
 * api_people.c — people and their global roles, password and second
 * factor resets by an admin, subsystems, releases and committee meetings.
 * Handlers decode strictly, call the service (which decides who may do
 * what: admin for people, admin or psirt for configuration, psirt for
 * meetings) and print the shapes of `vigil user|subsystem|release|meeting
 * list --json`. Handles untrusted input: JSON bodies and path parameters.
 */
#include "http/api.h"

#include <string.h>

#include "service/present.h"
#include "core/banned.h"

#define END {NULL, 0, false, NULL}

int
api_person_list(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct person *p = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_user_list(req->svc, &p, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_person(&p[i]));
	OBJ_LIST_FREE(p, n, person_release);
	return resp_json(resp, 200, a);
}

int
api_person_create(struct http_req *req, struct http_resp *resp)
{
	const char *login, *email, *name;
	struct strlist roles = {0};
	const struct jfield f[] = {
		{"login", J_STR, true, &login},
		{"email", J_STR, true, &email},
		{"name", J_STR, false, &name},
		{"roles", J_STRLIST, false, &roles},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	unsigned r = 0;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if (roles_parse(&roles, &r) < 0)
		rc = resp_error(resp, 400, "roles", "must hold only psirt, admin or director");
	else
		rc = api_answer(resp, svc_user_add(req->svc, login, email, name, r, &d), &d, 201);
	strlist_release(&roles);
	json_decref(root);
	return rc;
}

int
api_person_update(struct http_req *req, struct http_resp *resp)
{
	struct strlist add = {0}, rem = {0};
	int disabled;
	const struct jfield f[] = {
		{"add_roles", J_STRLIST, false, &add},
		{"remove_roles", J_STRLIST, false, &rem},
		{"disabled", J_BOOL, false, &disabled},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	unsigned a = 0, r = 0;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if (roles_parse(&add, &a) < 0) {
		rc = resp_error(resp, 400, "add_roles", "must hold only psirt, admin or director");
		goto out;
	}
	if (roles_parse(&rem, &r) < 0) {
		rc = resp_error(resp, 400, "remove_roles", "must hold only psirt, admin or director");
		goto out;
	}
	if (!a && !r && disabled < 0) {
		rc = resp_error(resp, 400, "body", "changes nothing: give add_roles, remove_roles "
			"or disabled");
		goto out;
	}
	/* one service call, one transaction: a refusal changes nothing */
	rc = svc_user_update(req->svc, req->params[0], a, r, disabled, &d);
	rc = api_answer(resp, rc, &d, 200);
out:
	strlist_release(&add);
	strlist_release(&rem);
	json_decref(root);
	return rc;
}

int
api_person_password_reset(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	char password[SVC_TOKEN_MAX];
	int rc;

	if ((rc = api_no_body(req, resp)) != 0)
		return rc;
	if ((rc = svc_password_reset(req->svc, req->params[0], password, &d)) < 0)
		return resp_problem(resp, rc, &d);
	rc = resp_json(resp, 200, json_pack("{s:s}", "password", password));
	explicit_bzero(password, sizeof(password));
	return rc;
}

int
api_person_totp_reset(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	int rc;

	if ((rc = api_no_body(req, resp)) != 0)
		return rc;
	return api_answer(resp, svc_totp_reset(req->svc, req->params[0], &d), &d, 200);
}

int
api_subsystem_list(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct subsystem *s = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_subsystem_list(req->svc, &s, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_subsystem(&s[i]));
	OBJ_LIST_FREE(s, n, subsystem_release);
	return resp_json(resp, 200, a);
}

int
api_subsystem_create(struct http_req *req, struct http_resp *resp)
{
	const char *name, *architect;
	struct strlist paths = {0}, maint = {0};
	const struct jfield f[] = {
		{"name", J_STR, true, &name},
		{"paths", J_STRLIST, true, &paths},
		{"maintainers", J_STRLIST, false, &maint},
		{"architect", J_STR, false, &architect},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = svc_subsystem_add(req->svc, name, &paths, &maint, architect, &d);
	api_field_rename(&d, "path", "paths");
	api_field_rename(&d, "maintainer", "maintainers");
	rc = api_answer(resp, rc, &d, 201);
	strlist_release(&paths);
	strlist_release(&maint);
	json_decref(root);
	return rc;
}

int
api_release_list(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct release *r = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_release_list(req->svc, &r, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_release(&r[i]));
	OBJ_LIST_FREE(r, n, release_release);
	return resp_json(resp, 200, a);
}

int
api_release_create(struct http_req *req, struct http_resp *resp)
{
	const char *name, *branch, *date;
	int lts;
	struct strlist managers = {0};
	const struct jfield f[] = {
		{"name", J_STR, true, &name},
		{"branch", J_STR, true, &branch},
		{"date", J_STR, true, &date},
		{"lts", J_BOOL, false, &lts},
		{"managers", J_STRLIST, false, &managers},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = svc_release_add(req->svc, name, branch, date, lts == 1, &managers, &d);
	api_field_rename(&d, "manager", "managers");
	rc = api_answer(resp, rc, &d, 201);
	strlist_release(&managers);
	json_decref(root);
	return rc;
}

int
api_release_eol(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	int rc;

	if ((rc = api_no_body(req, resp)) != 0)
		return rc;
	return api_answer(resp, svc_release_eol(req->svc, req->params[0], &d), &d, 200);
}

int
api_meeting_list(struct http_req *req, struct http_resp *resp)
{
	struct errdetail d = {0};
	struct meeting *m = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	if ((rc = svc_meeting_list(req->svc, &m, &n, &d)) < 0)
		return resp_problem(resp, rc, &d);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, present_meeting(req->svc, &m[i]));
	OBJ_LIST_FREE(m, n, meeting_release);
	return resp_json(resp, 200, a);
}

int
api_meeting_create(struct http_req *req, struct http_resp *resp)
{
	const char *date;
	struct strlist att = {0};
	const struct jfield f[] = {
		{"date", J_STR, true, &date},
		{"attendees", J_STRLIST, true, &att},
		END,
	};
	struct errdetail d = {0};
	json_t *root = NULL;
	int64_t id;
	int rc;

	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	if ((rc = svc_meeting_add(req->svc, date, &att, &id, &d)) < 0) {
		api_field_rename(&d, "attendee", "attendees");
		rc = resp_problem(resp, rc, &d);
	} else {
		rc = resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
	strlist_release(&att);
	json_decref(root);
	return rc;
}

int
api_meeting_decide(struct http_req *req, struct http_resp *resp)
{
	const char *issue, *kind, *until, *reason;
	const struct jfield f[] = {
		{"issue", J_STR, true, &issue},
		{"kind", J_STR, true, &kind},
		{"until", J_STR, false, &until},
		{"reason", J_STR, false, &reason},
		END,
	};
	long long id = api_parse_id(req->params[0]);
	struct errdetail d = {0};
	json_t *root = NULL;
	int rc;

	/* answered as the service answers an unknown meeting number */
	if (id < 0)
		return resp_error(resp, 400, "meeting", "names no meeting");
	if ((rc = jsonin_decode(req, resp, f, &root)) != 0)
		return rc;
	rc = api_answer(resp, svc_meeting_decide(req->svc, id, issue, kind, until, reason, &d), &d,
		201);
	json_decref(root);
	return rc;
}
