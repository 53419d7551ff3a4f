/*
 * bench_gemm.c: MatMulV2 through gecl's graph engine next to OpenBLAS's cblas_sgemm on the host
 * and CLBlast's Sgemm on the same OpenCL device, in one run, interleaved (issue 11, part 1).
 *
 * Shapes: square 256^3 .. 2048^3 (both operands graph inputs) and the skinny ones of real layers
 * (the weight a graph constant, as a model holds it): 1x512x1000 and 1x2048x1000 (batch-1 fully
 * connected), 64x4096x1024, BERT-base's 128x768x3072 and 128x3072x768.
 *
 * OpenBLAS runs sgemm, or sgemv for the single-row shapes.
 *
 * Fairness: OpenBLAS gets as many threads as the OpenCL device has compute units (PoCL: one per
 * core), so on a CPU device the three use the same cores. OpenBLAS picks its kernels by CPU model;
 * on some AMD hosts it picks Haswell kernels although AVX-512 is there: run once more with
 * OPENBLAS_CORETYPE=SkylakeX (or Cooperlake) and compare against the faster. The core it picked
 * is printed.
 *
 * Timing: each contestant runs once untimed (gecl loaded its programs at LoadGraph, CLBlast
 * builds its own on first use), once more to size a round (~0.2 s, --quick ~0.05 s); then
 * --rounds rounds (default 5), each timing every contestant in turn, with the order rotated per
 * round so that a drift of the machine's speed falls on all alike. The figure is the median
 * round's time per run; ratios are gecl's GFLOP/s over the baseline's (> 1: gecl faster). After
 * OpenBLAS's turn the benchmark sleeps 0.2 s so that its spinning threads park first.
 *
 * Correctness: gecl's and CLBlast's outputs are compared with OpenBLAS's over the whole matrix:
 * max|diff| / max|OpenBLAS| above 1e-4 (float sums over K <= 4096 of products of values in
 * [-1, 1) stay near 1e-6) marks the row MISMATCH and the exit status 1.
 *
 *   bench_gemm [--quick] [--rounds N] [--threads N] [--json FILE] [--only NAME]
 */
#define _POSIX_C_SOURCE 200809L

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_common.h"
#include "gecl/gecl_rt.h"

#ifdef GECL_BENCH_HAVE_CLBLAST
#include <clblast_c.h>
#endif

#define MAX_ROUNDS 51
#define TOLERANCE 1e-4

enum { GECL, BLAS, CLBLAST, N_SIDES };
static const char *const side_name[N_SIDES] = {"gecl", "openblas", "clblast"};

typedef struct shape {
    const char *name;
    int m, k, n;
    int const_b; /* x2 a graph constant (a layer's weight) */
} shape;

static const shape shapes[] = {
    {"256^3", 256, 256, 256, 0},          {"512^3", 512, 512, 512, 0},
    {"1024^3", 1024, 1024, 1024, 0},      {"2048^3", 2048, 2048, 2048, 0},
    {"fc 1x512x1000", 1, 512, 1000, 1},   {"fc 1x2048x1000", 1, 2048, 1000, 1},
    {"64x4096x1024", 64, 4096, 1024, 1},  {"bert 128x768x3072", 128, 768, 3072, 1},
    {"bert 128x3072x768", 128, 3072, 768, 1},
};

static struct {
    double round_s;
    int rounds, threads;
    const char *json, *only;
    aclrtStream stream;
    gecl_session session;
    cl_context ctx;
    cl_device_id dev;
    cl_command_queue q;
    int mismatches;
} env = {0.2, 5, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0};

/* One case's state: host operands, OpenBLAS's output, gecl's graph and tensors, CLBlast's
 * buffers. */
typedef struct gemm_case {
    const shape *s;
    float *a, *b, *c_blas;
    uint32_t graph_id;
    gecl_tensor in[2], out;
    size_t n_in;
    cl_mem ca, cb, cc;
} gemm_case;

static void run_gecl(gemm_case *g)
{
    GE_CHECK(gecl_session_run_graph_with_stream_async(env.session, g->graph_id, env.stream, g->n_in, g->in, 1,
                                                      &g->out));
}

/* A single row (a batch-1 layer) is a matrix-vector product: OpenBLAS's sgemv, its fastest path
 * for it, is the baseline there. */
static void run_blas(gemm_case *g)
{
    const shape *s = g->s;
    if (s->m == 1) {
        cblas_sgemv(CblasRowMajor, CblasTrans, s->k, s->n, 1.0f, g->b, s->n, g->a, 1, 0.0f, g->c_blas, 1);
        return;
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s->m, s->n, s->k, 1.0f, g->a, s->k, g->b, s->n, 0.0f,
                g->c_blas, s->n);
}

