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
