/*
 * ge_api_v2.h: CANN's GE entry points (GEInitializeV2 ... GEFinalizeV2) and ge::GeSession, the
 * session that adds, compiles, loads and runs graphs. The declarations follow CANN's header;
 * the definitions (gecl_ge_session.h, included at the end) are inline code over gecl's C API,
 * so there is no C++ library to link: link libgecl.
 *
 * Semantics as in CANN: CompileGraph and LoadGraph are optional (a run loads, loading
 * compiles); RunGraph, RunGraphAsync and RunGraphWithStreamAsync are exclusive per graph; run
 * inputs match Data operators by their index attribute; outputs follow Graph::SetOutputs.
 * RunGraph returns host outputs gecl allocates when `outputs` is empty;
 * RunGraphWithStreamAsync writes into the caller's device outputs or, when `outputs` is
 * empty, into device memory gecl allocates (freed with the tensors, at the latest with the
 * graph). Memory bases, external allocators, callbacks by key, task listings and compiled-model
 * export behave as docs/graph.md ("GeSession calls") describes.
 */
#ifndef INC_EXTERNAL_GE_GE_API_V2_H_
#define INC_EXTERNAL_GE_GE_API_V2_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "exe_graph/runtime/runtime_tensor.h"
#include "ge/ge_allocator.h"
#include "ge/ge_api_error_codes.h"
#include "ge/ge_api_types.h"
#include "ge/ge_graph_compile_summary.h"
#include "ge/ge_ir_build.h"
#include "graph/graph.h"
#include "graph/tensor.h"

namespace ge {
using RunCallback = std::function<Status(uint32_t graph_id, const std::map<AscendString, gert::Tensor> &params_list)>;

GE_FUNC_VISIBILITY Status GEInitializeV2(const std::map<AscendString, AscendString> &options);
GE_FUNC_VISIBILITY Status GEFinalizeV2();
GE_FUNC_VISIBILITY ge::AscendString GEGetErrorMsgV3();
GE_FUNC_VISIBILITY ge::AscendString GEGetWarningMsgV3();

class GE_FUNC_VISIBILITY GeSession {
 public:
    /* A session that cannot be created remembers why: every method then returns that status
     * and message. Copies share the session (as in CANN); the last one destroys it. */
    explicit GeSession(const std::map<AscendString, AscendString> &options);
    ~GeSession();

    Status AddGraph(uint32_t graph_id, const Graph &graph);
    Status AddGraph(uint32_t graph_id, const Graph &graph, const std::map<AscendString, AscendString> &options);
    Status AddGraphClone(uint32_t graph_id, const Graph &graph);
    Status AddGraphClone(uint32_t graph_id, const Graph &graph, const std::map<AscendString, AscendString> &options);
    Status RemoveGraph(uint32_t graph_id);
    /* True until the graph has been compiled (or for an unknown id). */
    bool IsGraphNeedRebuild(uint32_t graph_id);
    uint64_t GetSessionId() const;
    Status CompileGraph(uint32_t graph_id);
    /* `inputs` (one per Data index, or none) set the Data descriptions before compiling. */
    Status CompileGraph(uint32_t graph_id, const std::vector<ge::Tensor> &inputs);
    Status LoadGraph(const uint32_t graph_id, const std::map<AscendString, AscendString> &options, void *stream) const;
    Status GraphDebugJSONPrint(const uint32_t graph_id, uint32_t flags, AscendString &json_result) const;
    Status RunGraph(uint32_t graph_id, const std::vector<gert::Tensor> &inputs, std::vector<gert::Tensor> &outputs);
    Status RunGraphWithStreamAsync(uint32_t graph_id, void *stream, const std::vector<gert::Tensor> &inputs,
                                   std::vector<gert::Tensor> &outputs);
    /* The callback runs on a gecl worker thread with host outputs; inputs must stay valid until
     * then. */
    Status RunGraphAsync(uint32_t graph_id, const std::vector<gert::Tensor> &inputs, RunAsyncCallbackV2 callback);
    Status RegisterCallBackFunc(const char *key, const RunCallback &callback);
    /* nullptr when the graph cannot be compiled. */
    CompiledGraphSummaryPtr GetCompiledGraphSummary(uint32_t graph_id);
    Status SetGraphConstMemoryBase(uint32_t graph_id, const void *const memory, size_t size);
    Status UpdateGraphFeatureMemoryBase(uint32_t graph_id, const void *const memory, size_t size);
    Status SetGraphFixedFeatureMemoryBaseWithType(uint32_t graph_id, MemoryType type, const void *const memory,
                                                  size_t size);
    Status UpdateGraphRefreshableFeatureMemoryBase(uint32_t graph_id, const void *const memory, size_t size);
    Status RegisterExternalAllocator(const void *const stream, AllocatorPtr allocator) const;
    Status UnregisterExternalAllocator(const void *const stream) const;
    Status GetCompiledModel(uint32_t graph_id, ModelBufferData &model_buffer);

 private:
    class Impl;
    std::shared_ptr<Impl> impl_;
};
}  // namespace ge

/* Attribute name for annotating a node with its shape/dtype inference rule. */
#define INFERENCE_RULE "_inference_rule"

extern "C" {
/* Which IR extensions the GE behind this header understands: none beyond the standard IR. */
bool IsIrRepSupport(const char *rep);
/* The registered prototype of `op_type`: inputs and outputs as (name, "required" | "optional" |
 * "dynamic"), attributes as (name, "VT_*" type). */
ge::Status GetRegisteredIrDef(const char *op_type, std::vector<std::pair<ge::AscendString, ge::AscendString>> &inputs,
                              std::vector<std::pair<ge::AscendString, ge::AscendString>> &outputs,
                              std::vector<std::pair<ge::AscendString, ge::AscendString>> &attrs);
}

#include "ge/gecl_ge_session.h"

#endif
