/*
 * test_memory.c: aclrtMalloc (policies, invalid sizes and policies, huge requests), aclrtFree
 * of bad pointers, the private address window (alignment, no aliasing with host memory),
 * pointer arithmetic, aclrtMallocHost / FreeHost, 10,000 live allocations.
 */
#include "test_util.h"

/* Writes `value` over [p, p+n) and checks it reads back through the same pointer. */
static void roundtrip(void *p, size_t n, unsigned seed)
{
    unsigned char *src = GT_MALLOC(n), *dst = GT_MALLOC(n);
    gt_fill_pattern(src, n, seed);
    memset(dst, 0, n);
    GT_OK(aclrtMemcpy(p, n, src, n, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(aclrtMemcpy(dst, n, p, n, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(dst, src, n);
    free(src);
    free(dst);
}

static void test_all_policies(void **state)
{
    (void)state;
    const unsigned flags[] = {0, ACL_MEM_TYPE_LOW_BAND_WIDTH, ACL_MEM_TYPE_HIGH_BAND_WIDTH,
                              ACL_MEM_ACCESS_USER_SPACE_READONLY,
                              ACL_MEM_TYPE_HIGH_BAND_WIDTH | ACL_MEM_ACCESS_USER_SPACE_READONLY};
    for (unsigned f = 0; f < sizeof flags / sizeof flags[0]; f++) {
        for (unsigned policy = 0; policy <= 7; policy++) {
            aclrtMemMallocPolicy pol = (aclrtMemMallocPolicy)(policy | flags[f]);
            void *p = NULL;
            aclError rc = aclrtMalloc(&p, 1000, pol);
            if (rc != ACL_SUCCESS) print_error("policy 0x%x\n", (unsigned)pol);
            GT_OK(rc);
            assert_non_null(p);
            roundtrip(p, 1000, policy + 8 * f);
            GT_OK(aclrtFree(p));
        }
    }
    void *p = NULL;
    GT_OK(aclrtMallocAlign32(&p, 333, ACL_MEM_MALLOC_NORMAL_ONLY));
    GT_EQ((uintptr_t)p % 32, 0);
    roundtrip(p, 333, 99);
    GT_OK(aclrtFree(p));
    GT_OK(aclrtMallocCached(&p, 333, ACL_MEM_MALLOC_HUGE_ONLY));
    roundtrip(p, 333, 98);
    GT_OK(aclrtFree(p));
}

static void test_invalid_requests(void **state)
{
    (void)state;
    void *p = (void *)0x1;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMalloc(&p, 0, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMalloc(NULL, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocAlign32(&p, 0, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocCached(NULL, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    const unsigned bad[] = {8, 9, 15, 0x200, 0x2000, 0x100 | 8, 0x1000 | 0x40, 0x200000,
                            0x7fffffff, 0xffffffffu};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        aclError rc = aclrtMalloc(&p, 64, (aclrtMemMallocPolicy)bad[i]);
        if (rc != ACL_ERROR_INVALID_PARAM) print_error("policy 0x%x\n", bad[i]);
        GT_ERR(ACL_ERROR_INVALID_PARAM, rc);
    }
    gecl_rt_counts c;
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.allocations, 0);
}

static void test_huge_requests(void **state)
{
    (void)state;
    void *p = NULL;
    GT_ERR(ACL_ERROR_RT_MEMORY_ALLOCATION, aclrtMalloc(&p, (size_t)1 << 50, ACL_MEM_MALLOC_HUGE_FIRST));
    print_message("1 PiB: \"%s\"\n", aclGetRecentErrMsg());
    GT_MSG_HAS("aclrtMalloc");

    gecl_device_desc desc;
    GT_OK(gecl_rt_describe_device(0, &desc));
    GT_ERR(ACL_ERROR_RT_MEMORY_ALLOCATION,
           aclrtMalloc(&p, (size_t)desc.max_alloc + 1, ACL_MEM_MALLOC_HUGE_FIRST));
    print_message("max_alloc + 1: \"%s\"\n", aclGetRecentErrMsg());
    GT_ERR(ACL_ERROR_RT_MEMORY_ALLOCATION, aclrtMalloc(&p, SIZE_MAX, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_ERR(ACL_ERROR_RT_MEMORY_ALLOCATION, aclrtMalloc(&p, SIZE_MAX - 63, ACL_MEM_MALLOC_HUGE_FIRST));

    /* Still usable. */
    GT_OK(aclrtMalloc(&p, 1 << 20, ACL_MEM_MALLOC_HUGE_FIRST));
    roundtrip(p, 1 << 20, 5);
    GT_OK(aclrtFree(p));
    gecl_rt_counts c;
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.allocations, 0);
    GT_EQ(c.device_bytes, 0);
}

static void test_free_invalid(void **state)
{
    (void)state;
    void *p = NULL, *freed = NULL, *pinned = NULL;
    GT_OK(aclrtMalloc(&p, 4096, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&freed, 4096, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtFree(freed));
    GT_OK(aclrtMallocHost(&pinned, 4096));
    char *host = GT_MALLOC(64);
    char stack[64];

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree((char *)p + 64));   /* interior */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree((char *)p + 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree((char *)p + 4096)); /* one past the end */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree(freed));            /* freed */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree(host));             /* host */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree(stack));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree(pinned));           /* aclrtMallocHost memory */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree(NULL));
    GT_MSG_HAS("aclrtFree");

    /* None of that hurt the live allocation. */
    roundtrip(p, 4096, 3);
    GT_OK(aclrtFree(p));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree(p)); /* double free */
    GT_OK(aclrtFreeHost(pinned));
    free(host);
}

/* Permissions of the mapping holding `addr` in /proc/self/maps ("" if none). */
static void mapping_perms(const void *addr, char perms[8])
{
    perms[0] = '\0';
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return;
    char line[512];
    uintptr_t a = (uintptr_t)addr;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char pr[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, pr) == 3 && a >= lo && a < hi) {
            snprintf(perms, 8, "%s", pr);
            break;
        }
    }
    fclose(f);
}

