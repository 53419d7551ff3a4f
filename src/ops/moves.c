/* moves.c: the ops that are one strided gather (move.h), any dtype:
 * - StridedSliceV2 (x, begin, end, axes?, strides?): ONNX's Slice. Listed axes (default all, in
 *   order) take [begin, end) by stride; negative begin/end count from the end; then begin and
 *   end are clamped to [0, dim] (stride > 0) or [-1, dim - 1] (stride < 0). The masks are fixed 0.
 * - Expand (x, shape): x broadcast with `shape` both ways (numpy), as ONNX's Expand.
 * - Tile (x, multiples): x repeated multiples[k] times along dim k.
 * - PadV3 (x, paddings, constant_values?): mode constant / edge / reflect; paddings are
 *   [begin0, end0, begin1, end1, ...] (paddings_contiguous) or [begin0, begin1, ..., end0, ...];
 *   negative paddings crop.
 * - DepthToSpace / SpaceToDepth (block_size; mode DCR or CRD; data_format NCHW or NHWC).
 * Each builds the output's description and the move; the kernel, the host fold and the output
 * description all come from that one plan. */
#include <string.h>

#include "ir.h"
#include "move.h"
#include "ops.h"
#include "shape_math.h"
#include "tuning.h"

/* x's row-major element strides. */
static void strides_of(const gecl_tensor_desc *x, int64_t *s)
{
    int64_t at = 1;
    for (int k = (int)x->ndim - 1; k >= 0; k--) {
        s[k] = at;
        at *= x->dims[k];
    }
}

/* A plain move that reads x in order with dims and strides of x (to be adjusted). */
static void identity_move(const gecl_tensor_desc *x, gecl_move *m)
{
    memset(m, 0, sizeof *m);
    m->mode = GECL_MOVE_PLAIN;
    m->rank = (int)x->ndim;
    strides_of(x, m->stride);
    for (int k = 0; k < m->rank; k++) m->dims[k] = m->extent[k] = x->dims[k];
}

/* A constant integer input as values: fails unless it holds `want` of them (want < 0: any). */
static int read_ints(const gecl_graph *g, const gecl_node *n, size_t i, const char *name, int64_t *v, int cap,
                     int want)
{
    const int count = gecl_input_const_ints(g, n, i, v, cap);
    if (count < 0) return -1;
    if (want >= 0 && count != want) {
        gecl_node_fail(n, "input %zu (%s) has %d values, expected %d", i, name, count, want);
        return -1;
    }
    return count;
}

/* ---- StridedSliceV2 ---- */

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static gecl_status plan_slice(const gecl_graph *g, const gecl_node *n, const gecl_tensor_desc *x, gecl_move *m,
                              gecl_tensor_desc *y)
{
    int64_t begin[GECL_MAX_DIMS], end[GECL_MAX_DIMS], axes[GECL_MAX_DIMS], steps[GECL_MAX_DIMS];
    const int count = read_ints(g, n, 1, "begin", begin, GECL_MAX_DIMS, -1);
    if (count < 0 || read_ints(g, n, 2, "end", end, GECL_MAX_DIMS, count) < 0) return GECL_PARAM_INVALID;
    const int has_axes = n->n_inputs > 3 && n->inputs[3].node >= 0, has_steps = n->n_inputs > 4 && n->inputs[4].node >= 0;
    if (has_axes && read_ints(g, n, 3, "axes", axes, GECL_MAX_DIMS, count) < 0) return GECL_PARAM_INVALID;
    if (has_steps && read_ints(g, n, 4, "strides", steps, GECL_MAX_DIMS, count) < 0) return GECL_PARAM_INVALID;
    if (!has_axes && count > (int)x->ndim)
        return gecl_node_fail(n, "begin has %d values for %u dims", count, x->ndim);
    identity_move(x, m);
    *y = *x;
    char seen[GECL_MAX_DIMS] = {0};
    for (int i = 0; i < count; i++) {
        const int a = has_axes ? gecl_norm_axis(axes[i], (int)x->ndim) : i;
        if (a < 0) return gecl_node_fail(n, "axes[%d] = %lld is out of range for %u dims", i, (long long)axes[i], x->ndim);
        if (seen[a]) return gecl_node_fail(n, "axis %d is sliced twice", a);
        seen[a] = 1;
        const int64_t dim = x->dims[a], step = has_steps ? steps[i] : 1;
        if (step == 0) return gecl_node_fail(n, "strides[%d] is 0", i);
        int64_t b = begin[i], e = end[i];
        if (b < 0) b = b < -dim ? -1 : b + dim; /* far below: before the start */
        if (e < 0) e = e < -dim ? -1 : e + dim;
        b = step > 0 ? clamp64(b, 0, dim) : clamp64(b, 0, dim - 1);
        e = step > 0 ? clamp64(e, 0, dim) : clamp64(e, -1, dim - 1);
        int64_t len = 0;
        /* ceil(span / |step|) without overflow for any step (INT64_MIN and INT64_MAX included) */
        const uint64_t mag = step > 0 ? (uint64_t)step : (uint64_t)0 - (uint64_t)step;
        if (step > 0 && e > b) len = (int64_t)((uint64_t)(e - b - 1) / mag + 1);
        if (step < 0 && b > e) len = (int64_t)((uint64_t)(b - e - 1) / mag + 1);
        y->dims[a] = len;
        m->dims[a] = len;
        if (len > 0) m->base += b * m->stride[a];
        /* len > 1 means |step| < dim, so the product stays within the tensor's size */
        m->stride[a] = len > 1 ? m->stride[a] * step : 0;
    }
    return GECL_SUCCESS;
}

