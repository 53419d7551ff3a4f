/* pool.c: MaxPool, AvgPool (TensorFlow semantics: padding SAME/VALID, averages count only the
 * elements inside the input) and MaxPoolV3, AvgPoolV2 (PyTorch/ONNX semantics: explicit pads,
 * ceil_mode, global_pooling, exclusive, divisor_override) over 4-D float NCHW or NHWC tensors.
 * Every variant reduces to one set of window parameters, so one kernel file serves them all. */
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "shape_math.h"
#include "tuning.h"

typedef struct pool_params {
    int is_max;
    int nhwc;
    int64_t n, c, h, w;          /* input */
    int64_t oh, ow;              /* output */
    int64_t kh, kw, sh, sw;
    int64_t pt, pb, pl, pr;      /* padding: top, bottom, left, right */
    int exclusive;               /* average: divide by the elements inside the input */
    int64_t divisor;             /* average: fixed divisor, 0: count the window */
} pool_params;

static int is_v1(const gecl_node *n)
{
    return n->op == GECL_OP_MAX_POOL || n->op == GECL_OP_AVG_POOL;
}

static gecl_status parse_padding(const gecl_node *n, gecl_padding *mode)
{
    const char *name = is_v1(n) ? "padding" : "padding_mode";
    const char *s = gecl_node_string(n, name); /* MaxPool/AvgPool: required (op_attrs.h) */
    if (!strcmp(s, "SAME")) *mode = GECL_PADDING_SAME;
    else if (!strcmp(s, "VALID")) *mode = GECL_PADDING_VALID;
    else if (!strcmp(s, "CALCULATED") && !is_v1(n)) *mode = GECL_PADDING_EXPLICIT;
    else
        return gecl_node_fail(n, "%s '%s' is not supported (%s)", name, s,
                              is_v1(n) ? "SAME or VALID" : "CALCULATED, SAME or VALID");
    return GECL_SUCCESS;
}

/* ksize / strides: 4 positive values in data_format order whose N and C entries are 1. */
static gecl_status parse_window_attr(const gecl_node *n, const char *name, int nhwc, int64_t *vh, int64_t *vw)
{
    size_t count;
    const int64_t *v = gecl_node_ints(n, name, &count);
    if (!v) return gecl_node_fail(n, "attribute %s is required", name);
    if (count != 4) return gecl_node_fail(n, "%s has %zu values, expected 4", name, count);
    int ci = nhwc ? 3 : 1, hi = nhwc ? 1 : 2, wi = nhwc ? 2 : 3;
    if (v[0] != 1 || v[ci] != 1)
        return gecl_node_fail(n, "%s [%lld,%lld,%lld,%lld]: the N and C entries must be 1", name,
                              (long long)v[0], (long long)v[1], (long long)v[2], (long long)v[3]);
    if (v[hi] <= 0 || v[wi] <= 0)
        return gecl_node_fail(n, "%s [%lld,%lld,%lld,%lld]: values must be positive", name,
                              (long long)v[0], (long long)v[1], (long long)v[2], (long long)v[3]);
    *vh = v[hi];
    *vw = v[wi];
    return GECL_SUCCESS;
}

static gecl_status parse_pads(const gecl_node *n, pool_params *p)
{
    size_t count;
    const int64_t *v = gecl_node_ints(n, "pads", &count); /* V2/V3 only: CALCULATED */
    if (!v) return GECL_SUCCESS;
    if (count != 4) return gecl_node_fail(n, "pads has %zu values, expected 4 [top,bottom,left,right]", count);
    /* negative values are refused with the window (gecl_window_extent) */
    p->pt = v[0];
    p->pb = v[1];
    p->pl = v[2];
    p->pr = v[3];
    return GECL_SUCCESS;
}

/* The window's size along input dim `dim` (also its index in ksize): global pooling's window is
 * that dim of x itself. */
static gecl_term window_term(int global, int64_t k, int dim)
{
    return global ? GECL_DIM_TERM(k, 0, "x", dim) : GECL_ATTR_TERM(k, "ksize", dim);
}

/* Output size and padding along both axes (checked arithmetic, shape_math.h); sets the pads for
 * SAME and VALID. ksize and strides are in data_format order, pads are [top,bottom,left,right]. */
