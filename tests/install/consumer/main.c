/* Written only against CANN's ACL headers: no gecl names. */
#include <stdio.h>
#include <string.h>

#include "acl/acl.h"
#include "acl.h" /* CANN's SDK puts include/acl on the path too */

#define CHECK(x) do { aclError e = (x); if (e != ACL_SUCCESS) { \
    printf("%s -> %d: %s\n", #x, e, aclGetRecentErrMsg()); return 1; } } while (0)

int main(void)
{
    CHECK(aclInit(NULL));
    int32_t major, minor, patch;
    CHECK(aclrtGetVersion(&major, &minor, &patch));
    uint32_t n = 0;
    CHECK(aclrtGetDeviceCount(&n));
    CHECK(aclrtSetDevice(0));
    aclrtStream stream;
    CHECK(aclrtCreateStream(&stream));
    char in[256], out[256];
    for (int i = 0; i < 256; i++) in[i] = (char)i;
    void *dev;
    CHECK(aclrtMalloc(&dev, sizeof in, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK(aclrtMemcpyAsync(dev, sizeof in, in, sizeof in, ACL_MEMCPY_HOST_TO_DEVICE, stream));
    CHECK(aclrtMemsetAsync((char *)dev + 16, 16, 0x7f, 16, stream));
    CHECK(aclrtMemcpyAsync(out, sizeof out, dev, sizeof in, ACL_MEMCPY_DEVICE_TO_HOST, stream));
    CHECK(aclrtSynchronizeStream(stream));
    for (int i = 16; i < 32; i++) in[i] = 0x7f;
    int ok = memcmp(in, out, sizeof in) == 0;
    CHECK(aclrtFree(dev));
    CHECK(aclrtDestroyStream(stream));
    CHECK(aclrtResetDevice(0));
    CHECK(aclFinalize());
    printf("consumer: ACL %d.%d.%d, %u device(s), round trip %s\n", major, minor, patch, n, ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
