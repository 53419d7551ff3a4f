/*
 * test_api_misc.c: the smaller calls of CANN's acl_rt.h that gecl implements beyond the core
 * runtime (docs/runtime.md, "status of every function"): system options, exception callbacks,
 * allocation variants, address ranges, operator timeouts, overflow mode, device queries and id
 * translations, the flagged stream wait. Expectations come from CANN's documentation of each
 * call; where OpenCL gives no meaning the documented gecl answer is checked.
 */
#include "test_util.h"

#include <unistd.h>

/* ---- system options: a context's value overrides the process value, only on that context ---- */
static void test_sys_param_opt(void **state)
{
    (void)state;
    int64_t v = -1;
    GT_OK(aclrtGetSysParamOpt(ACL_OPT_DETERMINISTIC, &v));
    GT_EQ(v, 0); /* nothing set yet */
    GT_OK(aclrtSetSysParamOpt(ACL_OPT_DETERMINISTIC, 1));
    GT_OK(aclrtGetSysParamOpt(ACL_OPT_DETERMINISTIC, &v));
    GT_EQ(v, 1);
    GT_OK(aclrtCtxGetSysParamOpt(ACL_OPT_DETERMINISTIC, &v));
    GT_EQ(v, 1); /* the context has no value of its own: the process value */

    aclrtContext mine = NULL, before = NULL;
    GT_OK(aclrtGetCurrentContext(&before));
    GT_OK(aclrtCreateContext(&mine, 0)); /* becomes current */
    GT_OK(aclrtCtxSetSysParamOpt(ACL_OPT_DETERMINISTIC, 2));
    GT_OK(aclrtCtxGetSysParamOpt(ACL_OPT_DETERMINISTIC, &v));
    GT_EQ(v, 2);
    GT_OK(aclrtGetSysParamOpt(ACL_OPT_DETERMINISTIC, &v));
    GT_EQ(v, 1); /* the process value is untouched */
    GT_OK(aclrtSetCurrentContext(before));
    GT_OK(aclrtCtxGetSysParamOpt(ACL_OPT_DETERMINISTIC, &v));
    GT_EQ(v, 1); /* the other context does not see it */
    GT_OK(aclrtDestroyContext(mine));

    GT_OK(aclrtSetSysParamOpt(ACL_OPT_ENABLE_KERNEL_EARLY_START, 1));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetSysParamOpt(ACL_OPT_DETERMINISTIC, 4));
    GT_MSG_HAS("aclrtSetSysParamOpt");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetSysParamOpt(ACL_OPT_ENABLE_DEBUG_KERNEL, 2));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetSysParamOpt((aclSysParamOpt)17, 0));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetSysParamOpt(ACL_OPT_DETERMINISTIC, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCtxGetSysParamOpt((aclSysParamOpt)-1, &v));
    GT_OK(aclrtSetSysParamOpt(ACL_OPT_DETERMINISTIC, 0));
    GT_OK(aclrtSetSysParamOpt(ACL_OPT_ENABLE_KERNEL_EARLY_START, 0));
}

/* A thread with no current context has no context value to set. */
static void *ctx_opt_thread(void *arg)
{
    int64_t v;
    *(aclError *)arg = aclrtCtxGetSysParamOpt(ACL_OPT_DETERMINISTIC, &v);
    return NULL;
}

static void test_sys_param_opt_no_context(void **state)
{
    (void)state;
    pthread_t t;
    aclError rc = ACL_SUCCESS;
    assert_int_equal(pthread_create(&t, NULL, ctx_opt_thread, &rc), 0);
    pthread_join(t, NULL);
    GT_EQ(rc, ACL_ERROR_RT_CONTEXT_NULL);
}

/* ---- exception callbacks ---- */
static void on_exception(aclrtExceptionInfo *info) { (void)info; }
static void on_exception2(aclrtExceptionInfo *info) { (void)info; }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static void test_exception_callbacks(void **state)
{
    (void)state;
    GT_OK(aclrtSetExceptionInfoCallback(on_exception));
    GT_OK(aclrtSetExceptionInfoCallback(NULL));
    GT_OK(aclrtExceptionInfoCallbackRegister(on_exception));
    GT_OK(aclrtExceptionInfoCallbackRegister(on_exception)); /* again: succeeds, no duplicate */
    GT_OK(aclrtExceptionInfoCallbackRegister(on_exception2));
    GT_OK(aclrtExceptionInfoCallbackUnregister(on_exception));
    GT_OK(aclrtExceptionInfoCallbackUnregister(on_exception)); /* not registered: succeeds */
    GT_OK(aclrtExceptionInfoCallbackUnregister(on_exception2));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtExceptionInfoCallbackRegister(NULL));
    GT_MSG_HAS("aclrtExceptionInfoCallbackRegister");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtExceptionInfoCallbackUnregister(NULL));

    /* CANN: the getters answer 0xFFFFFFFF for a NULL info. */
    GT_EQ(aclrtGetTaskIdFromExceptionInfo(NULL), 0xFFFFFFFFu);
    GT_EQ(aclrtGetStreamIdFromExceptionInfo(NULL), 0xFFFFFFFFu);
    GT_EQ(aclrtGetThreadIdFromExceptionInfo(NULL), 0xFFFFFFFFu);
    GT_EQ(aclrtGetDeviceIdFromExceptionInfo(NULL), 0xFFFFFFFFu);
    GT_EQ(aclrtGetErrorCodeFromExceptionInfo(NULL), 0xFFFFFFFFu);
    void *args = NULL;
    uint32_t len = 0;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetArgsFromExceptionInfo(NULL, &args, &len));
}

