/* test_facade_session.cpp: GeSession over gecl: the three run modes with gert::Tensor inputs
 * and outputs (gecl-allocated outputs freed by their tensors), compiling with input
 * descriptions, the compiled-graph summary, the seed program's empty graph, and errors with
 * their GEGetErrorMsgV3 messages. Needs an OpenCL device (PoCL in CI). */
#include "facade_test_util.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "acl/acl.h"
#include "all_ops.h"

using namespace ge;

namespace {
op::Data MakeData(const char *name, int64_t index, const std::vector<int64_t> &dims) {
    op::Data d(name);
    d.set_attr_index(index);
    d.update_output_desc_y(TensorDesc(Shape(dims), FORMAT_ND, DT_FLOAT));
    return d;
}

/* relu(x + y) and x + y, both [2, 3]. */
Graph AddReluGraph() {
    auto x = MakeData("x", 0, {2, 3});
    auto y = MakeData("y", 1, {2, 3});
    auto add = op::Add("add").set_input_x1(x).set_input_x2(y);
    auto relu = op::Relu("relu").set_input_x(add);
    Graph g("add_relu");
    g.SetInputs({x, y}).SetOutputs({relu, add});
    return g;
}

const float kX[6] = {1, -2, 3, -4, 5, -6};
const float kY[6] = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};

gert::Tensor Tensor23(const void *data, gert::TensorPlacement placement) {
    return gert::Tensor(gert::StorageShape({2, 3}, {2, 3}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}), placement,
                        DT_FLOAT, const_cast<void *>(data), nullptr);
}

void ExpectAddRelu(const float *relu, const float *add) {
    for (int i = 0; i < 6; ++i) {
        const float sum = kX[i] + kY[i];
        assert_true(add == nullptr || add[i] == sum);
        assert_true(relu == nullptr || relu[i] == (sum > 0 ? sum : 0.0f));
    }
}

uint64_t LiveOutputs() {
    gecl_graph_counts c;
    std::memset(&c, 0, sizeof c);
    if (gecl_graph_live_counts(&c) != GECL_SUCCESS) return UINT64_MAX;
    return c.outputs;
}

int GroupSetup(void **state) {
    (void)state;
    if (aclInit(nullptr) != ACL_SUCCESS || aclrtSetDevice(0) != ACL_SUCCESS) {
        print_error("aclInit/aclrtSetDevice failed: %s\n", aclGetRecentErrMsg());
        return -1;
    }
    if (GEInitializeV2({{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "0"}}) != SUCCESS) {
        print_error("GEInitializeV2 failed: %s\n", ft_errmsg().c_str());
        return -1;
    }
    return 0;
}

int GroupTeardown(void **state) {
    (void)state;
    int ret = 0;
    gecl_graph_counts c;
    std::memset(&c, 0, sizeof c);
    if (gecl_graph_live_counts(&c) != GECL_SUCCESS || c.sessions != 0 || c.graphs != 0 || c.outputs != 0) {
        print_error("left alive: sessions=%llu graphs=%llu outputs=%llu\n", (unsigned long long)c.sessions,
                    (unsigned long long)c.graphs, (unsigned long long)c.outputs);
        ret = -1;
    }
    if (GEFinalizeV2() != SUCCESS) ret = -1;
    aclrtResetDevice(0);
    aclFinalize();
    return ret;
}
}  // namespace

static void test_run_graph_host(void **state) {
    (void)state;
    GeSession session({});
    FT_OK(session.AddGraph(1, AddReluGraph()));
    assert_true(session.IsGraphNeedRebuild(1));
    std::vector<gert::Tensor> inputs;
    inputs.push_back(Tensor23(kX, gert::kOnHost));
    inputs.push_back(Tensor23(kY, gert::kOnHost));
    {
        std::vector<gert::Tensor> outputs;
        FT_OK(session.RunGraph(1, inputs, outputs));
        assert_false(session.IsGraphNeedRebuild(1));
        assert_int_equal(outputs.size(), 2);
        for (const gert::Tensor &t : outputs) {
            assert_int_equal(t.GetPlacement(), gert::kOnHost);
            assert_int_equal(t.GetDataType(), DT_FLOAT);
            assert_int_equal(t.GetStorageShape().GetDimNum(), 2);
            assert_int_equal(t.GetStorageShape().GetDim(1), 3);
            assert_int_equal(t.GetSize(), 24);
        }
        ExpectAddRelu(outputs[0].GetData<float>(), outputs[1].GetData<float>());
        assert_int_equal(LiveOutputs(), 2);
        gert::Tensor kept = std::move(outputs[0]);
        outputs.clear();
        assert_int_equal(LiveOutputs(), 1);  // freed by their tensors
        ExpectAddRelu(kept.GetData<float>(), nullptr);
    }
    assert_int_equal(LiveOutputs(), 0);

    // Outputs in the caller's memory: one fully described, one given as memory only.
    float relu[6] = {0}, add[6] = {0};
    std::vector<gert::Tensor> outputs;
    outputs.push_back(Tensor23(relu, gert::kOnHost));
    gert::Tensor bare;
    bare.SetData(gert::TensorData(add, nullptr, sizeof add, gert::kOnHost));
    outputs.push_back(std::move(bare));
    FT_OK(session.RunGraph(1, inputs, outputs));
    ExpectAddRelu(relu, add);
    assert_int_equal(outputs[1].GetDataType(), DT_FLOAT);  // the graph's description was filled in
    assert_int_equal(outputs[1].GetStorageShape().GetDim(0), 2);
    assert_int_equal(LiveOutputs(), 0);
    FT_OK(session.RemoveGraph(1));
}

