/*
 * test_ops_softmax.c: SoftmaxV2 over the last, first and a middle axis, over two contiguous axes
 * (one joint softmax over both, as CANN's reduce-max / exp / reduce-sum over `axes`), with the
 * default axes {-1}, on large and very negative inputs (the max must be subtracted first), in a
 * chain, all-Const, and its errors.
 *
 * Tolerance: exp is 3 ulp and the sum of K terms errs by ~sqrt(K) ulp relative; every output is
 * in [0, 1]: 1e-5 relative + 1e-6 absolute (graph_util.h's TRANSC).
 */
#include "graph_util.h"

#include <math.h>

typedef struct softmax_case {
    int rank;
    int64_t dims[5];
    int n_axes;           /* 0: attribute not set (default {-1}) */
    int64_t axes[4];      /* as given to the op, possibly negative */
    double lo, hi;        /* input range */
} softmax_case;

static const softmax_case SOFTMAX[] = {
    {2, {4, 37}, 0, {0}, -5, 5},                  /* default axes */
    {3, {2, 3, 17}, 1, {-1}, -5, 5},
    {3, {2, 3, 17}, 1, {2}, -5, 5},
    {2, {7, 5}, 1, {0}, -5, 5},                   /* first axis */
    {3, {2, 9, 4}, 1, {1}, -5, 5},                /* middle axis */
    {4, {1, 10, 7, 7}, 1, {1}, -5, 5},            /* NCHW channels */
    {4, {2, 3, 4, 5}, 2, {2, 3}, -5, 5},          /* two contiguous axes (spatial) */
    {4, {2, 3, 4, 5}, 2, {-2, -1}, -5, 5},
    {4, {2, 3, 4, 5}, 2, {0, 1}, -5, 5},          /* two leading axes */
    {4, {2, 3, 4, 5}, 2, {1, 2}, -5, 5},          /* two middle axes */
    {1, {1}, 1, {0}, -5, 5},                      /* one element: 1 */
    {3, {4, 1, 6}, 1, {1}, -5, 5},                /* an axis of size 1: all ones */
    {2, {3, 1000}, 1, {-1}, -5, 5},               /* long rows */
    {2, {3, 1000}, 1, {1}, 1000, 1100},           /* exp would overflow without the max */
    {3, {4, 6, 8}, 1, {1}, -1100, -1000},         /* exp would underflow to 0 / 0 */
    {2, {8, 64}, 1, {-1}, -80, 80},               /* wide spread: tiny outputs */
};

static int norm_axis(int64_t a, int rank)
{
    return (int)(a < 0 ? a + rank : a);
}

static int run_softmax(const softmax_case *sc, int all_const)
{
    size_t n = (size_t)ref_numel(sc->dims, sc->rank);
    float *x = gg_rand_f32(n, sc->lo, sc->hi);
    double *ref = gg_alloc(n * sizeof *ref);
    int axes[4], n_axes = sc->n_axes ? sc->n_axes : 1;
    for (int i = 0; i < n_axes; i++) axes[i] = sc->n_axes ? norm_axis(sc->axes[i], sc->rank) : sc->rank - 1;
    ref_softmax(gg_f64_of_f32(x, n), sc->dims, sc->rank, axes, n_axes, ref);

    char name[128], ds[64], as[64];
    snprintf(name, sizeof name, "SoftmaxV2 %s axes %s range [%g, %g]%s", gg_shape_str(sc->dims, sc->rank, ds, sizeof ds),
             sc->n_axes ? gg_shape_str(sc->axes, sc->n_axes, as, sizeof as) : "(default)", sc->lo, sc->hi,
             all_const ? " all const" : "");
    gg_log("case %s", name);
    gg_graph *g = gg_new(name);
    gecl_tensor_desc d = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, sc->rank, sc->dims);
    gecl_port px = all_const ? gg_const(g, "x", d, x) : gg_data(g, "x", d, x);
    int32_t op = GG_OP(g, "softmax", "SoftmaxV2", px);
    if (sc->n_axes) gg_attr_ints(g, op, "axes", sc->axes, (size_t)sc->n_axes);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return gg_expect(name, &y, sc->rank, sc->dims, ref, NULL, GG_REL_TRANSC, GG_ABS_TRANSC);
}

static void test_softmax(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(500);
    for (size_t i = 0; i < sizeof SOFTMAX / sizeof SOFTMAX[0]; i++) failures += !run_softmax(&SOFTMAX[i], 0);
    GG_NO_FAILURES(failures);
}

