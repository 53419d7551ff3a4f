/*
 * test_api_hostfunc.c: host functions and callbacks (issue 10, group 4): aclrtLaunchHostFunc in
 * stream order, threads subscribed to process a stream's host functions (next to a thread for
 * its aclrtLaunchCallback reports, as CANN's 0_simple_callback sample does), and the callbacks
 * aclInit / aclFinalize run.
 */
#include "test_util.h"

#include <unistd.h>

/* ---- aclInit / aclFinalize callbacks (each test brings the runtime up and down itself) ---- */

typedef struct init_log {
    int calls[4];
    int order[4];
    int seq;
    char text[64];
    size_t len;
    aclError answer;
} init_log;

static init_log g_log;

static aclError init_a(const char *cfg, size_t len, void *user)
{
    g_log.calls[0]++;
    g_log.order[0] = g_log.seq++;
    snprintf(g_log.text, sizeof g_log.text, "%s", cfg);
    g_log.len = len;
    assert_ptr_equal(user, &g_log);
    return ACL_SUCCESS;
}

static aclError init_b(const char *cfg, size_t len, void *user)
{
    (void)cfg, (void)len, (void)user;
    g_log.calls[1]++;
    g_log.order[1] = g_log.seq++;
    return g_log.answer;
}

static aclError init_c(const char *cfg, size_t len, void *user)
{
    (void)cfg, (void)len, (void)user;
    g_log.calls[2]++;
    g_log.order[2] = g_log.seq++;
    return ACL_SUCCESS;
}

static aclError fini_a(void *user)
{
    assert_ptr_equal(user, &g_log);
    g_log.calls[3]++;
    return g_log.answer;
}

