/*
 * test_callback.c: aclrtLaunchCallback: runs after earlier work, in order, before later work,
 * with both block types; synchronize and destroy wait for callbacks; invalid arguments.
 */
#include "test_util.h"

static atomic_int g_seq;

typedef struct cb_record {
    int order;                 /* value of g_seq when it ran, -1 if it did not */
    const unsigned char *check;/* host bytes that must already hold `expect` */
    size_t check_len;
    unsigned char expect;
    int saw_expected;
    void *user_seen;
} cb_record;

static void record_cb(void *data)
{
    cb_record *r = data;
    r->user_seen = data;
    r->order = atomic_fetch_add(&g_seq, 1);
    if (r->check) {
        r->saw_expected = 1;
        for (size_t i = 0; i < r->check_len; i++) {
            if (r->check[i] != r->expect) {
                r->saw_expected = 0;
                break;
            }
        }
    }
}

static void test_runs_in_order(void **state)
{
    (void)state;
    const size_t n = 16u << 20;
    aclrtStream s = NULL;
    void *d = NULL;
    unsigned char *h = GT_MALLOC(n);
    memset(h, 0, n);
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&d, n, ACL_MEM_MALLOC_HUGE_FIRST));
    atomic_store(&g_seq, 0);
    static cb_record r1, r2; /* static: callbacks write them */
    r1 = (cb_record){-1, h, n, 7, 0, NULL};
    r2 = (cb_record){-1, h, n, 9, 0, NULL};

    GT_OK(aclrtMemsetAsync(d, n, 7, n, s));
    GT_OK(aclrtMemcpyAsync(h, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtLaunchCallback(record_cb, &r1, ACL_CALLBACK_BLOCK, s));
    GT_OK(aclrtMemsetAsync(d, n, 9, n, s));
    GT_OK(aclrtMemcpyAsync(h, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtLaunchCallback(record_cb, &r2, ACL_CALLBACK_NO_BLOCK, s));
    GT_OK(aclrtSynchronizeStream(s));

    /* Both ran, in order, each after the work enqueued before it. */
    GT_EQ(r1.order, 0);
    GT_EQ(r2.order, 1);
    assert_ptr_equal(r1.user_seen, &r1);
    assert_ptr_equal(r2.user_seen, &r2);
    if (!r1.saw_expected) print_error("callback 1 ran before the copy enqueued ahead of it finished\n");
    assert_true(r1.saw_expected);
    if (!r2.saw_expected) print_error("callback 2 ran before the copy enqueued ahead of it finished\n");
    assert_true(r2.saw_expected);
    GT_FILLED(h, 9, n);

    GT_OK(aclrtFree(d));
    GT_OK(aclrtDestroyStream(s));
    free(h);
}

/* Sleeps, then overwrites the host buffer: a copy enqueued after the callback must land later. */
typedef struct slow_writer {
    unsigned char *h;
    size_t n;
    atomic_int done;
} slow_writer;

static void slow_write_cb(void *data)
{
    slow_writer *w = data;
    gt_sleep_ms(200);
    memset(w->h, 0xcb, w->n);
    atomic_store(&w->done, 1);
}

static void check_later_work_waits(aclrtCallbackBlockType type)
{
    const size_t n = 1 << 20;
    aclrtStream s = NULL;
    void *d = NULL;
    static slow_writer w; /* static: a late callback must not write into a dead frame */
    w.h = GT_MALLOC(n);
    w.n = n;
    atomic_store(&w.done, 0);
    memset(w.h, 0, n);
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&d, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetAsync(d, n, 0x3d, n, s));
    GT_OK(aclrtLaunchCallback(slow_write_cb, &w, type, s));
    GT_OK(aclrtMemcpyAsync(w.h, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtSynchronizeStream(s));
    GT_EQ(atomic_load(&w.done), 1);
    /* If the copy had run before the callback returned, the callback's 0xcb would be left. */
    GT_FILLED(w.h, 0x3d, n);
    GT_OK(aclrtFree(d));
    GT_OK(aclrtDestroyStream(s));
    free(w.h);
}

static void test_later_work_waits_block(void **state)
{
    (void)state;
    check_later_work_waits(ACL_CALLBACK_BLOCK);
}

static void test_later_work_waits_no_block(void **state)
{
    (void)state;
    check_later_work_waits(ACL_CALLBACK_NO_BLOCK);
}

static void sleep_flag_cb(void *data)
{
    gt_sleep_ms(200);
    atomic_store((atomic_int *)data, 1);
}

static void test_synchronize_waits(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    const aclrtCallbackBlockType types[] = {ACL_CALLBACK_BLOCK, ACL_CALLBACK_NO_BLOCK};
    for (int i = 0; i < 2; i++) {
        static atomic_int flag;
        atomic_store(&flag, 0);
        GT_OK(aclrtLaunchCallback(sleep_flag_cb, &flag, types[i], s));
        GT_OK(aclrtSynchronizeStream(s));
        if (atomic_load(&flag) != 1) print_error("block type %d\n", (int)types[i]);
        GT_EQ(atomic_load(&flag), 1);
    }
    /* On the default stream. */
    static atomic_int flag;
    atomic_store(&flag, 0);
    GT_OK(aclrtLaunchCallback(sleep_flag_cb, &flag, ACL_CALLBACK_BLOCK, NULL));
    GT_OK(aclrtSynchronizeStream(NULL));
    GT_EQ(atomic_load(&flag), 1);
    /* An event recorded after a callback completes after it. */
    aclrtEvent e = NULL;
    GT_OK(aclrtCreateEvent(&e));
    atomic_store(&flag, 0);
    GT_OK(aclrtLaunchCallback(sleep_flag_cb, &flag, ACL_CALLBACK_NO_BLOCK, s));
    GT_OK(aclrtRecordEvent(e, s));
    GT_OK(aclrtSynchronizeEvent(e));
    GT_EQ(atomic_load(&flag), 1);
    GT_OK(aclrtDestroyEvent(e));
    GT_OK(aclrtDestroyStream(s));
}

/* Holds its stream until *data is set (bounded: 60 s). */
static void wait_flag_cb(void *data)
{
    for (int i = 0; i < 60000 && !atomic_load((atomic_int *)data); i++) gt_sleep_ms(1);
}

/* aclrtSynchronizeDeviceWithTimeout: a stream held up by a callback that waits for the test
 * makes a 20 ms wait time out (the work stays queued); once released, an unbounded wait
 * returns. */
static void test_synchronize_device_timeout(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    static atomic_int release;
    atomic_store(&release, 0);
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtLaunchCallback(wait_flag_cb, &release, ACL_CALLBACK_BLOCK, s));
    GT_ERR(ACL_ERROR_RT_WAIT_TIMEOUT, aclrtSynchronizeDeviceWithTimeout(20));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeDeviceWithTimeout(-2));
    atomic_store(&release, 1);
    GT_OK(aclrtSynchronizeDeviceWithTimeout(-1));
    GT_OK(aclrtSynchronizeDeviceWithTimeout(1000)); /* idle */
    GT_OK(aclrtDestroyStream(s));
}

