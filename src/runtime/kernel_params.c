/* kernel_params.c: how an argument blob maps onto an OpenCL kernel's parameters.
 *
 * CANN passes a kernel's arguments as one blob of bytes; an OpenCL kernel takes one
 * clSetKernelArg per parameter, and a pointer parameter takes a cl_mem, not an address. The
 * layout gecl gives the blob, parameter by parameter in declaration order, each starting on a
 * multiple of 8 bytes (CANN aligns each argument to 8 bytes too):
 *   __global / __constant pointer  8 bytes: a device address from aclrtMalloc (0 for NULL)
 *   __local pointer                8 bytes: the byte count of local memory to give it
 *   by-value scalar or vector      its OpenCL size (int 4, float4 16, double3 32, ...)
 * Which parameter is which comes from the driver's argument information (the program is built
 * with -cl-kernel-arg-info; PoCL and rusticl keep it in cached binaries too). Type names that are
 * typedefs of scalars are resolved through the source's typedef lines; struct, image, sampler and
 * pipe parameters are refused when the function is looked up, naming the parameter. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kernel.h"

static size_t round8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* Size of an OpenCL C scalar type name; 0 when it is not one. */
static size_t scalar_size(const char *t, size_t len, cl_uint address_bits)
{
    static const struct { const char *name; size_t size; } table[] = {
        {"char", 1}, {"uchar", 1}, {"unsigned char", 1}, {"signed char", 1},
        {"short", 2}, {"ushort", 2}, {"unsigned short", 2}, {"half", 2},
        {"int", 4}, {"uint", 4}, {"unsigned int", 4}, {"unsigned", 4}, {"float", 4},
        {"long", 8}, {"ulong", 8}, {"unsigned long", 8}, {"double", 8},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strlen(table[i].name) == len && !strncmp(t, table[i].name, len)) return table[i].size;
    static const char *const addr_sized[] = {"size_t", "ptrdiff_t", "intptr_t", "uintptr_t"};
    for (size_t i = 0; i < 4; i++)
        if (strlen(addr_sized[i]) == len && !strncmp(t, addr_sized[i], len)) return address_bits / 8;
    return 0;
}

/* Size of a scalar or vector type name ("float", "uint4", "double3"); 0 when unknown. */
static size_t value_size(const char *t, cl_uint address_bits)
{
    while (!strncmp(t, "const ", 6) || !strncmp(t, "volatile ", 9)) t += t[0] == 'c' ? 6 : 9;
    size_t len = strlen(t);
    while (len && t[len - 1] == ' ') len--;
    size_t digits = 0;
    while (digits < len && isdigit((unsigned char)t[len - 1 - digits])) digits++;
    size_t base = scalar_size(t, len - digits, address_bits);
    if (!base || !digits) return digits ? 0 : base;
    unsigned n = (unsigned)atoi(t + len - digits);
    if (n != 2 && n != 3 && n != 4 && n != 8 && n != 16) return 0;
    return base * (n == 3 ? 4 : n); /* a 3-vector is laid out as a 4-vector */
}

/* The type a `typedef <type> name;` in `src` gives `name`, copied to out; 0 when none. */
static int find_typedef(const char *src, size_t src_len, const char *name, char *out, size_t cap)
{
    size_t nlen = strlen(name);
    for (const char *p = src; p && p < src + src_len; p++) {
        p = memmem(p, (size_t)(src + src_len - p), "typedef", 7);
        if (!p) return 0;
        const char *end = memchr(p, ';', (size_t)(src + src_len - p));
        if (!end) return 0;
        const char *q = end; /* the last word before ';' */
        while (q > p && isspace((unsigned char)q[-1])) q--;
        const char *w = q;
        while (w > p && (isalnum((unsigned char)w[-1]) || w[-1] == '_')) w--;
        if ((size_t)(q - w) != nlen || strncmp(w, name, nlen)) continue;
        const char *t = p + 7;
        while (t < w && isspace((unsigned char)*t)) t++;
        size_t tl = (size_t)(w - t);
        while (tl && isspace((unsigned char)t[tl - 1])) tl--;
        if (!tl || tl >= cap) return 0;
        memcpy(out, t, tl);
        out[tl] = '\0';
        for (char *c = out; *c; c++) if (isspace((unsigned char)*c)) *c = ' ';
        return 1;
    }
    return 0;
}

