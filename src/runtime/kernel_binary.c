/* kernel_binary.c: kernel binaries and their functions.
 *
 * What CANN calls an operator binary (an Ascend ELF .o) is, on OpenCL, a program: OpenCL C
 * source, or a SPIR-V module (told apart by SPIR-V's magic number 0x07230203) on devices whose
 * driver takes SPIR-V. It is built for the device of the calling thread's current context through
 * the program cache (with -cl-kernel-arg-info, which kernel_params.c needs), so loading the same
 * text twice, or in a second process, compiles nothing. A function is one of its kernels, found
 * by name; asking twice for one name gives the same handle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "error.h"
#include "kernel.h"
#include "progcache.h"
#include "runtime.h"

#define BUILD_OPTIONS "-cl-kernel-arg-info"
#define SPIRV_MAGIC 0x07230203u

pthread_mutex_t gecl_kernel_lock = PTHREAD_MUTEX_INITIALIZER;

/* The source text of a binary, kept while its functions can still be looked up (typedefs). */
typedef struct kbin_source {
    char *text;
    size_t len;
} kbin_source;

typedef struct kbin_full {
    gecl_kbin bin;
    kbin_source src;
} kbin_full;

/* aclrtCreateBinary's object: the caller's bytes, not copied (CANN: the caller keeps them). */
typedef struct bin_data {
    gecl_rtobj obj;
    const void *data;
    size_t len;
} bin_data;

gecl_kfunc *gecl_kfunc_lookup(const void *h, const char *what)
{
    if (!h) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "%s must not be NULL", what);
        return NULL;
    }
    gecl_kfunc *f = gecl_rtobj_get(GECL_RTOBJ_FUNCTION, h);
    if (!f)
        gecl_fail(ACL_ERROR_INVALID_PARAM, "%s %p is not a live kernel function (from aclrtBinaryGetFunction; was its "
                  "binary unloaded?)", what, h);
    return f;
}

gecl_kbin *gecl_kbin_lookup(const void *h)
{
    if (!h) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "binHandle must not be NULL");
        return NULL;
    }
    gecl_kbin *b = gecl_rtobj_get(GECL_RTOBJ_BINARY, h);
    if (!b)
        gecl_fail(ACL_ERROR_INVALID_PARAM, "binHandle %p is not a loaded binary (unloaded already, or not from "
                  "aclrtBinaryLoad*)", h);
    return b;
}

static aclError check_options(const aclrtBinaryLoadOptions *options)
{
    if (!options) return ACL_SUCCESS;
    GECL_CHECK_ARG(!options->numOpt || options->options, "options->options must not be NULL when numOpt is %zu",
                   options->numOpt);
    for (size_t i = 0; i < options->numOpt; i++) {
        switch (options->options[i].type) {
        case ACL_RT_BINARY_LOAD_OPT_LAZY_LOAD: /* programs build at load; nothing is copied later */
        case ACL_RT_BINARY_LOAD_OPT_MAGIC:     /* says which Ascend core an ELF is for: nothing here */
            break;
        case ACL_RT_BINARY_LOAD_OPT_CPU_KERNEL_MODE:
            return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "options[%zu]: AI CPU kernels (CPU_KERNEL_MODE) do not exist "
                             "on OpenCL", i);
        default:
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "options[%zu].type %d is not an aclrtBinaryLoadOptionType", i,
                             (int)options->options[i].type);
        }
    }
    return ACL_SUCCESS;
}

static int device_takes_spirv(gecl_device *d)
{
    char il[256] = "";
    if (clGetDeviceInfo(d->dev, CL_DEVICE_IL_VERSION, sizeof il - 1, il, NULL) != CL_SUCCESS) return 0;
    return strstr(il, "SPIR-V") != NULL;
}