static void run_clblast(gemm_case *g)
{
#ifdef GECL_BENCH_HAVE_CLBLAST
    const shape *s = g->s;
    CLBlastStatusCode st = CLBlastSgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo, (size_t)s->m,
                                        (size_t)s->n, (size_t)s->k, 1.0f, g->ca, 0, (size_t)s->k, g->cb, 0,
                                        (size_t)s->n, 0.0f, g->cc, 0, (size_t)s->n, &env.q, NULL);
    if (st != CLBlastSuccess) {
        fprintf(stderr, "CLBlastSgemm failed: status %d\n", (int)st);
        exit(1);
    }
#else
    (void)g;
#endif
}

static void run_side(int side, gemm_case *g, int runs)
{
    for (int i = 0; i < runs; i++) {
        if (side == GECL) run_gecl(g);
        else if (side == BLAS) run_blas(g);
        else run_clblast(g);
    }
    if (side == GECL) ACL_CHECK(aclrtSynchronizeStream(env.stream));
    else if (side == CLBLAST) CL_CHECK(clFinish(env.q));
}

/* OpenBLAS's threads spin for a while after a call (about 2^28 cycles by default) before they
 * sleep; timing the next contestant meanwhile would give it the cores they spin on. */
static void let_blas_threads_park(void)
{
    const struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);
}

static double time_side(int side, gemm_case *g, int runs)
{
    const double t0 = bench_now_s();
    run_side(side, g, runs);
    const double t = (bench_now_s() - t0) / runs;
    if (side == BLAS) let_blas_threads_park();
    return t;
}

static gecl_tensor device_tensor(int64_t rows, int64_t cols, const float *host)
{
    gecl_tensor_desc d = {GECL_DT_FLOAT, GECL_FORMAT_ND, 2, {rows, cols}};
    void *p;
    const size_t bytes = gecl_desc_bytes(&d);
    ACL_CHECK(aclrtMalloc(&p, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    if (host) ACL_CHECK(aclrtMemcpy(p, bytes, host, bytes, ACL_MEMCPY_HOST_TO_DEVICE));
    gecl_tensor t = {d, p, bytes, GECL_ON_DEVICE};
    return t;
}

static cl_mem cl_upload(const float *host, size_t count)
{
    cl_int err;
    cl_mem m = clCreateBuffer(env.ctx, CL_MEM_READ_WRITE, count * sizeof(float), NULL, &err);
    CL_CHECK(err);
    if (host) CL_CHECK(clEnqueueWriteBuffer(env.q, m, CL_TRUE, 0, count * sizeof(float), host, 0, NULL, NULL));
    return m;
}

static void case_open(gemm_case *g, const shape *s, uint32_t id)
{
    memset(g, 0, sizeof *g);
    g->s = s;
    const size_t ak = (size_t)s->m * s->k, kn = (size_t)s->k * s->n, mn = (size_t)s->m * s->n;
    g->a = bench_xmalloc(ak * sizeof(float));
    g->b = bench_xmalloc(kn * sizeof(float));
    g->c_blas = bench_xmalloc(mn * sizeof(float));
    bench_fill_random(g->a, ak, 4);
    bench_fill_random(g->b, kn, 5);

    gecl_graph *gr;
    GE_CHECK(gecl_graph_create("bench_gemm", &gr));
    gecl_tensor_desc da = {GECL_DT_FLOAT, GECL_FORMAT_ND, 2, {s->m, s->k}};
    gecl_tensor_desc db = {GECL_DT_FLOAT, GECL_FORMAT_ND, 2, {s->k, s->n}};
    gecl_port pa, pb;
    GE_CHECK(gecl_graph_add_data(gr, "x1", 0, &da, &pa));
    if (s->const_b) GE_CHECK(gecl_graph_add_const(gr, "x2", &db, g->b, kn * sizeof(float), &pb));
    else GE_CHECK(gecl_graph_add_data(gr, "x2", 1, &db, &pb));
    int32_t mm;
    GE_CHECK(gecl_graph_add_op(gr, "mm", "MatMulV2", 2, (gecl_port[]){pa, pb}, &mm));
    GE_CHECK(gecl_graph_set_outputs(gr, 1, &(gecl_port){mm, 0}));
    g->graph_id = id;
    GE_CHECK(gecl_session_add_graph(env.session, id, gr, 0, NULL, NULL));
    gecl_graph_destroy(gr);
    GE_CHECK(gecl_session_compile_graph(env.session, id));
    GE_CHECK(gecl_session_load_graph(env.session, id, 0, NULL, NULL, env.stream));
    g->in[g->n_in++] = device_tensor(s->m, s->k, g->a);
    if (!s->const_b) g->in[g->n_in++] = device_tensor(s->k, s->n, g->b);
    g->out = device_tensor(s->m, s->n, NULL);
#ifdef GECL_BENCH_HAVE_CLBLAST
    g->ca = cl_upload(g->a, ak);
    g->cb = cl_upload(g->b, kn);
    g->cc = cl_upload(NULL, mn);
#endif
}

static void case_close(gemm_case *g)
{
    for (size_t i = 0; i < g->n_in; i++) ACL_CHECK(aclrtFree(g->in[i].data));
    ACL_CHECK(aclrtFree(g->out.data));
    GE_CHECK(gecl_session_remove_graph(env.session, g->graph_id));
    if (g->ca) {
        CL_CHECK(clReleaseMemObject(g->ca));
        CL_CHECK(clReleaseMemObject(g->cb));
        CL_CHECK(clReleaseMemObject(g->cc));
    }
    free(g->a);
    free(g->b);
    free(g->c_blas);
}

/* max|got - ref| / max|ref|; +inf on a non-finite value. */
static double rel_err(const float *got, const float *ref, size_t n)
{
    double diff = 0, mag = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(got[i])) return INFINITY;
        diff = fmax(diff, fabs((double)got[i] - ref[i]));
        mag = fmax(mag, fabs((double)ref[i]));
    }
    return mag > 0 ? diff / mag : diff;
}

