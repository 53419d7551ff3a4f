/*
 * gecl_graph_build.h (gecl's own, not a CANN header): a ge::Graph as a gecl_graph.
 *
 * Every operator reachable from the graph's outputs (and inputs, targets, added operators)
 * becomes one gecl node, producers first: Data -> gecl_graph_add_data (its "index" attribute and
 * the description from update_output_desc_y, else update_input_desc_x), Const ->
 * gecl_graph_add_const (its "value" tensor), anything else -> gecl_graph_add_op with its type.
 * Inputs are connected by position (prototype order, dynamic inputs expanded in place) with
 * gecl_graph_set_input, so a cycle built in C++ reaches gecl's validation, which reports it.
 * Formats declared with update_input_desc_* (other than ND) go to gecl_graph_set_input_format;
 * attributes of the kinds gecl stores (ints, floats, bools, strings and their lists) go to
 * gecl_graph_set_attr_*. Problems the C++ layer can see itself (an unconnected required input,
 * an unknown output name, a missing required attribute, two operators with one name) are
 * reported here with the operator's name.
 */
#ifndef GECL_GRAPH_GECL_GRAPH_BUILD_H_
#define GECL_GRAPH_GECL_GRAPH_BUILD_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gecl/gecl.h"
#include "gecl_desc.h"
#include "gecl_facade_error.h"
#include "gecl_op_impl.h"
#include "graph.h"
#include "operator.h"