/* ---- Expand ---- */

static gecl_status plan_expand(const gecl_graph *g, const gecl_node *n, const gecl_tensor_desc *x, gecl_move *m,
                               gecl_tensor_desc *y)
{
    int64_t shape[GECL_MAX_DIMS];
    const int count = read_ints(g, n, 1, "shape", shape, GECL_MAX_DIMS, -1);
    if (count < 0) return GECL_PARAM_INVALID;
    const int rank = count > (int)x->ndim ? count : (int)x->ndim;
    int64_t xs[GECL_MAX_DIMS];
    strides_of(x, xs);
    memset(m, 0, sizeof *m);
    m->mode = GECL_MOVE_PLAIN;
    m->rank = rank;
    *y = *x;
    y->ndim = (uint32_t)rank;
    for (int k = 0; k < rank; k++) {
        const int ix = k - (rank - (int)x->ndim), is = k - (rank - count);
        const int64_t dx = ix >= 0 ? x->dims[ix] : 1, ds = is >= 0 ? shape[is] : 1;
        if (ds < 0) return gecl_node_fail(n, "shape[%d] = %lld is negative", is, (long long)ds);
        if (dx != ds && dx != 1 && ds != 1)
            return gecl_node_fail(n, "x's dim %d (%lld) does not broadcast with shape[%d] = %lld", ix, (long long)dx, is,
                                  (long long)ds);
        y->dims[k] = dx == 1 ? ds : dx;
        m->dims[k] = m->extent[k] = y->dims[k];
        m->stride[k] = ix >= 0 && dx != 1 ? xs[ix] : 0;
    }
    if (rank != (int)x->ndim) y->format = GECL_FORMAT_ND;
    return GECL_SUCCESS;
}

/* ---- Tile: dim k of y seen as (multiples[k], x dim k), the first read with stride 0 ---- */

static gecl_status plan_tile(const gecl_graph *g, const gecl_node *n, const gecl_tensor_desc *x, gecl_move *m,
                             gecl_tensor_desc *y)
{
    int64_t mult[GECL_MAX_DIMS], xs[GECL_MAX_DIMS];
    if (read_ints(g, n, 1, "multiples", mult, GECL_MAX_DIMS, (int)x->ndim) < 0) return GECL_PARAM_INVALID;
    strides_of(x, xs);
    memset(m, 0, sizeof *m);
    m->mode = GECL_MOVE_PLAIN;
    *y = *x;
    for (uint32_t k = 0; k < x->ndim; k++) {
        if (mult[k] < 0) return gecl_node_fail(n, "multiples[%u] = %lld is negative", k, (long long)mult[k]);
        if (gecl_dim_mul(x->dims[k], mult[k], &y->dims[k])) {
            const gecl_term t = GECL_VALUE_TERM(mult[k], 1, "multiples", (int)k);
            return gecl_shape_fail(n, &t, "overflows dim %u of the output", k);
        }
        m->dims[m->rank] = m->extent[m->rank] = mult[k];
        m->stride[m->rank++] = 0;
        m->dims[m->rank] = m->extent[m->rank] = x->dims[k];
        m->stride[m->rank++] = xs[k];
    }
    return GECL_SUCCESS;
}

/* ---- PadV3 ---- */

