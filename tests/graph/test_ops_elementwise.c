/*
 * test_ops_elementwise.c: unary and binary elementwise ops (numpy broadcasting), BiasAdd, Cast,
 * chains of elementwise ops in one graph (what the compiler fuses), constants as inputs and
 * all-constant graphs (folding), and the graph errors of this family.
 */
#include "graph_util.h"

#include <math.h>

/* ---- unary ops ---- */

typedef struct unary_case {
    const char *type;
    ref_unary op;
    double lo, hi;       /* input range: inside the op's domain, away from poles */
    double rel, abs;     /* tolerance (graph_util.h) */
} unary_case;

static const unary_case UNARY[] = {
    {"Relu", REF_RELU, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"Relu6", REF_RELU6, -3, 9, GG_REL_EXACT, GG_ABS_EXACT},
    {"Sigmoid", REF_SIGMOID, -10, 10, GG_REL_TRANSC, GG_ABS_TRANSC},
    {"Tanh", REF_TANH, -5, 5, GG_REL_TRANSC, GG_ABS_TRANSC},
    {"Exp", REF_EXP, -10, 10, GG_REL_TRANSC, GG_ABS_TRANSC},
    {"Log", REF_LOG, 0.01, 100, GG_REL_TRANSC, GG_ABS_TRANSC},
    {"Sqrt", REF_SQRT, 0, 100, GG_REL_TRANSC, GG_ABS_TRANSC},
    {"Rsqrt", REF_RSQRT, 0.01, 100, GG_REL_TRANSC, GG_ABS_TRANSC},
    {"Abs", REF_ABS, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"Neg", REF_NEG, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"Square", REF_SQUARE, -20, 20, GG_REL_EXACT, GG_ABS_EXACT},
    {"Reciprocal", REF_RECIPROCAL, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"Floor", REF_FLOOR, -10, 10, GG_REL_EXACT, GG_ABS_EXACT},
    {"Ceil", REF_CEIL, -10, 10, GG_REL_EXACT, GG_ABS_EXACT},
};

/* An odd element count (3*37*41 = 4551): vectorised kernels must handle the tail. */
static const int64_t UNARY_DIMS[] = {3, 37, 41};

/* Puts exact values at the front of x: zeros of both signs and a halfway point for the sign
 * and rounding ops, exact squares and powers of two inside the domains of the others. */
static void put_special_values(ref_unary op, float *x)
{
    static const float general[3] = {0.0f, -0.0f, -2.5f};
    static const float positive[3] = {1.0f, 4.0f, 2.0f};
    static const float reciprocal[3] = {1.0f, -4.0f, 0.5f};
    static const float sqrt_domain[3] = {0.0f, 4.0f, 2.25f};
    const float *v = general;
    if (op == REF_LOG || op == REF_RSQRT) v = positive;
    else if (op == REF_RECIPROCAL) v = reciprocal;
    else if (op == REF_SQRT) v = sqrt_domain;
    memcpy(x, v, sizeof general);
}

static int run_unary(const unary_case *uc)
{
    const size_t n = (size_t)ref_numel(UNARY_DIMS, 3);
    float *x = uc->op == REF_RECIPROCAL ? gg_rand_f32_away(n, uc->lo, uc->hi, 0.1) : gg_rand_f32(n, uc->lo, uc->hi);
    put_special_values(uc->op, x);
    double *ref = gg_f64_of_f32(x, n);
    ref_unary_map(uc->op, ref, n, ref);

    char name[64];
    snprintf(name, sizeof name, "unary_%s", uc->type);
    gg_graph *g = gg_new(name);
    gecl_port in = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, UNARY_DIMS), x);
    int32_t op = GG_OP(g, "op", uc->type, in);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return gg_expect(name, &y, 3, UNARY_DIMS, ref, NULL, uc->rel, uc->abs);
}

static void test_unary_float(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(1);
    for (size_t i = 0; i < sizeof UNARY / sizeof UNARY[0]; i++) failures += !run_unary(&UNARY[i]);
    GG_NO_FAILURES(failures);
}

/* Relu, Abs, Neg and Square are defined on integers too (results exact). */
static void test_unary_int32(void **state)
{
    (void)state;
    static const struct {
        const char *type;
        ref_unary op;
    } ops[] = {{"Relu", REF_RELU}, {"Abs", REF_ABS}, {"Neg", REF_NEG}, {"Square", REF_SQUARE}};
    const int64_t dims[] = {5, 13};
    const size_t n = 65;
    int32_t *x = gg_alloc(n * sizeof *x);
    int64_t *want = gg_alloc(n * sizeof *want);
    int failures = 0;
    gg_seed(2);
    for (size_t i = 0; i < n; i++) x[i] = (int32_t)floor(gg_uniform(-1000, 1000));
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        for (size_t i = 0; i < n; i++) want[i] = (int64_t)ref_unary_apply(ops[k].op, x[i]);
        char name[64];
        snprintf(name, sizeof name, "int32_%s", ops[k].type);
        gg_graph *g = gg_new(name);
        gecl_port in = gg_data(g, "x", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, dims), x);
        int32_t op = GG_OP(g, "op", ops[k].type, in);
        gecl_tensor y;
        if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) {
            failures++;
            continue;
        }
        failures += !(gg_shape_is(name, &y, GECL_DT_INT32, 2, dims) && gg_equal_ints(name, &y, want, n));
    }
    GG_NO_FAILURES(failures);
}

/* ---- binary ops ---- */

typedef struct binary_op {
    const char *type;
    ref_binary op;
    double lo0, hi0, lo1, hi1;   /* input ranges */
    double rel, abs;
} binary_op;

static const binary_op BINARY[] = {
    {"Add", REF_ADD, -4, 4, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"Sub", REF_SUB, -4, 4, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"Mul", REF_MUL, -4, 4, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"RealDiv", REF_DIV, -4, 4, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"Div", REF_DIV, -4, 4, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"Maximum", REF_MAXIMUM, -4, 4, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"Minimum", REF_MINIMUM, -4, 4, -4, 4, GG_REL_EXACT, GG_ABS_EXACT},
    {"Pow", REF_POW, 0.25, 4, -3, 3, GG_REL_TRANSC, GG_ABS_TRANSC},
};

