/* scatter.c: y = data with updates written at the positions indices give (kernels/index.cl):
 * - ScatterElements (data, indices, updates; axis, reduction none/add/mul): indices and updates
 *   share a shape; updates[c] goes to y[c with c[axis] = indices[c]];
 * - TensorScatterUpdate / TensorScatterAdd (x, indices, updates): the last dim of indices (q)
 *   addresses x's first q dims; updates are indices.shape[:-1] + x.shape[q:] (ONNX's ScatterND).
 * y is first a copy of data (a move launch), then one launch applies the updates in index order,
 * each work-item owning the elements it writes (a line along the axis, or one element of the
 * slice), so repeated indices reduce deterministically without atomics. Negative indices count
 * from the end; indices still outside their dim are skipped. Assignment moves any dtype; the
 * reductions compute in the dtype (cltype.h). */
#include <string.h>

#include "cltype.h"
#include "ir.h"
#include "launch.h"
#include "move.h"
#include "ops.h"
#include "tuning.h"

/* 0 assign, 1 add, 2 multiply; -1 unknown. */
static int reduction(const gecl_node *n)
{
    if (n->op == GECL_OP_TENSOR_SCATTER_UPDATE) return 0;
    if (n->op == GECL_OP_TENSOR_SCATTER_ADD) return 1;
    const char *r = gecl_node_string(n, "reduction");
    return !strcmp(r, "none") ? 0 : !strcmp(r, "add") ? 1 : !strcmp(r, "mul") ? 2 : -1;
}

gecl_status gecl_infer_scatter(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *ix = gecl_input_desc(g, n, 1), *u = gecl_input_desc(g, n, 2);
    char a[128], b[128];
    if (ix->dtype != GECL_DT_INT32 && ix->dtype != GECL_DT_INT64)
        return gecl_node_fail(n, "indices are %s, expected DT_INT32 or DT_INT64", gecl_dtype_name(ix->dtype));
    if (u->dtype != x->dtype)
        return gecl_node_fail(n, "updates are %s, data is %s", gecl_dtype_name(u->dtype), gecl_dtype_name(x->dtype));
    const int op = reduction(n);
    if (op < 0) return gecl_node_fail(n, "reduction '%s' is not none, add or mul", gecl_node_string(n, "reduction"));
    if (op == 0 ? !gecl_tuning_move_type(gecl_dtype_size(x->dtype)) : !gecl_cl_arith_type(x->dtype))
        return gecl_node_fail(n, "dtype %s is not supported here", gecl_dtype_name(x->dtype));
    if (n->op == GECL_OP_SCATTER_ELEMENTS) {
        const int64_t ax = gecl_node_int(n, "axis");
        const int axis = gecl_norm_axis(ax, (int)x->ndim);
        if (axis < 0) return gecl_node_fail(n, "axis %lld is out of range for %u dims", (long long)ax, x->ndim);
        if (!gecl_desc_same_shape(ix, u) || ix->ndim != x->ndim)
            return gecl_node_fail(n, "indices %s and updates %s must have one shape of data's rank (%u)",
                                  gecl_desc_shape_str(ix, a, sizeof a), gecl_desc_shape_str(u, b, sizeof b), x->ndim);
        for (uint32_t k = 0; k < x->ndim; k++)
            if ((int)k != axis && u->dims[k] > x->dims[k])
                return gecl_node_fail(n, "updates dim %u (%lld) exceeds data's (%lld)", k, (long long)u->dims[k],
                                      (long long)x->dims[k]);
    } else {
        if (ix->ndim < 1) return gecl_node_fail(n, "indices must have at least 1 dim");
        const int64_t q = ix->dims[ix->ndim - 1];
        if (q < 1 || q > (int64_t)x->ndim)
            return gecl_node_fail(n, "the last dim of indices (%lld) must be in [1, %u]", (long long)q, x->ndim);
        int ok = u->ndim == ix->ndim - 1 + x->ndim - (uint32_t)q;
        for (uint32_t k = 0; ok && k + 1 < ix->ndim; k++) ok = u->dims[k] == ix->dims[k];
        for (uint32_t k = (uint32_t)q; ok && k < x->ndim; k++) ok = u->dims[ix->ndim - 1 + k - q] == x->dims[k];
        if (!ok)
            return gecl_node_fail(n, "updates %s must be indices.shape[:-1] + x.shape[%lld:]",
                                  gecl_desc_shape_str(u, a, sizeof a), (long long)q);
    }
    n->outs[0] = *x;
    return GECL_SUCCESS;
}

