/* executor.c: aclOpExecutor, the result of a first phase: a compiled operator (cache.h) and the
 * device addresses of its tensors. The second phase (aclnnXxx, defined here for every row of
 * aclnn_ops.h) resolves those addresses and the workspace to (cl_mem, offset), sets the kernel
 * arguments that change per call and enqueues the kernels on the stream: no compilation, no
 * device allocation, no wait. An executor is used once, as in CANN, unless
 * aclSetAclOpExecutorRepeatable marked it; then it lives until aclDestroyAclOpExecutor. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "aclnn/aclnn_base.h"
#include "cache.h"
#include "gecl/gecl_aclnn.h"
#include "memory.h"
#include "runtime.h"
#include "stream.h"

struct aclOpExecutor {
    aclnn_op op;
    aclnn_entry *entry;
    int repeatable;
    size_t n_in, n_out;
    size_t cap;                /* address slots allocated */
    void *addr[];              /* n_in + n_out device addresses (view offsets applied) */
};

/* Executors of up to POOL_SLOTS tensors are recycled through a small pool: a loop of calls then
 * allocates nothing, and does not contend for the allocator with the OpenCL driver's threads
 * (PoCL allocates and frees per command from its worker threads). */
#define POOL_SLOTS 8
#define POOL_MAX 64
static pthread_mutex_t g_pool_lock = PTHREAD_MUTEX_INITIALIZER;
static aclOpExecutor *g_pool[POOL_MAX];
static size_t g_pool_n;

static aclOpExecutor *executor_alloc(size_t slots)
{
    aclOpExecutor *ex = NULL;
    if (slots <= POOL_SLOTS) {
        pthread_mutex_lock(&g_pool_lock);
        if (g_pool_n) ex = g_pool[--g_pool_n];
        pthread_mutex_unlock(&g_pool_lock);
        slots = POOL_SLOTS;
    }
    if (!ex && (ex = malloc(sizeof *ex + slots * sizeof ex->addr[0]))) ex->cap = slots;
    return ex;
}

static void executor_dealloc(aclOpExecutor *ex)
{
    if (ex->cap == POOL_SLOTS) {
        pthread_mutex_lock(&g_pool_lock);
        int kept = g_pool_n < POOL_MAX;
        if (kept) g_pool[g_pool_n++] = ex;
        pthread_mutex_unlock(&g_pool_lock);
        if (kept) return;
    }
    free(ex);
}

static const char *const g_op_names[] = {
#define ACLNN_OP_NAME(name) #name,
    ACLNN_OP_LIST(ACLNN_OP_NAME)
#undef ACLNN_OP_NAME
};

const char *aclnn_op_name(aclnn_op op) { return op < ACLNN_OP_COUNT ? g_op_names[op] : "?"; }

void aclnn_request_init(aclnn_request *r, aclnn_op op, aclnn_build_fn build)
{
    memset(r, 0, sizeof *r);
    r->op = op;
    r->build = build;
}

aclnnStatus aclnn_request_in(aclnn_request *r, const aclTensor *t, const char *name)
{
    ACLNN_CHECK(r->n_in < ACLNN_MAX_INPUTS, "more than %d input tensors", ACLNN_MAX_INPUTS);
    r->in_names[r->n_in] = name;
    r->in[r->n_in++] = t;
    return ACLNN_SUCCESS;
}

aclnnStatus aclnn_request_out(aclnn_request *r, const aclTensor *t, const char *name)
{
    ACLNN_CHECK(r->n_out < ACLNN_MAX_OUTPUTS, "more than %d output tensors", ACLNN_MAX_OUTPUTS);
    r->out_names[r->n_out] = name;
    r->out[r->n_out++] = t;
    return ACLNN_SUCCESS;
}

void aclnn_param_scalar_set(aclnn_request *r, int k, const aclScalar *s)
{
    aclnn_scalar_param *p = &r->p.s[k];
    p->dtype = (int32_t)s->dtype;
    p->f = s->f;
    p->i = s->i;
    p->u = s->u;
}

aclScalar aclnn_param_scalar(const aclnn_request *r, int k)
{
    const aclnn_scalar_param *p = &r->p.s[k];
    aclScalar s = {(aclDataType)p->dtype, p->f, p->i, p->u};
    return s;
}

/* What every tensor of a call must be: of a dtype gecl computes, a contiguous view that its
 * storage holds, with data unless it is empty. (Each operator has checked that its tensors are
 * live before reading their descriptions.) Non-contiguous views are refused until the kernels
 * take strides. */
