/* bench_common.h: what the benchmarks share: failing loudly on any error (a benchmark that
 * carries on after a failed call reports nonsense), host memory, a monotonic clock, fixed
 * pseudo-random inputs, medians. */
#ifndef GECL_BENCH_COMMON_H
#define GECL_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "acl/acl.h"
#include "gecl/gecl.h"
#include "gecl/gecl_rt.h"

/* gecl_initialize (device 0) + aclInit + aclrtSetDevice(0) + a stream + a session, and device 0's
 * OpenCL handles: what every graph benchmark starts with. */
void bench_session_open(aclrtStream *stream, gecl_session *session, cl_device_id *dev, cl_context *ctx);

/* Each prints the call, the file and line and the library's message to stderr, then exits 1. */
void bench_acl_check(aclError err, const char *what, const char *file, int line);
void bench_ge_check(gecl_status st, const char *what, const char *file, int line);
void bench_cl_check(cl_int err, const char *what, const char *file, int line);
#define ACL_CHECK(call) bench_acl_check((call), #call, __FILE__, __LINE__)
#define GE_CHECK(call) bench_ge_check((call), #call, __FILE__, __LINE__)
#define CL_CHECK(call) bench_cl_check((call), #call, __FILE__, __LINE__)

void *bench_xmalloc(size_t n);
double bench_now_s(void);
/* Values in [-1, 1) from a fixed LCG: every run of a benchmark computes the same thing. */
void bench_fill_random(float *v, size_t n, uint32_t seed);
/* The median of n values (sorts them). */
double bench_median(double *v, size_t n);

#endif
