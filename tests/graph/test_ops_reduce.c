/*
 * test_ops_reduce.c: the reductions (ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd,
 * ReduceLogSumExp, EuclideanNorm, and the D forms with attribute axes), ArgMaxV2 / ArgMin,
 * LogSoftmaxV2, HardMax and ReverseV2 against a CPU reference written here from the operator
 * definitions (TensorFlow's, which CANN follows; ONNX's for HardMax and log-sum-exp): plain loops
 * over row-major tensors of doubles.
 *
 * Shapes cover both kernels of kernels/reduce.cl (a work-item per output; a work-group per
 * output once an output reduces 128 or more elements), one reduced axis (last, first, middle),
 * several contiguous ones, non-contiguous ones (merged into separate strided runs), all axes,
 * size-1 axes, negative axes, keep_dims, and empty axes with noop_with_empty_axes both ways.
 * Dtypes: float32 for every kind; float16 (float arithmetic), double, int32 and int64 (exact)
 * for the kinds that take them.
 *
 * Tolerances: max, min, the arg kinds, HardMax, ReverseV2 and integer results are exact. A float
 * sum of K terms: GG_REL_ACC of the sum of |terms| (mean: of their mean); a product or a
 * Euclidean norm errs by ~K ulp relative: 1e-5 relative; log-sum-exp and log-softmax add exp
 * and log (GG_REL_TRANSC + GG_ABS_TRANSC on the largest term's scale). float16: one rounding of
 * the result, GG_REL_F16 (the float sum of float16 inputs is far more precise).
 */
#include "graph_util.h"

#include <math.h>
#include <string.h>

typedef enum rk { RK_SUM, RK_MEAN, RK_MAX, RK_MIN, RK_PROD, RK_LSE, RK_L2, RK_ARGMAX, RK_ARGMIN } rk;

static const struct {
    const char *op, *op_d; /* with axes as an input; as an attribute (NULL: none) */
    rk kind;
} KINDS[] = {
    {"ReduceSum", "ReduceSumD", RK_SUM},        {"ReduceMean", "ReduceMeanD", RK_MEAN},
    {"ReduceMax", "ReduceMaxD", RK_MAX},        {"ReduceMin", "ReduceMinD", RK_MIN},
    {"ReduceProd", "ReduceProdD", RK_PROD},     {"ReduceLogSumExp", NULL, RK_LSE},
    {"EuclideanNorm", NULL, RK_L2},
};

/* ---- reference ---- */

/* y[o] = the reduction over the axes in `red` of x; o indexes the kept axes row-major. Also
 * |terms| summed (mag) for the tolerance of sums. Argmax/argmin: the first position in the
 * reduced axes' row-major order. */
static void ref_reduce(rk kind, const double *x, const int64_t *dims, int rank, const int *red, double *y,
                       double *mag, size_t n_out)
{
    int64_t total = ref_numel(dims, rank), count = 1;
    for (int a = 0; a < rank; a++)
        if (red[a]) count *= dims[a];
    double *m = gg_alloc((n_out ? n_out : 1) * sizeof *m);
    int64_t *at = gg_alloc((n_out ? n_out : 1) * sizeof *at);
    for (size_t o = 0; o < n_out; o++) {
        y[o] = kind == RK_PROD ? 1 : kind == RK_MAX ? -INFINITY : kind == RK_MIN ? INFINITY : 0;
        mag[o] = 0;
        m[o] = -INFINITY;
        at[o] = -1;
    }
    for (int pass = 0; pass < (kind == RK_LSE ? 2 : 1); pass++)
        for (int64_t i = 0; i < total; i++) {
            int64_t rest = i, o = 0, ostride = 1, j = 0, jstride = 1;
            for (int a = rank - 1; a >= 0; a--) {
                int64_t c = rest % dims[a];
                rest /= dims[a];
                if (red[a]) j += c * jstride, jstride *= dims[a];
                else o += c * ostride, ostride *= dims[a];
            }
            const double v = x[i];
            switch (kind) {
            case RK_MAX: y[o] = v > y[o] ? v : y[o]; break;
            case RK_MIN: y[o] = v < y[o] ? v : y[o]; break;
            case RK_PROD: y[o] *= v; break;
            case RK_L2: y[o] += v * v, mag[o] += v * v; break;
            case RK_LSE:
                if (pass == 0) m[o] = v > m[o] ? v : m[o];
                else y[o] += exp(v - m[o]);
                break;
            case RK_ARGMAX: if (at[o] < 0 || v > m[o]) m[o] = v, at[o] = j; break;
            case RK_ARGMIN: if (at[o] < 0 || -v > m[o]) m[o] = -v, at[o] = j; break;
            default: y[o] += v, mag[o] += fabs(v); break;
            }
        }
    for (size_t o = 0; o < n_out; o++) {
        if (kind == RK_MEAN) y[o] /= (double)count, mag[o] /= (double)count;
        if (kind == RK_L2) y[o] = sqrt(y[o]);
        if (kind == RK_LSE) y[o] = m[o] + log(y[o]), mag[o] = fabs(m[o]) + 1;
        if (kind == RK_ARGMAX || kind == RK_ARGMIN) y[o] = (double)at[o];
    }
}

