/* cvt_matmul.c: ONNX Gemm onto MatMulV2 (transA / transB as transpose_x1 / x2) then alpha and
 * beta * C as elementwise Mul / Add (fused into the GEMM's epilogue; beta * C of a constant C
 * folds at compile time). MatMul onto MatMulV2 (both 2-D) or BatchMatMulV2 (batch dims
 * broadcast, numpy's matmul); a 1-D operand gets the dim numpy gives it, taken off the result. */
#include "cvt_nn.h"
#include "onnx_ops.h"

/* x * by, by a scalar of x's dtype `dt_of`'s (a port whose dtype is x's). */
static gecl_port scaled(onnx_conv *c, gecl_port x, gecl_port dt_of, double by)
{
    if (by == 1.0) return x;
    int rank;
    gecl_dtype dt;
    if (nn_rank(c, dt_of, &rank, &dt)) return (gecl_port){-2, 0};
    const gecl_port in[2] = {x, onnx_const_scalar(c, dt, by)};
    return onnx_op1(c, "Mul", 2, in);
}

gecl_status onnx_cvt_gemm(onnx_conv *c)
{
    if (c->n_in < 2) return onnx_fail(c, "%zu inputs, expected 2 or 3", c->n_in);
    const float alpha = onnx_attr_float(c, "alpha", 1.0f), beta = onnx_attr_float(c, "beta", 1.0f);
    const int32_t id = onnx_op(c, "MatMulV2", 2, c->in);
    onnx_set_bool(c, id, "transpose_x1", onnx_attr_int(c, "transA", 0) != 0);
    onnx_set_bool(c, id, "transpose_x2", onnx_attr_int(c, "transB", 0) != 0);
    gecl_port y = scaled(c, (gecl_port){id < 0 ? -2 : id, 0}, c->in[0], alpha);
    /* C broadcasts to [M, N] (unidirectionally; numpy's rules include that case); beta = 0
     * drops it, as the product beta * C is then zero. */
    if (c->n_in > 2 && c->in[2].node >= 0 && beta != 0.0f) {
        const gecl_port in[2] = {y, scaled(c, c->in[2], c->in[2], beta)};
        y = onnx_op1(c, "Add", 2, in);
    }
    c->out[0] = y;
    return onnx_status(c);
}

gecl_status onnx_cvt_matmul(onnx_conv *c)
{
    if (c->n_in != 2) return onnx_fail(c, "%zu inputs, expected 2", c->n_in);
    int ra, rb;
    gecl_status rc;
    if ((rc = nn_rank(c, c->in[0], &ra, NULL)) || (rc = nn_rank(c, c->in[1], &rb, NULL))) return rc;
    if (ra < 1 || rb < 1) return onnx_fail(c, "a scalar operand (MatMul takes tensors of 1 dim or more)");
    gecl_port a = c->in[0], b = c->in[1];
    /* numpy: a 1-D A is a row [1, K], a 1-D B a column [K, 1]; those dims leave the result. */
    if (ra == 1) a = nn_insert_ones(c, a, 0, 1);
    if (rb == 1) b = nn_insert_ones(c, b, 1, 1);
    const int r = ra > rb ? (ra < 2 ? 2 : ra) : (rb < 2 ? 2 : rb);
    const gecl_port in[2] = {a, b};
    gecl_port y = onnx_op1(c, r == 2 ? "MatMulV2" : "BatchMatMulV2", 2, in);
    if (rb == 1) y = nn_drop_ones(c, y, r - 1, 1);
    if (ra == 1) y = nn_drop_ones(c, y, r - 2, 1);
    c->out[0] = y;
    return onnx_status(c);
}
