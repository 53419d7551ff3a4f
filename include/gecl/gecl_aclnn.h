/*
 * gecl_aclnn.h: gecl's own additions to the aclnn API (aclnn/acl_meta.h, aclnnop/aclnn_*.h):
 * counts of live aclnn objects and of compiled operators held in the operator cache, for leak
 * checks and for seeing whether a call compiled anything. docs/aclnn.md describes the cache.
 */
#ifndef GECL_GECL_ACLNN_H_
#define GECL_GECL_ACLNN_H_

#include <stdint.h>

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

#ifdef __cplusplus
}
#endif

#endif
