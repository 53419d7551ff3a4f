/* run.c: one run of a loaded graph: check the caller's tensors, bind their addresses to the
 * kernels that read or write them, enqueue. No allocation (besides outputs the caller asked
 * gecl to allocate) and no compilation happen here (design.md decision 5). */
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "memory.h"
#include "stream.h"

typedef struct binding {
    cl_mem mem;
    size_t off;
    int host;
} binding;

static gecl_status check_desc(const char *what, size_t k, const gecl_tensor *t, const gecl_tensor_desc *want)
{
    char a[160], b[160];
    GECL_GE_ARG(t->desc.dtype == want->dtype, "%s %zu is %s, the graph expects %s", what, k,
                gecl_dtype_name(t->desc.dtype), gecl_dtype_name(want->dtype));
    GECL_GE_ARG(t->desc.ndim <= GECL_MAX_DIMS && gecl_desc_same_shape(&t->desc, want),
                "%s %zu has shape %s, the graph expects %s", what, k,
                t->desc.ndim <= GECL_MAX_DIMS ? gecl_desc_shape_str(&t->desc, a, sizeof a) : "(too many dims)",
                gecl_desc_shape_str(want, b, sizeof b));
    GECL_GE_ARG(t->bytes >= gecl_desc_bytes(want), "%s %zu: %zu bytes given, %zu needed", what, k, t->bytes,
                gecl_desc_bytes(want));
    return GECL_SUCCESS;
}

/* Device memory: must come from aclrtMalloc on the graph's device, be 32-byte aligned (CANN's
 * rule for GE) and hold the whole tensor. */
static gecl_status bind_device(const gecl_loaded *l, const char *what, size_t k, const gecl_tensor *t, size_t need,
                               binding *b)
{
    GECL_GE_ARG(t->data, "%s %zu: data is NULL", what, k);
    GECL_GE_ARG((uintptr_t)t->data % 32 == 0, "%s %zu: device address %p is not 32-byte aligned", what, k, t->data);
    gecl_block blk;
    if (gecl_mem_resolve(t->data, need ? need : 1, what, &blk, &b->off) != ACL_SUCCESS)
        return gecl_ge_fail(GECL_PARAM_INVALID, "%s %zu: %p is not %zu bytes of live device memory from aclrtMalloc "
                            "(placement says device)", what, k, t->data, need);
    GECL_GE_ARG(blk.device == l->dev, "%s %zu: memory is on device %d, the graph runs on device %d", what, k,
                blk.device->id, l->dev->id);
    b->mem = blk.mem;
    b->host = 0;
    return GECL_SUCCESS;
}

/* Host memory: it is copied through the staging buffer as host memory, so an aclrtMalloc address
 * (a reserved PROT_NONE window, see addrmap.h) labelled host would fault inside the driver. */
static gecl_status check_host(const char *what, size_t k, const gecl_tensor *t)
{
    GECL_GE_ARG(t->data || !t->bytes, "%s %zu: data is NULL", what, k);
    GECL_GE_ARG(!gecl_addrmap_in_window(t->data), "%s %zu: %p is device memory from aclrtMalloc, but its placement "
                "says host", what, k, t->data);
    return GECL_SUCCESS;
}

static gecl_status bind_inputs(gecl_graph_entry *e, gecl_variant *v, size_t n, const gecl_tensor *in, int stream_mode,
                               binding *b)
{
    const gecl_plan *p = v->plan;
    GECL_GE_ARG(n == p->n_inputs, "%zu inputs given, graph %u has %zu Data inputs", n, e->id, p->n_inputs);
    GECL_GE_ARG(n == 0 || in, "inputs must not be NULL");
    for (size_t k = 0; k < n; k++) {
        gecl_status rc = check_desc("input", k, &in[k], &p->input_descs[k]);
        if (rc) return rc;
        int host = in[k].placement != GECL_ON_DEVICE;
        GECL_GE_ARG(in[k].placement <= GECL_HOST_FOLLOWING, "input %zu: placement %d is not supported", k,
                    (int)in[k].placement);
        if (host && stream_mode && !v->loaded->host_input[k])
            return gecl_ge_fail(GECL_PARAM_INVALID, "input %zu is host memory; RunGraphWithStreamAsync takes device "
                                "memory unless the index is listed in ge.exec.hostInputIndexes at LoadGraph", k);
        if (host) {
            if ((rc = check_host("input", k, &in[k]))) return rc;
            b[k] = (binding){v->loaded->staging, p->input_staging[k], 1};
        } else if ((rc = bind_device(v->loaded, "input", k, &in[k], gecl_desc_bytes(&p->input_descs[k]), &b[k]))) {
            return rc;
        }
    }
    return GECL_SUCCESS;
}

