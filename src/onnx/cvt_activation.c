/* cvt_activation.c: ONNX activations with attributes onto CANN's (ONNX's attribute names and
 * defaults in, CANN's out), and the two that CANN has no one op for: PRelu with numpy
 * broadcasting of the slope (CANN's PRelu takes a per-channel weight) and IsInf's one-sided
 * detection. */
#include <math.h>

#include "onnx_ops.h"

/* CANN op `type` on the node's input with one Float attribute. */
static gecl_status unary_attr(onnx_conv *c, const char *type, const char *name, float v)
{
    int32_t id = onnx_op(c, type, 1, c->in);
    onnx_set_float(c, id, name, v);
    c->out[0] = (gecl_port){id < 0 ? -2 : id, 0};
    return onnx_status(c);
}

gecl_status onnx_cvt_elu(onnx_conv *c) { return unary_attr(c, "Elu", "alpha", onnx_attr_float(c, "alpha", 1.0f)); }

/* Selu(alpha, gamma) = gamma * (x > 0 ? x : alpha * (e^x - 1)): CANN's Elu with scale = gamma
 * (CANN's Selu has its constants fixed). Defaults as ONNX writes them. */
gecl_status onnx_cvt_selu(onnx_conv *c)
{
    int32_t id = onnx_op(c, "Elu", 1, c->in);
    onnx_set_float(c, id, "alpha", onnx_attr_float(c, "alpha", 1.67326319217681884765625f));
    onnx_set_float(c, id, "scale", onnx_attr_float(c, "gamma", 1.05070102214813232421875f));
    c->out[0] = (gecl_port){id < 0 ? -2 : id, 0};
    return onnx_status(c);
}

gecl_status onnx_cvt_celu(onnx_conv *c)
{
    const float alpha = onnx_attr_float(c, "alpha", 1.0f);
    if (alpha == 0) return onnx_unsupported(c, "alpha = 0 (Celu divides by alpha)");
    return unary_attr(c, "CeluV2", "alpha", alpha);
}

gecl_status onnx_cvt_leaky_relu(onnx_conv *c)
{
    return unary_attr(c, "LeakyRelu", "negative_slope", onnx_attr_float(c, "alpha", 0.01f));
}

gecl_status onnx_cvt_thresholded_relu(onnx_conv *c)
{
    return unary_attr(c, "ThresholdedRelu", "alpha", onnx_attr_float(c, "alpha", 1.0f));
}

gecl_status onnx_cvt_hard_sigmoid(onnx_conv *c)
{
    int32_t id = onnx_op(c, "HardSigmoid", 1, c->in);
    onnx_set_float(c, id, "alpha", onnx_attr_float(c, "alpha", 0.2f));
    onnx_set_float(c, id, "beta", onnx_attr_float(c, "beta", 0.5f));
    c->out[0] = (gecl_port){id < 0 ? -2 : id, 0};
    return onnx_status(c);
}

gecl_status onnx_cvt_shrink(onnx_conv *c)
{
    int32_t id = onnx_op(c, "Shrink", 1, c->in);
    onnx_set_float(c, id, "lambd", onnx_attr_float(c, "lambd", 0.5f));
    onnx_set_float(c, id, "bias", onnx_attr_float(c, "bias", 0.0f));
    c->out[0] = (gecl_port){id < 0 ? -2 : id, 0};
    return onnx_status(c);
}

/* PRelu(X, slope) = X < 0 ? slope * X : X, slope broadcasting to X: SelectV2(Less(X, 0),
 * Mul(X, slope), X), one fused kernel. */
gecl_status onnx_cvt_prelu(onnx_conv *c)
{
    if (c->n_in != 2) return onnx_fail(c, "%zu inputs, expected 2", c->n_in);
    const gecl_dtype dt = onnx_dtype_of(c, c->in[0]);
    const gecl_port less[2] = {c->in[0], onnx_const_scalar(c, dt, 0)};
    const gecl_port sel[3] = {onnx_op1(c, "Less", 2, less), onnx_op1(c, "Mul", 2, c->in), c->in[0]};
    c->out[0] = onnx_op1(c, "SelectV2", 3, sel);
    return onnx_status(c);
}

/* IsInf detecting both signs is CANN's IsInf; one sign is an Equal with that infinity; neither
 * is always false (IsInf and IsNan never hold together). */
gecl_status onnx_cvt_isinf(onnx_conv *c)
{
    const int pos = onnx_attr_int(c, "detect_positive", 1) != 0, neg = onnx_attr_int(c, "detect_negative", 1) != 0;
    if (pos && neg) {
        c->out[0] = onnx_op1(c, "IsInf", 1, c->in);
    } else if (pos || neg) {
        const gecl_dtype dt = onnx_dtype_of(c, c->in[0]);
        if (dt != GECL_DT_FLOAT && dt != GECL_DT_FLOAT16 && dt != GECL_DT_DOUBLE)
            return onnx_status(c) ? onnx_status(c) : onnx_fail(c, "input is %s, not a float type", gecl_dtype_name(dt));
        const gecl_port pair[2] = {c->in[0], onnx_const_scalar(c, dt, pos ? INFINITY : -INFINITY)};
        c->out[0] = onnx_op1(c, "Equal", 2, pair);
    } else {
        const gecl_port pair[2] = {onnx_op1(c, "IsInf", 1, c->in), onnx_op1(c, "IsNan", 1, c->in)};
        c->out[0] = onnx_op1(c, "LogicalAnd", 2, pair);
    }
    return onnx_status(c);
}