static int is_division(ref_binary op)
{
    return op == REF_DIV;
}

/* y = op(a, b) with a of shape ad and b of shape bd (broadcasting), both Data inputs, or b a Const. */
static int run_binary(const binary_op *bo, const int64_t *ad, int ra, const int64_t *bd, int rb, int b_const)
{
    int64_t yd[REF_MAX_RANK];
    int ry = ref_broadcast_shape(ad, ra, bd, rb, yd);
    size_t na = (size_t)ref_numel(ad, ra), nb = (size_t)ref_numel(bd, rb), ny = (size_t)ref_numel(yd, ry);
    float *a = gg_rand_f32(na, bo->lo0, bo->hi0);
    /* divisors away from zero keep the quotients in range */
    float *b = is_division(bo->op) ? gg_rand_f32_away(nb, bo->lo1, bo->hi1, 0.25) : gg_rand_f32(nb, bo->lo1, bo->hi1);
    double *ref = gg_alloc(ny * sizeof *ref);
    ref_binary_broadcast(bo->op, gg_f64_of_f32(a, na), ad, ra, gg_f64_of_f32(b, nb), bd, rb, ref);

    char name[128], as[64], bs[64];
    snprintf(name, sizeof name, "%s %s %s%s", bo->type, gg_shape_str(ad, ra, as, sizeof as),
             gg_shape_str(bd, rb, bs, sizeof bs), b_const ? " (const)" : "");
    gg_graph *g = gg_new(name);
    gecl_port pa = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, ra, ad), a);
    gecl_tensor_desc bdesc = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, rb, bd);
    gecl_port pb = b_const ? gg_const(g, "b", bdesc, b) : gg_data(g, "b", bdesc, b);
    int32_t op = GG_OP(g, "op", bo->type, pa, pb);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return gg_expect(name, &y, ry, yd, ref, NULL, bo->rel, bo->abs);
}

/* Every binary op on equal shapes and on a both-sides broadcast. */
static void test_binary_ops(void **state)
{
    (void)state;
    const int64_t same[] = {4, 33, 9};
    const int64_t left[] = {4, 1, 9}, right[] = {33, 1};
    int failures = 0;
    gg_seed(3);
    for (size_t i = 0; i < sizeof BINARY / sizeof BINARY[0]; i++) {
        failures += !run_binary(&BINARY[i], same, 3, same, 3, 0);
        failures += !run_binary(&BINARY[i], left, 3, right, 2, 0);
    }
    GG_NO_FAILURES(failures);
}

typedef struct bcast_case {
    int ra, rb;
    int64_t a[4], b[4];
} bcast_case;

/* numpy broadcasting patterns, each with Add and Mul (and Sub for the order of operands). */
static const bcast_case BCAST[] = {
    {2, 0, {5, 7}, {0}},                  /* scalar (rank 0) on the right */
    {0, 2, {0}, {5, 7}},                  /* scalar on the left */
    {2, 1, {5, 7}, {1}},                  /* one-element vector */
    {2, 1, {6, 10}, {10}},                /* row */
    {2, 2, {6, 10}, {6, 1}},              /* column */
    {2, 2, {1, 10}, {6, 10}},             /* row on the left */
    {4, 4, {2, 3, 4, 5}, {1, 3, 1, 1}},   /* per-channel [1,C,1,1] vs NCHW */
    {4, 3, {2, 3, 4, 5}, {3, 1, 1}},      /* per-channel, rank mismatch */
    {4, 2, {2, 3, 4, 5}, {4, 1}},         /* rank mismatch, middle dims */
    {2, 2, {3, 1}, {1, 4}},               /* both sides broadcast */
    {3, 2, {2, 1, 4}, {3, 1}},            /* both sides, rank mismatch */
    {4, 4, {1, 5, 1, 7}, {4, 1, 6, 1}},   /* both sides, alternating */
    {2, 2, {1, 1}, {1, 1}},               /* all ones */
};

static void test_broadcasting(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(4);
    for (size_t i = 0; i < sizeof BCAST / sizeof BCAST[0]; i++) {
        const bcast_case *c = &BCAST[i];
        failures += !run_binary(&BINARY[0], c->a, c->ra, c->b, c->rb, 0);   /* Add */
        failures += !run_binary(&BINARY[2], c->a, c->ra, c->b, c->rb, 0);   /* Mul */
        failures += !run_binary(&BINARY[1], c->a, c->ra, c->b, c->rb, 0);   /* Sub */
    }
    GG_NO_FAILURES(failures);
}

/* The second operand a Const (weights, biases): same answers. */
static void test_binary_const_operand(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(5);
    failures += !run_binary(&BINARY[0], (const int64_t[]){2, 3, 4, 5}, 4, (const int64_t[]){1, 3, 1, 1}, 4, 1);
    failures += !run_binary(&BINARY[3], (const int64_t[]){6, 10}, 2, (const int64_t[]){10}, 1, 1);
    failures += !run_binary(&BINARY[5], (const int64_t[]){6, 10}, 2, (const int64_t[]){0}, 0, 1);
    GG_NO_FAILURES(failures);
}

