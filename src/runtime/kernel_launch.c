/* kernel_launch.c: aclrtLaunchKernel and its variants on an OpenCL queue.
 *
 * numBlocks: CANN runs the kernel once on each of numBlocks cores, and a kernel tells its core
 * by its block index. On OpenCL the kernel runs as numBlocks work-items, one per block, so the
 * block index is get_global_id(0), with work-groups of the driver's choosing; a kernel that
 * declares __attribute__((reqd_work_group_size(X, 1, 1))) runs as numBlocks work-groups of X
 * work-items instead, the block index being get_global_id(0) / X (get_group_id(0) too, when
 * there is no block offset). The launch config's ACL_RT_LAUNCH_KERNEL_ATTR_BLOCKDIM_OFFSET starts
 * the block indexes at that offset (a global work offset, which get_global_id counts and
 * get_group_id does not); its other attributes describe Ascend scheduling and have no effect.
 *
 * SIMT launches (aclrtLaunchSIMTKernel*) are OpenCL's own model: gridDim work-groups of blockDim
 * work-items in three dimensions, get_group_id / get_local_id being CANN's block and thread
 * indexes; a block offset moves the groups along x.
 *
 * Arguments: each parameter's value comes from the blob laid out as kernel_params.c says. A
 * device address becomes its allocation's cl_mem; an address inside an allocation becomes a
 * sub-buffer starting there, which OpenCL allows only at multiples of the device's
 * CL_DEVICE_MEM_BASE_ADDR_ALIGN (other offsets are refused, naming the alignment). A
 * placeholder's data is copied into a new buffer at the launch. Buffers made for one launch are
 * released once enqueued; OpenCL keeps them until the kernel is done. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kernel.h"
#include "memory.h"
#include "runtime.h"
#include "stream.h"

/* Buffers made for one launch. */
typedef struct temp_mems {
    cl_mem *m;
    size_t n;
} temp_mems;

static void release_temps(temp_mems *t)
{
    for (size_t i = 0; i < t->n; i++) clReleaseMemObject(t->m[i]);
    free(t->m);
}

static aclError check_cfg(const aclrtLaunchKernelCfg *cfg, size_t *block_offset)
{
    *block_offset = 0;
    if (!cfg) return ACL_SUCCESS;
    GECL_CHECK_ARG(!cfg->numAttrs || cfg->attrs, "cfg->attrs must not be NULL when cfg->numAttrs is %zu", cfg->numAttrs);
    for (size_t i = 0; i < cfg->numAttrs; i++) {
        switch (cfg->attrs[i].id) {
        case ACL_RT_LAUNCH_KERNEL_ATTR_BLOCKDIM_OFFSET:
            *block_offset = cfg->attrs[i].value.blockDimOffset;
            break;
        case ACL_RT_LAUNCH_KERNEL_ATTR_SCHEM_MODE: case ACL_RT_LAUNCH_KERNEL_ATTR_DYN_UBUF_SIZE:
        case ACL_RT_LAUNCH_KERNEL_ATTR_ENGINE_TYPE: case ACL_RT_LAUNCH_KERNEL_ATTR_BLOCK_TASK_PREFETCH:
        case ACL_RT_LAUNCH_KERNEL_ATTR_DATA_DUMP: case ACL_RT_LAUNCH_KERNEL_ATTR_TIMEOUT:
        case ACL_RT_LAUNCH_KERNEL_ATTR_TIMEOUT_US: case ACL_RT_LAUNCH_KERNEL_ATTR_ENABLE_PROFILING:
            break; /* Ascend scheduling, local buffer and debug settings: nothing to do on OpenCL */
        default:
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "cfg->attrs[%zu].id %d is not an aclrtLaunchKernelAttrId", i,
                             (int)cfg->attrs[i].id);
        }
    }
    return ACL_SUCCESS;
}

/* The cl_mem a kernel gets for device address `addr` (a new sub-buffer, added to t, when addr is
 * inside its allocation). */
