/* cvt_signal.c: ONNX's window functions (opset 17) as CANN ops: w[n] = a0 - a1 cos(2 pi n / N)
 * + a2 cos(4 pi n / N) for n in [0, size), N = size (periodic) or size - 1 (symmetric), with the
 * coefficients ONNX gives each window (Hann 0.5 / 0.5, Hamming 25/46 / 21/46, Blackman 0.42 / 0.5 /
 * 0.08). `size` may be a graph input: Range makes it a value input (compiled per run's size). */
#include <math.h>
#include <string.h>

#include "onnx_ops.h"

typedef struct {
    const char *op;
    double a0, a1, a2;
} window_coeffs;

static const window_coeffs WINDOWS[] = {
    {"HannWindow", 0.5, 0.5, 0},
    {"HammingWindow", 25.0 / 46.0, 21.0 / 46.0, 0},
    {"BlackmanWindow", 0.42, 0.5, 0.08},
};

/* a * cos(k * t): t = 2 pi n / N. */
static gecl_port cos_term(onnx_conv *c, gecl_port t, double k, double a)
{
    gecl_port kt = onnx_op2(c, "Mul", t, onnx_const_scalar(c, GECL_DT_FLOAT, k));
    return onnx_op2(c, "Mul", onnx_op1(c, "Cos", 1, &kt), onnx_const_scalar(c, GECL_DT_FLOAT, a));
}

gecl_status onnx_cvt_window(onnx_conv *c)
{
    const window_coeffs *w = NULL;
    for (size_t i = 0; i < sizeof WINDOWS / sizeof *WINDOWS; i++)
        if (!strcmp(WINDOWS[i].op, c->node->op_type)) w = &WINDOWS[i];
    if (!w) return onnx_fail(c, "not a window function gecl knows");
    if (c->n_in < 1 || c->in[0].node < 0) return onnx_fail(c, "input size is missing");
    const gecl_dtype out = onnx_dtype(onnx_attr_int(c, "output_datatype", 1));
    if (out == GECL_DT_UNDEFINED) return onnx_unsupported(c, "output_datatype %lld", (long long)onnx_attr_int(c, "output_datatype", 1));
    const int periodic = onnx_attr_int(c, "periodic", 1) != 0;
    const gecl_port size = onnx_cast(c, c->in[0], GECL_DT_INT64);
    const gecl_port range_in[3] = {onnx_const_scalar(c, GECL_DT_INT64, 0), size, onnx_const_scalar(c, GECL_DT_INT64, 1)};
    const gecl_port n = onnx_cast(c, onnx_op1(c, "Range", 3, range_in), GECL_DT_FLOAT);
    gecl_port denom = onnx_cast(c, size, GECL_DT_FLOAT);
    if (!periodic) denom = onnx_op2(c, "Sub", denom, onnx_const_scalar(c, GECL_DT_FLOAT, 1));
    const gecl_port t = onnx_op2(c, "RealDiv", onnx_op2(c, "Mul", n, onnx_const_scalar(c, GECL_DT_FLOAT, 2 * M_PI)), denom);
    gecl_port y = onnx_op2(c, "Sub", onnx_const_scalar(c, GECL_DT_FLOAT, w->a0), cos_term(c, t, 1, w->a1));
    if (w->a2 != 0) y = onnx_op2(c, "Add", y, cos_term(c, t, 2, w->a2));
    c->out[0] = out == GECL_DT_FLOAT ? y : onnx_cast(c, y, out);
    return onnx_status(c);
}
