/*
 * test_api_devices.c: devices and contexts (issue 10, group 2): the thread's resources, the
 * current default stream as a handle, the stream priority range, peer access, utilization,
 * device limits.
 */
#include "test_util.h"

static void *no_context_thread(void *arg)
{
    aclError *rc = arg;
    uint32_t v = 0;
    size_t l = 0;
    aclrtStream s = NULL;
    rc[0] = aclrtGetResInCurrentThread(ACL_RT_DEV_RES_CUBE_CORE, &v);
    rc[1] = aclrtDeviceGetLimit(ACL_RT_DEV_LIMIT_SIMT_STACK_SIZE, &l);
    rc[2] = aclrtCtxGetCurrentDefaultStream(&s);
    rc[3] = aclrtDeviceSetLimit(ACL_RT_DEV_LIMIT_SIMT_STACK_SIZE, 1);
    return NULL;
}

/* Calls that act on "the current device" need one, as every such call does. */
static void test_need_current_context(void **state)
{
    (void)state;
    aclError rc[4] = {0, 0, 0, 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, no_context_thread, rc), 0);
    pthread_join(t, NULL);
    for (int i = 0; i < 4; i++) GT_EQ(rc[i], ACL_ERROR_RT_CONTEXT_NULL);
}

static void test_res_in_current_thread(void **state)
{
    (void)state;
    uint32_t cube = 0, vec = 0;
    int64_t cores = 0;
    GT_OK(aclrtGetResInCurrentThread(ACL_RT_DEV_RES_CUBE_CORE, &cube));
    GT_OK(aclrtGetResInCurrentThread(ACL_RT_DEV_RES_VECTOR_CORE, &vec));
    GT_OK(aclrtGetDeviceInfo(0, ACL_DEV_ATTR_AICORE_CORE_NUM, &cores));
    assert_true(cube > 0 && vec > 0);
    GT_EQ(cube, cores); /* no limit was set: the thread may use the whole device */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetResInCurrentThread(ACL_RT_DEV_RES_CUBE_CORE, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetResInCurrentThread((aclrtDevResLimitType)7, &cube));
}

static void test_current_default_stream(void **state)
{
    (void)state;
    aclrtStream s = NULL, again = NULL;
    GT_OK(aclrtCtxGetCurrentDefaultStream(&s));
    assert_non_null(s);
    GT_OK(aclrtCtxGetCurrentDefaultStream(&again));
    assert_ptr_equal(s, again); /* one default stream per context */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCtxGetCurrentDefaultStream(NULL));

    /* It is the stream NULL names: work queued on it comes before a synchronous copy. */
    enum { N = 1 << 16 };
    void *p = NULL;
    unsigned char *host = GT_MALLOC(N);
    GT_OK(aclrtMalloc(&p, N, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetAsync(p, N, 0x5a, N, s));
    GT_OK(aclrtMemcpy(host, N, p, N, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(host, 0x5a, N);
    GT_OK(aclrtSynchronizeStream(s));
    aclrtStreamStatus st = ACL_STREAM_STATUS_NOT_READY;
    GT_OK(aclrtStreamQuery(s, &st));
    GT_EQ(st, ACL_STREAM_STATUS_COMPLETE);

    /* It is not a created stream: it cannot be destroyed and is not counted as one. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStream(s));
    GT_OK(aclrtSynchronizeStream(s));
    gecl_rt_counts c;
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.streams, 0);
    GT_OK(aclrtFree(p));
    free(host);
}

static void test_default_stream_of_created_context(void **state)
{
    (void)state;
    aclrtContext prev = NULL, ctx = NULL;
    GT_OK(aclrtGetCurrentContext(&prev));
    aclrtStream s0 = NULL, s1 = NULL;
    GT_OK(aclrtCtxGetCurrentDefaultStream(&s0));
    GT_OK(aclrtCreateContext(&ctx, 0)); /* becomes current */
    GT_OK(aclrtCtxGetCurrentDefaultStream(&s1));
    assert_ptr_not_equal(s0, s1); /* each context has its own */
    GT_OK(aclrtSynchronizeStream(s1));
    GT_OK(aclrtDestroyContext(ctx));
    /* The handle went with its context. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeStream(s1));
    GT_OK(aclrtSetCurrentContext(prev));
    GT_OK(aclrtSynchronizeStream(s0));
}

static void test_priority_range(void **state)
{
    (void)state;
    int32_t least = -1, greatest = -1;
    GT_OK(aclrtDeviceGetStreamPriorityRange(&least, &greatest));
    /* CANN: priorities 0..7, a smaller number is a higher priority. */
    GT_EQ(greatest, 0);
    GT_EQ(least, 7);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceGetStreamPriorityRange(NULL, &greatest));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceGetStreamPriorityRange(&least, NULL));
}

