/*
 * runtime_tensor.h: gert::Tensor, the tensor GeSession runs take and return. Header-only and
 * standard layout with CANN's members in CANN's order (programs may rely on sizeof and on the
 * kFollowing trick: data placed right after the object). Move-only because TensorData is.
 */
#ifndef METADEF_CXX_INC_EXE_GRAPH_RUNTIME_TENSOR_H_
#define METADEF_CXX_INC_EXE_GRAPH_RUNTIME_TENSOR_H_

#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

#include "graph/error_codes.h"
#include "graph/types.h"
#include "storage_format.h"
#include "storage_shape.h"
#include "tensor_data.h"

namespace gert {
using TensorAddress = void *;
using ConstTensorAddress = void *const;

enum TensorVersion : uint8_t {
    kTensorV1 = 0,
    kTensorV2 = 1,
};

class Tensor {
 public:
    Tensor() : version_(kTensorV1), data_type_(ge::DT_UNDEFINED) { ClearReserved(); }
    Tensor(const StorageShape &storage_shape, const StorageFormat &storage_format, const TensorPlacement placement,
           const ge::DataType data_type, TensorAddress addr)
        : Tensor(storage_shape, storage_format, placement, data_type, addr, nullptr) {}
    Tensor(const StorageShape &storage_shape, const StorageFormat &storage_format, ge::DataType data_type)
        : storage_shape_(storage_shape), storage_format_(storage_format), version_(kTensorV1),
          data_type_(data_type) {
        ClearReserved();
    }
    /* The size is that of the storage shape in data_type (0 when it cannot be computed). */
    Tensor(const StorageShape &storage_shape, const StorageFormat &storage_format, const TensorPlacement placement,
           const ge::DataType data_type, TensorAddress addr, TensorAddrManager manager)
        : storage_shape_(storage_shape), storage_format_(storage_format), version_(kTensorV1),
          data_type_(data_type),
          tensor_data_(addr, manager, BytesOf(storage_shape.GetStorageShape().GetShapeSize(), data_type), placement) {
        ClearReserved();
    }

    int64_t GetShapeSize() const { return storage_shape_.GetStorageShape().GetShapeSize(); }
    template <class T>
    const T *GetData() const {
        return static_cast<const T *>(GetAddr());
    }
    template <class T>
    auto GetData() -> T * {
        return static_cast<T *>(GetAddr());
    }
    void SetData(TensorData &&data) { tensor_data_ = std::move(data); }
    const void *GetAddr() const {
        if (tensor_data_.GetPlacement() == kFollowing) {
            return reinterpret_cast<const uint8_t *>(this) + sizeof(*this);
        }
        return tensor_data_.GetAddr();
    }
    void *GetAddr() {
        if (tensor_data_.GetPlacement() == kFollowing) return reinterpret_cast<uint8_t *>(this) + sizeof(*this);
        return tensor_data_.GetAddr();
    }
    size_t GetSize() const { return tensor_data_.GetSize(); }
    void SetSize(const size_t size) { tensor_data_.SetSize(size); }
    ge::DataType GetDataType() const { return data_type_; }
    void SetDataType(const ge::DataType data_type) { data_type_ = data_type; }

    /* A tensor with its data right behind it in one allocation: shape_size elements of dt. */
    static std::unique_ptr<uint8_t[]> CreateFollowing(const int64_t shape_size, const ge::DataType dt,
                                                      size_t &total_size) {
        total_size = BytesOf(shape_size, dt);
        return NewFollowingTensor(dt, total_size);
    }
    /* The same with tensor_size bytes of data; total_size is what was allocated. */
    static std::unique_ptr<uint8_t[]> CreateFollowing(const ge::DataType dt, const size_t tensor_size,
                                                      size_t &total_size) {
        total_size = tensor_size;
        return NewFollowingTensor(dt, total_size);
    }

    const Shape &GetStorageShape() const { return storage_shape_.GetStorageShape(); }
    Shape &MutableStorageShape() { return storage_shape_.MutableStorageShape(); }
    const Shape &GetOriginShape() const { return storage_shape_.GetOriginShape(); }
    Shape &MutableOriginShape() { return storage_shape_.MutableOriginShape(); }
    const StorageShape &GetShape() const { return storage_shape_; }
    StorageShape &GetShape() { return storage_shape_; }
    ge::Format GetStorageFormat() const { return storage_format_.GetStorageFormat(); }
    void SetStorageFormat(const ge::Format storage_format) { storage_format_.SetStorageFormat(storage_format); }
    ge::Format GetOriginFormat() const { return storage_format_.GetOriginFormat(); }
    void SetOriginFormat(const ge::Format origin_format) { storage_format_.SetOriginFormat(origin_format); }
    const StorageFormat &GetFormat() const { return storage_format_; }
    StorageFormat &MutableFormat() { return storage_format_; }
    ExpandDimsType GetExpandDimsType() const { return storage_format_.GetExpandDimsType(); }
    void SetExpandDimsType(const ExpandDimsType &expand_dims_type) {
        storage_format_.SetExpandDimsType(expand_dims_type);
    }
    TensorPlacement GetPlacement() const { return tensor_data_.GetPlacement(); }
    void SetPlacement(const TensorPlacement placement) { tensor_data_.SetPlacement(placement); }
    const TensorData &GetTensorData() const { return tensor_data_; }
    TensorData &MutableTensorData() { return tensor_data_; }
    TensorVersion GetVersion() const { return version_; }

 private:
    static size_t BytesOf(int64_t shape_size, ge::DataType dt) {
        const int64_t bytes = ge::GetSizeInBytes(shape_size, dt);
        return bytes > 0 ? static_cast<size_t>(bytes) : 0U;
    }
    static std::unique_ptr<uint8_t[]> NewFollowingTensor(const ge::DataType dt, size_t &total_size) {
        if (__builtin_add_overflow(total_size, sizeof(Tensor), &total_size)) return nullptr;
        std::unique_ptr<uint8_t[]> holder(new (std::nothrow) uint8_t[total_size]);
        if (holder == nullptr) return nullptr;
        Tensor *tensor = new (holder.get()) Tensor(StorageShape(), StorageFormat(), dt);
        tensor->tensor_data_ = TensorData(nullptr, nullptr, total_size - sizeof(Tensor), kFollowing);
        return holder;
    }
    void ClearReserved() {
        std::memset(reserved_, 0, sizeof(reserved_));
        std::memset(reserved_field_, 0, sizeof(reserved_field_));
    }

    StorageShape storage_shape_;
    StorageFormat storage_format_;
    TensorVersion version_;
    uint8_t reserved_[3];
    ge::DataType data_type_;
    TensorData tensor_data_;
    uint8_t reserved_field_[40];
};
static_assert(std::is_standard_layout<Tensor>::value, "The class Tensor must be a POD");
}  // namespace gert

#endif
