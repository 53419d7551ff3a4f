/*
 * expand_dims_type.h: gert::ExpandDimsType, a rule for padding a shape with 1-sized axes
 * ("0110" turns [2, 2] into [2, 1, 1, 2]). Eight bytes of rule (8-bit length, 56-bit mask,
 * bit i set = axis i is inserted) plus reserved bytes, as in CANN.
 */
#ifndef METADEF_CXX_INC_EXE_GRAPH_RUNTIME_EXPAND_DIMS_TYPE_H_
#define METADEF_CXX_INC_EXE_GRAPH_RUNTIME_EXPAND_DIMS_TYPE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "graph/error_codes.h"
#include "graph/types.h"
#include "shape.h"

namespace gert {
class ExpandDimsType {
 public:
    using AxisIndex = uint64_t;
    static constexpr size_t kMaxExpandSize = 56;

    ExpandDimsType() : size_(0U), mask_(0U) { std::memset(reserved_, 0, sizeof(reserved_)); }
    /* From a string of '0' (original axis) and '1' (inserted axis); longer than 56 -> empty. */
    explicit ExpandDimsType(const ge::char_t *const expand_dims_type) : ExpandDimsType() {
        if (expand_dims_type == nullptr) return;
        const size_t len = std::strlen(expand_dims_type);
        if (len > kMaxExpandSize) return;
        size_ = len;
        for (AxisIndex i = 0; i < len; ++i) {
            if (expand_dims_type[i] == '1') SetExpandIndex(i);
        }
    }
    /* From a packed value: length in the top 8 bits, mask in the low 56. */
    explicit ExpandDimsType(const int64_t reshape_type_mask) : ExpandDimsType() {
        if (reshape_type_mask == 0) return;
        const uint64_t packed = static_cast<uint64_t>(reshape_type_mask);
        const uint64_t size = packed >> kMaxExpandSize;
        if (size > kMaxExpandSize) return;
        size_ = size;
        mask_ = packed & ((1ULL << kMaxExpandSize) - 1U);
    }
    bool operator==(const ExpandDimsType &other) const {
        return size_ == other.size_ && mask_ == other.mask_;
    }
    AxisIndex GetFullSize() const { return size_; }
    void SetExpandIndex(const AxisIndex index) { mask_ = mask_ | (1ULL << index); }
    bool IsExpandIndex(const AxisIndex index) const { return ((1ULL << index) & mask_) != 0U; }

    /* out_shape = shape with the rule's 1-sized axes inserted. */
    ge::graphStatus Expand(const Shape &shape, Shape &out_shape) const {
        if (shape.GetDimNum() == size_) {
            out_shape = shape;
            return ge::GRAPH_SUCCESS;
        }
        size_t shape_pos = 0;
        out_shape.SetDimNum(0);
        for (size_t out_pos = 0; out_pos < size_; ++out_pos) {
            if (IsExpandIndex(out_pos)) {
                out_shape.AppendDim(1);
            } else {
                if (shape_pos >= shape.GetDimNum()) return ge::GRAPH_FAILED;
                out_shape.AppendDim(shape.GetDim(shape_pos++));
            }
        }
        for (; shape_pos < shape.GetDimNum(); ++shape_pos) out_shape.AppendDim(shape.GetDim(shape_pos));
        return ge::GRAPH_SUCCESS;
    }
    ge::graphStatus Expand(Shape &shape) const {
        Shape out;
        const ge::graphStatus ret = Expand(shape, out);
        if (ret == ge::GRAPH_SUCCESS) shape = out;
        return ret;
    }

 private:
    uint64_t size_ : 8;
    uint64_t mask_ : kMaxExpandSize;
    uint8_t reserved_[40];
};
}  // namespace gert

#endif
