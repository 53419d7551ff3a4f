/*
 * bench_runtime.c: the ACL runtime's costs next to raw OpenCL, measured in one run on ACL device 0.
 *
 *   0. completion the timed calls really finish their work before they (or the synchronise)
 *                 return; a failure is printed and makes the figures that use the call invalid.
 *   1. bandwidth  aclrtMemcpy / aclrtMemcpyAsync+aclrtSynchronizeStream against
 *                 clEnqueueWrite/Read/CopyBuffer on a queue and buffers the benchmark creates
 *                 itself in the same cl_context (gecl_rt_device_cl); pageable (malloc) and pinned
 *                 (aclrtMallocHost / a mapped CL_MEM_ALLOC_HOST_PTR buffer) host memory. A third
 *                 column, diag, runs the raw calls on gecl's own memory, to tell the API's
 *                 overhead from the memory's placement.
 *   2. launch     a one-int kernel on the stream's queue (gecl_rt_stream_queue) +
 *                 aclrtSynchronizeStream, and aclrtMemsetAsync(4 B) + aclrtSynchronizeStream,
 *                 against the same kernel on the raw queue + clFinish.
 *   3. scaling    256 B aclrtMemcpyAsync / aclrtMemsetAsync + sync with 1..10,000 live
 *                 allocations and 1..64 live streams, as a ratio to the 1/1 case, normalised by a
 *                 raw clEnqueueWriteBuffer + clFinish control measured alongside (machine drift,
 *                 and costs that grow inside the OpenCL driver itself, cancel out).
 *
 * Every figure is a median over samples (CLOCK_MONOTONIC), each the mean of a short batch of
 * calls, after a warm-up; the compared calls run interleaved batch by batch (see measure()). The
 * benchmark reports; it exits 0 whatever the figures, and 1 (with aclGetRecentErrMsg()) when a
 * call fails. About 16 s on a 2-core machine with PoCL, 6 s with --quick.
 *
 *   bench_runtime [--quick] [--raw-profiling]
 *     --quick          fewer repetitions (also GECL_BENCH_QUICK=1), for CI
 *     --raw-profiling  create the raw queue with CL_QUEUE_PROFILING_ENABLE, as gecl's streams are
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "acl/acl.h"
#include "gecl/gecl_rt.h"

/* ------------------------------------------------------------------------------------------ */
/* errors                                                                                     */

#define ACL_CHECK(call) acl_check((call), #call, __LINE__)
#define CL_CHECK(call) cl_check((call), #call, __LINE__)

static void acl_check(aclError err, const char *what, int line)
{
    if (err == ACL_SUCCESS)
        return;
    fflush(stdout);
    fprintf(stderr, "bench_runtime.c:%d: %s failed: aclError %d: %s\n", line, what, (int)err,
            aclGetRecentErrMsg());
    exit(1);
}

static void cl_check(cl_int err, const char *what, int line)
{
    if (err == CL_SUCCESS)
        return;
    fflush(stdout);
    fprintf(stderr, "bench_runtime.c:%d: %s failed: OpenCL error %d\n", line, what, (int)err);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL) {
        fprintf(stderr, "bench_runtime: out of host memory (%zu bytes)\n", n);
        exit(1);
    }
    return p;
}

/* ------------------------------------------------------------------------------------------ */
/* timing                                                                                     */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return (n % 2) ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

typedef struct bench_op {
    void (*fn)(void *ctx);
    void *ctx;
} bench_op;

/* Cache state. Every timed sample starts from the same cache state whatever ran before it:
 *   PRIME_SAME  the op runs once untimed first: small copies, all memory in the last-level cache;
 *   PRIME_EVICT a scratch buffer of twice the LLC is walked first: copies that touch about one
 *               LLC, which would otherwise run 1.5x faster or slower depending on whose memory the
 *               op before them touched (so the comparison would measure the cache, not the API);
 *   PRIME_NONE  copies that touch more than twice the LLC: they evict everything themselves. */
enum { PRIME_SAME, PRIME_EVICT, PRIME_NONE };
static size_t llc_bytes;
static unsigned char *scratch;
static volatile unsigned scratch_sink;

/* The last-level cache's size: sysfs first (a VM's CPUID may claim the host's), then sysconf. */
static size_t detect_llc(void)
{
    size_t best = 0;
    for (int i = 0; i < 8; i++) {
        char path[96], buf[32];
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        if (fgets(buf, sizeof buf, f) != NULL) {
            char *end;
            unsigned long long v = strtoull(buf, &end, 10);
            if (*end == 'K')
                v <<= 10;
            else if (*end == 'M')
                v <<= 20;
            if (v > best)
                best = (size_t)v;
        }
        fclose(f);
    }
#ifdef _SC_LEVEL3_CACHE_SIZE
    if (best == 0) {
        long v = sysconf(_SC_LEVEL3_CACHE_SIZE);
        if (v > 0)
            best = (size_t)v;
    }
#endif
    if (best < (1u << 20) || best > (1024u << 20))
        best = 32u << 20;
    return best;
}

static void evict_caches(void)
{
    size_t n = 2 * llc_bytes;
    if (scratch == NULL) {
        scratch = xmalloc(n);
        memset(scratch, 1, n);
    }
    unsigned acc = 0;
    for (size_t i = 0; i < n; i += 64) { /* read and write every line */
        acc += scratch[i];
        scratch[i] = (unsigned char)acc;
    }
    scratch_sink = acc;
}

