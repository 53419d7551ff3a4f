/* cvt_quant.c: ONNX's linear quantization as float arithmetic on CANN ops.
 * - QuantizeLinear: y = saturate(round(x / scale) + zero_point), rounding halves to even (Round is
 *   rint) and saturating to the output type (the zero point's: uint8 when absent, or int8) with
 *   ClipByValue before the Cast, so no float-to-integer conversion ever overflows.
 * - DequantizeLinear: y = (x - zero_point) * scale.
 * - DynamicQuantizeLinear: scale = (max(0, max x) - min(0, min x)) / 255, zero_point =
 *   saturate(round(-min(0, min x) / scale)), then QuantizeLinear to uint8.
 * A 1-D scale (and zero point) applies along `axis` (opset 13): it is reshaped to broadcast there. */
#include "onnx_ops.h"

static gecl_port opt_in(const onnx_conv *c, size_t i) { return i < c->n_in ? c->in[i] : (gecl_port){-1, 0}; }

/* A per-axis scale or zero point reshaped to broadcast along x's `axis`; a scalar as it is. */
static gecl_port along_axis(onnx_conv *c, gecl_port v, gecl_port x)
{
    gecl_tensor_desc vd, xd;
    if (onnx_desc(c, v, &vd) || onnx_desc(c, x, &xd)) return (gecl_port){-2, 0};
    if (vd.ndim == 0 || (vd.ndim == 1 && vd.dims[0] == 1 && xd.ndim != 1)) return v;
    if (vd.ndim != 1) {
        onnx_fail(c, "a scale or zero point must be a scalar or 1-D, not %u-D", vd.ndim);
        return (gecl_port){-2, 0};
    }
    if (c->opset < 13) {
        onnx_unsupported(c, "a 1-D scale before opset 13 (per-axis quantization has an axis from opset 13)");
        return (gecl_port){-2, 0};
    }
    int64_t axis = onnx_attr_int(c, "axis", 1);
    if (axis < -(int64_t)xd.ndim || axis >= (int64_t)xd.ndim) {
        onnx_fail(c, "axis %lld is out of range for %u dims", (long long)axis, xd.ndim);
        return (gecl_port){-2, 0};
    }
    if (axis < 0) axis += xd.ndim;
    int64_t shape[GECL_MAX_DIMS];
    for (uint32_t k = 0; k < xd.ndim; k++) shape[k] = (int64_t)k == axis ? vd.dims[0] : 1;
    return onnx_op2(c, "Reshape", v, onnx_const_ints(c, shape, xd.ndim));
}

/* round(xs) + zp saturated to `to` (uint8 or int8) and cast; xs = x / scale in float. */
static gecl_port saturate(onnx_conv *c, gecl_port xs, gecl_port zp_float, gecl_dtype to)
{
    gecl_port q = onnx_op1(c, "Round", 1, &xs);
    if (zp_float.node >= 0) q = onnx_op2(c, "Add", q, zp_float);
    const double lo = to == GECL_DT_INT8 ? -128 : 0, hi = to == GECL_DT_INT8 ? 127 : 255;
    const gecl_port in[3] = {q, onnx_const_scalar(c, GECL_DT_FLOAT, lo), onnx_const_scalar(c, GECL_DT_FLOAT, hi)};
    return onnx_cast(c, onnx_op1(c, "ClipByValue", 3, in), to);
}

gecl_status onnx_cvt_quantize_linear(onnx_conv *c)
{
    const gecl_port x = opt_in(c, 0), scale = opt_in(c, 1), zp = opt_in(c, 2);
    if (x.node < 0 || scale.node < 0) return onnx_fail(c, "inputs x and y_scale are required");
    const gecl_dtype to = zp.node >= 0 ? onnx_dtype_of(c, zp) : GECL_DT_UINT8;
    if (to != GECL_DT_UINT8 && to != GECL_DT_INT8)
        return onnx_unsupported(c, "quantizing to dtype %d (uint8 and int8 are)", (int)to);
    gecl_port xf = onnx_dtype_of(c, x) == GECL_DT_FLOAT ? x : onnx_cast(c, x, GECL_DT_FLOAT);
    const gecl_port xs = onnx_op2(c, "RealDiv", xf, along_axis(c, scale, x));
    const gecl_port zpf = zp.node >= 0 ? onnx_cast(c, along_axis(c, zp, x), GECL_DT_FLOAT) : zp;
    c->out[0] = saturate(c, xs, zpf, to);
    return onnx_status(c);
}

gecl_status onnx_cvt_dequantize_linear(onnx_conv *c)
{
    const gecl_port x = opt_in(c, 0), scale = opt_in(c, 1), zp = opt_in(c, 2);
    if (x.node < 0 || scale.node < 0) return onnx_fail(c, "inputs x and x_scale are required");
    gecl_port y = onnx_cast(c, x, GECL_DT_FLOAT);
    if (zp.node >= 0) y = onnx_op2(c, "Sub", y, onnx_cast(c, along_axis(c, zp, x), GECL_DT_FLOAT));
    c->out[0] = onnx_op2(c, "Mul", y, along_axis(c, scale, x));
    return onnx_status(c);
}

gecl_status onnx_cvt_dynamic_quantize_linear(onnx_conv *c)
{
    const gecl_port x = opt_in(c, 0);
    if (x.node < 0) return onnx_fail(c, "input x is required");
    gecl_tensor_desc xd;
    if (onnx_desc(c, x, &xd)) return onnx_status(c);
    if (xd.dtype != GECL_DT_FLOAT) return onnx_fail(c, "x must be float32");
    int64_t all[GECL_MAX_DIMS];
    for (uint32_t k = 0; k < xd.ndim; k++) all[k] = k;
    const gecl_port zero = onnx_const_scalar(c, GECL_DT_FLOAT, 0);
    gecl_port ext[2];
    for (int k = 0; k < 2; k++) { /* min(0, min x), max(0, max x) */
        const int32_t r = onnx_op(c, k ? "ReduceMaxD" : "ReduceMinD", 1, &x);
        onnx_set_ints(c, r, "axes", all, xd.ndim);
        onnx_set_bool(c, r, "keep_dims", 0);
        ext[k] = onnx_op2(c, k ? "Maximum" : "Minimum", (gecl_port){r < 0 ? -2 : r, 0}, zero);
    }
    const gecl_port scale = onnx_op2(c, "RealDiv", onnx_op2(c, "Sub", ext[1], ext[0]),
                                     onnx_const_scalar(c, GECL_DT_FLOAT, 255));
    const gecl_port neg_min = onnx_op1(c, "Neg", 1, &ext[0]);
    const gecl_port zp = saturate(c, onnx_op2(c, "RealDiv", neg_min, scale), (gecl_port){-1, 0}, GECL_DT_UINT8);
    c->out[0] = saturate(c, onnx_op2(c, "RealDiv", x, scale), onnx_cast(c, zp, GECL_DT_FLOAT), GECL_DT_UINT8);
    c->out[1] = scale;
    c->out[2] = zp;
    return onnx_status(c);
}
