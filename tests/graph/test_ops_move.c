/*
 * test_ops_move.c: the strided-gather ops (src/ops/move.c, kernels/move.cl): StridedSliceV2
 * (ONNX's Slice: negative begin/end, negative strides, clamping, default axes and strides),
 * Expand, Tile, PadV3 (constant with and without a value, edge, reflect, negative pads, both
 * paddings layouts), DepthToSpace (DCR, CRD) and SpaceToDepth in NCHW and NHWC, Fill; each on
 * float, int8 and int64 data (the kernel moves bytes), on the device and constant-folded on the
 * host (the same op with a Const input). Then graph inputs whose values shape the graph (value
 * inputs): a Reshape and a StridedSliceV2 fed by Data nodes, run with changing values.
 *
 * The reference is written here from the operators' definitions: per output coordinate, the
 * input coordinate each op reads, with no code shared with gecl. Results must be bit-exact.
 */
#include "graph_util.h"

#include <string.h>

/* ---- reference: output coordinate -> input coordinate (or -1: the pad value) ---- */

typedef struct mv_ref {
    int rank_x, rank_y;
    int64_t xd[8], yd[8];
} mv_ref;

/* Row-major index of coordinates c in dims d. */
static int64_t flat(const int64_t *c, const int64_t *d, int rank)
{
    int64_t at = 0;
    for (int k = 0; k < rank; k++) at = at * d[k] + c[k];
    return at;
}

static void coords(int64_t o, const int64_t *d, int rank, int64_t *c)
{
    for (int k = rank - 1; k >= 0; k--) {
        c[k] = o % d[k];
        o /= d[k];
    }
}

/* Fills y (yn elements of es bytes) by calling src(o) for the input element of output o. */
typedef int64_t (*source_fn)(const void *ctx, const int64_t *yc);

static void gather_ref(const void *ctx, source_fn src, const mv_ref *r, const void *x, size_t es, const void *pad,
                       void *y)
{
    const int64_t total = ref_numel(r->yd, r->rank_y);
    int64_t c[8];
    for (int64_t o = 0; o < total; o++) {
        coords(o, r->yd, r->rank_y, c);
        const int64_t i = src(ctx, c);
        memcpy((char *)y + o * (int64_t)es, i < 0 ? pad : (const char *)x + i * (int64_t)es, es);
    }
}

/* ---- the cases ---- */

typedef enum { K_SLICE, K_EXPAND, K_TILE, K_PAD, K_D2S, K_S2D } kind;

typedef struct mv_case {
    const char *name;
    kind k;
    int rank;
    int64_t xd[6];
    /* slice: begin, end, axes (n_axes 0: none given), strides (n 0: none) */
    int n;
    int64_t a[8], b[8], axes[8], steps[8];
    int n_axes, n_steps;
    /* pad: mode, contiguous; d2s/s2d: block size, mode, nchw */
    const char *mode;
    int flag;
    int64_t bs;
} mv_case;