static aclError buffer_for(gecl_kfunc *f, size_t i, uint64_t addr, temp_mems *t, cl_mem *out)
{
    gecl_device *d = f->bin->device;
    char what[64];
    snprintf(what, sizeof what, "parameter %zu (a device address)", i);
    gecl_block blk;
    size_t off;
    aclError rc = gecl_mem_resolve((const void *)(uintptr_t)addr, 0, what, &blk, &off);
    if (rc) return rc;
    if (blk.device != d)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "%s: memory of device %d, the kernel was loaded on device %d", what,
                         blk.device->id, d->id);
    if (off == 0) return *out = blk.mem, ACL_SUCCESS;
    cl_uint align_bits = 8;
    clGetDeviceInfo(d->dev, CL_DEVICE_MEM_BASE_ADDR_ALIGN, sizeof align_bits, &align_bits, NULL);
    size_t align = align_bits / 8 ? align_bits / 8 : 1;
    if (off % align)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "%s is %zu bytes into its allocation: OpenCL passes a buffer from an "
                         "offset only at multiples of %zu bytes on device %d (CL_DEVICE_MEM_BASE_ADDR_ALIGN)", what, off,
                         align, d->id);
    cl_mem *grown = realloc(t->m, (t->n + 1) * sizeof *grown);
    if (!grown) return gecl_fail_oom();
    t->m = grown;
    cl_buffer_region region = {off, blk.size - off};
    cl_int err = CL_SUCCESS;
    cl_mem sub = clCreateSubBuffer(blk.mem, CL_MEM_READ_WRITE, CL_BUFFER_CREATE_TYPE_REGION, &region, &err);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "clCreateSubBuffer for a device address inside an allocation");
    t->m[t->n++] = sub;
    return *out = sub, ACL_SUCCESS;
}

static aclError placeholder_buffer(gecl_kfunc *f, const gecl_kvalue *v, temp_mems *t, cl_mem *out)
{
    cl_mem *grown = realloc(t->m, (t->n + 1) * sizeof *grown);
    if (!grown) return gecl_fail_oom();
    t->m = grown;
    cl_int err = CL_SUCCESS;
    cl_mem m = clCreateBuffer(f->bin->device->ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, v->ph_size,
                              (void *)v->ph, &err);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "clCreateBuffer for a placeholder's data");
    t->m[t->n++] = m;
    return *out = m, ACL_SUCCESS;
}

static aclError set_args(gecl_kfunc *f, const gecl_kvalue *vals, temp_mems *t)
{
    for (size_t i = 0; i < f->nparams; i++) {
        const gecl_kparam *p = &f->params[i];
        cl_int err = CL_SUCCESS;
        if (p->kind == GECL_KPARAM_GLOBAL) {
            cl_mem m = NULL;
            uint64_t addr = 0;
            aclError rc = ACL_SUCCESS;
            if (!vals[i].ph) memcpy(&addr, vals[i].bytes, 8);
            if (vals[i].ph) rc = placeholder_buffer(f, &vals[i], t, &m);
            else if (addr) rc = buffer_for(f, i, addr, t, &m);
            if (rc) return rc;
            err = clSetKernelArg(f->kernel, (cl_uint)i, sizeof m, &m); /* a NULL cl_mem passes a NULL pointer */
        } else if (p->kind == GECL_KPARAM_LOCAL) {
            uint64_t bytes = 0;
            memcpy(&bytes, vals[i].bytes, 8);
            if (!bytes)
                return gecl_fail(ACL_ERROR_INVALID_PARAM, "parameter %zu of kernel '%s' is a __local pointer: its value "
                                 "is the number of bytes of local memory, not 0", i, f->name);
            err = clSetKernelArg(f->kernel, (cl_uint)i, (size_t)bytes, NULL);
        } else {
            err = clSetKernelArg(f->kernel, (cl_uint)i, p->size, vals[i].bytes);
        }
        if (err != CL_SUCCESS) {
            char what[96];
            snprintf(what, sizeof what, "clSetKernelArg (parameter %zu of kernel '%s')", i, f->name);
            return gecl_fail_cl(err, what);
        }
    }
    return ACL_SUCCESS;
}

