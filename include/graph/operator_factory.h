/*
 * operator_factory.h: create operators by type name from the prototypes REG_OP registered, and
 * the registrars behind OP_END_FACTORY_REG / INFER_FUNC_REG / VERIFY_FUNC_REG.
 */
#ifndef INC_EXTERNAL_GRAPH_OPERATOR_FACTORY_H_
#define INC_EXTERNAL_GRAPH_OPERATOR_FACTORY_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ascend_string.h"
#include "error_codes.h"
#include "gecl_facade_error.h"
#include "gecl_op_registry.h"
#include "operator.h"

namespace ge {
using OpCreator = std::function<Operator(const std::string &)>;
using OpCreatorV2 = std::function<Operator(const AscendString &)>;
using InferShapeFunc = std::function<graphStatus(Operator &)>;
using InferFormatFunc = std::function<graphStatus(Operator &)>;
using VerifyFunc = std::function<graphStatus(Operator &)>;

namespace gecl_detail {
struct CreatorTable {
    std::mutex mutex;
    std::map<std::string, OpCreatorV2> creators;
};
inline CreatorTable &Creators() {
    static CreatorTable table;
    return table;
}
}  // namespace gecl_detail

class GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY OperatorFactory {
 public:
    ATTRIBUTED_DEPRECATED(static Operator CreateOperator(const char_t *, const char_t *))
    static Operator CreateOperator(const std::string &operator_name, const std::string &operator_type) {
        return CreateOperator(operator_name.c_str(), operator_type.c_str());
    }
    /* An operator of a registered type (empty, with a message, for an unknown type). */
    static Operator CreateOperator(const char_t *const operator_name, const char_t *const operator_type) {
        OpCreatorV2 creator;
        {
            gecl_detail::CreatorTable &t = gecl_detail::Creators();
            std::lock_guard<std::mutex> lock(t.mutex);
            const auto it = t.creators.find(operator_type != nullptr ? operator_type : "");
            if (it != t.creators.end()) creator = it->second;
        }
        if (!creator) {
            static_cast<void>(gecl_detail::Fail(GRAPH_FAILED,
                                                std::string("OperatorFactory::CreateOperator: no prototype is "
                                                            "registered for type '") +
                                                    (operator_type ? operator_type : "") + "'"));
            return Operator();
        }
        return creator(AscendString(operator_name != nullptr ? operator_name : ""));
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetOpsTypeList(std::vector<AscendString> &))
    static graphStatus GetOpsTypeList(std::vector<std::string> &all_ops) {
        gecl_detail::CreatorTable &t = gecl_detail::Creators();
        std::lock_guard<std::mutex> lock(t.mutex);
        for (const auto &c : t.creators) all_ops.push_back(c.first);
        return GRAPH_SUCCESS;
    }
    static graphStatus GetOpsTypeList(std::vector<AscendString> &all_ops) {
        gecl_detail::CreatorTable &t = gecl_detail::Creators();
        std::lock_guard<std::mutex> lock(t.mutex);
        for (const auto &c : t.creators) all_ops.emplace_back(c.first.c_str());
        return GRAPH_SUCCESS;
    }
    ATTRIBUTED_DEPRECATED(bool IsExistOp(const char_t *))
    static bool IsExistOp(const std::string &operator_type) { return IsExistOp(operator_type.c_str()); }
    static bool IsExistOp(const char_t *const operator_type) {
        gecl_detail::CreatorTable &t = gecl_detail::Creators();
        std::lock_guard<std::mutex> lock(t.mutex);
        return operator_type != nullptr && t.creators.count(operator_type) != 0U;
    }
};

class GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY OperatorCreatorRegister {
 public:
    ATTRIBUTED_DEPRECATED(OperatorCreatorRegister(const char_t *, OpCreatorV2 const &))
    OperatorCreatorRegister(const std::string &operator_type, OpCreator const &op_creator) {
        const OpCreator creator = op_creator;
        Add(operator_type.c_str(), [creator](const AscendString &name) { return creator(name.GetString()); });
    }
    OperatorCreatorRegister(const char_t *const operator_type, OpCreatorV2 const &op_creator) {
        Add(operator_type, op_creator);
    }
    /* gecl's REG_OP: `gecl_builtin` marks a prototype of gecl's own headers (include/ops), which
     * never replaces a program's own prototype of the same type, whichever registers first. */
    OperatorCreatorRegister(const char_t *const operator_type, OpCreatorV2 const &op_creator, bool gecl_builtin) {
        Add(operator_type, op_creator, gecl_builtin);
    }
    ~OperatorCreatorRegister() = default;

 private:
    static void Add(const char_t *operator_type, const OpCreatorV2 &creator, bool gecl_builtin = false) {
        if (operator_type == nullptr) return;
        gecl_detail::CreatorTable &t = gecl_detail::Creators();
        std::lock_guard<std::mutex> lock(t.mutex);
        if (gecl_builtin) {
            t.creators.emplace(operator_type, creator);
        } else {
            t.creators[operator_type] = creator;
        }
    }
};

class GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY InferShapeFuncRegister {
 public:
    ATTRIBUTED_DEPRECATED(InferShapeFuncRegister(const char_t *, const InferShapeFunc &))
    InferShapeFuncRegister(const std::string &operator_type, const InferShapeFunc &infer_shape_func) {
        gecl_detail::RegisterOpFunc(gecl_detail::OpFuncKind::kInferShape, operator_type.c_str(), infer_shape_func);
    }
    InferShapeFuncRegister(const char_t *const operator_type, const InferShapeFunc &infer_shape_func) {
        gecl_detail::RegisterOpFunc(gecl_detail::OpFuncKind::kInferShape, operator_type, infer_shape_func);
    }
    ~InferShapeFuncRegister() = default;
};

class GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY InferFormatFuncRegister {
 public:
    ATTRIBUTED_DEPRECATED(InferFormatFuncRegister(const char_t *, const InferFormatFunc &))
    InferFormatFuncRegister(const std::string &operator_type, const InferFormatFunc &infer_format_func) {
        gecl_detail::RegisterOpFunc(gecl_detail::OpFuncKind::kInferFormat, operator_type.c_str(), infer_format_func);
    }
    InferFormatFuncRegister(const char_t *const operator_type, const InferFormatFunc &infer_format_func) {
        gecl_detail::RegisterOpFunc(gecl_detail::OpFuncKind::kInferFormat, operator_type, infer_format_func);
    }
    ~InferFormatFuncRegister() = default;
};

class GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY VerifyFuncRegister {
 public:
    ATTRIBUTED_DEPRECATED(VerifyFuncRegister(const char_t *, const VerifyFunc &))
    VerifyFuncRegister(const std::string &operator_type, const VerifyFunc &verify_func) {
        gecl_detail::RegisterOpFunc(gecl_detail::OpFuncKind::kVerify, operator_type.c_str(), verify_func);
    }
    VerifyFuncRegister(const char_t *const operator_type, const VerifyFunc &verify_func) {
        gecl_detail::RegisterOpFunc(gecl_detail::OpFuncKind::kVerify, operator_type, verify_func);
    }
    ~VerifyFuncRegister() = default;
};
}  // namespace ge

#endif
