/* topk.cl: TopK along one axis (src/ops/topk.c). Work-item i takes element i of x, at position t
 * of its line (`len` elements `inner` apart), counts the elements of the line that come before it
 * in the order (larger, or smaller without TK_LARGEST; equal ones at a lower position first) and,
 * when that rank is below k, writes the value and t at the rank. A NaN compares as larger than
 * every number (numpy's sort order), so it comes first with TK_LARGEST. TK_T: the arithmetic type. */
#if GECL_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

/* Whether u (at position s) comes before v (at position t). */
static inline bool tk_before(TK_T u, long s, TK_T v, long t)
{
    const bool un = u != u, vn = v != v; /* NaN: only floating types differ from themselves */
    if (un != vn) return TK_LARGEST ? un : vn; /* the NaN is the larger one */
    if (un || u == v) return s < t;
    return TK_LARGEST ? u > v : u < v;
}

__kernel void gecl_topk(__global const TK_T *x, ulong x_off, __global TK_T *values, ulong values_off,
                        __global int *indices, ulong indices_off, const long total, const long len,
                        const long inner, const long k)
{
    const long i = get_global_id(0);
    if (i >= total) return;
    ADVANCE(x);
    ADVANCE(values);
    ADVANCE(indices);
    const long b = i % inner, t = i / inner % len, a = i / inner / len;
    const long line = a * len * inner + b;
    const TK_T v = x[i];
    long rank = 0;
    for (long s = 0; s < len && rank < k; s++)
        rank += tk_before(x[line + s * inner], s, v, t);
    if (rank >= k) return;
    const long o = (a * k + rank) * inner + b;
    values[o] = v;
    indices[o] = (int)t;
}