/* Integer arithmetic is exact (no float round trip). */
static void test_binary_int32(void **state)
{
    (void)state;
    static const struct {
        const char *type;
        ref_binary op;
    } ops[] = {{"Add", REF_ADD}, {"Sub", REF_SUB}, {"Mul", REF_MUL}, {"Maximum", REF_MAXIMUM}, {"Minimum", REF_MINIMUM}};
    const int64_t ad[] = {4, 7}, bd[] = {7};
    int32_t *a = gg_alloc(28 * sizeof *a), *b = gg_alloc(7 * sizeof *b);
    int64_t *want = gg_alloc(28 * sizeof *want);
    gg_seed(6);
    /* |a| and |b| < 2^15: products fit in int32 */
    for (int i = 0; i < 28; i++) a[i] = (int32_t)floor(gg_uniform(-30000, 30000));
    for (int i = 0; i < 7; i++) b[i] = (int32_t)floor(gg_uniform(-30000, 30000));
    int failures = 0;
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        for (int i = 0; i < 28; i++) want[i] = (int64_t)ref_binary_apply(ops[k].op, a[i], b[i % 7]);
        char name[64];
        snprintf(name, sizeof name, "int32 %s", ops[k].type);
        gg_graph *g = gg_new(name);
        gecl_port pa = gg_data(g, "a", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, ad), a);
        gecl_port pb = gg_data(g, "b", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 1, bd), b);
        int32_t op = GG_OP(g, "op", ops[k].type, pa, pb);
        gecl_tensor y;
        if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) {
            failures++;
            continue;
        }
        failures += !(gg_shape_is(name, &y, GECL_DT_INT32, 2, ad) && gg_equal_ints(name, &y, want, 28));
    }
    GG_NO_FAILURES(failures);
}

/* float16 operands: the result is the float16 rounding of the exact result. */
static void test_binary_float16(void **state)
{
    (void)state;
    const int64_t dims[] = {3, 41};
    const size_t n = 123;
    uint16_t *a = gg_alloc(n * 2), *b = gg_alloc(n * 2);
    double *ref = gg_alloc(n * sizeof *ref);
    gg_seed(7);
    for (size_t i = 0; i < n; i++) {
        a[i] = ref_f32_to_f16((float)gg_uniform(-8, 8));
        b[i] = ref_f32_to_f16((float)gg_uniform(-8, 8));
        ref[i] = ref_f16_to_f32(ref_f32_to_f16((float)((double)ref_f16_to_f32(a[i]) + ref_f16_to_f32(b[i]))));
    }
    gg_graph *g = gg_new("float16 add");
    gecl_port pa = gg_data(g, "a", gg_desc(GECL_DT_FLOAT16, GECL_FORMAT_ND, 2, dims), a);
    gecl_port pb = gg_data(g, "b", gg_desc(GECL_DT_FLOAT16, GECL_FORMAT_ND, 2, dims), b);
    int32_t op = GG_OP(g, "add", "Add", pa, pb);
    gecl_tensor y = gg_run1(g, gg_port(op));
    assert_true(gg_shape_is("float16 add", &y, GECL_DT_FLOAT16, 2, dims));
    assert_true(gg_close("float16 add", &y, ref, NULL, n, GG_REL_F16, 0));
}

/* ---- BiasAdd ---- */

/* BiasAdd adds bias[c] along the channel dim of data_format (the last dim for NHWC and ND). */
static int run_bias_add(const char *format_attr, gecl_format format, int rank, const int64_t *dims, int channel_dim)
{
    size_t n = (size_t)ref_numel(dims, rank);
    int64_t c = dims[channel_dim];
    float *x = gg_rand_f32(n, -3, 3);
    float *bias = gg_rand_f32((size_t)c, -3, 3);
    /* reference: broadcast bias as a [1,..,C,..,1] tensor */
    int64_t bd[REF_MAX_RANK];
    for (int i = 0; i < rank; i++) bd[i] = i == channel_dim ? c : 1;
    double *ref = gg_alloc(n * sizeof *ref);
    ref_binary_broadcast(REF_ADD, gg_f64_of_f32(x, n), dims, rank, gg_f64_of_f32(bias, (size_t)c), bd, rank, ref);

    char name[96], ds[64];
    snprintf(name, sizeof name, "BiasAdd %s %s", format_attr ? format_attr : "(default)",
             gg_shape_str(dims, rank, ds, sizeof ds));
    gg_graph *g = gg_new(name);
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, format, rank, dims), x);
    gecl_port pb = gg_const(g, "bias", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, &c), bias);
    int32_t op = GG_OP(g, "bias_add", "BiasAdd", px, pb);
    if (format_attr) gg_attr_string(g, op, "data_format", format_attr);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return gg_expect(name, &y, rank, dims, ref, NULL, GG_REL_EXACT, GG_ABS_EXACT);
}

static void test_bias_add(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(8);
    failures += !run_bias_add("NCHW", GECL_FORMAT_NCHW, 4, (const int64_t[]){2, 5, 4, 3}, 1);
    failures += !run_bias_add("NHWC", GECL_FORMAT_NHWC, 4, (const int64_t[]){2, 4, 3, 5}, 3);
    /* data_format defaults to NHWC (CANN's prototype) */
    failures += !run_bias_add(NULL, GECL_FORMAT_NHWC, 4, (const int64_t[]){1, 3, 7, 6}, 3);
    failures += !run_bias_add("NHWC", GECL_FORMAT_ND, 2, (const int64_t[]){7, 9}, 1);
    failures += !run_bias_add("NCHW", GECL_FORMAT_NCHW, 4, (const int64_t[]){1, 64, 1, 1}, 1);
    GG_NO_FAILURES(failures);
}

/* ---- Cast ---- */

/* Writes value v as dtype dt at element i. */
static void put(void *buf, gecl_dtype dt, size_t i, double v)
{
    switch (dt) {
    case GECL_DT_FLOAT: ((float *)buf)[i] = (float)v; break;
    case GECL_DT_FLOAT16: ((uint16_t *)buf)[i] = ref_f32_to_f16((float)v); break;
    case GECL_DT_INT32: ((int32_t *)buf)[i] = (int32_t)v; break;
    case GECL_DT_INT64: ((int64_t *)buf)[i] = (int64_t)v; break;
    case GECL_DT_UINT8: ((uint8_t *)buf)[i] = (uint8_t)v; break;
    case GECL_DT_BOOL: ((uint8_t *)buf)[i] = v != 0; break;
    default: fail_msg("put: dtype %d", (int)dt);
    }
}

/* Value of element i of a host buffer of dtype dt. */
static double get(const void *buf, gecl_dtype dt, size_t i)
{
    gecl_tensor t;
    memset(&t, 0, sizeof t);
    t.desc.dtype = dt;
    t.data = (void *)buf;
    return gg_value(&t, i);
}

