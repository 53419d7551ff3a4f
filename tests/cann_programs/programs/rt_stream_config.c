#define _POSIX_C_SOURCE 200809L
/* Streams made from a configuration handle (priority, flags), their attributes (failure mode,
 * priority) read back, and events made with flags: their ids, a stream waiting on one with a
 * time limit (kept, and run out: the stream's synchronisation reports the timeout), the status
 * of such waits, and recording with a flag. */
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "acl/acl.h"
#include "cann_check.h"

static atomic_int g_release;

static void SleepMs(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A host function that holds its stream until the main thread lets it go. */
static void HoldStream(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3000 && !atomic_load(&g_release); i++) SleepMs(5);
}

static aclrtStream StreamFromConfig(uint32_t priority, size_t flag)
{
    aclrtStreamConfigHandle *handle = aclrtCreateStreamConfigHandle();
    EXPECT(handle != NULL);
    CHECK_ACL(aclrtSetStreamConfigOpt(handle, ACL_RT_STREAM_PRIORITY, &priority, sizeof priority));
    CHECK_ACL(aclrtSetStreamConfigOpt(handle, ACL_RT_STREAM_FLAG, &flag, sizeof flag));
    /* each option has its own size; a priority outside the range is refused */
    uint64_t wide = priority;
    EXPECT(aclrtSetStreamConfigOpt(handle, ACL_RT_STREAM_PRIORITY, &wide, sizeof wide) == ACL_ERROR_INVALID_PARAM);
    uint32_t tooLow = 8;
    EXPECT(aclrtSetStreamConfigOpt(handle, ACL_RT_STREAM_PRIORITY, &tooLow, sizeof tooLow) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtSetStreamConfigOpt(NULL, ACL_RT_STREAM_PRIORITY, &priority, sizeof priority) ==
           ACL_ERROR_INVALID_PARAM);
    aclrtStream stream = NULL;
    CHECK_ACL(aclrtCreateStreamV2(&stream, handle));
    CHECK_ACL(aclrtDestroyStreamConfigHandle(handle));
    EXPECT(stream != NULL);
    return stream;
}

static void CheckConfiguredStreams(aclrtStream *high, aclrtStream *low)
{
    *high = StreamFromConfig(0, ACL_STREAM_FAST_LAUNCH);
    *low = StreamFromConfig(6, 0);
    uint32_t priority = 99;
    CHECK_ACL(aclrtStreamGetPriority(*high, &priority));
    EXPECT(priority == 0);
    CHECK_ACL(aclrtStreamGetPriority(*low, &priority));
    EXPECT(priority == 6);
    /* no handle: the defaults */
    aclrtStream plain = NULL;
    CHECK_ACL(aclrtCreateStreamV2(&plain, NULL));
    CHECK_ACL(aclrtStreamGetPriority(plain, &priority));
    int32_t least = 0, greatest = 0;
    CHECK_ACL(aclrtDeviceGetStreamPriorityRange(&least, &greatest));
    EXPECT((int32_t)priority >= greatest && (int32_t)priority <= least);
    CHECK_ACL(aclrtDestroyStream(plain));
    EXPECT(aclrtStreamGetPriority(*high, NULL) == ACL_ERROR_INVALID_PARAM);
}

static void CheckAttributes(aclrtStream stream)
{
    aclrtStreamAttrValue value;
    memset(&value, 0, sizeof value);
    CHECK_ACL(aclrtGetStreamAttribute(stream, ACL_STREAM_ATTR_FAILURE_MODE, &value));
    EXPECT(value.failureMode == ACL_CONTINUE_ON_FAILURE); /* CANN's default */
    CHECK_ACL(aclrtSetStreamFailureMode(stream, ACL_STOP_ON_FAILURE));
    CHECK_ACL(aclrtGetStreamAttribute(stream, ACL_STREAM_ATTR_FAILURE_MODE, &value));
    EXPECT(value.failureMode == ACL_STOP_ON_FAILURE);
    EXPECT(aclrtSetStreamFailureMode(stream, 5) == ACL_ERROR_INVALID_PARAM);

    value.streamPriority = 3;
    CHECK_ACL(aclrtSetStreamAttribute(stream, ACL_STREAM_ATTR_PRIORITY, &value));
    uint32_t priority = 0;
    CHECK_ACL(aclrtStreamGetPriority(stream, &priority));
    EXPECT(priority == 3);
    memset(&value, 0, sizeof value);
    CHECK_ACL(aclrtGetStreamAttribute(stream, ACL_STREAM_ATTR_PRIORITY, &value));
    EXPECT(value.streamPriority == 3);
    value.streamPriority = 8;
    EXPECT(aclrtSetStreamAttribute(stream, ACL_STREAM_ATTR_PRIORITY, &value) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtGetStreamAttribute(stream, ACL_STREAM_ATTR_PRIORITY, NULL) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtGetStreamAttribute(stream, (aclrtStreamAttr)0, &value) == ACL_ERROR_INVALID_PARAM);
}

