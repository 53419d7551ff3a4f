/*
 * bench_overhead.c: what gecl's graph engine adds to a run of many tiny kernels, against the same
 * work enqueued on a raw OpenCL queue, in one run on ACL device 0.
 *
 * The graph: v0 = x (a Data input of ELEMS floats), v1 = Neg(x), then
 * v[i] = Sub(v[i-1], v[i-2]) for i = 2..NODES, with v[NODES-1] and v[NODES] the outputs. Every
 * intermediate has two readers, so fusion merges nothing (src/compile/fuse.c) and the plan is one
 * launch per node: NODES launches. Sub keeps the values bounded (the sequence repeats every 6).
 *
 * The baseline: the same NODES launches of a one-line kernel (c[i] = a[i] - b[i], and a negation
 * first) with gecl's elementwise kernel's argument layout and work-group size, on a ring of 3 buffers, each launch's kernel object created once with its arguments set,
 * so a raw run is NODES clEnqueueNDRangeKernel calls and one clFinish: the least work OpenCL
 * allows. gecl's run is gecl_session_run_graph_with_stream_async on aclrtMalloc'd input and
 * outputs, then aclrtSynchronizeStream.
 *
 * Timing: a first run per side is excluded, then ROUNDS rounds, alternating which side goes first;
 * each round times ITERS runs and one sync per side. The median round gives ms per run on each
 * side and their ratio. Outputs are compared exactly (same operations in the same order) and with
 * a CPU reference; a difference makes it exit 1.
 *
 *   bench_overhead [--nodes N] [--elems N] [--iters N] [--rounds N] [--json FILE]
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"

typedef struct opts {
    int nodes, elems, iters, rounds;
    const char *json;
} opts;

static struct {
    aclrtStream stream;
    gecl_session session;
    cl_device_id dev;
    cl_context ctx;
    cl_command_queue q;
} env;

/* The kernels take their arguments as gecl's generated elementwise kernel does (tensors as buffer
 * + byte offset, then the row length and row count as longs; a 2-D range), so both sides hand
 * OpenCL the same number of arguments per launch. */
static const char *raw_source =
    "#define AT(p, off) ((__global float *)((__global char *)(p) + (off)))\n"
    "__kernel void neg(__global float *y, ulong y_off, __global const float *a, ulong a_off, long d, long rows)\n"
    "{ long i = get_global_id(0); if (i < d) AT(y, y_off)[i] = -AT(a, a_off)[i]; }\n"
    "__kernel void sub(__global float *y, ulong y_off, __global const float *a, ulong a_off,\n"
    "                  __global const float *b, ulong b_off, long d, long rows)\n"
    "{ long i = get_global_id(0); if (i < d) AT(y, y_off)[i] = AT(a, a_off)[i] - AT(b, b_off)[i]; }\n";

/* Sets kernel k's arguments: output, then the inputs, each with a zero offset, then d and rows. */
static void set_args(cl_kernel k, cl_mem y, int n_in, const cl_mem *in, long d)
{
    const cl_ulong zero = 0;
    const cl_long dd = d, rows = 1;
    cl_uint a = 0;
    CL_CHECK(clSetKernelArg(k, a++, sizeof y, &y));
    CL_CHECK(clSetKernelArg(k, a++, sizeof zero, &zero));
    for (int i = 0; i < n_in; i++) {
        CL_CHECK(clSetKernelArg(k, a++, sizeof in[i], &in[i]));
        CL_CHECK(clSetKernelArg(k, a++, sizeof zero, &zero));
    }
    CL_CHECK(clSetKernelArg(k, a++, sizeof dd, &dd));
    CL_CHECK(clSetKernelArg(k, a++, sizeof rows, &rows));
}

/* ---- gecl side ---------------------------------------------------------------------------- */

typedef struct gecl_side {
    uint32_t id;
    gecl_tensor in, out[2];
} gecl_side;

