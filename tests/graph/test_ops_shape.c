/*
 * test_ops_shape.c: ops that move data without arithmetic: Identity, Reshape (a constant int32 or
 * int64 shape input, one -1 inferred), Transpose (a constant perm input) and TransposeD (a perm
 * attribute) at ranks 1 to 5, Concat / ConcatV2 / ConcatD along every axis, negative axes
 * included, with 2 to 5 inputs; graphs whose outputs are their Data or Const nodes; errors.
 * Results must be bit-exact.
 *
 * CANN's Reshape (TensorFlow's): 0 in the shape input is a dimension of size 0, not "copy the
 * input's dimension" (that is ONNX's Reshape, which CANN's ONNX parser marks with allowzero=0);
 * so a 0 next to a -1 on a non-empty input cannot be inferred and is rejected.
 * Concat's inputs: concat_dim, x0..xn-1; ConcatV2's: x0..xn-1, concat_dim; ConcatD: x0..xn-1 with
 * the axis in attribute concat_dim. All three take attribute N (the number of x).
 */
#include "graph_util.h"

#include <math.h>

/* Exact comparison of a float output. */
static int same_floats(const char *what, const gecl_tensor *t, int rank, const int64_t *dims, const double *ref)
{
    return gg_expect(what, t, rank, dims, ref, NULL, 0, 0);
}

/* Values that are all distinct, so any misplaced element shows. */
static float *distinct_values(size_t n, double *as_double)
{
    float *x = gg_alloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) {
        x[i] = (float)i + (float)gg_uniform(0, 0.5);
        if (as_double) as_double[i] = x[i];
    }
    return x;
}

/* ---- Identity, and graphs whose outputs are sources ---- */

static void test_identity(void **state)
{
    (void)state;
    const int64_t dims[] = {3, 4, 5};
    gg_seed(400);
    double *ref = gg_alloc(60 * sizeof *ref);
    float *x = distinct_values(60, ref);
    int32_t xi[12];
    int64_t want_i[12];
    for (int i = 0; i < 12; i++) want_i[i] = xi[i] = i * 1000003 - 6000000;

    gg_graph *g = gg_new("identity");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, dims), x);
    gecl_port pi = gg_data(g, "xi", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, GG_DIMS(3, 4)), xi);
    int32_t id = GG_OP(g, "identity", "Identity", px);
    int32_t id2 = GG_OP(g, "identity_int", "Identity", pi);
    gecl_tensor y[2];
    gg_run(g, 2, GG_PORTS(gg_port(id), gg_port(id2)), y);
    int failures = !same_floats("identity", &y[0], 3, dims, ref);
    failures += !(gg_shape_is("identity int32", &y[1], GECL_DT_INT32, 2, GG_DIMS(3, 4)) &&
                  gg_equal_ints("identity int32", &y[1], want_i, 12));
    GG_NO_FAILURES(failures);
}

/* Outputs that are a Data node and a Const node themselves, next to a computed one. */
static void test_source_outputs(void **state)
{
    (void)state;
    const int64_t dims[] = {2, 7};
    gg_seed(401);
    double *rx = gg_alloc(14 * sizeof *rx), *rc = gg_alloc(14 * sizeof *rc), *rn = gg_alloc(14 * sizeof *rn);
    float *x = distinct_values(14, rx);
    float *c = distinct_values(14, rc);
    for (int i = 0; i < 14; i++) rn[i] = -rx[i];
    gg_graph *g = gg_new("source outputs");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), x);
    gecl_port pc = gg_const(g, "c", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), c);
    int32_t neg = GG_OP(g, "neg", "Neg", px);
    gecl_tensor y[3];
    gg_run(g, 3, GG_PORTS(px, pc, gg_port(neg)), y);
    int failures = !same_floats("data as output", &y[0], 2, dims, rx);
    failures += !same_floats("const as output", &y[1], 2, dims, rc);
    failures += !same_floats("neg", &y[2], 2, dims, rn);
    GG_NO_FAILURES(failures);
}

/* ---- Reshape ---- */

typedef struct reshape_case {
    int rx;
    int64_t xd[5];
    gecl_dtype shape_type;
    int n_shape;
    int64_t shape[5];
    int ry;
    int64_t yd[5];       /* expected */
} reshape_case;

