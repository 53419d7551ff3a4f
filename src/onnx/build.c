/* build.c: what converters use to read an ONNX node and add CANN ops for it. Building calls
 * record their first failure in the context, so a converter can chain them and check once
 * (onnx_status); every message names the ONNX node. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl_base.h"
#include "ge_error.h"
#include "ir.h"
#include "onnx_ctx.h"

static gecl_status vfail(const onnx_conv *c, gecl_status code, const char *what, const char *fmt, va_list ap)
{
    char msg[768];
    vsnprintf(msg, sizeof msg, fmt, ap);
    const Onnx__NodeProto *n = c->node;
    return gecl_ge_fail(code, "ONNX node '%s' (%s, opset %lld): %s%s", n->name && *n->name ? n->name : "(unnamed)",
                        n->op_type, (long long)c->opset, what, msg);
}

gecl_status onnx_fail(const onnx_conv *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gecl_status rc = vfail(c, GECL_PARAM_INVALID, "", fmt, ap);
    va_end(ap);
    return rc;
}

gecl_status onnx_unsupported(const onnx_conv *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gecl_status rc = vfail(c, GECL_PARAM_INVALID, "not supported: ", fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- attributes ---- */

const Onnx__AttributeProto *onnx_attr(const onnx_conv *c, const char *name)
{
    for (size_t i = 0; i < c->node->n_attribute; i++)
        if (c->node->attribute[i]->name && !strcmp(c->node->attribute[i]->name, name)) return c->node->attribute[i];
    return NULL;
}

int64_t onnx_attr_int(const onnx_conv *c, const char *name, int64_t def)
{
    const Onnx__AttributeProto *a = onnx_attr(c, name);
    return a && a->has_i ? a->i : def;
}

float onnx_attr_float(const onnx_conv *c, const char *name, float def)
{
    const Onnx__AttributeProto *a = onnx_attr(c, name);
    return a && a->has_f ? a->f : def;
}

const char *onnx_attr_string(const onnx_conv *c, const char *name, const char *def)
{
    const Onnx__AttributeProto *a = onnx_attr(c, name);
    if (!a || !a->has_s) return def;
    const char *s = onnx_ctx_string(c->ctx, (const char *)a->s.data, a->s.len);
    return s ? s : def;
}

size_t onnx_attr_ints(const onnx_conv *c, const char *name, const int64_t **v)
{
    const Onnx__AttributeProto *a = onnx_attr(c, name);
    *v = a && a->n_ints ? a->ints : NULL;
    return *v ? a->n_ints : 0;
}

size_t onnx_attr_floats(const onnx_conv *c, const char *name, const float **v)
{
    const Onnx__AttributeProto *a = onnx_attr(c, name);
    *v = a && a->n_floats ? a->floats : NULL;
    return *v ? a->n_floats : 0;
}

/* ---- building ---- */

/* A unique name for the next op made for this node: the node's name, or for an unnamed node its
 * op type and first output (output names are unique in an ONNX graph), then the op. */
static void node_name(onnx_conv *c, const char *type, char *name, size_t size)
{
    const Onnx__NodeProto *n = c->node;
    if (n->name && *n->name) snprintf(name, size, "%s/%s_%d", n->name, type, c->n_made++);
    else if (n->n_output && n->output[0] && *n->output[0])
        snprintf(name, size, "%s:%s/%s_%d", n->op_type, n->output[0], type, c->n_made++);
    else snprintf(name, size, "%s/%s_%d", n->op_type, type, c->n_made++);
}

static void record(onnx_conv *c, gecl_status rc)
{
    if (rc && !c->ctx->failed) c->ctx->failed = rc;
}

gecl_status onnx_status(const onnx_conv *c) { return c->ctx->failed; }

int32_t onnx_op(onnx_conv *c, const char *type, size_t n, const gecl_port *in)
{
    if (c->ctx->failed) return -1;
    for (size_t i = 0; i < n; i++)
        if (in[i].node < -1 || (in[i].node == -1 && i == 0)) { /* a failed earlier step, or no data input */
            record(c, onnx_fail(c, "input %zu of the %s it converts to is missing", i, type));
            return -1;
        }
    char name[512];
    node_name(c, type, name, sizeof name);
    int32_t id = -1;
    gecl_status rc = gecl_graph_add_op(c->graph, name, type, n, in, &id);
    if (rc) record(c, onnx_fail(c, "adding %s: %s", type, gecl_last_error()));
    return rc ? -1 : id;
}

gecl_port onnx_op1(onnx_conv *c, const char *type, size_t n, const gecl_port *in)
{
    int32_t id = onnx_op(c, type, n, in);
    return (gecl_port){id < 0 ? -2 : id, 0};
}

#define SETTER(fn, T, call)                                                              \
    void fn(onnx_conv *c, int32_t node, const char *name, T v)                           \
    {                                                                                    \
        if (c->ctx->failed || node < 0) return;                                          \
        gecl_status rc = call;                                                           \
        if (rc) record(c, onnx_fail(c, "attribute %s: %s", name, gecl_last_error()));    \
    }
SETTER(onnx_set_int, int64_t, gecl_graph_set_attr_int(c->graph, node, name, v))
SETTER(onnx_set_bool, int, gecl_graph_set_attr_bool(c->graph, node, name, v))
SETTER(onnx_set_float, float, gecl_graph_set_attr_float(c->graph, node, name, v))
SETTER(onnx_set_string, const char *, gecl_graph_set_attr_string(c->graph, node, name, v))
#undef SETTER