/* CANN's Cast (TensorFlow's): float to integer truncates toward zero; anything to bool is
 * value != 0; to float rounds to nearest even; bool is stored as one byte 0 or 1. */
static double cast_ref(double v, gecl_dtype dst)
{
    switch (dst) {
    case GECL_DT_FLOAT: return (float)v;
    case GECL_DT_FLOAT16: return ref_f16_to_f32(ref_f32_to_f16((float)v));
    case GECL_DT_INT32:
    case GECL_DT_INT64:
    case GECL_DT_UINT8: return trunc(v);
    case GECL_DT_BOOL: return v != 0;
    default: return NAN;
    }
}

/* Source values for a cast: zeros of both signs, fractions of both signs (truncation, != 0),
 * exact integers, then random values; all in the destination's range. Float16 rounding at
 * halfway points is test_cast_rounding's. */
static double cast_source_value(size_t i, gecl_dtype src, gecl_dtype dst)
{
    static const double special[] = {0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.75, -2.75, 7.0, 0.001, -1e-3, 100.0};
    if (src == GECL_DT_BOOL) return i % 3 == 0;
    double v = i < sizeof special / sizeof special[0] ? special[i] : gg_uniform(-200, 200);
    if (src == GECL_DT_UINT8 || dst == GECL_DT_UINT8) v = fmod(fabs(v), 255.0);   /* in [0, 255) */
    if (src == GECL_DT_INT32 || src == GECL_DT_INT64 || src == GECL_DT_UINT8) v = floor(v);
    return v;   /* put() rounds it to the source type (float, float16) */
}

static int run_cast(gecl_dtype src, gecl_dtype dst)
{
    const int64_t dims[] = {3, 29};
    const size_t n = 87;
    size_t ssize = gecl_dtype_size(src), dsize = gecl_dtype_size(dst);
    if (ssize == 0 || dsize == 0) {
        print_error("gecl_dtype_size(%s or %s) is 0\n", gecl_dtype_name(src), gecl_dtype_name(dst));
        return 0;
    }
    void *x = gg_alloc(n * ssize);
    double *ref = gg_alloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++) {
        put(x, src, i, cast_source_value(i, src, dst));
        ref[i] = cast_ref(get(x, src, i), dst);
    }
    char name[64];
    snprintf(name, sizeof name, "Cast %s -> %s", gecl_dtype_name(src), gecl_dtype_name(dst));
    gg_graph *g = gg_new(name);
    gecl_port px = gg_data(g, "x", gg_desc(src, GECL_FORMAT_ND, 2, dims), x);
    int32_t op = GG_OP(g, "cast", "Cast", px);
    gg_attr_int(g, op, "dst_type", dst);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    if (!gg_shape_is(name, &y, dst, 2, dims)) return 0;
    if (dst == GECL_DT_FLOAT || dst == GECL_DT_FLOAT16) return gg_close(name, &y, ref, NULL, n, 0, 0);
    int64_t *want = gg_alloc(n * sizeof *want);
    for (size_t i = 0; i < n; i++) want[i] = (int64_t)ref[i];
    return gg_equal_ints(name, &y, want, n);
}

static void test_cast(void **state)
{
    (void)state;
    static const gecl_dtype pairs[][2] = {
        {GECL_DT_FLOAT, GECL_DT_INT32},   {GECL_DT_INT32, GECL_DT_FLOAT},   {GECL_DT_FLOAT, GECL_DT_INT64},
        {GECL_DT_INT64, GECL_DT_FLOAT},   {GECL_DT_FLOAT, GECL_DT_FLOAT16}, {GECL_DT_FLOAT16, GECL_DT_FLOAT},
        {GECL_DT_FLOAT, GECL_DT_UINT8},   {GECL_DT_UINT8, GECL_DT_FLOAT},   {GECL_DT_FLOAT, GECL_DT_BOOL},
        {GECL_DT_BOOL, GECL_DT_FLOAT},    {GECL_DT_INT32, GECL_DT_INT64},   {GECL_DT_INT64, GECL_DT_INT32},
        {GECL_DT_INT32, GECL_DT_BOOL},    {GECL_DT_BOOL, GECL_DT_INT32},    {GECL_DT_FLOAT, GECL_DT_FLOAT},
    };
    int failures = 0;
    gg_seed(9);
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) failures += !run_cast(pairs[i][0], pairs[i][1]);
    GG_NO_FAILURES(failures);
}

/* Large integers to float round to nearest even; float16 rounding at halfway points. */
static void test_cast_rounding(void **state)
{
    (void)state;
    const int64_t dims[] = {6};
    /* 2^24 + 1 and + 3 are halfway between floats: to even gives 2^24 and 2^24 + 4 */
    const int32_t ints[6] = {16777217, 16777219, -16777217, 2147483647, -2147483647 - 1, 123456789};
    double want_i[6];
    for (int i = 0; i < 6; i++) want_i[i] = (float)ints[i];
    /* 1 + 2^-11 is halfway between float16 1 and 1 + 2^-10: to even gives 1; 1 + 3 * 2^-11 gives
     * 1 + 2^-9; 65504 is the largest float16; 2^-24 the smallest subnormal */
    const float floats[6] = {1.0f + 0x1p-11f, 1.0f + 3 * 0x1p-11f, 65504.0f, 0x1p-24f, -3.0e-5f, 1000.3f};
    double want_h[6];
    for (int i = 0; i < 6; i++) want_h[i] = ref_f16_to_f32(ref_f32_to_f16(floats[i]));

    gg_graph *g = gg_new("cast rounding");
    gecl_port pi = gg_data(g, "i", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 1, dims), ints);
    gecl_port pf = gg_data(g, "f", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, dims), floats);
    int32_t ci = GG_OP(g, "cast_i", "Cast", pi);
    gg_attr_int(g, ci, "dst_type", GECL_DT_FLOAT);
    int32_t cf = GG_OP(g, "cast_f", "Cast", pf);
    gg_attr_int(g, cf, "dst_type", GECL_DT_FLOAT16);
    gecl_tensor y[2];
    gg_run(g, 2, GG_PORTS(gg_port(ci), gg_port(cf)), y);
    int failures = 0;
    failures += !(gg_shape_is("int32 -> float", &y[0], GECL_DT_FLOAT, 1, dims) &&
                  gg_close("int32 -> float", &y[0], want_i, NULL, 6, 0, 0));
    failures += !(gg_shape_is("float -> float16", &y[1], GECL_DT_FLOAT16, 1, dims) &&
                  gg_close("float -> float16", &y[1], want_h, NULL, 6, 0, 0));
    GG_NO_FAILURES(failures);
}

