/* op_binary.c: Add, Sub, Mul, Div between tensors (numpy broadcasting) and with host scalars
 * (Adds, Subs, Muls, Divs), and their in-place forms. Semantics are PyTorch's, as aclnn
 * documents them: out = self + alpha * other; operands promoted to a common dtype
 * (aclnn_promote), integer division true (in float); the result cast to out's dtype where
 * PyTorch allows it. Each is one graph of CANN ops (Cast, Mul, Add, Sub, Div) that the graph
 * engine fuses into one kernel. */
#include "op.h"

#include "aclnnop/aclnn_add.h"
#include "aclnnop/aclnn_div.h"
#include "aclnnop/aclnn_mul.h"
#include "aclnnop/aclnn_sub.h"

/* p.i[0]: the CANN op ("Add", ...) as an index into kinds; p.dt[0]: compute dtype;
 * p.s[0]: alpha (Add/Sub), p.s[1]: the scalar operand (the *s forms); p.i[1]: scalar form;
 * p.i[2]: alpha is not 1. */
enum { K_ADD, K_SUB, K_MUL, K_DIV };
static const char *const kinds[] = {"Add", "Sub", "Mul", "Div"};

static void build(aclnn_builder *b, const aclnn_request *r)
{
    const aclDataType ct = (aclDataType)r->p.dt[0];
    gecl_port x = ab_cast(b, b->in[0], r->in[0]->dtype, ct), y;
    if (r->p.i[1]) { /* scalar operand: alpha folded in on the host */
        aclScalar s = aclnn_param_scalar(r, 1);
        y = ab_scalar(b, ct, &s);
    } else {
        y = ab_cast(b, b->in[1], r->in[1]->dtype, ct);
        if (r->p.i[2]) {
            aclScalar alpha = aclnn_param_scalar(r, 0);
            y = AB_OP(b, "Mul", y, ab_scalar(b, ct, &alpha));
        }
    }
    gecl_port z = AB_OP(b, kinds[r->p.i[0]], x, y);
    b->out[0] = ab_cast(b, z, ct, r->out[0]->dtype);
}

/* alpha * other for the scalar forms, in the compute dtype's category (PyTorch multiplies the
 * two scalars before the kernel). */
static aclScalar scaled(const aclScalar *other, const aclScalar *alpha, aclDataType ct)
{
    aclScalar s = *other;
    if (!alpha) return s;
    if (aclnn_dtype_is_float(ct)) {
        s.dtype = ACL_DOUBLE;
        s.f = aclnn_scalar_double(other) * aclnn_scalar_double(alpha);
    } else {
        s.dtype = ACL_INT64;
        s.i = (int64_t)((uint64_t)other->i * (uint64_t)alpha->i); /* wraps as PyTorch's int64 does */
        s.f = (double)s.i;
        s.u = (uint64_t)s.i;
    }
    return s;
}

/* The common path: the scalar forms (S) take `scalar`, the others `other`; alpha is NULL for Mul
 * and Div. The in-place forms write self (then named selfRef) as out. */
enum { T = 0, S = 1 };
static aclnnStatus binary(aclnn_op op, int kind, int form, const aclTensor *self, const aclTensor *other,
                          const aclScalar *scalar, const aclScalar *alpha, const aclTensor *out, uint64_t *workspaceSize,
                          aclOpExecutor **executor)
{
    const char *out_name = out == self ? "selfRef" : "out";
    aclnn_arg args[4] = {{self, ACLNN_KIND_TENSOR, out == self ? "selfRef" : "self"},
                         form == S ? (aclnn_arg){scalar, ACLNN_KIND_SCALAR, "other"}
                                   : (aclnn_arg){other, ACLNN_KIND_TENSOR, "other"}};
    size_t n_args = 2;
    if (kind == K_ADD || kind == K_SUB) args[n_args++] = (aclnn_arg){alpha, ACLNN_KIND_SCALAR, "alpha"};
    args[n_args++] = (aclnn_arg){out, ACLNN_KIND_TENSOR, out_name};
    ACLNN_TRY(aclnn_check_args(args, n_args));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);

    ACLNN_CHECK(aclnn_dtype_supported(self->dtype), "self is %s, which gecl's aclnn does not compute",
                aclnn_dtype_name(self->dtype));
    aclDataType ct;
    if (form == S) {
        ct = aclnn_promote_scalar(self->dtype, scalar->dtype);
    } else {
        ct = aclnn_promote(self->dtype, other->dtype);
        ACLNN_CHECK(ct != ACL_DT_UNDEFINED, "self (%s) and other (%s) have no common dtype gecl computes",
                    aclnn_dtype_name(self->dtype), aclnn_dtype_name(other->dtype));
    }
    if (kind == K_DIV && !aclnn_dtype_is_float(ct)) ct = ACL_FLOAT; /* true division */
    if (alpha) {
        ACLNN_CHECK(aclnn_dtype_is_float(ct) || !aclnn_dtype_is_float(alpha->dtype), "alpha is %s, the operands are "
                    "%s: an integer computation takes an integer alpha", aclnn_dtype_name(alpha->dtype),
                    aclnn_dtype_name(ct));
    }
    /* bool arithmetic runs in int32 and is cast back (true + true is true, as in PyTorch). */
    const aclDataType compute = ct == ACL_BOOL ? ACL_INT32 : ct;
    ACLNN_TRY(aclnn_check_cast(ct, out, out_name));

    int64_t dims[ACLNN_MAX_DIMS];
    if (form == S) {
        ACLNN_TRY(aclnn_check_shape(out, out_name, self->dims, self->ndim));
    } else {
        int n = aclnn_broadcast(self, other, dims);
        char a[160], c[160];
        ACLNN_CHECK(n >= 0, "self %s and other %s do not broadcast", aclnn_shape_str(self, a, sizeof a),
                    aclnn_shape_str(other, c, sizeof c));
        ACLNN_TRY(aclnn_check_shape(out, out_name, dims, (uint64_t)n));
    }

    aclnn_request r;
    aclnn_request_init(&r, op, build);
    ACLNN_TRY(aclnn_request_in(&r, self, out == self ? "selfRef" : "self"));
    if (form == T) ACLNN_TRY(aclnn_request_in(&r, other, "other"));
    ACLNN_TRY(aclnn_request_out(&r, out, out_name));
    r.p.i[0] = kind;
    r.p.dt[0] = compute;
    if (form == S) {
        r.p.i[1] = 1;
        aclScalar s = scaled(scalar, alpha && !aclnn_scalar_is_one(alpha) ? alpha : NULL, compute);
        aclnn_param_scalar_set(&r, 1, &s);
    } else if (alpha && !aclnn_scalar_is_one(alpha)) { /* CANN's rule too: alpha 1 is a plain Add */
        r.p.i[2] = 1;
        aclnn_param_scalar_set(&r, 0, alpha);
    }
    return aclnn_prepare(&r, workspaceSize, executor);
}

