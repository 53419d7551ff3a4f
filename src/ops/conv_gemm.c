/* conv_gemm.c: Conv2D as a GEMM of the filter by the input's windows (NCHW, OIHW filter, one
 * group). The filter [CO][CI][KH][KW] is already the GEMM's A = [CO][K] with K = CI * KH * KW, and
 * NCHW output is C = [CO][OH * OW] per image, so
 *   pointwise (1x1, stride 1, no pads)   B is the input image itself, [CI][H * W]: no copy;
 *   otherwise                            B is the image's im2col matrix [K][OH * OW] in node scratch
 *                                        (kernels/im2col.cl), written straight into gemm_nn's
 *                                        packed panels where the device packs B.
 * The GEMM is matmul.c's, tuned per device, with the bias per output channel (row of C) and the
 * conv's fused epilogue. Where it pays is data (gecl_tuning: conv_gemm_*). On AVX-512 PoCL
 * (medians of interleaved runs, GECL_PROFILE=1): 1x1 layers of MobileNetV2 and SqueezeNet 1.1
 * 0.55-0.75x the direct kernel's time; strided 3x3 layers of ResNet-18 0.35-0.65x (layer4.0.conv1
 * 1.76 -> 0.59 ms); but 3x3 stride-1 layers 1.1-1.3x, so those stay direct, and so do stems
 * (3 input channels: the direct kernel's 16 x 16 stem tile beats the GEMM, tuning.c). */
#include <inttypes.h>

#include "conv_geom.h"
#include "ge_error.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

static int pointwise(const gecl_conv_geom *cg)
{
    return cg->kh == 1 && cg->kw == 1 && cg->sh == 1 && cg->sw == 1 && !cg->pt && !cg->pb && !cg->pl && !cg->pr;
}

static size_t col_bytes(const gecl_conv_geom *cg)
{
    return (size_t)(cg->ci * cg->kh * cg->kw) * (size_t)(cg->oh * cg->ow) * sizeof(float);
}

int gecl_conv_gemm_fits(const gecl_lower *L, const gecl_conv_geom *cg)
{
    const gecl_tuning *t = gecl_tuning_for(gecl_lower_device(L));
    if (cg->data != GECL_FORMAT_NCHW || cg->filter != GECL_FORMAT_NCHW || cg->groups != 1) return 0;
    if (cg->ci <= t->stem_max_ci) return 0; /* the direct kernel's stem tile is faster (tuning.c) */
    if (pointwise(cg)) return t->conv_gemm_pointwise;
    /* Stride 1: the direct kernel reuses each input row across taps, which the im2col copy
     * cannot (ResNet-18's 3x3 layers 1.0-1.1 ms direct, 1.15-1.4 ms as im2col + GEMM). */
    if (cg->sh == 1 && cg->sw == 1) return 0;
    return col_bytes(cg) <= t->conv_gemm_col_bytes;
}

/* Output rows per im2col work-item: at least ~64 elements of work each. */
static int64_t im2col_rows(const gecl_conv_geom *cg)
{
    const int64_t rows = (64 + cg->ow - 1) / cg->ow;
    return rows < cg->oh ? rows : cg->oh;
}

/* conv2d_im2col of every image into a new scratch tensor: [N][K][OH * OW], or gemm_nn's panels
 * of tn columns when tn > 0; node -1 on out of memory. */
static gecl_port lower_im2col(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg, int64_t tn)
{
    const gecl_port bad = {-1, 0};
    const int64_t k = cg->ci * cg->kh * cg->kw, p = cg->oh * cg->ow;
    const int64_t rows = im2col_rows(cg), nrb = (cg->oh + rows - 1) / rows, nbn = tn ? (p + tn - 1) / tn : 0;
    const size_t per_image = (size_t)k * (size_t)(tn ? nbn * tn : p) * sizeof(float);
    const gecl_port col = gecl_lower_scratch(L, (size_t)cg->n * per_image);
    gecl_launch *l = gecl_lower_add(L, n, "im2col", "conv2d_im2col");
    if (!l || col.node < 0) return bad;
    gecl_launch_define(l, "T=float");
    gecl_launch_define(l, "ACC_T=float");
    gecl_launch_define(l, "IC_CI=%" PRId64, cg->ci);
    gecl_launch_define(l, "IC_H=%" PRId64, cg->h);
    gecl_launch_define(l, "IC_W=%" PRId64, cg->w);
    gecl_launch_define(l, "IC_KH=%" PRId64, cg->kh);
    gecl_launch_define(l, "IC_KW=%" PRId64, cg->kw);
    gecl_launch_define(l, "IC_SH=%" PRId64, cg->sh);
    gecl_launch_define(l, "IC_SW=%" PRId64, cg->sw);
    gecl_launch_define(l, "IC_DH=%" PRId64, cg->dh);
    gecl_launch_define(l, "IC_DW=%" PRId64, cg->dw);
    gecl_launch_define(l, "IC_PT=%" PRId64, cg->pt);
    gecl_launch_define(l, "IC_PL=%" PRId64, cg->pl);
    gecl_launch_define(l, "IC_OH=%" PRId64, cg->oh);
    gecl_launch_define(l, "IC_OW=%" PRId64, cg->ow);
    if (tn) {
        gecl_launch_define(l, "IC_TN=%" PRId64, tn);
        gecl_launch_define(l, "IC_NBN=%" PRId64, nbn);
    } else {
        gecl_launch_define(l, "IC_ROWS=%" PRId64, rows);
    }
    static const unsigned local[2] = {1, 64};
    const size_t extent[3] = {(size_t)(tn ? nbn : nrb), (size_t)k, (size_t)cg->n};
    l->work_dim = 3;
    gecl_tuning_grid(local, extent, l->global, l->local);
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, col, 1);
    return col;
}

gecl_status gecl_lower_conv_gemm(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg)
{
    const int64_t tn = pointwise(cg) ? 0 : gecl_gemm_panel_cols(L, cg->co, cg->oh * cg->ow);
    gecl_port b = n->inputs[0];
    if (!pointwise(cg) && (b = lower_im2col(L, n, cg, tn)).node < 0)
        return gecl_ge_fail(GECL_FAILED, "node '%s' (%s): out of host memory while lowering", n->name, n->type);
    const gecl_gemm d = {.m = cg->co,
                         .k = cg->ci * cg->kh * cg->kw,
                         .cols = cg->oh * cg->ow,
                         .batch = cg->n,
                         .a = n->inputs[1],
                         .b = b,
                         .bias = cg->has_bias ? n->inputs[2] : (gecl_port){-1, 0},
                         .out = gecl_node_port(gecl_lower_graph(L), n),
                         .panel_cols = tn};
    return gecl_lower_gemm(L, n, &d);
}
