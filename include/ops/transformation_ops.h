/*
 * transformation_ops.h: Transpose (permutation from the int32/int64 tensor `perm`, normally a
 * Const) and TransposeD (permutation as an attribute); subset of CANN's header.
 */
#ifndef GECL_OPS_TRANSFORMATION_OPS_H_
#define GECL_OPS_TRANSFORMATION_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
#ifndef OPS_PROTO_DEF_TRANSPOSE
#define OPS_PROTO_DEF_TRANSPOSE
REG_OP(Transpose)
    .INPUT(x, TensorType({DT_BOOL, DT_FLOAT16, DT_FLOAT, DT_INT8, DT_INT32, DT_UINT32, DT_UINT8, DT_INT64,
                          DT_UINT64, DT_INT16, DT_UINT16, DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .INPUT(perm, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType({DT_BOOL, DT_FLOAT16, DT_FLOAT, DT_INT8, DT_INT32, DT_UINT32, DT_UINT8, DT_INT64,
                           DT_UINT64, DT_INT16, DT_UINT16, DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OP_END_FACTORY_REG(Transpose)
#endif

#ifndef OPS_PROTO_DEF_TRANSPOSED
#define OPS_PROTO_DEF_TRANSPOSED
REG_OP(TransposeD)
    .INPUT(x, TensorType({DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16, DT_UINT32, DT_UINT64,
                          DT_FLOAT16, DT_FLOAT, DT_BF16}))
    .OUTPUT(y, TensorType({DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16, DT_UINT32, DT_UINT64,
                           DT_FLOAT16, DT_FLOAT, DT_BF16}))
    .REQUIRED_ATTR(perm, ListInt)
    .OP_END_FACTORY_REG(TransposeD)
#endif
}  // namespace ge

#endif
