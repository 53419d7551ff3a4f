/* tasks_json.c: GraphDebugJSONPrint. CANN exports a loaded graph's tasks (stream id, task id, task
 * type) as JSON for chrome://tracing; gecl's tasks are the loaded plan's launches, all on one
 * stream in order: a KERNEL task per kernel launch, a MEMCPY task per buffer copy. The output is
 * a trace-event document (one complete event per task, in launch order, 1 us apart) whose args
 * carry the task fields, the node and op type each task computes, and its work size. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"

typedef struct text {
    char *s;
    size_t len, cap;
    int oom;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    if (t->oom) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || t->len + (size_t)n + 1 > t->cap) {
        size_t cap = (t->cap ? 2 * t->cap : 1024) + (n > 0 ? (size_t)n : 0);
        char *s = n < 0 ? NULL : realloc(t->s, cap);
        if (!s) {
            t->oom = 1;
            return;
        }
        t->s = s;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* A JSON string (node names are the caller's). */
static void put_str(text *t, const char *s)
{
    put(t, "\"");
    for (; s && *s; s++) {
        const unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') put(t, "\\%c", c);
        else if (c < 0x20) put(t, "\\u%04x", c);
        else put(t, "%c", c);
    }
    put(t, "\"");
}

static void put_tasks(text *t, uint32_t graph_id, const gecl_plan *p)
{
    put(t, "{\"graph_id\":%u,\"stream_num\":1,\"task_num\":%zu,\"const_memory_size\":%zu,"
        "\"feature_memory_size\":%zu,\"traceEvents\":[", graph_id, p->n_launches, p->const_bytes, p->arena_bytes);
    for (size_t i = 0; i < p->n_launches; i++) {
        const gecl_launch *la = &p->launches[i];
        const gecl_node *n = la->node >= 0 && (size_t)la->node < p->g->n_nodes ? &p->g->nodes[la->node] : NULL;
        put(t, "%s{\"name\":", i ? "," : "");
        put_str(t, la->kernel ? la->kernel : "MemcpyAsync");
        put(t, ",\"ph\":\"X\",\"pid\":%u,\"tid\":0,\"ts\":%zu,\"dur\":1,\"args\":{\"stream_id\":0,\"task_id\":%zu,"
            "\"task_type\":\"%s\",\"node\":", graph_id, i, i, la->kernel ? "KERNEL" : "MEMCPY");
        put_str(t, n ? n->name : "");
        put(t, ",\"op_type\":");
        put_str(t, n ? n->type : "");
        if (la->kernel) {
            put(t, ",\"global_work_size\":[");
            for (unsigned d = 0; d < la->work_dim; d++) put(t, "%s%zu", d ? "," : "", la->global[d]);
            put(t, "]");
        } else {
            put(t, ",\"bytes\":%zu", la->copy_bytes);
        }
        put(t, "}}");
    }
    put(t, "]}");
}

gecl_status gecl_session_graph_tasks_json(gecl_session session, uint32_t graph_id, uint32_t flags, char **json)
{
    GE_ENTER_CHECKED();
    GECL_GE_ARG(json, "json must not be NULL");
    *json = NULL;
    GECL_GE_ARG(flags == 0, "flags is %u; it is reserved and must be 0", flags);
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    gecl_variant *v = NULL;
    pthread_mutex_lock(&e->lock); /* the most recently used loaded variant */
    for (size_t i = 0; i < e->n_variants; i++)
        if (e->variants[i]->loaded && (!v || e->variants[i]->used > v->used)) v = e->variants[i];
    if (v) atomic_fetch_add(&v->refs, 1);
    pthread_mutex_unlock(&e->lock);
    if (!v) {
        rc = gecl_ge_fail(GECL_FAILED, "graph %u is not loaded: call LoadGraph (or run it) first", graph_id);
    } else {
        text t = {0};
        put_tasks(&t, graph_id, v->plan);
        if (t.oom) {
            free(t.s);
            rc = gecl_ge_oom();
        } else {
            *json = t.s;
        }
    }
    gecl_variant_release(v);
    gecl_entry_release(e);
    return rc;
}

void gecl_free(void *p) { free(p); }
