/* load.c: making a plan resident on a device: programs built through the program cache (memory
 * and disk), constants uploaded, one arena and one staging buffer, fixed kernel arguments set.
 * Everything a run needs exists after this; runs only bind inputs/outputs and enqueue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "hugepage.h"
#include "kernel_sources.h"
#include "memory.h"
#include "progcache.h"
#include "runtime.h"

static gecl_status build_kernel(gecl_device *dev, const gecl_launch *l, cl_kernel *out)
{
    const gecl_kernel_source *pre = gecl_kernel_source_find("prelude");
    const gecl_kernel_source *file = l->file ? gecl_kernel_source_find(l->file) : NULL;
    if (!pre || (l->file && !file))
        return gecl_ge_fail(GECL_FAILED, "internal: kernel source '%s' is not embedded", l->file ? l->file : "prelude");
    const char *body = l->body ? l->body : file ? file->source : "";
    const char *head = l->prelude ? l->prelude : "";
    size_t len = strlen(head) + pre->length + strlen(body) + 4;
    char *src = malloc(len);
    if (!src) return gecl_ge_oom();
    snprintf(src, len, "%s\n%s\n%s\n", head, pre->source, body);
    cl_program prog;
    aclError arc = gecl_progcache_get(dev, src, strlen(src), l->options, &prog);
    free(src);
    if (arc) return gecl_ge_wrap(GECL_FAILED, "building kernel %s", l->kernel);
    cl_int err;
    *out = clCreateKernel(prog, l->kernel, &err);
    if (err != CL_SUCCESS)
        return gecl_ge_fail(GECL_FAILED, "clCreateKernel(%s): %s", l->kernel, gecl_cl_error_name(err));
    return GECL_SUCCESS;
}

/* One of a loaded graph's device buffers (`what` names it in messages), taken from the device's
 * memory budget like aclrtMalloc's (aclrtGetMemInfo counts loaded graphs; GECL_DEVICE_MEMORY bounds
 * both). Sizes above the device's largest allocation are refused here, with the figures, rather
 * than as a bare driver code. *own: the bytes to return when the region is released. */
static gecl_status new_region(gecl_device *dev, const char *what, size_t bytes, cl_mem *out, size_t *own)
{
    const uint64_t max = dev->desc.max_alloc;
    if (max && bytes > max)
        return gecl_ge_fail(GECL_FAILED, "the graph's %s needs %zu bytes; device %d (%s) allocates at most %llu in one "
                            "buffer", what, bytes, dev->id, dev->desc.name, (unsigned long long)max);
    if (gecl_device_buffer(dev, bytes, out) != ACL_SUCCESS)
        return gecl_ge_wrap(GECL_FAILED, "cannot allocate the graph's %zu-byte %s on device %d", bytes, what, dev->id);
    *own = bytes;
    return GECL_SUCCESS;
}

/* Releases a region: gecl's own goes back to the device's budget; the caller's is only unreferenced. */
static void release_region(gecl_device *dev, cl_mem *mem, size_t *own)
{
    if (!*mem) return;
    if (*own) gecl_device_buffer_free(dev, *mem, *own);
    else clReleaseMemObject(*mem);
    *mem = NULL;
    *own = 0;
}

/* The caller's device memory `ext` as a (buffer, offset) pair holding `bytes`; the buffer is
 * retained and replaces *mem (released as release_region does). */
static gecl_status use_region(gecl_loaded *l, const void *ext, const char *what, size_t bytes, cl_mem *mem,
                              size_t *own, size_t *base)
{
    gecl_block blk;
    size_t off = 0;
    if (gecl_mem_resolve(ext, bytes ? bytes : 1, what, &blk, &off) != ACL_SUCCESS)
        return gecl_ge_fail(GECL_PARAM_INVALID, "the %s memory %p is not %zu bytes of live device memory from "
                            "aclrtMalloc", what, ext, bytes);
    if (blk.device != l->dev)
        return gecl_ge_fail(GECL_PARAM_INVALID, "the %s memory %p is on device %d, the graph runs on device %d", what,
                            ext, blk.device->id, l->dev->id);
    clRetainMemObject(blk.mem);
    release_region(l->dev, mem, own);
    *mem = blk.mem;
    *base = off;
    return GECL_SUCCESS;
}

