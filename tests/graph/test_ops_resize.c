/*
 * test_ops_resize.c: Resize (CANN's image_ops.h prototype, ONNX's semantics) against a CPU
 * reference written here after ONNX's reference implementation (onnx/backend/test/case/node/
 * resize.py): the resize is one 1-D interpolation per axis, the outer axis over the inner ones'
 * results; a 1-D interpolation takes the n nearest indices of the edge-padded input (ties to the
 * smaller) and the mode's coefficients of the fraction. It is written independently of gecl's
 * window arithmetic (src/ops/resize.c) and computes in double.
 *
 * Covered: nearest with each nearest_mode, linear, cubic (cubic_coeff_a, exclude_outside), every
 * coordinate_transformation_mode (tf_crop_and_resize with roi and extrapolation_value), sizes and
 * scales, ranks 1 to 4, float16 and double (where the device has fp64), sizes and roi fed by Data inputs (value inputs), the fold of an
 * all-constant Resize, and refused graphs. Nearest results must be exact; linear and cubic are
 * within a float accumulation of the double reference.
 */
#include "graph_util.h"

#include <math.h>
#include <string.h>

#include "gecl/gecl_rt.h"

enum { M_NEAREST, M_LINEAR, M_CUBIC };

typedef struct rz_case {
    const char *name;
    int rank;
    int64_t in[4];
    int use_sizes;
    int64_t sizes[4];
    float scales[4];
    const char *mode, *coord, *nearest;
    float a;
    int exclude;
    float roi[8];
    float extrapolation;
} rz_case;

/* ---- the reference ---- */

typedef struct ref_rz {
    int mode, exclude, rank;
    const char *coord, *nearest;
    double a, extrapolation;
    double scale[4];
    int64_t in[4], out[4];
    double roi0[4], roi1[4];
} ref_rz;

static int mode_of(const char *m) { return !strcmp(m, "cubic") ? M_CUBIC : !strcmp(m, "linear") ? M_LINEAR : M_NEAREST; }

static int coeffs(const ref_rz *p, double ratio, int whole, double *c)
{
    if (p->mode == M_LINEAR) {
        c[0] = 1 - ratio;
        c[1] = ratio;
        return 2;
    }
    if (p->mode == M_CUBIC) {
        const double A = p->a, r = ratio;
        c[0] = ((A * (r + 1) - 5 * A) * (r + 1) + 8 * A) * (r + 1) - 4 * A;
        c[1] = ((A + 2) * r - (A + 3)) * r * r + 1;
        c[2] = ((A + 2) * (1 - r) - (A + 3)) * (1 - r) * (1 - r) + 1;
        c[3] = ((A * ((1 - r) + 1) - 5 * A) * ((1 - r) + 1) + 8 * A) * ((1 - r) + 1) - 4 * A;
        return 4;
    }
    int right;
    if (whole) right = 1;
    else if (!strcmp(p->nearest, "round_prefer_ceil")) right = ratio >= 0.5;
    else if (!strcmp(p->nearest, "floor")) right = 0;
    else if (!strcmp(p->nearest, "ceil")) right = 1;
    else right = ratio > 0.5;
    c[0] = !right;
    c[1] = right;
    return 2;
}

/* One 1-D interpolation of data[len] at output index x along axis k. */
static double interp_1d(const ref_rz *p, int k, const double *data, int64_t len, int64_t x)
{
    const double s = p->scale[k], w = s * (double)len, X = (double)x;
    double xo;
    if (!strcmp(p->coord, "align_corners")) xo = w == 1 ? 0 : X * (double)(len - 1) / (w - 1);
    else if (!strcmp(p->coord, "asymmetric")) xo = X / s;
    else if (!strcmp(p->coord, "pytorch_half_pixel")) xo = w == 1 ? -0.5 : (X + 0.5) / s - 0.5;
    else if (!strcmp(p->coord, "tf_half_pixel_for_nn")) xo = (X + 0.5) / s;
    else if (!strcmp(p->coord, "tf_crop_and_resize")) {
        const double wi = (double)p->out[k], d = (double)((float)p->roi1[k] - (float)p->roi0[k]);
        xo = wi == 1 ? d * (double)(len - 1) / 2 : X * d * (double)(len - 1) / (wi - 1);
        xo += p->roi0[k] * (double)(len - 1);
        if (xo < 0 || xo > (double)(len - 1)) return p->extrapolation;
    } else xo = (X + 0.5) / s - 0.5;
    const int whole = floor(xo) == xo;
    const double ratio = whole ? 1 : xo - floor(xo);
    double c[4];
    const int n = coeffs(p, ratio, whole, c);
    /* the n nearest positions of the padded input, ties to the smaller */
    const int pad = (n + 1) / 2;
    const int64_t plen = len + 2 * pad;
    int64_t pick[4];
    char used[64] = {0};
    for (int j = 0; j < n; j++) {
        int64_t best = -1;
        for (int64_t q = 0; q < plen; q++) {
            if (used[q]) continue;
            if (best < 0 || fabs(xo + pad - (double)q) < fabs(xo + pad - (double)best)) best = q;
        }
        used[best] = 1;
        pick[j] = best;
    }
    for (int j = 0; j < n; j++) /* ascending */
        for (int q = j + 1; q < n; q++)
            if (pick[q] < pick[j]) {
                const int64_t t = pick[q];
                pick[q] = pick[j];
                pick[j] = t;
            }
    if (p->exclude) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            if (pick[j] - pad < 0 || pick[j] - pad >= len) c[j] = 0;
            sum += c[j];
        }
        for (int j = 0; j < n; j++) c[j] /= sum;
    }
    double v = 0;
    for (int j = 0; j < n; j++) {
        int64_t src = pick[j] - pad;
        src = src < 0 ? 0 : src >= len ? len - 1 : src;
        if (c[j] != 0) v += c[j] * data[src];
    }
    return v;
}