static aclnnStatus check_io(const aclTensor *t, const char *name)
{
    ACLNN_CHECK(aclnn_dtype_supported(t->dtype), "%s has dtype %d (%s), which gecl's aclnn does not compute", name,
                (int)t->dtype, aclnn_dtype_name(t->dtype));
    int64_t want = 1, extent = 0;
    for (uint64_t k = t->ndim; k-- > 0;) {
        if (t->dims[k] != 1 && t->strides[k] != want) {
            char a[160], b[160];
            return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "%s is not contiguous (shape %s, strides %s): gecl's aclnn takes "
                              "contiguous tensors only", name, aclnn_shape_str(t, a, sizeof a),
                              aclnn_dims_str(t->strides, t->ndim, b, sizeof b));
        }
        want *= t->dims[k];
        extent += t->dims[k] ? (t->dims[k] - 1) * t->strides[k] : 0;
    }
    const int64_t n = aclnn_numel(t);
    if (n == 0) return ACLNN_SUCCESS;
    int64_t storage = 1;
    for (uint64_t k = 0; k < t->storage_ndim; k++) storage *= t->storage_dims[k];
    ACLNN_CHECK(t->offset + extent < storage, "%s's view (offset %lld, %lld elements) runs past its storage of %lld "
                "elements", name, (long long)t->offset, (long long)n, (long long)storage);
    if (!t->data) return aclnn_fail(ACLNN_ERR_PARAM_NULLPTR, "%s has no data (its device address is NULL)", name);
    /* The kernels index whole elements from the address (kernels/prelude.cl's ADVANCE). */
    const size_t es = aclnn_dtype_size(t->dtype);
    ACLNN_CHECK((uintptr_t)t->data % es == 0, "%s's address %p is not aligned to its %zu-byte elements", name, t->data,
                es);
    return ACLNN_SUCCESS;
}

static void *view_address(const aclTensor *t)
{
    return t->data ? (char *)t->data + t->offset * (int64_t)aclnn_dtype_size(t->dtype) : NULL;
}

aclnnStatus aclnn_prepare(const aclnn_request *r, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    for (size_t i = 0; i < r->n_in; i++) ACLNN_TRY(check_io(r->in[i], r->in_names[i]));
    for (size_t j = 0; j < r->n_out; j++) ACLNN_TRY(check_io(r->out[j], r->out_names[j]));
    if (!atomic_load(&gecl_rt.initialized))
        return aclnn_fail(ACLNN_ERR_RUNTIME_ERROR, "the runtime is not initialised: call aclInit and aclrtSetDevice "
                          "first");
    gecl_device *dev;
    if (gecl_context_current_device(&dev) != ACL_SUCCESS)
        return aclnn_fail(ACLNN_ERR_RUNTIME_ERROR, "no current device: call aclrtSetDevice (or aclrtSetCurrentContext) "
                          "first; the operator is compiled for the current device");
    aclOpExecutor *ex = executor_alloc(r->n_in + r->n_out);
    if (!ex) return aclnn_oom();
    aclnn_entry *e;
    aclnnStatus rc = aclnn_cache_get(r, dev, &e);
    if (rc) {
        executor_dealloc(ex);
        return rc;
    }
    ex->op = r->op;
    ex->entry = e;
    ex->repeatable = 0;
    ex->n_in = r->n_in;
    ex->n_out = r->n_out;
    for (size_t i = 0; i < r->n_in; i++) ex->addr[i] = view_address(r->in[i]);
    for (size_t j = 0; j < r->n_out; j++) ex->addr[r->n_in + j] = view_address(r->out[j]);
    if (aclnn_obj_add(ex, ACLNN_KIND_EXECUTOR) != 0) {
        aclnn_entry_release(e);
        executor_dealloc(ex);
        return aclnn_oom();
    }
    *workspaceSize = e->workspace;
    *executor = ex;
    return ACLNN_SUCCESS;
}

/* An executor no longer registered. */
static void executor_drop(aclOpExecutor *ex)
{
    aclnn_entry_release(ex->entry);
    executor_dealloc(ex);
}

static void executor_free(aclOpExecutor *ex)
{
    aclnn_obj_remove(ex, ACLNN_KIND_EXECUTOR);
    executor_drop(ex);
}

/* ---- the second phase ---- */

typedef struct resolved {
    cl_mem mem;
    size_t off;
} resolved;

