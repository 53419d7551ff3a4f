/*
 * test_memcpy.c: aclrtMemcpy / aclrtMemcpyAsync: every kind, direction inference, destMax,
 * count 0, copies running past an allocation, freed pointers, wrong kinds, overlapping
 * device-to-device copies (memmove), odd sizes and offsets, a 64 MiB copy.
 */
#include "test_util.h"

#define SIZE 4096

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

/* One copy, sync or async on g_stream (synchronised before returning). */
static aclError copy(int async, void *dst, size_t destMax, const void *src, size_t count,
                     aclrtMemcpyKind kind)
{
    if (!async) return aclrtMemcpy(dst, destMax, src, count, kind);
    aclError rc = aclrtMemcpyAsync(dst, destMax, src, count, kind, g_stream);
    if (rc != ACL_SUCCESS) return rc;
    return aclrtSynchronizeStream(g_stream);
}

static void check_all_kinds(int async)
{
    unsigned char *a = GT_MALLOC(SIZE), *b = GT_MALLOC(SIZE), *out = GT_MALLOC(SIZE);
    void *d1 = NULL, *d2 = NULL;
    GT_OK(aclrtMalloc(&d1, SIZE, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&d2, SIZE, ACL_MEM_MALLOC_HUGE_FIRST));
    gt_fill_pattern(a, SIZE, 1 + async);

    /* H2H */
    memset(b, 0, SIZE);
    GT_OK(copy(async, b, SIZE, a, SIZE, ACL_MEMCPY_HOST_TO_HOST));
    GT_BYTES(b, a, SIZE);
    /* H2D, D2D, D2H */
    GT_OK(copy(async, d1, SIZE, a, SIZE, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(copy(async, d2, SIZE, d1, SIZE, ACL_MEMCPY_DEVICE_TO_DEVICE));
    memset(out, 0, SIZE);
    GT_OK(copy(async, out, SIZE, d2, SIZE, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(out, a, SIZE);

    /* DEFAULT infers each direction. */
    gt_fill_pattern(b, SIZE, 10 + async);
    GT_OK(copy(async, d1, SIZE, b, SIZE, ACL_MEMCPY_DEFAULT));      /* host -> device */
    GT_OK(copy(async, d2, SIZE, d1, SIZE, ACL_MEMCPY_DEFAULT));     /* device -> device */
    memset(out, 0, SIZE);
    GT_OK(copy(async, out, SIZE, d2, SIZE, ACL_MEMCPY_DEFAULT));    /* device -> host */
    GT_BYTES(out, b, SIZE);
    memset(out, 0, SIZE);
    GT_OK(copy(async, out, SIZE, a, SIZE, ACL_MEMCPY_DEFAULT));     /* host -> host */
    GT_BYTES(out, a, SIZE);

    /* HOST_TO_BUF_TO_DEVICE is HOST_TO_DEVICE; INNER_/INTER_DEVICE_TO_DEVICE are D2D. */
    gt_fill_pattern(b, SIZE, 20 + async);
    GT_OK(copy(async, d1, SIZE, b, SIZE, ACL_MEMCPY_HOST_TO_BUF_TO_DEVICE));
    GT_OK(copy(async, d2, SIZE, d1, SIZE, ACL_MEMCPY_INNER_DEVICE_TO_DEVICE));
    memset(out, 0, SIZE);
    GT_OK(copy(async, out, SIZE, d2, SIZE, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(out, b, SIZE);
    GT_OK(copy(async, d1, SIZE, a, SIZE, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(copy(async, d2, SIZE, d1, SIZE, ACL_MEMCPY_INTER_DEVICE_TO_DEVICE));
    memset(out, 0, SIZE);
    GT_OK(copy(async, out, SIZE, d2, SIZE, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(out, a, SIZE);

    GT_OK(aclrtFree(d1));
    GT_OK(aclrtFree(d2));
    free(a);
    free(b);
    free(out);
}

static void test_all_kinds_sync(void **state)
{
    (void)state;
    check_all_kinds(0);
}

static void test_all_kinds_async(void **state)
{
    (void)state;
    check_all_kinds(1);
}

static void test_async_chain_default_stream(void **state)
{
    (void)state;
    static unsigned char a[SIZE], out[SIZE];
    void *d = NULL;
    gt_fill_pattern(a, SIZE, 3);
    memset(out, 0, SIZE);
    GT_OK(aclrtMalloc(&d, SIZE, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemcpyAsync(d, SIZE, a, SIZE, ACL_MEMCPY_HOST_TO_DEVICE, NULL));
    GT_OK(aclrtMemcpyAsync(out, SIZE, d, SIZE, ACL_MEMCPY_DEFAULT, NULL));
    GT_OK(aclrtSynchronizeStream(NULL));
    GT_BYTES(out, a, SIZE);
    GT_OK(aclrtFree(d));
}

static void test_sync_copy_ordered_after_default_stream(void **state)
{
    (void)state;
    const size_t n = 32u << 20;
    void *d = NULL;
    unsigned char *out = GT_MALLOC(n);
    GT_OK(aclrtMalloc(&d, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetAsync(d, n, 0x01, n, NULL));
    GT_OK(aclrtMemsetAsync(d, n, 0x02, n, NULL));
    GT_OK(aclrtMemsetAsync(d, n, 0x03, n, NULL));
    /* No synchronize: the synchronous copy runs on the default stream after the memsets. */
    GT_OK(aclrtMemcpy(out, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(out, 0x03, n);
    GT_OK(aclrtFree(d));
    free(out);
}

static void test_dest_max(void **state)
{
    (void)state;
    static unsigned char a[SIZE], b[SIZE];
    void *d1 = NULL, *d2 = NULL;
    GT_OK(aclrtMalloc(&d1, SIZE, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&d2, SIZE, ACL_MEM_MALLOC_HUGE_FIRST));
    memset(a, 1, SIZE);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, SIZE - 1, a, SIZE, ACL_MEMCPY_HOST_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d1, SIZE - 1, a, SIZE, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 0, d1, 1, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d2, 16, d1, 17, ACL_MEMCPY_DEVICE_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d2, 16, d1, 17, ACL_MEMCPY_DEFAULT));
    GT_ERR(ACL_ERROR_INVALID_PARAM,
           aclrtMemcpyAsync(d1, SIZE - 1, a, SIZE, ACL_MEMCPY_HOST_TO_DEVICE, g_stream));
    GT_ERR(ACL_ERROR_INVALID_PARAM,
           aclrtMemcpyAsync(d2, 16, d1, 17, ACL_MEMCPY_DEVICE_TO_DEVICE, g_stream));
    /* destMax larger than count (and larger than the room left) is fine while count fits. */
    GT_OK(aclrtMemcpy(d1, SIZE * 4, a, SIZE, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(aclrtMemcpy((char *)d1 + SIZE - 8, 64, a, 8, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(aclrtFree(d1));
    GT_OK(aclrtFree(d2));
}

static void test_count_zero(void **state)
{
    (void)state;
    static unsigned char a[64], b[64];
    void *d1 = NULL, *d2 = NULL;
    GT_OK(aclrtMalloc(&d1, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&d2, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    memset(a, 1, sizeof a);
    memset(b, 2, sizeof b);
    GT_OK(aclrtMemcpy(d1, 64, b, 64, ACL_MEMCPY_HOST_TO_DEVICE));
    for (int async = 0; async < 2; async++) {
        GT_OK(copy(async, b, sizeof b, a, 0, ACL_MEMCPY_HOST_TO_HOST));
        GT_OK(copy(async, d1, 64, a, 0, ACL_MEMCPY_HOST_TO_DEVICE));
        GT_OK(copy(async, b, sizeof b, d1, 0, ACL_MEMCPY_DEVICE_TO_HOST));
        GT_OK(copy(async, d2, 64, d1, 0, ACL_MEMCPY_DEVICE_TO_DEVICE));
        GT_OK(copy(async, d1, 64, a, 0, ACL_MEMCPY_DEFAULT));
        GT_OK(copy(async, b, 0, a, 0, ACL_MEMCPY_HOST_TO_HOST));
    }
    GT_FILLED(b, 2, sizeof b);
    GT_OK(aclrtMemcpy(b, sizeof b, d1, 64, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(b, 2, sizeof b);
    GT_OK(aclrtFree(d1));
    GT_OK(aclrtFree(d2));
}

static void test_null_pointers(void **state)
{
    (void)state;
    unsigned char a[64];
    void *d = NULL;
    GT_OK(aclrtMalloc(&d, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    memset(a, 0, sizeof a);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(NULL, 64, a, 64, ACL_MEMCPY_HOST_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(a, 64, NULL, 64, ACL_MEMCPY_HOST_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(NULL, 64, a, 64, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(a, 64, NULL, 64, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d, 64, NULL, 64, ACL_MEMCPY_DEFAULT));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyAsync(NULL, 64, d, 64, ACL_MEMCPY_DEVICE_TO_DEVICE, g_stream));
    GT_OK(aclrtFree(d));
}

/* Device buffer must still hold `value` everywhere. */
static void check_untouched(void *d, size_t n, unsigned char value)
{
    unsigned char *h = GT_MALLOC(n);
    GT_OK(aclrtMemcpy(h, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(h, value, n);
    free(h);
}

static void test_past_end(void **state)
{
    (void)state;
    const size_t n = 1000; /* not a multiple of the alignment: the end is mid-block */
    static unsigned char a[2048], b[2048];
    void *d1 = NULL, *d2 = NULL;
    GT_OK(aclrtMalloc(&d1, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&d2, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemset(d1, n, 0x61, n));
    GT_OK(aclrtMemset(d2, n, 0x62, n));
    memset(a, 0x70, sizeof a);

    /* destination runs past */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy((char *)d1 + n - 10, 20, a, 20, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_MSG_HAS("aclrtMemcpy");
    print_message("past-end message: \"%s\"\n", aclGetRecentErrMsg());
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d1, sizeof a, a, n + 1, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy((char *)d2 + 1, n, d1, n, ACL_MEMCPY_DEVICE_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy((char *)d1 + n - 10, 20, a, 20, ACL_MEMCPY_DEFAULT));
    GT_ERR(ACL_ERROR_INVALID_PARAM,
           aclrtMemcpyAsync((char *)d1 + n - 10, 20, a, 20, ACL_MEMCPY_HOST_TO_DEVICE, g_stream));
    GT_MSG_HAS("aclrtMemcpyAsync");
    /* source runs past */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, sizeof b, (char *)d1 + n - 10, 11, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_MSG_HAS("aclrtMemcpy");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, sizeof b, d1, n + 1, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d2, n, (char *)d1 + 1, n, ACL_MEMCPY_DEVICE_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM,
           aclrtMemcpyAsync(b, sizeof b, (char *)d1 + 500, 501, ACL_MEMCPY_DEVICE_TO_HOST, g_stream));
    /* starting one past the end */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy((char *)d1 + n, 1, a, 1, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 1, (char *)d1 + n, 1, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_OK(aclrtSynchronizeStream(g_stream));
    /* Nothing was written. */
    check_untouched(d1, n, 0x61);
    check_untouched(d2, n, 0x62);
    /* Exactly up to the end is fine. */
    GT_OK(aclrtMemcpy((char *)d1 + n - 10, 10, a, 10, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(aclrtMemcpy(b, sizeof b, (char *)d1 + n - 10, 10, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(b, 0x70, 10);
    GT_OK(aclrtFree(d1));
    GT_OK(aclrtFree(d2));
}

static void test_freed_pointer(void **state)
{
    (void)state;
    static unsigned char a[256], b[256];
    void *d = NULL, *live = NULL;
    GT_OK(aclrtMalloc(&live, 256, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&d, 256, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtFree(d));
    memset(a, 0, sizeof a);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d, 256, a, 256, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy((char *)d + 16, 16, a, 16, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 256, d, 256, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(live, 256, d, 256, ACL_MEMCPY_DEVICE_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d, 256, live, 256, ACL_MEMCPY_DEVICE_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d, 256, a, 256, ACL_MEMCPY_DEFAULT));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyAsync(b, 256, d, 256, ACL_MEMCPY_DEVICE_TO_HOST, g_stream));
    GT_OK(aclrtFree(live));
}

static void test_wrong_kind(void **state)
{
    (void)state;
    static unsigned char a[256], b[256];
    void *d1 = NULL, *d2 = NULL;
    GT_OK(aclrtMalloc(&d1, 256, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&d2, 256, ACL_MEM_MALLOC_HUGE_FIRST));
    memset(a, 0, sizeof a);
    /* H2D with a device source / host destination */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d2, 256, d1, 256, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 256, a, 256, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 256, d1, 256, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d2, 256, d1, 256, ACL_MEMCPY_HOST_TO_BUF_TO_DEVICE));
    /* D2H with a host source / device destination */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 256, a, 256, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d2, 256, d1, 256, ACL_MEMCPY_DEVICE_TO_HOST));
    /* D2D with a host side */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d2, 256, a, 256, ACL_MEMCPY_DEVICE_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 256, d1, 256, ACL_MEMCPY_DEVICE_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 256, a, 256, ACL_MEMCPY_INNER_DEVICE_TO_DEVICE));
    /* H2H with a device side */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(d2, 256, a, 256, ACL_MEMCPY_HOST_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 256, d1, 256, ACL_MEMCPY_HOST_TO_HOST));
    /* async too */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyAsync(d2, 256, d1, 256, ACL_MEMCPY_HOST_TO_DEVICE, g_stream));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyAsync(b, 256, a, 256, ACL_MEMCPY_DEVICE_TO_HOST, g_stream));
    /* not a kind at all */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 256, a, 256, (aclrtMemcpyKind)8));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(b, 256, a, 256, (aclrtMemcpyKind)-1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyAsync(d1, 256, a, 256, (aclrtMemcpyKind)100, g_stream));
    GT_OK(aclrtSynchronizeStream(g_stream));
    GT_OK(aclrtFree(d1));
    GT_OK(aclrtFree(d2));
}

/* D2D copy within one allocation vs memmove on a CPU copy. */
static void check_overlap(void *d, unsigned char *ref, size_t n, size_t dst_off, size_t src_off,
                          size_t count, int async)
{
    unsigned char *out = GT_MALLOC(n);
    GT_OK(copy(async, (char *)d + dst_off, n - dst_off, (char *)d + src_off, count,
               ACL_MEMCPY_DEVICE_TO_DEVICE));
    memmove(ref + dst_off, ref + src_off, count);
    GT_OK(aclrtMemcpy(out, n, d, n, ACL_MEMCPY_DEVICE_TO_HOST));
    if (memcmp(out, ref, n) != 0)
        print_error("overlapping copy: dst +%zu, src +%zu, %zu bytes, %s\n", dst_off, src_off, count,
                    async ? "async" : "sync");
    GT_BYTES(out, ref, n);
    free(out);
}

static void test_overlap_is_memmove(void **state)
{
    (void)state;
    const size_t n = 1 << 20;
    void *d = NULL;
    unsigned char *ref = GT_MALLOC(n);
    GT_OK(aclrtMalloc(&d, n, ACL_MEM_MALLOC_HUGE_FIRST));
    gt_fill_pattern(ref, n, 42);
    GT_OK(aclrtMemcpy(d, n, ref, n, ACL_MEMCPY_HOST_TO_DEVICE));
    for (int async = 0; async < 2; async++) {
        check_overlap(d, ref, n, 16, 0, n - 16, async);         /* forward, small shift */
        check_overlap(d, ref, n, 0, 16, n - 16, async);         /* backward */
        check_overlap(d, ref, n, 1, 0, n - 1, async);           /* forward by one byte */
        check_overlap(d, ref, n, 0, 3, n - 3, async);           /* backward, unaligned */
        check_overlap(d, ref, n, n / 2 - 7, 0, n / 2 + 7, async); /* half overlapping */
        check_overlap(d, ref, n, 100, 100, 5000, async);        /* onto itself */
        check_overlap(d, ref, n, 4099, 4096, 65536, async);
    }
    GT_OK(aclrtFree(d));
    free(ref);
}

static void test_odd_sizes_and_offsets(void **state)
{
    (void)state;
    const size_t sizes[] = {1, 3, 4097};
    const size_t n = 8192;
    void *d1 = NULL, *d2 = NULL;
    unsigned char *src = GT_MALLOC(n), *out = GT_MALLOC(n), *want1 = GT_MALLOC(n), *want2 = GT_MALLOC(n);
    GT_OK(aclrtMalloc(&d1, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&d2, n, ACL_MEM_MALLOC_HUGE_FIRST));
    for (int async = 0; async < 2; async++) {
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            size_t sz = sizes[i];
            GT_OK(aclrtMemset(d1, n, 0xd1, n));
            GT_OK(aclrtMemset(d2, n, 0xd2, n));
            memset(want1, 0xd1, n);
            memset(want2, 0xd2, n);
            gt_fill_pattern(src, n, (unsigned)(100 + sz));
            /* host -> d1 + 1 */
            GT_OK(copy(async, (char *)d1 + 1, n - 1, src + 1, sz, ACL_MEMCPY_HOST_TO_DEVICE));
            memcpy(want1 + 1, src + 1, sz);
            /* d1 + 1 -> d2 + 3 */
            GT_OK(copy(async, (char *)d2 + 3, n - 3, (char *)d1 + 1, sz, ACL_MEMCPY_DEVICE_TO_DEVICE));
            memcpy(want2 + 3, want1 + 1, sz);
            /* d2 + 3 -> host + 5 */
            memset(out, 0xee, n);
            GT_OK(copy(async, out + 5, n - 5, (char *)d2 + 3, sz, ACL_MEMCPY_DEVICE_TO_HOST));
            for (size_t k = 0; k < n; k++) {
                unsigned char w = (k >= 5 && k < 5 + sz) ? want2[k - 2] : 0xee;
                if (out[k] != w) {
                    print_error("size %zu %s: host byte %zu is 0x%02x, expected 0x%02x\n", sz,
                                async ? "async" : "sync", k, out[k], w);
                    fail();
                }
            }
            GT_OK(aclrtMemcpy(out, n, d1, n, ACL_MEMCPY_DEVICE_TO_HOST));
            GT_BYTES(out, want1, n);
            GT_OK(aclrtMemcpy(out, n, d2, n, ACL_MEMCPY_DEVICE_TO_HOST));
            GT_BYTES(out, want2, n);
        }
    }
    GT_OK(aclrtFree(d1));
    GT_OK(aclrtFree(d2));
    free(src);
    free(out);
    free(want1);
    free(want2);
}

static void test_large_copy(void **state)
{
    (void)state;
    const size_t n = 64u << 20;
    unsigned char *src = GT_MALLOC(n), *out = GT_MALLOC(n);
    void *d1 = NULL, *d2 = NULL;
    gt_fill_pattern(src, n, 77);
    memset(out, 0, n);
    GT_OK(aclrtMalloc(&d1, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&d2, n, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemcpy(d1, n, src, n, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(aclrtMemcpy(d2, n, d1, n, ACL_MEMCPY_DEVICE_TO_DEVICE));
    GT_OK(aclrtMemcpy(out, n, d2, n, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(out, src, n);
    /* async, with pinned host memory on one side */
    void *pinned = NULL;
    GT_OK(aclrtMallocHost(&pinned, n));
    memset(pinned, 0, n);
    GT_OK(aclrtMemsetAsync(d2, n, 0, n, g_stream));
    GT_OK(aclrtMemcpyAsync(d2, n, d1, n, ACL_MEMCPY_DEVICE_TO_DEVICE, g_stream));
    GT_OK(aclrtMemcpyAsync(pinned, n, d2, n, ACL_MEMCPY_DEVICE_TO_HOST, g_stream));
    GT_OK(aclrtSynchronizeStream(g_stream));
    GT_BYTES(pinned, src, n);
    GT_OK(aclrtFreeHost(pinned));
    GT_OK(aclrtFree(d1));
    GT_OK(aclrtFree(d2));
    free(src);
    free(out);
}

/* ---- aclrtMemcpy2d / aclrtMemcpy2dAsync ---- */

/* Expected dst after copying `height` rows of `width` bytes (row pitches dp, sp) from src. */
static void ref_2d(unsigned char *dst, size_t dp, const unsigned char *src, size_t sp, size_t width, size_t height)
{
    for (size_t i = 0; i < height; i++) memcpy(dst + i * dp, src + i * sp, width);
}

/* A 13 x 37-byte block from a host image with pitch 64 to device memory with pitch 48 at an odd
 * offset, device to device (pitch 48 -> 40, another allocation), back to a host image with pitch
 * 50; sync and async (on a stream), and host to host. The bytes between rows stay untouched. */
static void test_2d_round_trip(void **state)
{
    (void)state;
    enum { W = 37, H = 13, SP = 64, DP1 = 48, DP2 = 40, HP = 50 };
    unsigned char *src = GT_MALLOC(SP * H), *back = GT_MALLOC(HP * H), *want = GT_MALLOC(HP * H);
    for (size_t i = 0; i < SP * H; i++) src[i] = (unsigned char)(i * 7 + 3);
    void *a = NULL, *b = NULL;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&a, DP1 * H + 5, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&b, DP2 * H, ACL_MEM_MALLOC_HUGE_FIRST));
    for (int async = 0; async < 2; async++) {
        GT_OK(aclrtMemset(a, DP1 * H + 5, 0xEE, DP1 * H + 5));
        GT_OK(aclrtMemset(b, DP2 * H, 0xDD, DP2 * H));
        memset(back, 0xCC, HP * H);
        char *a5 = (char *)a + 5;
        if (async) {
            GT_OK(aclrtMemcpy2dAsync(a5, DP1, src, SP, W, H, ACL_MEMCPY_HOST_TO_DEVICE, s));
            GT_OK(aclrtMemcpy2dAsync(b, DP2, a5, DP1, W, H, ACL_MEMCPY_DEVICE_TO_DEVICE, s));
            GT_OK(aclrtMemcpy2dAsync(back, HP, b, DP2, W, H, ACL_MEMCPY_DEVICE_TO_HOST, s));
            GT_OK(aclrtSynchronizeStream(s));
        } else {
            GT_OK(aclrtMemcpy2d(a5, DP1, src, SP, W, H, ACL_MEMCPY_HOST_TO_DEVICE));
            GT_OK(aclrtMemcpy2d(b, DP2, a5, DP1, W, H, ACL_MEMCPY_DEVICE_TO_DEVICE));
            GT_OK(aclrtMemcpy2d(back, HP, b, DP2, W, H, ACL_MEMCPY_DEVICE_TO_HOST));
        }
        memset(want, 0xCC, HP * H);
        ref_2d(want, HP, src, SP, W, H);
        GT_BYTES(back, want, HP * H); /* the rows, and the gaps between them untouched */
        /* the device image's gaps kept the fill */
        unsigned char *img = GT_MALLOC(DP1 * H + 5);
        GT_OK(aclrtMemcpy(img, DP1 * H + 5, a, DP1 * H + 5, ACL_MEMCPY_DEVICE_TO_HOST));
        GT_FILLED(img, 0xEE, 5);
        for (size_t i = 0; i + 1 < H; i++) GT_FILLED(img + 5 + i * DP1 + W, 0xEE, DP1 - W);
        free(img);
    }
    /* host to host, both calls */
    memset(back, 0xCC, HP * H);
    GT_OK(aclrtMemcpy2d(back, HP, src, SP, W, H, ACL_MEMCPY_HOST_TO_HOST));
    memset(want, 0xCC, HP * H);
    ref_2d(want, HP, src, SP, W, H);
    GT_BYTES(back, want, HP * H);
    memset(back, 0xCC, HP * H);
    GT_OK(aclrtMemcpy2dAsync(back, HP, src, SP, W, H, ACL_MEMCPY_HOST_TO_HOST, s));
    GT_OK(aclrtSynchronizeStream(s));
    GT_BYTES(back, want, HP * H);
    GT_OK(aclrtFree(a));
    GT_OK(aclrtFree(b));
    GT_OK(aclrtDestroyStream(s));
    free(src);
    free(back);
    free(want);
}

static void test_2d_invalid(void **state)
{
    (void)state;
    unsigned char host[256] = {0};
    void *a = NULL;
    GT_OK(aclrtMalloc(&a, 100, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy2d(NULL, 16, host, 16, 8, 2, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy2d(a, 16, host, 4, 8, 2, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_MSG_HAS("width 8 is larger than");
    /* 7 rows of 16 bytes end at byte 6*16+16 = 112 > 100 */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy2d(a, 16, host, 16, 16, 7, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy2d(host, 16, a, 16, 16, 2, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy2d(a, 16, host, 16, 16, 2, (aclrtMemcpyKind)99));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy2d(a, (size_t)1 << 62, host, 16, 16, 8, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy2d((char *)a + 8, 16, a, 16, 16, 4, ACL_MEMCPY_DEVICE_TO_DEVICE));
    GT_MSG_HAS("overlap");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy2dAsync(a, 16, host, 16, 16, 2, ACL_MEMCPY_HOST_TO_DEVICE,
                                                       (aclrtStream)(uintptr_t)0x1234));
    GT_OK(aclrtMemcpy2d(a, 16, host, 16, 0, 5, ACL_MEMCPY_HOST_TO_DEVICE)); /* nothing to copy */
    GT_OK(aclrtFree(a));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy2d(a, 16, host, 16, 16, 2, ACL_MEMCPY_HOST_TO_DEVICE)); /* freed */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_kinds_sync),
        cmocka_unit_test(test_all_kinds_async),
        cmocka_unit_test(test_async_chain_default_stream),
        cmocka_unit_test(test_sync_copy_ordered_after_default_stream),
        cmocka_unit_test(test_dest_max),
        cmocka_unit_test(test_count_zero),
        cmocka_unit_test(test_null_pointers),
        cmocka_unit_test(test_past_end),
        cmocka_unit_test(test_freed_pointer),
        cmocka_unit_test(test_wrong_kind),
        cmocka_unit_test(test_overlap_is_memmove),
        cmocka_unit_test(test_odd_sizes_and_offsets),
        cmocka_unit_test(test_large_copy),
        cmocka_unit_test(test_2d_round_trip),
        cmocka_unit_test(test_2d_invalid),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, setup, teardown);
}
