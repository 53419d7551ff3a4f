/*
 * shape.h: gert::Shape, the fixed-capacity runtime shape inside gert::Tensor. Standard layout
 * with CANN's members (dim count, 25 dims, 40 reserved bytes) so sizeof and offsets match.
 */
#ifndef METADEF_CXX_INC_EXE_GRAPH_SHAPE_H_
#define METADEF_CXX_INC_EXE_GRAPH_SHAPE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <type_traits>

namespace gert {
struct Shape {
 public:
    static constexpr size_t kMaxDimNum = 25;
    static constexpr int64_t kInvalidDimValue = std::numeric_limits<int64_t>::min();

    Shape() : dim_num_(0), dims_{0} { std::memset(reserved_, 0, sizeof(reserved_)); }
    /* More than kMaxDimNum dims give an empty shape, as in CANN. */
    Shape(const std::initializer_list<int64_t> &args) : Shape() {
        if (args.size() > kMaxDimNum) return;
        dim_num_ = args.size();
        size_t i = 0;
        for (const int64_t arg : args) dims_[i++] = arg;
    }
    /* Copies only the dims in use (the rest of dims_ may hold stale values). */
    Shape(const Shape &other) : dim_num_(other.dim_num_) {
        for (size_t i = 0U; i < dim_num_ && i < kMaxDimNum; ++i) dims_[i] = other.dims_[i];
        std::memset(reserved_, 0, sizeof(reserved_));
    }
    Shape &operator=(const Shape &other) {
        if (&other != this) {
            dim_num_ = other.dim_num_;
            for (size_t i = 0U; i < dim_num_ && i < kMaxDimNum; ++i) dims_[i] = other.dims_[i];
        }
        std::memset(reserved_, 0, sizeof(reserved_));
        return *this;
    }

    bool operator==(const Shape &rht) const {
        if (dim_num_ != rht.dim_num_) return false;
        for (size_t i = 0; i < dim_num_ && i < kMaxDimNum; i++) {
            if (dims_[i] != rht.dims_[i]) return false;
        }
        return true;
    }
    bool operator!=(const Shape &rht) const { return !(*this == rht); }

    /* Element count (1 for a scalar); kInvalidDimValue on overflow. */
    int64_t GetShapeSize() const {
        int64_t shape_size = 1;
        for (size_t i = 0; i < dim_num_ && i < kMaxDimNum; ++i) {
            if (__builtin_mul_overflow(shape_size, dims_[i], &shape_size)) return kInvalidDimValue;
        }
        return shape_size;
    }
    bool IsScalar() const { return dim_num_ == 0U; }
    void SetScalar() { dim_num_ = 0; }
    size_t GetDimNum() const { return dim_num_; }
    void SetDimNum(const size_t dim_num) { dim_num_ = dim_num; }
    int64_t GetDim(const size_t idx) const { return idx < kMaxDimNum ? dims_[idx] : kInvalidDimValue; }
    const int64_t &operator[](const size_t idx) const { return dims_[idx]; }
    int64_t &operator[](const size_t idx) { return dims_[idx]; }
    void SetDim(size_t idx, const int64_t dim_value) {
        if (idx < kMaxDimNum) dims_[idx] = dim_value;
    }
    /* Does nothing once kMaxDimNum dims are in use. */
    Shape &AppendDim(const int64_t value) {
        if (dim_num_ < kMaxDimNum) dims_[dim_num_++] = value;
        return *this;
    }

 private:
    size_t dim_num_;
    int64_t dims_[kMaxDimNum];
    uint8_t reserved_[40];
};
static_assert(std::is_standard_layout<Shape>::value, "The class Shape must be a POD");
}  // namespace gert

#endif
