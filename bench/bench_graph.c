/*
 * bench_graph.c: gecl's graph engine next to CLBlast on the same OpenCL device, in one run on ACL
 * device 0.
 *
 *   1. conv    Conv2D(NCHW, 3x3, pad 1, stride 1) -> BiasAdd -> Relu as a gecl graph (filter and
 *              bias constants), against plain OpenCL: an im2col kernel, CLBlastSgemm, a bias+relu
 *              kernel.
 *   2. matmul  MatMulV2 (x2 plain or transpose_x2) as a gecl graph, against one CLBlastSgemm.
 *              Square cases take both operands as graph inputs; the batch-1 fully connected case
 *              takes its weight as a constant, as a model would.
 *
 * gecl runs through gecl_session_run_graph_with_stream_async on aclrtMalloc'd buffers, synchronised
 * with aclrtSynchronizeStream. The baseline runs on its own buffers and its own in-order queue in
 * gecl's cl_context (gecl_rt_device_cl), created with the properties gecl gives its streams
 * (profiling on), synchronised with clFinish. Both get the same input values.
 *
 * Timing: a first run on each side is excluded (gecl has built its kernels at LoadGraph; CLBlast
 * builds its own on first use, shown as "base 1st"); a second run sizes N so that N runs take
 * about 0.2 s; then 3 rounds of N runs + one sync per side, alternating which side goes first;
 * the figure is the median round's time per run. "load" is gecl's CompileGraph + LoadGraph with
 * where its programs came from (built from source, the disk cache or this process's memory).
 *
 * Correctness: both outputs are first filled with NaN, then read back after the timed runs.
 * "err base" is max|gecl - base| / max|base| over the whole output; "err cpu" is the same measure
 * for both sides against a double-precision CPU reference at 256 sampled outputs (it catches a
 * baseline that is wrong in the same way as gecl). Above 1e-3 (or any non-finite value) the case
 * is marked MISMATCH.
 *
 * The benchmark reports; it exits 0 whatever the speed, 1 when a call fails or a case mismatches.
 * Without CLBlast at configure time it runs gecl alone, checked against the CPU reference.
 *
 *   bench_graph [--quick] [--iters N]
 *     --quick    rounds of ~0.05 s instead of ~0.2 s (also GECL_BENCH_QUICK=1)
 *     --iters N  exactly N runs per round on both sides (also GECL_BENCH_ITERS=N)
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acl/acl.h"
#include "bench_common.h"
#include "gecl/gecl.h"
#include "gecl/gecl_rt.h"

#ifdef GECL_BENCH_HAVE_CLBLAST
#include <clblast_c.h>
#endif
#ifndef GECL_BENCH_CLBLAST_VERSION
#define GECL_BENCH_CLBLAST_VERSION ""
#endif

/* ------------------------------------------------------------------------------------------ */
/* errors                                                                                     */

#ifdef GECL_BENCH_HAVE_CLBLAST
#define BLAS_CHECK(call) blas_check((call), #call, __LINE__)
static void blas_check(CLBlastStatusCode st, const char *what, int line)
{
    if (st == CLBlastSuccess)
        return;
    fflush(stdout);
    fprintf(stderr, "bench_graph.c:%d: %s failed: CLBlast status %d\n", line, what, (int)st);
    exit(1);
}
#endif

/* ------------------------------------------------------------------------------------------ */
/* the environment shared by every case                                                       */

#define ROUNDS 3
#define N_SAMPLES 256
#define TOLERANCE 1e-3

static struct {
    double round_s;        /* target length of one round of timed runs */
    int fixed_iters;       /* > 0: runs per round, no calibration */
    aclrtStream stream;
    gecl_session session;
    uint32_t next_graph_id;
    cl_context ctx;
    cl_device_id dev;
    cl_command_queue q;    /* the baseline's queue */
    cl_program prog;       /* the baseline's own kernels */
    int cpu;               /* the device is a CPU: pick the kernels that suit one */
    int mismatches;
} env;

/* Two im2col kernels, because no one layout of the work suits both kinds of device:
 *   im2col       (GPUs) one element per work-item, the output column in dimension 0: loads and
 *                stores coalesce;
 *   im2col_rows  (CPUs) one output row per work-item, in contiguous loops with the padding
 *                split off; PoCL 3.1 ran it about 9x faster than im2col here (0.5 vs 4.8 ms at
 *                64x56x56): im2col's per-element bounds tests keep it scalar.
 * bias_relu is launched with an explicit work-group: with a NULL one PoCL took ~20x longer. */
