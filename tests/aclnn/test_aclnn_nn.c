/* test_aclnn_nn.c: the network layers against the graph engine (bit for bit: the same kernels for
 * the graph each operator is documented to be) and against PyTorch's definitions on the CPU:
 * Convolution, MaxPool, MaxPool2dWithIndices, AvgPool2d, AdaptiveAvgPool2d, LayerNorm (with mean and rstd), BatchNorm
 * in inference mode; and their refusals (transposed convolution, training BatchNorm, adaptive
 * sizes that do not divide). */
#include "aclnn_util.h"

#include <math.h>

#include "aclnnop/aclnn_adaptive_avg_pool2d.h"
#include "aclnnop/aclnn_avgpool2d.h"
#include "aclnnop/aclnn_batch_norm.h"
#include "aclnnop/aclnn_convolution.h"
#include "aclnnop/aclnn_layer_norm.h"
#include "aclnnop/aclnn_max_pool.h"
#include "aclnnop/aclnn_max_pool2d_with_indices.h"

#define F32 ACL_FLOAT

static gecl_port data(gg_graph *g, const char *name, const int64_t *dims, uint64_t n, const void *host)
{
    return gg_data(g, name, an_desc(F32, dims, n), host);
}

static gecl_port const_f(gg_graph *g, const char *name, float v)
{
    return gg_const(g, name, gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &v);
}

static void test_convolution(void **state)
{
    (void)state;
    gg_seed(21);
    const int64_t dx[] = {2, 3, 9, 9}, dw[] = {4, 3, 3, 3}, db[] = {4}, dy[] = {2, 4, 5, 5};
    float *x = gg_rand_f32(486, -1, 1), *w = gg_rand_f32(108, -1, 1), *bias = gg_rand_f32(4, -1, 1);
    aclTensor *tx = an_tensor(F32, dx, 4, x), *tw = an_tensor(F32, dw, 4, w), *tb = an_tensor(F32, db, 1, bias);
    aclTensor *ty = an_out(F32, dy, 4);
    AN_RUN(Convolution, tx, tw, tb, AN_INTS(2, 2), AN_INTS(1, 1), AN_INTS(1, 1), false, AN_INTS(0, 0), 1, ty, 0);
    gg_graph *g = gg_new("conv");
    int32_t c = GG_OP(g, "conv", "Conv2D", data(g, "x", dx, 4, x), data(g, "w", dw, 4, w), data(g, "b", db, 1, bias));
    GG_ATTR_INTS(g, c, "strides", 1, 1, 2, 2);
    GG_ATTR_INTS(g, c, "pads", 1, 1, 1, 1);
    GG_ATTR_INTS(g, c, "dilations", 1, 1, 1, 1);
    gg_attr_int(g, c, "groups", 1);
    gg_attr_string(g, c, "data_format", "NCHW");
    gg_input_format(g, c, 1, GECL_FORMAT_NCHW);
    gecl_tensor ref = gg_run1(g, gg_port(c));
    AN_SAME(ref, ty);
    /* PyTorch's conv2d, in double */
    const float *y = an_read(ty);
    for (int n = 0; n < 2; n++)
        for (int o = 0; o < 4; o++)
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 5; j++) {
                    double s = bias[o], m = fabs(bias[o]);
                    for (int ci = 0; ci < 3; ci++)
                        for (int u = 0; u < 3; u++)
                            for (int v = 0; v < 3; v++) {
                                int h = i * 2 - 1 + u, ww = j * 2 - 1 + v;
                                if (h < 0 || h >= 9 || ww < 0 || ww >= 9) continue;
                                double t = (double)x[((n * 3 + ci) * 9 + h) * 9 + ww] * w[((o * 3 + ci) * 3 + u) * 3 + v];
                                s += t, m += fabs(t);
                            }
                    assert_true(fabs(y[((n * 4 + o) * 5 + i) * 5 + j] - s) <= GG_REL_ACC * m + GG_ABS_ACC);
                }
    /* transposed convolution is refused, with the reason */
    uint64_t ws;
    aclOpExecutor *ex;
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnConvolutionGetWorkspaceSize(tx, tw, tb, AN_INTS(1, 1), AN_INTS(0, 0),
                                                                     AN_INTS(1, 1), true, AN_INTS(0, 0), 1, ty, 0,
                                                                     &ws, &ex));
    AN_MSG_HAS("transposed");
}

