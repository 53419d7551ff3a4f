/* matmul.c: MatMul, MatMulV2, BatchMatMul, BatchMatMulV2: shape/dtype inference and lowering to
 * the GEMM kernels of kernels/matmul.cl.
 *
 * Kernel choice by transposition:
 *   B not transposed          gemm_nn (A may be transposed: it is read as broadcast scalars)
 *   B transposed, A not       gemm_nt (dot products: both operands contiguous along K), or
 *                             gemm_nn when B is a constant packed at load (below)
 *   both transposed           gemm_nn on C^T = B A with a transposed store (MM_SWAP)
 *   A a constant, C narrow    gemm_nn on C^T = B^T A^T (store_t below): A^T packed at load,
 *                             B read transposed (MM_TA), a transposed store
 * On devices whose table packs (gecl_tuning.pack_b_bytes: CPUs, where a large row stride defeats
 * prefetching) gemm_nn's B is read as contiguous panels: a constant B, transposed or not, packed
 * once at load; any other B packed on every run (scratch) where the table says so for its size. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ge_error.h"
#include "launch.h"
#include "ops.h"
#include "shape_math.h"
#include "tuning.h"

/* What one launch computes: C[batch..., M, N] = op(A) op(B) (+ bias[N]). */
typedef struct mm_plan {
    int64_t m, n, k;
    int ta, tb;                               /* x1 / x2 stored transposed */
    int has_bias;
    int bias_row;                             /* bias per row of C (Conv2D as GEMM), else per column */
    int b_panels;                             /* B arrives packed in gemm_nn's panels (im2col wrote it) */
    int store_t;                              /* A, B untransposed; the launch computes C^T = B^T A^T */
    int nbd;                                  /* merged output batch dims */
    int64_t bdims[GECL_MAX_DIMS];
    int64_t astr[GECL_MAX_DIMS], bstr[GECL_MAX_DIMS];  /* element strides, 0: broadcast */
    int64_t batch;                            /* product of bdims */
} mm_plan;

static const char *port_name(const gecl_node *n, size_t i)
{
    static const char *const names[] = {"x1", "x2", "bias", "offset_w"};
    (void)n;
    return i < 4 ? names[i] : "?";
}

/* Input i must be present (dtype: op_attrs.h), with at least min_rank dims (exactly, when exact). */
static gecl_status check_operand(const gecl_graph *g, const gecl_node *n, size_t i, uint32_t rank,
                                 int exact, const gecl_tensor_desc **out)
{
    const gecl_tensor_desc *d = gecl_input_desc(g, n, i);
    char buf[128];
    if (!d) return gecl_node_fail(n, "input %zu (%s) is missing", i, port_name(n, i));
    if (exact ? d->ndim != rank : d->ndim < rank)
        return gecl_node_fail(n, "input %zu (%s) is %s (%u dims), expected %s%u dims", i, port_name(n, i),
                              gecl_desc_shape_str(d, buf, sizeof buf), d->ndim, exact ? "" : "at least ",
                              rank);
    for (uint32_t j = 0; j < d->ndim; j++)
        if (d->dims[j] < 0)
            return gecl_node_fail(n, "input %zu (%s) has an unknown dimension %s", i, port_name(n, i),
                                  gecl_desc_shape_str(d, buf, sizeof buf));
    *out = d;
    return GECL_SUCCESS;
}

/* Optional bias (input 2): N elements, shape [N] or [1, ..., 1, N]. */
static gecl_status check_bias(const gecl_graph *g, const gecl_node *n, int64_t cols, int *has_bias)
{
    const gecl_tensor_desc *d = n->n_inputs > 2 ? gecl_input_desc(g, n, 2) : NULL;
    char buf[128];
    *has_bias = d != NULL;
    if (!d) return GECL_SUCCESS;
    int ok = d->ndim >= 1 && d->dims[d->ndim - 1] == cols;
    for (uint32_t j = 0; ok && j + 1 < d->ndim; j++) ok = d->dims[j] == 1;
    if (!ok)
        return gecl_node_fail(n, "input 2 (bias) is %s, expected [%" PRId64 "] (one value per output column)",
                              gecl_desc_shape_str(d, buf, sizeof buf), cols);
    return GECL_SUCCESS;
}

