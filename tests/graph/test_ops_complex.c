/*
 * test_ops_complex.c: complex64 and complex128 elementwise arithmetic (Add, Sub, Mul, Div,
 * RealDiv, Neg, as CANN's prototypes list DT_COMPLEX64/DT_COMPLEX128 for them), against a CPU
 * reference in double: broadcasting, fused chains, constants (not folded: folding is real-only),
 * division by zero, and the ops that refuse complex tensors.
 *
 * Tolerances: a complex product's components are sums of two float products, each correctly
 * rounded, so the error is a few ulp of |a||b| (2^-22 ~ 2.4e-7 relative to it for float; 1e-6
 * allows ~8 ulp and a contracted fma). Smith's quotient takes ~6 roundings of quantities of the
 * size of |a|/|b|: 2e-6 relative to |a|/|b| for float. complex128: the same counts in double
 * (1e-14).
 */
#include "graph_util.h"

#include <math.h>
#include <string.h>

typedef struct cplx {
    double re, im;
} cplx;

static cplx c_mul(cplx a, cplx b) { return (cplx){a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re}; }
static cplx c_div(cplx a, cplx b)
{
    const double d = b.re * b.re + b.im * b.im;
    return (cplx){(a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d};
}
static double c_abs(cplx a) { return hypot(a.re, a.im); }

/* n complex values with parts in [-2, 2] (divisors at least 0.25 in modulus), stored as `dt`;
 * *ref gets the stored values in double. */
static void *make_complex(gecl_dtype dt, size_t n, int divisor, cplx **ref)
{
    *ref = gg_alloc(n * sizeof **ref);
    void *data = gg_alloc(n * (dt == GECL_DT_COMPLEX64 ? 8 : 16));
    for (size_t i = 0; i < n; i++) {
        cplx v;
        do v = (cplx){gg_uniform(-2, 2), gg_uniform(-2, 2)};
        while (divisor && c_abs(v) < 0.25);
        if (dt == GECL_DT_COMPLEX64) {
            float *f = (float *)data + 2 * i;
            f[0] = (float)v.re;
            f[1] = (float)v.im;
            v = (cplx){f[0], f[1]};
        } else {
            double *d = (double *)data + 2 * i;
            d[0] = v.re;
            d[1] = v.im;
        }
        (*ref)[i] = v;
    }
    return data;
}

static cplx get_complex(const gecl_tensor *t, size_t i)
{
    if (t->desc.dtype == GECL_DT_COMPLEX64) {
        const float *f = (const float *)t->data + 2 * i;
        return (cplx){f[0], f[1]};
    }
    const double *d = (const double *)t->data + 2 * i;
    return (cplx){d[0], d[1]};
}

/* |got - ref| per component <= rel * scale[i] (scale: the operation's magnitude). */
static int close_complex(const char *what, const gecl_tensor *t, const cplx *ref, const double *scale, size_t n,
                         double rel)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const cplx g = get_complex(t, i);
        const double tol = rel * scale[i] + 1e-30;
        if ((fabs(g.re - ref[i].re) > tol || fabs(g.im - ref[i].im) > tol) && bad++ < 4)
            print_message("%s [%zu]: (%.9g, %.9g), reference (%.9g, %.9g)\n", what, i, g.re, g.im, ref[i].re,
                          ref[i].im);
    }
    if (bad) print_message("%s: %zu of %zu differ\n", what, bad, n);
    return bad == 0;
}

typedef enum { C_ADD, C_SUB, C_MUL, C_DIV, C_REALDIV } c_op;
static const char *const OP_TYPE[] = {"Add", "Sub", "Mul", "Div", "RealDiv"};

static cplx apply(c_op op, cplx a, cplx b, double *scale)
{
    switch (op) {
    case C_ADD: *scale = c_abs(a) + c_abs(b); return (cplx){a.re + b.re, a.im + b.im};
    case C_SUB: *scale = c_abs(a) + c_abs(b); return (cplx){a.re - b.re, a.im - b.im};
    case C_MUL: *scale = c_abs(a) * c_abs(b); return c_mul(a, b);
    default: *scale = c_abs(a) / c_abs(b); return c_div(a, b);
    }
}

/* x [3, 4] op y [4] (y broadcast over rows); y as Data or Const. */
static int run_binary(gecl_dtype dt, c_op op, int y_const)
{
    const double rel = dt == GECL_DT_COMPLEX64 ? (op >= C_DIV ? 2e-6 : 1e-6) : 1e-14;
    cplx *xr, *yr;
    void *x = make_complex(dt, 12, 0, &xr), *y = make_complex(dt, 4, op >= C_DIV, &yr);
    char name[96];
    snprintf(name, sizeof name, "%s %s%s", OP_TYPE[op], gecl_dtype_name(dt), y_const ? " const" : "");
    gg_graph *g = gg_new(name);
    gecl_port xp = gg_data(g, "x", gg_desc(dt, GECL_FORMAT_ND, 2, GG_DIMS(3, 4)), x);
    const gecl_tensor_desc yd = gg_desc(dt, GECL_FORMAT_ND, 1, GG_DIMS(4));
    gecl_port yp = y_const ? gg_const(g, "y", yd, y) : gg_data(g, "y", yd, y);
    int32_t node = GG_OP(g, "op", OP_TYPE[op], xp, yp);
    gecl_tensor out;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(node)), &out)) return 0;
    if (!gg_shape_is(name, &out, dt, 2, GG_DIMS(3, 4))) return 0;
    cplx ref[12];
    double scale[12];
    for (size_t i = 0; i < 12; i++) ref[i] = apply(op, xr[i], yr[i % 4], &scale[i]);
    return close_complex(name, &out, ref, scale, 12, rel);
}

