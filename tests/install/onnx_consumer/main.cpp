/*
 * onnx_consumer: CANN's seed call sequence ("Running a Graph Asynchronously in the Single-Process
 * and Single-Device Mode", examples/ge_seed_example.cpp) on an imported model instead of a graph
 * built from op prototypes: ge::aclgrphParseONNX reads the ONNX file, then GEInitializeV2 ->
 * aclInit -> GeSession -> aclrtSetDevice / aclrtCreateStream / aclrtMallocHost / aclrtMalloc ->
 * AddGraph -> CompileGraph -> LoadGraph -> RunGraphWithStreamAsync -> aclrtSynchronizeStream, the
 * input a gert::Tensor on device memory, the output left to GE. The output is checked against a
 * reference (PyTorch's, saved by bench/export_models.py): max |y - ref| / max |ref| <= 1e-4.
 *   onnx_consumer MODEL.onnx INPUT.npy REFERENCE.npy [ACL_CONFIG.json]
 * Inputs and outputs are float32 .npy files, C order (what numpy.save writes).
 */
#include "ge_api_v2.h"
#include "acl.h"
#include "acl_rt.h"
#include "onnx_parser.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace ge;

namespace {
struct Npy {
    std::vector<int64_t> shape;
    std::vector<float> data;
};

/* A float32 C-order .npy (format versions 1 to 3); false with `err` set otherwise. */
bool ReadNpy(const std::string &path, Npy &out, std::string &err) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return err = path + ": cannot open", false;
    char magic[8];
    if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0 || magic[6] < 1 || magic[6] > 3)
        return err = path + ": not a .npy file (version 1 to 3)", false;
    uint32_t header_len = 0;
    unsigned char len[4] = {0, 0, 0, 0};
    if (!in.read(reinterpret_cast<char *>(len), magic[6] == 1 ? 2 : 4)) return err = path + ": truncated header", false;
    header_len = len[0] | len[1] << 8 | len[2] << 16 | static_cast<uint32_t>(len[3]) << 24;
    std::string header(header_len, '\0');
    if (!in.read(&header[0], header_len)) return err = path + ": truncated header", false;
    if (header.find("'descr': '<f4'") == std::string::npos)
        return err = path + ": not float32 little-endian (header " + header + ")", false;
    if (header.find("'fortran_order': False") == std::string::npos)
        return err = path + ": Fortran order is not supported", false;
    const size_t open = header.find("'shape': (");
    const size_t close = open == std::string::npos ? open : header.find(')', open);
    if (close == std::string::npos) return err = path + ": no shape in the header", false;
    size_t count = 1;
    for (size_t p = open + 10; p < close;) {
        char *end = nullptr;
        const long long d = std::strtoll(header.c_str() + p, &end, 10);
        if (end == header.c_str() + p) break;
        if (d < 0) return err = path + ": negative dim", false;
        out.shape.push_back(d);
        count *= static_cast<size_t>(d);
        p = static_cast<size_t>(end - header.c_str());
        while (p < close && (header[p] == ',' || header[p] == ' ')) ++p;
    }
    out.data.resize(count);
    if (!in.read(reinterpret_cast<char *>(out.data.data()), static_cast<std::streamsize>(count * sizeof(float))))
        return err = path + ": holds fewer than the " + std::to_string(count) + " values its shape says", false;
    return true;
}

std::string ShapeText(const std::vector<int64_t> &s) {
    std::string t;
    for (size_t i = 0; i < s.size(); ++i) t += (i ? "x" : "") + std::to_string(s[i]);
    return t;
}

