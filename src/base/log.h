/* log.h: opt-in logging to stderr (GECL_LOG=error|warning|info|debug); silent by default. */
#ifndef GECL_BASE_LOG_H
#define GECL_BASE_LOG_H

enum gecl_log_level { GECL_LOG_OFF, GECL_LOG_ERROR, GECL_LOG_WARNING, GECL_LOG_INFO, GECL_LOG_DEBUG };

/* Parses "off|error|warning|info|debug"; returns -1 for anything else. */
int gecl_log_parse_level(const char *text);
void gecl_log_set_level(int level);
void gecl_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
