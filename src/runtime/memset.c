/* memset.c: aclrtMemset / aclrtMemsetAsync, through the embedded memset kernel (host memory:
 * memfill.c). */
#include "acl/acl_rt.h"
#include "memfill.h"
#include "memory.h"
#include "progcache.h"
#include "runtime.h"
#include "stream.h"

#define LOCAL_SIZE 64 /* one local size: PoCL compiles a kernel again for each new one */

static aclError memset_kernel(gecl_device *d, cl_kernel *k)
{
    aclError rc = ACL_SUCCESS;
    pthread_mutex_lock(&d->kernel_lock);
    if (!d->memset_kernel) rc = gecl_progcache_kernel(d, "memset", "", "gecl_memset", &d->memset_kernel);
    *k = d->memset_kernel;
    pthread_mutex_unlock(&d->kernel_lock);
    return rc;
}

/* Enqueues the fill on q; `done` (may be NULL) receives its event. */
static aclError enqueue_memset(cl_command_queue q, const gecl_block *blk, size_t off, int32_t value, size_t count,
                               cl_event *done)
{
    cl_kernel k;
    aclError rc = memset_kernel(blk->device, &k);
    if (rc) return rc;
    cl_ulong o = off, n = count;
    cl_uint v = (cl_uint)(value & 0xFF);
    size_t chunks = (off + count - (off & ~(size_t)15) + 15) / 16;
    size_t global = (chunks + LOCAL_SIZE - 1) / LOCAL_SIZE * LOCAL_SIZE, local = LOCAL_SIZE;
    /* Kernel arguments are state of the cl_kernel: set and enqueue under one lock. */
    pthread_mutex_lock(&blk->device->kernel_lock);
    cl_int err = clSetKernelArg(k, 0, sizeof(cl_mem), &blk->mem);
    if (err == CL_SUCCESS) err = clSetKernelArg(k, 1, sizeof o, &o);
    if (err == CL_SUCCESS) err = clSetKernelArg(k, 2, sizeof n, &n);
    if (err == CL_SUCCESS) err = clSetKernelArg(k, 3, sizeof v, &v);
    if (err == CL_SUCCESS) err = clEnqueueNDRangeKernel(q, k, 1, NULL, &global, &local, 0, NULL, done);
    pthread_mutex_unlock(&blk->device->kernel_lock);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "enqueueing the memset kernel");
    clFlush(q);
    return ACL_SUCCESS;
}

static aclError validate(void *devPtr, size_t maxCount, size_t count, gecl_block *blk, size_t *off)
{
    GECL_CHECK_ARG(devPtr, "devPtr must not be NULL");
    GECL_CHECK_ARG(count <= maxCount, "count %zu is larger than maxCount %zu", count, maxCount);
    return gecl_mem_resolve(devPtr, count, "devPtr", blk, off);
}

aclError aclrtMemset(void *devPtr, size_t maxCount, int32_t value, size_t count)
{
    GECL_CHECK_INIT();
    gecl_block blk;
    size_t off;
    /* CANN decides host or device by the address: host memory is set here and now. */
    if (devPtr && count <= maxCount && !gecl_addrmap_in_window(devPtr))
        return gecl_host_fill(NULL, 0, devPtr, (uint32_t)value, 1, count);
    aclError rc = validate(devPtr, maxCount, count, &blk, &off);
    if (rc || count == 0) return rc;
    GECL_STREAM_REF(s);
    cl_command_queue q;
    if ((rc = gecl_sync_queue(blk.device, &s, &q))) return rc;
    cl_event done = NULL;
    rc = enqueue_memset(q, &blk, off, value, count, &done);
    if (rc) return rc;
    cl_int err = clWaitForEvents(1, &done);
    clReleaseEvent(done);
    return err == CL_SUCCESS ? ACL_SUCCESS : gecl_fail_cl(err, "the memset kernel");
}

aclError aclrtMemsetAsync(void *devPtr, size_t maxCount, int32_t value, size_t count, aclrtStream stream)
{
    GECL_CHECK_INIT();
    gecl_block blk;
    size_t off;
    /* Host memory is set by a host task in stream order. */
    if (devPtr && count <= maxCount && !gecl_addrmap_in_window(devPtr))
        return count ? gecl_host_fill(stream, 1, devPtr, (uint32_t)value, 1, count) : ACL_SUCCESS;
    GECL_STREAM_REF(s);
    aclError rc = validate(devPtr, maxCount, count, &blk, &off);
    if (!rc) rc = gecl_stream_resolve(stream, &s);
    if (rc || count == 0) return rc;
    if (s->device != blk.device)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "memory of device %d cannot be set on a stream of device %d",
                         blk.device->id, s->device->id);
    return enqueue_memset(s->queue, &blk, off, value, count, NULL);
}