/* Runs each op `warmup` times, then `rounds` rounds in which every op in turn is primed (see
 * above) and run `batch` times timed; one sample is the mean time of one batch. Writes each op's
 * median sample in ns.
 *
 * Why this shape: on a small virtual machine the time of one enqueue-and-wait is bimodal (the
 * OpenCL worker thread is awake or asleep: ~20 vs ~45 us on PoCL) and the mix drifts over tens
 * of milliseconds. The median of single calls then jumps between the modes when the mix moves a
 * little; the median of short batch means moves smoothly with it. Interleaving the ops batch by
 * batch, with the order rotating every round, gives every op the same mix. */
static void measure(const bench_op *ops, size_t nops, int warmup, int rounds, int batch, int prime,
                    double *median_ns)
{
    double *samples = xmalloc(nops * (size_t)rounds * sizeof *samples);
    for (int i = 0; i < warmup; i++)
        for (size_t o = 0; o < nops; o++)
            ops[o].fn(ops[o].ctx);
    for (int r = 0; r < rounds; r++) {
        for (size_t k = 0; k < nops; k++) {
            size_t o = ((size_t)r + k) % nops;
            if (prime == PRIME_EVICT)
                evict_caches();
            else if (prime == PRIME_SAME)
                ops[o].fn(ops[o].ctx);
            uint64_t t0 = now_ns();
            for (int i = 0; i < batch; i++)
                ops[o].fn(ops[o].ctx);
            samples[o * (size_t)rounds + (size_t)r] = (double)(now_ns() - t0) / batch;
        }
    }
    for (size_t o = 0; o < nops; o++)
        median_ns[o] = median_of(samples + o * (size_t)rounds, (size_t)rounds);
    free(samples);
}

/* ------------------------------------------------------------------------------------------ */
/* state                                                                                      */

static struct bench_state {
    int quick;
    cl_context ctx;
    cl_device_id dev;
    aclrtStream stream;      /* gecl's async work goes here */
    cl_command_queue rawq;   /* the baseline's own queue, same cl_context */
    size_t max_size;
    void *dev_a, *dev_b;     /* aclrtMalloc, max_size each */
    cl_mem raw_a, raw_b;     /* clCreateBuffer, max_size each */
    cl_mem gecl_a, gecl_b;   /* the buffers behind dev_a, dev_b, and their offsets */
    size_t gecl_a_off, gecl_b_off;
    void *host_page;         /* malloc, shared by both sides */
    void *host_pin_acl;      /* aclrtMallocHost */
    cl_mem raw_pin_buf;      /* CL_MEM_ALLOC_HOST_PTR, mapped for the run */
    void *host_pin_raw;
} g;

static uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static void fmt_size(char *buf, size_t n, size_t bytes)
{
    if (bytes >= (1u << 20))
        snprintf(buf, n, "%zuMiB", bytes >> 20);
    else
        snprintf(buf, n, "%zuKiB", bytes >> 10);
}

/* ------------------------------------------------------------------------------------------ */
/* 0. completion check                                                                        */

/* A figure is only worth something if the call it times has finished its work when it returns.
 * Each check runs the ACL call(s) on 16 MiB, then looks at the memory through the raw queue (a
 * blocking read) or, for device-to-host, at once. A failure is reported, not fatal. */
#define CHECK_BYTES (16u << 20)
enum { CK_H2D_SYNC, CK_H2D_ASYNC, CK_D2H_SYNC, CK_D2H_ASYNC, CK_MEMSET_ASYNC, CK_COUNT };
static const char *const check_names[CK_COUNT] = {
    "aclrtMemcpy h2d", "aclrtMemcpyAsync h2d + aclrtSynchronizeStream", "aclrtMemcpy d2h",
    "aclrtMemcpyAsync d2h + aclrtSynchronizeStream",
    "aclrtMemsetAsync + aclrtSynchronizeStream"};
static int check_failures[CK_COUNT];
#define CHECK_TRIES 5

static size_t count_mismatches(const unsigned char *p, size_t n, unsigned char want)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += p[i] != want;
    return bad;
}

static void check_completion(void)
{
    size_t n = CHECK_BYTES < g.max_size ? CHECK_BYTES : g.max_size;
    unsigned char *host = g.host_page, *back = xmalloc(n);
    printf("\n[0] completion: is the work done when the call (or the synchronise) returns? "
           "%zu MiB, %d tries each\n", n >> 20, CHECK_TRIES);
    for (int ck = 0; ck < CK_COUNT; ck++) {
        size_t worst = 0;
        for (int t = 0; t < CHECK_TRIES; t++) {
            unsigned char want = (unsigned char)(0x10 + 16 * ck + t);
            size_t bad;
            if (ck == CK_H2D_SYNC || ck == CK_H2D_ASYNC || ck == CK_MEMSET_ASYNC) {
                memset(host, want, n);
                if (ck == CK_H2D_SYNC) {
                    ACL_CHECK(aclrtMemcpy(g.dev_a, g.max_size, host, n, ACL_MEMCPY_HOST_TO_DEVICE));
                } else if (ck == CK_H2D_ASYNC) {
                    ACL_CHECK(aclrtMemcpyAsync(g.dev_a, g.max_size, host, n,
                                               ACL_MEMCPY_HOST_TO_DEVICE, g.stream));
                    ACL_CHECK(aclrtSynchronizeStream(g.stream));
                } else {
                    ACL_CHECK(aclrtMemsetAsync(g.dev_a, g.max_size, want, n, g.stream));
                    ACL_CHECK(aclrtSynchronizeStream(g.stream));
                }
                memset(host, 0xee, n); /* a copy still reading the source picks this up */
                CL_CHECK(clEnqueueReadBuffer(g.rawq, g.gecl_a, CL_TRUE, g.gecl_a_off, n, back, 0,
                                             NULL, NULL));
                bad = count_mismatches(back, n, want);
            } else {
                memset(back, want, n);
                CL_CHECK(clEnqueueWriteBuffer(g.rawq, g.gecl_a, CL_TRUE, g.gecl_a_off, n, back, 0,
                                              NULL, NULL));
                memset(host, 0xee, n);
                if (ck == CK_D2H_SYNC) {
                    ACL_CHECK(aclrtMemcpy(host, n, g.dev_a, n, ACL_MEMCPY_DEVICE_TO_HOST));
                } else {
                    ACL_CHECK(aclrtMemcpyAsync(host, n, g.dev_a, n, ACL_MEMCPY_DEVICE_TO_HOST,
                                               g.stream));
                    ACL_CHECK(aclrtSynchronizeStream(g.stream));
                }
                bad = count_mismatches(host, n, want);
            }
            if (bad > 0)
                check_failures[ck]++;
            if (bad > worst)
                worst = bad;
            /* let anything still in flight land before the next try */
            ACL_CHECK(aclrtSynchronizeDevice());
            CL_CHECK(clFinish(g.rawq));
        }
        if (check_failures[ck] == 0)
            printf("    %-48s ok\n", check_names[ck]);
        else
            printf("    %-48s FAILED %d/%d tries: up to %zu of %zu bytes not yet written\n",
                   check_names[ck], check_failures[ck], CHECK_TRIES, worst, n);
    }
    memset(host, 0x5a, g.max_size);
    free(back);
    fflush(stdout);
}