static const char base_source[] =
    "__kernel void im2col(__global const float *x, ulong x_off, __global float *col,\n"
    "                     int h, int w, int kh, int kw, int pad, int stride, int oh, int ow)\n"
    "{\n"
    "    const int ox = get_global_id(0), oy = get_global_id(1), row = get_global_id(2);\n"
    "    if (ox >= ow || oy >= oh) return;\n"
    "    const int ch = row / (kh * kw), r = (row / kw) % kh, s = row % kw;\n"
    "    const int iy = oy * stride - pad + r, ix = ox * stride - pad + s;\n"
    "    float v = 0.0f;\n"
    "    if (iy >= 0 && iy < h && ix >= 0 && ix < w)\n"
    "        v = x[x_off + ((size_t)ch * h + iy) * w + ix];\n"
    "    col[((size_t)row * oh + oy) * ow + ox] = v;\n"
    "}\n"
    "__kernel void im2col_rows(__global const float *x, ulong x_off, __global float *col,\n"
    "                          int h, int w, int kh, int kw, int pad, int stride, int oh, int ow)\n"
    "{\n"
    "    const int oy = get_global_id(0), row = get_global_id(1);\n"
    "    if (oy >= oh) return;\n"
    "    const int ch = row / (kh * kw), r = (row / kw) % kh, s = row % kw;\n"
    "    const int iy = oy * stride - pad + r;\n"
    "    __global float *dst = col + ((size_t)row * oh + oy) * ow;\n"
    "    if (iy < 0 || iy >= h) {\n"
    "        for (int q = 0; q < ow; q++) dst[q] = 0.0f;\n"
    "        return;\n"
    "    }\n"
    "    __global const float *src = x + x_off + ((size_t)ch * h + iy) * w;\n"
    "    /* output columns lo..hi-1 read inside the input row (C division truncates: the\n"
    "     * negative cases are clamped or tested) */\n"
    "    const int span = w - 1 + pad - s;\n"
    "    int lo = (pad - s + stride - 1) / stride, hi = span < 0 ? 0 : span / stride + 1;\n"
    "    lo = clamp(lo, 0, ow);\n"
    "    hi = clamp(hi, lo, ow);\n"
    "    for (int q = 0; q < lo; q++) dst[q] = 0.0f;\n"
    "    for (int q = lo; q < hi; q++) dst[q] = src[q * stride - pad + s];\n"
    "    for (int q = hi; q < ow; q++) dst[q] = 0.0f;\n"
    "}\n"
    "__kernel void bias_relu(__global float *y, __global const float *b, int hw, int k)\n"
    "{\n"
    "    const int p = get_global_id(0), plane = get_global_id(1);\n"
    "    if (p >= hw) return;\n"
    "    const size_t i = (size_t)plane * hw + p;\n"
    "    y[i] = fmax(y[i] + b[plane % k], 0.0f);\n"
    "}\n";

static void build_base_program(void)
{
    cl_int err;
    const char *src = base_source;
    env.prog = clCreateProgramWithSource(env.ctx, 1, &src, NULL, &err);
    CL_CHECK(err);
    err = clBuildProgram(env.prog, 1, &env.dev, "", NULL, NULL);
    if (err != CL_SUCCESS) {
        char log[4096] = "";
        clGetProgramBuildInfo(env.prog, env.dev, CL_PROGRAM_BUILD_LOG, sizeof log - 1, log, NULL);
        fprintf(stderr, "bench_graph: baseline kernels do not build:\n%s\n", log);
        exit(1);
    }
}

static void env_open(void)
{
    bench_session_open(&env.stream, &env.session, &env.dev, &env.ctx);
    cl_int err;
    cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE, 0};
    env.q = clCreateCommandQueueWithProperties(env.ctx, env.dev, props, &err);
    CL_CHECK(err);
    cl_device_type type;
    CL_CHECK(clGetDeviceInfo(env.dev, CL_DEVICE_TYPE, sizeof type, &type, NULL));
    env.cpu = (type & CL_DEVICE_TYPE_CPU) != 0;
    build_base_program();
}

static void env_close(void)
{
#ifdef GECL_BENCH_HAVE_CLBLAST
    /* CLBlast's program cache holds gecl's cl_context; let go of it before gecl releases it. */
    BLAS_CHECK(CLBlastClearCache());
#endif
    CL_CHECK(clReleaseProgram(env.prog));
    CL_CHECK(clReleaseCommandQueue(env.q));
    GE_CHECK(gecl_session_destroy(env.session));
    GE_CHECK(gecl_finalize());
    ACL_CHECK(aclrtDestroyStream(env.stream));
    ACL_CHECK(aclrtResetDevice(0));
    ACL_CHECK(aclFinalize());
}

static cl_kernel base_kernel(const char *name)
{
    cl_int err;
    cl_kernel k = clCreateKernel(env.prog, name, &err);
    CL_CHECK(err);
    return k;
}

static cl_mem raw_buffer(size_t bytes)
{
    cl_int err;
    cl_mem m = clCreateBuffer(env.ctx, CL_MEM_READ_WRITE, bytes, NULL, &err);
    CL_CHECK(err);
    return m;
}

static cl_mem raw_upload(const float *host, size_t count)
{
    cl_mem m = raw_buffer(count * sizeof(float));
    CL_CHECK(clEnqueueWriteBuffer(env.q, m, CL_TRUE, 0, count * sizeof(float), host, 0, NULL, NULL));
    return m;
}

static void *dev_upload(const float *host, size_t count)
{
    void *p;
    ACL_CHECK(aclrtMalloc(&p, count * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST));
    ACL_CHECK(aclrtMemcpy(p, count * sizeof(float), host, count * sizeof(float),
                          ACL_MEMCPY_HOST_TO_DEVICE));
    return p;
}

/* ------------------------------------------------------------------------------------------ */
/* one case: the two sides, timing and checking                                               */

/* One side of a comparison: enqueue one run, wait for everything enqueued. */
typedef struct side {
    void (*enqueue)(void *ctx);
    void (*sync)(void *ctx);
    void *ctx;
} side;

