/* cvt_reduce.c: ONNX reductions, arg max/min and the softmax family onto CANN ops.
 *
 * - Reduce*: the axes are an attribute up to opset 12 (ReduceSum) / 17 (the others) and an
 *   optional input after: a constant, values other nodes compute (folded during inference), or
 *   a graph input (a value input: the graph compiles per run's axes, value_inputs.c). Empty
 *   axes reduce everything, or nothing with noop_with_empty_axes. ReduceSum/Mean/Max/Min/Prod/
 *   LogSumExp map to the CANN op of the same name, ReduceL2 to EuclideanNorm; CANN has no L1,
 *   SumSquare or LogSum: ReduceSum of Abs / Square, Log of ReduceSum.
 * - ArgMax / ArgMin: ArgMaxV2 / ArgMin (which drop the axis; keepdims puts it back with a
 *   Reshape). select_last_index searches the reversed axis (ReverseV2) and maps the position p
 *   back to n - 1 - p.
 * - TopK: CANN's TopK (k a constant or value input), its int32 positions cast to int64.
 * - Softmax / LogSoftmax / Hardmax: from opset 13 along one axis (default -1); before, the input
 *   is seen as 2-D [outer, inner] split before `axis` (default 1) and normalised over inner:
 *   SoftmaxV2 / LogSoftmaxV2 over the axes from `axis` on, HardMax on a 2-D reshape. */
#include <string.h>

#include "onnx_ops.h"

/* ---- reductions ---- */

typedef struct reduce_map {
    const char *onnx, *cann, *pre, *post; /* pre / post: elementwise op before / after, or NULL */
    int axes_input_since;                 /* opset from which axes is an input */
    int cann_noop;                        /* the CANN op has noop_with_empty_axes */
} reduce_map;

static const reduce_map REDUCE_MAP[] = {
    {"ReduceSum", "ReduceSum", NULL, NULL, 13, 1},
    {"ReduceMean", "ReduceMean", NULL, NULL, 18, 1},
    {"ReduceMax", "ReduceMax", NULL, NULL, 18, 1},
    {"ReduceMin", "ReduceMin", NULL, NULL, 18, 0},
    {"ReduceProd", "ReduceProd", NULL, NULL, 18, 1},
    {"ReduceLogSumExp", "ReduceLogSumExp", NULL, NULL, 18, 1},
    {"ReduceL2", "EuclideanNorm", NULL, NULL, 18, 0},
    {"ReduceL1", "ReduceSum", "Abs", NULL, 18, 1},
    {"ReduceSumSquare", "ReduceSum", "Square", NULL, 18, 1},
    {"ReduceLogSum", "ReduceSum", NULL, "Log", 18, 1},
};

/* The rank of input 0 (its shape must be known when asked). */
static int input_rank(onnx_conv *c)
{
    gecl_tensor_desc d;
    if (onnx_desc(c, c->in[0], &d)) return -1;
    return (int)d.ndim;
}

