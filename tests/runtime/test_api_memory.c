/*
 * test_api_memory.c: memory (issue 10, group 5): 32-bit fills, aclrtMemset on host memory (CANN
 * decides host or device by the address), aclrtMemcpyBatch(Async), aclrtCheckMemType, the
 * virtual memory calls, and the allocator registration of acl_rt_allocator.h.
 */
#include "test_util.h"

static aclrtStream g_stream;

static int setup(void **state)
{
    if (gt_group_setup(state)) return -1;
    return gt_stream_create(&g_stream);
}

static int teardown(void **state)
{
    int rc = gt_stream_destroy(g_stream);
    return gt_group_teardown(state) | rc;
}

static void check_u32(const uint32_t *v, size_t n, uint32_t want)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] != want) {
            print_error("value %zu of %zu is 0x%08x, expected 0x%08x\n", i, n, v[i], want);
            fail();
        }
}

/* ---- fills ---- */

static void test_memset_d32_device(void **state)
{
    (void)state;
    enum { N = 4096 };
    void *d = NULL;
    static uint32_t h[N];
    GT_OK(aclrtMalloc(&d, N * 4, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetD32(d, N * 4, 0xDEADBEEFu, N));
    GT_OK(aclrtMemcpy(h, sizeof h, d, N * 4, ACL_MEMCPY_DEVICE_TO_HOST));
    check_u32(h, N, 0xDEADBEEFu);

    /* Part of an allocation, at a 4-byte aligned offset; the rest is untouched. */
    GT_OK(aclrtMemsetD32((char *)d + 8, 8, 0x01020304u, 2));
    GT_OK(aclrtMemcpy(h, sizeof h, d, N * 4, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_EQ(h[1], 0xDEADBEEFu);
    GT_EQ(h[2], 0x01020304u);
    GT_EQ(h[3], 0x01020304u);
    GT_EQ(h[4], 0xDEADBEEFu);

    /* In stream order. */
    GT_OK(aclrtMemsetD32Async(d, N * 4, 7, N, g_stream));
    GT_OK(aclrtMemcpyAsync(h, sizeof h, d, N * 4, ACL_MEMCPY_DEVICE_TO_HOST, g_stream));
    GT_OK(aclrtSynchronizeStream(g_stream));
    check_u32(h, N, 7);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetD32(NULL, 16, 1, 4));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetD32(d, 16, 1, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetD32(d, 15, 1, 4));              /* N * 4 > memSize */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetD32((char *)d + 2, 16, 1, 4));  /* not 4-byte aligned */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetD32((char *)d + N * 4 - 4, 8, 1, 2)); /* past the end */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetD32Async(d, 16, 1, 0, g_stream));
    GT_OK(aclrtFree(d));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemsetD32(d, 16, 1, 4)); /* freed */
}

static void test_fills_on_host_memory(void **state)
{
    (void)state;
    enum { N = 1 << 16 };
    static uint32_t words[256];
    unsigned char *h = GT_MALLOC(N);
    /* Host addresses are filled on the host, synchronously... */
    GT_OK(aclrtMemset(h, N, 0x5a, N));
    GT_FILLED(h, 0x5a, N);
    GT_OK(aclrtMemsetD32(words, sizeof words, 0xCAFEF00Du, 256));
    check_u32(words, 256, 0xCAFEF00Du);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemset(h, 10, 1, 11)); /* count > maxCount all the same */

    /* ...or in stream order: after a copy into the same host buffer enqueued before. */
    void *d = NULL;
    GT_OK(aclrtMalloc(&d, N, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemset(d, N, 0x11, N));
    GT_OK(aclrtMemcpyAsync(h, N, d, N, ACL_MEMCPY_DEVICE_TO_HOST, g_stream));
    GT_OK(aclrtMemsetAsync(h, N, 0x77, N / 2, g_stream));
    GT_OK(aclrtMemsetD32Async(words, sizeof words, 5, 128, g_stream));
    GT_OK(aclrtSynchronizeStream(g_stream));
    GT_FILLED(h, 0x77, N / 2);
    GT_FILLED(h + N / 2, 0x11, N / 2);
    check_u32(words, 128, 5);
    check_u32(words + 128, 128, 0xCAFEF00Du);
    GT_OK(aclrtFree(d));
    free(h);
}

