/* infer.c: whole-graph validation: known ops, arity, Data indexes, outputs, cycles; then shape
 * and dtype inference node by node in topological order. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ge_error.h"
#include "ir.h"
#include "registry.h"

/* Index of the last present input + 1. */
static size_t present_inputs(const gecl_node *n)
{
    size_t k = n->n_inputs;
    while (k > 0 && n->inputs[k - 1].node < 0) k--;
    return k;
}

static gecl_status check_arity(const gecl_node *n)
{
    const gecl_op_info *info = gecl_op_info_get(n->op);
    if (!info) return gecl_node_fail(n, "op %s is not supported by gecl (no kernel for it)", n->type);
    size_t count = present_inputs(n);
    if (info->max_inputs >= 0 && count > (size_t)info->max_inputs)
        return gecl_node_fail(n, "%zu inputs given, %s takes at most %d", count, info->name, info->max_inputs);
    for (size_t i = 0; i < (size_t)info->min_inputs; i++)
        if (i >= n->n_inputs || n->inputs[i].node < 0)
            return gecl_node_fail(n, "required input %zu is not connected (%s takes %d to %d inputs)", i, info->name,
                                  info->min_inputs, info->max_inputs);
    if (info->max_inputs < 0)
        for (size_t i = 0; i < count; i++)
            if (n->inputs[i].node < 0) return gecl_node_fail(n, "dynamic input %zu is not connected", i);
    return GECL_SUCCESS;
}

/* A Const carries its value: gecl_graph_add_const copies one in. A "Const" made with
 * gecl_graph_add_op has none, and LoadGraph would upload it from NULL. */
static gecl_status check_const_value(const gecl_node *n)
{
    if (n->op != GECL_OP_CONST) return GECL_SUCCESS;
    if (!n->data)
        return gecl_node_fail(n, "the Const has no value (a Const is made with gecl_graph_add_const, which takes "
                              "its tensor, not with gecl_graph_add_op)");
    const size_t need = gecl_desc_bytes(&n->outs[0]);
    if (n->bytes != need)
        return gecl_node_fail(n, "the Const's value has %zu bytes, its description needs %zu", n->bytes, need);
    return GECL_SUCCESS;
}

/* CANN's rule for graph inputs (GraphManager::ModifyDataIndex, run at AddGraph): when the Data
 * nodes' "index" attributes are exactly 0..n-1, each once, they are kept; otherwise (an index
 * shared, missing, negative or past n-1) every Data node is renumbered 0..n-1 in the graph's node
 * order. Nothing is rejected. gecl's node order is the order the nodes were added; the C++ facade
 * adds them in CANN's order (docs/graph.md, "Graph inputs"). */
/* 1 when the Data indexes of g are exactly 0..n-1, each once; -1 when out of memory. */
static int inputs_numbered(const gecl_graph *g)
{
    size_t n_data = 0;
    for (size_t i = 0; i < g->n_nodes; i++) n_data += g->nodes[i].op == GECL_OP_DATA;
    char *seen = calloc(n_data + 1, 1);
    if (!seen) return -1;
    int valid = 1;
    for (size_t i = 0; valid && i < g->n_nodes; i++) {
        const gecl_node *a = &g->nodes[i];
        if (a->op != GECL_OP_DATA) continue;
        valid = a->index >= 0 && (uint64_t)a->index < n_data && !seen[a->index];
        if (valid) seen[a->index] = 1;
    }
    free(seen);
    return valid;
}

gecl_status gecl_graph_number_inputs(gecl_graph *g)
{
    const int numbered = inputs_numbered(g);
    if (numbered < 0) return gecl_ge_oom();
    int64_t next = 0;
    for (size_t i = 0; !numbered && i < g->n_nodes; i++)
        if (g->nodes[i].op == GECL_OP_DATA) g->nodes[i].index = next++;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_input_node(const gecl_graph *g, int64_t index, int32_t *node)
{
    const int numbered = inputs_numbered(g);
    if (numbered < 0) return gecl_ge_oom();
    int64_t k = 0; /* the position of each Data node in node order */
    for (size_t i = 0; i < g->n_nodes; i++) {
        if (g->nodes[i].op != GECL_OP_DATA) continue;
        if ((numbered ? g->nodes[i].index : k) == index) {
            *node = (int32_t)i;
            return GECL_SUCCESS;
        }
        k++;
    }
    *node = -1;
    return GECL_SUCCESS;
}

/* Kahn's algorithm; a node left over is on (or behind) a cycle. */
static gecl_status topo_sort(gecl_graph *g)
{
    size_t n = g->n_nodes;
    int32_t *order = malloc((n + 1) * sizeof *order);
    size_t *pending = calloc(n + 1, sizeof *pending);
    if (!order || !pending) {
        free(order);
        free(pending);
        return gecl_ge_oom();
    }
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < g->nodes[i].n_inputs; k++) pending[i] += g->nodes[i].inputs[k].node >= 0;
    size_t done = 0;
    for (size_t i = 0; i < n; i++)
        if (pending[i] == 0) order[done++] = (int32_t)i;
    for (size_t head = 0; head < done; head++) {
        int32_t u = order[head];
        for (size_t v = 0; v < n; v++)
            for (size_t k = 0; k < g->nodes[v].n_inputs; k++)
                if (g->nodes[v].inputs[k].node == u && --pending[v] == 0) order[done++] = (int32_t)v;
    }
    gecl_status rc = GECL_SUCCESS;
    if (done < n) {
        size_t stuck = 0;
        while (pending[stuck] == 0) stuck++;
        rc = gecl_node_fail(&g->nodes[stuck], "the graph has a cycle through this node");
        free(order);
    } else {
        free(g->order);
        g->order = order;
    }
    free(pending);
    return rc;
}

