/* vmm_handle.c: what gecl tells about physical memory for virtual mappings: the allocation
 * granularity, the handle behind a mapping, and the properties a handle was made with. */
#include "acl/acl_rt.h"
#include "runtime.h"
#include "vmm.h"

/* Ranges of the address window start and end on 64 KiB (addrmap.c); smaller physical pieces
 * work, but mapping them side by side leaves the rest of each 64 KiB unused, so both the
 * minimum and the recommended granularity are that. */
aclError aclrtMemGetAllocationGranularity(aclrtPhysicalMemProp *prop, aclrtMemGranularityOptions option,
                                          size_t *granularity)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(granularity, "granularity must not be NULL");
    GECL_CHECK_ARG(option == ACL_RT_MEM_ALLOC_GRANULARITY_MINIMUM || option == ACL_RT_MEM_ALLOC_GRANULARITY_RECOMMENDED,
                   "option %d is neither ACL_RT_MEM_ALLOC_GRANULARITY_MINIMUM nor _RECOMMENDED", (int)option);
    aclError rc = gecl_vmm_check_prop(prop);
    if (rc) return rc;
    *granularity = GECL_VMM_GRANULARITY;
    return ACL_SUCCESS;
}

/* CANN asks for the address aclrtMapMem was given; each success adds an owner of the handle,
 * which one more aclrtFreePhysical drops. */
aclError aclrtMemRetainAllocationHandle(void *virPtr, aclrtDrvMemHandle *handle)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(virPtr && handle, "virPtr and handle must not be NULL");
    pthread_mutex_lock(&gecl_vmm_lock);
    gecl_vmap *m = gecl_vmm_find_map((uintptr_t)virPtr);
    const int ok = m && m->base == (uintptr_t)virPtr;
    if (ok) {
        m->ph->refs++;
        *handle = m->ph;
    }
    pthread_mutex_unlock(&gecl_vmm_lock);
    if (!ok)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "%p is not %s mapping made by aclrtMapMem / aclrtMemMapNoAccess",
                         virPtr, m ? "the start of its" : "the start of a");
    return ACL_SUCCESS;
}

aclError aclrtMemGetAllocationPropertiesFromHandle(aclrtDrvMemHandle handle, aclrtPhysicalMemProp *prop)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(handle && prop, "handle and prop must not be NULL");
    pthread_mutex_lock(&gecl_vmm_lock);
    const gecl_phys *ph = handle;
    const int live = gecl_vmm_phys_live(ph);
    if (live) *prop = ph->prop;
    pthread_mutex_unlock(&gecl_vmm_lock);
    if (!live)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "handle %p is not from aclrtMallocPhysical (or freed already)", handle);
    return ACL_SUCCESS;
}
