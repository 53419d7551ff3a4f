/*
 * test_dynamic_shapes.c: one graph with a dynamic batch (Data [-1, K], CANN's unknown dim) run
 * with several batch sizes, as a dynamic-batch CANN user runs it.
 *
 *   x [N,K] -> MatMulV2(W [K,M], bias [M]) -> Relu = h            (the anchor, epilogue fused)
 *   s = SoftmaxV2(h), u = Sigmoid(h) * scale [M]                    (reduction, elementwise)
 *   outputs: ConcatD(s, u; axis 1) [N, 2M], TransposeD(h) [M, N]    (movement)
 *
 * What must hold:
 * - every run matches a double-precision CPU reference of the same graph;
 * - a new batch size builds programs only for the anchor: the elementwise, softmax, transpose
 *   and row-copy kernels take their sizes as arguments, so their programs come from the
 *   in-memory program cache (gecl_rt_program_cache_stats: every program looked up once, the
 *   MatMul's GEMM not found in memory, its weight packing (an init launch on CPU devices) at
 *   most, and every other kernel a memory hit);
 * - a batch size seen before runs its cached variant: no program is even looked up;
 * - more batch sizes than GECL_MAX_SHAPE_VARIANTS keep at most that many loaded, and a size
 *   whose variant was dropped compiles again and is still right;
 * - inputs that do not fit the Data (known dim, rank, dtype) are PARAM_INVALID naming it.
 */
#include "graph_util.h"

#include <math.h>
#include <string.h>

#include "gecl/gecl_rt.h"

enum { K = 16, M = 32, GRAPH_ID = 900 };

typedef struct dyn_graph {
    gg_graph *g;
    float w[K * M], bias[M], scale[M];
    gecl_port outs[2];
} dyn_graph;

static void build(dyn_graph *d)
{
    gg_seed(42);
    float *w = gg_rand_f32(K * M, -0.5, 0.5), *b = gg_rand_f32(M, -0.5, 0.5), *sc = gg_rand_f32(M, 0.5, 2.0);
    memcpy(d->w, w, sizeof d->w);
    memcpy(d->bias, b, sizeof d->bias);
    memcpy(d->scale, sc, sizeof d->scale);
    d->g = gg_new("dynamic_batch");
    gg_graph *g = d->g;
    gecl_port x = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(GECL_DIM_UNKNOWN, K)), NULL);
    gecl_port wp = gg_const(g, "w", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(K, M)), d->w);
    gecl_port bp = gg_const(g, "bias", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(M)), d->bias);
    gecl_port sp = gg_const(g, "scale", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(M)), d->scale);
    int32_t mm = GG_OP(g, "fc", "MatMulV2", x, wp, bp);
    int32_t h = GG_OP(g, "relu", "Relu", gg_port(mm));
    int32_t s = GG_OP(g, "softmax", "SoftmaxV2", gg_port(h));
    int32_t sig = GG_OP(g, "sigmoid", "Sigmoid", gg_port(h));
    int32_t u = GG_OP(g, "scaled", "Mul", gg_port(sig), sp);
    int32_t cat = GG_OP(g, "cat", "ConcatD", gg_port(s), gg_port(u));
    gg_attr_int(g, cat, "concat_dim", 1);
    gg_attr_int(g, cat, "N", 2);
    int32_t tr = GG_OP(g, "tr", "TransposeD", gg_port(h));
    GG_ATTR_INTS(g, tr, "perm", 1, 0);
    d->outs[0] = gg_port(cat);
    d->outs[1] = gg_port(tr);
    GG_OK(gecl_graph_set_outputs(g->graph, 2, d->outs));
}