/* ------------------------------------------------------------------------------------------ */
/* 1. bandwidth                                                                               */

enum { DIR_H2D, DIR_D2H, DIR_D2D, DIR_COUNT };
enum { API_GECL_SYNC, API_GECL_ASYNC, API_RAW_SYNC, API_RAW_ASYNC };
static const char *const dir_names[DIR_COUNT] = {"h2d", "d2h", "d2d"};

typedef struct copy_ctx {
    int dir;
    int api;
    size_t size;
    void *host;
    int gecl_mem; /* raw API on gecl's buffers (gecl_rt_resolve) instead of the raw ones */
} copy_ctx;

static void do_copy(void *p)
{
    const copy_ctx *c = p;
    size_t n = c->size;
    switch (c->api) {
    case API_GECL_SYNC:
        if (c->dir == DIR_H2D)
            ACL_CHECK(aclrtMemcpy(g.dev_a, g.max_size, c->host, n, ACL_MEMCPY_HOST_TO_DEVICE));
        else if (c->dir == DIR_D2H)
            ACL_CHECK(aclrtMemcpy(c->host, n, g.dev_a, n, ACL_MEMCPY_DEVICE_TO_HOST));
        else
            ACL_CHECK(aclrtMemcpy(g.dev_b, g.max_size, g.dev_a, n, ACL_MEMCPY_DEVICE_TO_DEVICE));
        break;
    case API_GECL_ASYNC:
        if (c->dir == DIR_H2D)
            ACL_CHECK(aclrtMemcpyAsync(g.dev_a, g.max_size, c->host, n, ACL_MEMCPY_HOST_TO_DEVICE,
                                       g.stream));
        else if (c->dir == DIR_D2H)
            ACL_CHECK(aclrtMemcpyAsync(c->host, n, g.dev_a, n, ACL_MEMCPY_DEVICE_TO_HOST,
                                       g.stream));
        else
            ACL_CHECK(aclrtMemcpyAsync(g.dev_b, g.max_size, g.dev_a, n,
                                       ACL_MEMCPY_DEVICE_TO_DEVICE, g.stream));
        ACL_CHECK(aclrtSynchronizeStream(g.stream));
        break;
    default: {
        cl_bool blocking = c->api == API_RAW_SYNC ? CL_TRUE : CL_FALSE;
        cl_mem a = c->gecl_mem ? g.gecl_a : g.raw_a, b = c->gecl_mem ? g.gecl_b : g.raw_b;
        size_t ao = c->gecl_mem ? g.gecl_a_off : 0, bo = c->gecl_mem ? g.gecl_b_off : 0;
        if (c->dir == DIR_H2D) {
            CL_CHECK(clEnqueueWriteBuffer(g.rawq, a, blocking, ao, n, c->host, 0, NULL, NULL));
        } else if (c->dir == DIR_D2H) {
            CL_CHECK(clEnqueueReadBuffer(g.rawq, a, blocking, ao, n, c->host, 0, NULL, NULL));
        } else {
            CL_CHECK(clEnqueueCopyBuffer(g.rawq, a, b, ao, bo, n, 0, NULL, NULL));
            blocking = CL_FALSE;
        }
        if (!blocking)
            CL_CHECK(clFinish(g.rawq));
        break;
    }
    }
}

#define N_SIZES 4
#define N_MODES 4 /* sync pageable, async pageable, sync pinned, async pinned */
static const size_t bw_sizes[N_SIZES] = {64u << 10, 1u << 20, 16u << 20, 64u << 20};
static const char *const mode_names[N_MODES] = {"sync  pageable", "async pageable",
                                                "sync  pinned", "async pinned"};

typedef struct bw_result {
    int valid;
    double gecl_gbs, raw_gbs, diag_gbs;
} bw_result;

static bw_result bw[DIR_COUNT][N_SIZES][N_MODES];

