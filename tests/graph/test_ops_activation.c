/*
 * test_ops_activation.c: elementwise ops whose expressions read attributes (Elu, CeluV2,
 * LeakyRelu, HardSigmoid, ThresholdedRelu, Shrink: the values must reach both the generated
 * kernel and constant folding), ops with a bool output (comparisons) or three inputs (SelectV2,
 * ClipByValue, fused with their producers), the integer helpers (Pow, Mod, FloorMod, shifts) and
 * the refusal of DT_DOUBLE on a device without cl_khr_fp64, and DT_BF16 conversions. Each case runs twice: the inputs as
 * Data (a generated kernel) and as Const (folded on the host at compile time), both against a
 * double-precision CPU reference written here.
 *
 * Tolerance: the activations use exp (3 ulp) and a few exact operations: TRANSC (1e-5 relative,
 * 1e-6 absolute, graph_util.h); integer and bool results are exact.
 */
#include "graph_util.h"

#include <math.h>

#include "gecl/gecl_rt.h"

/* ---- activations with attributes ---- */

typedef enum act { ELU, CELU, LEAKY, HARD_SIGMOID, THRESHOLDED, SHRINK } act;

typedef struct act_case {
    const char *type;
    act op;
    int n_attrs;
    const char *names[3];
    float values[3];     /* set on the node; unset attributes take op_attrs.h's defaults */
    double a[3];         /* the values the reference uses (defaults filled in) */
} act_case;

static const act_case ACT[] = {
    {"Elu", ELU, 3, {"alpha", "scale", "input_scale"}, {2.0f, 1.5f, 0.5f}, {2.0, 1.5, 0.5}},
    {"Elu", ELU, 0, {0}, {0}, {1.0, 1.0, 1.0}},
    {"CeluV2", CELU, 1, {"alpha"}, {2.0f}, {2.0}},
    {"LeakyRelu", LEAKY, 1, {"negative_slope"}, {0.1f}, {(double)0.1f}},
    {"LeakyRelu", LEAKY, 0, {0}, {0}, {0.0}},
    {"HardSigmoid", HARD_SIGMOID, 2, {"alpha", "beta"}, {0.5f, 0.6f}, {0.5, (double)0.6f}},
    {"HardSigmoid", HARD_SIGMOID, 0, {0}, {0}, {(double)0.16666666f, 0.5}},
    {"ThresholdedRelu", THRESHOLDED, 1, {"alpha"}, {2.0f}, {2.0}},
    {"Shrink", SHRINK, 2, {"lambd", "bias"}, {1.5f, 1.5f}, {1.5, 1.5}},
    {"Shrink", SHRINK, 1, {"lambd"}, {1.5f}, {1.5, 0.0}},
};

static double act_ref(const act_case *c, double x)
{
    const double *a = c->a;
    switch (c->op) {
    case ELU: return x > 0 ? a[1] * x : a[1] * a[0] * (exp(a[2] * x) - 1);
    case CELU: return fmax(0, x) + fmin(0, a[0] * (exp(x / a[0]) - 1));
    case LEAKY: return x > 0 ? x : a[0] * x;
    case HARD_SIGMOID: return fmax(0, fmin(1, a[0] * x + a[1]));
    case THRESHOLDED: return x > a[0] ? x : 0;
    case SHRINK: return x < -a[0] ? x + a[1] : x > a[0] ? x - a[1] : 0;
    }
    return 0;
}

static int run_act(const act_case *c, int as_const)
{
    const int64_t dims[] = {3, 5, 7};
    const size_t n = 105;
    float *x = gg_rand_f32(n, -4, 4);
    double *ref = gg_alloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++) ref[i] = act_ref(c, x[i]);
    char name[96];
    snprintf(name, sizeof name, "%s (%d attributes%s)", c->type, c->n_attrs, as_const ? ", folded" : "");
    gg_graph *g = gg_new(name);
    const gecl_tensor_desc d = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, dims);
    gecl_port in = as_const ? gg_const(g, "x", d, x) : gg_data(g, "x", d, x);
    int32_t op = GG_OP(g, "op", c->type, in);
    for (int k = 0; k < c->n_attrs; k++) GG_OK(gecl_graph_set_attr_float(g->graph, op, c->names[k], c->values[k]));
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return gg_expect(name, &y, 3, dims, ref, NULL, GG_REL_TRANSC, GG_ABS_TRANSC);
}

