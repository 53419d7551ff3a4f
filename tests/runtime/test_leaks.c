/*
 * test_leaks.c: gecl_rt_live_counts: exact counts while objects live, zeros once everything is
 * destroyed, streams released with their context or device, and a clean slate after aclFinalize
 * with objects still alive.
 */
#include "test_util.h"

static void get_counts(gecl_rt_counts *c)
{
    memset(c, 0xff, sizeof *c);
    GT_OK(gecl_rt_live_counts(c));
}

static void expect_zero(const char *when)
{
    gecl_rt_counts c;
    get_counts(&c);
    if (!gt_counts_zero(&c)) gt_print_counts(when, &c);
    assert_true(gt_counts_zero(&c));
}

static void noop_callback(void *data) { (void)data; }

static void test_starts_at_zero(void **state)
{
    (void)state;
    /* aclrtSetDevice's default context and stream are not counted. */
    expect_zero("after aclInit + aclrtSetDevice");
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_live_counts(NULL));
}

static void test_create_destroy_everything(void **state)
{
    (void)state;
    aclrtContext primary = NULL, ctx[2] = {NULL, NULL};
    aclrtStream s[5] = {NULL};
    aclrtEvent e[4] = {NULL};
    void *d[5] = {NULL}, *h[2] = {NULL};
    const size_t sizes[5] = {1, 100, 4096, 65537, 1 << 20};
    size_t total = 0;
    GT_OK(aclrtGetCurrentContext(&primary));
    for (int i = 0; i < 3; i++) GT_OK(aclrtCreateStream(&s[i]));
    for (int i = 0; i < 4; i++) GT_OK(aclrtCreateEvent(&e[i]));
    for (int i = 0; i < 5; i++) {
        GT_OK(aclrtMalloc(&d[i], sizes[i], ACL_MEM_MALLOC_HUGE_FIRST));
        total += sizes[i];
    }
    for (int i = 0; i < 2; i++) GT_OK(aclrtMallocHost(&h[i], 4096));
    for (int i = 0; i < 2; i++) {
        GT_OK(aclrtCreateContext(&ctx[i], 0));
        GT_OK(aclrtCreateStream(&s[3 + i]));
    }
    GT_OK(aclrtSetCurrentContext(primary));
    /* Some work and callbacks on them. */
    for (int i = 0; i < 5; i++) {
        GT_OK(aclrtMemsetAsync(d[4], sizes[4], i, sizes[4], s[i]));
        GT_OK(aclrtLaunchCallback(noop_callback, NULL, ACL_CALLBACK_BLOCK, s[i]));
        GT_OK(aclrtRecordEvent(e[i % 4], s[i]));
    }

    gecl_rt_counts c;
    get_counts(&c);
    GT_EQ(c.streams, 5);
    GT_EQ(c.events, 4);
    GT_EQ(c.contexts, 2);
    GT_EQ(c.allocations, 5);
    GT_EQ(c.host_allocations, 2);
    assert_true(c.device_bytes >= total);

    GT_OK(aclrtDestroyStream(s[1]));
    GT_OK(aclrtFree(d[2]));
    GT_OK(aclrtDestroyEvent(e[3]));
    GT_OK(aclrtFreeHost(h[0]));
    get_counts(&c);
    GT_EQ(c.streams, 4);
    GT_EQ(c.events, 3);
    GT_EQ(c.allocations, 4);
    GT_EQ(c.host_allocations, 1);

    GT_OK(aclrtDestroyStream(s[0]));
    GT_OK(aclrtDestroyStream(s[2]));
    GT_OK(aclrtDestroyStream(s[3]));
    GT_OK(aclrtDestroyContext(ctx[0]));
    GT_OK(aclrtDestroyContext(ctx[1])); /* takes s[4] with it */
    for (int i = 0; i < 3; i++) GT_OK(aclrtDestroyEvent(e[i]));
    for (int i = 0; i < 5; i++)
        if (i != 2) GT_OK(aclrtFree(d[i]));
    GT_OK(aclrtFreeHost(h[1]));
    expect_zero("after destroying everything");
}

