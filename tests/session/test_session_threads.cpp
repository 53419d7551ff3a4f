/* test_session_threads.cpp: one loaded graph run by several threads at once, each with its own
 * inputs and outputs and every result checked exactly against a CPU reference: RunGraph (host
 * and device inputs, gecl-allocated and caller outputs), RunGraphWithStreamAsync on per-thread
 * streams (each thread calls aclrtSetDevice(0) and creates its stream; caller and gecl-allocated
 * device outputs), RunGraphAsync submitted from several threads, and a conv graph with an arena
 * intermediate shared by the threads' runs. cmocka's assertions are not thread-safe, so the
 * threads count mismatches and the main thread asserts. Needs an OpenCL device (PoCL in CI). */
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "session_test_util.h"

using namespace ge;
using st::DeviceBuffer;

namespace {
const int kThreads = 4;
const int kIters = 20;
const int64_t kRows = 16, kCols = 33;  // not a multiple of any work-group size
const size_t kN = static_cast<size_t>(kRows * kCols);
const size_t kBytes = kN * sizeof(float);
const std::vector<int64_t> kDims = {kRows, kCols};

/* Per-thread failure record (the first message is kept). */
struct Failures {
    std::mutex m;
    int count = 0;
    std::string first;
    void Add(const std::string &what) {
        std::lock_guard<std::mutex> lock(m);
        if (count++ == 0) first = what;
    }
};

std::string Where(int t, int i, const char *what) {
    return "thread " + std::to_string(t) + " iteration " + std::to_string(i) + ": " + what;
}

bool Same(const std::vector<float> &a, const std::vector<float> &b) { return a == b; }

/* Runs body(t, stream) on kThreads threads and joins them. Each thread binds device 0 and, with
 * `own_stream`, creates its stream (else stream is nullptr); it destroys the stream and resets the
 * device after the body. */
void OnThreads(Failures &fail, bool own_stream, const std::function<void(int, aclrtStream)> &body) {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            aclrtStream stream = nullptr;
            if (aclrtSetDevice(0) != ACL_SUCCESS || (own_stream && aclrtCreateStream(&stream) != ACL_SUCCESS)) {
                fail.Add(Where(t, -1, aclGetRecentErrMsg()));
                return;
            }
            body(t, stream);
            if (stream != nullptr && aclrtDestroyStream(stream) != ACL_SUCCESS)
                fail.Add(Where(t, -1, "aclrtDestroyStream"));
            if (aclrtResetDevice(0) != ACL_SUCCESS) fail.Add(Where(t, -1, "aclrtResetDevice"));
        });
    }
    for (std::thread &th : threads) th.join();
}

void CheckNoFailures(Failures &f) {
    if (f.count != 0) print_error("%d failures, the first: %s\n", f.count, f.first.c_str());
    assert_int_equal(f.count, 0);
}
}  // namespace

/* RunGraph from 4 threads x 20 iterations on one loaded graph: host inputs with gecl-allocated
 * host outputs on even iterations, device inputs with the caller's host outputs on odd ones. */
static void test_run_graph_threads(void **state) {
    (void)state;
    GeSession session({});
    FT_OK(session.AddGraph(1, st::AddReluGraph(kRows, kCols)));
    FT_OK(session.LoadGraph(1, {}, nullptr));
    const uint64_t base = st::LiveOutputs();
    Failures fail;
    std::atomic<int> runs(0);
    OnThreads(fail, false, [&](int t, aclrtStream) {
        for (int i = 0; i < kIters; ++i) {
            const std::vector<float> x = st::Pattern(kN, 100 * t + i), y = st::Pattern(kN, 100 * t + i + 57);
            std::vector<float> want_relu, want_add;
            st::AddReluRef(x, y, want_relu, want_add);
            std::vector<gert::Tensor> in, out;
            std::vector<float> relu(kN, -1.0f), add(kN, -1.0f);
            if (i % 2 == 0) {
                in.push_back(st::FloatTensor(kDims, x.data(), gert::kOnHost));
                in.push_back(st::FloatTensor(kDims, y.data(), gert::kOnHost));
                if (session.RunGraph(1, in, out) != SUCCESS) {
                    fail.Add(Where(t, i, ft_errmsg().c_str()));
                    continue;
                }
                if (out.size() != 2 || out[0].GetPlacement() != gert::kOnHost) {
                    fail.Add(Where(t, i, "outputs"));
                    continue;
                }
                relu = st::HostValues(out[0]);
                add = st::HostValues(out[1]);
            } else {
                DeviceBuffer dx(x), dy(y);
                in.push_back(st::FloatTensor(kDims, dx.Get(), gert::kOnDeviceHbm));
                in.push_back(st::FloatTensor(kDims, dy.Get(), gert::kOnDeviceHbm));
                out.push_back(st::FloatTensor(kDims, relu.data(), gert::kOnHost));
                out.push_back(st::FloatTensor(kDims, add.data(), gert::kOnHost));
                if (session.RunGraph(1, in, out) != SUCCESS) {
                    fail.Add(Where(t, i, ft_errmsg().c_str()));
                    continue;
                }
            }
            if (!Same(relu, want_relu) || !Same(add, want_add)) fail.Add(Where(t, i, "wrong result"));
            ++runs;
        }
    });
    CheckNoFailures(fail);
    assert_int_equal(runs.load(), kThreads * kIters);
    assert_int_equal(st::LiveOutputs(), base);
}