/* ---- chains (fused by the compiler) ---- */

/* y = Relu(a * b + c) - d: c a row vector, d a scalar Const. */
static void test_chain_mul_add_relu_sub(void **state)
{
    (void)state;
    const int64_t dims[] = {2, 3, 5, 17}, cd[] = {17};
    const size_t n = 510;
    gg_seed(10);
    float *a = gg_rand_f32(n, -2, 2), *b = gg_rand_f32(n, -2, 2), *c = gg_rand_f32(17, -1, 1);
    const float d = 0.375f;
    double *ref = gg_alloc(n * sizeof *ref), *mag = gg_alloc(n * sizeof *mag);
    for (size_t i = 0; i < n; i++) {
        double t = (double)a[i] * b[i] + c[i % 17];
        ref[i] = (t > 0 ? t : 0) - d;
        mag[i] = fabs((double)a[i] * b[i]) + fabs(c[i % 17]) + d;
    }
    gg_graph *g = gg_new("chain mul add relu sub");
    gecl_port pa = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 4, dims), a);
    gecl_port pb = gg_data(g, "b", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 4, dims), b);
    gecl_port pc = gg_data(g, "c", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, cd), c);
    gecl_port pd = gg_const(g, "d", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &d);
    int32_t mul = GG_OP(g, "mul", "Mul", pa, pb);
    int32_t add = GG_OP(g, "add", "Add", gg_port(mul), pc);
    int32_t relu = GG_OP(g, "relu", "Relu", gg_port(add));
    int32_t sub = GG_OP(g, "sub", "Sub", gg_port(relu), pd);
    gecl_tensor y = gg_run1(g, gg_port(sub));
    /* a*b+c may be one fma (one rounding) or two roundings; the bound is on the terms */
    assert_true(gg_expect("chain", &y, 4, dims, ref, mag, 4 * GG_REL_EXACT, GG_ABS_EXACT));
}

/* SiLU then Tanh then Abs: one input used by two ops of the chain (x * Sigmoid(x)). */
static void test_chain_silu_tanh_abs(void **state)
{
    (void)state;
    const int64_t dims[] = {7, 129};
    const size_t n = 903;
    gg_seed(11);
    float *x = gg_rand_f32(n, -6, 6);
    double *ref = gg_alloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++) ref[i] = fabs(tanh(x[i] * ref_unary_apply(REF_SIGMOID, x[i])));
    gg_graph *g = gg_new("chain silu tanh abs");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), x);
    int32_t sig = GG_OP(g, "sigmoid", "Sigmoid", px);
    int32_t mul = GG_OP(g, "silu", "Mul", px, gg_port(sig));
    int32_t th = GG_OP(g, "tanh", "Tanh", gg_port(mul));
    int32_t ab = GG_OP(g, "abs", "Abs", gg_port(th));
    gecl_tensor y = gg_run1(g, gg_port(ab));
    assert_true(gg_expect("silu tanh abs", &y, 2, dims, ref, NULL, 3 * GG_REL_TRANSC, GG_ABS_TRANSC));
}

/* Cast in the middle of a chain: int32 -> float, scale, Floor, back to int32. */
static void test_chain_with_casts(void **state)
{
    (void)state;
    const int64_t dims[] = {4, 25};
    const size_t n = 100;
    int32_t *x = gg_alloc(n * sizeof *x);
    int64_t *want = gg_alloc(n * sizeof *want);
    const float scale = 0.3f;
    gg_seed(12);
    for (size_t i = 0; i < n; i++) {
        x[i] = (int32_t)floor(gg_uniform(-500, 500));
        /* the product rounded to float, as the engine computes it, then floor */
        want[i] = (int64_t)floor((double)(float)((double)(float)x[i] * scale));
    }
    gg_graph *g = gg_new("chain with casts");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, dims), x);
    gecl_port ps = gg_const(g, "scale_value", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &scale);
    int32_t c1 = GG_OP(g, "to_float", "Cast", px);
    gg_attr_int(g, c1, "dst_type", GECL_DT_FLOAT);
    int32_t mul = GG_OP(g, "scale", "Mul", gg_port(c1), ps);
    int32_t fl = GG_OP(g, "floor", "Floor", gg_port(mul));
    int32_t c2 = GG_OP(g, "to_int", "Cast", gg_port(fl));
    gg_attr_int(g, c2, "dst_type", GECL_DT_INT32);
    gecl_tensor y = gg_run1(g, gg_port(c2));
    assert_true(gg_shape_is("casts", &y, GECL_DT_INT32, 2, dims));
    assert_true(gg_equal_ints("casts", &y, want, n));
}

/* A diamond with two outputs: t = Exp(x) is an output and feeds y = t / (t + 1). */
static void test_chain_two_outputs(void **state)
{
    (void)state;
    const int64_t dims[] = {3, 50};
    const size_t n = 150;
    const float one = 1.0f;
    gg_seed(13);
    float *x = gg_rand_f32(n, -5, 5);
    double *rt = gg_alloc(n * sizeof *rt), *ry = gg_alloc(n * sizeof *ry);
    for (size_t i = 0; i < n; i++) {
        rt[i] = exp(x[i]);
        ry[i] = rt[i] / (rt[i] + 1);
    }
    gg_graph *g = gg_new("diamond two outputs");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), x);
    gecl_port p1 = gg_const(g, "one", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, (const int64_t[]){1}), &one);
    int32_t ex = GG_OP(g, "exp", "Exp", px);
    int32_t add = GG_OP(g, "add", "Add", gg_port(ex), p1);
    int32_t div = GG_OP(g, "div", "RealDiv", gg_port(ex), gg_port(add));
    gecl_tensor y[2];
    /* outputs in the reverse order of their computation */
    gg_run(g, 2, GG_PORTS(gg_port(div), gg_port(ex)), y);
    int failures = 0;
    failures += !gg_expect("y = t / (t + 1)", &y[0], 2, dims, ry, NULL, 2 * GG_REL_TRANSC, GG_ABS_TRANSC);
    failures += !gg_expect("t = exp(x)", &y[1], 2, dims, rt, NULL, GG_REL_TRANSC, GG_ABS_TRANSC);
    GG_NO_FAILURES(failures);
}