static const reshape_case RESHAPE[] = {
    {3, {2, 3, 4}, GECL_DT_INT32, 2, {4, 6}, 2, {4, 6}},
    {3, {2, 3, 4}, GECL_DT_INT64, 2, {-1, 4}, 2, {6, 4}},
    {1, {24}, GECL_DT_INT32, 3, {2, -1, 3}, 3, {2, 4, 3}},
    {4, {1, 3, 2, 2}, GECL_DT_INT64, 1, {-1}, 1, {12}},
    {2, {5, 7}, GECL_DT_INT32, 4, {1, 5, 1, 7}, 4, {1, 5, 1, 7}},
    {2, {1, 1}, GECL_DT_INT64, 1, {1}, 1, {1}},
    {5, {2, 1, 3, 1, 5}, GECL_DT_INT32, 2, {3, -1}, 2, {3, 10}},
};

static int run_reshape(const reshape_case *rc, int then_neg)
{
    size_t n = (size_t)ref_numel(rc->xd, rc->rx);
    double *ref = gg_alloc(n * sizeof *ref);
    float *x = distinct_values(n, ref);
    char name[128], xs[64], ss[64];
    snprintf(name, sizeof name, "reshape %s to %s%s", gg_shape_str(rc->xd, rc->rx, xs, sizeof xs),
             gg_shape_str(rc->shape, rc->n_shape, ss, sizeof ss), then_neg ? " then neg" : "");
    gg_graph *g = gg_new(name);
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, rc->rx, rc->xd), x);
    gecl_port ps = gg_const_ints(g, "shape", rc->shape_type, 1, rc->shape, (size_t)rc->n_shape);
    int32_t op = GG_OP(g, "reshape", "Reshape", px, ps);
    if (then_neg) {
        /* a view feeding a kernel */
        op = GG_OP(g, "neg", "Neg", gg_port(op));
        for (size_t i = 0; i < n; i++) ref[i] = -ref[i];
    }
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return same_floats(name, &y, rc->ry, rc->yd, ref);
}

static void test_reshape(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(402);
    for (size_t i = 0; i < sizeof RESHAPE / sizeof RESHAPE[0]; i++) {
        failures += !run_reshape(&RESHAPE[i], 0);
        if (i < 2) failures += !run_reshape(&RESHAPE[i], 1);
    }
    GG_NO_FAILURES(failures);
}

/* With attribute allowzero=0 (what CANN's ONNX parser sets for ONNX's Reshape) a 0 copies the
 * input's dimension: [2,3,4] reshaped by [0, -1] is [2, 12]. */
static void test_reshape_allowzero(void **state)
{
    (void)state;
    const int64_t xd[] = {2, 3, 4}, yd[] = {2, 12};
    gg_seed(409);
    double *ref = gg_alloc(24 * sizeof *ref);
    float *x = distinct_values(24, ref);
    gg_graph *g = gg_new("reshape allowzero 0");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, xd), x);
    gecl_port ps = gg_const_ints(g, "shape", GECL_DT_INT64, 1, GG_DIMS(0, -1), 2);
    int32_t op = GG_OP(g, "reshape", "Reshape", px, ps);
    gg_attr_int(g, op, "allowzero", 0);
    gecl_tensor y = gg_run1(g, gg_port(op));
    assert_true(same_floats("reshape allowzero 0", &y, 2, yd, ref));
}

/* A reshape of an intermediate between two kernels, and a reshape chain (view of a view). */
static void test_reshape_between_ops(void **state)
{
    (void)state;
    const int64_t xd[] = {2, 3, 4}, yd[] = {6, 4};
    gg_seed(403);
    double *ref = gg_alloc(24 * sizeof *ref);
    float *x = distinct_values(24, ref);
    for (int i = 0; i < 24; i++) ref[i] = fabs(-ref[i] * 2);
    const float two = 2.0f;
    gg_graph *g = gg_new("reshape between ops");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, xd), x);
    gecl_port p2 = gg_const(g, "two", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &two);
    int32_t neg = GG_OP(g, "neg", "Neg", px);
    int32_t r1 = GG_OP(g, "r1", "Reshape", gg_port(neg), gg_const_ints(g, "s1", GECL_DT_INT32, 1, GG_DIMS(24), 1));
    int32_t r2 = GG_OP(g, "r2", "Reshape", gg_port(r1), gg_const_ints(g, "s2", GECL_DT_INT64, 1, GG_DIMS(6, -1), 2));
    int32_t mul = GG_OP(g, "mul", "Mul", gg_port(r2), p2);
    int32_t ab = GG_OP(g, "abs", "Abs", gg_port(mul));
    gecl_tensor y = gg_run1(g, gg_port(ab));
    assert_true(same_floats("reshape between ops", &y, 2, yd, ref));
}

/* ---- Transpose / TransposeD ---- */

typedef struct transpose_case {
    int rank;
    int64_t dims[5];
    int perm[5];
} transpose_case;

