/* nonlinear_fuc_ops.h: prototypes of the activations gecl runs (subset of CANN's header). */
#ifndef GECL_OPS_NONLINEAR_FUC_OPS_H_
#define GECL_OPS_NONLINEAR_FUC_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
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
}  // namespace ge

#endif