namespace ge {
namespace gecl_detail {
/* Owns a gecl_graph. */
class GeclGraphHolder {
 public:
    GeclGraphHolder() = default;
    ~GeclGraphHolder() { Reset(); }
    GeclGraphHolder(const GeclGraphHolder &) = delete;
    GeclGraphHolder &operator=(const GeclGraphHolder &) = delete;
    void Reset() {
        if (graph != nullptr) gecl_graph_destroy(graph);
        graph = nullptr;
    }
    gecl_graph *graph = nullptr;
};

struct BuildInfo {
    /* A Data operator had no description and none was supplied: nothing was built. */
    bool missing_data_desc = false;
    /* A Data operator has unknown dims (-1, or {-2} for an unknown rank): gecl compiles the
     * graph per run's input shapes. */
    bool dynamic = false;
    std::string missing_data;
    /* Data index -> the description the graph was built with. */
    std::map<int64_t, gecl_tensor_desc> data_descs;
};

inline bool IsDataOp(const OperatorImpl &op) { return op.type == "Data"; }
inline bool IsConstOp(const OperatorImpl &op) { return op.type == "Const" || op.type == "Constant"; }

/* The "index" attribute as CANN reads it: INT64_MAX when there is none. */
inline int64_t RawDataIndex(const OperatorImpl &op) {
    const AttrData *a = op.FindAttr("index");
    return (a != nullptr && a->kind == AttrKind::kInt) ? a->i : GECL_DATA_INDEX_NONE;
}

/* The run-input position of every Data operator of `ops`, by CANN's rule (GraphManager::
 * ModifyDataIndex at AddGraph): indexes that are exactly 0..n-1, each once, are kept; otherwise
 * the Data operators are numbered 0..n-1 in CANN's node order, which starts with the operators
 * given to Graph::SetInputs, in that order. Data operators not listed there follow in `ops`
 * order (producers before consumers, depth-first from the outputs). */
inline std::map<const OperatorImpl *, int64_t> DataIndexes(const std::vector<OperatorImplPtr> &ops,
                                                           const std::vector<Operator> &listed) {
    std::vector<const OperatorImpl *> order;
    std::set<const OperatorImpl *> in_graph;
    for (const OperatorImplPtr &op : ops) {
        if (IsDataOp(*op)) in_graph.insert(op.get());
    }
    std::set<const OperatorImpl *> placed;
    for (const Operator &op : listed) {
        const OperatorImpl *impl = OperatorAccess::Impl(op).get();
        if (in_graph.count(impl) != 0U && placed.insert(impl).second) order.push_back(impl);
    }
    for (const OperatorImplPtr &op : ops) {
        if (in_graph.count(op.get()) != 0U && placed.insert(op.get()).second) order.push_back(op.get());
    }
    std::set<int64_t> raw;
    for (const OperatorImpl *op : order) raw.insert(RawDataIndex(*op));
    const bool keep = raw.size() == order.size() &&
                      (raw.empty() || (*raw.begin() == 0 && *raw.rbegin() == static_cast<int64_t>(order.size()) - 1));
    std::map<const OperatorImpl *, int64_t> index;
    for (size_t k = 0; k < order.size(); ++k) index[order[k]] = keep ? RawDataIndex(*order[k]) : static_cast<int64_t>(k);
    return index;
}

/* The description a Data operator was given: its output's, else its input's. */
inline bool DataDesc(const OperatorImpl &op, TensorDesc &desc) {
    if (!op.outputs.empty() && op.outputs[0].Count() > 0 && op.outputs[0].desc_set[0]) {
        desc = op.outputs[0].descs[0];
        return true;
    }
    if (!op.inputs.empty() && op.inputs[0].Count() > 0 && op.inputs[0].desc_set[0]) {
        desc = op.inputs[0].descs[0];
        return true;
    }
    return false;
}

/* CANN marks a dimension it does not know with -1 and an unknown rank with the shape {-2}. */
inline bool HasUnknownDims(const TensorDesc &desc) {
    for (int64_t d : desc.GetShape().GetDims())
        if (d < 0) return true;
    return false;
}

/* A Data description with unknown dims (the graph waited for its inputs) against the input that
 * fills it in: same dtype, and unless the rank is unknown, the same rank and known dims. */
inline bool FitsUnknownDims(const TensorDesc &desc, const gecl_tensor_desc &given, std::string &err) {
    gecl_tensor_desc want;
    std::string unused;
    if (ToGeclDtype(desc.GetDataType(), want.dtype, unused) && want.dtype != given.dtype) {
        err = "the input's data type differs from the Data description's";
        return false;
    }
    const std::vector<int64_t> dims = desc.GetShape().GetDims();
    if (dims.size() == 1 && dims[0] == -2) return true;
    bool fits = dims.size() == given.ndim;
    for (size_t i = 0; fits && i < dims.size(); ++i) fits = dims[i] < 0 || dims[i] == given.dims[i];
    if (!fits) {
        std::string text = "shape [";
        for (size_t i = 0; i < dims.size(); ++i) text += (i ? "," : "") + std::to_string(dims[i]);
        text += "] does not admit the input's [";
        for (uint32_t i = 0; i < given.ndim && i < GECL_MAX_DIMS; ++i)
            text += (i ? "," : "") + std::to_string(given.dims[i]);
        err = text + "]";
    }
    return fits;
}

class GraphBuilder {
 public:
    /* `overrides`: Data index -> description to use instead of the operator's own (the inputs of
     * CompileGraph(id, inputs) or of a first run). `what` prefixes messages ("AddGraph"). */
    GraphBuilder(const Graph &graph, const std::map<int64_t, gecl_tensor_desc> &overrides, std::string what)
        : graph_(graph), overrides_(overrides), what_(std::move(what)) {
        const GraphImplPtr &impl = GraphAccess::Impl(graph);
        name_ = impl ? impl->name : std::string();
    }

    /* out.graph is the built graph, or nullptr after a failure or when a Data description is
     * missing (info.missing_data_desc). */
    uint32_t Build(GeclGraphHolder &out, BuildInfo &info) {
        const uint32_t st = BuildInto(out, info);
        if (st != GECL_SUCCESS || info.missing_data_desc) out.Reset();
        return st;
    }

