/* kernel_args.c: argument lists (aclrtKernelArgs*) and aclrtLaunchKernelWithConfig.
 *
 * A list collects a function's parameters one by one, in order; each value is checked against
 * the parameter it fills (kernel_params.c): a pointer takes an 8-byte device address, a __local
 * pointer a 4- or 8-byte byte count, a value exactly its OpenCL size. A placeholder is a pointer
 * parameter whose data the caller writes into a host buffer the list hands out
 * (aclrtKernelArgsGetPlaceHolderBuffer); each launch copies it to the device. A list is launched
 * only once finalized, and again after each update (CANN: update, then finalize again).
 *
 * aclrtKernelArgsInit lists are handles (rtobj.h), owned by the function's binary and freed
 * when it is unloaded (CANN has no call to free one). aclrtKernelArgsInitByUserMem lists live in
 * the caller's memory (aclrtKernelArgsGetHandleMemSize bytes), their values in the caller's
 * buffer, so nothing of them is left to free; a magic number marks them. */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kernel.h"
#include "runtime.h"

#define MAX_ARGS 128 /* CANN appends at most 128 arguments */
#define USER_MAGIC 0x67656b6172677321ull

typedef struct karg {
    size_t off;          /* of the value in data (8 bytes for pointers and local sizes) */
    int placeholder;
    unsigned char *ph;   /* the placeholder's host buffer */
    size_t ph_size;
} karg;

typedef struct gecl_kargs {
    gecl_rtobj obj;      /* GECL_RTOBJ_ARGS for system-managed lists */
    uint64_t magic;      /* USER_MAGIC for lists in the caller's memory */
    void *handle;
    const void *func;    /* the function handle (checked again at each use) */
    int user_mem, finalized;
    size_t n;
    karg rec[MAX_ARGS];
    unsigned char *data; /* values; the caller's buffer for user-memory lists */
    size_t cap, used;
    struct gecl_kargs *next;
} gecl_kargs;

static size_t round8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

void gecl_kargs_free_list(gecl_kargs *a)
{
    while (a) {
        gecl_kargs *next = a->next;
        gecl_rtobj_remove(GECL_RTOBJ_ARGS, a->handle);
        for (size_t i = 0; i < a->n; i++) free(a->rec[i].ph);
        free(a->data);
        free(a);
        a = next;
    }
}

/* Under gecl_kernel_lock: the list behind h and its live function, else NULL with the message. */
static gecl_kargs *args_lookup(const void *h, gecl_kfunc **f)
{
    if (!h) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "argsHandle must not be NULL");
        return NULL;
    }
    gecl_kargs *a = gecl_rtobj_get(GECL_RTOBJ_ARGS, h);
    /* Not a handle: a list in the caller's memory, if it carries the mark (an aligned pointer
     * that is neither is refused without being read). */
    if (!a && ((uintptr_t)h >> 60) == 0 && (uintptr_t)h % _Alignof(gecl_kargs) == 0) {
        gecl_kargs *u = (gecl_kargs *)(uintptr_t)h;
        if (u->magic == USER_MAGIC && u->user_mem) a = u;
    }
    if (!a) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "argsHandle %p is not an argument list (from aclrtKernelArgsInit or "
                  "aclrtKernelArgsInitByUserMem; was the binary unloaded?)", h);
        return NULL;
    }
    if (!(*f = gecl_kfunc_lookup(a->func, "the argument list's function"))) return NULL;
    return a;
}

/* The record a parameter handle names (1-based index), else NULL with the message. */
static karg *param_lookup(gecl_kargs *a, const void *ph)
{
    uintptr_t i = (uintptr_t)ph;
    if (i == 0 || i > a->n) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "paramHandle %p is not a parameter of this argument list (%zu appended)", ph,
                  a->n);
        return NULL;
    }
    return &a->rec[i - 1];
}

