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
    /* ---- elementwise math, activations, logic (cvt_elementwise.c, cvt_activation.c) ---- */ \
    X(Add, 1, onnx_cvt_binary)                                            \
    X(Sub, 1, onnx_cvt_binary)                                            \
    X(Mul, 1, onnx_cvt_binary)                                            \
    X(Div, 1, onnx_cvt_binary)                                            \
    X(Pow, 1, onnx_cvt_pow)                                               \
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
    X(Cast, 1, onnx_cvt_cast)                                             \
    X(CastLike, 15, onnx_cvt_castlike)                                    \
    X(Mod, 10, onnx_cvt_mod)                                              \
    X(Clip, 1, onnx_cvt_clip)                                             \
    X(Mean, 1, onnx_cvt_mean)                                             \
    X(Where, 9, onnx_cvt_where)                                           \
    X(BitShift, 11, onnx_cvt_bitshift)                                    \
    X(Less, 1, onnx_cvt_binary)                                           \
    X(Greater, 1, onnx_cvt_binary)                                        \
    X(Equal, 1, onnx_cvt_binary)                                          \
    X(LessOrEqual, 12, onnx_cvt_binary)                                   \
    X(GreaterOrEqual, 12, onnx_cvt_binary)                                \
    X(And, 1, onnx_cvt_binary)                                            \
    X(Or, 1, onnx_cvt_binary)                                             \
    X(Xor, 1, onnx_cvt_binary)                                            \
    X(Not, 1, onnx_cvt_unary)                                             \
    X(Sign, 9, onnx_cvt_unary)                                            \
    X(Round, 11, onnx_cvt_unary)                                          \
    X(Erf, 9, onnx_cvt_unary)                                             \
    X(Sin, 7, onnx_cvt_unary)                                             \
    X(Cos, 7, onnx_cvt_unary)                                             \
    X(Tan, 7, onnx_cvt_unary)                                             \
    X(Asin, 7, onnx_cvt_unary)                                            \
    X(Acos, 7, onnx_cvt_unary)                                            \
    X(Atan, 7, onnx_cvt_unary)                                            \
    X(Sinh, 9, onnx_cvt_unary)                                            \
    X(Cosh, 9, onnx_cvt_unary)                                            \
    X(Asinh, 9, onnx_cvt_unary)                                           \
    X(Acosh, 9, onnx_cvt_unary)                                           \
    X(Atanh, 9, onnx_cvt_unary)                                           \
    X(IsNaN, 9, onnx_cvt_unary)                                           \
    X(IsInf, 10, onnx_cvt_isinf)                                          \
    X(Softplus, 1, onnx_cvt_unary)                                        \
    X(Softsign, 1, onnx_cvt_unary)                                        \
    X(HardSwish, 14, onnx_cvt_unary)                                      \
    X(Elu, 1, onnx_cvt_elu)                                               \
    X(Selu, 1, onnx_cvt_selu)                                             \
    X(Celu, 12, onnx_cvt_celu)                                            \
    X(LeakyRelu, 1, onnx_cvt_leaky_relu)                                  \
    X(PRelu, 1, onnx_cvt_prelu)                                           \
    X(HardSigmoid, 1, onnx_cvt_hard_sigmoid)                              \
    X(ThresholdedRelu, 10, onnx_cvt_thresholded_relu)                     \
    X(Shrink, 9, onnx_cvt_shrink)                                         \
    /* ---- linear quantization (cvt_quant.c) ---- */ \
    X(QuantizeLinear, 10, onnx_cvt_quantize_linear)                        \
    X(DequantizeLinear, 10, onnx_cvt_dequantize_linear)                    \
    X(DynamicQuantizeLinear, 11, onnx_cvt_dynamic_quantize_linear)         \
    /* ---- window functions (cvt_signal.c) ---- */ \
    X(HannWindow, 17, onnx_cvt_window)                                    \
    X(HammingWindow, 17, onnx_cvt_window)                                 \
    X(BlackmanWindow, 17, onnx_cvt_window)                                \
    /* ---- reductions, softmax family, arg max/min (cvt_reduce.c) ---- */ \
    X(ReduceSum, 1, onnx_cvt_reduce)                                      \
    X(ReduceMean, 1, onnx_cvt_reduce)                                     \
    X(ReduceMax, 1, onnx_cvt_reduce)                                      \
    X(ReduceMin, 1, onnx_cvt_reduce)                                      \
    X(ReduceProd, 1, onnx_cvt_reduce)                                     \
    X(ReduceL1, 1, onnx_cvt_reduce)                                       \
    X(ReduceL2, 1, onnx_cvt_reduce)                                       \
    X(ReduceLogSum, 1, onnx_cvt_reduce)                                   \
    X(ReduceLogSumExp, 1, onnx_cvt_reduce)                                \
    X(ReduceSumSquare, 1, onnx_cvt_reduce)                                \
    X(ArgMax, 1, onnx_cvt_arg)                                            \
    X(ArgMin, 1, onnx_cvt_arg)                                            \
    X(TopK, 1, onnx_cvt_topk)                                             \
    X(Einsum, 12, onnx_cvt_einsum)                                        \
    X(Softmax, 1, onnx_cvt_softmax)                                       \
    X(LogSoftmax, 1, onnx_cvt_softmax)                                    \
    X(Hardmax, 1, onnx_cvt_softmax)                                       \
    /* ---- recurrent (cvt_rnn.c) ---- */ \
    X(RNN, 7, onnx_cvt_rnn) \
    X(GRU, 7, onnx_cvt_gru) \
    X(LSTM, 7, onnx_cvt_lstm) \
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
    X(ReverseSequence, 10, onnx_cvt_reverse_sequence)                     \
    X(Upsample, 7, onnx_cvt_upsample_attr) /* cvt_resize.c */ \
    X(Upsample, 9, onnx_cvt_upsample) \
    X(Resize, 10, onnx_cvt_upsample) \
    X(Resize, 11, onnx_cvt_resize) \
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
    X(MeanVarianceNormalization, 9, onnx_cvt_mvn)                         \
    /* ---- losses (cvt_loss.c) ---- */                                    \
    X(NegativeLogLikelihoodLoss, 12, onnx_cvt_nll_loss)                   \
    X(SoftmaxCrossEntropyLoss, 12, onnx_cvt_softmax_cross_entropy_loss)

#define ONNX_OP_DECLARE(type, since, fn) gecl_status fn(onnx_conv *c);
ONNX_OP_LIST(ONNX_OP_DECLARE)
#undef ONNX_OP_DECLARE

#endif