static const transpose_case TRANSPOSE[] = {
    {1, {7}, {0}},
    {2, {5, 9}, {1, 0}},
    {2, {1, 6}, {1, 0}},
    {3, {3, 4, 5}, {2, 0, 1}},
    {3, {3, 4, 5}, {0, 2, 1}},
    {4, {2, 3, 4, 5}, {0, 2, 3, 1}},    /* NCHW -> NHWC */
    {4, {2, 4, 5, 3}, {0, 3, 1, 2}},    /* NHWC -> NCHW */
    {4, {2, 3, 4, 5}, {3, 2, 1, 0}},
    {4, {1, 17, 1, 33}, {2, 3, 0, 1}},
    {5, {2, 3, 1, 4, 5}, {4, 2, 0, 3, 1}},
    {5, {3, 2, 5, 2, 3}, {0, 1, 2, 4, 3}},
    {2, {64, 65}, {1, 0}},              /* larger: tiled kernels' edges */
};

/* Transpose (perm as a Const input, int32 or int64) or TransposeD (perm attribute). */
static int run_transpose(const transpose_case *tc, int attr, gecl_dtype perm_type)
{
    size_t n = (size_t)ref_numel(tc->dims, tc->rank);
    double *rx = gg_alloc(n * sizeof *rx), *ref = gg_alloc(n * sizeof *ref);
    float *x = distinct_values(n, rx);
    ref_transpose(rx, tc->dims, tc->rank, tc->perm, ref);
    int64_t yd[5], perm64[5];
    for (int i = 0; i < tc->rank; i++) {
        yd[i] = tc->dims[tc->perm[i]];
        perm64[i] = tc->perm[i];
    }
    char name[128], xs[64], ps[64];
    snprintf(name, sizeof name, "%s %s perm %s%s", attr ? "TransposeD" : "Transpose",
             gg_shape_str(tc->dims, tc->rank, xs, sizeof xs), gg_shape_str(perm64, tc->rank, ps, sizeof ps),
             attr ? "" : perm_type == GECL_DT_INT32 ? " (int32)" : " (int64)");
    gg_graph *g = gg_new(name);
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, tc->rank, tc->dims), x);
    int32_t op;
    if (attr) {
        op = GG_OP(g, "transpose", "TransposeD", px);
        gg_attr_ints(g, op, "perm", perm64, (size_t)tc->rank);
    } else {
        gecl_port pp = gg_const_ints(g, "perm", perm_type, 1, perm64, (size_t)tc->rank);
        op = GG_OP(g, "transpose", "Transpose", px, pp);
    }
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return same_floats(name, &y, tc->rank, yd, ref);
}

static void test_transpose(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(404);
    for (size_t i = 0; i < sizeof TRANSPOSE / sizeof TRANSPOSE[0]; i++)
        failures += !run_transpose(&TRANSPOSE[i], 0, i % 2 ? GECL_DT_INT64 : GECL_DT_INT32);
    GG_NO_FAILURES(failures);
}

static void test_transpose_d(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(405);
    failures += !run_transpose(&TRANSPOSE[1], 1, GECL_DT_INT64);
    failures += !run_transpose(&TRANSPOSE[5], 1, GECL_DT_INT64);
    failures += !run_transpose(&TRANSPOSE[9], 1, GECL_DT_INT64);
    GG_NO_FAILURES(failures);
}

/* Transpose of int32 data, and a transpose between elementwise ops. */
static void test_transpose_int_and_chain(void **state)
{
    (void)state;
    const int64_t xd[] = {3, 4, 5}, yd[] = {5, 3, 4};
    const int perm[] = {2, 0, 1};
    int32_t xi[60];
    double rxi[60], ryi[60];
    for (int i = 0; i < 60; i++) rxi[i] = xi[i] = i * 7919 - 100000;
    ref_transpose(rxi, xd, 3, perm, ryi);
    int64_t want[60];
    for (int i = 0; i < 60; i++) want[i] = (int64_t)ryi[i];

    gg_seed(406);
    double *rx = gg_alloc(60 * sizeof *rx), *ry = gg_alloc(60 * sizeof *ry);
    float *x = distinct_values(60, rx);
    for (int i = 0; i < 60; i++) rx[i] = -rx[i];
    ref_transpose(rx, xd, 3, perm, ry);
    for (int i = 0; i < 60; i++) ry[i] = ry[i] * ry[i];

    gg_graph *g = gg_new("transpose int32 and chain");
    gecl_port pi = gg_data(g, "xi", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 3, xd), xi);
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, xd), x);
    gecl_port pp = gg_const_ints(g, "perm", GECL_DT_INT32, 1, GG_DIMS(2, 0, 1), 3);
    int32_t ti = GG_OP(g, "transpose_int", "Transpose", pi, pp);
    int32_t neg = GG_OP(g, "neg", "Neg", px);
    int32_t tf = GG_OP(g, "transpose_float", "Transpose", gg_port(neg), pp);
    int32_t sq = GG_OP(g, "square", "Square", gg_port(tf));
    gecl_tensor y[2];
    gg_run(g, 2, GG_PORTS(gg_port(ti), gg_port(sq)), y);
    int failures = !(gg_shape_is("transpose int32", &y[0], GECL_DT_INT32, 3, yd) &&
                     gg_equal_ints("transpose int32", &y[0], want, 60));
    failures += !gg_expect("neg transpose square", &y[1], 3, yd, ry, NULL, GG_REL_EXACT, GG_ABS_EXACT);
    GG_NO_FAILURES(failures);
}

