/*
 * operator_reg.h: REG_OP, the macro language of CANN operator prototypes.
 *
 *   REG_OP(Conv2D)
 *       .INPUT(x, TensorType({DT_FLOAT}))
 *       .OPTIONAL_INPUT(bias, TensorType({DT_FLOAT}))
 *       .OUTPUT(y, TensorType({DT_FLOAT}))
 *       .REQUIRED_ATTR(strides, ListInt)
 *       .ATTR(groups, Int, 1)
 *       .OP_END_FACTORY_REG(Conv2D)
 *
 * defines class op::Conv2D (in the enclosing namespace, normally ge) with set_input_x,
 * update_input_desc_x, set_attr_groups, get_attr_groups, ... and registers it with
 * OperatorFactory. How the chain works: REG_OP opens the class and a private registration
 * function whose body ends in a `ge::OpReg()` temporary; the `.` before each descriptor applies
 * to that temporary, so every descriptor macro starts with `N();`, closes the function, emits
 * its public members, and opens the next registration function, which the previous one calls.
 * OP_END_FACTORY_REG closes the last function, the class and namespace op.
 *
 * Type lists in INPUT/OUTPUT are only quoted (as in CANN), so any spelling compiles there;
 * DATATYPE evaluates its TensorType/Promote. Subgraph descriptors (GRAPH, DYNAMIC_GRAPH) are
 * not provided: gecl has no control-flow operators.
 */
#ifndef INC_EXTERNAL_GRAPH_OPERATOR_REG_H_
#define INC_EXTERNAL_GRAPH_OPERATOR_REG_H_

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "graph.h"
#include "operator.h"
#include "operator_factory.h"
#include "tensor.h"
#include "types.h"

namespace ge {
using std::function;
using std::string;
using std::vector;
using Status = uint32_t;

/* The object the `.DESCRIPTOR(...)` chain is applied to. Defined before the descriptor macros
 * exist, so its member names (which match them) are plain identifiers here. */
class OpReg {
 public:
    OpReg &N() { return *this; }
    OpReg &ATTR() { return *this; }
    OpReg &REQUIRED_ATTR() { return *this; }
    OpReg &INPUT() { return *this; }
    OpReg &OPTIONAL_INPUT() { return *this; }
    OpReg &OUTPUT() { return *this; }
    OpReg &GRAPH() { return *this; }
    OpReg &DYNAMIC_GRAPH() { return *this; }
    OpReg &INFER_SHAPE_AND_TYPE() { return *this; }
};
}  // namespace ge

/* ---- members that only some attribute types have (CANN's ATTR_<Type> extras) ---- */

#define GECL_ATTR_STRING_SETTERS_(x)                                                           \
    GeclThisOp &set_attr_##x(const char *v) {                                                  \
        ::ge::Operator::SetAttr(#x, v);                                                        \
        return *this;                                                                          \
    }                                                                                          \
    GeclThisOp &set_attr_##x(const std::function<::ge::AscendString()> &v) {                   \
        (void)v;                                                                               \
        return *this;                                                                          \
    }
#define GECL_ATTR_LIST_STRING_SETTERS_(x)                                                      \
    GeclThisOp &set_attr_##x(const std::vector<::ge::AscendString> &v) {                       \
        ::ge::Operator::SetAttr(#x, v);                                                        \
        return *this;                                                                          \
    }                                                                                          \
    GeclThisOp &set_attr_##x(const std::function<std::vector<::ge::AscendString>()> &v) {      \
        (void)v;                                                                               \
        return *this;                                                                          \
    }

#define GECL_ATTR_EXTRA_String(x, ...)                                                         \
    ::ge::graphStatus get_attr_##x(::ge::AscendString &ret) const {                            \
        const std::string default_value = __VA_ARGS__;                                         \
        if (::ge::Operator::GetAttr(#x, ret) != ::ge::GRAPH_SUCCESS) {                         \
            ret = ::ge::AscendString(default_value.c_str());                                   \
        }                                                                                      \
        return ::ge::GRAPH_SUCCESS;                                                            \
    }                                                                                          \
    GECL_ATTR_STRING_SETTERS_(x)
