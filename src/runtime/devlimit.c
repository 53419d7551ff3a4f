/* devlimit.c: per-device limits and resources as the current thread sees them:
 * aclrtDeviceGetLimit / SetLimit, aclrtGetResInCurrentThread, aclrtDeviceGetStreamPriorityRange,
 * aclrtGetDeviceUtilizationRate, and the current context's default stream as a handle. */
#include "acl/acl_rt.h"
#include "context.h"
#include "handle_kinds.h"
#include "runtime.h"
#include "stream.h"

/* CANN's stream priorities: 0 is the highest, 7 the lowest (see stream.c for OpenCL's hints). */
#define PRIORITY_GREATEST 0
#define PRIORITY_LEAST 7

aclError aclrtDeviceGetStreamPriorityRange(int32_t *leastPriority, int32_t *greatestPriority)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(leastPriority && greatestPriority, "leastPriority and greatestPriority must not be NULL");
    *leastPriority = PRIORITY_LEAST;
    *greatestPriority = PRIORITY_GREATEST;
    return ACL_SUCCESS;
}

/* Every compute unit of the current device serves every thread: OpenCL has no way to give a
 * thread (or stream) a share of them. */
aclError aclrtGetResInCurrentThread(aclrtDevResLimitType type, uint32_t *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    GECL_CHECK_ARG(type == ACL_RT_DEV_RES_CUBE_CORE || type == ACL_RT_DEV_RES_VECTOR_CORE,
                   "type %d is not an aclrtDevResLimitType value", (int)type);
    gecl_device *d;
    aclError rc = gecl_context_current_device(&d);
    if (rc) return rc;
    *value = d->desc.compute_units;
    return ACL_SUCCESS;
}

/* No OpenCL query (core or extension) reports how busy a device is. */
aclError aclrtGetDeviceUtilizationRate(int32_t deviceId, aclrtUtilizationInfo *utilizationInfo)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(utilizationInfo, "utilizationInfo must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "device %d (%s): OpenCL has no query for a device's utilization",
                     d->id, d->desc.name);
}

/* What a limit is before aclrtDeviceSetLimit: the printf FIFOs are OpenCL's printf buffer
 * (CL_DEVICE_PRINTF_BUFFER_SIZE); stack sizes are the driver's business and read as 0. */
static size_t default_limit(const gecl_device *d, aclrtDeviceLimit limit)
{
    if (limit != ACL_RT_DEV_LIMIT_SIMD_PRINTF_FIFO_SIZE_PER_CORE && limit != ACL_RT_DEV_LIMIT_SIMT_PRINTF_FIFO_SIZE)
        return 0;
    size_t bytes = 0;
    if (clGetDeviceInfo(d->dev, CL_DEVICE_PRINTF_BUFFER_SIZE, sizeof bytes, &bytes, NULL) != CL_SUCCESS) bytes = 0;
    return bytes;
}

static int limit_valid(aclrtDeviceLimit limit)
{
    return limit >= ACL_RT_DEV_LIMIT_SIMT_STACK_SIZE && limit <= ACL_RT_DEV_LIMIT_SIMT_PRINTF_FIFO_SIZE;
}

/* OpenCL lets a program set neither stack nor printf buffer sizes: the value is recorded for the
 * current device and read back by aclrtDeviceGetLimit, and changes nothing in how kernels run. */
aclError aclrtDeviceSetLimit(aclrtDeviceLimit limit, size_t value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(limit_valid(limit), "limit %d is not an aclrtDeviceLimit value", (int)limit);
    gecl_device *d;
    aclError rc = gecl_context_current_device(&d);
    if (rc) return rc;
    pthread_mutex_lock(&d->lock);
    d->limits[limit] = value;
    d->limits_set |= 1u << limit;
    pthread_mutex_unlock(&d->lock);
    return ACL_SUCCESS;
}

aclError aclrtDeviceGetLimit(aclrtDeviceLimit limit, size_t *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    GECL_CHECK_ARG(limit_valid(limit), "limit %d is not an aclrtDeviceLimit value", (int)limit);
    gecl_device *d;
    aclError rc = gecl_context_current_device(&d);
    if (rc) return rc;
    pthread_mutex_lock(&d->lock);
    const int set = (d->limits_set >> limit) & 1u;
    const size_t v = d->limits[limit];
    pthread_mutex_unlock(&d->lock);
    *value = set ? v : default_limit(d, limit);
    return ACL_SUCCESS;
}

/* gecl names a default stream NULL; CANN programs may ask for a handle to it. The handle is made
 * on first request and lives as long as the context; the stream cannot be destroyed through it.
 * Contexts are destroyed under gecl_rt.lock, so holding it keeps the current one alive here. */
aclError aclrtCtxGetCurrentDefaultStream(aclrtStream *stream)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(stream, "stream must not be NULL");
    pthread_mutex_lock(&gecl_rt.lock);
    gecl_context *c;
    aclError rc = gecl_context_current(&c);
    if (!rc && !c->default_stream->handle) {
        c->default_stream->handle = gecl_handle_new(GECL_HANDLE_STREAM, c->default_stream);
        if (!c->default_stream->handle) rc = gecl_fail_oom();
    }
    if (!rc) *stream = c->default_stream->handle;
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc;
}
