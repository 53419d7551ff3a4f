/* interop.c: gecl_rt_* (OpenCL interoperability, device descriptions, cache stats, counts). */
#include <stdlib.h>
#include <string.h>

#include "addrmap.h"
#include "context.h"
#include "handle_kinds.h"
#include "hostmem.h"
#include "memory.h"
#include "progcache.h"
#include "runtime.h"
#include "stream.h"

aclError gecl_rt_device_cl(int32_t deviceId, cl_platform_id *platform, cl_device_id *device, cl_context *context)
{
    GECL_CHECK_INIT();
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    cl_context ctx = NULL;
    if (!rc) rc = gecl_device_context(d, &ctx);
    if (rc) return rc;
    if (platform) *platform = d->platform;
    if (device) *device = d->dev;
    if (context) *context = ctx;
    return ACL_SUCCESS;
}

aclError gecl_rt_stream_queue(aclrtStream stream, cl_command_queue *queue)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(queue, "queue must not be NULL");
    GECL_STREAM_REF(s);
    aclError rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    pthread_mutex_lock(&s->cb_lock);
    s->external = 1; /* work may now reach the queue without gecl seeing it (aclrtStreamQuery) */
    pthread_mutex_unlock(&s->cb_lock);
    *queue = s->queue;
    return ACL_SUCCESS;
}

aclError gecl_rt_resolve(const void *devPtr, cl_mem *buffer, size_t *offset, size_t *bytesToEnd)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(devPtr && buffer && offset, "devPtr, buffer and offset must not be NULL");
    gecl_block blk;
    size_t off;
    aclError rc = gecl_mem_resolve(devPtr, 0, "devPtr", &blk, &off);
    if (rc) return rc;
    *buffer = blk.mem;
    *offset = off;
    if (bytesToEnd) *bytesToEnd = blk.size - off;
    return ACL_SUCCESS;
}

aclError gecl_rt_describe_device(int32_t deviceId, gecl_device_desc *desc)
{
    GECL_ENTER();
    GECL_CHECK_ARG(desc, "desc must not be NULL");
    if (atomic_load(&gecl_rt.initialized)) {
        gecl_device *d;
        aclError rc = gecl_device_lookup(deviceId, &d);
        if (!rc) *desc = d->desc;
        return rc;
    }
    gecl_config cfg;
    gecl_config_defaults(&cfg);
    gecl_config_from_env(&cfg);
    gecl_device *devs;
    int n = gecl_devices_enumerate(&cfg, &devs);
    if (n < 0) return ACL_ERROR_RT_DEV_SETUP_ERROR;
    aclError rc = ACL_SUCCESS;
    if (deviceId < 0 || deviceId >= n)
        rc = gecl_fail(ACL_ERROR_RT_INVALID_DEVICEID, "device id %d is out of range: %d device(s) available", (int)deviceId, n);
    else
        *desc = devs[deviceId].desc;
    gecl_devices_free(devs, n);
    return rc;
}

aclError gecl_rt_program(int32_t deviceId, const char *source, const char *options, cl_program *program)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(source && program, "source and program must not be NULL");
    gecl_device *d;
    aclError rc = gecl_device_lookup(deviceId, &d);
    return rc ? rc : gecl_progcache_get(d, source, strlen(source), options, program);
}

aclError gecl_rt_program_cache_stats(gecl_program_cache_stats *stats)
{
    GECL_ENTER();
    GECL_CHECK_ARG(stats, "stats must not be NULL");
    gecl_progcache_get_stats(stats);
    return ACL_SUCCESS;
}

aclError gecl_rt_live_counts(gecl_rt_counts *counts)
{
    GECL_ENTER();
    GECL_CHECK_ARG(counts, "counts must not be NULL");
    memset(counts, 0, sizeof *counts);
    counts->allocations = gecl_addrmap_count();
    counts->device_bytes = gecl_addrmap_bytes();
    counts->host_allocations = gecl_hostmem_count();
    size_t ns = 0;
    void **streams = gecl_handle_list(GECL_HANDLE_STREAM, &ns, NULL);
    for (size_t i = 0; i < ns; i++) /* default streams given a handle are not user streams */
        counts->streams += !((gecl_stream *)streams[i])->is_default;
    free(streams);
    counts->events = gecl_handle_count(GECL_HANDLE_EVENT);
    size_t n = 0;
    void **ctxs = gecl_handle_list(GECL_HANDLE_CONTEXT, &n, NULL);
    for (size_t i = 0; i < n; i++) {
        gecl_context *c = ctxs[i];
        if (c->device->primary != c) counts->contexts++;
    }
    free(ctxs);
    return ACL_SUCCESS;
}
