/* conv2d.cl: Conv2D as implicit GEMM, register-blocked, without barriers or local memory.
 *
 * src/ops/conv2d.c bakes every size in with -D. Edge tiles are shifted back to end at the edge
 * instead of being guarded: every load of a tile is in bounds, and what a shifted tile shares
 * with the previous one is computed twice and stored once.
 *
 * Kernels (one per program, chosen by the macro that names it):
 *   conv2d_pad      CV_PAD: zero-bordered copy of the input (NCHW, or NHWC with CV_C channels)
 *   conv2d_nchw     CV_NCHW: NCHW data; a work-item holds CV_TCO output channels x CV_NPV
 *                   vectors of CV_TP output pixels: pixels are the vector (contiguous input
 *                   rows), filter taps are broadcast scalars, so any filter layout is fast
 *   conv2d_dw_nchw  CV_NCHW + CV_DW_ROWS: NCHW depthwise; output rows x a vector of pixels
 *   conv2d_nhwc     CV_NHWC_GEMM: NHWC data; CV_TP output pixels x a vector of CV_VW output
 *                   channels (vector loads of HWCN filters, gathered for other layouts)
 *   conv2d_dw_nhwc  CV_DW_NHWC: NHWC depthwise; CV_TP output pixels x a vector of CV_VW channels
 *
 * Padding: conv2d_nchw's row mode and both depthwise kernels apply the pads themselves (taps on
 * padding rows are skipped, padding columns masked); conv2d_nhwc and conv2d_nchw's flat mode
 * read a padded copy that conv2d_pad wrote to node scratch (CV_HP x CV_WP then include the pads).
 *
 * Sizes: CV_CI, CV_CO channels, CV_CIG / CV_COG of them per group; CV_KH x CV_KW taps with
 * strides CV_SH, CV_SW and dilations CV_DH, CV_DW; CV_HP x CV_WP: the input plane as read;
 * CV_PT, CV_PL: top and left pads still to apply; CV_OH x CV_OW: the output plane. CV_FILTER:
 * filter layout as a ge::Format value (0 NCHW = [CO][CIG][KH][KW], 1 NHWC = [CO][KH][KW][CIG],
 * 16 HWCN = [KH][KW][CIG][CO]). CV_BIAS: a bias [CO] argument follows the filter.
 *
 * Tensors are stored as T and accumulated in ACC_T (prelude.cl); Conv2D's inference admits
 * float32 only for now.
 */

/* Helpers must inline: they take the accumulator arrays, which only live in registers once
 * the loops around them are unrolled in place, and their mode arguments are constants. */
#define CV_INLINE inline __attribute__((always_inline))

/* Filter element (co, ci, kh, kw): co over all output channels, ci within the group. */
#if CV_FILTER == 0
#define CV_WIDX(co, ci, kh, kw) ((((ulong)(co) * CV_CIG + (ci)) * CV_KH + (kh)) * CV_KW + (kw))
#elif CV_FILTER == 1
#define CV_WIDX(co, ci, kh, kw) ((((ulong)(co) * CV_KH + (kh)) * CV_KW + (kw)) * CV_CIG + (ci))
#else
#define CV_WIDX(co, ci, kh, kw) ((((ulong)(kh) * CV_KW + (kw)) * CV_CIG + (ci)) * CV_CO + (co))
#endif

/* ---- conv2d_pad: xp = x with CV_PT/CV_PL zero rows/columns before and the rest after ----
 * One work-item per padded row of CV_WP * CV_C elements (CV_C: channels in NHWC, 1 in NCHW):
 * zeros, the input row, zeros. Grid: dim 0 = padded row, dim 1 = plane (N*C in NCHW, N in
 * NHWC, CV_PLANES in all). */
