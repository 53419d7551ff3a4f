/* run_api.c: RunGraph, RunGraphAsync and RunGraphWithStreamAsync entry points: mode rules, auto
 * load. RunGraphAsync's runs are queued per session and executed in order by the session's
 * worker thread (async.h), which calls the user's callback with host outputs (CANN: "the
 * callback is called from a worker thread"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "memory.h"
#include "stream.h"

/* The three run modes are exclusive per graph (CANN); the first run fixes the mode. */
static gecl_status claim_mode(gecl_graph_entry *e, gecl_run_mode mode)
{
    static const char *names[] = {"", "RunGraph", "RunGraphAsync", "RunGraphWithStreamAsync"};
    pthread_mutex_lock(&e->lock);
    gecl_run_mode had = e->mode;
    if (had == GECL_MODE_NONE) e->mode = mode;
    pthread_mutex_unlock(&e->lock);
    if (had != GECL_MODE_NONE && had != mode)
        return gecl_ge_fail(GECL_FAILED, "graph %u was run with %s; %s cannot run it (the run modes are exclusive "
                            "per graph)", e->id, names[had], names[mode]);
    return GECL_SUCCESS;
}

/* The host copy of value input k (graph/value_inputs.c): a host tensor as it is; device memory
 * read with a blocking read on q (the run's stream: after the work queued before it), or on the
 * memory's device's own queue. */
static gecl_status read_value(cl_command_queue q, size_t k, const gecl_tensor *t, void **copy, const void **value)
{
    const size_t bytes = gecl_desc_bytes(&t->desc);
    GECL_GE_ARG(t->desc.ndim <= GECL_MAX_DIMS && t->bytes >= bytes, "input %zu: %zu bytes given, %zu needed", k,
                t->bytes, bytes);
    GECL_GE_ARG(t->data || !bytes, "input %zu: data is NULL", k);
    if (t->placement != GECL_ON_DEVICE) {
        *value = t->data;
        return GECL_SUCCESS;
    }
    gecl_block blk;
    size_t off;
    if (gecl_mem_resolve(t->data, bytes ? bytes : 1, "input", &blk, &off) != ACL_SUCCESS)
        return gecl_ge_fail(GECL_PARAM_INVALID, "input %zu: %p is not %zu bytes of live device memory from aclrtMalloc",
                            k, t->data, bytes);
    if (!q && gecl_device_internal_queue(blk.device, &q)) return gecl_ge_wrap(GECL_FAILED, "input %zu", k);
    if (!(*copy = malloc(bytes ? bytes : 1))) return gecl_ge_oom();
    cl_int err = bytes ? clEnqueueReadBuffer(q, blk.mem, CL_TRUE, off, bytes, *copy, 0, NULL, NULL) : CL_SUCCESS;
    if (err)
        return gecl_ge_fail(GECL_FAILED, "input %zu: reading its values (they shape the graph) failed: %s", k,
                            gecl_cl_error_name(err));
    *value = *copy;
    return GECL_SUCCESS;
}

/* The variant (loaded on dev) that runs these inputs; q: the run's queue, NULL for a run on the
 * device's own queue. */
static gecl_status entry_variant_for(gecl_session_obj *s, gecl_graph_entry *e, gecl_device *dev, cl_command_queue q,
                                     size_t n_in, const gecl_tensor *in, gecl_variant **v)
{
    if (!e->dynamic) return gecl_entry_variant(s, e, dev, 0, NULL, NULL, 0, v);
    GECL_GE_ARG(n_in == 0 || in, "inputs must not be NULL");
    gecl_tensor_desc *d = gecl_input_descs(n_in, in);
    void **copies = calloc(n_in + 1, sizeof *copies);
    const void **values = calloc(n_in + 1, sizeof *values);
    gecl_status rc = d && copies && values ? GECL_SUCCESS : gecl_ge_oom();
    for (size_t k = 0; !rc && k < n_in && k < e->n_inputs; k++)
        if (e->value_input[k]) rc = read_value(q, k, &in[k], &copies[k], &values[k]);
    if (!rc) rc = gecl_entry_variant(s, e, dev, n_in, d, values, 0, v);
    for (size_t k = 0; copies && k < n_in; k++) free(copies[k]);
    free(copies);
    free(values);
    free(d);
    return rc;
}

/* Synchronous run on the device's own queue; shared by RunGraph and the RunGraphAsync worker. */
gecl_status gecl_run_sync(gecl_session_obj *s, gecl_graph_entry *e, size_t n_in, const gecl_tensor *in,
                          size_t n_out, gecl_tensor *out)
{
    gecl_tensor *given = out ? gecl_outputs_save(n_out, out) : NULL; /* to undo a run failing on the device */
    if (out && !given) return gecl_ge_oom();
    gecl_variant *v = NULL;
    gecl_status rc = entry_variant_for(s, e, NULL, NULL, n_in, in, &v);
    cl_command_queue q;
    if (!rc && gecl_device_internal_queue(v->loaded->dev, &q)) rc = gecl_ge_wrap(GECL_FAILED, "graph %u", e->id);
    cl_event done = NULL;
    /* Where the run's status slots come back: an index out of range fails the run below. */
    void *status_buf = !rc && v->plan->n_status_slots ? calloc(v->plan->n_status_slots, GECL_STATUS_SLOT) : NULL;
    if (!rc && v->plan->n_status_slots && !status_buf) rc = gecl_ge_oom();
    if (!rc) rc = gecl_run(e, v, q, n_in, in, n_out, out, 1, 0, status_buf, &done);
    if (!rc) {
        cl_int err = clWaitForEvents(1, &done);
        cl_int status = CL_COMPLETE;
        if (!err) err = clGetEventInfo(done, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof status, &status, NULL);
        if (err || status < 0) {
            clFinish(q); /* nothing may still write the outputs freed below */
            rc = gecl_ge_fail(GECL_FAILED, "graph %u: the run failed on the device: %s", e->id,
                              gecl_cl_error_name(err ? err : status));
        } else {
            rc = gecl_run_status(v->plan, status_buf);
        }
    }
    free(status_buf);
    if (done) clReleaseEvent(done);
    gecl_variant_release(v);
    if (rc && given) gecl_outputs_restore(n_out, out, given);
    free(given);
    return rc;
}

