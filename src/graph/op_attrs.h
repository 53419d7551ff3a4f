/* op_attrs.h: every operator's attributes, declared once (X-macro), next to op_table.h: CANN's
 * names, types and defaults (as CANN's REG_OP prototypes give them; test facade_op_schema holds
 * the two together). Lookups take their defaults from here (gecl_node_int and friends, schema.c),
 * validation checks types and required attributes from here, and `gecl ops` prints it
 * (docs/ops.md).
 *
 * GECL_ATTR(op id, "name", type, use, "default") - type: INT, FLOAT, BOOL, STRING, INTS, FLOATS;
 * use: OPTIONAL; REQUIRED (no default); FIXED (only the default is implemented: another value is
 * refused rather than ignored). Defaults are text: "1", "-1.0", "NHWC", lists "1,1,1,1". */
#ifndef GECL_GRAPH_OP_ATTRS_H
#define GECL_GRAPH_OP_ATTRS_H

#define GECL_ATTR_LIST(A)                                                                        \
    A(DATA, "index", INT, OPTIONAL, "0")                                                         \
    A(RESHAPE, "axis", INT, OPTIONAL, "0")                                                       \
    A(RESHAPE, "num_axes", INT, OPTIONAL, "-1")                                                  \
    A(RESHAPE, "allowzero", INT, OPTIONAL, "1")                                                  \
    A(CAST, "dst_type", INT, REQUIRED, "")                                                       \
    A(EXP, "base", FLOAT, FIXED, "-1.0")                                                         \
    A(EXP, "scale", FLOAT, FIXED, "1.0")                                                         \
    A(EXP, "shift", FLOAT, FIXED, "0.0")                                                         \
    A(LOG, "base", FLOAT, FIXED, "-1.0")                                                         \
    A(LOG, "scale", FLOAT, FIXED, "1.0")                                                         \
    A(LOG, "shift", FLOAT, FIXED, "0.0")                                                         \
    A(BIAS_ADD, "data_format", STRING, OPTIONAL, "NHWC")                                         \
    A(CONV2D, "strides", INTS, REQUIRED, "")                                                     \
    A(CONV2D, "pads", INTS, OPTIONAL, "") /* required unless padding is SAME or VALID */          \
    A(CONV2D, "dilations", INTS, OPTIONAL, "1,1,1,1")                                            \
    A(CONV2D, "groups", INT, OPTIONAL, "1")                                                      \
    A(CONV2D, "data_format", STRING, OPTIONAL, "NHWC")                                           \
    A(CONV2D, "offset_x", INT, FIXED, "0")                                                       \
    A(CONV2D, "padding", STRING, OPTIONAL, "")                                                   \
    A(MATMUL, "transpose_x1", BOOL, OPTIONAL, "0")                                               \
    A(MATMUL, "transpose_x2", BOOL, OPTIONAL, "0")                                               \
    A(MATMUL_V2, "transpose_x1", BOOL, OPTIONAL, "0")                                            \
    A(MATMUL_V2, "transpose_x2", BOOL, OPTIONAL, "0")                                            \
    A(MATMUL_V2, "offset_x", INT, FIXED, "0")                                                    \
    A(BATCH_MATMUL, "adj_x1", BOOL, OPTIONAL, "0")                                               \
    A(BATCH_MATMUL, "adj_x2", BOOL, OPTIONAL, "0")                                               \
    A(BATCH_MATMUL_V2, "adj_x1", BOOL, OPTIONAL, "0")                                            \
    A(BATCH_MATMUL_V2, "adj_x2", BOOL, OPTIONAL, "0")                                            \
    A(BATCH_MATMUL_V2, "offset_x", INT, FIXED, "0")                                              \
    A(MAX_POOL, "ksize", INTS, REQUIRED, "")                                                     \
    A(MAX_POOL, "strides", INTS, REQUIRED, "")                                                   \
    A(MAX_POOL, "padding", STRING, REQUIRED, "")                                                 \
    A(MAX_POOL, "data_format", STRING, OPTIONAL, "NHWC")                                         \
    A(AVG_POOL, "ksize", INTS, REQUIRED, "")                                                     \
    A(AVG_POOL, "strides", INTS, REQUIRED, "")                                                   \
    A(AVG_POOL, "padding", STRING, REQUIRED, "")                                                 \
    A(AVG_POOL, "data_format", STRING, OPTIONAL, "NHWC")                                         \
    A(MAX_POOL_V3, "ksize", INTS, REQUIRED, "")                                                  \
    A(MAX_POOL_V3, "strides", INTS, REQUIRED, "")                                                \
    A(MAX_POOL_V3, "padding_mode", STRING, OPTIONAL, "CALCULATED")                               \
    A(MAX_POOL_V3, "pads", INTS, OPTIONAL, "0,0,0,0")                                            \
    A(MAX_POOL_V3, "data_format", STRING, OPTIONAL, "NCHW")                                      \
    A(MAX_POOL_V3, "global_pooling", BOOL, OPTIONAL, "0")                                        \
    A(MAX_POOL_V3, "ceil_mode", BOOL, OPTIONAL, "0")                                             \
    A(MAX_POOL3D_WITH_ARGMAX_V2, "ksize", INTS, REQUIRED, "")                                    \
    A(MAX_POOL3D_WITH_ARGMAX_V2, "strides", INTS, REQUIRED, "")                                  \
    A(MAX_POOL3D_WITH_ARGMAX_V2, "pads", INTS, REQUIRED, "")                                     \
    A(MAX_POOL3D_WITH_ARGMAX_V2, "dilation", INTS, OPTIONAL, "1,1,1")                            \
    A(MAX_POOL3D_WITH_ARGMAX_V2, "ceil_mode", BOOL, OPTIONAL, "0")                               \
    A(MAX_POOL3D_WITH_ARGMAX_V2, "data_format", STRING, FIXED, "NCDHW")                          \
    A(MAX_POOL3D_WITH_ARGMAX_V2, "dtype", INT, OPTIONAL, "3")                                    \
    A(AVG_POOL_V2, "ksize", INTS, REQUIRED, "")                                                  \
    A(AVG_POOL_V2, "strides", INTS, REQUIRED, "")                                                \
    A(AVG_POOL_V2, "padding_mode", STRING, OPTIONAL, "CALCULATED")                               \
    A(AVG_POOL_V2, "pads", INTS, OPTIONAL, "0,0,0,0")                                            \
    A(AVG_POOL_V2, "data_format", STRING, OPTIONAL, "NCHW")                                      \
    A(AVG_POOL_V2, "global_pooling", BOOL, OPTIONAL, "0")                                        \
    A(AVG_POOL_V2, "ceil_mode", BOOL, OPTIONAL, "0")                                             \
    A(AVG_POOL_V2, "exclusive", BOOL, OPTIONAL, "1")                                             \
    A(AVG_POOL_V2, "divisor_override", INT, OPTIONAL, "0")                                       \
    A(TRANSPOSE_D, "perm", INTS, REQUIRED, "")                                                   \
    A(CONCAT, "N", INT, OPTIONAL, "1")                                                           \
    A(CONCAT_V2, "N", INT, OPTIONAL, "1")                                                        \
    A(CONCAT_D, "concat_dim", INT, REQUIRED, "")                                                 \
    A(CONCAT_D, "N", INT, OPTIONAL, "1")                                                         \
    A(SOFTMAX_V2, "axes", INTS, OPTIONAL, "-1")                                                  \
    A(SOFTMAX_V2, "half_to_float", BOOL, FIXED, "0")                                             \
    A(SPLIT, "num_split", INT, REQUIRED, "")                                                     \
    A(SPLIT_D, "split_dim", INT, REQUIRED, "")                                                   \
    A(SPLIT_D, "num_split", INT, REQUIRED, "")                                                   \
    A(SPLIT_V, "num_split", INT, REQUIRED, "")                                                   \
    A(SPLIT_VD, "size_splits", INTS, REQUIRED, "")                                               \
    A(SPLIT_VD, "split_dim", INT, REQUIRED, "")                                                  \
    A(SPLIT_VD, "num_split", INT, REQUIRED, "")                                                  \
    /* ---- elementwise math, activations, comparison and logic ---- */ \
    A(ELU, "alpha", FLOAT, OPTIONAL, "1.0")                                                      \
    A(ELU, "scale", FLOAT, OPTIONAL, "1.0")                                                      \
    A(ELU, "input_scale", FLOAT, OPTIONAL, "1.0")                                                \
    A(CELU_V2, "alpha", FLOAT, OPTIONAL, "1.0")                                                  \
    A(LEAKY_RELU, "negative_slope", FLOAT, OPTIONAL, "0.0")                                      \
    A(HARD_SIGMOID, "alpha", FLOAT, OPTIONAL, "0.16666666")                                      \
    A(HARD_SIGMOID, "beta", FLOAT, OPTIONAL, "0.5")                                              \
    A(THRESHOLDED_RELU, "alpha", FLOAT, OPTIONAL, "1.0")                                         \
    A(SHRINK, "lambd", FLOAT, OPTIONAL, "0.5")                                                   \
    A(SHRINK, "bias", FLOAT, OPTIONAL, "0.0")                                                    \
    /* ---- reductions, softmax family, arg max/min ---- */ \
    A(REDUCE_SUM, "keep_dims", BOOL, OPTIONAL, "0")                                              \
    A(REDUCE_SUM, "noop_with_empty_axes", BOOL, OPTIONAL, "1")                                   \
    A(REDUCE_SUM_D, "axes", INTS, REQUIRED, "")                                                  \
    A(REDUCE_SUM_D, "keep_dims", BOOL, OPTIONAL, "0")                                            \
    A(REDUCE_MEAN, "keep_dims", BOOL, OPTIONAL, "0")                                             \
    A(REDUCE_MEAN, "noop_with_empty_axes", BOOL, OPTIONAL, "1")                                  \
    A(REDUCE_MEAN_D, "axes", INTS, REQUIRED, "")                                                 \
    A(REDUCE_MEAN_D, "keep_dims", BOOL, OPTIONAL, "0")                                           \
    A(REDUCE_MEAN_D, "noop_with_empty_axes", BOOL, OPTIONAL, "0")                                \
    A(REDUCE_MAX, "keep_dims", BOOL, OPTIONAL, "0")                                              \
    A(REDUCE_MAX, "noop_with_empty_axes", BOOL, OPTIONAL, "1")                                   \
    A(REDUCE_MAX_D, "axes", INTS, REQUIRED, "")                                                  \
    A(REDUCE_MAX_D, "keep_dims", BOOL, OPTIONAL, "0")                                            \
    A(REDUCE_MIN, "keep_dims", BOOL, OPTIONAL, "0")                                              \
    A(REDUCE_MIN_D, "axes", INTS, REQUIRED, "")                                                  \
    A(REDUCE_MIN_D, "keep_dims", BOOL, OPTIONAL, "0")                                            \
    A(REDUCE_PROD, "keep_dims", BOOL, OPTIONAL, "0")                                             \
    A(REDUCE_PROD, "noop_with_empty_axes", BOOL, OPTIONAL, "1")                                  \
    A(REDUCE_PROD_D, "axes", INTS, REQUIRED, "")                                                 \
    A(REDUCE_PROD_D, "keep_dims", BOOL, OPTIONAL, "0")                                           \
    A(REDUCE_LOG_SUM_EXP, "keep_dims", BOOL, OPTIONAL, "0")                                      \
    A(REDUCE_LOG_SUM_EXP, "noop_with_empty_axes", BOOL, OPTIONAL, "0")                           \
    A(EUCLIDEAN_NORM, "keep_dims", BOOL, OPTIONAL, "0")                                          \
    A(ARG_MAX_V2, "dtype", INT, OPTIONAL, "9") /* a ge::DataType: DT_INT32 (3) or DT_INT64 (9) */ \
    A(ARG_MIN, "dtype", INT, OPTIONAL, "9")                                                      \
    A(LOG_SOFTMAX_V2, "axes", INTS, OPTIONAL, "-1")                                              \
    A(HARD_MAX, "axis", INT, OPTIONAL, "-1")                                                     \
    A(TOP_K, "sorted", BOOL, OPTIONAL, "1") \
    A(TOP_K, "largest", BOOL, OPTIONAL, "1") \
    A(TOP_K, "dim", INT, OPTIONAL, "-1") \
    /* ---- shape and data movement, generators, indexing ---- */ \
    A(FLATTEN, "axis", INT, OPTIONAL, "1") \
    A(SQUEEZE, "axis", INTS, OPTIONAL, "") \
    A(UNSQUEEZE, "axes", INTS, OPTIONAL, "") \
    A(SHAPE, "dtype", INT, OPTIONAL, "3") \
    A(SIZE, "dtype", INT, OPTIONAL, "3") \
    A(STRIDED_SLICE_V2, "begin_mask", INT, FIXED, "0") \
    A(STRIDED_SLICE_V2, "end_mask", INT, FIXED, "0") \
    A(STRIDED_SLICE_V2, "ellipsis_mask", INT, FIXED, "0") \
    A(STRIDED_SLICE_V2, "new_axis_mask", INT, FIXED, "0") \
    A(STRIDED_SLICE_V2, "shrink_axis_mask", INT, FIXED, "0") \
    A(PAD_V3, "mode", STRING, OPTIONAL, "constant") \
    A(PAD_V3, "paddings_contiguous", BOOL, OPTIONAL, "1") \
    A(DEPTH_TO_SPACE, "block_size", INT, REQUIRED, "") \
    A(DEPTH_TO_SPACE, "mode", STRING, OPTIONAL, "DCR") \
    A(DEPTH_TO_SPACE, "data_format", STRING, OPTIONAL, "NHWC") \
    A(SPACE_TO_DEPTH, "block_size", INT, REQUIRED, "") \
    A(SPACE_TO_DEPTH, "data_format", STRING, OPTIONAL, "NHWC") \
    A(GATHER_V2, "batch_dims", INT, FIXED, "0") \
    A(GATHER_V2, "is_preprocessed", BOOL, FIXED, "0") \
    A(GATHER_V2, "negative_index_support", BOOL, OPTIONAL, "0") \
    A(GATHER_ELEMENTS, "dim", INT, OPTIONAL, "0") \
    A(GATHER_ND, "negative_index_support", BOOL, OPTIONAL, "0") \
    A(SCATTER_ELEMENTS, "axis", INT, OPTIONAL, "0") \
    A(SCATTER_ELEMENTS, "reduction", STRING, OPTIONAL, "none") \
    A(RANGE, "is_closed", BOOL, FIXED, "0") \
    A(TRILU, "upper", INT, OPTIONAL, "0") \
    A(CUMSUM, "exclusive", BOOL, OPTIONAL, "0") \
    A(CUMSUM, "reverse", BOOL, OPTIONAL, "0") \
    A(ONE_HOT, "axis", INT, OPTIONAL, "-1") \
    A(RESIZE, "coordinate_transformation_mode", STRING, OPTIONAL, "half_pixel") \
    A(RESIZE, "cubic_coeff_a", FLOAT, OPTIONAL, "-0.75") \
    A(RESIZE, "exclude_outside", INT, OPTIONAL, "0") \
    A(RESIZE, "extrapolation_value", FLOAT, OPTIONAL, "0.0") \
    A(RESIZE, "mode", STRING, OPTIONAL, "nearest") \
    A(RESIZE, "nearest_mode", STRING, OPTIONAL, "round_prefer_floor") \
    /* ---- convolution, pooling, normalization, matrix ---- */ \
    A(LAYER_NORM, "begin_norm_axis", INT, OPTIONAL, "0")                                         \
    A(LAYER_NORM, "begin_params_axis", INT, OPTIONAL, "0")                                       \
    A(LAYER_NORM, "epsilon", FLOAT, OPTIONAL, "1e-7")                                            \
    A(INSTANCE_NORM, "data_format", STRING, OPTIONAL, "NDHWC")                                   \
    A(INSTANCE_NORM, "epsilon", FLOAT, OPTIONAL, "1e-6")                                         \
    A(LRN, "depth_radius", INT, OPTIONAL, "5")                                                   \
    A(LRN, "bias", FLOAT, OPTIONAL, "1.0")                                                       \
    A(LRN, "alpha", FLOAT, OPTIONAL, "1.0")                                                      \
    A(LRN, "beta", FLOAT, OPTIONAL, "0.5")                                                       \
    A(LRN, "norm_region", STRING, OPTIONAL, "ACROSS_CHANNELS")                                   \
    A(CONV2D_TRANSPOSE, "strides", INTS, REQUIRED, "")                                           \
    A(CONV2D_TRANSPOSE, "pads", INTS, REQUIRED, "")                                              \
    A(CONV2D_TRANSPOSE, "dilations", INTS, OPTIONAL, "1,1,1,1")                                  \
    A(CONV2D_TRANSPOSE, "groups", INT, OPTIONAL, "1")                                            \
    A(CONV2D_TRANSPOSE, "data_format", STRING, OPTIONAL, "NHWC")                                 \
    A(CONV2D_TRANSPOSE, "output_padding", INTS, OPTIONAL, "0,0,0,0")                             \
    A(CONV2D_TRANSPOSE, "offset_x", INT, FIXED, "0")

