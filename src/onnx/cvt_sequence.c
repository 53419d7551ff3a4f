/* cvt_sequence.c: ONNX ReverseSequence as a gather. Along time_axis, batch entry b reads position
 * len[b] - 1 - t for t < len[b] and t itself beyond: that index tensor is built from a Range of
 * time steps and the lengths (broadcast against each other, then expanded to the input's shape)
 * and GatherElements applies it, so the lengths may be a graph input read only on the device. */
#include "onnx_ops.h"

/* v (a vector) reshaped to `rank` dims with its length at `axis` and 1 elsewhere. */
static gecl_port along(onnx_conv *c, gecl_port v, int64_t len, int axis, uint32_t rank)
{
    int64_t shape[GECL_MAX_DIMS];
    for (uint32_t k = 0; k < rank; k++) shape[k] = (int)k == axis ? len : 1;
    return onnx_op2(c, "Reshape", v, onnx_const_ints(c, shape, rank));
}

gecl_status onnx_cvt_reverse_sequence(onnx_conv *c)
{
    if (c->n_in < 2 || c->in[0].node < 0 || c->in[1].node < 0)
        return onnx_fail(c, "inputs input and sequence_lens are required");
    gecl_tensor_desc xd;
    if (onnx_desc(c, c->in[0], &xd)) return onnx_status(c);
    const int64_t batch_axis = onnx_attr_int(c, "batch_axis", 1), time_axis = onnx_attr_int(c, "time_axis", 0);
    if (xd.ndim < 2) return onnx_fail(c, "input must have at least 2 dims, not %u", xd.ndim);
    if ((batch_axis != 0 && batch_axis != 1) || (time_axis != 0 && time_axis != 1) || batch_axis == time_axis)
        return onnx_fail(c, "batch_axis %lld and time_axis %lld must be 0 and 1 in some order", (long long)batch_axis,
                         (long long)time_axis);
    const int64_t steps = xd.dims[time_axis], batch = xd.dims[batch_axis];
    if (steps < 0 || batch < 0) return onnx_unsupported(c, "an unknown time or batch size");
    const gecl_port range_in[3] = {onnx_const_scalar(c, GECL_DT_INT64, 0), onnx_const_scalar(c, GECL_DT_INT64, (double)steps),
                                   onnx_const_scalar(c, GECL_DT_INT64, 1)};
    const gecl_port t = along(c, onnx_op1(c, "Range", 3, range_in), steps, (int)time_axis, xd.ndim);
    const gecl_port len = along(c, onnx_cast(c, c->in[1], GECL_DT_INT64), batch, (int)batch_axis, xd.ndim);
    const gecl_port last = onnx_op2(c, "Sub", len, onnx_const_scalar(c, GECL_DT_INT64, 1));
    const gecl_port sel_in[3] = {onnx_op2(c, "Less", t, len), onnx_op2(c, "Sub", last, t), t};
    const gecl_port idx = onnx_op1(c, "SelectV2", 3, sel_in);
    const gecl_port full = onnx_op2(c, "Expand", idx, onnx_const_ints(c, xd.dims, xd.ndim));
    int32_t op = onnx_op(c, "GatherElements", 2, (gecl_port[]){c->in[0], full});
    onnx_set_int(c, op, "dim", time_axis);
    c->out[0] = (gecl_port){op < 0 ? -2 : op, 0};
    return onnx_status(c);
}