void onnx_set_ints(onnx_conv *c, int32_t node, const char *name, const int64_t *v, size_t n)
{
    if (c->ctx->failed || node < 0) return;
    if (gecl_graph_set_attr_ints(c->graph, node, name, v, n))
        record(c, onnx_fail(c, "attribute %s: %s", name, gecl_last_error()));
}

void onnx_set_floats(onnx_conv *c, int32_t node, const char *name, const float *v, size_t n)
{
    if (c->ctx->failed || node < 0) return;
    if (gecl_graph_set_attr_floats(c->graph, node, name, v, n))
        record(c, onnx_fail(c, "attribute %s: %s", name, gecl_last_error()));
}

gecl_port onnx_op2(onnx_conv *c, const char *type, gecl_port a, gecl_port b)
{
    const gecl_port in[2] = {a, b};
    return onnx_op1(c, type, 2, in);
}

gecl_port onnx_cast(onnx_conv *c, gecl_port x, gecl_dtype to)
{
    const int32_t id = onnx_op(c, "Cast", 1, &x);
    onnx_set_int(c, id, "dst_type", (int64_t)to);
    return (gecl_port){id < 0 ? -2 : id, 0};
}

gecl_port onnx_const(onnx_conv *c, const gecl_tensor_desc *desc, const void *data, size_t bytes)
{
    gecl_port p = {-2, 0};
    if (c->ctx->failed) return p;
    char name[512];
    node_name(c, "Const", name, sizeof name);
    if (gecl_graph_add_const(c->graph, name, desc, data, bytes, &p)) {
        record(c, onnx_fail(c, "adding a constant: %s", gecl_last_error()));
        p.node = -2;
    }
    return p;
}

gecl_port onnx_const_ints(onnx_conv *c, const int64_t *v, size_t n)
{
    gecl_tensor_desc d = {GECL_DT_INT64, GECL_FORMAT_ND, 1, {(int64_t)n}};
    return onnx_const(c, &d, v, n * sizeof *v);
}

gecl_port onnx_const_scalar(onnx_conv *c, gecl_dtype dt, double v)
{
    gecl_tensor_desc d = {dt, GECL_FORMAT_ND, 0, {0}};
    unsigned char buf[8] = {0};
    switch (dt) {
    case GECL_DT_FLOAT: *(float *)(void *)buf = (float)v; break;
    case GECL_DT_DOUBLE: *(double *)(void *)buf = v; break;
    case GECL_DT_FLOAT16: *(aclFloat16 *)(void *)buf = aclFloatToFloat16((float)v); break;
    case GECL_DT_INT64: *(int64_t *)(void *)buf = (int64_t)v; break;
    case GECL_DT_INT32: *(int32_t *)(void *)buf = (int32_t)v; break;
    case GECL_DT_BOOL: buf[0] = v != 0; break;
    default: record(c, onnx_unsupported(c, "a scalar constant of %s", gecl_dtype_name(dt))); return (gecl_port){-2, 0};
    }
    return onnx_const(c, &d, buf, gecl_dtype_size(dt));
}

/* ---- what is known ---- */

gecl_status onnx_desc(onnx_conv *c, gecl_port p, gecl_tensor_desc *desc)
{
    /* A graph validates only with outputs, which the import sets last: until then p stands in
     * (set once and left, so that the inferred copy serves the queries until the graph changes). */
    gecl_status rc = c->graph->n_outputs ? GECL_SUCCESS : gecl_graph_set_outputs(c->graph, 1, &p);
    if (!rc) rc = gecl_graph_port_desc(c->graph, p, desc);
    if (rc) record(c, onnx_fail(c, "the shape of an input is needed: %s", gecl_last_error()));
    return rc;
}

int onnx_const_values(const onnx_conv *c, gecl_port p, int64_t *out, int cap)
{
    if (p.node < 0 || (size_t)p.node >= c->graph->n_nodes) return -1;
    const gecl_node *n = &c->graph->nodes[p.node];
    if (n->op != GECL_OP_CONST) return -1;
    const gecl_tensor_desc *d = &n->outs[0];
    if (d->dtype != GECL_DT_INT64 && d->dtype != GECL_DT_INT32) return -1;
    const int64_t count = gecl_desc_numel(d);
    if (count > cap) return -1;
    for (int64_t k = 0; k < count; k++)
        out[k] = d->dtype == GECL_DT_INT32 ? ((const int32_t *)n->data)[k] : ((const int64_t *)n->data)[k];
    return (int)count;
}

gecl_dtype onnx_port_dtype(const onnx_conv *c, gecl_port p)
{
    if (p.node < 0 || (size_t)p.node >= c->graph->n_nodes) return GECL_DT_UNDEFINED;
    const gecl_node *n = &c->graph->nodes[p.node];
    return n->op == GECL_OP_CONST || n->op == GECL_OP_DATA ? n->outs[0].dtype : GECL_DT_UNDEFINED;
}

gecl_dtype onnx_dtype_of(onnx_conv *c, gecl_port p)
{
    gecl_dtype t = onnx_port_dtype(c, p);
    gecl_tensor_desc d;
    if (t == GECL_DT_UNDEFINED && !c->ctx->failed && !onnx_desc(c, p, &d)) t = d.dtype;
    return t;
}
