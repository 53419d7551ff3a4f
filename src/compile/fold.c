/* fold.c: constant folding. Elementwise ops, casts, views and transposes whose inputs are all
 * constants are evaluated on the host at compile time and become Const nodes, so no kernel runs
 * for them (typical: weights reshaped, transposed or scaled by the exporter). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl_base.h"
#include "ge_error.h"
#include "plan.h"
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
    switch (t) {
    case GECL_DT_FLOAT: ((float *)p)[i] = (float)v; break;
    case GECL_DT_FLOAT16: ((aclFloat16 *)p)[i] = aclFloatToFloat16((float)v); break;
    case GECL_DT_DOUBLE: ((double *)p)[i] = v; break;
    case GECL_DT_INT8: ((int8_t *)p)[i] = (int8_t)v; break;
    case GECL_DT_UINT8: ((uint8_t *)p)[i] = (uint8_t)v; break;
    case GECL_DT_BOOL: ((uint8_t *)p)[i] = v != 0; break;
    case GECL_DT_INT16: ((int16_t *)p)[i] = (int16_t)v; break;
    case GECL_DT_UINT16: ((uint16_t *)p)[i] = (uint16_t)v; break;
    case GECL_DT_INT32: ((int32_t *)p)[i] = (int32_t)v; break;
    case GECL_DT_UINT32: ((uint32_t *)p)[i] = (uint32_t)v; break;
    case GECL_DT_INT64: ((int64_t *)p)[i] = (int64_t)v; break;
    case GECL_DT_UINT64: ((uint64_t *)p)[i] = (uint64_t)v; break;
    default: break;
    }
}

static int is_int(gecl_dtype t) { return t != GECL_DT_FLOAT && t != GECL_DT_FLOAT16 && t != GECL_DT_DOUBLE; }

static double eval(gecl_op op, double a, double b, gecl_dtype t)
{
    switch (op) {
    case GECL_OP_CAST: return is_int(t) && t != GECL_DT_BOOL ? trunc(a) : a;
    case GECL_OP_RELU: return a > 0 ? a : 0;
    case GECL_OP_RELU6: return a < 0 ? 0 : a > 6 ? 6 : a;
    case GECL_OP_SIGMOID: return 1 / (1 + exp(-a));
    case GECL_OP_TANH: return tanh(a);
    case GECL_OP_EXP: return exp(a);
    case GECL_OP_LOG: return log(a);
    case GECL_OP_SQRT: return sqrt(a);
    case GECL_OP_RSQRT: return 1 / sqrt(a);
    case GECL_OP_ABS: return fabs(a);
    case GECL_OP_NEG: return -a;
    case GECL_OP_SQUARE: return a * a;
    case GECL_OP_RECIPROCAL: return 1 / a;
    case GECL_OP_FLOOR: return floor(a);
    case GECL_OP_CEIL: return ceil(a);
    case GECL_OP_ADD: case GECL_OP_BIAS_ADD: return a + b;
    case GECL_OP_SUB: return a - b;
    case GECL_OP_MUL: return a * b;
    case GECL_OP_REALDIV: case GECL_OP_DIV: return is_int(t) ? (b == 0 ? 0 : trunc(a / b)) : a / b;
    case GECL_OP_MAXIMUM: return a > b ? a : b;
    case GECL_OP_MINIMUM: return a < b ? a : b;
    case GECL_OP_POW: return pow(a, b);
    default: return 0;
    }
}

/* Offset of element `i` of `out` in an input read with `strides`. */
static int64_t source_index(int64_t i, const gecl_tensor_desc *out, const int64_t *strides)
{
    int64_t os[GECL_MAX_DIMS], at = 0;
    gecl_desc_strides(out, os);
    for (uint32_t k = 0; k < out->ndim; k++) at += (i / os[k]) % out->dims[k] * strides[k];
    return at;
}