static void test_run_with_stream(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    void *dx = nullptr, *dy = nullptr, *dout = nullptr;
    assert_int_equal(aclrtMalloc(&dx, 24, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMalloc(&dy, 24, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMalloc(&dout, 24, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMemcpy(dx, 24, kX, 24, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    assert_int_equal(aclrtMemcpy(dy, 24, kY, 24, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);

    GeSession *session = new GeSession({});
    FT_OK(session->AddGraph(2, AddReluGraph()));
    FT_OK(session->CompileGraph(2));
    FT_OK(session->LoadGraph(2, {}, stream));
    std::vector<gert::Tensor> inputs;
    inputs.push_back(Tensor23(dx, gert::kOnDeviceHbm));
    inputs.push_back(Tensor23(dy, gert::kOnDeviceHbm));
    float relu[6] = {0}, add[6] = {0};
    {
        std::vector<gert::Tensor> outputs;  // empty: gecl allocates device outputs
        FT_OK(session->RunGraphWithStreamAsync(2, stream, inputs, outputs));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        assert_int_equal(outputs.size(), 2);
        assert_int_equal(outputs[0].GetPlacement(), gert::kOnDeviceHbm);
        assert_int_equal(aclrtMemcpy(relu, 24, outputs[0].GetAddr(), 24, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
        assert_int_equal(aclrtMemcpy(add, 24, outputs[1].GetAddr(), 24, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
        ExpectAddRelu(relu, add);
    }
    assert_int_equal(LiveOutputs(), 0);

    std::vector<gert::Tensor> outputs;
    outputs.push_back(Tensor23(dout, gert::kOnDeviceHbm));
    outputs.push_back(gert::Tensor());  // no memory: gecl allocates this one
    FT_OK(session->RunGraphWithStreamAsync(2, stream, inputs, outputs));
    assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    std::memset(relu, 0, sizeof relu);
    assert_int_equal(aclrtMemcpy(relu, 24, dout, 24, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    ExpectAddRelu(relu, nullptr);
    assert_non_null(outputs[1].GetAddr());
    assert_int_equal(LiveOutputs(), 1);
    outputs.clear();

    // The run modes are exclusive per graph, as in CANN.
    std::vector<gert::Tensor> host_out;
    FT_ERR(FAILED, session->RunGraph(2, inputs, host_out));
    FT_MSG_HAS("exclusive");
    delete session;
    aclrtFree(dx);
    aclrtFree(dy);
    aclrtFree(dout);
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

static void test_run_async(void **state) {
    (void)state;
    GeSession session({});
    FT_OK(session.AddGraph(3, AddReluGraph()));
    std::vector<gert::Tensor> inputs;
    inputs.push_back(Tensor23(kX, gert::kOnHost));
    inputs.push_back(Tensor23(kY, gert::kOnHost));
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    Status got = FAILED;
    std::vector<float> relu, add;
    FT_OK(session.RunGraphAsync(3, inputs, [&](Status status, std::vector<gert::Tensor> &outputs) {
        std::lock_guard<std::mutex> lock(m);
        got = status;
        if (outputs.size() == 2) {
            relu.assign(outputs[0].GetData<float>(), outputs[0].GetData<float>() + 6);
            add.assign(outputs[1].GetData<float>(), outputs[1].GetData<float>() + 6);
        }
        done = true;
        cv.notify_one();
    }));
    {
        std::unique_lock<std::mutex> lock(m);
        assert_true(cv.wait_for(lock, std::chrono::seconds(60), [&] { return done; }));
    }
    FT_OK(got);
    assert_int_equal(relu.size(), 6);
    ExpectAddRelu(relu.data(), add.data());
    FT_OK(session.RemoveGraph(3));  // waits for the session's pending work
    assert_int_equal(LiveOutputs(), 0);
}

/* A Data without a description waits for CompileGraph(id, inputs) or a run to supply one. */
static void test_compile_with_inputs(void **state) {
    (void)state;
    GeSession session({});
    op::Data x("x");
    auto sq = op::Square("sq").set_input_x(x);
    Graph g("waits");
    g.SetInputs({x}).SetOutputs({sq});
    FT_OK(session.AddGraph(4, g));
    FT_ERR(PARAM_INVALID, session.CompileGraph(4));
    FT_MSG_HAS("Data 'x' has no tensor description");
    std::vector<ge::Tensor> described = {ge::Tensor(TensorDesc(Shape({3, 5}), FORMAT_ND, DT_FLOAT))};
    FT_OK(session.CompileGraph(4, described));
    CompiledGraphSummaryPtr summary = session.GetCompiledGraphSummary(4);
    assert_non_null(summary.get());
    assert_true(summary->IsStatic());
    std::vector<Shape> shapes;
    std::vector<DataType> dtypes;
    FT_OK(summary->GetOutputShapes(shapes));
    FT_OK(summary->GetOutputDtypes(dtypes));
    assert_int_equal(shapes.size(), 1);
    assert_true(shapes[0].GetDims() == std::vector<int64_t>({3, 5}));
    assert_int_equal(dtypes[0], DT_FLOAT);
    size_t n = 99;
    FT_OK(summary->GetStreamNum(n));
    assert_int_equal(n, 1);
    FT_OK(summary->GetEventNum(n));
    assert_int_equal(n, 0);
    FT_OK(summary->GetConstMemorySize(n));
    FT_OK(summary->GetFeatureMemorySize(n));

    // Other descriptions re-add the graph.
    described[0] = ge::Tensor(TensorDesc(Shape({7}), FORMAT_ND, DT_FLOAT));
    FT_OK(session.CompileGraph(4, described));
    summary = session.GetCompiledGraphSummary(4);
    assert_non_null(summary.get());
    FT_OK(summary->GetOutputShapes(shapes));
    assert_true(shapes[0].GetDims() == std::vector<int64_t>({7}));
    FT_ERR(PARAM_INVALID, session.CompileGraph(4, {described[0], described[0]}));
    FT_MSG_HAS("2 inputs given");

    // A waiting graph takes its description from the first run's inputs.
    FT_OK(session.AddGraph(5, g));
    const float v[4] = {1, 2, 3, 4};
    std::vector<gert::Tensor> in;
    in.emplace_back(gert::StorageShape({4}, {4}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}), gert::kOnHost,
                    DT_FLOAT, const_cast<float *>(v), nullptr);
    std::vector<gert::Tensor> out;
    FT_OK(session.RunGraph(5, in, out));
    assert_int_equal(out.size(), 1);
    assert_true(out[0].GetData<float>()[3] == 16.0f);
}

static void test_errors(void **state) {
    (void)state;
    GeSession session({});
    FT_OK(session.AddGraph(10, AddReluGraph()));
    FT_ERR(PARAM_INVALID, session.AddGraph(10, AddReluGraph()));
    FT_MSG_HAS("graph id 10 is already in use");

    auto lonely = op::Relu("lonely");
    Graph missing("missing");
    missing.SetOutputs({lonely});
    FT_ERR(PARAM_INVALID, session.AddGraph(11, missing));
    FT_MSG_HAS("input 'x' is not connected");

    auto x = MakeData("x", 0, {2});
    auto a1 = op::Add("a1");
    auto a2 = op::Add("a2").set_input_x1(a1).set_input_x2(x);
    a1.set_input_x1(a2).set_input_x2(x);
    Graph cycle("cycle");
    cycle.SetOutputs({a2});
    const Status st = session.AddGraph(12, cycle);
    if (st == SUCCESS) FT_ERR(PARAM_INVALID, session.CompileGraph(12));  // reported at add or at compile
    FT_MSG_HAS("cycle");
    a1.BreakConnect();

    std::vector<gert::Tensor> in, out;
    FT_ERR(PARAM_INVALID, session.RunGraph(99, in, out));
    FT_MSG_HAS("graph 99 was not added");
    FT_ERR(PARAM_INVALID, session.RunGraph(10, in, out));  // no inputs for two Data
    assert_true(out.empty());
    const float wrong[4] = {0};
    in.emplace_back(gert::StorageShape({4}, {4}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}), gert::kOnHost,
                    DT_FLOAT, const_cast<float *>(wrong), nullptr);
    in.push_back(Tensor23(kY, gert::kOnHost));
    FT_ERR(PARAM_INVALID, session.RunGraph(10, in, out));
    assert_int_equal(LiveOutputs(), 0);

    FT_ERR(PARAM_INVALID, session.RegisterExternalAllocator(nullptr, nullptr));
    FT_MSG_HAS("RegisterExternalAllocator");
    FT_ERR(FAILED, session.RegisterCallBackFunc("k", RunCallback()));
    FT_MSG_HAS("empty");
    assert_null(session.GetCompiledGraphSummary(77).get());
    FT_MSG_HAS("graph 77 was not added");
    assert_true(session.IsGraphNeedRebuild(77));
    FT_OK(session.RemoveGraph(10));
    FT_ERR(PARAM_INVALID, session.RemoveGraph(10));

    // A session that cannot be created reports why from every method.
    const std::map<AscendString, AscendString> bad_device = {{"ge.session_device_id", "99"}};
    GeSession broken(bad_device);
    FT_ERR(PARAM_INVALID, broken.AddGraph(1, AddReluGraph()));
    FT_MSG_HAS("the session could not be created");
    assert_int_equal(broken.GetSessionId(), 0);
}

/* The seed program's sequence: an empty graph, compiled, loaded on a stream and run. */
static void test_empty_graph_flow(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    std::map<AscendString, AscendString> options;
    GeSession *session = new GeSession(options);
    ge::Graph conv_graph;
    FT_OK(session->AddGraph(0, conv_graph));
    FT_OK(session->CompileGraph(0));
    FT_OK(session->LoadGraph(0, options, stream));
    std::vector<gert::Tensor> input, output;
    FT_OK(session->RunGraphWithStreamAsync(0, stream, input, output));
    assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    assert_true(output.empty());
    GeSession shared = *session;  // copies share the session
    delete session;
    FT_OK(shared.RemoveGraph(0));
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* An op with several outputs (SplitD, CANN's dynamic output y): its outputs feed different
 * consumers, by output name ("y0") and by index, and one is also a graph output. */
static void test_multi_output_op(void **state) {
    (void)state;
    GeSession session({});
    auto x = MakeData("x", 0, {2, 3});
    auto split = op::SplitD("split").set_input_x(x).set_attr_split_dim(0).set_attr_num_split(2);
    split.create_dynamic_output_y(2);
    auto relu = op::Relu("relu").set_input_x_by_name(split, "y0");
    auto sq = op::Square("sq").set_input_x(split, 1);
    Graph g("split_graph");
    std::vector<std::pair<Operator, std::vector<size_t>>> outs = {{relu, {0}}, {sq, {0}}, {split, {1}}};
    g.SetInputs({x}).SetOutputs(outs);
    FT_OK(session.AddGraph(7, g));
    std::vector<gert::Tensor> inputs;
    inputs.push_back(Tensor23(kX, gert::kOnHost));
    std::vector<gert::Tensor> outputs;
    FT_OK(session.RunGraph(7, inputs, outputs));
    assert_int_equal(outputs.size(), 3);
    for (const gert::Tensor &t : outputs) {
        assert_int_equal(t.GetStorageShape().GetDimNum(), 2);
        assert_int_equal(t.GetStorageShape().GetDim(0), 1);
        assert_int_equal(t.GetStorageShape().GetDim(1), 3);
    }
    const float *r = outputs[0].GetData<float>(), *q = outputs[1].GetData<float>(), *y1 = outputs[2].GetData<float>();
    for (int i = 0; i < 3; ++i) {
        assert_true(r[i] == (kX[i] > 0 ? kX[i] : 0.0f));
        assert_true(q[i] == kX[3 + i] * kX[3 + i]);
        assert_true(y1[i] == kX[3 + i]);
    }
    outputs.clear();
    FT_OK(session.RemoveGraph(7));
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_graph_host),      cmocka_unit_test(test_run_with_stream),
        cmocka_unit_test(test_run_async),           cmocka_unit_test(test_compile_with_inputs),
        cmocka_unit_test(test_errors),              cmocka_unit_test(test_empty_graph_flow),
        cmocka_unit_test(test_multi_output_op),
    };
    return cmocka_run_group_tests(tests, GroupSetup, GroupTeardown);
}
