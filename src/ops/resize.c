/* resize.c: Resize (x, roi, scales, sizes; CANN's image_ops.h prototype, ONNX's Resize), any
 * rank, every axis resized: modes nearest (four nearest_modes), linear (n-linear) and cubic
 * (cubic_coeff_a, exclude_outside), all of ONNX's coordinate_transformation_modes. The output
 * size comes from sizes or from scales (floor(dim * scale), times roi's extent for
 * tf_crop_and_resize); both are value inputs (constants by inference), and so is roi.
 *
 * Each output coordinate maps to a source coordinate x_ori per axis as ONNX's reference
 * implementation computes it: in double, with the scale it was given (scales' float value, or
 * out / in for sizes) and its unrounded output width (scale * in), so that the nearest modes
 * round exactly as the reference does. x_ori's neighbours are ONNX's: the n nearest indices
 * (n = 2, 4 for cubic), ties to the left, the window kept within the input padded by n / 2
 * (edge values); their weights are the mode's coefficients of the fraction in (0, 1]. The
 * kernel (kernels/resize.cl) repeats this per work-item, in double where the device has it
 * (else float); the fold below is the same computation on the host. */
#include <math.h>
#include <string.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

enum { RZ_NEAREST, RZ_LINEAR, RZ_CUBIC };
enum { RZ_HALF_PIXEL, RZ_PYTORCH_HALF_PIXEL, RZ_ALIGN_CORNERS, RZ_ASYMMETRIC, RZ_TF_HALF_PIXEL_FOR_NN, RZ_TF_CROP_AND_RESIZE };
enum { RZ_ROUND_PREFER_FLOOR, RZ_ROUND_PREFER_CEIL, RZ_FLOOR, RZ_CEIL };

static const char *const rz_modes[] = {"nearest", "linear", "cubic"};
static const char *const rz_coords[] = {"half_pixel", "pytorch_half_pixel", "align_corners",
                                        "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize"};
static const char *const rz_nearests[] = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};

typedef struct rz_plan {
    int rank;
    int mode, coord, nearest, exclude;
    double a, extrapolation;
    int64_t in[GECL_MAX_DIMS], out[GECL_MAX_DIMS];
    double scale[GECL_MAX_DIMS]; /* the reference's scale_factor */
    double width[GECL_MAX_DIMS]; /* its output_width: scale * in, not rounded */
    double roi0[GECL_MAX_DIMS];  /* tf_crop_and_resize: roi start, and end - start */
    double rdiff[GECL_MAX_DIMS];
} rz_plan;

static int rz_pick(const char *v, const char *const *names, int count)
{
    for (int k = 0; k < count; k++)
        if (!strcmp(v, names[k])) return k;
    return -1;
}

/* Input i when present with elements (ONNX passes an unused scales or roi as an empty tensor). */
static const gecl_tensor_desc *rz_given(const gecl_graph *g, const gecl_node *n, size_t i)
{
    const gecl_tensor_desc *d = i < n->n_inputs ? gecl_input_desc(g, n, i) : NULL;
    return d && gecl_desc_numel(d) > 0 ? d : NULL;
}

/* A constant floating-point vector input as doubles (float32 values computed in float32 by the
 * caller where the reference does). Returns the count, or -1 after failing n. */