/* ---- one reduction case ---- */

typedef struct rcase {
    int rank;
    int64_t dims[5];
    int n_axes;
    int64_t axes[5];
    int keep;
} rcase;

static const rcase CASES[] = {
    {3, {3, 4, 5}, 1, {2}, 0},                 /* last axis */
    {3, {3, 4, 5}, 1, {-1}, 1},                /* negative, keep_dims */
    {3, {3, 4, 5}, 1, {0}, 1},                 /* first axis */
    {3, {3, 4, 5}, 1, {1}, 0},                 /* middle axis */
    {3, {3, 4, 5}, 2, {0, 2}, 1},              /* non-contiguous: two strided runs */
    {4, {2, 3, 4, 5}, 2, {1, 3}, 0},           /* alternating kept / reduced */
    {4, {2, 3, 4, 5}, 2, {2, 1}, 1},           /* contiguous, given out of order */
    {3, {3, 4, 5}, 3, {0, 1, 2}, 0},           /* everything: a scalar */
    {3, {3, 4, 5}, 3, {2, 0, 1}, 1},           /* everything, kept as [1, 1, 1] */
    {4, {2, 1, 6, 1}, 2, {1, 2}, 1},           /* size-1 axes among the reduced ones */
    {2, {7, 1}, 1, {1}, 0},                    /* only a size-1 axis: one input per output */
    {2, {5, 300}, 1, {1}, 0},                  /* long rows: a work-group per output */
    {2, {400, 6}, 1, {0}, 1},                  /* long columns, few outputs: work-groups, strided */
    {3, {20, 7, 30}, 2, {0, 2}, 0},            /* long non-contiguous: work-groups */
    {2, {2, 5000}, 1, {-1}, 0},                /* many elements per work-item of the group */
    {1, {1}, 1, {0}, 0},                       /* one element */
};

static int is_int(gecl_dtype dt)
{
    return dt == GECL_DT_INT8 || dt == GECL_DT_INT16 || dt == GECL_DT_INT32 || dt == GECL_DT_INT64 ||
           dt == GECL_DT_UINT8 || dt == GECL_DT_UINT16 || dt == GECL_DT_UINT32;
}

