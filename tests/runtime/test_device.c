/*
 * test_device.c: device count, aclrtSetDevice / GetDevice / ResetDevice (reference counted),
 * invalid ids, threads without a current context, aclrtSynchronizeDevice, aclrtGetMemInfo.
 */
#include "test_util.h"

static void test_device_count(void **state)
{
    (void)state;
    uint32_t n = 0;
    GT_OK(aclrtGetDeviceCount(&n));
    print_message("device count: %u\n", n);
    assert_true(n >= 1);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetDeviceCount(NULL));
}

static void test_set_get_reset(void **state)
{
    (void)state;
    uint32_t n = 0;
    GT_OK(aclrtGetDeviceCount(&n));
    int32_t dev = -1;
    GT_OK(aclrtGetDevice(&dev));
    GT_EQ(dev, 0);
    for (uint32_t d = 0; d < n; d++) {
        GT_OK(aclrtSetDevice((int32_t)d));
        dev = -1;
        GT_OK(aclrtGetDevice(&dev));
        GT_EQ(dev, (int32_t)d);
        aclrtContext ctx = NULL;
        GT_OK(aclrtGetCurrentContext(&ctx));
        assert_non_null(ctx);
        GT_OK(aclrtResetDevice((int32_t)d));
    }
    /* Back to device 0, whose reference from the group setup is still held. */
    GT_OK(aclrtSetDevice(0));
    GT_OK(aclrtGetDevice(&dev));
    GT_EQ(dev, 0);
    GT_OK(aclrtResetDevice(0));
    GT_OK(aclrtGetDevice(&dev));
    GT_EQ(dev, 0);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetDevice(NULL));
}

static void test_set_device_twice_same_context(void **state)
{
    (void)state;
    aclrtContext a = NULL, b = NULL;
    GT_OK(aclrtGetCurrentContext(&a));
    GT_OK(aclrtSetDevice(0));
    GT_OK(aclrtGetCurrentContext(&b));
    /* The default context of a device is one per device, not one per call. */
    assert_ptr_equal(a, b);
    GT_OK(aclrtResetDevice(0));
}

static void test_invalid_ids(void **state)
{
    (void)state;
    uint32_t n = 0;
    GT_OK(aclrtGetDeviceCount(&n));
    const int32_t bad[] = {-1, (int32_t)n, (int32_t)n + 1, 1 << 20, INT32_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        print_message("device id %d\n", bad[i]);
        GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtSetDevice(bad[i]));
        GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtResetDevice(bad[i]));
        GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtResetDeviceForce(bad[i]));
        aclrtContext ctx = NULL;
        GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtCreateContext(&ctx, bad[i]));
        cl_platform_id p;
        cl_device_id d;
        cl_context c;
        GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, gecl_rt_device_cl(bad[i], &p, &d, &c));
    }
    int64_t v = 0;
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtGetDeviceInfo(n, ACL_DEV_ATTR_TOTAL_GLOBAL_MEM_SIZE, &v));
    /* The failed calls changed nothing: device 0 is still current. */
    int32_t dev = -1;
    GT_OK(aclrtGetDevice(&dev));
    GT_EQ(dev, 0);
}

typedef struct fresh_thread {
    aclError get_device, create_stream, create_event, malloc_rc, sync_default, memset_default,
        get_context;
    int32_t dev;
} fresh_thread;

static void *fresh_thread_main(void *arg)
{
    fresh_thread *t = arg;
    t->dev = 12345;
    t->get_device = aclrtGetDevice(&t->dev);
    aclrtStream s = NULL;
    t->create_stream = aclrtCreateStream(&s);
    if (t->create_stream == ACL_SUCCESS) aclrtDestroyStream(s);
    aclrtEvent e = NULL;
    t->create_event = aclrtCreateEvent(&e);
    if (t->create_event == ACL_SUCCESS) aclrtDestroyEvent(e);
    void *p = NULL;
    t->malloc_rc = aclrtMalloc(&p, 64, ACL_MEM_MALLOC_HUGE_FIRST);
    if (t->malloc_rc == ACL_SUCCESS) aclrtFree(p);
    t->sync_default = aclrtSynchronizeStream(NULL);
    aclrtContext c = NULL;
    t->get_context = aclrtGetCurrentContext(&c);
    return NULL;
}