/* Eight ops in a row with broadcast operands entering mid-chain. */
static void test_chain_long(void **state)
{
    (void)state;
    const int64_t dims[] = {2, 4, 6, 8}, chd[] = {1, 4, 1, 1};
    const size_t n = 384;
    gg_seed(14);
    float *x = gg_rand_f32(n, -3, 3), *s = gg_rand_f32(4, 0.5, 1.5), *t = gg_rand_f32(4, -1, 1);
    const float six = 6.0f;
    double *ref = gg_alloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++) {
        size_t ch = (i / 48) % 4;
        double v = x[i] * (double)s[ch];                     /* Mul  [1,C,1,1] */
        v = v + t[ch];                                       /* Add  [1,C,1,1] */
        v = v < 0 ? 0 : (v > 6 ? 6 : v);                     /* Relu6 */
        v = v * v;                                           /* Square */
        v = v / six;                                         /* RealDiv scalar */
        v = sqrt(v);                                         /* Sqrt */
        v = -v;                                              /* Neg */
        v = v > -1.5 ? v : -1.5;                             /* Maximum scalar */
        ref[i] = v;
    }
    const float lower = -1.5f;
    gg_graph *g = gg_new("chain long");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, dims), x);
    gecl_port ps = gg_const(g, "scale", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, chd), s);
    gecl_port pt = gg_data(g, "shift", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, chd), t);
    gecl_port p6 = gg_const(g, "six", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &six);
    gecl_port pl = gg_const(g, "lower", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &lower);
    int32_t n1 = GG_OP(g, "mul", "Mul", px, ps);
    int32_t n2 = GG_OP(g, "add", "Add", gg_port(n1), pt);
    int32_t n3 = GG_OP(g, "relu6", "Relu6", gg_port(n2));
    int32_t n4 = GG_OP(g, "square", "Square", gg_port(n3));
    int32_t n5 = GG_OP(g, "div", "RealDiv", gg_port(n4), p6);
    int32_t n6 = GG_OP(g, "sqrt", "Sqrt", gg_port(n5));
    int32_t n7 = GG_OP(g, "neg", "Neg", gg_port(n6));
    int32_t n8 = GG_OP(g, "max", "Maximum", gg_port(n7), pl);
    gecl_tensor y = gg_run1(g, gg_port(n8));
    /* a few roundings of ~1e-7 each, magnified at most 2x by the square and halved by sqrt */
    assert_true(gg_expect("long chain", &y, 4, dims, ref, NULL, GG_REL_TRANSC, GG_ABS_TRANSC));
}

/* ---- constants ---- */

/* Relu(a + b) with a and b Const and no Data at all: folding must give the same answer as the
 * kernels; the graph runs with no inputs. Also Exp of a Const next to a Data input. */
static void test_all_const_graph(void **state)
{
    (void)state;
    const int64_t dims[] = {5, 6};
    gg_seed(15);
    float *a = gg_rand_f32(30, -2, 2), *b = gg_rand_f32(30, -2, 2), *x = gg_rand_f32(30, -2, 2);
    double *ref = gg_alloc(30 * sizeof *ref), *ref2 = gg_alloc(30 * sizeof *ref2);
    for (int i = 0; i < 30; i++) {
        double s = (double)a[i] + b[i];
        ref[i] = s > 0 ? s : 0;
        ref2[i] = exp(a[i]) * x[i];
    }
    gg_graph *g = gg_new("all const");
    gecl_port pa = gg_const(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), a);
    gecl_port pb = gg_const(g, "b", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), b);
    int32_t add = GG_OP(g, "add", "Add", pa, pb);
    int32_t relu = GG_OP(g, "relu", "Relu", gg_port(add));
    gecl_tensor y = gg_run1(g, gg_port(relu));
    int failures = !gg_expect("folded relu(a + b)", &y, 2, dims, ref, NULL, GG_REL_EXACT, GG_ABS_EXACT);

    gg_graph *g2 = gg_new("const feeding data op");
    gecl_port ca = gg_const(g2, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), a);
    gecl_port px = gg_data(g2, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), x);
    int32_t ex = GG_OP(g2, "exp", "Exp", ca);
    int32_t mul = GG_OP(g2, "mul", "Mul", gg_port(ex), px);
    gecl_tensor y2 = gg_run1(g2, gg_port(mul));
    failures += !gg_expect("exp(const) * x", &y2, 2, dims, ref2, NULL, 2 * GG_REL_TRANSC, GG_ABS_TRANSC);
    GG_NO_FAILURES(failures);
}

/* ---- runs ---- */

/* One added graph run twice with new input data: the second run must see the new data (no
 * input treated as a constant) and may write into caller-provided host buffers. */
