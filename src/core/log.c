/*
 * log.c — leveled messages on standard error (see log.h). The level is the
 * one mutable global vigil allows besides the read-only configuration.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/banned.h"

static enum log_level log_level = LOG_WARN;

void
log_set_level(enum log_level lvl)
{
	log_level = lvl;
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *names[] = {"error", "warning", "info", "debug"};
	va_list ap;

	if (lvl > log_level)
		return;
	fprintf(stderr, "vigil: %s: ", names[lvl]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