/* Rows/cols/depth of op(x1) op(x2) from the last two dims of each operand. */
static gecl_status matrix_dims(const gecl_node *n, const gecl_tensor_desc *a, const gecl_tensor_desc *b,
                               int ta, int tb, mm_plan *p)
{
    const int64_t a0 = a->dims[a->ndim - 2], a1 = a->dims[a->ndim - 1];
    const int64_t b0 = b->dims[b->ndim - 2], b1 = b->dims[b->ndim - 1];
    const int64_t ka = ta ? a0 : a1, kb = tb ? b1 : b0;
    char sa[128], sb[128];
    if (ka != kb)
        return gecl_node_fail(n, "inner dimensions differ: x1 %s%s gives K=%" PRId64 ", x2 %s%s gives K=%" PRId64,
                              gecl_desc_shape_str(a, sa, sizeof sa), ta ? " (transposed)" : "", ka,
                              gecl_desc_shape_str(b, sb, sizeof sb), tb ? " (transposed)" : "", kb);
    p->m = ta ? a1 : a0;
    p->n = tb ? b0 : b1;
    p->k = ka;
    p->ta = ta;
    p->tb = tb;
    return GECL_SUCCESS;
}

static gecl_status batch_overflow(const gecl_node *n, const gecl_tensor_desc *a, const gecl_tensor_desc *b)
{
    char s1[128], s2[128];
    return gecl_node_fail(n, "batch dimensions of x1 %s and x2 %s broadcast to more matrices than an int64 counts",
                          gecl_desc_shape_str(a, s1, sizeof s1), gecl_desc_shape_str(b, s2, sizeof s2));
}

/* Broadcast batch dims (numpy rules, right-aligned) into out[0..*rank) and the strides of each
 * operand's matrices along them; then size-1 dims are dropped and runs of dims with the same
 * broadcast pattern are merged, so kernels decompose as few indices as possible. */
static gecl_status batch_dims(const gecl_node *n, const gecl_tensor_desc *a, const gecl_tensor_desc *b,
                              mm_plan *p, int64_t *out, uint32_t *rank)
{
    const uint32_t ra = a->ndim - 2, rb = b->ndim - 2, r = ra > rb ? ra : rb;
    int64_t sa = a->dims[a->ndim - 2] * a->dims[a->ndim - 1];
    int64_t sb = b->dims[b->ndim - 2] * b->dims[b->ndim - 1];
    int64_t astr[GECL_MAX_DIMS], bstr[GECL_MAX_DIMS];
    for (uint32_t i = r; i-- > 0;) {
        const int64_t da = i + ra >= r ? a->dims[i + ra - r] : 1;
        const int64_t db = i + rb >= r ? b->dims[i + rb - r] : 1;
        if (da != db && da != 1 && db != 1) {
            char s1[128], s2[128];
            return gecl_node_fail(n, "batch dimensions of x1 %s and x2 %s do not broadcast (%" PRId64 " vs %" PRId64 ")",
                                  gecl_desc_shape_str(a, s1, sizeof s1), gecl_desc_shape_str(b, s2, sizeof s2),
                                  da, db);
        }
        out[i] = da == 1 ? db : da;
        astr[i] = da == 1 ? 0 : sa;
        bstr[i] = db == 1 ? 0 : sb;
        sa *= da;
        sb *= db;
    }
    *rank = r;

    p->nbd = 0;
    p->batch = 1;
    for (uint32_t i = 0; i < r; i++) {
        /* x1 and x2 each fit, but dims broadcast from both multiply to more than either */
        if (gecl_dim_mul(p->batch, out[i], &p->batch)) return batch_overflow(n, a, b);
        if (out[i] == 1) continue;
        const int d = p->nbd;
        if (d > 0 && (astr[i] == 0) == (p->astr[d - 1] == 0) && (bstr[i] == 0) == (p->bstr[d - 1] == 0)) {
            /* Row-major: the outer dim's stride is the inner one's times its size, so merging
             * keeps the inner stride. */
            if (gecl_dim_mul(p->bdims[d - 1], out[i], &p->bdims[d - 1])) return batch_overflow(n, a, b);
            p->astr[d - 1] = astr[i];
            p->bstr[d - 1] = bstr[i];
            continue;
        }
        p->bdims[d] = out[i];
        p->astr[d] = astr[i];
        p->bstr[d] = bstr[i];
        p->nbd++;
    }
    return GECL_SUCCESS;
}