static void test_no_current_context_on_fresh_thread(void **state)
{
    (void)state;
    fresh_thread t;
    memset(&t, 0, sizeof t);
    pthread_t th;
    GT_EQ(pthread_create(&th, NULL, fresh_thread_main, &t), 0);
    GT_EQ(pthread_join(th, NULL), 0);
    /* aclrtGetDevice and every call needing a current context: ACL_ERROR_RT_CONTEXT_NULL. */
    GT_ERR(ACL_ERROR_RT_CONTEXT_NULL, t.get_device);
    GT_ERR(ACL_ERROR_RT_CONTEXT_NULL, t.create_stream);
    GT_ERR(ACL_ERROR_RT_CONTEXT_NULL, t.create_event);
    GT_ERR(ACL_ERROR_RT_CONTEXT_NULL, t.malloc_rc);
    GT_ERR(ACL_ERROR_RT_CONTEXT_NULL, t.sync_default);
    GT_ERR(ACL_ERROR_RT_CONTEXT_NULL, t.get_context);
    /* This thread is unaffected. */
    int32_t dev = -1;
    GT_OK(aclrtGetDevice(&dev));
    GT_EQ(dev, 0);
}

static void slow_callback(void *data)
{
    (void)data;
    gt_sleep_ms(200);
}

static void test_reset_device_synchronises(void **state)
{
    (void)state;
    /* static: if the reset does not wait, the copy must not land in a dead stack frame */
    static unsigned char host[4096];
    aclrtStream s = NULL;
    void *p = NULL;
    GT_OK(aclrtSetDevice(0)); /* a second reference: the reset below does not destroy anything */
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&p, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST));
    memset(host, 0, sizeof host);
    /* A slow callback first, so that a reset which does not wait is caught every time. */
    GT_OK(aclrtLaunchCallback(slow_callback, NULL, ACL_CALLBACK_BLOCK, s));
    GT_OK(aclrtMemsetAsync(p, sizeof host, 0x5a, sizeof host, s));
    GT_OK(aclrtMemcpyAsync(host, sizeof host, p, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtResetDevice(0)); /* synchronises the device, then drops one reference */
    GT_FILLED(host, 0x5a, sizeof host);
    GT_OK(aclrtDestroyStream(s));
    GT_OK(aclrtFree(p));
}

