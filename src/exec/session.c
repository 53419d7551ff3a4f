/* session.c: GE sessions and the graphs added to them. Compile and load happen at most once
 * per graph and set of input shapes, on demand (CompileGraph/LoadGraph are optional, as in
 * CANN); the compiled forms are variants (variant.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "registry.h"
#include "stream.h"

static atomic_ullong next_session_id = 1;


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
    for (size_t i = 0; i < e->n_variants; i++) gecl_variant_release(e->variants[i]);
    free(e->frozen);
    free(e->host_input);
    free(e->value_input);
    free(e->unsupported);
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

/* Records the first node whose op gecl cannot run, as the message its compile will fail with. */
static gecl_status note_unsupported(gecl_graph_entry *e)
{
    for (size_t i = 0; i < e->graph->n_nodes; i++) {
        const gecl_node *n = &e->graph->nodes[i];
        if (gecl_op_info_get(n->op)) continue;
        const char *fmt = "node '%s' (%s): op %s is not supported by gecl (its prototype is declared, but gecl has "
                          "no kernel for it)";
        const int len = snprintf(NULL, 0, fmt, n->name, n->type, n->type);
        if (len < 0 || !(e->unsupported = malloc((size_t)len + 1))) return gecl_ge_oom();
        snprintf(e->unsupported, (size_t)len + 1, fmt, n->name, n->type, n->type);
        return GECL_SUCCESS;
    }
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
    for (size_t i = 0; i < e->graph->n_nodes; i++) {
        const gecl_op_info *info = gecl_op_info_get(e->graph->nodes[i].op);
        e->op_count += info && info->kind != GECL_KIND_SOURCE;
    }
    /* An op gecl has no kernel for (declared by a prototype header all the same) fails when the
     * graph is compiled, as in CANN, not here: the graph is kept as added (docs/graph.md). */
    if ((rc = note_unsupported(e))) {
        gecl_graph_destroy(e->graph);
        free(e);
        return rc;
    }
    if (!e->unsupported) rc = gecl_graph_infer(e->graph); /* a dynamic graph: its structure only */
    for (size_t i = 0; i < e->graph->n_nodes; i++) e->n_inputs += e->graph->nodes[i].op == GECL_OP_DATA;
    e->dynamic = gecl_graph_dynamic(e->graph);
    e->frozen = calloc(e->n_inputs + 1, 1);
    e->host_input = calloc(e->n_inputs + 1, 1);
    e->value_input = calloc(e->n_inputs + 1, 1);
    char *is_value = calloc(e->graph->n_nodes + 1, 1);
    if (!rc && (!e->frozen || !e->host_input || !e->value_input || !is_value)) rc = gecl_ge_oom();
    if (!rc && !e->unsupported && gecl_graph_value_inputs(e->graph, is_value))
        for (size_t i = 0; i < e->graph->n_nodes; i++)
            if (is_value[i] && (size_t)e->graph->nodes[i].index < e->n_inputs) e->value_input[e->graph->nodes[i].index] = 1;
    free(is_value);
    if (rc) {
        free(e->frozen);
        free(e->host_input);
        free(e->value_input);
        free(e->unsupported);
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
        free(e->frozen);
        free(e->host_input);
        free(e->value_input);
        free(e->unsupported);
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

gecl_status gecl_session_compile_graph(gecl_session session, uint32_t graph_id)
{
    GE_ENTER_CHECKED();
    GECL_SESSION_REF(s);
    gecl_graph_entry *e = NULL;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    gecl_variant *v = NULL;
    if (!e->dynamic) rc = gecl_entry_variant(s, e, NULL, 0, NULL, NULL, 1, &v); /* a dynamic one compiles per shape */
    gecl_variant_release(v);
    gecl_entry_release(e);
    return rc;
}

gecl_status gecl_session_compile_graph_for(gecl_session session, uint32_t graph_id, size_t n_inputs,
                                           const gecl_tensor_desc *inputs)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(n_inputs == 0 || inputs, "inputs must not be NULL");
    GECL_SESSION_REF(s);
    gecl_graph_entry *e = NULL;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    gecl_variant *v = NULL;
    rc = gecl_entry_variant(s, e, NULL, n_inputs, inputs, NULL, 1, &v);
    if (!rc && !e->dynamic) { /* a static graph compiles for its own shapes: the given ones must be those */
        for (size_t k = 0; !rc && k < n_inputs && k < v->plan->n_inputs; k++)
            if (inputs[k].dtype != v->inputs[k].dtype || !gecl_desc_same_shape(&inputs[k], &v->inputs[k]))
                rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph %u: input %zu does not match its Data's static "
                                  "description", graph_id, k);
        if (!rc && n_inputs != v->plan->n_inputs)
            rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph %u: %zu input descriptions given, it has %zu Data inputs",
                              graph_id, n_inputs, v->plan->n_inputs);
    }
    gecl_variant_release(v);
    gecl_entry_release(e);
    return rc;
}