/* The product has x1's dtype: float, or float16/bfloat16 computed in float (compile/widen.c). */
static void set_output(const gecl_graph *g, gecl_node *n, const int64_t *batch, uint32_t nb, int64_t m,
                       int64_t cols)
{
    const gecl_dtype dt = gecl_input_desc(g, n, 0)->dtype;
    gecl_tensor_desc *o = &n->outs[0];
    memset(o, 0, sizeof *o);
    o->dtype = dt;
    o->format = GECL_FORMAT_ND;
    o->ndim = nb + 2;
    for (uint32_t i = 0; i < nb; i++) o->dims[i] = batch[i];
    o->dims[nb] = m;
    o->dims[nb + 1] = cols;
}

/* MatMul / MatMulV2: both operands 2-D. */
static gecl_status plan_matmul(const gecl_graph *g, const gecl_node *n, mm_plan *p)
{
    const gecl_tensor_desc *a = NULL, *b = NULL;
    gecl_status st;
    memset(p, 0, sizeof *p);
    if ((st = check_operand(g, n, 0, 2, 1, &a)) || (st = check_operand(g, n, 1, 2, 1, &b))) return st;
    if ((st = matrix_dims(n, a, b, gecl_node_int(n, "transpose_x1") != 0, gecl_node_int(n, "transpose_x2") != 0, p))) return st;
    p->batch = 1;
    return check_bias(g, n, p->n, &p->has_bias);
}

static gecl_status plan_batch_matmul(const gecl_graph *g, const gecl_node *n, mm_plan *p, int64_t *batch,
                                     uint32_t *nb)
{
    const gecl_tensor_desc *a = NULL, *b = NULL;
    gecl_status st;
    memset(p, 0, sizeof *p);
    if ((st = check_operand(g, n, 0, 2, 0, &a)) || (st = check_operand(g, n, 1, 2, 0, &b))) return st;
    if ((st = matrix_dims(n, a, b, gecl_node_int(n, "adj_x1") != 0, gecl_node_int(n, "adj_x2") != 0, p))) return st;
    if ((st = batch_dims(n, a, b, p, batch, nb))) return st;
    return check_bias(g, n, p->n, &p->has_bias);
}

gecl_status gecl_infer_matmul(const gecl_graph *g, gecl_node *n)
{
    mm_plan p;
    gecl_status st = plan_matmul(g, n, &p);
    if (st) return st;
    set_output(g, n, NULL, 0, p.m, p.n);
    return GECL_SUCCESS;
}

gecl_status gecl_infer_batch_matmul(const gecl_graph *g, gecl_node *n)
{
    mm_plan p;
    int64_t batch[GECL_MAX_DIMS];
    uint32_t nb;
    gecl_status st = plan_batch_matmul(g, n, &p, batch, &nb);
    if (st) return st;
    set_output(g, n, batch, nb, p.m, p.n);
    return GECL_SUCCESS;
}

/* ---- lowering ---- */