static const mv_case CASES[] = {
    {"slice basic", K_SLICE, 3, {20, 10, 5}, 2, {0, 0}, {3, 10}, {0, 1}, {1, 1}, 2, 2, NULL, 0, 0},
    {"slice default axes", K_SLICE, 3, {20, 10, 5}, 3, {0, 0, 3}, {20, 10, 4}, {0}, {0}, 0, 0, NULL, 0, 0},
    {"slice negative", K_SLICE, 3, {20, 10, 5}, 1, {0}, {-1}, {1}, {1}, 1, 1, NULL, 0, 0},
    {"slice negative steps", K_SLICE, 3, {20, 10, 5}, 3, {20, 10, 4}, {0, 0, 1}, {0, 1, 2}, {-1, -3, -2}, 3, 3, NULL, 0, 0},
    {"slice out of bounds", K_SLICE, 3, {20, 10, 5}, 1, {1}, {1000}, {1}, {1}, 1, 1, NULL, 0, 0},
    {"slice start out of bounds", K_SLICE, 3, {20, 10, 5}, 1, {1000}, {1000}, {1}, {1}, 1, 1, NULL, 0, 0},
    {"slice huge negative", K_SLICE, 2, {7, 9}, 2, {-100, INT64_MAX}, {INT64_MAX, INT64_MIN}, {-2, -1}, {2, -4}, 2, 2, NULL, 0, 0},
    {"slice step over all", K_SLICE, 2, {4, 6}, 1, {1}, {6}, {1}, {INT64_MAX}, 1, 1, NULL, 0, 0},
    {"expand", K_EXPAND, 2, {3, 1}, 3, {2, 1, 6}, {0}, {0}, {0}, 0, 0, NULL, 0, 0},
    {"expand keeps", K_EXPAND, 3, {2, 1, 4}, 2, {3, 1}, {0}, {0}, {0}, 0, 0, NULL, 0, 0},
    {"tile", K_TILE, 4, {2, 3, 4, 5}, 4, {3, 1, 2, 2}, {0}, {0}, {0}, 0, 0, NULL, 0, 0},
    {"tile one", K_TILE, 2, {2, 2}, 2, {1, 3}, {0}, {0}, {0}, 0, 0, NULL, 0, 0},
    {"pad constant", K_PAD, 4, {1, 3, 4, 5}, 8, {0, 0, 1, 3, 0, 0, 2, 4}, {0}, {0}, {0}, 0, 0, "constant", 0, 0},
    {"pad constant zero", K_PAD, 2, {3, 4}, 4, {1, 2, 1, 0}, {0}, {0}, {0}, 0, 0, "constant", 2, 0},
    {"pad contiguous", K_PAD, 2, {3, 4}, 4, {1, 0, 2, 1}, {0}, {0}, {0}, 0, 0, "constant", 1, 0},
    {"pad edge", K_PAD, 4, {1, 3, 4, 5}, 8, {0, 0, 1, 3, 0, 0, 2, 4}, {0}, {0}, {0}, 0, 0, "edge", 0, 0},
    {"pad reflect", K_PAD, 4, {1, 3, 4, 5}, 8, {0, 0, 1, 3, 0, 0, 2, 4}, {0}, {0}, {0}, 0, 0, "reflect", 0, 0},
    {"pad reflect wide", K_PAD, 1, {3}, 2, {5, 6}, {0}, {0}, {0}, 0, 0, "reflect", 0, 0},
    {"pad crop", K_PAD, 2, {5, 6}, 4, {-1, 2, -2, -3}, {0}, {0}, {0}, 0, 0, "edge", 0, 0},
    {"depth to space DCR", K_D2S, 4, {2, 8, 3, 3}, 0, {0}, {0}, {0}, {0}, 0, 0, "DCR", 1, 2},
    {"depth to space CRD", K_D2S, 4, {2, 8, 3, 3}, 0, {0}, {0}, {0}, {0}, 0, 0, "CRD", 1, 2},
    {"depth to space NHWC", K_D2S, 4, {2, 3, 2, 18}, 0, {0}, {0}, {0}, {0}, 0, 0, "DCR", 0, 3},
    {"space to depth", K_S2D, 4, {2, 2, 6, 6}, 0, {0}, {0}, {0}, {0}, 0, 0, NULL, 1, 2},
    {"space to depth NHWC", K_S2D, 4, {1, 4, 6, 3}, 0, {0}, {0}, {0}, {0}, 0, 0, NULL, 0, 2},
};

/* The reference's view of a case: output dims and the input element for each output. */
typedef struct ref_ctx {
    const mv_case *c;
    mv_ref r;
    int64_t start[8], step[8];    /* slice, per dim */
    int64_t before[8];            /* pad */
} ref_ctx;

static int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static int64_t src_slice(const void *p, const int64_t *yc)
{
    const ref_ctx *x = p;
    int64_t c[8];
    for (int k = 0; k < x->r.rank_x; k++) c[k] = x->start[k] + yc[k] * x->step[k];
    return flat(c, x->r.xd, x->r.rank_x);
}

static int64_t src_expand(const void *p, const int64_t *yc)
{
    const ref_ctx *x = p;
    int64_t c[8];
    const int off = x->r.rank_y - x->r.rank_x;
    for (int k = 0; k < x->r.rank_x; k++) c[k] = x->r.xd[k] == 1 ? 0 : yc[k + off];
    return flat(c, x->r.xd, x->r.rank_x);
}

