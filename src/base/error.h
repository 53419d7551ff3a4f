/* error.h: the thread-local error message behind aclGetRecentErrMsg, and OpenCL error names.
 * Every public entry point calls GECL_ENTER() so that messages are prefixed with its name. */
#ifndef GECL_BASE_ERROR_H
#define GECL_BASE_ERROR_H

#include <CL/cl.h>

#include "acl/acl_base.h"

/* Records the public API being executed on this thread (for message prefixes) for the rest of
 * the calling block. Public calls nest (the ONNX importer builds graphs through the graph API):
 * the outermost one names the messages, so a user reads the call they made. */
const char *gecl_api_enter(const char *api);
void gecl_api_leave(const char *const *scope);
#define GECL_ENTER()                                                                             \
    __attribute__((cleanup(gecl_api_leave))) const char *const gecl_api_scope_ = gecl_api_enter(__func__); \
    (void)gecl_api_scope_

/* Sets this thread's message to "<api>: <formatted text>" and returns `code`. */
aclError gecl_fail(aclError code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The one out-of-memory failure: ACL_ERROR_BAD_ALLOC, "out of host memory". */
aclError gecl_fail_oom(void);

/* Fails with the ACL code that matches an OpenCL error; the message names `what` and the CL error. */
aclError gecl_fail_cl(cl_int err, const char *what);

/* ACL code for an OpenCL error (allocation failures -> ACL_ERROR_RT_MEMORY_ALLOCATION, ...). */
aclError gecl_acl_from_cl(cl_int err);

/* "CL_OUT_OF_RESOURCES (-5)" style name of an OpenCL error code. */
const char *gecl_cl_error_name(cl_int err);

const char *gecl_recent_error(void);

/* The code of the calling thread's last failure (ACL_SUCCESS if none since the last clear);
 * `clear` resets it. */
aclError gecl_last_code(int clear);

/* Sets this thread's message to "<api>: <formatted text>" (for layers with other code types). */
#include <stdarg.h>
void gecl_vmessage(const char *fmt, va_list ap);

#endif
