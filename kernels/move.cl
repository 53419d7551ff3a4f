/* move.cl: the strided gather behind StridedSliceV2, Expand, Tile, PadV3, DepthToSpace and
 * SpaceToDepth (src/ops/move.c). A work-item writes one output element: its coordinates over
 * MV_RN dims (sizes d<k>) give the input offset
 * - MV_MODE 0 (plain): base + sum c_k * s<k> (strides may be 0: broadcast, or negative); with
 *   MV_VEC > 1 an item is a run of MV_VEC elements contiguous in both tensors (vload/vstore);
 * - MV_MODE 1, 2, 3 (pad constant, edge, reflect): per dim i = c_k - b<k>; outside [0, e<k>)
 *   the element is the pad value (v[0] with MV_VALUE, else 0), the clamped position, or the
 *   mirrored one; offset = sum i * s<k>.
 * Sizes are arguments; the source fixes only ELEM (uchar/ushort/uint/ulong), MV_RN, MV_MODE,
 * MV_VALUE and MV_VEC. */
#define MV_CAT_(a, b) a##b
#define MV_CAT(a, b) MV_CAT_(a, b)
#define MV_PA1(p) , const long p##0
#define MV_PA2(p) MV_PA1(p), const long p##1
#define MV_PA3(p) MV_PA2(p), const long p##2
#define MV_PA4(p) MV_PA3(p), const long p##3
#define MV_PA5(p) MV_PA4(p), const long p##4
#define MV_PA6(p) MV_PA5(p), const long p##5
#define MV_PA7(p) MV_PA6(p), const long p##6
#define MV_PA8(p) MV_PA7(p), const long p##7
#define MV_PARAMS(p) MV_CAT(MV_PA, MV_RN)(p)
#define MV_L1(p) p##0
#define MV_L2(p) MV_L1(p), p##1
#define MV_L3(p) MV_L2(p), p##2
#define MV_L4(p) MV_L3(p), p##3
#define MV_L5(p) MV_L4(p), p##4
#define MV_L6(p) MV_L5(p), p##5
#define MV_L7(p) MV_L6(p), p##6
#define MV_L8(p) MV_L7(p), p##7
#define MV_ARRAY(p) const long p[MV_RN] = {MV_CAT(MV_L, MV_RN)(p)}

#if MV_MODE == 0
#define MV_PAD_PARAMS
#else
#define MV_PAD_PARAMS MV_PARAMS(b) MV_PARAMS(e)
#endif
#if MV_VALUE
#define MV_VALUE_PARAMS , __global const ELEM *v, ulong v_off
#else
#define MV_VALUE_PARAMS
#endif

__kernel void gecl_move(__global const ELEM *x, ulong x_off MV_VALUE_PARAMS, __global ELEM *y, ulong y_off,
                        const long total, const long base MV_PARAMS(d) MV_PARAMS(s) MV_PAD_PARAMS)
{
    const long o = get_global_id(0);
    if (o >= total) return;
    ADVANCE(x);
    ADVANCE(y);
    MV_ARRAY(d);
    MV_ARRAY(s);
#if MV_MODE == 0
    long rest = o, at = base;
#pragma unroll
    for (int k = MV_RN - 1; k >= 0; k--) {
        at += (rest % d[k]) * s[k];
        rest /= d[k];
    }
#if MV_VEC == 1
    y[o] = x[at];
#else
    MV_CAT(vstore, MV_VEC)(MV_CAT(vload, MV_VEC)(0, x + at), 0, y + o * MV_VEC);
#endif
#else
    MV_ARRAY(b);
    MV_ARRAY(e);
    long rest = o, at = 0;
    int outside = 0;
#pragma unroll
    for (int k = MV_RN - 1; k >= 0; k--) {
        long i = rest % d[k] - b[k];
        rest /= d[k];
        if (i < 0 || i >= e[k]) {
#if MV_MODE == 1
            outside = 1;
#elif MV_MODE == 2
            i = i < 0 ? 0 : e[k] - 1;
#else
            if (e[k] == 1) {
                i = 0;
            } else {
                const long period = 2 * (e[k] - 1);
                i %= period;
                if (i < 0) i += period;
                if (i >= e[k]) i = period - i;
            }
#endif
        }
        at += i * s[k];
    }
    if (outside) {
#if MV_VALUE
        ADVANCE(v);
        y[o] = v[0];
#else
        y[o] = (ELEM)0;
#endif
        return;
    }
    y[o] = x[at];
#endif
}
