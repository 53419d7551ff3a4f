/* ptrattr.c: aclrtPointerGetAttributes. gecl tells device memory from host memory by the address
 * (design.md decision 1): device pointers lie in its private address window. */
#include <string.h>
#include <unistd.h>

#include "acl/acl_rt.h"
#include "addrmap.h"
#include "hostmem.h"
#include "runtime.h"
#include "vmm.h"

static uint32_t host_page_size(void)
{
    const long n = sysconf(_SC_PAGESIZE);
    return n > 0 ? (uint32_t)n : 4096u;
}

/* Device memory: the allocation or mapping holding ptr, on its device; its "pages" are the
 * window's 64 KiB ranges. Host memory: pinned when it is inside an aclrtMallocHost block (the
 * location's id means nothing for host memory, as in CANN), else unregistered. */
aclError aclrtPointerGetAttributes(const void *ptr, aclrtPtrAttributes *attributes)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(ptr && attributes, "ptr and attributes must not be NULL");
    aclrtPtrAttributes a;
    memset(&a, 0, sizeof a);
    gecl_device *d = NULL;
    if (gecl_addrmap_in_window(ptr)) {
        gecl_block blk;
        size_t off;
        if (!gecl_addrmap_find(ptr, &blk, &off))
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "ptr %p is in gecl's device address window but not inside a live "
                             "allocation or accessible mapping (freed, or reserved with nothing usable mapped)", ptr);
        a.location.type = ACL_MEM_LOCATION_TYPE_DEVICE;
        a.location.id = (uint32_t)blk.device->id;
        a.pageSize = (uint32_t)GECL_VMM_GRANULARITY;
    } else {
        a.location.type = gecl_hostmem_find(ptr, &d) ? ACL_MEM_LOCATION_TYPE_HOST : ACL_MEM_LOCATION_TYPE_UNREGISTERED;
        a.pageSize = host_page_size();
    }
    *attributes = a;
    return ACL_SUCCESS;
}
