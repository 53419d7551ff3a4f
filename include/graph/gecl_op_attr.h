/*
 * gecl_op_attr.h (gecl's own, not a CANN header): the value of one operator attribute as the
 * C++ layer stores it. One struct with a field per kind keeps it simple (attributes are few);
 * AttrKindName gives the "VT_*" spelling CANN uses in GetAllAttrNamesAndTypes.
 */
#ifndef GECL_GRAPH_GECL_OP_ATTR_H_
#define GECL_GRAPH_GECL_OP_ATTR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tensor.h"
#include "types.h"

namespace ge {
namespace gecl_detail {
enum class AttrKind : int {
    kInt, kFloat, kBool, kString, kListInt, kListFloat, kListBool, kListString,
    kTensor, kListTensor, kDataType, kListDataType, kBytes, kListListInt
};

inline const char *AttrKindName(AttrKind kind) {
    switch (kind) {
    case AttrKind::kInt: return "VT_INT";
    case AttrKind::kFloat: return "VT_FLOAT";
    case AttrKind::kBool: return "VT_BOOL";
    case AttrKind::kString: return "VT_STRING";
    case AttrKind::kListInt: return "VT_LIST_INT";
    case AttrKind::kListFloat: return "VT_LIST_FLOAT";
    case AttrKind::kListBool: return "VT_LIST_BOOL";
    case AttrKind::kListString: return "VT_LIST_STRING";
    case AttrKind::kTensor: return "VT_TENSOR";
    case AttrKind::kListTensor: return "VT_LIST_TENSOR";
    case AttrKind::kDataType: return "VT_DATA_TYPE";
    case AttrKind::kListDataType: return "VT_LIST_DATA_TYPE";
    case AttrKind::kBytes: return "VT_BYTES";
    case AttrKind::kListListInt: return "VT_LIST_LIST_INT";
    }
    return "VT_NONE";
}

/* The "VT_*" name of a prototype attribute type as REQUIRED_ATTR spells it ("ListInt"). */
inline const char *IrTypeName(const std::string &ir_type) {
    static const struct { const char *ir; const char *vt; } kMap[] = {
        {"Int", "VT_INT"}, {"Float", "VT_FLOAT"}, {"Bool", "VT_BOOL"}, {"String", "VT_STRING"},
        {"AscendString", "VT_STRING"}, {"ListInt", "VT_LIST_INT"}, {"ListFloat", "VT_LIST_FLOAT"},
        {"ListBool", "VT_LIST_BOOL"}, {"ListString", "VT_LIST_STRING"},
        {"ListAscendString", "VT_LIST_STRING"}, {"Tensor", "VT_TENSOR"}, {"ListTensor", "VT_LIST_TENSOR"},
        {"Type", "VT_DATA_TYPE"}, {"ListType", "VT_LIST_DATA_TYPE"}, {"Bytes", "VT_BYTES"},
        {"ListListInt", "VT_LIST_LIST_INT"}, {"NamedAttrs", "VT_NAMED_ATTRS"},
        {"ListNamedAttrs", "VT_LIST_NAMED_ATTRS"}};
    for (const auto &m : kMap) {
        if (ir_type == m.ir) return m.vt;
    }
    return "VT_NONE";
}

struct AttrData {
    AttrKind kind = AttrKind::kInt;
    int64_t i = 0;
    float f = 0.0F;
    bool b = false;
    DataType dt = DT_UNDEFINED;
    std::string s;
    std::vector<int64_t> ints;
    std::vector<float> floats;
    std::vector<bool> bools;
    std::vector<std::string> strings;
    std::vector<Tensor> tensors;               /* kTensor: exactly one */
    std::vector<DataType> dtypes;
    std::vector<uint8_t> bytes;
    std::vector<std::vector<int64_t>> int_lists;
};
}  // namespace gecl_detail
}  // namespace ge

#endif
