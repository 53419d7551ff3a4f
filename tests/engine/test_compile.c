/* test_compile.c: fusion and memory planning happen, and do not change results.
 * Chain Conv2D -> BiasAdd -> Relu -> Add(residual) must compile to fewer kernels than ops, and
 * a chain of convolutions must get an arena smaller than the sum of its intermediates. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gecl/gecl.h"
#include "gecl/gecl_rt.h"

#define OK(call) assert_int_equal((call), GECL_SUCCESS)

static gecl_session session;

static int setup(void **state)
{
    (void)state;
    OK(gecl_initialize(0, NULL, NULL));
    OK(gecl_session_create(0, NULL, NULL, &session));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    OK(gecl_session_destroy(session));
    OK(gecl_finalize());
    gecl_graph_counts c;
    OK(gecl_graph_live_counts(&c));
    assert_int_equal(c.sessions + c.graphs + c.loaded + c.outputs, 0);
    return 0;
}

static void fill(float *v, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        v[i] = (float)((seed >> 9) & 0x3FFF) / 8192.0f - 1.0f;
    }
}

enum { C = 8, H = 12, W = 12 };

/* conv ks x ks (3: pad 1, 1: no pad), NCHW, C -> C channels, then + bias, relu. */
static void ref_conv_block(const float *x, const float *w, const float *b, float *y, int ks)
{
    int pad = ks / 2;
    for (int k = 0; k < C; k++)
        for (int h = 0; h < H; h++)
            for (int q = 0; q < W; q++) {
                double acc = b[k];
                for (int c = 0; c < C; c++)
                    for (int r = 0; r < ks; r++)
                        for (int s = 0; s < ks; s++) {
                            int ih = h + r - pad, iw = q + s - pad;
                            if (ih >= 0 && ih < H && iw >= 0 && iw < W)
                                acc += (double)x[(c * H + ih) * W + iw] * w[((k * C + c) * ks + r) * ks + s];
                        }
                y[(k * H + h) * W + q] = acc > 0 ? (float)acc : 0.0f;
            }
}

static gecl_port conv_block(gecl_graph *g, gecl_port x, const float *w, const float *b, int i, int ks)
{
    char name[32];
    gecl_tensor_desc dw = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {C, C, ks, ks}}, db = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {C}};
    gecl_port wp, bp;
    snprintf(name, sizeof name, "w%d", i);
    OK(gecl_graph_add_const(g, name, &dw, w, sizeof(float) * C * C * ks * ks, &wp));
    snprintf(name, sizeof name, "b%d", i);
    OK(gecl_graph_add_const(g, name, &db, b, sizeof(float) * C, &bp));
    int32_t conv, bias, relu;
    gecl_port ci[2] = {x, wp};
    snprintf(name, sizeof name, "conv%d", i);
    OK(gecl_graph_add_op(g, name, "Conv2D", 2, ci, &conv));
    int64_t ones[4] = {1, 1, 1, 1}, pads[4] = {ks / 2, ks / 2, ks / 2, ks / 2};
    OK(gecl_graph_set_attr_ints(g, conv, "strides", ones, 4));
    OK(gecl_graph_set_attr_ints(g, conv, "pads", pads, 4));
    OK(gecl_graph_set_attr_string(g, conv, "data_format", "NCHW"));
    gecl_port bi[2] = {{conv, 0}, bp};
    snprintf(name, sizeof name, "bias%d", i);
    OK(gecl_graph_add_op(g, name, "BiasAdd", 2, bi, &bias));
    OK(gecl_graph_set_attr_string(g, bias, "data_format", "NCHW"));
    gecl_port ri[1] = {{bias, 0}};
    snprintf(name, sizeof name, "relu%d", i);
    OK(gecl_graph_add_op(g, name, "Relu", 1, ri, &relu));
    gecl_port out = {relu, 0};
    return out;
}

static void run_host(uint32_t id, const float *x, float *y, size_t ny)
{
    gecl_tensor in = {{GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {1, C, H, W}}, (void *)x, sizeof(float) * C * H * W, GECL_ON_HOST};
    gecl_tensor out = {{GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {1, C, H, W}}, y, ny * sizeof(float), GECL_ON_HOST};
    OK(gecl_session_run_graph(session, id, 1, &in, 1, &out));
}

/* Kernels a lone Conv2D of this test compiles to (the conv may pad its input in a kernel first). */
static size_t conv_alone_kernels(const float *w)
{
    gecl_graph *g;
    OK(gecl_graph_create("conv_alone", &g));
    gecl_tensor_desc dx = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {1, C, H, W}};
    gecl_tensor_desc dw = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {C, C, 3, 3}};
    gecl_port xp, wp;
    OK(gecl_graph_add_data(g, "x", 0, &dx, &xp));
    OK(gecl_graph_add_const(g, "w", &dw, w, sizeof(float) * C * C * 9, &wp));
    int32_t conv;
    gecl_port ci[2] = {xp, wp};
    OK(gecl_graph_add_op(g, "conv", "Conv2D", 2, ci, &conv));
    int64_t ones[4] = {1, 1, 1, 1};
    OK(gecl_graph_set_attr_ints(g, conv, "strides", ones, 4));
    OK(gecl_graph_set_attr_ints(g, conv, "pads", ones, 4));
    OK(gecl_graph_set_attr_string(g, conv, "data_format", "NCHW"));
    gecl_port out = {conv, 0};
    OK(gecl_graph_set_outputs(g, 1, &out));
    OK(gecl_session_add_graph(session, 10, g, 0, NULL, NULL));
    gecl_graph_destroy(g);
    gecl_graph_summary sum;
    OK(gecl_session_graph_summary(session, 10, &sum));
    OK(gecl_session_remove_graph(session, 10));
    return sum.kernel_count;
}