static void test_run_twice(void **state)
{
    (void)state;
    const int64_t dims[] = {4, 45};
    const size_t n = 180;
    gg_seed(16);
    float *a = gg_rand_f32(n, -2, 2), *b = gg_rand_f32(n, -2, 2);
    double *ref = gg_alloc(n * sizeof *ref);
    gg_graph *g = gg_new("run twice");
    gecl_port pa = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), a);
    gecl_port pb = gg_data(g, "b", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), b);
    int32_t mul = GG_OP(g, "mul", "Mul", pa, pb);
    int32_t relu = GG_OP(g, "relu", "Relu", gg_port(mul));
    GG_OK(gecl_graph_set_outputs(g->graph, 1, GG_PORTS(gg_port(relu))));
    const uint32_t id = 9000;
    GG_OK(gecl_session_add_graph(gg_session(), id, g->graph, 0, NULL, NULL));
    float *out = gg_alloc(n * sizeof *out);
    int failures = 0;
    for (int run = 0; run < 3; run++) {
        for (size_t i = 0; i < n; i++) {
            a[i] = (float)gg_uniform(-2, 2);
            double v = (double)a[i] * b[i];
            ref[i] = v > 0 ? v : 0;
        }
        gecl_tensor y;
        memset(&y, 0, sizeof y);
        y.placement = GECL_ON_HOST;
        if (run > 0) {
            /* written in place: the caller's buffer and description */
            memset(out, 0xff, n * sizeof *out);
            y.desc = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims);
            y.data = out;
            y.bytes = n * sizeof *out;
        }
        gecl_status rc = gecl_session_run_graph(gg_session(), id, g->n_data, g->inputs, 1, &y);
        if (rc != GECL_SUCCESS) {
            print_error("run %d: gecl_session_run_graph returned %u: %s\n", run, (unsigned)rc, gecl_last_error());
            failures++;
            continue;
        }
        char what[32];
        snprintf(what, sizeof what, "run %d", run);
        failures += !gg_expect(what, &y, 2, dims, ref, NULL, GG_REL_EXACT, GG_ABS_EXACT);
        if (run == 0) GG_OK(gecl_output_free(y.data));
        else if (y.data != out) {
            print_error("run %d: the output was not written into the caller's buffer\n", run);
            failures++;
        }
    }
    GG_OK(gecl_session_remove_graph(gg_session(), id));
    GG_NO_FAILURES(failures);
}

/* ~1M elements: many work-groups, a row broadcast, then Tanh. */
static void test_large_elementwise(void **state)
{
    (void)state;
    const int64_t dims[] = {1024, 1031}, rd[] = {1031};
    const size_t n = 1024 * 1031;
    gg_seed(17);
    float *a = gg_rand_f32(n, -3, 3), *b = gg_rand_f32(1031, -3, 3);
    double *ref = gg_alloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++) ref[i] = tanh((double)a[i] + b[i % 1031]);
    gg_graph *g = gg_new("large add tanh");
    gecl_port pa = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), a);
    gecl_port pb = gg_data(g, "b", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, rd), b);
    int32_t add = GG_OP(g, "add", "Add", pa, pb);
    int32_t th = GG_OP(g, "tanh", "Tanh", gg_port(add));
    gecl_tensor y = gg_run1(g, gg_port(th));
    assert_true(gg_expect("large add tanh", &y, 2, dims, ref, NULL, 2 * GG_REL_TRANSC, GG_ABS_TRANSC));
}

/* The same port twice among the outputs, and a Data input both an output and an op's input:
 * every output gets its own copy. */
static void test_repeated_outputs(void **state)
{
    (void)state;
    const int64_t dims[] = {3, 11};
    gg_seed(18);
    float *x = gg_rand_f32(33, -2, 2);
    double *rx = gg_f64_of_f32(x, 33), *ry = gg_alloc(33 * sizeof *ry);
    ref_unary_map(REF_RELU, rx, 33, ry);
    gg_graph *g = gg_new("repeated outputs");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), x);
    int32_t relu = GG_OP(g, "relu", "Relu", px);
    gecl_tensor y[3];
    gg_run(g, 3, GG_PORTS(gg_port(relu), px, gg_port(relu)), y);
    int failures = !gg_expect("relu (1st)", &y[0], 2, dims, ry, NULL, 0, 0);
    failures += !gg_expect("x", &y[1], 2, dims, rx, NULL, 0, 0);
    failures += !gg_expect("relu (2nd)", &y[2], 2, dims, ry, NULL, 0, 0);
    if (y[0].data == y[2].data) {
        print_error("the two outputs of the same port share one buffer (each must be freed on its own)\n");
        failures++;
    }
    GG_NO_FAILURES(failures);
}

/* ---- errors ---- */

