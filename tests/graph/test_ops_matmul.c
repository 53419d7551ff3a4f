/*
 * test_ops_matmul.c: MatMul / MatMulV2 (transpose_x1, transpose_x2, bias, odd and larger sizes)
 * and BatchMatMul / BatchMatMulV2 (adj_x1, adj_x2, batch broadcasting) against the CPU
 * reference; weights as Const (also in the caller's constant memory), an all-Const product
 * (folding), a fused epilogue, errors.
 *
 * CANN: MatMulV2 inputs x1 [M, K] ([K, M] with transpose_x1), x2 [K, N] ([N, K] with
 * transpose_x2), bias [N] (optional), offset_w (optional); y [M, N]. BatchMatMul(V2) the same on
 * the last two dims with adj_x1 / adj_x2, the leading (batch) dims broadcasting.
 */
#include "graph_util.h"

#include <math.h>
#include <string.h>

typedef struct mm_case {
    const char *type;          /* MatMul, MatMulV2, BatchMatMul, BatchMatMulV2 */
    int r1, r2;
    int64_t d1[5], d2[5];      /* shapes as stored (already transposed where t1 / t2) */
    int t1, t2;                /* transpose_x1 / transpose_x2, or adj_x1 / adj_x2 */
    int bias;
    int x2_const;              /* the weights (x2, bias) as Const */
} mm_case;

static int is_batch(const mm_case *mc)
{
    return strncmp(mc->type, "Batch", 5) == 0;
}

static const char *attr1(const mm_case *mc)
{
    return is_batch(mc) ? "adj_x1" : "transpose_x1";
}

static const char *attr2(const mm_case *mc)
{
    return is_batch(mc) ? "adj_x2" : "transpose_x2";
}

/* Output length N of a case (for the bias). */
static int64_t mm_n(const mm_case *mc)
{
    return mc->t2 ? mc->d2[mc->r2 - 2] : mc->d2[mc->r2 - 1];
}

/* Reference output of a case: y, mag and y's dims; returns its rank. */
static int mm_reference(const mm_case *mc, const float *x1, const float *x2, const float *bias, double **y,
                        double **mag, int64_t *yd)
{
    size_t n1 = (size_t)ref_numel(mc->d1, mc->r1), n2 = (size_t)ref_numel(mc->d2, mc->r2);
    /* the output count is at most batches * M * N; size it from the broadcast batch dims */
    int64_t bd[REF_MAX_RANK];
    int rb = ref_broadcast_shape(mc->d1, mc->r1 - 2, mc->d2, mc->r2 - 2, bd);
    if (rb < 0) fail_msg("case batch dims do not broadcast");
    int64_t m = mc->t1 ? mc->d1[mc->r1 - 1] : mc->d1[mc->r1 - 2];
    size_t ny = (size_t)(ref_numel(bd, rb) * m * mm_n(mc));
    *y = gg_alloc(ny * sizeof **y);
    *mag = gg_alloc(ny * sizeof **mag);
    double *b = bias ? gg_f64_of_f32(bias, (size_t)mm_n(mc)) : NULL;
    return ref_batch_matmul(gg_f64_of_f32(x1, n1), mc->d1, mc->r1, mc->t1, gg_f64_of_f32(x2, n2), mc->d2, mc->r2,
                            mc->t2, b, *y, *mag, yd);
}

/* Where a case's constants live: gecl's memory, or the caller's (SetGraphConstMemoryBase) set
 * before the first run or moved there after one. */
typedef enum { CONST_IN_GECL, CONST_SET_FIRST, CONST_MOVED } const_place;