/* ---- batches ---- */

static aclrtMemLocation loc(aclrtMemLocationType t)
{
    aclrtMemLocation l = {0, t};
    return l;
}

static void test_memcpy_batch(void **state)
{
    (void)state;
    enum { N = 4096 };
    unsigned char *src = GT_MALLOC(N), *dst = GT_MALLOC(N);
    gt_fill_pattern(src, N, 3);
    memset(dst, 0, N);
    void *a = NULL, *b = NULL;
    GT_OK(aclrtMalloc(&a, N, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&b, N, ACL_MEM_MALLOC_HUGE_FIRST));

    /* host -> a, a -> b, b -> host: each under its own attribute, done in order. */
    void *dsts[3] = {a, b, dst}, *srcs[3] = {src, a, b};
    size_t maxs[3] = {N, N, N}, sizes[3] = {N, N, N}, idx[3] = {0, 1, 2}, fail = 0;
    aclrtMemcpyBatchAttr attrs[3];
    memset(attrs, 0, sizeof attrs);
    attrs[0].dstLoc = loc(ACL_MEM_LOCATION_TYPE_DEVICE), attrs[0].srcLoc = loc(ACL_MEM_LOCATION_TYPE_HOST);
    attrs[1].dstLoc = loc(ACL_MEM_LOCATION_TYPE_DEVICE), attrs[1].srcLoc = loc(ACL_MEM_LOCATION_TYPE_DEVICE);
    attrs[2].dstLoc = loc(ACL_MEM_LOCATION_TYPE_HOST), attrs[2].srcLoc = loc(ACL_MEM_LOCATION_TYPE_DEVICE);
    GT_OK(aclrtMemcpyBatch(dsts, maxs, srcs, sizes, 3, attrs, idx, 3, &fail));
    GT_EQ(fail, SIZE_MAX);
    GT_BYTES(dst, src, N);

    /* The async form, on a stream. */
    memset(dst, 0, N);
    GT_OK(aclrtMemcpyBatchAsync(dsts, maxs, srcs, sizes, 3, attrs, idx, 3, &fail, g_stream));
    GT_OK(aclrtSynchronizeStream(g_stream));
    GT_EQ(fail, SIZE_MAX);
    GT_BYTES(dst, src, N);

    /* One attribute for two copies of the same kind (device -> host). */
    unsigned char *dst2 = GT_MALLOC(N);
    void *d2[2] = {dst, dst2}, *s2[2] = {a, b};
    size_t m2[2] = {N, N}, z2[2] = {N, N}, i2[1] = {0};
    memset(dst, 0, N);
    GT_OK(aclrtMemcpyBatch(d2, m2, s2, z2, 2, &attrs[2], i2, 1, &fail));
    GT_BYTES(dst, src, N);
    GT_BYTES(dst2, src, N);

    /* A copy whose memory contradicts its attribute: refused, its index reported, and nothing
     * of the batch was copied. */
    memset(dst, 0, N);
    void *bad_d[2] = {dst, a}, *bad_s[2] = {b, src};
    attrs[0].dstLoc = loc(ACL_MEM_LOCATION_TYPE_HOST), attrs[0].srcLoc = loc(ACL_MEM_LOCATION_TYPE_DEVICE);
    attrs[1].dstLoc = loc(ACL_MEM_LOCATION_TYPE_HOST), attrs[1].srcLoc = loc(ACL_MEM_LOCATION_TYPE_HOST);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyBatch(bad_d, m2, bad_s, z2, 2, attrs, idx, 2, &fail));
    GT_EQ(fail, 1);
    GT_FILLED(dst, 0, N);
    size_t small[2] = {N, N - 1};
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyBatch(d2, small, s2, z2, 2, &attrs[2], i2, 1, &fail));
    GT_EQ(fail, 1);
    size_t wrong_idx[1] = {1};
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyBatch(d2, m2, s2, z2, 2, &attrs[2], wrong_idx, 1, &fail));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyBatch(d2, m2, s2, z2, 0, &attrs[2], i2, 1, &fail));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyBatch(d2, m2, s2, z2, 2, &attrs[2], i2, 1, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyBatch(NULL, m2, s2, z2, 2, &attrs[2], i2, 1, &fail));

    GT_OK(aclrtFree(a));
    GT_OK(aclrtFree(b));
    free(src);
    free(dst);
    free(dst2);
}

