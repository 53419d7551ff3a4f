/*
 * test_api_kernel.c: CANN's kernel calls with OpenCL C as the binary: load from a file and from
 * memory, look functions up by name, launch with an argument blob in device memory, in host
 * memory with placeholders, as an array, and through an argument list (system or caller memory),
 * on two streams, results checked against values computed on the host. Then what must fail:
 * NULLs, unknown names, build errors (with the build log), argument counts and sizes, binaries
 * OpenCL cannot run, unloaded handles and the calls that mean nothing on OpenCL.
 *
 * The blob layout under test (docs/runtime.md): parameters in order, each on 8 bytes; pointers
 * are 8-byte device addresses, __local pointers 8-byte sizes, values their OpenCL size. One
 * block is one work-item (get_global_id), or one work-group for a reqd_work_group_size kernel.
 */
#include "test_util.h"

#include <unistd.h>

#define N 1000

static const char *k_source =
    "typedef float real;\n"
    "__kernel void vadd(__global const float *a, __global const float *b, __global float *c, uint n)\n"
    "{\n"
    "    size_t i = get_global_id(0);\n"
    "    if (i < n) c[i] = a[i] + b[i];\n"
    "}\n"
    "__kernel __attribute__((reqd_work_group_size(64, 1, 1)))\n"
    "void scale(__global const float *x, __global float *y, real alpha, uint n)\n"
    "{\n"
    "    size_t i = get_group_id(0) * 64 + get_local_id(0);\n"
    "    if (i < n) y[i] = alpha * x[i];\n"
    "}\n"
    "__kernel __attribute__((reqd_work_group_size(4, 1, 1)))\n"
    "void group_sum(__global const int *x, __global int *out, __local int *tmp)\n"
    "{\n"
    "    tmp[get_local_id(0)] = x[get_global_id(0)];\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    /* the block index, counting the launch's block offset (get_group_id does not) */\n"
    "    if (get_local_id(0) == 0) out[get_global_id(0) / 4] = tmp[0] + tmp[1] + tmp[2] + tmp[3];\n"
    "}\n";

typedef struct fixture {
    aclrtStream s1, s2;
    aclrtBinHandle bin;
    aclrtFuncHandle vadd, scale, group_sum;
    float *a, *b, *out;          /* host */
    void *da, *db, *dc, *dd;     /* device, N floats each */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || aclrtCreateStream(&f->s1) || aclrtCreateStream(&f->s2)) return -1;
    if (aclrtBinaryLoadFromData(k_source, strlen(k_source), NULL, &f->bin)) {
        print_error("load: %s\n", gt_errmsg());
        return -1;
    }
    if (aclrtBinaryGetFunction(f->bin, "vadd", &f->vadd) || aclrtBinaryGetFunction(f->bin, "scale", &f->scale) ||
        aclrtBinaryGetFunction(f->bin, "group_sum", &f->group_sum)) {
        print_error("get function: %s\n", gt_errmsg());
        return -1;
    }
    f->a = malloc(N * sizeof(float));
    f->b = malloc(N * sizeof(float));
    f->out = malloc(N * sizeof(float));
    for (int i = 0; i < N; i++) {
        f->a[i] = (float)i * 0.5f;
        f->b[i] = 1000.0f - (float)i;
    }
    void **dev[] = {&f->da, &f->db, &f->dc, &f->dd};
    for (int i = 0; i < 4; i++)
        if (aclrtMalloc(dev[i], N * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST)) return -1;
    if (aclrtMemcpy(f->da, N * sizeof(float), f->a, N * sizeof(float), ACL_MEMCPY_HOST_TO_DEVICE) ||
        aclrtMemcpy(f->db, N * sizeof(float), f->b, N * sizeof(float), ACL_MEMCPY_HOST_TO_DEVICE))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    int bad = aclrtBinaryUnLoad(f->bin) != ACL_SUCCESS;
    bad |= aclrtFree(f->da) | aclrtFree(f->db) | aclrtFree(f->dc) | aclrtFree(f->dd);
    bad |= aclrtDestroyStream(f->s1) | aclrtDestroyStream(f->s2);
    free(f->a);
    free(f->b);
    free(f->out);
    free(f);
    return bad ? -1 : 0;
}

