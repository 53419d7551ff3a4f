/*
 * operator.h: ge::Operator, a handle to one node of a graph under construction. Copies share
 * the node (as in CANN), so the classes REG_OP generates (op::Conv2D, ...) can be sliced into
 * std::vector<Operator> freely. Inputs, outputs and attributes follow the prototype registered
 * by REG_OP (operator_reg.h); an operator made from a bare type name has none and grows them as
 * they are used.
 *
 * The builder methods return Operator& and cannot fail loudly: a bad input name is remembered
 * on the node and reported by Session/GeSession::AddGraph (and right away through
 * GEGetErrorMsgV3).
 */
#ifndef INC_EXTERNAL_GRAPH_OPERATOR_H_
#define INC_EXTERNAL_GRAPH_OPERATOR_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ascend_string.h"
#include "error_codes.h"
#include "gecl_facade_error.h"
#include "gecl_op_impl.h"
#include "gecl_op_registry.h"
#include "tensor.h"
#include "types.h"

namespace ge {
class Operator;
class OperatorImpl;
class Graph;

using SubgraphBuilder = std::function<Graph()>;
using OperatorImplPtr = std::shared_ptr<OperatorImpl>;
using OperatorPtr = std::shared_ptr<Operator>;

namespace gecl_detail {
class OperatorAccess;

/* "Relu_3": the name CANN-style code gets when it constructs an operator from its type only. */
inline std::string AutoOpName(const std::string &type) {
    static std::atomic<uint64_t> counter(0);
    return type + "_" + std::to_string(counter.fetch_add(1));
}

/* Prototype defaults arrive as the REG_OP attribute type; strings are stored as AscendString. */
template <typename T>
inline const T &RegValue(const T &v) { return v; }
inline AscendString RegValue(const std::string &v) { return AscendString(v.c_str()); }
inline std::vector<AscendString> RegValue(const std::vector<std::string> &v) {
    std::vector<AscendString> out;
    for (const std::string &s : v) out.emplace_back(s.c_str());
    return out;
}
}  // namespace gecl_detail

class GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY Operator {
 public:
    using OpInt = int64_t;
    using OpFloat = float32_t;
    using OpString = std::string;
    using OpAscendString = AscendString;
    using OpBool = bool;
    using OpTensor = Tensor;
    using OpType = ge::DataType;
    using OpListInt = std::vector<int64_t>;
    using OpListFloat = std::vector<float32_t>;
    using OpListString = std::vector<std::string>;
    using OpListAcendString = std::vector<AscendString>;
    using OpListAscendString = OpListAcendString;
    using OpListBool = std::vector<bool>;
    using OpListTensor = std::vector<Tensor>;
    using OpBytes = std::vector<uint8_t>;
    using OpListListInt = std::vector<std::vector<int64_t>>;
    using OpListType = std::vector<ge::DataType>;

    Operator() {}
    ATTRIBUTED_DEPRECATED(Operator(const char_t *))
    explicit Operator(const std::string &type) : Operator(gecl_detail::AutoOpName(type).c_str(), type.c_str()) {}
    explicit Operator(const char_t *type)
        : Operator(gecl_detail::AutoOpName(type != nullptr ? type : "").c_str(), type) {}
    ATTRIBUTED_DEPRECATED(Operator(const char_t *, const char_t *))
    Operator(const std::string &name, const std::string &type) : Operator(name.c_str(), type.c_str()) {}
    Operator(const AscendString &name, const AscendString &type) : Operator(name.GetString(), type.GetString()) {}
    Operator(const char_t *name, const char_t *type) : operator_impl_(std::make_shared<OperatorImpl>()) {
        operator_impl_->name = name != nullptr ? name : "";
        operator_impl_->type = type != nullptr ? type : "";
    }
    virtual ~Operator() = default;
    /* Copies are handles to the same node; a "moved" operator stays valid, as in CANN. */
    Operator(const Operator &) = default;
    Operator &operator=(const Operator &) = default;

    bool IsEmpty() const { return operator_impl_ == nullptr; }

    ATTRIBUTED_DEPRECATED(graphStatus GetName(AscendString &) const)
    std::string GetName() const { return operator_impl_ ? operator_impl_->name : std::string(); }
    graphStatus GetName(AscendString &name) const {
        if (!operator_impl_) return EmptyFail("GetName");
        name = AscendString(operator_impl_->name.c_str());
        return GRAPH_SUCCESS;
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetOpType(AscendString &) const)
    std::string GetOpType() const { return operator_impl_ ? operator_impl_->type : std::string(); }
    graphStatus GetOpType(AscendString &type) const {
        if (!operator_impl_) return EmptyFail("GetOpType");
        type = AscendString(operator_impl_->type.c_str());
        return GRAPH_SUCCESS;
    }

    /* ---- connections ---- */

