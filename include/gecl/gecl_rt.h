/*
 * gecl_rt.h: gecl's own additions to the ACL runtime: OpenCL interoperability (run your own
 * kernels on an aclrtStream, on aclrtMalloc'd memory), device descriptions, the program cache,
 * and live-object counts. Nothing here is needed by a CANN program; everything returns aclError
 * and leaves a message for aclGetRecentErrMsg() like the ACL API does.
 */
#ifndef GECL_GECL_RT_H_
#define GECL_GECL_RT_H_

#include <stddef.h>
#include <stdint.h>

#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 300
#endif
#include <CL/cl.h>

#include "acl/acl_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The OpenCL objects behind ACL device `deviceId` (one cl_context per device, owned by gecl). */
ACL_FUNC_VISIBILITY aclError gecl_rt_device_cl(int32_t deviceId, cl_platform_id *platform,
                                               cl_device_id *device, cl_context *context);

/* The in-order command queue behind `stream` (NULL: the current context's default stream).
 * Work enqueued on it is ordered with the stream's ACL work. gecl keeps ownership. */
ACL_FUNC_VISIBILITY aclError gecl_rt_stream_queue(aclrtStream stream, cl_command_queue *queue);

/* Resolves any pointer inside a live aclrtMalloc allocation to the buffer holding it, the byte
 * offset of the pointer in that buffer, and the bytes from the pointer to the allocation's end.
 * Kernels take (buffer, offset) pairs: OpenCL has no pointer arithmetic on cl_mem. */
ACL_FUNC_VISIBILITY aclError gecl_rt_resolve(const void *devPtr, cl_mem *buffer, size_t *offset,
                                             size_t *bytesToEnd);

typedef struct gecl_device_desc {
    char name[256];
    char platform[256];
    char vendor[256];
    char driver[128];
    char version[128];       /* CL_DEVICE_VERSION */
    cl_device_type type;
    uint64_t global_mem;     /* bytes */
    uint64_t max_alloc;      /* CL_DEVICE_MAX_MEM_ALLOC_SIZE */
    uint32_t compute_units;
    uint32_t max_work_group;
    int fp16;                /* cl_khr_fp16 */
    int fp64;                /* cl_khr_fp64 or a non-zero CL_DEVICE_DOUBLE_FP_CONFIG */
} gecl_device_desc;

/* Works before aclInit too (it enumerates devices on its own), for tools such as `gecl devices`. */
ACL_FUNC_VISIBILITY aclError gecl_rt_describe_device(int32_t deviceId, gecl_device_desc *desc);

/* Builds (or fetches from the memory and disk caches) a program for `deviceId`. The returned
 * program stays owned by the cache: do not release it; it lives until aclFinalize. */
ACL_FUNC_VISIBILITY aclError gecl_rt_program(int32_t deviceId, const char *source,
                                             const char *options, cl_program *program);

typedef struct gecl_program_cache_stats {
    uint64_t memory_hits;    /* found already built in this process */
    uint64_t disk_hits;      /* loaded as a binary from the disk cache */
    uint64_t source_builds;  /* compiled from source */
    uint64_t disk_writes;    /* binaries written to the disk cache */
} gecl_program_cache_stats;

ACL_FUNC_VISIBILITY aclError gecl_rt_program_cache_stats(gecl_program_cache_stats *stats);

typedef struct gecl_rt_counts {
    uint64_t allocations;    /* live aclrtMalloc blocks */
    uint64_t host_allocations; /* live aclrtMallocHost blocks */
    uint64_t device_bytes;   /* bytes held by live aclrtMalloc blocks */
    uint64_t streams;        /* live user streams (default streams not counted) */
    uint64_t events;
    uint64_t contexts;       /* live user contexts (default contexts not counted) */
} gecl_rt_counts;

/* *registered: 1 when a caller's allocator is registered for `stream` (aclrtAllocatorRegister),
 * else 0 (stream NULL included). Unlike aclrtAllocatorGetByStream, "none registered" is not an
 * error, so gecl's graph layer can ask before every run without leaving a message behind. */
ACL_FUNC_VISIBILITY aclError gecl_rt_stream_has_allocator(aclrtStream stream, int *registered);

/* Counts of live runtime objects, for leak checks in tests and tools. */
ACL_FUNC_VISIBILITY aclError gecl_rt_live_counts(gecl_rt_counts *counts);

#ifdef __cplusplus
}
#endif

#endif /* GECL_GECL_RT_H_ */