static unsigned min_u(unsigned a, int64_t b)
{
    return b < (int64_t)a ? (unsigned)(b < 1 ? 1 : b) : a;
}

static void define_list(gecl_launch *l, const char *name, const int64_t *v, int count)
{
    char buf[256];
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < count && len < sizeof buf; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%" PRId64, i ? "," : "", v[i]);
    gecl_launch_define(l, "%s=%s", name, buf);
}

/* Grid: dim 0 = column blocks, dim 1 = row blocks, dim 2 = batch; a work-group is a
 * rectangle of blocks, so its work-items share both the A rows and the B columns they read. */
static void set_grid(gecl_launch *l, int64_t nbn, int64_t nbm, int64_t batch, const unsigned local[2])
{
    const size_t extent[3] = {(size_t)nbn, (size_t)nbm, (size_t)batch};
    l->work_dim = 3;
    gecl_tuning_grid(local, extent, l->global, l->local);
}

/* gemm_nt tiling of an m x cols product; returns the block counts and the work-group shape. */
static const unsigned *define_nt(gecl_launch *l, const gecl_tuning *t, int64_t m, int64_t cols, int64_t k,
                                 int64_t *nbn, int64_t *nbm)
{
    const unsigned tm = min_u(t->dot.rows, m), tn = min_u(t->dot.nvec, cols);
    gecl_launch_define(l, "MM_TM=%u", tm);
    gecl_launch_define(l, "MM_TN=%u", tn);
    gecl_launch_define(l, "MM_KV=%u", gecl_tuning_vec(t->dot.vec, k));
    *nbn = (cols + tn - 1) / tn;
    *nbm = (m + tm - 1) / tm;
    return t->dot.local;
}

/* gemm_nn's tile for an m x cols product: tm rows by nv vectors of vw columns. A product with
 * fewer rows than a tile takes the gemv vector and work-group. */
static const gecl_tile *nn_tile(const gecl_tuning *t, int64_t m, int64_t cols, unsigned *tm, unsigned *vw,
                                unsigned *nv)
{
    const gecl_tile *tile = m >= (int64_t)t->gemm.rows ? &t->gemm : &t->gemv;
    *tm = min_u(t->gemm.rows, m);
    *vw = gecl_tuning_vec(tile->vec, cols);
    *nv = min_u(tile->nvec ? tile->nvec : 1, cols / *vw);
    return tile;
}

static const unsigned *define_nn(gecl_launch *l, const gecl_tuning *t, int64_t m, int64_t cols, int64_t *nbn,
                                 int64_t *nbm)
{
    unsigned tm, vw, nv;
    const gecl_tile *tile = nn_tile(t, m, cols, &tm, &vw, &nv);
    gecl_launch_define(l, "MM_TM=%u", tm);
    gecl_launch_define(l, "MM_VW=%u", vw);
    gecl_launch_define(l, "MM_NV=%u", nv);
    *nbn = (cols + vw * nv - 1) / (vw * nv);
    *nbm = (m + tm - 1) / tm;
    return tile->local;
}

/* Columns of one B panel: what a gemm_nn work-item reads of a B row. */
static int64_t panel_cols(const gecl_tuning *t, int64_t m, int64_t cols)
{
    unsigned tm, vw, nv;
    nn_tile(t, m, cols, &tm, &vw, &nv);
    return (int64_t)vw * nv;
}

int64_t gecl_gemm_panel_cols(const gecl_lower *L, int64_t m, int64_t cols)
{
    const gecl_tuning *t = gecl_tuning_for(gecl_lower_device(L));
    if (!t->pack_b_bytes || m < (int64_t)t->gemm.rows) return 0;
    return panel_cols(t, m, cols);
}

/* A constant B (a layer's weight), which pack_b packs once at load rather than on every run. */
static int const_b(const gecl_lower *L, const gecl_tuning *t, const mm_plan *p, gecl_port b)
{
    const gecl_graph *g = gecl_lower_graph(L);
    return t->pack_b_bytes && p->batch == 1 && !p->ta && !p->b_panels && b.node >= 0 &&
           g->nodes[b.node].op == GECL_OP_CONST;
}