/* Reads N floats of dev and checks out[i] == want(i). */
#define CHECK_FLOATS(f, dev, expr)                                                                     \
    do {                                                                                               \
        GT_OK(aclrtMemcpy((f)->out, N * sizeof(float), (dev), N * sizeof(float), ACL_MEMCPY_DEVICE_TO_HOST)); \
        for (int i = 0; i < N; i++) {                                                                  \
            float want_ = (expr);                                                                      \
            if ((f)->out[i] != want_) {                                                                \
                print_error("element %d is %g, expected %g\n", i, (double)(f)->out[i], (double)want_); \
                fail();                                                                                \
            }                                                                                          \
        }                                                                                              \
    } while (0)

/* The blob of vadd(a, b, c, n): three addresses then a uint, each on 8 bytes. */
static void vadd_blob(unsigned char blob[32], void *a, void *b, void *c, uint32_t n)
{
    memset(blob, 0, 32);
    memcpy(blob, &a, 8);
    memcpy(blob + 8, &b, 8);
    memcpy(blob + 16, &c, 8);
    memcpy(blob + 24, &n, 4);
}

static void test_param_layout(void **state)
{
    fixture *f = *state;
    size_t count = 0, off = 0, size = 0;
    GT_OK(aclrtFunctionGetParamCount(f->vadd, &count));
    GT_EQ(count, 4);
    const size_t offs[] = {0, 8, 16, 24}, sizes[] = {8, 8, 8, 4};
    for (size_t i = 0; i < 4; i++) {
        GT_OK(aclrtFunctionGetParamInfo(f->vadd, i, &off, &size));
        GT_EQ(off, offs[i]);
        GT_EQ(size, sizes[i]);
    }
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFunctionGetParamInfo(f->vadd, 4, &off, &size));
    /* The typedef'd `real` is a 4-byte float. */
    GT_OK(aclrtFunctionGetParamInfo(f->scale, 2, &off, &size));
    GT_EQ(off, 16);
    GT_EQ(size, 4);
    char name[16];
    GT_OK(aclrtGetFunctionName(f->scale, sizeof name, name));
    assert_string_equal(name, "scale");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetFunctionName(f->scale, 5, name));
    aclrtBinHandle b = NULL;
    GT_OK(aclrtFunctionGetBinary(f->vadd, &b));
    assert_ptr_equal(b, f->bin);
    /* One name, one handle. */
    aclrtFuncHandle again = NULL;
    GT_OK(aclrtBinaryGetFunction(f->bin, "vadd", &again));
    assert_ptr_equal(again, f->vadd);
}

