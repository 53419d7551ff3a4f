/* counts.c: gecl_aclnn_live_counts (gecl/gecl_aclnn.h): live objects and cached operators. */
#include "cache.h"
#include "gecl/gecl_aclnn.h"

aclnnStatus gecl_aclnn_live_counts(gecl_aclnn_counts *counts)
{
    GECL_ENTER();
    ACLNN_CHECK_NULL(counts, "counts");
    counts->tensors = aclnn_obj_count(ACLNN_KIND_TENSOR);
    counts->scalars = aclnn_obj_count(ACLNN_KIND_SCALAR);
    counts->arrays = aclnn_obj_count(ACLNN_KIND_INT_ARRAY) + aclnn_obj_count(ACLNN_KIND_FLOAT_ARRAY) +
                     aclnn_obj_count(ACLNN_KIND_BOOL_ARRAY);
    counts->lists = aclnn_obj_count(ACLNN_KIND_TENSOR_LIST) + aclnn_obj_count(ACLNN_KIND_SCALAR_LIST);
    counts->executors = aclnn_obj_count(ACLNN_KIND_EXECUTOR);
    counts->cached_ops = aclnn_cache_count();
    counts->compiles = aclnn_cache_compiles();
    return ACLNN_SUCCESS;
}
