/*
 * aclnn_util.h: helpers of the aclnn tests (cmocka), on top of tests/graph/graph_util.h (whose GE
 * session computes the graph engine's reference results). Include this header first.
 *
 * Each executable sets up GE, device 0 and one stream (an_group_setup); tensors made with
 * an_tensor / an_out live in device memory (aclrtMalloc) and are released after each test
 * (an_test_teardown), which also checks that no aclnn object is left alive. The group teardown
 * drops the operator cache (aclnnFinalize) and checks that nothing of GE or the runtime is left.
 *
 *   AN_OK(call)          an aclnn call must return ACLNN_SUCCESS
 *   AN_ERR(code, call)   ... must return `code`; AN_MSG_HAS(text): its message mentions text
 *   AN_RUN(Op, args...)  aclnn<Op>GetWorkspaceSize(args..., &ws, &executor), a workspace of that
 *                        size, aclnn<Op>(...) on the test stream, and a synchronisation
 */
#ifndef GECL_TESTS_ACLNN_ACLNN_UTIL_H
#define GECL_TESTS_ACLNN_ACLNN_UTIL_H

#include "graph_util.h"

#include "aclnn/acl_meta.h"
#include "aclnn/aclnn_base.h"
#include "aclnn/opdev/op_errno.h"
#include "gecl/gecl_aclnn.h"

void an_check_status(aclnnStatus got, aclnnStatus want, const char *expr, const char *file, int line);
#define AN_OK(expr) an_check_status((expr), ACLNN_SUCCESS, #expr, __FILE__, __LINE__)
#define AN_ERR(code, expr) an_check_status((expr), (code), #expr, __FILE__, __LINE__)
#define AN_MSG_HAS(needle) gt_check_msg((needle), __FILE__, __LINE__)

int an_group_setup(void **state);
int an_group_teardown(void **state);
int an_test_teardown(void **state);
#define AN_TEST(f) cmocka_unit_test_teardown(f, an_test_teardown)
#define AN_RUN_GROUP(tests) (gt_apply_filter(), cmocka_run_group_tests(tests, an_group_setup, an_group_teardown))

aclrtStream an_stream(void);

/* A device tensor of dtype dt and dims (n of them) holding `host` (NULL: zeros), contiguous;
 * tracked. an_out: zeros. */
aclTensor *an_tensor(aclDataType dt, const int64_t *dims, uint64_t n, const void *host);
#define an_out(dt, dims, n) an_tensor((dt), (dims), (n), NULL)
/* The device memory behind a tracked tensor, and its bytes. */
void *an_data(const aclTensor *t);
size_t an_bytes(const aclTensor *t);
/* The tensor's contents copied to a tracked host buffer. */
void *an_read(const aclTensor *t);
/* A tracked scalar. */
aclScalar *an_scalar_f(float v);
aclScalar *an_scalar_d(double v);
aclScalar *an_scalar_i(int64_t v);
aclIntArray *an_ints(const int64_t *v, uint64_t n);
#define AN_INTS(...) an_ints(GG_DIMS(__VA_ARGS__), (uint64_t)GG_NDIMS(__VA_ARGS__))
/* Device memory of `bytes` (tracked). */
void *an_dev_alloc(size_t bytes);

typedef aclnnStatus (*an_phase2)(void *, uint64_t, aclOpExecutor *, aclrtStream);
/* Runs an executor: a workspace of ws bytes (if any), phase2 on the test stream, synchronise. */
void an_exec(an_phase2 fn, uint64_t ws, aclOpExecutor *ex, const char *file, int line);
#define AN_RUN(Op, ...)                                                                          \
    do {                                                                                         \
        uint64_t an_ws_ = 0;                                                                     \
        aclOpExecutor *an_ex_ = NULL;                                                            \
        AN_OK(aclnn##Op##GetWorkspaceSize(__VA_ARGS__, &an_ws_, &an_ex_));                       \
        an_exec(aclnn##Op, an_ws_, an_ex_, __FILE__, __LINE__);                                  \
    } while (0)

/* The graph engine's result (a host tensor) and the aclnn tensor must hold the same bytes. */
void an_same(const gecl_tensor *ref, const aclTensor *got, const char *what, const char *file, int line);
#define AN_SAME(ref, got) an_same(&(ref), (got), #got, __FILE__, __LINE__)

/* A gecl description of the same dtype and dims. */
gecl_tensor_desc an_desc(aclDataType dt, const int64_t *dims, uint64_t n);

#endif
