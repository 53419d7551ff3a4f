/*
 * stream_wait_flag.c: aclrtStreamWaitEventWithFlag, aclrtStreamWaitEvent with CANN's
 * operation-level flag. ACL_EVENT_WAIT_DEFAULT is the ordinary wait; ACL_EVENT_WAIT_EXTERNAL
 * belongs to aclGraph capture, which gecl does not have (aclmdlRICaptureBegin is unsupported).
 */
#include <stdint.h>

#include "runtime.h"

aclError aclrtStreamWaitEventWithFlag(aclrtStream stream, aclrtEvent event, uint32_t timeout, uint32_t flag)
{
    GECL_CHECK_INIT();
    if (flag == ACL_EVENT_WAIT_EXTERNAL)
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED,
                         "ACL_EVENT_WAIT_EXTERNAL is not supported on OpenCL (it waits inside an aclGraph capture)");
    GECL_CHECK_ARG(flag == ACL_EVENT_WAIT_DEFAULT, "flag 0x%x is neither ACL_EVENT_WAIT_DEFAULT nor ACL_EVENT_WAIT_EXTERNAL",
                   (unsigned)flag);
    /* 0 is CANN's "no limit"; a limit is the timed wait of aclrtStreamWaitEventWithTimeout, whose
     * int32 milliseconds hold any realistic uint32 value (beyond ~24 days clamps). */
    if (timeout != 0)
        return aclrtStreamWaitEventWithTimeout(stream, event, timeout > INT32_MAX ? INT32_MAX : (int32_t)timeout);
    return aclrtStreamWaitEvent(stream, event);
}