/* Output element at coordinates o[k..] of the sub-tensor `data` (axes k.. of the input). */
static double interp_nd(const ref_rz *p, int k, const double *data, const int64_t *o)
{
    const int64_t len = p->in[k];
    if (k == p->rank - 1) return interp_1d(p, k, data, len, o[k]);
    int64_t inner = 1;
    for (int j = k + 1; j < p->rank; j++) inner *= p->in[j];
    double line[64];
    for (int64_t i = 0; i < len; i++) line[i] = interp_nd(p, k + 1, data + i * inner, o);
    return interp_1d(p, k, line, len, o[k]);
}

static void ref_resize(const ref_rz *p, const double *x, double *y)
{
    const int64_t total = ref_numel(p->out, p->rank);
    for (int64_t i = 0; i < total; i++) {
        int64_t o[4], r = i;
        for (int k = p->rank - 1; k >= 0; k--) {
            o[k] = r % p->out[k];
            r /= p->out[k];
        }
        y[i] = interp_nd(p, 0, x, o);
    }
}

/* ---- running ---- */

static void plan_of(const rz_case *c, ref_rz *p)
{
    memset(p, 0, sizeof *p);
    p->rank = c->rank;
    p->mode = mode_of(c->mode);
    p->coord = c->coord;
    p->nearest = c->nearest ? c->nearest : "round_prefer_floor";
    p->a = c->a != 0 ? c->a : -0.75;
    p->exclude = c->exclude;
    p->extrapolation = c->extrapolation;
    for (int k = 0; k < c->rank; k++) {
        p->in[k] = c->in[k];
        p->roi0[k] = c->roi[k];
        p->roi1[k] = c->roi[k + c->rank];
        const double extent = strcmp(c->coord, "tf_crop_and_resize") ? 1 : (double)(c->roi[k + c->rank] - c->roi[k]);
        p->out[k] = c->use_sizes ? c->sizes[k] : (int64_t)floor((double)c->in[k] * extent * (double)c->scales[k]);
        p->scale[k] = c->use_sizes ? (double)c->sizes[k] / (double)c->in[k] : (double)c->scales[k];
    }
}

static void set_attrs(gg_graph *g, int32_t op, const rz_case *c)
{
    gg_attr_string(g, op, "mode", c->mode);
    gg_attr_string(g, op, "coordinate_transformation_mode", c->coord);
    if (c->nearest) gg_attr_string(g, op, "nearest_mode", c->nearest);
    if (c->a != 0) GG_OK(gecl_graph_set_attr_float(g->graph, op, "cubic_coeff_a", c->a));
    if (c->exclude) gg_attr_int(g, op, "exclude_outside", 1);
    if (c->extrapolation != 0) GG_OK(gecl_graph_set_attr_float(g->graph, op, "extrapolation_value", c->extrapolation));
}

/* Runs case c with x fed as `dtype` (float, float16 or double), sizes and roi as Data inputs when
 * `data_values`, or everything constant (folded) when `fold`. */
