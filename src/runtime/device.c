/* device.c: device enumeration, ordering and the per-device OpenCL context. */
#include "device.h"

#include <CL/cl_ext.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "log.h"
#include "runtime.h"

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n) return 1;
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i])) i++;
        if (i == n) return 1;
    }
    return 0;
}

static int type_rank(cl_device_type t)
{
    if (t & CL_DEVICE_TYPE_GPU) return 0;
    if (t & CL_DEVICE_TYPE_ACCELERATOR) return 1;
    if (t & CL_DEVICE_TYPE_CPU) return 2;
    return 3;
}

static int type_allowed(cl_device_type t, const char *want)
{
    if (!*want || !strcmp(want, "all")) return 1;
    if (!strcmp(want, "gpu")) return (t & CL_DEVICE_TYPE_GPU) != 0;
    if (!strcmp(want, "cpu")) return (t & CL_DEVICE_TYPE_CPU) != 0;
    if (!strcmp(want, "accelerator")) return (t & CL_DEVICE_TYPE_ACCELERATOR) != 0;
    return 0;
}

static void describe(cl_platform_id p, cl_device_id dv, gecl_device_desc *d)
{
    memset(d, 0, sizeof *d);
    clGetPlatformInfo(p, CL_PLATFORM_NAME, sizeof d->platform - 1, d->platform, NULL);
    clGetDeviceInfo(dv, CL_DEVICE_NAME, sizeof d->name - 1, d->name, NULL);
    clGetDeviceInfo(dv, CL_DEVICE_VENDOR, sizeof d->vendor - 1, d->vendor, NULL);
    clGetDeviceInfo(dv, CL_DRIVER_VERSION, sizeof d->driver - 1, d->driver, NULL);
    clGetDeviceInfo(dv, CL_DEVICE_VERSION, sizeof d->version - 1, d->version, NULL);
    clGetDeviceInfo(dv, CL_DEVICE_TYPE, sizeof d->type, &d->type, NULL);
    cl_ulong mem = 0, alloc = 0;
    cl_uint cu = 0;
    size_t wg = 0;
    clGetDeviceInfo(dv, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof mem, &mem, NULL);
    clGetDeviceInfo(dv, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof alloc, &alloc, NULL);
    clGetDeviceInfo(dv, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cu, &cu, NULL);
    clGetDeviceInfo(dv, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof wg, &wg, NULL);
    d->global_mem = mem;
    d->max_alloc = alloc;
    d->compute_units = cu;
    d->max_work_group = (uint32_t)wg;
    size_t ext_len = 0;
    clGetDeviceInfo(dv, CL_DEVICE_EXTENSIONS, 0, NULL, &ext_len);
    char *ext = calloc(1, ext_len + 1);
    if (ext && clGetDeviceInfo(dv, CL_DEVICE_EXTENSIONS, ext_len, ext, NULL) == CL_SUCCESS) {
        d->fp16 = strstr(ext, "cl_khr_fp16") != NULL;
        d->fp64 = strstr(ext, "cl_khr_fp64") != NULL;
    }
    free(ext);
    cl_device_fp_config dfp = 0;
    if (clGetDeviceInfo(dv, CL_DEVICE_DOUBLE_FP_CONFIG, sizeof dfp, &dfp, NULL) == CL_SUCCESS && dfp)
        d->fp64 = 1;
}

static int by_type_then_order(const void *a, const void *b)
{
    const gecl_device *x = a, *y = b;
    int rx = type_rank(x->desc.type), ry = type_rank(y->desc.type);
    if (rx != ry) return rx - ry;
    return x->id - y->id; /* id holds discovery order until renumbered */
}

