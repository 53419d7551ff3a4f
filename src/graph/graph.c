/* graph.c: building graphs through the C API (gecl_graph_*), copying and freeing them. */
#include <stdlib.h>
#include <string.h>

#include "ge_error.h"
#include "ir.h"
#include "registry.h"

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c) memcpy(c, s, n);
    return c;
}

static void attr_free(gecl_attr *a)
{
    free(a->name);
    free(a->s);
    free(a->ints);
    free(a->floats);
}

static void node_free(gecl_node *n)
{
    free(n->name);
    free(n->type);
    free(n->inputs);
    free(n->in_format);
    for (size_t i = 0; i < n->n_attrs; i++) attr_free(&n->attrs[i]);
    free(n->attrs);
    free(n->outs);
    gecl_const_data_unref(n->data);
}

gecl_status gecl_graph_create(const char *name, gecl_graph **graph)
{
    GECL_ENTER();
    GECL_GE_ARG(graph, "graph must not be NULL");
    gecl_graph *g = calloc(1, sizeof *g);
    if (!g || !(g->name = dup_str(name ? name : "graph"))) {
        free(g);
        return gecl_ge_oom();
    }
    *graph = g;
    return GECL_SUCCESS;
}

void gecl_graph_destroy(gecl_graph *g)
{
    if (!g) return;
    gecl_graph_destroy(g->inferred);
    for (size_t i = 0; i < g->n_nodes; i++) node_free(&g->nodes[i]);
    free(g->nodes);
    gecl_graph_clear_output_names(g);
    free(g->outputs);
    free(g->order);
    free(g->name);
    free(g);
}

static int valid_name(const char *s) { return s && *s && strlen(s) < 512; }

/* Appends a node with one output as *id. */
static gecl_status add_node(gecl_graph *g, const char *name, const char *type, int32_t *id)
{
    gecl_graph_changed(g);
    for (size_t i = 0; i < g->n_nodes; i++)
        if (strcmp(g->nodes[i].name, name) == 0)
            return gecl_ge_fail(GECL_PARAM_INVALID, "graph '%s': a node named '%s' already exists", g->name, name);
    if (g->n_nodes == g->cap_nodes) {
        size_t cap = g->cap_nodes ? 2 * g->cap_nodes : 16;
        gecl_node *nodes = realloc(g->nodes, cap * sizeof *nodes);
        if (!nodes) goto oom;
        g->nodes = nodes;
        g->cap_nodes = cap;
    }
    gecl_node *n = &g->nodes[g->n_nodes];
    memset(n, 0, sizeof *n);
    n->name = dup_str(name);
    n->type = dup_str(type);
    n->op = gecl_op_lookup(type);
    const gecl_op_info *info = gecl_op_info_get(n->op);
    n->n_outputs = info && info->outputs > 0 ? (size_t)info->outputs : 1; /* dynamic: 1 until set */
    n->outs = calloc(n->n_outputs, sizeof *n->outs);
    if (!n->name || !n->type || !n->outs) {
        node_free(n);
        goto oom;
    }
    *id = (int32_t)g->n_nodes++;
    return GECL_SUCCESS;
oom:
    return gecl_ge_oom();
}

/* `dynamic`: unknown dims are allowed (a Data's, see gecl.h). */
static gecl_status check_desc(const gecl_tensor_desc *d, const char *what, const char *name, int dynamic)
{
    GECL_GE_ARG(d, "%s '%s': desc must not be NULL", what, name);
    GECL_GE_ARG(d->ndim <= GECL_MAX_DIMS, "%s '%s': %u dims, at most %d are supported", what, name,
                d->ndim, GECL_MAX_DIMS);
    GECL_GE_ARG(gecl_dtype_size(d->dtype) != 0, "%s '%s': data type %d is not supported", what, name,
                (int)d->dtype);
    if (dynamic && gecl_desc_unknown_rank(d)) return GECL_SUCCESS;
    for (uint32_t i = 0; i < d->ndim; i++)
        GECL_GE_ARG(d->dims[i] >= (dynamic ? GECL_DIM_UNKNOWN : 0), "%s '%s': dim %u is %lld; %s", what, name, i,
                    (long long)d->dims[i], dynamic ? "unknown dims are -1 (or {-2} for an unknown rank)"
                                                   : "a constant's dims are known");
    /* A dynamic Data's known dims must fit too, whatever its unknown ones become (counted as 1
     * here): a dim of INT64_MAX beside a -1 would overflow every size computed from the shape. */
    gecl_tensor_desc known = *d;
    for (uint32_t i = 0; i < known.ndim; i++)
        if (known.dims[i] < 0) known.dims[i] = 1;
    char msg[256];
    const char *problem = gecl_desc_size_problem(&known, msg, sizeof msg);
    GECL_GE_ARG(!problem, "%s '%s': %s", what, name, problem);
    return GECL_SUCCESS;
}