/* Copies every live constant to its place through one mapping of the region. Building a host
 * image first and creating the buffer from it copied a model's weights twice (45 MB each for
 * ResNet-18, much of a warm load). Gaps between constants are zeroed, as the image's were;
 * packed constants are left to their init launches, which write them whole. */
static gecl_status write_consts(const gecl_plan *p, gecl_loaded *l)
{
    if (!p->const_bytes) return GECL_SUCCESS;
    cl_command_queue q;
    if (gecl_device_internal_queue(l->dev, &q)) return gecl_ge_wrap(GECL_FAILED, "uploading the constants");
    cl_int err;
    char *dst = clEnqueueMapBuffer(q, l->consts, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, l->consts_base,
                                   p->const_bytes, 0, NULL, NULL, &err);
    if (err != CL_SUCCESS)
        return gecl_ge_fail(GECL_FAILED, "mapping the graph's %zu bytes of constants: %s", p->const_bytes,
                            gecl_cl_error_name(err));
    gecl_advise_huge(dst, p->const_bytes); /* CPU devices map the buffer itself: first writes fault */
    gecl_status rc = GECL_SUCCESS;
    for (size_t i = 0; i < p->n_values; i++) { /* the padding after each constant */
        const gecl_value *v = &p->values[i];
        if (v->store == GECL_STORE_CONST && v->first >= 0)
            memset(dst + v->offset + v->bytes, 0, gecl_align_up(v->bytes) - v->bytes);
    }
    for (size_t i = 0; !rc && i < p->g->n_nodes; i++) {
        const gecl_node *n = &p->g->nodes[i];
        const gecl_value *v = &p->values[p->value_base[i]]; /* a Const has one output */
        if (v->store != GECL_STORE_CONST || v->first < 0 || !v->bytes) continue;
        /* Validation refuses a Const without its value; never copy from NULL or past the end. */
        if (!n->data || n->bytes < v->bytes)
            rc = gecl_ge_fail(GECL_FAILED, "internal: constant '%s' holds %zu of its %zu bytes", n->name,
                              n->data ? n->bytes : 0, v->bytes);
        else
            memcpy(dst + v->offset, n->data, v->bytes);
    }
    err = clEnqueueUnmapMemObject(q, l->consts, dst, 0, NULL, NULL);
    if (err == CL_SUCCESS) err = clFinish(q);
    if (!rc && err != CL_SUCCESS)
        rc = gecl_ge_fail(GECL_FAILED, "uploading the graph's constants: %s", gecl_cl_error_name(err));
    return rc;
}

static gecl_status upload_consts(const gecl_plan *p, gecl_loaded *l, const void *ext)
{
    gecl_status rc;
    if (ext) {
        rc = use_region(l, ext, "constants", p->const_bytes, &l->consts, &l->consts_own, &l->consts_base);
    } else {
        rc = new_region(l->dev, "constants", p->const_bytes, &l->consts, &l->consts_own);
        l->consts_base = 0;
    }
    return rc ? rc : write_consts(p, l);
}

/* Sizes and strides: `long` arguments after the tensors (launch.h). */
static gecl_status set_scalar_args(const gecl_launch *la, cl_kernel k)
{
    for (size_t i = 0; i < la->n_scalars; i++) {
        cl_long v = la->scalars[i];
        cl_int err = clSetKernelArg(k, (cl_uint)(2 * la->n_args + i), sizeof v, &v);
        if (err) return gecl_ge_fail(GECL_FAILED, "kernel %s size argument %zu: %s", la->kernel, i, gecl_cl_error_name(err));
    }
    return GECL_SUCCESS;
}

