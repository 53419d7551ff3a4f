/* cvt_pool.c: ONNX MaxPool / AveragePool onto CANN MaxPoolV3 / AvgPoolV2 (PyTorch semantics:
 * explicit pads, ceil_mode, exclusive = !count_include_pad), 1-D as 2-D with H = 1; the global
 * pools onto the same ops with global_pooling, any spatial rank flattened to one plane. */
#include "cvt_nn.h"
#include "onnx_ops.h"

static gecl_status pool(onnx_conv *c, int is_max)
{
    const int64_t *ks;
    const int nd = (int)onnx_attr_ints(c, "kernel_shape", &ks);
    if (!ks) return onnx_fail(c, "attribute kernel_shape is required");
    if (nd > 2) return onnx_unsupported(c, "%d-D pooling (1-D and 2-D are implemented)", nd);
    nn_window w;
    gecl_status rc = nn_read_window(c, nd, NULL, &w);
    if (rc) return rc;
    for (int i = 0; i < nd; i++)
        if (w.d[i] != 1) return onnx_unsupported(c, "dilations other than 1 (dilations[%d] = %lld)", i, (long long)w.d[i]);
    if (is_max && nn_output_used(c, 1)) return onnx_unsupported(c, "the Indices output");
    if (w.auto_pad == NN_PAD_SAME_LOWER && (rc = nn_same_pads(c, c->in[0], &w))) return rc;
    gecl_port x = c->in[0];
    if (nd == 1) x = nn_insert_ones(c, x, 2, 1);
    const int32_t id = onnx_op(c, is_max ? "MaxPoolV3" : "AvgPoolV2", 1, &x);
    int64_t v[4];
    nn_hw4(&w, w.k, v);
    onnx_set_ints(c, id, "ksize", v, 4);
    nn_hw4(&w, w.s, v);
    onnx_set_ints(c, id, "strides", v, 4);
    onnx_set_string(c, id, "data_format", "NCHW");
    onnx_set_string(c, id, "padding_mode", w.auto_pad == NN_PAD_SAME_UPPER ? "SAME"
                                           : w.auto_pad == NN_PAD_VALID   ? "VALID"
                                                                          : "CALCULATED");
    nn_cann_pads(&w, v);
    onnx_set_ints(c, id, "pads", v, 4);
    onnx_set_bool(c, id, "ceil_mode", onnx_attr_int(c, "ceil_mode", 0) != 0);
    if (!is_max) onnx_set_bool(c, id, "exclusive", onnx_attr_int(c, "count_include_pad", 0) == 0);
    gecl_port y = {id < 0 ? -2 : id, 0};
    if (nd == 1) y = nn_drop_ones(c, y, 2, 1);
    c->out[0] = y;
    return onnx_status(c);
}

gecl_status onnx_cvt_max_pool(onnx_conv *c) { return pool(c, 1); }
gecl_status onnx_cvt_average_pool(onnx_conv *c) { return pool(c, 0); }

/* [N, C, spatial...] -> [N, C, 1, 1...]: one window over all spatial dims. Rank 4 pools
 * directly; other ranks become [N, C, 1, S] and the result gets its rank back. */
static gecl_status global_pool(onnx_conv *c, int is_max)
{
    gecl_tensor_desc d;
    if (nn_desc(c, c->in[0], &d)) return onnx_status(c);
    if (d.ndim < 3) return onnx_fail(c, "input has %u dims, expected at least 3 ([N, C, spatial...])", d.ndim);
    gecl_port x = c->in[0];
    static const int64_t plane[2] = {1, -1};
    if (d.ndim != 4) x = nn_reshape_range(c, x, 2, -1, plane, 2);
    const int32_t id = onnx_op(c, is_max ? "MaxPoolV3" : "AvgPoolV2", 1, &x);
    static const int64_t ones[4] = {1, 1, 1, 1};
    onnx_set_ints(c, id, "ksize", ones, 4); /* ignored with global_pooling */
    onnx_set_ints(c, id, "strides", ones, 4);
    onnx_set_string(c, id, "data_format", "NCHW");
    onnx_set_bool(c, id, "global_pooling", 1);
    gecl_port y = {id < 0 ? -2 : id, 0};
    if (d.ndim != 4) {
        int64_t shape[GECL_MAX_DIMS];
        for (uint32_t i = 0; i + 2 < d.ndim; i++) shape[i] = 1;
        y = nn_reshape_range(c, y, 2, -1, shape, d.ndim - 2);
    }
    c->out[0] = y;
    return onnx_status(c);
}

gecl_status onnx_cvt_global_max_pool(onnx_conv *c) { return global_pool(c, 1); }
gecl_status onnx_cvt_global_average_pool(onnx_conv *c) { return global_pool(c, 0); }
