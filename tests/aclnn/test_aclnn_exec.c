/* test_aclnn_exec.c: the two phases as CANN documents them. GetWorkspaceSize checks its
 * arguments (NULL tensors and outputs: ACLNN_ERR_PARAM_NULLPTR; dtype, shape, layout mistakes:
 * ACLNN_ERR_PARAM_INVALID; each with a message naming the argument) and returns the workspace
 * the second phase needs; the second phase checks the executor, the workspace and the stream,
 * and enqueues. An executor is used once unless made repeatable. A loop of calls on one stream
 * compiles once and gives the right result. */
#include "aclnn_util.h"

#include "aclnnop/aclnn_add.h"
#include "aclnnop/aclnn_gather.h"
#include "aclnnop/aclnn_log_softmax.h"
#include "aclnnop/aclnn_matmul.h"
#include "aclnnop/aclnn_mul.h"
#include "aclnnop/aclnn_permute.h"
#include "aclnnop/aclnn_relu.h"

#define F32 ACL_FLOAT

static void test_null_arguments(void **state)
{
    (void)state;
    const int64_t d[] = {4};
    aclTensor *a = an_out(F32, d, 1), *o = an_out(F32, d, 1);
    aclScalar *one = an_scalar_f(1);
    uint64_t ws;
    aclOpExecutor *ex;
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclnnAddGetWorkspaceSize(NULL, a, one, o, &ws, &ex));
    AN_MSG_HAS("aclnnAddGetWorkspaceSize: self is NULL");
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclnnAddGetWorkspaceSize(a, NULL, one, o, &ws, &ex));
    AN_MSG_HAS("other is NULL");
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclnnAddGetWorkspaceSize(a, a, NULL, o, &ws, &ex));
    AN_MSG_HAS("alpha is NULL");
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclnnAddGetWorkspaceSize(a, a, one, NULL, &ws, &ex));
    AN_MSG_HAS("out is NULL");
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclnnAddGetWorkspaceSize(a, a, one, o, NULL, &ex));
    AN_MSG_HAS("workspaceSize is NULL");
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclnnAddGetWorkspaceSize(a, a, one, o, &ws, NULL));
    AN_MSG_HAS("executor is NULL");
    /* the second phase */
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclnnAdd(NULL, 0, NULL, an_stream()));
    AN_MSG_HAS("aclnnAdd: executor is NULL");
    /* a tensor without memory */
    aclTensor *nodata = aclCreateTensor(d, 1, F32, NULL, 0, ACL_FORMAT_ND, d, 1, NULL);
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclnnReluGetWorkspaceSize(nodata, o, &ws, &ex));
    AN_MSG_HAS("self has no data");
    AN_OK(aclDestroyTensor(nodata));
    /* a destroyed tensor */
    aclTensor *gone = aclCreateTensor(d, 1, F32, NULL, 0, ACL_FORMAT_ND, d, 1, an_data(a));
    AN_OK(aclDestroyTensor(gone));
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnReluGetWorkspaceSize(gone, o, &ws, &ex));
    AN_MSG_HAS("self");
    AN_MSG_HAS("not a live aclTensor");
}

