/* fold.c: constant folding, part of inference. An op with a fold function in op_table.h whose
 * inputs are all constants is evaluated on the host as soon as it is inferred and becomes a Const
 * node, so no kernel runs for it (weights reshaped, transposed or scaled by the exporter) and the
 * ops after it see its values (a shape computed by a subgraph, then fed to Reshape). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl_base.h"
#include "ge_error.h"
#include "registry.h"

/* bfloat16: the high half of a float32; stored rounded to nearest even (a NaN stays a NaN). */
static float bf16_to_float(uint16_t h)
{
    const uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint16_t float_to_bf16(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)(u >> 16 | 0x40);
    return (uint16_t)((u + 0x7fffu + (u >> 16 & 1)) >> 16);
}

static double load(const void *p, gecl_dtype t, int64_t i)
{
    switch (t) {
    case GECL_DT_FLOAT: return ((const float *)p)[i];
    case GECL_DT_FLOAT16: return aclFloat16ToFloat(((const aclFloat16 *)p)[i]);
    case GECL_DT_BF16: return bf16_to_float(((const uint16_t *)p)[i]);
    case GECL_DT_DOUBLE: return ((const double *)p)[i];
    case GECL_DT_INT8: return ((const int8_t *)p)[i];
    case GECL_DT_UINT8: case GECL_DT_BOOL: return ((const uint8_t *)p)[i];
    case GECL_DT_INT16: return ((const int16_t *)p)[i];
    case GECL_DT_UINT16: return ((const uint16_t *)p)[i];
    case GECL_DT_INT32: return ((const int32_t *)p)[i];
    case GECL_DT_UINT32: return ((const uint32_t *)p)[i];
    case GECL_DT_INT64: return (double)((const int64_t *)p)[i];
    case GECL_DT_UINT64: return (double)((const uint64_t *)p)[i];
    default: return 0;
    }
}

static void store(void *p, gecl_dtype t, int64_t i, double v)
{
    /* Integers: truncated toward zero; a value no int64 holds (inf, NaN, division by zero)
     * stores 0 rather than undefined behaviour. Narrower types wrap from the int64. */
    const int64_t w = fabs(v) < 9.2e18 ? (int64_t)v : 0;
    switch (t) {
    case GECL_DT_FLOAT: ((float *)p)[i] = (float)v; break;
    case GECL_DT_FLOAT16: ((aclFloat16 *)p)[i] = aclFloatToFloat16((float)v); break;
    case GECL_DT_BF16: ((uint16_t *)p)[i] = float_to_bf16((float)v); break;
    case GECL_DT_DOUBLE: ((double *)p)[i] = v; break;
    case GECL_DT_INT8: ((int8_t *)p)[i] = (int8_t)w; break;
    case GECL_DT_UINT8: ((uint8_t *)p)[i] = (uint8_t)w; break;
    case GECL_DT_BOOL: ((uint8_t *)p)[i] = v != 0; break;
    case GECL_DT_INT16: ((int16_t *)p)[i] = (int16_t)w; break;
    case GECL_DT_UINT16: ((uint16_t *)p)[i] = (uint16_t)w; break;
    case GECL_DT_INT32: ((int32_t *)p)[i] = (int32_t)w; break;
    case GECL_DT_UINT32: ((uint32_t *)p)[i] = (uint32_t)w; break;
    case GECL_DT_INT64: ((int64_t *)p)[i] = w; break;
    case GECL_DT_UINT64: ((uint64_t *)p)[i] = (uint64_t)w; break;
    default: break;
    }
}

/* The elementwise expressions of op_table.h compiled as C: T is double, and the OpenCL
 * built-ins they use that C lacks are defined here, as are the name_T helpers (codegen's are in
 * compile/ew_helpers.c; integers are exact in a double up to 2^53). Casts to an integer type,
 * integer division and wrapping happen when the double is stored (store: truncation, as OpenCL's
 * conversions). */
#define T double
static double min(double a, double b) { return a < b ? a : b; }
static double max(double a, double b) { return a > b ? a : b; }
static double rsqrt(double a) { return 1 / sqrt(a); }
static double gecl_pow_T(double a, double b) { return pow(a, b); }
/* Division by zero gives NaN, which an integer type stores as 0, as the integer kernels return. */
static double gecl_mod_T(double a, double b) { return fmod(a, b); }
static double gecl_floormod_T(double a, double b)
{
    double r = fmod(a, b);
    return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}
/* Bits shifted past the type's width are dropped by store's wrap; counts outside [0, 64) give
 * 0 (right: the sign), as the kernels' range checks do. */
