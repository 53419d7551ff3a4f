/* onnx_ops.h: every ONNX operator gecl imports, declared once (X-macro): ONNX_OP(op type, first
 * opset the row applies to, converter). An op whose semantics changed across opsets has a row per
 * version; the importer takes the row with the highest opset not above the model's. Converters
 * live in cvt_<family>.c, one file per section below; their prototypes come from this table. */
#ifndef GECL_ONNX_OPS_H
#define GECL_ONNX_OPS_H

#include "onnx_import.h"

#define ONNX_OP_LIST(X)                                                   \
    /* ---- core: identity, constants (cvt_core.c) ---- */                 \
    X(Identity, 1, onnx_cvt_identity)                                     \
    X(Dropout, 1, onnx_cvt_dropout)                                       \
    X(Constant, 1, onnx_cvt_constant)                                     \
    /* ---- elementwise math, activations, logic (cvt_elementwise.c) ---- */ \
    X(Add, 1, onnx_cvt_binary)                                            \
    X(Sub, 1, onnx_cvt_binary)                                            \
    X(Mul, 1, onnx_cvt_binary)                                            \
    X(Div, 1, onnx_cvt_binary)                                            \
    X(Pow, 1, onnx_cvt_binary)                                            \
    X(Relu, 1, onnx_cvt_unary)                                            \
    X(Sigmoid, 1, onnx_cvt_unary)                                         \
    X(Tanh, 1, onnx_cvt_unary)                                            \
    X(Exp, 1, onnx_cvt_unary)                                             \
    X(Log, 1, onnx_cvt_unary)                                             \
    X(Sqrt, 1, onnx_cvt_unary)                                            \
    X(Abs, 1, onnx_cvt_unary)                                             \
    X(Neg, 1, onnx_cvt_unary)                                             \
    X(Reciprocal, 1, onnx_cvt_unary)                                      \
    X(Floor, 1, onnx_cvt_unary)                                           \
    X(Ceil, 1, onnx_cvt_unary)                                            \
    X(Max, 1, onnx_cvt_variadic)                                          \
    X(Min, 1, onnx_cvt_variadic)                                          \
    X(Sum, 1, onnx_cvt_variadic)                                          \
    /* ---- reductions, softmax family, arg max/min (cvt_reduce.c) ---- */ \
    /* ---- shape and data movement, generators, indexing (cvt_movement.c) ---- */ \
    X(Reshape, 5, onnx_cvt_reshape) \
    X(Flatten, 1, onnx_cvt_flatten) \
    X(Squeeze, 1, onnx_cvt_squeeze_attr) \
    X(Squeeze, 13, onnx_cvt_squeeze) \
    X(Unsqueeze, 1, onnx_cvt_squeeze_attr) \
    X(Unsqueeze, 13, onnx_cvt_squeeze) \
    X(Transpose, 1, onnx_cvt_transpose) \
    X(Concat, 1, onnx_cvt_concat) \
    X(Split, 1, onnx_cvt_split) \
    X(Slice, 1, onnx_cvt_slice_attr) \
    X(Slice, 10, onnx_cvt_slice) \
    X(Expand, 8, onnx_cvt_same_inputs) \
    X(Tile, 6, onnx_cvt_same_inputs) \
    X(Pad, 1, onnx_cvt_pad_attr) \
    X(Pad, 11, onnx_cvt_pad) \
    X(DepthToSpace, 1, onnx_cvt_depth_space) \
    X(SpaceToDepth, 1, onnx_cvt_depth_space) \
    X(Shape, 1, onnx_cvt_shape) \
    X(Size, 1, onnx_cvt_size) \
    X(ConstantOfShape, 9, onnx_cvt_constant_of_shape) \
    X(Range, 11, onnx_cvt_range) \
    X(EyeLike, 9, onnx_cvt_eye_like) \
    X(Trilu, 14, onnx_cvt_trilu) \
    X(Gather, 1, onnx_cvt_gather) \
    X(GatherElements, 11, onnx_cvt_gather_elements) \
    X(GatherND, 11, onnx_cvt_gather_nd) \
    X(Scatter, 9, onnx_cvt_scatter_elements) \
    X(ScatterElements, 11, onnx_cvt_scatter_elements) \
    X(ScatterND, 11, onnx_cvt_scatter_nd) \
    X(CumSum, 11, onnx_cvt_cumsum) \
    X(OneHot, 9, onnx_cvt_one_hot) \
    /* ---- convolution, pooling, normalization, matrix (cvt_nn.c) ---- */

#define ONNX_OP_DECLARE(type, since, fn) gecl_status fn(onnx_conv *c);
ONNX_OP_LIST(ONNX_OP_DECLARE)
#undef ONNX_OP_DECLARE

#endif