/* GECL_DTYPES(op id, inputs, dtypes): the element types an op's kernels compute, required of its
 * first `inputs` inputs (those present; later ones, such as an int8 offset_w, are the op's own
 * business), as a mask of GECL_DTYPE_BIT. An op not listed takes whatever its infer function
 * admits. The kernels are written against prelude.cl's T/ACC_T; a type joins here when its
 * lowering defines them for it. */
#define GECL_DTYPE_BIT(dt) (1ull << GECL_DT_##dt)
/* What the reduction kernel (kernels/reduce.cl) computes: floats in float (float16 and bfloat16
 * storage too) or double, integers (8 to 64 bits, unsigned up to 32) in long; norms,
 * log-sum-exp and HardMax only for float, float16 and double. */
#define GECL_REDUCE_FLOAT_DTYPES (GECL_DTYPE_BIT(FLOAT) | GECL_DTYPE_BIT(FLOAT16) | GECL_DTYPE_BIT(DOUBLE))
#define GECL_REDUCE_DTYPES                                                                       \
    (GECL_REDUCE_FLOAT_DTYPES | GECL_DTYPE_BIT(BF16) | GECL_DTYPE_BIT(INT8) | GECL_DTYPE_BIT(INT16) | \
     GECL_DTYPE_BIT(INT32) | GECL_DTYPE_BIT(INT64) | GECL_DTYPE_BIT(UINT8) | GECL_DTYPE_BIT(UINT16) | \
     GECL_DTYPE_BIT(UINT32))
