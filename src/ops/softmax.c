/* softmax.c: SoftmaxV2 and LogSoftmaxV2 over float32, along one axis or several contiguous ones
 * (attribute axes, default {-1}). The tensor is seen as (outer, reduced, inner): the reduced
 * axes are one run of `reduced` elements, `inner` apart. Numerically stable: exp(x - max) / sum,
 * and x - max - log(sum) for the log form. */
#include <stdlib.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

typedef struct softmax_shape {
    int64_t outer, reduced, inner;
} softmax_shape;

/* Normalised, sorted axes must be distinct and consecutive: [first, last]. */
static gecl_status softmax_axes(const gecl_node *n, int rank, int *first, int *last)
{
    size_t count;
    const int64_t *axes = gecl_node_ints(n, "axes", &count);
    if (count == 0) return gecl_node_fail(n, "axes is empty");
    if (count > (size_t)rank) return gecl_node_fail(n, "axes has %zu values, input 0 has %d dims", count, rank);
    int seen[GECL_MAX_DIMS] = {0};
    *first = rank;
    *last = -1;
    for (size_t i = 0; i < count; i++) {
        int a = gecl_norm_axis(axes[i], rank);
        if (a < 0) return gecl_node_fail(n, "axes[%zu] = %lld is out of range for %d dims", i, (long long)axes[i], rank);
        if (seen[a]) return gecl_node_fail(n, "axes[%zu] = %lld repeats axis %d", i, (long long)axes[i], a);
        seen[a] = 1;
        if (a < *first) *first = a;
        if (a > *last) *last = a;
    }
    if (*last - *first + 1 != (int)count)
        return gecl_node_fail(n, "axes must be contiguous: %zu axes span dims %d..%d", count, *first, *last);
    return GECL_SUCCESS;
}

static gecl_status softmax_shape_get(const gecl_graph *g, const gecl_node *n, softmax_shape *s)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    if (!x) return gecl_node_fail(n, "input 0 (x) is missing");
    if (x->ndim == 0) return gecl_node_fail(n, "input 0 is a scalar, softmax needs at least 1 dim");
    int first = 0, last = 0;
    gecl_status rc = softmax_axes(n, (int)x->ndim, &first, &last);
    if (rc) return rc;
    s->outer = s->reduced = s->inner = 1;
    for (int d = 0; d < (int)x->ndim; d++) {
        int64_t *part = d < first ? &s->outer : d <= last ? &s->reduced : &s->inner;
        *part *= x->dims[d];
    }
    return GECL_SUCCESS;
}

gecl_status gecl_infer_softmax(const gecl_graph *g, gecl_node *n)
{
    softmax_shape s;
    gecl_status rc = softmax_shape_get(g, n, &s);
    if (rc) return rc;
    n->outs[0] = *gecl_input_desc(g, n, 0);
    return GECL_SUCCESS;
}

/* ---- lowering ---- */

gecl_status gecl_lower_softmax(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    softmax_shape s;
    gecl_status rc = softmax_shape_get(g, n, &s);
    if (rc) return rc;
    if (s.outer * s.reduced * s.inner == 0) return GECL_SUCCESS;
    /* Reduced run contiguous (inner == 1): a work-item owns a row. Otherwise a work-item owns
     * `vec` adjacent columns, so neighbouring work-items read neighbouring elements. */
    int rows = s.inner == 1;
    int64_t run = rows ? s.reduced : s.inner;
    int vec = 16;
    while (vec > 1 && run % vec) vec /= 2;
    size_t items = (size_t)(rows ? s.outer : s.outer * (s.inner / vec));
    gecl_launch *l = gecl_lower_add(L, n, "softmax", rows ? "gecl_softmax_rows" : "gecl_softmax_cols");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "SM_VEC=%d", vec);
    if (n->op == GECL_OP_LOG_SOFTMAX_V2) gecl_launch_define(l, "SM_LOG");
    gecl_launch_scalar(l, s.reduced);
    gecl_launch_scalar(l, s.inner);
    gecl_launch_scalar(l, (int64_t)items);
    size_t local = gecl_tuning_local_1d(gecl_lower_device(L), items);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = (items + local - 1) / local * local;
    l->epilogue = 0;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