/* ---- Concat / ConcatV2 / ConcatD ---- */

typedef enum concat_kind { CONCAT, CONCAT_V2, CONCAT_D } concat_kind;

static const char *concat_type(concat_kind k)
{
    return k == CONCAT ? "Concat" : k == CONCAT_V2 ? "ConcatV2" : "ConcatD";
}

/* Concatenates n inputs of rank `rank` along `axis` (may be negative); input t has size
 * sizes[t] along the axis and base_dims elsewhere. Input 1 is a Const when `const_input`. */
static int run_concat(concat_kind kind, int n, int rank, const int64_t *base_dims, int axis, const int64_t *sizes,
                      int const_input, gecl_dtype axis_type)
{
    int ax = axis < 0 ? axis + rank : axis;
    int64_t dims[5][5];
    const int64_t *dptr[5];
    double *rx[5];
    float *x[5];
    int64_t yd[5];
    memcpy(yd, base_dims, (size_t)rank * sizeof *yd);
    yd[ax] = 0;
    for (int t = 0; t < n; t++) {
        memcpy(dims[t], base_dims, (size_t)rank * sizeof *base_dims);
        dims[t][ax] = sizes[t];
        yd[ax] += sizes[t];
        size_t nt = (size_t)ref_numel(dims[t], rank);
        rx[t] = gg_alloc(nt * sizeof *rx[t]);
        x[t] = distinct_values(nt, rx[t]);
        /* make the inputs' values distinct from each other's too */
        for (size_t i = 0; i < nt; i++) {
            x[t][i] += (float)(1000 * t);
            rx[t][i] = x[t][i];
        }
        dptr[t] = dims[t];
    }
    size_t ny = (size_t)ref_numel(yd, rank);
    double *ref = gg_alloc(ny * sizeof *ref);
    ref_concat(n, (const double *const *)rx, dptr, rank, ax, ref);

    char name[160], bs[64];
    snprintf(name, sizeof name, "%s of %d along %d, base %s%s", concat_type(kind), n, axis,
             gg_shape_str(base_dims, rank, bs, sizeof bs), const_input ? ", input 1 const" : "");
    gg_graph *g = gg_new(name);
    gecl_port in[7];
    int k = 0;
    int64_t axis64 = axis;
    if (kind == CONCAT) in[k++] = gg_const_ints(g, "concat_dim", axis_type, 0, &axis64, 1);
    for (int t = 0; t < n; t++) {
        char xn[16];
        snprintf(xn, sizeof xn, "x%d", t);
        gecl_tensor_desc d = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, rank, dims[t]);
        in[k++] = const_input && t == 1 ? gg_const(g, xn, d, x[t]) : gg_data(g, xn, d, x[t]);
    }
    if (kind == CONCAT_V2) in[k++] = gg_const_ints(g, "concat_dim", axis_type, 0, &axis64, 1);
    int32_t op = gg_op(g, "concat", concat_type(kind), (size_t)k, in);
    gg_attr_int(g, op, "N", n);
    if (kind == CONCAT_D) gg_attr_int(g, op, "concat_dim", axis);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return same_floats(name, &y, rank, yd, ref);
}

static void test_concat_axes(void **state)
{
    (void)state;
    const int64_t base[] = {2, 3, 4, 5};
    int failures = 0;
    gg_seed(407);
    /* every axis of a rank-4 tensor, each op, unequal sizes along the axis */
    for (int axis = 0; axis < 4; axis++) {
        failures += !run_concat(CONCAT, 2, 4, base, axis, GG_DIMS(1, 3), 0, GECL_DT_INT32);
        failures += !run_concat(CONCAT_V2, 3, 4, base, axis, GG_DIMS(2, 1, 3), 0, GECL_DT_INT32);
        failures += !run_concat(CONCAT_D, 2, 4, base, axis, GG_DIMS(3, 2), 0, GECL_DT_INT32);
    }
    GG_NO_FAILURES(failures);
}