static int rz_floats(const gecl_graph *g, const gecl_node *n, size_t i, const char *what, double *out, int cap)
{
    const gecl_tensor_desc *d = gecl_input_desc(g, n, i);
    const void *v = gecl_input_const(g, n, i);
    if (!v) return gecl_node_fail(n, "input %zu (%s) must be a constant", i, what), -1;
    if (d->ndim != 1) return gecl_node_fail(n, "input %zu (%s) must be 1-D, not %u-D", i, what, d->ndim), -1;
    const int64_t count = d->dims[0];
    if (count > cap) return gecl_node_fail(n, "input %zu (%s) has %lld values, more than %d", i, what, (long long)count, cap), -1;
    for (int64_t k = 0; k < count; k++) {
        switch (d->dtype) {
        case GECL_DT_FLOAT: out[k] = ((const float *)v)[k]; break;
        case GECL_DT_DOUBLE: out[k] = ((const double *)v)[k]; break;
        case GECL_DT_FLOAT16: out[k] = aclFloat16ToFloat(((const aclFloat16 *)v)[k]); break;
        default:
            return gecl_node_fail(n, "input %zu (%s) has dtype %s, expected a floating-point type", i, what,
                                  gecl_dtype_name(d->dtype)), -1;
        }
    }
    return (int)count;
}

static gecl_status rz_plan_get(const gecl_graph *g, const gecl_node *n, rz_plan *p)
{
    memset(p, 0, sizeof *p);
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    if (!x) return gecl_node_fail(n, "input 0 (x) is missing");
    if (x->ndim < 1) return gecl_node_fail(n, "input 0 (x) is a scalar; Resize needs at least one dim");
    p->rank = (int)x->ndim;
    const char *mode = gecl_node_string(n, "mode"), *coord = gecl_node_string(n, "coordinate_transformation_mode");
    const char *nearest = gecl_node_string(n, "nearest_mode");
    p->mode = rz_pick(mode, rz_modes, 3);
    p->coord = rz_pick(coord, rz_coords, 6);
    p->nearest = rz_pick(nearest, rz_nearests, 4);
    if (p->mode < 0) return gecl_node_fail(n, "mode '%s' is not nearest, linear or cubic", mode);
    if (p->coord < 0) return gecl_node_fail(n, "coordinate_transformation_mode '%s' is not supported", coord);
    if (p->nearest < 0) return gecl_node_fail(n, "nearest_mode '%s' is not supported", nearest);
    p->exclude = gecl_node_int(n, "exclude_outside") != 0;
    p->a = gecl_node_float(n, "cubic_coeff_a");
    p->extrapolation = gecl_node_float(n, "extrapolation_value");

    const int r = p->rank;
    for (int k = 0; k < r; k++) {
        p->in[k] = x->dims[k];
        p->roi0[k] = 0;
        p->rdiff[k] = 1;
    }
    if (p->coord == RZ_TF_CROP_AND_RESIZE) {
        if (!rz_given(g, n, 1)) return gecl_node_fail(n, "tf_crop_and_resize needs input 1 (roi)");
        double roi[2 * GECL_MAX_DIMS];
        const int count = rz_floats(g, n, 1, "roi", roi, 2 * GECL_MAX_DIMS);
        if (count < 0) return GECL_PARAM_INVALID;
        if (count != 2 * r) return gecl_node_fail(n, "input 1 (roi) has %d values, expected 2 x %d dims", count, r);
        const int single = gecl_input_desc(g, n, 1)->dtype != GECL_DT_DOUBLE;
        for (int k = 0; k < r; k++) {
            if (!isfinite(roi[k]) || !isfinite(roi[k + r]))
                return gecl_node_fail(n, "input 1 (roi) has a value that is not finite for axis %d", k);
            p->roi0[k] = roi[k];
            /* the reference subtracts roi's own float32 values in float32 */
            p->rdiff[k] = single ? (double)((float)roi[k + r] - (float)roi[k]) : roi[k + r] - roi[k];
        }
    }
    const gecl_tensor_desc *scales = rz_given(g, n, 2), *sizes = rz_given(g, n, 3);
    if (!scales == !sizes)
        return gecl_node_fail(n, "exactly one of input 2 (scales) and input 3 (sizes) must be given (non-empty)");
    if (scales) {
        double s[GECL_MAX_DIMS];
        if (scales->dtype != GECL_DT_FLOAT)
            return gecl_node_fail(n, "input 2 (scales) has dtype %s, expected DT_FLOAT", gecl_dtype_name(scales->dtype));
        const int count = rz_floats(g, n, 2, "scales", s, GECL_MAX_DIMS);
        if (count < 0) return GECL_PARAM_INVALID;
        if (count != r) return gecl_node_fail(n, "input 2 (scales) has %d values for %d dims", count, r);
        for (int k = 0; k < r; k++) {
            if (!(s[k] > 0) || isinf(s[k])) return gecl_node_fail(n, "scales[%d] = %g is not a positive number", k, s[k]);
            const double want = floor((double)p->in[k] * p->rdiff[k] * s[k]);
            if (!(want >= 0) || want > 0x1p52)
                return gecl_node_fail(n, "scales[%d] = %g (times roi's extent for tf_crop_and_resize) gives axis %d an "
                                         "output size out of range", k, s[k], k);
            p->out[k] = (int64_t)want;
            p->scale[k] = s[k];
            p->width[k] = s[k] * (double)p->in[k];
        }
    } else {
        int64_t v[GECL_MAX_DIMS];
        if (sizes->dtype != GECL_DT_INT64 && sizes->dtype != GECL_DT_INT32)
            return gecl_node_fail(n, "input 3 (sizes) has dtype %s, expected DT_INT32 or DT_INT64", gecl_dtype_name(sizes->dtype));
        const int count = gecl_input_const_ints(g, n, 3, v, GECL_MAX_DIMS);
        if (count < 0) return GECL_PARAM_INVALID; /* message set */
        if (count != r) return gecl_node_fail(n, "input 3 (sizes) has %d values for %d dims", count, r);
        for (int k = 0; k < r; k++) {
            if (v[k] < 0) return gecl_node_fail(n, "sizes[%d] = %lld is negative", k, (long long)v[k]);
            if (v[k] > 0 && p->in[k] == 0) return gecl_node_fail(n, "sizes[%d] = %lld but axis %d of x is empty", k, (long long)v[k], k);
            p->out[k] = v[k];
            p->scale[k] = p->in[k] ? (double)v[k] / (double)p->in[k] : 1;
            p->width[k] = p->scale[k] * (double)p->in[k];
        }
    }
    return GECL_SUCCESS;
}

