/*
 * test_api_pend.c: the last functions of CANN's acl_rt.h (branch pend): pointer attributes,
 * access to and handles of virtual memory, batch copies V2, core resource limits, enumerating a
 * binary's kernels, SIMT launches, and the Ascend-only ones among them.
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

static aclrtPhysicalMemProp device_prop(void)
{
    aclrtPhysicalMemProp p;
    memset(&p, 0, sizeof p);
    p.handleType = ACL_MEM_HANDLE_TYPE_NONE;
    p.allocationType = ACL_MEM_ALLOCATION_TYPE_PINNED;
    p.memAttr = ACL_HBM_MEM_HUGE;
    p.location.type = ACL_MEM_LOCATION_TYPE_DEVICE;
    return p;
}

static void test_pointer_attributes(void **state)
{
    (void)state;
    void *d = NULL, *h = NULL;
    char stack[16];
    aclrtPtrAttributes a;
    GT_OK(aclrtMalloc(&d, 1000, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMallocHost(&h, 1000));
    GT_OK(aclrtPointerGetAttributes((char *)d + 999, &a));
    GT_EQ(a.location.type, ACL_MEM_LOCATION_TYPE_DEVICE);
    GT_EQ(a.location.id, 0);
    GT_EQ(a.pageSize, 64 << 10);
    GT_OK(aclrtPointerGetAttributes((char *)h + 10, &a));
    GT_EQ(a.location.type, ACL_MEM_LOCATION_TYPE_HOST);
    assert_true(a.pageSize >= 4096);
    GT_OK(aclrtPointerGetAttributes(stack, &a));
    GT_EQ(a.location.type, ACL_MEM_LOCATION_TYPE_UNREGISTERED);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtPointerGetAttributes(NULL, &a));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtPointerGetAttributes(d, NULL));
    GT_OK(aclrtFree(d));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtPointerGetAttributes(d, &a)); /* freed device memory */
    GT_OK(aclrtFreeHost(h));
    GT_OK(aclrtPointerGetAttributes(h, &a)); /* no longer pinned */
    GT_EQ(a.location.type, ACL_MEM_LOCATION_TYPE_UNREGISTERED);
}