/* Device memory from aclrtMalloc on the operator's device holding `bytes` from p. */
static aclnnStatus resolve(const aclnn_entry *e, void *p, size_t bytes, const char *what, size_t k, resolved *out)
{
    gecl_block blk;
    if (gecl_mem_resolve(p, bytes ? bytes : 1, "address", &blk, &out->off) != ACL_SUCCESS)
        return aclnn_wrap_acl(ACL_ERROR_INVALID_PARAM, "%s %zu", what, k);
    ACLNN_CHECK(blk.device == e->dev, "%s %zu: memory on device %d, the operator was prepared for device %d", what, k,
                blk.device->id, e->dev->id);
    out->mem = blk.mem;
    return ACLNN_SUCCESS;
}

static resolved at(const aclnn_loc *l, const resolved *io, size_t n_in, resolved ws, const gecl_loaded *ld)
{
    switch (l->kind) {
    case ACLNN_LOC_INPUT: return io[l->index];
    case ACLNN_LOC_OUTPUT: return io[n_in + l->index];
    case ACLNN_LOC_WORKSPACE: return (resolved){ws.mem, ws.off + l->offset};
    default: return (resolved){ld->consts, l->offset};
    }
}

/* Entry lock held. */
static cl_int enqueue(const aclnn_entry *e, cl_command_queue q, const resolved *io, resolved ws)
{
    const gecl_plan *p = e->plan;
    const gecl_loaded *ld = e->loaded;
    for (size_t s = 0; s < p->n_launches; s++) {
        const gecl_launch *la = &p->launches[s];
        cl_int err;
        if (!la->kernel) {
            if (!la->copy_bytes) continue;
            resolved src = at(&e->copy_src[s], io, e->n_in, ws, ld), dst = at(&e->copy_dst[s], io, e->n_in, ws, ld);
            err = clEnqueueCopyBuffer(q, src.mem, dst.mem, src.off, dst.off, la->copy_bytes, 0, NULL, NULL);
            if (err) return err;
            continue;
        }
        cl_kernel k = ld->kernels[s];
        for (size_t b = e->first_bind[s]; b < e->first_bind[s + 1]; b++) {
            const aclnn_bind *bd = &e->binds[b];
            resolved r = at(&bd->loc, io, e->n_in, ws, ld);
            cl_ulong off = r.off;
            err = clSetKernelArg(k, (cl_uint)(2 * bd->arg), sizeof r.mem, &r.mem);
            if (!err) err = clSetKernelArg(k, (cl_uint)(2 * bd->arg + 1), sizeof off, &off);
            if (err) return err;
        }
        err = clEnqueueNDRangeKernel(q, k, la->work_dim, NULL, la->global, la->local[0] ? la->local : NULL, 0, NULL,
                                     NULL);
        if (err) return err;
    }
    return CL_SUCCESS;
}

static aclnnStatus run(aclOpExecutor *ex, void *workspace, uint64_t workspaceSize, aclrtStream stream)
{
    const aclnn_entry *e = ex->entry;
    if (e->generation != atomic_load(&gecl_rt_generation))
        return aclnn_fail(ACLNN_ERR_RUNTIME_ERROR, "the runtime was finalised after the executor was made; call "
                          "aclnn%sGetWorkspaceSize again", aclnn_op_name(ex->op));
    if (workspaceSize < e->workspace)
        return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "workspaceSize is %llu bytes; aclnn%sGetWorkspaceSize asked for %zu",
                          (unsigned long long)workspaceSize, aclnn_op_name(ex->op), e->workspace);
    if (e->workspace && !workspace)
        return aclnn_fail(ACLNN_ERR_PARAM_NULLPTR, "workspace is NULL; the operator needs %zu bytes of it",
                          e->workspace);
    GECL_STREAM_REF(st);
    if (gecl_stream_resolve(stream, &st) != ACL_SUCCESS) return aclnn_wrap_acl(ACL_ERROR_INVALID_PARAM, "stream");
    ACLNN_CHECK(st->device == e->dev, "the stream is on device %d, the operator was prepared for device %d",
                st->device->id, e->dev->id);
    if (!e->plan) return ACLNN_SUCCESS; /* an empty result */
    resolved ws = {NULL, 0}, io[ACLNN_MAX_INPUTS + ACLNN_MAX_OUTPUTS];
    if (e->workspace) {
        ACLNN_CHECK((uintptr_t)workspace % 32 == 0, "workspace %p is not 32-byte aligned", workspace);
        ACLNN_TRY(resolve(e, workspace, e->workspace, "workspace", 0, &ws));
    }
    for (size_t k = 0; k < ex->n_in + ex->n_out; k++) {
        const int is_in = k < ex->n_in;
        const size_t index = is_in ? k : k - ex->n_in;
        void *p = ex->addr[k];
        if (!e->bytes[k]) { /* an empty tensor: never read or written; any buffer does */
            io[k] = (resolved){e->loaded->consts, 0};
            continue;
        }
        ACLNN_CHECK(p, "%s tensor %zu has no device address", is_in ? "input" : "output", index);
        ACLNN_TRY(resolve(e, p, e->bytes[k], is_in ? "input tensor" : "output tensor", index, &io[k]));
    }
    aclnn_entry *me = ex->entry;
    pthread_mutex_lock(&me->lock);
    cl_int err = enqueue(e, st->queue, io, ws);
    pthread_mutex_unlock(&me->lock);
    if (err) {
        clFinish(st->queue);
        return aclnn_fail(ACLNN_ERR_RUNTIME_ERROR, "enqueueing the %s kernels failed: %s", aclnn_op_name(ex->op),
                          gecl_cl_error_name(err));
    }
    return ACLNN_SUCCESS;
}