static int run_case(const rz_case *c, gecl_dtype dtype, int data_values, int fold)
{
    ref_rz p;
    plan_of(c, &p);
    const int r = c->rank;
    const int64_t n_in = ref_numel(c->in, r), n_out = ref_numel(p.out, r);
    float *x = gg_rand_f32((size_t)n_in, -1, 1);
    uint16_t *xh = gg_alloc((size_t)n_in * sizeof *xh);
    double *xd = gg_alloc((size_t)n_in * sizeof *xd), *want = gg_alloc((size_t)n_out * sizeof *want);
    for (int64_t i = 0; i < n_in; i++) {
        xh[i] = ref_f32_to_f16(x[i]);
        xd[i] = dtype == GECL_DT_FLOAT16 ? ref_f16_to_f32(xh[i]) : x[i];
    }
    ref_resize(&p, xd, want);

    char name[160];
    snprintf(name, sizeof name, "%s%s%s%s", c->name,
             dtype == GECL_DT_FLOAT16 ? " (float16)" : dtype == GECL_DT_DOUBLE ? " (double)" : "",
             data_values ? " (Data sizes/roi)" : "", fold ? " (folded)" : "");
    gg_log("%s", name);
    gg_graph *g = gg_new(name);
    const gecl_tensor_desc xdesc = gg_desc(dtype, GECL_FORMAT_ND, r, c->in);
    const void *xhost = dtype == GECL_DT_FLOAT16 ? (const void *)xh : dtype == GECL_DT_DOUBLE ? (const void *)xd : (const void *)x;
    gecl_port xp = fold ? gg_const(g, "x", xdesc, xhost) : gg_data(g, "x", xdesc, xhost);
    gecl_port roi = GG_NO_PORT, scales = GG_NO_PORT, sizes = GG_NO_PORT;
    const gecl_tensor_desc vec = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(r));
    if (!strcmp(c->coord, "tf_crop_and_resize")) {
        const gecl_tensor_desc rd = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(2 * r));
        roi = data_values ? gg_data(g, "roi", rd, c->roi) : gg_const(g, "roi", rd, c->roi);
    }
    if (c->use_sizes) {
        const gecl_tensor_desc sd = gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(r));
        sizes = data_values ? gg_data(g, "sizes", sd, c->sizes) : gg_const(g, "sizes", sd, c->sizes);
    } else {
        scales = gg_const(g, "scales", vec, c->scales);
    }
    const gecl_port in[4] = {xp, roi, scales, sizes};
    const int32_t op = gg_op(g, "resize", "Resize", c->use_sizes ? 4 : 3, in);
    set_attrs(g, op, c);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    if (!gg_shape_is(name, &y, dtype, r, p.out)) return 0;
    const int exact = p.mode == M_NEAREST;
    const double rel = dtype == GECL_DT_FLOAT16 ? GG_REL_F16 : exact ? 0 : dtype == GECL_DT_DOUBLE ? 1e-12 : 1e-5;
    const double abs = exact && dtype != GECL_DT_FLOAT16 ? 0 : dtype == GECL_DT_DOUBLE ? 1e-12 : 1e-5;
    return gg_close(name, &y, want, NULL, (size_t)n_out, rel, abs);
}

static const rz_case cases[] = {
    /* nearest: every nearest_mode, ties (asymmetric x2 lands on halves) */
    {"nearest half_pixel sizes", 4, {1, 2, 4, 5}, 1, {1, 2, 7, 3}, {0}, "nearest", "half_pixel", NULL, 0, 0, {0}, 0},
    {"nearest round_prefer_ceil asymmetric", 4, {2, 1, 3, 4}, 0, {0}, {1, 1, 2, 0.5f}, "nearest", "asymmetric",
     "round_prefer_ceil", 0, 0, {0}, 0},
    {"nearest round_prefer_floor asymmetric", 2, {3, 4}, 0, {0}, {2, 2.5f}, "nearest", "asymmetric", NULL, 0, 0, {0}, 0},
    {"nearest floor align_corners", 2, {4, 5}, 1, {7, 9}, {0}, "nearest", "align_corners", "floor", 0, 0, {0}, 0},
    {"nearest ceil tf_half_pixel_for_nn", 3, {2, 4, 4}, 1, {3, 3, 2}, {0}, "nearest", "tf_half_pixel_for_nn", "ceil", 0, 0,
     {0}, 0},
    {"nearest pytorch_half_pixel to one", 1, {6}, 1, {1}, {0}, "nearest", "pytorch_half_pixel", NULL, 0, 0, {0}, 0},
    /* linear */
    {"linear half_pixel scales", 4, {1, 2, 4, 5}, 0, {0}, {1, 1, 0.6f, 1.7f}, "linear", "half_pixel", NULL, 0, 0, {0}, 0},
    {"linear pytorch_half_pixel", 3, {2, 5, 4}, 1, {2, 1, 7}, {0}, "linear", "pytorch_half_pixel", NULL, 0, 0, {0}, 0},
    {"linear align_corners scales", 2, {3, 4}, 0, {0}, {2, 0.6f}, "linear", "align_corners", NULL, 0, 0, {0}, 0},
    {"linear asymmetric", 1, {5}, 1, {9}, {0}, "linear", "asymmetric", NULL, 0, 0, {0}, 0},
    {"linear exclude_outside", 2, {3, 3}, 1, {5, 2}, {0}, "linear", "half_pixel", NULL, 0, 1, {0}, 0},
    /* cubic */
    {"cubic half_pixel", 4, {1, 1, 4, 4}, 0, {0}, {1, 1, 2, 0.75f}, "cubic", "half_pixel", NULL, 0, 0, {0}, 0},
    {"cubic A=-0.5 exclude_outside", 2, {4, 5}, 1, {7, 3}, {0}, "cubic", "half_pixel", NULL, -0.5f, 1, {0}, 0},
    {"cubic align_corners", 2, {4, 4}, 0, {0}, {2, 0.5f}, "cubic", "align_corners", NULL, 0, 0, {0}, 0},
    {"cubic asymmetric", 3, {2, 3, 4}, 1, {2, 6, 8}, {0}, "cubic", "asymmetric", NULL, 0, 0, {0}, 0},
    /* tf_crop_and_resize: roi, extrapolation outside it; scales times roi's extent */
    {"tf_crop_and_resize linear", 4, {1, 1, 4, 4}, 1, {1, 1, 3, 3}, {0}, "linear", "tf_crop_and_resize", NULL, 0, 0,
     {0, 0, 0.4f, 0.6f, 1, 1, 1.2f, 1.7f}, 10},
    {"tf_crop_and_resize nearest scales", 2, {5, 6}, 0, {0}, {2, 1.5f}, "nearest", "tf_crop_and_resize", NULL, 0, 0,
     {0.1f, -0.2f, 0.9f, 0.8f}, -3},
    {"tf_crop_and_resize cubic", 2, {4, 4}, 1, {3, 5}, {0}, "cubic", "tf_crop_and_resize", NULL, 0, 0,
     {0.2f, 0.1f, 0.8f, 1.1f}, 0.5f},
};
#define N_CASES (sizeof cases / sizeof cases[0])