gecl_status gecl_infer_resize(const gecl_graph *g, gecl_node *n)
{
    rz_plan p;
    gecl_status rc = rz_plan_get(g, n, &p);
    if (rc) return rc;
    n->outs[0] = *gecl_input_desc(g, n, 0);
    for (int k = 0; k < p.rank; k++) n->outs[0].dims[k] = p.out[k];
    return GECL_SUCCESS;
}

/* ---- the host computation (fold), which kernels/resize.cl repeats ---- */

static int64_t rz_clamp(int64_t v, int64_t hi) { return v < 0 ? 0 : v > hi ? hi : v; }

/* The taps of output index o along axis k: source indices (clamped into the axis: edge values)
 * and weights, zero weights left out. Returns how many; 0 when the output is
 * extrapolation_value (tf_crop_and_resize outside the input). */
static int rz_taps(const rz_plan *p, int k, int64_t o, int64_t *idx, double *wt)
{
    const double x = (double)o, len = (double)p->in[k], s = p->scale[k], w = p->width[k];
    double xo;
    switch (p->coord) {
    case RZ_PYTORCH_HALF_PIXEL: xo = w == 1 ? -0.5 : (x + 0.5) / s - 0.5; break;
    case RZ_ALIGN_CORNERS: xo = w == 1 ? 0 : x * (len - 1) / (w - 1); break;
    case RZ_ASYMMETRIC: xo = x / s; break;
    case RZ_TF_HALF_PIXEL_FOR_NN: xo = (x + 0.5) / s; break;
    case RZ_TF_CROP_AND_RESIZE: {
        /* the output length as an integer: the reference's output_width_int */
        const double wi = (double)p->out[k];
        xo = wi == 1 ? p->rdiff[k] * (len - 1) / 2 : x * p->rdiff[k] * (len - 1) / (wi - 1);
        xo += p->roi0[k] * (len - 1);
        if (!(xo >= 0 && xo <= len - 1)) return 0; /* NaN too */
        break;
    }
    default: xo = (x + 0.5) / s - 0.5; break;
    }
    const double fl = floor(xo);
    const int whole = xo == fl;
    const double ratio = whole ? 1 : xo - fl;
    const int taps = p->mode == RZ_CUBIC ? 4 : 2, side = taps / 2;
    /* the left neighbour (ratio in (0, 1]), the window around it kept within [-side, in + side) */
    int64_t start = (int64_t)fl - whole - (side - 1);
    if (start < -side) start = -side;
    if (start > p->in[k] + side - taps) start = p->in[k] + side - taps;
    const int64_t hi = p->in[k] - 1;
    if (p->mode == RZ_NEAREST) {
        int right;
        switch (p->nearest) {
        case RZ_ROUND_PREFER_CEIL: right = ratio >= 0.5; break;
        case RZ_FLOOR: right = whole; break;
        case RZ_CEIL: right = 1; break;
        default: right = ratio > 0.5; break;
        }
        idx[0] = rz_clamp(start + right, hi);
        wt[0] = 1;
        return 1;
    }
    double c[4];
    if (p->mode == RZ_LINEAR) {
        c[0] = 1 - ratio;
        c[1] = ratio;
    } else {
        const double A = p->a, r = ratio, q = 1 - r;
        c[0] = ((A * (r + 1) - 5 * A) * (r + 1) + 8 * A) * (r + 1) - 4 * A;
        c[1] = ((A + 2) * r - (A + 3)) * r * r + 1;
        c[2] = ((A + 2) * q - (A + 3)) * q * q + 1;
        c[3] = ((A * (q + 1) - 5 * A) * (q + 1) + 8 * A) * (q + 1) - 4 * A;
    }
    if (p->exclude) {
        double sum = 0;
        for (int t = 0; t < taps; t++) {
            if (start + t < 0 || start + t > hi) c[t] = 0;
            sum += c[t];
        }
        for (int t = 0; t < taps; t++) c[t] /= sum;
    }
    int m = 0;
    for (int t = 0; t < taps; t++) {
        if (c[t] == 0) continue;
        idx[m] = rz_clamp(start + t, hi);
        wt[m++] = c[t];
    }
    if (m == 0) { /* every weight zero: the sum of nothing */
        idx[0] = rz_clamp(start, hi);
        wt[0] = 0;
        m = 1;
    }
    return m;
}

