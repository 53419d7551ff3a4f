/* conv_winograd.c: 3x3 stride-1 Conv2D as Winograd F(4x4, 3x3) (kernels/winograd.cl), NCHW data,
 * OIHW filter, one group. Four launches instead of one, for 4x fewer multiplies in the GEMMs that
 * carry the work:
 *   wino_filter   an init launch (launch.h): the filter's 36 transformed [CO][CI] matrices are a
 *                 packed constant, computed once per load, so the filter must be a Const;
 *   wino_input    the input's transformed tiles V [N][36][CI][T] into node scratch;
 *   gemm_nn       36 products per image, M [N][36][CO][T] = U[p] V[n][p] (matmul.c's tuned GEMM);
 *   wino_output   the 4x4 output tiles, bias and the node's fused epilogue.
 * Where it pays is data (gecl_tuning wino_*): the transforms cost memory traffic that only
 * enough tiles and channels repay. Accuracy: F(4,3)'s transforms round more than a direct sum;
 * tests/graph/test_ops_conv.c's "wino" cases hold it to 1e-5 of each output's magnitude
 * (sum of |x w|), like every Conv2D path. */
#include <inttypes.h>

#include "conv_geom.h"
#include "ge_error.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

#define WINO_P 36 /* 6x6 transformed points per tile */

static int64_t tiles_w(const gecl_conv_geom *cg) { return (cg->ow + 3) / 4; }
static int64_t tiles(const gecl_conv_geom *cg) { return (cg->oh + 3) / 4 * tiles_w(cg); }
/* Work-items of the transforms: 4 tiles of a tile row each (WG_V in winograd.cl). */
static int64_t groups_w(const gecl_conv_geom *cg) { return (tiles_w(cg) + 3) / 4; }
static int64_t items(const gecl_conv_geom *cg) { return (cg->oh + 3) / 4 * groups_w(cg); }

int gecl_conv_winograd_fits(const gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg)
{
    const gecl_tuning *t = gecl_tuning_for(gecl_lower_device(L));
    const gecl_graph *g = gecl_lower_graph(L);
    if (!t->wino_min_ci || cg->ci < t->wino_min_ci || cg->ci * tiles(cg) < t->wino_min_work) return 0;
    if (tiles_w(cg) < 4) return 0; /* the transforms take 4 tiles of a row at a time */
    if (cg->data != GECL_FORMAT_NCHW || cg->filter != GECL_FORMAT_NCHW || cg->groups != 1) return 0;
    if (cg->kh != 3 || cg->kw != 3 || cg->sh != 1 || cg->sw != 1 || cg->dh != 1 || cg->dw != 1) return 0;
    /* What it adds, the scratch V and M (~2.25x the input and the output each) and the packed
     * filter (4x the filter), must not make a graph that fits the device with the direct kernel
     * refuse to load: a quarter of one allocation at most. */
    const gecl_device_desc *dev = gecl_lower_device(L);
    const double extra = WINO_P * sizeof(float) *
                         ((double)cg->n * (double)(cg->ci + cg->co) * (double)tiles(cg) + (double)cg->co * (double)cg->ci);
    if (dev && dev->max_alloc && extra > (double)dev->max_alloc / 4) return 0;
    const gecl_port f = n->inputs[1];
    return f.node >= 0 && g->nodes[f.node].op == GECL_OP_CONST; /* transformed once, at load */
}

/* Work-groups of 16 consecutive 4-tile groups of one channel: each writes 256 contiguous bytes
 * of every V plane (and reads as much of every M plane), where groups of 16 channels wrote 16
 * bytes to lines other cores' groups were writing too. ResNet-18's 56x56 layer (2026-12-07,
 * GECL_PROFILE=1, 3 runs each): input transform 0.33-0.38 -> 0.26-0.29 ms, output transform
 * 0.26-0.29 -> 0.18-0.22; 28x28 unchanged. A fresh build of the layer (empty caches) took the
 * same time with either shape (9-13 s). */
static const unsigned LOCAL[2] = {16, 1};

/* The packed constant U [36][CO][CI]; node -1 on out of memory. */
static gecl_port lower_filter(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg)
{
    const gecl_port bad = {-1, 0};
    const gecl_port u = gecl_lower_packed(L, (size_t)(WINO_P * cg->co * cg->ci) * sizeof(float));
    gecl_launch *l = gecl_lower_add_init(L, n, "winograd", "wino_filter");
    if (!l || u.node < 0) return bad;
    gecl_conv_define_float(l);
    static const unsigned filter_local[2] = {16, 4}; /* scalar code: vectorised over input channels */
    gecl_conv_grid(l, cg->ci, cg->co, 1, filter_local);
    gecl_launch_arg(l, n->inputs[1], 0);
    gecl_launch_arg(l, u, 1);
    gecl_launch_scalar(l, cg->co);
    gecl_launch_scalar(l, cg->ci);
    return u;
}

/* V [N][36][CI][T] in node scratch; node -1 on out of memory. */
static gecl_port lower_input(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg)
{
    const gecl_port bad = {-1, 0};
    const gecl_port v = gecl_lower_scratch(L, (size_t)(cg->n * WINO_P * cg->ci * tiles(cg)) * sizeof(float));
    gecl_launch *l = gecl_lower_add(L, n, "winograd", "wino_input");
    if (!l || v.node < 0) return bad;
    gecl_conv_define_float(l);
    gecl_conv_grid(l, items(cg), cg->ci, cg->n, LOCAL);
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, v, 1);
    const int64_t s[] = {cg->ci, cg->h, cg->w, cg->pt, cg->pl, tiles_w(cg), groups_w(cg), tiles(cg)};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) gecl_launch_scalar(l, s[i]);
    return v;
}

static gecl_status lower_output(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg, gecl_port m)
{
    gecl_launch *l = gecl_lower_add(L, n, "winograd", "wino_output");
    if (!l) return gecl_ge_oom();
    gecl_conv_define_float(l);
    if (cg->has_bias) gecl_launch_define(l, "WG_BIAS");
    gecl_conv_grid(l, items(cg), cg->co, cg->n, LOCAL);
    l->epilogue = 1;
    gecl_launch_arg(l, m, 0);
    if (cg->has_bias) gecl_launch_arg(l, n->inputs[2], 0);
    gecl_launch_arg(l, gecl_node_port(gecl_lower_graph(L), n), 1);
    const int64_t s[] = {cg->co, cg->oh, cg->ow, tiles_w(cg), groups_w(cg), tiles(cg)};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) gecl_launch_scalar(l, s[i]);
    return GECL_SUCCESS;
}

gecl_status gecl_lower_conv_winograd(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg)
{
    const gecl_port u = lower_filter(L, n, cg), v = u.node < 0 ? u : lower_input(L, n, cg);
    const gecl_port m = gecl_lower_scratch(L, (size_t)(cg->n * WINO_P * cg->co * tiles(cg)) * sizeof(float));
    if (v.node < 0 || m.node < 0)
        return gecl_ge_fail(GECL_FAILED, "node '%s' (%s): out of host memory while lowering", n->name, n->type);
    const gecl_gemm d = {.m = cg->co,
                         .k = cg->ci,
                         .cols = tiles(cg),
                         .batch = cg->n * WINO_P,
                         .a = u,
                         .b = v,
                         .bias = {-1, 0},
                         .out = m,
                         .a_batch = WINO_P};
    gecl_status st = gecl_lower_gemm(L, n, &d);
    return st ? st : lower_output(L, n, cg, m);
}
