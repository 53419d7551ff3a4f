/*
 * quantize_ops.h: CANN's quantization prototypes (op_proto/inc/quantize_ops.h; the declarations
 * of CANN's current ops_proto_nn.h): AscendQuant, AscendDequant, AscendAntiQuant,
 * AscendRequant, AscendDequantS16, AscendRequantS16. CANN's IR build sample quantizes a
 * Conv2D with AscendQuant/AscendDequant. gecl has no kernels for them: a graph using one fails at
 * CompileGraph with "op AscendQuant is not supported" naming the node.
 */
#ifndef GECL_OPS_QUANTIZE_OPS_H_
#define GECL_OPS_QUANTIZE_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
#ifndef OPS_PROTO_DEF_ASCENDQUANT
#define OPS_PROTO_DEF_ASCENDQUANT
REG_OP(AscendQuant)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT32}))
    .OUTPUT(y, TensorType({DT_INT8, DT_INT4, DT_HIFLOAT8, DT_FLOAT8_E5M2, DT_FLOAT8_E4M3FN}))
    .REQUIRED_ATTR(scale, Float)
    .REQUIRED_ATTR(offset, Float)
    .ATTR(sqrt_mode, Bool, false)
    .ATTR(round_mode, String, "Round")
    .ATTR(dst_type, Int, DT_INT8)
    .OP_END_FACTORY_REG(AscendQuant)
#endif

#ifndef OPS_PROTO_DEF_ASCENDDEQUANT
#define OPS_PROTO_DEF_ASCENDDEQUANT
REG_OP(AscendDequant)
    .INPUT(x, TensorType({DT_INT32}))
    .INPUT(deq_scale, TensorType({DT_FLOAT16, DT_UINT64}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT}))
    .ATTR(sqrt_mode, Bool, false)
    .ATTR(relu_flag, Bool, false)
    .ATTR(dtype, Int, DT_FLOAT)
    .OP_END_FACTORY_REG(AscendDequant)
#endif

#ifndef OPS_PROTO_DEF_ASCENDANTIQUANT
#define OPS_PROTO_DEF_ASCENDANTIQUANT
REG_OP(AscendAntiQuant)
    .INPUT(x, TensorType({DT_INT8}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT}))
    .REQUIRED_ATTR(scale, Float)
    .REQUIRED_ATTR(offset, Float)
    .ATTR(dtype, Int, DT_FLOAT)
    .ATTR(sqrt_mode, Bool, false)
    .OP_END_FACTORY_REG(AscendAntiQuant)
#endif

#ifndef OPS_PROTO_DEF_ASCENDREQUANT
#define OPS_PROTO_DEF_ASCENDREQUANT
REG_OP(AscendRequant)
    .INPUT(x, TensorType({DT_INT32}))
    .INPUT(req_scale, TensorType({DT_UINT64}))
    .OUTPUT(y, TensorType({DT_INT8}))
    .ATTR(relu_flag, Bool, false)
    .OP_END_FACTORY_REG(AscendRequant)
#endif

#ifndef OPS_PROTO_DEF_ASCENDDEQUANTS16
#define OPS_PROTO_DEF_ASCENDDEQUANTS16
REG_OP(AscendDequantS16)
    .INPUT(x0, TensorType({DT_INT32}))
    .INPUT(deq_scale, TensorType({DT_UINT64}))
    .OPTIONAL_INPUT(x1, TensorType({DT_INT16}))
    .OUTPUT(y, TensorType({DT_INT16}))
    .ATTR(relu_flag, Bool, false)
    .OP_END_FACTORY_REG(AscendDequantS16)
#endif

#ifndef OPS_PROTO_DEF_ASCENDREQUANTS16
#define OPS_PROTO_DEF_ASCENDREQUANTS16
REG_OP(AscendRequantS16)
    .INPUT(x0, TensorType({DT_INT16}))
    .INPUT(req_scale, TensorType({DT_UINT64}))
    .OPTIONAL_INPUT(x1, TensorType({DT_INT16}))
    .OUTPUT(y0, TensorType({DT_INT8}))
    .OUTPUT(y1, TensorType({DT_INT16}))
    .ATTR(dual_output, Bool, false)
    .ATTR(relu_flag, Bool, false)
    .OP_END_FACTORY_REG(AscendRequantS16)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