/* Conv2D -> BiasAdd -> Relu -> Add(x): the three elementwise ops add no kernel to the conv's;
 * the result equals the reference. */
static void test_epilogue_fusion(void **state)
{
    (void)state;
    float x[C * H * W], w[C * C * 9], b[C], y[C * H * W], ref[C * H * W];
    fill(x, C * H * W, 1);
    fill(w, C * C * 9, 2);
    fill(b, C, 3);
    gecl_graph *g;
    OK(gecl_graph_create("fused", &g));
    gecl_tensor_desc dx = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {1, C, H, W}};
    gecl_port xp;
    OK(gecl_graph_add_data(g, "x", 0, &dx, &xp));
    gecl_port r = conv_block(g, xp, w, b, 0, 3);
    int32_t add;
    gecl_port ai[2] = {r, xp};
    OK(gecl_graph_add_op(g, "residual", "Add", 2, ai, &add));
    gecl_port out = {add, 0};
    OK(gecl_graph_set_outputs(g, 1, &out));
    OK(gecl_session_add_graph(session, 1, g, 0, NULL, NULL));
    gecl_graph_destroy(g);

    gecl_graph_summary sum;
    OK(gecl_session_graph_summary(session, 1, &sum));
    assert_int_equal(sum.op_count, 4);
    assert_true(sum.kernel_count < sum.op_count);
    assert_int_equal(sum.kernel_count, conv_alone_kernels(w));

    run_host(1, x, y, C * H * W);
    ref_conv_block(x, w, b, ref, 3);
    for (int i = 0; i < C * H * W; i++) assert_true(fabsf(y[i] - (ref[i] + x[i])) <= 1e-4f * (1 + fabsf(ref[i])));
    OK(gecl_session_remove_graph(session, 1));
}

/* Four 1x1 conv blocks in a row: each intermediate dies after the next block reads it, so two
 * arena slots suffice for three intermediates. */
static void test_arena_reuse(void **state)
{
    (void)state;
    enum { BLOCKS = 4 };
    float x[C * H * W], w[BLOCKS][C * C], b[BLOCKS][C], y[C * H * W], t[2][C * H * W];
    fill(x, C * H * W, 7);
    gecl_graph *g;
    OK(gecl_graph_create("chain", &g));
    gecl_tensor_desc dx = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {1, C, H, W}};
    gecl_port p;
    OK(gecl_graph_add_data(g, "x", 0, &dx, &p));
    for (int i = 0; i < BLOCKS; i++) {
        fill(w[i], C * C, 10 + i);
        fill(b[i], C, 20 + i);
        p = conv_block(g, p, w[i], b[i], i, 1);
    }
    OK(gecl_graph_set_outputs(g, 1, &p));
    OK(gecl_session_add_graph(session, 2, g, 0, NULL, NULL));
    gecl_graph_destroy(g);

    gecl_graph_summary sum;
    OK(gecl_session_graph_summary(session, 2, &sum));
    assert_int_equal(sum.op_count, 3 * BLOCKS);
    assert_true(sum.kernel_count < sum.op_count);
    assert_int_equal(sum.intermediate_bytes, (BLOCKS - 1) * sizeof(float) * C * H * W);
    assert_true(sum.feature_memory_size < sum.intermediate_bytes);

    run_host(2, x, y, C * H * W);
    const float *in = x;
    for (int i = 0; i < BLOCKS; i++) {
        ref_conv_block(in, w[i], b[i], t[i % 2], 1);
        in = t[i % 2];
    }
    for (int i = 0; i < C * H * W; i++) assert_true(fabsf(y[i] - in[i]) <= 1e-4f * (1 + fabsf(in[i])));
    OK(gecl_session_remove_graph(session, 2));
}

/* All-constant subgraphs are folded: no kernel runs for them. */
static void test_constant_folding(void **state)
{
    (void)state;
    gecl_graph *g;
    OK(gecl_graph_create("fold", &g));
    gecl_tensor_desc d = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {4}};
    float a[4] = {1, 2, 3, 4}, c[4] = {10, 20, 30, 40}, y[4];
    gecl_port x, ap, cp;
    OK(gecl_graph_add_data(g, "x", 0, &d, &x));
    OK(gecl_graph_add_const(g, "a", &d, a, sizeof a, &ap));
    OK(gecl_graph_add_const(g, "c", &d, c, sizeof c, &cp));
    int32_t mul, add;
    gecl_port mi[2] = {ap, cp};
    OK(gecl_graph_add_op(g, "const_mul", "Mul", 2, mi, &mul));
    gecl_port ai[2] = {x, {mul, 0}};
    OK(gecl_graph_add_op(g, "add", "Add", 2, ai, &add));
    gecl_port out = {add, 0};
    OK(gecl_graph_set_outputs(g, 1, &out));
    OK(gecl_session_add_graph(session, 3, g, 0, NULL, NULL));
    gecl_graph_destroy(g);
    gecl_graph_summary sum;
    OK(gecl_session_graph_summary(session, 3, &sum));
    assert_int_equal(sum.op_count, 2);
    assert_int_equal(sum.kernel_count, 1);
    float xv[4] = {0.5f, -1, 2, 0};
    gecl_tensor in = {d, xv, sizeof xv, GECL_ON_HOST}, o = {d, y, sizeof y, GECL_ON_HOST};
    OK(gecl_session_run_graph(session, 3, 1, &in, 1, &o));
    for (int i = 0; i < 4; i++) assert_true(y[i] == xv[i] + a[i] * c[i]);
    OK(gecl_session_remove_graph(session, 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_epilogue_fusion),
        cmocka_unit_test(test_arena_reuse),
        cmocka_unit_test(test_constant_folding),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