static void test_window_and_alignment(void **state)
{
    (void)state;
    enum { N = 40 };
    const size_t sizes[] = {1, 3, 63, 64, 65, 100, 4095, 4096, 4097, 65537, 1 << 20};
    const size_t nsizes = sizeof sizes / sizeof sizes[0];
    void *dev[N];
    size_t len[N];
    char *host[N];
    for (int i = 0; i < N; i++) {
        len[i] = sizes[(size_t)i % nsizes];
        host[i] = GT_MALLOC(len[i]);
        GT_OK(aclrtMalloc(&dev[i], len[i], ACL_MEM_MALLOC_HUGE_FIRST));
        if ((uintptr_t)dev[i] % 64 != 0) print_error("aclrtMalloc(%zu) = %p\n", len[i], dev[i]);
        GT_EQ((uintptr_t)dev[i] % 64, 0);
        char perms[8];
        mapping_perms(dev[i], perms);
        if (strncmp(perms, "---", 3) != 0)
            print_error("aclrtMalloc(%zu) = %p lies in a mapping with permissions \"%s\", not in a "
                        "PROT_NONE window\n", len[i], dev[i], perms);
        GT_EQ(strncmp(perms, "---", 3), 0);
    }
    for (int i = 0; i < N; i++) {
        uintptr_t d0 = (uintptr_t)dev[i], d1 = d0 + len[i];
        for (int j = 0; j < N; j++) {
            uintptr_t h0 = (uintptr_t)host[j], h1 = h0 + len[j];
            /* no aliasing with host memory */
            assert_false(d0 < h1 && h0 < d1);
            if (j != i) {
                uintptr_t e0 = (uintptr_t)dev[j], e1 = e0 + len[j];
                /* no overlap between live allocations */
                if (d0 < e1 && e0 < d1) print_error("%p+%zu overlaps %p+%zu\n", dev[i], len[i], dev[j], len[j]);
                assert_false(d0 < e1 && e0 < d1);
            }
        }
    }
    for (int i = 0; i < N; i++) {
        GT_OK(aclrtFree(dev[i]));
        free(host[i]);
    }
}

