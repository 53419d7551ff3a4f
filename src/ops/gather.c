/* gather.c: reads of x at positions an index tensor gives (kernels/index.cl), any dtype of x
 * (moved as unsigned integers of its size), int32 or int64 indices read on the device:
 * - GatherV2 (x, indices, axis): y = x[..., indices[j], ...] along a constant axis; y's dims are
 *   x's before the axis, the indices', x's after it;
 * - GatherElements (x, index; dim): y[c] = x[c with c[dim] = index[c]], y shaped as index;
 * - GatherNd (x, indices): the last dim of indices (q) indexes x's first q dims; y is
 *   indices.shape[:-1] + x.shape[q:].
 * Negative indices count from the end where negative_index_support is set (GatherV2, GatherNd)
 * and always in GatherElements. An index still outside its dim is read as 0, so no kernel reads
 * outside x, and reported in the launch's status slot: RunGraph and RunGraphAsync then fail naming
 * the node and the index, as ONNX Runtime and TensorFlow's CPU kernels do (gecl_lower_status). */
#include <string.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

typedef struct gather_plan {
    int axis;           /* GatherV2: the axis; GatherElements: dim; GatherNd: q */
    int64_t outer, inner, count;  /* GatherV2: dims before / after the axis, index count */
} gather_plan;

static int is_index(gecl_dtype t) { return t == GECL_DT_INT32 || t == GECL_DT_INT64; }

static gecl_status plan(const gecl_graph *g, const gecl_node *n, gather_plan *p, gecl_tensor_desc *y)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *ix = gecl_input_desc(g, n, 1);
    if (!gecl_tuning_move_type(gecl_dtype_size(x->dtype)))
        return gecl_node_fail(n, "x has dtype %s, which cannot be gathered", gecl_dtype_name(x->dtype));
    if (!is_index(ix->dtype))
        return gecl_node_fail(n, "indices are %s, expected DT_INT32 or DT_INT64", gecl_dtype_name(ix->dtype));
    memset(p, 0, sizeof *p);
    *y = *x;
    if (n->op == GECL_OP_GATHER_V2) {
        int64_t a;
        if (gecl_input_const_ints(g, n, 2, &a, 1) != 1)
            return gecl_node_fail(n, "input 2 (axis) must be a constant integer scalar");
        p->axis = gecl_norm_axis(a, (int)x->ndim);
        if (p->axis < 0) return gecl_node_fail(n, "axis %lld is out of range for %u dims", (long long)a, x->ndim);
        if (x->ndim - 1 + ix->ndim > GECL_MAX_DIMS)
            return gecl_node_fail(n, "the output would have %u dims", x->ndim - 1 + ix->ndim);
        y->ndim = 0;
        p->outer = p->inner = 1;
        for (int k = 0; k < p->axis; k++) p->outer *= (y->dims[y->ndim++] = x->dims[k]);
        for (uint32_t k = 0; k < ix->ndim; k++) y->dims[y->ndim++] = ix->dims[k];
        for (uint32_t k = (uint32_t)p->axis + 1; k < x->ndim; k++) p->inner *= (y->dims[y->ndim++] = x->dims[k]);
        p->count = gecl_desc_numel(ix);
    } else if (n->op == GECL_OP_GATHER_ELEMENTS) {
        const int64_t d = gecl_node_int(n, "dim");
        p->axis = gecl_norm_axis(d, (int)x->ndim);
        if (p->axis < 0) return gecl_node_fail(n, "dim %lld is out of range for %u dims", (long long)d, x->ndim);
        if (ix->ndim != x->ndim) return gecl_node_fail(n, "index has %u dims, x has %u", ix->ndim, x->ndim);
        for (uint32_t k = 0; k < x->ndim; k++)
            if ((int)k != p->axis && ix->dims[k] > x->dims[k])
                return gecl_node_fail(n, "index dim %u (%lld) exceeds x's (%lld)", k, (long long)ix->dims[k],
                                      (long long)x->dims[k]);
        *y = *ix;
        y->dtype = x->dtype;
    } else {
        if (ix->ndim < 1) return gecl_node_fail(n, "indices must have at least 1 dim");
        const int64_t q = ix->dims[ix->ndim - 1];
        if (q < 1 || q > (int64_t)x->ndim)
            return gecl_node_fail(n, "the last dim of indices (%lld) must be in [1, %u]", (long long)q, x->ndim);
        p->axis = (int)q;
        if (ix->ndim - 1 + x->ndim - q > GECL_MAX_DIMS) return gecl_node_fail(n, "the output has too many dims");
        y->ndim = 0;
        for (uint32_t k = 0; k + 1 < ix->ndim; k++) y->dims[y->ndim++] = ix->dims[k];
        for (uint32_t k = (uint32_t)q; k < x->ndim; k++) y->dims[y->ndim++] = x->dims[k];
    }
    if (y->ndim != x->ndim) y->format = GECL_FORMAT_ND;
    return GECL_SUCCESS;
}

gecl_status gecl_infer_gather(const gecl_graph *g, gecl_node *n)
{
    gather_plan p;
    return plan(g, n, &p, &n->outs[0]);
}

static int negative_ok(const gecl_node *n)
{
    return n->op == GECL_OP_GATHER_ELEMENTS || gecl_node_int(n, "negative_index_support");
}