/* A status slot (launch.h): the buffer and the slot's offset, after the sizes. */
static gecl_status set_status_args(const gecl_launch *la, cl_kernel k, cl_mem status)
{
    if (!la->status_slot) return GECL_SUCCESS;
    const cl_uint at = (cl_uint)(2 * la->n_args + la->n_scalars);
    cl_ulong off = (cl_ulong)(la->status_slot - 1) * GECL_STATUS_SLOT;
    cl_int err = clSetKernelArg(k, at, sizeof status, &status);
    if (!err) err = clSetKernelArg(k, at + 1, sizeof off, &off);
    return err ? gecl_ge_fail(GECL_FAILED, "kernel %s status argument: %s", la->kernel, gecl_cl_error_name(err))
               : GECL_SUCCESS;
}

/* Sets the arguments of launches[0..n) that never change: constants, arena tensors, scratch,
 * sizes, status slots. */
static gecl_status set_fixed_args(const gecl_plan *p, gecl_loaded *l, const gecl_launch *launches, size_t n,
                                  cl_kernel *kernels)
{
    for (size_t s = 0; s < n; s++) {
        const gecl_launch *la = &launches[s];
        if (!kernels[s]) continue;
        gecl_status rc = set_scalar_args(la, kernels[s]);
        if (!rc) rc = set_status_args(la, kernels[s], l->status);
        if (rc) return rc;
        for (size_t a = 0; a < la->n_args; a++) {
            const gecl_value *v = &p->values[gecl_plan_root(p, gecl_plan_value(p, la->args[a].port))];
            cl_mem m = v->store == GECL_STORE_CONST ? l->consts : v->store == GECL_STORE_ARENA ? l->arena : NULL;
            if (!m) continue;
            cl_ulong off = v->offset + (v->store == GECL_STORE_CONST ? l->consts_base : l->arena_base);
            cl_int err = clSetKernelArg(kernels[s], (cl_uint)(2 * a), sizeof m, &m);
            if (!err) err = clSetKernelArg(kernels[s], (cl_uint)(2 * a + 1), sizeof off, &off);
            if (err) return gecl_ge_fail(GECL_FAILED, "kernel %s argument %zu: %s", la->kernel, a, gecl_cl_error_name(err));
        }
    }
    return GECL_SUCCESS;
}

/* Computes the packed constants (plan init_launches) from the constants just placed, and waits:
 * a run may start right after. */
static gecl_status run_inits(const gecl_plan *p, gecl_loaded *l)
{
    if (!p->n_init_launches) return GECL_SUCCESS;
    gecl_status rc = set_fixed_args(p, l, p->init_launches, p->n_init_launches, l->init_kernels);
    if (rc) return rc;
    cl_command_queue q;
    if (gecl_device_internal_queue(l->dev, &q)) return gecl_ge_wrap(GECL_FAILED, "packing the constants");
    cl_int err = CL_SUCCESS;
    for (size_t s = 0; !err && s < p->n_init_launches; s++) {
        const gecl_launch *la = &p->init_launches[s];
        err = clEnqueueNDRangeKernel(q, l->init_kernels[s], la->work_dim, NULL, la->global,
                                     la->local[0] ? la->local : NULL, 0, NULL, NULL);
        if (err) {
            clFinish(q);
            return gecl_ge_fail(GECL_FAILED, "packing the constants: kernel %s: %s", la->kernel, gecl_cl_error_name(err));
        }
    }
    err = clFinish(q);
    return err ? gecl_ge_fail(GECL_FAILED, "packing the constants: %s", gecl_cl_error_name(err)) : GECL_SUCCESS;
}

/* Everything that depends on where the regions are: fixed arguments, then, when the constants
 * moved, the packed constants. */
static gecl_status bind_regions(const gecl_plan *p, gecl_loaded *l, int consts)
{
    gecl_status rc = set_fixed_args(p, l, p->launches, p->n_launches, l->kernels);
    return rc || !consts ? rc : run_inits(p, l);
}