static void test_destroy_waits(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    static atomic_int flag;
    atomic_store(&flag, 0);
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtLaunchCallback(sleep_flag_cb, &flag, ACL_CALLBACK_BLOCK, s));
    GT_OK(aclrtDestroyStream(s));
    /* The callback ran before the destroy returned (flag would otherwise go out of scope). */
    GT_EQ(atomic_load(&flag), 1);
}

/* A callback that destroys the stream it runs on: the destroy returns (it cannot wait for the
 * callback it is called from), the callback queued after it still runs, and the stream goes
 * once both are done; nothing deadlocks (the synchronisation here has a 60 s bound). */
typedef struct self_destroyer {
    aclrtStream stream;
    atomic_int destroy_rc, ran_after, both_launched;
} self_destroyer;

static void destroy_own_stream_cb(void *data)
{
    self_destroyer *d = data;
    /* The stream must outlive the second launch: wait for it (bounded: 60 s). */
    for (int i = 0; i < 60000 && !atomic_load(&d->both_launched); i++) {
        const struct timespec tick = {0, 1000 * 1000};
        nanosleep(&tick, NULL);
    }
    atomic_store(&d->destroy_rc, (int)aclrtDestroyStream(d->stream));
}

static void after_cb(void *data)
{
    atomic_store(&((self_destroyer *)data)->ran_after, 1);
}

