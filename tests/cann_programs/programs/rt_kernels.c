/* Kernels the way the runtime's kernel calls load and launch them: a device binary loaded from a
 * file and from memory (on gecl, OpenCL C source: programs/kernels/vec_ops.cl), functions taken
 * from it by name, launched with an argument blob (aclrtLaunchKernel) and with an argument list
 * built call by call (aclrtKernelArgs*, aclrtLaunchKernelWithConfig): values updated between
 * launches, a placeholder whose data the program writes into the list's own buffer, and a block
 * offset from the launch configuration. Every result is copied back and compared. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl.h"
#include "cann_check.h"

#ifndef CANN_PROGRAMS_KERNEL_DIR
#error "CANN_PROGRAMS_KERNEL_DIR must name the folder of vec_ops.cl"
#endif

enum { N = 1000, TABLE = 64 };

static char *ReadFile(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    EXPECT(f != NULL);
    EXPECT(fseek(f, 0, SEEK_END) == 0);
    long size = ftell(f);
    EXPECT(size > 0 && fseek(f, 0, SEEK_SET) == 0);
    char *data = malloc((size_t)size);
    EXPECT(data != NULL && fread(data, 1, (size_t)size, f) == (size_t)size);
    fclose(f);
    *len = (size_t)size;
    return data;
}

static void *ToDevice(const void *host, size_t bytes)
{
    void *dev = NULL;
    CHECK_ACL(aclrtMalloc(&dev, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_ACL(aclrtMemcpy(dev, bytes, host, bytes, ACL_MEMCPY_HOST_TO_DEVICE));
    return dev;
}

static void ExpectY(const void *devY, const float *x, float y0, float alpha)
{
    static float y[N];
    CHECK_ACL(aclrtMemcpy(y, sizeof y, devY, sizeof y, ACL_MEMCPY_DEVICE_TO_HOST));
    for (int i = 0; i < N; i++) {
        if (y[i] != alpha * x[i] + y0) {
            ERROR_LOG("y[%d] = %g, expected %g", i, y[i], alpha * x[i] + y0);
            exit(1);
        }
    }
}

/* The argument blob: each parameter on a multiple of 8 bytes, addresses as 8 bytes. */
static void LaunchWithBlob(aclrtFuncHandle scaleAdd, aclrtStream stream, void *x, void *y, const float *hx)
{
    struct {
        void *x;
        void *y;
        float alpha;
        uint32_t pad;
        int32_t n;
        uint32_t pad2;
    } args = {x, y, 2.0f, 0, N, 0};
    CHECK_ACL(aclrtMemset(y, N * sizeof(float), 0, N * sizeof(float)));
    CHECK_ACL(aclrtLaunchKernel(scaleAdd, N, &args, sizeof args, stream));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    ExpectY(y, hx, 0.0f, 2.0f); /* y = 2x */
    CHECK_ACL(aclrtLaunchKernel(scaleAdd, N, &args, sizeof args, stream));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    ExpectY(y, hx, 0.0f, 4.0f); /* y = 2x + 2x */
    EXPECT(aclrtLaunchKernel(scaleAdd, N, &args, 12, stream) == ACL_ERROR_INVALID_PARAM); /* too short */
    EXPECT(aclrtLaunchKernel(scaleAdd, 0, &args, sizeof args, stream) == ACL_ERROR_INVALID_PARAM);
    INFO_LOG("aclrtLaunchKernel: y = 2x twice");
}

