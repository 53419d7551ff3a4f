/*
 * ge_ir_build.h: CANN's offline-model build API (aclgrphBuildModel -> .om files). gecl has no
 * offline model format: graphs are compiled when a session loads them (and compiled kernels are
 * cached on disk), so building a model fails with a message saying so. ModelBufferData is here
 * because GeSession::GetCompiledModel names it.
 */
#ifndef INC_EXTERNAL_GE_IR_BUILD_H_
#define INC_EXTERNAL_GE_IR_BUILD_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "graph/ascend_string.h"
#include "graph/gecl_facade_error.h"
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

inline graphStatus aclgrphBuildModel(const ge::Graph &graph, const std::map<AscendString, AscendString> &build_options,
                                     ModelBufferData &model) {
    (void)graph;
    (void)build_options;
    (void)model;
    return gecl_detail::Fail(GRAPH_FAILED, "aclgrphBuildModel: gecl has no offline model format; add the graph to "
                                           "a GeSession, which compiles it on load");
}

inline graphStatus aclgrphSaveModel(const char_t *output_file, const ModelBufferData &model) {
    (void)output_file;
    (void)model;
    return gecl_detail::Fail(GRAPH_FAILED, "aclgrphSaveModel: gecl has no offline model format");
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
