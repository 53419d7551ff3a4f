/*
 * selection_ops.h: ReverseV2 (subset of CANN's header): x flipped along the axes a constant
 * int32/int64 vector input names.
 */
#ifndef GECL_OPS_SELECTION_OPS_H_
#define GECL_OPS_SELECTION_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
#ifndef OPS_PROTO_DEF_REVERSEV2
#define OPS_PROTO_DEF_REVERSEV2
REG_OP(ReverseV2)
    .INPUT(x, TensorType({DT_INT8, DT_UINT8, DT_INT16, DT_UINT16, DT_INT32, DT_INT64, DT_BOOL, DT_FLOAT16, DT_FLOAT,
                          DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128, DT_STRING, DT_BF16}))
    .INPUT(axis, TensorType({DT_INT32, DT_INT64}))
    .OUTPUT(y, TensorType({DT_INT8, DT_UINT8, DT_INT16, DT_UINT16, DT_INT32, DT_INT64, DT_BOOL, DT_FLOAT16, DT_FLOAT,
                           DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128, DT_STRING, DT_BF16}))
    .OP_END_FACTORY_REG(ReverseV2)
#endif
}  // namespace ge

#endif