static void test_pointer_arithmetic(void **state)
{
    (void)state;
    enum { SIZE = 3 * 4096 };
    void *p = NULL;
    unsigned char *want = GT_MALLOC(SIZE), *got = GT_MALLOC(SIZE), *pat = GT_MALLOC(SIZE);
    GT_OK(aclrtMalloc(&p, SIZE, ACL_MEM_MALLOC_HUGE_FIRST));
    memset(want, 0xaa, SIZE);
    GT_OK(aclrtMemcpy(p, SIZE, want, SIZE, ACL_MEMCPY_HOST_TO_DEVICE));

    /* Through p + 4096. */
    gt_fill_pattern(pat, 1000, 11);
    GT_OK(aclrtMemcpy((char *)p + 4096, SIZE - 4096, pat, 1000, ACL_MEMCPY_HOST_TO_DEVICE));
    memcpy(want + 4096, pat, 1000);
    /* Through p + 1 (unaligned). */
    gt_fill_pattern(pat, 777, 12);
    GT_OK(aclrtMemcpy((char *)p + 1, SIZE - 1, pat, 777, ACL_MEMCPY_HOST_TO_DEVICE));
    memcpy(want + 1, pat, 777);
    /* The last byte. */
    GT_OK(aclrtMemcpy((char *)p + SIZE - 1, 1, pat, 1, ACL_MEMCPY_HOST_TO_DEVICE));
    want[SIZE - 1] = pat[0];

    memset(got, 0, SIZE);
    GT_OK(aclrtMemcpy(got, SIZE, p, SIZE, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(got, want, SIZE);
    /* And back out through interior pointers. */
    memset(got, 0, SIZE);
    GT_OK(aclrtMemcpy(got, SIZE, (char *)p + 4097, 999, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(got, want + 4097, 999);

    GT_OK(aclrtFree(p));
    free(want);
    free(got);
    free(pat);
}

static void test_malloc_host(void **state)
{
    (void)state;
    void *h = NULL, *h2 = NULL, *dev = NULL;
    GT_OK(aclrtMallocHost(&h, 8192));
    assert_non_null(h);
    GT_OK(aclrtMallocHost(&h2, 100));
    memset(h, 0x5e, 8192); /* plain host memory */
    memset(h2, 0x11, 100);
    gecl_rt_counts c;
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.host_allocations, 2);

    /* Usable as the host side of copies. */
    GT_OK(aclrtMalloc(&dev, 8192, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemcpy(dev, 8192, h, 8192, ACL_MEMCPY_HOST_TO_DEVICE));
    memset(h, 0, 8192);
    GT_OK(aclrtMemcpyAsync(h, 8192, dev, 8192, ACL_MEMCPY_DEVICE_TO_HOST, NULL));
    GT_OK(aclrtSynchronizeStream(NULL));
    GT_FILLED(h, 0x5e, 8192);
    GT_OK(aclrtMemcpy(h, 8192, h2, 100, ACL_MEMCPY_DEFAULT));
    GT_FILLED(h, 0x11, 100);

    char *plain = GT_MALLOC(64);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreeHost(plain));   /* malloc() memory */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreeHost(dev));     /* device memory */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreeHost((char *)h + 64)); /* interior */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreeHost(NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocHost(NULL, 64));
    void *h3 = NULL;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocHost(&h3, 0));
    free(plain);

    GT_OK(aclrtFreeHost(h));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreeHost(h)); /* freed */
    GT_OK(aclrtFreeHost(h2));
    GT_OK(aclrtFree(dev));
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.host_allocations, 0);
}

/* aclrtMallocHost works on a thread with no current context (device 0's memory). */
typedef struct host_thread {
    aclError malloc_rc, free_rc;
    int writable;
} host_thread;

static void *host_thread_main(void *arg)
{
    host_thread *t = arg;
    void *h = NULL;
    t->malloc_rc = aclrtMallocHost(&h, 4096);
    if (t->malloc_rc != ACL_SUCCESS) return NULL;
    memset(h, 0x6b, 4096);
    t->writable = ((unsigned char *)h)[4095] == 0x6b;
    t->free_rc = aclrtFreeHost(h);
    return NULL;
}

static void test_malloc_host_without_context(void **state)
{
    (void)state;
    host_thread t = {-1, -1, 0};
    pthread_t th;
    GT_EQ(pthread_create(&th, NULL, host_thread_main, &t), 0);
    GT_EQ(pthread_join(th, NULL), 0);
    GT_OK(t.malloc_rc);
    assert_true(t.writable);
    GT_OK(t.free_rc);
}

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return x < y ? -1 : x > y;
}