/* store_t's launch product: m x cols by k, its B the constant A stored [cols][k], i.e. transposed,
 * and shared by every product of a batch. */
static mm_plan store_t_launch(int64_t m, int64_t cols, int64_t k)
{
    return (mm_plan){.m = m, .n = cols, .k = k, .tb = 1, .batch = 1};
}

/* gemm_nn's B packed into panels (gemm_pack_b, kernels/matmul.cl), so that each work-item
 * streams its columns as one contiguous run. Returns 1 with *packed set, 0 when B is read in
 * place, -1 on out of memory. Single products only: a batch would need a panel set per B matrix.
 * A constant B (a weight) is packed once, at load, into the constants region (a second copy of
 * the weight), on every device whose table packs (CPUs) and at every size: in place, a work-item
 * reads 256 bytes a row N * 4 bytes apart, which the prefetchers do not follow. On AVX2
 * (bench_gemm, 3 interleaved runs): the batch-1 row 1x2048x1000 0.17-0.23 -> 0.11-0.15 ms,
 * 64x4096x1024 6.9-7.6 -> 4.7-5.3, BERT's 128x768x3072 7.1-8.1 -> 4.4-4.5 (it was packed on
 * every run). A constant B^T (ONNX Gemm's transB) goes the same way instead of gemm_nt's dot
 * products: ONNX Gemm 128x768x3072 9.1-11.1 -> 5.3-6.6 ms, ResNet's fc 1x512x1000 0.07 -> 0.05-0.06.
 * Any other B is packed on every run, into scratch, where the device's table asks for it at
 * this size: that pays where a work-item walks many B rows (k) a page or more apart; with few
 * rows it costs a copy of B and saves nothing (a 1x1 Conv2D 96 -> 16 at 112 x 112 on AVX-512
 * PoCL: pack 0.56 ms + GEMM 0.23 ms against 0.29 ms unpacked). */
static int pack_b(gecl_lower *L, const gecl_node *n, const gecl_tuning *t, const mm_plan *p, gecl_port b,
                  gecl_port *packed)
{
    const size_t bytes = (size_t)p->k * (size_t)p->n * sizeof(float);
    const int once = const_b(L, t, p, b);
    if (!once && (!t->pack_b_bytes || bytes < t->pack_b_bytes || p->k < t->pack_b_min_k || p->batch != 1 || p->ta))
        return 0;
    const int64_t tn = once ? panel_cols(t, p->m, p->n) : gecl_gemm_panel_cols(L, p->m, p->n);
    const int64_t nbn = tn ? (p->n + tn - 1) / tn : 0;
    if (!tn) return 0; /* gemv on data: each B element is used once anyway */
    const size_t panels = (size_t)(nbn * tn * p->k) * sizeof(float);
    *packed = once ? gecl_lower_packed(L, panels) : gecl_lower_scratch(L, panels);
    gecl_launch *l = once ? gecl_lower_add_init(L, n, "matmul", "gemm_pack_b") : gecl_lower_add(L, n, "matmul", "gemm_pack_b");
    if (!l || packed->node < 0) return -1;
    gecl_launch_define(l, "T=float");
    gecl_launch_define(l, "ACC_T=float");
    gecl_launch_define(l, "MM_PACK");
    if (p->tb) gecl_launch_define(l, "MM_PACK_T");
    gecl_launch_define(l, "MM_TN=%" PRId64, tn);
    gecl_launch_define(l, "MM_N=%" PRId64, p->n);
    gecl_launch_define(l, "MM_K=%" PRId64, p->k);
    gecl_launch_define(l, "MM_NBN=%" PRId64, nbn);
    static const unsigned local[2] = {4, 16};
    const size_t extent[3] = {(size_t)nbn, (size_t)p->k, 1};
    l->work_dim = 2;
    gecl_tuning_grid(local, extent, l->global, l->local);
    gecl_launch_arg(l, b, 0);
    gecl_launch_arg(l, *packed, 1);
    return 1;
}

