/* conv_geom.h: a Conv2D node's validated geometry, shared by its lowerings (conv2d.c: direct
 * kernels; conv_gemm.c: as a GEMM; conv_winograd.c; conv_cov.c). */
#ifndef GECL_OPS_CONV_GEOM_H
#define GECL_OPS_CONV_GEOM_H

#include "ops.h"

typedef struct gecl_conv_geom {
    gecl_format data;          /* NCHW or NHWC */
    gecl_format filter;        /* NCHW (= OIHW), NHWC (= OHWI) or HWCN */
    int64_t n, ci, h, w;       /* input */
    int64_t co, kh, kw;        /* filter */
    int64_t sh, sw, dh, dw;
    int64_t pt, pb, pl, pr;    /* pads: top, bottom, left, right */
    int64_t groups;
    int64_t oh, ow;
    int has_bias;
} gecl_conv_geom;

/* conv2d.c: a 3-D grid of extent d0 x d1 x d2 in work-groups of up to `local` (gecl_tuning_grid),
 * and the kernels' storage and accumulator types (float: what op_attrs.h admits). */
void gecl_conv_grid(gecl_launch *l, int64_t d0, int64_t d1, int64_t d2, const unsigned local[2]);
void gecl_conv_define_float(gecl_launch *l);
/* conv2d.c: the sizes every compute kernel of kernels/conv2d.cl and conv_cov.cl takes (CV_CI ..
 * CV_OW, the filter layout, CV_BIAS, GECL_FMA), for an input read as hp x wp planes. */
void gecl_conv_define_common(gecl_lower *L, gecl_launch *l, const gecl_conv_geom *cg, int64_t hp, int64_t wp);
/* conv2d.c: conv2d_pad of the input into new scratch of hp x wp planes (the pads included);
 * node -1 on out of memory. */
gecl_port gecl_conv_lower_pad(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg, int64_t hp, int64_t wp);

/* conv_gemm.c: whether node n is lowered as a GEMM on this device, and that lowering. */
int gecl_conv_gemm_fits(const gecl_lower *L, const gecl_conv_geom *cg);
gecl_status gecl_lower_conv_gemm(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg);
/* conv_winograd.c: the same for Winograd F(4,3). */
int gecl_conv_winograd_fits(const gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg);
gecl_status gecl_lower_conv_winograd(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg);
/* conv_cov.c: the same for output channels as the vector (few pixels, many channels). */
int gecl_conv_cov_fits(const gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg);
gecl_status gecl_lower_conv_cov(gecl_lower *L, const gecl_node *n, const gecl_conv_geom *cg);

#endif
