/* norm.c: LayerNorm (x, gamma, beta -> y, mean, variance over dims begin_norm_axis..; gamma and
 * beta span dims begin_params_axis..) and InstanceNorm (the same per sample and channel, over
 * the spatial dims of an NCHW / NCDHW / NHWC / NDHWC tensor; gamma and beta per channel), float32,
 * both onto kernels/norm.cl's line normalisation. mean and variance keep x's rank with the
 * normalised dims 1, as CANN describes them. */
#include <string.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

/* The (outer, r, inner) view, gamma's index rule and the mean / variance shape. */
typedef struct norm_shape {
    int64_t outer, r, inner;
    int64_t pdiv, pmod;
    gecl_tensor_desc stat;     /* mean and variance */
} norm_shape;

static gecl_status check_params(const gecl_graph *g, const gecl_node *n, int64_t want, const char *what)
{
    static const char *const names[] = {"x", "gamma", "beta"};
    for (size_t i = 1; i < 3; i++) {
        const gecl_tensor_desc *d = gecl_input_desc(g, n, i);
        char buf[128];
        if (!d) return gecl_node_fail(n, "input %zu (%s) is missing", i, names[i]);
        if (gecl_desc_numel(d) != want)
            return gecl_node_fail(n, "input %zu (%s) is %s, expected %lld values (%s)", i, names[i],
                                  gecl_desc_shape_str(d, buf, sizeof buf), (long long)want, what);
    }
    return GECL_SUCCESS;
}

static gecl_status layer_norm_shape(const gecl_graph *g, const gecl_node *n, norm_shape *s)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    const int rank = (int)x->ndim;
    if (rank < 1) return gecl_node_fail(n, "input 0 (x) is a scalar; LayerNorm needs at least 1 dim");
    const int64_t bna = gecl_node_int(n, "begin_norm_axis"), bpa = gecl_node_int(n, "begin_params_axis");
    const int na = gecl_norm_axis(bna, rank), pa = gecl_norm_axis(bpa, rank);
    if (na < 0) return gecl_node_fail(n, "begin_norm_axis %lld is out of range for %d dims", (long long)bna, rank);
    if (pa < 0) return gecl_node_fail(n, "begin_params_axis %lld is out of range for %d dims", (long long)bpa, rank);
    memset(s, 0, sizeof *s);
    s->outer = s->r = s->inner = 1;
    s->pdiv = s->pmod = 1;
    s->stat = *x;
    for (int d = 0; d < rank; d++) {
        if (d < na) s->outer *= x->dims[d];
        else s->r *= x->dims[d], s->stat.dims[d] = 1;
        if (d >= pa) s->pmod *= x->dims[d];
    }
    return check_params(g, n, s->pmod, "x's dims from begin_params_axis on");
}

/* InstanceNorm: channel first (NCHW, NCDHW) or last (NHWC, NDHWC), the format's rank. */
static gecl_status instance_norm_shape(const gecl_graph *g, const gecl_node *n, norm_shape *s)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    const char *df = gecl_node_string(n, "data_format");
    const int first = !strcmp(df, "NCHW") || !strcmp(df, "NCDHW");
    if (!first && strcmp(df, "NHWC") && strcmp(df, "NDHWC"))
        return gecl_node_fail(n, "data_format '%s' is not supported (NCHW, NCDHW, NHWC or NDHWC)", df);
    if (x->ndim != strlen(df))
        return gecl_node_fail(n, "input 0 (x) has %u dims, data_format %s has %zu", x->ndim, df, strlen(df));
    const int rank = (int)x->ndim, ch = first ? 1 : rank - 1;
    memset(s, 0, sizeof *s);
    s->stat = *x;
    s->outer = x->dims[0];
    s->r = 1;
    for (int d = 1; d < rank; d++)
        if (d != ch) s->r *= x->dims[d], s->stat.dims[d] = 1;
    s->pmod = x->dims[ch];
    /* channel first: lines are (n, c) rows; channel last: (n, c) columns C apart */
    if (first) s->outer *= s->pmod, s->inner = 1, s->pdiv = s->r;
    else s->inner = s->pmod, s->pdiv = 1;
    return check_params(g, n, s->pmod, "one per channel");
}

static gecl_status norm_shape_get(const gecl_graph *g, const gecl_node *n, norm_shape *s)
{
    return n->op == GECL_OP_LAYER_NORM ? layer_norm_shape(g, n, s) : instance_norm_shape(g, n, s);
}

gecl_status gecl_infer_norm(const gecl_graph *g, gecl_node *n)
{
    norm_shape s;
    gecl_status rc = norm_shape_get(g, n, &s);
    if (rc) return rc;
    n->outs[0] = *gecl_input_desc(g, n, 0);
    n->outs[1] = n->outs[2] = s.stat;
    return GECL_SUCCESS;
}

gecl_status gecl_lower_norm(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    norm_shape s;
    gecl_status rc = norm_shape_get(g, n, &s);
    if (rc) return rc;
    const int64_t lines = s.outer * s.inner;
    if (lines == 0 || s.r == 0) return GECL_SUCCESS;
    const gecl_device_desc *dev = gecl_lower_device(L);
    size_t cap = 256;
    if (dev && dev->max_work_group && dev->max_work_group < cap) cap = dev->max_work_group;
    size_t wg = 1;
    while (wg * 2 <= cap && (int64_t)wg < s.r) wg *= 2;
    gecl_launch *l = gecl_lower_add(L, n, "norm", "gecl_norm_lines");
    if (!l) return GECL_FAILED;
    const float eps = gecl_node_float(n, "epsilon");
    gecl_launch_define(l, "NORM_WG=%zu", wg);
    gecl_launch_define(l, "NORM_EPS=%.9ef", (double)eps);
    gecl_launch_scalar(l, s.r);
    gecl_launch_scalar(l, s.inner);
    gecl_launch_scalar(l, s.pdiv);
    gecl_launch_scalar(l, s.pmod);
    l->work_dim = 1;
    l->local[0] = wg;
    l->global[0] = (size_t)lines * wg;
    l->epilogue = 0;
    const int32_t id = (int32_t)(n - g->nodes);
    for (size_t i = 0; i < 3; i++) gecl_launch_arg(l, n->inputs[i], 0);
    for (int32_t o = 0; o < 3; o++) gecl_launch_arg(l, (gecl_port){id, o}, 1);
    return GECL_SUCCESS;
}