static int64_t src_tile(const void *p, const int64_t *yc)
{
    const ref_ctx *x = p;
    int64_t c[8];
    for (int k = 0; k < x->r.rank_x; k++) c[k] = yc[k] % x->r.xd[k];
    return flat(c, x->r.xd, x->r.rank_x);
}

static int64_t src_pad(const void *p, const int64_t *yc)
{
    const ref_ctx *x = p;
    int64_t c[8];
    for (int k = 0; k < x->r.rank_x; k++) {
        int64_t i = yc[k] - x->before[k];
        const int64_t n = x->r.xd[k];
        if (i < 0 || i >= n) {
            if (!strcmp(x->c->mode, "constant")) return -1;
            if (!strcmp(x->c->mode, "edge")) i = i < 0 ? 0 : n - 1;
            else /* reflect, bouncing between the edges as often as it takes */
                while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
        }
        c[k] = i;
    }
    return flat(c, x->r.xd, x->r.rank_x);
}

/* NCHW positions of y's coordinate, read back in x's layout. */
static int64_t src_space(const void *p, const int64_t *yc)
{
    const ref_ctx *x = p;
    const int nchw = x->c->flag;
    const int64_t bs = x->c->bs;
    const int64_t n = yc[0], c = nchw ? yc[1] : yc[3], h = nchw ? yc[2] : yc[1], w = nchw ? yc[3] : yc[2];
    int64_t xc, xh, xw;
    if (x->c->k == K_D2S) {
        const int64_t C = nchw ? x->r.yd[1] : x->r.yd[3];
        const int64_t b1 = h % bs, b2 = w % bs;
        xh = h / bs;
        xw = w / bs;
        xc = !strcmp(x->c->mode, "DCR") ? (b1 * bs + b2) * C + c : c * bs * bs + b1 * bs + b2;
    } else {
        const int64_t C = nchw ? x->r.xd[1] : x->r.xd[3];
        const int64_t blk = c / C;
        xc = c % C;
        xh = h * bs + blk / bs;
        xw = w * bs + blk % bs;
    }
    const int64_t xcoord[4] = {n, nchw ? xc : xh, nchw ? xh : xw, nchw ? xw : xc};
    return flat(xcoord, x->r.xd, 4);
}

/* Output dims and the source function of a case (the ONNX definitions). */
static source_fn describe(const mv_case *c, ref_ctx *x)
{
    memset(x, 0, sizeof *x);
    x->c = c;
    x->r.rank_x = x->r.rank_y = c->rank;
    memcpy(x->r.xd, c->xd, sizeof c->xd);
    memcpy(x->r.yd, c->xd, sizeof c->xd);
    switch (c->k) {
    case K_SLICE:
        for (int k = 0; k < c->rank; k++) x->step[k] = 1;
        for (int i = 0; i < c->n; i++) {
            const int ax = c->n_axes ? (int)(c->axes[i] < 0 ? c->axes[i] + c->rank : c->axes[i]) : i;
            const int64_t d = c->xd[ax], st = c->n_steps ? c->steps[i] : 1;
            int64_t s = c->a[i], e = c->b[i];
            if (s < 0) s = s < -d ? -d - 1 : s;
            if (e < 0) e = e < -d ? -d - 1 : e;
            s = s < 0 ? s + d : s;
            e = e < 0 ? e + d : e;
            s = st > 0 ? clamp(s, 0, d) : clamp(s, 0, d - 1);
            e = st > 0 ? clamp(e, 0, d) : clamp(e, -1, d - 1);
            int64_t len = 0;
            for (int64_t v = s; st > 0 ? v < e : v > e; v += st) {
                len++;
                if ((st > 0 && v > e - st) || (st < 0 && v < e - st)) break; /* no overflow past e */
            }
            x->r.yd[ax] = len;
            x->start[ax] = s;
            x->step[ax] = st;
        }
        return src_slice;
    case K_EXPAND: {
        const int r = c->n > c->rank ? c->n : c->rank;
        x->r.rank_y = r;
        for (int k = 0; k < r; k++) {
            const int ix = k - (r - c->rank), is = k - (r - c->n);
            const int64_t dx = ix >= 0 ? c->xd[ix] : 1, ds = is >= 0 ? c->a[is] : 1;
            x->r.yd[k] = dx == 1 ? ds : dx;
        }
        /* missing leading x dims are size 1 */
        memmove(x->r.xd + (r - c->rank), c->xd, (size_t)c->rank * sizeof *c->xd);
        for (int k = 0; k < r - c->rank; k++) x->r.xd[k] = 1;
        x->r.rank_x = r;
        return src_expand;
    }
    case K_TILE:
        for (int k = 0; k < c->rank; k++) x->r.yd[k] = c->xd[k] * c->a[k];
        return src_tile;
    case K_PAD:
        for (int k = 0; k < c->rank; k++) {
            const int64_t b = c->flag == 1 ? c->a[2 * k] : c->a[k], e = c->flag == 1 ? c->a[2 * k + 1] : c->a[c->rank + k];
            x->before[k] = b;
            x->r.yd[k] = c->xd[k] + b + e;
        }
        return src_pad;
    case K_D2S: {
        const int ci = c->flag ? 1 : 3, hi = c->flag ? 2 : 1, wi = c->flag ? 3 : 2;
        x->r.yd[ci] = c->xd[ci] / (c->bs * c->bs);
        x->r.yd[hi] = c->xd[hi] * c->bs;
        x->r.yd[wi] = c->xd[wi] * c->bs;
        return src_space;
    }
    default: {
        const int ci = c->flag ? 1 : 3, hi = c->flag ? 2 : 1, wi = c->flag ? 3 : 2;
        x->r.yd[ci] = c->xd[ci] * c->bs * c->bs;
        x->r.yd[hi] = c->xd[hi] / c->bs;
        x->r.yd[wi] = c->xd[wi] / c->bs;
        return src_space;
    }
    }
}

