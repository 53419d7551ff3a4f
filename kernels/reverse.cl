/* reverse.cl: ReverseV2 of any dtype, moved as unsigned integers of its size (ELEM; src/ops/
 * reverse.c). The tensor arrives as RV_RN axes (size-1 axes dropped, neighbours that are both
 * reversed or both kept merged): sizes d<k> and flags f<k> (1: reversed) as arguments after the
 * tensors, with `total` elements. One work-item per output element. */
#define RV_CAT_(a, b) a##b
#define RV_CAT(a, b) RV_CAT_(a, b)
#define RV_PA1 , const long d0, const long f0
#define RV_PA2 RV_PA1, const long d1, const long f1
#define RV_PA3 RV_PA2, const long d2, const long f2
#define RV_PA4 RV_PA3, const long d3, const long f3
#define RV_PA5 RV_PA4, const long d4, const long f4
#define RV_PA6 RV_PA5, const long d5, const long f5
#define RV_PA7 RV_PA6, const long d6, const long f6
#define RV_PA8 RV_PA7, const long d7, const long f7
#define RV_LD1 d0
#define RV_LD2 RV_LD1, d1
#define RV_LD3 RV_LD2, d2
#define RV_LD4 RV_LD3, d3
#define RV_LD5 RV_LD4, d4
#define RV_LD6 RV_LD5, d5
#define RV_LD7 RV_LD6, d6
#define RV_LD8 RV_LD7, d7
#define RV_LF1 f0
#define RV_LF2 RV_LF1, f1
#define RV_LF3 RV_LF2, f2
#define RV_LF4 RV_LF3, f3
#define RV_LF5 RV_LF4, f4
#define RV_LF6 RV_LF5, f5
#define RV_LF7 RV_LF6, f6
#define RV_LF8 RV_LF7, f7

__kernel void gecl_reverse(__global const ELEM *x, ulong x_off, __global ELEM *y, ulong y_off,
                           const long total RV_CAT(RV_PA, RV_RN))
{
    const size_t i = get_global_id(0);
    if (i >= (size_t)total) return;
    ADVANCE(x);
    ADVANCE(y);
    const long d[RV_RN] = {RV_CAT(RV_LD, RV_RN)};
    const long f[RV_RN] = {RV_CAT(RV_LF, RV_RN)};
    size_t r = i, src = 0, stride = 1;
#pragma unroll
    for (int k = RV_RN - 1; k >= 0; k--) {
        const size_t at = r % (size_t)d[k];
        r /= (size_t)d[k];
        src += (f[k] ? (size_t)d[k] - 1 - at : at) * stride;
        stride *= (size_t)d[k];
    }
    y[i] = x[src];
}
