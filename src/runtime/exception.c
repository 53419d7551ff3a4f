/*
 * exception.c: CANN's exception-information callbacks (aclrtSetExceptionInfoCallback,
 * aclrtExceptionInfoCallbackRegister/Unregister) and the getters of aclrtExceptionInfo.
 *
 * On Ascend a device task that faults after its launch call returned is reported to these
 * callbacks. gecl's OpenCL errors come back from the call that meets them (or from the
 * synchronising call after it) with a message; the faults found only once the work has run (an
 * index out of range in a graph run on a stream, gecl_stream_fault) are reported here too, with
 * the error code the next synchronisation returns. The getters read an aclrtExceptionInfo and
 * answer 0xFFFFFFFF for NULL, as CANN documents; gecl has no task or stream ids (0xFFFFFFFF).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

/* aclrtExceptionInfo is CANN's opaque struct rtExceptionInfo: this is gecl's layout. */
struct rtExceptionInfo {
    uint32_t taskid;
    uint32_t streamid;
    uint32_t tid;
    uint32_t deviceid;
    uint32_t retcode;
    void *args;
    uint32_t args_len;
    void *func; /* the aclrtFuncHandle of the failed kernel */
};

#define NO_INFO 0xFFFFFFFFu

static pthread_mutex_t cb_lock = PTHREAD_MUTEX_INITIALIZER;
static aclrtExceptionInfoCallback legacy_cb; /* aclrtSetExceptionInfoCallback: one, replaced */
static aclrtExceptionInfoCallback *cbs;      /* aclrtExceptionInfoCallbackRegister: a set */
static size_t ncbs, cap_cbs;

aclError aclrtSetExceptionInfoCallback(aclrtExceptionInfoCallback callback)
{
    GECL_ENTER();
    pthread_mutex_lock(&cb_lock);
    legacy_cb = callback; /* NULL removes it */
    pthread_mutex_unlock(&cb_lock);
    return ACL_SUCCESS;
}

aclError aclrtExceptionInfoCallbackRegister(aclrtExceptionInfoCallback callback)
{
    GECL_ENTER();
    GECL_CHECK_ARG(callback, "callback must not be NULL");
    aclError rc = ACL_SUCCESS;
    pthread_mutex_lock(&cb_lock);
    size_t i = 0;
    while (i < ncbs && cbs[i] != callback) i++;
    if (i == ncbs) { /* registering the same function again adds nothing (CANN) */
        if (ncbs == cap_cbs) {
            size_t cap = cap_cbs ? 2 * cap_cbs : 4;
            aclrtExceptionInfoCallback *grown = realloc(cbs, cap * sizeof *grown);
            if (!grown) rc = gecl_fail_oom();
            else cbs = grown, cap_cbs = cap;
        }
        if (!rc) cbs[ncbs++] = callback;
    }
    pthread_mutex_unlock(&cb_lock);
    return rc;
}

aclError aclrtExceptionInfoCallbackUnregister(aclrtExceptionInfoCallback callback)
{
    GECL_ENTER();
    GECL_CHECK_ARG(callback, "callback must not be NULL");
    pthread_mutex_lock(&cb_lock);
    for (size_t i = 0; i < ncbs; i++)
        if (cbs[i] == callback) {
            cbs[i] = cbs[--ncbs];
            break;
        }
    if (!ncbs) { /* give the array back, so a process that registers once leaks nothing */
        free(cbs);
        cbs = NULL;
        cap_cbs = 0;
    }
    pthread_mutex_unlock(&cb_lock); /* not registered: nothing to do, success (CANN) */
    return ACL_SUCCESS;
}

uint32_t aclrtGetTaskIdFromExceptionInfo(const aclrtExceptionInfo *info) { return info ? info->taskid : NO_INFO; }
uint32_t aclrtGetStreamIdFromExceptionInfo(const aclrtExceptionInfo *info) { return info ? info->streamid : NO_INFO; }
uint32_t aclrtGetThreadIdFromExceptionInfo(const aclrtExceptionInfo *info) { return info ? info->tid : NO_INFO; }
uint32_t aclrtGetDeviceIdFromExceptionInfo(const aclrtExceptionInfo *info) { return info ? info->deviceid : NO_INFO; }
uint32_t aclrtGetErrorCodeFromExceptionInfo(const aclrtExceptionInfo *info) { return info ? info->retcode : NO_INFO; }

aclError aclrtGetArgsFromExceptionInfo(const aclrtExceptionInfo *info, void **devArgsPtr, uint32_t *devArgsLen)
{
    GECL_ENTER();
    GECL_CHECK_ARG(info, "info must not be NULL");
    GECL_CHECK_ARG(devArgsPtr && devArgsLen, "devArgsPtr and devArgsLen must not be NULL");
    *devArgsPtr = info->args;
    *devArgsLen = info->args_len;
    return ACL_SUCCESS;
}

aclError aclrtGetFuncHandleFromExceptionInfo(const aclrtExceptionInfo *info, aclrtFuncHandle *func)
{
    GECL_ENTER();
    GECL_CHECK_ARG(info, "info must not be NULL");
    GECL_CHECK_ARG(func, "func must not be NULL");
    *func = info->func;
    return ACL_SUCCESS;
}

void gecl_exception_notify(int32_t device, uint64_t thread, aclError code)
{
    struct rtExceptionInfo info = {.taskid = NO_INFO, .streamid = NO_INFO, .tid = (uint32_t)thread,
                                   .deviceid = (uint32_t)device, .retcode = (uint32_t)code};
    /* Copied out first: a callback may register or unregister callbacks. */
    pthread_mutex_lock(&cb_lock);
    aclrtExceptionInfoCallback legacy = legacy_cb, *list = ncbs ? malloc(ncbs * sizeof *list) : NULL;
    const size_t n = list ? ncbs : 0;
    if (list) memcpy(list, cbs, n * sizeof *list);
    pthread_mutex_unlock(&cb_lock);
    if (legacy) legacy(&info);
    for (size_t i = 0; i < n; i++) list[i](&info);
    free(list);
}