static void test_activations_with_attributes(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(11);
    for (size_t i = 0; i < sizeof ACT / sizeof ACT[0]; i++) {
        failures += !run_act(&ACT[i], 0);
        failures += !run_act(&ACT[i], 1);
    }
    GG_NO_FAILURES(failures);
}

/* Two LeakyRelus with different slopes in one fused kernel: each keeps its own value. */
static void test_attributes_in_one_kernel(void **state)
{
    (void)state;
    const int64_t dims[] = {64};
    float *x = gg_rand_f32(64, -4, 4);
    double *ref = gg_alloc(64 * sizeof *ref);
    for (int i = 0; i < 64; i++) {
        const double t = x[i] > 0 ? x[i] : (double)0.25f * x[i];
        ref[i] = t > 0 ? t : (double)0.5f * t;
    }
    gg_graph *g = gg_new("two slopes");
    gecl_port in = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, dims), x);
    int32_t a = GG_OP(g, "a", "LeakyRelu", in);
    GG_OK(gecl_graph_set_attr_float(g->graph, a, "negative_slope", 0.25f));
    int32_t b = GG_OP(g, "b", "LeakyRelu", gg_port(a));
    GG_OK(gecl_graph_set_attr_float(g->graph, b, "negative_slope", 0.5f));
    gecl_tensor y;
    gg_run(g, 1, GG_PORTS(gg_port(b)), &y);
    GG_NO_FAILURES(!gg_expect("two slopes", &y, 1, dims, ref, NULL, GG_REL_EXACT, GG_ABS_EXACT));
}

/* ---- bool outputs and three inputs ---- */

/* y = SelectV2(Greater(a, b), a * 2, ClipByValue(b, lo, hi)) with a [4, 6], b [6], lo [4, 1] and
 * hi a scalar, plus Less(a, b) as a second (bool) output: everything broadcasts, the select and
 * its producers fuse into one kernel. */
static int run_select(int as_const)
{
    const int64_t ad[] = {4, 6}, bd[] = {6}, lod[] = {4, 1};
    float *a = gg_rand_f32(24, -3, 3), *b = gg_rand_f32(6, -3, 3), *lo = gg_rand_f32(4, -2, 0);
    const float hi = 1.0f, two = 2.0f;
    double *ref = gg_alloc(24 * sizeof *ref);
    int64_t *less = gg_alloc(24 * sizeof *less);
    a[0] = b[0]; /* equal operands: not greater, not less */
    for (int i = 0; i < 24; i++) {
        const double x = a[i], y = b[i % 6], clip = fmin(fmax(y, lo[i / 6]), hi);
        ref[i] = x > y ? 2 * x : clip;
        less[i] = x < y;
    }
    char name[64];
    snprintf(name, sizeof name, "select/clip%s", as_const ? " (folded)" : "");
    gg_graph *g = gg_new(name);
    const gecl_tensor_desc da = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, ad), db = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, bd);
    gecl_port pa = as_const ? gg_const(g, "a", da, a) : gg_data(g, "a", da, a);
    gecl_port pb = as_const ? gg_const(g, "b", db, b) : gg_data(g, "b", db, b);
    gecl_port plo = gg_const(g, "lo", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, lod), lo);
    gecl_port phi = gg_const(g, "hi", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &hi);
    gecl_port ptwo = gg_const(g, "two", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &two);
    int32_t gt = GG_OP(g, "gt", "Greater", pa, pb);
    int32_t twice = GG_OP(g, "twice", "Mul", pa, ptwo);
    int32_t clip = GG_OP(g, "clip", "ClipByValue", pb, plo, phi);
    int32_t sel = GG_OP(g, "sel", "SelectV2", gg_port(gt), gg_port(twice), gg_port(clip));
    int32_t lt = GG_OP(g, "lt", "Less", pa, pb);
    /* Greater, Mul and ClipByValue fuse into the select's kernel; Less has one of its own */
    const size_t kernels = gg_kernel_count(g, 2, GG_PORTS(gg_port(sel), gg_port(lt)));
    if (kernels != (as_const ? 0u : 2u)) {
        fprintf(stderr, "%s: %zu kernels, expected %d\n", name, kernels, as_const ? 0 : 2);
        return 0;
    }
    gecl_tensor y[2];
    if (!gg_try_run(g, 2, GG_PORTS(gg_port(sel), gg_port(lt)), y)) return 0;
    return gg_expect(name, &y[0], 2, ad, ref, NULL, GG_REL_EXACT, GG_ABS_EXACT) &&
           gg_shape_is(name, &y[1], GECL_DT_BOOL, 2, ad) && gg_equal_ints(name, &y[1], less, 24);
}

