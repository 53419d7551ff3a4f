/* concat.cl: one input of a Concat, any dtype moved as unsigned integers of its size
 * (src/ops/concat.c). The input is rows of CAT_CHUNKS * CAT_VEC elements, read in order; row r
 * lands at element r * CAT_OUT_LEN + CAT_AT of the output. A work-item moves CAT_VEC elements
 * with one vector load and store. ELEM: uchar/ushort/uint/ulong.
 */
#define CAT_CAT_(a, b) a##b
#define CAT_CAT(a, b) CAT_CAT_(a, b)

__kernel void gecl_concat_copy(__global const ELEM *x, ulong x_off, __global ELEM *y, ulong y_off)
{
    size_t i = get_global_id(0);
    if (i >= CAT_ITEMS) return;
    ADVANCE(x);
    ADVANCE(y);
    size_t o = (i / CAT_CHUNKS) * CAT_OUT_LEN + CAT_AT + (i % CAT_CHUNKS) * CAT_VEC;
#if CAT_VEC == 1
    y[o] = x[i];
#else
    CAT_CAT(vstore, CAT_VEC)(CAT_CAT(vload, CAT_VEC)(0, x + i * CAT_VEC), 0, y + o);
#endif
}