#ifdef CV_PAD
__kernel void conv2d_pad(__global const T *x, ulong x_off, __global T *xp, ulong xp_off)
{
    ADVANCE(x);
    ADVANCE(xp);
    const uint r = get_global_id(0);
    const ulong plane = get_global_id(1);
    if (r >= CV_HP || plane >= CV_PLANES) return;
    __global T *dst = xp + (plane * CV_HP + r) * (CV_WP * CV_C);
    const int ih = (int)r - CV_PT;
    if (ih < 0 || ih >= CV_H) {
        for (uint i = 0; i < CV_WP * CV_C; i++) STORE_T(1, (ACC_T)0, dst + i);
        return;
    }
    const __global T *src = x + (plane * CV_H + ih) * (CV_W * CV_C);
    for (uint i = 0; i < CV_PL * CV_C; i++) STORE_T(1, (ACC_T)0, dst + i);
    for (uint i = 0; i < CV_W * CV_C; i++) STORE_T(1, LOAD_T(1, src + i), dst + CV_PL * CV_C + i);
    for (uint i = (CV_PL + CV_W) * CV_C; i < CV_WP * CV_C; i++) STORE_T(1, (ACC_T)0, dst + i);
}
#endif

/* ---- conv2d_nchw ----
 * Output pixels are taken in tiles of CV_TPW = CV_TP * CV_NPV along a "tile row" of CV_RL
 * pixels.
 * Row mode: a tile row is an output row (CV_OH of them) and the kernel reads the unpadded input
 * (CV_HP x CV_WP = H x W) applying the pads CV_PT, CV_PL itself: taps on padding rows are
 * skipped, and lanes on padding columns are masked off after a vector load. Masked lanes may
 * read neighbouring rows, so tiles whose loads could leave the input tensor (CV_XN elements)
 * load lane by lane instead.
 * Flat mode (CV_FLAT, unit strides, input already padded or unpadded): the plane is one row of
 * CV_RL = (CV_OH - 1) * CV_WP + CV_OW "virtual" pixels q = oh * CV_WP + ow whose input is at
 * offset q, so tiles run across output rows; virtual pixels with ow >= CV_OW are computed and
 * dropped (the last real pixel ends the row, so no read leaves the input).
 * Grid: dim 0 = tile row x pixel tile (CV_D0 = tile rows * CV_NPB), dim 1 = group x channel
 * block (CV_NCB blocks per group, CV_D1 in all), dim 2 = image. */
#ifdef CV_NCHW
#define CV_VT VEC(ACC_T, CV_TP)
#define CV_TPW (CV_TP * CV_NPV)
#ifndef CV_PT
#define CV_PT 0
#define CV_PL 0
#endif

/* Lane masks are ints: select() wants a mask as wide as the lanes it picks, which an
 * ACC_T of half would make short. */
#define CV_IT VEC(int, CV_TP)

/* CV_TP input values at stride CV_SW from p. Stride 2 takes the even lanes of two overlapping
 * loads that end exactly at the last value used. */
CV_INLINE CV_VT cv_load_pixels(const __global T *p)
{
#if CV_SW == 1
    return LOAD_T(CV_TP, p);
#elif CV_SW == 2 && (CV_TP == 2 || CV_TP == 4 || CV_TP == 8 || CV_TP == 16)
    return (CV_VT)(LOAD_T(CV_TP, p).even, LOAD_T(CV_TP, p + CV_TP - 1).odd);
#else
    ACC_T t[CV_TP];
#pragma unroll
    for (int j = 0; j < CV_TP; j++) t[j] = LOAD_T(1, p + j * CV_SW);
    return VLOAD(CV_TP, t);
#endif
}

/* The same values read lane by lane, only where the input column iw + j * CV_SW is inside the
 * row (x[i + j * CV_SW] is lane j). */
CV_INLINE CV_VT cv_load_pixels_checked(const __global T *x, long i, int iw)
{
    ACC_T t[CV_TP];
#pragma unroll
    for (int j = 0; j < CV_TP; j++) {
        const int c = iw + j * CV_SW;
        t[j] = c >= 0 && c < CV_WP ? LOAD_T(1, x + i + j * CV_SW) : (ACC_T)0;
    }
    return VLOAD(CV_TP, t);
}

#ifndef CV_DW_ROWS
/* Accumulates all taps of the tile. mode 0: no padding column is touched; 1: padding columns
 * are masked after vector loads; 2: lane-by-lane loads. Called with constant modes, so each
 * call inlines into its own loop without mode tests. */