/* bfloat16: the high half of a float32, rounded to nearest even (CANN's cast). */
static uint16_t ref_f32_to_bf16(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    if (isnan(f)) return (uint16_t)((u >> 16) | 0x40);
    return (uint16_t)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

static float ref_bf16_to_f32(uint16_t b)
{
    const uint32_t u = (uint32_t)b << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* An integer result as the type stores it: sums that overflow wrap, as CANN's integer sums do. */
static double wrap_to(gecl_dtype dt, double v)
{
    const int64_t i = (int64_t)v;
    switch (dt) {
    case GECL_DT_INT8: return (int8_t)i;
    case GECL_DT_INT16: return (int16_t)i;
    case GECL_DT_UINT8: return (uint8_t)i;
    case GECL_DT_UINT16: return (uint16_t)i;
    case GECL_DT_UINT32: return (uint32_t)i;
    default: return v;
    }
}

/* Values: for products close to 1 (no overflow), else [lo, hi]. */
static double *make_input(size_t n, rk kind, gecl_dtype dt, double lo, double hi)
{
    double *v = gg_alloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const int integer = is_int(dt), is_unsigned = dt == GECL_DT_UINT8 || dt == GECL_DT_UINT16 || dt == GECL_DT_UINT32;
        double r = kind == RK_PROD ? gg_uniform(0.9, 1.1) * (gg_uniform(0, 1) < 0.2 ? -1 : 1) : gg_uniform(lo, hi);
        if (integer) r = kind == RK_PROD ? (r < 0 ? -1 : 1) : floor(r); /* products of +-1: no overflow */
        if (is_unsigned) r = fabs(r);
        if (dt == GECL_DT_FLOAT16) r = ref_f16_to_f32(ref_f32_to_f16((float)r));
        if (dt == GECL_DT_BF16) r = ref_bf16_to_f32(ref_f32_to_bf16((float)r));
        if (dt == GECL_DT_FLOAT) r = (float)r;
        v[i] = r;
    }
    return v;
}

/* The bytes of v as dtype dt (tracked). */
static void *as_dtype(const double *v, size_t n, gecl_dtype dt)
{
    void *p = gg_alloc(n * 8 + 1);
    for (size_t i = 0; i < n; i++) switch (dt) {
        case GECL_DT_FLOAT: ((float *)p)[i] = (float)v[i]; break;
        case GECL_DT_FLOAT16: ((uint16_t *)p)[i] = ref_f32_to_f16((float)v[i]); break;
        case GECL_DT_DOUBLE: ((double *)p)[i] = v[i]; break;
        case GECL_DT_INT32: ((int32_t *)p)[i] = (int32_t)v[i]; break;
        case GECL_DT_BF16: ((uint16_t *)p)[i] = ref_f32_to_bf16((float)v[i]); break;
        case GECL_DT_INT8: ((int8_t *)p)[i] = (int8_t)v[i]; break;
        case GECL_DT_INT16: ((int16_t *)p)[i] = (int16_t)v[i]; break;
        case GECL_DT_UINT8: ((uint8_t *)p)[i] = (uint8_t)v[i]; break;
        case GECL_DT_UINT16: ((uint16_t *)p)[i] = (uint16_t)v[i]; break;
        case GECL_DT_UINT32: ((uint32_t *)p)[i] = (uint32_t)v[i]; break;
        default: ((int64_t *)p)[i] = (int64_t)v[i]; break;
        }
    return p;
}

static double tolerance(rk kind, gecl_dtype dt, int64_t count, double *abs)
{
    *abs = GG_ABS_ACC;
    if (dt == GECL_DT_FLOAT16) return GG_REL_F16;
    if (dt == GECL_DT_BF16) return kind == RK_MAX || kind == RK_MIN ? (*abs = 0, 0) : 1.0 / 128; /* 8-bit mantissa */
    if (kind == RK_MAX || kind == RK_MIN || is_int(dt)) return *abs = 0, 0;
    if (kind == RK_LSE) return *abs = GG_ABS_TRANSC, GG_REL_TRANSC;
    if (kind == RK_PROD || kind == RK_L2) return count > 1000 ? 1e-4 : 1e-5;
    return GG_REL_ACC;
}

/* One reduction; attr: axes as the D form's attribute; noop: the noop_with_empty_axes value to
 * set (-1: leave the default). */
static int run_case(int k, gecl_dtype dt, const rcase *rc, int attr, int all_const)
{
    const rk kind = KINDS[k].kind;
    const size_t n = (size_t)ref_numel(rc->dims, rc->rank);
    double *x = make_input(n, kind, dt, kind == RK_LSE ? -20 : -4, kind == RK_LSE ? 20 : 4);
    int red[5] = {0};
    int64_t odims[5];
    int orank = 0;
    for (int i = 0; i < rc->n_axes; i++) red[rc->axes[i] < 0 ? rc->axes[i] + rc->rank : rc->axes[i]] = 1;
    for (int a = 0; a < rc->rank; a++)
        if (!red[a] || rc->keep) odims[orank++] = red[a] ? 1 : rc->dims[a];
    const size_t n_out = (size_t)ref_numel(odims, orank);
    double *ref = gg_alloc(n_out * sizeof *ref), *mag = gg_alloc(n_out * sizeof *mag);
    ref_reduce(kind, x, rc->dims, rc->rank, red, ref, mag, n_out);
    for (size_t i = 0; i < n_out && is_int(dt); i++) ref[i] = wrap_to(dt, ref[i]);

    const char *op = attr ? KINDS[k].op_d : KINDS[k].op;
    char name[160], ds[64], as[64];
    snprintf(name, sizeof name, "%s %s %s axes %s%s%s", op, gecl_dtype_name(dt),
             gg_shape_str(rc->dims, rc->rank, ds, sizeof ds), gg_shape_str(rc->axes, rc->n_axes, as, sizeof as),
             rc->keep ? " keep_dims" : "", all_const ? " all const" : "");
    gg_log("case %s", name);
    gg_graph *g = gg_new(name);
    gecl_tensor_desc d = gg_desc(dt, GECL_FORMAT_ND, rc->rank, rc->dims);
    const void *host = as_dtype(x, n, dt);
    gecl_port px = all_const ? gg_const(g, "x", d, host) : gg_data(g, "x", d, host);
    int32_t node;
    if (attr) {
        node = GG_OP(g, "reduce", op, px);
        gg_attr_ints(g, node, "axes", rc->axes, (size_t)rc->n_axes);
    } else {
        gecl_port pa = gg_const_ints(g, "axes", GECL_DT_INT64, 1, rc->axes, (size_t)rc->n_axes);
        node = GG_OP(g, "reduce", op, px, pa);
    }
    gg_attr_bool(g, node, "keep_dims", rc->keep);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(node)), &y)) return 0;
    if (!gg_shape_is(name, &y, dt, orank, odims)) return 0;
    double abs, rel = tolerance(kind, dt, (int64_t)(n / (n_out ? n_out : 1)), &abs);
    return gg_close(name, &y, ref, kind == RK_SUM || kind == RK_MEAN ? mag : NULL, n_out, rel, abs);
}

static void test_reduce_float(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(700);
    for (size_t k = 0; k < sizeof KINDS / sizeof *KINDS; k++)
        for (size_t c = 0; c < sizeof CASES / sizeof *CASES; c++)
            failures += !run_case((int)k, GECL_DT_FLOAT, &CASES[c], 0, 0);
    GG_NO_FAILURES(failures);
}

/* The D forms read the same axes from their attribute. */
static void test_reduce_d_forms(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(701);
    for (size_t k = 0; k < sizeof KINDS / sizeof *KINDS; k++)
        for (size_t c = 0; KINDS[k].op_d && c < sizeof CASES / sizeof *CASES; c += 3)
            failures += !run_case((int)k, GECL_DT_FLOAT, &CASES[c], 1, 0);
    GG_NO_FAILURES(failures);
}

