/* lrn.c: LRN (local response normalisation across channels, as TensorFlow and CANN define it:
 * depth_radius channels either side, alpha not divided by the window) over float32 tensors of
 * 4 dims, channels at dim 1, or last for an NHWC tensor; kernels/lrn.cl. */
#include <string.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

typedef struct lrn_shape {
    int64_t channels, inner, total;
} lrn_shape;

static gecl_status lrn_shape_get(const gecl_graph *g, const gecl_node *n, lrn_shape *s)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    char buf[128];
    if (x->ndim != 4)
        return gecl_node_fail(n, "input 0 (x) is %s, expected 4 dims", gecl_desc_shape_str(x, buf, sizeof buf));
    const char *region = gecl_node_string(n, "norm_region");
    if (strcmp(region, "ACROSS_CHANNELS"))
        return gecl_node_fail(n, "norm_region '%s' is not supported (ACROSS_CHANNELS)", region);
    const int64_t r = gecl_node_int(n, "depth_radius");
    if (r < 0 || r > 65535) return gecl_node_fail(n, "depth_radius %lld is out of range [0, 65535]", (long long)r);
    const int ch = x->format == GECL_FORMAT_NHWC ? 3 : 1;
    s->channels = x->dims[ch];
    s->inner = 1;
    for (int d = ch + 1; d < 4; d++) s->inner *= x->dims[d];
    s->total = gecl_desc_numel(x);
    return GECL_SUCCESS;
}

gecl_status gecl_infer_lrn(const gecl_graph *g, gecl_node *n)
{
    lrn_shape s = {0};
    gecl_status rc = lrn_shape_get(g, n, &s);
    if (rc) return rc;
    n->outs[0] = *gecl_input_desc(g, n, 0);
    return GECL_SUCCESS;
}

gecl_status gecl_lower_lrn(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    lrn_shape s = {0};
    gecl_status rc = lrn_shape_get(g, n, &s);
    if (rc) return rc;
    if (s.total == 0) return GECL_SUCCESS;
    gecl_launch *l = gecl_lower_add(L, n, "lrn", "gecl_lrn");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "LRN_R=%lldL", (long long)gecl_node_int(n, "depth_radius"));
    gecl_launch_define(l, "LRN_BIAS=%.9ef", (double)gecl_node_float(n, "bias"));
    gecl_launch_define(l, "LRN_ALPHA=%.9ef", (double)gecl_node_float(n, "alpha"));
    gecl_launch_define(l, "LRN_BETA=%.9ef", (double)gecl_node_float(n, "beta"));
    gecl_launch_scalar(l, s.channels);
    gecl_launch_scalar(l, s.inner);
    gecl_launch_scalar(l, s.total);
    const size_t local = gecl_tuning_local_1d(gecl_lower_device(L), (size_t)s.total);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = ((size_t)s.total + local - 1) / local * local;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
