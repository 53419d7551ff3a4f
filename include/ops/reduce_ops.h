/*
 * reduce_ops.h: reduction prototypes (subset of CANN's header). ReduceSum, ReduceMean, ReduceMax,
 * ReduceMin, ReduceProd, ReduceLogSumExp and EuclideanNorm take the axes as a constant int32/int64
 * input; the D forms as the axes attribute. keep_dims keeps reduced axes as size 1. Empty axes:
 * with noop_with_empty_axes true nothing is reduced (y = x), false reduces every axis; ops without
 * the attribute reduce nothing, as TensorFlow. ArgMaxV2 / ArgMin (CANN declares them in
 * elewise_calculation_ops.h) take the axis as the `dimension` input and drop it.
 */
#ifndef GECL_OPS_REDUCE_OPS_H_
#define GECL_OPS_REDUCE_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
#ifndef OPS_PROTO_DEF_REDUCESUM
#define OPS_PROTO_DEF_REDUCESUM
REG_OP(ReduceSum)
    .INPUT(x, TensorType::NumberType())
    .INPUT(axes, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType::NumberType())
    .ATTR(keep_dims, Bool, false)
    .ATTR(noop_with_empty_axes, Bool, true)
    .OP_END_FACTORY_REG(ReduceSum)
#endif

#ifndef OPS_PROTO_DEF_REDUCESUMD
#define OPS_PROTO_DEF_REDUCESUMD
REG_OP(ReduceSumD)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_BF16}))
    .REQUIRED_ATTR(axes, ListInt)
    .ATTR(keep_dims, Bool, false)
    .OP_END_FACTORY_REG(ReduceSumD)
#endif

#ifndef OPS_PROTO_DEF_REDUCEMEAN
#define OPS_PROTO_DEF_REDUCEMEAN
REG_OP(ReduceMean)
    .INPUT(x, TensorType::NumberType())
    .INPUT(axes, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType::NumberType())
    .ATTR(keep_dims, Bool, false)
    .ATTR(noop_with_empty_axes, Bool, true)
    .OP_END_FACTORY_REG(ReduceMean)
#endif

#ifndef OPS_PROTO_DEF_REDUCEMEAND
#define OPS_PROTO_DEF_REDUCEMEAND
REG_OP(ReduceMeanD)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_BF16}))
    .REQUIRED_ATTR(axes, ListInt)
    .ATTR(keep_dims, Bool, false)
    .ATTR(noop_with_empty_axes, Bool, false)
    .OP_END_FACTORY_REG(ReduceMeanD)
#endif

#ifndef OPS_PROTO_DEF_REDUCEMAX
#define OPS_PROTO_DEF_REDUCEMAX
REG_OP(ReduceMax)
    .INPUT(x, TensorType::NumberType())
    .INPUT(axes, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType::NumberType())
    .ATTR(keep_dims, Bool, false)
    .ATTR(noop_with_empty_axes, Bool, true)
    .OP_END_FACTORY_REG(ReduceMax)
#endif

#ifndef OPS_PROTO_DEF_REDUCEMAXD
#define OPS_PROTO_DEF_REDUCEMAXD
REG_OP(ReduceMaxD)
    .INPUT(x, TensorType({DT_FLOAT, DT_UINT8, DT_INT8, DT_FLOAT16, DT_INT32, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_UINT8, DT_INT8, DT_FLOAT16, DT_INT32, DT_BF16}))
    .REQUIRED_ATTR(axes, ListInt)
    .ATTR(keep_dims, Bool, false)
    .OP_END_FACTORY_REG(ReduceMaxD)
#endif

#ifndef OPS_PROTO_DEF_REDUCEMIN
#define OPS_PROTO_DEF_REDUCEMIN
REG_OP(ReduceMin)
    .INPUT(x, TensorType::NumberType())
    .INPUT(axes, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType::NumberType())
    .ATTR(keep_dims, Bool, false)
    .OP_END_FACTORY_REG(ReduceMin)
#endif

#ifndef OPS_PROTO_DEF_REDUCEMIND
#define OPS_PROTO_DEF_REDUCEMIND
REG_OP(ReduceMinD)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_INT8, DT_UINT8, DT_INT32, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_INT8, DT_UINT8, DT_INT32, DT_BF16}))
    .REQUIRED_ATTR(axes, ListInt)
    .ATTR(keep_dims, Bool, false)
    .OP_END_FACTORY_REG(ReduceMinD)
#endif

#ifndef OPS_PROTO_DEF_REDUCEPROD
#define OPS_PROTO_DEF_REDUCEPROD
REG_OP(ReduceProd)
    .INPUT(x, TensorType::NumberType())
    .INPUT(axes, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType::NumberType())
    .ATTR(keep_dims, Bool, false)
    .ATTR(noop_with_empty_axes, Bool, true)
    .OP_END_FACTORY_REG(ReduceProd)
#endif

#ifndef OPS_PROTO_DEF_REDUCEPRODD
#define OPS_PROTO_DEF_REDUCEPRODD
REG_OP(ReduceProdD)
    .INPUT(x, TensorType({DT_FLOAT, DT_UINT8, DT_INT8, DT_INT32, DT_FLOAT16, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_UINT8, DT_INT8, DT_INT32, DT_FLOAT16, DT_BF16}))
    .REQUIRED_ATTR(axes, ListInt)
    .ATTR(keep_dims, Bool, false)
    .OP_END_FACTORY_REG(ReduceProdD)
#endif

#ifndef OPS_PROTO_DEF_REDUCELOGSUMEXP
#define OPS_PROTO_DEF_REDUCELOGSUMEXP
REG_OP(ReduceLogSumExp)
    .INPUT(x, TensorType({DT_FLOAT, DT_FLOAT16, DT_BF16}))
    .INPUT(axes, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_BF16}))
    .ATTR(keep_dims, Bool, false)
    .ATTR(noop_with_empty_axes, Bool, false)
    .OP_END_FACTORY_REG(ReduceLogSumExp)
#endif

#ifndef OPS_PROTO_DEF_EUCLIDEANNORM
#define OPS_PROTO_DEF_EUCLIDEANNORM
REG_OP(EuclideanNorm)
    .INPUT(x, TensorType::NumberType())
    .INPUT(axes, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType::NumberType())
    .ATTR(keep_dims, Bool, false)
    .OP_END_FACTORY_REG(EuclideanNorm)
#endif

/* dtype is a ge::DataType value (DT_INT32 or DT_INT64); CANN declares it as a Type attribute,
 * gecl's schema as an Int holding the same enum value, so set_attr_dtype(DT_INT32) works alike. */
#ifndef OPS_PROTO_DEF_ARGMAXV2
#define OPS_PROTO_DEF_ARGMAXV2
REG_OP(ArgMaxV2)
    .INPUT(x, TensorType::NumberType())
    .INPUT(dimension, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType({DT_INT32, DT_INT64}))
    .ATTR(dtype, Int, DT_INT64)
    .OP_END_FACTORY_REG(ArgMaxV2)
#endif

#ifndef OPS_PROTO_DEF_ARGMIN
#define OPS_PROTO_DEF_ARGMIN
REG_OP(ArgMin)
    .INPUT(x, TensorType::NumberType())
    .INPUT(dimension, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType({DT_INT32, DT_INT64}))
    .ATTR(dtype, Int, DT_INT64)
    .OP_END_FACTORY_REG(ArgMin)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
