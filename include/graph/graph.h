/*
 * graph.h: ge::Graph, a set of operators named by its outputs. Construction is pull-based, as
 * in CANN: SetInputs/SetOutputs (and AddOp) name operators, and the graph holds every operator
 * reachable from them through input links. Copies are shallow (they share one graph). Nothing
 * is checked here; AddGraph converts the graph to gecl's C graph and validates it there.
 */
#ifndef INC_EXTERNAL_GRAPH_GRAPH_H_
#define INC_EXTERNAL_GRAPH_GRAPH_H_

#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ascend_string.h"
#include "error_codes.h"
#include "gecl_facade_error.h"
#include "operator.h"

namespace ge {
class Graph;
class GraphImpl;
using GraphImplPtr = std::shared_ptr<GraphImpl>;
using GraphPtr = std::shared_ptr<Graph>;
using ConstGraphPtr = std::shared_ptr<const Graph>;

namespace gecl_detail {
class GraphAccess;
}

/* One entry of SetOutputs: all outputs of `op`, the listed positions, or the named output. */
struct GraphOutputSpec {
    Operator op;
    std::vector<size_t> indexes;   /* empty and !by_name: every output of op */
    bool by_name = false;
    std::string name;
};

class GraphImpl {
 public:
    std::string name;
    std::vector<Operator> inputs;
    std::vector<GraphOutputSpec> outputs;
    std::vector<Operator> targets;
    std::vector<Operator> added;
    bool need_iteration = false;
    /* A graph an importer built (aclgrphParseONNX): AddGraph uses a copy of it as it is, and
     * the operator lists above stay empty. */
    std::shared_ptr<::gecl_graph> imported;
};

class GE_FUNC_DEV_VISIBILITY GE_FUNC_HOST_VISIBILITY Graph {
 public:
    ATTRIBUTED_DEPRECATED(Graph(const char_t *))
    explicit Graph(const std::string &name) : Graph(name.c_str()) {}
    explicit Graph(const char_t *name) : impl_(std::make_shared<GraphImpl>()) {
        impl_->name = name != nullptr ? name : "";
    }
    Graph() = default;
    ~Graph() = default;
    /* Shallow: copies name the same graph. */
    Graph(const Graph &) = default;
    Graph &operator=(const Graph &) = default;

    /* The graph's Data operators. Their "index" attributes match run inputs when they are
     * exactly 0..n-1; otherwise, as in CANN, this order numbers them (docs/graph.md). */
    Graph &SetInputs(const std::vector<Operator> &inputs) {
        Impl().inputs = inputs;
        return *this;
    }
    /* Every output of each operator, in order. */
    Graph &SetOutputs(const std::vector<Operator> &outputs) {
        GraphImpl &g = Impl();
        g.outputs.clear();
        for (const Operator &op : outputs) {
            GraphOutputSpec spec;
            spec.op = op;
            g.outputs.push_back(spec);
        }
        return *this;
    }
    /* The listed output positions of each operator (an empty list: all of them). */
    Graph &SetOutputs(const std::vector<std::pair<Operator, std::vector<size_t>>> &output_indexs) {
        GraphImpl &g = Impl();
        g.outputs.clear();
        for (const auto &item : output_indexs) {
            GraphOutputSpec spec;
            spec.op = item.first;
            spec.indexes = item.second;
            g.outputs.push_back(spec);
        }
        return *this;
    }
    ATTRIBUTED_DEPRECATED(Graph &SetOutputs(const std::vector<std::pair<ge::Operator, AscendString>> &))
    Graph &SetOutputs(const std::vector<std::pair<ge::Operator, std::string>> &outputs) {
        std::vector<std::pair<ge::Operator, AscendString>> named;
        for (const auto &item : outputs) named.emplace_back(item.first, AscendString(item.second.c_str()));
        return SetOutputs(named);
    }
    /* The output of each operator with the given name ("y", or "y1" of a dynamic output). */
    Graph &SetOutputs(const std::vector<std::pair<ge::Operator, AscendString>> &outputs) {
        GraphImpl &g = Impl();
        g.outputs.clear();
        for (const auto &item : outputs) {
            GraphOutputSpec spec;
            spec.op = item.first;
            spec.by_name = true;
            spec.name = item.second.GetString();
            g.outputs.push_back(spec);
        }
        return *this;
    }
    /* Operators to keep although nothing reads them (gecl computes only what outputs need). */
    Graph &SetTargets(const std::vector<Operator> &targets) {
        Impl().targets = targets;
        return *this;
    }

