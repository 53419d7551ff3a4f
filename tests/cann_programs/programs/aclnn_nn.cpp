// The network layers of the aclnn reference through their two phases on one stream: Convolution
// (NCHW, stride 2, padding 1, bias), MaxPool (ONNX-style pads), MaxPool2dWithIndices (PyTorch's
// indices), AvgPool2d (padding not counted),
// AdaptiveAvgPool2d, Softmax and LogSoftmax on one axis, LayerNorm with its mean and rstd
// outputs, BatchNorm in inference mode. Parameters are aclIntArrays; every result is checked
// against a CPU reference written from the operator's documented formula.
#include <cmath>
#include <limits>
#include <vector>

#include "acl/acl.h"
#include "aclnn_helpers.h"
#include "aclnnop/aclnn_adaptive_avg_pool2d.h"
#include "aclnnop/aclnn_avgpool2d.h"
#include "aclnnop/aclnn_batch_norm.h"
#include "aclnnop/aclnn_convolution.h"
#include "aclnnop/aclnn_layer_norm.h"
#include "aclnnop/aclnn_log_softmax.h"
#include "aclnnop/aclnn_max_pool.h"
#include "aclnnop/aclnn_max_pool2d_with_indices.h"
#include "aclnnop/aclnn_softmax.h"

// Tolerances (entries in [-1, 1]):
// - convolution: a float sum of C*R*S = 27 products is within 27 * 2^-24 * 27 = 4.4e-5 of the
//   exact sum, whatever the order: 1e-4;
// - max pooling picks an input: exact; average pooling sums at most 9 inputs and divides: 1e-6;
// - softmax, log-softmax, layer and batch norm use exp, log and rsqrt built-ins (a few ulp) and
//   float sums over 10 elements: 1e-5 relative plus 1e-5 absolute, far below the effect of a
//   wrong axis, epsilon or statistic.
static const double kConvAbs = 1e-4, kPoolAbs = 1e-6, kNormAbs = 1e-5, kNormRel = 1e-5;

static std::vector<float> Values(int64_t n, float salt)
{
    std::vector<float> v(n);
    for (int64_t i = 0; i < n; i++) v[i] = std::sin(salt * (float)(i + 1));
    return v;
}

static aclIntArray *Ints(const std::vector<int64_t> &v)
{
    aclIntArray *a = aclCreateIntArray(v.data(), v.size());
    EXPECT(a != nullptr);
    return a;
}

static const int64_t N = 2, C = 3, H = 9, W = 9, F = 4, R = 3, OH = 5, OW = 5;

// Windows of 3 with stride 2 and padding 1 over 9 positions: output o covers [2o-1, 2o+1].
static std::vector<double> Pool(const std::vector<float> &x, bool isMax)
{
    std::vector<double> y(N * C * OH * OW);
    for (int64_t nc = 0; nc < N * C; nc++)
        for (int64_t oh = 0; oh < OH; oh++)
            for (int64_t ow = 0; ow < OW; ow++) {
                double best = -std::numeric_limits<double>::infinity(), sum = 0;
                int count = 0;
                for (int64_t ih = 2 * oh - 1; ih <= 2 * oh + 1; ih++)
                    for (int64_t iw = 2 * ow - 1; iw <= 2 * ow + 1; iw++) {
                        if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                        const double v = x[(nc * H + ih) * W + iw];
                        best = std::max(best, v);
                        sum += v;
                        count++;
                    }
                y[(nc * OH + oh) * OW + ow] = isMax ? best : sum / count;
            }
    return y;
}

// PyTorch's max_pool2d_with_indices index for the same windows: ih * W + iw of the first maximum.
static std::vector<double> PoolIndices(const std::vector<float> &x)
{
    std::vector<double> idx(N * C * OH * OW);
    for (int64_t nc = 0; nc < N * C; nc++)
        for (int64_t oh = 0; oh < OH; oh++)
            for (int64_t ow = 0; ow < OW; ow++) {
                int64_t at = -1;
                for (int64_t ih = std::max<int64_t>(2 * oh - 1, 0); ih <= std::min<int64_t>(2 * oh + 1, H - 1); ih++)
                    for (int64_t iw = std::max<int64_t>(2 * ow - 1, 0); iw <= std::min<int64_t>(2 * ow + 1, W - 1); iw++)
                        if (at < 0 || x[(nc * H + ih) * W + iw] > x[nc * H * W + at]) at = ih * W + iw;
                idx[(nc * OH + oh) * OW + ow] = (double)at;
            }
    return idx;
}