static void test_select_compare_clip(void **state)
{
    (void)state;
    gg_seed(12);
    GG_NO_FAILURES(!run_select(0) + !run_select(1));
}

/* ---- integer helpers ---- */

typedef struct int_case {
    const char *type;
    gecl_dtype dt;
    int64_t a[8], b[8], want[8];
} int_case;

static const int_case INTS[] = {
    {"Pow", GECL_DT_INT32, {2, -3, 7, 0, 1, -1, 2, 5}, {10, 3, 0, 5, -4, -3, -1, 2}, {1024, -27, 1, 0, 1, -1, 0, 25}},
    /* truncated: the dividend's sign; by zero: 0 */
    {"Mod", GECL_DT_INT32, {7, -7, 7, -7, 5, 0, 9, -9}, {3, 3, -3, -3, 0, 4, 1, -1}, {1, -1, 1, -1, 0, 0, 0, 0}},
    /* floored: the divisor's sign */
    {"FloorMod", GECL_DT_INT64, {7, -7, 7, -7, 5, 0, 9, -9}, {3, 3, -3, -3, 0, 4, 1, -1}, {1, 2, -2, -1, 0, 0, 0, 0}},
    {"LeftShift", GECL_DT_UINT8, {1, 3, 200, 5, 255, 1, 7, 9}, {0, 2, 1, 7, 8, 9, 3, 1}, {1, 12, 144, 128, 0, 0, 56, 18}},
    {"RightShift", GECL_DT_INT16, {1, 12, -8, 100, -1, 32767, -32768, 5}, {0, 2, 1, 3, 20, 14, 15, 16},
     {1, 3, -4, 12, -1, 1, -1, 0}},
};

static int run_int(const int_case *c, int as_const)
{
    const int64_t dims[] = {8};
    const size_t size = gecl_dtype_size(c->dt);
    unsigned char *a = gg_alloc(8 * size), *b = gg_alloc(8 * size);
    for (int i = 0; i < 8; i++) { /* little-endian: the low bytes of each int64 */
        memcpy(a + i * size, &c->a[i], size);
        memcpy(b + i * size, &c->b[i], size);
    }
    char name[64];
    snprintf(name, sizeof name, "%s %s%s", c->type, gecl_dtype_name(c->dt), as_const ? " (folded)" : "");
    gg_graph *g = gg_new(name);
    const gecl_tensor_desc d = gg_desc(c->dt, GECL_FORMAT_ND, 1, dims);
    gecl_port pa = as_const ? gg_const(g, "a", d, a) : gg_data(g, "a", d, a);
    gecl_port pb = as_const ? gg_const(g, "b", d, b) : gg_data(g, "b", d, b);
    int32_t op = GG_OP(g, "op", c->type, pa, pb);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return gg_shape_is(name, &y, c->dt, 1, dims) && gg_equal_ints(name, &y, c->want, 8);
}