static void fold_elementwise(const gecl_graph *g, const gecl_node *n, void *dst)
{
    const gecl_tensor_desc *out = &n->outs[0];
    size_t nin = gecl_op_info_get(n->op)->kind == GECL_KIND_BINARY ? 2 : 1;
    int64_t strides[2][GECL_MAX_DIMS];
    for (size_t k = 0; k < nin; k++) gecl_ew_input_strides(g, n, k, out, strides[k]);
    const gecl_tensor_desc *da = gecl_input_desc(g, n, 0), *db = nin > 1 ? gecl_input_desc(g, n, 1) : NULL;
    const void *pa = gecl_input_const(g, n, 0), *pb = nin > 1 ? gecl_input_const(g, n, 1) : NULL;
    for (int64_t i = 0, total = gecl_desc_numel(out); i < total; i++) {
        double a = load(pa, da->dtype, source_index(i, out, strides[0]));
        double b = db ? load(pb, db->dtype, source_index(i, out, strides[1])) : 0;
        store(dst, out->dtype, i, eval(n->op, a, b, out->dtype));
    }
}

static void fold_transpose(const gecl_graph *g, const gecl_node *n, void *dst)
{
    const gecl_tensor_desc *in = gecl_input_desc(g, n, 0), *out = &n->outs[0];
    int64_t perm[GECL_MAX_DIMS], is[GECL_MAX_DIMS], strides[GECL_MAX_DIMS];
    size_t count = 0;
    if (n->op == GECL_OP_TRANSPOSE) {
        gecl_input_const_ints(g, n, 1, perm, GECL_MAX_DIMS);
    } else {
        const int64_t *p = gecl_attr_ints(n, "perm", &count);
        if (count) memcpy(perm, p, count * sizeof *p);
    }
    gecl_desc_strides(in, is);
    for (uint32_t k = 0; k < out->ndim; k++) strides[k] = is[perm[k] < 0 ? perm[k] + in->ndim : perm[k]];
    size_t es = gecl_dtype_size(out->dtype);
    const char *src = gecl_input_const(g, n, 0);
    for (int64_t i = 0, total = gecl_desc_numel(out); i < total; i++)
        memcpy((char *)dst + i * es, src + source_index(i, out, strides) * es, es);
}

static int foldable(const gecl_graph *g, const gecl_node *n)
{
    const gecl_op_info *info = gecl_op_info_get(n->op);
    int kind_ok = info->kind == GECL_KIND_UNARY || info->kind == GECL_KIND_BINARY || info->kind == GECL_KIND_VIEW ||
                  n->op == GECL_OP_TRANSPOSE || n->op == GECL_OP_TRANSPOSE_D;
    if (!kind_ok) return 0;
    /* Reshape's shape input is a constant by definition; what matters is its data input. */
    size_t need = info->kind == GECL_KIND_VIEW || n->op == GECL_OP_TRANSPOSE ? 1 : n->n_inputs;
    for (size_t i = 0; i < need; i++)
        if (!gecl_input_const(g, n, i)) return 0;
    return 1;
}

gecl_status gecl_fold_constants(gecl_graph *g)
{
    for (size_t k = 0; k < g->n_nodes; k++) {
        gecl_node *n = &g->nodes[g->order[k]];
        if (!foldable(g, n)) continue;
        size_t bytes = gecl_desc_bytes(&n->outs[0]);
        void *data = malloc(bytes ? bytes : 1);
        if (!data) return gecl_ge_oom();
        const gecl_op_info *info = gecl_op_info_get(n->op);
        if (info->kind == GECL_KIND_VIEW) memcpy(data, gecl_input_const(g, n, 0), bytes);
        else if (info->kind == GECL_KIND_KERNEL) fold_transpose(g, n, data);
        else fold_elementwise(g, n, data);
        n->op = GECL_OP_CONST;
        n->data = data;
        n->bytes = bytes;
        n->n_inputs = 0; /* the producers may now be dead */
    }
    return GECL_SUCCESS;
}

void gecl_mark_live(const gecl_graph *g, char *live)
{
    memset(live, 0, g->n_nodes);
    for (size_t j = 0; j < g->n_outputs; j++) live[g->outputs[j].node] = 1;
    for (size_t k = g->n_nodes; k-- > 0;) {
        const gecl_node *n = &g->nodes[g->order[k]];
        if (!live[g->order[k]]) continue;
        for (size_t i = 0; i < n->n_inputs; i++)
            if (n->inputs[i].node >= 0) live[n->inputs[i].node] = 1;
    }
    /* Data nodes stay: the run binds every declared input. */
    for (size_t i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].op == GECL_OP_DATA) live[i] = 1;
}
