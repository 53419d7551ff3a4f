/* cvt_core.c: ONNX nodes that add no computation: Identity, inference-mode Dropout, Constant. */
#include <stdlib.h>
#include <string.h>

#include "onnx_ctx.h"
#include "onnx_ops.h"

gecl_status onnx_cvt_identity(onnx_conv *c)
{
    c->out[0] = onnx_op1(c, "Identity", 1, c->in);
    return onnx_status(c);
}

/* Inference: y = x. The mask (when asked for) would be all true; training mode is refused. */
gecl_status onnx_cvt_dropout(onnx_conv *c)
{
    int64_t training = 0;
    if (c->n_in > 2 && c->in[2].node >= 0 && onnx_const_values(c, c->in[2], &training, 1) != 1)
        return onnx_unsupported(c, "training_mode given by a non-constant input");
    if (training) return onnx_unsupported(c, "training_mode = true (only inference is implemented)");
    if (c->n_out > 1 && c->node->output[1] && *c->node->output[1])
        return onnx_unsupported(c, "its mask output");
    return onnx_cvt_identity(c);
}

/* A scalar or list attribute as a tensor of `dt`. */
static gecl_status list_const(onnx_conv *c, gecl_dtype dt, const void *v, size_t n, int scalar)
{
    gecl_tensor_desc d = {dt, GECL_FORMAT_ND, scalar ? 0u : 1u, {(int64_t)n}};
    c->out[0] = onnx_const(c, &d, v, n * gecl_dtype_size(dt));
    return onnx_status(c);
}

gecl_status onnx_cvt_constant(onnx_conv *c)
{
    const Onnx__AttributeProto *a;
    if ((a = onnx_attr(c, "value")) && a->t) {
        gecl_tensor_desc d;
        void *data;
        size_t bytes;
        gecl_status rc = onnx_tensor_read(a->t, c->ctx->base_dir, "Constant value", &d, &data, &bytes);
        if (rc) return onnx_fail(c, "%s", gecl_last_error());
        c->out[0] = onnx_const(c, &d, data, bytes);
        free(data);
        return onnx_status(c);
    }
    if ((a = onnx_attr(c, "value_float")) && a->has_f) return list_const(c, GECL_DT_FLOAT, &a->f, 1, 1);
    if ((a = onnx_attr(c, "value_int")) && a->has_i) return list_const(c, GECL_DT_INT64, &a->i, 1, 1);
    if ((a = onnx_attr(c, "value_floats"))) return list_const(c, GECL_DT_FLOAT, a->floats, a->n_floats, 0);
    if ((a = onnx_attr(c, "value_ints"))) return list_const(c, GECL_DT_INT64, a->ints, a->n_ints, 0);
    if (onnx_attr(c, "sparse_value")) return onnx_unsupported(c, "sparse_value");
    if (onnx_attr(c, "value_string") || onnx_attr(c, "value_strings")) return onnx_unsupported(c, "string tensors");
    return onnx_fail(c, "no value attribute");
}
