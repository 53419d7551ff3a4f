// The flow of CANN's "run a graph asynchronously" guide: GEInitializeV2, then aclInit, a device
// and an ACL stream; a GeSession; AddGraph, CompileGraph, LoadGraph on the stream; then
// RunGraphWithStreamAsync with gert::Tensors over aclrtMalloc memory, which only enqueues:
// three runs with different inputs and outputs are queued before one aclrtSynchronizeStream,
// then a run with an empty output vector lets GE allocate the output on the device. Teardown in
// the guide's order: GEFinalizeV2, aclFinalize, then the session object is deleted.
#include <map>
#include <vector>

#include "ge_graph_common.h"

using namespace ge;
using namespace sample;

int main()
{
    std::map<AscendString, AscendString> config = {{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "1"}};
    GE_OK(GEInitializeV2(config));
    ACL_OK(aclInit(nullptr));
    ACL_OK(aclrtSetDevice(0));
    aclrtStream stream = nullptr;
    ACL_OK(aclrtCreateStream(&stream));

    std::map<AscendString, AscendString> options;
    GeSession *session = new GeSession(options);
    const uint32_t graphId = 0;
    GE_OK(session->AddGraph(graphId, SoftmaxGraph("seed_graph")));
    GE_OK(session->CompileGraph(graphId));
    GE_OK(session->LoadGraph(graphId, {}, stream));

    const std::vector<int64_t> xDims = {kRows, kK}, yDims = {kRows, kCols};
    const size_t xBytes = kRows * kK * sizeof(float), yBytes = kRows * kCols * sizeof(float);
    const float salts[3] = {0.31f, 1.7f, 2.9f};
    std::vector<float> xs[3];
    void *xDev[3], *yDev[3];
    for (int r = 0; r < 3; r++) {
        xs[r] = Input(salts[r]);
        ACL_OK(aclrtMalloc(&xDev[r], xBytes, ACL_MEM_MALLOC_HUGE_FIRST));
        ACL_OK(aclrtMalloc(&yDev[r], yBytes, ACL_MEM_MALLOC_HUGE_FIRST));
        ACL_OK(aclrtMemcpy(xDev[r], xBytes, xs[r].data(), xBytes, ACL_MEMCPY_HOST_TO_DEVICE));
    }
    for (int r = 0; r < 3; r++) {
        std::vector<gert::Tensor> inputs, outputs;
        inputs.push_back(DeviceTensor(xDev[r], xDims));
        outputs.push_back(DeviceTensor(yDev[r], yDims));
        GE_OK(session->RunGraphWithStreamAsync(graphId, stream, inputs, outputs));
    }
    ACL_OK(aclrtSynchronizeStream(stream));
    int wrong = 0;
    std::vector<float> y(kRows * kCols);
    for (int r = 0; r < 3; r++) {
        ACL_OK(aclrtMemcpy(y.data(), yBytes, yDev[r], yBytes, ACL_MEMCPY_DEVICE_TO_HOST));
        wrong += CountWrong(r == 0 ? "run 1 of 3 queued" : r == 1 ? "run 2 of 3 queued" : "run 3 of 3 queued",
                            y.data(), xs[r]);
    }
    {
        std::vector<gert::Tensor> inputs, outputs;
        inputs.push_back(DeviceTensor(xDev[1], xDims));
        GE_OK(session->RunGraphWithStreamAsync(graphId, stream, inputs, outputs));
        ACL_OK(aclrtSynchronizeStream(stream));
        EXPECT_TRUE(outputs.size() == 1 && outputs[0].GetPlacement() == gert::kOnDeviceHbm);
        EXPECT_TRUE(outputs[0].GetSize() == yBytes);
        ACL_OK(aclrtMemcpy(y.data(), yBytes, outputs[0].GetAddr(), yBytes, ACL_MEMCPY_DEVICE_TO_HOST));
        wrong += CountWrong("run into an output GE allocates", y.data(), xs[1]);
    }
    for (int r = 0; r < 3; r++) {
        ACL_OK(aclrtFree(xDev[r]));
        ACL_OK(aclrtFree(yDev[r]));
    }
    ACL_OK(aclrtDestroyStream(stream));
    GE_OK(GEFinalizeV2());
    ACL_OK(aclFinalize());
    delete session;
    if (wrong != 0) {
        std::fprintf(stderr, "[ERROR] %d elements wrong\n", wrong);
        return 1;
    }
    std::printf("[INFO]  run success\n");
    return 0;
}