CV_INLINE void cv_nchw_taps(const __global T *x, const __global T *w, long plane0, int ih0, int iw0,
                         uint cof, const int mode, CV_IT mask[CV_KW][CV_NPV], CV_VT acc[CV_TCO][CV_NPV])
{
    for (uint ci = 0; ci < CV_CIG; ci++) {
#pragma unroll
        for (uint kh = 0; kh < CV_KH; kh++) {
            const int ih = ih0 + (int)(kh * CV_DH);
            if ((uint)ih >= CV_HP) continue;
            const long xr = plane0 + ((long)ci * CV_HP + ih) * CV_WP + iw0;
#pragma unroll
            for (uint kw = 0; kw < CV_KW; kw++) {
                CV_VT xv[CV_NPV];
#pragma unroll
                for (int v = 0; v < CV_NPV; v++) {
                    const int off = (int)(kw * CV_DW) + v * CV_TP * CV_SW;
                    if (mode == 2) {
                        xv[v] = cv_load_pixels_checked(x, xr + off, iw0 + off);
                    } else {
                        xv[v] = cv_load_pixels(x + xr + off);
                        if (mode == 1) xv[v] = select((CV_VT)(0.0f), xv[v], mask[kw][v]);
                    }
                }
#pragma unroll
                for (int j = 0; j < CV_TCO; j++) {
                    const CV_VT wv = (CV_VT)(LOAD_T(1, w + CV_WIDX(cof + j, ci, kh, kw)));
#pragma unroll
                    for (int v = 0; v < CV_NPV; v++) acc[j][v] = MAD(wv, xv[v], acc[j][v]);
                }
            }
        }
    }
}

__kernel void conv2d_nchw(__global const T *x, ulong x_off, __global const T *w, ulong w_off,
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
    const uint d0 = get_global_id(0), blk = get_global_id(1);
    const ulong n = get_global_id(2);
    if (d0 >= CV_D0 || blk >= CV_D1) return;
#ifdef CV_FLAT
    const uint pb = d0;
#else
    const uint r = d0 / CV_NPB, pb = d0 % CV_NPB;
#endif
    const uint g = blk / CV_NCB, cb = blk % CV_NCB;
    const uint co_first = cb * CV_TCO, co0 = min(co_first, (uint)(CV_COG - CV_TCO));
    const uint c_first = pb * CV_TPW, c0 = min(c_first, (uint)(CV_RL - CV_TPW));
    const uint cof = g * CV_COG + co0;      /* first output channel, over all groups */
    const long plane0 = (long)(n * CV_CI + g * CV_CIG) * (CV_HP * CV_WP);

    CV_VT acc[CV_TCO][CV_NPV];
#pragma unroll
    for (int j = 0; j < CV_TCO; j++)
#pragma unroll
        for (int v = 0; v < CV_NPV; v++) acc[j][v] = (CV_VT)(0.0f);
    CV_IT mask[CV_KW][CV_NPV];

#ifdef CV_FLAT
    cv_nchw_taps(x, w, plane0, 0, (int)c0, cof, 0, mask, acc);
#else
    const int ih0 = (int)(r * CV_SH) - CV_PT, iw0 = (int)(c0 * CV_SW) - CV_PL;
    const int iw_end = iw0 + (CV_TPW - 1) * CV_SW + (CV_KW - 1) * CV_DW;   /* last column read */
    if (iw0 >= 0 && iw_end < CV_WP) {
        cv_nchw_taps(x, w, plane0, ih0, iw0, cof, 0, mask, acc);
    } else {
        /* Lowest and highest element any tap of the tile may load. */
        const long lo = plane0 + (long)max(ih0, 0) * CV_WP + iw0;
        const long hi = plane0 + ((long)(CV_CIG - 1) * CV_HP + min(ih0 + (CV_KH - 1) * CV_DH, CV_HP - 1)) * CV_WP +
                        iw_end;
        if (lo >= 0 && hi < (long)CV_XN) {
#pragma unroll
            for (int kw = 0; kw < CV_KW; kw++)
#pragma unroll
                for (int v = 0; v < CV_NPV; v++) {
                    const CV_IT c = (CV_IT)(iw0 + kw * CV_DW + v * CV_TP * CV_SW) + IOTA(CV_TP) * CV_SW;
                    mask[kw][v] = (c >= (CV_IT)(0)) & (c < (CV_IT)(CV_WP));
                }
            cv_nchw_taps(x, w, plane0, ih0, iw0, cof, 1, mask, acc);
        } else {
            cv_nchw_taps(x, w, plane0, ih0, iw0, cof, 2, mask, acc);
        }
    }
#endif

#pragma unroll
    for (int j = 0; j < CV_TCO; j++) {
        if (co0 + j < co_first) continue;
        const uint co = cof + j;
#ifdef CV_BIAS
        const CV_VT b = (CV_VT)(LOAD_T(1, bias + co));
#else
        const CV_VT b = (CV_VT)(0.0f);
#endif
        const ulong plane = (n * CV_CO + co) * (CV_OH * CV_OW);
#pragma unroll
        for (int v = 0; v < CV_NPV; v++) {
            ACC_T t[CV_TP];
            VSTORE(CV_TP, acc[j][v] + b, t);
            const uint cv = c0 + v * CV_TP;                   /* tile-row position of lane 0 */
            const int from = c_first > cv ? (int)min(c_first - cv, (uint)CV_TP) : 0;
#if defined(CV_FLAT) && CV_WP != CV_OW
            /* Virtual pixels: lane l is output (c / CV_WP, c % CV_WP), dropped past the row. */
            for (int l = from; l < CV_TP; l++) {
                const uint c = cv + l, oh = c / CV_WP, ow = c % CV_WP;
                if (ow >= CV_OW) continue;
                const ulong idx = plane + oh * CV_OW + ow;
                STORE_T(1, EPILOGUE(t[l], idx), y + idx);
            }
#elif defined(CV_FLAT)
            STORE_RUN(CV_TP, t, plane + cv, from);
#else
            STORE_RUN(CV_TP, t, plane + r * CV_OW + cv, from);
#endif
        }
    }
}
#endif /* !CV_DW_ROWS */

