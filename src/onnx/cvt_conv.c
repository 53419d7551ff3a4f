/* cvt_conv.c: ONNX Conv onto CANN Conv2D (NCHW, OIHW filter, bias [M]); a 1-D convolution is
 * a 2-D one with H = 1 (Reshapes around it). ConvTranspose onto Conv2DTranspose, whose
 * input_size (the output shape) the converter works out from ONNX's output_shape, pads,
 * output_padding and auto_pad. */
#include <string.h>

#include "cvt_nn.h"
#include "onnx_ops.h"

/* The weights' spatial rank and window (dims 2..), 1-D or 2-D. */
static gecl_status weight_window(onnx_conv *c, const char *what, gecl_tensor_desc *wd, nn_window *w)
{
    if (c->n_in < 2 || c->in[1].node < 0) return onnx_fail(c, "input W (weights) is missing");
    if (nn_desc(c, c->in[1], wd)) return onnx_status(c);
    if (wd->ndim < 3) return onnx_fail(c, "W has %u dims, expected at least 3", wd->ndim);
    const int nd = (int)wd->ndim - 2;
    if (nd > 2) return onnx_unsupported(c, "%d-D %s (1-D and 2-D are implemented)", nd, what);
    return nn_read_window(c, nd, wd->dims + 2, w);
}

/* Conv2D's or Conv2DTranspose's window attributes, NCHW. */
static void set_window(onnx_conv *c, int32_t id, const nn_window *w)
{
    int64_t v[4];
    nn_hw4(w, w->s, v);
    onnx_set_ints(c, id, "strides", v, 4);
    nn_hw4(w, w->d, v);
    onnx_set_ints(c, id, "dilations", v, 4);
    onnx_set_int(c, id, "groups", onnx_attr_int(c, "group", 1));
    onnx_set_string(c, id, "data_format", "NCHW");
}

gecl_status onnx_cvt_conv(onnx_conv *c)
{
    gecl_tensor_desc wd;
    nn_window w;
    gecl_status rc = weight_window(c, "convolution", &wd, &w);
    if (rc) return rc;
    if (onnx_attr_int(c, "group", 1) < 1) return onnx_fail(c, "group must be at least 1");
    if (w.auto_pad == NN_PAD_SAME_LOWER && (rc = nn_same_pads(c, c->in[0], &w))) return rc;
    const int bias = c->n_in > 2 && c->in[2].node >= 0;
    gecl_port in[3] = {c->in[0], c->in[1], bias ? c->in[2] : (gecl_port){-1, 0}};
    if (w.nd == 1) {
        in[0] = nn_insert_ones(c, in[0], 2, 1);
        in[1] = nn_insert_ones(c, in[1], 2, 1);
    }
    const int32_t id = onnx_op(c, "Conv2D", bias ? 3 : 2, in);
    set_window(c, id, &w);
    if (w.auto_pad == NN_PAD_SAME_UPPER) onnx_set_string(c, id, "padding", "SAME"); /* TensorFlow's SAME */
    else if (w.auto_pad == NN_PAD_VALID) onnx_set_string(c, id, "padding", "VALID");
    else {
        int64_t pads[4];
        nn_cann_pads(&w, pads);
        onnx_set_ints(c, id, "pads", pads, 4);
    }
    gecl_port y = {id < 0 ? -2 : id, 0};
    if (w.nd == 1) y = nn_drop_ones(c, y, 2, 1);
    c->out[0] = y;
    return onnx_status(c);
}

static int64_t floor_half(int64_t v) { return v >= 0 ? v / 2 : -((1 - v) / 2); }

/* The output extent and pads of ConvTranspose along spatial axis i (ONNX's rules): an explicit
 * output_shape, or SAME's in * stride, sets the total padding, split with the odd pixel at the
 * end for SAME_UPPER and at the start otherwise (halves rounded down, as ONNX's reference does);
 * VALID pads nothing; NOTSET takes the pads. An output larger than the window reaches makes the
 * end pad negative: zeros after, which CANN says with output_padding (*op grows). */
