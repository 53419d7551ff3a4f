/*
 * test_event.c: events: create / record / synchronize / query / elapsed time, never-recorded
 * events, aclrtStreamWaitEvent ordering across streams and contexts, rejected handles.
 */
#include "test_util.h"

#define BIG (32u << 20)

static void test_create_destroy(void **state)
{
    (void)state;
    aclrtEvent e[4] = {NULL, NULL, NULL, NULL};
    GT_OK(aclrtCreateEvent(&e[0]));
    GT_OK(aclrtCreateEventWithFlag(&e[1], ACL_EVENT_SYNC));
    GT_OK(aclrtCreateEventWithFlag(&e[2], ACL_EVENT_TIME_LINE));
    GT_OK(aclrtCreateEventExWithFlag(&e[3], ACL_EVENT_SYNC | ACL_EVENT_TIME_LINE));
    for (int i = 0; i < 4; i++) {
        assert_non_null(e[i]);
        for (int j = 0; j < i; j++) assert_ptr_not_equal(e[i], e[j]);
    }
    gecl_rt_counts c;
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.events, 4);
    for (int i = 0; i < 4; i++) GT_OK(aclrtDestroyEvent(e[i]));
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.events, 0);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCreateEvent(NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCreateEventWithFlag(NULL, ACL_EVENT_SYNC));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCreateEventExWithFlag(NULL, ACL_EVENT_SYNC));
}

static void test_never_recorded(void **state)
{
    (void)state;
    aclrtEvent e = NULL, f = NULL;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateEvent(&e));
    GT_OK(aclrtCreateEvent(&f));
    GT_OK(aclrtCreateStream(&s));

    double t0 = gt_now_ms();
    GT_OK(aclrtSynchronizeEvent(e)); /* returns at once */
    GT_OK(aclrtSynchronizeEventWithTimeout(e, 100));
    assert_true(gt_now_ms() - t0 < 5000);

    aclrtEventRecordedStatus rs = ACL_EVENT_RECORDED_STATUS_COMPLETE;
    GT_OK(aclrtQueryEventStatus(e, &rs));
    GT_EQ(rs, ACL_EVENT_RECORDED_STATUS_NOT_READY);
    aclrtEventStatus es = ACL_EVENT_STATUS_NOT_READY;
    GT_OK(aclrtQueryEvent(e, &es));
    GT_EQ(es, ACL_EVENT_STATUS_COMPLETE);

    /* Waiting on it is a no-op: later work on s still runs. */
    void *p = NULL;
    static unsigned char host[64];
    GT_OK(aclrtMalloc(&p, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtStreamWaitEvent(s, e));
    GT_OK(aclrtMemsetAsync(p, sizeof host, 0x3c, sizeof host, s));
    GT_OK(aclrtMemcpyAsync(host, sizeof host, p, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtSynchronizeStream(s));
    GT_FILLED(host, 0x3c, sizeof host);

    /* Elapsed time needs both recorded. */
    float ms = -1;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtEventElapsedTime(&ms, e, f));
    GT_OK(aclrtRecordEvent(f, s));
    GT_OK(aclrtSynchronizeEvent(f));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtEventElapsedTime(&ms, e, f));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtEventElapsedTime(&ms, f, e));

    GT_OK(aclrtFree(p));
    GT_OK(aclrtDestroyStream(s));
    GT_OK(aclrtDestroyEvent(e));
    GT_OK(aclrtDestroyEvent(f));
}