/* RunGraphWithStreamAsync from 4 threads x 20 iterations, each thread on its own stream and
 * device memory; every fourth iteration lets gecl allocate the outputs. The graph was loaded on
 * the main thread's stream. */
static void test_stream_threads(void **state) {
    (void)state;
    aclrtStream main_stream = nullptr;
    assert_int_equal(aclrtCreateStream(&main_stream), ACL_SUCCESS);
    {
        GeSession session({});
        FT_OK(session.AddGraph(2, st::AddReluGraph(kRows, kCols)));
        FT_OK(session.LoadGraph(2, {}, main_stream));
        const uint64_t base = st::LiveOutputs();
        Failures fail;
        std::atomic<int> runs(0);
        OnThreads(fail, true, [&](int t, aclrtStream stream) {
            {
                DeviceBuffer dx(kBytes), dy(kBytes), drelu(kBytes), dadd(kBytes);
                for (int i = 0; i < kIters; ++i) {
                    const std::vector<float> x = st::Pattern(kN, 1000 + 100 * t + i),
                                             y = st::Pattern(kN, 2000 + 100 * t + i);
                    std::vector<float> want_relu, want_add;
                    st::AddReluRef(x, y, want_relu, want_add);
                    if (!dx.Upload(x) || !dy.Upload(y)) {
                        fail.Add(Where(t, i, "upload"));
                        continue;
                    }
                    std::vector<gert::Tensor> in, out;
                    in.push_back(st::FloatTensor(kDims, dx.Get(), gert::kOnDeviceHbm));
                    in.push_back(st::FloatTensor(kDims, dy.Get(), gert::kOnDeviceHbm));
                    const bool gecl_outputs = i % 4 == 3;
                    if (!gecl_outputs) {
                        out.push_back(st::FloatTensor(kDims, drelu.Get(), gert::kOnDeviceHbm));
                        out.push_back(st::FloatTensor(kDims, dadd.Get(), gert::kOnDeviceHbm));
                    }
                    if (session.RunGraphWithStreamAsync(2, stream, in, out) != SUCCESS) {
                        fail.Add(Where(t, i, ft_errmsg().c_str()));
                        continue;
                    }
                    if (aclrtSynchronizeStream(stream) != ACL_SUCCESS || out.size() != 2) {
                        fail.Add(Where(t, i, "synchronize"));
                        continue;
                    }
                    const std::vector<float> relu = DeviceBuffer::DownloadFrom(out[0].GetAddr(), kBytes),
                                             add = DeviceBuffer::DownloadFrom(out[1].GetAddr(), kBytes);
                    if (gecl_outputs && out[0].GetPlacement() != gert::kOnDeviceHbm) fail.Add(Where(t, i, "placement"));
                    if (!Same(relu, want_relu) || !Same(add, want_add)) fail.Add(Where(t, i, "wrong result"));
                    ++runs;
                }
            }
        });
        CheckNoFailures(fail);
        assert_int_equal(runs.load(), kThreads * kIters);
        assert_int_equal(st::LiveOutputs(), base);
    }
    assert_int_equal(aclrtDestroyStream(main_stream), ACL_SUCCESS);
}

/* A graph with an arena intermediate (conv -> relu -> conv): the threads' runs share the arena,
 * so they must not overlap; stream mode, per-thread streams. */
