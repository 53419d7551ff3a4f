/* test_session_options.cpp: options at every level. LoadGraph: ge.exec.frozenInputIndexes (a
 * frozen input keeps the address of the first run: docs/graph.md says it is not re-bound, so a
 * later run with another address still reads the first buffer) and ge.exec.hostInputIndexes
 * (that input given as host memory to RunGraphWithStreamAsync while the others are device
 * memory), malformed and out-of-range lists, loading again with other options. Session and
 * global: ge.exec.deviceId, ge.session_device_id, ge.graphRunMode checked; unknown or misplaced
 * keys accepted with a warning (GEGetWarningMsgV3). Needs an OpenCL device (PoCL in CI). */
#include "session_test_util.h"

#include <algorithm>
#include <vector>

using namespace ge;
using st::DeviceBuffer;

namespace {
const std::vector<int64_t> k23 = {2, 3};

gert::Tensor Dev(const DeviceBuffer &b) { return st::FloatTensor(k23, b.Get(), gert::kOnDeviceHbm); }
gert::Tensor Host(const std::vector<float> &v) { return st::FloatTensor(k23, v.data(), gert::kOnHost); }

void Expect(const std::vector<float> &relu, const std::vector<float> &add, const std::vector<float> &x,
            const std::vector<float> &y) {
    std::vector<float> want_relu, want_add;
    st::AddReluRef(x, y, want_relu, want_add);
    ST_EQUAL(relu, want_relu);
    ST_EQUAL(add, want_add);
}

/* One RunGraphWithStreamAsync of AddReluGraph into fresh device outputs; returns the host copies. */
Status StreamRun(GeSession &s, uint32_t id, aclrtStream stream, std::vector<gert::Tensor> &in,
                 std::vector<float> &relu, std::vector<float> &add) {
    DeviceBuffer drelu(24), dadd(24);
    std::vector<gert::Tensor> out;
    out.push_back(Dev(drelu));
    out.push_back(Dev(dadd));
    const Status rc = s.RunGraphWithStreamAsync(id, stream, in, out);
    if (rc != SUCCESS) return rc;
    if (aclrtSynchronizeStream(stream) != ACL_SUCCESS) return FAILED;
    relu = drelu.Download();
    add = dadd.Download();
    return SUCCESS;
}
}  // namespace

/* ge.exec.frozenInputIndexes="0": the first run binds input 0's address; a later run that passes
 * another address for it still reads the first buffer (gecl does not re-bind a frozen input; the
 * caller promised the address would not change), while input 1 (not frozen) follows the caller. */
static void test_frozen_input_stream(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(1, st::AddReluGraph()));
        FT_OK(session.LoadGraph(1, {{"ge.exec.frozenInputIndexes", "0"}}, stream));
        const std::vector<float> a = st::Pattern(6, 1), b = st::Pattern(6, 2), c = st::Pattern(6, 3),
                                 d = st::Pattern(6, 4);
        DeviceBuffer da(a), db(b), dc(c), dd(d);
        std::vector<float> relu, add;
        std::vector<gert::Tensor> in;
        in.push_back(Dev(da));
        in.push_back(Dev(dc));
        FT_OK(StreamRun(session, 1, stream, in, relu, add));
        Expect(relu, add, a, c);

        // Same addresses, new contents: a frozen input's data may change, its address may not.
        const std::vector<float> a2 = st::Pattern(6, 5);
        assert_true(da.Upload(a2));
        FT_OK(StreamRun(session, 1, stream, in, relu, add));
        Expect(relu, add, a2, c);

        // Another address for the frozen input 0: still bound to da. Input 1 follows (dd).
        in.clear();
        in.push_back(Dev(db));
        in.push_back(Dev(dd));
        FT_OK(StreamRun(session, 1, stream, in, relu, add));
        Expect(relu, add, a2, d);
        // The new address is still checked like any device input.
        std::vector<gert::Tensor> bad;
        bad.push_back(st::FloatTensor(k23, b.data(), gert::kOnDeviceHbm));
        bad.push_back(Dev(dd));
        FT_ERR(PARAM_INVALID, StreamRun(session, 1, stream, bad, relu, add));
        FT_MSG_HAS("input 0");
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* The same in RunGraph mode with device inputs: frozen input 1 keeps its first address. */
static void test_frozen_input_run_graph(void **state) {
    (void)state;
    GeSession session({});
    FT_OK(session.AddGraph(2, st::AddReluGraph()));
    FT_OK(session.LoadGraph(2, {{"ge.exec.frozenInputIndexes", "1"}}, nullptr));
    const std::vector<float> x1 = st::Pattern(6, 6), x2 = st::Pattern(6, 7), y1 = st::Pattern(6, 8),
                             y2 = st::Pattern(6, 9);
    DeviceBuffer dy1(y1), dy2(y2);
    std::vector<gert::Tensor> in, out;
    in.push_back(Host(x1));
    in.push_back(Dev(dy1));
    FT_OK(session.RunGraph(2, in, out));
    Expect(st::HostValues(out[0]), st::HostValues(out[1]), x1, y1);
    in.clear();
    out.clear();
    in.push_back(Host(x2));
    in.push_back(Dev(dy2));
    FT_OK(session.RunGraph(2, in, out));
    Expect(st::HostValues(out[0]), st::HostValues(out[1]), x2, y1);  // y: first address
}

