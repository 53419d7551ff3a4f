/* test_session_api.cpp: every GeSession call in its documented use: AddGraph (both overloads,
 * with options) and AddGraphClone, RemoveGraph, CompileGraph with and without input
 * descriptions, LoadGraph, the three run modes each straight after AddGraph (CompileGraph and
 * LoadGraph are optional), gecl-allocated host and device outputs freed by their gert::Tensors,
 * RunGraphAsync's worker-thread callback, GetCompiledGraphSummary checked against the graph, and
 * GetSessionId. Needs an OpenCL device (PoCL in CI). */
#include "session_test_util.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using namespace ge;
using st::DeviceBuffer;

namespace {
const std::vector<int64_t> k23 = {2, 3};

/* The inputs of AddReluGraph as host tensors. */
std::vector<gert::Tensor> HostInputs(const std::vector<float> &x, const std::vector<float> &y,
                                     const std::vector<int64_t> &dims = k23) {
    std::vector<gert::Tensor> in;
    in.push_back(st::FloatTensor(dims, x.data(), gert::kOnHost));
    in.push_back(st::FloatTensor(dims, y.data(), gert::kOnHost));
    return in;
}

void ExpectAddRelu(const std::vector<gert::Tensor> &outputs, const std::vector<float> &x,
                   const std::vector<float> &y) {
    std::vector<float> relu, add;
    st::AddReluRef(x, y, relu, add);
    assert_int_equal(outputs.size(), 2);
    ST_EQUAL(st::HostValues(outputs[0]), relu);
    ST_EQUAL(st::HostValues(outputs[1]), add);
}

/* Waits for RunGraphAsync callbacks. */
struct AsyncResult {
    std::mutex m;
    std::condition_variable cv;
    int calls = 0;
    Status status = FAILED;
    std::thread::id thread;
    std::vector<std::vector<float>> values;
    std::vector<gert::TensorPlacement> placements;
    std::vector<std::string> shapes;

    RunAsyncCallbackV2 Callback() {
        return [this](Status s, std::vector<gert::Tensor> &outputs) {
            std::lock_guard<std::mutex> lock(m);
            status = s;
            thread = std::this_thread::get_id();
            values.clear();
            placements.clear();
            for (const gert::Tensor &t : outputs) {
                values.push_back(st::HostValues(t));
                placements.push_back(t.GetPlacement());
            }
            ++calls;
            cv.notify_all();
        };
    }
    bool WaitFor(int n) {
        std::unique_lock<std::mutex> lock(m);
        return cv.wait_for(lock, std::chrono::seconds(120), [&] { return calls >= n; });
    }
};
}  // namespace

/* AddGraph (both overloads), AddGraphClone (both overloads), each run with RunGraph straight
 * after adding; graph options other than gecl's are accepted with a warning; RemoveGraph. */
static void test_add_graph_overloads(void **state) {
    (void)state;
    GeSession session({});
    const std::vector<float> x = st::Pattern(6, 1), y = st::Pattern(6, 2);
    const std::vector<gert::Tensor> in = HostInputs(x, y);

    FT_OK(session.AddGraph(1, st::AddReluGraph()));
    const st::Options graph_opts = {{"ge.gecl_test.graphOptionA", "1"}};
    FT_OK(session.AddGraph(2, st::AddReluGraph(), graph_opts));
    ST_WARNING_HAS("ge.gecl_test.graphOptionA");
    // AddGraphClone: the session keeps its own copy, so changing the caller's graph later does
    // not change what runs.
    Graph g = st::AddReluGraph();
    FT_OK(session.AddGraphClone(3, g));
    const st::Options clone_opts = {{"ge.gecl_test.graphOptionB", "x"}};
    FT_OK(session.AddGraphClone(4, g, clone_opts));
    ST_WARNING_HAS("ge.gecl_test.graphOptionB");
    auto z = st::MakeData("z", 0, {2, 3});
    auto neg = op::Neg("neg").set_input_x(z);
    g.SetInputs({z}).SetOutputs({neg});

    for (uint32_t id = 1; id <= 4; ++id) {
        assert_true(session.IsGraphNeedRebuild(id));
        std::vector<gert::Tensor> out;
        FT_OK(session.RunGraph(id, in, out));
        ExpectAddRelu(out, x, y);
        assert_false(session.IsGraphNeedRebuild(id));
    }
    for (uint32_t id = 1; id <= 4; ++id) FT_OK(session.RemoveGraph(id));
    FT_ERR(PARAM_INVALID, session.RemoveGraph(3));
    FT_MSG_HAS("graph 3 was not added");
    // A removed id can be used again.
    FT_OK(session.AddGraph(1, st::MatMulGraph(std::vector<float>(12, 1.0f))));
    FT_OK(session.RemoveGraph(1));
    assert_int_equal(st::Counts().graphs, 0);
}

