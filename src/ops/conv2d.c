/* conv2d.c: Conv2D: validation, shape/dtype inference and lowering to kernels/conv2d.cl.
 *
 * Lowering: 3x3 stride-1 NCHW layers with enough tiles and a constant filter go to
 * conv_winograd.c; NCHW layers that run faster as a GEMM on the device (1x1 stride 1, strided
 * layers with a small im2col matrix: gecl_conv_gemm_fits) go to conv_gemm.c. Otherwise, when the
 * convolution pads, a conv2d_pad launch first writes a zero-bordered copy of
 * the input into node scratch (N*C*HP*WP floats), so the compute kernel reads taps without bounds
 * tests. Then one compute launch, chosen by data layout:
 *   NCHW            conv2d_nchw (output pixels in vectors)
 *   NCHW depthwise  conv2d_dw_nchw (output rows sharing input rows, pixels in vectors)
 *   NHWC depthwise  conv2d_dw_nhwc (channels in vectors)
 *   NHWC otherwise  conv2d_nhwc (output channels in vectors)
 * The filter is read in place in any of its layouts (no repacking, so nothing to redo per run);
 * the GEMM path reads an OIHW filter in place as its A matrix too. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "conv_geom.h"
#include "ge_error.h"
#include "launch.h"
#include "ops.h"
#include "shape_math.h"
#include "tuning.h"

typedef gecl_conv_geom conv_geom;

static const char *const input_names[] = {"x", "filter", "bias", "offset_w"};

static const char *format_name(gecl_format f)
{
    switch (f) {
    case GECL_FORMAT_NCHW: return "NCHW";
    case GECL_FORMAT_NHWC: return "NHWC";
    case GECL_FORMAT_HWCN: return "HWCN";
    default: return "other";
    }
}

/* Input i: 4-D (its dtype is checked from op_attrs.h; the optional ones may be absent: *out NULL). */
static gecl_status get_input(const gecl_graph *g, const gecl_node *n, size_t i, uint32_t rank, int required,
                             const gecl_tensor_desc **out)
{
    const gecl_tensor_desc *d = i < n->n_inputs ? gecl_input_desc(g, n, i) : NULL;
    char buf[128];
    *out = d;
    if (!d) return required ? gecl_node_fail(n, "input %zu (%s) is missing", i, input_names[i]) : GECL_SUCCESS;
    if (d->ndim != rank)
        return gecl_node_fail(n, "input %zu (%s) is %s (%u dims), expected %u dims", i, input_names[i],
                              gecl_desc_shape_str(d, buf, sizeof buf), d->ndim, rank);
    for (uint32_t j = 0; j < d->ndim; j++)
        if (d->dims[j] < 0)
            return gecl_node_fail(n, "input %zu (%s) has an unknown dimension %s", i, input_names[i],
                                  gecl_desc_shape_str(d, buf, sizeof buf));
    return GECL_SUCCESS;
}

/* A 4-value list attribute in data_format order (default from op_attrs.h; a required one is
 * checked present before inference): (h, w) out, N and C entries must be 1. */
static gecl_status hw_pair(const gecl_node *n, const char *name, const conv_geom *cg, int64_t *h, int64_t *w)
{
    size_t count;
    const int64_t *v = gecl_node_ints(n, name, &count);
    const int nchw = cg->data == GECL_FORMAT_NCHW;
    if (!v) return gecl_node_fail(n, "missing required attribute '%s' (4 values)", name);
    if (count != 4)
        return gecl_node_fail(n, "attribute '%s' has %zu values, expected 4 in %s order", name, count,
                              format_name(cg->data));
    const int64_t vn = v[0], vc = nchw ? v[1] : v[3];
    *h = nchw ? v[2] : v[1];
    *w = nchw ? v[3] : v[2];
    if (vn != 1 || vc != 1)
        return gecl_node_fail(n, "attribute '%s' = [%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
                              "]: the N and C entries must be 1 (%s order)",
                              name, v[0], v[1], v[2], v[3], format_name(cg->data));
    if (*h < 1 || *w < 1)
        return gecl_node_fail(n, "attribute '%s' = [%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
                              "]: H and W entries must be at least 1",
                              name, v[0], v[1], v[2], v[3]);
    return GECL_SUCCESS;
}