typedef struct gecl_side {
    uint32_t graph_id;
    size_t n_in;
    gecl_tensor in[2];
    gecl_tensor out;
} gecl_side;

static void gecl_enqueue(void *p)
{
    gecl_side *g = p;
    GE_CHECK(gecl_session_run_graph_with_stream_async(env.session, g->graph_id, env.stream, g->n_in,
                                                      g->in, 1, &g->out));
}

static void gecl_sync(void *p)
{
    (void)p;
    ACL_CHECK(aclrtSynchronizeStream(env.stream));
}

static void base_sync(void *p)
{
    (void)p;
    CL_CHECK(clFinish(env.q));
}

/* What a case hands to run_case(): both sides, where their outputs are, and the CPU reference. */
typedef struct bench_case {
    char label[48];
    double flop;               /* per run */
    gecl_side *g;
    side base;                 /* enqueue NULL: no baseline (no CLBlast) */
    cl_mem base_out;
    size_t out_count;
    double (*ref_at)(const void *ref, size_t index);
    const void *ref;
    double load_ms;            /* CompileGraph + LoadGraph */
    char load_src[8];          /* where LoadGraph's programs came from */
} bench_case;

typedef struct case_result {
    double gecl_first_ms, base_first_ms;
    double gecl_ms, base_ms;
    int gecl_runs, base_runs;
    double err_base, err_cpu;
    size_t kernels;
} case_result;

static double time_runs(const side *s, int runs)
{
    double t0 = bench_now_s();
    for (int i = 0; i < runs; i++)
        s->enqueue(s->ctx);
    s->sync(s->ctx);
    return (bench_now_s() - t0) / runs;
}

static int runs_for(double one_run_s)
{
    if (env.fixed_iters > 0)
        return env.fixed_iters;
    double n = ceil(env.round_s / (one_run_s > 1e-7 ? one_run_s : 1e-7));
    return n < 1 ? 1 : n > 10000 ? 10000 : (int)n;
}

_Static_assert(ROUNDS == 3, "time_sides takes the median of 3 rounds");
static double median3(double a, double b, double c)
{
    return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}

/* Rounds alternate which side goes first, so that a drift of the machine's speed (other jobs on
 * a shared host, clocks) falls on both sides alike. */
static void time_sides(const bench_case *bc, case_result *r)
{
    const side gs = {gecl_enqueue, gecl_sync, bc->g};
    int has_base = bc->base.enqueue != NULL;
    r->gecl_runs = runs_for(time_runs(&gs, 1));
    r->base_runs = has_base ? runs_for(time_runs(&bc->base, 1)) : 0;
    double tg[ROUNDS], tb[ROUNDS] = {0};
    for (int k = 0; k < ROUNDS; k++) {
        int base_first = k % 2;
        if (has_base && base_first)
            tb[k] = time_runs(&bc->base, r->base_runs);
        tg[k] = time_runs(&gs, r->gecl_runs);
        if (has_base && !base_first)
            tb[k] = time_runs(&bc->base, r->base_runs);
    }
    r->gecl_ms = 1e3 * median3(tg[0], tg[1], tg[2]);
    r->base_ms = 1e3 * median3(tb[0], tb[1], tb[2]);
}

static void fill_nan(const bench_case *bc)
{
    size_t bytes = bc->out_count * sizeof(float);
    ACL_CHECK(aclrtMemset(bc->g->out.data, bytes, 0xFF, bytes));
    if (bc->base.enqueue != NULL) {
        cl_uint nan_bits = 0xFFFFFFFFu;
        CL_CHECK(clEnqueueFillBuffer(env.q, bc->base_out, &nan_bits, sizeof nan_bits, 0, bytes, 0,
                                     NULL, NULL));
        CL_CHECK(clFinish(env.q));
    }
}

/* max|a - b| / max|b| over the indices given (all when idx is NULL); +inf on any non-finite. */
static double rel_err(const float *a, const double *b_ref, const float *b, const size_t *idx,
                      size_t n)
{
    double diff = 0.0, mag = 0.0;
    for (size_t j = 0; j < n; j++) {
        size_t i = idx ? idx[j] : j;
        double bv = b_ref ? b_ref[j] : (double)b[i], av = a[i];
        if (!isfinite(av) || !isfinite(bv))
            return INFINITY;
        diff = fmax(diff, fabs(av - bv));
        mag = fmax(mag, fabs(bv));
    }
    return mag > 0.0 ? diff / mag : diff;
}

static void check_outputs(const bench_case *bc, case_result *r)
{
    size_t n = bc->out_count;
    float *yg = bench_xmalloc(n * sizeof(float)), *yb = NULL;
    ACL_CHECK(aclrtMemcpy(yg, n * sizeof(float), bc->g->out.data, n * sizeof(float),
                          ACL_MEMCPY_DEVICE_TO_HOST));
    size_t idx[N_SAMPLES];
    double ref[N_SAMPLES];
    uint32_t seed = 0x9e3779b9u;
    for (int j = 0; j < N_SAMPLES; j++) {
        seed = seed * 1664525u + 1013904223u;
        idx[j] = j == 0 ? 0 : j == 1 ? n - 1 : (size_t)(((uint64_t)seed << 16 ^ seed) % n);
        ref[j] = bc->ref_at(bc->ref, idx[j]);
    }
    r->err_cpu = rel_err(yg, ref, NULL, idx, N_SAMPLES);
    r->err_base = NAN;
    if (bc->base.enqueue != NULL) {
        yb = bench_xmalloc(n * sizeof(float));
        CL_CHECK(clEnqueueReadBuffer(env.q, bc->base_out, CL_TRUE, 0, n * sizeof(float), yb, 0,
                                     NULL, NULL));
        r->err_base = rel_err(yg, NULL, yb, NULL, n);
        r->err_cpu = fmax(r->err_cpu, rel_err(yb, ref, NULL, idx, N_SAMPLES));
    }
    free(yg);
    free(yb);
}

