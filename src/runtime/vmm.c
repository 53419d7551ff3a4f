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

typedef struct reservation {
    uintptr_t base, hold; /* the user's (aligned) address; the held block's start */
    size_t size;
    gecl_vmap *maps;
    struct reservation *next;
} reservation;

pthread_mutex_t gecl_vmm_lock = PTHREAD_MUTEX_INITIALIZER;
static reservation *g_res;
static gecl_objset g_phys = GECL_OBJSET_INIT;

/* The reservation containing [a, a + n); lock held. */
static reservation *find_res(uintptr_t a, size_t n)
{
    for (reservation *r = g_res; r; r = r->next)
        if (a >= r->base && a - r->base < r->size && n <= r->size - (a - r->base)) return r;
    return NULL;
}

gecl_vmap *gecl_vmm_find_map(uintptr_t a)
{
    reservation *r = find_res(a, 1);
    for (gecl_vmap *m = r ? r->maps : NULL; m; m = m->next)
        if (a >= m->base && a - m->base < m->size) return m;
    return NULL;
}

int gecl_vmm_phys_live(const gecl_phys *ph) { return gecl_objset_has(&g_phys, ph); }

aclError gecl_vmm_set_visible(gecl_vmap *m, int visible)
{
    gecl_block blk = {.base = m->base, .size = m->size, .mem = m->ph->mem, .device = m->ph->device,
                      .kind = GECL_BLOCK_MAPPED};
    if (!visible) {
        gecl_addrmap_remove_kind((void *)m->base, GECL_BLOCK_MAPPED, &blk);
        return ACL_SUCCESS;
    }
    return gecl_addrmap_insert_at(&blk) == 0 ? ACL_SUCCESS : gecl_fail_oom();
}

int gecl_vmm_reserved(const void *p)
{
    pthread_mutex_lock(&gecl_vmm_lock);
    const int in = find_res((uintptr_t)p, 1) != NULL;
    pthread_mutex_unlock(&gecl_vmm_lock);
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
    const size_t extra = alignment > GECL_VMM_GRANULARITY ? alignment : 0;
    GECL_CHECK_ARG(size <= SIZE_MAX - extra - GECL_VMM_GRANULARITY, "size %zu is too large", size);
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
    pthread_mutex_lock(&gecl_vmm_lock);
    r->next = g_res;
    g_res = r;
    pthread_mutex_unlock(&gecl_vmm_lock);
    *virPtr = (void *)r->base;
    return ACL_SUCCESS;
}

aclError aclrtReleaseMemAddress(void *virPtr)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(virPtr, "virPtr must not be NULL");
    pthread_mutex_lock(&gecl_vmm_lock);
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
    pthread_mutex_unlock(&gecl_vmm_lock);
    if (rc) return rc;
    gecl_block blk;
    gecl_addrmap_remove_kind((void *)r->hold, GECL_BLOCK_RESERVED, &blk);
    free(r);
    return ACL_SUCCESS;
}

aclError gecl_vmm_check_prop(const aclrtPhysicalMemProp *prop)
{
    GECL_CHECK_ARG(prop, "prop must not be NULL");
    GECL_CHECK_ARG(prop->handleType == ACL_MEM_HANDLE_TYPE_NONE, "prop->handleType must be ACL_MEM_HANDLE_TYPE_NONE");
    GECL_CHECK_ARG(prop->allocationType == ACL_MEM_ALLOCATION_TYPE_PINNED,
                   "prop->allocationType must be ACL_MEM_ALLOCATION_TYPE_PINNED");
    GECL_CHECK_ARG(prop->location.type == ACL_MEM_LOCATION_TYPE_DEVICE,
                   "prop->location.type must be ACL_MEM_LOCATION_TYPE_DEVICE (physical memory lives on a device)");
    GECL_CHECK_ARG((unsigned)prop->memAttr <= ACL_HBM_MEM_P2P_HUGE1G, "prop->memAttr %d is not an aclrtMemAttr value",
                   (int)prop->memAttr);
    gecl_device *d;
    return gecl_device_lookup((int32_t)prop->location.id, &d);
}

aclError aclrtMallocPhysical(aclrtDrvMemHandle *handle, size_t size, const aclrtPhysicalMemProp *prop, uint64_t flags)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(handle && prop, "handle and prop must not be NULL");
    GECL_CHECK_ARG(size > 0, "size must be greater than 0");
    GECL_CHECK_ARG(flags == 0, "flags must be 0, got %llu", (unsigned long long)flags);
    aclError rc = gecl_vmm_check_prop(prop);
    if (rc) return rc;
    gecl_device *d = gecl_device_get((int32_t)prop->location.id);
    gecl_phys *ph = calloc(1, sizeof *ph);
    if (!ph) return gecl_fail_oom();
    ph->size = size;
    ph->device = d;
    ph->prop = *prop;
    ph->refs = 1;
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