static void test_dtype_and_shape_mismatch(void **state)
{
    (void)state;
    const int64_t d[] = {2, 3}, d2[] = {3, 2}, d4[] = {4};
    aclTensor *a = an_out(F32, d, 2), *b = an_out(F32, d2, 2), *o = an_out(F32, d, 2);
    aclScalar *one = an_scalar_f(1);
    uint64_t ws;
    aclOpExecutor *ex;
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnAddGetWorkspaceSize(a, b, one, o, &ws, &ex));
    AN_MSG_HAS("self [2,3] and other [3,2] do not broadcast");
    aclTensor *wrong = an_out(F32, d4, 1);
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnAddGetWorkspaceSize(a, a, one, wrong, &ws, &ex));
    AN_MSG_HAS("out has shape [4], expected [2,3]");
    aclTensor *oi = an_out(ACL_INT32, d, 2);
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnAddGetWorkspaceSize(a, a, one, oi, &ws, &ex));
    AN_MSG_HAS("ACL_FLOAT and cannot be written to out, which is ACL_INT32");
    aclTensor *ai = an_out(ACL_INT32, d, 2);
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnAddGetWorkspaceSize(ai, ai, an_scalar_f(0.5f), oi, &ws, &ex));
    AN_MSG_HAS("integer alpha");
    aclTensor *idx = an_out(F32, d, 2);
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnGatherGetWorkspaceSize(a, 1, idx, o, &ws, &ex));
    AN_MSG_HAS("index is ACL_FLOAT");
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnGatherGetWorkspaceSize(a, 2, ai, o, &ws, &ex));
    AN_MSG_HAS("dim 2 is out of range");
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnPermuteGetWorkspaceSize(a, AN_INTS(0, 0), o, &ws, &ex));
    AN_MSG_HAS("not a permutation");
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnMatmulGetWorkspaceSize(a, a, o, 0, &ws, &ex));
    AN_MSG_HAS("contracted dims differ");
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnMatmulGetWorkspaceSize(a, b, b, 7, &ws, &ex));
    AN_MSG_HAS("cubeMathType 7");
    const int64_t d5[] = {5};
    aclTensor *c64 = aclCreateTensor(d5, 1, ACL_COMPLEX64, NULL, 0, ACL_FORMAT_ND, d5, 1, an_data(a));
    aclTensor *c64o = aclCreateTensor(d5, 1, ACL_COMPLEX64, NULL, 0, ACL_FORMAT_ND, d5, 1, an_data(o));
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnReluGetWorkspaceSize(c64, c64o, &ws, &ex));
    AN_MSG_HAS("ACL_COMPLEX64");
    AN_OK(aclDestroyTensor(c64));
    AN_OK(aclDestroyTensor(c64o));
}

static void test_non_contiguous_refused(void **state)
{
    (void)state;
    const int64_t d[] = {2, 3}, st[] = {1, 2}, storage[] = {6};
    aclTensor *o = an_out(F32, d, 2);
    aclTensor *t = aclCreateTensor(d, 2, F32, st, 0, ACL_FORMAT_ND, storage, 1, an_data(o)); /* a transposed view */
    uint64_t ws;
    aclOpExecutor *ex;
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnReluGetWorkspaceSize(t, o, &ws, &ex));
    AN_MSG_HAS("self is not contiguous (shape [2,3], strides [1,2])");
    AN_OK(aclDestroyTensor(t));
    /* a contiguous view that runs past its storage */
    const int64_t small[] = {5};
    t = aclCreateTensor(d, 2, F32, NULL, 2, ACL_FORMAT_ND, small, 1, an_data(o));
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnReluGetWorkspaceSize(t, o, &ws, &ex));
    AN_MSG_HAS("runs past its storage");
    AN_OK(aclDestroyTensor(t));
    /* an address inside an element */
    t = aclCreateTensor(d, 2, F32, NULL, 0, ACL_FORMAT_ND, d, 2, (char *)an_data(o) + 2);
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnReluGetWorkspaceSize(t, o, &ws, &ex));
    AN_MSG_HAS("not aligned to its 4-byte elements");
    AN_OK(aclDestroyTensor(t));
}

static void test_view_offset(void **state)
{
    (void)state;
    /* a contiguous [2, 3] view at element 4 of a storage of 12: CANN's offset is in elements */
    float host[12];
    for (int i = 0; i < 12; i++) host[i] = (float)(i - 6);
    const int64_t d[] = {2, 3}, storage[] = {12}, d12[] = {12};
    aclTensor *base = an_tensor(F32, d12, 1, host), *o = an_out(F32, d, 2);
    aclTensor *view = aclCreateTensor(d, 2, F32, NULL, 4, ACL_FORMAT_ND, storage, 1, an_data(base));
    assert_non_null(view);
    AN_RUN(Relu, view, o);
    AN_OK(aclDestroyTensor(view));
    const float *y = an_read(o);
    for (int i = 0; i < 6; i++) assert_true(y[i] == (host[4 + i] > 0 ? host[4 + i] : 0));
}

