/* index.cl: reads and writes at positions an index tensor gives (src/ops/gather.c, scatter.c)
 * and the triangle mask (src/ops/generate.c). Elements move as ELEM (uchar/ushort/uint/ulong of
 * their size) unless a reduction computes in SC_T; indices are IDX (int or long). An index below 0
 * counts from the end when IX_NEG is 1; one still outside its dim reads 0 (gathers) or is
 * skipped (scatters): no kernel touches memory outside its tensors; with IX_CHECK the first such
 * index of a run is also reported (ix_pos_checked). IX_KIND picks the kernel
 * (1 gather_axis, 2 gather_elements, 3 gather_nd, 4 scatter_elements, 5 scatter_nd, 6 trilu,
 * 7 one_hot);
 * sizes are arguments. */
#define IX_CAT_(a, b) a##b
#define IX_CAT(a, b) IX_CAT_(a, b)
#define IX_PA1(p) , const long p##0
#define IX_PA2(p) IX_PA1(p), const long p##1
#define IX_PA3(p) IX_PA2(p), const long p##2
#define IX_PA4(p) IX_PA3(p), const long p##3
#define IX_PA5(p) IX_PA4(p), const long p##4
#define IX_PA6(p) IX_PA5(p), const long p##5
#define IX_PA7(p) IX_PA6(p), const long p##6
#define IX_PA8(p) IX_PA7(p), const long p##7
#define IX_PARAMS(p) IX_CAT(IX_PA, IX_RN)(p)
#define IX_L1(p) p##0
#define IX_L2(p) IX_L1(p), p##1
#define IX_L3(p) IX_L2(p), p##2
#define IX_L4(p) IX_L3(p), p##3
#define IX_L5(p) IX_L4(p), p##4
#define IX_L6(p) IX_L5(p), p##5
#define IX_L7(p) IX_L6(p), p##6
#define IX_L8(p) IX_L7(p), p##7
#define IX_ARRAY(p) const long p[IX_RN] = {IX_CAT(IX_L, IX_RN)(p)}

#ifndef IX_NEG
#define IX_NEG 0
#endif

#ifdef IDX
/* Index value v as a position along a dim of `dim`; -1 when outside. */
static long ix_pos(IDX i, long dim)
{
    long v = convert_long(i);
#if IX_NEG
    if (i < 0) v += dim;
#endif
    return v >= 0 && v < dim ? v : -1;
}

#ifdef IX_CHECK
/* ix_pos, and an index outside its dim is also reported in the launch's status slot (the first
 * one of the run: flag (2 where negative indices count from the end, else 1), then the index and
 * the dim as longs), which fails a synchronous run
 * (src/exec/run.c gecl_run_status) rather than leaving the 0 read in its place unexplained. */
static long ix_pos_checked(IDX i, long dim, __global int *status)
{
    const long v = ix_pos(i, dim);
    if (v < 0 && atomic_cmpxchg((volatile __global int *)status, 0, 1 + IX_NEG) == 0) {
        ((__global long *)status)[1] = convert_long(i);
        ((__global long *)status)[2] = dim;
    }
    return v;
}
#define IX_STATUS_PARAMS , __global int *ix_status, ulong ix_status_off
#define IX_STATUS_BEGIN ADVANCE(ix_status)
#define IX_POS(i, dim) ix_pos_checked((i), (dim), ix_status)
#else
#define IX_STATUS_PARAMS
#define IX_STATUS_BEGIN
#define IX_POS(i, dim) ix_pos((i), (dim))
#endif
#endif

#if IX_KIND == 1
/* GatherV2: output o = (pre, j, post) over (outer, count, inner). */
__kernel void gecl_gather_axis(__global const ELEM *x, ulong x_off, __global const IDX *ix, ulong ix_off,
                               __global ELEM *y, ulong y_off, const long total, const long inner, const long count,
                               const long dim IX_STATUS_PARAMS)
{
    const long o = get_global_id(0);
    if (o >= total) return;
    ADVANCE(x);
    ADVANCE(ix);
    ADVANCE(y);
    IX_STATUS_BEGIN;
    const long post = o % inner, j = o / inner % count, pre = o / inner / count;
    const long v = IX_POS(ix[j], dim);
    y[o] = v < 0 ? (ELEM)0 : x[(pre * dim + v) * inner + post];
}
#endif

#if IX_KIND == 2
/* GatherElements: y (and index) dims d<k>, x strides s<k>; the dim IX_AXIS reads index[o]. */
__kernel void gecl_gather_elements(__global const ELEM *x, ulong x_off, __global const IDX *ix, ulong ix_off,
                                   __global ELEM *y, ulong y_off, const long total, const long dim IX_PARAMS(d)
                                       IX_PARAMS(s) IX_STATUS_PARAMS)
{
    const long o = get_global_id(0);
    if (o >= total) return;
    ADVANCE(x);
    ADVANCE(ix);
    ADVANCE(y);
    IX_STATUS_BEGIN;
    IX_ARRAY(d);
    IX_ARRAY(s);
    const long v = IX_POS(ix[o], dim);
    if (v < 0) {
        y[o] = (ELEM)0;
        return;
    }
    long rest = o, at = 0;
#pragma unroll
    for (int k = IX_RN - 1; k >= 0; k--) {
        at += (k == IX_AXIS ? v : rest % d[k]) * s[k];
        rest /= d[k];
    }
    y[o] = x[at];
}
#endif

#if IX_KIND == 3
/* GatherNd: IX_RN index values per row address x's first dims (sizes d<k>, strides s<k>); the
 * rest of x is a slice of `slice` elements. */