gecl_status gecl_loaded_place(const gecl_plan *p, gecl_loaded *l, int consts, const void *mem)
{
    gecl_status rc = consts ? upload_consts(p, l, mem)
                            : use_region(l, mem, "feature", p->arena_bytes, &l->arena, &l->arena_own, &l->arena_base);
    return rc ? rc : bind_regions(p, l, consts);
}

gecl_status gecl_load(const gecl_plan *p, gecl_device *dev, const gecl_graph_entry *e, gecl_loaded **out)
{
    if (gecl_device_context(dev, NULL)) return gecl_ge_wrap(GECL_FAILED, "device %d", dev->id);
    gecl_loaded *l = calloc(1, sizeof *l);
    if (!l) return gecl_ge_oom();
    l->dev = dev;
    pthread_mutex_init(&l->lock, NULL);
    l->kernels = calloc(p->n_launches + 1, sizeof *l->kernels);
    l->n_kernels = p->n_launches;
    l->init_kernels = calloc(p->n_init_launches + 1, sizeof *l->init_kernels);
    l->n_init_kernels = p->n_init_launches;
    l->frozen = calloc(p->n_inputs + 1, 1);
    l->host_input = calloc(p->n_inputs + 1, 1);
    l->frozen_bound = calloc(p->n_inputs + 1, 1);
    gecl_status rc = GECL_SUCCESS;
    if (!l->kernels || !l->init_kernels || !l->frozen || !l->host_input || !l->frozen_bound) rc = gecl_ge_oom();
    for (size_t s = 0; !rc && s < p->n_init_launches; s++)
        rc = build_kernel(dev, &p->init_launches[s], &l->init_kernels[s]);
    for (size_t s = 0; !rc && s < p->n_launches; s++)
        if (p->launches[s].kernel) rc = build_kernel(dev, &p->launches[s], &l->kernels[s]);
    const void *ext_feature = e ? e->ext_feature : NULL, *ext_consts = e ? e->ext_consts : NULL;
    if (!rc && ext_feature)
        rc = use_region(l, ext_feature, "feature", p->arena_bytes, &l->arena, &l->arena_own, &l->arena_base);
    else if (!rc)
        rc = new_region(dev, "arena (intermediate tensors)", p->arena_bytes, &l->arena, &l->arena_own);
    if (!rc)
        rc = new_region(dev, "staging buffer (host inputs and outputs)", p->staging_bytes, &l->staging, &l->staging_own);
    if (!rc && p->n_status_slots)
        rc = new_region(dev, "status slots", (size_t)p->n_status_slots * GECL_STATUS_SLOT, &l->status, &l->status_own);
    if (!rc) rc = upload_consts(p, l, ext_consts);
    if (!rc) rc = bind_regions(p, l, 1);
    if (!rc && gecl_rt.cfg.profile && !(l->profile = gecl_profile_new(p))) rc = gecl_ge_oom();
    if (rc) {
        gecl_unload(l);
        return rc;
    }
    *out = l;
    return GECL_SUCCESS;
}

void gecl_unload(gecl_loaded *l)
{
    if (!l) return;
    if (l->last_done) {
        clWaitForEvents(1, &l->last_done);
        clReleaseEvent(l->last_done);
    }
    gecl_profile_finish(l->profile);
    for (size_t s = 0; l->kernels && s < l->n_kernels; s++)
        if (l->kernels[s]) clReleaseKernel(l->kernels[s]);
    for (size_t s = 0; l->init_kernels && s < l->n_init_kernels; s++)
        if (l->init_kernels[s]) clReleaseKernel(l->init_kernels[s]);
    free(l->init_kernels);
    release_region(l->dev, &l->arena, &l->arena_own);
    release_region(l->dev, &l->consts, &l->consts_own);
    release_region(l->dev, &l->staging, &l->staging_own);
    release_region(l->dev, &l->status, &l->status_own);
    free(l->kernels);
    free(l->frozen);
    free(l->host_input);
    free(l->frozen_bound);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

void gecl_unload_counted(gecl_loaded *l)
{
    if (!l) return;
    gecl_unload(l);
    atomic_fetch_sub(&gecl_live_loaded, 1);
}
