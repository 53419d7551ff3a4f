// Graphs in the data types CANN's elementwise operators document besides float: float16
// ((a + b) * c), int32 ((a + b) * c - a), int64 (a * 3 + b with values past 2^32), bool
// (LogicalAnd(Equal(i, j), flag): an int32 comparison and a bool input) and double
// ((a + b) * c with values float cannot hold). Each runs through ge::Session::RunGraph with host
// tensors and is checked against the program's own arithmetic.
// A float64 kernel needs the device's cl_khr_fp64; on a device without it (Mesa's llvmpipe)
// the double graph must fail to compile with a message that names cl_khr_fp64, and the program
// accepts that outcome only.
// complex64 ((a * b) / c + a, std::complex<float> on the host) and a float16 matrix product
// (MatMulV2: computed in float, rounded once).
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "all_ops.h"
#include "ge_api.h"
#include "half_float.h"

using namespace ge;

static const int64_t kN = 64;

static op::Data Input(const char *name, int64_t index, DataType dt)
{
    TensorDesc desc(Shape({kN}), FORMAT_ND, dt);
    op::Data d(name);
    d.set_attr_index(index);
    d.update_input_desc_x(desc);
    d.update_output_desc_y(desc);
    return d;
}

template <typename T> static Tensor HostTensor(const std::vector<T> &v, DataType dt)
{
    return Tensor(TensorDesc(Shape({kN}), FORMAT_ND, dt), reinterpret_cast<const uint8_t *>(v.data()),
                  v.size() * sizeof(T));
}

// Adds the graph, runs it, returns its one output's bytes (empty on failure, with the message).
static std::vector<uint8_t> Run(Session &session, uint32_t id, Graph &graph, const std::vector<Tensor> &inputs,
                                Status *status = nullptr)
{
    Status st = session.AddGraph(id, graph);
    std::vector<Tensor> outputs;
    if (st == SUCCESS) st = session.RunGraph(id, inputs, outputs);
    if (status != nullptr) *status = st;
    if (st != SUCCESS || outputs.size() != 1) {
        if (status == nullptr)
            std::fprintf(stderr, "[ERROR] graph %u: status %u, %zu outputs: %s\n", id, (unsigned)st, outputs.size(),
                         GEGetErrorMsgV3().GetString());
        return {};
    }
    const uint8_t *p = outputs[0].GetData();
    return std::vector<uint8_t>(p, p + outputs[0].GetSize());
}

template <typename T> static std::vector<T> As(const std::vector<uint8_t> &bytes)
{
    std::vector<T> v(bytes.size() / sizeof(T));
    if (!bytes.empty()) std::memcpy(v.data(), bytes.data(), v.size() * sizeof(T));
    return v;
}

template <typename T> static int Check(const char *what, const std::vector<T> &got, const std::vector<T> &want)
{
    int wrong = got.size() != want.size() ? 1 : 0;
    for (size_t i = 0; i < got.size() && i < want.size(); i++)
        if (!(got[i] == want[i])) {
            if (wrong < 3)
                std::fprintf(stderr, "[ERROR] %s[%zu] = %.17g, expected %.17g\n", what, i, (double)got[i],
                             (double)want[i]);
            wrong++;
        }
    std::printf("[INFO]  %-8s %zu elements, %d wrong\n", what, got.size(), wrong);
    return wrong;
}