/* The NDRange of a launch: numBlocks blocks (SIMT grid NULL), or a SIMT grid of blocks. */
typedef struct launch_shape {
    uint32_t numBlocks;
    const dim3 *grid, *block;
} launch_shape;

/* Global, local and offset sizes of the shape for f; *dims 1 for blocks, 3 for a SIMT grid. */
static aclError ndrange(const gecl_kfunc *f, const launch_shape *sh, size_t block_offset, cl_uint *dims,
                        size_t global[3], size_t local[3], size_t offset[3], int *use_local)
{
    offset[0] = offset[1] = offset[2] = 0;
    if (!sh->grid) {
        const size_t group = f->reqd_local ? f->reqd_local : 1;
        *dims = 1;
        global[0] = (size_t)sh->numBlocks * group;
        offset[0] = block_offset * group;
        local[0] = group;
        *use_local = f->reqd_local != 0;
        return ACL_SUCCESS;
    }
    const uint32_t g[3] = {sh->grid->x, sh->grid->y, sh->grid->z}, b[3] = {sh->block->x, sh->block->y, sh->block->z};
    for (int i = 0; i < 3; i++) {
        if (!g[i] || !b[i])
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "gridDim (%u, %u, %u) and blockDim (%u, %u, %u) must be at least 1 "
                             "in every dimension", g[0], g[1], g[2], b[0], b[1], b[2]);
        global[i] = (size_t)g[i] * b[i];
        local[i] = b[i];
    }
    offset[0] = block_offset * b[0];
    *dims = 3;
    *use_local = 1;
    return ACL_SUCCESS;
}

static aclError enqueue(gecl_kfunc *f, gecl_stream *s, const launch_shape *sh, size_t block_offset)
{
    cl_uint dims = 1;
    size_t global[3] = {0}, local[3] = {0}, offset[3] = {0};
    int use_local = 0;
    aclError rc = ndrange(f, sh, block_offset, &dims, global, local, offset, &use_local);
    if (rc) return rc;
    cl_int err = clEnqueueNDRangeKernel(s->queue, f->kernel, dims, offset[0] ? offset : NULL, global,
                                        use_local ? local : NULL, 0, NULL, NULL);
    if (err != CL_SUCCESS) {
        char what[128];
        if (sh->grid)
            snprintf(what, sizeof what, "enqueueing kernel '%s' (grid %u x %u x %u of blocks %u x %u x %u)", f->name,
                     sh->grid->x, sh->grid->y, sh->grid->z, sh->block->x, sh->block->y, sh->block->z);
        else
            snprintf(what, sizeof what, "enqueueing kernel '%s' (%u blocks)", f->name, sh->numBlocks);
        return gecl_fail_cl(err, what);
    }
    clFlush(s->queue);
    return ACL_SUCCESS;
}

static aclError launch(const void *fh, const launch_shape *sh, aclrtStream stream, const aclrtLaunchKernelCfg *cfg,
                       aclError (*values)(gecl_kfunc *f, gecl_kvalue *out, void *ctx), void *ctx)
{
    size_t block_offset;
    aclError rc = check_cfg(cfg, &block_offset);
    if (rc) return rc;
    GECL_STREAM_REF(s);
    if ((rc = gecl_stream_resolve(stream, &s))) return rc;

    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = gecl_kfunc_lookup(fh, "funcHandle");
    gecl_kvalue *vals = NULL;
    temp_mems t = {NULL, 0};
    if (!f) rc = ACL_ERROR_INVALID_PARAM;
    else if (f->bin->device != s->device)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "the kernel was loaded on device %d, the stream is on device %d",
                       f->bin->device->id, s->device->id);
    else if (!(vals = calloc(f->nparams ? f->nparams : 1, sizeof *vals))) rc = gecl_fail_oom();
    else if (!(rc = values(f, vals, ctx)) && !(rc = set_args(f, vals, &t)))
        rc = enqueue(f, s, sh, block_offset);
    release_temps(&t);
    pthread_mutex_unlock(&gecl_kernel_lock);
    free(vals);
    return rc;
}