static void test_destroy_from_callback(void **state)
{
    (void)state;
    static self_destroyer d;
    atomic_store(&d.destroy_rc, -1);
    atomic_store(&d.ran_after, 0);
    atomic_store(&d.both_launched, 0);
    gecl_rt_counts base;
    GT_OK(gecl_rt_live_counts(&base));
    GT_OK(aclrtCreateStream(&d.stream));
    GT_OK(aclrtLaunchCallback(destroy_own_stream_cb, &d, ACL_CALLBACK_BLOCK, d.stream));
    GT_OK(aclrtLaunchCallback(after_cb, &d, ACL_CALLBACK_BLOCK, d.stream));
    atomic_store(&d.both_launched, 1);
    gecl_rt_counts c = base;
    for (int i = 0; i < 6000; i++) {
        GT_OK(gecl_rt_live_counts(&c));
        if (atomic_load(&d.ran_after) && c.streams == base.streams) break;
        const struct timespec tick = {0, 10 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
    GT_EQ(atomic_load(&d.destroy_rc), ACL_SUCCESS);
    GT_EQ(atomic_load(&d.ran_after), 1);
    GT_EQ(c.streams, base.streams);
    GT_EQ(aclrtDestroyStream(d.stream), ACL_ERROR_INVALID_PARAM); /* gone */
}

/* aclrtSubscribeReport: callbacks of a subscribed stream run on the subscriber thread, inside
 * its aclrtProcessReport calls, in stream order, and synchronising the stream waits for them;
 * after aclrtUnSubscribeReport they run on gecl's worker again. */
typedef struct reporter {
    pthread_t thread;
    atomic_int stop, processed;
} reporter;

static void *report_loop(void *arg)
{
    reporter *r = arg;
    while (!atomic_load(&r->stop))
        if (aclrtProcessReport(20) == ACL_SUCCESS) atomic_fetch_add(&r->processed, 1);
    return NULL;
}

enum { REPORTS = 5 };
static pthread_t g_ran_on[REPORTS + 1];
static int g_ran_order[REPORTS + 1];

static void where_cb(void *data)
{
    const int k = (int)(intptr_t)data;
    g_ran_on[k] = pthread_self();
    g_ran_order[k] = atomic_fetch_add(&g_seq, 1);
}

static void test_subscribe_report(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    static reporter r;
    atomic_store(&r.stop, 0);
    atomic_store(&r.processed, 0);
    GT_EQ(pthread_create(&r.thread, NULL, report_loop, &r), 0);
    const uint64_t tid = (uint64_t)r.thread;
    GT_OK(aclrtSubscribeReport(tid, s));
    GT_ERR(ACL_ERROR_REPEAT_SUBSCRIBE, aclrtSubscribeReport(tid, s));
    atomic_store(&g_seq, 0);
    for (int k = 0; k < REPORTS; k++) GT_OK(aclrtLaunchCallback(where_cb, (void *)(intptr_t)k, ACL_CALLBACK_BLOCK, s));
    GT_OK(aclrtSynchronizeStream(s));
    for (int k = 0; k < REPORTS; k++) {
        GT_EQ(pthread_equal(g_ran_on[k], r.thread), 1);
        GT_EQ(g_ran_order[k], k);
    }
    GT_ERR(ACL_ERROR_STREAM_NOT_SUBSCRIBE, aclrtUnSubscribeReport(tid + 1, s));
    GT_OK(aclrtUnSubscribeReport(tid, s));
    GT_ERR(ACL_ERROR_STREAM_NOT_SUBSCRIBE, aclrtUnSubscribeReport(tid, s));
    GT_OK(aclrtLaunchCallback(where_cb, (void *)(intptr_t)REPORTS, ACL_CALLBACK_BLOCK, s));
    GT_OK(aclrtSynchronizeStream(s));
    GT_EQ(pthread_equal(g_ran_on[REPORTS], r.thread), 0); /* gecl's worker ran it */
    GT_EQ(pthread_equal(g_ran_on[REPORTS], pthread_self()), 0);
    atomic_store(&r.stop, 1);
    GT_EQ(pthread_join(r.thread, NULL), 0);
    GT_EQ(atomic_load(&r.processed), REPORTS);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtProcessReport(0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtProcessReport(-2));
    GT_ERR(ACL_ERROR_THREAD_NOT_SUBSCRIBE, aclrtProcessReport(10)); /* this thread subscribed nothing */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSubscribeReport(tid, (aclrtStream)(uintptr_t)0x1234));
    GT_OK(aclrtDestroyStream(s));
}

#define MANY 200
static int g_trace[MANY];

static void trace_cb(void *data)
{
    int idx = atomic_fetch_add(&g_seq, 1);
    if (idx < MANY) g_trace[idx] = (int)(intptr_t)data;
}

static void test_many_in_order(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    void *d = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&d, 4096, ACL_MEM_MALLOC_HUGE_FIRST));
    atomic_store(&g_seq, 0);
    for (int i = 0; i < MANY; i++) {
        g_trace[i] = -1;
        if (i % 10 == 0) GT_OK(aclrtMemsetAsync(d, 4096, i, 4096, s));
        GT_OK(aclrtLaunchCallback(trace_cb, (void *)(intptr_t)i,
                                  i % 2 ? ACL_CALLBACK_BLOCK : ACL_CALLBACK_NO_BLOCK, s));
    }
    GT_OK(aclrtSynchronizeStream(s));
    GT_EQ(atomic_load(&g_seq), MANY);
    for (int i = 0; i < MANY; i++) {
        if (g_trace[i] != i) print_error("callback #%d to run was %d\n", i, g_trace[i]);
        GT_EQ(g_trace[i], i);
    }
    GT_OK(aclrtFree(d));
    GT_OK(aclrtDestroyStream(s));
}