static double rz_load(gecl_dtype t, const void *v, int64_t i)
{
    switch (t) {
    case GECL_DT_DOUBLE: return ((const double *)v)[i];
    case GECL_DT_FLOAT16: return aclFloat16ToFloat(((const aclFloat16 *)v)[i]);
    default: return ((const float *)v)[i];
    }
}

static void rz_store(gecl_dtype t, void *v, int64_t i, double x)
{
    switch (t) {
    case GECL_DT_DOUBLE: ((double *)v)[i] = x; break;
    case GECL_DT_FLOAT16: ((aclFloat16 *)v)[i] = aclFloatToFloat16((float)x); break;
    default: ((float *)v)[i] = (float)x; break;
    }
}

void gecl_fold_resize(const gecl_graph *g, const gecl_node *n, void *dst)
{
    rz_plan p;
    if (rz_plan_get(g, n, &p)) return; /* inference checked it */
    const gecl_dtype t = n->outs[0].dtype;
    const void *src = gecl_input_const(g, n, 0);
    const int r = p.rank;
    for (int64_t i = 0, total = gecl_desc_numel(&n->outs[0]); i < total; i++) {
        int64_t idx[GECL_MAX_DIMS][4], rest = i, stride = 1;
        double wt[GECL_MAX_DIMS][4];
        int nt[GECL_MAX_DIMS], tap[GECL_MAX_DIMS] = {0}, outside = 0;
        for (int k = r - 1; k >= 0; k--) {
            nt[k] = rz_taps(&p, k, rest % p.out[k], idx[k], wt[k]);
            rest /= p.out[k];
            outside |= nt[k] == 0;
            for (int m = 0; m < nt[k]; m++) idx[k][m] *= stride;
            stride *= p.in[k];
        }
        if (outside) {
            rz_store(t, dst, i, p.extrapolation);
            continue;
        }
        double acc = 0;
        for (;;) { /* every combination of the axes' taps */
            int64_t at = 0;
            double w = 1;
            for (int k = 0; k < r; k++) {
                at += idx[k][tap[k]];
                w *= wt[k][tap[k]];
            }
            acc += w * rz_load(t, src, at);
            int k = r - 1;
            while (k >= 0 && ++tap[k] == nt[k]) tap[k--] = 0;
            if (k < 0) break;
        }
        rz_store(t, dst, i, acc);
    }
}

