/* test_session_finalize.cpp: the GE instance's lifetime. Calls before GEInitializeV2 and after
 * GEFinalizeV2 return FAILED with a message; GEInitializeV2's options are checked (a bad one
 * leaves GE down) and unknown ones warned about; GEFinalizeV2 with sessions alive releases them
 * (docs/graph.md: later calls on such a session return FAILED, deleting it is harmless), frees
 * gecl's device outputs and leaves host outputs to their tensors. The ACL runtime stays up
 * throughout (aclInit in the group setup); each test brings GE up and down itself. Needs an
 * OpenCL device (PoCL in CI). */
#include "session_test_util.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

using namespace ge;
using st::DeviceBuffer;

namespace {
const std::vector<int64_t> k23 = {2, 3};
const std::vector<float> kX = st::Pattern(6, 1), kY = st::Pattern(6, 2);

std::vector<gert::Tensor> HostInputs() {
    std::vector<gert::Tensor> in;
    in.push_back(st::FloatTensor(k23, kX.data(), gert::kOnHost));
    in.push_back(st::FloatTensor(k23, kY.data(), gert::kOnHost));
    return in;
}

/* Every session call on `s` must fail with `code`, mentioning `message`; nothing is allocated. */
void ExpectAllCallsFail(GeSession &s, uint32_t id, aclrtStream stream, Status code, const char *message) {
    const uint64_t base = st::LiveOutputs();
    std::vector<gert::Tensor> in = HostInputs(), out;
    FT_ERR(code, s.AddGraph(id + 100, st::AddReluGraph()));
    FT_MSG_HAS(message);
    FT_ERR(code, s.CompileGraph(id));
    FT_MSG_HAS(message);
    FT_ERR(code, s.LoadGraph(id, {}, stream));
    FT_MSG_HAS(message);
    FT_ERR(code, s.RunGraph(id, in, out));
    FT_MSG_HAS(message);
    assert_true(out.empty());
    DeviceBuffer dx(kX), dy(kY), d0(24), d1(24);
    std::vector<gert::Tensor> din, dout;
    din.push_back(st::FloatTensor(k23, dx.Get(), gert::kOnDeviceHbm));
    din.push_back(st::FloatTensor(k23, dy.Get(), gert::kOnDeviceHbm));
    FT_ERR(code, s.RunGraphWithStreamAsync(id, stream, din, out));
    FT_MSG_HAS(message);
    assert_true(out.empty());
    dout.push_back(st::FloatTensor(k23, d0.Get(), gert::kOnDeviceHbm));
    dout.push_back(st::FloatTensor(k23, d1.Get(), gert::kOnDeviceHbm));
    FT_ERR(code, s.RunGraphWithStreamAsync(id, stream, din, dout));
    FT_MSG_HAS(message);
    bool called = false;
    FT_ERR(code, s.RunGraphAsync(id, in, [&called](Status, std::vector<gert::Tensor> &) { called = true; }));
    FT_MSG_HAS(message);
    assert_null(s.GetCompiledGraphSummary(id).get());
    FT_MSG_HAS(message);
    FT_ERR(code, s.RemoveGraph(id));
    FT_MSG_HAS(message);
    assert_int_equal(s.GetSessionId(), 0);
    assert_false(called);
    assert_int_equal(st::LiveOutputs(), base);
}

int FinalizeSetup(void **state) {
    (void)state;
    return st::SetupRuntime();
}

int FinalizeTeardown(void **state) {
    (void)state;
    static_cast<void>(GEFinalizeV2());  // in case a failed test left GE up
    int ret = st::CheckNothingLive();
    if (st::TeardownRuntime() != 0) ret = -1;
    return ret;
}
}  // namespace

/* Before GEInitializeV2: GEFinalizeV2 and every session call are FAILED with a message. */
static void test_before_initialize(void **state) {
    (void)state;
    FT_ERR(FAILED, GEFinalizeV2());
    FT_MSG_HAS("GE is not initialised");
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        ExpectAllCallsFail(session, 1, stream, FAILED, "GE is not initialised");
        FT_ERR(FAILED, session.AddGraph(1, st::AddReluGraph()));
        FT_MSG_HAS("the session could not be created");
    }
    assert_int_equal(st::Counts().sessions, 0);
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* GEInitializeV2's options: bad values are PARAM_INVALID and leave GE down; unknown keys and
 * keys of another level are accepted with a warning. */
