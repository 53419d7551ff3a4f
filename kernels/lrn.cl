/* lrn.cl: LRN across channels (src/ops/lrn.c). The tensor is (outer, C, inner); each element is
 *   y = x / (LRN_BIAS + LRN_ALPHA * sum(x[c'] ^ 2 for c' in [c - LRN_R, c + LRN_R])) ^ LRN_BETA
 * over the channels that exist. One work-item per element; sizes are arguments, the attributes
 * definitions. */
__kernel void gecl_lrn(__global const float *x, ulong x_off, __global float *y, ulong y_off, const long channels,
                       const long inner, const long total)
{
    const long i = (long)get_global_id(0);
    if (i >= total) return;
    ADVANCE(x);
    ADVANCE(y);
    const long c = i / inner % channels;
    const long lo = max(c - LRN_R, 0L), hi = min(c + LRN_R, channels - 1);
    __global const float *p = x + (i - (c - lo) * inner);
    float sum = 0.0f;
    for (long k = lo; k <= hi; k++, p += inner) sum += *p * *p;
    y[i] = x[i] / pow(LRN_BIAS + LRN_ALPHA * sum, LRN_BETA);
}
