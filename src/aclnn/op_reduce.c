/* op_reduce.c: Softmax and LogSoftmax along a dim (the graph engine's SoftmaxV2 / LogSoftmaxV2),
 * ReduceSum and Mean over a list of dims (ReduceSumD / ReduceMeanD). Softmax kernels compute in
 * float: float16 and bfloat16 go through float. The reductions compute in the dtype asked for
 * (as PyTorch's sum(dtype=) and mean(dtype=): the input is converted first); the reduction
 * kernels take float, float16, double, int32 and int64, so narrower integers and bool sum in
 * int64 and bfloat16 in float, converted to the result's dtype at the end. */
#include <string.h>

#include "op.h"

#include "aclnnop/aclnn_log_softmax.h"
#include "aclnnop/aclnn_mean.h"
#include "aclnnop/aclnn_reduce_sum.h"
#include "aclnnop/aclnn_softmax.h"

/* ---- softmax ---- p.i[0]: dim; p.i[1]: log; p.i[2]: self is a scalar (seen as [1]) */

static void build_softmax(aclnn_builder *b, const aclnn_request *r)
{
    const aclDataType dt = r->in[0]->dtype;
    gecl_port x = ab_cast(b, b->in[0], dt, ACL_FLOAT);
    if (r->p.i[2]) x = ab_reshape(b, x, (const int64_t[]){1}, 1);
    gecl_port y = AB_OP(b, r->p.i[1] ? "LogSoftmaxV2" : "SoftmaxV2", x);
    ab_attr_ints(b, y, "axes", &r->p.i[0], 1);
    if (r->p.i[2]) y = ab_reshape(b, y, NULL, 0);
    b->out[0] = ab_cast(b, y, ACL_FLOAT, r->out[0]->dtype);
}