static void print_header(const char *title)
{
    printf("\n%s\n", title);
    printf("%-26s %3s %7s %-6s %14s %9s %9s %9s %8s %7s %7s %8s %8s\n", "case", "krn", "load ms",
           "from", "1st ms g/b", "runs g/b", "gecl ms", "base ms", "gecl/bs", "gecl GF",
           "base GF", "err base", "err cpu");
}

static void print_row(const bench_case *bc, const case_result *r)
{
    int has_base = bc->base.enqueue != NULL;
    char first[32], runs[24], base_ms[16] = "-", ratio[16] = "-", gf_base[16] = "-",
                               err_base[16] = "-";
    if (has_base) {
        snprintf(first, sizeof first, "%.1f/%.1f", r->gecl_first_ms, r->base_first_ms);
        snprintf(runs, sizeof runs, "%dx%d/%d", ROUNDS, r->gecl_runs, r->base_runs);
        snprintf(base_ms, sizeof base_ms, "%.3f", r->base_ms);
        snprintf(ratio, sizeof ratio, "%.3fx", r->gecl_ms / r->base_ms);
        snprintf(gf_base, sizeof gf_base, "%.1f", bc->flop / r->base_ms / 1e6);
        snprintf(err_base, sizeof err_base, "%.1e", r->err_base);
    } else {
        snprintf(first, sizeof first, "%.1f/-", r->gecl_first_ms);
        snprintf(runs, sizeof runs, "%dx%d/-", ROUNDS, r->gecl_runs);
    }
    int bad = !(r->err_cpu <= TOLERANCE) || (has_base && !(r->err_base <= TOLERANCE));
    printf("%-26s %3zu %7.1f %-6s %14s %9s %9.3f %9s %8s %7.1f %7s %8s %8.1e%s\n", bc->label,
           r->kernels, bc->load_ms, bc->load_src, first, runs, r->gecl_ms, base_ms, ratio,
           bc->flop / r->gecl_ms / 1e6, gf_base, err_base, r->err_cpu, bad ? "  MISMATCH" : "");
    fflush(stdout);
    env.mismatches += bad;
}

typedef struct section_stats {
    double log_ratio_sum;
    int n;
} section_stats;

static void run_case(const bench_case *bc, section_stats *st)
{
    case_result r;
    memset(&r, 0, sizeof r);
    gecl_graph_summary sum;
    GE_CHECK(gecl_session_graph_summary(env.session, bc->g->graph_id, &sum));
    r.kernels = sum.kernel_count;
    fill_nan(bc);
    const side gs = {gecl_enqueue, gecl_sync, bc->g};
    r.gecl_first_ms = 1e3 * time_runs(&gs, 1);
    if (bc->base.enqueue != NULL)
        r.base_first_ms = 1e3 * time_runs(&bc->base, 1);
    time_sides(bc, &r);
    check_outputs(bc, &r);
    print_row(bc, &r);
    if (bc->base.enqueue != NULL) {
        st->log_ratio_sum += log(r.gecl_ms / r.base_ms);
        st->n++;
    }
}

static void print_section_summary(const char *what, const section_stats *st)
{
    if (st->n > 0)
        printf("  %s: geometric mean gecl/baseline time %.2fx over %d cases (< 1: gecl faster)\n",
               what, exp(st->log_ratio_sum / st->n), st->n);
}

/* ------------------------------------------------------------------------------------------ */
/* gecl graphs                                                                                */

static gecl_tensor_desc desc4(int64_t a, int64_t b, int64_t c, int64_t d)
{
    gecl_tensor_desc t = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, {a, b, c, d}};
    return t;
}

static gecl_tensor_desc desc2(int64_t a, int64_t b)
{
    gecl_tensor_desc t = {GECL_DT_FLOAT, GECL_FORMAT_ND, 2, {a, b}};
    return t;
}

static const char *cache_source(const gecl_program_cache_stats *before)
{
    gecl_program_cache_stats now;
    ACL_CHECK(gecl_rt_program_cache_stats(&now));
    if (now.source_builds > before->source_builds)
        return "source";
    if (now.disk_hits > before->disk_hits)
        return "disk";
    return "memory";
}

