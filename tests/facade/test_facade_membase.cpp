/* test_facade_membase.cpp: the GeSession calls that hand GE the program's memory or report on a
 * loaded graph, as CANN documents them (the GeSession pages):
 *   - SetGraphConstMemoryBase / UpdateGraph(Refreshable)FeatureMemoryBase: after CompileGraph the
 *     program allocates the summary's const and feature sizes and the graph uses that memory
 *     (its constants and its intermediates are found there after a run); the const base is set
 *     once, the feature base may move between runs, a graph uses one of the two feature calls;
 *   - SetGraphFixedFeatureMemoryBaseWithType: once per memory type, before loading;
 *   - RegisterExternalAllocator: feature memory and the outputs GE allocates for
 *     RunGraphWithStreamAsync come from the allocator registered for the stream and go back to
 *     it; after UnregisterExternalAllocator nothing more is taken from it;
 *   - GraphDebugJSONPrint: the loaded graph's tasks as JSON (flags 0), FAILED before loading;
 *   - RegisterCallBackFunc: callbacks by key, an empty key or callback refused.
 * Needs an OpenCL device (PoCL in CI). */
#include "facade_test_util.h"

#include <vector>

#include "acl/acl.h"
#include "all_ops.h"

using namespace ge;

namespace {
const float kX[6] = {1, -2, 3, -4, 5, -6};
const float kC[6] = {0.25f, 0.5f, 0.75f, 1.25f, 1.5f, 1.75f};

/* t = x + c is read by Relu and Square, so it is an intermediate in the feature memory; c is a
 * constant. Output: relu(t) + t*t. */
Graph ConstGraph() {
    op::Data x("x");
    x.set_attr_index(0);
    x.update_output_desc_y(TensorDesc(Shape({2, 3}), FORMAT_ND, DT_FLOAT));
    TensorDesc cd(Shape({2, 3}), FORMAT_ND, DT_FLOAT);
    auto c = op::Const("c").set_attr_value(
        Tensor(cd, reinterpret_cast<const uint8_t *>(kC), sizeof kC));
    auto t = op::Add("t").set_input_x1(x).set_input_x2(c);
    auto relu = op::Relu("relu").set_input_x(t);
    auto sq = op::Square("sq").set_input_x(t);
    auto out = op::Add("out").set_input_x1(relu).set_input_x2(sq);
    Graph g("membase");
    g.SetInputs({x}).SetOutputs({out});
    return g;
}

float Expected(const float *x, int i) {
    const float t = x[i] + kC[i];
    return (t > 0 ? t : 0.0f) + t * t;
}

gert::Tensor Tensor23(const void *data, gert::TensorPlacement placement) {
    return gert::Tensor(gert::StorageShape({2, 3}, {2, 3}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}), placement,
                        DT_FLOAT, const_cast<void *>(data), nullptr);
}

/* Whether `bytes` of device memory at `dev` contain the 6 floats of `want` (anywhere). */
bool DeviceHolds(const void *dev, size_t bytes, const float *want) {
    std::vector<unsigned char> host(bytes);
    if (aclrtMemcpy(host.data(), bytes, dev, bytes, ACL_MEMCPY_DEVICE_TO_HOST) != ACL_SUCCESS) return false;
    for (size_t off = 0; off + 6 * sizeof(float) <= bytes; off += sizeof(float)) {
        if (std::memcmp(host.data() + off, want, 6 * sizeof(float)) == 0) return true;
    }
    return false;
}

void RunAndCheck(GeSession &s, uint32_t id, const float *x) {
    std::vector<gert::Tensor> in, out;
    in.push_back(Tensor23(x, gert::kOnHost));
    FT_OK(s.RunGraph(id, in, out));
    assert_int_equal(out.size(), 1);
    const float *y = out[0].GetData<float>();
    for (int i = 0; i < 6; ++i) assert_true(y[i] == Expected(x, i));
}

