/*
 * ge_api.h: CANN's legacy GE API (GEInitialize, GEFinalize, ge::Session with ge::Tensor), as
 * older CANN samples and the ops repositories' examples use it. Inline code over GeSession
 * (ge_api_v2.h), which does the work; this header converts ge::Tensor to and from
 * gert::Tensor.
 *
 * ge::Tensor inputs of RunGraph and RunGraphAsync are host memory unless their TensorDesc says
 * kPlacementDevice; those of RunGraphWithStreamAsync are device memory (aclrtMalloc). Outputs a
 * run allocates are handed to the returned ge::Tensor without a copy and freed with it.
 * GetVariables is not supported (graphs have no variables: FAILED with a message).
 */
#ifndef INC_EXTERNAL_GE_GE_API_H_
#define INC_EXTERNAL_GE_GE_API_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ge/ge_api_v2.h"
#include "graph/gecl_desc.h"

namespace ge {
namespace session {
using pCallBackFunc = std::function<Status(uint32_t graph_id, const std::map<AscendString, ge::Tensor> &params_list)>;
}  // namespace session

namespace gecl_detail {
inline std::map<AscendString, AscendString> ToAscendMap(const std::map<std::string, std::string> &options) {
    std::map<AscendString, AscendString> out;
    for (const auto &kv : options) out.emplace(AscendString(kv.first.c_str()), AscendString(kv.second.c_str()));
    return out;
}

/* A ge::Tensor as a runtime tensor over the same memory (the ge::Tensor keeps owning it). */
inline Status ToRuntimeTensor(const ge::Tensor &in, gert::TensorPlacement placement, gert::Tensor &out,
                              const std::string &where) {
    const TensorDesc desc = in.GetTensorDesc();
    gecl_tensor_desc d;
    std::string err;
    if (!ToGeclDesc(desc, d, err)) return Fail(PARAM_INVALID, where + ": " + err);
    SetTensorDesc(d, out);
    void *data = const_cast<uint8_t *>(in.GetData());
    out.SetData(gert::TensorData(data, nullptr, in.GetSize(), placement));
    return SUCCESS;
}

inline Status ToRuntimeTensors(const std::vector<ge::Tensor> &in, bool device, std::vector<gert::Tensor> &out,
                               const std::string &method, const char *what = "input") {
    out.clear();
    out.resize(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        const bool on_device = device || in[i].GetTensorDesc().GetPlacement() == kPlacementDevice;
        const Status st = ToRuntimeTensor(in[i], on_device ? gert::kOnDeviceHbm : gert::kOnHost, out[i],
                                          "Session::" + method + ": " + what + " " + std::to_string(i));
        if (st != SUCCESS) return st;
    }
    return SUCCESS;
}

/* A runtime tensor as a ge::Tensor; memory the run allocated moves into it, no copy. */
inline ge::Tensor ToGeTensor(gert::Tensor &&t) {
    std::vector<int64_t> dims;
    for (size_t i = 0; i < t.GetStorageShape().GetDimNum(); ++i) dims.push_back(t.GetStorageShape().GetDim(i));
    TensorDesc desc(Shape(dims), t.GetStorageFormat(), t.GetDataType());
    desc.SetPlacement(t.GetPlacement() == gert::kOnHost || t.GetPlacement() == gert::kFollowing ? kPlacementHost
                                                                                              : kPlacementDevice);
    ge::Tensor out(desc);
    std::shared_ptr<gert::Tensor> keep = std::make_shared<gert::Tensor>(std::move(t));
    uint8_t *data = static_cast<uint8_t *>(const_cast<void *>(keep->GetAddr()));
    const size_t size = keep->GetSize();
    out.SetData(data, size, [keep](uint8_t *) mutable { keep.reset(); });
    return out;
}

inline void ToGeTensors(std::vector<gert::Tensor> &in, std::vector<ge::Tensor> &out) {
    out.clear();
    for (gert::Tensor &t : in) out.push_back(ToGeTensor(std::move(t)));
    in.clear();
}
}  // namespace gecl_detail

inline Status GEInitialize(const std::map<AscendString, AscendString> &options) { return GEInitializeV2(options); }
inline Status GEInitialize(const std::map<std::string, std::string> &options) {
    return GEInitializeV2(gecl_detail::ToAscendMap(options));
}
inline Status GEFinalize() { return GEFinalizeV2(); }
inline std::string GEGetErrorMsg() { return GEGetErrorMsgV3().GetString(); }
inline ge::AscendString GEGetErrorMsgV2() { return GEGetErrorMsgV3(); }
inline std::string GEGetWarningMsg() { return GEGetWarningMsgV3().GetString(); }
inline ge::AscendString GEGetWarningMsgV2() { return GEGetWarningMsgV3(); }

class Session {
 public:
    explicit Session(const std::map<AscendString, AscendString> &options) : s_(options) {}
    explicit Session(const std::map<std::string, std::string> &options) : s_(gecl_detail::ToAscendMap(options)) {}