static void test_vmm_access_and_handles(void **state)
{
    (void)state;
    enum { PIECE = 64 << 10 };
    aclrtPhysicalMemProp prop = device_prop(), got;
    size_t g = 0;
    GT_OK(aclrtMemGetAllocationGranularity(&prop, ACL_RT_MEM_ALLOC_GRANULARITY_MINIMUM, &g));
    GT_EQ(g, PIECE);
    GT_OK(aclrtMemGetAllocationGranularity(&prop, ACL_RT_MEM_ALLOC_GRANULARITY_RECOMMENDED, &g));
    GT_EQ(g, PIECE);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemGetAllocationGranularity(&prop, ACL_RT_MEM_ALLOC_GRANULARITY_UNDEF, &g));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemGetAllocationGranularity(NULL, ACL_RT_MEM_ALLOC_GRANULARITY_MINIMUM, &g));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemGetAllocationGranularity(&prop, ACL_RT_MEM_ALLOC_GRANULARITY_MINIMUM, NULL));

    void *va = NULL;
    aclrtDrvMemHandle ph = NULL, again = NULL;
    GT_OK(aclrtReserveMemAddress(&va, 2 * PIECE, 0, NULL, 0));
    prop.memAttr = ACL_HBM_MEM_NORMAL;
    GT_OK(aclrtMallocPhysical(&ph, PIECE, &prop, 0));
    GT_OK(aclrtMemGetAllocationPropertiesFromHandle(ph, &got));
    GT_EQ(got.memAttr, ACL_HBM_MEM_NORMAL);
    GT_EQ(got.location.type, ACL_MEM_LOCATION_TYPE_DEVICE);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemGetAllocationPropertiesFromHandle(&got, &got));

    /* Mapped without access: pointers there reach nothing until access is granted. */
    unsigned char *h = GT_MALLOC(PIECE), *back = GT_MALLOC(PIECE);
    gt_fill_pattern(h, PIECE, 3);
    GT_OK(aclrtMemMapNoAccess(va, PIECE, 0, ph, 0));
    aclrtMemLocation dev0 = {0, ACL_MEM_LOCATION_TYPE_DEVICE}, host = {0, ACL_MEM_LOCATION_TYPE_HOST};
    uint64_t flag = 99;
    GT_OK(aclrtMemGetAccess(va, &dev0, &flag));
    GT_EQ(flag, ACL_RT_MEM_ACCESS_FLAGS_NONE);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(va, PIECE, h, PIECE, ACL_MEMCPY_HOST_TO_DEVICE));
    aclrtMemAccessDesc desc;
    memset(&desc, 0, sizeof desc);
    desc.flags = ACL_RT_MEM_ACCESS_FLAGS_READWRITE;
    desc.location = dev0;
    GT_OK(aclrtMemSetAccess(va, PIECE, &desc, 1));
    GT_OK(aclrtMemGetAccess((char *)va + 100, &dev0, &flag));
    GT_EQ(flag, ACL_RT_MEM_ACCESS_FLAGS_READWRITE);
    GT_OK(aclrtMemGetAccess(va, &host, &flag));
    GT_EQ(flag, ACL_RT_MEM_ACCESS_FLAGS_NONE);
    GT_OK(aclrtMemcpy(va, PIECE, h, PIECE, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(aclrtMemcpy(back, PIECE, va, PIECE, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(back, h, PIECE);
    /* Withdrawn again; the contents stay with the physical memory. */
    desc.flags = ACL_RT_MEM_ACCESS_FLAGS_NONE;
    GT_OK(aclrtMemSetAccess(va, PIECE, &desc, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(back, PIECE, va, PIECE, ACL_MEMCPY_DEVICE_TO_HOST));
    desc.flags = ACL_RT_MEM_ACCESS_FLAGS_READ;
    GT_OK(aclrtMemSetAccess(va, PIECE, &desc, 1));
    memset(back, 0, PIECE);
    GT_OK(aclrtMemcpy(back, PIECE, va, PIECE, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(back, h, PIECE);

    /* Misuse of the access calls. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemSetAccess(va, 2 * PIECE, &desc, 1)); /* half unmapped */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemSetAccess((char *)va + 8, 64, &desc, 1)); /* not a whole mapping */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemSetAccess(va, PIECE, NULL, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemSetAccess(va, PIECE, &desc, 0));
    desc.flags = (aclrtMemAccessFlags)2;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemSetAccess(va, PIECE, &desc, 1));
    desc.flags = ACL_RT_MEM_ACCESS_FLAGS_READ;
    desc.location = host;
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtMemSetAccess(va, PIECE, &desc, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemGetAccess((char *)va + PIECE, &dev0, &flag)); /* unmapped */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemGetAccess(va, NULL, &flag));

    /* The handle behind the mapping, counted: one more aclrtFreePhysical. */
    GT_OK(aclrtMemRetainAllocationHandle(va, &again));
    assert_ptr_equal(again, ph);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemRetainAllocationHandle((char *)va + 64, &again));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemRetainAllocationHandle((char *)va + PIECE, &again));
    GT_OK(aclrtFreePhysical(again));   /* drops the retained owner, memory stays */
    GT_OK(aclrtMemcpy(back, PIECE, va, PIECE, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreePhysical(ph)); /* the last owner, still mapped */
    GT_OK(aclrtUnmapMem(va));
    GT_OK(aclrtFreePhysical(ph));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemGetAllocationPropertiesFromHandle(ph, &got));
    GT_OK(aclrtReleaseMemAddress(va));
    free(h);
    free(back);
}

static void test_memcpy_batch_v2(void **state)
{
    (void)state;
    enum { N = 256 };
    unsigned char src[N], back[N];
    gt_fill_pattern(src, N, 5);
    void *d = NULL;
    GT_OK(aclrtMalloc(&d, N, ACL_MEM_MALLOC_HUGE_FIRST));
    aclrtMemcpyBatchAttr attr;
    memset(&attr, 0, sizeof attr);
    attr.srcLoc.type = ACL_MEM_LOCATION_TYPE_HOST;
    attr.dstLoc.type = ACL_MEM_LOCATION_TYPE_DEVICE;
    void *dsts[2] = {d, (char *)d + N / 2}, *srcs[2] = {src, src + N / 2};
    size_t maxs[2] = {N / 2, N / 2}, sizes[2] = {N / 2, N / 2}, idx[1] = {0};
    GT_OK(aclrtMemcpyBatchV2(dsts, maxs, srcs, sizes, 2, &attr, idx, 1));
    GT_OK(aclrtMemcpy(back, N, d, N, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_BYTES(back, src, N);
    memset(src, 0x5a, N);
    GT_OK(aclrtMemcpyBatchAsyncV2(dsts, maxs, srcs, sizes, 2, &attr, idx, 1, g_stream));
    GT_OK(aclrtSynchronizeStream(g_stream));
    GT_OK(aclrtMemcpy(back, N, d, N, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(back, 0x5a, N);
    sizes[1] = N; /* larger than destMaxs[1] */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyBatchV2(dsts, maxs, srcs, sizes, 2, &attr, idx, 1));
    GT_MSG_HAS("copy 1");
    sizes[1] = N / 2;
    attr.srcLoc.type = ACL_MEM_LOCATION_TYPE_DEVICE; /* the sources are host memory */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyBatchAsyncV2(dsts, maxs, srcs, sizes, 2, &attr, idx, 1, g_stream));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyBatchV2(NULL, maxs, srcs, sizes, 2, &attr, idx, 1));
    GT_OK(aclrtFree(d));
}

static void test_res_limits(void **state)
{
    (void)state;
    uint32_t cu = 0, v = 0;
    GT_OK(aclrtGetResInCurrentThread(ACL_RT_DEV_RES_VECTOR_CORE, &cu));
    GT_OK(aclrtGetDeviceResLimit(0, ACL_RT_DEV_RES_CUBE_CORE, &v));
    GT_EQ(v, cu);
    GT_OK(aclrtSetDeviceResLimit(0, ACL_RT_DEV_RES_CUBE_CORE, 1));
    GT_OK(aclrtGetDeviceResLimit(0, ACL_RT_DEV_RES_CUBE_CORE, &v));
    GT_EQ(v, 1);
    GT_OK(aclrtGetDeviceResLimit(0, ACL_RT_DEV_RES_VECTOR_CORE, &v));
    GT_EQ(v, cu);
    /* A stream without its own limit has its device's. */
    GT_OK(aclrtGetStreamResLimit(g_stream, ACL_RT_DEV_RES_CUBE_CORE, &v));
    GT_EQ(v, 1);
    GT_OK(aclrtSetStreamResLimit(g_stream, ACL_RT_DEV_RES_CUBE_CORE, cu));
    GT_OK(aclrtGetStreamResLimit(g_stream, ACL_RT_DEV_RES_CUBE_CORE, &v));
    GT_EQ(v, cu);
    GT_OK(aclrtGetStreamResLimit(NULL, ACL_RT_DEV_RES_CUBE_CORE, &v)); /* the default stream */
    GT_EQ(v, 1);
    GT_OK(aclrtResetDeviceResLimit(0));
    GT_OK(aclrtGetDeviceResLimit(0, ACL_RT_DEV_RES_CUBE_CORE, &v));
    GT_EQ(v, cu);
    GT_OK(aclrtSetStreamResLimit(g_stream, ACL_RT_DEV_RES_VECTOR_CORE, 1));
    GT_OK(aclrtResetStreamResLimit(g_stream));
    GT_OK(aclrtGetStreamResLimit(g_stream, ACL_RT_DEV_RES_VECTOR_CORE, &v));
    GT_EQ(v, cu);
    /* Misuse. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetDeviceResLimit(0, ACL_RT_DEV_RES_CUBE_CORE, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetDeviceResLimit(0, ACL_RT_DEV_RES_CUBE_CORE, cu + 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetDeviceResLimit(0, (aclrtDevResLimitType)7, 1));
    assert_int_not_equal(aclrtSetDeviceResLimit(999, ACL_RT_DEV_RES_CUBE_CORE, 1), ACL_SUCCESS);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetDeviceResLimit(0, ACL_RT_DEV_RES_CUBE_CORE, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetStreamResLimit(g_stream, ACL_RT_DEV_RES_VECTOR_CORE, cu + 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetStreamResLimit(g_stream, ACL_RT_DEV_RES_VECTOR_CORE, NULL));
    int not_a_stream;
    assert_int_not_equal(aclrtResetStreamResLimit(&not_a_stream), ACL_SUCCESS);
}

static const char *k_source =
    "__kernel void scale(__global float *x, float f) { x[get_global_id(0)] *= f; }\n"
    "__kernel void where(__global uint *out, uint w, uint h) {\n"
    "    uint gx = get_global_id(0), gy = get_global_id(1);\n"
    "    out[gy * w + gx] = get_group_id(0) * 1000 + get_group_id(1) * 100 + get_local_id(0) * 10 + get_local_id(1);\n"
    "}\n";

static void on_exception(aclrtExceptionInfo *info, void *data) { (void)info, (void)data; }

static void test_binary_functions(void **state)
{
    (void)state;
    aclrtBinHandle bin = NULL;
    GT_OK(aclrtBinaryLoadFromData(k_source, strlen(k_source), NULL, &bin));
    uint32_t count = 0;
    GT_OK(aclrtBinaryGetFunctionCount(bin, &count));
    GT_EQ(count, 2);
    aclrtFuncHandle fs[3] = {NULL, NULL, NULL}, byname = NULL;
    GT_OK(aclrtBinaryEnumerateFunctions(bin, fs, 3));
    assert_non_null(fs[0]);
    assert_non_null(fs[1]);
    assert_null(fs[2]); /* only as many as the binary has */
    char n0[32], n1[32];
    GT_OK(aclrtGetFunctionName(fs[0], sizeof n0, n0));
    GT_OK(aclrtGetFunctionName(fs[1], sizeof n1, n1));
    assert_true((!strcmp(n0, "scale") && !strcmp(n1, "where")) || (!strcmp(n0, "where") && !strcmp(n1, "scale")));
    GT_OK(aclrtBinaryGetFunction(bin, n1, &byname));
    assert_ptr_equal(byname, fs[1]);
    aclrtFuncHandle one[1] = {NULL};
    GT_OK(aclrtBinaryEnumerateFunctions(bin, one, 1));
    assert_ptr_equal(one[0], fs[0]);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryEnumerateFunctions(bin, NULL, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryEnumerateFunctions(bin, one, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryGetFunctionCount(bin, NULL));
    GT_OK(aclrtBinarySetExceptionCallback(bin, on_exception, NULL));
    GT_OK(aclrtBinarySetExceptionCallback(bin, NULL, NULL));
    aclrtFuncHandle fh = NULL;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetFuncHandleFromExceptionInfo(NULL, &fh));
    GT_OK(aclrtBinaryUnLoad(bin));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryGetFunctionCount(bin, &count));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryEnumerateFunctions(bin, one, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinarySetExceptionCallback(bin, on_exception, NULL));
}

static void test_simt_launch(void **state)
{
    (void)state;
    enum { W = 8, H = 4 };
    aclrtBinHandle bin = NULL;
    aclrtFuncHandle where = NULL;
    GT_OK(aclrtBinaryLoadFromData(k_source, strlen(k_source), NULL, &bin));
    GT_OK(aclrtBinaryGetFunction(bin, "where", &where));
    void *d = NULL;
    GT_OK(aclrtMalloc(&d, W * H * sizeof(uint32_t), ACL_MEM_MALLOC_HUGE_FIRST));
    dim3 grid = {2, 2, 1}, block = {4, 2, 1};
    uint32_t w = W, h = H;
    void *args[3] = {&d, &w, &h};
    GT_OK(aclrtLaunchSIMTKernelWithArgsArray(where, grid, block, 0, g_stream, NULL, args));
    GT_OK(aclrtSynchronizeStream(g_stream));
    uint32_t out[W * H];
    GT_OK(aclrtMemcpy(out, sizeof out, d, sizeof out, ACL_MEMCPY_DEVICE_TO_HOST));
    for (uint32_t y = 0; y < H; y++)
        for (uint32_t x = 0; x < W; x++)
            GT_EQ(out[y * W + x], (x / 4) * 1000 + (y / 2) * 100 + (x % 4) * 10 + y % 2);
    /* The same with an argument blob: three parameters, each on 8 bytes. */
    unsigned char blob[24];
    memset(blob, 0, sizeof blob);
    uint64_t addr = (uint64_t)(uintptr_t)d;
    memcpy(blob, &addr, 8);
    memcpy(blob + 8, &w, 4);
    memcpy(blob + 16, &h, 4);
    GT_OK(aclrtMemset(d, sizeof out, 0, sizeof out));
    dim3 grid2 = {1, 4, 1}, block2 = {8, 1, 1};
    GT_OK(aclrtLaunchSIMTKernelWithHostArgs(where, grid2, block2, 0, g_stream, NULL, blob, sizeof blob, NULL, 0));
    GT_OK(aclrtSynchronizeStream(g_stream));
    GT_OK(aclrtMemcpy(out, sizeof out, d, sizeof out, ACL_MEMCPY_DEVICE_TO_HOST));
    for (uint32_t y = 0; y < H; y++)
        for (uint32_t x = 0; x < W; x++) GT_EQ(out[y * W + x], y * 100 + x * 10);
    /* Misuse. */
    dim3 zero = {0, 1, 1};
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchSIMTKernelWithArgsArray(where, zero, block, 0, g_stream, NULL, args));
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtLaunchSIMTKernelWithArgsArray(where, grid, block, 256, g_stream, NULL, args));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchSIMTKernelWithArgsArray(where, grid, block, 0, g_stream, NULL, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchSIMTKernelWithHostArgs(where, grid2, block2, 0, g_stream, NULL, blob, 8, NULL, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchSIMTKernelWithArgsArray(NULL, grid, block, 0, g_stream, NULL, args));
    GT_OK(aclrtFree(d));
    GT_OK(aclrtBinaryUnLoad(bin));
}

