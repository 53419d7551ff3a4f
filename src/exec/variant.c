/* variant.c: a graph entry's compiled forms, one per set of input shapes (exec.h). A static graph
 * has exactly one. A dynamic graph compiles one per new set of run shapes; since the elementwise,
 * movement and reduction kernels take their sizes as arguments, a new shape costs planning and
 * the programs of the anchors (Conv2D, MatMul) for it, the rest coming from the program cache.
 * The cache is bounded: the least recently used variant goes, once no call uses it. */
#include <stdlib.h>
#include <string.h>

#include "exec.h"

static void variant_free(gecl_variant *v)
{
    gecl_unload_counted(v->loaded);
    for (size_t k = 0; v->values && v->plan && k < v->plan->n_inputs; k++) free(v->values[k]);
    free(v->values);
    gecl_plan_free(v->plan);
    free(v->inputs);
    free(v);
}

void gecl_variant_release(gecl_variant *v)
{
    if (v && atomic_fetch_sub(&v->refs, 1) == 1) variant_free(v);
}

gecl_tensor_desc *gecl_input_descs(size_t n, const gecl_tensor *in)
{
    gecl_tensor_desc *d = calloc(n + 1, sizeof *d);
    for (size_t k = 0; d && k < n; k++) d[k] = in[k].desc;
    return d;
}

static int same_inputs(const gecl_variant *v, size_t n, const gecl_tensor_desc *in, const void *const *values)
{
    if (n != v->plan->n_inputs) return 0;
    for (size_t k = 0; k < n; k++) {
        if (in[k].dtype != v->inputs[k].dtype || !gecl_desc_same_shape(&in[k], &v->inputs[k])) return 0;
        if (v->values && v->values[k] &&
            (!values || !values[k] || memcmp(values[k], v->values[k], gecl_desc_bytes(&in[k]))))
            return 0;
    }
    return 1;
}

/* Copies of the value inputs' values (NULL elsewhere); the plan's descriptions size them. */
static gecl_status keep_values(const gecl_graph_entry *e, gecl_variant *v, const void *const *values)
{
    if (!values) return GECL_SUCCESS;
    if (!(v->values = calloc(v->plan->n_inputs + 1, sizeof *v->values))) return gecl_ge_oom();
    for (size_t k = 0; k < v->plan->n_inputs && k < e->n_inputs; k++) {
        if (!e->value_input[k] || !values[k]) continue;
        const size_t bytes = gecl_desc_bytes(&v->inputs[k]);
        if (!(v->values[k] = malloc(bytes ? bytes : 1))) return gecl_ge_oom();
        memcpy(v->values[k], values[k], bytes);
    }
    return GECL_SUCCESS;
}

static gecl_status variant_new(const gecl_graph_entry *e, const gecl_device_desc *dev, size_t n,
                               const gecl_tensor_desc *in, const void *const *values, gecl_variant **out)
{
    gecl_graph *spec = NULL;
    gecl_status rc = e->dynamic ? gecl_graph_specialize(e->graph, n, in, values, &spec) : GECL_SUCCESS;
    gecl_variant *v = rc ? NULL : calloc(1, sizeof *v);
    if (!rc && !v) rc = gecl_ge_oom();
    if (!rc) rc = gecl_compile(spec ? spec : e->graph, dev, &v->plan);
    gecl_graph_destroy(spec);
    if (!rc && !(v->inputs = calloc(v->plan->n_inputs + 1, sizeof *v->inputs))) rc = gecl_ge_oom();
    if (!rc) {
        memcpy(v->inputs, v->plan->input_descs, v->plan->n_inputs * sizeof *v->inputs);
        rc = keep_values(e, v, values);
    }
    if (rc) {
        if (v) variant_free(v); /* nothing loaded yet */
        return rc;
    }
    atomic_init(&v->refs, 1); /* the cache's */
    *out = v;
    return GECL_SUCCESS;
}

/* Entry lock held. Replaces the least recently used variant when the cache is full. */
static void cache_add(gecl_graph_entry *e, gecl_variant *v)
{
    if (e->n_variants < GECL_MAX_SHAPE_VARIANTS) {
        e->variants[e->n_variants++] = v;
        return;
    }
    size_t old = 0;
    for (size_t i = 1; i < e->n_variants; i++)
        if (e->variants[i]->used < e->variants[old]->used) old = i;
    gecl_variant_release(e->variants[old]); /* freed now, or by the last call still using it */
    e->variants[old] = v;
}

/* Entry lock held. */
static gecl_status variant_load(gecl_graph_entry *e, gecl_variant *v, gecl_device *dev)
{
    if (v->loaded) {
        if (v->loaded->dev == dev) return GECL_SUCCESS;
        return gecl_ge_fail(GECL_FAILED, "graph %u is loaded on device %d; it cannot run on device %d", e->id,
                            v->loaded->dev->id, dev->id);
    }
    gecl_status rc = gecl_load(v->plan, dev, e, &v->loaded);
    if (rc) return rc;
    atomic_fetch_add(&gecl_live_loaded, 1);
    memcpy(v->loaded->frozen, e->frozen, e->n_inputs);
    memcpy(v->loaded->host_input, e->host_input, e->n_inputs);
    return GECL_SUCCESS;
}

gecl_status gecl_entry_variant(gecl_session_obj *s, gecl_graph_entry *e, gecl_device *dev, size_t n,
                               const gecl_tensor_desc *in, const void *const *values, int compile_only,
                               gecl_variant **out)
{
    if (!dev) dev = gecl_device_get(s->device_id);
    if (e->unsupported) return gecl_ge_fail(GECL_PARAM_INVALID, "graph %u: %s", e->id, e->unsupported);
    if (e->dynamic && !in)
        return gecl_ge_fail(GECL_PARAM_INVALID, "graph %u has Data inputs of unknown shape: it is compiled for the "
                            "shapes of its runs (or of gecl_session_compile_graph_for)", e->id);
    pthread_mutex_lock(&e->lock);
    gecl_variant *v = NULL;
    for (size_t i = 0; !v && i < e->n_variants; i++)
        if (!e->dynamic || same_inputs(e->variants[i], n, in, values)) v = e->variants[i];
    gecl_status rc = GECL_SUCCESS;
    if (!v && !(rc = variant_new(e, &dev->desc, n, in, values, &v))) cache_add(e, v);
    if (rc) rc = gecl_ge_wrap(rc, "graph %u", e->id);
    if (!rc && !compile_only) rc = variant_load(e, v, dev);
    if (!rc) {
        v->used = ++e->clock;
        atomic_fetch_add(&v->refs, 1);
        *out = v;
    }
    pthread_mutex_unlock(&e->lock);
    return rc;
}

gecl_variant *gecl_entry_latest(gecl_graph_entry *e)
{
    pthread_mutex_lock(&e->lock);
    gecl_variant *v = NULL;
    for (size_t i = 0; i < e->n_variants; i++)
        if (!v || e->variants[i]->used > v->used) v = e->variants[i];
    if (v) atomic_fetch_add(&v->refs, 1);
    pthread_mutex_unlock(&e->lock);
    return v;
}
