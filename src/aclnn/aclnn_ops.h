/* aclnn_ops.h: every aclnn operator gecl implements, declared once (X-macro). A row gives the
 * operator's name: aclnn<Name> is its second phase (defined from this table in executor.c: bind
 * the executor's tensors and enqueue), aclnn<Name>GetWorkspaceSize its first phase, written by
 * hand in the op_*.c file of its family (check the arguments, describe the one-op graph, then
 * aclnn_prepare). Adding an operator: a row here, its GetWorkspaceSize, its declaration in
 * include/aclnnop/aclnn_<op>.h, a test in tests/aclnn and a line in docs/aclnn.md. */
#ifndef GECL_ACLNN_ACLNN_OPS_H
#define GECL_ACLNN_ACLNN_OPS_H

#define ACLNN_OP_LIST(X)                                                                         \
    /* op_binary.c: arithmetic between tensors and with scalars */                              \
    X(Add) X(Adds) X(InplaceAdd) X(InplaceAdds)                                                  \
    X(Sub) X(Subs) X(InplaceSub) X(InplaceSubs)                                                  \
    X(Mul) X(Muls) X(InplaceMul) X(InplaceMuls)                                                  \
    X(Div) X(Divs) X(InplaceDiv) X(InplaceDivs)                                                  \
    /* op_unary.c: activations, math functions, casts */                                        \
    X(Relu) X(InplaceRelu) X(Gelu) X(Sigmoid) X(InplaceSigmoid) X(Tanh) X(InplaceTanh)           \
    X(Exp) X(InplaceExp) X(Log) X(InplaceLog) X(Sqrt) X(InplaceSqrt) X(Abs) X(Neg) X(InplaceNeg) \
    X(Cast)                                                                                      \
    /* op_matmul.c */                                                                           \
    X(Matmul) X(Mm) X(BatchMatMul) X(Addmm) X(InplaceAddmm)                                      \
    /* op_reduce.c: softmax family and reductions */                                            \
    X(Softmax) X(LogSoftmax) X(ReduceSum) X(Mean)                                                \
    /* op_move.c: data movement and indexing */                                                 \
    X(Permute) X(Cat) X(Gather) X(Embedding) X(InplaceCopy) X(InplaceFillScalar)                  \
    /* op_nn.c: network layers */                                                               \
    X(Convolution) X(MaxPool) X(MaxPool2dWithIndices) X(AvgPool2d) X(AdaptiveAvgPool2d) X(LayerNorm) X(BatchNorm)

typedef enum aclnn_op {
#define ACLNN_OP_ENUM(name) ACLNN_OP_##name,
    ACLNN_OP_LIST(ACLNN_OP_ENUM)
#undef ACLNN_OP_ENUM
    ACLNN_OP_COUNT
} aclnn_op;

/* "Add" for ACLNN_OP_Add. */
const char *aclnn_op_name(aclnn_op op);

#endif
