/* attr.c: reading node attributes with defaults, and node-level failures. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ge_error.h"
#include "ir.h"

const gecl_attr *gecl_attr_find(const gecl_node *n, const char *name)
{
    for (size_t i = 0; i < n->n_attrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0) return &n->attrs[i];
    return NULL;
}

const int64_t *gecl_attr_ints(const gecl_node *n, const char *name, size_t *count)
{
    const gecl_attr *a = gecl_attr_find(n, name);
    *count = 0;
    if (!a) return NULL;
    if (a->type == GECL_ATTR_INTS) {
        *count = a->n;
        return a->ints;
    }
    if (a->type == GECL_ATTR_INT) { /* a single value where a list is expected */
        *count = 1;
        return &a->i;
    }
    return NULL;
}

const float *gecl_attr_floats(const gecl_node *n, const char *name, size_t *count)
{
    const gecl_attr *a = gecl_attr_find(n, name);
    *count = 0;
    if (!a) return NULL;
    if (a->type == GECL_ATTR_FLOATS) {
        *count = a->n;
        return a->floats;
    }
    if (a->type == GECL_ATTR_FLOAT) {
        *count = 1;
        return &a->f;
    }
    return NULL;
}

gecl_status gecl_node_fail(const gecl_node *n, const char *fmt, ...)
{
    char text[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return gecl_ge_fail(GECL_PARAM_INVALID, "node '%s' (%s): %s", n->name, n->type, text);
}

const gecl_tensor_desc *gecl_port_desc(const gecl_graph *g, gecl_port p)
{
    if (p.node < 0 || (size_t)p.node >= g->n_nodes) return NULL;
    const gecl_node *n = &g->nodes[p.node];
    return (size_t)p.output < n->n_outputs ? &n->outs[p.output] : NULL;
}

const gecl_tensor_desc *gecl_input_desc(const gecl_graph *g, const gecl_node *n, size_t i)
{
    return i < n->n_inputs ? gecl_port_desc(g, n->inputs[i]) : NULL;
}

const void *gecl_input_const(const gecl_graph *g, const gecl_node *n, size_t i)
{
    if (i >= n->n_inputs || n->inputs[i].node < 0) return NULL;
    const gecl_node *p = &g->nodes[n->inputs[i].node];
    return p->op == GECL_OP_CONST ? p->data : NULL;
}

int gecl_input_const_ints(const gecl_graph *g, const gecl_node *n, size_t i, int64_t *out, int cap)
{
    const void *data = gecl_input_const(g, n, i);
    const gecl_tensor_desc *d = gecl_input_desc(g, n, i);
    if (!data || !d) {
        gecl_node_fail(n, "input %zu must be a constant (Const) integer tensor", i);
        return -1;
    }
    if (d->dtype != GECL_DT_INT32 && d->dtype != GECL_DT_INT64) {
        gecl_node_fail(n, "input %zu must be DT_INT32 or DT_INT64, got %s", i, gecl_dtype_name(d->dtype));
        return -1;
    }
    int64_t count = gecl_desc_numel(d);
    if (d->ndim > 1 || count > cap) {
        gecl_node_fail(n, "input %zu must be a vector of at most %d values", i, cap);
        return -1;
    }
    for (int64_t k = 0; k < count; k++)
        out[k] = d->dtype == GECL_DT_INT32 ? ((const int32_t *)data)[k] : ((const int64_t *)data)[k];
    return (int)count;
}
