/*
 * test_ops_split.c: ops with several outputs. Split, SplitD, SplitV and SplitVD cut x along one
 * axis into num_split outputs; the outputs feed different consumers (an elementwise op, another
 * op's second input, a graph output directly), and are checked against slices computed here.
 * Also the rules of gecl_graph_set_output_count and the errors of the split ops.
 *
 * Tolerance: a split moves bytes; the consumers are one float operation each (graph_util.h's
 * EXACT).
 */
#include "graph_util.h"

static gecl_port out_port(int32_t node, int k) { return (gecl_port){node, k}; }

/* Slice [at, at + len) along `axis` of x (float, dims) into y. */
static void slice(const float *x, const int64_t *dims, int rank, int axis, int64_t at, int64_t len, double *y)
{
    int64_t rows = 1, inner = 1;
    for (int d = 0; d < axis; d++) rows *= dims[d];
    for (int d = axis + 1; d < rank; d++) inner *= dims[d];
    size_t k = 0;
    for (int64_t r = 0; r < rows; r++)
        for (int64_t a = at; a < at + len; a++)
            for (int64_t i = 0; i < inner; i++) y[k++] = x[(r * dims[axis] + a) * inner + i];
}

typedef struct split_case {
    const char *type;
    int rank;
    int64_t dims[4];
    int64_t axis;           /* as given (may be negative) */
    int n;                  /* num_split */
    int64_t sizes[4];       /* SplitV/SplitVD: size_splits as given (-1 allowed) */
} split_case;

static const split_case CASES[] = {
    {"SplitD", 3, {2, 6, 3}, 1, 3, {0}},
    {"SplitD", 2, {4, 5}, 0, 2, {0}},
    {"SplitD", 4, {1, 4, 2, 8}, -1, 4, {0}},
    {"Split", 3, {6, 2, 2}, 0, 3, {0}},
    {"SplitVD", 2, {4, 5}, -1, 3, {1, -1, 2}},
    {"SplitVD", 3, {3, 7, 2}, 1, 2, {7, 0}},       /* an empty output */
    {"SplitV", 2, {9, 3}, 0, 3, {2, 3, 4}},
    {"SplitD", 1, {8}, 0, 1, {0}},                 /* one output: a copy */
};

/* Builds the split of a random x, runs it with each output feeding a different consumer, and
 * compares. Output 0 -> Relu; output 1 (if any) -> Add(output 1, output 1); the last output also
 * straight to the graph. */
