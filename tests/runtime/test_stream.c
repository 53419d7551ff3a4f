/*
 * test_stream.c: stream create / destroy / synchronize / query, the NULL default stream,
 * ordering within a stream, rejected handles.
 */
#include "test_util.h"

#define BIG (32u << 20)

static void noop_callback(void *data) { (void)data; }

static void test_create_destroy(void **state)
{
    (void)state;
    aclrtStream s = NULL, t = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtCreateStream(&t));
    assert_non_null(s);
    assert_non_null(t);
    assert_ptr_not_equal(s, t);
    gecl_rt_counts c;
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.streams, 2);
    GT_OK(aclrtDestroyStream(s));
    GT_OK(aclrtDestroyStream(t));
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.streams, 0);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCreateStream(NULL));
}

static void test_create_with_config(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStreamWithConfig(&s, 0, 0));
    GT_OK(aclrtSynchronizeStream(s));
    GT_OK(aclrtDestroyStream(s));
    GT_OK(aclrtCreateStreamWithConfig(&s, 0, ACL_STREAM_FAST_LAUNCH | ACL_STREAM_FAST_SYNC));
    void *p = NULL;
    static unsigned char host[256];
    GT_OK(aclrtMalloc(&p, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetAsync(p, sizeof host, 0x42, sizeof host, s));
    GT_OK(aclrtMemcpyAsync(host, sizeof host, p, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtSynchronizeStream(s));
    GT_FILLED(host, 0x42, sizeof host);
    GT_OK(aclrtFree(p));
    GT_OK(aclrtDestroyStream(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCreateStreamWithConfig(NULL, 0, 0));
}

static void test_sync_and_query(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    void *p = NULL;
    GT_OK(aclrtCreateStream(&s));
    aclrtStreamStatus st = ACL_STREAM_STATUS_RESERVED;
    /* An idle stream is complete. */
    GT_OK(aclrtStreamQuery(s, &st));
    GT_EQ(st, ACL_STREAM_STATUS_COMPLETE);

    GT_OK(aclrtMalloc(&p, BIG, ACL_MEM_MALLOC_HUGE_FIRST));
    for (int i = 0; i < 4; i++) GT_OK(aclrtMemsetAsync(p, BIG, i, BIG, s));
    st = ACL_STREAM_STATUS_RESERVED;
    GT_OK(aclrtStreamQuery(s, &st));
    assert_true(st == ACL_STREAM_STATUS_COMPLETE || st == ACL_STREAM_STATUS_NOT_READY);
    GT_OK(aclrtSynchronizeStream(s));
    st = ACL_STREAM_STATUS_RESERVED;
    GT_OK(aclrtStreamQuery(s, &st));
    GT_EQ(st, ACL_STREAM_STATUS_COMPLETE);

    /* Query polls until complete without a synchronize. */
    for (int i = 0; i < 4; i++) GT_OK(aclrtMemsetAsync(p, BIG, i, BIG, s));
    GT_OK(gt_poll_until_complete(s, 60000, &st));
    GT_EQ(st, ACL_STREAM_STATUS_COMPLETE);
    unsigned char host[64];
    GT_OK(aclrtMemcpy(host, sizeof host, (char *)p + BIG - sizeof host, sizeof host,
                      ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(host, 3, sizeof host);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamQuery(s, NULL));
    GT_OK(aclrtFree(p));
    GT_OK(aclrtDestroyStream(s));
}

static void test_default_stream(void **state)
{
    (void)state;
    void *p = NULL;
    static unsigned char host[4096];
    memset(host, 0, sizeof host);
    GT_OK(aclrtMalloc(&p, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetAsync(p, sizeof host, 0xc3, sizeof host, NULL));
    GT_OK(aclrtMemcpyAsync(host, sizeof host, p, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST, NULL));
    GT_OK(aclrtSynchronizeStream(NULL));
    GT_FILLED(host, 0xc3, sizeof host);
    aclrtStreamStatus st = ACL_STREAM_STATUS_RESERVED;
    GT_OK(aclrtStreamQuery(NULL, &st));
    GT_EQ(st, ACL_STREAM_STATUS_COMPLETE);
    GT_OK(aclrtSynchronizeStreamWithTimeout(NULL, -1));
    GT_OK(aclrtFree(p));
}

static void test_destroy_null_invalid(void **state)
{
    (void)state;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStream(NULL));
    GT_MSG_HAS("aclrtDestroyStream");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStreamForce(NULL));
    /* The default stream still works. */
    GT_OK(aclrtSynchronizeStream(NULL));
}

static void check_rejected(aclrtStream bad)
{
    aclrtStreamStatus st;
    unsigned char h[16] = {0}, h2[16] = {0};
    void *p = NULL;
    aclrtEvent e = NULL;
    GT_OK(aclrtMalloc(&p, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtCreateEvent(&e));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeStream(bad));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeStreamWithTimeout(bad, 100));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamQuery(bad, &st));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetAsync(p, 64, 1, 64, bad));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyAsync(p, 64, h, sizeof h, ACL_MEMCPY_HOST_TO_DEVICE, bad));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyAsync(h2, sizeof h2, h, sizeof h, ACL_MEMCPY_HOST_TO_HOST, bad));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtRecordEvent(e, bad));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamWaitEvent(bad, e));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchCallback(noop_callback, NULL, ACL_CALLBACK_BLOCK, bad));
    cl_command_queue q = NULL;
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_stream_queue(bad, &q));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStream(bad));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStreamForce(bad));
    GT_OK(aclrtDestroyEvent(e));
    GT_OK(aclrtFree(p));
}

