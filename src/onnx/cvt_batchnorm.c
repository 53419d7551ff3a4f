/* cvt_batchnorm.c: ONNX BatchNormalization in inference mode as y = x * s + t per channel, with
 * s = scale / sqrt(var + epsilon) and t = B - mean * s: elementwise ops on the [C] inputs, which
 * fold to constants at compile time when those are initializers (as exported models have them),
 * reshaped to [C, 1, ...] so that they broadcast along dim 1; the Mul and Add then fuse into the
 * producer's epilogue or one generated kernel. Training mode (opset 14's training_mode) takes
 * mean and var from the batch instead: the per-channel statistics of a LayerNorm over x
 * transposed to [C, N, ...]; its running_mean / running_var outputs blend them with the inputs
 * by momentum. */
#include <stdlib.h>

#include "cvt_nn.h"
#include "onnx_ops.h"

/* y = x * s + t with the per-channel s, t from scale, B, mean, var ([C] each). */
static gecl_port scale_shift(onnx_conv *c, int rank, gecl_port mean, gecl_port var, gecl_dtype dt)
{
    const gecl_port eps = onnx_const_scalar(c, dt, onnx_attr_float(c, "epsilon", 1e-5f));
    gecl_port p[2] = {var, eps};
    const gecl_port rstd = onnx_op1(c, "Rsqrt", 1, (gecl_port[]){onnx_op1(c, "Add", 2, p)});
    p[0] = c->in[1], p[1] = rstd;
    gecl_port s = onnx_op1(c, "Mul", 2, p);
    p[0] = mean, p[1] = s;
    const gecl_port ms = onnx_op1(c, "Mul", 2, p);
    p[0] = c->in[2], p[1] = ms;
    gecl_port t = onnx_op1(c, "Sub", 2, p);
    if (rank > 2) {
        s = nn_insert_ones(c, s, 1, rank - 2);
        t = nn_insert_ones(c, t, 1, rank - 2);
    }
    p[0] = c->in[0], p[1] = s;
    p[0] = onnx_op1(c, "Mul", 2, p), p[1] = t;
    return onnx_op1(c, "Add", 2, p);
}

/* running = input * momentum + batch * (1 - momentum) */
static gecl_port blend(onnx_conv *c, gecl_port input, gecl_port batch, gecl_dtype dt, float momentum)
{
    gecl_port a[2] = {input, onnx_const_scalar(c, dt, momentum)}, b[2] = {batch, onnx_const_scalar(c, dt, 1.0f - momentum)};
    const gecl_port sum[2] = {onnx_op1(c, "Mul", 2, a), onnx_op1(c, "Mul", 2, b)};
    return onnx_op1(c, "Add", 2, sum);
}

/* Batch statistics: per channel over every other dim, population variance (as ONNX's reference). */
static gecl_status training(onnx_conv *c, int rank, gecl_dtype dt)
{
    gecl_tensor_desc xd;
    if (nn_desc(c, c->in[0], &xd)) return onnx_status(c);
    if (xd.dtype != GECL_DT_FLOAT) return onnx_unsupported(c, "training mode on %s", gecl_dtype_name(xd.dtype));
    int64_t perm[GECL_MAX_DIMS];
    for (int d = 0; d < rank; d++) perm[d] = d < 2 ? 1 - d : d;
    gecl_tensor_desc pd = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {xd.dims[rank - 1]}};
    const int64_t w = xd.dims[rank - 1];
    float *ones = malloc((size_t)(w ? w : 1) * sizeof *ones), *zeros = calloc((size_t)(w ? w : 1), sizeof *zeros);
    if (!ones || !zeros) {
        free(ones), free(zeros);
        return onnx_fail(c, "out of host memory");
    }
    for (int64_t i = 0; i < w; i++) ones[i] = 1.0f;
    const int32_t t = onnx_op(c, "TransposeD", 1, c->in);
    onnx_set_ints(c, t, "perm", perm, (size_t)rank);
    const gecl_port in[3] = {{t < 0 ? -2 : t, 0}, onnx_const(c, &pd, ones, (size_t)w * sizeof *ones),
                             onnx_const(c, &pd, zeros, (size_t)w * sizeof *zeros)};
    free(ones), free(zeros);
    const int32_t ln = onnx_op(c, "LayerNorm", 3, in);
    onnx_set_int(c, ln, "begin_norm_axis", 1);
    onnx_set_int(c, ln, "begin_params_axis", rank - 1);
    onnx_set_float(c, ln, "epsilon", 0.0f);
    const gecl_port mean = nn_drop_ones(c, (gecl_port){ln < 0 ? -2 : ln, 1}, 1, rank - 1);
    const gecl_port var = nn_drop_ones(c, (gecl_port){ln < 0 ? -2 : ln, 2}, 1, rank - 1);
    c->out[0] = scale_shift(c, rank, mean, var, dt);
    const float momentum = onnx_attr_float(c, "momentum", 0.9f);
    if (nn_output_used(c, 1)) c->out[1] = blend(c, c->in[3], mean, dt, momentum);
    if (nn_output_used(c, 2)) c->out[2] = blend(c, c->in[4], var, dt, momentum);
    return onnx_status(c);
}

gecl_status onnx_cvt_batch_norm(onnx_conv *c)
{
    if (c->n_in != 5) return onnx_fail(c, "%zu inputs, expected 5 (X, scale, B, mean, var)", c->n_in);
    for (size_t i = 0; i < 5; i++)
        if (c->in[i].node < 0) return onnx_fail(c, "input %zu is missing", i);
    const int train = c->opset >= 14 && onnx_attr_int(c, "training_mode", 0);
    if (c->opset < 7 && !onnx_attr_int(c, "is_test", 0))
        return onnx_unsupported(c, "is_test = 0 (training before opset 14; inference is implemented)");
    if (c->opset < 9 && onnx_attr_int(c, "spatial", 1) != 1)
        return onnx_unsupported(c, "spatial = 0 (statistics per activation)");
    for (size_t i = train ? 3 : 1; i < c->n_out; i++)
        if (nn_output_used(c, i)) return onnx_unsupported(c, "output %zu (training statistics before opset 14)", i);
    int rank, vrank;
    gecl_dtype vdt;
    gecl_status rc;
    if ((rc = nn_rank(c, c->in[0], &rank, NULL)) || (rc = nn_rank(c, c->in[4], &vrank, &vdt))) return rc;
    if (rank < 2) return onnx_fail(c, "X has %d dims, expected at least 2 ([N, C, ...])", rank);
    if (train) return training(c, rank, vdt);
    c->out[0] = scale_shift(c, rank, c->in[3], c->in[4], vdt);
    return onnx_status(c);
}
