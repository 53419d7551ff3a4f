/* ge_graph_common.h: the graph the GE session programs share and its CPU reference:
 * y = softmax(x @ W) * s, x [4, 8] from a Data operator, W [8, 16] and s [16] constants. The
 * softmax result is an intermediate (it feeds the multiplication), so the compiled graph has
 * both constant memory and feature memory; plus small helpers for device tensors. */
#ifndef GE_GRAPH_COMMON_H
#define GE_GRAPH_COMMON_H
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "all_ops.h"
#include "ge/ge_api_v2.h"

namespace sample {
using namespace ge;

constexpr int64_t kRows = 4, kK = 8, kCols = 16;

inline std::vector<float> Weights()
{
    std::vector<float> w(kK * kCols);
    for (size_t i = 0; i < w.size(); i++) w[i] = std::sin(0.3f * (float)i);
    return w;
}

inline std::vector<float> Scale()
{
    std::vector<float> s(kCols);
    for (int64_t j = 0; j < kCols; j++) s[j] = 1.0f + 0.5f * (float)j;
    return s;
}

inline std::vector<float> Input(float salt)
{
    std::vector<float> x(kRows * kK);
    for (size_t i = 0; i < x.size(); i++) x[i] = std::cos(salt * (float)(i + 1));
    return x;
}

inline op::Const FloatConst(const char *name, const std::vector<int64_t> &dims, const std::vector<float> &v)
{
    Tensor t(TensorDesc(Shape(dims), FORMAT_ND, DT_FLOAT));
    t.SetData(reinterpret_cast<const uint8_t *>(v.data()), v.size() * sizeof(float));
    return op::Const(name).set_attr_value(t);
}

inline Graph SoftmaxGraph(const char *name)
{
    TensorDesc desc(Shape({kRows, kK}), FORMAT_ND, DT_FLOAT);
    auto x = op::Data("x").set_attr_index(0);
    x.update_input_desc_x(desc);
    x.update_output_desc_y(desc);
    auto w = FloatConst("w", {kK, kCols}, Weights());
    auto s = FloatConst("s", {kCols}, Scale());
    auto mm = op::MatMulV2("mm").set_input_x1(x).set_input_x2(w);
    auto sm = op::SoftmaxV2("softmax").set_input_x(mm).set_attr_axes({-1});
    auto mul = op::Mul("scale").set_input_x1(sm).set_input_x2(s);
    Graph g(name);
    g.SetInputs({x}).SetOutputs({mul});
    return g;
}

inline std::vector<double> Reference(const std::vector<float> &x)
{
    const std::vector<float> w = Weights(), s = Scale();
    std::vector<double> y(kRows * kCols);
    for (int64_t r = 0; r < kRows; r++) {
        double z[kCols], mx = -INFINITY, sum = 0;
        for (int64_t c = 0; c < kCols; c++) {
            z[c] = 0;
            for (int64_t k = 0; k < kK; k++) z[c] += (double)x[r * kK + k] * w[k * kCols + c];
            mx = std::max(mx, z[c]);
        }
        for (int64_t c = 0; c < kCols; c++) sum += std::exp(z[c] - mx);
        for (int64_t c = 0; c < kCols; c++) y[r * kCols + c] = std::exp(z[c] - mx) / sum * s[c];
    }
    return y;
}

/* Tolerance: the product sums 8 float terms of magnitude < 1 (error < 8 * 2^-24 * 8 = 4e-6),
 * exp and the division are a few ulp, the results are below 8.5: 1e-5 relative + 1e-5 absolute
 * covers float arithmetic, while a wrong weight, axis or memory base gives errors of 1e-2 or more. */
inline int CountWrong(const char *what, const float *y, const std::vector<float> &x)
{
    const std::vector<double> want = Reference(x);
    int wrong = 0;
    for (size_t i = 0; i < want.size(); i++)
        if (!(std::fabs(y[i] - want[i]) <= 1e-5 + 1e-5 * std::fabs(want[i]))) {
            if (wrong < 3) std::fprintf(stderr, "[ERROR] %s: y[%zu] = %.8g, expected %.8g\n", what, i, y[i], want[i]);
            wrong++;
        }
    std::printf("[INFO]  %-40s %zu elements, %d wrong\n", what, want.size(), wrong);
    return wrong;
}

/* The programs' tensors are all 2-D (StorageShape takes initializer lists). */
inline gert::Tensor DeviceTensor(void *dev, const std::vector<int64_t> &dims)
{
    return gert::Tensor(gert::StorageShape({dims.at(0), dims.at(1)}, {dims.at(0), dims.at(1)}),
                        gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}),
                        gert::kOnDeviceHbm, DT_FLOAT, dev, nullptr);
}

inline gert::Tensor HostTensor(void *host, const std::vector<int64_t> &dims)
{
    return gert::Tensor(gert::StorageShape({dims.at(0), dims.at(1)}, {dims.at(0), dims.at(1)}),
                        gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}),
                        gert::kOnHost, DT_FLOAT, host, nullptr);
}

inline std::string LastError()
{
    return std::string(GEGetErrorMsgV3().GetString());
}
} // namespace sample

#define GE_OK(expr)                                                                                                   \
    do {                                                                                                              \
        ge::Status st_ = (expr);                                                                                      \
        if (st_ != ge::SUCCESS) {                                                                                     \
            std::fprintf(stderr, "[ERROR] %s:%d: %s returned %u: %s\n", __FILE__, __LINE__, #expr, (unsigned)st_,      \
                         sample::LastError().c_str());                                                                \
            std::exit(1);                                                                                             \
        }                                                                                                             \
    } while (0)

#define ACL_OK(expr)                                                                                                  \
    do {                                                                                                              \
        int r_ = (int)(expr);                                                                                         \
        if (r_ != 0) {                                                                                                \
            std::fprintf(stderr, "[ERROR] %s:%d: %s returned %d: %s\n", __FILE__, __LINE__, #expr, r_,                 \
                         aclGetRecentErrMsg());                                                                       \
            std::exit(1);                                                                                             \
        }                                                                                                             \
    } while (0)

#define EXPECT_TRUE(cond)                                                                                             \
    do {                                                                                                              \
        if (!(cond)) {                                                                                                \
            std::fprintf(stderr, "[ERROR] %s:%d: expected %s (%s)\n", __FILE__, __LINE__, #cond,                      \
                         sample::LastError().c_str());                                                                \
            std::exit(1);                                                                                             \
        }                                                                                                             \
    } while (0)

#endif