static gecl_status pool_windows(const gecl_node *n, gecl_padding mode, int ceil_mode, int global, pool_params *p)
{
    const int dh = p->nhwc ? 1 : 2, dw = dh + 1;
    const gecl_term no_dilation = GECL_ATTR_TERM(1, "dilation", -1);
    gecl_window h = {"height", GECL_DIM_TERM(p->h, 0, "x", dh), window_term(global, p->kh, dh),
                     GECL_ATTR_TERM(p->sh, "strides", dh), no_dilation, GECL_ATTR_TERM(p->pt, "pads", 0),
                     GECL_ATTR_TERM(p->pb, "pads", 1), ceil_mode};
    gecl_window w = {"width", GECL_DIM_TERM(p->w, 0, "x", dw), window_term(global, p->kw, dw),
                     GECL_ATTR_TERM(p->sw, "strides", dw), no_dilation, GECL_ATTR_TERM(p->pl, "pads", 2),
                     GECL_ATTR_TERM(p->pr, "pads", 3), ceil_mode};
    gecl_status rc;
    if ((rc = gecl_window_extent(n, mode, &h, &p->oh)) || (rc = gecl_window_extent(n, mode, &w, &p->ow))) return rc;
    p->pt = h.pad_before.v;
    p->pb = h.pad_after.v;
    p->pl = w.pad_before.v;
    p->pr = w.pad_after.v;
    return GECL_SUCCESS;
}

static gecl_status parse_layout(const gecl_graph *g, const gecl_node *n, pool_params *p)
{
    const char *df = gecl_node_string(n, "data_format");
    gecl_format fmt;
    if (gecl_parse_layout(df, &fmt) < 0)
        return gecl_node_fail(n, "data_format '%s' is not supported (NCHW or NHWC)", df);
    p->nhwc = fmt == GECL_FORMAT_NHWC;
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    if (!x) return gecl_node_fail(n, "input 0 (x) is missing");
    if (x->ndim != 4) return gecl_node_fail(n, "input 0 has %u dims, expected 4 (%s)", x->ndim, df);
    p->n = x->dims[0];
    p->c = x->dims[p->nhwc ? 3 : 1];
    p->h = x->dims[p->nhwc ? 1 : 2];
    p->w = x->dims[p->nhwc ? 2 : 3];
    return GECL_SUCCESS;
}

/* Reads and checks every attribute, and works out the window geometry of node n. */
static gecl_status pool_params_get(const gecl_graph *g, const gecl_node *n, pool_params *p)
{
    memset(p, 0, sizeof *p);
    p->is_max = n->op == GECL_OP_MAX_POOL || n->op == GECL_OP_MAX_POOL_V3;
    p->exclusive = n->op == GECL_OP_AVG_POOL_V2 ? gecl_node_int(n, "exclusive") != 0 : 1;
    gecl_status rc = parse_layout(g, n, p);
    if (rc) return rc;
    gecl_padding mode = GECL_PADDING_EXPLICIT;
    if ((rc = parse_padding(n, &mode))) return rc;
    int global = !is_v1(n) && gecl_node_int(n, "global_pooling");
    int ceil_mode = !is_v1(n) && gecl_node_int(n, "ceil_mode");
    if (n->op == GECL_OP_AVG_POOL_V2) {
        p->divisor = gecl_node_int(n, "divisor_override");
        if (p->divisor < 0)
            return gecl_node_fail(n, "divisor_override is %lld, must not be negative", (long long)p->divisor);
    }
    if (global) {
        /* The window is the whole plane; ksize, strides and pads are ignored, as in CANN. */
        p->kh = p->h;
        p->kw = p->w;
        p->sh = p->sw = 1;
        mode = GECL_PADDING_EXPLICIT;
        ceil_mode = 0;
    } else {
        if ((rc = parse_window_attr(n, "ksize", p->nhwc, &p->kh, &p->kw))) return rc;
        if ((rc = parse_window_attr(n, "strides", p->nhwc, &p->sh, &p->sw))) return rc;
        if (mode == GECL_PADDING_EXPLICIT && (rc = parse_pads(n, p))) return rc;
    }
    return pool_windows(n, mode, ceil_mode, global, p);
}

gecl_status gecl_infer_pool(const gecl_graph *g, gecl_node *n)
{
    pool_params p;
    gecl_status rc = pool_params_get(g, n, &p);
    if (rc) return rc;
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    gecl_tensor_desc *y = &n->outs[0];
    *y = *x;
    y->dims[p.nhwc ? 1 : 2] = p.oh;
    y->dims[p.nhwc ? 2 : 3] = p.ow;
    return GECL_SUCCESS;
}

/* ---- lowering ---- */

/* Whether some window reaches outside the input, so that the kernel needs bounds tests. */
static int pool_clips(const pool_params *p)
{
    return p->pt > 0 || p->pl > 0 || (p->oh - 1) * p->sh + p->kh > p->h || (p->ow - 1) * p->sw + p->kw > p->w;
}