/* Adds `g` to the session, then compiles and loads it on the benchmark's stream, timed. */
static uint32_t load_graph(gecl_graph *g, bench_case *bc)
{
    uint32_t id = env.next_graph_id++;
    GE_CHECK(gecl_session_add_graph(env.session, id, g, 0, NULL, NULL));
    gecl_graph_destroy(g);
    gecl_program_cache_stats before;
    ACL_CHECK(gecl_rt_program_cache_stats(&before));
    double t0 = bench_now_s();
    GE_CHECK(gecl_session_compile_graph(env.session, id));
    GE_CHECK(gecl_session_load_graph(env.session, id, 0, NULL, NULL, env.stream));
    bc->load_ms = 1e3 * (bench_now_s() - t0);
    snprintf(bc->load_src, sizeof bc->load_src, "%s", cache_source(&before));
    return id;
}

static gecl_tensor device_tensor(gecl_tensor_desc d, void *data)
{
    gecl_tensor t = {d, data, gecl_desc_bytes(&d), GECL_ON_DEVICE};
    return t;
}

/* ------------------------------------------------------------------------------------------ */
/* 1. Conv2D -> BiasAdd -> Relu                                                               */

typedef struct conv_shape {
    int n, c, h, w, k;
} conv_shape;

enum { KS = 3, PAD = 1, STRIDE = 1 };

typedef struct conv_data {
    conv_shape s;
    int oh, ow;
    float *x, *w, *b;
} conv_data;

static double conv_ref_at(const void *p, size_t index)
{
    const conv_data *d = p;
    const conv_shape *s = &d->s;
    size_t plane = (size_t)d->oh * d->ow;
    int ow = (int)(index % (size_t)d->ow), oh = (int)(index / (size_t)d->ow % (size_t)d->oh);
    int k = (int)(index / plane % (size_t)s->k), n = (int)(index / plane / (size_t)s->k);
    double acc = d->b[k];
    for (int c = 0; c < s->c; c++)
        for (int r = 0; r < KS; r++)
            for (int q = 0; q < KS; q++) {
                int iy = oh * STRIDE - PAD + r, ix = ow * STRIDE - PAD + q;
                if (iy < 0 || iy >= s->h || ix < 0 || ix >= s->w)
                    continue;
                acc += (double)d->x[(((size_t)n * s->c + c) * s->h + iy) * s->w + ix] *
                       d->w[(((size_t)k * s->c + c) * KS + r) * KS + q];
            }
    return acc > 0.0 ? acc : 0.0;
}

static gecl_graph *conv_graph(const conv_data *d)
{
    const conv_shape *s = &d->s;
    gecl_graph *g;
    GE_CHECK(gecl_graph_create("bench_conv", &g));
    gecl_tensor_desc dx = desc4(s->n, s->c, s->h, s->w), dw = desc4(s->k, s->c, KS, KS);
    gecl_tensor_desc db = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {s->k}};
    gecl_port x, w, b;
    GE_CHECK(gecl_graph_add_data(g, "x", 0, &dx, &x));
    GE_CHECK(gecl_graph_add_const(g, "w", &dw, d->w, gecl_desc_bytes(&dw), &w));
    GE_CHECK(gecl_graph_add_const(g, "b", &db, d->b, gecl_desc_bytes(&db), &b));
    int32_t conv, bias, relu;
    GE_CHECK(gecl_graph_add_op(g, "conv", "Conv2D", 2, (gecl_port[]){x, w}, &conv));
    const int64_t strides[4] = {1, 1, STRIDE, STRIDE}, pads[4] = {PAD, PAD, PAD, PAD};
    GE_CHECK(gecl_graph_set_attr_ints(g, conv, "strides", strides, 4));
    GE_CHECK(gecl_graph_set_attr_ints(g, conv, "pads", pads, 4));
    GE_CHECK(gecl_graph_set_attr_string(g, conv, "data_format", "NCHW"));
    GE_CHECK(gecl_graph_add_op(g, "bias", "BiasAdd", 2, (gecl_port[]){{conv, 0}, b}, &bias));
    GE_CHECK(gecl_graph_set_attr_string(g, bias, "data_format", "NCHW"));
    GE_CHECK(gecl_graph_add_op(g, "relu", "Relu", 1, (gecl_port[]){{bias, 0}}, &relu));
    GE_CHECK(gecl_graph_set_outputs(g, 1, &(gecl_port){relu, 0}));
    return g;
}

typedef struct conv_base {
    const conv_data *d;
    int rows;                  /* im2col is im2col_rows */
    cl_kernel im2col, bias_relu;
    cl_mem x, w, b, col, y;
} conv_base;

static void set_arg_int(cl_kernel k, cl_uint i, int v)
{
    CL_CHECK(clSetKernelArg(k, i, sizeof(cl_int), &v));
}

static void conv_base_args(conv_base *cb)
{
    const conv_data *d = cb->d;
    CL_CHECK(clSetKernelArg(cb->im2col, 0, sizeof(cl_mem), &cb->x));
    CL_CHECK(clSetKernelArg(cb->im2col, 2, sizeof(cl_mem), &cb->col));
    const int ints[] = {d->s.h, d->s.w, KS, KS, PAD, STRIDE, d->oh, d->ow};
    for (cl_uint i = 0; i < 8; i++)
        set_arg_int(cb->im2col, 3 + i, ints[i]);
    CL_CHECK(clSetKernelArg(cb->bias_relu, 0, sizeof(cl_mem), &cb->y));
    CL_CHECK(clSetKernelArg(cb->bias_relu, 1, sizeof(cl_mem), &cb->b));
    set_arg_int(cb->bias_relu, 2, d->oh * d->ow);
    set_arg_int(cb->bias_relu, 3, d->s.k);
}