 private:
    uint32_t BuildInto(GeclGraphHolder &out, BuildInfo &info) {
        out.Reset();
        const GraphImplPtr &impl = GraphAccess::Impl(graph_);
        if (impl && impl->imported) return FromGeclStatus(gecl_graph_copy(impl->imported.get(), &out.graph));
        ops_ = GraphAccess::Collect(graph_);
        data_index_ = DataIndexes(ops_, impl ? impl->inputs : std::vector<Operator>());
        uint32_t st = CheckOps();
        if (st != GECL_SUCCESS) return st;
        for (const OperatorImplPtr &op : ops_) {
            TensorDesc desc;
            if (IsDataOp(*op) && overrides_.count(data_index_[op.get()]) == 0U && !DataDesc(*op, desc)) {
                info.missing_data_desc = true;
                info.missing_data = op->name;
                return GECL_SUCCESS;
            }
        }
        if ((st = gecl_graph_create(name_.c_str(), &out.graph)) != GECL_SUCCESS) return FromGecl(st);
        graph_c_ = out.graph;
        for (const OperatorImplPtr &op : ops_) {
            if ((st = AddNode(*op, info)) != GECL_SUCCESS) return st;
        }
        for (const OperatorImplPtr &op : ops_) {
            if (IsDataOp(*op) || IsConstOp(*op)) continue;
            if ((st = ConnectInputs(*op)) != GECL_SUCCESS || (st = SetAttrs(*op)) != GECL_SUCCESS) return st;
        }
        return SetOutputs();
    }

    static uint32_t FromGeclStatus(gecl_status st) { return st == GECL_SUCCESS ? GECL_SUCCESS : FromGecl(st); }

    uint32_t Error(const std::string &message) const {
        return Fail(GECL_PARAM_INVALID, what_ + ": graph '" + name_ + "': " + message);
    }

    /* Problems recorded while the graph was built, and duplicate names. */
    uint32_t CheckOps() const {
        std::map<std::string, const OperatorImpl *> names;
        for (const OperatorImplPtr &op : ops_) {
            if (!op->errors.empty()) return Error(op->errors.front());
            const auto it = names.find(op->name);
            if (it != names.end()) {
                return Error("two operators are named '" + op->name + "' (types " + it->second->type + " and " +
                             op->type + "); operator names must be unique in a graph");
            }
            names[op->name] = op.get();
        }
        return GECL_SUCCESS;
    }

    uint32_t AddNode(const OperatorImpl &op, BuildInfo &info) {
        gecl_status st;
        if (IsDataOp(op)) {
            const int64_t index = data_index_[&op];
            gecl_tensor_desc d = gecl_tensor_desc();
            const auto it = overrides_.find(index);
            TensorDesc own;
            std::string err;
            if (it != overrides_.end()) {
                d = it->second;
                if (DataDesc(op, own) && HasUnknownDims(own) && !FitsUnknownDims(own, d, err))
                    return Error(op.Describe() + ": " + err);
            } else {
                static_cast<void>(DataDesc(op, own));
                if (!ToGeclDesc(own, d, err)) return Error(op.Describe() + ": " + err);
                info.dynamic = info.dynamic || HasUnknownDims(own); /* gecl_graph_add_data takes -1 and {-2} */
            }
            gecl_port port;
            if ((st = gecl_graph_add_data(graph_c_, op.name.c_str(), index, &d, &port)) != GECL_SUCCESS) {
                return FromGecl(st);
            }
            info.data_descs[index] = d;
            node_of_[&op] = port.node;
            return GECL_SUCCESS;
        }
        if (IsConstOp(op)) {
            const AttrData *value = op.FindAttr("value");
            if (value == nullptr || value->kind != AttrKind::kTensor || value->tensors.empty()) {
                return Error(op.Describe() + " has no value (set_attr_value with a ge::Tensor)");
            }
            const Tensor &t = value->tensors[0];
            gecl_tensor_desc d;
            std::string err;
            if (!ToGeclDesc(t.GetTensorDesc(), d, err)) return Error(op.Describe() + ": value: " + err);
            if (t.GetData() == nullptr && gecl_desc_bytes(&d) != 0U) {
                return Error(op.Describe() + " has no value (set_attr_value with a ge::Tensor holding its data)");
            }
            gecl_port port;
            if ((st = gecl_graph_add_const(graph_c_, op.name.c_str(), &d, t.GetData(), t.GetSize(), &port)) !=
                GECL_SUCCESS) {
                return FromGecl(st);
            }
            node_of_[&op] = port.node;
            return GECL_SUCCESS;
        }
        int32_t node = 0;
        if ((st = gecl_graph_add_op(graph_c_, op.name.c_str(), op.type.c_str(), 0, nullptr, &node)) != GECL_SUCCESS) {
            return FromGecl(st);
        }
        /* Several outputs (a dynamic output made with create_dynamic_output_y(n), or several
         * OUTPUTs): the C graph numbers them in the same order. */
        if (op.OutputCount() > 1 &&
            (st = gecl_graph_set_output_count(graph_c_, node, op.OutputCount())) != GECL_SUCCESS) {
            return FromGecl(st);
        }
        node_of_[&op] = node;
        return GECL_SUCCESS;
    }

