/*
 * ge_ir_build.h: CANN's offline-model build API (aclgrphBuildModel -> .om files). gecl's model
 * is its serialized graph (docs/graph.md, "Compiled models"): aclgrphBuildModel checks the graph
 * and serializes it, aclgrphSaveModel writes it to "<output_file>.om", and Graph::LoadFromFile /
 * LoadFromMem read it back for a GeSession, which compiles it (kernels from the program cache).
 */
#ifndef INC_EXTERNAL_GE_IR_BUILD_H_
#define INC_EXTERNAL_GE_IR_BUILD_H_

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "graph/ascend_string.h"
#include "graph/gecl_facade_error.h"
#include "graph/gecl_graph_build.h"
#include "graph/graph.h"

namespace ge {
const int32_t IR_MAJOR_VERSION = 1;
const int32_t IR_MINOR_VERSION = 0;
const int32_t IR_PATCH_VERSION = 0;

struct ModelBufferData {
    std::shared_ptr<uint8_t> data = nullptr;
    uint64_t length;
};

/* Accepted and ignored: there is nothing to set up for the build API. */
inline graphStatus aclgrphBuildInitialize(std::map<AscendString, AscendString> &global_options) {
    (void)global_options;
    return GRAPH_SUCCESS;
}
inline void aclgrphBuildFinalize() {}

/* The graph's model. build_options are accepted and not used (gecl compiles at load). */
inline graphStatus aclgrphBuildModel(const ge::Graph &graph, const std::map<AscendString, AscendString> &build_options,
                                     ModelBufferData &model) {
    (void)build_options;
    gecl_detail::GeclGraphHolder holder;
    gecl_detail::BuildInfo info;
    graphStatus st = gecl_detail::GraphBuilder(graph, std::map<int64_t, gecl_tensor_desc>(), "aclgrphBuildModel")
                         .Build(holder, info);
    if (st != GRAPH_SUCCESS) return st;
    if (info.missing_data_desc) {
        return gecl_detail::Fail(GRAPH_PARAM_INVALID, "aclgrphBuildModel: Data '" + info.missing_data +
                                                          "' has no tensor description");
    }
    gecl_status gst = gecl_graph_validate(holder.graph);
    void *buf = nullptr;
    size_t size = 0;
    if (gst == GECL_SUCCESS) gst = gecl_graph_serialize(holder.graph, &buf, &size);
    if (gst != GECL_SUCCESS) return gecl_detail::FromGecl(gst);
    model.data = std::shared_ptr<uint8_t>(static_cast<uint8_t *>(buf), [](uint8_t *p) { gecl_free(p); });
    model.length = size;
    return GRAPH_SUCCESS;
}

/* Writes the model to "<output_file>.om", as CANN names offline models. */
inline graphStatus aclgrphSaveModel(const char_t *output_file, const ModelBufferData &model) {
    if (output_file == nullptr || model.data == nullptr || model.length == 0U) {
        return gecl_detail::Fail(GRAPH_PARAM_INVALID, "aclgrphSaveModel: the file name or the model is empty");
    }
    const std::string path = std::string(output_file) + ".om";
    std::FILE *f = std::fopen(path.c_str(), "wb");
    bool ok = f != nullptr && std::fwrite(model.data.get(), 1, model.length, f) == model.length;
    if (f != nullptr) ok = std::fclose(f) == 0 && ok;
    if (!ok) return gecl_detail::Fail(GRAPH_FAILED, "aclgrphSaveModel: cannot write '" + path + "'");
    return GRAPH_SUCCESS;
}

inline graphStatus aclgrphGetIRVersion(int32_t *major_version, int32_t *minor_version, int32_t *patch_version) {
    if (major_version == nullptr || minor_version == nullptr || patch_version == nullptr) {
        return gecl_detail::Fail(GRAPH_PARAM_INVALID, "aclgrphGetIRVersion: a version pointer is NULL");
    }
    *major_version = IR_MAJOR_VERSION;
    *minor_version = IR_MINOR_VERSION;
    *patch_version = IR_PATCH_VERSION;
    return GRAPH_SUCCESS;
}

/* Writes Graph::SaveToFile's listing to `file` (len: the length of the name, as in CANN). */
inline graphStatus aclgrphDumpGraph(const ge::Graph &graph, const char_t *file, const size_t len) {
    if (file == nullptr) return gecl_detail::Fail(GRAPH_PARAM_INVALID, "aclgrphDumpGraph: file is NULL");
    return graph.SaveToFile(std::string(file, len).c_str());
}
}  // namespace ge

#endif