static void test_pools(void **state)
{
    (void)state;
    gg_seed(22);
    const int64_t dx[] = {1, 2, 7, 7}, dm[] = {1, 2, 4, 4};
    float *x = gg_rand_f32(98, -3, 3);
    aclTensor *tx = an_tensor(F32, dx, 4, x), *tm = an_out(F32, dm, 4), *ta = an_out(F32, dm, 4);
    AN_RUN(MaxPool, tx, AN_INTS(3, 3), AN_INTS(2, 2), 0, AN_INTS(1, 1, 1, 1), AN_INTS(1, 1), 0, tm);
    AN_RUN(AvgPool2d, tx, AN_INTS(3, 3), AN_INTS(2, 2), AN_INTS(1, 1), false, false, 0, 0, ta);
    gg_graph *g = gg_new("maxpool");
    int32_t m = GG_OP(g, "p", "MaxPoolV3", data(g, "x", dx, 4, x));
    GG_ATTR_INTS(g, m, "ksize", 1, 1, 3, 3);
    GG_ATTR_INTS(g, m, "strides", 1, 1, 2, 2);
    GG_ATTR_INTS(g, m, "pads", 1, 1, 1, 1);
    gg_attr_string(g, m, "padding_mode", "CALCULATED");
    gg_attr_string(g, m, "data_format", "NCHW");
    gecl_tensor rm = gg_run1(g, gg_port(m));
    AN_SAME(rm, tm);
    g = gg_new("avgpool");
    int32_t a = GG_OP(g, "p", "AvgPoolV2", data(g, "x", dx, 4, x));
    GG_ATTR_INTS(g, a, "ksize", 1, 1, 3, 3);
    GG_ATTR_INTS(g, a, "strides", 1, 1, 2, 2);
    GG_ATTR_INTS(g, a, "pads", 1, 1, 1, 1);
    gg_attr_string(g, a, "padding_mode", "CALCULATED");
    gg_attr_string(g, a, "data_format", "NCHW");
    gg_attr_bool(g, a, "exclusive", 1); /* countIncludePad false */
    gecl_tensor ra = gg_run1(g, gg_port(a));
    AN_SAME(ra, ta);
    /* PyTorch: max over the window inside the input; the mean over the same (padding not counted) */
    const float *ym = an_read(tm), *ya = an_read(ta);
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) {
                double mx = -INFINITY, s = 0;
                int cnt = 0;
                for (int u = 0; u < 3; u++)
                    for (int v = 0; v < 3; v++) {
                        int h = 2 * i - 1 + u, w = 2 * j - 1 + v;
                        if (h < 0 || h >= 7 || w < 0 || w >= 7) continue;
                        double t = x[(c * 7 + h) * 7 + w];
                        mx = t > mx ? t : mx, s += t, cnt++;
                    }
                assert_true(ym[(c * 4 + i) * 4 + j] == (float)mx);
                assert_true(fabs(ya[(c * 4 + i) * 4 + j] - s / cnt) <= 1e-5 * (fabs(s) / cnt + 1));
            }
}

/* CANN's example for aclnnMaxPool2dWithIndices (values and indices as its document prints them),
 * then a padded, dilated, ceil-mode case against MaxPool3DWithArgmaxV2 in a graph (bit for bit)
 * and PyTorch's max_pool2d_with_indices on the CPU (index h * W + w of the first maximum). */
