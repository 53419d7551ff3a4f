/*
 * test_api_streams.c: streams and events (issue 10, group 3): stream config handles and
 * aclrtCreateStreamV2, priorities, stream attributes and the failure mode, aclrtRecordEventWithFlag,
 * aclrtStreamWaitEventWithTimeout, aclrtQueryEventWaitStatus, aclrtGetEventId. Expectations
 * follow CANN's documentation of each call.
 */
#include "test_util.h"

/* ---- a stream held back by a blocking host callback until the test releases it ---- */

static atomic_int g_release;

static void hold_cb(void *arg)
{
    (void)arg;
    const double t0 = gt_now_ms();
    while (!atomic_load(&g_release) && gt_now_ms() - t0 < 20000) gt_sleep_ms(1);
}

static void hold_stream(aclrtStream s)
{
    atomic_store(&g_release, 0);
    GT_OK(aclrtLaunchCallback(hold_cb, NULL, ACL_CALLBACK_BLOCK, s));
}

static void release_stream(void) { atomic_store(&g_release, 1); }

/* ---- config handles ---- */

static void test_config_handle_options(void **state)
{
    (void)state;
    aclrtStreamConfigHandle *h = aclrtCreateStreamConfigHandle();
    assert_non_null(h);
    uint32_t prio = 3;
    size_t flag = ACL_STREAM_FAST_LAUNCH, size = 4096;
    void *work = NULL;
    GT_OK(aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_PRIORITY, &prio, sizeof prio));
    GT_OK(aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_FLAG, &flag, sizeof flag));
    GT_OK(aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_WORK_SIZE, &size, sizeof size));
    GT_OK(aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_WORK_ADDR_PTR, &work, sizeof work));
    GT_EQ(h->priority, 3); /* the handle is CANN's plain struct: the options land in its fields */
    GT_EQ(h->flag, ACL_STREAM_FAST_LAUNCH);
    GT_EQ(h->workSize, 4096);

    /* Priorities are 0..7; each option has its one size. */
    uint32_t bad_prio = 8;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_PRIORITY, &bad_prio, sizeof bad_prio));
    GT_EQ(h->priority, 3);
    uint64_t wide = 1;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_PRIORITY, &wide, sizeof wide));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_FLAG, &prio, sizeof prio));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_WORK_SIZE, &prio, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamConfigOpt(h, (aclrtStreamConfigAttr)4, &prio, sizeof prio));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_PRIORITY, NULL, sizeof prio));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamConfigOpt(NULL, ACL_RT_STREAM_PRIORITY, &prio, sizeof prio));

    GT_OK(aclrtDestroyStreamConfigHandle(h));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStreamConfigHandle(NULL));
    aclrtStreamConfigHandle fake;
    memset(&fake, 0, sizeof fake);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStreamConfigHandle(&fake)); /* not from Create */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamConfigOpt(&fake, ACL_RT_STREAM_PRIORITY, &prio, sizeof prio));
}

static void test_create_stream_v2(void **state)
{
    (void)state;
    aclrtStreamConfigHandle *h = aclrtCreateStreamConfigHandle();
    assert_non_null(h);
    uint32_t prio = 5;
    size_t flag = ACL_STREAM_FAST_SYNC;
    GT_OK(aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_PRIORITY, &prio, sizeof prio));
    GT_OK(aclrtSetStreamConfigOpt(h, ACL_RT_STREAM_FLAG, &flag, sizeof flag));
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStreamV2(&s, h));
    assert_non_null(s);
    uint32_t got = 99, flags = 99;
    GT_OK(aclrtStreamGetPriority(s, &got));
    GT_EQ(got, 5);
    GT_OK(aclrtStreamGetFlags(s, &flags));
    GT_EQ(flags, ACL_STREAM_FAST_SYNC);

    /* A stream like any other: work on it runs and is waited for. */
    enum { N = 1 << 16 };
    void *d = NULL;
    unsigned char *host = GT_MALLOC(N);
    GT_OK(aclrtMalloc(&d, N, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetAsync(d, N, 0x3c, N, s));
    GT_OK(aclrtMemcpyAsync(host, N, d, N, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtSynchronizeStream(s));
    GT_FILLED(host, 0x3c, N);
    GT_OK(aclrtFree(d));
    free(host);
    GT_OK(aclrtDestroyStream(s));

    /* The handle is only read: the stream outlives it, and a NULL handle is the defaults. */
    GT_OK(aclrtCreateStreamV2(&s, h));
    GT_OK(aclrtDestroyStreamConfigHandle(h));
    GT_OK(aclrtStreamGetPriority(s, &got));
    GT_EQ(got, 5);
    GT_OK(aclrtDestroyStream(s));
    GT_OK(aclrtCreateStreamV2(&s, NULL));
    GT_OK(aclrtStreamGetPriority(s, &got));
    GT_EQ(got, 0);
    GT_OK(aclrtStreamGetFlags(s, &flags));
    GT_EQ(flags, 0);
    GT_OK(aclrtDestroyStream(s));

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCreateStreamV2(NULL, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCreateStreamV2(&s, h)); /* destroyed handle */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamGetPriority(NULL, NULL));
}

