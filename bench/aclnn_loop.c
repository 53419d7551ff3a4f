/*
 * aclnn_loop.c: the cost of a loop of aclnn calls next to the same work enqueued raw with OpenCL,
 * measured in one run on ACL device 0 and one stream.
 *
 *   aclnn      10,000 times: aclnnAddGetWorkspaceSize (a cache hit: the operator was compiled
 *              by the warm-up) + aclnnAdd on the stream; then aclrtSynchronizeStream.
 *   raw once   an add kernel built by the benchmark in gecl's cl_context (gecl_rt_device_cl), with
 *              the same signature as gecl's generated kernels ((buffer, byte offset) per tensor,
 *              sizes after them), arguments set once, enqueued 10,000 times on the stream's own
 *              queue (gecl_rt_stream_queue) on the same memory (gecl_rt_resolve); then clFinish.
 *   raw args   the same with the six tensor arguments set before every enqueue (what a program
 *              does when its tensors change between calls, and what aclnn does on every call).
 *
 * The tensors are small (1,024 floats by default), so launch overhead dominates. Each figure is
 * the median of several rounds, the three loops interleaved round by round; the ratios
 * aclnn / raw are printed for the enqueue loop alone and for the loop with its final
 * synchronisation. The benchmark checks the result (exit 1 when it is wrong) and otherwise
 * exits 0 whatever the figures.
 *
 *   aclnn_loop [--calls N] [--elems N] [--rounds N]
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acl/acl.h"
#include "aclnn/opdev/op_errno.h"
#include "aclnnop/aclnn_add.h"
#include "gecl/gecl_aclnn.h"
#include "gecl/gecl_rt.h"

#define ACL_CHECK(call) check((int)(call), #call, __LINE__)
#define CL_CHECK(call) check((int)(call), #call, __LINE__)

static void check(int err, const char *what, int line)
{
    if (err == 0) return;
    fflush(stdout);
    fprintf(stderr, "aclnn_loop.c:%d: %s failed: %d: %s\n", line, what, err, aclGetRecentErrMsg());
    exit(1);
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static const char *kernel_source =
    "__kernel void add(__global const float *a, ulong a_off, __global const float *b, ulong b_off,\n"
    "                  __global float *y, ulong y_off, long n)\n"
    "{\n"
    "    a += a_off / 4; b += b_off / 4; y += y_off / 4;\n"
    "    long i = get_global_id(0);\n"
    "    if (i < n) y[i] = a[i] + b[i];\n"
    "}\n";

typedef struct raw {
    cl_kernel k;
    cl_command_queue q;
    cl_mem mem[3];
    cl_ulong off[3];
    size_t global;
} raw;

static void raw_set_args(raw *r)
{
    for (cl_uint t = 0; t < 3; t++) {
        CL_CHECK(clSetKernelArg(r->k, 2 * t, sizeof r->mem[t], &r->mem[t]));
        CL_CHECK(clSetKernelArg(r->k, 2 * t + 1, sizeof r->off[t], &r->off[t]));
    }
}

int main(int argc, char **argv)
{
    int calls = 10000, elems = 1024, rounds = 7;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--calls")) calls = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--elems")) elems = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--rounds")) rounds = atoi(argv[i + 1]);
    }
    if (calls < 1 || elems < 1 || rounds < 1) {
        fprintf(stderr, "usage: aclnn_loop [--calls N] [--elems N] [--rounds N]\n");
        return 2;
    }
    ACL_CHECK(aclInit(NULL));
    ACL_CHECK(aclrtSetDevice(0));
    aclrtStream stream;
    ACL_CHECK(aclrtCreateStream(&stream));
    const size_t bytes = (size_t)elems * sizeof(float);
    float *host = malloc(bytes);
    if (!host) return 1;
    for (int i = 0; i < elems; i++) host[i] = (float)(i % 7);
    void *a, *b, *y;
    ACL_CHECK(aclrtMalloc(&a, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    ACL_CHECK(aclrtMalloc(&b, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    ACL_CHECK(aclrtMalloc(&y, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    ACL_CHECK(aclrtMemcpy(a, bytes, host, bytes, ACL_MEMCPY_HOST_TO_DEVICE));
    ACL_CHECK(aclrtMemcpy(b, bytes, host, bytes, ACL_MEMCPY_HOST_TO_DEVICE));

    const int64_t dims[1] = {elems};
    aclTensor *ta = aclCreateTensor(dims, 1, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, dims, 1, a);
    aclTensor *tb = aclCreateTensor(dims, 1, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, dims, 1, b);
    aclTensor *ty = aclCreateTensor(dims, 1, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, dims, 1, y);
    float one = 1.0f;
    aclScalar *alpha = aclCreateScalar(&one, ACL_FLOAT);
    if (!ta || !tb || !ty || !alpha) check(1, "aclCreateTensor/aclCreateScalar", __LINE__);

    /* The raw side: a kernel of our own in gecl's context, on the stream's queue and memory. */
    raw r;
    cl_platform_id platform;
    cl_device_id device;
    cl_context ctx;
    ACL_CHECK(gecl_rt_device_cl(0, &platform, &device, &ctx));
    ACL_CHECK(gecl_rt_stream_queue(stream, &r.q));
    cl_int err;
    cl_program prog = clCreateProgramWithSource(ctx, 1, &kernel_source, NULL, &err);
    CL_CHECK(err);
    CL_CHECK(clBuildProgram(prog, 1, &device, "", NULL, NULL));
    r.k = clCreateKernel(prog, "add", &err);
    CL_CHECK(err);
    void *ptrs[3] = {a, b, y};
    for (int t = 0; t < 3; t++) {
        size_t off;
        ACL_CHECK(gecl_rt_resolve(ptrs[t], &r.mem[t], &off, NULL));
        r.off[t] = off;
    }
    cl_long n = elems;
    CL_CHECK(clSetKernelArg(r.k, 6, sizeof n, &n));
    r.global = ((size_t)elems + 63) / 64 * 64;

    /* Warm-up: compiles the operator once and builds both programs' first launches. */
    for (int k = 0; k < 100; k++) {
        uint64_t ws;
        aclOpExecutor *ex;
        ACL_CHECK(aclnnAddGetWorkspaceSize(ta, tb, alpha, ty, &ws, &ex));
        ACL_CHECK(aclnnAdd(NULL, ws, ex, stream));
        raw_set_args(&r);
        CL_CHECK(clEnqueueNDRangeKernel(r.q, r.k, 1, NULL, &r.global, NULL, 0, NULL, NULL));
    }
    ACL_CHECK(aclrtSynchronizeStream(stream));
    gecl_aclnn_counts c0, c1;
    ACL_CHECK(gecl_aclnn_live_counts(&c0));

    double *t_nn = calloc((size_t)rounds, sizeof(double)), *t_nn_sync = calloc((size_t)rounds, sizeof(double));
    double *t_raw = calloc((size_t)rounds, sizeof(double)), *t_raw_sync = calloc((size_t)rounds, sizeof(double));
    double *t_args = calloc((size_t)rounds, sizeof(double)), *t_args_sync = calloc((size_t)rounds, sizeof(double));
    if (!t_nn || !t_nn_sync || !t_raw || !t_raw_sync || !t_args || !t_args_sync) return 1;
    for (int round = 0; round < rounds; round++) {
        double t0 = now_us();
        for (int k = 0; k < calls; k++) {
            uint64_t ws;
            aclOpExecutor *ex;
            ACL_CHECK(aclnnAddGetWorkspaceSize(ta, tb, alpha, ty, &ws, &ex));
            ACL_CHECK(aclnnAdd(NULL, ws, ex, stream));
        }
        double t1 = now_us();
        ACL_CHECK(aclrtSynchronizeStream(stream));
        double t2 = now_us();
        t_nn[round] = (t1 - t0) / calls;
        t_nn_sync[round] = (t2 - t0) / calls;

        raw_set_args(&r);
        t0 = now_us();
        for (int k = 0; k < calls; k++)
            CL_CHECK(clEnqueueNDRangeKernel(r.q, r.k, 1, NULL, &r.global, NULL, 0, NULL, NULL));
        t1 = now_us();
        CL_CHECK(clFinish(r.q));
        t2 = now_us();
        t_raw[round] = (t1 - t0) / calls;
        t_raw_sync[round] = (t2 - t0) / calls;

        t0 = now_us();
        for (int k = 0; k < calls; k++) {
            raw_set_args(&r);
            CL_CHECK(clEnqueueNDRangeKernel(r.q, r.k, 1, NULL, &r.global, NULL, 0, NULL, NULL));
        }
        t1 = now_us();
        CL_CHECK(clFinish(r.q));
        t2 = now_us();
        t_args[round] = (t1 - t0) / calls;
        t_args_sync[round] = (t2 - t0) / calls;
    }
    ACL_CHECK(gecl_aclnn_live_counts(&c1));

    /* The result: y = a + b. */
    ACL_CHECK(aclrtMemset(y, bytes, 0, bytes));
    uint64_t ws;
    aclOpExecutor *ex;
    ACL_CHECK(aclnnAddGetWorkspaceSize(ta, tb, alpha, ty, &ws, &ex));
    ACL_CHECK(aclnnAdd(NULL, ws, ex, stream));
    ACL_CHECK(aclrtSynchronizeStream(stream));
    float *out = malloc(bytes);
    if (!out) return 1;
    ACL_CHECK(aclrtMemcpy(out, bytes, y, bytes, ACL_MEMCPY_DEVICE_TO_HOST));
    int wrong = 0;
    for (int i = 0; i < elems; i++) wrong += out[i] != 2 * host[i];

    const double nn = median(t_nn, rounds), nn_s = median(t_nn_sync, rounds);
    const double rw = median(t_raw, rounds), rw_s = median(t_raw_sync, rounds);
    const double ar = median(t_args, rounds), ar_s = median(t_args_sync, rounds);
    printf("aclnn_loop: %d calls of aclnnAdd on %d floats, median of %d rounds (us per call)\n", calls, elems, rounds);
    printf("  %-34s %10s %14s\n", "", "enqueue", "enqueue+sync");
    printf("  %-34s %10.3f %14.3f\n", "aclnnAddGetWorkspaceSize+aclnnAdd", nn, nn_s);
    printf("  %-34s %10.3f %14.3f\n", "raw: args set once", rw, rw_s);
    printf("  %-34s %10.3f %14.3f\n", "raw: args set per call", ar, ar_s);
    printf("  ratio aclnn / raw (args once)      %10.3f %14.3f\n", nn / rw, nn_s / rw_s);
    printf("  ratio aclnn / raw (args per call)  %10.3f %14.3f\n", nn / ar, nn_s / ar_s);
    printf("  operators compiled during the timed loops: %llu (cache hits only when 0)\n",
           (unsigned long long)(c1.compiles - c0.compiles));
    printf("  result: %s\n", wrong ? "WRONG" : "correct");

    free(out);
    free(t_nn), free(t_nn_sync), free(t_raw), free(t_raw_sync), free(t_args), free(t_args_sync);
    clReleaseKernel(r.k);
    clReleaseProgram(prog);
    aclDestroyTensor(ta), aclDestroyTensor(tb), aclDestroyTensor(ty), aclDestroyScalar(alpha);
    aclrtFree(a), aclrtFree(b), aclrtFree(y);
    free(host);
    ACL_CHECK(aclrtDestroyStream(stream));
    ACL_CHECK(aclrtResetDevice(0));
    aclnnFinalize();
    ACL_CHECK(aclFinalize());
    return wrong ? 1 : 0;
}