gecl_status gecl_graph_infer(gecl_graph *g)
{
    gecl_status rc;
    /* Absent inputs at the end of a node's list (gecl_graph_set_input past the op's last input,
     * or an importer's trailing optional ones) mean what no input there means, but the inference
     * functions loop over n_inputs and would take them for connected ports: drop them. */
    for (size_t i = 0; i < g->n_nodes; i++)
        while (g->nodes[i].n_inputs > 0 && g->nodes[i].inputs[g->nodes[i].n_inputs - 1].node < 0)
            g->nodes[i].n_inputs--;
    for (size_t i = 0; i < g->n_nodes; i++)
        if ((rc = check_arity(&g->nodes[i])) || (rc = check_const_value(&g->nodes[i])) ||
            (rc = gecl_node_check_attrs(&g->nodes[i])))
            return rc;
    if ((rc = gecl_graph_number_inputs(g))) return rc;
    size_t n_ops = 0;
    for (size_t i = 0; i < g->n_nodes; i++) n_ops += g->nodes[i].op != GECL_OP_DATA;
    if (n_ops > 0 && g->n_outputs == 0)
        return gecl_ge_fail(GECL_PARAM_INVALID, "graph '%s': outputs are not set (SetOutputs) but it has %zu nodes",
                            g->name, g->n_nodes);
    if ((rc = topo_sort(g))) return rc;
    if (gecl_graph_dynamic(g)) return GECL_SUCCESS; /* shapes come with each run: gecl_graph_specialize */
    for (size_t k = 0; k < g->n_nodes; k++) {
        gecl_node *n = &g->nodes[g->order[k]];
        if ((rc = gecl_node_check_dtypes(g, n)) || (rc = gecl_op_infer[n->op](g, n)) ||
            (rc = gecl_node_check_complex(g, n)))
            return rc;
        for (size_t o = 0; o < n->n_outputs; o++) {
            const gecl_tensor_desc *d = &n->outs[o];
            if (d->ndim > GECL_MAX_DIMS || gecl_dtype_size(d->dtype) == 0)
                return gecl_node_fail(n, "output %zu: unsupported rank %u or dtype %d", o, d->ndim, (int)d->dtype);
            char msg[256];
            const char *problem = gecl_desc_size_problem(d, msg, sizeof msg);
            if (problem) return gecl_node_fail(n, "output %zu: %s", o, problem);
        }
        /* Folded only once its output's size is known to be computable: folding allocates it. */
        if (n->n_outputs == 1 && (rc = gecl_fold_node(g, n))) return rc;
    }
    return GECL_SUCCESS;
}

/* Queries on a graph (validate, port descriptions) share one inferred copy until the graph
 * changes, instead of copying and inferring the whole graph per query. The lock covers the
 * cache pointer of every graph; queries are short after the first. */
static pthread_mutex_t g_cache_lock = PTHREAD_MUTEX_INITIALIZER;

void gecl_graph_changed(gecl_graph *g)
{
    pthread_mutex_lock(&g_cache_lock);
    gecl_graph *old = g->inferred;
    g->inferred = NULL;
    pthread_mutex_unlock(&g_cache_lock);
    gecl_graph_destroy(old);
}

/* Runs `query` on the inferred copy of `graph` (made when missing; a graph that fails inference
 * is not cached, so its message comes back every time). */
static gecl_status with_inferred(const gecl_graph *graph, gecl_port port, gecl_tensor_desc *desc)
{
    pthread_mutex_lock(&g_cache_lock);
    gecl_graph *g = graph->inferred;
    gecl_status rc = GECL_SUCCESS;
    if (!g) {
        g = gecl_graph_clone(graph);
        rc = g ? gecl_graph_infer(g) : gecl_ge_oom();
        if (!rc) ((gecl_graph *)graph)->inferred = g; /* a cache: the graph's content is unchanged */
        else gecl_graph_destroy(g);
    }
    if (!rc && desc && gecl_graph_dynamic(g))
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph '%s' has Data inputs of unknown shape, or whose values "
                          "shape it: its tensors are described per run's inputs", g->name);
    if (!rc && desc) {
        const gecl_tensor_desc *d = gecl_port_desc(g, port);
        if (d) *desc = *d;
        else rc = gecl_ge_fail(GECL_PARAM_INVALID, "node %d has no output %d", port.node, port.output);
    }
    pthread_mutex_unlock(&g_cache_lock);
    return rc;
}

gecl_status gecl_graph_validate(const gecl_graph *graph)
{
    GECL_ENTER();
    GECL_GE_ARG(graph, "graph must not be NULL");
    return with_inferred(graph, (gecl_port){0, 0}, NULL);
}

gecl_status gecl_graph_port_desc(const gecl_graph *graph, gecl_port port, gecl_tensor_desc *desc)
{
    GECL_ENTER();
    GECL_GE_ARG(graph && desc, "graph and desc must not be NULL");
    GECL_GE_ARG(port.node >= 0 && (size_t)port.node < graph->n_nodes, "port refers to node %d of %zu", port.node,
                graph->n_nodes);
    return with_inferred(graph, port, desc);
}