/* ---- the kernel ---- */

/* A coordinate parameter as a kernel argument: a double's bits where the kernel computes
 * coordinates in double, else a float's. */
static int64_t rz_bits(double v, int fp64)
{
    int64_t b = 0;
    if (fp64) {
        memcpy(&b, &v, sizeof v);
    } else {
        const float f = (float)v;
        int32_t fb;
        memcpy(&fb, &f, sizeof f);
        b = fb;
    }
    return b;
}

gecl_status gecl_lower_resize(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    rz_plan p;
    gecl_status rc = rz_plan_get(g, n, &p);
    if (rc) return rc;
    const int64_t total = gecl_desc_numel(&n->outs[0]);
    if (total == 0) return GECL_SUCCESS;
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    if (x->dtype == GECL_DT_DOUBLE && (rc = gecl_lower_need_fp64(L, n))) return rc;
    const gecl_device_desc *dev = gecl_lower_device(L);
    const int fp64 = !dev || dev->fp64;
    gecl_launch *l = gecl_lower_add(L, n, "resize", "gecl_resize");
    if (!l) return GECL_FAILED;
    const char *t = x->dtype == GECL_DT_DOUBLE ? "double" : x->dtype == GECL_DT_FLOAT16 ? "half" : "float";
    gecl_launch_define(l, "T=%s", t);
    gecl_launch_define(l, "ACC_T=%s", x->dtype == GECL_DT_DOUBLE ? "double" : "float");
    gecl_launch_define(l, "RZ_FP64=%d", fp64);
    gecl_launch_define(l, "RZ_RANK=%d", p.rank);
    gecl_launch_define(l, "RZ_MODE=%d", p.mode);
    gecl_launch_define(l, "RZ_COORD=%d", p.coord);
    gecl_launch_define(l, "RZ_NEAREST_MODE=%d", p.nearest);
    gecl_launch_define(l, "RZ_EXCLUDE=%d", p.exclude);
    gecl_launch_scalar(l, total);
    gecl_launch_scalar(l, rz_bits(p.a, fp64));
    gecl_launch_scalar(l, rz_bits(p.extrapolation, 0)); /* the output's value: a float */
    for (int k = 0; k < p.rank; k++) {
        gecl_launch_scalar(l, p.in[k]);
        gecl_launch_scalar(l, p.out[k]);
        gecl_launch_scalar(l, rz_bits(p.scale[k], fp64));
        gecl_launch_scalar(l, rz_bits(p.width[k], fp64));
        gecl_launch_scalar(l, rz_bits(p.roi0[k], fp64));
        gecl_launch_scalar(l, rz_bits(p.rdiff[k], fp64));
    }
    const size_t local = gecl_tuning_local_1d(dev, (size_t)total);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = ((size_t)total + local - 1) / local * local;
    l->epilogue = 0;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
