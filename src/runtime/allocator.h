/* allocator.h: the caller's allocator registered for a stream (allocator.c). */
#ifndef GECL_RUNTIME_ALLOCATOR_H
#define GECL_RUNTIME_ALLOCATOR_H

#include "acl/acl_rt_allocator.h"

struct gecl_stream;

typedef struct gecl_allocator {
    aclrtAllocatorDesc desc; /* the description it was registered from */
    aclrtAllocator obj;
    aclrtAllocatorAllocFunc alloc;
    aclrtAllocatorFreeFunc free_block;
    aclrtAllocatorAllocAdviseFunc alloc_advise; /* may be NULL */
    aclrtAllocatorGetAddrFromBlockFunc addr_of;
} gecl_allocator;

/* 1 and *out when an allocator is registered for s. For gecl code that allocates memory for
 * work on a stream where CANN would use the caller's allocator. */
int gecl_stream_allocator(const struct gecl_stream *s, gecl_allocator *out);
/* Drops s's registration (the stream is going away). */
void gecl_allocator_forget(const struct gecl_stream *s);

#endif
