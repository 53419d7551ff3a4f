/* resize.cl: ONNX's Resize over RZ_RANK axes, every one resized (src/ops/resize.c, whose fold is
 * the same computation on the host). One work-item per output element: per axis, the source
 * coordinate of its output index as ONNX's reference computes it (coordinates in double where
 * the device has it, RZ_FP64, else float), the neighbouring taps and their weights (zero
 * weights dropped: an axis that is not resized has one tap), then the sum over every
 * combination of the axes' taps.
 *
 * Arguments after the tensors: the output's element count, cubic_coeff_a and
 * extrapolation_value (bits of an RZ_C and of a float), then per axis its input and output
 * sizes, scale, unrounded output width, roi start and roi extent (bits of RZ_C values).
 * RZ_MODE: 0 nearest, 1 linear, 2 cubic. RZ_COORD: 0 half_pixel, 1 pytorch_half_pixel,
 * 2 align_corners, 3 asymmetric, 4 tf_half_pixel_for_nn, 5 tf_crop_and_resize.
 * RZ_NEAREST_MODE: 0 round_prefer_floor, 1 round_prefer_ceil, 2 floor, 3 ceil. */
#if RZ_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define RZ_C double
#define RZ_VAL(bits) as_double(bits)
#else
#define RZ_C float
#define RZ_VAL(bits) as_float((int)(bits))
#endif
/* Products rounded one by one, as the reference rounds them (no fused multiply-adds). */
#pragma OPENCL FP_CONTRACT OFF

#define RZ_TAPS (RZ_MODE == 2 ? 4 : 2)

#define RZ_CAT_(a, b) a##b
#define RZ_CAT(a, b) RZ_CAT_(a, b)
#define RZ_P(k) , const long in##k, const long out##k, const long s##k, const long w##k, const long r##k, const long d##k
#define RZ_PA1 RZ_P(0)
#define RZ_PA2 RZ_PA1 RZ_P(1)
#define RZ_PA3 RZ_PA2 RZ_P(2)
#define RZ_PA4 RZ_PA3 RZ_P(3)
#define RZ_PA5 RZ_PA4 RZ_P(4)
#define RZ_PA6 RZ_PA5 RZ_P(5)
#define RZ_PA7 RZ_PA6 RZ_P(6)
#define RZ_PA8 RZ_PA7 RZ_P(7)
#define RZ_V(k) in##k, out##k, s##k, w##k, r##k, d##k
#define RZ_LA1 RZ_V(0)
#define RZ_LA2 RZ_LA1, RZ_V(1)
#define RZ_LA3 RZ_LA2, RZ_V(2)
#define RZ_LA4 RZ_LA3, RZ_V(3)
#define RZ_LA5 RZ_LA4, RZ_V(4)
#define RZ_LA6 RZ_LA5, RZ_V(5)
#define RZ_LA7 RZ_LA6, RZ_V(6)
#define RZ_LA8 RZ_LA7, RZ_V(7)

static long rz_clamp(long v, long hi) { return v < 0 ? 0 : v > hi ? hi : v; }

/* Taps of output index o along one axis (ax: its six arguments): source indices clamped into the
 * axis (edge values) and weights. Returns how many; 0 for extrapolation_value. */