static void test_conv_stream_threads(void **state) {
    (void)state;
    const st::ConvGraphSpec spec;
    GeSession session({});
    FT_OK(session.AddGraph(3, st::ConvGraph(spec)));
    FT_OK(session.CompileGraph(3));
    Failures fail;
    std::atomic<int> runs(0);
    const size_t n = 50, bytes = n * sizeof(float);
    const std::vector<int64_t> dims = {1, 2, 5, 5};
    OnThreads(fail, true, [&](int t, aclrtStream stream) {
        {
            DeviceBuffer dx(bytes), dy(bytes);
            for (int i = 0; i < kIters; ++i) {
                const std::vector<float> x = st::Pattern(n, 300 * t + i);
                if (!dx.Upload(x)) {
                    fail.Add(Where(t, i, "upload"));
                    continue;
                }
                std::vector<gert::Tensor> in, out;
                in.push_back(st::FloatTensor(dims, dx.Get(), gert::kOnDeviceHbm, FORMAT_NCHW));
                out.push_back(st::FloatTensor(dims, dy.Get(), gert::kOnDeviceHbm, FORMAT_NCHW));
                if (session.RunGraphWithStreamAsync(3, stream, in, out) != SUCCESS) {
                    fail.Add(Where(t, i, ft_errmsg().c_str()));
                    continue;
                }
                if (aclrtSynchronizeStream(stream) != ACL_SUCCESS) {
                    fail.Add(Where(t, i, "synchronize"));
                    continue;
                }
                if (!Same(dy.Download(), st::ConvGraphRef(spec, x))) fail.Add(Where(t, i, "wrong result"));
                ++runs;
            }
        }
    });
    CheckNoFailures(fail);
    assert_int_equal(runs.load(), kThreads * kIters);
}

/* RunGraphAsync submitted from 4 threads: every callback comes once, on the worker thread, with
 * its own run's results; the inputs stay alive until all callbacks are in. */
static void test_async_threads(void **state) {
    (void)state;
    GeSession session({});
    FT_OK(session.AddGraph(4, st::AddReluGraph(kRows, kCols)));
    const uint64_t base = st::LiveOutputs();
    const int kPerThread = 5;
    std::vector<std::vector<float>> xs, ys;
    for (int k = 0; k < kThreads * kPerThread; ++k) {
        xs.push_back(st::Pattern(kN, 3000 + k));
        ys.push_back(st::Pattern(kN, 4000 + k));
    }
    std::vector<std::vector<gert::Tensor>> ins(static_cast<size_t>(kThreads * kPerThread));
    Failures fail;
    std::mutex m;
    std::condition_variable cv;
    int callbacks = 0;
    std::vector<int> seen(static_cast<size_t>(kThreads * kPerThread), 0);
    const std::thread::id main_id = std::this_thread::get_id();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const int k = t * kPerThread + i;
                const size_t ks = static_cast<size_t>(k);
                ins[ks].push_back(st::FloatTensor(kDims, xs[ks].data(), gert::kOnHost));
                ins[ks].push_back(st::FloatTensor(kDims, ys[ks].data(), gert::kOnHost));
                const Status rc =
                    session.RunGraphAsync(4, ins[ks], [&, k, t, i](Status s, std::vector<gert::Tensor> &out) {
                        const size_t kk = static_cast<size_t>(k);
                        std::vector<float> want_relu, want_add;
                        st::AddReluRef(xs[kk], ys[kk], want_relu, want_add);
                        if (s != SUCCESS || out.size() != 2)
                            fail.Add(Where(t, i, "callback status"));
                        else if (!Same(st::HostValues(out[0]), want_relu) || !Same(st::HostValues(out[1]), want_add))
                            fail.Add(Where(t, i, "wrong result"));
                        if (std::this_thread::get_id() == main_id) fail.Add(Where(t, i, "callback on the main thread"));
                        std::lock_guard<std::mutex> lock(m);
                        ++seen[kk];
                        ++callbacks;
                        cv.notify_all();
                    });
                if (rc != SUCCESS) fail.Add(Where(t, i, ft_errmsg().c_str()));
            }
        });
    }
    for (std::thread &th : threads) th.join();
    {
        std::unique_lock<std::mutex> lock(m);
        assert_true(cv.wait_for(lock, std::chrono::seconds(180), [&] { return callbacks == kThreads * kPerThread; }));
    }
    CheckNoFailures(fail);
    for (int s : seen) assert_int_equal(s, 1);
    FT_OK(session.RemoveGraph(4));
    assert_int_equal(st::LiveOutputs(), base);
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_graph_threads),
        cmocka_unit_test(test_stream_threads),
        cmocka_unit_test(test_conv_stream_threads),
        cmocka_unit_test(test_async_threads),
    };
    return cmocka_run_group_tests(tests, st::GroupSetup, st::GroupTeardown);
}
