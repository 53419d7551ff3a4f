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
    /* ---- convolution, pooling, normalization, matrix (cvt_nn.h; cvt_conv.c, cvt_pool.c, ...) ---- */ \
    X(Conv, 1, onnx_cvt_conv)                                             \
    X(ConvTranspose, 1, onnx_cvt_conv_transpose)                          \
    X(MaxPool, 1, onnx_cvt_max_pool)                                      \
    X(AveragePool, 1, onnx_cvt_average_pool)                              \
    X(GlobalMaxPool, 1, onnx_cvt_global_max_pool)                         \
    X(GlobalAveragePool, 1, onnx_cvt_global_average_pool)                 \
    X(Gemm, 1, onnx_cvt_gemm)                                             \
    X(MatMul, 1, onnx_cvt_matmul)                                         \
    X(BatchNormalization, 1, onnx_cvt_batch_norm)                        \
    X(LayerNormalization, 17, onnx_cvt_layer_norm)                       \
    X(InstanceNormalization, 1, onnx_cvt_instance_norm)                  \
    X(LRN, 1, onnx_cvt_lrn)                                               \
    X(MeanVarianceNormalization, 9, onnx_cvt_mvn)

#define ONNX_OP_DECLARE(type, since, fn) gecl_status fn(onnx_conv *c);
ONNX_OP_LIST(ONNX_OP_DECLARE)
#undef ONNX_OP_DECLARE

#endif