static void test_ten_thousand_allocations(void **state)
{
    (void)state;
    enum { N = 10000 };
    void **p = GT_MALLOC(N * sizeof *p);
    size_t *len = GT_MALLOC(N * sizeof *len);
    uintptr_t *sorted = GT_MALLOC(N * 2 * sizeof *sorted);
    size_t total = 0;
    gecl_rt_counts base, c;
    GT_OK(gecl_rt_live_counts(&base)); /* earlier failed tests may have left allocations */
    for (int i = 0; i < N; i++) {
        len[i] = 1 + ((size_t)i * 7919u) % 2048;
        aclError rc = aclrtMalloc(&p[i], len[i], ACL_MEM_MALLOC_HUGE_FIRST);
        if (rc != ACL_SUCCESS) print_error("allocation %d of %zu bytes\n", i, len[i]);
        GT_OK(rc);
        total += len[i];
    }
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.allocations, base.allocations + N);
    assert_true(c.device_bytes >= base.device_bytes + total);

    /* Every pointer, first and last byte, resolves to its allocation. */
    for (int i = 0; i < N; i++) {
        cl_mem b0 = NULL, b1 = NULL;
        size_t off0 = 0, off1 = 0, left0 = 0, left1 = 0;
        GT_OK(gecl_rt_resolve(p[i], &b0, &off0, &left0));
        GT_OK(gecl_rt_resolve((char *)p[i] + len[i] - 1, &b1, &off1, &left1));
        assert_non_null(b0);
        assert_ptr_equal(b0, b1);
        GT_EQ(off1, off0 + len[i] - 1);
        GT_EQ(left0, len[i]);
        GT_EQ(left1, 1);
    }
    /* No two overlap. */
    for (int i = 0; i < N; i++) {
        sorted[2 * i] = (uintptr_t)p[i];
        sorted[2 * i + 1] = len[i];
    }
    qsort(sorted, N, 2 * sizeof *sorted, cmp_ptr);
    for (int i = 0; i + 1 < N; i++) assert_true(sorted[2 * i] + sorted[2 * i + 1] <= sorted[2 * i + 2]);

    /* Each holds its own data. */
    for (int i = 0; i < N; i++) {
        uint32_t tag = (uint32_t)i * 2654435761u;
        size_t n = len[i] < sizeof tag ? len[i] : sizeof tag;
        GT_OK(aclrtMemcpy((char *)p[i] + len[i] - n, n, &tag, n, ACL_MEMCPY_HOST_TO_DEVICE));
    }
    for (int i = 0; i < N; i++) {
        uint32_t tag = (uint32_t)i * 2654435761u, got = 0;
        size_t n = len[i] < sizeof tag ? len[i] : sizeof tag;
        GT_OK(aclrtMemcpy(&got, sizeof got, (char *)p[i] + len[i] - n, n, ACL_MEMCPY_DEVICE_TO_HOST));
        if (memcmp(&got, &tag, n) != 0) print_error("allocation %d (%zu bytes at %p)\n", i, len[i], p[i]);
        assert_memory_equal(&got, &tag, n);
    }
    /* Free in a scattered order; freed ones stop resolving, the others still do. */
    for (int i = 0; i < N; i++) {
        int k = (int)(((long)i * 7907) % N);
        GT_OK(aclrtFree(p[k]));
        cl_mem b;
        size_t off, left;
        GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_resolve(p[k], &b, &off, &left));
        if (i + 1 < N) {
            int next = (int)(((long)(i + 1) * 7907) % N);
            GT_OK(gecl_rt_resolve(p[next], &b, &off, &left));
        }
    }
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.allocations, base.allocations);
    GT_EQ(c.device_bytes, base.device_bytes);
    free(p);
    free(len);
    free(sorted);
}

static void test_resolve_invalid(void **state)
{
    (void)state;
    cl_mem b;
    size_t off, left;
    char host[16];
    void *p = NULL;
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_resolve(NULL, &b, &off, &left));
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_resolve(host, &b, &off, &left));
    GT_OK(aclrtMalloc(&p, 100, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(gecl_rt_resolve((char *)p + 99, &b, &off, &left));
    GT_EQ(left, 1);
    /* Past the end: inside the window but outside every allocation. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_resolve((char *)p + 100, &b, &off, &left));
    GT_OK(aclrtFree(p));
    GT_ERR(ACL_ERROR_INVALID_PARAM, gecl_rt_resolve(p, &b, &off, &left));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_policies),
        cmocka_unit_test(test_invalid_requests),
        cmocka_unit_test(test_huge_requests),
        cmocka_unit_test(test_free_invalid),
        cmocka_unit_test(test_window_and_alignment),
        cmocka_unit_test(test_pointer_arithmetic),
        cmocka_unit_test(test_malloc_host),
        cmocka_unit_test(test_malloc_host_without_context),
        cmocka_unit_test(test_ten_thousand_allocations),
        cmocka_unit_test(test_resolve_invalid),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