/* Filter layout: the format declared for input 1, else the filter tensor's own format when it
 * names a filter layout, else OIHW for NCHW data and HWCN for NHWC data. */
static gecl_status filter_format(const gecl_node *n, const gecl_tensor_desc *f, conv_geom *cg)
{
    gecl_format fmt = n->in_format && n->n_inputs > 1 ? n->in_format[1] : GECL_FORMAT_RESERVED;
    if (fmt == GECL_FORMAT_RESERVED) {
        fmt = f->format;
        if (fmt != GECL_FORMAT_NCHW && fmt != GECL_FORMAT_NHWC && fmt != GECL_FORMAT_HWCN)
            fmt = cg->data == GECL_FORMAT_NCHW ? GECL_FORMAT_NCHW : GECL_FORMAT_HWCN;
    }
    if (fmt != GECL_FORMAT_NCHW && fmt != GECL_FORMAT_NHWC && fmt != GECL_FORMAT_HWCN)
        return gecl_node_fail(n, "filter format %d is not supported (expected NCHW, NHWC or HWCN)", (int)fmt);
    cg->filter = fmt;
    return GECL_SUCCESS;
}

/* Splits x and filter dims by their layouts. Returns the filter's per-group input channels. */
static int64_t split_dims(const gecl_tensor_desc *x, const gecl_tensor_desc *f, conv_geom *cg)
{
    const int64_t *d = x->dims, *k = f->dims;
    const int nchw = cg->data == GECL_FORMAT_NCHW;
    cg->n = d[0];
    cg->ci = nchw ? d[1] : d[3];
    cg->h = nchw ? d[2] : d[1];
    cg->w = nchw ? d[3] : d[2];
    switch (cg->filter) {
    case GECL_FORMAT_NCHW: cg->co = k[0]; cg->kh = k[2]; cg->kw = k[3]; return k[1];
    case GECL_FORMAT_NHWC: cg->co = k[0]; cg->kh = k[1]; cg->kw = k[2]; return k[3];
    default: cg->co = k[3]; cg->kh = k[0]; cg->kw = k[1]; return k[2];
    }
}

static gecl_status check_channels(const gecl_node *n, const gecl_tensor_desc *f, int64_t fci, conv_geom *cg)
{
    char buf[128];
    cg->groups = gecl_node_int(n, "groups");
    if (cg->groups < 1) return gecl_node_fail(n, "attribute 'groups' is %" PRId64 ", must be at least 1", cg->groups);
    if (cg->ci % cg->groups)
        return gecl_node_fail(n, "input channels (%" PRId64 ") are not divisible by groups (%" PRId64 ")", cg->ci,
                              cg->groups);
    if (cg->co % cg->groups)
        return gecl_node_fail(n, "output channels (%" PRId64 ") are not divisible by groups (%" PRId64 ")", cg->co,
                              cg->groups);
    if (fci != cg->ci / cg->groups)
        return gecl_node_fail(n, "filter %s (%s) has %" PRId64 " input channels per group, expected %" PRId64
                              " (%" PRId64 " input channels / %" PRId64 " groups)",
                              gecl_desc_shape_str(f, buf, sizeof buf), format_name(cg->filter), fci,
                              cg->ci / cg->groups, cg->ci, cg->groups);
    if (cg->kh < 1 || cg->kw < 1)
        return gecl_node_fail(n, "filter %s has an empty window", gecl_desc_shape_str(f, buf, sizeof buf));
    return GECL_SUCCESS;
}

/* Where the filter's window height and width sit among its dims (for messages). */
static void filter_window_dims(gecl_format filter, int *dh, int *dw)
{
    *dh = filter == GECL_FORMAT_NCHW ? 2 : filter == GECL_FORMAT_NHWC ? 1 : 0;
    *dw = *dh + 1;
}

