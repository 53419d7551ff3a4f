/* vmm_access.c: who may use mapped virtual memory (aclrtMemMapNoAccess, aclrtMemSetAccess,
 * aclrtMemGetAccess). gecl gives each device its own OpenCL context, so a mapping can only ever
 * be used by the device its physical memory lives on: access is granted or withdrawn for that
 * device, never for another device or the host. Without access a mapping is kept out of the
 * address map, so a copy, fill or kernel given a pointer into it fails as for unmapped memory;
 * read-only access is recorded and reported, but OpenCL buffers cannot refuse a write. */
#include <stdint.h>
#include <stdlib.h>

#include "acl/acl_rt.h"
#include "runtime.h"
#include "vmm.h"

aclError aclrtMemMapNoAccess(void *virPtr, size_t size, size_t offset, aclrtDrvMemHandle handle, uint64_t flags)
{
    GECL_CHECK_INIT();
    return gecl_vmm_map(virPtr, size, offset, handle, flags, ACL_RT_MEM_ACCESS_FLAGS_NONE);
}

static int flags_valid(int f)
{
    return f == ACL_RT_MEM_ACCESS_FLAGS_NONE || f == ACL_RT_MEM_ACCESS_FLAGS_READ ||
           f == ACL_RT_MEM_ACCESS_FLAGS_READWRITE;
}

static aclError check_desc(const aclrtMemAccessDesc *d, size_t i)
{
    GECL_CHECK_ARG(flags_valid((int)d->flags), "desc[%zu].flags %d is not an aclrtMemAccessFlags value", i,
                   (int)d->flags);
    if (d->location.type == ACL_MEM_LOCATION_TYPE_HOST)
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "desc[%zu]: the host cannot be given access to device memory "
                         "on OpenCL (copy it with aclrtMemcpy)", i);
    GECL_CHECK_ARG(d->location.type == ACL_MEM_LOCATION_TYPE_DEVICE,
                   "desc[%zu].location.type %d is neither ACL_MEM_LOCATION_TYPE_DEVICE nor _HOST", i,
                   (int)d->location.type);
    gecl_device *dev;
    return gecl_device_lookup((int32_t)d->location.id, &dev);
}

/* Under gecl_vmm_lock: the mappings covering [a, end) exactly, one after the other, counted into
 * *n (and stored in out[] when out is not NULL). */
static aclError covering_maps(uintptr_t a, uintptr_t end, gecl_vmap **out, size_t *n)
{
    *n = 0;
    while (a < end) {
        gecl_vmap *m = gecl_vmm_find_map(a);
        if (!m || m->base != a)
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "%p does not start a mapping from aclrtMapMem / "
                             "aclrtMemMapNoAccess: the range must be made of whole mappings", (void *)a);
        if (m->size > end - a)
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "the mapping at %p (%zu bytes) runs past the end of the range "
                             "(%p)", (void *)a, m->size, (void *)end);
        if (out) out[*n] = m;
        ++*n;
        a += m->size;
    }
    return ACL_SUCCESS;
}

/* The access desc[] gives m's device (its last entry for that device wins), or -1 when it names
 * none; another device may only be refused access. */
static aclError access_for(const gecl_vmap *m, const aclrtMemAccessDesc *desc, size_t count, int *access)
{
    *access = -1;
    for (size_t i = 0; i < count; i++) {
        if ((int32_t)desc[i].location.id == m->ph->device->id) {
            *access = (int)desc[i].flags;
        } else if (desc[i].flags != ACL_RT_MEM_ACCESS_FLAGS_NONE) {
            return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "desc[%zu]: device %u cannot reach the memory mapped at %p, "
                             "which lives on device %d (each device has its own OpenCL context)", i,
                             desc[i].location.id, (void *)m->base, m->ph->device->id);
        }
    }
    return ACL_SUCCESS;
}

static aclError apply(gecl_vmap *m, int access)
{
    if (access < 0 || access == m->access) return ACL_SUCCESS;
    const int was = m->access != ACL_RT_MEM_ACCESS_FLAGS_NONE, now = access != ACL_RT_MEM_ACCESS_FLAGS_NONE;
    aclError rc = was != now ? gecl_vmm_set_visible(m, now) : ACL_SUCCESS;
    if (!rc) m->access = access;
    return rc;
}

aclError aclrtMemSetAccess(void *virPtr, size_t size, aclrtMemAccessDesc *desc, size_t count)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(virPtr && desc, "virPtr and desc must not be NULL");
    GECL_CHECK_ARG(size > 0 && count > 0, "size and count must be greater than 0");
    const uintptr_t a = (uintptr_t)virPtr;
    GECL_CHECK_ARG(size <= UINTPTR_MAX - a, "size %zu wraps the address space", size);
    for (size_t i = 0; i < count; i++) {
        aclError rc = check_desc(&desc[i], i);
        if (rc) return rc;
    }
    pthread_mutex_lock(&gecl_vmm_lock);
    size_t n = 0;
    aclError rc = covering_maps(a, a + size, NULL, &n);
    gecl_vmap **maps = rc ? NULL : malloc(n * sizeof *maps);
    if (!rc && !maps) rc = gecl_fail_oom();
    if (!rc) rc = covering_maps(a, a + size, maps, &n);
    int *acc = rc ? NULL : malloc(n * sizeof *acc);
    if (!rc && !acc) rc = gecl_fail_oom();
    for (size_t i = 0; i < n && !rc; i++) rc = access_for(maps[i], desc, count, &acc[i]);
    for (size_t i = 0; i < n && !rc; i++) rc = apply(maps[i], acc[i]); /* everything checked first */
    pthread_mutex_unlock(&gecl_vmm_lock);
    free(maps);
    free(acc);
    return rc;
}

aclError aclrtMemGetAccess(void *virPtr, aclrtMemLocation *location, uint64_t *flag)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(virPtr && location && flag, "virPtr, location and flag must not be NULL");
    GECL_CHECK_ARG(location->type == ACL_MEM_LOCATION_TYPE_DEVICE || location->type == ACL_MEM_LOCATION_TYPE_HOST,
                   "location->type %d is neither ACL_MEM_LOCATION_TYPE_DEVICE nor _HOST", (int)location->type);
    gecl_device *dev = NULL;
    if (location->type == ACL_MEM_LOCATION_TYPE_DEVICE) {
        aclError rc = gecl_device_lookup((int32_t)location->id, &dev);
        if (rc) return rc;
    }
    pthread_mutex_lock(&gecl_vmm_lock);
    const gecl_vmap *m = gecl_vmm_find_map((uintptr_t)virPtr);
    const int access = !m ? -1 : dev == m->ph->device ? m->access : ACL_RT_MEM_ACCESS_FLAGS_NONE;
    pthread_mutex_unlock(&gecl_vmm_lock);
    if (access < 0)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "%p is not inside a mapping from aclrtMapMem / aclrtMemMapNoAccess",
                         virPtr);
    *flag = (uint64_t)access;
    return ACL_SUCCESS;
}