/* Index k of the index tensor at `ix` as a position along a dim of `dim`; -1 when out of range. */
static int64_t position(const void *ix, gecl_dtype t, int64_t k, int64_t dim, int neg)
{
    int64_t v = t == GECL_DT_INT32 ? ((const int32_t *)ix)[k] : ((const int64_t *)ix)[k];
    if (v < 0 && neg) v += dim;
    return v >= 0 && v < dim ? v : -1;
}

/* Row-major strides of d. */
static void strides_of(const gecl_tensor_desc *d, int64_t *s)
{
    int64_t at = 1;
    for (int k = (int)d->ndim - 1; k >= 0; k--) {
        s[k] = at;
        at *= d->dims[k];
    }
}

void gecl_fold_gather(const gecl_graph *g, const gecl_node *n, void *dst)
{
    gather_plan p;
    gecl_tensor_desc y;
    if (plan(g, n, &p, &y)) return;
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *ixd = gecl_input_desc(g, n, 1);
    const char *src = gecl_input_const(g, n, 0);
    const void *ix = gecl_input_const(g, n, 1);
    const size_t es = gecl_dtype_size(x->dtype);
    const int neg = negative_ok(n);
    int64_t xs[GECL_MAX_DIMS], ys[GECL_MAX_DIMS];
    strides_of(x, xs);
    strides_of(&y, ys);
    for (int64_t o = 0, total = gecl_desc_numel(&y); o < total; o++) {
        int64_t at = -1;
        if (n->op == GECL_OP_GATHER_V2) {
            const int64_t post = o % p.inner, j = o / p.inner % p.count, pre = o / p.inner / p.count;
            const int64_t v = position(ix, ixd->dtype, j, x->dims[p.axis], neg);
            if (v >= 0) at = (pre * x->dims[p.axis] + v) * p.inner + post;
        } else if (n->op == GECL_OP_GATHER_ELEMENTS) {
            const int64_t v = position(ix, ixd->dtype, o, x->dims[p.axis], neg);
            if (v >= 0) {
                at = 0;
                for (uint32_t k = 0; k < y.ndim; k++) at += ((int)k == p.axis ? v : o / ys[k] % y.dims[k]) * xs[k];
            }
        } else {
            int64_t slice = 1;
            for (uint32_t k = (uint32_t)p.axis; k < x->ndim; k++) slice *= x->dims[k];
            const int64_t j = o / slice;
            at = o % slice;
            for (int t = 0; t < p.axis && at >= 0; t++) {
                const int64_t v = position(ix, ixd->dtype, j * p.axis + t, x->dims[t], neg);
                at = v < 0 ? -1 : at + v * xs[t];
            }
        }
        if (at < 0) memset((char *)dst + o * (int64_t)es, 0, es);
        else memcpy((char *)dst + o * (int64_t)es, src + at * (int64_t)es, es);
    }
}

gecl_status gecl_lower_gather(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    gather_plan p;
    gecl_tensor_desc y;
    gecl_status rc = plan(g, n, &p, &y);
    if (rc) return rc;
    const int64_t total = gecl_desc_numel(&y);
    if (total == 0) return GECL_SUCCESS;
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *ixd = gecl_input_desc(g, n, 1);
    const char *kernel = n->op == GECL_OP_GATHER_V2         ? "gecl_gather_axis"
                         : n->op == GECL_OP_GATHER_ELEMENTS ? "gecl_gather_elements"
                                                            : "gecl_gather_nd";
    gecl_launch *l = gecl_lower_add(L, n, "index", kernel);
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "IX_KIND=%d", n->op == GECL_OP_GATHER_V2 ? 1 : n->op == GECL_OP_GATHER_ELEMENTS ? 2 : 3);
    gecl_launch_define(l, "ELEM=%s", gecl_tuning_move_type(gecl_dtype_size(x->dtype)));
    gecl_launch_define(l, "IDX=%s", ixd->dtype == GECL_DT_INT32 ? "int" : "long");
    gecl_launch_define(l, "IX_NEG=%d", negative_ok(n));
    gecl_lower_status(L, l); /* an index outside x fails the run, as in ONNX Runtime and TensorFlow */
    gecl_launch_scalar(l, total);
    int64_t xs[GECL_MAX_DIMS];
    strides_of(x, xs);
    if (n->op == GECL_OP_GATHER_V2) {
        gecl_launch_scalar(l, p.inner);
        gecl_launch_scalar(l, p.count);
        gecl_launch_scalar(l, x->dims[p.axis]);
    } else if (n->op == GECL_OP_GATHER_ELEMENTS) {
        gecl_launch_define(l, "IX_RN=%u", y.ndim);
        gecl_launch_define(l, "IX_AXIS=%d", p.axis);
        gecl_launch_scalar(l, x->dims[p.axis]);
        for (uint32_t k = 0; k < y.ndim; k++) gecl_launch_scalar(l, y.dims[k]);
        for (uint32_t k = 0; k < y.ndim; k++) gecl_launch_scalar(l, xs[k]);
    } else {
        int64_t slice = 1;
        for (uint32_t k = (uint32_t)p.axis; k < x->ndim; k++) slice *= x->dims[k];
        gecl_launch_define(l, "IX_RN=%d", p.axis);
        gecl_launch_scalar(l, slice);
        for (int k = 0; k < p.axis; k++) gecl_launch_scalar(l, x->dims[k]);
        for (int k = 0; k < p.axis; k++) gecl_launch_scalar(l, xs[k]);
    }
    const size_t local = gecl_tuning_local_1d(gecl_lower_device(L), (size_t)total);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = ((size_t)total + local - 1) / local * local;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, n->inputs[1], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
