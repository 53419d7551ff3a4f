/* runtime.h: process-wide runtime state between aclInit and aclFinalize. */
#ifndef GECL_RUNTIME_RUNTIME_H
#define GECL_RUNTIME_RUNTIME_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "config.h"
#include "device.h"
#include "error.h"

typedef struct gecl_runtime {
    pthread_mutex_t lock;   /* serialises aclInit/aclFinalize and device (re)sets */
    atomic_int initialized;
    uint64_t refs;          /* aclInit calls not yet matched by aclFinalizeReference */
    uint64_t holds;         /* GE instances keeping the runtime up (GEInitializeV2) */
    gecl_config cfg;
    gecl_device *devices;
    int device_count;
} gecl_runtime;

extern gecl_runtime gecl_rt; /* state.c; init.c brings it up and down */

/* Counts the runtime's start-ups (state.c; init.c bumps it). Layers above that keep device
 * objects beyond one call (the aclnn operator cache) record it, and drop what they hold when it
 * has changed: those objects went with the aclFinalize in between. */
extern atomic_uint_fast64_t gecl_rt_generation;

/* The GE layer brings the runtime up without counting as an aclInit, so the seed's order
 * (GEInitializeV2, then aclInit expecting ACL_SUCCESS) works; the runtime stops when both the
 * aclInit references and the holds are gone. */
aclError gecl_runtime_hold(void);
void gecl_runtime_unhold(void);

/* exception.c: calls the registered exception-info callbacks for a fault of work on `device`,
 * enqueued by `thread` (gecl_stream_fault). */
void gecl_exception_notify(int32_t device, uint64_t thread, aclError code);

/* Entry check of every runtime call: records the API name, fails before aclInit. */
#define GECL_CHECK_INIT()                                                                        \
    GECL_ENTER();                                                                                \
    if (!atomic_load(&gecl_rt.initialized))                                                      \
    return gecl_fail(ACL_ERROR_UNINITIALIZE, "the runtime is not initialised: call aclInit first")

#define GECL_CHECK_ARG(cond, ...)                                                                \
    do {                                                                                         \
        if (!(cond)) return gecl_fail(ACL_ERROR_INVALID_PARAM, __VA_ARGS__);                     \
    } while (0)

#endif
