/* What a program can ask the runtime about itself and its failures: the run mode (before aclInit,
 * as the guide's samples do to pick a copy kind), package versions, CANN attributes, a device's
 * capabilities, the thread's last error code (Get clears it, Peek does not, each thread has its
 * own) and the verbose error of a device. An Ascend-only call fails with
 * ACL_ERROR_FEATURE_UNSUPPORTED and the recent error message names it. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "acl/acl.h"
#include "cann_check.h"

static void *PeekOnNewThread(void *arg)
{
    *(aclError *)arg = aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL);
    return NULL;
}

static void CheckRunMode(void)
{
    aclrtRunMode mode = (aclrtRunMode)-1;
    CHECK_ACL(aclrtGetRunMode(&mode));
    /* the program runs on the host and drives the device through the runtime */
    EXPECT(mode == ACL_HOST);
}

/* "X.Y.Z" of a package, and its number: a later version must give a greater number. */
static int32_t PackageVersion(const char *pkg, int parts[3])
{
    char name[32], str[ACL_PKG_VERSION_MAX_SIZE];
    snprintf(name, sizeof name, "%s", pkg);
    memset(str, 0, sizeof str);
    CHECK_ACL(aclsysGetVersionStr(name, str));
    EXPECT(strlen(str) < ACL_PKG_VERSION_MAX_SIZE);
    EXPECT(sscanf(str, "%d.%d.%d", &parts[0], &parts[1], &parts[2]) == 3);
    int32_t num = 0;
    CHECK_ACL(aclsysGetVersionNum(name, &num));
    EXPECT(num >= 0);
    INFO_LOG("package %-10s version %s, number %d", pkg, str, num);
    return num;
}

