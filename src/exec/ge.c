/* ge.c: the GE instance (GEInitializeV2 / GEFinalizeV2) and live-object counts. */
#include <stdlib.h>

#include "exec.h"
#include "runtime.h"

atomic_ullong gecl_live_sessions, gecl_live_graphs, gecl_live_loaded;

static pthread_mutex_t ge_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int ge_up;
static int32_t ge_device;

/* Handles of sessions that GEFinalizeV2 released while they were open: calls on them stay FAILED
 * (docs/graph.md), also once GE is up again, until the caller destroys them. Best effort: a
 * handle that cannot be recorded (out of memory) reads as a stale one (PARAM_INVALID). */
static pthread_mutex_t released_lock = PTHREAD_MUTEX_INITIALIZER;
static void **released;
static size_t n_released, cap_released;

static void remember_released(void *handle)
{
    pthread_mutex_lock(&released_lock);
    if (n_released == cap_released) {
        size_t cap = cap_released ? 2 * cap_released : 16;
        void **r = realloc(released, cap * sizeof *r);
        if (r) {
            released = r;
            cap_released = cap;
        }
    }
    if (n_released < cap_released) released[n_released++] = handle;
    pthread_mutex_unlock(&released_lock);
}

int gecl_ge_session_released(const void *handle, int forget)
{
    int found = 0;
    pthread_mutex_lock(&released_lock);
    for (size_t i = 0; !found && i < n_released; i++) {
        if (released[i] != handle) continue;
        found = 1;
        if (forget) released[i] = released[--n_released];
    }
    if (n_released == 0) {
        free(released);
        released = NULL;
        cap_released = 0;
    }
    pthread_mutex_unlock(&released_lock);
    return found;
}

int gecl_ge_initialized(void) { return atomic_load(&ge_up); }
int32_t gecl_ge_default_device(void) { return ge_device; }

gecl_status gecl_initialize(size_t n_options, const char *const *keys, const char *const *values)
{
    GECL_ENTER();
    int32_t device = 0;
    gecl_status rc = gecl_options_check("global", n_options, keys, values, &device);
    if (rc) return rc;
    pthread_mutex_lock(&ge_lock);
    if (atomic_load(&ge_up)) {
        pthread_mutex_unlock(&ge_lock);
        gecl_ge_warn("GEInitializeV2 called again without GEFinalizeV2; the first configuration stays");
        return GECL_SUCCESS;
    }
    if (gecl_runtime_hold() != ACL_SUCCESS) {
        pthread_mutex_unlock(&ge_lock);
        return gecl_ge_wrap(GECL_FAILED, "cannot start the device runtime");
    }
    if (!gecl_device_get(device)) {
        gecl_runtime_unhold();
        pthread_mutex_unlock(&ge_lock);
        return gecl_ge_fail(GECL_PARAM_INVALID, "ge.exec.deviceId=%d but there are %d device(s)", device,
                            gecl_device_count());
    }
    ge_device = device;
    atomic_store(&ge_up, 1);
    pthread_mutex_unlock(&ge_lock);
    return GECL_SUCCESS;
}

gecl_status gecl_finalize(void)
{
    GECL_ENTER();
    pthread_mutex_lock(&ge_lock);
    if (!atomic_load(&ge_up)) {
        pthread_mutex_unlock(&ge_lock);
        return gecl_ge_fail(GECL_FAILED, "GE is not initialised (GEInitializeV2 was not called or already finalised)");
    }
    atomic_store(&ge_up, 0);
    size_t n = 0;
    void **live = gecl_handle_list(GECL_HANDLE_SESSION, &n, NULL);
    for (size_t i = 0; i < n; i++) {
        gecl_session_obj *s = live[i];
        if (gecl_handle_remove(GECL_HANDLE_SESSION, s->handle)) {
            remember_released(s->handle);
            gecl_session_put(s);
        }
    }
    free(live);
    gecl_outputs_release_all();
    gecl_runtime_unhold();
    pthread_mutex_unlock(&ge_lock);
    return GECL_SUCCESS;
}

gecl_status gecl_graph_live_counts(gecl_graph_counts *c)
{
    GECL_ENTER();
    GECL_GE_ARG(c, "counts must not be NULL");
    c->sessions = atomic_load(&gecl_live_sessions);
    c->graphs = atomic_load(&gecl_live_graphs);
    c->loaded = atomic_load(&gecl_live_loaded);
    c->outputs = gecl_outputs_count();
    return GECL_SUCCESS;
}
