/* copy.c: aclrtMemcpy / aclrtMemcpyAsync for every aclrtMemcpyKind. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl_rt.h"
#include "context.h"
#include "memory.h"
#include "runtime.h"
#include "stream.h"

typedef struct endpoint {
    int on_device;
    gecl_block blk;
    size_t off;
} endpoint;

static const char *const kind_names[] = {
    "ACL_MEMCPY_HOST_TO_HOST", "ACL_MEMCPY_HOST_TO_DEVICE", "ACL_MEMCPY_DEVICE_TO_HOST",
    "ACL_MEMCPY_DEVICE_TO_DEVICE", "ACL_MEMCPY_DEFAULT", "ACL_MEMCPY_HOST_TO_BUF_TO_DEVICE",
    "ACL_MEMCPY_INNER_DEVICE_TO_DEVICE", "ACL_MEMCPY_INTER_DEVICE_TO_DEVICE"};

static aclError classify(const void *p, size_t count, const char *what, endpoint *ep)
{
    ep->on_device = gecl_addrmap_in_window(p);
    return ep->on_device ? gecl_mem_resolve(p, count, what, &ep->blk, &ep->off) : ACL_SUCCESS;
}

/* Checks that the kind agrees with where dst and src live. */
static aclError check_kind(aclrtMemcpyKind kind, const endpoint *d, const endpoint *s, const void *dst, const void *src)
{
    int want_dst, want_src;
    switch (kind) {
    case ACL_MEMCPY_DEFAULT: return ACL_SUCCESS;
    case ACL_MEMCPY_HOST_TO_HOST: want_src = 0; want_dst = 0; break;
    case ACL_MEMCPY_HOST_TO_DEVICE:
    case ACL_MEMCPY_HOST_TO_BUF_TO_DEVICE: want_src = 0; want_dst = 1; break;
    case ACL_MEMCPY_DEVICE_TO_HOST: want_src = 1; want_dst = 0; break;
    default: want_src = 1; want_dst = 1; break;
    }
    if (s->on_device != want_src)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "kind %s needs %s src, but src %p is %s memory", kind_names[kind],
                         want_src ? "a device" : "a host", src, s->on_device ? "device" : "host");
    if (d->on_device != want_dst)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "kind %s needs %s dst, but dst %p is %s memory", kind_names[kind],
                         want_dst ? "a device" : "a host", dst, d->on_device ? "device" : "host");
    return ACL_SUCCESS;
}

static aclError validate(void *dst, size_t destMax, const void *src, size_t count, aclrtMemcpyKind kind,
                         endpoint *d, endpoint *s)
{
    GECL_CHECK_ARG(dst && src, "dst and src must not be NULL (dst %p, src %p)", dst, src);
    GECL_CHECK_ARG((unsigned)kind <= ACL_MEMCPY_INTER_DEVICE_TO_DEVICE, "kind %d is not an aclrtMemcpyKind value", (int)kind);
    GECL_CHECK_ARG(count <= destMax, "count %zu is larger than destMax %zu", count, destMax);
    aclError rc = classify(dst, count, "dst", d);
    if (!rc) rc = classify(src, count, "src", s);
    if (!rc) rc = check_kind(kind, d, s, dst, src);
    return rc;
}

static int overlaps(const endpoint *d, const endpoint *s, size_t count)
{
    return d->blk.mem == s->blk.mem && d->off < s->off + count && s->off < d->off + count;
}

/* Device-to-device on one device's queue; overlapping ranges go through a scratch buffer. */
static cl_int copy_d2d(cl_command_queue q, const endpoint *d, const endpoint *s, size_t count, cl_event *done)
{
    if (!overlaps(d, s, count))
        return clEnqueueCopyBuffer(q, s->blk.mem, d->blk.mem, s->off, d->off, count, 0, NULL, done);
    cl_int err = CL_SUCCESS;
    cl_mem tmp = clCreateBuffer(d->blk.device->ctx, CL_MEM_READ_WRITE, count, NULL, &err);
    if (err != CL_SUCCESS) return err;
    err = clEnqueueCopyBuffer(q, s->blk.mem, tmp, s->off, 0, count, 0, NULL, NULL);
    if (err == CL_SUCCESS) err = clEnqueueCopyBuffer(q, tmp, d->blk.mem, 0, d->off, count, 0, NULL, done);
    clReleaseMemObject(tmp); /* freed by OpenCL once the copies are done */
    return err;
}

/* Between two devices (two OpenCL contexts): through host memory, synchronously. */
static aclError copy_across_devices(const endpoint *d, const endpoint *s, size_t count)
{
    cl_command_queue qs, qd;
    aclError rc = gecl_device_internal_queue(s->blk.device, &qs);
    if (!rc) rc = gecl_device_internal_queue(d->blk.device, &qd);
    if (rc) return rc;
    void *tmp = malloc(count);
    if (!tmp) return gecl_fail(ACL_ERROR_BAD_ALLOC, "out of host memory for a %zu-byte staging buffer", count);
    cl_int err = clEnqueueReadBuffer(qs, s->blk.mem, CL_TRUE, s->off, count, tmp, 0, NULL, NULL);
    if (err == CL_SUCCESS) err = clEnqueueWriteBuffer(qd, d->blk.mem, CL_TRUE, d->off, count, tmp, 0, NULL, NULL);
    free(tmp);
    return err == CL_SUCCESS ? ACL_SUCCESS : gecl_fail_cl(err, "copying between devices");
}

