/*
 * session_test_util.h: shared pieces of the GeSession suites (tests/session): the graphs they
 * run, gert::Tensor helpers, device buffers, live-object counts and the cmocka group fixtures.
 * Builds on tests/facade/facade_test_util.h (FT_OK, FT_ERR, FT_MSG_HAS). Everything goes through
 * the C++ facade (ge_api_v2.h, all_ops.h, acl.h, gert::Tensor); gecl.h is used only for
 * gecl_graph_live_counts.
 */
#ifndef GECL_TESTS_SESSION_TEST_UTIL_H
#define GECL_TESTS_SESSION_TEST_UTIL_H

#include "facade_test_util.h"

#include <chrono>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "acl/acl.h"
#include "all_ops.h"
#include "gecl/gecl.h"

namespace st {
using ge::AscendString;
using Options = std::map<AscendString, AscendString>;

/* ---- graphs ---- */

inline ge::op::Data MakeData(const char *name, int64_t index, const std::vector<int64_t> &dims,
                             ge::DataType dt = ge::DT_FLOAT, ge::Format f = ge::FORMAT_ND) {
    ge::op::Data d(name);
    d.set_attr_index(index);
    const ge::TensorDesc desc(ge::Shape(dims), f, dt);
    d.update_input_desc_x(desc);
    d.update_output_desc_y(desc);
    return d;
}

inline ge::op::Const MakeConst(const char *name, const std::vector<int64_t> &dims, const std::vector<float> &v,
                               ge::Format f = ge::FORMAT_ND) {
    ge::Tensor t(ge::TensorDesc(ge::Shape(dims), f, ge::DT_FLOAT));
    t.SetData(reinterpret_cast<const uint8_t *>(v.data()), v.size() * sizeof(float));
    return ge::op::Const(name).set_attr_value(t);
}

/* Outputs relu(x + y) and x + y; x and y are float [rows, cols] (Data indexes 0 and 1). */
inline ge::Graph AddReluGraph(int64_t rows = 2, int64_t cols = 3, const char *name = "add_relu") {
    auto x = MakeData("x", 0, {rows, cols});
    auto y = MakeData("y", 1, {rows, cols});
    auto add = ge::op::Add("add").set_input_x1(x).set_input_x2(y);
    auto relu = ge::op::Relu("relu").set_input_x(add);
    ge::Graph g(name);
    g.SetInputs({x, y}).SetOutputs({relu, add});
    return g;
}

/* CPU reference of AddReluGraph. */
inline void AddReluRef(const std::vector<float> &x, const std::vector<float> &y, std::vector<float> &relu,
                       std::vector<float> &add) {
    relu.resize(x.size());
    add.resize(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        add[i] = x[i] + y[i];
        relu[i] = add[i] > 0.0f ? add[i] : 0.0f;
    }
}

/* Conv graph with an intermediate that survives fusion: x [1,2,5,5] NCHW -> Conv2D(w1 [4,2,3,3],
 * pad 1) -> Relu -> Conv2D(w2 [2,4,3,3], pad 1) -> y [1,2,5,5]. Weights are small integers so the
 * float results are exact. */
struct ConvGraphSpec {
    std::vector<float> w1, w2;
    ConvGraphSpec() : w1(4 * 2 * 9), w2(2 * 4 * 9) {
        for (size_t i = 0; i < w1.size(); ++i) w1[i] = static_cast<float>(static_cast<int>(i % 5) - 2);
        for (size_t i = 0; i < w2.size(); ++i) w2[i] = static_cast<float>(static_cast<int>(i % 3) - 1);
    }
    size_t ConstBytes() const { return (w1.size() + w2.size()) * sizeof(float); }
    static size_t IntermediateBytes() { return 1 * 4 * 5 * 5 * sizeof(float); }
};

inline ge::op::Conv2D MakeConv(const char *name, ge::Operator x, ge::Operator w) {
    auto conv = ge::op::Conv2D(name)
                    .set_input_x(x)
                    .set_input_filter(w)
                    .set_attr_strides({1, 1, 1, 1})
                    .set_attr_pads({1, 1, 1, 1})
                    .set_attr_data_format("NCHW");
    conv.update_input_desc_filter(ge::TensorDesc(ge::Shape(), ge::FORMAT_NCHW, ge::DT_FLOAT));
    return conv;
}

inline ge::Graph ConvGraph(const ConvGraphSpec &spec) {
    auto x = MakeData("x", 0, {1, 2, 5, 5}, ge::DT_FLOAT, ge::FORMAT_NCHW);
    auto w1 = MakeConst("w1", {4, 2, 3, 3}, spec.w1, ge::FORMAT_NCHW);
    auto w2 = MakeConst("w2", {2, 4, 3, 3}, spec.w2, ge::FORMAT_NCHW);
    auto c1 = MakeConv("conv1", x, w1);
    auto relu = ge::op::Relu("relu1").set_input_x(c1);
    auto c2 = MakeConv("conv2", relu, w2);
    ge::Graph g("conv_conv");
    g.SetInputs({x}).SetOutputs({c2});
    return g;
}

/* NCHW, stride 1, pad 1, 3x3, batch 1. */
inline std::vector<float> ConvRef(const std::vector<float> &x, int cin, const std::vector<float> &w, int cout,
                                  int h, int wd) {
    std::vector<float> y(static_cast<size_t>(cout * h * wd), 0.0f);
    for (int o = 0; o < cout; ++o)
        for (int i = 0; i < h; ++i)
            for (int j = 0; j < wd; ++j) {
                float acc = 0.0f;
                for (int c = 0; c < cin; ++c)
                    for (int ki = 0; ki < 3; ++ki)
                        for (int kj = 0; kj < 3; ++kj) {
                            const int ii = i + ki - 1, jj = j + kj - 1;
                            if (ii < 0 || jj < 0 || ii >= h || jj >= wd) continue;
                            acc += x[static_cast<size_t>((c * h + ii) * wd + jj)] *
                                   w[static_cast<size_t>(((o * cin + c) * 3 + ki) * 3 + kj)];
                        }
                y[static_cast<size_t>((o * h + i) * wd + j)] = acc;
            }
    return y;
}

inline std::vector<float> ConvGraphRef(const ConvGraphSpec &spec, const std::vector<float> &x) {
    std::vector<float> mid = ConvRef(x, 2, spec.w1, 4, 5, 5);
    for (float &v : mid) v = v > 0.0f ? v : 0.0f;
    return ConvRef(mid, 4, spec.w2, 2, 5, 5);
}

/* x [2,3] @ w [3,4] (a Const) + b (Data [2,4]) with MatMulV2; exact with small integers. */
inline ge::Graph MatMulGraph(const std::vector<float> &w) {
    auto x = MakeData("x", 0, {2, 3});
    auto b = MakeData("b", 1, {2, 4});
    auto wc = MakeConst("w", {3, 4}, w);
    auto mm = ge::op::MatMulV2("mm").set_input_x1(x).set_input_x2(wc);
    auto add = ge::op::Add("add").set_input_x1(mm).set_input_x2(b);
    ge::Graph g("matmul");
    g.SetInputs({x, b}).SetOutputs({add});
    return g;
}

inline std::vector<float> MatMulRef(const std::vector<float> &x, const std::vector<float> &w,
                                    const std::vector<float> &b) {
    std::vector<float> y(8);
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 4; ++j) {
            float acc = 0.0f;
            for (int k = 0; k < 3; ++k) acc += x[static_cast<size_t>(i * 3 + k)] * w[static_cast<size_t>(k * 4 + j)];
            y[static_cast<size_t>(i * 4 + j)] = acc + b[static_cast<size_t>(i * 4 + j)];
        }
    return y;
}