/* An allocator over aclrtMalloc that counts what it hands out. */
class CountingAllocator : public Allocator {
 public:
    MemBlock *Malloc(size_t size) override {
        void *p = nullptr;
        if (aclrtMalloc(&p, size, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) return nullptr;
        ++mallocs;
        return new MemBlock(*this, p, size);
    }
    void Free(MemBlock *block) override {
        ++frees;
        aclrtFree(block->GetAddr());
        delete block;
    }
    int mallocs = 0;
    int frees = 0;
};

int GroupSetup(void **state) {
    (void)state;
    if (aclInit(nullptr) != ACL_SUCCESS || aclrtSetDevice(0) != ACL_SUCCESS) return -1;
    return GEInitializeV2({{"ge.exec.deviceId", "0"}}) == SUCCESS ? 0 : -1;
}

int GroupTeardown(void **state) {
    (void)state;
    gecl_graph_counts c;
    std::memset(&c, 0, sizeof c);
    const int leaks = gecl_graph_live_counts(&c) != GECL_SUCCESS || c.sessions != 0 || c.outputs != 0;
    const int fin = GEFinalizeV2() != SUCCESS;
    aclrtResetDevice(0);
    aclFinalize();
    return leaks || fin ? -1 : 0;
}
/* The caller's allocator of acl_rt_allocator.h: C functions over aclrtMalloc that count. */
struct AclCounts {
    int mallocs = 0;
    int frees = 0;
};
struct AclBlockRec {
    void *addr;
};
void *AclAlloc(aclrtAllocator obj, size_t size) {
    void *p = nullptr;
    if (aclrtMalloc(&p, size, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) return nullptr;
    ++static_cast<AclCounts *>(obj)->mallocs;
    return new AclBlockRec{p};
}
void AclFree(aclrtAllocator obj, aclrtAllocatorBlock block) {
    ++static_cast<AclCounts *>(obj)->frees;
    AclBlockRec *b = static_cast<AclBlockRec *>(block);
    aclrtFree(b->addr);
    delete b;
}
void *AclAddr(aclrtAllocatorBlock block) { return static_cast<AclBlockRec *>(block)->addr; }

void RegisterAcl(aclrtStream stream, AclCounts *counts) {
    aclrtAllocatorDesc d = aclrtAllocatorCreateDesc();
    assert_non_null(d);
    assert_int_equal(aclrtAllocatorSetObjToDesc(d, counts), ACL_SUCCESS);
    assert_int_equal(aclrtAllocatorSetAllocFuncToDesc(d, AclAlloc), ACL_SUCCESS);
    assert_int_equal(aclrtAllocatorSetFreeFuncToDesc(d, AclFree), ACL_SUCCESS);
    assert_int_equal(aclrtAllocatorSetGetAddrFromBlockFuncToDesc(d, AclAddr), ACL_SUCCESS);
    assert_int_equal(aclrtAllocatorRegister(stream, d), ACL_SUCCESS);
    assert_int_equal(aclrtAllocatorDestroyDesc(d), ACL_SUCCESS);
}
}  // namespace

/* aclrtAllocatorRegister's allocator serves a graph run on its stream as RegisterExternalAllocator's
 * does; GE's own registration wins where both exist; asking leaves no error behind. */
static void test_acl_allocator(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    void *dx = nullptr;
    assert_int_equal(aclrtMalloc(&dx, sizeof kX, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMemcpy(dx, sizeof kX, kX, sizeof kX, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    AclCounts counts;
    RegisterAcl(stream, &counts);
    {
        GeSession s({});
        FT_OK(s.AddGraph(7, ConstGraph()));
        std::vector<gert::Tensor> in, out;
        in.push_back(Tensor23(dx, gert::kOnDeviceHbm));
        static_cast<void>(aclrtGetLastError(ACL_RT_THREAD_LEVEL));  // earlier tests' expected failures
        FT_OK(s.RunGraphWithStreamAsync(7, stream, in, out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        assert_int_equal(aclrtGetLastError(ACL_RT_THREAD_LEVEL), ACL_SUCCESS);
        assert_int_equal(counts.mallocs, 2);  // the feature memory and the output
        float y[6];
        assert_int_equal(aclrtMemcpy(y, sizeof y, out[0].GetAddr(), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
        for (int i = 0; i < 6; ++i) assert_true(y[i] == Expected(kX, i));
        out.clear();
        assert_int_equal(counts.frees, 1);  // the output went back with its tensor

        auto ge_alloc = std::make_shared<CountingAllocator>();
        FT_OK(s.RegisterExternalAllocator(stream, ge_alloc));
        FT_OK(s.RunGraphWithStreamAsync(7, stream, in, out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        assert_int_equal(ge_alloc->mallocs, 1);  // the output; the feature block stays the first one
        assert_int_equal(counts.mallocs, 2);
        out.clear();
        FT_OK(s.RemoveGraph(7));
        assert_int_equal(counts.frees, 2);  // the feature memory went back with the graph
        assert_int_equal(ge_alloc->frees, 1);
    }
    assert_int_equal(aclrtAllocatorUnregister(stream), ACL_SUCCESS);
    {
        GeSession s({});  // no registration left: gecl's own memory
        FT_OK(s.AddGraph(8, ConstGraph()));
        std::vector<gert::Tensor> in, out;
        in.push_back(Tensor23(dx, gert::kOnDeviceHbm));
        FT_OK(s.RunGraphWithStreamAsync(8, stream, in, out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        out.clear();
        FT_OK(s.RemoveGraph(8));
    }
    assert_int_equal(counts.mallocs, 2);
    assert_int_equal(counts.frees, 2);
    aclrtFree(dx);
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

static void test_const_and_feature_base(void **state) {
    (void)state;
    GeSession s({});
    FT_OK(s.AddGraph(1, ConstGraph()));
    FT_ERR(FAILED, s.SetGraphConstMemoryBase(1, nullptr, 0));  // before CompileGraph
    FT_MSG_HAS("not compiled");
    FT_OK(s.CompileGraph(1));
    CompiledGraphSummaryPtr sum = s.GetCompiledGraphSummary(1);
    assert_non_null(sum.get());
    size_t const_size = 0, feature_size = 0, fixed = 1, refreshable = 0;
    bool can_refresh = false;
    FT_OK(sum->GetConstMemorySize(const_size));
    FT_OK(sum->GetFeatureMemorySize(feature_size));
    FT_OK(sum->GetFixedFeatureMemorySize(fixed));
    FT_OK(sum->GetRefreshableFeatureMemorySize(refreshable));
    FT_OK(sum->GetFeatureMemoryBaseRefreshable(can_refresh));
    assert_true(const_size >= sizeof kC);
    assert_true(feature_size >= 6 * sizeof(float));
    assert_int_equal(fixed, 0);
    assert_int_equal(refreshable, feature_size);
    assert_true(can_refresh);

    void *cm = nullptr, *fm = nullptr, *fm2 = nullptr;
    assert_int_equal(aclrtMalloc(&cm, const_size, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMalloc(&fm, feature_size, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMalloc(&fm2, feature_size, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    FT_ERR(PARAM_INVALID, s.SetGraphConstMemoryBase(1, cm, const_size - 1));  // too small
    FT_MSG_HAS("GetConstMemorySize");
    alignas(64) const float host_mem[64] = {0};
    FT_ERR(PARAM_INVALID, s.UpdateGraphFeatureMemoryBase(1, host_mem, feature_size));  // not device memory
    FT_MSG_HAS("aclrtMalloc");
    FT_ERR(PARAM_INVALID, s.UpdateGraphFeatureMemoryBase(1, nullptr, feature_size));
    FT_OK(s.SetGraphConstMemoryBase(1, cm, const_size));
    FT_ERR(FAILED, s.SetGraphConstMemoryBase(1, cm, const_size));  // once only
    FT_MSG_HAS("set once");
    FT_OK(s.UpdateGraphFeatureMemoryBase(1, fm, feature_size));
    FT_ERR(FAILED, s.UpdateGraphRefreshableFeatureMemoryBase(1, fm, feature_size));  // one of the two calls
    FT_MSG_HAS("one of the two");

    // The graph runs in the program's memory: its constant and its intermediate t are there.
    RunAndCheck(s, 1, kX);
    assert_true(DeviceHolds(cm, const_size, kC));
    float t[6];
    for (int i = 0; i < 6; ++i) t[i] = kX[i] + kC[i];
    assert_true(DeviceHolds(fm, feature_size, t));

    // The feature base moves between runs of the loaded graph.
    const float x2[6] = {2, 4, 6, -8, -10, 12};
    FT_OK(s.UpdateGraphFeatureMemoryBase(1, fm2, feature_size));
    RunAndCheck(s, 1, x2);
    for (int i = 0; i < 6; ++i) t[i] = x2[i] + kC[i];
    assert_true(DeviceHolds(fm2, feature_size, t));
    assert_false(DeviceHolds(fm, feature_size, t));

    FT_OK(s.RemoveGraph(1));
    aclrtFree(cm);
    aclrtFree(fm);
    aclrtFree(fm2);
}

/* Set before the graph is loaded, the bases are used from the first load on. */
static void test_bases_before_load(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    GeSession s({});
    FT_OK(s.AddGraph(2, ConstGraph()));
    FT_OK(s.CompileGraph(2));
    size_t const_size = 0, feature_size = 0;
    CompiledGraphSummaryPtr sum = s.GetCompiledGraphSummary(2);
    FT_OK(sum->GetConstMemorySize(const_size));
    FT_OK(sum->GetFeatureMemorySize(feature_size));
    void *cm = nullptr, *fm = nullptr;
    assert_int_equal(aclrtMalloc(&cm, const_size, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMalloc(&fm, feature_size, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    FT_OK(s.SetGraphConstMemoryBase(2, cm, const_size));
    FT_OK(s.UpdateGraphRefreshableFeatureMemoryBase(2, fm, feature_size));
    FT_OK(s.SetGraphFixedFeatureMemoryBaseWithType(2, MemoryType::MEMORY_TYPE_DEFAULT, nullptr, 0));
    FT_ERR(FAILED, s.SetGraphFixedFeatureMemoryBaseWithType(2, MemoryType::MEMORY_TYPE_DEFAULT, nullptr, 0));
    FT_MSG_HAS("set once");
    FT_OK(s.SetGraphFixedFeatureMemoryBaseWithType(2, MemoryType::MEMORY_TYPE_P2P, nullptr, 0));
    FT_ERR(PARAM_INVALID, s.SetGraphFixedFeatureMemoryBaseWithType(2, static_cast<MemoryType>(7), nullptr, 0));
    FT_OK(s.LoadGraph(2, {}, stream));
    assert_true(DeviceHolds(cm, const_size, kC));  // uploaded there at load
    RunAndCheck(s, 2, kX);
    FT_OK(s.AddGraph(3, ConstGraph()));
    FT_OK(s.CompileGraph(3));
    FT_OK(s.LoadGraph(3, {}, stream));
    FT_ERR(FAILED, s.SetGraphFixedFeatureMemoryBaseWithType(3, MemoryType::MEMORY_TYPE_DEFAULT, nullptr, 0));
    FT_MSG_HAS("before LoadGraph");
    FT_OK(s.RemoveGraph(2));
    FT_OK(s.RemoveGraph(3));
    aclrtFree(cm);
    aclrtFree(fm);
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

static void test_external_allocator(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    void *dx = nullptr;
    assert_int_equal(aclrtMalloc(&dx, sizeof kX, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMemcpy(dx, sizeof kX, kX, sizeof kX, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    auto alloc = std::make_shared<CountingAllocator>();
    {
        GeSession s({});
        FT_ERR(PARAM_INVALID, s.RegisterExternalAllocator(stream, nullptr));
        FT_OK(s.RegisterExternalAllocator(stream, alloc));
        FT_OK(s.AddGraph(4, ConstGraph()));
        FT_OK(s.LoadGraph(4, {}, stream));
        assert_int_equal(alloc->mallocs, 1);  // the feature memory
        std::vector<gert::Tensor> in, out;
        in.push_back(Tensor23(dx, gert::kOnDeviceHbm));
        FT_OK(s.RunGraphWithStreamAsync(4, stream, in, out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        assert_int_equal(alloc->mallocs, 2);  // and the output
        assert_int_equal(out.size(), 1);
        assert_int_equal(out[0].GetPlacement(), gert::kOnDeviceHbm);
        float y[6];
        assert_int_equal(aclrtMemcpy(y, sizeof y, out[0].GetAddr(), sizeof y, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
        for (int i = 0; i < 6; ++i) assert_true(y[i] == Expected(kX, i));
        out.clear();
        assert_int_equal(alloc->frees, 1);  // the output went back with its tensor

        FT_OK(s.UnregisterExternalAllocator(stream));
        FT_OK(s.RunGraphWithStreamAsync(4, stream, in, out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        assert_int_equal(alloc->mallocs, 2);  // gecl's own memory now
        out.clear();
        FT_OK(s.RemoveGraph(4));
        assert_int_equal(alloc->frees, 2);  // the feature memory went back with the graph
    }
    assert_int_equal(alloc->mallocs, alloc->frees);
    aclrtFree(dx);
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

static void test_debug_json(void **state) {
    (void)state;
    GeSession s({});
    AscendString json;
    FT_ERR(FAILED, s.GraphDebugJSONPrint(5, 0, json));
    FT_MSG_HAS("graph 5 was not added");
    FT_OK(s.AddGraph(5, ConstGraph()));
    FT_ERR(FAILED, s.GraphDebugJSONPrint(5, 0, json));  // not loaded yet
    FT_MSG_HAS("not loaded");
    FT_OK(s.LoadGraph(5, {}, nullptr));
    FT_ERR(PARAM_INVALID, s.GraphDebugJSONPrint(5, 1, json));
    FT_MSG_HAS("flags");
    FT_OK(s.GraphDebugJSONPrint(5, 0, json));
    const std::string j = json.GetString();
    assert_true(j.find("\"traceEvents\":[") != std::string::npos);
    assert_true(j.find("\"task_type\":\"KERNEL\"") != std::string::npos);
    assert_true(j.find("\"stream_id\":0") != std::string::npos);
    assert_true(j.find("\"graph_id\":5") != std::string::npos);
    FT_OK(s.RemoveGraph(5));
}

static void test_callbacks(void **state) {
    (void)state;
    GeSession s({});
    int calls = 0;
    RunCallback cb = [&calls](uint32_t, const std::map<AscendString, gert::Tensor> &) {
        ++calls;
        return SUCCESS;
    };
    FT_ERR(FAILED, s.RegisterCallBackFunc(nullptr, cb));
    FT_MSG_HAS("key");
    FT_ERR(FAILED, s.RegisterCallBackFunc("Summary", RunCallback()));
    FT_OK(s.RegisterCallBackFunc("Summary", cb));
    FT_OK(s.RegisterCallBackFunc("Summary", cb));  // replaced
    FT_OK(s.RegisterCallBackFunc("Save", cb));
    // A graph without summary or checkpoint operators calls neither, as in CANN.
    FT_OK(s.AddGraph(6, ConstGraph()));
    RunAndCheck(s, 6, kX);
    assert_int_equal(calls, 0);
    FT_OK(s.RemoveGraph(6));
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_const_and_feature_base), cmocka_unit_test(test_bases_before_load),
        cmocka_unit_test(test_external_allocator),     cmocka_unit_test(test_debug_json),
        cmocka_unit_test(test_callbacks),              cmocka_unit_test(test_acl_allocator),
    };
    return cmocka_run_group_tests(tests, GroupSetup, GroupTeardown);
}