/* SAME pads as TensorFlow does (any odd pixel goes after); VALID none; else the pads list. */
static gecl_status read_padding(const gecl_node *n, gecl_padding *mode, int64_t pads[4])
{
    const char *padding = gecl_node_string(n, "padding");
    pads[0] = pads[1] = pads[2] = pads[3] = 0;
    if (!strcasecmp(padding, "SAME") || !strcasecmp(padding, "VALID")) {
        *mode = !strcasecmp(padding, "SAME") ? GECL_PADDING_SAME : GECL_PADDING_VALID;
        return GECL_SUCCESS;
    }
    if (padding[0] && strcasecmp(padding, "CALCULATED"))
        return gecl_node_fail(n, "attribute 'padding' is '%s', expected SAME, VALID or empty", padding);
    size_t count;
    const int64_t *p = gecl_attr_ints(n, "pads", &count);
    if (!p) return gecl_node_fail(n, "missing required attribute 'pads' ([top, bottom, left, right])");
    if (count != 4)
        return gecl_node_fail(n, "attribute 'pads' has %zu values, expected 4 ([top, bottom, left, right])", count);
    memcpy(pads, p, 4 * sizeof *p);
    *mode = GECL_PADDING_EXPLICIT;
    return GECL_SUCCESS;
}

/* Lowering may copy the input with its pads into node scratch (conv2d_pad); like any tensor of
 * the graph, that copy must fit (and so its size cannot overflow there). */
static gecl_status check_padded_copy(const gecl_node *n, const conv_geom *cg)
{
    const gecl_tensor_desc d = {GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4,
                                {cg->n, cg->ci, cg->h + cg->pt + cg->pb, cg->w + cg->pl + cg->pr}};
    char msg[256];
    const char *problem = gecl_desc_size_problem(&d, msg, sizeof msg);
    if (!problem) return GECL_SUCCESS;
    return gecl_node_fail(n, "attribute 'pads' = [%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
                          "]: the padded input would be %s", cg->pt, cg->pb, cg->pl, cg->pr, problem);
}

/* Pads and output size along both axes, with overflow-checked arithmetic (shape_math.h). */
static gecl_status window_geometry(const gecl_node *n, conv_geom *cg)
{
    gecl_padding mode;
    int64_t pads[4];
    gecl_status st = read_padding(n, &mode, pads);
    if (st) return st;
    const int ah = cg->data == GECL_FORMAT_NCHW ? 2 : 1, aw = ah + 1; /* x dims, strides, dilations */
    int fh, fw;
    filter_window_dims(cg->filter, &fh, &fw);
    gecl_window h = {"height", GECL_DIM_TERM(cg->h, 0, "x", ah), GECL_DIM_TERM(cg->kh, 1, "filter", fh),
                     GECL_ATTR_TERM(cg->sh, "strides", ah), GECL_ATTR_TERM(cg->dh, "dilations", ah),
                     GECL_ATTR_TERM(pads[0], "pads", 0), GECL_ATTR_TERM(pads[1], "pads", 1), 0};
    gecl_window w = {"width", GECL_DIM_TERM(cg->w, 0, "x", aw), GECL_DIM_TERM(cg->kw, 1, "filter", fw),
                     GECL_ATTR_TERM(cg->sw, "strides", aw), GECL_ATTR_TERM(cg->dw, "dilations", aw),
                     GECL_ATTR_TERM(pads[2], "pads", 2), GECL_ATTR_TERM(pads[3], "pads", 3), 0};
    if ((st = gecl_window_extent(n, mode, &h, &cg->oh)) || (st = gecl_window_extent(n, mode, &w, &cg->ow))) return st;
    cg->pt = h.pad_before.v;
    cg->pb = h.pad_after.v;
    cg->pl = w.pad_before.v;
    cg->pr = w.pad_after.v;
    return check_padded_copy(n, cg);
}

