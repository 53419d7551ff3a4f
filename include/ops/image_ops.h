/*
 * image_ops.h: prototypes of the image operators gecl runs (CANN's op_proto/inc/image_ops.h
 * subset): Resize. Each prototype is guarded by OPS_PROTO_DEF_<NAME>.
 */
#ifndef GECL_OPS_IMAGE_OPS_H_
#define GECL_OPS_IMAGE_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
/* ONNX's Resize: nearest, linear or cubic interpolation over every axis; the output size from
 * sizes, or from scales; roi for tf_crop_and_resize. gecl computes float, float16 and double. */
#ifndef OPS_PROTO_DEF_RESIZE
#define OPS_PROTO_DEF_RESIZE
REG_OP(Resize)
    .INPUT(x, TensorType({DT_INT8, DT_UINT8, DT_INT16, DT_UINT16, DT_INT32, DT_INT64, DT_FLOAT16, DT_FLOAT, DT_DOUBLE}))
    .OPTIONAL_INPUT(roi, TensorType({DT_FLOAT16, DT_FLOAT, DT_DOUBLE}))
    .OPTIONAL_INPUT(scales, TensorType({DT_FLOAT}))
    .OPTIONAL_INPUT(sizes, TensorType({DT_INT64, DT_INT32}))
    .OUTPUT(y, TensorType({DT_INT8, DT_UINT8, DT_INT16, DT_UINT16, DT_INT32, DT_INT64, DT_FLOAT16, DT_FLOAT, DT_DOUBLE}))
    .ATTR(coordinate_transformation_mode, String, "half_pixel")
    .ATTR(cubic_coeff_a, Float, -0.75)
    .ATTR(exclude_outside, Int, 0)
    .ATTR(extrapolation_value, Float, 0.0)
    .ATTR(mode, String, "nearest")
    .ATTR(nearest_mode, String, "round_prefer_floor")
    .OP_END_FACTORY_REG(Resize)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
