/*
 * ge_seed_example.cpp: CANN's "Running a Graph Asynchronously in the Single-Process and
 * Single-Device Mode" sample, statement for statement, with its placeholders filled in:
 *   - the empty `conv_graph` becomes Data -> Conv2D -> BiasAdd -> Relu built from op:: prototypes;
 *   - the input tensor wraps devPtrB, the output vector stays empty so GE allocates it, and the
 *     sample's undeclared devPtrA / hostPtrB are that output and a host buffer;
 *   - the "// ..." lines print the error; aclConfigPath names a real file (CANN, and gecl, reject
 *     a path that does not exist with ACL_ERROR_INVALID_FILE);
 *   - the doc's snippets are independent, so the second `Status ret`, `options` and `graph_id`
 *     declarations become assignments, and lines marked [added] fill data, check the result
 *     against a CPU reference and time repeated runs.
 * The sample's `size` of 1024 bytes fixes the shapes: x is 1x4x8x8 float, and so is y.
 */
#include "ge_api_v2.h"
#include "acl.h"
#include "acl_rt.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "all_ops.h"

using namespace ge;

#ifndef GECL_SEED_ACL_CONFIG
#define GECL_SEED_ACL_CONFIG ""
#endif

namespace {
constexpr int64_t kN = 1, kC = 4, kH = 8, kW = 8, kK = 4, kR = 3;

float Sample(uint32_t i, uint32_t salt) {
    uint32_t s = (i + 1u) * 2654435761u ^ salt * 40503u;
    s ^= s >> 13;
    return static_cast<float>(s % 2001u) / 1000.0f - 1.0f;
}

std::vector<float> Filled(size_t n, uint32_t salt) {
    std::vector<float> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = Sample(static_cast<uint32_t>(i), salt);
    return v;
}

op::Const MakeConst(const char *name, const std::vector<int64_t> &dims, Format format, const std::vector<float> &v) {
    Tensor t(TensorDesc(Shape(dims), format, DT_FLOAT));
    t.SetData(reinterpret_cast<const uint8_t *>(v.data()), v.size() * sizeof(float));
    return op::Const(name).set_attr_value(t);
}

const std::vector<float> &Weights() {
    static const std::vector<float> w = Filled(kK * kC * kR * kR, 2);
    return w;
}

const std::vector<float> &Bias() {
    static const std::vector<float> b = Filled(kK, 3);
    return b;
}

/* The sample's conv_graph: Data(NCHW) -> Conv2D(3x3, pad 1) -> BiasAdd -> Relu. */
Graph BuildConvGraph() {
    auto data = op::Data("data").set_attr_index(0);
    data.update_output_desc_y(TensorDesc(Shape({kN, kC, kH, kW}), FORMAT_NCHW, DT_FLOAT));
    auto weight = MakeConst("weight", {kK, kC, kR, kR}, FORMAT_NCHW, Weights());
    auto bias = MakeConst("bias", {kK}, FORMAT_ND, Bias());
    auto conv = op::Conv2D("conv1")
                    .set_input_x(data)
                    .set_input_filter(weight)
                    .set_attr_strides({1, 1, 1, 1})
                    .set_attr_pads({1, 1, 1, 1})
                    .set_attr_data_format("NCHW");
    auto bias_add = op::BiasAdd("bias_add").set_input_x(conv).set_input_bias(bias).set_attr_data_format("NCHW");
    auto relu = op::Relu("relu").set_input_x(bias_add);
    Graph g("conv_graph");
    g.SetInputs({data}).SetOutputs({relu});
    return g;
}

/* Outputs further than 1e-4 * (1 + |ref|) from a double-precision CPU convolution. */
size_t CountMismatches(const float *x, const float *y) {
    const std::vector<float> &w = Weights(), &b = Bias();
    size_t bad = 0;
    for (int64_t k = 0; k < kK; ++k)
        for (int64_t oh = 0; oh < kH; ++oh)
            for (int64_t ow = 0; ow < kW; ++ow) {
                double acc = b[k];
                for (int64_t c = 0; c < kC; ++c)
                    for (int64_t r = 0; r < kR; ++r)
                        for (int64_t s = 0; s < kR; ++s) {
                            const int64_t ih = oh + r - 1, iw = ow + s - 1;
                            if (ih < 0 || ih >= kH || iw < 0 || iw >= kW) continue;
                            acc += static_cast<double>(x[(c * kH + ih) * kW + iw]) * w[((k * kC + c) * kR + r) * kR + s];
                        }
                const double ref = acc > 0 ? acc : 0;
                bad += std::fabs(y[(k * kH + oh) * kW + ow] - ref) > 1e-4 * (1 + std::fabs(ref));
            }
    return bad;
}

void Report(const char *what, uint32_t code) {
    std::cout << what << " failed (" << code << "): " << GEGetErrorMsgV3().GetString() << aclGetRecentErrMsg()
              << std::endl;
}
}  // namespace