static int CompareParts(const int a[3], const int b[3])
{
    for (int i = 0; i < 3; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

static void CheckVersions(void)
{
    int runtime[3], compiler[3], gecl[3];
    int32_t nRuntime = PackageVersion("runtime", runtime);
    int32_t nCompiler = PackageVersion("compiler", compiler);
    int32_t nGecl = PackageVersion("gecl", gecl);
    /* the numbers order the releases as the strings do */
    EXPECT((CompareParts(runtime, compiler) > 0) == (nRuntime > nCompiler));
    EXPECT((CompareParts(runtime, compiler) == 0) == (nRuntime == nCompiler));
    EXPECT((CompareParts(runtime, gecl) > 0) == (nRuntime > nGecl));
    /* a package that is not installed: no driver package stands behind an OpenCL device */
    char missing[] = "no_such_package";
    char str[ACL_PKG_VERSION_MAX_SIZE];
    EXPECT(aclsysGetVersionStr(missing, str) != ACL_SUCCESS);
    int32_t num = 0;
    EXPECT(aclsysGetVersionNum(missing, &num) != ACL_SUCCESS);
    EXPECT(aclsysGetVersionNum(NULL, &num) == ACL_ERROR_INVALID_PARAM);
}

static void CheckCannAttributes(void)
{
    const aclCannAttr *list = NULL;
    size_t num = 0;
    CHECK_ACL(aclGetCannAttributeList(&list, &num));
    EXPECT(num == 0 || list != NULL);
    /* every listed attribute answers 1, and an attribute not listed answers 0 */
    const aclCannAttr all[] = {ACL_CANN_ATTR_INF_NAN, ACL_CANN_ATTR_BF16, ACL_CANN_ATTR_JIT_COMPILE};
    for (size_t a = 0; a < sizeof all / sizeof all[0]; a++) {
        int listed = 0;
        for (size_t i = 0; i < num; i++) listed |= list[i] == all[a];
        int32_t value = -1;
        CHECK_ACL(aclGetCannAttribute(all[a], &value));
        EXPECT(value == listed);
        INFO_LOG("CANN attribute %d: %d", (int)all[a], value);
    }
    int32_t value = 0;
    EXPECT(aclGetCannAttribute(ACL_CANN_ATTR_UNDEFINED, &value) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclGetCannAttribute(ACL_CANN_ATTR_INF_NAN, NULL) == ACL_ERROR_INVALID_PARAM);
}

static void CheckLastError(void)
{
    /* a success neither sets nor clears the code */
    aclrtGetLastError(ACL_RT_THREAD_LEVEL);
    EXPECT(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL) == ACL_SUCCESS);
    void *dev = NULL;
    EXPECT(aclrtMalloc(&dev, 0, ACL_MEM_MALLOC_HUGE_FIRST) == ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtMalloc(&dev, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    EXPECT(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL) == ACL_ERROR_INVALID_PARAM); /* peek keeps it */
    /* another thread has its own record, still clean */
    pthread_t t;
    aclError other = -1;
    EXPECT(pthread_create(&t, NULL, PeekOnNewThread, &other) == 0);
    EXPECT(pthread_join(t, NULL) == 0);
    EXPECT(other == ACL_SUCCESS);
    EXPECT(aclrtGetLastError(ACL_RT_THREAD_LEVEL) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtGetLastError(ACL_RT_THREAD_LEVEL) == ACL_SUCCESS); /* get cleared it */
    CHECK_ACL(aclrtFree(dev));
    /* the thread level is the only level CANN declares: a process-wide level is refused */
    EXPECT(aclrtGetLastError((aclrtLastErrLevel)1) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtPeekAtLastError((aclrtLastErrLevel)1) == ACL_ERROR_INVALID_PARAM);
    aclrtGetLastError(ACL_RT_THREAD_LEVEL);
}

static void CheckDevice(int32_t device, uint32_t count)
{
    int64_t aicore = 0, vector = 0, l2 = -1, attr = 0;
    CHECK_ACL(aclGetDeviceCapability((uint32_t)device, ACL_DEVICE_INFO_AI_CORE_NUM, &aicore));
    CHECK_ACL(aclGetDeviceCapability((uint32_t)device, ACL_DEVICE_INFO_VECTOR_CORE_NUM, &vector));
    CHECK_ACL(aclGetDeviceCapability((uint32_t)device, ACL_DEVICE_INFO_L2_SIZE, &l2));
    EXPECT(aicore > 0 && vector > 0 && l2 >= 0);
    /* the same count as the device attribute query reports */
    CHECK_ACL(aclrtGetDeviceInfo((uint32_t)device, ACL_DEV_ATTR_AICORE_CORE_NUM, &attr));
    EXPECT(attr == aicore);
    EXPECT(aclGetDeviceCapability(count, ACL_DEVICE_INFO_AI_CORE_NUM, &aicore) != ACL_SUCCESS);
    EXPECT(aclGetDeviceCapability((uint32_t)device, ACL_DEVICE_INFO_UNDEFINED, &aicore) == ACL_ERROR_INVALID_PARAM);
    INFO_LOG("device %d: %lld AI cores, %lld vector cores, L2 %lld bytes", device, (long long)aicore,
             (long long)vector, (long long)l2);

    aclrtErrorInfo info;
    memset(&info, 0xA5, sizeof info);
    CHECK_ACL(aclrtGetErrorVerbose(device, &info));
    EXPECT(info.errorType == ACL_RT_NO_ERROR && info.tryRepair == 0 && info.hasDetail == 0);
    EXPECT(aclrtGetErrorVerbose((int32_t)count, &info) != ACL_SUCCESS);
    EXPECT(aclrtGetErrorVerbose(device, NULL) == ACL_ERROR_INVALID_PARAM);
}

/* Notifies are Ascend hardware objects; the call fails and says which call it was. */
static void CheckAscendOnly(void)
{
    aclrtNotify notify = NULL;
    EXPECT(aclrtCreateNotify(&notify, 0) == ACL_ERROR_FEATURE_UNSUPPORTED);
    const char *msg = aclGetRecentErrMsg();
    EXPECT(msg != NULL && strstr(msg, "aclrtCreateNotify") != NULL);
    EXPECT(aclrtGetLastError(ACL_RT_THREAD_LEVEL) == ACL_ERROR_FEATURE_UNSUPPORTED);
    INFO_LOG("aclrtCreateNotify -> %s", msg);
}

int main(void)
{
    /* before aclInit: the run mode, the versions and the attributes are already there */
    CheckRunMode();
    CheckVersions();
    CheckCannAttributes();

    CHECK_ACL(aclInit(NULL));
    const int32_t device = 0;
    CHECK_ACL(aclrtSetDevice(device));
    uint32_t count = 0;
    CHECK_ACL(aclrtGetDeviceCount(&count));
    CheckLastError();
    CheckDevice(device, count);
    CheckAscendOnly();
    CHECK_ACL(aclrtResetDevice(device));
    CHECK_ACL(aclFinalize());

    /* and after aclFinalize */
    CheckRunMode();
    CheckVersions();
    INFO_LOG("run success");
    return 0;
}
