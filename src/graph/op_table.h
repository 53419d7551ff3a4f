/* op_table.h: every operator gecl knows, declared once (X-macro). Kind says how an op is
 * compiled; infer computes output descriptions; lower emits kernel launches; expr is the
 * OpenCL expression of an elementwise op over x0 (and x1), in its compute type T. */
#ifndef GECL_GRAPH_OP_TABLE_H
#define GECL_GRAPH_OP_TABLE_H

typedef enum gecl_op_kind {
    GECL_KIND_SOURCE,   /* Data, Const: no launch */
    GECL_KIND_VIEW,     /* same bytes, new description: no launch */
    GECL_KIND_UNARY,    /* elementwise, fused into generated kernels */
    GECL_KIND_BINARY,   /* elementwise with numpy broadcasting, fused */
    GECL_KIND_ANCHOR,   /* own kernel that accepts a fused elementwise epilogue */
    GECL_KIND_KERNEL    /* own kernel(s) */
} gecl_op_kind;

/* GECL_OP(id, "CannType", kind, min_inputs, max_inputs (-1: any), outputs (0: dynamic, as many
 * as the node is given with gecl_graph_set_output_count, CANN's create_dynamic_output), infer,
 * lower, expr) */
#define GECL_OP_LIST(X)                                                                          \
    X(DATA, "Data", SOURCE, 0, 1, 1, gecl_infer_source, NULL, NULL)                                 \
    X(CONST, "Const", SOURCE, 0, 0, 1, gecl_infer_source, NULL, NULL)                               \
    X(IDENTITY, "Identity", VIEW, 1, 1, 1, gecl_infer_identity, NULL, NULL)                         \
    X(RESHAPE, "Reshape", VIEW, 2, 2, 1, gecl_infer_reshape, NULL, NULL)                            \
    X(CAST, "Cast", UNARY, 1, 1, 1, gecl_infer_cast, NULL, "(T)x0")                                 \
    X(RELU, "Relu", UNARY, 1, 1, 1, gecl_infer_unary, NULL, "x0 > (T)0 ? x0 : (T)0")                \
    X(RELU6, "Relu6", UNARY, 1, 1, 1, gecl_infer_unary, NULL, "min(max(x0, (T)0), (T)6)")          \
    X(SIGMOID, "Sigmoid", UNARY, 1, 1, 1, gecl_infer_float_unary, NULL, "(T)1 / ((T)1 + exp(-x0))") \
    X(TANH, "Tanh", UNARY, 1, 1, 1, gecl_infer_float_unary, NULL, "tanh(x0)")                      \
    X(EXP, "Exp", UNARY, 1, 1, 1, gecl_infer_float_unary, NULL, "exp(x0)")                         \
    X(LOG, "Log", UNARY, 1, 1, 1, gecl_infer_float_unary, NULL, "log(x0)")                         \
    X(SQRT, "Sqrt", UNARY, 1, 1, 1, gecl_infer_float_unary, NULL, "sqrt(x0)")                      \
    X(RSQRT, "Rsqrt", UNARY, 1, 1, 1, gecl_infer_float_unary, NULL, "rsqrt(x0)")                   \
    X(ABS, "Abs", UNARY, 1, 1, 1, gecl_infer_unary, NULL, "x0 < (T)0 ? -x0 : x0")                  \
    X(NEG, "Neg", UNARY, 1, 1, 1, gecl_infer_unary, NULL, "-x0")                                   \
    X(SQUARE, "Square", UNARY, 1, 1, 1, gecl_infer_unary, NULL, "x0 * x0")                         \
    X(RECIPROCAL, "Reciprocal", UNARY, 1, 1, 1, gecl_infer_float_unary, NULL, "(T)1 / x0")         \
    X(FLOOR, "Floor", UNARY, 1, 1, 1, gecl_infer_float_unary, NULL, "floor(x0)")                   \
    X(CEIL, "Ceil", UNARY, 1, 1, 1, gecl_infer_float_unary, NULL, "ceil(x0)")                      \
    X(ADD, "Add", BINARY, 2, 2, 1, gecl_infer_binary, NULL, "x0 + x1")                             \
    X(SUB, "Sub", BINARY, 2, 2, 1, gecl_infer_binary, NULL, "x0 - x1")                             \
    X(MUL, "Mul", BINARY, 2, 2, 1, gecl_infer_binary, NULL, "x0 * x1")                             \
    X(REALDIV, "RealDiv", BINARY, 2, 2, 1, gecl_infer_binary, NULL, "x0 / x1")                     \
    X(DIV, "Div", BINARY, 2, 2, 1, gecl_infer_binary, NULL, "x0 / x1")                             \
    X(MAXIMUM, "Maximum", BINARY, 2, 2, 1, gecl_infer_binary, NULL, "x0 > x1 ? x0 : x1")           \
    X(MINIMUM, "Minimum", BINARY, 2, 2, 1, gecl_infer_binary, NULL, "x0 < x1 ? x0 : x1")           \
    X(POW, "Pow", BINARY, 2, 2, 1, gecl_infer_float_binary, NULL, "pow(x0, x1)")                   \
    X(BIAS_ADD, "BiasAdd", BINARY, 2, 2, 1, gecl_infer_bias_add, NULL, "x0 + x1")                  \
    X(CONV2D, "Conv2D", ANCHOR, 2, 4, 1, gecl_infer_conv2d, gecl_lower_conv2d, NULL)               \
    X(MATMUL, "MatMul", ANCHOR, 2, 3, 1, gecl_infer_matmul, gecl_lower_matmul, NULL)               \
    X(MATMUL_V2, "MatMulV2", ANCHOR, 2, 4, 1, gecl_infer_matmul, gecl_lower_matmul, NULL)          \
    X(BATCH_MATMUL, "BatchMatMul", ANCHOR, 2, 3, 1, gecl_infer_batch_matmul, gecl_lower_batch_matmul, NULL) \
    X(BATCH_MATMUL_V2, "BatchMatMulV2", ANCHOR, 2, 4, 1, gecl_infer_batch_matmul, gecl_lower_batch_matmul, NULL) \
    X(MAX_POOL, "MaxPool", KERNEL, 1, 1, 1, gecl_infer_pool, gecl_lower_pool, NULL)                \
    X(AVG_POOL, "AvgPool", KERNEL, 1, 1, 1, gecl_infer_pool, gecl_lower_pool, NULL)                \
    X(MAX_POOL_V3, "MaxPoolV3", KERNEL, 1, 1, 1, gecl_infer_pool, gecl_lower_pool, NULL)           \
    X(AVG_POOL_V2, "AvgPoolV2", KERNEL, 1, 1, 1, gecl_infer_pool, gecl_lower_pool, NULL)           \
    X(TRANSPOSE, "Transpose", KERNEL, 2, 2, 1, gecl_infer_transpose, gecl_lower_transpose, NULL)   \
    X(TRANSPOSE_D, "TransposeD", KERNEL, 1, 1, 1, gecl_infer_transpose, gecl_lower_transpose, NULL) \
    X(CONCAT, "Concat", KERNEL, 2, -1, 1, gecl_infer_concat, gecl_lower_concat, NULL)              \
    X(CONCAT_V2, "ConcatV2", KERNEL, 2, -1, 1, gecl_infer_concat, gecl_lower_concat, NULL)         \
    X(CONCAT_D, "ConcatD", KERNEL, 1, -1, 1, gecl_infer_concat, gecl_lower_concat, NULL)           \
    X(SOFTMAX_V2, "SoftmaxV2", KERNEL, 1, 1, 1, gecl_infer_softmax, gecl_lower_softmax, NULL)    \
    X(SPLIT, "Split", KERNEL, 2, 2, 0, gecl_infer_split, gecl_lower_split, NULL)                 \
    X(SPLIT_D, "SplitD", KERNEL, 1, 1, 0, gecl_infer_split, gecl_lower_split, NULL)              \
    X(SPLIT_V, "SplitV", KERNEL, 3, 3, 0, gecl_infer_split, gecl_lower_split, NULL)              \
    X(SPLIT_VD, "SplitVD", KERNEL, 1, 1, 0, gecl_infer_split, gecl_lower_split, NULL)

typedef enum gecl_op {
#define GECL_OP_ENUM(id, name, kind, mn, mx, nout, infer, lower, expr) GECL_OP_##id,
    GECL_OP_LIST(GECL_OP_ENUM)
#undef GECL_OP_ENUM
    GECL_OP_COUNT,
    GECL_OP_UNKNOWN = GECL_OP_COUNT
} gecl_op;

#endif
