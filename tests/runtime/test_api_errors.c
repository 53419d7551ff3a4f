/*
 * test_api_errors.c: errors and versions (issue 10, group 1): aclrtGetLastError clears the
 * thread's last error code and aclrtPeekAtLastError does not; the code is per thread; package
 * versions as a string and as a number; CANN attributes; device capabilities; aclrtGetRunMode
 * before aclInit.
 */
#include "test_util.h"

/* ---- before aclInit ---- */

static void test_run_mode_without_init(void **state)
{
    (void)state;
    aclrtRunMode mode = ACL_DEVICE;
    GT_OK(aclrtGetRunMode(&mode)); /* CANN does not require aclInit for this */
    GT_EQ(mode, ACL_HOST);         /* the program runs on the host and drives the device */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetRunMode(NULL));
}

static void test_versions_without_init(void **state)
{
    (void)state;
    char v[ACL_PKG_VERSION_MAX_SIZE] = {0};
    GT_OK(aclsysGetVersionStr((char *)"runtime", v));
    int maj = -1, min = -1, pat = -1;
    assert_int_equal(sscanf(v, "%d.%d.%d", &maj, &min, &pat), 3);
    int32_t num = 0;
    GT_OK(aclsysGetVersionNum((char *)"runtime", &num));
    /* The number orders releases: the weights CANN gives major, minor and patch. */
    GT_EQ(num, maj * 10000000 + min * 100000 + pat * 1000);
    assert_true(num > 0);
}

static void test_last_error_without_init(void **state)
{
    (void)state;
    GT_ERR(ACL_ERROR_UNINITIALIZE, aclrtCreateStream(&(aclrtStream){NULL}));
    GT_EQ(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL), ACL_ERROR_UNINITIALIZE);
    GT_EQ(aclrtGetLastError(ACL_RT_THREAD_LEVEL), ACL_ERROR_UNINITIALIZE);
    GT_EQ(aclrtGetLastError(ACL_RT_THREAD_LEVEL), ACL_SUCCESS);
}

/* ---- after aclInit ---- */

static void test_get_clears_peek_does_not(void **state)
{
    (void)state;
    (void)aclrtGetLastError(ACL_RT_THREAD_LEVEL); /* start clean */
    GT_EQ(aclrtGetLastError(ACL_RT_THREAD_LEVEL), ACL_SUCCESS);
    GT_EQ(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL), ACL_SUCCESS);

    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMalloc(NULL, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_EQ(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL), ACL_ERROR_INVALID_PARAM);
    GT_EQ(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL), ACL_ERROR_INVALID_PARAM); /* peek keeps it */

    /* A successful call in between does not clear it. */
    uint32_t count = 0;
    GT_OK(aclrtGetDeviceCount(&count));
    GT_EQ(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL), ACL_ERROR_INVALID_PARAM);

    GT_EQ(aclrtGetLastError(ACL_RT_THREAD_LEVEL), ACL_ERROR_INVALID_PARAM);
    GT_EQ(aclrtGetLastError(ACL_RT_THREAD_LEVEL), ACL_SUCCESS); /* get cleared it */
    GT_EQ(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL), ACL_SUCCESS);
}

static void test_last_error_is_the_latest(void **state)
{
    (void)state;
    (void)aclrtGetLastError(ACL_RT_THREAD_LEVEL);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMalloc(NULL, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtSetDevice(100000));
    GT_EQ(aclrtGetLastError(ACL_RT_THREAD_LEVEL), ACL_ERROR_RT_INVALID_DEVICEID);
}

static void *fail_on_thread(void *arg)
{
    int *out = arg;
    out[0] = aclrtGetLastError(ACL_RT_THREAD_LEVEL); /* a new thread starts without an error */
    out[1] = aclrtSetDevice(-5);
    out[2] = aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL);
    return NULL;
}

static void test_last_error_is_per_thread(void **state)
{
    (void)state;
    (void)aclrtGetLastError(ACL_RT_THREAD_LEVEL);
    int got[3] = {-1, -1, -1};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, fail_on_thread, got), 0);
    pthread_join(t, NULL);
    GT_EQ(got[0], ACL_SUCCESS);
    GT_EQ(got[1], ACL_ERROR_RT_INVALID_DEVICEID);
    GT_EQ(got[2], ACL_ERROR_RT_INVALID_DEVICEID);
    /* The other thread's failure is not this thread's. */
    GT_EQ(aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL), ACL_SUCCESS);
}

static void test_bad_level(void **state)
{
    (void)state;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetLastError((aclrtLastErrLevel)1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtPeekAtLastError((aclrtLastErrLevel)-1));
    (void)aclrtGetLastError(ACL_RT_THREAD_LEVEL);
}

static void test_error_verbose(void **state)
{
    (void)state;
    aclrtErrorInfo info;
    memset(&info, 0xab, sizeof info);
    GT_OK(aclrtGetErrorVerbose(0, &info));
    GT_EQ(info.errorType, ACL_RT_NO_ERROR);
    GT_EQ(info.tryRepair, 0);
    GT_EQ(info.hasDetail, 0);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetErrorVerbose(0, NULL));
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtGetErrorVerbose(1000, &info));
}

