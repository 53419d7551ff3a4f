/*
 * exception.c: CANN's exception-information callbacks (aclrtSetExceptionInfoCallback,
 * aclrtExceptionInfoCallbackRegister/Unregister) and the getters of aclrtExceptionInfo.
 *
 * On Ascend a device task that faults after its launch call returned is reported to these
 * callbacks. gecl has no such late failures: an OpenCL error comes back from the call that meets
 * it (or from the synchronising call after it) with its message. The registry is real, so
 * programs that install a handler run unchanged, but gecl never calls the handlers; the getters
 * read an aclrtExceptionInfo and answer 0xFFFFFFFF for NULL, as CANN documents.
 */
#include <pthread.h>
#include <stdlib.h>

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