static void test_destroyed_handle(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtDestroyStream(s));
    check_rejected(s);
}

static void test_garbage_handles(void **state)
{
    (void)state;
    static char not_a_stream[256];
    check_rejected((aclrtStream)0x1234);
    check_rejected(not_a_stream);
    /* foreign handles: an event, a context */
    aclrtEvent e = NULL;
    aclrtContext c = NULL;
    GT_OK(aclrtCreateEvent(&e));
    GT_OK(aclrtGetCurrentContext(&c));
    check_rejected(e);
    check_rejected(c);
    GT_OK(aclrtDestroyEvent(e));
}

static void test_destroy_waits_for_work(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    void *p = NULL;
    unsigned char *host = GT_MALLOC(BIG);
    memset(host, 0, BIG);
    GT_OK(aclrtMalloc(&p, BIG, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMemsetAsync(p, BIG, 0x11, BIG, s));
    GT_OK(aclrtMemsetAsync(p, BIG, 0x22, BIG, s));
    GT_OK(aclrtMemcpyAsync(host, BIG, p, BIG, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtDestroyStream(s));
    /* No synchronize: the destroy waited. */
    GT_FILLED(host, 0x22, BIG);
    GT_OK(aclrtFree(p));
    free(host);

    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtDestroyStreamForce(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeStream(s));
}

static void test_in_order(void **state)
{
    (void)state;
    enum { N = 1 << 20 };
    aclrtStream s = NULL;
    void *p = NULL;
    unsigned char *src = GT_MALLOC(N), *out = GT_MALLOC(N), *want = GT_MALLOC(N);
    gt_fill_pattern(src, N, 7);
    memset(out, 0, N);
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&p, N, ACL_MEM_MALLOC_HUGE_FIRST));
    /* memset all, copy in the first half, memset a middle quarter, copy out. */
    GT_OK(aclrtMemsetAsync(p, N, 0x01, N, s));
    GT_OK(aclrtMemcpyAsync(p, N, src, N / 2, ACL_MEMCPY_HOST_TO_DEVICE, s));
    GT_OK(aclrtMemsetAsync((char *)p + N / 4, N - N / 4, 0xee, N / 2, s));
    GT_OK(aclrtMemcpyAsync(out, N, p, N, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtSynchronizeStream(s));
    memset(want, 0x01, N);
    memcpy(want, src, N / 2);
    memset(want + N / 4, 0xee, N / 2);
    GT_BYTES(out, want, N);
    GT_OK(aclrtFree(p));
    GT_OK(aclrtDestroyStream(s));
    free(src);
    free(out);
    free(want);
}

static void test_sync_with_timeout(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    void *p = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&p, 4096, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetAsync(p, 4096, 9, 4096, s));
    GT_OK(aclrtSynchronizeStreamWithTimeout(s, 60000));
    GT_OK(aclrtMemsetAsync(p, 4096, 9, 4096, s));
    GT_OK(aclrtSynchronizeStreamWithTimeout(s, -1));
    GT_OK(aclrtFree(p));
    GT_OK(aclrtDestroyStream(s));
}

static void test_many_streams(void **state)
{
    (void)state;
    enum { N = 64 };
    aclrtStream s[N];
    void *p = NULL;
    GT_OK(aclrtMalloc(&p, N * 64, ACL_MEM_MALLOC_HUGE_FIRST));
    for (int i = 0; i < N; i++) {
        GT_OK(aclrtCreateStream(&s[i]));
        GT_OK(aclrtMemsetAsync((char *)p + i * 64, 64, i, 64, s[i]));
    }
    for (int i = 0; i < N; i++) GT_OK(aclrtDestroyStream(s[i]));
    unsigned char host[N * 64];
    GT_OK(aclrtMemcpy(host, sizeof host, p, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST));
    for (int i = 0; i < N; i++) GT_FILLED(host + i * 64, i, 64);
    GT_OK(aclrtFree(p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_destroy),
        cmocka_unit_test(test_create_with_config),
        cmocka_unit_test(test_sync_and_query),
        cmocka_unit_test(test_default_stream),
        cmocka_unit_test(test_destroy_null_invalid),
        cmocka_unit_test(test_destroyed_handle),
        cmocka_unit_test(test_garbage_handles),
        cmocka_unit_test(test_destroy_waits_for_work),
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_sync_with_timeout),
        cmocka_unit_test(test_many_streams),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