/* Room for `size` more bytes of values, 8-aligned; its offset, or (size_t)-1 with the message. */
static size_t reserve(gecl_kargs *a, size_t size)
{
    size_t off = round8(a->used);
    if (off + size > a->cap) {
        if (a->user_mem) {
            gecl_fail(ACL_ERROR_INVALID_PARAM, "the argument buffer of %zu bytes is full (%zu more bytes needed): size it "
                      "with aclrtKernelArgsGetMemSize", a->cap, off + size - a->cap);
            return (size_t)-1;
        }
        size_t cap = a->cap ? a->cap : 64;
        while (cap < off + size) cap *= 2;
        unsigned char *grown = realloc(a->data, cap);
        if (!grown) {
            gecl_fail_oom();
            return (size_t)-1;
        }
        a->data = grown;
        a->cap = cap;
    }
    a->used = off + size;
    return off;
}

/* Checks a value of paramSize bytes for parameter i of f; local sizes come back widened to 8. */
static aclError check_value(gecl_kfunc *f, size_t i, const void *param, size_t paramSize, unsigned char out[128])
{
    GECL_CHECK_ARG(param, "param must not be NULL");
    if (i >= f->nparams)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "kernel '%s' takes %zu parameters; this would be parameter %zu", f->name,
                         f->nparams, i + 1);
    const gecl_kparam *p = &f->params[i];
    if (p->kind == GECL_KPARAM_LOCAL && (paramSize == 4 || paramSize == 8)) {
        uint64_t v = 0;
        if (paramSize == 4) {
            uint32_t v32;
            memcpy(&v32, param, 4);
            v = v32;
        } else {
            memcpy(&v, param, 8);
        }
        memcpy(out, &v, 8);
        return ACL_SUCCESS;
    }
    size_t want = p->kind == GECL_KPARAM_VALUE ? p->size : 8;
    if (paramSize != want || paramSize > 128)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "paramSize %zu for parameter %zu of kernel '%s': it takes %s", paramSize,
                         i, f->name, p->kind == GECL_KPARAM_GLOBAL ? "a device address (8 bytes)"
                         : p->kind == GECL_KPARAM_LOCAL ? "a local memory size (4 or 8 bytes)" : "a value of another size");
    memcpy(out, param, paramSize);
    return ACL_SUCCESS;
}

aclError aclrtKernelArgsGetHandleMemSize(aclrtFuncHandle funcHandle, size_t *memSize)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(memSize, "memSize must not be NULL");
    size_t nparams, need;
    if (gecl_kfunc_sizes(funcHandle, "funcHandle", &nparams, &need)) return ACL_ERROR_INVALID_PARAM;
    *memSize = sizeof(gecl_kargs);
    return ACL_SUCCESS;
}

aclError aclrtKernelArgsGetMemSize(aclrtFuncHandle funcHandle, size_t userArgsSize, size_t *actualArgsSize)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(actualArgsSize, "actualArgsSize must not be NULL");
    size_t nparams, need;
    if (gecl_kfunc_sizes(funcHandle, "funcHandle", &nparams, &need)) return ACL_ERROR_INVALID_PARAM;
    /* The values (8-aligned each, as the caller summed them), and never less than the parameters. */
    *actualArgsSize = round8(userArgsSize) > need ? round8(userArgsSize) : need;
    return ACL_SUCCESS;
}

aclError aclrtKernelArgsInit(aclrtFuncHandle funcHandle, aclrtArgsHandle *argsHandle)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(argsHandle, "argsHandle must not be NULL");
    gecl_kargs *a = calloc(1, sizeof *a);
    if (!a) return gecl_fail_oom();
    a->obj.tag = GECL_RTOBJ_ARGS;
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = gecl_kfunc_lookup(funcHandle, "funcHandle");
    aclError rc = f ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
    if (f && !(a->handle = gecl_rtobj_new(&a->obj))) rc = gecl_fail_oom();
    if (!rc) {
        a->func = funcHandle;
        a->next = f->bin->args;
        f->bin->args = a;
        *argsHandle = a->handle;
    }
    pthread_mutex_unlock(&gecl_kernel_lock);
    if (rc) free(a);
    return rc;
}

