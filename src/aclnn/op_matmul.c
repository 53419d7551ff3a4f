/* op_matmul.c: Mm, BatchMatMul, Matmul (PyTorch's matmul: 1-D operands gain and lose a dim,
 * batch dims broadcast) and Addmm (beta * self + alpha * mat1 @ mat2), on the graph engine's
 * MatMulV2 / BatchMatMulV2 kernels with the scaling and the addition fused as their epilogue.
 * The kernels compute in float: float16 and bfloat16 operands are converted to float and the
 * result back. cubeMathType (CANN's precision mode for its cube units: 0 KEEP_DTYPE,
 * 1 ALLOW_FP32_DOWN_PRECISION, 2 USE_FP16, 3 USE_HF32) is checked and has no further effect:
 * gecl always keeps float precision. */
#include "op.h"

#include "aclnnop/aclnn_addmm.h"
#include "aclnnop/aclnn_batch_matmul.h"
#include "aclnnop/aclnn_matmul.h"
#include "aclnnop/aclnn_mm.h"

static aclnnStatus check_math_type(int8_t cubeMathType)
{
    ACLNN_CHECK(cubeMathType >= 0 && cubeMathType <= 3, "cubeMathType %d is not one of 0 (KEEP_DTYPE), 1 "
                "(ALLOW_FP32_DOWN_PRECISION), 2 (USE_FP16), 3 (USE_HF32)", (int)cubeMathType);
    return ACLNN_SUCCESS;
}

static aclnnStatus check_operand(const aclTensor *t, const char *name)
{
    ACLNN_CHECK(t->dtype == ACL_FLOAT || t->dtype == ACL_FLOAT16 || t->dtype == ACL_BF16, "%s is %s; the matrix "
                "products take ACL_FLOAT, ACL_FLOAT16 or ACL_BF16", name, aclnn_dtype_name(t->dtype));
    return ACLNN_SUCCESS;
}

/* p.i[0..1]: the operands' 1-D handling (0: as given, 1: a [1,K] row, 2: a [K,1] column);
 * p.i[2]: the op (0 MatMulV2, 1 BatchMatMulV2); p.i[3]: scale by alpha; p.i[4]: add beta * self;
 * p.i[5]: scale self by beta. Addmm: p.s[0] alpha, p.s[1] beta; self is input 2. */
enum { P_A1D, P_B1D, P_OP, P_ALPHA, P_SELF, P_BETA };

static gecl_port to_float(aclnn_builder *b, gecl_port x, aclDataType dt) { return ab_cast(b, x, dt, ACL_FLOAT); }

static void build(aclnn_builder *b, const aclnn_request *r)
{
    const aclTensor *ta = r->in[0], *tb = r->in[1];
    gecl_port a = to_float(b, b->in[0], ta->dtype), m2 = to_float(b, b->in[1], tb->dtype);
    if (r->p.i[P_A1D]) a = ab_reshape(b, a, (const int64_t[]){1, ta->dims[0]}, 2);
    if (r->p.i[P_B1D]) m2 = ab_reshape(b, m2, (const int64_t[]){tb->dims[0], 1}, 2);
    gecl_port y = AB_OP(b, r->p.i[P_OP] ? "BatchMatMulV2" : "MatMulV2", a, m2);
    if (r->p.i[P_ALPHA]) {
        aclScalar alpha = aclnn_param_scalar(r, 0);
        y = AB_OP(b, "Mul", y, ab_scalar(b, ACL_FLOAT, &alpha));
    }
    if (r->p.i[P_SELF]) {
        gecl_port s = to_float(b, b->in[2], r->in[2]->dtype);
        if (r->p.i[P_BETA]) {
            aclScalar beta = aclnn_param_scalar(r, 1);
            s = AB_OP(b, "Mul", s, ab_scalar(b, ACL_FLOAT, &beta));
        }
        y = AB_OP(b, "Add", y, s);
    }
    if (r->p.i[P_A1D] || r->p.i[P_B1D]) y = ab_reshape(b, y, r->out[0]->dims, r->out[0]->ndim);
    b->out[0] = ab_cast(b, y, ACL_FLOAT, r->out[0]->dtype);
}

/* The product's shape for PyTorch's matmul of a and b (out_dims, dropping the dims that 1-D
 * operands added) and how to build it. */
