/* checks.c: argument checks the operators share (shapes, broadcasting, dims, dtypes), each
 * failing with ACLNN_ERR_PARAM_INVALID and a message naming the argument. */
#include <stdio.h>
#include <string.h>

#include "op.h"

int aclnn_broadcast(const aclTensor *a, const aclTensor *b, int64_t *dims)
{
    uint64_t n = a->ndim > b->ndim ? a->ndim : b->ndim;
    for (uint64_t k = 0; k < n; k++) {
        int64_t da = k < n - a->ndim ? 1 : a->dims[k - (n - a->ndim)];
        int64_t db = k < n - b->ndim ? 1 : b->dims[k - (n - b->ndim)];
        if (da != db && da != 1 && db != 1) return -1;
        dims[k] = da == 1 ? db : da;
    }
    return (int)n;
}

aclnnStatus aclnn_check_shape(const aclTensor *out, const char *what, const int64_t *dims, uint64_t ndim)
{
    int same = out->ndim == ndim;
    for (uint64_t k = 0; same && k < ndim; k++) same = out->dims[k] == dims[k];
    if (same) return ACLNN_SUCCESS;
    char a[160], b[160];
    return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "%s has shape %s, expected %s", what, aclnn_shape_str(out, a, sizeof a),
                      aclnn_dims_str(dims, ndim, b, sizeof b));
}

aclnnStatus aclnn_check_same_shape(const aclTensor *a, const char *an, const aclTensor *b, const char *bn)
{
    int same = a->ndim == b->ndim;
    for (uint64_t k = 0; same && k < a->ndim; k++) same = a->dims[k] == b->dims[k];
    if (same) return ACLNN_SUCCESS;
    char x[160], y[160];
    return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "%s has shape %s, %s has shape %s: they must be the same", an,
                      aclnn_shape_str(a, x, sizeof x), bn, aclnn_shape_str(b, y, sizeof y));
}

aclnnStatus aclnn_check_float(const aclTensor *t, const char *name)
{
    ACLNN_CHECK(aclnn_dtype_is_float(t->dtype), "%s is %s; a floating type (ACL_FLOAT, ACL_FLOAT16, ACL_BF16, "
                "ACL_DOUBLE) is required", name, aclnn_dtype_name(t->dtype));
    return ACLNN_SUCCESS;
}

aclnnStatus aclnn_check_dim(int64_t dim, uint64_t rank, const char *what, int64_t *out)
{
    int64_t r = rank ? (int64_t)rank : 1;
    ACLNN_CHECK(dim >= -r && dim < r, "%s %lld is out of range for a tensor of rank %llu (expected [%lld, %lld])",
                what, (long long)dim, (unsigned long long)rank, (long long)-r, (long long)(r - 1));
    *out = dim < 0 ? dim + r : dim;
    return ACLNN_SUCCESS;
}

aclnnStatus aclnn_check_cast(aclDataType from, const aclTensor *out, const char *name)
{
    const aclDataType to = out->dtype;
    int ok = !(aclnn_dtype_is_float(from) && !aclnn_dtype_is_float(to)) && !(from != ACL_BOOL && to == ACL_BOOL);
    ACLNN_CHECK(ok, "the result is %s and cannot be written to %s, which is %s", aclnn_dtype_name(from), name,
                aclnn_dtype_name(to));
    return ACLNN_SUCCESS;
}
