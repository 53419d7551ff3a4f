/* nonlinear_fuc_ops.h: prototypes of the activations gecl runs (subset of CANN's header). */
#ifndef GECL_OPS_NONLINEAR_FUC_OPS_H_
#define GECL_OPS_NONLINEAR_FUC_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
#ifndef OPS_PROTO_DEF_RELU
#define OPS_PROTO_DEF_RELU
REG_OP(Relu)
    .INPUT(x, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_INT32, DT_INT16, DT_INT64, DT_UINT8,
                          DT_UINT16, DT_QINT8, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE, DT_INT8, DT_INT32, DT_INT16, DT_INT64, DT_UINT8,
                           DT_UINT16, DT_QINT8, DT_BF16}))
    .OP_END_FACTORY_REG(Relu)
#endif

/* min(max(x, 0), 6) */
#ifndef OPS_PROTO_DEF_RELU6
#define OPS_PROTO_DEF_RELU6
REG_OP(Relu6)
    .INPUT(x, TensorType::RealNumberType())
    .OUTPUT(y, TensorType::RealNumberType())
    .OP_END_FACTORY_REG(Relu6)
#endif

#ifndef OPS_PROTO_DEF_SIGMOID
#define OPS_PROTO_DEF_SIGMOID
REG_OP(Sigmoid)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Sigmoid)
#endif

#ifndef OPS_PROTO_DEF_TANH
#define OPS_PROTO_DEF_TANH
REG_OP(Tanh)
    .INPUT(x, TensorType::UnaryDataType())
    .OUTPUT(y, TensorType::UnaryDataType())
    .OP_END_FACTORY_REG(Tanh)
#endif

/* ---- activations with attributes ---- */

/* log(exp(x) + 1) */
#ifndef OPS_PROTO_DEF_SOFTPLUS
#define OPS_PROTO_DEF_SOFTPLUS
REG_OP(Softplus)
    .INPUT(x, TensorType::FloatingDataType())
    .OUTPUT(y, TensorType::FloatingDataType())
    .OP_END_FACTORY_REG(Softplus)
#endif

/* x / (abs(x) + 1) */
#ifndef OPS_PROTO_DEF_SOFTSIGN
#define OPS_PROTO_DEF_SOFTSIGN
REG_OP(Softsign)
    .INPUT(x, TensorType::FloatingDataType())
    .OUTPUT(y, TensorType::FloatingDataType())
    .OP_END_FACTORY_REG(Softsign)
#endif

/* scale * (x > 0 ? x : alpha * (exp(input_scale * x) - 1)) */
#ifndef OPS_PROTO_DEF_ELU
#define OPS_PROTO_DEF_ELU
REG_OP(Elu)
    .INPUT(x, TensorType::FloatingDataType())
    .OUTPUT(y, TensorType::FloatingDataType())
    .ATTR(alpha, Float, 1.0)
    .ATTR(scale, Float, 1.0)
    .ATTR(input_scale, Float, 1.0)
    .OP_END_FACTORY_REG(Elu)
#endif

/* max(0, x) + min(0, alpha * (exp(x / alpha) - 1)) */
#ifndef OPS_PROTO_DEF_CELUV2
#define OPS_PROTO_DEF_CELUV2
REG_OP(CeluV2)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT}))
    .ATTR(alpha, Float, 1.0)
    .OP_END_FACTORY_REG(CeluV2)
#endif

/* x > 0 ? x : negative_slope * x */
#ifndef OPS_PROTO_DEF_LEAKYRELU
#define OPS_PROTO_DEF_LEAKYRELU
REG_OP(LeakyRelu)
    .INPUT(x, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE}))
    .OUTPUT(y, TensorType({DT_FLOAT, DT_FLOAT16, DT_DOUBLE}))
    .ATTR(negative_slope, Float, 0.0)
    .OP_END_FACTORY_REG(LeakyRelu)
#endif

/* max(0, min(1, alpha * x + beta)) */
#ifndef OPS_PROTO_DEF_HARDSIGMOID
#define OPS_PROTO_DEF_HARDSIGMOID
REG_OP(HardSigmoid)
    .INPUT(input_x, TensorType({DT_FLOAT, DT_FLOAT16, DT_INT32}))
    .OUTPUT(output_y, TensorType({DT_FLOAT16, DT_FLOAT}))
    .ATTR(alpha, Float, 0.16666666)
    .ATTR(beta, Float, 0.5)
    .OP_END_FACTORY_REG(HardSigmoid)
#endif

/* x * relu6(x + 3) / 6 */
#ifndef OPS_PROTO_DEF_HARDSWISH
#define OPS_PROTO_DEF_HARDSWISH
REG_OP(HardSwish)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT}))
    .OP_END_FACTORY_REG(HardSwish)
#endif

/* x > alpha ? x : 0 */
#ifndef OPS_PROTO_DEF_THRESHOLDEDRELU
#define OPS_PROTO_DEF_THRESHOLDEDRELU
REG_OP(ThresholdedRelu)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT}))
    .ATTR(alpha, Float, 1.0)
    .OP_END_FACTORY_REG(ThresholdedRelu)
#endif

/* x < -lambd ? x + bias : x > lambd ? x - bias : 0 */
#ifndef OPS_PROTO_DEF_SHRINK
#define OPS_PROTO_DEF_SHRINK
REG_OP(Shrink)
    .INPUT(input_x, TensorType({DT_FLOAT16, DT_FLOAT}))
    .OUTPUT(output_y, TensorType({DT_FLOAT16, DT_FLOAT}))
    .ATTR(lambd, Float, 0.5)
    .ATTR(bias, Float, 0.0)
    .OP_END_FACTORY_REG(Shrink)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
