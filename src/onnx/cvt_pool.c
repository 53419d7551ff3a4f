/* cvt_pool.c: ONNX MaxPool / AveragePool onto CANN MaxPoolV3 / AvgPoolV2 (PyTorch semantics:
 * explicit pads, ceil_mode, exclusive = !count_include_pad), 1-D as 2-D with H = 1, 3-D as two
 * 2-D pools (separable); MaxPool with dilations or Indices onto MaxPool3DWithArgmaxV2; the global
 * pools onto the same ops with global_pooling, any spatial rank flattened to one plane. */
#include <stdlib.h>

#include "cvt_nn.h"
#include "onnx_ops.h"

/* MaxPoolV3 / AvgPoolV2 of NCHW x over a 1-D or 2-D window. */
static gecl_port pool2d(onnx_conv *c, gecl_port x, const nn_window *w, int is_max)
{
    const int32_t id = onnx_op(c, is_max ? "MaxPoolV3" : "AvgPoolV2", 1, &x);
    int64_t v[4];
    nn_hw4(w, w->k, v);
    onnx_set_ints(c, id, "ksize", v, 4);
    nn_hw4(w, w->s, v);
    onnx_set_ints(c, id, "strides", v, 4);
    onnx_set_string(c, id, "data_format", "NCHW");
    onnx_set_string(c, id, "padding_mode", w->auto_pad == NN_PAD_SAME_UPPER ? "SAME"
                                           : w->auto_pad == NN_PAD_VALID   ? "VALID"
                                                                           : "CALCULATED");
    nn_cann_pads(w, v);
    onnx_set_ints(c, id, "pads", v, 4);
    onnx_set_bool(c, id, "ceil_mode", onnx_attr_int(c, "ceil_mode", 0) != 0);
    if (!is_max) onnx_set_bool(c, id, "exclusive", onnx_attr_int(c, "count_include_pad", 0) == 0);
    return (gecl_port){id < 0 ? -2 : id, 0};
}

/* A 3-D window is separable: the max (or the sum, and the count it divides by, with or without
 * the padding) over a box is that over its (H, W) planes, then over D. So x [N, C, D, H, W] is
 * pooled as [N, C * D, H, W] over (kh, kw), then as [N, C, D, OH * OW] over (kd, 1). */
static gecl_port pool3d(onnx_conv *c, gecl_port x, const gecl_tensor_desc *xd, const nn_window *w, int is_max)
{
    const gecl_port bad = {-2, 0};
    nn_window hw = *w, dd = *w;
    hw.nd = 2;
    for (int i = 0; i < 2; i++) {
        hw.k[i] = w->k[1 + i], hw.s[i] = w->s[1 + i], hw.d[i] = 1;
        hw.pads[i] = w->pads[1 + i], hw.pads[2 + i] = w->pads[4 + i];
    }
    dd.nd = 2;
    dd.k[0] = w->k[0], dd.s[0] = w->s[0], dd.k[1] = dd.s[1] = dd.d[0] = dd.d[1] = 1;
    dd.pads[0] = w->pads[0], dd.pads[2] = w->pads[3], dd.pads[1] = dd.pads[3] = 0;
    static const int64_t merged = -1;
    gecl_port y = pool2d(c, nn_reshape_range(c, x, 1, 2, &merged, 1), &hw, is_max);
    gecl_tensor_desc yd;
    if (onnx_desc(c, y, &yd)) return bad;
    const int64_t split[3] = {xd->dims[1], xd->dims[2], -1}, planes[2] = {yd.dims[2], yd.dims[3]};
    y = pool2d(c, nn_reshape_range(c, y, 1, 3, split, 3), &dd, is_max);
    return nn_reshape_range(c, y, 3, 1, planes, 2);
}

/* ONNX's Indices from PyTorch's in-plane ones k ([N, C, spatial...], int64): column major over
 * the spatial dims when storage_order is 1 (k's coordinates recombined, the first dim fastest),
 * then the plane's start (n * C + c) * plane added, as ONNX counts from the tensor's start. */