/* im2col + SGEMM per image (out[k][p] = w[k][c*9] . col[c*9][p]), then bias + relu in place. */
static void conv_base_enqueue(void *p)
{
#ifdef GECL_BENCH_HAVE_CLBLAST
    conv_base *cb = p;
    const conv_data *d = cb->d;
    const size_t plane = (size_t)d->oh * d->ow, rows = (size_t)d->s.c * KS * KS;
    for (int n = 0; n < d->s.n; n++) {
        cl_ulong x_off = (cl_ulong)n * d->s.c * d->s.h * d->s.w;
        CL_CHECK(clSetKernelArg(cb->im2col, 1, sizeof x_off, &x_off));
        size_t gsz[3] = {(size_t)d->ow, (size_t)d->oh, rows};
        if (cb->rows)
            CL_CHECK(clEnqueueNDRangeKernel(env.q, cb->im2col, 2, NULL, gsz + 1, NULL, 0, NULL, NULL));
        else
            CL_CHECK(clEnqueueNDRangeKernel(env.q, cb->im2col, 3, NULL, gsz, NULL, 0, NULL, NULL));
        BLAS_CHECK(CLBlastSgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo,
                                (size_t)d->s.k, plane, rows, 1.0f, cb->w, 0, rows, cb->col, 0, plane,
                                0.0f, cb->y, (size_t)n * d->s.k * plane, plane, &env.q, NULL));
    }
    size_t lsz[2] = {64, 1}, gsz[2] = {(plane + 63) / 64 * 64, (size_t)d->s.n * d->s.k};
    CL_CHECK(clEnqueueNDRangeKernel(env.q, cb->bias_relu, 2, NULL, gsz, lsz, 0, NULL, NULL));
#else
    (void)p;
#endif
}

static void conv_base_open(conv_base *cb, const conv_data *d)
{
    const conv_shape *s = &d->s;
    cb->d = d;
    cb->rows = env.cpu;
    cb->im2col = base_kernel(cb->rows ? "im2col_rows" : "im2col");
    cb->bias_relu = base_kernel("bias_relu");
    cb->x = raw_upload(d->x, (size_t)s->n * s->c * s->h * s->w);
    cb->w = raw_upload(d->w, (size_t)s->k * s->c * KS * KS);
    cb->b = raw_upload(d->b, (size_t)s->k);
    cb->col = raw_buffer((size_t)s->c * KS * KS * d->oh * d->ow * sizeof(float));
    cb->y = raw_buffer((size_t)s->n * s->k * d->oh * d->ow * sizeof(float));
    conv_base_args(cb);
}

static void conv_base_close(conv_base *cb)
{
    cl_mem mems[] = {cb->x, cb->w, cb->b, cb->col, cb->y};
    for (size_t i = 0; i < sizeof mems / sizeof mems[0]; i++)
        CL_CHECK(clReleaseMemObject(mems[i]));
    CL_CHECK(clReleaseKernel(cb->im2col));
    CL_CHECK(clReleaseKernel(cb->bias_relu));
}

static void conv_data_open(conv_data *d, conv_shape s)
{
    d->s = s;
    d->oh = (s.h + 2 * PAD - KS) / STRIDE + 1;
    d->ow = (s.w + 2 * PAD - KS) / STRIDE + 1;
    size_t nx = (size_t)s.n * s.c * s.h * s.w, nw = (size_t)s.k * s.c * KS * KS;
    d->x = bench_xmalloc(nx * sizeof(float));
    d->w = bench_xmalloc(nw * sizeof(float));
    d->b = bench_xmalloc((size_t)s.k * sizeof(float));
    bench_fill_random(d->x, nx, 1);
    bench_fill_random(d->w, nw, 2);
    bench_fill_random(d->b, (size_t)s.k, 3);
    /* keep the sums O(1) whatever C: the tolerance is relative to the output's largest value,
     * and Relu should cut about half of the outputs, not nearly all or none */
    float scale = 1.0f / sqrtf((float)(s.c * KS * KS));
    for (size_t i = 0; i < nw; i++)
        d->w[i] *= scale;
}

static void bench_conv(conv_shape s, int have_blas, section_stats *st)
{
    conv_data d;
    conv_data_open(&d, s);
    bench_case bc;
    memset(&bc, 0, sizeof bc);
    snprintf(bc.label, sizeof bc.label, "%dx%dx%dx%d->%d", s.n, s.c, s.h, s.w, s.k);
    bc.flop = 2.0 * s.n * s.k * d.oh * d.ow * (double)s.c * KS * KS;
    bc.out_count = (size_t)s.n * s.k * d.oh * d.ow;
    bc.ref_at = conv_ref_at;
    bc.ref = &d;

    gecl_side g;
    memset(&g, 0, sizeof g);
    g.graph_id = load_graph(conv_graph(&d), &bc);
    g.n_in = 1;
    g.in[0] = device_tensor(desc4(s.n, s.c, s.h, s.w), dev_upload(d.x, (size_t)s.n * s.c * s.h * s.w));
    void *y;
    ACL_CHECK(aclrtMalloc(&y, bc.out_count * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST));
    g.out = device_tensor(desc4(s.n, s.k, d.oh, d.ow), y);
    bc.g = &g;

    conv_base cb;
    conv_base_open(&cb, &d);
    if (have_blas) {
        bc.base = (side){conv_base_enqueue, base_sync, &cb};
        bc.base_out = cb.y;
    }
    run_case(&bc, st);

    conv_base_close(&cb);
    ACL_CHECK(aclrtFree(g.in[0].data));
    ACL_CHECK(aclrtFree(y));
    GE_CHECK(gecl_session_remove_graph(env.session, g.graph_id));
    free(d.x);
    free(d.w);
    free(d.b);
}