static gecl_status transpose_axis(onnx_conv *c, nn_window *w, int i, int64_t in, int64_t *op, const int64_t *shape,
                                  int64_t *out)
{
    const int64_t full = w->s[i] * (in - 1) + *op + (w->k[i] - 1) * w->d[i] + 1;
    if (w->auto_pad == NN_PAD_VALID) w->pads[i] = w->pads[w->nd + i] = 0;
    if (shape || w->auto_pad == NN_PAD_SAME_UPPER || w->auto_pad == NN_PAD_SAME_LOWER) {
        *out = shape ? shape[i] : in * w->s[i];
        const int64_t total = full - *out, half = floor_half(total);
        const int upper = w->auto_pad == NN_PAD_SAME_UPPER;
        int64_t begin = upper ? half : total - half, end = upper ? total - half : half;
        if (begin < 0)
            return onnx_unsupported(c, "an output of %lld along spatial axis %d: %lld more than the window reaches, "
                                    "some of it before the first input", (long long)*out, i, (long long)-total);
        if (end < 0) *op -= end, end = 0;
        w->pads[i] = begin;
        w->pads[w->nd + i] = end;
        return GECL_SUCCESS;
    }
    *out = full - w->pads[i] - w->pads[w->nd + i];
    if (*out < 1) return onnx_fail(c, "the output along spatial axis %d would be empty", i);
    return GECL_SUCCESS;
}

gecl_status onnx_cvt_conv_transpose(onnx_conv *c)
{
    gecl_tensor_desc wd, xd;
    nn_window w;
    gecl_status rc = weight_window(c, "transposed convolution", &wd, &w);
    if (rc) return rc;
    if (nn_desc(c, c->in[0], &xd)) return onnx_status(c);
    if ((int)xd.ndim != w.nd + 2) return onnx_fail(c, "X has %u dims, W %u", xd.ndim, wd.ndim);
    const int64_t group = onnx_attr_int(c, "group", 1);
    if (group < 1) return onnx_fail(c, "group must be at least 1");
    int64_t op[2] = {0, 0};
    const int64_t *v, *shape = NULL;
    size_t n = onnx_attr_ints(c, "output_padding", &v);
    if (v && (int)n != w.nd) return onnx_fail(c, "output_padding has %zu values for %d spatial dims", n, w.nd);
    for (size_t i = 0; v && i < n; i++) op[i] = v[i];
    n = onnx_attr_ints(c, "output_shape", &v);
    if (v && (int)n != w.nd && (int)n != w.nd + 2)
        return onnx_fail(c, "output_shape has %zu values for %d spatial dims", n, w.nd);
    if (v) shape = v + (n - (size_t)w.nd);
    int64_t size[4] = {xd.dims[0], wd.dims[1] * group, 1, 1};
    for (int i = 0; i < w.nd; i++) {
        if (op[i] < 0 || (op[i] >= w.s[i] && op[i] >= w.d[i]))
            return onnx_fail(c, "output_padding[%d] = %lld must be below the stride or the dilation", i, (long long)op[i]);
        if ((rc = transpose_axis(c, &w, i, xd.dims[2 + i], &op[i], shape, &size[4 - w.nd + i]))) return rc;
    }
    const int bias = c->n_in > 2 && c->in[2].node >= 0;
    gecl_port in[4] = {onnx_const_ints(c, size, 4), c->in[0], c->in[1], bias ? c->in[2] : (gecl_port){-1, 0}};
    if (w.nd == 1) {
        in[1] = nn_insert_ones(c, in[1], 2, 1);
        in[2] = nn_insert_ones(c, in[2], 2, 1);
    }
    const int32_t id = onnx_op(c, "Conv2DTranspose", bias ? 4 : 3, in);
    set_window(c, id, &w);
    int64_t pads[4], opad[4] = {0, 0, w.nd == 2 ? op[0] : 0, w.nd == 2 ? op[1] : op[0]};
    nn_cann_pads(&w, pads);
    onnx_set_ints(c, id, "pads", pads, 4);
    onnx_set_ints(c, id, "output_padding", opad, 4);
    gecl_port y = {id < 0 ? -2 : id, 0};
    if (w.nd == 1) y = nn_drop_ones(c, y, 2, 1);
    c->out[0] = y;
    return onnx_status(c);
}