static void test_reduce_dtypes(void **state)
{
    (void)state;
    const gecl_dtype types[] = {GECL_DT_FLOAT16, GECL_DT_DOUBLE, GECL_DT_INT32, GECL_DT_INT64};
    const size_t some[] = {0, 4, 7, 11, 12};
    int failures = 0;
    gg_seed(702);
    for (size_t t = 0; t < sizeof types / sizeof *types; t++)
        for (size_t k = 0; k < sizeof KINDS / sizeof *KINDS; k++) {
            const int integer = types[t] == GECL_DT_INT32 || types[t] == GECL_DT_INT64;
            if (integer && (KINDS[k].kind == RK_LSE || KINDS[k].kind == RK_L2 || KINDS[k].kind == RK_MEAN)) continue;
            for (size_t c = 0; c < sizeof some / sizeof *some; c++)
                failures += !run_case((int)k, types[t], &CASES[some[c]], 0, 0);
        }
    GG_NO_FAILURES(failures);
}

/* The storage types CANN's ReduceSum/ReduceMax... prototypes add: bfloat16 (computed in float,
 * rounded to nearest even on store) and the 8-, 16- and unsigned 32-bit integers (computed in
 * long, wrapping on store). */
static void test_reduce_more_dtypes(void **state)
{
    (void)state;
    const gecl_dtype types[] = {GECL_DT_BF16, GECL_DT_INT8, GECL_DT_INT16, GECL_DT_UINT8, GECL_DT_UINT16,
                                GECL_DT_UINT32};
    const size_t some[] = {0, 4, 7, 11, 12};
    int failures = 0;
    gg_seed(704);
    for (size_t t = 0; t < sizeof types / sizeof *types; t++)
        for (size_t k = 0; k < sizeof KINDS / sizeof *KINDS; k++) {
            const rk kind = KINDS[k].kind;
            if (kind == RK_LSE || kind == RK_L2 || (is_int(types[t]) && kind == RK_MEAN)) continue;
            if (types[t] == GECL_DT_UINT8 || types[t] == GECL_DT_UINT16 || types[t] == GECL_DT_UINT32)
                if (kind == RK_PROD) continue; /* products of +-1 need a sign */
            for (size_t c = 0; c < sizeof some / sizeof *some; c++)
                failures += !run_case((int)k, types[t], &CASES[some[c]], 0, 0);
        }
    GG_NO_FAILURES(failures);
}

/* Constant input: folded on the host during inference, same answers. */
static void test_reduce_folded(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(703);
    for (size_t k = 0; k < sizeof KINDS / sizeof *KINDS; k++) {
        const rk kind = KINDS[k].kind;
        failures += !run_case((int)k, GECL_DT_FLOAT, &CASES[4], 0, 1);
        if (kind != RK_LSE && kind != RK_L2 && kind != RK_MEAN) failures += !run_case((int)k, GECL_DT_INT64, &CASES[5], 0, 1);
    }
    GG_NO_FAILURES(failures);
}

/* Integer mean: truncated toward zero, as integer division. */
static void test_reduce_int_mean(void **state)
{
    (void)state;
    gg_graph *g = gg_new("int mean");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, GG_DIMS(2, 3)),
                           (const int32_t[]){1, 2, 2, -7, -1, 0});
    gecl_port pa = gg_const_ints(g, "axes", GECL_DT_INT32, 1, GG_DIMS(1), 1);
    int32_t op = GG_OP(g, "mean", "ReduceMean", px, pa);
    gecl_tensor y = gg_run1(g, gg_port(op));
    GG_NO_FAILURES(!gg_equal_ints("int mean", &y, GG_DIMS(1, -2), 2));
}

/* Empty axes: noop_with_empty_axes true (ReduceSum's default) is y = x; false reduces all; an op
 * without the attribute (ReduceMin) reduces nothing. */
static void test_reduce_empty_axes(void **state)
{
    (void)state;
    const int64_t dims[] = {2, 3};
    const float x[] = {1, -2, 3, 4, 5, -6};
    int failures = 0;
    for (int mode = 0; mode < 3; mode++) {
        gg_graph *g = gg_new("empty axes");
        gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, dims), x);
        gecl_port pa = gg_const_ints(g, "axes", GECL_DT_INT64, 1, NULL, 0);
        int32_t op = GG_OP(g, "r", mode == 2 ? "ReduceMin" : "ReduceSum", px, pa);
        if (mode == 1) gg_attr_bool(g, op, "noop_with_empty_axes", 0);
        gecl_tensor y;
        if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) {
            failures++;
            continue;
        }
        const double same[] = {1, -2, 3, 4, 5, -6}, all[] = {5};
        if (mode == 1) failures += !gg_shape_is("reduce all", &y, GECL_DT_FLOAT, 0, NULL) ||
                                   !gg_close("reduce all", &y, all, NULL, 1, 0, 0);
        else failures += !gg_shape_is("noop", &y, GECL_DT_FLOAT, 2, dims) || !gg_close("noop", &y, same, NULL, 6, 0, 0);
    }
    GG_NO_FAILURES(failures);
}

/* ---- arg max / min ---- */

