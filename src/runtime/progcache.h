/* progcache.h: built OpenCL programs, cached in memory per (source, options, device) and on
 * disk as binaries keyed by SHA-256 (design.md decision 4). */
#ifndef GECL_RUNTIME_PROGCACHE_H
#define GECL_RUNTIME_PROGCACHE_H

#include <stdio.h>

#include "device.h"

/* A built program for d. The cache owns it: callers must not release it. A build failure
 * returns ACL_ERROR_OP_LOAD_FAILED with the build log in the message. */
aclError gecl_progcache_get(gecl_device *d, const char *source, size_t length, const char *options, cl_program *out);

/* The same for a SPIR-V module (clCreateProgramWithIL); the caller checks that d takes SPIR-V. */
aclError gecl_progcache_get_il(gecl_device *d, const void *il, size_t length, const char *options, cl_program *out);

/* A kernel `name` from the embedded kernels/<file>.cl, built for d; caller releases the kernel. */
aclError gecl_progcache_kernel(gecl_device *d, const char *file, const char *options, const char *name, cl_kernel *out);

void gecl_progcache_clear(void);

/* The on-disk cache's folder in out (created if needed): 1, or 0 when the disk cache is off
 * (GECL_DISK_CACHE=0) or no folder can be made. Files that belong beside the programs (the
 * tuning tables of gecl tune) go there too. */
int gecl_progcache_dir(char *out, size_t cap);

/* A new file of this process's own at path, open for writing: what had the name before (a
 * planted link, a file a killed writer left) is removed, never written through (O_EXCL,
 * O_NOFOLLOW). NULL with errno when it cannot be made. For temporary names renamed into the
 * cache folder. */
FILE *gecl_create_new_file(const char *path);
void gecl_progcache_get_stats(gecl_program_cache_stats *stats);

#endif