    ATTRIBUTED_DEPRECATED(Operator &SetInput(const char_t *, const Operator &))
    Operator &SetInput(const std::string &dst_name, const Operator &src_oprt) {
        return SetInput(dst_name.c_str(), src_oprt);
    }
    /* Input `dst_name` <- output 0 of src_oprt. */
    Operator &SetInput(const char_t *dst_name, const Operator &src_oprt) {
        return ConnectNamed(dst_name, MakeLink(src_oprt, 0U, nullptr));
    }
    ATTRIBUTED_DEPRECATED(Operator &SetInput(const char_t *, const Operator &, const char_t *))
    Operator &SetInput(const std::string &dst_name, const Operator &src_oprt, const std::string &name) {
        return SetInput(dst_name.c_str(), src_oprt, name.c_str());
    }
    /* Input `dst_name` <- the output of src_oprt named `name` (resolved when the graph is added). */
    Operator &SetInput(const char_t *dst_name, const Operator &src_oprt, const char_t *name) {
        return ConnectNamed(dst_name, MakeLink(src_oprt, 0U, name != nullptr ? name : ""));
    }
    ATTRIBUTED_DEPRECATED(Operator &SetInput(const char_t *, const Operator &, uint32_t))
    Operator &SetInput(const std::string &dst_name, const Operator &src_oprt, uint32_t index) {
        return SetInput(dst_name.c_str(), src_oprt, index);
    }
    Operator &SetInput(const char_t *dst_name, const Operator &src_oprt, uint32_t index) {
        return ConnectNamed(dst_name, MakeLink(src_oprt, index, nullptr));
    }
    /* Input at position dst_index (prototype order, dynamic inputs expanded) <- output src_index. */
    Operator &SetInput(uint32_t dst_index, const Operator &src_oprt, uint32_t src_index) {
        if (!operator_impl_) return EmptyOp("SetInput");
        size_t slot = 0;
        uint32_t instance = 0;
        if (!operator_impl_->InputAt(dst_index, slot, instance)) {
            Problem("SetInput: " + operator_impl_->Describe() + " has no input at index " +
                    std::to_string(dst_index) + " (it has " + std::to_string(operator_impl_->InputCount()) + ")");
            return *this;
        }
        return Connect(slot, instance, MakeLink(src_oprt, src_index, nullptr));
    }
    /* Instance dst_index of dynamic input `dst_name` <- output `name` / output 0 of src_oprt. */
    Operator &SetInput(const char_t *dst_name, uint32_t dst_index, const Operator &src_oprt, const char_t *name) {
        return ConnectDynamic(dst_name, dst_index, MakeLink(src_oprt, 0U, name != nullptr ? name : ""));
    }
    Operator &SetInput(const char_t *dst_name, uint32_t dst_index, const Operator &src_oprt) {
        return ConnectDynamic(dst_name, dst_index, MakeLink(src_oprt, 0U, nullptr));
    }

    /* Recorded, but gecl runs nodes in data order only, so control edges have no effect. */
    Operator &AddControlInput(const Operator &src_oprt) {
        if (operator_impl_ && src_oprt.operator_impl_) {
            operator_impl_->control_inputs.push_back(src_oprt.operator_impl_);
        }
        return *this;
    }

    ATTRIBUTED_DEPRECATED(graphStatus GetInputConstData(const char_t *, Tensor &) const)
    graphStatus GetInputConstData(const std::string &dst_name, Tensor &data) const {
        return GetInputConstData(dst_name.c_str(), data);
    }
    /* The value of input `dst_name` when it comes straight from a Const. */
    graphStatus GetInputConstData(const char_t *dst_name, Tensor &data) const {
        const gecl_detail::Link *link = FindLink(dst_name);
        if (link == nullptr || !link->src) return GRAPH_FAILED;
        const OperatorImpl &src = *link->src;
        if (src.type != "Const" && src.type != "Constant") return GRAPH_FAILED;
        const gecl_detail::AttrData *value = src.FindAttr("value");
        if (value == nullptr || value->kind != gecl_detail::AttrKind::kTensor || value->tensors.empty()) {
            return GRAPH_FAILED;
        }
        data = value->tensors[0];
        return GRAPH_SUCCESS;
    }

    /* ---- tensor descriptions ---- */