static int run_mm_with(const mm_case *mc, const_place place)
{
    size_t n1 = (size_t)ref_numel(mc->d1, mc->r1), n2 = (size_t)ref_numel(mc->d2, mc->r2);
    int64_t n = mm_n(mc);
    float *x1 = gg_rand_f32(n1, -1, 1), *x2 = gg_rand_f32(n2, -1, 1);
    float *bias = mc->bias ? gg_rand_f32((size_t)n, -1, 1) : NULL;
    double *ref, *mag;
    int64_t yd[REF_MAX_RANK];
    int ry = mm_reference(mc, x1, x2, bias, &ref, &mag, yd);
    if (ry < 0) fail_msg("case shapes do not match");

    char name[160], s1[64], s2[64];
    snprintf(name, sizeof name, "%s %s%s x %s%s%s%s", mc->type, gg_shape_str(mc->d1, mc->r1, s1, sizeof s1),
             mc->t1 ? "^T" : "", gg_shape_str(mc->d2, mc->r2, s2, sizeof s2), mc->t2 ? "^T" : "",
             mc->bias ? " + bias" : "", mc->x2_const ? " (const weights)" : "");
    if (place != CONST_IN_GECL)
        snprintf(name + strlen(name), sizeof name - strlen(name), ", constants in caller memory (%s)",
                 place == CONST_SET_FIRST ? "set first" : "moved");
    gg_log("case %s", name);
    gg_graph *g = gg_new(name);
    gecl_port p1 = gg_data(g, "x1", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, mc->r1, mc->d1), x1);
    gecl_tensor_desc d2 = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, mc->r2, mc->d2);
    gecl_port p2 = mc->x2_const ? gg_const(g, "x2", d2, x2) : gg_data(g, "x2", d2, x2);
    int32_t mm;
    if (mc->bias) {
        gecl_tensor_desc bd = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, &n);
        gecl_port pb = mc->x2_const ? gg_const(g, "bias", bd, bias) : gg_data(g, "bias", bd, bias);
        mm = GG_OP(g, "mm", mc->type, p1, p2, pb);
    } else {
        mm = GG_OP(g, "mm", mc->type, p1, p2);
    }
    /* set both flags, false ones too, as a graph builder may */
    gg_attr_bool(g, mm, attr1(mc), mc->t1);
    gg_attr_bool(g, mm, attr2(mc), mc->t2);
    gecl_tensor y[2];
    if (place == CONST_IN_GECL) {
        if (!gg_try_run(g, 1, GG_PORTS(gg_port(mm)), &y[0])) return 0;
        return gg_expect(name, &y[0], ry, yd, ref, mag, GG_REL_ACC, GG_ABS_ACC);
    }
    const int runs = gg_run_const_memory(g, gg_port(mm), place == CONST_SET_FIRST, y);
    int ok = 1;
    for (int r = 0; r < runs; r++) ok &= gg_expect(name, &y[r], ry, yd, ref, mag, GG_REL_ACC, GG_ABS_ACC);
    return ok;
}

static int run_mm(const mm_case *mc) { return run_mm_with(mc, CONST_IN_GECL); }

