/*
 * tensor.h: the graph-building tensor types of CANN's C++ API.
 *   ge::Shape       dims (value semantics).
 *   ge::TensorDesc  shape, format, data type and the rest of a tensor's description; copies are
 *                   deep, as in CANN.
 *   ge::Tensor      a description plus host bytes (Const values, legacy Session runs); copies are
 *                   shallow (shared data), SetData copies the caller's bytes, Clone() is deep.
 */
#ifndef INC_EXTERNAL_GRAPH_TENSOR_H_
#define INC_EXTERNAL_GRAPH_TENSOR_H_

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ascend_string.h"
#include "error_codes.h"
#include "types.h"

namespace ge {
class ShapeImpl;
class TensorDescImpl;
class TensorImpl;

/* Shape size CANN reports when a dim is unknown (-1) or the rank is unknown (-2). */
static const int64_t UNKNOWN_DIM_SIZE = -1;

class Shape {
 public:
    Shape() = default;
    ~Shape() = default;
    Shape(const Shape &) = default;
    Shape &operator=(const Shape &) = default;
    explicit Shape(const std::vector<int64_t> &dims) : dims_(dims) {}

    /* 0 when the rank is unknown (a dim of UNKNOWN_DIM_NUM). */
    size_t GetDimNum() const {
        for (const int64_t d : dims_) {
            if (d == UNKNOWN_DIM_NUM) return 0U;
        }
        return dims_.size();
    }
    /* 0 for an index past the last dim. */
    int64_t GetDim(size_t idx) const { return idx < dims_.size() ? dims_[idx] : 0; }
    graphStatus SetDim(size_t idx, int64_t value) {
        if (idx >= dims_.size()) return GRAPH_FAILED;
        dims_[idx] = value;
        return GRAPH_SUCCESS;
    }
    std::vector<int64_t> GetDims() const { return dims_; }
    /* Element count: 0 for a scalar (no dims), UNKNOWN_DIM_SIZE with an unknown dim, 0 on overflow. */
    int64_t GetShapeSize() const {
        if (dims_.empty()) return 0;
        int64_t size = 1;
        for (const int64_t d : dims_) {
            if (d == UNKNOWN_DIM || d == UNKNOWN_DIM_NUM) return UNKNOWN_DIM_SIZE;
            if (__builtin_mul_overflow(size, d, &size)) return 0;
        }
        return size;
    }

 private:
    std::vector<int64_t> dims_;
};

class TensorDesc {
 public:
    TensorDesc() = default;
    ~TensorDesc() = default;
    explicit TensorDesc(Shape shape, Format format = FORMAT_ND, DataType dt = DT_FLOAT)
        : shape_(std::move(shape)), format_(format), data_type_(dt) {
        real_dim_cnt_ = static_cast<int64_t>(shape_.GetDimNum());
    }
    TensorDesc(const TensorDesc &desc) = default;
    TensorDesc(TensorDesc &&desc) = default;
    TensorDesc &operator=(const TensorDesc &desc) = default;
    TensorDesc &operator=(TensorDesc &&desc) = default;

    void Update(const Shape &shape, Format format = FORMAT_ND, DataType dt = DT_FLOAT) {
        shape_ = shape;
        format_ = format;
        data_type_ = dt;
    }
    Shape GetShape() const { return shape_; }
    void SetShape(const Shape &shape) { shape_ = shape; }
    graphStatus SetUnknownDimNumShape() {
        shape_ = Shape(std::vector<int64_t>{UNKNOWN_DIM_NUM});
        return GRAPH_SUCCESS;
    }
    graphStatus SetShapeRange(const std::vector<std::pair<int64_t, int64_t>> &range) {
        range_ = range;
        return GRAPH_SUCCESS;
    }
    graphStatus GetShapeRange(std::vector<std::pair<int64_t, int64_t>> &range) const {
        range = range_;
        return GRAPH_SUCCESS;
    }
    Format GetFormat() const { return format_; }
    void SetFormat(Format format) { format_ = format; }
    /* Until set, the origin shape and format are the current ones. */
    Shape GetOriginShape() const { return origin_shape_set_ ? origin_shape_ : shape_; }
    void SetOriginShape(const Shape &origin_shape) {
        origin_shape_ = origin_shape;
        origin_shape_set_ = true;
    }
    Format GetOriginFormat() const { return origin_format_set_ ? origin_format_ : format_; }
    void SetOriginFormat(Format origin_format) {
        origin_format_ = origin_format;
        origin_format_set_ = true;
    }
    DataType GetDataType() const { return data_type_; }
    void SetDataType(DataType dt) { data_type_ = dt; }

