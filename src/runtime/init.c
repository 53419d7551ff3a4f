/* init.c: aclInit / aclFinalize (reference counted, as current CANN): bringing the state of
 * state.c up and tearing it down; version, messages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "acl/acl.h"
#include "addrmap.h"
#include "context.h"
#include "event.h"
#include "handle_kinds.h"
#include "hostmem.h"
#include "initcb.h"
#include "kernel.h"
#include "log.h"
#include "progcache.h"
#include "runtime.h"
#include "stream.h"
#include "vmm.h"

/* What the device window must hold: every device's memory, but at most a quarter of the
 * process's address-space limit (under ulimit -v that memory cannot all be used anyway: a CPU
 * device's buffers live in this process's address space, a GPU driver maps them there). */
static size_t window_need(const gecl_device *devs, int n, rlim_t limit)
{
    uint64_t need = 0;
    for (int i = 0; i < n; i++) need += devs[i].desc.global_mem;
    if (limit != RLIM_INFINITY && need > limit / 4) need = limit / 4;
    return need > SIZE_MAX ? SIZE_MAX : (size_t)need;
}

static aclError reserve_window(const gecl_device *devs, int n)
{
    struct rlimit lim = {RLIM_INFINITY, RLIM_INFINITY};
    getrlimit(RLIMIT_AS, &lim);
    size_t tried = 0;
    if (gecl_addrmap_init(window_need(devs, n, lim.rlim_cur), &tried) == 0) return ACL_SUCCESS;
    if (lim.rlim_cur != RLIM_INFINITY)
        return gecl_fail(ACL_ERROR_BAD_ALLOC, "cannot reserve the device address window: every size from 16 TiB down "
                         "to %zu MiB was refused under the address-space limit (ulimit -v) of %llu MiB",
                         tried >> 20, (unsigned long long)(lim.rlim_cur >> 20));
    return gecl_fail(ACL_ERROR_BAD_ALLOC, "cannot reserve the device address window: mmap refused every size from "
                     "16 TiB down to %zu MiB", tried >> 20);
}

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
    if ((rc = reserve_window(devs, n))) {
        gecl_devices_free(devs, n);
        return rc;
    }
    gecl_rt.cfg = cfg;
    gecl_rt.devices = devs;
    gecl_rt.device_count = n;
    atomic_fetch_add(&gecl_rt_generation, 1);
    atomic_store(&gecl_rt.initialized, 1);
    if (n == 0) gecl_log(GECL_LOG_WARNING, "no OpenCL device matches GECL_PLATFORM='%s' GECL_DEVICE_TYPE='%s'",
                         cfg.platform, cfg.device_type);
    return ACL_SUCCESS;
}

static void stop(void);

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
    const int first = rc == ACL_SUCCESS && gecl_rt.refs == 1;
    pthread_mutex_unlock(&gecl_rt.lock);
    /* The registered init callbacks run once the runtime is up (they may use it), outside the
     * lock. One that fails fails aclInit, and the runtime goes down again so a retry starts
     * afresh. */
    if (first && (rc = gecl_initcb_run_init(configPath)) != ACL_SUCCESS) {
        pthread_mutex_lock(&gecl_rt.lock);
        if (gecl_rt.refs == 1) {
            gecl_rt.refs = 0;
            if (gecl_rt.holds == 0 && atomic_load(&gecl_rt.initialized)) stop();
        }
        pthread_mutex_unlock(&gecl_rt.lock);
    }
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
    gecl_kernels_release_all(); /* kernel binaries hold programs of the devices going away */
    gecl_hostmem_release_all();
    gecl_vmm_release_all();
    gecl_addrmap_release_all();
    gecl_progcache_clear();
    gecl_devices_free(gecl_rt.devices, gecl_rt.device_count);
    gecl_rt.devices = NULL;
    gecl_rt.device_count = 0;
    gecl_rt.refs = 0;
    gecl_addrmap_fini();
}

/* 1 when the runtime is initialised by aclInit and a finalize would take the last reference
 * (`all`: aclFinalize, which drops every reference). */
static int finalizing(int all)
{
    pthread_mutex_lock(&gecl_rt.lock);
    const int last = all ? gecl_rt.refs > 0 : gecl_rt.refs == 1;
    pthread_mutex_unlock(&gecl_rt.lock);
    return last;
}

aclError aclFinalize(void)
{
    GECL_ENTER();
    /* The finalize callbacks run first, while the runtime still works for them; the runtime
     * comes down whatever they return, and the first failure is then aclFinalize's result. */
    const aclError cb = finalizing(1) ? gecl_initcb_run_finalize() : ACL_SUCCESS;
    pthread_mutex_lock(&gecl_rt.lock);
    aclError rc = ACL_SUCCESS;
    if (gecl_rt.refs == 0) {
        rc = gecl_fail(ACL_ERROR_REPEAT_FINALIZE, "the runtime is not initialised (aclFinalize already ran?)");
    } else {
        gecl_rt.refs = 0;
        if (gecl_rt.holds == 0) stop(); /* else GEFinalizeV2 takes it down */
    }
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc ? rc : cb;
}

aclError aclFinalizeReference(uint64_t *refCount)
{
    GECL_ENTER();
    const aclError cb = finalizing(0) ? gecl_initcb_run_finalize() : ACL_SUCCESS;
    pthread_mutex_lock(&gecl_rt.lock);
    aclError rc = ACL_SUCCESS;
    if (gecl_rt.refs == 0) {
        rc = gecl_fail(ACL_ERROR_REPEAT_FINALIZE, "the runtime is not initialised");
    } else if (--gecl_rt.refs == 0 && gecl_rt.holds == 0) {
        stop();
    }
    if (refCount) *refCount = gecl_rt.refs;
    pthread_mutex_unlock(&gecl_rt.lock);
    return rc ? rc : cb;
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
    gecl_device *d = atomic_load(&gecl_rt.initialized) ? gecl_context_device_or_null() : NULL;
    return d ? d->desc.name : "gecl-opencl";
}

/* CANN answers this before aclInit too: the answer does not depend on any device. */
aclError aclrtGetRunMode(aclrtRunMode *runMode)
{
    GECL_ENTER();
    GECL_CHECK_ARG(runMode, "runMode must not be NULL");
    *runMode = ACL_HOST; /* the program runs on the host and drives the device */
    return ACL_SUCCESS;
}