gecl_status gecl_session_run_graph(gecl_session session, uint32_t graph_id, size_t n_in, const gecl_tensor *in,
                                   size_t n_out, gecl_tensor *out)
{
    GECL_ENTER();
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc || (rc = gecl_entry_get(s, graph_id, &e))) return rc;
    if (!(rc = claim_mode(e, GECL_MODE_SYNC))) rc = gecl_run_sync(s, e, n_in, in, n_out, out);
    gecl_entry_release(e);
    return rc;
}

gecl_status gecl_session_run_graph_with_stream_async(gecl_session session, uint32_t graph_id, aclrtStream stream,
                                                     size_t n_in, const gecl_tensor *in, size_t n_out,
                                                     gecl_tensor *out)
{
    GECL_ENTER();
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc) return rc;
    GECL_STREAM_REF(st);
    if (gecl_stream_resolve(stream, &st) != ACL_SUCCESS) return gecl_ge_wrap(GECL_PARAM_INVALID, "stream");
    if ((rc = gecl_entry_get(s, graph_id, &e))) return rc;
    gecl_variant *v = NULL;
    gecl_stream_check *check = NULL; /* indices out of range: the stream's next synchronisation reports them */
    if (!(rc = claim_mode(e, GECL_MODE_STREAM)) && !(rc = entry_variant_for(s, e, st->device, st->queue, n_in, in, &v)) &&
        (!v->plan->n_status_slots || !(rc = gecl_stream_check_new(v->plan, graph_id, &check))))
        rc = gecl_run(e, v, st->queue, n_in, in, n_out, out, 0, 1, check ? gecl_stream_check_buffer(check) : NULL, NULL);
    if (check && !rc) rc = gecl_stream_check_enqueue(check, st);
    else gecl_stream_check_free(check);
    gecl_variant_release(v);
    gecl_entry_release(e);
    return rc;
}

typedef struct async_run {
    gecl_job job;                  /* first: the queue hands this back */
    gecl_session_obj *s;
    gecl_graph_entry *entry;       /* with a reference of the run's own */
    size_t n_in;
    gecl_tensor *in;
    gecl_run_callback done;
    void *user;
} async_run;

static void async_run_job(gecl_job *job)
{
    async_run *r = (async_run *)job;
    size_t n_out = r->entry->graph->n_outputs;
    gecl_tensor *out = calloc(n_out + 1, sizeof *out);
    gecl_status rc = out ? gecl_run_sync(r->s, r->entry, r->n_in, r->in, n_out, out) : gecl_ge_oom();
    if (rc) { /* the callback gets no outputs on failure */
        for (size_t k = 0; out && k < n_out; k++)
            if (out[k].data) gecl_output_free(out[k].data);
        n_out = 0;
    }
    r->done(rc, n_out, out, r->user);
    free(out);
    gecl_entry_release(r->entry);
    free(r->in);
    free(r);
}

static gecl_status async_submit(gecl_session_obj *s, gecl_graph_entry *e, size_t n_in, const gecl_tensor *in,
                                gecl_run_callback done, void *user)
{
    async_run *r = calloc(1, sizeof *r);
    gecl_tensor *copy = calloc(n_in + 1, sizeof *copy);
    if (!r || !copy) {
        free(r);
        free(copy);
        return gecl_ge_oom();
    }
    if (n_in) memcpy(copy, in, n_in * sizeof *in);
    *r = (async_run){{NULL, e, async_run_job}, s, e, n_in, copy, done, user};
    atomic_fetch_add(&e->refs, 1);
    if (gecl_jobs_submit(&s->jobs, &r->job) == 0) return GECL_SUCCESS;
    atomic_fetch_sub(&e->refs, 1); /* the caller's reference keeps e alive */
    free(copy);
    free(r);
    return gecl_ge_fail(GECL_FAILED, "cannot start the RunGraphAsync worker thread");
}

gecl_status gecl_session_run_graph_async(gecl_session session, uint32_t graph_id, size_t n_in,
                                         const gecl_tensor *in, gecl_run_callback done, void *user)
{
    GECL_ENTER();
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc) return rc;
    GECL_GE_ARG(done, "callback must not be NULL");
    GECL_GE_ARG(n_in == 0 || in, "inputs must not be NULL");
    if ((rc = gecl_entry_get(s, graph_id, &e))) return rc;
    if (!(rc = claim_mode(e, GECL_MODE_ASYNC))) rc = async_submit(s, e, n_in, in, done, user);
    gecl_entry_release(e);
    return rc;
}
