/*
 * test_context.c: aclrtCreateContext / DestroyContext / SetCurrentContext / GetCurrentContext,
 * the current context being per thread, and rejected handles.
 */
#include "test_util.h"

static aclrtContext g_primary; /* device 0's default context, current on the main thread */

static int setup(void **state)
{
    if (gt_group_setup(state) != 0) return -1;
    aclError rc = aclrtGetCurrentContext(&g_primary);
    if (rc != ACL_SUCCESS || !g_primary) {
        print_error("aclrtGetCurrentContext after aclrtSetDevice: %d (%s)\n", (int)rc, gt_errmsg());
        return -1;
    }
    return 0;
}

/* Per-test teardown: the main thread goes back to the default context. */
static int restore_primary(void **state)
{
    (void)state;
    aclError rc = aclrtSetCurrentContext(g_primary);
    if (rc != ACL_SUCCESS) print_error("restoring the default context: %d (%s)\n", (int)rc, gt_errmsg());
    return rc == ACL_SUCCESS ? 0 : -1;
}

static void test_create_destroy(void **state)
{
    (void)state;
    aclrtContext c = NULL, cur = NULL;
    GT_OK(aclrtCreateContext(&c, 0));
    assert_non_null(c);
    assert_ptr_not_equal(c, g_primary);
    /* A new context becomes current. */
    GT_OK(aclrtGetCurrentContext(&cur));
    assert_ptr_equal(cur, c);
    int32_t dev = -1;
    GT_OK(aclrtGetDevice(&dev));
    GT_EQ(dev, 0);

    /* Its default stream works. */
    static unsigned char src[256], dst[256];
    void *p = NULL;
    gt_fill_pattern(src, sizeof src, 1);
    GT_OK(aclrtMalloc(&p, sizeof src, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemcpyAsync(p, sizeof src, src, sizeof src, ACL_MEMCPY_HOST_TO_DEVICE, NULL));
    GT_OK(aclrtMemcpyAsync(dst, sizeof dst, p, sizeof dst, ACL_MEMCPY_DEVICE_TO_HOST, NULL));
    GT_OK(aclrtSynchronizeStream(NULL));
    GT_BYTES(dst, src, sizeof src);

    gecl_rt_counts counts;
    GT_OK(gecl_rt_live_counts(&counts));
    GT_EQ(counts.contexts, 1);

    GT_OK(aclrtSetCurrentContext(g_primary));
    GT_OK(aclrtGetCurrentContext(&cur));
    assert_ptr_equal(cur, g_primary);
    GT_OK(aclrtSetCurrentContext(c));
    GT_OK(aclrtGetCurrentContext(&cur));
    assert_ptr_equal(cur, c);
    GT_OK(aclrtSetCurrentContext(g_primary));
    GT_OK(aclrtDestroyContext(c));
    /* Memory is not tied to a context. */
    GT_OK(aclrtMemcpy(dst, sizeof dst, p, sizeof dst, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(dst, src, sizeof src);
    GT_OK(aclrtFree(p));
    GT_OK(gecl_rt_live_counts(&counts));
    GT_EQ(counts.contexts, 0);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCreateContext(NULL, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetCurrentContext(NULL));
}

static void test_destroy_takes_streams(void **state)
{
    (void)state;
    aclrtContext c = NULL;
    GT_OK(aclrtCreateContext(&c, 0));
    aclrtStream s1 = NULL, s2 = NULL;
    GT_OK(aclrtCreateStream(&s1));
    GT_OK(aclrtCreateStream(&s2));
    GT_OK(aclrtSynchronizeStream(s1));
    GT_OK(aclrtDestroyStream(s2));
    GT_OK(aclrtSetCurrentContext(g_primary));
    GT_OK(aclrtDestroyContext(c));
    /* The stream created in it died with it. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeStream(s1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStream(s1));
    gecl_rt_counts counts;
    GT_OK(gecl_rt_live_counts(&counts));
    GT_EQ(counts.streams, 0);
    GT_EQ(counts.contexts, 0);
}

/* Destroying the thread's current context leaves it with no current context. */
typedef struct destroy_current {
    aclError create, destroy, get_after, create_stream_after, get_device_after;
    aclrtContext got_before;
    aclrtContext created;
} destroy_current;

static void *destroy_current_main(void *arg)
{
    destroy_current *t = arg;
    t->create = aclrtCreateContext(&t->created, 0);
    if (t->create != ACL_SUCCESS) return NULL;
    aclrtGetCurrentContext(&t->got_before);
    t->destroy = aclrtDestroyContext(t->created);
    aclrtContext c = NULL;
    t->get_after = aclrtGetCurrentContext(&c);
    aclrtStream s = NULL;
    t->create_stream_after = aclrtCreateStream(&s);
    if (t->create_stream_after == ACL_SUCCESS) aclrtDestroyStream(s);
    int32_t dev;
    t->get_device_after = aclrtGetDevice(&dev);
    return NULL;
}

static void test_destroy_current_context(void **state)
{
    (void)state;
    destroy_current t;
    memset(&t, 0, sizeof t);
    pthread_t th;
    GT_EQ(pthread_create(&th, NULL, destroy_current_main, &t), 0);
    GT_EQ(pthread_join(th, NULL), 0);
    GT_OK(t.create);
    assert_ptr_equal(t.got_before, t.created);
    GT_OK(t.destroy);
    GT_ERR(ACL_ERROR_RT_CONTEXT_NULL, t.get_after);
    GT_ERR(ACL_ERROR_RT_CONTEXT_NULL, t.create_stream_after);
    GT_ERR(ACL_ERROR_RT_CONTEXT_NULL, t.get_device_after);
}

/* Context per thread: thread B does not see A's current context; it can adopt A's context. */
typedef struct per_thread {
    aclrtContext shared;
    aclError get_initial, set, get_after, get_device, copy;
    aclrtContext seen;
    int32_t dev;
    unsigned char data[64];
} per_thread;

static void *per_thread_main(void *arg)
{
    per_thread *t = arg;
    aclrtContext c = NULL;
    t->get_initial = aclrtGetCurrentContext(&c);
    t->set = aclrtSetCurrentContext(t->shared);
    t->get_after = aclrtGetCurrentContext(&t->seen);
    t->get_device = aclrtGetDevice(&t->dev);
    unsigned char src[64];
    memset(src, 0x77, sizeof src);
    t->copy = aclrtMemcpy(t->data, sizeof t->data, src, sizeof src, ACL_MEMCPY_HOST_TO_HOST);
    /* Switch this thread to a context of its own: must not touch the main thread. */
    aclrtContext own = NULL;
    if (aclrtCreateContext(&own, 0) == ACL_SUCCESS) aclrtDestroyContext(own);
    return NULL;
}

static void test_context_is_per_thread(void **state)
{
    (void)state;
    aclrtContext c = NULL, cur = NULL;
    GT_OK(aclrtCreateContext(&c, 0));
    per_thread t;
    memset(&t, 0, sizeof t);
    t.shared = c;
    pthread_t th;
    GT_EQ(pthread_create(&th, NULL, per_thread_main, &t), 0);
    GT_EQ(pthread_join(th, NULL), 0);
    GT_ERR(ACL_ERROR_RT_CONTEXT_NULL, t.get_initial);
    GT_OK(t.set);
    GT_OK(t.get_after);
    assert_ptr_equal(t.seen, c);
    GT_OK(t.get_device);
    GT_EQ(t.dev, 0);
    GT_OK(t.copy);
    GT_FILLED(t.data, 0x77, sizeof t.data);
    /* Still c here, despite the other thread's context changes. */
    GT_OK(aclrtGetCurrentContext(&cur));
    assert_ptr_equal(cur, c);
    GT_OK(aclrtSetCurrentContext(g_primary));
    GT_OK(aclrtDestroyContext(c));
}

static void test_rejected_handles(void **state)
{
    (void)state;
    aclrtContext c = NULL;
    GT_OK(aclrtCreateContext(&c, 0));
    GT_OK(aclrtSetCurrentContext(g_primary));
    GT_OK(aclrtDestroyContext(c));
    /* destroyed */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetCurrentContext(c));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyContext(c)); /* double destroy */
    /* garbage */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetCurrentContext((aclrtContext)0x1234));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyContext((aclrtContext)0x1234));
    static char not_a_context[256];
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetCurrentContext(not_a_context));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyContext(not_a_context));
    /* NULL */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetCurrentContext(NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyContext(NULL));
    /* foreign: a stream or event handle is not a context */
    aclrtStream s = NULL;
    aclrtEvent e = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtCreateEvent(&e));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetCurrentContext(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyContext(e));
    GT_OK(aclrtDestroyStream(s));
    GT_OK(aclrtDestroyEvent(e));
    /* None of that changed the current context. */
    aclrtContext cur = NULL;
    GT_OK(aclrtGetCurrentContext(&cur));
    assert_ptr_equal(cur, g_primary);
}