static void test_launch_device_blob_two_streams(void **state)
{
    fixture *f = *state;
    /* Stream 1: the blob in device memory (CANN's aclrtLaunchKernel). */
    unsigned char blob[32];
    vadd_blob(blob, f->da, f->db, f->dc, N);
    void *dblob = NULL;
    GT_OK(aclrtMalloc(&dblob, sizeof blob, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemcpy(dblob, sizeof blob, blob, sizeof blob, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(aclrtLaunchKernel(f->vadd, N, dblob, sizeof blob, f->s1));
    /* Stream 2: scale a into dd with a host blob (aclrtLaunchKernelWithHostArgs). */
    unsigned char sblob[32] = {0};
    float alpha = 3.0f;
    uint32_t n = N;
    memcpy(sblob, &f->da, 8);
    memcpy(sblob + 8, &f->dd, 8);
    memcpy(sblob + 16, &alpha, 4); /* each parameter starts on 8 bytes */
    memcpy(sblob + 24, &n, 4);
    GT_OK(aclrtLaunchKernelWithHostArgs(f->scale, (N + 63) / 64, f->s2, NULL, sblob, sizeof sblob, NULL, 0));
    GT_OK(aclrtSynchronizeStream(f->s1));
    GT_OK(aclrtSynchronizeStream(f->s2));
    CHECK_FLOATS(f, f->dc, f->a[i] + f->b[i]);
    CHECK_FLOATS(f, f->dd, 3.0f * f->a[i]);
    GT_OK(aclrtFree(dblob));
}

static void test_load_from_file(void **state)
{
    fixture *f = *state;
    char path[] = "/tmp/gecl_kernel_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, k_source, strlen(k_source)), (ssize_t)strlen(k_source));
    close(fd);
    aclrtBinHandle bin = NULL;
    aclrtFuncHandle vadd = NULL;
    GT_OK(aclrtBinaryLoadFromFile(path, NULL, &bin));
    unlink(path);
    assert_ptr_not_equal(bin, f->bin);
    GT_OK(aclrtBinaryGetFunction(bin, "vadd", &vadd));
    unsigned char blob[32];
    vadd_blob(blob, f->db, f->db, f->dd, N);
    GT_OK(aclrtLaunchKernelV2(vadd, N, blob, sizeof blob, NULL, f->s2));
    GT_OK(aclrtSynchronizeStream(f->s2));
    CHECK_FLOATS(f, f->dd, 2.0f * f->b[i]);
    GT_OK(aclrtBinaryUnLoad(bin));
    /* Its function went with it; the fixture's binary is untouched. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernel(vadd, N, blob, sizeof blob, f->s2));
    GT_MSG_HAS("not a live kernel function");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryUnLoad(bin));
    GT_ERR(ACL_ERROR_INVALID_FILE, aclrtBinaryLoadFromFile("/nonexistent/k.cl", NULL, &bin));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryLoadFromFile(NULL, NULL, &bin));
}

static void test_create_binary(void **state)
{
    fixture *f = *state;
    aclrtBinary data = aclrtCreateBinary(k_source, strlen(k_source));
    assert_non_null(data);
    aclrtBinHandle bin = NULL;
    aclrtFuncHandle scale = NULL;
    GT_OK(aclrtBinaryLoad(data, &bin));
    GT_OK(aclrtDestroyBinary(data));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyBinary(data));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryLoad(data, &bin));
    GT_OK(aclrtBinaryGetFunction(bin, "scale", &scale));
    GT_OK(aclrtBinaryUnLoad(bin));
    assert_null(aclrtCreateBinary(NULL, 4));
    (void)f;
}

static void test_args_list(void **state)
{
    fixture *f = *state;
    aclrtArgsHandle args = NULL;
    aclrtParamHandle p[4], palpha = NULL;
    float alpha = -2.0f;
    uint32_t n = N;
    GT_OK(aclrtKernelArgsInit(f->scale, &args));
    GT_OK(aclrtKernelArgsAppend(args, &f->da, sizeof(void *), &p[0]));
    GT_OK(aclrtKernelArgsAppend(args, &f->dc, sizeof(void *), &p[1]));
    GT_OK(aclrtKernelArgsAppend(args, &alpha, sizeof alpha, &palpha));
    /* Not finalized yet: refused. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtKernelArgsFinalize(args));
    GT_MSG_HAS("4 parameters, 3 were appended");
    GT_OK(aclrtKernelArgsAppend(args, &n, sizeof n, &p[3]));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernelWithConfig(f->scale, (N + 63) / 64, f->s1, NULL, args, NULL));
    GT_MSG_HAS("not finalized");
    GT_OK(aclrtKernelArgsFinalize(args));
    GT_OK(aclrtLaunchKernelWithConfig(f->scale, (N + 63) / 64, f->s1, NULL, args, NULL));
    GT_OK(aclrtSynchronizeStream(f->s1));
    CHECK_FLOATS(f, f->dc, -2.0f * f->a[i]);

    /* Update alpha, finalize again, launch on the other stream. */
    alpha = 0.25f;
    GT_OK(aclrtKernelArgsParaUpdate(args, palpha, &alpha, sizeof alpha));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtKernelArgsParaUpdate(args, palpha, &alpha, 8));
    GT_OK(aclrtKernelArgsFinalize(args));
    GT_OK(aclrtLaunchKernelWithConfig(f->scale, (N + 63) / 64, f->s2, NULL, args, NULL));
    GT_OK(aclrtSynchronizeStream(f->s2));
    CHECK_FLOATS(f, f->dc, 0.25f * f->a[i]);

    /* An argument list belongs to its kernel; too many arguments, wrong sizes. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernelWithConfig(f->vadd, N, f->s1, NULL, args, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtKernelArgsAppend(args, &n, sizeof n, &p[0]));
    GT_MSG_HAS("takes 4 parameters");
    aclrtArgsHandle args2 = NULL;
    GT_OK(aclrtKernelArgsInit(f->scale, &args2));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtKernelArgsAppend(args2, &n, sizeof n, &p[0])); /* a pointer takes 8 bytes */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernelWithConfig(f->scale, 1, f->s1, NULL, args, &n));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtKernelArgsAppend(NULL, &n, sizeof n, &p[0]));
}

