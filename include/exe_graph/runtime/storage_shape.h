/*
 * storage_shape.h: gert::StorageShape, the (origin, storage) shape pair of a runtime tensor.
 * gecl never changes layouts at run time, so both normally hold the same dims.
 */
#ifndef METADEF_CXX_INC_EXE_GRAPH_STORAGE_SHAPE_H_
#define METADEF_CXX_INC_EXE_GRAPH_STORAGE_SHAPE_H_

#include <cstring>
#include <initializer_list>
#include <type_traits>

#include "shape.h"

namespace gert {
struct StorageShape {
 public:
    StorageShape() { std::memset(reserved_, 0, sizeof(reserved_)); }
    StorageShape(const std::initializer_list<int64_t> &origin_shape,
                 const std::initializer_list<int64_t> &storage_shape)
        : origin_shape_(origin_shape), storage_shape_(storage_shape) {
        std::memset(reserved_, 0, sizeof(reserved_));
    }
    const Shape &GetOriginShape() const { return origin_shape_; }
    /* The origin shape, as in CANN. */
    const Shape &GetShape() const { return origin_shape_; }
    const Shape &GetStorageShape() const { return storage_shape_; }
    Shape &MutableShape() { return origin_shape_; }
    Shape &MutableOriginShape() { return origin_shape_; }
    Shape &MutableStorageShape() { return storage_shape_; }
    bool operator==(const StorageShape &other) const {
        return origin_shape_ == other.origin_shape_ && storage_shape_ == other.storage_shape_;
    }
    bool operator!=(const StorageShape &other) const { return !(*this == other); }

 private:
    Shape origin_shape_;
    Shape storage_shape_;
    uint8_t reserved_[40];
};
static_assert(std::is_standard_layout<StorageShape>::value, "The class must be a POD");
}  // namespace gert

#endif