static int run_arg(const char *op, gecl_dtype dt, gecl_dtype out, int rank, const int64_t *dims, int64_t axis,
                   double lo, double hi)
{
    const size_t n = (size_t)ref_numel(dims, rank);
    const rk kind = !strcmp(op, "ArgMaxV2") ? RK_ARGMAX : RK_ARGMIN;
    /* few distinct values: ties everywhere, the first position must win */
    double *x = gg_alloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = floor(gg_uniform(lo, hi));
    int red[5] = {0};
    int a = (int)(axis < 0 ? axis + rank : axis);
    red[a] = 1;
    int64_t odims[5];
    int orank = 0;
    for (int k = 0; k < rank; k++)
        if (k != a) odims[orank++] = dims[k];
    const size_t n_out = (size_t)ref_numel(odims, orank);
    double *ref = gg_alloc(n_out * sizeof *ref), *mag = gg_alloc(n_out * sizeof *mag);
    ref_reduce(kind, x, dims, rank, red, ref, mag, n_out);
    int64_t *want = gg_alloc(n_out * sizeof *want);
    for (size_t o = 0; o < n_out; o++) want[o] = (int64_t)ref[o];

    char name[160], ds[64];
    snprintf(name, sizeof name, "%s %s %s axis %lld -> %s", op, gecl_dtype_name(dt), gg_shape_str(dims, rank, ds, sizeof ds),
             (long long)axis, gecl_dtype_name(out));
    gg_log("case %s", name);
    gg_graph *g = gg_new(name);
    gecl_port px = gg_data(g, "x", gg_desc(dt, GECL_FORMAT_ND, rank, dims), as_dtype(x, n, dt));
    gecl_port pd = gg_const_ints(g, "dimension", GECL_DT_INT32, 0, &axis, 1);
    int32_t node = GG_OP(g, "arg", op, px, pd);
    if (out != GECL_DT_INT64) gg_attr_int(g, node, "dtype", out);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(node)), &y)) return 0;
    return gg_shape_is(name, &y, out, orank, odims) && gg_equal_ints(name, &y, want, n_out);
}

static void test_arg(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(710);
    const char *ops[] = {"ArgMaxV2", "ArgMin"};
    for (int o = 0; o < 2; o++) {
        failures += !run_arg(ops[o], GECL_DT_FLOAT, GECL_DT_INT64, 3, GG_DIMS(2, 3, 4), 1, 0, 3);
        failures += !run_arg(ops[o], GECL_DT_FLOAT, GECL_DT_INT32, 3, GG_DIMS(2, 3, 4), -1, 0, 3);
        failures += !run_arg(ops[o], GECL_DT_FLOAT, GECL_DT_INT64, 3, GG_DIMS(2, 3, 4), 0, -5, 5);
        failures += !run_arg(ops[o], GECL_DT_FLOAT, GECL_DT_INT64, 2, GG_DIMS(3, 700), 1, 0, 4);   /* work-groups, ties across items */
        failures += !run_arg(ops[o], GECL_DT_FLOAT, GECL_DT_INT64, 2, GG_DIMS(500, 3), 0, -1e6, 1e6); /* strided */
        failures += !run_arg(ops[o], GECL_DT_FLOAT16, GECL_DT_INT64, 2, GG_DIMS(4, 9), 1, 0, 3);
        failures += !run_arg(ops[o], GECL_DT_DOUBLE, GECL_DT_INT64, 2, GG_DIMS(4, 9), 0, 0, 3);
        failures += !run_arg(ops[o], GECL_DT_INT32, GECL_DT_INT32, 2, GG_DIMS(4, 9), 1, -3, 3);
        failures += !run_arg(ops[o], GECL_DT_INT64, GECL_DT_INT64, 1, GG_DIMS(300), 0, -1e12, 1e12);
    }
    GG_NO_FAILURES(failures);
}

/* ---- softmax family and ReverseV2 ---- */

static void test_log_softmax(void **state)
{
    (void)state;
    const struct {
        int rank;
        int64_t dims[4];
        int n_axes;
        int64_t axes[3];
        double lo, hi;
    } cs[] = {
        {2, {4, 37}, 1, {-1}, -5, 5},   {3, {3, 4, 5}, 1, {0}, -5, 5},       {3, {3, 4, 5}, 1, {1}, -5, 5},
        {3, {3, 4, 5}, 2, {1, 2}, -5, 5}, {2, {3, 1000}, 1, {1}, 1000, 1100}, /* exp would overflow */
        {2, {2, 8}, 1, {-1}, -200, 200},                                       /* softmax underflows, log-softmax must not */
    };
    int failures = 0;
    gg_seed(720);
    for (size_t c = 0; c < sizeof cs / sizeof *cs; c++) {
        const size_t n = (size_t)ref_numel(cs[c].dims, cs[c].rank);
        float *x = gg_rand_f32(n, cs[c].lo, cs[c].hi);
        double *ref = gg_alloc(n * sizeof *ref), *mag = gg_alloc(n * sizeof *mag);
        /* log softmax = x - max - log(sum exp(x - max)) = x - logsumexp over the axes */
        int red[4] = {0};
        for (int i = 0; i < cs[c].n_axes; i++) red[cs[c].axes[i] < 0 ? cs[c].axes[i] + cs[c].rank : cs[c].axes[i]] = 1;
        size_t n_out = 1;
        for (int a = 0; a < cs[c].rank; a++)
            if (!red[a]) n_out *= (size_t)cs[c].dims[a];
        double *lse = gg_alloc(n_out * sizeof *lse), *lm = gg_alloc(n_out * sizeof *lm);
        ref_reduce(RK_LSE, gg_f64_of_f32(x, n), cs[c].dims, cs[c].rank, red, lse, lm, n_out);
        for (size_t i = 0; i < n; i++) {
            int64_t rest = (int64_t)i, o = 0, os = 1;
            for (int a = cs[c].rank - 1; a >= 0; a--) {
                int64_t k = rest % cs[c].dims[a];
                rest /= cs[c].dims[a];
                if (!red[a]) o += k * os, os *= cs[c].dims[a];
            }
            ref[i] = x[i] - lse[o];
            mag[i] = fabs(x[i]) + fabs(lse[o]);
        }
        char name[128], ds[64];
        snprintf(name, sizeof name, "LogSoftmaxV2 %s case %zu", gg_shape_str(cs[c].dims, cs[c].rank, ds, sizeof ds), c);
        gg_graph *g = gg_new(name);
        gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, cs[c].rank, cs[c].dims), x);
        int32_t op = GG_OP(g, "ls", "LogSoftmaxV2", px);
        gg_attr_ints(g, op, "axes", cs[c].axes, (size_t)cs[c].n_axes);
        gecl_tensor y;
        if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) {
            failures++;
            continue;
        }
        failures += !gg_expect(name, &y, cs[c].rank, cs[c].dims, ref, mag, GG_REL_TRANSC, GG_ABS_TRANSC);
    }
    GG_NO_FAILURES(failures);
}

