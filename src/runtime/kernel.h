/* kernel.h: CANN's kernel calls (aclrtBinaryLoad*, aclrtBinaryGetFunction, aclrtKernelArgs*,
 * aclrtLaunchKernel*) on OpenCL: a "binary" is OpenCL C source or SPIR-V built through the
 * program cache, a "function" is a cl_kernel, and an argument blob maps onto the kernel's
 * parameters as kernel_params.c lays out (docs/runtime.md, "Kernels from OpenCL C or SPIR-V").
 *
 * Binaries, functions and system-managed argument lists are handles (rtobj.h). One lock,
 * gecl_kernel_lock, orders everything that reads or changes them, argument setting and enqueue
 * included (kernel arguments are state of the cl_kernel). */
#ifndef GECL_RUNTIME_KERNEL_H
#define GECL_RUNTIME_KERNEL_H

#include <pthread.h>

#include "acl/acl_rt.h"
#include "device.h"
#include "rtobj.h"

/* How a kernel parameter takes its value. */
typedef enum gecl_kparam_kind {
    GECL_KPARAM_GLOBAL, /* __global / __constant pointer: an 8-byte device address */
    GECL_KPARAM_LOCAL,  /* __local pointer: an 8-byte byte count of local memory */
    GECL_KPARAM_VALUE,  /* by value: the value's bytes */
} gecl_kparam_kind;

typedef struct gecl_kparam {
    gecl_kparam_kind kind;
    size_t size;   /* bytes taken in an argument blob: 8 for pointers, the value's size otherwise */
    size_t offset; /* in an argument blob: parameters in order, each starting on 8 bytes */
} gecl_kparam;

struct gecl_kbin;

typedef struct gecl_kfunc {
    gecl_rtobj obj; /* GECL_RTOBJ_FUNCTION */
    void *handle;
    struct gecl_kbin *bin;
    char *name;
    cl_kernel kernel;
    gecl_kparam *params;
    size_t nparams;
    size_t blob_size;   /* bytes of an argument blob holding every parameter */
    size_t reqd_local;  /* reqd_work_group_size(x, 1, 1) of the kernel, 0 when it declares none */
    struct gecl_kfunc *next;
} gecl_kfunc;

typedef struct gecl_kbin {
    gecl_rtobj obj; /* GECL_RTOBJ_BINARY */
    void *handle;
    gecl_device *device;
    cl_program program; /* owned by the program cache */
    gecl_kfunc *funcs;
    struct gecl_kargs *args; /* system-managed argument lists of its functions */
    aclrtOpExceptionCallback exc_cb; /* aclrtBinarySetExceptionCallback: kept, never called */
    void *exc_data;
} gecl_kbin;

extern pthread_mutex_t gecl_kernel_lock;

/* Under gecl_kernel_lock: the live function behind h, else NULL with the message recorded. */
gecl_kfunc *gecl_kfunc_lookup(const void *h, const char *what);

/* Under gecl_kernel_lock: the loaded binary behind h, else NULL with the message recorded. */
gecl_kbin *gecl_kbin_lookup(const void *h);
/* Under gecl_kernel_lock: b's function `name` (one handle per name, made on first request). */
aclError gecl_kbin_function(gecl_kbin *b, const char *name, gecl_kfunc **out);

/* Parameter count and blob size of the live function behind h (takes the lock). */
aclError gecl_kfunc_sizes(const void *h, const char *what, size_t *nparams, size_t *blob_size);

/* kernel_params.c: the parameter list of f->kernel (f->params, nparams, blob_size, reqd_local),
 * from the driver's argument information; `source` (OpenCL C, may be NULL) resolves typedef'd
 * scalar types. */
aclError gecl_kfunc_describe(gecl_kfunc *f, const char *source, size_t source_len);

/* kernel_args.c: frees the system-managed argument lists of a binary being unloaded. */
void gecl_kargs_free_list(struct gecl_kargs *list);

/* kernel_launch.c: one parameter's value for a launch. `bytes` is the value (8-byte device
 * address, 8-byte local size, or the value's bytes); `ph` / `ph_size`, when ph is not NULL,
 * give a placeholder's host data, copied to a new device buffer whose address is passed. */
typedef struct gecl_kvalue {
    const void *bytes;
    const void *ph;
    size_t ph_size;
} gecl_kvalue;

/* Sets f's arguments from values[f->nparams] and enqueues numBlocks blocks on `stream`, as the
 * launch config asks. Takes gecl_kernel_lock itself; `fh` is the function handle. */
aclError gecl_klaunch(const void *fh, uint32_t numBlocks, aclrtStream stream, const aclrtLaunchKernelCfg *cfg,
                      aclError (*values)(gecl_kfunc *f, gecl_kvalue *out, void *ctx), void *ctx);

/* The same for a SIMT launch: an NDRange of gridDim work-groups of blockDim work-items. */
aclError gecl_klaunch_simt(const void *fh, dim3 gridDim, dim3 blockDim, size_t dynUbufSize, aclrtStream stream,
                           const aclrtLaunchKernelCfg *cfg,
                           aclError (*values)(gecl_kfunc *f, gecl_kvalue *out, void *ctx), void *ctx);

/* Releases every binary (aclFinalize: their programs and devices go away). */
void gecl_kernels_release_all(void);

#endif