gecl_status onnx_cvt_reduce(onnx_conv *c)
{
    const reduce_map *m = NULL;
    for (size_t i = 0; i < sizeof REDUCE_MAP / sizeof *REDUCE_MAP; i++)
        if (!strcmp(REDUCE_MAP[i].onnx, c->node->op_type)) m = &REDUCE_MAP[i];
    if (!m) return onnx_fail(c, "no CANN mapping for this reduction");
    if (c->n_in < 1 || c->in[0].node < 0) return onnx_fail(c, "input 0 (data) is missing");

    int64_t axes[GECL_MAX_DIMS];
    int n_axes = 0;
    gecl_port computed = {-1, 0}; /* axes computed by other nodes: known once inference folds them */
    if (c->opset >= m->axes_input_since) {
        if (onnx_attr(c, "axes")) return onnx_fail(c, "axes is an input from opset %d, not an attribute", m->axes_input_since);
        if (c->n_in > 1 && c->in[1].node >= 0) {
            n_axes = onnx_const_values(c, c->in[1], axes, GECL_MAX_DIMS);
            if (n_axes < 0 && !m->cann_noop)
                return onnx_unsupported(c, "computed axes for %s (its CANN op %s cannot tell empty axes apart)",
                                        m->onnx, m->cann);
            if (n_axes < 0) computed = c->in[1], n_axes = 0;
        }
    } else {
        const int64_t *a;
        size_t n = onnx_attr_ints(c, "axes", &a);
        if (n > GECL_MAX_DIMS) return onnx_fail(c, "axes has %zu values", n);
        if (n) memcpy(axes, a, n * sizeof *a);
        n_axes = (int)n;
    }
    const int64_t keepdims = onnx_attr_int(c, "keepdims", 1);
    const int64_t noop = c->opset >= m->axes_input_since ? onnx_attr_int(c, "noop_with_empty_axes", 0) : 0;
    if (n_axes == 0 && noop && computed.node < 0) { /* nothing reduced: the input as it is */
        c->out[0] = onnx_op1(c, "Identity", 1, c->in);
        return onnx_status(c);
    }
    if (n_axes == 0 && !m->cann_noop && computed.node < 0) { /* every axis, spelled out: the op has no noop */
        int rank = input_rank(c);
        if (rank < 0) return onnx_status(c);
        for (int a = 0; a < rank; a++) axes[a] = a;
        n_axes = rank;
    }
    gecl_port x = c->in[0];
    if (m->pre) x = onnx_op1(c, m->pre, 1, &x);
    const gecl_port in[2] = {x, computed.node >= 0 ? computed : onnx_const_ints(c, axes, (size_t)n_axes)};
    int32_t op = onnx_op(c, m->cann, 2, in);
    onnx_set_bool(c, op, "keep_dims", keepdims != 0);
    if (m->cann_noop) onnx_set_bool(c, op, "noop_with_empty_axes", computed.node >= 0 && noop);
    gecl_port y = {op < 0 ? -2 : op, 0};
    if (m->post) y = onnx_op1(c, m->post, 1, &y);
    c->out[0] = y;
    return onnx_status(c);
}

/* ---- arg max / min ---- */

gecl_status onnx_cvt_arg(onnx_conv *c)
{
    if (c->n_in < 1 || c->in[0].node < 0) return onnx_fail(c, "input 0 (data) is missing");
    const int64_t axis_attr = onnx_attr_int(c, "axis", 0), keepdims = onnx_attr_int(c, "keepdims", 1);
    const int64_t last = onnx_attr_int(c, "select_last_index", 0);
    gecl_tensor_desc d;
    const int need_shape = keepdims || last;
    if (need_shape && onnx_desc(c, c->in[0], &d)) return onnx_status(c);
    int64_t axis = axis_attr;
    if (need_shape) {
        if (axis < -(int64_t)d.ndim || axis >= (int64_t)d.ndim)
            return onnx_fail(c, "axis %lld is out of range for %u dims", (long long)axis, d.ndim);
        if (axis < 0) axis += d.ndim;
        if (d.dims[axis] < 0) return onnx_unsupported(c, "an unknown size along axis %lld", (long long)axis);
    }
    const char *type = !strcmp(c->node->op_type, "ArgMax") ? "ArgMaxV2" : "ArgMin";
    const gecl_port dim = onnx_const_ints(c, &axis, 1);
    gecl_port x = c->in[0];
    if (last) {
        const gecl_port rin[2] = {x, dim};
        x = onnx_op1(c, "ReverseV2", 2, rin);
    }
    const gecl_port ain[2] = {x, dim};
    int32_t op = onnx_op(c, type, 2, ain);
    onnx_set_int(c, op, "dtype", GECL_DT_INT64);
    gecl_port y = {op < 0 ? -2 : op, 0};
    if (last) { /* position p in the reversed axis is n - 1 - p in the original */
        const gecl_port sin[2] = {onnx_const_scalar(c, GECL_DT_INT64, (double)(d.dims[axis] - 1)), y};
        y = onnx_op1(c, "Sub", 2, sin);
    }
    if (keepdims) {
        int64_t shape[GECL_MAX_DIMS];
        for (uint32_t k = 0; k < d.ndim; k++) shape[k] = (int64_t)k == axis ? 1 : d.dims[k];
        const gecl_port rin[2] = {y, onnx_const_ints(c, shape, d.ndim)};
        y = onnx_op1(c, "Reshape", 2, rin);
    }
    c->out[0] = y;
    return onnx_status(c);
}

/* TopK: k as an attribute up to opset 9, a one-element input after; largest and sorted from
 * opset 11. CANN's TopK gives int32 positions: a Cast makes them ONNX's int64. */
