/* Virtual memory as the guide's sequence has it: reserve an address range, allocate physical
 * memory, map it into the range, use the mapped addresses in copies and fills like any device
 * memory, then unmap, free the physical memory and release the range. The refusals the sequence
 * implies (freeing mapped memory, releasing a range still mapped) leave everything intact. */
#include <stdint.h>
#include <string.h>

#include "acl/acl.h"
#include "cann_check.h"

enum { CHUNK = 2 << 20, WORDS = CHUNK / 4 };

static aclrtDrvMemHandle MallocPhysical(int32_t device)
{
    aclrtPhysicalMemProp prop;
    memset(&prop, 0, sizeof prop);
    prop.handleType = ACL_MEM_HANDLE_TYPE_NONE;
    prop.allocationType = ACL_MEM_ALLOCATION_TYPE_PINNED;
    prop.memAttr = ACL_HBM_MEM_HUGE;
    prop.location.id = (uint32_t)device;
    prop.location.type = ACL_MEM_LOCATION_TYPE_DEVICE;
    aclrtDrvMemHandle handle = NULL;
    CHECK_ACL(aclrtMallocPhysical(&handle, CHUNK, &prop, 0));
    EXPECT(handle != NULL);
    return handle;
}

static void CheckMemTypes(void *reserved, void *mapped, int mappedNow)
{
    uint32_t result = 9;
    void *r[1] = {reserved};
    CHECK_ACL(aclrtCheckMemType(r, 1, ACL_RT_MEM_TYPE_RSVD, &result, 0));
    EXPECT(result == 1);
    void *m[2] = {mapped, (char *)mapped + CHUNK - 4};
    CHECK_ACL(aclrtCheckMemType(m, 2, ACL_RT_MEM_TYPE_DEV, &result, 0));
    EXPECT(result == (uint32_t)mappedNow);
}

int main(void)
{
    const int32_t device = 0;
    CHECK_ACL(aclInit(NULL));
    CHECK_ACL(aclrtSetDevice(device));
    aclrtStream stream;
    CHECK_ACL(aclrtCreateStream(&stream));

    char *base = NULL;
    CHECK_ACL(aclrtReserveMemAddress((void **)&base, 2 * CHUNK, 0, NULL, 0));
    EXPECT(base != NULL);
    aclrtDrvMemHandle first = MallocPhysical(device), second = MallocPhysical(device);
    CheckMemTypes(base, base, 0);
    CHECK_ACL(aclrtMapMem(base, CHUNK, 0, first, 0));
    CHECK_ACL(aclrtMapMem(base + CHUNK, CHUNK, 0, second, 0));
    CheckMemTypes(base, base + CHUNK, 1);
    /* a range already mapped cannot take another mapping */
    EXPECT(aclrtMapMem(base, CHUNK, 0, second, 0) == ACL_ERROR_INVALID_PARAM);

    /* data in through the first mapping, across to the second, out again */
    static int32_t host[WORDS], back[WORDS];
    for (int i = 0; i < WORDS; i++) host[i] = i ^ 0x5A5A;
    CHECK_ACL(aclrtMemcpy(base, CHUNK, host, CHUNK, ACL_MEMCPY_HOST_TO_DEVICE));
    CHECK_ACL(aclrtMemcpyAsync(base + CHUNK, CHUNK, base, CHUNK, ACL_MEMCPY_DEVICE_TO_DEVICE, stream));
    CHECK_ACL(aclrtMemsetAsync(base + CHUNK, CHUNK, 0x7F, 256, stream));
    CHECK_ACL(aclrtMemcpyAsync(back, CHUNK, base + CHUNK, CHUNK, ACL_MEMCPY_DEVICE_TO_HOST, stream));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    for (int i = 0; i < 256; i++) EXPECT(((uint8_t *)back)[i] == 0x7F);
    EXPECT(memcmp((uint8_t *)back + 256, (uint8_t *)host + 256, CHUNK - 256) == 0);
    /* an address inside a mapping works as well */
    int32_t word = 0;
    CHECK_ACL(aclrtMemcpy(&word, 4, base + 4 * 1000, 4, ACL_MEMCPY_DEVICE_TO_HOST));
    EXPECT(word == (1000 ^ 0x5A5A));

    /* still mapped: neither the memory nor the range can go */
    EXPECT(aclrtFreePhysical(first) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtReleaseMemAddress(base) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtUnmapMem(base + 64) == ACL_ERROR_INVALID_PARAM); /* not a mapping's start */

    CHECK_ACL(aclrtUnmapMem(base));
    CHECK_ACL(aclrtUnmapMem(base + CHUNK));
    CheckMemTypes(base, base, 0);
    CHECK_ACL(aclrtFreePhysical(first));
    /* the second handle can be mapped again, and keeps its data */
    CHECK_ACL(aclrtMapMem(base, CHUNK, 0, second, 0));
    memset(back, 0, sizeof back);
    CHECK_ACL(aclrtMemcpy(back, CHUNK, base, CHUNK, ACL_MEMCPY_DEVICE_TO_HOST));
    EXPECT(memcmp((uint8_t *)back + 256, (uint8_t *)host + 256, CHUNK - 256) == 0);
    CHECK_ACL(aclrtUnmapMem(base));
    CHECK_ACL(aclrtFreePhysical(second));
    CHECK_ACL(aclrtReleaseMemAddress(base));
    EXPECT(aclrtReleaseMemAddress(base) == ACL_ERROR_INVALID_PARAM);
    INFO_LOG("reserved %d bytes, mapped two physical chunks, copied through them", 2 * CHUNK);

    CHECK_ACL(aclrtDestroyStream(stream));
    CHECK_ACL(aclrtResetDevice(device));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
