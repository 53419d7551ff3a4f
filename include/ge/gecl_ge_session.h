/*
 * gecl_ge_session.h (gecl's own, not a CANN header): the inline definitions behind
 * ge_api_v2.h. Include ge_api_v2.h, which includes this.
 *
 * A GeSession keeps each added ge::Graph next to its gecl graph id. A graph whose Data
 * operators all have descriptions is converted and handed to gecl at AddGraph. Descriptions
 * with unknown dims (-1, or {-2} for an unknown rank: CANN's dynamic shapes) go to gecl as
 * they are: each run's input shapes (or CompileGraph(id, inputs)) compile a variant of the graph,
 * cached per graph. A Data without any description waits for CompileGraph(id, inputs) or the
 * first run, whose inputs supply it; CompileGraph(id, inputs) with other descriptions re-adds
 * such a graph for them.
 */
#ifndef GECL_GE_GECL_GE_SESSION_H_
#define GECL_GE_GECL_GE_SESSION_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "ge/ge_api_v2.h"
#include "ge/gecl_acl_allocator.h"
#include "ge/gecl_run_tensor.h"
#include "gecl/gecl.h"
#include "graph/gecl_facade_error.h"
#include "graph/gecl_graph_build.h"
#include "graph/operator_factory.h"

namespace ge {
namespace gecl_detail {
/* An option map as the parallel key/value arrays gecl's C API takes. */
class OptionArrays {
 public:
    OptionArrays() = default;
    explicit OptionArrays(const std::map<AscendString, AscendString> &options) {
        for (const auto &kv : options) {
            keys_.emplace_back(kv.first.GetString());
            values_.emplace_back(kv.second.GetString());
        }
    }
    size_t Size() const { return keys_.size(); }
    /* Pointers into this object; valid while it is neither changed nor destroyed. */
    void Pointers(std::vector<const char *> &keys, std::vector<const char *> &values) const {
        keys.clear();
        values.clear();
        for (size_t i = 0; i < keys_.size(); ++i) {
            keys.push_back(keys_[i].c_str());
            values.push_back(values_[i].c_str());
        }
    }