static gecl_port onnx_indices(onnx_conv *c, gecl_port k, const gecl_tensor_desc *xd, int nd, int col_major)
{
    const int64_t *in = xd->dims + 2;
    if (col_major) {
        gecl_port rest = k, col = {-2, 0};
        int64_t stride = 1; /* of dim i in column-major order: the product of the dims before it */
        for (int i = 0; i < nd; i++) stride *= in[i];
        for (int i = nd - 1; i >= 0; i--) { /* row major: the last dim is k mod its size */
            const gecl_port size = onnx_const_scalar(c, GECL_DT_INT64, (double)in[i]);
            stride /= in[i];
            gecl_port term = onnx_op2(c, "Mod", rest, size);
            if (stride > 1) term = onnx_op2(c, "Mul", term, onnx_const_scalar(c, GECL_DT_INT64, (double)stride));
            col = i == nd - 1 ? term : onnx_op2(c, "Add", col, term);
            if (i > 0) rest = onnx_op2(c, "Div", rest, size);
        }
        k = col;
    }
    const int64_t planes = xd->dims[0] * xd->dims[1];
    int64_t plane = 1;
    for (int i = 0; i < nd; i++) plane *= in[i];
    int64_t *start = malloc((size_t)planes * sizeof *start);
    if (!start) {
        onnx_fail(c, "out of host memory for %lld plane offsets", (long long)planes);
        return (gecl_port){-2, 0};
    }
    for (int64_t i = 0; i < planes; i++) start[i] = i * plane;
    gecl_tensor_desc sd = {GECL_DT_INT64, GECL_FORMAT_ND, (uint32_t)nd + 2, {xd->dims[0], xd->dims[1], 1, 1, 1}};
    const gecl_port offsets = onnx_const(c, &sd, start, (size_t)planes * sizeof *start);
    free(start);
    return onnx_op2(c, "Add", k, offsets);
}

/* MaxPool with dilations or the Indices output: MaxPool3DWithArgmaxV2 on x as [N, C, D, H, W]
 * (fewer spatial dims become leading ones). Its pads are the same on both sides. */
static gecl_status max_pool_argmax(onnx_conv *c, gecl_port x, const gecl_tensor_desc *xd, const nn_window *w)
{
    const int nd = w->nd, lead = 3 - nd;
    int64_t k[3] = {1, 1, 1}, s[3] = {1, 1, 1}, p[3] = {0, 0, 0}, d[3] = {1, 1, 1};
    for (int i = 0; i < nd; i++) {
        if (w->pads[i] != w->pads[nd + i])
            return onnx_unsupported(c, "different pads at the start (%lld) and end (%lld) of spatial dim %d with "
                                    "dilations or the Indices output", (long long)w->pads[i],
                                    (long long)w->pads[nd + i], i);
        if (2 * w->pads[i] > w->k[i])
            return onnx_unsupported(c, "pads[%d] = %lld, more than half of kernel_shape[%d] = %lld, with dilations "
                                    "or the Indices output", i, (long long)w->pads[i], i, (long long)w->k[i]);
        k[lead + i] = w->k[i], s[lead + i] = w->s[i], p[lead + i] = w->pads[i], d[lead + i] = w->d[i];
    }
    const int32_t id = onnx_op(c, "MaxPool3DWithArgmaxV2", 1, (gecl_port[]){nn_insert_ones(c, x, 2, lead)});
    onnx_set_ints(c, id, "ksize", k, 3);
    onnx_set_ints(c, id, "strides", s, 3);
    onnx_set_ints(c, id, "pads", p, 3);
    onnx_set_ints(c, id, "dilation", d, 3);
    onnx_set_bool(c, id, "ceil_mode", onnx_attr_int(c, "ceil_mode", 0) != 0);
    onnx_set_int(c, id, "dtype", GECL_DT_INT64);
    c->out[0] = nn_drop_ones(c, (gecl_port){id < 0 ? -2 : id, 0}, 2, lead);
    if (nn_output_used(c, 1)) {
        for (int i = 0; i < nd + 2; i++)
            if (xd->dims[i] < 0) return onnx_unsupported(c, "the Indices output of an input with unknown dim %d", i);
        const int64_t order = onnx_attr_int(c, "storage_order", 0);
        if (order != 0 && order != 1) return onnx_fail(c, "storage_order is %lld; it must be 0 or 1", (long long)order);
        c->out[1] = onnx_indices(c, nn_drop_ones(c, (gecl_port){id < 0 ? -2 : id, 1}, 2, lead), xd, nd, order == 1);
    }
    return onnx_status(c);
}

/* The pools compute float32; float16 and 8-bit integers (MaxPool) are exact in it, so they go
 * through Casts. */
static gecl_status pool_dtype(onnx_conv *c, gecl_dtype dt, int is_max)
{
    if (dt == GECL_DT_FLOAT || dt == GECL_DT_FLOAT16) return GECL_SUCCESS;
    if (is_max && (dt == GECL_DT_INT8 || dt == GECL_DT_UINT8)) return GECL_SUCCESS;
    return onnx_unsupported(c, "input of %s (pooling computes float32; float16%s go through it exactly)",
                            gecl_dtype_name(dt), is_max ? ", int8 and uint8" : "");
}