static int add_platform_devices(cl_platform_id p, const gecl_config *cfg, gecl_device **devs, int *n, int *cap)
{
    cl_uint nd = 0;
    if (clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, NULL, &nd) != CL_SUCCESS || nd == 0) return 0;
    cl_device_id *ids = calloc(nd, sizeof *ids);
    if (!ids) return -1;
    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, nd, ids, NULL);
    for (cl_uint i = 0; i < nd; i++) {
        gecl_device_desc desc;
        describe(p, ids[i], &desc);
        if (!contains_ci(desc.platform, cfg->platform) || !type_allowed(desc.type, cfg->device_type)) continue;
        /* GECL_DEVICE_MEMORY: a smaller budget than the driver's, which also bounds one allocation. */
        if (cfg->device_memory && cfg->device_memory < desc.global_mem) desc.global_mem = cfg->device_memory;
        if (desc.max_alloc > desc.global_mem) desc.max_alloc = desc.global_mem;
        if (*n == *cap) {
            int ncap = *cap ? *cap * 2 : 8;
            gecl_device *bigger = realloc(*devs, (size_t)ncap * sizeof *bigger);
            if (!bigger) { free(ids); return -1; }
            *devs = bigger;
            *cap = ncap;
        }
        gecl_device *d = &(*devs)[*n];
        memset(d, 0, sizeof *d);
        d->id = *n;
        d->platform = p;
        d->dev = ids[i];
        d->desc = desc;
        /* Driver quirks are data keyed by platform, not code paths spread around. */
        d->quirk_finish_early = contains_ci(desc.platform, "rusticl");
        (*n)++;
    }
    free(ids);
    return 0;
}

int gecl_devices_enumerate(const gecl_config *cfg, gecl_device **out)
{
    *out = NULL;
    cl_uint np = 0;
    cl_int err = clGetPlatformIDs(0, NULL, &np);
    if (err == -1001 /* CL_PLATFORM_NOT_FOUND_KHR */ || np == 0) return 0;
    if (err != CL_SUCCESS) { gecl_fail_cl(err, "clGetPlatformIDs"); return -1; }
    cl_platform_id *ps = calloc(np, sizeof *ps);
    if (!ps) return -1;
    clGetPlatformIDs(np, ps, NULL);
    gecl_device *devs = NULL;
    int n = 0, cap = 0;
    for (cl_uint i = 0; i < np; i++) {
        if (add_platform_devices(ps[i], cfg, &devs, &n, &cap) != 0) {
            free(ps);
            free(devs);
            return -1;
        }
    }
    free(ps);
    if (n > 1) qsort(devs, (size_t)n, sizeof *devs, by_type_then_order);
    for (int i = 0; i < n; i++) {
        devs[i].id = i;
        pthread_mutex_init(&devs[i].lock, NULL);
        pthread_mutex_init(&devs[i].kernel_lock, NULL);
        gecl_log(GECL_LOG_INFO, "device %d: %s (%s)", i, devs[i].desc.name, devs[i].desc.platform);
    }
    *out = devs;
    return n;
}

void gecl_devices_free(gecl_device *devs, int count)
{
    for (int i = 0; i < count; i++) {
        gecl_device *d = &devs[i];
        if (d->memset_kernel) clReleaseKernel(d->memset_kernel);
        if (d->internal) clReleaseCommandQueue(d->internal);
        if (d->ctx) clReleaseContext(d->ctx);
        pthread_mutex_destroy(&d->lock);
        pthread_mutex_destroy(&d->kernel_lock);
    }
    free(devs);
}

aclError gecl_device_lookup(int32_t id, gecl_device **d)
{
    *d = gecl_device_get(id);
    if (!*d)
        return gecl_fail(ACL_ERROR_RT_INVALID_DEVICEID, "device id %d is out of range: %d device(s) available",
                         (int)id, gecl_device_count());
    return ACL_SUCCESS;
}