/* ------------------------------------------------------------------------------------------ */
/* 2. MatMulV2                                                                                */

typedef struct mm_shape {
    int m, k, n;
    int tb;         /* transpose_x2: x2 stored [N, K] */
    int const_b;    /* x2 a graph constant (a layer's weight) instead of an input */
} mm_shape;

typedef struct mm_data {
    mm_shape s;
    float *a, *b;
} mm_data;

static double mm_ref_at(const void *p, size_t index)
{
    const mm_data *d = p;
    size_t i = index / (size_t)d->s.n, j = index % (size_t)d->s.n, kk = (size_t)d->s.k;
    double acc = 0.0;
    for (size_t k = 0; k < kk; k++)
        acc += (double)d->a[i * kk + k] * d->b[d->s.tb ? j * kk + k : k * (size_t)d->s.n + j];
    return acc;
}

static gecl_tensor_desc mm_b_desc(const mm_shape *s)
{
    return s->tb ? desc2(s->n, s->k) : desc2(s->k, s->n);
}

static gecl_graph *mm_graph(const mm_data *d)
{
    const mm_shape *s = &d->s;
    gecl_graph *g;
    GE_CHECK(gecl_graph_create("bench_matmul", &g));
    gecl_tensor_desc da = desc2(s->m, s->k), db = mm_b_desc(s);
    gecl_port a, b;
    GE_CHECK(gecl_graph_add_data(g, "x1", 0, &da, &a));
    if (s->const_b)
        GE_CHECK(gecl_graph_add_const(g, "x2", &db, d->b, gecl_desc_bytes(&db), &b));
    else
        GE_CHECK(gecl_graph_add_data(g, "x2", 1, &db, &b));
    int32_t mm;
    GE_CHECK(gecl_graph_add_op(g, "mm", "MatMulV2", 2, (gecl_port[]){a, b}, &mm));
    GE_CHECK(gecl_graph_set_attr_bool(g, mm, "transpose_x1", 0));
    GE_CHECK(gecl_graph_set_attr_bool(g, mm, "transpose_x2", s->tb));
    GE_CHECK(gecl_graph_set_outputs(g, 1, &(gecl_port){mm, 0}));
    return g;
}

typedef struct mm_base {
    const mm_shape *s;
    cl_mem a, b, c;
} mm_base;

static void mm_base_enqueue(void *p)
{
#ifdef GECL_BENCH_HAVE_CLBLAST
    mm_base *mb = p;
    const mm_shape *s = mb->s;
    size_t m = (size_t)s->m, n = (size_t)s->n, k = (size_t)s->k;
    BLAS_CHECK(CLBlastSgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo,
                            s->tb ? CLBlastTransposeYes : CLBlastTransposeNo, m, n, k, 1.0f, mb->a,
                            0, k, mb->b, 0, s->tb ? k : n, 0.0f, mb->c, 0, n, &env.q, NULL));
#else
    (void)p;
#endif
}

static void mm_label(const mm_shape *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s%dx%dx%d%s%s", s->m == 1 ? "fc " : "", s->m, s->k, s->n,
             s->tb ? " x2^T" : "", s->const_b ? " const" : "");
}

static void bench_matmul(mm_shape s, int have_blas, section_stats *st)
{
    mm_data d = {s, bench_xmalloc((size_t)s.m * s.k * sizeof(float)), bench_xmalloc((size_t)s.k * s.n * sizeof(float))};
    bench_fill_random(d.a, (size_t)s.m * s.k, 4);
    bench_fill_random(d.b, (size_t)s.k * s.n, 5);
    bench_case bc;
    memset(&bc, 0, sizeof bc);
    mm_label(&s, bc.label, sizeof bc.label);
    bc.flop = 2.0 * s.m * s.n * (double)s.k;
    bc.out_count = (size_t)s.m * s.n;
    bc.ref_at = mm_ref_at;
    bc.ref = &d;

    gecl_side g;
    memset(&g, 0, sizeof g);
    g.graph_id = load_graph(mm_graph(&d), &bc);
    g.in[0] = device_tensor(desc2(s.m, s.k), dev_upload(d.a, (size_t)s.m * s.k));
    g.n_in = 1;
    if (!s.const_b)
        g.in[g.n_in++] = device_tensor(mm_b_desc(&s), dev_upload(d.b, (size_t)s.k * s.n));
    void *y;
    ACL_CHECK(aclrtMalloc(&y, bc.out_count * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST));
    g.out = device_tensor(desc2(s.m, s.n), y);
    bc.g = &g;

    mm_base mb = {&d.s, raw_upload(d.a, (size_t)s.m * s.k), raw_upload(d.b, (size_t)s.k * s.n),
                  raw_buffer(bc.out_count * sizeof(float))};
    if (have_blas) {
        bc.base = (side){mm_base_enqueue, base_sync, &mb};
        bc.base_out = mb.c;
    }
    run_case(&bc, st);

    CL_CHECK(clReleaseMemObject(mb.a));
    CL_CHECK(clReleaseMemObject(mb.b));
    CL_CHECK(clReleaseMemObject(mb.c));
    for (size_t i = 0; i < g.n_in; i++)
        ACL_CHECK(aclrtFree(g.in[i].data));
    ACL_CHECK(aclrtFree(y));
    GE_CHECK(gecl_session_remove_graph(env.session, g.graph_id));
    free(d.a);
    free(d.b);
}

