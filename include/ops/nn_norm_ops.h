/* nn_norm_ops.h: SoftmaxV2 and LogSoftmaxV2 (subset of CANN's header): (log) softmax over the
 * `axes` dims; HardMax: 1 at the first maximum along `axis`, 0 elsewhere. */
#ifndef GECL_OPS_NN_NORM_OPS_H_
#define GECL_OPS_NN_NORM_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
#ifndef OPS_PROTO_DEF_SOFTMAXV2
#define OPS_PROTO_DEF_SOFTMAXV2
REG_OP(SoftmaxV2)
    .INPUT(x, TensorType({DT_DOUBLE, DT_FLOAT16, DT_BF16, DT_FLOAT}))
    .OUTPUT(y, TensorType({DT_DOUBLE, DT_FLOAT16, DT_BF16, DT_FLOAT}))
    .ATTR(axes, ListInt, {-1})
    .ATTR(half_to_float, Bool, false)
    .OP_END_FACTORY_REG(SoftmaxV2)
#endif

#ifndef OPS_PROTO_DEF_LOGSOFTMAXV2
#define OPS_PROTO_DEF_LOGSOFTMAXV2
REG_OP(LogSoftmaxV2)
    .INPUT(logits, TensorType({DT_DOUBLE, DT_FLOAT16, DT_BF16, DT_FLOAT}))
    .OUTPUT(logsoftmax, TensorType({DT_DOUBLE, DT_FLOAT16, DT_BF16, DT_FLOAT}))
    .ATTR(axes, ListInt, {-1})
    .OP_END_FACTORY_REG(LogSoftmaxV2)
#endif

#ifndef OPS_PROTO_DEF_HARDMAX
#define OPS_PROTO_DEF_HARDMAX
REG_OP(HardMax)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT}))
    .ATTR(axis, Int, -1)
    .OP_END_FACTORY_REG(HardMax)
#endif
}  // namespace ge

#endif