static void test_peer_access(void **state)
{
    (void)state;
    uint32_t n = 0;
    GT_OK(aclrtGetDeviceCount(&n));
    int32_t can = -1, status = -1;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceCanAccessPeer(NULL, 0, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceCanAccessPeer(&can, 0, 0)); /* a device is not its own peer */
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtDeviceCanAccessPeer(&can, 0, (int32_t)n));
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtDeviceCanAccessPeer(&can, -1, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceEnablePeerAccess(0, 0)); /* the current device itself */
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtDeviceEnablePeerAccess((int32_t)n, 0));
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtDeviceDisablePeerAccess((int32_t)n));
    if (n < 2) {
        print_message("one device: peer access between two devices not exercised\n");
        return;
    }
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceEnablePeerAccess(1, 1)); /* flags are reserved: 0 */
    GT_OK(aclrtDeviceCanAccessPeer(&can, 0, 1));
    assert_true(can == 0 || can == 1);
    GT_OK(aclrtDevicePeerAccessStatus(0, 1, &status));
    GT_EQ(status, 0); /* nothing enabled yet */
    if (can) {
        GT_OK(aclrtDeviceEnablePeerAccess(1, 0));
        GT_OK(aclrtDevicePeerAccessStatus(0, 1, &status));
        GT_EQ(status, 1);
        GT_OK(aclrtDeviceDisablePeerAccess(1));
    } else {
        /* Enabling what cannot be done fails and leaves nothing enabled. */
        assert_int_not_equal(aclrtDeviceEnablePeerAccess(1, 0), ACL_SUCCESS);
        GT_OK(aclrtDevicePeerAccessStatus(0, 1, &status));
        GT_EQ(status, 0);
    }
    assert_int_not_equal(aclrtDeviceDisablePeerAccess(1), ACL_SUCCESS); /* not enabled (any more) */
}

static void test_utilization(void **state)
{
    (void)state;
    aclrtUtilizationInfo u;
    memset(&u, 0, sizeof u);
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtGetDeviceUtilizationRate(0, &u));
    GT_MSG_HAS("aclrtGetDeviceUtilizationRate");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetDeviceUtilizationRate(0, NULL));
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtGetDeviceUtilizationRate(1000, &u));
}

static void test_limits(void **state)
{
    (void)state;
    size_t v = 1;
    GT_OK(aclrtDeviceGetLimit(ACL_RT_DEV_LIMIT_SIMT_PRINTF_FIFO_SIZE, &v));
    GT_OK(aclrtDeviceSetLimit(ACL_RT_DEV_LIMIT_SIMT_STACK_SIZE, 16384));
    GT_OK(aclrtDeviceSetLimit(ACL_RT_DEV_LIMIT_SIMD_PRINTF_FIFO_SIZE_PER_CORE, 1 << 20));
    GT_OK(aclrtDeviceGetLimit(ACL_RT_DEV_LIMIT_SIMT_STACK_SIZE, &v));
    GT_EQ(v, 16384); /* a limit reads back as set */
    GT_OK(aclrtDeviceGetLimit(ACL_RT_DEV_LIMIT_SIMD_PRINTF_FIFO_SIZE_PER_CORE, &v));
    GT_EQ(v, 1 << 20);
    GT_OK(aclrtDeviceSetLimit(ACL_RT_DEV_LIMIT_SIMT_STACK_SIZE, 8192));
    GT_OK(aclrtDeviceGetLimit(ACL_RT_DEV_LIMIT_SIMT_STACK_SIZE, &v));
    GT_EQ(v, 8192); /* the last set wins */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceGetLimit(ACL_RT_DEV_LIMIT_SIMT_STACK_SIZE, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceGetLimit((aclrtDeviceLimit)5, &v));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceSetLimit((aclrtDeviceLimit)-1, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_need_current_context),
        cmocka_unit_test(test_res_in_current_thread),
        cmocka_unit_test(test_current_default_stream),
        cmocka_unit_test(test_default_stream_of_created_context),
        cmocka_unit_test(test_priority_range),
        cmocka_unit_test(test_peer_access),
        cmocka_unit_test(test_utilization),
        cmocka_unit_test(test_limits),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
