/* vmm.c: virtual memory calls on top of the device address window (design.md decision 1):
 * aclrtReserveMemAddress holds a range of the window with no memory behind it,
 * aclrtMallocPhysical makes a cl_mem, aclrtMapMem binds one to part of a held range so that
 * device pointers there resolve to (that cl_mem, offset) wherever device pointers are taken
 * (copies, fills, kernels: all go through addrmap lookups), aclrtUnmapMem and the release calls
 * undo them. A mapping starts at the start of its physical memory: a pointer resolves to a whole
 * cl_mem plus an offset, and OpenCL sub-buffers would need device-specific alignment. */
#include <stdlib.h>

#include "acl/acl_rt.h"
#include "addrmap.h"
#include "memory.h"
#include "objset.h"
#include "runtime.h"
#include "vmm.h"

#define GRANULARITY ((size_t)64 << 10) /* the window's block alignment (addrmap.c) */

typedef struct phys {
    cl_mem mem;
    size_t size;
    gecl_device *device;
    int maps; /* live mappings of it; under g_lock */
} phys;

typedef struct mapping {
    uintptr_t base;
    size_t size;
    phys *ph;
    struct mapping *next;
} mapping;

typedef struct reservation {
    uintptr_t base, hold; /* the user's (aligned) address; the held block's start */
    size_t size;
    mapping *maps;
    struct reservation *next;
} reservation;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static reservation *g_res;
static gecl_objset g_phys = GECL_OBJSET_INIT;

/* The reservation containing [a, a + n); lock held. */
static reservation *find_res(uintptr_t a, size_t n)
{
    for (reservation *r = g_res; r; r = r->next)
        if (a >= r->base && a - r->base < r->size && n <= r->size - (a - r->base)) return r;
    return NULL;
}

int gecl_vmm_reserved(const void *p)
{
    pthread_mutex_lock(&g_lock);
    const int in = find_res((uintptr_t)p, 1) != NULL;
    pthread_mutex_unlock(&g_lock);
    return in;
}

aclError aclrtReserveMemAddress(void **virPtr, size_t size, size_t alignment, void *expectPtr, uint64_t flags)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(virPtr, "virPtr must not be NULL");
    GECL_CHECK_ARG(size > 0, "size must be greater than 0");
    GECL_CHECK_ARG(!expectPtr, "expectPtr must be NULL (gecl picks the address), got %p", expectPtr);
    GECL_CHECK_ARG((alignment & (alignment - 1)) == 0, "alignment %zu is not 0 or a power of two", alignment);
    GECL_CHECK_ARG(flags <= 1, "flags %llu is neither 0 (normal pages) nor 1 (huge pages)", (unsigned long long)flags);
    const size_t extra = alignment > GRANULARITY ? alignment : 0;
    GECL_CHECK_ARG(size <= SIZE_MAX - extra - GRANULARITY, "size %zu is too large", size);
    reservation *r = calloc(1, sizeof *r);
    if (!r) return gecl_fail_oom();
    gecl_block hold = {.size = size + extra, .kind = GECL_BLOCK_RESERVED};
    if (gecl_addrmap_insert(&hold) != 0) {
        free(r);
        return gecl_fail(ACL_ERROR_BAD_ALLOC, "no room for %zu bytes in the device address window (%zu MiB)", size,
                         gecl_addrmap_window_size() >> 20);
    }
    r->hold = hold.base;
    r->base = extra ? (hold.base + alignment - 1) & ~(uintptr_t)(alignment - 1) : hold.base;
    r->size = size;
    pthread_mutex_lock(&g_lock);
    r->next = g_res;
    g_res = r;
    pthread_mutex_unlock(&g_lock);
    *virPtr = (void *)r->base;
    return ACL_SUCCESS;
}

aclError aclrtReleaseMemAddress(void *virPtr)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(virPtr, "virPtr must not be NULL");
    pthread_mutex_lock(&g_lock);
    reservation **p = &g_res;
    while (*p && (*p)->base != (uintptr_t)virPtr) p = &(*p)->next;
    reservation *r = *p;
    aclError rc = ACL_SUCCESS;
    if (!r)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "%p is not an address from aclrtReserveMemAddress (or released already)",
                       virPtr);
    else if (r->maps)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "%p still has memory mapped at %p: aclrtUnmapMem it first", virPtr,
                       (void *)r->maps->base);
    else
        *p = r->next;
    pthread_mutex_unlock(&g_lock);
    if (rc) return rc;
    gecl_block blk;
    gecl_addrmap_remove_kind((void *)r->hold, GECL_BLOCK_RESERVED, &blk);
    free(r);
    return ACL_SUCCESS;
}