    bool IsValid() const { return impl_ != nullptr; }
    graphStatus SetValid() {
        Impl();
        return GRAPH_SUCCESS;
    }
    graphStatus AddOp(const ge::Operator &op) {
        if (op.IsEmpty()) return gecl_detail::Fail(GRAPH_FAILED, "Graph::AddOp: the operator is empty");
        Impl().added.push_back(op);
        return GRAPH_SUCCESS;
    }
    ATTRIBUTED_DEPRECATED(graphStatus FindOpByName(const char_t *, ge::Operator &) const)
    graphStatus FindOpByName(const std::string &name, ge::Operator &op) const {
        return FindOpByName(name.c_str(), op);
    }
    graphStatus FindOpByName(const char_t *name, ge::Operator &op) const {
        const std::string wanted = name != nullptr ? name : "";
        for (const Operator &o : AllOps()) {
            AscendString n;
            if (o.GetName(n) == GRAPH_SUCCESS && wanted == n.GetString()) {
                op = o;
                return GRAPH_SUCCESS;
            }
        }
        return gecl_detail::Fail(GRAPH_FAILED, "Graph::FindOpByName: no operator named '" + wanted + "'");
    }
    ATTRIBUTED_DEPRECATED(graphStatus FindOpByType(const char_t *, std::vector<ge::Operator> &) const)
    graphStatus FindOpByType(const std::string &type, std::vector<ge::Operator> &ops) const {
        return FindOpByType(type.c_str(), ops);
    }
    graphStatus FindOpByType(const char_t *type, std::vector<ge::Operator> &ops) const {
        const std::string wanted = type != nullptr ? type : "";
        for (const Operator &o : AllOps()) {
            AscendString t;
            if (o.GetOpType(t) == GRAPH_SUCCESS && wanted == t.GetString()) ops.push_back(o);
        }
        return GRAPH_SUCCESS;
    }
    ATTRIBUTED_DEPRECATED(graphStatus GetAllOpName(std::vector<AscendString> &) const)
    graphStatus GetAllOpName(std::vector<std::string> &op_name) const {
        for (const Operator &o : AllOps()) {
            AscendString n;
            if (o.GetName(n) == GRAPH_SUCCESS) op_name.push_back(n.GetString());
        }
        return GRAPH_SUCCESS;
    }
    /* Names of every operator in the graph, producers before consumers. */
    graphStatus GetAllOpName(std::vector<AscendString> &names) const {
        for (const Operator &o : AllOps()) {
            AscendString n;
            if (o.GetName(n) == GRAPH_SUCCESS) names.push_back(n);
        }
        return GRAPH_SUCCESS;
    }

    ATTRIBUTED_DEPRECATED(graphStatus GetName(AscendString &) const)
    const std::string &GetName() const {
        static const std::string kEmpty;
        return impl_ ? impl_->name : kEmpty;
    }
    graphStatus GetName(AscendString &name) const {
        name = AscendString(impl_ ? impl_->name.c_str() : "");
        return GRAPH_SUCCESS;
    }
    /* Training loops are not supported by gecl; the flag is kept and ignored. */
    void SetNeedIteration(bool need_iteration) { Impl().need_iteration = need_iteration; }
    /* Makes this graph name the same operators as src_graph (operators are shared handles). */
    graphStatus CopyFrom(const Graph &src_graph) {
        if (!src_graph.impl_) return gecl_detail::Fail(GRAPH_FAILED, "Graph::CopyFrom: the source graph is empty");
        impl_ = std::make_shared<GraphImpl>(*src_graph.impl_);
        return GRAPH_SUCCESS;
    }
    /* A model from GeSession::GetCompiledModel or aclgrphBuildModel (gecl's serialized graph,
     * docs/graph.md "Compiled models"): this graph then holds it as it was built, and AddGraph
     * uses it as it is. A buffer that is not such a model is GRAPH_FAILED with the reason. */
    graphStatus LoadFromMem(const uint8_t *data, const size_t len) {
        return LoadModel(data, len, "Graph::LoadFromMem");
    }
    graphStatus LoadFromSerializedModelArray(const void *serialized_model, size_t size) {
        return LoadModel(serialized_model, size, "Graph::LoadFromSerializedModelArray");
    }
    /* A model file written by aclgrphSaveModel. */
    graphStatus LoadFromFile(const char_t *file_name) {
        std::FILE *f = file_name != nullptr ? std::fopen(file_name, "rb") : nullptr;
        if (f == nullptr) {
            return gecl_detail::Fail(GRAPH_FAILED, std::string("Graph::LoadFromFile: cannot read '") +
                                                       (file_name ? file_name : "(null)") + "'");
        }
        std::string bytes;
        char chunk[65536];
        size_t n = 0;
        while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) bytes.append(chunk, n);
        std::fclose(f);
        return LoadModel(bytes.data(), bytes.size(), "Graph::LoadFromFile");
    }