/* RunGraph straight after AddGraph: inputs on the host, outputs allocated by gecl on the host
 * (placement, description, size), freed by their tensors; inputs on the device work too. */
static void test_run_graph_direct(void **state) {
    (void)state;
    GeSession session({});
    const std::vector<float> x = st::Pattern(6, 3), y = st::Pattern(6, 4);
    FT_OK(session.AddGraph(7, st::AddReluGraph()));
    const uint64_t base = st::LiveOutputs();
    {
        std::vector<gert::Tensor> out;
        FT_OK(session.RunGraph(7, HostInputs(x, y), out));
        assert_int_equal(out.size(), 2);
        for (const gert::Tensor &t : out) {
            assert_int_equal(t.GetPlacement(), gert::kOnHost);
            assert_int_equal(t.GetDataType(), DT_FLOAT);
            assert_int_equal(t.GetStorageFormat(), FORMAT_ND);
            assert_int_equal(t.GetStorageShape().GetDimNum(), 2);
            assert_int_equal(t.GetStorageShape().GetDim(0), 2);
            assert_int_equal(t.GetStorageShape().GetDim(1), 3);
            assert_int_equal(t.GetOriginShape().GetDim(1), 3);
            assert_int_equal(t.GetSize(), 6 * sizeof(float));
        }
        ExpectAddRelu(out, x, y);
        assert_int_equal(st::LiveOutputs(), base + 2);
        out.pop_back();
        assert_int_equal(st::LiveOutputs(), base + 1);
    }
    assert_int_equal(st::LiveOutputs(), base);

    // Device inputs (RunGraph takes host or device inputs), outputs again from gecl.
    DeviceBuffer dx(x), dy(y);
    std::vector<gert::Tensor> in;
    in.push_back(st::FloatTensor(k23, dx.Get(), gert::kOnDeviceHbm));
    in.push_back(st::FloatTensor(k23, dy.Get(), gert::kOnDeviceHbm));
    std::vector<gert::Tensor> out;
    FT_OK(session.RunGraph(7, in, out));
    ExpectAddRelu(out, x, y);
    // And mixed: x on the host, y on the device, outputs in the caller's host memory.
    in[0] = st::FloatTensor(k23, x.data(), gert::kOnHost);
    std::vector<float> relu(6, -1.0f), add(6, -1.0f);
    std::vector<gert::Tensor> mine;
    mine.push_back(st::FloatTensor(k23, relu.data(), gert::kOnHost));
    mine.push_back(st::FloatTensor(k23, add.data(), gert::kOnHost));
    FT_OK(session.RunGraph(7, in, mine));
    std::vector<float> want_relu, want_add;
    st::AddReluRef(x, y, want_relu, want_add);
    ST_EQUAL(relu, want_relu);
    ST_EQUAL(add, want_add);
    assert_ptr_equal(mine[0].GetAddr(), relu.data());  // written in place, not replaced
    out.clear();
    assert_int_equal(st::LiveOutputs(), base);
}

/* RunGraphWithStreamAsync straight after AddGraph (no CompileGraph, no LoadGraph): device inputs
 * and caller outputs from aclrtMalloc; then an empty output vector: gecl allocates device outputs
 * that their tensors free; then one caller output and one left to gecl. */
