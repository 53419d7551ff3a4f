/*
 * gecl_op_registry.h (gecl's own, not a CANN header): process-wide tables of what operator
 * prototypes register by type: creators (OperatorFactory) and inference / verification
 * functions (INFER_FUNC_REG, VERIFY_FUNC_REG, ...). Function-local statics, so every
 * translation unit that includes the headers shares one table.
 */
#ifndef GECL_GRAPH_GECL_OP_REGISTRY_H_
#define GECL_GRAPH_GECL_OP_REGISTRY_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "ascend_string.h"
#include "error_codes.h"

namespace ge {
class Operator;

namespace gecl_detail {
using OpFunc = std::function<graphStatus(Operator &)>;

enum class OpFuncKind { kInferShape, kInferFormat, kVerify };

struct OpFuncTable {
    std::mutex mutex;
    std::map<std::string, OpFunc> funcs[3];
};

inline OpFuncTable &OpFuncs() {
    static OpFuncTable table;
    return table;
}

inline void RegisterOpFunc(OpFuncKind kind, const char *op_type, const OpFunc &func) {
    if (op_type == nullptr) return;
    OpFuncTable &t = OpFuncs();
    std::lock_guard<std::mutex> lock(t.mutex);
    t.funcs[static_cast<int>(kind)][op_type] = func;
}

inline OpFunc FindOpFunc(OpFuncKind kind, const std::string &op_type) {
    OpFuncTable &t = OpFuncs();
    std::lock_guard<std::mutex> lock(t.mutex);
    const auto &m = t.funcs[static_cast<int>(kind)];
    const auto it = m.find(op_type);
    return it == m.end() ? OpFunc() : it->second;
}
}  // namespace gecl_detail
}  // namespace ge

#endif