/* ---- virtual memory ---- */

static aclrtPhysicalMemProp device_prop(void)
{
    aclrtPhysicalMemProp p;
    memset(&p, 0, sizeof p);
    p.handleType = ACL_MEM_HANDLE_TYPE_NONE;
    p.allocationType = ACL_MEM_ALLOCATION_TYPE_PINNED;
    p.memAttr = ACL_HBM_MEM_HUGE;
    p.location.id = 0;
    p.location.type = ACL_MEM_LOCATION_TYPE_DEVICE;
    return p;
}

static void test_virtual_memory(void **state)
{
    (void)state;
    enum { PIECE = 128 << 10 };
    const aclrtPhysicalMemProp prop = device_prop();
    void *va = NULL;
    aclrtDrvMemHandle p1 = NULL, p2 = NULL;
    GT_OK(aclrtReserveMemAddress(&va, 4 * PIECE, 0, NULL, 0));
    GT_OK(aclrtMallocPhysical(&p1, PIECE, &prop, 0));
    GT_OK(aclrtMallocPhysical(&p2, PIECE, &prop, 0));
    char *base = va;

    /* Nothing mapped yet: the range is reserved, but holds no memory. */
    unsigned char *h = GT_MALLOC(PIECE), *back = GT_MALLOC(PIECE);
    gt_fill_pattern(h, PIECE, 9);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(va, PIECE, h, PIECE, ACL_MEMCPY_HOST_TO_DEVICE));

    /* Two physical pieces mapped side by side; pointers into each reach that piece. */
    GT_OK(aclrtMapMem(base, PIECE, 0, p1, 0));
    GT_OK(aclrtMapMem(base + PIECE, PIECE, 0, p2, 0));
    GT_OK(aclrtMemcpy(base, PIECE, h, PIECE, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(aclrtMemset(base + PIECE, PIECE, 0x3e, PIECE)); /* a kernel on mapped memory */
    GT_OK(aclrtMemcpy(back, PIECE, base, PIECE, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(back, h, PIECE);
    GT_OK(aclrtMemcpy(back, PIECE, base + PIECE, PIECE, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(back, 0x3e, PIECE);
    /* Between mapped and ordinary device memory, at an offset inside the mapping. */
    void *plain = NULL;
    GT_OK(aclrtMalloc(&plain, PIECE, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemcpy(plain, PIECE, base + 100, 1000, ACL_MEMCPY_DEVICE_TO_DEVICE));
    GT_OK(aclrtMemcpy(back, 1000, plain, 1000, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(back, h + 100, 1000);
    /* The third piece of the range is still unmapped. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemset(base + 2 * PIECE, 16, 0, 16));

    uint32_t ok = 0;
    void *devs[2] = {base, plain}, *rsvd[2] = {base + 3 * PIECE, base};
    GT_OK(aclrtCheckMemType(devs, 2, ACL_RT_MEM_TYPE_DEV, &ok, 0));
    GT_EQ(ok, 1);
    GT_OK(aclrtCheckMemType(rsvd, 2, ACL_RT_MEM_TYPE_RSVD, &ok, 0));
    GT_EQ(ok, 1);

    /* Misuse. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMapMem(base + PIECE / 2, PIECE, 0, p1, 0));     /* overlaps */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMapMem(base + 3 * PIECE, 2 * PIECE, 0, p1, 0)); /* leaves the range */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMapMem(base + 2 * PIECE, 2 * PIECE, 0, p1, 0)); /* larger than p1 */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMapMem(base + 2 * PIECE, PIECE, 64, p1, 0));    /* offset */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMapMem(base + 2 * PIECE, PIECE, 0, p1, 1));     /* flags */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMapMem(h, PIECE, 0, p1, 0));                    /* not reserved */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreePhysical(p1));         /* still mapped */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtReleaseMemAddress(va));    /* still has mappings */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree(base));               /* not an aclrtMalloc block */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtUnmapMem(base + 10));      /* not a mapping's start */

    GT_OK(aclrtUnmapMem(base));
    GT_OK(aclrtUnmapMem(base + PIECE));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtUnmapMem(base));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(back, 16, base, 16, ACL_MEMCPY_DEVICE_TO_HOST));
    /* A physical piece may be mapped again, and keeps its contents. */
    GT_OK(aclrtMapMem(base + 3 * PIECE, PIECE, 0, p1, 0));
    GT_OK(aclrtMemcpy(back, PIECE, base + 3 * PIECE, PIECE, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(back, h, PIECE);
    GT_OK(aclrtUnmapMem(base + 3 * PIECE));

    GT_OK(aclrtFreePhysical(p1));
    GT_OK(aclrtFreePhysical(p2));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreePhysical(p1));
    GT_OK(aclrtReleaseMemAddress(va));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtReleaseMemAddress(va));
    GT_OK(aclrtCheckMemType(rsvd, 1, ACL_RT_MEM_TYPE_RSVD, &ok, 0));
    GT_EQ(ok, 0);
    GT_OK(aclrtFree(plain));
    free(h);
    free(back);
}