/* ge.exec.hostInputIndexes="1": RunGraphWithStreamAsync takes input 1 as host memory (kOnHost),
 * copied at each run, while input 0 is device memory; input 0 as host memory is refused. */
static void test_host_input_indexes(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(3, st::AddReluGraph()));
        FT_OK(session.CompileGraph(3));
        FT_OK(session.LoadGraph(3, {{"ge.exec.hostInputIndexes", "1"}}, stream));
        const std::vector<float> x = st::Pattern(6, 10);
        std::vector<float> y = st::Pattern(6, 11);
        DeviceBuffer dx(x), dy(y);
        std::vector<float> relu, add;
        std::vector<gert::Tensor> in;
        in.push_back(Dev(dx));
        in.push_back(Host(y));
        FT_OK(StreamRun(session, 3, stream, in, relu, add));
        Expect(relu, add, x, y);
        const std::vector<float> y2 = st::Pattern(6, 12);
        std::copy(y2.begin(), y2.end(), y.begin());  // same address, new contents: copied again
        FT_OK(StreamRun(session, 3, stream, in, relu, add));
        Expect(relu, add, x, y);
        // A listed input may still be given as device memory.
        in[1] = Dev(dy);
        FT_OK(StreamRun(session, 3, stream, in, relu, add));
        Expect(relu, add, x, st::Pattern(6, 11));

        const uint64_t base = st::LiveOutputs();
        in[0] = Host(x);  // not listed
        in[1] = Host(y);
        std::vector<gert::Tensor> out;
        FT_ERR(PARAM_INVALID, session.RunGraphWithStreamAsync(3, stream, in, out));
        FT_MSG_HAS("input 0 is host memory");
        FT_MSG_HAS("ge.exec.hostInputIndexes");
        assert_true(out.empty());
        assert_int_equal(st::LiveOutputs(), base);

        // Both inputs on the host, gecl-allocated device outputs.
        FT_OK(session.AddGraph(4, st::AddReluGraph()));
        FT_OK(session.LoadGraph(4, {{"ge.exec.hostInputIndexes", "0;1"}}, stream));
        FT_OK(session.RunGraphWithStreamAsync(4, stream, in, out));
        assert_int_equal(aclrtSynchronizeStream(stream), ACL_SUCCESS);
        assert_int_equal(out.size(), 2);
        assert_int_equal(out[0].GetPlacement(), gert::kOnDeviceHbm);
        Expect(DeviceBuffer::DownloadFrom(out[0].GetAddr(), 24), DeviceBuffer::DownloadFrom(out[1].GetAddr(), 24),
               x, y);
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* Malformed or out-of-range index lists are PARAM_INVALID and change nothing: a failed LoadGraph
 * must not leave part of its list applied. */
