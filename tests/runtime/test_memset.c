/*
 * test_memset.c: aclrtMemset / aclrtMemsetAsync: the low byte of value, every small offset and
 * length against a CPU reference (bytes outside untouched), maxCount, past-end and bad pointers.
 */
#include "test_util.h"

static aclrtStream g_stream;

static int setup(void **state)
{
    if (gt_group_setup(state) != 0) return -1;
    return gt_stream_create(&g_stream);
}

static int teardown(void **state)
{
    int rc = gt_stream_destroy(g_stream);
    return gt_group_teardown(state) | rc;
}

static void test_sync_and_async(void **state)
{
    (void)state;
    const size_t n = 1 << 20;
    void *d = NULL;
    unsigned char *h = GT_MALLOC(n);
    GT_OK(aclrtMalloc(&d, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemset(d, n, 0x5a, n));
    GT_OK(aclrtMemcpy(h, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(h, 0x5a, n);
    GT_OK(aclrtMemsetAsync(d, n, 0xa5, n, g_stream));
    GT_OK(aclrtMemcpyAsync(h, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST, g_stream));
    GT_OK(aclrtSynchronizeStream(g_stream));
    GT_FILLED(h, 0xa5, n);
    GT_OK(aclrtMemsetAsync(d, n, 0x0f, n, NULL));
    GT_OK(aclrtSynchronizeStream(NULL));
    GT_OK(aclrtMemcpy(h, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(h, 0x0f, n);
    GT_OK(aclrtFree(d));
    free(h);
}

static void test_value_low_byte(void **state)
{
    (void)state;
    const int32_t values[] = {0x1ab, -1, 0x12345678, 256, -256, 0x7fffffff, INT32_MIN, 0x80};
    static unsigned char h[777];
    void *d = NULL;
    GT_OK(aclrtMalloc(&d, sizeof h, ACL_MEM_MALLOC_HUGE_FIRST));
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        unsigned char want = (unsigned char)(values[i] & 0xff);
        memset(h, ~want, sizeof h);
        GT_OK(aclrtMemset(d, sizeof h, values[i], sizeof h));
        GT_OK(aclrtMemcpy(h, sizeof h, d, sizeof h, ACL_MEMCPY_DEVICE_TO_HOST));
        if (h[0] != want) print_error("value 0x%x\n", (unsigned)values[i]);
        GT_FILLED(h, want, sizeof h);
        GT_OK(aclrtMemsetAsync(d, sizeof h, ~values[i], sizeof h, g_stream));
        GT_OK(aclrtMemcpyAsync(h, sizeof h, d, sizeof h, ACL_MEMCPY_DEVICE_TO_HOST, g_stream));
        GT_OK(aclrtSynchronizeStream(g_stream));
        GT_FILLED(h, (unsigned char)(~values[i] & 0xff), sizeof h);
    }
    GT_OK(aclrtFree(d));
}

/* Every offset 0..17 and length 0..40, sync and async, against a CPU reference. */
static void test_unaligned_offsets_and_lengths(void **state)
{
    (void)state;
    enum { N = 96 };
    static unsigned char ref[N], got[N], init[N];
    void *d = NULL;
    GT_OK(aclrtMalloc(&d, N, ACL_MEM_MALLOC_HUGE_FIRST));
    for (int async = 0; async < 2; async++) {
        for (size_t off = 0; off <= 17; off++) {
            for (size_t len = 0; len <= 40; len++) {
                int32_t value = (int32_t)(0x300 + off * 41 + len + 128 * async);
                gt_fill_pattern(init, N, (unsigned)(off * 64 + len));
                GT_OK(aclrtMemcpy(d, N, init, N, ACL_MEMCPY_HOST_TO_DEVICE));
                if (async) {
                    GT_OK(aclrtMemsetAsync((char *)d + off, N - off, value, len, g_stream));
                    GT_OK(aclrtMemcpyAsync(got, N, d, N, ACL_MEMCPY_DEVICE_TO_HOST, g_stream));
                    GT_OK(aclrtSynchronizeStream(g_stream));
                } else {
                    GT_OK(aclrtMemset((char *)d + off, N - off, value, len));
                    GT_OK(aclrtMemcpy(got, N, d, N, ACL_MEMCPY_DEVICE_TO_HOST));
                }
                memcpy(ref, init, N);
                memset(ref + off, value & 0xff, len);
                if (memcmp(got, ref, N) != 0)
                    print_error("memset%s(d + %zu, value 0x%x, %zu bytes)\n", async ? "Async" : "",
                                off, (unsigned)value, len);
                GT_BYTES(got, ref, N);
            }
        }
    }
    GT_OK(aclrtFree(d));
}

static void test_odd_large(void **state)
{
    (void)state;
    const size_t n = (16u << 20) + 13;
    void *d = NULL;
    unsigned char *h = GT_MALLOC(n);
    GT_OK(aclrtMalloc(&d, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemset(d, n, 0x00, n));
    GT_OK(aclrtMemset((char *)d + 7, n - 7, 0x99, n - 7 - 5));
    GT_OK(aclrtMemcpy(h, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(h, 0, 7);
    GT_FILLED(h + 7, 0x99, n - 12);
    GT_FILLED(h + n - 5, 0, 5);
    GT_OK(aclrtFree(d));
    free(h);
}

static void test_invalid(void **state)
{
    (void)state;
    const size_t n = 1000;
    void *d = NULL, *freed = NULL;
    static unsigned char h[1024];
    GT_OK(aclrtMalloc(&d, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&freed, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtFree(freed));
    GT_OK(aclrtMemset(d, n, 0x44, n));

    /* maxCount < count */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemset(d, 10, 1, 11));
    GT_MSG_HAS("aclrtMemset");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemset(d, 0, 1, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetAsync(d, 10, 1, 11, g_stream));
    /* past the end (maxCount claims more room than there is) */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemset((char *)d + n - 4, 100, 1, 8));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemset(d, n + 1, 1, n + 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemset((char *)d + n, 1, 1, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetAsync((char *)d + 1, n, 1, n, g_stream));
    GT_MSG_HAS("aclrtMemsetAsync");
    /* not device memory */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemset(NULL, n, 1, n));
    /* Host memory is not refused: CANN sets it on the host (test_api_memory.c). */
    GT_OK(aclrtMemset(h, sizeof h, 1, sizeof h));
    GT_FILLED(h, 1, sizeof h);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemset(freed, n, 1, n));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetAsync((char *)freed + 8, 8, 1, 8, g_stream));
    /* a destroyed stream */
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtDestroyStream(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetAsync(d, n, 1, n, s));
    GT_OK(aclrtSynchronizeStream(g_stream));

    /* Nothing was written; count 0 is fine and writes nothing. */
    GT_OK(aclrtMemset(d, n, 0x11, 0));
    GT_OK(aclrtMemsetAsync((char *)d + 5, n - 5, 0x11, 0, g_stream));
    GT_OK(aclrtSynchronizeStream(g_stream));
    GT_OK(aclrtMemcpy(h, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(h, 0x44, n);
    /* Exactly to the end is fine. */
    GT_OK(aclrtMemset((char *)d + n - 4, 4, 0x12, 4));
    GT_OK(aclrtMemcpy(h, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(h, 0x44, n - 4);
    GT_FILLED(h + n - 4, 0x12, 4);
    GT_OK(aclrtFree(d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sync_and_async),
        cmocka_unit_test(test_value_low_byte),
        cmocka_unit_test(test_unaligned_offsets_and_lengths),
        cmocka_unit_test(test_odd_large),
        cmocka_unit_test(test_invalid),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, setup, teardown);
}
