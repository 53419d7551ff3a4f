/* pool.cl: max and average pooling over 4-D float tensors, NCHW or NHWC (src/ops/pool.c).
 *
 * A work-item computes POOL_V outputs as one vector, along the contiguous output axis: output
 * columns in NCHW, channels in NHWC. PoCL runs work-items as plain loops here (the window loops
 * defeat its cross-work-item vectoriser), so the SIMD width has to be explicit. Window loops
 * have compile-time bounds and unroll.
 *
 * -D: POOL_NHWC / POOL_PLANE (which kernel), POOL_AVG (0: max), POOL_C/H/W (input),
 * POOL_OH/OW, POOL_KH/KW, POOL_SH/SW, POOL_PT/PL (padding before), POOL_HE/WE (input plus
 * padding after: what a padding-inclusive average counts), POOL_CLIP (some window leaves the
 * input), POOL_EXCL (average over the elements inside the input), POOL_DIV (fixed divisor, 0:
 * none), POOL_V (1, 2, 4, 8 or 16), POOL_OWB (NCHW: work-items per output row), POOL_SPAN
 * (NCHW: input columns the vector taps of one window row read), POOL_TOTAL (NCHW: input
 * elements), POOL_ITEMS (work-items with work).
 */
#define POOL_CAT_(a, b) a##b
#define POOL_CAT(a, b) POOL_CAT_(a, b)

#if POOL_V == 1
typedef float pool_t;
typedef int pool_it;
#define POOL_LOAD(p) (*(p))
#define POOL_STORE(v, p) (*(p) = (v))
#define POOL_TO_FLOAT(v) convert_float(v)
#define POOL_IOTA 0
#define POOL_GATHER(p, iv) ((p)[iv])
#else
typedef POOL_CAT(float, POOL_V) pool_t;
typedef POOL_CAT(int, POOL_V) pool_it;
#define POOL_LOAD(p) POOL_CAT(vload, POOL_V)(0, p)
#define POOL_STORE(v, p) POOL_CAT(vstore, POOL_V)(v, 0, p)
#define POOL_TO_FLOAT(v) POOL_CAT(convert_float, POOL_V)(v)
#if POOL_V == 2
#define POOL_IOTA ((int2)(0, 1))
#define POOL_GATHER(p, iv) ((float2)((p)[(iv).s0], (p)[(iv).s1]))
#elif POOL_V == 4
#define POOL_IOTA ((int4)(0, 1, 2, 3))
#define POOL_GATHER(p, iv) ((float4)((p)[(iv).s0], (p)[(iv).s1], (p)[(iv).s2], (p)[(iv).s3]))
#elif POOL_V == 8
#define POOL_IOTA ((int8)(0, 1, 2, 3, 4, 5, 6, 7))
#define POOL_GATHER(p, iv)                                                                        \
    ((float8)((p)[(iv).s0], (p)[(iv).s1], (p)[(iv).s2], (p)[(iv).s3], (p)[(iv).s4], (p)[(iv).s5], \
              (p)[(iv).s6], (p)[(iv).s7]))
#else
#define POOL_IOTA ((int16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
#define POOL_GATHER(p, iv)                                                                        \
    ((float16)((p)[(iv).s0], (p)[(iv).s1], (p)[(iv).s2], (p)[(iv).s3], (p)[(iv).s4], (p)[(iv).s5], \
               (p)[(iv).s6], (p)[(iv).s7], (p)[(iv).s8], (p)[(iv).s9], (p)[(iv).sa], (p)[(iv).sb], \
               (p)[(iv).sc], (p)[(iv).sd], (p)[(iv).se], (p)[(iv).sf]))
#endif
#endif

#if POOL_AVG
#define POOL_PAD 0.0f
#define POOL_ACC(a, v) ((a) + (v))
#else
/* -inf, not -FLT_MAX: the max of a window of -inf values is -inf. */
#define POOL_PAD (-INFINITY)
#define POOL_ACC(a, v) fmax(a, v)
#endif

