/* hardmax.cl: HardMax (src/ops/hardmax.c). The tensor is (outer, r, inner); each of the `lines`
 * (outer, inner) lines of r elements, `inner` apart, becomes 1 at its first maximum and 0
 * elsewhere. One work-item per line. Storage T, comparisons in ACC_T (prelude.cl). */
#ifdef HM_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

__kernel void gecl_hardmax(__global const T *x, ulong x_off, __global T *y, ulong y_off, const long r,
                           const long inner, const long lines)
{
    const size_t i = get_global_id(0);
    if (i >= (size_t)lines) return;
    ADVANCE(x);
    ADVANCE(y);
    const size_t base = (i / (size_t)inner) * (size_t)(r * inner) + i % (size_t)inner;
    ACC_T m = LOAD_T(1, x + base);
    long at = 0;
    for (long k = 1; k < r; k++) {
        const ACC_T v = LOAD_T(1, x + base + (size_t)(k * inner));
        if (v > m) {
            m = v;
            at = k;
        }
    }
    for (long k = 0; k < r; k++) STORE_T(1, k == at ? (ACC_T)1 : (ACC_T)0, y + base + (size_t)(k * inner));
}
