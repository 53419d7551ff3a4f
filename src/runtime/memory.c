/* memory.c: aclrtMalloc / aclrtFree / aclrtMallocHost / aclrtFreeHost / aclrtGetMemInfo. */
#include "memory.h"

#include "acl/acl_rt.h"
#include "context.h"
#include "hostmem.h"
#include "runtime.h"

/* Padding as CANN does (round up to 32, plus 32) so vectorised kernels may over-read a little. */
#define PAD(n) ((((n) + 31) & ~(size_t)31) + 32)

aclError gecl_mem_resolve(const void *p, size_t count, const char *what, gecl_block *blk, size_t *off)
{
    if (!gecl_addrmap_in_window(p))
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "%s %p is not device memory from aclrtMalloc", what, p);
    if (!gecl_addrmap_find(p, blk, off))
        return gecl_fail(ACL_ERROR_INVALID_PARAM,
                         "%s %p is not inside any live device allocation (freed, never allocated, or a reserved "
                         "address with nothing mapped)", what, p);
    if (count > blk->size - *off)
        return gecl_fail(ACL_ERROR_INVALID_PARAM,
                         "%s %p + %zu bytes runs %zu bytes past the end of its allocation (%zu bytes at %p)",
                         what, p, count, count - (blk->size - *off), blk->size, (void *)blk->base);
    return ACL_SUCCESS;
}

static int policy_valid(aclrtMemMallocPolicy policy)
{
    unsigned v = (unsigned)policy;
    unsigned flags = ACL_MEM_TYPE_LOW_BAND_WIDTH | ACL_MEM_TYPE_HIGH_BAND_WIDTH | ACL_MEM_ACCESS_USER_SPACE_READONLY;
    return (v & ~flags) <= ACL_MEM_MALLOC_HUGE1G_ONLY_P2P;
}

int gecl_mem_policy_valid(aclrtMemMallocPolicy policy) { return policy_valid(policy); }

/* Claims `size` bytes of d's memory budget; fails cleanly when the device cannot hold them. */
static aclError reserve_budget(gecl_device *d, size_t size)
{
    aclError rc = ACL_SUCCESS;
    pthread_mutex_lock(&d->lock);
    if (size > d->desc.max_alloc)
        rc = gecl_fail(ACL_ERROR_RT_MEMORY_ALLOCATION,
                       "%zu bytes exceed device %d's largest single allocation (CL_DEVICE_MAX_MEM_ALLOC_SIZE = %llu bytes)",
                       size, d->id, (unsigned long long)d->desc.max_alloc);
    else if (size > d->desc.global_mem - d->bytes_used)
        rc = gecl_fail(ACL_ERROR_RT_MEMORY_ALLOCATION,
                       "%zu bytes requested but device %d has %llu of %llu bytes free", size, d->id,
                       (unsigned long long)(d->desc.global_mem - d->bytes_used),
                       (unsigned long long)d->desc.global_mem);
    else
        d->bytes_used += size;
    pthread_mutex_unlock(&d->lock);
    return rc;
}

static void return_budget(gecl_device *d, size_t size)
{
    pthread_mutex_lock(&d->lock);
    d->bytes_used -= size;
    pthread_mutex_unlock(&d->lock);
}

static aclError device_malloc(void **devPtr, size_t size, aclrtMemMallocPolicy policy)
{
    GECL_CHECK_ARG(devPtr, "devPtr must not be NULL");
    GECL_CHECK_ARG(size > 0, "size must be greater than 0");
    GECL_CHECK_ARG(policy_valid(policy), "policy %d is not an aclrtMemMallocPolicy value", (int)policy);
    gecl_device *d;
    aclError rc = gecl_context_current_device(&d);
    if (rc) return rc;
    return gecl_device_malloc(d, size, devPtr);
}

aclError gecl_device_buffer(gecl_device *d, size_t size, cl_mem *mem)
{
    aclError rc = gecl_device_context(d, NULL);
    if (rc || (rc = reserve_budget(d, size))) return rc;
    cl_int err = CL_SUCCESS;
    *mem = clCreateBuffer(d->ctx, CL_MEM_READ_WRITE, PAD(size) /* size <= max_alloc here */, NULL, &err);
    if (err != CL_SUCCESS) {
        return_budget(d, size);
        return gecl_fail(ACL_ERROR_RT_MEMORY_ALLOCATION, "cannot allocate %zu bytes on device %d: %s", size, d->id,
                         gecl_cl_error_name(err));
    }
    return ACL_SUCCESS;
}