static const mm_case MATMUL[] = {
    /* type       r1 r2  d1 (as stored)  d2 (as stored)  t1 t2 bias const */
    {"MatMulV2", 2, 2, {1, 1}, {1, 1}, 0, 0, 0, 0},
    {"MatMulV2", 2, 2, {1, 1}, {1, 1}, 1, 1, 1, 0},
    {"MatMulV2", 2, 2, {17, 33}, {33, 65}, 0, 0, 0, 0},
    {"MatMulV2", 2, 2, {33, 17}, {33, 65}, 1, 0, 0, 0},
    {"MatMulV2", 2, 2, {17, 33}, {65, 33}, 0, 1, 0, 0},
    {"MatMulV2", 2, 2, {33, 17}, {65, 33}, 1, 1, 0, 0},
    {"MatMulV2", 2, 2, {17, 33}, {33, 65}, 0, 0, 1, 0},
    {"MatMulV2", 2, 2, {17, 33}, {65, 33}, 0, 1, 1, 1},
    {"MatMulV2", 2, 2, {128, 64}, {64, 256}, 0, 0, 0, 1},
    {"MatMulV2", 2, 2, {128, 256}, {64, 256}, 0, 1, 1, 1},
    {"MatMulV2", 2, 2, {1, 300}, {300, 7}, 0, 0, 1, 1},      /* vector x matrix */
    {"MatMulV2", 2, 2, {9, 1}, {1, 11}, 0, 0, 0, 0},         /* K = 1: outer product */
    {"MatMulV2", 2, 2, {5, 2048}, {2048, 3}, 0, 0, 0, 1},    /* long K */
    {"MatMulV2", 2, 2, {64, 64}, {64, 64}, 1, 1, 1, 0},
    {"MatMulV2", 2, 2, {256, 512}, {512, 384}, 0, 0, 1, 1},   /* large: full tiles */
    {"MatMulV2", 2, 2, {97, 130}, {130, 67}, 0, 0, 0, 1},     /* partial tiles on every side */
    /* B of >= 1 MiB: packed into panels on CPUs (gemm_pack_b), the last panel shifted back */
    {"MatMulV2", 2, 2, {70, 600}, {600, 450}, 0, 0, 1, 0},
    {"MatMulV2", 2, 2, {9, 1024}, {1024, 300}, 0, 0, 0, 1},   /* the weight constant */
    /* a constant B is packed once, at load (an init launch), at any size: the batch-1 fc row
     * (gemv tile, 1000 columns: the last panel shifted back), and a small B; also the t2 cases
     * with const weights above */
    {"MatMulV2", 2, 2, {1, 2048}, {2048, 1000}, 0, 0, 1, 1},
    {"MatMulV2", 2, 2, {6, 40}, {40, 90}, 0, 0, 0, 1},
    /* ... and a constant B^T (ONNX Gemm's transB: a Linear layer's weight) into the same panels */
    {"MatMulV2", 2, 2, {1, 512}, {1000, 512}, 0, 1, 1, 1},
    {"MatMul", 2, 2, {7, 13}, {13, 5}, 0, 0, 0, 0},
    {"MatMul", 2, 2, {13, 7}, {5, 13}, 1, 1, 1, 1},
};

static void test_matmul(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(200);
    for (size_t i = 0; i < sizeof MATMUL / sizeof MATMUL[0]; i++) failures += !run_mm(&MATMUL[i]);
    GG_NO_FAILURES(failures);
}

/* A constant B is packed at load by an init launch over the constants (src/ops/matmul.c); with
 * the constants in the caller's memory, set first or moved there after a run, the panels must
 * be packed there too. The fc row (B as stored) and a Linear layer's weight (B^T). */
static void test_matmul_const_memory(void **state)
{
    (void)state;
    static const mm_case cases[] = {
        {"MatMulV2", 2, 2, {1, 300}, {300, 70}, 0, 0, 1, 1},
        {"MatMulV2", 2, 2, {9, 64}, {130, 64}, 0, 1, 0, 1},
    };
    int failures = 0;
    gg_seed(206);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        failures += !run_mm_with(&cases[i], CONST_SET_FIRST);
        failures += !run_mm_with(&cases[i], CONST_MOVED);
    }
    GG_NO_FAILURES(failures);
}