static void test_integer_helpers(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof INTS / sizeof INTS[0]; i++) failures += !run_int(&INTS[i], 0) + !run_int(&INTS[i], 1);
    GG_NO_FAILURES(failures);
}

/* ---- bfloat16 ---- */

/* float -> DT_BF16 rounds to nearest, ties to even, keeps NaNs NaN and overflows to infinity;
 * DT_BF16 -> float is exact; arithmetic on DT_BF16 computes in float and rounds the result.
 * Checked bit for bit, kernel and folded. */
static int run_bf16(int as_const)
{
    static const uint32_t bits[8] = {0x3f800000u, 0x3f808000u, 0x3f818000u, 0x3f80c000u,
                                     0x7fc00001u, 0xff800000u, 0xff7fffffu, 0x00000001u};
    static const uint16_t want[8] = {0x3f80, 0x3f80, 0x3f82, 0x3f81, 0x7fc0, 0xff80, 0xff80, 0x0000};
    float x[8];
    memcpy(x, bits, sizeof x);
    const int64_t dims[] = {8};
    char name[64];
    snprintf(name, sizeof name, "bf16%s", as_const ? " (folded)" : "");
    gg_graph *g = gg_new(name);
    const gecl_tensor_desc d = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, dims);
    gecl_port in = as_const ? gg_const(g, "x", d, x) : gg_data(g, "x", d, x);
    int32_t to_bf16 = GG_OP(g, "to_bf16", "Cast", in);
    gg_attr_int(g, to_bf16, "dst_type", GECL_DT_BF16);
    int32_t back = GG_OP(g, "back", "Cast", gg_port(to_bf16));
    gg_attr_int(g, back, "dst_type", GECL_DT_FLOAT);
    int32_t sum = GG_OP(g, "sum", "Add", gg_port(to_bf16), gg_port(to_bf16));
    gecl_tensor y[3];
    if (!gg_try_run(g, 3, GG_PORTS(gg_port(to_bf16), gg_port(back), gg_port(sum)), y)) return 0;
    if (!gg_shape_is(name, &y[0], GECL_DT_BF16, 1, dims) || !gg_shape_is(name, &y[1], GECL_DT_FLOAT, 1, dims) ||
        !gg_shape_is(name, &y[2], GECL_DT_BF16, 1, dims))
        return 0;
    int failures = 0;
    for (int i = 0; i < 8; i++) {
        const uint16_t got = ((const uint16_t *)y[0].data)[i], twice = ((const uint16_t *)y[2].data)[i];
        uint32_t back_bits;
        memcpy(&back_bits, (const float *)y[1].data + i, sizeof back_bits);
        /* doubling is exact in bf16 (one more exponent) except at the top, where it overflows */
        const int nan = (want[i] & 0x7fff) > 0x7f80;
        uint16_t want_twice = nan || (want[i] & 0x7f80) == 0x7f80 ? want[i] : (uint16_t)(want[i] + 0x80);
        if (want[i] == 0) want_twice = 0;
        if (got != want[i] || back_bits != (uint32_t)want[i] << 16 || (nan ? (twice & 0x7fff) <= 0x7f80 : twice != want_twice)) {
            fprintf(stderr, "%s: element %d (float bits 0x%08x): bf16 0x%04x (want 0x%04x), back 0x%08x, doubled 0x%04x "
                            "(want 0x%04x)\n", name, i, bits[i], got, want[i], back_bits, twice, want_twice);
            failures++;
        }
    }
    return !failures;
}

static void test_bf16(void **state)
{
    (void)state;
    GG_NO_FAILURES(!run_bf16(0) + !run_bf16(1));
}

/* ---- float64 ---- */

/* A graph computing in DT_DOUBLE: right where the device has fp64, refused at compile time with
 * the device and cl_khr_fp64 named where it has not (Mesa's llvmpipe), never a program build
 * failure. */