/* Each aclrtMemRetainAllocationHandle added an owner; the memory goes with the last one. */
aclError aclrtFreePhysical(aclrtDrvMemHandle handle)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(handle, "handle must not be NULL");
    gecl_phys *ph = handle;
    pthread_mutex_lock(&gecl_vmm_lock);
    aclError rc = ACL_SUCCESS;
    int last = 0;
    if (!gecl_objset_has(&g_phys, ph))
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "handle %p is not from aclrtMallocPhysical (or freed already)", handle);
    else if (ph->refs > 1)
        ph->refs--;
    else if (ph->maps)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "handle %p is still mapped %d time(s): aclrtUnmapMem first", handle,
                       ph->maps);
    else
        gecl_objset_remove(&g_phys, ph), last = 1;
    pthread_mutex_unlock(&gecl_vmm_lock);
    if (rc || !last) return rc;
    gecl_device_buffer_free(ph->device, ph->mem, ph->size);
    free(ph);
    return ACL_SUCCESS;
}

/* Under gecl_vmm_lock: why [a, a + size) of ph cannot be mapped (message recorded), or 0. */
static aclError check_map(uintptr_t a, size_t size, gecl_phys *ph, reservation **out)
{
    reservation *r = find_res(a, size);
    if (!gecl_objset_has(&g_phys, ph))
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "handle %p is not from aclrtMallocPhysical (or freed already)",
                         (void *)ph);
    if (size > ph->size)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "size %zu is larger than the physical memory (%zu bytes)", size,
                         ph->size);
    if (!r)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "[%p, +%zu) is not inside one range from aclrtReserveMemAddress",
                         (void *)a, size);
    for (const gecl_vmap *o = r->maps; o; o = o->next)
        if (a < o->base + o->size && o->base < a + size)
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "[%p, +%zu) overlaps the mapping at %p (%zu bytes)", (void *)a,
                             size, (void *)o->base, o->size);
    *out = r;
    return ACL_SUCCESS;
}

aclError gecl_vmm_map(void *virPtr, size_t size, size_t offset, aclrtDrvMemHandle handle, uint64_t flags, int access)
{
    GECL_CHECK_ARG(virPtr && handle, "virPtr and handle must not be NULL");
    GECL_CHECK_ARG(size > 0, "size must be greater than 0");
    GECL_CHECK_ARG(flags == 0, "flags must be 0, got %llu", (unsigned long long)flags);
    GECL_CHECK_ARG(offset == 0, "offset must be 0: gecl maps physical memory from its start (got %zu)", offset);
    gecl_vmap *m = malloc(sizeof *m);
    if (!m) return gecl_fail_oom();
    pthread_mutex_lock(&gecl_vmm_lock);
    reservation *r = NULL;
    aclError rc = check_map((uintptr_t)virPtr, size, handle, &r);
    if (!rc) {
        *m = (gecl_vmap){(uintptr_t)virPtr, size, handle, access, r->maps};
        if (access != ACL_RT_MEM_ACCESS_FLAGS_NONE) rc = gecl_vmm_set_visible(m, 1);
    }
    if (!rc) {
        r->maps = m;
        m->ph->maps++;
    }
    pthread_mutex_unlock(&gecl_vmm_lock);
    if (rc) free(m);
    return rc;
}

aclError aclrtMapMem(void *virPtr, size_t size, size_t offset, aclrtDrvMemHandle handle, uint64_t flags)
{
    GECL_CHECK_INIT();
    return gecl_vmm_map(virPtr, size, offset, handle, flags, ACL_RT_MEM_ACCESS_FLAGS_READWRITE);
}

aclError aclrtUnmapMem(void *virPtr)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(virPtr, "virPtr must not be NULL");
    const uintptr_t a = (uintptr_t)virPtr;
    pthread_mutex_lock(&gecl_vmm_lock);
    reservation *r = find_res(a, 1);
    gecl_vmap **p = r ? &r->maps : NULL;
    while (p && *p && (*p)->base != a) p = &(*p)->next;
    gecl_vmap *m = p ? *p : NULL;
    if (m) {
        *p = m->next;
        m->ph->maps--;
        gecl_vmm_set_visible(m, 0);
    }
    pthread_mutex_unlock(&gecl_vmm_lock);
    if (!m)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "%p is not the start of a mapping made by aclrtMapMem", virPtr);
    free(m); /* the cl_mem stays with its physical handle; enqueued work keeps it alive */
    return ACL_SUCCESS;
}

void gecl_vmm_release_all(void)
{
    pthread_mutex_lock(&gecl_vmm_lock);
    while (g_res) {
        reservation *r = g_res;
        g_res = r->next;
        while (r->maps) {
            gecl_vmap *m = r->maps;
            r->maps = m->next;
            free(m);
        }
        free(r);
    }
    size_t n = 0;
    void **all = gecl_objset_take_all(&g_phys, &n);
    for (size_t i = 0; i < n; i++) {
        gecl_phys *ph = all[i];
        gecl_device_buffer_free(ph->device, ph->mem, ph->size);
        free(ph);
    }
    free(all);
    pthread_mutex_unlock(&gecl_vmm_lock);
}
