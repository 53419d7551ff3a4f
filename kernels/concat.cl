/* concat.cl: row copies between a narrow tensor and its slice of a wide one, any dtype moved as
 * unsigned integers of its size (src/ops/row_copy.c). The narrow side is rows of
 * chunks * CAT_VEC elements in order; its row r sits at element r * wide_len + at of the wide
 * side (sizes are arguments: one program per dtype, direction and width). CAT_GATHER 0: x is narrow, y wide (one Concat input into the output);
 * 1: x is wide, y narrow (one Split output out of the input). A work-item moves CAT_VEC
 * elements with one vector load and store. ELEM: uchar/ushort/uint/ulong.
 */
#define CAT_CAT_(a, b) a##b
#define CAT_CAT(a, b) CAT_CAT_(a, b)

__kernel void gecl_row_copy(__global const ELEM *x, ulong x_off, __global ELEM *y, ulong y_off, const long chunks,
                            const long wide_len, const long at, const long items)
{
    size_t i = get_global_id(0);
    if (i >= (size_t)items) return;
    ADVANCE(x);
    ADVANCE(y);
    size_t narrow = i * CAT_VEC, wide = (i / chunks) * wide_len + at + (i % chunks) * CAT_VEC;
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