static std::vector<double> Convolution(const std::vector<float> &x, const std::vector<float> &w,
                                       const std::vector<float> &b)
{
    std::vector<double> y(N * F * OH * OW);
    for (int64_t n = 0; n < N; n++)
        for (int64_t f = 0; f < F; f++)
            for (int64_t oh = 0; oh < OH; oh++)
                for (int64_t ow = 0; ow < OW; ow++) {
                    double acc = b[f];
                    for (int64_t c = 0; c < C; c++)
                        for (int64_t r = 0; r < R; r++)
                            for (int64_t q = 0; q < R; q++) {
                                const int64_t ih = 2 * oh - 1 + r, iw = 2 * ow - 1 + q;
                                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                                acc += (double)x[((n * C + c) * H + ih) * W + iw] * w[((f * C + c) * R + r) * R + q];
                            }
                    y[((n * F + f) * OH + oh) * OW + ow] = acc;
                }
    return y;
}

// Softmax (or log-softmax) along the last axis of [rows, cols].
static std::vector<double> Softmax(const std::vector<float> &x, int64_t rows, int64_t cols, bool log)
{
    std::vector<double> y(rows * cols);
    for (int64_t r = 0; r < rows; r++) {
        double mx = -INFINITY, sum = 0;
        for (int64_t c = 0; c < cols; c++) mx = std::max(mx, (double)x[r * cols + c]);
        for (int64_t c = 0; c < cols; c++) sum += std::exp(x[r * cols + c] - mx);
        for (int64_t c = 0; c < cols; c++) {
            const double z = x[r * cols + c] - mx;
            y[r * cols + c] = log ? z - std::log(sum) : std::exp(z) / sum;
        }
    }
    return y;
}

