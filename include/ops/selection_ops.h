/*
 * selection_ops.h: prototypes of the selection and indexing operators gecl runs (CANN's
 * op_proto/inc/selection_ops.h subset): StridedSliceV2, Tile, GatherV2, GatherElements, GatherNd,
 * ScatterElements, TensorScatterUpdate, TensorScatterAdd, Range, Trilu, Cumsum, OneHot, ReverseV2,
 * SelectV2, TopK. Each prototype is guarded by OPS_PROTO_DEF_<NAME>.
 */
#ifndef GECL_OPS_SELECTION_OPS_H_
#define GECL_OPS_SELECTION_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
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

/* ONNX's Slice: [begin, end) by strides along axes (gecl: the masks must be 0). */
#ifndef OPS_PROTO_DEF_STRIDEDSLICEV2
#define OPS_PROTO_DEF_STRIDEDSLICEV2
REG_OP(StridedSliceV2)
    .INPUT(x, TensorType({TensorType::BasicType(), DT_BOOL}))
    .INPUT(begin, TensorType::IndexNumberType())
    .INPUT(end, TensorType::IndexNumberType())
    .OPTIONAL_INPUT(axes, TensorType::IndexNumberType())
    .OPTIONAL_INPUT(strides, TensorType::IndexNumberType())
    .ATTR(begin_mask, Int, 0)
    .ATTR(end_mask, Int, 0)
    .ATTR(ellipsis_mask, Int, 0)
    .ATTR(new_axis_mask, Int, 0)
    .ATTR(shrink_axis_mask, Int, 0)
    .OUTPUT(y, TensorType({TensorType::BasicType(), DT_BOOL}))
    .OP_END_FACTORY_REG(StridedSliceV2)
#endif

/* x repeated multiples[k] times along dim k. */
#ifndef OPS_PROTO_DEF_TILE
#define OPS_PROTO_DEF_TILE
REG_OP(Tile)
    .INPUT(x, TensorType::BasicType())
    .INPUT(multiples, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType::BasicType())
    .OP_END_FACTORY_REG(Tile)
#endif

/* Slices of x along `axis` at `indices` (gecl: batch_dims 0). */
#ifndef OPS_PROTO_DEF_GATHERV2
#define OPS_PROTO_DEF_GATHERV2
REG_OP(GatherV2)
    .INPUT(x, TensorType::BasicType())
    .INPUT(indices, TensorType::IndexNumberType())
    .INPUT(axis, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType::BasicType())
    .ATTR(batch_dims, Int, 0)
    .ATTR(is_preprocessed, Bool, false)
    .ATTR(negative_index_support, Bool, false)
    .OP_END_FACTORY_REG(GatherV2)
#endif

/* x read along `dim` at `index`, element by element. */
#ifndef OPS_PROTO_DEF_GATHERELEMENTS
#define OPS_PROTO_DEF_GATHERELEMENTS
REG_OP(GatherElements)
    .INPUT(x, TensorType({DT_FLOAT16, DT_BF16, DT_FLOAT, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16,
                          DT_UINT32, DT_UINT64, DT_BOOL, DT_DOUBLE}))
    .INPUT(index, TensorType({DT_INT32, DT_INT64}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_BF16, DT_FLOAT, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16,
                           DT_UINT32, DT_UINT64, DT_BOOL, DT_DOUBLE}))
    .ATTR(dim, Int, 0)
    .OP_END_FACTORY_REG(GatherElements)
#endif

/* Slices of x addressed by the rows of `indices`. */
#ifndef OPS_PROTO_DEF_GATHERND
#define OPS_PROTO_DEF_GATHERND
REG_OP(GatherNd)
    .INPUT(x, TensorType::BasicType())
    .INPUT(indices, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType::BasicType())
    .ATTR(negative_index_support, Bool, false)
    .OP_END_FACTORY_REG(GatherNd)
#endif

/* data with `updates` written (or reduced) along `axis` at `indices`. */
#ifndef OPS_PROTO_DEF_SCATTERELEMENTS
#define OPS_PROTO_DEF_SCATTERELEMENTS
REG_OP(ScatterElements)
    .INPUT(data, TensorType::NumberType())
    .INPUT(indices, TensorType::IndexNumberType())
    .INPUT(updates, TensorType::NumberType())
    .OUTPUT(y, TensorType::NumberType())
    .ATTR(axis, Int, 0)
    .ATTR(reduction, String, "none")
    .OP_END_FACTORY_REG(ScatterElements)
#endif

/* x with the slices the rows of `indices` address replaced by `updates`. */
#ifndef OPS_PROTO_DEF_TENSORSCATTERUPDATE
#define OPS_PROTO_DEF_TENSORSCATTERUPDATE
REG_OP(TensorScatterUpdate)
    .INPUT(x, TensorType::BasicType())
    .INPUT(indices, TensorType::IndexNumberType())
    .INPUT(updates, TensorType::BasicType())
    .OUTPUT(y, TensorType::BasicType())
    .OP_END_FACTORY_REG(TensorScatterUpdate)