static void test_placeholder(void **state)
{
    fixture *f = *state;
    /* vadd(a = placeholder with host data, b = db, c = dc, n). */
    aclrtArgsHandle args = NULL;
    aclrtParamHandle ph = NULL, p = NULL;
    uint32_t n = N;
    GT_OK(aclrtKernelArgsInit(f->vadd, &args));
    GT_OK(aclrtKernelArgsAppendPlaceHolder(args, &ph));
    GT_OK(aclrtKernelArgsAppend(args, &f->db, 8, &p));
    GT_OK(aclrtKernelArgsAppend(args, &f->dc, 8, &p));
    GT_OK(aclrtKernelArgsAppend(args, &n, 4, &p));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtKernelArgsFinalize(args)); /* the placeholder has no data yet */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtKernelArgsGetPlaceHolderBuffer(args, p, 16, (void **)&f->out));
    float *buf = NULL;
    GT_OK(aclrtKernelArgsGetPlaceHolderBuffer(args, ph, N * sizeof(float), (void **)&buf));
    for (int i = 0; i < N; i++) buf[i] = (float)(i % 7);
    GT_OK(aclrtKernelArgsFinalize(args));
    GT_OK(aclrtLaunchKernelWithConfig(f->vadd, N, f->s1, NULL, args, NULL));
    /* The data was taken at the launch: changing it now does not change that launch. */
    for (int i = 0; i < N; i++) buf[i] = 100.0f;
    GT_OK(aclrtSynchronizeStream(f->s1));
    CHECK_FLOATS(f, f->dc, (float)(i % 7) + f->b[i]);
    /* A placeholder only for pointers. */
    aclrtArgsHandle args2 = NULL;
    GT_OK(aclrtKernelArgsInit(f->vadd, &args2));
    for (int i = 0; i < 3; i++) GT_OK(aclrtKernelArgsAppend(args2, &f->db, 8, &p));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtKernelArgsAppendPlaceHolder(args2, &p));

    /* Placeholders of aclrtLaunchKernelWithHostArgs: data after the parameters. */
    unsigned char host[32 + N * sizeof(float)];
    vadd_blob(host, NULL, f->db, f->dd, N);
    for (int i = 0; i < N; i++) {
        float v = 2.0f * (float)i;
        memcpy(host + 32 + i * sizeof(float), &v, sizeof v);
    }
    aclrtPlaceHolderInfo info = {0, 32};
    GT_OK(aclrtLaunchKernelWithHostArgs(f->vadd, N, f->s2, NULL, host, sizeof host, &info, 1));
    GT_OK(aclrtSynchronizeStream(f->s2));
    CHECK_FLOATS(f, f->dd, 2.0f * (float)i + f->b[i]);
    aclrtPlaceHolderInfo bad = {24, 32}; /* offset 24 is the uint, not a pointer */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernelWithHostArgs(f->vadd, N, f->s2, NULL, host, sizeof host, &bad, 1));
}