/* Global pooling of NCHW: every window is one whole contiguous plane. */
static int pool_is_plane(const pool_params *p)
{
    return !p->nhwc && p->kh == p->h && p->kw == p->w && p->oh == 1 && p->ow == 1 && !pool_clips(p);
}

static int widest_divisor(int64_t n, int max)
{
    int v = max;
    while (v > 1 && n % v) v /= 2;
    return v;
}

/* Chooses the kernel and its vector width; returns the number of work-items. */
static size_t pool_shape_kernel(gecl_launch *l, const pool_params *p)
{
    size_t planes = (size_t)(p->n * p->c);
    if (pool_is_plane(p)) {
        gecl_launch_define(l, "POOL_PLANE=1");
        gecl_launch_define(l, "POOL_V=1");
        return planes;
    }
    gecl_launch_define(l, "POOL_PLANE=0");
    if (p->nhwc) {
        int v = widest_divisor(p->c, 16);
        gecl_launch_define(l, "POOL_V=%d", v);
        return (size_t)(p->n * p->oh * p->ow * (p->c / v));
    }
    /* NCHW: a vector of output columns. Stride 2 reads twice the width and keeps the even
     * lanes, which caps the vector at 8 (vload16). */
    int v = p->ow >= 16 && p->sw == 1 ? 16 : p->ow >= 8 ? 8 : p->ow >= 4 ? 4 : p->ow >= 2 ? 2 : 1;
    int64_t span = p->sw == 1 ? v - 1 + p->kw : p->sw == 2 && v > 1 ? 2 * v + p->kw - 1 : (v - 1) * p->sw + p->kw;
    int64_t blocks = (p->ow + v - 1) / v;
    gecl_launch_define(l, "POOL_V=%d", v);
    gecl_launch_define(l, "POOL_OWB=%lld", (long long)blocks);
    gecl_launch_define(l, "POOL_SPAN=%lld", (long long)span);
    gecl_launch_define(l, "POOL_TOTAL=%lld", (long long)(p->n * p->c * p->h * p->w));
    return planes * (size_t)(p->oh * blocks);
}

gecl_status gecl_lower_pool(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    pool_params p;
    gecl_status rc = pool_params_get(g, n, &p);
    if (rc) return rc;
    if (p.n * p.c == 0) return GECL_SUCCESS;
    const char *kernel = pool_is_plane(&p) ? "gecl_pool_plane" : p.nhwc ? "gecl_pool_nhwc" : "gecl_pool_nchw";
    gecl_launch *l = gecl_lower_add(L, n, "pool", kernel);
    if (!l) return GECL_FAILED;
    size_t items = pool_shape_kernel(l, &p);
    gecl_launch_define(l, "POOL_NHWC=%d", p.nhwc);
    gecl_launch_define(l, "POOL_AVG=%d", !p.is_max);
    gecl_launch_define(l, "POOL_C=%lld", (long long)p.c);
    gecl_launch_define(l, "POOL_H=%lld", (long long)p.h);
    gecl_launch_define(l, "POOL_W=%lld", (long long)p.w);
    gecl_launch_define(l, "POOL_OH=%lld", (long long)p.oh);
    gecl_launch_define(l, "POOL_OW=%lld", (long long)p.ow);
    gecl_launch_define(l, "POOL_KH=%lld", (long long)p.kh);
    gecl_launch_define(l, "POOL_KW=%lld", (long long)p.kw);
    gecl_launch_define(l, "POOL_SH=%lld", (long long)p.sh);
    gecl_launch_define(l, "POOL_SW=%lld", (long long)p.sw);
    gecl_launch_define(l, "POOL_PT=%lld", (long long)p.pt);
    gecl_launch_define(l, "POOL_PL=%lld", (long long)p.pl);
    gecl_launch_define(l, "POOL_HE=%lld", (long long)(p.h + p.pb));
    gecl_launch_define(l, "POOL_WE=%lld", (long long)(p.w + p.pr));
    gecl_launch_define(l, "POOL_CLIP=%d", pool_clips(&p));
    gecl_launch_define(l, "POOL_EXCL=%d", p.exclusive);
    gecl_launch_define(l, "POOL_DIV=%lld", (long long)p.divisor);
    gecl_launch_define(l, "POOL_ITEMS=%zu", items);
    size_t local = gecl_tuning_local_1d(gecl_lower_device(L), items);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = (items + local - 1) / local * local;
    l->epilogue = 0;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