static gecl_status plan_pad(const gecl_graph *g, const gecl_node *n, const gecl_tensor_desc *x, gecl_move *m,
                            gecl_tensor_desc *y)
{
    const char *mode = gecl_node_string(n, "mode");
    gecl_move_mode mm;
    if (!strcmp(mode, "constant")) mm = GECL_MOVE_CONSTANT;
    else if (!strcmp(mode, "edge")) mm = GECL_MOVE_EDGE;
    else if (!strcmp(mode, "reflect")) mm = GECL_MOVE_REFLECT;
    else return gecl_node_fail(n, "mode '%s' is not constant, edge or reflect", mode);
    int64_t p[2 * GECL_MAX_DIMS];
    const int rank = (int)x->ndim;
    if (read_ints(g, n, 1, "paddings", p, 2 * GECL_MAX_DIMS, 2 * rank) < 0) return GECL_PARAM_INVALID;
    const int contiguous = gecl_node_int(n, "paddings_contiguous") != 0;
    const gecl_tensor_desc *v = gecl_input_desc(g, n, 2);
    if (v && (v->dtype != x->dtype || gecl_desc_numel(v) != 1))
        return gecl_node_fail(n, "constant_values must be one %s value", gecl_dtype_name(x->dtype));
    identity_move(x, m);
    m->mode = mm;
    *y = *x;
    for (int k = 0; k < rank; k++) {
        const int64_t before = contiguous ? p[2 * k] : p[k], after = contiguous ? p[2 * k + 1] : p[rank + k];
        int64_t d;
        if (gecl_dim_add(x->dims[k], before, &d) || gecl_dim_add(d, after, &d) || d < 0) {
            const gecl_term t = GECL_VALUE_TERM(before, 1, "paddings", contiguous ? 2 * k : k);
            return gecl_shape_fail(n, &t, "and its end pad make dim %d of the output invalid", k);
        }
        if (mm != GECL_MOVE_CONSTANT && x->dims[k] == 0 && d > 0)
            return gecl_node_fail(n, "dim %d of x is empty: mode %s has nothing to repeat", k, mode);
        y->dims[k] = m->dims[k] = d;
        m->before[k] = before;
        m->extent[k] = x->dims[k];
    }
    return GECL_SUCCESS;
}

/* ---- DepthToSpace / SpaceToDepth: the 4-D tensor seen as 6 dims ---- */