/* The same kernel from an argument list; alpha updated in place between launches. */
static void LaunchWithList(aclrtFuncHandle scaleAdd, aclrtStream stream, void *x, void *y, const float *hx)
{
    aclrtArgsHandle args = NULL;
    aclrtParamHandle px, py, palpha, pn;
    CHECK_ACL(aclrtKernelArgsInit(scaleAdd, &args));
    CHECK_ACL(aclrtKernelArgsAppend(args, &x, sizeof x, &px));
    CHECK_ACL(aclrtKernelArgsAppend(args, &y, sizeof y, &py));
    float alpha = 3.0f;
    CHECK_ACL(aclrtKernelArgsAppend(args, &alpha, sizeof alpha, &palpha));
    int32_t n = N;
    /* the list is not complete: it cannot be finalized yet */
    EXPECT(aclrtKernelArgsFinalize(args) == ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtKernelArgsAppend(args, &n, sizeof n, &pn));
    EXPECT(aclrtKernelArgsAppend(args, &n, sizeof n, &pn) == ACL_ERROR_INVALID_PARAM); /* one too many */
    CHECK_ACL(aclrtKernelArgsFinalize(args));

    CHECK_ACL(aclrtMemset(y, N * sizeof(float), 0, N * sizeof(float)));
    CHECK_ACL(aclrtLaunchKernelWithConfig(scaleAdd, N, stream, NULL, args, NULL));
    alpha = -1.0f;
    CHECK_ACL(aclrtKernelArgsParaUpdate(args, palpha, &alpha, sizeof alpha));
    /* updated: finalize again before launching */
    EXPECT(aclrtLaunchKernelWithConfig(scaleAdd, N, stream, NULL, args, NULL) == ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtKernelArgsFinalize(args));
    CHECK_ACL(aclrtLaunchKernelWithConfig(scaleAdd, N, stream, NULL, args, NULL));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    ExpectY(y, hx, 0.0f, 2.0f); /* 3x - x */

    /* blocks from N/2 on only: the first half keeps 2x, the second gets 2x + 10x */
    alpha = 10.0f;
    CHECK_ACL(aclrtKernelArgsParaUpdate(args, palpha, &alpha, sizeof alpha));
    CHECK_ACL(aclrtKernelArgsFinalize(args));
    aclrtLaunchKernelAttr attr;
    memset(&attr, 0, sizeof attr);
    attr.id = ACL_RT_LAUNCH_KERNEL_ATTR_BLOCKDIM_OFFSET;
    attr.value.blockDimOffset = N / 2;
    aclrtLaunchKernelCfg cfg = {&attr, 1};
    CHECK_ACL(aclrtLaunchKernelWithConfig(scaleAdd, N / 2, stream, &cfg, args, NULL));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    static float out[N];
    CHECK_ACL(aclrtMemcpy(out, sizeof out, y, sizeof out, ACL_MEMCPY_DEVICE_TO_HOST));
    for (int i = 0; i < N; i++) EXPECT(out[i] == (i < N / 2 ? 2.0f : 12.0f) * hx[i]);
    INFO_LOG("aclrtLaunchKernelWithConfig: appended, updated, offset launches all right");
}

/* A pointer parameter as a placeholder: its data goes into the list's buffer. */
static void LaunchWithPlaceHolder(aclrtFuncHandle lookup, aclrtStream stream)
{
    int32_t hidx[N];
    for (int i = 0; i < N; i++) hidx[i] = (i * 7) % TABLE;
    void *idx = ToDevice(hidx, sizeof hidx);
    void *out = NULL;
    CHECK_ACL(aclrtMalloc(&out, sizeof hidx, ACL_MEM_MALLOC_HUGE_FIRST));

    aclrtArgsHandle args = NULL;
    aclrtParamHandle ptable, pidx, pout;
    CHECK_ACL(aclrtKernelArgsInit(lookup, &args));
    CHECK_ACL(aclrtKernelArgsAppendPlaceHolder(args, &ptable));
    CHECK_ACL(aclrtKernelArgsAppend(args, &idx, sizeof idx, &pidx));
    CHECK_ACL(aclrtKernelArgsAppend(args, &out, sizeof out, &pout));
    int32_t *table = NULL;
    CHECK_ACL(aclrtKernelArgsGetPlaceHolderBuffer(args, ptable, TABLE * sizeof(int32_t), (void **)&table));
    EXPECT(table != NULL);
    for (int i = 0; i < TABLE; i++) table[i] = 1000 + i * i;
    EXPECT(aclrtKernelArgsGetPlaceHolderBuffer(args, pidx, 16, (void **)&table) == ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtKernelArgsFinalize(args));
    CHECK_ACL(aclrtLaunchKernelWithConfig(lookup, N, stream, NULL, args, NULL));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    int32_t back[N];
    CHECK_ACL(aclrtMemcpy(back, sizeof back, out, sizeof back, ACL_MEMCPY_DEVICE_TO_HOST));
    for (int i = 0; i < N; i++) EXPECT(back[i] == 1000 + hidx[i] * hidx[i]);
    CHECK_ACL(aclrtFree(idx));
    CHECK_ACL(aclrtFree(out));
    INFO_LOG("placeholder table reached the kernel");
}

