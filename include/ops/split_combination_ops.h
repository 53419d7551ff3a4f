/*
 * split_combination_ops.h: concatenation prototypes (subset of CANN's header). The tensors to
 * join are the dynamic input x (create_dynamic_input_x(n), then set_dynamic_input_x(i, op));
 * set N to n. Concat takes the axis as its first input, ConcatV2 as its last, ConcatD as the
 * concat_dim attribute.
 */
#ifndef GECL_OPS_SPLIT_COMBINATION_OPS_H_
#define GECL_OPS_SPLIT_COMBINATION_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
#ifndef OPS_PROTO_DEF_CONCAT
#define OPS_PROTO_DEF_CONCAT
REG_OP(Concat)
    .INPUT(concat_dim, TensorType::IndexNumberType())
    .DYNAMIC_INPUT(x, TensorType({BasicType(), DT_BOOL}))
    .OUTPUT(y, TensorType({BasicType(), DT_BOOL}))
    .ATTR(N, Int, 1)
    .OP_END_FACTORY_REG(Concat)
#endif

#ifndef OPS_PROTO_DEF_CONCATV2
#define OPS_PROTO_DEF_CONCATV2
REG_OP(ConcatV2)
    .DYNAMIC_INPUT(x, TensorType({BasicType(), DT_BOOL, DT_STRING}))
    .INPUT(concat_dim, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType({BasicType(), DT_BOOL, DT_STRING}))
    .ATTR(N, Int, 1)
    .OP_END_FACTORY_REG(ConcatV2)
#endif

#ifndef OPS_PROTO_DEF_SPLIT
#define OPS_PROTO_DEF_SPLIT
REG_OP(Split)
    .INPUT(split_dim, TensorType({DT_INT32}))
    .INPUT(x, TensorType({BasicType(), DT_BOOL}))
    .DYNAMIC_OUTPUT(y, TensorType({BasicType(), DT_BOOL}))
    .REQUIRED_ATTR(num_split, Int)
    .OP_END_FACTORY_REG(Split)
#endif

#ifndef OPS_PROTO_DEF_SPLITD
#define OPS_PROTO_DEF_SPLITD
REG_OP(SplitD)
    .INPUT(x, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16,
                          DT_UINT32, DT_UINT64, DT_BOOL}))
    .DYNAMIC_OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16,
                                   DT_UINT32, DT_UINT64, DT_BOOL}))
    .REQUIRED_ATTR(split_dim, Int)
    .REQUIRED_ATTR(num_split, Int)
    .OP_END_FACTORY_REG(SplitD)
#endif

#ifndef OPS_PROTO_DEF_SPLITV
#define OPS_PROTO_DEF_SPLITV
REG_OP(SplitV)
    .INPUT(x, TensorType({BasicType(), DT_BOOL}))
    .INPUT(size_splits, TensorType::IndexNumberType())
    .INPUT(split_dim, TensorType({DT_INT32}))
    .DYNAMIC_OUTPUT(y, TensorType({BasicType(), DT_BOOL}))
    .REQUIRED_ATTR(num_split, Int)
    .OP_END_FACTORY_REG(SplitV)
#endif

#ifndef OPS_PROTO_DEF_SPLITVD
#define OPS_PROTO_DEF_SPLITVD
REG_OP(SplitVD)
    .INPUT(x, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16,
                          DT_UINT32, DT_UINT64, DT_BOOL}))
    .DYNAMIC_OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16,
                                   DT_UINT32, DT_UINT64, DT_BOOL}))
    .REQUIRED_ATTR(size_splits, ListInt)
    .REQUIRED_ATTR(split_dim, Int)
    .REQUIRED_ATTR(num_split, Int)
    .OP_END_FACTORY_REG(SplitVD)
#endif

#ifndef OPS_PROTO_DEF_CONCATD
#define OPS_PROTO_DEF_CONCATD
REG_OP(ConcatD)
    .DYNAMIC_INPUT(x, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8,
                                  DT_UINT16, DT_UINT32, DT_UINT64, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16,
                           DT_UINT32, DT_UINT64, DT_BF16}))
    .REQUIRED_ATTR(concat_dim, Int)
    .ATTR(N, Int, 1)
    .OP_END_FACTORY_REG(ConcatD)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
