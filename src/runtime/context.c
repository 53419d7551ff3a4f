/* context.c: devices as seen by a thread (aclrtSetDevice) and ACL contexts. */
#include "context.h"

#include <stdlib.h>

#include "acl/acl_rt.h"
#include "handle.h"
#include "runtime.h"
#include "stream.h"

/* The current context is remembered as a handle so that one destroyed by another thread (or by
 * aclFinalize) is seen as gone rather than used after free. */
static _Thread_local void *tls_current;

gecl_context *gecl_context_current_or_null(void)
{
    return tls_current ? gecl_handle_get(GECL_HANDLE_CONTEXT, tls_current) : NULL;
}

aclError gecl_context_current(gecl_context **ctx)
{
    *ctx = gecl_context_current_or_null();
    if (!*ctx)
        return gecl_fail(ACL_ERROR_RT_CONTEXT_NULL,
                         "no current context on this thread: call aclrtSetDevice or aclrtSetCurrentContext first");
    return ACL_SUCCESS;
}

void gecl_context_set_current(gecl_context *ctx) { tls_current = ctx ? ctx->handle : NULL; }

aclError gecl_context_create(gecl_device *d, gecl_context **out)
{
    gecl_context *c = calloc(1, sizeof *c);
    if (!c) return gecl_fail(ACL_ERROR_BAD_ALLOC, "out of host memory");
    c->device = d;
    aclError rc = gecl_stream_create(c, 1, &c->default_stream);
    if (rc) { free(c); return rc; }
    c->handle = gecl_handle_new(GECL_HANDLE_CONTEXT, c);
    if (!c->handle) {
        gecl_stream_release(c->default_stream);
        free(c);
        return gecl_fail(ACL_ERROR_BAD_ALLOC, "out of host memory");
    }
    *out = c;
    return ACL_SUCCESS;
}

static void *take_stream(void *obj) { return gecl_stream_retain(obj); }

static void *take_default_stream(void *obj)
{
    return gecl_stream_retain(((gecl_context *)obj)->default_stream);
}

void gecl_context_destroy(gecl_context *ctx)
{
    gecl_handle_remove(GECL_HANDLE_CONTEXT, ctx->handle);
    size_t n = 0;
    void **streams = gecl_handle_list(GECL_HANDLE_STREAM, &n, take_stream);
    for (size_t i = 0; i < n; i++) {
        gecl_stream *s = streams[i];
        /* Only the thread whose remove succeeds drops the owner's reference. */
        if (s->ctx == ctx && gecl_handle_remove(GECL_HANDLE_STREAM, s->handle)) gecl_stream_release(s);
        gecl_stream_release(s);
    }
    free(streams);
    gecl_stream_release(ctx->default_stream);
    if (tls_current == ctx->handle) tls_current = NULL;
    free(ctx);
}

aclError aclrtGetDeviceCount(uint32_t *count)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(count, "count must not be NULL");
    *count = (uint32_t)gecl_device_count();
    return ACL_SUCCESS;
}

aclError aclrtSetDevice(int32_t deviceId)
{
    GECL_CHECK_INIT();
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    pthread_mutex_lock(&gecl_rt.lock);
    if (!d->primary) rc = gecl_context_create(d, &d->primary);
    if (!rc) {
        d->primary_refs++;
        gecl_context_set_current(d->primary);
    }
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc;
}

static aclError reset_device(int32_t deviceId, int force)
{
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    rc = gecl_device_drain(d); /* CANN's reset waits for the device's work, whatever the count */
    if (rc) return rc;
    pthread_mutex_lock(&gecl_rt.lock);
    if (d->primary && (force || --d->primary_refs <= 0)) {
        gecl_context *c = d->primary;
        d->primary = NULL;
        d->primary_refs = 0;
        gecl_context_destroy(c);
    }
    pthread_mutex_unlock(&gecl_rt.lock);
    return ACL_SUCCESS;
}

aclError aclrtResetDevice(int32_t deviceId)
{
    GECL_CHECK_INIT();
    return reset_device(deviceId, 0);
}