static void test_virtual_memory_arguments(void **state)
{
    (void)state;
    aclrtPhysicalMemProp prop = device_prop();
    void *va = NULL;
    aclrtDrvMemHandle ph = NULL;
    /* An alignment is honoured. */
    GT_OK(aclrtReserveMemAddress(&va, 1 << 20, 4 << 20, NULL, 0));
    GT_EQ((uintptr_t)va % (4u << 20), 0);
    GT_OK(aclrtReleaseMemAddress(va));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtReserveMemAddress(NULL, 4096, 0, NULL, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtReserveMemAddress(&va, 0, 0, NULL, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtReserveMemAddress(&va, 4096, 3, NULL, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtReserveMemAddress(&va, 4096, 0, &prop, 0)); /* expectPtr */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocPhysical(&ph, 4096, NULL, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocPhysical(&ph, 0, &prop, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocPhysical(&ph, 4096, &prop, 1));
    prop.location.type = ACL_MEM_LOCATION_TYPE_HOST;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocPhysical(&ph, 4096, &prop, 0));
    prop = device_prop();
    prop.location.id = 999;
    assert_int_not_equal(aclrtMallocPhysical(&ph, 4096, &prop, 0), ACL_SUCCESS);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreePhysical(NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreePhysical(&prop));
}

/* ---- memory types ---- */

static void test_check_mem_type(void **state)
{
    (void)state;
    void *d = NULL;
    static char host[64];
    GT_OK(aclrtMalloc(&d, 256, ACL_MEM_MALLOC_HUGE_FIRST));
    uint32_t r = 7;
    void *list[3] = {d, (char *)d + 255, host};
    GT_OK(aclrtCheckMemType(list, 2, ACL_RT_MEM_TYPE_DEV, &r, 0));
    GT_EQ(r, 1);
    GT_OK(aclrtCheckMemType(list, 3, ACL_RT_MEM_TYPE_DEV, &r, 0)); /* host memory among them */
    GT_EQ(r, 0);
    GT_OK(aclrtCheckMemType(list, 1, ACL_RT_MEM_TYPE_DVPP, &r, 0)); /* gecl has no media memory */
    GT_EQ(r, 0);
    GT_OK(aclrtCheckMemType(list, 1, ACL_RT_MEM_TYPE_DEV | ACL_RT_MEM_TYPE_DVPP, &r, 0));
    GT_EQ(r, 1);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCheckMemType(list, 1, 0x1, &r, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCheckMemType(list, 1, ACL_RT_MEM_TYPE_DEV, &r, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCheckMemType(list, 0, ACL_RT_MEM_TYPE_DEV, &r, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCheckMemType(NULL, 1, ACL_RT_MEM_TYPE_DEV, &r, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCheckMemType(list, 1, ACL_RT_MEM_TYPE_DEV, NULL, 0));
    GT_OK(aclrtFree(d));
    GT_OK(aclrtCheckMemType(list, 1, ACL_RT_MEM_TYPE_DEV, &r, 0)); /* freed */
    GT_EQ(r, 0);
}

/* ---- allocator ---- */

static void *my_alloc(aclrtAllocator a, size_t size) { (void)a, (void)size; return NULL; }
static void my_free(aclrtAllocator a, aclrtAllocatorBlock b) { (void)a, (void)b; }
static void *my_addr(aclrtAllocatorBlock b) { return b; }
static void *my_advise(aclrtAllocator a, size_t size, aclrtAllocatorAddr addr) { (void)a, (void)size; return addr; }

static void test_allocator_registration(void **state)
{
    (void)state;
    static int obj;
    aclrtAllocatorDesc desc = aclrtAllocatorCreateDesc();
    assert_non_null(desc);
    GT_OK(aclrtAllocatorSetObjToDesc(desc, &obj));
    GT_OK(aclrtAllocatorSetAllocFuncToDesc(desc, my_alloc));
    GT_OK(aclrtAllocatorSetFreeFuncToDesc(desc, my_free));
    /* Without the get-address function the description is incomplete. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorRegister(g_stream, desc));
    GT_OK(aclrtAllocatorSetGetAddrFromBlockFuncToDesc(desc, my_addr));
    /* CANN: the stream must be given (NULL, the default stream, is refused). */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorRegister(NULL, desc));
    GT_OK(aclrtAllocatorRegister(g_stream, desc));

    aclrtAllocatorDesc gd = NULL;
    aclrtAllocator go = NULL;
    aclrtAllocatorAllocFunc ga = NULL;
    aclrtAllocatorFreeFunc gf = NULL;
    aclrtAllocatorAllocAdviseFunc gv = my_advise;
    aclrtAllocatorGetAddrFromBlockFunc gg = NULL;
    GT_OK(aclrtAllocatorGetByStream(g_stream, &gd, &go, &ga, &gf, &gv, &gg));
    assert_ptr_equal(gd, desc);
    assert_ptr_equal(go, &obj);
    assert_true(ga == my_alloc && gf == my_free && gg == my_addr);
    assert_null(gv); /* the advise function is optional */
    /* Per stream: the default stream has none. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorGetByStream(NULL, &gd, &go, &ga, &gf, &gv, &gg));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorGetByStream(g_stream, NULL, &go, &ga, &gf, &gv, &gg));

    GT_OK(aclrtAllocatorUnregister(g_stream));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorGetByStream(g_stream, &gd, &go, &ga, &gf, &gv, &gg));
    /* CANN: nothing to unregister is success, and leaves no error behind. */
    aclrtGetLastError(ACL_RT_THREAD_LEVEL);
    GT_OK(aclrtAllocatorUnregister(g_stream));
    GT_OK(aclrtAllocatorUnregister(NULL));
    GT_EQ(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL), ACL_SUCCESS);

    /* A stream's registration ends with the stream. */
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtAllocatorRegister(s, desc));
    GT_OK(aclrtDestroyStream(s));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorGetByStream(s, &gd, &go, &ga, &gf, &gv, &gg));
    aclrtGetLastError(ACL_RT_THREAD_LEVEL);
    GT_OK(aclrtAllocatorUnregister(s)); /* a stream that no longer exists */
    GT_EQ(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL), ACL_SUCCESS);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorSetAllocFuncToDesc(desc, NULL));
    GT_OK(aclrtAllocatorDestroyDesc(desc));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorDestroyDesc(desc));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorSetObjToDesc(desc, &obj));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorRegister(g_stream, desc));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtAllocatorDestroyDesc(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memset_d32_device),
        cmocka_unit_test(test_fills_on_host_memory),
        cmocka_unit_test(test_memcpy_batch),
        cmocka_unit_test(test_virtual_memory),
        cmocka_unit_test(test_virtual_memory_arguments),
        cmocka_unit_test(test_check_mem_type),
        cmocka_unit_test(test_allocator_registration),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, setup, teardown);
}
