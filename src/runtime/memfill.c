/* memfill.c: fills decided by the address, as CANN does: aclrtMemset(Async) on host memory, and
 * the 32-bit fills aclrtMemsetD32 / aclrtMemsetD32Async on device or host memory. A device
 * pointer lies in gecl's address window (addrmap.h); anything else is the caller's host memory,
 * filled on the host (in stream order for the Async forms). */
#include <stdlib.h>
#include <string.h>

#include "acl/acl_rt.h"
#include "memfill.h"
#include "memory.h"
#include "runtime.h"
#include "stream.h"

typedef struct host_fill {
    unsigned char *p;
    uint32_t pattern;
    size_t width, count; /* pattern bytes (1 or 4), bytes to fill */
} host_fill;

static void do_host_fill(const host_fill *f)
{
    if (f->width == 1) {
        memset(f->p, (int)(f->pattern & 0xFF), f->count);
        return;
    }
    for (size_t i = 0; i + 4 <= f->count; i += 4) memcpy(f->p + i, &f->pattern, 4);
}

static void run_host_fill(void *arg)
{
    do_host_fill(arg);
    free(arg);
}

aclError gecl_host_fill(aclrtStream stream, int async, void *p, uint32_t pattern, size_t width, size_t count)
{
    host_fill f = {p, pattern, width, count};
    if (!async) {
        do_host_fill(&f);
        return ACL_SUCCESS;
    }
    GECL_STREAM_REF(s);
    aclError rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    host_fill *copy = malloc(sizeof *copy);
    if (!copy) return gecl_fail_oom();
    *copy = f;
    rc = gecl_stream_enqueue_host(s, run_host_fill, copy);
    if (rc) free(copy);
    return rc;
}

/* N 32-bit values from ptr, which must be 4-byte aligned; memSize bounds what may be written. */
static aclError memset_d32(void *ptr, size_t memSize, uint32_t value, size_t N, int async, aclrtStream stream)
{
    GECL_CHECK_ARG(ptr, "ptr must not be NULL");
    GECL_CHECK_ARG(N > 0, "N must be greater than 0");
    GECL_CHECK_ARG(N <= memSize / 4, "N = %zu values (%zu bytes) do not fit memSize %zu", N,
                   N > SIZE_MAX / 4 ? SIZE_MAX : N * 4, memSize);
    GECL_CHECK_ARG(((uintptr_t)ptr & 3) == 0, "ptr %p is not 4-byte aligned", ptr);
    const size_t bytes = N * 4;
    if (!gecl_addrmap_in_window(ptr)) return gecl_host_fill(stream, async, ptr, value, 4, bytes);
    gecl_block blk;
    size_t off;
    aclError rc = gecl_mem_resolve(ptr, bytes, "ptr", &blk, &off);
    if (rc) return rc;
    GECL_STREAM_REF(s);
    cl_command_queue q;
    if (async) {
        if ((rc = gecl_stream_resolve(stream, &s))) return rc;
        if (s->device != blk.device)
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "memory of device %d cannot be set on a stream of device %d",
                             blk.device->id, s->device->id);
        q = s->queue;
    } else if ((rc = gecl_sync_queue(blk.device, &s, &q))) {
        return rc;
    }
    cl_event done = NULL;
    cl_int err = clEnqueueFillBuffer(q, blk.mem, &value, sizeof value, off, bytes, 0, NULL, async ? NULL : &done);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "enqueueing the 32-bit fill");
    clFlush(q);
    if (async) return ACL_SUCCESS;
    err = clWaitForEvents(1, &done);
    clReleaseEvent(done);
    return err == CL_SUCCESS ? ACL_SUCCESS : gecl_fail_cl(err, "the 32-bit fill");
}

aclError aclrtMemsetD32(void *ptr, size_t memSize, uint32_t value, size_t N)
{
    GECL_CHECK_INIT();
    return memset_d32(ptr, memSize, value, N, 0, NULL);
}

aclError aclrtMemsetD32Async(void *ptr, size_t memSize, uint32_t value, size_t N, aclrtStream stream)
{
    GECL_CHECK_INIT();
    return memset_d32(ptr, memSize, value, N, 1, stream);
}
