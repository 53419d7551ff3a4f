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
    /* ---- reductions, softmax family, arg max/min ---- */ \
    /* ---- shape and data movement, generators, indexing ---- */ \
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
    D(SOFTMAX_V2, 1, GECL_DTYPE_BIT(FLOAT)) \
    /* ---- elementwise math, activations, comparison and logic ---- */ \
    /* ---- reductions, softmax family, arg max/min ---- */ \
    /* ---- shape and data movement, generators, indexing ---- */ \
    /* ---- convolution, pooling, normalization, matrix ---- */ \
    D(LAYER_NORM, 3, GECL_DTYPE_BIT(FLOAT))                                                      \
    D(INSTANCE_NORM, 3, GECL_DTYPE_BIT(FLOAT))                                                   \
    D(LRN, 1, GECL_DTYPE_BIT(FLOAT))

#endif
