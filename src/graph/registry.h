/* registry.h: the op registry, built from op_table.h: type name -> kind, arity, shape and dtype
 * inference. Inference is a table this layer declares and src/ops fills, as it does compile's
 * lowering table (compile/launch.h): graph names no function of the layers above it. */
#ifndef GECL_GRAPH_REGISTRY_H
#define GECL_GRAPH_REGISTRY_H

#include "ir.h"

/* Fills n->outs[0..n->n_outputs) (sized by the table, or by the builder for dynamic outputs) from the
 * inputs' descriptions and the attributes; fails with gecl_node_fail. */
typedef gecl_status (*gecl_infer_fn)(const gecl_graph *g, gecl_node *n);

typedef struct gecl_op_info {
    const char *name;
    gecl_op_kind kind;
    int min_inputs, max_inputs;
    int outputs;             /* fixed count; 0: dynamic (gecl_graph_set_output_count) */
    const char *expr;
} gecl_op_info;

const gecl_op_info *gecl_op_info_get(gecl_op op);
/* Operands of an elementwise op (its kind: unary 1, binary 2, ternary 3; 0 when not elementwise):
 * the x0.. of its expression, which fusion, codegen and folding read. */
int gecl_op_operands(gecl_op op);

/* An attribute of an op (op_attrs.h, schema.c). */
typedef enum gecl_attr_use { GECL_ATTR_USE_OPTIONAL, GECL_ATTR_USE_REQUIRED, GECL_ATTR_USE_FIXED } gecl_attr_use;
typedef struct gecl_attr_schema {
    gecl_op op;
    const char *name;
    gecl_attr_type type;
    gecl_attr_use use;
    const char *text;          /* the default as written in op_attrs.h ("" when required) */
    int64_t i;                 /* the default, parsed: Int and Bool */
    float f;                   /* Float */
    size_t n;                  /* ListInt / ListFloat */
    int64_t ints[GECL_MAX_DIMS];
    float floats[GECL_MAX_DIMS];
} gecl_attr_schema;
/* The attributes of `op` (NULL and 0 when it has none), and one by name (NULL when not). */
const gecl_attr_schema *gecl_op_attrs(gecl_op op, size_t *count);
const gecl_attr_schema *gecl_op_attr(gecl_op op, const char *name);
const char *gecl_attr_type_name(gecl_attr_type t);
/* Constant folding (fold.c): node n's value computed on the host from constant inputs, by
 * op_table.h's fold column (filled by src/ops; gecl_fold_none for ops never folded). */
typedef void (*gecl_fold_fn)(const gecl_graph *g, const gecl_node *n, void *dst);
extern const gecl_fold_fn gecl_op_fold[GECL_OP_COUNT];
#define GECL_OP_DECLARE_FOLD(id, name, kind, mn, mx, nout, infer, lower, fold, ...) \
    void fold(const gecl_graph *g, const gecl_node *n, void *dst);
GECL_OP_LIST(GECL_OP_DECLARE_FOLD)
#undef GECL_OP_DECLARE_FOLD
/* After n is inferred: when its op folds and its inputs are constants, n becomes a Const. */
gecl_status gecl_fold_node(gecl_graph *g, gecl_node *n);
/* Offset of element `i` of `out` in an input read with `strides` (per output dim, 0: broadcast). */
int64_t gecl_fold_source_index(int64_t i, const gecl_tensor_desc *out, const int64_t *strides);
/* Strides (per output dim, 0 = broadcast) to read input `i` of elementwise node n for an
 * output of shape `out` (broadcast.c). */
void gecl_ew_input_strides(const gecl_graph *g, const gecl_node *n, size_t i, const gecl_tensor_desc *out,
                           int64_t *strides);

/* The values of node n's Float attributes in op_attrs.h order (the node's, else the default):
 * an elementwise expression's a0, a1, ... (op_table.h). Returns how many (the rest of a[] 0). */
#define GECL_EW_MAX_ATTRS 4
size_t gecl_ew_attr_values(const gecl_node *n, double a[GECL_EW_MAX_ATTRS]);