/* ---- conv2d_dw_nchw (CV_DW_ROWS): depthwise with one output channel per input channel. A
 * work-item holds CV_DW_ROWS output rows x CV_TP columns (one vector per row) of one channel
 * and walks the input rows they share once: each loaded input vector feeds every output row
 * whose window covers it, so a 3x3 stride-1 tile of 4 rows loads 6 x 3 vectors instead of
 * 4 x 9. Padding is applied as in conv2d_nchw's row mode. Grid: dim 0 = row block x column
 * tile (CV_D0 = row blocks x CV_NPB), dim 1 = channel, dim 2 = image. */
#ifdef CV_DW_ROWS
#define CV_IR ((CV_DW_ROWS - 1) * CV_SH + (CV_KH - 1) * CV_DH + 1)   /* input rows per tile */

/* mode as in cv_nchw_taps. */
CV_INLINE void cv_dw_rows(const __global T *x, const ACC_T wk[CV_KH][CV_KW], long plane0, int ih0, int iw0,
                          const int mode, CV_IT mask[CV_KW], CV_VT acc[CV_DW_ROWS])
{
#pragma unroll
    for (int rr = 0; rr < CV_IR; rr++) {
        const int ih = ih0 + rr;
        if ((uint)ih >= CV_HP) continue;
        const long xr = plane0 + (long)ih * CV_WP + iw0;
#pragma unroll
        for (int kw = 0; kw < CV_KW; kw++) {
            const int off = kw * CV_DW;
            CV_VT xv;
            if (mode == 2) {
                xv = cv_load_pixels_checked(x, xr + off, iw0 + off);
            } else {
                xv = cv_load_pixels(x + xr + off);
                if (mode == 1) xv = select((CV_VT)(0.0f), xv, mask[kw]);
            }
#pragma unroll
            for (int i = 0; i < CV_DW_ROWS; i++) {
                const int d = rr - i * CV_SH;          /* = kh * CV_DH for the tap this row uses */
                if (d >= 0 && d % CV_DH == 0 && d / CV_DH < CV_KH)
                    acc[i] = MAD((CV_VT)(wk[d / CV_DH][kw]), xv, acc[i]);
            }
        }
    }
}