/* The tensors a launch reads and writes: x1, x2, bias (node -1: none), the result. */
typedef struct mm_ports {
    gecl_port x1, x2, bias, out;
} mm_ports;

static gecl_status lower_plan(gecl_lower *L, const gecl_node *n, const mm_plan *p, const mm_ports *io)
{
    const gecl_tuning *t = gecl_tuning_for(gecl_lower_device(L));
    /* Swapped: the launch computes C^T = op(B) op(A), so the operands trade places. A constant
     * B^T is packed at load into gemm_nn's panels rather than read by gemm_nt's dot products. */
    const int swap = (p->ta && p->tb) || p->store_t, dot = p->tb && !p->ta && !const_b(L, t, p, io->x2);
    const int64_t m = swap ? p->n : p->m, cols = swap ? p->m : p->n;
    const gecl_port pa = swap ? io->x2 : io->x1, pb = swap ? io->x1 : io->x2;
    const mm_plan at = store_t_launch(m, cols, p->k);

    if (p->m == 0 || p->n == 0 || p->batch == 0) return GECL_SUCCESS;   /* empty output */
    gecl_port packed;
    const int pack = p->b_panels ? 1 : p->store_t ? pack_b(L, n, t, &at, pb, &packed)
                                     : !dot && !swap ? pack_b(L, n, t, p, pb, &packed) : 0;
    if (pack < 0) return GECL_FAILED;
    gecl_launch *l = gecl_lower_add(L, n, "matmul", dot ? "gemm_nt" : "gemm_nn");
    if (!l) return gecl_ge_fail(GECL_FAILED, "node '%s' (%s): out of host memory while lowering", n->name, n->type);

    /* Storage and accumulator types (kernels/prelude.cl): float32 is all op_attrs.h admits. */
    gecl_launch_define(l, "T=float");
    gecl_launch_define(l, "ACC_T=float");
    gecl_launch_define(l, "MM_M=%" PRId64, m);
    gecl_launch_define(l, "MM_N=%" PRId64, cols);
    gecl_launch_define(l, "MM_K=%" PRId64, p->k);
    int64_t nbn, nbm;
    const unsigned *local = dot ? define_nt(l, t, m, cols, p->k, &nbn, &nbm) : define_nn(l, t, m, cols, &nbn, &nbm);
    if ((p->ta && !swap) || p->store_t) gecl_launch_define(l, "MM_TA");
    if (swap) gecl_launch_define(l, "MM_SWAP");
    gecl_launch_define(l, "MM_NBN=%" PRId64, nbn);
    gecl_launch_define(l, "MM_NBM=%" PRId64, nbm);
    if (p->has_bias) gecl_launch_define(l, "MM_BIAS");
    if (p->has_bias && (swap ? !p->bias_row : p->bias_row)) gecl_launch_define(l, "MM_BIAS_ROW");
    if (gecl_tuning_fast_fma(gecl_lower_device(L))) gecl_launch_define(l, "GECL_FMA");
    if (p->nbd > 0) {
        gecl_launch_define(l, "MM_NBD=%d", p->nbd);
        define_list(l, "MM_BDIMS", p->bdims, p->nbd);
        define_list(l, "MM_ASTR", swap ? p->bstr : p->astr, p->nbd);
        define_list(l, "MM_BSTR", swap ? p->astr : p->bstr, p->nbd);
    }
    if (pack) gecl_launch_define(l, "MM_PACKED");
    set_grid(l, nbn, nbm, p->batch, local);
    l->epilogue = 1;

    gecl_launch_arg(l, pa, 0);
    gecl_launch_arg(l, pack && !p->b_panels ? packed : pb, 0);
    if (p->has_bias) gecl_launch_arg(l, io->bias, 0);
    gecl_launch_arg(l, io->out, 1);
    return GECL_SUCCESS;
}