    static std::string InstanceName(const InputSlot &slot, size_t instance) {
        return slot.kind == SlotKind::kDynamic ? slot.name + std::to_string(instance) : slot.name;
    }

    /* Output position of `link` on its producer; false (and why) when there is none. */
    static bool ResolveOutput(const Link &link, uint32_t &position, std::string &err) {
        const OperatorImpl &src = *link.src;
        if (link.by_name) {
            if (src.OutputPosition(link.name, position)) return true;
            err = src.Describe() + " has no output named '" + link.name + "'";
            return false;
        }
        const size_t count = src.OutputCount();
        if (src.HasPrototype() && link.index >= count) {
            err = src.Describe() + " has " + std::to_string(count) + " output(s); output " +
                  std::to_string(link.index) + " was asked for";
            return false;
        }
        position = link.index;
        return true;
    }

    uint32_t ConnectInputs(const OperatorImpl &op) {
        const int32_t node = node_of_[&op];
        size_t position = 0;
        for (const InputSlot &slot : op.inputs) {
            for (size_t i = 0; i < slot.Count(); ++i, ++position) {
                const Link &link = slot.links[i];
                if (!link.src) {
                    if (slot.kind == SlotKind::kOptional) continue;
                    return Error(op.Describe() + ": input '" + InstanceName(slot, i) + "' is not connected");
                }
                uint32_t out_index = 0;
                std::string err;
                if (!ResolveOutput(link, out_index, err)) {
                    return Error(op.Describe() + ": input '" + InstanceName(slot, i) + "': " + err);
                }
                const gecl_port src = {node_of_[link.src.get()], static_cast<int32_t>(out_index)};
                gecl_status st = gecl_graph_set_input(graph_c_, node, position, src);
                if (st != GECL_SUCCESS) return FromGecl(st);
                if (!slot.desc_set[i]) continue;
                const Format format = slot.descs[i].GetFormat();
                gecl_format gf;
                if (format == FORMAT_ND || format == FORMAT_RESERVED || !ToGeclFormat(format, gf, err)) continue;
                if ((st = gecl_graph_set_input_format(graph_c_, node, position, gf)) != GECL_SUCCESS) {
                    return FromGecl(st);
                }
            }
        }
        return GECL_SUCCESS;
    }