static gecl_status pool(onnx_conv *c, int is_max)
{
    const int64_t *ks;
    const int nd = (int)onnx_attr_ints(c, "kernel_shape", &ks);
    if (!ks) return onnx_fail(c, "attribute kernel_shape is required");
    if (nd > NN_MAX_SPATIAL) return onnx_unsupported(c, "%d-D pooling (1-D to 3-D are implemented)", nd);
    nn_window w;
    gecl_status rc = nn_read_window(c, nd, NULL, &w);
    if (rc) return rc;
    int dilated = 0;
    for (int i = 0; i < nd; i++) dilated |= w.d[i] != 1;
    if (!is_max && dilated) return onnx_unsupported(c, "AveragePool with dilations other than 1");
    const int argmax = is_max && (dilated || nn_output_used(c, 1));
    gecl_tensor_desc xd = {GECL_DT_UNDEFINED, GECL_FORMAT_ND, 0, {0}};
    int rank;
    if ((rc = nn_rank(c, c->in[0], &rank, &xd.dtype))) return rc;
    if (rank != nd + 2) return onnx_fail(c, "input has %d dims for a %d-D window", rank, nd);
    if ((nd == 3 || (is_max && nn_output_used(c, 1))) && nn_desc(c, c->in[0], &xd)) return onnx_status(c);
    if ((rc = pool_dtype(c, xd.dtype, is_max))) return rc;
    if ((w.auto_pad == NN_PAD_SAME_LOWER || ((nd == 3 || argmax) && w.auto_pad == NN_PAD_SAME_UPPER)) &&
        (rc = nn_same_pads(c, c->in[0], &w)))
        return rc;
    gecl_port x = c->in[0], y;
    if (xd.dtype != GECL_DT_FLOAT) x = onnx_cast(c, x, GECL_DT_FLOAT);
    if (argmax) {
        if ((rc = max_pool_argmax(c, x, &xd, &w))) return rc;
        if (xd.dtype != GECL_DT_FLOAT) c->out[0] = onnx_cast(c, c->out[0], xd.dtype);
        return onnx_status(c);
    } else if (nd == 1) y = nn_drop_ones(c, pool2d(c, nn_insert_ones(c, x, 2, 1), &w, is_max), 2, 1);
    else if (nd == 2) y = pool2d(c, x, &w, is_max);
    else y = pool3d(c, x, &xd, &w, is_max);
    if (xd.dtype != GECL_DT_FLOAT) y = onnx_cast(c, y, xd.dtype);
    c->out[0] = y;
    return onnx_status(c);
}

gecl_status onnx_cvt_max_pool(onnx_conv *c) { return pool(c, 1); }
gecl_status onnx_cvt_average_pool(onnx_conv *c) { return pool(c, 0); }

/* [N, C, spatial...] -> [N, C, 1, 1...]: one window over all spatial dims. Rank 4 pools
 * directly; other ranks become [N, C, 1, S] and the result gets its rank back. */
static gecl_status global_pool(onnx_conv *c, int is_max)
{
    int rank;
    gecl_status rc = nn_rank(c, c->in[0], &rank, NULL);
    if (rc) return rc;
    if (rank < 3) return onnx_fail(c, "input has %d dims, expected at least 3 ([N, C, spatial...])", rank);
    gecl_port x = c->in[0];
    static const int64_t plane[2] = {1, -1};
    if (rank != 4) x = nn_reshape_range(c, x, 2, -1, plane, 2);
    const int32_t id = onnx_op(c, is_max ? "MaxPoolV3" : "AvgPoolV2", 1, &x);
    static const int64_t ones[4] = {1, 1, 1, 1};
    onnx_set_ints(c, id, "ksize", ones, 4); /* ignored with global_pooling */
    onnx_set_ints(c, id, "strides", ones, 4);
    onnx_set_string(c, id, "data_format", "NCHW");
    onnx_set_bool(c, id, "global_pooling", 1);
    gecl_port y = {id < 0 ? -2 : id, 0};
    if (rank != 4) {
        int64_t shape[GECL_MAX_DIMS];
        for (int i = 0; i + 2 < rank; i++) shape[i] = 1;
        y = nn_reshape_range(c, y, 2, -1, shape, (size_t)rank - 2);
    }
    c->out[0] = y;
    return onnx_status(c);
}

gecl_status onnx_cvt_global_max_pool(onnx_conv *c) { return global_pool(c, 1); }
gecl_status onnx_cvt_global_average_pool(onnx_conv *c) { return global_pool(c, 0); }