/* Every default in op_attrs.h parses as its row's type (a required row has none). */
gecl_status gecl_attr_schema_check(void);
/* Required attributes set, types readable as the schema's, FIXED ones at their default. */
gecl_status gecl_node_check_attrs(const gecl_node *n);
/* Attribute values, the schema's default when the node has none (a name the op's schema lacks
 * is a gecl bug: it reads 0 / "" and logs an internal error). Lists: NULL only without a default. */
int64_t gecl_node_int(const gecl_node *n, const char *name);
float gecl_node_float(const gecl_node *n, const char *name);
const char *gecl_node_string(const gecl_node *n, const char *name);
const int64_t *gecl_node_ints(const gecl_node *n, const char *name, size_t *count);
/* The dtypes (mask of 1 << gecl_dtype) `op` computes for its first *inputs inputs; 0 (and
 * *inputs 0) when op_attrs.h does not restrict them. */
uint64_t gecl_op_dtypes(gecl_op op, size_t *inputs);
void gecl_dtype_mask_str(uint64_t mask, char *buf, size_t size);
/* The 16-bit float storage types `op` takes although its kernels compute float only: the compiler
 * computes them in float, a Cast on each side (compile/widen.c). 0 for ops that compute them
 * natively or take no float. */
uint64_t gecl_op_dtypes_via_float(gecl_op op);
/* Each of those inputs, when present, has one of them or one computed via float (run after the
 * producers are inferred). */
gecl_status gecl_node_check_dtypes(const gecl_graph *g, const gecl_node *n);
/* Complex tensors only enter and leave the ops that compute them (elementwise arithmetic) and
 * views; run after the node is inferred. */
gecl_status gecl_node_check_complex(const gecl_graph *g, const gecl_node *n);
int gecl_dtype_is_complex(gecl_dtype t);
/* The inputs of `op` whose values inference reads (op_attrs.h's GECL_VALUE_INPUTS_LIST; mask of
 * GECL_INPUT_BIT, GECL_INPUT_LAST), and whether its fold reads only descriptions. */
uint64_t gecl_op_value_inputs(gecl_op op);
int gecl_op_folds_from_desc(gecl_op op);
/* The Data nodes whose values inference needs (value_inputs.c): is_value[i] (when not NULL,
 * g->n_nodes entries) says so of node i; returns how many there are. */
size_t gecl_graph_value_inputs(const gecl_graph *g, char *is_value);
/* GECL_OP_UNKNOWN when `type` is not a supported op. */
gecl_op gecl_op_lookup(const char *type);

/* Inference of every op, indexed by gecl_op: op_table.h's infer column, filled by src/ops. */
extern const gecl_infer_fn gecl_op_infer[GECL_OP_COUNT];
/* Every function of the infer column, declared from the table (repeats are one declaration). */
#define GECL_OP_DECLARE_INFER(id, name, kind, mn, mx, nout, infer, ...) gecl_status infer(const gecl_graph *g, gecl_node *n);
GECL_OP_LIST(GECL_OP_DECLARE_INFER)
#undef GECL_OP_DECLARE_INFER

/* Shared inference helpers. */
/* out = the numpy broadcast of a's and b's shapes (dtype and format from the higher rank's
 * input); fails naming n when they do not broadcast. */
gecl_status gecl_broadcast_desc(const gecl_node *n, const gecl_tensor_desc *a, const gecl_tensor_desc *b,
                                gecl_tensor_desc *out);
/* Axis in [-rank, rank) -> [0, rank), or -1 when out of range. */
int gecl_norm_axis(int64_t axis, int rank);
/* Channel axis of a BiasAdd node for an input of `rank` dims. */
int gecl_bias_add_axis(const gecl_node *n, uint32_t rank);
/* Layout of a 4-D activation from a data_format attribute value ("NCHW"/"NHWC"); -1 if neither. */
int gecl_parse_layout(const char *data_format, gecl_format *fmt);

#endif