static void test_user_mem_args(void **state)
{
    fixture *f = *state;
    size_t hsize = 0, dsize = 0;
    GT_OK(aclrtKernelArgsGetHandleMemSize(f->vadd, &hsize));
    GT_OK(aclrtKernelArgsGetMemSize(f->vadd, 32, &dsize));
    assert_true(dsize >= 32);
    void *hmem = aligned_alloc(64, (hsize + 63) / 64 * 64);
    void *dmem = malloc(dsize);
    aclrtParamHandle p = NULL;
    uint32_t n = N;
    GT_OK(aclrtKernelArgsInitByUserMem(f->vadd, hmem, dmem, dsize));
    GT_OK(aclrtKernelArgsAppend(hmem, &f->da, 8, &p));
    GT_OK(aclrtKernelArgsAppend(hmem, &f->da, 8, &p));
    GT_OK(aclrtKernelArgsAppend(hmem, &f->dd, 8, &p));
    GT_OK(aclrtKernelArgsAppend(hmem, &n, 4, &p));
    GT_OK(aclrtKernelArgsFinalize(hmem));
    GT_OK(aclrtLaunchKernelWithConfig(f->vadd, N, f->s2, NULL, hmem, NULL));
    GT_OK(aclrtSynchronizeStream(f->s2));
    CHECK_FLOATS(f, f->dd, 2.0f * f->a[i]);
    free(hmem);
    free(dmem);
}

static void test_args_array_and_local(void **state)
{
    fixture *f = *state;
    /* vadd through an array of pointers to each value. */
    uint32_t n = N;
    void *argv[] = {&f->db, &f->db, &f->dc, &n};
    GT_OK(aclrtLaunchKernelWithArgsArray(f->vadd, N, f->s1, NULL, argv));
    GT_OK(aclrtSynchronizeStream(f->s1));
    CHECK_FLOATS(f, f->dc, 2.0f * f->b[i]);

    /* group_sum: 4-item groups, each sums its 4 ints through __local memory of 16 bytes. */
    int32_t x[64], sums[16];
    for (int i = 0; i < 64; i++) x[i] = i * i - 7;
    void *dx = NULL, *ds = NULL;
    GT_OK(aclrtMalloc(&dx, sizeof x, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&ds, sizeof sums, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemcpy(dx, sizeof x, x, sizeof x, ACL_MEMCPY_HOST_TO_DEVICE));
    unsigned char blob[24];
    uint64_t local_bytes = 4 * sizeof(int32_t);
    memcpy(blob, &dx, 8);
    memcpy(blob + 8, &ds, 8);
    memcpy(blob + 16, &local_bytes, 8);
    GT_OK(aclrtLaunchKernel(f->group_sum, 16, blob, sizeof blob, f->s1));
    GT_OK(aclrtSynchronizeStream(f->s1));
    GT_OK(aclrtMemcpy(sums, sizeof sums, ds, sizeof sums, ACL_MEMCPY_DEVICE_TO_HOST));
    for (int g = 0; g < 16; g++) GT_EQ(sums[g], x[4 * g] + x[4 * g + 1] + x[4 * g + 2] + x[4 * g + 3]);

    /* BLOCKDIM_OFFSET: blocks 8..15 only. */
    GT_OK(aclrtMemset(ds, sizeof sums, 0, sizeof sums));
    aclrtLaunchKernelAttr attr = {.id = ACL_RT_LAUNCH_KERNEL_ATTR_BLOCKDIM_OFFSET};
    attr.value.blockDimOffset = 8;
    aclrtLaunchKernelCfg cfg = {&attr, 1};
    GT_OK(aclrtLaunchKernelV2(f->group_sum, 8, blob, sizeof blob, &cfg, f->s1));
    GT_OK(aclrtSynchronizeStream(f->s1));
    GT_OK(aclrtMemcpy(sums, sizeof sums, ds, sizeof sums, ACL_MEMCPY_DEVICE_TO_HOST));
    for (int g = 0; g < 16; g++) GT_EQ(sums[g], g < 8 ? 0 : x[4 * g] + x[4 * g + 1] + x[4 * g + 2] + x[4 * g + 3]);
    attr.id = (aclrtLaunchKernelAttrId)77;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernelV2(f->group_sum, 8, blob, sizeof blob, &cfg, f->s1));

    /* A __local size of 0 means nothing. */
    local_bytes = 0;
    memcpy(blob + 16, &local_bytes, 8);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernel(f->group_sum, 16, blob, sizeof blob, f->s1));
    GT_OK(aclrtFree(dx));
    GT_OK(aclrtFree(ds));
}

