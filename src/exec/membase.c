/* membase.c: the caller's device memory for a graph's constants and feature memory (GeSession's
 * SetGraphConstMemoryBase, UpdateGraphFeatureMemoryBase, UpdateGraphRefreshableFeatureMemoryBase).
 *
 * A loaded graph keeps its constants and its arena of intermediates in one buffer each; kernels
 * take (buffer, offset) pairs, so the caller's aclrtMalloc memory serves as well as gecl's own:
 * the base is resolved to its buffer and offset once, and the kernel arguments that point into
 * it are set again. The memory is recorded on the graph entry, so a load that comes later places
 * the graph there from the start and allocates nothing of its own. */
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "memory.h"

/* The static variant of e, compiled, with a reference (NULL and a message when e has none). */
static gecl_status compiled_variant(gecl_graph_entry *e, const char *what, gecl_variant **out)
{
    *out = NULL;
    if (e->dynamic)
        return gecl_ge_fail(GECL_FAILED, "graph %u has inputs of unknown shape: %s applies only to statically "
                            "compiled graphs", e->id, what);
    pthread_mutex_lock(&e->lock);
    if (e->n_variants) {
        *out = e->variants[0];
        atomic_fetch_add(&(*out)->refs, 1);
    }
    pthread_mutex_unlock(&e->lock);
    if (!*out) return gecl_ge_fail(GECL_FAILED, "graph %u is not compiled: call CompileGraph before %s", e->id, what);
    return GECL_SUCCESS;
}

gecl_status gecl_session_set_graph_memory(gecl_session session, uint32_t graph_id, gecl_graph_memory kind,
                                          const void *memory, size_t size)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(kind == GECL_GRAPH_MEMORY_CONST || kind == GECL_GRAPH_MEMORY_FEATURE, "unknown memory kind %d",
                (int)kind);
    const int consts = kind == GECL_GRAPH_MEMORY_CONST;
    const char *what = consts ? "the const memory base" : "the feature memory base";
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    gecl_variant *v = NULL;
    if ((rc = compiled_variant(e, what, &v))) goto out;
    const size_t need = consts ? v->plan->const_bytes : v->plan->arena_bytes;
    if (!memory && need) {
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph %u: %s is NULL; the graph needs %zu bytes", graph_id, what, need);
        goto out;
    }
    if (size < need) {
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph %u: %s is %zu bytes; the graph needs %zu (%s)", graph_id, what,
                          size, need, consts ? "GetConstMemorySize" : "GetFeatureMemorySize");
        goto out;
    }
    if (memory && (uintptr_t)memory % 32) {
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph %u: %s %p is not 32-byte aligned", graph_id, what, memory);
        goto out;
    }
    gecl_block blk;
    size_t off;
    if (memory && gecl_mem_resolve(memory, need ? need : 1, "memory", &blk, &off) != ACL_SUCCESS) {
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph %u: %s %p is not %zu bytes of live device memory from "
                          "aclrtMalloc", graph_id, what, memory, need);
        goto out;
    }
    pthread_mutex_lock(&e->lock);
    if (consts && e->ext_consts) {
        rc = gecl_ge_fail(GECL_FAILED, "graph %u: the const memory base is set once; it cannot be changed", graph_id);
    } else if (memory && v->loaded && blk.device != v->loaded->dev) {
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph %u: %s %p is on device %d, the graph is loaded on device %d",
                          graph_id, what, memory, blk.device->id, v->loaded->dev->id);
    } else if (memory && v->loaded) {
        gecl_loaded *l = v->loaded;
        pthread_mutex_lock(&l->lock);
        if (l->last_done) clWaitForEvents(1, &l->last_done); /* runs enqueued so far used the old memory */
        rc = gecl_loaded_place(v->plan, l, consts, memory);
        pthread_mutex_unlock(&l->lock);
    }
    if (!rc && memory) { /* loads that come later place the graph there from the start */
        if (consts) {
            e->ext_consts = memory;
            e->ext_consts_size = size;
        } else {
            e->ext_feature = memory;
            e->ext_feature_size = size;
        }
    }
    pthread_mutex_unlock(&e->lock);
out:
    gecl_variant_release(v);
    gecl_entry_release(e);
    return rc;
}
