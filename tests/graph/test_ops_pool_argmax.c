/*
 * test_ops_pool_argmax.c: MaxPool3DWithArgmaxV2 (max pooling with PyTorch's indices) against a
 * CPU reference written from PyTorch's definition of max_pool3d_with_indices: output sizes
 * floor((in + 2 pad - dilation (k - 1) - 1) / stride) + 1 (ceil mode: ceil, dropping a last
 * window that starts in the right padding); the value is the window's maximum over the input
 * elements (padding never counts); the index is the flat position (d * H + h) * W + w of the
 * first maximum in window order, or of a NaN (which wins over numbers). Values are compared
 * exactly (a maximum is one of the inputs), indices exactly.
 */
#include "graph_util.h"

#include <math.h>
#include <string.h>

typedef struct pa_case {
    const char *name;
    int64_t dims[5];
    int64_t k[3], s[3], p[3], d[3];
    int ceil;
    gecl_dtype idx;
} pa_case;

static const pa_case CASES[] = {
    {"3-D windows, dilation", {2, 3, 4, 7, 6}, {2, 3, 2}, {2, 2, 1}, {1, 1, 0}, {1, 1, 2}, 0, GECL_DT_INT32},
    {"ceil mode, int64", {1, 2, 5, 5, 5}, {3, 3, 3}, {2, 2, 2}, {1, 1, 1}, {1, 1, 1}, 1, GECL_DT_INT64},
    {"2-D (depth 1), 3x3/2 pad 1", {2, 4, 1, 9, 8}, {1, 3, 3}, {1, 2, 2}, {0, 1, 1}, {1, 1, 1}, 0, GECL_DT_INT32},
    {"ceil mode drops a window in the padding", {1, 1, 1, 6, 6}, {1, 2, 2}, {1, 2, 2}, {0, 1, 1}, {1, 1, 1}, 1,
     GECL_DT_INT64},
};

static int64_t out_dim(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int ceil)
{
    const int64_t span = in + 2 * p - d * (k - 1) - 1;
    int64_t o = (ceil ? (span + s - 1) / s : span / s) + 1;
    if (ceil && (o - 1) * s >= in + p) o--;
    return o;
}

/* y and idx [N, C, OD, OH, OW] from x. */
static void reference(const pa_case *c, const float *x, const int64_t *od, double *y, int64_t *idx)
{
    const int64_t planes = c->dims[0] * c->dims[1], D = c->dims[2], H = c->dims[3], W = c->dims[4];
    size_t o = 0;
    for (int64_t pl = 0; pl < planes; pl++)
        for (int64_t a = 0; a < od[0]; a++)
            for (int64_t b = 0; b < od[1]; b++)
                for (int64_t e = 0; e < od[2]; e++, o++) {
                    double best = -INFINITY;
                    int64_t at = -1;
                    for (int64_t i = 0; i < c->k[0]; i++)
                        for (int64_t j = 0; j < c->k[1]; j++)
                            for (int64_t l = 0; l < c->k[2]; l++) {
                                const int64_t d = a * c->s[0] - c->p[0] + i * c->d[0];
                                const int64_t h = b * c->s[1] - c->p[1] + j * c->d[1];
                                const int64_t w = e * c->s[2] - c->p[2] + l * c->d[2];
                                if (d < 0 || d >= D || h < 0 || h >= H || w < 0 || w >= W) continue;
                                const int64_t k = (d * H + h) * W + w;
                                const double v = x[pl * D * H * W + k];
                                if (at < 0 || v > best || isnan(v)) best = v, at = k;
                            }
                    y[o] = best;
                    idx[o] = at;
                }
}

static int32_t add_pool(gg_graph *g, const pa_case *c, gecl_port x)
{
    int32_t n = GG_OP(g, "pool", "MaxPool3DWithArgmaxV2", x);
    gg_attr_ints(g, n, "ksize", c->k, 3);
    gg_attr_ints(g, n, "strides", c->s, 3);
    gg_attr_ints(g, n, "pads", c->p, 3);
    gg_attr_ints(g, n, "dilation", c->d, 3);
    gg_attr_bool(g, n, "ceil_mode", c->ceil);
    gg_attr_int(g, n, "dtype", c->idx);
    return n;
}

/* Runs case c on x (float32 or float16 values); checks the values and indices. */
static int run_case(const pa_case *c, float *x, gecl_dtype dt)
{
    const size_t nx = (size_t)ref_numel(c->dims, 5);
    int64_t od[3], ydims[5] = {c->dims[0], c->dims[1]};
    for (int a = 0; a < 3; a++) ydims[2 + a] = od[a] = out_dim(c->dims[2 + a], c->k[a], c->s[a], c->p[a], c->d[a], c->ceil);
    const size_t ny = (size_t)ref_numel(ydims, 5);
    double *y = gg_alloc(ny * sizeof *y);
    int64_t *idx = gg_alloc(ny * sizeof *idx);
    reference(c, x, od, y, idx);
    const void *data = x;
    if (dt == GECL_DT_FLOAT16) {
        uint16_t *h = gg_alloc(nx * sizeof *h);
        for (size_t i = 0; i < nx; i++) h[i] = ref_f32_to_f16(x[i]); /* x holds float16 values already */
        data = h;
    }
    gg_graph *g = gg_new(c->name);
    int32_t n = add_pool(g, c, gg_data(g, "x", gg_desc(dt, GECL_FORMAT_ND, 5, c->dims), data));
    gecl_tensor out[2];
    if (!gg_try_run(g, 2, GG_PORTS(gg_port(n), (gecl_port){n, 1}), out)) return 0;
    char what[160];
    snprintf(what, sizeof what, "%s %s: values", c->name, gecl_dtype_name(dt));
    int ok = gg_shape_is(what, &out[0], dt, 5, ydims) && gg_close(what, &out[0], y, NULL, ny, 0, 0);
    snprintf(what, sizeof what, "%s %s: indices", c->name, gecl_dtype_name(dt));
    ok &= gg_shape_is(what, &out[1], c->idx, 5, ydims) && gg_equal_ints(what, &out[1], idx, ny);
    return ok;
}

