/* op_table.h: every operator gecl knows, declared once (X-macro); its attributes are in
 * op_attrs.h. Kind says how an op is compiled; infer computes output descriptions; lower emits
 * kernel launches (gecl_lower_none: compiled by its kind, as elementwise and views are); fold
 * evaluates it on the host when its inputs are constants (gecl_fold_none: never folded); expr is
 * an elementwise op's expression, as tokens: compile/codegen.c emits it as OpenCL C
 * (stringified) and graph/fold.c compiles the same tokens as C over doubles, so the kernel and
 * constant folding cannot disagree. Its tokens:
 *   x0, x1, x2   the operands (inputs 0, 1, 2), each in its own compute type;
 *   (T)          a cast to the compute type of the op's output (half computes in float);
 *   a0, a1, ...  the op's Float attributes in op_attrs.h order (a literal in the kernel, so a
 *                new value is a new program; the node's value or the schema's default);
 *   name_T(...)  a helper whose code differs between float and integer types (pow, mod, shifts):
 *                codegen calls name_<compute type> and emits its definition
 *                (compile/ew_helpers.c), fold.c defines name_T over doubles.
 * Everything else is OpenCL C that is also C (math.h functions; fold.c defines min, max and
 * rsqrt). An expr with a comma is parenthesised (it is one macro argument). NaN propagates as in
 * ONNX Runtime and IEEE 754-2019's maximum: Relu, Relu6, Maximum, Minimum, ClipByValue and Sign
 * of a NaN are NaN (comparisons written so that a NaN operand falls through to itself; OpenCL's
 * fmin/fmax would return the other operand). Adding an op: a row
 * here, its attributes in op_attrs.h, its infer and lower functions (src/ops; ops.h declares
 * every function the table names), its kernel. */
#ifndef GECL_GRAPH_OP_TABLE_H
#define GECL_GRAPH_OP_TABLE_H

