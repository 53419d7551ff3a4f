/* aclnn_helpers.h: what an operator sample writes around its calls, shared by the aclnn programs
 * of this folder: device tensors made with aclCreateTensor over aclrtMalloc memory, the second
 * phase of a two-phase call (workspace from aclrtMalloc when asked for, then the operator on the
 * stream), and a comparison against the program's own CPU reference that says what is wrong. */
#ifndef ACLNN_HELPERS_H
#define ACLNN_HELPERS_H
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "acl/acl.h"
#include "aclnn/acl_meta.h"
#include "cann_check.h"
#include "half_float.h"

/* Strides of a contiguous row-major view, as the samples compute them for aclCreateTensor. */
static inline std::vector<int64_t> ContiguousStrides(const std::vector<int64_t> &shape)
{
    std::vector<int64_t> strides(shape.size(), 1);
    for (int64_t i = (int64_t)shape.size() - 2; i >= 0; i--) strides[i] = shape[i + 1] * strides[i + 1];
    return strides;
}

static inline int64_t ElementCount(const std::vector<int64_t> &shape)
{
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

/* One device buffer and the aclTensor that describes it. */
struct DeviceTensor {
    std::vector<int64_t> shape;
    aclDataType dtype = ACL_FLOAT;
    size_t bytes = 0;
    void *dev = nullptr;
    aclTensor *tensor = nullptr;
};

static inline DeviceTensor MakeTensor(const std::vector<int64_t> &shape, aclDataType dtype, const void *host,
                                      aclFormat format = ACL_FORMAT_ND)
{
    DeviceTensor t;
    t.shape = shape;
    t.dtype = dtype;
    t.bytes = (size_t)ElementCount(shape) * aclDataTypeSize(dtype);
    /* aclrtMalloc refuses 0 bytes; an empty tensor still gets a small buffer as its address. */
    CHECK_ACL(aclrtMalloc(&t.dev, t.bytes > 0 ? t.bytes : 32, ACL_MEM_MALLOC_HUGE_FIRST));
    if (host != nullptr && t.bytes > 0)
        CHECK_ACL(aclrtMemcpy(t.dev, t.bytes, host, t.bytes, ACL_MEMCPY_HOST_TO_DEVICE));
    std::vector<int64_t> strides = ContiguousStrides(shape);
    t.tensor = aclCreateTensor(shape.data(), shape.size(), dtype, strides.data(), 0, format, shape.data(),
                               shape.size(), t.dev);
    if (t.tensor == nullptr) {
        ERROR_LOG("aclCreateTensor failed: %s", aclGetRecentErrMsg());
        exit(1);
    }
    return t;
}

template <typename T> static inline std::vector<T> Download(const DeviceTensor &t)
{
    std::vector<T> host(t.bytes / sizeof(T));
    if (t.bytes > 0) CHECK_ACL(aclrtMemcpy(host.data(), t.bytes, t.dev, t.bytes, ACL_MEMCPY_DEVICE_TO_HOST));
    return host;
}

static inline void FreeTensor(DeviceTensor &t)
{
    CHECK_ACL(aclDestroyTensor(t.tensor));
    CHECK_ACL(aclrtFree(t.dev));
    t.tensor = nullptr;
    t.dev = nullptr;
}

typedef aclnnStatus (*AclnnLaunch)(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor,
                                   aclrtStream stream);

/* The stream the operators run on and the workspaces they asked for; the workspaces are freed
 * only after the stream has been synchronised, since an enqueued operator may still use them. */
struct OpStream {
    aclrtStream stream = nullptr;
    std::vector<void *> workspaces;

    /* Phase two: the caller has run phase one (aclnnXxxGetWorkspaceSize) for `name`. */
    void Launch(const char *name, uint64_t workspaceSize, aclOpExecutor *executor, AclnnLaunch launch)
    {
        void *workspace = nullptr;
        if (workspaceSize > 0) {
            CHECK_ACL(aclrtMalloc(&workspace, workspaceSize, ACL_MEM_MALLOC_HUGE_FIRST));
            workspaces.push_back(workspace);
        }
        aclnnStatus ret = launch(workspace, workspaceSize, executor, stream);
        if (ret != 0) {
            ERROR_LOG("%s returned %d: %s", name, (int)ret, aclGetRecentErrMsg());
            exit(1);
        }
    }

    void Sync()
    {
        CHECK_ACL(aclrtSynchronizeStream(stream));
        for (void *w : workspaces) CHECK_ACL(aclrtFree(w));
        workspaces.clear();
    }
};

/* aclInit, device 0, one stream: the start of every sample. */
static inline OpStream StartRuntime()
{
    OpStream s;
    CHECK_ACL(aclInit(nullptr));
    CHECK_ACL(aclrtSetDevice(0));
    CHECK_ACL(aclrtCreateStream(&s.stream));
    return s;
}

static inline void StopRuntime(OpStream &s)
{
    s.Sync();
    CHECK_ACL(aclrtDestroyStream(s.stream));
    CHECK_ACL(aclrtResetDevice(0));
    CHECK_ACL(aclFinalize());
}

/* Counts the elements where |got - want| > atol + rtol * |want| (a NaN anywhere counts), prints
 * the first few and the total; returns the number wrong. */
template <typename T>
static inline int64_t Compare(const char *what, const std::vector<T> &got, const std::vector<double> &want,
                              double atol, double rtol)
{
    int64_t wrong = 0;
    if (got.size() != want.size()) {
        ERROR_LOG("%s: %zu elements, expected %zu", what, got.size(), want.size());
        return 1;
    }
    for (size_t i = 0; i < got.size(); i++) {
        const double g = (double)got[i], w = want[i];
        if (!(std::fabs(g - w) <= atol + rtol * std::fabs(w))) {
            if (wrong < 5) ERROR_LOG("%s[%zu] = %.9g, expected %.9g", what, i, g, w);
            wrong++;
        }
    }
    INFO_LOG("%-22s %zu elements, %lld wrong", what, got.size(), (long long)wrong);
    return wrong;
}

#endif