/* Number of window positions along one axis that the average divides by, for windows starting
 * at `s` (scalar or vector). */
#if POOL_EXCL
#define POOL_COUNT(s, k, in, ext) (min((s) + (k), in) - max(s, 0))
#else
#define POOL_COUNT(s, k, in, ext) (min((s) + (k), ext) - (s))
#endif

/* The finished value of windows starting at row h0 and columns ws (one per lane). */
static pool_t pool_finish(pool_t acc, int h0, pool_it ws)
{
#if !POOL_AVG
    return acc;
#elif POOL_DIV
    return acc / (float)POOL_DIV;
#else
    /* A window entirely in the padding (pads >= kernel) averages nothing: 0, not NaN. */
    pool_it n = max(POOL_COUNT(h0, POOL_KH, POOL_H, POOL_HE) * POOL_COUNT(ws, POOL_KW, POOL_W, POOL_WE), 1);
    return acc / POOL_TO_FLOAT(n);
#endif
}

#if POOL_PLANE
/* Global pooling of NCHW planes: a work-item reduces one contiguous plane of H * W elements. */
__kernel void gecl_pool_plane(__global const float *x, ulong x_off, __global float *y, ulong y_off)
{
    size_t i = get_global_id(0);
    if (i >= POOL_ITEMS) return;
    ADVANCE(x);
    ADVANCE(y);
    x += i * ((size_t)POOL_H * POOL_W);
    float16 a16 = (float16)POOL_PAD;
    int k = 0;
    for (; k + 16 <= POOL_H * POOL_W; k += 16) a16 = POOL_ACC(a16, vload16(0, x + k));
    float8 a8 = POOL_ACC(a16.lo, a16.hi);
    float4 a4 = POOL_ACC(a8.lo, a8.hi);
    float2 a2 = POOL_ACC(a4.lo, a4.hi);
    float a = POOL_ACC(a2.lo, a2.hi);
    for (; k < POOL_H * POOL_W; k++) a = POOL_ACC(a, x[k]);
#if POOL_AVG
    a /= POOL_DIV ? (float)POOL_DIV : (float)(POOL_H * POOL_W);
#endif
    y[i] = a;
}

#elif !POOL_NHWC
/* Vector taps: the input under lane j's window column kw is p[j * POOL_SW]. */
#if POOL_SW == 1
#define POOL_TAP(p) POOL_LOAD(p)
#elif POOL_SW == 2 && POOL_V == 2
#define POOL_TAP(p) vload4(0, p).even
#elif POOL_SW == 2 && POOL_V == 4
#define POOL_TAP(p) vload8(0, p).even
#elif POOL_SW == 2 && POOL_V == 8
#define POOL_TAP(p) vload16(0, p).even
#else
#define POOL_TAP(p) POOL_GATHER(p, POOL_IOTA * POOL_SW)
#endif

/* Runs `body` over the window's rows inside the input, with `row` pointing at the row. */
#define POOL_ROWS(body)                                                   \
    _Pragma("unroll") for (int kh = 0; kh < POOL_KH; kh++) {              \
        int ih = h0 + kh;                                                 \
        if (POOL_CLIP && (ih < 0 || ih >= POOL_H)) continue;              \
        __global const float *row = x + ih * POOL_W;                      \
        _Pragma("unroll") body;                                           \
    }

