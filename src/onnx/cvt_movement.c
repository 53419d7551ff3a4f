/* cvt_movement.c: ONNX's shape and data movement, generator and indexing ops onto CANN's. Values
 * that ONNX moved from attributes to inputs across opsets (Squeeze's axes, Slice's starts, Pad's
 * pads, Split's split) become constant inputs of the CANN op when they come as attributes, so one
 * CANN op serves every opset; inputs that graph inputs feed are the graph's value inputs
 * (graph/value_inputs.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "onnx_ctx.h"
#include "onnx_ops.h"

/* A node's data input must be there. */
static gecl_status need_inputs(const onnx_conv *c, size_t n)
{
    if (c->n_in < n) return onnx_fail(c, "%zu inputs, expected at least %zu", c->n_in, n);
    for (size_t i = 0; i < n; i++)
        if (c->in[i].node < 0) return onnx_fail(c, "input %zu is missing", i);
    return GECL_SUCCESS;
}

/* Input i when given, else an absent port. */
static gecl_port opt_in(const onnx_conv *c, size_t i) { return i < c->n_in ? c->in[i] : (gecl_port){-1, 0}; }

/* The dtype of port p: known without inference for Data and Const, else from the inferred graph. */
static gecl_dtype dtype_of(onnx_conv *c, gecl_port p)
{
    gecl_dtype t = onnx_port_dtype(c, p);
    if (t != GECL_DT_UNDEFINED) return t;
    gecl_tensor_desc d;
    return onnx_desc(c, p, &d) ? GECL_DT_UNDEFINED : d.dtype;
}

/* ---- views ---- */

gecl_status onnx_cvt_reshape(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 2);
    if (rc) return rc;
    int32_t op = onnx_op(c, "Reshape", 2, c->in);
    /* ONNX's 0 copies the input's dim unless allowzero (opset 14) says it is a 0 */
    onnx_set_int(c, op, "allowzero", onnx_attr_int(c, "allowzero", 0));
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