static gecl_status check_bias(const gecl_graph *g, const gecl_node *n, conv_geom *cg)
{
    const gecl_tensor_desc *b;
    char buf[128];
    gecl_status st = get_input(g, n, 2, 1, 0, &b);
    if (st) return st;
    cg->has_bias = b != NULL;
    if (b && b->dims[0] != cg->co)
        return gecl_node_fail(n, "input 2 (bias) is %s, expected [%" PRId64 "] (one value per output channel)",
                              gecl_desc_shape_str(b, buf, sizeof buf), cg->co);
    return GECL_SUCCESS;
}

/* Everything infer and lower need, validated. Input 3 (offset_w, for quantized filters) is
 * accepted and ignored: only float32 is computed. */
static gecl_status conv_geometry(const gecl_graph *g, const gecl_node *n, conv_geom *cg)
{
    const gecl_tensor_desc *x, *f;
    gecl_status st;
    memset(cg, 0, sizeof *cg);
    if ((st = get_input(g, n, 0, 4, 1, &x)) || (st = get_input(g, n, 1, 4, 1, &f))) return st;
    const char *df = gecl_node_string(n, "data_format");
    if (gecl_parse_layout(df, &cg->data) != 0)
        return gecl_node_fail(n, "attribute 'data_format' is '%s', expected NCHW or NHWC", df);
    if ((st = filter_format(n, f, cg))) return st;
    const int64_t fci = split_dims(x, f, cg);
    if ((st = hw_pair(n, "strides", cg, &cg->sh, &cg->sw))) return st;
    if ((st = hw_pair(n, "dilations", cg, &cg->dh, &cg->dw))) return st;
    if ((st = check_channels(n, f, fci, cg))) return st;
    if ((st = window_geometry(n, cg))) return st;
    return check_bias(g, n, cg);
}

gecl_status gecl_infer_conv2d(const gecl_graph *g, gecl_node *n)
{
    conv_geom cg;
    gecl_status st = conv_geometry(g, n, &cg);
    if (st) return st;
    gecl_tensor_desc *o = &n->outs[0];
    const int nchw = cg.data == GECL_FORMAT_NCHW;
    const gecl_dtype dt = gecl_input_desc(g, n, 0)->dtype; /* float, or 16-bit computed in float */
    memset(o, 0, sizeof *o);
    o->dtype = dt;
    o->format = cg.data;
    o->ndim = 4;
    o->dims[0] = cg.n;
    o->dims[1] = nchw ? cg.co : cg.oh;
    o->dims[2] = nchw ? cg.oh : cg.ow;
    o->dims[3] = nchw ? cg.ow : cg.co;
    return GECL_SUCCESS;
}

/* ---- lowering ---- */