static void test_concat_variants(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(408);
    /* negative axes */
    failures += !run_concat(CONCAT_V2, 2, 4, GG_DIMS(2, 3, 4, 5), -1, GG_DIMS(5, 2), 0, GECL_DT_INT32);
    failures += !run_concat(CONCAT, 2, 4, GG_DIMS(2, 3, 4, 5), -4, GG_DIMS(1, 2), 0, GECL_DT_INT64);
    failures += !run_concat(CONCAT_D, 3, 3, GG_DIMS(2, 3, 4), -2, GG_DIMS(1, 1, 1), 0, GECL_DT_INT32);
    /* 2 to 5 inputs */
    failures += !run_concat(CONCAT_V2, 4, 2, GG_DIMS(3, 7), 1, GG_DIMS(1, 2, 3, 4), 0, GECL_DT_INT64);
    failures += !run_concat(CONCAT_V2, 5, 2, GG_DIMS(3, 7), 0, GG_DIMS(2, 1, 2, 1, 2), 0, GECL_DT_INT32);
    failures += !run_concat(CONCAT, 5, 3, GG_DIMS(2, 3, 4), 1, GG_DIMS(1, 1, 1, 1, 1), 0, GECL_DT_INT32);
    failures += !run_concat(CONCAT_D, 4, 4, GG_DIMS(1, 8, 3, 3), 1, GG_DIMS(8, 16, 8, 32), 0, GECL_DT_INT32);
    /* rank 1 and rank 5 */
    failures += !run_concat(CONCAT_V2, 3, 1, GG_DIMS(1), 0, GG_DIMS(5, 1, 7), 0, GECL_DT_INT32);
    failures += !run_concat(CONCAT_D, 2, 5, GG_DIMS(2, 2, 3, 2, 2), 3, GG_DIMS(1, 4), 0, GECL_DT_INT32);
    /* a Const among the inputs */
    failures += !run_concat(CONCAT_V2, 3, 2, GG_DIMS(4, 5), 1, GG_DIMS(2, 3, 1), 1, GECL_DT_INT32);
    failures += !run_concat(CONCAT, 2, 4, GG_DIMS(1, 4, 3, 3), 1, GG_DIMS(4, 4), 1, GECL_DT_INT32);
    GG_NO_FAILURES(failures);
}

/* Concat of two intermediates (Relu(x), Neg(x)) feeding a kernel (Abs); and a Const reshaped
 * straight into an output (a folded view). */
static void test_concat_of_intermediates(void **state)
{
    (void)state;
    const int64_t xd[] = {2, 3, 4}, yd[] = {2, 6, 4};
    gg_seed(410);
    float *x = gg_rand_f32(24, -2, 2);
    const float c[6] = {1, 2, 3, 4, 5, 6};
    double *rx = gg_f64_of_f32(x, 24), *rr = gg_alloc(24 * sizeof *rr), *rn = gg_alloc(24 * sizeof *rn);
    ref_unary_map(REF_RELU, rx, 24, rr);
    ref_unary_map(REF_NEG, rx, 24, rn);
    double *ref = gg_alloc(48 * sizeof *ref);
    const double *parts[2] = {rr, rn};
    const int64_t *pdims[2] = {xd, xd};
    ref_concat(2, parts, pdims, 3, 1, ref);
    ref_unary_map(REF_ABS, ref, 48, ref);
    const double rc[6] = {1, 2, 3, 4, 5, 6};

    gg_graph *g = gg_new("concat of intermediates");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, xd), x);
    gecl_port pc = gg_const(g, "c", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 3)), c);
    int32_t relu = GG_OP(g, "relu", "Relu", px);
    int32_t neg = GG_OP(g, "neg", "Neg", px);
    int32_t cat = GG_OP(g, "concat", "ConcatD", gg_port(relu), gg_port(neg));
    gg_attr_int(g, cat, "concat_dim", 1);
    gg_attr_int(g, cat, "N", 2);
    int32_t ab = GG_OP(g, "abs", "Abs", gg_port(cat));
    int32_t rs = GG_OP(g, "reshape_const", "Reshape", pc, gg_const_ints(g, "shape", GECL_DT_INT32, 1, GG_DIMS(3, 2), 2));
    gecl_tensor y[2];
    gg_run(g, 2, GG_PORTS(gg_port(ab), gg_port(rs)), y);
    int failures = !same_floats("abs(concat(relu, neg))", &y[0], 3, yd, ref);
    failures += !same_floats("reshaped const", &y[1], 2, GG_DIMS(3, 2), rc);
    GG_NO_FAILURES(failures);
}