#define GECL_DTYPES_LIST(D)                                                                      \
    D(CONV2D, 3, GECL_DTYPE_BIT(FLOAT))                                                          \
    D(MATMUL, 3, GECL_DTYPE_BIT(FLOAT))                                                          \
    D(MATMUL_V2, 3, GECL_DTYPE_BIT(FLOAT))                                                       \
    D(BATCH_MATMUL, 3, GECL_DTYPE_BIT(FLOAT))                                                    \
    D(BATCH_MATMUL_V2, 3, GECL_DTYPE_BIT(FLOAT))                                                 \
    D(MAX_POOL, 1, GECL_DTYPE_BIT(FLOAT))                                                        \
    D(AVG_POOL, 1, GECL_DTYPE_BIT(FLOAT))                                                        \
    D(MAX_POOL_V3, 1, GECL_DTYPE_BIT(FLOAT))                                                     \
    D(AVG_POOL_V2, 1, GECL_DTYPE_BIT(FLOAT))                                                     \
    D(MAX_POOL3D_WITH_ARGMAX_V2, 1, GECL_DTYPE_BIT(FLOAT))                                       \
    D(SOFTMAX_V2, 1, GECL_DTYPE_BIT(FLOAT)) \
    /* ---- elementwise math, activations, comparison and logic ---- */ \
    /* ---- reductions, softmax family, arg max/min ---- */ \
    D(REDUCE_SUM, 1, GECL_REDUCE_DTYPES)                                                         \
    D(REDUCE_SUM_D, 1, GECL_REDUCE_DTYPES)                                                       \
    D(REDUCE_MEAN, 1, GECL_REDUCE_DTYPES)                                                        \
    D(REDUCE_MEAN_D, 1, GECL_REDUCE_DTYPES)                                                      \
    D(REDUCE_MAX, 1, GECL_REDUCE_DTYPES)                                                         \
    D(REDUCE_MAX_D, 1, GECL_REDUCE_DTYPES)                                                       \
    D(REDUCE_MIN, 1, GECL_REDUCE_DTYPES)                                                         \
    D(REDUCE_MIN_D, 1, GECL_REDUCE_DTYPES)                                                       \
    D(REDUCE_PROD, 1, GECL_REDUCE_DTYPES)                                                        \
    D(REDUCE_PROD_D, 1, GECL_REDUCE_DTYPES)                                                      \
    D(REDUCE_LOG_SUM_EXP, 1, GECL_REDUCE_FLOAT_DTYPES)                                           \
    D(EUCLIDEAN_NORM, 1, GECL_REDUCE_FLOAT_DTYPES)                                               \
    D(ARG_MAX_V2, 1, GECL_REDUCE_DTYPES)                                                         \
    D(ARG_MIN, 1, GECL_REDUCE_DTYPES)                                                            \
    D(LOG_SOFTMAX_V2, 1, GECL_DTYPE_BIT(FLOAT))                                                  \
    D(HARD_MAX, 1, GECL_REDUCE_FLOAT_DTYPES)                                                     \
    D(TOP_K, 1, GECL_DTYPE_BIT(FLOAT) | GECL_DTYPE_BIT(DOUBLE) | GECL_DTYPE_BIT(INT32) | GECL_DTYPE_BIT(INT64)) \
    /* ---- shape and data movement, generators, indexing ---- */ \
    D(CUMSUM, 1, GECL_DTYPE_BIT(FLOAT) | GECL_DTYPE_BIT(DOUBLE) | GECL_DTYPE_BIT(INT32) | GECL_DTYPE_BIT(INT64)) \
    D(RESIZE, 1, GECL_DTYPE_BIT(FLOAT) | GECL_DTYPE_BIT(FLOAT16) | GECL_DTYPE_BIT(DOUBLE)) \
    /* ---- convolution, pooling, normalization, matrix ---- */ \
    D(LAYER_NORM, 3, GECL_DTYPE_BIT(FLOAT))                                                      \
    D(INSTANCE_NORM, 3, GECL_DTYPE_BIT(FLOAT))                                                   \
    D(LRN, 1, GECL_DTYPE_BIT(FLOAT))