/* Builds `data` for the current context's device and hands out a binary handle. */
static aclError load(const void *data, size_t len, const aclrtBinaryLoadOptions *options, aclrtBinHandle *out)
{
    GECL_CHECK_ARG(out, "binHandle must not be NULL");
    GECL_CHECK_ARG(data, "data must not be NULL");
    GECL_CHECK_ARG(len > 0, "length must be greater than 0");
    aclError rc = check_options(options);
    if (rc) return rc;
    gecl_device *d;
    if ((rc = gecl_context_current_device(&d))) return rc;

    const unsigned char *bytes = data;
    uint32_t magic = 0;
    if (len >= 4) memcpy(&magic, bytes, 4);
    int il = magic == SPIRV_MAGIC;
    if (len >= 4 && !memcmp(bytes, "\x7f" "ELF", 4))
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "the binary is an ELF object (an Ascend kernel .o?): on OpenCL a "
                         "kernel binary is OpenCL C source or a SPIR-V module");
    if (il && len % 4)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "SPIR-V module of %zu bytes: a module is a whole number of 4-byte words", len);
    if (il && !device_takes_spirv(d))
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "the binary is SPIR-V, but device %d (%s) takes no SPIR-V "
                         "(CL_DEVICE_IL_VERSION names none): give OpenCL C source", d->id, d->desc.name);
    if (!il) {
        while (len && bytes[len - 1] == '\0') len--; /* a C string's terminator is not part of the source */
        if (!len || memchr(bytes, '\0', len))
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "the binary is neither SPIR-V nor OpenCL C source text (it holds "
                             "NUL bytes)");
    }

    kbin_full *b = calloc(1, sizeof *b);
    if (!b) return gecl_fail_oom();
    b->bin.obj.tag = GECL_RTOBJ_BINARY;
    b->bin.device = d;
    rc = il ? gecl_progcache_get_il(d, data, len, BUILD_OPTIONS, &b->bin.program)
            : gecl_progcache_get(d, data, len, BUILD_OPTIONS, &b->bin.program);
    if (!rc && !il) {
        if (!(b->src.text = malloc(len))) rc = gecl_fail_oom();
        else memcpy(b->src.text, data, b->src.len = len);
    }
    if (!rc) {
        pthread_mutex_lock(&gecl_kernel_lock);
        b->bin.handle = gecl_rtobj_new(&b->bin.obj);
        pthread_mutex_unlock(&gecl_kernel_lock);
        if (!b->bin.handle) rc = gecl_fail_oom();
    }
    if (rc) {
        free(b->src.text);
        free(b);
        return rc;
    }
    *out = b->bin.handle;
    return ACL_SUCCESS;
}

aclError aclrtBinaryLoadFromData(const void *data, size_t length, const aclrtBinaryLoadOptions *options,
                                 aclrtBinHandle *binHandle)
{
    GECL_CHECK_INIT();
    return load(data, length, options, binHandle);
}

aclError aclrtBinaryLoadFromFile(const char *binPath, aclrtBinaryLoadOptions *options, aclrtBinHandle *binHandle)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(binPath, "binPath must not be NULL");
    GECL_CHECK_ARG(binHandle, "binHandle must not be NULL");
    FILE *f = fopen(binPath, "rb");
    if (!f) return gecl_fail(ACL_ERROR_INVALID_FILE, "cannot open '%s'", binPath);
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
    char *buf = size > 0 ? malloc((size_t)size) : NULL;
    int ok = buf && fseek(f, 0, SEEK_SET) == 0 && fread(buf, 1, (size_t)size, f) == (size_t)size;
    fclose(f);
    aclError rc;
    if (size == 0) rc = gecl_fail(ACL_ERROR_INVALID_FILE_SIZE, "'%s' is empty", binPath);
    else if (size > 0 && !buf) rc = gecl_fail_oom();
    else if (!ok) rc = gecl_fail(ACL_ERROR_INVALID_FILE, "cannot read '%s'", binPath);
    else rc = load(buf, (size_t)size, options, binHandle);
    free(buf);
    return rc;
}

aclrtBinary aclrtCreateBinary(const void *data, size_t dataLen)
{
    GECL_ENTER();
    if (!data || !dataLen) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "%s", !data ? "data must not be NULL" : "dataLen must be greater than 0");
        return NULL;
    }
    bin_data *b = malloc(sizeof *b);
    void *h = b ? gecl_rtobj_new(&b->obj) : NULL;
    if (!h) {
        free(b);
        gecl_fail_oom();
        return NULL;
    }
    *b = (bin_data){{GECL_RTOBJ_BINARY_DATA}, data, dataLen};
    return h;
}

aclError aclrtDestroyBinary(aclrtBinary binary)
{
    GECL_ENTER();
    GECL_CHECK_ARG(binary, "binary must not be NULL");
    pthread_mutex_lock(&gecl_kernel_lock); /* not while aclrtBinaryLoad reads it */
    bin_data *b = gecl_rtobj_remove(GECL_RTOBJ_BINARY_DATA, binary);
    pthread_mutex_unlock(&gecl_kernel_lock);
    if (!b) return gecl_fail(ACL_ERROR_INVALID_PARAM, "binary %p is not from aclrtCreateBinary (destroyed already?)", binary);
    free(b);
    return ACL_SUCCESS;
}