int main(void)
{
    CHECK_ACL(aclInit(NULL));
    CHECK_ACL(aclrtSetDevice(0));
    aclrtStream stream;
    CHECK_ACL(aclrtCreateStream(&stream));

    const char *path = CANN_PROGRAMS_KERNEL_DIR "/vec_ops.cl";
    aclrtBinHandle fromFile = NULL, fromData = NULL;
    CHECK_ACL(aclrtBinaryLoadFromFile(path, NULL, &fromFile));
    size_t len = 0;
    char *data = ReadFile(path, &len);
    aclrtBinaryLoadOption lazy;
    memset(&lazy, 0, sizeof lazy);
    lazy.type = ACL_RT_BINARY_LOAD_OPT_LAZY_LOAD;
    lazy.value.isLazyLoad = 1;
    aclrtBinaryLoadOptions options = {&lazy, 1};
    CHECK_ACL(aclrtBinaryLoadFromData(data, len, &options, &fromData));
    free(data);
    EXPECT(aclrtBinaryLoadFromFile(CANN_PROGRAMS_KERNEL_DIR "/no_such.cl", NULL, &fromFile) != ACL_SUCCESS);
    const char broken[] = "__kernel void f(__global int *p) { p[0] = undefined_name; }";
    aclrtBinHandle bad = NULL;
    EXPECT(aclrtBinaryLoadFromData(broken, sizeof broken - 1, NULL, &bad) != ACL_SUCCESS);
    EXPECT(aclGetRecentErrMsg() != NULL && aclGetRecentErrMsg()[0] != '\0');

    aclrtFuncHandle scaleAdd = NULL, again = NULL, lookup = NULL, missing = NULL;
    CHECK_ACL(aclrtBinaryGetFunction(fromFile, "scale_add", &scaleAdd));
    CHECK_ACL(aclrtBinaryGetFunction(fromFile, "scale_add", &again));
    EXPECT(scaleAdd == again);
    CHECK_ACL(aclrtBinaryGetFunction(fromData, "lookup", &lookup));
    EXPECT(aclrtBinaryGetFunction(fromFile, "no_such_kernel", &missing) == ACL_ERROR_KERNEL_NOT_FOUND);

    float hx[N];
    for (int i = 0; i < N; i++) hx[i] = (float)(i % 17) - 8.0f;
    void *x = ToDevice(hx, sizeof hx), *y = NULL;
    CHECK_ACL(aclrtMalloc(&y, sizeof hx, ACL_MEM_MALLOC_HUGE_FIRST));
    LaunchWithBlob(scaleAdd, stream, x, y, hx);
    LaunchWithList(scaleAdd, stream, x, y, hx);
    LaunchWithPlaceHolder(lookup, stream);
    CHECK_ACL(aclrtFree(x));
    CHECK_ACL(aclrtFree(y));

    CHECK_ACL(aclrtBinaryUnLoad(fromFile));
    CHECK_ACL(aclrtBinaryUnLoad(fromData));
    EXPECT(aclrtBinaryGetFunction(fromFile, "scale_add", &again) == ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtDestroyStream(stream));
    CHECK_ACL(aclrtResetDevice(0));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