static void test_priority_with_config(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    uint32_t got = 99;
    GT_OK(aclrtCreateStreamWithConfig(&s, 7, ACL_STREAM_FAST_LAUNCH));
    GT_OK(aclrtStreamGetPriority(s, &got));
    GT_EQ(got, 7);
    GT_OK(aclrtDestroyStream(s));
    /* The default stream has the default priority. */
    GT_OK(aclrtStreamGetPriority(NULL, &got));
    GT_EQ(got, 0);
    int32_t least = 0, greatest = 0;
    GT_OK(aclrtDeviceGetStreamPriorityRange(&least, &greatest));
    assert_true(greatest <= (int32_t)got && (int32_t)got <= least);
}

/* ---- stream attributes ---- */

static void test_stream_attributes(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    aclrtStreamAttrValue v;

    /* Defaults: continue on failure, switches off, no tag. */
    memset(&v, 0xff, sizeof v);
    GT_OK(aclrtGetStreamAttribute(s, ACL_STREAM_ATTR_FAILURE_MODE, &v));
    GT_EQ(v.failureMode, ACL_CONTINUE_ON_FAILURE);
    GT_OK(aclrtGetStreamAttribute(s, ACL_STREAM_ATTR_FLOAT_OVERFLOW_CHECK, &v));
    GT_EQ(v.overflowSwitch, 0);

    GT_OK(aclrtSetStreamFailureMode(s, ACL_STOP_ON_FAILURE));
    GT_OK(aclrtGetStreamAttribute(s, ACL_STREAM_ATTR_FAILURE_MODE, &v));
    GT_EQ(v.failureMode, ACL_STOP_ON_FAILURE);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamFailureMode(s, 2));

    memset(&v, 0, sizeof v);
    v.overflowSwitch = 1;
    GT_OK(aclrtSetStreamAttribute(s, ACL_STREAM_ATTR_FLOAT_OVERFLOW_CHECK, &v));
    uint32_t sw = 0;
    GT_OK(aclrtGetStreamOverflowSwitch(s, &sw));
    GT_EQ(sw, 1);
    GT_OK(aclrtSetStreamOverflowSwitch(s, 0));
    GT_OK(aclrtGetStreamAttribute(s, ACL_STREAM_ATTR_FLOAT_OVERFLOW_CHECK, &v));
    GT_EQ(v.overflowSwitch, 0);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamOverflowSwitch(s, 2));

    memset(&v, 0, sizeof v);
    v.userCustomTag = 0xfeedu;
    GT_OK(aclrtSetStreamAttribute(s, ACL_STREAM_ATTR_USER_CUSTOM_TAG, &v));
    memset(&v, 0, sizeof v);
    v.cacheOpInfoSwitch = 1;
    GT_OK(aclrtSetStreamAttribute(s, ACL_STREAM_ATTR_CACHE_OP_INFO, &v));
    GT_OK(aclrtGetStreamAttribute(s, ACL_STREAM_ATTR_USER_CUSTOM_TAG, &v));
    GT_EQ(v.userCustomTag, 0xfeedu);
    GT_OK(aclrtGetStreamAttribute(s, ACL_STREAM_ATTR_CACHE_OP_INFO, &v));
    GT_EQ(v.cacheOpInfoSwitch, 1);

    /* The priority attribute: 0..7, read back by aclrtStreamGetPriority too. */
    memset(&v, 0, sizeof v);
    v.streamPriority = 6;
    GT_OK(aclrtSetStreamAttribute(s, ACL_STREAM_ATTR_PRIORITY, &v));
    uint32_t prio = 0;
    GT_OK(aclrtStreamGetPriority(s, &prio));
    GT_EQ(prio, 6);
    v.streamPriority = 8;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamAttribute(s, ACL_STREAM_ATTR_PRIORITY, &v));
    GT_OK(aclrtGetStreamAttribute(s, ACL_STREAM_ATTR_PRIORITY, &v));
    GT_EQ(v.streamPriority, 6);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamAttribute(s, (aclrtStreamAttr)0, &v));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetStreamAttribute(s, (aclrtStreamAttr)9, &v));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamAttribute(s, ACL_STREAM_ATTR_FAILURE_MODE, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetStreamAttribute(s, ACL_STREAM_ATTR_FAILURE_MODE, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetStreamOverflowSwitch(s, NULL));

    /* Attributes are per stream: another stream still has the defaults. */
    aclrtStream t = NULL;
    GT_OK(aclrtCreateStream(&t));
    GT_OK(aclrtGetStreamAttribute(t, ACL_STREAM_ATTR_FAILURE_MODE, &v));
    GT_EQ(v.failureMode, ACL_CONTINUE_ON_FAILURE);
    GT_OK(aclrtDestroyStream(t));

    GT_OK(aclrtDestroyStream(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamFailureMode(s, ACL_STOP_ON_FAILURE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetStreamAttribute(s, ACL_STREAM_ATTR_FAILURE_MODE, &v));
}

/* ---- events ---- */

static void test_record_event_with_flag(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    aclrtEvent e = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtCreateEvent(&e));
    hold_stream(s);
    GT_OK(aclrtRecordEventWithFlag(e, s, ACL_EVENT_RECORD_DEFAULT));
    /* DEFAULT is aclrtRecordEvent: the event covers the held work, so it is not done yet. */
    aclrtEventRecordedStatus st = ACL_EVENT_RECORDED_STATUS_COMPLETE;
    GT_OK(aclrtQueryEventStatus(e, &st));
    GT_EQ(st, ACL_EVENT_RECORDED_STATUS_NOT_READY);
    release_stream();
    GT_OK(aclrtSynchronizeEvent(e));
    GT_OK(aclrtQueryEventStatus(e, &st));
    GT_EQ(st, ACL_EVENT_RECORDED_STATUS_COMPLETE);

    /* EXTERNAL records into a graph capture; outside one it is an error. */
    assert_int_not_equal(aclrtRecordEventWithFlag(e, s, ACL_EVENT_RECORD_EXTERNAL), ACL_SUCCESS);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtRecordEventWithFlag(e, s, 2));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtRecordEventWithFlag(NULL, s, ACL_EVENT_RECORD_DEFAULT));
    GT_OK(aclrtSynchronizeStream(s));
    GT_OK(aclrtDestroyEvent(e));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtRecordEventWithFlag(e, s, ACL_EVENT_RECORD_DEFAULT));
    GT_OK(aclrtDestroyStream(s));
}