static void test_init_callbacks_run_in_init(void **state)
{
    (void)state;
    memset(&g_log, 0, sizeof g_log);
    char path[] = "/tmp/gecl_initcb_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *json = "{\"x\": 1}";
    assert_int_equal(write(fd, json, strlen(json)), (int)strlen(json));
    close(fd);

    /* Registered before aclInit (as libraries do from constructors); OTHER takes several. */
    GT_OK(aclInitCallbackRegister(ACL_REG_TYPE_OTHER, init_c, NULL));
    GT_OK(aclInitCallbackRegister(ACL_REG_TYPE_OTHER, init_b, NULL));
    GT_OK(aclInitCallbackRegister(ACL_REG_TYPE_ACL_MODEL, init_a, &g_log));
    GT_ERR(ACL_ERROR_INTERNAL_ERROR, aclInitCallbackRegister(ACL_REG_TYPE_ACL_MODEL, init_c, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclInitCallbackRegister(ACL_REG_TYPE_ACL_DVPP, NULL, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclInitCallbackRegister((aclRegisterCallbackType)42, init_c, NULL));
    GT_OK(aclFinalizeCallbackRegister(ACL_REG_TYPE_ACL_MODEL, fini_a, &g_log));

    GT_OK(aclInit(path));
    /* Each ran once, with the configuration's text, in type order then registration order. */
    GT_EQ(g_log.calls[0], 1);
    GT_EQ(g_log.calls[1], 1);
    GT_EQ(g_log.calls[2], 1);
    assert_string_equal(g_log.text, json);
    GT_EQ(g_log.len, strlen(json));
    GT_EQ(g_log.order[0], 0);
    GT_EQ(g_log.order[2], 1);
    GT_EQ(g_log.order[1], 2);
    GT_EQ(g_log.calls[3], 0);

    /* One registered while the runtime is up runs at once. */
    GT_OK(aclInitCallbackUnRegister(ACL_REG_TYPE_ACL_MODEL, init_a));
    GT_OK(aclInitCallbackRegister(ACL_REG_TYPE_ACL_MODEL, init_a, &g_log));
    GT_EQ(g_log.calls[0], 2);

    GT_OK(aclFinalize());
    GT_EQ(g_log.calls[3], 1); /* the finalize callback ran, once */

    /* Unregistered callbacks no longer run. */
    GT_OK(aclInitCallbackUnRegister(ACL_REG_TYPE_ACL_MODEL, init_a));
    GT_OK(aclInitCallbackUnRegister(ACL_REG_TYPE_OTHER, init_b));
    GT_OK(aclInitCallbackUnRegister(ACL_REG_TYPE_OTHER, init_c));
    GT_OK(aclFinalizeCallbackUnRegister(ACL_REG_TYPE_ACL_MODEL, fini_a));
    GT_ERR(ACL_ERROR_INTERNAL_ERROR, aclInitCallbackUnRegister(ACL_REG_TYPE_OTHER, init_c));
    GT_ERR(ACL_ERROR_INTERNAL_ERROR, aclFinalizeCallbackUnRegister(ACL_REG_TYPE_ACL_MODEL, fini_a));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclFinalizeCallbackUnRegister(ACL_REG_TYPE_ACL_MODEL, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclFinalizeCallbackRegister(ACL_REG_TYPE_ACL_MODEL, NULL, NULL));
    GT_OK(aclInit(NULL));
    GT_OK(aclFinalize());
    GT_EQ(g_log.calls[0], 2);
    GT_EQ(g_log.calls[1], 1);
    GT_EQ(g_log.calls[3], 1);
    unlink(path);
}

static void test_failing_callbacks(void **state)
{
    (void)state;
    memset(&g_log, 0, sizeof g_log);
    /* A failing init callback fails aclInit with its code; the runtime stays down. */
    g_log.answer = ACL_ERROR_INVALID_FILE;
    GT_OK(aclInitCallbackRegister(ACL_REG_TYPE_ACL_OP_EXECUTOR, init_b, NULL));
    GT_ERR(ACL_ERROR_INVALID_FILE, aclInit(NULL));
    GT_ERR(ACL_ERROR_UNINITIALIZE, aclrtSetDevice(0));
    GT_ERR(ACL_ERROR_REPEAT_FINALIZE, aclFinalize());
    g_log.answer = ACL_SUCCESS;
    GT_OK(aclInit(NULL)); /* a retry starts afresh */
    GT_EQ(g_log.calls[1], 2);

    /* A failing finalize callback: aclFinalize reports it, and the runtime is down anyway. */
    GT_OK(aclFinalizeCallbackRegister(ACL_REG_TYPE_OTHER, fini_a, &g_log));
    g_log.answer = ACL_ERROR_INTERNAL_ERROR;
    GT_ERR(ACL_ERROR_INTERNAL_ERROR, aclFinalize());
    GT_ERR(ACL_ERROR_REPEAT_FINALIZE, aclFinalize());
    GT_EQ(g_log.calls[3], 1); /* not again for a finalize that had nothing to finalize */
    GT_OK(aclFinalizeCallbackUnRegister(ACL_REG_TYPE_OTHER, fini_a));
    GT_OK(aclInitCallbackUnRegister(ACL_REG_TYPE_ACL_OP_EXECUTOR, init_b));
}

/* ---- host functions ---- */

typedef struct hf_record {
    atomic_int ran;
    int order;
    pthread_t thread;
    const unsigned char *check;
    size_t n;
    unsigned char expect;
    int saw;
    long sleep_ms;
} hf_record;

static atomic_int g_seq;

static void record_fn(void *arg)
{
    hf_record *r = arg;
    if (r->sleep_ms) gt_sleep_ms(r->sleep_ms);
    r->thread = pthread_self();
    r->order = atomic_fetch_add(&g_seq, 1);
    if (r->check) {
        r->saw = 1;
        for (size_t i = 0; i < r->n; i++) r->saw &= r->check[i] == r->expect;
    }
    atomic_store(&r->ran, 1);
}

static void test_host_func_in_stream_order(void **state)
{
    (void)state;
    enum { N = 1 << 20 };
    aclrtStream s = NULL;
    void *d = NULL;
    unsigned char *h = GT_MALLOC(N);
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&d, N, ACL_MEM_MALLOC_HUGE_FIRST));
    static hf_record r1, r2, r3;
    memset(&r1, 0, sizeof r1);
    memset(&r2, 0, sizeof r2);
    memset(&r3, 0, sizeof r3);
    r1.check = r2.check = h;
    r1.n = r2.n = N;
    r1.expect = 7;
    r2.expect = 9;
    atomic_store(&g_seq, 0);

    /* Each runs after the work before it, and before the work after it. */
    GT_OK(aclrtMemsetAsync(d, N, 7, N, s));
    GT_OK(aclrtMemcpyAsync(h, N, d, N, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtLaunchHostFunc(s, record_fn, &r1));
    GT_OK(aclrtMemsetAsync(d, N, 9, N, s));
    GT_OK(aclrtMemcpyAsync(h, N, d, N, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtLaunchHostFunc(s, record_fn, &r2));
    GT_OK(aclrtSynchronizeStream(s));
    GT_EQ(atomic_load(&r1.ran), 1);
    GT_EQ(atomic_load(&r2.ran), 1);
    GT_EQ(r1.order, 0);
    GT_EQ(r2.order, 1);
    GT_EQ(r1.saw, 1);
    GT_EQ(r2.saw, 1);

    /* A slow host function holds the stream: it is not complete until the function returns. */
    r3.sleep_ms = 100;
    GT_OK(aclrtLaunchHostFunc(s, record_fn, &r3));
    aclrtStreamStatus st = ACL_STREAM_STATUS_COMPLETE;
    GT_OK(aclrtStreamQuery(s, &st));
    GT_EQ(st, ACL_STREAM_STATUS_NOT_READY);
    GT_OK(aclrtSynchronizeStream(s));
    GT_EQ(atomic_load(&r3.ran), 1);

    /* The default stream takes them too. */
    static hf_record r4;
    memset(&r4, 0, sizeof r4);
    GT_OK(aclrtLaunchHostFunc(NULL, record_fn, &r4));
    GT_OK(aclrtSynchronizeStream(NULL));
    GT_EQ(atomic_load(&r4.ran), 1);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchHostFunc(s, NULL, NULL));
    GT_OK(aclrtFree(d));
    free(h);
    GT_OK(aclrtDestroyStream(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchHostFunc(s, record_fn, &r4));
}

/* A thread that processes host functions (or reports) until told to stop. */
typedef struct processor {
    int hostfunc; /* 1: aclrtProcessHostFunc, 0: aclrtProcessReport */
    atomic_int stop;
    atomic_int processed;
    pthread_t thread;
    aclrtContext ctx;
} processor;

static void *process_loop(void *arg)
{
    processor *p = arg;
    aclrtSetCurrentContext(p->ctx);
    while (!atomic_load(&p->stop)) {
        aclError rc = p->hostfunc ? aclrtProcessHostFunc(20) : aclrtProcessReport(20);
        if (rc == ACL_SUCCESS) atomic_fetch_add(&p->processed, 1);
    }
    return NULL;
}

static void cb_fn(void *arg) { record_fn(arg); }

/* The processing thread counts a call only after aclrtProcessHostFunc returns, which may be after
 * the stream it served is already synchronized: give the count a bounded time to arrive. */
static int settled_count(atomic_int *count, int expect)
{
    for (int i = 0; i < 500 && atomic_load(count) < expect; i++) gt_sleep_ms(10);
    return atomic_load(count);
}

static void test_subscribed_threads(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    processor hf = {.hostfunc = 1}, rep = {.hostfunc = 0};
    GT_OK(aclrtGetCurrentContext(&hf.ctx));
    rep.ctx = hf.ctx;
    assert_int_equal(pthread_create(&hf.thread, NULL, process_loop, &hf), 0);
    assert_int_equal(pthread_create(&rep.thread, NULL, process_loop, &rep), 0);
    GT_OK(aclrtSubscribeHostFunc((uint64_t)hf.thread, s));
    GT_OK(aclrtSubscribeReport((uint64_t)rep.thread, s));
    GT_ERR(ACL_ERROR_REPEAT_SUBSCRIBE, aclrtSubscribeHostFunc((uint64_t)rep.thread, s));

    /* Host functions go to the host-function thread, callbacks to the report thread. */
    static hf_record a, b, c;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&c, 0, sizeof c);
    atomic_store(&g_seq, 0);
    GT_OK(aclrtLaunchHostFunc(s, record_fn, &a));
    GT_OK(aclrtLaunchCallback(cb_fn, &b, ACL_CALLBACK_BLOCK, s));
    GT_OK(aclrtLaunchHostFunc(s, record_fn, &c));
    GT_OK(aclrtSynchronizeStream(s));
    assert_true(pthread_equal(a.thread, hf.thread));
    assert_true(pthread_equal(b.thread, rep.thread));
    assert_true(pthread_equal(c.thread, hf.thread));
    GT_EQ(a.order, 0); /* still in stream order across the two threads */
    GT_EQ(b.order, 1);
    GT_EQ(c.order, 2);
    GT_EQ(settled_count(&hf.processed, 2), 2);
    GT_EQ(settled_count(&rep.processed, 1), 1);

    /* Unsubscribed: the stream runs its host functions itself again. */
    GT_ERR(ACL_ERROR_STREAM_NOT_SUBSCRIBE, aclrtUnSubscribeHostFunc((uint64_t)rep.thread, s));
    GT_OK(aclrtUnSubscribeHostFunc((uint64_t)hf.thread, s));
    GT_OK(aclrtUnSubscribeReport((uint64_t)rep.thread, s));
    GT_ERR(ACL_ERROR_STREAM_NOT_SUBSCRIBE, aclrtUnSubscribeHostFunc((uint64_t)hf.thread, s));
    memset(&a, 0, sizeof a);
    GT_OK(aclrtLaunchHostFunc(s, record_fn, &a));
    GT_OK(aclrtSynchronizeStream(s));
    GT_EQ(atomic_load(&a.ran), 1);
    assert_false(pthread_equal(a.thread, hf.thread));
    assert_false(pthread_equal(a.thread, pthread_self()));
    GT_EQ(atomic_load(&hf.processed), 2);

    atomic_store(&hf.stop, 1);
    atomic_store(&rep.stop, 1);
    pthread_join(hf.thread, NULL);
    pthread_join(rep.thread, NULL);
    GT_OK(aclrtDestroyStream(s));
}

static void test_process_host_func_errors(void **state)
{
    (void)state;
    /* This thread subscribed nothing. */
    GT_ERR(ACL_ERROR_THREAD_NOT_SUBSCRIBE, aclrtProcessHostFunc(10));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtProcessHostFunc(0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtProcessHostFunc(-2));
    /* Subscribed, but nothing arrives in time. */
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtSubscribeHostFunc((uint64_t)pthread_self(), s));
    GT_ERR(ACL_ERROR_WAIT_CALLBACK_TIMEOUT, aclrtProcessHostFunc(10));
    /* A report subscription is another kind: it does not make this thread a host-function one. */
    GT_OK(aclrtUnSubscribeHostFunc((uint64_t)pthread_self(), s));
    GT_OK(aclrtSubscribeReport((uint64_t)pthread_self(), s));
    GT_ERR(ACL_ERROR_THREAD_NOT_SUBSCRIBE, aclrtProcessHostFunc(10));
    GT_OK(aclrtUnSubscribeReport((uint64_t)pthread_self(), s));
    GT_OK(aclrtDestroyStream(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSubscribeHostFunc((uint64_t)pthread_self(), s));
}

int main(void)
{
    const struct CMUnitTest lifecycle[] = {
        cmocka_unit_test(test_init_callbacks_run_in_init),
        cmocka_unit_test(test_failing_callbacks),
    };
    const struct CMUnitTest hostfunc[] = {
        cmocka_unit_test(test_host_func_in_stream_order),
        cmocka_unit_test(test_subscribed_threads),
        cmocka_unit_test(test_process_host_func_errors),
    };
    gt_apply_filter();
    int failed = cmocka_run_group_tests_name("init and finalize callbacks", lifecycle, NULL, NULL);
    failed += cmocka_run_group_tests_name("host functions", hostfunc, gt_group_setup, gt_group_teardown);
    return failed;
}
