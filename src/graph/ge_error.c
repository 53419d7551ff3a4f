/* ge_error.c: error and warning messages of the graph layer. */
#include "ge_error.h"

#include <stdarg.h>
#include <stdio.h>

#include "error.h"
#include "log.h"

static _Thread_local char tls_warning[1024];

gecl_status gecl_ge_fail(gecl_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gecl_vmessage(fmt, ap);
    va_end(ap);
    return code;
}

gecl_status gecl_ge_oom(void) { return gecl_ge_fail(GECL_FAILED, "out of host memory"); }

gecl_status gecl_ge_wrap(gecl_status code, const char *fmt, ...)
{
    char context[512], inner[2048];
    snprintf(inner, sizeof inner, "%s", gecl_recent_error());
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(context, sizeof context, fmt, ap);
    va_end(ap);
    return gecl_ge_fail(code, "%s: %s", context, inner);
}

void gecl_ge_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tls_warning, sizeof tls_warning, fmt, ap);
    va_end(ap);
    gecl_log(GECL_LOG_WARNING, "%s", tls_warning);
}

const char *gecl_last_error(void) { return gecl_recent_error(); }
const char *gecl_last_warning(void) { return tls_warning; }