/* ---- allocation variants ---- */
static void test_malloc_with_cfg(void **state)
{
    (void)state;
    void *p = NULL;
    GT_OK(aclrtMallocWithCfg(&p, 4096, ACL_MEM_MALLOC_HUGE_FIRST, NULL));
    GT_OK(aclrtMemset(p, 4096, 0x5a, 4096));
    unsigned char host[4096];
    GT_OK(aclrtMemcpy(host, sizeof host, p, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(host, 0x5a, sizeof host);
    GT_OK(aclrtFreeWithDevSync(p));

    aclrtMallocAttribute attrs[2];
    memset(attrs, 0, sizeof attrs);
    attrs[0].attr = ACL_RT_MEM_ATTR_MODULE_ID;
    attrs[0].value.moduleId = 7;
    attrs[1].attr = ACL_RT_MEM_ATTR_DEVICE_ID;
    attrs[1].value.deviceId = 0;
    aclrtMallocConfig cfg = {attrs, 2};
    GT_OK(aclrtMallocWithCfg(&p, 100, ACL_MEM_MALLOC_NORMAL_ONLY, &cfg));
    void *base = NULL;
    size_t size = 0;
    GT_OK(aclrtMemGetAddressRange((char *)p + 10, &base, &size));
    GT_EQ((uintptr_t)base, (uintptr_t)p);
    GT_EQ(size, 100);
    GT_OK(aclrtMemFlush(p, 100));
    GT_OK(aclrtMemInvalidate((char *)p + 50, 50));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemFlush(p, 101)); /* past the end */
    GT_MSG_HAS("aclrtMemFlush");
    GT_OK(aclrtFree(p));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemGetAddressRange(p, &base, &size)); /* freed */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemGetAddressRange(host, &base, &size)); /* host memory */

    uint32_t count = 0;
    GT_OK(aclrtGetDeviceCount(&count));
    attrs[1].value.deviceId = count; /* no such device */
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtMallocWithCfg(&p, 100, ACL_MEM_MALLOC_HUGE_FIRST, &cfg));
    attrs[1].attr = ACL_RT_MEM_ATTR_VA_FLAG;
    attrs[1].value.vaFlag = 1;
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtMallocWithCfg(&p, 100, ACL_MEM_MALLOC_HUGE_FIRST, &cfg));
    attrs[1].attr = (aclrtMallocAttrType)99;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocWithCfg(&p, 100, ACL_MEM_MALLOC_HUGE_FIRST, &cfg));
    aclrtMallocConfig broken = {NULL, 1};
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocWithCfg(&p, 100, ACL_MEM_MALLOC_HUGE_FIRST, &broken));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocWithCfg(&p, 0, ACL_MEM_MALLOC_HUGE_FIRST, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocWithCfg(NULL, 8, ACL_MEM_MALLOC_HUGE_FIRST, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMallocWithCfg(&p, 8, (aclrtMemMallocPolicy)77, NULL));

    void *h = NULL;
    GT_OK(aclrtMallocHostWithCfg(&h, 256, NULL));
    memset(h, 1, 256);
    GT_OK(aclrtFreeHostWithDevSync(h));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreeWithDevSync(NULL));
}

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static void test_memcpy_async_with_condition(void **state)
{
    (void)state;
    aclrtStream s = NULL;
    GT_OK(aclrtCreateStream(&s));
    void *p = NULL;
    unsigned char in[64], out[64];
    gt_fill_pattern(in, sizeof in, 3);
    GT_OK(aclrtMalloc(&p, sizeof in, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemcpyAsyncWithCondition(p, sizeof in, in, sizeof in, ACL_MEMCPY_HOST_TO_DEVICE, s));
    GT_OK(aclrtMemcpyAsyncWithCondition(out, sizeof out, p, sizeof in, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_OK(aclrtSynchronizeStream(s));
    GT_BYTES(out, in, sizeof in);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpyAsyncWithCondition(out, 8, p, sizeof in, ACL_MEMCPY_DEVICE_TO_HOST, s));
    GT_MSG_HAS("aclrtMemcpyAsyncWithCondition");
    GT_OK(aclrtFree(p));
    GT_OK(aclrtDestroyStream(s));
}
#pragma GCC diagnostic pop

/* ---- operator timeouts and overflow mode ---- */
static void test_op_timeouts(void **state)
{
    (void)state;
    uint64_t interval = 0, actual = 0;
    uint32_t ms = 1;
    GT_OK(aclrtGetOpTimeOutInterval(&interval));
    assert_true(interval > 0);
    GT_OK(aclrtSetOpExecuteTimeOutV2(2500, &actual)); /* 2.5 ms: rounded up to the interval */
    assert_true(actual >= 2500 && actual % interval == 0 && actual - 2500 < interval);
    GT_OK(aclrtSetOpExecuteTimeOut(3));
    GT_OK(aclrtGetOpExecuteTimeout(&ms));
    GT_EQ(ms, 3000);
    GT_OK(aclrtSetOpExecuteTimeOutWithMs(1234));
    GT_OK(aclrtGetOpExecuteTimeout(&ms));
    GT_EQ(ms, 1234);
    GT_OK(aclrtSetOpWaitTimeout(10));
    GT_OK(aclrtSetOpExecuteTimeOut(0)); /* back to no limit */
    GT_OK(aclrtGetOpExecuteTimeout(&ms));
    GT_EQ(ms, 0);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetOpExecuteTimeout(NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetOpExecuteTimeOutV2(1, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetOpTimeOutInterval(NULL));
}

static void test_sat_mode(void **state)
{
    (void)state;
    aclrtFloatOverflowMode m = ACL_RT_OVERFLOW_MODE_UNDEF;
    GT_OK(aclrtGetDeviceSatMode(&m));
    GT_EQ(m, ACL_RT_OVERFLOW_MODE_INFNAN);
    GT_OK(aclrtSetDeviceSatMode(ACL_RT_OVERFLOW_MODE_INFNAN));
    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtSetDeviceSatMode(ACL_RT_OVERFLOW_MODE_SATURATION));
    GT_MSG_HAS("aclrtSetDeviceSatMode");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetDeviceSatMode((aclrtFloatOverflowMode)9));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetDeviceSatMode(NULL));
}

