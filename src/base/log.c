/* log.c: the library prints nothing unless logging was asked for. */
#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static atomic_int g_level = GECL_LOG_OFF;
static const char *const level_names[] = {"off", "error", "warning", "info", "debug"};

int gecl_log_parse_level(const char *text)
{
    for (int i = 0; i < (int)(sizeof level_names / sizeof level_names[0]); i++)
        if (strcasecmp(text, level_names[i]) == 0) return i;
    return -1;
}

void gecl_log_set_level(int level) { atomic_store(&g_level, level); }

void gecl_log(int level, const char *fmt, ...)
{
    if (level > atomic_load(&g_level) || level <= GECL_LOG_OFF) return;
    char line[2304];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "[gecl %s] %s\n", level_names[level], line);
}
