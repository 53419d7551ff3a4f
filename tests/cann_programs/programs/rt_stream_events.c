/* Two streams ordered by events, as the runtime guide describes: stream 1 uploads and records an
 * event; stream 2 waits for that event before it copies the data on and records its own; the host
 * waits on the last event only. Elapsed time between events is defined and non-negative; a
 * completed event's status is COMPLETE. */
#include <stdint.h>
#include <string.h>

#include "acl/acl.h"
#include "cann_check.h"

#define N (1u << 20)

int main(void)
{
    CHECK_ACL(aclInit(NULL));
    CHECK_ACL(aclrtSetDevice(0));
    aclrtStream producer, consumer;
    CHECK_ACL(aclrtCreateStream(&producer));
    CHECK_ACL(aclrtCreateStream(&consumer));
    aclrtEvent start, uploaded, done;
    CHECK_ACL(aclrtCreateEvent(&start));
    CHECK_ACL(aclrtCreateEvent(&uploaded));
    CHECK_ACL(aclrtCreateEvent(&done));

    const size_t bytes = N * sizeof(int32_t);
    int32_t *host = NULL, *back = NULL;
    CHECK_ACL(aclrtMallocHost((void **)&host, bytes));
    CHECK_ACL(aclrtMallocHost((void **)&back, bytes));
    for (uint32_t i = 0; i < N; i++) host[i] = (int32_t)(i * 2654435761u);
    memset(back, 0, bytes);
    void *devA = NULL, *devB = NULL;
    CHECK_ACL(aclrtMalloc(&devA, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_ACL(aclrtMalloc(&devB, bytes, ACL_MEM_MALLOC_HUGE_FIRST));

    CHECK_ACL(aclrtRecordEvent(start, producer));
    CHECK_ACL(aclrtMemcpyAsync(devA, bytes, host, bytes, ACL_MEMCPY_HOST_TO_DEVICE, producer));
    CHECK_ACL(aclrtRecordEvent(uploaded, producer));
    CHECK_ACL(aclrtStreamWaitEvent(consumer, uploaded));
    CHECK_ACL(aclrtMemcpyAsync(devB, bytes, devA, bytes, ACL_MEMCPY_DEVICE_TO_DEVICE, consumer));
    CHECK_ACL(aclrtMemcpyAsync(back, bytes, devB, bytes, ACL_MEMCPY_DEVICE_TO_HOST, consumer));
    CHECK_ACL(aclrtRecordEvent(done, consumer));
    CHECK_ACL(aclrtSynchronizeEvent(done));

    aclrtEventRecordedStatus status = ACL_EVENT_RECORDED_STATUS_NOT_READY;
    CHECK_ACL(aclrtQueryEventStatus(done, &status));
    EXPECT(status == ACL_EVENT_RECORDED_STATUS_COMPLETE);
    CHECK_ACL(aclrtSynchronizeEvent(start));
    float ms = -1.0f;
    CHECK_ACL(aclrtEventElapsedTime(&ms, start, done));
    EXPECT(ms >= 0.0f);
    EXPECT(memcmp(host, back, bytes) == 0);
    INFO_LOG("%zu bytes through two streams in order; start -> done took %.3f ms", bytes, ms);

    CHECK_ACL(aclrtFree(devA));
    CHECK_ACL(aclrtFree(devB));
    CHECK_ACL(aclrtFreeHost(host));
    CHECK_ACL(aclrtFreeHost(back));
    CHECK_ACL(aclrtDestroyEvent(start));
    CHECK_ACL(aclrtDestroyEvent(uploaded));
    CHECK_ACL(aclrtDestroyEvent(done));
    CHECK_ACL(aclrtDestroyStream(producer));
    CHECK_ACL(aclrtDestroyStream(consumer));
    CHECK_ACL(aclrtResetDevice(0));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