/* Builds the case's op on x (a Data, or a Const when `fold`) of dtype dt; returns its node. */
static int32_t build(gg_graph *g, const mv_case *c, gecl_port x, gecl_dtype dt, const void *pad_value)
{
    int32_t op = -1;
    switch (c->k) {
    case K_SLICE: {
        gecl_port in[5] = {x, gg_const_ints(g, "begin", GECL_DT_INT64, 1, c->a, (size_t)c->n),
                           gg_const_ints(g, "end", GECL_DT_INT64, 1, c->b, (size_t)c->n), GG_NO_PORT, GG_NO_PORT};
        size_t n = 3;
        if (c->n_axes) in[n++] = gg_const_ints(g, "axes", GECL_DT_INT32, 1, c->axes, (size_t)c->n);
        if (c->n_steps) {
            if (n == 3) n++; /* axes absent */
            in[n++] = gg_const_ints(g, "strides", GECL_DT_INT64, 1, c->steps, (size_t)c->n);
        }
        return gg_op(g, "slice", "StridedSliceV2", n, in);
    }
    case K_EXPAND: return GG_OP(g, "expand", "Expand", x, gg_const_ints(g, "shape", GECL_DT_INT64, 1, c->a, (size_t)c->n));
    case K_TILE: return GG_OP(g, "tile", "Tile", x, gg_const_ints(g, "m", GECL_DT_INT32, 1, c->a, (size_t)c->n));
    case K_PAD: {
        gecl_port p = gg_const_ints(g, "paddings", GECL_DT_INT64, 1, c->a, (size_t)c->n);
        if (pad_value) op = GG_OP(g, "pad", "PadV3", x, p, gg_const(g, "value", gg_desc(dt, GECL_FORMAT_ND, 0, NULL), pad_value));
        else op = GG_OP(g, "pad", "PadV3", x, p);
        gg_attr_string(g, op, "mode", c->mode);
        gg_attr_bool(g, op, "paddings_contiguous", c->flag == 1);
        return op;
    }
    case K_D2S:
        op = GG_OP(g, "d2s", "DepthToSpace", x);
        gg_attr_string(g, op, "mode", c->mode);
        break;
    default: op = GG_OP(g, "s2d", "SpaceToDepth", x); break;
    }
    gg_attr_int(g, op, "block_size", c->bs);
    gg_attr_string(g, op, "data_format", c->flag ? "NCHW" : "NHWC");
    return op;
}