#define GECL_ATTR_EXTRA_ListString(x, ...)                                                     \
    ::ge::graphStatus get_attr_##x(std::vector<::ge::AscendString> &ret) const {               \
        const std::vector<std::string> default_value = __VA_ARGS__;                            \
        if (::ge::Operator::GetAttr(#x, ret) != ::ge::GRAPH_SUCCESS) {                         \
            for (const std::string &s : default_value) ret.emplace_back(s.c_str());            \
        }                                                                                      \
        return ::ge::GRAPH_SUCCESS;                                                            \
    }                                                                                          \
    GECL_ATTR_LIST_STRING_SETTERS_(x)
#define GECL_ATTR_EXTRA_AscendString(x, ...)                                                   \
    ::ge::graphStatus get_attr_##x(::ge::AscendString &ret) const {                            \
        const ::ge::AscendString default_value = __VA_ARGS__;                                  \
        if (::ge::Operator::GetAttr(#x, ret) != ::ge::GRAPH_SUCCESS) ret = default_value;      \
        return ::ge::GRAPH_SUCCESS;                                                            \
    }
#define GECL_ATTR_EXTRA_ListAscendString(x, ...)                                               \
    ::ge::graphStatus get_attr_##x(std::vector<::ge::AscendString> &ret) const {               \
        const std::vector<::ge::AscendString> default_value = __VA_ARGS__;                     \
        if (::ge::Operator::GetAttr(#x, ret) != ::ge::GRAPH_SUCCESS) ret = default_value;      \
        return ::ge::GRAPH_SUCCESS;                                                            \
    }
#define GECL_ATTR_EXTRA_ListAcendString(x, ...) GECL_ATTR_EXTRA_ListAscendString(x, __VA_ARGS__)
#define GECL_ATTR_EXTRA_Int(x, ...)
#define GECL_ATTR_EXTRA_Float(x, ...)
#define GECL_ATTR_EXTRA_Bool(x, ...)
#define GECL_ATTR_EXTRA_Tensor(x, ...)
#define GECL_ATTR_EXTRA_Type(x, ...)
#define GECL_ATTR_EXTRA_ListInt(x, ...)
#define GECL_ATTR_EXTRA_ListFloat(x, ...)
#define GECL_ATTR_EXTRA_ListBool(x, ...)
#define GECL_ATTR_EXTRA_ListTensor(x, ...)
#define GECL_ATTR_EXTRA_Bytes(x, ...)
#define GECL_ATTR_EXTRA_ListListInt(x, ...)
#define GECL_ATTR_EXTRA_ListType(x, ...)

#define GECL_REQ_ATTR_EXTRA_String(x)                                                          \
    ::ge::graphStatus get_attr_##x(::ge::AscendString &ret) const {                            \
        return ::ge::Operator::GetAttr(#x, ret) == ::ge::GRAPH_SUCCESS ? ::ge::GRAPH_SUCCESS   \
                                                                       : ::ge::GRAPH_FAILED;   \
    }                                                                                          \
    GECL_ATTR_STRING_SETTERS_(x)
#define GECL_REQ_ATTR_EXTRA_ListString(x)                                                      \
    ::ge::graphStatus get_attr_##x(std::vector<::ge::AscendString> &ret) const {               \
        return ::ge::Operator::GetAttr(#x, ret) == ::ge::GRAPH_SUCCESS ? ::ge::GRAPH_SUCCESS   \
                                                                       : ::ge::GRAPH_FAILED;   \
    }                                                                                          \
    GECL_ATTR_LIST_STRING_SETTERS_(x)
#define GECL_REQ_ATTR_EXTRA_AscendString(x)                                                    \
    ::ge::graphStatus get_attr_##x(::ge::AscendString &ret) const {                            \
        return ::ge::Operator::GetAttr(#x, ret) == ::ge::GRAPH_SUCCESS ? ::ge::GRAPH_SUCCESS   \
                                                                       : ::ge::GRAPH_FAILED;   \
    }
#define GECL_REQ_ATTR_EXTRA_ListAscendString(x)                                                \
    ::ge::graphStatus get_attr_##x(std::vector<::ge::AscendString> &ret) const {               \
        return ::ge::Operator::GetAttr(#x, ret) == ::ge::GRAPH_SUCCESS ? ::ge::GRAPH_SUCCESS   \
                                                                       : ::ge::GRAPH_FAILED;   \
    }
#define GECL_REQ_ATTR_EXTRA_ListAcendString(x) GECL_REQ_ATTR_EXTRA_ListAscendString(x)
#define GECL_REQ_ATTR_EXTRA_Int(x)
#define GECL_REQ_ATTR_EXTRA_Float(x)
#define GECL_REQ_ATTR_EXTRA_Bool(x)
#define GECL_REQ_ATTR_EXTRA_Tensor(x)
#define GECL_REQ_ATTR_EXTRA_Type(x)
#define GECL_REQ_ATTR_EXTRA_ListInt(x)
#define GECL_REQ_ATTR_EXTRA_ListFloat(x)
#define GECL_REQ_ATTR_EXTRA_ListBool(x)
#define GECL_REQ_ATTR_EXTRA_ListTensor(x)
#define GECL_REQ_ATTR_EXTRA_Bytes(x)
#define GECL_REQ_ATTR_EXTRA_ListListInt(x)
#define GECL_REQ_ATTR_EXTRA_ListType(x)

/* Members every attribute has: its name and typed setters (OpT: Operator::OpInt, ...). */
#define GECL_ATTR_COMMON_(x, OpT)                                                              \
    ATTRIBUTED_DEPRECATED(static void name_attr_##x(AscendString &))                           \
    static const std::string name_attr_##x() { return #x; }                                    \
    static void name_attr_##x(::ge::AscendString &attr) { attr = ::ge::AscendString(#x); }     \
    GeclThisOp &set_attr_##x(const OpT &v) {                                                   \
        ::ge::Operator::SetAttr(#x, v);                                                        \
        return *this;                                                                          \
    }                                                                                          \
    GeclThisOp &set_attr_##x(const std::function<OpT()> &v) {                                  \
        (void)v;                                                                               \
        return *this;                                                                          \
    }

/* Members every (optional) input has. */
#define GECL_INPUT_COMMON_(x)                                                                  \
    ATTRIBUTED_DEPRECATED(static void name_in_##x(AscendString &))                             \
    static const std::string name_in_##x() { return #x; }                                      \
    static void name_in_##x(::ge::AscendString &name) { name = ::ge::AscendString(#x); }       \
    GeclThisOp &set_input_##x(::ge::Operator &v) {                                             \
        ::ge::Operator::SetInput(#x, v);                                                       \
        return *this;                                                                          \
    }                                                                                          \
    GeclThisOp &set_input_##x(::ge::Operator &v, uint32_t index) {                             \
        ::ge::Operator::SetInput(#x, v, index);                                                \
        return *this;                                                                          \
    }                                                                                          \
    ATTRIBUTED_DEPRECATED(GeclThisOp &set_input_##x##_by_name(Operator &, const char *))       \
    GeclThisOp &set_input_##x(::ge::Operator &v, const std::string &srcName) {                 \
        ::ge::Operator::SetInput(#x, v, srcName.c_str());                                      \
        return *this;                                                                          \
    }                                                                                          \
    GeclThisOp &set_input_##x##_by_name(::ge::Operator &v, const char *srcName) {              \
        ::ge::Operator::SetInput(#x, v, srcName);                                              \
        return *this;                                                                          \
    }                                                                                          \
    ::ge::TensorDesc get_input_desc_##x() const { return ::ge::Operator::GetInputDescByName(#x); } \
    ::ge::graphStatus update_input_desc_##x(const ::ge::TensorDesc &tensorDesc) {              \
        return ::ge::Operator::UpdateInputDesc(#x, tensorDesc);                                \
    }

/* ---- the descriptors ---- */

#define REG_OP(x)                                                                              \
    namespace op {                                                                             \
    class x : public ::ge::Operator {                                                          \
        typedef x GeclThisOp;                                                                  \
                                                                                               \
     public:                                                                                   \
        ATTRIBUTED_DEPRECATED(x(const char *))                                                 \
        explicit x(const std::string &name) : ::ge::Operator(name.c_str(), #x) { GeclProto(); } \
        explicit x(const char *name) : ::ge::Operator(name, #x) { GeclProto(); }              \
        explicit x(const ::ge::AscendString &name) : ::ge::Operator(name, #x) { GeclProto(); } \
        x() : ::ge::Operator(#x) { GeclProto(); }                                              \
                                                                                               \
     private:                                                                                  \
        void GeclProto() {                                                                     \
            ::ge::OpReg()

#define INPUT(x, t)                                                                            \
    N();                                                                                       \
    GeclIn_##x();                                                                              \
    }                                                                                          \
                                                                                               \
 public:                                                                                       \
    GECL_INPUT_COMMON_(x)                                                                      \
                                                                                               \
 private:                                                                                      \
    void GeclIn_##x() {                                                                        \
        ::ge::Operator::InputRegister(#x, #t);                                                 \
        ::ge::OpReg()

#define OPTIONAL_INPUT(x, t)                                                                   \
    N();                                                                                       \
    GeclOptIn_##x();                                                                           \
    }                                                                                          \
                                                                                               \
 public:                                                                                       \
    GECL_INPUT_COMMON_(x)                                                                      \
                                                                                               \
 private:                                                                                      \
    void GeclOptIn_##x() {                                                                     \
        ::ge::Operator::OptionalInputRegister(#x, #t);                                         \
        ::ge::OpReg()

#define DYNAMIC_INPUT(x, t)                                                                    \
    N();                                                                                       \
    GeclDynIn_##x();                                                                           \
    }                                                                                          \
                                                                                               \
 public:                                                                                       \
    GeclThisOp &create_dynamic_input_##x(uint32_t num, bool isPushBack = true) {               \
        ::ge::Operator::DynamicInputRegister(#x, num, #t, isPushBack);                         \
        return *this;                                                                          \
    }                                                                                          \
    GeclThisOp &create_dynamic_input_byindex_##x(uint32_t num, size_t index) {                 \
        ::ge::Operator::DynamicInputRegisterByIndex(#x, num, index);                           \
        return *this;                                                                          \
    }                                                                                          \
    ::ge::TensorDesc get_dynamic_input_desc_##x(uint32_t index) const {                        \
        return ::ge::Operator::GetDynamicInputDesc(#x, index);                                 \
    }                                                                                          \
    ::ge::graphStatus update_dynamic_input_desc_##x(uint32_t index, const ::ge::TensorDesc &tensorDesc) { \
        return ::ge::Operator::UpdateDynamicInputDesc(#x, index, tensorDesc);                  \
    }                                                                                          \
    GeclThisOp &set_dynamic_input_##x(uint32_t dstIndex, ::ge::Operator &v) {                  \
        ::ge::Operator::SetInput(#x, dstIndex, v);                                             \
        return *this;                                                                          \
    }                                                                                          \
    ATTRIBUTED_DEPRECATED(GeclThisOp &set_dynamic_input_##x(uint32_t, Operator &, const char *)) \
    GeclThisOp &set_dynamic_input_##x(uint32_t dstIndex, ::ge::Operator &v, const std::string &srcName) { \
        ::ge::Operator::SetInput(#x, dstIndex, v, srcName.c_str());                            \
        return *this;                                                                          \
    }                                                                                          \
    GeclThisOp &set_dynamic_input_##x(uint32_t dstIndex, ::ge::Operator &v, const char *srcName) { \
        ::ge::Operator::SetInput(#x, dstIndex, v, srcName);                                    \
        return *this;                                                                          \
    }                                                                                          \
                                                                                               \
 private:                                                                                      \
    void GeclDynIn_##x() {                                                                     \
        ::ge::Operator::DynamicInputRegister(#x, 0, #t, true);                                 \
        ::ge::OpReg()

#define OUTPUT(x, t)                                                                           \
    N();                                                                                       \
    GeclOut_##x();                                                                             \
    }                                                                                          \
                                                                                               \
 public:                                                                                       \
    ATTRIBUTED_DEPRECATED(static void name_out_##x(AscendString &))                            \
    static const std::string name_out_##x() { return #x; }                                     \
    static void name_out_##x(::ge::AscendString &name) { name = ::ge::AscendString(#x); }      \
    ::ge::TensorDesc get_output_desc_##x() const { return ::ge::Operator::GetOutputDescByName(#x); } \
    ::ge::graphStatus update_output_desc_##x(const ::ge::TensorDesc &tensorDesc) {            \
        return ::ge::Operator::UpdateOutputDesc(#x, tensorDesc);                               \
    }                                                                                          \
                                                                                               \
 private:                                                                                      \
    void GeclOut_##x() {                                                                       \
        ::ge::Operator::OutputRegister(#x, #t);                                                \
        ::ge::OpReg()

#define DYNAMIC_OUTPUT(x, t)                                                                   \
    N();                                                                                       \
    GeclDynOut_##x();                                                                          \
    }                                                                                          \
                                                                                               \
 public:                                                                                       \
    GeclThisOp &create_dynamic_output_##x(uint32_t num, bool isPushBack = true) {              \
        ::ge::Operator::DynamicOutputRegister(#x, num, #t, isPushBack);                        \
        return *this;                                                                          \
    }                                                                                          \
    ::ge::TensorDesc get_dynamic_output_desc_##x(uint32_t index) const {                       \
        return ::ge::Operator::GetDynamicOutputDesc(#x, index);                                \
    }                                                                                          \
    ::ge::graphStatus update_dynamic_output_desc_##x(uint32_t index, const ::ge::TensorDesc &tensorDesc) { \
        return ::ge::Operator::UpdateDynamicOutputDesc(#x, index, tensorDesc);                 \
    }                                                                                          \
                                                                                               \
 private:                                                                                      \
    void GeclDynOut_##x() {                                                                    \
        ::ge::Operator::DynamicOutputRegister(#x, 0, #t, true);                                \
        ::ge::OpReg()

/* ATTR(name, Type, default...): Type is Int, Float, Bool, String, AscendString, Tensor, Type,
 * ListInt, ListFloat, ListBool, ListString, ListAscendString, ListTensor, Bytes, ListListInt,
 * ListType. The default is registered on construction, so get_attr_* and the graph see it. */
#define ATTR(x, Type, ...)                                                                     \
    N();                                                                                       \
    GeclAttr_##x();                                                                            \
    }                                                                                          \
                                                                                               \
 public:                                                                                       \
    GECL_ATTR_COMMON_(x, Op##Type)                                                             \
    GECL_ATTR_EXTRA_##Type(x, __VA_ARGS__)                                                     \
    Op##Type get_attr_##x() const {                                                            \
        Op##Type ret = __VA_ARGS__;                                                            \
        (void)::ge::Operator::GetAttr(#x, ret);                                                \
        return ret;                                                                            \
    }                                                                                          \
                                                                                               \
 private:                                                                                      \
    void GeclAttr_##x() {                                                                      \
        ::ge::Operator::AttrRegister(#x, ::ge::gecl_detail::RegValue(Op##Type(__VA_ARGS__)));  \
        ::ge::OpReg()

#define REQUIRED_ATTR(x, Type)                                                                 \
    N();                                                                                       \
    GeclReqAttr_##x();                                                                         \
    }                                                                                          \
                                                                                               \
 public:                                                                                       \
    GECL_ATTR_COMMON_(x, Op##Type)                                                             \
    GECL_REQ_ATTR_EXTRA_##Type(x)                                                              \
    Op##Type get_attr_##x() const {                                                            \
        Op##Type ret{};                                                                        \
        (void)::ge::Operator::GetAttr(#x, ret);                                                \
        return ret;                                                                            \
    }                                                                                          \
                                                                                               \
 private:                                                                                      \
    void GeclReqAttr_##x() {                                                                   \
        ::ge::Operator::RequiredAttrWithTypeRegister(#x, #Type);                               \
        ::ge::OpReg()

/* DATATYPE(T, TensorType({...}) | ListTensorType(...) | Promote({"T1", "T2"})). */
#define DATATYPE(x, t)                                                                         \
    N();                                                                                       \
    GeclType_##x();                                                                            \
    }                                                                                          \
                                                                                               \
 private:                                                                                      \
    void GeclType_##x() {                                                                      \
        ::ge::Operator::DataTypeRegister(#x, t);                                               \
        ::ge::OpReg()

#define GECL_OP_END_(x, n)                                                                     \
    N();                                                                                       \
    }                                                                                          \
    static_assert(std::is_same<x, GeclThisOp>::value,                                          \
                  "The class name entered into the OP_END_FACTORY_REG needs to be the same as the operator " \
                  "name you define.");                                                         \
    }                                                                                          \
    ;                                                                                          \
    static const ::ge::OperatorCreatorRegister gecl_op_creator_##n(                            \
        #x, [](const ::ge::AscendString &name) { return ::ge::Operator(x(name)); },            \
        gecl_builtin_proto_tag_);                                                              \
    }
#define GECL_OP_END_EXPAND_(x, n) GECL_OP_END_(x, n)
#define OP_END_FACTORY_REG(x) GECL_OP_END_EXPAND_(x, __COUNTER__)

/* gecl's own prototype headers (include/ops) declare their operators in ge::gecl_proto::op and
 * make them visible as ge::op::X through a using-directive. A program that declares one of them
 * itself (a CANN sample's own op_graph/<op>_proto.h included next to array_ops.h) gets its own
 * class for op::X instead of a redefinition error: qualified lookup prefers a direct member of
 * ge::op to one a using-directive brings in. OperatorFactory keeps the program's registration of
 * that type, whichever comes first (OperatorCreatorRegister's gecl_builtin). */
#define GECL_PROTO_BEGIN                                                                       \
    namespace gecl_proto {                                                                     \
    namespace op {}
#define GECL_PROTO_END                                                                         \
    }                                                                                          \
    namespace op {                                                                             \
    using namespace ::ge::gecl_proto::op;                                                      \
    }

/* Found by REG_OP's registration through ordinary lookup: true only inside GECL_PROTO_BEGIN. */
static constexpr bool gecl_builtin_proto_tag_ = false;
namespace ge {
namespace gecl_proto {
static constexpr bool gecl_builtin_proto_tag_ = true;
}  // namespace gecl_proto
}  // namespace ge

/* ---- inference and verification functions registered by operator type ---- */

#define GECL_PASTE_(a, b) a##b
#define GECL_PASTE(a, b) GECL_PASTE_(a, b)

#define IMPLEMT_INFERFUNC(op_name, func_name) \
    GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY static graphStatus func_name(op::op_name &op)
#define IMPLEMT_COMMON_INFERFUNC(func_name) \
    GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY static graphStatus func_name(Operator &op)
#define IMPLEMT_INFERFORMAT_FUNC(op_name, func_name) \
    GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY static graphStatus func_name(op::op_name &op)
#define IMPLEMT_VERIFIER(op_name, func_name) \
    GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY static graphStatus func_name(op::op_name op)

#define INFER_VERIFY_FUNC(op_name, x) [](Operator &v) { return x(static_cast<op::op_name &>(v)); }
#define COMMON_INFER_VERIFY_FUNC(x) [](Operator &v) { return x(v); }
#define INFER_FORMAT_FUNC(op_name, x) [](Operator &v) { return x(static_cast<op::op_name &>(v)); }

#define INFER_FUNC_REG(op_name, x)                                                             \
    static const ::ge::InferShapeFuncRegister GECL_PASTE(gecl_infer_reg_, __COUNTER__)(#op_name, \
                                                                                      INFER_VERIFY_FUNC(op_name, x))
#define COMMON_INFER_FUNC_REG(op_name, x)                                                      \
    static const ::ge::InferShapeFuncRegister GECL_PASTE(gecl_infer_reg_, __COUNTER__)(#op_name, \
                                                                                      COMMON_INFER_VERIFY_FUNC(x))
#define VERIFY_FUNC_REG(op_name, x)                                                            \
    static const ::ge::VerifyFuncRegister GECL_PASTE(gecl_verify_reg_, __COUNTER__)(#op_name, \
                                                                                  INFER_VERIFY_FUNC(op_name, x))
#define INFER_FORMAT_FUNC_REG(op_name, x)                                                      \
    static const ::ge::InferFormatFuncRegister GECL_PASTE(gecl_format_reg_, __COUNTER__)(#op_name, \
                                                                                         INFER_FORMAT_FUNC(op_name, x))

/* Output `out_name` gets the shape and type of input `in_name`. */
#define ELMTWISE_INFER_SHAPEANDTYPE(in_name, out_name)                                         \
    [](Operator op) -> graphStatus {                                                           \
        const auto x_shape = op.GetInputDescByName(in_name).GetShape().GetDims();              \
        const auto x_type = op.GetInputDescByName(in_name).GetDataType();                      \
        TensorDesc op_output_desc = op.GetOutputDescByName(out_name);                          \
        op_output_desc.SetShape(ge::Shape(x_shape));                                           \
        op_output_desc.SetOriginShape(ge::Shape(x_shape));                                     \
        op_output_desc.SetDataType(x_type);                                                    \
        return op.UpdateOutputDesc(out_name, op_output_desc);                                  \
    }

namespace ge {
/* Numpy broadcasting of two shapes; GRAPH_FAILED when they do not broadcast. */
inline graphStatus BroadCastInfer(const function<vector<int64_t>()> &get_in1_shape,
                                  const function<vector<int64_t>()> &get_in2_shape,
                                  const function<void(const std::vector<int64_t> &y_shape)> &set_out_shape) {
    const vector<int64_t> a = get_in1_shape();
    const vector<int64_t> b = get_in2_shape();
    const size_t rank = a.size() > b.size() ? a.size() : b.size();
    vector<int64_t> y(rank, 1);
    for (size_t i = 0; i < rank; ++i) {
        const int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
        const int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
        if (da != db && da != 1 && db != 1) return GRAPH_FAILED;
        y[i] = da == 1 ? db : da;
    }
    set_out_shape(y);
    return GRAPH_SUCCESS;
}
}  // namespace ge

#define BROADCAST_INFER(in1_name, in2_name, out_name)                                          \
    [](Operator op) -> graphStatus {                                                           \
        return BroadCastInfer([&]() { return op.GetInputDescByName(in1_name).GetShape().GetDims(); }, \
                              [&]() { return op.GetInputDescByName(in2_name).GetShape().GetDims(); }, \
                              [&](const std::vector<int64_t> &y_shape) {                       \
                                  TensorDesc op_output_desc = op.GetOutputDescByName(out_name); \
                                  op_output_desc.SetShape(ge::Shape(y_shape));                 \
                                  (void)op.UpdateOutputDesc(out_name, op_output_desc);         \
                              });                                                              \
    }

#endif
