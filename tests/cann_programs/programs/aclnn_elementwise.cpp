// The elementwise operators of the aclnn reference, each through its two phases on one stream:
// Add and Sub with alpha and a broadcast row, Mul, Div, Muls, Adds (scalars from aclCreateScalar),
// the activations Relu, Gelu, Sigmoid, Tanh, the functions Exp, Log, Sqrt, Abs, Neg, and Cast to
// float16 and to int32. The host waits once, then checks every output against its own arithmetic.
#include <cmath>
#include <vector>

#include "acl/acl.h"
#include "aclnn_helpers.h"
#include "aclnnop/aclnn_abs.h"
#include "aclnnop/aclnn_add.h"
#include "aclnnop/aclnn_cast.h"
#include "aclnnop/aclnn_div.h"
#include "aclnnop/aclnn_exp.h"
#include "aclnnop/aclnn_gelu.h"
#include "aclnnop/aclnn_log.h"
#include "aclnnop/aclnn_mul.h"
#include "aclnnop/aclnn_neg.h"
#include "aclnnop/aclnn_relu.h"
#include "aclnnop/aclnn_sigmoid.h"
#include "aclnnop/aclnn_sqrt.h"
#include "aclnnop/aclnn_sub.h"
#include "aclnnop/aclnn_tanh.h"

// Tolerances. Add, Sub, Mul, Div, Muls, Adds, Relu, Abs, Neg are one or two correctly rounded
// float operations: the reference computes the same float operations, so 2 ulp of slack is
// enough, plus an absolute term for a kernel that contracts a*b+c into one fused multiply-add
// (OpenCL allows it): that skips the rounding of a product, at most half an ulp of the product,
// and the products here are below 8, whose half ulp is 4.8e-7. Exp, Log, Sqrt, Tanh, Sigmoid and Gelu use OpenCL's single-precision built-ins, whose
// specified error is at most a few ulp (exp, log 3 ulp, tanh 5 ulp; sigmoid and gelu compose two
// or three of them); the references are double, so 2e-6 relative (about 16 ulp) with 1e-6
// absolute covers the built-ins' allowed error with margin and still catches any wrong formula,
// whose error on these inputs is many orders of magnitude larger.
static const double kExactRel = 2.4e-7, kExactAbs = 5e-7;
static const double kMathRel = 2e-6, kMathAbs = 1e-6;