/* GECL_VALUE_INPUTS(op id, inputs): the inputs whose values inference reads (CANN's
 * InputsDataDependency: a Reshape's shape, a Slice's begin), as a mask of GECL_INPUT_BIT;
 * GECL_INPUT_LAST stands for the last input present (ConcatV2's concat_dim). Such an input must be
 * a constant by inference: a Const, an op that folds, or a graph input whose values each run
 * brings (value_inputs.c: the graph is then compiled per run's values, as dynamic shapes are). */
#define GECL_INPUT_BIT(i) (1ull << (i))
#define GECL_INPUT_LAST (1ull << 63)
#define GECL_VALUE_INPUTS_LIST(V)                                                                \
    V(RESHAPE, GECL_INPUT_BIT(1))                                                                \
    V(TRANSPOSE, GECL_INPUT_BIT(1))                                                              \
    V(CONCAT, GECL_INPUT_BIT(0))                                                                 \
    V(CONCAT_V2, GECL_INPUT_LAST)                                                                \
    V(SPLIT, GECL_INPUT_BIT(0))                                                                  \
    V(SPLIT_V, GECL_INPUT_BIT(1) | GECL_INPUT_BIT(2)) \
    /* ---- elementwise math, activations, comparison and logic ---- */ \
    /* ---- reductions, softmax family, arg max/min ---- */ \
    V(REDUCE_SUM, GECL_INPUT_BIT(1)) V(REDUCE_MEAN, GECL_INPUT_BIT(1)) V(REDUCE_MAX, GECL_INPUT_BIT(1)) \
    V(REDUCE_MIN, GECL_INPUT_BIT(1)) V(REDUCE_PROD, GECL_INPUT_BIT(1)) \
    V(REDUCE_LOG_SUM_EXP, GECL_INPUT_BIT(1)) V(EUCLIDEAN_NORM, GECL_INPUT_BIT(1)) \
    V(TOP_K, GECL_INPUT_BIT(1)) \
    /* ---- shape and data movement, generators, indexing ---- */ \
    V(SQUEEZE_V3, GECL_INPUT_BIT(1)) \
    V(UNSQUEEZE_V3, GECL_INPUT_BIT(1)) \
    V(STRIDED_SLICE_V2, GECL_INPUT_BIT(1) | GECL_INPUT_BIT(2) | GECL_INPUT_BIT(3) | GECL_INPUT_BIT(4)) \
    V(EXPAND, GECL_INPUT_BIT(1)) \
    V(TILE, GECL_INPUT_BIT(1)) \
    V(PAD_V3, GECL_INPUT_BIT(1)) \
    V(GATHER_V2, GECL_INPUT_BIT(2)) \
    V(FILL, GECL_INPUT_BIT(0)) \
    V(RANGE, GECL_INPUT_BIT(0) | GECL_INPUT_BIT(1) | GECL_INPUT_BIT(2)) \
    V(CUMSUM, GECL_INPUT_BIT(1)) \
    V(ONE_HOT, GECL_INPUT_BIT(1)) \
    V(RESIZE, GECL_INPUT_BIT(1) | GECL_INPUT_BIT(2) | GECL_INPUT_BIT(3)) \
    /* ---- convolution, pooling, normalization, matrix ---- */

/* GECL_FOLD_FROM_DESC(op id): ops whose fold function reads only their inputs' descriptions
 * (Shape, Size): they fold as soon as they are inferred, whatever computes their inputs, and
 * their inputs' values are never needed for it. */
#define GECL_FOLD_FROM_DESC_LIST(F) \
    /* ---- elementwise math, activations, comparison and logic ---- */ \
    /* ---- reductions, softmax family, arg max/min ---- */ \
    /* ---- shape and data movement, generators, indexing ---- */ \
    F(SHAPE) F(SIZE) \
    /* ---- convolution, pooling, normalization, matrix ---- */

#endif