/* GE's last message, and ACL's where it says something else (both hold it when ACL failed). */
void Report(const char *what, uint32_t code) {
    const std::string ge = GEGetErrorMsgV3().GetString(), acl = aclGetRecentErrMsg();
    std::cout << "onnx_consumer: " << what << " failed (" << code << "): " << ge
              << (acl.empty() || acl == ge ? "" : (ge.empty() ? "" : "; ") + acl) << std::endl;
}
}  // namespace

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5) {
        std::cerr << "usage: onnx_consumer MODEL.onnx INPUT.npy REFERENCE.npy [ACL_CONFIG.json]" << std::endl;
        return 2;
    }
    Npy x, ref;
    std::string err;
    if (!ReadNpy(argv[2], x, err) || !ReadNpy(argv[3], ref, err)) {
        std::cout << "onnx_consumer: " << err << std::endl;
        return 1;
    }

    // The model, through CANN's parser API: the graph then goes through GeSession unchanged.
    std::map<AscendString, AscendString> parser_params;
    ge::Graph onnx_graph;
    graphStatus parsed = ge::aclgrphParseONNX(argv[1], parser_params, onnx_graph);
    if (parsed != GRAPH_SUCCESS) {
        Report("aclgrphParseONNX", parsed);
        return 1;
    }

    std::map<AscendString, AscendString> config = {{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "1"}};
    Status ret = ge::GEInitializeV2(config);
    if (ret != SUCCESS) { Report("GEInitializeV2", ret); return 1; }

    std::string aclConfigPath = argc == 5 ? argv[4] : "";
    aclError retInit = aclInit(aclConfigPath);
    if (retInit != ACL_ERROR_NONE) {
        Report("aclInit", static_cast<uint32_t>(retInit));
        ge::GEFinalizeV2();
        return 1;
    }

    std::map<AscendString, AscendString> options;
    ge::GeSession *session = new GeSession(options);

    int32_t deviceId = 0;
    retInit = aclrtSetDevice(deviceId);
    aclrtStream stream = nullptr;
    aclError aclRet = aclrtCreateStream(&stream);
    void *hostPtrA = NULL;
    size_t size = x.data.size() * sizeof(float);
    if (aclRet == ACL_SUCCESS) aclRet = aclrtMallocHost(&hostPtrA, size);
    void *devPtrB = NULL;
    if (aclRet == ACL_SUCCESS) aclRet = aclrtMalloc(&devPtrB, size, ACL_MEM_MALLOC_HUGE_FIRST);
    if (retInit != ACL_SUCCESS || aclRet != ACL_SUCCESS || stream == nullptr) {
        Report("device set-up", static_cast<uint32_t>(aclRet != ACL_SUCCESS ? aclRet : retInit));
        return 1;
    }
    std::memcpy(hostPtrA, x.data.data(), size);
    aclrtMemcpy(devPtrB, size, hostPtrA, size, ACL_MEMCPY_HOST_TO_DEVICE);

    uint32_t graph_id = 0;
    ret = session->AddGraph(graph_id, onnx_graph);
    if (ret != SUCCESS) {
        Report("AddGraph", ret);
        ge::GEFinalizeV2();
        delete session;
        return 1;
    }

    const auto t_build = std::chrono::steady_clock::now();
    ret = session->CompileGraph(graph_id);
    if (ret != SUCCESS) {
        Report("CompileGraph", ret);
        ge::GEFinalizeV2();
        delete session;
        return 1;
    }
    ret = session->LoadGraph(graph_id, options, stream);
    if (ret != SUCCESS) {
        Report("LoadGraph", ret);
        ge::GEFinalizeV2();
        delete session;
        return 1;
    }
    const std::chrono::duration<double, std::milli> load_ms = std::chrono::steady_clock::now() - t_build;

    // The input wraps devPtrB (shape from the .npy); the output vector stays empty: GE allocates it.
    std::vector<gert::Tensor> input;
    std::vector<gert::Tensor> output;
    gert::StorageShape shape;
    for (int64_t d : x.shape) shape.MutableOriginShape().AppendDim(d), shape.MutableStorageShape().AppendDim(d);
    input.emplace_back(shape, gert::StorageFormat(FORMAT_NCHW, FORMAT_NCHW, {}),
                       gert::kOnDeviceHbm, DT_FLOAT, devPtrB, nullptr);
    const auto t_run = std::chrono::steady_clock::now();
    ret = session->RunGraphWithStreamAsync(graph_id, stream, input, output);
    aclRet = aclrtSynchronizeStream(stream);
    const std::chrono::duration<double, std::milli> run_ms = std::chrono::steady_clock::now() - t_run;
    if (ret != SUCCESS || aclRet != ACL_SUCCESS || output.size() != 1) {
        Report("RunGraphWithStreamAsync", ret != SUCCESS ? ret : static_cast<uint32_t>(aclRet));
        ge::GEFinalizeV2();
        delete session;
        return 1;
    }

    // GE's output on the device, copied back; its shape and type must be the reference's.
    const gert::Shape &out_shape = output[0].GetStorageShape();
    std::vector<int64_t> got_shape;
    for (size_t i = 0; i < out_shape.GetDimNum(); ++i) got_shape.push_back(out_shape.GetDim(i));
    bool ok = output[0].GetDataType() == DT_FLOAT && got_shape == ref.shape;
    std::vector<float> y(ref.data.size());
    double worst = 0, scale = 0;
    if (ok) {
        void *devPtrA = output[0].GetAddr();
        void *hostPtrB = y.data();
        ok = aclrtMemcpy(hostPtrB, y.size() * sizeof(float), devPtrA, y.size() * sizeof(float),
                         ACL_MEMCPY_DEVICE_TO_HOST) == ACL_SUCCESS;
        for (size_t i = 0; ok && i < y.size(); ++i) {
            scale = std::max(scale, std::fabs(static_cast<double>(ref.data[i])));
            const double d = std::fabs(static_cast<double>(y[i]) - ref.data[i]);
            worst = std::isfinite(y[i]) ? std::max(worst, d) : INFINITY;
        }
        ok = ok && worst <= 1e-4 * scale;
    }
    std::printf("onnx_consumer: %s: input %s -> output %s; compile+load %.1f ms, first RunGraphWithStreamAsync "
                "%.1f ms\n",
                argv[1], ShapeText(x.shape).c_str(), ShapeText(got_shape).c_str(), load_ms.count(), run_ms.count());
    if (got_shape != ref.shape || output[0].GetDataType() != DT_FLOAT)
        std::printf("onnx_consumer: FAILED: the output is %s of data type %d; the reference is float %s\n",
                    ShapeText(got_shape).c_str(), static_cast<int>(output[0].GetDataType()),
                    ShapeText(ref.shape).c_str());
    else
        std::printf("onnx_consumer: max |gecl - reference| / max |reference| = %.3g (limit 1e-4): %s\n",
                    scale > 0 ? worst / scale : worst, ok ? "ok" : "FAILED");

    aclrtFree(devPtrB);
    aclrtFreeHost(hostPtrA);
    aclrtDestroyStream(stream);
    ge::GEFinalizeV2();
    aclFinalize();
    delete session;
    return ok ? 0 : 1;
}