typedef struct result {
    double ms[N_SIDES];  /* median per run; 0: not run */
    double err[N_SIDES]; /* against OpenBLAS */
} result;

static void check(gemm_case *g, result *r)
{
    const size_t mn = (size_t)g->s->m * g->s->n;
    float *y = bench_xmalloc(mn * sizeof(float));
    ACL_CHECK(aclrtMemcpy(y, mn * sizeof(float), g->out.data, mn * sizeof(float), ACL_MEMCPY_DEVICE_TO_HOST));
    r->err[GECL] = rel_err(y, g->c_blas, mn);
    if (g->cc) {
        CL_CHECK(clEnqueueReadBuffer(env.q, g->cc, CL_TRUE, 0, mn * sizeof(float), y, 0, NULL, NULL));
        r->err[CLBLAST] = rel_err(y, g->c_blas, mn);
    }
    free(y);
}

static void bench_case(const shape *s, uint32_t id, result *r)
{
    gemm_case g;
    case_open(&g, s, id);
    const int n_sides = g.cc ? 3 : 2;
    int runs[N_SIDES];
    for (int side = 0; side < n_sides; side++) {
        run_side(side, &g, 1); /* untimed: first-use costs */
        if (side == BLAS) let_blas_threads_park();
        const double one = time_side(side, &g, 1);
        const double n = ceil(env.round_s / (one > 1e-7 ? one : 1e-7));
        runs[side] = n < 1 ? 1 : n > 100000 ? 100000 : (int)n;
    }
    double t[N_SIDES][MAX_ROUNDS];
    for (int k = 0; k < env.rounds; k++)
        for (int j = 0; j < n_sides; j++) {
            const int side = (j + k) % n_sides;
            t[side][k] = time_side(side, &g, runs[side]);
        }
    memset(r, 0, sizeof *r);
    for (int side = 0; side < n_sides; side++) r->ms[side] = 1e3 * bench_median(t[side], (size_t)env.rounds);
    check(&g, r);
    case_close(&g);
}

static double gflops(const shape *s, double ms) { return ms > 0 ? 2.0 * s->m * s->n * (double)s->k / ms / 1e6 : 0; }

static void print_row(const shape *s, const result *r)
{
    char cl[16] = "-", clgf[16] = "-", ratio_cl[16] = "-";
    if (r->ms[CLBLAST] > 0) {
        snprintf(cl, sizeof cl, "%.3f", r->ms[CLBLAST]);
        snprintf(clgf, sizeof clgf, "%.1f", gflops(s, r->ms[CLBLAST]));
        snprintf(ratio_cl, sizeof ratio_cl, "%.2f", r->ms[CLBLAST] / r->ms[GECL]);
    }
    const int bad = !(r->err[GECL] <= TOLERANCE) || (r->ms[CLBLAST] > 0 && !(r->err[CLBLAST] <= TOLERANCE));
    env.mismatches += bad;
    printf("%-20s %9.3f %9.3f %9s %8.1f %8.1f %8s %9.2f %9s %8.1e%s\n", s->name, r->ms[GECL], r->ms[BLAS], cl,
           gflops(s, r->ms[GECL]), gflops(s, r->ms[BLAS]), clgf, r->ms[BLAS] / r->ms[GECL], ratio_cl, r->err[GECL],
           bad ? "  MISMATCH" : "");
    fflush(stdout);
}