    ATTRIBUTED_DEPRECATED(TensorDesc GetInputDescByName(const char_t *) const)
    TensorDesc GetInputDesc(const std::string &name) const { return GetInputDescByName(name.c_str()); }
    TensorDesc GetInputDescByName(const char_t *name) const {
        size_t slot = 0;
        uint32_t instance = 0;
        if (!operator_impl_ || name == nullptr || !operator_impl_->FindInput(name, slot, instance) ||
            instance >= operator_impl_->inputs[slot].Count()) {
            return TensorDesc();
        }
        return operator_impl_->inputs[slot].descs[instance];
    }
    TensorDesc GetInputDesc(uint32_t index) const {
        size_t slot = 0;
        uint32_t instance = 0;
        if (!operator_impl_ || !operator_impl_->InputAt(index, slot, instance)) return TensorDesc();
        return operator_impl_->inputs[slot].descs[instance];
    }
    ATTRIBUTED_DEPRECATED(int GetDynamicOutputNum(const char_t *) const)
    int32_t GetDynamicOutputNum(const std::string &name) const { return GetDynamicOutputNum(name.c_str()); }
    int32_t GetDynamicOutputNum(const char_t *name) const {
        if (!operator_impl_ || name == nullptr) return 0;
        for (const auto &s : operator_impl_->outputs) {
            if (s.dynamic && s.name == name) return static_cast<int32_t>(s.Count());
        }
        return 0;
    }
    ATTRIBUTED_DEPRECATED(int GetDynamicInputNum(const char_t *))
    int32_t GetDynamicInputNum(const std::string &name) const { return GetDynamicInputNum(name.c_str()); }
    int32_t GetDynamicInputNum(const char_t *name) const {
        if (!operator_impl_ || name == nullptr) return 0;
        for (const auto &s : operator_impl_->inputs) {
            if (s.kind == gecl_detail::SlotKind::kDynamic && s.name == name) return static_cast<int32_t>(s.Count());
        }
        return 0;
    }
    ATTRIBUTED_DEPRECATED(graphStatus TryGetInputDesc(const char_t *, TensorDesc &) const)
    graphStatus TryGetInputDesc(const std::string &name, TensorDesc &tensor_desc) const {
        return TryGetInputDesc(name.c_str(), tensor_desc);
    }
    graphStatus TryGetInputDesc(const char_t *name, TensorDesc &tensor_desc) const {
        size_t slot = 0;
        uint32_t instance = 0;
        if (!operator_impl_ || name == nullptr || !operator_impl_->FindInput(name, slot, instance) ||
            instance >= operator_impl_->inputs[slot].Count()) {
            return GRAPH_FAILED;
        }
        tensor_desc = operator_impl_->inputs[slot].descs[instance];
        return GRAPH_SUCCESS;
    }
    ATTRIBUTED_DEPRECATED(graphStatus UpdateInputDesc(const char_t *, const TensorDesc &))
    graphStatus UpdateInputDesc(const std::string &name, const TensorDesc &tensor_desc) {
        return UpdateInputDesc(name.c_str(), tensor_desc);
    }
    graphStatus UpdateInputDesc(const char_t *name, const TensorDesc &tensor_desc) {
        if (!operator_impl_) return EmptyFail("UpdateInputDesc");
        size_t slot = 0;
        uint32_t instance = 0;
        if (name == nullptr || !operator_impl_->FindOrAddInput(name, slot, instance)) {
            return gecl_detail::Fail(GRAPH_FAILED, "UpdateInputDesc: " + operator_impl_->Describe() +
                                                       " has no input named '" + (name ? name : "") + "'");
        }
        SetDesc(operator_impl_->inputs[slot], instance, tensor_desc);
        return GRAPH_SUCCESS;
    }
    graphStatus UpdateInputDesc(const uint32_t index, const TensorDesc &tensor_desc) {
        if (!operator_impl_) return EmptyFail("UpdateInputDesc");
        size_t slot = 0;
        uint32_t instance = 0;
        if (!operator_impl_->InputAt(index, slot, instance)) {
            return gecl_detail::Fail(GRAPH_FAILED, "UpdateInputDesc: " + operator_impl_->Describe() +
                                                       " has no input at index " + std::to_string(index));
        }
        SetDesc(operator_impl_->inputs[slot], instance, tensor_desc);
        return GRAPH_SUCCESS;
    }
    ATTRIBUTED_DEPRECATED(TensorDesc GetOutputDescByName(const char_t *) const)
    TensorDesc GetOutputDesc(const std::string &name) const { return GetOutputDescByName(name.c_str()); }
    TensorDesc GetOutputDescByName(const char_t *name) const {
        size_t slot = 0;
        uint32_t instance = 0;
        if (!operator_impl_ || name == nullptr || !operator_impl_->FindOutput(name, slot, instance)) {
            return TensorDesc();
        }
        return operator_impl_->outputs[slot].descs[instance];
    }
    TensorDesc GetOutputDesc(uint32_t index) const {
        size_t slot = 0;
        uint32_t instance = 0;
        if (!operator_impl_ || !operator_impl_->OutputAt(index, slot, instance)) return TensorDesc();
        return operator_impl_->outputs[slot].descs[instance];
    }
    ATTRIBUTED_DEPRECATED(graphStatus UpdateOutputDesc(const char_t *, const TensorDesc &tensor_desc))
    graphStatus UpdateOutputDesc(const std::string &name, const TensorDesc &tensor_desc) {
        return UpdateOutputDesc(name.c_str(), tensor_desc);
    }
    graphStatus UpdateOutputDesc(const char_t *name, const TensorDesc &tensor_desc) {
        if (!operator_impl_) return EmptyFail("UpdateOutputDesc");
        size_t slot = 0;
        uint32_t instance = 0;
        if (name == nullptr || !operator_impl_->FindOrAddOutput(name, slot, instance)) {
            return gecl_detail::Fail(GRAPH_FAILED, "UpdateOutputDesc: " + operator_impl_->Describe() +
                                                       " has no output named '" + (name ? name : "") + "'");
        }
        SetDesc(operator_impl_->outputs[slot], instance, tensor_desc);
        return GRAPH_SUCCESS;
    }
    graphStatus UpdateOutputDesc(const uint32_t index, const TensorDesc &tensor_desc) {
        if (!operator_impl_) return EmptyFail("UpdateOutputDesc");
        size_t slot = 0;
        uint32_t instance = 0;
        if (!operator_impl_->OutputAt(index, slot, instance)) {
            return gecl_detail::Fail(GRAPH_FAILED, "UpdateOutputDesc: " + operator_impl_->Describe() +
                                                       " has no output at index " + std::to_string(index));
        }
        SetDesc(operator_impl_->outputs[slot], instance, tensor_desc);
        return GRAPH_SUCCESS;
    }
    ATTRIBUTED_DEPRECATED(TensorDesc GetDynamicInputDesc(const char_t *, uint32_t) const)
    TensorDesc GetDynamicInputDesc(const std::string &name, uint32_t index) const {
        return GetDynamicInputDesc(name.c_str(), index);
    }
    TensorDesc GetDynamicInputDesc(const char_t *name, uint32_t index) const {
        return GetInputDescByName((std::string(name != nullptr ? name : "") + std::to_string(index)).c_str());
    }
    ATTRIBUTED_DEPRECATED(graphStatus UpdateDynamicInputDesc(const char_t *, uint32_t, const TensorDesc &))
    graphStatus UpdateDynamicInputDesc(const std::string &name, uint32_t index, const TensorDesc &tensor_desc) {
        return UpdateDynamicInputDesc(name.c_str(), index, tensor_desc);
    }
    graphStatus UpdateDynamicInputDesc(const char_t *name, uint32_t index, const TensorDesc &tensor_desc) {
        return UpdateInputDesc((std::string(name != nullptr ? name : "") + std::to_string(index)).c_str(), tensor_desc);
    }
    ATTRIBUTED_DEPRECATED(TensorDesc GetDynamicOutputDesc(const char_t *, uint32_t) const)
    TensorDesc GetDynamicOutputDesc(const std::string &name, uint32_t index) const {
        return GetDynamicOutputDesc(name.c_str(), index);
    }
    TensorDesc GetDynamicOutputDesc(const char_t *name, uint32_t index) const {
        return GetOutputDescByName((std::string(name != nullptr ? name : "") + std::to_string(index)).c_str());
    }
    ATTRIBUTED_DEPRECATED(graphStatus UpdateDynamicOutputDesc(const char_t *, uint32_t, const TensorDesc &))
    graphStatus UpdateDynamicOutputDesc(const std::string &name, uint32_t index, const TensorDesc &tensor_desc) {
        return UpdateDynamicOutputDesc(name.c_str(), index, tensor_desc);
    }
    graphStatus UpdateDynamicOutputDesc(const char_t *name, uint32_t index, const TensorDesc &tensor_desc) {
        const std::string instance = std::string(name != nullptr ? name : "") + std::to_string(index);
        return UpdateOutputDesc(instance.c_str(), tensor_desc);
    }

