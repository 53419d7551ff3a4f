/* registry.h: the op registry, built from op_table.h: type name -> kind, arity, shape and dtype
 * inference, lowering to kernel launches. */
#ifndef GECL_GRAPH_REGISTRY_H
#define GECL_GRAPH_REGISTRY_H

#include "ir.h"

struct gecl_lower;

/* Fills n->outs[0..n->n_outputs) (sized by the table, or by the builder for dynamic outputs) from the
 * inputs' descriptions and the attributes; fails with gecl_node_fail. */
typedef gecl_status (*gecl_infer_fn)(const gecl_graph *g, gecl_node *n);
/* Appends the launches that compute n (see compile/launch.h). */
typedef gecl_status (*gecl_lower_fn)(struct gecl_lower *L, const gecl_node *n);

typedef struct gecl_op_info {
    const char *name;
    gecl_op_kind kind;
    int min_inputs, max_inputs;
    int outputs;             /* fixed count; 0: dynamic (gecl_graph_set_output_count) */
    gecl_infer_fn infer;
    gecl_lower_fn lower;
    const char *expr;
} gecl_op_info;

const gecl_op_info *gecl_op_info_get(gecl_op op);
/* GECL_OP_UNKNOWN when `type` is not a supported op. */
gecl_op gecl_op_lookup(const char *type);

#define GECL_OP_DECLARE(id, name, kind, mn, mx, nout, infer, lower, expr)                        \
    gecl_status infer(const gecl_graph *g, gecl_node *n);
GECL_OP_LIST(GECL_OP_DECLARE)
#undef GECL_OP_DECLARE

/* Lowering functions of the ops that have one (NULL entries are skipped by the macro users). */
gecl_status gecl_lower_conv2d(struct gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_matmul(struct gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_batch_matmul(struct gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_pool(struct gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_transpose(struct gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_concat(struct gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_softmax(struct gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_split(struct gecl_lower *L, const gecl_node *n);

/* Shared inference helpers. */
/* Axis in [-rank, rank) -> [0, rank), or -1 when out of range. */
int gecl_norm_axis(int64_t axis, int rank);
/* Channel axis of a BiasAdd node for an input of `rank` dims. */
int gecl_bias_add_axis(const gecl_node *n, uint32_t rank);
/* Layout of a 4-D activation from a data_format attribute value ("NCHW"/"NHWC"); -1 if neither. */
int gecl_parse_layout(const char *data_format, gecl_format *fmt);

#endif
