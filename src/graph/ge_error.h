/* ge_error.h: failures of the graph layer. Same thread-local message as the ACL runtime
 * (GEGetErrorMsgV3 and aclGetRecentErrMsg read one buffer), GE status codes. */
#ifndef GECL_GRAPH_GE_ERROR_H
#define GECL_GRAPH_GE_ERROR_H

#include "error.h"
#include "gecl/gecl.h"

/* Sets "<api>: <text>" as this thread's error message and returns `code`. */
gecl_status gecl_ge_fail(gecl_status code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The one out-of-memory failure of the graph layer: FAILED, "out of host memory". */
gecl_status gecl_ge_oom(void);
/* A lower layer (the runtime, or the compiler) failed and left its message on this thread:
 * fails with `code` and "<formatted context>: <that message>". The one path from an aclError
 * (or an inner GE failure) into a GE status with its reason kept. */
gecl_status gecl_ge_wrap(gecl_status code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Records a warning for gecl_last_warning (and logs it when logging is on). */
void gecl_ge_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define GECL_GE_ARG(cond, ...)                                                                   \
    do {                                                                                         \
        if (!(cond)) return gecl_ge_fail(GECL_PARAM_INVALID, __VA_ARGS__);                       \
    } while (0)

#endif
