/* The failures CANN documents for the runtime calls, as a program meets them: each returns the
 * documented code (never crashes), leaves a message for aclGetRecentErrMsg, and leaves the
 * runtime usable. */
#include <stdint.h>
#include <string.h>

#include "acl/acl.h"
#include "cann_check.h"

/* the call failed with `code` and said something about it */
#define EXPECT_FAILS(expr, code)                                                               \
    do {                                                                                       \
        aclError got_ = (expr);                                                                \
        if (got_ != (code)) {                                                                  \
            ERROR_LOG("%s returned %d, expected %s (%d)", #expr, got_, #code, (int)(code));    \
            exit(1);                                                                           \
        }                                                                                      \
        const char *msg_ = aclGetRecentErrMsg();                                               \
        EXPECT(msg_ != NULL && msg_[0] != '\0');                                               \
        INFO_LOG("%-60s -> %d: %s", #expr, got_, msg_);                                        \
    } while (0)

int main(void)
{
    CHECK_ACL(aclInit(NULL));
    EXPECT(aclInit(NULL) == ACL_ERROR_REPEAT_INITIALIZE); /* counted; callers treat it as success */
    uint32_t count = 0;
    CHECK_ACL(aclrtGetDeviceCount(&count));
    EXPECT_FAILS(aclrtSetDevice((int32_t)count), ACL_ERROR_RT_INVALID_DEVICEID);
    EXPECT_FAILS(aclrtSetDevice(-1), ACL_ERROR_RT_INVALID_DEVICEID);
    CHECK_ACL(aclrtSetDevice(0));

    void *dev = NULL;
    EXPECT_FAILS(aclrtMalloc(&dev, 0, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_INVALID_PARAM);
    EXPECT_FAILS(aclrtMalloc(NULL, 64, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtMalloc(&dev, 256, ACL_MEM_MALLOC_HUGE_FIRST));
    char host[512];
    memset(host, 7, sizeof host);
    /* count larger than the destination's capacity */
    EXPECT_FAILS(aclrtMemcpy(dev, 256, host, 512, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_INVALID_PARAM);
    EXPECT_FAILS(aclrtMemcpy(NULL, 256, host, 256, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_INVALID_PARAM);
    EXPECT_FAILS(aclrtMemset(dev, 256, 0, 512), ACL_ERROR_INVALID_PARAM);

    aclrtStream stream = NULL;
    CHECK_ACL(aclrtCreateStream(&stream));
    EXPECT_FAILS(aclrtCreateStream(NULL), ACL_ERROR_INVALID_PARAM);
    EXPECT_FAILS(aclrtSynchronizeStreamWithTimeout(stream, -2), ACL_ERROR_INVALID_PARAM);
    EXPECT_FAILS(aclrtLaunchCallback(NULL, NULL, ACL_CALLBACK_BLOCK, stream), ACL_ERROR_INVALID_PARAM);
    aclrtEvent never;
    CHECK_ACL(aclrtCreateEvent(&never));
    float ms = 0.0f;
    EXPECT_FAILS(aclrtEventElapsedTime(&ms, never, never), ACL_ERROR_INVALID_PARAM);
    EXPECT_FAILS(aclrtProcessReport(100), ACL_ERROR_THREAD_NOT_SUBSCRIBE);
    CHECK_ACL(aclrtDestroyEvent(never));
    CHECK_ACL(aclrtDestroyStream(stream));
    /* the stream is gone: using it again is a bad handle, not a crash */
    EXPECT_FAILS(aclrtSynchronizeStream(stream), ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtFree(dev));
    EXPECT_FAILS(aclrtFree(dev), ACL_ERROR_INVALID_PARAM);

    /* after all that, the runtime still works */
    CHECK_ACL(aclrtMalloc(&dev, 512, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_ACL(aclrtMemcpy(dev, 512, host, 512, ACL_MEMCPY_HOST_TO_DEVICE));
    char back[512];
    CHECK_ACL(aclrtMemcpy(back, 512, dev, 512, ACL_MEMCPY_DEVICE_TO_HOST));
    EXPECT(memcmp(back, host, 512) == 0);
    CHECK_ACL(aclrtFree(dev));
    CHECK_ACL(aclrtResetDevice(0));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