gecl_status onnx_cvt_flatten(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    int32_t op = onnx_op(c, "Flatten", 1, c->in);
    onnx_set_int(c, op, "axis", onnx_attr_int(c, "axis", 1));
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

/* Squeeze / Unsqueeze before opset 13: axes attribute. */
gecl_status onnx_cvt_squeeze_attr(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    const int squeeze = !strcmp(c->node->op_type, "Squeeze");
    const int64_t *axes;
    const size_t n = onnx_attr_ints(c, "axes", &axes);
    if (!squeeze && !n) return onnx_fail(c, "attribute axes is required");
    int32_t op = onnx_op(c, squeeze ? "Squeeze" : "Unsqueeze", 1, c->in);
    if (n) onnx_set_ints(c, op, squeeze ? "axis" : "axes", axes, n);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

/* From opset 13: axes input (optional for Squeeze). */
gecl_status onnx_cvt_squeeze(onnx_conv *c)
{
    const int squeeze = !strcmp(c->node->op_type, "Squeeze");
    gecl_status rc = need_inputs(c, squeeze ? 1 : 2);
    if (rc) return rc;
    const gecl_port in[2] = {c->in[0], opt_in(c, 1)};
    c->out[0] = onnx_op1(c, squeeze ? "SqueezeV3" : "UnsqueezeV3", in[1].node >= 0 ? 2 : 1, in);
    return onnx_status(c);
}

gecl_status onnx_cvt_transpose(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    const int64_t *perm;
    size_t n = onnx_attr_ints(c, "perm", &perm);
    int64_t rev[GECL_MAX_DIMS];
    if (!n) { /* default: the dims reversed, which needs the rank */
        gecl_tensor_desc d;
        if (onnx_desc(c, c->in[0], &d)) return onnx_status(c);
        n = d.ndim;
        for (size_t k = 0; k < n; k++) rev[k] = (int64_t)(n - 1 - k);
        perm = rev;
    }
    int32_t op = onnx_op(c, "TransposeD", 1, c->in);
    onnx_set_ints(c, op, "perm", perm, n);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

/* ---- combining and splitting ---- */

gecl_status onnx_cvt_concat(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    const Onnx__AttributeProto *a = onnx_attr(c, "axis");
    if (c->opset >= 4 && !(a && a->has_i)) return onnx_fail(c, "attribute axis is required");
    int32_t op = onnx_op(c, "ConcatD", c->n_in, c->in);
    onnx_set_int(c, op, "concat_dim", a && a->has_i ? a->i : 1); /* opset 1's default */
    onnx_set_int(c, op, "N", (int64_t)c->n_in);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

gecl_status onnx_cvt_split(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    const size_t n = c->n_out;
    if (n < 1) return onnx_fail(c, "no outputs");
    const int64_t axis = onnx_attr_int(c, "axis", 0);
    const int64_t *split = NULL;
    size_t n_split = onnx_attr_ints(c, "split", &split);
    const gecl_port split_in = c->opset >= 13 || c->opset == 1 ? opt_in(c, 1) : (gecl_port){-1, 0};
    const Onnx__AttributeProto *num = onnx_attr(c, "num_outputs");
    int64_t sizes[ONNX_MAX_IO];
    if (num && num->has_i && split_in.node < 0) {
        /* opset 18: num_outputs chunks of ceil(dim / num_outputs), the last one smaller */
        if (num->i != (int64_t)n) return onnx_fail(c, "num_outputs is %lld but the node has %zu outputs", (long long)num->i, n);
        gecl_tensor_desc d;
        if (onnx_desc(c, c->in[0], &d)) return onnx_status(c);
        const int a = axis < 0 ? (int)(axis + d.ndim) : (int)axis;
        if (a < 0 || a >= (int)d.ndim) return onnx_fail(c, "axis %lld is out of range", (long long)axis);
        const int64_t dim = d.dims[a], chunk = (dim + (int64_t)n - 1) / (int64_t)n;
        for (size_t k = 0; k < n; k++) {
            const int64_t left = dim - chunk * (int64_t)k;
            sizes[k] = left < 0 ? 0 : left < chunk ? left : chunk;
        }
        split = sizes;
        n_split = n;
    }
    int32_t op;
    if (split_in.node >= 0) {
        const gecl_port in[3] = {c->in[0], split_in, onnx_const_scalar(c, GECL_DT_INT64, (double)axis)};
        op = onnx_op(c, "SplitV", 3, in);
    } else if (split) {
        if (n_split != n) return onnx_fail(c, "split has %zu values for %zu outputs", n_split, n);
        op = onnx_op(c, "SplitVD", 1, c->in);
        onnx_set_ints(c, op, "size_splits", split, n_split);
        onnx_set_int(c, op, "split_dim", axis);
    } else {
        op = onnx_op(c, "SplitD", 1, c->in);
        onnx_set_int(c, op, "split_dim", axis);
    }
    onnx_set_int(c, op, "num_split", (int64_t)n);
    if (op >= 0 && gecl_graph_set_output_count(c->graph, op, n))
        return onnx_fail(c, "setting %zu outputs: %s", n, gecl_last_error());
    for (size_t k = 0; k < n; k++) c->out[k] = (gecl_port){op < 0 ? -2 : op, (int32_t)k};
    return onnx_status(c);
}

/* ---- slicing, broadcasting, tiling, padding ---- */

/* Slice before opset 10: starts, ends, axes as attributes. */
gecl_status onnx_cvt_slice_attr(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    const int64_t *starts, *ends, *axes;
    const size_t ns = onnx_attr_ints(c, "starts", &starts), ne = onnx_attr_ints(c, "ends", &ends);
    const size_t na = onnx_attr_ints(c, "axes", &axes);
    if (!ns || ns != ne || (na && na != ns)) return onnx_fail(c, "starts, ends (and axes) must have one length");
    const gecl_port in[4] = {c->in[0], onnx_const_ints(c, starts, ns), onnx_const_ints(c, ends, ne),
                             na ? onnx_const_ints(c, axes, na) : (gecl_port){-1, 0}};
    c->out[0] = onnx_op1(c, "StridedSliceV2", na ? 4 : 3, in);
    return onnx_status(c);
}

gecl_status onnx_cvt_slice(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 3);
    if (rc) return rc;
    size_t n = c->n_in < 5 ? c->n_in : 5;
    while (n > 3 && c->in[n - 1].node < 0) n--;
    c->out[0] = onnx_op1(c, "StridedSliceV2", n, c->in);
    return onnx_status(c);
}

/* Expand, Tile: the same inputs as CANN's ops. */
gecl_status onnx_cvt_same_inputs(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 2);
    if (rc) return rc;
    c->out[0] = onnx_op1(c, c->node->op_type, 2, c->in);
    return onnx_status(c);
}

static gecl_status pad_mode(onnx_conv *c, const char **mode)
{
    *mode = onnx_attr_string(c, "mode", "constant");
    if (strcmp(*mode, "constant") && strcmp(*mode, "edge") && strcmp(*mode, "reflect"))
        return onnx_unsupported(c, "mode '%s'", *mode);
    return GECL_SUCCESS;
}

/* Pad before opset 11: pads and value as attributes ([begin..., end...], as from opset 11). */
gecl_status onnx_cvt_pad_attr(onnx_conv *c)
{
    const char *mode;
    gecl_status rc = need_inputs(c, 1);
    if (rc || (rc = pad_mode(c, &mode))) return rc;
    const int64_t *pads;
    const size_t n = onnx_attr_ints(c, c->opset < 2 ? "paddings" : "pads", &pads);
    if (!n) return onnx_fail(c, "attribute pads is required");
    const float value = onnx_attr_float(c, "value", 0.0f);
    gecl_port in[3] = {c->in[0], onnx_const_ints(c, pads, n), {-1, 0}};
    if (value != 0.0f) {
        const gecl_dtype t = dtype_of(c, c->in[0]);
        if (t == GECL_DT_UNDEFINED) return onnx_status(c);
        in[2] = onnx_const_scalar(c, t, value);
    }
    int32_t op = onnx_op(c, "PadV3", in[2].node >= 0 ? 3 : 2, in);
    onnx_set_string(c, op, "mode", mode);
    onnx_set_bool(c, op, "paddings_contiguous", 0);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

gecl_status onnx_cvt_pad(onnx_conv *c)
{
    const char *mode;
    gecl_status rc = need_inputs(c, 2);
    if (rc || (rc = pad_mode(c, &mode))) return rc;
    if (opt_in(c, 3).node >= 0) return onnx_unsupported(c, "the axes input (pads for some axes only)");
    const gecl_port in[3] = {c->in[0], c->in[1], opt_in(c, 2)};
    int32_t op = onnx_op(c, "PadV3", in[2].node >= 0 ? 3 : 2, in);
    onnx_set_string(c, op, "mode", mode);
    onnx_set_bool(c, op, "paddings_contiguous", 0);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

gecl_status onnx_cvt_depth_space(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    const int64_t bs = onnx_attr_int(c, "blocksize", 0);
    if (bs < 1) return onnx_fail(c, "attribute blocksize is required and positive");
    const int d2s = !strcmp(c->node->op_type, "DepthToSpace");
    int32_t op = onnx_op(c, c->node->op_type, 1, c->in);
    onnx_set_int(c, op, "block_size", bs);
    onnx_set_string(c, op, "data_format", "NCHW");
    if (d2s) onnx_set_string(c, op, "mode", onnx_attr_string(c, "mode", "DCR"));
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

/* ---- shapes ---- */

gecl_status onnx_cvt_shape(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    int32_t op = onnx_op(c, "Shape", 1, c->in);
    onnx_set_int(c, op, "dtype", GECL_DT_INT64);
    gecl_port y = {op < 0 ? -2 : op, 0};
    const Onnx__AttributeProto *s = onnx_attr(c, "start"), *e = onnx_attr(c, "end");
    if ((s && s->has_i && s->i != 0) || (e && e->has_i)) {
        /* opset 15: dims [start, end), clamped as Slice clamps */
        const int64_t start = s && s->has_i ? s->i : 0, end = e && e->has_i ? e->i : INT64_MAX;
        const gecl_port in[3] = {y, onnx_const_ints(c, &start, 1), onnx_const_ints(c, &end, 1)};
        y = onnx_op1(c, "StridedSliceV2", 3, in);
    }
    c->out[0] = y;
    return onnx_status(c);
}

gecl_status onnx_cvt_size(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    int32_t op = onnx_op(c, "Size", 1, c->in);
    onnx_set_int(c, op, "dtype", GECL_DT_INT64);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

/* ---- generators ---- */

gecl_status onnx_cvt_constant_of_shape(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    const Onnx__AttributeProto *a = onnx_attr(c, "value");
    gecl_port value;
    if (a && a->t) {
        gecl_tensor_desc d;
        void *data;
        size_t bytes;
        if (onnx_tensor_read(a->t, c->ctx->base_dir, "ConstantOfShape value", &d, &data, &bytes))
            return onnx_fail(c, "%s", gecl_last_error());
        if (gecl_desc_numel(&d) != 1) {
            free(data);
            return onnx_fail(c, "value must hold one element");
        }
        d.ndim = 0;
        value = onnx_const(c, &d, data, bytes);
        free(data);
    } else {
        value = onnx_const_scalar(c, GECL_DT_FLOAT, 0.0);
    }
    const gecl_port in[2] = {c->in[0], value};
    c->out[0] = onnx_op1(c, "Fill", 2, in);
    return onnx_status(c);
}

gecl_status onnx_cvt_range(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 3);
    if (rc) return rc;
    c->out[0] = onnx_op1(c, "Range", 3, c->in);
    return onnx_status(c);
}

gecl_status onnx_cvt_trilu(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    const gecl_port k = opt_in(c, 1);
    const gecl_port in[2] = {c->in[0], k};
    int32_t op = onnx_op(c, "Trilu", k.node >= 0 ? 2 : 1, in);
    onnx_set_int(c, op, "upper", onnx_attr_int(c, "upper", 1) != 0); /* ONNX's default is upper */
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

/* EyeLike: ones where col - row == k in x's shape: Fill(Shape(x), 1) with both triangles cut at
 * k; everything folds, x's values are never read. */
gecl_status onnx_cvt_eye_like(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 1);
    if (rc) return rc;
    const Onnx__AttributeProto *dt = onnx_attr(c, "dtype");
    const gecl_dtype t = dt && dt->has_i ? onnx_dtype((int32_t)dt->i) : dtype_of(c, c->in[0]);
    if (t == GECL_DT_UNDEFINED) return onnx_status(c) ? onnx_status(c) : onnx_unsupported(c, "dtype %lld", (long long)dt->i);
    int32_t shape = onnx_op(c, "Shape", 1, c->in);
    onnx_set_int(c, shape, "dtype", GECL_DT_INT64);
    const gecl_port fill_in[2] = {{shape < 0 ? -2 : shape, 0}, onnx_const_scalar(c, t, 1.0)};
    gecl_port y = onnx_op1(c, "Fill", 2, fill_in);
    const gecl_port k = onnx_const_scalar(c, GECL_DT_INT64, (double)onnx_attr_int(c, "k", 0));
    for (int upper = 0; upper < 2; upper++) {
        const gecl_port in[2] = {y, k};
        int32_t op = onnx_op(c, "Trilu", 2, in);
        onnx_set_int(c, op, "upper", upper);
        y = (gecl_port){op < 0 ? -2 : op, 0};
    }
    c->out[0] = y;
    return onnx_status(c);
}

/* ---- indexing ---- */

gecl_status onnx_cvt_gather(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 2);
    if (rc) return rc;
    const gecl_port in[3] = {c->in[0], c->in[1], onnx_const_scalar(c, GECL_DT_INT64, (double)onnx_attr_int(c, "axis", 0))};
    int32_t op = onnx_op(c, "GatherV2", 3, in);
    onnx_set_bool(c, op, "negative_index_support", 1);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

gecl_status onnx_cvt_gather_elements(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 2);
    if (rc) return rc;
    int32_t op = onnx_op(c, "GatherElements", 2, c->in);
    onnx_set_int(c, op, "dim", onnx_attr_int(c, "axis", 0));
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

gecl_status onnx_cvt_gather_nd(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 2);
    if (rc) return rc;
    if (onnx_attr_int(c, "batch_dims", 0) != 0) return onnx_unsupported(c, "batch_dims other than 0");
    int32_t op = onnx_op(c, "GatherNd", 2, c->in);
    onnx_set_bool(c, op, "negative_index_support", 1);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

/* ScatterElements, and Scatter (its name before opset 11). */
gecl_status onnx_cvt_scatter_elements(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 3);
    if (rc) return rc;
    const char *red = onnx_attr_string(c, "reduction", "none");
    if (strcmp(red, "none") && strcmp(red, "add") && strcmp(red, "mul")) return onnx_unsupported(c, "reduction '%s'", red);
    int32_t op = onnx_op(c, "ScatterElements", 3, c->in);
    onnx_set_int(c, op, "axis", onnx_attr_int(c, "axis", 0));
    onnx_set_string(c, op, "reduction", red);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

gecl_status onnx_cvt_scatter_nd(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 3);
    if (rc) return rc;
    const char *red = onnx_attr_string(c, "reduction", "none");
    const char *type = !strcmp(red, "none") ? "TensorScatterUpdate" : !strcmp(red, "add") ? "TensorScatterAdd" : NULL;
    if (!type) return onnx_unsupported(c, "reduction '%s'", red);
    c->out[0] = onnx_op1(c, type, 3, c->in);
    return onnx_status(c);
}

gecl_status onnx_cvt_cumsum(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 2);
    if (rc) return rc;
    int32_t op = onnx_op(c, "Cumsum", 2, c->in);
    onnx_set_bool(c, op, "exclusive", onnx_attr_int(c, "exclusive", 0) != 0);
    onnx_set_bool(c, op, "reverse", onnx_attr_int(c, "reverse", 0) != 0);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

/* OneHot: indices and depth as int64 (ONNX allows any numeric type), values = [off, on] split
 * into two scalars. CANN's OneHot (TensorFlow's) treats a negative index as out of range (all
 * off), where ONNX counts it from the end: negative indices get depth added first. */
gecl_status onnx_cvt_one_hot(onnx_conv *c)
{
    gecl_status rc = need_inputs(c, 3);
    if (rc) return rc;
    gecl_port in[4] = {c->in[0], c->in[1], {-1, 0}, {-1, 0}};
    for (int i = 0; i < 2; i++) {
        const gecl_dtype t = dtype_of(c, in[i]);
        if (t == GECL_DT_UNDEFINED) return onnx_status(c);
        if (t == GECL_DT_INT64 || (i == 0 && t == GECL_DT_UINT8)) continue;
        int32_t cast = onnx_op(c, "Cast", 1, &in[i]);
        onnx_set_int(c, cast, "dst_type", GECL_DT_INT64);
        in[i] = (gecl_port){cast < 0 ? -2 : cast, 0};
    }
    if (dtype_of(c, c->in[0]) != GECL_DT_UINT8) { /* indices < 0 count from depth */
        const gecl_port lt_in[2] = {in[0], onnx_const_scalar(c, GECL_DT_INT64, 0)};
        const gecl_port add_in[2] = {in[0], in[1]};
        const gecl_port sel_in[3] = {onnx_op1(c, "Less", 2, lt_in), onnx_op1(c, "Add", 2, add_in), in[0]};
        in[0] = onnx_op1(c, "SelectV2", 3, sel_in);
    }
    for (int k = 0; k < 2; k++) { /* on_value is values[1], off_value values[0] */
        const gecl_port g_in[3] = {c->in[2], onnx_const_scalar(c, GECL_DT_INT64, 1 - k),
                                   onnx_const_scalar(c, GECL_DT_INT64, 0)};
        in[2 + k] = onnx_op1(c, "GatherV2", 3, g_in);
    }
    int32_t op = onnx_op(c, "OneHot", 4, in);
    onnx_set_int(c, op, "axis", onnx_attr_int(c, "axis", -1));
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}