/* Data copied on `producer` reaches `consumer`, which waits on the event with a time limit. */
static void CheckTimedWaitKept(aclrtStream producer, aclrtStream consumer, aclrtEvent event)
{
    enum { N = 1 << 16 };
    static int32_t host[N], back[N];
    for (int i = 0; i < N; i++) host[i] = N - i;
    memset(back, 0, sizeof back);
    void *dev = NULL;
    CHECK_ACL(aclrtMalloc(&dev, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST));

    aclrtEventWaitStatus status = ACL_EVENT_WAIT_STATUS_RESERVED;
    CHECK_ACL(aclrtQueryEventWaitStatus(event, &status));
    EXPECT(status == ACL_EVENT_WAIT_STATUS_NOT_READY); /* never recorded */

    atomic_store(&g_release, 0);
    CHECK_ACL(aclrtLaunchHostFunc(producer, HoldStream, NULL));
    CHECK_ACL(aclrtMemcpyAsync(dev, sizeof host, host, sizeof host, ACL_MEMCPY_HOST_TO_DEVICE, producer));
    CHECK_ACL(aclrtRecordEventWithFlag(event, producer, ACL_EVENT_RECORD_DEFAULT));
    CHECK_ACL(aclrtStreamWaitEventWithTimeout(consumer, event, 20000));
    CHECK_ACL(aclrtMemcpyAsync(back, sizeof back, dev, sizeof back, ACL_MEMCPY_DEVICE_TO_HOST, consumer));
    SleepMs(50);
    CHECK_ACL(aclrtQueryEventWaitStatus(event, &status));
    EXPECT(status == ACL_EVENT_WAIT_STATUS_NOT_READY); /* the producer is still held */
    atomic_store(&g_release, 1);
    CHECK_ACL(aclrtSynchronizeStream(consumer));
    EXPECT(memcmp(back, host, sizeof host) == 0);
    CHECK_ACL(aclrtSynchronizeStream(producer));
    CHECK_ACL(aclrtQueryEventWaitStatus(event, &status));
    EXPECT(status == ACL_EVENT_WAIT_STATUS_COMPLETE);
    CHECK_ACL(aclrtFree(dev));
}

/* The producer is held longer than the consumer's limit: the consumer goes on and its
 * synchronisation reports the timeout. */
static void CheckTimedWaitRunOut(aclrtStream producer, aclrtStream consumer, aclrtEvent event)
{
    atomic_store(&g_release, 0);
    CHECK_ACL(aclrtLaunchHostFunc(producer, HoldStream, NULL));
    CHECK_ACL(aclrtRecordEvent(event, producer));
    CHECK_ACL(aclrtStreamWaitEventWithTimeout(consumer, event, 100));
    aclError ret = aclrtSynchronizeStream(consumer);
    EXPECT(ret == ACL_ERROR_RT_WAIT_TIMEOUT);
    atomic_store(&g_release, 1);
    CHECK_ACL(aclrtSynchronizeStream(producer));
    CHECK_ACL(aclrtSynchronizeStream(consumer)); /* reported once */
    INFO_LOG("a wait that ran out: synchronize returned %d", ret);
    EXPECT(aclrtStreamWaitEventWithTimeout(consumer, event, -5) == ACL_ERROR_INVALID_PARAM);
}

static void CheckEvents(aclrtStream producer, aclrtStream consumer)
{
    aclrtEvent a = NULL, b = NULL;
    CHECK_ACL(aclrtCreateEventWithFlag(&a, ACL_EVENT_SYNC));
    CHECK_ACL(aclrtCreateEventWithFlag(&b, ACL_EVENT_TIME_LINE | ACL_EVENT_SYNC));
    EXPECT(aclrtCreateEventWithFlag(NULL, ACL_EVENT_SYNC) == ACL_ERROR_INVALID_PARAM);
    uint32_t idA = 0, idB = 0, again = 0;
    CHECK_ACL(aclrtGetEventId(a, &idA));
    CHECK_ACL(aclrtGetEventId(b, &idB));
    CHECK_ACL(aclrtGetEventId(a, &again));
    EXPECT(idA != idB && idA == again);
    EXPECT(aclrtGetEventId(a, NULL) == ACL_ERROR_INVALID_PARAM);
    INFO_LOG("event ids %u and %u", idA, idB);

    CheckTimedWaitKept(producer, consumer, a);
    CheckTimedWaitRunOut(producer, consumer, b);
    EXPECT(aclrtRecordEventWithFlag(a, producer, 0x80) == ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtDestroyEvent(a));
    CHECK_ACL(aclrtDestroyEvent(b));
    EXPECT(aclrtGetEventId(a, &idA) == ACL_ERROR_INVALID_PARAM); /* destroyed */
}

int main(void)
{
    CHECK_ACL(aclInit(NULL));
    CHECK_ACL(aclrtSetDevice(0));
    aclrtStream high = NULL, low = NULL;
    CheckConfiguredStreams(&high, &low);
    CheckAttributes(low);
    CheckEvents(high, low);
    CHECK_ACL(aclrtDestroyStream(high));
    CHECK_ACL(aclrtDestroyStream(low));
    CHECK_ACL(aclrtResetDevice(0));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