static void test_event_id(void **state)
{
    (void)state;
    aclrtEvent a = NULL, b = NULL;
    GT_OK(aclrtCreateEvent(&a));
    GT_OK(aclrtCreateEventWithFlag(&b, ACL_EVENT_SYNC));
    uint32_t ia = 0, ib = 0, again = 0;
    GT_OK(aclrtGetEventId(a, &ia));
    GT_OK(aclrtGetEventId(b, &ib));
    GT_OK(aclrtGetEventId(a, &again));
    assert_int_not_equal(ia, ib); /* an id names one event */
    GT_EQ(again, ia);             /* and stays the same */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetEventId(a, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetEventId(NULL, &ia));
    GT_OK(aclrtDestroyEvent(a));
    GT_OK(aclrtDestroyEvent(b));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetEventId(a, &ia));
}

static void test_query_event_wait_status(void **state)
{
    (void)state;
    aclrtStream producer = NULL, waiter = NULL;
    aclrtEvent e = NULL;
    GT_OK(aclrtCreateStream(&producer));
    GT_OK(aclrtCreateStream(&waiter));
    GT_OK(aclrtCreateEventWithFlag(&e, ACL_EVENT_SYNC));
    aclrtEventWaitStatus st = ACL_EVENT_WAIT_STATUS_COMPLETE;

    /* Nothing recorded yet: nothing a wait could have got past. */
    GT_OK(aclrtQueryEventWaitStatus(e, &st));
    GT_EQ(st, ACL_EVENT_WAIT_STATUS_NOT_READY);

    /* A stream waits for an event whose work is held back: the wait is not done. */
    hold_stream(producer);
    GT_OK(aclrtRecordEvent(e, producer));
    GT_OK(aclrtStreamWaitEvent(waiter, e));
    GT_OK(aclrtQueryEventWaitStatus(e, &st));
    GT_EQ(st, ACL_EVENT_WAIT_STATUS_NOT_READY);
    aclrtStreamStatus ws = ACL_STREAM_STATUS_COMPLETE;
    GT_OK(aclrtStreamQuery(waiter, &ws));
    GT_EQ(ws, ACL_STREAM_STATUS_NOT_READY);

    /* Released: once the waiting stream got past the wait, the status is COMPLETE. */
    release_stream();
    GT_OK(aclrtSynchronizeStream(waiter));
    GT_OK(aclrtQueryEventWaitStatus(e, &st));
    GT_EQ(st, ACL_EVENT_WAIT_STATUS_COMPLETE);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtQueryEventWaitStatus(e, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtQueryEventWaitStatus(NULL, &st));
    GT_OK(aclrtSynchronizeStream(producer));
    GT_OK(aclrtDestroyEvent(e));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtQueryEventWaitStatus(e, &st));
    GT_OK(aclrtDestroyStream(waiter));
    GT_OK(aclrtDestroyStream(producer));
}

