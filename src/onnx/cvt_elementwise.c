/* cvt_elementwise.c: ONNX elementwise math, comparison and logic onto CANN's elementwise ops
 * (numpy broadcasting in both): most map one to one (names below), the rest are built here from
 * a few (Cast, Pow of mixed types, Mod, Clip, Mean, Where, BitShift). Activations with
 * attributes are in cvt_activation.c. */
#include <float.h>
#include <string.h>

#include "onnx_ops.h"

/* ONNX type -> CANN type where the names differ. */
static const char *cann_type(const char *onnx)
{
    static const char *const map[][2] = {
        {"Max", "Maximum"}, {"Min", "Minimum"}, {"Sum", "Add"}, {"LessOrEqual", "LessEqual"},
        {"GreaterOrEqual", "GreaterEqual"}, {"And", "LogicalAnd"}, {"Or", "LogicalOr"},
        {"Xor", "NotEqual"}, /* on bools, exclusive or is inequality */
        {"Not", "LogicalNot"}, {"IsNaN", "IsNan"}, {"Where", "SelectV2"},
    };
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

/* A chain of binary `type` over the inputs (one input: Identity). */
static gecl_status chain(onnx_conv *c, const char *type)
{
    if (c->n_in < 1) return onnx_fail(c, "no inputs");
    gecl_port acc = c->in[0];
    if (c->n_in == 1) acc = onnx_op1(c, "Identity", 1, &acc);
    for (size_t i = 1; i < c->n_in; i++) {
        const gecl_port pair[2] = {acc, c->in[i]};
        acc = onnx_op1(c, type, 2, pair);
    }
    c->out[0] = acc;
    return onnx_status(c);
}

/* Max / Min / Sum of one or more inputs: a chain of the binary op. */
gecl_status onnx_cvt_variadic(onnx_conv *c) { return chain(c, cann_type(c->node->op_type)); }

/* ---- casts ---- */

/* `to` is a TensorProto.DataType; before opset 6 it was its name ("FLOAT"). */
gecl_status onnx_cvt_cast(onnx_conv *c)
{
    const Onnx__AttributeProto *a = onnx_attr(c, "to");
    int32_t to = -1;
    if (a && a->has_i) {
        to = (int32_t)a->i;
    } else if (a && a->has_s) {
        const char *name = onnx_attr_string(c, "to", "");
        const ProtobufCEnumValue *v =
            protobuf_c_enum_descriptor_get_value_by_name(&onnx__tensor_proto__data_type__descriptor, name);
        if (!v) return onnx_fail(c, "attribute to = '%s' names no tensor type", name);
        to = v->value;
    } else {
        return onnx_fail(c, "attribute to is missing");
    }
    const gecl_dtype dt = onnx_dtype(to);
    if (dt == GECL_DT_UNDEFINED) return onnx_unsupported(c, "a cast to %s", onnx_dtype_name(to));
    c->out[0] = onnx_cast(c, c->in[0], dt);
    return onnx_status(c);
}

/* CastLike(input, target_type): a Cast to target_type's dtype. */
gecl_status onnx_cvt_castlike(onnx_conv *c)
{
    if (c->n_in != 2 || c->in[1].node < 0) return onnx_fail(c, "expected 2 inputs");
    const gecl_dtype dt = onnx_dtype_of(c, c->in[1]);
    if (dt == GECL_DT_UNDEFINED) return onnx_status(c) ? onnx_status(c) : onnx_fail(c, "target_type's type is unknown");
    c->out[0] = onnx_cast(c, c->in[0], dt);
    return onnx_status(c);
}

/* ---- arithmetic ---- */

static int is_float(gecl_dtype t) { return t == GECL_DT_FLOAT || t == GECL_DT_FLOAT16 || t == GECL_DT_DOUBLE; }

/* Pow(X, Y) has X's type; since opset 12 Y may be of another. A float X takes Y cast to its
 * type; an integer X with a float Y is computed in Y's type and truncated back (numpy's way), so
 * a fractional exponent counts; two integer types: Y cast to X's, then exact integer powers. */
gecl_status onnx_cvt_pow(onnx_conv *c)
{
    if (c->n_in != 2) return onnx_fail(c, "%zu inputs, expected 2", c->n_in);
    const gecl_dtype tx = onnx_dtype_of(c, c->in[0]), ty = onnx_dtype_of(c, c->in[1]);
    if (onnx_status(c)) return onnx_status(c);
    if (tx == ty) return onnx_cvt_binary(c);
    gecl_port pair[2] = {c->in[0], c->in[1]};
    if (!is_float(tx) && is_float(ty)) {
        pair[0] = onnx_cast(c, c->in[0], ty);
        c->out[0] = onnx_cast(c, onnx_op1(c, "Pow", 2, pair), tx);
        return onnx_status(c);
    }
    pair[1] = onnx_cast(c, c->in[1], tx);
    c->out[0] = onnx_op1(c, "Pow", 2, pair);
    return onnx_status(c);
}

/* fmod = 0: the remainder takes the divisor's sign (FloorMod); 1: the dividend's (Mod). */
gecl_status onnx_cvt_mod(onnx_conv *c)
{
    const int64_t fmod = onnx_attr_int(c, "fmod", 0);
    if (fmod != 0 && fmod != 1) return onnx_fail(c, "fmod = %lld, expected 0 or 1", (long long)fmod);
    if (c->n_in != 2) return onnx_fail(c, "%zu inputs, expected 2", c->n_in);
    c->out[0] = onnx_op1(c, fmod ? "Mod" : "FloorMod", 2, c->in);
    return onnx_status(c);
}

/* Clip: bounds are attributes min/max before opset 11, optional inputs after; either may be
 * absent. Both: ClipByValue; one: Maximum or Minimum; none: Identity. */
gecl_status onnx_cvt_clip(onnx_conv *c)
{
    gecl_port lo = {-1, 0}, hi = {-1, 0};
    if (c->opset < 11) {
        const gecl_dtype dt = onnx_dtype_of(c, c->in[0]);
        if (onnx_status(c)) return onnx_status(c);
        if (onnx_attr(c, "min")) lo = onnx_const_scalar(c, dt, onnx_attr_float(c, "min", -FLT_MAX));
        if (onnx_attr(c, "max")) hi = onnx_const_scalar(c, dt, onnx_attr_float(c, "max", FLT_MAX));
    } else {
        if (c->n_in > 1) lo = c->in[1];
        if (c->n_in > 2) hi = c->in[2];
    }
    const gecl_port all[3] = {c->in[0], lo, hi};
    if (lo.node != -1 && hi.node != -1) {
        c->out[0] = onnx_op1(c, "ClipByValue", 3, all);
    } else if (lo.node != -1 || hi.node != -1) {
        const gecl_port pair[2] = {c->in[0], lo.node != -1 ? lo : hi};
        c->out[0] = onnx_op1(c, lo.node != -1 ? "Maximum" : "Minimum", 2, pair);
    } else {
        c->out[0] = onnx_op1(c, "Identity", 1, c->in);
    }
    return onnx_status(c);
}

/* Mean: the inputs' sum (as Sum) divided by their count. */
gecl_status onnx_cvt_mean(onnx_conv *c)
{
    gecl_status rc = chain(c, "Add");
    if (rc || c->n_in == 1) return rc;
    const gecl_dtype dt = onnx_dtype_of(c, c->in[0]);
    const gecl_port pair[2] = {c->out[0], onnx_const_scalar(c, dt, (double)c->n_in)};
    c->out[0] = onnx_op1(c, "Div", 2, pair);
    return onnx_status(c);
}

/* Where(condition, X, Y): SelectV2(condition, then, else). */
gecl_status onnx_cvt_where(onnx_conv *c)
{
    if (c->n_in != 3) return onnx_fail(c, "%zu inputs, expected 3", c->n_in);
    c->out[0] = onnx_op1(c, "SelectV2", 3, c->in);
    return onnx_status(c);
}

gecl_status onnx_cvt_bitshift(onnx_conv *c)
{
    const char *dir = onnx_attr_string(c, "direction", "");
    const char *type = !strcmp(dir, "LEFT") ? "LeftShift" : !strcmp(dir, "RIGHT") ? "RightShift" : NULL;
    if (!type) return onnx_fail(c, "direction '%s' is neither LEFT nor RIGHT", dir);
    if (c->n_in != 2) return onnx_fail(c, "%zu inputs, expected 2", c->n_in);
    c->out[0] = onnx_op1(c, type, 2, c->in);
    return onnx_status(c);
}