__kernel void conv2d_dw_nchw(__global const T *x, ulong x_off, __global const T *w, ulong w_off,
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
    const uint d0 = get_global_id(0), ch = get_global_id(1);
    const ulong n = get_global_id(2);
    if (d0 >= CV_D0 || ch >= CV_CO) return;
    const uint rb = d0 / CV_NPB, pb = d0 % CV_NPB;
    const uint r_first = rb * CV_DW_ROWS, r0 = min(r_first, (uint)(CV_OH - CV_DW_ROWS));
    const uint c_first = pb * CV_TP, c0 = min(c_first, (uint)(CV_OW - CV_TP));
    const long plane0 = (long)(n * CV_CI + ch) * (CV_HP * CV_WP);
    const int ih0 = (int)(r0 * CV_SH) - CV_PT, iw0 = (int)(c0 * CV_SW) - CV_PL;

    ACC_T wk[CV_KH][CV_KW];
#pragma unroll
    for (int kh = 0; kh < CV_KH; kh++)
#pragma unroll
        for (int kw = 0; kw < CV_KW; kw++) wk[kh][kw] = LOAD_T(1, w + CV_WIDX(ch, 0, kh, kw));
    CV_VT acc[CV_DW_ROWS];
#pragma unroll
    for (int i = 0; i < CV_DW_ROWS; i++) acc[i] = (CV_VT)(0.0f);
    CV_IT mask[CV_KW];

    const int iw_end = iw0 + (CV_TP - 1) * CV_SW + (CV_KW - 1) * CV_DW;
    if (iw0 >= 0 && iw_end < CV_WP) {
        cv_dw_rows(x, wk, plane0, ih0, iw0, 0, mask, acc);
    } else {
        const long lo = plane0 + (long)max(ih0, 0) * CV_WP + iw0;
        const long hi = plane0 + (long)min(ih0 + CV_IR - 1, CV_HP - 1) * CV_WP + iw_end;
        if (lo >= 0 && hi < (long)CV_XN) {
#pragma unroll
            for (int kw = 0; kw < CV_KW; kw++) {
                const CV_IT c = (CV_IT)(iw0 + kw * CV_DW) + IOTA(CV_TP) * CV_SW;
                mask[kw] = (c >= (CV_IT)(0)) & (c < (CV_IT)(CV_WP));
            }
            cv_dw_rows(x, wk, plane0, ih0, iw0, 1, mask, acc);
        } else {
            cv_dw_rows(x, wk, plane0, ih0, iw0, 2, mask, acc);
        }
    }

#ifdef CV_BIAS
    const CV_VT b = (CV_VT)(LOAD_T(1, bias + ch));
#else
    const CV_VT b = (CV_VT)(0.0f);
#endif
    const ulong plane = (n * CV_CO + ch) * (CV_OH * CV_OW);
    const int from = (int)(c_first - c0);
#pragma unroll
    for (int i = 0; i < CV_DW_ROWS; i++) {
        if (r0 + i < r_first) continue;
        ACC_T t[CV_TP];
        VSTORE(CV_TP, acc[i] + b, t);
        STORE_RUN(CV_TP, t, plane + (r0 + i) * CV_OW + c0, from);
    }
}
#endif /* CV_DW_ROWS */
#endif

/* ---- NHWC kernels: a tile is CV_TP consecutive output pixels of one image (flattened
 * oh * CV_OW + ow, CV_NPB tiles, the last shifted back) x a vector of CV_VW channels. The
 * depthwise kernel reads the input unpadded and applies the pads per pixel and tap; tiles whose
 * taps all fall inside the input (most of them) run without tests. conv2d_nhwc reads a padded
 * copy. */
#if defined(CV_NHWC_GEMM) || defined(CV_DW_NHWC)
#define CV_VT VEC(ACC_T, CV_VW)
#define CV_NPIX (CV_OH * CV_OW)
#ifndef CV_PT
#define CV_PT 0
#define CV_PL 0
#endif

/* Input row/column of each pixel's first tap (ih, iw: may be negative in the padding) and the
 * offset of its channel 0 (xoff). Returns the first pixel; *inside: no tap leaves the input. */