aclError gecl_device_context(gecl_device *d, cl_context *ctx)
{
    aclError rc = ACL_SUCCESS;
    pthread_mutex_lock(&d->lock);
    if (!d->ctx) {
        cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)d->platform, 0};
        cl_int err = CL_SUCCESS;
        d->ctx = clCreateContext(props, 1, &d->dev, NULL, NULL, &err);
        if (err != CL_SUCCESS) {
            d->ctx = NULL;
            rc = gecl_fail(ACL_ERROR_RT_DEV_SETUP_ERROR, "cannot open device %d (%s): clCreateContext: %s",
                           d->id, d->desc.name, gecl_cl_error_name(err));
        }
    }
    if (ctx) *ctx = d->ctx;
    pthread_mutex_unlock(&d->lock);
    return rc;
}

aclError gecl_device_new_queue(gecl_device *d, cl_command_queue *q)
{
    cl_context ctx;
    aclError rc = gecl_device_context(d, &ctx);
    if (rc) return rc;
    cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE, 0};
    cl_int err = CL_SUCCESS;
    *q = clCreateCommandQueueWithProperties(ctx, d->dev, props, &err);
    if (err != CL_SUCCESS) { *q = NULL; return gecl_fail_cl(err, "clCreateCommandQueueWithProperties"); }
    return ACL_SUCCESS;
}

static int has_priority_hints(gecl_device *d)
{
    pthread_mutex_lock(&d->lock);
    if (!d->priority_hints) {
        size_t n = 0;
        char *ext = NULL;
        if (clGetDeviceInfo(d->dev, CL_DEVICE_EXTENSIONS, 0, NULL, &n) == CL_SUCCESS && (ext = calloc(1, n + 1)) &&
            clGetDeviceInfo(d->dev, CL_DEVICE_EXTENSIONS, n, ext, NULL) == CL_SUCCESS)
            d->priority_hints = strstr(ext, "cl_khr_priority_hints") ? 1 : -1;
        else
            d->priority_hints = -1;
        free(ext);
    }
    const int yes = d->priority_hints > 0;
    pthread_mutex_unlock(&d->lock);
    return yes;
}

aclError gecl_device_new_stream_queue(gecl_device *d, uint32_t priority, cl_command_queue *q, int *hinted)
{
    *hinted = 0;
    if (!has_priority_hints(d)) return gecl_device_new_queue(d, q);
    cl_context ctx;
    aclError rc = gecl_device_context(d, &ctx);
    if (rc) return rc;
    const cl_queue_properties hint = priority <= 1   ? CL_QUEUE_PRIORITY_HIGH_KHR
                                     : priority <= 5 ? CL_QUEUE_PRIORITY_MED_KHR
                                                     : CL_QUEUE_PRIORITY_LOW_KHR;
    cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE, CL_QUEUE_PRIORITY_KHR, hint, 0};
    cl_int err = CL_SUCCESS;
    *q = clCreateCommandQueueWithProperties(ctx, d->dev, props, &err);
    if (err == CL_SUCCESS) {
        *hinted = 1;
        return ACL_SUCCESS;
    }
    return gecl_device_new_queue(d, q); /* a driver that lists the extension but refuses the hint */
}

aclError gecl_device_internal_queue(gecl_device *d, cl_command_queue *q)
{
    pthread_mutex_lock(&d->lock);
    cl_command_queue have = d->internal;
    pthread_mutex_unlock(&d->lock);
    if (!have) {
        cl_command_queue made;
        aclError rc = gecl_device_new_queue(d, &made);
        if (rc) return rc;
        pthread_mutex_lock(&d->lock);
        if (!d->internal) d->internal = made;
        else clReleaseCommandQueue(made);
        have = d->internal;
        pthread_mutex_unlock(&d->lock);
    }
    *q = have;
    return ACL_SUCCESS;
}

cl_int gecl_queue_drain(gecl_device *d, cl_command_queue q)
{
    if (!d->quirk_finish_early) return clFinish(q); /* cheapest where it is reliable */
    cl_event m;
    cl_int err = clEnqueueMarkerWithWaitList(q, 0, NULL, &m);
    if (err != CL_SUCCESS) return err;
    err = clFlush(q);
    if (err == CL_SUCCESS) err = clWaitForEvents(1, &m);
    clReleaseEvent(m);
    return err;
}