    graphStatus GetName(AscendString &name) {
        name = AscendString(name_.c_str());
        return GRAPH_SUCCESS;
    }
    graphStatus GetName(AscendString &name) const {
        name = AscendString(name_.c_str());
        return GRAPH_SUCCESS;
    }
    ATTRIBUTED_DEPRECATED(void SetName(const char_t *))
    void SetName(const std::string &name) { name_ = name; }
    void SetName(const char_t *name) { name_ = name != nullptr ? name : ""; }
    ATTRIBUTED_DEPRECATED(graphStatus GetName(AscendString &))
    std::string GetName() const { return name_; }

    void SetSize(int64_t size) { size_ = size; }
    int64_t GetSize() const { return size_; }
    int64_t GetRealDimCnt() const { return real_dim_cnt_; }
    void SetRealDimCnt(const int64_t real_dim_cnt) { real_dim_cnt_ = real_dim_cnt; }
    void SetPlacement(Placement placement) { placement_ = placement; }
    Placement GetPlacement() const { return placement_; }

    void SetConstData(std::unique_ptr<uint8_t[]> const_data_buffer, const size_t &const_data_len) {
        const_data_ = std::shared_ptr<uint8_t>(const_data_buffer.release(), std::default_delete<uint8_t[]>());
        const_data_len_ = const_data_len;
    }
    bool GetConstData(uint8_t **const_data_buffer, size_t &const_data_len) const {
        if (const_data_ == nullptr || const_data_buffer == nullptr) return false;
        *const_data_buffer = const_data_.get();
        const_data_len = const_data_len_;
        return true;
    }
    void SetExpandDimsRule(const AscendString &expand_dims_rule) {
        expand_dims_rule_ = expand_dims_rule.GetString();
    }
    graphStatus GetExpandDimsRule(AscendString &expand_dims_rule) const {
        expand_dims_rule = AscendString(expand_dims_rule_.c_str());
        return GRAPH_SUCCESS;
    }
    void SetReuseInputIndex(const uint32_t idx) { reuse_input_index_ = static_cast<int64_t>(idx); }

 private:
    Shape shape_;
    Shape origin_shape_;
    bool origin_shape_set_ = false;
    Format format_ = FORMAT_ND;
    Format origin_format_ = FORMAT_ND;
    bool origin_format_set_ = false;
    DataType data_type_ = DT_FLOAT;
    std::string name_;
    int64_t size_ = 0;
    int64_t real_dim_cnt_ = 0;
    Placement placement_ = kPlacementHost;
    std::vector<std::pair<int64_t, int64_t>> range_;
    std::shared_ptr<uint8_t> const_data_;
    size_t const_data_len_ = 0;
    std::string expand_dims_rule_;
    int64_t reuse_input_index_ = -1;
};

/* What a ge::Tensor holds; shared by its shallow copies. */
class TensorImpl {
 public:
    using DeleteFunc = std::function<void(uint8_t *)>;
    static void DeleteArray(uint8_t *p) { delete[] p; }

    TensorDesc desc;
    std::unique_ptr<uint8_t[], DeleteFunc> data{nullptr, DeleteFunc(&TensorImpl::DeleteArray)};
    size_t size = 0;

    void Copy(const uint8_t *src, size_t n) {
        std::unique_ptr<uint8_t[], DeleteFunc> buf(n > 0 ? new uint8_t[n] : nullptr,
                                                   DeleteFunc(&TensorImpl::DeleteArray));
        if (n > 0 && src != nullptr) std::memcpy(buf.get(), src, n);
        data = std::move(buf);
        size = n;
    }
};

class Tensor {
 public:
    using DeleteFunc = std::function<void(uint8_t *)>;