#define GT_UNSUPPORTED(name, call)                                                               \
    do {                                                                                         \
        GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, call);                                             \
        GT_MSG_HAS(name ": not supported on OpenCL (");                                          \
    } while (0)

static void test_ascend_only(void **state)
{
    (void)state;
    uint64_t sh = 0;
    aclrtDrvMemHandle h = NULL;
    GT_UNSUPPORTED("aclrtMemExportToShareableHandle", aclrtMemExportToShareableHandle(NULL, ACL_MEM_HANDLE_TYPE_NONE, 0, &sh));
    GT_UNSUPPORTED("aclrtMemImportFromShareableHandleV2",
                   aclrtMemImportFromShareableHandleV2(&sh, ACL_MEM_SHARE_HANDLE_TYPE_DEFAULT, 0, &h));
    assert_null(h);
    size_t n = 7;
    aclrtMemUceInfo info[2];
    GT_UNSUPPORTED("aclrtGetMemUceInfo", aclrtGetMemUceInfo(0, info, 2, &n));
    GT_EQ(n, 7);
    GT_UNSUPPORTED("aclrtRepairError", aclrtRepairError(0, NULL));
    aclrtFuncHandle f = NULL;
    GT_UNSUPPORTED("aclrtGetFuncBySymbol", aclrtGetFuncBySymbol((const void *)test_ascend_only, &f));
    assert_null(f);
    aclmdlRITaskParams p;
    GT_UNSUPPORTED("aclmdlRITaskGetParams", aclmdlRITaskGetParams(NULL, &p));
    GT_UNSUPPORTED("aclrtMemMapSetLink", aclrtMemMapSetLink(NULL, ACL_RT_MEM_ACCESS_LINK_HCCS));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pointer_attributes),
        cmocka_unit_test(test_vmm_access_and_handles),
        cmocka_unit_test(test_memcpy_batch_v2),
        cmocka_unit_test(test_res_limits),
        cmocka_unit_test(test_binary_functions),
        cmocka_unit_test(test_simt_launch),
        cmocka_unit_test(test_ascend_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