    Status AddGraph(uint32_t graph_id, const Graph &graph) { return s_.AddGraph(graph_id, graph); }
    Status AddGraph(uint32_t graph_id, const Graph &graph, const std::map<AscendString, AscendString> &options) {
        return s_.AddGraph(graph_id, graph, options);
    }
    Status AddGraph(uint32_t graph_id, const Graph &graph, const std::map<std::string, std::string> &options) {
        return s_.AddGraph(graph_id, graph, gecl_detail::ToAscendMap(options));
    }
    Status AddGraphWithCopy(uint32_t graph_id, const Graph &graph) { return s_.AddGraphClone(graph_id, graph); }
    Status AddGraphWithCopy(uint32_t graph_id, const Graph &graph,
                            const std::map<AscendString, AscendString> &options) {
        return s_.AddGraphClone(graph_id, graph, options);
    }
    Status RemoveGraph(uint32_t graph_id) { return s_.RemoveGraph(graph_id); }

    Status BuildGraph(uint32_t graph_id, const std::vector<ge::Tensor> &inputs) {
        return s_.CompileGraph(graph_id, inputs);
    }
    Status BuildGraph(uint32_t graph_id, const std::vector<InputTensorInfo> &inputs) {
        std::vector<ge::Tensor> tensors;
        for (const InputTensorInfo &info : inputs) {
            tensors.emplace_back(TensorDesc(Shape(info.dims), FORMAT_ND, static_cast<DataType>(info.data_type)));
        }
        return s_.CompileGraph(graph_id, tensors);
    }
    Status CompileGraph(uint32_t graph_id) { return s_.CompileGraph(graph_id); }
    Status LoadGraph(const uint32_t graph_id, const std::map<AscendString, AscendString> &options,
                     void *stream) const {
        return s_.LoadGraph(graph_id, options, stream);
    }

    Status RunGraph(uint32_t graph_id, const std::vector<ge::Tensor> &inputs, std::vector<ge::Tensor> &outputs) {
        return Run(graph_id, inputs, outputs, false, "RunGraph",
                   [this, graph_id](std::vector<gert::Tensor> &in, std::vector<gert::Tensor> &out) {
                       return s_.RunGraph(graph_id, in, out);
                   });
    }
    Status RunGraphWithStreamAsync(uint32_t graph_id, void *stream, const std::vector<ge::Tensor> &inputs,
                                   std::vector<ge::Tensor> &outputs) {
        return Run(graph_id, inputs, outputs, true, "RunGraphWithStreamAsync",
                   [this, graph_id, stream](std::vector<gert::Tensor> &in, std::vector<gert::Tensor> &out) {
                       return s_.RunGraphWithStreamAsync(graph_id, stream, in, out);
                   });
    }
    Status ExecuteGraphWithStreamAsync(uint32_t graph_id, void *stream, const std::vector<gert::Tensor> &inputs,
                                       std::vector<gert::Tensor> &outputs) {
        return s_.RunGraphWithStreamAsync(graph_id, stream, inputs, outputs);
    }
    Status RunGraphAsync(uint32_t graph_id, const std::vector<ge::Tensor> &inputs, RunAsyncCallback callback) {
        std::vector<gert::Tensor> in;
        const Status st = gecl_detail::ToRuntimeTensors(inputs, false, in, "RunGraphAsync");
        if (st != SUCCESS) return st;
        /* The run reads the inputs' memory later, on the worker thread: the callback keeps
         * (shared) copies of the ge::Tensors, which keeps that memory alive until it runs. */
        return s_.RunGraphAsync(graph_id, in, [callback, inputs](Status status, std::vector<gert::Tensor> &outs) {
            std::vector<ge::Tensor> tensors;
            gecl_detail::ToGeTensors(outs, tensors);
            if (callback) callback(status, tensors);
        });
    }