/* The graph in double precision: cat [n, 2M], tr [M, n]. */
static void reference(const dyn_graph *d, const float *x, int64_t n, double *cat, double *tr)
{
    for (int64_t r = 0; r < n; r++) {
        double h[M], mx = -1e300, sum = 0;
        for (int j = 0; j < M; j++) {
            double acc = d->bias[j];
            for (int k = 0; k < K; k++) acc += (double)x[r * K + k] * d->w[k * M + j];
            h[j] = acc > 0 ? acc : 0;
            mx = h[j] > mx ? h[j] : mx;
            tr[j * n + r] = h[j];
        }
        for (int j = 0; j < M; j++) sum += exp(h[j] - mx);
        for (int j = 0; j < M; j++) {
            cat[r * 2 * M + j] = exp(h[j] - mx) / sum;
            cat[r * 2 * M + M + j] = d->scale[j] / (1 + exp(-h[j]));
        }
    }
}

static gecl_program_cache_stats stats(void)
{
    gecl_program_cache_stats s;
    assert_int_equal(gecl_rt_program_cache_stats(&s), ACL_SUCCESS);
    return s;
}

/* One run with batch n, checked against the reference. */
static void run_batch(const dyn_graph *d, int64_t n)
{
    gg_log("batch %lld", (long long)n);
    float *x = gg_rand_f32((size_t)(n * K), -1, 1);
    gecl_tensor in = {.desc = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(n, K)), .data = x,
                      .bytes = (size_t)(n * K) * sizeof(float), .placement = GECL_ON_HOST};
    gecl_tensor out[2] = {0};
    GG_OK(gecl_session_run_graph(gg_session(), GRAPH_ID, 1, &in, 2, out));
    double *cat = gg_alloc((size_t)(n * 2 * M) * sizeof(double)), *tr = gg_alloc((size_t)(M * n) * sizeof(double));
    reference(d, x, n, cat, tr);
    int ok = gg_expect("cat", &out[0], 2, GG_DIMS(n, 2 * M), cat, NULL, GG_REL_TRANSC, GG_ABS_TRANSC) &
             gg_expect("tr", &out[1], 2, GG_DIMS(M, n), tr, NULL, GG_REL_ACC, GG_ABS_ACC);
    GG_OK(gecl_output_free(out[0].data));
    GG_OK(gecl_output_free(out[1].data));
    GG_NO_FAILURES(!ok);
}

/* Programs looked up (found in memory, on disk, or built) since `since`. */
static uint64_t lookups_since(const gecl_program_cache_stats *since)
{
    const gecl_program_cache_stats now = stats();
    return (now.memory_hits - since->memory_hits) + (now.disk_hits - since->disk_hits) +
           (now.source_builds - since->source_builds);
}

static void add_graph(dyn_graph *d)
{
    build(d);
    GG_OK(gecl_session_add_graph(gg_session(), GRAPH_ID, d->g->graph, 0, NULL, NULL));
}

static void test_new_shapes_build_only_the_anchor(void **state)
{
    (void)state;
    dyn_graph d;
    add_graph(&d);
    const gecl_program_cache_stats first = stats();
    run_batch(&d, 2); /* the first batch builds (or loads from disk) what it needs */
    const uint64_t lookups = lookups_since(&first); /* a variant's program lookups */
    gecl_graph_summary sum;
    GG_OK(gecl_session_graph_summary(gg_session(), GRAPH_ID, &sum));
    assert_int_equal(sum.is_static, 0);
    assert_true(sum.kernel_count >= 5); /* matmul, softmax, elementwise, transpose, row copies */
    /* Beyond the run's kernels, a variant looks up its init launches' programs: on CPU devices
     * the packing of the MatMul's constant weight into its GEMM's panels, whose width follows
     * the GEMM's tile class (a batch-1 row tile or a block of rows), so a batch may need it
     * anew; the run's kernels other than the MatMul's must all come from memory. */
    assert_true(lookups >= sum.kernel_count);
    const uint64_t inits = lookups - sum.kernel_count;
    const int64_t batches[] = {3, 5, 7};
    for (size_t i = 0; i < sizeof batches / sizeof *batches; i++) {
        gecl_program_cache_stats before = stats();
        run_batch(&d, batches[i]);
        gecl_program_cache_stats after = stats();
        GG_OK(gecl_session_graph_summary(gg_session(), GRAPH_ID, &sum));
        const uint64_t new_programs = (after.source_builds - before.source_builds) + (after.disk_hits - before.disk_hits);
        gg_log("batch %lld: %llu programs not in memory, %llu memory hits, %zu kernels, %llu init launches",
               (long long)batches[i], (unsigned long long)new_programs,
               (unsigned long long)(after.memory_hits - before.memory_hits), sum.kernel_count, (unsigned long long)inits);
        assert_int_equal(lookups_since(&before), sum.kernel_count + inits); /* each program looked up once */
        assert_true(new_programs >= 1 && new_programs <= 1 + inits); /* the MatMul's, and its packing */
        assert_true(after.memory_hits - before.memory_hits >= sum.kernel_count - 1); /* all the others */
    }
    /* Seen before: the cached variant runs, nothing is looked up. */
    gecl_program_cache_stats before = stats();
    run_batch(&d, 3);
    gecl_program_cache_stats after = stats();
    assert_int_equal(after.memory_hits + after.source_builds + after.disk_hits,
                     before.memory_hits + before.source_builds + before.disk_hits);
    GG_OK(gecl_session_remove_graph(gg_session(), GRAPH_ID));
}

