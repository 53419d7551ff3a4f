#define _POSIX_C_SOURCE 200809L
/* Host functions in stream order: aclrtLaunchHostFunc runs a function after the work enqueued
 * before it and before the work enqueued after it; without a subscribed thread the runtime runs
 * it, with one (aclrtSubscribeHostFunc) the program's own thread runs it from
 * aclrtProcessHostFunc, until aclrtUnSubscribeHostFunc. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "acl/acl.h"
#include "cann_check.h"

enum { N = 1 << 15 };

typedef struct {
    int32_t *seen;    /* filled by a copy enqueued before the function */
    int32_t *produce; /* read by a copy enqueued after it */
    int32_t expect;   /* what seen[] holds, plus the index */
    pthread_t ranOn;
    atomic_int calls;
} HostStep;

static aclrtContext g_context;
static atomic_bool g_exit;
static pthread_t g_worker;
static int g_order[4];
static atomic_int g_orderCount;

/* checks what the earlier copy brought back, then writes what the later copy takes */
static void Step(void *arg)
{
    HostStep *step = arg;
    step->ranOn = pthread_self();
    for (int i = 0; i < N; i++) {
        if (step->seen[i] != step->expect + i) {
            ERROR_LOG("host function ran before the copy: seen[%d] = %d", i, step->seen[i]);
            exit(1);
        }
        step->produce[i] = -step->seen[i];
    }
    atomic_fetch_add(&step->calls, 1);
}

static void Mark(void *arg)
{
    EXPECT(pthread_equal(pthread_self(), g_worker));
    g_order[atomic_fetch_add(&g_orderCount, 1) % 4] = (int)(intptr_t)arg;
}

/* device -> seen, Step, produce -> device, device -> back: back must be -seen */
static void RunSteps(aclrtStream stream, HostStep *step, int32_t start)
{
    static int32_t host[N], back[N];
    for (int i = 0; i < N; i++) host[i] = start + i;
    step->expect = start;
    memset(step->seen, 0, N * sizeof(int32_t));
    void *dev = NULL;
    CHECK_ACL(aclrtMalloc(&dev, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_ACL(aclrtMemcpy(dev, sizeof host, host, sizeof host, ACL_MEMCPY_HOST_TO_DEVICE));
    CHECK_ACL(aclrtMemcpyAsync(step->seen, sizeof host, dev, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST, stream));
    CHECK_ACL(aclrtLaunchHostFunc(stream, Step, step));
    CHECK_ACL(aclrtMemcpyAsync(dev, sizeof host, step->produce, sizeof host, ACL_MEMCPY_HOST_TO_DEVICE, stream));
    CHECK_ACL(aclrtMemcpyAsync(back, sizeof back, dev, sizeof back, ACL_MEMCPY_DEVICE_TO_HOST, stream));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    for (int i = 0; i < N; i++) EXPECT(back[i] == -(start + i));
    CHECK_ACL(aclrtFree(dev));
}

static void *ProcessHostFuncs(void *arg)
{
    (void)arg;
    CHECK_ACL(aclrtSetCurrentContext(g_context));
    while (!atomic_load(&g_exit)) {
        aclError ret = aclrtProcessHostFunc(50);
        EXPECT(ret == ACL_SUCCESS || ret == ACL_ERROR_WAIT_CALLBACK_TIMEOUT || ret == ACL_ERROR_THREAD_NOT_SUBSCRIBE);
    }
    return NULL;
}

int main(void)
{
    CHECK_ACL(aclInit(NULL));
    CHECK_ACL(aclrtSetDevice(0));
    CHECK_ACL(aclrtCreateContext(&g_context, 0));
    aclrtStream stream;
    CHECK_ACL(aclrtCreateStream(&stream));
    HostStep step;
    memset(&step, 0, sizeof step);
    CHECK_ACL(aclrtMallocHost((void **)&step.seen, N * sizeof(int32_t)));
    CHECK_ACL(aclrtMallocHost((void **)&step.produce, N * sizeof(int32_t)));

    /* nobody subscribed: the runtime runs the function, not this thread */
    RunSteps(stream, &step, 1000);
    EXPECT(atomic_load(&step.calls) == 1 && !pthread_equal(step.ranOn, pthread_self()));
    EXPECT(aclrtLaunchHostFunc(stream, NULL, NULL) == ACL_ERROR_INVALID_PARAM);
    /* this thread has no subscription to process */
    EXPECT(aclrtProcessHostFunc(10) == ACL_ERROR_THREAD_NOT_SUBSCRIBE);

    /* the program's own thread processes the stream's host functions */
    EXPECT(pthread_create(&g_worker, NULL, ProcessHostFuncs, NULL) == 0);
    CHECK_ACL(aclrtSubscribeHostFunc((uint64_t)g_worker, stream));
    EXPECT(aclrtSubscribeHostFunc((uint64_t)g_worker, stream) == ACL_ERROR_REPEAT_SUBSCRIBE);
    EXPECT(aclrtUnSubscribeHostFunc((uint64_t)pthread_self(), stream) == ACL_ERROR_STREAM_NOT_SUBSCRIBE);
    RunSteps(stream, &step, -70000);
    EXPECT(atomic_load(&step.calls) == 2 && pthread_equal(step.ranOn, g_worker));
    for (intptr_t i = 1; i <= 4; i++) CHECK_ACL(aclrtLaunchHostFunc(stream, Mark, (void *)i));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    EXPECT(atomic_load(&g_orderCount) == 4);
    for (int i = 0; i < 4; i++) EXPECT(g_order[i] == i + 1);
    CHECK_ACL(aclrtUnSubscribeHostFunc((uint64_t)g_worker, stream));
    atomic_store(&g_exit, true);
    EXPECT(pthread_join(g_worker, NULL) == 0);

    /* unsubscribed: the runtime runs them again */
    RunSteps(stream, &step, 5);
    EXPECT(atomic_load(&step.calls) == 3 && !pthread_equal(step.ranOn, g_worker));
    INFO_LOG("host functions ran in stream order, on the runtime's and on the subscribed thread");

    CHECK_ACL(aclrtFreeHost(step.seen));
    CHECK_ACL(aclrtFreeHost(step.produce));
    CHECK_ACL(aclrtDestroyStream(stream));
    CHECK_ACL(aclrtDestroyContext(g_context));
    CHECK_ACL(aclrtResetDevice(0));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
