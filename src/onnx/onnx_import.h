/* onnx_import.h: the ONNX importer's inside, what every converter sees. An import walks the
 * model's nodes in order; each ONNX node is handed to the converter its op type names in
 * onnx_ops.h, which adds one or more CANN ops to the graph (through the C graph API) and says which
 * ports hold the node's outputs. Converters read ONNX attributes with onnx_attr_*, build ops with
 * onnx_op / onnx_op1, and fail with onnx_fail (which names the ONNX node). */
#ifndef GECL_ONNX_IMPORT_H
#define GECL_ONNX_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "gecl/gecl.h"
#include "onnx.pb-c.h"

/* The most inputs / outputs of one ONNX node gecl converts (Concat, Sum, Split). */
#define ONNX_MAX_IO 64

typedef struct onnx_ctx onnx_ctx;

/* One ONNX node being converted. */
typedef struct onnx_conv {
    onnx_ctx *ctx;
    gecl_graph *graph;
    const Onnx__NodeProto *node;
    int64_t opset;                /* the model's opset of the default domain */
    size_t n_in;                  /* node->n_input (trailing absent ones included) */
    gecl_port in[ONNX_MAX_IO];    /* node < 0: absent optional input ("") */
    size_t n_out;                 /* node->n_output */
    gecl_port out[ONNX_MAX_IO];   /* set by the converter; node < 0: not produced (optional) */
    int n_made;                   /* ops made so far, to name them uniquely */
} onnx_conv;

typedef gecl_status (*onnx_convert_fn)(onnx_conv *c);

/* ---- failing ---- */
/* GECL_PARAM_INVALID with "ONNX node 'name' (OpType): <message>". */
gecl_status onnx_fail(const onnx_conv *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* As onnx_fail, for a value the node's inputs or attributes ask for that gecl does not implement. */
gecl_status onnx_unsupported(const onnx_conv *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- ONNX attributes (absent -> def) ---- */
const Onnx__AttributeProto *onnx_attr(const onnx_conv *c, const char *name);
int64_t onnx_attr_int(const onnx_conv *c, const char *name, int64_t def);
float onnx_attr_float(const onnx_conv *c, const char *name, float def);
/* NUL-terminated copy owned by the import (valid until it ends). */
const char *onnx_attr_string(const onnx_conv *c, const char *name, const char *def);
/* List attributes: count, and *v (NULL when absent). */
size_t onnx_attr_ints(const onnx_conv *c, const char *name, const int64_t **v);
size_t onnx_attr_floats(const onnx_conv *c, const char *name, const float **v);

/* ---- building ---- */
/* Adds CANN op `type` on `n` inputs (absent ones: node < 0); returns its node id, or -1 with the
 * failure recorded (gecl_last_error and the status onnx_status gives). Named after the ONNX node. */
int32_t onnx_op(onnx_conv *c, const char *type, size_t n, const gecl_port *in);
/* onnx_op's first output as a port ({-1, 0} on failure). */
gecl_port onnx_op1(onnx_conv *c, const char *type, size_t n, const gecl_port *in);
/* onnx_op1 of a two-input op (Add, Mul, ...). */
gecl_port onnx_op2(onnx_conv *c, const char *type, gecl_port a, gecl_port b);
/* x cast to `to` (CANN's Cast). */
gecl_port onnx_cast(onnx_conv *c, gecl_port x, gecl_dtype to);
/* The status of the first failure in this conversion (GECL_SUCCESS when none). */
gecl_status onnx_status(const onnx_conv *c);
/* Attribute setters on a node onnx_op made; a failure is recorded as with onnx_op. */
void onnx_set_int(onnx_conv *c, int32_t node, const char *name, int64_t v);
void onnx_set_bool(onnx_conv *c, int32_t node, const char *name, int v);
void onnx_set_float(onnx_conv *c, int32_t node, const char *name, float v);
void onnx_set_string(onnx_conv *c, int32_t node, const char *name, const char *v);
void onnx_set_ints(onnx_conv *c, int32_t node, const char *name, const int64_t *v, size_t n);
void onnx_set_floats(onnx_conv *c, int32_t node, const char *name, const float *v, size_t n);
/* Constants: a tensor, an int64 vector, a scalar of dtype `dt` holding `v`. */
gecl_port onnx_const(onnx_conv *c, const gecl_tensor_desc *desc, const void *data, size_t bytes);
gecl_port onnx_const_ints(onnx_conv *c, const int64_t *v, size_t n);
gecl_port onnx_const_scalar(onnx_conv *c, gecl_dtype dt, double v);

/* ---- what is known of a port ---- */
/* Its description as inferred from the graph so far (fails for dynamic graphs' unknown parts). */
gecl_status onnx_desc(onnx_conv *c, gecl_port p, gecl_tensor_desc *desc);
/* The port's values when it is a constant integer tensor (Const of int32/int64, at most cap
 * values): their count; -1 when it is not one. */
int onnx_const_values(const onnx_conv *c, gecl_port p, int64_t *out, int cap);
/* The dtype of a port when known without inference (Data, Const), else GECL_DT_UNDEFINED. */
gecl_dtype onnx_port_dtype(const onnx_conv *c, gecl_port p);
/* The dtype of a port, inferring the graph so far when onnx_port_dtype does not know it;
 * GECL_DT_UNDEFINED with the failure recorded when it cannot be inferred. */
gecl_dtype onnx_dtype_of(onnx_conv *c, gecl_port p);

/* ---- ONNX tensors (tensor.c) ---- */
/* gecl's dtype of ONNX TensorProto.DataType `t`; GECL_DT_UNDEFINED when gecl has none. */
gecl_dtype onnx_dtype(int32_t t);
const char *onnx_dtype_name(int32_t t);
/* A TensorProto's description and bytes (malloc'd, *data; free()). `base_dir`: where external
 * data files are looked up (NULL: the current directory). `what` names it in messages. */
gecl_status onnx_tensor_read(const Onnx__TensorProto *t, const char *base_dir, const char *what,
                             gecl_tensor_desc *desc, void **data, size_t *bytes);
/* The same, for a TensorProto unpacked with Const-bytes blocks (import.c's parse): *data is Const
 * bytes (gecl_const_data_new) for gecl_graph_add_const_data. raw_data moves out of the message
 * (a model's weights are most of its bytes); other forms are copied. data == NULL to check only. */
gecl_status onnx_tensor_take_const(Onnx__TensorProto *t, const char *base_dir, const char *what,
                                   gecl_tensor_desc *desc, void **data, size_t *bytes);
/* ---- the converter table (onnx_ops.h) ---- */
/* The converter of op_type at `opset` (NULL when none), and the opset it is registered from. */
onnx_convert_fn onnx_converter(const char *op_type, int64_t opset);

#endif
