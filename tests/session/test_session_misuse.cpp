/* test_session_misuse.cpp: misuse of GeSession, each with the status code docs/graph.md gives
 * (PARAM_INVALID for bad ids, counts, dtypes, shapes, sizes, placements, misaligned or foreign
 * device pointers; FAILED for mixed run modes) and a GEGetErrorMsgV3 message naming the problem.
 * Every failed run must leave no gecl-allocated output behind (gecl_graph_live_counts). Needs an
 * OpenCL device (PoCL in CI). */
#include "session_test_util.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

using namespace ge;
using st::DeviceBuffer;

namespace {
const std::vector<int64_t> k23 = {2, 3};
const std::vector<float> kX = st::Pattern(6, 1), kY = st::Pattern(6, 2);

gert::Tensor Host(const void *p, const std::vector<int64_t> &dims = k23) {
    return st::FloatTensor(dims, p, gert::kOnHost);
}
gert::Tensor Dev(const void *p, const std::vector<int64_t> &dims = k23) {
    return st::FloatTensor(dims, p, gert::kOnDeviceHbm);
}

/* 32-byte aligned host memory (so a check fails for being host memory, not for alignment). */
struct AlignedHost {
    void *p;
    explicit AlignedHost(size_t bytes) : p(std::aligned_alloc(64, (bytes + 63) / 64 * 64)) {
        std::memset(p, 0, (bytes + 63) / 64 * 64);
    }
    ~AlignedHost() { std::free(p); }
    AlignedHost(const AlignedHost &) = delete;
    AlignedHost &operator=(const AlignedHost &) = delete;
};

/* A RunGraph that must fail with `code` and `message`, leave `outputs` as given (empty stays
 * empty) and leave no gecl-allocated output behind. */
void ExpectRunGraphFails(GeSession &s, uint32_t id, const std::vector<gert::Tensor> &in,
                         std::vector<gert::Tensor> &out, Status code, const char *message) {
    const uint64_t base = st::LiveOutputs();
    const size_t n_out = out.size();
    FT_ERR(code, s.RunGraph(id, in, out));
    FT_MSG_HAS(message);
    assert_int_equal(out.size(), n_out);
    assert_int_equal(st::LiveOutputs(), base);
}

void ExpectStreamFails(GeSession &s, uint32_t id, aclrtStream stream, const std::vector<gert::Tensor> &in,
                       std::vector<gert::Tensor> &out, Status code, const char *message) {
    const uint64_t base = st::LiveOutputs();
    const size_t n_out = out.size();
    FT_ERR(code, s.RunGraphWithStreamAsync(id, stream, in, out));
    FT_MSG_HAS(message);
    assert_int_equal(out.size(), n_out);
    assert_int_equal(st::LiveOutputs(), base);
}

std::vector<gert::Tensor> HostInputs() {
    std::vector<gert::Tensor> in;
    in.push_back(Host(kX.data()));
    in.push_back(Host(kY.data()));
    return in;
}

/* Collects one RunGraphAsync callback. */
struct AsyncOnce {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    Status status = SUCCESS;
    size_t n_outputs = 99;
    std::string message;
    RunAsyncCallbackV2 Callback() {
        return [this](Status s, std::vector<gert::Tensor> &outputs) {
            std::lock_guard<std::mutex> lock(m);
            status = s;
            n_outputs = outputs.size();
            message = GEGetErrorMsgV3().GetString();  // the worker thread's message
            done = true;
            cv.notify_all();
        };
    }
    bool Wait() {
        std::unique_lock<std::mutex> lock(m);
        return cv.wait_for(lock, std::chrono::seconds(120), [&] { return done; });
    }
};
}  // namespace

