/* init.c: aclInit / aclFinalize (reference counted, as current CANN), version, messages. */
#include <stdlib.h>
#include <string.h>

#include "acl/acl.h"
#include "addrmap.h"
#include "context.h"
#include "event.h"
#include "hostmem.h"
#include "log.h"
#include "progcache.h"
#include "runtime.h"
#include "stream.h"
#include "handle.h"

gecl_runtime gecl_rt = {.lock = PTHREAD_MUTEX_INITIALIZER};

gecl_device *gecl_device_get(int32_t id)
{
    if (id < 0 || id >= gecl_rt.device_count) return NULL;
    return &gecl_rt.devices[id];
}

int gecl_device_count(void) { return gecl_rt.device_count; }

static aclError start(const char *configPath)
{
    gecl_config cfg;
    gecl_config_defaults(&cfg);
    aclError rc = gecl_config_from_file(&cfg, configPath);
    if (rc) return rc;
    gecl_config_from_env(&cfg);
    int level = gecl_log_parse_level(cfg.log);
    gecl_log_set_level(level < 0 ? GECL_LOG_OFF : level);
    gecl_device *devs = NULL;
    int n = gecl_devices_enumerate(&cfg, &devs);
    if (n < 0) return ACL_ERROR_RT_DEV_SETUP_ERROR; /* message already set */
    if (gecl_addrmap_init() != 0) {
        gecl_devices_free(devs, n);
        return gecl_fail(ACL_ERROR_BAD_ALLOC, "cannot reserve the device address window (mmap failed)");
    }
    gecl_rt.cfg = cfg;
    gecl_rt.devices = devs;
    gecl_rt.device_count = n;
    atomic_store(&gecl_rt.initialized, 1);
    if (n == 0) gecl_log(GECL_LOG_WARNING, "no OpenCL device matches GECL_PLATFORM='%s' GECL_DEVICE_TYPE='%s'",
                         cfg.platform, cfg.device_type);
    return ACL_SUCCESS;
}

aclError aclInit(const char *configPath)
{
    GECL_ENTER();
    pthread_mutex_lock(&gecl_rt.lock);
    aclError rc = ACL_SUCCESS;
    if (gecl_rt.refs > 0) {
        gecl_rt.refs++;
        rc = gecl_fail(ACL_ERROR_REPEAT_INITIALIZE, "already initialised (reference count now %llu)",
                       (unsigned long long)gecl_rt.refs);
    } else if (atomic_load(&gecl_rt.initialized)) {
        /* Brought up by GEInitializeV2 first (the seed's order): this is the first aclInit. */
        gecl_config cfg;
        gecl_config_defaults(&cfg);
        rc = gecl_config_from_file(&cfg, configPath);
        if (rc == ACL_SUCCESS) gecl_rt.refs = 1;
    } else {
        rc = start(configPath);
        if (rc == ACL_SUCCESS) gecl_rt.refs = 1;
    }
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc;
}

aclError gecl_runtime_hold(void)
{
    pthread_mutex_lock(&gecl_rt.lock);
    aclError rc = atomic_load(&gecl_rt.initialized) ? ACL_SUCCESS : start(NULL);
    if (rc == ACL_SUCCESS) gecl_rt.holds++;
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc;
}

static void stop(void);

void gecl_runtime_unhold(void)
{
    pthread_mutex_lock(&gecl_rt.lock);
    if (gecl_rt.holds > 0 && --gecl_rt.holds == 0 && gecl_rt.refs == 0 && atomic_load(&gecl_rt.initialized))
        stop();
    pthread_mutex_unlock(&gecl_rt.lock);
}

static void destroy_all(gecl_handle_kind kind)
{
    size_t n = 0;
    void **objs = gecl_handle_list(kind, &n, NULL);
    for (size_t i = 0; i < n; i++) {
        if (kind == GECL_HANDLE_EVENT) {
            gecl_event *e = objs[i];
            if (gecl_handle_remove(kind, e->handle)) gecl_event_release(e);
        } else if (kind == GECL_HANDLE_CONTEXT) {
            gecl_context *c = objs[i];
            if (c->device->primary == c) c->device->primary = NULL;
            gecl_context_destroy(c);
        }
    }
    free(objs);
}

/* Releases everything; the caller holds gecl_rt.lock. */
static void stop(void)
{
    atomic_store(&gecl_rt.initialized, 0);
    destroy_all(GECL_HANDLE_EVENT);
    destroy_all(GECL_HANDLE_CONTEXT); /* takes their streams with them */
    gecl_hostmem_release_all();
    gecl_addrmap_release_all();
    gecl_progcache_clear();
    gecl_devices_free(gecl_rt.devices, gecl_rt.device_count);
    gecl_rt.devices = NULL;
    gecl_rt.device_count = 0;
    gecl_rt.refs = 0;
    gecl_addrmap_fini();
}

aclError aclFinalize(void)
{
    GECL_ENTER();
    pthread_mutex_lock(&gecl_rt.lock);
    aclError rc = ACL_SUCCESS;
    if (gecl_rt.refs == 0) {
        rc = gecl_fail(ACL_ERROR_REPEAT_FINALIZE, "the runtime is not initialised (aclFinalize already ran?)");
    } else {
        gecl_rt.refs = 0;
        if (gecl_rt.holds == 0) stop(); /* else GEFinalizeV2 takes it down */
    }
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc;
}

aclError aclFinalizeReference(uint64_t *refCount)
{
    GECL_ENTER();
    pthread_mutex_lock(&gecl_rt.lock);
    aclError rc = ACL_SUCCESS;
    if (gecl_rt.refs == 0) {
        rc = gecl_fail(ACL_ERROR_REPEAT_FINALIZE, "the runtime is not initialised");
    } else if (--gecl_rt.refs == 0 && gecl_rt.holds == 0) {
        stop();
    }
    if (refCount) *refCount = gecl_rt.refs;
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc;
}

const char *aclGetRecentErrMsg(void) { return gecl_recent_error(); }

aclError aclrtGetVersion(int32_t *majorVersion, int32_t *minorVersion, int32_t *patchVersion)
{
    GECL_ENTER();
    GECL_CHECK_ARG(majorVersion && minorVersion && patchVersion, "majorVersion, minorVersion and patchVersion must not be NULL");
    *majorVersion = ACL_MAJOR_VERSION;
    *minorVersion = ACL_MINOR_VERSION;
    *patchVersion = ACL_PATCH_VERSION;
    return ACL_SUCCESS;
}

const char *aclrtGetSocName(void)
{
    gecl_context *c = atomic_load(&gecl_rt.initialized) ? gecl_context_current_or_null() : NULL;
    return c ? c->device->desc.name : "gecl-opencl";
}

aclError aclrtGetRunMode(aclrtRunMode *runMode)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(runMode, "runMode must not be NULL");
    *runMode = ACL_HOST; /* the program runs on the host and drives the device */
    return ACL_SUCCESS;
}
