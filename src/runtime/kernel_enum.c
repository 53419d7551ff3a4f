/* kernel_enum.c: the functions of a loaded binary as a list (aclrtBinaryGetFunctionCount,
 * aclrtBinaryEnumerateFunctions), in the order OpenCL lists the program's kernels
 * (CL_PROGRAM_KERNEL_NAMES), and the binary's exception callback. */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kernel.h"
#include "runtime.h"

/* The program's kernel names, ';'-separated as OpenCL gives them (caller frees), and their count. */
static aclError kernel_names(gecl_kbin *b, char **names, uint32_t *count)
{
    size_t n = 0, len = 0;
    cl_int err = clGetProgramInfo(b->program, CL_PROGRAM_NUM_KERNELS, sizeof n, &n, NULL);
    if (err == CL_SUCCESS) err = clGetProgramInfo(b->program, CL_PROGRAM_KERNEL_NAMES, 0, NULL, &len);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "clGetProgramInfo (the binary's kernels)");
    if (n > UINT32_MAX) return gecl_fail(ACL_ERROR_INVALID_PARAM, "the binary has %zu kernels, more than a uint32_t", n);
    char *s = malloc(len + 1);
    if (!s) return gecl_fail_oom();
    err = clGetProgramInfo(b->program, CL_PROGRAM_KERNEL_NAMES, len, s, NULL);
    if (err != CL_SUCCESS) {
        free(s);
        return gecl_fail_cl(err, "clGetProgramInfo (CL_PROGRAM_KERNEL_NAMES)");
    }
    s[len] = '\0';
    *names = s;
    *count = (uint32_t)n;
    return ACL_SUCCESS;
}

aclError aclrtBinaryGetFunctionCount(aclrtBinHandle binHandle, uint32_t *count)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(count, "count must not be NULL");
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kbin *b = gecl_kbin_lookup(binHandle);
    char *names = NULL;
    aclError rc = b ? kernel_names(b, &names, count) : ACL_ERROR_INVALID_PARAM;
    pthread_mutex_unlock(&gecl_kernel_lock);
    free(names);
    return rc;
}

/* Fills min(numFunctions, kernel count) handles, the same ones aclrtBinaryGetFunction gives. */
aclError aclrtBinaryEnumerateFunctions(const aclrtBinHandle binHandle, aclrtFuncHandle *funcHandles,
                                       uint32_t numFunctions)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(funcHandles, "funcHandles must not be NULL");
    GECL_CHECK_ARG(numFunctions > 0, "numFunctions must be greater than 0");
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kbin *b = gecl_kbin_lookup(binHandle);
    char *names = NULL, *save = NULL;
    uint32_t n = 0, i = 0;
    aclError rc = b ? kernel_names(b, &names, &n) : ACL_ERROR_INVALID_PARAM;
    for (char *name = rc ? NULL : strtok_r(names, ";", &save); name && i < numFunctions && !rc;
         name = strtok_r(NULL, ";", &save)) {
        gecl_kfunc *f = NULL;
        if (!(rc = gecl_kbin_function(b, name, &f))) funcHandles[i++] = f->handle;
    }
    pthread_mutex_unlock(&gecl_kernel_lock);
    free(names);
    return rc;
}

/* Kept with the binary (NULL removes it); gecl has no asynchronous task exceptions, errors
 * come back from the call that meets them, so it is never called. */
aclError aclrtBinarySetExceptionCallback(aclrtBinHandle binHandle, aclrtOpExceptionCallback callback, void *userData)
{
    GECL_CHECK_INIT();
    pthread_mutex_lock(&gecl_kernel_lock);
    gecl_kbin *b = gecl_kbin_lookup(binHandle);
    if (b) {
        b->exc_cb = callback;
        b->exc_data = userData;
    }
    pthread_mutex_unlock(&gecl_kernel_lock);
    return b ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
}
