/*
 * test_ops_index.c: ops that read or write at positions an index tensor gives, and the
 * generators: GatherV2 (negative indices with and without negative_index_support, int32 and
 * int64 indices, an index out of range fails the run), GatherElements, GatherNd, ScatterElements (none, add,
 * mul; repeated indices reduce in order), TensorScatterUpdate / TensorScatterAdd, Trilu (k from
 * a Data input, lower and upper), Cumsum (exclusive, reverse, int64), OneHot (axis, out of range
 * off), Range (folded). The references are written here from the operator definitions.
 * Results must be exact (the sums are of small integers held exactly in float).
 */
#include "graph_util.h"

#include <string.h>

static float *iota_f(size_t n, float scale)
{
    float *x = gg_alloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = (float)i * scale + 1;
    return x;
}

/* Exact float output check. */
static int same(const char *what, const gecl_tensor *y, int rank, const int64_t *dims, const double *want)
{
    return gg_expect(what, y, rank, dims, want, NULL, 0, 0);
}

/* GatherV2 of x [3, 4] along axis 1 with indices [2, 2]: the values, or, when an index is outside
 * the axis, a failed run whose message names the node and the index (`refusal`). */
static int gather_v2_case(const float *x, const int32_t idx[4], int neg, const char *refusal)
{
    gg_graph *g = gg_new(neg ? "gather negative" : "gather");
    gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(3, 4)), x);
    gecl_port ip = gg_data(g, "i", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, GG_DIMS(2, 2)), idx);
    int32_t op = GG_OP(g, "gather", "GatherV2", xp, ip, gg_const_ints(g, "axis", GECL_DT_INT64, 0, GG_DIMS(-1), 1));
    gg_attr_bool(g, op, "negative_index_support", neg);
    gecl_tensor y;
    if (refusal) {
        gg_log("  (the run below must fail)");
        if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y) && strstr(gecl_last_error(), refusal) &&
            strstr(gecl_last_error(), "'gather' (GatherV2)"))
            return 1;
        print_error("graph '%s': expected the run to fail with \"%s\", got \"%s\"\n", g->name, refusal, gecl_last_error());
        return 0;
    }
    /* y[r, a, b] = x[r, idx[a, b]]; a negative index counts from the end (with support) */
    double want[12];
    for (int r = 0; r < 3; r++)
        for (int j = 0; j < 4; j++) want[r * 4 + j] = x[r * 4 + (idx[j] < 0 ? idx[j] + 4 : idx[j])];
    return gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y) && same(g->name, &y, 3, GG_DIMS(3, 2, 2), want);
}

static void test_gather_v2(void **state)
{
    (void)state;
    int failures = 0;
    const float *x = iota_f(12, 1); /* [3, 4] */
    static const int32_t plain[4] = {2, 3, 0, 1}, negative[4] = {2, -1, 0, -4}, past[4] = {2, 7, 0, 1};
    failures += !gather_v2_case(x, plain, 0, NULL);
    failures += !gather_v2_case(x, negative, 1, NULL);
    /* Outside the axis, the run fails (as in ONNX Runtime and TensorFlow on CPUs) rather than
     * reading 0: -1 without negative_index_support, 7 with it. */
    failures += !gather_v2_case(x, negative, 0, "index -1 is outside [0, 3]");
    failures += !gather_v2_case(x, past, 1, "index 7 is outside [-4, 3]");
    GG_NO_FAILURES(failures);
}

