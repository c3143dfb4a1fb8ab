/*
 * cmd_cvss.c — `vigil cvss VECTOR [--json]`: scores a CVSS v3.0, v3.1 or
 * v4.0 vector and prints its canonical form, version and scores, as text or
 * as one JSON object. Needs no database. The vector is untrusted input; it
 * is handed to cvss_score() and never printed back unless it was accepted
 * (then only its canonical form, rebuilt from the metric table).
 * In remote mode the server scores it (POST /api/v1/cvss): --json prints
 * its answer; the text is printed from the canonical vector it returned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/remote.h"
#include "model/cvss/cvss.h"

#include "core/banned.h"

static const char cvss_help[] =
"NAME\n"
"    vigil cvss - score a CVSS vector\n"
"\n"
"SYNOPSIS\n"
"    vigil cvss VECTOR [--json]\n"
"\n"
"DESCRIPTION\n"
"    Checks a CVSS v3.0, v3.1 or v4.0 vector (CVSS:3.0/..., CVSS:3.1/...,\n"
"    CVSS:4.0/...) and prints its canonical form, with the metrics in the\n"
"    order of the specification, and its scores with their severities\n"
"    (None, Low, Medium, High, Critical).\n"
"\n"
"    Metrics may be given in any order; every base metric is required and\n"
"    no metric may appear twice. Optional metrics may be X (Not Defined);\n"
"    X values that are written out are kept in the canonical vector.\n"
"\n"
"    For v3.x the base, temporal and environmental scores are printed;\n"
"    \"score\" is the environmental score when an environmental metric is\n"
"    set, else the temporal score when a temporal metric is set, else the\n"
"    base score. For v4.0 the single score is printed with its nomenclature\n"
"    (CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE). CVSS v2 is not supported.\n"
"\n"
"OPTIONS\n"
"    --json      print one JSON object: version, vector, score, severity,\n"
"                and base_score, base_severity, temporal_score,\n"
"                temporal_severity, environmental_score,\n"
"                environmental_severity (v3.x) or nomenclature (v4.0)\n"
"    -h, --help  show this help\n"
"\n"
"EXIT STATUS\n"
"    0 scored, 1 invalid vector, 2 usage error\n"
"\n"
"EXAMPLE\n"
"    vigil cvss CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n";

/* A score as a JSON number with one decimal (8.6, not 8.5999999999999996). */
static int
add_score(json_t *o, const char *key, double score)
{
	return json_object_set_new(o, key, json_real(score));
}

static int
print_json(const struct cvss_result *r)
{
	json_t *o;
	char *s = NULL;
	int rc = -1;

	if ((o = json_object()) == NULL)
		goto out;
	if (json_object_set_new(o, "version",
	    json_string(cvss_version_str(r->version))) != 0 ||
	    json_object_set_new(o, "vector", json_string(r->vector)) != 0 ||
	    add_score(o, "score", r->score) != 0 ||
	    json_object_set_new(o, "severity", json_string(r->severity)) != 0)
		goto out;
	if (r->version == CVSS_V40) {
		if (json_object_set_new(o, "nomenclature",
		    json_string(r->nomenclature)) != 0)
			goto out;
	} else if (add_score(o, "base_score", r->base_score) != 0 ||
	    json_object_set_new(o, "base_severity",
	    json_string(r->base_severity)) != 0 ||
	    add_score(o, "temporal_score", r->temporal_score) != 0 ||
	    json_object_set_new(o, "temporal_severity",
	    json_string(r->temporal_severity)) != 0 ||
	    add_score(o, "environmental_score", r->environmental_score) != 0 ||
	    json_object_set_new(o, "environmental_severity",
	    json_string(r->environmental_severity)) != 0)
		goto out;
	/* three significant digits print every 0.0..10.0 score with one decimal */
	if ((s = json_dumps(o, JSON_REAL_PRECISION(3))) == NULL)
		goto out;
	if (printf("%s\n", s) < 0)
		goto out;
	rc = 0;
out:
	free(s);
	json_decref(o);
	return rc;
}

static int
print_text(const struct cvss_result *r)
{
	if (printf("vector:         %s\nversion:        %s\n", r->vector,
	    cvss_version_str(r->version)) < 0)
		return -1;
	if (r->version == CVSS_V40)
		return printf("score:          %.1f %s\nnomenclature:   %s\n",
		    r->score, r->severity, r->nomenclature) < 0 ? -1 : 0;
	if (printf("base:           %.1f %s\n", r->base_score,
	    r->base_severity) < 0 ||
	    printf("temporal:       %.1f %s%s\n", r->temporal_score,
	    r->temporal_severity,
	    r->has_temporal ? "" : " (no temporal metrics)") < 0 ||
	    printf("environmental:  %.1f %s%s\n", r->environmental_score,
	    r->environmental_severity,
	    r->has_environmental ? "" : " (no environmental metrics)") < 0 ||
	    printf("score:          %.1f %s\n", r->score, r->severity) < 0)
		return -1;
	return 0;
}

static int
remote_cvss(struct cli *cli, const char *vector, bool json)
{
	struct cvss_result r;
	struct errdetail d = {0};
	json_t *o = NULL;
	char *s;
	int rc;

	if ((rc = cli_remote(cli, "cvss", NF_ROUTE, "POST", json_pack("{s:s}", "vector", vector),
	    &o, "cvss", NULL)) != 0)
		return rc;
	if (json) {
		s = json_dumps(o, JSON_REAL_PRECISION(3));
		rc = s && printf("%s\n", s) >= 0 ? EXIT_OK : cli_fail("cvss", ERR_IO, NULL);
		free(s);
	} else if (cvss_score(cli_jstr(o, "vector", ""), &r, &d) != 0) {
		rc = cli_fail("cvss", ERR_IO, &(struct errdetail){"server", "answered without a "
			"vector this vigil can score"});
	} else {
		rc = print_text(&r) == 0 ? EXIT_OK : cli_fail("cvss", ERR_IO, NULL);
	}
	json_decref(o);
	return rc;
}

int
cmd_cvss(struct cli *cli, int argc, char **argv)
{
	struct cvss_result r;
	struct errdetail d;
	const char *vector = NULL;
	bool json = false, options_done = false;
	int i, err, rc;

	if (cli_help(argc, argv, cvss_help))
		return EXIT_OK;
	for (i = 1; i < argc; i++) {
		if (!options_done && strcmp(argv[i], "--") == 0)
			options_done = true;
		else if (!options_done && strcmp(argv[i], "--json") == 0)
			json = true;
		else if (!options_done && argv[i][0] == '-')
			return cli_usage("cvss", "unknown option");
		else if (vector != NULL)
			return cli_usage("cvss", "expected exactly one VECTOR");
		else
			vector = argv[i];
	}
	if (vector == NULL)
		return cli_usage("cvss", "missing VECTOR");

	if (cli->remote)
		return remote_cvss(cli, vector, json);
	err_clear(&d);
	if ((err = cvss_score(vector, &r, &d)) != 0)
		return cli_fail("cvss", err, &d);
	rc = json ? print_json(&r) : print_text(&r);
	if (rc != 0 || fflush(stdout) != 0)
		return cli_fail("cvss", ERR_IO, NULL);
	return EXIT_OK;
}