static void test_initialize_options(void **state) {
    (void)state;
    FT_ERR(PARAM_INVALID, GEInitializeV2({{"ge.exec.deviceId", "99"}}));
    FT_MSG_HAS("ge.exec.deviceId=99 but there are");
    FT_ERR(FAILED, GEFinalizeV2());  // it stayed down
    FT_ERR(PARAM_INVALID, GEInitializeV2({{"ge.exec.deviceId", "one"}}));
    FT_MSG_HAS("ge.exec.deviceId='one' is not a device id");
    FT_ERR(PARAM_INVALID, GEInitializeV2({{"ge.graphRunMode", "-1"}}));
    FT_MSG_HAS("ge.graphRunMode='-1': expected 0 (inference) or 1 (training)");
    FT_ERR(FAILED, GEFinalizeV2());
    FT_MSG_HAS("GE is not initialised");

    FT_OK(GEInitializeV2({{"ge.gecl_test.globalOption", "1"}}));
    ST_WARNING_HAS("ge.gecl_test.globalOption");
    FT_OK(GEFinalizeV2());
    FT_OK(GEInitializeV2({{"ge.session_device_id", "0"}}));
    ST_WARNING_HAS("'ge.session_device_id' has no effect at global level");
    FT_OK(GEFinalizeV2());
    FT_OK(GEInitializeV2({{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "1"}}));
    {
        GeSession session({});
        FT_OK(session.AddGraph(1, st::AddReluGraph()));
        std::vector<gert::Tensor> out;
        FT_OK(session.RunGraph(1, HostInputs(), out));
    }
    FT_OK(GEFinalizeV2());
    FT_ERR(FAILED, GEFinalizeV2());
    FT_MSG_HAS("GE is not initialised");
}

/* GEFinalizeV2 with two sessions alive (graphs compiled, loaded, run in all three modes, outputs
 * held): it releases the sessions, their graphs and gecl's device outputs; host outputs stay
 * with their tensors. Later calls on the sessions are FAILED; deleting them is harmless. */
