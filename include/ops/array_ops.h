/*
 * array_ops.h: prototypes of the array operators gecl runs (CANN's op_proto/inc/array_ops.h
 * subset): Data, Const, Identity, Reshape, Squeeze(V3), Unsqueeze(V3), Shape, Size, Expand, Fill. Each prototype is guarded by OPS_PROTO_DEF_<NAME>,
 * as in CANN's newer headers, so another header may define the same operator first.
 */
#ifndef GECL_OPS_ARRAY_OPS_H_
#define GECL_OPS_ARRAY_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
/* A graph input; `index` matches it with the run's inputs. */
#ifndef OPS_PROTO_DEF_DATA
#define OPS_PROTO_DEF_DATA
REG_OP(Data)
    .INPUT(x, TensorType::ALL())
    .OUTPUT(y, TensorType::ALL())
    .ATTR(index, Int, 0)
    .OP_END_FACTORY_REG(Data)
#endif

/* A constant tensor given by `value`. */
#ifndef OPS_PROTO_DEF_CONST
#define OPS_PROTO_DEF_CONST
REG_OP(Const)
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_INT16, DT_UINT16, DT_UINT8, DT_INT32, DT_INT64,
                           DT_UINT32, DT_UINT64, DT_BOOL, DT_DOUBLE}))
    .ATTR(value, Tensor, Tensor())
    .OP_END_FACTORY_REG(Const)
#endif

#ifndef OPS_PROTO_DEF_IDENTITY
#define OPS_PROTO_DEF_IDENTITY
REG_OP(Identity)
    .INPUT(x, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_INT16, DT_UINT16, DT_UINT8, DT_INT32, DT_INT64,
                          DT_UINT32, DT_UINT64, DT_BOOL, DT_DOUBLE, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_INT16, DT_UINT16, DT_UINT8, DT_INT32, DT_INT64,
                           DT_UINT32, DT_UINT64, DT_BOOL, DT_DOUBLE, DT_BF16}))
    .OP_END_FACTORY_REG(Identity)
#endif

/* x with the shape held by the int32/int64 tensor `shape` (normally a Const). */
#ifndef OPS_PROTO_DEF_RESHAPE
#define OPS_PROTO_DEF_RESHAPE
REG_OP(Reshape)
    .INPUT(x, TensorType::ALL())
    .INPUT(shape, TensorType({DT_INT32, DT_INT64}))
    .OUTPUT(y, TensorType::ALL())
    .ATTR(axis, Int, 0)
    .ATTR(num_axes, Int, -1)
    .OP_END_FACTORY_REG(Reshape)
#endif
/* x without the size-1 dims in `axis` (all of them when empty). */
#ifndef OPS_PROTO_DEF_SQUEEZE
#define OPS_PROTO_DEF_SQUEEZE
REG_OP(Squeeze)
    .INPUT(x, TensorType::ALL())
    .OUTPUT(y, TensorType::ALL())
    .ATTR(axis, ListInt, {})
    .OP_END_FACTORY_REG(Squeeze)
#endif

/* Squeeze with the axes as an input (ONNX's Squeeze from opset 13). */
#ifndef OPS_PROTO_DEF_SQUEEZEV3
#define OPS_PROTO_DEF_SQUEEZEV3
REG_OP(SqueezeV3)
    .INPUT(x, TensorType::ALL())
    .OPTIONAL_INPUT(axes, TensorType({DT_INT64}))
    .OUTPUT(y, TensorType::ALL())
    .OP_END_FACTORY_REG(SqueezeV3)
#endif

/* x with size-1 dims inserted at `axes` (positions in the output). */
#ifndef OPS_PROTO_DEF_UNSQUEEZE
#define OPS_PROTO_DEF_UNSQUEEZE
REG_OP(Unsqueeze)
    .INPUT(x, TensorType::ALL())
    .OUTPUT(y, TensorType::ALL())
    .ATTR(axes, ListInt, {})
    .OP_END_FACTORY_REG(Unsqueeze)
#endif

/* Unsqueeze with the axes as an input (ONNX's Unsqueeze from opset 13). */
#ifndef OPS_PROTO_DEF_UNSQUEEZEV3
#define OPS_PROTO_DEF_UNSQUEEZEV3
REG_OP(UnsqueezeV3)
    .INPUT(x, TensorType::ALL())
    .INPUT(axes, TensorType({DT_INT64}))
    .OUTPUT(y, TensorType::ALL())
    .OP_END_FACTORY_REG(UnsqueezeV3)
#endif

/* x's dims as a vector of `dtype`. */
#ifndef OPS_PROTO_DEF_SHAPE
#define OPS_PROTO_DEF_SHAPE
REG_OP(Shape)
    .INPUT(x, TensorType::ALL())
    .OUTPUT(y, TensorType({DT_INT32, DT_INT64}))
    .ATTR(dtype, Int, DT_INT32)
    .OP_END_FACTORY_REG(Shape)
#endif

/* x's element count as a scalar of `dtype`. */
#ifndef OPS_PROTO_DEF_SIZE
#define OPS_PROTO_DEF_SIZE
REG_OP(Size)
    .INPUT(x, TensorType::ALL())
    .OUTPUT(y, TensorType({DT_INT32, DT_INT64}))
    .ATTR(dtype, Int, DT_INT32)
    .OP_END_FACTORY_REG(Size)
#endif

/* x broadcast with `shape` (numpy rules, both ways). */
#ifndef OPS_PROTO_DEF_EXPAND
#define OPS_PROTO_DEF_EXPAND
REG_OP(Expand)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_INT32, DT_INT64, DT_INT8, DT_UINT8, DT_BOOL, DT_BF16}))
    .INPUT(shape, TensorType({DT_INT32, DT_INT64}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_INT32, DT_INT64, DT_INT8, DT_UINT8, DT_BOOL, DT_BF16}))
    .OP_END_FACTORY_REG(Expand)
#endif

/* A tensor of shape `dims` holding `value` everywhere. */
#ifndef OPS_PROTO_DEF_FILL
#define OPS_PROTO_DEF_FILL
REG_OP(Fill)
    .INPUT(dims, TensorType::IndexNumberType())
    .INPUT(value, TensorType::BasicType())
    .OUTPUT(y, TensorType::BasicType())
    .OP_END_FACTORY_REG(Fill)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