static const mm_case BATCH[] = {
    /* equal batch dims, every adj combination */
    {"BatchMatMul", 3, 3, {3, 5, 7}, {3, 7, 4}, 0, 0, 0, 0},
    {"BatchMatMul", 3, 3, {3, 7, 5}, {3, 7, 4}, 1, 0, 0, 0},
    {"BatchMatMul", 3, 3, {3, 5, 7}, {3, 4, 7}, 0, 1, 0, 0},
    {"BatchMatMul", 3, 3, {3, 7, 5}, {3, 4, 7}, 1, 1, 0, 0},
    {"BatchMatMul", 4, 4, {2, 3, 4, 5}, {2, 3, 5, 6}, 0, 0, 1, 1},
    {"BatchMatMulV2", 3, 3, {2, 17, 33}, {2, 33, 9}, 0, 0, 0, 0},
    {"BatchMatMulV2", 3, 3, {2, 33, 17}, {2, 9, 33}, 1, 1, 1, 0},
    /* broadcasting */
    {"BatchMatMulV2", 4, 3, {2, 1, 5, 6}, {3, 6, 4}, 0, 0, 0, 0},        /* [2,1] vs [3] */
    {"BatchMatMulV2", 3, 2, {4, 5, 6}, {6, 7}, 0, 0, 0, 1},              /* x2 a matrix (weights) */
    {"BatchMatMulV2", 3, 2, {4, 6, 5}, {7, 6}, 1, 1, 1, 1},              /* same, transposed, bias */
    {"BatchMatMulV2", 2, 3, {5, 6}, {4, 6, 7}, 0, 0, 0, 0},              /* x1 a matrix */
    {"BatchMatMulV2", 4, 4, {2, 1, 5, 6}, {1, 3, 6, 4}, 0, 0, 0, 0},     /* both sides broadcast */
    {"BatchMatMulV2", 4, 4, {2, 1, 6, 5}, {1, 3, 4, 6}, 1, 1, 0, 0},     /* both, with adj */
    {"BatchMatMulV2", 5, 3, {2, 2, 2, 3, 4}, {1, 4, 3}, 0, 0, 1, 0},     /* rank 5 vs 3 */
    {"BatchMatMulV2", 3, 3, {1, 1, 1}, {1, 1, 1}, 0, 0, 0, 0},           /* 1x1x1 */
    {"BatchMatMulV2", 3, 3, {8, 64, 32}, {8, 32, 48}, 0, 0, 0, 0},       /* attention-like */
};

static void test_batch_matmul(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(201);
    for (size_t i = 0; i < sizeof BATCH / sizeof BATCH[0]; i++) failures += !run_mm(&BATCH[i]);
    GG_NO_FAILURES(failures);
}

/* Without the transpose attributes: they default to false. */
static void test_default_attrs(void **state)
{
    (void)state;
    const int64_t d1[] = {6, 10}, d2[] = {10, 3}, yd[] = {6, 3};
    gg_seed(202);
    float *x1 = gg_rand_f32(60, -1, 1), *x2 = gg_rand_f32(30, -1, 1);
    const mm_case mc = {"MatMulV2", 2, 2, {6, 10}, {10, 3}, 0, 0, 0, 0};
    double *ref, *mag;
    int64_t rd[REF_MAX_RANK];
    mm_reference(&mc, x1, x2, NULL, &ref, &mag, rd);
    gg_graph *g = gg_new("matmul default attrs");
    gecl_port p1 = gg_data(g, "x1", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d1), x1);
    gecl_port p2 = gg_data(g, "x2", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d2), x2);
    int32_t mm = GG_OP(g, "mm", "MatMulV2", p1, p2);
    gecl_tensor y = gg_run1(g, gg_port(mm));
    assert_true(gg_expect("matmul default attrs", &y, 2, yd, ref, mag, GG_REL_ACC, GG_ABS_ACC));
}

/* A fully connected layer: Relu(MatMulV2(x, W) + b) with the Add as a separate op (epilogue
 * fusion), and the matmul output a second graph output. */