/* An id that was never added, in every call. */
static void test_unknown_graph_id(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(1, st::AddReluGraph()));  // another id exists
        const uint64_t base = st::LiveOutputs();
        std::vector<gert::Tensor> in = HostInputs(), out;
        FT_ERR(PARAM_INVALID, session.RemoveGraph(42));
        FT_MSG_HAS("graph 42 was not added");
        FT_ERR(PARAM_INVALID, session.CompileGraph(42));
        FT_MSG_HAS("graph 42 was not added");
        const TensorDesc d(Shape({2, 3}), FORMAT_ND, DT_FLOAT);
        FT_ERR(PARAM_INVALID, session.CompileGraph(42, {ge::Tensor(d), ge::Tensor(d)}));
        FT_MSG_HAS("graph 42 was not added");
        FT_ERR(PARAM_INVALID, session.LoadGraph(42, {}, stream));
        FT_MSG_HAS("graph 42 was not added");
        FT_ERR(PARAM_INVALID, session.RunGraph(42, in, out));
        FT_MSG_HAS("graph 42 was not added");
        FT_ERR(PARAM_INVALID, session.RunGraphWithStreamAsync(42, stream, in, out));
        FT_MSG_HAS("graph 42 was not added");
        bool called = false;
        FT_ERR(PARAM_INVALID,
               session.RunGraphAsync(42, in, [&called](Status, std::vector<gert::Tensor> &) { called = true; }));
        FT_MSG_HAS("graph 42 was not added");
        assert_null(session.GetCompiledGraphSummary(42).get());
        FT_MSG_HAS("graph 42 was not added");
        assert_true(session.IsGraphNeedRebuild(42));
        assert_true(out.empty());
        assert_int_equal(st::LiveOutputs(), base);
        FT_OK(session.RemoveGraph(1));  // waits for any queued async work
        assert_false(called);
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* AddGraph / AddGraphClone with an id in use; the first graph is untouched. */
static void test_duplicate_graph_id(void **state) {
    (void)state;
    GeSession session({});
    FT_OK(session.AddGraph(10, st::AddReluGraph()));
    FT_ERR(PARAM_INVALID, session.AddGraph(10, st::MatMulGraph(std::vector<float>(12, 1.0f))));
    FT_MSG_HAS("graph id 10 is already in use");
    FT_ERR(PARAM_INVALID, session.AddGraph(10, st::AddReluGraph(), {{"ge.graphRunMode", "0"}}));
    FT_MSG_HAS("graph id 10 is already in use");
    FT_ERR(PARAM_INVALID, session.AddGraphClone(10, st::AddReluGraph()));
    FT_MSG_HAS("graph id 10 is already in use");
    FT_ERR(PARAM_INVALID, session.AddGraphClone(10, st::AddReluGraph(), {}));
    FT_MSG_HAS("graph id 10 is already in use");
    assert_int_equal(st::Counts().graphs, 1);
    std::vector<gert::Tensor> out;
    FT_OK(session.RunGraph(10, HostInputs(), out));
    std::vector<float> relu, add;
    st::AddReluRef(kX, kY, relu, add);
    ST_EQUAL(st::HostValues(out[0]), relu);
}

/* A removed graph cannot be run in any mode, compiled, loaded or removed again. */
static void test_removed_graph(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(11, st::AddReluGraph()));
        std::vector<gert::Tensor> in = HostInputs(), out;
        FT_OK(session.RunGraph(11, in, out));
        FT_OK(session.RemoveGraph(11));
        out.clear();
        const uint64_t base = st::LiveOutputs();
        ExpectRunGraphFails(session, 11, in, out, PARAM_INVALID, "graph 11 was not added");
        ExpectStreamFails(session, 11, stream, in, out, PARAM_INVALID, "graph 11 was not added");
        FT_ERR(PARAM_INVALID, session.RunGraphAsync(11, in, [](Status, std::vector<gert::Tensor> &) {}));
        FT_MSG_HAS("graph 11 was not added");
        FT_ERR(PARAM_INVALID, session.CompileGraph(11));
        FT_MSG_HAS("graph 11 was not added");
        FT_ERR(PARAM_INVALID, session.LoadGraph(11, {}, stream));
        FT_MSG_HAS("graph 11 was not added");
        FT_ERR(PARAM_INVALID, session.RemoveGraph(11));
        FT_MSG_HAS("graph 11 was not added");
        assert_int_equal(st::LiveOutputs(), base);
        assert_int_equal(st::Counts().graphs, 0);
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* The first run fixes a graph's mode; the other two get FAILED (and no callback), and the first
 * mode keeps working. */
