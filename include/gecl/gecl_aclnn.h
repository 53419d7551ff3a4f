/*
 * gecl_aclnn.h: gecl's own additions to the aclnn API (aclnn/acl_meta.h, aclnnop/aclnn_*.h):
 * counts of live aclnn objects and of compiled operators held in the operator cache, for leak
 * checks and for seeing whether a call compiled anything. docs/aclnn.md describes the cache.
 */
#ifndef GECL_GECL_ACLNN_H_
#define GECL_GECL_ACLNN_H_

#include <stddef.h>
#include <stdint.h>

#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 300
#endif
#include <CL/cl.h>

#include "aclnn/acl_meta.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gecl_aclnn_counts {
    uint64_t tensors;        /* aclTensor (list elements included) */
    uint64_t scalars;        /* aclScalar */
    uint64_t arrays;         /* aclIntArray, aclFloatArray, aclBoolArray */
    uint64_t lists;          /* aclTensorList, aclScalarList */
    uint64_t executors;      /* aclOpExecutor not yet run (one-use) or destroyed (repeatable) */
    uint64_t cached_ops;     /* operators compiled and loaded, one per (op, device, shapes, dtypes, attributes) */
    uint64_t compiles;       /* operators compiled since the process started (cache misses) */
} gecl_aclnn_counts;

ACL_FUNC_VISIBILITY aclnnStatus gecl_aclnn_live_counts(gecl_aclnn_counts *counts);

/* What an executor's second phase enqueues, for tools and benchmarks that replay gecl's own
 * kernels with raw OpenCL (bench/aclnn_loop). Launch i of *count is a kernel (or, kernel NULL, a
 * buffer copy of copy_bytes bytes) with its NDRange, and the tensor arguments each call sets:
 * tensor argument `arg` is the kernel's arguments 2*arg (cl_mem) and 2*arg+1 (cl_ulong byte
 * offset); it points at the executor's input or output `index` (in GetWorkspaceSize's order of
 * tensors) or at byte `offset` of the workspace. The kernel's other arguments are set once and
 * stay. gecl owns the kernel, shared by every executor of the same operator, shape and dtypes:
 * use it from one thread, while the executor lives. */
#define GECL_ACLNN_MAX_TENSOR_ARGS 24
typedef enum gecl_aclnn_arg_kind { GECL_ACLNN_ARG_INPUT, GECL_ACLNN_ARG_OUTPUT, GECL_ACLNN_ARG_WORKSPACE } gecl_aclnn_arg_kind;
typedef struct gecl_aclnn_tensor_arg {
    cl_uint arg;
    gecl_aclnn_arg_kind kind;
    size_t index;
    size_t offset;
} gecl_aclnn_tensor_arg;
typedef struct gecl_aclnn_launch {
    cl_kernel kernel;
    cl_uint work_dim;
    size_t global[3];
    size_t local[3];                 /* local[0] == 0: the driver chooses */
    size_t copy_bytes;
    size_t n_tensor_args;
    gecl_aclnn_tensor_arg tensor_args[GECL_ACLNN_MAX_TENSOR_ARGS];
} gecl_aclnn_launch;
ACL_FUNC_VISIBILITY aclnnStatus gecl_aclnn_executor_launches(const aclOpExecutor *executor, size_t *count);
ACL_FUNC_VISIBILITY aclnnStatus gecl_aclnn_executor_launch(const aclOpExecutor *executor, size_t index,
                                                           gecl_aclnn_launch *launch);

#ifdef __cplusplus
}
#endif

#endif
