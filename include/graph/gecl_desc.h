/*
 * gecl_desc.h (gecl's own, not a CANN header): ge::DataType / ge::Format / ge::TensorDesc to
 * gecl_tensor_desc and back. The numbers are the same on both sides; what can fail is range
 * (gecl's enums hold the types and formats it computes with, and at most GECL_MAX_DIMS dims).
 */
#ifndef GECL_GRAPH_GECL_DESC_H_
#define GECL_GRAPH_GECL_DESC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "gecl/gecl.h"
#include "tensor.h"
#include "types.h"

namespace ge {
namespace gecl_detail {
inline std::string DataTypeName(int dt) {
    static const char *const kNames[] = {
        "DT_FLOAT", "DT_FLOAT16", "DT_INT8", "DT_INT32", "DT_UINT8", "(5)", "DT_INT16", "DT_UINT16",
        "DT_UINT32", "DT_INT64", "DT_UINT64", "DT_DOUBLE", "DT_BOOL", "DT_STRING", "DT_DUAL_SUB_INT8",
        "DT_DUAL_SUB_UINT8", "DT_COMPLEX64", "DT_COMPLEX128", "DT_QINT8", "DT_QINT16", "DT_QINT32",
        "DT_QUINT8", "DT_QUINT16", "DT_RESOURCE", "DT_STRING_REF", "DT_DUAL", "DT_VARIANT", "DT_BF16",
        "DT_UNDEFINED", "DT_INT4", "DT_UINT1", "DT_INT2", "DT_UINT2", "DT_COMPLEX32", "DT_HIFLOAT8",
        "DT_FLOAT8_E5M2", "DT_FLOAT8_E4M3FN", "DT_FLOAT8_E8M0", "DT_FLOAT6_E3M2", "DT_FLOAT6_E2M3",
        "DT_FLOAT4_E2M1", "DT_FLOAT4_E1M2", "DT_HIFLOAT4"};
    if (dt >= 0 && dt < static_cast<int>(sizeof kNames / sizeof kNames[0])) return kNames[dt];
    return "data type " + std::to_string(dt);
}

/* gecl_dtype's values fit 5 bits and gecl_format's 6: larger numbers cannot be cast into them. */
inline bool ToGeclDtype(int dt, gecl_dtype &out, std::string &err) {
    if (dt < 0 || dt > 31) {
        err = DataTypeName(dt) + " is not supported by gecl";
        return false;
    }
    out = static_cast<gecl_dtype>(dt);
    return true;
}

inline bool ToGeclFormat(int format, gecl_format &out, std::string &err) {
    if (format < 0 || format > 63) {
        err = std::string("format ") + std::to_string(format) + " is not supported by gecl";
        return false;
    }
    out = static_cast<gecl_format>(format);
    return true;
}

inline bool ToGeclDims(const std::vector<int64_t> &dims, gecl_tensor_desc &out, std::string &err) {
    if (dims.size() > GECL_MAX_DIMS) {
        err = std::to_string(dims.size()) + " dims (gecl takes at most " + std::to_string(GECL_MAX_DIMS) + ")";
        return false;
    }
    out.ndim = static_cast<uint32_t>(dims.size());
    for (size_t i = 0; i < dims.size(); ++i) out.dims[i] = dims[i];
    return true;
}

inline bool ToGeclDesc(const TensorDesc &desc, gecl_tensor_desc &out, std::string &err) {
    out = gecl_tensor_desc();
    return ToGeclDtype(desc.GetDataType(), out.dtype, err) && ToGeclFormat(desc.GetFormat(), out.format, err) &&
           ToGeclDims(desc.GetShape().GetDims(), out, err);
}

inline std::vector<int64_t> GeclDims(const gecl_tensor_desc &d) {
    const uint32_t n = d.ndim <= GECL_MAX_DIMS ? d.ndim : GECL_MAX_DIMS;
    return std::vector<int64_t>(d.dims, d.dims + n);
}

inline bool SameDesc(const gecl_tensor_desc &a, const gecl_tensor_desc &b) {
    return a.dtype == b.dtype && a.format == b.format && GeclDims(a) == GeclDims(b);
}
}  // namespace gecl_detail
}  // namespace ge

#endif
