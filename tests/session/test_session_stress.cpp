/* test_session_stress.cpp: load and exhaustion through the public API only (issue 14):
 *  - 8 threads x 1,000 RunGraphWithStreamAsync on one loaded graph, each on its own stream;
 *  - 8 threads x 1,000 runs, each thread with its own session and stream;
 *  - streams, events, sessions and graphs created and destroyed while other threads run;
 *  - aclrtMalloc until the device refuses, then free and allocate again;
 *  - LoadGraph when the device's memory is used up: a clear error, and the session stays usable;
 *  - a tensor larger than one allocation of the device: refused with the limit named;
 *  - RemoveGraph with RunGraphAsync runs queued, from the caller and from a callback.
 * Every result is checked exactly against a CPU reference, and every live count (sessions,
 * graphs, outputs, streams, events, allocations, device bytes) is back where it started.
 * The executable runs with GECL_DEVICE_MEMORY=64M (tests/session/CMakeLists.txt), so "the device
 * refuses" is reached without taking the machine's memory. cmocka's assertions are not
 * thread-safe: threads record failures and the main thread asserts. */
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gecl/gecl_rt.h"
#include "session_test_util.h"

using namespace ge;
using st::DeviceBuffer;

namespace {
const int kThreads = 8;
const int kRuns = 1000;
const int64_t kRows = 16, kCols = 33;  // not a multiple of any work-group size
const size_t kN = static_cast<size_t>(kRows * kCols);
const size_t kBytes = kN * sizeof(float);
const std::vector<int64_t> kDims = {kRows, kCols};
const int kPatterns = 7;  // inputs cycle through this many patterns per thread

struct Failures {
    std::mutex m;
    int count = 0;
    std::string first;
    void Add(int t, int i, const std::string &what) {
        std::lock_guard<std::mutex> lock(m);
        if (count++ == 0) first = "thread " + std::to_string(t) + " iteration " + std::to_string(i) + ": " + what;
    }
};

void CheckNoFailures(Failures &f) {
    if (f.count != 0) print_error("%d failures, the first: %s\n", f.count, f.first.c_str());
    assert_int_equal(f.count, 0);
}

gecl_rt_counts RtCounts() {
    gecl_rt_counts c;
    std::memset(&c, 0xff, sizeof c);
    if (gecl_rt_live_counts(&c) != ACL_SUCCESS) std::memset(&c, 0xff, sizeof c);
    return c;
}

void CheckRtCounts(const gecl_rt_counts &before) {
    const gecl_rt_counts now = RtCounts();
    assert_int_equal(now.allocations, before.allocations);
    assert_int_equal(now.device_bytes, before.device_bytes);
    assert_int_equal(now.streams, before.streams);
    assert_int_equal(now.events, before.events);
}

size_t FreeDeviceBytes() {
    size_t free_bytes = 0, total = 0;
    if (aclrtGetMemInfo(ACL_HBM_MEM, &free_bytes, &total) != ACL_SUCCESS) return 0;
    return free_bytes;
}

/* One thread's inputs and expected outputs, precomputed. */
struct Cases {
    std::vector<std::vector<float>> x, y, relu, add;
    explicit Cases(int t) : x(kPatterns), y(kPatterns), relu(kPatterns), add(kPatterns) {
        for (int k = 0; k < kPatterns; ++k) {
            const size_t ks = static_cast<size_t>(k);
            x[ks] = st::Pattern(kN, 1000 + 100 * t + k);
            y[ks] = st::Pattern(kN, 5000 + 100 * t + 3 * k);
            st::AddReluRef(x[ks], y[ks], relu[ks], add[ks]);
        }
    }
};

/* `runs` stream runs of graph `id` on `stream` with this thread's device buffers, each result
 * downloaded and compared. */
void RunChecked(GeSession &session, uint32_t id, aclrtStream stream, int t, int runs, Failures &fail,
                std::atomic<int> &done) {
    const Cases c(t);
    DeviceBuffer dx(kBytes), dy(kBytes), drelu(kBytes), dadd(kBytes);
    if (!dx.Get() || !dy.Get() || !drelu.Get() || !dadd.Get()) {
        fail.Add(t, -1, "aclrtMalloc");
        return;
    }
    for (int i = 0; i < runs; ++i) {
        const size_t k = static_cast<size_t>(i % kPatterns);
        if (!dx.Upload(c.x[k]) || !dy.Upload(c.y[k])) {
            fail.Add(t, i, "upload");
            return;
        }
        std::vector<gert::Tensor> in, out;
        in.push_back(st::FloatTensor(kDims, dx.Get(), gert::kOnDeviceHbm));
        in.push_back(st::FloatTensor(kDims, dy.Get(), gert::kOnDeviceHbm));
        out.push_back(st::FloatTensor(kDims, drelu.Get(), gert::kOnDeviceHbm));
        out.push_back(st::FloatTensor(kDims, dadd.Get(), gert::kOnDeviceHbm));
        if (session.RunGraphWithStreamAsync(id, stream, in, out) != SUCCESS) {
            fail.Add(t, i, ft_errmsg());
            return;
        }
        if (aclrtSynchronizeStream(stream) != ACL_SUCCESS) {
            fail.Add(t, i, std::string("aclrtSynchronizeStream: ") + aclGetRecentErrMsg());
            return;
        }
        if (drelu.Download() != c.relu[k] || dadd.Download() != c.add[k]) {
            fail.Add(t, i, "wrong result");
            return;
        }
        ++done;
    }
}

/* Runs body(t, stream) on n threads, each with device 0 bound and its own stream. */
void OnThreads(int n, Failures &fail, const std::function<void(int, aclrtStream)> &body) {
    std::vector<std::thread> threads;
    for (int t = 0; t < n; ++t) {
        threads.emplace_back([&, t] {
            aclrtStream stream = nullptr;
            if (aclrtSetDevice(0) != ACL_SUCCESS || aclrtCreateStream(&stream) != ACL_SUCCESS) {
                fail.Add(t, -1, aclGetRecentErrMsg());
                return;
            }
            body(t, stream);
            if (aclrtDestroyStream(stream) != ACL_SUCCESS) fail.Add(t, -1, "aclrtDestroyStream");
            if (aclrtResetDevice(0) != ACL_SUCCESS) fail.Add(t, -1, "aclrtResetDevice");
        });
    }
    for (std::thread &th : threads) th.join();
}
}  // namespace