    /* Kinds gecl has no attribute type for (tensors, string lists, ...) are left out: none of
     * the operators gecl runs reads them. */
    uint32_t SetAttrs(const OperatorImpl &op) {
        const int32_t node = node_of_[&op];
        for (const std::string &name : op.required_attrs) {
            if (op.FindAttr(name) == nullptr) {
                return Error(op.Describe() + ": required attribute '" + name + "' is not set");
            }
        }
        for (const auto &kv : op.attrs) {
            const char *name = kv.first.c_str();
            const AttrData &a = kv.second;
            gecl_status st = GECL_SUCCESS;
            std::vector<int64_t> ints;
            switch (a.kind) {
            case AttrKind::kInt: st = gecl_graph_set_attr_int(graph_c_, node, name, a.i); break;
            case AttrKind::kDataType: st = gecl_graph_set_attr_int(graph_c_, node, name, a.dt); break;
            case AttrKind::kFloat: st = gecl_graph_set_attr_float(graph_c_, node, name, a.f); break;
            case AttrKind::kBool: st = gecl_graph_set_attr_bool(graph_c_, node, name, a.b ? 1 : 0); break;
            case AttrKind::kString: st = gecl_graph_set_attr_string(graph_c_, node, name, a.s.c_str()); break;
            case AttrKind::kListInt:
                st = gecl_graph_set_attr_ints(graph_c_, node, name, a.ints.data(), a.ints.size());
                break;
            case AttrKind::kListFloat:
                st = gecl_graph_set_attr_floats(graph_c_, node, name, a.floats.data(), a.floats.size());
                break;
            case AttrKind::kListBool:
                ints.assign(a.bools.begin(), a.bools.end());
                st = gecl_graph_set_attr_ints(graph_c_, node, name, ints.data(), ints.size());
                break;
            case AttrKind::kListDataType:
                ints.assign(a.dtypes.begin(), a.dtypes.end());
                st = gecl_graph_set_attr_ints(graph_c_, node, name, ints.data(), ints.size());
                break;
            default: break;
            }
            if (st != GECL_SUCCESS) return FromGecl(st);
        }
        return GECL_SUCCESS;
    }

    uint32_t SetOutputs() {
        std::vector<gecl_port> ports;
        const GraphImplPtr &impl = GraphAccess::Impl(graph_);
        if (impl) {
            for (const GraphOutputSpec &spec : impl->outputs) {
                const OperatorImplPtr &op = OperatorAccess::Impl(spec.op);
                if (!op) return Error("SetOutputs: an output operator is empty (default-constructed)");
                const int32_t node = node_of_[op.get()];
                const size_t count = op->OutputCount() > 0 ? op->OutputCount() : 1U;
                if (spec.by_name) {
                    uint32_t position = 0;
                    if (!op->OutputPosition(spec.name, position)) {
                        return Error("SetOutputs: " + op->Describe() + " has no output named '" + spec.name + "'");
                    }
                    ports.push_back(gecl_port{node, static_cast<int32_t>(position)});
                } else if (spec.indexes.empty()) {
                    for (size_t i = 0; i < count; ++i) ports.push_back(gecl_port{node, static_cast<int32_t>(i)});
                } else {
                    for (const size_t i : spec.indexes) {
                        if (op->HasPrototype() && i >= count) {
                            return Error("SetOutputs: " + op->Describe() + " has " + std::to_string(count) +
                                         " output(s); output " + std::to_string(i) + " was asked for");
                        }
                        ports.push_back(gecl_port{node, static_cast<int32_t>(i)});
                    }
                }
            }
        }
        const gecl_status st = gecl_graph_set_outputs(graph_c_, ports.size(), ports.empty() ? nullptr : ports.data());
        return st == GECL_SUCCESS ? static_cast<uint32_t>(GECL_SUCCESS) : FromGecl(st);
    }

    const Graph &graph_;
    const std::map<int64_t, gecl_tensor_desc> &overrides_;
    std::string what_;
    std::string name_;
    std::vector<OperatorImplPtr> ops_;
    gecl_graph *graph_c_ = nullptr;
    std::map<const OperatorImpl *, int32_t> node_of_;
    std::map<const OperatorImpl *, int64_t> data_index_; /* run-input position of each Data */
};
}  // namespace gecl_detail
}  // namespace ge

#endif