/* Enqueues the copy on q; with `blocking`, returns once it is done. Blocking is done by waiting
 * on the copy's event rather than with CL_TRUE: Mesa rusticl 22.3's blocking transfers can
 * return early when other threads share the queue. */
static aclError enqueue_copy(cl_command_queue q, void *dst, const void *src, size_t count, const endpoint *d,
                             const endpoint *s, int blocking)
{
    cl_int err;
    cl_event done = NULL, *ev = blocking ? &done : NULL;
    if (d->on_device && s->on_device)
        err = copy_d2d(q, d, s, count, ev);
    else if (d->on_device)
        err = clEnqueueWriteBuffer(q, d->blk.mem, CL_FALSE, d->off, count, src, 0, NULL, ev);
    else
        err = clEnqueueReadBuffer(q, s->blk.mem, CL_FALSE, s->off, count, dst, 0, NULL, ev);
    if (err == CL_SUCCESS) err = clFlush(q);
    if (err == CL_SUCCESS && done) err = clWaitForEvents(1, &done);
    if (done) clReleaseEvent(done);
    return err == CL_SUCCESS ? ACL_SUCCESS : gecl_fail_cl(err, "the copy");
}


aclError aclrtMemcpy(void *dst, size_t destMax, const void *src, size_t count, aclrtMemcpyKind kind)
{
    GECL_CHECK_INIT();
    endpoint d, s;
    aclError rc = validate(dst, destMax, src, count, kind, &d, &s);
    if (rc || count == 0) return rc;
    if (!d.on_device && !s.on_device) {
        memmove(dst, src, count);
        return ACL_SUCCESS;
    }
    if (d.on_device && s.on_device && d.blk.device != s.blk.device) return copy_across_devices(&d, &s, count);
    GECL_STREAM_REF(st);
    cl_command_queue q;
    rc = gecl_sync_queue(d.on_device ? d.blk.device : s.blk.device, &st, &q);
    return rc ? rc : enqueue_copy(q, dst, src, count, &d, &s, 1);
}

typedef struct host_copy {
    void *dst;
    const void *src;
    size_t count;
} host_copy;

static void run_host_copy(void *arg)
{
    host_copy *hc = arg;
    memmove(hc->dst, hc->src, hc->count);
    free(hc);
}

aclError aclrtMemcpyAsync(void *dst, size_t destMax, const void *src, size_t count, aclrtMemcpyKind kind,
                          aclrtStream stream)
{
    GECL_CHECK_INIT();
    endpoint d, s;
    GECL_STREAM_REF(st);
    aclError rc = validate(dst, destMax, src, count, kind, &d, &s);
    if (!rc) rc = gecl_stream_resolve(stream, &st);
    if (rc || count == 0) return rc;
    if (!d.on_device && !s.on_device) { /* in stream order, on the stream's host worker */
        host_copy *hc = malloc(sizeof *hc);
        if (!hc) return gecl_fail_oom();
        *hc = (host_copy){dst, src, count};
        rc = gecl_stream_enqueue_host(st, run_host_copy, hc);
        if (rc) free(hc);
        return rc;
    }
    gecl_device *owner = d.on_device ? d.blk.device : s.blk.device;
    if ((d.on_device && d.blk.device != st->device) || (s.on_device && s.blk.device != st->device))
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "memory of device %d cannot be copied on a stream of device %d",
                         owner == st->device ? s.blk.device->id : owner->id, st->device->id);
    return enqueue_copy(st->queue, dst, src, count, &d, &s, 0);
}

/* ---- 2-D copies: `height` rows of `width` bytes, dst rows `dpitch` apart, src rows `spitch` ---- */

typedef struct rect {
    size_t dpitch, spitch, width, height;
} rect;

/* Bytes from a rectangle's first byte to one past its last. */
static size_t rect_extent(size_t pitch, const rect *r)
{
    return r->height ? (r->height - 1) * pitch + r->width : 0;
}