gecl_status onnx_cvt_topk(onnx_conv *c)
{
    if (c->n_in < 1 || c->in[0].node < 0) return onnx_fail(c, "input 0 (X) is missing");
    gecl_port k;
    if (c->opset < 10) {
        if (!onnx_attr(c, "k")) return onnx_fail(c, "attribute k is missing");
        const int64_t kv = onnx_attr_int(c, "k", 0);
        k = onnx_const_ints(c, &kv, 1);
    } else {
        if (c->n_in < 2 || c->in[1].node < 0) return onnx_fail(c, "input 1 (K) is missing");
        k = c->in[1];
    }
    const gecl_port in[2] = {c->in[0], k};
    int32_t op = onnx_op(c, "TopK", 2, in);
    onnx_set_int(c, op, "dim", onnx_attr_int(c, "axis", -1));
    onnx_set_bool(c, op, "largest", onnx_attr_int(c, "largest", 1) != 0);
    onnx_set_bool(c, op, "sorted", onnx_attr_int(c, "sorted", 1) != 0);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    const gecl_port idx = {op < 0 ? -2 : op, 1};
    int32_t cast = onnx_op(c, "Cast", 1, &idx);
    onnx_set_int(c, cast, "dst_type", GECL_DT_INT64);
    c->out[1] = (gecl_port){cast < 0 ? -2 : cast, 0};
    return onnx_status(c);
}

/* ---- softmax family ---- */

gecl_status onnx_cvt_softmax(onnx_conv *c)
{
    if (c->n_in < 1 || c->in[0].node < 0) return onnx_fail(c, "input 0 (input) is missing");
    const char *onnx = c->node->op_type;
    const int hard = !strcmp(onnx, "Hardmax");
    const char *type = hard ? "HardMax" : !strcmp(onnx, "LogSoftmax") ? "LogSoftmaxV2" : "SoftmaxV2";
    if (c->opset >= 13) {
        const int64_t axis = onnx_attr_int(c, "axis", -1);
        int32_t op = onnx_op(c, type, 1, c->in);
        if (hard) onnx_set_int(c, op, "axis", axis);
        else onnx_set_ints(c, op, "axes", &axis, 1);
        c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
        return onnx_status(c);
    }
    /* Before opset 13: coerced to 2-D at axis (default 1), normalised over the second part. */
    gecl_tensor_desc d;
    if (onnx_desc(c, c->in[0], &d)) return onnx_status(c);
    int64_t axis = onnx_attr_int(c, "axis", 1);
    const int64_t rank = d.ndim;
    if (axis < -rank || axis > rank) return onnx_fail(c, "axis %lld is out of range for %lld dims", (long long)axis, (long long)rank);
    if (axis < 0) axis += rank;
    if (axis == rank) { /* inner is empty (one element per row): every output is 1, or 0 for LogSoftmax */
        return onnx_unsupported(c, "axis equal to the rank (a normalisation over no dims)");
    }
    if (!hard) {
        int64_t axes[GECL_MAX_DIMS];
        for (int64_t k = axis; k < rank; k++) axes[k - axis] = k;
        int32_t op = onnx_op(c, type, 1, c->in);
        onnx_set_ints(c, op, "axes", axes, (size_t)(rank - axis));
        c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
        return onnx_status(c);
    }
    if (axis == rank - 1) { /* already 2-D at that axis */
        int32_t op = onnx_op(c, type, 1, c->in);
        onnx_set_int(c, op, "axis", -1);
        c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
        return onnx_status(c);
    }
    int64_t outer = 1, inner = 1;
    for (int64_t k = 0; k < rank; k++) {
        if (d.dims[k] < 0) return onnx_unsupported(c, "an input of unknown shape coerced to 2-D");
        if (k < axis) outer *= d.dims[k];
        else inner *= d.dims[k];
    }
    const int64_t flat[2] = {outer, inner};
    const gecl_port rin[2] = {c->in[0], onnx_const_ints(c, flat, 2)};
    gecl_port x2 = onnx_op1(c, "Reshape", 2, rin);
    int32_t op = onnx_op(c, type, 1, &x2);
    onnx_set_int(c, op, "axis", 1);
    const gecl_port bin[2] = {{op < 0 ? -2 : op, 0}, onnx_const_ints(c, d.dims, d.ndim)};
    c->out[0] = onnx_op1(c, "Reshape", 2, bin);
    return onnx_status(c);
}
