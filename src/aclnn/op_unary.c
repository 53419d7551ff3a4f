/* op_unary.c: one-input elementwise operators (activations, math functions, Cast) and their
 * in-place forms, each a graph of the CANN op of the same name (Gelu: its tanh approximation
 * written with Mul, Add, Exp, Div), fused by the graph engine into one kernel. The functions of
 * floating results (Sigmoid, Tanh, Exp, Log, Sqrt, Gelu) take integer inputs as PyTorch does:
 * converted to out's floating dtype (ACL_FLOAT when out is not floating). */
#include "op.h"

#include "aclnnop/aclnn_abs.h"
#include "aclnnop/aclnn_cast.h"
#include "aclnnop/aclnn_exp.h"
#include "aclnnop/aclnn_gelu.h"
#include "aclnnop/aclnn_log.h"
#include "aclnnop/aclnn_neg.h"
#include "aclnnop/aclnn_relu.h"
#include "aclnnop/aclnn_sigmoid.h"
#include "aclnnop/aclnn_sqrt.h"
#include "aclnnop/aclnn_tanh.h"

/* How each function computes. */
typedef enum fn_class {
    FN_ANY,        /* any numeric dtype, computed in the input's */
    FN_SIGNED,     /* as FN_ANY but not bool (Neg) */
    FN_FLOAT,      /* floating result */
    FN_CAST
} fn_class;

typedef struct unary_fn {
    const char *type;   /* the CANN op; NULL: built by hand (Gelu) */
    fn_class cls;
} unary_fn;

enum { U_RELU, U_GELU, U_SIGMOID, U_TANH, U_EXP, U_LOG, U_SQRT, U_ABS, U_NEG, U_CAST };
static const unary_fn fns[] = {
    [U_RELU] = {"Relu", FN_ANY},       [U_GELU] = {NULL, FN_FLOAT},      [U_SIGMOID] = {"Sigmoid", FN_FLOAT},
    [U_TANH] = {"Tanh", FN_FLOAT},     [U_EXP] = {"Exp", FN_FLOAT},      [U_LOG] = {"Log", FN_FLOAT},
    [U_SQRT] = {"Sqrt", FN_FLOAT},     [U_ABS] = {"Abs", FN_ANY},        [U_NEG] = {"Neg", FN_SIGNED},
    [U_CAST] = {"Cast", FN_CAST},
};

/* CANN's Gelu: x * sigmoid(2 * sqrt(2 / pi) * (x + 0.044715 x^3)), written x / (1 + exp(-k u)). */
static gecl_port gelu(aclnn_builder *b, gecl_port x, aclDataType ct)
{
    gecl_port x3 = AB_OP(b, "Mul", AB_OP(b, "Mul", x, x), x);
    gecl_port u = AB_OP(b, "Add", x, AB_OP(b, "Mul", x3, ab_scalar_f(b, ct, 0.044715)));
    gecl_port e = AB_OP(b, "Exp", AB_OP(b, "Mul", u, ab_scalar_f(b, ct, -1.5957691216057308)));
    return AB_OP(b, "Div", x, AB_OP(b, "Add", e, ab_scalar_f(b, ct, 1.0)));
}

/* p.i[0]: the function; p.dt[0]: compute dtype. */
static void build(aclnn_builder *b, const aclnn_request *r)
{
    const unary_fn *f = &fns[r->p.i[0]];
    const aclDataType ct = (aclDataType)r->p.dt[0], out = r->out[0]->dtype;
    if (f->cls == FN_CAST) {
        b->out[0] = ab_cast(b, b->in[0], r->in[0]->dtype, out); /* the same dtype: a copy */
        return;
    }
    gecl_port x = ab_cast(b, b->in[0], r->in[0]->dtype, ct);
    gecl_port y = f->type ? AB_OP(b, f->type, x) : gelu(b, x, ct);
    b->out[0] = ab_cast(b, y, ct, out);
}

