// An aclnn program as CANN's operator samples write one (C++, "aclnnop/aclnn_add.h", contiguous
// strides computed from the shape, the two phases, a workspace when asked for), built against the
// installed package: out = self + alpha * other, checked on the host.
#include <cstdio>
#include <vector>

#include "acl/acl.h"
#include "aclnnop/aclnn_add.h"

#define CHECK_RET(cond, expr) \
    do {                      \
        if (!(cond)) {        \
            expr;             \
        }                     \
    } while (0)

static int64_t GetShapeSize(const std::vector<int64_t> &shape)
{
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

static int CreateAclTensor(const std::vector<float> &host, const std::vector<int64_t> &shape, void **dev,
                           aclTensor **tensor)
{
    auto size = GetShapeSize(shape) * sizeof(float);
    auto ret = aclrtMalloc(dev, size, ACL_MEM_MALLOC_HUGE_FIRST);
    CHECK_RET(ret == ACL_SUCCESS, return ret);
    ret = aclrtMemcpy(*dev, size, host.data(), size, ACL_MEMCPY_HOST_TO_DEVICE);
    CHECK_RET(ret == ACL_SUCCESS, return ret);
    std::vector<int64_t> strides(shape.size(), 1);
    for (int64_t i = (int64_t)shape.size() - 2; i >= 0; i--) strides[i] = shape[i + 1] * strides[i + 1];
    *tensor = aclCreateTensor(shape.data(), shape.size(), ACL_FLOAT, strides.data(), 0, ACL_FORMAT_ND, shape.data(),
                              shape.size(), *dev);
    return *tensor ? 0 : 1;
}

int main()
{
    int32_t deviceId = 0;
    aclrtStream stream;
    CHECK_RET(aclInit(nullptr) == ACL_SUCCESS, return 1);
    CHECK_RET(aclrtSetDevice(deviceId) == ACL_SUCCESS, return 1);
    CHECK_RET(aclrtCreateStream(&stream) == ACL_SUCCESS, return 1);
    std::vector<int64_t> shape = {4, 2};
    std::vector<float> selfHost = {0, 1, 2, 3, 4, 5, 6, 7}, otherHost = {1, 1, 1, 2, 2, 2, 3, 3}, outHost(8, 0);
    void *selfDev = nullptr, *otherDev = nullptr, *outDev = nullptr;
    aclTensor *self = nullptr, *other = nullptr, *out = nullptr;
    CHECK_RET(CreateAclTensor(selfHost, shape, &selfDev, &self) == 0, return 1);
    CHECK_RET(CreateAclTensor(otherHost, shape, &otherDev, &other) == 0, return 1);
    CHECK_RET(CreateAclTensor(outHost, shape, &outDev, &out) == 0, return 1);
    float alphaValue = 1.2f;
    aclScalar *alpha = aclCreateScalar(&alphaValue, ACL_FLOAT);
    uint64_t workspaceSize = 0;
    aclOpExecutor *executor = nullptr;
    auto ret = aclnnAddGetWorkspaceSize(self, other, alpha, out, &workspaceSize, &executor);
    CHECK_RET(ret == ACL_SUCCESS, printf("aclnnAddGetWorkspaceSize failed: %d %s\n", ret, aclGetRecentErrMsg()); return 1);
    void *workspace = nullptr;
    if (workspaceSize > 0) CHECK_RET(aclrtMalloc(&workspace, workspaceSize, ACL_MEM_MALLOC_HUGE_FIRST) == 0, return 1);
    ret = aclnnAdd(workspace, workspaceSize, executor, stream);
    CHECK_RET(ret == ACL_SUCCESS, printf("aclnnAdd failed: %d %s\n", ret, aclGetRecentErrMsg()); return 1);
    CHECK_RET(aclrtSynchronizeStream(stream) == ACL_SUCCESS, return 1);
    CHECK_RET(aclrtMemcpy(outHost.data(), 32, outDev, 32, ACL_MEMCPY_DEVICE_TO_HOST) == ACL_SUCCESS, return 1);
    int bad = 0;
    for (int i = 0; i < 8; i++) {
        float want = selfHost[i] + alphaValue * otherHost[i];
        if (outHost[i] < want - 1e-5f || outHost[i] > want + 1e-5f) bad++;
        printf("result[%d] is: %f\n", i, outHost[i]);
    }
    aclDestroyTensor(self);
    aclDestroyTensor(other);
    aclDestroyScalar(alpha);
    aclDestroyTensor(out);
    aclrtFree(selfDev);
    aclrtFree(otherDev);
    aclrtFree(outDev);
    if (workspace) aclrtFree(workspace);
    aclrtDestroyStream(stream);
    aclrtResetDevice(deviceId);
    aclFinalize();
    printf("aclnn consumer: %s\n", bad ? "WRONG" : "ok");
    return bad ? 1 : 0;
}
