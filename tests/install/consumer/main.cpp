// The same headers from C++, as CANN's C++ samples include them.
#include <cstdio>
#include <vector>

#include "acl/acl.h"
#include "acl_rt.h"

int main()
{
    if (aclInit(nullptr) != ACL_SUCCESS) return 1;
    aclError rc = aclrtSetDevice(0);
    void *dev = nullptr;
    if (rc == ACL_SUCCESS) rc = aclrtMalloc(&dev, 4096, ACL_MEM_MALLOC_NORMAL_ONLY);
    std::vector<float> host(1024, 3.0f), back(1024, 0.0f);
    if (rc == ACL_SUCCESS) rc = aclrtMemcpy(dev, 4096, host.data(), 4096, ACL_MEMCPY_HOST_TO_DEVICE);
    if (rc == ACL_SUCCESS) rc = aclrtMemcpy(back.data(), 4096, dev, 4096, ACL_MEMCPY_DEVICE_TO_HOST);
    switch (rc) { // the error codes are constants usable in a switch in C++
    case ACL_ERROR_NONE: break;
    default: std::printf("failed: %d %s\n", rc, aclGetRecentErrMsg()); return 1;
    }
    aclrtFree(dev);
    aclrtResetDevice(0);
    aclFinalize();
    bool ok = back == host;
    std::printf("consumer_cxx: round trip %s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