/* Concat of computed tensors (src/compile/in_place.c): where a part is one aligned block of the
 * output (nothing before the axis but size 1), its producer writes there and its copy goes.
 * cat = ConcatD(Relu(a), Neg(b)) along `axis`, then out = Abs(cat) (so cat is an intermediate);
 * `nested`: cat is concatenated once more with Relu(c) (= c's dims) before the Abs. `more`: 0
 * none, 1: Relu(a) is a second graph output (then it is bound to the caller's buffer and
 * copied), 2: Sigmoid(Relu(a)) is one (a reader of the part after the concat), 3: b is a itself,
 * the same Relu twice (the second part copied from the first). Checks the values, and the
 * launches per run when want_kernels > 0. */
static int run_concat_in_place(const char *name, int rank, const int64_t *da, const int64_t *db, int axis,
                               int nested, int more, size_t want_kernels)
{
    const size_t na = (size_t)ref_numel(da, rank), nb = (size_t)ref_numel(db, rank);
    float *a = gg_rand_f32(na, -2, 2), *b = more == 3 ? a : gg_rand_f32(nb, -2, 2);
    double *ra = gg_f64_of_f32(a, na), *rb = gg_f64_of_f32(b, nb);
    ref_unary_map(REF_RELU, ra, na, ra);
    if (more != 3) ref_unary_map(REF_NEG, rb, nb, rb);
    else ref_unary_map(REF_RELU, rb, nb, rb);
    int64_t yd[5], zd[5];
    memcpy(yd, da, (size_t)rank * sizeof *yd);
    yd[axis] += db[axis];
    const size_t ny = (size_t)ref_numel(yd, rank);
    double *ry = gg_alloc(ny * sizeof *ry);
    ref_concat(2, (const double *const[]){ra, rb}, (const int64_t *const[]){da, db}, rank, axis, ry);
    memcpy(zd, yd, sizeof zd);
    float *c = NULL;
    double *rz = ry;
    size_t nz = ny;
    if (nested) { /* [cat, Relu(c)], c shaped as a */
        c = gg_rand_f32(na, -2, 2);
        double *rc = gg_f64_of_f32(c, na);
        ref_unary_map(REF_RELU, rc, na, rc);
        zd[axis] += da[axis];
        nz = (size_t)ref_numel(zd, rank);
        rz = gg_alloc(nz * sizeof *rz);
        ref_concat(2, (const double *const[]){ry, rc}, (const int64_t *const[]){yd, da}, rank, axis, rz);
    }
    ref_unary_map(REF_ABS, rz, nz, rz);

    gg_graph *g = gg_new(name);
    gecl_port pa = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, rank, da), a);
    int32_t relu = GG_OP(g, "relu", "Relu", pa);
    int32_t second = relu;
    if (more != 3) second = GG_OP(g, "neg", "Neg", gg_data(g, "b", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, rank, db), b));
    int32_t cat = GG_OP(g, "concat", "ConcatD", gg_port(relu), gg_port(second));
    gg_attr_int(g, cat, "concat_dim", axis);
    if (nested) {
        gecl_port pc = gg_data(g, "c", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, rank, da), c);
        cat = GG_OP(g, "concat2", "ConcatD", gg_port(cat), gg_port(GG_OP(g, "relu_c", "Relu", pc)));
        gg_attr_int(g, cat, "concat_dim", axis);
    }
    int32_t out = GG_OP(g, "abs", "Abs", gg_port(cat));
    int32_t extra = more == 1 ? relu : more == 2 ? GG_OP(g, "sigmoid", "Sigmoid", gg_port(relu)) : -1;
    const size_t n_out = extra >= 0 ? 2 : 1;
    const gecl_port outs[2] = {gg_port(out), gg_port(extra)};
    if (want_kernels) {
        const size_t got = gg_kernel_count(g, n_out, outs);
        if (got != want_kernels) {
            gg_log("%s: %zu launches per run, expected %zu", name, got, want_kernels);
            return 0;
        }
    }
    gecl_tensor y[2];
    if (!gg_try_run(g, n_out, outs, y)) return 0;
    int ok = same_floats(name, &y[0], rank, zd, rz);
    if (more == 1) ok &= same_floats("relu(a) beside the concat", &y[1], rank, da, ra);
    if (more == 2) {
        double *rs = gg_alloc(na * sizeof *rs);
        ref_unary_map(REF_SIGMOID, ra, na, rs);
        ok &= gg_expect("sigmoid(relu(a)) beside the concat", &y[1], rank, da, rs, NULL, GG_REL_ACC, GG_ABS_TRANSC);
    }
    return ok;
}