/* 8 threads x 1,000 runs of one graph, loaded once on the main thread. */
static void test_one_graph_eight_threads(void **state) {
    (void)state;
    const gecl_rt_counts rt = RtCounts();
    {
        GeSession session({});
        FT_OK(session.AddGraph(1, st::AddReluGraph(kRows, kCols)));
        FT_OK(session.LoadGraph(1, {}, nullptr));
        Failures fail;
        std::atomic<int> done(0);
        OnThreads(kThreads, fail, [&](int t, aclrtStream s) { RunChecked(session, 1, s, t, kRuns, fail, done); });
        CheckNoFailures(fail);
        assert_int_equal(done.load(), kThreads * kRuns);
    }
    CheckRtCounts(rt);
    assert_int_equal(st::CheckNothingLive(), 0);
}

/* 8 threads x 1,000 runs, each thread with its own session (the same graph id in every one). */
static void test_own_sessions_eight_threads(void **state) {
    (void)state;
    const gecl_rt_counts rt = RtCounts();
    Failures fail;
    std::atomic<int> done(0);
    OnThreads(kThreads, fail, [&](int t, aclrtStream s) {
        GeSession session({});
        if (session.AddGraph(7, st::AddReluGraph(kRows, kCols)) != SUCCESS || session.LoadGraph(7, {}, s) != SUCCESS) {
            fail.Add(t, -1, ft_errmsg());
            return;
        }
        RunChecked(session, 7, s, t, kRuns, fail, done);
    });
    CheckNoFailures(fail);
    assert_int_equal(done.load(), kThreads * kRuns);
    CheckRtCounts(rt);
    assert_int_equal(st::CheckNothingLive(), 0);
}

