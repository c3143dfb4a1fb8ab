/*
 * args.c — option parsing for vigil's commands (see args.h). Reads
 * untrusted command-line words; error messages name the option as the
 * program knows it, not the word that was typed.
 */
#include "cli/args.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/banned.h"

static const struct opt *
find(const struct opt *opts, const char *name, size_t len)
{
	for (; opts->name; opts++)
		if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

static int
take(const char *cmd, const struct opt *o, const char *value)
{
	if (o->kind == OPT_VALUE) {
		const char **dst = o->dst;

		if (*dst) {
			fprintf(stderr, "vigil %s: --%s given twice\n", cmd, o->name);
			return EXIT_USAGE;
		}
		*dst = value;
		return 0;
	}
	if (strlist_add(o->dst, value) < 0) {
		fprintf(stderr, "vigil %s: out of memory\n", cmd);
		return EXIT_FAIL;
	}
	return 0;
}

int
args_parse(const char *cmd, int argc, char **argv, int first, const struct opt *opts,
	const char **pos, size_t maxpos, size_t *ret_npos)
{
	size_t npos = 0;
	bool options = true;

	for (int i = first; i < argc; i++) {
		const char *a = argv[i];

		if (options && strcmp(a, "--") == 0) {
			options = false;
		} else if (options && strncmp(a, "--", 2) == 0) {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			const struct opt *o = find(opts, a + 2, len);
			int rc;

			if (!o) {
				fprintf(stderr, "vigil %s: unknown option (see 'vigil %s --help')\n",
					cmd, cmd);
				return EXIT_USAGE;
			}
			if (o->kind == OPT_FLAG) {
				if (eq) {
					fprintf(stderr, "vigil %s: --%s takes no value\n", cmd, o->name);
					return EXIT_USAGE;
				}
				*(bool *)o->dst = true;
				continue;
			}
			if (!eq && i + 1 >= argc) {
				fprintf(stderr, "vigil %s: --%s needs a value\n", cmd, o->name);
				return EXIT_USAGE;
			}
			if ((rc = take(cmd, o, eq ? eq + 1 : argv[++i])) != 0)
				return rc;
		} else {
			if (npos >= maxpos) {
				fprintf(stderr, "vigil %s: too many arguments (see 'vigil %s --help')\n",
					cmd, cmd);
				return EXIT_USAGE;
			}
			pos[npos++] = a;
		}
	}
	*ret_npos = npos;
	return 0;
}