/* ---- tensors ---- */

inline gert::Tensor MakeTensor(const std::vector<int64_t> &dims, ge::DataType dt, const void *data,
                               gert::TensorPlacement placement, ge::Format f = ge::FORMAT_ND) {
    gert::StorageShape s;
    for (int64_t d : dims) {
        s.MutableOriginShape().AppendDim(d);
        s.MutableStorageShape().AppendDim(d);
    }
    return gert::Tensor(s, gert::StorageFormat(f, f, {}), placement, dt, const_cast<void *>(data), nullptr);
}

inline gert::Tensor FloatTensor(const std::vector<int64_t> &dims, const void *data, gert::TensorPlacement placement,
                                ge::Format f = ge::FORMAT_ND) {
    return MakeTensor(dims, ge::DT_FLOAT, data, placement, f);
}

/* Deterministic test data: integers and halves so that sums are exact. */
inline std::vector<float> Pattern(size_t n, int seed) {
    std::vector<float> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = static_cast<float>(static_cast<int>((i * 7 + static_cast<size_t>(seed) * 13) % 23) - 11) * 0.5f;
    return v;
}

/* A device buffer from aclrtMalloc, freed with the object. */
class DeviceBuffer {
 public:
    explicit DeviceBuffer(size_t bytes) : bytes_(bytes) {
        if (aclrtMalloc(&ptr_, bytes, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) ptr_ = nullptr;
    }
    DeviceBuffer(const std::vector<float> &host) : DeviceBuffer(host.size() * sizeof(float)) { Upload(host); }
    ~DeviceBuffer() {
        if (ptr_ != nullptr) static_cast<void>(aclrtFree(ptr_));
    }
    DeviceBuffer(const DeviceBuffer &) = delete;
    DeviceBuffer &operator=(const DeviceBuffer &) = delete;
    void *Get() const { return ptr_; }
    size_t Bytes() const { return bytes_; }
    bool Upload(const std::vector<float> &host) const {
        return ptr_ != nullptr &&
               aclrtMemcpy(ptr_, bytes_, host.data(), host.size() * sizeof(float), ACL_MEMCPY_HOST_TO_DEVICE) ==
                   ACL_SUCCESS;
    }
    std::vector<float> Download() const { return DownloadFrom(ptr_, bytes_); }
    static std::vector<float> DownloadFrom(const void *p, size_t bytes) {
        std::vector<float> v(bytes / sizeof(float), -12345.0f);
        if (aclrtMemcpy(v.data(), bytes, p, bytes, ACL_MEMCPY_DEVICE_TO_HOST) != ACL_SUCCESS) v.clear();
        return v;
    }

 private:
    void *ptr_ = nullptr;
    size_t bytes_;
};

inline std::vector<float> HostValues(const gert::Tensor &t) {
    const float *p = t.GetData<float>();
    if (p == nullptr) return std::vector<float>();
    return std::vector<float>(p, p + t.GetSize() / sizeof(float));
}

/* ---- live objects ---- */

inline gecl_graph_counts Counts() {
    gecl_graph_counts c;
    std::memset(&c, 0xff, sizeof c);
    if (gecl_graph_live_counts(&c) != GECL_SUCCESS) std::memset(&c, 0xff, sizeof c);
    return c;
}
inline uint64_t LiveOutputs() { return Counts().outputs; }

/* A RunGraphAsync job frees its outputs after its callback returns, so a test that was woken from
 * inside the callback waits (up to 30 s) for the count to settle. Returns the last count. */
inline uint64_t WaitLiveOutputs(uint64_t want) {
    uint64_t n = LiveOutputs();
    for (int i = 0; n != want && i < 3000; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        n = LiveOutputs();
    }
    return n;
}

inline std::string WarningMsg() { return ge::GEGetWarningMsgV3().GetString(); }

inline void CheckWarning(const char *needle, const char *file, int line) {
    const std::string w = WarningMsg();
    if (w.find(needle) != std::string::npos) return;
    print_error("%s:%d: GEGetWarningMsgV3() is \"%s\", expected it to mention \"%s\"\n", file, line, w.c_str(), needle);
    _fail(file, line);
}
#define ST_WARNING_HAS(needle) st::CheckWarning((needle), __FILE__, __LINE__)

/* Float vectors equal element by element (exact: the tests use exactly representable data). */
inline void CheckEqual(const std::vector<float> &got, const std::vector<float> &want, const char *file, int line) {
    if (got.size() != want.size()) {
        print_error("%s:%d: %zu values, expected %zu\n", file, line, got.size(), want.size());
        _fail(file, line);
    }
    for (size_t i = 0; i < got.size(); ++i) {
        if (got[i] != want[i]) {
            print_error("%s:%d: value %zu is %g, expected %g\n", file, line, i, static_cast<double>(got[i]),
                        static_cast<double>(want[i]));
            _fail(file, line);
        }
    }
}
#define ST_EQUAL(got, want) st::CheckEqual((got), (want), __FILE__, __LINE__)

/* ---- group fixtures: ACL runtime, device 0 on this thread, GE instance ---- */

inline int SetupRuntime() {
    if (aclInit(nullptr) != ACL_SUCCESS || aclrtSetDevice(0) != ACL_SUCCESS) {
        print_error("aclInit/aclrtSetDevice failed: %s\n", aclGetRecentErrMsg());
        return -1;
    }
    return 0;
}

inline int GroupSetup(void **state) {
    (void)state;
    if (SetupRuntime() != 0) return -1;
    if (ge::GEInitializeV2({{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "0"}}) != ge::SUCCESS) {
        print_error("GEInitializeV2 failed: %s\n", ft_errmsg().c_str());
        return -1;
    }
    return 0;
}

/* Nothing may be left: every session, graph and gecl-allocated output was released. */
inline int CheckNothingLive() {
    const gecl_graph_counts c = Counts();
    if (c.sessions != 0 || c.graphs != 0 || c.loaded != 0 || c.outputs != 0) {
        print_error("left alive: sessions=%llu graphs=%llu loaded=%llu outputs=%llu\n",
                    static_cast<unsigned long long>(c.sessions), static_cast<unsigned long long>(c.graphs),
                    static_cast<unsigned long long>(c.loaded), static_cast<unsigned long long>(c.outputs));
        return -1;
    }
    return 0;
}

inline int TeardownRuntime() {
    int ret = 0;
    if (aclrtResetDevice(0) != ACL_SUCCESS) ret = -1;
    if (aclFinalize() != ACL_SUCCESS) ret = -1;
    return ret;
}

inline int GroupTeardown(void **state) {
    (void)state;
    int ret = CheckNothingLive();
    if (ge::GEFinalizeV2() != ge::SUCCESS) {
        print_error("GEFinalizeV2 failed: %s\n", ft_errmsg().c_str());
        ret = -1;
    }
    if (TeardownRuntime() != 0) ret = -1;
    return ret;
}
}  // namespace st

#endif
