// Two aclnn operators chained on one stream without a host wait between them, as the operator
// samples chain calls: y = relu(x + alpha * bias) with bias broadcast along the rows; each call
// asks for its workspace, gets it from aclrtMalloc, and runs; the host waits once at the end.
#include <cmath>
#include <cstdio>
#include <vector>

#include "acl/acl.h"
#include "aclnnop/aclnn_add.h"
#include "aclnnop/aclnn_relu.h"

#define CHECK(cond, what)                                                                   \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            std::fprintf(stderr, "[ERROR] %s failed: %s\n", what, aclGetRecentErrMsg());    \
            return 1;                                                                       \
        }                                                                                   \
    } while (0)

static aclTensor *DeviceTensor(const std::vector<int64_t> &shape, void *dev)
{
    std::vector<int64_t> strides(shape.size(), 1);
    for (int64_t i = (int64_t)shape.size() - 2; i >= 0; i--) strides[i] = shape[i + 1] * strides[i + 1];
    return aclCreateTensor(shape.data(), shape.size(), ACL_FLOAT, strides.data(), 0, ACL_FORMAT_ND, shape.data(),
                           shape.size(), dev);
}

int main()
{
    CHECK(aclInit(nullptr) == ACL_SUCCESS, "aclInit");
    CHECK(aclrtSetDevice(0) == ACL_SUCCESS, "aclrtSetDevice");
    aclrtStream stream = nullptr;
    CHECK(aclrtCreateStream(&stream) == ACL_SUCCESS, "aclrtCreateStream");

    const int64_t rows = 64, cols = 33;
    std::vector<float> x(rows * cols), bias(cols), y(rows * cols, -1.0f);
    for (int64_t i = 0; i < rows * cols; i++) x[i] = std::sin(0.1f * (float)i);
    for (int64_t j = 0; j < cols; j++) bias[j] = 0.05f * (float)(j - 16);
    void *xDev = nullptr, *bDev = nullptr, *sumDev = nullptr, *yDev = nullptr;
    const size_t xBytes = x.size() * sizeof(float), bBytes = bias.size() * sizeof(float);
    CHECK(aclrtMalloc(&xDev, xBytes, ACL_MEM_MALLOC_HUGE_FIRST) == ACL_SUCCESS, "aclrtMalloc x");
    CHECK(aclrtMalloc(&bDev, bBytes, ACL_MEM_MALLOC_HUGE_FIRST) == ACL_SUCCESS, "aclrtMalloc bias");
    CHECK(aclrtMalloc(&sumDev, xBytes, ACL_MEM_MALLOC_HUGE_FIRST) == ACL_SUCCESS, "aclrtMalloc sum");
    CHECK(aclrtMalloc(&yDev, xBytes, ACL_MEM_MALLOC_HUGE_FIRST) == ACL_SUCCESS, "aclrtMalloc y");
    CHECK(aclrtMemcpy(xDev, xBytes, x.data(), xBytes, ACL_MEMCPY_HOST_TO_DEVICE) == ACL_SUCCESS, "copy x");
    CHECK(aclrtMemcpy(bDev, bBytes, bias.data(), bBytes, ACL_MEMCPY_HOST_TO_DEVICE) == ACL_SUCCESS, "copy bias");
    aclTensor *xT = DeviceTensor({rows, cols}, xDev), *bT = DeviceTensor({cols}, bDev);
    aclTensor *sumT = DeviceTensor({rows, cols}, sumDev), *yT = DeviceTensor({rows, cols}, yDev);
    CHECK(xT && bT && sumT && yT, "aclCreateTensor");
    float alphaValue = 2.0f;
    aclScalar *alpha = aclCreateScalar(&alphaValue, ACL_FLOAT);
    CHECK(alpha, "aclCreateScalar");

    uint64_t wsSize = 0;
    aclOpExecutor *executor = nullptr;
    void *ws = nullptr;
    CHECK(aclnnAddGetWorkspaceSize(xT, bT, alpha, sumT, &wsSize, &executor) == ACL_SUCCESS, "aclnnAddGetWorkspaceSize");
    if (wsSize > 0) CHECK(aclrtMalloc(&ws, wsSize, ACL_MEM_MALLOC_HUGE_FIRST) == ACL_SUCCESS, "workspace");
    CHECK(aclnnAdd(ws, wsSize, executor, stream) == ACL_SUCCESS, "aclnnAdd");
    uint64_t wsSize2 = 0;
    void *ws2 = nullptr;
    CHECK(aclnnReluGetWorkspaceSize(sumT, yT, &wsSize2, &executor) == ACL_SUCCESS, "aclnnReluGetWorkspaceSize");
    if (wsSize2 > 0) CHECK(aclrtMalloc(&ws2, wsSize2, ACL_MEM_MALLOC_HUGE_FIRST) == ACL_SUCCESS, "workspace");
    CHECK(aclnnRelu(ws2, wsSize2, executor, stream) == ACL_SUCCESS, "aclnnRelu");
    CHECK(aclrtSynchronizeStream(stream) == ACL_SUCCESS, "aclrtSynchronizeStream");
    CHECK(aclrtMemcpy(y.data(), xBytes, yDev, xBytes, ACL_MEMCPY_DEVICE_TO_HOST) == ACL_SUCCESS, "copy y");

    int64_t wrong = 0;
    for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < cols; j++) {
            const float s = x[i * cols + j] + alphaValue * bias[j];
            const float want = s > 0.0f ? s : 0.0f;
            if (std::fabs(y[i * cols + j] - want) > 1e-6f) wrong++;
        }
    std::printf("[INFO]  relu(x + %.1f * bias) on [%lld,%lld]: %lld wrong elements\n", alphaValue, (long long)rows,
                (long long)cols, (long long)wrong);

    aclDestroyTensor(xT);
    aclDestroyTensor(bT);
    aclDestroyTensor(sumT);
    aclDestroyTensor(yT);
    aclDestroyScalar(alpha);
    for (void *p : {xDev, bDev, sumDev, yDev, ws, ws2})
        if (p) aclrtFree(p);
    aclrtDestroyStream(stream);
    aclrtResetDevice(0);
    aclFinalize();
    if (wrong != 0) return 1;
    std::printf("[INFO]  run success\n");
    return 0;
}