static void test_executor_lifetime(void **state)
{
    (void)state;
    const int64_t d[] = {8};
    float x[8] = {1, -2, 3, -4, 5, -6, 7, -8};
    aclTensor *a = an_tensor(F32, d, 1, x), *o = an_out(F32, d, 1);
    uint64_t ws;
    aclOpExecutor *ex;
    AN_OK(aclnnReluGetWorkspaceSize(a, o, &ws, &ex));
    GT_EQ(ws, 0);
    AN_OK(aclnnRelu(NULL, 0, ex, an_stream()));
    /* one use: the executor is gone */
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnRelu(NULL, 0, ex, an_stream()));
    AN_MSG_HAS("not a live aclOpExecutor");
    /* an executor given to another operator's second phase */
    AN_OK(aclnnReluGetWorkspaceSize(a, o, &ws, &ex));
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnAdd(NULL, 0, ex, an_stream()));
    AN_MSG_HAS("made by aclnnReluGetWorkspaceSize, not by aclnnAddGetWorkspaceSize");
    /* an executor never run is destroyed */
    AN_OK(aclnnReluGetWorkspaceSize(a, o, &ws, &ex));
    AN_OK(aclDestroyAclOpExecutor(ex));

    /* repeatable: runs until destroyed; its addresses can be changed between runs */
    float x2[8] = {-1, 2, -3, 4, -5, 6, -7, 8};
    aclTensor *a2 = an_tensor(F32, d, 1, x2), *o2 = an_out(F32, d, 1);
    AN_OK(aclnnReluGetWorkspaceSize(a, o, &ws, &ex));
    AN_OK(aclSetAclOpExecutorRepeatable(ex));
    AN_OK(aclnnRelu(NULL, 0, ex, an_stream()));
    AN_OK(aclnnRelu(NULL, 0, ex, an_stream()));
    AN_OK(aclSetInputTensorAddr(ex, 0, a2, an_data(a2)));
    AN_OK(aclSetOutputTensorAddr(ex, 0, o2, an_data(o2)));
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclSetOutputTensorAddr(ex, 1, o2, an_data(o2)));
    AN_MSG_HAS("output index 1 is out of range");
    AN_OK(aclnnRelu(NULL, 0, ex, an_stream()));
    AN_OK(aclDestroyAclOpExecutor(ex));
    const float *y = an_read(o), *y2 = an_read(o2);
    for (int i = 0; i < 8; i++) {
        assert_true(y[i] == (x[i] > 0 ? x[i] : 0));
        assert_true(y2[i] == (x2[i] > 0 ? x2[i] : 0));
    }
}

static void test_workspace(void **state)
{
    (void)state;
    /* float16 log-softmax: Cast, LogSoftmaxV2, Cast: the float intermediates live in the
     * caller's workspace */
    const int64_t d[] = {4, 64};
    aclTensor *a = an_out(ACL_FLOAT16, d, 2), *o = an_out(ACL_FLOAT16, d, 2);
    uint64_t ws = 0;
    aclOpExecutor *ex;
    AN_OK(aclnnLogSoftmaxGetWorkspaceSize(a, 1, o, &ws, &ex));
    assert_true(ws >= 4 * 64 * sizeof(float));
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnLogSoftmax(NULL, ws - 1, ex, an_stream()));
    AN_MSG_HAS("workspaceSize is");
    AN_OK(aclnnLogSoftmaxGetWorkspaceSize(a, 1, o, &ws, &ex));
    AN_ERR(ACLNN_ERR_PARAM_NULLPTR, aclnnLogSoftmax(NULL, ws, ex, an_stream()));
    AN_MSG_HAS("workspace is NULL");
    /* a workspace that is not device memory */
    AN_OK(aclnnLogSoftmaxGetWorkspaceSize(a, 1, o, &ws, &ex));
    static char host_ws[1 << 16] __attribute__((aligned(64)));
    assert_true(ws <= sizeof host_ws);
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnLogSoftmax(host_ws, ws, ex, an_stream()));
    AN_MSG_HAS("not device memory");
    /* too small a device block */
    void *small = an_dev_alloc(64);
    AN_OK(aclnnLogSoftmaxGetWorkspaceSize(a, 1, o, &ws, &ex));
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnLogSoftmax(small, ws, ex, an_stream()));
    AN_MSG_HAS("past the end");
    /* and the right one */
    AN_RUN(LogSoftmax, a, 1, o);
}

