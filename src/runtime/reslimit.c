/* reslimit.c: CANN's cube / vector core limits, for a device (this process's share of it) and for
 * a stream. A stream without its own limit has its device's, a device without one all its
 * compute units (what aclrtGetResInCurrentThread reports). OpenCL cannot run work on a subset
 * of a device's compute units, so the limits are recorded and read back, and change nothing in
 * how kernels run; a value above the device's compute units is refused, as a value above its
 * core count is on Ascend. */
#include "acl/acl_rt.h"
#include "runtime.h"
#include "stream.h"

static aclError check_type(aclrtDevResLimitType type)
{
    GECL_CHECK_ARG(type == ACL_RT_DEV_RES_CUBE_CORE || type == ACL_RT_DEV_RES_VECTOR_CORE,
                   "type %d is not an aclrtDevResLimitType value", (int)type);
    return ACL_SUCCESS;
}

static aclError check_value(const gecl_device *d, uint32_t value)
{
    GECL_CHECK_ARG(value >= 1 && value <= d->desc.compute_units,
                   "value %u is outside 1 .. %u, the compute units of device %d", value, d->desc.compute_units, d->id);
    return ACL_SUCCESS;
}

static uint32_t device_limit(gecl_device *d, aclrtDevResLimitType type)
{
    pthread_mutex_lock(&d->lock);
    const uint32_t v = (d->res_set >> type) & 1u ? d->res_limits[type] : d->desc.compute_units;
    pthread_mutex_unlock(&d->lock);
    return v;
}

aclError aclrtGetDeviceResLimit(int32_t deviceId, aclrtDevResLimitType type, uint32_t *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    gecl_device *d;
    aclError rc = check_type(type);
    if (!rc) rc = gecl_device_lookup(deviceId, &d);
    if (!rc) *value = device_limit(d, type);
    return rc;
}

aclError aclrtSetDeviceResLimit(int32_t deviceId, aclrtDevResLimitType type, uint32_t value)
{
    GECL_CHECK_INIT();
    gecl_device *d;
    aclError rc = check_type(type);
    if (!rc) rc = gecl_device_lookup(deviceId, &d);
    if (!rc) rc = check_value(d, value);
    if (rc) return rc;
    pthread_mutex_lock(&d->lock);
    d->res_limits[type] = value;
    d->res_set |= 1u << type;
    pthread_mutex_unlock(&d->lock);
    return ACL_SUCCESS;
}

aclError aclrtResetDeviceResLimit(int32_t deviceId)
{
    GECL_CHECK_INIT();
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    pthread_mutex_lock(&d->lock);
    d->res_set = 0;
    pthread_mutex_unlock(&d->lock);
    return ACL_SUCCESS;
}

aclError aclrtGetStreamResLimit(aclrtStream stream, aclrtDevResLimitType type, uint32_t *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    GECL_STREAM_PEEK_REF(s);
    aclError rc = check_type(type);
    if (!rc) rc = gecl_stream_peek(stream, &s);
    if (rc) return rc;
    pthread_mutex_lock(&s->cb_lock);
    const int own = (s->res_set >> type) & 1u;
    const uint32_t v = s->res_limits[type];
    pthread_mutex_unlock(&s->cb_lock);
    *value = own ? v : device_limit(s->device, type);
    return ACL_SUCCESS;
}

aclError aclrtSetStreamResLimit(aclrtStream stream, aclrtDevResLimitType type, uint32_t value)
{
    GECL_CHECK_INIT();
    GECL_STREAM_PEEK_REF(s);
    aclError rc = check_type(type);
    if (!rc) rc = gecl_stream_peek(stream, &s);
    if (!rc) rc = check_value(s->device, value);
    if (rc) return rc;
    pthread_mutex_lock(&s->cb_lock);
    s->res_limits[type] = value;
    s->res_set |= 1u << type;
    pthread_mutex_unlock(&s->cb_lock);
    return ACL_SUCCESS;
}

aclError aclrtResetStreamResLimit(aclrtStream stream)
{
    GECL_CHECK_INIT();
    GECL_STREAM_PEEK_REF(s);
    aclError rc = gecl_stream_peek(stream, &s);
    if (rc) return rc;
    pthread_mutex_lock(&s->cb_lock);
    s->res_set = 0;
    pthread_mutex_unlock(&s->cb_lock);
    return ACL_SUCCESS;
}
