/* im2col.cl: an NCHW image's convolution windows as the B operand of a GEMM (src/ops/conv_gemm.c).
 *
 * col[img][k][p] for tap k = (ci, kh, kw) of an OIHW filter and output pixel p = (oh, ow): the
 * input value that tap multiplies for that pixel, 0 on padding. The filter, read as [CO][K], times
 * col[img] ([K][OH * OW]) is then image img's output in NCHW. Sizes come in with -D:
 *   IC_CI, IC_H, IC_W          input channels and plane
 *   IC_KH, IC_KW, IC_SH, IC_SW, IC_DH, IC_DW, IC_PT, IC_PL
 *                              window, strides, dilations, top/left pads
 *   IC_OH, IC_OW               output plane
 *   IC_ROWS                    output rows per work-item: a work-item writes IC_ROWS * IC_OW
 *                              consecutive elements of one col row, enough to amortise its cost
 *                              where planes are small (7 x 7)
 * Grid: dim 0 = block of output rows, dim 1 = tap k, dim 2 = image. Values go through LOAD_T /
 * STORE_T, an exact round trip, so a half T needs no cl_khr_fp16.
 *
 * With IC_TN (and IC_NBN) defined, col[img] is written instead as gemm_nn's B panels
 * (kernels/matmul.cl, gemm_pack_b): [IC_NBN][K][IC_TN], panel bn holding pixels
 * n0 .. n0 + IC_TN - 1 with n0 = min(bn * IC_TN, OH * OW - IC_TN), so the GEMM needs no packing
 * pass. Grid: dim 0 = panel, dim 1 = tap k, dim 2 = image. */
#define IC_K (IC_CI * IC_KH * IC_KW)

#ifdef IC_TN
__kernel void conv2d_im2col(__global const T *x, ulong x_off, __global T *col, ulong col_off)
{
    ADVANCE(x);
    ADVANCE(col);
    const uint bn = get_global_id(0), k = get_global_id(1);
    const ulong img = get_global_id(2);
    if (bn >= IC_NBN || k >= IC_K) return;
    const uint ci = k / (IC_KH * IC_KW), kh = k / IC_KW % IC_KH, kw = k % IC_KW;
    const __global T *plane = x + (img * IC_CI + ci) * ((ulong)IC_H * IC_W);
    __global T *dst = col + ((img * IC_NBN + bn) * IC_K + k) * IC_TN;
    const uint n0 = min(bn * IC_TN, (uint)(IC_OH * IC_OW - IC_TN));
    int oh = n0 / IC_OW, ow = n0 % IC_OW;
    for (int j = 0; j < IC_TN; j++) {
        const int ih = oh * IC_SH + (int)(kh * IC_DH) - IC_PT, iw = ow * IC_SW + (int)(kw * IC_DW) - IC_PL;
        const int in = ih >= 0 && ih < IC_H && iw >= 0 && iw < IC_W;
        STORE_T(1, in ? LOAD_T(1, plane + ih * IC_W + iw) : (ACC_T)0, dst + j);
        if (++ow == IC_OW) {
            ow = 0;
            oh++;
        }
    }
}
#else
#define IC_NRB ((IC_OH + IC_ROWS - 1) / IC_ROWS)

__kernel void conv2d_im2col(__global const T *x, ulong x_off, __global T *col, ulong col_off)
{
    ADVANCE(x);
    ADVANCE(col);
    const uint rb = get_global_id(0), k = get_global_id(1);
    const ulong img = get_global_id(2);
    if (rb >= IC_NRB || k >= IC_K) return;
    const uint ci = k / (IC_KH * IC_KW), kh = k / IC_KW % IC_KH, kw = k % IC_KW;
    const __global T *plane = x + (img * IC_CI + ci) * ((ulong)IC_H * IC_W);
    __global T *dst = col + (img * IC_K + k) * ((ulong)IC_OH * IC_OW);

    /* Columns ow in [lo, hi) read inside the row: iw = iw0 + ow * IC_SW in [0, IC_W). */
    const int iw0 = (int)(kw * IC_DW) - IC_PL;
    const int lo = iw0 >= 0 ? 0 : min((-iw0 + IC_SW - 1) / IC_SW, IC_OW);
    const int hi = iw0 >= IC_W ? 0 : min((IC_W - 1 - iw0) / IC_SW + 1, IC_OW);
    const uint oh_end = min((rb + 1) * IC_ROWS, (uint)IC_OH);
    for (uint oh = rb * IC_ROWS; oh < oh_end; oh++) {
        __global T *d = dst + oh * IC_OW;
        const int ih = (int)(oh * IC_SH + kh * IC_DH) - IC_PT;
        if (ih < 0 || ih >= IC_H) {
            for (int ow = 0; ow < IC_OW; ow++) STORE_T(1, (ACC_T)0, d + ow);
            continue;
        }
        const long row = (long)ih * IC_W + iw0; /* where column ow = 0 would read */
        for (int ow = 0; ow < lo; ow++) STORE_T(1, (ACC_T)0, d + ow);
        for (int ow = lo; ow < hi; ow++) STORE_T(1, LOAD_T(1, plane + row + ow * IC_SW), d + ow);
        for (int ow = max(hi, lo); ow < IC_OW; ow++) STORE_T(1, (ACC_T)0, d + ow);
    }
}
#endif
