/* norm.cl: LayerNorm and InstanceNorm (src/ops/norm.c). The tensor is seen as (outer, r, inner):
 * each of the outer * inner lines of r elements, `inner` apart, is normalised to zero mean and
 * unit variance, then scaled and shifted per element by gamma / beta:
 *   y = (x - mean) / sqrt(var + NORM_EPS) * gamma[p] + beta[p],  p = (flat / pdiv) % pmod
 * where flat is the element's row-major index (LayerNorm: pdiv 1, pmod = gamma's size;
 * InstanceNorm: the channel). The line's mean and (biased) variance go to mean[line] and
 * var[line]. One work-group of NORM_WG (a power of two) work-items owns a line: the sums are
 * reduced in local memory, two passes (mean, then squared deviations) for accuracy.
 * Sizes are arguments; NORM_WG and NORM_EPS are the only definitions. */
static float norm_reduce(__local float *part, float v)
{
    const int lid = (int)get_local_id(0);
    part[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int h = NORM_WG / 2; h > 0; h /= 2) {
        if (lid < h) part[lid] += part[lid + h];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    const float sum = part[0];
    barrier(CLK_LOCAL_MEM_FENCE); /* part is reused by the next reduction */
    return sum;
}

__kernel __attribute__((reqd_work_group_size(NORM_WG, 1, 1))) void
gecl_norm_lines(__global const float *x, ulong x_off, __global const float *gamma, ulong gamma_off,
                __global const float *beta, ulong beta_off, __global float *y, ulong y_off, __global float *mean,
                ulong mean_off, __global float *var, ulong var_off, const long r, const long inner, const long pdiv,
                const long pmod)
{
    __local float part[NORM_WG];
    ADVANCE(x);
    ADVANCE(gamma);
    ADVANCE(beta);
    ADVANCE(y);
    ADVANCE(mean);
    ADVANCE(var);
    const long line = (long)get_group_id(0);
    const long lid = (long)get_local_id(0);
    const long base = line / inner * r * inner + line % inner;
    float s = 0.0f;
    for (long j = lid; j < r; j += NORM_WG) s += x[base + j * inner];
    const float mu = norm_reduce(part, s) / (float)r;
    float q = 0.0f;
    for (long j = lid; j < r; j += NORM_WG) {
        const float d = x[base + j * inner] - mu;
        q += d * d;
    }
    const float v = norm_reduce(part, q) / (float)r;
    const float rstd = rsqrt(v + NORM_EPS);
    for (long j = lid; j < r; j += NORM_WG) {
        const long at = base + j * inner;
        const long p = at / pdiv % pmod;
        y[at] = (x[at] - mu) * rstd * gamma[p] + beta[p];
    }
    if (lid == 0) {
        mean[line] = mu;
        var[line] = v;
    }
}