static aclError param_of(gecl_kfunc *f, cl_device_id dev, cl_uint i, const char *src, size_t src_len,
                         cl_uint address_bits, gecl_kparam *out)
{
    cl_kernel_arg_address_qualifier aq = 0;
    char type[128] = "", name[128] = "";
    cl_int err = clGetKernelArgInfo(f->kernel, i, CL_KERNEL_ARG_ADDRESS_QUALIFIER, sizeof aq, &aq, NULL);
    if (err == CL_SUCCESS) err = clGetKernelArgInfo(f->kernel, i, CL_KERNEL_ARG_TYPE_NAME, sizeof type, type, NULL);
    if (err == CL_KERNEL_ARG_INFO_NOT_AVAILABLE)
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "kernel '%s': the OpenCL driver gives no argument information, so "
                         "an argument blob cannot be mapped onto its parameters", f->name);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "clGetKernelArgInfo");
    clGetKernelArgInfo(f->kernel, i, CL_KERNEL_ARG_NAME, sizeof name, name, NULL);
    (void)dev;
    if (aq == CL_KERNEL_ARG_ADDRESS_GLOBAL || aq == CL_KERNEL_ARG_ADDRESS_CONSTANT) {
        if (strchr(type, '*')) { *out = (gecl_kparam){GECL_KPARAM_GLOBAL, 8, 0}; return ACL_SUCCESS; }
    } else if (aq == CL_KERNEL_ARG_ADDRESS_LOCAL) {
        *out = (gecl_kparam){GECL_KPARAM_LOCAL, 8, 0};
        return ACL_SUCCESS;
    } else {
        size_t size = value_size(type, address_bits);
        char resolved[128];
        strcpy(resolved, type);
        for (int depth = 0; !size && src && depth < 4 && find_typedef(src, src_len, resolved, resolved, sizeof resolved); depth++)
            size = value_size(resolved, address_bits);
        if (size) { *out = (gecl_kparam){GECL_KPARAM_VALUE, size, 0}; return ACL_SUCCESS; }
    }
    return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "kernel '%s', parameter %u ('%s', type %s): only __global/__constant "
                     "and __local pointers and scalar or vector values can be passed in an argument blob (no structs, "
                     "images, samplers or pipes)", f->name, i, name, type);
}

aclError gecl_kfunc_describe(gecl_kfunc *f, const char *source, size_t source_len)
{
    cl_device_id dev = f->bin->device->dev;
    cl_uint n = 0, address_bits = 64;
    cl_int err = clGetKernelInfo(f->kernel, CL_KERNEL_NUM_ARGS, sizeof n, &n, NULL);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "clGetKernelInfo(CL_KERNEL_NUM_ARGS)");
    clGetDeviceInfo(dev, CL_DEVICE_ADDRESS_BITS, sizeof address_bits, &address_bits, NULL);

    size_t wg[3] = {0, 0, 0};
    clGetKernelWorkGroupInfo(f->kernel, dev, CL_KERNEL_COMPILE_WORK_GROUP_SIZE, sizeof wg, wg, NULL);
    if (wg[1] > 1 || wg[2] > 1)
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "kernel '%s' requires a work-group of %zu x %zu x %zu: only "
                         "one-dimensional groups map onto numBlocks", f->name, wg[0], wg[1], wg[2]);
    f->reqd_local = wg[0];

    f->params = calloc(n ? n : 1, sizeof *f->params);
    if (!f->params) return gecl_fail_oom();
    size_t offset = 0;
    for (cl_uint i = 0; i < n; i++) {
        aclError rc = param_of(f, dev, i, source, source_len, address_bits, &f->params[i]);
        if (rc) return rc;
        f->params[i].offset = offset;
        offset = round8(offset + f->params[i].size);
    }
    f->nparams = n;
    f->blob_size = offset;
    return ACL_SUCCESS;
}
