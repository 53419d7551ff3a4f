/* session.c: GE sessions and the graphs added to them. Compile and load happen at most once
 * per graph, on demand (CompileGraph/LoadGraph are optional, as in CANN). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "stream.h"

static atomic_ullong next_session_id = 1;

#define GE_ENTER_CHECKED()                                                                       \
    GECL_ENTER();                                                                                \
    if (!gecl_ge_initialized())                                                                  \
        return gecl_ge_fail(GECL_FAILED, "GE is not initialised: call GEInitializeV2 first")

static void *session_retain(void *obj)
{
    gecl_session_obj *s = obj;
    atomic_fetch_add(&s->refs, 1);
    return s;
}

void gecl_session_put(gecl_session_obj *s)
{
    if (atomic_fetch_sub(&s->refs, 1) == 1) gecl_session_free(s);
}

gecl_status gecl_session_lookup(gecl_session session, gecl_session_obj **out)
{
    if (!gecl_ge_initialized())
        return gecl_ge_fail(GECL_FAILED, "GE is not initialised (GEFinalizeV2 released every session)");
    *out = gecl_handle_take(GECL_HANDLE_SESSION, session, session_retain);
    if (*out) return GECL_SUCCESS;
    if (gecl_ge_session_released(session, 0)) /* a wrong state, not a bad argument (docs/graph.md) */
        return gecl_ge_fail(GECL_FAILED, "session %p was released by GEFinalizeV2", (void *)session);
    return gecl_ge_fail(GECL_PARAM_INVALID, "session %p is not a live session", (void *)session);
}

gecl_status gecl_session_create(size_t n, const char *const *keys, const char *const *values, gecl_session *out)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(out, "session must not be NULL");
    int32_t device = gecl_ge_default_device();
    gecl_status rc = gecl_options_check("session", n, keys, values, &device);
    if (rc) return rc;
    GECL_GE_ARG(gecl_device_get(device), "device %d does not exist (%d device(s))", device, gecl_device_count());
    gecl_session_obj *s = calloc(1, sizeof *s);
    if (!s) return gecl_ge_oom();
    s->id = atomic_fetch_add(&next_session_id, 1);
    s->device_id = device;
    atomic_init(&s->refs, 1);
    pthread_mutex_init(&s->lock, NULL);
    gecl_jobs_init(&s->jobs);
    if (!(s->handle = gecl_handle_new(GECL_HANDLE_SESSION, s))) {
        free(s);
        return gecl_ge_oom();
    }
    atomic_fetch_add(&gecl_live_sessions, 1);
    *out = s->handle;
    return GECL_SUCCESS;
}

static void entry_free(gecl_graph_entry *e)
{
    gecl_outputs_release_owner(e);
    gecl_unload_counted(e->loaded);
    gecl_plan_free(e->plan);
    gecl_graph_destroy(e->graph);
    pthread_mutex_destroy(&e->lock);
    free(e);
    atomic_fetch_sub(&gecl_live_graphs, 1);
}

void gecl_entry_release(gecl_graph_entry *e)
{
    if (atomic_fetch_sub(&e->refs, 1) == 1) entry_free(e);
}

/* The rest of gecl_session_free: mutexes, memory, the live count. */
static void free_memory(void *arg)
{
    gecl_session_obj *s = arg;
    pthread_mutex_destroy(&s->lock);
    gecl_jobs_destroy(&s->jobs);
    free(s);
    atomic_fetch_sub(&gecl_live_sessions, 1);
}

void gecl_session_free(gecl_session_obj *s)
{
    const int on_worker = gecl_jobs_stop(&s->jobs, free_memory, s);
    for (size_t i = 0; i < s->n_graphs; i++) gecl_entry_release(s->graphs[i]);
    free(s->graphs);
    s->graphs = NULL;
    s->n_graphs = 0;
    if (!on_worker) free_memory(s);
}

gecl_status gecl_session_destroy(gecl_session session)
{
    GECL_ENTER();
    /* Released by GEFinalizeV2: forgetting it is all there is to do (gecl.h: harmless). */
    if (gecl_ge_session_released(session, 1)) return GECL_SUCCESS;
    if (!gecl_ge_initialized()) return gecl_ge_fail(GECL_FAILED, "GE is not initialised: call GEInitializeV2 first");
    gecl_session_obj *s = gecl_handle_remove(GECL_HANDLE_SESSION, session);
    if (!s) return gecl_ge_fail(GECL_PARAM_INVALID, "session %p is not a live session", (void *)session);
    gecl_session_put(s); /* the handle's reference; calls in progress hold their own */
    return GECL_SUCCESS;
}

