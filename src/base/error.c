/* error.c: one thread-local message per thread, and the one table translating OpenCL errors. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "acl/acl_rt.h"
#include "log.h"

static _Thread_local char tls_msg[2048];
static _Thread_local const char *tls_api = "gecl";

static _Thread_local unsigned tls_depth;

/* The code of this thread's last failure, for aclrtGetLastError / aclrtPeekAtLastError. Every
 * failure goes through gecl_fail, so this is the one place that records it. */
static _Thread_local aclError tls_last_code;

const char *gecl_api_enter(const char *api)
{
    if (tls_depth++ == 0) tls_api = api;
    return api;
}

void gecl_api_leave(const char *const *scope)
{
    (void)scope;
    if (tls_depth) tls_depth--;
}

/* Formats "<api>: <text>" into a local buffer first and copies it in afterwards: callers may
 * pass this thread's current message (gecl_recent_error()) as an argument when they re-wrap a
 * lower layer's failure, and writing tls_msg while reading it would garble both. */
static void set_message(const char *fmt, va_list ap)
{
    char buf[sizeof tls_msg];
    int n = snprintf(buf, sizeof buf, "%s: ", tls_api);
    if (n < 0 || (size_t)n >= sizeof buf) n = 0;
    vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
    memcpy(tls_msg, buf, strlen(buf) + 1);
}

aclError gecl_fail(aclError code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_message(fmt, ap);
    va_end(ap);
    if (code != ACL_SUCCESS) tls_last_code = code;
    gecl_log(GECL_LOG_ERROR, "%s (error %d)", tls_msg, code);
    return code;
}

aclError gecl_fail_oom(void) { return gecl_fail(ACL_ERROR_BAD_ALLOC, "out of host memory"); }

const char *gecl_recent_error(void) { return tls_msg; }

aclError gecl_last_code(int clear)
{
    const aclError code = tls_last_code;
    if (clear) tls_last_code = ACL_SUCCESS;
    return code;
}

void gecl_vmessage(const char *fmt, va_list ap)
{
    set_message(fmt, ap);
    gecl_log(GECL_LOG_ERROR, "%s", tls_msg);
}

#define GECL_CL_ERRORS(X) \
    X(CL_SUCCESS) X(CL_DEVICE_NOT_FOUND) X(CL_DEVICE_NOT_AVAILABLE) X(CL_COMPILER_NOT_AVAILABLE) \
    X(CL_MEM_OBJECT_ALLOCATION_FAILURE) X(CL_OUT_OF_RESOURCES) X(CL_OUT_OF_HOST_MEMORY) \
    X(CL_PROFILING_INFO_NOT_AVAILABLE) X(CL_MEM_COPY_OVERLAP) X(CL_BUILD_PROGRAM_FAILURE) \
    X(CL_MAP_FAILURE) X(CL_MISALIGNED_SUB_BUFFER_OFFSET) \
    X(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST) X(CL_COMPILE_PROGRAM_FAILURE) \
    X(CL_LINK_PROGRAM_FAILURE) X(CL_INVALID_VALUE) X(CL_INVALID_DEVICE_TYPE) \
    X(CL_INVALID_PLATFORM) X(CL_INVALID_DEVICE) X(CL_INVALID_CONTEXT) \
    X(CL_INVALID_QUEUE_PROPERTIES) X(CL_INVALID_COMMAND_QUEUE) X(CL_INVALID_HOST_PTR) \
    X(CL_INVALID_MEM_OBJECT) X(CL_INVALID_BINARY) X(CL_INVALID_BUILD_OPTIONS) \
    X(CL_INVALID_PROGRAM) X(CL_INVALID_PROGRAM_EXECUTABLE) X(CL_INVALID_KERNEL_NAME) \
    X(CL_INVALID_KERNEL) X(CL_INVALID_ARG_INDEX) X(CL_INVALID_ARG_VALUE) \
    X(CL_INVALID_ARG_SIZE) X(CL_INVALID_KERNEL_ARGS) X(CL_INVALID_WORK_DIMENSION) \
    X(CL_INVALID_WORK_GROUP_SIZE) X(CL_INVALID_WORK_ITEM_SIZE) X(CL_INVALID_GLOBAL_OFFSET) \
    X(CL_INVALID_EVENT_WAIT_LIST) X(CL_INVALID_EVENT) X(CL_INVALID_OPERATION) \
    X(CL_INVALID_BUFFER_SIZE) X(CL_INVALID_GLOBAL_WORK_SIZE) X(CL_INVALID_PROPERTY) \
    X(CL_INVALID_COMPILER_OPTIONS) X(CL_INVALID_LINKER_OPTIONS)

const char *gecl_cl_error_name(cl_int err)
{
    static _Thread_local char unknown[48];
    switch (err) {
#define GECL_CL_CASE(name) case name: return #name;
    GECL_CL_ERRORS(GECL_CL_CASE)
#undef GECL_CL_CASE
    case -1001: return "CL_PLATFORM_NOT_FOUND_KHR";
    default:
        snprintf(unknown, sizeof unknown, "OpenCL error %d", (int)err);
        return unknown;
    }
}

aclError gecl_acl_from_cl(cl_int err)
{
    switch (err) {
    case CL_SUCCESS: return ACL_SUCCESS;
    case CL_MEM_OBJECT_ALLOCATION_FAILURE:
    case CL_OUT_OF_HOST_MEMORY:
    case CL_INVALID_BUFFER_SIZE:
        return ACL_ERROR_RT_MEMORY_ALLOCATION;
    case CL_OUT_OF_RESOURCES: return ACL_ERROR_RT_MEMORY_ALLOCATION;
    case CL_DEVICE_NOT_AVAILABLE:
    case CL_DEVICE_NOT_FOUND:
        return ACL_ERROR_RT_DEV_SETUP_ERROR;
    case CL_BUILD_PROGRAM_FAILURE:
    case CL_COMPILE_PROGRAM_FAILURE:
    case CL_LINK_PROGRAM_FAILURE:
        return ACL_ERROR_OP_LOAD_FAILED;
    default: return ACL_ERROR_RT_INTERNAL_ERROR;
    }
}

aclError gecl_fail_cl(cl_int err, const char *what)
{
    return gecl_fail(gecl_acl_from_cl(err), "%s failed: %s", what, gecl_cl_error_name(err));
}
