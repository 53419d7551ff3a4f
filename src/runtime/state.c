/* state.c: the process-wide runtime state and the devices in it. Kept apart from init.c, which
 * brings it up and tears it down by calling into contexts, events, the program cache...: those
 * read the state here and do not depend on the teardown that destroys them. */
#include "runtime.h"

gecl_runtime gecl_rt = {.lock = PTHREAD_MUTEX_INITIALIZER};
atomic_uint_fast64_t gecl_rt_generation;

gecl_device *gecl_device_get(int32_t id)
{
    if (id < 0 || id >= gecl_rt.device_count) return NULL;
    return &gecl_rt.devices[id];
}

int gecl_device_count(void) { return gecl_rt.device_count; }
