/* conv_cov.c: Conv2D with output channels as the vector (kernels/conv_cov.cl), for NCHW layers
 * with a constant filter. conv2d_nchw puts pixels in the vector; at 7x7 its 16-wide tiles run
 * over padded rows (64 lanes for 49 pixels) and each tap costs a broadcast filter load per
 * vector of pixels. Here each tap loads a few filter vectors and one value per pixel, and every
 * pixel lane is used. Which layers take it is the device's table's (cov_max_pixels, cov_min_k):
 * ResNet's last stage (7x7 pixels, 512 channels) on AVX-512, every layer Winograd leaves on
 * AVX2, where the direct kernel's 8-lane tiles are load-bound.
 *
 * Launches: cov_filter packs the constant OIHW filter as [CO / block][CI * KH * KW][block], a
 * block being the 16 * nvec output channels of one work-item, zero past CO (an init launch: once
 * per load, into the constants region). A block's filter is then one contiguous run that the
 * hardware prefetcher streams and that stays in L2 across the pixel tiles reading it; as
 * [K][CO] each tap's 64 bytes sat a CO row apart (2 KiB at 512 channels), a page per two taps.
 * conv2d_pad writes a padded copy of the input when the layer pads; conv2d_cov computes, adding the bias and the fused epilogue. */
#include <inttypes.h>

#include "conv_geom.h"
#include "ge_error.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

static int64_t cov_k(const gecl_conv_geom *cg) { return cg->ci * cg->kh * cg->kw; }

int gecl_conv_cov_fits(const gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg)
{
    const gecl_tuning *t = gecl_tuning_for(gecl_lower_device(L));
    const gecl_graph *g = gecl_lower_graph(L);
    if (!t->cov_max_pixels || cg->oh * cg->ow > t->cov_max_pixels || cov_k(cg) < t->cov_min_k) return 0;
    if (cg->data != GECL_FORMAT_NCHW || cg->filter != GECL_FORMAT_NCHW || cg->groups != 1) return 0;
    if (cg->kh * cg->kw == 1) return 0; /* 1x1 layers: the GEMM lowering is as fast or faster */
    /* whole pixel tiles: the last is shifted back, never cut (channel blocks are zero-padded) */
    if (cg->oh * cg->ow < (int64_t)t->conv_cov.rows) return 0;
    const gecl_port f = n->inputs[1];
    return f.node >= 0 && g->nodes[f.node].op == GECL_OP_CONST; /* packed once, at load */
}

/* Output channels rounded up to whole blocks of `cob`. */
static int64_t cov_co_padded(const gecl_conv_geom *cg, int64_t cob) { return (cg->co + cob - 1) / cob * cob; }

/* The packed filter [CO / cob][K][cob]; node -1 on out of memory. */
static gecl_port lower_filter(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg, int64_t cob)
{
    const gecl_port bad = {-1, 0};
    const int64_t cop = cov_co_padded(cg, cob);
    const gecl_port wp = gecl_lower_packed(L, (size_t)(cov_k(cg) * cop) * sizeof(float));
    gecl_launch *l = gecl_lower_add_init(L, n, "conv_cov", "cov_filter");
    if (!l || wp.node < 0) return bad;
    gecl_conv_define_float(l);
    gecl_launch_define(l, "COV_FILTER");
    static const unsigned local[2] = {16, 4};
    gecl_conv_grid(l, cop, cov_k(cg), 1, local);
    gecl_launch_arg(l, n->inputs[1], 0);
    gecl_launch_arg(l, wp, 1);
    gecl_launch_scalar(l, cg->co);
    gecl_launch_scalar(l, cov_k(cg));
    gecl_launch_scalar(l, cob);
    gecl_launch_scalar(l, cop);
    return wp;
}

gecl_status gecl_lower_conv_cov(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg)
{
    const gecl_tile *tile = &gecl_tuning_for(gecl_lower_device(L))->conv_cov;
    const int padded = cg->pt || cg->pb || cg->pl || cg->pr;
    const int64_t hp = cg->h + cg->pt + cg->pb, wp = cg->w + cg->pl + cg->pr;
    const int64_t cob = 16 * (int64_t)tile->nvec, npix = cg->oh * cg->ow;
    const gecl_port f = lower_filter(L, n, cg, cob);
    gecl_port x = n->inputs[0];
    if (f.node >= 0 && padded) x = gecl_conv_lower_pad(L, n, cg, hp, wp);
    gecl_launch *l = f.node >= 0 && x.node >= 0 ? gecl_lower_add(L, n, "conv_cov", "conv2d_cov") : NULL;
    if (!l) return gecl_ge_fail(GECL_FAILED, "node '%s' (%s): out of host memory while lowering", n->name, n->type);
    const int64_t npb = (npix + tile->rows - 1) / tile->rows, ncb = (cg->co + cob - 1) / cob;
    gecl_conv_define_common(L, l, cg, hp, wp);
    gecl_launch_define(l, "CV_COV");
    gecl_launch_define(l, "CV_TP=%u", tile->rows);
    gecl_launch_define(l, "CV_NVC=%u", tile->nvec);
    gecl_launch_define(l, "CV_NPB=%" PRId64, npb);
    gecl_launch_define(l, "CV_NCB=%" PRId64, ncb);
    gecl_conv_grid(l, npb, ncb, cg->n, tile->local);
    l->epilogue = 1;
    gecl_launch_arg(l, x, 0);
    gecl_launch_arg(l, f, 0);
    if (cg->has_bias) gecl_launch_arg(l, n->inputs[2], 0);
    gecl_launch_arg(l, gecl_node_port(gecl_lower_graph(L), n), 1);
    return GECL_SUCCESS;
}