/* LoadGraph's ge.exec.frozenInputIndexes / ge.exec.hostInputIndexes (entry lock held). The lists
 * are parsed in full before anything changes, so a bad list leaves the graph as it was. Once a
 * LoadGraph or a run has used the graph's lists they stay: loading again with other lists is
 * GECL_FAILED (gecl.h), the same lists again are harmless. Every variant loaded, and every one
 * loaded later, takes them. */
static gecl_status apply_load_options(gecl_graph_entry *e, size_t n, const char *const *keys,
                                      const char *const *values)
{
    size_t count = e->n_inputs;
    char *frozen = calloc(count + 1, 1), *host = calloc(count + 1, 1);
    gecl_status rc = frozen && host ? GECL_SUCCESS : gecl_ge_oom();
    for (size_t i = 0; !rc && i < n; i++) {
        char *flags = NULL;
        if (strcmp(keys[i], "ge.exec.frozenInputIndexes") == 0) flags = frozen;
        if (strcmp(keys[i], "ge.exec.hostInputIndexes") == 0) flags = host;
        if (flags) rc = gecl_parse_index_list(keys[i], values[i], flags, count);
    }
    int same = !rc && memcmp(frozen, e->frozen, count) == 0 && memcmp(host, e->host_input, count) == 0;
    if (!rc && !same && atomic_load(&e->options_fixed))
        rc = gecl_ge_fail(GECL_FAILED, "graph %u is already loaded with other options for "
                          "ge.exec.frozenInputIndexes / ge.exec.hostInputIndexes (RemoveGraph and add it "
                          "again to change them)", e->id);
    if (!rc) {
        memcpy(e->frozen, frozen, count);
        memcpy(e->host_input, host, count);
        atomic_store(&e->options_fixed, 1);
        for (size_t i = 0; i < e->n_variants; i++) {
            gecl_loaded *l = e->variants[i]->loaded;
            if (!l) continue;
            pthread_mutex_lock(&l->lock);
            memcpy(l->frozen, frozen, count);
            memcpy(l->host_input, host, count);
            pthread_mutex_unlock(&l->lock);
        }
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
    gecl_graph_entry *e = NULL;
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
    gecl_variant *v = NULL;
    if (!e->dynamic) rc = gecl_entry_variant(s, e, dev, 0, NULL, NULL, 0, &v); /* a dynamic one loads per shape */
    if (!rc) {
        pthread_mutex_lock(&e->lock);
        rc = apply_load_options(e, n, keys, values);
        pthread_mutex_unlock(&e->lock);
    }
    gecl_variant_release(v);
    gecl_entry_release(e);
    return rc;
}

gecl_status gecl_session_output_count(gecl_session session, uint32_t graph_id, size_t *count)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(count, "count must not be NULL");
    GECL_SESSION_REF(s);
    gecl_graph_entry *e = NULL;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    *count = e->graph->n_outputs; /* validated when added */
    gecl_entry_release(e);
    return rc;
}

gecl_status gecl_session_graph_summary(gecl_session session, uint32_t graph_id, gecl_graph_summary *sum)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(sum, "summary must not be NULL");
    GECL_SESSION_REF(s);
    gecl_graph_entry *e = NULL;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    /* A dynamic graph answers with its most recent variant, and is_static 0. */
    gecl_variant *v = e->dynamic ? gecl_entry_latest(e) : NULL;
    if (!e->dynamic) rc = gecl_entry_variant(s, e, NULL, 0, NULL, NULL, 1, &v);
    memset(sum, 0, sizeof *sum);
    sum->is_static = !e->dynamic;
    sum->output_count = e->graph->n_outputs;
    sum->op_count = e->op_count;
    if (!rc && v) {
        const gecl_plan *p = v->plan;
        sum->const_memory_size = p->const_bytes;
        sum->feature_memory_size = p->arena_bytes;
        sum->intermediate_bytes = p->intermediate_bytes;
        for (size_t i = 0; i < p->n_launches; i++) sum->kernel_count += p->launches[i].kernel != NULL;
    }
    gecl_variant_release(v);
    gecl_entry_release(e);
    return rc;
}

gecl_status gecl_session_output_desc(gecl_session session, uint32_t graph_id, size_t index, gecl_tensor_desc *desc)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(desc, "desc must not be NULL");
    GECL_SESSION_REF(s);
    gecl_graph_entry *e = NULL;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    /* A dynamic graph: the outputs of its most recent run's shapes. */
    gecl_variant *v = e->dynamic ? gecl_entry_latest(e) : NULL;
    if (!e->dynamic) rc = gecl_entry_variant(s, e, NULL, 0, NULL, NULL, 1, &v);
    else if (!v)
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph %u has Data inputs of unknown shape and has not been run or "
                          "compiled for any: its output descriptions are not known yet", graph_id);
    if (!rc && index >= v->plan->n_outputs)
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph %u has %zu outputs, index %zu", graph_id, v->plan->n_outputs, index);
    if (!rc) *desc = v->plan->output_descs[index];
    gecl_variant_release(v);
    gecl_entry_release(e);
    return rc;
}
