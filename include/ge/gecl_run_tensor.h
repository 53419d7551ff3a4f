/*
 * gecl_run_tensor.h (gecl's own, not a CANN header): gert::Tensor <-> gecl_tensor for the
 * GeSession runs.
 *
 * Outputs gecl allocates are wrapped with a manager (gert's TensorAddrManager protocol): the
 * tensor's address is a small reference-counted handle; GetAddr asks the manager for the data,
 * the last reference frees it with gecl_output_free, and TensorData::ShareFrom adds a reference.
 */
#ifndef GECL_GE_GECL_RUN_TENSOR_H_
#define GECL_GE_GECL_RUN_TENSOR_H_

#include <atomic>
#include <string>
#include <vector>

#include "exe_graph/runtime/runtime_tensor.h"
#include "gecl/gecl.h"
#include "graph/gecl_desc.h"
#include "graph/types.h"

namespace ge {
namespace gecl_detail {
struct GeclOutputHandle {
    void *data;
    std::atomic<int> refs;
};

inline graphStatus GeclOutputManager(gert::TensorAddress addr, gert::TensorOperateType operate_type, void **out) {
    GeclOutputHandle *h = static_cast<GeclOutputHandle *>(addr);
    if (h == nullptr) return GRAPH_FAILED;
    switch (operate_type) {
    case gert::kGetTensorAddress:
        if (out == nullptr) return GRAPH_FAILED;
        *out = h->data;
        return GRAPH_SUCCESS;
    case gert::kFreeTensor:
        if (h->refs.fetch_sub(1) == 1) {
            static_cast<void>(gecl_output_free(h->data));
            delete h;
        }
        return GRAPH_SUCCESS;
    case gert::kPlusShareCount:
        h->refs.fetch_add(1);
        return GRAPH_SUCCESS;
    default:
        return GRAPH_FAILED;
    }
}

inline gecl_placement ToGeclPlacement(gert::TensorPlacement p, gecl_placement unset) {
    switch (p) {
    case gert::kOnDeviceHbm:
    case gert::kOnDeviceP2p: return GECL_ON_DEVICE;
    case gert::kOnHost: return GECL_ON_HOST;
    case gert::kFollowing: return GECL_HOST_FOLLOWING;
    default: return unset;  /* a TensorData made without a placement */
    }
}

/* The description of a runtime tensor (storage shape and format). */
inline bool ToGeclDesc(const gert::Tensor &t, gecl_tensor_desc &d, std::string &err) {
    d = gecl_tensor_desc();
    const gert::Shape &s = t.GetStorageShape();
    if (s.GetDimNum() > GECL_MAX_DIMS) {
        err = std::to_string(s.GetDimNum()) + " dims (gecl takes at most " + std::to_string(GECL_MAX_DIMS) + ")";
        return false;
    }
    if (!ToGeclDtype(t.GetDataType(), d.dtype, err) || !ToGeclFormat(t.GetStorageFormat(), d.format, err)) {
        return false;
    }
    d.ndim = static_cast<uint32_t>(s.GetDimNum());
    for (size_t i = 0; i < s.GetDimNum(); ++i) d.dims[i] = s.GetDim(i);
    return true;
}

/* A runtime tensor as a gecl_tensor. `unset` is the placement of tensors that name none. */
inline bool ToGeclTensor(const gert::Tensor &t, gecl_placement unset, gecl_tensor &out, std::string &err) {
    out = gecl_tensor();
    if (!ToGeclDesc(t, out.desc, err)) return false;
    out.data = const_cast<void *>(t.GetAddr());
    out.bytes = t.GetSize();
    if (out.bytes == 0U && out.data != nullptr) {
        /* A TensorData made without a size: the size of the description. */
        const int64_t n = GetSizeInBytes(t.GetShapeSize(), t.GetDataType());
        out.bytes = n > 0 ? static_cast<size_t>(n) : 0U;
    }
    out.placement = ToGeclPlacement(t.GetPlacement(), unset);
    return true;
}

/* Writes a gecl description into a runtime tensor (origin = storage: gecl keeps layouts). */
inline void SetTensorDesc(const gecl_tensor_desc &d, gert::Tensor &t) {
    const uint32_t n = d.ndim <= GECL_MAX_DIMS ? d.ndim : GECL_MAX_DIMS;
    gert::Shape shape;
    for (uint32_t i = 0; i < n; ++i) shape.AppendDim(d.dims[i]);
    t.MutableStorageShape() = shape;
    t.MutableOriginShape() = shape;
    t.SetDataType(static_cast<DataType>(d.dtype));
    t.SetStorageFormat(static_cast<Format>(d.format));
    t.SetOriginFormat(static_cast<Format>(d.format));
}

/* Gives memory gecl allocated to a runtime tensor, which frees it when it goes. */
inline void AdoptOutput(const gecl_tensor &o, gert::TensorPlacement placement, gert::Tensor &t) {
    SetTensorDesc(o.desc, t);
    if (o.data == nullptr) {
        t.SetData(gert::TensorData(nullptr, nullptr, 0U, placement));
        return;
    }
    GeclOutputHandle *h = new GeclOutputHandle;
    h->data = o.data;
    h->refs.store(1);
    t.SetData(gert::TensorData(h, &GeclOutputManager, o.bytes, placement));
}

/* Frees what gecl allocated into `out` when the caller had passed no memory (a failed run). */
inline void FreeAllocated(std::vector<gecl_tensor> &out, const std::vector<bool> &caller_memory) {
    for (size_t i = 0; i < out.size(); ++i) {
        if (!caller_memory[i] && out[i].data != nullptr) static_cast<void>(gecl_output_free(out[i].data));
        if (!caller_memory[i]) out[i].data = nullptr;
    }
}
}  // namespace gecl_detail
}  // namespace ge

#endif