static void test_pool_argmax_cases(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(300);
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const size_t nx = (size_t)ref_numel(CASES[i].dims, 5);
        float *x = gg_rand_f32(nx, -3, 3);
        for (size_t k = 0; k < nx; k++) x[k] = ref_f16_to_f32(ref_f32_to_f16(x[k])); /* also exact in float16 */
        failures += !run_case(&CASES[i], x, GECL_DT_FLOAT);
        failures += !run_case(&CASES[i], x, GECL_DT_FLOAT16);
    }
    GG_NO_FAILURES(failures);
}

/* Ties take the first in window order, NaN wins, -inf is a value like any other; and CANN's
 * aclnnMaxPool2dWithIndices example: [1,1,4,3], 2x2 windows, stride 2 -> 0.085 at 0, 1.751 at 6. */
static void test_pool_argmax_special_values(void **state)
{
    (void)state;
    const pa_case c = {"special", {1, 1, 1, 2, 6}, {1, 2, 2}, {1, 1, 2}, {0, 0, 0}, {1, 1, 1}, 0, GECL_DT_INT32};
    float x[12] = {1, 1, -INFINITY, -INFINITY, 5, NAN, 1, 1, -INFINITY, -INFINITY, 7, 2};
    int failures = !run_case(&c, x, GECL_DT_FLOAT);
    float doc[12] = {0.0850f, -0.5147f, -0.0212f, -0.5654f, -0.3222f, 0.5847f,
                     1.7510f, 0.9954f, 0.1842f, 0.8392f, 0.4835f, 0.9213f};
    const pa_case d = {"aclnn example", {1, 1, 1, 4, 3}, {1, 2, 2}, {1, 2, 2}, {0, 0, 0}, {1, 1, 1}, 0, GECL_DT_INT32};
    gg_graph *g = gg_new("doc");
    int32_t n = add_pool(g, &d, gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 5, d.dims), doc));
    gecl_tensor out[2];
    gg_run(g, 2, GG_PORTS(gg_port(n), (gecl_port){n, 1}), out);
    const float *v = out[0].data;
    const int32_t *ix = out[1].data;
    assert_true(v[0] == 0.0850f && v[1] == 1.7510f);
    assert_int_equal(ix[0], 0);
    assert_int_equal(ix[1], 6);
    GG_NO_FAILURES(failures);
}

static void test_pool_argmax_errors(void **state)
{
    (void)state;
    float x[64] = {0};
    const pa_case ok = {"e", {1, 1, 1, 4, 4}, {1, 2, 2}, {1, 2, 2}, {0, 0, 0}, {1, 1, 1}, 0, GECL_DT_INT32};
    gg_graph *g = gg_new("4-D input");
    int32_t n = add_pool(g, &ok, gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, GG_DIMS(1, 1, 4, 4)), x));
    assert_true(gg_expect_invalid(g, 1, GG_PORTS(gg_port(n)), "pool"));
    assert_non_null(strstr(gecl_last_error(), "5-D"));

    pa_case wide = ok;
    wide.p[1] = 2; /* more than half of the window */
    g = gg_new("pads");
    n = add_pool(g, &wide, gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 5, ok.dims), x));
    assert_true(gg_expect_invalid(g, 1, GG_PORTS(gg_port(n)), "pool"));
    assert_non_null(strstr(gecl_last_error(), "pads[1]"));

    pa_case idx = ok;
    idx.idx = GECL_DT_FLOAT;
    g = gg_new("dtype");
    n = add_pool(g, &idx, gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 5, ok.dims), x));
    assert_true(gg_expect_invalid(g, 1, GG_PORTS(gg_port(n)), "pool"));
    assert_non_null(strstr(gecl_last_error(), "dtype"));

    g = gg_new("two ksize values");
    n = GG_OP(g, "pool", "MaxPool3DWithArgmaxV2", gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 5, ok.dims), x));
    GG_ATTR_INTS(g, n, "ksize", 2, 2);
    GG_ATTR_INTS(g, n, "strides", 1, 1, 1);
    GG_ATTR_INTS(g, n, "pads", 0, 0, 0);
    assert_true(gg_expect_invalid(g, 1, GG_PORTS(gg_port(n)), "pool"));
    assert_non_null(strstr(gecl_last_error(), "ksize"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_pool_argmax_cases),
        GG_TEST(test_pool_argmax_special_values),
        GG_TEST(test_pool_argmax_errors),
    };
    return GG_RUN_GROUP(tests);
}