void gecl_device_buffer_free(gecl_device *d, cl_mem mem, size_t size)
{
    clReleaseMemObject(mem); /* OpenCL keeps it alive until enqueued work is done */
    return_budget(d, size);
}

aclError gecl_device_malloc(gecl_device *d, size_t size, void **devPtr)
{
    gecl_block blk = {.size = size, .device = d, .kind = GECL_BLOCK_MALLOC};
    aclError rc = gecl_device_buffer(d, size, &blk.mem);
    if (rc) return rc;
    if (gecl_addrmap_insert(&blk) != 0) {
        gecl_device_buffer_free(d, blk.mem, size);
        return gecl_fail(ACL_ERROR_BAD_ALLOC, "no room for %zu bytes in the device address window (%zu MiB; "
                         "smaller under an address-space limit)", size, gecl_addrmap_window_size() >> 20);
    }
    *devPtr = (void *)blk.base;
    return ACL_SUCCESS;
}

aclError aclrtMalloc(void **devPtr, size_t size, aclrtMemMallocPolicy policy)
{
    GECL_CHECK_INIT();
    return device_malloc(devPtr, size, policy);
}

aclError aclrtMallocAlign32(void **devPtr, size_t size, aclrtMemMallocPolicy policy)
{
    GECL_CHECK_INIT();
    return device_malloc(devPtr, size, policy); /* every block is 64 KiB aligned */
}

aclError aclrtMallocCached(void **devPtr, size_t size, aclrtMemMallocPolicy policy)
{
    GECL_CHECK_INIT();
    return device_malloc(devPtr, size, policy);
}

aclError aclrtFree(void *devPtr)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(devPtr, "devPtr must not be NULL");
    gecl_block blk;
    size_t off;
    if (gecl_addrmap_remove(devPtr, &blk)) {
        gecl_device_buffer_free(blk.device, blk.mem, blk.size);
        return ACL_SUCCESS;
    }
    if (!gecl_addrmap_in_window(devPtr))
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "%p is not device memory from aclrtMalloc", devPtr);
    if (gecl_addrmap_find(devPtr, &blk, &off) && blk.kind == GECL_BLOCK_MAPPED)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "%p is mapped memory (aclrtMapMem): release it with aclrtUnmapMem",
                         devPtr);
    if (gecl_addrmap_find(devPtr, &blk, &off))
        return gecl_fail(ACL_ERROR_INVALID_PARAM,
                         "%p is %zu bytes inside the allocation at %p: aclrtFree takes the start of an allocation",
                         devPtr, off, (void *)blk.base);
    return gecl_fail(ACL_ERROR_INVALID_PARAM, "%p is not a live allocation (freed already?)", devPtr);
}

aclError aclrtMallocHost(void **hostPtr, size_t size)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(hostPtr, "hostPtr must not be NULL");
    GECL_CHECK_ARG(size > 0, "size must be greater than 0");
    gecl_device *d = gecl_context_device_or_null();
    if (!d) d = gecl_device_get(0);
    if (!d) return gecl_fail(ACL_ERROR_INVALID_DEVICE, "no OpenCL device is available for pinned memory");
    return gecl_hostmem_alloc(d, size, hostPtr);
}

aclError aclrtFreeHost(void *hostPtr)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(hostPtr, "hostPtr must not be NULL");
    return gecl_hostmem_free(hostPtr);
}

aclError aclrtGetMemInfo(aclrtMemAttr attr, size_t *free, size_t *total)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(free && total, "free and total must not be NULL");
    GECL_CHECK_ARG((unsigned)attr <= ACL_MEM_P2P_HUGE1G, "attr %d is not an aclrtMemAttr value", (int)attr);
    gecl_device *d;
    aclError rc = gecl_context_current_device(&d);
    if (rc) return rc;
    pthread_mutex_lock(&d->lock);
    *total = (size_t)d->desc.global_mem;
    *free = (size_t)(d->desc.global_mem - d->bytes_used);
    pthread_mutex_unlock(&d->lock);
    return ACL_SUCCESS;
}
