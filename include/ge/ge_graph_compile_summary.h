/*
 * ge_graph_compile_summary.h: what GeSession::GetCompiledGraphSummary reports about a compiled
 * graph. gecl runs every graph statically on one stream without events; its constant memory
 * and feature memory (the arena of intermediates) sizes are exact. The caller may place both
 * (SetGraphConstMemoryBase, UpdateGraph(Refreshable)FeatureMemoryBase); the whole feature
 * memory can be moved at any time, so it is all refreshable and none of it is fixed.
 */
#ifndef INC_EXTERNAL_GE_GE_GRAPH_COMPILE_SUMMARY_H
#define INC_EXTERNAL_GE_GE_GRAPH_COMPILE_SUMMARY_H

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include "ge_api_error_codes.h"
#include "ge_api_types.h"
#include "ge_error_codes.h"
#include "graph/tensor.h"
#include "graph/types.h"

namespace ge {
class GE_FUNC_VISIBILITY CompiledGraphSummary {
 public:
    class Builder;
    class SummaryData;

    ~CompiledGraphSummary();
    CompiledGraphSummary &operator=(const CompiledGraphSummary &) & = delete;
    CompiledGraphSummary(const CompiledGraphSummary &) = delete;

    bool IsStatic() const;
    Status GetConstMemorySize(size_t &size) const;
    /* Intermediates only (inputs and outputs live in the caller's memory). */
    Status GetFeatureMemorySize(size_t &size) const;
    Status GetFixedFeatureMemorySize(size_t &size) const;
    Status GetRefreshableFeatureMemorySize(size_t &size) const;
    Status GetFeatureMemoryBaseRefreshable(bool &v) const;
    Status GetStreamNum(size_t &num) const;
    Status GetEventNum(size_t &num) const;
    Status GetOutputShapes(std::vector<ge::Shape> &shapes) const;
    Status GetOutputDtypes(std::vector<ge::DataType> &dtypes) const;
    /* gecl never places an output in an input's memory: always empty. */
    Status GetIOIndexesWithSameAddr(std::vector<std::pair<uint32_t, uint32_t>> &io_indexes) const;

 private:
    CompiledGraphSummary() = default;
    std::shared_ptr<SummaryData> data_{nullptr};
};
using CompiledGraphSummaryPtr = std::shared_ptr<CompiledGraphSummary>;

class CompiledGraphSummary::SummaryData {
 public:
    bool is_static = true;
    size_t const_memory_size = 0;
    size_t feature_memory_size = 0;
    std::vector<ge::Shape> output_shapes;
    std::vector<ge::DataType> output_dtypes;
};

/* Makes summaries (the constructor is private, as in CANN). */
class CompiledGraphSummary::Builder {
 public:
    static CompiledGraphSummaryPtr Build(const std::shared_ptr<SummaryData> &data) {
        CompiledGraphSummaryPtr summary(new CompiledGraphSummary());
        summary->data_ = data;
        return summary;
    }
};

inline CompiledGraphSummary::~CompiledGraphSummary() = default;

inline bool CompiledGraphSummary::IsStatic() const { return data_ != nullptr && data_->is_static; }
inline Status CompiledGraphSummary::GetConstMemorySize(size_t &size) const {
    if (data_ == nullptr) return FAILED;
    size = data_->const_memory_size;
    return SUCCESS;
}
inline Status CompiledGraphSummary::GetFeatureMemorySize(size_t &size) const {
    if (data_ == nullptr) return FAILED;
    size = data_->feature_memory_size;
    return SUCCESS;
}
inline Status CompiledGraphSummary::GetFixedFeatureMemorySize(size_t &size) const {
    if (data_ == nullptr) return FAILED;
    size = 0;
    return SUCCESS;
}
inline Status CompiledGraphSummary::GetRefreshableFeatureMemorySize(size_t &size) const {
    return GetFeatureMemorySize(size);
}
inline Status CompiledGraphSummary::GetFeatureMemoryBaseRefreshable(bool &v) const {
    if (data_ == nullptr) return FAILED;
    v = true;
    return SUCCESS;
}
inline Status CompiledGraphSummary::GetStreamNum(size_t &num) const {
    if (data_ == nullptr) return FAILED;
    num = 1;
    return SUCCESS;
}
inline Status CompiledGraphSummary::GetEventNum(size_t &num) const {
    if (data_ == nullptr) return FAILED;
    num = 0;
    return SUCCESS;
}
inline Status CompiledGraphSummary::GetOutputShapes(std::vector<ge::Shape> &shapes) const {
    if (data_ == nullptr) return FAILED;
    shapes = data_->output_shapes;
    return SUCCESS;
}
inline Status CompiledGraphSummary::GetOutputDtypes(std::vector<ge::DataType> &dtypes) const {
    if (data_ == nullptr) return FAILED;
    dtypes = data_->output_dtypes;
    return SUCCESS;
}
inline Status CompiledGraphSummary::GetIOIndexesWithSameAddr(
    std::vector<std::pair<uint32_t, uint32_t>> &io_indexes) const {
    if (data_ == nullptr) return FAILED;
    io_indexes.clear();
    return SUCCESS;
}
}  // namespace ge

#endif
