/*
 * array_ops.h: prototypes of the array operators gecl runs (CANN's op_proto/inc/array_ops.h
 * subset): Data, Const, Identity, Reshape. Each prototype is guarded by OPS_PROTO_DEF_<NAME>,
 * as in CANN's newer headers, so another header may define the same operator first.
 */
#ifndef GECL_OPS_ARRAY_OPS_H_
#define GECL_OPS_ARRAY_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
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
}  // namespace ge

#endif
