/*
 * test_api_ascend_only.c: the Ascend-only functions of CANN's acl_rt.h (acl/acl_rt_ascend.h)
 * link, return ACL_ERROR_FEATURE_UNSUPPORTED, leave their outputs alone, and leave a message
 * that names the call, so a CANN program that reaches one learns which call and why
 * (docs/runtime.md, "status of every function"). A dozen representatives, one per family.
 */
#include "test_util.h"

/* The call failed as unsupported and aclGetRecentErrMsg() names it. */
#define GT_UNSUPPORTED(name, call)                                                               \
    do {                                                                                         \
        GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, call);                                             \
        GT_MSG_HAS(name ": not supported on OpenCL (");                                          \
    } while (0)

static void test_notify_mbuf_label(void **state)
{
    (void)state;
    aclrtNotify n = NULL;
    GT_UNSUPPORTED("aclrtCreateNotify", aclrtCreateNotify(&n, 0));
    assert_null(n);
    aclrtCntNotify cn = NULL;
    GT_UNSUPPORTED("aclrtCntNotifyCreate", aclrtCntNotifyCreate(&cn, 0));
    aclrtMbuf buf = NULL;
    GT_UNSUPPORTED("aclrtAllocBuf", aclrtAllocBuf(&buf, 64));
    assert_null(buf);
    aclrtLabel label = NULL;
    GT_UNSUPPORTED("aclrtCreateLabel", aclrtCreateLabel(&label));
}

static void test_groups_return_nothing(void **state)
{
    (void)state;
    uint32_t count = 77;
    GT_UNSUPPORTED("aclrtGetGroupCount", aclrtGetGroupCount(&count));
    GT_EQ(count, 77);
    /* A pointer-returning call gives NULL and still records why. */
    assert_null(aclrtCreateGroupInfo());
    GT_MSG_HAS("aclrtCreateGroupInfo: not supported on OpenCL (");
}

static void test_overflow_snapshot_capture(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_UNSUPPORTED("aclrtResetOverflowStatus", aclrtResetOverflowStatus(s));
    GT_UNSUPPORTED("aclrtNpuClearFloatOverFlowStatus", aclrtNpuClearFloatOverFlowStatus(0, s));
    GT_UNSUPPORTED("aclrtSnapShotProcessLock", aclrtSnapShotProcessLock(0, NULL));
    GT_UNSUPPORTED("aclmdlRICaptureBegin", aclmdlRICaptureBegin(s, ACL_MODEL_RI_CAPTURE_MODE_GLOBAL));
    aclrtCmoType t = ACL_RT_CMO_TYPE_PREFETCH;
    GT_UNSUPPORTED("aclrtCmoAsync", aclrtCmoAsync(NULL, 0, t, s));
    /* The stream still works after them. */
    GT_OK(aclrtSynchronizeStream(s));
    GT_OK(aclrtDestroyStream(s));
}

static void test_ipc_and_host_register(void **state)
{
    (void)state;
    char key[64] = {0};
    GT_UNSUPPORTED("aclrtIpcMemGetExportKey", aclrtIpcMemGetExportKey(NULL, 0, key, sizeof key, 0));
    void *dev = NULL;
    char host[64];
    GT_UNSUPPORTED("aclrtHostRegister", aclrtHostRegister(host, sizeof host, ACL_HOST_REGISTER_MAPPED, &dev));
    assert_null(dev);
}

/* A call without arguments fails the same way. */
static void test_dump(void **state)
{
    (void)state;
    GT_UNSUPPORTED("aclmdlInitDump", aclmdlInitDump());
}

int main(void)
{
    gt_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notify_mbuf_label),
        cmocka_unit_test(test_groups_return_nothing),
        cmocka_unit_test(test_overflow_snapshot_capture),
        cmocka_unit_test(test_ipc_and_host_register),
        cmocka_unit_test(test_dump),
    };
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