aclError aclrtKernelArgsInitByUserMem(aclrtFuncHandle funcHandle, aclrtArgsHandle argsHandle, void *userHostMem,
                                      size_t actualArgsSize)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(argsHandle, "argsHandle must not be NULL (memory of aclrtKernelArgsGetHandleMemSize bytes)");
    GECL_CHECK_ARG((uintptr_t)argsHandle % _Alignof(gecl_kargs) == 0, "argsHandle %p must be aligned to %zu bytes",
                   argsHandle, (size_t)_Alignof(gecl_kargs));
    GECL_CHECK_ARG(userHostMem, "userHostMem must not be NULL");
    GECL_CHECK_ARG(actualArgsSize > 0, "actualArgsSize must be greater than 0");
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = gecl_kfunc_lookup(funcHandle, "funcHandle");
    if (f) {
        gecl_kargs *a = argsHandle;
        memset(a, 0, sizeof *a);
        a->magic = USER_MAGIC;
        a->user_mem = 1;
        a->handle = argsHandle;
        a->func = funcHandle;
        a->data = userHostMem;
        a->cap = actualArgsSize;
    }
    pthread_mutex_unlock(&gecl_kernel_lock);
    return f ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
}

/* Appends parameter a->n: a value (param != NULL) or a placeholder. */
static aclError append(aclrtArgsHandle argsHandle, const void *param, size_t paramSize, int placeholder,
                       aclrtParamHandle *paramHandle)
{
    GECL_CHECK_ARG(paramHandle, "paramHandle must not be NULL");
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = NULL;
    gecl_kargs *a = args_lookup(argsHandle, &f);
    aclError rc = a ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
    unsigned char value[128];
    size_t i = a ? a->n : 0;
    if (a && placeholder && i >= f->nparams)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "kernel '%s' takes %zu parameters, all appended", f->name, f->nparams);
    else if (a && placeholder && f->params[i].kind != GECL_KPARAM_GLOBAL)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "kernel '%s': parameter %zu is not a __global/__constant pointer, it "
                       "cannot be a placeholder", f->name, i);
    else if (a && !placeholder) rc = check_value(f, i, param, paramSize, value);
    size_t off = 0;
    if (!rc && (off = reserve(a, 8 > paramSize ? 8 : paramSize)) == (size_t)-1) rc = ACL_ERROR_INVALID_PARAM;
    if (!rc) {
        a->rec[i] = (karg){off, placeholder, NULL, 0};
        if (!placeholder) memcpy(a->data + off, value, f->params[i].kind == GECL_KPARAM_VALUE ? paramSize : 8);
        a->n = i + 1;
        a->finalized = 0;
        *paramHandle = (aclrtParamHandle)(uintptr_t)(i + 1);
    }
    pthread_mutex_unlock(&gecl_kernel_lock);
    return rc;
}

aclError aclrtKernelArgsAppend(aclrtArgsHandle argsHandle, void *param, size_t paramSize, aclrtParamHandle *paramHandle)
{
    GECL_CHECK_INIT();
    return append(argsHandle, param, paramSize, 0, paramHandle);
}

aclError aclrtKernelArgsAppendPlaceHolder(aclrtArgsHandle argsHandle, aclrtParamHandle *paramHandle)
{
    GECL_CHECK_INIT();
    return append(argsHandle, NULL, 0, 1, paramHandle);
}