static void test_load_option_errors(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(5, st::AddReluGraph()));
        FT_ERR(PARAM_INVALID, session.LoadGraph(5, {{"ge.exec.frozenInputIndexes", "zero"}}, stream));
        FT_MSG_HAS("ge.exec.frozenInputIndexes");
        FT_MSG_HAS("expected indexes like");
        FT_ERR(PARAM_INVALID, session.LoadGraph(5, {{"ge.exec.hostInputIndexes", "0;-1"}}, stream));
        FT_MSG_HAS("ge.exec.hostInputIndexes");
        FT_ERR(PARAM_INVALID, session.LoadGraph(5, {{"ge.exec.hostInputIndexes", "0;7"}}, stream));
        FT_MSG_HAS("index 7, the graph has 2 inputs");

        // Nothing of "0;7" was applied: input 0 as host memory is still refused.
        const std::vector<float> x = st::Pattern(6, 13), y = st::Pattern(6, 14);
        DeviceBuffer dy(y);
        std::vector<gert::Tensor> in;
        in.push_back(Host(x));
        in.push_back(Dev(dy));
        std::vector<float> relu, add;
        FT_ERR(PARAM_INVALID, StreamRun(session, 5, stream, in, relu, add));
        FT_MSG_HAS("input 0 is host memory");

        FT_ERR(PARAM_INVALID, session.LoadGraph(5, {{"ge.exec.frozenInputIndexes", "1;2"}}, stream));
        FT_MSG_HAS("index 2, the graph has 2 inputs");
        // Nothing of "1;2" was applied: input 1 follows its address.
        const std::vector<float> x0 = st::Pattern(6, 15), y2 = st::Pattern(6, 16);
        DeviceBuffer dx0(x0), dy2(y2);
        in.clear();
        in.push_back(Dev(dx0));
        in.push_back(Dev(dy));
        FT_OK(StreamRun(session, 5, stream, in, relu, add));
        Expect(relu, add, x0, y);
        in[1] = Dev(dy2);
        FT_OK(StreamRun(session, 5, stream, in, relu, add));
        Expect(relu, add, x0, y2);
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* gecl.h: "Loading again with other options is GECL_FAILED"; the same options again are fine. */
static void test_load_again(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(6, st::AddReluGraph()));
        const st::Options host1 = {{"ge.exec.hostInputIndexes", "1"}};
        FT_OK(session.LoadGraph(6, host1, stream));
        FT_OK(session.LoadGraph(6, host1, stream));
        FT_ERR(FAILED, session.LoadGraph(6, {{"ge.exec.hostInputIndexes", "0;1"}}, stream));
        FT_MSG_HAS("other options");
        FT_ERR(FAILED, session.LoadGraph(6, {}, stream));
        FT_MSG_HAS("other options");
        // The first options still hold.
        const std::vector<float> x = st::Pattern(6, 17), y = st::Pattern(6, 18);
        DeviceBuffer dx(x);
        std::vector<gert::Tensor> in;
        in.push_back(Dev(dx));
        in.push_back(Host(y));
        std::vector<float> relu, add;
        FT_OK(StreamRun(session, 6, stream, in, relu, add));
        Expect(relu, add, x, y);

        // A graph that a run loaded has no load options; LoadGraph may confirm that, not change it.
        FT_OK(session.AddGraph(7, st::AddReluGraph()));
        DeviceBuffer dy(y);
        in[1] = Dev(dy);
        FT_OK(StreamRun(session, 7, stream, in, relu, add));
        FT_OK(session.LoadGraph(7, {}, stream));
        FT_ERR(FAILED, session.LoadGraph(7, {{"ge.exec.frozenInputIndexes", "0"}}, stream));
        FT_MSG_HAS("other options");
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

/* Session options: ge.exec.deviceId / ge.session_device_id choose the device and are checked,
 * ge.graphRunMode takes 0 or 1; a session that could not be created says why from every call. */
static void test_session_options(void **state) {
    (void)state;
    const std::vector<st::Options> good = {
        {{"ge.exec.deviceId", "0"}},
        {{"ge.exec.deviceId", "-1"}},  // CANN's inference default: the GE instance's device
        {{"ge.session_device_id", "0"}},
        {{"ge.graphRunMode", "0"}},
        {{"ge.graphRunMode", "1"}},
        {{"ge.exec.deviceId", "0"}, {"ge.session_device_id", "0"}, {"ge.graphRunMode", "1"}},
    };
    const uint64_t sessions = st::Counts().sessions;
    const std::vector<float> x = st::Pattern(6, 19), y = st::Pattern(6, 20);
    for (const st::Options &o : good) {
        GeSession session(o);
        assert_true(session.GetSessionId() != 0);
        FT_OK(session.AddGraph(1, st::AddReluGraph()));
        std::vector<gert::Tensor> in, out;
        in.push_back(Host(x));
        in.push_back(Host(y));
        FT_OK(session.RunGraph(1, in, out));
        Expect(st::HostValues(out[0]), st::HostValues(out[1]), x, y);
    }

    struct Bad {
        st::Options options;
        const char *message;
    };
    const std::vector<Bad> bad = {
        {{{"ge.session_device_id", "99"}}, "device 99 does not exist"},
        {{{"ge.exec.deviceId", "99"}}, "device 99 does not exist"},
        {{{"ge.exec.deviceId", "zero"}}, "ge.exec.deviceId='zero' is not a device id"},
        {{{"ge.session_device_id", "-7"}}, "ge.session_device_id='-7' is not a device id"},
        {{{"ge.graphRunMode", "2"}}, "ge.graphRunMode='2': expected 0 (inference) or 1 (training)"},
        {{{"ge.graphRunMode", ""}}, "ge.graphRunMode"},
    };
    for (const Bad &b : bad) {
        GeSession session(b.options);
        assert_int_equal(session.GetSessionId(), 0);
        FT_ERR(PARAM_INVALID, session.AddGraph(1, st::AddReluGraph()));
        FT_MSG_HAS("the session could not be created");
        FT_MSG_HAS(b.message);
        FT_ERR(PARAM_INVALID, session.CompileGraph(1));
        FT_MSG_HAS(b.message);
        std::vector<gert::Tensor> in, out;
        FT_ERR(PARAM_INVALID, session.RunGraph(1, in, out));
        FT_MSG_HAS(b.message);
        FT_ERR(PARAM_INVALID, session.RunGraphWithStreamAsync(1, nullptr, in, out));
        FT_ERR(PARAM_INVALID, session.RunGraphAsync(1, in, [](Status, std::vector<gert::Tensor> &) {}));
        FT_ERR(PARAM_INVALID, session.LoadGraph(1, {}, nullptr));
        FT_ERR(PARAM_INVALID, session.RemoveGraph(1));
        assert_null(session.GetCompiledGraphSummary(1).get());
        FT_MSG_HAS(b.message);
    }
    assert_int_equal(st::Counts().sessions, sessions);  // none was created
}