static void test_gather_elements_nd(void **state)
{
    (void)state;
    const float *x = iota_f(24, 1); /* [2, 3, 4] */
    gg_graph *g = gg_new("gather elements and nd");
    gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, GG_DIMS(2, 3, 4)), x);
    const int64_t ie[12] = {2, 0, 1, -1, 0, 0, 2, 1, 1, 2, -3, 0}; /* [2, 2, 3] along dim 1 */
    gecl_port iep = gg_data(g, "ie", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 3, GG_DIMS(2, 2, 3)), ie);
    int32_t ge = GG_OP(g, "ge", "GatherElements", xp, iep);
    gg_attr_int(g, ge, "dim", 1);
    const int64_t in[6] = {1, 2, 0, -1, 1, 0}; /* [3, 2]: rows address dims 0 and 1 */
    gecl_port inp = gg_data(g, "in", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 2, GG_DIMS(3, 2)), in);
    int32_t gn = GG_OP(g, "gn", "GatherNd", xp, inp);
    gg_attr_bool(g, gn, "negative_index_support", 1);
    gecl_tensor y[2];
    gg_run(g, 2, GG_PORTS(gg_port(ge), gg_port(gn)), y);
    double we[12], wn[12];
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++) {
                int64_t v = ie[(a * 2 + b) * 3 + c];
                v = v < 0 ? v + 3 : v;
                we[(a * 2 + b) * 3 + c] = x[(a * 3 + v) * 4 + c];
            }
    for (int j = 0; j < 3; j++)
        for (int k = 0; k < 4; k++) {
            const int64_t d0 = in[2 * j] < 0 ? in[2 * j] + 2 : in[2 * j], d1 = in[2 * j + 1] < 0 ? in[2 * j + 1] + 3 : in[2 * j + 1];
            wn[j * 4 + k] = x[(d0 * 3 + d1) * 4 + k];
        }
    int failures = !same("GatherElements", &y[0], 3, GG_DIMS(2, 2, 3), we);
    failures += !same("GatherNd", &y[1], 2, GG_DIMS(3, 4), wn);
    GG_NO_FAILURES(failures);
}

static void test_scatter(void **state)
{
    (void)state;
    int failures = 0;
    const char *reductions[] = {"none", "add", "mul"};
    const float *data = iota_f(10, 1); /* [2, 5] */
    const int64_t idx[6] = {1, 1, -1, 0, 4, 4}; /* [2, 3] along axis 1, repeats */
    const float upd[6] = {2, 3, 5, 7, 11, 13};
    for (int r = 0; r < 3; r++) {
        gg_graph *g = gg_new(reductions[r]);
        gecl_port dp = gg_data(g, "data", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 5)), data);
        gecl_port ip = gg_data(g, "idx", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 2, GG_DIMS(2, 3)), idx);
        gecl_port up = gg_data(g, "upd", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(2, 3)), upd);
        int32_t op = GG_OP(g, "scatter", "ScatterElements", dp, ip, up);
        gg_attr_int(g, op, "axis", 1);
        gg_attr_string(g, op, "reduction", reductions[r]);
        double want[10];
        for (int i = 0; i < 10; i++) want[i] = data[i];
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++) { /* in index order */
                const int64_t c = idx[a * 3 + b] < 0 ? idx[a * 3 + b] + 5 : idx[a * 3 + b];
                double *t = &want[a * 5 + c];
                *t = r == 0 ? upd[a * 3 + b] : r == 1 ? *t + upd[a * 3 + b] : *t * upd[a * 3 + b];
            }
        gecl_tensor y;
        failures += !(gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y) && same(reductions[r], &y, 2, GG_DIMS(2, 5), want));
    }
    /* TensorScatterUpdate / Add: rows of [4, 3] addressed by one index each */
    const float *x = iota_f(12, 1);
    const int32_t rows[3] = {3, 0, 3};
    const float *u = iota_f(9, 10);
    for (int add = 0; add < 2; add++) {
        gg_graph *g = gg_new(add ? "tensor scatter add" : "tensor scatter update");
        gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(4, 3)), x);
        gecl_port ip = gg_data(g, "i", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, GG_DIMS(3, 1)), rows);
        gecl_port up = gg_data(g, "u", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(3, 3)), u);
        int32_t op = GG_OP(g, "ts", add ? "TensorScatterAdd" : "TensorScatterUpdate", xp, ip, up);
        double want[12];
        for (int i = 0; i < 12; i++) want[i] = x[i];
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 3; k++) want[rows[j] * 3 + k] = (add ? want[rows[j] * 3 + k] : 0) + u[j * 3 + k];
        gecl_tensor y;
        failures += !(gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y) && same(g->name, &y, 2, GG_DIMS(4, 3), want));
    }
    GG_NO_FAILURES(failures);
}