typedef enum gecl_op_kind {
    GECL_KIND_SOURCE,   /* Data, Const: no launch */
    GECL_KIND_VIEW,     /* same bytes, new description: no launch */
    GECL_KIND_UNARY,    /* elementwise, fused into generated kernels */
    GECL_KIND_BINARY,   /* elementwise with numpy broadcasting, fused */
    GECL_KIND_TERNARY,  /* elementwise over three inputs with numpy broadcasting, fused */
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
    X(RELU, "Relu", UNARY, 1, 1, 1, gecl_infer_unary, gecl_lower_none, gecl_fold_elementwise, x0 < (T)0 ? (T)0 : x0) \
    X(RELU6, "Relu6", UNARY, 1, 1, 1, gecl_infer_unary, gecl_lower_none, gecl_fold_elementwise, x0 < (T)0 ? (T)0 : x0 > (T)6 ? (T)6 : x0) \
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
    X(MAXIMUM, "Maximum", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, x0 > x1 || x0 != x0 ? x0 : x1) \
    X(MINIMUM, "Minimum", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, x0 < x1 || x0 != x0 ? x0 : x1) \
    X(POW, "Pow", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, gecl_pow_T(x0, x1)) \
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
    X(MAX_POOL3D_WITH_ARGMAX_V2, "MaxPool3DWithArgmaxV2", KERNEL, 1, 1, 2, gecl_infer_pool_argmax, gecl_lower_pool_argmax, gecl_fold_none, NULL) \
    X(TRANSPOSE, "Transpose", KERNEL, 2, 2, 1, gecl_infer_transpose, gecl_lower_transpose, gecl_fold_transpose, NULL) \
    X(TRANSPOSE_D, "TransposeD", KERNEL, 1, 1, 1, gecl_infer_transpose, gecl_lower_transpose, gecl_fold_transpose, NULL) \
    X(CONCAT, "Concat", KERNEL, 2, -1, 1, gecl_infer_concat, gecl_lower_concat, gecl_fold_concat, NULL) \
    X(CONCAT_V2, "ConcatV2", KERNEL, 2, -1, 1, gecl_infer_concat, gecl_lower_concat, gecl_fold_concat, NULL) \
    X(CONCAT_D, "ConcatD", KERNEL, 1, -1, 1, gecl_infer_concat, gecl_lower_concat, gecl_fold_concat, NULL) \
    X(SOFTMAX_V2, "SoftmaxV2", KERNEL, 1, 1, 1, gecl_infer_softmax, gecl_lower_softmax, gecl_fold_none, NULL) \
    X(SPLIT, "Split", KERNEL, 2, 2, 0, gecl_infer_split, gecl_lower_split, gecl_fold_none, NULL) \
    X(SPLIT_D, "SplitD", KERNEL, 1, 1, 0, gecl_infer_split, gecl_lower_split, gecl_fold_none, NULL) \
    X(SPLIT_V, "SplitV", KERNEL, 3, 3, 0, gecl_infer_split, gecl_lower_split, gecl_fold_none, NULL) \
    X(SPLIT_VD, "SplitVD", KERNEL, 1, 1, 0, gecl_infer_split, gecl_lower_split, gecl_fold_none, NULL) \
    /* ---- elementwise math, activations, comparison and logic (add rows at the end of this section) ---- */ \
    X(SIN, "Sin", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, sin(x0)) \
    X(COS, "Cos", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, cos(x0)) \
    X(TAN, "Tan", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, tan(x0)) \
    X(ASIN, "Asin", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, asin(x0)) \
    X(ACOS, "Acos", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, acos(x0)) \
    X(ATAN, "Atan", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, atan(x0)) \
    X(SINH, "Sinh", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, sinh(x0)) \
    X(COSH, "Cosh", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, cosh(x0)) \
    X(ASINH, "Asinh", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, asinh(x0)) \
    X(ACOSH, "Acosh", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, acosh(x0)) \
    X(ATANH, "Atanh", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, atanh(x0)) \
    X(ERF, "Erf", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, erf(x0)) \
    /* rint: to nearest, halves to even (CANN's and ONNX's Round) */ \
    X(ROUND, "Round", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, rint(x0)) \
    X(SIGN, "Sign", UNARY, 1, 1, 1, gecl_infer_unary, gecl_lower_none, gecl_fold_elementwise, x0 > (T)0 ? (T)1 : x0 < (T)0 ? (T)-1 : x0 == (T)0 ? (T)0 : x0) \
    /* log(1 + e^x) without overflowing e^x for large x */ \
    X(SOFTPLUS, "Softplus", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, x0 > (T)0 ? x0 + log1p(exp(-x0)) : log1p(exp(x0))) \
    X(SOFTSIGN, "Softsign", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, x0 / ((T)1 + fabs(x0))) \
    /* a0 alpha, a1 scale, a2 input_scale */ \
    X(ELU, "Elu", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, x0 > (T)0 ? (T)a1 * x0 : (T)a1 * (T)a0 * (exp((T)a2 * x0) - (T)1)) \
    X(CELU_V2, "CeluV2", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, (max(x0, (T)0) + min((T)0, (T)a0 * (exp(x0 / (T)a0) - (T)1)))) \
    X(LEAKY_RELU, "LeakyRelu", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, x0 > (T)0 ? x0 : x0 * (T)a0) \
    X(HARD_SIGMOID, "HardSigmoid", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, (max((T)0, min((T)1, (T)a0 * x0 + (T)a1)))) \
    X(HARD_SWISH, "HardSwish", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, (x0 * min(max(x0 + (T)3, (T)0), (T)6) / (T)6)) \
    X(THRESHOLDED_RELU, "ThresholdedRelu", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, x0 > (T)a0 ? x0 : (T)0) \
    /* a0 lambd, a1 bias */ \
    X(SHRINK, "Shrink", UNARY, 1, 1, 1, gecl_infer_float_unary, gecl_lower_none, gecl_fold_elementwise, x0 < -(T)a0 ? x0 + (T)a1 : x0 > (T)a0 ? x0 - (T)a1 : (T)0) \
    X(IS_NAN, "IsNan", UNARY, 1, 1, 1, gecl_infer_float_predicate, gecl_lower_none, gecl_fold_elementwise, isnan(x0) != 0) \
    X(IS_INF, "IsInf", UNARY, 1, 1, 1, gecl_infer_float_predicate, gecl_lower_none, gecl_fold_elementwise, isinf(x0) != 0) \
    X(LOGICAL_NOT, "LogicalNot", UNARY, 1, 1, 1, gecl_infer_logical, gecl_lower_none, gecl_fold_elementwise, !x0) \
    X(LOGICAL_AND, "LogicalAnd", BINARY, 2, 2, 1, gecl_infer_logical, gecl_lower_none, gecl_fold_elementwise, x0 && x1) \
    X(LOGICAL_OR, "LogicalOr", BINARY, 2, 2, 1, gecl_infer_logical, gecl_lower_none, gecl_fold_elementwise, x0 || x1) \
    X(LESS, "Less", BINARY, 2, 2, 1, gecl_infer_compare, gecl_lower_none, gecl_fold_elementwise, x0 < x1) \
    X(LESS_EQUAL, "LessEqual", BINARY, 2, 2, 1, gecl_infer_compare, gecl_lower_none, gecl_fold_elementwise, x0 <= x1) \
    X(GREATER, "Greater", BINARY, 2, 2, 1, gecl_infer_compare, gecl_lower_none, gecl_fold_elementwise, x0 > x1) \
    X(GREATER_EQUAL, "GreaterEqual", BINARY, 2, 2, 1, gecl_infer_compare, gecl_lower_none, gecl_fold_elementwise, x0 >= x1) \
    X(EQUAL, "Equal", BINARY, 2, 2, 1, gecl_infer_compare, gecl_lower_none, gecl_fold_elementwise, x0 == x1) \
    X(NOT_EQUAL, "NotEqual", BINARY, 2, 2, 1, gecl_infer_compare, gecl_lower_none, gecl_fold_elementwise, x0 != x1) \
    /* Mod: remainder of truncated division (sign of x0, C's fmod); FloorMod: of floored division (sign of x1) */ \
    X(MOD, "Mod", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, gecl_mod_T(x0, x1)) \
    X(FLOOR_MOD, "FloorMod", BINARY, 2, 2, 1, gecl_infer_binary, gecl_lower_none, gecl_fold_elementwise, gecl_floormod_T(x0, x1)) \
    X(LEFT_SHIFT, "LeftShift", BINARY, 2, 2, 1, gecl_infer_int_binary, gecl_lower_none, gecl_fold_elementwise, gecl_shl_T(x0, x1)) \
    X(RIGHT_SHIFT, "RightShift", BINARY, 2, 2, 1, gecl_infer_int_binary, gecl_lower_none, gecl_fold_elementwise, gecl_shr_T(x0, x1)) \
    X(SELECT_V2, "SelectV2", TERNARY, 3, 3, 1, gecl_infer_select, gecl_lower_none, gecl_fold_elementwise, x0 ? x1 : x2) \
    X(CLIP_BY_VALUE, "ClipByValue", TERNARY, 3, 3, 1, gecl_infer_clip, gecl_lower_none, gecl_fold_elementwise, ((x0 < x1 ? x1 : x0) > x2 ? x2 : x0 < x1 ? x1 : x0)) \
    /* ---- reductions, softmax family, arg max/min (add rows at the end of this section) ---- */ \
    X(REDUCE_SUM, "ReduceSum", KERNEL, 2, 2, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(REDUCE_SUM_D, "ReduceSumD", KERNEL, 1, 1, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(REDUCE_MEAN, "ReduceMean", KERNEL, 2, 2, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(REDUCE_MEAN_D, "ReduceMeanD", KERNEL, 1, 1, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(REDUCE_MAX, "ReduceMax", KERNEL, 2, 2, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(REDUCE_MAX_D, "ReduceMaxD", KERNEL, 1, 1, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(REDUCE_MIN, "ReduceMin", KERNEL, 2, 2, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(REDUCE_MIN_D, "ReduceMinD", KERNEL, 1, 1, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(REDUCE_PROD, "ReduceProd", KERNEL, 2, 2, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(REDUCE_PROD_D, "ReduceProdD", KERNEL, 1, 1, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(REDUCE_LOG_SUM_EXP, "ReduceLogSumExp", KERNEL, 2, 2, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(EUCLIDEAN_NORM, "EuclideanNorm", KERNEL, 2, 2, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(ARG_MAX_V2, "ArgMaxV2", KERNEL, 2, 2, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(ARG_MIN, "ArgMin", KERNEL, 2, 2, 1, gecl_infer_reduce, gecl_lower_reduce, gecl_fold_reduce, NULL) \
    X(LOG_SOFTMAX_V2, "LogSoftmaxV2", KERNEL, 1, 1, 1, gecl_infer_softmax, gecl_lower_softmax, gecl_fold_none, NULL) \
    X(HARD_MAX, "HardMax", KERNEL, 1, 1, 1, gecl_infer_hardmax, gecl_lower_hardmax, gecl_fold_none, NULL) \
    X(REVERSE_V2, "ReverseV2", KERNEL, 2, 2, 1, gecl_infer_reverse, gecl_lower_reverse, gecl_fold_reverse, NULL) \
    X(TOP_K, "TopK", KERNEL, 2, 2, 2, gecl_infer_topk, gecl_lower_topk, gecl_fold_none, NULL) \
    /* ---- shape and data movement, generators, indexing (add rows at the end of this section) ---- */ \
    X(FLATTEN, "Flatten", VIEW, 1, 1, 1, gecl_infer_flatten, gecl_lower_none, gecl_fold_view, NULL) \
    X(SQUEEZE, "Squeeze", VIEW, 1, 1, 1, gecl_infer_squeeze, gecl_lower_none, gecl_fold_view, NULL) \
    X(SQUEEZE_V3, "SqueezeV3", VIEW, 1, 2, 1, gecl_infer_squeeze, gecl_lower_none, gecl_fold_view, NULL) \
    X(UNSQUEEZE, "Unsqueeze", VIEW, 1, 1, 1, gecl_infer_unsqueeze, gecl_lower_none, gecl_fold_view, NULL) \
    X(UNSQUEEZE_V3, "UnsqueezeV3", VIEW, 2, 2, 1, gecl_infer_unsqueeze, gecl_lower_none, gecl_fold_view, NULL) \
    X(SHAPE, "Shape", KERNEL, 1, 1, 1, gecl_infer_shape, gecl_lower_none, gecl_fold_shape, NULL) \
    X(SIZE, "Size", KERNEL, 1, 1, 1, gecl_infer_size, gecl_lower_none, gecl_fold_size, NULL) \
    X(STRIDED_SLICE_V2, "StridedSliceV2", KERNEL, 3, 5, 1, gecl_infer_moves, gecl_lower_moves, gecl_fold_moves, NULL) \
    X(EXPAND, "Expand", KERNEL, 2, 2, 1, gecl_infer_moves, gecl_lower_moves, gecl_fold_moves, NULL) \
    X(TILE, "Tile", KERNEL, 2, 2, 1, gecl_infer_moves, gecl_lower_moves, gecl_fold_moves, NULL) \
    X(PAD_V3, "PadV3", KERNEL, 2, 3, 1, gecl_infer_moves, gecl_lower_moves, gecl_fold_moves, NULL) \
    X(DEPTH_TO_SPACE, "DepthToSpace", KERNEL, 1, 1, 1, gecl_infer_moves, gecl_lower_moves, gecl_fold_moves, NULL) \
    X(SPACE_TO_DEPTH, "SpaceToDepth", KERNEL, 1, 1, 1, gecl_infer_moves, gecl_lower_moves, gecl_fold_moves, NULL) \
    X(GATHER_V2, "GatherV2", KERNEL, 3, 3, 1, gecl_infer_gather, gecl_lower_gather, gecl_fold_gather, NULL) \
    X(GATHER_ELEMENTS, "GatherElements", KERNEL, 2, 2, 1, gecl_infer_gather, gecl_lower_gather, gecl_fold_gather, NULL) \
    X(GATHER_ND, "GatherNd", KERNEL, 2, 2, 1, gecl_infer_gather, gecl_lower_gather, gecl_fold_gather, NULL) \
    X(SCATTER_ELEMENTS, "ScatterElements", KERNEL, 3, 3, 1, gecl_infer_scatter, gecl_lower_scatter, gecl_fold_none, NULL) \
    X(TENSOR_SCATTER_UPDATE, "TensorScatterUpdate", KERNEL, 3, 3, 1, gecl_infer_scatter, gecl_lower_scatter, gecl_fold_none, NULL) \
    X(TENSOR_SCATTER_ADD, "TensorScatterAdd", KERNEL, 3, 3, 1, gecl_infer_scatter, gecl_lower_scatter, gecl_fold_none, NULL) \
    X(FILL, "Fill", KERNEL, 2, 2, 1, gecl_infer_fill, gecl_lower_fill, gecl_fold_fill, NULL) \
    X(RANGE, "Range", KERNEL, 3, 3, 1, gecl_infer_range, gecl_lower_none, gecl_fold_range, NULL) \
    X(TRILU, "Trilu", KERNEL, 1, 2, 1, gecl_infer_trilu, gecl_lower_trilu, gecl_fold_trilu, NULL) \
    X(CUMSUM, "Cumsum", KERNEL, 2, 2, 1, gecl_infer_cumsum, gecl_lower_cumsum, gecl_fold_none, NULL) \
    X(ONE_HOT, "OneHot", KERNEL, 4, 4, 1, gecl_infer_one_hot, gecl_lower_one_hot, gecl_fold_none, NULL) \
    X(RESIZE, "Resize", KERNEL, 1, 4, 1, gecl_infer_resize, gecl_lower_resize, gecl_fold_resize, NULL) \
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