#endif

/* x with `updates` added to the slices the rows of `indices` address. */
#ifndef OPS_PROTO_DEF_TENSORSCATTERADD
#define OPS_PROTO_DEF_TENSORSCATTERADD
REG_OP(TensorScatterAdd)
    .INPUT(x, TensorType::BasicType())
    .INPUT(indices, TensorType::IndexNumberType())
    .INPUT(updates, TensorType::BasicType())
    .OUTPUT(y, TensorType::BasicType())
    .OP_END_FACTORY_REG(TensorScatterAdd)
#endif

/* start, start + delta, ... up to limit (exclusive). */
#ifndef OPS_PROTO_DEF_RANGE
#define OPS_PROTO_DEF_RANGE
REG_OP(Range)
    .INPUT(start, TensorType({DT_FLOAT16, DT_FLOAT, DT_INT32, DT_DOUBLE, DT_INT64, DT_BF16}))
    .INPUT(limit, TensorType({DT_FLOAT16, DT_FLOAT, DT_INT32, DT_DOUBLE, DT_INT64, DT_BF16}))
    .INPUT(delta, TensorType({DT_FLOAT16, DT_FLOAT, DT_INT32, DT_DOUBLE, DT_INT64, DT_BF16}))
    .OUTPUT(y, TensorType({DT_FLOAT16, DT_FLOAT, DT_INT32, DT_DOUBLE, DT_INT64, DT_BF16}))
    .ATTR(is_closed, Bool, false)
    .OP_END_FACTORY_REG(Range)
#endif

/* The lower (upper = 0) or upper triangle of the last two dims, from diagonal k. */
#ifndef OPS_PROTO_DEF_TRILU
#define OPS_PROTO_DEF_TRILU
REG_OP(Trilu)
    .INPUT(x, "T")
    .OPTIONAL_INPUT(k, "T_K")
    .ATTR(upper, Int, 0)
    .OUTPUT(y, "T")
    .DATATYPE(T, TensorType({DT_FLOAT16, DT_BF16, DT_FLOAT, DT_DOUBLE, DT_INT32, DT_UINT8, DT_INT16, DT_INT8,
                             DT_INT64, DT_UINT16, DT_UINT32, DT_UINT64, DT_BOOL}))
    .DATATYPE(T_K, TensorType({DT_INT32, DT_INT64}))
    .OP_END_FACTORY_REG(Trilu)
#endif

/* Running sums along `axis`. */
#ifndef OPS_PROTO_DEF_CUMSUM
#define OPS_PROTO_DEF_CUMSUM
REG_OP(Cumsum)
    .INPUT(x, TensorType::NumberType())
    .INPUT(axis, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType::NumberType())
    .ATTR(exclusive, Bool, false)
    .ATTR(reverse, Bool, false)
    .OP_END_FACTORY_REG(Cumsum)
#endif
/* TensorFlow's OneHot: on_value where the index matches the position along `axis`. */
#ifndef OPS_PROTO_DEF_ONEHOT
#define OPS_PROTO_DEF_ONEHOT
REG_OP(OneHot)
    .INPUT(x, TensorType({DT_UINT8, DT_INT32, DT_INT64}))
    .INPUT(depth, TensorType({DT_INT32, DT_INT64}))
    .INPUT(on_value, TensorType::BasicType())
    .INPUT(off_value, TensorType::BasicType())
    .OUTPUT(y, TensorType::BasicType())
    .ATTR(axis, Int, -1)
    .OP_END_FACTORY_REG(OneHot)
#endif

/* result = condition ? then : else, all three broadcasting. */
#ifndef OPS_PROTO_DEF_SELECTV2
#define OPS_PROTO_DEF_SELECTV2
REG_OP(SelectV2)
    .INPUT(condition, TensorType({DT_BOOL}))
    .INPUT(then, TensorType::BasicType())
    .INPUT(else, TensorType::BasicType())
    .OUTPUT(result, TensorType::BasicType())
    .OP_END_FACTORY_REG(SelectV2)
#endif

/* The k largest (largest = false: smallest) elements along `dim` and their int32 positions. */
#ifndef OPS_PROTO_DEF_TOPK
#define OPS_PROTO_DEF_TOPK
REG_OP(TopK)
    .INPUT(x, TensorType::RealNumberType())
    .INPUT(k, TensorType({DT_INT32}))
    .OUTPUT(values, TensorType::RealNumberType())
    .OUTPUT(indices, TensorType({DT_INT32}))
    .ATTR(sorted, Bool, true)
    .ATTR(largest, Bool, true)
    .ATTR(dim, Int, -1)
    .OP_END_FACTORY_REG(TopK)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
