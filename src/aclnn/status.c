/* status.c: aclnn status codes and messages. Messages go to the same thread-local buffer as the
 * runtime's (aclGetRecentErrMsg), prefixed with the public call being made. */
#include <stdio.h>
#include <string.h>

#include "meta.h"

aclnnStatus aclnn_fail(aclnnStatus code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gecl_vmessage(fmt, ap);
    va_end(ap);
    return code;
}

aclnnStatus aclnn_oom(void) { return aclnn_fail(ACLNN_ERR_INNER, "out of host memory"); }

/* The lower layer's message without its "<api>: " prefix (the same api: the outermost call
 * names every message), so the wrapped message reads "<api>: <context>: <cause>". */
static const char *cause(void)
{
    const char *m = gecl_recent_error();
    const char *colon = strstr(m, ": ");
    return colon ? colon + 2 : m;
}

static aclnnStatus wrap(aclnnStatus code, const char *fmt, va_list ap)
{
    char context[512], inner[2048];
    snprintf(inner, sizeof inner, "%s", cause());
    vsnprintf(context, sizeof context, fmt, ap);
    return aclnn_fail(code, "%s: %s", context, inner);
}

aclnnStatus aclnn_wrap_ge(gecl_status rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aclnnStatus code = wrap(rc == GECL_PARAM_INVALID ? ACLNN_ERR_PARAM_INVALID : ACLNN_ERR_RUNTIME_ERROR, fmt, ap);
    va_end(ap);
    return code;
}

aclnnStatus aclnn_wrap_acl(aclError rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aclnnStatus code = wrap(rc == ACL_ERROR_INVALID_PARAM ? ACLNN_ERR_PARAM_INVALID : ACLNN_ERR_RUNTIME_ERROR, fmt, ap);
    va_end(ap);
    return code;
}