/* GEInitializeV2 while GE is up: option values are still checked; a valid call keeps the first
 * configuration and warns. */
static void test_global_options(void **state) {
    (void)state;
    FT_ERR(PARAM_INVALID, GEInitializeV2({{"ge.graphRunMode", "3"}}));
    FT_MSG_HAS("ge.graphRunMode='3'");
    FT_ERR(PARAM_INVALID, GEInitializeV2({{"ge.exec.deviceId", "0x"}}));
    FT_MSG_HAS("ge.exec.deviceId='0x' is not a device id");
    FT_OK(GEInitializeV2({{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "1"}}));
    ST_WARNING_HAS("called again");
    // GE is still up and usable.
    GeSession session({});
    FT_OK(session.AddGraph(1, st::AddReluGraph()));
    FT_OK(session.CompileGraph(1));
}

/* Unknown keys are accepted with a warning naming them; known keys at a level where they do
 * nothing are accepted with a warning too. */
static void test_unknown_and_misplaced_options(void **state) {
    (void)state;
    aclrtStream stream = nullptr;
    assert_int_equal(aclrtCreateStream(&stream), ACL_SUCCESS);
    {
        GeSession session(st::Options{{"ge.gecl_test.sessionOption", "on"}});
        ST_WARNING_HAS("ge.gecl_test.sessionOption");
        assert_true(session.GetSessionId() != 0);
        GeSession misplaced(st::Options{{"ge.exec.frozenInputIndexes", "0"}});
        ST_WARNING_HAS("'ge.exec.frozenInputIndexes' has no effect at session level");
        assert_true(misplaced.GetSessionId() != 0);

        FT_OK(session.AddGraph(1, st::AddReluGraph(), {{"ge.graphRunMode", "1"}}));
        ST_WARNING_HAS("'ge.graphRunMode' has no effect at graph level");
        FT_OK(session.AddGraph(2, st::AddReluGraph(), {{"ge.gecl_test.graphOption", "7"}}));
        ST_WARNING_HAS("ge.gecl_test.graphOption");
        FT_OK(session.LoadGraph(1, {{"ge.gecl_test.loadOption", "1"}}, stream));
        ST_WARNING_HAS("ge.gecl_test.loadOption");
        FT_OK(session.LoadGraph(2, {{"ge.exec.deviceId", "0"}}, stream));
        ST_WARNING_HAS("'ge.exec.deviceId' has no effect at load level");

        // The graphs run normally.
        const std::vector<float> x = st::Pattern(6, 21), y = st::Pattern(6, 22);
        DeviceBuffer dx(x), dy(y);
        std::vector<gert::Tensor> in;
        in.push_back(Dev(dx));
        in.push_back(Dev(dy));
        std::vector<float> relu, add;
        FT_OK(StreamRun(session, 1, stream, in, relu, add));
        Expect(relu, add, x, y);
        FT_OK(StreamRun(session, 2, stream, in, relu, add));
        Expect(relu, add, x, y);
    }
    assert_int_equal(aclrtDestroyStream(stream), ACL_SUCCESS);
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frozen_input_stream),
        cmocka_unit_test(test_frozen_input_run_graph),
        cmocka_unit_test(test_host_input_indexes),
        cmocka_unit_test(test_load_option_errors),
        cmocka_unit_test(test_load_again),
        cmocka_unit_test(test_session_options),
        cmocka_unit_test(test_global_options),
        cmocka_unit_test(test_unknown_and_misplaced_options),
    };
    return cmocka_run_group_tests(tests, st::GroupSetup, st::GroupTeardown);
}