CV_INLINE uint cv_pixel_tile(uint pb, ulong n, long *xoff, int *ih, int *iw, int *inside)
{
    const uint p_first = pb * CV_TP, p0 = min(p_first, (uint)(CV_NPIX - CV_TP));
    int in = 1;
#pragma unroll
    for (int p = 0; p < CV_TP; p++) {
        const uint q = p0 + p, oh = q / CV_OW, ow = q % CV_OW;
        ih[p] = (int)(oh * CV_SH) - CV_PT;
        iw[p] = (int)(ow * CV_SW) - CV_PL;
        xoff[p] = (((long)n * CV_HP + ih[p]) * CV_WP + iw[p]) * CV_CI;
        in &= ih[p] >= 0 && ih[p] + (CV_KH - 1) * CV_DH < CV_HP && iw[p] >= 0 &&
              iw[p] + (CV_KW - 1) * CV_DW < CV_WP;
    }
    *inside = in;
    return p0;
}

/* Whether tap (kh, kw) of pixel p is inside the input. */
#define CV_TAP_OK(p, kh, kw)                                                                   \
    ((uint)(ih[p] + (int)((kh) * CV_DH)) < CV_HP && (uint)(iw[p] + (int)((kw) * CV_DW)) < CV_WP)

/* Stores a tile: pixel p0 + p, absolute channels co0 + j (p_first, co_first: where the tile would
 * start without the shift back; what lies before them belongs to the previous tile). */
#define CV_STORE_TILE(acc, n, p0, p_first, co0, co_first)                                      \
    for (int p = 0; p < CV_TP; p++) {                                                          \
        if ((p0) + p < (p_first)) continue;                                                    \
        ACC_T t[CV_VW];                                                                        \
        VSTORE(CV_VW, acc[p] + CV_BIAS_VEC(co0), t);                                           \
        STORE_RUN(CV_VW, t, ((n) * CV_NPIX + (p0) + p) * CV_CO + (co0), (int)((co_first) - (co0))); \
    }

#ifdef CV_BIAS
#define CV_BIAS_VEC(co) LOAD_T(CV_VW, bias + (co))
#else
#define CV_BIAS_VEC(co) ((CV_VT)(0.0f))
#endif

/* CV_VW filter values for output channels cof.. at tap (kh, kw), input channel ci. */
CV_INLINE CV_VT cv_load_filter(const __global T *w, uint cof, uint ci, uint kh, uint kw)
{
#if CV_FILTER == 16
    return LOAD_T(CV_VW, w + CV_WIDX(cof, ci, kh, kw));
#else
    ACC_T t[CV_VW];
#pragma unroll
    for (int j = 0; j < CV_VW; j++) t[j] = LOAD_T(1, w + CV_WIDX(cof + j, ci, kh, kw));
    return VLOAD(CV_VW, t);
#endif
}
#endif

/* ---- conv2d_nhwc: CV_TP pixels x CV_VW output channels of one group; input values are
 * broadcast scalars. Per-element padding tests would cost as much as the multiply-adds, so this
 * kernel takes no pads: a padded input goes through conv2d_pad first. Grid: dim 0 = pixel tile, dim 1 = group x channel block (CV_NCB per group,
 * CV_D1 in all), dim 2 = image. */
#ifdef CV_NHWC_GEMM
/* one_row: the tile's pixels are consecutive in one output row, so pixel p's input is at a
 * constant distance p * CV_SW * CV_CI from pixel 0's (immediate address offsets). */
CV_INLINE void cv_nhwc_taps(const __global T *x, const __global T *w, uint cof, const long *xoff,
                            const int one_row, CV_VT *acc)
{
    for (uint kh = 0; kh < CV_KH; kh++) {
        for (uint kw = 0; kw < CV_KW; kw++) {
            const __global T *xt = x + ((long)kh * CV_DH * CV_WP + kw * CV_DW) * CV_CI;
            for (uint ci = 0; ci < CV_CIG; ci++) {
                const CV_VT wv = cv_load_filter(w, cof, ci, kh, kw);
#pragma unroll
                for (int p = 0; p < CV_TP; p++) {
                    const long at = one_row ? xoff[0] + p * CV_SW * CV_CI : xoff[p];
                    acc[p] = MAD((CV_VT)(LOAD_T(1, xt + at + ci)), wv, acc[p]);
                }
            }
        }
    }
}