static void test_record_sync_query(void **state)
{
    (void)state;
    aclrtEvent e = NULL;
    aclrtStream s = NULL;
    void *p = NULL;
    GT_OK(aclrtCreateEvent(&e));
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&p, BIG, ACL_MEM_MALLOC_HUGE_FIRST));
    for (int i = 1; i <= 3; i++) GT_OK(aclrtMemsetAsync(p, BIG, i, BIG, s));
    GT_OK(aclrtRecordEvent(e, s));
    aclrtEventRecordedStatus rs = ACL_EVENT_RECORDED_STATUS_COMPLETE;
    GT_OK(aclrtQueryEventStatus(e, &rs));
    assert_true(rs == ACL_EVENT_RECORDED_STATUS_COMPLETE || rs == ACL_EVENT_RECORDED_STATUS_NOT_READY);
    GT_OK(aclrtSynchronizeEvent(e));
    GT_OK(aclrtQueryEventStatus(e, &rs));
    GT_EQ(rs, ACL_EVENT_RECORDED_STATUS_COMPLETE);
    aclrtEventStatus es = ACL_EVENT_STATUS_NOT_READY;
    GT_OK(aclrtQueryEvent(e, &es));
    GT_EQ(es, ACL_EVENT_STATUS_COMPLETE);
    /* The captured work is done: a synchronous copy on another stream sees it. */
    unsigned char host[256];
    GT_OK(aclrtMemcpy(host, sizeof host, (char *)p + BIG - sizeof host, sizeof host,
                      ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(host, 3, sizeof host);

    /* Recorded on the default stream. */
    GT_OK(aclrtMemsetAsync(p, BIG, 4, BIG, NULL));
    GT_OK(aclrtRecordEvent(e, NULL));
    GT_OK(aclrtSynchronizeEventWithTimeout(e, -1));
    GT_OK(aclrtMemcpy(host, sizeof host, p, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(host, 4, sizeof host);

    uint64_t ts = 0;
    GT_OK(aclrtEventGetTimestamp(e, &ts));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtEventGetTimestamp(e, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtQueryEventStatus(e, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtQueryEvent(e, NULL));

    GT_OK(aclrtResetEvent(e, s));
    GT_OK(aclrtSynchronizeStream(s));
    GT_OK(aclrtFree(p));
    GT_OK(aclrtDestroyStream(s));
    GT_OK(aclrtDestroyEvent(e));
}

static void test_record_again_replaces_capture(void **state)
{
    (void)state;
    aclrtEvent e = NULL;
    aclrtStream s = NULL;
    void *p = NULL;
    GT_OK(aclrtCreateEvent(&e));
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&p, BIG, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemset(p, BIG, 0, BIG));
    GT_OK(aclrtRecordEvent(e, s)); /* captures nothing */
    for (int i = 1; i <= 4; i++) GT_OK(aclrtMemsetAsync(p, BIG, 0x50 + i, BIG, s));
    GT_OK(aclrtRecordEvent(e, s)); /* captures the memsets */
    GT_OK(aclrtSynchronizeEvent(e));
    unsigned char host[256];
    GT_OK(aclrtMemcpy(host, sizeof host, (char *)p + BIG - sizeof host, sizeof host,
                      ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(host, 0x54, sizeof host);
    GT_OK(aclrtFree(p));
    GT_OK(aclrtDestroyStream(s));
    GT_OK(aclrtDestroyEvent(e));
}

static void test_elapsed_time(void **state)
{
    (void)state;
    aclrtEvent start = NULL, end = NULL;
    aclrtStream s = NULL;
    void *p = NULL;
    GT_OK(aclrtCreateEvent(&start));
    GT_OK(aclrtCreateEvent(&end));
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&p, BIG, ACL_MEM_MALLOC_HUGE_FIRST));

    /* Nothing in between: >= 0. */
    GT_OK(aclrtRecordEvent(start, s));
    GT_OK(aclrtRecordEvent(end, s));
    float ms = -1;
    GT_OK(aclrtEventElapsedTime(&ms, start, end));
    print_message("empty interval: %f ms\n", (double)ms);
    assert_true(ms >= 0.0f);
    GT_OK(aclrtEventElapsedTime(&ms, start, start));
    assert_true(ms >= 0.0f);

    /* A real workload: > 0. The call waits for both events itself. */
    GT_OK(aclrtRecordEvent(start, s));
    for (int i = 0; i < 6; i++) GT_OK(aclrtMemsetAsync(p, BIG, i, BIG, s));
    GT_OK(aclrtRecordEvent(end, s));
    ms = -1;
    GT_OK(aclrtEventElapsedTime(&ms, start, end));
    print_message("6 x %u-byte memsets: %f ms\n", BIG, (double)ms);
    assert_true(ms > 0.0f);
    assert_true(ms < 60000.0f);
    aclrtEventRecordedStatus rs = ACL_EVENT_RECORDED_STATUS_NOT_READY;
    GT_OK(aclrtQueryEventStatus(end, &rs));
    GT_EQ(rs, ACL_EVENT_RECORDED_STATUS_COMPLETE);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtEventElapsedTime(NULL, start, end));
    GT_OK(aclrtFree(p));
    GT_OK(aclrtDestroyStream(s));
    GT_OK(aclrtDestroyEvent(start));
    GT_OK(aclrtDestroyEvent(end));
}

/* Stream A: memsets ending with value 1, record e. Stream B: wait e, D2D copy from A's buffer.
 * The copy must see all 1s. */
static void check_wait_orders(aclrtStream a, aclrtStream b, int rounds)
{
    void *src = NULL, *dst = NULL;
    aclrtEvent e = NULL;
    unsigned char *host = GT_MALLOC(BIG);
    GT_OK(aclrtCreateEvent(&e));
    GT_OK(aclrtMalloc(&src, BIG, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&dst, BIG, ACL_MEM_MALLOC_HUGE_FIRST));
    for (int r = 0; r < rounds; r++) {
        unsigned char want = (unsigned char)(1 + r);
        GT_OK(aclrtMemset(src, BIG, 0, BIG));
        GT_OK(aclrtMemset(dst, BIG, 0xff, BIG));
        GT_OK(aclrtMemsetAsync(src, BIG, 0x80, BIG, a));
        GT_OK(aclrtMemsetAsync(src, BIG, 0x81, BIG, a));
        GT_OK(aclrtMemsetAsync(src, BIG, want, BIG, a));
        GT_OK(aclrtRecordEvent(e, a));
        GT_OK(aclrtStreamWaitEvent(b, e));
        GT_OK(aclrtMemcpyAsync(dst, BIG, src, BIG, ACL_MEMCPY_DEVICE_TO_DEVICE, b));
        GT_OK(aclrtSynchronizeStream(b));
        GT_OK(aclrtMemcpy(host, BIG, dst, BIG, ACL_MEMCPY_DEVICE_TO_HOST));
        GT_FILLED(host, want, BIG);
        GT_OK(aclrtSynchronizeStream(a));
    }
    GT_OK(aclrtFree(src));
    GT_OK(aclrtFree(dst));
    GT_OK(aclrtDestroyEvent(e));
    free(host);
}

static void test_stream_wait_event_two_streams(void **state)
{
    (void)state;
    aclrtStream a = NULL, b = NULL;
    GT_OK(aclrtCreateStream(&a));
    GT_OK(aclrtCreateStream(&b));
    check_wait_orders(a, b, 4);
    /* With the default stream on either side. */
    check_wait_orders(NULL, b, 1);
    check_wait_orders(a, NULL, 1);
    GT_OK(aclrtDestroyStream(a));
    GT_OK(aclrtDestroyStream(b));
}

static void test_stream_wait_event_two_contexts(void **state)
{
    (void)state;
    aclrtContext primary = NULL, other = NULL;
    aclrtStream a = NULL, b = NULL;
    GT_OK(aclrtGetCurrentContext(&primary));
    GT_OK(aclrtCreateStream(&a));
    GT_OK(aclrtCreateContext(&other, 0));
    GT_OK(aclrtCreateStream(&b)); /* in the other context */
    GT_OK(aclrtSetCurrentContext(primary));
    check_wait_orders(a, b, 2);
    check_wait_orders(b, a, 1);
    GT_OK(aclrtDestroyStream(a));
    GT_OK(aclrtDestroyStream(b));
    GT_OK(aclrtDestroyContext(other));
}

/* A callback that holds stream A back makes the race deterministic. */
static void slow_callback(void *data)
{
    (void)data;
    gt_sleep_ms(300);
}

static void test_stream_wait_event_behind_callback(void **state)
{
    (void)state;
    enum { N = 1 << 20 };
    aclrtStream a = NULL, b = NULL;
    aclrtEvent e = NULL;
    void *src = NULL, *dst = NULL;
    unsigned char *host = GT_MALLOC(N);
    GT_OK(aclrtCreateStream(&a));
    GT_OK(aclrtCreateStream(&b));
    GT_OK(aclrtCreateEvent(&e));
    GT_OK(aclrtMalloc(&src, N, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&dst, N, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemset(src, N, 0, N));
    GT_OK(aclrtLaunchCallback(slow_callback, NULL, ACL_CALLBACK_BLOCK, a));
    GT_OK(aclrtMemsetAsync(src, N, 1, N, a));
    GT_OK(aclrtRecordEvent(e, a));
    GT_OK(aclrtStreamWaitEvent(b, e));
    GT_OK(aclrtMemcpyAsync(dst, N, src, N, ACL_MEMCPY_DEVICE_TO_DEVICE, b));
    GT_OK(aclrtMemcpyAsync(host, N, dst, N, ACL_MEMCPY_DEVICE_TO_HOST, b));
    GT_OK(aclrtSynchronizeStream(b));
    GT_FILLED(host, 1, N);
    GT_OK(aclrtSynchronizeStream(a));
    GT_OK(aclrtFree(src));
    GT_OK(aclrtFree(dst));
    GT_OK(aclrtDestroyEvent(e));
    GT_OK(aclrtDestroyStream(a));
    GT_OK(aclrtDestroyStream(b));
    free(host);
}

static void check_event_rejected(aclrtEvent bad)
{
    aclrtStream s = NULL;
    aclrtEvent good = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtCreateEvent(&good));
    GT_OK(aclrtRecordEvent(good, s));
    GT_OK(aclrtSynchronizeEvent(good));
    aclrtEventStatus es;
    aclrtEventRecordedStatus rs;
    float ms;
    uint64_t ts;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtRecordEvent(bad, s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtResetEvent(bad, s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtQueryEvent(bad, &es));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtQueryEventStatus(bad, &rs));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeEvent(bad));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeEventWithTimeout(bad, 100));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtEventElapsedTime(&ms, bad, good));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtEventElapsedTime(&ms, good, bad));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtEventGetTimestamp(bad, &ts));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamWaitEvent(s, bad));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyEvent(bad));
    GT_OK(aclrtSynchronizeStream(s));
    GT_OK(aclrtDestroyStream(s));
    GT_OK(aclrtDestroyEvent(good));
}