static int run_case(const split_case *c)
{
    const size_t n = (size_t)ref_numel(c->dims, c->rank);
    float *x = gg_rand_f32(n, -2, 2);
    char name[128], ds[64];
    snprintf(name, sizeof name, "%s %s axis %lld into %d", c->type, gg_shape_str(c->dims, c->rank, ds, sizeof ds),
             (long long)c->axis, c->n);
    gg_log("case %s", name);
    gg_graph *g = gg_new(name);
    gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, c->rank, c->dims), x);
    const int sized = !strcmp(c->type, "SplitV") || !strcmp(c->type, "SplitVD");
    int32_t s;
    if (!strcmp(c->type, "Split")) {
        gecl_port dim = gg_const_ints(g, "split_dim", GECL_DT_INT32, 0, &c->axis, 1);
        s = GG_OP(g, "split", c->type, dim, xp);
    } else if (!strcmp(c->type, "SplitV")) {
        gecl_port sz = gg_const_ints(g, "size_splits", GECL_DT_INT64, 1, c->sizes, (size_t)c->n);
        gecl_port dim = gg_const_ints(g, "split_dim", GECL_DT_INT32, 0, &c->axis, 1);
        s = GG_OP(g, "split", c->type, xp, sz, dim);
    } else {
        s = GG_OP(g, "split", c->type, xp);
        gg_attr_int(g, s, "split_dim", c->axis);
        if (sized) gg_attr_ints(g, s, "size_splits", c->sizes, (size_t)c->n);
    }
    gg_attr_int(g, s, "num_split", c->n);
    GG_OK(gecl_graph_set_output_count(g->graph, s, (size_t)c->n));

    /* The sizes along the axis, as the op must resolve them. */
    const int axis = (int)(c->axis < 0 ? c->axis + c->rank : c->axis);
    int64_t sizes[4], known = 0;
    int rest = -1;
    for (int j = 0; j < c->n; j++) {
        sizes[j] = sized ? c->sizes[j] : c->dims[axis] / c->n;
        if (sizes[j] < 0) rest = j;
        else known += sizes[j];
    }
    if (rest >= 0) sizes[rest] = c->dims[axis] - known;

    gecl_port outs[3];
    size_t n_out = 0;
    outs[n_out++] = gg_port(GG_OP(g, "relu0", "Relu", out_port(s, 0)));
    if (c->n > 1) outs[n_out++] = gg_port(GG_OP(g, "add1", "Add", out_port(s, 1), out_port(s, 1)));
    outs[n_out++] = out_port(s, c->n - 1);
    gecl_tensor res[3];
    if (!gg_try_run(g, n_out, outs, res)) return 0;

    int ok = 1;
    int64_t at = 0;
    for (int j = 0; j < c->n; j++) {
        int64_t od[4];
        memcpy(od, c->dims, sizeof od);
        od[axis] = sizes[j];
        size_t m = (size_t)ref_numel(od, c->rank);
        double *ref = gg_alloc((m + 1) * sizeof *ref);
        slice(x, c->dims, c->rank, axis, at, sizes[j], ref);
        char what[160];
        if (j == c->n - 1) { /* the output itself */
            snprintf(what, sizeof what, "%s output %d", name, j);
            ok &= gg_expect(what, &res[n_out - 1], c->rank, od, ref, NULL, 0, 0);
        }
        if (j == 0) {
            for (size_t i = 0; i < m; i++) ref[i] = ref[i] > 0 ? ref[i] : 0;
            snprintf(what, sizeof what, "%s Relu(output 0)", name);
            ok &= gg_expect(what, &res[0], c->rank, od, ref, NULL, GG_REL_EXACT, GG_ABS_EXACT);
        } else if (j == 1) {
            for (size_t i = 0; i < m; i++) ref[i] *= 2;
            snprintf(what, sizeof what, "%s Add(output 1, output 1)", name);
            ok &= gg_expect(what, &res[1], c->rank, od, ref, NULL, GG_REL_EXACT, GG_ABS_EXACT);
        }
        at += sizes[j];
    }
    return ok;
}

static void test_split_outputs_feed_consumers(void **state)
{
    (void)state;
    gg_seed(31);
    int failures = 0;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) failures += !run_case(&CASES[i]);
    GG_NO_FAILURES(failures);
}

/* Integers move bit-exactly; the two outputs are added back together by a consumer. */
static void test_split_int64_and_rejoin(void **state)
{
    (void)state;
    int64_t x[12];
    for (int i = 0; i < 12; i++) x[i] = (int64_t)1 << (40 + i % 8) | i;
    gg_graph *g = gg_new("split int64");
    gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 2, GG_DIMS(2, 6)), x);
    int32_t s = GG_OP(g, "split", "SplitD", xp);
    gg_attr_int(g, s, "split_dim", 1);
    gg_attr_int(g, s, "num_split", 2);
    GG_OK(gecl_graph_set_output_count(g->graph, s, 2));
    gecl_port outs[2] = {out_port(s, 1), gg_port(GG_OP(g, "sum", "Add", out_port(s, 0), out_port(s, 1)))};
    gecl_tensor res[2];
    gg_run(g, 2, outs, res);
    int64_t want1[6], want_sum[6];
    for (int r = 0; r < 2; r++)
        for (int i = 0; i < 3; i++) {
            want1[r * 3 + i] = x[r * 6 + 3 + i];
            want_sum[r * 3 + i] = x[r * 6 + i] + x[r * 6 + 3 + i];
        }
    assert_true(gg_equal_ints("output 1", &res[0], want1, 6));
    assert_true(gg_equal_ints("output 0 + output 1", &res[1], want_sum, 6));
}