static aclnnStatus matmul_shape(aclnn_request *r, const aclTensor *a, const aclTensor *b, int64_t *out_dims,
                                uint64_t *out_n)
{
    char x[160], y[160];
    ACLNN_CHECK(a->ndim >= 1 && b->ndim >= 1, "self %s and mat2 %s: matmul needs operands of at least 1 dim",
                aclnn_shape_str(a, x, sizeof x), aclnn_shape_str(b, y, sizeof y));
    const int64_t k_a = a->dims[a->ndim - 1], k_b = b->ndim == 1 ? b->dims[0] : b->dims[b->ndim - 2];
    ACLNN_CHECK(k_a == k_b, "self %s and mat2 %s: the contracted dims differ (%lld vs %lld)",
                aclnn_shape_str(a, x, sizeof x), aclnn_shape_str(b, y, sizeof y), (long long)k_a, (long long)k_b);
    r->p.i[P_A1D] = a->ndim == 1;
    r->p.i[P_B1D] = b->ndim == 1;
    /* Batch dims of the 2-D forms, broadcast right-aligned. */
    const uint64_t ba = a->ndim > 2 ? a->ndim - 2 : 0, bb = b->ndim > 2 ? b->ndim - 2 : 0;
    const uint64_t nb = ba > bb ? ba : bb;
    uint64_t n = 0;
    for (uint64_t k = 0; k < nb; k++) {
        int64_t da = k < nb - ba ? 1 : a->dims[k - (nb - ba)], db = k < nb - bb ? 1 : b->dims[k - (nb - bb)];
        ACLNN_CHECK(da == db || da == 1 || db == 1, "self %s and mat2 %s: batch dims do not broadcast",
                    aclnn_shape_str(a, x, sizeof x), aclnn_shape_str(b, y, sizeof y));
        out_dims[n++] = da == 1 ? db : da;
    }
    if (a->ndim >= 2) out_dims[n++] = a->dims[a->ndim - 2];
    if (b->ndim >= 2) out_dims[n++] = b->dims[b->ndim - 1];
    *out_n = n;
    r->p.i[P_OP] = a->ndim > 2 || b->ndim > 2;
    return ACLNN_SUCCESS;
}