int main()
{
    OpStream s = StartRuntime();
    int64_t wrong = 0;
    uint64_t ws = 0;
    aclOpExecutor *ex = nullptr;

    // Convolution and the pools share one NCHW input.
    const std::vector<float> x = Values(N * C * H * W, 0.9f), w = Values(F * C * R * R, 1.7f), b = Values(F, 2.3f);
    DeviceTensor tx = MakeTensor({N, C, H, W}, ACL_FLOAT, x.data(), ACL_FORMAT_NCHW);
    DeviceTensor tw = MakeTensor({F, C, R, R}, ACL_FLOAT, w.data(), ACL_FORMAT_NCHW);
    DeviceTensor tb = MakeTensor({F}, ACL_FLOAT, b.data());
    DeviceTensor conv = MakeTensor({N, F, OH, OW}, ACL_FLOAT, nullptr, ACL_FORMAT_NCHW);
    DeviceTensor maxp = MakeTensor({N, C, OH, OW}, ACL_FLOAT, nullptr, ACL_FORMAT_NCHW);
    DeviceTensor avgp = MakeTensor({N, C, OH, OW}, ACL_FLOAT, nullptr, ACL_FORMAT_NCHW);
    DeviceTensor maxi = MakeTensor({N, C, OH, OW}, ACL_FLOAT, nullptr, ACL_FORMAT_NCHW);
    DeviceTensor argmax = MakeTensor({N, C, OH, OW}, ACL_INT32, nullptr, ACL_FORMAT_NCHW);
    aclIntArray *stride = Ints({2, 2}), *padding = Ints({1, 1}), *dilation = Ints({1, 1}), *outPad = Ints({0, 0});
    aclIntArray *kernel = Ints({3, 3}), *pads4 = Ints({1, 1, 1, 1});
    CHECK_ACL(aclnnConvolutionGetWorkspaceSize(tx.tensor, tw.tensor, tb.tensor, stride, padding, dilation, false,
                                               outPad, 1, conv.tensor, 0, &ws, &ex));
    s.Launch("aclnnConvolution", ws, ex, aclnnConvolution);
    CHECK_ACL(aclnnMaxPoolGetWorkspaceSize(tx.tensor, kernel, stride, 0, pads4, dilation, 0, maxp.tensor, &ws, &ex));
    s.Launch("aclnnMaxPool", ws, ex, aclnnMaxPool);
    CHECK_ACL(aclnnMaxPool2dWithIndicesGetWorkspaceSize(tx.tensor, kernel, stride, padding, dilation, false,
                                                        maxi.tensor, argmax.tensor, &ws, &ex));
    s.Launch("aclnnMaxPool2dWithIndices", ws, ex, aclnnMaxPool2dWithIndices);
    CHECK_ACL(aclnnAvgPool2dGetWorkspaceSize(tx.tensor, kernel, stride, padding, false, false, 0, 0, avgp.tensor,
                                             &ws, &ex));
    s.Launch("aclnnAvgPool2d", ws, ex, aclnnAvgPool2d);

    // Adaptive average pooling of 8x8 to 2x2: four 4x4 windows.
    const std::vector<float> x8 = Values(N * C * 64, 0.45f);
    DeviceTensor t8 = MakeTensor({N, C, 8, 8}, ACL_FLOAT, x8.data(), ACL_FORMAT_NCHW);
    DeviceTensor adapt = MakeTensor({N, C, 2, 2}, ACL_FLOAT, nullptr, ACL_FORMAT_NCHW);
    aclIntArray *outSize = Ints({2, 2});
    CHECK_ACL(aclnnAdaptiveAvgPool2dGetWorkspaceSize(t8.tensor, outSize, adapt.tensor, &ws, &ex));
    s.Launch("aclnnAdaptiveAvgPool2d", ws, ex, aclnnAdaptiveAvgPool2d);

    // Softmax over dim 1 and log-softmax over dim -1 of the same [rows, cols] matrix.
    const int64_t rows = 6, cols = 10;
    std::vector<float> logits = Values(rows * cols, 0.83f);
    for (float &v : logits) v *= 4.0f;
    DeviceTensor tl = MakeTensor({rows, cols}, ACL_FLOAT, logits.data());
    DeviceTensor sm = MakeTensor({rows, cols}, ACL_FLOAT, nullptr), lsm = MakeTensor({rows, cols}, ACL_FLOAT, nullptr);
    CHECK_ACL(aclnnSoftmaxGetWorkspaceSize(tl.tensor, 1, sm.tensor, &ws, &ex));
    s.Launch("aclnnSoftmax", ws, ex, aclnnSoftmax);
    CHECK_ACL(aclnnLogSoftmaxGetWorkspaceSize(tl.tensor, -1, lsm.tensor, &ws, &ex));
    s.Launch("aclnnLogSoftmax", ws, ex, aclnnLogSoftmax);

    // LayerNorm of [2, 6, 10] over the last dim, with weight, bias, mean and rstd ([2, 6, 1]).
    const std::vector<float> gamma = Values(cols, 1.1f), beta = Values(cols, 0.3f);
    DeviceTensor ln_in = MakeTensor({2, rows / 2, cols}, ACL_FLOAT, logits.data());
    DeviceTensor tg = MakeTensor({cols}, ACL_FLOAT, gamma.data()), tbeta = MakeTensor({cols}, ACL_FLOAT, beta.data());
    DeviceTensor ln = MakeTensor({2, rows / 2, cols}, ACL_FLOAT, nullptr);
    DeviceTensor lnMean = MakeTensor({2, rows / 2, 1}, ACL_FLOAT, nullptr);
    DeviceTensor lnRstd = MakeTensor({2, rows / 2, 1}, ACL_FLOAT, nullptr);
    aclIntArray *normShape = Ints({cols});
    const double lnEps = 1e-5;
    CHECK_ACL(aclnnLayerNormGetWorkspaceSize(ln_in.tensor, normShape, tg.tensor, tbeta.tensor, lnEps, ln.tensor,
                                             lnMean.tensor, lnRstd.tensor, &ws, &ex));
    s.Launch("aclnnLayerNorm", ws, ex, aclnnLayerNorm);

    // BatchNorm in inference mode: running statistics per channel of the NCHW input.
    std::vector<float> rmean = Values(C, 0.6f), rvar = Values(C, 0.8f), bnw = Values(C, 1.9f), bnb = Values(C, 2.9f);
    for (float &v : rvar) v = 0.5f + std::fabs(v);
    DeviceTensor trm = MakeTensor({C}, ACL_FLOAT, rmean.data()), trv = MakeTensor({C}, ACL_FLOAT, rvar.data());
    DeviceTensor tbw = MakeTensor({C}, ACL_FLOAT, bnw.data()), tbb = MakeTensor({C}, ACL_FLOAT, bnb.data());
    DeviceTensor bn = MakeTensor({N, C, H, W}, ACL_FLOAT, nullptr, ACL_FORMAT_NCHW);
    DeviceTensor saveMean = MakeTensor({C}, ACL_FLOAT, nullptr), saveInvstd = MakeTensor({C}, ACL_FLOAT, nullptr);
    const double bnEps = 1e-3;
    CHECK_ACL(aclnnBatchNormGetWorkspaceSize(tx.tensor, tbw.tensor, tbb.tensor, trm.tensor, trv.tensor, false, 0.1,
                                             bnEps, bn.tensor, saveMean.tensor, saveInvstd.tensor, &ws, &ex));
    s.Launch("aclnnBatchNorm", ws, ex, aclnnBatchNorm);
    s.Sync();

    wrong += Compare("convolution", Download<float>(conv), Convolution(x, w, b), kConvAbs, 0);
    wrong += Compare("max_pool", Download<float>(maxp), Pool(x, true), 0, 0);
    wrong += Compare("max_pool2d_with_indices", Download<float>(maxi), Pool(x, true), 0, 0);
    wrong += Compare("max_pool2d_with_indices indices", Download<int32_t>(argmax), PoolIndices(x), 0, 0);
    wrong += Compare("avg_pool2d", Download<float>(avgp), Pool(x, false), kPoolAbs, 0);
    std::vector<double> refAdapt(N * C * 4, 0.0);
    for (int64_t nc = 0; nc < N * C; nc++)
        for (int64_t ih = 0; ih < 8; ih++)
            for (int64_t iw = 0; iw < 8; iw++) refAdapt[(nc * 2 + ih / 4) * 2 + iw / 4] += x8[(nc * 8 + ih) * 8 + iw] / 16.0;
    wrong += Compare("adaptive_avg_pool2d", Download<float>(adapt), refAdapt, kPoolAbs, 0);
    wrong += Compare("softmax", Download<float>(sm), Softmax(logits, rows, cols, false), kNormAbs, kNormRel);
    wrong += Compare("log_softmax", Download<float>(lsm), Softmax(logits, rows, cols, true), kNormAbs, kNormRel);

    std::vector<double> refLn(rows * cols), refMean(rows), refRstd(rows);
    for (int64_t r = 0; r < rows; r++) {
        double mean = 0, var = 0;
        for (int64_t c = 0; c < cols; c++) mean += logits[r * cols + c] / (double)cols;
        for (int64_t c = 0; c < cols; c++) var += std::pow(logits[r * cols + c] - mean, 2) / (double)cols;
        refMean[r] = mean;
        refRstd[r] = 1.0 / std::sqrt(var + lnEps);
        for (int64_t c = 0; c < cols; c++)
            refLn[r * cols + c] = (logits[r * cols + c] - mean) * refRstd[r] * gamma[c] + beta[c];
    }
    wrong += Compare("layer_norm", Download<float>(ln), refLn, kNormAbs, kNormRel);
    wrong += Compare("layer_norm mean", Download<float>(lnMean), refMean, kNormAbs, kNormRel);
    wrong += Compare("layer_norm rstd", Download<float>(lnRstd), refRstd, kNormAbs, kNormRel);

    std::vector<double> refBn(N * C * H * W);
    for (int64_t i = 0; i < N * C * H * W; i++) {
        const int64_t c = (i / (H * W)) % C;
        refBn[i] = (x[i] - rmean[c]) / std::sqrt(rvar[c] + bnEps) * bnw[c] + bnb[c];
    }
    wrong += Compare("batch_norm", Download<float>(bn), refBn, kNormAbs, kNormRel);

    for (aclIntArray *a : {stride, padding, dilation, outPad, kernel, pads4, outSize, normShape})
        CHECK_ACL(aclDestroyIntArray(a));
    for (DeviceTensor *t : {&tx, &tw, &tb, &conv, &maxp, &avgp, &maxi, &argmax, &t8, &adapt, &tl, &sm, &lsm, &ln_in, &tg, &tbeta, &ln,
                            &lnMean, &lnRstd, &trm, &trv, &tbw, &tbb, &bn, &saveMean, &saveInvstd})
        FreeTensor(*t);
    StopRuntime(s);
    if (wrong != 0) {
        ERROR_LOG("%lld elements wrong", (long long)wrong);
        return 1;
    }
    INFO_LOG("run success");
    return 0;
}
