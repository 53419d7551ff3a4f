/* conv2d_transpose.c: Conv2DTranspose (input_size, x, filter, bias, offset_w: accepted and
 * ignored, as Conv2D does: only float32 is computed), the gradient of
 * Conv2D with respect to its input, float32: the output shape is input_size (4 values in
 * data_format order, a constant); pads [top, bottom, left, right] are the forward convolution's,
 * so along each axis out = (in - 1) * stride + (k - 1) * dilation + 1 - pads + output_padding.
 * The filter is [in channels, out channels / groups, kh, kw] in the layout its format names:
 * NCHW (as PyTorch and ONNX store it), NHWC, or HWCN (TensorFlow's [kh, kw, out, in]); by default
 * NCHW for NCHW data and HWCN for NHWC data. Lowered to kernels/conv2d_transpose.cl. */
#include <inttypes.h>
#include <string.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "shape_math.h"
#include "tuning.h"

typedef struct ct_geom {
    int nhwc;
    int64_t n, ci, ih, iw;          /* x */
    int64_t co, oh, ow;             /* y */
    int64_t kh, kw, cog, groups;
    int64_t sh, sw, dh, dw, pt, pb, pl, pr;
    int64_t xs[4];                  /* x strides: n, c, h, w */
    int64_t fs[4];                  /* filter strides: in channel, out channel, kh, kw */
    int has_bias;
} ct_geom;

/* (h, w) of a 4-value list in data_format order whose N and C entries are `nc`. */
static gecl_status hw_of(const gecl_node *n, const char *name, int nhwc, int64_t nc, int64_t min, int64_t *h,
                         int64_t *w)
{
    size_t count;
    const int64_t *v = gecl_node_ints(n, name, &count);
    if (!v) return gecl_node_fail(n, "missing required attribute '%s' (4 values)", name);
    if (count != 4) return gecl_node_fail(n, "attribute '%s' has %zu values, expected 4", name, count);
    *h = v[nhwc ? 1 : 2];
    *w = v[nhwc ? 2 : 3];
    if (v[0] != nc || v[nhwc ? 3 : 1] != nc)
        return gecl_node_fail(n, "attribute '%s': the N and C entries must be %" PRId64, name, nc);
    if (*h < min || *w < min || *h > GECL_MAX_WINDOW_EXTENT || *w > GECL_MAX_WINDOW_EXTENT)
        return gecl_node_fail(n, "attribute '%s': H and W entries must be in [%" PRId64 ", 2^31 - 1]", name, min);
    return GECL_SUCCESS;
}

/* The filter's layout: dims of (in channels, out channels per group, kh, kw) and their strides. */
static gecl_status filter_layout(const gecl_node *n, const gecl_tensor_desc *f, ct_geom *g, int64_t *fci)
{
    gecl_format fmt = n->in_format && n->n_inputs > 2 ? n->in_format[2] : GECL_FORMAT_RESERVED;
    if (fmt == GECL_FORMAT_RESERVED) fmt = f->format;
    if (fmt != GECL_FORMAT_NCHW && fmt != GECL_FORMAT_NHWC && fmt != GECL_FORMAT_HWCN)
        fmt = g->nhwc ? GECL_FORMAT_HWCN : GECL_FORMAT_NCHW;
    const int64_t *d = f->dims;
    int at[4]; /* dim index of: in channel, out channel, kh, kw */
    if (fmt == GECL_FORMAT_NCHW) at[0] = 0, at[1] = 1, at[2] = 2, at[3] = 3;
    else if (fmt == GECL_FORMAT_NHWC) at[0] = 0, at[1] = 3, at[2] = 1, at[3] = 2;
    else at[0] = 3, at[1] = 2, at[2] = 0, at[3] = 1;
    int64_t stride[4];
    gecl_desc_strides(f, stride);
    for (int k = 0; k < 4; k++) g->fs[k] = stride[at[k]];
    *fci = d[at[0]];
    g->cog = d[at[1]];
    g->kh = d[at[2]];
    g->kw = d[at[3]];
    return GECL_SUCCESS;
}