static int run_hardmax(gecl_dtype dt, int rank, const int64_t *dims, int64_t axis)
{
    const size_t n = (size_t)ref_numel(dims, rank);
    double *x = gg_alloc(n * sizeof *x), *ref = gg_alloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++) x[i] = floor(gg_uniform(0, 3)); /* ties: the first maximum wins */
    const int a = (int)(axis < 0 ? axis + rank : axis);
    int64_t inner = 1;
    for (int k = a + 1; k < rank; k++) inner *= dims[k];
    for (size_t i = 0; i < n; i++) {
        const int64_t pos = (int64_t)i / inner % dims[a], first = (int64_t)i - pos * inner;
        int64_t best = 0;
        for (int64_t k = 1; k < dims[a]; k++)
            if (x[first + k * inner] > x[first + best * inner]) best = k;
        ref[i] = pos == best;
    }
    char name[128], ds[64];
    snprintf(name, sizeof name, "HardMax %s %s axis %lld", gecl_dtype_name(dt), gg_shape_str(dims, rank, ds, sizeof ds),
             (long long)axis);
    gg_graph *g = gg_new(name);
    gecl_port px = gg_data(g, "x", gg_desc(dt, GECL_FORMAT_ND, rank, dims), as_dtype(x, n, dt));
    int32_t op = GG_OP(g, "hm", "HardMax", px);
    gg_attr_int(g, op, "axis", axis);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return gg_shape_is(name, &y, dt, rank, dims) && gg_close(name, &y, ref, NULL, n, 0, 0);
}

static void test_hardmax(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(730);
    failures += !run_hardmax(GECL_DT_FLOAT, 3, GG_DIMS(3, 4, 5), 0);
    failures += !run_hardmax(GECL_DT_FLOAT, 3, GG_DIMS(3, 4, 5), 1);
    failures += !run_hardmax(GECL_DT_FLOAT, 3, GG_DIMS(3, 4, 5), -1);
    failures += !run_hardmax(GECL_DT_FLOAT16, 2, GG_DIMS(6, 7), 1);
    failures += !run_hardmax(GECL_DT_DOUBLE, 2, GG_DIMS(6, 7), 0);
    GG_NO_FAILURES(failures);
}

static int run_reverse(gecl_dtype dt, int rank, const int64_t *dims, const int64_t *axes, int n_axes, int all_const)
{
    const size_t n = (size_t)ref_numel(dims, rank);
    double *x = gg_alloc(n * sizeof *x), *ref = gg_alloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++) x[i] = (double)i - 7;
    int flip[5] = {0};
    for (int i = 0; i < n_axes; i++) flip[axes[i] < 0 ? axes[i] + rank : axes[i]] = 1;
    for (size_t i = 0; i < n; i++) {
        int64_t rest = (int64_t)i, src = 0, stride = 1;
        for (int a = rank - 1; a >= 0; a--) {
            int64_t k = rest % dims[a];
            rest /= dims[a];
            src += (flip[a] ? dims[a] - 1 - k : k) * stride;
            stride *= dims[a];
        }
        ref[i] = x[src];
    }
    char name[128], ds[64], as[64];
    snprintf(name, sizeof name, "ReverseV2 %s %s axes %s%s", gecl_dtype_name(dt), gg_shape_str(dims, rank, ds, sizeof ds),
             gg_shape_str(axes, n_axes, as, sizeof as), all_const ? " all const" : "");
    gg_graph *g = gg_new(name);
    gecl_tensor_desc d = gg_desc(dt, GECL_FORMAT_ND, rank, dims);
    gecl_port px = all_const ? gg_const(g, "x", d, as_dtype(x, n, dt)) : gg_data(g, "x", d, as_dtype(x, n, dt));
    gecl_port pa = gg_const_ints(g, "axis", GECL_DT_INT64, 1, axes, (size_t)n_axes);
    int32_t op = GG_OP(g, "rev", "ReverseV2", px, pa);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    return gg_shape_is(name, &y, dt, rank, dims) && gg_close(name, &y, ref, NULL, n, 0, 0);
}

