/* A context's resources as a thread sees them: its cores, its default stream (a real handle
 * that orders work like the NULL stream), the stream priority range, peer access between
 * devices (with one device, only the refusals CANN documents for a device and itself), the
 * utilization query and the device limits. */
#include <stdint.h>
#include <string.h>

#include "acl/acl.h"
#include "cann_check.h"

static void CheckResources(int32_t device)
{
    uint32_t cube = 0, vector = 0;
    CHECK_ACL(aclrtGetResInCurrentThread(ACL_RT_DEV_RES_CUBE_CORE, &cube));
    CHECK_ACL(aclrtGetResInCurrentThread(ACL_RT_DEV_RES_VECTOR_CORE, &vector));
    EXPECT(cube > 0 && vector > 0);
    /* a thread never gets more cores than the device has */
    int64_t cores = 0;
    CHECK_ACL(aclGetDeviceCapability((uint32_t)device, ACL_DEVICE_INFO_AI_CORE_NUM, &cores));
    EXPECT((int64_t)cube <= cores);
    EXPECT(aclrtGetResInCurrentThread((aclrtDevResLimitType)7, &cube) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtGetResInCurrentThread(ACL_RT_DEV_RES_CUBE_CORE, NULL) == ACL_ERROR_INVALID_PARAM);
    INFO_LOG("this thread may use %u cube and %u vector cores", cube, vector);
}