static void test_stream_direct(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    const std::vector<float> x = st::Pattern(6, 5), y = st::Pattern(6, 6);
    std::vector<float> want_relu, want_add;
    st::AddReluRef(x, y, want_relu, want_add);
    DeviceBuffer dx(x), dy(y), drelu(24), dadd(24);
    const uint64_t base = st::LiveOutputs();
    {
        GeSession session({});
        FT_OK(session.AddGraph(8, st::AddReluGraph()));
        std::vector<gert::Tensor> in;
        in.push_back(st::FloatTensor(k23, dx.Get(), gert::kOnDeviceHbm));
        in.push_back(st::FloatTensor(k23, dy.Get(), gert::kOnDeviceHbm));
        std::vector<gert::Tensor> out;
        out.push_back(st::FloatTensor(k23, drelu.Get(), gert::kOnDeviceHbm));
        out.push_back(st::FloatTensor(k23, dadd.Get(), gert::kOnDeviceHbm));
        FT_OK(session.RunGraphWithStreamAsync(8, stream, in, out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        ST_EQUAL(drelu.Download(), want_relu);
        ST_EQUAL(dadd.Download(), want_add);
        assert_int_equal(st::LiveOutputs(), base);

        std::vector<gert::Tensor> auto_out;  // empty: gecl allocates on the device
        FT_OK(session.RunGraphWithStreamAsync(8, stream, in, auto_out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        assert_int_equal(auto_out.size(), 2);
        for (const gert::Tensor &t : auto_out) {
            assert_int_equal(t.GetPlacement(), gert::kOnDeviceHbm);
            assert_int_equal(t.GetDataType(), DT_FLOAT);
            assert_int_equal(t.GetSize(), 24);
            assert_int_equal(t.GetStorageShape().GetDim(0), 2);
            assert_non_null(t.GetAddr());
            assert_int_equal(reinterpret_cast<uintptr_t>(t.GetAddr()) % 32, 0);
        }
        ST_EQUAL(DeviceBuffer::DownloadFrom(auto_out[0].GetAddr(), 24), want_relu);
        ST_EQUAL(DeviceBuffer::DownloadFrom(auto_out[1].GetAddr(), 24), want_add);
        assert_int_equal(st::LiveOutputs(), base + 2);
        auto_out.clear();  // the tensors free gecl's device memory
        assert_int_equal(st::LiveOutputs(), base);

        std::vector<gert::Tensor> mixed;
        mixed.push_back(gert::Tensor());  // no memory: gecl allocates this one
        mixed.push_back(st::FloatTensor(k23, dadd.Get(), gert::kOnDeviceHbm));
        FT_OK(session.RunGraphWithStreamAsync(8, stream, in, mixed));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        assert_int_equal(mixed[0].GetPlacement(), gert::kOnDeviceHbm);
        ST_EQUAL(DeviceBuffer::DownloadFrom(mixed[0].GetAddr(), 24), want_relu);
        assert_ptr_equal(mixed[1].GetAddr(), dadd.Get());
        assert_int_equal(st::LiveOutputs(), base + 1);
        // A tensor that outlives nothing: gecl's device outputs go with their graph at the
        // latest; the tensor's later free is harmless.
        FT_OK(session.RemoveGraph(8));
        assert_int_equal(st::LiveOutputs(), base);
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* RunGraphAsync straight after AddGraph: the callback runs on a gecl worker thread (not the
 * caller's) with SUCCESS and host outputs; queued runs complete in order. */
static void test_run_async_direct(void **state) {
    (void)state;
    GeSession session({});
    FT_OK(session.AddGraph(9, st::AddReluGraph()));
    const uint64_t base = st::LiveOutputs();
    const int kRuns = 3;
    std::vector<std::vector<float>> xs, ys;
    for (int i = 0; i < kRuns; ++i) {
        xs.push_back(st::Pattern(6, 10 + i));
        ys.push_back(st::Pattern(6, 20 + i));
    }
    std::vector<std::vector<gert::Tensor>> ins(kRuns);  // inputs stay valid until the callbacks
    std::mutex m;
    std::condition_variable cv;
    std::vector<int> order;
    std::vector<std::thread::id> threads;
    std::vector<Status> statuses;
    std::vector<std::vector<float>> relus, adds;
    std::vector<gert::TensorPlacement> placements;
    for (int i = 0; i < kRuns; ++i) {
        ins[static_cast<size_t>(i)] = HostInputs(xs[static_cast<size_t>(i)], ys[static_cast<size_t>(i)]);
        FT_OK(session.RunGraphAsync(9, ins[static_cast<size_t>(i)], [&, i](Status s, std::vector<gert::Tensor> &out) {
            std::lock_guard<std::mutex> lock(m);
            order.push_back(i);
            threads.push_back(std::this_thread::get_id());
            statuses.push_back(s);
            relus.push_back(out.size() == 2 ? st::HostValues(out[0]) : std::vector<float>());
            adds.push_back(out.size() == 2 ? st::HostValues(out[1]) : std::vector<float>());
            for (const gert::Tensor &t : out) placements.push_back(t.GetPlacement());
            cv.notify_all();
        }));
    }
    {
        std::unique_lock<std::mutex> lock(m);
        assert_true(cv.wait_for(lock, std::chrono::seconds(120), [&] { return order.size() == kRuns; }));
    }
    for (int i = 0; i < kRuns; ++i) {
        const size_t k = static_cast<size_t>(i);
        assert_int_equal(order[k], i);
        assert_true(threads[k] != std::this_thread::get_id());
        FT_OK(statuses[k]);
        std::vector<float> want_relu, want_add;
        st::AddReluRef(xs[k], ys[k], want_relu, want_add);
        ST_EQUAL(relus[k], want_relu);
        ST_EQUAL(adds[k], want_add);
    }
    assert_int_equal(placements.size(), 2 * kRuns);
    for (gert::TensorPlacement p : placements) assert_int_equal(p, gert::kOnHost);
    FT_OK(session.RemoveGraph(9));
    assert_int_equal(st::LiveOutputs(), base);  // the callback's tensors freed the host outputs
}

/* CompileGraph then RunGraph (no LoadGraph); LoadGraph without CompileGraph then
 * RunGraphWithStreamAsync; CompileGraph and LoadGraph twice are harmless. */
static void test_compile_and_load_optional(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    GeSession session({});
    const std::vector<float> x = st::Pattern(6, 7), y = st::Pattern(6, 8);
    FT_OK(session.AddGraph(1, st::AddReluGraph()));
    FT_OK(session.CompileGraph(1));
    assert_false(session.IsGraphNeedRebuild(1));
    FT_OK(session.CompileGraph(1));
    std::vector<gert::Tensor> out;
    FT_OK(session.RunGraph(1, HostInputs(x, y), out));
    ExpectAddRelu(out, x, y);

    FT_OK(session.AddGraph(2, st::AddReluGraph()));
    FT_OK(session.LoadGraph(2, {}, stream));  // compiles on the way
    assert_false(session.IsGraphNeedRebuild(2));
    FT_OK(session.LoadGraph(2, {}, stream));
    DeviceBuffer dx(x), dy(y);
    std::vector<gert::Tensor> in;
    in.push_back(st::FloatTensor(k23, dx.Get(), gert::kOnDeviceHbm));
    in.push_back(st::FloatTensor(k23, dy.Get(), gert::kOnDeviceHbm));
    std::vector<gert::Tensor> dout;
    FT_OK(session.RunGraphWithStreamAsync(2, stream, in, dout));
    assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    std::vector<float> want_relu, want_add;
    st::AddReluRef(x, y, want_relu, want_add);
    ST_EQUAL(DeviceBuffer::DownloadFrom(dout[0].GetAddr(), 24), want_relu);
    dout.clear();

    // LoadGraph with a NULL stream loads on the session's device; RunGraphAsync then runs it.
    FT_OK(session.AddGraph(3, st::AddReluGraph()));
    FT_OK(session.LoadGraph(3, {}, nullptr));
    AsyncResult r;
    const std::vector<gert::Tensor> ain = HostInputs(x, y);
    FT_OK(session.RunGraphAsync(3, ain, r.Callback()));
    assert_true(r.WaitFor(1));
    FT_OK(r.status);
    assert_true(r.thread != std::this_thread::get_id());
    assert_int_equal(r.values.size(), 2);
    ST_EQUAL(r.values[0], want_relu);
    ST_EQUAL(r.values[1], want_add);
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* CompileGraph(id, inputs): Data without descriptions take them from `inputs`; an empty vector
 * is CompileGraph(id); the compiled shapes show in the summary and the run. */
static void test_compile_with_input_descs(void **state) {
    (void)state;
    GeSession session({});
    op::Data a("a"), b("b");
    a.set_attr_index(0);
    b.set_attr_index(1);
    auto mul = op::Mul("mul").set_input_x1(a).set_input_x2(b);
    Graph g("undescribed");
    g.SetInputs({a, b}).SetOutputs({mul});
    FT_OK(session.AddGraph(5, g));  // waits for descriptions
    FT_ERR(PARAM_INVALID, session.CompileGraph(5, std::vector<ge::Tensor>()));
    FT_MSG_HAS("has no tensor description");
    const TensorDesc d(Shape({4, 2}), FORMAT_ND, DT_FLOAT);
    FT_OK(session.CompileGraph(5, {ge::Tensor(d), ge::Tensor(d)}));
    assert_false(session.IsGraphNeedRebuild(5));
    CompiledGraphSummaryPtr s = session.GetCompiledGraphSummary(5);
    assert_non_null(s.get());
    std::vector<Shape> shapes;
    FT_OK(s->GetOutputShapes(shapes));
    assert_int_equal(shapes.size(), 1);
    assert_true(shapes[0].GetDims() == std::vector<int64_t>({4, 2}));
    // The same descriptions again: nothing changes; an empty vector compiles what is there.
    FT_OK(session.CompileGraph(5, {ge::Tensor(d), ge::Tensor(d)}));
    FT_OK(session.CompileGraph(5, std::vector<ge::Tensor>()));
    const std::vector<float> x = st::Pattern(8, 1), y = st::Pattern(8, 2);
    std::vector<gert::Tensor> in, out;
    in.push_back(st::FloatTensor({4, 2}, x.data(), gert::kOnHost));
    in.push_back(st::FloatTensor({4, 2}, y.data(), gert::kOnHost));
    FT_OK(session.RunGraph(5, in, out));
    std::vector<float> want(8);
    for (size_t i = 0; i < 8; ++i) want[i] = x[i] * y[i];
    ST_EQUAL(st::HostValues(out[0]), want);

    // A described graph compiled with matching descriptions.
    FT_OK(session.AddGraph(6, st::AddReluGraph()));
    const TensorDesc d23(Shape({2, 3}), FORMAT_ND, DT_FLOAT);
    FT_OK(session.CompileGraph(6, {ge::Tensor(d23), ge::Tensor(d23)}));
    FT_OK(session.CompileGraph(6));
}

/* Data with unknown dims (-1, and {-2} for an unknown rank), as CANN graphs for dynamic batch
 * have: AddGraph takes the graph as it is; each run's shapes (or CompileGraph(id, inputs)) compile
 * a variant, so runs of different batch sizes follow each other without any re-adding; inputs
 * that contradict a known dim, the rank or the dtype are PARAM_INVALID naming the Data op. */
static void test_unknown_dims(void **state) {
    (void)state;
    GeSession session({});
    auto x = st::MakeData("x", 0, {-1, 3});
    auto y = st::MakeData("y", 1, {-2});
    auto add = op::Add("add").set_input_x1(x).set_input_x2(y);
    Graph g("dynamic_batch");
    g.SetInputs({x, y}).SetOutputs({add});
    FT_OK(session.AddGraph(11, g));
    FT_OK(session.CompileGraph(11));  // nothing to compile before the shapes are known
    CompiledGraphSummaryPtr sum = session.GetCompiledGraphSummary(11);
    assert_non_null(sum.get());
    assert_false(sum->IsStatic());
    std::vector<Shape> unknown;
    FT_OK(sum->GetOutputShapes(unknown));
    assert_true(unknown.size() == 1 && unknown[0].GetDims() == std::vector<int64_t>({-2}));

    const std::vector<float> a = st::Pattern(15, 3), b = st::Pattern(15, 4);
    std::vector<float> want(15);
    for (size_t i = 0; i < want.size(); ++i) want[i] = a[i] + b[i];
    std::vector<gert::Tensor> in, out;
    in.push_back(st::FloatTensor({5, 3}, a.data(), gert::kOnHost));
    in.push_back(st::FloatTensor({5, 3}, b.data(), gert::kOnHost));
    FT_OK(session.RunGraph(11, in, out));
    ST_EQUAL(st::HostValues(out[0]), want);
    std::vector<Shape> shapes;
    FT_OK(session.GetCompiledGraphSummary(11)->GetOutputShapes(shapes));
    assert_true(shapes[0].GetDims() == std::vector<int64_t>({5, 3}));

    // Another batch size runs at once; CompileGraph(id, inputs) prepares one ahead.
    std::vector<gert::Tensor> in2, out2;
    in2.push_back(st::FloatTensor({2, 3}, a.data(), gert::kOnHost));
    in2.push_back(st::FloatTensor({2, 3}, b.data(), gert::kOnHost));
    FT_OK(session.RunGraph(11, in2, out2));
    ST_EQUAL(st::HostValues(out2[0]), std::vector<float>(want.begin(), want.begin() + 6));
    const TensorDesc d43(Shape({4, 3}), FORMAT_ND, DT_FLOAT);
    FT_OK(session.CompileGraph(11, {ge::Tensor(d43), ge::Tensor(d43)}));
    out.clear();
    FT_OK(session.RunGraph(11, in, out));  // the [5,3] variant again
    ST_EQUAL(st::HostValues(out[0]), want);

    // The known dim 3, the rank and the dtype are checked, by compile and by run.
    FT_OK(session.AddGraph(12, g));
    const TensorDesc d23(Shape({2, 3}), FORMAT_ND, DT_FLOAT), d25(Shape({2, 5}), FORMAT_ND, DT_FLOAT),
        d3(Shape({3}), FORMAT_ND, DT_FLOAT), i23(Shape({2, 3}), FORMAT_ND, DT_INT32);
    FT_ERR(PARAM_INVALID, session.CompileGraph(12, {ge::Tensor(d25), ge::Tensor(d25)}));
    FT_MSG_HAS("the input has shape [2,5], which does not fit the Data's [-1,3]");
    FT_MSG_HAS("'x'");
    FT_ERR(PARAM_INVALID, session.CompileGraph(12, {ge::Tensor(d3), ge::Tensor(d3)}));
    FT_MSG_HAS("the input has shape [3], which does not fit");
    FT_ERR(PARAM_INVALID, session.CompileGraph(12, {ge::Tensor(i23), ge::Tensor(d23)}));
    FT_MSG_HAS("the input is DT_INT32, the Data is DT_FLOAT");
    FT_OK(session.CompileGraph(12, {ge::Tensor(d23), ge::Tensor(d3)}));  // [2,3] + [3] broadcasts
    std::vector<gert::Tensor> bad, bad_out;
    bad.push_back(st::FloatTensor({2, 5}, a.data(), gert::kOnHost));
    bad.push_back(st::FloatTensor({2, 5}, b.data(), gert::kOnHost));
    FT_ERR(PARAM_INVALID, session.RunGraph(12, bad, bad_out));
    FT_MSG_HAS("which does not fit the Data's [-1,3]");
}

/* GetCompiledGraphSummary against the graph: a two-conv graph (constant weights, an
 * intermediate that fusion cannot remove), run and checked against a CPU reference. */
static void test_summary_conv(void **state) {
    (void)state;
    GeSession session({});
    const st::ConvGraphSpec spec;
    FT_OK(session.AddGraph(11, st::ConvGraph(spec)));
    CompiledGraphSummaryPtr s = session.GetCompiledGraphSummary(11);  // compiles on the way
    assert_non_null(s.get());
    assert_false(session.IsGraphNeedRebuild(11));
    assert_true(s->IsStatic());
    size_t const_bytes = 0, feature_bytes = 0;
    FT_OK(s->GetConstMemorySize(const_bytes));
    FT_OK(s->GetFeatureMemorySize(feature_bytes));
    assert_true(const_bytes >= spec.ConstBytes());
    assert_true(feature_bytes >= st::ConvGraphSpec::IntermediateBytes());
    std::vector<Shape> shapes;
    std::vector<DataType> dtypes;
    FT_OK(s->GetOutputShapes(shapes));
    FT_OK(s->GetOutputDtypes(dtypes));
    assert_int_equal(shapes.size(), 1);
    assert_true(shapes[0].GetDims() == std::vector<int64_t>({1, 2, 5, 5}));
    assert_int_equal(dtypes.size(), 1);
    assert_int_equal(dtypes[0], DT_FLOAT);

    const std::vector<float> x = st::Pattern(50, 3);
    std::vector<gert::Tensor> in, out;
    in.push_back(st::FloatTensor({1, 2, 5, 5}, x.data(), gert::kOnHost, FORMAT_NCHW));
    FT_OK(session.RunGraph(11, in, out));
    assert_int_equal(out.size(), 1);
    assert_int_equal(out[0].GetStorageShape().GetDim(1), 2);
    ST_EQUAL(st::HostValues(out[0]), st::ConvGraphRef(spec, x));
}

/* The summary of a MatMulV2 graph with a Const weight and of an elementwise graph with two
 * outputs (shapes, dtypes in output order); an unknown id gives nullptr and a message. */
static void test_summary_matmul_and_outputs(void **state) {
    (void)state;
    GeSession session({});
    std::vector<float> w(12);
    for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(static_cast<int>(i % 4) - 1);
    FT_OK(session.AddGraph(12, st::MatMulGraph(w)));
    CompiledGraphSummaryPtr s = session.GetCompiledGraphSummary(12);
    assert_non_null(s.get());
    assert_true(s->IsStatic());
    size_t const_bytes = 0;
    FT_OK(s->GetConstMemorySize(const_bytes));
    assert_true(const_bytes >= w.size() * sizeof(float));
    std::vector<Shape> shapes;
    FT_OK(s->GetOutputShapes(shapes));
    assert_int_equal(shapes.size(), 1);
    assert_true(shapes[0].GetDims() == std::vector<int64_t>({2, 4}));
    const std::vector<float> x = st::Pattern(6, 4), b = st::Pattern(8, 5);
    std::vector<gert::Tensor> in, out;
    in.push_back(st::FloatTensor({2, 3}, x.data(), gert::kOnHost));
    in.push_back(st::FloatTensor({2, 4}, b.data(), gert::kOnHost));
    FT_OK(session.RunGraph(12, in, out));
    ST_EQUAL(st::HostValues(out[0]), st::MatMulRef(x, w, b));

    FT_OK(session.AddGraph(13, st::AddReluGraph(3, 4)));
    s = session.GetCompiledGraphSummary(13);
    assert_non_null(s.get());
    std::vector<DataType> dtypes;
    FT_OK(s->GetOutputShapes(shapes));
    FT_OK(s->GetOutputDtypes(dtypes));
    assert_int_equal(shapes.size(), 2);
    assert_int_equal(dtypes.size(), 2);
    for (size_t i = 0; i < 2; ++i) {
        assert_true(shapes[i].GetDims() == std::vector<int64_t>({3, 4}));
        assert_int_equal(dtypes[i], DT_FLOAT);
    }
    assert_null(session.GetCompiledGraphSummary(14).get());
    FT_MSG_HAS("graph 14 was not added");
}

/* Every session has its own id, stable for its lifetime; copies share the session. */
static void test_session_ids(void **state) {
    (void)state;
    const st::Options dev0 = {{"ge.exec.deviceId", "0"}};
    GeSession a({}), b({}), c(dev0);
    const uint64_t ia = a.GetSessionId(), ib = b.GetSessionId(), ic = c.GetSessionId();
    assert_true(ia != 0 && ib != 0 && ic != 0);
    assert_true(ia != ib && ib != ic && ia != ic);
    assert_int_equal(a.GetSessionId(), ia);
    GeSession copy = a;
    assert_int_equal(copy.GetSessionId(), ia);
    assert_int_equal(st::Counts().sessions, 3);
    // Graph ids are per session: the same id in two sessions is two graphs.
    FT_OK(a.AddGraph(1, st::AddReluGraph()));
    FT_OK(b.AddGraph(1, st::AddReluGraph()));
    assert_int_equal(st::Counts().graphs, 2);
    FT_OK(copy.RemoveGraph(1));  // the copy is session a
    FT_ERR(PARAM_INVALID, a.RemoveGraph(1));
    FT_MSG_HAS("graph 1 was not added");
    FT_OK(b.RemoveGraph(1));
    {
        GeSession d({});
        const uint64_t id = d.GetSessionId();
        assert_true(id != 0 && id != ia && id != ib && id != ic);
        assert_int_equal(st::Counts().sessions, 4);
    }
    assert_int_equal(st::Counts().sessions, 3);
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_graph_overloads),
        cmocka_unit_test(test_run_graph_direct),
        cmocka_unit_test(test_stream_direct),
        cmocka_unit_test(test_run_async_direct),
        cmocka_unit_test(test_compile_and_load_optional),
        cmocka_unit_test(test_compile_with_input_descs),
        cmocka_unit_test(test_unknown_dims),
        cmocka_unit_test(test_summary_conv),
        cmocka_unit_test(test_summary_matmul_and_outputs),
        cmocka_unit_test(test_session_ids),
    };
    return cmocka_run_group_tests(tests, st::GroupSetup, st::GroupTeardown);
}