/* Churn: streams, events, sessions and graphs made and destroyed by two threads while four
 * others run a loaded graph; nothing fails, nothing is left. */
static void churn(int t, Failures &fail, std::atomic<bool> &stop, std::atomic<int> &rounds) {
    const st::ConvGraphSpec spec;
    const std::vector<float> x = st::Pattern(50, 40 + t);
    const std::vector<float> want = st::ConvGraphRef(spec, x);
    if (aclrtSetDevice(0) != ACL_SUCCESS) {
        fail.Add(t, -1, aclGetRecentErrMsg());
        return;
    }
    for (int i = 0; !stop.load() || i < 20; ++i) {
        aclrtStream s = nullptr;
        aclrtEvent e = nullptr;
        if (aclrtCreateStream(&s) != ACL_SUCCESS || aclrtCreateEvent(&e) != ACL_SUCCESS ||
            aclrtRecordEvent(e, s) != ACL_SUCCESS || aclrtSynchronizeEvent(e) != ACL_SUCCESS)
            fail.Add(t, i, std::string("stream/event: ") + aclGetRecentErrMsg());
        if (e != nullptr && aclrtDestroyEvent(e) != ACL_SUCCESS) fail.Add(t, i, "aclrtDestroyEvent");
        if (s != nullptr && aclrtDestroyStream(s) != ACL_SUCCESS) fail.Add(t, i, "aclrtDestroyStream");
        {
            GeSession session({});
            std::vector<gert::Tensor> in, out;
            in.push_back(st::FloatTensor({1, 2, 5, 5}, x.data(), gert::kOnHost, FORMAT_NCHW));
            if (session.AddGraph(3, st::ConvGraph(spec)) != SUCCESS || session.RunGraph(3, in, out) != SUCCESS) {
                fail.Add(t, i, ft_errmsg());
            } else if (out.size() != 1 || st::HostValues(out[0]) != want) {
                fail.Add(t, i, "conv graph: wrong result");
            }
            out.clear();
            // Every other round leaves the graph for the session's destructor to remove.
            if (i % 2 == 0 && session.RemoveGraph(3) != SUCCESS) fail.Add(t, i, ft_errmsg());
        }
        ++rounds;
    }
    if (aclrtResetDevice(0) != ACL_SUCCESS) fail.Add(t, -1, "aclrtResetDevice");
}

static void test_churn_under_runs(void **state) {
    (void)state;
    const gecl_rt_counts rt = RtCounts();
    {
        GeSession session({});
        FT_OK(session.AddGraph(2, st::AddReluGraph(kRows, kCols)));
        FT_OK(session.LoadGraph(2, {}, nullptr));
        Failures fail;
        std::atomic<int> done(0), rounds(0);
        std::atomic<bool> stop(false);
        std::vector<std::thread> churners;
        for (int t = 100; t < 102; ++t) churners.emplace_back([&, t] { churn(t, fail, stop, rounds); });
        OnThreads(4, fail, [&](int t, aclrtStream s) { RunChecked(session, 2, s, t, 300, fail, done); });
        stop = true;
        for (std::thread &th : churners) th.join();
        CheckNoFailures(fail);
        assert_int_equal(done.load(), 4 * 300);
        assert_true(rounds.load() >= 40);
    }
    CheckRtCounts(rt);
    assert_int_equal(st::CheckNothingLive(), 0);
}

/* aclrtMalloc in 1 MiB blocks until the device (64 MiB here) refuses; then the memory is usable
 * again once freed. */