/* ---- device queries ---- */
static void test_device_queries(void **state)
{
    (void)state;
    uint32_t count = 0;
    GT_OK(aclrtGetDeviceCount(&count));
    aclrtDeviceStatus st = ACL_RT_DEVICE_STATUS_END;
    GT_OK(aclrtQueryDeviceStatus(0, &st));
    GT_EQ(st, ACL_RT_DEVICE_STATUS_NORMAL);
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtQueryDeviceStatus((int32_t)count, &st));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtQueryDeviceStatus(0, NULL));

    int32_t active = -1;
    GT_OK(aclrtGetPrimaryCtxState(0, NULL, &active));
    GT_EQ(active, 1); /* the group setup called aclrtSetDevice(0) */
    uint32_t flags = 0;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetPrimaryCtxState(0, &flags, &active));
    if (count > 1) {
        GT_OK(aclrtGetPrimaryCtxState(1, NULL, &active));
        GT_EQ(active, 0);
    }

    int32_t pid = 0;
    GT_OK(aclrtDeviceGetBareTgid(&pid));
    GT_EQ(pid, getpid());

    int32_t out = -1;
    GT_OK(aclrtGetLogicDevIdByUserDevId(0, &out));
    GT_EQ(out, 0);
    GT_OK(aclrtGetUserDevIdByLogicDevId(0, &out));
    GT_OK(aclrtGetLogicDevIdByPhyDevId(0, &out));
    GT_OK(aclrtGetPhyDevIdByLogicDevId(0, &out));
    GT_OK(aclrtGetUserDevIdByPhyDevId(0, &out));
    GT_OK(aclrtGetPhyDevIdByUserDevId((int32_t)count - 1, &out));
    GT_EQ(out, (int32_t)count - 1);
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtGetPhyDevIdByUserDevId((int32_t)count, &out));
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtGetLogicDevIdByUserDevId(-1, &out));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetLogicDevIdByUserDevId(0, NULL));

    int32_t ok = -1;
    GT_OK(aclrtCheckArchCompatibility(aclrtGetSocName(), &ok));
    GT_EQ(ok, 1);
    GT_OK(aclrtCheckArchCompatibility("Ascend910B1", &ok));
    GT_EQ(ok, 0);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtCheckArchCompatibility(NULL, &ok));

    aclrtHostMemMapCapability cap = ACL_RT_HOST_MEM_MAP_SUPPORTED;
    GT_OK(aclrtHostMemMapCapabilities(0, ACL_RT_HAC_TYPE_AIC, &cap));
    GT_EQ(cap, ACL_RT_HOST_MEM_MAP_NOT_SUPPORTED);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtHostMemMapCapabilities(0, (aclrtHacType)42, &cap));
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtHostMemMapCapabilities(count, ACL_RT_HAC_TYPE_AIC, &cap));
}

