/* hostmem.h: pinned host memory from aclrtMallocHost (design.md decision 3): a
 * CL_MEM_ALLOC_HOST_PTR buffer kept mapped for the allocation's lifetime. */
#ifndef GECL_RUNTIME_HOSTMEM_H
#define GECL_RUNTIME_HOSTMEM_H

#include <stddef.h>

#include "device.h"

aclError gecl_hostmem_alloc(gecl_device *d, size_t size, void **out);
/* ACL_ERROR_INVALID_PARAM (with message) unless p is the start of a live pinned block. */
aclError gecl_hostmem_free(void *p);
/* 1 when p lies inside a live pinned block (its device in *d), else 0. */
int gecl_hostmem_find(const void *p, gecl_device **d);
void gecl_hostmem_release_all(void);
size_t gecl_hostmem_count(void);

#endif