aclError aclrtBinaryLoad(const aclrtBinary binary, aclrtBinHandle *binHandle)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(binary, "binary must not be NULL");
    /* The (data, length) pair is read under the lock aclrtDestroyBinary takes; the bytes are the
     * caller's and stay put until the caller frees them. */
    pthread_mutex_lock(&gecl_kernel_lock);
    bin_data *b = gecl_rtobj_get(GECL_RTOBJ_BINARY_DATA, binary);
    const void *data = b ? b->data : NULL;
    size_t len = b ? b->len : 0;
    pthread_mutex_unlock(&gecl_kernel_lock);
    if (!b) return gecl_fail(ACL_ERROR_INVALID_PARAM, "binary %p is not from aclrtCreateBinary (destroyed?)", binary);
    return load(data, len, NULL, binHandle);
}

static void free_func(gecl_kfunc *f)
{
    if (f->kernel) clReleaseKernel(f->kernel);
    free(f->params);
    free(f->name);
    free(f);
}

/* Under gecl_kernel_lock: unregisters b, its functions and argument lists, and frees them.
 * Launches already enqueued keep their kernels (OpenCL retains what a command uses). */
static void unload(gecl_kbin *b)
{
    gecl_rtobj_remove(GECL_RTOBJ_BINARY, b->handle);
    for (gecl_kfunc *f = b->funcs, *next; f; f = next) {
        next = f->next;
        gecl_rtobj_remove(GECL_RTOBJ_FUNCTION, f->handle);
        free_func(f);
    }
    gecl_kargs_free_list(b->args);
    free(((kbin_full *)b)->src.text);
    free(b);
}

aclError aclrtBinaryUnLoad(aclrtBinHandle binHandle)
{
    GECL_CHECK_INIT();
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kbin *b = gecl_kbin_lookup(binHandle);
    if (b) unload(b);
    pthread_mutex_unlock(&gecl_kernel_lock);
    return b ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
}

void gecl_kernels_release_all(void)
{
    pthread_mutex_lock(&gecl_kernel_lock);
    size_t n = 0;
    void **bins = gecl_rtobj_list(GECL_RTOBJ_BINARY, &n);
    for (size_t i = 0; i < n; i++) unload(bins[i]);
    free(bins);
    pthread_mutex_unlock(&gecl_kernel_lock);
}

/* The names of p's kernels, for the message of a failed lookup. */
static void kernel_names(cl_program p, char *out, size_t cap)
{
    out[0] = '\0';
    if (clGetProgramInfo(p, CL_PROGRAM_KERNEL_NAMES, cap, out, NULL) != CL_SUCCESS) snprintf(out, cap, "?");
}

aclError gecl_kbin_function(gecl_kbin *b, const char *name, gecl_kfunc **out)
{
    for (gecl_kfunc *f = b->funcs; f; f = f->next)
        if (!strcmp(f->name, name)) return *out = f, ACL_SUCCESS;
    gecl_kfunc *f = calloc(1, sizeof *f);
    if (!f || !(f->name = strdup(name))) {
        free(f);
        return gecl_fail_oom();
    }
    f->obj.tag = GECL_RTOBJ_FUNCTION;
    f->bin = b;
    cl_int err = CL_SUCCESS;
    f->kernel = clCreateKernel(b->program, name, &err);
    aclError rc = ACL_SUCCESS;
    if (err == CL_INVALID_KERNEL_NAME) {
        char names[1024];
        kernel_names(b->program, names, sizeof names);
        rc = gecl_fail(ACL_ERROR_KERNEL_NOT_FOUND, "the binary has no kernel '%s' (it has: %s)", name, names);
    } else if (err != CL_SUCCESS) {
        rc = gecl_fail_cl(err, "clCreateKernel");
    } else {
        const kbin_source *src = &((kbin_full *)b)->src;
        rc = gecl_kfunc_describe(f, src->text, src->len);
    }
    if (!rc && !(f->handle = gecl_rtobj_new(&f->obj))) rc = gecl_fail_oom();
    if (rc) {
        free_func(f);
        return rc;
    }
    f->next = b->funcs;
    b->funcs = f;
    *out = f;
    return ACL_SUCCESS;
}

aclError aclrtBinaryGetFunction(const aclrtBinHandle binHandle, const char *kernelName, aclrtFuncHandle *funcHandle)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(kernelName, "kernelName must not be NULL");
    GECL_CHECK_ARG(funcHandle, "funcHandle must not be NULL");
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kbin *b = gecl_kbin_lookup(binHandle);
    gecl_kfunc *f = NULL;
    aclError rc = b ? gecl_kbin_function(b, kernelName, &f) : ACL_ERROR_INVALID_PARAM;
    if (!rc) *funcHandle = f->handle;
    pthread_mutex_unlock(&gecl_kernel_lock);
    return rc;
}