static int64_t ceil_div(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

static unsigned clamp_u(unsigned want, int64_t extent)
{
    if (extent < 1) return 1;
    return extent < (int64_t)want ? (unsigned)extent : want;
}

void gecl_conv_grid(gecl_launch *l, int64_t d0, int64_t d1, int64_t d2, const unsigned local[2])
{
    const size_t extent[3] = {(size_t)d0, (size_t)d1, (size_t)d2};
    l->work_dim = 3;
    gecl_tuning_grid(local, extent, l->global, l->local);
}

/* Storage and accumulator types (kernels/prelude.cl): float alone, as op_attrs.h admits float32
 * inputs only. */
void gecl_conv_define_float(gecl_launch *l)
{
    gecl_launch_define(l, "T=float");
    gecl_launch_define(l, "ACC_T=float");
}

void gecl_conv_define_common(gecl_lower *L, gecl_launch *l, const conv_geom *cg, int64_t hp, int64_t wp)
{
    gecl_conv_define_float(l);
    gecl_launch_define(l, "CV_CI=%" PRId64, cg->ci);
    gecl_launch_define(l, "CV_CO=%" PRId64, cg->co);
    gecl_launch_define(l, "CV_CIG=%" PRId64, cg->ci / cg->groups);
    gecl_launch_define(l, "CV_COG=%" PRId64, cg->co / cg->groups);
    gecl_launch_define(l, "CV_KH=%" PRId64, cg->kh);
    gecl_launch_define(l, "CV_KW=%" PRId64, cg->kw);
    gecl_launch_define(l, "CV_SH=%" PRId64, cg->sh);
    gecl_launch_define(l, "CV_SW=%" PRId64, cg->sw);
    gecl_launch_define(l, "CV_DH=%" PRId64, cg->dh);
    gecl_launch_define(l, "CV_DW=%" PRId64, cg->dw);
    gecl_launch_define(l, "CV_HP=%" PRId64, hp);
    gecl_launch_define(l, "CV_WP=%" PRId64, wp);
    gecl_launch_define(l, "CV_OH=%" PRId64, cg->oh);
    gecl_launch_define(l, "CV_OW=%" PRId64, cg->ow);
    gecl_launch_define(l, "CV_FILTER=%d", (int)cg->filter);
    if (cg->has_bias) gecl_launch_define(l, "CV_BIAS");
    if (gecl_tuning_fast_fma(gecl_lower_device(L))) gecl_launch_define(l, "GECL_FMA");
}

/* conv2d_pad into a new scratch tensor; returns its port (or node -1 on out of memory). */
gecl_port gecl_conv_lower_pad(gecl_lower *L, const gecl_node *n, const conv_geom *cg, int64_t hp, int64_t wp)
{
    const gecl_tuning *t = gecl_tuning_for(gecl_lower_device(L));
    const int nhwc = cg->data == GECL_FORMAT_NHWC;
    const int64_t planes = nhwc ? cg->n : cg->n * cg->ci;
    gecl_port bad = {-1, 0};
    gecl_port scratch = gecl_lower_scratch(L, (size_t)(cg->n * cg->ci * hp * wp) * sizeof(float));
    gecl_launch *l = gecl_lower_add(L, n, "conv2d", "conv2d_pad");
    if (!l || scratch.node < 0) return bad;
    gecl_launch_define(l, "CV_PAD");
    gecl_conv_define_float(l);
    gecl_launch_define(l, "CV_C=%" PRId64, nhwc ? cg->ci : 1);
    gecl_launch_define(l, "CV_H=%" PRId64, cg->h);
    gecl_launch_define(l, "CV_W=%" PRId64, cg->w);
    gecl_launch_define(l, "CV_HP=%" PRId64, hp);
    gecl_launch_define(l, "CV_WP=%" PRId64, wp);
    gecl_launch_define(l, "CV_PT=%" PRId64, cg->pt);
    gecl_launch_define(l, "CV_PL=%" PRId64, cg->pl);
    gecl_launch_define(l, "CV_PLANES=%" PRId64, planes);
    gecl_launch_define(l, "CV_FILTER=0");
    const unsigned local[2] = {t->pad_local, 1};
    gecl_conv_grid(l, hp, planes, 1, local);
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, scratch, 1);
    return scratch;
}

/* NCHW tiling. Row mode tiles each output row and pads inside the kernel. Flat mode (unit
 * strides) runs tiles across rows over "virtual" pixels oh * wp + ow of an input without
 * padding, wasting the (kw - 1) * dw columns past each row end. Flat is used when the input
 * needs no padding, and for outputs narrower than the tile vector (row tiles would be short
 * vectors, which measured ~20% slower on PoCL for 14-wide outputs); a padded
 * input then goes through conv2d_pad first. */
typedef struct nchw_plan {
    int flat;
    int copy;               /* pad into scratch first */
    unsigned tco, tp, npv;
    int64_t rl;             /* pixels per tile row */
    int64_t rows;           /* tile rows */
} nchw_plan;

static nchw_plan plan_nchw(const conv_geom *cg, const gecl_tile *tile)
{
    nchw_plan p;
    const int unit = cg->sh == 1 && cg->sw == 1;
    const int padded = cg->pt || cg->pb || cg->pl || cg->pr;
    const unsigned tp_row = gecl_tuning_vec(tile->vec, cg->ow);
    p.flat = unit && (!padded || tp_row < tile->vec);
    p.copy = p.flat && padded;
    const int64_t wp = p.copy ? cg->w + cg->pl + cg->pr : cg->w;
    p.rl = p.flat ? (cg->oh - 1) * wp + cg->ow : cg->ow;
    p.rows = p.flat ? 1 : cg->oh;
    p.tp = gecl_tuning_vec(tile->vec, p.rl);
    p.npv = clamp_u(tile->nvec, p.rl / p.tp);
    p.tco = clamp_u(tile->rows, cg->co / cg->groups);
    return p;
}