aclnnStatus aclnnAddGetWorkspaceSize(const aclTensor *self, const aclTensor *other, const aclScalar *alpha,
                                     aclTensor *out, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_Add, K_ADD, T, self, other, NULL, alpha, out, workspaceSize, executor);
}

aclnnStatus aclnnAddsGetWorkspaceSize(const aclTensor *self, const aclScalar *other, const aclScalar *alpha,
                                      aclTensor *out, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_Adds, K_ADD, S, self, NULL, other, alpha, out, workspaceSize, executor);
}

aclnnStatus aclnnInplaceAddGetWorkspaceSize(const aclTensor *selfRef, const aclTensor *other, const aclScalar *alpha,
                                            uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_InplaceAdd, K_ADD, T, selfRef, other, NULL, alpha, selfRef, workspaceSize, executor);
}

aclnnStatus aclnnInplaceAddsGetWorkspaceSize(const aclTensor *selfRef, const aclScalar *other, const aclScalar *alpha,
                                             uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_InplaceAdds, K_ADD, S, selfRef, NULL, other, alpha, selfRef, workspaceSize, executor);
}

aclnnStatus aclnnSubGetWorkspaceSize(const aclTensor *self, const aclTensor *other, const aclScalar *alpha,
                                     aclTensor *out, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_Sub, K_SUB, T, self, other, NULL, alpha, out, workspaceSize, executor);
}

aclnnStatus aclnnSubsGetWorkspaceSize(const aclTensor *self, const aclScalar *other, const aclScalar *alpha,
                                      aclTensor *out, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_Subs, K_SUB, S, self, NULL, other, alpha, out, workspaceSize, executor);
}

aclnnStatus aclnnInplaceSubGetWorkspaceSize(const aclTensor *selfRef, const aclTensor *other, const aclScalar *alpha,
                                            uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_InplaceSub, K_SUB, T, selfRef, other, NULL, alpha, selfRef, workspaceSize, executor);
}

aclnnStatus aclnnInplaceSubsGetWorkspaceSize(const aclTensor *selfRef, const aclScalar *other, const aclScalar *alpha,
                                             uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_InplaceSubs, K_SUB, S, selfRef, NULL, other, alpha, selfRef, workspaceSize, executor);
}

aclnnStatus aclnnMulGetWorkspaceSize(const aclTensor *self, const aclTensor *other, aclTensor *out,
                                     uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_Mul, K_MUL, T, self, other, NULL, NULL, out, workspaceSize, executor);
}

aclnnStatus aclnnMulsGetWorkspaceSize(const aclTensor *self, const aclScalar *other, aclTensor *out,
                                      uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_Muls, K_MUL, S, self, NULL, other, NULL, out, workspaceSize, executor);
}

aclnnStatus aclnnInplaceMulGetWorkspaceSize(aclTensor *selfRef, const aclTensor *other, uint64_t *workspaceSize,
                                            aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_InplaceMul, K_MUL, T, selfRef, other, NULL, NULL, selfRef, workspaceSize, executor);
}

aclnnStatus aclnnInplaceMulsGetWorkspaceSize(aclTensor *selfRef, const aclScalar *other, uint64_t *workspaceSize,
                                             aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_InplaceMuls, K_MUL, S, selfRef, NULL, other, NULL, selfRef, workspaceSize, executor);
}

aclnnStatus aclnnDivGetWorkspaceSize(const aclTensor *self, const aclTensor *other, aclTensor *out,
                                     uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_Div, K_DIV, T, self, other, NULL, NULL, out, workspaceSize, executor);
}

aclnnStatus aclnnDivsGetWorkspaceSize(const aclTensor *self, const aclScalar *other, aclTensor *out,
                                      uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_Divs, K_DIV, S, self, NULL, other, NULL, out, workspaceSize, executor);
}

aclnnStatus aclnnInplaceDivGetWorkspaceSize(aclTensor *selfRef, const aclTensor *other, uint64_t *workspaceSize,
                                            aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_InplaceDiv, K_DIV, T, selfRef, other, NULL, NULL, selfRef, workspaceSize, executor);
}

aclnnStatus aclnnInplaceDivsGetWorkspaceSize(aclTensor *selfRef, const aclScalar *other, uint64_t *workspaceSize,
                                             aclOpExecutor **executor)
{
    GECL_ENTER();
    return binary(ACLNN_OP_InplaceDivs, K_DIV, S, selfRef, NULL, other, NULL, selfRef, workspaceSize, executor);
}