static void test_matmul_epilogue(void **state)
{
    (void)state;
    const int64_t d1[] = {9, 40}, d2[] = {40, 21}, yd[] = {9, 21}, bd[] = {21};
    gg_seed(203);
    float *x1 = gg_rand_f32(360, -1, 1), *x2 = gg_rand_f32(840, -1, 1), *b = gg_rand_f32(21, -1, 1);
    const mm_case mc = {"MatMulV2", 2, 2, {9, 40}, {40, 21}, 0, 0, 0, 0};
    double *ref, *mag;
    int64_t rd[REF_MAX_RANK];
    mm_reference(&mc, x1, x2, NULL, &ref, &mag, rd);
    double *act = gg_alloc(189 * sizeof *act), *amag = gg_alloc(189 * sizeof *amag);
    for (int i = 0; i < 189; i++) {
        double v = ref[i] + b[i % 21];
        act[i] = v > 0 ? v : 0;
        amag[i] = mag[i] + fabs(b[i % 21]);
    }
    gg_graph *g = gg_new("fc relu");
    gecl_port p1 = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d1), x1);
    gecl_port p2 = gg_const(g, "w", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d2), x2);
    gecl_port pb = gg_const(g, "b", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, bd), b);
    int32_t mm = GG_OP(g, "fc", "MatMulV2", p1, p2);
    int32_t add = GG_OP(g, "add_bias", "Add", gg_port(mm), pb);
    int32_t relu = GG_OP(g, "relu", "Relu", gg_port(add));
    gecl_tensor y[2];
    gg_run(g, 2, GG_PORTS(gg_port(relu), gg_port(mm)), y);
    int failures = !gg_expect("fc relu", &y[0], 2, yd, act, amag, GG_REL_ACC, GG_ABS_ACC);
    failures += !gg_expect("fc matmul output", &y[1], 2, yd, ref, mag, GG_REL_ACC, GG_ABS_ACC);
    GG_NO_FAILURES(failures);
}

/* MatMulV2 with all four inputs, bias and offset_w explicitly absent; a Transpose feeding it;
 * and an Add of a column [M,1] on its output (epilogue with a column broadcast). */
static void test_matmul_wiring(void **state)
{
    (void)state;
    const int64_t xt[] = {12, 7}, wd[] = {12, 9}, cd[] = {7, 1}, yd[] = {7, 9};
    gg_seed(205);
    float *x = gg_rand_f32(84, -1, 1), *w = gg_rand_f32(108, -1, 1), *c = gg_rand_f32(7, -1, 1);
    /* y = transpose(x) * w + c: x stored [K, M] and transposed by an op, not by the flag */
    const mm_case mc = {"MatMulV2", 2, 2, {12, 7}, {12, 9}, 1, 0, 0, 0};
    double *ref, *mag;
    int64_t rd[REF_MAX_RANK];
    mm_reference(&mc, x, w, NULL, &ref, &mag, rd);
    double *rc = gg_alloc(63 * sizeof *rc), *mc2 = gg_alloc(63 * sizeof *mc2);
    for (int i = 0; i < 63; i++) {
        rc[i] = ref[i] + c[i / 9];
        mc2[i] = mag[i] + fabs(c[i / 9]);
    }
    gg_graph *g = gg_new("matmul wiring");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, xt), x);
    gecl_port pw = gg_const(g, "w", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, wd), w);
    gecl_port pc = gg_data(g, "c", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, cd), c);
    int32_t tr = GG_OP(g, "transpose", "TransposeD", px);
    GG_ATTR_INTS(g, tr, "perm", 1, 0);
    int32_t mm = GG_OP(g, "mm", "MatMulV2", gg_port(tr), pw, GG_NO_PORT, GG_NO_PORT);
    int32_t add = GG_OP(g, "add_column", "Add", gg_port(mm), pc);
    gecl_tensor y[2];
    gg_run(g, 2, GG_PORTS(gg_port(mm), gg_port(add)), y);
    int failures = !gg_expect("transpose -> matmul", &y[0], 2, yd, ref, mag, GG_REL_ACC, GG_ABS_ACC);
    failures += !gg_expect("matmul + column", &y[1], 2, yd, rc, mc2, GG_REL_ACC, GG_ABS_ACC);
    GG_NO_FAILURES(failures);
}