static void test_variant_cache_is_bounded(void **state)
{
    (void)state;
    dyn_graph d;
    add_graph(&d);
    for (int64_t n = 2; n < 2 + GECL_MAX_SHAPE_VARIANTS + 3; n++) {
        run_batch(&d, n);
        gecl_graph_counts c;
        GG_OK(gecl_graph_live_counts(&c));
        assert_true(c.loaded <= GECL_MAX_SHAPE_VARIANTS);
    }
    run_batch(&d, 2); /* dropped long ago: compiled again */
    GG_OK(gecl_session_remove_graph(gg_session(), GRAPH_ID));
    gecl_graph_counts c;
    GG_OK(gecl_graph_live_counts(&c));
    assert_int_equal(c.loaded, 0);
}

static void expect_misfit(const gecl_tensor_desc *desc, const char *what)
{
    GG_ERR(GECL_PARAM_INVALID, gecl_session_compile_graph_for(gg_session(), GRAPH_ID, 1, desc));
    const char *msg = gecl_last_error();
    if (!strstr(msg, "'x'") || !strstr(msg, what)) fail_msg("message '%s' should name 'x' and say '%s'", msg, what);
}

static void test_misfits_are_refused(void **state)
{
    (void)state;
    dyn_graph d;
    add_graph(&d);
    gecl_tensor_desc k17 = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(4, 17));
    gecl_tensor_desc rank3 = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, GG_DIMS(4, 16, 1));
    gecl_tensor_desc i32 = gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, GG_DIMS(4, 16));
    expect_misfit(&k17, "does not fit the Data's [-1,16]");
    expect_misfit(&rank3, "does not fit the Data's [-1,16]");
    expect_misfit(&i32, "the input is DT_INT32, the Data is DT_FLOAT");
    gecl_tensor_desc ok = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(4, 16));
    GG_OK(gecl_session_compile_graph_for(gg_session(), GRAPH_ID, 1, &ok));
    gecl_tensor_desc out;
    GG_OK(gecl_session_output_desc(gg_session(), GRAPH_ID, 1, &out));
    assert_true(out.ndim == 2 && out.dims[0] == M && out.dims[1] == 4);
    GG_ERR(GECL_PARAM_INVALID, gecl_session_compile_graph_for(gg_session(), GRAPH_ID, 2, (gecl_tensor_desc[]){ok, ok}));
    GG_OK(gecl_session_remove_graph(gg_session(), GRAPH_ID));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_new_shapes_build_only_the_anchor),
        GG_TEST(test_variant_cache_is_bounded),
        GG_TEST(test_misfits_are_refused),
    };
    return GG_RUN_GROUP(tests);
}
