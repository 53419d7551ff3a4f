#define _POSIX_C_SOURCE 200809L
/* The callback sample's pattern: a thread of the program's own processes reports
 * (aclrtProcessReport in a loop) for a stream it subscribed to; callbacks launched on the stream
 * run on that thread, after the work queued before them and in launch order. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "acl/acl.h"
#include "cann_check.h"

static aclrtContext g_context;
static volatile bool g_exit;
static pthread_t g_reportThread;
static int g_order[3];
static atomic_int g_calls;
static int32_t *g_host;

static void *ProcessReports(void *arg)
{
    (void)arg;
    CHECK_ACL(aclrtSetCurrentContext(g_context));
    while (!g_exit) {
        /* before the main thread subscribes this thread, the call says so at once */
        aclError ret = aclrtProcessReport(100);
        EXPECT(ret == ACL_SUCCESS || ret == ACL_ERROR_WAIT_CALLBACK_TIMEOUT || ret == ACL_ERROR_THREAD_NOT_SUBSCRIBE);
    }
    return NULL;
}

static void OnCopied(void *userData)
{
    /* runs on the report thread, after the copy queued before it has finished */
    EXPECT(pthread_equal(pthread_self(), g_reportThread));
    EXPECT(g_host[12345] == 12345);
    g_order[atomic_fetch_add(&g_calls, 1)] = (int)(intptr_t)userData;
}

int main(void)
{
    CHECK_ACL(aclInit(NULL));
    CHECK_ACL(aclrtSetDevice(0));
    CHECK_ACL(aclrtCreateContext(&g_context, 0));
    aclrtStream stream;
    CHECK_ACL(aclrtCreateStream(&stream));
    EXPECT(pthread_create(&g_reportThread, NULL, ProcessReports, NULL) == 0);
    CHECK_ACL(aclrtSubscribeReport((uint64_t)g_reportThread, stream));

    const size_t n = 1 << 16, bytes = n * sizeof(int32_t);
    int32_t *src = NULL;
    CHECK_ACL(aclrtMallocHost((void **)&src, bytes));
    CHECK_ACL(aclrtMallocHost((void **)&g_host, bytes));
    for (size_t i = 0; i < n; i++) src[i] = (int32_t)i;
    memset(g_host, 0, bytes);
    void *dev = NULL;
    CHECK_ACL(aclrtMalloc(&dev, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_ACL(aclrtMemcpyAsync(dev, bytes, src, bytes, ACL_MEMCPY_HOST_TO_DEVICE, stream));
    CHECK_ACL(aclrtMemcpyAsync(g_host, bytes, dev, bytes, ACL_MEMCPY_DEVICE_TO_HOST, stream));
    CHECK_ACL(aclrtLaunchCallback(OnCopied, (void *)(intptr_t)1, ACL_CALLBACK_BLOCK, stream));
    CHECK_ACL(aclrtLaunchCallback(OnCopied, (void *)(intptr_t)2, ACL_CALLBACK_BLOCK, stream));
    CHECK_ACL(aclrtLaunchCallback(OnCopied, (void *)(intptr_t)3, ACL_CALLBACK_NO_BLOCK, stream));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    /* blocking callbacks have run when the stream is synchronised; the stream does not wait for a
     * non-blocking one, which the report thread still takes: give it up to 10 s */
    EXPECT(atomic_load(&g_calls) >= 2 && g_order[0] == 1 && g_order[1] == 2);
    for (int i = 0; i < 1000 && atomic_load(&g_calls) < 3; i++) nanosleep(&(struct timespec){0, 10000000}, NULL);

    CHECK_ACL(aclrtUnSubscribeReport((uint64_t)g_reportThread, stream));
    g_exit = true;
    EXPECT(pthread_join(g_reportThread, NULL) == 0);
    EXPECT(atomic_load(&g_calls) == 3 && g_order[2] == 3);
    INFO_LOG("3 callbacks ran on the report thread, in launch order, after the copies");

    CHECK_ACL(aclrtFree(dev));
    CHECK_ACL(aclrtFreeHost(src));
    CHECK_ACL(aclrtFreeHost(g_host));
    CHECK_ACL(aclrtDestroyStream(stream));
    CHECK_ACL(aclrtDestroyContext(g_context));
    CHECK_ACL(aclrtResetDevice(0));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
