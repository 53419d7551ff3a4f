/* test_facade_legacy.cpp: CANN's legacy GE API (ge_api.h: GEInitialize, ge::Session with
 * ge::Tensor) as the ops repositories' examples use it: host runs with gecl-allocated outputs,
 * BuildGraph with InputTensorInfo, device runs on a stream, RunGraphAsync, errors. Needs an
 * OpenCL device (PoCL in CI). */
#include "facade_test_util.h"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "acl/acl.h"
#include "all_ops.h"
#include "ge_api.h"

using namespace ge;

namespace {
const float kX[6] = {1, -2, 3, -4, 5, -6};
const float kY[6] = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};

/* relu(x + y), [2, 3]; with `described`, the Data ops carry their descriptions. */
Graph AddReluGraph(bool described) {
    op::Data x("x"), y("y");
    x.set_attr_index(0);
    y.set_attr_index(1);
    if (described) {
        x.update_output_desc_y(TensorDesc(Shape({2, 3}), FORMAT_ND, DT_FLOAT));
        y.update_output_desc_y(TensorDesc(Shape({2, 3}), FORMAT_ND, DT_FLOAT));
    }
    auto add = op::Add("add").set_input_x1(x).set_input_x2(y);
    auto relu = op::Relu("relu").set_input_x(add);
    Graph g("legacy_add_relu");
    g.SetInputs({x, y}).SetOutputs({relu});
    return g;
}

ge::Tensor HostTensor(const float *v) {
    TensorDesc d(Shape({2, 3}), FORMAT_ND, DT_FLOAT);
    d.SetPlacement(kPlacementHost);
    return ge::Tensor(d, reinterpret_cast<const uint8_t *>(v), 6 * sizeof(float));
}

void ExpectAddRelu(const ge::Tensor &t) {
    assert_int_equal(t.GetSize(), 6 * sizeof(float));
    assert_int_equal(t.GetTensorDesc().GetShape().GetShapeSize(), 6);
    assert_int_equal(t.GetTensorDesc().GetDataType(), DT_FLOAT);
    const float *v = reinterpret_cast<const float *>(t.GetData());
    assert_non_null(v);
    for (int i = 0; i < 6; ++i) {
        const float sum = kX[i] + kY[i];
        assert_true(v[i] == (sum > 0 ? sum : 0.0f));
    }
}

uint64_t LiveOutputs() {
    gecl_graph_counts c;
    std::memset(&c, 0, sizeof c);
    return gecl_graph_live_counts(&c) == GECL_SUCCESS ? c.outputs : UINT64_MAX;
}

int GroupSetup(void **state) {
    (void)state;
    if (aclInit(nullptr) != ACL_SUCCESS || aclrtSetDevice(0) != ACL_SUCCESS) return -1;
    const std::map<std::string, std::string> options = {{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "1"}};
    if (GEInitialize(options) != SUCCESS) {
        print_error("GEInitialize failed: %s\n", GEGetErrorMsg().c_str());
        return -1;
    }
    return 0;
}

int GroupTeardown(void **state) {
    (void)state;
    gecl_graph_counts c;
    std::memset(&c, 0, sizeof c);
    const int leaked = gecl_graph_live_counts(&c) != GECL_SUCCESS || c.sessions || c.graphs || c.outputs;
    const int ret = (GEFinalize() == SUCCESS && !leaked) ? 0 : -1;
    aclrtResetDevice(0);
    aclFinalize();
    return ret;
}
}  // namespace