/* ------------------------------------------------------------------------------------------ */

static int parse_iters(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 1 || v > 1000000) {
        fprintf(stderr, "bench_graph: iterations must be a number from 1 to 1000000, not '%s'\n", s);
        exit(2);
    }
    return (int)v;
}

static void parse_args(int argc, char **argv)
{
    const char *q = getenv("GECL_BENCH_QUICK"), *it = getenv("GECL_BENCH_ITERS");
    int quick = q != NULL && *q != '\0' && strcmp(q, "0") != 0;
    if (it != NULL && *it != '\0')
        env.fixed_iters = parse_iters(it);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            quick = 1;
        } else if (strcmp(argv[i], "--iters") == 0 && i + 1 < argc) {
            env.fixed_iters = parse_iters(argv[++i]);
        } else {
            fprintf(stderr, "usage: %s [--quick] [--iters N]\n"
                            "  GECL_BENCH_QUICK=1 is --quick, GECL_BENCH_ITERS=N is --iters N\n",
                    argv[0]);
            exit(strcmp(argv[i], "--help") == 0 ? 0 : 2);
        }
    }
    env.round_s = quick ? 0.05 : 0.2;
}

static void print_intro(int have_blas)
{
    gecl_device_desc desc;
    ACL_CHECK(gecl_rt_describe_device(0, &desc));
    printf("bench_graph: ACL device 0 = %s (%s, %s)\n", desc.name, desc.platform, desc.version);
    if (have_blas)
        printf("baseline: CLBlast%s%s SGEMM (conv: + own %s and bias_relu kernels) on an own"
               " in-order queue\n          in gecl's cl_context, profiling on like gecl's"
               " streams\n",
               GECL_BENCH_CLBLAST_VERSION[0] ? " " : "", GECL_BENCH_CLBLAST_VERSION,
               env.cpu ? "im2col_rows" : "im2col");
    else
        printf("baseline: none: CLBlast was not found at configure time; gecl is checked against"
               " the CPU reference only\n");
    if (env.fixed_iters > 0)
        printf("timing: %d rounds of %d runs per side, median round\n", ROUNDS, env.fixed_iters);
    else
        printf("timing: %d rounds of ~%.2f s per side (runs sized by one untimed run), median round\n",
               ROUNDS, env.round_s);
    printf("columns: krn = gecl kernel launches per run; load = CompileGraph+LoadGraph, from ="
           " where its\n         programs came from (source, disk cache, memory); 1st = first"
           " run, untimed (CLBlast\n         builds its kernels then); runs = rounds x runs per"
           " round; ms = per run; GF = GFLOP/s;\n         err = max|diff| / max|reference|,"
           " MISMATCH above %.0e\n", TOLERANCE);
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
#ifdef GECL_BENCH_HAVE_CLBLAST
    const int have_blas = 1;
#else
    const int have_blas = 0;
#endif
    double t_start = bench_now_s();
    env_open();
    print_intro(have_blas);

    static const conv_shape convs[] = {
        {1, 16, 56, 56, 32}, {1, 64, 56, 56, 64}, {1, 128, 28, 28, 128}, {1, 256, 14, 14, 256}};
    section_stats conv_st = {0, 0};
    print_header("[1] Conv2D 3x3 pad 1 stride 1 (NCHW) -> BiasAdd -> Relu; N x C x H x W -> K");
    for (size_t i = 0; i < sizeof convs / sizeof convs[0]; i++)
        bench_conv(convs[i], have_blas, &conv_st);
    print_section_summary("conv", &conv_st);

    static const mm_shape mms[] = {
        {256, 256, 256, 0, 0},  {256, 256, 256, 1, 0},    {512, 512, 512, 0, 0},
        {512, 512, 512, 1, 0},  {1024, 1024, 1024, 0, 0}, {1024, 1024, 1024, 1, 0},
        {1, 2048, 1000, 0, 1},  {1, 2048, 1000, 1, 1}};
    section_stats mm_st = {0, 0};
    print_header("[2] MatMulV2; M x K x N (x2^T: transpose_x2, x2 stored N x K; const: x2 a constant)");
    for (size_t i = 0; i < sizeof mms / sizeof mms[0]; i++)
        bench_matmul(mms[i], have_blas, &mm_st);
    print_section_summary("matmul", &mm_st);

    env_close();
    if (env.mismatches)
        printf("\n%d case(s) MISMATCH: gecl's output differs from the baseline or the CPU"
               " reference\n", env.mismatches);
    printf("total %.1f s\n", bench_now_s() - t_start);
    return env.mismatches ? 1 : 0;
}