/* Both operands Const: folded at compile time, same answer; the graph has no inputs. */
static void test_matmul_all_const(void **state)
{
    (void)state;
    const int64_t d1[] = {4, 12}, d2[] = {5, 12}, yd[] = {4, 5};
    gg_seed(204);
    float *x1 = gg_rand_f32(48, -1, 1), *x2 = gg_rand_f32(60, -1, 1);
    const mm_case mc = {"MatMulV2", 2, 2, {4, 12}, {5, 12}, 0, 1, 0, 0};
    double *ref, *mag;
    int64_t rd[REF_MAX_RANK];
    mm_reference(&mc, x1, x2, NULL, &ref, &mag, rd);
    gg_graph *g = gg_new("matmul all const");
    gecl_port p1 = gg_const(g, "x1", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d1), x1);
    gecl_port p2 = gg_const(g, "x2", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, d2), x2);
    int32_t mm = GG_OP(g, "mm", "MatMulV2", p1, p2);
    gg_attr_bool(g, mm, "transpose_x2", 1);
    gecl_tensor y = gg_run1(g, gg_port(mm));
    assert_true(gg_expect("matmul all const", &y, 2, yd, ref, mag, GG_REL_ACC, GG_ABS_ACC));
}

/* ---- errors ---- */

static int run_bad_mm(const char *node, const char *type, int r1, const int64_t *d1, int r2, const int64_t *d2,
                      int64_t bias_len)
{
    static float zeros[4096];
    gg_graph *g = gg_new(node);
    gecl_port p1 = gg_data(g, "x1", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, r1, d1), zeros);
    gecl_port p2 = gg_const(g, "x2", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, r2, d2), zeros);
    int32_t mm;
    if (bias_len) {
        gecl_port pb = gg_const(g, "bias", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, &bias_len), zeros);
        mm = GG_OP(g, node, type, p1, p2, pb);
    } else {
        mm = GG_OP(g, node, type, p1, p2);
    }
    return gg_expect_invalid(g, 1, GG_PORTS(gg_port(mm)), node);
}

static void test_matmul_errors(void **state)
{
    (void)state;
    int failures = 0;
    failures += !run_bad_mm("mm_k_mismatch", "MatMulV2", 2, GG_DIMS(4, 5), 2, GG_DIMS(6, 3), 0);
    failures += !run_bad_mm("mm_rank3", "MatMulV2", 3, GG_DIMS(2, 4, 5), 2, GG_DIMS(5, 3), 0);
    failures += !run_bad_mm("mm_rank1", "MatMulV2", 2, GG_DIMS(4, 5), 1, GG_DIMS(5), 0);
    failures += !run_bad_mm("mm_bias_len", "MatMulV2", 2, GG_DIMS(4, 5), 2, GG_DIMS(5, 3), 4);
    failures += !run_bad_mm("mm_v1_k_mismatch", "MatMul", 2, GG_DIMS(4, 5), 2, GG_DIMS(4, 5), 0);
    failures += !run_bad_mm("bmm_batch_mismatch", "BatchMatMulV2", 3, GG_DIMS(2, 5, 6), 3, GG_DIMS(3, 6, 4), 0);
    failures += !run_bad_mm("bmm_k_mismatch", "BatchMatMulV2", 3, GG_DIMS(2, 5, 6), 3, GG_DIMS(2, 5, 4), 0);
    failures += !run_bad_mm("bmm_rank1", "BatchMatMul", 1, GG_DIMS(6), 3, GG_DIMS(2, 6, 4), 0);
    failures += !run_bad_mm("bmm_bias_len", "BatchMatMulV2", 3, GG_DIMS(2, 5, 6), 3, GG_DIMS(2, 6, 4), 5);

    /* a missing x2 */
    static float zeros[64];
    gg_graph *g = gg_new("mm missing x2");
    gecl_port p1 = gg_data(g, "x1", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, GG_DIMS(4, 5)), zeros);
    int32_t mm = GG_OP(g, "mm_no_x2", "MatMulV2", p1, GG_NO_PORT);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(mm)), "mm_no_x2");
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_matmul),
        GG_TEST(test_batch_matmul),
        GG_TEST(test_default_attrs),
        GG_TEST(test_matmul_epilogue),
        GG_TEST(test_matmul_wiring),
        GG_TEST(test_matmul_all_const),
        GG_TEST(test_matmul_const_memory),
        GG_TEST(test_matmul_errors),
    };
    return GG_RUN_GROUP(tests);
}