static void test_pointer_inside_allocation(void **state)
{
    fixture *f = *state;
    /* c = dc + 4096 bytes: the second half of the result lands 1024 floats in. */
    void *big = NULL;
    GT_OK(aclrtMalloc(&big, 4096 + N * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST));
    unsigned char blob[32];
    vadd_blob(blob, f->da, f->db, (char *)big + 4096, N);
    GT_OK(aclrtLaunchKernel(f->vadd, N, blob, sizeof blob, f->s1));
    GT_OK(aclrtSynchronizeStream(f->s1));
    CHECK_FLOATS(f, (char *)big + 4096, f->a[i] + f->b[i]);
    /* 4 bytes in: below any device's base address alignment. */
    vadd_blob(blob, f->da, f->db, (char *)big + 4, N);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernel(f->vadd, N, blob, sizeof blob, f->s1));
    GT_MSG_HAS("CL_DEVICE_MEM_BASE_ADDR_ALIGN");
    /* Not device memory at all. */
    vadd_blob(blob, f->a, f->db, f->dc, N);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernel(f->vadd, N, blob, sizeof blob, f->s1));
    GT_OK(aclrtFree(big));
}

static void test_bad_inputs(void **state)
{
    fixture *f = *state;
    aclrtBinHandle bin = NULL;
    aclrtFuncHandle fn = NULL;
    unsigned char blob[32];
    vadd_blob(blob, f->da, f->db, f->dc, N);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryLoadFromData(NULL, 10, NULL, &bin));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryLoadFromData(k_source, 0, NULL, &bin));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryLoadFromData(k_source, strlen(k_source), NULL, NULL));
    GT_MSG_HAS("aclrtBinaryLoadFromData");

    /* A build error: the message carries the build log. */
    const char *broken = "__kernel void oops(__global float *x) { x[0] = undeclared_thing; }";
    GT_ERR(ACL_ERROR_OP_LOAD_FAILED, aclrtBinaryLoadFromData(broken, strlen(broken), NULL, &bin));
    GT_MSG_HAS("undeclared_thing");

    /* An unknown name: the message lists what there is. */
    GT_ERR(ACL_ERROR_KERNEL_NOT_FOUND, aclrtBinaryGetFunction(f->bin, "vmul", &fn));
    GT_MSG_HAS("vadd");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryGetFunction(f->bin, NULL, &fn));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryGetFunction(NULL, "vadd", &fn));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryGetFunction(f->vadd, "vadd", &fn)); /* a function is not a binary */

    /* Binaries OpenCL cannot run. */
    const unsigned char elf[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtBinaryLoadFromData(elf, sizeof elf, NULL, &bin));
    const uint32_t spirv[] = {0x07230203u, 0x00010000u, 0, 1, 0};
    aclError rc = aclrtBinaryLoadFromData(spirv, sizeof spirv, NULL, &bin);
    assert_int_not_equal(rc, ACL_SUCCESS); /* unsupported here, or a module too short to build */
    const unsigned char binary_junk[] = {1, 0, 2, 3};
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtBinaryLoadFromData(binary_junk, sizeof binary_junk, NULL, &bin));
    aclrtBinaryLoadOption opt = {ACL_RT_BINARY_LOAD_OPT_CPU_KERNEL_MODE, {.cpuKernelMode = 1}};
    aclrtBinaryLoadOptions opts = {&opt, 1};
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtBinaryLoadFromData(k_source, strlen(k_source), &opts, &bin));

    /* Launch checks. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernel(f->vadd, 0, blob, sizeof blob, f->s1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernel(f->vadd, N, blob, 24, f->s1)); /* the uint is missing */
    GT_MSG_HAS("argsSize 24 is too small");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernel(NULL, N, blob, sizeof blob, f->s1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernel(f->bin, N, blob, sizeof blob, f->s1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernel(f->vadd, N, NULL, sizeof blob, f->s1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtLaunchKernelWithArgsArray(f->vadd, N, f->s1, NULL, NULL));

    /* Calls about Ascend device code. */
    void *addr = NULL, *addr2 = NULL;
    size_t sz = 0;
    int64_t v = 0;
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtBinaryGetFunctionByEntry(f->bin, 1, &fn));
    GT_MSG_HAS("aclrtBinaryGetFunctionByEntry");
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtGetFunctionAddr(f->vadd, &addr, &addr2));
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtBinaryGetDevAddress(f->bin, &addr, &sz));
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtBinaryGetGlobal(f->bin, "g", &addr, &sz));
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtGetFunctionAttribute(f->vadd, ACL_FUNC_ATTR_KERNEL_TYPE, &v));
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtRegisterCpuFunc(f->bin, "f", "k", &fn));
}

