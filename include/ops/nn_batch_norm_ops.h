/*
 * nn_batch_norm_ops.h: CANN's batch normalization prototype (op_proto/inc/nn_batch_norm_ops.h;
 * the declaration of CANN's current ops_proto_nn.h): BatchNorm, which CANN's VGG IR-build sample
 * uses after each convolution. gecl has no BatchNorm kernel (it folds ONNX BatchNormalization
 * into a convolution instead): a graph using it fails at CompileGraph with "op BatchNorm is not
 * supported" naming the node.
 */
#ifndef GECL_OPS_NN_BATCH_NORM_OPS_H_
#define GECL_OPS_NN_BATCH_NORM_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
#ifndef OPS_PROTO_DEF_BATCHNORM
#define OPS_PROTO_DEF_BATCHNORM
REG_OP(BatchNorm)
    .INPUT(x, "T1")
    .INPUT(scale, "T2")
    .INPUT(offset, "T2")
    .OPTIONAL_INPUT(mean, "T2")
    .OPTIONAL_INPUT(variance, "T2")
    .OUTPUT(y, "T1")
    .OUTPUT(batch_mean, "T2")
    .OUTPUT(batch_variance, "T2")
    .OUTPUT(reserve_space_1, "T2")
    .OUTPUT(reserve_space_2, "T2")
    .OUTPUT(reserve_space_3, "T2")
    .ATTR(epsilon, Float, 1e-4f)
    .ATTR(data_format, String, "NHWC")
    .ATTR(is_training, Bool, true)
    .ATTR(exponential_avg_factor, Float, 1.0f)
    .DATATYPE(T1, TensorType({DT_FLOAT, DT_FLOAT16, DT_BF16}))
    .DATATYPE(T2, TensorType({DT_FLOAT}))
    .OP_END_FACTORY_REG(BatchNorm)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