gecl_status gecl_graph_add_data(gecl_graph *g, const char *name, int64_t index, const gecl_tensor_desc *desc,
                                gecl_port *out)
{
    GECL_ENTER();
    GECL_GE_ARG(g && out, "graph and out must not be NULL");
    GECL_GE_ARG(valid_name(name), "name must be a non-empty string");
    gecl_status rc = check_desc(desc, "Data", name, 1);
    if (rc) return rc;
    int32_t id;
    if ((rc = add_node(g, name, "Data", &id))) return rc;
    g->nodes[id].index = index;
    g->nodes[id].outs[0] = *desc;
    out->node = id;
    out->output = 0;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_add_const_data(gecl_graph *g, const char *name, const gecl_tensor_desc *desc, void *data,
                                      size_t bytes, gecl_port *out)
{
    gecl_status rc = GECL_SUCCESS;
    int32_t id;
    if (!g || !out) rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph and out must not be NULL");
    else if (!valid_name(name)) rc = gecl_ge_fail(GECL_PARAM_INVALID, "name must be a non-empty string");
    else if (!(rc = check_desc(desc, "Const", name, 0)) && bytes != gecl_desc_bytes(desc))
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "Const '%s': %zu bytes of data for a tensor of %zu bytes", name, bytes,
                          gecl_desc_bytes(desc));
    if (!rc) rc = add_node(g, name, "Const", &id);
    if (rc) {
        gecl_const_data_unref(data);
        return rc;
    }
    g->nodes[id].data = data;
    g->nodes[id].bytes = bytes;
    g->nodes[id].outs[0] = *desc;
    out->node = id;
    out->output = 0;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_add_const(gecl_graph *g, const char *name, const gecl_tensor_desc *desc, const void *data,
                                 size_t bytes, gecl_port *out)
{
    GECL_ENTER();
    GECL_GE_ARG(g && out, "graph and out must not be NULL");
    GECL_GE_ARG(valid_name(name), "name must be a non-empty string");
    gecl_status rc = check_desc(desc, "Const", name, 0);
    if (rc) return rc;
    GECL_GE_ARG(bytes == gecl_desc_bytes(desc), "Const '%s': %zu bytes of data for a tensor of %zu bytes", name,
                bytes, gecl_desc_bytes(desc));
    GECL_GE_ARG(data || bytes == 0, "Const '%s': data must not be NULL", name);
    void *copy = gecl_const_data_new(bytes);
    if (!copy) return gecl_ge_oom();
    if (bytes) memcpy(copy, data, bytes);
    return gecl_graph_add_const_data(g, name, desc, copy, bytes, out);
}

static gecl_status resize_inputs(gecl_node *n, size_t count)
{
    if (count <= n->n_inputs) return GECL_SUCCESS;
    gecl_port *in = realloc(n->inputs, count * sizeof *in);
    if (in) n->inputs = in;
    gecl_format *fmt = realloc(n->in_format, count * sizeof *fmt);
    if (fmt) n->in_format = fmt;
    if (!in || !fmt) return gecl_ge_oom();
    for (size_t i = n->n_inputs; i < count; i++) {
        n->inputs[i].node = GECL_NO_PORT_NODE;
        n->inputs[i].output = 0;
        n->in_format[i] = GECL_FORMAT_RESERVED;
    }
    n->n_inputs = count;
    return GECL_SUCCESS;
}

static gecl_status check_port(const gecl_graph *g, gecl_port p, const char *node, size_t i)
{
    if (p.node < 0) return GECL_SUCCESS;
    GECL_GE_ARG((size_t)p.node < g->n_nodes, "node '%s': input %zu refers to node %d, the graph has %zu nodes",
                node, i, p.node, g->n_nodes);
    GECL_GE_ARG(p.output >= 0 && (size_t)p.output < g->nodes[p.node].n_outputs,
                "node '%s': input %zu refers to output %d of '%s', which has %zu output(s)", node, i, p.output,
                g->nodes[p.node].name, g->nodes[p.node].n_outputs);
    return GECL_SUCCESS;
}

gecl_status gecl_graph_add_op(gecl_graph *g, const char *name, const char *type, size_t n_inputs,
                              const gecl_port *inputs, int32_t *node)
{
    GECL_ENTER();
    GECL_GE_ARG(g && node, "graph and node must not be NULL");
    GECL_GE_ARG(valid_name(name), "name must be a non-empty string");
    GECL_GE_ARG(valid_name(type), "node '%s': type must be a non-empty string", name);
    GECL_GE_ARG(n_inputs < 4096, "node '%s': %zu inputs", name, n_inputs);
    for (size_t i = 0; inputs && i < n_inputs; i++) {
        gecl_status rc = check_port(g, inputs[i], name, i);
        if (rc) return rc;
    }
    int32_t id;
    gecl_status rc = add_node(g, name, type, &id);
    if (rc) return rc;
    gecl_node *n = &g->nodes[id];
    if (resize_inputs(n, n_inputs)) {
        node_free(n);
        g->n_nodes--;
        return GECL_FAILED;
    }
    for (size_t i = 0; inputs && i < n_inputs; i++) n->inputs[i] = inputs[i];
    *node = id;
    return GECL_SUCCESS;
}

static gecl_node *get_node(gecl_graph *g, int32_t node)
{
    if (!g || node < 0 || (size_t)node >= g->n_nodes) return NULL;
    return &g->nodes[node];
}

gecl_status gecl_graph_set_output_count(gecl_graph *g, int32_t node, size_t count)
{
    GECL_ENTER();
    gecl_node *n = get_node(g, node);
    GECL_GE_ARG(n, "node %d is not a node of the graph", node);
    const gecl_op_info *info = gecl_op_info_get(n->op);
    GECL_GE_ARG(count >= 1 && count <= GECL_MAX_NODE_OUTPUTS, "node '%s': %zu outputs (1 to %d are possible)", n->name,
                count, GECL_MAX_NODE_OUTPUTS);
    GECL_GE_ARG(!info || info->outputs == 0 || (size_t)info->outputs == count,
                "node '%s' (%s) has %d output(s); it cannot be given %zu", n->name, n->type, info ? info->outputs : 0,
                count);
    for (size_t i = 0; i < g->n_nodes; i++) /* ports already taken from outputs that would go away */
        for (size_t k = 0; k < g->nodes[i].n_inputs; k++)
            GECL_GE_ARG(g->nodes[i].inputs[k].node != node || (size_t)g->nodes[i].inputs[k].output < count,
                        "node '%s' reads output %d of '%s'; it cannot have %zu output(s)", g->nodes[i].name,
                        g->nodes[i].inputs[k].output, n->name, count);
    gecl_tensor_desc *outs = calloc(count, sizeof *outs);
    if (!outs) return gecl_ge_oom();
    gecl_graph_changed(g);
    free(n->outs);
    n->outs = outs;
    n->n_outputs = count;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_set_input(gecl_graph *g, int32_t node, size_t index, gecl_port src)
{
    GECL_ENTER();
    gecl_node *n = get_node(g, node);
    GECL_GE_ARG(n, "node %d does not exist", node);
    GECL_GE_ARG(index < 4096, "node '%s': input index %zu", n->name, index);
    gecl_status rc = check_port(g, src, n->name, index);
    if (rc) return rc;
    if ((rc = resize_inputs(n, index + 1))) return rc;
    gecl_graph_changed(g);
    n->inputs[index] = src;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_set_input_format(gecl_graph *g, int32_t node, size_t index, gecl_format format)
{
    GECL_ENTER();
    gecl_node *n = get_node(g, node);
    GECL_GE_ARG(n, "node %d does not exist", node);
    GECL_GE_ARG(index < 4096, "node '%s': input index %zu", n->name, index);
    gecl_status rc = resize_inputs(n, index + 1);
    if (rc) return rc;
    gecl_graph_changed(g);
    n->in_format[index] = format;
    return GECL_SUCCESS;
}

/* The attribute `name` of node, replaced if present; NULL with a message on failure. */
static gecl_attr *attr_slot(gecl_graph *g, int32_t node, const char *name)
{
    gecl_node *n = get_node(g, node);
    if (!n) {
        gecl_ge_fail(GECL_PARAM_INVALID, "node %d does not exist", node);
        return NULL;
    }
    if (!valid_name(name)) {
        gecl_ge_fail(GECL_PARAM_INVALID, "node '%s': attribute name must be a non-empty string", n->name);
        return NULL;
    }
    gecl_graph_changed(g);
    for (size_t i = 0; i < n->n_attrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0) {
            char *keep = n->attrs[i].name;
            n->attrs[i].name = NULL;
            attr_free(&n->attrs[i]);
            memset(&n->attrs[i], 0, sizeof n->attrs[i]);
            n->attrs[i].name = keep;
            return &n->attrs[i];
        }
    gecl_attr *a = realloc(n->attrs, (n->n_attrs + 1) * sizeof *a);
    if (!a) goto oom;
    n->attrs = a;
    memset(&a[n->n_attrs], 0, sizeof *a);
    if (!(a[n->n_attrs].name = dup_str(name))) goto oom;
    return &a[n->n_attrs++];
oom:
    gecl_ge_oom();
    return NULL;
}

#define SET_ATTR_PROLOGUE()                                                                      \
    GECL_ENTER();                                                                                \
    gecl_attr *a = attr_slot(g, node, name);                                                     \
    if (!a) return (g && node >= 0 && (size_t)node < g->n_nodes && name) ? GECL_FAILED : GECL_PARAM_INVALID

gecl_status gecl_graph_set_attr_int(gecl_graph *g, int32_t node, const char *name, int64_t value)
{
    SET_ATTR_PROLOGUE();
    a->type = GECL_ATTR_INT;
    a->i = value;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_set_attr_float(gecl_graph *g, int32_t node, const char *name, float value)
{
    SET_ATTR_PROLOGUE();
    a->type = GECL_ATTR_FLOAT;
    a->f = value;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_set_attr_bool(gecl_graph *g, int32_t node, const char *name, int value)
{
    SET_ATTR_PROLOGUE();
    a->type = GECL_ATTR_BOOL;
    a->i = value != 0;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_set_attr_string(gecl_graph *g, int32_t node, const char *name, const char *value)
{
    SET_ATTR_PROLOGUE();
    a->type = GECL_ATTR_STRING;
    if (!(a->s = dup_str(value ? value : ""))) return gecl_ge_oom();
    return GECL_SUCCESS;
}

gecl_status gecl_graph_set_attr_ints(gecl_graph *g, int32_t node, const char *name, const int64_t *values,
                                     size_t count)
{
    SET_ATTR_PROLOGUE();
    a->type = GECL_ATTR_INTS;
    GECL_GE_ARG(values || count == 0, "attribute '%s': values must not be NULL", name);
    if (!(a->ints = malloc(count ? count * sizeof *values : 1))) return gecl_ge_oom();
    if (count) memcpy(a->ints, values, count * sizeof *values);
    a->n = count;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_set_attr_floats(gecl_graph *g, int32_t node, const char *name, const float *values,
                                       size_t count)
{
    SET_ATTR_PROLOGUE();
    a->type = GECL_ATTR_FLOATS;
    GECL_GE_ARG(values || count == 0, "attribute '%s': values must not be NULL", name);
    if (!(a->floats = malloc(count ? count * sizeof *values : 1))) return gecl_ge_oom();
    if (count) memcpy(a->floats, values, count * sizeof *values);
    a->n = count;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_set_outputs(gecl_graph *g, size_t count, const gecl_port *outputs)
{
    GECL_ENTER();
    GECL_GE_ARG(g, "graph must not be NULL");
    GECL_GE_ARG(outputs || count == 0, "outputs must not be NULL");
    for (size_t i = 0; i < count; i++) {
        GECL_GE_ARG(outputs[i].node >= 0, "output %zu: no node given", i);
        gecl_status rc = check_port(g, outputs[i], "(graph outputs)", i);
        if (rc) return rc;
    }
    gecl_port *o = malloc(count ? count * sizeof *o : 1);
    if (!o) return gecl_ge_oom();
    if (count) memcpy(o, outputs, count * sizeof *o);
    gecl_graph_changed(g);
    gecl_graph_clear_output_names(g);
    free(g->outputs);
    g->outputs = o;
    g->n_outputs = count;
    return GECL_SUCCESS;
}

static int copy_node(gecl_node *d, const gecl_node *s)
{
    memset(d, 0, sizeof *d);
    d->op = s->op;
    d->index = s->index;
    d->n_inputs = s->n_inputs;
    d->n_outputs = s->n_outputs;
    d->bytes = s->bytes;
    d->name = dup_str(s->name);
    d->type = dup_str(s->type);
    d->inputs = malloc(s->n_inputs * sizeof *d->inputs + 1);
    d->in_format = malloc(s->n_inputs * sizeof *d->in_format + 1);
    d->outs = malloc(s->n_outputs * sizeof *d->outs + 1);
    d->attrs = calloc(s->n_attrs + 1, sizeof *d->attrs);
    d->data = gecl_const_data_ref(s->data);
    if (!d->name || !d->type || !d->inputs || !d->in_format || !d->outs || !d->attrs) return -1;
    if (s->n_inputs) { /* nodes without inputs have NULL arrays */
        memcpy(d->inputs, s->inputs, s->n_inputs * sizeof *d->inputs);
        memcpy(d->in_format, s->in_format, s->n_inputs * sizeof *d->in_format);
    }
    memcpy(d->outs, s->outs, s->n_outputs * sizeof *d->outs);
    for (size_t i = 0; i < s->n_attrs; i++, d->n_attrs++) {
        const gecl_attr *sa = &s->attrs[i];
        gecl_attr *da = &d->attrs[i];
        *da = *sa;
        da->name = dup_str(sa->name);
        da->s = sa->s ? dup_str(sa->s) : NULL;
        da->ints = sa->ints ? malloc(sa->n * sizeof *sa->ints + 1) : NULL;
        da->floats = sa->floats ? malloc(sa->n * sizeof *sa->floats + 1) : NULL;
        if (!da->name || (sa->s && !da->s) || (sa->ints && !da->ints) || (sa->floats && !da->floats)) {
            d->n_attrs++;
            return -1;
        }
        if (sa->ints) memcpy(da->ints, sa->ints, sa->n * sizeof *sa->ints);
        if (sa->floats) memcpy(da->floats, sa->floats, sa->n * sizeof *sa->floats);
    }
    return 0;
}

gecl_graph *gecl_graph_clone(const gecl_graph *s)
{
    gecl_graph *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->name = dup_str(s->name);
    g->nodes = calloc(s->n_nodes + 1, sizeof *g->nodes);
    g->outputs = malloc(s->n_outputs * sizeof *g->outputs + 1);
    if (!g->name || !g->nodes || !g->outputs) goto fail;
    g->cap_nodes = s->n_nodes + 1;
    for (size_t i = 0; i < s->n_nodes; i++) {
        g->n_nodes++;
        if (copy_node(&g->nodes[i], &s->nodes[i])) goto fail;
    }
    if (s->n_outputs) memcpy(g->outputs, s->outputs, s->n_outputs * sizeof *g->outputs);
    g->n_outputs = s->n_outputs;
    if (gecl_graph_copy_output_names(g, s)) goto fail;
    return g;
fail:
    gecl_graph_destroy(g);
    return NULL;
}