int main() {
    std::map<AscendString, AscendString>config = {{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "1"}};
    Status ret = ge::GEInitializeV2(config);
    if (ret != SUCCESS) { Report("GEInitializeV2", ret); return FAILED; }  // [added]

    std::string aclConfigPath = GECL_SEED_ACL_CONFIG;
    aclError retInit = aclInit(aclConfigPath);
    if (retInit != ACL_ERROR_NONE) {
        Report("aclInit", static_cast<uint32_t>(retInit));
        return FAILED;
    }

    std::map <AscendString, AscendString> options;
    // Create a session object.
    ge::GeSession* session = new GeSession(options);
    // Check whether the session is created successfully.
    if(session == nullptr) {
        std::cout << "Create session failed." << std::endl;
        // Destroy allocations.
        ge::GEFinalizeV2();
        return FAILED;
    }

    // Specify the compute device.
    int32_t deviceId = 0;
    retInit = aclrtSetDevice(deviceId);
    // Create a stream.
    aclrtStream stream = nullptr;
    aclError aclRet = aclrtCreateStream(&stream);
    // Allocate host memory.
    void* hostPtrA = NULL;
    size_t size = 1024;
    aclRet = aclrtMallocHost(&hostPtrA, size);
    // Allocate the device memory.
    void* devPtrB = NULL;
    aclRet = aclrtMalloc(&devPtrB, size, ACL_MEM_MALLOC_HUGE_FIRST);
    if (retInit != ACL_SUCCESS || aclRet != ACL_SUCCESS || stream == nullptr) {  // [added]
        Report("device set-up", static_cast<uint32_t>(aclRet));
        return FAILED;
    }
    const std::vector<float> x = Filled(size / sizeof(float), 1);  // [added] the input data
    std::memcpy(hostPtrA, x.data(), size);                          // [added]
    // Copy the memory and transfer data from the host to the device.
    aclrtMemcpy(devPtrB, size, hostPtrA, size, ACL_MEMCPY_HOST_TO_DEVICE);

    // Prepare the graph ID to be added to the session and create an empty graph object.
    uint32_t conv_graph_id = 0;
    ge::Graph conv_graph;
    conv_graph = BuildConvGraph();  // [added] the graph the sample leaves empty
    // Add the graph to the session.
    ret = session->AddGraph(conv_graph_id, conv_graph);
    if(ret != SUCCESS) {
        Report("AddGraph", ret);
        // Destroy allocations and the session.
        ge::GEFinalizeV2();
        delete session;
        return FAILED;
    }

    const auto t_build = std::chrono::steady_clock::now();  // [added]
    uint32_t graph_id = 0;
    ret = session-> CompileGraph(graph_id);
    if(ret != SUCCESS) {
        Report("CompileGraph", ret);
        // Destroy allocations.
        ge::GEFinalizeV2();
        delete session;
        return FAILED;
    }

    options = {};
    graph_id = 0;
    ret = session->LoadGraph(graph_id, options, stream);
    if(ret != SUCCESS) {
        Report("LoadGraph", ret);
        // Destroy allocations.
        ge::GEFinalizeV2();
        delete session;
        return FAILED;
    }
    const std::chrono::duration<double, std::milli> load_ms = std::chrono::steady_clock::now() - t_build;  // [added]

    // Copy the memory and transfer data from the host to the device.
    aclrtMemcpy(devPtrB, size, hostPtrA, size, ACL_MEMCPY_HOST_TO_DEVICE);

    std::vector<gert::Tensor> input;
    std::vector<gert::Tensor> output;
    input.emplace_back(gert::StorageShape({kN, kC, kH, kW}, {kN, kC, kH, kW}),  // [added] x is devPtrB
                       gert::StorageFormat(FORMAT_NCHW, FORMAT_NCHW, {}), gert::kOnDeviceHbm, DT_FLOAT, devPtrB,
                       nullptr);
    ret = session->RunGraphWithStreamAsync(graph_id, stream, input, output);
    // Call aclrtSynchronizeStream to wait for the stream tasks to complete.
    aclRet = aclrtSynchronizeStream(stream);
    if (ret != SUCCESS || aclRet != ACL_SUCCESS || output.size() != 1) {  // [added]
        Report("RunGraphWithStreamAsync", ret);
        return FAILED;
    }
    // [added] the sample's devPtrA and hostPtrB: GE's output on the device and a host copy.
    void *devPtrA = output[0].GetAddr();
    std::vector<float> y(size / sizeof(float));
    void *hostPtrB = y.data();
    // Copy the memory and transfer the device data back to the host.
    aclrtMemcpy(hostPtrB, size, devPtrA, size, ACL_MEMCPY_DEVICE_TO_HOST);

    // [added] time repeated runs into the same output, then check the result.
    const int runs = 200;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < runs && ret == SUCCESS; ++i) ret = session->RunGraphWithStreamAsync(graph_id, stream, input, output);
    aclRet = aclrtSynchronizeStream(stream);
    const std::chrono::duration<double, std::milli> run_ms = std::chrono::steady_clock::now() - t0;
    const size_t bad = CountMismatches(x.data(), y.data());
    std::printf("GeSession: Conv2D+BiasAdd+Relu %lldx%lldx%lldx%lld -> %lld channels: compile+load %.1f ms\n",
                static_cast<long long>(kN), static_cast<long long>(kC), static_cast<long long>(kH),
                static_cast<long long>(kW), static_cast<long long>(kK), load_ms.count());
    std::printf("GeSession: %.3f ms per RunGraphWithStreamAsync, result check: %s (%zu of %zu outputs differ from the "
                "CPU reference)\n",
                run_ms.count() / runs, bad == 0 && ret == SUCCESS ? "ok" : "FAILED", bad, y.size());
    const bool ok = bad == 0 && ret == SUCCESS && aclRet == ACL_SUCCESS;

    // Destroy memory allocations.
    ret = aclrtFree(devPtrB);
    ret = aclrtFreeHost(hostPtrA);
    // Destroy graph allocations.
    ret = ge::GEFinalizeV2();
    // Deinitialize acl.
    ret = aclFinalize();
    delete session;  // [added] the sample never deletes it; after GEFinalizeV2 this only frees the handle
    return ok ? 0 : 1;
}
