/* cumsum.c: Cumsum (x, axis; exclusive, reverse): running sums along a constant axis, in x's
 * dtype (float, double, int32, int64: op_attrs.h). A work-item walks one line along the axis
 * (kernels/cumsum.cl), so each sum is taken in order. */
#include "cltype.h"
#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

static gecl_status read_axis(const gecl_graph *g, const gecl_node *n, int *axis)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *a = gecl_input_desc(g, n, 1);
    int64_t v;
    if (gecl_desc_numel(a) != 1 || a->ndim > 1 || gecl_input_const_ints(g, n, 1, &v, 1) != 1)
        return gecl_node_fail(n, "axis must be one constant integer");
    *axis = gecl_norm_axis(v, (int)x->ndim);
    return *axis < 0 ? gecl_node_fail(n, "axis %lld is out of range for %u dims", (long long)v, x->ndim) : GECL_SUCCESS;
}

gecl_status gecl_infer_cumsum(const gecl_graph *g, gecl_node *n)
{
    int axis = 0;
    gecl_status rc = read_axis(g, n, &axis);
    if (!rc) n->outs[0] = *gecl_input_desc(g, n, 0);
    return rc;
}

gecl_status gecl_lower_cumsum(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    int axis = 0;
    gecl_status rc = read_axis(g, n, &axis);
    if (rc || gecl_desc_numel(x) == 0) return rc;
    if (x->dtype == GECL_DT_DOUBLE && (rc = gecl_lower_need_fp64(L, n))) return rc;
    int64_t outer = 1, inner = 1;
    for (int k = 0; k < axis; k++) outer *= x->dims[k];
    for (uint32_t k = (uint32_t)axis + 1; k < x->ndim; k++) inner *= x->dims[k];
    gecl_launch *l = gecl_lower_add(L, n, "cumsum", "gecl_cumsum");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "CS_T=%s", gecl_cl_arith_type(x->dtype));
    gecl_launch_define(l, "GECL_FP64=%d", x->dtype == GECL_DT_DOUBLE);
    gecl_launch_define(l, "CS_EXCLUSIVE=%d", gecl_node_int(n, "exclusive") != 0);
    gecl_launch_define(l, "CS_REVERSE=%d", gecl_node_int(n, "reverse") != 0);
    const size_t items = (size_t)(outer * inner);
    gecl_launch_scalar(l, (int64_t)items);
    gecl_launch_scalar(l, inner);
    gecl_launch_scalar(l, x->dims[axis]);
    const size_t local = gecl_tuning_local_1d(gecl_lower_device(L), items);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = (items + local - 1) / local * local;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