static void test_mixed_run_modes(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        DeviceBuffer dx(kX), dy(kY);
        std::vector<gert::Tensor> din;
        din.push_back(Dev(dx.Get()));
        din.push_back(Dev(dy.Get()));
        const std::vector<gert::Tensor> hin = HostInputs();
        bool called = false;
        auto never = [&called](Status, std::vector<gert::Tensor> &) { called = true; };

        // RunGraph first.
        FT_OK(session.AddGraph(1, st::AddReluGraph()));
        std::vector<gert::Tensor> out;
        FT_OK(session.RunGraph(1, hin, out));
        out.clear();
        ExpectStreamFails(session, 1, stream, din, out, FAILED,
                          "graph 1 was run with RunGraph; RunGraphWithStreamAsync cannot run it");
        FT_MSG_HAS("exclusive");
        FT_ERR(FAILED, session.RunGraphAsync(1, hin, never));
        FT_MSG_HAS("RunGraphAsync cannot run it");
        FT_OK(session.RunGraph(1, din, out));

        // RunGraphWithStreamAsync first.
        FT_OK(session.AddGraph(2, st::AddReluGraph()));
        out.clear();
        FT_OK(session.RunGraphWithStreamAsync(2, stream, din, out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        out.clear();
        ExpectRunGraphFails(session, 2, hin, out, FAILED,
                            "graph 2 was run with RunGraphWithStreamAsync; RunGraph cannot run it");
        FT_ERR(FAILED, session.RunGraphAsync(2, hin, never));
        FT_MSG_HAS("exclusive");

        // RunGraphAsync first.
        FT_OK(session.AddGraph(3, st::AddReluGraph()));
        AsyncOnce first;
        FT_OK(session.RunGraphAsync(3, hin, first.Callback()));
        assert_true(first.Wait());
        FT_OK(first.status);
        ExpectRunGraphFails(session, 3, hin, out, FAILED, "graph 3 was run with RunGraphAsync; RunGraph cannot");
        ExpectStreamFails(session, 3, stream, din, out, FAILED,
                          "graph 3 was run with RunGraphAsync; RunGraphWithStreamAsync cannot");
        AsyncOnce again;
        FT_OK(session.RunGraphAsync(3, hin, again.Callback()));
        assert_true(again.Wait());
        FT_OK(again.status);
        assert_int_equal(again.n_outputs, 2);

        for (uint32_t id = 1; id <= 3; ++id) FT_OK(session.RemoveGraph(id));
        assert_false(called);
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* Wrong input count, shape, dtype, size or data: PARAM_INVALID with the input named, in RunGraph
 * and RunGraphWithStreamAsync; no outputs are left behind. */
static void test_input_errors(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(20, st::AddReluGraph()));
        FT_OK(session.AddGraph(21, st::AddReluGraph()));
        FT_OK(session.LoadGraph(21, {{"ge.exec.hostInputIndexes", "0;1"}}, stream));
        std::vector<gert::Tensor> out;
        const std::vector<int32_t> ints(6, 1);
        const std::vector<float> big(12, 1.0f);

        struct Case {
            std::vector<gert::Tensor> in;
            const char *message;
        };
        std::vector<Case> cases;
        auto add = [&cases](std::vector<gert::Tensor> in, const char *message) {
            cases.push_back(Case{std::move(in), message});
        };
        std::vector<gert::Tensor> v;
        add(std::vector<gert::Tensor>(), "0 inputs given, graph");
        v.push_back(Host(kX.data()));
        add(std::move(v), "1 inputs given, graph");
        v = HostInputs();
        v.push_back(Host(kX.data()));
        add(std::move(v), "3 inputs given, graph");
        v = HostInputs();
        v[1] = Host(kY.data(), {3, 2});
        add(std::move(v), "input 1 has shape [3,2], the graph expects [2,3]");
        v = HostInputs();
        v[0] = Host(kX.data(), {6});
        add(std::move(v), "input 0 has shape [6], the graph expects [2,3]");
        v = HostInputs();
        v[1] = Host(big.data(), {2, 3, 2});
        add(std::move(v), "input 1 has shape [2,3,2]");
        v = HostInputs();
        v[0] = st::MakeTensor(k23, DT_INT32, ints.data(), gert::kOnHost);
        add(std::move(v), "input 0 is DT_INT32, the graph expects DT_FLOAT");
        v = HostInputs();
        v[1] = st::MakeTensor(k23, DT_FLOAT16, ints.data(), gert::kOnHost);
        add(std::move(v), "input 1 is DT_FLOAT16, the graph expects DT_FLOAT");
        v = HostInputs();
        v[1].SetSize(12);
        add(std::move(v), "input 1: 12 bytes given, 24 needed");
        v = HostInputs();
        v[0] = Host(nullptr);
        add(std::move(v), "input 0: data is NULL");
        v = HostInputs();
        v[0] = st::MakeTensor(k23, DT_HIFLOAT8, kX.data(), gert::kOnHost);
        add(std::move(v), "input 0: ");

        for (Case &c : cases) {
            ExpectRunGraphFails(session, 20, c.in, out, PARAM_INVALID, c.message);
            ExpectStreamFails(session, 21, stream, c.in, out, PARAM_INVALID, c.message);
        }
        // Both graphs still run correctly.
        FT_OK(session.RunGraph(20, HostInputs(), out));
        std::vector<float> relu, sum;
        st::AddReluRef(kX, kY, relu, sum);
        ST_EQUAL(st::HostValues(out[0]), relu);
        out.clear();
        FT_OK(session.RunGraphWithStreamAsync(21, stream, HostInputs(), out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        ST_EQUAL(DeviceBuffer::DownloadFrom(out[0].GetAddr(), 24), relu);
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* Device memory that is not: host memory labelled kOnDeviceHbm, freed or too small device
 * memory, a device pointer 4 bytes into an allocation (not 32-byte aligned); and the reverse:
 * a device pointer labelled kOnHost, host outputs for RunGraphWithStreamAsync, host inputs not
 * listed in ge.exec.hostInputIndexes. */
static void test_placement_errors(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(30, st::AddReluGraph()));  // RunGraph
        FT_OK(session.AddGraph(31, st::AddReluGraph()));  // RunGraphWithStreamAsync
        DeviceBuffer dx(kX), dy(kY), big(128), small(16), dout0(24), dout1(24);
        AlignedHost host(64);
        std::memcpy(host.p, kX.data(), 24);
        void *freed = nullptr;
        assert_int_equal(aclrtMalloc(&freed, 24, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
        assert_int_equal(aclrtFree(freed), ACL_SUCCESS);
        char *misaligned = static_cast<char *>(big.Get()) + 4;

        struct Case {
            std::vector<gert::Tensor> in;
            const char *message;
        };
        std::vector<Case> cases;
        std::vector<gert::Tensor> v;
        v.push_back(Dev(host.p));
        v.push_back(Dev(dy.Get()));
        cases.push_back(Case{std::move(v), "input 0: "});
        v.clear();
        v.push_back(Dev(dx.Get()));
        v.push_back(Dev(freed));
        cases.push_back(Case{std::move(v), "input 1: "});
        v.clear();
        v.push_back(Dev(small.Get()));
        v.push_back(Dev(dy.Get()));
        cases.push_back(Case{std::move(v), "input 0: "});
        v.clear();
        v.push_back(Dev(dx.Get()));
        v.push_back(Dev(misaligned));
        cases.push_back(Case{std::move(v), "not 32-byte aligned"});
        for (Case &c : cases) {
            std::vector<gert::Tensor> out;
            ExpectRunGraphFails(session, 30, c.in, out, PARAM_INVALID, c.message);
            ExpectStreamFails(session, 31, stream, c.in, out, PARAM_INVALID, c.message);
        }
        // The specific messages.
        std::vector<gert::Tensor> out;
        ExpectStreamFails(session, 31, stream, cases[0].in, out, PARAM_INVALID,
                          "is not 24 bytes of live device memory from aclrtMalloc (placement says device)");
        ExpectStreamFails(session, 31, stream, cases[1].in, out, PARAM_INVALID, "live device memory");
        ExpectStreamFails(session, 31, stream, cases[2].in, out, PARAM_INVALID, "is not 24 bytes of live device");
        ExpectStreamFails(session, 31, stream, cases[3].in, out, PARAM_INVALID,
                          "input 1: device address");

        // 32 bytes into an allocation is a valid device address.
        std::vector<gert::Tensor> offset_in;
        assert_true(aclrtMemcpy(static_cast<char *>(big.Get()) + 32, 24, kY.data(), 24, ACL_MEMCPY_HOST_TO_DEVICE) ==
                    ACL_SUCCESS);
        offset_in.push_back(Dev(dx.Get()));
        offset_in.push_back(Dev(static_cast<char *>(big.Get()) + 32));
        FT_OK(session.RunGraphWithStreamAsync(31, stream, offset_in, out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        std::vector<float> relu, sum;
        st::AddReluRef(kX, kY, relu, sum);
        ST_EQUAL(DeviceBuffer::DownloadFrom(out[1].GetAddr(), 24), sum);
        out.clear();

        // Host inputs for RunGraphWithStreamAsync without ge.exec.hostInputIndexes.
        std::vector<gert::Tensor> hin;
        hin.push_back(Dev(dx.Get()));
        hin.push_back(Host(kY.data()));
        ExpectStreamFails(session, 31, stream, hin, out, PARAM_INVALID, "input 1 is host memory");

        // Outputs: misaligned, foreign, too small device memory, in both modes; one output left
        // to gecl (allocated before the bad one is seen) must be freed again.
        std::vector<gert::Tensor> din;
        din.push_back(Dev(dx.Get()));
        din.push_back(Dev(dy.Get()));
        const void *bad_outputs[] = {misaligned, host.p, small.Get(), freed};
        const char *bad_messages[] = {"output 1: device address", "output 1: ", "output 1: ", "output 1: "};
        for (size_t i = 0; i < 4; ++i) {
            std::vector<gert::Tensor> o;
            o.push_back(Dev(dout0.Get()));
            o.push_back(Dev(bad_outputs[i]));
            ExpectRunGraphFails(session, 30, din, o, PARAM_INVALID, bad_messages[i]);
            ExpectStreamFails(session, 31, stream, din, o, PARAM_INVALID, bad_messages[i]);
            o[0] = gert::Tensor();  // gecl allocates output 0, then output 1 fails
            ExpectRunGraphFails(session, 30, din, o, PARAM_INVALID, bad_messages[i]);
            ExpectStreamFails(session, 31, stream, din, o, PARAM_INVALID, bad_messages[i]);
        }
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* A device pointer labelled host memory (kOnHost) must be refused, not read or written as host
 * memory; RunGraphWithStreamAsync outputs are device memory (docs/graph.md). */
static void test_device_pointer_as_host(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(40, st::AddReluGraph()));
        FT_OK(session.AddGraph(41, st::AddReluGraph()));
        FT_OK(session.LoadGraph(41, {{"ge.exec.hostInputIndexes", "1"}}, stream));
        DeviceBuffer dx(kX), dy(kY), dout(24);
        std::vector<gert::Tensor> in, out;
        in.push_back(Host(kX.data()));
        in.push_back(Host(dy.Get()));  // device memory said to be on the host
        ExpectRunGraphFails(session, 40, in, out, PARAM_INVALID, "input 1: ");
        FT_MSG_HAS("device memory");
        in[0] = Dev(dx.Get());
        ExpectStreamFails(session, 41, stream, in, out, PARAM_INVALID, "input 1: ");
        FT_MSG_HAS("device memory");
        AsyncOnce r;
        in[0] = Host(kX.data());
        FT_OK(session.AddGraph(42, st::AddReluGraph()));
        FT_OK(session.RunGraphAsync(42, in, r.Callback()));
        assert_true(r.Wait());
        FT_ERR(PARAM_INVALID, r.status);
        assert_int_equal(r.n_outputs, 0);
        assert_true(r.message.find("input 1: ") != std::string::npos);

        // Outputs: a device pointer as a host output of RunGraph.
        std::vector<float> relu(6);
        out.push_back(Host(relu.data()));
        out.push_back(Host(dout.Get()));
        ExpectRunGraphFails(session, 40, HostInputs(), out, PARAM_INVALID, "output 1: ");
        FT_MSG_HAS("device memory");
        // Host outputs for RunGraphWithStreamAsync.
        std::vector<gert::Tensor> din;
        din.push_back(Dev(dx.Get()));
        din.push_back(Dev(dy.Get()));
        std::vector<float> sum(6);
        std::vector<gert::Tensor> hout;
        hout.push_back(Dev(dout.Get()));
        hout.push_back(Host(sum.data()));
        ExpectStreamFails(session, 41, stream, din, hout, PARAM_INVALID, "output 1");
        FT_MSG_HAS("device memory");
        FT_OK(session.RemoveGraph(42));
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* Caller outputs with the wrong count, shape, dtype or too few bytes. */
static void test_output_errors(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(50, st::AddReluGraph()));
        FT_OK(session.AddGraph(51, st::AddReluGraph()));
        DeviceBuffer dx(kX), dy(kY), d0(24), d1(24), dbig(48);
        std::vector<gert::Tensor> hin = HostInputs(), din;
        din.push_back(Dev(dx.Get()));
        din.push_back(Dev(dy.Get()));
        std::vector<float> h0(6), h1(6), hbig(12);
        std::vector<int32_t> hint(6);

        std::vector<gert::Tensor> o;
        o.push_back(Host(h0.data()));
        ExpectRunGraphFails(session, 50, hin, o, PARAM_INVALID, "1 outputs given, graph 50 has 2 outputs");
        o.clear();
        o.push_back(Dev(d0.Get()));
        ExpectStreamFails(session, 51, stream, din, o, PARAM_INVALID, "1 outputs given, graph 51 has 2 outputs");
        o.clear();
        for (int i = 0; i < 3; ++i) o.push_back(Host(h0.data()));
        ExpectRunGraphFails(session, 50, hin, o, PARAM_INVALID, "3 outputs given");

        o.clear();
        o.push_back(Host(h0.data()));
        o.push_back(Host(hbig.data(), {3, 2}));
        ExpectRunGraphFails(session, 50, hin, o, PARAM_INVALID, "output 1 has shape [3,2], the graph expects [2,3]");
        o[1] = st::MakeTensor(k23, DT_INT32, hint.data(), gert::kOnHost);
        ExpectRunGraphFails(session, 50, hin, o, PARAM_INVALID, "output 1 is DT_INT32, the graph expects DT_FLOAT");
        o[1] = Host(h1.data());
        o[1].SetSize(16);
        ExpectRunGraphFails(session, 50, hin, o, PARAM_INVALID, "output 1: 16 bytes given, 24 needed");
        // Memory only (no description), too small.
        gert::Tensor bare;
        bare.SetData(gert::TensorData(h1.data(), nullptr, 20, gert::kOnHost));
        o[1] = std::move(bare);
        ExpectRunGraphFails(session, 50, hin, o, PARAM_INVALID, "output 1: 20 bytes given, 24 needed");

        o.clear();
        o.push_back(Dev(d0.Get()));
        o.push_back(Dev(dbig.Get(), {4, 3}));
        ExpectStreamFails(session, 51, stream, din, o, PARAM_INVALID, "output 1 has shape [4,3]");
        o[1] = Dev(d1.Get());
        o[1].SetSize(8);
        ExpectStreamFails(session, 51, stream, din, o, PARAM_INVALID, "output 1: 8 bytes given, 24 needed");
        o[1] = st::MakeTensor(k23, DT_INT32, d1.Get(), gert::kOnDeviceHbm);
        ExpectStreamFails(session, 51, stream, din, o, PARAM_INVALID, "output 1 is DT_INT32");

        // Correct outputs still work afterwards, in place.
        o[1] = Dev(d1.Get());
        FT_OK(session.RunGraphWithStreamAsync(51, stream, din, o));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        std::vector<float> relu, sum;
        st::AddReluRef(kX, kY, relu, sum);
        ST_EQUAL(d0.Download(), relu);
        ST_EQUAL(d1.Download(), sum);
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* Streams: NULL is the current context's default stream (fine on a thread with a device); a
 * destroyed stream, or NULL on a thread without a device, is PARAM_INVALID. */
static void test_streams(void **state) {
    (void)state;
    GeSession session({});
    FT_OK(session.AddGraph(60, st::AddReluGraph()));
    DeviceBuffer dx(kX), dy(kY);
    std::vector<gert::Tensor> in, out;
    in.push_back(Dev(dx.Get()));
    in.push_back(Dev(dy.Get()));
    FT_OK(session.LoadGraph(60, {}, nullptr));
    FT_OK(session.RunGraphWithStreamAsync(60, nullptr, in, out));
    assert_int_equal(aclrtSynchronizeStream(nullptr), ACL_SUCCESS);
    std::vector<float> relu, sum;
    st::AddReluRef(kX, kY, relu, sum);
    ST_EQUAL(DeviceBuffer::DownloadFrom(out[0].GetAddr(), 24), relu);
    out.clear();

    aclrtStream dead = nullptr;
    assert_int_equal(aclrtCreateStream(&dead), ACL_SUCCESS);
    assert_int_equal(aclrtDestroyStream(dead), ACL_SUCCESS);
    ExpectStreamFails(session, 60, dead, in, out, PARAM_INVALID, "is not a live stream");
    FT_ERR(PARAM_INVALID, session.LoadGraph(60, {}, dead));
    FT_MSG_HAS("is not a live aclrtStream");

    // A thread that never called aclrtSetDevice has no default stream.
    Status rc = SUCCESS;
    std::string message;
    const uint64_t base = st::LiveOutputs();
    std::thread t([&] {
        std::vector<gert::Tensor> o;
        rc = session.RunGraphWithStreamAsync(60, nullptr, in, o);
        message = GEGetErrorMsgV3().GetString();
    });
    t.join();
    FT_ERR(PARAM_INVALID, rc);
    assert_true(message.find("no current context") != std::string::npos);
    assert_int_equal(st::LiveOutputs(), base);
}

/* RunGraphAsync queues the run; problems with the inputs reach the callback (status, no outputs,
 * the message on the worker thread). */
static void test_async_errors(void **state) {
    (void)state;
    GeSession session({});
    FT_OK(session.AddGraph(70, st::AddReluGraph()));
    const uint64_t base = st::LiveOutputs();
    std::vector<gert::Tensor> in = HostInputs();
    in[1] = Host(kY.data(), {3, 2});
    AsyncOnce shape;
    FT_OK(session.RunGraphAsync(70, in, shape.Callback()));
    assert_true(shape.Wait());
    FT_ERR(PARAM_INVALID, shape.status);
    assert_int_equal(shape.n_outputs, 0);
    assert_true(shape.message.find("input 1 has shape [3,2]") != std::string::npos);

    in.pop_back();
    AsyncOnce count;
    FT_OK(session.RunGraphAsync(70, in, count.Callback()));
    assert_true(count.Wait());
    FT_ERR(PARAM_INVALID, count.status);
    assert_int_equal(count.n_outputs, 0);
    assert_true(count.message.find("1 inputs given") != std::string::npos);

    AsyncOnce ok;
    FT_OK(session.RunGraphAsync(70, HostInputs(), ok.Callback()));
    assert_true(ok.Wait());
    FT_OK(ok.status);
    assert_int_equal(ok.n_outputs, 2);
    FT_OK(session.RemoveGraph(70));
    assert_int_equal(st::LiveOutputs(), base);
}

/* GatherV2 of x [3, 4] (Data 0) along axis 0 at the int64 indices i [2] (Data 1). */
static ge::Graph GatherRowsGraph(const char *name) {
    auto x = st::MakeData("x", 0, {3, 4});
    auto i = st::MakeData("i", 1, {2}, DT_INT64);
    ge::Tensor at(ge::TensorDesc(ge::Shape(std::vector<int64_t>{}), FORMAT_ND, DT_INT64));
    const int64_t zero = 0;
    at.SetData(reinterpret_cast<const uint8_t *>(&zero), sizeof zero);
    auto axis = ge::op::Const("axis").set_attr_value(at);
    auto gather = ge::op::GatherV2("gather").set_input_x(x).set_input_indices(i).set_input_axis(axis);
    ge::Graph g(name);
    g.SetInputs({x, i}).SetOutputs({gather});
    return g;
}

/* An index outside its axis in the run's data: RunGraph and RunGraphAsync fail naming the node and
 * the index (as ONNX Runtime does), leave no outputs behind, and the graph runs on afterwards. */
static void test_index_out_of_range(void **state) {
    (void)state;
    const uint64_t base = st::LiveOutputs();
    ge::Graph g = GatherRowsGraph("gather");
    GeSession session({});
    FT_OK(session.AddGraph(80, g));
    FT_OK(session.AddGraph(81, g));  // run modes are exclusive per graph: 81 for RunGraphAsync
    const std::vector<float> xv = st::Pattern(12, 5);
    const int64_t bad[2] = {1, 3}, good[2] = {2, 0};
    auto inputs = [&](const int64_t *idx) {
        std::vector<gert::Tensor> in;
        in.push_back(st::FloatTensor({3, 4}, xv.data(), gert::kOnHost));
        in.push_back(st::MakeTensor({2}, DT_INT64, idx, gert::kOnHost));
        return in;
    };
    std::vector<gert::Tensor> out;
    assert_int_equal(static_cast<uint32_t>(session.RunGraph(80, inputs(bad), out)), static_cast<uint32_t>(FAILED));
    FT_MSG_HAS("node 'gather' (GatherV2): index 3 is outside [0, 2]");
    assert_int_equal(out.size(), 0);
    AsyncOnce refused;
    FT_OK(session.RunGraphAsync(81, inputs(bad), refused.Callback()));
    assert_true(refused.Wait());
    assert_int_equal(static_cast<uint32_t>(refused.status), static_cast<uint32_t>(FAILED));
    assert_int_equal(refused.n_outputs, 0);
    FT_OK(session.RunGraph(80, inputs(good), out));
    assert_int_equal(out.size(), 1);
    std::vector<float> want(xv.begin() + 8, xv.end());
    want.insert(want.end(), xv.begin(), xv.begin() + 4);
    ST_EQUAL(st::HostValues(out[0]), want);
    out.clear();
    FT_OK(session.RemoveGraph(80));
    FT_OK(session.RemoveGraph(81));
    assert_int_equal(st::WaitLiveOutputs(base), base);
}

/* The same on a stream: RunGraphWithStreamAsync returns before the kernels run, so the fault is
 * the stream's: the next aclrtSynchronizeStream (or aclrtSynchronizeDevice) fails once with
 * ACL_ERROR_RT_AICORE_EXCEPTION and the message, and the exception-info callbacks are called, as
 * CANN reports a task that faulted on the device. Later runs on the stream are unaffected. */
namespace {
std::atomic<int> g_exceptions{0};
std::atomic<uint32_t> g_exception_code{0}, g_exception_device{0};
void OnException(aclrtExceptionInfo *info) {
    g_exception_code = aclrtGetErrorCodeFromExceptionInfo(info);
    g_exception_device = aclrtGetDeviceIdFromExceptionInfo(info);
    ++g_exceptions;
}
}  // namespace

static void test_index_out_of_range_stream(void **state) {
    (void)state;
    ge::Graph g = GatherRowsGraph("gather_stream");
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    assert_int_equal(aclrtExceptionInfoCallbackRegister(OnException), ACL_SUCCESS);
    g_exceptions = 0;
    {
        GeSession session({});
        FT_OK(session.AddGraph(90, g));
        const std::vector<float> xv = st::Pattern(12, 6);
        DeviceBuffer dx(xv), di1(2 * sizeof(int64_t)), di2(2 * sizeof(int64_t)), dout(8 * sizeof(float));
        // aclrtMemcpy is not ordered with the stream: two runs in flight need their own indices.
        auto run_with = [&](const DeviceBuffer &di, int64_t a, int64_t b) {
            const int64_t idx[2] = {a, b};
            assert_int_equal(aclrtMemcpy(di.Get(), di.Bytes(), idx, sizeof idx, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
            std::vector<gert::Tensor> in, out;
            in.push_back(st::FloatTensor({3, 4}, dx.Get(), gert::kOnDeviceHbm));
            in.push_back(st::MakeTensor({2}, DT_INT64, di.Get(), gert::kOnDeviceHbm));
            out.push_back(st::FloatTensor({2, 4}, dout.Get(), gert::kOnDeviceHbm));
            FT_OK(session.RunGraphWithStreamAsync(90, stream, in, out));
        };
        auto run = [&](int64_t a, int64_t b) { run_with(di1, a, b); };
        run(1, 5);  // 5 is past the 3 rows of dim 0
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_ERROR_RT_AICORE_EXCEPTION);
        const std::string msg = aclGetRecentErrMsg();
        assert_true(msg.find("node 'gather' (GatherV2): index 5 is outside [0, 2]") != std::string::npos);
        assert_true(msg.find("graph 90") != std::string::npos);
        assert_int_equal(g_exceptions.load(), 1);
        assert_int_equal(g_exception_code.load(), ACL_ERROR_RT_AICORE_EXCEPTION);
        int32_t dev = -1;
        assert_int_equal(aclrtGetDevice(&dev), ACL_SUCCESS);
        assert_int_equal(g_exception_device.load(), static_cast<uint32_t>(dev));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);  // reported once

        auto rows = [&](int a, int b) {
            std::vector<float> want(xv.begin() + 4 * a, xv.begin() + 4 * a + 4);
            want.insert(want.end(), xv.begin() + 4 * b, xv.begin() + 4 * b + 4);
            return want;
        };
        run(2, 0);
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        ST_EQUAL(dout.Download(), rows(2, 0));

        run(-1, 0);  // the device-wide synchronisation reports it as well, then the stream has nothing
        run_with(di2, 0, 1);
        assert_int_equal(aclrtSynchronizeDevice(), ACL_ERROR_RT_AICORE_EXCEPTION);
        assert_true(std::string(aclGetRecentErrMsg()).find("index -1 is outside [0, 2]") != std::string::npos);
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        ST_EQUAL(dout.Download(), rows(0, 1));
        assert_int_equal(g_exceptions.load(), 2);
        FT_OK(session.RemoveGraph(90));
    }
    assert_int_equal(aclrtExceptionInfoCallbackUnregister(OnException), ACL_SUCCESS);
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_graph_id), cmocka_unit_test(test_duplicate_graph_id),
        cmocka_unit_test(test_removed_graph),    cmocka_unit_test(test_mixed_run_modes),
        cmocka_unit_test(test_input_errors),     cmocka_unit_test(test_placement_errors),
        cmocka_unit_test(test_device_pointer_as_host), cmocka_unit_test(test_output_errors),
        cmocka_unit_test(test_streams),          cmocka_unit_test(test_async_errors),
        cmocka_unit_test(test_index_out_of_range), cmocka_unit_test(test_index_out_of_range_stream),
    };
    return cmocka_run_group_tests(tests, st::GroupSetup, st::GroupTeardown);
}