static void gecl_build(const opts *o, gecl_side *s)
{
    const gecl_tensor_desc d = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {o->elems}};
    gecl_graph *g;
    GE_CHECK(gecl_graph_create("bench_overhead", &g));
    gecl_port prev2, prev;
    GE_CHECK(gecl_graph_add_data(g, "x", 0, &d, &prev2));
    int32_t node;
    GE_CHECK(gecl_graph_add_op(g, "v1", "Neg", 1, &prev2, &node));
    prev = (gecl_port){node, 0};
    for (int i = 2; i <= o->nodes; i++) {
        char name[32];
        snprintf(name, sizeof name, "v%d", i);
        GE_CHECK(gecl_graph_add_op(g, name, "Sub", 2, (gecl_port[]){prev, prev2}, &node));
        prev2 = prev;
        prev = (gecl_port){node, 0};
    }
    GE_CHECK(gecl_graph_set_outputs(g, 2, (gecl_port[]){prev2, prev}));
    s->id = 1;
    GE_CHECK(gecl_session_add_graph(env.session, s->id, g, 0, NULL, NULL));
    gecl_graph_destroy(g);
    GE_CHECK(gecl_session_compile_graph(env.session, s->id));
    GE_CHECK(gecl_session_load_graph(env.session, s->id, 0, NULL, NULL, env.stream));
    const size_t bytes = (size_t)o->elems * sizeof(float);
    s->in = (gecl_tensor){d, NULL, bytes, GECL_ON_DEVICE};
    ACL_CHECK(aclrtMalloc(&s->in.data, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    for (int k = 0; k < 2; k++) {
        s->out[k] = s->in;
        ACL_CHECK(aclrtMalloc(&s->out[k].data, bytes, ACL_MEM_MALLOC_HUGE_FIRST));
    }
}

static void gecl_runs(gecl_side *s, int n)
{
    for (int i = 0; i < n; i++)
        GE_CHECK(gecl_session_run_graph_with_stream_async(env.session, s->id, env.stream, 1, &s->in, 2, s->out));
    ACL_CHECK(aclrtSynchronizeStream(env.stream));
}

/* ---- raw OpenCL side ---------------------------------------------------------------------- */

typedef struct raw_side {
    cl_program prog;
    cl_mem x, ring[3];
    cl_kernel *k;          /* one per launch, arguments set once */
    size_t global[2], local[2];
    int n;
} raw_side;

static void raw_build(const opts *o, raw_side *r)
{
    cl_int err;
    r->prog = clCreateProgramWithSource(env.ctx, 1, &raw_source, NULL, &err);
    CL_CHECK(err);
    CL_CHECK(clBuildProgram(r->prog, 1, &env.dev, "", NULL, NULL));
    const size_t bytes = (size_t)o->elems * sizeof(float);
    r->x = clCreateBuffer(env.ctx, CL_MEM_READ_WRITE, bytes, NULL, &err);
    CL_CHECK(err);
    for (int i = 0; i < 3; i++) {
        r->ring[i] = clCreateBuffer(env.ctx, CL_MEM_READ_WRITE, bytes, NULL, &err);
        CL_CHECK(err);
    }
    r->n = o->nodes;
    /* gecl's elementwise launches: work-groups of 64 along the row (fewer for shorter rows). */
    r->local[0] = 64;
    while (r->local[0] > 1 && (int)r->local[0] / 2 >= o->elems) r->local[0] /= 2;
    r->local[1] = 1;
    r->global[0] = ((size_t)o->elems + r->local[0] - 1) / r->local[0] * r->local[0];
    r->global[1] = 1;
    r->k = bench_xmalloc((size_t)o->nodes * sizeof *r->k);
    /* v[i] lives in ring[i % 3]; v0 is x. */
    r->k[0] = clCreateKernel(r->prog, "neg", &err);
    CL_CHECK(err);
    set_args(r->k[0], r->ring[1], 1, &r->x, o->elems);
    for (int i = 2; i <= o->nodes; i++) {
        cl_kernel k = r->k[i - 1] = clCreateKernel(r->prog, "sub", &err);
        CL_CHECK(err);
        const cl_mem in[2] = {r->ring[(i - 1) % 3], i == 2 ? r->x : r->ring[(i - 2) % 3]};
        set_args(k, r->ring[i % 3], 2, in, o->elems);
    }
}

static void raw_runs(raw_side *r, int n)
{
    for (int i = 0; i < n; i++)
        for (int s = 0; s < r->n; s++)
            CL_CHECK(clEnqueueNDRangeKernel(env.q, r->k[s], 2, NULL, r->global, r->local, 0, NULL, NULL));
    CL_CHECK(clFinish(env.q));
}

static void raw_free(raw_side *r)
{
    for (int s = 0; s < r->n; s++) clReleaseKernel(r->k[s]);
    free(r->k);
    for (int i = 0; i < 3; i++) clReleaseMemObject(r->ring[i]);
    clReleaseMemObject(r->x);
    clReleaseProgram(r->prog);
}

/* ---- checks ------------------------------------------------------------------------------- */

/* v[nodes] on the host in float, as both sides compute it. */
static void reference(const float *x, int elems, int nodes, float *want)
{
    for (int e = 0; e < elems; e++) {
        float a = x[e], b = -x[e];
        for (int i = 2; i <= nodes; i++) {
            const float c = b - a;
            a = b;
            b = c;
        }
        want[e] = b;
    }
}

static int check(const opts *o, gecl_side *g, raw_side *r, const float *x)
{
    const size_t bytes = (size_t)o->elems * sizeof(float);
    float *got = bench_xmalloc(bytes), *raw = bench_xmalloc(bytes), *want = bench_xmalloc(bytes);
    ACL_CHECK(aclrtMemcpy(got, bytes, g->out[1].data, bytes, ACL_MEMCPY_DEVICE_TO_HOST));
    CL_CHECK(clEnqueueReadBuffer(env.q, r->ring[o->nodes % 3], CL_TRUE, 0, bytes, raw, 0, NULL, NULL));
    reference(x, o->elems, o->nodes, want);
    int bad = 0;
    for (int e = 0; e < o->elems && !bad; e++)
        if (got[e] != want[e] || raw[e] != want[e]) {
            fprintf(stderr, "MISMATCH at %d: gecl %g, raw OpenCL %g, reference %g\n", e, got[e], raw[e], want[e]);
            bad = 1;
        }
    free(got);
    free(raw);
    free(want);
    return bad;
}

/* ---- main --------------------------------------------------------------------------------- */

static int parse_opts(int argc, char **argv, opts *o)
{
    *o = (opts){100, 1024, 200, 7, NULL};
    for (int i = 1; i < argc; i++) {
        int *v = !strcmp(argv[i], "--nodes") ? &o->nodes : !strcmp(argv[i], "--elems") ? &o->elems
               : !strcmp(argv[i], "--iters") ? &o->iters : !strcmp(argv[i], "--rounds") ? &o->rounds : NULL;
        if (v && i + 1 < argc) *v = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--json") && i + 1 < argc) o->json = argv[++i];
        else return 0;
    }
    return o->nodes >= 2 && o->elems >= 1 && o->iters >= 1 && o->rounds >= 1;
}

int main(int argc, char **argv)
{
    opts o;
    if (!parse_opts(argc, argv, &o)) {
        fprintf(stderr, "usage: bench_overhead [--nodes N>=2] [--elems N] [--iters N] [--rounds N] [--json FILE]\n");
        return 2;
    }
    bench_session_open(&env.stream, &env.session, &env.dev, &env.ctx);
    cl_int err;
    const cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE, 0};
    env.q = clCreateCommandQueueWithProperties(env.ctx, env.dev, props, &err);
    CL_CHECK(err);

    gecl_side g;
    raw_side r;
    gecl_build(&o, &g);
    raw_build(&o, &r);
    const size_t bytes = (size_t)o.elems * sizeof(float);
    float *x = bench_xmalloc(bytes);
    bench_fill_random(x, (size_t)o.elems, 7);
    ACL_CHECK(aclrtMemcpy(g.in.data, bytes, x, bytes, ACL_MEMCPY_HOST_TO_DEVICE));
    CL_CHECK(clEnqueueWriteBuffer(env.q, r.x, CL_TRUE, 0, bytes, x, 0, NULL, NULL));

    gecl_runs(&g, 1);
    raw_runs(&r, 1);
    double *tg = bench_xmalloc((size_t)o.rounds * sizeof *tg), *tr = bench_xmalloc((size_t)o.rounds * sizeof *tr);
    for (int k = 0; k < o.rounds; k++)
        for (int side = 0; side < 2; side++) {
            const int gecl_turn = (side + k) % 2 == 0;
            const double t0 = bench_now_s();
            if (gecl_turn) gecl_runs(&g, o.iters);
            else raw_runs(&r, o.iters);
            (gecl_turn ? tg : tr)[k] = (bench_now_s() - t0) * 1e3 / o.iters;
        }
    const int bad = check(&o, &g, &r, x);
    const double mg = bench_median(tg, (size_t)o.rounds), mr = bench_median(tr, (size_t)o.rounds);
    printf("run overhead: a graph of %d tiny elementwise nodes (%d floats each, one launch per node) on device 0\n",
           o.nodes, o.elems);
    printf("%-40s %10s %10s %8s %14s\n", "case", "gecl ms", "raw ms", "gecl/raw", "gecl us/launch");
    printf("%-40s %10.3f %10.3f %7.2fx %14.2f%s\n", "RunGraphWithStreamAsync vs clEnqueue", mg, mr, mg / mr,
           mg * 1e3 / o.nodes, bad ? "  MISMATCH" : "");
    printf("(median of %d interleaved rounds of %d runs each)\n", o.rounds, o.iters);
    if (o.json) {
        FILE *f = fopen(o.json, "w");
        if (!f) {
            fprintf(stderr, "cannot write %s\n", o.json);
            return 1;
        }
        fprintf(f, "{\"benchmark\": \"overhead\", \"nodes\": %d, \"elems\": %d, \"iters\": %d, \"rounds\": %d, "
                   "\"gecl_ms\": %.6f, \"raw_ms\": %.6f, \"ratio\": %.4f, \"match\": %s}\n",
                o.nodes, o.elems, o.iters, o.rounds, mg, mr, mg / mr, bad ? "false" : "true");
        fclose(f);
    }
    free(tg);
    free(tr);
    free(x);
    raw_free(&r);
    for (int k = 0; k < 2; k++) ACL_CHECK(aclrtFree(g.out[k].data));
    ACL_CHECK(aclrtFree(g.in.data));
    GE_CHECK(gecl_session_remove_graph(env.session, g.id));
    clReleaseCommandQueue(env.q);
    GE_CHECK(gecl_session_destroy(env.session));
    GE_CHECK(gecl_finalize());
    ACL_CHECK(aclrtDestroyStream(env.stream));
    ACL_CHECK(aclrtResetDevice(0));
    ACL_CHECK(aclFinalize());
    return bad;
}
