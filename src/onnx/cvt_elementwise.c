/* cvt_elementwise.c: ONNX elementwise ops onto CANN's elementwise ops (numpy broadcasting in
 * both). */
#include <string.h>

#include "onnx_ops.h"

/* ONNX type -> CANN type where the names differ. */
static const char *cann_type(const char *onnx)
{
    static const char *const map[][2] = {{"Max", "Maximum"}, {"Min", "Minimum"}, {"Sum", "Add"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(map[i][0], onnx)) return map[i][1];
    return onnx;
}

gecl_status onnx_cvt_unary(onnx_conv *c)
{
    c->out[0] = onnx_op1(c, cann_type(c->node->op_type), 1, c->in);
    return onnx_status(c);
}

gecl_status onnx_cvt_binary(onnx_conv *c)
{
    /* Before opset 7, broadcasting was opt-in (broadcast=1) with B's dims aligned at `axis`;
     * without an axis that is numpy's trailing alignment, which the CANN ops do. */
    if (c->opset < 7 && onnx_attr_int(c, "broadcast", 0) && onnx_attr(c, "axis"))
        return onnx_unsupported(c, "legacy broadcasting with an explicit axis");
    if (c->n_in != 2) return onnx_fail(c, "%zu inputs, expected 2", c->n_in);
    c->out[0] = onnx_op1(c, cann_type(c->node->op_type), 2, c->in);
    return onnx_status(c);
}

/* Max / Min / Sum of one or more inputs: a chain of the binary op. */
gecl_status onnx_cvt_variadic(onnx_conv *c)
{
    if (c->n_in < 1) return onnx_fail(c, "no inputs");
    const char *type = cann_type(c->node->op_type);
    gecl_port acc = c->in[0];
    if (c->n_in == 1) acc = onnx_op1(c, "Identity", 1, &acc);
    for (size_t i = 1; i < c->n_in; i++) {
        const gecl_port pair[2] = {acc, c->in[i]};
        acc = onnx_op1(c, type, 2, pair);
    }
    c->out[0] = acc;
    return onnx_status(c);
}