int main()
{
    OpStream s = StartRuntime();
    const int64_t rows = 16, cols = 37, n = rows * cols;
    std::vector<float> x(n), y(n), pos(n), row(cols);
    for (int64_t i = 0; i < n; i++) {
        x[i] = 3.0f * std::sin(0.37f * (float)i);
        y[i] = 0.5f + std::fabs(std::cos(0.11f * (float)i)); // nonzero: a divisor
        pos[i] = 0.01f + 4.0f * (float)(i % 97) / 97.0f;      // positive: log and sqrt
    }
    for (int64_t j = 0; j < cols; j++) row[j] = 0.25f * (float)(j - 18);

    DeviceTensor tx = MakeTensor({rows, cols}, ACL_FLOAT, x.data());
    DeviceTensor ty = MakeTensor({rows, cols}, ACL_FLOAT, y.data());
    DeviceTensor tpos = MakeTensor({rows, cols}, ACL_FLOAT, pos.data());
    DeviceTensor trow = MakeTensor({cols}, ACL_FLOAT, row.data());
    const char *names[] = {"add", "sub", "mul", "div", "muls", "adds", "relu", "gelu",
                           "sigmoid", "tanh", "exp", "log", "sqrt", "abs", "neg"};
    const int nOut = (int)(sizeof names / sizeof names[0]);
    std::vector<DeviceTensor> out;
    for (int k = 0; k < nOut; k++) out.push_back(MakeTensor({rows, cols}, ACL_FLOAT, nullptr));
    DeviceTensor half = MakeTensor({rows, cols}, ACL_FLOAT16, nullptr);
    DeviceTensor ints = MakeTensor({rows, cols}, ACL_INT32, nullptr);

    float alphaValue = 1.5f, subAlphaValue = -0.75f, mulValue = -2.5f, addValue = 0.125f, one = 1.0f;
    aclScalar *alpha = aclCreateScalar(&alphaValue, ACL_FLOAT);
    aclScalar *subAlpha = aclCreateScalar(&subAlphaValue, ACL_FLOAT);
    aclScalar *mulScalar = aclCreateScalar(&mulValue, ACL_FLOAT);
    aclScalar *addScalar = aclCreateScalar(&addValue, ACL_FLOAT);
    aclScalar *unit = aclCreateScalar(&one, ACL_FLOAT);
    EXPECT(alpha && subAlpha && mulScalar && addScalar && unit);

    uint64_t ws = 0;
    aclOpExecutor *ex = nullptr;
    CHECK_ACL(aclnnAddGetWorkspaceSize(tx.tensor, trow.tensor, alpha, out[0].tensor, &ws, &ex));
    s.Launch("aclnnAdd", ws, ex, aclnnAdd);
    CHECK_ACL(aclnnSubGetWorkspaceSize(tx.tensor, ty.tensor, subAlpha, out[1].tensor, &ws, &ex));
    s.Launch("aclnnSub", ws, ex, aclnnSub);
    CHECK_ACL(aclnnMulGetWorkspaceSize(tx.tensor, ty.tensor, out[2].tensor, &ws, &ex));
    s.Launch("aclnnMul", ws, ex, aclnnMul);
    CHECK_ACL(aclnnDivGetWorkspaceSize(tx.tensor, ty.tensor, out[3].tensor, &ws, &ex));
    s.Launch("aclnnDiv", ws, ex, aclnnDiv);
    CHECK_ACL(aclnnMulsGetWorkspaceSize(tx.tensor, mulScalar, out[4].tensor, &ws, &ex));
    s.Launch("aclnnMuls", ws, ex, aclnnMuls);
    CHECK_ACL(aclnnAddsGetWorkspaceSize(tx.tensor, addScalar, unit, out[5].tensor, &ws, &ex));
    s.Launch("aclnnAdds", ws, ex, aclnnAdds);
    CHECK_ACL(aclnnReluGetWorkspaceSize(tx.tensor, out[6].tensor, &ws, &ex));
    s.Launch("aclnnRelu", ws, ex, aclnnRelu);
    CHECK_ACL(aclnnGeluGetWorkspaceSize(tx.tensor, out[7].tensor, &ws, &ex));
    s.Launch("aclnnGelu", ws, ex, aclnnGelu);
    CHECK_ACL(aclnnSigmoidGetWorkspaceSize(tx.tensor, out[8].tensor, &ws, &ex));
    s.Launch("aclnnSigmoid", ws, ex, aclnnSigmoid);
    CHECK_ACL(aclnnTanhGetWorkspaceSize(tx.tensor, out[9].tensor, &ws, &ex));
    s.Launch("aclnnTanh", ws, ex, aclnnTanh);
    CHECK_ACL(aclnnExpGetWorkspaceSize(tx.tensor, out[10].tensor, &ws, &ex));
    s.Launch("aclnnExp", ws, ex, aclnnExp);
    CHECK_ACL(aclnnLogGetWorkspaceSize(tpos.tensor, out[11].tensor, &ws, &ex));
    s.Launch("aclnnLog", ws, ex, aclnnLog);
    CHECK_ACL(aclnnSqrtGetWorkspaceSize(tpos.tensor, out[12].tensor, &ws, &ex));
    s.Launch("aclnnSqrt", ws, ex, aclnnSqrt);
    CHECK_ACL(aclnnAbsGetWorkspaceSize(tx.tensor, out[13].tensor, &ws, &ex));
    s.Launch("aclnnAbs", ws, ex, aclnnAbs);
    CHECK_ACL(aclnnNegGetWorkspaceSize(tx.tensor, out[14].tensor, &ws, &ex));
    s.Launch("aclnnNeg", ws, ex, aclnnNeg);
    CHECK_ACL(aclnnCastGetWorkspaceSize(tx.tensor, ACL_FLOAT16, half.tensor, &ws, &ex));
    s.Launch("aclnnCast", ws, ex, aclnnCast);
    CHECK_ACL(aclnnCastGetWorkspaceSize(tx.tensor, ACL_INT32, ints.tensor, &ws, &ex));
    s.Launch("aclnnCast", ws, ex, aclnnCast);
    s.Sync();

    std::vector<std::vector<double>> want(nOut, std::vector<double>(n));
    for (int64_t i = 0; i < n; i++) {
        const float a = x[i], b = y[i];
        const double d = a;
        want[0][i] = a + alphaValue * row[i % cols];
        want[1][i] = a - subAlphaValue * b;
        want[2][i] = a * b;
        want[3][i] = a / b;
        want[4][i] = a * mulValue;
        want[5][i] = a + addValue;
        want[6][i] = a > 0 ? a : 0.0f;
        want[7][i] = 0.5 * d * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (d + 0.044715 * d * d * d)));
        want[8][i] = 1.0 / (1.0 + std::exp(-d));
        want[9][i] = std::tanh(d);
        want[10][i] = std::exp(d);
        want[11][i] = std::log((double)pos[i]);
        want[12][i] = std::sqrt((double)pos[i]);
        want[13][i] = std::fabs(d);
        want[14][i] = -d;
    }
    int64_t wrong = 0;
    for (int k = 0; k < nOut; k++) {
        const bool math = k >= 7 && k <= 12;
        wrong += Compare(names[k], Download<float>(out[k]), want[k], math ? kMathAbs : kExactAbs,
                         math ? kMathRel : kExactRel);
    }

    // Cast: to float16 rounds to nearest even (compared bit for bit), to int32 truncates toward 0.
    std::vector<uint16_t> halfBits = Download<uint16_t>(half);
    std::vector<int32_t> intValues = Download<int32_t>(ints);
    std::vector<double> wantHalf(n), gotHalf(n), wantInt(n);
    for (int64_t i = 0; i < n; i++) {
        wantHalf[i] = FloatToHalf(x[i]);
        gotHalf[i] = halfBits[i];
        wantInt[i] = (double)(int32_t)x[i];
    }
    wrong += Compare("cast float16 (bits)", gotHalf, wantHalf, 0, 0);
    wrong += Compare("cast int32", intValues, wantInt, 0, 0);

    for (aclScalar *sc : {alpha, subAlpha, mulScalar, addScalar, unit}) CHECK_ACL(aclDestroyScalar(sc));
    for (DeviceTensor &t : out) FreeTensor(t);
    for (DeviceTensor *t : {&tx, &ty, &tpos, &trow, &half, &ints}) FreeTensor(*t);
    StopRuntime(s);
    if (wrong != 0) {
        ERROR_LOG("%lld elements wrong", (long long)wrong);
        return 1;
    }
    INFO_LOG("run success");
    return 0;
}
