/* cumsum.cl: running sums along one axis (src/ops/cumsum.c). A work-item takes line i of
 * `lines` (outer x inner positions), `len` elements `inner` apart, in order (CS_REVERSE: from the
 * end); CS_EXCLUSIVE leaves the element itself out of its sum. CS_T: float/double/int/long. */
#if GECL_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

__kernel void gecl_cumsum(__global const CS_T *x, ulong x_off, __global CS_T *y, ulong y_off, const long lines,
                          const long inner, const long len)
{
    const long i = get_global_id(0);
    if (i >= lines) return;
    ADVANCE(x);
    ADVANCE(y);
    const long base = (i / inner) * inner * len + i % inner;
    CS_T acc = (CS_T)0;
    for (long t = 0; t < len; t++) {
        const long at = base + (CS_REVERSE ? len - 1 - t : t) * inner;
        const CS_T v = x[at];
#if CS_EXCLUSIVE
        y[at] = acc;
        acc += v;
#else
        acc += v;
        y[at] = acc;
#endif
    }
}
