/* The runtime's basic sample: set up (aclInit, aclrtSetDevice, aclrtCreateContext,
 * aclrtCreateStream), move a buffer host -> device -> device -> host with synchronous and
 * asynchronous copies and a memset between, check every byte, tear down in the documented order. */
#include <stdint.h>
#include <string.h>

#include "acl/acl.h"
#include "cann_check.h"

#define N (1u << 18)

int main(void)
{
    CHECK_ACL(aclInit(NULL));
    int32_t deviceId = 0;
    uint32_t count = 0;
    CHECK_ACL(aclrtGetDeviceCount(&count));
    EXPECT(count >= 1);
    CHECK_ACL(aclrtSetDevice(deviceId));
    aclrtContext context;
    CHECK_ACL(aclrtCreateContext(&context, deviceId));
    aclrtStream stream;
    CHECK_ACL(aclrtCreateStream(&stream));
    aclrtRunMode runMode;
    CHECK_ACL(aclrtGetRunMode(&runMode));
    EXPECT(runMode == ACL_HOST); /* the program runs on a host, beside the device */
    INFO_LOG("device %d of %u, soc %s", deviceId, count, aclrtGetSocName() ? aclrtGetSocName() : "(none)");

    const size_t bytes = N * sizeof(float);
    float *host = NULL, *back = NULL;
    CHECK_ACL(aclrtMallocHost((void **)&host, bytes));
    CHECK_ACL(aclrtMallocHost((void **)&back, bytes));
    for (uint32_t i = 0; i < N; i++) host[i] = (float)i * 0.5f - 7.0f;

    void *devA = NULL, *devB = NULL;
    CHECK_ACL(aclrtMalloc(&devA, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_ACL(aclrtMalloc(&devB, bytes, ACL_MEM_MALLOC_NORMAL_ONLY));
    size_t freeMem = 0, totalMem = 0;
    CHECK_ACL(aclrtGetMemInfo(ACL_HBM_MEM, &freeMem, &totalMem));
    EXPECT(totalMem > 0 && freeMem <= totalMem);

    CHECK_ACL(aclrtMemcpy(devA, bytes, host, bytes, ACL_MEMCPY_HOST_TO_DEVICE));
    CHECK_ACL(aclrtMemcpy(devB, bytes, devA, bytes, ACL_MEMCPY_DEVICE_TO_DEVICE));
    /* zero the second quarter of devB, asynchronously, then copy it all back on the stream */
    CHECK_ACL(aclrtMemsetAsync((char *)devB + bytes / 4, bytes / 4, 0, bytes / 4, stream));
    CHECK_ACL(aclrtMemcpyAsync(back, bytes, devB, bytes, ACL_MEMCPY_DEVICE_TO_HOST, stream));
    CHECK_ACL(aclrtSynchronizeStream(stream));

    size_t wrong = 0;
    for (uint32_t i = 0; i < N; i++) {
        const float want = (i >= N / 4 && i < N / 2) ? 0.0f : host[i];
        if (memcmp(&back[i], &want, sizeof want) != 0) wrong++;
    }
    INFO_LOG("copied %zu bytes through two device buffers: %zu wrong elements", bytes, wrong);
    EXPECT(wrong == 0);

    CHECK_ACL(aclrtFree(devA));
    CHECK_ACL(aclrtFree(devB));
    CHECK_ACL(aclrtFreeHost(host));
    CHECK_ACL(aclrtFreeHost(back));
    CHECK_ACL(aclrtDestroyStream(stream));
    CHECK_ACL(aclrtDestroyContext(context));
    CHECK_ACL(aclrtResetDevice(deviceId));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