/* The second phase of every operator. A one-use executor is consumed by the call, whether it
 * succeeds or not (CANN frees it inside the call; keeping a failed one would leak it, since
 * CANN programs never destroy one-use executors). */
static int one_use(const void *obj) { return !((const aclOpExecutor *)obj)->repeatable; }

static aclnnStatus execute(aclnn_op op, void *workspace, uint64_t workspaceSize, aclOpExecutor *executor,
                           aclrtStream stream)
{
    ACLNN_CHECK_NULL(executor, "executor");
    /* One lookup that also unregisters a one-use executor: it is consumed by this call. */
    ACLNN_CHECK(aclnn_obj_live_then(executor, ACLNN_KIND_EXECUTOR, one_use), "executor %p is not a live "
                "aclOpExecutor (already run, destroyed, or not made by a GetWorkspaceSize call)", (void *)executor);
    aclnnStatus rc = executor->op == op
                         ? run(executor, workspace, workspaceSize, stream)
                         : aclnn_fail(ACLNN_ERR_PARAM_INVALID, "the executor was made by aclnn%sGetWorkspaceSize, not by "
                                      "aclnn%sGetWorkspaceSize", aclnn_op_name(executor->op), aclnn_op_name(op));
    if (!executor->repeatable) executor_drop(executor); /* unregistered above */
    return rc;
}

#define ACLNN_DEFINE_PHASE2(name)                                                                \
    aclnnStatus aclnn##name(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor, aclrtStream stream) \
    {                                                                                            \
        GECL_ENTER();                                                                            \
        return execute(ACLNN_OP_##name, workspace, workspaceSize, executor, stream);             \
    }
/* Declared here, not through the public headers (which declare them one operator per file). */
#define ACLNN_DECLARE_PHASE2(name)                                                               \
    ACL_FUNC_VISIBILITY aclnnStatus aclnn##name(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor, \
                                                aclrtStream stream);
ACLNN_OP_LIST(ACLNN_DECLARE_PHASE2)
ACLNN_OP_LIST(ACLNN_DEFINE_PHASE2)

/* ---- executor calls of acl_meta.h ---- */

static aclnnStatus check_executor(const aclOpExecutor *executor)
{
    ACLNN_CHECK_NULL(executor, "executor");
    ACLNN_CHECK(aclnn_obj_live(executor, ACLNN_KIND_EXECUTOR), "executor %p is not a live aclOpExecutor",
                (const void *)executor);
    return ACLNN_SUCCESS;
}

aclnnStatus aclSetAclOpExecutorRepeatable(aclOpExecutor *executor)
{
    GECL_ENTER();
    ACLNN_TRY(check_executor(executor));
    executor->repeatable = 1;
    return ACLNN_SUCCESS;
}

aclnnStatus aclDestroyAclOpExecutor(aclOpExecutor *executor)
{
    GECL_ENTER();
    ACLNN_TRY(check_executor(executor));
    executor_free(executor);
    return ACLNN_SUCCESS;
}

/* Points slot `k` (inputs first, then outputs) of a repeatable executor at addr; the tensor, if
 * given, gets the address too (its raw storage address: the view offset is added to it). */