/* A MatMul node's own tensors. */
static mm_ports node_ports(const gecl_lower *L, const gecl_node *n)
{
    const mm_ports io = {n->inputs[0], n->inputs[1], n->n_inputs > 2 ? n->inputs[2] : (gecl_port){-1, 0},
                         gecl_node_port(gecl_lower_graph(L), n)};
    return io;
}

/* A 1x1 Conv2D on a small image (MobileNetV2's 7x7 and 14x14 layers) as C^T = B^T A^T: the
 * channels, a multiple of the vector width, become C's columns and the filter is packed once at
 * load, where as C = A B the few pixels are the vector dimension and a 6-row by 16-column tile
 * computes 64 columns for 49. */
static int transposed_product(const gecl_lower *L, const gecl_gemm *d)
{
    const gecl_tuning *t = gecl_tuning_for(gecl_lower_device(L));
    const mm_plan at = store_t_launch(d->cols, d->m, d->k);
    return d->cols <= t->gemm_t_max_cols && d->m >= 16 && !d->panel_cols && d->a_batch <= 1 &&
           const_b(L, t, &at, d->a);
}

gecl_status gecl_lower_gemm(gecl_lower *L, const gecl_node *n, const gecl_gemm *d)
{
    mm_plan p = {.m = d->m, .n = d->cols, .k = d->k, .batch = d->batch, .has_bias = d->bias.node >= 0,
                 .bias_row = 1, .b_panels = d->panel_cols > 0, .store_t = transposed_product(L, d)};
    if (d->panel_cols && d->panel_cols != gecl_gemm_panel_cols(L, d->m, d->cols))
        return gecl_ge_fail(GECL_FAILED, "node '%s' (%s): B packed in panels of %" PRId64 " columns, gemm_nn takes %" PRId64,
                            n->name, n->type, d->panel_cols, gecl_gemm_panel_cols(L, d->m, d->cols));
    if (d->batch > 1) { /* a shared by every product; b's and out's matrices one after another */
        const int64_t nbn = d->panel_cols ? (d->cols + d->panel_cols - 1) / d->panel_cols : 0;
        p.nbd = 1;
        p.bdims[0] = d->batch;
        p.astr[0] = 0;
        p.bstr[0] = d->panel_cols ? nbn * d->panel_cols * d->k : d->k * d->cols;
    }
    if (d->a_batch > 1 && d->batch > d->a_batch) { /* a cycles within each run of a_batch products */
        p.nbd = 2;
        p.bdims[0] = d->batch / d->a_batch;
        p.bdims[1] = d->a_batch;
        p.astr[0] = 0;
        p.astr[1] = d->m * d->k;
        p.bstr[1] = p.bstr[0];
        p.bstr[0] *= d->a_batch;
    } else if (d->a_batch > 1) {
        p.astr[0] = d->m * d->k;
    }
    const mm_ports io = {d->a, d->b, d->bias, d->out};
    return lower_plan(L, n, &p, &io);
}

gecl_status gecl_lower_matmul(gecl_lower *L, const gecl_node *n)
{
    mm_plan p;
    gecl_status st = plan_matmul(gecl_lower_graph(L), n, &p);
    if (st) return st;
    const mm_ports io = node_ports(L, n);
    return lower_plan(L, n, &p, &io);
}

gecl_status gecl_lower_batch_matmul(gecl_lower *L, const gecl_node *n)
{
    mm_plan p;
    int64_t batch[GECL_MAX_DIMS];
    uint32_t nb;
    gecl_status st = plan_batch_matmul(gecl_lower_graph(L), n, &p, batch, &nb);
    if (st) return st;
    const mm_ports io = node_ports(L, n);
    return lower_plan(L, n, &p, &io);
}