// float16: the reference computes in float and rounds to float16 once. A kernel that also rounds
// after the addition (as a device computing in float16 does) or whose float result rounds the
// other way at a tie may be one float16 ulp away: that much is accepted, nothing more (a wrong
// operation or operand is off by many ulps).
static int Float16Graph(Session &session)
{
    auto a = Input("a", 0, DT_FLOAT16), b = Input("b", 1, DT_FLOAT16), c = Input("c", 2, DT_FLOAT16);
    auto add = op::Add("add").set_input_x1(a).set_input_x2(b);
    auto mul = op::Mul("mul").set_input_x1(add).set_input_x2(c);
    Graph g("f16_graph");
    g.SetInputs({a, b, c}).SetOutputs({mul});
    std::vector<uint16_t> ha(kN), hb(kN), hc(kN);
    for (int64_t i = 0; i < kN; i++) {
        ha[i] = FloatToHalf(0.37f * (float)i - 11.0f);
        hb[i] = FloatToHalf(std::sin((float)i) * 3.0f);
        hc[i] = FloatToHalf(1.0f + 0.0625f * (float)(i % 9));
    }
    std::vector<uint16_t> got = As<uint16_t>(Run(session, 1, g, {HostTensor(ha, DT_FLOAT16), HostTensor(hb, DT_FLOAT16),
                                                                  HostTensor(hc, DT_FLOAT16)}));
    int wrong = got.size() != (size_t)kN;
    for (size_t i = 0; i < got.size(); i++) {
        const float want = (HalfToFloat(ha[i]) + HalfToFloat(hb[i])) * HalfToFloat(hc[i]);
        const float w16 = HalfToFloat(FloatToHalf(want)), g16 = HalfToFloat(got[i]);
        const float ulp = std::ldexp(1.0f, std::ilogb(std::max(std::fabs(w16), 6.1e-5f)) - 10);
        if (!(std::fabs(g16 - w16) <= ulp)) {
            std::fprintf(stderr, "[ERROR] float16[%zu] = %g, expected %g\n", i, g16, w16);
            wrong++;
        }
    }
    std::printf("[INFO]  %-8s %zu elements, %d wrong\n", "float16", got.size(), wrong);
    return wrong;
}

static int Int32Graph(Session &session)
{
    auto a = Input("a", 0, DT_INT32), b = Input("b", 1, DT_INT32), c = Input("c", 2, DT_INT32);
    auto add = op::Add("add").set_input_x1(a).set_input_x2(b);
    auto mul = op::Mul("mul").set_input_x1(add).set_input_x2(c);
    auto sub = op::Sub("sub").set_input_x1(mul).set_input_x2(a);
    Graph g("i32_graph");
    g.SetInputs({a, b, c}).SetOutputs({sub});
    std::vector<int32_t> va(kN), vb(kN), vc(kN), want(kN);
    for (int64_t i = 0; i < kN; i++) {
        va[i] = (int32_t)(i * 7919 % 20011) - 10000;
        vb[i] = (int32_t)(i * 104729 % 30011) - 15000;
        vc[i] = (int32_t)(i % 13) - 6;
        want[i] = (va[i] + vb[i]) * vc[i] - va[i];
    }
    return Check("int32", As<int32_t>(Run(session, 2, g, {HostTensor(va, DT_INT32), HostTensor(vb, DT_INT32),
                                                           HostTensor(vc, DT_INT32)})),
                 want);
}

static int Int64Graph(Session &session)
{
    auto a = Input("a", 0, DT_INT64), b = Input("b", 1, DT_INT64), three = Input("k", 2, DT_INT64);
    auto mul = op::Mul("mul").set_input_x1(a).set_input_x2(three);
    auto add = op::Add("add").set_input_x1(mul).set_input_x2(b);
    Graph g("i64_graph");
    g.SetInputs({a, b, three}).SetOutputs({add});
    std::vector<int64_t> va(kN), vb(kN), vk(kN, 3), want(kN);
    for (int64_t i = 0; i < kN; i++) {
        va[i] = (i - 32) * 1000000000007LL; // past 2^32: a 32-bit kernel would wrap
        vb[i] = i * 65537 - 99;
        want[i] = va[i] * 3 + vb[i];
    }
    return Check("int64", As<int64_t>(Run(session, 3, g, {HostTensor(va, DT_INT64), HostTensor(vb, DT_INT64),
                                                           HostTensor(vk, DT_INT64)})),
                 want);
}