static aclnnStatus set_addr(aclOpExecutor *ex, size_t k, size_t count, const char *what, size_t index,
                            aclTensor *tensor, void *addr)
{
    ACLNN_TRY(check_executor(ex));
    ACLNN_CHECK(k < count, "%s index %zu is out of range: the executor has %zu", what, index, count - (k - index));
    if (tensor) {
        ACLNN_TRY(aclnn_check_tensor(tensor, "tensor"));
        tensor->data = addr;
    }
    int64_t offset = tensor ? tensor->offset * (int64_t)aclnn_dtype_size(tensor->dtype) : 0;
    ex->addr[k] = addr ? (char *)addr + offset : NULL;
    return ACLNN_SUCCESS;
}

aclnnStatus aclSetInputTensorAddr(aclOpExecutor *executor, const size_t index, aclTensor *tensor, void *addr)
{
    GECL_ENTER();
    ACLNN_TRY(check_executor(executor));
    return set_addr(executor, index, executor->n_in, "input", index, tensor, addr);
}

aclnnStatus aclSetOutputTensorAddr(aclOpExecutor *executor, const size_t index, aclTensor *tensor, void *addr)
{
    GECL_ENTER();
    ACLNN_TRY(check_executor(executor));
    return set_addr(executor, executor->n_in + index, executor->n_in + executor->n_out, "output", index, tensor,
                    addr);
}

aclnnStatus aclSetTensorAddr(aclOpExecutor *executor, const size_t index, aclTensor *tensor, void *addr)
{
    GECL_ENTER();
    ACLNN_TRY(check_executor(executor));
    return set_addr(executor, index, executor->n_in + executor->n_out, "tensor", index, tensor, addr);
}

/* A tensor list's elements are inputs of their own, numbered in call order: irIndex names the
 * list among the operator's tensor arguments (only Cat takes one: 0), relativeIndex the element. */
static aclnnStatus set_dynamic(aclOpExecutor *ex, size_t irIndex, size_t rel, aclTensorList *tensors, void *addr,
                               int output)
{
    ACLNN_TRY(check_executor(ex));
    ACLNN_CHECK(!output, "no gecl operator has a list of output tensors");
    ACLNN_CHECK(irIndex == 0, "irIndex %zu: the operator's tensor list is its argument 0", irIndex);
    if (tensors) {
        ACLNN_TRY(aclnn_check_tensor_list(tensors, "tensors"));
        ACLNN_CHECK(rel < tensors->size, "relativeIndex %zu is out of range: the list has %llu tensors", rel,
                    (unsigned long long)tensors->size);
    }
    return set_addr(ex, rel, ex->n_in, "relativeIndex", rel, tensors ? tensors->items[rel] : NULL, addr);
}

aclnnStatus aclSetDynamicInputTensorAddr(aclOpExecutor *executor, size_t irIndex, const size_t relativeIndex,
                                         aclTensorList *tensors, void *addr)
{
    GECL_ENTER();
    return set_dynamic(executor, irIndex, relativeIndex, tensors, addr, 0);
}

aclnnStatus aclSetDynamicOutputTensorAddr(aclOpExecutor *executor, size_t irIndex, const size_t relativeIndex,
                                          aclTensorList *tensors, void *addr)
{
    GECL_ENTER();
    return set_dynamic(executor, irIndex, relativeIndex, tensors, addr, 1);
}

aclnnStatus aclSetDynamicTensorAddr(aclOpExecutor *executor, size_t irIndex, const size_t relativeIndex,
                                    aclTensorList *tensors, void *addr)
{
    GECL_ENTER();
    return set_dynamic(executor, irIndex, relativeIndex, tensors, addr, 0);
}