static gecl_status plan_space(const gecl_graph *g, const gecl_node *n, const gecl_tensor_desc *x, gecl_move *m,
                              gecl_tensor_desc *y)
{
    (void)g;
    const int64_t bs = gecl_node_int(n, "block_size");
    const char *fmt = gecl_node_string(n, "data_format");
    const int nchw = !strcmp(fmt, "NCHW");
    if (!nchw && strcmp(fmt, "NHWC")) return gecl_node_fail(n, "data_format '%s' is not NCHW or NHWC", fmt);
    if (x->ndim != 4) return gecl_node_fail(n, "x has %u dims, expected 4 (%s)", x->ndim, fmt);
    if (bs < 1 || bs > GECL_MAX_WINDOW_EXTENT) return gecl_node_fail(n, "block_size %lld is invalid", (long long)bs);
    const int ci = nchw ? 1 : 3, hi = nchw ? 2 : 1, wi = nchw ? 3 : 2;
    int64_t xs[4];
    strides_of(x, xs);
    const int64_t N = x->dims[0], C = x->dims[ci], H = x->dims[hi], W = x->dims[wi];
    const int64_t sn = xs[0], sc = xs[ci], sh = xs[hi], sw = xs[wi];
    /* Every size and stride below is at most block_size^2 times x's span (its dims' product,
     * zeros counted as 1; it fits, as every description does): refuse a block_size that makes
     * that overflow (an empty x passes the divisibility checks with any block_size). */
    int64_t span = 1, bound;
    for (int k = 0; k < 4; k++) span *= x->dims[k] ? x->dims[k] : 1;
    if (gecl_dim_mul(bs, bs, &bound) || gecl_dim_mul(bound, span, &bound))
        return gecl_node_fail(n, "block_size %lld is too large for x's shape", (long long)bs);
    memset(m, 0, sizeof *m);
    m->mode = GECL_MOVE_PLAIN;
    m->rank = 6;
    *y = *x;
    /* Output dims in order, each with its input stride. */
    int64_t d[6], s[6];
    if (n->op == GECL_OP_DEPTH_TO_SPACE) {
        const char *mode = gecl_node_string(n, "mode");
        const int crd = !strcmp(mode, "CRD");
        if (!crd && strcmp(mode, "DCR")) return gecl_node_fail(n, "mode '%s' is not DCR or CRD", mode);
        if (C % (bs * bs)) return gecl_node_fail(n, "%lld channels do not divide by block_size^2 = %lld", (long long)C, (long long)(bs * bs));
        const int64_t co = C / (bs * bs);
        /* the channel read for (c', b1, b2): DCR (b1 * bs + b2) * c'count + c'; CRD c' * bs^2 + b1 * bs + b2 */
        const int64_t s_co = crd ? bs * bs * sc : sc, s_b1 = crd ? bs * sc : bs * co * sc, s_b2 = crd ? sc : co * sc;
        y->dims[ci] = co;
        y->dims[hi] = H * bs;
        y->dims[wi] = W * bs;
        if (nchw) {
            const int64_t dd[6] = {N, co, H, bs, W, bs}, ss[6] = {sn, s_co, sh, s_b1, sw, s_b2};
            memcpy(d, dd, sizeof d), memcpy(s, ss, sizeof s);
        } else {
            const int64_t dd[6] = {N, H, bs, W, bs, co}, ss[6] = {sn, sh, s_b1, sw, s_b2, s_co};
            memcpy(d, dd, sizeof d), memcpy(s, ss, sizeof s);
        }
    } else {
        if (H % bs || W % bs)
            return gecl_node_fail(n, "height %lld and width %lld must divide by block_size %lld", (long long)H, (long long)W,
                                  (long long)bs);
        /* channel of y: (b1 * bs + b2) * C + c, read at row h' * bs + b1, column w' * bs + b2 */
        y->dims[ci] = C * bs * bs;
        y->dims[hi] = H / bs;
        y->dims[wi] = W / bs;
        if (nchw) {
            const int64_t dd[6] = {N, bs, bs, C, H / bs, W / bs}, ss[6] = {sn, sh, sw, sc, bs * sh, bs * sw};
            memcpy(d, dd, sizeof d), memcpy(s, ss, sizeof s);
        } else {
            const int64_t dd[6] = {N, H / bs, W / bs, bs, bs, C}, ss[6] = {sn, bs * sh, bs * sw, sh, sw, sc};
            memcpy(d, dd, sizeof d), memcpy(s, ss, sizeof s);
        }
    }
    for (int k = 0; k < 6; k++) {
        m->dims[k] = m->extent[k] = d[k];
        m->stride[k] = s[k];
    }
    return GECL_SUCCESS;
}

/* ---- the ops ---- */

static gecl_status plan(const gecl_graph *g, const gecl_node *n, gecl_move *m, gecl_tensor_desc *y)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    if (!gecl_tuning_move_type(gecl_dtype_size(x->dtype)))
        return gecl_node_fail(n, "x has dtype %s, which cannot be moved", gecl_dtype_name(x->dtype));
    switch (n->op) {
    case GECL_OP_STRIDED_SLICE_V2: return plan_slice(g, n, x, m, y);
    case GECL_OP_EXPAND: return plan_expand(g, n, x, m, y);
    case GECL_OP_TILE: return plan_tile(g, n, x, m, y);
    case GECL_OP_PAD_V3: return plan_pad(g, n, x, m, y);
    default: return plan_space(g, n, x, m, y);
    }
}

gecl_status gecl_infer_moves(const gecl_graph *g, gecl_node *n)
{
    gecl_move m;
    return plan(g, n, &m, &n->outs[0]);
}

gecl_status gecl_lower_moves(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    gecl_move m;
    gecl_tensor_desc y;
    gecl_status rc = plan(g, n, &m, &y);
    if (rc) return rc;
    const gecl_port value = n->op == GECL_OP_PAD_V3 && n->n_inputs > 2 ? n->inputs[2] : (gecl_port){-1, 0};
    return gecl_lower_move(L, n, n->inputs[0], gecl_node_port(g, n), gecl_dtype_size(y.dtype), &m, value);
}

void gecl_fold_moves(const gecl_graph *g, const gecl_node *n, void *dst)
{
    gecl_move m;
    gecl_tensor_desc y;
    if (plan(g, n, &m, &y)) return; /* inference checked it */
    const void *value = n->op == GECL_OP_PAD_V3 ? gecl_input_const(g, n, 2) : NULL;
    gecl_move_host(&m, gecl_input_const(g, n, 0), dst, gecl_dtype_size(y.dtype), value);
}