    /* Runs an inference function registered for this operator (InferFuncRegister or
     * INFER_FUNC_REG); gecl's built-in operators have none here (gecl infers shapes when the
     * graph is compiled), so for them this fails with a message. */
    graphStatus InferShapeAndType() {
        if (!operator_impl_) return EmptyFail("InferShapeAndType");
        if (operator_impl_->infer_func) return operator_impl_->infer_func(*this);
        const gecl_detail::OpFunc registered =
            gecl_detail::FindOpFunc(gecl_detail::OpFuncKind::kInferShape, operator_impl_->type);
        if (registered) return registered(*this);
        return gecl_detail::Fail(GRAPH_FAILED, "InferShapeAndType: " + operator_impl_->Describe() +
                                                   ": gecl infers shapes when the graph is compiled, not per operator");
    }
    /* Checks that every REQUIRED_ATTR is set (and runs a registered verifier). */
    graphStatus VerifyAllAttr(bool disable_common_verifier = false) {
        if (!operator_impl_) return EmptyFail("VerifyAllAttr");
        for (const std::string &a : operator_impl_->required_attrs) {
            if (operator_impl_->FindAttr(a) == nullptr) {
                return gecl_detail::Fail(GRAPH_FAILED, "VerifyAllAttr: " + operator_impl_->Describe() +
                                                           ": required attribute '" + a + "' is not set");
            }
        }
        if (disable_common_verifier) return GRAPH_SUCCESS;
        gecl_detail::OpFunc verify = operator_impl_->verify_func;
        if (!verify) verify = gecl_detail::FindOpFunc(gecl_detail::OpFuncKind::kVerify, operator_impl_->type);
        return verify ? verify(*this) : GRAPH_SUCCESS;
    }
    size_t GetInputsSize() const { return operator_impl_ ? operator_impl_->InputCount() : 0U; }
    size_t GetOutputsSize() const { return operator_impl_ ? operator_impl_->OutputCount() : 0U; }

    ATTRIBUTED_DEPRECATED(graphStatus GetAllAttrNamesAndTypes(std::map<AscendString, AscendString> &) const)
    const std::map<std::string, std::string> GetAllAttrNamesAndTypes() const {
        std::map<std::string, std::string> out;
        if (operator_impl_) {
            for (const auto &a : operator_impl_->attrs) out[a.first] = gecl_detail::AttrKindName(a.second.kind);
        }
        return out;
    }
    /* Every attribute set on the operator (prototype defaults included) -> "VT_INT", ... */
    graphStatus GetAllAttrNamesAndTypes(std::map<AscendString, AscendString> &attr_name_types) const {
        if (!operator_impl_) return EmptyFail("GetAllAttrNamesAndTypes");
        for (const auto &a : operator_impl_->attrs) {
            attr_name_types[AscendString(a.first.c_str())] = AscendString(gecl_detail::AttrKindName(a.second.kind));
        }
        return GRAPH_SUCCESS;
    }
    /* The prototype's attributes (ATTR and REQUIRED_ATTR) -> "VT_INT", ... */
    graphStatus GetAllIrAttrNamesAndTypes(std::map<AscendString, AscendString> &attr_name_types) const {
        if (!operator_impl_) return EmptyFail("GetAllIrAttrNamesAndTypes");
        for (const auto &a : operator_impl_->ir_attr_types) {
            attr_name_types[AscendString(a.first.c_str())] = AscendString(a.second.c_str());
        }
        return GRAPH_SUCCESS;
    }