/* The wait orders the waiting stream after the event when the event comes in time. */
static void test_wait_with_timeout_in_time(void **state)
{
    (void)state;
    enum { N = 1 << 16 };
    aclrtStream producer = NULL, waiter = NULL;
    aclrtEvent e = NULL;
    void *a = NULL;
    unsigned char *host = GT_MALLOC(N);
    memset(host, 0, N);
    GT_OK(aclrtCreateStream(&producer));
    GT_OK(aclrtCreateStream(&waiter));
    GT_OK(aclrtCreateEvent(&e));
    GT_OK(aclrtMalloc(&a, N, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemset(a, N, 0, N));

    hold_stream(producer);
    GT_OK(aclrtMemsetAsync(a, N, 0x11, N, producer));
    GT_OK(aclrtRecordEvent(e, producer));
    GT_OK(aclrtStreamWaitEventWithTimeout(waiter, e, 10000));
    GT_OK(aclrtMemcpyAsync(host, N, a, N, ACL_MEMCPY_DEVICE_TO_HOST, waiter));
    gt_sleep_ms(30);
    release_stream();
    GT_OK(aclrtSynchronizeStream(waiter));
    GT_FILLED(host, 0x11, N); /* the copy ran after the producer's fill */
    GT_OK(aclrtSynchronizeStream(producer));

    /* -1 waits without a limit, like aclrtStreamWaitEvent; below -1 is refused. */
    GT_OK(aclrtStreamWaitEventWithTimeout(waiter, e, -1));
    GT_OK(aclrtSynchronizeStream(waiter));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamWaitEventWithTimeout(waiter, e, -2));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamWaitEventWithTimeout(waiter, NULL, 100));

    GT_OK(aclrtFree(a));
    free(host);
    GT_OK(aclrtDestroyEvent(e));
    GT_OK(aclrtDestroyStream(waiter));
    GT_OK(aclrtDestroyStream(producer));
}

/* A wait that runs out reports an error: the waiting stream's synchronisation returns it once. */
static void test_wait_with_timeout_expires(void **state)
{
    (void)state;
    aclrtStream producer = NULL, waiter = NULL;
    aclrtEvent e = NULL;
    GT_OK(aclrtCreateStream(&producer));
    GT_OK(aclrtCreateStream(&waiter));
    GT_OK(aclrtCreateEvent(&e));

    hold_stream(producer);
    GT_OK(aclrtRecordEvent(e, producer));
    const double t0 = gt_now_ms();
    GT_OK(aclrtStreamWaitEventWithTimeout(waiter, e, 50));
    GT_ERR(ACL_ERROR_RT_WAIT_TIMEOUT, aclrtSynchronizeStream(waiter));
    const double waited = gt_now_ms() - t0;
    assert_true(waited >= 45 && waited < 10000);
    GT_OK(aclrtSynchronizeStream(waiter)); /* reported once */
    release_stream();
    GT_OK(aclrtSynchronizeStream(producer));

    GT_OK(aclrtDestroyEvent(e));
    GT_OK(aclrtDestroyStream(waiter));
    GT_OK(aclrtDestroyStream(producer));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_handle_options),
        cmocka_unit_test(test_create_stream_v2),
        cmocka_unit_test(test_priority_with_config),
        cmocka_unit_test(test_stream_attributes),
        cmocka_unit_test(test_record_event_with_flag),
        cmocka_unit_test(test_event_id),
        cmocka_unit_test(test_query_event_wait_status),
        cmocka_unit_test(test_wait_with_timeout_in_time),
        cmocka_unit_test(test_wait_with_timeout_expires),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
