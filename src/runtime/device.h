/* device.h: the OpenCL devices behind ACL device ids (design.md decision 10: GPUs, then
 * accelerators, then CPUs; GECL_PLATFORM / GECL_DEVICE_TYPE narrow the set). */
#ifndef GECL_RUNTIME_DEVICE_H
#define GECL_RUNTIME_DEVICE_H

#include <pthread.h>
#include <stdint.h>

#include "config.h"
#include "gecl/gecl_rt.h"

struct gecl_context;

typedef struct gecl_device {
    int id;
    cl_platform_id platform;
    cl_device_id dev;
    gecl_device_desc desc;
    int quirk_finish_early;     /* clFinish may return before flushed work is done */

    pthread_mutex_t lock;       /* guards everything below */
    cl_context ctx;             /* created on first use, lives until aclFinalize */
    cl_command_queue internal;  /* gecl's own queue: pinned maps, copies outside any context */
    uint64_t bytes_used;        /* by live aclrtMalloc blocks */
    struct gecl_context *primary; /* default context, while aclrtSetDevice references it */
    int primary_refs;
    cl_kernel memset_kernel;    /* built on first aclrtMemset; guarded by kernel_lock */
    /* aclrtDeviceSetLimit values (limits_set: bit per aclrtDeviceLimit) and the peers this
     * device enabled (aclrtDeviceEnablePeerAccess, bit per device id); under `lock`. */
    size_t limits[8];
    unsigned limits_set;
    /* aclrtSetDeviceResLimit values (res_set: bit per aclrtDevResLimitType); under `lock`. */
    uint32_t res_limits[2];
    unsigned res_set;
    uint64_t peers_enabled;
    int priority_hints;         /* cl_khr_priority_hints: 0 not asked yet, 1 yes, -1 no; under `lock` */
    pthread_mutex_t kernel_lock;
} gecl_device;

/* Enumerates the devices allowed by `cfg` (ordering above). Returns the number found, or -1 with
 * an error message when OpenCL itself fails. The array is owned by the caller (gecl_devices_free). */
int gecl_devices_enumerate(const gecl_config *cfg, gecl_device **out);
void gecl_devices_free(gecl_device *devs, int count);

/* The device with id `id` of the initialised runtime, else NULL (no message). */
gecl_device *gecl_device_get(int32_t id);
int gecl_device_count(void);

/* The device's cl_context / internal queue, created on first use. ACL error with message on failure. */
aclError gecl_device_context(gecl_device *d, cl_context *ctx);
aclError gecl_device_internal_queue(gecl_device *d, cl_command_queue *q);

/* A new in-order queue with profiling on `d`. */
aclError gecl_device_new_queue(gecl_device *d, cl_command_queue *q);
/* The same for a stream of CANN priority 0 (highest) .. 7 (lowest): with cl_khr_priority_hints
 * the queue gets the matching hint (0-1 high, 2-5 medium, 6-7 low); *hinted says whether it did. */
aclError gecl_device_new_stream_queue(gecl_device *d, uint32_t priority, cl_command_queue *q, int *hinted);

/* Waits until everything enqueued on q (a queue of d) so far is done: clFinish, or on drivers
 * whose clFinish returns before flushed work is done (Mesa rusticl 22.3), a waited-on marker. */
cl_int gecl_queue_drain(gecl_device *d, cl_command_queue q);

/* Drains every queue on d: user streams, contexts' default streams and gecl's own queue. */
aclError gecl_device_drain(gecl_device *d);

/* Checks `id` and returns the device, or fails with ACL_ERROR_RT_INVALID_DEVICEID. */
aclError gecl_device_lookup(int32_t id, gecl_device **d);

#endif