static gecl_status check_input(const gecl_graph *gr, const gecl_node *n, size_t i, const char *name,
                               const gecl_tensor_desc **out)
{
    const gecl_tensor_desc *d = gecl_input_desc(gr, n, i);
    char buf[128];
    if (!d) return gecl_node_fail(n, "input %zu (%s) is missing", i, name);
    if (d->ndim != 4)
        return gecl_node_fail(n, "input %zu (%s) is %s, expected 4 dims", i, name, gecl_desc_shape_str(d, buf, sizeof buf));
    if (d->dtype != GECL_DT_FLOAT)
        return gecl_node_fail(n, "input %zu (%s) is %s; Conv2DTranspose computes DT_FLOAT only", i, name,
                              gecl_dtype_name(d->dtype));
    *out = d;
    return GECL_SUCCESS;
}

/* Along one axis: the output input_size asks for must be what the window gives. */
static gecl_status check_axis(const gecl_node *n, const char *axis, int64_t in, int64_t k, int64_t s, int64_t d,
                              int64_t p0, int64_t p1, int64_t op, int64_t out)
{
    int64_t span, base;
    if (gecl_dim_sub(in, 1, &span) || gecl_dim_mul(span, s, &span) || gecl_dim_mul(k - 1, d, &base) ||
        gecl_dim_add(span, base, &base) || gecl_dim_add(base, 1 + op, &base) || gecl_dim_sub(base, p0, &base) ||
        gecl_dim_sub(base, p1, &base))
        return gecl_node_fail(n, "the output %s overflows int64", axis);
    if (out != base)
        return gecl_node_fail(n, "input_size asks for an output %s of %" PRId64 ", the window gives %" PRId64
                              " ((%" PRId64 " - 1) * stride %" PRId64 " + (%" PRId64 " - 1) * dilation %" PRId64
                              " + 1 - pads %" PRId64 " - %" PRId64 " + output_padding %" PRId64 ")",
                              axis, out, base, in, s, k, d, p0, p1, op);
    return GECL_SUCCESS;
}

static gecl_status ct_geometry(const gecl_graph *gr, const gecl_node *n, ct_geom *g)
{
    const gecl_tensor_desc *x = NULL, *f = NULL;
    gecl_status st;
    memset(g, 0, sizeof *g);
    if ((st = check_input(gr, n, 1, "x", &x)) || (st = check_input(gr, n, 2, "filter", &f))) return st;
    const char *df = gecl_node_string(n, "data_format");
    gecl_format fmt;
    if (gecl_parse_layout(df, &fmt) != 0) return gecl_node_fail(n, "data_format '%s' is not NCHW or NHWC", df);
    g->nhwc = fmt == GECL_FORMAT_NHWC;
    int64_t size[4];
    const int got = gecl_input_const_ints(gr, n, 0, size, 4);
    if (got < 0) return GECL_PARAM_INVALID;
    if (got != 4) return gecl_node_fail(n, "input 0 (input_size) has %d values, expected 4 (%s)", got, df);
    const int h = g->nhwc ? 1 : 2, w = h + 1, c = g->nhwc ? 3 : 1;
    g->n = x->dims[0], g->ci = x->dims[c], g->ih = x->dims[h], g->iw = x->dims[w];
    g->co = size[c], g->oh = size[h], g->ow = size[w];
    int64_t xs[4];
    gecl_desc_strides(x, xs);
    g->xs[0] = xs[0], g->xs[1] = xs[c], g->xs[2] = xs[h], g->xs[3] = xs[w];
    int64_t fci;
    if ((st = filter_layout(n, f, g, &fci))) return st;
    g->groups = gecl_node_int(n, "groups");
    if (g->groups < 1) return gecl_node_fail(n, "groups is %" PRId64 ", must be at least 1", g->groups);
    if (fci != g->ci || g->ci % g->groups)
        return gecl_node_fail(n, "x has %" PRId64 " channels, the filter %" PRId64 " input channels, groups %" PRId64
                              " (they must be equal and divisible by groups)", g->ci, fci, g->groups);
    if (size[0] != g->n || g->co != g->cog * g->groups || g->oh < 1 || g->ow < 1)
        return gecl_node_fail(n, "input_size [%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 "] (%s) does not fit x's "
                              "batch %" PRId64 " and %" PRId64 " output channels (filter's %" PRId64 " x groups %" PRId64 ")",
                              size[0], size[1], size[2], size[3], df, g->n, g->cog * g->groups, g->cog, g->groups);
    if (g->kh < 1 || g->kw < 1) return gecl_node_fail(n, "the filter's window is empty");
    int64_t oph, opw;
    if ((st = hw_of(n, "strides", g->nhwc, 1, 1, &g->sh, &g->sw)) ||
        (st = hw_of(n, "dilations", g->nhwc, 1, 1, &g->dh, &g->dw)) ||
        (st = hw_of(n, "output_padding", g->nhwc, 0, 0, &oph, &opw)))
        return st;
    size_t count;
    const int64_t *p = gecl_node_ints(n, "pads", &count);
    if (!p || count != 4) return gecl_node_fail(n, "attribute 'pads' must have 4 values [top, bottom, left, right]");
    for (int k = 0; k < 4; k++)
        if (p[k] < 0 || p[k] > GECL_MAX_WINDOW_EXTENT)
            return gecl_node_fail(n, "attribute 'pads'[%d] is %" PRId64 ", must be in [0, 2^31 - 1]", k, p[k]);
    g->pt = p[0], g->pb = p[1], g->pl = p[2], g->pr = p[3];
    if ((st = check_axis(n, "height", g->ih, g->kh, g->sh, g->dh, g->pt, g->pb, oph, g->oh)) ||
        (st = check_axis(n, "width", g->iw, g->kw, g->sw, g->dw, g->pl, g->pr, opw, g->ow)))
        return st;
    const gecl_tensor_desc *b = n->n_inputs > 3 ? gecl_input_desc(gr, n, 3) : NULL;
    g->has_bias = b != NULL;
    if (b && b->dtype != GECL_DT_FLOAT)
        return gecl_node_fail(n, "input 3 (bias) is %s; Conv2DTranspose computes DT_FLOAT only", gecl_dtype_name(b->dtype));
    if (b && gecl_desc_numel(b) != g->co)
        return gecl_node_fail(n, "input 3 (bias) has %" PRId64 " values, expected %" PRId64 " (one per output channel)",
                              gecl_desc_numel(b), g->co);
    return GECL_SUCCESS;
}

