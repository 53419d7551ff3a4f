/*
 * gecl_op_impl.h (gecl's own, not a CANN header): the state a ge::Operator handle points to.
 *
 * Graphs are built "pull-based", as in CANN: an operator knows its producers (links), and a
 * Graph finds every operator by walking links back from its outputs. Links hold the producer
 * strongly, so an operator built from temporaries stays alive as long as its consumers;
 * Operator::BreakConnect() drops the links of one operator (needed only to free a cycle).
 *
 * Inputs and outputs keep their prototype order. A dynamic input or output is one slot with a
 * count of instances; position i of the slot is "name" + i ("x0", "x1", ...). The positional
 * index gecl sees is the prototype order with dynamic slots expanded in place.
 */
#ifndef GECL_GRAPH_GECL_OP_IMPL_H_
#define GECL_GRAPH_GECL_OP_IMPL_H_

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gecl_op_attr.h"
#include "tensor.h"

namespace ge {
class Operator;
class OperatorImpl;

namespace gecl_detail {
/* Where an input comes from: output `index` of `src`, or its output named `name`. */
struct Link {
    std::shared_ptr<OperatorImpl> src;
    bool by_name = false;
    uint32_t index = 0;
    std::string name;
};

enum class SlotKind { kRequired, kOptional, kDynamic };

struct InputSlot {
    std::string name;
    SlotKind kind = SlotKind::kRequired;
    std::vector<Link> links;          /* one per instance; a non-dynamic slot has exactly one */
    std::vector<TensorDesc> descs;
    std::vector<bool> desc_set;       /* update_input_desc_* was called for the instance */

    size_t Count() const { return links.size(); }
    void Resize(size_t n) {
        links.resize(n);
        descs.resize(n);
        desc_set.resize(n, false);
    }
};

struct OutputSlot {
    std::string name;
    bool dynamic = false;
    std::vector<TensorDesc> descs;
    std::vector<bool> desc_set;

    size_t Count() const { return descs.size(); }
    void Resize(size_t n) {
        descs.resize(n);
        desc_set.resize(n, false);
    }
};

/* "x12" -> ("x", 12) when `name` ends in digits; false otherwise. */
inline bool SplitIndexedName(const std::string &name, std::string &base, uint32_t &index) {
    size_t end = name.size();
    while (end > 0 && name[end - 1] >= '0' && name[end - 1] <= '9') --end;
    if (end == name.size() || end == 0 || name.size() - end > 9) return false;
    base = name.substr(0, end);
    index = static_cast<uint32_t>(std::strtoul(name.c_str() + end, nullptr, 10));
    return true;
}
}  // namespace gecl_detail

class OperatorImpl {
 public:
    std::string name;
    std::string type;
    std::vector<gecl_detail::InputSlot> inputs;
    std::vector<gecl_detail::OutputSlot> outputs;
    std::map<std::string, gecl_detail::AttrData> attrs;
    std::map<std::string, std::string> ir_attr_types;   /* prototype attrs -> "VT_*" */
    std::vector<std::string> required_attrs;
    std::vector<std::weak_ptr<OperatorImpl>> control_inputs;
    std::function<graphStatus(Operator &)> infer_func;
    std::function<graphStatus(Operator &)> verify_func;
    std::function<graphStatus(Operator &)> infer_format_func;
    /* Problems found while the graph was built (bad input names...): AddGraph reports the first,
     * since the builder methods return Operator& and cannot. */
    std::vector<std::string> errors;

    /* An operator without a prototype (constructed from a type name only) grows its inputs and
     * outputs as they are named; one with a prototype rejects unknown names. */
    bool HasPrototype() const { return !inputs.empty() || !outputs.empty(); }

    std::string Describe() const { return "node '" + name + "' (" + type + ")"; }
    void AddError(const std::string &message) { errors.push_back(message); }

