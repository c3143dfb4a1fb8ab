/*
 * args.h — the small argument parser of vigil's commands: named options
 * (--name VALUE, --name=VALUE, repeatable ones, flags) and positional
 * arguments, with a usage error naming the offending option.
 */
#ifndef VIGIL_CLI_ARGS_H
#define VIGIL_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/objects.h"

enum opt_kind {
	OPT_FLAG,   /* bool *dst */
	OPT_VALUE,  /* const char **dst; given twice is an error */
	OPT_MULTI,  /* struct strlist *dst; may repeat */
};

struct opt {
	const char *name;   /* without the leading "--" */
	enum opt_kind kind;
	void *dst;
};

/*
 * Parse argv[first..argc) against opts (terminated by a NULL name).
 * Positional arguments go to pos[0..maxpos) and their count to *ret_npos.
 * Returns 0, or EXIT_USAGE after printing "vigil CMD: ..." to stderr.
 * "--" ends options.
 */
int args_parse(const char *cmd, int argc, char **argv, int first, const struct opt *opts,
	const char **pos, size_t maxpos, size_t *ret_npos);

#endif