static void test_max_pool_with_indices(void **state)
{
    (void)state;
    const float doc[] = {0.0850f, -0.5147f, -0.0212f, -0.5654f, -0.3222f, 0.5847f,
                         1.7510f, 0.9954f,  0.1842f,  0.8392f,  0.4835f,  0.9213f};
    const int64_t dd[] = {1, 1, 4, 3}, dq[] = {1, 1, 2, 1};
    aclTensor *td = an_tensor(F32, dd, 4, doc), *tq = an_out(F32, dq, 4), *ti = an_out(ACL_INT64, dq, 4);
    AN_RUN(MaxPool2dWithIndices, td, AN_INTS(2, 2), AN_INTS(2, 2), AN_INTS(0, 0), AN_INTS(1, 1), false, tq, ti);
    const float *q = an_read(tq);
    const int64_t *qi = an_read(ti);
    assert_true(q[0] == 0.0850f && q[1] == 1.7510f);
    assert_true(qi[0] == 0 && qi[1] == 6);

    gg_seed(26);
    const int64_t dx[] = {2, 3, 9, 8}, dy[] = {2, 3, 5, 3}, dx5[] = {2, 3, 1, 9, 8};
    float *x = gg_rand_f32(432, -3, 3);
    aclTensor *tx = an_tensor(F32, dx, 4, x), *ty = an_out(F32, dy, 4), *tix = an_out(ACL_INT32, dy, 4);
    /* kernel 3x3, stride 2x3, padding 1x1, dilation 1x2, ceil mode: H 9 -> 5, W 8 -> 3 */
    AN_RUN(MaxPool2dWithIndices, tx, AN_INTS(3, 3), AN_INTS(2, 3), AN_INTS(1, 1), AN_INTS(1, 2), true, ty, tix);
    gg_graph *g = gg_new("maxpool_argmax");
    int32_t m = GG_OP(g, "p", "MaxPool3DWithArgmaxV2", data(g, "x", dx5, 5, x));
    GG_ATTR_INTS(g, m, "ksize", 1, 3, 3);
    GG_ATTR_INTS(g, m, "strides", 1, 2, 3);
    GG_ATTR_INTS(g, m, "pads", 0, 1, 1);
    GG_ATTR_INTS(g, m, "dilation", 1, 1, 2);
    gg_attr_bool(g, m, "ceil_mode", 1);
    gg_attr_int(g, m, "dtype", GECL_DT_INT32);
    gecl_tensor refs[2];
    gg_run(g, 2, GG_PORTS(gg_port(m), ((gecl_port){m, 1})), refs);
    const float *y = an_read(ty), *ry = refs[0].data;
    const int32_t *yi = an_read(tix), *ri = refs[1].data;
    for (int k = 0; k < 90; k++) assert_true(y[k] == ry[k] && yi[k] == ri[k]);
    for (int pl = 0; pl < 6; pl++)
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 3; j++) {
                float best = -INFINITY;
                int at = -1;
                for (int u = 0; u < 3; u++)
                    for (int v = 0; v < 3; v++) {
                        int h = 2 * i - 1 + u, w = 3 * j - 1 + 2 * v;
                        if (h < 0 || h >= 9 || w < 0 || w >= 8) continue;
                        if (at < 0 || x[pl * 72 + h * 8 + w] > best) best = x[pl * 72 + h * 8 + w], at = h * 8 + w;
                    }
                assert_true(y[(pl * 5 + i) * 3 + j] == best && yi[(pl * 5 + i) * 3 + j] == at);
            }
    /* refusals: float indices, a wrong out shape, padding over half the kernel */
    uint64_t ws;
    aclOpExecutor *ex;
    aclTensor *tf = an_out(F32, dy, 4), *tbad = an_out(F32, dq, 4);
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnMaxPool2dWithIndicesGetWorkspaceSize(tx, AN_INTS(3, 3), AN_INTS(2, 3),
           AN_INTS(1, 1), AN_INTS(1, 2), true, ty, tf, &ws, &ex));
    AN_MSG_HAS("indices");
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnMaxPool2dWithIndicesGetWorkspaceSize(tx, AN_INTS(3, 3), AN_INTS(2, 3),
           AN_INTS(1, 1), AN_INTS(1, 2), true, tbad, tix, &ws, &ex));
    AN_MSG_HAS("out");
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnMaxPool2dWithIndicesGetWorkspaceSize(tx, AN_INTS(2, 2), AN_INTS(2, 2),
           AN_INTS(2, 2), AN_INTS(1, 1), false, ty, tix, &ws, &ex));
    AN_MSG_HAS("half");
}