gecl_status gecl_infer_conv2d_transpose(const gecl_graph *gr, gecl_node *n)
{
    ct_geom g;
    gecl_status st = ct_geometry(gr, n, &g);
    if (st) return st;
    gecl_tensor_desc *o = &n->outs[0];
    memset(o, 0, sizeof *o);
    o->dtype = GECL_DT_FLOAT;
    o->format = g.nhwc ? GECL_FORMAT_NHWC : GECL_FORMAT_NCHW;
    o->ndim = 4;
    o->dims[0] = g.n;
    o->dims[1] = g.nhwc ? g.oh : g.co;
    o->dims[2] = g.nhwc ? g.ow : g.oh;
    o->dims[3] = g.nhwc ? g.co : g.ow;
    return GECL_SUCCESS;
}

gecl_status gecl_lower_conv2d_transpose(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *gr = gecl_lower_graph(L);
    ct_geom g;
    gecl_status st = ct_geometry(gr, n, &g);
    if (st) return st;
    const int64_t total = g.n * g.co * g.oh * g.ow;
    if (total == 0) return GECL_SUCCESS;
    gecl_launch *l = gecl_lower_add(L, n, "conv2d_transpose", "gecl_conv2d_transpose");
    if (!l) return GECL_FAILED;
    if (g.has_bias) gecl_launch_define(l, "CT_BIAS");
    if (g.nhwc) gecl_launch_define(l, "CT_NHWC");
    const int64_t scalars[] = {total, g.co, g.oh, g.ow, g.ci / g.groups, g.cog, g.ih, g.iw, g.kh, g.kw,
                               g.sh, g.sw, g.dh, g.dw, g.pt, g.pl, g.xs[0], g.xs[1], g.xs[2], g.xs[3],
                               g.fs[0], g.fs[1], g.fs[2], g.fs[3]};
    for (size_t k = 0; k < sizeof scalars / sizeof *scalars; k++) gecl_launch_scalar(l, scalars[k]);
    const size_t local = gecl_tuning_local_1d(gecl_lower_device(L), (size_t)total);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = ((size_t)total + local - 1) / local * local;
    gecl_launch_arg(l, n->inputs[1], 0);
    gecl_launch_arg(l, n->inputs[2], 0);
    if (g.has_bias) gecl_launch_arg(l, n->inputs[3], 0);
    gecl_launch_arg(l, gecl_node_port(gr, n), 1);
    return GECL_SUCCESS;
}
