/*
 * nn_pooling_ops.h: pooling prototypes (subset of CANN's header). MaxPool/AvgPool take 4-entry
 * ksize/strides in data_format order and padding "SAME" or "VALID"; the V3/V2 forms add
 * explicit pads [top, bottom, left, right] (padding_mode "CALCULATED"), global pooling and
 * ceil mode.
 */
#ifndef GECL_OPS_NN_POOLING_OPS_H_
#define GECL_OPS_NN_POOLING_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
#ifndef OPS_PROTO_DEF_MAXPOOL
#define OPS_PROTO_DEF_MAXPOOL
REG_OP(MaxPool)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8,
                          DT_UINT16, DT_QINT8}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8,
                           DT_UINT16, DT_QINT8}))
    .REQUIRED_ATTR(ksize, ListInt)
    .REQUIRED_ATTR(strides, ListInt)
    .REQUIRED_ATTR(padding, String)
    .ATTR(data_format, String, "NHWC")
    .OP_END_FACTORY_REG(MaxPool)
#endif

#ifndef OPS_PROTO_DEF_AVGPOOL
#define OPS_PROTO_DEF_AVGPOOL
REG_OP(AvgPool)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT8}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE, DT_INT32}))
    .REQUIRED_ATTR(ksize, ListInt)
    .REQUIRED_ATTR(strides, ListInt)
    .REQUIRED_ATTR(padding, String)
    .ATTR(data_format, String, "NHWC")
    .OP_END_FACTORY_REG(AvgPool)
#endif

#ifndef OPS_PROTO_DEF_MAXPOOLV3
#define OPS_PROTO_DEF_MAXPOOLV3
REG_OP(MaxPoolV3)
    .INPUT(x, TensorType({DT_FLOAT16, DT_BF16, DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_UINT8, DT_INT16,
                          DT_INT8, DT_UINT16, DT_QINT8}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_BF16, DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_UINT8, DT_INT16,
                           DT_INT8, DT_UINT16, DT_QINT8}))
    .REQUIRED_ATTR(ksize, ListInt)
    .REQUIRED_ATTR(strides, ListInt)
    .ATTR(padding_mode, String, "CALCULATED")
    .ATTR(pads, ListInt, {0, 0, 0, 0})
    .ATTR(data_format, String, "NCHW")
    .ATTR(global_pooling, Bool, false)
    .ATTR(ceil_mode, Bool, false)
    .OP_END_FACTORY_REG(MaxPoolV3)
#endif

/* exclusive: padding is left out of the average; divisor_override: fixed divisor when > 0. */
#ifndef OPS_PROTO_DEF_AVGPOOLV2
#define OPS_PROTO_DEF_AVGPOOLV2
REG_OP(AvgPoolV2)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_BF16, DT_DOUBLE}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_BF16, DT_DOUBLE}))
    .REQUIRED_ATTR(ksize, ListInt)
    .REQUIRED_ATTR(strides, ListInt)
    .ATTR(padding_mode, String, "CALCULATED")
    .ATTR(pads, ListInt, {0, 0, 0, 0})
    .ATTR(data_format, String, "NCHW")
    .ATTR(global_pooling, Bool, false)
    .ATTR(ceil_mode, Bool, false)
    .ATTR(exclusive, Bool, true)
    .ATTR(divisor_override, Int, 0)
    .OP_END_FACTORY_REG(AvgPoolV2)
#endif
#ifndef OPS_PROTO_DEF_MAXPOOL3DWITHARGMAXV2
#define OPS_PROTO_DEF_MAXPOOL3DWITHARGMAXV2
/* Max pooling over D, H, W of an NCDHW tensor with PyTorch's indices (max_pool3d_with_indices):
 * argmax is the flat position (d * H + h) * W + w of each maximum in its (n, c) plane. pads
 * apply to both sides and are at most ksize / 2; dtype is argmax's (3: int32, 9: int64). */
REG_OP(MaxPool3DWithArgmaxV2)
    .INPUT(x, TensorType({DT_FLOAT16, DT_FLOAT, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_BF16}))
    .OUTPUT(argmax, TensorType({DT_INT32, DT_INT64}))
    .REQUIRED_ATTR(ksize, ListInt)
    .REQUIRED_ATTR(strides, ListInt)
    .REQUIRED_ATTR(pads, ListInt)
    .ATTR(dilation, ListInt, {1, 1, 1})
    .ATTR(ceil_mode, Bool, false)
    .ATTR(data_format, String, "NCDHW")
    .ATTR(dtype, Int, 3)
    .OP_END_FACTORY_REG(MaxPool3DWithArgmaxV2)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