/* One case on one dtype: x of distinct values, run on the device (fold 0) or folded. */
static int run_case(const mv_case *c, gecl_dtype dt, int fold)
{
    ref_ctx rx;
    const source_fn src = describe(c, &rx);
    const size_t es = gecl_dtype_size(dt), nx = (size_t)ref_numel(c->xd, c->rank);
    const size_t ny = (size_t)ref_numel(rx.r.yd, rx.r.rank_y);
    unsigned char *x = gg_alloc(nx * es + 1), *want = gg_alloc(ny * es + 1), pad[8] = {0};
    for (size_t i = 0; i < nx * es; i++) x[i] = (unsigned char)(i * 37 + 11 + i / 251); /* distinct bytes */
    const int with_value = c->k == K_PAD && c->flag != 2 && !strcmp(c->mode, "constant");
    if (with_value) memset(pad, 0x5a, sizeof pad);
    gather_ref(&rx, src, &rx.r, x, es, pad, want);
    char name[160];
    snprintf(name, sizeof name, "%s (%s%s)", c->name, gecl_dtype_name(dt), fold ? ", folded" : "");
    gg_log("case %s", name);
    gg_graph *g = gg_new(name);
    const gecl_tensor_desc xd = gg_desc(dt, GECL_FORMAT_ND, c->rank, c->xd);
    gecl_port xp = fold ? gg_const(g, "x", xd, x) : gg_data(g, "x", xd, x);
    /* folded graphs still need a kernel-free output: the op's value itself */
    const int32_t op = build(g, c, xp, dt, with_value ? pad : NULL);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y)) return 0;
    if (!gg_shape_is(name, &y, dt, rx.r.rank_y, rx.r.yd)) return 0;
    if (ny && memcmp(y.data, want, ny * es)) {
        for (size_t i = 0; i < ny; i++)
            if (memcmp((char *)y.data + i * es, want + i * es, es)) {
                fprintf(stderr, "%s: element %zu differs\n", name, i);
                break;
            }
        return 0;
    }
    return 1;
}

static void test_moves(void **state)
{
    (void)state;
    int failures = 0;
    const gecl_dtype types[] = {GECL_DT_FLOAT, GECL_DT_INT8, GECL_DT_INT64};
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++)
        for (size_t t = 0; t < sizeof types / sizeof *types; t++) failures += !run_case(&CASES[i], types[t], 0);
    GG_NO_FAILURES(failures);
}

static void test_moves_folded(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) failures += !run_case(&CASES[i], GECL_DT_FLOAT, 1);
    GG_NO_FAILURES(failures);
}

/* Fill: the value everywhere, on the device (value a Data) and folded (a Const). */
static void test_fill(void **state)
{
    (void)state;
    const int64_t dims[] = {2, 3, 4};
    const int64_t v = -1234567890123;
    int failures = 0;
    for (int fold = 0; fold < 2; fold++) {
        gg_graph *g = gg_new(fold ? "fill folded" : "fill");
        const gecl_tensor_desc vd = gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 0, NULL);
        gecl_port vp = fold ? gg_const(g, "value", vd, &v) : gg_data(g, "value", vd, &v);
        int32_t op = GG_OP(g, "fill", "Fill", gg_const_ints(g, "dims", GECL_DT_INT32, 1, dims, 3), vp);
        gecl_tensor y;
        int64_t want[24];
        for (int i = 0; i < 24; i++) want[i] = v;
        failures += !(gg_try_run(g, 1, GG_PORTS(gg_port(op)), &y) &&
                      gg_shape_is("fill", &y, GECL_DT_INT64, 3, dims) && gg_equal_ints("fill", &y, want, 24));
    }
    GG_NO_FAILURES(failures);
}

/* ---- value inputs: Data nodes whose values shape the graph ---- */