aclError gecl_klaunch(const void *fh, uint32_t numBlocks, aclrtStream stream, const aclrtLaunchKernelCfg *cfg,
                      aclError (*values)(gecl_kfunc *f, gecl_kvalue *out, void *ctx), void *ctx)
{
    GECL_CHECK_ARG(numBlocks > 0, "numBlocks must be at least 1");
    const launch_shape sh = {numBlocks, NULL, NULL};
    return launch(fh, &sh, stream, cfg, values, ctx);
}

aclError gecl_klaunch_simt(const void *fh, dim3 gridDim, dim3 blockDim, size_t dynUbufSize, aclrtStream stream,
                           const aclrtLaunchKernelCfg *cfg,
                           aclError (*values)(gecl_kfunc *f, gecl_kvalue *out, void *ctx), void *ctx)
{
    if (dynUbufSize)
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "dynUbufSize %zu: an OpenCL kernel gets dynamic local memory "
                         "through a __local pointer parameter, whose value is its size in bytes; pass 0 here",
                         dynUbufSize);
    const launch_shape sh = {0, &gridDim, &blockDim};
    return launch(fh, &sh, stream, cfg, values, ctx);
}

/* ---- argument blobs (aclrtLaunchKernel, V2, WithHostArgs) ---- */

typedef struct blob_ctx {
    const unsigned char *blob;
    size_t size;
    const aclrtPlaceHolderInfo *ph;
    size_t nph;
} blob_ctx;

/* Bytes of placeholder data at dataOffset: up to the next placeholder's data or the blob's end. */
static size_t ph_extent(const blob_ctx *c, size_t data_offset)
{
    size_t end = c->size;
    for (size_t j = 0; j < c->nph; j++)
        if (c->ph[j].dataOffset > data_offset && c->ph[j].dataOffset < end) end = c->ph[j].dataOffset;
    return end - data_offset;
}

static aclError blob_values(gecl_kfunc *f, gecl_kvalue *out, void *ctx)
{
    const blob_ctx *c = ctx;
    if (c->size < f->blob_size)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "argsSize %zu is too small: kernel '%s' takes %zu parameters in %zu "
                         "bytes (each starting on 8 bytes; aclrtFunctionGetParamInfo gives the layout)", c->size,
                         f->name, f->nparams, f->blob_size);
    for (size_t i = 0; i < f->nparams; i++) out[i].bytes = c->blob + f->params[i].offset;
    for (size_t j = 0; j < c->nph; j++) {
        size_t a = c->ph[j].addrOffset, d = c->ph[j].dataOffset, i = 0;
        while (i < f->nparams && !(f->params[i].offset == a && f->params[i].kind == GECL_KPARAM_GLOBAL)) i++;
        if (i == f->nparams)
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "placeHolderArray[%zu].addrOffset %zu is not where a pointer "
                             "parameter of kernel '%s' starts", j, a, f->name);
        if (d < f->blob_size || d >= c->size)
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "placeHolderArray[%zu].dataOffset %zu must lie after the %zu bytes "
                             "of parameters and inside argsSize %zu", j, d, f->blob_size, c->size);
        out[i].ph = c->blob + d;
        out[i].ph_size = ph_extent(c, d);
    }
    return ACL_SUCCESS;
}

aclError aclrtLaunchKernelV2(aclrtFuncHandle funcHandle, uint32_t numBlocks, const void *argsData, size_t argsSize,
                             aclrtLaunchKernelCfg *cfg, aclrtStream stream)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(argsData || argsSize == 0, "argsData must not be NULL when argsSize is %zu", argsSize);
    /* CANN's argsData is device memory the caller filled; it is read back (in stream order, so a
     * copy enqueued before is seen) because OpenCL takes arguments on the host. A host pointer is
     * taken as it is. */
    unsigned char *blob = malloc(argsSize ? argsSize : 1);
    if (!blob) return gecl_fail_oom();
    aclError rc = ACL_SUCCESS;
    if (argsSize && gecl_addrmap_in_window(argsData)) {
        gecl_block blk;
        size_t off;
        GECL_STREAM_REF(s);
        if (!(rc = gecl_mem_resolve(argsData, argsSize, "argsData", &blk, &off)) && !(rc = gecl_stream_resolve(stream, &s))) {
            cl_int err = clEnqueueReadBuffer(s->queue, blk.mem, CL_TRUE, off, argsSize, blob, 0, NULL, NULL);
            if (err != CL_SUCCESS) rc = gecl_fail_cl(err, "reading the argument blob from device memory");
        }
    } else if (argsSize) {
        memcpy(blob, argsData, argsSize);
    }
    blob_ctx c = {blob, argsSize, NULL, 0};
    if (!rc) rc = gecl_klaunch(funcHandle, numBlocks, stream, cfg, blob_values, &c);
    free(blob);
    return rc;
}