    Status GetVariables(const std::vector<AscendString> &var_names, std::vector<ge::Tensor> &var_values) {
        (void)var_names;
        (void)var_values;
        return gecl_detail::Fail(FAILED, "Session::GetVariables: not supported by gecl (graphs have no variables)");
    }
    /* GeSession's callbacks by key (docs/graph.md, "GeSession calls"); the callback sees
     * ge::Tensors that describe the runtime tensors and share their memory. */
    Status RegisterCallBackFunc(const char *key, const session::pCallBackFunc &callback) {
        if (!callback) return s_.RegisterCallBackFunc(key, RunCallback());
        return s_.RegisterCallBackFunc(
            key, [callback](uint32_t graph_id, const std::map<AscendString, gert::Tensor> &params) -> Status {
                std::map<AscendString, ge::Tensor> tensors;
                for (const auto &kv : params) {
                    const gert::Tensor &t = kv.second;
                    std::vector<int64_t> dims;
                    for (size_t i = 0; i < t.GetStorageShape().GetDimNum(); ++i) {
                        dims.push_back(t.GetStorageShape().GetDim(i));
                    }
                    ge::Tensor g(TensorDesc(Shape(dims), t.GetStorageFormat(), t.GetDataType()));
                    g.SetData(static_cast<uint8_t *>(const_cast<void *>(t.GetAddr())), t.GetSize(),
                              [](uint8_t *) {});
                    tensors.emplace(kv.first, std::move(g));
                }
                return callback(graph_id, tensors);
            });
    }
    bool IsGraphNeedRebuild(uint32_t graph_id) { return s_.IsGraphNeedRebuild(graph_id); }
    uint64_t GetSessionId() const { return s_.GetSessionId(); }
    CompiledGraphSummaryPtr GetCompiledGraphSummary(uint32_t graph_id) { return s_.GetCompiledGraphSummary(graph_id); }

    Status SetGraphConstMemoryBase(uint32_t graph_id, const void *const memory, size_t size) {
        return s_.SetGraphConstMemoryBase(graph_id, memory, size);
    }
    Status UpdateGraphFeatureMemoryBase(uint32_t graph_id, const void *const memory, size_t size) {
        return s_.UpdateGraphFeatureMemoryBase(graph_id, memory, size);
    }
    Status SetGraphFixedFeatureMemoryBase(uint32_t graph_id, const void *const memory, size_t size) {
        return s_.SetGraphFixedFeatureMemoryBaseWithType(graph_id, MemoryType::MEMORY_TYPE_DEFAULT, memory, size);
    }
    Status SetGraphFixedFeatureMemoryBaseWithType(uint32_t graph_id, MemoryType type, const void *const memory,
                                                  size_t size) {
        return s_.SetGraphFixedFeatureMemoryBaseWithType(graph_id, type, memory, size);
    }
    Status UpdateGraphRefreshableFeatureMemoryBase(uint32_t graph_id, const void *const memory, size_t size) {
        return s_.UpdateGraphRefreshableFeatureMemoryBase(graph_id, memory, size);
    }

 private:
    /* One run over runtime tensors. Caller outputs keep their memory; outputs the run allocates
     * become the returned ge::Tensors. */
    template <typename RunFn>
    Status Run(uint32_t graph_id, const std::vector<ge::Tensor> &inputs, std::vector<ge::Tensor> &outputs,
               bool device, const char *method, RunFn run) {
        (void)graph_id;
        std::vector<gert::Tensor> in, out;
        Status st = gecl_detail::ToRuntimeTensors(inputs, device, in, method);
        if (st != SUCCESS) return st;
        st = gecl_detail::ToRuntimeTensors(outputs, device, out, method, "output");
        if (st != SUCCESS) return st;
        st = run(in, out);
        if (st != SUCCESS) return st;
        if (outputs.size() < out.size()) outputs.resize(out.size());
        for (size_t i = 0; i < out.size(); ++i) {
            if (outputs[i].GetData() == nullptr) outputs[i] = gecl_detail::ToGeTensor(std::move(out[i]));
        }
        return SUCCESS;
    }

    GeSession s_;
};
}  // namespace ge

#endif
