/* kernel_sources.h: the OpenCL sources of kernels/, embedded at build time (design.md decision 4). */
#ifndef GECL_RUNTIME_KERNEL_SOURCES_H
#define GECL_RUNTIME_KERNEL_SOURCES_H

#include <stddef.h>

typedef struct gecl_kernel_source {
    const char *name;    /* file name without .cl */
    const char *source;
    size_t length;
} gecl_kernel_source;

extern const gecl_kernel_source gecl_kernel_sources[];
extern const size_t gecl_kernel_source_count;

/* The embedded source kernels/<name>.cl, or NULL. */
const gecl_kernel_source *gecl_kernel_source_find(const char *name);

#endif