static aclnnStatus softmax(aclnn_op op, const aclTensor *self, int64_t dim, const aclTensor *out, int log,
                           uint64_t *workspaceSize, aclOpExecutor **executor)
{
    ACLNN_TRY(aclnn_check_tensor(self, "self"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_CHECK(self->dtype == ACL_FLOAT || self->dtype == ACL_FLOAT16 || self->dtype == ACL_BF16,
                "self is %s; aclnn%s takes ACL_FLOAT, ACL_FLOAT16 or ACL_BF16", aclnn_dtype_name(self->dtype),
                aclnn_op_name(op));
    ACLNN_CHECK(out->dtype == ACL_FLOAT || out->dtype == ACL_FLOAT16 || out->dtype == ACL_BF16,
                "out is %s; aclnn%s writes ACL_FLOAT, ACL_FLOAT16 or ACL_BF16", aclnn_dtype_name(out->dtype),
                aclnn_op_name(op));
    ACLNN_TRY(aclnn_check_shape(out, "out", self->dims, self->ndim));
    int64_t d;
    ACLNN_TRY(aclnn_check_dim(dim, self->ndim, "dim", &d));
    aclnn_request r;
    aclnn_request_init(&r, op, build_softmax);
    ACLNN_TRY(aclnn_request_in(&r, self, "self"));
    ACLNN_TRY(aclnn_request_out(&r, out, "out"));
    r.p.i[0] = self->ndim ? d : 0;
    r.p.i[1] = log;
    r.p.i[2] = self->ndim == 0; /* the kernels want a dim to reduce */
    return aclnn_prepare(&r, workspaceSize, executor);
}

aclnnStatus aclnnSoftmaxGetWorkspaceSize(const aclTensor *self, int64_t dim, aclTensor *out, uint64_t *workspaceSize,
                                         aclOpExecutor **executor)
{
    GECL_ENTER();
    return softmax(ACLNN_OP_Softmax, self, dim, out, 0, workspaceSize, executor);
}

aclnnStatus aclnnLogSoftmaxGetWorkspaceSize(const aclTensor *self, int64_t dim, aclTensor *out,
                                            uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return softmax(ACLNN_OP_LogSoftmax, self, dim, out, 1, workspaceSize, executor);
}

/* ---- reductions ---- p.i[0]: mean; p.i[1]: keep dims; p.i[2]: axis count; p.i[3..]: axes;
 * p.dt[0]: compute dtype */

static void build_reduce(aclnn_builder *b, const aclnn_request *r)
{
    const aclDataType ct = (aclDataType)r->p.dt[0];
    gecl_port x = ab_cast(b, b->in[0], r->in[0]->dtype, ct);
    gecl_port y = AB_OP(b, r->p.i[0] ? "ReduceMeanD" : "ReduceSumD", x);
    ab_attr_ints(b, y, "axes", &r->p.i[3], (size_t)r->p.i[2]);
    ab_attr_bool(b, y, "keep_dims", (int)r->p.i[1]);
    b->out[0] = ab_cast(b, y, ct, r->out[0]->dtype);
}

static aclDataType reduce_compute_type(aclDataType dt)
{
    switch (dt) {
    case ACL_FLOAT: case ACL_FLOAT16: case ACL_DOUBLE: case ACL_INT32: case ACL_INT64: return dt;
    case ACL_BF16: return ACL_FLOAT;
    default: return ACL_INT64;
    }
}

static aclnnStatus reduce(aclnn_op op, const aclTensor *self, const aclIntArray *dims, bool keep, aclDataType dtype,
                          const aclTensor *out, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    const int mean = op == ACLNN_OP_Mean;
    const char *dims_name = mean ? "dim" : "dims";
    ACLNN_TRY(aclnn_check_tensor(self, "self"));
    ACLNN_TRY(aclnn_check_int_array(dims, dims_name));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_CHECK(aclnn_dtype_supported(self->dtype), "self is %s, which gecl's aclnn does not compute",
                aclnn_dtype_name(self->dtype));
    ACLNN_CHECK(aclnn_dtype_supported(dtype), "dtype %d (%s) is not one gecl's aclnn computes", (int)dtype,
                aclnn_dtype_name(dtype));
    ACLNN_CHECK(out->dtype == dtype, "out is %s, dtype asks for %s", aclnn_dtype_name(out->dtype),
                aclnn_dtype_name(dtype));
    if (mean)
        ACLNN_CHECK(aclnn_dtype_is_float(dtype), "dtype is %s: a mean is of a floating type", aclnn_dtype_name(dtype));
    aclnn_request r;
    aclnn_request_init(&r, op, build_reduce);
    /* The axes, checked and sorted; an empty list reduces every dim. */
    char seen[ACLNN_MAX_DIMS] = {0};
    ACLNN_CHECK(dims->size <= ACLNN_MAX_DIMS, "%s has %llu entries, self has %llu dims", dims_name,
                (unsigned long long)dims->size, (unsigned long long)self->ndim);
    for (uint64_t k = 0; k < dims->size; k++) {
        int64_t d;
        ACLNN_TRY(aclnn_check_dim(dims->values[k], self->ndim, dims_name, &d));
        if (!self->ndim) continue;
        ACLNN_CHECK(!seen[d], "%s names dim %lld twice", dims_name, (long long)d);
        seen[d] = 1;
    }
    int64_t out_dims[ACLNN_MAX_DIMS];
    uint64_t n_out = 0;
    for (uint64_t d = 0; d < self->ndim; d++) {
        const int reduced = !dims->size || seen[d];
        if (reduced) r.p.i[3 + r.p.i[2]++] = (int64_t)d;
        if (!reduced) out_dims[n_out++] = self->dims[d];
        else if (keep) out_dims[n_out++] = 1;
    }
    ACLNN_TRY(aclnn_check_shape(out, "out", out_dims, n_out));
    ACLNN_TRY(aclnn_request_in(&r, self, "self"));
    ACLNN_TRY(aclnn_request_out(&r, out, "out"));
    r.p.i[0] = mean;
    r.p.i[1] = keep;
    r.p.dt[0] = reduce_compute_type(dtype);
    if (mean && r.p.dt[0] != ACL_DOUBLE && r.p.dt[0] != ACL_FLOAT16) r.p.dt[0] = ACL_FLOAT;
    return aclnn_prepare(&r, workspaceSize, executor);
}

aclnnStatus aclnnReduceSumGetWorkspaceSize(const aclTensor *self, const aclIntArray *dims, bool keepDims,
                                           aclDataType dtype, aclTensor *out, uint64_t *workspaceSize,
                                           aclOpExecutor **executor)
{
    GECL_ENTER();
    return reduce(ACLNN_OP_ReduceSum, self, dims, keepDims, dtype, out, workspaceSize, executor);
}

aclnnStatus aclnnMeanGetWorkspaceSize(const aclTensor *self, const aclIntArray *dim, bool keepDim, aclDataType dtype,
                                      aclTensor *out, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return reduce(ACLNN_OP_Mean, self, dim, keepDim, dtype, out, workspaceSize, executor);
}