aclError aclrtLaunchKernel(aclrtFuncHandle funcHandle, uint32_t numBlocks, const void *argsData, size_t argsSize,
                           aclrtStream stream)
{
    GECL_CHECK_INIT();
    return aclrtLaunchKernelV2(funcHandle, numBlocks, argsData, argsSize, NULL, stream);
}

aclError aclrtLaunchKernelWithHostArgs(aclrtFuncHandle funcHandle, uint32_t numBlocks, aclrtStream stream,
                                       aclrtLaunchKernelCfg *cfg, void *hostArgs, size_t argsSize,
                                       aclrtPlaceHolderInfo *placeHolderArray, size_t placeHolderNum)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(hostArgs || argsSize == 0, "hostArgs must not be NULL when argsSize is %zu", argsSize);
    GECL_CHECK_ARG(placeHolderArray || placeHolderNum == 0, "placeHolderArray must not be NULL when placeHolderNum is %zu",
                   placeHolderNum);
    blob_ctx c = {hostArgs, argsSize, placeHolderArray, placeHolderNum};
    return gecl_klaunch(funcHandle, numBlocks, stream, cfg, blob_values, &c);
}

/* ---- aclrtLaunchKernelWithArgsArray: args[i] points to parameter i's value ---- */

static aclError array_values(gecl_kfunc *f, gecl_kvalue *out, void *ctx)
{
    void **args = ctx;
    if (f->nparams && !args)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "args must not be NULL: kernel '%s' takes %zu parameters", f->name,
                         f->nparams);
    for (size_t i = 0; i < f->nparams; i++) {
        if (!args[i]) return gecl_fail(ACL_ERROR_INVALID_PARAM, "args[%zu] must not be NULL", i);
        out[i].bytes = args[i];
    }
    return ACL_SUCCESS;
}

aclError aclrtLaunchKernelWithArgsArray(void *func, uint32_t numBlocks, aclrtStream stream, aclrtLaunchKernelCfg *cfg,
                                        void **args)
{
    GECL_CHECK_INIT();
    return gecl_klaunch(func, numBlocks, stream, cfg, array_values, args);
}

/* ---- SIMT launches: gridDim work-groups of blockDim work-items each ---- */

aclError aclrtLaunchSIMTKernelWithArgsArray(void *func, dim3 gridDim, dim3 blockDim, size_t dynUbufSize,
                                            aclrtStream stream, aclrtLaunchKernelCfg *cfg, void **args)
{
    GECL_CHECK_INIT();
    return gecl_klaunch_simt(func, gridDim, blockDim, dynUbufSize, stream, cfg, array_values, args);
}

aclError aclrtLaunchSIMTKernelWithHostArgs(void *func, dim3 gridDim, dim3 blockDim, size_t dynUbufSize,
                                           aclrtStream stream, aclrtLaunchKernelCfg *cfg, void *hostArgs,
                                           size_t argsSize, aclrtPlaceHolderInfo *placeHolderArray,
                                           size_t placeHolderNum)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(hostArgs || argsSize == 0, "hostArgs must not be NULL when argsSize is %zu", argsSize);
    GECL_CHECK_ARG(placeHolderArray || placeHolderNum == 0, "placeHolderArray must not be NULL when placeHolderNum is %zu",
                   placeHolderNum);
    blob_ctx c = {hostArgs, argsSize, placeHolderArray, placeHolderNum};
    return gecl_klaunch_simt(func, gridDim, blockDim, dynUbufSize, stream, cfg, blob_values, &c);
}