static void test_errors(void **state)
{
    (void)state;
    const int64_t d34[] = {3, 4}, d5[] = {5}, d4[] = {4};
    int failures = 0;
    float zeros[32] = {0};

    /* shapes that do not broadcast */
    gg_graph *g = gg_new("bad broadcast");
    gecl_port a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d34), zeros);
    gecl_port b = gg_data(g, "b", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, d5), zeros);
    int32_t op = GG_OP(g, "add_bad_shapes", "Add", a, b);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "add_bad_shapes");

    /* an op type gecl does not know */
    g = gg_new("unknown type");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d34), zeros);
    op = GG_OP(g, "mystery_node", "NoSuchOpType", a);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "mystery_node");

    /* a required input missing: too few inputs, and an absent port */
    g = gg_new("add one input");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d34), zeros);
    op = GG_OP(g, "add_one_input", "Add", a);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "add_one_input");

    g = gg_new("add absent input");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d34), zeros);
    op = GG_OP(g, "add_absent_input", "Add", a, GG_NO_PORT);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "add_absent_input");

    g = gg_new("relu no input");
    op = gg_op(g, "relu_no_input", "Relu", 0, NULL);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "relu_no_input");

    /* too many inputs */
    g = gg_new("relu two inputs");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d34), zeros);
    op = GG_OP(g, "relu_two_inputs", "Relu", a, a);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "relu_two_inputs");

    /* Cast: dst_type is a required attribute, and must be a type */
    g = gg_new("cast no dst_type");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d34), zeros);
    op = GG_OP(g, "cast_no_type", "Cast", a);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "cast_no_type");

    g = gg_new("cast bad dst_type");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d34), zeros);
    op = GG_OP(g, "cast_bad_type", "Cast", a);
    gg_attr_int(g, op, "dst_type", 999);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "cast_bad_type");

    /* Log is defined on floating types only (CANN's prototype) */
    g = gg_new("log of int32");
    a = gg_data(g, "a", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, d34), zeros);
    op = GG_OP(g, "log_int", "Log", a);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "log_int");

    /* BiasAdd: the bias length must be the channel count, and the bias 1-D */
    g = gg_new("bias length");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, GG_DIMS(1, 3, 2, 2)), zeros);
    b = gg_const(g, "bias", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, d4), zeros);
    op = GG_OP(g, "bias_len", "BiasAdd", a, b);
    gg_attr_string(g, op, "data_format", "NCHW");
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "bias_len");

    g = gg_new("bias rank");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NHWC, 4, GG_DIMS(1, 2, 2, 4)), zeros);
    b = gg_const(g, "bias", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(1, 4)), zeros);
    op = GG_OP(g, "bias_rank", "BiasAdd", a, b);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "bias_rank");

    g = gg_new("bias format");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NHWC, 4, GG_DIMS(1, 2, 2, 4)), zeros);
    b = gg_const(g, "bias", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, d4), zeros);
    op = GG_OP(g, "bias_format", "BiasAdd", a, b);
    gg_attr_string(g, op, "data_format", "WHAT");
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "bias_format");

    /* an input taken from an output a node does not have: rejected when the op is added, or
     * else at validation */
    g = gg_new("bad output index");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d34), zeros);
    int32_t relu = GG_OP(g, "relu", "Relu", a);
    const gecl_port port_1 = {relu, 1};
    gecl_status rc = gecl_graph_add_op(g->graph, "neg_of_port_1", "Neg", 1, &port_1, &op);
    if (rc == GECL_SUCCESS) {
        failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "neg_of_port_1");
    } else if (rc != GECL_PARAM_INVALID || !strstr(gecl_last_error(), "neg_of_port_1")) {
        print_error("gecl_graph_add_op with input (relu, 1) returned %u: \"%s\", expected GECL_PARAM_INVALID "
                    "naming neg_of_port_1\n",
                    (unsigned)rc, gecl_last_error());
        failures++;
    }

    /* a cycle made with gecl_graph_set_input: both nodes are named cyc_* */
    g = gg_new("cycle");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d34), zeros);
    int32_t c1 = GG_OP(g, "cyc_first", "Add", a, a);
    int32_t c2 = GG_OP(g, "cyc_second", "Relu", gg_port(c1));
    GG_OK(gecl_graph_set_input(g->graph, c1, 1, gg_port(c2)));
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(c2)), "cyc_");

    GG_NO_FAILURES(failures);
}

/* Sizes no device holds: a description whose byte size overflows 64 bits (it must not wrap to a
 * small tensor), an op whose inferred output does, and a plan larger than the device's largest
 * allocation, refused at load with the figures rather than as a driver code. */
static void test_size_errors(void **state)
{
    (void)state;
    int failures = 0;
    static float zeros[4];
    const gecl_tensor_desc huge = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, GG_DIMS(1LL << 31, 1LL << 31, 1LL << 31));
    gg_graph *g = gg_new("huge data");
    gecl_port p;
    gecl_status rc = gecl_graph_add_data(g->graph, "x_huge", 0, &huge, &p);
    if (rc != GECL_PARAM_INVALID || !strstr(gecl_last_error(), "x_huge") || !strstr(gecl_last_error(), "TiB")) {
        print_error("gecl_graph_add_data([2^31,2^31,2^31]) returned %u: \"%s\"\n", (unsigned)rc, gecl_last_error());
        failures++;
    }
    rc = gecl_graph_add_const(g->graph, "c_huge", &huge, zeros, sizeof zeros, &p);
    if (rc != GECL_PARAM_INVALID || !strstr(gecl_last_error(), "c_huge")) {
        print_error("gecl_graph_add_const([2^31,2^31,2^31]) returned %u: \"%s\"\n", (unsigned)rc, gecl_last_error());
        failures++;
    }

    /* [2^26,1] + [1,2^26] broadcasts to 2^52 floats (16 PiB) */
    g = gg_new("huge broadcast");
    gecl_port a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(1LL << 26, 1)), zeros);
    gecl_port b = gg_data(g, "b", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(1, 1LL << 26)), zeros);
    int32_t op = GG_OP(g, "add_huge", "Add", a, b);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "add_huge");

    /* 4 TiB of floats compiles (the size is representable) but no OpenCL device allocates it */
    g = gg_new("too big to load");
    a = gg_data(g, "a", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(1LL << 20, 1LL << 20)), zeros);
    op = GG_OP(g, "relu_big", "Relu", a);
    GG_OK(gecl_graph_set_outputs(g->graph, 1, GG_PORTS(gg_port(op))));
    gecl_session s = gg_session();
    const uint32_t id = 4000;
    GG_OK(gecl_session_add_graph(s, id, g->graph, 0, NULL, NULL));
    GG_OK(gecl_session_compile_graph(s, id));
    rc = gecl_session_load_graph(s, id, 0, NULL, NULL, NULL);
    if (rc != GECL_FAILED || !strstr(gecl_last_error(), "allocates at most")) {
        print_error("LoadGraph of a 4 TiB graph returned %u: \"%s\"\n", (unsigned)rc, gecl_last_error());
        failures++;
    }
    GG_OK(gecl_session_remove_graph(s, id));
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_unary_float),
        GG_TEST(test_unary_int32),
        GG_TEST(test_binary_ops),
        GG_TEST(test_broadcasting),
        GG_TEST(test_binary_const_operand),
        GG_TEST(test_binary_int32),
        GG_TEST(test_binary_float16),
        GG_TEST(test_bias_add),
        GG_TEST(test_cast),
        GG_TEST(test_cast_rounding),
        GG_TEST(test_chain_mul_add_relu_sub),
        GG_TEST(test_chain_silu_tanh_abs),
        GG_TEST(test_chain_with_casts),
        GG_TEST(test_chain_two_outputs),
        GG_TEST(test_chain_long),
        GG_TEST(test_all_const_graph),
        GG_TEST(test_run_twice),
        GG_TEST(test_large_elementwise),
        GG_TEST(test_repeated_outputs),
        GG_TEST(test_errors),
        GG_TEST(test_size_errors),
    };
    return GG_RUN_GROUP(tests);
}