static void test_malloc_until_refused(void **state) {
    (void)state;
    const gecl_rt_counts rt = RtCounts();
    size_t free0 = 0, total = 0;
    assert_int_equal(aclrtGetMemInfo(ACL_HBM_MEM, &free0, &total), ACL_SUCCESS);
    assert_int_equal(total, static_cast<size_t>(64) << 20);  // GECL_DEVICE_MEMORY=64M
    const size_t block = static_cast<size_t>(1) << 20;
    std::vector<void *> blocks;
    aclError rc = ACL_SUCCESS;
    while (blocks.size() < 1000) {
        void *p = nullptr;
        if ((rc = aclrtMalloc(&p, block, ACL_MEM_MALLOC_HUGE_FIRST)) != ACL_SUCCESS) break;
        blocks.push_back(p);
    }
    assert_int_equal(rc, ACL_ERROR_RT_MEMORY_ALLOCATION);
    assert_non_null(std::strstr(aclGetRecentErrMsg(), "free"));
    assert_int_equal(blocks.size(), free0 / block);
    assert_true(FreeDeviceBytes() < block);
    // Half freed: as many blocks fit again, and the rest of the memory still works.
    for (size_t i = 0; i < blocks.size(); i += 2) assert_int_equal(aclrtFree(blocks[i]), ACL_SUCCESS);
    for (size_t i = 0; i < blocks.size(); i += 2)
        assert_int_equal(aclrtMalloc(&blocks[i], block, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    const std::vector<float> v = st::Pattern(block / sizeof(float), 9);
    assert_int_equal(aclrtMemcpy(blocks.back(), block, v.data(), block, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    assert_true(DeviceBuffer::DownloadFrom(blocks.back(), block) == v);
    for (void *p : blocks) assert_int_equal(aclrtFree(p), ACL_SUCCESS);
    assert_int_equal(FreeDeviceBytes(), free0);
    CheckRtCounts(rt);
}

/* x [1, n] + c, c a 1 MiB constant: LoadGraph needs over 1 MiB of device memory. */
static ge::Graph BigConstGraph(int64_t n, const std::vector<float> &c) {
    auto x = st::MakeData("x", 0, {1, n});
    auto k = st::MakeConst("c", {1, n}, c);
    auto add = ge::op::Add("add").set_input_x1(x).set_input_x2(k);
    ge::Graph g("big_const");
    g.SetInputs({x}).SetOutputs({add});
    return g;
}

/* LoadGraph when the device is full: refused with a message that says so; once memory is free
 * the same session loads and runs the graph, and its memory shows in aclrtGetMemInfo. */
static void test_load_graph_out_of_device_memory(void **state) {
    (void)state;
    const gecl_rt_counts rt = RtCounts();
    const int64_t n = 1 << 18;
    const std::vector<float> c = st::Pattern(static_cast<size_t>(n), 3), x = st::Pattern(static_cast<size_t>(n), 4);
    std::vector<float> want(c.size());
    for (size_t i = 0; i < c.size(); ++i) want[i] = x[i] + c[i];
    const size_t free0 = FreeDeviceBytes();
    void *hog = nullptr;
    assert_int_equal(aclrtMalloc(&hog, free0 - (static_cast<size_t>(512) << 10), ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(5, BigConstGraph(n, c)));
        FT_OK(session.AddGraph(6, st::AddReluGraph(kRows, kCols)));
        FT_OK(session.LoadGraph(6, {}, nullptr));  // small: fits in what is left
        assert_int_not_equal(static_cast<uint32_t>(session.LoadGraph(5, {}, nullptr)), static_cast<uint32_t>(SUCCESS));
        FT_MSG_HAS("cannot allocate");
        FT_MSG_HAS("free");
        std::vector<gert::Tensor> in, out;
        in.push_back(st::FloatTensor({1, n}, x.data(), gert::kOnHost));
        // Still usable: the loaded graph runs, and graph 5 loads once the memory is back.
        Failures fail;
        std::atomic<int> done(0);
        OnThreads(1, fail, [&](int t, aclrtStream s) { RunChecked(session, 6, s, t, 10, fail, done); });
        CheckNoFailures(fail);
        assert_int_equal(aclrtFree(hog), ACL_SUCCESS);
        hog = nullptr;
        const size_t before_load = FreeDeviceBytes();
        FT_OK(session.LoadGraph(5, {}, nullptr));
        assert_true(FreeDeviceBytes() + c.size() * sizeof(float) <= before_load);
        FT_OK(session.RunGraph(5, in, out));
        assert_int_equal(out.size(), 1);
        assert_true(st::HostValues(out[0]) == want);
        out.clear();
        FT_OK(session.RemoveGraph(5));
        assert_int_equal(FreeDeviceBytes(), before_load);
    }
    assert_int_equal(FreeDeviceBytes(), free0);
    CheckRtCounts(rt);
}

static ge::op::Const Int64Const(const char *name, const std::vector<int64_t> &v) {
    ge::Tensor t(ge::TensorDesc(ge::Shape(std::vector<int64_t>{static_cast<int64_t>(v.size())}), FORMAT_ND, DT_INT64));
    t.SetData(reinterpret_cast<const uint8_t *>(v.data()), v.size() * sizeof(int64_t));
    return ge::op::Const(name).set_attr_value(t);
}

/* A tensor larger than the device's largest single allocation (64 MiB here, the budget bounding
 * it): x [1, 1024] tiled to [20480, 1024], 80 MiB. aclrtMalloc of that size is refused with the
 * limit named; so is the graph whose output it is (a clear error at LoadGraph, not a driver
 * code at the run); the same tile summed over its rows needs no such tensor if gecl fuses the
 * two, else it is refused the same way; either way the session runs on. */
static void test_tensor_beyond_one_allocation(void **state) {
    (void)state;
    const gecl_rt_counts rt = RtCounts();
    const int64_t rows = 20480, cols = 1024;
    const size_t big = static_cast<size_t>(rows * cols) * sizeof(float);
    void *p = nullptr;
    assert_int_equal(aclrtMalloc(&p, big, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_RT_MEMORY_ALLOCATION);
    assert_non_null(std::strstr(aclGetRecentErrMsg(), "largest single allocation"));
    assert_null(p);
    {
        GeSession session({});
        auto x = st::MakeData("x", 0, {1, cols});
        auto m = Int64Const("m", {rows, 1}), ax = Int64Const("ax", {0});
        auto tile = ge::op::Tile("tile").set_input_x(x).set_input_multiples(m);
        ge::Graph g("big_tile");
        g.SetInputs({x}).SetOutputs({tile});
        auto sum = ge::op::ReduceSum("sum").set_input_x(tile).set_input_axes(ax);
        ge::Graph gs("big_tile_sum");
        gs.SetInputs({x}).SetOutputs({sum});
        FT_OK(session.AddGraph(7, g));
        FT_OK(session.AddGraph(8, gs));
        assert_int_not_equal(static_cast<uint32_t>(session.LoadGraph(7, {}, nullptr)), static_cast<uint32_t>(SUCCESS));
        FT_MSG_HAS("allocates at most 67108864 in one buffer");
        const std::vector<float> xv = st::Pattern(static_cast<size_t>(cols), 5);
        std::vector<gert::Tensor> in, out;
        in.push_back(st::FloatTensor({1, cols}, xv.data(), gert::kOnHost));
        assert_int_not_equal(static_cast<uint32_t>(session.RunGraph(7, in, out)), static_cast<uint32_t>(SUCCESS));
        FT_MSG_HAS("allocates at most");
        assert_int_equal(out.size(), 0);
        const Status summed = session.RunGraph(8, in, out);
        print_message("tile summed over its rows: %s\n", summed == SUCCESS ? "ran (fused)" : "refused");
        if (summed == SUCCESS) {
            std::vector<float> want(xv);
            for (float &w : want) w *= static_cast<float>(rows);
            const std::vector<float> got = st::HostValues(out[0]);
            assert_int_equal(got.size(), want.size());
            for (size_t i = 0; i < got.size(); ++i) assert_true(std::fabs(got[i] - want[i]) <= 1e-5f * rows);
        } else {
            FT_MSG_HAS("allocates at most");
        }
        out.clear();
        Failures fail;
        std::atomic<int> done(0);
        FT_OK(session.AddGraph(9, st::AddReluGraph(kRows, kCols)));
        OnThreads(1, fail, [&](int t, aclrtStream s) { RunChecked(session, 9, s, t, 10, fail, done); });
        CheckNoFailures(fail);
    }
    CheckRtCounts(rt);
}

/* RemoveGraph with RunGraphAsync runs of the graph still queued: it returns once every one of them
 * has run and called back (each with its result, checked), none calls back later, and the id is
 * gone. A callback that removes its own graph (on the worker, with more runs of it queued behind)
 * returns at once, and the runs behind it still run. Another graph's queued runs are untouched. */
static void test_remove_graph_with_runs_queued(void **state) {
    (void)state;
    const uint64_t base = st::LiveOutputs();
    const int kJobs = 40;
    const Cases c(3);
    std::mutex m;
    int called[3] = {0, 0, 0}, wrong = 0;
    Status removed_inside = FAILED;
    {
        GeSession session({});
        for (uint32_t id = 1; id <= 3; ++id) FT_OK(session.AddGraph(id, st::AddReluGraph(kRows, kCols)));
        std::vector<std::vector<gert::Tensor>> ins(kPatterns);
        for (size_t k = 0; k < ins.size(); ++k) {
            ins[k].push_back(st::FloatTensor(kDims, c.x[k].data(), gert::kOnHost));
            ins[k].push_back(st::FloatTensor(kDims, c.y[k].data(), gert::kOnHost));
        }
        auto queue = [&](uint32_t id, int j, bool remove_inside) {
            const size_t k = static_cast<size_t>(j % kPatterns);
            return session.RunGraphAsync(id, ins[k], [&, id, k, remove_inside](Status st_, std::vector<gert::Tensor> &out) {
                const bool ok = st_ == SUCCESS && out.size() == 2 && st::HostValues(out[0]) == c.relu[k] &&
                                st::HostValues(out[1]) == c.add[k];
                const Status r = remove_inside ? session.RemoveGraph(id) : SUCCESS;
                std::lock_guard<std::mutex> lock(m);
                ++called[id - 1];
                wrong += !ok;
                if (remove_inside) removed_inside = r;
            });
        };
        for (int j = 0; j < kJobs; ++j) {
            FT_OK(queue(1, j, false));
            FT_OK(queue(2, j, j == kJobs / 2));
            FT_OK(queue(3, j, false));
        }
        FT_OK(session.RemoveGraph(1));
        {
            std::lock_guard<std::mutex> lock(m);
            assert_int_equal(called[0], kJobs);  // all of graph 1's ran before RemoveGraph returned
        }
        std::vector<gert::Tensor> out;
        FT_ERR(PARAM_INVALID, session.RunGraph(1, ins[0], out));
        FT_MSG_HAS("graph 1 was not added");
        FT_ERR(PARAM_INVALID, session.RunGraphAsync(1, ins[0], [](Status, std::vector<gert::Tensor> &) {}));
        FT_OK(session.RemoveGraph(3));
        // Graph 2 removed itself from its own callback; what it queued still ran.
        for (int spin = 0; spin < 120000; ++spin) {
            {
                std::lock_guard<std::mutex> lock(m);
                if (called[1] == kJobs) break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        std::lock_guard<std::mutex> lock(m);
        assert_int_equal(called[1], kJobs);
        assert_int_equal(called[2], kJobs);
        assert_int_equal(wrong, 0);
        FT_OK(removed_inside);
    }
    assert_int_equal(st::WaitLiveOutputs(base), base);
    assert_int_equal(st::Counts().graphs, 0);
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_graph_eight_threads),
        cmocka_unit_test(test_own_sessions_eight_threads),
        cmocka_unit_test(test_churn_under_runs),
        cmocka_unit_test(test_malloc_until_refused),
        cmocka_unit_test(test_load_graph_out_of_device_memory),
        cmocka_unit_test(test_tensor_beyond_one_allocation),
        cmocka_unit_test(test_remove_graph_with_runs_queued),
    };
    return cmocka_run_group_tests(tests, st::GroupSetup, st::GroupTeardown);
}
