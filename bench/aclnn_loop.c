/*
 * aclnn_loop.c: the cost of a loop of aclnn calls next to the same work enqueued raw with OpenCL,
 * measured in one run on ACL device 0 and one stream.
 *
 *   aclnn      10,000 times: aclnnAddGetWorkspaceSize (a cache hit: the operator was compiled
 *              by the warm-up) + aclnnAdd on the stream; then aclrtSynchronizeStream.
 *   raw once   the same kernel (gecl's own, which gecl_aclnn_executor_launch hands out) with
 *              its arguments set once on the same memory (gecl_rt_resolve), enqueued 10,000
 *              times with clEnqueueNDRangeKernel on the stream's own queue
 *              (gecl_rt_stream_queue); then clFinish.
 *   raw args   the same with the tensor arguments set before every enqueue (what a program does
 *              when its tensors change between calls, and what aclnn does on every call).
 *
 * The tensors are small (1,024 floats by default), so launch overhead dominates. Each figure is
 * the median of several rounds, the three loops interleaved (order rotated) round by round; the ratios
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

/* gecl's kernel for aclnnAdd, replayed: its tensor arguments and where they point. */
typedef struct raw {
    gecl_aclnn_launch l;
    cl_command_queue q;
    cl_mem mem[GECL_ACLNN_MAX_TENSOR_ARGS];
    cl_ulong off[GECL_ACLNN_MAX_TENSOR_ARGS];
} raw;

static void raw_set_args(raw *r)
{
    for (size_t t = 0; t < r->l.n_tensor_args; t++) {
        cl_uint a = r->l.tensor_args[t].arg;
        CL_CHECK(clSetKernelArg(r->l.kernel, 2 * a, sizeof r->mem[t], &r->mem[t]));
        CL_CHECK(clSetKernelArg(r->l.kernel, 2 * a + 1, sizeof r->off[t], &r->off[t]));
    }
}