static void test_reverse(void **state)
{
    (void)state;
    int failures = 0;
    failures += !run_reverse(GECL_DT_FLOAT, 3, GG_DIMS(3, 4, 5), GG_DIMS(2), 1, 0);
    failures += !run_reverse(GECL_DT_FLOAT, 3, GG_DIMS(3, 4, 5), GG_DIMS(0, 2), 2, 0);
    failures += !run_reverse(GECL_DT_INT64, 3, GG_DIMS(3, 4, 5), GG_DIMS(-2, -1), 2, 0); /* merged: one flip of 20 */
    failures += !run_reverse(GECL_DT_FLOAT16, 2, GG_DIMS(1, 9), GG_DIMS(0), 1, 0);       /* size 1: a copy */
    failures += !run_reverse(GECL_DT_INT32, 2, GG_DIMS(4, 6), NULL, 0, 0);                /* no axes: a copy */
    failures += !run_reverse(GECL_DT_DOUBLE, 2, GG_DIMS(4, 6), GG_DIMS(1), 1, 1);         /* folded */
    GG_NO_FAILURES(failures);
}

/* ---- errors ---- */

static int bad_reduce(const char *node, const char *type, gecl_dtype dt, const int64_t *axes, int n_axes,
                      const char *attr, int64_t value)
{
    static float zeros[64];
    gg_graph *g = gg_new(node);
    gecl_port px = gg_data(g, "x", gg_desc(dt, GECL_FORMAT_ND, 3, GG_DIMS(2, 3, 4)), zeros);
    gecl_port pa = gg_const_ints(g, "axes", GECL_DT_INT64, n_axes == 1 && !strncmp(type, "Arg", 3) ? 0 : 1, axes,
                                 (size_t)n_axes);
    int32_t op = GG_OP(g, node, type, px, pa);
    if (attr) gg_attr_int(g, op, attr, value);
    return gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), node);
}

static void test_reduce_errors(void **state)
{
    (void)state;
    static float zeros[64];
    int failures = 0;
    failures += !bad_reduce("axis_high", "ReduceSum", GECL_DT_FLOAT, GG_DIMS(3), 1, NULL, 0);
    failures += !bad_reduce("axis_low", "ReduceMax", GECL_DT_FLOAT, GG_DIMS(-4), 1, NULL, 0);
    failures += !bad_reduce("axis_twice", "ReduceMean", GECL_DT_FLOAT, GG_DIMS(1, -2), 2, NULL, 0);
    failures += !bad_reduce("lse_int", "ReduceLogSumExp", GECL_DT_INT32, GG_DIMS(1), 1, NULL, 0);
    failures += !bad_reduce("norm_bool", "EuclideanNorm", GECL_DT_BOOL, GG_DIMS(1), 1, NULL, 0);
    failures += !bad_reduce("arg_dtype", "ArgMaxV2", GECL_DT_FLOAT, GG_DIMS(1), 1, "dtype", GECL_DT_FLOAT);
    failures += !bad_reduce("arg_two_axes", "ArgMin", GECL_DT_FLOAT, GG_DIMS(0, 1), 2, NULL, 0);
    failures += !bad_reduce("arg_axis_high", "ArgMin", GECL_DT_FLOAT, GG_DIMS(3), 1, NULL, 0);
    /* HardMax's axis out of range */
    gg_graph *g = gg_new("hardmax axis");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 3)), zeros);
    int32_t op = GG_OP(g, "hardmax_axis", "HardMax", px);
    gg_attr_int(g, op, "axis", 2);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "hardmax_axis");
    /* max of integers over an empty axis (of floats it is -inf, as in ONNX Runtime:
     * tests/onnx/edge_cases/edge_reducemax_empty_axis) */
    g = gg_new("empty max");
    px = gg_data(g, "x", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, GG_DIMS(2, 0)), zeros);
    op = GG_OP(g, "empty_max", "ReduceMaxD", px);
    GG_ATTR_INTS(g, op, "axes", 1);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "empty_max");
    GG_NO_FAILURES(failures);
}

/* ---- axes from a graph input: a value input, compiled per run's axes ---- */

/* Runs graph `id` on x = 0..5 as [2, 3] with these axes; checks y's dims and values. */
static int run_axes(uint32_t id, const int64_t *axes, int n, const int64_t *dims, int rank, const float *want)
{
    static const float x[6] = {0, 1, 2, 3, 4, 5};
    gecl_tensor in[2] = {{gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 3)), (void *)x, sizeof x, GECL_ON_HOST},
                         {gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(n)), (void *)axes, (size_t)n * 8, GECL_ON_HOST}};
    gecl_tensor y = {0};
    if (gecl_session_run_graph(gg_session(), id, 2, in, 1, &y)) {
        fprintf(stderr, "run: %s\n", gecl_last_error());
        return 0;
    }
    int ok = gg_shape_is("ReduceSum by Data axes", &y, GECL_DT_FLOAT, rank, dims);
    for (int64_t i = 0; ok && i < dims[0]; i++) ok = ((const float *)y.data)[i] == want[i];
    if (!ok) fprintf(stderr, "ReduceSum by Data axes: wrong values\n");
    gecl_output_free(y.data);
    return ok;
}