static int rz_taps(long o, const long *ax, RZ_C a, long *idx, ACC_T *wt)
{
    const long in = ax[0];
    const RZ_C x = (RZ_C)o, len = (RZ_C)in, s = RZ_VAL(ax[2]), w = RZ_VAL(ax[3]);
    RZ_C xo;
#if RZ_COORD == 1
    xo = w == 1 ? -0.5f : (x + 0.5f) / s - 0.5f;
#elif RZ_COORD == 2
    xo = w == 1 ? 0 : x * (len - 1) / (w - 1);
#elif RZ_COORD == 3
    xo = x / s;
#elif RZ_COORD == 4
    xo = (x + 0.5f) / s;
#elif RZ_COORD == 5
    const RZ_C wi = (RZ_C)ax[1], r0 = RZ_VAL(ax[4]), rd = RZ_VAL(ax[5]);
    xo = wi == 1 ? rd * (len - 1) / 2 : x * rd * (len - 1) / (wi - 1);
    xo += r0 * (len - 1);
    if (!(xo >= 0 && xo <= len - 1)) return 0; /* NaN too */
#else
    xo = (x + 0.5f) / s - 0.5f;
#endif
    const RZ_C fl = floor(xo);
    const int whole = xo == fl;
    const RZ_C ratio = whole ? 1 : xo - fl;
    const int side = RZ_TAPS / 2;
    long start = (long)fl - whole - (side - 1);
    start = start < -side ? -side : start > in + side - RZ_TAPS ? in + side - RZ_TAPS : start;
#if RZ_MODE == 0
#if RZ_NEAREST_MODE == 1
    const int right = ratio >= 0.5f;
#elif RZ_NEAREST_MODE == 2
    const int right = whole;
#elif RZ_NEAREST_MODE == 3
    const int right = 1;
#else
    const int right = ratio > 0.5f;
#endif
    idx[0] = rz_clamp(start + right, in - 1);
    wt[0] = 1;
    return 1;
#else
    RZ_C c[RZ_TAPS];
#if RZ_MODE == 1
    c[0] = 1 - ratio;
    c[1] = ratio;
#else
    const RZ_C r = ratio, q = 1 - ratio;
    c[0] = ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a;
    c[1] = ((a + 2) * r - (a + 3)) * r * r + 1;
    c[2] = ((a + 2) * q - (a + 3)) * q * q + 1;
    c[3] = ((a * (q + 1) - 5 * a) * (q + 1) + 8 * a) * (q + 1) - 4 * a;
#endif
#if RZ_EXCLUDE
    RZ_C sum = 0;
    for (int t = 0; t < RZ_TAPS; t++) {
        if (start + t < 0 || start + t > in - 1) c[t] = 0;
        sum += c[t];
    }
    for (int t = 0; t < RZ_TAPS; t++) c[t] /= sum;
#endif
    int m = 0;
    for (int t = 0; t < RZ_TAPS; t++) {
        if (c[t] == 0) continue;
        idx[m] = rz_clamp(start + t, in - 1);
        wt[m++] = (ACC_T)c[t];
    }
    if (m == 0) {
        idx[0] = rz_clamp(start, in - 1);
        wt[0] = 0;
        m = 1;
    }
    return m;
#endif
}

__kernel void gecl_resize(__global const T *x, ulong x_off, __global T *y, ulong y_off, const long total,
                          const long a_bits, const long extrapolation RZ_CAT(RZ_PA, RZ_RANK))
{
    const long i = get_global_id(0);
    if (i >= total) return;
    ADVANCE(x);
    ADVANCE(y);
    const long ax[6 * RZ_RANK] = {RZ_CAT(RZ_LA, RZ_RANK)};
    const RZ_C a = RZ_VAL(a_bits);
    long idx[RZ_RANK][RZ_TAPS];
    ACC_T wt[RZ_RANK][RZ_TAPS];
    int nt[RZ_RANK], tap[RZ_RANK];
    long rest = i, stride = 1;
    for (int k = RZ_RANK - 1; k >= 0; k--) {
        const long out = ax[6 * k + 1];
        nt[k] = rz_taps(rest % out, ax + 6 * k, a, idx[k], wt[k]);
        rest /= out;
        if (nt[k] == 0) {
            STORE_T(1, (ACC_T)as_float((int)extrapolation), y + i);
            return;
        }
        for (int m = 0; m < nt[k]; m++) idx[k][m] *= stride;
        stride *= ax[6 * k];
        tap[k] = 0;
    }
    ACC_T acc = 0;
    for (;;) { /* every combination of the axes' taps */
        long at = 0;
        ACC_T w = 1;
        for (int k = 0; k < RZ_RANK; k++) {
            at += idx[k][tap[k]];
            w *= wt[k][tap[k]];
        }
        acc += w * LOAD_T(1, x + at);
        int k = RZ_RANK - 1;
        while (k >= 0 && ++tap[k] == nt[k]) tap[k--] = 0;
        if (k < 0) break;
    }
    STORE_T(1, acc, y + i);
}
