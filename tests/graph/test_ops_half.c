/*
 * test_ops_half.c: float16 and bfloat16 tensors for the ops whose kernels compute float (the
 * matrix products, Conv2D, pools, softmax, the norms, Cumsum, TopK). CANN's prototypes list
 * float16 (and bfloat16) for them; its units widen to float and round the result once, and gecl
 * computes them the same way (src/compile/widen.c).
 *
 * The check is exact: each case runs twice on the same values, once with 16-bit tensors and once
 * with float32 tensors holding the same (already 16-bit) values. Every 16-bit result must be the
 * float32 result rounded to nearest even, bit for bit. The float32 path itself is checked against
 * CPU references by the op family's own tests; here one Conv2D is also compared with a double
 * reference, to one 16-bit rounding plus the float accumulation bound (graph_util.h).
 */
#include "graph_util.h"

#include <math.h>
#include <string.h>

/* float -> bfloat16 bits, rounded to nearest even; a NaN stays a (quiet) NaN. */
static uint16_t to_bf16(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

static float from_bf16(uint16_t h)
{
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint16_t to_16(gecl_dtype t, float f) { return t == GECL_DT_BF16 ? to_bf16(f) : ref_f32_to_f16(f); }
static float from_16(gecl_dtype t, uint16_t h) { return t == GECL_DT_BF16 ? from_bf16(h) : ref_f16_to_f32(h); }

#define MAX_IN 3
#define MAX_OUT 3

typedef struct half_case {
    const char *name;
    const char *op;
    int n_in;
    int rank[MAX_IN];
    int64_t dims[MAX_IN][4];
    unsigned consts;     /* inputs given as Const (weights: their Cast folds at compile) */
    unsigned f32_inputs; /* inputs that stay float32 beside 16-bit ones (Conv2D's bias) */
    int n_out;           /* outputs compared (all 16-bit) */
    void (*attrs)(gg_graph *g, int32_t node);
    int relu_after;      /* a Relu on the 16-bit output: fuses with the Cast back */
} half_case;

static void conv_attrs(gg_graph *g, int32_t n)
{
    GG_ATTR_INTS(g, n, "strides", 1, 1, 1, 1);
    GG_ATTR_INTS(g, n, "pads", 1, 1, 1, 1);
    gg_attr_string(g, n, "data_format", "NCHW");
}

static void conv_s2_attrs(gg_graph *g, int32_t n)
{
    GG_ATTR_INTS(g, n, "strides", 1, 1, 2, 2);
    GG_ATTR_INTS(g, n, "pads", 0, 1, 0, 1);
    gg_attr_string(g, n, "data_format", "NCHW");
}

static void pool_attrs(gg_graph *g, int32_t n)
{
    GG_ATTR_INTS(g, n, "ksize", 1, 1, 3, 3);
    GG_ATTR_INTS(g, n, "strides", 1, 1, 2, 2);
    GG_ATTR_INTS(g, n, "pads", 1, 1, 1, 1);
}

static void mm_t2_attrs(gg_graph *g, int32_t n) { gg_attr_bool(g, n, "transpose_x2", 1); }
static void softmax_attrs(gg_graph *g, int32_t n) { GG_ATTR_INTS(g, n, "axes", -1); }
static void softmax_axis1_attrs(gg_graph *g, int32_t n) { GG_ATTR_INTS(g, n, "axes", 1); }

static void layer_norm_attrs(gg_graph *g, int32_t n)
{
    gg_attr_int(g, n, "begin_norm_axis", -1);
    gg_attr_int(g, n, "begin_params_axis", -1);
}

static const half_case CASES[] = {
    {"Conv2D 3x3 float bias", "Conv2D", 3, {4, 4, 1}, {{1, 3, 9, 9}, {5, 3, 3, 3}, {5}}, 2u | 4u, 4u, 1, conv_attrs, 0},
    {"Conv2D 3x3/2 16-bit bias + Relu", "Conv2D", 3, {4, 4, 1}, {{2, 4, 8, 8}, {6, 4, 3, 3}, {6}}, 2u | 4u, 0, 1,
     conv_s2_attrs, 1},
    {"Conv2D weights as Data", "Conv2D", 2, {4, 4}, {{1, 2, 5, 5}, {3, 2, 3, 3}}, 0, 0, 1, conv_attrs, 0},
    {"MatMulV2", "MatMulV2", 2, {2, 2}, {{5, 37}, {37, 6}}, 0, 0, 1, NULL, 0},
    {"MatMulV2 transpose_x2 const", "MatMulV2", 2, {2, 2}, {{4, 19}, {7, 19}}, 2u, 0, 1, mm_t2_attrs, 1},
    {"BatchMatMulV2", "BatchMatMulV2", 2, {3, 3}, {{2, 3, 4}, {2, 4, 5}}, 0, 0, 1, NULL, 0},
    {"MaxPoolV3", "MaxPoolV3", 1, {4}, {{1, 2, 7, 7}}, 0, 0, 1, pool_attrs, 0},
    {"AvgPoolV2", "AvgPoolV2", 1, {4}, {{1, 3, 7, 7}}, 0, 0, 1, pool_attrs, 0},
    {"SoftmaxV2", "SoftmaxV2", 1, {2}, {{3, 33}}, 0, 0, 1, softmax_attrs, 0},
    {"SoftmaxV2 axis 1", "SoftmaxV2", 1, {3}, {{2, 5, 3}}, 0, 0, 1, softmax_axis1_attrs, 0},
    {"LogSoftmaxV2", "LogSoftmaxV2", 1, {2}, {{4, 17}}, 0, 0, 1, softmax_attrs, 0},
    {"LayerNorm (y, mean, variance)", "LayerNorm", 3, {3, 1, 1}, {{2, 3, 16}, {16}, {16}}, 2u | 4u, 0, 3,
     layer_norm_attrs, 0},
};

/* Values in [-2, 2] that the 16-bit type holds exactly, as float and as bits. */
static void make_input(gecl_dtype t, size_t n, float **f, uint16_t **h)
{
    float *r = gg_rand_f32(n, -2, 2);
    *h = gg_alloc(n * sizeof **h + 2);
    for (size_t i = 0; i < n; i++) {
        (*h)[i] = to_16(t, r[i]);
        r[i] = from_16(t, (*h)[i]);
    }
    *f = r;
}

/* One graph of the case, its inputs in `t` (float32 inputs listed in f32_inputs stay so). */
static int run_graph(const half_case *c, gecl_dtype t, void *const *data, gecl_tensor *out)
{
    char name[160];
    snprintf(name, sizeof name, "%s %s", c->name, gecl_dtype_name(t));
    gg_graph *g = gg_new(name);
    gecl_port in[MAX_IN];
    for (int i = 0; i < c->n_in; i++) {
        const gecl_dtype it = c->f32_inputs >> i & 1 ? GECL_DT_FLOAT : t;
        const gecl_tensor_desc d = gg_desc(it, c->rank[i] == 4 ? GECL_FORMAT_NCHW : GECL_FORMAT_ND, c->rank[i],
                                           c->dims[i]);
        char iname[16];
        snprintf(iname, sizeof iname, "in%d", i);
        in[i] = c->consts >> i & 1 ? gg_const(g, iname, d, data[i]) : gg_data(g, iname, d, data[i]);
    }
    int32_t node = gg_op(g, "op", c->op, (size_t)c->n_in, in);
    if (c->attrs) c->attrs(g, node);
    gecl_port outs[MAX_OUT];
    for (int o = 0; o < c->n_out; o++) outs[o] = (gecl_port){node, o};
    if (c->relu_after) outs[0] = gg_port(GG_OP(g, "relu", "Relu", outs[0]));
    return gg_try_run(g, (size_t)c->n_out, outs, out);
}

/* Every 16-bit result is the float32 result rounded to nearest even. */
static int same_rounded(const char *what, gecl_dtype t, const gecl_tensor *h, const gecl_tensor *f)
{
    if (h->desc.dtype != t || f->desc.dtype != GECL_DT_FLOAT || h->desc.ndim != f->desc.ndim ||
        memcmp(h->desc.dims, f->desc.dims, sizeof h->desc.dims[0] * h->desc.ndim) != 0) {
        print_message("%s: output is %s, the float32 graph's %s (or the shapes differ)\n", what,
                      gecl_dtype_name(h->desc.dtype), gecl_dtype_name(f->desc.dtype));
        return 0;
    }
    const size_t n = (size_t)ref_numel(f->desc.dims, (int)f->desc.ndim);
    const uint16_t *hb = h->data;
    const float *fv = f->data;
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        if (hb[i] != to_16(t, fv[i]) && bad++ < 4)
            print_message("%s: [%zu] = 0x%04x, float32 gives %.9g (0x%04x rounded)\n", what, i, hb[i], fv[i],
                          to_16(t, fv[i]));
    if (bad) print_message("%s: %zu of %zu elements differ\n", what, bad, n);
    return bad == 0;
}

static int run_case(const half_case *c, gecl_dtype t)
{
    void *h_in[MAX_IN], *f_in[MAX_IN];
    for (int i = 0; i < c->n_in; i++) {
        const size_t n = (size_t)ref_numel(c->dims[i], c->rank[i]);
        float *f;
        uint16_t *h;
        make_input(t, n, &f, &h);
        f_in[i] = f;
        h_in[i] = c->f32_inputs >> i & 1 ? (void *)f : (void *)h;
    }
    gecl_tensor ho[MAX_OUT], fo[MAX_OUT];
    if (!run_graph(c, t, h_in, ho) || !run_graph(c, GECL_DT_FLOAT, f_in, fo)) return 0;
    int ok = 1;
    for (int o = 0; o < c->n_out; o++) {
        char what[200];
        snprintf(what, sizeof what, "%s %s output %d", c->name, gecl_dtype_name(t), o);
        ok &= same_rounded(what, t, &ho[o], &fo[o]);
    }
    return ok;
}

static void test_half_cases(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(16);
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        gg_log("case %s", CASES[i].name);
        failures += !run_case(&CASES[i], GECL_DT_FLOAT16);
        failures += !run_case(&CASES[i], GECL_DT_BF16);
    }
    GG_NO_FAILURES(failures);
}

/* Conv2D in float16 against a double reference: one rounding to float16 (2^-11 relative) on top
 * of the float accumulation bound. */
static void test_half_conv_reference(void **state)
{
    (void)state;
    gg_seed(17);
    const ref_conv2d p = {.n = 1, .c = 4, .h = 6, .w = 6, .o = 3, .kh = 3, .kw = 3, .sh = 1, .sw = 1,
                          .dh = 1, .dw = 1, .pt = 1, .pb = 1, .pl = 1, .pr = 1, .groups = 1};
    float *x, *w;
    uint16_t *xh, *wh;
    make_input(GECL_DT_FLOAT16, 144, &x, &xh);
    make_input(GECL_DT_FLOAT16, 108, &w, &wh);
    double *xd = gg_f64_of_f32(x, 144), *wd = gg_f64_of_f32(w, 108);
    double *ref = gg_alloc(108 * sizeof *ref), *mag = gg_alloc(108 * sizeof *mag);
    ref_conv2d_nchw(&p, xd, wd, NULL, ref, mag);
    gg_graph *g = gg_new("conv f16 reference");
    gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT16, GECL_FORMAT_NCHW, 4, GG_DIMS(1, 4, 6, 6)), xh);
    gecl_port wp = gg_const(g, "w", gg_desc(GECL_DT_FLOAT16, GECL_FORMAT_NCHW, 4, GG_DIMS(3, 4, 3, 3)), wh);
    int32_t conv = GG_OP(g, "conv", "Conv2D", xp, wp);
    conv_attrs(g, conv);
    gecl_tensor y = gg_run1(g, gg_port(conv));
    assert_true(gg_shape_is("conv f16", &y, GECL_DT_FLOAT16, 4, GG_DIMS(1, 3, 6, 6)));
    int bad = 0;
    for (size_t i = 0; i < 108; i++) {
        const double got = ref_f16_to_f32(((const uint16_t *)y.data)[i]);
        const double bound = 0x1p-11 * fabs(ref[i]) + GG_REL_ACC * mag[i] + GG_ABS_ACC;
        if (fabs(got - ref[i]) > bound && bad++ < 4)
            print_message("conv f16 [%zu] = %.9g, reference %.9g (bound %.3g)\n", i, got, ref[i], bound);
    }
    assert_int_equal(bad, 0);
}

/* Types with no float computation are still refused, naming what the op takes. */
static void test_half_refusals(void **state)
{
    (void)state;
    int32_t xi[16] = {0};
    gg_graph *g = gg_new("softmax int32");
    gecl_port x = gg_data(g, "x", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, GG_DIMS(4, 4)), xi);
    int32_t s = GG_OP(g, "softmax", "SoftmaxV2", x);
    assert_true(gg_expect_invalid(g, 1, GG_PORTS(gg_port(s)), "softmax"));
    assert_non_null(strstr(gecl_last_error(), "DT_INT32"));
    assert_non_null(strstr(gecl_last_error(), "DT_FLOAT16"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_half_cases),
        GG_TEST(test_half_conv_reference),
        GG_TEST(test_half_refusals),
    };
    return GG_RUN_GROUP(tests);
}