static void test_adaptive_avg_pool(void **state)
{
    (void)state;
    gg_seed(23);
    const int64_t dx[] = {3, 8, 6}, dy[] = {3, 2, 3}, bad[] = {3, 3, 3};
    float *x = gg_rand_f32(144, -1, 1);
    aclTensor *tx = an_tensor(F32, dx, 3, x), *ty = an_out(F32, dy, 3);
    AN_RUN(AdaptiveAvgPool2d, tx, AN_INTS(2, 3), ty);
    const float *y = an_read(ty);
    for (int c = 0; c < 3; c++)
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int u = 0; u < 4; u++)
                    for (int v = 0; v < 2; v++) s += x[(c * 8 + i * 4 + u) * 6 + j * 2 + v];
                assert_true(fabs(y[(c * 2 + i) * 3 + j] - s / 8) <= 1e-6);
            }
    uint64_t ws;
    aclOpExecutor *ex;
    aclTensor *tb = an_out(F32, bad, 3);
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnAdaptiveAvgPool2dGetWorkspaceSize(tx, AN_INTS(3, 3), tb, &ws, &ex));
    AN_MSG_HAS("does not divide");
}

static void test_layer_norm(void **state)
{
    (void)state;
    gg_seed(24);
    const int64_t dx[] = {2, 3, 8}, dn[] = {8}, ds[] = {2, 3, 1};
    float *x = gg_rand_f32(48, -2, 2), *gm = gg_rand_f32(8, 0.5, 1.5), *bt = gg_rand_f32(8, -1, 1);
    aclTensor *tx = an_tensor(F32, dx, 3, x), *tg = an_tensor(F32, dn, 1, gm), *tb = an_tensor(F32, dn, 1, bt);
    aclTensor *ty = an_out(F32, dx, 3), *tm = an_out(F32, ds, 3), *tr = an_out(F32, ds, 3);
    AN_RUN(LayerNorm, tx, AN_INTS(8), tg, tb, 1e-5, ty, tm, tr);
    gg_graph *g = gg_new("layernorm");
    int32_t ln = GG_OP(g, "ln", "LayerNorm", data(g, "x", dx, 3, x), data(g, "g", dn, 1, gm), data(g, "b", dn, 1, bt));
    gg_attr_int(g, ln, "begin_norm_axis", 2);
    gg_attr_int(g, ln, "begin_params_axis", 2);
    GG_OK(gecl_graph_set_attr_float(g->graph, ln, "epsilon", 1e-5f));
    gecl_port rstd = gg_port(GG_OP(g, "rstd", "Rsqrt", gg_port(GG_OP(g, "ve", "Add", ((gecl_port){ln, 2}), const_f(g, "eps", 1e-5f)))));
    gecl_tensor refs[3];
    gg_run(g, 3, GG_PORTS(gg_port(ln), ((gecl_port){ln, 1}), rstd), refs);
    AN_SAME(refs[0], ty);
    AN_SAME(refs[1], tm);
    AN_SAME(refs[2], tr);
    const float *y = an_read(ty);
    for (int r = 0; r < 6; r++) {
        double mu = 0, var = 0;
        for (int k = 0; k < 8; k++) mu += x[r * 8 + k];
        mu /= 8;
        for (int k = 0; k < 8; k++) var += (x[r * 8 + k] - mu) * (x[r * 8 + k] - mu);
        var /= 8;
        for (int k = 0; k < 8; k++) {
            double want = (x[r * 8 + k] - mu) / sqrt(var + 1e-5) * gm[k] + bt[k];
            assert_true(fabs(y[r * 8 + k] - want) <= 1e-5 * (fabs(want) + 1));
        }
    }
    /* without weight, bias and the statistics */
    aclTensor *ty2 = an_out(F32, dx, 3);
    AN_RUN(LayerNorm, tx, AN_INTS(3, 8), NULL, NULL, 1e-5, ty2, NULL, NULL);
}

