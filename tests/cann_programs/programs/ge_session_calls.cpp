// The GeSession calls beyond add / compile / load / run, as CANN's GE API reference describes
// them, on the graph y = softmax(x @ W) * s (ge_graph_common.h), every run checked:
//  1. memory bases: the compiled summary's const and feature sizes, the program's own aclrtMalloc
//     memory given with SetGraphConstMemoryBase, UpdateGraphFeatureMemoryBase (and moved to a
//     second block between runs), SetGraphFixedFeatureMemoryBaseWithType for the (empty) fixed
//     part; a second graph placed with UpdateGraphRefreshableFeatureMemoryBase;
//  2. GraphDebugJSONPrint of a loaded graph;
//  3. RegisterCallBackFunc: callbacks are registered by key; the graph has no summary operators,
//     so (as in CANN) no run calls them;
//  4. RegisterExternalAllocator: the graphs run on that stream take their memory (feature memory,
//     outputs GE allocates) from the program's allocator and give every block back;
//     UnregisterExternalAllocator;
//  5. GetCompiledModel: the serialized model, loaded into a graph in a new session with
//     Graph::LoadFromMem, runs and gives the same result.
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ge_graph_common.h"

using namespace ge;
using namespace sample;

namespace {
const std::vector<int64_t> kXDims = {kRows, kK}, kYDims = {kRows, kCols};
const size_t kXBytes = kRows * kK * sizeof(float), kYBytes = kRows * kCols * sizeof(float);

void *DeviceAlloc(size_t bytes)
{
    void *p = nullptr;
    ACL_OK(aclrtMalloc(&p, bytes > 0 ? bytes : 32, ACL_MEM_MALLOC_HUGE_FIRST));
    return p;
}

/* Copies x in, runs the graph on `stream` into the caller's device output, waits, checks. */
int RunOnStream(GeSession &session, uint32_t id, aclrtStream stream, float salt, const char *what)
{
    const std::vector<float> x = Input(salt);
    void *xDev = DeviceAlloc(kXBytes), *yDev = DeviceAlloc(kYBytes);
    ACL_OK(aclrtMemcpy(xDev, kXBytes, x.data(), kXBytes, ACL_MEMCPY_HOST_TO_DEVICE));
    std::vector<gert::Tensor> inputs, outputs;
    inputs.push_back(DeviceTensor(xDev, kXDims));
    outputs.push_back(DeviceTensor(yDev, kYDims));
    GE_OK(session.RunGraphWithStreamAsync(id, stream, inputs, outputs));
    ACL_OK(aclrtSynchronizeStream(stream));
    std::vector<float> y(kRows * kCols);
    ACL_OK(aclrtMemcpy(y.data(), kYBytes, yDev, kYBytes, ACL_MEMCPY_DEVICE_TO_HOST));
    ACL_OK(aclrtFree(xDev));
    ACL_OK(aclrtFree(yDev));
    return CountWrong(what, y.data(), x);
}

int MemoryBases(GeSession &session, aclrtStream stream)
{
    int wrong = 0;
    GE_OK(session.AddGraph(1, SoftmaxGraph("membase_graph")));
    GE_OK(session.CompileGraph(1));
    CompiledGraphSummaryPtr summary = session.GetCompiledGraphSummary(1);
    EXPECT_TRUE(summary != nullptr);
    size_t constSize = 0, featureSize = 0, fixedSize = 1;
    bool refreshable = false;
    GE_OK(summary->GetConstMemorySize(constSize));
    GE_OK(summary->GetFeatureMemorySize(featureSize));
    GE_OK(summary->GetFixedFeatureMemorySize(fixedSize));
    GE_OK(summary->GetFeatureMemoryBaseRefreshable(refreshable));
    std::printf("[INFO]  summary: const %zu bytes, feature %zu bytes (fixed %zu, refreshable %d), static %d\n",
                constSize, featureSize, fixedSize, (int)refreshable, (int)summary->IsStatic());
    // W and s are constants; the softmax result (and the product before it) are intermediates.
    EXPECT_TRUE(constSize >= (kK * kCols + kCols) * sizeof(float));
    EXPECT_TRUE(featureSize >= kYBytes);
    EXPECT_TRUE(summary->IsStatic());

    void *constMem = DeviceAlloc(constSize), *feature1 = DeviceAlloc(featureSize), *feature2 = DeviceAlloc(featureSize);
    GE_OK(session.SetGraphConstMemoryBase(1, constMem, constSize));
    GE_OK(session.SetGraphFixedFeatureMemoryBaseWithType(1, MemoryType::MEMORY_TYPE_DEFAULT, nullptr, fixedSize));
    GE_OK(session.UpdateGraphFeatureMemoryBase(1, feature1, featureSize));
    EXPECT_TRUE(session.SetGraphConstMemoryBase(1, constMem, constSize) != SUCCESS); // once per graph
    GE_OK(session.LoadGraph(1, {}, stream));
    wrong += RunOnStream(session, 1, stream, 0.7f, "graph 1 in the program's memory");
    // Scribble over the old feature block after moving: a graph still using it would go wrong.
    GE_OK(session.UpdateGraphFeatureMemoryBase(1, feature2, featureSize));
    ACL_OK(aclrtMemset(feature1, featureSize, 0xff, featureSize));
    wrong += RunOnStream(session, 1, stream, 1.9f, "graph 1 after UpdateGraphFeatureMemoryBase");

    // A second graph in refreshable feature memory; it then cannot use the other call.
    GE_OK(session.AddGraph(2, SoftmaxGraph("refreshable_graph")));
    GE_OK(session.CompileGraph(2));
    void *feature3 = DeviceAlloc(featureSize);
    GE_OK(session.UpdateGraphRefreshableFeatureMemoryBase(2, feature3, featureSize));
    EXPECT_TRUE(session.UpdateGraphFeatureMemoryBase(2, feature3, featureSize) != SUCCESS);
    wrong += RunOnStream(session, 2, stream, 2.3f, "graph 2 in refreshable feature memory");

    // The task listing of a loaded graph: a trace-event document with one event per launch.
    AscendString json;
    GE_OK(session.GraphDebugJSONPrint(1, 0, json));
    const std::string text = json.GetString();
    std::printf("[INFO]  GraphDebugJSONPrint: %zu bytes\n", text.size());
    EXPECT_TRUE(text.find("\"traceEvents\"") != std::string::npos);
    EXPECT_TRUE(text.find("\"task_num\"") != std::string::npos);
    EXPECT_TRUE(text.find("softmax") != std::string::npos); // the node a task computes

    GE_OK(session.RemoveGraph(1));
    GE_OK(session.RemoveGraph(2));
    for (void *p : {constMem, feature1, feature2, feature3}) ACL_OK(aclrtFree(p));
    return wrong;
}

/* An allocator over aclrtMalloc that counts what it hands out and gets back. */
class CountingAllocator : public Allocator {
 public:
    MemBlock *Malloc(size_t size) override
    {
        void *p = nullptr;
        if (aclrtMalloc(&p, size > 0 ? size : 32, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) return nullptr;
        mallocs++;
        return new MemBlock(*this, p, size);
    }
    void Free(MemBlock *block) override
    {
        (void)aclrtFree(block->GetAddr());
        frees++;
        delete block;
    }
    std::atomic<int> mallocs{0}, frees{0};
};

int ExternalAllocator(GeSession &session)
{
    aclrtStream stream = nullptr;
    ACL_OK(aclrtCreateStream(&stream));
    auto allocator = std::make_shared<CountingAllocator>();
    GE_OK(session.RegisterExternalAllocator(stream, allocator));
    GE_OK(session.AddGraph(3, SoftmaxGraph("allocator_graph")));
    int wrong = 0;
    const std::vector<float> x = Input(0.45f);
    void *xDev = DeviceAlloc(kXBytes);
    ACL_OK(aclrtMemcpy(xDev, kXBytes, x.data(), kXBytes, ACL_MEMCPY_HOST_TO_DEVICE));
    {
        std::vector<gert::Tensor> inputs, outputs; // no outputs: GE allocates them
        inputs.push_back(DeviceTensor(xDev, kXDims));
        GE_OK(session.RunGraphWithStreamAsync(3, stream, inputs, outputs));
        ACL_OK(aclrtSynchronizeStream(stream));
        EXPECT_TRUE(outputs.size() == 1 && outputs[0].GetAddr() != nullptr);
        std::vector<float> y(kRows * kCols);
        ACL_OK(aclrtMemcpy(y.data(), kYBytes, outputs[0].GetAddr(), kYBytes, ACL_MEMCPY_DEVICE_TO_HOST));
        wrong += CountWrong("graph 3 in allocator memory", y.data(), x);
        std::printf("[INFO]  allocator: %d blocks out, %d back while the output lives\n", allocator->mallocs.load(),
                    allocator->frees.load());
        // The feature memory and the output came from the allocator.
        EXPECT_TRUE(allocator->mallocs >= 2);
    }
    const int backAfterOutput = allocator->frees;
    EXPECT_TRUE(backAfterOutput >= 1); // the output tensor's block went back with the tensor
    GE_OK(session.UnregisterExternalAllocator(stream));
    GE_OK(session.RemoveGraph(3)); // the feature block goes back with the graph
    std::printf("[INFO]  allocator: %d blocks out, %d back after RemoveGraph\n", allocator->mallocs.load(),
                allocator->frees.load());
    EXPECT_TRUE(allocator->mallocs == allocator->frees);
    ACL_OK(aclrtFree(xDev));
    ACL_OK(aclrtDestroyStream(stream));
    return wrong;
}

int CompiledModel(GeSession &session)
{
    GE_OK(session.AddGraph(4, SoftmaxGraph("model_graph")));
    ModelBufferData model;
    GE_OK(session.GetCompiledModel(4, model));
    std::printf("[INFO]  GetCompiledModel: %llu bytes\n", (unsigned long long)model.length);
    EXPECT_TRUE(model.data != nullptr && model.length > 0);
    GE_OK(session.RemoveGraph(4));

    // Load the model in another session, as a deployment step would.
    std::map<AscendString, AscendString> options;
    GeSession other(options);
    Graph loaded;
    EXPECT_TRUE(loaded.LoadFromMem(model.data.get(), model.length) == GRAPH_SUCCESS);
    GE_OK(other.AddGraph(7, loaded));
    std::vector<float> x = Input(3.1f), y(kRows * kCols, -1.0f);
    std::vector<gert::Tensor> inputs, outputs;
    inputs.push_back(HostTensor(x.data(), kXDims));
    outputs.push_back(HostTensor(y.data(), kYDims));
    GE_OK(other.RunGraph(7, inputs, outputs));
    return CountWrong("the compiled model, loaded and run", y.data(), x);
}

int callbackCalls = 0;
} // namespace

int main()
{
    std::map<AscendString, AscendString> config = {{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "0"}};
    GE_OK(GEInitializeV2(config));
    ACL_OK(aclInit(nullptr));
    ACL_OK(aclrtSetDevice(0));
    aclrtStream stream = nullptr;
    ACL_OK(aclrtCreateStream(&stream));
    int wrong = 0;
    {
        std::map<AscendString, AscendString> options;
        GeSession session(options);
        RunCallback onSummary = [](uint32_t, const std::map<AscendString, gert::Tensor> &) {
            callbackCalls++;
            return SUCCESS;
        };
        GE_OK(session.RegisterCallBackFunc("Summary", onSummary));
        GE_OK(session.RegisterCallBackFunc("Save", onSummary));
        EXPECT_TRUE(session.RegisterCallBackFunc("", onSummary) != SUCCESS);
        EXPECT_TRUE(session.RegisterCallBackFunc("Summary", RunCallback()) != SUCCESS);

        wrong += MemoryBases(session, stream);
        wrong += ExternalAllocator(session);
        wrong += CompiledModel(session);
        std::printf("[INFO]  summary/save callbacks called %d times (no summary operators)\n", callbackCalls);
        EXPECT_TRUE(callbackCalls == 0);
    }
    ACL_OK(aclrtDestroyStream(stream));
    GE_OK(GEFinalizeV2());
    ACL_OK(aclrtResetDevice(0));
    ACL_OK(aclFinalize());
    if (wrong != 0) {
        std::fprintf(stderr, "[ERROR] %d elements wrong\n", wrong);
        return 1;
    }
    std::printf("[INFO]  run success\n");
    return 0;
}