static void test_concat_in_place(void **state)
{
    (void)state;
    gg_seed(412);
    const int64_t a[] = {1, 4, 8, 8}, b[] = {1, 2, 8, 8};       /* parts of 1,024 and 512 bytes */
    int f = 0;
    /* Relu, Neg and Abs: both copies gone */
    f += !run_concat_in_place("in place: channels of one image", 4, a, b, 1, 0, 0, 3);
    f += !run_concat_in_place("in place: nested concats", 4, a, b, 1, 1, 0, 4);
    f += !run_concat_in_place("in place: part also read after", 4, a, b, 1, 0, 2, 0);
    /* Relu(a) a graph output: bound to the caller's buffer, so copied; Neg in place */
    f += !run_concat_in_place("in place: part is a graph output", 4, a, b, 1, 0, 1, 4);
    /* the same Relu twice: the first in place, the second copied from it */
    f += !run_concat_in_place("in place: one part twice", 4, a, a, 1, 0, 3, 3);
    /* second part at byte 300: not aligned as the arena aligns tensors, so copied */
    f += !run_concat_in_place("in place: unaligned second part", 4, GG_DIMS(1, 3, 5, 5), GG_DIMS(1, 2, 5, 5), 1, 0, 0,
                              4);
    /* two images: each part is two blocks, both copied */
    f += !run_concat_in_place("in place: two images", 4, GG_DIMS(2, 4, 8, 8), GG_DIMS(2, 2, 8, 8), 1, 0, 0, 5);
    /* along the first axis a part is one block whatever the rest */
    f += !run_concat_in_place("in place: axis 0", 2, GG_DIMS(4, 64), GG_DIMS(2, 64), 0, 0, 0, 3);
    GG_NO_FAILURES(f);
}

/* Every input Const: folded, same answer, no graph inputs. */
static void test_concat_all_const(void **state)
{
    (void)state;
    const int64_t da[] = {2, 3}, db[] = {2, 2}, yd[] = {2, 5};
    const float a[6] = {1, 2, 3, 4, 5, 6}, b[4] = {-1, -2, -3, -4};
    const double ref[10] = {1, 2, 3, -1, -2, 4, 5, 6, -3, -4};
    gg_graph *g = gg_new("concat all const");
    gecl_port pa = gg_const(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, da), a);
    gecl_port pb = gg_const(g, "b", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, db), b);
    gecl_port ax = gg_const_ints(g, "axis", GECL_DT_INT32, 0, GG_DIMS(1), 1);
    int32_t op = GG_OP(g, "concat", "ConcatV2", pa, pb, ax);
    gg_attr_int(g, op, "N", 2);
    gecl_tensor y = gg_run1(g, gg_port(op));
    assert_true(same_floats("concat all const", &y, 2, yd, ref));
}

/* The same tensor twice, and int32 data. */
static void test_concat_same_input_twice(void **state)
{
    (void)state;
    const int64_t xd[] = {2, 3}, yd[] = {2, 6};
    const int32_t x[6] = {1, 2, 3, 4, 5, 6};
    const int64_t want[12] = {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6};
    gg_graph *g = gg_new("concat same input twice");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, xd), x);
    int32_t op = GG_OP(g, "concat", "ConcatD", px, px);
    gg_attr_int(g, op, "concat_dim", -1);
    gg_attr_int(g, op, "N", 2);
    gecl_tensor y = gg_run1(g, gg_port(op));
    assert_true(gg_shape_is("concat twice", &y, GECL_DT_INT32, 2, yd));
    assert_true(gg_equal_ints("concat twice", &y, want, 12));
}

/* ---- errors ---- */

static void test_shape_errors(void **state)
{
    (void)state;
    static float zeros[256];
    const int64_t d234[] = {2, 3, 4};
    int failures = 0;
    gg_graph *g;
    gecl_port x, s;
    int32_t op;

#define RESHAPE_CASE(node, type, ...)                                                              \
    do {                                                                                           \
        g = gg_new(node);                                                                          \
        x = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, d234), zeros);               \
        s = gg_const_ints(g, "shape", (type), 1, GG_DIMS(__VA_ARGS__), (size_t)GG_NDIMS(__VA_ARGS__)); \
        op = GG_OP(g, node, "Reshape", x, s);                                                      \
        failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), node);                         \
    } while (0)

    RESHAPE_CASE("reshape_count", GECL_DT_INT32, 5, 5);
    RESHAPE_CASE("reshape_two_minus_one", GECL_DT_INT64, -1, -1);
    RESHAPE_CASE("reshape_not_divisible", GECL_DT_INT32, 5, -1);
    RESHAPE_CASE("reshape_negative", GECL_DT_INT32, -2, -12);
    /* CANN's Reshape (op_proto array_ops.cc, ValidateShape) reads attribute allowzero, default
     * 1: a 0 in the shape input is a size, so [0, -1] on 24 elements cannot be inferred */
    RESHAPE_CASE("reshape_zero_dim", GECL_DT_INT64, 0, -1);
