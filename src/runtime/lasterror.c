/* lasterror.c: aclrtGetLastError / aclrtPeekAtLastError (the code of the calling thread's last
 * failure, recorded by gecl_fail) and aclrtGetErrorVerbose. */
#include <string.h>

#include "acl/acl_rt.h"
#include "runtime.h"

/* CANN declares only the thread level; anything else is a caller's mistake. These two need no
 * aclInit: the record is per thread and outlives the runtime. */
static aclError last_error(aclrtLastErrLevel level, int clear)
{
    if (level != ACL_RT_THREAD_LEVEL)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "level %d is not an aclrtLastErrLevel value (only ACL_RT_THREAD_LEVEL "
                         "= 0 exists)", (int)level);
    return gecl_last_code(clear);
}

aclError aclrtPeekAtLastError(aclrtLastErrLevel level)
{
    GECL_ENTER();
    return last_error(level, 0);
}

aclError aclrtGetLastError(aclrtLastErrLevel level)
{
    GECL_ENTER();
    return last_error(level, 1);
}

/* An OpenCL device has no fault state to read back: a failed command is reported by the call
 * that waits for it (with its OpenCL error), not kept on the device. So a valid device always
 * reports ACL_RT_NO_ERROR, with nothing to repair. */
aclError aclrtGetErrorVerbose(int32_t deviceId, aclrtErrorInfo *errorInfo)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(errorInfo, "errorInfo must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    memset(errorInfo, 0, sizeof *errorInfo);
    errorInfo->errorType = ACL_RT_NO_ERROR;
    return ACL_SUCCESS;
}