gecl_status gecl_session_id(gecl_session session, uint64_t *id)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(id, "id must not be NULL");
    GECL_SESSION_REF(s);
    gecl_status rc = gecl_session_lookup(session, &s);
    if (!rc) *id = s->id;
    return rc;
}

static gecl_graph_entry **find(gecl_session_obj *s, uint32_t id)
{
    for (size_t i = 0; i < s->n_graphs; i++)
        if (s->graphs[i]->id == id) return &s->graphs[i];
    return NULL;
}

gecl_status gecl_entry_get(gecl_session_obj *s, uint32_t graph_id, gecl_graph_entry **out)
{
    pthread_mutex_lock(&s->lock);
    gecl_graph_entry **e = find(s, graph_id);
    if (e) atomic_fetch_add(&(*e)->refs, 1);
    pthread_mutex_unlock(&s->lock);
    if (!e) return gecl_ge_fail(GECL_PARAM_INVALID, "graph %u was not added to this session (or was removed)", graph_id);
    *out = *e;
    return GECL_SUCCESS;
}

gecl_status gecl_session_add_graph(gecl_session session, uint32_t graph_id, const gecl_graph *graph, size_t n,
                                   const char *const *keys, const char *const *values)
{
    GE_ENTER_CHECKED();
    GECL_SESSION_REF(s);
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc) return rc;
    GECL_GE_ARG(graph, "graph must not be NULL");
    if ((rc = gecl_options_check("graph", n, keys, values, NULL))) return rc;
    gecl_graph_entry *e = calloc(1, sizeof *e);
    if (!e || !(e->graph = gecl_graph_clone(graph))) {
        free(e);
        return gecl_ge_oom();
    }
    gecl_graph *check = gecl_graph_clone(graph);
    rc = check ? gecl_graph_infer(check) : gecl_ge_oom();
    gecl_graph_destroy(check);
    if (rc) {
        gecl_graph_destroy(e->graph);
        free(e);
        return rc;
    }
    e->id = graph_id;
    atomic_init(&e->refs, 1);
    pthread_mutex_init(&e->lock, NULL);
    pthread_mutex_lock(&s->lock);
    if (find(s, graph_id)) {
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph id %u is already used in this session (RemoveGraph it first)",
                          graph_id);
    } else if (s->n_graphs == s->cap_graphs) {
        size_t cap = s->cap_graphs ? 2 * s->cap_graphs : 8;
        gecl_graph_entry **g = realloc(s->graphs, cap * sizeof *g);
        if (g) {
            s->graphs = g;
            s->cap_graphs = cap;
        } else {
            rc = gecl_ge_oom();
        }
    }
    if (!rc) s->graphs[s->n_graphs++] = e;
    pthread_mutex_unlock(&s->lock);
    if (rc) {
        pthread_mutex_destroy(&e->lock);
        gecl_graph_destroy(e->graph);
        free(e);
        return rc;
    }
    atomic_fetch_add(&gecl_live_graphs, 1);
    return GECL_SUCCESS;
}

gecl_status gecl_session_remove_graph(gecl_session session, uint32_t graph_id)
{
    GE_ENTER_CHECKED();
    GECL_SESSION_REF(s);
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc) return rc;
    pthread_mutex_lock(&s->lock);
    gecl_graph_entry **slot = find(s, graph_id), *e = slot ? *slot : NULL;
    if (slot) *slot = s->graphs[--s->n_graphs];
    pthread_mutex_unlock(&s->lock);
    if (!e) return gecl_ge_fail(GECL_PARAM_INVALID, "graph %u was not added to this session (or was removed)", graph_id);
    gecl_jobs_wait(&s->jobs, e); /* queued RunGraphAsync runs of it finish, callbacks included */
    gecl_entry_release(e);
    return GECL_SUCCESS;
}

gecl_status gecl_entry_ready(gecl_session_obj *s, gecl_graph_entry *e, gecl_device *dev, int compile_only)
{
    gecl_status rc = GECL_SUCCESS;
    if (!dev) dev = gecl_device_get(s->device_id);
    pthread_mutex_lock(&e->lock);
    if (!e->plan) rc = gecl_compile(e->graph, &dev->desc, &e->plan);
    if (rc) rc = gecl_ge_wrap(rc, "graph %u", e->id);
    if (!rc && !compile_only && !e->loaded) {
        rc = gecl_load(e->plan, dev, &e->loaded);
        if (!rc) atomic_fetch_add(&gecl_live_loaded, 1);
    }
    if (!rc && !compile_only && e->loaded->dev != dev)
        rc = gecl_ge_fail(GECL_FAILED, "graph %u is loaded on device %d; it cannot run on device %d", e->id,
                          e->loaded->dev->id, dev->id);
    pthread_mutex_unlock(&e->lock);
    return rc;
}

