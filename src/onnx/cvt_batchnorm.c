/* cvt_batchnorm.c: ONNX BatchNormalization in inference mode as y = x * s + t per channel, with
 * s = scale / sqrt(var + epsilon) and t = B - mean * s: elementwise ops on the [C] inputs, which
 * fold to constants at compile time when those are initializers (as exported models have them),
 * reshaped to [C, 1, ...] so that they broadcast along dim 1; the Mul and Add then fuse into the
 * producer's epilogue or one generated kernel. Training mode (batch statistics, running-stat
 * outputs) is refused. */
#include "cvt_nn.h"
#include "onnx_ops.h"

gecl_status onnx_cvt_batch_norm(onnx_conv *c)
{
    if (c->n_in != 5) return onnx_fail(c, "%zu inputs, expected 5 (X, scale, B, mean, var)", c->n_in);
    for (size_t i = 0; i < 5; i++)
        if (c->in[i].node < 0) return onnx_fail(c, "input %zu is missing", i);
    if (onnx_attr_int(c, "training_mode", 0)) return onnx_unsupported(c, "training_mode = 1 (only inference is implemented)");
    if (c->opset < 7 && !onnx_attr_int(c, "is_test", 0))
        return onnx_unsupported(c, "is_test = 0 (training; only inference is implemented)");
    if (c->opset < 9 && onnx_attr_int(c, "spatial", 1) != 1)
        return onnx_unsupported(c, "spatial = 0 (statistics per activation)");
    for (size_t i = 1; i < c->n_out; i++)
        if (nn_output_used(c, i)) return onnx_unsupported(c, "output %zu (training statistics)", i);
    int rank, vrank;
    gecl_dtype vdt;
    gecl_status rc;
    if ((rc = nn_rank(c, c->in[0], &rank, NULL)) || (rc = nn_rank(c, c->in[4], &vrank, &vdt))) return rc;
    if (rank < 2) return onnx_fail(c, "X has %d dims, expected at least 2 ([N, C, ...])", rank);

    const gecl_port eps = onnx_const_scalar(c, vdt, onnx_attr_float(c, "epsilon", 1e-5f));
    gecl_port p[2] = {c->in[4], eps};
    const gecl_port rstd = onnx_op1(c, "Rsqrt", 1, (gecl_port[]){onnx_op1(c, "Add", 2, p)});
    p[0] = c->in[1], p[1] = rstd;
    gecl_port s = onnx_op1(c, "Mul", 2, p);
    p[0] = c->in[3], p[1] = s;
    const gecl_port ms = onnx_op1(c, "Mul", 2, p);
    p[0] = c->in[2], p[1] = ms;
    gecl_port t = onnx_op1(c, "Sub", 2, p);
    if (rank > 2) {
        s = nn_insert_ones(c, s, 1, rank - 2);
        t = nn_insert_ones(c, t, 1, rank - 2);
    }
    p[0] = c->in[0], p[1] = s;
    p[0] = onnx_op1(c, "Mul", 2, p), p[1] = t;
    c->out[0] = onnx_op1(c, "Add", 2, p);
    return onnx_status(c);
}