/* The default stream's handle is stable and orders work with the NULL stream. */
static void CheckDefaultStream(void)
{
    aclrtStream s1 = NULL, s2 = NULL;
    CHECK_ACL(aclrtCtxGetCurrentDefaultStream(&s1));
    CHECK_ACL(aclrtCtxGetCurrentDefaultStream(&s2));
    EXPECT(s1 != NULL && s1 == s2);
    EXPECT(aclrtCtxGetCurrentDefaultStream(NULL) == ACL_ERROR_INVALID_PARAM);

    enum { N = 4096 };
    static int32_t host[N], back[N];
    for (int i = 0; i < N; i++) host[i] = i * 3 + 1;
    void *dev = NULL;
    CHECK_ACL(aclrtMalloc(&dev, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_ACL(aclrtMemsetAsync(dev, sizeof host, 0, sizeof host, s1));
    CHECK_ACL(aclrtMemcpyAsync(dev, sizeof host, host, sizeof host, ACL_MEMCPY_HOST_TO_DEVICE, NULL));
    CHECK_ACL(aclrtMemcpyAsync(back, sizeof back, dev, sizeof back, ACL_MEMCPY_DEVICE_TO_HOST, s1));
    CHECK_ACL(aclrtSynchronizeStream(s1));
    EXPECT(memcmp(back, host, sizeof host) == 0);
    CHECK_ACL(aclrtFree(dev));
    /* the context owns it: a program does not destroy it */
    EXPECT(aclrtDestroyStream(s1) == ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtSynchronizeStream(s1));
}

static void CheckPriorityRange(void)
{
    int32_t least = -1, greatest = -1;
    CHECK_ACL(aclrtDeviceGetStreamPriorityRange(&least, &greatest));
    /* a smaller number is a higher priority */
    EXPECT(greatest >= 0 && least > greatest);
    EXPECT(aclrtDeviceGetStreamPriorityRange(NULL, &greatest) == ACL_ERROR_INVALID_PARAM);
    INFO_LOG("stream priorities: %d (greatest) .. %d (least)", greatest, least);
}

static void CheckPeerAccess(int32_t device, uint32_t count)
{
    int32_t can = -1;
    /* a device and itself is no peer pair */
    EXPECT(aclrtDeviceCanAccessPeer(&can, device, device) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtDeviceEnablePeerAccess(device, 0) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtDeviceDisablePeerAccess(device) == ACL_ERROR_INVALID_PARAM);
    /* no such device */
    EXPECT(aclrtDeviceCanAccessPeer(&can, device, (int32_t)count) != ACL_SUCCESS);
    EXPECT(aclrtDeviceEnablePeerAccess((int32_t)count, 0) != ACL_SUCCESS);
    EXPECT(aclrtDeviceCanAccessPeer(NULL, device, device) == ACL_ERROR_INVALID_PARAM);
    if (count < 2) {
        INFO_LOG("one device: peer access only refused, as documented");
        return;
    }
    const int32_t peer = device == 0 ? 1 : 0;
    CHECK_ACL(aclrtDeviceCanAccessPeer(&can, device, peer));
    EXPECT(can == 0 || can == 1);
    EXPECT(aclrtDeviceEnablePeerAccess(peer, 1) == ACL_ERROR_INVALID_PARAM); /* flags are reserved */
    if (can) {
        CHECK_ACL(aclrtDeviceEnablePeerAccess(peer, 0));
        CHECK_ACL(aclrtDeviceDisablePeerAccess(peer));
    } else {
        EXPECT(aclrtDeviceEnablePeerAccess(peer, 0) != ACL_SUCCESS);
    }
    /* disabling what is not enabled is refused */
    EXPECT(aclrtDeviceDisablePeerAccess(peer) != ACL_SUCCESS);
    INFO_LOG("device %d can access device %d: %d", device, peer, can);
}

static void CheckUtilization(int32_t device, uint32_t count)
{
    aclrtUtilizationInfo info;
    memset(&info, 0, sizeof info);
    aclError ret = aclrtGetDeviceUtilizationRate(device, &info);
    if (ret == ACL_SUCCESS) {
        EXPECT(info.cubeUtilization >= 0 && info.cubeUtilization <= 100);
        EXPECT(info.memoryUtilization >= 0 && info.memoryUtilization <= 100);
    } else {
        /* a device that cannot measure it says so, and why */
        EXPECT(ret == ACL_ERROR_FEATURE_UNSUPPORTED);
        const char *msg = aclGetRecentErrMsg();
        EXPECT(msg != NULL && msg[0] != '\0');
        INFO_LOG("utilization: %s", msg);
    }
    EXPECT(aclrtGetDeviceUtilizationRate(device, NULL) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtGetDeviceUtilizationRate((int32_t)count, &info) != ACL_SUCCESS &&
           aclrtGetDeviceUtilizationRate((int32_t)count, &info) != ACL_ERROR_FEATURE_UNSUPPORTED);
}

static void CheckLimits(void)
{
    const aclrtDeviceLimit limits[] = {
        ACL_RT_DEV_LIMIT_SIMT_STACK_SIZE, ACL_RT_DEV_LIMIT_SIMT_DVG_WARP_STACK_SIZE, ACL_RT_DEV_LIMIT_SIMD_STACK_SIZE,
        ACL_RT_DEV_LIMIT_SIMD_PRINTF_FIFO_SIZE_PER_CORE, ACL_RT_DEV_LIMIT_SIMT_PRINTF_FIFO_SIZE};
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        size_t before = 1, after = 0;
        CHECK_ACL(aclrtDeviceGetLimit(limits[i], &before));
        const size_t want = 16384 + 1024 * i;
        CHECK_ACL(aclrtDeviceSetLimit(limits[i], want));
        CHECK_ACL(aclrtDeviceGetLimit(limits[i], &after));
        EXPECT(after == want);
        INFO_LOG("limit %d: %zu, set to %zu", (int)limits[i], before, after);
    }
    size_t v = 0;
    EXPECT(aclrtDeviceGetLimit((aclrtDeviceLimit)99, &v) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtDeviceSetLimit((aclrtDeviceLimit)99, 1) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtDeviceGetLimit(ACL_RT_DEV_LIMIT_SIMD_STACK_SIZE, NULL) == ACL_ERROR_INVALID_PARAM);
}

int main(void)
{
    CHECK_ACL(aclInit(NULL));
    const int32_t device = 0;
    CHECK_ACL(aclrtSetDevice(device));
    aclrtContext context;
    CHECK_ACL(aclrtCreateContext(&context, device));
    uint32_t count = 0;
    CHECK_ACL(aclrtGetDeviceCount(&count));

    CheckResources(device);
    CheckDefaultStream();
    CheckPriorityRange();
    CheckPeerAccess(device, count);
    CheckUtilization(device, count);
    CheckLimits();

    CHECK_ACL(aclrtDestroyContext(context));
    CHECK_ACL(aclrtResetDevice(device));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