    Tensor() : impl(std::make_shared<TensorImpl>()) {}
    ~Tensor() = default;
    /* Shallow: a copy (or a "move", as in CANN) refers to the same description and bytes. */
    Tensor(const Tensor &) = default;
    Tensor &operator=(const Tensor &) = default;
    explicit Tensor(const TensorDesc &tensor_desc) : Tensor() { impl->desc = tensor_desc; }
    Tensor(const TensorDesc &tensor_desc, const std::vector<uint8_t> &data) : Tensor(tensor_desc) {
        impl->Copy(data.data(), data.size());
    }
    Tensor(const TensorDesc &tensor_desc, const uint8_t *data, size_t size) : Tensor(tensor_desc) {
        impl->Copy(data, size);
    }
    Tensor(TensorDesc &&tensor_desc, std::vector<uint8_t> &&data) : Tensor() {
        impl->desc = std::move(tensor_desc);
        impl->Copy(data.data(), data.size());
    }

    TensorDesc GetTensorDesc() const { return impl->desc; }
    graphStatus SetTensorDesc(const TensorDesc &tensor_desc) {
        impl->desc = tensor_desc;
        return GRAPH_SUCCESS;
    }

    const uint8_t *GetData() const { return impl->data.get(); }
    uint8_t *GetData() { return impl->data.get(); }
    size_t GetSize() const { return impl->size; }
    /* Hands the bytes over to the caller; the tensor is left empty. */
    std::unique_ptr<uint8_t[], Tensor::DeleteFunc> ResetData() {
        impl->size = 0;
        return std::move(impl->data);
    }

    graphStatus SetData(std::vector<uint8_t> &&data) {
        impl->Copy(data.data(), data.size());
        return GRAPH_SUCCESS;
    }
    graphStatus SetData(const std::vector<uint8_t> &data) {
        impl->Copy(data.data(), data.size());
        return GRAPH_SUCCESS;
    }
    graphStatus SetData(const uint8_t *data, size_t size) {
        if (data == nullptr && size > 0) return GRAPH_PARAM_INVALID;
        impl->Copy(data, size);
        return GRAPH_SUCCESS;
    }
    ATTRIBUTED_DEPRECATED(graphStatus SetData(const char_t *data))
    graphStatus SetData(const std::string &data) { return SetStrings(std::vector<std::string>{data}); }
    /* A DT_STRING scalar: one StringHead then the NUL-terminated bytes, as CANN lays it out. */
    graphStatus SetData(const char_t *data) {
        if (data == nullptr) return GRAPH_PARAM_INVALID;
        return SetStrings(std::vector<std::string>{std::string(data)});
    }
    graphStatus SetData(const std::vector<AscendString> &datas) {
        std::vector<std::string> strs;
        for (const AscendString &s : datas) strs.emplace_back(s.GetString(), s.GetLength());
        return SetStrings(strs);
    }
    /* Takes `data` over; `deleter_func` releases it when the last copy goes. */
    graphStatus SetData(uint8_t *data, size_t size, const Tensor::DeleteFunc &deleter_func) {
        return ResetData(data, size, deleter_func);
    }
    graphStatus ResetData(uint8_t *data, size_t size, const Tensor::DeleteFunc &deleter_func) {
        impl->data = std::unique_ptr<uint8_t[], DeleteFunc>(data, deleter_func ? deleter_func
                                                                              : DeleteFunc(&TensorImpl::DeleteArray));
        impl->size = size;
        return GRAPH_SUCCESS;
    }