static aclnnStatus product(aclnn_op op, const aclTensor *self, const aclTensor *mat2, const aclTensor *out,
                           int8_t cubeMathType, uint64_t min_rank, uint64_t max_rank, uint64_t *workspaceSize,
                           aclOpExecutor **executor)
{
    ACLNN_TRY(aclnn_check_tensor(self, "self"));
    ACLNN_TRY(aclnn_check_tensor(mat2, "mat2"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_TRY(check_math_type(cubeMathType));
    ACLNN_TRY(check_operand(self, "self"));
    ACLNN_TRY(check_operand(mat2, "mat2"));
    ACLNN_TRY(check_operand(out, "out"));
    ACLNN_CHECK(self->ndim >= min_rank && self->ndim <= max_rank && mat2->ndim >= min_rank && mat2->ndim <= max_rank,
                "self has %llu dims and mat2 %llu; aclnn%s takes %llu", (unsigned long long)self->ndim,
                (unsigned long long)mat2->ndim, aclnn_op_name(op), (unsigned long long)min_rank);
    if (op == ACLNN_OP_BatchMatMul)
        ACLNN_CHECK(self->dims[0] == mat2->dims[0], "self has batch %lld, mat2 %lld: they must be equal",
                    (long long)self->dims[0], (long long)mat2->dims[0]);
    aclnn_request r;
    aclnn_request_init(&r, op, build);
    int64_t dims[ACLNN_MAX_DIMS + 2];
    uint64_t n = 0;
    ACLNN_TRY(matmul_shape(&r, self, mat2, dims, &n));
    ACLNN_TRY(aclnn_check_shape(out, "out", dims, n));
    ACLNN_TRY(aclnn_request_in(&r, self, "self"));
    ACLNN_TRY(aclnn_request_in(&r, mat2, "mat2"));
    ACLNN_TRY(aclnn_request_out(&r, out, "out"));
    return aclnn_prepare(&r, workspaceSize, executor);
}

aclnnStatus aclnnMmGetWorkspaceSize(const aclTensor *self, const aclTensor *mat2, aclTensor *out, int8_t cubeMathType,
                                    uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return product(ACLNN_OP_Mm, self, mat2, out, cubeMathType, 2, 2, workspaceSize, executor);
}

aclnnStatus aclnnBatchMatMulGetWorkspaceSize(const aclTensor *self, const aclTensor *mat2, aclTensor *out,
                                             int8_t cubeMathType, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return product(ACLNN_OP_BatchMatMul, self, mat2, out, cubeMathType, 3, 3, workspaceSize, executor);
}

aclnnStatus aclnnMatmulGetWorkspaceSize(const aclTensor *self, const aclTensor *mat2, aclTensor *out,
                                        int8_t cubeMathType, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return product(ACLNN_OP_Matmul, self, mat2, out, cubeMathType, 1, ACLNN_MAX_DIMS, workspaceSize, executor);
}

static aclnnStatus addmm(aclnn_op op, const aclTensor *self, const aclTensor *mat1, const aclTensor *mat2,
                         const aclScalar *beta, const aclScalar *alpha, const aclTensor *out, int8_t cubeMathType,
                         uint64_t *workspaceSize, aclOpExecutor **executor)
{
    const char *self_name = self == out ? "selfRef" : "self", *out_name = self == out ? "selfRef" : "out";
    ACLNN_TRY(aclnn_check_tensor(self, self_name));
    ACLNN_TRY(aclnn_check_tensor(mat1, "mat1"));
    ACLNN_TRY(aclnn_check_tensor(mat2, "mat2"));
    ACLNN_TRY(aclnn_check_scalar(beta, "beta"));
    ACLNN_TRY(aclnn_check_scalar(alpha, "alpha"));
    ACLNN_TRY(aclnn_check_tensor(out, out_name));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_TRY(check_math_type(cubeMathType));
    ACLNN_TRY(check_operand(self, self_name));
    ACLNN_TRY(check_operand(mat1, "mat1"));
    ACLNN_TRY(check_operand(mat2, "mat2"));
    ACLNN_TRY(check_operand(out, out_name));
    char x[160], y[160];
    ACLNN_CHECK(mat1->ndim == 2 && mat2->ndim == 2 && mat1->dims[1] == mat2->dims[0], "mat1 %s and mat2 %s are not "
                "matrices that multiply", aclnn_shape_str(mat1, x, sizeof x), aclnn_shape_str(mat2, y, sizeof y));
    const int64_t mn[2] = {mat1->dims[0], mat2->dims[1]};
    ACLNN_TRY(aclnn_check_shape(out, out_name, mn, 2));
    /* self broadcasts to [M, N] */
    int ok = self->ndim <= 2;
    for (uint64_t k = 0; ok && k < self->ndim; k++) {
        int64_t want = mn[2 - self->ndim + k];
        ok = self->dims[k] == want || self->dims[k] == 1;
    }
    ACLNN_CHECK(ok, "%s %s does not broadcast to the product's shape [%lld,%lld]", self_name,
                aclnn_shape_str(self, x, sizeof x), (long long)mn[0], (long long)mn[1]);
    aclnn_request r;
    aclnn_request_init(&r, op, build);
    ACLNN_TRY(aclnn_request_in(&r, mat1, "mat1"));
    ACLNN_TRY(aclnn_request_in(&r, mat2, "mat2"));
    ACLNN_TRY(aclnn_request_in(&r, self, self_name));
    ACLNN_TRY(aclnn_request_out(&r, out, out_name));
    if (!aclnn_scalar_is_one(alpha)) {
        r.p.i[P_ALPHA] = 1;
        aclnn_param_scalar_set(&r, 0, alpha);
    }
    /* beta 0 ignores self altogether (PyTorch: its NaNs do not propagate) */
    r.p.i[P_SELF] = !aclnn_scalar_is_zero(beta);
    if (r.p.i[P_SELF] && !aclnn_scalar_is_one(beta)) {
        r.p.i[P_BETA] = 1;
        aclnn_param_scalar_set(&r, 1, beta);
    }
    return aclnn_prepare(&r, workspaceSize, executor);
}

aclnnStatus aclnnAddmmGetWorkspaceSize(const aclTensor *self, const aclTensor *mat1, const aclTensor *mat2,
                                       const aclScalar *beta, const aclScalar *alpha, aclTensor *out,
                                       int8_t cubeMathType, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return addmm(ACLNN_OP_Addmm, self, mat1, mat2, beta, alpha, out, cubeMathType, workspaceSize, executor);
}

aclnnStatus aclnnInplaceAddmmGetWorkspaceSize(const aclTensor *selfRef, const aclTensor *mat1, const aclTensor *mat2,
                                              const aclScalar *beta, const aclScalar *alpha, int8_t cubeMathType,
                                              uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return addmm(ACLNN_OP_InplaceAddmm, selfRef, mat1, mat2, beta, alpha, selfRef, cubeMathType, workspaceSize,
                 executor);
}
