/* transpose.cl: Transpose of any dtype, moved as unsigned integers of its size (src/ops/
 * transpose.c). The permutation arrives simplified to output axes with input strides:
 * - gecl_transpose_rows: the innermost output axis is contiguous in the input; a work-item
 *   copies TR_VEC elements of a row (TR_CHUNKS per row);
 * - gecl_transpose_tiles: a work-item moves a TR_TB x TR_TB tile between the innermost output
 *   axis (TR_LD long, input stride TR_LIS) and the output axis that is innermost in the input
 *   (TR_QD long, output stride TR_QOS) through registers: TR_TB vector loads and stores, no
 *   local memory and no barrier (expensive on PoCL). Consecutive work-items take blocks of
 *   TR_BL x TR_BQ tiles (TR_NBL x TR_NBQ blocks per plane), so a work-group uses whole cache
 *   lines on both sides.
 * The other ("rest") axes are walked by division: TR_RN of them, sizes TR_RD, input strides
 * TR_RIS, output strides TR_ROS (tiles only), as comma lists. ELEM: uchar/ushort/uint/ulong.
 */
#define TR_CAT_(a, b) a##b
#define TR_CAT(a, b) TR_CAT_(a, b)
#define TR_VT(n) TR_CAT(ELEM, n)

/* Input offset of rest index r; its output offset goes to *out (0 without TR_ROS). */
static size_t tr_walk(size_t r, size_t *out)
{
    size_t in = 0, o = 0;
#if TR_RN > 0
    const size_t dims[TR_RN] = {TR_RD}, is[TR_RN] = {TR_RIS};
#ifdef TR_ROS
    const size_t os[TR_RN] = {TR_ROS};
#endif
#pragma unroll
    for (int k = TR_RN - 1; k >= 0; k--) {
        size_t d = k ? r % dims[k] : r;
        r /= dims[k];
        in += d * is[k];
#ifdef TR_ROS
        o += d * os[k];
#endif
    }
#endif
    *out = o;
    return in;
}

#ifdef TR_CHUNKS
__kernel void gecl_transpose_rows(__global const ELEM *x, ulong x_off, __global ELEM *y, ulong y_off)
{
    size_t i = get_global_id(0);
    if (i >= TR_ITEMS) return;
    ADVANCE(x);
    ADVANCE(y);
    size_t o;
    size_t a = tr_walk(i / TR_CHUNKS, &o) + (i % TR_CHUNKS) * TR_VEC;
#if TR_VEC == 1
    y[i] = x[a];
#else
    TR_CAT(vstore, TR_VEC)(TR_CAT(vload, TR_VEC)(0, x + a), 0, y + i * TR_VEC);
#endif
}
#endif

#ifdef TR_TB
__kernel void gecl_transpose_tiles(__global const ELEM *x, ulong x_off, __global ELEM *y, ulong y_off)
{
    size_t i = get_global_id(0);
    if (i >= TR_ITEMS) return;
    ADVANCE(x);
    ADVANCE(y);
    size_t in = i % (TR_BL * TR_BQ), blk = i / (TR_BL * TR_BQ);
    size_t l0 = ((blk % TR_NBL) * TR_BL + in % TR_BL) * TR_TB, t = blk / TR_NBL;
    size_t q0 = ((t % TR_NBQ) * TR_BQ + in / TR_BL) * TR_TB, o;
    if (l0 >= TR_LD || q0 >= TR_QD) return; /* past the edge of a partial block */
    x += tr_walk(t / TR_NBQ, &o) + q0 + l0 * TR_LIS;
    y += o + q0 * TR_QOS + l0;
#if TR_LD % TR_TB == 0 && TR_QD % TR_TB == 0
    const int whole = 1;
#else
    int whole = l0 + TR_TB <= TR_LD && q0 + TR_TB <= TR_QD;
#endif
    if (whole) {
        /* Row v of `a`: the elements at l0 + v along q. Output row q0 + u is column u. The
         * compiler keeps the unrolled array in registers and turns it into shuffles. */
        ELEM a[TR_TB][TR_TB];
#pragma unroll
        for (int v = 0; v < TR_TB; v++) TR_CAT(vstore, TR_TB)(TR_CAT(vload, TR_TB)(0, x + v * TR_LIS), 0, a[v]);
#pragma unroll
        for (int u = 0; u < TR_TB; u++) {
            ELEM c[TR_TB];
#pragma unroll
            for (int v = 0; v < TR_TB; v++) c[v] = a[v][u];
            TR_CAT(vstore, TR_TB)(TR_CAT(vload, TR_TB)(0, c), 0, y + u * TR_QOS);
        }
        return;
    }
    /* A partial tile on the edge of the plane. */
    size_t nq = min((size_t)TR_TB, (size_t)TR_QD - q0), nl = min((size_t)TR_TB, (size_t)TR_LD - l0);
    for (size_t u = 0; u < nq; u++)
        for (size_t v = 0; v < nl; v++) y[u * TR_QOS + v] = x[u + v * TR_LIS];
}
#endif