static aclError validate_2d(void *dst, const void *src, const rect *r, aclrtMemcpyKind kind, endpoint *d,
                            endpoint *s)
{
    GECL_CHECK_ARG(dst && src, "dst and src must not be NULL (dst %p, src %p)", dst, src);
    GECL_CHECK_ARG((unsigned)kind <= ACL_MEMCPY_INTER_DEVICE_TO_DEVICE, "kind %d is not an aclrtMemcpyKind value", (int)kind);
    GECL_CHECK_ARG(r->width <= r->dpitch && r->width <= r->spitch, "width %zu is larger than dpitch %zu or spitch %zu",
                   r->width, r->dpitch, r->spitch);
    const size_t pitch = r->dpitch > r->spitch ? r->dpitch : r->spitch;
    GECL_CHECK_ARG(r->height <= 1 || pitch == 0 || (r->height - 1) <= (SIZE_MAX - r->width) / pitch,
                   "%zu rows %zu bytes apart do not fit in the address space", r->height, pitch);
    aclError rc = classify(dst, rect_extent(r->dpitch, r), "dst", d);
    if (!rc) rc = classify(src, rect_extent(r->spitch, r), "src", s);
    if (!rc) rc = check_kind(kind, d, s, dst, src);
    if (!rc && d->on_device && s->on_device && d->blk.device != s->blk.device)
        rc = gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "2-D copies between devices %d and %d are not supported; copy "
                       "through host memory", s->blk.device->id, d->blk.device->id);
    if (!rc && d->on_device && s->on_device && d->blk.mem == s->blk.mem &&
        d->off < s->off + rect_extent(r->spitch, r) && s->off < d->off + rect_extent(r->dpitch, r))
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "the 2-D source and destination overlap (dst %p, src %p)", dst, src);
    return rc;
}

static void host_rows(void *dst, const void *src, const rect *r)
{
    for (size_t i = 0; i < r->height; i++)
        memmove((char *)dst + i * r->dpitch, (const char *)src + i * r->spitch, r->width);
}

/* As enqueue_copy, for a rectangle (OpenCL's *BufferRect calls, byte offsets in origin[0]). */
static aclError enqueue_2d(cl_command_queue q, void *dst, const void *src, const rect *r, const endpoint *d,
                           const endpoint *s, int blocking)
{
    const size_t region[3] = {r->width, r->height, 1}, host0[3] = {0, 0, 0};
    const size_t dorg[3] = {d->off, 0, 0}, sorg[3] = {s->off, 0, 0};
    cl_event done = NULL, *ev = blocking ? &done : NULL;
    cl_int err;
    if (d->on_device && s->on_device)
        err = clEnqueueCopyBufferRect(q, s->blk.mem, d->blk.mem, sorg, dorg, region, r->spitch, 0, r->dpitch, 0, 0,
                                      NULL, ev);
    else if (d->on_device)
        err = clEnqueueWriteBufferRect(q, d->blk.mem, CL_FALSE, dorg, host0, region, r->dpitch, 0, r->spitch, 0, src,
                                       0, NULL, ev);
    else
        err = clEnqueueReadBufferRect(q, s->blk.mem, CL_FALSE, sorg, host0, region, r->spitch, 0, r->dpitch, 0, dst,
                                      0, NULL, ev);
    if (err == CL_SUCCESS) err = clFlush(q);
    if (err == CL_SUCCESS && done) err = clWaitForEvents(1, &done);
    if (done) clReleaseEvent(done);
    return err == CL_SUCCESS ? ACL_SUCCESS : gecl_fail_cl(err, "the 2-D copy");
}

aclError aclrtMemcpy2d(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width, size_t height,
                       aclrtMemcpyKind kind)
{
    GECL_CHECK_INIT();
    const rect r = {dpitch, spitch, width, height};
    endpoint d, s;
    aclError rc = validate_2d(dst, src, &r, kind, &d, &s);
    if (rc || width == 0 || height == 0) return rc;
    if (!d.on_device && !s.on_device) {
        host_rows(dst, src, &r);
        return ACL_SUCCESS;
    }
    GECL_STREAM_REF(st);
    cl_command_queue q;
    rc = gecl_sync_queue(d.on_device ? d.blk.device : s.blk.device, &st, &q);
    return rc ? rc : enqueue_2d(q, dst, src, &r, &d, &s, 1);
}

typedef struct host_copy_2d {
    void *dst;
    const void *src;
    rect r;
} host_copy_2d;

static void run_host_copy_2d(void *arg)
{
    host_copy_2d *hc = arg;
    host_rows(hc->dst, hc->src, &hc->r);
    free(hc);
}

aclError aclrtMemcpy2dAsync(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width, size_t height,
                            aclrtMemcpyKind kind, aclrtStream stream)
{
    GECL_CHECK_INIT();
    const rect r = {dpitch, spitch, width, height};
    endpoint d, s;
    GECL_STREAM_REF(st);
    aclError rc = validate_2d(dst, src, &r, kind, &d, &s);
    if (!rc) rc = gecl_stream_resolve(stream, &st);
    if (rc || width == 0 || height == 0) return rc;
    if (!d.on_device && !s.on_device) {
        host_copy_2d *hc = malloc(sizeof *hc);
        if (!hc) return gecl_fail_oom();
        *hc = (host_copy_2d){dst, src, r};
        rc = gecl_stream_enqueue_host(st, run_host_copy_2d, hc);
        if (rc) free(hc);
        return rc;
    }
    const gecl_device *owner = d.on_device ? d.blk.device : s.blk.device;
    if (owner != st->device)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "memory of device %d cannot be copied on a stream of device %d",
                         owner->id, st->device->id);
    return enqueue_2d(st->queue, dst, src, &r, &d, &s, 0);
}