__kernel void gecl_gather_nd(__global const ELEM *x, ulong x_off, __global const IDX *ix, ulong ix_off,
                             __global ELEM *y, ulong y_off, const long total, const long slice IX_PARAMS(d)
                                 IX_PARAMS(s) IX_STATUS_PARAMS)
{
    const long o = get_global_id(0);
    if (o >= total) return;
    ADVANCE(x);
    ADVANCE(ix);
    ADVANCE(y);
    IX_STATUS_BEGIN;
    IX_ARRAY(d);
    IX_ARRAY(s);
    const long j = o / slice;
    long at = o % slice;
#pragma unroll
    for (int t = 0; t < IX_RN; t++) {
        const long v = IX_POS(ix[j * IX_RN + t], d[t]);
        if (v < 0) {
            y[o] = (ELEM)0;
            return;
        }
        at += v * s[t];
    }
    y[o] = x[at];
}
#endif

#if IX_KIND == 4 || IX_KIND == 5
#if GECL_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
/* Scatter reductions on the value type SC_T: SC_OP 0 assigns, 1 adds, 2 multiplies. */
#if SC_OP == 0
#define SC_APPLY(dst, v) ((dst) = (v))
#elif SC_OP == 1
#define SC_APPLY(dst, v) ((dst) = (dst) + (v))
#else
#define SC_APPLY(dst, v) ((dst) = (dst) * (v))
#endif

#if IX_KIND == 4
/* ScatterElements: a work-item takes one line of updates along the axis (the other IX_RN - 1
 * coordinates fixed: u dims d<k>, y strides s<k>) and applies its `len` updates in order, so
 * repeated indices reduce in a fixed order and no two work-items write the same element. */
__kernel void gecl_scatter_elements(__global const IDX *ix, ulong ix_off, __global const SC_T *u, ulong u_off,
                                    __global SC_T *y, ulong y_off, const long lines, const long len, const long ustep,
                                    const long ystep, const long dim IX_PARAMS(d) IX_PARAMS(s) IX_PARAMS(e)
                                        IX_STATUS_PARAMS)
{
    const long line = get_global_id(0);
    if (line >= lines) return;
    ADVANCE(ix);
    ADVANCE(u);
    ADVANCE(y);
    IX_STATUS_BEGIN;
    IX_ARRAY(d); /* the line's dims (the axis left out, as size 1) */
    IX_ARRAY(s); /* y strides */
    IX_ARRAY(e); /* update strides */
    long rest = line, yat = 0, uat = 0;
#pragma unroll
    for (int k = IX_RN - 1; k >= 0; k--) {
        const long c = rest % d[k];
        rest /= d[k];
        yat += c * s[k];
        uat += c * e[k];
    }
    for (long t = 0; t < len; t++) {
        const long v = IX_POS(ix[uat + t * ustep], dim);
        if (v >= 0) SC_APPLY(y[yat + v * ystep], u[uat + t * ustep]);
    }
}
#else
/* TensorScatterUpdate / Add: a work-item takes one element of the slice and walks the `rows`
 * index rows in order (IX_RN values each address y's first dims: sizes d<k>, strides s<k>). */
__kernel void gecl_scatter_nd(__global const IDX *ix, ulong ix_off, __global const SC_T *u, ulong u_off, __global SC_T *y,
                              ulong y_off, const long slice, const long rows IX_PARAMS(d) IX_PARAMS(s)
                                  IX_STATUS_PARAMS)
{
    const long o = get_global_id(0);
    if (o >= slice) return;
    ADVANCE(ix);
    ADVANCE(u);
    ADVANCE(y);
    IX_STATUS_BEGIN;
    IX_ARRAY(d);
    IX_ARRAY(s);
    for (long j = 0; j < rows; j++) {
        long at = o;
        for (int t = 0; t < IX_RN && at >= 0; t++) {
            const long v = IX_POS(ix[j * IX_RN + t], d[t]);
            at = v < 0 ? -1 : at + v * s[t];
        }
        if (at >= 0) SC_APPLY(y[at], u[j * slice + o]);
    }
}
#endif
#endif

#if IX_KIND == 6
/* Trilu: keeps x where col - row <= k (lower) or >= k (upper, TRI_UPPER) over the last two dims
 * (rows x cols), zero elsewhere; k from a one-element tensor (TRI_K 1, type IDX) or 0. */
__kernel void gecl_trilu(__global const ELEM *x, ulong x_off,
#if TRI_K
                         __global const IDX *k, ulong k_off,
#endif
                         __global ELEM *y, ulong y_off, const long total, const long rows, const long cols)
{
    const long o = get_global_id(0);
    if (o >= total) return;
    ADVANCE(x);
    ADVANCE(y);
#if TRI_K
    ADVANCE(k);
    const long diag = convert_long(k[0]);
#else
    const long diag = 0;
#endif
    const long col = o % cols, row = o / cols % rows;
#if TRI_UPPER
    const int keep = col - row >= diag;
#else
    const int keep = col - row <= diag;
#endif
    y[o] = keep ? x[o] : (ELEM)0;
}
#endif

#if IX_KIND == 7
/* OneHot: y = [outer, depth, inner]; the index for (a, d, b) is x[a * inner + b]. */
__kernel void gecl_one_hot(__global const IDX *x, ulong x_off, __global const ELEM *on, ulong on_off,
                           __global const ELEM *off, ulong off_off, __global ELEM *y, ulong y_off, const long total,
                           const long depth, const long inner)
{
    const long o = get_global_id(0);
    if (o >= total) return;
    ADVANCE(x);
    ADVANCE(on);
    ADVANCE(off);
    ADVANCE(y);
    const long b = o % inner, d = o / inner % depth, a = o / inner / depth;
    y[o] = convert_long(x[a * inner + b]) == d ? on[0] : off[0];
}
#endif