static void test_output_count_rules(void **state)
{
    (void)state;
    gg_graph *g = gg_new("output counts");
    float x[4] = {1, 2, 3, 4};
    gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(4)), x);
    int32_t add = GG_OP(g, "add", "Add", xp, xp);
    GG_ERR(GECL_PARAM_INVALID, gecl_graph_set_output_count(g->graph, add, 2)); /* a fixed count */
    GG_OK(gecl_graph_set_output_count(g->graph, add, 1));
    int32_t s = GG_OP(g, "split", "SplitD", xp);
    GG_ERR(GECL_PARAM_INVALID, gecl_graph_set_output_count(g->graph, s, 0));
    GG_ERR(GECL_PARAM_INVALID, gecl_graph_set_output_count(g->graph, s, GECL_MAX_NODE_OUTPUTS + 1));
    GG_ERR(GECL_PARAM_INVALID, gecl_graph_set_output_count(g->graph, 999, 2));
    GG_ERR(GECL_PARAM_INVALID, gecl_graph_set_output_count(NULL, s, 2));
    /* Ports beyond the count are refused when they are made. */
    int32_t node;
    gecl_port beyond = {s, 1};
    GG_ERR(GECL_PARAM_INVALID, gecl_graph_add_op(g->graph, "relu", "Relu", 1, &beyond, &node));
    GG_OK(gecl_graph_set_output_count(g->graph, s, 2));
    GG_OK(gecl_graph_add_op(g->graph, "relu", "Relu", 1, &beyond, &node));
    /* ... and so is taking away an output that is read. */
    GG_ERR(GECL_PARAM_INVALID, gecl_graph_set_output_count(g->graph, s, 1));
}

static void test_split_errors(void **state)
{
    (void)state;
    int failures = 0;
    float x[24] = {0};
    struct {
        const char *type;
        int64_t split_dim, num_split;
        size_t outputs;
        int64_t sizes[3];
        size_t n_sizes;
    } bad[] = {
        {"SplitD", 1, 3, 2, {0}, 0},          /* num_split differs from the node's outputs */
        {"SplitD", 1, 5, 5, {0}, 0},          /* 6 is not divisible by 5 */
        {"SplitD", 3, 2, 2, {0}, 0},          /* axis out of range */
        {"SplitVD", 1, 2, 2, {2, 2}, 2},      /* sizes add up to 4, not 6 */
        {"SplitVD", 1, 2, 2, {-1, -1}, 2},    /* two -1 */
        {"SplitVD", 1, 3, 3, {1, 5}, 2},      /* 2 sizes for 3 outputs */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gg_graph *g = gg_new("split error");
        gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, GG_DIMS(2, 6, 2)), x);
        int32_t s = GG_OP(g, "bad_split", bad[i].type, xp);
        gg_attr_int(g, s, "split_dim", bad[i].split_dim);
        gg_attr_int(g, s, "num_split", bad[i].num_split);
        if (bad[i].n_sizes) gg_attr_ints(g, s, "size_splits", bad[i].sizes, bad[i].n_sizes);
        GG_OK(gecl_graph_set_output_count(g->graph, s, bad[i].outputs));
        gecl_port out = {s, 0};
        failures += !gg_expect_invalid(g, 1, &out, "bad_split");
    }
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_split_outputs_feed_consumers),
        GG_TEST(test_split_int64_and_rejoin),
        GG_TEST(test_output_count_rules),
        GG_TEST(test_split_errors),
    };
    return GG_RUN_GROUP(tests);
}
