/* context.c: devices as seen by a thread (aclrtSetDevice) and ACL contexts. */
#include "context.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "acl/acl_rt.h"
#include "handle_kinds.h"
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

static void *take_device(void *obj) { return ((gecl_context *)obj)->device; }

gecl_device *gecl_context_device_or_null(void)
{
    return tls_current ? gecl_handle_take(GECL_HANDLE_CONTEXT, tls_current, take_device) : NULL;
}

aclError gecl_context_current_device(gecl_device **out)
{
    *out = gecl_context_device_or_null();
    if (!*out)
        return gecl_fail(ACL_ERROR_RT_CONTEXT_NULL,
                         "no current context on this thread: call aclrtSetDevice or aclrtSetCurrentContext first");
    return ACL_SUCCESS;
}

void gecl_context_set_current(gecl_context *ctx) { tls_current = ctx ? ctx->handle : NULL; }

aclError gecl_context_create(gecl_device *d, gecl_context **out)
{
    gecl_context *c = calloc(1, sizeof *c);
    if (!c) return gecl_fail_oom();
    c->device = d;
    aclError rc = gecl_stream_create(c, 1, &c->default_stream);
    if (rc) { free(c); return rc; }
    c->handle = gecl_handle_new(GECL_HANDLE_CONTEXT, c);
    if (!c->handle) {
        gecl_stream_release(c->default_stream);
        free(c);
        return gecl_fail_oom();
    }
    *out = c;
    return ACL_SUCCESS;
}

static void *take_stream(void *obj) { return gecl_stream_retain(obj); }

static void *take_default_stream(void *obj)
{
    return gecl_stream_retain(((gecl_context *)obj)->default_stream);
}

gecl_stream *gecl_stream_current_default(void)
{
    return tls_current ? gecl_handle_take(GECL_HANDLE_CONTEXT, tls_current, take_default_stream) : NULL;
}

void gecl_context_destroy(gecl_context *ctx)
{
    gecl_handle_remove(GECL_HANDLE_CONTEXT, ctx->handle);
    size_t n = 0;
    void **streams = gecl_handle_list(GECL_HANDLE_STREAM, &n, take_stream);
    for (size_t i = 0; i < n; i++) {
        gecl_stream *s = streams[i];
        /* Only the thread whose remove succeeds drops the owner's reference. The default stream's
         * handle (if it has one) goes below: its owner reference is the context's. */
        if (s->ctx == ctx && !s->is_default && gecl_handle_remove(GECL_HANDLE_STREAM, s->handle))
            gecl_stream_release(s);
        gecl_stream_release(s);
    }
    free(streams);
    if (ctx->default_stream->handle) gecl_handle_remove(GECL_HANDLE_STREAM, ctx->default_stream->handle);
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
    gecl_device *d;
    aclError rc = gecl_context_current_device(&d);
    if (rc) return rc;
    *deviceId = d->id;
    return ACL_SUCCESS;
}

/* Finishes the streams in `list` that are on d (all when d is NULL) and releases every entry. */
static int64_t monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits for the streams of d in `list` (and releases them all); `deadline_ms` is a
 * monotonic_ms() time, or -1 for no limit. With `faults`, the streams' pending faults are taken
 * too (gecl_stream_take_faults): the first one fails the call once every stream is done. */
static aclError finish_streams(void **list, size_t n, gecl_device *d, int64_t deadline_ms, int faults)
{
    aclError rc = ACL_SUCCESS, fault = ACL_SUCCESS;
    for (size_t i = 0; i < n; i++) {
        gecl_stream *s = list[i];
        if (!rc && s->device == d) {
            int64_t left = deadline_ms < 0 ? -1 : deadline_ms - monotonic_ms();
            if (deadline_ms >= 0 && left < 0) left = 0;
            rc = gecl_stream_wait_ms(s, left > INT32_MAX ? INT32_MAX : (int32_t)left);
            if (!rc && faults && !fault) fault = gecl_stream_take_faults(s);
        }
        gecl_stream_release(s);
    }
    free(list);
    return rc ? rc : fault;
}

static aclError drain_until(gecl_device *d, int64_t deadline_ms, int faults)
{
    size_t n = 0;
    void **list = gecl_handle_list(GECL_HANDLE_STREAM, &n, take_stream);
    aclError rc = finish_streams(list, n, d, deadline_ms, faults);
    list = gecl_handle_list(GECL_HANDLE_CONTEXT, &n, take_default_stream);
    aclError rc2 = finish_streams(list, n, d, deadline_ms, faults);
    if (!rc) rc = rc2;
    cl_command_queue q = d->internal;
    if (!rc && q) {
        cl_int err = gecl_queue_drain(d, q);
        if (err != CL_SUCCESS) rc = gecl_fail_cl(err, "waiting for the device");
    }
    return rc;
}

aclError gecl_device_drain(gecl_device *d)
{
    return drain_until(d, -1, 0);
}

aclError aclrtSynchronizeDevice(void)
{
    GECL_CHECK_INIT();
    gecl_device *d;
    aclError rc = gecl_context_current_device(&d);
    return rc ? rc : drain_until(d, -1, 1);
}

aclError aclrtSynchronizeDeviceWithTimeout(int32_t timeout)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(timeout >= -1, "timeout must be -1 (wait forever) or >= 0 ms, got %d", (int)timeout);
    gecl_device *d;
    aclError rc = gecl_context_current_device(&d);
    return rc ? rc : drain_until(d, timeout == -1 ? -1 : monotonic_ms() + timeout, 1);
}

aclError aclrtCreateContext(aclrtContext *context, int32_t deviceId)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(context, "context must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    if (rc) return rc;
    gecl_context *c = NULL;
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
    GECL_CHECK_ARG(gecl_handle_get(GECL_HANDLE_CONTEXT, context), "context %p is not a live context", context);
    tls_current = context; /* the handle, not c->handle: c may be destroyed by now */
    return ACL_SUCCESS;
}

aclError aclrtGetCurrentContext(aclrtContext *context)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(context, "context must not be NULL");
    gecl_device *d;
    aclError rc = gecl_context_current_device(&d); /* checks that the context is alive */
    if (rc) return rc;
    *context = tls_current;
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