static void test_double_needs_fp64(void **state)
{
    (void)state;
    gecl_device_desc dev;
    GG_OK(gecl_rt_describe_device(0, &dev) == ACL_SUCCESS ? GECL_SUCCESS : GECL_FAILED);
    const int64_t dims[] = {5};
    const float x[5] = {0.5f, -1.25f, 3.0f, 1e-3f, -7.0f};
    gg_graph *g = gg_new("double");
    gecl_port in = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, dims), x);
    int32_t cast = GG_OP(g, "to_double", "Cast", in);
    gg_attr_int(g, cast, "dst_type", GECL_DT_DOUBLE);
    int32_t sq = GG_OP(g, "square", "Square", gg_port(cast));
    gg_log("  device '%s': fp64 %s", dev.name, dev.fp64 ? "yes (computed)" : "no (refused)");
    if (dev.fp64) {
        gecl_tensor y;
        gg_run(g, 1, GG_PORTS(gg_port(sq)), &y);
        int failures = !gg_shape_is("double", &y, GECL_DT_DOUBLE, 1, dims);
        for (int i = 0; i < 5 && !failures; i++) {
            failures += gg_value(&y, (size_t)i) != (double)x[i] * (double)x[i];
        }
        GG_NO_FAILURES(failures);
        return;
    }
    GG_OK(gecl_graph_set_outputs(g->graph, 1, GG_PORTS(gg_port(sq))));
    const uint32_t id = 9000;
    GG_OK(gecl_session_add_graph(gg_session(), id, g->graph, 0, NULL, NULL));
    const gecl_status rc = gecl_session_compile_graph(gg_session(), id);
    const char *msg = gecl_last_error();
    int failures = rc == GECL_SUCCESS;
    failures += !strstr(msg, "cl_khr_fp64") || !strstr(msg, dev.name) || !strstr(msg, "to_double");
    if (failures) fprintf(stderr, "double on '%s': status %u, message: %s\n", dev.name, (unsigned)rc, msg);
    GG_OK(gecl_session_remove_graph(gg_session(), id));
    GG_NO_FAILURES(failures);
}

/* ---- errors ---- */

/* Wrong dtypes are refused when the graph is validated, naming the node. */
static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *type;
        gecl_dtype dt[3];
        int n;
    } cases[] = {
        {"SelectV2", {GECL_DT_FLOAT, GECL_DT_FLOAT, GECL_DT_FLOAT}, 3},   /* condition not bool */
        {"SelectV2", {GECL_DT_BOOL, GECL_DT_FLOAT, GECL_DT_INT32}, 3},    /* then and else differ */
        {"ClipByValue", {GECL_DT_FLOAT, GECL_DT_INT32, GECL_DT_FLOAT}, 3},
        {"Less", {GECL_DT_FLOAT, GECL_DT_INT32}, 2},
        {"LogicalAnd", {GECL_DT_FLOAT, GECL_DT_FLOAT}, 2},
        {"LeftShift", {GECL_DT_FLOAT, GECL_DT_FLOAT}, 2},
        {"IsNan", {GECL_DT_INT32}, 1},
        {"Elu", {GECL_DT_INT32}, 1},
    };
    const int64_t dims[] = {4};
    static const int64_t zeros[4];
    int failures = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        gg_graph *g = gg_new(cases[k].type);
        gecl_port in[3];
        for (int i = 0; i < cases[k].n; i++) {
            char name[8];
            snprintf(name, sizeof name, "x%d", i);
            in[i] = gg_data(g, name, gg_desc(cases[k].dt[i], GECL_FORMAT_ND, 1, dims), zeros);
        }
        int32_t op = gg_op(g, "bad", cases[k].type, (size_t)cases[k].n, in);
        failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "bad");
    }
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_activations_with_attributes),
        GG_TEST(test_attributes_in_one_kernel),
        GG_TEST(test_select_compare_clip),
        GG_TEST(test_integer_helpers),
        GG_TEST(test_bf16),
        GG_TEST(test_double_needs_fp64),
        GG_TEST(test_errors),
    };
    return GG_RUN_GROUP(tests);
}
