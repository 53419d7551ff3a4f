/* cvt_resize.c: ONNX's Resize and Upsample onto CANN's Resize (x, roi, scales, sizes), whose
 * attributes are ONNX's own from opset 11. Resize-10 and Upsample (scales as an attribute at
 * opset 7, an input from opset 9) had no coordinate_transformation_mode: they are asymmetric,
 * nearest taking the floor (what ONNX's version converter writes for Resize 10 -> 11, and
 * Upsample's repeat of each element), linear (Upsample's "bilinear" too) n-linear. Opset 18's
 * antialias, axes and keep_aspect_ratio_policy are refused unless at their defaults. */
#include <string.h>

#include "onnx_ops.h"

static int one_of(const char *v, const char *const *names, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (!strcmp(v, names[k])) return 1;
    return 0;
}

/* CANN's Resize on x, roi, scales, sizes (absent ones: node < 0). */
static int32_t resize_op(onnx_conv *c, gecl_port roi, gecl_port scales, gecl_port sizes)
{
    const gecl_port in[4] = {c->in[0], roi, scales, sizes};
    size_t n = 4;
    while (n > 1 && in[n - 1].node < 0) n--;
    return onnx_op(c, "Resize", n, in);
}

/* Resize-10 and Upsample: asymmetric coordinates, nearest = floor. */
static gecl_status resize_asymmetric(onnx_conv *c, gecl_port scales)
{
    const char *mode = onnx_attr_string(c, "mode", "nearest");
    const int linear = !strcmp(mode, "linear") || (!strcmp(c->node->op_type, "Upsample") && !strcmp(mode, "bilinear"));
    if (!linear && strcmp(mode, "nearest")) return onnx_unsupported(c, "mode '%s' is not nearest or linear", mode);
    const int32_t op = resize_op(c, (gecl_port){-1, 0}, scales, (gecl_port){-1, 0});
    onnx_set_string(c, op, "mode", linear ? "linear" : "nearest");
    onnx_set_string(c, op, "coordinate_transformation_mode", "asymmetric");
    onnx_set_string(c, op, "nearest_mode", "floor");
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}

static gecl_status need(const onnx_conv *c, size_t n)
{
    if (c->n_in < n) return onnx_fail(c, "%zu inputs, expected at least %zu", c->n_in, n);
    for (size_t i = 0; i < n; i++)
        if (c->in[i].node < 0) return onnx_fail(c, "input %zu is missing", i);
    return GECL_SUCCESS;
}

/* Upsample-7: scales as an attribute. */
gecl_status onnx_cvt_upsample_attr(onnx_conv *c)
{
    gecl_status rc = need(c, 1);
    if (rc) return rc;
    const float *s;
    const size_t n = onnx_attr_floats(c, "scales", &s);
    if (!n) return onnx_fail(c, "attribute scales is required");
    if (n > GECL_MAX_DIMS) return onnx_fail(c, "scales has %zu values, more than %d dims", n, GECL_MAX_DIMS);
    const gecl_tensor_desc d = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {(int64_t)n}};
    return resize_asymmetric(c, onnx_const(c, &d, s, n * sizeof *s));
}

/* Upsample-9 and Resize-10: x, scales. */
gecl_status onnx_cvt_upsample(onnx_conv *c)
{
    gecl_status rc = need(c, 2);
    return rc ? rc : resize_asymmetric(c, c->in[1]);
}

/* Resize from opset 11: x, roi, scales, sizes (roi and scales may be empty tensors, and from
 * opset 13 absent). */
gecl_status onnx_cvt_resize(onnx_conv *c)
{
    gecl_status rc = need(c, 1);
    if (rc) return rc;
    static const char *const modes[] = {"nearest", "linear", "cubic"};
    static const char *const coords[] = {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric",
                                         "tf_half_pixel_for_nn", "tf_crop_and_resize"};
    static const char *const nearests[] = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
    const char *mode = onnx_attr_string(c, "mode", "nearest");
    const char *coord = onnx_attr_string(c, "coordinate_transformation_mode", "half_pixel");
    const char *nearest = onnx_attr_string(c, "nearest_mode", "round_prefer_floor");
    if (!one_of(mode, modes, 3)) return onnx_unsupported(c, "mode '%s'", mode);
    if (!one_of(coord, coords, 6)) return onnx_unsupported(c, "coordinate_transformation_mode '%s'", coord);
    if (!one_of(nearest, nearests, 4)) return onnx_unsupported(c, "nearest_mode '%s'", nearest);
    if (onnx_attr_int(c, "antialias", 0)) return onnx_unsupported(c, "antialias");
    const int64_t *axes;
    if (onnx_attr_ints(c, "axes", &axes)) return onnx_unsupported(c, "attribute axes (resize every axis)");
    const char *policy = onnx_attr_string(c, "keep_aspect_ratio_policy", "stretch");
    if (strcmp(policy, "stretch")) return onnx_unsupported(c, "keep_aspect_ratio_policy '%s'", policy);
    const gecl_port none = {-1, 0};
    const int32_t op = resize_op(c, c->n_in > 1 ? c->in[1] : none, c->n_in > 2 ? c->in[2] : none,
                                 c->n_in > 3 ? c->in[3] : none);
    onnx_set_string(c, op, "mode", mode);
    onnx_set_string(c, op, "coordinate_transformation_mode", coord);
    onnx_set_string(c, op, "nearest_mode", nearest);
    onnx_set_float(c, op, "cubic_coeff_a", onnx_attr_float(c, "cubic_coeff_a", -0.75f));
    onnx_set_int(c, op, "exclude_outside", onnx_attr_int(c, "exclude_outside", 0));
    onnx_set_float(c, op, "extrapolation_value", onnx_attr_float(c, "extrapolation_value", 0.0f));
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}