aclError aclrtMallocPhysical(aclrtDrvMemHandle *handle, size_t size, const aclrtPhysicalMemProp *prop, uint64_t flags)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(handle && prop, "handle and prop must not be NULL");
    GECL_CHECK_ARG(size > 0, "size must be greater than 0");
    GECL_CHECK_ARG(flags == 0, "flags must be 0, got %llu", (unsigned long long)flags);
    GECL_CHECK_ARG(prop->handleType == ACL_MEM_HANDLE_TYPE_NONE, "prop->handleType must be ACL_MEM_HANDLE_TYPE_NONE");
    GECL_CHECK_ARG(prop->allocationType == ACL_MEM_ALLOCATION_TYPE_PINNED,
                   "prop->allocationType must be ACL_MEM_ALLOCATION_TYPE_PINNED");
    GECL_CHECK_ARG(prop->location.type == ACL_MEM_LOCATION_TYPE_DEVICE,
                   "prop->location.type must be ACL_MEM_LOCATION_TYPE_DEVICE (physical memory lives on a device)");
    GECL_CHECK_ARG((unsigned)prop->memAttr <= ACL_HBM_MEM_P2P_HUGE1G, "prop->memAttr %d is not an aclrtMemAttr value",
                   (int)prop->memAttr);
    gecl_device *d;
    aclError rc = gecl_device_lookup((int32_t)prop->location.id, &d);
    if (rc) return rc;
    phys *ph = calloc(1, sizeof *ph);
    if (!ph) return gecl_fail_oom();
    ph->size = size;
    ph->device = d;
    if ((rc = gecl_device_buffer(d, size, &ph->mem))) {
        free(ph);
        return rc;
    }
    if (gecl_objset_add(&g_phys, ph) != 0) {
        gecl_device_buffer_free(d, ph->mem, size);
        free(ph);
        return gecl_fail_oom();
    }
    *handle = ph;
    return ACL_SUCCESS;
}

aclError aclrtFreePhysical(aclrtDrvMemHandle handle)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(handle, "handle must not be NULL");
    phys *ph = handle;
    pthread_mutex_lock(&g_lock);
    aclError rc = ACL_SUCCESS;
    if (!gecl_objset_has(&g_phys, ph))
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "handle %p is not from aclrtMallocPhysical (or freed already)", handle);
    else if (ph->maps)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "handle %p is still mapped %d time(s): aclrtUnmapMem first", handle,
                       ph->maps);
    else
        gecl_objset_remove(&g_phys, ph);
    pthread_mutex_unlock(&g_lock);
    if (rc) return rc;
    gecl_device_buffer_free(ph->device, ph->mem, ph->size);
    free(ph);
    return ACL_SUCCESS;
}

aclError aclrtMapMem(void *virPtr, size_t size, size_t offset, aclrtDrvMemHandle handle, uint64_t flags)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(virPtr && handle, "virPtr and handle must not be NULL");
    GECL_CHECK_ARG(size > 0, "size must be greater than 0");
    GECL_CHECK_ARG(flags == 0, "flags must be 0, got %llu", (unsigned long long)flags);
    GECL_CHECK_ARG(offset == 0, "offset must be 0: gecl maps physical memory from its start (got %zu)", offset);
    const uintptr_t a = (uintptr_t)virPtr;
    phys *ph = handle;
    mapping *m = malloc(sizeof *m);
    if (!m) return gecl_fail_oom();
    pthread_mutex_lock(&g_lock);
    reservation *r = find_res(a, size);
    aclError rc = ACL_SUCCESS;
    if (!gecl_objset_has(&g_phys, ph))
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "handle %p is not from aclrtMallocPhysical (or freed already)", handle);
    else if (size > ph->size)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "size %zu is larger than the physical memory (%zu bytes)", size, ph->size);
    else if (!r)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "[%p, +%zu) is not inside one range from aclrtReserveMemAddress",
                       virPtr, size);
    for (const mapping *o = r && !rc ? r->maps : NULL; o && !rc; o = o->next)
        if (a < o->base + o->size && o->base < a + size)
            rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "[%p, +%zu) overlaps the mapping at %p (%zu bytes)", virPtr, size,
                           (void *)o->base, o->size);
    if (!rc) {
        gecl_block blk = {.base = a, .size = size, .mem = ph->mem, .device = ph->device, .kind = GECL_BLOCK_MAPPED};
        if (gecl_addrmap_insert_at(&blk) != 0) rc = gecl_fail_oom();
    }
    if (!rc) {
        *m = (mapping){a, size, ph, r->maps};
        r->maps = m;
        ph->maps++;
    }
    pthread_mutex_unlock(&g_lock);
    if (rc) free(m);
    return rc;
}

aclError aclrtUnmapMem(void *virPtr)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(virPtr, "virPtr must not be NULL");
    const uintptr_t a = (uintptr_t)virPtr;
    pthread_mutex_lock(&g_lock);
    reservation *r = find_res(a, 1);
    mapping **p = r ? &r->maps : NULL;
    while (p && *p && (*p)->base != a) p = &(*p)->next;
    mapping *m = p ? *p : NULL;
    if (m) {
        *p = m->next;
        m->ph->maps--;
        gecl_block blk;
        gecl_addrmap_remove_kind(virPtr, GECL_BLOCK_MAPPED, &blk);
    }
    pthread_mutex_unlock(&g_lock);
    if (!m)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "%p is not the start of a mapping made by aclrtMapMem", virPtr);
    free(m); /* the cl_mem stays with its physical handle; enqueued work keeps it alive */
    return ACL_SUCCESS;
}

void gecl_vmm_release_all(void)
{
    pthread_mutex_lock(&g_lock);
    while (g_res) {
        reservation *r = g_res;
        g_res = r->next;
        while (r->maps) {
            mapping *m = r->maps;
            r->maps = m->next;
            free(m);
        }
        free(r);
    }
    size_t n = 0;
    void **all = gecl_objset_take_all(&g_phys, &n);
    for (size_t i = 0; i < n; i++) {
        phys *ph = all[i];
        gecl_device_buffer_free(ph->device, ph->mem, ph->size);
        free(ph);
    }
    free(all);
    pthread_mutex_unlock(&g_lock);
}
