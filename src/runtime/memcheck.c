/* memcheck.c: aclrtCheckMemType: whether every address of a list is memory of the given types
 * (ACL_RT_MEM_TYPE_DEV: inside a live aclrtMalloc allocation or mapped memory;
 * ACL_RT_MEM_TYPE_RSVD: inside a range from aclrtReserveMemAddress; ACL_RT_MEM_TYPE_DVPP: media
 * memory, which gecl has none of). memType may combine types with |. */
#include "acl/acl_rt.h"
#include "addrmap.h"
#include "runtime.h"
#include "vmm.h"

static uint32_t type_of(const void *p)
{
    gecl_block blk;
    size_t off;
    uint32_t t = 0;
    if (!gecl_addrmap_in_window(p)) return 0;
    if (gecl_addrmap_find(p, &blk, &off)) t |= ACL_RT_MEM_TYPE_DEV;
    if (gecl_vmm_reserved(p)) t |= ACL_RT_MEM_TYPE_RSVD;
    return t;
}

aclError aclrtCheckMemType(void **addrList, uint32_t size, uint32_t memType, uint32_t *checkResult, uint32_t reserve)
{
    GECL_CHECK_INIT();
    const uint32_t known = ACL_RT_MEM_TYPE_DEV | ACL_RT_MEM_TYPE_DVPP | ACL_RT_MEM_TYPE_RSVD;
    GECL_CHECK_ARG(addrList && checkResult, "addrList and checkResult must not be NULL");
    GECL_CHECK_ARG(size > 0, "size must be greater than 0");
    GECL_CHECK_ARG(memType != 0 && (memType & ~known) == 0,
                   "memType 0x%x is not a combination of ACL_RT_MEM_TYPE_DEV, _DVPP and _RSVD", memType);
    GECL_CHECK_ARG(reserve == 0, "reserve must be 0, got %u", reserve);
    uint32_t all = 1;
    for (uint32_t i = 0; i < size && all; i++) all = (type_of(addrList[i]) & memType) != 0;
    *checkResult = all;
    return ACL_SUCCESS;
}