static void test_complex_binary(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(64);
    const gecl_dtype types[] = {GECL_DT_COMPLEX64, GECL_DT_COMPLEX128};
    for (int t = 0; t < 2; t++)
        for (int op = C_ADD; op <= C_REALDIV; op++)
            for (int y_const = 0; y_const < 2; y_const++) failures += !run_binary(types[t], (c_op)op, y_const);
    GG_NO_FAILURES(failures);
}

/* -(a * b) + c / a: one fused kernel of four ops; and both operands constant (not folded). */
static void test_complex_chain(void **state)
{
    (void)state;
    gg_seed(65);
    cplx *ar, *br, *cr;
    const gecl_dtype dt = GECL_DT_COMPLEX64;
    void *a = make_complex(dt, 6, 1, &ar), *b = make_complex(dt, 6, 0, &br), *c = make_complex(dt, 6, 0, &cr);
    const gecl_tensor_desc d = gg_desc(dt, GECL_FORMAT_ND, 2, GG_DIMS(2, 3));
    gg_graph *g = gg_new("complex chain");
    gecl_port ap = gg_data(g, "a", d, a), bp = gg_data(g, "b", d, b), cp = gg_const(g, "c", d, c);
    int32_t mul = GG_OP(g, "mul", "Mul", ap, bp);
    int32_t neg = GG_OP(g, "neg", "Neg", gg_port(mul));
    int32_t div = GG_OP(g, "div", "Div", cp, ap);
    int32_t add = GG_OP(g, "add", "Add", gg_port(neg), gg_port(div));
    int32_t cc = GG_OP(g, "const_mul", "Mul", cp, cp); /* both inputs constant */
    gecl_tensor out[2];
    gg_run(g, 2, GG_PORTS(gg_port(add), gg_port(cc)), out);
    cplx ref[6], ref2[6];
    double scale[6], scale2[6];
    for (int i = 0; i < 6; i++) {
        const cplx p = c_mul(ar[i], br[i]), q = c_div(cr[i], ar[i]);
        ref[i] = (cplx){q.re - p.re, q.im - p.im};
        scale[i] = c_abs(ar[i]) * c_abs(br[i]) + c_abs(cr[i]) / c_abs(ar[i]);
        ref2[i] = c_mul(cr[i], cr[i]);
        scale2[i] = c_abs(cr[i]) * c_abs(cr[i]);
    }
    assert_true(close_complex("chain", &out[0], ref, scale, 6, 4e-6));
    assert_true(close_complex("const * const", &out[1], ref2, scale2, 6, 1e-6));
}

/* x / 0 is (x.re / 0, x.im / 0): infinities of the parts' signs, NaN for a zero part (numpy). */
static void test_complex_divide_by_zero(void **state)
{
    (void)state;
    const float x[6] = {1, -2, 0, 3, 4, 0};
    const float z[2] = {0, 0};
    gg_graph *g = gg_new("complex / 0");
    gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_COMPLEX64, GECL_FORMAT_ND, 1, GG_DIMS(3)), x);
    gecl_port zp = gg_data(g, "z", gg_desc(GECL_DT_COMPLEX64, GECL_FORMAT_ND, 0, NULL), z);
    gecl_tensor y = gg_run1(g, gg_port(GG_OP(g, "div", "Div", xp, zp)));
    const float *v = y.data;
    assert_true(isinf(v[0]) && v[0] > 0);
    assert_true(isinf(v[1]) && v[1] < 0);
    assert_true(isnan(v[2]));
    assert_true(isinf(v[3]) && v[3] > 0);
    assert_true(isinf(v[4]) && v[4] > 0);
    assert_true(isnan(v[5]));
}

/* Ops that do not compute complex tensors refuse them by name, and so does a mix with float. */
static void test_complex_refusals(void **state)
{
    (void)state;
    float x[8] = {0};
    const gecl_tensor_desc cd = gg_desc(GECL_DT_COMPLEX64, GECL_FORMAT_ND, 1, GG_DIMS(4));
    const gecl_tensor_desc fd = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(4));

    gg_graph *g = gg_new("relu complex");
    int32_t relu = GG_OP(g, "relu", "Relu", gg_data(g, "x", cd, x));
    assert_true(gg_expect_invalid(g, 1, GG_PORTS(gg_port(relu)), "relu"));
    assert_non_null(strstr(gecl_last_error(), "DT_COMPLEX64"));

    g = gg_new("cast to complex");
    int32_t cast = GG_OP(g, "cast", "Cast", gg_data(g, "x", fd, x));
    gg_attr_int(g, cast, "dst_type", GECL_DT_COMPLEX64);
    assert_true(gg_expect_invalid(g, 1, GG_PORTS(gg_port(cast)), "cast"));
    assert_non_null(strstr(gecl_last_error(), "DT_COMPLEX64"));

    g = gg_new("complex + float");
    int32_t add = GG_OP(g, "add", "Add", gg_data(g, "x", cd, x), gg_data(g, "y", fd, x));
    assert_true(gg_expect_invalid(g, 1, GG_PORTS(gg_port(add)), "add"));
    assert_non_null(strstr(gecl_last_error(), "Cast"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_complex_binary),
        GG_TEST(test_complex_chain),
        GG_TEST(test_complex_divide_by_zero),
        GG_TEST(test_complex_refusals),
    };
    return GG_RUN_GROUP(tests);
}