/* The pattern of the ops repositories' test_geir_*.cpp: host ge::Tensors in, outputs out. */
static void test_run_graph_host(void **state) {
    (void)state;
    const std::map<AscendString, AscendString> build_options;
    Session *session = new Session(build_options);
    FT_OK(session->AddGraph(0, AddReluGraph(true), build_options));
    std::vector<ge::Tensor> input = {HostTensor(kX), HostTensor(kY)}, output;
    FT_OK(session->RunGraph(0, input, output));
    assert_int_equal(output.size(), 1);
    assert_int_equal(output[0].GetTensorDesc().GetPlacement(), kPlacementHost);
    ExpectAddRelu(output[0]);
    assert_int_equal(LiveOutputs(), 1);
    {
        const ge::Tensor shared = output[0];  // copies share the memory
        output.clear();
        ExpectAddRelu(shared);
    }
    assert_int_equal(LiveOutputs(), 0);

    // Caller memory for the output: written in place.
    std::vector<float> result(6, -1.0f);
    ge::Tensor out(TensorDesc(Shape({2, 3}), FORMAT_ND, DT_FLOAT));
    out.SetData(reinterpret_cast<uint8_t *>(result.data()), result.size() * sizeof(float), [](uint8_t *) {});
    output = {out};
    FT_OK(session->RunGraph(0, input, output));
    ExpectAddRelu(output[0]);
    assert_true(output[0].GetData() == reinterpret_cast<uint8_t *>(result.data()));
    assert_false(session->IsGraphNeedRebuild(0));
    assert_true(session->GetSessionId() != 0);
    FT_OK(session->RemoveGraph(0));
    delete session;
}

/* A graph whose Data ops have no descriptions takes them from BuildGraph's InputTensorInfo. */
static void test_build_graph_with_infos(void **state) {
    (void)state;
    Session session(std::map<std::string, std::string>{});
    FT_OK(session.AddGraphWithCopy(3, AddReluGraph(false)));
    InputTensorInfo info{static_cast<uint32_t>(DT_FLOAT), {2, 3}, nullptr, 24};
    FT_OK(session.BuildGraph(3, std::vector<InputTensorInfo>{info, info}));
    CompiledGraphSummaryPtr summary = session.GetCompiledGraphSummary(3);
    assert_non_null(summary.get());
    std::vector<ge::Shape> shapes;
    FT_OK(summary->GetOutputShapes(shapes));
    assert_int_equal(shapes.size(), 1);
    assert_int_equal(shapes[0].GetDim(1), 3);
    std::vector<ge::Tensor> input = {HostTensor(kX), HostTensor(kY)}, output;
    FT_OK(session.RunGraph(3, input, output));
    ExpectAddRelu(output[0]);
}