    /* Finds input `n` ("x", or "x1" for instance 1 of dynamic input "x"). */
    bool FindInput(const std::string &n, size_t &slot, uint32_t &instance) const {
        for (size_t i = 0; i < inputs.size(); ++i) {
            if (inputs[i].name == n && inputs[i].kind != gecl_detail::SlotKind::kDynamic) {
                slot = i;
                instance = 0;
                return true;
            }
        }
        std::string base;
        uint32_t idx = 0;
        if (!gecl_detail::SplitIndexedName(n, base, idx)) return false;
        for (size_t i = 0; i < inputs.size(); ++i) {
            if (inputs[i].name == base && inputs[i].kind == gecl_detail::SlotKind::kDynamic) {
                slot = i;
                instance = idx;
                return true;
            }
        }
        return false;
    }
    /* Input `n`, created when the operator has no prototype (ungrown dynamic instances too). */
    bool FindOrAddInput(const std::string &n, size_t &slot, uint32_t &instance) {
        if (FindInput(n, slot, instance)) {
            if (instance >= inputs[slot].Count()) inputs[slot].Resize(instance + 1U);
            return true;
        }
        if (HasPrototype()) return false;
        gecl_detail::InputSlot s;
        s.name = n;
        s.Resize(1);
        inputs.push_back(s);
        slot = inputs.size() - 1U;
        instance = 0;
        return true;
    }
    /* Positional (expanded) input index -> slot and instance. */
    bool InputAt(size_t position, size_t &slot, uint32_t &instance) const {
        for (size_t i = 0; i < inputs.size(); ++i) {
            if (position < inputs[i].Count()) {
                slot = i;
                instance = static_cast<uint32_t>(position);
                return true;
            }
            position -= inputs[i].Count();
        }
        return false;
    }
    size_t InputCount() const {
        size_t n = 0;
        for (const auto &s : inputs) n += s.Count();
        return n;
    }

    bool FindOutput(const std::string &n, size_t &slot, uint32_t &instance) const {
        for (size_t i = 0; i < outputs.size(); ++i) {
            if (outputs[i].name == n && !outputs[i].dynamic) {
                slot = i;
                instance = 0;
                return true;
            }
        }
        std::string base;
        uint32_t idx = 0;
        if (!gecl_detail::SplitIndexedName(n, base, idx)) return false;
        for (size_t i = 0; i < outputs.size(); ++i) {
            if (outputs[i].name == base && outputs[i].dynamic && idx < outputs[i].Count()) {
                slot = i;
                instance = idx;
                return true;
            }
        }
        return false;
    }
    bool FindOrAddOutput(const std::string &n, size_t &slot, uint32_t &instance) {
        if (FindOutput(n, slot, instance)) return true;
        if (HasPrototype()) return false;
        gecl_detail::OutputSlot s;
        s.name = n;
        s.Resize(1);
        outputs.push_back(s);
        slot = outputs.size() - 1U;
        instance = 0;
        return true;
    }
    bool OutputAt(size_t position, size_t &slot, uint32_t &instance) const {
        for (size_t i = 0; i < outputs.size(); ++i) {
            if (position < outputs[i].Count()) {
                slot = i;
                instance = static_cast<uint32_t>(position);
                return true;
            }
            position -= outputs[i].Count();
        }
        return false;
    }
    size_t OutputCount() const {
        size_t n = 0;
        for (const auto &s : outputs) n += s.Count();
        return n;
    }
    /* Positional index of output `n`; false when there is none. */
    bool OutputPosition(const std::string &n, uint32_t &position) const {
        size_t slot = 0;
        uint32_t instance = 0;
        if (!FindOutput(n, slot, instance)) return false;
        size_t p = instance;
        for (size_t i = 0; i < slot; ++i) p += outputs[i].Count();
        position = static_cast<uint32_t>(p);
        return true;
    }

    const gecl_detail::AttrData *FindAttr(const std::string &n) const {
        const auto it = attrs.find(n);
        return it == attrs.end() ? nullptr : &it->second;
    }
};
}  // namespace ge

#endif