    /* A readable listing (one line per operator: name, type, inputs, attribute names). */
    graphStatus SaveToFile(const char_t *file_name) const {
        std::FILE *f = file_name != nullptr ? std::fopen(file_name, "w") : nullptr;
        if (f == nullptr) {
            return gecl_detail::Fail(GRAPH_FAILED, std::string("Graph::SaveToFile: cannot write '") +
                                                       (file_name ? file_name : "") + "'");
        }
        std::fprintf(f, "graph \"%s\"\n", impl_ ? impl_->name.c_str() : "");
        for (const Operator &o : AllOps()) {
            const OperatorImpl &op = *gecl_detail::OperatorAccess::Impl(o);
            std::fprintf(f, "  %s = %s(", op.name.c_str(), op.type.c_str());
            const char *sep = "";
            for (const auto &slot : op.inputs) {
                for (const auto &link : slot.links) {
                    std::fprintf(f, "%s%s", sep, link.src ? link.src->name.c_str() : "-");
                    sep = ", ";
                }
            }
            std::fprintf(f, ")");
            for (const auto &a : op.attrs) std::fprintf(f, " %s", a.first.c_str());
            std::fprintf(f, "\n");
        }
        return std::fclose(f) == 0 ? GRAPH_SUCCESS : GRAPH_FAILED;
    }

 private:
    friend class gecl_detail::GraphAccess;
    GraphImpl &Impl() {
        if (!impl_) impl_ = std::make_shared<GraphImpl>();
        return *impl_;
    }
    std::vector<Operator> AllOps() const;
    graphStatus LoadModel(const void *data, size_t len, const char *method) {
        ::gecl_graph *g = nullptr;
        const gecl_status st = gecl_graph_deserialize(data, len, &g);
        if (st != GECL_SUCCESS) {
            return gecl_detail::Fail(GRAPH_FAILED, std::string(method) + ": " + gecl_detail::GeclLastError());
        }
        const char *name = "model";
        if (impl_ && !impl_->name.empty()) name = impl_->name.c_str();
        GraphImplPtr impl = std::make_shared<GraphImpl>();
        impl->name = name;
        impl->imported = std::shared_ptr<::gecl_graph>(g, gecl_graph_destroy);
        impl_ = impl;
        return GRAPH_SUCCESS;
    }

    GraphImplPtr impl_{nullptr};
};

namespace gecl_detail {
/* Every operator of a graph, producers before consumers (depth-first from the outputs, then
 * inputs, targets and added operators). A cycle cannot be ordered: its operators come in visit
 * order and gecl's validation reports the cycle. */
class GraphAccess {
 public:
    static const GraphImplPtr &Impl(const Graph &g) { return g.impl_; }

    static std::vector<OperatorImplPtr> Collect(const Graph &g) {
        std::vector<OperatorImplPtr> order;
        if (!g.impl_) return order;
        std::set<const OperatorImpl *> seen;
        auto visit_op = [&](const Operator &op) { Visit(OperatorAccess::Impl(op), seen, order); };
        for (const auto &spec : g.impl_->outputs) visit_op(spec.op);
        for (const Operator &op : g.impl_->inputs) visit_op(op);
        for (const Operator &op : g.impl_->targets) visit_op(op);
        for (const Operator &op : g.impl_->added) visit_op(op);
        return order;
    }

 private:
    /* Iterative post-order, so deep graphs cannot overflow the stack. */
    static void Visit(const OperatorImplPtr &root, std::set<const OperatorImpl *> &seen,
                      std::vector<OperatorImplPtr> &order) {
        if (!root || seen.count(root.get()) != 0U) return;
        struct Frame {
            OperatorImplPtr op;
            std::vector<OperatorImplPtr> producers;
            size_t next;
        };
        std::vector<Frame> stack;
        auto push = [&](const OperatorImplPtr &op) {
            seen.insert(op.get());
            Frame f{op, {}, 0U};
            for (const auto &slot : op->inputs) {
                for (const auto &link : slot.links) {
                    if (link.src) f.producers.push_back(link.src);
                }
            }
            stack.push_back(std::move(f));
        };
        push(root);
        while (!stack.empty()) {
            Frame &top = stack.back();
            if (top.next < top.producers.size()) {
                const OperatorImplPtr p = top.producers[top.next++];
                if (seen.count(p.get()) == 0U) push(p);
                continue;
            }
            order.push_back(top.op);
            stack.pop_back();
        }
    }
};
}  // namespace gecl_detail

inline std::vector<Operator> Graph::AllOps() const {
    std::vector<Operator> ops;
    for (const OperatorImplPtr &impl : gecl_detail::GraphAccess::Collect(*this)) {
        ops.push_back(gecl_detail::OperatorAccess::Wrap(impl));
    }
    return ops;
}
}  // namespace ge

#endif