static void test_batch_norm(void **state)
{
    (void)state;
    gg_seed(25);
    const int64_t dx[] = {2, 3, 4, 4}, dc[] = {3}, d4[] = {1, 3, 1, 1};
    float *x = gg_rand_f32(96, -2, 2), *mean = gg_rand_f32(3, -1, 1), *var = gg_rand_f32(3, 0.5, 2);
    float *w = gg_rand_f32(3, 0.5, 1.5), *b = gg_rand_f32(3, -1, 1);
    aclTensor *tx = an_tensor(F32, dx, 4, x), *tm = an_tensor(F32, dc, 1, mean), *tv = an_tensor(F32, dc, 1, var);
    aclTensor *tw = an_tensor(F32, dc, 1, w), *tb = an_tensor(F32, dc, 1, b), *ty = an_out(F32, dx, 4);
    AN_RUN(BatchNorm, tx, tw, tb, tm, tv, false, 0.1, 1e-5, ty, NULL, NULL);
    gg_graph *g = gg_new("batchnorm");
    gecl_port shape = gg_const_ints(g, "shape", GECL_DT_INT64, 1, d4, 4);
    gecl_port pm = gg_port(GG_OP(g, "m", "Reshape", data(g, "mean", dc, 1, mean), shape));
    gecl_port pv = gg_port(GG_OP(g, "v", "Reshape", data(g, "var", dc, 1, var), shape));
    gecl_port inv = gg_port(GG_OP(g, "inv", "Rsqrt", gg_port(GG_OP(g, "ve", "Add", pv, const_f(g, "eps", 1e-5f)))));
    gecl_port y = gg_port(GG_OP(g, "norm", "Mul", gg_port(GG_OP(g, "c", "Sub", data(g, "x", dx, 4, x), pm)), inv));
    y = gg_port(GG_OP(g, "scale", "Mul", y, gg_port(GG_OP(g, "w", "Reshape", data(g, "wt", dc, 1, w), shape))));
    y = gg_port(GG_OP(g, "shift", "Add", y, gg_port(GG_OP(g, "b", "Reshape", data(g, "bs", dc, 1, b), shape))));
    gecl_tensor ref = gg_run1(g, y);
    AN_SAME(ref, ty);
    const float *o = an_read(ty);
    for (int i = 0; i < 96; i++) {
        int c = (i / 16) % 3;
        double want = (x[i] - mean[c]) / sqrt(var[c] + 1e-5) * w[c] + b[c];
        assert_true(fabs(o[i] - want) <= 1e-5 * (fabs(want) + 1));
    }
    uint64_t ws;
    aclOpExecutor *ex;
    AN_ERR(ACLNN_ERR_PARAM_INVALID, aclnnBatchNormGetWorkspaceSize(tx, tw, tb, tm, tv, true, 0.1, 1e-5, ty, NULL, NULL,
                                                                   &ws, &ex));
    AN_MSG_HAS("inference");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        AN_TEST(test_convolution), AN_TEST(test_pools),      AN_TEST(test_max_pool_with_indices),
        AN_TEST(test_adaptive_avg_pool),
        AN_TEST(test_layer_norm),  AN_TEST(test_batch_norm),
    };
    return AN_RUN_GROUP(tests);
}