#undef RESHAPE_CASE

    /* the shape input must be int32 or int64 */
    g = gg_new("reshape float shape");
    x = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, d234), zeros);
    const float fshape[2] = {4, 6};
    s = gg_const(g, "shape", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(2)), fshape);
    op = GG_OP(g, "reshape_float_shape", "Reshape", x, s);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "reshape_float_shape");

    /* a shape fed by a Data node is a value input, compiled per run's values: test_ops_move.c */
    g = gg_new("reshape missing shape");
    x = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, d234), zeros);
    op = GG_OP(g, "reshape_no_shape", "Reshape", x);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "reshape_no_shape");

    /* Transpose: perm of the wrong length, repeated, out of range; TransposeD without perm */
#define TRANSPOSE_CASE(node, ...)                                                                  \
    do {                                                                                           \
        g = gg_new(node);                                                                          \
        x = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, d234), zeros);               \
        s = gg_const_ints(g, "perm", GECL_DT_INT32, 1, GG_DIMS(__VA_ARGS__), (size_t)GG_NDIMS(__VA_ARGS__)); \
        op = GG_OP(g, node, "Transpose", x, s);                                                    \
        failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), node);                         \
    } while (0)
    TRANSPOSE_CASE("transpose_perm_len", 1, 0);
    TRANSPOSE_CASE("transpose_perm_repeat", 0, 0, 1);
    TRANSPOSE_CASE("transpose_perm_range", 0, 3, 1);
#undef TRANSPOSE_CASE

    g = gg_new("transposed no perm");
    x = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, d234), zeros);
    op = GG_OP(g, "transposed_no_perm", "TransposeD", x);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "transposed_no_perm");

    g = gg_new("transposed perm len");
    x = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, d234), zeros);
    op = GG_OP(g, "transposed_perm_len", "TransposeD", x);
    GG_ATTR_INTS(g, op, "perm", 0, 1, 2, 3);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "transposed_perm_len");

    /* Concat: the other dims must match, ranks and dtypes too, the axis in range */
    const int64_t d233[] = {2, 3, 3}, d24[] = {2, 4}, d2[] = {2};
    gecl_port a, b;
#define CONCAT_CASE(node, bdims, brank, btype, axis)                                               \
    do {                                                                                           \
        g = gg_new(node);                                                                          \
        a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, d234), zeros);               \
        b = gg_data(g, "b", gg_desc((btype), GECL_FORMAT_ND, (brank), (bdims)), zeros);            \
        s = gg_const_ints(g, "axis", GECL_DT_INT32, 0, GG_DIMS(axis), 1);                          \
        op = GG_OP(g, node, "ConcatV2", a, b, s);                                                  \
        gg_attr_int(g, op, "N", 2);                                                                \
        failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), node);                         \
    } while (0)
    CONCAT_CASE("concat_other_dim", d233, 3, GECL_DT_FLOAT, 0);   /* dim 2: 4 vs 3 */
    CONCAT_CASE("concat_rank", d24, 2, GECL_DT_FLOAT, 1);
    CONCAT_CASE("concat_dtype", d234, 3, GECL_DT_INT32, 0);
    CONCAT_CASE("concat_axis_high", d234, 3, GECL_DT_FLOAT, 3);
    CONCAT_CASE("concat_axis_low", d234, 3, GECL_DT_FLOAT, -4);
    CONCAT_CASE("concat_rank1", d2, 1, GECL_DT_FLOAT, 0);
#undef CONCAT_CASE


    /* ConcatD needs its concat_dim attribute */
    g = gg_new("concatd no axis");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, d234), zeros);
    op = GG_OP(g, "concatd_no_axis", "ConcatD", a, a);
    gg_attr_int(g, op, "N", 2);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "concatd_no_axis");

    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_identity),
        GG_TEST(test_source_outputs),
        GG_TEST(test_reshape),
        GG_TEST(test_reshape_allowzero),
        GG_TEST(test_reshape_between_ops),
        GG_TEST(test_transpose),
        GG_TEST(test_transpose_d),
        GG_TEST(test_transpose_int_and_chain),
        GG_TEST(test_concat_axes),
        GG_TEST(test_concat_variants),
        GG_TEST(test_concat_of_intermediates),
        GG_TEST(test_concat_all_const),
        GG_TEST(test_concat_same_input_twice),
        GG_TEST(test_concat_in_place),
        GG_TEST(test_shape_errors),
    };
    return GG_RUN_GROUP(tests);
}
