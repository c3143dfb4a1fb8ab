/*
 * log.h — diagnostics on standard error. Only boundaries (CLI commands,
 * HTTP handlers, mail intake) log; lower layers return errors instead.
 * Never log issue content: log keys, ids and error codes.
 */
#ifndef VIGIL_CORE_LOG_H
#define VIGIL_CORE_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level lvl);
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