/* UUID and PCI bus id come from optional OpenCL extensions: either a value or "unsupported". */
static void test_uuid_and_pci(void **state)
{
    (void)state;
    aclrtUuid u;
    aclError rc = aclrtDeviceGetUuid(0, &u);
    assert_true(rc == ACL_SUCCESS || rc == ACL_ERROR_FEATURE_UNSUPPORTED);
    if (rc) GT_MSG_HAS("cl_khr_device_uuid");
    char id[16];
    rc = aclrtDeviceGetPCIBusId(0, id, sizeof id);
    assert_true(rc == ACL_SUCCESS || rc == ACL_ERROR_FEATURE_UNSUPPORTED);
    if (rc == ACL_SUCCESS) {
        GT_EQ(strlen(id), 12);
        int32_t back = -1;
        GT_OK(aclrtDeviceGetByPCIBusId(id, &back));
        GT_EQ(back, 0);
    } else {
        GT_MSG_HAS("cl_khr_pci_bus_info");
    }
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceGetPCIBusId(0, id, 12)); /* needs 13 bytes */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceGetUuid(0, NULL));
    int32_t dev;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDeviceGetByPCIBusId("not-a-bus-id", &dev));
    GT_MSG_HAS("aclrtDeviceGetByPCIBusId");
}

/* ---- aclrtStreamWaitEventWithFlag orders the stream after the event, like aclrtStreamWaitEvent ---- */
static void test_stream_wait_event_with_flag(void **state)
{
    (void)state;
    aclrtStream a = NULL, b = NULL;
    aclrtEvent e = NULL;
    GT_OK(aclrtCreateStream(&a));
    GT_OK(aclrtCreateStream(&b));
    GT_OK(aclrtCreateEvent(&e));
    enum { N = 1 << 20 };
    void *p = NULL;
    unsigned char *host = GT_MALLOC(N);
    GT_OK(aclrtMalloc(&p, N, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemsetAsync(p, N, 0x11, N, a));
    GT_OK(aclrtRecordEvent(e, a));
    GT_OK(aclrtStreamWaitEventWithFlag(b, e, 0, ACL_EVENT_WAIT_DEFAULT));
    GT_OK(aclrtMemcpyAsync(host, N, p, N, ACL_MEMCPY_DEVICE_TO_HOST, b));
    GT_OK(aclrtSynchronizeStream(b));
    GT_FILLED(host, 0x11, N); /* the copy on b ran after the memset on a */

    /* a timeout > 0 is a bounded wait that still orders b after a when the event completes in time */
    GT_OK(aclrtMemsetAsync(p, N, 0x22, N, a));
    GT_OK(aclrtRecordEvent(e, a));
    GT_OK(aclrtStreamWaitEventWithFlag(b, e, 60000, ACL_EVENT_WAIT_DEFAULT));
    GT_OK(aclrtMemcpyAsync(host, N, p, N, ACL_MEMCPY_DEVICE_TO_HOST, b));
    GT_OK(aclrtSynchronizeStream(b));
    GT_FILLED(host, 0x22, N);

    GT_ERR(ACL_ERROR_FEATURE_UNSUPPORTED, aclrtStreamWaitEventWithFlag(b, e, 0, ACL_EVENT_WAIT_EXTERNAL));
    GT_MSG_HAS("aclrtStreamWaitEventWithFlag");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamWaitEventWithFlag(b, e, 0, 7));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamWaitEventWithFlag(b, NULL, 0, ACL_EVENT_WAIT_DEFAULT));
    GT_OK(aclrtFree(p));
    free(host);
    GT_OK(aclrtDestroyEvent(e));
    GT_OK(aclrtDestroyStream(a));
    GT_OK(aclrtDestroyStream(b));
}

int main(void)
{
    gt_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sys_param_opt),
        cmocka_unit_test(test_sys_param_opt_no_context),
        cmocka_unit_test(test_exception_callbacks),
        cmocka_unit_test(test_malloc_with_cfg),
        cmocka_unit_test(test_memcpy_async_with_condition),
        cmocka_unit_test(test_op_timeouts),
        cmocka_unit_test(test_sat_mode),
        cmocka_unit_test(test_device_queries),
        cmocka_unit_test(test_uuid_and_pci),
        cmocka_unit_test(test_stream_wait_event_with_flag),
    };
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