    /* GRAPH_SUCCESS when the byte size matches the description (any size for string types). */
    graphStatus IsValid() {
        const TensorDesc &d = impl->desc;
        const int type_size = GetSizeByDataType(d.GetDataType());
        if (type_size < 0) return GRAPH_SUCCESS;
        const Shape shape = d.GetShape();
        const int64_t elements = shape.GetDimNum() == 0U ? 1 : shape.GetShapeSize();
        const int64_t bytes = GetSizeInBytes(elements, d.GetDataType());
        return (bytes >= 0 && static_cast<size_t>(bytes) == impl->size) ? GRAPH_SUCCESS : GRAPH_FAILED;
    }

    graphStatus SetOriginShapeDimNum(const size_t dim_num) {
        std::vector<int64_t> dims = impl->desc.GetOriginShape().GetDims();
        dims.resize(dim_num, 0);
        impl->desc.SetOriginShape(Shape(dims));
        return GRAPH_SUCCESS;
    }
    size_t GetOriginShapeDimNum() const { return impl->desc.GetOriginShape().GetDimNum(); }
    graphStatus SetOriginShapeDim(const size_t idx, const int64_t dim_value) {
        Shape s = impl->desc.GetOriginShape();
        const graphStatus ret = s.SetDim(idx, dim_value);
        if (ret == GRAPH_SUCCESS) impl->desc.SetOriginShape(s);
        return ret;
    }
    int64_t GetOriginShapeDim(const size_t idx) const { return impl->desc.GetOriginShape().GetDim(idx); }
    graphStatus SetOriginFormat(const ge::Format &format) {
        impl->desc.SetOriginFormat(format);
        return GRAPH_SUCCESS;
    }
    ge::Format GetOriginFormat() const { return impl->desc.GetOriginFormat(); }
    graphStatus SetShapeDimNum(const size_t dim_num) {
        std::vector<int64_t> dims = impl->desc.GetShape().GetDims();
        dims.resize(dim_num, 0);
        impl->desc.SetShape(Shape(dims));
        return GRAPH_SUCCESS;
    }
    size_t GetShapeDimNum() const { return impl->desc.GetShape().GetDimNum(); }
    graphStatus SetShapeDim(const size_t idx, const int64_t dim_value) {
        Shape s = impl->desc.GetShape();
        const graphStatus ret = s.SetDim(idx, dim_value);
        if (ret == GRAPH_SUCCESS) impl->desc.SetShape(s);
        return ret;
    }
    int64_t GetShapeDim(const size_t idx) const { return impl->desc.GetShape().GetDim(idx); }
    graphStatus SetFormat(const ge::Format &format) {
        impl->desc.SetFormat(format);
        return GRAPH_SUCCESS;
    }
    ge::Format GetFormat() const { return impl->desc.GetFormat(); }
    graphStatus SetDataType(const ge::DataType &dtype) {
        impl->desc.SetDataType(dtype);
        return GRAPH_SUCCESS;
    }
    ge::DataType GetDataType() const { return impl->desc.GetDataType(); }
    graphStatus SetPlacement(const ge::Placement &placement) {
        impl->desc.SetPlacement(placement);
        return GRAPH_SUCCESS;
    }
    ge::Placement GetPlacement() const { return impl->desc.GetPlacement(); }

    /* A deep copy: its own description and bytes. */
    Tensor Clone() const {
        Tensor t(impl->desc);
        t.impl->Copy(impl->data.get(), impl->size);
        return t;
    }

 private:
    graphStatus SetStrings(const std::vector<std::string> &strs) {
        size_t total = strs.size() * sizeof(StringHead);
        for (const std::string &s : strs) total += s.size() + 1U;
        std::vector<uint8_t> buf(total, 0U);
        size_t offset = strs.size() * sizeof(StringHead);
        for (size_t i = 0; i < strs.size(); ++i) {
            StringHead head{static_cast<int64_t>(offset), static_cast<int64_t>(strs[i].size())};
            std::memcpy(buf.data() + i * sizeof(StringHead), &head, sizeof head);
            std::memcpy(buf.data() + offset, strs[i].data(), strs[i].size());
            offset += strs[i].size() + 1U;
        }
        impl->Copy(buf.data(), buf.size());
        return GRAPH_SUCCESS;
    }

    std::shared_ptr<TensorImpl> impl;
};
}  // namespace ge

#endif