static int BoolGraph(Session &session)
{
    auto i = Input("i", 0, DT_INT32), j = Input("j", 1, DT_INT32), flag = Input("flag", 2, DT_BOOL);
    auto eq = op::Equal("eq").set_input_x1(i).set_input_x2(j);
    auto both = op::LogicalAnd("and").set_input_x1(eq).set_input_x2(flag);
    Graph g("bool_graph");
    g.SetInputs({i, j, flag}).SetOutputs({both});
    std::vector<int32_t> vi(kN), vj(kN);
    std::vector<uint8_t> vf(kN), want(kN); // DT_BOOL is one byte, 0 or 1
    for (int64_t k = 0; k < kN; k++) {
        vi[k] = (int32_t)(k % 5);
        vj[k] = (int32_t)(k % 3);
        vf[k] = (uint8_t)(k % 4 != 0);
        want[k] = (uint8_t)(vi[k] == vj[k] && vf[k]);
    }
    return Check("bool", Run(session, 4, g, {HostTensor(vi, DT_INT32), HostTensor(vj, DT_INT32),
                                              HostTensor(vf, DT_BOOL)}),
                 want);
}

static int DoubleGraph(Session &session)
{
    auto a = Input("a", 0, DT_DOUBLE), b = Input("b", 1, DT_DOUBLE), c = Input("c", 2, DT_DOUBLE);
    auto add = op::Add("add").set_input_x1(a).set_input_x2(b);
    auto mul = op::Mul("mul").set_input_x1(add).set_input_x2(c);
    Graph g("f64_graph");
    g.SetInputs({a, b, c}).SetOutputs({mul});
    std::vector<double> va(kN), vb(kN), vc(kN), want(kN);
    for (int64_t i = 0; i < kN; i++) {
        va[i] = 1.0 + (double)i * 1e-12; // lost in float
        vb[i] = std::sqrt((double)i + 2.0);
        vc[i] = 1.0 / 3.0 + (double)i;
        want[i] = (va[i] + vb[i]) * vc[i];
    }
    Status st = SUCCESS;
    // Correctly rounded double operations: compared exactly.
    std::vector<double> got = As<double>(Run(session, 5, g, {HostTensor(va, DT_DOUBLE), HostTensor(vb, DT_DOUBLE),
                                                              HostTensor(vc, DT_DOUBLE)}, &st));
    if (st != SUCCESS) {
        const std::string msg = GEGetErrorMsgV3().GetString();
        if (msg.find("cl_khr_fp64") == std::string::npos) {
            std::fprintf(stderr, "[ERROR] double graph: status %u: %s\n", (unsigned)st, msg.c_str());
            return 1;
        }
        std::printf("[INFO]  double   not run: the device has no float64 (\"%s\")\n", msg.c_str());
        return 0;
    }
    return Check("double", got, want);
}

// complex64: CANN lists DT_COMPLEX64 for Mul, RealDiv and Add. A few float roundings of values
// of modulus ~1-10: 1e-5 relative to each result's modulus.
static int Complex64Graph(Session &session)
{
    using cf = std::complex<float>;
    auto a = Input("a", 0, DT_COMPLEX64), b = Input("b", 1, DT_COMPLEX64), c = Input("c", 2, DT_COMPLEX64);
    auto mul = op::Mul("mul").set_input_x1(a).set_input_x2(b);
    auto div = op::RealDiv("div").set_input_x1(mul).set_input_x2(c);
    auto add = op::Add("add").set_input_x1(div).set_input_x2(a);
    Graph g("c64_graph");
    g.SetInputs({a, b, c}).SetOutputs({add});
    std::vector<cf> va(kN), vb(kN), vc(kN);
    for (int64_t i = 0; i < kN; i++) {
        va[i] = cf(0.25f * (float)(i % 11) - 1.0f, std::cos((float)i));
        vb[i] = cf(std::sin(0.5f * (float)i) * 2.0f, 1.5f - 0.125f * (float)(i % 7));
        vc[i] = cf(1.0f + 0.1f * (float)(i % 5), -0.75f + 0.05f * (float)(i % 13));
    }
    std::vector<cf> got = As<cf>(Run(session, 6, g, {HostTensor(va, DT_COMPLEX64), HostTensor(vb, DT_COMPLEX64),
                                                      HostTensor(vc, DT_COMPLEX64)}));
    int wrong = got.size() != (size_t)kN;
    for (size_t i = 0; i < got.size(); i++) {
        const std::complex<double> A(va[i]), B(vb[i]), C(vc[i]), want = A * B / C + A;
        const std::complex<double> d = std::complex<double>(got[i]) - want;
        if (!(std::abs(d) <= 1e-5 * (std::abs(A * B / C) + std::abs(A)))) {
            std::fprintf(stderr, "[ERROR] complex64[%zu] = (%g, %g), expected (%g, %g)\n", i, got[i].real(),
                         got[i].imag(), want.real(), want.imag());
            wrong++;
        }
    }
    std::printf("[INFO]  %-8s %zu elements, %d wrong\n", "complex64", got.size(), wrong);
    return wrong;
}