__kernel void conv2d_nhwc(__global const T *x, ulong x_off, __global const T *w, ulong w_off,
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
    const uint pb = get_global_id(0), blk = get_global_id(1);
    const ulong n = get_global_id(2);
    if (pb >= CV_NPB || blk >= CV_D1) return;
    const uint g = blk / CV_NCB, cb = blk % CV_NCB;
    const uint co_first = cb * CV_VW, co0 = min(co_first, (uint)(CV_COG - CV_VW));
    const uint cof = g * CV_COG + co0;
    long xoff[CV_TP];
    int ih[CV_TP], iw[CV_TP], inside;
    const uint p0 = cv_pixel_tile(pb, n, xoff, ih, iw, &inside);
    const __global T *xg = x + g * CV_CIG;

    CV_VT acc[CV_TP];
#pragma unroll
    for (int p = 0; p < CV_TP; p++) acc[p] = (CV_VT)(0.0f);
    if (ih[CV_TP - 1] == ih[0])
        cv_nhwc_taps(xg, w, cof, xoff, 1, acc);
    else
        cv_nhwc_taps(xg, w, cof, xoff, 0, acc);
    CV_STORE_TILE(acc, n, p0, pb * CV_TP, g * CV_COG + co0, g * CV_COG + co_first)
}
#endif

/* ---- conv2d_dw_nhwc: depthwise (groups = CV_CI = CV_CO), CV_TP pixels x CV_VW channels, input
 * values are vectors. Grid: dim 0 = pixel tile, dim 1 = channel block (CV_D1), dim 2 = image. */
#ifdef CV_DW_NHWC
/* checked: taps outside the input are skipped. one_row: the pixels are consecutive in one
 * output row, so taps of neighbouring pixels that read the same input column have visibly
 * equal addresses and the compiler loads them once (stride 1, 3 taps: TP + 2 loads per kernel
 * row instead of 3 * TP). */
CV_INLINE void cv_dw_taps(const __global T *x, const __global T *w, uint c0, const long *xoff,
                          const int *ih, const int *iw, const int checked, const int one_row, CV_VT *acc)
{
#pragma unroll
    for (uint kh = 0; kh < CV_KH; kh++) {
#pragma unroll
        for (uint kw = 0; kw < CV_KW; kw++) {
            const CV_VT wv = cv_load_filter(w, c0, 0, kh, kw);
            const long toff = ((long)kh * CV_DH * CV_WP + kw * CV_DW) * CV_CI + c0;
#pragma unroll
            for (int p = 0; p < CV_TP; p++) {
                const long at = one_row ? xoff[0] + p * CV_SW * CV_CI : xoff[p];
                if (!checked || CV_TAP_OK(p, kh, kw)) acc[p] = MAD(LOAD_T(CV_VW, x + at + toff), wv, acc[p]);
            }
        }
    }
}

__kernel void conv2d_dw_nhwc(__global const T *x, ulong x_off, __global const T *w, ulong w_off,
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
    if (pb >= CV_NPB || cb >= CV_D1) return;
    const uint c_first = cb * CV_VW, c0 = min(c_first, (uint)(CV_CO - CV_VW));
    long xoff[CV_TP];
    int ih[CV_TP], iw[CV_TP], inside;
    const uint p0 = cv_pixel_tile(pb, n, xoff, ih, iw, &inside);

    CV_VT acc[CV_TP];
#pragma unroll
    for (int p = 0; p < CV_TP; p++) acc[p] = (CV_VT)(0.0f);
    if (inside && ih[CV_TP - 1] == ih[0])
        cv_dw_taps(x, w, c0, xoff, ih, iw, 0, 1, acc);
    else if (inside)
        cv_dw_taps(x, w, c0, xoff, ih, iw, 0, 0, acc);
    else
        cv_dw_taps(x, w, c0, xoff, ih, iw, 1, 0, acc);
    CV_STORE_TILE(acc, n, p0, pb * CV_TP, c0, c_first)
}
#endif