aclError aclrtKernelArgsGetPlaceHolderBuffer(aclrtArgsHandle argsHandle, aclrtParamHandle paramHandle, size_t dataSize,
                                             void **bufferAddr)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(bufferAddr, "bufferAddr must not be NULL");
    GECL_CHECK_ARG(dataSize > 0, "dataSize must be greater than 0");
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = NULL;
    gecl_kargs *a = args_lookup(argsHandle, &f);
    karg *r = a ? param_lookup(a, paramHandle) : NULL;
    aclError rc = r ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
    if (r && !r->placeholder) {
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "paramHandle %p was appended with aclrtKernelArgsAppend, not as a "
                       "placeholder", paramHandle);
    } else if (r && a->user_mem) {
        size_t off = reserve(a, dataSize); /* in the caller's buffer, after what is there */
        if (off == (size_t)-1) rc = ACL_ERROR_INVALID_PARAM;
        else r->ph = a->data + off, r->ph_size = dataSize;
    } else if (r) {
        unsigned char *buf = calloc(1, dataSize);
        if (!buf) rc = gecl_fail_oom();
        else free(r->ph), r->ph = buf, r->ph_size = dataSize;
    }
    if (!rc) *bufferAddr = r->ph;
    pthread_mutex_unlock(&gecl_kernel_lock);
    return rc;
}

aclError aclrtKernelArgsParaUpdate(aclrtArgsHandle argsHandle, aclrtParamHandle paramHandle, void *param,
                                   size_t paramSize)
{
    GECL_CHECK_INIT();
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = NULL;
    gecl_kargs *a = args_lookup(argsHandle, &f);
    karg *r = a ? param_lookup(a, paramHandle) : NULL;
    aclError rc = r ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
    unsigned char value[128];
    size_t i = r ? (size_t)(r - a->rec) : 0;
    if (r && r->placeholder)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "paramHandle %p is a placeholder: write its data into the buffer of "
                       "aclrtKernelArgsGetPlaceHolderBuffer", paramHandle);
    else if (r) rc = check_value(f, i, param, paramSize, value);
    if (!rc) {
        memcpy(a->data + r->off, value, f->params[i].kind == GECL_KPARAM_VALUE ? paramSize : 8);
        a->finalized = 0;
    }
    pthread_mutex_unlock(&gecl_kernel_lock);
    return rc;
}

aclError aclrtKernelArgsFinalize(aclrtArgsHandle argsHandle)
{
    GECL_CHECK_INIT();
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = NULL;
    gecl_kargs *a = args_lookup(argsHandle, &f);
    aclError rc = a ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
    if (a && a->n != f->nparams)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "kernel '%s' takes %zu parameters, %zu were appended", f->name,
                       f->nparams, a->n);
    for (size_t i = 0; !rc && i < a->n; i++)
        if (a->rec[i].placeholder && !a->rec[i].ph)
            rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "placeholder parameter %zu has no data: get its buffer with "
                           "aclrtKernelArgsGetPlaceHolderBuffer", i);
    if (!rc) a->finalized = 1;
    pthread_mutex_unlock(&gecl_kernel_lock);
    return rc;
}

/* Runs under gecl_kernel_lock (gecl_klaunch). */
static aclError list_values(gecl_kfunc *f, gecl_kvalue *out, void *ctx)
{
    gecl_kfunc *owner = NULL;
    gecl_kargs *a = args_lookup(ctx, &owner);
    if (!a) return ACL_ERROR_INVALID_PARAM;
    if (owner != f)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "argsHandle was made for kernel '%s', not for '%s'", owner->name, f->name);
    if (!a->finalized)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "the argument list is not finalized: call aclrtKernelArgsFinalize "
                         "after appending or updating");
    for (size_t i = 0; i < f->nparams; i++) {
        if (a->rec[i].placeholder) out[i] = (gecl_kvalue){NULL, a->rec[i].ph, a->rec[i].ph_size};
        else out[i].bytes = a->data + a->rec[i].off;
    }
    return ACL_SUCCESS;
}

aclError aclrtLaunchKernelWithConfig(aclrtFuncHandle funcHandle, uint32_t numBlocks, aclrtStream stream,
                                     aclrtLaunchKernelCfg *cfg, aclrtArgsHandle argsHandle, void *reserve_)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(!reserve_, "reserve must be NULL");
    GECL_CHECK_ARG(argsHandle, "argsHandle must not be NULL");
    return gecl_klaunch(funcHandle, numBlocks, stream, cfg, list_values, argsHandle);
}