static void test_version_strings(void **state)
{
    (void)state;
    char a[ACL_PKG_VERSION_MAX_SIZE], b[ACL_PKG_VERSION_MAX_SIZE];
    GT_OK(aclsysGetVersionStr((char *)"runtime", a));
    GT_OK(aclsysGetVersionStr((char *)"compiler", b));
    assert_string_equal(a, b); /* one release: every package has the same version */
    GT_OK(aclsysGetVersionStr((char *)"gecl", b));
    assert_non_null(strchr(b, '.'));
    int32_t n = 0;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclsysGetVersionStr(NULL, a));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclsysGetVersionStr((char *)"runtime", NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclsysGetVersionNum(NULL, &n));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclsysGetVersionNum((char *)"runtime", NULL));
    /* A package that is not installed is a failure, never a made-up version. */
    assert_int_not_equal(aclsysGetVersionStr((char *)"no-such-package", a), ACL_SUCCESS);
    assert_int_not_equal(aclsysGetVersionNum((char *)"no-such-package", &n), ACL_SUCCESS);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    aclCANNPackageVersion pv;
    GT_OK(aclsysGetCANNVersion(ACL_PKG_NAME_RUNTIME, &pv));
    assert_string_equal(pv.version, a);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclsysGetCANNVersion(ACL_PKG_NAME_RUNTIME, NULL));
#pragma GCC diagnostic pop
}

static void test_cann_attributes(void **state)
{
    (void)state;
    const aclCannAttr *list = NULL;
    size_t num = 0;
    GT_OK(aclGetCannAttributeList(&list, &num));
    assert_non_null(list);
    assert_true(num > 0);
    for (size_t i = 0; i < num; i++) {
        int32_t v = -1;
        GT_OK(aclGetCannAttribute(list[i], &v));
        GT_EQ(v, 1); /* everything in the list is available */
    }
    /* Each known attribute answers 0 or 1, and 1 exactly when it is listed. */
    for (int a = ACL_CANN_ATTR_INF_NAN; a <= ACL_CANN_ATTR_JIT_COMPILE; a++) {
        int32_t v = -1;
        GT_OK(aclGetCannAttribute((aclCannAttr)a, &v));
        int listed = 0;
        for (size_t i = 0; i < num; i++) listed |= list[i] == (aclCannAttr)a;
        GT_EQ(v, listed);
    }
    int32_t v = 0;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetCannAttribute(ACL_CANN_ATTR_BF16, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetCannAttribute(ACL_CANN_ATTR_UNDEFINED, &v));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetCannAttributeList(NULL, &num));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetCannAttributeList(&list, NULL));
}

static void test_device_capability(void **state)
{
    (void)state;
    int64_t cores = 0, vec = 0, l2 = -1, info = 0;
    GT_OK(aclGetDeviceCapability(0, ACL_DEVICE_INFO_AI_CORE_NUM, &cores));
    GT_OK(aclGetDeviceCapability(0, ACL_DEVICE_INFO_VECTOR_CORE_NUM, &vec));
    GT_OK(aclGetDeviceCapability(0, ACL_DEVICE_INFO_L2_SIZE, &l2));
    assert_true(cores > 0);
    assert_true(vec > 0);
    assert_true(l2 >= 0);
    GT_OK(aclrtGetDeviceInfo(0, ACL_DEV_ATTR_AICORE_CORE_NUM, &info));
    GT_EQ(cores, info); /* the two queries agree */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetDeviceCapability(0, ACL_DEVICE_INFO_AI_CORE_NUM, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclGetDeviceCapability(0, ACL_DEVICE_INFO_UNDEFINED, &cores));
    assert_int_not_equal(aclGetDeviceCapability(100000, ACL_DEVICE_INFO_AI_CORE_NUM, &cores), ACL_SUCCESS);

    int32_t f = -1;
    GT_OK(aclrtGetDeviceCapability(0, ACL_FEATURE_TSCPU_TASK_UPDATE_SUPPORT_AIC_AIV, &f));
    GT_EQ(f, ACL_DEV_FEATURE_NOT_SUPPORT);
    GT_OK(aclrtGetDeviceCapability(0, ACL_FEATURE_SYSTEM_MEMQ_EVENT_CROSS_DEV, &f));
    GT_EQ(f, ACL_DEV_FEATURE_NOT_SUPPORT);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetDeviceCapability(0, (aclrtDevFeatureType)2, &f));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetDeviceCapability(0, ACL_FEATURE_SYSTEM_MEMQ_EVENT_CROSS_DEV, NULL));
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtGetDeviceCapability(-1, ACL_FEATURE_SYSTEM_MEMQ_EVENT_CROSS_DEV, &f));
}

static void test_run_mode_with_init(void **state)
{
    (void)state;
    aclrtRunMode mode = ACL_DEVICE;
    GT_OK(aclrtGetRunMode(&mode));
    GT_EQ(mode, ACL_HOST);
}

int main(void)
{
    const struct CMUnitTest before_init[] = {
        cmocka_unit_test(test_run_mode_without_init),
        cmocka_unit_test(test_versions_without_init),
        cmocka_unit_test(test_last_error_without_init),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_clears_peek_does_not),
        cmocka_unit_test(test_last_error_is_the_latest),
        cmocka_unit_test(test_last_error_is_per_thread),
        cmocka_unit_test(test_bad_level),
        cmocka_unit_test(test_error_verbose),
        cmocka_unit_test(test_version_strings),
        cmocka_unit_test(test_cann_attributes),
        cmocka_unit_test(test_device_capability),
        cmocka_unit_test(test_run_mode_with_init),
    };
    gt_apply_filter();
    int failed = cmocka_run_group_tests_name("before aclInit", before_init, NULL, NULL);
    failed += cmocka_run_group_tests_name("after aclInit", tests, gt_group_setup, gt_group_teardown);
    return failed;
}
