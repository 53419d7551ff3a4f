/* kernel_sources.c: lookup in the table generated from the files in kernels/. */
#include "kernel_sources.h"

#include <string.h>

const gecl_kernel_source *gecl_kernel_source_find(const char *name)
{
    for (size_t i = 0; i < gecl_kernel_source_count; i++)
        if (!strcmp(gecl_kernel_sources[i].name, name)) return &gecl_kernel_sources[i];
    return NULL;
}