static void test_axes_value_input(void **state)
{
    (void)state;
    gg_graph *g = gg_new("axes data");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 3)), NULL);
    gecl_port pa = gg_data(g, "axes", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(-1)), NULL);
    int32_t op = GG_OP(g, "axes_data", "ReduceSum", px, pa);
    GG_OK(gecl_graph_set_outputs(g->graph, 1, GG_PORTS(gg_port(op))));
    const uint32_t id = 4343;
    GG_OK(gecl_session_add_graph(gg_session(), id, g->graph, 0, NULL, NULL));
    int failures = !run_axes(id, GG_DIMS(1), 1, GG_DIMS(2), 1, (const float[]){3, 12});
    failures += !run_axes(id, GG_DIMS(0), 1, GG_DIMS(3), 1, (const float[]){3, 5, 7});
    failures += !run_axes(id, GG_DIMS(-1), 1, GG_DIMS(2), 1, (const float[]){3, 12});
    /* an axis out of range is refused, naming the op */
    static const float x[6] = {0};
    gecl_tensor in[2] = {{gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 3)), (void *)x, sizeof x, GECL_ON_HOST},
                         {gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(1)), (void *)GG_DIMS(2), 8, GECL_ON_HOST}};
    gecl_tensor y = {0};
    GG_ERR(GECL_PARAM_INVALID, gecl_session_run_graph(gg_session(), id, 2, in, 1, &y));
    failures += !strstr(gecl_last_error(), "axes_data");
    GG_OK(gecl_session_remove_graph(gg_session(), id));
    GG_NO_FAILURES(failures);
}

/* ---- TopK ---- */

/* Whether u (at s) comes before v (at t) in TopK's order: NaN largest, ties to the lower index. */
static int topk_before(float u, int s, float v, int t, int largest)
{
    if (isnan(u) != isnan(v)) return largest ? isnan(u) : isnan(v);
    if (isnan(u) || u == v) return s < t;
    return largest ? u > v : u < v;
}

/* TopK of x [rows, 6] along dim 1 against a selection sort on the CPU. */
static int check_topk(const float *x, int rows, int k, int largest)
{
    gg_graph *g = gg_new("topk");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(rows, 6)), x);
    const int64_t kv = k;
    gecl_port pk = gg_const(g, "k", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(1)), &kv);
    int32_t op = GG_OP(g, "topk", "TopK", px, pk);
    gg_attr_bool(g, op, "largest", largest);
    gecl_tensor y[2];
    if (!gg_try_run(g, 2, GG_PORTS((gecl_port){op, 0}, (gecl_port){op, 1}), y)) return 0;
    int ok = gg_shape_is("TopK values", &y[0], GECL_DT_FLOAT, 2, GG_DIMS(rows, k)) &&
             gg_shape_is("TopK indices", &y[1], GECL_DT_INT32, 2, GG_DIMS(rows, k));
    for (int r = 0; ok && r < rows; r++) {
        int used[6] = {0};
        for (int j = 0; ok && j < k; j++) {
            int best = -1;
            for (int t = 0; t < 6; t++)
                if (!used[t] && (best < 0 || topk_before(x[r * 6 + t], t, x[r * 6 + best], best, largest))) best = t;
            used[best] = 1;
            const float got = ((const float *)y[0].data)[r * k + j];
            const int32_t at = ((const int32_t *)y[1].data)[r * k + j];
            ok = at == best && (got == x[r * 6 + best] || (isnan(got) && isnan(x[r * 6 + best])));
            if (!ok) fprintf(stderr, "TopK row %d rank %d: got %g at %d, want %g at %d\n", r, j, got, at, x[r * 6 + best], best);
        }
    }
    return ok;
}

static void test_topk(void **state)
{
    (void)state;
    const float x[12] = {3, 1, 3, NAN, -2, 1, 0, -0.5f, 7, 7, 7, -9};
    int failures = 0;
    for (int largest = 0; largest < 2; largest++)
        for (int k = 0; k <= 6; k += 3) failures += !check_topk(x, 2, k == 0 ? 1 : k, largest);
    /* k beyond the axis is refused, naming the op */
    gg_graph *g = gg_new("topk k");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 6)), x);
    const int64_t kv = 7;
    int32_t op = GG_OP(g, "topk_big", "TopK", px, gg_const(g, "k", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(1)), &kv));
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), "topk_big");
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_reduce_float),     GG_TEST(test_reduce_d_forms),    GG_TEST(test_reduce_dtypes), GG_TEST(test_reduce_more_dtypes),
        GG_TEST(test_reduce_folded),    GG_TEST(test_reduce_int_mean),   GG_TEST(test_reduce_empty_axes),
        GG_TEST(test_arg),              GG_TEST(test_log_softmax),       GG_TEST(test_hardmax),
        GG_TEST(test_reverse),          GG_TEST(test_reduce_errors),     GG_TEST(test_axes_value_input),
        GG_TEST(test_topk),
    };
    return GG_RUN_GROUP(tests);
}
