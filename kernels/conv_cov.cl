/* conv_cov.cl: Conv2D (NCHW data) with output channels as the vector (src/ops/conv_cov.c).
 *
 *   cov_filter   COV_FILTER: the OIHW filter [CO][K] (K = CI * KH * KW) packed as
 *                [COP / COB][K][COB] (COB: a work-item's channel block; COP: CO rounded up to
 *                whole blocks, the padding zero), so that a tap's filter values for a block's
 *                channels are consecutive vectors and a block's taps one run (an init launch:
 *                once per load). Grid: dim 0 = output channel (to COP), dim 1 = k.
 *   conv2d_cov   CV_COV: a work-item holds CV_TP output pixels x CV_NVC vectors of 16 output
 *                channels. Per input channel and tap it loads CV_NVC filter vectors and CV_TP
 *                input values (broadcast) for CV_TP x CV_NVC multiply-adds. It reads a padded
 *                input (conv2d_pad, CV_HP x CV_WP planes), so no tap is tested. Grid: dim 0 =
 *                pixel tile (CV_NPB, over the flattened oh * CV_OW + ow, the last shifted back),
 *                dim 1 = channel block (CV_NCB, channels past CO computed on zeros, not stored),
 *                dim 2 = image.
 *
 * Sizes are -D macros: CV_CI, CV_CO, CV_KH, CV_KW, strides CV_SH, CV_SW, dilations CV_DH, CV_DW,
 * CV_OH, CV_OW; CV_BIAS: a bias [CO] follows the filter. */

#ifdef COV_FILTER
__kernel void cov_filter(__global const T *w, ulong w_off, __global T *wp, ulong wp_off, long nco, long nk,
                         long cob, long ncop)
{
    ADVANCE(w);
    ADVANCE(wp);
    const long co = get_global_id(0), k = get_global_id(1);
    if (co >= ncop || k >= nk) return;
    const T v = co < nco ? LOAD_T(1, w + co * nk + k) : (T)0;
    STORE_T(1, v, wp + (co / cob * nk + k) * cob + co % cob);
}
#endif

#ifdef CV_COV
#define CV_VT VEC(ACC_T, 16)
#define CV_COB (16 * CV_NVC)
#define CV_NPIX (CV_OH * CV_OW)

__kernel void conv2d_cov(__global const T *x, ulong x_off, __global const T *w, ulong w_off,
#ifdef CV_BIAS
                         __global const T *bias, ulong bias_off,
#endif
                         __global T *y, ulong y_off EPI_PARAMS)
{
    ADVANCE(x);
    ADVANCE(w);
    ADVANCE(y);
#ifdef CV_BIAS
    ADVANCE(bias);
#endif
    const uint pb = get_global_id(0), cb = get_global_id(1);
    const ulong n = get_global_id(2);
    if (pb >= CV_NPB || cb >= CV_NCB) return;
    const uint p_first = pb * CV_TP, p0 = min(p_first, (uint)(CV_NPIX - CV_TP));
    const uint co0 = cb * CV_COB;

    uint xoff[CV_TP]; /* each pixel's first tap within an input plane */
#pragma unroll
    for (int p = 0; p < CV_TP; p++) {
        const uint q = p0 + p;
        xoff[p] = q / CV_OW * CV_SH * CV_WP + q % CV_OW * CV_SW;
    }
    CV_VT acc[CV_TP][CV_NVC];
#pragma unroll
    for (int p = 0; p < CV_TP; p++)
#pragma unroll
        for (int j = 0; j < CV_NVC; j++) acc[p][j] = (CV_VT)(0.0f);

    const __global T *xc = x + n * ((ulong)CV_CI * CV_HP * CV_WP);
    const __global T *wk = w + (ulong)co0 * (CV_CI * CV_KH * CV_KW);
    for (uint ci = 0; ci < CV_CI; ci++, xc += (ulong)CV_HP * CV_WP) {
        /* A window of up to 3x3 is unrolled whole. A larger one keeps its rows as a loop: with
         * few input channels LLVM would otherwise unroll every tap of the layer (ResNet's 7x7
         * stem: 147 taps, ~3000 instructions run once per work-item), more than the core's
         * decoded-instruction cache holds; as a loop of 7 rows it ran in 2.1-2.3 ms, not 2.6-3.2. */
#if CV_KH * CV_KW <= 9
#pragma unroll
#endif
        for (uint kh = 0; kh < CV_KH; kh++) {
#pragma unroll
            for (uint kw = 0; kw < CV_KW; kw++, wk += CV_COB) {
                const __global T *xt = xc + kh * CV_DH * CV_WP + kw * CV_DW;
                CV_VT wv[CV_NVC];
#pragma unroll
                for (int j = 0; j < CV_NVC; j++) wv[j] = LOAD_T(16, wk + 16 * j);
#pragma unroll
                for (int p = 0; p < CV_TP; p++) {
                    const CV_VT xv = (CV_VT)(LOAD_T(1, xt + xoff[p]));
#pragma unroll
                    for (int j = 0; j < CV_NVC; j++) acc[p][j] = MAD(xv, wv[j], acc[p][j]);
                }
            }
        }
    }

#pragma unroll
    for (int j = 0; j < CV_NVC; j++) {
        const uint cj = co0 + 16 * j;
        if (cj >= CV_CO) break; /* a zero-padded block */
#if defined(CV_BIAS) && CV_CO % 16 == 0
        const CV_VT b = LOAD_T(16, bias + cj);
#elif defined(CV_BIAS)
        ACC_T bl[16]; /* the last block may run past CO */
        for (int l = 0; l < 16; l++) bl[l] = cj + l < CV_CO ? LOAD_T(1, bias + cj + l) : 0.0f;
        const CV_VT b = VLOAD(16, bl);
#else
        const CV_VT b = (CV_VT)(0.0f);
#endif
#pragma unroll
        for (int p = 0; p < CV_TP; p++) {
            if (p0 + p < p_first) continue;
            ACC_T t[16];
            VSTORE(16, acc[p][j] + b, t);
            const ulong base = (n * CV_CO + cj) * CV_NPIX + p0 + p;
            __global T *yp = y + base;
            /* With whole 16-channel blocks, an unrolled run of stores at constant offsets from one
             * pointer (as y + index, LLVM folded each index back into (channel | l) * pixels, a
             * multiply a store: SqueezeNet's 3x3 stem spent ~1500 instructions a work-item storing
             * against 540 computing) */
#pragma unroll
            for (int l = 0; l < 16 && (CV_CO % 16 == 0 || cj + l < CV_CO); l++)
                STORE_T(1, EPILOGUE(t[l], base + (ulong)l * CV_NPIX), yp + (ulong)l * CV_NPIX);
        }
    }
}
#endif