aclError aclrtFunctionGetBinary(const aclrtFuncHandle funcHandle, aclrtBinHandle *binHandle)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(binHandle, "binHandle must not be NULL");
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = gecl_kfunc_lookup(funcHandle, "funcHandle");
    if (f) *binHandle = f->bin->handle;
    pthread_mutex_unlock(&gecl_kernel_lock);
    return f ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
}

aclError gecl_kfunc_sizes(const void *h, const char *what, size_t *nparams, size_t *blob_size)
{
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = gecl_kfunc_lookup(h, what);
    if (f) *nparams = f->nparams, *blob_size = f->blob_size;
    pthread_mutex_unlock(&gecl_kernel_lock);
    return f ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
}

aclError aclrtFunctionGetParamCount(const void *func, size_t *paramCount)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(paramCount, "paramCount must not be NULL");
    size_t blob_size;
    return gecl_kfunc_sizes(func, "func", paramCount, &blob_size);
}

aclError aclrtFunctionGetParamInfo(const void *func, size_t paramIndex, size_t *paramOffset, size_t *paramSize)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(paramOffset && paramSize, "paramOffset and paramSize must not be NULL");
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = gecl_kfunc_lookup(func, "func");
    aclError rc = f ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
    if (f && paramIndex >= f->nparams)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "paramIndex %zu is out of range: kernel '%s' has %zu parameters",
                       paramIndex, f->name, f->nparams);
    else if (f) {
        *paramOffset = f->params[paramIndex].offset;
        *paramSize = f->params[paramIndex].size;
    }
    pthread_mutex_unlock(&gecl_kernel_lock);
    return rc;
}

aclError aclrtGetFunctionName(aclrtFuncHandle funcHandle, uint32_t maxLen, char *name)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(name, "name must not be NULL");
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kfunc *f = gecl_kfunc_lookup(funcHandle, "funcHandle");
    aclError rc = f ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
    if (f && strlen(f->name) >= maxLen)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "maxLen %u is too small for the name '%s' (%zu bytes with its NUL)",
                       maxLen, f->name, strlen(f->name) + 1);
    else if (f) strcpy(name, f->name);
    pthread_mutex_unlock(&gecl_kernel_lock);
    return rc;
}

/* ---- calls about Ascend's device code: nothing on OpenCL answers them ---- */

aclError aclrtBinaryGetFunctionByEntry(aclrtBinHandle binHandle, uint64_t funcEntry, aclrtFuncHandle *funcHandle)
{
    GECL_ENTER();
    (void)binHandle, (void)funcEntry, (void)funcHandle;
    return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "OpenCL kernels have no function entry numbers: look them up by "
                     "name with aclrtBinaryGetFunction (CANN reserves this call too)");
}

aclError aclrtBinaryGetDevAddress(const aclrtBinHandle binHandle, void **binAddr, size_t *binSize)
{
    GECL_ENTER();
    (void)binHandle, (void)binAddr, (void)binSize;
    return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "an OpenCL program has no device address");
}

aclError aclrtBinaryGetGlobal(aclrtBinHandle binHandle, const char *name, void **dptr, size_t *size)
{
    GECL_ENTER();
    (void)binHandle, (void)name, (void)dptr, (void)size;
    return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "OpenCL gives no address of a program's global variables");
}

aclError aclrtRegisterCpuFunc(const aclrtBinHandle handle, const char *funcName, const char *kernelName,
                              aclrtFuncHandle *funcHandle)
{
    GECL_ENTER();
    (void)handle, (void)funcName, (void)kernelName, (void)funcHandle;
    return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "AI CPU kernels do not exist on OpenCL");
}

aclError aclrtGetFunctionAddr(aclrtFuncHandle funcHandle, void **aicAddr, void **aivAddr)
{
    GECL_ENTER();
    (void)funcHandle, (void)aicAddr, (void)aivAddr;
    return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "an OpenCL kernel has no device code address");
}

aclError aclrtGetFunctionSize(aclrtFuncHandle funcHandle, size_t *aicSize, size_t *aivSize)
{
    GECL_ENTER();
    (void)funcHandle, (void)aicSize, (void)aivSize;
    return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "OpenCL does not tell the size of a kernel's device code");
}

aclError aclrtGetFunctionAttribute(aclrtFuncHandle funcHandle, aclrtFuncAttribute attrType, int64_t *attrValue)
{
    GECL_ENTER();
    (void)funcHandle, (void)attrType, (void)attrValue;
    return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "kernel type, core ratio and schedule mode describe Ascend cores; an "
                     "OpenCL kernel has none of them");
}

aclError aclrtGetHardwareSyncAddr(void **addr)
{
    GECL_ENTER();
    (void)addr;
    return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "there is no cube/vector core synchronisation address on OpenCL");
}