    /* ---- attributes (deprecated std::string-named forms first, as in CANN) ---- */

    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, int64_t))
    Operator &SetAttr(const std::string &name, int64_t attr_value) { return SetAttr(name.c_str(), attr_value); }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, int32_t))
    Operator &SetAttr(const std::string &name, int32_t attr_value) { return SetAttr(name.c_str(), attr_value); }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, uint32_t))
    Operator &SetAttr(const std::string &name, uint32_t attr_value) { return SetAttr(name.c_str(), attr_value); }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, int64_t &) const)
    graphStatus GetAttr(const std::string &name, int64_t &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, int32_t &) const)
    graphStatus GetAttr(const std::string &name, int32_t &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, uint32_t &) const)
    graphStatus GetAttr(const std::string &name, uint32_t &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const std::vector<int64_t> &))
    Operator &SetAttr(const std::string &name, const std::vector<int64_t> &attr_value) {
        return SetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const std::vector<int32_t> &))
    Operator &SetAttr(const std::string &name, const std::vector<int32_t> &attr_value) {
        return SetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const std::vector<uint32_t> &))
    Operator &SetAttr(const std::string &name, const std::vector<uint32_t> &attr_value) {
        return SetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, std::initializer_list<int64_t> &&))
    Operator &SetAttr(const std::string &name, std::initializer_list<int64_t> &&attr_value) {
        return SetAttr(name.c_str(), std::vector<int64_t>(attr_value));
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *name, std::vector<int64_t> &) const)
    graphStatus GetAttr(const std::string &name, std::vector<int64_t> &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *name, std::vector<int32_t> &) const)
    graphStatus GetAttr(const std::string &name, std::vector<int32_t> &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const std::string &, std::vector<uint32_t> &) const)
    graphStatus GetAttr(const std::string &name, std::vector<uint32_t> &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, float32_t attr_value))
    Operator &SetAttr(const std::string &name, float32_t attr_value) { return SetAttr(name.c_str(), attr_value); }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, float32_t &) const)
    graphStatus GetAttr(const std::string &name, float32_t &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const std::vector<float32_t> &))
    Operator &SetAttr(const std::string &name, const std::vector<float32_t> &attr_value) {
        return SetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, std::vector<float32_t> &) const)
    graphStatus GetAttr(const std::string &name, std::vector<float32_t> &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    Operator &SetAttr(const std::string &name, const std::string &attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kString;
        a.s = attr_value;
        return Put(name.c_str(), std::move(a));
    }
    graphStatus GetAttr(const std::string &name, std::string &attr_value) const {
        const gecl_detail::AttrData *a = Find(name.c_str(), gecl_detail::AttrKind::kString);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->s;
        return GRAPH_SUCCESS;
    }
    Operator &SetAttr(const std::string &name, const std::vector<std::string> &attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kListString;
        a.strings = attr_value;
        return Put(name.c_str(), std::move(a));
    }
    graphStatus GetAttr(const std::string &name, std::vector<std::string> &attr_value) const {
        const gecl_detail::AttrData *a = Find(name.c_str(), gecl_detail::AttrKind::kListString);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->strings;
        return GRAPH_SUCCESS;
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, bool))
    Operator &SetAttr(const std::string &name, bool attr_value) { return SetAttr(name.c_str(), attr_value); }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, bool &) const)
    graphStatus GetAttr(const std::string &name, bool &attr_value) const { return GetAttr(name.c_str(), attr_value); }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const std::vector<bool> &))
    Operator &SetAttr(const std::string &name, const std::vector<bool> &attr_value) {
        return SetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, std::vector<bool> &) const)
    graphStatus GetAttr(const std::string &name, std::vector<bool> &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const Tensor &))
    Operator &SetAttr(const std::string &name, const Tensor &attr_value) { return SetAttr(name.c_str(), attr_value); }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, Tensor &) const)
    graphStatus GetAttr(const std::string &name, Tensor &attr_value) const { return GetAttr(name.c_str(), attr_value); }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const std::vector<Tensor> &))
    Operator &SetAttr(const std::string &name, const std::vector<Tensor> &attr_value) {
        return SetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, std::vector<Tensor> &) const)
    graphStatus GetAttr(const std::string &name, std::vector<Tensor> &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const OpBytes &))
    Operator &SetAttr(const std::string &name, const OpBytes &attr_value) { return SetAttr(name.c_str(), attr_value); }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, OpBytes &) const)
    graphStatus GetAttr(const std::string &name, OpBytes &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const std::vector<std::vector<int64_t>> &))
    Operator &SetAttr(const std::string &name, const std::vector<std::vector<int64_t>> &attr_value) {
        return SetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, std::vector<std::vector<int64_t>> &) const)
    graphStatus GetAttr(const std::string &name, std::vector<std::vector<int64_t>> &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const std::vector<ge::DataType> &))
    Operator &SetAttr(const std::string &name, const std::vector<ge::DataType> &attr_value) {
        return SetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, std::vector<ge::DataType> &) const)
    graphStatus GetAttr(const std::string &name, std::vector<ge::DataType> &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(Operator &SetAttr(const char_t *, const ge::DataType &))
    Operator &SetAttr(const std::string &name, const ge::DataType &attr_value) {
        return SetAttr(name.c_str(), attr_value);
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAttr(const char_t *, ge::DataType &) const)
    graphStatus GetAttr(const std::string &name, ge::DataType &attr_value) const {
        return GetAttr(name.c_str(), attr_value);
    }

    Operator &SetAttr(const char_t *name, int64_t attr_value) { return PutInt(name, attr_value); }
    Operator &SetAttr(const char_t *name, int32_t attr_value) { return PutInt(name, attr_value); }
    Operator &SetAttr(const char_t *name, uint32_t attr_value) { return PutInt(name, attr_value); }
    graphStatus GetAttr(const char_t *name, int64_t &attr_value) const { return GetInt(name, attr_value); }
    graphStatus GetAttr(const char_t *name, int32_t &attr_value) const { return GetInt(name, attr_value); }
    graphStatus GetAttr(const char_t *name, uint32_t &attr_value) const { return GetInt(name, attr_value); }
    Operator &SetAttr(const char_t *name, const std::vector<int64_t> &attr_value) { return PutInts(name, attr_value); }
    Operator &SetAttr(const char_t *name, const std::vector<int32_t> &attr_value) { return PutInts(name, attr_value); }
    Operator &SetAttr(const char_t *name, const std::vector<uint32_t> &attr_value) { return PutInts(name, attr_value); }
    Operator &SetAttr(const char_t *name, std::initializer_list<int64_t> &&attr_value) {
        return PutInts(name, std::vector<int64_t>(attr_value));
    }
    graphStatus GetAttr(const char_t *name, std::vector<int64_t> &attr_value) const {
        return GetInts(name, attr_value);
    }
    graphStatus GetAttr(const char_t *name, std::vector<int32_t> &attr_value) const {
        return GetInts(name, attr_value);
    }
    graphStatus GetAttr(const char_t *name, std::vector<uint32_t> &attr_value) const {
        return GetInts(name, attr_value);
    }

    Operator &SetAttr(const char_t *name, float32_t attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kFloat;
        a.f = attr_value;
        return Put(name, std::move(a));
    }
    graphStatus GetAttr(const char_t *name, float32_t &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kFloat);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->f;
        return GRAPH_SUCCESS;
    }
    Operator &SetAttr(const char_t *name, const std::vector<float32_t> &attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kListFloat;
        a.floats = attr_value;
        return Put(name, std::move(a));
    }
    graphStatus GetAttr(const char_t *name, std::vector<float32_t> &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kListFloat);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->floats;
        return GRAPH_SUCCESS;
    }

    Operator &SetAttr(const char_t *name, const char_t *attr_value) {
        return SetAttr(std::string(name != nullptr ? name : ""), std::string(attr_value != nullptr ? attr_value : ""));
    }
    Operator &SetAttr(const char_t *name, const AscendString &attr_value) {
        return SetAttr(std::string(name != nullptr ? name : ""),
                       std::string(attr_value.GetString(), attr_value.GetLength()));
    }
    graphStatus GetAttr(const char_t *name, AscendString &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kString);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = AscendString(a->s.c_str(), a->s.size());
        return GRAPH_SUCCESS;
    }
    Operator &SetAttr(const char_t *name, const std::vector<AscendString> &attr_values) {
        std::vector<std::string> strs;
        for (const AscendString &s : attr_values) strs.emplace_back(s.GetString(), s.GetLength());
        return SetAttr(std::string(name != nullptr ? name : ""), strs);
    }
    graphStatus GetAttr(const char_t *name, std::vector<AscendString> &attr_values) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kListString);
        if (a == nullptr) return GRAPH_FAILED;
        attr_values.clear();
        for (const std::string &s : a->strings) attr_values.emplace_back(s.c_str(), s.size());
        return GRAPH_SUCCESS;
    }

    Operator &SetAttr(const char_t *name, bool attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kBool;
        a.b = attr_value;
        return Put(name, std::move(a));
    }
    graphStatus GetAttr(const char_t *name, bool &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kBool);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->b;
        return GRAPH_SUCCESS;
    }
    Operator &SetAttr(const char_t *name, const std::vector<bool> &attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kListBool;
        a.bools = attr_value;
        return Put(name, std::move(a));
    }
    graphStatus GetAttr(const char_t *name, std::vector<bool> &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kListBool);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->bools;
        return GRAPH_SUCCESS;
    }

    /* Keeps a handle to the tensor (as CANN, a shallow copy: later SetData on it shows). */
    Operator &SetAttr(const char_t *name, const Tensor &attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kTensor;
        a.tensors.push_back(attr_value);
        return Put(name, std::move(a));
    }
    graphStatus GetAttr(const char_t *name, Tensor &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kTensor);
        if (a == nullptr || a->tensors.empty()) return GRAPH_FAILED;
        attr_value = a->tensors[0];
        return GRAPH_SUCCESS;
    }
    Operator &SetAttr(const char_t *name, const std::vector<Tensor> &attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kListTensor;
        a.tensors = attr_value;
        return Put(name, std::move(a));
    }
    graphStatus GetAttr(const char_t *name, std::vector<Tensor> &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kListTensor);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->tensors;
        return GRAPH_SUCCESS;
    }
    Operator &SetAttr(const char_t *name, const OpBytes &attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kBytes;
        a.bytes = attr_value;
        return Put(name, std::move(a));
    }
    graphStatus GetAttr(const char_t *name, OpBytes &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kBytes);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->bytes;
        return GRAPH_SUCCESS;
    }
    Operator &SetAttr(const char_t *name, const std::vector<std::vector<int64_t>> &attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kListListInt;
        a.int_lists = attr_value;
        return Put(name, std::move(a));
    }
    graphStatus GetAttr(const char_t *name, std::vector<std::vector<int64_t>> &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kListListInt);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->int_lists;
        return GRAPH_SUCCESS;
    }
    Operator &SetAttr(const char_t *name, const std::vector<ge::DataType> &attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kListDataType;
        a.dtypes = attr_value;
        return Put(name, std::move(a));
    }
    graphStatus GetAttr(const char_t *name, std::vector<ge::DataType> &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kListDataType);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->dtypes;
        return GRAPH_SUCCESS;
    }
    Operator &SetAttr(const char_t *name, const ge::DataType &attr_value) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kDataType;
        a.dt = attr_value;
        return Put(name, std::move(a));
    }
    graphStatus GetAttr(const char_t *name, ge::DataType &attr_value) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kDataType);
        if (a == nullptr) return GRAPH_FAILED;
        attr_value = a->dt;
        return GRAPH_SUCCESS;
    }

    /* Drops this operator's input links (and with them its hold on the producers). */
    void BreakConnect() const {
        if (!operator_impl_) return;
        for (auto &slot : operator_impl_->inputs) {
            for (auto &link : slot.links) link = gecl_detail::Link();
        }
        operator_impl_->control_inputs.clear();
    }

    /* ---- prototype registration (public in CANN, used by REG_OP) ---- */

    void DynamicInputRegister(const char_t *name, const uint32_t num, bool is_push_back = true) {
        (void)is_push_back;  // gecl keeps prototype order: dynamic instances sit where declared
        if (!operator_impl_ || name == nullptr) return;
        for (auto &s : operator_impl_->inputs) {
            if (s.kind == gecl_detail::SlotKind::kDynamic && s.name == name) {
                s.Resize(s.Count() + num);
                return;
            }
        }
        gecl_detail::InputSlot s;
        s.name = name;
        s.kind = gecl_detail::SlotKind::kDynamic;
        s.Resize(num);
        operator_impl_->inputs.push_back(s);
    }
    void DynamicInputRegister(const char_t *name, const uint32_t num, const char_t *datatype_symbol,
                              bool is_push_back = true) {
        (void)datatype_symbol;
        DynamicInputRegister(name, num, is_push_back);
    }
    void DynamicInputRegisterByIndex(const char_t *name, const uint32_t num, size_t index) {
        (void)index;
        DynamicInputRegister(name, num, true);
    }
    void DynamicOutputRegister(const char_t *name, const uint32_t num, bool is_push_back = true) {
        (void)is_push_back;
        if (!operator_impl_ || name == nullptr) return;
        for (auto &s : operator_impl_->outputs) {
            if (s.dynamic && s.name == name) {
                s.Resize(s.Count() + num);
                return;
            }
        }
        gecl_detail::OutputSlot s;
        s.name = name;
        s.dynamic = true;
        s.Resize(num);
        operator_impl_->outputs.push_back(s);
    }
    void DynamicOutputRegister(const char_t *name, const uint32_t num, const char_t *datatype_symbol,
                               bool is_push_back = true) {
        (void)datatype_symbol;
        DynamicOutputRegister(name, num, is_push_back);
    }

 protected:
    /* A prototype attribute with its default value (ATTR in REG_OP). */
    void AttrRegister(const char_t *name, float32_t attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, const std::vector<float32_t> &attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, int64_t attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, const std::vector<int64_t> &attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, const char_t *attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, bool attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, const std::vector<bool> &attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, const Tensor &attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, const std::vector<Tensor> &attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, const OpBytes &attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, const std::vector<std::vector<int64_t>> &attr_value) {
        RegisterAttr(name, attr_value);
    }
    void AttrRegister(const char_t *name, const std::vector<ge::DataType> &attr_value) {
        RegisterAttr(name, attr_value);
    }
    void AttrRegister(const char_t *name, const ge::DataType &attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, const AscendString &attr_value) { RegisterAttr(name, attr_value); }
    void AttrRegister(const char_t *name, const std::vector<AscendString> &attr_value) {
        RegisterAttr(name, attr_value);
    }

    explicit Operator(OperatorImplPtr &&op_impl) : operator_impl_(std::move(op_impl)) {}

    void InputRegister(const char_t *name) { AddInputSlot(name, gecl_detail::SlotKind::kRequired); }
    void InputRegister(const char_t *name, const char_t *datatype_symbol) {
        (void)datatype_symbol;
        AddInputSlot(name, gecl_detail::SlotKind::kRequired);
    }
    void OptionalInputRegister(const char_t *name) { AddInputSlot(name, gecl_detail::SlotKind::kOptional); }
    void OptionalInputRegister(const char_t *name, const char_t *datatype_symbol) {
        (void)datatype_symbol;
        AddInputSlot(name, gecl_detail::SlotKind::kOptional);
    }
    void InferFuncRegister(const std::function<graphStatus(Operator &)> &func) {
        if (operator_impl_) operator_impl_->infer_func = func;
    }
    void VerifierFuncRegister(const std::function<graphStatus(Operator &)> &func) {
        if (operator_impl_) operator_impl_->verify_func = func;
    }
    void InferFormatFuncRegister(const std::function<graphStatus(Operator &)> &func) {
        if (operator_impl_) operator_impl_->infer_format_func = func;
    }
    void OutputRegister(const char_t *name) {
        if (!operator_impl_ || name == nullptr) return;
        gecl_detail::OutputSlot s;
        s.name = name;
        s.Resize(1);
        operator_impl_->outputs.push_back(s);
    }
    void OutputRegister(const char_t *name, const char_t *datatype_symbol) {
        (void)datatype_symbol;
        OutputRegister(name);
    }
    void RequiredAttrRegister(const char_t *name) {
        if (!operator_impl_ || name == nullptr) return;
        operator_impl_->required_attrs.push_back(name);
        operator_impl_->ir_attr_types[name] = "VT_NONE";
    }
    void RequiredAttrWithTypeRegister(const char_t *name, const char_t *type) {
        if (!operator_impl_ || name == nullptr) return;
        operator_impl_->required_attrs.push_back(name);
        operator_impl_->ir_attr_types[name] = gecl_detail::IrTypeName(type != nullptr ? type : "");
    }
    /* Type constraints only matter to CANN's own checks; gecl infers and checks types itself. */
    void DataTypeRegister(const char_t *datatype_symbol, const TensorType &type_range) {
        (void)datatype_symbol;
        (void)type_range;
    }
    void DataTypeRegister(const char_t *datatype_symbol, const ListTensorType &list_type_range) {
        (void)datatype_symbol;
        (void)list_type_range;
    }
    void DataTypeRegister(const char_t *datatype_symbol, const Promote &promote_rule) {
        (void)datatype_symbol;
        (void)promote_rule;
    }
    graphStatus VerifyAll() { return VerifyAllAttr(false); }

 private:
    friend class gecl_detail::OperatorAccess;

    static graphStatus EmptyFail(const char *what) {
        return gecl_detail::Fail(GRAPH_FAILED, std::string(what) + ": the operator is empty (default-constructed)");
    }
    Operator &EmptyOp(const char *what) {
        static_cast<void>(EmptyFail(what));
        return *this;
    }
    /* A build problem: reported now and again by AddGraph. */
    void Problem(const std::string &message) {
        operator_impl_->AddError(message);
        static_cast<void>(gecl_detail::Fail(GRAPH_PARAM_INVALID, message));
    }
    gecl_detail::Link MakeLink(const Operator &src, uint32_t index, const char *name) {
        gecl_detail::Link link;
        link.src = src.operator_impl_;
        link.index = index;
        if (name != nullptr) {
            link.by_name = true;
            link.name = name;
        }
        return link;
    }
    Operator &Connect(size_t slot, uint32_t instance, gecl_detail::Link &&link) {
        if (!link.src) {
            Problem("SetInput: input '" + operator_impl_->inputs[slot].name + "' of " + operator_impl_->Describe() +
                    ": the source operator is empty");
            return *this;
        }
        gecl_detail::InputSlot &s = operator_impl_->inputs[slot];
        if (instance >= s.Count()) s.Resize(instance + 1U);
        s.links[instance] = std::move(link);
        return *this;
    }
    Operator &ConnectNamed(const char_t *dst_name, gecl_detail::Link &&link) {
        if (!operator_impl_) return EmptyOp("SetInput");
        size_t slot = 0;
        uint32_t instance = 0;
        if (dst_name == nullptr || !operator_impl_->FindOrAddInput(dst_name, slot, instance)) {
            Problem("SetInput: " + operator_impl_->Describe() + " has no input named '" +
                    (dst_name ? dst_name : "") + "'");
            return *this;
        }
        return Connect(slot, instance, std::move(link));
    }
    /* Instance dst_index of dynamic input `dst_name` (grown when not yet created). */
    Operator &ConnectDynamic(const char_t *dst_name, uint32_t dst_index, gecl_detail::Link &&link) {
        if (!operator_impl_) return EmptyOp("SetInput");
        const std::string base = dst_name != nullptr ? dst_name : "";
        for (size_t i = 0; i < operator_impl_->inputs.size(); ++i) {
            const gecl_detail::InputSlot &s = operator_impl_->inputs[i];
            if (s.kind == gecl_detail::SlotKind::kDynamic && s.name == base) {
                return Connect(i, dst_index, std::move(link));
            }
        }
        return ConnectNamed((base + std::to_string(dst_index)).c_str(), std::move(link));
    }
    const gecl_detail::Link *FindLink(const char_t *dst_name) const {
        size_t slot = 0;
        uint32_t instance = 0;
        if (!operator_impl_ || dst_name == nullptr || !operator_impl_->FindInput(dst_name, slot, instance) ||
            instance >= operator_impl_->inputs[slot].Count()) {
            return nullptr;
        }
        return &operator_impl_->inputs[slot].links[instance];
    }
    template <typename Slot>
    static void SetDesc(Slot &slot, uint32_t instance, const TensorDesc &desc) {
        if (instance >= slot.Count()) slot.Resize(instance + 1U);
        slot.descs[instance] = desc;
        slot.desc_set[instance] = true;
    }
    void AddInputSlot(const char_t *name, gecl_detail::SlotKind kind) {
        if (!operator_impl_ || name == nullptr) return;
        gecl_detail::InputSlot s;
        s.name = name;
        s.kind = kind;
        s.Resize(1);
        operator_impl_->inputs.push_back(s);
    }

    /* Attributes: one AttrData per name; a Get fails when absent or of another kind. */
    Operator &Put(const char_t *name, gecl_detail::AttrData &&a) {
        if (!operator_impl_) return EmptyOp("SetAttr");
        if (name == nullptr) return *this;
        operator_impl_->attrs[name] = std::move(a);
        return *this;
    }
    const gecl_detail::AttrData *Find(const char_t *name, gecl_detail::AttrKind kind) const {
        if (!operator_impl_ || name == nullptr) return nullptr;
        const gecl_detail::AttrData *a = operator_impl_->FindAttr(name);
        return (a != nullptr && a->kind == kind) ? a : nullptr;
    }
    Operator &PutInt(const char_t *name, int64_t v) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kInt;
        a.i = v;
        return Put(name, std::move(a));
    }
    template <typename T>
    graphStatus GetInt(const char_t *name, T &out) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kInt);
        if (a == nullptr) return GRAPH_FAILED;
        out = static_cast<T>(a->i);
        return GRAPH_SUCCESS;
    }
    template <typename T>
    Operator &PutInts(const char_t *name, const std::vector<T> &v) {
        gecl_detail::AttrData a;
        a.kind = gecl_detail::AttrKind::kListInt;
        a.ints.assign(v.begin(), v.end());
        return Put(name, std::move(a));
    }
    template <typename T>
    graphStatus GetInts(const char_t *name, std::vector<T> &out) const {
        const gecl_detail::AttrData *a = Find(name, gecl_detail::AttrKind::kListInt);
        if (a == nullptr) return GRAPH_FAILED;
        out.clear();
        for (const int64_t v : a->ints) out.push_back(static_cast<T>(v));
        return GRAPH_SUCCESS;
    }
    template <typename T>
    void RegisterAttr(const char_t *name, const T &value) {
        SetAttr(name, value);
        if (operator_impl_ == nullptr || name == nullptr) return;
        const gecl_detail::AttrData *a = operator_impl_->FindAttr(name);
        if (a != nullptr) operator_impl_->ir_attr_types[name] = gecl_detail::AttrKindName(a->kind);
    }

    OperatorImplPtr operator_impl_{nullptr};
};

namespace gecl_detail {
/* The C++ layer's own access to an operator's state (graph conversion, factories). */
class OperatorAccess {
 public:
    static const OperatorImplPtr &Impl(const Operator &op) { return op.operator_impl_; }
    static Operator Wrap(OperatorImplPtr impl) { return Operator(std::move(impl)); }
};
}  // namespace gecl_detail
}  // namespace ge

#endif