/* Group setup and teardown: the runtime, then the fixture. The teardown leaves one binary
 * loaded across aclFinalize: the runtime must release it (LSan sees a leak otherwise) and its
 * handle must be dead after the next aclInit. */
static int group_setup(void **state)
{
    return gt_group_setup(state) || setup(state) ? -1 : 0;
}

static int group_teardown(void **state)
{
    int bad = teardown(state);
    aclrtBinHandle leftover = NULL;
    aclrtFuncHandle fn = NULL;
    bad |= aclrtBinaryLoadFromData(k_source, strlen(k_source), NULL, &leftover) != ACL_SUCCESS;
    bad |= aclrtBinaryGetFunction(leftover, "vadd", &fn) != ACL_SUCCESS;
    bad |= gt_group_teardown(NULL) != 0;
    bad |= aclInit(NULL) != ACL_SUCCESS;
    bad |= aclrtSetDevice(0) != ACL_SUCCESS;
    if (aclrtBinaryGetFunction(leftover, "vadd", &fn) != ACL_ERROR_INVALID_PARAM) {
        print_error("a binary loaded before aclFinalize is still usable after it\n");
        bad = 1;
    }
    bad |= aclrtResetDevice(0) != ACL_SUCCESS;
    bad |= aclFinalize() != ACL_SUCCESS;
    return bad ? -1 : 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_param_layout),
        cmocka_unit_test(test_launch_device_blob_two_streams),
        cmocka_unit_test(test_load_from_file),
        cmocka_unit_test(test_create_binary),
        cmocka_unit_test(test_args_list),
        cmocka_unit_test(test_placeholder),
        cmocka_unit_test(test_user_mem_args),
        cmocka_unit_test(test_args_array_and_local),
        cmocka_unit_test(test_pointer_inside_allocation),
        cmocka_unit_test(test_bad_inputs),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
