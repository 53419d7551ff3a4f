/* runtime_example: the ACL runtime end to end on the default device. Allocates device and pinned
 * memory, copies in, runs an OpenCL kernel (y = a*x + y) on an ACL stream, times it with ACL
 * events, copies back and checks every element against the same computation on the CPU. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "acl/acl.h"
#include "gecl/gecl_rt.h"

#define CHECK(call)                                                                     \
    do {                                                                                \
        aclError rc_ = (call);                                                          \
        if (rc_ != ACL_SUCCESS) {                                                       \
            fprintf(stderr, "%s failed (%d): %s\n", #call, rc_, aclGetRecentErrMsg()); \
            return 1;                                                                   \
        }                                                                               \
    } while (0)

static const char *kSource =
    "__kernel void saxpy(__global float *y, ulong y_off, __global const float *x, ulong x_off,\n"
    "                    float a, uint n) {\n"
    "    uint i = get_global_id(0);\n"
    "    if (i < n) y[y_off + i] = a * x[x_off + i] + y[y_off + i];\n"
    "}\n";

static int run(int32_t device, unsigned n, int reps)
{
    size_t bytes = (size_t)n * sizeof(float);
    aclrtStream stream;
    aclrtEvent start, stop;
    float *hx, *hy, *out = malloc(bytes);
    void *dev;
    CHECK(aclrtSetDevice(device));
    CHECK(aclrtCreateStream(&stream));
    CHECK(aclrtCreateEvent(&start));
    CHECK(aclrtCreateEvent(&stop));
    CHECK(aclrtMallocHost((void **)&hx, bytes));
    CHECK(aclrtMallocHost((void **)&hy, bytes));
    /* One block for both vectors, split by pointer arithmetic as CANN's docs suggest. */
    CHECK(aclrtMalloc(&dev, 2 * bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    void *dx = dev, *dy = (char *)dev + bytes;
    for (unsigned i = 0; i < n; i++) { hx[i] = (float)(i % 1000) * 0.5f; hy[i] = 1.0f + (float)(i % 7); }
    CHECK(aclrtMemcpy(dx, bytes, hx, bytes, ACL_MEMCPY_HOST_TO_DEVICE));
    CHECK(aclrtMemcpyAsync(dy, bytes, hy, bytes, ACL_MEMCPY_HOST_TO_DEVICE, stream));

    cl_program prog;
    cl_command_queue q;
    cl_mem bx, by;
    size_t ox, oy;
    CHECK(gecl_rt_program(device, kSource, "", &prog));
    CHECK(gecl_rt_stream_queue(stream, &q));
    CHECK(gecl_rt_resolve(dx, &bx, &ox, NULL));
    CHECK(gecl_rt_resolve(dy, &by, &oy, NULL));
    cl_int err;
    cl_kernel k = clCreateKernel(prog, "saxpy", &err);
    cl_ulong xo = ox / sizeof(float), yo = oy / sizeof(float);
    float a = 2.0f;
    cl_uint cn = n;
    clSetKernelArg(k, 0, sizeof by, &by);
    clSetKernelArg(k, 1, sizeof yo, &yo);
    clSetKernelArg(k, 2, sizeof bx, &bx);
    clSetKernelArg(k, 3, sizeof xo, &xo);
    clSetKernelArg(k, 4, sizeof a, &a);
    clSetKernelArg(k, 5, sizeof cn, &cn);
    size_t local = 64, global = (n + local - 1) / local * local;
    CHECK(aclrtRecordEvent(start, stream));
    for (int r = 0; r < reps; r++) clEnqueueNDRangeKernel(q, k, 1, NULL, &global, &local, 0, NULL, NULL);
    CHECK(aclrtRecordEvent(stop, stream));
    CHECK(aclrtMemcpyAsync(out, bytes, dy, bytes, ACL_MEMCPY_DEVICE_TO_HOST, stream));
    CHECK(aclrtSynchronizeStream(stream));
    float ms = 0;
    CHECK(aclrtEventElapsedTime(&ms, start, stop));

    unsigned bad = 0;
    for (unsigned i = 0; i < n; i++) {
        float want = hy[i];
        for (int r = 0; r < reps; r++) want = a * hx[i] + want;
        if (fabsf(out[i] - want) > 1e-5f * fabsf(want)) bad++;
    }
    gecl_device_desc desc;
    CHECK(gecl_rt_describe_device(device, &desc));
    printf("device %d: %s (%s)\n", device, desc.name, desc.platform);
    printf("saxpy n=%u x%d: %.3f ms per launch (ACL events), %.2f GB/s\n", n, reps, ms / reps,
           3.0 * bytes / (ms / reps * 1e-3) / 1e9);
    printf("result check: %s (%u of %u elements differ from the CPU reference)\n", bad ? "FAILED" : "ok", bad, n);

    clReleaseKernel(k);
    CHECK(aclrtFree(dev));
    CHECK(aclrtFreeHost(hx));
    CHECK(aclrtFreeHost(hy));
    CHECK(aclrtDestroyEvent(start));
    CHECK(aclrtDestroyEvent(stop));
    CHECK(aclrtDestroyStream(stream));
    CHECK(aclrtResetDevice(device));
    free(out);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    int32_t device = argc > 1 ? atoi(argv[1]) : 0;
    CHECK(aclInit(NULL));
    int rc = run(device, 1u << 22, 10);
    CHECK(aclFinalize());
    return rc;
}