static gecl_status bind_outputs(gecl_graph_entry *e, gecl_variant *v, size_t n, gecl_tensor *out, int alloc_host,
                                int stream_mode, binding *b)
{
    const gecl_plan *p = v->plan;
    GECL_GE_ARG(n == p->n_outputs, "%zu outputs given, graph %u has %zu outputs", n, e->id, p->n_outputs);
    GECL_GE_ARG(n == 0 || out, "outputs must not be NULL");
    for (size_t j = 0; j < n; j++) {
        size_t need = gecl_desc_bytes(&p->output_descs[j]);
        gecl_status rc;
        if (!out[j].data) { /* gecl allocates */
            out[j].desc = p->output_descs[j];
            out[j].bytes = need;
            out[j].placement = alloc_host ? GECL_ON_HOST : GECL_ON_DEVICE;
            if ((rc = gecl_output_alloc(v->loaded->dev, need, alloc_host, e, &out[j].data))) return rc;
        } else if (out[j].desc.dtype == GECL_DT_UNDEFINED) { /* memory only: it takes the graph's description */
            out[j].desc = p->output_descs[j];
            GECL_GE_ARG(out[j].bytes >= need, "output %zu: %zu bytes given, %zu needed", j, out[j].bytes, need);
        } else if ((rc = check_desc("output", j, &out[j], &p->output_descs[j]))) {
            return rc;
        } else if (stream_mode && out[j].placement != GECL_ON_DEVICE) {
            /* docs/graph.md: RunGraphWithStreamAsync's outputs are device memory. */
            return gecl_ge_fail(GECL_PARAM_INVALID, "output %zu is host memory; RunGraphWithStreamAsync writes its "
                                "outputs to device memory from aclrtMalloc", j);
        }
        if (out[j].placement != GECL_ON_DEVICE) {
            if ((rc = check_host("output", j, &out[j]))) return rc;
            b[j] = (binding){v->loaded->staging, p->output_staging[j], 1};
        } else if ((rc = bind_device(v->loaded, "output", j, &out[j], need, &b[j]))) {
            return rc;
        }
    }
    return GECL_SUCCESS;
}

/* Where the value of `port` lives in this run, or mem NULL for fixed (constant/arena) storage. */
static binding where(const gecl_plan *p, gecl_port port, const binding *in, const binding *out)
{
    const gecl_value *x = &p->values[gecl_plan_root(p, gecl_plan_value(p, port))];
    if (x->store == GECL_STORE_INPUT) return in[x->index];
    if (x->store == GECL_STORE_OUTPUT) return out[x->index];
    return (binding){NULL, 0, 0};
}

static binding fixed(const gecl_loaded *l, const gecl_plan *p, gecl_port port)
{
    const gecl_value *x = &p->values[gecl_plan_root(p, gecl_plan_value(p, port))];
    const int c = x->store == GECL_STORE_CONST;
    return (binding){c ? l->consts : l->arena, x->offset + (c ? l->consts_base : l->arena_base), 0};
}

static cl_int enqueue_launch(gecl_variant *v, size_t s, cl_command_queue q, const binding *in, const binding *out,
                             cl_uint nw, const cl_event *wait)
{
    const gecl_plan *p = v->plan;
    gecl_loaded *l = v->loaded;
    const gecl_launch *la = &p->launches[s];
    cl_event *ev = l->profile ? gecl_profile_slot(l->profile, s) : NULL;
    if (!la->kernel) {
        binding src = where(p, la->args[0].port, in, out), dst = where(p, la->args[1].port, in, out);
        if (!src.mem) src = fixed(l, p, la->args[0].port);
        return la->copy_bytes ? clEnqueueCopyBuffer(q, src.mem, dst.mem, src.off, dst.off, la->copy_bytes, nw, wait, ev)
                              : CL_SUCCESS;
    }
    cl_kernel k = l->kernels[s];
    for (size_t a = 0; a < la->n_args; a++) {
        const gecl_value *x = &p->values[gecl_plan_root(p, gecl_plan_value(p, la->args[a].port))];
        if (x->store == GECL_STORE_INPUT && l->frozen[x->index] && l->frozen_bound[x->index] && !in[x->index].host)
            continue; /* ge.exec.frozenInputIndexes: address bound by an earlier run */
        binding b = where(p, la->args[a].port, in, out);
        if (!b.mem) continue;
        cl_ulong off = b.off;
        cl_int err = clSetKernelArg(k, (cl_uint)(2 * a), sizeof b.mem, &b.mem);
        if (!err) err = clSetKernelArg(k, (cl_uint)(2 * a + 1), sizeof off, &off);
        if (err) return err;
    }
    return clEnqueueNDRangeKernel(q, k, la->work_dim, NULL, la->global, la->local[0] ? la->local : NULL, nw, wait,
                                  ev);
}

