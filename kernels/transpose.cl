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
 * The other ("rest") axes are walked by division: TR_RN of them, sizes rd<k>, input strides
 * ris<k>, output strides ros<k> (tiles only). Sizes and strides are kernel arguments, so one
 * program serves every shape with the same pattern; the source fixes only ELEM (uchar/ushort/
 * uint/ulong), TR_VEC or TR_TB, and TR_RN.
 */
#define TR_CAT_(a, b) a##b
#define TR_CAT(a, b) TR_CAT_(a, b)
#define TR_VT(n) TR_CAT(ELEM, n)

/* The rest axes' parameters (", const long p0, ...") and their values as a list ("p0, ..."). */
#define TR_PA0(p)
#define TR_PA1(p) , const long p##0
#define TR_PA2(p) TR_PA1(p), const long p##1
#define TR_PA3(p) TR_PA2(p), const long p##2
#define TR_PA4(p) TR_PA3(p), const long p##3
#define TR_PA5(p) TR_PA4(p), const long p##4
#define TR_PA6(p) TR_PA5(p), const long p##5
#define TR_PA7(p) TR_PA6(p), const long p##6
#define TR_PARAMS(p) TR_CAT(TR_PA, TR_RN)(p)
#define TR_L1(p) p##0
#define TR_L2(p) TR_L1(p), p##1
#define TR_L3(p) TR_L2(p), p##2
#define TR_L4(p) TR_L3(p), p##3
#define TR_L5(p) TR_L4(p), p##4
#define TR_L6(p) TR_L5(p), p##5
#define TR_L7(p) TR_L6(p), p##6
#define TR_LIST(p) TR_CAT(TR_L, TR_RN)(p)

/* Input offset of rest index r; its output offset goes to *out (0 when os is NULL). */
static size_t tr_walk(size_t r, size_t *out, const long *dims, const long *is, const long *os)
{
    size_t in = 0, o = 0;
#pragma unroll
    for (int k = TR_RN - 1; k >= 0; k--) {
        size_t d = k ? r % (size_t)dims[k] : r;
        r /= (size_t)dims[k];
        in += d * is[k];
        if (os) o += d * os[k];
    }
    *out = o;
    return in;
}

#if TR_RN > 0
#define TR_REST(name) const long name[TR_RN] = {TR_LIST(name)}
#define TR_ARR(name) name
#else
#define TR_REST(name)
#define TR_ARR(name) NULL
#endif

#ifdef TR_VEC
__kernel void gecl_transpose_rows(__global const ELEM *x, ulong x_off, __global ELEM *y, ulong y_off,
                                  const long chunks, const long items TR_PARAMS(rd) TR_PARAMS(ris))
{
    size_t i = get_global_id(0);
    if (i >= (size_t)items) return;
    ADVANCE(x);
    ADVANCE(y);
    TR_REST(rd);
    TR_REST(ris);
    size_t o;
    size_t a = tr_walk(i / chunks, &o, TR_ARR(rd), TR_ARR(ris), NULL) + (i % chunks) * TR_VEC;
#if TR_VEC == 1
    y[i] = x[a];
#else
    TR_CAT(vstore, TR_VEC)(TR_CAT(vload, TR_VEC)(0, x + a), 0, y + i * TR_VEC);
#endif
}
#endif

#ifdef TR_TB
/* ld, lis: the innermost output axis' length and input stride; qd, qos: those of the axis
 * innermost in the input (its output stride); bl x bq tiles per block, nbl x nbq blocks. */
__kernel void gecl_transpose_tiles(__global const ELEM *x, ulong x_off, __global ELEM *y, ulong y_off,
                                   const long ld, const long lis, const long qd, const long qos, const long bl,
                                   const long bq, const long nbl, const long nbq,
                                   const long items TR_PARAMS(rd) TR_PARAMS(ris) TR_PARAMS(ros))
{
    size_t i = get_global_id(0);
    if (i >= (size_t)items) return;
    ADVANCE(x);
    ADVANCE(y);
    TR_REST(rd);
    TR_REST(ris);
    TR_REST(ros);
    size_t in = i % (size_t)(bl * bq), blk = i / (size_t)(bl * bq);
    size_t l0 = ((blk % nbl) * bl + in % bl) * TR_TB, t = blk / nbl;
    size_t q0 = ((t % nbq) * bq + in / bl) * TR_TB, o;
    if (l0 >= (size_t)ld || q0 >= (size_t)qd) return; /* past the edge of a partial block */
    x += tr_walk(t / nbq, &o, TR_ARR(rd), TR_ARR(ris), TR_ARR(ros)) + q0 + l0 * lis;
    y += o + q0 * qos + l0;
    if (l0 + TR_TB <= (size_t)ld && q0 + TR_TB <= (size_t)qd) {
        /* Row v of `a`: the elements at l0 + v along q. Output row q0 + u is column u. The
         * compiler keeps the unrolled array in registers and turns it into shuffles. */
        ELEM a[TR_TB][TR_TB];
#pragma unroll
        for (int v = 0; v < TR_TB; v++) TR_CAT(vstore, TR_TB)(TR_CAT(vload, TR_TB)(0, x + v * lis), 0, a[v]);
#pragma unroll
        for (int u = 0; u < TR_TB; u++) {
            ELEM c[TR_TB];
#pragma unroll
            for (int v = 0; v < TR_TB; v++) c[v] = a[v][u];
            TR_CAT(vstore, TR_TB)(TR_CAT(vload, TR_TB)(0, c), 0, y + u * qos);
        }
        return;
    }
    /* A partial tile on the edge of the plane. */
    size_t nq = min((size_t)TR_TB, (size_t)qd - q0), nl = min((size_t)TR_TB, (size_t)ld - l0);
    for (size_t u = 0; u < nq; u++)
        for (size_t v = 0; v < nl; v++) y[u * qos + v] = x[u + v * lis];
}
#endif
