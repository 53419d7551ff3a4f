/* concat.cl: row copies between a narrow tensor and its slice of a wide one, any dtype moved as
 * unsigned integers of its size (src/ops/row_copy.c). The narrow side is rows of
 * CAT_CHUNKS * CAT_VEC elements in order; its row r sits at element r * CAT_OUT_LEN + CAT_AT of
 * the wide side. CAT_GATHER 0: x is narrow, y wide (one Concat input into the output);
 * 1: x is wide, y narrow (one Split output out of the input). A work-item moves CAT_VEC
 * elements with one vector load and store. ELEM: uchar/ushort/uint/ulong.
 */
#define CAT_CAT_(a, b) a##b
#define CAT_CAT(a, b) CAT_CAT_(a, b)

__kernel void gecl_row_copy(__global const ELEM *x, ulong x_off, __global ELEM *y, ulong y_off)
{
    size_t i = get_global_id(0);
    if (i >= CAT_ITEMS) return;
    ADVANCE(x);
    ADVANCE(y);
    size_t narrow = i * CAT_VEC, wide = (i / CAT_CHUNKS) * CAT_OUT_LEN + CAT_AT + (i % CAT_CHUNKS) * CAT_VEC;
#if CAT_GATHER
    size_t from = wide, to = narrow;
#else
    size_t from = narrow, to = wide;
#endif
#if CAT_VEC == 1
    y[to] = x[from];
#else
    CAT_CAT(vstore, CAT_VEC)(CAT_CAT(vload, CAT_VEC)(0, x + from), 0, y + to);
#endif
}