static void test_host_memory_refused(void **state)
{
    (void)state;
    const int64_t d[] = {4};
    static float host[4];
    aclTensor *o = an_out(F32, d, 1);
    aclTensor *h = aclCreateTensor(d, 1, F32, NULL, 0, ACL_FORMAT_ND, d, 1, host);
    uint64_t ws;
    aclOpExecutor *ex;
    AN_OK(aclnnReluGetWorkspaceSize(h, o, &ws, &ex)); /* addresses are checked when the call runs */
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnRelu(NULL, 0, ex, an_stream()));
    AN_MSG_HAS("input tensor 0");
    AN_MSG_HAS("not device memory from aclrtMalloc");
    AN_OK(aclDestroyTensor(h));
}

static void test_empty_tensors(void **state)
{
    (void)state;
    const int64_t d[] = {0, 3};
    aclTensor *a = an_out(F32, d, 2), *o = an_out(F32, d, 2);
    AN_RUN(Add, a, a, an_scalar_f(1), o); /* nothing to compute, nothing enqueued */
}

/* The loop the issue asks for: 1,000 aclnnAdd calls on one stream, each GetWorkspaceSize +
 * aclnnAdd; acc = acc + x accumulates exactly in float (small integers), and only the first
 * call compiles. */
static void test_loop_of_adds(void **state)
{
    (void)state;
    const int64_t d[] = {3, 5};
    float ones[15], zeros[15] = {0};
    for (int i = 0; i < 15; i++) ones[i] = (float)(i % 3 + 1);
    aclTensor *acc = an_tensor(F32, d, 2, zeros), *x = an_tensor(F32, d, 2, ones);
    aclScalar *alpha = an_scalar_f(1);
    gecl_aclnn_counts before, after;
    for (int k = 0; k < 1000; k++) {
        uint64_t ws = 0;
        aclOpExecutor *ex = NULL;
        AN_OK(aclnnAddGetWorkspaceSize(acc, x, alpha, acc, &ws, &ex));
        if (k == 0) AN_OK(gecl_aclnn_live_counts(&before));
        AN_OK(aclnnAdd(NULL, ws, ex, an_stream()));
    }
    AN_OK(gecl_aclnn_live_counts(&after));
    GT_EQ(after.compiles, before.compiles); /* calls 2..1000 found the first one's kernels */
    const float *y = an_read(acc);
    for (int i = 0; i < 15; i++) assert_true(y[i] == 1000.0f * ones[i]);
}

/* Several threads, each on its own stream and memory, calling the same operator (one cached
 * entry, one set of kernels): every result is right. */
typedef struct thread_job {
    int id;
    gt_failures *f;
} thread_job;

