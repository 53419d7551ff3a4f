/*
 * pad_ops.h: prototypes of the padding operators gecl runs (CANN's op_proto/inc/pad_ops.h
 * subset): PadV3. Each prototype is guarded by
 * OPS_PROTO_DEF_<NAME>.
 */
#ifndef GECL_OPS_PAD_OPS_H_
#define GECL_OPS_PAD_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
/* ONNX's Pad: mode constant, edge or reflect; paddings [begin0, end0, ...] when contiguous, else
 * [begin0, begin1, ..., end0, ...]. */
#ifndef OPS_PROTO_DEF_PADV3
#define OPS_PROTO_DEF_PADV3
REG_OP(PadV3)
    .INPUT(x, TensorType({TensorType::BasicType(), DT_BOOL}))
    .INPUT(paddings, TensorType::IndexNumberType())
    .OPTIONAL_INPUT(constant_values, TensorType::BasicType())
    .OUTPUT(y, TensorType({TensorType::BasicType(), DT_BOOL}))
    .ATTR(mode, String, "constant")
    .ATTR(paddings_contiguous, Bool, true)
    .OP_END_FACTORY_REG(PadV3)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