/* The input a Const: softmax folded at compile time, same answer. */
static void test_softmax_all_const(void **state)
{
    (void)state;
    gg_seed(501);
    int failures = !run_softmax(&SOFTMAX[4], 1);
    failures += !run_softmax(&SOFTMAX[6], 1);
    GG_NO_FAILURES(failures);
}

/* MatMulV2 -> SoftmaxV2 -> Mul: softmax between a matmul and an elementwise op, as in attention;
 * the logits are also an output. */
static void test_softmax_in_chain(void **state)
{
    (void)state;
    const int64_t qd[] = {6, 16}, kd[] = {10, 16}, yd[] = {6, 10};
    const float scale = 0.25f;
    gg_seed(502);
    float *q = gg_rand_f32(96, -1, 1), *k = gg_rand_f32(160, -1, 1);
    double *logits = gg_alloc(60 * sizeof *logits), *mag = gg_alloc(60 * sizeof *mag);
    double *ref = gg_alloc(60 * sizeof *ref);
    int64_t rd[REF_MAX_RANK];
    ref_batch_matmul(gg_f64_of_f32(q, 96), qd, 2, 0, gg_f64_of_f32(k, 160), kd, 2, 1, NULL, logits, mag, rd);
    int axis = 1;
    ref_softmax(logits, yd, 2, &axis, 1, ref);
    for (int i = 0; i < 60; i++) ref[i] *= scale;

    gg_graph *g = gg_new("matmul softmax mul");
    gecl_port pq = gg_data(g, "q", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, qd), q);
    gecl_port pk = gg_const(g, "k", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, kd), k);
    gecl_port ps = gg_const(g, "scale_value", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &scale);
    int32_t mm = GG_OP(g, "logits", "MatMulV2", pq, pk);
    gg_attr_bool(g, mm, "transpose_x2", 1);
    int32_t sm = GG_OP(g, "softmax", "SoftmaxV2", gg_port(mm));
    int32_t mul = GG_OP(g, "scale", "Mul", gg_port(sm), ps);
    gecl_tensor y[2];
    gg_run(g, 2, GG_PORTS(gg_port(mul), gg_port(mm)), y);
    int failures = !gg_expect("logits", &y[1], 2, yd, logits, mag, GG_REL_ACC, GG_ABS_ACC);
    /* the logits' own rounding (1e-5 of |terms| ~ 1e-4 here) moves the softmax by as much */
    failures += !gg_expect("scaled softmax", &y[0], 2, yd, ref, NULL, 1e-4, GG_ABS_TRANSC);
    GG_NO_FAILURES(failures);
}

/* ---- errors ---- */

static int run_bad_softmax(const char *node, gecl_dtype dtype, int rank, const int64_t *dims, const int64_t *axes,
                           size_t n_axes)
{
    static float zeros[1024];
    gg_graph *g = gg_new(node);
    gecl_port px = gg_data(g, "x", gg_desc(dtype, GECL_FORMAT_ND, rank, dims), zeros);
    int32_t op = GG_OP(g, node, "SoftmaxV2", px);
    if (axes) gg_attr_ints(g, op, "axes", axes, n_axes);
    return gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), node);
}

static void test_softmax_errors(void **state)
{
    (void)state;
    const int64_t d345[] = {3, 4, 5};
    int failures = 0;
    failures += !run_bad_softmax("softmax_axis_high", GECL_DT_FLOAT, 3, d345, GG_DIMS(3), 1);
    failures += !run_bad_softmax("softmax_axis_low", GECL_DT_FLOAT, 3, d345, GG_DIMS(-4), 1);
    failures += !run_bad_softmax("softmax_axis_twice", GECL_DT_FLOAT, 3, d345, GG_DIMS(1, 1), 2);
    failures += !run_bad_softmax("softmax_int32", GECL_DT_INT32, 3, d345, GG_DIMS(-1), 1);
    /* no input at all */
    gg_graph *g = gg_new("softmax no input");
    int32_t op = gg_op(g, "softmax_no_input", "SoftmaxV2", 0, NULL);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "softmax_no_input");
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_softmax),
        GG_TEST(test_softmax_all_const),
        GG_TEST(test_softmax_in_chain),
        GG_TEST(test_softmax_errors),
    };
    return GG_RUN_GROUP(tests);
}