// float16 MatMulV2 [8, 8] x [8, 8]: products of float16 values accumulate in float and round to
// float16 once; the reference does the same in double, so one float16 ulp apart at most.
static int Float16MatMulGraph(Session &session)
{
    const int64_t n = 8;
    TensorDesc desc(Shape({n, n}), FORMAT_ND, DT_FLOAT16);
    op::Data a("ma"), b("mb");
    a.set_attr_index(0).update_input_desc_x(desc);
    a.update_output_desc_y(desc);
    b.set_attr_index(1).update_input_desc_x(desc);
    b.update_output_desc_y(desc);
    auto mm = op::MatMulV2("mm").set_input_x1(a).set_input_x2(b);
    Graph g("f16_matmul");
    g.SetInputs({a, b}).SetOutputs({mm});
    std::vector<uint16_t> ha(n * n), hb(n * n);
    for (int64_t i = 0; i < n * n; i++) {
        ha[i] = FloatToHalf(0.125f * (float)(i % 17) - 1.0f);
        hb[i] = FloatToHalf(std::cos((float)i));
    }
    Tensor ta(desc, reinterpret_cast<const uint8_t *>(ha.data()), ha.size() * 2);
    Tensor tb(desc, reinterpret_cast<const uint8_t *>(hb.data()), hb.size() * 2);
    std::vector<uint16_t> got = As<uint16_t>(Run(session, 7, g, {ta, tb}));
    int wrong = got.size() != (size_t)(n * n);
    for (size_t i = 0; i < got.size(); i++) {
        double want = 0;
        for (int64_t k = 0; k < n; k++)
            want += (double)HalfToFloat(ha[(int64_t)i / n * n + k]) * HalfToFloat(hb[k * n + (int64_t)i % n]);
        const float w16 = HalfToFloat(FloatToHalf((float)want)), g16 = HalfToFloat(got[i]);
        const float ulp = std::ldexp(1.0f, std::ilogb(std::max(std::fabs(w16), 6.1e-5f)) - 10);
        if (!(std::fabs(g16 - w16) <= ulp)) {
            std::fprintf(stderr, "[ERROR] float16 matmul[%zu] = %g, expected %g\n", i, g16, w16);
            wrong++;
        }
    }
    std::printf("[INFO]  %-8s %zu elements, %d wrong\n", "f16 mm", got.size(), wrong);
    return wrong;
}

int main()
{
    std::map<AscendString, AscendString> config = {{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "0"}};
    if (GEInitialize(config) != SUCCESS) {
        std::fprintf(stderr, "[ERROR] GEInitialize: %s\n", GEGetErrorMsgV3().GetString());
        return 1;
    }
    int wrong = 0;
    {
        std::map<AscendString, AscendString> options;
        Session session(options);
        wrong += Float16Graph(session);
        wrong += Int32Graph(session);
        wrong += Int64Graph(session);
        wrong += BoolGraph(session);
        wrong += DoubleGraph(session);
        wrong += Complex64Graph(session);
        wrong += Float16MatMulGraph(session);
    }
    if (GEFinalize() != SUCCESS) wrong++;
    if (wrong != 0) {
        std::fprintf(stderr, "[ERROR] %d wrong\n", wrong);
        return 1;
    }
    std::printf("[INFO]  run success\n");
    return 0;
}