static void bench_bandwidth(void)
{
    llc_bytes = detect_llc();
    printf("\n[1] bandwidth, GB/s (1 GB = 1e9 B); median of samples, each the mean of a batch of copies\n"
           "    cache: LLC %zu MiB; sizes whose copies fit in it run warm, those near it run cold "
           "(LLC evicted first)\n", llc_bytes >> 20);
    printf("    raw: clEnqueue{Write,Read}Buffer blocking (sync) or non-blocking + clFinish "
           "(async); d2d: clEnqueueCopyBuffer + clFinish\n");
    printf("    diag: the raw calls on gecl's own memory (its buffers via gecl_rt_resolve, its host"
           " memory);\n          gecl/diag is the API's own overhead, diag/raw the memory's "
           "placement\n");
    printf("%-4s %-6s %-15s %9s %9s %9s %9s %9s %9s  %s\n", "dir", "size", "call  host", "gecl",
           "raw", "gecl/raw", "diag", "gecl/diag", "samples", "cache");
    for (int d = 0; d < DIR_COUNT; d++) {
        for (int s = 0; s < N_SIZES; s++) {
            size_t size = bw_sizes[s];
            char sz[32];
            fmt_size(sz, sizeof sz, size);
            if (size > g.max_size) {
                printf("%-4s %-6s skipped: larger than the device's max allocation\n",
                       dir_names[d], sz);
                continue;
            }
            /* samples x copies per sample: small copies are latency-bound and noisy */
            static const int full_rounds[N_SIZES] = {150, 100, 40, 30};
            static const int quick_rounds[N_SIZES] = {50, 30, 16, 10};
            static const int batches[N_SIZES] = {10, 4, 1, 1};
            int rounds = g.quick ? quick_rounds[s] : full_rounds[s], batch = batches[s];
            int warmup = 2;
            /* bytes one op touches (source and destination) against the LLC; 3 ops */
            int prime = 2 * size * 3 <= llc_bytes / 2 ? PRIME_SAME
                        : 2 * size >= 2 * llc_bytes  ? PRIME_NONE
                                                     : PRIME_EVICT;
            int nmodes = d == DIR_D2D ? 2 : N_MODES;
            for (int m = 0; m < nmodes; m++) {
                int async = m & 1, pinned = m >> 1;
                copy_ctx cg = {d, async ? API_GECL_ASYNC : API_GECL_SYNC, size,
                               pinned ? g.host_pin_acl : g.host_page, 0};
                copy_ctx cr = {d, async ? API_RAW_ASYNC : API_RAW_SYNC, size,
                               pinned ? g.host_pin_raw : g.host_page, 0};
                copy_ctx cd = cr;
                cd.host = cg.host;
                cd.gecl_mem = 1;
                bench_op ops[3] = {{do_copy, &cg}, {do_copy, &cr}, {do_copy, &cd}};
                double med[3];
                measure(ops, 3, warmup, rounds, batch, prime, med);
                bw_result *r = &bw[d][s][m];
                r->valid = 1;
                r->gecl_gbs = (double)size / med[0];
                r->raw_gbs = (double)size / med[1];
                r->diag_gbs = (double)size / med[2];
                const char *mode = d == DIR_D2D ? (async ? "async device" : "sync  device")
                                                : mode_names[m];
                static const char *const prime_names[3] = {"warm", "cold", "> 2 LLC"};
                printf("%-4s %-6s %-15s %9.2f %9.2f %8.2fx %9.2f %8.2fx %6dx%d  %s\n",
                       dir_names[d], sz, mode, r->gecl_gbs, r->raw_gbs, r->gecl_gbs / r->raw_gbs,
                       r->diag_gbs, r->gecl_gbs / r->diag_gbs, rounds, batch, prime_names[prime]);
                fflush(stdout);
            }
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* 2. launch cost                                                                             */

static const char launch_source[] =
    "__kernel void bench_write_one(__global int *p, ulong index) { p[index] = 1; }\n";

typedef struct launch_ctx {
    cl_command_queue queue;
    cl_kernel kernel;
    int sync_acl;     /* aclrtSynchronizeStream(g.stream) instead of clFinish(queue) */
    void *memset_ptr; /* non-NULL: aclrtMemsetAsync(4 B) instead of a kernel */
} launch_ctx;

static void do_launch(void *p)
{
    const launch_ctx *c = p;
    if (c->memset_ptr != NULL) {
        ACL_CHECK(aclrtMemsetAsync(c->memset_ptr, 4, 0x5a, 4, g.stream));
    } else {
        size_t one = 1;
        CL_CHECK(clEnqueueNDRangeKernel(c->queue, c->kernel, 1, NULL, &one, NULL, 0, NULL, NULL));
    }
    if (c->sync_acl)
        ACL_CHECK(aclrtSynchronizeStream(g.stream));
    else
        CL_CHECK(clFinish(c->queue));
}

static double launch_us[4]; /* raw, gecl kernel, gecl memset, gecl queue + clFinish */

static void bench_launch(void)
{
    cl_program prog;
    cl_int err;
    ACL_CHECK(gecl_rt_program(0, launch_source, "", &prog));
    cl_kernel k_gecl = clCreateKernel(prog, "bench_write_one", &err);
    CL_CHECK(err);
    cl_kernel k_raw = clCreateKernel(prog, "bench_write_one", &err);
    CL_CHECK(err);

    void *dev_k, *dev_m;
    ACL_CHECK(aclrtMalloc(&dev_k, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    ACL_CHECK(aclrtMalloc(&dev_m, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    cl_mem buf;
    size_t off, to_end;
    ACL_CHECK(gecl_rt_resolve(dev_k, &buf, &off, &to_end));
    cl_ulong index = off / sizeof(cl_int);
    CL_CHECK(clSetKernelArg(k_gecl, 0, sizeof buf, &buf));
    CL_CHECK(clSetKernelArg(k_gecl, 1, sizeof index, &index));
    cl_mem raw_buf = clCreateBuffer(g.ctx, CL_MEM_READ_WRITE, 64, NULL, &err);
    CL_CHECK(err);
    cl_ulong zero = 0;
    CL_CHECK(clSetKernelArg(k_raw, 0, sizeof raw_buf, &raw_buf));
    CL_CHECK(clSetKernelArg(k_raw, 1, sizeof zero, &zero));

    cl_command_queue gq;
    ACL_CHECK(gecl_rt_stream_queue(g.stream, &gq));

    launch_ctx c_raw = {g.rawq, k_raw, 0, NULL};
    launch_ctx c_kernel = {gq, k_gecl, 1, NULL};
    launch_ctx c_memset = {gq, NULL, 1, dev_m};
    launch_ctx c_diag = {gq, k_gecl, 0, NULL};
    bench_op ops[4] = {{do_launch, &c_raw}, {do_launch, &c_kernel}, {do_launch, &c_memset},
                       {do_launch, &c_diag}};
    int rounds = g.quick ? 150 : 300, batch = 10;
    double med[4];
    measure(ops, 4, 50, rounds, batch, PRIME_SAME, med);
    for (int i = 0; i < 4; i++)
        launch_us[i] = med[i] / 1000.0;

    /* the kernel really ran on gecl's memory */
    int check = 0;
    ACL_CHECK(aclrtMemcpy(&check, sizeof check, dev_k, sizeof check, ACL_MEMCPY_DEVICE_TO_HOST));
    if (check != 1) {
        fprintf(stderr, "bench_runtime: the launch kernel left %d, expected 1\n", check);
        exit(1);
    }

    printf("\n[2] launch cost, us per iteration (enqueue + wait); median of %d means of %d, "
           "interleaved\n", rounds, batch);
    printf("%-58s %9s %9s\n", "path", "us", "vs raw");
    static const char *const names[4] = {
        "raw:  kernel on raw queue + clFinish",
        "gecl: kernel on stream queue + aclrtSynchronizeStream",
        "gecl: aclrtMemsetAsync(4 B) + aclrtSynchronizeStream",
        "diag: kernel on stream queue + clFinish (no ACL call)",
    };
    for (int i = 0; i < 4; i++)
        printf("%-58s %9.2f %8.2fx\n", names[i], launch_us[i], launch_us[i] / launch_us[0]);
    fflush(stdout);

    CL_CHECK(clReleaseMemObject(raw_buf));
    CL_CHECK(clReleaseKernel(k_gecl));
    CL_CHECK(clReleaseKernel(k_raw));
    ACL_CHECK(aclrtFree(dev_k));
    ACL_CHECK(aclrtFree(dev_m));
}

/* ------------------------------------------------------------------------------------------ */
/* 3. scaling                                                                                 */

#define SMALL 256u
enum { SC_MEMCPY, SC_MEMSET, SC_RAW };

typedef struct scale_ctx {
    int kind;
    void **targets;          /* gecl: aclrtMalloc'd; raw: cl_mem */
    size_t ntargets;
    aclrtStream *streams;    /* gecl streams */
    cl_command_queue *queues; /* raw queues */
    size_t nstreams;
    const void *host;
    uint32_t rng;
} scale_ctx;

/* One 256 B op on a random target of the first `ntargets`, on a random stream of `nstreams`. */
static void do_scale(void *p)
{
    scale_ctx *c = p;
    uint32_t r = xorshift32(&c->rng);
    size_t t = r % c->ntargets, s = (r >> 16) % c->nstreams;
    if (c->kind == SC_RAW) {
        cl_command_queue q = c->queues[s];
        CL_CHECK(clEnqueueWriteBuffer(q, (cl_mem)c->targets[t], CL_FALSE, 0, SMALL, c->host, 0,
                                      NULL, NULL));
        CL_CHECK(clFinish(q));
    } else if (c->kind == SC_MEMCPY) {
        ACL_CHECK(aclrtMemcpyAsync(c->targets[t], SMALL, c->host, SMALL,
                                   ACL_MEMCPY_HOST_TO_DEVICE, c->streams[s]));
        ACL_CHECK(aclrtSynchronizeStream(c->streams[s]));
    } else {
        ACL_CHECK(aclrtMemsetAsync(c->targets[t], SMALL, (int32_t)(r & 0xff), SMALL,
                                   c->streams[s]));
        ACL_CHECK(aclrtSynchronizeStream(c->streams[s]));
    }
}

#define N_ALLOC_STEPS 4
#define N_STREAM_STEPS 3
static const size_t alloc_steps[N_ALLOC_STEPS] = {1, 100, 1000, 10000};
static const size_t stream_steps[N_STREAM_STEPS] = {1, 8, 64};
/* us per op: memcpy, memset, raw */
static double sc_alloc[N_ALLOC_STEPS][3];
static double sc_stream[N_STREAM_STEPS][3];

/* gecl's cost at step `st` relative to step 0, each first divided by the raw control measured
 * interleaved with it: what is left is gecl's own growth, not the machine's drift. */
static double scaled(double (*t)[3], int st, int k)
{
    return (t[st][k] / t[st][2]) / (t[0][k] / t[0][2]);
}

static void print_live(const char *when)
{
    gecl_rt_counts n;
    ACL_CHECK(gecl_rt_live_counts(&n));
    printf("    gecl_rt_live_counts %s: %llu allocations, %llu host allocations, %llu streams\n",
           when, (unsigned long long)n.allocations, (unsigned long long)n.host_allocations,
           (unsigned long long)n.streams);
}

static void print_scale_row(double (*t)[3], int st, size_t count, const char *cost)
{
    printf("%-12zu %10s %9.2f %6.2fx %6.2fx %9.2f %6.2fx %6.2fx %9.2f %6.2fx\n", count, cost,
           t[st][0], t[st][0] / t[st][2], scaled(t, st, 0), t[st][1], t[st][1] / t[st][2],
           scaled(t, st, 1), t[st][2], t[st][2] / t[0][2]);
    fflush(stdout);
}

static void bench_scaling(void)
{
    int rounds = g.quick ? 100 : 200, batch = 10;
    cl_int err;
    void *host = xmalloc(SMALL);
    memset(host, 0x11, SMALL);

    size_t max_allocs = alloc_steps[N_ALLOC_STEPS - 1];
    size_t max_streams = stream_steps[N_STREAM_STEPS - 1];
    void **allocs = xmalloc(max_allocs * sizeof *allocs);
    void **raw_bufs = xmalloc(max_allocs * sizeof *raw_bufs);
    aclrtStream *streams = xmalloc(max_streams * sizeof *streams);
    cl_command_queue *queues = xmalloc(max_streams * sizeof *queues);
    streams[0] = g.stream;
    queues[0] = g.rawq;

    printf("\n[3] scaling: 256 B enqueue + aclrtSynchronizeStream, us per op; median of %d means "
           "of %d, interleaved with the raw control\n", rounds, batch);
    printf("    target allocation and stream picked at random per op; raw = "
           "clEnqueueWriteBuffer 256 B + clFinish\n"
           "    on as many raw buffers / raw queues, picked the same way\n"
           "    xraw = gecl/raw; ratio = xraw / xraw of the first row (the figure to watch);"
           " raw ratio = raw drift\n");
    print_live("before");

    static const char *const header = "%-12s %10s %9s %7s %7s %9s %7s %7s %9s %7s\n";
    printf(header, "live allocs", "malloc us", "memcpy", "xraw", "ratio", "memset", "xraw",
           "ratio", "raw", "ratio");
    size_t have = 0;
    uint64_t malloc_ns = 0, raw_buf_ns = 0;
    for (int st = 0; st < N_ALLOC_STEPS; st++) {
        size_t want = alloc_steps[st], from = have;
        uint64_t t0 = now_ns();
        for (; have < want; have++)
            ACL_CHECK(aclrtMalloc(&allocs[have], SMALL, ACL_MEM_MALLOC_HUGE_FIRST));
        malloc_ns += now_ns() - t0;
        double malloc_us = (double)(now_ns() - t0) / 1000.0 / (double)(want - from);
        uint64_t t2 = now_ns();
        for (size_t i = from; i < want; i++) {
            raw_bufs[i] = clCreateBuffer(g.ctx, CL_MEM_READ_WRITE, SMALL, NULL, &err);
            CL_CHECK(err);
        }
        raw_buf_ns += now_ns() - t2;
        scale_ctx cm = {SC_MEMCPY, allocs, want, streams, NULL, 1, host, 0x9e3779b9u};
        scale_ctx cs = {SC_MEMSET, allocs, want, streams, NULL, 1, host, 0x85ebca6bu};
        scale_ctx cr = {SC_RAW, raw_bufs, want, NULL, queues, 1, host, 0xc2b2ae35u};
        bench_op ops[3] = {{do_scale, &cm}, {do_scale, &cs}, {do_scale, &cr}};
        double med[3];
        measure(ops, 3, 50, rounds, batch, PRIME_SAME, med);
        for (int i = 0; i < 3; i++)
            sc_alloc[st][i] = med[i] / 1000.0;
        char cost[32];
        snprintf(cost, sizeof cost, "%.2f", malloc_us);
        print_scale_row(sc_alloc, st, want, cost);
    }
    print_live("at the last row");
    printf("    aclrtMalloc(256 B): %.2f us per call; raw clCreateBuffer: %.2f us\n",
           (double)malloc_ns / 1000.0 / (double)have, (double)raw_buf_ns / 1000.0 / (double)have);
    uint64_t t0 = now_ns();
    for (size_t i = have; i-- > 1;) /* keep allocs[0] for the stream runs */
        ACL_CHECK(aclrtFree(allocs[i]));
    printf("    aclrtFree: %.2f us per call (%zu calls, newest first)\n",
           (double)(now_ns() - t0) / 1000.0 / (double)(have - 1), have - 1);
    for (size_t i = 1; i < have; i++)
        CL_CHECK(clReleaseMemObject((cl_mem)raw_bufs[i]));

    printf(header, "live streams", "create us", "memcpy", "xraw", "ratio", "memset", "xraw",
           "ratio", "raw", "ratio");
    size_t nst = 1;
    uint64_t stream_ns = 0, raw_queue_ns = 0;
    for (int st = 0; st < N_STREAM_STEPS; st++) {
        size_t want = stream_steps[st];
        char cost[32] = "-";
        if (want > nst) {
            uint64_t t1 = now_ns();
            for (size_t i = nst; i < want; i++)
                ACL_CHECK(aclrtCreateStream(&streams[i]));
            stream_ns += now_ns() - t1;
            snprintf(cost, sizeof cost, "%.2f",
                     (double)(now_ns() - t1) / 1000.0 / (double)(want - nst));
        }
        uint64_t t2 = now_ns();
        for (size_t i = nst; i < want; i++) {
            queues[i] = clCreateCommandQueueWithProperties(g.ctx, g.dev, NULL, &err);
            CL_CHECK(err);
        }
        raw_queue_ns += now_ns() - t2;
        nst = want;
        scale_ctx cm = {SC_MEMCPY, allocs, 1, streams, NULL, want, host, 0x27d4eb2fu};
        scale_ctx cs = {SC_MEMSET, allocs, 1, streams, NULL, want, host, 0x165667b1u};
        scale_ctx cr = {SC_RAW, raw_bufs, 1, NULL, queues, want, host, 0xd3a2646cu};
        bench_op ops[3] = {{do_scale, &cm}, {do_scale, &cs}, {do_scale, &cr}};
        double med[3];
        measure(ops, 3, 50, rounds, batch, PRIME_SAME, med);
        for (int i = 0; i < 3; i++)
            sc_stream[st][i] = med[i] / 1000.0;
        print_scale_row(sc_stream, st, want, cost);
    }
    print_live("at the last row");
    printf("    aclrtCreateStream: %.2f us per call; raw clCreateCommandQueueWithProperties: %.2f us\n",
           (double)stream_ns / 1000.0 / (double)(nst - 1),
           (double)raw_queue_ns / 1000.0 / (double)(nst - 1));

    for (size_t i = 1; i < nst; i++) {
        ACL_CHECK(aclrtDestroyStream(streams[i]));
        CL_CHECK(clReleaseCommandQueue(queues[i]));
    }
    ACL_CHECK(aclrtFree(allocs[0]));
    CL_CHECK(clReleaseMemObject((cl_mem)raw_bufs[0]));
    free(allocs);
    free(raw_bufs);
    free(streams);
    free(queues);
    free(host);
}

/* ------------------------------------------------------------------------------------------ */
/* summary                                                                                    */

static const char *verdict(int ok)
{
    return ok ? "ok" : "MISS";
}

static void print_summary(void)
{
    printf("\n== summary (targets: bandwidth >= 0.9x raw, launch <= 1.2x raw, scaling flat ~1.0x;"
           " scaling flagged above 1.2x) ==\n");
    for (int ck = 0; ck < CK_COUNT; ck++)
        if (check_failures[ck] != 0)
            printf("completion: %s returned before the work was done (%d/%d tries): figures that "
                   "use it are not valid\n",
                   check_names[ck], check_failures[ck], CHECK_TRIES);
    for (int d = 0; d < DIR_COUNT; d++) {
        for (int s = 0; s < N_SIZES; s++) {
            int nmodes = d == DIR_D2D ? 2 : N_MODES, worst = -1;
            double wr = 0.0;
            for (int m = 0; m < nmodes; m++) {
                const bw_result *r = &bw[d][s][m];
                if (!r->valid)
                    continue;
                double ratio = r->gecl_gbs / r->raw_gbs;
                if (worst < 0 || ratio < wr) {
                    worst = m;
                    wr = ratio;
                }
            }
            if (worst < 0)
                continue;
            char sz[32];
            fmt_size(sz, sizeof sz, bw_sizes[s]);
            const char *mode = d == DIR_D2D ? (worst ? "async" : "sync") : mode_names[worst];
            const bw_result *r = &bw[d][s][worst];
            printf("%s %s: %.2fx raw (target >= 0.9) %-4s  [worst of %d: %s; %.2fx diag]\n",
                   dir_names[d], sz, wr, verdict(wr >= 0.9), nmodes, mode,
                   r->gecl_gbs / r->diag_gbs);
        }
    }
    double rk = launch_us[1] / launch_us[0], rm = launch_us[2] / launch_us[0];
    printf("launch kernel+sync: %.2fx raw (target <= 1.2) %s  [%.2f vs %.2f us]\n", rk,
           verdict(rk <= 1.2), launch_us[1], launch_us[0]);
    printf("launch memset 4B+sync: %.2fx raw kernel (target <= 1.2) %s  [%.2f vs %.2f us]\n", rm,
           verdict(rm <= 1.2), launch_us[2], launch_us[0]);

    static const char *const op_names[2] = {"memcpy 256B", "memset 256B"};
    for (int k = 0; k < 2; k++) {
        int last = N_ALLOC_STEPS - 1;
        double worst = 0.0;
        for (int st = 1; st < N_ALLOC_STEPS; st++)
            if (scaled(sc_alloc, st, k) > worst)
                worst = scaled(sc_alloc, st, k);
        printf("scaling %s, %zu allocs: %.2fx of 1 alloc (target ~1.0) %s  [max over steps "
               "%.2fx; raw drift %.2fx]\n",
               op_names[k], alloc_steps[last], scaled(sc_alloc, last, k),
               worst <= 1.2 ? "ok" : "GROWS", worst, sc_alloc[last][2] / sc_alloc[0][2]);
    }
    for (int k = 0; k < 2; k++) {
        int last = N_STREAM_STEPS - 1;
        double worst = 0.0;
        for (int st = 1; st < N_STREAM_STEPS; st++)
            if (scaled(sc_stream, st, k) > worst)
                worst = scaled(sc_stream, st, k);
        printf("scaling %s, %zu streams: %.2fx of 1 stream (target ~1.0) %s  [max over steps "
               "%.2fx; raw drift %.2fx]\n",
               op_names[k], stream_steps[last], scaled(sc_stream, last, k),
               worst <= 1.2 ? "ok" : "GROWS", worst, sc_stream[last][2] / sc_stream[0][2]);
    }
}

/* ------------------------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    int raw_profiling = 0;
    const char *q = getenv("GECL_BENCH_QUICK");
    g.quick = q != NULL && *q != '\0' && strcmp(q, "0") != 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            g.quick = 1;
        } else if (strcmp(argv[i], "--raw-profiling") == 0) {
            raw_profiling = 1;
        } else {
            fprintf(stderr, "usage: %s [--quick] [--raw-profiling]\n"
                            "  GECL_BENCH_QUICK=1 is the same as --quick\n",
                    argv[0]);
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    uint64_t t_start = now_ns();

    aclError ie = aclInit(NULL);
    if (ie != ACL_ERROR_REPEAT_INITIALIZE)
        ACL_CHECK(ie);
    ACL_CHECK(aclrtSetDevice(0));
    gecl_device_desc desc;
    ACL_CHECK(gecl_rt_describe_device(0, &desc));
    cl_platform_id plat;
    ACL_CHECK(gecl_rt_device_cl(0, &plat, &g.dev, &g.ctx));
    ACL_CHECK(aclrtCreateStream(&g.stream));

    cl_int err;
    cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE, 0};
    g.rawq = clCreateCommandQueueWithProperties(g.ctx, g.dev, raw_profiling ? props : NULL, &err);
    CL_CHECK(err);

    printf("bench_runtime: ACL device 0 = %s (%s, %s)%s\n", desc.name, desc.platform,
           desc.version, g.quick ? "  [quick]" : "");
    printf("raw baseline: own in-order queue (profiling %s) and own buffers in gecl's "
           "cl_context\n", raw_profiling ? "on" : "off");

    /* ---- buffers for the bandwidth runs ---- */
    g.max_size = bw_sizes[N_SIZES - 1];
    if (desc.max_alloc != 0 && g.max_size > desc.max_alloc)
        g.max_size = (size_t)desc.max_alloc;
    ACL_CHECK(aclrtMalloc(&g.dev_a, g.max_size, ACL_MEM_MALLOC_HUGE_FIRST));
    ACL_CHECK(aclrtMalloc(&g.dev_b, g.max_size, ACL_MEM_MALLOC_HUGE_FIRST));
    ACL_CHECK(aclrtMemset(g.dev_a, g.max_size, 0x3c, g.max_size));
    ACL_CHECK(aclrtMemset(g.dev_b, g.max_size, 0x3c, g.max_size));
    size_t to_end;
    ACL_CHECK(gecl_rt_resolve(g.dev_a, &g.gecl_a, &g.gecl_a_off, &to_end));
    ACL_CHECK(gecl_rt_resolve(g.dev_b, &g.gecl_b, &g.gecl_b_off, &to_end));
    g.raw_a = clCreateBuffer(g.ctx, CL_MEM_READ_WRITE, g.max_size, NULL, &err);
    CL_CHECK(err);
    g.raw_b = clCreateBuffer(g.ctx, CL_MEM_READ_WRITE, g.max_size, NULL, &err);
    CL_CHECK(err);
    cl_uchar pattern = 0x3c;
    CL_CHECK(clEnqueueFillBuffer(g.rawq, g.raw_a, &pattern, 1, 0, g.max_size, 0, NULL, NULL));
    CL_CHECK(clEnqueueFillBuffer(g.rawq, g.raw_b, &pattern, 1, 0, g.max_size, 0, NULL, NULL));
    g.host_page = xmalloc(g.max_size);
    memset(g.host_page, 0x5a, g.max_size); /* fault the pages in before timing */
    ACL_CHECK(aclrtMallocHost(&g.host_pin_acl, g.max_size));
    memset(g.host_pin_acl, 0x5a, g.max_size);
    g.raw_pin_buf = clCreateBuffer(g.ctx, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, g.max_size,
                                   NULL, &err);
    CL_CHECK(err);
    g.host_pin_raw = clEnqueueMapBuffer(g.rawq, g.raw_pin_buf, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE,
                                        0, g.max_size, 0, NULL, NULL, &err);
    CL_CHECK(err);
    memset(g.host_pin_raw, 0x5a, g.max_size);
    CL_CHECK(clFinish(g.rawq));

    check_completion();
    uint64_t t_section = now_ns();
    bench_bandwidth();
    printf("    (bandwidth: %.1f s)\n", (double)(now_ns() - t_section) / 1e9);

    CL_CHECK(clEnqueueUnmapMemObject(g.rawq, g.raw_pin_buf, g.host_pin_raw, 0, NULL, NULL));
    CL_CHECK(clFinish(g.rawq));
    CL_CHECK(clReleaseMemObject(g.raw_pin_buf));
    CL_CHECK(clReleaseMemObject(g.raw_a));
    CL_CHECK(clReleaseMemObject(g.raw_b));
    ACL_CHECK(aclrtFreeHost(g.host_pin_acl));
    ACL_CHECK(aclrtFree(g.dev_a));
    ACL_CHECK(aclrtFree(g.dev_b));
    free(g.host_page);
    free(scratch);
    scratch = NULL;

    t_section = now_ns();
    bench_launch();
    printf("    (launch: %.1f s)\n", (double)(now_ns() - t_section) / 1e9);
    t_section = now_ns();
    bench_scaling();
    printf("    (scaling: %.1f s)\n", (double)(now_ns() - t_section) / 1e9);
    print_summary();

    CL_CHECK(clReleaseCommandQueue(g.rawq));
    ACL_CHECK(aclrtDestroyStream(g.stream));
    ACL_CHECK(aclrtResetDevice(0));
    ACL_CHECK(aclFinalize());
    printf("total %.1f s\n", (double)(now_ns() - t_start) / 1e9);
    return 0;
}
