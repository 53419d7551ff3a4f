/* memory.h: resolving device pointers for the copy, memset and interop paths. */
#ifndef GECL_RUNTIME_MEMORY_H
#define GECL_RUNTIME_MEMORY_H

#include "addrmap.h"

/* Resolves p to its block and offset and checks that `count` bytes from p stay inside the
 * allocation. `what` names the argument in the message ("dst", "devPtr", ...). */
aclError gecl_mem_resolve(const void *p, size_t count, const char *what, gecl_block *blk, size_t *off);

/* aclrtMalloc on a given device (no current context needed): for graph outputs gecl allocates. */
aclError gecl_device_malloc(gecl_device *d, size_t size, void **devPtr);
/* A buffer of `size` bytes counted against d's memory (aclrtMallocPhysical), and its release. */
aclError gecl_device_buffer(gecl_device *d, size_t size, cl_mem *mem);
void gecl_device_buffer_free(gecl_device *d, cl_mem mem, size_t size);

/* 1 when `policy` is an aclrtMemMallocPolicy value (with its flag bits), for aclrtMallocWithCfg. */
int gecl_mem_policy_valid(aclrtMemMallocPolicy policy);

#endif