static aclnnStatus unary(aclnn_op op, int fn, const aclTensor *self, const aclTensor *out, aclDataType cast_to,
                         uint64_t *workspaceSize, aclOpExecutor **executor)
{
    const int inplace = self == out;
    const char *out_name = inplace ? "selfRef" : "out";
    const aclnn_arg args[2] = {{self, ACLNN_KIND_TENSOR, inplace ? "selfRef" : "self"},
                               {out, ACLNN_KIND_TENSOR, out_name}};
    ACLNN_TRY(aclnn_check_args(args, 2));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_CHECK(aclnn_dtype_supported(self->dtype), "self is %s, which gecl's aclnn does not compute",
                aclnn_dtype_name(self->dtype));
    ACLNN_TRY(aclnn_check_shape(out, out_name, self->dims, self->ndim));
    const unary_fn *f = &fns[fn];
    aclDataType ct = self->dtype;
    switch (f->cls) {
    case FN_CAST:
        ACLNN_CHECK(aclnn_dtype_supported(cast_to), "dtype %d (%s) is not one gecl's aclnn computes", (int)cast_to,
                    aclnn_dtype_name(cast_to));
        ACLNN_CHECK(out->dtype == cast_to, "out is %s, dtype asks for %s", aclnn_dtype_name(out->dtype),
                    aclnn_dtype_name(cast_to));
        break;
    case FN_FLOAT:
        if (!aclnn_dtype_is_float(ct)) ct = aclnn_dtype_is_float(out->dtype) ? out->dtype : ACL_FLOAT;
        ACLNN_TRY(aclnn_check_cast(ct, out, out_name));
        break;
    case FN_SIGNED:
        ACLNN_CHECK(ct != ACL_BOOL, "self is ACL_BOOL: %s of a bool tensor is not defined", f->type);
        /* fall through */
    case FN_ANY:
        ACLNN_TRY(aclnn_check_cast(ct, out, out_name));
        break;
    }
    aclnn_request r;
    aclnn_request_init(&r, op, build);
    ACLNN_TRY(aclnn_request_in(&r, self, inplace ? "selfRef" : "self"));
    ACLNN_TRY(aclnn_request_out(&r, out, out_name));
    r.p.i[0] = fn;
    r.p.dt[0] = ct;
    return aclnn_prepare(&r, workspaceSize, executor);
}

#define UNARY(Name, fn)                                                                          \
    aclnnStatus aclnn##Name##GetWorkspaceSize(const aclTensor *self, aclTensor *out, uint64_t *workspaceSize, \
                                              aclOpExecutor **executor)                          \
    {                                                                                            \
        GECL_ENTER();                                                                            \
        return unary(ACLNN_OP_##Name, fn, self, out, ACL_DT_UNDEFINED, workspaceSize, executor); \
    }
/* CANN declares out const for these. */
#define UNARY_CONST_OUT(Name, fn)                                                                \
    aclnnStatus aclnn##Name##GetWorkspaceSize(const aclTensor *self, const aclTensor *out, uint64_t *workspaceSize, \
                                              aclOpExecutor **executor)                          \
    {                                                                                            \
        GECL_ENTER();                                                                            \
        return unary(ACLNN_OP_##Name, fn, self, out, ACL_DT_UNDEFINED, workspaceSize, executor); \
    }
#define INPLACE(Name, fn)                                                                        \
    aclnnStatus aclnnInplace##Name##GetWorkspaceSize(aclTensor *selfRef, uint64_t *workspaceSize, \
                                                     aclOpExecutor **executor)                   \
    {                                                                                            \
        GECL_ENTER();                                                                            \
        return unary(ACLNN_OP_Inplace##Name, fn, selfRef, selfRef, ACL_DT_UNDEFINED, workspaceSize, executor); \
    }

UNARY_CONST_OUT(Relu, U_RELU)
INPLACE(Relu, U_RELU)
UNARY(Gelu, U_GELU)
UNARY(Sigmoid, U_SIGMOID)
INPLACE(Sigmoid, U_SIGMOID)
UNARY_CONST_OUT(Tanh, U_TANH)
INPLACE(Tanh, U_TANH)
UNARY(Exp, U_EXP)
INPLACE(Exp, U_EXP)
UNARY_CONST_OUT(Log, U_LOG)
INPLACE(Log, U_LOG)
UNARY_CONST_OUT(Sqrt, U_SQRT)
INPLACE(Sqrt, U_SQRT)
UNARY(Abs, U_ABS)
UNARY(Neg, U_NEG)
INPLACE(Neg, U_NEG)

aclnnStatus aclnnCastGetWorkspaceSize(const aclTensor *self, const aclDataType dtype, aclTensor *out,
                                      uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    return unary(ACLNN_OP_Cast, U_CAST, self, out, dtype, workspaceSize, executor);
}