static void strides_of(const gecl_tensor_desc *d, int64_t *s)
{
    int64_t at = 1;
    for (int k = (int)d->ndim - 1; k >= 0; k--) {
        s[k] = at;
        at *= d->dims[k];
    }
}

gecl_status gecl_lower_scatter(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *ixd = gecl_input_desc(g, n, 1), *u = gecl_input_desc(g, n, 2);
    const gecl_port y = gecl_node_port(g, n);
    const size_t es = gecl_dtype_size(x->dtype);
    /* y = data */
    gecl_move copy = {.mode = GECL_MOVE_PLAIN, .rank = 1, .dims = {gecl_desc_numel(x)}, .stride = {1}};
    gecl_status rc = gecl_lower_move(L, n, n->inputs[0], y, es, &copy, (gecl_port){-1, 0});
    if (rc || gecl_desc_numel(u) == 0) return rc;
    const int op = reduction(n);
    if (op != 0 && x->dtype == GECL_DT_DOUBLE && (rc = gecl_lower_need_fp64(L, n))) return rc;
    gecl_launch *l = gecl_lower_add(L, n, "index", n->op == GECL_OP_SCATTER_ELEMENTS ? "gecl_scatter_elements" : "gecl_scatter_nd");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "IX_KIND=%d", n->op == GECL_OP_SCATTER_ELEMENTS ? 4 : 5);
    gecl_launch_define(l, "SC_T=%s", op == 0 ? gecl_tuning_move_type(es) : gecl_cl_arith_type(x->dtype));
    gecl_launch_define(l, "GECL_FP64=%d", op != 0 && x->dtype == GECL_DT_DOUBLE);
    gecl_launch_define(l, "SC_OP=%d", op);
    gecl_launch_define(l, "IDX=%s", ixd->dtype == GECL_DT_INT32 ? "int" : "long");
    gecl_launch_define(l, "IX_NEG=1");
    gecl_lower_status(L, l); /* an index outside y fails the run, as in ONNX Runtime */
    int64_t ys[GECL_MAX_DIMS], us[GECL_MAX_DIMS];
    strides_of(x, ys);
    strides_of(u, us);
    size_t items;
    if (n->op == GECL_OP_SCATTER_ELEMENTS) {
        const int axis = gecl_norm_axis(gecl_node_int(n, "axis"), (int)x->ndim);
        const int64_t len = u->dims[axis];
        items = (size_t)(gecl_desc_numel(u) / len);
        gecl_launch_define(l, "IX_RN=%u", x->ndim);
        gecl_launch_scalar(l, (int64_t)items);
        gecl_launch_scalar(l, len);
        gecl_launch_scalar(l, us[axis]);
        gecl_launch_scalar(l, ys[axis]);
        gecl_launch_scalar(l, x->dims[axis]);
        for (uint32_t k = 0; k < x->ndim; k++) gecl_launch_scalar(l, (int)k == axis ? 1 : u->dims[k]);
        for (uint32_t k = 0; k < x->ndim; k++) gecl_launch_scalar(l, ys[k]);
        for (uint32_t k = 0; k < x->ndim; k++) gecl_launch_scalar(l, us[k]);
    } else {
        const int q = (int)ixd->dims[ixd->ndim - 1];
        int64_t slice = 1;
        for (uint32_t k = (uint32_t)q; k < x->ndim; k++) slice *= x->dims[k];
        items = (size_t)slice;
        gecl_launch_define(l, "IX_RN=%d", q);
        gecl_launch_scalar(l, slice);
        gecl_launch_scalar(l, gecl_desc_numel(ixd) / q);
        for (int k = 0; k < q; k++) gecl_launch_scalar(l, x->dims[k]);
        for (int k = 0; k < q; k++) gecl_launch_scalar(l, ys[k]);
    }
    /* updates are not empty, so neither are the lines nor the slice */
    const size_t local = gecl_tuning_local_1d(gecl_lower_device(L), items);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = (items + local - 1) / local * local;
    gecl_launch_arg(l, n->inputs[1], 0);
    gecl_launch_arg(l, n->inputs[2], 0);
    gecl_launch_arg(l, y, 1);
    return GECL_SUCCESS;
}
