/* one_hot.c: OneHot (x, depth, on_value, off_value; axis): y has x's dims with `depth` inserted
 * at `axis` (-1: last); y = on_value where the position along that dim equals x's index, else
 * off_value (TensorFlow's semantics, which CANN's OneHot has: an index outside [0, depth), -1
 * included, is all off_value). x is uint8, int32 or int64; on/off are one element each of y's
 * dtype, read on the device (kernels/index.cl). */
#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

typedef struct one_hot_plan {
    int axis;
    int64_t depth, inner;
} one_hot_plan;

static gecl_status plan(const gecl_graph *g, const gecl_node *n, one_hot_plan *p, gecl_tensor_desc *y)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *on = gecl_input_desc(g, n, 2), *off = gecl_input_desc(g, n, 3);
    if (x->dtype != GECL_DT_UINT8 && x->dtype != GECL_DT_INT32 && x->dtype != GECL_DT_INT64)
        return gecl_node_fail(n, "x is %s, expected DT_UINT8, DT_INT32 or DT_INT64", gecl_dtype_name(x->dtype));
    if (on->dtype != off->dtype || gecl_desc_numel(on) != 1 || gecl_desc_numel(off) != 1)
        return gecl_node_fail(n, "on_value and off_value must be one value each, of one dtype");
    if (!gecl_tuning_move_type(gecl_dtype_size(on->dtype)))
        return gecl_node_fail(n, "on_value has dtype %s, which is not supported", gecl_dtype_name(on->dtype));
    int64_t depth;
    if (gecl_input_const_ints(g, n, 1, &depth, 1) != 1) return gecl_node_fail(n, "depth must be one constant integer");
    if (depth < 0) return gecl_node_fail(n, "depth %lld is negative", (long long)depth);
    if (x->ndim + 1 > GECL_MAX_DIMS) return gecl_node_fail(n, "the output would have %u dims", x->ndim + 1);
    const int64_t a = gecl_node_int(n, "axis");
    p->axis = gecl_norm_axis(a, (int)x->ndim + 1);
    if (p->axis < 0) return gecl_node_fail(n, "axis %lld is out of range for %u output dims", (long long)a, x->ndim + 1);
    p->depth = depth;
    p->inner = 1;
    *y = (gecl_tensor_desc){on->dtype, GECL_FORMAT_ND, x->ndim + 1, {0}};
    for (int k = 0, from = 0; k < (int)y->ndim; k++) {
        y->dims[k] = k == p->axis ? depth : x->dims[from++];
        if (k > p->axis) p->inner *= y->dims[k];
    }
    char msg[256];
    const char *problem = gecl_desc_size_problem(y, msg, sizeof msg);
    return problem ? gecl_node_fail(n, "output: %s", problem) : GECL_SUCCESS;
}

gecl_status gecl_infer_one_hot(const gecl_graph *g, gecl_node *n)
{
    one_hot_plan p;
    return plan(g, n, &p, &n->outs[0]);
}

gecl_status gecl_lower_one_hot(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    one_hot_plan p;
    gecl_tensor_desc y;
    gecl_status rc = plan(g, n, &p, &y);
    const int64_t total = rc ? 0 : gecl_desc_numel(&y);
    if (rc || total == 0) return rc;
    const gecl_dtype xt = gecl_input_desc(g, n, 0)->dtype;
    gecl_launch *l = gecl_lower_add(L, n, "index", "gecl_one_hot");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "IX_KIND=7");
    gecl_launch_define(l, "ELEM=%s", gecl_tuning_move_type(gecl_dtype_size(y.dtype)));
    gecl_launch_define(l, "IDX=%s", xt == GECL_DT_UINT8 ? "uchar" : xt == GECL_DT_INT32 ? "int" : "long");
    gecl_launch_scalar(l, total);
    gecl_launch_scalar(l, p.depth);
    gecl_launch_scalar(l, p.inner);
    const size_t local = gecl_tuning_local_1d(gecl_lower_device(L), (size_t)total);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = ((size_t)total + local - 1) / local * local;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, n->inputs[2], 0);
    gecl_launch_arg(l, n->inputs[3], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