static void *adder(void *arg)
{
    thread_job *j = arg;
    const int64_t d[] = {64};
    float host[64], out[64];
    for (int i = 0; i < 64; i++) host[i] = (float)(i + j->id);
    void *a = NULL, *y = NULL;
    aclrtStream s = NULL;
    aclTensor *ta = NULL, *ty = NULL;
    aclScalar *alpha = NULL;
    float two = 2.0f;
    if (aclrtSetDevice(0) || aclrtCreateStream(&s) || aclrtMalloc(&a, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST) ||
        aclrtMalloc(&y, sizeof host, ACL_MEM_MALLOC_HUGE_FIRST) ||
        aclrtMemcpy(a, sizeof host, host, sizeof host, ACL_MEMCPY_HOST_TO_DEVICE) ||
        aclrtMemset(y, sizeof host, 0, sizeof host)) {
        gt_failures_add(j->f, __FILE__, __LINE__, "thread %d: set-up: %s", j->id, aclGetRecentErrMsg());
        goto out;
    }
    ta = aclCreateTensor(d, 1, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, d, 1, a);
    ty = aclCreateTensor(d, 1, ACL_FLOAT, NULL, 0, ACL_FORMAT_ND, d, 1, y);
    alpha = aclCreateScalar(&two, ACL_FLOAT);
    for (int k = 0; k < 200; k++) { /* y = y + 2 a */
        uint64_t ws;
        aclOpExecutor *ex;
        if (aclnnAddGetWorkspaceSize(ty, ta, alpha, ty, &ws, &ex) || aclnnAdd(NULL, ws, ex, s)) {
            gt_failures_add(j->f, __FILE__, __LINE__, "thread %d call %d: %s", j->id, k, aclGetRecentErrMsg());
            goto out;
        }
    }
    if (aclrtSynchronizeStream(s) || aclrtMemcpy(out, sizeof out, y, sizeof out, ACL_MEMCPY_DEVICE_TO_HOST)) {
        gt_failures_add(j->f, __FILE__, __LINE__, "thread %d: read-back: %s", j->id, aclGetRecentErrMsg());
        goto out;
    }
    for (int i = 0; i < 64; i++)
        if (out[i] != 400.0f * host[i]) {
            gt_failures_add(j->f, __FILE__, __LINE__, "thread %d: y[%d] is %g, expected %g", j->id, i, out[i],
                            400.0 * host[i]);
            break;
        }
out:
    aclDestroyTensor(ta);
    aclDestroyTensor(ty);
    aclDestroyScalar(alpha);
    aclrtFree(a);
    aclrtFree(y);
    if (s) aclrtDestroyStream(s);
    return NULL;
}

static void test_threads_share_an_operator(void **state)
{
    (void)state;
    gt_failures f;
    gt_failures_init(&f);
    pthread_t t[4];
    thread_job jobs[4];
    for (int k = 0; k < 4; k++) {
        jobs[k] = (thread_job){k, &f};
        assert_int_equal(pthread_create(&t[k], NULL, adder, &jobs[k]), 0);
    }
    for (int k = 0; k < 4; k++) pthread_join(t[k], NULL);
    gt_failures_check(&f, __FILE__, __LINE__);
}

static void test_finalize_drops_cache(void **state)
{
    (void)state;
    const int64_t d[] = {2};
    aclTensor *a = an_out(F32, d, 1), *o = an_out(F32, d, 1);
    AN_RUN(Mul, a, a, o);
    gecl_aclnn_counts c;
    AN_OK(gecl_aclnn_live_counts(&c));
    assert_true(c.cached_ops > 0);
    AN_OK(aclnnFinalize());
    AN_OK(gecl_aclnn_live_counts(&c));
    GT_EQ(c.cached_ops, 0);
    AN_RUN(Mul, a, a, o); /* compiled again */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        AN_TEST(test_null_arguments),     AN_TEST(test_dtype_and_shape_mismatch), AN_TEST(test_non_contiguous_refused),
        AN_TEST(test_view_offset),        AN_TEST(test_executor_lifetime),        AN_TEST(test_workspace),
        AN_TEST(test_host_memory_refused), AN_TEST(test_empty_tensors),           AN_TEST(test_loop_of_adds),
        AN_TEST(test_threads_share_an_operator), AN_TEST(test_finalize_drops_cache),
    };
    return AN_RUN_GROUP(tests);
}
