/*
 * transformation_ops.h: Transpose (permutation from the int32/int64 tensor `perm`, normally a
 * Const) and TransposeD (permutation as an attribute), Flatten, DepthToSpace, SpaceToDepth; subset of
 * CANN's header. FlattenV2 is declared (CANN's samples use it) but gecl has no kernel for it.
 */
#ifndef GECL_OPS_TRANSFORMATION_OPS_H_
#define GECL_OPS_TRANSFORMATION_OPS_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

namespace ge {
GECL_PROTO_BEGIN
#ifndef OPS_PROTO_DEF_TRANSPOSE
#define OPS_PROTO_DEF_TRANSPOSE
REG_OP(Transpose)
    .INPUT(x, TensorType({DT_BOOL, DT_FLOAT16, DT_FLOAT, DT_INT8, DT_INT32, DT_UINT32, DT_UINT8, DT_INT64,
                          DT_UINT64, DT_INT16, DT_UINT16, DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .INPUT(perm, TensorType::IndexNumberType())
    .OUTPUT(y, TensorType({DT_BOOL, DT_FLOAT16, DT_FLOAT, DT_INT8, DT_INT32, DT_UINT32, DT_UINT8, DT_INT64,
                           DT_UINT64, DT_INT16, DT_UINT16, DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128, DT_BF16}))
    .OP_END_FACTORY_REG(Transpose)
#endif

#ifndef OPS_PROTO_DEF_TRANSPOSED
#define OPS_PROTO_DEF_TRANSPOSED
REG_OP(TransposeD)
    .INPUT(x, TensorType({DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16, DT_UINT32, DT_UINT64,
                          DT_FLOAT16, DT_FLOAT, DT_BF16}))
    .OUTPUT(y, TensorType({DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16, DT_UINT32, DT_UINT64,
                           DT_FLOAT16, DT_FLOAT, DT_BF16}))
    .REQUIRED_ATTR(perm, ListInt)
    .OP_END_FACTORY_REG(TransposeD)
#endif
/* x as 2 dims: those before `axis` and those from it. */
#ifndef OPS_PROTO_DEF_FLATTEN
#define OPS_PROTO_DEF_FLATTEN
REG_OP(Flatten)
    .INPUT(x, TensorType({DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16, DT_UINT32, DT_UINT64, DT_FLOAT,
                          DT_FLOAT16, DT_BF16}))
    .OUTPUT(y, TensorType({DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16, DT_UINT32, DT_UINT64, DT_FLOAT,
                           DT_FLOAT16, DT_BF16}))
    .ATTR(axis, Int, 1)
    .OP_END_FACTORY_REG(Flatten)
#endif

/* Caffe's Flatten: the axes axis..end_axis become one. CANN's VGG IR-build sample uses it
 * between the convolutions and the dense layers. gecl has no kernel for it (use Flatten or
 * Reshape): a graph using it fails at CompileGraph naming the node. */
#ifndef OPS_PROTO_DEF_FLATTENV2
#define OPS_PROTO_DEF_FLATTENV2
REG_OP(FlattenV2)
    .INPUT(x, TensorType::ALL())
    .OUTPUT(y, TensorType::ALL())
    .ATTR(axis, Int, 1)
    .ATTR(end_axis, Int, -1)
    .OP_END_FACTORY_REG(FlattenV2)
#endif

/* Channels moved into block_size x block_size spatial blocks (mode DCR or CRD). */
#ifndef OPS_PROTO_DEF_DEPTHTOSPACE
#define OPS_PROTO_DEF_DEPTHTOSPACE
REG_OP(DepthToSpace)
    .INPUT(x, TensorType::BasicType())
    .OUTPUT(y, TensorType::BasicType())
    .REQUIRED_ATTR(block_size, Int)
    .ATTR(mode, String, "DCR")
    .ATTR(data_format, String, "NHWC")
    .OP_END_FACTORY_REG(DepthToSpace)
#endif

/* Spatial blocks of block_size x block_size moved into the channels. */
#ifndef OPS_PROTO_DEF_SPACETODEPTH
#define OPS_PROTO_DEF_SPACETODEPTH
REG_OP(SpaceToDepth)
    .INPUT(x, TensorType::BasicType())
    .OUTPUT(y, TensorType::BasicType())
    .REQUIRED_ATTR(block_size, Int)
    .ATTR(data_format, String, "NHWC")
    .OP_END_FACTORY_REG(SpaceToDepth)
#endif
GECL_PROTO_END
}  // namespace ge

#endif