/* The capitalised spellings CANN also exports. */
aclnnStatus AclSetInputTensorAddr(aclOpExecutor *executor, const size_t index, aclTensor *tensor, void *addr)
{
    return aclSetInputTensorAddr(executor, index, tensor, addr);
}
aclnnStatus AclSetOutputTensorAddr(aclOpExecutor *executor, const size_t index, aclTensor *tensor, void *addr)
{
    return aclSetOutputTensorAddr(executor, index, tensor, addr);
}
aclnnStatus AclSetTensorAddr(aclOpExecutor *executor, const size_t index, aclTensor *tensor, void *addr)
{
    return aclSetTensorAddr(executor, index, tensor, addr);
}
aclnnStatus AclSetDynamicInputTensorAddr(aclOpExecutor *executor, size_t irIndex, const size_t relativeIndex,
                                         aclTensorList *tensors, void *addr)
{
    return aclSetDynamicInputTensorAddr(executor, irIndex, relativeIndex, tensors, addr);
}
aclnnStatus AclSetDynamicOutputTensorAddr(aclOpExecutor *executor, size_t irIndex, const size_t relativeIndex,
                                          aclTensorList *tensors, void *addr)
{
    return aclSetDynamicOutputTensorAddr(executor, irIndex, relativeIndex, tensors, addr);
}
aclnnStatus AclSetDynamicTensorAddr(aclOpExecutor *executor, size_t irIndex, const size_t relativeIndex,
                                    aclTensorList *tensors, void *addr)
{
    return aclSetDynamicTensorAddr(executor, irIndex, relativeIndex, tensors, addr);
}

/* ---- library set-up (aclnn_base.h) ---- */

aclnnStatus aclnnInit(const char *configPath)
{
    GECL_ENTER();
    (void)configPath; /* CANN's file tunes Ascend kernels; gecl has nothing to read from it */
    return ACLNN_SUCCESS;
}

aclnnStatus aclnnFinalize(void)
{
    GECL_ENTER();
    aclnn_cache_clear();
    return ACLNN_SUCCESS;
}

aclnnStatus aclDumpOpTensors(const char *opType, const char *opName, const aclTensor *tensors, size_t inputTensorNum,
                             size_t outputTensorNum, aclrtStream stream)
{
    GECL_ENTER();
    (void)opName, (void)tensors, (void)inputTensorNum, (void)outputTensorNum, (void)stream;
    ACLNN_CHECK_NULL(opType, "opType");
    return aclnn_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "tensor dumps for accuracy comparison are an Ascend tool; gecl "
                      "has none");
}

/* ---- introspection (gecl/gecl_aclnn.h) ---- */

aclnnStatus gecl_aclnn_executor_launches(const aclOpExecutor *executor, size_t *count)
{
    GECL_ENTER();
    ACLNN_TRY(check_executor(executor));
    ACLNN_CHECK_NULL(count, "count");
    *count = executor->entry->plan ? executor->entry->plan->n_launches : 0;
    return ACLNN_SUCCESS;
}

aclnnStatus gecl_aclnn_executor_launch(const aclOpExecutor *executor, size_t index, gecl_aclnn_launch *launch)
{
    GECL_ENTER();
    ACLNN_TRY(check_executor(executor));
    ACLNN_CHECK_NULL(launch, "launch");
    const aclnn_entry *e = executor->entry;
    const size_t n = e->plan ? e->plan->n_launches : 0;
    ACLNN_CHECK(index < n, "launch %zu is out of range: the executor has %zu", index, n);
    const gecl_launch *la = &e->plan->launches[index];
    memset(launch, 0, sizeof *launch);
    launch->kernel = e->loaded->kernels[index];
    launch->work_dim = la->work_dim;
    memcpy(launch->global, la->global, sizeof la->global);
    memcpy(launch->local, la->local, sizeof la->local);
    launch->copy_bytes = la->kernel ? 0 : la->copy_bytes;
    static const gecl_aclnn_arg_kind kinds[] = {GECL_ACLNN_ARG_INPUT, GECL_ACLNN_ARG_OUTPUT, GECL_ACLNN_ARG_WORKSPACE};
    if (!la->kernel) { /* a copy: its two ends (the constants' end is not a tensor argument) */
        const aclnn_loc *ends[2] = {&e->copy_src[index], &e->copy_dst[index]};
        for (cl_uint a = 0; a < 2; a++)
            if (ends[a]->kind != ACLNN_LOC_CONST)
                launch->tensor_args[launch->n_tensor_args++] = (gecl_aclnn_tensor_arg){
                    a, kinds[ends[a]->kind], ends[a]->index, ends[a]->offset};
        return ACLNN_SUCCESS;
    }
    for (size_t b = e->first_bind[index]; b < e->first_bind[index + 1] && launch->n_tensor_args < GECL_ACLNN_MAX_TENSOR_ARGS;
         b++) {
        const aclnn_bind *bd = &e->binds[b];
        launch->tensor_args[launch->n_tensor_args++] = (gecl_aclnn_tensor_arg){
            (cl_uint)bd->arg, kinds[bd->loc.kind], bd->loc.index, bd->loc.offset};
    }
    return ACLNN_SUCCESS;
}