static void lower_nchw(gecl_launch *l, const conv_geom *cg, const gecl_tile *tile, const nchw_plan *p)
{
    const int64_t cog = cg->co / cg->groups;
    const int64_t npb = ceil_div(p->rl, (int64_t)p->tp * p->npv), ncb = ceil_div(cog, p->tco);
    gecl_launch_define(l, "CV_NCHW");
    if (p->flat) {
        gecl_launch_define(l, "CV_FLAT");
    } else {
        gecl_launch_define(l, "CV_PT=%" PRId64, cg->pt);
        gecl_launch_define(l, "CV_PL=%" PRId64, cg->pl);
        gecl_launch_define(l, "CV_XN=%" PRId64 "L", cg->n * cg->ci * cg->h * cg->w);
    }
    gecl_launch_define(l, "CV_TCO=%u", p->tco);
    gecl_launch_define(l, "CV_TP=%u", p->tp);
    gecl_launch_define(l, "CV_NPV=%u", p->npv);
    gecl_launch_define(l, "CV_RL=%" PRId64, p->rl);
    gecl_launch_define(l, "CV_NPB=%" PRId64, npb);
    gecl_launch_define(l, "CV_NCB=%" PRId64, ncb);
    gecl_launch_define(l, "CV_D0=%" PRId64, p->rows * npb);
    gecl_launch_define(l, "CV_D1=%" PRId64, cg->groups * ncb);
    gecl_conv_grid(l, p->rows * npb, cg->groups * ncb, cg->n, tile->local);
}

/* NCHW depthwise (one output channel per input channel): row blocks x column vectors. */
static void lower_dw_nchw(gecl_launch *l, const conv_geom *cg, const gecl_tile *tile)
{
    const unsigned rows = clamp_u(tile->rows, cg->oh), tp = gecl_tuning_vec(tile->vec, cg->ow);
    const int64_t npb = ceil_div(cg->ow, tp), nrb = ceil_div(cg->oh, rows);
    gecl_launch_define(l, "CV_NCHW");
    gecl_launch_define(l, "CV_DW_ROWS=%u", rows);
    gecl_launch_define(l, "CV_TP=%u", tp);
    gecl_launch_define(l, "CV_PT=%" PRId64, cg->pt);
    gecl_launch_define(l, "CV_PL=%" PRId64, cg->pl);
    gecl_launch_define(l, "CV_XN=%" PRId64 "L", cg->n * cg->ci * cg->h * cg->w);
    gecl_launch_define(l, "CV_NPB=%" PRId64, npb);
    gecl_launch_define(l, "CV_D0=%" PRId64, nrb * npb);
    gecl_conv_grid(l, nrb * npb, cg->co, cg->n, tile->local);
}

/* Pixels per NHWC tile: `want`, or a divisor of the row length from want / 2 up, so that tiles
 * stay within one output row (the kernels' fast addressing); at most the pixel count. */
static unsigned pixel_tile(unsigned want, int64_t ow, int64_t npix)
{
    for (unsigned tp = want; tp >= (want + 1) / 2 && tp > 1; tp--)
        if (ow % tp == 0) return tp;
    if (ow < (int64_t)want) return clamp_u((unsigned)ow, npix);
    return clamp_u(want, npix);
}

/* NHWC: the vector runs over output channels within a group, or over all channels when
 * depthwise (one output channel per group). */