aclError aclrtResetDeviceForce(int32_t deviceId)
{
    GECL_CHECK_INIT();
    return reset_device(deviceId, 1);
}

aclError aclrtGetDevice(int32_t *deviceId)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(deviceId, "deviceId must not be NULL");
    gecl_context *c;
    aclError rc = gecl_context_current(&c);
    if (rc) return rc;
    *deviceId = c->device->id;
    return ACL_SUCCESS;
}

/* Finishes the streams in `list` that are on d (all when d is NULL) and releases every entry. */
static aclError finish_streams(void **list, size_t n, gecl_device *d)
{
    aclError rc = ACL_SUCCESS;
    for (size_t i = 0; i < n; i++) {
        gecl_stream *s = list[i];
        if (!rc && s->device == d) rc = gecl_stream_finish(s);
        gecl_stream_release(s);
    }
    free(list);
    return rc;
}

aclError gecl_device_drain(gecl_device *d)
{
    size_t n = 0;
    void **list = gecl_handle_list(GECL_HANDLE_STREAM, &n, take_stream);
    aclError rc = finish_streams(list, n, d);
    list = gecl_handle_list(GECL_HANDLE_CONTEXT, &n, take_default_stream);
    aclError rc2 = finish_streams(list, n, d);
    if (!rc) rc = rc2;
    cl_command_queue q = d->internal;
    if (!rc && q) {
        cl_int err = gecl_queue_drain(d, q);
        if (err != CL_SUCCESS) rc = gecl_fail_cl(err, "waiting for the device");
    }
    return rc;
}

aclError aclrtSynchronizeDevice(void)
{
    GECL_CHECK_INIT();
    gecl_context *c;
    aclError rc = gecl_context_current(&c);
    return rc ? rc : gecl_device_drain(c->device);
}

aclError aclrtCreateContext(aclrtContext *context, int32_t deviceId)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(context, "context must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    gecl_context *c;
    rc = gecl_context_create(d, &c);
    if (rc) return rc;
    gecl_context_set_current(c);
    *context = c->handle;
    return ACL_SUCCESS;
}

aclError aclrtDestroyContext(aclrtContext context)
{
    GECL_CHECK_INIT();
    pthread_mutex_lock(&gecl_rt.lock);
    gecl_context *c = gecl_handle_get(GECL_HANDLE_CONTEXT, context);
    aclError rc = ACL_SUCCESS;
    if (!c)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "context %p is not a live context (destroyed, or not from aclrtCreateContext)", context);
    else if (c->device->primary == c)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "context %p is device %d's default context: release it with aclrtResetDevice", context, c->device->id);
    else
        gecl_context_destroy(c);
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc;
}

aclError aclrtSetCurrentContext(aclrtContext context)
{
    GECL_CHECK_INIT();
    gecl_context *c = gecl_handle_get(GECL_HANDLE_CONTEXT, context);
    GECL_CHECK_ARG(c, "context %p is not a live context", context);
    gecl_context_set_current(c);
    return ACL_SUCCESS;
}

aclError aclrtGetCurrentContext(aclrtContext *context)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(context, "context must not be NULL");
    gecl_context *c;
    aclError rc = gecl_context_current(&c);
    if (rc) return rc;
    *context = c->handle;
    return ACL_SUCCESS;
}

aclError aclrtGetDeviceInfo(uint32_t deviceId, aclrtDevAttr attr, int64_t *value)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(value, "value must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup((int32_t)deviceId, &d);
    if (rc) return rc;
    switch (attr) {
    case ACL_DEV_ATTR_AICORE_CORE_NUM:
    case ACL_DEV_ATTR_VECTOR_CORE_NUM:
    case ACL_DEV_ATTR_CUBE_CORE_NUM:
        *value = d->desc.compute_units;
        return ACL_SUCCESS;
    case ACL_DEV_ATTR_TOTAL_GLOBAL_MEM_SIZE:
        *value = (int64_t)d->desc.global_mem;
        return ACL_SUCCESS;
    default:
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "device attribute %d is not available on OpenCL devices", (int)attr);
    }
}