static void test_trilu_cumsum(void **state)
{
    (void)state;
    int failures = 0;
    const float *x = iota_f(24, 1); /* [2, 3, 4] */
    for (int upper = 0; upper < 2; upper++)
        for (int64_t k = -1; k <= 2; k += 3) {
            gg_graph *g = gg_new(upper ? "triu" : "tril");
            gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, GG_DIMS(2, 3, 4)), x);
            const int32_t k32 = (int32_t)k; /* a negative int32 k widens with its sign */
            gecl_port kp = k < 0 ? gg_data(g, "k", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 0, NULL), &k32)
                                 : gg_data(g, "k", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 0, NULL), &k);
            int32_t op = GG_OP(g, "trilu", "Trilu", xp, kp);
            gg_attr_int(g, op, "upper", upper);
            double want[24];
            for (int i = 0; i < 24; i++) {
                const int col = i % 4, row = i / 4 % 3;
                want[i] = (upper ? col - row >= k : col - row <= k) ? x[i] : 0;
            }
            gecl_tensor y;
            failures += !(gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y) && same(g->name, &y, 3, GG_DIMS(2, 3, 4), want));
        }
    /* Cumsum of int64 along axis 1 of [2, 3, 4], every flag combination */
    int64_t xi[24];
    for (int i = 0; i < 24; i++) xi[i] = (int64_t)(i * i) - 100;
    for (int flags = 0; flags < 4; flags++) {
        const int excl = flags & 1, rev = flags >> 1;
        gg_graph *g = gg_new("cumsum");
        gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 3, GG_DIMS(2, 3, 4)), xi);
        int32_t op = GG_OP(g, "cumsum", "Cumsum", xp, gg_const_ints(g, "axis", GECL_DT_INT32, 0, GG_DIMS(-2), 1));
        gg_attr_bool(g, op, "exclusive", excl);
        gg_attr_bool(g, op, "reverse", rev);
        int64_t want[24];
        for (int a = 0; a < 2; a++)
            for (int c = 0; c < 4; c++) {
                int64_t acc = 0;
                for (int t = 0; t < 3; t++) {
                    const int b = rev ? 2 - t : t, at = (a * 3 + b) * 4 + c;
                    if (excl) {
                        want[at] = acc;
                        acc += xi[at];
                    } else {
                        acc += xi[at];
                        want[at] = acc;
                    }
                }
            }
        gecl_tensor y;
        failures += !(gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y) && gg_equal_ints("cumsum", &y, want, 24));
    }
    GG_NO_FAILURES(failures);
}

static void test_one_hot_range(void **state)
{
    (void)state;
    const int32_t idx[4] = {0, 3, -1, 2};
    const float on = 5, off = -1;
    gg_graph *g = gg_new("one hot");
    gecl_port ip = gg_data(g, "i", gg_desc(GECL_DT_INT32, GECL_FORMAT_ND, 2, GG_DIMS(2, 2)), idx);
    gecl_port onp = gg_const(g, "on", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &on);
    gecl_port offp = gg_const(g, "off", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &off);
    int32_t op = GG_OP(g, "onehot", "OneHot", ip, gg_const_ints(g, "depth", GECL_DT_INT32, 0, GG_DIMS(3), 1), onp, offp);
    gg_attr_int(g, op, "axis", 1);
    const int64_t s = 7, l = -5, d = -3;
    int32_t r = GG_OP(g, "range", "Range", gg_const_ints(g, "s", GECL_DT_INT64, 0, &s, 1),
                      gg_const_ints(g, "l", GECL_DT_INT64, 0, &l, 1), gg_const_ints(g, "d", GECL_DT_INT64, 0, &d, 1));
    gecl_tensor y[2];
    gg_run(g, 2, GG_PORTS(gg_port(op), gg_port(r)), y);
    double want[12]; /* [2, 3 (depth), 2]: index (a, b) hot at position d */
    for (int a = 0; a < 2; a++)
        for (int dd = 0; dd < 3; dd++)
            for (int b = 0; b < 2; b++) want[(a * 3 + dd) * 2 + b] = idx[a * 2 + b] == dd ? on : off;
    int failures = !same("OneHot", &y[0], 3, GG_DIMS(2, 3, 2), want);
    failures += !(gg_shape_is("Range", &y[1], GECL_DT_INT64, 1, GG_DIMS(4)) &&
                  gg_equal_ints("Range", &y[1], GG_DIMS(7, 4, 1, -2), 4));
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_gather_v2),
        GG_TEST(test_gather_elements_nd),
        GG_TEST(test_scatter),
        GG_TEST(test_trilu_cumsum),
        GG_TEST(test_one_hot_range),
    };
    return GG_RUN_GROUP(tests);
}
