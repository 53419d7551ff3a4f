/* transpose.cl: Transpose of any dtype, moved as unsigned integers of its size (src/ops/
 * transpose.c). The permutation arrives simplified to output axes with input strides:
 * - gecl_transpose_rows: the innermost output axis is contiguous in the input; a work-item
 *   copies TR_VEC elements of a row (TR_CHUNKS per row);
 * - gecl_transpose_tiles: a work-item moves a 4x4 tile between the innermost output axis (TR_LD
 *   long, input stride TR_LIS) and the output axis that is innermost in the input (TR_QD long,
 *   output stride TR_QOS) through registers: 4 vector loads, 4 vector stores, no local memory
 *   and no barrier (expensive on PoCL).
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

#ifdef TR_LT
__kernel void gecl_transpose_tiles(__global const ELEM *x, ulong x_off, __global ELEM *y, ulong y_off)
{
    size_t i = get_global_id(0);
    if (i >= TR_ITEMS) return;
    ADVANCE(x);
    ADVANCE(y);
    size_t l0 = (i % TR_LT) * 4, t = i / TR_LT;
    size_t q0 = (t % TR_QT) * 4, o;
    x += tr_walk(t / TR_QT, &o) + q0 + l0 * TR_LIS;
    y += o + q0 * TR_QOS + l0;
#if TR_LD % 4 == 0 && TR_QD % 4 == 0
    const int whole = 1;
#else
    int whole = l0 + 4 <= TR_LD && q0 + 4 <= TR_QD;
#endif
    if (whole) {
        /* r<v>: the 4 elements at l0 + v, along q. Output row q0 + u is lane u of each. */
        TR_VT(4) r0 = vload4(0, x), r1 = vload4(0, x + TR_LIS);
        TR_VT(4) r2 = vload4(0, x + 2 * TR_LIS), r3 = vload4(0, x + 3 * TR_LIS);
        vstore4((TR_VT(4))(r0.s0, r1.s0, r2.s0, r3.s0), 0, y);
        vstore4((TR_VT(4))(r0.s1, r1.s1, r2.s1, r3.s1), 0, y + TR_QOS);
        vstore4((TR_VT(4))(r0.s2, r1.s2, r2.s2, r3.s2), 0, y + 2 * TR_QOS);
        vstore4((TR_VT(4))(r0.s3, r1.s3, r2.s3, r3.s3), 0, y + 3 * TR_QOS);
        return;
    }
    /* A partial tile on the edge of the plane. */
    for (size_t u = 0; u < 4; u++)
        for (size_t v = 0; v < 4; v++)
            if (q0 + u < TR_QD && l0 + v < TR_LD) y[u * TR_QOS + v] = x[u + v * TR_LIS];
}
#endif