/* Device ge::Tensors on a stream; an empty output vector gets device memory from gecl. */
static void test_run_with_stream(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    void *dx = nullptr, *dy = nullptr;
    assert_int_equal(aclrtMalloc(&dx, 24, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMalloc(&dy, 24, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMemcpy(dx, 24, kX, 24, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    assert_int_equal(aclrtMemcpy(dy, 24, kY, 24, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    std::vector<ge::Tensor> input(2);
    void *dev[2] = {dx, dy};
    for (int i = 0; i < 2; ++i) {
        TensorDesc d(Shape({2, 3}), FORMAT_ND, DT_FLOAT);
        d.SetPlacement(kPlacementDevice);
        input[i].SetTensorDesc(d);
        input[i].SetData(static_cast<uint8_t *>(dev[i]), 24, [](uint8_t *) {});  // the test frees it
    }
    Session session(std::map<AscendString, AscendString>{});
    FT_OK(session.AddGraph(5, AddReluGraph(true)));
    FT_OK(session.LoadGraph(5, {}, stream));
    std::vector<ge::Tensor> output;
    FT_OK(session.RunGraphWithStreamAsync(5, stream, input, output));
    assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    assert_int_equal(output.size(), 1);
    assert_int_equal(output[0].GetTensorDesc().GetPlacement(), kPlacementDevice);
    float back[6] = {0};
    assert_int_equal(aclrtMemcpy(back, 24, output[0].GetData(), 24, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    ge::Tensor host = HostTensor(back);
    ExpectAddRelu(host);

    // The legacy name for the runtime-tensor run mode runs the same loaded graph.
    std::vector<gert::Tensor> in2, out2;
    for (int i = 0; i < 2; ++i) {
        in2.emplace_back(gert::StorageShape({2, 3}, {2, 3}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}),
                         gert::kOnDeviceHbm, DT_FLOAT, dev[i], nullptr);
    }
    FT_OK(session.ExecuteGraphWithStreamAsync(5, stream, in2, out2));
    assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    assert_int_equal(out2.size(), 1);
    std::memset(back, 0, sizeof back);
    assert_int_equal(aclrtMemcpy(back, 24, out2[0].GetAddr(), 24, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    ExpectAddRelu(HostTensor(back));

    // Host memory labelled device is refused, and nothing is left allocated.
    const uint64_t live = LiveOutputs();
    std::vector<ge::Tensor> bad_in = {HostTensor(kX), HostTensor(kY)}, bad_out;
    FT_ERR(PARAM_INVALID, session.RunGraphWithStreamAsync(5, stream, bad_in, bad_out));
    assert_true(bad_out.empty());
    assert_int_equal(LiveOutputs(), live);
    output.clear();
    out2.clear();
    assert_int_equal(aclrtFree(dx), ACL_SUCCESS);
    assert_int_equal(aclrtFree(dy), ACL_SUCCESS);
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* The callback runs on a worker thread with host ge::Tensors; the inputs may go out of scope. */
static void test_run_graph_async(void **state) {
    (void)state;
    Session session(std::map<AscendString, AscendString>{});
    FT_OK(session.AddGraph(7, AddReluGraph(true)));
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    Status got = FAILED;
    std::thread::id caller = std::this_thread::get_id(), worker;
    std::vector<ge::Tensor> result;
    {
        std::vector<float> x(kX, kX + 6), y(kY, kY + 6);
        std::vector<ge::Tensor> input = {HostTensor(x.data()), HostTensor(y.data())};
        FT_OK(session.RunGraphAsync(7, input, [&](Status st, std::vector<ge::Tensor> &outs) {
            std::lock_guard<std::mutex> lock(m);
            got = st;
            result = outs;
            worker = std::this_thread::get_id();
            done = true;
            cv.notify_all();
        }));
    }
    std::unique_lock<std::mutex> lock(m);
    assert_true(cv.wait_for(lock, std::chrono::seconds(120), [&] { return done; }));
    assert_int_equal(got, SUCCESS);
    assert_true(worker != caller);
    assert_int_equal(result.size(), 1);
    ExpectAddRelu(result[0]);
    result.clear();
    lock.unlock();
    FT_OK(session.RemoveGraph(7));
}

static void test_errors(void **state) {
    (void)state;
    Session session(std::map<AscendString, AscendString>{});
    std::vector<ge::Tensor> in, out;
    FT_ERR(PARAM_INVALID, session.RunGraph(42, in, out));
    assert_true(GEGetErrorMsg().find("graph 42 was not added") != std::string::npos);
    assert_true(std::string(GEGetErrorMsgV2().GetString()) == GEGetErrorMsg());
    FT_OK(session.AddGraph(1, AddReluGraph(true)));
    FT_ERR(PARAM_INVALID, session.AddGraph(1, AddReluGraph(true)));
    in = {HostTensor(kX)};  // one input for two Data ops
    FT_ERR(PARAM_INVALID, session.RunGraph(1, in, out));
    assert_true(out.empty());
    std::vector<ge::Tensor> vars;
    FT_ERR(FAILED, session.GetVariables({AscendString("v")}, vars));
    FT_MSG_HAS("GetVariables");
    FT_ERR(FAILED, session.RegisterCallBackFunc("k", session::pCallBackFunc()));  // an empty callback
    FT_OK(session.RegisterCallBackFunc(
        "Summary", [](uint32_t, const std::map<AscendString, ge::Tensor> &) -> Status { return SUCCESS; }));
    FT_OK(session.RemoveGraph(1));
    FT_ERR(PARAM_INVALID, session.RemoveGraph(1));
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_graph_host), cmocka_unit_test(test_build_graph_with_infos),
        cmocka_unit_test(test_run_with_stream), cmocka_unit_test(test_run_graph_async),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, GroupSetup, GroupTeardown);
}