static void raw_enqueue(raw *r)
{
    CL_CHECK(clEnqueueNDRangeKernel(r->q, r->l.kernel, r->l.work_dim, NULL, r->l.global,
                                    r->l.local[0] ? r->l.local : NULL, 0, NULL, NULL));
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

    /* The raw side: gecl's kernel for this aclnnAdd, held by a repeatable executor while the
     * benchmark replays it on the stream's queue and the same memory. */
    raw r;
    ACL_CHECK(gecl_rt_stream_queue(stream, &r.q));
    uint64_t ws0;
    aclOpExecutor *keep;
    ACL_CHECK(aclnnAddGetWorkspaceSize(ta, tb, alpha, ty, &ws0, &keep));
    ACL_CHECK(aclSetAclOpExecutorRepeatable(keep));
    size_t n_launches = 0;
    ACL_CHECK(gecl_aclnn_executor_launches(keep, &n_launches));
    if (n_launches != 1 || ws0) check(1, "aclnnAdd is one kernel without workspace", __LINE__);
    ACL_CHECK(gecl_aclnn_executor_launch(keep, 0, &r.l));
    void *ptrs[3] = {a, b, y}; /* inputs self, other; output out */
    for (size_t t = 0; t < r.l.n_tensor_args; t++) {
        const gecl_aclnn_tensor_arg *ta_ = &r.l.tensor_args[t];
        size_t off;
        void *p = ta_->kind == GECL_ACLNN_ARG_INPUT ? ptrs[ta_->index] : ptrs[2];
        ACL_CHECK(gecl_rt_resolve(p, &r.mem[t], &off, NULL));
        r.off[t] = off;
    }

    /* Warm-up: compiles the operator once and builds both programs' first launches. */
    for (int k = 0; k < 100; k++) {
        uint64_t ws;
        aclOpExecutor *ex;
        ACL_CHECK(aclnnAddGetWorkspaceSize(ta, tb, alpha, ty, &ws, &ex));
        ACL_CHECK(aclnnAdd(NULL, ws, ex, stream));
        raw_set_args(&r);
        raw_enqueue(&r);
    }
    ACL_CHECK(aclrtSynchronizeStream(stream));
    gecl_aclnn_counts c0, c1;
    ACL_CHECK(gecl_aclnn_live_counts(&c0));

    double *t_nn = calloc((size_t)rounds, sizeof(double)), *t_nn_sync = calloc((size_t)rounds, sizeof(double));
    double *t_raw = calloc((size_t)rounds, sizeof(double)), *t_raw_sync = calloc((size_t)rounds, sizeof(double));
    double *t_args = calloc((size_t)rounds, sizeof(double)), *t_args_sync = calloc((size_t)rounds, sizeof(double));
    if (!t_nn || !t_nn_sync || !t_raw || !t_raw_sync || !t_args || !t_args_sync) return 1;
    /* The three loops interleaved, their order rotated round by round, so that drift and the
     * state a loop leaves the queue in fall on each of them alike. */
    for (int round = 0; round < rounds; round++)
        for (int turn = 0; turn < 3; turn++) {
            const int which = (round + turn) % 3;
            double t0 = now_us(), t1;
            if (which == 0) {
                for (int k = 0; k < calls; k++) {
                    uint64_t ws;
                    aclOpExecutor *ex;
                    ACL_CHECK(aclnnAddGetWorkspaceSize(ta, tb, alpha, ty, &ws, &ex));
                    ACL_CHECK(aclnnAdd(NULL, ws, ex, stream));
                }
                t1 = now_us();
                ACL_CHECK(aclrtSynchronizeStream(stream));
            } else if (which == 1) {
                raw_set_args(&r);
                for (int k = 0; k < calls; k++) raw_enqueue(&r);
                t1 = now_us();
                CL_CHECK(clFinish(r.q));
            } else {
                for (int k = 0; k < calls; k++) {
                    raw_set_args(&r);
                    raw_enqueue(&r);
                }
                t1 = now_us();
                CL_CHECK(clFinish(r.q));
            }
            const double t2 = now_us();
            double *enq = which == 0 ? t_nn : which == 1 ? t_raw : t_args;
            double *all = which == 0 ? t_nn_sync : which == 1 ? t_raw_sync : t_args_sync;
            enq[round] = (t1 - t0) / calls;
            all[round] = (t2 - t0) / calls;
        }
    /* The first phase alone (host work only: checks, cache lookup, executor), in rounds too. */
    double *t_p1 = calloc((size_t)rounds, sizeof(double));
    if (!t_p1) return 1;
    for (int round = 0; round < rounds; round++) {
        double t0 = now_us();
        for (int k = 0; k < calls; k++) {
            uint64_t ws;
            aclOpExecutor *ex;
            ACL_CHECK(aclnnAddGetWorkspaceSize(ta, tb, alpha, ty, &ws, &ex));
            ACL_CHECK(aclDestroyAclOpExecutor(ex));
        }
        t_p1[round] = (now_us() - t0) / calls;
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
    printf("  %-34s %10.3f %14.3f\n", "same kernel raw: args set once", rw, rw_s);
    printf("  %-34s %10.3f %14.3f\n", "same kernel raw: args per call", ar, ar_s);
    printf("  ratio aclnn / raw (args once)      %10.3f %14.3f\n", nn / rw, nn_s / rw_s);
    printf("  ratio aclnn / raw (args per call)  %10.3f %14.3f\n", nn / ar, nn_s / ar_s);
    printf("  first phase alone (GetWorkspaceSize + destroy): %.3f us per call\n", median(t_p1, rounds));
    printf("  operators compiled during the timed loops: %llu (cache hits only when 0)\n",
           (unsigned long long)(c1.compiles - c0.compiles));
    printf("  result: %s\n", wrong ? "WRONG" : "correct");

    free(out);
    free(t_p1);
    free(t_nn), free(t_nn_sync), free(t_raw), free(t_raw_sync), free(t_args), free(t_args_sync);
    ACL_CHECK(aclDestroyAclOpExecutor(keep));
    aclDestroyTensor(ta), aclDestroyTensor(tb), aclDestroyTensor(ty), aclDestroyScalar(alpha);
    aclrtFree(a), aclrtFree(b), aclrtFree(y);
    free(host);
    ACL_CHECK(aclrtDestroyStream(stream));
    ACL_CHECK(aclrtResetDevice(0));
    aclnnFinalize();
    ACL_CHECK(aclFinalize());
    return wrong ? 1 : 0;
}
