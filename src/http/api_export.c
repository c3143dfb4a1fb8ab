/*
 * api_export.c — GET /api/v1/issues/{key}/advisories/{format}: the
 * machine-readable advisory of a public issue (cve: the array of its CVE
 * records; osv, csaf, openvex: one document), written by src/export/ from
 * the public view service/advisory.c hands over. An unknown format, a
 * hidden issue and a missing one all answer the one 404.
 */
#include "http/api.h"

#include "export/export.h"
#include "service/service.h"
#include "core/banned.h"

static json_t *
document(const struct advisory *a, enum export_format f)
{
	json_t *arr;

	switch (f) {
	case EXP_CVE5:
		if (!(arr = json_array()))
			return NULL;
		for (size_t i = 0; i < a->v.ncves; i++)
			if (a->v.cves[i].state != CVE_REJECTED)
				json_array_append_new(arr, export_cve5(a, a->v.cves[i].id));
		return arr;
	case EXP_OSV:
		return export_osv(a);
	case EXP_CSAF:
		return export_csaf(a);
	default:
		return export_openvex(a);
	}
}

int
api_advisory(struct http_req *req, struct http_resp *resp)
{
	struct advisory a = {0};
	struct errdetail d = {0};
	enum export_format f;
	json_t *doc;
	int rc;

	if (export_format_parse(req->params[1], &f) < 0)
		return resp_problem(resp, ERR_NOTFOUND, NULL);
	if ((rc = svc_advisory(req->svc, req->params[0], &a, &d)) < 0)
		return resp_problem(resp, rc, &d);
	doc = document(&a, f);
	advisory_release(&a);
	if ((rc = svc_export_record(req->svc, export_format_name(f), f == EXP_CVE5 ?
	    json_array_size(doc) : 1, &d)) < 0) {
		json_decref(doc);
		return resp_problem(resp, rc, &d);
	}
	return resp_json(resp, 200, doc);
}