static void test_default_context_not_destroyable(void **state)
{
    (void)state;
    /* CANN: the default context of aclrtSetDevice is released by aclrtResetDevice only. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyContext(g_primary));
    aclrtContext cur = NULL;
    GT_OK(aclrtGetCurrentContext(&cur));
    assert_ptr_equal(cur, g_primary);
    GT_OK(aclrtSynchronizeStream(NULL));
}

static void test_many_contexts(void **state)
{
    (void)state;
    enum { N = 16 };
    aclrtContext c[N];
    aclrtStream s[N];
    for (int i = 0; i < N; i++) {
        GT_OK(aclrtCreateContext(&c[i], 0));
        GT_OK(aclrtCreateStream(&s[i]));
    }
    for (int i = 0; i < N; i++) {
        for (int j = i + 1; j < N; j++) assert_ptr_not_equal(c[i], c[j]);
    }
    gecl_rt_counts counts;
    GT_OK(gecl_rt_live_counts(&counts));
    GT_EQ(counts.contexts, N);
    GT_EQ(counts.streams, N);
    GT_OK(aclrtSetCurrentContext(g_primary));
    for (int i = 0; i < N; i += 2) GT_OK(aclrtDestroyStream(s[i]));
    for (int i = N - 1; i >= 0; i--) GT_OK(aclrtDestroyContext(c[i]));
    GT_OK(gecl_rt_live_counts(&counts));
    GT_EQ(counts.contexts, 0);
    GT_EQ(counts.streams, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_create_destroy, restore_primary),
        cmocka_unit_test_teardown(test_destroy_takes_streams, restore_primary),
        cmocka_unit_test_teardown(test_destroy_current_context, restore_primary),
        cmocka_unit_test_teardown(test_context_is_per_thread, restore_primary),
        cmocka_unit_test_teardown(test_rejected_handles, restore_primary),
        cmocka_unit_test_teardown(test_many_contexts, restore_primary),
        /* Last: an implementation that wrongly destroys the default context breaks the rest. */
        cmocka_unit_test_teardown(test_default_context_not_destroyable, restore_primary),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, setup, gt_group_teardown);
}