gecl_status gecl_session_compile_graph(gecl_session session, uint32_t graph_id)
{
    GE_ENTER_CHECKED();
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    rc = gecl_entry_ready(s, e, NULL, 1);
    gecl_entry_release(e);
    return rc;
}

/* LoadGraph's ge.exec.frozenInputIndexes / ge.exec.hostInputIndexes (loaded->lock held). The lists
 * are parsed in full before anything changes, so a bad list leaves the graph as it was. Once a
 * LoadGraph or a run has used the graph's lists they stay: loading again with other lists is
 * GECL_FAILED (gecl.h), the same lists again are harmless. */
static gecl_status apply_load_options(gecl_graph_entry *e, size_t n, const char *const *keys,
                                      const char *const *values)
{
    gecl_loaded *l = e->loaded;
    size_t count = e->plan->n_inputs;
    char *frozen = calloc(count + 1, 1), *host = calloc(count + 1, 1);
    gecl_status rc = frozen && host ? GECL_SUCCESS : gecl_ge_oom();
    for (size_t i = 0; !rc && i < n; i++) {
        char *flags = NULL;
        if (strcmp(keys[i], "ge.exec.frozenInputIndexes") == 0) flags = frozen;
        if (strcmp(keys[i], "ge.exec.hostInputIndexes") == 0) flags = host;
        if (flags) rc = gecl_parse_index_list(keys[i], values[i], flags, count);
    }
    int same = !rc && memcmp(frozen, l->frozen, count) == 0 && memcmp(host, l->host_input, count) == 0;
    if (!rc && !same && l->options_fixed)
        rc = gecl_ge_fail(GECL_FAILED, "graph %u is already loaded with other options for "
                          "ge.exec.frozenInputIndexes / ge.exec.hostInputIndexes (RemoveGraph and add it "
                          "again to change them)", e->id);
    if (!rc) {
        memcpy(l->frozen, frozen, count);
        memcpy(l->host_input, host, count);
        l->options_fixed = 1;
    }
    free(frozen);
    free(host);
    return rc;
}

gecl_status gecl_session_load_graph(gecl_session session, uint32_t graph_id, size_t n, const char *const *keys,
                                    const char *const *values, aclrtStream stream)
{
    GE_ENTER_CHECKED();
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_options_check("load", n, keys, values, NULL))) return rc;
    gecl_device *dev = NULL;
    if (stream) {
        GECL_STREAM_REF(st);
        if (gecl_stream_resolve(stream, &st) != ACL_SUCCESS)
            return gecl_ge_fail(GECL_PARAM_INVALID, "stream %p is not a live aclrtStream", stream);
        dev = st->device;
    }
    if ((rc = gecl_entry_get(s, graph_id, &e))) return rc;
    if (!(rc = gecl_entry_ready(s, e, dev, 0))) {
        pthread_mutex_lock(&e->loaded->lock);
        rc = apply_load_options(e, n, keys, values);
        pthread_mutex_unlock(&e->loaded->lock);
    }
    gecl_entry_release(e);
    return rc;
}

gecl_status gecl_session_output_count(gecl_session session, uint32_t graph_id, size_t *count)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(count, "count must not be NULL");
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    if (!(rc = gecl_entry_ready(s, e, NULL, 1))) *count = e->plan->n_outputs;
    gecl_entry_release(e);
    return rc;
}

gecl_status gecl_session_graph_summary(gecl_session session, uint32_t graph_id, gecl_graph_summary *sum)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(sum, "summary must not be NULL");
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    if (!(rc = gecl_entry_ready(s, e, NULL, 1))) {
        const gecl_plan *p = e->plan;
        memset(sum, 0, sizeof *sum);
        sum->is_static = 1;
        sum->const_memory_size = p->const_bytes;
        sum->feature_memory_size = p->arena_bytes;
        sum->intermediate_bytes = p->intermediate_bytes;
        sum->op_count = p->op_count;
        for (size_t i = 0; i < p->n_launches; i++) sum->kernel_count += p->launches[i].kernel != NULL;
        sum->output_count = p->n_outputs;
    }
    gecl_entry_release(e);
    return rc;
}

gecl_status gecl_session_output_desc(gecl_session session, uint32_t graph_id, size_t index, gecl_tensor_desc *desc)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(desc, "desc must not be NULL");
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    if (!(rc = gecl_entry_ready(s, e, NULL, 1))) {
        if (index < e->plan->n_outputs) *desc = e->plan->output_descs[index];
        else rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph %u has %zu outputs, index %zu", graph_id, e->plan->n_outputs, index);
    }
    gecl_entry_release(e);
    return rc;
}