__kernel void gecl_pool_nchw(__global const float *x, ulong x_off, __global float *y, ulong y_off)
{
    size_t i = get_global_id(0);
    if (i >= POOL_ITEMS) return;
    ADVANCE(x);
    ADVANCE(y);
    int ow0 = (int)(i % POOL_OWB) * POOL_V;
    size_t t = i / POOL_OWB;
    int oh = (int)(t % POOL_OH);
    size_t plane = t / POOL_OH;
    __global const float *x0 = x;
    x += plane * ((size_t)POOL_H * POOL_W);
    y += (plane * POOL_OH + oh) * POOL_OW + ow0;
    int h0 = oh * POOL_SH - POOL_PT, w0 = ow0 * POOL_SW - POOL_PL;
    pool_it ws = w0 + POOL_IOTA * POOL_SW;
    /* Three ways to read a window row, cheapest first: whole vector taps when the row's span
     * lies inside the input row; the same taps with the lanes outside the row replaced by the
     * padding value when the span at least stays inside the tensor (it then only reaches into
     * the neighbouring rows); lane-by-lane clamped loads at the tensor's first and last rows. */
    long first = (long)(x - x0) + (long)max(h0, 0) * POOL_W + w0;
    long last = (long)(x - x0) + (long)min(h0 + POOL_KH - 1, POOL_H - 1) * POOL_W + w0 + POOL_SPAN;
    int masked = first >= 0 && last <= (long)POOL_TOTAL;
    /* Without clipping, no lane's window leaves its row; the spare lanes of a row's last vector
     * (OW not a multiple of the width) may read the next row's first columns, then dropped, but
     * must not read past the end of the tensor. */
    int inside = POOL_CLIP ? w0 >= 0 && w0 + POOL_SPAN <= POOL_W : masked;
    /* The path is chosen once per work-item, outside the window loops: with the choice inside,
     * LLVM unrolled none of them and the fast path ran as two nested 3-trip loops. */
    pool_t acc = (pool_t)POOL_PAD;
    if (inside) {
        POOL_ROWS(for (int kw = 0; kw < POOL_KW; kw++) acc = POOL_ACC(acc, POOL_TAP(row + w0 + kw)));
    } else if (masked) {
        POOL_ROWS(for (int kw = 0; kw < POOL_KW; kw++) {
            pool_it iw = ws + kw;
            acc = POOL_ACC(acc, select(POOL_TAP(row + w0 + kw), (pool_t)POOL_PAD, iw < 0 || iw >= POOL_W));
        });
    } else {
        POOL_ROWS(for (int kw = 0; kw < POOL_KW; kw++) {
            pool_it iw = ws + kw;
            pool_t v = POOL_GATHER(row, clamp(iw, 0, POOL_W - 1));
            acc = POOL_ACC(acc, select(v, (pool_t)POOL_PAD, iw < 0 || iw >= POOL_W));
        });
    }
    pool_t r = pool_finish(acc, h0, ws);
    if (POOL_OW % POOL_V == 0 || ow0 + POOL_V <= POOL_OW) {
        POOL_STORE(r, y);
        return;
    }
    float lanes[POOL_V];
    POOL_STORE(r, lanes);
    for (int j = 0; j < POOL_OW - ow0; j++) y[j] = lanes[j];
}

#else
__kernel void gecl_pool_nhwc(__global const float *x, ulong x_off, __global float *y, ulong y_off)
{
    size_t i = get_global_id(0);
    if (i >= POOL_ITEMS) return;
    ADVANCE(x);
    ADVANCE(y);
    int c = (int)(i % (POOL_C / POOL_V)) * POOL_V;
    size_t t = i / (POOL_C / POOL_V);
    int ow = (int)(t % POOL_OW);
    t /= POOL_OW;
    int oh = (int)(t % POOL_OH);
    size_t image = t / POOL_OH;
    x += image * ((size_t)POOL_H * POOL_W * POOL_C) + c;
    int h0 = oh * POOL_SH - POOL_PT, w0 = ow * POOL_SW - POOL_PL;
    pool_t acc = (pool_t)POOL_PAD;
    for (int kh = 0; kh < POOL_KH; kh++) {
        int ih = h0 + kh;
        if (POOL_CLIP && (ih < 0 || ih >= POOL_H)) continue;
        for (int kw = 0; kw < POOL_KW; kw++) {
            int iw = w0 + kw;
            if (POOL_CLIP && (iw < 0 || iw >= POOL_W)) continue;
            acc = POOL_ACC(acc, POOL_LOAD(x + (size_t)(ih * POOL_W + iw) * POOL_C));
        }
    }
    POOL_STORE(pool_finish(acc, h0, (pool_it)w0), y + i * POOL_V);
}
#endif
