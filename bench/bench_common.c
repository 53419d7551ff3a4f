/* bench_common.c: see bench_common.h. */
#define _POSIX_C_SOURCE 200809L

#include "bench_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void die(const char *file, int line, const char *what, const char *kind, long code, const char *msg)
{
    fflush(stdout);
    fprintf(stderr, "%s:%d: %s failed: %s %ld%s%s\n", file, line, what, kind, code, msg ? ": " : "", msg ? msg : "");
    exit(1);
}

void bench_acl_check(aclError err, const char *what, const char *file, int line)
{
    if (err != ACL_SUCCESS) die(file, line, what, "aclError", (long)err, aclGetRecentErrMsg());
}

void bench_ge_check(gecl_status st, const char *what, const char *file, int line)
{
    if (st != GECL_SUCCESS) die(file, line, what, "status", (long)st, gecl_last_error());
}

void bench_cl_check(cl_int err, const char *what, const char *file, int line)
{
    if (err != CL_SUCCESS) die(file, line, what, "OpenCL error", (long)err, NULL);
}

void bench_session_open(aclrtStream *stream, gecl_session *session, cl_device_id *dev, cl_context *ctx)
{
    const char *keys[] = {"ge.exec.deviceId", "ge.graphRunMode"}, *values[] = {"0", "0"};
    GE_CHECK(gecl_initialize(2, keys, values));
    ACL_CHECK(aclInit(NULL));
    ACL_CHECK(aclrtSetDevice(0));
    ACL_CHECK(aclrtCreateStream(stream));
    GE_CHECK(gecl_session_create(0, NULL, NULL, session));
    cl_platform_id plat;
    ACL_CHECK(gecl_rt_device_cl(0, &plat, dev, ctx));
}

void *bench_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "out of host memory (%zu bytes)\n", n);
        exit(1);
    }
    return p;
}

double bench_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void bench_fill_random(float *v, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        v[i] = (float)((seed >> 8) & 0xFFFF) / 32768.0f - 1.0f;
    }
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, size_t n)
{
    if (n == 0) return 0.0;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}
