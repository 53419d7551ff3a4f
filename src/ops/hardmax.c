/* hardmax.c: HardMax (CANN's ONNX-compatible op): 1 at the first maximum along `axis`, 0
 * elsewhere, for float32, float16 and double. The tensor is seen as (outer, r, inner). */
#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

typedef struct hm_shape {
    int64_t outer, r, inner;
} hm_shape;

static gecl_status hm_shape_get(const gecl_graph *g, const gecl_node *n, hm_shape *s)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    if (!x) return gecl_node_fail(n, "input 0 (x) is missing");
    if (x->ndim == 0) return gecl_node_fail(n, "input 0 is a scalar, HardMax needs at least 1 dim");
    const int64_t axis = gecl_node_int(n, "axis");
    const int a = gecl_norm_axis(axis, (int)x->ndim);
    if (a < 0) return gecl_node_fail(n, "axis %lld is out of range for %u dims", (long long)axis, x->ndim);
    s->outer = s->inner = 1;
    s->r = x->dims[a];
    for (int d = 0; d < (int)x->ndim; d++) {
        if (d < a) s->outer *= x->dims[d];
        if (d > a) s->inner *= x->dims[d];
    }
    return GECL_SUCCESS;
}

gecl_status gecl_infer_hardmax(const gecl_graph *g, gecl_node *n)
{
    hm_shape s = {0};
    gecl_status rc = hm_shape_get(g, n, &s);
    if (!rc) n->outs[0] = *gecl_input_desc(g, n, 0);
    return rc;
}

gecl_status gecl_lower_hardmax(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    hm_shape s = {0};
    gecl_status rc = hm_shape_get(g, n, &s);
    if (rc) return rc;
    const int64_t lines = s.outer * s.inner;
    if (lines * s.r == 0) return GECL_SUCCESS;
    const gecl_dtype dt = n->outs[0].dtype;
    const gecl_device_desc *dev = gecl_lower_device(L);
    if (dt == GECL_DT_DOUBLE && dev && !dev->fp64)
        return gecl_node_fail(n, "DT_DOUBLE needs cl_khr_fp64, which device '%s' lacks", dev->name);
    gecl_launch *l = gecl_lower_add(L, n, "hardmax", "gecl_hardmax");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "T=%s", dt == GECL_DT_FLOAT16 ? "half" : dt == GECL_DT_DOUBLE ? "double" : "float");
    gecl_launch_define(l, "ACC_T=%s", dt == GECL_DT_DOUBLE ? "double" : "float");
    if (dt == GECL_DT_DOUBLE) gecl_launch_define(l, "HM_FP64");
    gecl_launch_scalar(l, s.r);
    gecl_launch_scalar(l, s.inner);
    gecl_launch_scalar(l, lines);
    size_t local = gecl_tuning_local_1d(gecl_lower_device(L), (size_t)lines);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = ((size_t)lines + local - 1) / local * local;
    l->epilogue = 0;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
