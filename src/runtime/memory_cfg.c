/*
 * memory_cfg.c: the allocation and free variants of CANN's acl_rt.h around aclrtMalloc /
 * aclrtMallocHost / aclrtFree: with a configuration (aclrtMallocWithCfg, aclrtMallocHostWithCfg),
 * with a device synchronisation first (aclrtFreeWithDevSync, aclrtFreeHostWithDevSync), plus the
 * address queries and cache maintenance that have a meaning on gecl's device address window
 * (aclrtMemGetAddressRange, aclrtMemFlush, aclrtMemInvalidate) and the deprecated
 * aclrtMemcpyAsyncWithCondition.
 */
#include "acl/acl_rt.h"
#include "context.h"
#include "memory.h"
#include "runtime.h"

/* Checks a configuration and returns the device it names (-1: none, allocate on the current
 * one). Module ids only label memory for Ascend's accounting: accepted and ignored. */
static aclError read_cfg(const aclrtMallocConfig *cfg, int64_t *device)
{
    *device = -1;
    if (!cfg) return ACL_SUCCESS;
    GECL_CHECK_ARG(cfg->numAttrs == 0 || cfg->attrs, "cfg->attrs must not be NULL when cfg->numAttrs is %zu", cfg->numAttrs);
    for (size_t i = 0; i < cfg->numAttrs; i++) {
        const aclrtMallocAttribute *a = &cfg->attrs[i];
        switch (a->attr) {
        case ACL_RT_MEM_ATTR_RSV:
        case ACL_RT_MEM_ATTR_MODULE_ID:
            break;
        case ACL_RT_MEM_ATTR_DEVICE_ID:
            *device = a->value.deviceId;
            break;
        case ACL_RT_MEM_ATTR_VA_FLAG:
            if (a->value.vaFlag != 0)
                return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED,
                                 "cfg->attrs[%zu]: virtual-address flag %u is not supported on OpenCL", i, a->value.vaFlag);
            break;
        default:
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "cfg->attrs[%zu].attr %d is not an aclrtMallocAttrType", i, (int)a->attr);
        }
    }
    return ACL_SUCCESS;
}

aclError aclrtMallocWithCfg(void **devPtr, size_t size, aclrtMemMallocPolicy policy, aclrtMallocConfig *cfg)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(devPtr, "devPtr must not be NULL");
    GECL_CHECK_ARG(size > 0, "size must be greater than 0");
    GECL_CHECK_ARG(gecl_mem_policy_valid(policy), "policy %d is not an aclrtMemMallocPolicy value", (int)policy);
    int64_t id;
    aclError rc = read_cfg(cfg, &id);
    if (rc) return rc;
    gecl_device *d;
    rc = id < 0 ? gecl_context_current_device(&d) : gecl_device_lookup((int32_t)id, &d);
    if (rc) return rc;
    return gecl_device_malloc(d, size, devPtr);
}

aclError aclrtMallocHostWithCfg(void **ptr, uint64_t size, aclrtMallocConfig *cfg)
{
    GECL_CHECK_INIT();
    int64_t id;
    aclError rc = read_cfg(cfg, &id);
    if (rc) return rc;
    if (id >= 0) {
        gecl_device *d;
        if ((rc = gecl_device_lookup((int32_t)id, &d))) return rc;
    }
    GECL_CHECK_ARG(size <= SIZE_MAX, "size %llu does not fit in size_t", (unsigned long long)size);
    return aclrtMallocHost(ptr, (size_t)size); /* pinned memory serves every device */
}

aclError aclrtFreeWithDevSync(void *devPtr)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(devPtr, "devPtr must not be NULL");
    aclError rc = aclrtSynchronizeDevice();
    return rc ? rc : aclrtFree(devPtr);
}

aclError aclrtFreeHostWithDevSync(void *hostPtr)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(hostPtr, "hostPtr must not be NULL");
    aclError rc = aclrtSynchronizeDevice();
    return rc ? rc : aclrtFreeHost(hostPtr);
}

aclError aclrtMemGetAddressRange(void *ptr, void **pbase, size_t *psize)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(ptr, "ptr must not be NULL");
    GECL_CHECK_ARG(pbase || psize, "pbase and psize must not both be NULL");
    gecl_block blk;
    size_t off;
    aclError rc = gecl_mem_resolve(ptr, 0, "ptr", &blk, &off);
    if (rc) return rc;
    if (pbase) *pbase = (void *)blk.base;
    if (psize) *psize = blk.size;
    return ACL_SUCCESS;
}

/* Device memory on OpenCL is coherent at command boundaries: there is no cache for the program
 * to write back or drop, so both calls check the range and succeed. */
static aclError check_cache_range(void *devPtr, size_t size)
{
    GECL_CHECK_ARG(devPtr, "devPtr must not be NULL");
    GECL_CHECK_ARG(size > 0, "size must be greater than 0");
    gecl_block blk;
    size_t off;
    return gecl_mem_resolve(devPtr, size, "devPtr", &blk, &off);
}

aclError aclrtMemFlush(void *devPtr, size_t size)
{
    GECL_CHECK_INIT();
    return check_cache_range(devPtr, size);
}

aclError aclrtMemInvalidate(void *devPtr, size_t size)
{
    GECL_CHECK_INIT();
    return check_cache_range(devPtr, size);
}

aclError aclrtMemcpyAsyncWithCondition(void *dst, size_t destMax, const void *src, size_t count,
                                       aclrtMemcpyKind kind, aclrtStream stream)
{
    GECL_ENTER();
    /* The deprecated name of aclrtMemcpyAsync: same arguments, same checks. */
    return aclrtMemcpyAsync(dst, destMax, src, count, kind, stream);
}