/* Runs graph `id` with x (float [24]) and shape (int64, n values); checks y's shape and values. */
static int run_reshape(uint32_t id, const float *x, const int64_t *shape, int n, const int64_t *want, int rank)
{
    gecl_tensor in[2] = {{gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(24)), (void *)x, 24 * sizeof *x, GECL_ON_HOST},
                         {gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(n)), (void *)shape, (size_t)n * 8, GECL_ON_HOST}};
    gecl_tensor y = {0};
    if (gecl_session_run_graph(gg_session(), id, 2, in, 1, &y)) {
        fprintf(stderr, "run: %s\n", gecl_last_error());
        return 0;
    }
    int ok = gg_shape_is("reshape by a Data shape", &y, GECL_DT_FLOAT, rank, want) && !memcmp(y.data, x, 24 * sizeof *x);
    gecl_output_free(y.data);
    return ok;
}

static void test_value_inputs(void **state)
{
    (void)state;
    float x[24];
    for (int i = 0; i < 24; i++) x[i] = (float)i;
    gg_graph *g = gg_new("value inputs");
    gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(24)), x);
    gecl_port sp = gg_data(g, "shape", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(-1)), NULL);
    int32_t op = GG_OP(g, "reshape", "Reshape", xp, sp);
    GG_OK(gecl_graph_set_outputs(g->graph, 1, GG_PORTS(gg_port(op))));
    /* the graph is dynamic: its tensors are described per run */
    gecl_tensor_desc d;
    GG_ERR(GECL_PARAM_INVALID, gecl_graph_port_desc(g->graph, gg_port(op), &d));
    const uint32_t id = 4242;
    GG_OK(gecl_session_add_graph(gg_session(), id, g->graph, 0, NULL, NULL));
    int failures = !run_reshape(id, x, GG_DIMS(4, 6), 2, GG_DIMS(4, 6), 2);
    failures += !run_reshape(id, x, GG_DIMS(2, -1, 3), 3, GG_DIMS(2, 4, 3), 3);
    failures += !run_reshape(id, x, GG_DIMS(4, 6), 2, GG_DIMS(4, 6), 2); /* the first variant again */
    failures += !run_reshape(id, x, GG_DIMS(6, 4), 2, GG_DIMS(6, 4), 2);
    /* a shape the data does not fit is refused, naming the Reshape */
    gecl_tensor in[2] = {{gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(24)), x, sizeof x, GECL_ON_HOST},
                         {gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(2)), (void *)GG_DIMS(5, 5), 16, GECL_ON_HOST}};
    gecl_tensor y = {0};
    GG_ERR(GECL_PARAM_INVALID, gecl_session_run_graph(gg_session(), id, 2, in, 1, &y));
    failures += !strstr(gecl_last_error(), "reshape");
    /* compiling for descriptions alone cannot know the values */
    GG_ERR(GECL_PARAM_INVALID, gecl_session_compile_graph_for(gg_session(), id, 2,
                                                             (gecl_tensor_desc[]){in[0].desc, in[1].desc}));
    GG_OK(gecl_session_remove_graph(gg_session(), id));
    GG_NO_FAILURES(failures);
}

/* A value input that reaches the op through ops that fold (Add on the Data's values), and a
 * StridedSliceV2 whose begin is a graph input. */
static void test_value_inputs_through_folds(void **state)
{
    (void)state;
    float x[10];
    for (int i = 0; i < 10; i++) x[i] = (float)(i * 3);
    const int64_t begin = 2, one = 1, end = 7;
    gg_graph *g = gg_new("value through folds");
    gecl_port xp = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(10)), x);
    gecl_port bp = gg_data(g, "begin", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(1)), &begin);
    int32_t b1 = GG_OP(g, "begin_plus_one", "Add", bp, gg_const(g, "one", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(1)), &one));
    int32_t op = GG_OP(g, "slice", "StridedSliceV2", xp, gg_port(b1),
                       gg_const(g, "end", gg_desc(GECL_DT_INT64, GECL_FORMAT_ND, 1, GG_DIMS(1)), &end));
    gecl_tensor y;
    gg_run(g, 1, GG_PORTS(gg_port(op)), &y);
    const double want[] = {9, 12, 15, 18};
    assert_true(gg_expect("slice from begin + 1", &y, 1, GG_DIMS(4), want, NULL, 0, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_moves),
        GG_TEST(test_moves_folded),
        GG_TEST(test_fill),
        GG_TEST(test_value_inputs),
        GG_TEST(test_value_inputs_through_folds),
    };
    return GG_RUN_GROUP(tests);
}