static uint64_t bits_of(double a)
{
    if (a >= 0) return a < 1.8e19 ? (uint64_t)a : 0;
    return a > -9.2e18 ? (uint64_t)(int64_t)a : 0;
}
static double gecl_shl_T(double a, double b)
{
    return b < 0 || b >= 64 ? 0 : (double)(int64_t)(bits_of(a) << (int)b);
}
static double gecl_shr_T(double a, double b)
{
    if (b < 0 || b >= 64) return a < 0 ? -1 : 0;
    /* signed values shift arithmetically, unsigned ones (never negative here) logically */
    return a < 0 ? (double)((int64_t)bits_of(a) >> (int)b) : (double)(bits_of(a) >> (int)b);
}
#define GECL_EVAL_SOURCE(ex)
#define GECL_EVAL_VIEW(ex)
#define GECL_EVAL_UNARY(ex) return (ex);
#define GECL_EVAL_BINARY(ex) return (ex);
#define GECL_EVAL_TERNARY(ex) return (ex);
#define GECL_EVAL_ANCHOR(ex)
#define GECL_EVAL_KERNEL(ex)
static double eval(gecl_op op, double x0, double x1, double x2, const double *a)
{
    const double a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    (void)x1, (void)x2, (void)a0, (void)a1, (void)a2, (void)a3;
    switch (op) {
#define GECL_OP_EVAL(id, nm, kd, mn, mx, no, inf, low, fld, ex) \
    case GECL_OP_##id: GECL_EVAL_##kd(ex) break;
        GECL_OP_LIST(GECL_OP_EVAL)
#undef GECL_OP_EVAL
    default: break;
    }
    return 0;
}
#undef T

int64_t gecl_fold_source_index(int64_t i, const gecl_tensor_desc *out, const int64_t *strides)
{
    int64_t os[GECL_MAX_DIMS], at = 0;
    gecl_desc_strides(out, os);
    for (uint32_t k = 0; k < out->ndim; k++) at += (i / os[k]) % out->dims[k] * strides[k];
    return at;
}

void gecl_fold_elementwise(const gecl_graph *g, const gecl_node *n, void *dst)
{
    const gecl_tensor_desc *out = &n->outs[0];
    const size_t nin = (size_t)gecl_op_operands(n->op);
    int64_t strides[3][GECL_MAX_DIMS];
    const gecl_tensor_desc *d[3] = {NULL, NULL, NULL};
    const void *p[3] = {NULL, NULL, NULL};
    for (size_t k = 0; k < nin && k < 3; k++) {
        gecl_ew_input_strides(g, n, k, out, strides[k]);
        d[k] = gecl_input_desc(g, n, k);
        p[k] = gecl_input_const(g, n, k);
    }
    double a[GECL_EW_MAX_ATTRS];
    gecl_ew_attr_values(n, a);
    for (int64_t i = 0, total = gecl_desc_numel(out); i < total; i++) {
        double x[3] = {0, 0, 0};
        for (size_t k = 0; k < nin && k < 3; k++) x[k] = load(p[k], d[k]->dtype, gecl_fold_source_index(i, out, strides[k]));
        store(dst, out->dtype, i, eval(n->op, x[0], x[1], x[2], a));
    }
}

/* The fold column's "never": foldable() skips these ops, so this is not called. */
void gecl_fold_none(const gecl_graph *g, const gecl_node *n, void *dst)
{
    (void)g, (void)n, (void)dst;
}

void gecl_fold_view(const gecl_graph *g, const gecl_node *n, void *dst)
{
    memcpy(dst, gecl_input_const(g, n, 0), gecl_desc_bytes(&n->outs[0]));
}

/* Every present input is a constant (a Reshape's shape or a Transpose's perm is one by the time
 * inference has run, so only the data input can make it not foldable), or the op's value is its
 * inputs' descriptions (Shape, Size: op_attrs.h's GECL_FOLD_FROM_DESC_LIST). */
static int foldable(const gecl_graph *g, const gecl_node *n)
{
    if (gecl_op_fold[n->op] == gecl_fold_none) return 0;
    /* Folding evaluates over real doubles: complex arithmetic runs on the device. */
    if (gecl_op_fold[n->op] == gecl_fold_elementwise && gecl_dtype_is_complex(n->outs[0].dtype)) return 0;
    if (gecl_op_folds_from_desc(n->op)) return 1;
    for (size_t i = 0; i < n->n_inputs; i++)
        if (n->inputs[i].node >= 0 && !gecl_input_const(g, n, i)) return 0;
    return 1;
}

/* Folding makes the output on the host, at compile time. An op that makes much more than it is
 * given (a small constant tiled, broadcast, padded or filled to any size up to
 * GECL_MAX_TENSOR_BYTES) would take that memory and time there: past this size, and larger than
 * its constant inputs, it is left to its kernel. Range has none (it only folds): refused. */
#define GECL_FOLD_MAX_BYTES ((size_t)64 << 20)

static size_t const_input_bytes(const gecl_graph *g, const gecl_node *n)
{
    size_t sum = 0;
    for (size_t i = 0; i < n->n_inputs; i++) {
        const gecl_tensor_desc *d = gecl_input_desc(g, n, i);
        if (d) sum += gecl_desc_bytes(d);
    }
    return sum;
}

gecl_status gecl_fold_node(gecl_graph *g, gecl_node *n)
{
    if (!foldable(g, n)) return GECL_SUCCESS;
    size_t bytes = gecl_desc_bytes(&n->outs[0]);
    if (bytes > GECL_FOLD_MAX_BYTES && bytes > const_input_bytes(g, n)) {
        if (n->op != GECL_OP_RANGE) return GECL_SUCCESS;
        return gecl_node_fail(n, "its output of %zu bytes is made at compile time, and gecl makes at most %zu there",
                              bytes, GECL_FOLD_MAX_BYTES);
    }
    void *data = gecl_const_data_new(bytes);
    if (!data) return gecl_ge_oom();
    gecl_op_fold[n->op](g, n, data);
    n->op = GECL_OP_CONST;
    n->data = data;
    n->bytes = bytes;
    n->n_inputs = 0; /* the producers may now be dead */
    return GECL_SUCCESS;
}
