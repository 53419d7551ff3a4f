/* run_status.c: the index status slots of a run (gecl_lower_status, kernels/index.cl): read back
 * with the run and checked, at once for RunGraph and RunGraphAsync, and on the stream's worker,
 * once the run is over, for RunGraphWithStreamAsync. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec.h"
#include "stream.h"

enum { WHO_LEN = 200 };

/* The fault a slot holds (0: none), as "index I is outside [lo, hi], the range of a dimension of D". */
static int slot_fault(const unsigned char *slot, char *buf, size_t size)
{
    int32_t flag;
    int64_t index, dim;
    memcpy(&flag, slot, sizeof flag);
    if (!flag) return 0;
    memcpy(&index, slot + 8, sizeof index);
    memcpy(&dim, slot + 16, sizeof dim);
    /* flag 2: negative indices count from the end (kernels/index.cl ix_pos_checked) */
    snprintf(buf, size, "index %lld is outside [%lld, %lld], the range of a dimension of %lld", (long long)index,
             flag == 2 ? (long long)-dim : 0LL, (long long)dim - 1, (long long)dim);
    return 1;
}

static void launch_who(const gecl_plan *p, const gecl_launch *la, char *buf, size_t size)
{
    const gecl_node *n = la->node >= 0 ? &p->g->nodes[la->node] : NULL;
    snprintf(buf, size, "node '%s' (%s)", n ? n->name : "?", n ? n->type : "?");
}

gecl_status gecl_run_status(const gecl_plan *p, const void *status)
{
    for (size_t s = 0; status && s < p->n_launches; s++) {
        const gecl_launch *la = &p->launches[s];
        char who[WHO_LEN], what[160];
        if (!la->status_slot ||
            !slot_fault((const unsigned char *)status + (size_t)(la->status_slot - 1) * GECL_STATUS_SLOT, what,
                        sizeof what))
            continue;
        launch_who(p, la, who, sizeof who);
        return gecl_ge_fail(GECL_FAILED, "%s: %s", who, what);
    }
    return GECL_SUCCESS;
}

/* What the worker needs once the plan may be gone (the graph removed behind the run): the
 * nodes' labels, slot by slot, and the slots' bytes. */
struct gecl_stream_check {
    gecl_stream *st;
    uint32_t graph_id;
    uint64_t thread;   /* the caller's, for the exception info */
    size_t n;          /* slots */
    char (*who)[WHO_LEN];
    unsigned char *slots;
};

gecl_status gecl_stream_check_new(const gecl_plan *p, uint32_t graph_id, gecl_stream_check **out)
{
    gecl_stream_check *c = calloc(1, sizeof *c);
    if (c) {
        c->n = (size_t)p->n_status_slots;
        c->who = calloc(c->n, sizeof *c->who);
        c->slots = calloc(c->n, GECL_STATUS_SLOT);
    }
    if (!c || !c->who || !c->slots) {
        gecl_stream_check_free(c);
        return gecl_ge_oom();
    }
    c->graph_id = graph_id;
    c->thread = (uint64_t)syscall(SYS_gettid);
    for (size_t s = 0; s < p->n_launches; s++)
        if (p->launches[s].status_slot)
            launch_who(p, &p->launches[s], c->who[p->launches[s].status_slot - 1], WHO_LEN);
    *out = c;
    return GECL_SUCCESS;
}

void *gecl_stream_check_buffer(gecl_stream_check *c) { return c->slots; }

void gecl_stream_check_free(gecl_stream_check *c)
{
    if (!c) return;
    free(c->who);
    free(c->slots);
    free(c);
}

/* The first fault of the run, as "node 'N' (T): index ...", or 0. */
static int first_fault(const gecl_stream_check *c, char *buf, size_t size)
{
    char what[160];
    for (size_t k = 0; k < c->n; k++)
        if (slot_fault(c->slots + k * GECL_STATUS_SLOT, what, sizeof what)) {
            snprintf(buf, size, "%s: %s", c->who[k], what);
            return 1;
        }
    return 0;
}

/* On the stream's worker, in stream order: the run and its read-back are done. */
static void run_check(void *arg)
{
    gecl_stream_check *c = arg;
    char fault[WHO_LEN + 160], msg[sizeof fault + 80];
    if (first_fault(c, fault, sizeof fault)) {
        snprintf(msg, sizeof msg, "graph %u, run with RunGraphWithStreamAsync on this stream: %s", c->graph_id, fault);
        gecl_stream_fault(c->st, ACL_ERROR_RT_AICORE_EXCEPTION, c->thread, msg);
    }
    gecl_stream_check_free(c);
}

gecl_status gecl_stream_check_enqueue(gecl_stream_check *c, gecl_stream *st)
{
    c->st = st; /* lives until its queued callbacks have run (stream_free drains them first) */
    if (gecl_stream_enqueue_host(st, run_check, c) == ACL_SUCCESS) return GECL_SUCCESS;
    /* No callback: wait for the run here and check it now. */
    char fault[WHO_LEN + 160];
    gecl_status rc = GECL_SUCCESS;
    if (clFinish(st->queue) != CL_SUCCESS) rc = gecl_ge_fail(GECL_FAILED, "graph %u: the run failed on the device", c->graph_id);
    else if (first_fault(c, fault, sizeof fault)) rc = gecl_ge_fail(GECL_FAILED, "%s", fault);
    gecl_stream_check_free(c);
    return rc;
}