static void test_resize_modes(void **state)
{
    (void)state;
    gg_seed(11);
    int failures = 0;
    for (size_t i = 0; i < N_CASES; i++) failures += !run_case(&cases[i], GECL_DT_FLOAT, 0, 0);
    GG_NO_FAILURES(failures);
}

/* sizes (int64) and roi as graph inputs: the graph compiles per their values. */
static void test_resize_value_inputs(void **state)
{
    (void)state;
    gg_seed(12);
    int failures = !run_case(&cases[0], GECL_DT_FLOAT, 1, 0);
    failures += !run_case(&cases[15], GECL_DT_FLOAT, 1, 0);
    GG_NO_FAILURES(failures);
}

/* float16 (computed in float), double where the device has fp64, and folds. */
static void test_resize_dtypes_and_fold(void **state)
{
    (void)state;
    gg_seed(13);
    gecl_device_desc dev;
    GG_OK(gecl_rt_describe_device(0, &dev) == ACL_SUCCESS ? GECL_SUCCESS : GECL_FAILED);
    int failures = !run_case(&cases[6], GECL_DT_FLOAT16, 0, 0);
    failures += !run_case(&cases[1], GECL_DT_FLOAT16, 0, 0);
    if (dev.fp64) failures += !run_case(&cases[13], GECL_DT_DOUBLE, 0, 0);
    failures += !run_case(&cases[12], GECL_DT_FLOAT, 0, 1);
    failures += !run_case(&cases[16], GECL_DT_FLOAT, 0, 1);
    GG_NO_FAILURES(failures);
}

static void test_resize_refused(void **state)
{
    (void)state;
    int failures = 0;
    const float x[4] = {1, 2, 3, 4}, s[2] = {2, 2};
    const int64_t sz[2] = {3, 3};
    for (int bad = 0; bad < 4; bad++) {
        gg_graph *g = gg_new("refused");
        gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 2)), x);
        gecl_port sp = gg_const(g, "scales", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(bad == 2 ? 1 : 2)), s);
        gecl_port zp = gg_const(g, "sizes", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(2)), sz);
        int32_t op;
        if (bad == 0) op = GG_OP(g, "bad", "Resize", xp, GG_NO_PORT, sp, zp); /* both */
        else if (bad == 3) op = GG_OP(g, "bad", "Resize", xp);                 /* neither */
        else op = GG_OP(g, "bad", "Resize", xp, GG_NO_PORT, sp);
        if (bad == 1) gg_attr_string(g, op, "mode", "area");
        failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "bad");
    }
    /* tf_crop_and_resize without roi */
    gg_graph *g = gg_new("no roi");
    gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 2)), x);
    int32_t op = GG_OP(g, "bad", "Resize", xp, GG_NO_PORT, gg_const(g, "s", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(2)), s));
    gg_attr_string(g, op, "coordinate_transformation_mode", "tf_crop_and_resize");
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "bad");
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_resize_modes),
        GG_TEST(test_resize_value_inputs),
        GG_TEST(test_resize_dtypes_and_fold),
        GG_TEST(test_resize_refused),
    };
    return GG_RUN_GROUP(tests);
}