static void test_reset_device_refcount(void **state)
{
    (void)state;
    static unsigned char host[4096];
    /* The group setup holds one reference; take a second one. */
    GT_OK(aclrtSetDevice(0));
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    void *p = NULL;
    GT_OK(aclrtMalloc(&p, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetAsync(p, sizeof host, 0x5a, sizeof host, s));

    GT_OK(aclrtResetDevice(0)); /* one reference left: the stream lives on */
    GT_OK(aclrtSynchronizeStream(s));

    GT_OK(aclrtResetDevice(0)); /* zero: the default context and its streams are destroyed */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeStream(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStream(s));

    /* Device memory outlives the reset. */
    GT_OK(aclrtSetDevice(0));
    memset(host, 0, sizeof host);
    GT_OK(aclrtMemcpy(host, sizeof host, p, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(host, 0x5a, sizeof host);
    GT_OK(aclrtFree(p));
    gecl_rt_counts c;
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.streams, 0);
}

static void test_synchronize_device(void **state)
{
    (void)state;
    enum { N = 4, SIZE = 8 << 20 };
    aclrtStream s[N];
    void *dev[N];
    unsigned char *host[N];
    for (int i = 0; i < N; i++) {
        GT_OK(aclrtCreateStream(&s[i]));
        GT_OK(aclrtMalloc(&dev[i], SIZE, ACL_MEM_MALLOC_HUGE_FIRST));
        host[i] = GT_MALLOC(SIZE);
        memset(host[i], 0, SIZE);
        if (i == 0) GT_OK(aclrtLaunchCallback(slow_callback, NULL, ACL_CALLBACK_BLOCK, s[i]));
        GT_OK(aclrtMemsetAsync(dev[i], SIZE, 0x10 + i, SIZE, s[i]));
        GT_OK(aclrtMemcpyAsync(host[i], SIZE, dev[i], SIZE, ACL_MEMCPY_DEVICE_TO_HOST, s[i]));
    }
    /* Work on the default stream too, on memory of its own: streams are not ordered with each
     * other, so sharing dev[0] with s[0] would make the result depend on timing. */
    void *extra;
    unsigned char extra_host[16];
    GT_OK(aclrtMalloc(&extra, sizeof extra_host, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetAsync(extra, sizeof extra_host, 0x33, sizeof extra_host, NULL));
    GT_OK(aclrtMemcpyAsync(extra_host, sizeof extra_host, extra, sizeof extra_host, ACL_MEMCPY_DEVICE_TO_HOST, NULL));
    GT_OK(aclrtSynchronizeDevice());
    /* (aclrtStreamQuery after this is checked in test_stream.) */
    for (int i = 0; i < N; i++) GT_FILLED(host[i], 0x10 + i, SIZE);
    GT_FILLED(extra_host, 0x33, sizeof extra_host);
    GT_OK(aclrtFree(extra));
    for (int i = 0; i < N; i++) {
        GT_OK(aclrtDestroyStream(s[i]));
        GT_OK(aclrtFree(dev[i]));
        free(host[i]);
    }
    GT_OK(aclrtSynchronizeDevice());
}

static void test_mem_info(void **state)
{
    (void)state;
    size_t fr0 = 0, tot0 = 0;
    GT_OK(aclrtGetMemInfo(ACL_HBM_MEM, &fr0, &tot0));
    print_message("mem info: free %zu total %zu\n", fr0, tot0);
    assert_true(tot0 > 0);
    assert_true(fr0 <= tot0);

    gecl_device_desc desc;
    GT_OK(gecl_rt_describe_device(0, &desc));
    /* total is the device's global memory */
    GT_EQ(tot0, desc.global_mem);

    const size_t size = 64u << 20;
    void *p = NULL;
    GT_OK(aclrtMalloc(&p, size, ACL_MEM_MALLOC_HUGE_FIRST));
    size_t fr1 = 0, tot1 = 0;
    GT_OK(aclrtGetMemInfo(ACL_HBM_MEM, &fr1, &tot1));
    print_message("after a %zu-byte malloc: free %zu total %zu\n", size, fr1, tot1);
    GT_EQ(tot1, tot0);
    assert_true(fr1 <= fr0 - size);
    GT_OK(aclrtFree(p));
    size_t fr2 = 0, tot2 = 0;
    GT_OK(aclrtGetMemInfo(ACL_HBM_MEM, &fr2, &tot2));
    GT_EQ(fr2, fr0);
    GT_EQ(tot2, tot0);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetMemInfo(ACL_HBM_MEM, NULL, &tot0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetMemInfo(ACL_HBM_MEM, &fr0, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetMemInfo(ACL_HBM_MEM, NULL, NULL));
}

static void test_null_outputs(void **state)
{
    (void)state;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetRunMode(NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetDeviceInfo(0, ACL_DEV_ATTR_TOTAL_GLOBAL_MEM_SIZE, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetCurrentContext(NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_describe_device(0, NULL));
    aclrtRunMode mode = ACL_DEVICE;
    GT_OK(aclrtGetRunMode(&mode));
    /* The program runs on the host and drives the device. */
    GT_EQ(mode, ACL_HOST);
}

static void test_device_cl_objects(void **state)
{
    (void)state;
    cl_platform_id p = NULL;
    cl_device_id d = NULL;
    cl_context c = NULL;
    GT_OK(gecl_rt_device_cl(0, &p, &d, &c));
    assert_non_null(p);
    assert_non_null(d);
    assert_non_null(c);
    cl_ulong mem = 0;
    GT_EQ(clGetDeviceInfo(d, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof mem, &mem, NULL), CL_SUCCESS);
    size_t fr = 0, tot = 0;
    GT_OK(aclrtGetMemInfo(ACL_HBM_MEM, &fr, &tot));
    GT_EQ(tot, mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_device_count),
        cmocka_unit_test(test_set_get_reset),
        cmocka_unit_test(test_set_device_twice_same_context),
        cmocka_unit_test(test_invalid_ids),
        cmocka_unit_test(test_no_current_context_on_fresh_thread),
        cmocka_unit_test(test_reset_device_synchronises),
        cmocka_unit_test(test_reset_device_refcount),
        cmocka_unit_test(test_synchronize_device),
        cmocka_unit_test(test_mem_info),
        cmocka_unit_test(test_null_outputs),
        cmocka_unit_test(test_device_cl_objects),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