static cl_int enqueue_all(gecl_variant *v, cl_command_queue q, size_t n_in, const gecl_tensor *in_t,
                          const binding *in, size_t n_out, const gecl_tensor *out_t, const binding *out,
                          void *status, cl_event *marker)
{
    gecl_loaded *l = v->loaded;
    const gecl_plan *p = v->plan;
    cl_uint nw = l->last_done && l->last_queue != q ? 1 : 0;
    cl_event wait[1] = {l->last_done};
    cl_int err = CL_SUCCESS;
    const size_t status_bytes = (size_t)p->n_status_slots * GECL_STATUS_SLOT;
    if (l->status) { /* each run reports only its own bad indices */
        static const cl_int zero = 0;
        err = clEnqueueFillBuffer(q, l->status, &zero, sizeof zero, 0, status_bytes, nw, nw ? wait : NULL, NULL);
        nw = 0;
    }
    for (size_t k = 0; !err && k < n_in; k++)
        if (in[k].host && in_t[k].bytes) {
            err = clEnqueueWriteBuffer(q, l->staging, CL_FALSE, in[k].off, gecl_desc_bytes(&p->input_descs[k]),
                                       in_t[k].data, nw, nw ? wait : NULL, NULL);
            nw = 0;
        }
    for (size_t s = 0; !err && s < p->n_launches; s++) {
        err = enqueue_launch(v, s, q, in, out, nw, nw ? wait : NULL);
        nw = 0;
    }
    if (!err && l->status && status)
        err = clEnqueueReadBuffer(q, l->status, CL_FALSE, 0, status_bytes, status, 0, NULL, NULL);
    for (size_t j = 0; !err && j < n_out; j++)
        if (out[j].host) {
            err = clEnqueueReadBuffer(q, l->staging, CL_FALSE, out[j].off, gecl_desc_bytes(&p->output_descs[j]),
                                      out_t[j].data, nw, nw ? wait : NULL, NULL);
            nw = 0;
        }
    if (!err) err = clEnqueueMarkerWithWaitList(q, nw, nw ? wait : NULL, marker);
    return err;
}

gecl_status gecl_run(gecl_graph_entry *e, gecl_variant *v, cl_command_queue q, size_t n_in, const gecl_tensor *in,
                     size_t n_out, gecl_tensor *out, int alloc_host, int stream_mode, void *status, cl_event *done)
{
    binding *bi = calloc(n_in + 1, sizeof *bi), *bo = calloc(n_out + 1, sizeof *bo);
    gecl_tensor *given = out ? gecl_outputs_save(n_out, out) : NULL; /* to undo a failed run */
    gecl_status rc = bi && bo && (given || !out) ? GECL_SUCCESS : gecl_ge_oom();
    if (!rc) rc = bind_inputs(e, v, n_in, in, stream_mode, bi);
    if (!rc) rc = bind_outputs(e, v, n_out, out, alloc_host, stream_mode, bo);
    if (!rc) {
        gecl_loaded *l = v->loaded;
        cl_event marker = NULL;
        pthread_mutex_lock(&l->lock);
        cl_int err = enqueue_all(v, q, n_in, in, bi, n_out, out, bo, status, &marker);
        if (!err) {
            if (l->last_done) clReleaseEvent(l->last_done);
            l->last_done = marker;
            l->last_queue = q;
            atomic_store(&e->options_fixed, 1); /* this run used the load options: LoadGraph may not change them */
            for (size_t k = 0; k < n_in; k++) l->frozen_bound[k] |= l->frozen[k] && !bi[k].host;
            if (done) clRetainEvent(*done = marker);
            clFlush(q);
        }
        pthread_mutex_unlock(&l->lock);
        if (err) {
            clFinish(q); /* what was enqueued may write the outputs about to be freed */
            rc = gecl_ge_fail(GECL_FAILED, "graph %u: enqueueing the run failed: %s", e->id, gecl_cl_error_name(err));
        }
    }
    if (rc && given) gecl_outputs_restore(n_out, out, given);
    free(given);
    free(bi);
    free(bo);
    return rc;
}
