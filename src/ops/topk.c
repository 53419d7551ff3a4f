/* topk.c: TopK (x, k; sorted, largest, dim): the k largest (or smallest) elements along `dim`
 * and their positions (int32, as CANN's TopK). Ties go to the lower position, as ONNX requires.
 * kernels/topk.cl gives each element its rank among its line (how many elements beat it) and
 * writes it at that rank when the rank is below k: no sort, one pass, the same result whatever
 * the work-group sizes. The output is always sorted (sorted = false allows any order). */
#include "cltype.h"
#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

typedef struct {
    int axis;
    int64_t k, outer, len, inner;
} topk_shape;

static gecl_status read_shape(const gecl_graph *g, const gecl_node *n, topk_shape *s)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *kd = gecl_input_desc(g, n, 1);
    if (x->ndim == 0) return gecl_node_fail(n, "x must have at least one dim");
    const int64_t dim = gecl_node_int(n, "dim");
    s->axis = gecl_norm_axis(dim, (int)x->ndim);
    if (s->axis < 0) return gecl_node_fail(n, "dim %lld is out of range for %u dims", (long long)dim, x->ndim);
    if (gecl_desc_numel(kd) != 1 || kd->ndim > 1 || gecl_input_const_ints(g, n, 1, &s->k, 1) != 1)
        return gecl_node_fail(n, "k must be one constant integer");
    s->len = x->dims[s->axis];
    if (s->k < 0 || s->k > s->len)
        return gecl_node_fail(n, "k = %lld is outside [0, %lld] (dim %d of x)", (long long)s->k, (long long)s->len, s->axis);
    s->outer = s->inner = 1;
    for (int d = 0; d < s->axis; d++) s->outer *= x->dims[d];
    for (uint32_t d = (uint32_t)s->axis + 1; d < x->ndim; d++) s->inner *= x->dims[d];
    return GECL_SUCCESS;
}

gecl_status gecl_infer_topk(const gecl_graph *g, gecl_node *n)
{
    topk_shape s;
    gecl_status rc = read_shape(g, n, &s);
    if (rc) return rc;
    n->outs[0] = *gecl_input_desc(g, n, 0);
    n->outs[0].dims[s.axis] = s.k;
    n->outs[1] = n->outs[0];
    n->outs[1].dtype = GECL_DT_INT32;
    return GECL_SUCCESS;
}

gecl_status gecl_lower_topk(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    topk_shape s;
    gecl_status rc = read_shape(g, n, &s);
    if (rc || s.k == 0 || gecl_desc_numel(x) == 0) return rc;
    if (x->dtype == GECL_DT_DOUBLE && (rc = gecl_lower_need_fp64(L, n))) return rc;
    gecl_launch *l = gecl_lower_add(L, n, "topk", "gecl_topk");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "TK_T=%s", gecl_cl_arith_type(x->dtype));
    gecl_launch_define(l, "GECL_FP64=%d", x->dtype == GECL_DT_DOUBLE);
    gecl_launch_define(l, "TK_LARGEST=%d", gecl_node_int(n, "largest") != 0);
    const size_t items = (size_t)(s.outer * s.len * s.inner);
    gecl_launch_scalar(l, (int64_t)items);
    gecl_launch_scalar(l, s.len);
    gecl_launch_scalar(l, s.inner);
    gecl_launch_scalar(l, s.k);
    const size_t local = gecl_tuning_local_1d(gecl_lower_device(L), items);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = (items + local - 1) / local * local;
    const int32_t id = gecl_node_port(g, n).node;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, (gecl_port){id, 0}, 1);
    gecl_launch_arg(l, (gecl_port){id, 1}, 1);
    return GECL_SUCCESS;
}