static void never_cb(void *data) { atomic_store((atomic_int *)data, 1); }

static void test_invalid(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    static atomic_int ran;
    atomic_store(&ran, 0);
    GT_OK(aclrtCreateStream(&s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchCallback(NULL, NULL, ACL_CALLBACK_BLOCK, s));
    GT_MSG_HAS("aclrtLaunchCallback");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchCallback(NULL, &ran, ACL_CALLBACK_NO_BLOCK, NULL));
    GT_OK(aclrtDestroyStream(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchCallback(never_cb, &ran, ACL_CALLBACK_BLOCK, s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchCallback(never_cb, &ran, ACL_CALLBACK_NO_BLOCK, s));
    GT_ERR(ACL_ERROR_INVALID_PARAM,
           aclrtLaunchCallback(never_cb, &ran, ACL_CALLBACK_BLOCK, (aclrtStream)0x1234));
    GT_OK(aclrtSynchronizeDevice());
    GT_EQ(atomic_load(&ran), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_in_order),
        cmocka_unit_test(test_later_work_waits_block),
        cmocka_unit_test(test_later_work_waits_no_block),
        cmocka_unit_test(test_synchronize_waits),
        cmocka_unit_test(test_destroy_waits),
        cmocka_unit_test(test_synchronize_device_timeout),
        cmocka_unit_test(test_destroy_from_callback),
        cmocka_unit_test(test_subscribe_report),
        cmocka_unit_test(test_many_in_order),
        cmocka_unit_test(test_invalid),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