static void lower_nhwc(gecl_launch *l, const conv_geom *cg, const gecl_tile *tile, int dw)
{
    if (dw) {
        gecl_launch_define(l, "CV_PT=%" PRId64, cg->pt);
        gecl_launch_define(l, "CV_PL=%" PRId64, cg->pl);
    }
    const int64_t cog = dw ? cg->co : cg->co / cg->groups;
    const unsigned vw = gecl_tuning_vec(tile->vec, cog);
    const unsigned tp = pixel_tile(tile->rows, cg->ow, cg->oh * cg->ow);
    const int64_t npb = ceil_div(cg->oh * cg->ow, tp), ncb = ceil_div(cog, vw);
    gecl_launch_define(l, dw ? "CV_DW_NHWC" : "CV_NHWC_GEMM");
    gecl_launch_define(l, "CV_VW=%u", vw);
    gecl_launch_define(l, "CV_TP=%u", tp);
    gecl_launch_define(l, "CV_NPB=%" PRId64, npb);
    gecl_launch_define(l, "CV_NCB=%" PRId64, ncb);
    gecl_launch_define(l, "CV_D1=%" PRId64, dw ? ncb : cg->groups * ncb);
    gecl_conv_grid(l, npb, dw ? ncb : cg->groups * ncb, cg->n, tile->local);
}

static gecl_status out_of_memory(const gecl_node *n)
{
    return gecl_ge_fail(GECL_FAILED, "node '%s' (%s): out of host memory while lowering", n->name, n->type);
}

gecl_status gecl_lower_conv2d(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    const gecl_tuning *t = gecl_tuning_for(gecl_lower_device(L));
    conv_geom cg;
    gecl_status st = conv_geometry(g, n, &cg);
    if (st) return st;
    if (cg.n == 0 || cg.co == 0 || cg.oh == 0 || cg.ow == 0) return GECL_SUCCESS;   /* empty output */
    if (gecl_conv_winograd_fits(L, n, &cg)) return gecl_lower_conv_winograd(L, n, &cg);
    if (gecl_conv_cov_fits(L, n, &cg)) return gecl_lower_conv_cov(L, n, &cg);
    if (gecl_conv_gemm_fits(L, &cg)) return gecl_lower_conv_gemm(L, n, &cg);

    const int nhwc = cg.data == GECL_FORMAT_NHWC;
    const int dw = cg.groups == cg.ci && cg.co == cg.ci;      /* one output channel per input one */
    const int thin = cg.ci / cg.groups * cg.kh * cg.kw < (int64_t)t->thin_k;
    const int stem = cg.ci / cg.groups <= t->stem_max_ci;
    const gecl_tile *tile = nhwc ? (dw ? &t->dw_nhwc : &t->conv_nhwc)
                          : dw   ? &t->dw_nchw
                          : stem ? &t->conv_nchw_stem
                          : thin ? &t->conv_nchw_thin
                                 : &t->conv_nchw;
    const char *kernel = nhwc ? (dw ? "conv2d_dw_nhwc" : "conv2d_nhwc") : dw ? "conv2d_dw_nchw" : "conv2d_nchw";

    /* Only conv2d_nhwc and conv2d_nchw's flat mode read a padded copy; the others pad in place. */
    const int padded = cg.pt || cg.pb || cg.pl || cg.pr;
    nchw_plan np = {0};
    if (!nhwc && !dw) np = plan_nchw(&cg, tile);
    const int copy = nhwc ? !dw && padded : np.copy;
    const int64_t hp = copy ? cg.h + cg.pt + cg.pb : cg.h, wp = copy ? cg.w + cg.pl + cg.pr : cg.w;
    gecl_port src = n->inputs[0];
    if (copy && (src = gecl_conv_lower_pad(L, n, &cg, hp, wp)).node < 0) return out_of_memory(n);

    gecl_launch *l = gecl_lower_add(L, n, "conv2d", kernel);
    if (!l) return out_of_memory(n);
    gecl_conv_define_common(L, l, &cg, hp, wp);
    if (nhwc) lower_nhwc(l, &cg, tile, dw);
    else if (dw) lower_dw_nchw(l, &cg, tile);
    else lower_nchw(l, &cg, tile, &np);
    l->epilogue = 1;

    gecl_launch_arg(l, src, 0);
    gecl_launch_arg(l, n->inputs[1], 0);
    if (cg.has_bias) gecl_launch_arg(l, n->inputs[2], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
