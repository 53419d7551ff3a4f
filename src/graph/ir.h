/* ir.h: the graph IR behind gecl_graph. One IR for the C API and the C++ facade (and, when it
 * comes, an ONNX importer): nodes carry CANN op types and attribute names, tensors are (dtype,
 * format, shape). */
#ifndef GECL_GRAPH_IR_H
#define GECL_GRAPH_IR_H

#include <stddef.h>
#include <stdint.h>

#include "gecl/gecl.h"
#include "op_table.h"

typedef enum gecl_attr_type {
    GECL_ATTR_INT, GECL_ATTR_FLOAT, GECL_ATTR_BOOL, GECL_ATTR_STRING, GECL_ATTR_INTS, GECL_ATTR_FLOATS
} gecl_attr_type;

typedef struct gecl_attr {
    char *name;
    gecl_attr_type type;
    int64_t i;          /* INT, BOOL */
    float f;
    char *s;
    int64_t *ints;
    float *floats;
    size_t n;           /* length of ints / floats */
} gecl_attr;

typedef struct gecl_node {
    char *name;
    char *type;               /* as given by the builder */
    gecl_op op;               /* GECL_OP_UNKNOWN until looked up */
    size_t n_inputs;
    gecl_port *inputs;        /* node < 0: absent optional input */
    gecl_format *in_format;   /* per input: declared format or GECL_FORMAT_RESERVED (none) */
    size_t n_attrs;
    gecl_attr *attrs;
    size_t n_outputs;
    gecl_tensor_desc *outs;   /* given for Data/Const, inferred for the rest */
    int64_t index;            /* Data */
    void *data;               /* Const: shared bytes (const_data.c), never changed once set */
    size_t bytes;
} gecl_node;

struct gecl_graph {
    char *name;
    size_t n_nodes, cap_nodes;
    gecl_node *nodes;
    size_t n_outputs;
    gecl_port *outputs;
    char **output_names;      /* NULL, or n_outputs names (NULL entries: unnamed); io_names.c */
    int32_t *order;           /* topological order, set by gecl_graph_infer */
    struct gecl_graph *inferred; /* inferred copy answering queries; dropped by every change */
};

/* ---- Const bytes, shared by reference between graph copies (const_data.c) ---- */
void *gecl_const_data_new(size_t bytes); /* one reference; NULL when out of memory */
void *gecl_const_data_ref(void *data);   /* another reference to the same bytes */
void gecl_const_data_unref(void *data);  /* frees with the last reference; NULL is ignored */
/* gecl_graph_add_const without the copy: takes `data` (from gecl_const_data_new), releasing it
 * itself when it fails (graph.c). */
gecl_status gecl_graph_add_const_data(gecl_graph *g, const char *name, const gecl_tensor_desc *desc, void *data,
                                      size_t bytes, gecl_port *out);

/* ---- attributes as set (defaults and typed reads: gecl_node_int and friends, registry.h) ---- */
const gecl_attr *gecl_attr_find(const gecl_node *n, const char *name);
/* List attribute; NULL (and *count 0) when absent. */
const int64_t *gecl_attr_ints(const gecl_node *n, const char *name, size_t *count);
const float *gecl_attr_floats(const gecl_node *n, const char *name, size_t *count);

/* ---- structure ---- */
/* Description of a port (after inference), NULL for an absent input. */
const gecl_tensor_desc *gecl_port_desc(const gecl_graph *g, gecl_port p);
/* Description of node n's input i, NULL when absent. */
const gecl_tensor_desc *gecl_input_desc(const gecl_graph *g, const gecl_node *n, size_t i);
/* Data of input i when it comes straight from a Const node, else NULL. */
const void *gecl_input_const(const gecl_graph *g, const gecl_node *n, size_t i);
/* Reads a constant integer tensor (int32 or int64) input as int64 values; returns the count,
 * or -1 when input i is not a constant integer vector (message set). */
int gecl_input_const_ints(const gecl_graph *g, const gecl_node *n, size_t i, int64_t *out, int cap);

/* Fails with "node '<name>' (<type>): <text>" as GECL_PARAM_INVALID (for infer functions). */
gecl_status gecl_node_fail(const gecl_node *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Deep copy (sessions keep their own copy of an added graph). NULL when out of memory. */
gecl_graph *gecl_graph_clone(const gecl_graph *g);
/* Drops the output names (io_names.c). */
void gecl_graph_clear_output_names(gecl_graph *g);
/* Copies s's output names into d (same output count); -1 out of memory. */
int gecl_graph_copy_output_names(gecl_graph *d, const gecl_graph *s);

/* Dynamic graphs (dynamic.c): Data dims unknown until a run. */
int gecl_desc_unknown_rank(const gecl_tensor_desc *d);
int gecl_desc_dynamic(const gecl_tensor_desc *d);
int gecl_graph_dynamic(const gecl_graph *g);
/* A static, inferred copy of g with Data index i described by in[i] (which must fit it: dtype,
 * rank, known dims) and, when it is a value input (value_inputs.c), holding values[i] (bytes of
 * in[i]; values may be NULL when there are none); failures name the Data node. */
gecl_status gecl_graph_specialize(const gecl_graph *g, size_t n, const gecl_tensor_desc *in,
                                  const void *const *values, gecl_graph **out);

/* Drops the inferred copy behind gecl_graph_validate / gecl_graph_port_desc: every function
 * that changes a graph calls it. */
void gecl_graph_changed(gecl_graph *g);

/* Validation + inference of every node's outputs, in place (nodes are kept in topological order
 * by construction: a node can only reference earlier nodes). */
gecl_status gecl_graph_infer(gecl_graph *g);
/* CANN's numbering of graph inputs: Data indexes that are not exactly 0..n-1 (each once) are
 * replaced by 0..n-1 in node order (infer.c). gecl_graph_infer applies it first. */
gecl_status gecl_graph_number_inputs(gecl_graph *g);
/* The Data node that is input `index` under that numbering (-1: none), without changing g. */
gecl_status gecl_graph_input_node(const gecl_graph *g, int64_t index, int32_t *node);

/* Elements of a description (1 for a scalar). */
int64_t gecl_desc_numel(const gecl_tensor_desc *d);
/* Whether the tensor's size in bytes, its zero dims counted as 1, is at most
 * GECL_MAX_TENSOR_BYTES (and so its element count, byte size, strides and the offsets built from
 * them cannot overflow, also for an empty tensor). Graphs are checked with it when descriptions
 * come in (Data, Const) and after each node's inference; the size functions and shape
 * inference (shape_math.h) assume it. */
#define GECL_MAX_TENSOR_BYTES (UINT64_C(1) << 48)
int gecl_desc_fits(const gecl_tensor_desc *d);
/* NULL when gecl_desc_fits, else a message saying so, written into buf. */
const char *gecl_desc_size_problem(const gecl_tensor_desc *d, char *buf, size_t size);
int gecl_desc_same_shape(const gecl_tensor_desc *a, const gecl_tensor_desc *b);
/* Row-major element strides of d into s[0..ndim). */
void gecl_desc_strides(const gecl_tensor_desc *d, int64_t *s);
/* "[1,3,224,224]" into buf. */
const char *gecl_desc_shape_str(const gecl_tensor_desc *d, char *buf, size_t size);

#endif