static void test_reset_device_releases_streams(void **state)
{
    (void)state;
    aclrtStream s[3];
    GT_OK(aclrtSetDevice(0)); /* second reference */
    for (int i = 0; i < 3; i++) GT_OK(aclrtCreateStream(&s[i]));
    GT_OK(aclrtResetDevice(0));
    gecl_rt_counts c;
    get_counts(&c);
    GT_EQ(c.streams, 3);
    GT_OK(aclrtResetDevice(0)); /* zero: the streams of the default context go */
    expect_zero("after the last aclrtResetDevice");
    GT_OK(aclrtSetDevice(0));
    expect_zero("after aclrtSetDevice again");
}

static void make_garbage(void)
{
    aclrtStream s = NULL;
    aclrtEvent e = NULL;
    aclrtContext primary = NULL, c = NULL;
    void *d = NULL, *h = NULL;
    cl_program prog = NULL;
    GT_OK(aclrtGetCurrentContext(&primary));
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtCreateEvent(&e));
    GT_OK(aclrtMalloc(&d, 8 << 20, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMallocHost(&h, 8 << 20));
    GT_OK(aclrtCreateContext(&c, 0));
    aclrtStream s2 = NULL;
    GT_OK(aclrtCreateStream(&s2));
    GT_OK(aclrtSetCurrentContext(primary));
    GT_OK(gecl_rt_program(0, "__kernel void k(__global int *x) { x[0] = 1; }", "", &prog));
    /* Work still pending when aclFinalize runs. */
    GT_OK(aclrtMemsetAsync(d, 8 << 20, 1, 8 << 20, s));
    GT_OK(aclrtMemcpyAsync(h, 8 << 20, d, 8 << 20, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtLaunchCallback(noop_callback, NULL, ACL_CALLBACK_NO_BLOCK, s));
    GT_OK(aclrtRecordEvent(e, s));
    GT_OK(aclrtMemsetAsync(d, 8 << 20, 2, 8 << 20, s2));
}

static void test_finalize_with_live_objects(void **state)
{
    (void)state;
    make_garbage();
    gecl_rt_counts c;
    get_counts(&c);
    assert_false(gt_counts_zero(&c));
    GT_OK(aclFinalize());
    GT_OK(aclInit(NULL));
    expect_zero("after aclFinalize with live objects, then aclInit");
    GT_OK(aclrtSetDevice(0));
    expect_zero("... and aclrtSetDevice");
    /* The new runtime works. */
    void *d = NULL;
    unsigned char host[64];
    GT_OK(aclrtMalloc(&d, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemset(d, sizeof host, 0x21, sizeof host));
    GT_OK(aclrtMemcpy(host, sizeof host, d, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(host, 0x21, sizeof host);
    GT_OK(aclrtFree(d));
}

static void test_init_finalize_cycles(void **state)
{
    (void)state;
    GT_OK(aclrtResetDevice(0));
    GT_OK(aclFinalize());
    for (int cycle = 0; cycle < 5; cycle++) {
        GT_OK(aclInit(NULL));
        expect_zero("start of a cycle");
        GT_OK(aclrtSetDevice(0));
        make_garbage();
        if (cycle % 2) GT_OK(aclrtResetDevice(0));
        GT_OK(aclFinalize());
    }
    /* Back to the group's state. */
    GT_OK(aclInit(NULL));
    GT_OK(aclrtSetDevice(0));
    expect_zero("after the cycles");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_starts_at_zero),
        cmocka_unit_test(test_create_destroy_everything),
        cmocka_unit_test(test_reset_device_releases_streams),
        cmocka_unit_test(test_finalize_with_live_objects),
        cmocka_unit_test(test_init_finalize_cycles),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
