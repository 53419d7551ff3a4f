/* op_table.h: every operator gecl knows, declared once (X-macro); its attributes are in
 * op_attrs.h. Kind says how an op is compiled; infer computes output descriptions; lower emits
 * kernel launches (gecl_lower_none: compiled by its kind, as elementwise and views are); fold
 * evaluates it on the host when its inputs are constants (gecl_fold_none: never folded); expr is an elementwise op's expression over x0 (and x1) in its compute type T, as
 * tokens: compile/codegen.c emits it as OpenCL C (stringified) and compile/fold.c compiles the
 * same tokens as C over doubles, so the kernel and constant folding cannot disagree. An expr
 * with a comma is parenthesised (it is one macro argument). Adding an op: a row here, its
 * attributes in op_attrs.h, its infer and lower functions (src/ops; ops.h declares every function
 * the table names), its kernel. */
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
 * lower, fold, expr) */
#define GECL_OP_LIST(X)                                                                          \
    X(DATA, "Data", SOURCE, 0, 1, 1, gecl_infer_source, gecl_lower_none, gecl_fold_none, NULL) \
    X(CONST, "Const", SOURCE, 0, 0, 1, gecl_infer_source, gecl_lower_none, gecl_fold_none, NULL) \
    X(IDENTITY, "Identity", VIEW, 1, 1, 1, gecl_infer_identity, gecl_lower_none, gecl_fold_view, NULL) \
    X(RESHAPE, "Reshape", VIEW, 2, 2, 1, gecl_infer_reshape, gecl_lower_none, gecl_fold_view, NULL) \
    X(CAST, "Cast", UNARY, 1, 1, 1, gecl_infer_cast, gecl_lower_none, gecl_fold_elementwise, (T)x0) \
    X(RELU, "Relu", UNARY, 1, 1, 1, gecl_infer_unary, gecl_lower_none, gecl_fold_elementwise, x0 > (T)0 ? x0 : (T)0) \
    X(RELU6, "Relu6", UNARY, 1, 1, 1, gecl_infer_unary, gecl_lower_none, gecl_fold_elementwise, (min(max(x0, (T)0), (T)6))) \
    X(SIGMOID, "Sigmoid", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, (T)1 / ((T)1 + exp(-x0))) \
    X(TANH, "Tanh", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, tanh(x0)) \
    X(EXP, "Exp", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, exp(x0)) \
    X(LOG, "Log", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, log(x0)) \
    X(SQRT, "Sqrt", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, sqrt(x0)) \
    X(RSQRT, "Rsqrt", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, rsqrt(x0)) \
    X(ABS, "Abs", UNARY, 1, 1, 1, gecl_infer_unary, gecl_lower_none, gecl_fold_elementwise, x0 < (T)0 ? -x0 : x0) \
    X(NEG, "Neg", UNARY, 1, 1, 1, gecl_infer_unary, gecl_lower_none, gecl_fold_elementwise, -x0) \
    X(SQUARE, "Square", UNARY, 1, 1, 1, gecl_infer_unary, gecl_lower_none, gecl_fold_elementwise, x0 * x0) \
    X(RECIPROCAL, "Reciprocal", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, (T)1 / x0) \
    X(FLOOR, "Floor", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, floor(x0)) \
    X(CEIL, "Ceil", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, ceil(x0)) \
    X(ADD, "Add", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, x0 + x1) \
    X(SUB, "Sub", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, x0 - x1) \
    X(MUL, "Mul", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, x0 * x1) \
    X(REALDIV, "RealDiv", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, x0 / x1) \
    X(DIV, "Div", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, x0 / x1) \
    X(MAXIMUM, "Maximum", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, x0 > x1 ? x0 : x1) \
    X(MINIMUM, "Minimum", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, x0 < x1 ? x0 : x1) \
    X(POW, "Pow", BINARY, 2, 2, 1, gecl_infer_float_binary, gecl_lower_none, gecl_fold_elementwise, (pow(x0, x1))) \
    X(BIAS_ADD, "BiasAdd", BINARY, 2, 2, 1, gecl_infer_bias_add, gecl_lower_none, gecl_fold_elementwise, x0 + x1) \
    X(CONV2D, "Conv2D", ANCHOR, 2, 4, 1, gecl_infer_conv2d, gecl_lower_conv2d, gecl_fold_none, NULL) \
    X(MATMUL, "MatMul", ANCHOR, 2, 3, 1, gecl_infer_matmul, gecl_lower_matmul, gecl_fold_none, NULL) \
    X(MATMUL_V2, "MatMulV2", ANCHOR, 2, 4, 1, gecl_infer_matmul, gecl_lower_matmul, gecl_fold_none, NULL) \
    X(BATCH_MATMUL, "BatchMatMul", ANCHOR, 2, 3, 1, gecl_infer_batch_matmul, gecl_lower_batch_matmul, gecl_fold_none, NULL) \
    X(BATCH_MATMUL_V2, "BatchMatMulV2", ANCHOR, 2, 4, 1, gecl_infer_batch_matmul, gecl_lower_batch_matmul, gecl_fold_none, NULL) \
    X(MAX_POOL, "MaxPool", KERNEL, 1, 1, 1, gecl_infer_pool, gecl_lower_pool, gecl_fold_none, NULL) \
    X(AVG_POOL, "AvgPool", KERNEL, 1, 1, 1, gecl_infer_pool, gecl_lower_pool, gecl_fold_none, NULL) \
    X(MAX_POOL_V3, "MaxPoolV3", KERNEL, 1, 1, 1, gecl_infer_pool, gecl_lower_pool, gecl_fold_none, NULL) \
    X(AVG_POOL_V2, "AvgPoolV2", KERNEL, 1, 1, 1, gecl_infer_pool, gecl_lower_pool, gecl_fold_none, NULL) \
    X(TRANSPOSE, "Transpose", KERNEL, 2, 2, 1, gecl_infer_transpose, gecl_lower_transpose, gecl_fold_transpose, NULL) \
    X(TRANSPOSE_D, "TransposeD", KERNEL, 1, 1, 1, gecl_infer_transpose, gecl_lower_transpose, gecl_fold_transpose, NULL) \
    X(CONCAT, "Concat", KERNEL, 2, -1, 1, gecl_infer_concat, gecl_lower_concat, gecl_fold_none, NULL) \
    X(CONCAT_V2, "ConcatV2", KERNEL, 2, -1, 1, gecl_infer_concat, gecl_lower_concat, gecl_fold_none, NULL) \
    X(CONCAT_D, "ConcatD", KERNEL, 1, -1, 1, gecl_infer_concat, gecl_lower_concat, gecl_fold_none, NULL) \
    X(SOFTMAX_V2, "SoftmaxV2", KERNEL, 1, 1, 1, gecl_infer_softmax, gecl_lower_softmax, gecl_fold_none, NULL) \
    X(SPLIT, "Split", KERNEL, 2, 2, 0, gecl_infer_split, gecl_lower_split, gecl_fold_none, NULL) \
    X(SPLIT_D, "SplitD", KERNEL, 1, 1, 0, gecl_infer_split, gecl_lower_split, gecl_fold_none, NULL) \
    X(SPLIT_V, "SplitV", KERNEL, 3, 3, 0, gecl_infer_split, gecl_lower_split, gecl_fold_none, NULL) \
    X(SPLIT_VD, "SplitVD", KERNEL, 1, 1, 0, gecl_infer_split, gecl_lower_split, gecl_fold_none, NULL) \
    /* ---- elementwise math, activations, comparison and logic (add rows at the end of this section) ---- */ \
    /* ---- reductions, softmax family, arg max/min (add rows at the end of this section) ---- */ \
    /* ---- shape and data movement, generators, indexing (add rows at the end of this section) ---- */ \
    /* ---- convolution, pooling, normalization, matrix (add rows at the end of this section) ---- */ \
    X(LAYER_NORM, "LayerNorm", KERNEL, 3, 3, 3, gecl_infer_norm, gecl_lower_norm, gecl_fold_none, NULL) \
    X(INSTANCE_NORM, "InstanceNorm", KERNEL, 3, 3, 3, gecl_infer_norm, gecl_lower_norm, gecl_fold_none, NULL) \
    X(LRN, "LRN", KERNEL, 1, 1, 1, gecl_infer_lrn, gecl_lower_lrn, gecl_fold_none, NULL) \
    X(CONV2D_TRANSPOSE, "Conv2DTranspose", KERNEL, 3, 5, 1, gecl_infer_conv2d_transpose, gecl_lower_conv2d_transpose, gecl_fold_none, NULL)

typedef enum gecl_op {
#define GECL_OP_ENUM(id, ...) GECL_OP_##id,
    GECL_OP_LIST(GECL_OP_ENUM)
#undef GECL_OP_ENUM
    GECL_OP_COUNT,
    GECL_OP_UNKNOWN = GECL_OP_COUNT
} gecl_op;

#endif