static void test_rejected_handles(void **state)
{
    (void)state;
    aclrtEvent e = NULL;
    GT_OK(aclrtCreateEvent(&e));
    GT_OK(aclrtDestroyEvent(e));
    check_event_rejected(e);                    /* destroyed */
    check_event_rejected((aclrtEvent)0x1234);   /* garbage */
    static char not_an_event[256];
    check_event_rejected(not_an_event);
    check_event_rejected(NULL);
    aclrtStream s = NULL;                       /* foreign: a stream handle */
    GT_OK(aclrtCreateStream(&s));
    check_event_rejected(s);
    GT_OK(aclrtDestroyStream(s));
}

static void test_destroy_while_pending(void **state)
{
    (void)state;
    aclrtEvent e = NULL;
    aclrtStream s = NULL;
    void *p = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&p, BIG, ACL_MEM_MALLOC_HUGE_FIRST));
    for (int i = 0; i < 3; i++) {
        GT_OK(aclrtCreateEvent(&e));
        GT_OK(aclrtMemsetAsync(p, BIG, i, BIG, s));
        GT_OK(aclrtRecordEvent(e, s));
        GT_OK(aclrtStreamWaitEvent(NULL, e));
        GT_OK(aclrtDestroyEvent(e)); /* while its work may still run */
    }
    GT_OK(aclrtSynchronizeStream(s));
    GT_OK(aclrtSynchronizeStream(NULL));
    GT_OK(aclrtFree(p));
    GT_OK(aclrtDestroyStream(s));
}

static void test_record_on_destroyed_stream(void **state)
{
    (void)state;
    aclrtEvent e = NULL;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateEvent(&e));
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtDestroyStream(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtRecordEvent(e, s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamWaitEvent(s, e));
    /* Still never recorded. */
    aclrtEventRecordedStatus rs = ACL_EVENT_RECORDED_STATUS_COMPLETE;
    GT_OK(aclrtQueryEventStatus(e, &rs));
    GT_EQ(rs, ACL_EVENT_RECORDED_STATUS_NOT_READY);
    GT_OK(aclrtDestroyEvent(e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_destroy),
        cmocka_unit_test(test_never_recorded),
        cmocka_unit_test(test_record_sync_query),
        cmocka_unit_test(test_record_again_replaces_capture),
        cmocka_unit_test(test_elapsed_time),
        cmocka_unit_test(test_stream_wait_event_two_streams),
        cmocka_unit_test(test_stream_wait_event_two_contexts),
        cmocka_unit_test(test_stream_wait_event_behind_callback),
        cmocka_unit_test(test_rejected_handles),
        cmocka_unit_test(test_destroy_while_pending),
        cmocka_unit_test(test_record_on_destroyed_stream),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