static void write_json(FILE *f, const gecl_device_desc *d, const result *res, size_t n)
{
    fprintf(f, "{\n  \"bench\": \"gemm\",\n  \"device\": \"%s\",\n  \"openblas_core\": \"%s\",\n", d->name,
            openblas_get_corename());
    fprintf(f, "  \"threads\": %d,\n  \"rounds\": %d,\n  \"cases\": [\n", env.threads, env.rounds);
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        const shape *s = &shapes[i];
        if (res[i].ms[GECL] <= 0) continue;
        fprintf(f, "%s    {\"name\": \"%s\", \"m\": %d, \"k\": %d, \"n\": %d, \"weight_const\": %s", first ? "" : ",\n",
                s->name, s->m, s->k, s->n, s->const_b ? "true" : "false");
        for (int side = 0; side < N_SIDES; side++)
            if (res[i].ms[side] > 0)
                fprintf(f, ", \"%s_ms\": %.6f, \"%s_gflops\": %.3f", side_name[side], res[i].ms[side], side_name[side],
                        gflops(s, res[i].ms[side]));
        fprintf(f, ", \"err\": %.3e}", res[i].err[GECL]);
        first = 0;
    }
    fprintf(f, "\n  ]\n}\n");
}

static int parse_int(const char *s, int lo, int hi, const char *what)
{
    char *end;
    const long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "bench_gemm: %s must be a number from %d to %d, not '%s'\n", what, lo, hi, s);
        exit(2);
    }
    return (int)v;
}

static void parse_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--quick")) env.round_s = 0.05;
        else if (!strcmp(a, "--rounds") && v) env.rounds = parse_int(argv[++i], 1, MAX_ROUNDS, "--rounds");
        else if (!strcmp(a, "--threads") && v) env.threads = parse_int(argv[++i], 1, 1024, "--threads");
        else if (!strcmp(a, "--json") && v) env.json = argv[++i];
        else if (!strcmp(a, "--only") && v) env.only = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--quick] [--rounds N] [--threads N] [--json FILE] [--only NAME-PART]\n",
                    argv[0]);
            exit(strcmp(a, "--help") == 0 ? 0 : 2);
        }
    }
}

static void env_open(gecl_device_desc *d)
{
    bench_session_open(&env.stream, &env.session, &env.dev, &env.ctx);
    ACL_CHECK(gecl_rt_describe_device(0, d));
    cl_int err;
    env.q = clCreateCommandQueueWithProperties(env.ctx, env.dev, NULL, &err);
    CL_CHECK(err);
    cl_uint units;
    CL_CHECK(clGetDeviceInfo(env.dev, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof units, &units, NULL));
    if (env.threads == 0) env.threads = (int)units;
    openblas_set_num_threads(env.threads);
}

static void env_close(void)
{
#ifdef GECL_BENCH_HAVE_CLBLAST
    CLBlastClearCache(); /* its program cache holds gecl's cl_context */
#endif
    CL_CHECK(clReleaseCommandQueue(env.q));
    GE_CHECK(gecl_session_destroy(env.session));
    GE_CHECK(gecl_finalize());
    ACL_CHECK(aclrtDestroyStream(env.stream));
    ACL_CHECK(aclrtResetDevice(0));
    ACL_CHECK(aclFinalize());
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    gecl_device_desc d;
    env_open(&d);
    printf("bench_gemm: ACL device 0 = %s (%s)\n", d.name, d.platform);
    printf("baselines: OpenBLAS %s (core %s, %d threads)%s\n", openblas_get_config(), openblas_get_corename(),
           env.threads,
#ifdef GECL_BENCH_HAVE_CLBLAST
           "; CLBlast SGEMM on the same device"
#else
           "; CLBlast: not found at configure time"
#endif
    );
    printf("timing: %d rounds, contestants interleaved, median round; ratio = gecl GFLOP/s / baseline's\n",
           env.rounds);
    printf("%-20s %9s %9s %9s %8s %8s %8s %9s %9s %8s\n", "case", "gecl ms", "blas ms", "clb ms", "gecl GF",
           "blas GF", "clb GF", "vs blas", "vs clb", "err");
    result res[sizeof shapes / sizeof shapes[0]];
    memset(res, 0, sizeof res);
    double log_sum = 0;
    int n = 0;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        if (env.only && !strstr(shapes[i].name, env.only)) continue;
        bench_case(&shapes[i], (uint32_t)i + 1, &res[i]);
        print_row(&shapes[i], &res[i]);
        log_sum += log(res[i].ms[BLAS] / res[i].ms[GECL]);
        n++;
    }
    if (n) printf("geometric mean gecl/OpenBLAS GFLOP/s: %.2f over %d cases\n", exp(log_sum / n), n);
    if (env.json) {
        FILE *f = fopen(env.json, "w");
        if (!f) {
            perror(env.json);
            return 1;
        }
        write_json(f, &d, res, sizeof shapes / sizeof shapes[0]);
        fclose(f);
    }
    env_close();
    return env.mismatches ? 1 : 0;
}
