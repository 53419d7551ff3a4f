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

static double load(const void *p, gecl_dtype t, int64_t i)
{
    switch (t) {
    case GECL_DT_FLOAT: return ((const float *)p)[i];
    case GECL_DT_FLOAT16: return aclFloat16ToFloat(((const aclFloat16 *)p)[i]);
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
 * built-ins they use that C lacks are defined here. Casts to an integer type, integer division
 * and wrapping happen when the double is stored (store: truncation, as OpenCL's conversions). */
#define T double
static double min(double a, double b) { return a < b ? a : b; }
static double max(double a, double b) { return a > b ? a : b; }
static double rsqrt(double a) { return 1 / sqrt(a); }
#define GECL_EVAL_SOURCE(ex)
#define GECL_EVAL_VIEW(ex)
#define GECL_EVAL_UNARY(ex) return (ex);
#define GECL_EVAL_BINARY(ex) return (ex);
#define GECL_EVAL_ANCHOR(ex)
#define GECL_EVAL_KERNEL(ex)
static double eval(gecl_op op, double x0, double x1)
{
    (void)x1;
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
    size_t nin = gecl_op_info_get(n->op)->kind == GECL_KIND_BINARY ? 2 : 1;
    int64_t strides[2][GECL_MAX_DIMS];
    for (size_t k = 0; k < nin; k++) gecl_ew_input_strides(g, n, k, out, strides[k]);
    const gecl_tensor_desc *da = gecl_input_desc(g, n, 0), *db = nin > 1 ? gecl_input_desc(g, n, 1) : NULL;
    const void *pa = gecl_input_const(g, n, 0), *pb = nin > 1 ? gecl_input_const(g, n, 1) : NULL;
    for (int64_t i = 0, total = gecl_desc_numel(out); i < total; i++) {
        double a = load(pa, da->dtype, gecl_fold_source_index(i, out, strides[0]));
        double b = db ? load(pb, db->dtype, gecl_fold_source_index(i, out, strides[1])) : 0;
        store(dst, out->dtype, i, eval(n->op, a, b));
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
    if (gecl_op_folds_from_desc(n->op)) return 1;
    for (size_t i = 0; i < n->n_inputs; i++)
        if (n->inputs[i].node >= 0 && !gecl_input_const(g, n, i)) return 0;
    return 1;
}

gecl_status gecl_fold_node(gecl_graph *g, gecl_node *n)
{
    if (!foldable(g, n)) return GECL_SUCCESS;
    size_t bytes = gecl_desc_bytes(&n->outs[0]);
    void *data = malloc(bytes ? bytes : 1);
    if (!data) return gecl_ge_oom();
    gecl_op_fold[n->op](g, n, data);
    n->op = GECL_OP_CONST;
    n->data = data;
    n->bytes = bytes;
    n->n_inputs = 0; /* the producers may now be dead */
    return GECL_SUCCESS;
}
