/* memset.cl: aclrtMemset. Work-item i owns the i-th 16-byte-aligned chunk touching
 * [off, off + n): whole chunks are one 16-byte store, the (at most two) partial ones go byte by
 * byte. Buffers start at least 16-byte aligned (CL_DEVICE_MEM_BASE_ADDR_ALIGN >= 128 bits). */
__kernel void gecl_memset(__global uchar *buf, ulong off, ulong n, uint value)
{
    ulong start = (off & ~(ulong)15) + (ulong)get_global_id(0) * 16;
    ulong end = off + n;
    if (start >= end) return;
    uchar v = (uchar)value;
    if (start >= off && start + 16 <= end) {
        uint w = (uint)v * 0x01010101u;
        *(__global uint4 *)(buf + start) = (uint4)(w, w, w, w);
        return;
    }
    ulong lo = start > off ? start : off;
    ulong hi = start + 16 < end ? start + 16 : end;
    for (ulong j = lo; j < hi; j++) buf[j] = v;
}