static void test_finalize_with_live_sessions(void **state) {
    (void)state;
    FT_OK(GEInitializeV2({{"ge.exec.deviceId", "0"}}));
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    GeSession *a = new GeSession({});
    GeSession *b = new GeSession({});
    GeSession copy = *a;
    std::vector<float> want_relu, want_add;
    st::AddReluRef(kX, kY, want_relu, want_add);

    FT_OK(a->AddGraph(1, st::AddReluGraph()));
    std::vector<gert::Tensor> host_out;
    FT_OK(a->RunGraph(1, HostInputs(), host_out));  // two host outputs, kept
    DeviceBuffer dx(kX), dy(kY);
    std::vector<gert::Tensor> din, dev_out;
    din.push_back(st::FloatTensor(k23, dx.Get(), gert::kOnDeviceHbm));
    din.push_back(st::FloatTensor(k23, dy.Get(), gert::kOnDeviceHbm));
    FT_OK(a->AddGraph(2, st::ConvGraph(st::ConvGraphSpec())));
    FT_OK(a->CompileGraph(2));
    FT_OK(a->AddGraph(3, st::AddReluGraph()));
    FT_OK(a->LoadGraph(3, {}, stream));
    FT_OK(a->RunGraphWithStreamAsync(3, stream, din, dev_out));  // two device outputs, kept
    assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    FT_OK(b->AddGraph(1, st::AddReluGraph()));
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    const std::vector<gert::Tensor> ain = HostInputs();
    FT_OK(b->RunGraphAsync(1, ain, [&](Status, std::vector<gert::Tensor> &) {
        std::lock_guard<std::mutex> lock(m);
        done = true;
        cv.notify_all();
    }));
    {
        std::unique_lock<std::mutex> lock(m);
        assert_true(cv.wait_for(lock, std::chrono::seconds(120), [&] { return done; }));
    }
    assert_int_equal(st::WaitLiveOutputs(4), 4);  // b's async outputs went after its callback
    gecl_graph_counts c = st::Counts();
    assert_int_equal(c.sessions, 2);
    assert_int_equal(c.graphs, 4);

    FT_OK(GEFinalizeV2());
    c = st::Counts();
    assert_int_equal(c.sessions, 0);
    assert_int_equal(c.graphs, 0);
    assert_int_equal(c.loaded, 0);
    assert_int_equal(c.outputs, 2);  // the host outputs belong to their tensors
    ST_EQUAL(st::HostValues(host_out[0]), want_relu);
    ST_EQUAL(st::HostValues(host_out[1]), want_add);

    ExpectAllCallsFail(*a, 1, stream, FAILED, "GE is not initialised");
    ExpectAllCallsFail(copy, 3, stream, FAILED, "GE is not initialised");
    ExpectAllCallsFail(*b, 1, stream, FAILED, "GE is not initialised");
    assert_true(a->IsGraphNeedRebuild(77));
    delete a;  // harmless, as is the copy going away below
    delete b;
    dev_out.clear();  // their memory went with GEFinalizeV2; freeing again is harmless
    host_out.clear();
    assert_int_equal(st::LiveOutputs(), 0);
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* GEFinalizeV2 with work still pending: queued RunGraphAsync runs all call back exactly once
 * before it returns, and a RunGraphWithStreamAsync that was not synchronised completes into the
 * caller's device memory. Nothing is left behind. */
static void test_finalize_with_pending_work(void **state) {
    (void)state;
    FT_OK(GEInitializeV2({}));
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    const int64_t rows = 64, cols = 65;
    const size_t n = static_cast<size_t>(rows * cols), bytes = n * sizeof(float);
    const std::vector<int64_t> dims = {rows, cols};
    const std::vector<float> x = st::Pattern(n, 5), y = st::Pattern(n, 6);
    std::vector<float> want_relu, want_add;
    st::AddReluRef(x, y, want_relu, want_add);
    DeviceBuffer dx(x), dy(y), drelu(bytes), dadd(bytes);
    const int kJobs = 6;
    std::mutex m;
    std::vector<int> calls(kJobs, 0);
    std::vector<Status> statuses(kJobs, FAILED);
    int correct = 0;
    {
        GeSession session({});
        FT_OK(session.AddGraph(1, st::AddReluGraph(rows, cols)));
        FT_OK(session.AddGraph(2, st::AddReluGraph(rows, cols)));
        std::vector<gert::Tensor> hin;
        hin.push_back(st::FloatTensor(dims, x.data(), gert::kOnHost));
        hin.push_back(st::FloatTensor(dims, y.data(), gert::kOnHost));
        for (int k = 0; k < kJobs; ++k) {
            FT_OK(session.RunGraphAsync(1, hin, [&, k](Status s, std::vector<gert::Tensor> &out) {
                std::lock_guard<std::mutex> lock(m);
                ++calls[static_cast<size_t>(k)];
                statuses[static_cast<size_t>(k)] = s;
                if (s == SUCCESS && out.size() == 2 && st::HostValues(out[0]) == want_relu) ++correct;
            }));
        }
        std::vector<gert::Tensor> din, dout;
        din.push_back(st::FloatTensor(dims, dx.Get(), gert::kOnDeviceHbm));
        din.push_back(st::FloatTensor(dims, dy.Get(), gert::kOnDeviceHbm));
        dout.push_back(st::FloatTensor(dims, drelu.Get(), gert::kOnDeviceHbm));
        dout.push_back(st::FloatTensor(dims, dadd.Get(), gert::kOnDeviceHbm));
        FT_OK(session.RunGraphWithStreamAsync(2, stream, din, dout));  // not synchronised

        FT_OK(GEFinalizeV2());
        {
            std::lock_guard<std::mutex> lock(m);
            for (int k = 0; k < kJobs; ++k) {
                assert_int_equal(calls[static_cast<size_t>(k)], 1);
                FT_OK(statuses[static_cast<size_t>(k)]);  // queued before GEFinalizeV2: they ran
            }
            assert_int_equal(correct, kJobs);
        }
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        ST_EQUAL(drelu.Download(), want_relu);
        ST_EQUAL(dadd.Download(), want_add);
        const gecl_graph_counts c = st::Counts();
        assert_int_equal(c.sessions, 0);
        assert_int_equal(c.graphs, 0);
        assert_int_equal(c.outputs, 0);
        bool called = false;
        FT_ERR(FAILED, session.RunGraphAsync(1, hin, [&called](Status, std::vector<gert::Tensor> &) { called = true; }));
        FT_MSG_HAS("GE is not initialised");
        assert_false(called);
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* A session released by GEFinalizeV2 stays released when GE comes up again: its calls are FAILED
 * (docs/graph.md), it does not reach the new instance's sessions, and new sessions work. */
static void test_released_session_after_reinitialize(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    FT_OK(GEInitializeV2({}));
    GeSession *old = new GeSession({});
    const uint64_t old_id = old->GetSessionId();
    assert_true(old_id != 0);
    FT_OK(old->AddGraph(1, st::AddReluGraph()));
    FT_OK(old->CompileGraph(1));
    FT_OK(GEFinalizeV2());
    FT_OK(GEInitializeV2({}));
    {
        GeSession fresh({});
        assert_true(fresh.GetSessionId() != 0);
        assert_true(fresh.GetSessionId() != old_id);
        FT_OK(fresh.AddGraph(1, st::AddReluGraph()));
        ExpectAllCallsFail(*old, 1, stream, FAILED, "GEFinalizeV2");
        delete old;  // harmless, and it leaves the new session alone
        assert_int_equal(st::Counts().sessions, 1);
        std::vector<gert::Tensor> out;
        FT_OK(fresh.RunGraph(1, HostInputs(), out));
        std::vector<float> relu, add;
        st::AddReluRef(kX, kY, relu, add);
        ST_EQUAL(st::HostValues(out[0]), relu);
    }
    FT_OK(GEFinalizeV2());
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_before_initialize),
        cmocka_unit_test(test_initialize_options),
        cmocka_unit_test(test_finalize_with_live_sessions),
        cmocka_unit_test(test_finalize_with_pending_work),
        cmocka_unit_test(test_released_session_after_reinitialize),
    };
    return cmocka_run_group_tests(tests, FinalizeSetup, FinalizeTeardown);
}