 private:
    std::vector<std::string> keys_;
    std::vector<std::string> values_;
};

/* Calls fn(n, keys, values) with `options` as C arrays. */
template <typename Fn>
inline gecl_status WithOptions(const OptionArrays &options, Fn fn) {
    std::vector<const char *> keys;
    std::vector<const char *> values;
    options.Pointers(keys, values);
    return fn(options.Size(), keys.empty() ? nullptr : keys.data(), values.empty() ? nullptr : values.data());
}

/* RunGraphAsync's callback travels through gecl's `void *user`. */
struct AsyncCall {
    RunAsyncCallbackV2 callback;
};

inline void AsyncDone(gecl_status status, size_t n_outputs, gecl_tensor *outputs, void *user) {
    std::unique_ptr<AsyncCall> call(static_cast<AsyncCall *>(user));
    std::vector<gert::Tensor> tensors(n_outputs);
    for (size_t i = 0; i < n_outputs; ++i) AdoptOutput(outputs[i], gert::kOnHost, tensors[i]);
    if (!call || !call->callback) return;
    try {
        call->callback(status, tensors);
    } catch (...) {
        /* An exception must not unwind into gecl's C worker thread. */
    }
}

/* An output placed in memory from a registered external allocator (RegisterExternalAllocator):
 * the tensor gives the block back to its allocator when its last reference goes. */
struct AllocatorOutputHandle {
    MemBlock *block;
    AllocatorPtr allocator; /* kept alive while the block is out */
    std::atomic<int> refs;
};

inline graphStatus AllocatorOutputManager(gert::TensorAddress addr, gert::TensorOperateType operate_type,
                                          void **out) {
    AllocatorOutputHandle *h = static_cast<AllocatorOutputHandle *>(addr);
    if (h == nullptr) return GRAPH_FAILED;
    switch (operate_type) {
    case gert::kGetTensorAddress:
        if (out == nullptr) return GRAPH_FAILED;
        *out = h->block->GetAddr();
        return GRAPH_SUCCESS;
    case gert::kFreeTensor:
        if (h->refs.fetch_sub(1) == 1) {
            h->block->Free();
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
}  // namespace gecl_detail

class GeSession::Impl {
 public:
    struct GraphEntry {
        Graph graph;
        gecl_detail::OptionArrays options;
        bool added = false;     /* handed to gecl */
        bool compiled = false;
        std::map<int64_t, gecl_tensor_desc> data_descs;
        bool dynamic = false;           /* Data dims unknown until a run: gecl keeps a variant per shape */
        /* Memory bases (docs/graph.md, "GeSession calls"): which feature call the graph uses (CANN
         * lets a graph use one of UpdateGraphFeatureMemoryBase / ...Refreshable...), the fixed
         * feature memory set (gecl has none: validated and recorded), and a feature block taken
         * from a registered external allocator (given back when the graph goes). */
        enum class FeatureCall { kNone, kWhole, kRefreshable } feature_call = FeatureCall::kNone;
        bool fixed_set[2] = {false, false}; /* SetGraphFixedFeatureMemoryBaseWithType, per MemoryType */
        bool feature_from_user = false;
        bool loaded = false;            /* LoadGraph or a run happened: fixed memory can no longer be set */
        MemBlock *feature_block = nullptr;
        AllocatorPtr feature_allocator;
    };

    explicit Impl(const std::map<AscendString, AscendString> &options) {
        const gecl_status st = gecl_detail::WithOptions(
            gecl_detail::OptionArrays(options), [this](size_t n, const char *const *k, const char *const *v) {
                return gecl_session_create(n, k, v, &session_);
            });
        if (st != GECL_SUCCESS) {
            init_status_ = st;
            init_message_ = gecl_detail::GeclLastError();
            session_ = nullptr;
        }
    }
    ~Impl() {
        if (session_ != nullptr) static_cast<void>(gecl_session_destroy(session_));
        for (auto &kv : graphs_) ReleaseFeatureBlock(kv.second); /* after gecl let go of the graphs */
    }

    static void ReleaseFeatureBlock(GraphEntry &e) {
        if (e.feature_block != nullptr) e.feature_block->Free();
        e.feature_block = nullptr;
        e.feature_allocator.reset();
    }

    /* Whether graph_id was added (messages for unknown ids come from the call that needs it). */
    bool Known(uint32_t graph_id) {
        std::lock_guard<std::mutex> lock(mutex_);
        return graphs_.count(graph_id) != 0U;
    }

    /* The allocator registered for `stream` with RegisterExternalAllocator, else the one
     * aclrtAllocatorRegister gave it, or none. */
    AllocatorPtr AllocatorFor(const void *stream) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            const auto it = allocators_.find(stream);
            if (it != allocators_.end()) return it->second;
        }
        return gecl_detail::AclAllocatorFor(stream);
    }

    /* With an allocator registered for the stream, a static graph whose feature memory the
     * program has not placed itself takes it from the allocator (as CANN's GE does). */
    Status FeatureFromAllocator(uint32_t graph_id, const void *stream, const char *method) {
        AllocatorPtr allocator = AllocatorFor(stream);
        if (!allocator) return SUCCESS;
        std::lock_guard<std::mutex> lock(mutex_);
        GraphEntry *e = Find(graph_id, method);
        if (e == nullptr) return PARAM_INVALID;
        if (!e->added || e->dynamic || e->feature_from_user || e->feature_block != nullptr) return SUCCESS;
        gecl_graph_summary sum;
        gecl_status st = gecl_session_compile_graph(session_, graph_id);
        if (st == GECL_SUCCESS) st = gecl_session_graph_summary(session_, graph_id, &sum);
        if (st != GECL_SUCCESS) return gecl_detail::FromGecl(st);
        if (sum.feature_memory_size == 0U) return SUCCESS;
        MemBlock *block = allocator->Malloc(sum.feature_memory_size);
        if (block == nullptr || block->GetAddr() == nullptr || block->GetSize() < sum.feature_memory_size) {
            if (block != nullptr) block->Free();
            return gecl_detail::Fail(FAILED, std::string("GeSession::") + method + ": graph " +
                                                 std::to_string(graph_id) + ": the external allocator gave no " +
                                                 std::to_string(sum.feature_memory_size) + "-byte feature memory");
        }
        st = gecl_session_set_graph_memory(session_, graph_id, GECL_GRAPH_MEMORY_FEATURE, block->GetAddr(),
                                           block->GetSize());
        if (st != GECL_SUCCESS) {
            block->Free();
            return gecl_detail::FromGecl(st);
        }
        e->feature_block = block;
        e->feature_allocator = allocator;
        return SUCCESS;
    }

    /* UpdateGraph(Refreshable)FeatureMemoryBase: the graph's arena moves to `memory`; a block an
     * external allocator gave it before is no longer used and goes back. */
    Status UpdateFeature(uint32_t graph_id, const void *memory, size_t size, GraphEntry::FeatureCall call,
                         const char *method) {
        Status st = Usable(method);
        if (st == SUCCESS) st = Ensure(graph_id, std::vector<gecl_tensor>(), method);
        if (st != SUCCESS) return st;
        std::lock_guard<std::mutex> lock(mutex_);
        GraphEntry *e = Find(graph_id, method);
        if (e == nullptr) return PARAM_INVALID;
        if (e->feature_call != GraphEntry::FeatureCall::kNone && e->feature_call != call) {
            const char *other = e->feature_call == GraphEntry::FeatureCall::kWhole
                                    ? "UpdateGraphFeatureMemoryBase"
                                    : "UpdateGraphRefreshableFeatureMemoryBase";
            return gecl_detail::Fail(FAILED, std::string("GeSession::") + method + ": graph " +
                                                 std::to_string(graph_id) + " has its feature memory from " + other +
                                                 "; a graph uses one of the two");
        }
        const gecl_status gst = gecl_session_set_graph_memory(session_, graph_id, GECL_GRAPH_MEMORY_FEATURE, memory, size);
        if (gst != GECL_SUCCESS) return gecl_detail::FromGecl(gst);
        e->feature_call = call;
        e->feature_from_user = true;
        ReleaseFeatureBlock(*e);
        return SUCCESS;
    }

    Impl(const Impl &) = delete;
    Impl &operator=(const Impl &) = delete;

    Status Usable(const char *method) const {
        if (init_status_ == SUCCESS) return SUCCESS;
        return gecl_detail::Fail(init_status_, std::string("GeSession::") + method +
                                                   ": the session could not be created: " + init_message_);
    }

    /* The entry of graph_id (nullptr and a message when it was never added). Lock held. */
    GraphEntry *Find(uint32_t graph_id, const char *method) {
        const auto it = graphs_.find(graph_id);
        if (it != graphs_.end()) return &it->second;
        static_cast<void>(gecl_detail::Fail(PARAM_INVALID, std::string("GeSession::") + method + ": graph " +
                                                               std::to_string(graph_id) +
                                                               " was not added to this session"));
        return nullptr;
    }

    /* Converts the graph and hands it to gecl. Without Data descriptions: nothing happens when
     * `may_wait`, else an error. Lock held. */
    Status Add(uint32_t graph_id, GraphEntry &e, const std::map<int64_t, gecl_tensor_desc> &overrides,
               const char *method, bool may_wait) {
        gecl_detail::GeclGraphHolder holder;
        gecl_detail::BuildInfo info;
        Status st = gecl_detail::GraphBuilder(e.graph, overrides, std::string("GeSession::") + method)
                        .Build(holder, info);
        if (st != SUCCESS) return st;
        if (info.missing_data_desc) {
            if (may_wait) return SUCCESS;
            return gecl_detail::Fail(PARAM_INVALID, std::string("GeSession::") + method + ": graph " +
                                                        std::to_string(graph_id) + ": Data '" + info.missing_data +
                                                        "' has no tensor description, or one with unknown dims "
                                                        "(-1); give it a static one with update_output_desc_y, "
                                                        "or pass inputs to CompileGraph(graph_id, inputs)");
        }
        st = gecl_detail::WithOptions(e.options, [&](size_t n, const char *const *k, const char *const *v) {
            return gecl_session_add_graph(session_, graph_id, holder.graph, n, k, v);
        });
        if (st != SUCCESS) return gecl_detail::FromGecl(st);
        e.added = true;
        e.compiled = false;
        e.data_descs = info.data_descs;
        e.dynamic = info.dynamic;
        return SUCCESS;
    }

    /* Re-adds the graph with new Data descriptions. Lock held. */
    Status Readd(uint32_t graph_id, GraphEntry &e, const std::map<int64_t, gecl_tensor_desc> &overrides,
                 const char *method) {
        if (e.added) {
            const gecl_status st = gecl_session_remove_graph(session_, graph_id);
            if (st != GECL_SUCCESS) return gecl_detail::FromGecl(st);
            e.added = false;
        }
        return Add(graph_id, e, overrides, method, false);
    }

    /* Makes sure graph_id is in gecl; a waiting graph takes its Data descriptions from `inputs`. */
    Status Ensure(uint32_t graph_id, const std::vector<gecl_tensor> &inputs, const char *method) {
        std::lock_guard<std::mutex> lock(mutex_);
        GraphEntry *e = Find(graph_id, method);
        if (e == nullptr) return PARAM_INVALID;
        if (e->added) return SUCCESS;
        std::map<int64_t, gecl_tensor_desc> overrides;
        for (size_t i = 0; i < inputs.size(); ++i) overrides[static_cast<int64_t>(i)] = inputs[i].desc;
        return Add(graph_id, *e, overrides, method, false);
    }

    void MarkCompiled(uint32_t graph_id, bool loaded = false) {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = graphs_.find(graph_id);
        if (it == graphs_.end()) return;
        it->second.compiled = true;
        it->second.loaded = it->second.loaded || loaded;
    }

    /* Runtime tensors as gecl tensors (`unset`: placement of tensors that name none). */
    static Status ConvertInputs(const std::vector<gert::Tensor> &inputs, gecl_placement unset,
                                std::vector<gecl_tensor> &out, const char *method) {
        out.resize(inputs.size());
        for (size_t i = 0; i < inputs.size(); ++i) {
            std::string err;
            if (!gecl_detail::ToGeclTensor(inputs[i], unset, out[i], err)) {
                return gecl_detail::Fail(PARAM_INVALID, std::string("GeSession::") + method + ": input " +
                                                            std::to_string(i) + ": " + err);
            }
        }
        return SUCCESS;
    }

    /* One run (RunGraph or RunGraphWithStreamAsync): gecl allocates the outputs the caller left
     * without memory, and they are handed to the caller's tensors. */
    template <typename RunFn>
    Status Run(uint32_t graph_id, const std::vector<gert::Tensor> &inputs, std::vector<gert::Tensor> &outputs,
               gecl_placement unset, gert::TensorPlacement allocated_placement, const char *method, RunFn run,
               const AllocatorPtr &allocator = AllocatorPtr()) {
        Status st = Usable(method);
        std::vector<gecl_tensor> in;
        if (st == SUCCESS) st = ConvertInputs(inputs, unset, in, method);
        if (st == SUCCESS) st = Ensure(graph_id, in, method);
        size_t n_out = outputs.size();
        if (st == SUCCESS && outputs.empty()) {
            st = gecl_session_output_count(session_, graph_id, &n_out);
            if (st != SUCCESS) return gecl_detail::FromGecl(st);
        }
        if (st != SUCCESS) return st;
        std::vector<gecl_tensor> out(n_out, gecl_tensor());
        std::vector<bool> caller_memory(n_out, false);
        for (size_t i = 0; i < outputs.size(); ++i) {
            std::string err;
            const gert::Tensor &t = outputs[i];
            caller_memory[i] = t.GetAddr() != nullptr;
            if (!caller_memory[i]) {
                out[i].placement = unset;
                continue;
            }
            /* A tensor with a description is checked by gecl; one without (memory only, as the
             * CANN migration guide builds them) takes the graph's for this run's shapes. */
            if (t.GetDataType() == DT_UNDEFINED) {
                out[i].desc.dtype = GECL_DT_UNDEFINED;
                out[i].data = const_cast<void *>(t.GetAddr());
                out[i].bytes = t.GetSize();
                out[i].placement = gecl_detail::ToGeclPlacement(t.GetPlacement(), unset);
            } else if (!gecl_detail::ToGeclTensor(t, unset, out[i], err)) {
                return gecl_detail::Fail(PARAM_INVALID, std::string("GeSession::") + method + ": output " +
                                                            std::to_string(i) + ": " + err);
            }
        }
        /* Outputs the caller left without memory come from its external allocator, where one is
         * registered for the stream and the graph's output descriptions are known (static). */
        std::vector<MemBlock *> blocks(n_out, nullptr);
        auto give_back = [&blocks]() {
            for (MemBlock *&b : blocks) {
                if (b != nullptr) b->Free();
                b = nullptr;
            }
        };
        for (size_t i = 0; allocator && i < n_out; ++i) {
            gecl_tensor_desc d;
            if (caller_memory[i] || gecl_session_output_desc(session_, graph_id, i, &d) != GECL_SUCCESS) continue;
            const size_t bytes = gecl_desc_bytes(&d);
            MemBlock *b = allocator->Malloc(bytes != 0U ? bytes : 1U);
            if (b == nullptr || b->GetAddr() == nullptr || b->GetSize() < bytes) {
                if (b != nullptr) b->Free();
                give_back();
                return gecl_detail::Fail(FAILED, std::string("GeSession::") + method + ": output " +
                                                     std::to_string(i) + ": the external allocator gave no " +
                                                     std::to_string(bytes) + "-byte block");
            }
            blocks[i] = b;
            out[i].desc = d;
            out[i].data = b->GetAddr();
            out[i].bytes = b->GetSize();
            out[i].placement = GECL_ON_DEVICE;
        }
        st = run(in, out);
        if (st != SUCCESS) {
            for (size_t i = 0; i < n_out; ++i) {
                if (blocks[i] != nullptr) out[i].data = nullptr; /* not gecl's to free */
            }
            gecl_detail::FreeAllocated(out, caller_memory);
            give_back();
            return gecl_detail::FromGecl(st);
        }
        if (outputs.empty()) outputs.resize(n_out);
        for (size_t i = 0; i < n_out; ++i) {
            if (blocks[i] != nullptr) {
                gecl_detail::SetTensorDesc(out[i].desc, outputs[i]);
                auto *h = new gecl_detail::AllocatorOutputHandle{blocks[i], allocator, {1}};
                outputs[i].SetData(gert::TensorData(h, &gecl_detail::AllocatorOutputManager, out[i].bytes,
                                                    allocated_placement));
                blocks[i] = nullptr;
            } else if (caller_memory[i]) {
                gecl_detail::SetTensorDesc(out[i].desc, outputs[i]);
            } else {
                gecl_detail::AdoptOutput(out[i], allocated_placement, outputs[i]);
            }
        }
        MarkCompiled(graph_id, true);
        return SUCCESS;
    }

    gecl_session session_ = nullptr;
    Status init_status_ = SUCCESS;
    std::string init_message_;
    std::mutex mutex_;
    std::map<uint32_t, GraphEntry> graphs_;
    std::map<std::string, RunCallback> callbacks_;       /* RegisterCallBackFunc, by key */
    std::map<const void *, AllocatorPtr> allocators_;    /* RegisterExternalAllocator, by stream */
};

/* ---- GE instance ---- */

inline Status GEInitializeV2(const std::map<AscendString, AscendString> &options) {
    const gecl_status st = gecl_detail::WithOptions(
        gecl_detail::OptionArrays(options),
        [](size_t n, const char *const *k, const char *const *v) { return gecl_initialize(n, k, v); });
    return st == GECL_SUCCESS ? SUCCESS : gecl_detail::FromGecl(st);
}

inline Status GEFinalizeV2() {
    const gecl_status st = gecl_finalize();
    return st == GECL_SUCCESS ? SUCCESS : gecl_detail::FromGecl(st);
}

inline ge::AscendString GEGetErrorMsgV3() { return AscendString(gecl_detail::LastError().c_str()); }

inline ge::AscendString GEGetWarningMsgV3() {
    const char *w = gecl_last_warning();
    return AscendString(w != nullptr ? w : "");
}

/* ---- GeSession ---- */

inline GeSession::GeSession(const std::map<AscendString, AscendString> &options)
    : impl_(std::make_shared<Impl>(options)) {}

inline GeSession::~GeSession() = default;

inline Status GeSession::AddGraph(uint32_t graph_id, const Graph &graph) {
    return AddGraph(graph_id, graph, std::map<AscendString, AscendString>());
}

inline Status GeSession::AddGraph(uint32_t graph_id, const Graph &graph,
                                  const std::map<AscendString, AscendString> &options) {
    Status st = impl_->Usable("AddGraph");
    if (st != SUCCESS) return st;
    std::lock_guard<std::mutex> lock(impl_->mutex_);
    if (impl_->graphs_.count(graph_id) != 0U) {
        return gecl_detail::Fail(PARAM_INVALID, "GeSession::AddGraph: graph id " + std::to_string(graph_id) +
                                                    " is already in use in this session (RemoveGraph it first)");
    }
    Impl::GraphEntry e;
    e.graph = graph;
    e.options = gecl_detail::OptionArrays(options);
    st = impl_->Add(graph_id, e, std::map<int64_t, gecl_tensor_desc>(), "AddGraph", true);
    if (st == SUCCESS) impl_->graphs_.emplace(graph_id, std::move(e));
    return st;
}

/* The graph is converted when it is added, so later changes to `graph` do not reach the session
 * (except for a graph that waits for its Data descriptions). */
inline Status GeSession::AddGraphClone(uint32_t graph_id, const Graph &graph) {
    return AddGraph(graph_id, graph);
}

inline Status GeSession::AddGraphClone(uint32_t graph_id, const Graph &graph,
                                       const std::map<AscendString, AscendString> &options) {
    return AddGraph(graph_id, graph, options);
}

inline Status GeSession::RemoveGraph(uint32_t graph_id) {
    Status st = impl_->Usable("RemoveGraph");
    if (st != SUCCESS) return st;
    bool added = false;
    {
        std::lock_guard<std::mutex> lock(impl_->mutex_);
        Impl::GraphEntry *e = impl_->Find(graph_id, "RemoveGraph");
        if (e == nullptr) return PARAM_INVALID;
        added = e->added;
    }
    /* Not under mutex_: this waits for the graph's queued RunGraphAsync runs, and their callbacks
     * may call this session (RemoveGraph of their own graph included). */
    if (added) {
        st = gecl_session_remove_graph(impl_->session_, graph_id);
        if (st != SUCCESS) return gecl_detail::FromGecl(st);
    }
    std::lock_guard<std::mutex> lock(impl_->mutex_);
    const auto it = impl_->graphs_.find(graph_id);
    if (it != impl_->graphs_.end()) { /* a concurrent RemoveGraph of the same id may have been first */
        Impl::ReleaseFeatureBlock(it->second); /* gecl no longer uses it */
        impl_->graphs_.erase(it);
    }
    return SUCCESS;
}

inline bool GeSession::IsGraphNeedRebuild(uint32_t graph_id) {
    std::lock_guard<std::mutex> lock(impl_->mutex_);
    const auto it = impl_->graphs_.find(graph_id);
    return it == impl_->graphs_.end() || !it->second.compiled;
}

inline uint64_t GeSession::GetSessionId() const {
    uint64_t id = 0;
    if (impl_->session_ == nullptr || gecl_session_id(impl_->session_, &id) != GECL_SUCCESS) return 0;
    return id;
}

inline Status GeSession::CompileGraph(uint32_t graph_id) {
    Status st = impl_->Usable("CompileGraph");
    if (st == SUCCESS) st = impl_->Ensure(graph_id, std::vector<gecl_tensor>(), "CompileGraph");
    if (st != SUCCESS) return st;
    st = gecl_session_compile_graph(impl_->session_, graph_id);
    if (st != SUCCESS) return gecl_detail::FromGecl(st);
    impl_->MarkCompiled(graph_id);
    return SUCCESS;
}

inline Status GeSession::CompileGraph(uint32_t graph_id, const std::vector<ge::Tensor> &inputs) {
    if (inputs.empty()) return CompileGraph(graph_id);
    Status st = impl_->Usable("CompileGraph");
    if (st != SUCCESS) return st;
    std::map<int64_t, gecl_tensor_desc> overrides;
    for (size_t i = 0; i < inputs.size(); ++i) {
        std::string err;
        gecl_tensor_desc d;
        if (!gecl_detail::ToGeclDesc(inputs[i].GetTensorDesc(), d, err)) {
            return gecl_detail::Fail(PARAM_INVALID, "GeSession::CompileGraph: input " + std::to_string(i) + ": " + err);
        }
        overrides[static_cast<int64_t>(i)] = d;
    }
    {
        std::lock_guard<std::mutex> lock(impl_->mutex_);
        Impl::GraphEntry *e = impl_->Find(graph_id, "CompileGraph");
        if (e == nullptr) return PARAM_INVALID;
        if (e->added && e->dynamic) { /* a variant for these shapes; the graph stays as added */
            std::vector<gecl_tensor_desc> descs;
            for (const auto &kv : overrides) descs.push_back(kv.second);
            st = gecl_session_compile_graph_for(impl_->session_, graph_id, descs.size(), descs.data());
            if (st != SUCCESS) return gecl_detail::FromGecl(st);
            e->compiled = true;
            return SUCCESS;
        }
        bool same = e->added;
        for (const auto &kv : overrides) {
            const auto it = e->data_descs.find(kv.first);
            same = same && it != e->data_descs.end() && gecl_detail::SameDesc(it->second, kv.second);
        }
        if (!same && (st = impl_->Readd(graph_id, *e, overrides, "CompileGraph")) != SUCCESS) return st;
        if (e->data_descs.size() != inputs.size()) {
            return gecl_detail::Fail(PARAM_INVALID, "GeSession::CompileGraph: " + std::to_string(inputs.size()) +
                                                        " inputs given, graph " + std::to_string(graph_id) +
                                                        " has " + std::to_string(e->data_descs.size()) +
                                                        " Data inputs");
        }
    }
    st = gecl_session_compile_graph(impl_->session_, graph_id);
    if (st != SUCCESS) return gecl_detail::FromGecl(st);
    impl_->MarkCompiled(graph_id);
    return SUCCESS;
}

inline Status GeSession::LoadGraph(const uint32_t graph_id, const std::map<AscendString, AscendString> &options,
                                   void *stream) const {
    Status st = impl_->Usable("LoadGraph");
    if (st == SUCCESS) st = impl_->Ensure(graph_id, std::vector<gecl_tensor>(), "LoadGraph");
    if (st == SUCCESS) st = impl_->FeatureFromAllocator(graph_id, stream, "LoadGraph");
    if (st != SUCCESS) return st;
    Impl *impl = impl_.get();
    st = gecl_detail::WithOptions(gecl_detail::OptionArrays(options),
                                  [&](size_t n, const char *const *k, const char *const *v) {
                                      return gecl_session_load_graph(impl->session_, graph_id, n, k, v, stream);
                                  });
    if (st != SUCCESS) return gecl_detail::FromGecl(st);
    impl_->MarkCompiled(graph_id, true);
    return SUCCESS;
}

/* The loaded graph's tasks (gecl's kernel launches and copies, on one stream) as JSON: a
 * trace-event document (chrome://tracing) whose events carry CANN's task fields (stream_id,
 * task_id, task_type) and the node each task computes. FAILED before the graph is loaded. */
inline Status GeSession::GraphDebugJSONPrint(const uint32_t graph_id, uint32_t flags, AscendString &json_result) const {
    Status st = impl_->Usable("GraphDebugJSONPrint");
    if (st != SUCCESS) return st;
    {
        std::lock_guard<std::mutex> lock(impl_->mutex_);
        if (impl_->Find(graph_id, "GraphDebugJSONPrint") == nullptr) return FAILED;
    }
    char *json = nullptr;
    const gecl_status gst = gecl_session_graph_tasks_json(impl_->session_, graph_id, flags, &json);
    if (gst != GECL_SUCCESS) return gecl_detail::FromGecl(gst);
    json_result = AscendString(json);
    gecl_free(json);
    return SUCCESS;
}

inline Status GeSession::RunGraph(uint32_t graph_id, const std::vector<gert::Tensor> &inputs,
                                  std::vector<gert::Tensor> &outputs) {
    Impl *impl = impl_.get();
    return impl->Run(graph_id, inputs, outputs, GECL_ON_HOST, gert::kOnHost, "RunGraph",
                     [&](std::vector<gecl_tensor> &in, std::vector<gecl_tensor> &out) {
                         return gecl_session_run_graph(impl->session_, graph_id, in.size(), in.data(), out.size(),
                                                       out.data());
                     });
}

inline Status GeSession::RunGraphWithStreamAsync(uint32_t graph_id, void *stream,
                                                 const std::vector<gert::Tensor> &inputs,
                                                 std::vector<gert::Tensor> &outputs) {
    Impl *impl = impl_.get();
    /* With an external allocator registered for the stream, the graph's feature memory and the
     * outputs the caller leaves empty come from it, as in CANN. */
    Status st = impl->Usable("RunGraphWithStreamAsync");
    if (st == SUCCESS && impl->Known(graph_id)) st = impl->FeatureFromAllocator(graph_id, stream, "RunGraphWithStreamAsync");
    if (st != SUCCESS) return st;
    return impl->Run(
        graph_id, inputs, outputs, GECL_ON_DEVICE, gert::kOnDeviceHbm, "RunGraphWithStreamAsync",
        [&](std::vector<gecl_tensor> &in, std::vector<gecl_tensor> &out) {
            return gecl_session_run_graph_with_stream_async(impl->session_, graph_id, stream, in.size(), in.data(),
                                                            out.size(), out.data());
        },
        impl->AllocatorFor(stream));
}

inline Status GeSession::RunGraphAsync(uint32_t graph_id, const std::vector<gert::Tensor> &inputs,
                                       RunAsyncCallbackV2 callback) {
    Status st = impl_->Usable("RunGraphAsync");
    std::vector<gecl_tensor> in;
    if (st == SUCCESS) st = Impl::ConvertInputs(inputs, GECL_ON_HOST, in, "RunGraphAsync");
    if (st == SUCCESS) st = impl_->Ensure(graph_id, in, "RunGraphAsync");
    if (st != SUCCESS) return st;
    std::unique_ptr<gecl_detail::AsyncCall> call(new gecl_detail::AsyncCall{std::move(callback)});
    st = gecl_session_run_graph_async(impl_->session_, graph_id, in.size(), in.empty() ? nullptr : in.data(),
                                      &gecl_detail::AsyncDone, call.get());
    if (st != SUCCESS) return gecl_detail::FromGecl(st);  /* not queued: no callback, `call` is ours */
    static_cast<void>(call.release());                    /* AsyncDone owns it now */
    impl_->MarkCompiled(graph_id);
    return SUCCESS;
}

/* Callbacks by key, as CANN keeps them: "Summary" receives a run's summary tensors, "Save" a
 * checkpoint's variables. Registering a key again replaces its callback. gecl graphs have no
 * summary or checkpoint operators (docs/graph.md), so no run produces such tensors and the
 * callbacks are kept but not called, as CANN does for graphs without those operators. */
inline Status GeSession::RegisterCallBackFunc(const char *key, const RunCallback &callback) {
    Status st = impl_->Usable("RegisterCallBackFunc");
    if (st != SUCCESS) return st;
    if (key == nullptr || *key == '\0') {
        return gecl_detail::Fail(FAILED, "GeSession::RegisterCallBackFunc: key is NULL or empty");
    }
    if (!callback) {
        return gecl_detail::Fail(FAILED, std::string("GeSession::RegisterCallBackFunc: the callback for '") + key +
                                             "' is empty");
    }
    std::lock_guard<std::mutex> lock(impl_->mutex_);
    impl_->callbacks_[key] = callback;
    return SUCCESS;
}

inline CompiledGraphSummaryPtr GeSession::GetCompiledGraphSummary(uint32_t graph_id) {
    Status st = impl_->Usable("GetCompiledGraphSummary");
    if (st == SUCCESS) st = impl_->Ensure(graph_id, std::vector<gecl_tensor>(), "GetCompiledGraphSummary");
    if (st != SUCCESS) return nullptr;
    gecl_graph_summary s;
    if (gecl_session_graph_summary(impl_->session_, graph_id, &s) != GECL_SUCCESS) {
        static_cast<void>(gecl_detail::FromGecl(FAILED));
        return nullptr;
    }
    std::shared_ptr<CompiledGraphSummary::SummaryData> data = std::make_shared<CompiledGraphSummary::SummaryData>();
    data->is_static = s.is_static != 0;
    data->const_memory_size = s.const_memory_size;
    data->feature_memory_size = s.feature_memory_size;
    for (size_t i = 0; i < s.output_count; ++i) {
        gecl_tensor_desc d;
        const bool known = gecl_session_output_desc(impl_->session_, graph_id, i, &d) == GECL_SUCCESS;
        if (!known && !data->is_static) { /* a dynamic graph not run yet: unknown rank and type */
            data->output_shapes.push_back(Shape(std::vector<int64_t>{-2}));
            data->output_dtypes.push_back(DT_UNDEFINED);
            continue;
        }
        if (!known) {
            static_cast<void>(gecl_detail::FromGecl(FAILED));
            return nullptr;
        }
        data->output_shapes.push_back(Shape(gecl_detail::GeclDims(d)));
        data->output_dtypes.push_back(static_cast<DataType>(d.dtype));
    }
    impl_->MarkCompiled(graph_id);
    return CompiledGraphSummary::Builder::Build(data);
}

/* ---- Memory bases (docs/graph.md, "GeSession calls") ----
 * gecl's feature memory is the arena of intermediates and is all refreshable: there is no fixed
 * feature memory (GetFixedFeatureMemorySize is 0), so UpdateGraphFeatureMemoryBase and
 * UpdateGraphRefreshableFeatureMemoryBase place the same arena; a graph uses one of the two. */
inline Status GeSession::SetGraphConstMemoryBase(uint32_t graph_id, const void *const memory, size_t size) {
    Status st = impl_->Usable("SetGraphConstMemoryBase");
    if (st == SUCCESS) st = impl_->Ensure(graph_id, std::vector<gecl_tensor>(), "SetGraphConstMemoryBase");
    if (st != SUCCESS) return st;
    const gecl_status gst =
        gecl_session_set_graph_memory(impl_->session_, graph_id, GECL_GRAPH_MEMORY_CONST, memory, size);
    return gst == GECL_SUCCESS ? SUCCESS : gecl_detail::FromGecl(gst);
}

inline Status GeSession::UpdateGraphFeatureMemoryBase(uint32_t graph_id, const void *const memory, size_t size) {
    return impl_->UpdateFeature(graph_id, memory, size, Impl::GraphEntry::FeatureCall::kWhole,
                                "UpdateGraphFeatureMemoryBase");
}

inline Status GeSession::UpdateGraphRefreshableFeatureMemoryBase(uint32_t graph_id, const void *const memory,
                                                                 size_t size) {
    return impl_->UpdateFeature(graph_id, memory, size, Impl::GraphEntry::FeatureCall::kRefreshable,
                                "UpdateGraphRefreshableFeatureMemoryBase");
}

/* The fixed feature memory of a gecl graph is 0 bytes of either type, so any base (NULL with
 * size 0 included: CANN's way of saying "GE need not allocate it") is accepted and recorded;
 * as in CANN, once per type, after compilation and before loading. */
inline Status GeSession::SetGraphFixedFeatureMemoryBaseWithType(uint32_t graph_id, MemoryType type,
                                                                const void *const memory, size_t size) {
    const char *method = "SetGraphFixedFeatureMemoryBaseWithType";
    Status st = impl_->Usable(method);
    if (st == SUCCESS) st = impl_->Ensure(graph_id, std::vector<gecl_tensor>(), method);
    if (st != SUCCESS) return st;
    const std::string prefix = std::string("GeSession::") + method + ": graph " + std::to_string(graph_id) + ": ";
    if (type != MemoryType::MEMORY_TYPE_DEFAULT && type != MemoryType::MEMORY_TYPE_P2P) {
        return gecl_detail::Fail(PARAM_INVALID, prefix + "unknown memory type " +
                                                    std::to_string(static_cast<int64_t>(type)));
    }
    if (memory == nullptr && size != 0U) {
        return gecl_detail::Fail(PARAM_INVALID, prefix + "memory is NULL but size is " + std::to_string(size));
    }
    std::lock_guard<std::mutex> lock(impl_->mutex_);
    Impl::GraphEntry *e = impl_->Find(graph_id, method);
    if (e == nullptr) return PARAM_INVALID;
    if (!e->compiled) {
        return gecl_detail::Fail(FAILED, prefix + "the graph is not compiled: call CompileGraph first");
    }
    if (e->loaded) {
        return gecl_detail::Fail(FAILED, prefix + "the graph is loaded; the fixed feature memory is set before "
                                                  "LoadGraph or the first run");
    }
    const int t = type == MemoryType::MEMORY_TYPE_DEFAULT ? 0 : 1;
    if (e->fixed_set[t]) {
        return gecl_detail::Fail(FAILED, prefix + "the fixed feature memory of this type is set once");
    }
    e->fixed_set[t] = true;
    return SUCCESS;
}

inline Status GeSession::RegisterExternalAllocator(const void *const stream, AllocatorPtr allocator) const {
    Status st = impl_->Usable("RegisterExternalAllocator");
    if (st != SUCCESS) return st;
    if (stream == nullptr) {
        return gecl_detail::Fail(PARAM_INVALID, "GeSession::RegisterExternalAllocator: stream is NULL; an "
                                                "allocator serves the runs on one stream");
    }
    if (!allocator) {
        return gecl_detail::Fail(PARAM_INVALID, "GeSession::RegisterExternalAllocator: allocator is empty");
    }
    std::lock_guard<std::mutex> lock(impl_->mutex_);
    impl_->allocators_[stream] = std::move(allocator);
    return SUCCESS;
}

/* Memory already taken from the allocator stays in use (feature memory until its graph goes,
 * outputs until their tensors go); later runs on the stream use gecl's own memory. */
inline Status GeSession::UnregisterExternalAllocator(const void *const stream) const {
    Status st = impl_->Usable("UnregisterExternalAllocator");
    if (st != SUCCESS) return st;
    if (stream == nullptr) {
        return gecl_detail::Fail(PARAM_INVALID, "GeSession::UnregisterExternalAllocator: stream is NULL");
    }
    std::lock_guard<std::mutex> lock(impl_->mutex_);
    impl_->allocators_.erase(stream);
    return SUCCESS;
}

/* The graph's model: gecl's serialized graph (docs/graph.md, "Compiled models"), compiled first.
 * Graph::LoadFromMem(model.data.get(), model.length) in any later session (or process) gives a
 * graph to AddGraph; its kernels come from the program cache. */
inline Status GeSession::GetCompiledModel(uint32_t graph_id, ModelBufferData &model_buffer) {
    Status st = impl_->Usable("GetCompiledModel");
    if (st == SUCCESS) st = impl_->Ensure(graph_id, std::vector<gecl_tensor>(), "GetCompiledModel");
    if (st != SUCCESS) return st;
    void *buf = nullptr;
    size_t size = 0;
    const gecl_status gst = gecl_session_graph_serialize(impl_->session_, graph_id, &buf, &size);
    if (gst != GECL_SUCCESS) return gecl_detail::FromGecl(gst);
    model_buffer.data = std::shared_ptr<uint8_t>(static_cast<uint8_t *>(buf), [](uint8_t *p) { gecl_free(p); });
    model_buffer.length = size;
    impl_->MarkCompiled(graph_id);
    return SUCCESS;
}
}  // namespace ge

extern "C" {
inline bool IsIrRepSupport(const char *rep) {
    (void)rep;
    return false;
}

inline ge::Status GetRegisteredIrDef(const char *op_type,
                                     std::vector<std::pair<ge::AscendString, ge::AscendString>> &inputs,
                                     std::vector<std::pair<ge::AscendString, ge::AscendString>> &outputs,
                                     std::vector<std::pair<ge::AscendString, ge::AscendString>> &attrs) {
    if (op_type == nullptr || !ge::OperatorFactory::IsExistOp(op_type)) {
        return ge::gecl_detail::Fail(ge::FAILED, std::string("GetRegisteredIrDef: no prototype is registered for '") +
                                                     (op_type != nullptr ? op_type : "(null)") + "'");
    }
    const ge::Operator op = ge::OperatorFactory::CreateOperator("ir_def", op_type);
    const ge::OperatorImplPtr &impl = ge::gecl_detail::OperatorAccess::Impl(op);
    for (const auto &slot : impl->inputs) {
        const char *kind = slot.kind == ge::gecl_detail::SlotKind::kRequired ? "required"
                           : slot.kind == ge::gecl_detail::SlotKind::kOptional ? "optional"
                                                                                : "dynamic";
        inputs.emplace_back(ge::AscendString(slot.name.c_str()), ge::AscendString(kind));
    }
    for (const auto &slot : impl->outputs) {
        outputs.emplace_back(ge::AscendString(slot.name.c_str()),
                             ge::AscendString(slot.dynamic ? "dynamic" : "required"));
    }
    for (const auto &a : impl->ir_attr_types) {
        attrs.emplace_back(ge::AscendString(a.first.c_str()), ge::AscendString(a.second.c_str()));
    }
    return ge::SUCCESS;
}
}

#endif
